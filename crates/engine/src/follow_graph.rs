//! Who follows whom, in compact form: every outlet's followers in one array, each outlet's sorted by kind.
//!
//! Outlets of one kind have consecutive numbers, and each outlet's followers
//! are kept in increasing order, so the followers of one kind form one run of
//! the array. The cascade relies on that: every link in such a run has the
//! same reprint chance, so it can skip over the links that do not carry the
//! story instead of drawing for each one.

use std::ops::Range;

/// A directed graph of outlets: a link `u → v` means `v` follows `u` and may reprint what `u` runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowGraph {
    /// Outlets of kind `k` are `kind_start[k]..kind_start[k + 1]`.
    kind_start: Vec<u32>,
    /// Where each run of one kind of followers ends, row by row: with `K`
    /// kinds, `u`'s row starts at `bounds[u * K]` and its followers of kind
    /// `k` end at `bounds[u * K + k + 1]`. Kept once so that a cascade finds
    /// a row's runs with one read, without touching the followers themselves.
    bounds: Vec<u32>,
    /// Every outlet's followers, row by row, each row in increasing order.
    followers: Vec<u32>,
    /// One bit per outlet with at least one follower: about half of a
    /// preferential-attachment network has none, and this tells them apart
    /// from a table small enough for the caches, without reading their rows.
    followed: Vec<u64>,
}

/// Why a graph could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    /// A link names an outlet past the last one.
    #[error("link {index} names outlet {outlet}, but there are only {outlets} outlets (0 to {})", .outlets.saturating_sub(1))]
    NoSuchOutlet {
        /// Position of the link, from 0.
        index: usize,
        /// The outlet it names.
        outlet: u64,
        /// How many outlets there are.
        outlets: u64,
    },
    /// More outlets or links than 32-bit numbers can count.
    #[error("{what}: {count} is more than this program handles ({})", u32::MAX)]
    TooLarge {
        /// Outlets or links.
        what: &'static str,
        /// How many there were.
        count: u64,
    },
    /// More kinds than the cascade's tables hold.
    #[error("{0} kinds of outlet; at most 64")]
    TooManyKinds(usize),
}

impl FollowGraph {
    /// A graph from kind sizes (outlets of kind 0 first) and each outlet's followers.
    ///
    /// `rows[u]` lists the followers of `u`; each row is sorted and duplicates
    /// dropped here, so the order they come in does not matter.
    pub fn from_rows(kind_sizes: &[u32], rows: Vec<Vec<u32>>) -> Result<FollowGraph, GraphError> {
        let mut row_start = Vec::with_capacity(rows.len() + 1);
        row_start.push(0u32);
        let total: usize = rows.iter().map(Vec::len).sum();
        let mut followers = Vec::with_capacity(total);
        for mut row in rows {
            row.sort_unstable();
            row.dedup();
            followers.extend_from_slice(&row);
            row_start.push(count_u32("links", followers.len() as u64)?);
        }
        FollowGraph::from_parts(kind_sizes, row_start, followers)
    }

    /// A graph of one kind of outlet from a list of links `(from, to)`: `to` follows `from`.
    pub fn from_links(outlets: u64, links: &[(u64, u64)]) -> Result<FollowGraph, GraphError> {
        let n = count_u32("outlets", outlets)? as usize;
        count_u32("links", links.len() as u64)?;
        let mut degree = vec![0u32; n + 1];
        for (index, &(from, to)) in links.iter().enumerate() {
            for outlet in [from, to] {
                if outlet >= outlets {
                    return Err(GraphError::NoSuchOutlet {
                        index,
                        outlet,
                        outlets,
                    });
                }
            }
            degree[from as usize + 1] += 1;
        }
        for i in 0..n {
            degree[i + 1] += degree[i];
        }
        let row_start = degree;
        let mut fill = row_start.clone();
        let mut followers = vec![0u32; links.len()];
        for &(from, to) in links {
            followers[fill[from as usize] as usize] = to as u32;
            fill[from as usize] += 1;
        }
        // Sort each row and drop repeated links, keeping the arrays compact.
        let mut out_start = Vec::with_capacity(n + 1);
        out_start.push(0u32);
        let mut write = 0usize;
        for u in 0..n {
            let (start, end) = (row_start[u] as usize, row_start[u + 1] as usize);
            followers[start..end].sort_unstable();
            let mut last = None;
            for read in start..end {
                let v = followers[read];
                if last != Some(v) {
                    followers[write] = v;
                    write += 1;
                    last = Some(v);
                }
            }
            out_start.push(write as u32);
        }
        followers.truncate(write);
        FollowGraph::from_parts(&[n as u32], out_start, followers)
    }

