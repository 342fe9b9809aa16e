//! Files that are not what they seem, and inputs that would make the work grow without bound: each gets a message and a bounded amount of work, never a hang.

use super::{presscheck, root};
use std::path::Path;
use std::time::Duration;

/// Long enough for a slow debug build; a hang would exceed it.
const NO_HANG: Duration = Duration::from_secs(60);

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

fn output(cmd: &mut assert_cmd::Command) -> (Option<i32>, String, String) {
    let out = cmd.timeout(NO_HANG).output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code(), stdout, stderr)
}

fn minimal() -> Vec<u8> {
    std::fs::read(root().join("tests/fixtures/valid/minimal.ron")).unwrap()
}

#[test]
fn a_pipe_is_named_and_never_waited_for() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.ron");
    mkfifo(&fifo);
    let (code, out, _) = output(presscheck().args(["validate"]).arg(&fifo));
    assert_eq!(code, Some(1));
    assert!(out.contains("pipe"), "{out}");

    // A folder holding one, beside a good file: both are reported.
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("good.ron"), minimal()).unwrap();
    mkfifo(&folder.join("bad.ron"));
    let (code, out, _) = output(presscheck().args(["validate"]).arg(&folder));
    assert_eq!(code, Some(1));
    assert!(out.contains("bad.ron") && out.contains("pipe"), "{out}");
    assert!(out.contains("checked 2 files: 1 valid, 1 invalid"), "{out}");

    // A record, a key file and a choices file that are pipes.
    let record = dir.path().join("record.json");
    mkfifo(&record);
    let (code, out, _) = output(presscheck().args(["replay"]).arg(&record));
    assert_eq!(code, Some(1));
    assert!(out.contains("pipe"), "{out}");
    let key = dir.path().join("key");
    mkfifo(&key);
    let (code, _, err) = output(
        presscheck()
            .args(["verify"])
            .arg(dir.path())
            .arg("--key-file")
            .arg(&key),
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("pipe"), "{err}");
    let choices = dir.path().join("choices.txt");
    mkfifo(&choices);
    let (code, _, err) = output(
        presscheck()
            .args(["play", "unapproved-interview", "--choices"])
            .arg(&choices),
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("pipe"), "{err}");

    // A results folder holding a pipe named like a record: skipped, with the reason.
    let results = dir.path().join("results");
    std::fs::create_dir(&results).unwrap();
    mkfifo(&results.join("run.json"));
    let (code, out, _) = output(
        presscheck()
            .args(["verify"])
            .arg(&results)
            .env("PRESSCHECK_SIGNING_KEY", "k"),
    );
    assert_eq!(code, Some(1));
    assert!(
        out.contains("run.json: unreadable") && out.contains("pipe"),
        "{out}"
    );
}

#[test]
fn a_link_loop_is_not_followed_and_each_file_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("one.ron"), minimal()).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("a")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("b")).unwrap();
    std::os::unix::fs::symlink("one.ron", dir.path().join("same.ron")).unwrap();
    let (code, out, err) = output(presscheck().args(["validate"]).arg(dir.path()));
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("checked 1 file: 1 valid"), "{out}");
    assert!(err.contains("a link back to"), "{err}");
    assert!(err.contains("the same file"), "{err}");
}

#[test]
fn an_empty_folder_is_an_error_an_author_cannot_miss() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = output(presscheck().args(["validate"]).arg(dir.path()));
    assert_eq!(code, Some(1));
    assert!(
        err.contains("no .ron scenario files in this folder"),
        "{err}"
    );
}

