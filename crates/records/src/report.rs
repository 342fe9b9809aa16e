//! The class report: numbers per scenario, trainee, item, stage and day, written as one offline HTML page, CSV files and certificates.
//!
//! [`build`] aggregates a [`RecordSet`] into a [`Report`] that borrows the
//! records (nothing is copied, so 100,000 records stay cheap); [`write`] puts
//! into a folder:
//!
//! - `index.html`: one self-contained page (inline CSS, charts as inline SVG,
//!   no scripts, fonts or images), readable on screen and printable;
//! - `runs.csv`, `trainees.csv`, `scenarios.csv`, `item-leaks.csv`,
//!   `choices.csv`, `over-time.csv`;
//! - `certificates/<record file stem>.html` for every passed assessed run.
//!
//! Text from records (trainee ids and names, session codes) is user input: it
//! is escaped in HTML, and CSV cells that a spreadsheet would run as a formula
//! (starting with `=`, `+`, `-`, `@`, tab or carriage return) get a leading `'`.

mod chart;
pub(crate) mod page;

pub use crate::certificate::{NotEligible, certificate};
pub use page::{escape, html};

use crate::certificate::{eligible, page as certificate_page};
use crate::record::{EndingKind, Mode, Record, Status};
use crate::signing::{SignatureCheck, SigningKey, check_and_hash};
use crate::store::{RecordSet, Skipped, file_stem};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use presscheck_engine::run::Decision;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io;
use std::path::{Path, PathBuf};

/// Bins of the score histogram, each 10 percentage points wide.
pub const BINS: usize = 10;

/// The folder of certificate pages inside the report folder.
pub const CERTIFICATES_DIR: &str = "certificates";

/// The whole report; it borrows the records of the set it was built from.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    /// Records used.
    pub records: usize,
    /// Of those, finished.
    pub finished: usize,
    /// Of the finished, passed.
    pub passed: usize,
    /// Of the records, abandoned.
    pub abandoned: usize,
    /// Distinct trainee ids.
    pub trainees: usize,
    /// Files that were not used, with why.
    pub skipped: &'a [Skipped],
    /// Earliest start and latest end of a run.
    pub span: Option<(Timestamp, Timestamp)>,
    /// Per scenario, by id.
    pub scenarios: Vec<ScenarioReport>,
    /// One row per record, by file name.
    pub runs: Vec<RunRow<'a>>,
    /// Passed assessed runs, by file name.
    pub certificates: Vec<CertificateEntry<'a>>,
}

impl Report<'_> {
    /// Share of finished runs that passed; `None` without finished runs.
    pub fn pass_rate(&self) -> Option<f64> {
        ratio(self.passed, self.finished)
    }
}

/// One record as a row of `runs.csv`.
#[derive(Debug, Clone)]
pub struct RunRow<'a> {
    /// File name.
    pub file: String,
    /// The record.
    pub record: &'a Record,
}

/// A passed assessed run that earns a certificate.
#[derive(Debug, Clone)]
pub struct CertificateEntry<'a> {
    /// The record file's stem: the certificate is `certificates/<stem>.html`.
    pub stem: String,
    /// The record.
    pub record: &'a Record,
}

/// Everything about one scenario.
#[derive(Debug, Clone, Default)]
pub struct ScenarioReport {
    /// Scenario id.
    pub id: String,
    /// Title (of the latest run).
    pub title: String,
    /// Versions played, sorted.
    pub versions: Vec<String>,
    /// Pass mark in `[0, 1]` (of the latest run).
    pub pass_mark: f64,
    /// Runs, abandoned included.
    pub runs: usize,
    /// Finished runs.
    pub finished: usize,
    /// Abandoned runs.
    pub abandoned: usize,
    /// Finished runs that passed.
    pub passed: usize,
    /// Mean score of finished runs.
    pub mean: Option<f64>,
    /// Median score of finished runs.
    pub median: Option<f64>,
    /// Finished runs by score, in [`BINS`] bins over `[0, 1]` (the last bin includes 1).
    pub histogram: [usize; BINS],
    /// Per trainee, by id.
    pub trainees: Vec<TraineeRow>,
    /// Finished runs that published the story.
    pub published: usize,
    /// Session codes seen in published runs, by code (`""` for runs without one), with their published runs.
    pub sessions: Vec<SessionColumn>,
    /// Sensitive items that went out in at least one published run, most often first.
    pub leaks: Vec<ItemLeak>,
    /// Choices made at each stage, in the order the stages come in play.
    pub stages: Vec<StageChoices>,
    /// Per day (UTC) with at least one run, in order.
    pub days: Vec<DayRow>,
}

