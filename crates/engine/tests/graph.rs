//! The stage graph as DOT and Mermaid: snapshots for a shipped scenario, and escaping of awkward text.

use presscheck_engine::graph::{to_dot, to_mermaid};
use presscheck_engine::load;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shipped(id: &str) -> presscheck_engine::Scenario {
    let bytes = std::fs::read(root().join(format!("scenarios/{id}.ron"))).unwrap();
    load(&bytes).expect("valid").scenario
}

#[test]
fn unapproved_interview_as_dot() {
    insta::assert_snapshot!(
        "unapproved-interview__dot",
        to_dot(&shipped("unapproved-interview"))
    );
}

#[test]
fn unapproved_interview_as_mermaid() {
    insta::assert_snapshot!(
        "unapproved-interview__mermaid",
        to_mermaid(&shipped("unapproved-interview"))
    );
}

#[test]
fn every_stage_choice_and_ending_appears_once() {
    for id in [
        "unapproved-interview",
        "cd-of-materials",
        "inspection-footage",
    ] {
        let s = shipped(id);
        let dot = to_dot(&s);
        let mermaid = to_mermaid(&s);
        let choices: usize = s.file.stages.iter().map(|st| st.choices.len()).sum();
        // One edge per choice, and one from the start mark.
        assert_eq!(dot.matches(" -> ").count(), choices + 1, "{id}");
        assert_eq!(
            mermaid.matches("-->").count() + mermaid.matches("-.->").count(),
            choices + 1,
            "{id}"
        );
        for (i, stage) in s.file.stages.iter().enumerate() {
            assert!(
                dot.contains(&format!("    s{i} [label=")),
                "{id}: {}",
                stage.id
            );
            assert!(
                dot.contains(&format!("({})", stage.id)),
                "{id}: {}",
                stage.id
            );
        }
        assert!(dot.contains("published [label=\"Published\""), "{id}");
        assert!(dot.contains("held [label=\"Held\""), "{id}");
        // The model play: one bold edge per step, and the start arrow.
        assert_eq!(
            dot.matches("fontcolor=\"#1a7f37\"").count(),
            s.file.model_play.len(),
            "{id}"
        );
    }
}

#[test]
fn quotes_backslashes_and_markup_are_escaped() {
    let source = std::fs::read_to_string(root().join("tests/fixtures/valid/minimal.ron"))
        .unwrap()
        .replace(
            "label: \"Cut the line about the night tests\"",
            r#"label: "Cut \"3\" | <b>#4</b> & C:\\t `x`""#,
        )
        .replace("title: \"Send it\"", r#"title: "It's \"ready\"""#);
    let s = load(source.as_bytes()).expect("still valid").scenario;
    let dot = to_dot(&s);
    assert!(
        dot.contains(r#"label="Cut \"3\" | <b>#4</b> & C:\\t `x`\n(0.5 h)""#),
        "{dot}"
    );
    assert!(dot.contains(r#"label="It's \"ready\"\n(send)""#), "{dot}");
    let mermaid = to_mermaid(&s);
    assert!(
        mermaid.contains(
            "|\"Cut #quot;3#quot; #124; #lt;b#gt;#35;4#lt;/b#gt; #amp; C:\\t #96;x#96;<br/>(0.5 h)\"|"
        ),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("s1[\"It's #quot;ready#quot;<br/>(send)\"]"),
        "{mermaid}"
    );
    // Nothing but the escapes and line breaks is left of the awkward characters.
    for line in mermaid.lines().filter(|l| l.contains("Cut ")) {
        let inner = line
            .split("|\"")
            .nth(1)
            .unwrap()
            .split("\"|")
            .next()
            .unwrap();
        assert!(
            !inner.contains('"') && !inner.contains('|') && !inner.contains('`'),
            "{line}"
        );
    }
}
