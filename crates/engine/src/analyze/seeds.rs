//! Playing every row at every seed over the scenario's one network: every distinct story's cascade in one walk of it per seed, totals kept as integers.

use super::alike::{Alike, Kind};
use super::memo::Memo;
use super::{AnalyzeOptions, RowSpec};
use crate::model::Classification;
use crate::network::Network;
use crate::rng;
use crate::run::{Decision, Run, Treatment};
use crate::scenario::{ItemIx, Scenario};
use crate::score;
use crate::spread::{Detail, SeedSpread, Spread, SpreadMemory};
use crate::story::{self, Ended, Story};
use crate::strategy;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Totals for one row over every seed, as integers so that adding them up in any order gives the same result.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Totals {
    pub(super) played: u32,
    /// Sum of scaled scores in ten-thousandths (scores are rounded to four decimals).
    pub(super) score: i64,
    pub(super) passed: u32,
    pub(super) foreign: u32,
    pub(super) reprints: u64,
    pub(super) published: u32,
    /// Order-independent fingerprint of every seed's outcome: equal for two rows
    /// exactly when (but for a 2^-64 chance) every seed gave the same outcome.
    pub(super) fingerprint: u64,
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

pub(super) struct AllTotals {
    pub(super) rows: Vec<Totals>,
    /// Items that made a difference on some row at some seed.
    pub(super) mattered: Vec<bool>,
}

/// A finished run of a row: the first of its kind (see [`JudgeKey`]) is kept, for every row and seed that ends the same way.
struct Played {
    /// Its score but for how the story spread.
    scored: score::Conducted,
    /// Each item in the draft with its treatment, and the materials handed over: what made a difference.
    draft: Vec<(ItemIx, Treatment)>,
    handed_over: Vec<usize>,
    ended: Ended,
    pull: PullKey,
    leaks: u64,
}

/// What drives the cascade: nothing for a held story, else the appeal and sensitivity, as bits.
type PullKey = Option<(u64, u64)>;

/// Everything [`judge`] reads of a run: the score's key, whether it published, whether late, what leaked, the pull.
type JudgeKey = (Vec<u64>, bool, bool, u64, PullKey);

fn judge_key(played: &Played) -> JudgeKey {
    (
        played.scored.scaled_key(),
        played.ended.story.published,
        played.ended.late,
        played.leaks,
        played.pull,
    )
}

fn pull_key(ended: &Ended) -> PullKey {
    ended.story.published.then(|| {
        (
            ended.story.appeal.to_bits(),
            ended.story.sensitivity.to_bits(),
        )
    })
}

/// Per-thread state: totals so far, the kinds of run met, the remembered runs of path rows, and working memory kept from seed to seed.
struct Worker<'n> {
    network: &'n Network,
    totals: Vec<Totals>,
    mattered: Vec<bool>,
    alike: Alike<JudgeKey, Played>,
    memo: Memo<Kind>,
    /// This seed's judgement of each kind of run met (by [`Alike::dense`]), and which were met.
    judged: Vec<Option<Judged>>,
    met: Vec<Kind>,
    spread: SpreadMemory,
}

