//! Secrets: trainer passwords kept only as Argon2id hashes, random tokens for cookies and forms, and how tokens are compared.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use sha2::{Digest, Sha256};

/// Random bytes in a token: 256 bits.
const TOKEN_BYTES: usize = 32;

/// A fresh random token, as hex.
pub fn token() -> String {
    let mut bytes = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes).expect("the system's random source works");
    hex::encode(bytes)
}

/// What the database keeps of a token: its SHA-256, so a copy of the database opens no browser's session.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A password for the first trainer account: twenty letters and digits that are easy to copy, in groups of five.
pub fn new_password() -> String {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).expect("the system's random source works");
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| crate::code::ALPHABET[usize::from(*b) % crate::code::ALPHABET.len()] as char)
        .collect();
    chars
        .chunks(5)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// The Argon2id hash of a password, as a PHC string with its own random salt.
pub fn hash_password(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

/// Whether `password` matches a stored hash.
pub fn password_matches(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// Compares two tokens in constant time, so their difference cannot be timed.
pub fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_matches_its_hash_and_nothing_else() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(password_matches("correct horse", &hash));
        assert!(!password_matches("correct horse!", &hash));
        assert!(!password_matches("x", "not a hash"));
        assert_ne!(hash_password("a").unwrap(), hash_password("a").unwrap());
    }

    #[test]
    fn tokens_are_long_random_and_compared_fully() {
        let (a, b) = (token(), token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, &b));
        assert!(!same(&a, &a[..63]));
        assert_eq!(token_hash(&a).len(), 64);
        assert_eq!(new_password().len(), 23);
    }
}
