//! Generates the outlet network (own outlet, domestic portals, self-media, foreign sites) from a scenario's parameters and a seed.
//!
//! Outlets join in kind order and each follows `follows` earlier outlets,
//! picked in proportion to how many already follow them (preferential
//! attachment), so a few portals become hubs, as real ones are.

use crate::follow_graph::FollowGraph;
use crate::model::NetworkParams;
use crate::rng;
use serde::{Deserialize, Serialize};

/// The kinds of outlet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutletKind {
    /// The player's own outlet, which publishes first.
    Own,
    /// A domestic news portal.
    DomesticPortal,
    /// A self-media account.
    SelfMedia,
    /// A foreign website.
    ForeignSite,
}

impl OutletKind {
    /// All kinds, in network order.
    pub const ALL: [OutletKind; 4] = [
        OutletKind::Own,
        OutletKind::DomesticPortal,
        OutletKind::SelfMedia,
        OutletKind::ForeignSite,
    ];

    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            OutletKind::Own => "own outlet",
            OutletKind::DomesticPortal => "domestic portals",
            OutletKind::SelfMedia => "self-media accounts",
            OutletKind::ForeignSite => "foreign websites",
        }
    }
}

/// Random stream used for network generation.
const NETWORK_STREAM: u64 = 1;
/// Audience of any one outlet is capped at this multiple of its kind's mean.
const AUDIENCE_CAP: f64 = 50.0;

/// A generated outlet network.
#[derive(Debug, Clone)]
pub struct Network {
    /// Kind of each outlet; outlet 0 is the own outlet, then each kind in [`OutletKind::ALL`] order.
    pub kinds: Vec<OutletKind>,
    /// Audience of each outlet.
    pub audience: Vec<u64>,
    /// Who follows whom: a link `u → v` means `v` follows `u`.
    pub graph: FollowGraph,
}

impl Network {
    /// Generates the network for `params` and `seed`.
    pub fn generate(params: &NetworkParams, seed: u64) -> Network {
        let mut rng = rng::stream(seed, NETWORK_STREAM);
        let sizes = [
            1,
            params.domestic_portals,
            params.self_media,
            params.foreign_sites,
        ];
        let mut kinds = Vec::with_capacity(sizes.iter().map(|s| *s as usize).sum());
        for (kind, n) in OutletKind::ALL.into_iter().zip(sizes) {
            kinds.extend(std::iter::repeat_n(kind, n as usize));
        }
        let n = kinds.len();
        let audience: Vec<u64> = kinds
            .iter()
            .map(|kind| {
                let mean = match kind {
                    OutletKind::Own => return params.audience.own,
                    OutletKind::DomesticPortal => params.audience.domestic_portal,
                    OutletKind::SelfMedia => params.audience.self_media,
                    OutletKind::ForeignSite => params.audience.foreign_site,
                } as f64;
                // 0.5 / sqrt(u) has mean 1 and a heavy tail; sqrt is exact in IEEE arithmetic.
                let u = 1.0 - rng::unit(&mut rng);
                let factor = (0.5 / u.sqrt()).min(AUDIENCE_CAP);
                (mean * factor) as u64
            })
            .collect();

        // The outlets each one follows, in follower order: `picks[pick_end[v - 1]..pick_end[v]]` for `v`.
        let follows = params.follows.max(1) as usize;
        let mut picks: Vec<u32> = Vec::with_capacity(n.saturating_sub(1) * follows);
        let mut pick_end: Vec<u32> = Vec::with_capacity(n);
        pick_end.push(0);
        // Each entry is one unit of attractiveness; the own outlet starts ahead.
        let mut pool: Vec<u32> = Vec::with_capacity(follows + n.saturating_sub(1) * (follows + 1));
        pool.resize(follows, 0);
        for v in 1..n {
            let first = picks.len();
            let wanted = follows.min(v);
            let mut attempts = 0;
            while picks.len() - first < wanted && attempts < wanted * 8 {
                attempts += 1;
                let u = pool[rng::below(&mut rng, pool.len() as u64) as usize];
                if !picks[first..].contains(&u) {
                    picks.push(u);
                }
            }
            pool.extend_from_slice(&picks[first..]);
            pool.push(v as u32);
            pick_end.push(picks.len() as u32);
        }
        drop(pool);

        // Rows by followed outlet; filling them in follower order keeps each row sorted.
        let mut row_start = vec![0u32; n + 1];
        for &u in &picks {
            row_start[u as usize + 1] += 1;
        }
        for i in 0..n {
            row_start[i + 1] += row_start[i];
        }
        let mut fill = row_start.clone();
        let mut followers = vec![0u32; picks.len()];
        for v in 1..n {
            for &u in &picks[pick_end[v - 1] as usize..pick_end[v] as usize] {
                followers[fill[u as usize] as usize] = v as u32;
                fill[u as usize] += 1;
            }
        }
        let graph = FollowGraph::from_parts(&sizes, row_start, followers)
            .expect("the validator keeps networks within 32-bit counts");
        Network {
            kinds,
            audience,
            graph,
        }
    }

    /// Number of outlets.
    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    /// True if there are no outlets (never, for a generated network).
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// Number of links.
    pub fn link_count(&self) -> usize {
        self.graph.link_count()
    }

    /// The outlets that follow `u`, in increasing order.
    pub fn followers_of(&self, u: usize) -> &[u32] {
        self.graph.followers_of(u)
    }

    /// How many outlets of each kind.
    pub fn count(&self, kind: OutletKind) -> usize {
        self.kinds.iter().filter(|k| **k == kind).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Audience;

    fn params(portals: u32, self_media: u32, foreign: u32) -> NetworkParams {
        NetworkParams {
            domestic_portals: portals,
            self_media,
            foreign_sites: foreign,
            follows: 4,
            hours: 48,
            domestic_reprint: 0.25,
            self_media_reprint: 0.2,
            foreign_pickup: 0.3,
            foreign_baseline: 0.1,
            interpretation_boost: 1.5,
            news_saturation: 20.0,
            audience: Audience::default(),
        }
    }

    #[test]
    fn same_seed_same_network_and_kinds_in_order() {
        let a = Network::generate(&params(10, 100, 5), 9);
        let b = Network::generate(&params(10, 100, 5), 9);
        let c = Network::generate(&params(10, 100, 5), 10);
        assert_eq!(a.graph, b.graph);
        assert_eq!(a.audience, b.audience);
        assert_ne!(a.graph, c.graph);
        assert_eq!(a.len(), 116);
        assert_eq!(a.count(OutletKind::SelfMedia), 100);
        assert_eq!(a.kinds[0], OutletKind::Own);
        // Every outlet but the first follows `follows` others (or all earlier ones).
        assert_eq!(a.link_count(), 1 + 2 + 3 + 4 * (116 - 4));
    }

    #[test]
    fn hundred_thousand_outlets_generate() {
        let net = Network::generate(&params(2_000, 95_000, 3_000), 1);
        assert_eq!(net.len(), 100_001);
        assert!(
            net.followers_of(0).len() > 100,
            "own outlet should be a hub"
        );
    }
}