    /// The graph of whom each outlet follows: outlet `v` follows
    /// `follows[follows_end[v]..follows_end[v + 1]]`, distinct outlets each.
    ///
    /// Followers are placed in increasing order, one kind after another, so
    /// every row comes out sorted and each kind's run ends where the row's
    /// fill stands after that kind: the runs are recorded as they fill, with
    /// no pass along the rows afterwards.
    pub(crate) fn from_follows(
        kind_sizes: &[u32],
        follows: &[u32],
        follows_end: &[u32],
    ) -> Result<FollowGraph, GraphError> {
        if kind_sizes.len() > 64 {
            return Err(GraphError::TooManyKinds(kind_sizes.len()));
        }
        count_u32("links", follows.len() as u64)?;
        let mut kind_start = vec![0u32];
        for &size in kind_sizes {
            let end = u64::from(*kind_start.last().unwrap_or(&0)) + u64::from(size);
            kind_start.push(count_u32("outlets", end)?);
        }
        let n = *kind_start.last().unwrap_or(&0) as usize;
        assert_eq!(
            follows_end.len(),
            n + 1,
            "one list of followed outlets per outlet"
        );
        let kinds = kind_sizes.len().max(1);
        count_u32("row bounds", (n * kinds) as u64 + 1)?;
        // Each row's length, then where each row starts.
        let mut fill = vec![0u32; n + 1];
        for &u in follows {
            fill[u as usize + 1] += 1;
        }
        for u in 0..n {
            fill[u + 1] += fill[u];
        }
        let mut followers = vec![0u32; follows.len()];
        let mut bounds = vec![0u32; n * kinds + 1];
        for k in 0..kinds {
            let outlets = match kind_start.get(k..k + 2) {
                Some(&[start, end]) => start as usize..end as usize,
                _ => 0..n,
            };
            for v in outlets {
                let row = &follows[follows_end[v] as usize..follows_end[v + 1] as usize];
                for &u in row {
                    let at = &mut fill[u as usize];
                    followers[*at as usize] = v as u32;
                    *at += 1;
                }
            }
            // After kind `k`, each row's fill stands where its run of kind `k` ends.
            for (bound, &at) in bounds[k + 1..].iter_mut().step_by(kinds).zip(&fill[..n]) {
                *bound = at;
            }
        }
        let graph = FollowGraph::assemble(kind_start, bounds, followers);
        debug_assert!((0..n).all(|u| {
            let row = graph.followers_of(u);
            row.windows(2).all(|w| w[0] < w[1])
        }));
        Ok(graph)
    }

    /// A graph from its arrays, already in order: each row sorted and without repeats.
    pub(crate) fn from_parts(
        kind_sizes: &[u32],
        row_start: Vec<u32>,
        followers: Vec<u32>,
    ) -> Result<FollowGraph, GraphError> {
        if kind_sizes.len() > 64 {
            return Err(GraphError::TooManyKinds(kind_sizes.len()));
        }
        let mut kind_start = Vec::with_capacity(kind_sizes.len() + 1);
        kind_start.push(0u32);
        for &size in kind_sizes {
            let end = u64::from(*kind_start.last().unwrap_or(&0)) + u64::from(size);
            kind_start.push(count_u32("outlets", end)?);
        }
        let n = *kind_start.last().unwrap_or(&0) as usize;
        debug_assert_eq!(row_start.len(), n + 1);
        debug_assert!((0..n).all(|u| {
            let row = &followers[row_start[u] as usize..row_start[u + 1] as usize];
            row.windows(2).all(|w| w[0] < w[1])
        }));
        let kinds = kind_sizes.len().max(1);
        count_u32("row bounds", (n * kinds) as u64 + 1)?;
        let mut bounds = Vec::with_capacity(n * kinds + 1);
        bounds.push(0u32);
        // One pass along each row: most rows are a few links long, where
        // stepping is cheaper than a binary search per kind.
        let limits: Vec<u32> = (0..kinds)
            .map(|k| kind_start.get(k + 1).copied().unwrap_or(u32::MAX))
            .collect();
        for u in 0..n {
            let (mut at, end) = (row_start[u] as usize, row_start[u + 1] as usize);
            for &limit in &limits {
                while at < end && followers[at] < limit {
                    at += 1;
                }
                bounds.push(at as u32);
            }
        }
        Ok(FollowGraph::assemble(kind_start, bounds, followers))
    }

