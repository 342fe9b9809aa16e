//! Run records end to end through the binary: writing, signing, verify, replay, report, certificates, xAPI export and a failed push.

use super::{presscheck, root};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

const KEY: &str = "class-key-for-tests";

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "json")
                        && !p.file_name().unwrap().to_string_lossy().starts_with('.')
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Plays with a strategy and writes a record; returns the new record's path.
fn play_recorded(dir: &Path, args: &[&str], key: Option<&str>) -> PathBuf {
    let before = json_files(dir);
    let mut cmd = presscheck();
    cmd.arg("play").args(args).arg("--results").arg(dir);
    match key {
        Some(k) => cmd.env("PRESSCHECK_SIGNING_KEY", k),
        None => cmd.env_remove("PRESSCHECK_SIGNING_KEY"),
    };
    let out = cmd
        .env_remove("PRESSCHECK_SIGNING_KEY_FILE")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = json_files(dir);
    let new: Vec<_> = after.iter().filter(|p| !before.contains(p)).collect();
    assert_eq!(new.len(), 1, "one new record for {args:?}");
    new[0].clone()
}

fn read(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn run(args: &[&str], dir_args: &[&Path], key: Option<&str>) -> (bool, String, String) {
    let mut cmd = presscheck();
    cmd.args(args).args(dir_args);
    match key {
        Some(k) => cmd.env("PRESSCHECK_SIGNING_KEY", k),
        None => cmd.env_remove("PRESSCHECK_SIGNING_KEY"),
    };
    let out = cmd
        .env_remove("PRESSCHECK_SIGNING_KEY_FILE")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_recorded_run_carries_who_what_when_and_verifies_and_replays() {
    let dir = tempfile::tempdir().unwrap();
    let path = play_recorded(
        dir.path(),
        &[
            "unapproved-interview",
            "--strategy",
            "model",
            "--trainee",
            "t-0042",
            "--name",
            "Ada Quill",
            "--session",
            "Class-7 ",
            "--mode",
            "assessed",
        ],
        Some(KEY),
    );
    let r = read(&path);
    assert_eq!(r["schema"], 1);
    assert_eq!(r["program"]["name"], "presscheck");
    assert_eq!(r["scenario"]["id"], "unapproved-interview");
    assert_eq!(r["scenario"]["content_hash"].as_str().unwrap().len(), 64);
    // The session code gives the seed, whatever its case and spaces.
    assert_eq!(r["seed"], 2242815556405230451u64);
    assert_eq!(r["session"], "Class-7");
    assert_eq!(r["trainee"]["id"], "t-0042");
    assert_eq!(r["trainee"]["name"], "Ada Quill");
    assert_eq!(r["mode"], "assessed");
    assert_eq!(r["status"], "finished");
    assert_eq!(r["result"]["passed"], true);
    assert_eq!(r["signature"]["algorithm"], "HMAC-SHA256");
    // What usually happens to the story, as the debrief showed it, kept in the record.
    assert_eq!(r["result"]["usual"]["replays"], 1000);
    assert_eq!(r["result"]["usual"]["tiers"].as_array().unwrap().len(), 4);
    assert!(r["result"]["usual"]["expected_damage"].is_number());
    let decisions = r["decisions"].as_array().unwrap();
    assert_eq!(decisions.len(), 6);
    for d in decisions {
        assert!(d["at"].as_str().unwrap().ends_with('Z'));
        assert_eq!(
            d["careful"][0], d["decision"]["choice"],
            "model play is careful"
        );
        assert!(
            d["offered"]
                .as_array()
                .unwrap()
                .contains(&d["decision"]["choice"])
        );
    }

    let (ok, out, _) = run(&["verify", "-v"], &[dir.path()], Some(KEY));
    assert!(ok, "{out}");
    assert!(out.contains("1 file: 1 valid"), "{out}");
    let (ok, out, _) = run(&["replay"], &[&path], None);
    assert!(ok, "{out}");
    assert!(out.contains("confirmed"), "{out}");

    // A fixed seed wins over a session code, as everywhere, and the run is then not part of the session.
    let path = play_recorded(
        dir.path(),
        &[
            "unapproved-interview",
            "--strategy",
            "model",
            "--trainee",
            "t-0042",
            "--seed",
            "3",
            "--session",
            "class-7",
        ],
        Some(KEY),
    );
    let r = read(&path);
    assert_eq!(r["seed"], 3);
    assert_eq!(r["session"], Value::Null);

    // With no replays asked for, the record keeps none, and still replays confirmed.
    let path = play_recorded(
        dir.path(),
        &[
            "unapproved-interview",
            "--strategy",
            "publish-all",
            "--trainee",
            "t-0043",
            "--replays",
            "0",
        ],
        Some(KEY),
    );
    let r = read(&path);
    assert_eq!(r["result"]["usual"], Value::Null);
    let (ok, out, _) = run(&["replay"], &[&path], None);
    assert!(ok && out.contains("confirmed"), "{out}");
}

#[test]
fn an_edited_fail_is_caught_by_verify_and_by_replay() {
    let dir = tempfile::tempdir().unwrap();
    let path = play_recorded(
        dir.path(),
        &[
            "unapproved-interview",
            "--strategy",
            "publish-all",
            "--trainee",
            "t-7",
        ],
        Some(KEY),
    );
    let good = play_recorded(
        dir.path(),
        &[
            "unapproved-interview",
            "--strategy",
            "model",
            "--trainee",
            "t-8",
        ],
        Some(KEY),
    );
    let unsigned = play_recorded(
        dir.path(),
        &[
            "unapproved-interview",
            "--strategy",
            "model",
            "--trainee",
            "t-9",
        ],
        None,
    );
    let mut r = read(&path);
    assert_eq!(r["result"]["passed"], false);
    // Quietly turn the fail into a pass.
    r["result"]["passed"] = Value::Bool(true);
    r["result"]["score"] = serde_json::json!(0.93);
    std::fs::write(&path, serde_json::to_string_pretty(&r).unwrap()).unwrap();

    let (ok, out, _) = run(&["verify"], &[dir.path()], Some(KEY));
    assert!(!ok);
    let edited = format!("{}: edited", path.display());
    let unsigned_line = format!("{}: unsigned", unsigned.display());
    assert!(out.contains(&edited), "{out}");
    assert!(out.contains(&unsigned_line), "{out}");
    assert!(!out.contains(&good.display().to_string()), "{out}");
    assert!(
        out.contains("3 files: 1 valid, 1 edited, 1 unsigned"),
        "{out}"
    );

    // Without a key, verify says it cannot check.
    let (ok, _, err) = run(&["verify"], &[dir.path()], None);
    assert!(!ok && err.contains("no signing key"), "{err}");

    let (ok, out, _) = run(&["replay"], &[&path], None);
    assert!(!ok);
    assert!(out.contains("MISMATCH") && out.contains("passed"), "{out}");

    // The report leaves out the edited and the unsigned record, and says so.
    let report = dir.path().join("report");
    let (ok, out, err) = run(
        &["report", "--out", report.to_str().unwrap()],
        &[dir.path()],
        Some(KEY),
    );
    assert!(ok, "{err}");
    assert!(out.contains("1 records (2 skipped)"), "{out}");
    assert!(err.contains("edited after it was signed"), "{err}");
}

#[test]
fn replay_notices_a_changed_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let scenarios = dir.path().join("scenarios");
    std::fs::create_dir_all(&scenarios).unwrap();
    let file = scenarios.join("unapproved-interview.ron");
    std::fs::copy(root().join("scenarios/unapproved-interview.ron"), &file).unwrap();
    let results = dir.path().join("results");
    let path = play_recorded(
        &results,
        &[
            file.to_str().unwrap(),
            "--strategy",
            "model",
            "--trainee",
            "t1",
        ],
        None,
    );
    let (ok, out, _) = run(&["replay", "--scenarios"], &[&scenarios, &path], None);
    assert!(ok, "{out}");
    // The author raises the pass mark after the class.
    let text =
        std::fs::read_to_string(&file)
            .unwrap()
            .replacen("pass_mark: 0.8", "pass_mark: 0.95", 1);
    std::fs::write(&file, text).unwrap();
    let (ok, out, _) = run(&["replay", "--scenarios"], &[&scenarios, &path], None);
    assert!(!ok, "{out}");
    assert!(out.contains("MISMATCH") && out.contains("changed"), "{out}");
}

#[test]
fn the_class_report_is_offline_html_with_csv_and_certificates() {
    let dir = tempfile::tempdir().unwrap();
    let plays: [(&str, &str, &str); 5] = [
        ("t-1", "model", "assessed"),
        ("t-1", "publish-all", "practice"),
        ("t-2", "model", "practice"),
        ("t-3", "redact-all", "assessed"),
        ("<script>alert(1)</script>", "model", "assessed"),
    ];
    for (trainee, strategy, mode) in plays {
        play_recorded(
            dir.path(),
            &[
                "unapproved-interview",
                "--strategy",
                strategy,
                "--trainee",
                trainee,
                "--mode",
                mode,
                "--session",
                "class-7",
            ],
            None,
        );
    }
    std::fs::write(dir.path().join("garbage.json"), b"{\"schema\": 1, \"id\": ").unwrap();
    std::fs::write(dir.path().join(".tmp-half-written"), b"{").unwrap();
    let out_dir = dir.path().join("report");
    let (ok, out, err) = run(
        &["report", "--out", out_dir.to_str().unwrap()],
        &[dir.path()],
        None,
    );
    assert!(ok, "{err}");
    assert!(out.contains("5 records (1 skipped)"), "{out}");
    assert!(err.contains("garbage.json"), "{err}");
    let html = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    assert!(html.contains("<svg"), "charts are inline SVG");
    assert!(
        !html.contains("<script>alert(1)"),
        "trainee ids are escaped"
    );
    assert!(html.contains("&lt;script&gt;"));
    for external in ["src=\"http", "href=\"http", "@import", "url(http"] {
        assert!(
            !html.contains(external),
            "the report loads nothing: {external}"
        );
    }
    let runs = std::fs::read_to_string(out_dir.join("runs.csv")).unwrap();
    assert_eq!(runs.lines().count(), 1 + 5);
    for csv in [
        "trainees.csv",
        "scenarios.csv",
        "item-leaks.csv",
        "choices.csv",
        "over-time.csv",
    ] {
        assert!(out_dir.join(csv).is_file(), "{csv}");
    }
    // Passed and assessed: t-1's model play and the escaped id's model play; not t-3's redact-all (fails).
    let certificates: Vec<_> = std::fs::read_dir(out_dir.join("certificates"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(certificates.len(), 2);
    let page = std::fs::read_to_string(certificates[0].path()).unwrap();
    assert!(page.contains("The Unapproved Interview"));
}

#[test]
fn a_writer_killed_at_any_moment_leaves_no_torn_record() {
    let dir = tempfile::tempdir().unwrap();
    let exe = assert_cmd::cargo::cargo_bin("presscheck");
    let mut complete = 0;
    for i in 0..24u64 {
        let mut child = std::process::Command::new(&exe)
            .current_dir(root())
            .args(["play", "inspection-footage", "--strategy", "random"])
            // No replays after the record is written: a run that exits 0 is one whose record is in place.
            .args(["--replays", "0"])
            .args(["--seed", &i.to_string(), "--trainee", "t-kill", "--results"])
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill at moments spread over the run, including during the write.
        std::thread::sleep(Duration::from_millis(15 * i));
        let _ = child.kill();
        if child.wait().unwrap().success() {
            complete += 1;
        }
    }
    for path in json_files(dir.path()) {
        let value: Value = serde_json::from_slice(&std::fs::read(&path).unwrap())
            .unwrap_or_else(|e| panic!("{} is torn: {e}", path.display()));
        assert_eq!(value["status"], "finished");
    }
    // Every run that exited cleanly left its record; a run killed after its
    // write but before it exited may have left one too, never more than one.
    let written = json_files(dir.path()).len();
    assert!(
        (complete..=24).contains(&written),
        "{written} records for {complete} clean exits of 24 runs"
    );
    let (ok, out, err) = run(
        &["report", "--out"],
        &[&dir.path().join("r"), dir.path()],
        None,
    );
    assert!(ok, "{err}");
    assert!(
        out.contains(&format!("{complete} records (0 skipped)")),
        "{out}"
    );
}

#[test]
fn xapi_export_is_stable_and_complete() {
    let dir = tempfile::tempdir().unwrap();
    for (t, s) in [("t-1", "model"), ("t-2", "publish-all")] {
        play_recorded(
            dir.path(),
            &[
                "cd-of-materials",
                "--strategy",
                s,
                "--trainee",
                t,
                "--mode",
                "assessed",
            ],
            None,
        );
    }
    let (ok, first, err) = run(&["xapi", "export"], &[dir.path()], None);
    assert!(ok, "{err}");
    let (_, second, _) = run(&["xapi", "export"], &[dir.path()], None);
    assert_eq!(first, second, "a resend has the same statement ids");
    let statements: Vec<Value> = serde_json::from_str(&first).unwrap();
    let mut ids: Vec<&str> = statements
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), statements.len());
    let verbs: Vec<&str> = statements
        .iter()
        .map(|s| s["verb"]["display"]["en-US"].as_str().unwrap())
        .collect();
    assert_eq!(verbs.iter().filter(|v| **v == "initialized").count(), 2);
    assert_eq!(verbs.iter().filter(|v| **v == "terminated").count(), 2);
    assert_eq!(verbs.iter().filter(|v| **v == "passed").count(), 1);
    assert_eq!(verbs.iter().filter(|v| **v == "failed").count(), 1);
    for s in &statements {
        let has_score = s["result"]["score"].is_object();
        let verb = s["verb"]["display"]["en-US"].as_str().unwrap();
        assert_eq!(
            has_score,
            verb == "passed" || verb == "failed",
            "score only on passed/failed"
        );
        assert!(s["actor"]["account"]["name"].is_string());
        if verb == "answered" {
            assert_eq!(s["object"]["definition"]["interactionType"], "choice");
            assert!(s["result"]["response"].is_string());
            assert!(s["result"]["duration"].as_str().unwrap().starts_with("PT"));
        }
    }
}

#[test]
fn a_push_to_an_lrs_that_is_down_keeps_everything_and_never_shows_the_password() {
    let dir = tempfile::tempdir().unwrap();
    play_recorded(
        dir.path(),
        &[
            "unapproved-interview",
            "--strategy",
            "model",
            "--trainee",
            "t-1",
        ],
        None,
    );
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let data = tempfile::tempdir().unwrap();
    let out = presscheck()
        .args(["xapi", "push"])
        .arg(dir.path())
        .args([
            "--lrs",
            &format!("http://127.0.0.1:{port}/xAPI/"),
            "--attempts",
            "2",
        ])
        .env("PRESSCHECK_DATA_DIR", data.path())
        .env("PRESSCHECK_LRS_USER", "trainer")
        .env("PRESSCHECK_LRS_PASSWORD", "hunter2-very-secret")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("could not connect to the LRS"), "{text}");
    assert!(text.contains("not sent yet"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
    // The spool is in the trainer's data folder, not in the results folder trainees write to.
    assert!(data.path().join("xapi-spool").is_dir());
    assert!(!dir.path().join(".xapi-spool").exists());
    // Nothing on disk holds the password either.
    let mut stack = vec![dir.path().to_path_buf(), data.path().to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                let bytes = std::fs::read(e.path()).unwrap();
                assert!(!String::from_utf8_lossy(&bytes).contains("hunter2"));
            }
        }
    }
    // Without credentials the push does not start.
    let out = presscheck()
        .args(["xapi", "push"])
        .arg(dir.path())
        .args(["--lrs", "http://127.0.0.1:9/xAPI/"])
        .env_remove("PRESSCHECK_LRS_USER")
        .env_remove("PRESSCHECK_LRS_PASSWORD")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PRESSCHECK_LRS_USER"));
}
