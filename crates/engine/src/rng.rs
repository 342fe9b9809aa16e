//! Portable, seeded randomness: ChaCha8 streams for sequences, SplitMix64 hashing for keyed draws.
//!
//! Nothing here depends on the platform, the thread schedule or hash-map
//! order, so the same seed gives the same numbers on every machine.

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

/// A sequential generator for one purpose (`stream`) of one seed.
pub fn stream(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

/// A uniform draw in `[0, 1)` from a sequential generator.
pub fn unit(rng: &mut ChaCha8Rng) -> f64 {
    to_unit(rng.next_u64())
}

/// A uniform integer in `0..n` (`n > 0`) from a sequential generator.
pub fn below(rng: &mut ChaCha8Rng, n: u64) -> u64 {
    ((u128::from(rng.next_u64()) * u128::from(n)) >> 64) as u64
}

/// SplitMix64's finaliser: a strong, cheap 64-bit mix.
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A keyed 64-bit draw: the same `(seed, domain, a, b)` always gives the same number.
pub fn keyed(seed: u64, domain: u64, a: u64, b: u64) -> u64 {
    Keyed::new(seed, domain).get(a, b)
}

/// A keyed uniform draw in `[0, 1)`.
pub fn unit_draw(seed: u64, domain: u64, a: u64, b: u64) -> f64 {
    to_unit(keyed(seed, domain, a, b))
}

/// [`keyed`] with the seed and domain fixed, for many draws of one kind.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Keyed(u64);

impl Keyed {
    /// Keyed draws of `seed` in `domain`.
    pub(crate) fn new(seed: u64, domain: u64) -> Keyed {
        Keyed(mix(seed ^ domain))
    }

    /// The same number as `keyed(seed, domain, a, b)`.
    pub(crate) fn get(self, a: u64, b: u64) -> u64 {
        mix(mix(self.0.wrapping_add(a)).wrapping_add(b))
    }

    /// The same number as `unit_draw(seed, domain, a, b)`.
    pub(crate) fn unit(self, a: u64, b: u64) -> f64 {
        to_unit(self.get(a, b))
    }
}

fn to_unit(x: u64) -> f64 {
    // 53 random bits scaled exactly into [0, 1).
    (x >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinned_values_never_change() {
        // If these change, every golden outcome changes with them.
        assert_eq!(keyed(1, 2, 3, 4), keyed(1, 2, 3, 4));
        assert_ne!(keyed(1, 2, 3, 4), keyed(1, 2, 4, 3));
        let mut a = stream(42, 0);
        let mut b = stream(42, 0);
        let mut c = stream(42, 1);
        let xa: Vec<u64> = (0..4).map(|_| a.next_u64()).collect();
        let xb: Vec<u64> = (0..4).map(|_| b.next_u64()).collect();
        let xc: Vec<u64> = (0..4).map(|_| c.next_u64()).collect();
        assert_eq!(xa, xb);
        assert_ne!(xa, xc);
        assert_eq!(mix(0), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn draws_are_in_range() {
        let mut r = stream(7, 3);
        for _ in 0..10_000 {
            let u = unit(&mut r);
            assert!((0.0..1.0).contains(&u));
            assert!(below(&mut r, 10) < 10);
        }
    }
}
