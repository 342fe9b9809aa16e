//! Balance analysis: every decision path and the ready-made strategies, played over many seeds, with findings for the author.
//!
//! A *decision path* is one sequence of choices from the start to an ending,
//! found by playing the real [`Run`](crate::Run): at each stage only the choices whose
//! `requires` hold are followed. Paths are found with a reviewer who catches
//! nothing, which offers every choice that any seed could; a path whose later
//! choice depends on what the reviewer caught is played at the seeds where it
//! can be. On editable stages a path makes the model play's edits, if the
//! model play makes any there, and otherwise leaves the draft as the choices
//! made it. Beside the paths stand the strategies (model, publish-all,
//! hold-all, redact-all, random), whose edits differ.
//!
//! Every row is played over the same seeds. The work is shared out by seed:
//! each seed's outlet network is generated once and every row's story spreads
//! over it, and a story that pulls the same way (same appeal, same
//! sensitivity) spreads the same way, so its cascade is simulated once per
//! seed. Totals are kept as integers (scores are rounded to four decimals), so
//! the result does not depend on how the seeds were shared between threads.
//!
//! `paths` finds the decision paths, `budget` estimates the work and fits
//! the seeds to the budget, `seeds` plays every row at every seed (`memo`
//! remembers a path's runs from seed to seed, `alike` keeps one of each kind
//! of run, judged once a seed for every row that ends that way), and
//! `findings` says what the totals mean for the author.

mod alike;
pub mod budget;
mod findings;
mod memo;
mod paths;
mod seeds;

use crate::decimal::round4;
use crate::diagnostics::Severity;
use crate::run::Decision;
use crate::scenario::{ItemIx, Scenario};
use crate::strategy::Strategy;
pub use paths::EditMode;
use paths::{enumerate, model_edits, reviewed_items};
use seeds::{AllTotals, distinct_pulls, play_all};
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};

/// How much work an analysis does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzeOptions {
    /// Seeds each row is played with.
    pub seeds: u32,
    /// The first seed; row `i` of the seeds is `first_seed + i`.
    pub first_seed: u64,
    /// Most decision paths played; beyond this a deterministic sample is taken.
    pub max_paths: usize,
    /// Most units of work (see [`budget`]); fewer seeds are played beyond it. 0: no limit.
    pub budget: u64,
}

impl Default for AnalyzeOptions {
    fn default() -> Self {
        AnalyzeOptions {
            seeds: 1000,
            first_seed: 1,
            max_paths: 2000,
            budget: budget::WORK_BUDGET,
        }
    }
}

/// How the runs of a row ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowEnding {
    /// Every run published.
    Publish,
    /// Every run held the story.
    Hold,
    /// Some published and some held (random play, or a path whose later choices depend on the reviewer).
    Mixed,
}

impl RowEnding {
    /// `publish`, `hold` or `mixed`.
    pub fn label(self) -> &'static str {
        match self {
            RowEnding::Publish => "publish",
            RowEnding::Hold => "hold",
            RowEnding::Mixed => "mixed",
        }
    }
}

/// One decision path or strategy, played over every seed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Position when sorted by mean score, then pass rate; 1 is the best.
    pub rank: usize,
    /// The choice ids in order, joined by arrows, or the strategy's name.
    pub label: String,
    /// The strategy, for strategy rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strategy: Option<Strategy>,
    /// How a path row edits the draft at its editable stages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edits: Option<EditMode>,
    /// The decisions, for path rows: feed them to `presscheck play --choices` to replay one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
    /// Mean scaled score over the seeds played.
    pub mean_score: f64,
    /// Share of seeds that passed.
    pub pass_rate: f64,
    /// Share of seeds in which any foreign website reprinted the story.
    pub foreign_pickup: f64,
    /// Mean number of reprints (not counting the own outlet).
    pub mean_reprints: f64,
    /// Whether the runs published or held.
    pub ending: RowEnding,
    /// Seeds the row could be played with; fewer than asked only when a later choice
    /// depends on what the reviewer caught and is not offered at some seeds.
    pub seeds_played: u32,
}

/// Something an author should know about a scenario's balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Errors mean the scenario teaches the wrong lesson; warnings, that part of it does nothing.
    pub severity: Severity,
    /// A stable code, for example `model-not-best`.
    pub code: &'static str,
    /// What is wrong, in words an author understands, naming the ids involved.
    pub message: String,
    /// The field path of the stage, choice, item or rubric it is about, as in validation (`stages[2].choices[0]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Where that is in the file, once [`Analysis::locate`] has been given the file's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<crate::locate::Position>,
}

impl Finding {
    /// `file:line:column: ` for this finding, or `file: ` when it is about no one place or was not located.
    pub fn place(&self, file: &str) -> String {
        match self.at {
            Some(at) => format!("{file}:{}:{}: ", at.line, at.column),
            None => format!("{file}: "),
        }
    }
}