impl ScenarioReport {
    /// Share of finished runs that passed; `None` without finished runs.
    pub fn pass_rate(&self) -> Option<f64> {
        ratio(self.passed, self.finished)
    }
}

/// One trainee on one scenario.
#[derive(Debug, Clone)]
pub struct TraineeRow {
    /// Trainee id.
    pub id: String,
    /// Name (of the latest run).
    pub name: String,
    /// Runs, abandoned included.
    pub runs: usize,
    /// Finished runs.
    pub finished: usize,
    /// Best score.
    pub best: Option<f64>,
    /// Score of the latest finished run.
    pub last: Option<f64>,
    /// Whether any run passed.
    pub passed_ever: bool,
    /// Passed assessed runs.
    pub assessed_passes: usize,
    /// Start of the latest run.
    pub last_played: Timestamp,
}

/// A column of the leak heat map: one session code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionColumn {
    /// The code; `""` for runs without one.
    pub code: String,
    /// Finished published runs with this code.
    pub published: usize,
}

/// How often one item leaked.
#[derive(Debug, Clone, Default)]
pub struct ItemLeak {
    /// Item id.
    pub item: String,
    /// Published runs in which it went out.
    pub leaked: usize,
    /// Of the scenario's published runs.
    pub published: usize,
    /// Runs in which it went out, per session (same order as [`ScenarioReport::sessions`]).
    pub by_session: Vec<usize>,
}

impl ItemLeak {
    /// Share of published runs in which it went out.
    pub fn share(&self) -> f64 {
        ratio(self.leaked, self.published).unwrap_or(0.0)
    }
}

/// The choices made at one stage.
#[derive(Debug, Clone, Default)]
pub struct StageChoices {
    /// Stage id.
    pub stage: String,
    /// Stage title.
    pub title: String,
    /// Decisions taken here.
    pub decisions: usize,
    /// Every choice offered or taken, in the order offered.
    pub choices: Vec<ChoiceCount>,
}

/// One choice at a stage.
#[derive(Debug, Clone, Default)]
pub struct ChoiceCount {
    /// Choice id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Times taken.
    pub taken: usize,
    /// Times it was offered.
    pub offered: usize,
    /// Whether it was the careful answer (see [`crate::record::DecisionRecord::careful`]).
    pub careful: bool,
}

impl ChoiceCount {
    /// Share of the stage's decisions that took it.
    pub fn share(&self, stage: &StageChoices) -> f64 {
        ratio(self.taken, stage.decisions).unwrap_or(0.0)
    }
}

/// Runs on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct DayRow {
    /// The day (UTC) the runs started.
    pub date: Date,
    /// Runs, abandoned included.
    pub runs: usize,
    /// Finished runs.
    pub finished: usize,
    /// Passed runs.
    pub passed: usize,
    /// Sum of the finished runs' scores.
    pub score_sum: f64,
}

impl DayRow {
    fn new(date: Date) -> DayRow {
        DayRow {
            date,
            runs: 0,
            finished: 0,
            passed: 0,
            score_sum: 0.0,
        }
    }

    /// Abandoned runs.
    pub fn abandoned(&self) -> usize {
        self.runs - self.finished
    }

    /// Share of finished runs that passed.
    pub fn pass_rate(&self) -> Option<f64> {
        ratio(self.passed, self.finished)
    }

    /// Mean score of the finished runs.
    pub fn mean_score(&self) -> Option<f64> {
        (self.finished > 0).then(|| self.score_sum / self.finished as f64)
    }
}

