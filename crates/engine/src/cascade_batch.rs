//! Up to 64 stories' cascades over one graph and seed at once, one bit per story: the outlets and hours of one cascade each, for one walk of the graph.
//!
//! With one seed every story draws the same candidate links with the same
//! delays and the same second draws (see [`crate::cascade_core`]); only
//! which candidates carry it differs, by its chances. So the stories can
//! spread together: each outlet keeps a mask of the stories it has run, each
//! hour's entries carry the mask of stories that reach an outlet then, and a
//! candidate link passes on the stories whose chance its second draw is
//! under. Hours are taken in order and every delay is at least one, so the
//! first hour a story's bit reaches an outlet is the earliest it can run it
//! there, exactly as in that story's own cascade.

use crate::cascade_core::{Candidate, Chances, Draws, SORTED_FROM, draw_candidates, link_delay};
use crate::follow_graph::FollowGraph;
use std::borrow::Borrow;

/// Most stories one batch spreads: one bit each in a `u64`.
pub const BATCH: usize = 64;

/// One outlet running the story at one hour, for the stories whose bits are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ran {
    /// The outlet.
    pub outlet: u32,
    /// The hour after publication it ran them.
    pub hour: u32,
    /// Bit `i` for story `i` of the batch; an outlet runs each story at one hour only.
    pub stories: u64,
}

/// Per pair of kinds, which stories a candidate link carries given its second draw.
#[derive(Debug, Clone, Default)]
struct Openers {
    /// Stories whose chance is the pair's ceiling: every candidate carries them, with no draw.
    always: u64,
    /// The other stories' `chance / ceiling`, highest first.
    ratios: Vec<f64>,
    /// `carried[i]`: `always` and the stories of `ratios[..=i]`.
    carried: Vec<u64>,
    /// For a draw in `[b / SLICES, (b + 1) / SLICES)`, the fewest and most of
    /// `ratios` above it: most draws' answer, or a short range to search.
    slices: Vec<(u8, u8)>,
}

/// Slices of `[0, 1)` that [`Openers`] knows the answer for before any search.
const SLICES: usize = 256;

impl Openers {
    /// The stories a candidate whose second draw is `accept` carries: those whose ratio is above it.
    fn carried_by(&self, accept: f64) -> u64 {
        // `accept * SLICES` is exact (a power of two), so the slice is the one `accept` lies in.
        let (fewest, most) = self.slices[((accept * SLICES as f64) as usize).min(SLICES - 1)];
        let (fewest, most) = (usize::from(fewest), usize::from(most));
        let above = if fewest == most {
            fewest
        } else {
            fewest + self.ratios[fewest..most].partition_point(|&r| r > accept)
        };
        match above {
            0 => self.always,
            n => self.carried[n - 1],
        }
    }

    /// Sets `slices` from `ratios`, in one pass down both.
    fn slice(&mut self) {
        let ratios = &self.ratios;
        self.slices.resize(SLICES, (0, 0));
        // From the top slice down: how many ratios are at least, and above, its bounds.
        let (mut at_least, mut above) = (0usize, 0usize);
        while at_least < ratios.len() && ratios[at_least] >= 1.0 {
            at_least += 1;
        }
        let mut at_least_high = at_least as u8;
        for b in (0..SLICES).rev() {
            let low = b as f64 / SLICES as f64;
            while above < ratios.len() && ratios[above] > low {
                above += 1;
            }
            self.slices[b] = (at_least_high, above as u8);
            while at_least < ratios.len() && ratios[at_least] >= low {
                at_least += 1;
            }
            at_least_high = at_least as u8;
        }
    }
}

/// Working memory for batches of cascades, kept between batches so that one allocates little.
#[derive(Debug, Clone, Default)]
pub struct BatchCascader {
    /// Stories each outlet has run; only outlets in `touched` have any.
    done: Vec<u64>,
    /// Outlets with a story done, to clear at the next batch.
    touched: Vec<u32>,
    /// Where in `ran` each outlet's entry of an hour is, to merge masks that reach it in the same hour.
    entry: Vec<u32>,
    ran: Vec<Ran>,
    /// `(outlet, stories)` due by hour modulo the ring's length.
    ring: Vec<Vec<(u32, u64)>>,
    candidates: Vec<Candidate>,
    /// The hour's outlets' runs of followers, copied together for [`draw_candidates`].
    rows: Vec<u32>,
    openers: Vec<Openers>,
}

impl BatchCascader {
    /// Empty working memory; it grows to the first graph it is used on.
    pub fn new() -> BatchCascader {
        BatchCascader::default()
    }

