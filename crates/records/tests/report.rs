//! The class report on a small set whose numbers are worked out by hand: the page, the CSV files and the certificates.

mod common;

use common::*;
use presscheck_engine::Strategy;
use presscheck_records::record::{EndingKind, Mode, Record};
use presscheck_records::report::{self, NotEligible, certificate};
use presscheck_records::signing::{SigningKey, record_hash, sign};
use presscheck_records::store::{read_records, write_record};
use std::fs;
use std::path::{Path, PathBuf};

const SCRIPT: &str = "<script>alert(1)</script>";

fn key() -> SigningKey {
    SigningKey::from_bytes(b"class key").unwrap()
}

/// Sets a finished record's result to known values.
fn set(r: &mut Record, score: f64, passed: bool, ending: EndingKind, leaked: &[&str]) {
    let res = r.result.as_mut().unwrap();
    res.score = score;
    res.passed = passed;
    res.ending = ending;
    res.leaked = leaked.iter().map(|s| s.to_string()).collect();
}

struct Class {
    _dir: tempfile::TempDir,
    results: PathBuf,
    out: PathBuf,
    /// Ada's assessed pass, as written.
    ada: (PathBuf, Record),
}

/// Seven records, numbers worked out by hand in the tests below:
///
/// | # | trainee | scenario | mode | session | day | score | passed | ending | leaked |
/// |---|---|---|---|---|---|---|---|---|---|
/// | 1 | ada | interview | assessed | class-7 | 11-02 | 0.90 | yes | published | – |
/// | 2 | bob | interview | practice | class-7 | 11-02 | 0.50 | no | published | item-x, item-y |
/// | 3 | `<script>` | interview | practice | – | 11-03 | 0.85 | yes | published | item-x |
/// | 4 | dan | interview | assessed | class-8 | 11-03 | 0.30 | no | held | – |
/// | 5 | eve | interview | assessed | – | 11-03 | abandoned |
/// | 6 | ada | interview | practice | – | 11-04 | 0.95 | yes | published | – |
/// | 7 | frank | cd | assessed | – | 11-05 | 0.60 | no | published | – |
fn class() -> Class {
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("results");
    let out = dir.path().join("report");
    let s = scenario("unapproved-interview");
    let cd = scenario("cd-of-materials");
    let k = key();
    let write = |mut r: Record| {
        sign(&k, &mut r);
        (write_record(&results, &r).unwrap(), r)
    };

    let mut r1 = play(
        &s,
        Strategy::Model,
        1,
        context("ada", Mode::Assessed, Some("class-7")),
        at("2026-11-02T09:00:00Z"),
    );
    set(&mut r1, 0.9, true, EndingKind::Published, &[]);
    let ada = write(r1);

    let mut r2 = play(
        &s,
        Strategy::PublishAll,
        2,
        context("bob", Mode::Practice, Some("class-7")),
        at("2026-11-02T10:00:00Z"),
    );
    r2.trainee.name = "=1+2".into();
    set(
        &mut r2,
        0.5,
        false,
        EndingKind::Published,
        &["item-x", "item-y"],
    );
    write(r2);

    let mut r3 = play(
        &s,
        Strategy::PublishAll,
        3,
        context(SCRIPT, Mode::Practice, None),
        at("2026-11-03T09:00:00Z"),
    );
    set(&mut r3, 0.85, true, EndingKind::Published, &["item-x"]);
    write(r3);

    let mut r4 = play(
        &s,
        Strategy::HoldAll,
        4,
        context("dan", Mode::Assessed, Some("class-8")),
        at("2026-11-03T11:00:00Z"),
    );
    set(&mut r4, 0.3, false, EndingKind::Held, &[]);
    write(r4);

    write(abandon(
        &s,
        Strategy::Model,
        5,
        2,
        context("eve", Mode::Assessed, None),
        at("2026-11-03T12:00:00Z"),
    ));

    let mut r6 = play(
        &s,
        Strategy::Model,
        6,
        context("ada", Mode::Practice, None),
        at("2026-11-04T09:00:00Z"),
    );
    set(&mut r6, 0.95, true, EndingKind::Published, &[]);
    write(r6);

    let mut r7 = play(
        &cd,
        Strategy::Model,
        7,
        context("frank", Mode::Assessed, None),
        at("2026-11-05T09:00:00Z"),
    );
    set(&mut r7, 0.6, false, EndingKind::Published, &[]);
    write(r7);

    // A file that is not a record: counted as skipped, never as a record.
    fs::write(results.join("broken.json"), "{\"schema\": 1").unwrap();
    Class {
        _dir: dir,
        results,
        out,
        ada,
    }
}

