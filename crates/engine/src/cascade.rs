//! The hour-by-hour reprint cascade of a story over the outlet network: the chances and delays of each kind, over the cascade core.
//!
//! Each link gets one chance to carry the story, the first time the outlet it
//! follows runs it. The chance depends on the follower's kind and the story:
//! news appeal drives domestic portals and self-media, sensitivity drives
//! foreign websites, and self-media "interpretations" draw foreign eyes.
//! The core ([`crate::cascade_core`]) draws the links at the highest chance any
//! story could have, so a less appealing or less sensitive story spreads to
//! a subset of the outlets a more appealing one reaches: "what if"
//! comparisons are fair.

use crate::cascade_core::{Cascader, Chances};
use crate::model::NetworkParams;
use crate::network::{Network, OutletKind};
use crate::outlets::{self, KindRule};
use foldhash::fast::FixedState;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub use crate::cascade_core::NEVER;

/// What about the published story drives its spread.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StoryPull {
    /// News appeal in `[0, 1]`.
    pub appeal: f64,
    /// Sensitivity in `[0, 1]`: 1 for secret detail and above.
    pub sensitivity: f64,
}

impl StoryPull {
    /// The strongest pull a story can have: the chances every other story stays under.
    pub const STRONGEST: StoryPull = StoryPull {
        appeal: 1.0,
        sensitivity: 1.0,
    };
}

/// Who ran the story, when, and from whom.
#[derive(Debug, Clone)]
pub struct Trace {
    /// Hour after publication each outlet ran the story, or [`NEVER`].
    pub hour: Vec<u32>,
    /// The outlet each one took it from (itself for the own outlet).
    pub via: Vec<u32>,
    /// Hours simulated.
    pub hours: u32,
}

/// Reprint counts for one hour, and running totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HourCounts {
    /// Hour after publication.
    pub hour: u32,
    /// New domestic-portal reprints this hour (with a case's own kinds: of every domestic kind).
    pub domestic: u32,
    /// New self-media reprints this hour.
    pub self_media: u32,
    /// New foreign reprints this hour (with a case's own kinds: of every foreign kind).
    pub foreign: u32,
    /// Total reach so far.
    pub reach: u64,
    /// With a case's own kinds, new reprints of each of them this hour, in the order written; empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<u32>,
}

impl HourCounts {
    /// New reprints this hour of each kind but the own outlet, in network order.
    pub fn by_kind(&self) -> Vec<u32> {
        if self.kinds.is_empty() {
            vec![self.domestic, self.self_media, self.foreign]
        } else {
            self.kinds.clone()
        }
    }

    /// New reprints this hour of every kind but the own outlet.
    pub fn reprints(&self) -> u32 {
        self.domestic + self.self_media + self.foreign
    }
}

/// Chances per (from, to) kind pair, in the core's layout.
fn table(rules: &[KindRule], story: StoryPull) -> Vec<f64> {
    let mut table = Vec::with_capacity(rules.len() * rules.len());
    for from in rules {
        for to in rules {
            table.push(to.chance(from, story.appeal, story.sensitivity));
        }
    }
    table
}

/// The core's chances for `story` over a network with `params`: chances grow
/// with appeal and sensitivity, so the strongest pull gives the ceilings.
pub fn chances(params: &NetworkParams, story: StoryPull) -> Chances {
    drawn_at(params, story, StoryPull::STRONGEST)
}

/// The core's chances for `story` alone, drawn at its own chances with no
/// ceiling above them: the fewest draws, for replays, which vary the seed of
/// one story and so never compare it with another at the same seed.
pub fn own_chances(params: &NetworkParams, story: StoryPull) -> Chances {
    drawn_at(params, story, story)
}

/// The chances of `story`, with candidate links drawn at the chances of `ceiling`.
fn drawn_at(params: &NetworkParams, story: StoryPull, ceiling: StoryPull) -> Chances {
    let rules = outlets::rules(params);
    let delays: Vec<u32> = rules.iter().map(KindRule::delay).collect();
    Chances::new(
        rules.len(),
        &table(&rules, story),
        &table(&rules, ceiling),
        &delays,
    )
}

