//! `presscheck play`: strategies, given choices in every form, JSON output, errors and determinism.

use super::presscheck;
use serde_json::Value;

fn play_json(args: &[&str]) -> Value {
    let out = presscheck()
        .arg("play")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{:?}: {}",
        args,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON outcome")
}

const MODEL_PATH: &str = "request=seek-approval,prepare=fact-sheet,interview=stick-to-sheet,draft=cut-flagged,sign-off=send-review,final=publish";

#[test]
fn model_strategy_passes_and_is_deterministic_across_processes() {
    let a = play_json(&["unapproved-interview", "--seed", "7", "--strategy", "model"]);
    let b = play_json(&[
        "scenarios/unapproved-interview.ron",
        "--seed",
        "7",
        "--strategy",
        "model",
    ]);
    assert_eq!(a, b);
    assert_eq!(a["score"]["passed"], true);
    assert_eq!(a["repercussion"]["tier"], "NoLeak");
    assert_eq!(a["seed"], 7);
}

#[test]
fn choices_inline_from_text_file_and_from_json_give_the_same_outcome() {
    let model = play_json(&["unapproved-interview", "--seed", "3", "--strategy", "model"]);
    let inline = play_json(&[
        "unapproved-interview",
        "--seed",
        "3",
        "--choose",
        MODEL_PATH,
    ]);
    assert_eq!(model, inline);

    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("choices.txt");
    std::fs::write(
        &text,
        format!("# the careful path\n{}\n", MODEL_PATH.replace(',', "\n")),
    )
    .unwrap();
    let from_text = play_json(&[
        "unapproved-interview",
        "--seed",
        "3",
        "--choices",
        text.to_str().unwrap(),
    ]);
    assert_eq!(model, from_text);

    let json = dir.path().join("choices.json");
    std::fs::write(&json, serde_json::to_string(&model["decisions"]).unwrap()).unwrap();
    let from_json = play_json(&[
        "unapproved-interview",
        "--seed",
        "3",
        "--choices",
        json.to_str().unwrap(),
    ]);
    assert_eq!(model, from_json);
}

#[test]
fn edits_apply_at_their_stage() {
    let path = "request=seek-approval,prepare=hand-over-report,interview=stick-to-sheet,draft=send-my-edits,sign-off=send-review,final=publish";
    let out = play_json(&[
        "unapproved-interview",
        "--choose",
        path,
        "--edit",
        "draft:customer=redact",
        "--edit",
        "draft:coating-figure=generalise",
    ]);
    let items = out["story"]["items"].as_array().unwrap();
    let find = |id: &str| items.iter().find(|i| i["id"] == id).unwrap().clone();
    assert_eq!(find("customer")["treatment"], "redact");
    assert!(
        out["decisions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["kind"] == "edit" && d["item"] == "coating-figure")
    );
}

#[test]
fn an_edit_at_a_stage_left_to_the_strategy_is_made_or_refused_never_dropped() {
    // Made: publish-all keeps everything, the player's edit cuts one item.
    let out = play_json(&[
        "unapproved-interview",
        "--strategy",
        "publish-all",
        "--edit",
        "draft:customer=redact",
    ]);
    let items = out["story"]["items"].as_array().unwrap();
    let customer = items.iter().find(|i| i["id"] == "customer").unwrap();
    assert_eq!(customer["treatment"], "redact");
    let refused = |args: &[&str], code: i32, says: &str| {
        let out = presscheck().arg("play").args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "nothing is played: {args:?}");
    };
    // Refused by the engine: an item with no general wording cannot be generalised.
    refused(
        &[
            "unapproved-interview",
            "--strategy",
            "publish-all",
            "--edit",
            "draft:prize=generalise",
        ],
        1,
        "--edit draft:prize=generalise: item `prize` has no generalised wording",
    );
    // A stage this strategy never reaches.
    refused(
        &[
            "unapproved-interview",
            "--strategy",
            "hold-all",
            "--edit",
            "draft:customer=redact",
        ],
        1,
        "the run never reached stage `draft`",
    );
    // No strategy and no choice at that stage: a usage error, before anything is played.
    refused(
        &[
            "unapproved-interview",
            "--choose",
            "request=seek-approval",
            "--edit",
            "draft:customer=redact",
        ],
        2,
        "no choice is given for stage `draft`",
    );
}

#[test]
fn partial_choices_continue_with_a_strategy() {
    let out = play_json(&[
        "unapproved-interview",
        "--choose",
        "request=seek-approval",
        "--strategy",
        "publish-all",
    ]);
    let decisions = out["decisions"].as_array().unwrap();
    assert_eq!(decisions[0]["choice"], "seek-approval");
    assert_eq!(decisions[1]["choice"], "hand-over-all");
    assert_eq!(out["story"]["published"], true);
    // The model play continues from a different first step wherever its next steps still apply.
    let out = play_json(&[
        "unapproved-interview",
        "--choose",
        "request=accept-now",
        "--strategy",
        "model",
    ]);
    assert_eq!(out["decisions"][0]["choice"], "accept-now");
    assert_eq!(out["decisions"][1]["choice"], "fact-sheet");
    assert!(
        out["score"]["lapses"]
            .to_string()
            .contains("without the required approval")
    );
}

