//! How a published story spreads: the seed's outlet network, the cascade over it, and the counts by kind and hour.
//!
//! The network depends only on the scenario's parameters, the same at every
//! seed; the seed and the story's appeal and sensitivity decide how the
//! cascade runs over it.

use crate::batch_totals;
use crate::cascade::{self, ChancesByPull, HourCounts, StoryPull, Trace};
use crate::cascade_batch::{BATCH, BatchCascader};
use crate::cascade_core::Chances;
use crate::model::NetworkParams;
use crate::network::{Network, OutletKind};
use crate::run::Run;
use crate::scenario::Scenario;
use crate::story::{Story, ended};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Random stream for the cascade's keyed draws.
const CASCADE_SEED_SALT: u64 = 0xCA5C_ADE0;

/// The spread of the story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// Outlets in the network, by kind.
    pub network: KindCounts,
    /// Links in the network.
    pub links: u64,
    /// Reprints by kind (the own outlet counts 1 when published).
    pub reprints: KindCounts,
    /// Total audience reached.
    pub reach: u64,
    /// Hour after publication a foreign website first ran the story.
    pub first_foreign_hour: Option<u32>,
    /// Hour by hour.
    pub hourly: Vec<HourCounts>,
    /// With a case's own outlet kinds, each of them (the own outlet aside); empty for the standard kinds, whose counts are the fields above.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<KindTally>,
}

/// One kind of outlet in a spread: how many there are and how many ran the story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindTally {
    /// The kind's id.
    pub id: String,
    /// What they are called, in the plural.
    pub label: String,
    /// Their colour, `"#rrggbb"`, for a case's own kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
    /// How they count.
    pub counts_as: OutletKind,
    /// Outlets of this kind in the network.
    pub outlets: u32,
    /// How many of them ran the story.
    pub reprints: u32,
}

impl Spread {
    /// Every kind but the own outlet, in network order, for the standard kinds as for a case's own.
    pub fn by_kind(&self) -> Vec<KindTally> {
        if !self.kinds.is_empty() {
            return self.kinds.clone();
        }
        let standard = |id: &str, kind: OutletKind, outlets, reprints| KindTally {
            id: id.to_string(),
            label: kind.label().to_string(),
            colour: None,
            counts_as: kind,
            outlets,
            reprints,
        };
        vec![
            standard(
                "domestic_portals",
                OutletKind::DomesticPortal,
                self.network.domestic,
                self.reprints.domestic,
            ),
            standard(
                "self_media",
                OutletKind::SelfMedia,
                self.network.self_media,
                self.reprints.self_media,
            ),
            standard(
                "foreign_sites",
                OutletKind::ForeignSite,
                self.network.foreign,
                self.reprints.foreign,
            ),
        ]
    }

    /// Outlets in the network, the own outlet included.
    pub fn outlets(&self) -> u32 {
        self.network.own + self.network.reprints()
    }

    /// "21 domestic portals, 329 self-media accounts and 17 foreign websites": who ran the story, in words.
    pub fn reprints_in_words(&self) -> String {
        let parts: Vec<String> = self
            .by_kind()
            .iter()
            .map(|k| format!("{} {}", k.reprints, k.label))
            .collect();
        match parts.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
    }
}

/// Counts by outlet kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct KindCounts {
    /// The own outlet.
    pub own: u32,
    /// Domestic portals.
    pub domestic: u32,
    /// Self-media accounts.
    pub self_media: u32,
    /// Foreign websites.
    pub foreign: u32,
}

impl KindCounts {
    /// All reprints other than the own outlet's.
    pub fn reprints(&self) -> u32 {
        self.domestic + self.self_media + self.foreign
    }
}

/// The network and cascade trace of a finished run, for front ends that animate it.
pub fn trace_for(run: &Run<'_>) -> Option<(Network, Trace)> {
    let ended = ended(run)?;
    let (network, trace) = spread_of(run.scenario(), run.seed(), &ended.story);
    Some((Network::clone(&network), trace))
}

/// The network and trace of a story with `seed`.
pub(crate) fn spread_of(scenario: &Scenario, seed: u64, story: &Story) -> (Arc<Network>, Trace) {
    // The network depends only on the parameters; the seed and the story decide the cascade.
    let network = scenario.network();
    let trace = trace_on(&network, &scenario.file.network, story, seed);
    (network, trace)
}

