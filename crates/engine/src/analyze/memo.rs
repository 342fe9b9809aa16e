//! Remembered runs of path rows: a path's run depends on the seed only through what its reviews catch, so seeds alike in that share one run.
//!
//! What is remembered is whatever stands for the run (balance analysis keeps the kind of run, see `alike`).

use crate::run::review_draw;
use crate::scenario::ItemIx;

/// Most reviewer draws a path's remembered runs may depend on: 2^10 variants at most.
const MEMO_BITS: usize = 10;

/// A row's run at one kind of seed: not played yet, or played (to no ending when the path cannot be played there).
type Slot<T> = Option<Option<T>>;

/// The runs of path rows, each remembered under what its reviews catch.
pub(super) struct Memo<T> {
    /// Each distinct review and item that some remembered row's run depends on.
    pairs: Vec<(u32, ItemIx)>,
    /// Per row, the draws its run depends on (an index into `pairs`, and the
    /// chance the draw must be under to catch): `None` for a row not
    /// remembered, a strategy or a path with more than [`MEMO_BITS`] draws.
    rows: Vec<Option<Vec<(usize, f64)>>>,
    /// This seed's draw for each of `pairs`: drawn once, read by every row.
    draws: Vec<f64>,
    /// Per row, one slot for each combination of its draws, made when first needed.
    slots: Vec<Vec<Slot<T>>>,
}

impl<T: Copy> Memo<T> {
    /// A memo for rows whose reviews look at `reviewed[row]` (per review, its items and their chances), `None` for a strategy.
    pub(super) fn new<'a>(
        reviewed: impl Iterator<Item = Option<&'a [Vec<(ItemIx, f64)>]>>,
    ) -> Self {
        let mut pairs: Vec<(u32, ItemIx)> = Vec::new();
        let rows: Vec<Option<Vec<(usize, f64)>>> = reviewed
            .map(|reviews| {
                let reviews = reviews?;
                if reviews.iter().map(Vec::len).sum::<usize>() > MEMO_BITS {
                    return None;
                }
                let mut draws = Vec::new();
                for (r, items) in reviews.iter().enumerate() {
                    for &(ix, chance) in items {
                        let pair = (r as u32 + 1, ix);
                        let at = pairs.iter().position(|p| *p == pair).unwrap_or_else(|| {
                            pairs.push(pair);
                            pairs.len() - 1
                        });
                        draws.push((at, chance));
                    }
                }
                Some(draws)
            })
            .collect();
        Memo {
            draws: vec![0.0; pairs.len()],
            slots: rows.iter().map(|_| Vec::new()).collect(),
            pairs,
            rows,
        }
    }

    /// Draws what the reviews catch at `seed`, once for every row.
    pub(super) fn start_seed(&mut self, seed: u64) {
        for (d, &(review, ix)) in self.draws.iter_mut().zip(&self.pairs) {
            *d = review_draw(seed, review, ix);
        }
    }

    /// The run of `row` at this seed: remembered from a seed at which its reviews caught the same, or played by `play`
    /// (and remembered if it `lasts`).
    pub(super) fn run(
        &mut self,
        row: usize,
        play: impl FnOnce() -> Option<T>,
        lasts: impl FnOnce(T) -> bool,
    ) -> Option<T> {
        let Some(draws) = &self.rows[row] else {
            return play();
        };
        let key = draws
            .iter()
            .enumerate()
            .fold(0usize, |key, (b, &(at, chance))| {
                key | (usize::from(self.draws[at] < chance) << b)
            });
        let slots = &mut self.slots[row];
        if slots.is_empty() {
            slots.resize(1 << draws.len(), None);
        }
        if let Some(run) = slots[key] {
            return run;
        }
        let run = play();
        if run.is_none_or(lasts) {
            slots[key] = Some(run);
        }
        run
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::caught_in_review;

    #[test]
    fn a_row_is_played_once_for_each_combination_of_what_its_reviews_catch() {
        // Row 0: two draws; row 1: none; row 2: a strategy; row 3: too many draws to remember.
        let two = vec![vec![(3, 0.5)], vec![(3, 0.5)]];
        let many = vec![(0..11).map(|ix| (ix, 0.5)).collect::<Vec<_>>()];
        let reviewed = [
            Some(two.as_slice()),
            Some(&[][..]),
            None,
            Some(many.as_slice()),
        ];
        let mut memo: Memo<(u64, [bool; 2])> = Memo::new(reviewed.into_iter());
        let mut plays = [0u32; 4];
        for seed in 0..200u64 {
            memo.start_seed(seed);
            let caught = [1, 2].map(|review| caught_in_review(seed, review, 3, 0.5));
            for (row, played) in plays.iter_mut().enumerate() {
                let run = memo.run(
                    row,
                    || {
                        *played += 1;
                        Some((seed, caught))
                    },
                    |_| true,
                );
                let (first_seed, first_caught) = run.expect("played");
                // A remembered run is one from a seed whose reviews caught the same.
                if row == 0 {
                    assert_eq!(first_caught, caught, "seed {seed}");
                } else if row >= 2 {
                    assert_eq!(first_seed, seed);
                }
            }
        }
        assert_eq!(plays, [4, 1, 200, 200]);
    }

    #[test]
    fn a_run_that_does_not_last_is_played_again() {
        let no_review: Vec<Vec<(ItemIx, f64)>> = Vec::new();
        let mut memo: Memo<u32> = Memo::new([Some(no_review.as_slice())].into_iter());
        let mut plays = 0;
        for seed in 0..3 {
            memo.start_seed(seed);
            let run = memo.run(
                0,
                || {
                    plays += 1;
                    Some(plays)
                },
                |run| run > 2,
            );
            assert_eq!(run, Some(seed as u32 + 1));
        }
        // The third run lasts, so a fourth seed gets it back.
        memo.start_seed(3);
        assert_eq!(memo.run(0, || Some(99), |_| true), Some(3));
    }
}
