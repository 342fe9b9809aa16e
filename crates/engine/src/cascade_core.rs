//! The independent-cascade core: any follow graph, a reprint chance and a delay per pair of kinds, reusable buffers, and skipping over the links that do not carry the story.
//!
//! Every outlet that runs the story gives each of its followers one chance
//! to run it too, after a delay of whole hours; an outlet runs it at the
//! earliest hour any of the outlets it follows can pass it on.
//!
//! The draws are arranged so that one seed fixes everything but the chances:
//!
//! - For each pair of kinds the caller gives a *ceiling*, the highest chance
//!   any story could have on that pair. Which links are *candidates* is drawn
//!   at the ceiling, by geometric skipping over the run of followers of one
//!   kind (one draw per candidate instead of one per link), from a sequence
//!   of draws that belongs to the outlet alone.
//! - A candidate carries the story when its own keyed draw is below
//!   `chance / ceiling` (no draw when the chance is the ceiling).
//! - Its delay is a keyed draw of the link too.
//!
//! So for one seed a story with lower chances has a subset of the links that
//! carry a story with higher ones, with the same delays, and because outlets
//! run the story at the earliest possible hour, it reaches a subset of the
//! outlets by the same hours or later: "what if" comparisons are fair. The
//! draws do not depend on the order in which outlets are visited, so the
//! result is the same on every machine and for any number of threads.

use crate::follow_graph::FollowGraph;
use crate::rng;

/// Marks an outlet that never ran the story.
pub const NEVER: u32 = u32::MAX;
/// Longest a cascade runs, in hours: an hour is kept in two bytes an outlet (the validator allows 720).
pub const MAX_HOURS: u32 = u16::MAX as u32;
/// An hour not set, in those two bytes.
const UNSET: u16 = u16::MAX;
const ROW_DOMAIN: u64 = 0x524F_5753;
const ACCEPT_DOMAIN: u64 = 0x4143_4350;
const DELAY_DOMAIN: u64 = 0x4445_4C41;

/// How a link from one kind to another carries a story.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Pair {
    /// Highest chance any story has on this pair; 0 when no story ever crosses it.
    ceiling: f64,
    /// `1 / ln(1 − ceiling)`, for geometric skipping (unused when `every`).
    inv_log_miss: f64,
    /// Every link is a candidate (the ceiling is 1).
    every: bool,
    /// The chance is below the ceiling, so candidates need a second draw.
    pub(crate) thin: bool,
    /// `chance / ceiling`.
    pub(crate) ratio: f64,
}

/// The reprint chances and delays of one story over one kind of network.
#[derive(Debug, Clone, PartialEq)]
pub struct Chances {
    kinds: usize,
    /// `pairs[from * kinds + to]`.
    pub(crate) pairs: Vec<Pair>,
    /// Longest delay, in hours, of an outlet of each kind: delays are `1..=max`.
    pub(crate) delay_max: Vec<u32>,
    /// Buckets the cascade keeps: a power of two above the longest delay, so an hour's bucket is found with a mask.
    pub(crate) ring: usize,
    /// `sure_miss[pair][k]`: a uniform draw at or below it skips at least `k`
    /// links, found without a logarithm (a hair below `(1 − ceiling)^k`, so
    /// it never decides otherwise than [`rng::failures_of`]).
    sure_miss: Vec<[f64; SURE_MISS_LINKS]>,
}

/// Outlets from which each hour's outlets are spread in outlet order, their rows read front to back through memory.
pub const SORTED_FROM: usize = 1 << 18;

/// Lengths up to which [`Chances::sure_miss`] is kept: most runs of followers are shorter.
const SURE_MISS_LINKS: usize = 64;

