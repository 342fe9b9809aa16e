//! The clap definition of the whole command line is consistent, and `--help` documents where scenarios come from.

use super::presscheck;
use clap::CommandFactory;

#[test]
fn the_command_line_definition_is_consistent() {
    presscheck::launch::Cli::command().debug_assert();
}

#[test]
fn help_names_the_scenario_resolution_order() {
    let out = presscheck().arg("--help").output().unwrap();
    // Help text is wrapped to the terminal width: compare with single spaces.
    let text = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(out.status.success());
    for needle in [
        "--scenarios DIR",
        "$PRESSCHECK_SCENARIOS",
        "./scenarios",
        "built into presscheck",
    ] {
        assert!(text.contains(needle), "--help lacks {needle}:\n{text}");
    }
}

#[test]
fn an_installed_binary_offers_the_built_in_scenarios_from_an_empty_folder() {
    let empty = tempfile::tempdir().unwrap();
    let out = presscheck()
        .current_dir(empty.path())
        .arg("validate")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("checked 3 files: 3 valid"), "{text}");
    // A built-in scenario plays by id from anywhere.
    let out = presscheck()
        .current_dir(empty.path())
        .args(["play", "cd-of-materials", "--strategy", "model", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // `new` writes into ./scenarios of the current folder, not anywhere else.
    let out = presscheck()
        .current_dir(empty.path())
        .args(["new", "leaked-budget-memo"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        empty
            .path()
            .join("scenarios/leaked-budget-memo.ron")
            .is_file()
    );
}
