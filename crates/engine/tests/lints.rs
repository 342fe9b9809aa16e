//! The file-only lints: silent on the shipped scenarios, precise on purpose-made cases, and what they add to the broken fixtures.

use presscheck_engine::{Diagnostic, load};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn ron_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
}

/// Every diagnostic of a file, errors and warnings alike.
fn diagnostics(source: &str) -> Vec<Diagnostic> {
    match load(source.as_bytes()) {
        Ok(loaded) => loaded.warnings,
        Err(e) => e.diagnostics,
    }
}

fn headlines(name: &str, source: &str) -> Vec<String> {
    diagnostics(source)
        .iter()
        .map(|d| d.headline(name))
        .collect()
}

#[test]
fn shipped_scenarios_have_no_diagnostics_at_all() {
    for path in ron_files(&root().join("scenarios")) {
        let source = std::fs::read_to_string(&path).unwrap();
        let found = headlines(&path.display().to_string(), &source);
        assert!(found.is_empty(), "{found:#?}");
    }
}

#[test]
fn broken_fixtures_new_lint_warnings() {
    let dir = root().join("tests/fixtures/broken");
    for path in ron_files(&dir) {
        let name = format!(
            "tests/fixtures/broken/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        let Ok(source) = std::fs::read_to_string(&path) else {
            continue;
        };
        let expected = std::fs::read_to_string(path.with_extension("expected")).unwrap_or_default();
        for line in headlines(&name, &source) {
            if !expected.lines().any(|e| e == line) {
                println!("{line}");
            }
        }
    }
}

/// Marks of the editable-item lint, which `minimal.ron` and the fixtures copied from it trigger:
/// their first stage lists items as editable before any choice has put them in the draft.
const EDITABLE_LINT: &str = "is never in the draft when play reaches that stage";

#[test]
fn minimal_fixture_has_no_diagnostics_but_the_editable_lint() {
    let source = std::fs::read_to_string(root().join("tests/fixtures/valid/minimal.ron")).unwrap();
    for line in headlines("tests/fixtures/valid/minimal.ron", &source) {
        println!("{line}");
        assert!(line.contains(EDITABLE_LINT), "{line}");
    }
}

/// The starter scenario with one change, and its warnings' messages.
fn lint_after(change: impl Fn(String) -> String) -> Vec<String> {
    let text = change(presscheck_engine::template::starter(
        "lint-case",
        "Lint case",
    ));
    let loaded = load(text.as_bytes()).unwrap_or_else(|e| panic!("{:#?}", e.diagnostics));
    loaded.warnings.into_iter().map(|d| d.message).collect()
}

fn once(text: String, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1)
}

#[test]
fn editable_items_must_be_in_the_draft_when_the_stage_is_reached() {
    let found = lint_after(|t| {
        once(
            t,
            "            id: \"request\",\n",
            "            id: \"request\",\n            editable: [\"open-day\"],\n",
        )
    });
    assert_eq!(
        found,
        [
            "item `open-day` is editable at stage `request`, but it is never in the draft when play reaches that stage, so the player can never edit it"
        ]
    );
}

#[test]
fn an_item_no_choice_can_put_in_the_story() {
    let found = lint_after(|t| {
        once(
            t,
            "            items: [\n                (\n                    id: \"open-day\",",
            "            items: [\n                (id: \"canteen-menu\", text: \"Soup.\", classification: Public, newsworthiness: 1, category: General, explanation: \"Trivia.\"),\n                (\n                    id: \"open-day\",",
        )
    });
    assert_eq!(
        found,
        [
            "item `canteen-menu` can never go out in the story: no choice includes, generalises or hands it over, and the player can never edit it back in"
        ]
    );
}

#[test]
fn two_choices_that_do_exactly_the_same() {
    let found = lint_after(|t| {
        once(
            t,
            "                (\n                    id: \"hold\",\n                    label: \"Hold the story until next week\",",
            "                (id: \"shelve\", label: \"Shelve it\", effects: [Hold]),\n                (\n                    id: \"hold\",\n                    label: \"Hold the story until next week\",",
        )
    });
    assert_eq!(
        found,
        [
            "choices `shelve` and `hold` at stage `sign-off` do exactly the same: the same conditions, effects, next stage and hours; only their text differs"
        ]
    );
}