impl Chances {
    /// Chances from `chance[from * kinds + to]`, the ceilings in the same
    /// layout (raised to the chance where lower) and each kind's longest delay.
    pub fn new(kinds: usize, chance: &[f64], ceiling: &[f64], delay_max: &[u32]) -> Chances {
        assert_eq!(chance.len(), kinds * kinds, "one chance per pair of kinds");
        assert_eq!(
            ceiling.len(),
            kinds * kinds,
            "one ceiling per pair of kinds"
        );
        assert_eq!(delay_max.len(), kinds, "one longest delay per kind");
        let pairs: Vec<Pair> = chance
            .iter()
            .zip(ceiling)
            .map(|(&p, &c)| {
                let p = if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
                let c = if c.is_nan() { 0.0 } else { c.clamp(p, 1.0) };
                let log_miss = rng::ln(1.0 - c);
                // A ceiling too small to tell 1 − c from 1 never carries anything.
                let c = if c < 1.0 && log_miss == 0.0 { 0.0 } else { c };
                Pair {
                    ceiling: c,
                    inv_log_miss: if c > 0.0 && c < 1.0 {
                        1.0 / log_miss
                    } else {
                        0.0
                    },
                    every: c >= 1.0,
                    thin: p < c,
                    ratio: if c > 0.0 { p / c } else { 0.0 },
                }
            })
            .collect();
        let sure_miss = pairs
            .iter()
            .map(|pair: &Pair| {
                let mut powers = [0.0; SURE_MISS_LINKS];
                if pair.ceiling > 0.0 && !pair.every {
                    let miss = 1.0 - pair.ceiling;
                    let mut power = 1.0;
                    for p in &mut powers {
                        *p = power * (1.0 - 1e-9);
                        power *= miss;
                    }
                }
                powers
            })
            .collect();
        let delay_max: Vec<u32> = delay_max.iter().map(|d| (*d).max(1)).collect();
        let ring = (delay_max.iter().copied().max().unwrap_or(1) as usize + 1).next_power_of_two();
        Chances {
            kinds,
            pairs,
            delay_max,
            ring,
            sure_miss,
        }
    }

    /// One kind of outlet, one chance on every link, and every delay one step: the textbook independent cascade.
    pub fn uniform(chance: f64) -> Chances {
        Chances::new(1, &[chance], &[chance], &[1])
    }

    /// Number of kinds of outlet.
    pub fn kinds(&self) -> usize {
        self.kinds
    }

    /// Whether `other` draws the same candidate links with the same delays:
    /// the same kinds, ceilings and longest delays, whatever its chances.
    pub(crate) fn same_draws(&self, other: &Chances) -> bool {
        self.kinds == other.kinds
            && self.delay_max == other.delay_max
            && self
                .pairs
                .iter()
                .zip(&other.pairs)
                .all(|(a, b)| a.ceiling == b.ceiling)
    }
}

/// One cascade's working memory, kept between cascades so that running one allocates nothing.
#[derive(Debug, Clone, Default)]
pub struct Cascader {
    /// Hour each outlet runs the story, or `UNSET`; only outlets in `ran` are set.
    /// Two bytes an outlet rather than four: on a network larger than the caches, more of it stays in them.
    arrival: Vec<u16>,
    /// The outlet each one took it from; empty unless [`Self::new`] made it,
    /// since only a traced run needs it and writing it costs a memory access per outlet.
    via: Vec<u32>,
    /// Made by [`Self::new`]: keeps `arrival`, `seen` and `via`. A counting
    /// cascader keeps none of them and lets an outlet sit in several buckets.
    traced: bool,
    /// One bit per outlet, set when its `arrival` is: small enough to stay in the
    /// fastest cache, so most candidates are told apart without reading `arrival`.
    seen: Vec<u64>,
    /// One bit per outlet, set when it runs the story. An outlet's first entry
    /// in the ring is always its hour (hours only ever move earlier, to hours
    /// not yet reached), so a later one is stale; and no candidate can bring
    /// the story sooner. Both are told without reading `arrival`.
    done: Vec<u64>,
    /// Outlets that ran the story, by hour.
    ran: Vec<u32>,
    /// Where each hour's outlets end in `ran`: hour `h`'s are `ran[hour_ends[h - 1]..hour_ends[h]]`.
    hour_ends: Vec<u32>,
    /// The hour's outlets that have followers to pass the story to, in outlet order on a large network.
    sources: Vec<u32>,
    /// Outlets due to run the story, by hour modulo the ring's length (a power of two).
    ring: Vec<Vec<u32>>,
    /// The candidate links of the hour being spread, with the pair of kinds and the outlet each comes from.
    candidates: Vec<Candidate>,
    /// The hour's outlets' [`FollowGraph::kind_bounds`], copied together (see [`draw_candidates`]).
    rows: Vec<u32>,
}

