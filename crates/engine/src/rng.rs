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

    /// A cheaper keyed number of one key, `a`: one mix instead of two.
    pub(crate) fn one(self, a: u64) -> u64 {
        mix(self.0.wrapping_add(a))
    }

    /// The same number as `unit_draw(seed, domain, a, b)`.
    pub(crate) fn unit(self, a: u64, b: u64) -> f64 {
        to_unit(self.get(a, b))
    }
}

/// The natural logarithm of a positive normal `x`, from IEEE addition and
/// multiplication alone, so it gives the same bits on every platform (the
/// system's `ln` may differ in the last bit between them).
///
/// `x = m · 2^e` with `m` in `[1, 2)`; the top eight bits of `m` pick a centre
/// `c` from a table the compiler works out (with `ln_series`, exactly, the
/// same on every machine), and `ln m = ln c + ln(1 + r)` with
/// `r = (m − c) / c`, `|r| < 1/512`, where three terms of the series are
/// within 2·10⁻¹¹ of it: plenty for drawing how many links to skip, and cheap,
/// since the cascade takes one for every candidate link.
pub fn ln(x: f64) -> f64 {
    const LN_2: f64 = std::f64::consts::LN_2;
    let bits = x.to_bits();
    let e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let [c, inv_c, ln_c] = LN_TABLE[((bits >> 44) & 0xff) as usize];
    let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    let r = (m - c) * inv_c;
    let ln_1p = r * (1.0 + r * (-0.5 + r * (1.0 / 3.0)));
    e as f64 * LN_2 + ln_c + ln_1p
}

/// For each of the 256 slices of `[1, 2)`: its centre `c`, `1 / c` and `ln c`.
const LN_TABLE: [[f64; 3]; 256] = ln_table();

const fn ln_table() -> [[f64; 3]; 256] {
    let mut table = [[0.0; 3]; 256];
    let mut i = 0;
    while i < 256 {
        let c = 1.0 + (i as f64 + 0.5) / 256.0;
        table[i] = [c, 1.0 / c, ln_series(c)];
        i += 1;
    }
    table
}

/// `ln m` for `m` in `[1, 2)` as `2 atanh(s)`, `s = (m − 1) / (m + 1) < ⅓`: twenty terms, exact to the last bit but for rounding.
const fn ln_series(m: f64) -> f64 {
    let s = (m - 1.0) / (m + 1.0);
    let z = s * s;
    let mut inner = 1.0 / 41.0;
    let mut odd = 39.0;
    while odd > 2.0 {
        inner = 1.0 / odd + z * inner;
        odd -= 2.0;
    }
    2.0 * s * (1.0 + z * inner)
}

/// A counter-based sequence of draws for one key: the `j`-th draw depends
/// only on the key and `j`, so it is cheap to start and never shared.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Counter {
    key: u64,
    next: u64,
}

impl Counter {
    /// The sequence of `key`.
    pub(crate) fn new(key: u64) -> Counter {
        Counter { key, next: 0 }
    }

    /// The next 64-bit draw.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.next = self.next.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.key ^ self.next)
    }

    /// A uniform draw in `(0, 1]`, so its logarithm is finite.
    pub(crate) fn open_unit(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// How many trials fail before the first success, each succeeding with
    /// the chance whose `1 / ln(1 − chance)` is `inv_log_miss` (negative):
    /// a geometric draw, the number of links to skip.
    #[cfg(test)]
    pub(crate) fn failures(&mut self, inv_log_miss: f64) -> u64 {
        failures_of(self.open_unit(), inv_log_miss)
    }
}

/// The geometric draw of skips from the uniform draw `u` in `(0, 1]`: how many links to pass over.
pub(crate) fn failures_of(u: f64, inv_log_miss: f64) -> u64 {
    // The product is at least 0, so truncating is flooring (and a huge one saturates).
    (ln(u) * inv_log_miss) as u64
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
    fn the_portable_logarithm_agrees_with_the_system_one() {
        let mut r = stream(11, 0);
        for _ in 0..100_000 {
            let x = 1.0 - unit(&mut r);
            let (ours, system) = (ln(x), x.ln());
            assert!(
                (ours - system).abs() <= 2e-11,
                "ln({x}) = {ours}, system {system}"
            );
        }
        assert!(ln(1.0).abs() < 2e-11);
        assert!((ln(2.0f64.powi(-53)) - (-53.0 * std::f64::consts::LN_2)).abs() < 2e-11);
        // The table's own logarithms are exact but for rounding.
        assert!((LN_TABLE[77][2] - LN_TABLE[77][0].ln()).abs() <= 2.0 * f64::EPSILON);
    }

    #[test]
    fn geometric_skips_have_the_right_mean() {
        // Failures before a success at chance p average (1 - p) / p.
        for p in [0.05, 0.3, 0.9] {
            let inv = 1.0 / ln(1.0 - p);
            let mut c = Counter::new(mix(p.to_bits()));
            let n = 200_000;
            let total: f64 = (0..n).map(|_| c.failures(inv) as f64).sum();
            let mean = total / n as f64;
            let want = (1.0 - p) / p;
            assert!(
                (mean - want).abs() < 0.02 * want.max(0.5),
                "p {p}: mean {mean}, want {want}"
            );
        }
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
