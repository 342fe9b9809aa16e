//! The game window: app setup, the screen and menu states, and the plugin of each part of the game.

#[cfg(feature = "automation")]
pub mod automation;
pub mod balance;
#[cfg(feature = "bench")]
pub mod bench;
pub mod cascade_view;
pub mod catalog;
pub mod menus;
pub mod navigation;
pub mod options;
pub mod own_time;
pub mod quit;
pub mod records;
pub mod replays;
pub mod screens;
pub mod session;
pub mod settings;
pub mod theme;

pub use options::GameOptions;

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
        replays::plugin,
        screens::plugin,
        menus::plugin,
        cascade_view::plugin,
        own_time::plugin,
        #[cfg(feature = "automation")]
        automation::plugin,
        #[cfg(feature = "bench")]
        bench::plugin,
    ));
}

/// Opens the game window and runs until it is closed.
pub fn run(options: GameOptions) -> ExitCode {
    match app(options) {
        Ok(mut app) => exit_code(app.run()),
        Err(code) => code,
    }
}

/// Opens the game window in a benchmark mode that measures, prints and exits.
#[cfg(feature = "bench")]
pub fn run_bench(options: GameOptions, mode: bench::BenchMode) -> ExitCode {
    match app(options) {
        Ok(mut app) => {
            app.insert_resource(mode);
            exit_code(app.run())
        }
        Err(code) => code,
    }
}

fn exit_code(exit: AppExit) -> ExitCode {
    match exit {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

/// The game's app with its window, or the exit code when it cannot start.
fn app(options: GameOptions) -> Result<App, ExitCode> {
    // A replay is checked before the window opens: a record that does not replay is not shown.
    let replay = match &options.replay {
        Some(path) => match prepare_replay(path, &options.scenarios) {
            Ok(start) => Some(start),
            Err(message) => {
                eprintln!("error: {message}");
                return Err(ExitCode::FAILURE);
            }
        },
        None => None,
    };
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title: "Press Check".into(),
            resolution: WindowResolution::new(options.window_size.0, options.window_size.1),
            ..default()
        }),
        ..default()
    }))
    .insert_resource(catalog::ScenarioSource(options.scenarios.clone()))
    .insert_resource(session::DataDir::from_env())
    .insert_resource(session::StartOptions {
        scenario: options.scenario.clone(),
        seed: options.seed,
        from: options.from.clone(),
    })
    .add_plugins(plugin)
    .add_systems(Startup, spawn_camera);
    // Records go to --results, else the folder in the settings, else `results/` in the data folder.
    let from_settings = app
        .world()
        .resource::<settings::Settings>()
        .results_dir
        .clone();
    let fixed = options.results.is_some();
    let dir = options
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
    Ok(app)
}

/// Reads a record, finds its scenario and replays it; the start of an on-screen replay, or why not.
fn prepare_replay(
    path: &std::path::Path,
    scenarios: &crate::scenarios::Source,
) -> Result<records::ReplayStart, String> {
    let record = presscheck_records::store::read_record(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let found = crate::scenarios::find_by_id(scenarios, &record.scenario.id)?;
    let report = presscheck_records::replay::replay(&record, &found.scenario);
    if !report.is_confirmed() {
        return Err(format!(
            "{}: the record does not replay against {}:\n  - {}",
            path.display(),
            found.file.name(),
            report.problems().join("\n  - ")
        ));
    }
    Ok(records::ReplayStart {
        replaying: records::Replaying {
            record,
            path: path.to_path_buf(),
        },
        scenario: std::sync::Arc::new(found.scenario),
        scenario_file: found.file,
    })
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn(Camera2d);
}
