//! How much work an analysis is, estimated before it starts, and how many seeds fit the budget.
//!
//! The work of one seed is spreading every distinct story pull over the
//! scenario's network (built once, for every seed: at most about as much as
//! one cascade, which the estimate leaves out). The stories spread together, up to 64
//! in one walk of the network, but the estimate counts one cascade each (an
//! upper bound, so the budget never lets in more than it allows); each costs
//! about one unit per outlet and per link, plus one per simulated hour. Each network limit alone
//! is modest, but their product is not: 250,000 outlets following 50 others
//! is 12.5 million links, and a cascade over them for each of a few hundred
//! stories at each of 1,000 seeds would run for hours. An analysis beyond the
//! budget plays fewer seeds (a deterministic sample: the first ones), and
//! says so; when even [`MIN_SEEDS`] do not fit, it plays none and says why.

use crate::scenario::Scenario;

/// Units of work an analysis may do by default: at most about 40 seconds on a 2-core laptop.
///
/// Measured on the project's 2-core machine, release build: a network that
/// fits in the processor's caches (the shipped scenarios, up to 30,001
/// outlets) runs about 1,000 million units a second, one of 250,000 outlets
/// following 50 others (12.5 million links) about 110 million; the budget is set by the slow case, so every shipped scenario
/// still plays all 1,000 seeds.
pub const WORK_BUDGET: u64 = 4_500_000_000;

/// Fewest seeds worth playing: with fewer, rates and means say too little.
pub const MIN_SEEDS: u32 = 20;

/// The work of one seed when `pulls` distinct stories spread over the scenario's network.
pub fn work_per_seed(scenario: &Scenario, pulls: usize) -> u64 {
    let n = &scenario.file.network;
    let outlets = crate::outlets::outlet_count(n);
    let links = outlets.saturating_mul(u64::from(n.follows));
    let cascade = outlets
        .saturating_add(links)
        .saturating_add(u64::from(n.hours));
    cascade.saturating_mul(pulls.max(1) as u64)
}

/// How many of `asked` seeds fit `budget` at `per_seed` units each (0 when not even [`MIN_SEEDS`] do; all with no budget).
pub fn seeds_within(asked: u32, per_seed: u64, budget: u64) -> u32 {
    if budget == 0 || per_seed == 0 {
        return asked;
    }
    let fit = (budget / per_seed).min(u64::from(asked)) as u32;
    if fit >= asked {
        asked
    } else if fit >= MIN_SEEDS {
        fit
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_are_cut_to_the_budget_but_never_below_the_minimum() {
        assert_eq!(seeds_within(1000, 1_000, 10_000_000), 1000);
        assert_eq!(seeds_within(1000, 1_000_000, 100_000_000), 100);
        assert_eq!(seeds_within(1000, 1_000_000, 19_000_000), 0);
        assert_eq!(seeds_within(1000, 1_000_000, 0), 1000);
    }
}