pub(super) fn play_all(
    scenario: &Scenario,
    options: &AnalyzeOptions,
    specs: &[RowSpec],
    progress: &(dyn Fn(u64, u64) + Sync),
    cancel: &AtomicBool,
) -> AllTotals {
    let total = u64::from(options.seeds);
    progress(0, total);
    let next = AtomicU64::new(0);
    let done = AtomicU64::new(0);
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, options.seeds.max(1) as usize);
    // Built once: every seed spreads over the same network.
    let network = scenario.network();
    let work = || {
        let mut worker = Worker {
            network: &network,
            totals: vec![Totals::default(); specs.len()],
            mattered: vec![false; scenario.item_count()],
            alike: Alike::new(),
            judged: Vec::new(),
            met: Vec::new(),
            memo: Memo::new(specs.iter().map(|spec| match spec {
                RowSpec::Path { reviewed, .. } => Some(reviewed.as_slice()),
                RowSpec::Strategy(_) => None,
            })),
            spread: SpreadMemory::default(),
        };
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= total || cancel.load(Ordering::Relaxed) {
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

/// How many distinct stories (by pull) the rows put out at `seed`: each spreads once per seed, in a batch with the others.
pub(super) fn distinct_pulls(scenario: &Scenario, specs: &[RowSpec], seed: u64) -> usize {
    let mut pulls = HashSet::new();
    for spec in specs {
        let decisions = match spec {
            RowSpec::Path { decisions, .. } => decisions.clone(),
            RowSpec::Strategy(s) => strategy::decisions(scenario, *s, seed),
        };
        if let Some(p) = replay(scenario, seed, &decisions) {
            pulls.insert(p.pull);
        }
    }
    pulls.len()
}

fn play_seed(scenario: &Scenario, specs: &[RowSpec], seed: u64, worker: &mut Worker<'_>) {
    // First every row's kind of run, then every distinct story's spread in one
    // batch, then each kind judged once and added to the totals of its rows.
    worker.memo.start_seed(seed);
    worker.alike.start_seed();
    let kinds: Vec<Option<Kind>> = specs
        .iter()
        .enumerate()
        .map(|(row, spec)| {
            let (mattered, alike) = (&mut worker.mattered, &mut worker.alike);
            worker.memo.run(
                row,
                || {
                    let decisions = match spec {
                        RowSpec::Path { decisions, .. } => decisions,
                        RowSpec::Strategy(s) => &strategy::decisions(scenario, *s, seed),
                    };
                    let played = replay(scenario, seed, decisions)?;
                    mark_mattered(scenario, &played, mattered);
                    Some(alike.kind_of(judge_key(&played), played))
                },
                Alike::<JudgeKey, Played>::lasts,
            )
        })
        .collect();
    let alike = &worker.alike;
    let (judged, met) = (&mut worker.judged, &mut worker.met);
    judged.resize(alike.count(), None);
    // Each kind met this seed, in order, and the story each distinct pull spreads.
    let mut first = vec![false; alike.count()];
    met.clear();
    met.extend(kinds.iter().flatten().filter(|&&kind| {
        let k = alike.dense(kind);
        !std::mem::replace(&mut first[k], true)
    }));
    let mut pulls: Vec<PullKey> = Vec::new();
    let mut stories: Vec<&Story> = Vec::new();
    let at: Vec<usize> = met
        .iter()
        .map(|&kind| {
            let p = alike.get(kind);
            pulls.iter().position(|q| *q == p.pull).unwrap_or_else(|| {
                pulls.push(p.pull);
                stories.push(&p.ended.story);
                pulls.len() - 1
            })
        })
        .collect();
    let params = &scenario.file.network;
    let spreads = SeedSpread::new(worker.network, params, seed, &mut worker.spread)
        .spreads(&stories, Detail::Totals);
    let seed_mark = rng::mix(seed ^ 0x5EED_F1A6);
    for (&kind, at) in met.iter().zip(at) {
        let mut j = judge(scenario, alike.get(kind), &spreads[at]);
        j.fingerprint = rng::mix(seed_mark ^ j.fingerprint);
        judged[alike.dense(kind)] = Some(j);
    }
    let unplayed = rng::mix(seed_mark);
    for (t, kind) in worker.totals.iter_mut().zip(&kinds) {
        match kind.and_then(|kind| judged[alike.dense(kind)].as_ref()) {
            Some(j) => {
                t.played += 1;
                t.score += j.score;
                t.passed += u32::from(j.passed);
                t.foreign += u32::from(j.foreign > 0);
                t.reprints += u64::from(j.reprints);
                t.published += u32::from(j.published);
                t.fingerprint = t.fingerprint.wrapping_add(j.fingerprint);
            }
            None => t.fingerprint = t.fingerprint.wrapping_add(unplayed),
        }
    }
    for &kind in met.iter() {
        judged[alike.dense(kind)] = None;
    }
}

fn replay(scenario: &Scenario, seed: u64, decisions: &[Decision]) -> Option<Played> {
    let mut run = Run::new(scenario, seed);
    for d in decisions {
        run.apply(d).ok()?;
    }
    // Scoring never reads the texts; leaving them out keeps remembered runs small.
    let ended = story::ended_without_texts(&run)?;
    let mut leaks = 0x00C0_FFEE_u64;
    for item in story::leaked_items(&ended.story) {
        for b in item.id.bytes() {
            leaks = rng::mix(leaks ^ u64::from(b));
        }
        leaks = rng::mix(leaks ^ 0xFF);
    }
    Some(Played {
        scored: score::Conducted::of(
            scenario,
            &run,
            &ended.story,
            ended.late,
            ended.end_hour,
            score::Words::Left,
        ),
        draft: run.draft(),
        handed_over: run.handed_over().to_vec(),
        pull: pull_key(&ended),
        ended,
        leaks,
    })
}

/// Marks the items that made a difference in `played`, whatever the spread: what judging it at any seed would mark.
fn mark_mattered(scenario: &Scenario, played: &Played, mattered: &mut [bool]) {
    if played.ended.story.published {
        // The story's items are the draft's, in its order with its treatments:
        // read by index, with no lookup of an id.
        for &(ix, treatment) in &played.draft {
            let it = scenario.item(ix);
            // Out in the story, or cut at a cost in public value.
            let counts = treatment != Treatment::Redact
                || (it.classification == Classification::Public && it.newsworthiness > 0);
            mattered[ix] |= counts;
        }
    }
    // Handing a material over matters whatever is published, through its most sensitive item.
    for &m in &played.handed_over {
        for ix in scenario.items_of_material(m) {
            mattered[ix] = true;
        }
    }
}

/// What the totals need from one run.
#[derive(Debug, Clone, Copy)]
struct Judged {
    score: i64,
    passed: bool,
    published: bool,
    foreign: u32,
    reprints: u32,
    fingerprint: u64,
}

fn judge(scenario: &Scenario, played: &Played, spread: &Spread) -> Judged {
    let ended = &played.ended;
    let (scaled, passed) = played.scored.scaled(scenario, spread);
    let story = &ended.story;
    let score_units = (scaled * 10_000.0).round() as i64;
    let r = &spread.reprints;
    let mut fp = rng::mix(score_units as u64);
    for v in [
        u64::from(passed),
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
        passed,
        published: story.published,
        foreign: r.foreign,
        reprints: r.reprints(),
        fingerprint: fp,
    }
}