pub(crate) fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

pub(crate) fn date_of(t: Timestamp) -> Date {
    t.to_zoned(TimeZone::UTC).date()
}

/// The histogram bin of a score.
pub fn bin_of(score: f64) -> usize {
    let x = if score.is_finite() {
        score.clamp(0.0, 1.0)
    } else {
        0.0
    };
    ((x * BINS as f64) as usize).min(BINS - 1)
}

/// A stage being counted.
#[derive(Default)]
struct StageAcc<'a> {
    out: StageChoices,
    /// Earliest place in a run's decisions: stages are listed in play order.
    first_position: usize,
    first_seen: usize,
    index: HashMap<&'a str, usize>,
}

impl<'a> StageAcc<'a> {
    fn choice(&mut self, id: &'a str, label: &str) -> &mut ChoiceCount {
        let next = self.out.choices.len();
        let i = *self.index.entry(id).or_insert(next);
        if i == next {
            self.out.choices.push(ChoiceCount {
                id: id.to_string(),
                label: label.to_string(),
                ..ChoiceCount::default()
            });
        }
        &mut self.out.choices[i]
    }
}

/// One scenario being counted.
#[derive(Default)]
struct ScenarioAcc<'a> {
    out: ScenarioReport,
    versions: BTreeSet<&'a str>,
    scores: Vec<f64>,
    trainees: BTreeMap<&'a str, TraineeRow>,
    /// Published runs per session code.
    sessions: BTreeMap<&'a str, usize>,
    /// Leaks per item, per session code.
    leaks: BTreeMap<&'a str, BTreeMap<&'a str, usize>>,
    stages: Vec<StageAcc<'a>>,
    stage_index: HashMap<&'a str, usize>,
    days: BTreeMap<Date, DayRow>,
}

impl<'a> ScenarioAcc<'a> {
    fn add(&mut self, r: &'a Record) {
        let s = &mut self.out;
        s.id.clone_from(&r.scenario.id);
        s.title.clone_from(&r.scenario.title);
        s.pass_mark = r.scenario.pass_mark;
        self.versions.insert(&r.scenario.version);
        s.runs += 1;

        let t = self
            .trainees
            .entry(&r.trainee.id)
            .or_insert_with(|| TraineeRow {
                id: r.trainee.id.clone(),
                name: String::new(),
                runs: 0,
                finished: 0,
                best: None,
                last: None,
                passed_ever: false,
                assessed_passes: 0,
                last_played: r.started_at,
            });
        t.name.clone_from(&r.trainee.name);
        t.runs += 1;
        t.last_played = t.last_played.max(r.started_at);

        let day = self
            .days
            .entry(date_of(r.started_at))
            .or_insert_with_key(|d| DayRow::new(*d));
        day.runs += 1;

        for (position, d) in r.decisions.iter().enumerate() {
            let Decision::Choose { stage, choice } = &d.decision else {
                continue;
            };
            let next = self.stages.len();
            let i = *self.stage_index.entry(stage.as_str()).or_insert(next);
            if i == next {
                self.stages.push(StageAcc {
                    out: StageChoices {
                        stage: stage.clone(),
                        title: d.stage_title.clone(),
                        ..StageChoices::default()
                    },
                    first_position: position,
                    first_seen: next,
                    index: HashMap::new(),
                });
            }
            let acc = &mut self.stages[i];
            acc.first_position = acc.first_position.min(position);
            acc.out.decisions += 1;
            for (k, id) in d.offered.iter().enumerate() {
                let label = d.offered_labels.get(k).map_or(id.as_str(), String::as_str);
                acc.choice(id, label).offered += 1;
            }
            acc.choice(choice, choice).taken += 1;
            for id in &d.careful {
                if let Some(&c) = acc.index.get(id.as_str()) {
                    acc.out.choices[c].careful = true;
                }
            }
        }

        let (Status::Finished, Some(result)) = (r.status, &r.result) else {
            s.abandoned += 1;
            return;
        };
        s.finished += 1;
        s.passed += usize::from(result.passed);
        s.histogram[bin_of(result.score)] += 1;
        self.scores.push(result.score);
        t.finished += 1;
        t.best = Some(t.best.map_or(result.score, |b| b.max(result.score)));
        // Records arrive in start order, so the latest finished run comes last.
        t.last = Some(result.score);
        t.passed_ever |= result.passed;
        if result.passed && r.mode == Mode::Assessed {
            t.assessed_passes += 1;
        }
        day.finished += 1;
        day.passed += usize::from(result.passed);
        day.score_sum += result.score;
        if result.ending == EndingKind::Published {
            s.published += 1;
            let code = r.session.as_deref().unwrap_or("");
            *self.sessions.entry(code).or_default() += 1;
            for item in &result.leaked {
                *self.leaks.entry(item).or_default().entry(code).or_default() += 1;
            }
        }
    }

