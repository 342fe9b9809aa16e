//! Headless Bevy tests of the game's plugins: screen transitions, keyboard navigation and hot reload, with `MinimalPlugins` and no window.

use super::root;
use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input_focus::{InputDispatchPlugin, InputFocus, InputFocusPlugin};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::ui_widgets::{Activate, UiWidgetsPlugins};
use presscheck::game::catalog::{Catalog, ScenarioSource};
use presscheck::game::screens::desk::ChoiceButton;
use presscheck::game::session::{Play, StartOptions};
use presscheck::game::theme::ButtonLabel;
use presscheck::game::{Menu, Screen};
use presscheck::scenarios::{Origin, Source};
use presscheck_engine::strategy::{self, Strategy};
use std::path::Path;

fn app(folder: &Path) -> App {
    app_with(
        folder,
        StartOptions {
            scenario: None,
            seed: Some(5),
            from: None,
        },
    )
}

fn app_with(folder: &Path, options: StartOptions) -> App {
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        StatesPlugin,
        bevy::input::InputPlugin,
        bevy::window::WindowPlugin {
            primary_window: None,
            exit_condition: bevy::window::ExitCondition::DontExit,
            ..default()
        },
        InputFocusPlugin,
        InputDispatchPlugin,
        UiWidgetsPlugins,
    ))
    // Pointer messages that the widget plugins read; no pointer exists without a window.
    .add_message::<bevy::picking::events::Pointer<bevy::picking::events::Release>>()
    .add_message::<bevy::picking::events::Pointer<bevy::picking::events::Press>>()
    .init_resource::<Assets<Image>>()
    .init_resource::<UiScale>()
    .insert_resource(ScenarioSource(Source::Folder(
        folder.to_path_buf(),
        Origin::Flag,
    )))
    .insert_resource(options)
    .add_plugins(presscheck::game::plugin);
    // Keyboard input is dispatched through the primary window, as in the real game.
    app.world_mut()
        .spawn((Window::default(), bevy::window::PrimaryWindow));
    app.update();
    app.update();
    app
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn menu(app: &App) -> Menu {
    *app.world().resource::<State<Menu>>().get()
}

/// Activates the first button whose label starts with `label`, as Enter or a click would.
fn activate(app: &mut App, label: &str) {
    let world = app.world_mut();
    let mut q = world.query::<(Entity, &ButtonLabel)>();
    let entity = q
        .iter(world)
        .find(|(_, l)| l.0.starts_with(label))
        .map(|(e, _)| e)
        .unwrap_or_else(|| {
            let all: Vec<String> = q.iter(world).map(|(_, l)| l.0.clone()).collect();
            panic!("no button {label:?}; buttons: {all:?}")
        });
    world.trigger(Activate { entity });
    app.update();
    app.update();
}

fn press(app: &mut App, key: KeyCode) {
    let window = app
        .world_mut()
        .query_filtered::<Entity, With<bevy::window::PrimaryWindow>>()
        .single(app.world())
        .expect("a primary window");
    app.world_mut().write_message(KeyboardInput {
        key_code: key,
        logical_key: Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
        state: ButtonState::Pressed,
        text: None,
        repeat: false,
        window,
    });
    app.update();
    app.world_mut().write_message(KeyboardInput {
        key_code: key,
        logical_key: Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
        state: ButtonState::Released,
        text: None,
        repeat: false,
        window,
    });
    app.update();
    app.update();
}