    /// Runs the cascade of each of `stories` from `source` at hour 0 for
    /// `hours` hours over `graph`, all with `seed`: afterwards [`Self::ran`]
    /// tells, for each story, exactly what [`crate::cascade_core::Cascader::run`]
    /// with its chances would.
    ///
    /// At most [`BATCH`] stories, every one with the kinds of `graph` and
    /// the same ceilings and delays (the chances of one kind of network).
    pub fn run<C: Borrow<Chances>>(
        &mut self,
        graph: &FollowGraph,
        stories: &[C],
        seed: u64,
        hours: u32,
        source: usize,
    ) {
        assert!(
            stories.len() <= BATCH,
            "more than {BATCH} stories in a batch"
        );
        self.reset(graph.len());
        let Some(first) = stories.first().map(Borrow::borrow) else {
            return;
        };
        assert_eq!(
            graph.kinds(),
            first.kinds(),
            "chances for another kind of graph"
        );
        assert!(
            stories.iter().all(|c| first.same_draws(c.borrow())),
            "stories with other ceilings or delays in one batch"
        );
        if hours == 0 || source >= graph.len() {
            return;
        }
        self.set_openers(stories);
        let draws = Draws::new(seed);
        let all = if stories.len() == BATCH {
            u64::MAX
        } else {
            (1u64 << stories.len()) - 1
        };
        let ring = first.ring;
        self.ring.resize_with(ring, Vec::new);
        self.ring[0].push((source as u32, all));
        let mut due = 1usize;
        let mut hour = 0u32;
        while due > 0 && hour < hours {
            let slot = hour as usize & (ring - 1);
            let mut bucket = std::mem::take(&mut self.ring[slot]);
            due -= bucket.len();
            let start = self.ran.len();
            for &(v, reach) in &bucket {
                self.arrive(v, reach, hour, start);
            }
            // As in one cascade: a large network's rows are read front to back.
            if graph.len() >= SORTED_FROM {
                self.ran[start..].sort_unstable_by_key(|r| r.outlet);
            }
            due += self.offer_hour(graph, first, &draws, start, hour, hours);
            bucket.clear();
            self.ring[slot] = bucket;
            hour += 1;
        }
    }

    /// Which outlets ran which stories of the last batch, by hour: one entry per outlet and hour.
    pub fn ran(&self) -> &[Ran] {
        &self.ran
    }

    fn reset(&mut self, n: usize) {
        if self.done.len() != n {
            self.done = vec![0; n];
            self.entry = vec![0; n];
        } else {
            for &v in &self.touched {
                self.done[v as usize] = 0;
            }
        }
        self.touched.clear();
        self.ran.clear();
        self.ring.iter_mut().for_each(Vec::clear);
    }

    /// For each pair of kinds, the stories sorted by how often a candidate carries them.
    fn set_openers<C: Borrow<Chances>>(&mut self, stories: &[C]) {
        let pairs = stories[0].borrow().pairs.len();
        self.openers.resize_with(pairs, Openers::default);
        for (p, openers) in self.openers.iter_mut().enumerate() {
            let mut thin: Vec<(f64, u64)> = Vec::new();
            openers.always = 0;
            for (i, chances) in stories.iter().enumerate() {
                let pair = &chances.borrow().pairs[p];
                if pair.thin {
                    thin.push((pair.ratio, 1 << i));
                } else {
                    openers.always |= 1 << i;
                }
            }
            thin.sort_by(|a, b| b.0.total_cmp(&a.0));
            openers.ratios.clear();
            openers.carried.clear();
            let mut carried = openers.always;
            for (ratio, bit) in thin {
                carried |= bit;
                openers.ratios.push(ratio);
                openers.carried.push(carried);
            }
            openers.slice();
        }
    }

    /// Outlet `v` is reached at `hour` by the stories of `reach`: it runs those it has not run yet, in its one entry of the hour.
    fn arrive(&mut self, v: u32, reach: u64, hour: u32, start: usize) {
        let vi = v as usize;
        let new = reach & !self.done[vi];
        if new == 0 {
            return;
        }
        if self.done[vi] == 0 {
            self.touched.push(v);
        }
        self.done[vi] |= new;
        let at = self.entry[vi] as usize;
        // An entry from an earlier batch or hour lies before `start` or is another outlet's.
        if at >= start && at < self.ran.len() && self.ran[at].outlet == v {
            self.ran[at].stories |= new;
        } else {
            self.entry[vi] = self.ran.len() as u32;
            self.ran.push(Ran {
                outlet: v,
                hour,
                stories: new,
            });
        }
    }