/// A link drawn as a candidate: it carries the story if its second draw allows and its follower can run it sooner.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub(crate) link: u32,
    /// The follower at the link's end, looked up for all candidates at once.
    pub(crate) follower: u32,
    pub(crate) from: u32,
    pub(crate) pair: u16,
    pub(crate) to: u16,
    /// What the caller tagged the outlet it comes from with: in a batch of cascades, that outlet's entry of the hour.
    pub(crate) tag: u32,
}

impl Cascader {
    /// Working memory for cascades that tells which outlet each one took the
    /// story from ([`Self::via`]); it grows to the first graph it is used on.
    pub fn new() -> Cascader {
        Cascader {
            traced: true,
            ..Cascader::default()
        }
    }

    /// Working memory for cascades that only count: it keeps no hour per
    /// outlet, so [`Self::hour`] and [`Self::via`] are always [`NEVER`] and
    /// [`Self::by_hour`] tells when each outlet ran the story. On a network
    /// larger than the caches that saves a read of memory per candidate link.
    pub fn counting() -> Cascader {
        Cascader::default()
    }

    /// Runs one cascade from `source` at hour 0 for `hours` hours (at most [`MAX_HOURS`]) over `graph`.
    ///
    /// `chances` must have as many kinds as `graph`. Afterwards [`Self::ran`],
    /// [`Self::hour`] and [`Self::via`] tell what happened, until the next run.
    pub fn run(
        &mut self,
        graph: &FollowGraph,
        chances: &Chances,
        seed: u64,
        hours: u32,
        source: usize,
    ) {
        let draws = Draws::new(seed);
        let hours = hours.min(MAX_HOURS);
        assert_eq!(
            graph.kinds(),
            chances.kinds,
            "chances for another kind of graph"
        );
        self.reset(graph.len(), chances);
        if hours == 0 || source >= graph.len() {
            return;
        }
        if self.traced {
            self.arrival[source] = 0;
            self.via[source] = source as u32;
            self.seen[source >> 6] |= 1 << (source & 63);
        }
        self.ring[0].push(source as u32);
        let mut due = 1usize;
        let mut hour = 0u32;
        while due > 0 && hour < hours {
            let slot = hour as usize & (chances.ring - 1);
            let mut bucket = std::mem::take(&mut self.ring[slot]);
            due -= bucket.len();
            let first = self.ran.len();
            for &u in &bucket {
                // An outlet found an earlier way in sits in a later bucket too: skip that entry.
                let (word, bit) = (u as usize >> 6, 1u64 << (u & 63));
                if self.done[word] & bit == 0 {
                    self.done[word] |= bit;
                    self.ran.push(u);
                }
            }
            self.hour_ends.push(self.ran.len() as u32);
            due += self.offer_hour(graph, chances, &draws, first, hour, hours);
            bucket.clear();
            self.ring[slot] = bucket;
            hour += 1;
        }
    }

    /// Outlets that ran the story in the last run, by hour; within an hour,
    /// in the order they were reached. Which outlets run and when never depends on that order.
    pub fn ran(&self) -> &[u32] {
        &self.ran
    }

