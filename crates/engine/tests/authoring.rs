//! Tools for authors: the starter scenario and playtesting from a chosen stage.

use presscheck_engine::analyze::{AnalyzeOptions, analyze};
use presscheck_engine::strategy::{self, PathToError, Strategy};
use presscheck_engine::template::{starter, valid_id};
use presscheck_engine::{Run, Scenario, load};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn scenario(relative: &str) -> Scenario {
    load(&std::fs::read(root().join(relative)).unwrap())
        .expect("valid")
        .scenario
}

#[test]
fn the_starter_validates_cleanly_and_is_balanced() {
    let text = starter("harbour-open-day", "The Harbour Open Day");
    let loaded = load(text.as_bytes()).unwrap_or_else(|e| panic!("{:#?}", e.diagnostics));
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    let s = loaded.scenario;
    assert_eq!(s.id(), "harbour-open-day");
    assert_eq!(s.file.title, "The Harbour Open Day");
    let options = AnalyzeOptions {
        seeds: 300,
        ..AnalyzeOptions::default()
    };
    let a = analyze(&s, &options, &|_, _| {});
    assert!(a.findings.is_empty(), "{:#?}", a.findings);
    assert!(a.exhaustive);
    // It teaches by example: comments on every part.
    assert!(
        text.lines()
            .filter(|l| l.trim_start().starts_with("//"))
            .count()
            > 40
    );
    assert!(text.starts_with("// The Harbour Open Day: a starter scenario."));
}

#[test]
fn the_starter_escapes_any_title() {
    for title in [
        "Quotes \"inside\" and a back\\slash",
        "A title with __ID__ and __TITLE__ in it",
        "Two\nlines\tand a tab",
        "Ünïcödé — naïve café",
    ] {
        let text = starter("odd-title", title);
        let s = load(text.as_bytes())
            .unwrap_or_else(|e| panic!("{title:?}: {:#?}", e.diagnostics))
            .scenario;
        let expected: String = title
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        assert_eq!(s.file.title, expected);
        assert_eq!(s.id(), "odd-title");
    }
}

#[test]
fn valid_id_agrees_with_validation() {
    for (id, ok) in [
        ("open-day", true),
        ("a", true),
        ("case-2024", true),
        (&"x".repeat(64), true),
        (&"x".repeat(65), false),
        ("", false),
        ("-leading", false),
        ("Upper", false),
        ("with space", false),
        ("under_score", false),
        ("dot.ron", false),
        ("ümlaut", false),
    ] {
        assert_eq!(valid_id(id), ok, "{id:?}");
        // What validation says about the same id in a real file.
        let text = starter("placeholder-id", "Title")
            .replace("id: \"placeholder-id\"", &format!("id: \"{id}\""));
        assert_eq!(load(text.as_bytes()).is_ok(), ok, "{id:?}");
    }
}

fn reaches(s: &Scenario, seed: u64, decisions: &[presscheck_engine::Decision], stage: &str) {
    let mut run = Run::new(s, seed);
    for d in decisions {
        run.apply(d).unwrap();
    }
    assert_eq!(run.current_stage().map(|st| st.id.as_str()), Some(stage));
}

#[test]
fn path_to_follows_the_model_play_where_it_leads() {
    let s = scenario("scenarios/unapproved-interview.ron");
    let model = strategy::decisions(&s, Strategy::Model, 3);
    assert_eq!(strategy::path_to(&s, "request", 3).unwrap(), vec![]);
    let to_draft = strategy::path_to(&s, "draft", 3).unwrap();
    assert_eq!(to_draft, model[..3]);
    reaches(&s, 3, &to_draft, "draft");
    let to_final = strategy::path_to(&s, "final", 3).unwrap();
    assert_eq!(to_final, model[..5]);
    reaches(&s, 3, &to_final, "final");
}

#[test]
fn path_to_finds_the_shortest_way_off_the_model_play() {
    let s = scenario("scenarios/cd-of-materials.ron");
    // The model play never goes to `last-call`; a second review does.
    let path = strategy::path_to(&s, "last-call", 1).unwrap();
    reaches(&s, 1, &path, "last-call");
    let stages: Vec<String> = path
        .iter()
        .map(|d| match d {
            presscheck_engine::Decision::Choose { stage, choice } => format!("{stage}={choice}"),
            presscheck_engine::Decision::Edit { .. } => String::new(),
        })
        .collect();
    // The model's choices wherever they lead on; only the last step leaves it.
    assert_eq!(
        stages,
        [
            "disc=seek-approval",
            "sort=set-aside",
            "draft=cut-flagged",
            "sign-off=send-review",
            "online=second-review"
        ]
    );
}

#[test]
fn path_to_explains_unknown_and_unreachable_stages() {
    let s = scenario("scenarios/unapproved-interview.ron");
    let err = strategy::path_to(&s, "nowhere", 1).unwrap_err();
    assert_eq!(
        err,
        PathToError::UnknownStage {
            stage: "nowhere".into(),
            stages: [
                "request",
                "prepare",
                "interview",
                "draft",
                "sign-off",
                "final"
            ]
            .map(String::from)
            .to_vec(),
        }
    );
    assert!(
        err.to_string().contains("request, prepare, interview"),
        "{err}"
    );
    let s = scenario("tests/fixtures/unbalanced/unreachable-stage.ron");
    let err = strategy::path_to(&s, "briefing", 1).unwrap_err();
    assert_eq!(err, PathToError::Unreachable("briefing".into()));
    assert!(err.to_string().contains("`briefing`"));
}