    /// The graph of these arrays, with [`Self::followed`] worked out from the bounds.
    fn assemble(kind_start: Vec<u32>, bounds: Vec<u32>, followers: Vec<u32>) -> FollowGraph {
        let n = *kind_start.last().unwrap_or(&0) as usize;
        let kinds = (kind_start.len() - 1).max(1);
        let mut followed = vec![0u64; n.div_ceil(64)];
        for u in 0..n {
            if bounds[u * kinds] != bounds[(u + 1) * kinds] {
                followed[u >> 6] |= 1 << (u & 63);
            }
        }
        FollowGraph {
            kind_start,
            bounds,
            followers,
            followed,
        }
    }

    /// Number of outlets.
    pub fn len(&self) -> usize {
        *self.kind_start.last().unwrap_or(&0) as usize
    }

    /// True if there are no outlets.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of links.
    pub fn link_count(&self) -> usize {
        self.followers.len()
    }

    /// Number of kinds of outlet.
    pub fn kinds(&self) -> usize {
        self.kind_start.len() - 1
    }

    /// The kind of outlet `u`, as an index.
    pub fn kind_of(&self, u: usize) -> usize {
        // A few kinds, in order: a search of a short table in the fastest cache.
        self.kind_start[1..].partition_point(|&end| end as usize <= u)
    }

    /// The outlets of kind `k`.
    pub fn outlets_of_kind(&self, k: usize) -> Range<usize> {
        self.kind_start[k] as usize..self.kind_start[k + 1] as usize
    }

    /// The positions in [`Self::followers`] of `u`'s links.
    pub fn links_of(&self, u: usize) -> Range<usize> {
        let k = self.kinds();
        self.bounds[u * k] as usize..self.bounds[(u + 1) * k] as usize
    }

    /// Every follower, row by row; [`Self::links_of`] says where each outlet's row is.
    pub fn followers(&self) -> &[u32] {
        &self.followers
    }

    /// The outlets that follow `u`, in increasing order.
    pub fn followers_of(&self, u: usize) -> &[u32] {
        &self.followers[self.links_of(u)]
    }

    /// Whether at least one outlet follows `u`.
    #[inline]
    pub fn has_followers(&self, u: usize) -> bool {
        self.followed[u >> 6] & (1 << (u & 63)) != 0
    }

    /// Where `u`'s row starts, then where its followers of each kind end:
    /// the run of kind `k` is `bounds[k]..bounds[k + 1]` of the returned slice.
    pub(crate) fn kind_bounds(&self, u: usize) -> &[u32] {
        let k = self.kinds();
        &self.bounds[u * k..=(u + 1) * k]
    }
}

impl Default for FollowGraph {
    /// No outlets and no links.
    fn default() -> Self {
        FollowGraph {
            kind_start: vec![0],
            bounds: vec![0],
            followers: Vec::new(),
            followed: Vec::new(),
        }
    }
}

fn count_u32(what: &'static str, count: u64) -> Result<u32, GraphError> {
    u32::try_from(count).map_err(|_| GraphError::TooLarge { what, count })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_sorted_rows_without_repeats() {
        let g = FollowGraph::from_links(4, &[(0, 3), (0, 1), (0, 3), (2, 0), (1, 2)]).unwrap();
        assert_eq!(g.len(), 4);
        assert_eq!(g.link_count(), 4);
        assert_eq!(g.followers_of(0), &[1, 3]);
        assert_eq!(g.followers_of(1), &[2]);
        assert_eq!(g.followers_of(3), &[] as &[u32]);
        assert_eq!(
            (0..4).map(|u| g.has_followers(u)).collect::<Vec<_>>(),
            [true, true, true, false]
        );
        let err = FollowGraph::from_links(2, &[(0, 1), (1, 5)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "link 1 names outlet 5, but there are only 2 outlets (0 to 1)"
        );
    }

    #[test]
    fn each_kind_of_follower_is_one_run_of_the_row() {
        // Kinds: 0 = {0}, 1 = {1, 2}, 2 = {3, 4, 5}.
        let g = FollowGraph::from_rows(
            &[1, 2, 3],
            vec![vec![5, 1, 3, 2], vec![4], vec![], vec![], vec![], vec![0]],
        )
        .unwrap();
        assert_eq!(g.kinds(), 3);
        assert_eq!(g.kind_of(4), 2);
        assert_eq!(g.outlets_of_kind(1), 1..3);
        assert_eq!(g.kind_bounds(0), &[0, 0, 2, 4]);
        assert_eq!(g.kind_bounds(1), &[4, 4, 4, 5]);
        assert_eq!(g.kind_bounds(5), &[5, 6, 6, 6]);
        assert_eq!(g.links_of(5), 5..6);
        assert_eq!(
            (0..6).map(|u| g.kind_of(u)).collect::<Vec<_>>(),
            [0, 1, 1, 2, 2, 2]
        );
    }
}