fn trace_on(network: &Network, params: &NetworkParams, story: &Story, seed: u64) -> Trace {
    if story.published {
        cascade::simulate(
            network,
            params,
            StoryPull {
                appeal: story.appeal,
                sensitivity: story.sensitivity,
            },
            seed ^ CASCADE_SEED_SALT,
        )
    } else {
        Trace {
            hour: vec![cascade::NEVER; network.len()],
            via: vec![cascade::NEVER; network.len()],
            hours: params.hours,
        }
    }
}

/// How much of a spread to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    /// Everything a debrief shows.
    Whole,
    /// The totals only: reprints by how they count, reach, the first foreign hour
    /// (`hourly` and `kinds` stay empty). All that scoring many runs needs.
    Totals,
}

/// The scenario's network at one seed, ready to spread many stories over it.
///
/// Gives exactly the [`Spread`] that [`Run::finish`] reports for a run with
/// this seed, without generating the network again, with the stories
/// spread together, up to [`BATCH`] in one walk of the network: balance
/// analysis plays many runs per seed.
pub(crate) struct SeedSpread<'n> {
    network: &'n Network,
    params: &'n NetworkParams,
    seed: u64,
    batch: &'n mut BatchCascader,
    chances: &'n mut ChancesByPull,
}

/// Working memory for [`SeedSpread`], kept from seed to seed.
#[derive(Debug, Default)]
pub(crate) struct SpreadMemory {
    batch: BatchCascader,
    chances: ChancesByPull,
}

impl<'n> SeedSpread<'n> {
    /// `network` must be [`Network::of`] `params`;
    /// `batch` is working memory, kept from seed to seed.
    pub(crate) fn new(
        network: &'n Network,
        params: &'n NetworkParams,
        seed: u64,
        memory: &'n mut SpreadMemory,
    ) -> Self {
        SeedSpread {
            network,
            params,
            seed: seed ^ CASCADE_SEED_SALT,
            batch: &mut memory.batch,
            chances: &mut memory.chances,
        }
    }

    /// The spread of each of `stories`, in order: with [`Detail::Whole`] the
    /// same as [`summarise`] of each one's trace; with [`Detail::Totals`] the
    /// same totals, without the hours and the kinds one by one.
    pub(crate) fn spreads(&mut self, stories: &[&Story], detail: Detail) -> Vec<Spread> {
        let network = self.network;
        let hours = self.params.hours;
        let mut tallies: Vec<Tally> = match detail {
            Detail::Whole => stories.iter().map(|_| Tally::new(network, hours)).collect(),
            Detail::Totals => Vec::new(),
        };
        let mut totals = vec![batch_totals::Totals::NONE; stories.len()];
        let published: Vec<usize> = (0..stories.len())
            .filter(|&i| stories[i].published)
            .collect();
        let pull = |i: usize| StoryPull {
            appeal: stories[i].appeal,
            sensitivity: stories[i].sensitivity,
        };
        self.chances
            .learn(self.params, published.iter().map(|&i| pull(i)));
        for group in published.chunks(BATCH) {
            let chances: Vec<&Chances> = group.iter().map(|&i| self.chances.of(pull(i))).collect();
            self.batch
                .run(&network.graph, &chances, self.seed, hours, 0);
            if detail == Detail::Totals {
                batch_totals::add_batch(network, self.batch.ran(), group, &mut totals);
                continue;
            }
            for ran in self.batch.ran() {
                let v = ran.outlet as usize;
                let (kind, audience) = (usize::from(network.kind[v]), network.audience[v]);
                let mut bits = ran.stories;
                while bits != 0 {
                    let b = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    tallies[group[b]].add_of_kind(kind, audience, ran.hour);
                }
            }
        }
        match detail {
            Detail::Whole => tallies
                .into_iter()
                .map(|t| t.finish(network, detail))
                .collect(),
            Detail::Totals => totals
                .into_iter()
                .map(|t| Spread {
                    network: sizes(network),
                    links: network.link_count() as u64,
                    reprints: KindCounts {
                        own: t.reprints[0],
                        domestic: t.reprints[1],
                        self_media: t.reprints[2],
                        foreign: t.reprints[3],
                    },
                    reach: t.reach,
                    first_foreign_hour: t.first_foreign_hour,
                    hourly: Vec::new(),
                    kinds: Vec::new(),
                })
                .collect(),
        }
    }
}

/// The spread of the outlets in `ran` over `network`, each running the story
/// at `hour_of(outlet)`, counted over `hours` hours.
pub(crate) fn tally(
    network: &Network,
    ran: &[u32],
    hour_of: impl Fn(usize) -> u32,
    hours: u32,
) -> Spread {
    let mut tally = Tally::new(network, hours);
    for &v in ran {
        tally.add(network, v, hour_of(v as usize));
    }
    tally.finish(network, Detail::Whole)
}