#[test]
fn a_lapse_needs_feedback() {
    let found = lint_after(|t| {
        once(
            t,
            "                    feedback: \"Even a harmless-looking story needs approval first: approval brings in someone who knows what may be said.\",\n",
            "",
        )
    });
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with(
        "choice `skip-approval` at stage `request` records a lapse but has no `feedback`"
    ));
}

#[test]
fn a_general_wording_play_never_uses() {
    let found = lint_after(|t| {
        let t = once(
            t,
            "editable: [\"open-day\", \"new-wing\", \"apprentices\", \"sensor-range\", \"supplier\"]",
            "editable: [\"open-day\", \"new-wing\", \"sensor-range\", \"supplier\"]",
        );
        once(
            t,
            "explanation: \"Public, and good for the works' reputation.\",",
            "explanation: \"Public, and good for the works' reputation.\",\n                    generalised: Some((text: \"Apprentices were there.\", newsworthiness: 1)),",
        )
    });
    assert_eq!(
        found,
        [
            "item `apprentices` has a `generalised` wording that play never uses: no choice generalises it, the player can never edit it, and the reviewer never would"
        ]
    );
}

#[test]
fn a_model_play_that_skips_required_review() {
    let found = lint_after(|t| {
        once(
            t,
            "        (\"sign-off\", \"send-review\"),\n        (\"final\", \"publish\"),",
            "        (\"sign-off\", \"publish-now\"),",
        )
    });
    assert_eq!(
        found,
        [
            "the model play publishes without confidentiality review, but `scoring.require_review` is true: careful play loses procedure points"
        ]
    );
}

#[test]
fn validate_finds_a_choice_never_offered_and_the_stage_only_it_leads_to() {
    let name = "tests/fixtures/unbalanced/unreachable-stage.ron";
    let source = std::fs::read_to_string(root().join(name)).unwrap();
    let found = headlines(name, &source);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].contains(": warning: choice `press-briefing` at stage `send` is never offered: its `requires` never hold when play reaches `send`"), "{found:#?}");
    assert!(found[1].contains(": warning: stage `briefing` is never reached: the only choices that lead to it, `press-briefing` at stage `send`, are never offered"), "{found:#?}");
    // The choice's warning points at its conditions.
    let d = &diagnostics(&source)[0];
    assert!(source[d.span.start..].starts_with("[Approved, NotApproved]"));
}

#[test]
fn a_choice_offered_only_after_the_players_edits_is_not_reported() {
    // `tell-more` needs the secret line in the draft; the first choice cuts it, and only a hand edit keeps it.
    let minimal = std::fs::read_to_string(root().join("tests/fixtures/valid/minimal.ron")).unwrap();
    let source = minimal.replacen(
        "(id: \"publish\", label: \"Publish now\", effects: [Publish]),",
        "(id: \"publish\", label: \"Publish now\", effects: [Publish]),\n                (id: \"tell-more\", label: \"Publish with the night tests\", requires: [InDraft(\"night-tests\"), Chose(\"edit\", \"cut-secret\")], effects: [Publish]),",
        1,
    );
    assert_ne!(source, minimal);
    let found = headlines("x.ron", &source);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn sheet_columns_and_cells_outside_a_spreadsheet_are_warned_about() {
    let minimal = std::fs::read_to_string(root().join("tests/fixtures/valid/minimal.ron")).unwrap();
    let with_cells = minimal.replacen(
        "text: \"The plant opens a new canteen for its 300 staff.\",",
        "text: \"The plant opens a new canteen for its 300 staff.\",\n                    cells: [\"Canteen\", \"300 staff\"],",
        1,
    );
    let found = headlines("x.ron", &with_cells);
    assert!(
        found.iter().any(|l| l.contains("warning: item `canteen` has `cells`, but its material is of kind `Document`, not `Spreadsheet`: they are never shown")),
        "{found:#?}"
    );
    // As a spreadsheet with two columns, the two cells fit; three columns do not.
    let sheet = with_cells.replacen(
        "kind: Document,",
        "kind: Spreadsheet,\n            columns: [\"What\", \"Who\"],",
        1,
    );
    let found = headlines("x.ron", &sheet);
    assert!(!found.iter().any(|l| l.contains("cells")), "{found:#?}");
    let three = sheet.replacen(
        "columns: [\"What\", \"Who\"],",
        "columns: [\"What\", \"Who\", \"When\"],",
        1,
    );
    let found = headlines("x.ron", &three);
    assert!(
        found
            .iter()
            .any(|l| l.contains("warning: item `canteen` has 2 cells but its sheet has 3 columns")),
        "{found:#?}"
    );
}