    fn finish(self) -> ScenarioReport {
        let mut s = self.out;
        s.versions = self.versions.into_iter().map(str::to_string).collect();
        let mut scores = self.scores;
        if !scores.is_empty() {
            scores.sort_unstable_by(f64::total_cmp);
            let n = scores.len();
            s.mean = Some(scores.iter().sum::<f64>() / n as f64);
            s.median = Some(if n % 2 == 1 {
                scores[n / 2]
            } else {
                (scores[n / 2 - 1] + scores[n / 2]) / 2.0
            });
        }
        s.trainees = self.trainees.into_values().collect();
        s.sessions = self
            .sessions
            .iter()
            .map(|(code, &published)| SessionColumn {
                code: code.to_string(),
                published,
            })
            .collect();
        let mut leaks: Vec<ItemLeak> = self
            .leaks
            .into_iter()
            .map(|(item, by)| ItemLeak {
                item: item.to_string(),
                leaked: by.values().sum(),
                published: s.published,
                by_session: self
                    .sessions
                    .keys()
                    .map(|code| by.get(code).copied().unwrap_or(0))
                    .collect(),
            })
            .collect();
        leaks.sort_by(|a, b| b.leaked.cmp(&a.leaked).then_with(|| a.item.cmp(&b.item)));
        s.leaks = leaks;
        let mut stages = self.stages;
        stages.sort_by_key(|st| (st.first_position, st.first_seen));
        s.stages = stages.into_iter().map(|st| st.out).collect();
        s.days = self.days.into_values().collect();
        s
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Aggregates a set of records.
pub fn build(set: &RecordSet) -> Report<'_> {
    // Start order, so "latest" and "last" mean what they say whatever the file names.
    let mut order: Vec<usize> = (0..set.records.len()).collect();
    order.sort_by_key(|&i| (set.records[i].record.started_at, i));

    let mut scenarios: BTreeMap<&str, ScenarioAcc<'_>> = BTreeMap::new();
    let mut trainees: BTreeSet<&str> = BTreeSet::new();
    let mut report = Report {
        records: set.records.len(),
        finished: 0,
        passed: 0,
        abandoned: 0,
        trainees: 0,
        skipped: &set.skipped,
        span: None,
        scenarios: Vec::new(),
        runs: Vec::with_capacity(set.records.len()),
        certificates: Vec::new(),
    };
    for &i in &order {
        let r = &set.records[i].record;
        report.span = Some(match report.span {
            None => (r.started_at, r.ended_at.max(r.started_at)),
            Some((a, b)) => (a.min(r.started_at), b.max(r.ended_at)),
        });
        trainees.insert(&r.trainee.id);
        match (r.status, &r.result) {
            (Status::Finished, Some(result)) => {
                report.finished += 1;
                report.passed += usize::from(result.passed);
            }
            _ => report.abandoned += 1,
        }
        scenarios.entry(&r.scenario.id).or_default().add(r);
    }
    report.trainees = trainees.len();
    report.scenarios = scenarios.into_values().map(ScenarioAcc::finish).collect();
    // The set is sorted by file name already; rows and certificates keep that order.
    for stored in &set.records {
        let r = &stored.record;
        report.runs.push(RunRow {
            file: file_name(&stored.path),
            record: r,
        });
        if eligible(r).is_ok() {
            report.certificates.push(CertificateEntry {
                stem: stored
                    .path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| file_stem(r)),
                record: r,
            });
        }
    }
    report
}

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