    /// Offers the stories of `self.ran[start..]`, run at `hour`, over their outlets' candidate links; returns how many entries became due.
    fn offer_hour(
        &mut self,
        graph: &FollowGraph,
        chances: &Chances,
        draws: &Draws,
        start: usize,
        hour: u32,
        hours: u32,
    ) -> usize {
        let mut candidates = std::mem::take(&mut self.candidates);
        let outlets = self.ran[start..]
            .iter()
            .enumerate()
            .filter(|(_, r)| graph.has_followers(r.outlet as usize))
            .map(|(i, r)| (r.outlet as usize, (start + i) as u32));
        draw_candidates(
            &mut candidates,
            &mut self.rows,
            graph,
            chances,
            draws,
            outlets,
        );
        let mut due = 0;
        for c in &candidates {
            let v = c.follower as usize;
            // Stories the follower has run cannot reach it sooner: every delay is at least an hour.
            let offered = self.ran[c.tag as usize].stories & !self.done[v];
            if offered == 0 {
                continue;
            }
            let openers = &self.openers[usize::from(c.pair)];
            let carried = if offered & !openers.always == 0 {
                offered
            } else {
                offered & openers.carried_by(draws.accept.unit(u64::from(c.link), 0))
            };
            if carried == 0 {
                continue;
            }
            let at = hour + link_delay(draws, c, chances.delay_max[usize::from(c.to)]);
            if at >= hours {
                continue;
            }
            self.ring[at as usize & (chances.ring - 1)].push((v as u32, carried));
            due += 1;
        }
        self.candidates = candidates;
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cascade_core::tests::padded_graph;
    use crate::cascade_core::{Cascader, NEVER};

    /// `n` outlets of two kinds (the first `n / 10` of kind 0), each followed by `k` others picked by a hash.
    fn two_kind_graph(n: u32, k: u32) -> FollowGraph {
        padded_graph(n, k, 0)
    }

    #[test]
    fn a_batch_gives_each_story_its_own_cascade() {
        let g = two_kind_graph(3_000, 6);
        // Past `SORTED_FROM` outlets, each hour is sorted and its rows copied first.
        let large = padded_graph(3_000, 6, SORTED_FROM as u32);
        let ceiling = [0.5, 0.4, 0.3, 0.35];
        let delays = [3, 2];
        let stories: Vec<Chances> = (0..BATCH + 1)
            .map(|i| {
                let f = i as f64 / BATCH as f64;
                let chance = [0.5 * f, 0.4, 0.3 * (1.0 - f), 0.35 * (0.5 + 0.5 * f * f)];
                Chances::new(2, &chance, &ceiling, &delays)
            })
            .collect();
        let (mut one, mut batch) = (Cascader::new(), BatchCascader::new());
        let mut largest = 0;
        for (g, seed) in [
            (&g, 0),
            (&g, 3),
            (&g, 11),
            (&g, 12),
            (&large, 3),
            (&large, 12),
        ] {
            for group in [&stories[..BATCH], &stories[BATCH..], &stories[5..9]] {
                batch.run(g, group, seed, 60, 297);
                largest = largest.max(batch.ran().len());
                for (i, chances) in group.iter().enumerate() {
                    one.run(g, chances, seed, 60, 297);
                    let mut want: Vec<(u32, u32)> = one
                        .ran()
                        .iter()
                        .map(|&v| (v, one.hour(v as usize)))
                        .collect();
                    let mut got: Vec<(u32, u32)> = batch
                        .ran()
                        .iter()
                        .filter(|r| r.stories & (1 << i) != 0)
                        .map(|r| (r.outlet, r.hour))
                        .collect();
                    want.sort_unstable();
                    got.sort_unstable();
                    assert_eq!(got, want, "seed {seed}, story {i}");
                }
            }
        }
        assert!(
            largest > 1_000,
            "the largest batch spread to {largest} entries"
        );
        // Every outlet runs each story once, at one hour.
        let mut seen = vec![0u64; g.len()];
        for r in batch.ran() {
            assert_eq!(seen[r.outlet as usize] & r.stories, 0);
            seen[r.outlet as usize] |= r.stories;
            assert_ne!(r.hour, NEVER);
        }
    }

    #[test]
    fn an_empty_batch_or_no_hours_runs_nothing() {
        let g = two_kind_graph(100, 3);
        let chances = Chances::new(2, &[0.5; 4], &[0.5; 4], &[1, 1]);
        let mut batch = BatchCascader::new();
        batch.run::<Chances>(&g, &[], 1, 10, 0);
        assert!(batch.ran().is_empty());
        batch.run(&g, std::slice::from_ref(&chances), 1, 0, 0);
        assert!(batch.ran().is_empty());
        batch.run(&g, std::slice::from_ref(&chances), 1, 10, 0);
        assert_eq!(
            batch.ran()[0],
            Ran {
                outlet: 0,
                hour: 0,
                stories: 1
            }
        );
    }
}
