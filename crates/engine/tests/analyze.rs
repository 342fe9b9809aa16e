//! Balance analysis: the unbalanced fixtures give exactly their finding, the shipped scenarios none, and every number matches a real play.

use presscheck_engine::analyze::{Analysis, AnalyzeOptions, EditMode, RowEnding, analyze};
use presscheck_engine::strategy::{self, Strategy};
use presscheck_engine::{Scenario, load, play};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Mutex;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn scenario(relative: &str) -> Scenario {
    let bytes = std::fs::read(root().join(relative)).unwrap();
    let loaded = load(&bytes).unwrap_or_else(|e| panic!("{relative}: {:?}", e.diagnostics));
    // Validation finds the unreachable stage too (choice-never-offered, stage-never-reached); nothing else.
    assert!(
        loaded
            .warnings
            .iter()
            .all(|w| relative.ends_with("unreachable-stage.ron")
                && matches!(
                    w.code,
                    presscheck_engine::Code::ChoiceNeverOffered
                        | presscheck_engine::Code::StageNeverReached
                )),
        "{relative}: {:?}",
        loaded.warnings
    );
    loaded.scenario
}

fn run(s: &Scenario, seeds: u32) -> Analysis {
    let options = AnalyzeOptions {
        seeds,
        ..AnalyzeOptions::default()
    };
    analyze(s, &options, &|_, _| {})
}

fn codes(a: &Analysis) -> BTreeSet<&'static str> {
    a.findings.iter().map(|f| f.code).collect()
}

#[test]
fn each_unbalanced_fixture_gives_exactly_its_finding() {
    for (file, expected) in [
        ("hold-wins", &["degenerate-strategy"][..]),
        ("unreachable-stage", &["stage-unreached"]),
        ("choice-changes-nothing", &["choice-changes-nothing"]),
        // Careful edits on the path the model play skips reading on beat it, too.
        ("model-fails", &["model-fails", "model-not-best"]),
    ] {
        let s = scenario(&format!("tests/fixtures/unbalanced/{file}.ron"));
        let a = run(&s, 300);
        let expected: BTreeSet<&str> = expected.iter().copied().collect();
        assert_eq!(codes(&a), expected, "{file}: {:#?}", a.findings);
        assert_eq!(
            a.has_errors(),
            matches!(file, "hold-wins" | "model-fails"),
            "{file}"
        );
        assert!(a.exhaustive, "{file}");
    }
}

#[test]
fn findings_name_the_ids_involved() {
    let a = run(
        &scenario("tests/fixtures/unbalanced/unreachable-stage.ron"),
        50,
    );
    let m = &a.findings[0].message;
    assert!(
        m.contains("`briefing`") && m.contains("`press-briefing`"),
        "{m}"
    );
    let a = run(
        &scenario("tests/fixtures/unbalanced/choice-changes-nothing.ron"),
        50,
    );
    let m = &a.findings[0].message;
    assert!(
        m.contains("`send`") && m.contains("`review`") && m.contains("`urgent-review`"),
        "{m}"
    );
    let a = run(&scenario("tests/fixtures/unbalanced/hold-wins.ron"), 50);
    assert!(a.findings.iter().any(|f| f.message.starts_with("hold-all")));
}

#[test]
fn shipped_scenarios_have_no_findings() {
    for id in [
        "unapproved-interview",
        "cd-of-materials",
        "inspection-footage",
    ] {
        let a = run(&scenario(&format!("scenarios/{id}.ron")), 200);
        assert!(a.findings.is_empty(), "{id}: {:#?}", a.findings);
        assert!(a.exhaustive, "{id}");
        let model = a
            .rows
            .iter()
            .find(|r| r.strategy == Some(Strategy::Model))
            .unwrap();
        assert_eq!(model.pass_rate, 1.0, "{id}");
        assert_eq!(model.ending, RowEnding::Publish, "{id}");
        let hold = a
            .rows
            .iter()
            .find(|r| r.strategy == Some(Strategy::HoldAll))
            .unwrap();
        assert_eq!(hold.ending, RowEnding::Hold, "{id}");
        assert_eq!(hold.mean_reprints, 0.0, "{id}");
        // Rows come best first, ranked 1, 2, 3, …
        for (i, pair) in a.rows.windows(2).enumerate() {
            assert_eq!(pair[0].rank, i + 1);
            assert!(pair[0].mean_score >= pair[1].mean_score, "{id}");
        }
    }
}

