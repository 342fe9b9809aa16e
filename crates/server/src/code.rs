//! Session codes: short, easy to read out and to type, with no 0/O or 1/l/I to mix up.

/// The letters and digits a code is made of.
pub const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters in a code, shown in two halves: `KXT-4PM`.
pub const LENGTH: usize = 6;

/// A fresh random code.
pub fn generate() -> String {
    let mut bytes = [0u8; LENGTH];
    // A failing system random source is no reason to stop a class: fall back to the clock.
    if getrandom::fill(&mut bytes).is_err() {
        let t = jiff::Timestamp::now().as_nanosecond() as u64;
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = (t >> (i * 8)) as u8;
        }
    }
    let chars: String = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    format!("{}-{}", &chars[..LENGTH / 2], &chars[LENGTH / 2..])
}

/// A code as typed (`kxt4pm`, `KXT 4PM`, `kxt-4pm `) in its one written form, `KXT-4PM`; `None` when it cannot be a code.
pub fn normalise(typed: &str) -> Option<String> {
    let chars: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (chars.len() == LENGTH && chars.bytes().all(|b| ALPHABET.contains(&b)))
        .then(|| format!("{}-{}", &chars[..LENGTH / 2], &chars[LENGTH / 2..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_however_they_are_typed() {
        for _ in 0..200 {
            let code = generate();
            assert_eq!(normalise(&code).as_deref(), Some(code.as_str()));
            assert_eq!(
                normalise(&code.to_lowercase().replace('-', " ")),
                Some(code.clone())
            );
            assert!(!code.contains(['0', 'O', '1', 'l', 'I']));
        }
        assert_eq!(normalise("kxt4pm").as_deref(), Some("KXT-4PM"));
        assert_eq!(normalise("KX0-4PM"), None);
        assert_eq!(normalise("short"), None);
    }
}
