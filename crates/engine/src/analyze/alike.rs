//! Runs that score alike, kept once: many rows end with the same conduct and the same story, so each seed judges each kind of run once, not each row.

use foldhash::fast::FixedState;
use std::collections::HashMap;
use std::hash::Hash;

/// Most kinds of run kept for the whole analysis (a few hundred bytes each); past it, new ones last one seed.
const MOST: usize = 100_000;

/// Which kind of run, as an index: below [`MOST`] for the whole analysis, from it for this seed only.
pub(super) type Kind = u32;

/// Values interned by a key of everything that decides their outcome.
pub(super) struct Alike<K, T> {
    index: HashMap<K, Kind, FixedState>,
    lasting: Vec<T>,
    /// Kinds met this seed once `lasting` is full.
    this_seed: Vec<T>,
}

impl<K: Hash + Eq, T> Alike<K, T> {
    pub(super) fn new() -> Self {
        Alike {
            index: HashMap::with_hasher(FixedState::default()),
            lasting: Vec::new(),
            this_seed: Vec::new(),
        }
    }

    /// Forgets the kinds that lasted only the last seed.
    pub(super) fn start_seed(&mut self) {
        self.this_seed.clear();
    }

    /// The kind of `value`, whose outcome `key` decides: one already met with that key, or a new one.
    pub(super) fn kind_of(&mut self, key: K, value: T) -> Kind {
        if let Some(&kind) = self.index.get(&key) {
            return kind;
        }
        if self.lasting.len() < MOST {
            self.index.insert(key, self.lasting.len() as Kind);
            self.lasting.push(value);
            return (self.lasting.len() - 1) as Kind;
        }
        self.this_seed.push(value);
        (MOST + self.this_seed.len() - 1) as Kind
    }

    /// Whether `kind` stays valid after this seed.
    pub(super) fn lasts(kind: Kind) -> bool {
        (kind as usize) < MOST
    }

    /// How many kinds there are this seed: [`Self::dense`] numbers them `0..` that.
    pub(super) fn count(&self) -> usize {
        self.lasting.len() + self.this_seed.len()
    }

    /// `kind` numbered among this seed's kinds with no gaps, for a table of them.
    pub(super) fn dense(&self, kind: Kind) -> usize {
        let k = kind as usize;
        if k < MOST {
            k
        } else {
            self.lasting.len() + (k - MOST)
        }
    }

    pub(super) fn get(&self, kind: Kind) -> &T {
        let k = kind as usize;
        if k < MOST {
            &self.lasting[k]
        } else {
            &self.this_seed[k - MOST]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_with_one_key_share_a_kind_and_overflow_lasts_a_seed() {
        let mut alike: Alike<u32, &str> = Alike::new();
        let a = alike.kind_of(1, "a");
        assert_eq!(alike.kind_of(1, "a again"), a);
        assert_eq!(*alike.get(a), "a");
        let b = alike.kind_of(2, "b");
        assert_ne!(a, b);
        assert!(Alike::<u32, &str>::lasts(a) && Alike::<u32, &str>::lasts(b));
        for k in 3..=MOST as u32 {
            alike.kind_of(k, "more");
        }
        let past = alike.kind_of(u32::MAX, "past the bound");
        assert!(!Alike::<u32, &str>::lasts(past));
        assert_eq!(*alike.get(past), "past the bound");
        assert_eq!(alike.count(), MOST + 1);
        assert_eq!(alike.dense(past), MOST);
        alike.start_seed();
        assert_eq!(alike.count(), MOST);
    }
}