#[test]
fn a_byte_order_mark_is_accepted_in_a_scenario_and_a_record() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("marked.ron");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(minimal());
    std::fs::write(&scenario, &bytes).unwrap();
    let (code, out, err) = output(presscheck().args(["validate"]).arg(&scenario));
    assert_eq!(code, Some(0), "{out}{err}");

    let results = dir.path().join("results");
    let (code, _, err) = output(
        presscheck()
            .args(["play", "unapproved-interview", "--strategy", "model"])
            .args(["--trainee", "t-1", "--results"])
            .arg(&results)
            .env("PRESSCHECK_SIGNING_KEY", "k"),
    );
    assert_eq!(code, Some(0), "{err}");
    let record = std::fs::read_dir(&results)
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    let mut marked = b"\xEF\xBB\xBF".to_vec();
    marked.extend(std::fs::read(&record).unwrap());
    std::fs::write(&record, marked).unwrap();
    let (code, out, _) = output(
        presscheck()
            .args(["verify"])
            .arg(&results)
            .env("PRESSCHECK_SIGNING_KEY", "k"),
    );
    assert_eq!(code, Some(0), "{out}");
    let (code, out, _) = output(
        presscheck()
            .args(["replay"])
            .arg(&record)
            .env("PRESSCHECK_SIGNING_KEY", "k"),
    );
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("confirmed") && out.contains("signed with this key"),
        "{out}"
    );
}

#[test]
fn a_choices_file_is_read_only_up_to_a_limit() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    std::fs::write(&big, "request=seek-approval\n".repeat(100_000)).unwrap();
    let (code, _, err) = output(
        presscheck()
            .args(["play", "unapproved-interview", "--choices"])
            .arg(&big),
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("larger than the limit of 1 MiB"), "{err}");
    // An endless one.
    let (code, _, err) =
        output(presscheck().args(["play", "unapproved-interview", "--choices", "/dev/zero"]));
    assert_eq!(code, Some(2));
    assert!(err.contains("a device"), "{err}");
}

#[test]
fn replay_says_what_it_checked() {
    let dir = tempfile::tempdir().unwrap();
    let play = |key: Option<&str>| {
        let mut cmd = presscheck();
        cmd.args(["play", "unapproved-interview", "--strategy", "model"])
            .args(["--trainee", "t-1", "--results"])
            .arg(dir.path());
        match key {
            Some(k) => cmd.env("PRESSCHECK_SIGNING_KEY", k),
            None => cmd.env_remove("PRESSCHECK_SIGNING_KEY"),
        };
        assert_eq!(output(&mut cmd).0, Some(0));
    };
    play(None);
    play(Some("another key"));
    play(Some("k"));
    let mut files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap());
    let verdict = |path: &Path, key: Option<&str>| {
        let mut cmd = presscheck();
        cmd.arg("replay").arg(path);
        match key {
            Some(k) => cmd.env("PRESSCHECK_SIGNING_KEY", k),
            None => cmd.env_remove("PRESSCHECK_SIGNING_KEY"),
        };
        let (code, out, _) = output(&mut cmd);
        (code, out)
    };
    let (code, out) = verdict(&files[0], Some("k"));
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("NOT TRUSTED") && out.contains("unsigned"),
        "{out}"
    );
    let (code, out) = verdict(&files[1], Some("k"));
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("NOT TRUSTED") && out.contains("another key"),
        "{out}"
    );
    let (code, out) = verdict(&files[2], Some("k"));
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("confirmed") && out.contains("signed with this key"),
        "{out}"
    );
    let (code, out) = verdict(&files[0], None);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("signature not checked"), "{out}");
}