#[test]
fn screens_follow_the_whole_loop_and_the_outcome_comes_from_the_engine() {
    let mut app = app(&root().join("scenarios"));
    assert_eq!(screen(&app), Screen::Title);
    activate(&mut app, "Choose a scenario");
    assert_eq!(screen(&app), Screen::Select);
    assert_eq!(app.world().resource::<Catalog>().entries.len(), 3);
    activate(&mut app, "The Unapproved Interview");
    assert_eq!(screen(&app), Screen::Briefing);
    activate(&mut app, "Go to the desk");
    assert_eq!(screen(&app), Screen::Desk);

    let scenario = app.world().resource::<Play>().scenario.clone();
    assert_eq!(app.world().resource::<Play>().seed, 5);
    let model = strategy::decisions(&scenario, Strategy::Model, 5);
    play_model_to_confirm(&mut app);
    // The last choice publishes, so it waits for confirmation.
    assert_eq!(screen(&app), Screen::Confirm);
    assert!(app.world().resource::<Play>().outcome.is_none());
    activate(&mut app, "Publish");
    assert_eq!(screen(&app), Screen::Consequences);
    let outcome = app.world().resource::<Play>().outcome.clone().unwrap();
    assert_eq!(
        outcome,
        presscheck_engine::play(&scenario, 5, &model).unwrap()
    );
    activate(&mut app, "Skip to the end");
    activate(&mut app, "Continue to the debrief");
    assert_eq!(screen(&app), Screen::Debrief);
    activate(&mut app, "Instead: The director has signed off");
    let what_if = app
        .world()
        .resource::<presscheck::game::screens::debrief::WhatIf>();
    let (_, _, changed) = what_if.result.as_ref().expect("what-if computed");
    assert!(!changed.score.passed);
    activate(&mut app, "Retry this scenario");
    assert_eq!(screen(&app), Screen::Briefing);
    assert!(app.world().resource::<Play>().decisions.is_empty());
}

#[test]
fn keyboard_tab_arrows_and_escape_navigate() {
    let mut app = app(&root().join("scenarios"));
    activate(&mut app, "Choose a scenario");
    activate(&mut app, "The CD of Materials");
    activate(&mut app, "Go to the desk");
    assert_eq!(screen(&app), Screen::Desk);
    // The first choice has the focus; arrows and Tab move it.
    let focused = |app: &mut App| app.world().resource::<InputFocus>().get();
    let first = focused(&mut app).expect("a choice is focused on arrival");
    press(&mut app, KeyCode::ArrowDown);
    let second = focused(&mut app).unwrap();
    assert_ne!(first, second);
    press(&mut app, KeyCode::ArrowUp);
    assert_eq!(focused(&mut app), Some(first));
    press(&mut app, KeyCode::Tab);
    assert_eq!(focused(&mut app), Some(second));
    // Enter on a focused button activates it.
    press(&mut app, KeyCode::ArrowUp);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.world().resource::<Play>().decisions.len(), 1);
    // Esc opens the pause menu over the desk, and closes it again.
    press(&mut app, KeyCode::Escape);
    assert_eq!((screen(&app), menu(&app)), (Screen::Desk, Menu::Pause));
    activate(&mut app, "Settings");
    assert_eq!(menu(&app), Menu::Settings);
    activate(&mut app, "Large");
    assert_eq!(
        app.world()
            .resource::<presscheck::game::settings::Settings>()
            .text_size,
        presscheck::game::settings::TextSize::Large
    );
    press(&mut app, KeyCode::Escape);
    assert_eq!(menu(&app), Menu::Pause);
    press(&mut app, KeyCode::Escape);
    assert_eq!((screen(&app), menu(&app)), (Screen::Desk, Menu::None));
    // From the pause menu, quit to the list; Esc on the list goes back to the title.
    press(&mut app, KeyCode::Escape);
    activate(&mut app, "Quit to the scenario list");
    assert_eq!(screen(&app), Screen::Select);
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Title);
}

/// A scenarios folder holding the minimal fixture, and the game on its select screen.
fn select_screen_on_minimal() -> (tempfile::TempDir, std::path::PathBuf, String, App) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("minimal.ron");
    let good = std::fs::read_to_string(root().join("tests/fixtures/valid/minimal.ron")).unwrap();
    std::fs::write(&file, &good).unwrap();
    let mut app = app(dir.path());
    activate(&mut app, "Choose a scenario");
    (dir, file, good, app)
}

/// Runs frames for longer than the poll interval (virtual time advances at most 250 ms a frame).
fn wait_for_poll(app: &mut App) {
    let frames = 2 * presscheck::game::catalog::POLL_INTERVAL.as_millis() / 100;
    for _ in 0..frames {
        std::thread::sleep(std::time::Duration::from_millis(100));
        app.update();
    }
}