/// Mean score (in ten-thousandths), passes, seeds with a foreign reprint, and reprints, from real plays.
fn totals(
    s: &Scenario,
    seeds: std::ops::Range<u64>,
    decide: impl Fn(u64) -> Vec<presscheck_engine::Decision>,
) -> (i64, u32, u32, u64) {
    let mut t = (0, 0, 0, 0);
    for seed in seeds {
        let o = play(s, seed, &decide(seed)).unwrap();
        t.0 += (o.score.scaled * 10_000.0).round() as i64;
        t.1 += u32::from(o.score.passed);
        t.2 += u32::from(o.spread.reprints.foreign > 0);
        t.3 += u64::from(o.spread.reprints.reprints());
    }
    t
}

#[test]
fn every_number_matches_playing_the_same_decisions() {
    for id in ["unapproved-interview", "inspection-footage"] {
        let s = scenario(&format!("scenarios/{id}.ron"));
        let options = AnalyzeOptions {
            seeds: 12,
            first_seed: 40,
            max_paths: 2000,
            ..AnalyzeOptions::default()
        };
        let a = analyze(&s, &options, &|_, _| {});
        let seeds = 40..52;
        let n = 12.0;
        let check = |row: &presscheck_engine::analyze::Row, t: (i64, u32, u32, u64)| {
            let round4 = |x: f64| (x * 10_000.0).round() / 10_000.0;
            assert_eq!(row.seeds_played, 12, "{id} {}", row.label);
            assert_eq!(
                row.mean_score,
                round4(t.0 as f64 / 10_000.0 / n),
                "{id} {}",
                row.label
            );
            assert_eq!(
                row.pass_rate,
                round4(f64::from(t.1) / n),
                "{id} {}",
                row.label
            );
            assert_eq!(
                row.foreign_pickup,
                round4(f64::from(t.2) / n),
                "{id} {}",
                row.label
            );
            assert_eq!(
                row.mean_reprints,
                round4(t.3 as f64 / n),
                "{id} {}",
                row.label
            );
        };
        for strategy in Strategy::ALL {
            let row = a
                .rows
                .iter()
                .find(|r| r.strategy == Some(strategy))
                .unwrap();
            check(
                row,
                totals(&s, seeds.clone(), |seed| {
                    strategy::decisions(&s, strategy, seed)
                }),
            );
        }
        // Every 37th path, to keep the test quick: paths with and without reviews, publishing and holding.
        for row in a.rows.iter().filter(|r| r.strategy.is_none()).step_by(37) {
            check(row, totals(&s, seeds.clone(), |_| row.decisions.clone()));
        }
    }
}

#[test]
fn results_do_not_depend_on_threads_or_runs() {
    let s = scenario("scenarios/cd-of-materials.ron");
    let a = run(&s, 40);
    let b = run(&s, 40);
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
}

#[test]
fn many_paths_are_sampled_deterministically_and_say_so() {
    let s = scenario("scenarios/cd-of-materials.ron");
    let options = AnalyzeOptions {
        seeds: 10,
        first_seed: 1,
        max_paths: 25,
        ..AnalyzeOptions::default()
    };
    let a = analyze(&s, &options, &|_, _| {});
    assert!(!a.exhaustive);
    assert!(a.paths_total_exact);
    assert_eq!(a.paths_evaluated, 25);
    assert!(a.paths_total > 25);
    assert!((a.coverage - 25.0 / a.paths_total as f64).abs() < 1e-4);
    assert!(
        a.coverage_note()
            .contains(&format!("25 of {}", a.paths_total)),
        "{}",
        a.coverage_note()
    );
    // The path count is the exhaustive one, and reachability is still exact.
    let all = run(&s, 1);
    assert_eq!(all.paths_total, a.paths_total);
    assert!(!codes(&a).contains("stage-unreached"));
    assert_eq!(a, analyze(&s, &options, &|_, _| {}));
}

#[test]
fn progress_is_reported_per_seed_up_to_the_total() {
    let s = scenario("scenarios/unapproved-interview.ron");
    let calls = Mutex::new(Vec::new());
    let options = AnalyzeOptions {
        seeds: 30,
        ..AnalyzeOptions::default()
    };
    analyze(&s, &options, &|done, total| {
        calls.lock().unwrap().push((done, total))
    });
    let calls = calls.into_inner().unwrap();
    assert_eq!(calls.len(), 31);
    assert!(calls.iter().all(|&(_, total)| total == 30));
    let done: BTreeSet<u64> = calls.iter().map(|c| c.0).collect();
    assert_eq!(done, (0..=30).collect());
}

