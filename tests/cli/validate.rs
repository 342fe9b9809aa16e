//! `presscheck validate`: exact positions and messages for broken files, exit codes, hostile input.

use super::{presscheck, root};

/// Headline lines (`file:line:column: severity: message`) from validate's output.
fn headlines(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .filter(|l| !l.starts_with(' '))
        .map(str::to_string)
        .collect()
}

#[test]
fn shipped_scenarios_are_valid() {
    let out = presscheck().arg("validate").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("0 errors, 0 warnings"), "{stdout}");
    assert!(stdout.contains("checked 3 files"), "{stdout}");
}

#[test]
fn every_broken_fixture_reports_its_exact_positions_and_messages() {
    let dir = root().join("tests/fixtures/broken");
    let mut fixtures: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 20, "only {} fixtures", fixtures.len());
    for fixture in fixtures {
        let name = fixture.file_name().unwrap().to_string_lossy().into_owned();
        let rel = format!("tests/fixtures/broken/{name}");
        let expected: Vec<String> = std::fs::read_to_string(fixture.with_extension("expected"))
            .unwrap_or_else(|_| panic!("{name} has no .expected file"))
            .lines()
            .map(str::to_string)
            .collect();
        assert!(!expected.is_empty(), "{name}: empty expectation");
        let out = presscheck().args(["validate", &rel]).output().unwrap();
        assert_eq!(headlines(&out.stdout), expected, "{name}");
        let has_error = expected.iter().any(|l| l.contains(": error: "));
        assert_eq!(
            out.status.code(),
            Some(if has_error { 1 } else { 0 }),
            "{name}"
        );
    }
}

#[test]
fn a_folder_reports_every_file_then_a_summary_and_exits_1() {
    let out = presscheck()
        .args(["validate", "tests/fixtures/broken"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    let last = stdout.lines().last().unwrap();
    assert!(
        last.starts_with("checked 33 files: 1 valid, 32 invalid;"),
        "{last}"
    );
    // A rendered diagnostic shows the source line and a caret under the column.
    assert!(
        stdout.contains(" | ^") || stdout.contains("|  "),
        "{stdout}"
    );
}

#[test]
fn bad_usage_exits_2() {
    let out = presscheck()
        .args(["validate", "--no-such-flag"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = presscheck()
        .args(["validate", "does/not/exist.ron"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file or folder"));
}

#[test]
fn hostile_files_get_a_message_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "huge.ron",
            vec![b' '; 3 * 1024 * 1024],
            "larger than the limit",
        ),
        ("zeros.ron", vec![0u8; 4096], "NUL byte"),
        ("brackets.ron", "[".repeat(200_000).into_bytes(), "1:1"),
        ("parens.ron", "(".repeat(200_000).into_bytes(), ""),
        (
            "garbage.ron",
            (0..20_000u32).map(|i| (i * 7919 % 251) as u8 + 1).collect(),
            "",
        ),
        ("bom.ron", b"\xEF\xBB\xBF(format_version: 1)".to_vec(), ""),
        ("only-comment.ron", b"// nothing here\n".to_vec(), ""),
        ("unclosed-comment.ron", b"( /* never closed".to_vec(), ""),
    ];
    for (name, bytes, needle) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let out = presscheck()
            .args(["validate", path.to_str().unwrap()])
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{name}: {stdout} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let lines = headlines(&out.stdout);
        assert!(!lines.is_empty(), "{name}: no diagnostic");
        assert!(lines[0].contains(needle), "{name}: {}", lines[0]);
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("panicked"),
            "{name}"
        );
    }
}

#[test]
fn json_output_lists_files_and_diagnostics() {
    let out = presscheck()
        .args([
            "validate",
            "--json",
            "tests/fixtures/broken/unknown-item-reference.ron",
            "tests/fixtures/valid/minimal.ron",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["valid"], false);
    assert_eq!(v[0]["diagnostics"][0]["line"], 56);
    assert_eq!(v[0]["diagnostics"][0]["column"], 75);
    assert_eq!(
        v[0]["diagnostics"][0]["hint"],
        "did you mean `night-tests`?"
    );
    assert_eq!(v[1]["valid"], true);
}
