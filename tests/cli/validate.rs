//! `presscheck validate`: exact positions and messages for broken files, exit codes, hostile input.

use super::presscheck;

/// One line per diagnostic, `severity[code]: message @ file:line:column`, from validate's rendered output.
fn headlines(stdout: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(stdout);
    let mut out = Vec::new();
    let mut title: Option<String> = None;
    for line in text.lines() {
        if line.starts_with("error[") || line.starts_with("warning[") {
            if let Some(t) = title.take() {
                out.push(t);
            }
            title = Some(line.to_string());
        } else if let Some(at) = line.trim_start().strip_prefix("--> ")
            && let Some(t) = title.take()
        {
            out.push(format!("{t} @ {at}"));
        } else if let Some(at) = line.trim_start().strip_prefix("= note: at ")
            && let Some(t) = title.take()
        {
            out.push(format!("{t} @ {at}"));
        }
    }
    out.extend(title);
    out
}

#[test]
fn shipped_scenarios_are_valid() {
    let out = presscheck().arg("validate").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("0 errors, 0 warnings"), "{stdout}");
    assert!(stdout.contains("checked 3 files"), "{stdout}");
}

/// Every fixture's exact messages are tested in the engine (`crates/engine/tests/fixtures.rs`); here, how they look and the exit codes.
#[test]
fn a_problem_is_shown_with_its_code_place_source_line_and_hint() {
    let out = presscheck()
        .args([
            "validate",
            "tests/fixtures/broken/unknown-item-reference.ron",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        headlines(&out.stdout),
        vec![
            "error[unknown-reference]: no item has the id `night-test` @ tests/fixtures/broken/unknown-item-reference.ron:56:75"
        ],
        "{stdout}"
    );
    // The source line, the id underlined, and the hint.
    assert!(stdout.contains("56 |"), "{stdout}");
    assert!(stdout.contains("^^^^^^^^^^^^"), "{stdout}");
    assert!(
        stdout.contains("hint: did you mean `night-tests`?"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("checked 1 file: 0 valid, 1 invalid; 1 error, 0 warnings\n"),
        "{stdout}"
    );

    // A duplicate id points at the first definition too.
    let out = presscheck()
        .args(["validate", "tests/fixtures/broken/duplicate-item-id.ron"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("first defined here"), "{stdout}");

    // Warnings alone exit 0.
    let out = presscheck()
        .args([
            "validate",
            "tests/fixtures/broken/sensitive-without-cues.ron",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(headlines(&out.stdout)[0].starts_with("warning[no-cues]"));
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
        last.starts_with("checked 37 files: 1 valid, 36 invalid;"),
        "{last}"
    );
    // A rendered diagnostic shows the source line and marks the place.
    assert!(stdout.contains(" | ") && stdout.contains('^'), "{stdout}");
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
    assert_eq!(v[0]["diagnostics"][0]["code"], "unknown-reference");
    assert!(
        v[0]["diagnostics"][0]["span"]["end"].as_u64()
            > v[0]["diagnostics"][0]["span"]["start"].as_u64()
    );
    assert_eq!(
        v[0]["diagnostics"][0]["hint"],
        "did you mean `night-tests`?"
    );
    assert_eq!(v[1]["valid"], true);
}
