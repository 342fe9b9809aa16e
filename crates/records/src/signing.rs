//! Record signing: HMAC-SHA256 over a record's canonical JSON, keys from the environment or a file.
//!
//! The canonical form is the record serialised as JSON with `signature` set to
//! `null`, every object's keys sorted (byte order), no whitespace. It is
//! computed from the parsed [`Record`], so re-indenting a file or reordering
//! its fields keeps the signature valid, while changing any value breaks it.

use crate::record::{Record, Signature};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use std::fmt;
use std::path::{Path, PathBuf};

/// The environment variable holding the key itself (its UTF-8 bytes are the key).
pub const KEY_ENV: &str = "PRESSCHECK_SIGNING_KEY";
/// The environment variable naming a file that holds the key.
pub const KEY_FILE_ENV: &str = "PRESSCHECK_SIGNING_KEY_FILE";
/// The only algorithm.
pub const ALGORITHM: &str = "HMAC-SHA256";
/// Largest key file read; a key is a line of text, not a document.
pub const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;

type HmacSha256 = Hmac<Sha256>;

/// A signing key; it is never printed (`Debug` shows only [`SigningKey::key_id`]).
#[derive(Clone)]
pub struct SigningKey {
    /// HMAC state keyed once, cloned for each record.
    mac: HmacSha256,
    key_id: String,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningKey({})", self.key_id)
    }
}

/// Why a key could not be had.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// Both [`KEY_ENV`] and [`KEY_FILE_ENV`] are set.
    #[error("both {KEY_ENV} and {KEY_FILE_ENV} are set; set only one")]
    Both,
    /// The key is empty; the text says where it came from.
    #[error("the signing key from {0} is empty")]
    Empty(String),
    /// [`KEY_ENV`] is not valid UTF-8.
    #[error("{KEY_ENV} is not valid UTF-8 text")]
    NotUnicode,
    /// The key file could not be read.
    #[error("cannot read the signing key file {}: {}", .0.display(), .1)]
    File(PathBuf, #[source] std::io::Error),
    /// The key file is a folder, a pipe or a device.
    #[error("the signing key file {} {}", .0.display(), .1)]
    NotAFile(PathBuf, crate::files::ReadError),
    /// The key file is larger than [`MAX_KEY_FILE_BYTES`].
    #[error("the signing key file {} is larger than {} KiB: not a key", .0.display(), MAX_KEY_FILE_BYTES / 1024)]
    FileTooLarge(PathBuf),
}

impl SigningKey {
    /// A key from bytes; empty keys are refused.
    pub fn from_bytes(bytes: &[u8]) -> Result<SigningKey, KeyError> {
        SigningKey::new(bytes, "the given bytes")
    }

    fn new(bytes: &[u8], from: &str) -> Result<SigningKey, KeyError> {
        if bytes.is_empty() {
            return Err(KeyError::Empty(from.to_string()));
        }
        // HMAC takes keys of any length: this refuses nothing that got here.
        let mac = <HmacSha256 as KeyInit>::new_from_slice(bytes)
            .map_err(|_| KeyError::Empty(from.to_string()))?;
        Ok(SigningKey {
            mac,
            key_id: hex::encode(&Sha256::digest(bytes)[..8]),
        })
    }

    /// A key from a file: its bytes, with one trailing newline (`\n` or `\r\n`) ignored.
    pub fn from_file(path: &Path) -> Result<SigningKey, KeyError> {
        use crate::files::{ReadError, read_regular};
        let mut bytes = read_regular(path, MAX_KEY_FILE_BYTES).map_err(|e| match e {
            ReadError::Open(e) | ReadError::Read(e) => KeyError::File(path.to_path_buf(), e),
            ReadError::TooLarge(_) => KeyError::FileTooLarge(path.to_path_buf()),
            other => KeyError::NotAFile(path.to_path_buf(), other),
        })?;
        if bytes.ends_with(b"\n") {
            bytes.pop();
            if bytes.ends_with(b"\r") {
                bytes.pop();
            }
        }
        SigningKey::new(&bytes, &path.display().to_string())
    }

    /// The key from [`KEY_ENV`] or [`KEY_FILE_ENV`]; `None` when neither is set.
    pub fn from_env() -> Result<Option<SigningKey>, KeyError> {
        SigningKey::from_vars(std::env::var_os(KEY_ENV), std::env::var_os(KEY_FILE_ENV))
    }