    /// The outlets of [`Self::ran`] hour by hour: item `h` is those that ran the story at hour `h`.
    pub fn by_hour(&self) -> impl Iterator<Item = &[u32]> + '_ {
        let starts = std::iter::once(0).chain(self.hour_ends.iter().copied());
        starts
            .zip(&self.hour_ends)
            .map(|(start, &end)| &self.ran[start as usize..end as usize])
    }

    /// The hour outlet `v` ran the story in the last run, or [`NEVER`].
    ///
    /// Only a cascader made by [`Self::new`] keeps an hour per outlet; a
    /// counting one always answers [`NEVER`] (its hours are in [`Self::by_hour`]).
    pub fn hour(&self, v: usize) -> u32 {
        match self.arrival.get(v) {
            Some(&h) if h != UNSET => u32::from(h),
            _ => NEVER,
        }
    }

    /// The outlet `v` took the story from in the last run (itself for the source), or [`NEVER`].
    pub fn via(&self, v: usize) -> u32 {
        if self.hour(v) == NEVER || !self.traced {
            NEVER
        } else {
            self.via[v]
        }
    }

    fn reset(&mut self, n: usize, chances: &Chances) {
        if self.done.len() != n.div_ceil(64) || (self.traced && self.arrival.len() != n) {
            if self.traced {
                self.arrival = vec![UNSET; n];
                self.via = vec![NEVER; n];
                self.seen = vec![0; n.div_ceil(64)];
            }
            self.done = vec![0; n.div_ceil(64)];
        } else {
            // Every outlet given an hour runs the story by the end (only hours
            // before the last are given), so `ran` lists all there are to clear.
            for &v in &self.ran {
                self.done[v as usize >> 6] = 0;
            }
            if self.traced {
                for &v in &self.ran {
                    self.arrival[v as usize] = UNSET;
                    self.seen[v as usize >> 6] = 0;
                }
            }
        }
        self.ran.clear();
        self.hour_ends.clear();
        self.ring.iter_mut().for_each(Vec::clear);
        self.ring.resize_with(chances.ring, Vec::new);
    }

    /// Offers the story over one candidate link from an outlet that runs it at `hour`; true when its follower became due.
    ///
    /// `accept` and `delay` give the link's draws, asked only when needed.
    #[inline]
    fn offer(
        &mut self,
        chances: &Chances,
        c: &Candidate,
        hour: u32,
        hours: u32,
        accept: impl FnOnce() -> f64,
        delay: impl FnOnce(u32) -> u32,
    ) -> bool {
        let v = c.follower as usize;
        let (word, bit) = (v >> 6, 1u64 << (v & 63));
        if self.done[word] & bit != 0 {
            return false;
        }
        // A counting cascader keeps no hours: it puts a follower in the bucket
        // of every hour it can run the story, and it runs at the first of them.
        let fresh = !self.traced || self.seen[word] & bit == 0;
        // Every delay is at least an hour, so an outlet due by the next hour cannot do better.
        if !fresh && u32::from(self.arrival[v]) <= hour + 1 {
            return false;
        }
        let pair = &chances.pairs[usize::from(c.pair)];
        if pair.thin && accept() >= pair.ratio {
            return false;
        }
        let at = hour + delay(chances.delay_max[usize::from(c.to)]);
        if at >= hours || !(fresh || at < u32::from(self.arrival[v])) {
            return false;
        }
        if self.traced {
            self.seen[word] |= bit;
            self.arrival[v] = at as u16;
            self.via[v] = c.from;
        }
        self.ring[at as usize & (chances.ring - 1)].push(v as u32);
        true
    }
}

impl Cascader {
    /// Offers the story from `self.ran[first..]`, the outlets that run it at `hour`; returns how many outlets became due.
    fn offer_hour(
        &mut self,
        graph: &FollowGraph,
        chances: &Chances,
        draws: &Draws,
        first: usize,
        hour: u32,
        hours: u32,
    ) -> usize {
        // Two passes: every candidate link of the hour first (arithmetic only), then
        // the followers at their ends (memory only), so the processor can wait for
        // many followers at once. Nothing the second pass changes can change the
        // first: what it sets is due an hour later at the soonest.
        let mut candidates = std::mem::take(&mut self.candidates);
        let mut sources = std::mem::take(&mut self.sources);
        sources.clear();
        sources.extend(
            self.ran[first..]
                .iter()
                .filter(|&&u| graph.has_followers(u as usize)),
        );
        // On a network too large for the processor's caches, the hour's rows
        // are read in outlet order, front to back through memory rather than
        // at random; on a smaller one sorting would cost more than it saves.
        if graph.len() >= SORTED_FROM {
            sources.sort_unstable();
        }
        let outlets = sources.iter().map(|&u| (u as usize, 0));
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
            let accept = || draws.accept.unit(u64::from(c.link), 0);
            let delay = |delay_max| link_delay(draws, c, delay_max);
            due += usize::from(self.offer(chances, c, hour, hours, accept, delay));
        }
        self.candidates = candidates;
        self.sources = sources;
        due
    }
}