fn csv_rows(path: &Path) -> Vec<csv::StringRecord> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader.records().map(|r| r.unwrap()).collect()
}

fn csv_header(path: &Path) -> Vec<String> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_numbers_are_right() {
    let c = class();
    let set = read_records(&c.results).unwrap();
    let r = report::build(&set);
    assert_eq!(r.records, 7);
    assert_eq!(r.skipped.len(), 1);
    assert_eq!(
        (r.finished, r.passed, r.abandoned, r.trainees),
        (6, 3, 1, 6)
    );
    assert_eq!(r.pass_rate(), Some(0.5));
    assert_eq!(r.scenarios.len(), 2);
    let s = &r.scenarios[1];
    assert_eq!(s.id, "unapproved-interview");
    assert_eq!((s.runs, s.finished, s.abandoned, s.passed), (6, 5, 1, 3));
    assert_eq!(s.pass_rate(), Some(0.6));
    assert!((s.mean.unwrap() - 0.7).abs() < 1e-12);
    assert_eq!(s.median, Some(0.85));
    assert_eq!(s.histogram, [0, 0, 0, 1, 0, 1, 0, 0, 1, 2]);
    assert_eq!(s.published, 4);
    let leaks: Vec<(&str, usize, Vec<usize>)> = s
        .leaks
        .iter()
        .map(|l| (l.item.as_str(), l.leaked, l.by_session.clone()))
        .collect();
    let codes: Vec<(&str, usize)> = s
        .sessions
        .iter()
        .map(|c| (c.code.as_str(), c.published))
        .collect();
    assert_eq!(codes, [("", 2), ("class-7", 2)]);
    assert_eq!(
        leaks,
        [("item-x", 2, vec![1, 1]), ("item-y", 1, vec![0, 1])]
    );
    let ada = s.trainees.iter().find(|t| t.id == "ada").unwrap();
    assert_eq!(
        (
            ada.runs,
            ada.best,
            ada.last,
            ada.passed_ever,
            ada.assessed_passes
        ),
        (2, Some(0.95), Some(0.95), true, 1)
    );
    let dan = s.trainees.iter().find(|t| t.id == "dan").unwrap();
    assert_eq!(
        (dan.runs, dan.best, dan.passed_ever, dan.assessed_passes),
        (1, Some(0.3), false, 0)
    );
    let eve = s.trainees.iter().find(|t| t.id == "eve").unwrap();
    assert_eq!((eve.runs, eve.finished, eve.best), (1, 0, None));
    let days: Vec<(String, usize, usize, usize)> = s
        .days
        .iter()
        .map(|d| (d.date.to_string(), d.runs, d.finished, d.passed))
        .collect();
    assert_eq!(
        days,
        [
            ("2026-11-02".into(), 2, 2, 1),
            ("2026-11-03".into(), 3, 2, 1),
            ("2026-11-04".into(), 1, 1, 1)
        ]
    );
    // The first stage's careful answer is the model play's.
    let request = s.stages.iter().find(|st| st.stage == "request").unwrap();
    assert_eq!(s.stages[0].stage, "request", "stages in play order");
    assert_eq!(request.decisions, 6);
    let careful: Vec<&str> = request
        .choices
        .iter()
        .filter(|c| c.careful)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(careful, ["seek-approval"]);
    assert_eq!(request.choices.iter().map(|c| c.taken).sum::<usize>(), 6);
    let approval = request
        .choices
        .iter()
        .find(|c| c.id == "seek-approval")
        .unwrap();
    assert_eq!(approval.taken, 3, "ada twice and eve");
    assert_eq!(r.certificates.len(), 1);
    assert_eq!(r.certificates[0].record, &c.ada.1);
}

