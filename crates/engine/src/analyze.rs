//! Balance analysis: every decision path and the ready-made strategies, played over many seeds, with findings for the author.
//!
//! A *decision path* is one sequence of choices from the start to an ending,
//! found by playing the real [`Run`]: at each stage only the choices whose
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

use crate::diagnostics::Severity;
use crate::load::{ItemIx, Scenario};
use crate::model::{Classification, Effect};
use crate::network::Network;
use crate::outcome::{self, Ended, Spread, round4};
use crate::rng;
use crate::run::{self, Decision, Run, Treatment};
use crate::score;
use crate::strategy::{self, Strategy};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};

/// How much work an analysis does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzeOptions {
    /// Seeds each row is played with.
    pub seeds: u32,
    /// The first seed; row `i` of the seeds is `first_seed + i`.
    pub first_seed: u64,
    /// Most decision paths played; beyond this a deterministic sample is taken.
    pub max_paths: usize,
}

impl Default for AnalyzeOptions {
    fn default() -> Self {
        AnalyzeOptions {
            seeds: 1000,
            first_seed: 1,
            max_paths: 2000,
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
}

impl Analysis {
    /// True when any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// One sentence on how many paths were played, for the top of a report.
    pub fn coverage_note(&self) -> String {
        if self.exhaustive {
            format!(
                "all {} decision path{} played, {} seed{} each",
                self.paths_evaluated,
                plural(self.paths_evaluated as u64),
                self.seeds,
                plural(u64::from(self.seeds))
            )
        } else {
            format!(
                "{} of {}{} decision paths played ({:.1}% coverage, a deterministic sample), {} seed{} each",
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
/// Most run states visited when counting decision paths; beyond this the count is estimated.
const NODE_CAP: u64 = 200_000;
/// Random stream for sampling paths when there are too many to play them all.
const SAMPLE_STREAM: u64 = 0x5A4D;
/// Most reviewer draws a path's remembered runs may depend on: 2^10 variants at most.
const MEMO_BITS: usize = 10;
/// Most runs each worker remembers (a few hundred bytes each).
const MEMO_ENTRIES: usize = 200_000;

/// Plays every decision path (or a sample) and every strategy over `options.seeds` seeds and reports on the balance.
///
/// `progress(done, total)` is called with the number of seeds finished, from
/// the worker threads, once per seed.
pub fn analyze(
    scenario: &Scenario,
    options: &AnalyzeOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Analysis {
    let edits = model_edits(scenario, options.first_seed);
    let found = enumerate(scenario, options, &edits);
    let mut specs: Vec<RowSpec> = found
        .paths
        .iter()
        .map(|d| RowSpec::Path {
            reviewed: reviewed_items(scenario, d),
            decisions: d.clone(),
        })
        .collect();
    let path_count = specs.len();
    specs.extend(Strategy::ALL.map(RowSpec::Strategy));
    let totals = play_all(scenario, options, &specs, progress);
    let rows = rows(&specs, &totals);
    let coverage = if found.total == 0 {
        1.0
    } else {
        (path_count as f64 / found.total as f64).min(1.0)
    };
    let findings = findings(scenario, &specs, &totals, &rows, &found, options);
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
    Analysis {
        scenario: scenario.id().to_string(),
        seeds: options.seeds,
        first_seed: options.first_seed,
        paths_total: found.total,
        paths_total_exact: found.total_exact,
        paths_evaluated: path_count,
        exhaustive: found.exhaustive,
        coverage: round4(coverage),
        rows,
        findings,
    }
}

/// What one row plays.
enum RowSpec {
    /// A fixed list of decisions, with the items each of its reviews may look at.
    Path {
        decisions: Vec<Decision>,
        reviewed: Vec<Vec<(ItemIx, f64)>>,
    },
    /// A strategy, which decides afresh at every seed.
    Strategy(Strategy),
}

/// The model play's edits, by stage: decision paths make them too.
type StageEdits = HashMap<String, Vec<Decision>>;

fn model_edits(scenario: &Scenario, seed: u64) -> StageEdits {
    let mut edits: StageEdits = HashMap::new();
    for d in strategy::decisions(scenario, Strategy::Model, seed) {
        if let Decision::Edit { stage, .. } = &d {
            edits.entry(stage.clone()).or_default().push(d.clone());
        }
    }
    edits
}

fn apply_edits(run: &mut Run<'_>, edits: &StageEdits) {
    if let Some(list) = run.current_stage().and_then(|s| edits.get(&s.id)) {
        for d in list {
            // An edit the model made may not apply on another path (the item is not in the draft): skip it.
            let _ = run.apply(d);
        }
    }
}

/// For each review a path asks for, the items the reviewer may look at, with their catch chances.
///
/// A path's run depends on the seed only through the reviewer's draws for
/// these items, so seeds that agree on them give the same run. The draft is
/// followed as if the reviewer caught nothing: a caught item is cut or given
/// a public wording, so catches only ever take items off these lists.
fn reviewed_items(scenario: &Scenario, decisions: &[Decision]) -> Vec<Vec<(ItemIx, f64)>> {
    let default = scenario.file.review.catch_chance;
    let mut draft: Vec<Option<Treatment>> = vec![None; scenario.item_count()];
    let mut reviews = Vec::new();
    let set = |draft: &mut Vec<Option<Treatment>>, ids: &[String], t: Treatment| {
        for id in ids {
            if let Some(ix) = scenario.item_ix(id) {
                draft[ix] = Some(t);
            }
        }
    };
    for d in decisions {
        match d {
            Decision::Edit {
                item, treatment, ..
            } => {
                if let Some(ix) = scenario.item_ix(item)
                    && draft[ix].is_some()
                {
                    draft[ix] = Some(*treatment);
                }
            }
            Decision::Choose { stage, choice } => {
                let Some(c) = scenario
                    .stage_ix(stage)
                    .and_then(|s| scenario.stage(s).choices.iter().find(|c| &c.id == choice))
                else {
                    continue;
                };
                for effect in &c.effects {
                    match effect {
                        Effect::Include(ids) => set(&mut draft, ids, Treatment::Keep),
                        Effect::Redact(ids) => set(&mut draft, ids, Treatment::Redact),
                        Effect::Generalise(ids) => set(&mut draft, ids, Treatment::Generalise),
                        Effect::HandOver(materials) => {
                            for m in materials.iter().filter_map(|m| scenario.material_ix(m)) {
                                for ix in scenario.items_of_material(m) {
                                    draft[ix].get_or_insert(Treatment::Keep);
                                }
                            }
                        }
                        Effect::Review => reviews.push(
                            (0..draft.len())
                                .filter(|&ix| {
                                    let item = scenario.item(ix);
                                    match draft[ix] {
                                        Some(Treatment::Keep) => item.classification.is_sensitive(),
                                        Some(Treatment::Generalise) => item
                                            .generalised
                                            .as_ref()
                                            .is_some_and(|g| g.classification.is_sensitive()),
                                        _ => false,
                                    }
                                })
                                .map(|ix| (ix, scenario.item(ix).catch_chance.unwrap_or(default)))
                                .collect(),
                        ),
                        Effect::SeekApproval
                        | Effect::Lapse(_)
                        | Effect::Publish
                        | Effect::Hold => {}
                    }
                }
            }
        }
    }
    reviews
}

/// What each review of a path would catch at `seed`, as bits: the part of the seed the path's run depends on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ReviewKey {
    /// Up to 64 draws, the usual case.
    Short(u64),
    /// More.
    Long(Vec<u64>),
}

fn review_key(seed: u64, reviewed: &[Vec<(ItemIx, f64)>]) -> ReviewKey {
    let bits: usize = reviewed.iter().map(Vec::len).sum();
    let mut key = vec![0u64; bits.div_ceil(64).max(1)];
    let mut b = 0;
    for (r, items) in reviewed.iter().enumerate() {
        for &(ix, chance) in items {
            if run::caught_in_review(seed, r as u32 + 1, ix, chance) {
                key[b / 64] |= 1 << (b % 64);
            }
            b += 1;
        }
    }
    if bits <= 64 {
        ReviewKey::Short(key[0])
    } else {
        ReviewKey::Long(key)
    }
}

/// The decision paths to play, and what walking them showed about reachability.
struct Enumerated {
    paths: Vec<Vec<Decision>>,
    total: u64,
    total_exact: bool,
    exhaustive: bool,
    /// Whether every run state was visited, so reachability below is exact.
    complete: bool,
    stage_reached: Vec<bool>,
    /// Per stage, per choice: offered on some path.
    offered: Vec<Vec<bool>>,
}

struct Walk {
    leaves: u64,
    complete: bool,
    stage_reached: Vec<bool>,
    offered: Vec<Vec<bool>>,
}

/// Depth-first over every run state from the start, in the author's choice order, calling `leaf` at each ending.
fn walk<'a>(
    scenario: &'a Scenario,
    edits: &StageEdits,
    mut leaf: impl FnMut(u64, &Run<'a>),
) -> Walk {
    let stages = &scenario.file.stages;
    let mut w = Walk {
        leaves: 0,
        complete: true,
        stage_reached: vec![false; stages.len()],
        offered: stages
            .iter()
            .map(|s| vec![false; s.choices.len()])
            .collect(),
    };
    // With a reviewer who catches nothing, every choice any seed could offer is offered.
    let mut root = Run::exploring(scenario);
    apply_edits(&mut root, edits);
    let mut stack = vec![root];
    let mut nodes = 0u64;
    while let Some(run) = stack.pop() {
        nodes += 1;
        if nodes > NODE_CAP {
            w.complete = false;
            break;
        }
        let Some(stage) = run.current_stage() else {
            if run.is_finished() {
                leaf(w.leaves, &run);
                w.leaves += 1;
            }
            continue;
        };
        let s = scenario.stage_ix(&stage.id).unwrap_or(0);
        w.stage_reached[s] = true;
        // Pushed in reverse so the author's first choice is explored first.
        for choice in run.available_choices().into_iter().rev() {
            if let Some(k) = stage.choices.iter().position(|c| c.id == choice.id) {
                w.offered[s][k] = true;
            }
            let mut next = run.clone();
            if next.choose(&choice.id).is_ok() {
                apply_edits(&mut next, edits);
                stack.push(next);
            }
        }
    }
    w
}

fn enumerate(scenario: &Scenario, options: &AnalyzeOptions, edits: &StageEdits) -> Enumerated {
    let max = options.max_paths;
    let mut paths = Vec::new();
    let w = walk(scenario, edits, |_, run| {
        if paths.len() <= max {
            paths.push(run.decisions().to_vec());
        }
    });
    let mut found = Enumerated {
        total: w.leaves,
        total_exact: w.complete,
        exhaustive: w.complete && w.leaves as usize <= max,
        complete: w.complete,
        stage_reached: w.stage_reached,
        offered: w.offered,
        paths: Vec::new(),
    };
    if found.exhaustive {
        found.paths = paths;
    } else if w.complete {
        // Every path was counted: take `max` of them evenly spread over the walk.
        let total = u128::from(w.leaves);
        let max128 = max as u128;
        let mut picked = Vec::with_capacity(max);
        walk(scenario, edits, |i, run| {
            let i = u128::from(i);
            if (i * max128) / total != ((i + 1) * max128) / total {
                picked.push(run.decisions().to_vec());
            }
        });
        found.paths = picked;
    } else {
        let (sample, estimate) = sample_paths(scenario, options.first_seed, edits, max);
        found.paths = sample;
        found.total = estimate.max(found.paths.len() as u64).max(w.leaves);
    }
    found
}

/// Random walks from the start: up to `max` distinct paths, and Knuth's estimate of how many paths there are.
fn sample_paths(
    scenario: &Scenario,
    seed: u64,
    edits: &StageEdits,
    max: usize,
) -> (Vec<Vec<Decision>>, u64) {
    let mut random = rng::stream(seed, SAMPLE_STREAM);
    let mut seen: HashSet<String> = HashSet::new();
    let mut paths = Vec::new();
    let mut estimates = 0.0f64;
    let mut walks = 0u64;
    let attempts = max.saturating_mul(20).max(1);
    for _ in 0..attempts {
        if paths.len() >= max {
            break;
        }
        let mut run = Run::exploring(scenario);
        apply_edits(&mut run, edits);
        let mut product = 1.0f64;
        while !run.is_finished() {
            let options = run.available_choices();
            if options.is_empty() {
                break;
            }
            product *= options.len() as f64;
            let pick = options[rng::below(&mut random, options.len() as u64) as usize]
                .id
                .clone();
            if run.choose(&pick).is_err() {
                break;
            }
            apply_edits(&mut run, edits);
        }
        if !run.is_finished() {
            continue;
        }
        walks += 1;
        estimates += product;
        if seen.insert(path_key(run.decisions(), usize::MAX)) {
            paths.push(run.decisions().to_vec());
        }
    }
    let estimate = if walks == 0 {
        0
    } else {
        (estimates / walks as f64).round() as u64
    };
    (paths, estimate)
}

/// A path as text, with the choice at step `hole` (counting choices only) left out.
fn path_key(decisions: &[Decision], hole: usize) -> String {
    let mut key = String::new();
    let mut step = 0;
    for d in decisions {
        match d {
            Decision::Choose { stage, choice } => {
                key.push_str(stage);
                key.push('=');
                if step == hole {
                    key.push('*');
                } else {
                    key.push_str(choice);
                }
                step += 1;
            }
            Decision::Edit {
                stage,
                item,
                treatment,
            } => {
                key.push_str(stage);
                key.push(':');
                key.push_str(item);
                key.push('=');
                key.push_str(treatment.label());
            }
        }
        key.push('|');
    }
    key
}

/// Totals for one row over every seed, as integers so that adding them up in any order gives the same result.
#[derive(Debug, Clone, Copy, Default)]
struct Totals {
    played: u32,
    /// Sum of scaled scores in ten-thousandths (scores are rounded to four decimals).
    score: i64,
    passed: u32,
    foreign: u32,
    reprints: u64,
    published: u32,
    /// Order-independent fingerprint of every seed's outcome: equal for two rows
    /// exactly when (but for a 2^-64 chance) every seed gave the same outcome.
    fingerprint: u64,
}

impl Totals {
    fn add(&mut self, other: &Totals) {
        self.played += other.played;
        self.score += other.score;
        self.passed += other.passed;
        self.foreign += other.foreign;
        self.reprints += other.reprints;
        self.published += other.published;
        self.fingerprint = self.fingerprint.wrapping_add(other.fingerprint);
    }
}

struct AllTotals {
    rows: Vec<Totals>,
    /// Items that made a difference on some row at some seed.
    mattered: Vec<bool>,
}

/// A finished run of a path row, remembered for every seed at which the reviewer catches the same things.
struct Played {
    conduct: Conducted,
    ended: Ended,
    pull: PullKey,
    leaks: u64,
}

/// What scoring needs of a finished run, kept small: many are remembered at once.
struct Conducted {
    approved: bool,
    reviews: u32,
    handed_over: Vec<usize>,
    lapses: Vec<String>,
    draft: Vec<(ItemIx, Treatment)>,
}

impl score::Conduct for Conducted {
    fn approved(&self) -> bool {
        self.approved
    }
    fn reviews(&self) -> u32 {
        self.reviews
    }
    fn handed_over(&self) -> &[usize] {
        &self.handed_over
    }
    fn lapses(&self) -> &[String] {
        &self.lapses
    }
    fn draft(&self) -> Vec<(ItemIx, Treatment)> {
        self.draft.clone()
    }
}

/// What drives the cascade: nothing for a held story, else the appeal and sensitivity, as bits.
type PullKey = Option<(u64, u64)>;

fn pull_key(ended: &Ended) -> PullKey {
    ended.story.published.then(|| {
        (
            ended.story.appeal.to_bits(),
            ended.story.sensitivity.to_bits(),
        )
    })
}

/// Per-thread state: totals so far and the remembered runs of path rows.
struct Worker {
    totals: Vec<Totals>,
    mattered: Vec<bool>,
    memo: HashMap<(usize, ReviewKey), Option<Played>>,
}

fn play_all(
    scenario: &Scenario,
    options: &AnalyzeOptions,
    specs: &[RowSpec],
    progress: &(dyn Fn(u64, u64) + Sync),
) -> AllTotals {
    let total = u64::from(options.seeds);
    progress(0, total);
    let next = AtomicU64::new(0);
    let done = AtomicU64::new(0);
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, options.seeds.max(1) as usize);
    let work = || {
        let mut worker = Worker {
            totals: vec![Totals::default(); specs.len()],
            mattered: vec![false; scenario.item_count()],
            memo: HashMap::new(),
        };
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= total {
                break;
            }
            let seed = options.first_seed.wrapping_add(i);
            play_seed(scenario, specs, seed, &mut worker);
            let d = done.fetch_add(1, Ordering::Relaxed) + 1;
            progress(d, total);
        }
        (worker.totals, worker.mattered)
    };
    let results: Vec<(Vec<Totals>, Vec<bool>)> = if threads <= 1 {
        vec![work()]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("analysis worker panicked"))
                .collect()
        })
    };
    let mut all = AllTotals {
        rows: vec![Totals::default(); specs.len()],
        mattered: vec![false; scenario.item_count()],
    };
    for (totals, mattered) in results {
        for (a, t) in all.rows.iter_mut().zip(&totals) {
            a.add(t);
        }
        for (a, m) in all.mattered.iter_mut().zip(mattered) {
            *a |= m;
        }
    }
    all
}

/// The spreads of one seed, one per distinct pull, over the seed's network.
struct SeedSpreads<'n> {
    over: outcome::SeedSpread<'n>,
    cached: Vec<(PullKey, Spread)>,
}

