//! Property tests: any legal play finishes, scores stay in range, identical inputs give identical outcomes, and no input makes the loader panic.

use presscheck_engine::{Decision, Run, Scenario, Treatment, load, play};
use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::OnceLock;

fn scenarios() -> &'static Vec<Scenario> {
    static ALL: OnceLock<Vec<Scenario>> = OnceLock::new();
    ALL.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("scenarios"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.push(root.join("tests/fixtures/valid/minimal.ron"));
        files.sort();
        files
            .iter()
            .map(|p| load(&std::fs::read(p).unwrap()).unwrap().scenario)
            .collect()
    })
}

fn minimal_source() -> &'static str {
    static SRC: OnceLock<String> = OnceLock::new();
    SRC.get_or_init(|| {
        std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../tests/fixtures/valid/minimal.ron"),
        )
        .unwrap()
    })
}

/// Plays a scenario by picking, at every step, choices and edits from a stream of numbers.
fn drive(scenario: &Scenario, seed: u64, picks: &[u32]) -> Vec<Decision> {
    let mut run = Run::new(scenario, seed);
    let mut picks = picks.iter().copied().cycle();
    while let Some(stage) = run.current_stage() {
        let stage_id = stage.id.clone();
        for ix in run.editable_items() {
            let id = scenario.item(ix).id.clone();
            match picks.next().unwrap_or(0) % 4 {
                0 => {}
                1 => run.edit(&id, Treatment::Keep).unwrap(),
                2 => run.edit(&id, Treatment::Redact).unwrap(),
                _ => {
                    // Generalising an item without a generalised wording is refused, not a panic.
                    let result = run.edit(&id, Treatment::Generalise);
                    assert_eq!(result.is_ok(), scenario.item(ix).generalised.is_some());
                }
            }
        }
        let options = run.available_choices();
        assert!(!options.is_empty(), "dead end at {stage_id}");
        let pick = picks.next().unwrap_or(0) as usize % options.len();
        let id = options[pick].id.clone();
        run.choose(&id).unwrap();
    }
    run.decisions().to_vec()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_legal_play_finishes_with_scores_in_range(
        which in 0usize..4,
        seed in any::<u64>(),
        picks in prop::collection::vec(any::<u32>(), 1..40),
    ) {
        let scenario = &scenarios()[which % scenarios().len()];
        let decisions = drive(scenario, seed, &picks);
        let outcome = play(scenario, seed, &decisions).unwrap();
        let s = &outcome.score;
        for v in [s.scaled, s.components.protection, s.components.procedure, s.components.public_value, s.components.timeliness, s.components.over_caution] {
            prop_assert!((0.0..=1.0).contains(&v), "{v} out of range");
        }
        prop_assert_eq!(s.passed, s.gate.is_none() && s.scaled >= s.pass_mark - 1e-9);
        let again = play(scenario, seed, &decisions).unwrap();
        prop_assert_eq!(&outcome, &again);
        // The replayed decisions are exactly those recorded.
        prop_assert_eq!(&outcome.decisions, &decisions);
    }

    #[test]
    fn illegal_decisions_are_refused_not_panicked(
        which in 0usize..4,
        stage in "[a-z-]{0,12}",
        choice in "[a-z-]{0,12}",
    ) {
        let scenario = &scenarios()[which % scenarios().len()];
        let mut run = Run::new(scenario, 0);
        let _ = run.apply(&Decision::choose(&stage, &choice));
        let _ = run.apply(&Decision::edit(&stage, &choice, Treatment::Generalise));
        let _ = run.finish();
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_loader(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = load(&bytes);
    }

    #[test]
    fn mangled_scenarios_never_panic_the_loader(
        cut_at in 0usize..3000,
        cut_len in 0usize..200,
        insert in "[\\[\\](){}\",:a-zA-Z0-9 é/*#-]{0,12}",
    ) {
        let src = minimal_source();
        let mut chars: Vec<char> = src.chars().collect();
        let at = cut_at.min(chars.len());
        let end = (at + cut_len).min(chars.len());
        chars.splice(at..end, insert.chars());
        let mangled: String = chars.into_iter().collect();
        if let Err(e) = load(mangled.as_bytes()) {
            prop_assert!(!e.diagnostics.is_empty());
            let lines = mangled.lines().count().max(1);
            for d in &e.diagnostics {
                prop_assert!(d.line >= 1 && d.line <= lines + 1, "line {} of {}", d.line, lines);
                prop_assert!(d.column >= 1);
            }
        }
    }
}