#[test]
fn the_page_shows_the_numbers_and_stands_alone() {
    let c = class();
    let set = read_records(&c.results).unwrap();
    let files = report::write(&report::build(&set), &c.out, Some(&key())).unwrap();
    let index = c.out.join("index.html");
    assert_eq!(files[0], index);
    let html = fs::read_to_string(&index).unwrap();

    for expected in [
        "<b>7</b>records read",
        "<b>6</b>finished runs",
        "<b>1</b>abandoned runs",
        "<b>50%</b>pass rate",
        "<b>6</b>trainees",
        "<b>1</b>files skipped",
        "Runs from 2026-11-02 09:00 to 2026-11-05",
        // The interview: 3 of 5 passed, mean 70%, median 85%.
        "<b>60%</b>pass rate",
        "<b>70%</b>mean score",
        "<b>85%</b>median score",
        "<b>80%</b>pass mark",
        "3 of 5 finished runs passed.",
        // Heat map: item-x in 2 of 4 published runs, item-y in 1.
        "50%<small>2 of 4</small>",
        "25%<small>1 of 4</small>",
        "by class session code",
        "<th class=\"n\">class-7</th>",
        "<th class=\"n\"><i>none</i></th>",
        "✓ careful",
        "Skipped files (1)",
        "broken.json",
        "Results over time",
        "score (%), in bands of 10 points",
        "pass mark 80%",
    ] {
        assert!(html.contains(expected), "index.html lacks {expected:?}");
    }
    // Ada: two runs, best and last 95%, passed, one assessed pass.
    assert!(html.contains("<tr><td>ada</td><td>Name of ada</td><td class=\"n\">2</td><td class=\"n\">95%</td><td class=\"n\">95%</td><td class=\"ok\">yes</td><td class=\"n\">1</td>"), "ada's row");
    // The trainee id that is a script is text, not markup.
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.to_lowercase().contains("<script"));
    // Nothing is fetched: no scripts, styles, fonts or images from elsewhere.
    let lower = html.to_lowercase();
    for needle in [
        "<link",
        "src=",
        "url(",
        "@import",
        "@font-face",
        "<img",
        "<iframe",
    ] {
        assert!(!lower.contains(needle), "index.html has {needle}");
    }
    assert!(
        !lower
            .replace("http://www.w3.org/2000/svg", "")
            .contains("http")
    );
    assert!(html.matches("<svg").count() >= 4, "charts are inline SVG");
}

#[test]
fn the_csv_files_parse_back() {
    let c = class();
    let set = read_records(&c.results).unwrap();
    let r = report::build(&set);
    report::write(&r, &c.out, None).unwrap();

    let runs = c.out.join("runs.csv");
    assert_eq!(
        csv_header(&runs),
        [
            "file",
            "record_id",
            "trainee_id",
            "trainee_name",
            "scenario_id",
            "scenario_version",
            "content_hash",
            "mode",
            "status",
            "session",
            "seed",
            "started_at",
            "ended_at",
            "duration_seconds",
            "score",
            "passed",
            "ending",
            "leaked_items",
            "foreign_reprints",
            "leak_damage",
            "expected_damage",
            "reprints_by_kind"
        ]
    );
    let rows = csv_rows(&runs);
    assert_eq!(rows.len(), 7);
    let bob = rows.iter().find(|r| &r[2] == "bob").unwrap();
    assert_eq!(&bob[3], "'=1+2", "formulas are defused");
    assert_eq!(&bob[7], "practice");
    assert_eq!(&bob[8], "finished");
    assert_eq!(&bob[9], "class-7");
    assert_eq!(&bob[10], "2");
    assert_eq!(&bob[14], "0.5");
    assert_eq!(&bob[15], "false");
    assert_eq!(&bob[16], "published");
    assert_eq!(&bob[17], "item-x;item-y");
    let eve = rows.iter().find(|r| &r[2] == "eve").unwrap();
    assert_eq!((&eve[8], &eve[14], &eve[16]), ("abandoned", "", ""));
    assert!(rows.iter().any(|r| &r[2] == SCRIPT));

    assert_eq!(csv_rows(&c.out.join("trainees.csv")).len(), 6);
    let scenarios = csv_rows(&c.out.join("scenarios.csv"));
    assert_eq!(scenarios.len(), 2);
    let interview = scenarios
        .iter()
        .find(|r| &r[0] == "unapproved-interview")
        .unwrap();
    // runs, finished, abandoned, passed, pass rate, mean, median
    assert_eq!(
        (
            &interview[4],
            &interview[5],
            &interview[6],
            &interview[7],
            &interview[8],
            &interview[9],
            &interview[10]
        ),
        ("6", "5", "1", "3", "0.6", "0.7", "0.85")
    );

    let leaks = csv_rows(&c.out.join("item-leaks.csv"));
    assert_eq!(leaks.len(), 6, "2 items × (all + 2 session codes)");
    let x_all = leaks
        .iter()
        .find(|r| &r[1] == "item-x" && &r[2] == "all")
        .unwrap();
    assert_eq!((&x_all[4], &x_all[5], &x_all[6]), ("4", "2", "0.5"));
    let y_none = leaks
        .iter()
        .find(|r| &r[1] == "item-y" && &r[2] == "session" && r[3].is_empty())
        .unwrap();
    assert_eq!((&y_none[4], &y_none[5], &y_none[6]), ("2", "0", "0"));

    let choices = csv_rows(&c.out.join("choices.csv"));
    let expected: usize = r
        .scenarios
        .iter()
        .flat_map(|s| &s.stages)
        .map(|st| st.choices.len())
        .sum();
    assert_eq!(choices.len(), expected);
    let approval = choices
        .iter()
        .find(|r| &r[1] == "request" && &r[3] == "seek-approval")
        .unwrap();
    assert_eq!(
        (&approval[5], &approval[7], &approval[8], &approval[9]),
        ("true", "3", "6", "0.5")
    );

    let over_time = csv_rows(&c.out.join("over-time.csv"));
    assert_eq!(
        over_time.len(),
        4,
        "three days of the interview, one of the CD"
    );
    let nov3 = over_time
        .iter()
        .find(|r| &r[0] == "unapproved-interview" && &r[1] == "2026-11-03")
        .unwrap();
    // runs, finished, abandoned, passed, pass rate, mean score
    assert_eq!(
        (&nov3[2], &nov3[3], &nov3[4], &nov3[5], &nov3[6], &nov3[7]),
        ("3", "2", "1", "1", "0.5", "0.575")
    );
}