#[test]
fn hot_reload_shows_new_versions_and_keeps_the_last_good_one_on_a_bad_edit() {
    let (dir, file, good, mut app) = select_screen_on_minimal();
    assert_eq!(screen(&app), Screen::Select);
    let title = |app: &App| {
        app.world().resource::<Catalog>().entries[0]
            .scenario
            .as_ref()
            .map(|s| s.file.title.clone())
    };
    assert_eq!(title(&app).as_deref(), Some("Minimal press release"));

    // A bad edit: the error is shown, the last good version stays playable.
    std::fs::write(&file, good.replace("pass_mark: 0.7,", "pass_mark: 7,")).unwrap();
    wait_for_poll(&mut app);
    let entry = &app.world().resource::<Catalog>().entries[0];
    assert_eq!(entry.errors.len(), 1, "{:?}", entry.errors);
    assert_eq!(entry.errors[0].line, 11);
    assert!(entry.errors[0].message.contains("pass_mark"));
    assert_eq!(title(&app).as_deref(), Some("Minimal press release"));
    // The select screen shows the error on the card.
    let world = app.world_mut();
    let texts: Vec<String> = world
        .query::<&Text>()
        .iter(world)
        .map(|t| t.0.clone())
        .collect();
    assert!(
        texts.iter().any(|t| t.contains("minimal.ron:11:")),
        "{texts:?}"
    );

    // A good edit replaces it, and the card shows the new title.
    std::fs::write(
        &file,
        good.replace("Minimal press release", "Minimal press release, revised"),
    )
    .unwrap();
    wait_for_poll(&mut app);
    assert!(
        app.world().resource::<Catalog>().entries[0]
            .errors
            .is_empty()
    );
    assert_eq!(
        title(&app).as_deref(),
        Some("Minimal press release, revised")
    );
    activate(&mut app, "Minimal press release, revised");
    assert_eq!(screen(&app), Screen::Briefing);

    // A new file appears; a deleted one disappears.
    std::fs::write(
        dir.path().join("second.ron"),
        good.replace("id: \"minimal\"", "id: \"second\""),
    )
    .unwrap();
    wait_for_poll(&mut app);
    assert_eq!(app.world().resource::<Catalog>().entries.len(), 2);
    std::fs::remove_file(&file).unwrap();
    wait_for_poll(&mut app);
    assert_eq!(app.world().resource::<Catalog>().entries.len(), 1);
}

/// Plays the model play through the desk's buttons, to the confirmation.
fn play_model_to_confirm(app: &mut App) {
    let scenario = app.world().resource::<Play>().scenario.clone();
    let seed = app.world().resource::<Play>().seed;
    for d in &strategy::decisions(&scenario, Strategy::Model, seed) {
        let presscheck_engine::Decision::Choose { choice, .. } = d else {
            continue;
        };
        let world = app.world_mut();
        let mut q = world.query::<(Entity, &ChoiceButton)>();
        let entity = q
            .iter(world)
            .find(|(_, c)| c.0 == *choice)
            .map(|(e, _)| e)
            .unwrap_or_else(|| panic!("no choice button {choice}"));
        world.trigger(Activate { entity });
        app.update();
        app.update();
    }
}

fn records_in(dir: &Path) -> Vec<presscheck_records::Record> {
    let set = presscheck_records::store::read_records(dir).unwrap();
    assert!(set.skipped.is_empty(), "{:?}", set.skipped);
    let mut records: Vec<_> = set.records.into_iter().map(|r| r.record).collect();
    records.sort_by_key(|r| r.started_at);
    records
}