fn write_csv<F>(path: &Path, header: &[&str], rows: F) -> io::Result<()>
where
    F: FnOnce(&mut csv::Writer<std::fs::File>) -> Result<(), csv::Error>,
{
    let mut w = csv::Writer::from_path(path).map_err(io::Error::other)?;
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

fn write_runs(report: &Report<'_>, path: &Path) -> io::Result<()> {
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
    ];
    write_csv(path, &header, |w| {
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
            ])?;
        }
        Ok(())
    })
}

fn write_scenarios(report: &Report<'_>, path: &Path) -> io::Result<()> {
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
    ];
    write_csv(path, &header, |w| {
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
            ])?;
        }
        Ok(())
    })
}

fn write_trainees(report: &Report<'_>, path: &Path) -> io::Result<()> {
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
    write_csv(path, &header, |w| {
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

fn write_item_leaks(report: &Report<'_>, path: &Path) -> io::Result<()> {
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
    write_csv(path, &header, |w| {
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

fn write_choices(report: &Report<'_>, path: &Path) -> io::Result<()> {
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
    write_csv(path, &header, |w| {
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

fn write_over_time(report: &Report<'_>, path: &Path) -> io::Result<()> {
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
    write_csv(path, &header, |w| {
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

/// Writes the certificates; stale pages from an earlier report into the same folder are removed,
/// so a record found edited since then does not keep its certificate.
fn write_certificates(
    report: &Report<'_>,
    dir: &Path,
    key: Option<&SigningKey>,
) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let written: Vec<Option<PathBuf>> = report
        .certificates
        .par_iter()
        .map(|c| {
            let (status, hash) = check_and_hash(key, c.record);
            // A record whose signature fails gets no certificate, even if the caller kept it.
            if status == Some(SignatureCheck::Invalid) {
                return Ok(None);
            }
            let path = dir.join(format!("{}.html", c.stem));
            std::fs::write(&path, certificate_page(c.record, status.as_ref(), &hash))?;
            Ok(Some(path))
        })
        .collect::<io::Result<_>>()?;
    let written: Vec<PathBuf> = written.into_iter().flatten().collect();
    let keep: BTreeSet<&Path> = written.iter().map(PathBuf::as_path).collect();
    for entry in std::fs::read_dir(dir)?.flatten() {
        let path = entry.path();
        let is_page = path.extension().is_some_and(|e| e == "html");
        if is_page && !keep.contains(path.as_path()) && entry.file_type().is_ok_and(|t| t.is_file())
        {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(written)
}

/// Writes `index.html`, the CSV files and the certificates into `out` (created if needed); returns every file written.
///
/// With a key, each certificate says whether the record's signature was
/// verified, and records whose signature does not match get none.
pub fn write(
    report: &Report<'_>,
    out: &Path,
    key: Option<&SigningKey>,
) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out)?;
    type Writer = fn(&Report<'_>, &Path) -> io::Result<()>;
    let tables: [(&str, Writer); 6] = [
        ("runs.csv", write_runs),
        ("trainees.csv", write_trainees),
        ("scenarios.csv", write_scenarios),
        ("item-leaks.csv", write_item_leaks),
        ("choices.csv", write_choices),
        ("over-time.csv", write_over_time),
    ];
    let index = out.join("index.html");
    let (page, csvs) = rayon::join(
        || std::fs::write(&index, html(report)),
        || {
            tables
                .par_iter()
                .map(|(name, f)| {
                    let p = out.join(name);
                    f(report, &p).map(|()| p)
                })
                .collect::<io::Result<Vec<PathBuf>>>()
        },
    );
    page?;
    let mut files = vec![index];
    files.extend(csvs?);
    files.extend(write_certificates(
        report,
        &out.join(CERTIFICATES_DIR),
        key,
    )?);
    Ok(files)
}
