//! What usually happens: the story exactly as it went out, replayed over the same outlet network with other cascade draws.
//!
//! One run's cascade is one roll of the dice. Replays keep the network and
//! the story and vary only the cascade's randomness: replay `i` of a run
//! with seed `s` uses the cascade seed [`replay_seed`]`(s, i)`, so the
//! summary is the same on every machine and for any number of threads.

use crate::cascade::{self, StoryPull};
use crate::cascade_core::Cascader;
use crate::decimal::round4;
use crate::model::Tier;
use crate::outcome::Outcome;
use crate::repercussion;
use crate::rng;
use crate::scenario::Scenario;
use crate::score;
use crate::spread::{KindCounts, tally_by_hour};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Replays a debrief shows unless told otherwise.
pub const DEFAULT_REPLAYS: u32 = 1000;
/// Most replays of one run (the hour-by-hour band keeps a few bytes per replay and hour).
pub const MAX_REPLAYS: u32 = 20_000;
const REPLAY_DOMAIN: u64 = 0x5245_504C;

/// The cascade seed of replay `index` of a run with `seed`.
pub fn replay_seed(seed: u64, index: u32) -> u64 {
    rng::keyed(seed, REPLAY_DOMAIN, u64::from(index), 0)
}

/// The distribution over replays of one run's story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Replays {
    /// How many replays.
    pub count: u32,
    /// Share of replays in which at least one foreign website ran the story.
    pub foreign_pickup: f64,
    /// Domestic-portal reprints.
    pub domestic: Quantiles,
    /// Self-media reprints.
    pub self_media: Quantiles,
    /// Foreign reprints.
    pub foreign: Quantiles,
    /// Audience reached.
    pub reach: Quantiles,
    /// With a case's own outlet kinds, the reprints of each of them; empty for the standard kinds, which are the fields above.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<KindQuantiles>,
    /// How much harm the story's leaks did (as the score counts it, before
    /// the rubric's damage scale): the mean is the story's expected damage.
    pub damage: Damage,
    /// Share of replays in each repercussion tier, every tier listed, mildest first.
    pub tiers: Vec<TierShare>,
    /// Where this run fell among the replays.
    pub this_run: Standing,
    /// Reprints so far (all kinds but the own outlet) at the end of each hour.
    pub band: Vec<Band>,
}

/// Quantiles of one count over the replays (nearest rank).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Quantiles {
    /// The 10th percentile.
    pub p10: u64,
    /// The median.
    pub median: u64,
    /// The 90th percentile.
    pub p90: u64,
    /// The mean, to four decimals.
    pub mean: f64,
}

/// Reprints of one of a case's own outlet kinds over the replays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KindQuantiles {
    /// The kind's id.
    pub id: String,
    /// What they are called, in the plural.
    pub label: String,
    /// Their reprints.
    pub reprints: Quantiles,
}

/// The leak damage over the replays, to four decimals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Damage {
    /// The mean: what the story as it went out does on average.
    pub mean: f64,
    /// The 10th percentile.
    pub p10: f64,
    /// The 90th percentile.
    pub p90: f64,
    /// This run's own leak damage.
    pub this_run: f64,
}

/// The share of replays in one tier.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TierShare {
    /// The tier.
    pub tier: Tier,
    /// Its share of the replays, to four decimals.
    pub share: f64,
}

/// Where this run's own cascade fell among the replays.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Standing {
    /// This run's foreign reprints.
    pub foreign: u32,
    /// Share of replays with fewer foreign reprints than this run.
    pub foreign_fewer: f64,
    /// Share of replays with more.
    pub foreign_more: f64,
    /// This run's reprints of every kind but the own outlet.
    pub reprints: u32,
    /// Share of replays with fewer reprints.
    pub reprints_fewer: f64,
    /// Share of replays with more.
    pub reprints_more: f64,
    /// This run's tier.
    pub tier: Tier,
}

/// Reprints so far at the end of one hour over the replays.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Band {
    /// Hour after publication.
    pub hour: u32,
    /// The 10th percentile.
    pub p10: u32,
    /// The median.
    pub median: u32,
    /// The 90th percentile.
    pub p90: u32,
}

/// One replay, as the summary needs it.
struct Sample {
    reprints: KindCounts,
    /// Reprints of each of a case's own kinds (empty for the standard ones).
    kinds: Vec<u32>,
    reach: u64,
    tier: Tier,
    damage: f64,
    /// New reprints in each hour.
    by_hour: Vec<u32>,
}

