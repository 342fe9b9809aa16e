//! The report page: one self-contained HTML file with inline CSS and SVG, no scripts, fonts or images.

use super::chart;
use super::model::{ItemLeak, Report, ScenarioReport, StageChoices, ratio};
use crate::html::{escape, rate_pct, score_pct};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use std::fmt::Write as _;

/// Session columns shown in a heat map; the CSV has them all.
const MAX_SESSION_COLUMNS: usize = 8;
/// Longer tables start folded (the CSV files have every row).
const FOLD_ROWS: usize = 60;

fn opt(x: Option<f64>, f: fn(f64) -> String) -> String {
    x.map(f).unwrap_or_else(|| "–".to_string())
}

fn when(t: Timestamp) -> String {
    t.to_zoned(TimeZone::UTC)
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

const STYLE: &str = "*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;margin:0 auto;max-width:76rem;padding:1.5rem;color:#1d232a;line-height:1.45;-webkit-print-color-adjust:exact;print-color-adjust:exact}
h1{font-size:1.9rem;margin:.2rem 0}h2{margin-top:2.6rem;border-bottom:2px solid #d7dde3;padding-bottom:.3rem}h3{margin-top:1.8rem}h4{margin:1.2rem 0 .3rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.88rem}th,td{border:1px solid #cfd6dd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eef2f5;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}tr{break-inside:avoid}
.ok{color:#006e50;font-weight:600}.bad{color:#a33f00}.muted{color:#5f6b76;font-weight:normal}
.cards{display:flex;gap:.8rem;flex-wrap:wrap;margin:1rem 0}.card{border:1px solid #cfd6dd;border-radius:6px;padding:.5rem .9rem;min-width:8.5rem}
.card b{display:block;font-size:1.45rem;font-variant-numeric:tabular-nums}
.careful{display:inline-block;background:#d9f2ea;color:#006e50;border-radius:3px;padding:0 .35rem;font-size:.8rem;font-weight:600;white-space:nowrap}
.wide{overflow-x:auto;max-width:100%}.heat th.group{text-align:center}.heat td.h{text-align:center;min-width:4.8rem;font-variant-numeric:tabular-nums}.heat small{display:block;font-size:.72rem;opacity:.85}
nav ul{columns:2;padding-left:1.2rem}code{font-size:.85em}svg{max-width:100%;height:auto;display:block}
details>summary{cursor:pointer;color:#0b5c8e;margin:.3rem 0}
@media print{body{max-width:none;padding:0;font-size:10pt}section.scenario{break-before:page}nav{display:none}details>summary{display:none}a{color:inherit;text-decoration:none}}";

/// The report as one self-contained HTML page.
pub fn html(report: &Report<'_>) -> String {
    let mut h = String::with_capacity(64 * 1024 + 200 * report.records.min(100_000));
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>Press Check — class report</title><style>{STYLE}</style></head><body>\n<header><h1>Press Check — class report</h1>"
    );
    match report.span {
        Some((a, b)) => {
            let _ = write!(
                h,
                "<p class=\"muted\">Runs from {} to {} (UTC).</p>",
                when(a),
                when(b)
            );
        }
        None => h.push_str("<p class=\"muted\">No runs were found.</p>"),
    }
    h.push_str("</header>\n");
    overview(&mut h, report);
    for (i, s) in report.scenarios.iter().enumerate() {
        scenario(&mut h, i, s);
    }
    let _ = write!(
        h,
        "<footer><p class=\"muted\">Written by Press Check {}. The numbers behind every table and chart are in the CSV files beside this page; certificates for passed assessed runs are in <code>certificates/</code>.</p></footer></body></html>",
        env!("CARGO_PKG_VERSION")
    );
    h.push('\n');
    h
}

fn card(h: &mut String, value: &str, label: &str) {
    let _ = write!(h, "<div class=\"card\"><b>{value}</b>{label}</div>");
}

fn overview(h: &mut String, report: &Report<'_>) {
    h.push_str("<section id=\"overview\"><h2>Overview</h2><div class=\"cards\">");
    card(h, &report.records.to_string(), "records read");
    card(h, &report.finished.to_string(), "finished runs");
    card(h, &report.abandoned.to_string(), "abandoned runs");
    card(h, &opt(report.pass_rate(), rate_pct), "pass rate");
    card(h, &report.trainees.to_string(), "trainees");
    card(h, &report.skipped.len().to_string(), "files skipped");
    h.push_str("</div><p class=\"muted\">Pass rate: passed runs out of finished runs (abandoned runs are not counted). Scores are shown cut to one decimal, never rounded up.</p>");
    if !report.scenarios.is_empty() {
        h.push_str("<table><thead><tr><th>scenario</th><th>versions</th><th class=\"n\">runs</th><th class=\"n\">finished</th><th class=\"n\">abandoned</th><th class=\"n\">passed</th><th class=\"n\">pass rate</th><th class=\"n\">mean score</th><th class=\"n\">median score</th><th class=\"n\">pass mark</th><th class=\"n\">trainees</th></tr></thead><tbody>");
        for (i, s) in report.scenarios.iter().enumerate() {
            let _ = write!(
                h,
                "<tr><td><a href=\"#s{i}\">{}</a><br><span class=\"muted\">{}</span></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&s.title),
                escape(&s.id),
                escape(&s.versions.join(", ")),
                s.runs,
                s.finished,
                s.abandoned,
                s.passed,
                opt(s.pass_rate(), rate_pct),
                opt(s.mean, score_pct),
                opt(s.median, score_pct),
                rate_pct(s.pass_mark),
                s.trainees.len()
            );
        }
        h.push_str("</tbody></table>");
    }
    if !report.skipped.is_empty() {
        let _ = write!(
            h,
            "<h3>Skipped files ({})</h3><p class=\"muted\">These files are not in any number of this report.</p>",
            report.skipped.len()
        );
        let rows = report.skipped.len();
        fold_open(h, rows, "skipped files");
        h.push_str("<table><thead><tr><th>file</th><th>why</th></tr></thead><tbody>");
        for s in report.skipped {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td></tr>",
                escape(&s.path.display().to_string()),
                escape(&s.reason)
            );
        }
        h.push_str("</tbody></table>");
        fold_close(h, rows);
    }
    h.push_str("</section>\n");
}

/// Starts a `<details>` around a long table.
fn fold_open(h: &mut String, rows: usize, what: &str) {
    if rows > FOLD_ROWS {
        let _ = write!(
            h,
            "<details><summary>Show all {rows} {what} (also in the CSV files)</summary>"
        );
    }
}

fn fold_close(h: &mut String, rows: usize) {
    if rows > FOLD_ROWS {
        h.push_str("</details>");
    }
}

fn scenario(h: &mut String, i: usize, s: &ScenarioReport) {
    let _ = write!(
        h,
        "<section class=\"scenario\" id=\"s{i}\"><h2>{} <span class=\"muted\">{} · version {}</span></h2>",
        escape(&s.title),
        escape(&s.id),
        escape(&s.versions.join(", "))
    );
    h.push_str("<div class=\"cards\">");
    card(h, &s.runs.to_string(), "runs");
    card(h, &s.finished.to_string(), "finished");
    card(h, &s.abandoned.to_string(), "abandoned");
    card(h, &opt(s.pass_rate(), rate_pct), "pass rate");
    card(h, &opt(s.mean, score_pct), "mean score");
    card(h, &opt(s.median, score_pct), "median score");
    card(h, &rate_pct(s.pass_mark), "pass mark");
    h.push_str("</div>");
    let _ = write!(
        h,
        "<p>{} of {} finished runs passed.</p><h3>Score distribution</h3>{}",
        s.passed,
        s.finished,
        chart::histogram(s)
    );
    damage(h, s);
    trainees(h, s);
    heat_map(h, s);
    choices(h, s);
    h.push_str("<h3>Results over time</h3>");
    h.push_str(&chart::over_time(&s.days));
    h.push_str("</section>\n");
}

/// What the stories the class published usually do, from the replays their records keep.
fn damage(h: &mut String, s: &ScenarioReport) {
    h.push_str("<h3>Expected damage of what was published</h3>");
    let Some(d) = s.damage else {
        let _ = write!(
            h,
            "<p class=\"muted\">{}</p>",
            if s.published == 0 {
                "No finished run published the story."
            } else {
                "The records of the published runs keep no replays (they were written before this version, or with --replays 0)."
            }
        );
        return;
    };
    h.push_str("<div class=\"cards\">");
    card(
        h,
        &format!("{:.2}", d.expected),
        "expected leak damage per published story",
    );
    card(
        h,
        &format!("{:.2}", d.actual),
        "leak damage the class's own cascades did",
    );
    card(h, &rate_pct(d.foreign_pickup), "chance of a foreign pickup");
    card(
        h,
        &format!("{:.2}", d.worst),
        "worst story's expected damage",
    );
    h.push_str("</div>");
    let _ = write!(
        h,
        "<p>From the {} of {} published runs whose records keep their replays. \
         Expected: what each story as it went out does on average over its replays on the same outlets. \
         Actual: what this class's own cascades did. Leak damage adds, for each sensitive item that went out, \
         its classification's weight times how far the story spread; 0 means nothing sensitive went out.</p>",
        d.runs, s.published
    );
}

fn trainees(h: &mut String, s: &ScenarioReport) {
    let rows = s.trainees.len();
    let _ = write!(h, "<h3>Trainees ({rows})</h3>");
    fold_open(h, rows, "trainees");
    h.push_str("<table><thead><tr><th>trainee</th><th>name</th><th class=\"n\">runs</th><th class=\"n\">best score</th><th class=\"n\">last score</th><th>passed</th><th class=\"n\">assessed passes</th><th>last played (UTC)</th></tr></thead><tbody>");
    for t in &s.trainees {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"{}\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            escape(&t.id),
            escape(&t.name),
            t.runs,
            opt(t.best, score_pct),
            opt(t.last, score_pct),
            if t.passed_ever { "ok" } else { "bad" },
            if t.passed_ever { "yes" } else { "not yet" },
            t.assessed_passes,
            when(t.last_played)
        );
    }
    h.push_str("</tbody></table>");
    fold_close(h, rows);
}

/// White to vermillion by share; white text on the darker half.
fn heat_cell(leaked: usize, published: usize) -> String {
    let Some(share) = ratio(leaked, published) else {
        return "<td class=\"h muted\">–</td>".to_string();
    };
    let mix = |full: f64| (255.0 - (255.0 - full) * share).round() as u8;
    let (r, g, b) = (mix(213.0), mix(94.0), mix(0.0));
    let ink = if share > 0.55 { "#fff" } else { "#1d232a" };
    format!(
        "<td class=\"h\" style=\"background:rgb({r},{g},{b});color:{ink}\">{}<small>{leaked} of {published}</small></td>",
        rate_pct(share)
    )
}

fn heat_map(h: &mut String, s: &ScenarioReport) {
    h.push_str("<h3>Sensitive items that went out</h3>");
    if s.published == 0 {
        h.push_str("<p class=\"muted\">No finished run published the story.</p>");
        return;
    }
    if s.leaks.is_empty() {
        let _ = write!(
            h,
            "<p class=\"ok\">No sensitive item went out in any of the {} published runs.</p>",
            s.published
        );
        return;
    }
    // The sessions with the most published runs, in code order ("class-2" before "class-10").
    let mut shown: Vec<usize> = (0..s.sessions.len()).collect();
    shown.sort_by(|&a, &b| {
        s.sessions[b]
            .published
            .cmp(&s.sessions[a].published)
            .then(a.cmp(&b))
    });
    shown.truncate(MAX_SESSION_COLUMNS);
    shown.sort_by(|&a, &b| natural_cmp(&s.sessions[a].code, &s.sessions[b].code));
    // One column per session only says something when there is more than one.
    if s.sessions.len() < 2 {
        shown.clear();
    }
    let _ = write!(
        h,
        "<p class=\"muted\">Share of the {} finished runs that published the story in which each item went out in a sensitive form (kept, or generalised into wording still above public). Items that never went out are not listed.</p>",
        s.published
    );
    h.push_str("<div class=\"wide\"><table class=\"heat\"><thead><tr><th rowspan=\"2\">item</th><th class=\"n\" rowspan=\"2\">all published runs</th>");
    if !shown.is_empty() {
        let _ = write!(
            h,
            "<th colspan=\"{}\" class=\"group\">by class session code</th></tr><tr>",
            shown.len()
        );
    }
    for &c in &shown {
        let code = &s.sessions[c].code;
        let name = if code.is_empty() {
            "<i>none</i>".to_string()
        } else {
            escape(code)
        };
        let _ = write!(h, "<th class=\"n\">{name}</th>");
    }
    h.push_str("</tr></thead><tbody>");
    for leak in &s.leaks {
        heat_row(h, s, leak, &shown);
    }
    h.push_str("</tbody></table></div>");
    if shown.len() < s.sessions.len() && s.sessions.len() >= 2 {
        let _ = write!(
            h,
            "<p class=\"muted\">{} session codes; the {} with the most published runs are shown, every one is in <code>item-leaks.csv</code>.</p>",
            s.sessions.len(),
            shown.len()
        );
    }
}

/// Compares text with runs of digits taken as numbers, so "class-2" comes before "class-10".
fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn parts(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = s.as_bytes();
        for i in 1..=bytes.len() {
            let boundary =
                i == bytes.len() || bytes[i].is_ascii_digit() != bytes[i - 1].is_ascii_digit();
            if boundary {
                out.push((bytes[start].is_ascii_digit(), &s[start..i]));
                start = i;
            }
        }
        out
    }
    let (pa, pb) = (parts(a), parts(b));
    for (x, y) in pa.iter().zip(&pb) {
        let ord = match (x, y) {
            ((true, x), (true, y)) => {
                let (x, y) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
                x.len().cmp(&y.len()).then_with(|| x.cmp(y))
            }
            ((_, x), (_, y)) => x.cmp(y),
        };
        if ord.is_ne() {
            return ord;
        }
    }
    pa.len().cmp(&pb.len()).then_with(|| a.cmp(b))
}

fn heat_row(h: &mut String, s: &ScenarioReport, leak: &ItemLeak, shown: &[usize]) {
    let _ = write!(h, "<tr><td>{}</td>", escape(&leak.item));
    h.push_str(&heat_cell(leak.leaked, leak.published));
    for &c in shown {
        let leaked = leak.by_session.get(c).copied().unwrap_or(0);
        h.push_str(&heat_cell(leaked, s.sessions[c].published));
    }
    h.push_str("</tr>");
}

fn choices(h: &mut String, s: &ScenarioReport) {
    h.push_str("<h3>Choices at each stage</h3>");
    if s.stages.is_empty() {
        h.push_str("<p class=\"muted\">No choices were made.</p>");
        return;
    }
    h.push_str("<p class=\"muted\"><span class=\"careful\">✓ careful</span> marks the careful answer: the author's model play, where the run still followed it. Shares are of the decisions taken at the stage.</p>");
    for st in &s.stages {
        stage(h, st);
    }
}

fn stage(h: &mut String, st: &StageChoices) {
    let _ = write!(
        h,
        "<h4>{} <span class=\"muted\">{} · {} decisions</span></h4><table><thead><tr><th>choice</th><th class=\"n\">taken</th><th class=\"n\">share</th><th>share of decisions</th></tr></thead><tbody>",
        escape(&st.title),
        escape(&st.stage),
        st.decisions
    );
    for c in &st.choices {
        let share = c.share(st);
        let badge = if c.careful {
            " <span class=\"careful\">✓ careful</span>"
        } else {
            ""
        };
        let colour = if c.careful { chart::PASS } else { "#8aa4bb" };
        let _ = write!(
            h,
            "<tr><td>{}{badge}<br><span class=\"muted\">{}</span></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            escape(&c.label),
            escape(&c.id),
            c.taken,
            rate_pct(share),
            chart::share_bar(share, colour)
        );
    }
    h.push_str("</tbody></table>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_content_and_attributes() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }

    #[test]
    fn session_codes_sort_like_people_count() {
        let mut codes = vec!["class-10", "class-2", "", "b", "class-1", "a-01", "a-1"];
        codes.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            codes,
            ["", "a-01", "a-1", "b", "class-1", "class-2", "class-10"]
        );
    }

    #[test]
    fn percentages_read_well() {
        assert_eq!(rate_pct(2.0 / 3.0), "66.7%");
        assert_eq!(rate_pct(0.5), "50%");
        assert_eq!(score_pct(0.79996), "79.9%");
        assert_eq!(score_pct(0.8), "80%");
        assert_eq!(score_pct(0.29), "29%");
        assert_eq!(score_pct(0.8642), "86.4%");
    }
}