impl SeedSpreads<'_> {
    fn get(&mut self, ended: &Ended, key: PullKey) -> &Spread {
        let at = match self.cached.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                self.cached.push((key, self.over.spread(&ended.story)));
                self.cached.len() - 1
            }
        };
        &self.cached[at].1
    }
}

fn play_seed(scenario: &Scenario, specs: &[RowSpec], seed: u64, worker: &mut Worker) {
    let params = &scenario.file.network;
    let network = Network::generate(params, seed);
    let mut spreads = SeedSpreads {
        over: outcome::SeedSpread::new(&network, params, seed),
        cached: Vec::new(),
    };
    let seed_mark = rng::mix(seed ^ 0x5EED_F1A6);
    for (row, spec) in specs.iter().enumerate() {
        let outcome = match spec {
            RowSpec::Path {
                decisions,
                reviewed,
            } => {
                let key = (row, review_key(seed, reviewed));
                let bits: usize = reviewed.iter().map(Vec::len).sum();
                // Remember a run only when seeds are likely to repeat it, and within a bound on memory.
                if worker.memo.contains_key(&key)
                    || (bits <= MEMO_BITS && worker.memo.len() < MEMO_ENTRIES)
                {
                    let played = worker
                        .memo
                        .entry(key)
                        .or_insert_with(|| replay(scenario, seed, decisions));
                    played.as_ref().map(|p| {
                        let spread = spreads.get(&p.ended, p.pull);
                        judge(scenario, p, spread, &mut worker.mattered)
                    })
                } else {
                    replay(scenario, seed, decisions).map(|p| {
                        let spread = spreads.get(&p.ended, p.pull);
                        judge(scenario, &p, spread, &mut worker.mattered)
                    })
                }
            }
            RowSpec::Strategy(s) => {
                let decisions = strategy::decisions(scenario, *s, seed);
                replay(scenario, seed, &decisions).map(|p| {
                    let spread = spreads.get(&p.ended, p.pull);
                    judge(scenario, &p, spread, &mut worker.mattered)
                })
            }
        };
        let t = &mut worker.totals[row];
        match outcome {
            Some(j) => {
                t.played += 1;
                t.score += j.score;
                t.passed += u32::from(j.passed);
                t.foreign += u32::from(j.foreign > 0);
                t.reprints += u64::from(j.reprints);
                t.published += u32::from(j.published);
                t.fingerprint = t
                    .fingerprint
                    .wrapping_add(rng::mix(seed_mark ^ j.fingerprint));
            }
            None => {
                t.fingerprint = t.fingerprint.wrapping_add(rng::mix(seed_mark));
            }
        }
    }
}

