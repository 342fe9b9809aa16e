//! Generates the outlet network (the own outlet, then each kind in turn) from a scenario's parameters: the same at every seed.
//!
//! Outlets join in kind order and each follows `follows` earlier outlets,
//! picked in proportion to how many already follow them (preferential
//! attachment), so a few portals become hubs, as real ones are.
//!
//! A scenario's network is part of the case, like its materials: every run
//! and every seed spreads over the same outlets and links, and the seed rolls
//! only who picks the story up (see [`Network::of`]).

use crate::follow_graph::FollowGraph;
use crate::model::NetworkParams;
use crate::rng;

pub use crate::outlets::OutletKind;
use crate::outlets::{self, KindInfo};

/// Random stream used for network generation.
const NETWORK_STREAM: u64 = 1;
/// The layout a scenario's network is drawn with: one for every run and seed.
const SCENARIO_LAYOUT: u64 = 0;
/// Audience of any one outlet is capped at this multiple of its kind's mean.
const AUDIENCE_CAP: f64 = 50.0;

/// A generated outlet network.
#[derive(Debug, Clone)]
pub struct Network {
    /// The kinds, the own outlet's first (see [`crate::outlets`]).
    pub kinds: Vec<KindInfo>,
    /// The kind of each outlet, as an index into `kinds`; outlets of one kind are consecutive.
    pub kind: Vec<u8>,
    /// Audience of each outlet.
    pub audience: Vec<u64>,
    /// Who follows whom: a link `u → v` means `v` follows `u`.
    pub graph: FollowGraph,
}

impl Network {
    /// The network a scenario with `params` plays on, whatever the run's seed.
    pub fn of(params: &NetworkParams) -> Network {
        Network::generate(params, SCENARIO_LAYOUT)
    }

    /// Generates one of the networks with `params`, picked by `layout`; [`Self::of`] is the one a scenario plays on.
    pub fn generate(params: &NetworkParams, layout: u64) -> Network {
        let mut rng = rng::stream(layout, NETWORK_STREAM);
        let kinds = outlets::infos(params);
        let rules = outlets::rules(params);
        // The own outlet is always one.
        let sizes: Vec<u32> = kinds
            .iter()
            .enumerate()
            .map(|(k, i)| if k == 0 { 1 } else { i.count })
            .collect();
        let mut kind = Vec::with_capacity(sizes.iter().map(|&n| n as usize).sum());
        for (k, &n) in sizes.iter().enumerate() {
            kind.extend(std::iter::repeat_n(k as u8, n as usize));
        }
        let n = kind.len();
        let audience = kind
            .iter()
            .map(|&k| {
                // The own outlet's audience is as given; every other outlet's varies about its kind's mean.
                if k == 0 {
                    return params.audience.own;
                }
                let mean = rules[k as usize].audience as f64;
                // 0.5 / sqrt(u) has mean 1 and a heavy tail; sqrt is exact in IEEE arithmetic.
                let u = 1.0 - rng::unit(&mut rng);
                let factor = (0.5 / u.sqrt()).min(AUDIENCE_CAP);
                (mean * factor) as u64
            })
            .collect();

        let follows = params.follows.max(1) as usize;
        // Whom each outlet follows, in outlet order: outlet `v`'s are
        // `picks[follows_end[v]..follows_end[v + 1]]`; reserved whole, as the
        // sizes are known: growing by doubling would copy and overshoot.
        let mut picks: Vec<u32> = Vec::with_capacity(n.saturating_sub(1) * follows);
        let mut follows_end: Vec<u32> = Vec::with_capacity(n + 1);
        // The own outlet follows no one.
        follows_end.extend([0, 0]);
        // Each entry is one unit of attractiveness; the own outlet starts ahead.
        let mut pool: Vec<u32> = Vec::with_capacity(follows + n.saturating_sub(1) * (follows + 1));
        pool.resize(follows, 0);
        let mut drawn: Vec<usize> = Vec::with_capacity(follows);
        for v in 1..n {
            let first = picks.len();
            let wanted = follows.min(v);
            // The first `wanted` draws are always made: read their entries all
            // at once, so the processor waits for the pool once, not per draw.
            let len = pool.len() as u64;
            drawn.clear();
            drawn.extend((0..wanted).map(|_| rng::below(&mut rng, len) as usize));
            for &at in drawn.iter() {
                let u = pool[at];
                if !picks[first..].contains(&u) {
                    picks.push(u);
                }
            }
            let mut attempts = wanted;
            while picks.len() - first < wanted && attempts < wanted * 8 {
                attempts += 1;
                let u = pool[rng::below(&mut rng, pool.len() as u64) as usize];
                if !picks[first..].contains(&u) {
                    picks.push(u);
                }
            }
            pool.extend_from_slice(&picks[first..]);
            pool.push(v as u32);
            follows_end.push(picks.len() as u32);
        }
        if n == 0 {
            follows_end.truncate(1);
        }
        // Freed before the graph is built, for a lower peak of memory.
        drop(pool);
        let graph = FollowGraph::from_follows(&sizes, &picks, &follows_end)
            .expect("the validator keeps networks within 32-bit counts and 64 kinds");
        Network {
            kinds,
            kind,
            audience,
            graph,
        }
    }

