//! The authoring tools through the binary: analyze, new, graph, play --from, and lint warnings in validate.

use super::{presscheck, root};
use serde_json::Value;

fn shipped(id: &str) -> presscheck_engine::Scenario {
    let bytes = std::fs::read(root().join(format!("scenarios/{id}.ron"))).unwrap();
    presscheck_engine::load(&bytes).unwrap().scenario
}

fn analyze_json(file: &str, seeds: &str) -> (Option<i32>, Value) {
    let out = presscheck()
        .args(["analyze", file, "--seeds", seeds, "--json"])
        .output()
        .unwrap();
    let value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{file}: {e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), value)
}

fn codes(analysis: &Value) -> Vec<String> {
    let mut c: Vec<String> = analysis["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    c.sort();
    c.dedup();
    c
}

/// The findings themselves are tested in the engine (`crates/engine/tests/fixtures.rs`); here, the exit codes.
#[test]
fn an_error_finding_exits_1_and_a_warning_exits_0() {
    for (file, code, exit) in [
        ("hold-wins.ron", "degenerate-strategy", 1),
        ("unreachable-stage.ron", "stage-unreached", 0),
    ] {
        let path = format!("tests/fixtures/unbalanced/{file}");
        let (status, analysis) = analyze_json(&path, "200");
        assert_eq!(codes(&analysis), vec![code.to_string()], "{file}");
        assert_eq!(status, Some(exit), "{file}");
    }
}

#[test]
fn the_shipped_scenarios_analyze_clean_with_a_ranked_table() {
    let out = presscheck()
        .args([
            "analyze",
            "unapproved-interview",
            "cd-of-materials",
            "--seeds",
            "300",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("mean score") && text.contains("pass rate"),
        "{text}"
    );
    assert!(text.contains("[model]"), "{text}");
    assert!(text.contains("0 error(s), 0 warning(s)"), "{text}");
    // The model play is among the best and passes.
    let (_, a) = analyze_json("inspection-footage", "100");
    let model = a["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["strategy"] == "model")
        .unwrap()
        .clone();
    assert_eq!(model["pass_rate"], 1.0);
    assert!(codes(&a).is_empty(), "{:?}", a["findings"]);
    // Careless play is in the table, and fails.
    let careless = a["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["strategy"] == "publish-all")
        .unwrap();
    assert_eq!(careless["pass_rate"], 0.0);
}

#[test]
fn a_new_scenario_validates_and_analyzes_clean_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = presscheck()
        .args(["new", "harbour-crane-memo", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = dir.path().join("harbour-crane-memo.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("id: \"harbour-crane-memo\""));
    assert!(
        text.matches("//").count() > 20,
        "the starter teaches with comments"
    );
    let out = presscheck().arg("validate").arg(&file).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("0 errors, 0 warnings"), "{said}");
    let (status, analysis) = analyze_json(file.to_str().unwrap(), "200");
    assert_eq!(status, Some(0));
    assert!(codes(&analysis).is_empty(), "{:?}", analysis["findings"]);
    // Again: refused, the author's file untouched.
    std::fs::write(&file, "// my work\n").unwrap();
    let out = presscheck()
        .args(["new", "harbour-crane-memo", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "// my work\n");
    // A bad id is explained.
    let out = presscheck().args(["new", "Bad Id!"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lower-case"));
}

#[test]
fn graph_writes_dot_and_mermaid_with_every_stage() {
    let dir = tempfile::tempdir().unwrap();
    let out = presscheck()
        .args(["graph", "cd-of-materials", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let dot = std::fs::read_to_string(dir.path().join("cd-of-materials.dot")).unwrap();
    let mermaid = std::fs::read_to_string(dir.path().join("cd-of-materials.mmd")).unwrap();
    assert!(dot.starts_with("digraph"), "{dot}");
    assert!(mermaid.contains("flowchart"), "{mermaid}");
    let scenario = shipped("cd-of-materials");
    for stage in &scenario.file.stages {
        assert!(dot.contains(&stage.id), "{} in DOT", stage.id);
        assert!(mermaid.contains(&stage.id), "{} in Mermaid", stage.id);
    }
    let out = presscheck()
        .args(["graph", "cd-of-materials", "--stdout", "mermaid"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), mermaid);
}

#[test]
fn play_from_a_stage_starts_there() {
    let scenario = shipped("unapproved-interview");
    let last = scenario.file.model_play.last().unwrap().0.clone();
    let out = presscheck()
        .args([
            "play",
            "unapproved-interview",
            "--from",
            &last,
            "--strategy",
            "publish-all",
            "--json",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!("playtesting from stage `{last}`")),
        "{err}"
    );
    let outcome: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Everything before the stage is the model play's; the stage itself is the strategy's.
    let path = outcome["path"].as_array().unwrap();
    let n = scenario.file.model_play.len();
    for (step, model) in path.iter().zip(&scenario.file.model_play).take(n - 1) {
        assert_eq!(step["choice"], model.1.as_str());
    }
    assert_eq!(path[n - 1]["stage"], last.as_str());
    // An unknown stage lists the real ones; --from makes no record.
    let out = presscheck()
        .args([
            "play",
            "unapproved-interview",
            "--from",
            "nowhere",
            "--strategy",
            "model",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&last));
    let out = presscheck()
        .args([
            "play",
            "unapproved-interview",
            "--from",
            &last,
            "--strategy",
            "model",
        ])
        .args(["--trainee", "t", "--results", "/tmp/never-written"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