#[test]
fn a_copied_record_counts_once_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, _) = output(
        presscheck()
            .args(["play", "unapproved-interview", "--strategy", "model"])
            .args(["--trainee", "t-1", "--mode", "assessed", "--results"])
            .arg(dir.path())
            .env("PRESSCHECK_SIGNING_KEY", "k"),
    );
    assert_eq!(code, Some(0));
    let original = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    std::fs::copy(&original, dir.path().join("backup.json")).unwrap();
    std::fs::copy(&original, dir.path().join("zz-copy.json")).unwrap();
    let key = [("PRESSCHECK_SIGNING_KEY", "k")];
    let (code, out, _) = output(presscheck().arg("verify").arg(dir.path()).envs(key));
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("backup.json: copy") && out.contains("zz-copy.json: copy"),
        "{out}"
    );
    assert!(out.contains("1 valid") && out.contains("2 copies"), "{out}");
    let report = dir.path().join("report");
    let (code, out, err) = output(
        presscheck()
            .args(["report", "--out"])
            .arg(&report)
            .arg(dir.path())
            .envs(key),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("1 records (2 skipped)"), "{out}");
    assert!(err.contains("a copy of"), "{err}");
    let (code, out, _) = output(
        presscheck()
            .args(["xapi", "export"])
            .arg(dir.path())
            .envs(key),
    );
    assert_eq!(code, Some(0));
    let statements: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let mut ids: Vec<&str> = statements
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "one statement id twice in an export");
}

/// A scenario of legal size whose every list entry is wrong: many diagnostics.
fn many_problems() -> String {
    let base = String::from_utf8(minimal()).unwrap();
    let bad: String = (0..20_000)
        .map(|i| format!("\"no-such-item-{i}\", "))
        .collect();
    base.replacen(
        "Include([\"canteen\"]",
        &format!("Include([{bad}\"canteen\"]"),
        1,
    )
}

#[test]
fn thousands_of_problems_are_capped_in_text_and_complete_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.ron");
    let text = many_problems();
    assert!(
        text.contains("no-such-item-0"),
        "the fixture has no `Include([` to fill"
    );
    std::fs::write(&file, &text).unwrap();
    let (code, out, _) = output(presscheck().args(["validate"]).arg(&file));
    assert_eq!(code, Some(1));
    assert!(
        out.contains("more (") && out.contains("lists them all"),
        "{}",
        &out[out.len().saturating_sub(500)..]
    );
    assert!(out.len() < 200_000, "{} bytes of output", out.len());
    let (code, out, _) = output(presscheck().args(["validate", "--json"]).arg(&file));
    assert_eq!(code, Some(1));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let n = v[0]["diagnostics"].as_array().unwrap().len();
    assert!(n > 50, "{n} diagnostics");
}

#[test]
fn an_analysis_beyond_the_work_budget_samples_or_refuses_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let base = String::from_utf8(minimal()).unwrap();
    let small = "network: (domestic_portals: 10, self_media: 100, foreign_sites: 5),";
    assert!(
        base.contains(small),
        "the fixture's network is as this test expects"
    );
    // Within every limit alone, not together.
    let huge = base.replacen(
        small,
        "network: (domestic_portals: 100000, self_media: 140000, foreign_sites: 9999, follows: 50, hours: 720),",
        1,
    );
    let file = dir.path().join("huge.ron");
    std::fs::write(&file, huge).unwrap();
    // The default budget (about half a minute in a release build) would play some
    // hundreds of seeds here; a budget that fits fewer than 20 plays none, at once.
    let (code, out, err) = output(
        presscheck()
            .args(["analyze", "--budget", "500000000"])
            .arg(&file),
    );
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(
        out.contains("not analyzed") && out.contains("too-much-work"),
        "{out}"
    );
    // With a budget that fits some seeds: fewer are played, and the note says how many.
    let (code, out, err) = output(
        presscheck()
            .args(["analyze", "--seeds", "1000", "--budget", "200000"])
            .arg(root().join("tests/fixtures/valid/minimal.ron")),
    );
    assert!(code.is_some(), "{err}");
    // 3,140 units a seed for this small network (its cascades; the network is built once): 63 seeds fit.
    assert!(
        out.contains("63 of the 1000 seeds asked for were played"),
        "{out}"
    );
    assert!(out.contains("63 seeds each"), "{out}");
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.ron");
    std::fs::write(&file, many_problems()).unwrap();
    // `presscheck validate --json many.ron | head -c 100`: megabytes of JSON, read for 100 bytes.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("presscheck"))
        .args(["validate", "--json"])
        .arg(&file)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}