/// The spread of outlets given hour by hour over `network`: item `h` of
/// `by_hour` lists those that ran the story at hour `h`; counted over `hours` hours.
pub(crate) fn tally_by_hour<'a>(
    network: &Network,
    by_hour: impl Iterator<Item = &'a [u32]>,
    hours: u32,
) -> Spread {
    let mut tally = Tally::new(network, hours);
    for (hour, outlets) in (0..hours).zip(by_hour) {
        tally.add_hour(network, outlets, hour);
    }
    tally.finish(network, Detail::Whole)
}

/// A [`Spread`] being counted, one outlet at a time: outlets by hour and kind, audience by hour.
struct Tally {
    kinds: usize,
    /// `ran[hour * kinds + kind]`: how many outlets of `kind` ran the story at `hour`.
    ran: Vec<u32>,
    reach_at: Vec<u64>,
}

impl Tally {
    fn new(network: &Network, hours: u32) -> Tally {
        let kinds = network.kinds.len();
        Tally {
            kinds,
            ran: vec![0; kinds * hours as usize],
            reach_at: vec![0; hours as usize],
        }
    }

    /// Outlet `v` ran the story at `hour`.
    fn add(&mut self, network: &Network, v: u32, hour: u32) {
        let v = v as usize;
        self.add_of_kind(usize::from(network.kind[v]), network.audience[v], hour);
    }

    /// The outlets of `outlets` ran the story at `hour`. On a large network their
    /// audiences are far apart in memory: they are added up in a loop of their
    /// own, so the processor waits for many at once, and each one's kind is
    /// told from its number rather than read.
    fn add_hour(&mut self, network: &Network, outlets: &[u32], hour: u32) {
        let reach: u64 = outlets.iter().map(|&v| network.audience[v as usize]).sum();
        let row = hour as usize * self.kinds;
        for &v in outlets {
            self.ran[row + network.graph.kind_of(v as usize)] += 1;
        }
        self.reach_at[hour as usize] += reach;
    }

    /// An outlet of kind `kind` with `audience` ran the story at `hour`.
    #[inline]
    fn add_of_kind(&mut self, kind: usize, audience: u64, hour: u32) {
        self.ran[hour as usize * self.kinds + kind] += 1;
        self.reach_at[hour as usize] += audience;
    }

    /// The spread counted; with `detail`, hour by hour and kind by kind too.
    fn finish(self, network: &Network, detail: Detail) -> Spread {
        let whole = detail == Detail::Whole;
        // A case's own kinds are counted one by one as well as in the standard totals.
        let custom = network.has_own_kinds();
        let per_kind = if custom && whole { self.kinds - 1 } else { 0 };
        let mut reprints = KindCounts::default();
        let mut kind_reprints = vec![0u32; per_kind];
        let mut first_foreign_hour = None;
        let mut reach = 0u64;
        let mut hourly = Vec::with_capacity(if whole { self.reach_at.len() } else { 0 });
        for (hour, (cells, add)) in self.ran.chunks(self.kinds).zip(self.reach_at).enumerate() {
            let hour = hour as u32;
            let mut row = HourCounts {
                hour,
                domestic: 0,
                self_media: 0,
                foreign: 0,
                reach: 0,
                kinds: vec![0; per_kind],
            };
            for (k, &ran) in cells.iter().enumerate() {
                match network.kinds[k].counts_as {
                    OutletKind::Own => reprints.own += ran,
                    OutletKind::DomesticPortal => row.domestic += ran,
                    OutletKind::SelfMedia => row.self_media += ran,
                    OutletKind::ForeignSite => row.foreign += ran,
                }
                if per_kind > 0 && k > 0 {
                    row.kinds[k - 1] = ran;
                    kind_reprints[k - 1] += ran;
                }
            }
            if row.foreign > 0 && first_foreign_hour.is_none() {
                first_foreign_hour = Some(hour);
            }
            reprints.domestic += row.domestic;
            reprints.self_media += row.self_media;
            reprints.foreign += row.foreign;
            reach += add;
            row.reach = reach;
            if whole {
                hourly.push(row);
            }
        }
        let kinds = if per_kind > 0 {
            network.kinds[1..]
                .iter()
                .zip(kind_reprints)
                .map(|(k, ran)| KindTally {
                    id: k.id.clone(),
                    label: k.label.clone(),
                    colour: k.colour.clone(),
                    counts_as: k.counts_as,
                    outlets: k.count,
                    reprints: ran,
                })
                .collect()
        } else {
            Vec::new()
        };
        Spread {
            network: sizes(network),
            links: network.link_count() as u64,
            reprints,
            reach,
            first_foreign_hour,
            hourly,
            kinds,
        }
    }
}