#[test]
fn certificates_only_for_passed_assessed_runs() {
    let c = class();
    // A page left over from an earlier report goes; other files stay.
    let certs = c.out.join("certificates");
    fs::create_dir_all(&certs).unwrap();
    fs::write(certs.join("stale.html"), "old").unwrap();
    fs::write(certs.join("notes.txt"), "keep").unwrap();

    let set = read_records(&c.results).unwrap();
    let files = report::write(&report::build(&set), &c.out, Some(&key())).unwrap();
    let pages: Vec<&PathBuf> = files.iter().filter(|f| f.starts_with(&certs)).collect();
    let stem = c.ada.0.file_stem().unwrap().to_string_lossy().into_owned();
    assert_eq!(pages, [&certs.join(format!("{stem}.html"))]);
    assert!(!certs.join("stale.html").exists());
    assert!(certs.join("notes.txt").exists());
    assert_eq!(files.len(), 1 + 6 + 1);

    let page = fs::read_to_string(pages[0]).unwrap();
    let ada = &c.ada.1;
    for expected in [
        "Name of ada",
        "The Unapproved Interview",
        "version 1.1.0",
        "<b>90%</b>",
        "pass mark 80%",
        "2 November 2026",
        "class-7",
        &ada.id.to_string(),
        &record_hash(ada),
        "Signature verified",
        "size:A4 landscape",
    ] {
        assert!(page.contains(expected), "certificate lacks {expected:?}");
    }
    assert!(!page.to_lowercase().contains("src="));
    assert_eq!(certificate(ada, Some(&key())).unwrap(), page);
    let unchecked = certificate(ada, None).unwrap();
    assert!(unchecked.contains("not checked"));
}