#[test]
fn the_game_records_a_finished_run_and_a_run_left_early() {
    let results = tempfile::tempdir().unwrap();
    let mut app = app(&root().join("scenarios"));
    app.insert_resource(presscheck::game::records::RecordSink {
        fixed: true,
        ..presscheck::game::records::RecordSink::to(
            Some(results.path().to_path_buf()),
            Some(presscheck_records::SigningKey::from_bytes(b"game-key").unwrap()),
        )
    });
    activate(&mut app, "Choose a scenario");
    activate(&mut app, "The Unapproved Interview");
    activate(&mut app, "Go to the desk");
    play_model_to_confirm(&mut app);
    assert!(
        records_in(results.path()).is_empty(),
        "no record before the end"
    );
    activate(&mut app, "Publish");
    assert_eq!(screen(&app), Screen::Consequences);
    let records = records_in(results.path());
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(r.status, presscheck_records::Status::Finished);
    assert_eq!(r.seed, 5);
    assert_eq!(r.scenario.id, "unapproved-interview");
    let play = app.world().resource::<Play>();
    let decisions: Vec<_> = r.decisions.iter().map(|d| d.decision.clone()).collect();
    assert_eq!(decisions, play.decisions);
    assert!(r.result.as_ref().unwrap().passed);
    // Signed, and it replays to the same result.
    let key = presscheck_records::SigningKey::from_bytes(b"game-key").unwrap();
    assert_eq!(
        presscheck_records::check(&key, r),
        presscheck_records::SignatureCheck::Valid
    );
    assert!(presscheck_records::replay(r, &play.scenario).is_confirmed());
    activate(&mut app, "Skip to the end");
    activate(&mut app, "Continue to the debrief");
    let world = app.world_mut();
    let texts: Vec<String> = world
        .query::<&Text>()
        .iter(world)
        .map(|t| t.0.clone())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Your run is recorded for the trainer")),
        "the debrief says where the record went: {texts:?}"
    );

    // A second run, left after one decision: an abandoned record, once.
    activate(&mut app, "Retry this scenario");
    activate(&mut app, "Go to the desk");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.world().resource::<Play>().decisions.len(), 1);
    press(&mut app, KeyCode::Escape);
    activate(&mut app, "Quit to the scenario list");
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Title);
    let records = records_in(results.path());
    assert_eq!(records.len(), 2, "one finished, one abandoned");
    let left = &records[1];
    assert_eq!(left.status, presscheck_records::Status::Abandoned);
    assert_eq!(left.decisions.len(), 1);
    assert!(left.result.is_none());

    // Restarting from the pause menu leaves a run too.
    activate(&mut app, "Choose a scenario");
    activate(&mut app, "The CD of Materials");
    activate(&mut app, "Go to the desk");
    press(&mut app, KeyCode::Escape);
    activate(&mut app, "Restart this scenario");
    assert_eq!(records_in(results.path()).len(), 3);
}

