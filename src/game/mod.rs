//! The game window: app setup, the screen and menu states, and the plugin of each part of the game.

pub mod automation;
pub mod balance;
pub mod bench;
pub mod cascade_view;
pub mod catalog;
pub mod menus;
pub mod navigation;
pub mod records;
pub mod screens;
pub mod session;
pub mod settings;
pub mod theme;

use crate::cli::GameArgs;
use bevy::input_focus::tab_navigation::TabNavigationPlugin;
use bevy::prelude::*;
use bevy::window::WindowResolution;
use std::process::ExitCode;

/// The screens of the game, in the order a trainee meets them.
#[derive(States, Default, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    /// Name, session code, mode, settings, quit.
    #[default]
    Title,
    /// A card per scenario.
    Select,
    /// Role, situation, deadline and objectives.
    Briefing,
    /// The materials, the stage and its choices, the clock and the draft.
    Desk,
    /// Exactly what will go out, before it does.
    Confirm,
    /// The reprint cascade, hour by hour.
    Consequences,
    /// Score, mistakes, careful play and "what if".
    Debrief,
}

impl Screen {
    /// A short name, used for screenshots.
    pub fn slug(self) -> &'static str {
        match self {
            Screen::Title => "title",
            Screen::Select => "select",
            Screen::Briefing => "briefing",
            Screen::Desk => "desk",
            Screen::Confirm => "confirm",
            Screen::Consequences => "consequences",
            Screen::Debrief => "debrief",
        }
    }
}

/// Overlay menus, separate from the screen so pausing does not leave it.
#[derive(States, Default, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Menu {
    /// No menu.
    #[default]
    None,
    /// Resume, restart, settings, quit to select.
    Pause,
    /// Text size and fullscreen.
    Settings,
}

/// Everything the game adds on top of Bevy's plugins; headless tests add this to `MinimalPlugins`.
pub fn plugin(app: &mut App) {
    app.init_state::<Screen>().init_state::<Menu>();
    if !app.is_plugin_added::<TabNavigationPlugin>() {
        app.add_plugins(TabNavigationPlugin);
    }
    app.add_plugins((
        theme::plugin,
        settings::plugin,
        catalog::plugin,
        balance::plugin,
        session::plugin,
        navigation::plugin,
        records::plugin,
        screens::plugin,
        menus::plugin,
        cascade_view::plugin,
        automation::plugin,
        bench::plugin,
    ));
}

/// Opens the game window and runs until it is closed.
pub fn run(args: GameArgs) -> ExitCode {
    run_with(args, None)
}

/// Opens the game window, optionally in a benchmark mode that measures and exits.
pub fn run_with(args: GameArgs, bench: Option<bench::BenchMode>) -> ExitCode {
    let scenarios = args
        .scenarios
        .clone()
        .unwrap_or_else(crate::cli::default_scenarios_dir);
    // A replay is checked before the window opens: a record that does not replay is not shown.
    let replay = match &args.replay {
        Some(path) => match prepare_replay(path, &scenarios) {
            Ok(start) => Some(start),
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::FAILURE;
            }
        },
        None => None,
    };
    let assets = assets_dir();
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Press Check".into(),
                    resolution: WindowResolution::new(args.window_size.0, args.window_size.1),
                    ..default()
                }),
                ..default()
            })
            .set(AssetPlugin {
                file_path: assets.display().to_string(),
                ..default()
            }),
    )
    .insert_resource(catalog::ScenarioFolder(scenarios))
    .insert_resource(session::DataDir::from_env())
    .insert_resource(session::StartOptions {
        scenario: args.scenario.clone(),
        seed: args.seed,
        from: args.from.clone(),
    })
    .add_plugins(plugin)
    .add_systems(Startup, spawn_camera);
    // Records go to --results, else the folder in the settings, else `results/` in the data folder.
    let from_settings = app
        .world()
        .resource::<settings::Settings>()
        .results_dir
        .clone();
    let fixed = args.results.is_some();
    let dir = args
        .results
        .clone()
        .or(from_settings)
        .or_else(crate::paths::default_results_dir);
    app.insert_resource(records::RecordSink {
        fixed,
        ..records::RecordSink::new(dir)
    });
    if let Some(start) = replay {
        app.insert_resource(start);
    }
    if let Some(mode) = bench {
        app.insert_resource(mode);
    }
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

/// Reads a record, finds its scenario and replays it; the start of an on-screen replay, or why not.
fn prepare_replay(
    path: &std::path::Path,
    scenarios: &std::path::Path,
) -> Result<records::ReplayStart, String> {
    let record = presscheck_records::store::read_record(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let (scenario_path, scenario) = crate::cli::find_scenario(scenarios, &record.scenario.id)?;
    let report = presscheck_records::replay::replay(&record, &scenario);
    if !report.is_confirmed() {
        return Err(format!(
            "{}: the record does not replay against {}:\n  - {}",
            path.display(),
            scenario_path.display(),
            report.problems().join("\n  - ")
        ));
    }
    Ok(records::ReplayStart {
        replaying: records::Replaying {
            record,
            path: path.to_path_buf(),
        },
        scenario: std::sync::Arc::new(scenario),
        scenario_path,
    })
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn(Camera2d);
}

/// The assets folder: `$PRESSCHECK_ASSETS`, else `./assets`, else the one beside the sources.
fn assets_dir() -> std::path::PathBuf {
    if let Some(dir) = std::env::var_os("PRESSCHECK_ASSETS") {
        return dir.into();
    }
    let here = std::path::PathBuf::from("assets");
    if here.is_dir() {
        return std::fs::canonicalize(&here).unwrap_or(here);
    }
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets")
}
