//! The report's CSV files, one table each; cells a spreadsheet would run as a formula get a leading `'`.

use super::model::{Report, ratio};
use crate::record::{EndingKind, Status};
use std::borrow::Cow;
use std::io;

/// A CSV cell: text a spreadsheet would take for a formula gets a leading `'`.
fn cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

fn num(x: f64) -> String {
    format!("{}", presscheck_engine::outcome::round4(x))
}

fn opt_num(x: Option<f64>) -> String {
    x.map(num).unwrap_or_default()
}

/// The report's tables: each file name with the function that writes it.
pub(super) const TABLES: [(&str, Table); 6] = [
    ("runs.csv", write_runs),
    ("trainees.csv", write_trainees),
    ("scenarios.csv", write_scenarios),
    ("item-leaks.csv", write_item_leaks),
    ("choices.csv", write_choices),
    ("over-time.csv", write_over_time),
];

/// Writes one table of a report.
pub(super) type Table = fn(&Report<'_>, &mut dyn io::Write) -> io::Result<()>;

/// One table of a report as CSV bytes, by file name (`runs.csv`, …); `None` for a name that is not one.
pub fn table(report: &Report<'_>, name: &str) -> Option<Vec<u8>> {
    let (_, write) = TABLES.iter().find(|(n, _)| *n == name)?;
    let mut bytes = Vec::new();
    write(report, &mut bytes).ok()?;
    Some(bytes)
}

fn write_csv<F>(out: &mut dyn io::Write, header: &[&str], rows: F) -> io::Result<()>
where
    F: FnOnce(&mut csv::Writer<&mut dyn io::Write>) -> Result<(), csv::Error>,
{
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header).map_err(io::Error::other)?;
    rows(&mut w).map_err(io::Error::other)?;
    w.flush()
}

fn status_name(status: Status) -> &'static str {
    match status {
        Status::Finished => "finished",
        Status::Abandoned => "abandoned",
    }
}

fn ending_name(ending: EndingKind) -> &'static str {
    match ending {
        EndingKind::Published => "published",
        EndingKind::Held => "held",
    }
}

fn write_runs(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    let header = [
        "file",
        "record_id",
        "trainee_id",
        "trainee_name",
        "scenario_id",
        "scenario_version",
        "content_hash",
        "mode",
        "status",
        "session",
        "seed",
        "started_at",
        "ended_at",
        "duration_seconds",
        "score",
        "passed",
        "ending",
        "leaked_items",
        "foreign_reprints",
        "leak_damage",
        "expected_damage",
        "reprints_by_kind",
    ];
    write_csv(out, &header, |w| {
        for row in &report.runs {
            let r = row.record;
            let res = r.result.as_ref();
            w.write_record([
                cell(&row.file).as_ref(),
                &r.id.to_string(),
                &cell(&r.trainee.id),
                &cell(&r.trainee.name),
                &cell(&r.scenario.id),
                &cell(&r.scenario.version),
                &cell(&r.scenario.content_hash),
                r.mode.name(),
                status_name(r.status),
                &cell(r.session.as_deref().unwrap_or("")),
                &r.seed.to_string(),
                &r.started_at.to_string(),
                &r.ended_at.to_string(),
                &format!("{}", r.duration_seconds),
                &res.map(|x| format!("{}", x.score)).unwrap_or_default(),
                res.map_or("", |x| if x.passed { "true" } else { "false" }),
                res.map_or("", |x| ending_name(x.ending)),
                &cell(&res.map(|x| x.leaked.join(";")).unwrap_or_default()),
                &res.map(|x| x.reprints.foreign.to_string())
                    .unwrap_or_default(),
                &res.map(|x| num(x.leak_damage)).unwrap_or_default(),
                &res.and_then(|x| x.usual.as_ref())
                    .map(|u| num(u.expected_damage))
                    .unwrap_or_default(),
                // A case's own outlet kinds, `id=reprints` joined by `;`; empty for the standard kinds.
                &cell(
                    &res.map(|x| {
                        x.reprints_by_kind
                            .iter()
                            .map(|k| format!("{}={}", k.id, k.reprints))
                            .collect::<Vec<_>>()
                            .join(";")
                    })
                    .unwrap_or_default(),
                ),
            ])?;
        }
        Ok(())
    })
}

