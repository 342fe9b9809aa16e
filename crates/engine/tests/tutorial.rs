//! The tutorial's scenarios (`docs/tutorial/*.ron`) are what docs/tutorial.md promises: valid with no warnings, and balanced.

use presscheck_engine::analyze::{AnalyzeOptions, MODEL_PASS_RATE, analyze};
use presscheck_engine::{Strategy, load};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn tutorial_scenarios() -> Vec<PathBuf> {
    let dir = root().join("docs/tutorial");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no scenario in {}", dir.display());
    files
}

#[test]
fn every_tutorial_scenario_loads_with_no_diagnostics() {
    for path in tutorial_scenarios() {
        let bytes = std::fs::read(&path).unwrap();
        let loaded = load(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            loaded.warnings.is_empty(),
            "{}: {:#?}",
            path.display(),
            loaded.warnings
        );
        // The file is named after its id, as docs/scenario-format.md asks.
        assert_eq!(
            path.file_stem().and_then(|s| s.to_str()),
            Some(loaded.scenario.id()),
            "{}",
            path.display()
        );
    }
}

#[test]
fn every_tutorial_scenario_is_balanced_and_its_model_play_passes() {
    let options = AnalyzeOptions {
        seeds: 200,
        ..AnalyzeOptions::default()
    };
    for path in tutorial_scenarios() {
        let loaded = load(&std::fs::read(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let analysis = analyze(&loaded.scenario, &options, &|_, _| {});
        assert!(
            !analysis.has_errors(),
            "{}: {:#?}",
            path.display(),
            analysis.findings
        );
        let model = analysis
            .rows
            .iter()
            .find(|r| r.strategy == Some(Strategy::Model))
            .unwrap_or_else(|| panic!("{}: no model play row", path.display()));
        assert!(
            model.pass_rate >= MODEL_PASS_RATE,
            "{}: the model play passes at only {:.1}% of seeds (mean score {:.3})",
            path.display(),
            100.0 * model.pass_rate,
            model.mean_score
        );
    }
}

#[test]
fn the_tutorial_links_to_every_tutorial_scenario() {
    let text = std::fs::read_to_string(root().join("docs/tutorial.md")).unwrap();
    for path in tutorial_scenarios() {
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(
            text.contains(&format!("tutorial/{name}")),
            "docs/tutorial.md does not mention tutorial/{name}"
        );
    }
}