    /// Number of outlets.
    pub fn len(&self) -> usize {
        self.kind.len()
    }

    /// True if there are no outlets (never, for a generated network).
    pub fn is_empty(&self) -> bool {
        self.kind.is_empty()
    }

    /// The kind of outlet `v`.
    pub fn kind_of(&self, v: usize) -> &KindInfo {
        &self.kinds[self.kind[v] as usize]
    }

    /// Whether the kinds are the case's own `outlet_kinds` rather than the standard ones (only those carry a colour).
    pub fn has_own_kinds(&self) -> bool {
        self.kinds.iter().any(|k| k.colour.is_some())
    }

    /// How outlet `v` counts: own, domestic portal, self-media or foreign.
    pub fn counts_as(&self, v: usize) -> OutletKind {
        self.kinds[self.kind[v] as usize].counts_as
    }

    /// Number of links.
    pub fn link_count(&self) -> usize {
        self.graph.link_count()
    }

    /// The outlets that follow `u`, in increasing order.
    pub fn followers_of(&self, u: usize) -> &[u32] {
        self.graph.followers_of(u)
    }

    /// How many outlets count as `kind`.
    pub fn count(&self, kind: OutletKind) -> usize {
        self.kinds
            .iter()
            .enumerate()
            .filter(|(_, k)| k.counts_as == kind)
            .map(|(i, k)| if i == 0 { 1 } else { k.count as usize })
            .sum()
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
            outlet_kinds: Vec::new(),
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
    fn same_layout_same_network_and_kinds_in_order() {
        let a = Network::generate(&params(10, 100, 5), 9);
        let b = Network::generate(&params(10, 100, 5), 9);
        let c = Network::generate(&params(10, 100, 5), 10);
        assert_eq!(a.graph, b.graph);
        assert_eq!(a.audience, b.audience);
        assert_ne!(a.graph, c.graph);
        assert_eq!(a.len(), 116);
        assert_eq!(a.count(OutletKind::SelfMedia), 100);
        assert_eq!(a.counts_as(0), OutletKind::Own);
        // Every outlet but the first follows `follows` others (or all earlier ones).
        assert_eq!(a.link_count(), 1 + 2 + 3 + 4 * (116 - 4));
    }

    #[test]
    fn a_generated_graph_is_the_one_built_from_its_rows() {
        let (small, large) = (params(10, 100, 5), params(40, 3_000, 60));
        for (p, layout) in [(&large, 3), (&small, 9), (&large, 4)] {
            let fresh = Network::generate(p, layout);
            // The same graph as one built from its rows by the general constructor.
            let sizes: Vec<u32> = (0..fresh.kinds.len())
                .map(|k| fresh.kind.iter().filter(|&&x| usize::from(x) == k).count() as u32)
                .collect();
            let rows = (0..fresh.len())
                .map(|u| fresh.followers_of(u).to_vec())
                .collect();
            assert_eq!(FollowGraph::from_rows(&sizes, rows).unwrap(), fresh.graph);
            // Each row in order, and its kind runs where the kinds of its followers change.
            for u in 0..fresh.len() {
                let bounds = fresh.graph.kind_bounds(u);
                for (k, run) in bounds.windows(2).enumerate() {
                    let run = &fresh.graph.followers()[run[0] as usize..run[1] as usize];
                    assert!(run.iter().all(|&v| fresh.kind[v as usize] as usize == k));
                }
            }
        }
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
