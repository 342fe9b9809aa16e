//! End to end in a real window: play a whole scenario through real X input events (xdotool keys and clicks), screenshot every screen, and check the game reached the same outcome as headless play.
//!
//! Runs under Xvfb with Mesa's software Vulkan (`scripts/test` wraps the test
//! run in `xvfb-run`). The game reports what it shows in
//! `target/e2e/state.json` (screen, buttons and their rectangles), which is
//! how the test knows where to click and when a screen has settled.

use super::{presscheck, root};
use presscheck_engine::strategy::{self, Strategy};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

const SCENARIO: &str = "unapproved-interview";
const SEED: u64 = 1;
/// Software rendering is slow; a screen may take seconds to settle on a loaded machine.
const SCREEN_TIMEOUT: Duration = Duration::from_secs(120);

struct Game {
    child: Child,
    dir: PathBuf,
    window: String,
}

impl Drop for Game {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn xdotool(args: &[&str]) -> String {
    let out = Command::new("xdotool")
        .args(args)
        .output()
        .expect("xdotool is installed (scripts/setup installs it)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

impl Game {
    fn state(&self) -> Option<Value> {
        let text = std::fs::read_to_string(self.dir.join("state.json")).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Waits until `screen` (and `menu`) is showing, settled and screenshotted, with at least `decisions` made.
    fn wait_for(&mut self, screen: &str, menu: &str, decisions: u64) -> Value {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("poll game") {
                panic!("the game exited ({status}) while waiting for {screen}");
            }
            if let Some(s) = self.state()
                && s["screen"] == screen
                && s["menu"] == menu
                && s["settled"] == true
                && s["decisions"].as_u64().unwrap_or(0) >= decisions
            {
                return s;
            }
            assert!(
                start.elapsed() < SCREEN_TIMEOUT,
                "timed out waiting for {screen}/{menu}; last state: {:?}",
                self.state()
                    .map(|s| (s["screen"].clone(), s["menu"].clone()))
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn key(&self, key: &str) {
        // XTEST input (no --window): the same path as a physical keyboard.
        xdotool(&["key", "--clearmodifiers", key]);
        std::thread::sleep(Duration::from_millis(250));
    }

    fn type_text(&self, text: &str) {
        xdotool(&["type", "--delay", "80", text]);
        std::thread::sleep(Duration::from_millis(250));
    }

    /// Waits for the game to end after a quit. A game still running after the timeout
    /// fails the test with what it knew: whether the quit reached it, its threads'
    /// stacks (with gdb, where installed) and the end of its log.
    fn wait_for_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("poll game") {
                return status;
            }
            if start.elapsed() > SCREEN_TIMEOUT {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let seen = if self.state().is_some_and(|s| s["exiting"] == true) {
            "it was asked to exit and is still running"
        } else {
            "the quit never reached it"
        };
        let stacks = Command::new("gdb")
            .args([
                "-p",
                &self.child.id().to_string(),
                "-batch",
                "-ex",
                "thread apply all bt 12",
            ])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_else(|e| format!("(no stacks: gdb: {e})"));
        let log = std::fs::read_to_string(self.dir.join("game.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        let tail = lines[lines.len().saturating_sub(40)..].join("\n");
        panic!(
            "the game did not quit within {SCREEN_TIMEOUT:?}: {seen}\n--- threads ---\n{stacks}\n--- end of game.log ---\n{tail}"
        );
    }

    /// Clicks the middle of the visible button whose label starts with `label`.
    fn click(&mut self, screen: &str, menu: &str, label: &str) {
        let state = self.wait_for(screen, menu, 0);
        let button = state["buttons"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["label"].as_str().unwrap_or("").starts_with(label) && b["visible"] == true)
            .unwrap_or_else(|| panic!("no button {label:?} on {screen}: {}", state["buttons"]))
            .clone();
        let x = button["x"].as_f64().unwrap() + button["w"].as_f64().unwrap() / 2.0;
        let y = button["y"].as_f64().unwrap() + (button["h"].as_f64().unwrap() / 2.0).min(20.0);
        xdotool(&[
            "mousemove",
            "--window",
            &self.window,
            &format!("{}", x as i64),
            &format!("{}", y as i64),
        ]);
        std::thread::sleep(Duration::from_millis(200));
        xdotool(&["click", "1"]);
        std::thread::sleep(Duration::from_millis(300));
    }
}

/// A trainee name that needs more than ASCII.
const TRAINEE: &str = "Zoë Brontë-Ñúñez";

fn start_game(dir: &Path) -> Game {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::write(
        dir.join("data/settings.json"),
        serde_json::json!({ "last_trainee": TRAINEE }).to_string(),
    )
    .unwrap();
    launch(dir, &["--seed", &SEED.to_string()], "title")
}

/// Starts the game with `args`, its screenshots and state in `dir`, its data in `dir/data`.
fn launch(dir: &Path, args: &[&str], first_screen: &str) -> Game {
    std::fs::create_dir_all(dir.join("data")).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("presscheck");
    let child = Command::new(bin)
        .current_dir(root())
        .args(args)
        .env("PRESSCHECK_E2E_DIR", dir)
        .env("PRESSCHECK_DATA_DIR", dir.join("data"))
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join("game.log")).unwrap())
        .spawn()
        .expect("start the game");
    let mut game = Game {
        child,
        dir: dir.to_path_buf(),
        window: String::new(),
    };
    game.wait_for(first_screen, "none", 0);
    let start = Instant::now();
    while game.window.is_empty() {
        game.window = xdotool(&["search", "--name", "^Press Check$"])
            .lines()
            .next()
            .unwrap_or("")
            .to_string();
        assert!(
            start.elapsed() < SCREEN_TIMEOUT,
            "no window named Press Check"
        );
    }
    xdotool(&["windowfocus", "--sync", &game.window]);
    game
}

#[test]
fn a_whole_scenario_in_a_real_window_matches_headless_play() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "no DISPLAY: run the tests under xvfb-run, as scripts/test does"
    );
    let scenario = presscheck_engine::load(
        &std::fs::read(root().join(format!("scenarios/{SCENARIO}.ron"))).unwrap(),
    )
    .unwrap()
    .scenario;
    let dir = root().join("target/e2e");
    let mut game = start_game(&dir);

    // Title, by keyboard: the name remembered from last time (with accents, so the bundled
    // font must cover them), a session code typed in, then "Choose a scenario".
    game.key("Tab");
    game.type_text("class-7");
    for _ in 0..3 {
        game.key("Tab");
    }
    game.key("Return");

    // Select, by keyboard: Tab to the third card (the unapproved interview) and open it.
    let select = game.wait_for("select", "none", 0);
    assert_eq!(select["trainee"], TRAINEE);
    for _ in 0..3 {
        game.key("Tab");
    }
    game.key("Return");

    // Briefing, by mouse.
    let briefing = game.wait_for("briefing", "none", 0);
    assert!(briefing["buttons"].to_string().contains("Go to the desk"));
    game.click("briefing", "none", "Go to the desk");

    // The desk: the model play, clicking each choice by its label.
    let model = strategy::decisions(&scenario, Strategy::Model, SEED);
    let mut made = 0;
    for (i, d) in model.iter().enumerate() {
        let presscheck_engine::Decision::Choose { stage, choice } = d else {
            continue;
        };
        let label = scenario
            .stage(scenario.stage_ix(stage).unwrap())
            .choices
            .iter()
            .find(|c| c.id == *choice)
            .unwrap()
            .label
            .clone();
        game.wait_for("desk", "none", made);
        if i == 1 {
            // Esc pauses; the pause and settings menus work by keyboard and close again.
            game.key("Escape");
            game.wait_for("desk", "pause", made);
            game.click("desk", "pause", "Settings");
            game.wait_for("desk", "settings", made);
            game.key("Escape");
            game.wait_for("desk", "pause", made);
            game.key("Return"); // Resume has the focus.
        }
        game.click("desk", "none", &label);
        made += 1;
        if i == model.len() - 1 {
            // The last choice publishes: the confirmation shows what goes out.
            game.wait_for("confirm", "none", made - 1);
            game.click("confirm", "none", "Publish");
        }
    }

    // Consequences: skip the animation, then on to the debrief.
    game.wait_for("consequences", "none", made);
    game.click("consequences", "none", "Skip to the end");
    std::thread::sleep(Duration::from_millis(500));
    game.click("consequences", "none", "Continue to the debrief");
    game.wait_for("debrief", "none", made);

    // The outcome the game reached equals headless play with the same seed and decisions.
    let game_outcome: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("outcome.json")).unwrap()).unwrap();
    let choices = dir.join("decisions.json");
    std::fs::write(&choices, game_outcome["decisions"].to_string()).unwrap();
    let out = presscheck()
        .args([
            "play",
            SCENARIO,
            "--seed",
            &SEED.to_string(),
            "--choices",
            choices.to_str().unwrap(),
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut headless: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The terminal adds what usually happens; the outcome itself must be the game's.
    let replays = headless
        .as_object_mut()
        .and_then(|o| o.remove("replays"))
        .expect("play --json includes the replays");
    assert_eq!(replays["count"], 1000);
    assert_eq!(game_outcome, headless);
    assert_eq!(game_outcome["score"]["passed"], true);

    // "What if", by keyboard: Tab to "skip the review at sign-off" (it scrolls into view), press Enter,
    // and the side-by-side comparison appears.
    let wanted = "Instead: The director has signed off";
    let mut found = false;
    for _ in 0..80 {
        game.key("Tab");
        std::thread::sleep(Duration::from_millis(150));
        let s = game.state().unwrap();
        if s["buttons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["focused"] == true && b["label"].as_str().unwrap_or("").starts_with(wanted))
        {
            found = true;
            break;
        }
    }
    assert!(found, "Tab never reached the what-if button");
    game.key("Return");
    let start = Instant::now();
    while game.state().unwrap()["what_if"] != true || game.state().unwrap()["settled"] != true {
        assert!(
            start.elapsed() < SCREEN_TIMEOUT,
            "the what-if comparison never appeared"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let shots_before = game.state().unwrap()["shots"].as_u64().unwrap();
    // The replays finish on the task pool while the debrief is open; the record gets their summary then.
    let start = Instant::now();
    while !presscheck_records::store::read_records(&dir.join("data/results"))
        .unwrap()
        .records
        .iter()
        .any(|r| r.record.result.as_ref().is_some_and(|x| x.usual.is_some()))
    {
        assert!(
            start.elapsed() < SCREEN_TIMEOUT,
            "the record never got what usually happens"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // Back to the list and quit from the title screen.
    game.key("Escape");
    game.wait_for("debrief", "pause", made);
    game.click("debrief", "pause", "Quit to the scenario list");
    game.wait_for("select", "none", 0);
    game.key("Escape");
    game.wait_for("title", "none", 0);
    game.click("title", "none", "Quit");
    let status = game.wait_for_exit();
    assert!(status.success());
    assert!(shots_before >= 10);
    // The best result is remembered for the next sitting, per trainee.
    let best: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("data/best-results.json")).unwrap())
            .unwrap();
    assert_eq!(best[0]["trainee"], TRAINEE);
    assert_eq!(best[0]["scenario"], SCENARIO);
    assert_eq!(best[0]["passed"], true);

    // The run's record is in the results folder, and replays to the same result.
    let set = presscheck_records::store::read_records(&dir.join("data/results")).unwrap();
    assert!(set.skipped.is_empty(), "{:?}", set.skipped);
    assert_eq!(set.records.len(), 1, "one record for one run");
    let record = &set.records[0];
    assert_eq!(record.record.trainee.id, TRAINEE);
    assert_eq!(record.record.status, presscheck_records::Status::Finished);
    // Written when the run ended, then amended with what usually happens once the
    // replays were ready; `replay` below replays those too.
    let usual = record.record.result.as_ref().unwrap().usual.as_ref();
    assert_eq!(usual.map(|u| u.replays), Some(1000), "{usual:?}");
    let recorded: Vec<Value> = record
        .record
        .decisions
        .iter()
        .map(|d| serde_json::to_value(&d.decision).unwrap())
        .collect();
    assert_eq!(Value::Array(recorded), game_outcome["decisions"]);
    let out = presscheck()
        .arg("replay")
        .arg(&record.path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // The trainer shows the run to the class: the game opens the record's consequences and debrief.
    let replay_dir = dir.join("replay");
    let _ = std::fs::remove_dir_all(&replay_dir);
    let path = record.path.to_str().unwrap().to_string();
    let mut shown = launch(&replay_dir, &["--replay", &path], "consequences");
    shown.click("consequences", "none", "Skip to the end");
    std::thread::sleep(Duration::from_millis(500));
    shown.click("consequences", "none", "Continue to the debrief");
    shown.wait_for("debrief", "none", 0);
    let replayed: Value =
        serde_json::from_str(&std::fs::read_to_string(replay_dir.join("outcome.json")).unwrap())
            .unwrap();
    assert_eq!(replayed, game_outcome, "the replay shows the recorded run");
    drop(shown);
    assert!(
        !replay_dir.join("data/results").exists(),
        "showing a replay makes no record"
    );

    // Every screen was captured, and none of them is blank.
    let shots: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".png"))
        .collect();
    for screen in [
        "title",
        "select",
        "briefing",
        "desk",
        "pause",
        "settings",
        "confirm",
        "consequences",
        "debrief",
    ] {
        let shot = shots
            .iter()
            .find(|n| n.ends_with(&format!("-{screen}.png")))
            .unwrap_or_else(|| panic!("no screenshot of {screen}: {shots:?}"));
        assert!(
            super::game_window::distinct_colours(&dir.join(shot)) > 20,
            "{shot} is blank"
        );
    }
}