/// How many outlets count as each kind in a network.
pub(crate) fn sizes(network: &Network) -> KindCounts {
    let size = |kind| network.count(kind) as u32;
    KindCounts {
        own: size(OutletKind::Own),
        domestic: size(OutletKind::DomesticPortal),
        self_media: size(OutletKind::SelfMedia),
        foreign: size(OutletKind::ForeignSite),
    }
}

pub(crate) fn summarise(network: &Network, trace: &Trace) -> Spread {
    let ran: Vec<u32> = (0..trace.hour.len() as u32)
        .filter(|&v| trace.hour[v as usize] != cascade::NEVER)
        .collect();
    tally(network, &ran, |v| trace.hour[v], trace.hours)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Audience, Classification, Driver, OutletKindDef};

    fn story(published: bool, appeal: f64, sensitivity: f64) -> Story {
        Story {
            published,
            items: Vec::new(),
            newsworthiness: 0,
            highest_classification: Classification::Public,
            appeal,
            sensitivity,
        }
    }

    fn kind(id: &str, count: u32, driven_by: Driver, foreign: bool) -> OutletKindDef {
        OutletKindDef {
            id: id.into(),
            label: format!("{id}s"),
            count,
            driven_by,
            reprint: 0.3,
            baseline: if foreign { 0.1 } else { 0.0 },
            delay_hours: 3,
            foreign,
            foreign_boost: 1.5,
            audience: 5_000,
            colour: "#336699".into(),
        }
    }

    #[test]
    fn one_network_many_stories_spreads_exactly_as_a_fresh_run() {
        let standard = NetworkParams {
            domestic_portals: 40,
            self_media: 900,
            foreign_sites: 30,
            outlet_kinds: Vec::new(),
            follows: 4,
            hours: 48,
            domestic_reprint: 0.3,
            self_media_reprint: 0.25,
            foreign_pickup: 0.3,
            foreign_baseline: 0.1,
            interpretation_boost: 1.8,
            news_saturation: 20.0,
            audience: Audience::default(),
        };
        // A case's own kinds, which a whole spread counts one by one.
        let own = NetworkParams {
            outlet_kinds: vec![
                kind("wire", 20, Driver::Both, false),
                kind("blog", 700, Driver::Appeal, false),
                kind("mirror", 40, Driver::Sensitivity, true),
            ],
            ..standard.clone()
        };
        for params in [standard, own] {
            for seed in [0, 1, 7, 2024] {
                let network = Network::of(&params);
                let mut memory = SpreadMemory::default();
                let mut shared = SeedSpread::new(&network, &params, seed, &mut memory);
                // More stories than one batch holds, held ones among them.
                let stories: Vec<Story> = (0..BATCH + 6)
                    .map(|i| {
                        let f = i as f64 / (BATCH + 5) as f64;
                        story(i % 9 != 4, f, (1.0 - f) * (i % 3) as f64 / 2.0)
                    })
                    .collect();
                let refs: Vec<&Story> = stories.iter().collect();
                let spreads = shared.spreads(&refs, Detail::Whole);
                assert_eq!(spreads.len(), stories.len());
                for (s, spread) in stories.iter().zip(&spreads) {
                    let fresh = summarise(&network, &trace_on(&network, &params, s, seed));
                    assert_eq!(spread, &fresh, "seed {seed}, {s:?}");
                }
                assert!(
                    spreads.iter().any(|s| s.reprints.foreign > 0),
                    "some story goes abroad at seed {seed}"
                );
                // The same network again gives the same spreads; the totals alone, the same totals.
                assert_eq!(shared.spreads(&refs[..3], Detail::Whole), spreads[..3]);
                let totals = shared.spreads(&refs, Detail::Totals);
                for (t, whole) in totals.iter().zip(&spreads) {
                    assert!(t.hourly.is_empty() && t.kinds.is_empty());
                    let whole = Spread {
                        hourly: Vec::new(),
                        kinds: Vec::new(),
                        ..whole.clone()
                    };
                    assert_eq!(t, &whole, "seed {seed}");
                }
            }
        }
    }
}