    /// [`SigningKey::from_env`] with the variables' values given (so it can be tested without touching the environment).
    pub fn from_vars(
        key: Option<std::ffi::OsString>,
        key_file: Option<std::ffi::OsString>,
    ) -> Result<Option<SigningKey>, KeyError> {
        match (key, key_file) {
            (Some(_), Some(_)) => Err(KeyError::Both),
            (Some(text), None) => {
                let text = text.into_string().map_err(|_| KeyError::NotUnicode)?;
                SigningKey::new(text.as_bytes(), KEY_ENV).map(Some)
            }
            (None, Some(file)) if file.is_empty() => Err(KeyError::Empty(KEY_FILE_ENV.into())),
            (None, Some(file)) => SigningKey::from_file(Path::new(&file)).map(Some),
            (None, None) => Ok(None),
        }
    }

    /// A short fingerprint: the first 8 bytes of the key's SHA-256, hex.
    pub fn key_id(&self) -> String {
        self.key_id.clone()
    }

    fn mac(&self, canonical: &[u8]) -> HmacSha256 {
        let mut mac = self.mac.clone();
        mac.update(canonical);
        mac
    }

    /// A keyed tag (32 hex digits) over `data` for `purpose`, so this crate's own
    /// files (the LRS spool's ledger) can be checked with the same key. A record's
    /// canonical form starts with `{`, so no tag ever passes for a signature.
    pub fn tag(&self, purpose: &str, data: &[u8]) -> String {
        let mut mac = self.mac.clone();
        mac.update(b"presscheck-tag\0");
        mac.update(purpose.as_bytes());
        mac.update(b"\0");
        mac.update(data);
        hex::encode(&mac.finalize().into_bytes()[..16])
    }

    /// Whether `tag` is [`SigningKey::tag`] of `data` for `purpose`, compared in constant time.
    pub fn tag_matches(&self, purpose: &str, data: &[u8], tag: &str) -> bool {
        let want = self.tag(purpose, data);
        want.len() == tag.len()
            && want
                .bytes()
                .zip(tag.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

/// The record in canonical form, with or without its signature.
fn canonical(record: &Record, with_signature: bool) -> Vec<u8> {
    let null = (!with_signature).then_some("signature");
    // Serialising a record cannot fail: all its map keys are strings.
    crate::canonical::to_vec(record, null).unwrap_or_default()
}

/// The bytes a signature covers: the record as JSON with `signature` null, keys sorted, no whitespace.
pub fn canonical_bytes(record: &Record) -> Vec<u8> {
    canonical(record, false)
}

/// Signs a record (replacing any signature).
pub fn sign(key: &SigningKey, record: &mut Record) {
    let value = hex::encode(key.mac(&canonical_bytes(record)).finalize().into_bytes());
    record.signature = Some(Signature {
        algorithm: ALGORITHM.to_string(),
        key_id: key.key_id(),
        value,
    });
}

/// What a record's signature says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureCheck {
    /// Signed with this key and unchanged since.
    Valid,
    /// No signature.
    Unsigned,
    /// Signed with this key, but changed since (or the signature itself was altered).
    Invalid,
    /// Signed with another key (by its fingerprint).
    DifferentKey {
        /// That key's fingerprint.
        key_id: String,
    },
}

/// Checks a record's signature against `key`; the MAC is compared in constant time.
pub fn check(key: &SigningKey, record: &Record) -> SignatureCheck {
    let Some(sig) = &record.signature else {
        return SignatureCheck::Unsigned;
    };
    if sig.key_id != key.key_id {
        return SignatureCheck::DifferentKey {
            key_id: sig.key_id.clone(),
        };
    }
    if sig.algorithm != ALGORITHM {
        return SignatureCheck::Invalid;
    }
    let Ok(bytes) = hex::decode(&sig.value) else {
        return SignatureCheck::Invalid;
    };
    // `verify_slice` compares in constant time and refuses a wrong length.
    match key.mac(&canonical_bytes(record)).verify_slice(&bytes) {
        Ok(()) => SignatureCheck::Valid,
        Err(_) => SignatureCheck::Invalid,
    }
}

/// SHA-256 (hex) of the record's canonical form including its signature: the hash printed on certificates.
pub fn record_hash(record: &Record) -> String {
    hex::encode(Sha256::digest(canonical(record, true)))
}

/// [`check`] (when a key is given) and [`record_hash`] together.
pub fn check_and_hash(
    key: Option<&SigningKey>,
    record: &Record,
) -> (Option<SignatureCheck>, String) {
    let status = key.map(|k| check(k, record));
    (status, record_hash(record))
}