/// The result of [`analyze`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// Scenario id.
    pub scenario: String,
    /// Seeds each row was played with.
    pub seeds: u32,
    /// The first seed.
    pub first_seed: u64,
    /// Decision paths in the scenario: exact when `paths_total_exact`, else an estimate.
    pub paths_total: u64,
    /// Whether `paths_total` was counted rather than estimated.
    pub paths_total_exact: bool,
    /// Decision paths played (each is one row, besides the strategy rows).
    pub paths_evaluated: usize,
    /// Whether every decision path was played.
    pub exhaustive: bool,
    /// Share of all decision paths that were played.
    pub coverage: f64,
    /// Every row, best first.
    pub rows: Vec<Row>,
    /// Findings, errors first.
    pub findings: Vec<Finding>,
    /// Why fewer seeds were played than asked (the work budget), if they were.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget_note: Option<String>,
}

impl Analysis {
    /// Puts each finding at its line and column in `source`, the scenario file's text.
    pub fn locate(&mut self, source: &str) {
        let map = crate::locate::SourceMap::scan(source);
        for f in &mut self.findings {
            f.at = f.path.as_deref().map(|p| map.nearest(p));
        }
    }

    /// True when any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// One sentence on how many paths were played, for the top of a report.
    pub fn coverage_note(&self) -> String {
        if self.seeds == 0 {
            return format!(
                "{} decision path{} found, none played",
                self.paths_evaluated,
                plural(self.paths_evaluated as u64)
            );
        }
        let variants = self
            .rows
            .iter()
            .filter(|r| r.edits.is_some_and(|e| e != EditMode::Model))
            .count();
        let again = if variants == 0 {
            String::new()
        } else {
            format!(", and {variants} again with other edits")
        };
        if self.exhaustive {
            format!(
                "all {} decision path{} played{again}, {} seed{} each",
                self.paths_evaluated,
                plural(self.paths_evaluated as u64),
                self.seeds,
                plural(u64::from(self.seeds))
            )
        } else {
            format!(
                "{} of {}{} decision paths played ({:.1}% coverage, a deterministic sample){again}, {} seed{} each",
                self.paths_evaluated,
                if self.paths_total_exact {
                    ""
                } else {
                    "an estimated "
                },
                self.paths_total,
                100.0 * self.coverage,
                self.seeds,
                plural(u64::from(self.seeds))
            )
        }
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Pass rate below which the model play "does not pass".
pub const MODEL_PASS_RATE: f64 = 0.95;
/// How far the model play's mean score may fall below the best row's before it is "not the best".
pub const MODEL_TOLERANCE: f64 = 0.02;
/// Pass rate above which random play "passes too often".
pub const RANDOM_PASS_RATE: f64 = 0.2;

/// Plays every decision path (or a sample) and every strategy over `options.seeds` seeds and reports on the balance.
///
/// `progress(done, total)` is called with the number of seeds finished, from
/// the worker threads, once per seed. Beyond the work budget fewer seeds are
/// played, and [`Analysis::budget_note`] says so.
pub fn analyze(
    scenario: &Scenario,
    options: &AnalyzeOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Analysis {
    let never = AtomicBool::new(false);
    analyze_cancellable(scenario, options, progress, &never)
        .expect("an analysis nobody cancels finishes")
}

/// [`analyze`], stopped early (giving `None`) once `cancel` is set: for a check the next edit makes stale.
pub fn analyze_cancellable(
    scenario: &Scenario,
    options: &AnalyzeOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
    cancel: &AtomicBool,
) -> Option<Analysis> {
    let (found, specs) = row_specs(scenario, options);
    let path_count = found.paths.len();
    // The work, before any of it is done.
    let per_seed = budget::work_per_seed(
        scenario,
        distinct_pulls(scenario, &specs, options.first_seed),
    );
    let seeds = budget::seeds_within(options.seeds, per_seed, options.budget);
    let budget_note = (seeds < options.seeds).then(|| {
        let n = &scenario.file.network;
        let shape = format!(
            "{} outlets following {} others each over {} hours, with {} rows",
            crate::outlets::outlet_count(n),
            n.follows,
            n.hours,
            specs.len()
        );
        if seeds == 0 {
            format!(
                "not analyzed: {shape}, one seed is about {per_seed} units of work, and not even {} seeds fit the budget of {} units; shrink the network or raise the budget",
                budget::MIN_SEEDS,
                options.budget
            )
        } else {
            format!(
                "{seeds} of the {} seeds asked for were played: {shape}, one seed is about {per_seed} units of work and the budget is {} units",
                options.seeds, options.budget
            )
        }
    });
    let played = AnalyzeOptions {
        seeds,
        ..options.clone()
    };
    let totals = play_all(scenario, &played, &specs, progress, cancel);
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    let rows = rows(&specs, &totals);
    let coverage = if found.total == 0 {
        1.0
    } else {
        (path_count as f64 / found.total as f64).min(1.0)
    };
    let mut findings = if seeds == 0 {
        Vec::new()
    } else {
        findings::findings(scenario, &specs, &totals, &rows, &found, &played)
    };
    if seeds == 0 {
        findings.push(Finding {
            severity: Severity::Error,
            code: "too-much-work",
            message: budget_note.clone().unwrap_or_default(),
            path: Some("network".to_string()),
            at: None,
        });
    }
    let mut rows = rows;
    // Stable, so equal rows keep their order: paths in the author's order, then the strategies.
    rows.sort_by(|a, b| {
        b.mean_score
            .total_cmp(&a.mean_score)
            .then(b.pass_rate.total_cmp(&a.pass_rate))
    });
    for (i, row) in rows.iter_mut().enumerate() {
        row.rank = i + 1;
    }
    Some(Analysis {
        scenario: scenario.id().to_string(),
        seeds,
        first_seed: options.first_seed,
        paths_total: found.total,
        paths_total_exact: found.total_exact,
        paths_evaluated: path_count,
        exhaustive: found.exhaustive,
        coverage: round4(coverage),
        rows,
        findings,
        budget_note,
    })
}

/// The decision paths, and a row for each of them and each strategy.
fn row_specs(scenario: &Scenario, options: &AnalyzeOptions) -> (paths::Enumerated, Vec<RowSpec>) {
    let edits = model_edits(scenario, options.first_seed);
    let found = enumerate(scenario, options, &edits);
    let mut specs: Vec<RowSpec> = found
        .paths
        .iter()
        .map(|d| RowSpec::Path {
            reviewed: reviewed_items(scenario, d),
            decisions: d.clone(),
            edits: EditMode::Model,
        })
        .collect();
    // Beside the model play's edits, each path with other edits at its editable stages: what players do.
    let mut seen: std::collections::HashSet<String> = found
        .paths
        .iter()
        .map(|d| paths::path_key(d, usize::MAX))
        .collect();
    for path in &found.paths {
        for mode in EditMode::VARIANTS {
            if let Some(d) = paths::with_edits(scenario, path, mode)
                && seen.insert(paths::path_key(&d, usize::MAX))
            {
                specs.push(RowSpec::Path {
                    reviewed: reviewed_items(scenario, &d),
                    decisions: d,
                    edits: mode,
                });
            }
        }
    }
    specs.extend(Strategy::ALL.map(RowSpec::Strategy));
    (found, specs)
}

/// The units of work (see [`budget`]) one seed of this analysis would be, found without playing any cascade.
pub fn work_per_seed(scenario: &Scenario, options: &AnalyzeOptions) -> u64 {
    let (_, specs) = row_specs(scenario, options);
    budget::work_per_seed(
        scenario,
        distinct_pulls(scenario, &specs, options.first_seed),
    )
}

/// What one row plays.
enum RowSpec {
    /// A fixed list of decisions, with the items each of its reviews may look at.
    Path {
        decisions: Vec<Decision>,
        reviewed: Vec<Vec<(ItemIx, f64)>>,
        edits: EditMode,
    },
    /// A strategy, which decides afresh at every seed.
    Strategy(Strategy),
}

fn label_of(decisions: &[Decision]) -> String {
    let ids: Vec<&str> = decisions
        .iter()
        .filter_map(|d| match d {
            Decision::Choose { choice, .. } => Some(choice.as_str()),
            Decision::Edit { .. } => None,
        })
        .collect();
    ids.join(" → ")
}

fn rows(specs: &[RowSpec], totals: &AllTotals) -> Vec<Row> {
    specs
        .iter()
        .zip(&totals.rows)
        .map(|(spec, t)| {
            let n = f64::from(t.played.max(1));
            let (label, strategy, decisions) = match spec {
                RowSpec::Path {
                    decisions, edits, ..
                } => {
                    let label = match edits {
                        EditMode::Model => label_of(decisions),
                        other => format!("{} ({})", label_of(decisions), other.label()),
                    };
                    (label, None, decisions.clone())
                }
                RowSpec::Strategy(s) => (s.name().to_string(), Some(*s), Vec::new()),
            };
            Row {
                rank: 0,
                edits: match spec {
                    RowSpec::Path { edits, .. } => Some(*edits),
                    RowSpec::Strategy(_) => None,
                },
                label,
                strategy,
                decisions,
                mean_score: round4(t.score as f64 / 10_000.0 / n),
                pass_rate: round4(f64::from(t.passed) / n),
                foreign_pickup: round4(f64::from(t.foreign) / n),
                mean_reprints: round4(t.reprints as f64 / n),
                ending: if t.played == 0 {
                    RowEnding::Mixed
                } else if t.published == t.played {
                    RowEnding::Publish
                } else if t.published == 0 {
                    RowEnding::Hold
                } else {
                    RowEnding::Mixed
                },
                seeds_played: t.played,
            }
        })
        .collect()
}
