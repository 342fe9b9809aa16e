//! Generates the outlet network (own outlet, domestic portals, self-media, foreign sites) from a scenario's parameters and a seed.
//!
//! Outlets join in kind order and each follows `follows` earlier outlets,
//! picked in proportion to how many already follow them (preferential
//! attachment), so a few portals become hubs, as real ones are.

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
    /// Kind of each outlet; outlet 0 is the own outlet.
    pub kinds: Vec<OutletKind>,
    /// Audience of each outlet.
    pub audience: Vec<u64>,
    /// `followers[follower_start[u]..follower_start[u + 1]]` are the outlets that follow `u`.
    pub follower_start: Vec<u32>,
    /// Followers, grouped by the outlet they follow.
    pub followers: Vec<u32>,
}

impl Network {
    /// Generates the network for `params` and `seed`.
    pub fn generate(params: &NetworkParams, seed: u64) -> Network {
        let mut rng = rng::stream(seed, NETWORK_STREAM);
        let mut kinds = vec![OutletKind::Own];
        for (kind, n) in [
            (OutletKind::DomesticPortal, params.domestic_portals),
            (OutletKind::SelfMedia, params.self_media),
            (OutletKind::ForeignSite, params.foreign_sites),
        ] {
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

        // Edges as (followed, follower), created in follower order.
        let follows = params.follows.max(1) as usize;
        let mut edges: Vec<(u32, u32)> = Vec::with_capacity(n.saturating_sub(1) * follows);
        // Each entry is one unit of attractiveness; the own outlet starts ahead.
        let mut pool: Vec<u32> = Vec::with_capacity(follows + n.saturating_sub(1) * (follows + 1));
        pool.resize(follows, 0);
        let mut picked: Vec<u32> = Vec::with_capacity(follows);
        for v in 1..n {
            picked.clear();
            let wanted = follows.min(v);
            let mut attempts = 0;
            while picked.len() < wanted && attempts < wanted * 8 {
                attempts += 1;
                let u = pool[rng::below(&mut rng, pool.len() as u64) as usize];
                if !picked.contains(&u) {
                    picked.push(u);
                }
            }
            for &u in &picked {
                edges.push((u, v as u32));
                pool.push(u);
            }
            pool.push(v as u32);
        }

        // Compressed rows by followed outlet; a stable counting sort keeps follower order.
        let mut follower_start = vec![0u32; n + 1];
        for &(u, _) in &edges {
            follower_start[u as usize + 1] += 1;
        }
        for i in 0..n {
            follower_start[i + 1] += follower_start[i];
        }
        let mut fill = follower_start.clone();
        let mut followers = vec![0u32; edges.len()];
        for &(u, v) in &edges {
            followers[fill[u as usize] as usize] = v;
            fill[u as usize] += 1;
        }
        Network {
            kinds,
            audience,
            follower_start,
            followers,
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
        self.followers.len()
    }

    /// The outlets that follow `u`, with the index of each link.
    pub fn followers_of(&self, u: usize) -> impl Iterator<Item = (usize, u32)> + '_ {
        let start = self.follower_start[u] as usize;
        let end = self.follower_start[u + 1] as usize;
        (start..end).map(|e| (e, self.followers[e]))
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
        assert_eq!(a.followers, b.followers);
        assert_eq!(a.audience, b.audience);
        assert_ne!(a.followers, c.followers);
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
            net.followers_of(0).count() > 100,
            "own outlet should be a hub"
        );
    }
}