/// How many threads replays may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threads {
    /// The calling thread only (the game runs replays on its own task pool).
    One,
    /// Rayon's pool: the current one, sized by `RAYON_NUM_THREADS` or the cores.
    Pool,
}

/// `count` replays of the story of `outcome`, a run of `scenario`; `None` when nothing was published.
///
/// `count` is clamped to `1..=`[`MAX_REPLAYS`].
pub fn replays(
    scenario: &Scenario,
    outcome: &Outcome,
    count: u32,
    threads: Threads,
) -> Option<Replays> {
    if !outcome.story.published {
        return None;
    }
    let count = count.clamp(1, MAX_REPLAYS);
    let params = &scenario.file.network;
    let network = scenario.network();
    let pull = StoryPull {
        appeal: outcome.story.appeal,
        sensitivity: outcome.story.sensitivity,
    };
    let chances = cascade::own_chances(params, pull);
    let sample = |cascader: &mut Cascader, index: u32| -> Sample {
        cascader.run(
            &network.graph,
            &chances,
            replay_seed(outcome.seed, index),
            params.hours,
            0,
        );
        let spread = tally_by_hour(&network, cascader.by_hour(), params.hours);
        let tier =
            repercussion::repercussion(&scenario.file.repercussions, &outcome.story, &spread).tier;
        let damage = score::leak_damage(&outcome.story, &spread);
        let by_hour = spread
            .hourly
            .iter()
            .map(|row| row.domestic + row.self_media + row.foreign)
            .collect();
        Sample {
            kinds: spread.kinds.iter().map(|k| k.reprints).collect(),
            reprints: spread.reprints,
            reach: spread.reach,
            tier,
            damage,
            by_hour,
        }
    };
    let samples: Vec<Sample> = match threads {
        Threads::One => {
            let mut cascader = Cascader::counting();
            (0..count).map(|i| sample(&mut cascader, i)).collect()
        }
        Threads::Pool => (0..count)
            .into_par_iter()
            .map_init(Cascader::counting, sample)
            .collect(),
    };
    Some(summarise(outcome, &samples, params.hours))
}

fn summarise(outcome: &Outcome, samples: &[Sample], hours: u32) -> Replays {
    let kinds = outcome
        .spread
        .kinds
        .iter()
        .enumerate()
        .map(|(k, kind)| {
            let mut values: Vec<u64> = samples
                .iter()
                .map(|s| u64::from(s.kinds.get(k).copied().unwrap_or(0)))
                .collect();
            values.sort_unstable();
            KindQuantiles {
                id: kind.id.clone(),
                label: kind.label.clone(),
                reprints: quantiles(&values),
            }
        })
        .collect();
    let n = samples.len();
    let share = |k: usize| round4(k as f64 / n as f64);
    let column = |f: &dyn Fn(&Sample) -> u64| -> Vec<u64> {
        let mut values: Vec<u64> = samples.iter().map(f).collect();
        values.sort_unstable();
        values
    };
    let domestic = column(&|s| u64::from(s.reprints.domestic));
    let self_media = column(&|s| u64::from(s.reprints.self_media));
    let foreign = column(&|s| u64::from(s.reprints.foreign));
    let reach = column(&|s| s.reach);
    let reprints = column(&|s| u64::from(s.reprints.reprints()));
    let damage = {
        let mut values: Vec<f64> = samples.iter().map(|s| s.damage).collect();
        values.sort_unstable_by(f64::total_cmp);
        // Added in sorted order, so the mean is the same however the replays were split.
        let total: f64 = values.iter().sum();
        Damage {
            mean: round4(total / n as f64),
            p10: round4(values[rank(n, 0.1)]),
            p90: round4(values[rank(n, 0.9)]),
            this_run: round4(score::leak_damage(&outcome.story, &outcome.spread)),
        }
    };
    let tiers = [
        Tier::NoLeak,
        Tier::Leak,
        Tier::SeriousLeak,
        Tier::SeriousRepercussions,
    ]
    .into_iter()
    .map(|tier| TierShare {
        tier,
        share: share(samples.iter().filter(|s| s.tier == tier).count()),
    })
    .collect();
    let own = outcome.spread.reprints;
    let fewer = |sorted: &[u64], x: u64| sorted.partition_point(|&v| v < x);
    let more = |sorted: &[u64], x: u64| n - sorted.partition_point(|&v| v <= x);
    let this_run = Standing {
        foreign: own.foreign,
        foreign_fewer: share(fewer(&foreign, u64::from(own.foreign))),
        foreign_more: share(more(&foreign, u64::from(own.foreign))),
        reprints: own.reprints(),
        reprints_fewer: share(fewer(&reprints, u64::from(own.reprints()))),
        reprints_more: share(more(&reprints, u64::from(own.reprints()))),
        tier: outcome.repercussion.tier,
    };
    // Reprints so far, hour by hour, one column of replays at a time.
    let mut so_far = vec![0u32; n];
    let mut column_at = vec![0u32; n];
    let band = (0..hours)
        .map(|hour| {
            for (total, s) in so_far.iter_mut().zip(samples) {
                *total += s.by_hour[hour as usize];
            }
            column_at.copy_from_slice(&so_far);
            column_at.sort_unstable();
            Band {
                hour,
                p10: column_at[rank(n, 0.1)],
                median: column_at[rank(n, 0.5)],
                p90: column_at[rank(n, 0.9)],
            }
        })
        .collect();
    Replays {
        count: n as u32,
        foreign_pickup: share(samples.iter().filter(|s| s.reprints.foreign > 0).count()),
        domestic: quantiles(&domestic),
        self_media: quantiles(&self_media),
        foreign: quantiles(&foreign),
        reach: quantiles(&reach),
        kinds,
        damage,
        tiers,
        this_run,
        band,
    }
}