#[test]
fn an_edited_scenario_shows_its_balance_on_the_select_screen() {
    let (_dir, file, _good, mut app) = select_screen_on_minimal();
    let texts = |app: &mut App| -> Vec<String> {
        let world = app.world_mut();
        world
            .query::<&Text>()
            .iter(world)
            .map(|t| t.0.clone())
            .collect()
    };
    // Not edited yet: no balance check runs.
    assert!(!texts(&mut app).iter().any(|t| t.contains("alance")));

    // The author saves a version where holding everything wins.
    let unbalanced =
        std::fs::read_to_string(root().join("tests/fixtures/unbalanced/hold-wins.ron")).unwrap();
    std::fs::write(&file, &unbalanced).unwrap();
    wait_for_poll(&mut app);
    let started = std::time::Instant::now();
    loop {
        let shown = texts(&mut app);
        if shown.iter().any(|t| t.starts_with("balance error[")) {
            assert!(
                shown
                    .iter()
                    .any(|t| t.starts_with("balance error[degenerate-strategy]")),
                "{shown:?}"
            );
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(120),
            "no balance findings shown: {shown:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
        app.update();
    }

    // A balanced edit (the starter scenario of `presscheck new`): the card says so.
    std::fs::write(
        &file,
        presscheck_engine::template::starter("minimal", "Minimal, balanced"),
    )
    .unwrap();
    wait_for_poll(&mut app);
    let started = std::time::Instant::now();
    while !texts(&mut app)
        .iter()
        .any(|t| t.starts_with("Balance (") && t.contains("no findings"))
    {
        assert!(started.elapsed() < std::time::Duration::from_secs(120));
        std::thread::sleep(std::time::Duration::from_millis(50));
        app.update();
    }
}

#[test]
fn the_game_opens_a_scenario_at_a_stage_for_playtesting() {
    let file = root().join("scenarios/unapproved-interview.ron");
    let mut app = app_with(
        &root().join("scenarios"),
        StartOptions {
            scenario: Some(file),
            seed: Some(5),
            from: Some("sign-off".into()),
        },
    );
    app.update();
    assert_eq!(screen(&app), Screen::Desk);
    let play = app.world().resource::<Play>();
    assert_eq!(
        play.run().current_stage().map(|s| s.id.as_str()),
        Some("sign-off")
    );
    assert!(!play.recordable, "a playtest makes no record");
}

/// Every text on screen, in spawn order.
fn texts(app: &mut App) -> Vec<String> {
    let world = app.world_mut();
    let mut q = world.query::<&Text>();
    q.iter(world).map(|t| t.0.clone()).collect()
}

#[test]
fn the_desk_shows_a_spreadsheet_as_rows_under_its_columns_and_a_recording_as_a_transcript() {
    let mut app = app(&root().join("scenarios"));
    activate(&mut app, "Choose a scenario");
    activate(&mut app, "The Unapproved Interview");
    activate(&mut app, "Go to the desk");
    let shown = texts(&mut app);
    // The sheet: its heading names the kind, the header holds its columns, each row its cells (not the story's sentence).
    for expected in [
        "Spreadsheet · Attachment B: trial summary",
        "Arrangement",
        "Detail",
        "Trial site",
        "Skarrow Point range, hangar 4",
    ] {
        assert!(
            shown.iter().any(|t| t == expected),
            "{expected:?} not in {shown:#?}"
        );
    }
    assert!(
        !shown
            .iter()
            .any(|t| t == "Trials take place at the Skarrow Point range, in hangar 4.")
    );
    press(&mut app, KeyCode::Escape);
    activate(&mut app, "Quit to the scenario list");

    activate(&mut app, "The Inspection Footage");
    activate(&mut app, "Go to the desk");
    let shown = texts(&mut app);
    assert!(
        shown
            .iter()
            .any(|t| t == "Recording · Voice message from Tibor Lanck, engineer at the plant")
    );
    assert!(shown.iter().any(|t| t == "REC "));
    assert!(
        shown
            .iter()
            .any(|t| t.starts_with(" 1  \u{201c}Field trials of the new vehicle")),
        "{shown:#?}"
    );
}

#[test]
fn the_consequences_count_each_of_a_cases_own_outlet_kinds_as_the_engine_does() {
    let mut app = app(&root().join("scenarios"));
    activate(&mut app, "Choose a scenario");
    activate(&mut app, "The Inspection Footage");
    activate(&mut app, "Go to the desk");
    play_model_to_confirm(&mut app);
    activate(&mut app, "Publish");
    assert_eq!(screen(&app), Screen::Consequences);
    activate(&mut app, "Skip to the end");
    app.update();
    let outcome = app.world().resource::<Play>().outcome.clone().unwrap();
    let kinds = outcome.spread.by_kind();
    assert_eq!(kinds[0].label, "broadcasters");
    let shown = texts(&mut app);
    // One counter per kind, in the network's order, with the engine's count at the last hour.
    for k in &kinds {
        let counter = format!("{}: {}", k.label, k.reprints);
        assert!(shown.contains(&counter), "{counter:?} not in {shown:#?}");
    }
    activate(&mut app, "Continue to the debrief");
    let shown = texts(&mut app);
    let line = format!("Reprinted by {};", outcome.spread.reprints_in_words());
    assert!(
        shown.iter().any(|t| t.starts_with(&line)),
        "{line:?} not in {shown:#?}"
    );
    assert!(line.contains(" broadcasters, "), "{line}");
}
