//! Rounding outcome numbers to four decimals, so they read cleanly and compare exactly on every machine.

/// Rounds to four decimals; never returns `-0`.
pub fn round4(x: f64) -> f64 {
    let r = (x * 10_000.0).round() / 10_000.0;
    // No "-0" in outcomes: it reads as a deduction that is not there.
    if r == 0.0 { 0.0 } else { r }
}
