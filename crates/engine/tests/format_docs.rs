//! The format reference is complete: every field and every variant of the scenario format appears in `docs/scenario-format.md`.

use std::collections::BTreeSet;
use std::path::Path;

/// Field and variant names of the serde types in `model.rs`, read from the source so a new field cannot be forgotten here.
fn format_names() -> BTreeSet<(String, String)> {
    let source =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/model.rs"))
            .expect("model.rs");
    let mut names = BTreeSet::new();
    let mut current: Option<(String, bool)> = None;
    for line in source.lines() {
        if let Some(rest) = line
            .strip_prefix("pub struct ")
            .or_else(|| line.strip_prefix("pub enum "))
        {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
            if rest.trim_end().ends_with('{') {
                current = Some((name, line.starts_with("pub enum")));
            }
            continue;
        }
        if line.starts_with('}') {
            current = None;
            continue;
        }
        let Some((owner, is_enum)) = &current else {
            continue;
        };
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        let ident: String = trimmed
            .trim_start_matches("pub ")
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if ident.is_empty() {
            continue;
        }
        let after = trimmed.trim_start_matches("pub ")[ident.len()..]
            .chars()
            .next();
        let is_field = after == Some(':');
        let is_variant = *is_enum && indent == 4 && matches!(after, Some(',' | '(' | ' ' | '{'));
        if is_field || is_variant {
            names.insert((owner.clone(), ident));
        }
    }
    names
}

#[test]
fn every_field_and_variant_of_the_format_is_documented() {
    let docs = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/scenario-format.md"),
    )
    .expect("docs/scenario-format.md");
    let names = format_names();
    // The reader found the format: if it found little, it is broken, not the docs complete.
    assert!(
        names.len() > 100,
        "only {} names read from model.rs",
        names.len()
    );
    for must in [
        ("ScenarioFile", "pass_mark"),
        ("Effect", "Publish"),
        ("NetworkParams", "foreign_pickup"),
    ] {
        assert!(
            names.contains(&(must.0.to_string(), must.1.to_string())),
            "{must:?} not read"
        );
    }
    let missing: Vec<String> = names
        .iter()
        .filter(|(_, name)| {
            !docs.match_indices(name.as_str()).any(|(at, _)| {
                let before = docs[..at].chars().next_back();
                let after = docs[at + name.len()..].chars().next();
                let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                !word(before) && !word(after)
            })
        })
        .map(|(owner, name)| format!("{owner}::{name}"))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/scenario-format.md does not mention: {}",
        missing.join(", ")
    );
}
