//! The totals of a batch of spreads (reprints by how outlets count, reach, the first foreign hour), counted once for each set of stories that reached outlets together.
//!
//! Stories of one batch that pull alike run on mostly the same outlets, so
//! the sets of them that ran together are far fewer than the outlets: each
//! outlet is added to its set's totals, and each set to its stories', instead
//! of each outlet to every story it ran.

use crate::cascade_batch::Ran;
use crate::network::{Network, OutletKind};
use foldhash::fast::FixedState;
use std::collections::HashMap;

/// What the outlets that ran one set of stories, or one story, add up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Totals {
    /// Outlets that ran it, by how they count: the own outlet, domestic portals, self-media accounts, foreign websites.
    pub(crate) reprints: [u32; 4],
    /// Their audience.
    pub(crate) reach: u64,
    /// The first hour a foreign one ran it.
    pub(crate) first_foreign_hour: Option<u32>,
}

impl Totals {
    pub(crate) const NONE: Totals = Totals {
        reprints: [0; 4],
        reach: 0,
        first_foreign_hour: None,
    };

    fn add(&mut self, other: &Totals) {
        for (r, o) in self.reprints.iter_mut().zip(other.reprints) {
            *r += o;
        }
        self.reach += other.reach;
        self.first_foreign_hour = match (self.first_foreign_hour, other.first_foreign_hour) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }

    fn ran(&mut self, counts_as: OutletKind, audience: u64, hour: u32) {
        self.reprints[counts_as as usize] += 1;
        if counts_as == OutletKind::ForeignSite {
            self.first_foreign_hour = Some(self.first_foreign_hour.map_or(hour, |h| h.min(hour)));
        }
        self.reach += audience;
    }
}

/// Adds each outlet of `ran`, a batch's cascade over `network`, to the totals of the stories it ran: bit `b` is `totals[stories[b]]`.
pub(crate) fn add_batch(network: &Network, ran: &[Ran], stories: &[usize], totals: &mut [Totals]) {
    let counts_as: Vec<OutletKind> = network.kinds.iter().map(|k| k.counts_as).collect();
    let mut group_of: HashMap<u64, usize, FixedState> = HashMap::with_hasher(FixedState::default());
    let mut groups: Vec<(u64, Totals)> = Vec::new();
    // Neighbouring outlets often ran the same set: no lookup for a repeat.
    let mut last = (0u64, usize::MAX);
    for r in ran {
        let at = if r.stories == last.0 && last.1 != usize::MAX {
            last.1
        } else {
            let at = *group_of.entry(r.stories).or_insert_with(|| {
                groups.push((r.stories, Totals::NONE));
                groups.len() - 1
            });
            last = (r.stories, at);
            at
        };
        let v = r.outlet as usize;
        let kind = counts_as[usize::from(network.kind[v])];
        groups[at].1.ran(kind, network.audience[v], r.hour);
    }
    for (set, group) in &groups {
        let mut bits = *set;
        while bits != 0 {
            let b = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            totals[stories[b]].add(group);
        }
    }
}