#[test]
fn publish_all_leaks_and_hold_all_is_over_cautious() {
    let all = play_json(&["unapproved-interview", "--strategy", "publish-all"]);
    assert_eq!(all["score"]["passed"], false);
    assert!(all["score"]["gate"].is_string());
    let hold = play_json(&["unapproved-interview", "--strategy", "hold-all"]);
    assert_eq!(hold["story"]["published"], false);
    assert_eq!(hold["score"]["components"]["over_caution"], 1.0);
}

#[test]
fn summary_is_readable() {
    let out = presscheck()
        .args([
            "play",
            "unapproved-interview",
            "--strategy",
            "publish-all",
            "--seed",
            "2",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "Your decisions",
        "The story as it went out",
        "Repercussions:",
        "Score",
        "FAIL",
        "[LEAK]",
        "cue:",
        "What careful play would have done",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn bad_choices_and_bad_usage_are_explained() {
    let out = presscheck()
        .args([
            "play",
            "unapproved-interview",
            "--choose",
            "request=seek-approval,prepare=nope",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("decision 2 (prepare=nope): this stage has no choice `nope`"),
        "{err}"
    );
    assert!(err.contains("available: prepare=fact-sheet"), "{err}");

    let out = presscheck()
        .args([
            "play",
            "unapproved-interview",
            "--choose",
            "request=accept-now",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("before the story is published or held"));

    // No choices and no terminal: a usage error, not a hang.
    let out = presscheck()
        .args(["play", "unapproved-interview"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = presscheck()
        .args(["play", "no-such-scenario", "--strategy", "model"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("known ids"));
    let out = presscheck()
        .args([
            "play",
            "tests/fixtures/broken/stage-loop.ron",
            "--strategy",
            "model",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("stages form a loop"));
}

/// Plays in a terminal (a pseudo-terminal from util-linux's `script`), typing `input`; everything it printed.
fn in_a_terminal(args: &str, input: &str) -> String {
    let bin = assert_cmd::cargo::cargo_bin("presscheck");
    let mut child = std::process::Command::new("script")
        .args([
            "-qec",
            &format!("{} play {args}", bin.display()),
            "/dev/null",
        ])
        .current_dir(super::root())
        .env_remove("PRESSCHECK_SCENARIOS")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("util-linux's `script` runs the game's terminal play in a pseudo-terminal");
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout).replace('\r', "")
}

#[test]
fn the_terminal_shows_what_the_desk_shows_and_names_items_by_their_text() {
    // Approval, hand over the report, stick to the sheet; then the edit menu at the draft; cut the project name; quit.
    let out = in_a_terminal("unapproved-interview --seed 3", "1\n2\n1\ne\n6 r\n\nq\n");
    // The materials as the desk shows them: kind, title, markings, source, description, items and the margin cues.
    for shown in [
        "[document] Project report KESTREL-4, quarterly summary",
        "Markings: CONFIDENTIAL · COPY 3 OF 5 · NOT FOR RELEASE OUTSIDE THE UNIT",
        "Source: Your desk drawer; copy 3 of 5",
        "A twelve-page internal summary of the new coating programme.",
        "- The work runs under the project name KESTREL-4.",
        "margin: The code name appears only in the header of the internal report",
        // A spreadsheet as its rows under its columns, with the cues under each row.
        "[spreadsheet] Attachment B: trial summary",
        "    | Arrangement | Detail |",
        "    | Trial site | Skarrow Point range, hangar 4 |",
        "    | Trial personnel | Dr. Oren Vasko (lead) and five engineers |",
        "margin: A pencilled grid reference next to the site name",
    ] {
        assert!(out.contains(shown), "the terminal lacks {shown:?}:\n{out}");
    }
    // The deadline is named once.
    assert!(
        out.contains("It is 09:00. Your deadline is the Corvane Review web edition at 17:00, 8.0 hours from now."),
        "{out}"
    );
    // The edit menu shows the original and the general wording an item offers.
    assert!(
        out.contains("7) [kept] The new coating withstands 2,350 °C for 40 seconds.  (k, g, r)")
            && out.contains("general wording (g): The unit is developing a new coating that withstands extreme heat."),
        "{out}"
    );
    // A cut item is shown by its text, never by its id.
    assert!(
        out.contains("✂ cut: The work runs under the project name KESTREL-4."),
        "{out}"
    );
    assert!(
        !out.contains("project-name"),
        "an id reached the trainee:\n{out}"
    );
    assert!(out.contains("Run abandoned."), "{out}");
}

#[test]
fn the_summary_names_cut_items_by_their_text() {
    let out = presscheck()
        .args([
            "play",
            "unapproved-interview",
            "--strategy",
            "model",
            "--replays",
            "0",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("✂ cut: The work runs under the project name KESTREL-4."),
        "{text}"
    );
    assert!(!text.contains("(cut:"), "{text}");
    assert!(!text.contains("project-name"), "{text}");
    assert!(
        text.contains("deadline: the Corvane Review web edition at 17:00"),
        "{text}"
    );
}