/// The index of the `q` quantile of `n` sorted values, by nearest rank.
fn rank(n: usize, q: f64) -> usize {
    ((q * n as f64).ceil() as usize).clamp(1, n) - 1
}

fn quantiles(sorted: &[u64]) -> Quantiles {
    let n = sorted.len();
    let total: u128 = sorted.iter().map(|&v| u128::from(v)).sum();
    Quantiles {
        p10: sorted[rank(n, 0.1)],
        median: sorted[rank(n, 0.5)],
        p90: sorted[rank(n, 0.9)],
        mean: round4(total as f64 / n as f64),
    }
}

impl Replays {
    /// The expected leak damage, in words.
    pub fn damage_line(&self) -> String {
        let d = &self.damage;
        if d.p90 == 0.0 && d.this_run == 0.0 {
            "  leak damage: none (nothing sensitive went out)".to_string()
        } else {
            format!(
                "  leak damage: {:.2} on average (10th to 90th percentile {:.2} to {:.2}); this run {:.2}",
                d.mean, d.p10, d.p90, d.this_run
            )
        }
    }

    /// The summary in words, one line each, for every front end to show as it is.
    pub fn lines(&self) -> Vec<String> {
        let pct = |share: f64| format!("{:.0}%", share * 100.0);
        let q = |q: &Quantiles| format!("{} (from {} to {})", q.median, q.p10, q.p90);
        let s = &self.this_run;
        let standing = if s.foreign_more == 0.0 && s.foreign_fewer == 0.0 {
            "the same as every replay".to_string()
        } else if s.foreign_fewer >= s.foreign_more {
            format!("more than {} of replays", pct(s.foreign_fewer))
        } else {
            format!("fewer than {} of replays", pct(s.foreign_more))
        };
        let tiers: Vec<String> = self
            .tiers
            .iter()
            .filter(|t| t.share > 0.0)
            .map(|t| format!("{} {}", t.tier.label(), pct(t.share)))
            .collect();
        vec![
            format!(
                "What usually happens: the story as it went out, replayed {} times over the same outlets",
                self.count
            ),
            format!(
                "  picked up abroad in {} of replays",
                pct(self.foreign_pickup)
            ),
            if self.kinds.is_empty() {
                format!(
                    "  reprints, median (10th to 90th percentile): domestic portals {}, self-media {}, foreign websites {}",
                    q(&self.domestic),
                    q(&self.self_media),
                    q(&self.foreign)
                )
            } else {
                let each: Vec<String> = self
                    .kinds
                    .iter()
                    .map(|k| format!("{} {}", k.label, q(&k.reprints)))
                    .collect();
                format!(
                    "  reprints, median (10th to 90th percentile): {}",
                    each.join(", ")
                )
            },
            format!("  repercussions: {}", tiers.join(", ")),
            self.damage_line(),
            format!(
                "  this run: {} foreign reprint{}, {}",
                s.foreign,
                if s.foreign == 1 { "" } else { "s" },
                standing
            ),
        ]
    }
}