/// The [`chances`] of each story pull met so far, for one network's parameters: balance analysis meets the same pulls at every seed.
#[derive(Debug, Default)]
pub(crate) struct ChancesByPull {
    known: HashMap<(u64, u64), Chances, FixedState>,
}

impl ChancesByPull {
    /// Most pulls kept (each some kilobytes); past it the memory starts afresh.
    const MOST: usize = 1024;

    /// Works out the chances of each of `pulls` not yet known.
    pub(crate) fn learn(
        &mut self,
        params: &NetworkParams,
        pulls: impl Iterator<Item = StoryPull> + Clone,
    ) {
        if self.known.len() + pulls.clone().count() > Self::MOST {
            self.known.clear();
        }
        for pull in pulls {
            self.known
                .entry(Self::key(pull))
                .or_insert_with(|| chances(params, pull));
        }
    }

    /// The chances of `pull`, which [`Self::learn`] was given.
    pub(crate) fn of(&self, pull: StoryPull) -> &Chances {
        &self.known[&Self::key(pull)]
    }

    fn key(pull: StoryPull) -> (u64, u64) {
        (pull.appeal.to_bits(), pull.sensitivity.to_bits())
    }
}

/// Runs the cascade from the own outlet at hour 0 for `params.hours` hours.
pub fn simulate(network: &Network, params: &NetworkParams, story: StoryPull, seed: u64) -> Trace {
    let mut cascader = Cascader::new();
    cascader.run(
        &network.graph,
        &chances(params, story),
        seed,
        params.hours,
        0,
    );
    let n = network.len();
    Trace {
        hour: (0..n).map(|v| cascader.hour(v)).collect(),
        via: (0..n).map(|v| cascader.via(v)).collect(),
        hours: params.hours,
    }
}

impl Trace {
    /// How many outlets of `kind` ran the story.
    pub fn count(&self, network: &Network, kind: OutletKind) -> u32 {
        self.hour
            .iter()
            .enumerate()
            .filter(|(v, h)| **h != NEVER && network.counts_as(*v) == kind)
            .count() as u32
    }

    /// Total audience of every outlet that ran the story.
    pub fn reach(&self, network: &Network) -> u64 {
        self.hour
            .iter()
            .zip(&network.audience)
            .filter(|(h, _)| **h != NEVER)
            .map(|(_, a)| *a)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Audience;

    fn params() -> NetworkParams {
        NetworkParams {
            domestic_portals: 50,
            self_media: 800,
            foreign_sites: 30,
            outlet_kinds: Vec::new(),
            follows: 4,
            hours: 48,
            domestic_reprint: 0.3,
            self_media_reprint: 0.25,
            foreign_pickup: 0.3,
            foreign_baseline: 0.1,
            interpretation_boost: 1.5,
            news_saturation: 20.0,
            audience: Audience::default(),
        }
    }

    #[test]
    fn more_sensitive_story_reaches_a_superset_of_foreign_sites() {
        let p = params();
        let net = Network::generate(&p, 3);
        let mild = simulate(
            &net,
            &p,
            StoryPull {
                appeal: 0.6,
                sensitivity: 0.0,
            },
            3,
        );
        let hot = simulate(
            &net,
            &p,
            StoryPull {
                appeal: 0.6,
                sensitivity: 1.0,
            },
            3,
        );
        for v in 0..net.len() {
            if mild.hour[v] != NEVER {
                assert_ne!(
                    hot.hour[v], NEVER,
                    "outlet {v} ran the mild story but not the hot one"
                );
            }
        }
        assert!(
            hot.count(&net, OutletKind::ForeignSite) >= mild.count(&net, OutletKind::ForeignSite)
        );
        assert!(hot.count(&net, OutletKind::ForeignSite) > 0);
    }

    #[test]
    fn zero_appeal_and_zero_sensitivity_stays_home_mostly() {
        let p = params();
        let net = Network::generate(&p, 5);
        let t = simulate(
            &net,
            &p,
            StoryPull {
                appeal: 0.0,
                sensitivity: 0.0,
            },
            5,
        );
        assert_eq!(t.count(&net, OutletKind::DomesticPortal), 0);
        assert_eq!(t.count(&net, OutletKind::SelfMedia), 0);
        assert_eq!(t.hours, 48);
        assert!(t.reach(&net) >= p.audience.own);
    }
}