/// Makes `candidates` the candidate links of each of `outlets` (each with a
/// tag for its candidates), drawn by geometric skips at each run's ceiling,
/// with the follower at each one's end. Callers leave out the outlets no one
/// follows ([`FollowGraph::has_followers`]), so their rows are never read.
///
/// On a network of at least [`SORTED_FROM`] outlets, too large for the
/// processor's caches, each outlet's [`FollowGraph::kind_bounds`] are first
/// copied into `rows` in a loop that does nothing else, so that those reads
/// wait on memory together rather than one after each outlet's skips.
pub(crate) fn draw_candidates(
    candidates: &mut Vec<Candidate>,
    rows: &mut Vec<u32>,
    graph: &FollowGraph,
    chances: &Chances,
    draws: &Draws,
    outlets: impl Iterator<Item = (usize, u32)> + Clone,
) {
    candidates.clear();
    if graph.len() < SORTED_FROM {
        let direct = outlets.map(|(u, tag)| (u, tag, graph.kind_bounds(u)));
        draw_rows(candidates, graph, chances, draws, direct);
    } else {
        rows.clear();
        for (u, _) in outlets.clone() {
            rows.extend_from_slice(graph.kind_bounds(u));
        }
        let copied = outlets
            .zip(rows.chunks_exact(chances.kinds + 1))
            .map(|((u, tag), bounds)| (u, tag, bounds));
        draw_rows(candidates, graph, chances, draws, copied);
    }
    // The followers in a loop with no branches, so their loads overlap.
    let followers = graph.followers();
    for c in candidates.iter_mut() {
        c.follower = followers[c.link as usize];
    }
}

/// [`draw_candidates`] for outlets given with their [`FollowGraph::kind_bounds`].
///
/// One call for many outlets, so the loop's constants are set up once.
fn draw_rows<'a>(
    candidates: &mut Vec<Candidate>,
    graph: &FollowGraph,
    chances: &Chances,
    draws: &Draws,
    outlets: impl Iterator<Item = (usize, u32, &'a [u32])>,
) {
    let kinds = chances.kinds;
    for (u, tag, bounds) in outlets {
        let base = graph.kind_of(u) * kinds;
        let mut skips = rng::Counter::new(draws.row.one(u as u64));
        for to in 0..kinds {
            let (first, end) = (bounds[to] as usize, bounds[to + 1] as usize);
            let index = base + to;
            let pair = &chances.pairs[index];
            if first == end || pair.ceiling <= 0.0 {
                continue;
            }
            let candidate = |link: usize| Candidate {
                link: link as u32,
                follower: 0,
                tag,
                from: u as u32,
                pair: index as u16,
                to: to as u16,
            };
            if pair.every {
                candidates.extend((first..end).map(candidate));
                continue;
            }
            let (sure_miss, inv_log_miss) = (&chances.sure_miss[index], pair.inv_log_miss);
            let mut link = first;
            loop {
                let left = end - link;
                let u = skips.open_unit();
                // The usual last draw of a row, which skips past its end, needs no logarithm.
                if left < SURE_MISS_LINKS && u <= sure_miss[left] {
                    break;
                }
                let skip = rng::failures_of(u, inv_log_miss);
                if skip >= left as u64 {
                    break;
                }
                link += skip as usize;
                candidates.push(candidate(link));
                link += 1;
            }
        }
    }
}

/// Hours the follower of a candidate link takes: `1..=delay_max`, the link's keyed draw.
pub(crate) fn link_delay(draws: &Draws, c: &Candidate, delay_max: u32) -> u32 {
    if delay_max == 1 {
        1
    } else {
        1 + (draws.delay.get(u64::from(c.link), 0) % u64::from(delay_max)) as u32
    }
}

/// The keyed draws of one cascade seed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Draws {
    /// Each outlet's sequence of skips.
    row: rng::Keyed,
    /// Each candidate link's second draw.
    pub(crate) accept: rng::Keyed,
    /// Each link's delay.
    delay: rng::Keyed,
}