fn write_scenarios(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    let header = [
        "scenario_id",
        "title",
        "versions",
        "pass_mark",
        "runs",
        "finished",
        "abandoned",
        "passed",
        "pass_rate",
        "mean_score",
        "median_score",
        "trainees",
        "published",
        "published_with_replays",
        "expected_damage",
        "actual_damage",
        "expected_foreign_pickup",
    ];
    write_csv(out, &header, |w| {
        for s in &report.scenarios {
            w.write_record([
                cell(&s.id).as_ref(),
                &cell(&s.title),
                &cell(&s.versions.join(";")),
                &num(s.pass_mark),
                &s.runs.to_string(),
                &s.finished.to_string(),
                &s.abandoned.to_string(),
                &s.passed.to_string(),
                &opt_num(s.pass_rate()),
                &opt_num(s.mean),
                &opt_num(s.median),
                &s.trainees.len().to_string(),
                &s.published.to_string(),
                &s.damage.map_or(0, |d| d.runs).to_string(),
                &opt_num(s.damage.map(|d| d.expected)),
                &opt_num(s.damage.map(|d| d.actual)),
                &opt_num(s.damage.map(|d| d.foreign_pickup)),
            ])?;
        }
        Ok(())
    })
}

fn write_trainees(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    let header = [
        "scenario_id",
        "trainee_id",
        "trainee_name",
        "runs",
        "finished",
        "best_score",
        "last_score",
        "passed_ever",
        "assessed_passes",
        "last_played",
    ];
    write_csv(out, &header, |w| {
        for s in &report.scenarios {
            for t in &s.trainees {
                w.write_record([
                    cell(&s.id).as_ref(),
                    &cell(&t.id),
                    &cell(&t.name),
                    &t.runs.to_string(),
                    &t.finished.to_string(),
                    &t.best.map(|x| format!("{x}")).unwrap_or_default(),
                    &t.last.map(|x| format!("{x}")).unwrap_or_default(),
                    if t.passed_ever { "true" } else { "false" },
                    &t.assessed_passes.to_string(),
                    &t.last_played.to_string(),
                ])?;
            }
        }
        Ok(())
    })
}

fn write_item_leaks(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    // One row for all of a scenario's published runs (scope "all"), then one per session code.
    let header = [
        "scenario_id",
        "item_id",
        "scope",
        "session",
        "published_runs",
        "leaked_runs",
        "share",
    ];
    write_csv(out, &header, |w| {
        for s in &report.scenarios {
            for leak in &s.leaks {
                w.write_record([
                    cell(&s.id).as_ref(),
                    &cell(&leak.item),
                    "all",
                    "",
                    &leak.published.to_string(),
                    &leak.leaked.to_string(),
                    &num(leak.share()),
                ])?;
                for (col, &leaked) in s.sessions.iter().zip(&leak.by_session) {
                    w.write_record([
                        cell(&s.id).as_ref(),
                        &cell(&leak.item),
                        "session",
                        &cell(&col.code),
                        &col.published.to_string(),
                        &leaked.to_string(),
                        &opt_num(ratio(leaked, col.published)),
                    ])?;
                }
            }
        }
        Ok(())
    })
}

fn write_choices(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    let header = [
        "scenario_id",
        "stage_id",
        "stage_title",
        "choice_id",
        "label",
        "careful",
        "offered",
        "taken",
        "stage_decisions",
        "share",
    ];
    write_csv(out, &header, |w| {
        for s in &report.scenarios {
            for st in &s.stages {
                for c in &st.choices {
                    w.write_record([
                        cell(&s.id).as_ref(),
                        &cell(&st.stage),
                        &cell(&st.title),
                        &cell(&c.id),
                        &cell(&c.label),
                        if c.careful { "true" } else { "false" },
                        &c.offered.to_string(),
                        &c.taken.to_string(),
                        &st.decisions.to_string(),
                        &num(c.share(st)),
                    ])?;
                }
            }
        }
        Ok(())
    })
}

fn write_over_time(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    let header = [
        "scenario_id",
        "date",
        "runs",
        "finished",
        "abandoned",
        "passed",
        "pass_rate",
        "mean_score",
    ];
    write_csv(out, &header, |w| {
        for s in &report.scenarios {
            for d in &s.days {
                w.write_record([
                    cell(&s.id).as_ref(),
                    &d.date.to_string(),
                    &d.runs.to_string(),
                    &d.finished.to_string(),
                    &d.abandoned().to_string(),
                    &d.passed.to_string(),
                    &opt_num(d.pass_rate()),
                    &opt_num(d.mean_score()),
                ])?;
            }
        }
        Ok(())
    })
}
