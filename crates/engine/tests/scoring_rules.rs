//! Scoring rules an author can lean on: cutting what could have been generalised costs its general wording, a hard deadline is missed by a hold, and the case's own debrief explanations replace the built-in ones.

use presscheck_engine::debrief::EntryKind;
use presscheck_engine::score::LapseKind;
use presscheck_engine::{Outcome, Run, Scenario, load};

const MINIMAL: &str = include_str!("../../../tests/fixtures/valid/minimal.ron");

fn minimal_with(changes: &[(&str, &str)]) -> Scenario {
    let mut text = MINIMAL.to_string();
    for (from, to) in changes {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    load(text.as_bytes())
        .unwrap_or_else(|e| panic!("{:#?}", e.diagnostics))
        .scenario
}

fn play(s: &Scenario, choices: &[&str], edits: &[(&str, presscheck_engine::Treatment)]) -> Outcome {
    let mut run = Run::new(s, 7);
    run.choose(choices[0]).unwrap();
    for (item, t) in edits {
        run.edit(item, *t).unwrap();
    }
    for c in &choices[1..] {
        run.choose(c).unwrap();
    }
    run.finish().unwrap()
}

#[test]
fn cutting_a_sensitive_item_whose_general_wording_is_public_costs_that_wording() {
    use presscheck_engine::Treatment;
    let s = minimal_with(&[]);
    let cut = play(&s, &["cut-secret", "publish"], &[]);
    let cropped = play(
        &s,
        &["cut-secret", "publish"],
        &[("night-tests", Treatment::Generalise)],
    );
    // The most the case offers is 4 (canteen) + 1 (the general wording): cutting the wording throws a fifth away.
    assert_eq!(cut.score.components.over_caution, 0.2);
    assert_eq!(cropped.score.components.over_caution, 0.0);
    assert!(cropped.score.scaled > cut.score.scaled);
    let entry = cut
        .debrief
        .entries
        .iter()
        .find(|e| e.kind == EntryKind::OverCaution)
        .expect("an over-caution entry");
    assert_eq!(entry.item.as_deref(), Some("night-tests"));
    assert!(
        entry
            .title
            .starts_with("Cut what could have been said in general terms"),
        "{entry:?}"
    );
    assert!(
        entry
            .explanation
            .contains("The plant runs round-the-clock shifts."),
        "{entry:?}"
    );
    assert!(
        !cropped
            .debrief
            .entries
            .iter()
            .any(|e| e.kind == EntryKind::OverCaution)
    );
}

#[test]
fn a_hold_misses_a_hard_deadline_and_a_late_story_gets_no_grace() {
    let soft = minimal_with(&[]);
    let hard = minimal_with(&[(
        "deadline_label: \"the noon news\",",
        "deadline_label: \"the court filing\",\n        hard_deadline: true,",
    )]);
    let held_soft = play(&soft, &["cut-secret", "hold"], &[]);
    let held_hard = play(&hard, &["cut-secret", "hold"], &[]);
    assert!(held_soft.score.lapses.is_empty());
    let lapse = &held_hard.score.lapses[0];
    assert_eq!(lapse.kind, LapseKind::MissedHardDeadline);
    assert!(
        lapse.text.contains("the court filing at 13:00"),
        "{lapse:?}"
    );
    assert_eq!(held_hard.score.components.procedure, 0.5);
    assert!(held_hard.score.scaled < held_soft.score.scaled);
    assert!(held_hard.debrief.entries.iter().any(|e| {
        e.kind == EntryKind::Procedure && e.explanation.starts_with("This deadline does not move")
    }));
    // Published after a soft deadline keeps some timeliness; after a hard one none.
    let slow = [(
        "hours: 1.0, effects: [Review, Publish]",
        "hours: 5.0, effects: [Review, Publish]",
    )];
    let late_soft = play(&minimal_with(&slow), &["cut-secret", "review"], &[]);
    let mut both = slow.to_vec();
    both.push((
        "deadline_label: \"the noon news\",",
        "deadline_label: \"the noon news\",\n        hard_deadline: true,",
    ));
    let late_hard = play(&minimal_with(&both), &["cut-secret", "review"], &[]);
    assert!(late_soft.late && late_hard.late);
    assert!(late_soft.score.components.timeliness > 0.0);
    assert_eq!(late_hard.score.components.timeliness, 0.0);
    assert_eq!(late_hard.score.components.public_value, 0.0);
    assert!(
        late_hard
            .score
            .lapses
            .iter()
            .any(|l| l.kind == LapseKind::MissedHardDeadline
                && l.text.starts_with("published after"))
    );
}

#[test]
fn the_case_words_its_own_explanations_and_keeps_the_built_in_ones_it_leaves_out() {
    let s = minimal_with(&[(
        "debrief: (pass: \"Well done.\", fail: \"Not this time.\"),",
        "debrief: (pass: \"Well done.\", fail: \"Not this time.\", explanations: (held: \"The canteen opening was the whole point.\", no_review: \"Line 3 is reviewed, always.\")),",
    )]);
    let held = play(&s, &["cut-secret", "hold"], &[]);
    let entry = held
        .debrief
        .entries
        .iter()
        .find(|e| e.title == "Held the story")
        .unwrap();
    assert_eq!(
        entry.explanation,
        "The canteen opening was the whole point."
    );
    let unreviewed = play(&s, &["as-is", "publish"], &[]);
    let explanations: Vec<&str> = unreviewed
        .debrief
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::Procedure)
        .map(|e| e.explanation.as_str())
        .collect();
    assert_eq!(explanations, ["Line 3 is reviewed, always."]);
}

#[test]
fn an_empty_explanation_is_an_error_at_its_place() {
    let text = MINIMAL.replacen(
        "debrief: (pass: \"Well done.\", fail: \"Not this time.\"),",
        "debrief: (pass: \"Well done.\", fail: \"Not this time.\", explanations: (late: \" \")),",
        1,
    );
    let e = load(text.as_bytes()).expect_err("an empty explanation is refused");
    let d = &e.diagnostics[0];
    assert_eq!(d.message, "`late` is empty");
    let at = &text[d.span.start..];
    assert!(at.starts_with("\" \""), "{at:?}");
}