impl Draws {
    pub(crate) fn new(seed: u64) -> Draws {
        Draws {
            row: rng::Keyed::new(seed, ROW_DOMAIN),
            accept: rng::Keyed::new(seed, ACCEPT_DOMAIN),
            delay: rng::Keyed::new(seed, DELAY_DOMAIN),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A ring of `n` outlets each followed by the next `k`, one kind.
    fn ring_graph(n: u64, k: u64) -> FollowGraph {
        let links: Vec<(u64, u64)> = (0..n)
            .flat_map(|u| (1..=k).map(move |d| (u, (u + d) % n)))
            .collect();
        FollowGraph::from_links(n, &links).unwrap()
    }

    #[test]
    fn chance_one_reaches_everyone_by_shortest_hops() {
        let g = ring_graph(20, 2);
        let mut c = Cascader::new();
        c.run(&g, &Chances::uniform(1.0), 7, 100, 0);
        assert_eq!(c.ran().len(), 20);
        assert_eq!(c.hour(0), 0);
        assert_eq!(c.hour(2), 1);
        assert_eq!(c.hour(3), 2);
        assert_eq!(c.hour(19), 10);
        assert_eq!(c.via(3), 1);
        // Cut off at five hours: outlets 0 to 8 (hours 0 to 4).
        c.run(&g, &Chances::uniform(1.0), 7, 5, 0);
        assert_eq!(c.ran().len(), 9);
        assert_eq!(c.hour(9), NEVER);
    }

    /// `n` outlets of two kinds (the first `n / 10` of kind 0), each followed
    /// by `k` of them picked by a hash, then `padding` more of kind 1 that no
    /// one follows or is followed by: the same outlets and links, numbered alike.
    pub(crate) fn padded_graph(n: u32, k: u32, padding: u32) -> FollowGraph {
        let rows = (0..n + padding)
            .map(|u| {
                let picks = if u < n { k } else { 0 };
                (0..picks)
                    .map(|d| (rng::mix(u64::from(u * k + d)) % u64::from(n)) as u32)
                    .collect()
            })
            .collect();
        FollowGraph::from_rows(&[n / 10, n - n / 10 + padding], rows).unwrap()
    }

    #[test]
    fn a_network_too_large_for_the_caches_spreads_as_a_small_one_does() {
        // Past `SORTED_FROM` outlets each hour is sorted and its rows copied first.
        let small = padded_graph(3_000, 6, 0);
        let large = padded_graph(3_000, 6, SORTED_FROM as u32);
        assert!(small.len() < SORTED_FROM && large.len() > SORTED_FROM);
        let chances = Chances::new(2, &[0.45, 0.3, 0.3, 0.3], &[0.5, 0.4, 0.3, 0.35], &[3, 2]);
        let (mut a, mut b) = (Cascader::new(), Cascader::new());
        let mut widest = 0;
        for seed in 0..6 {
            a.run(&small, &chances, seed, 60, 297);
            b.run(&large, &chances, seed, 60, 297);
            // Who took it from whom may differ between ties of one hour; who runs it when may not.
            let spread = |c: &Cascader| {
                let mut all: Vec<(u32, u32)> =
                    c.ran().iter().map(|&v| (v, c.hour(v as usize))).collect();
                all.sort_unstable();
                all
            };
            let (want, got) = (spread(&a), spread(&b));
            widest = widest.max(want.len());
            let first_difference = want.iter().zip(&got).position(|(w, g)| w != g);
            assert!(
                want.len() == got.len() && first_difference.is_none(),
                "seed {seed}: {} and {} outlets, first difference at {first_difference:?}",
                want.len(),
                got.len()
            );
        }
        assert!(widest > 1_000, "the widest spread reached {widest} outlets");
    }

    #[test]
    fn a_counting_cascade_runs_the_outlets_a_traced_one_does_hour_by_hour() {
        let chances = Chances::new(2, &[0.45, 0.3, 0.3, 0.3], &[0.5, 0.4, 0.3, 0.35], &[3, 2]);
        let (mut traced, mut counting) = (Cascader::new(), Cascader::counting());
        let mut widest = 0;
        for padding in [0, SORTED_FROM as u32] {
            let g = padded_graph(3_000, 6, padding);
            for seed in 0..6 {
                traced.run(&g, &chances, seed, 60, 297);
                counting.run(&g, &chances, seed, 60, 297);
                let mut want = vec![Vec::new(); 60];
                for &v in traced.ran() {
                    want[traced.hour(v as usize) as usize].push(v);
                }
                let mut got: Vec<Vec<u32>> = counting.by_hour().map(<[u32]>::to_vec).collect();
                got.resize(60, Vec::new());
                want.iter_mut()
                    .chain(got.iter_mut())
                    .for_each(|h| h.sort_unstable());
                assert_eq!(got, want, "padding {padding}, seed {seed}");
                assert_eq!(counting.ran().len(), traced.ran().len());
                widest = widest.max(traced.ran().len());
                // A counting cascade keeps no hours and no sources.
                assert!(
                    counting
                        .ran()
                        .iter()
                        .all(|&v| counting.hour(v as usize) == NEVER)
                );
                assert_eq!(counting.via(297), NEVER);
            }
        }
        assert!(widest > 1_000, "the widest spread reached {widest} outlets");
    }

    #[test]
    fn a_cascade_runs_for_at_most_max_hours() {
        // A chain: outlet u followed by u + 1 alone, so the story moves one outlet an hour.
        let n = u64::from(MAX_HOURS) + 100;
        let links: Vec<(u64, u64)> = (0..n - 1).map(|u| (u, u + 1)).collect();
        let g = FollowGraph::from_links(n, &links).unwrap();
        let mut c = Cascader::new();
        c.run(&g, &Chances::uniform(1.0), 1, u32::MAX, 0);
        assert_eq!(c.ran().len(), MAX_HOURS as usize);
        assert_eq!(c.hour(MAX_HOURS as usize - 1), MAX_HOURS - 1);
        assert_eq!(c.hour(MAX_HOURS as usize), NEVER);
    }

    #[test]
    fn chance_zero_stays_at_the_source_and_runs_reuse_the_buffers() {
        let g = ring_graph(50, 3);
        let mut c = Cascader::new();
        c.run(&g, &Chances::uniform(0.9), 1, 100, 0);
        assert!(c.ran().len() > 40, "{}", c.ran().len());
        c.run(&g, &Chances::uniform(0.0), 1, 100, 0);
        assert_eq!(c.ran(), &[0]);
        assert!((1..50).all(|v| c.hour(v) == NEVER));
    }

    #[test]
    fn the_share_of_links_that_carry_matches_the_chance() {
        // A star: outlet 0 followed by 100,000 others; each carries with the chance.
        let links: Vec<(u64, u64)> = (1..=100_000).map(|v| (0, v)).collect();
        let g = FollowGraph::from_links(100_001, &links).unwrap();
        let mut c = Cascader::new();
        for p in [0.01, 0.05, 0.5, 0.99] {
            c.run(&g, &Chances::uniform(p), 3, 10, 0);
            let share = (c.ran().len() - 1) as f64 / 100_000.0;
            assert!(
                (share - p).abs() < 0.01 * p.max(0.1),
                "chance {p}, share {share}"
            );
            // Thinned from a higher ceiling, the same share.
            let thinned = Chances::new(1, &[p], &[(p * 2.0).min(1.0)], &[1]);
            c.run(&g, &thinned, 3, 10, 0);
            let share = (c.ran().len() - 1) as f64 / 100_000.0;
            assert!(
                (share - p).abs() < 0.01 * p.max(0.1),
                "thinned {p}, share {share}"
            );
        }
    }

    #[test]
    fn a_lower_chance_reaches_a_subset_by_the_same_hour_or_later() {
        let g = ring_graph(3_000, 6);
        let (mut low, mut high) = (Cascader::new(), Cascader::new());
        for seed in 0..40 {
            for (a, b) in [(0.1, 0.2), (0.15, 0.3), (0.05, 0.3)] {
                let chances = |p| Chances::new(1, &[p], &[0.3], &[4]);
                low.run(&g, &chances(a), seed, 200, 0);
                high.run(&g, &chances(b), seed, 200, 0);
                for &v in low.ran() {
                    let v = v as usize;
                    assert!(high.hour(v) <= low.hour(v), "seed {seed}: outlet {v}");
                }
            }
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_cascade_and_another_seed_another() {
        let g = ring_graph(2_000, 5);
        let chances = Chances::new(1, &[0.3], &[0.3], &[3]);
        let mut c = Cascader::new();
        c.run(&g, &chances, 5, 300, 0);
        let first: Vec<(u32, u32)> = c.ran().iter().map(|&v| (v, c.hour(v as usize))).collect();
        c.run(&g, &chances, 6, 300, 0);
        let other: Vec<u32> = c.ran().to_vec();
        c.run(&g, &chances, 5, 300, 0);
        let again: Vec<(u32, u32)> = c.ran().iter().map(|&v| (v, c.hour(v as usize))).collect();
        assert_eq!(first, again);
        assert_ne!(first.iter().map(|p| p.0).collect::<Vec<_>>(), other);
        assert!(
            first.windows(2).all(|w| w[0].1 <= w[1].1),
            "ran in hour order"
        );
    }
}