#[test]
fn json_has_the_documented_shape() {
    let a = run(&scenario("tests/fixtures/unbalanced/model-fails.ron"), 20);
    let v = serde_json::to_value(&a).unwrap();
    for key in [
        "scenario",
        "seeds",
        "first_seed",
        "paths_total",
        "paths_total_exact",
        "paths_evaluated",
        "exhaustive",
        "coverage",
        "rows",
        "findings",
    ] {
        assert!(v.get(key).is_some(), "{key} missing");
    }
    assert_eq!(v["findings"][0]["severity"], "error");
    assert_eq!(v["findings"][0]["code"], "model-fails");
    let model = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["strategy"] == "model")
        .unwrap();
    assert_eq!(model["ending"], "publish");
    assert!(model.get("decisions").is_none());
    let path = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r.get("strategy").is_none())
        .unwrap();
    assert_eq!(path["decisions"][0]["kind"], "choose");
}

#[test]
fn a_choice_that_depends_on_the_reviewer_is_played_where_it_is_offered() {
    // After review, a choice offered only while the supplier is still in the draft:
    // the reviewer cuts it four times in five.
    let text = presscheck_engine::template::starter("reviewer-dependent", "Reviewer dependent")
        .replacen(
            "                (\n                    id: \"hold\",\n                    label: \"Hold the story anyway\",",
            "                (id: \"name-supplier\", label: \"Publish, and thank the supplier by name\", requires: [InDraft(\"supplier\")], effects: [Publish], feedback: \"The supplier was confidential.\"),\n                (\n                    id: \"hold\",\n                    label: \"Hold the story anyway\",",
            1,
        );
    let s = load(text.as_bytes()).expect("valid").scenario;
    let a = run(&s, 200);
    let row = a
        .rows
        .iter()
        .find(|r| r.label == "seek-approval → as-written → send-review → name-supplier")
        .expect("the path is found although the first seed's reviewer may cut the supplier");
    assert!(
        (20..=70).contains(&row.seeds_played),
        "{}",
        row.seeds_played
    );
    assert!(!codes(&a).contains("ending-unreached"), "{:#?}", a.findings);
    // Played seeds match real plays of the same decisions.
    let played = (1..=200u64)
        .filter(|&seed| play(&s, seed, &row.decisions).is_ok())
        .count();
    assert_eq!(row.seeds_played as usize, played);
}

#[test]
fn too_many_paths_to_count_are_estimated_and_sampled() {
    // Twelve stages of four choices: 4^12 = 16,777,216 paths, far too many to walk.
    let mut text = presscheck_engine::template::starter("wide", "Wide");
    let mut stages = String::new();
    for s in 0..12 {
        let next = if s == 11 {
            "next: Some(\"request\")".to_string()
        } else {
            format!("next: Some(\"step-{}\")", s + 1)
        };
        let choices: Vec<String> = (0..4)
            .map(|c| {
                format!(
                    "(id: \"c{c}\", label: \"Option {c}\", hours: {}.0, effects: [Include([\"open-day\"])], {next})",
                    c % 2
                )
            })
            .collect();
        stages.push_str(&format!(
            "(id: \"step-{s}\", title: \"Step {s}\", situation: \"Another step.\", choices: [{}]),\n",
            choices.join(", ")
        ));
    }
    text = text
        .replacen("    stages: [\n", &format!("    stages: [\n{stages}"), 1)
        .replacen(
            "    model_play: [\n",
            "    model_play: [\n        (\"step-0\", \"c0\"), (\"step-1\", \"c0\"), (\"step-2\", \"c0\"), (\"step-3\", \"c0\"), (\"step-4\", \"c0\"), (\"step-5\", \"c0\"), (\"step-6\", \"c0\"), (\"step-7\", \"c0\"), (\"step-8\", \"c0\"), (\"step-9\", \"c0\"), (\"step-10\", \"c0\"), (\"step-11\", \"c0\"),\n",
            1,
        )
        .replace("deadline_hours: 6.0", "deadline_hours: 40.0");
    let s = load(text.as_bytes())
        .unwrap_or_else(|e| panic!("{:#?}", e.diagnostics))
        .scenario;
    let options = AnalyzeOptions {
        seeds: 2,
        first_seed: 1,
        max_paths: 40,
        ..AnalyzeOptions::default()
    };
    let a = analyze(&s, &options, &|_, _| {});
    assert!(!a.exhaustive);
    assert!(!a.paths_total_exact);
    assert_eq!(a.paths_evaluated, 40);
    // The starter's own 25 paths follow the twelve steps: an estimate from random walks comes close.
    let truth = (4u64.pow(12) * 25) as f64;
    let ratio = a.paths_total as f64 / truth;
    assert!(
        (0.75..1.33).contains(&ratio),
        "{} vs {truth}",
        a.paths_total
    );
    assert!(
        a.coverage_note().contains("an estimated"),
        "{}",
        a.coverage_note()
    );
    // Reachability cannot be proved from a sample, so it is not reported.
    assert!(!codes(&a).iter().any(|c| c.ends_with("-unreached")));
    assert_eq!(a, analyze(&s, &options, &|_, _| {}));
}

