//! Where a run's seed comes from: a fixed seed, a class session code, or neither — one rule for every front end.
//!
//! A fixed seed (`--seed`) wins: it is for tests, playtests and replays, and a
//! run with a fixed seed belongs to no class session. Otherwise a session
//! code gives everyone in the class the same seed. With neither, the seed is
//! [`DEFAULT_SEED`], so the game, the terminal and the browser give the same
//! outcome for the same choices.

/// The seed when neither a seed nor a session code is given.
pub const DEFAULT_SEED: u64 = 1;

/// The seed of a run and the class session it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedChoice {
    /// The seed.
    pub seed: u64,
    /// The session code the run belongs to, trimmed; `None` outside a class session.
    pub session: Option<String>,
    /// A session code that was given but set aside because a fixed seed was also given.
    pub overridden_session: Option<String>,
}

/// Picks the seed: `fixed` if given, else the session code's, else [`DEFAULT_SEED`].
pub fn choose(fixed: Option<u64>, session: Option<&str>) -> SeedChoice {
    let code = session
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string);
    match (fixed, code) {
        (Some(seed), code) => SeedChoice {
            seed,
            session: None,
            overridden_session: code,
        },
        (None, Some(code)) => SeedChoice {
            seed: seed_for_code(&code),
            session: Some(code),
            overridden_session: None,
        },
        (None, None) => SeedChoice {
            seed: DEFAULT_SEED,
            session: None,
            overridden_session: None,
        },
    }
}

/// The seed for a class session code: everyone with the same code faces the same network and chances.
///
/// FNV-1a (64-bit) over the UTF-8 bytes of the code after trimming and
/// lower-casing, so "Class-7 " and "class-7" agree. Documented in `docs/records.md`.
pub fn seed_for_code(code: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in code.trim().to_lowercase().bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_codes_agree_whatever_the_case_and_spacing() {
        assert_eq!(seed_for_code("Class-7 "), seed_for_code("class-7"));
        assert_ne!(seed_for_code("class-7"), seed_for_code("class-8"));
        // Pinned: changing the function would change every class's network.
        assert_eq!(seed_for_code("class-7"), 0x1f20_14dd_9840_fb73);
    }

    #[test]
    fn a_fixed_seed_wins_and_leaves_the_session() {
        let both = choose(Some(5), Some(" class-7 "));
        assert_eq!(both.seed, 5);
        assert_eq!(both.session, None);
        assert_eq!(both.overridden_session.as_deref(), Some("class-7"));
        let code = choose(None, Some("Class-7"));
        assert_eq!(code.seed, seed_for_code("class-7"));
        assert_eq!(code.session.as_deref(), Some("Class-7"));
        assert_eq!(choose(None, Some("  ")).seed, DEFAULT_SEED);
        assert_eq!(choose(None, None).seed, DEFAULT_SEED);
    }
}