fn replay(scenario: &Scenario, seed: u64, decisions: &[Decision]) -> Option<Played> {
    let mut run = Run::new(scenario, seed);
    for d in decisions {
        run.apply(d).ok()?;
    }
    let mut ended = outcome::ended(&run)?;
    let mut leaks = 0x00C0_FFEE_u64;
    for item in outcome::leaked_items(&ended.story) {
        for b in item.id.bytes() {
            leaks = rng::mix(leaks ^ u64::from(b));
        }
        leaks = rng::mix(leaks ^ 0xFF);
    }
    // Scoring never reads the texts; dropping them keeps remembered runs small.
    for item in &mut ended.story.items {
        item.text = String::new();
    }
    Some(Played {
        conduct: Conducted {
            approved: run.approved(),
            reviews: run.reviews(),
            handed_over: run.handed_over().to_vec(),
            lapses: run.lapses().to_vec(),
            draft: run.draft(),
        },
        pull: pull_key(&ended),
        ended,
        leaks,
    })
}

/// What the totals need from one run.
struct Judged {
    score: i64,
    passed: bool,
    published: bool,
    foreign: u32,
    reprints: u32,
    fingerprint: u64,
}

fn judge(scenario: &Scenario, played: &Played, spread: &Spread, mattered: &mut [bool]) -> Judged {
    let ended = &played.ended;
    let s = score::compute(
        scenario,
        &played.conduct,
        &ended.story,
        spread,
        ended.late,
        ended.end_hour,
    );
    let story = &ended.story;
    if story.published {
        for item in &story.items {
            let Some(ix) = scenario.item_ix(&item.id) else {
                continue;
            };
            let it = scenario.item(ix);
            // Out in the story, or cut at a cost in public value.
            let counts = item.treatment != Treatment::Redact
                || (it.classification == Classification::Public && it.newsworthiness > 0);
            mattered[ix] |= counts;
        }
    }
    // Handing a material over matters whatever is published, through its most sensitive item.
    for &m in &played.conduct.handed_over {
        for ix in scenario.items_of_material(m) {
            mattered[ix] = true;
        }
    }
    let score_units = (s.scaled * 10_000.0).round() as i64;
    let r = &spread.reprints;
    let mut fp = rng::mix(score_units as u64);
    for v in [
        u64::from(s.passed),
        u64::from(story.published),
        u64::from(ended.late),
        u64::from(r.domestic),
        u64::from(r.self_media),
        u64::from(r.foreign),
        spread.reach,
        spread.first_foreign_hour.map_or(u64::MAX, u64::from),
        played.leaks,
    ] {
        fp = rng::mix(fp ^ v);
    }
    Judged {
        score: score_units,
        passed: s.passed,
        published: story.published,
        foreign: r.foreign,
        reprints: r.reprints(),
        fingerprint: fp,
    }
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
                RowSpec::Path { decisions, .. } => (label_of(decisions), None, decisions.clone()),
                RowSpec::Strategy(s) => (s.name().to_string(), Some(*s), Vec::new()),
            };
            Row {
                rank: 0,
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

fn findings(
    scenario: &Scenario,
    specs: &[RowSpec],
    totals: &AllTotals,
    rows: &[Row],
    found: &Enumerated,
    options: &AnalyzeOptions,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let error = |code, message| Finding {
        severity: Severity::Error,
        code,
        message,
    };
    let warning = |code, message| Finding {
        severity: Severity::Warning,
        code,
        message,
    };
    let strategy_row = |s: Strategy| rows.iter().find(|r| r.strategy == Some(s));
    let seeds = options.seeds;
    if seeds > 0
        && let Some(model) = strategy_row(Strategy::Model)
    {
        // The extremes must not do as well as careful play.
        for s in [Strategy::PublishAll, Strategy::HoldAll, Strategy::RedactAll] {
            if let Some(r) = strategy_row(s)
                && r.mean_score >= model.mean_score
            {
                out.push(error(
                    "degenerate-strategy",
                    format!(
                        "{} scores {:.3} on average, as much as or more than the model play's {:.3}: a player who {} does as well as a careful one",
                        s.name(),
                        r.mean_score,
                        model.mean_score,
                        match s {
                            Strategy::PublishAll => "puts everything in and skips every check",
                            Strategy::HoldAll => "holds the story",
                            _ => "cuts everything",
                        }
                    ),
                ));
            }
        }
        if model.pass_rate < MODEL_PASS_RATE {
            out.push(error(
                "model-fails",
                format!(
                    "the model play passes at only {:.1}% of seeds (mean score {:.3}, pass mark {}); careful play should pass at {:.0}% or more",
                    100.0 * model.pass_rate,
                    model.mean_score,
                    scenario.file.pass_mark,
                    100.0 * MODEL_PASS_RATE
                ),
            ));
        }
        if let Some(best) = rows
            .iter()
            .filter(|r| r.strategy != Some(Strategy::Model))
            .max_by(|a, b| a.mean_score.total_cmp(&b.mean_score))
            && best.mean_score > model.mean_score + MODEL_TOLERANCE
        {
            out.push(error(
                "model-not-best",
                format!(
                    "the model play is not among the best: it scores {:.3} on average, but `{}` scores {:.3}",
                    model.mean_score, best.label, best.mean_score
                ),
            ));
        }
        if !rows.iter().any(|r| r.pass_rate > 0.0) {
            out.push(error(
                "unreachable-pass-mark",
                format!(
                    "no path and no strategy ever reaches the pass mark of {}: the best mean score is {:.3}",
                    scenario.file.pass_mark,
                    rows.iter().map(|r| r.mean_score).fold(0.0, f64::max)
                ),
            ));
        }
        if let Some(random) = strategy_row(Strategy::Random)
            && random.pass_rate > RANDOM_PASS_RATE
        {
            out.push(warning(
                "random-passes",
                format!(
                    "random play passes at {:.1}% of seeds, more than {:.0}%: the scenario can be passed by guessing",
                    100.0 * random.pass_rate,
                    100.0 * RANDOM_PASS_RATE
                ),
            ));
        }
        same_outcome_choices(scenario, specs, totals, seeds, &mut out);
    }
    let sampled = if found.exhaustive {
        String::new()
    } else {
        format!(
            " (in the {} sampled paths and the strategies)",
            found.paths.len()
        )
    };
    if seeds > 0 {
        for ix in 0..scenario.item_count() {
            if !totals.mattered[ix] {
                let item = scenario.item(ix);
                out.push(warning(
                    "item-never-matters",
                    format!(
                        "item `{}` in material `{}` never matters{sampled}: it never goes out in a published story, cutting it never costs public value, and its material is never handed over",
                        item.id,
                        scenario.material_of(ix).id
                    ),
                ));
            }
        }
    }
    if found.complete {
        reachability(scenario, found, &mut out);
    }
    out.sort_by_key(|f| std::cmp::Reverse(f.severity));
    out
}

/// Warns about choices that never change the outcome compared with another choice at the same stage.
fn same_outcome_choices(
    scenario: &Scenario,
    specs: &[RowSpec],
    totals: &AllTotals,
    seeds: u32,
    out: &mut Vec<Finding>,
) {
    // Paths that differ in one choice only, grouped by everything else.
    let mut groups: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
    for (row, spec) in specs.iter().enumerate() {
        let RowSpec::Path { decisions, .. } = spec else {
            continue;
        };
        let mut step = 0;
        for d in decisions {
            if let Decision::Choose { choice, .. } = d {
                groups
                    .entry(path_key(decisions, step))
                    .or_default()
                    .push((choice.clone(), row));
                step += 1;
            }
        }
    }
    // For each stage and pair of choices: (paths compared, all identical).
    let mut pairs: BTreeMap<(String, String, String), (u32, bool)> = BTreeMap::new();
    for (key, members) in &groups {
        let stage = key
            .split('|')
            .find_map(|part| part.strip_suffix("=*"))
            .unwrap_or_default()
            .to_string();
        for (i, (a, ra)) in members.iter().enumerate() {
            for (b, rb) in &members[i + 1..] {
                let (x, y) = if a < b { (a, b) } else { (b, a) };
                let same = totals.rows[*ra].fingerprint == totals.rows[*rb].fingerprint
                    && totals.rows[*ra].played == totals.rows[*rb].played;
                let e = pairs
                    .entry((stage.clone(), x.clone(), y.clone()))
                    .or_insert((0, true));
                e.0 += 1;
                e.1 &= same;
            }
        }
    }
    // Choices that are interchangeable, grouped per stage (a ≡ b and b ≡ c give one finding).
    let mut classes: BTreeMap<String, Vec<BTreeSet<String>>> = BTreeMap::new();
    for ((stage, a, b), (compared, same)) in &pairs {
        if !*same || *compared == 0 {
            continue;
        }
        let Some(st) = scenario.stage_ix(stage).map(|s| scenario.stage(s)) else {
            continue;
        };
        let feedback = |id: &str| {
            st.choices
                .iter()
                .find(|c| c.id == id)
                .map(|c| c.feedback.trim().to_string())
                .unwrap_or_default()
        };
        // Different feedback is a different debrief: the choice still teaches something.
        if feedback(a) != feedback(b) {
            continue;
        }
        let list = classes.entry(stage.clone()).or_default();
        let hits: Vec<usize> = (0..list.len())
            .filter(|&k| list[k].contains(a) || list[k].contains(b))
            .collect();
        let mut merged: BTreeSet<String> = [a.clone(), b.clone()].into();
        for &k in hits.iter().rev() {
            merged.extend(list.remove(k));
        }
        list.push(merged);
    }
    for (stage, list) in classes {
        for class in list {
            let names: Vec<String> = class.iter().map(|c| format!("`{c}`")).collect();
            let compared: u32 = pairs
                .iter()
                .filter(|((s, a, b), _)| *s == stage && class.contains(a) && class.contains(b))
                .map(|(_, (n, _))| *n)
                .sum();
            out.push(Finding {
                severity: Severity::Warning,
                code: "choice-changes-nothing",
                message: format!(
                    "at stage `{stage}`, choosing {} never changes the outcome: on the {compared} pair{} of paths that differ only there, the score, the spread and what leaks are the same at all {seeds} seeds, and the debrief note is the same; give the choices different effects or hours, or merge them",
                    join_or(&names),
                    plural(u64::from(compared))
                ),
            });
        }
    }
}

fn join_or(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

fn reachability(scenario: &Scenario, found: &Enumerated, out: &mut Vec<Finding>) {
    let stages = &scenario.file.stages;
    for (s, stage) in stages.iter().enumerate() {
        if found.stage_reached[s] {
            continue;
        }
        let leading: Vec<String> = stages
            .iter()
            .enumerate()
            .flat_map(|(p, ps)| {
                ps.choices
                    .iter()
                    .filter(|c| c.next.as_deref() == Some(stage.id.as_str()))
                    .map(move |c| (p, ps, c))
            })
            .map(|(p, ps, c)| {
                format!(
                    "`{}` at stage `{}`{}",
                    c.id,
                    ps.id,
                    if found.stage_reached[p] {
                        " (never offered: its `requires` never hold)"
                    } else {
                        " (a stage never reached)"
                    }
                )
            })
            .collect();
        out.push(Finding {
            severity: Severity::Warning,
            code: "stage-unreached",
            message: format!(
                "stage `{}` is never reached on any path: the choices that lead to it are {}",
                stage.id,
                if leading.is_empty() {
                    "none".to_string()
                } else {
                    leading.join(", ")
                }
            ),
        });
    }
    for (s, stage) in stages.iter().enumerate() {
        if !found.stage_reached[s] {
            continue;
        }
        for (k, choice) in stage.choices.iter().enumerate() {
            if found.offered[s][k] {
                continue;
            }
            let ends = choice
                .effects
                .iter()
                .find(|e| matches!(e, Effect::Publish | Effect::Hold));
            match ends {
                Some(e) => out.push(Finding {
                    severity: Severity::Warning,
                    code: "ending-unreached",
                    message: format!(
                        "choice `{}` at stage `{}` {} the story, but no path ever offers it: its `requires` never hold when play reaches `{}`",
                        choice.id,
                        stage.id,
                        if *e == Effect::Publish { "publishes" } else { "holds" },
                        stage.id
                    ),
                }),
                None => {
                    // A choice into a stage nothing else reaches is reported with that stage.
                    let next_reached = choice
                        .next
                        .as_deref()
                        .and_then(|n| scenario.stage_ix(n))
                        .is_some_and(|n| found.stage_reached[n]);
                    if next_reached {
                        out.push(Finding {
                            severity: Severity::Warning,
                            code: "choice-unavailable",
                            message: format!(
                                "choice `{}` at stage `{}` is never offered on any path: its `requires` never hold when play reaches `{}`",
                                choice.id, stage.id, stage.id
                            ),
                        });
                    }
                }
            }
        }
    }
}
