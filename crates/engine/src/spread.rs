//! How a published story spreads: the seed's outlet network, the cascade over it, and the counts by kind and hour.
//!
//! The network depends only on the scenario's parameters and the seed; the
//! story's appeal and sensitivity decide how the cascade runs over it.

use crate::cascade::{self, HourCounts, StoryPull, Trace};
use crate::cascade_core::{Cascader, Prepared};
use crate::model::NetworkParams;
use crate::network::{Network, OutletKind};
use crate::run::Run;
use crate::scenario::Scenario;
use crate::story::{Story, ended};
use serde::{Deserialize, Serialize};

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
    Some(spread_of(run.scenario(), run.seed(), &ended.story))
}

/// The network and trace of a story with `seed`.
pub(crate) fn spread_of(scenario: &Scenario, seed: u64, story: &Story) -> (Network, Trace) {
    let params = &scenario.file.network;
    // The network depends only on the parameters and the seed; the story decides the cascade.
    let network = Network::generate(params, seed);
    let trace = trace_on(&network, params, story, seed);
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

/// One seed's network, ready to spread many stories over it.
///
/// Gives exactly the [`Spread`] that [`Run::finish`] reports for a run with
/// this seed, without generating the network again, with the seed's
/// candidate links drawn once and one cascade's working memory reused:
/// balance analysis plays many runs per seed.
pub(crate) struct SeedSpread<'n> {
    network: &'n Network,
    params: &'n NetworkParams,
    seed: u64,
    cascader: Cascader,
    /// The seed's candidate links, drawn at the first published story.
    prepared: Option<Prepared>,
}

impl<'n> SeedSpread<'n> {
    /// `network` must be the network generated from `params` for `seed`.
    pub(crate) fn new(network: &'n Network, params: &'n NetworkParams, seed: u64) -> Self {
        SeedSpread {
            network,
            params,
            seed: seed ^ CASCADE_SEED_SALT,
            cascader: Cascader::counting(),
            prepared: None,
        }
    }

    /// The spread of `story`; the same as [`summarise`] of its trace, counted from the outlets that ran it.
    pub(crate) fn spread(&mut self, story: &Story) -> Spread {
        let network = self.network;
        let ran: &[u32] = if story.published {
            let pull = StoryPull {
                appeal: story.appeal,
                sensitivity: story.sensitivity,
            };
            let chances = cascade::chances(self.params, pull);
            let seed = self.seed;
            let prepared = self
                .prepared
                .get_or_insert_with(|| Prepared::new(&network.graph, &chances, seed));
            self.cascader
                .run_prepared(&network.graph, &chances, prepared, self.params.hours, 0);
            self.cascader.ran()
        } else {
            &[]
        };
        let cascader = &self.cascader;
        tally(network, ran, |v| cascader.hour(v), self.params.hours)
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
    // A case's own kinds are counted one by one as well as in the standard totals.
    let own_kinds = network.kinds.len() - 1;
    let custom = network.has_own_kinds();
    let per_kind = if custom { own_kinds } else { 0 };
    let mut reprints = KindCounts::default();
    let mut reach = 0u64;
    let mut first_foreign_hour: Option<u32> = None;
    let mut hourly: Vec<HourCounts> = (0..hours)
        .map(|hour| HourCounts {
            hour,
            domestic: 0,
            self_media: 0,
            foreign: 0,
            reach: 0,
            kinds: vec![0; per_kind],
        })
        .collect();
    let mut reach_at = vec![0u64; hourly.len()];
    let mut kind_reprints = vec![0u32; per_kind];
    for &v in ran {
        let hour = hour_of(v as usize);
        let row = &mut hourly[hour as usize];
        let k = network.kind[v as usize] as usize;
        match network.kinds[k].counts_as {
            OutletKind::Own => reprints.own += 1,
            OutletKind::DomesticPortal => row.domestic += 1,
            OutletKind::SelfMedia => row.self_media += 1,
            OutletKind::ForeignSite => {
                row.foreign += 1;
                first_foreign_hour = Some(first_foreign_hour.map_or(hour, |f| f.min(hour)));
            }
        }
        if custom && k > 0 {
            row.kinds[k - 1] += 1;
            kind_reprints[k - 1] += 1;
        }
        reach_at[hour as usize] += network.audience[v as usize];
    }
    for (row, add) in hourly.iter_mut().zip(reach_at) {
        reprints.domestic += row.domestic;
        reprints.self_media += row.self_media;
        reprints.foreign += row.foreign;
        reach += add;
        row.reach = reach;
    }
    let kinds = if custom {
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
    use crate::model::{Audience, Classification};

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

    #[test]
    fn one_network_many_stories_spreads_exactly_as_a_fresh_run() {
        let params = NetworkParams {
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
        for seed in [0, 1, 7, 2024] {
            let network = Network::generate(&params, seed);
            let mut shared = SeedSpread::new(&network, &params, seed);
            for s in [
                story(false, 0.0, 0.0),
                story(true, 0.0, 0.0),
                story(true, 0.35, 0.0),
                story(true, 0.8, 0.3333),
                story(true, 1.0, 1.0),
            ] {
                let fresh = summarise(&network, &trace_on(&network, &params, &s, seed));
                assert_eq!(shared.spread(&s), fresh, "seed {seed}, {s:?}");
            }
        }
    }
}
