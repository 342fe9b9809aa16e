//! The validator's fixtures, without the binary: each broken file gives exactly its expected `file:line:column: severity: message` lines, and each unbalanced one exactly its analysis finding.

use presscheck_engine::analyze::{AnalyzeOptions, analyze};
use presscheck_engine::{Diagnostic, load};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// Every diagnostic of a file, errors and warnings, in position order.
fn diagnostics(bytes: &[u8]) -> Vec<Diagnostic> {
    match load(bytes) {
        Ok(loaded) => loaded.warnings,
        Err(e) => e.diagnostics,
    }
}

#[test]
fn every_broken_fixture_reports_its_exact_positions_and_messages() {
    let dir = fixtures().join("broken");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "only {} fixtures", files.len());
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let shown = format!("tests/fixtures/broken/{name}");
        let expected: Vec<String> = std::fs::read_to_string(file.with_extension("expected"))
            .unwrap_or_else(|_| panic!("{name} has no .expected file"))
            .lines()
            .map(str::to_string)
            .collect();
        assert!(!expected.is_empty(), "{name}: empty expectation");
        let found = diagnostics(&std::fs::read(&file).unwrap());
        let lines: Vec<String> = found.iter().map(|d| d.headline(&shown)).collect();
        assert_eq!(lines, expected, "{name}");
        // Every diagnostic carries a span inside the file (or at its start, for the file as a whole).
        let len = std::fs::metadata(&file).unwrap().len() as usize;
        for d in &found {
            assert!(
                d.span.start <= d.span.end && d.span.end <= len,
                "{name}: {d:?}"
            );
        }
    }
}

#[test]
fn the_valid_fixture_is_valid() {
    let bytes = std::fs::read(fixtures().join("valid/minimal.ron")).unwrap();
    assert!(load(&bytes).is_ok());
}

#[test]
fn each_unbalanced_fixture_gives_exactly_its_finding() {
    for (file, code, error) in [
        ("hold-wins.ron", &["degenerate-strategy"][..], true),
        ("model-fails.ron", &["model-fails", "model-not-best"], true),
        ("unreachable-stage.ron", &["stage-unreached"], false),
        (
            "choice-changes-nothing.ron",
            &["choice-changes-nothing"],
            false,
        ),
    ] {
        let bytes = std::fs::read(fixtures().join("unbalanced").join(file)).unwrap();
        let scenario = load(&bytes).expect("valid").scenario;
        let options = AnalyzeOptions {
            seeds: 200,
            ..AnalyzeOptions::default()
        };
        let analysis = analyze(&scenario, &options, &|_, _| {});
        let mut codes: Vec<&str> = analysis.findings.iter().map(|f| f.code).collect();
        codes.dedup();
        assert_eq!(codes, code, "{file}");
        assert_eq!(analysis.has_errors(), error, "{file}");
    }
}

#[test]
fn a_structure_in_some_with_one_bracket_is_pointed_at_with_the_two_bracket_hint() {
    let file = fixtures().join("broken/some-single-brackets.ron");
    let found = diagnostics(&std::fs::read(file).unwrap());
    assert_eq!(found.len(), 1, "{found:?}");
    let hint = found[0].hint.as_deref().unwrap_or("");
    assert!(hint.contains("Some((text:"), "{hint}");
    // Written correctly, the same wording has no such hint: the valid fixture uses `Some((`.
    let valid = std::fs::read_to_string(fixtures().join("valid/minimal.ron")).unwrap();
    assert!(valid.contains("generalised: Some(("));
}
