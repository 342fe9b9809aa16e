//! The tutorial's finished scenario is what the tutorial promises: valid with no warnings, and balanced.

use presscheck_engine::analyze::{AnalyzeOptions, analyze};
use std::path::Path;

#[test]
fn the_tutorial_scenario_validates_clean_and_is_balanced() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/tutorial");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("docs/tutorial") {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ron") {
            continue;
        }
        seen += 1;
        let loaded = presscheck_engine::load(&std::fs::read(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {:?}", path.display(), e.diagnostics));
        assert!(
            loaded.warnings.is_empty(),
            "{}: {:?}",
            path.display(),
            loaded.warnings
        );
        let options = AnalyzeOptions {
            seeds: 200,
            ..AnalyzeOptions::default()
        };
        let analysis = analyze(&loaded.scenario, &options, &|_, _| {});
        assert!(
            analysis.findings.is_empty(),
            "{}: {:#?}",
            path.display(),
            analysis.findings
        );
        let model = analysis
            .rows
            .iter()
            .find(|r| r.strategy == Some(presscheck_engine::Strategy::Model))
            .expect("a model row");
        assert_eq!(model.pass_rate, 1.0);
    }
    assert_eq!(seen, 1, "the tutorial's scenario is in docs/tutorial/");
}