#[test]
fn no_certificate_for_practice_failed_abandoned_or_edited_runs() {
    let c = class();
    let set = read_records(&c.results).unwrap();
    let find = |trainee: &str, mode: Mode| {
        set.records
            .iter()
            .map(|s| &s.record)
            .find(|r| r.trainee.id == trainee && r.mode == mode)
            .unwrap()
    };
    assert_eq!(
        certificate(find("ada", Mode::Practice), None),
        Err(NotEligible::Practice)
    );
    assert_eq!(
        certificate(find(SCRIPT, Mode::Practice), None),
        Err(NotEligible::Practice)
    );
    assert_eq!(
        certificate(find("dan", Mode::Assessed), None),
        Err(NotEligible::NotPassed)
    );
    assert_eq!(
        certificate(find("eve", Mode::Assessed), None),
        Err(NotEligible::NotFinished)
    );
    assert_eq!(
        certificate(find("frank", Mode::Assessed), None),
        Err(NotEligible::NotPassed)
    );

    let mut edited = c.ada.1.clone();
    edited.trainee.name = "Mallory".into();
    assert_eq!(
        certificate(&edited, Some(&key())),
        Err(NotEligible::SignatureMismatch)
    );
    // Without a key nothing can be checked; the page says so.
    assert!(certificate(&edited, None).unwrap().contains("not checked"));
    // And in a folder report, an edited record gets no page even if the caller kept it.
    let dir = tempfile::tempdir().unwrap();
    write_record(&dir.path().join("in"), &edited).unwrap();
    let set = read_records(&dir.path().join("in")).unwrap();
    let files = report::write(&report::build(&set), &dir.path().join("out"), Some(&key())).unwrap();
    assert!(
        files
            .iter()
            .all(|f| !f.starts_with(dir.path().join("out/certificates")))
    );
}

#[test]
fn an_empty_folder_gives_an_empty_report() {
    let dir = tempfile::tempdir().unwrap();
    let set = read_records(dir.path()).unwrap();
    let r = report::build(&set);
    let files = report::write(&r, &dir.path().join("out"), None).unwrap();
    assert_eq!(files.len(), 7);
    let html = fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    assert!(html.contains("No runs were found."));
    assert_eq!(csv_rows(&dir.path().join("out/runs.csv")).len(), 0);
}

#[test]
fn expected_damage_is_the_mean_over_published_runs_that_keep_their_replays() {
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("results");
    let s = scenario("unapproved-interview");
    let started = at("2026-11-02T09:00:00Z");
    let ctx = |t: &str| context(t, Mode::Practice, None);
    let a = play_with_replays(&s, Strategy::PublishAll, 1, ctx("a"), started, 100);
    let b = play_with_replays(&s, Strategy::Model, 2, ctx("b"), started, 100);
    // Published, but written without replays (an older program): counted as published only.
    let c = play(&s, Strategy::PublishAll, 3, ctx("c"), started);
    let held = play_with_replays(&s, Strategy::HoldAll, 4, ctx("d"), started, 100);
    for r in [&a, &b, &c, &held] {
        write_record(&results, r).unwrap();
    }
    let set = read_records(&results).unwrap();
    let r = report::build(&set);
    let sc = &r.scenarios[0];
    assert_eq!(sc.published, 3);
    let d = sc.damage.expect("two published runs keep replays");
    let ua = a.result.as_ref().unwrap();
    let ub = b.result.as_ref().unwrap();
    let (ea, eb) = (
        ua.usual.as_ref().unwrap().expected_damage,
        ub.usual.as_ref().unwrap().expected_damage,
    );
    assert!(ea > 0.0, "publish-all leaks");
    assert_eq!(d.runs, 2);
    assert!((d.expected - (ea + eb) / 2.0).abs() < 1e-12, "{d:?}");
    assert!((d.actual - (ua.leak_damage + ub.leak_damage) / 2.0).abs() < 1e-12);
    assert_eq!(d.worst, ea.max(eb));

    let out = dir.path().join("report");
    report::write(&r, &out, None).unwrap();
    let page = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        page.contains("Expected damage of what was published"),
        "{page}"
    );
    assert!(page.contains(&format!("{:.2}", d.expected)));
    assert!(page.contains("From the 2 of 3 published runs"));
    let header = csv_header(&out.join("scenarios.csv"));
    let rows = csv_rows(&out.join("scenarios.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[0][col("published_with_replays")], "2");
    let expected: f64 = rows[0][col("expected_damage")].parse().unwrap();
    assert!((expected - d.expected).abs() < 1e-3);
    let runs = csv_rows(&out.join("runs.csv"));
    let runs_header = csv_header(&out.join("runs.csv"));
    let e = runs_header
        .iter()
        .position(|h| h == "expected_damage")
        .unwrap();
    assert_eq!(runs.iter().filter(|row| !row[e].is_empty()).count(), 2);
}
