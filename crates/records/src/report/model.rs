//! The class report's numbers: per scenario, trainee, item, stage and day, borrowing the records they count.

use crate::record::Record;
use crate::store::Skipped;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

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
    /// What the stories the class published usually do; `None` when no published run's record keeps its replays.
    pub damage: Option<ExpectedDamage>,
}

/// The expected damage of what the class actually published: each published
/// run's story replayed (the record keeps the mean over its replays), averaged over the runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExpectedDamage {
    /// Published runs whose records keep their replays (older records may not).
    pub runs: usize,
    /// Mean of their expected leak damage.
    pub expected: f64,
    /// Mean of the leak damage their own cascades did, for comparison.
    pub actual: f64,
    /// Mean share of replays picked up abroad.
    pub foreign_pickup: f64,
    /// The worst run's expected damage.
    pub worst: f64,
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
    pub(crate) fn new(date: Date) -> DayRow {
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