/// The starter scenario with some changes, analysed; warnings from loading are allowed here.
fn starter_codes(changes: &[(&str, &str)]) -> (BTreeSet<&'static str>, Analysis) {
    let mut text = presscheck_engine::template::starter("variant", "Variant");
    for (from, to) in changes {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    let s = load(text.as_bytes())
        .unwrap_or_else(|e| panic!("{:#?}", e.diagnostics))
        .scenario;
    let a = run(&s, 300);
    (codes(&a), a)
}

#[test]
fn the_other_findings_each_have_a_case() {
    // The model play leaves the draft to the reviewer: it fails now and then, and checking every line does better.
    let (found, a) = starter_codes(&[(
        "(\"draft\", \"check-lines\")",
        "(\"draft\", \"send-edits\")",
    )]);
    assert_eq!(
        found,
        ["model-fails", "model-not-best"].into(),
        "{:#?}",
        a.findings
    );
    // Public news no choice ever puts in the story: full marks, and so the pass mark of 1, are out of reach.
    let (found, a) = starter_codes(&[
        ("pass_mark: 0.85,", "pass_mark: 1.0,"),
        (
            "            items: [\n                (\n                    id: \"open-day\",",
            "            items: [\n                (id: \"bake-sale\", text: \"The apprentices' bake sale raised money for the lifeboat.\", classification: Public, newsworthiness: 5, category: General, explanation: \"Public.\"),\n                (\n                    id: \"open-day\",",
        ),
    ]);
    assert_eq!(
        found,
        ["item-never-matters", "model-fails", "unreachable-pass-mark"].into(),
        "{:#?}",
        a.findings
    );
    assert!(a.findings.iter().any(|f| f.message.contains("`bake-sale`")));
    // A low pass mark, and leaks that do not fail the run: guessing passes.
    let (found, a) = starter_codes(&[
        ("pass_mark: 0.85,", "pass_mark: 0.4,"),
        ("fail_on_leak: Confidential,", "fail_on_leak: TopSecret,"),
    ]);
    // (and so does skipping either step)
    assert_eq!(
        found,
        ["random-passes", "skipped-step-passes"].into(),
        "{:#?}",
        a.findings
    );
    // Conditions that never hold where the choices are offered.
    let (found, a) = starter_codes(&[
        (
            "                    label: \"Hold the story anyway\",\n",
            "                    label: \"Hold the story anyway\",\n                    requires: [NotReviewed],\n",
        ),
        (
            "                    label: \"Pass the draft on with the edits you made above\",\n",
            "                    label: \"Pass the draft on with the edits you made above\",\n                    requires: [AnyOf([Chose(\"request\", \"decline\")])],\n",
        ),
    ]);
    assert_eq!(
        found,
        ["choice-unavailable", "ending-unreached"].into(),
        "{:#?}",
        a.findings
    );
    assert!(a.findings.iter().any(|f| {
        f.message
            .starts_with("choice `hold` at stage `final` holds the story")
    }));
}

#[test]
fn a_path_that_skips_a_required_step_and_still_passes_is_an_error_at_its_publishing_choice() {
    // Review costs 0.3 × 0.1 = 0.03 when skipped: publishing straight after the careful edit passes.
    let (found, a) = starter_codes(&[("no_review: 0.7", "no_review: 0.1")]);
    assert_eq!(found, ["skipped-step-passes"].into(), "{:#?}", a.findings);
    let f = &a.findings[0];
    assert!(a.has_errors());
    assert!(
        f.message
            .contains("without the required confidentiality review")
            && f.message.contains("costs only 0.030"),
        "{}",
        f.message
    );
    // It points at the choice that published without the step.
    let path = f.path.as_deref().expect("a place");
    assert!(
        path.starts_with("stages[") && path.contains("].choices["),
        "{path}"
    );
}

#[test]
fn analysis_plays_each_path_with_other_edits_and_flags_a_choice_that_hides_them() {
    // The starter's own scenario: each path with the model play's edits, every item kept, every item cut and careful edits.
    let (found, a) = starter_codes(&[]);
    assert!(found.is_empty(), "{:#?}", a.findings);
    let modes: BTreeSet<_> = a.rows.iter().filter_map(|r| r.edits).collect();
    // Keeping every item is the draft as the starter's choices make it, the model play's own (it makes no edits): one row.
    assert_eq!(
        modes,
        [EditMode::Model, EditMode::CutAll, EditMode::Careful].into()
    );
    assert!(a.rows.iter().any(|r| r.label.ends_with("(careful edits)")));
    // "Leave it as it was written" that keeps the player's edits: careful edits hide the leak it teaches.
    let (found, a) = starter_codes(&[("                    effects: [DiscardEdits],\n", "")]);
    assert_eq!(found, ["choice-keeps-edits"].into(), "{:#?}", a.findings);
    let f = &a.findings[0];
    assert!(
        f.message
            .starts_with("at stage `draft`, choice `as-written` moves on with the player's edits"),
        "{}",
        f.message
    );
    assert!(f.message.contains("DiscardEdits") && f.message.contains("keeps_edits: true"));
}

#[test]
fn findings_carry_the_line_and_column_of_what_they_are_about() {
    let path = root().join("tests/fixtures/unbalanced/unreachable-stage.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut a = run(&load(text.as_bytes()).unwrap().scenario, 50);
    a.locate(&text);
    let f = &a.findings[0];
    let at = f.at.expect("located");
    // The stage `briefing` itself: its line holds its opening bracket, the next its id.
    let line = text.lines().nth(at.line - 1).unwrap();
    assert_eq!(&line[at.column - 1..], "(");
    assert!(
        text.lines()
            .nth(at.line)
            .unwrap()
            .contains("id: \"briefing\"")
    );
    assert_eq!(
        f.place("x.ron"),
        format!("x.ron:{}:{}: ", at.line, at.column)
    );
}

#[test]
fn a_cancelled_analysis_stops_and_gives_nothing() {
    let s = scenario("scenarios/unapproved-interview.ron");
    let cancel = std::sync::atomic::AtomicBool::new(true);
    let options = AnalyzeOptions {
        seeds: 1_000_000,
        ..AnalyzeOptions::default()
    };
    assert!(
        presscheck_engine::analyze::analyze_cancellable(&s, &options, &|_, _| {}, &cancel)
            .is_none()
    );
}

#[test]
fn the_work_budget_cuts_the_seeds_and_says_so() {
    let s = scenario("scenarios/unapproved-interview.ron");
    let full = AnalyzeOptions {
        seeds: 200,
        ..AnalyzeOptions::default()
    };
    let a = analyze(&s, &full, &|_, _| {});
    assert_eq!((a.seeds, a.budget_note.as_deref()), (200, None));
    // A budget that fits 40 seeds of this scenario.
    let per_seed = presscheck_engine::analyze::work_per_seed(&s, &full);
    let tight = AnalyzeOptions {
        budget: per_seed * 40,
        ..full.clone()
    };
    let a = analyze(&s, &tight, &|_, _| {});
    assert_eq!(a.seeds, 40);
    let note = a.budget_note.expect("a note");
    assert!(
        note.contains(&format!("{} of the 200 seeds", a.seeds)),
        "{note}"
    );
    // Not even the fewest seeds fit: nothing is played, and the finding says why.
    let none = AnalyzeOptions {
        budget: per_seed,
        ..full
    };
    let a = analyze(&s, &none, &|_, _| {});
    assert_eq!(a.seeds, 0);
    assert!(
        a.findings.iter().any(|f| f.code == "too-much-work"),
        "{:?}",
        a.findings
    );
}
