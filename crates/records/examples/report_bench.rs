//! Times reading, verifying and reporting a results folder of N records (default 100,000).
//!
//! ```sh
//! cargo run -p presscheck-records --release --example report_bench -- [N] [--keep]
//! ```
//!
//! A few hundred real records are made by playing the shipped scenarios (random
//! play with many seeds, some careful play, some runs left early), signed, then
//! cloned with new ids, trainees, session codes and times until there are N.
//! The folder is filled with plain parallel writes (no fsync, which would only
//! time the disk) and flushed with `sync` before the clock starts, so the
//! records are read from the page cache; `write_record` itself is timed on a
//! sample. `--keep` leaves
//! the folder and the report in place and prints where they are.

use jiff::{SignedDuration, Timestamp};
use presscheck_engine::{Run, Scenario, Strategy, strategy};
use presscheck_records::record::{Mode, Record, Recorder, RunContext};
use presscheck_records::signing::{SigningKey, sign};
use presscheck_records::store::{file_stem, read_records, write_record};
use presscheck_records::{report, verify};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

const SCENARIOS: [&str; 3] = [
    "unapproved-interview",
    "cd-of-materials",
    "inspection-footage",
];

fn load(name: &str) -> Result<Scenario, String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios")
        .join(format!("{name}.ron"));
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    presscheck_engine::load(&bytes)
        .map(|l| l.scenario)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Plays one run (or its first `stop` decisions) and records it.
fn play(
    scenario: &Scenario,
    how: Strategy,
    seed: u64,
    stop: Option<usize>,
    started: Timestamp,
) -> Result<Record, String> {
    let decisions = strategy::decisions(scenario, how, seed);
    let context = RunContext {
        trainee_id: "seed".into(),
        trainee_name: String::new(),
        session: None,
        mode: Mode::Practice,
    };
    let mut recorder = Recorder::start(scenario, seed, context, started);
    let mut run = Run::new(scenario, seed);
    let mut t = started;
    for d in decisions.iter().take(stop.unwrap_or(usize::MAX)) {
        t += SignedDuration::from_secs(25 + (seed % 40) as i64);
        recorder.decided(&run, d, t);
        run.apply(d).map_err(|e| e.to_string())?;
    }
    if stop.is_some_and(|n| n < decisions.len()) {
        return Ok(recorder.abandon(t));
    }
    let outcome = run.finish().map_err(|e| e.to_string())?;
    Ok(recorder.finish(&outcome, t + SignedDuration::from_secs(40)))
}

/// The real records clones are made from.
fn seeds(scenarios: &[Scenario]) -> Result<Vec<Record>, String> {
    let start: Timestamp = "2026-09-01T08:00:00Z".parse().map_err(|e| format!("{e}"))?;
    let jobs: Vec<(usize, u64)> = (0..scenarios.len())
        .flat_map(|s| (0..120u64).map(move |seed| (s, seed)))
        .collect();
    jobs.par_iter()
        .map(|&(s, seed)| {
            let (how, stop) = match seed % 10 {
                0..=1 => (Strategy::Model, None),
                2 => (Strategy::Random, Some(2)),
                _ => (Strategy::Random, None),
            };
            play(&scenarios[s], how, seed, stop, start)
        })
        .collect()
}

/// Clone `i` of a seed record: a new id, trainee, session, mode and start time; signed.
fn clone_of(base: &Record, i: usize, key: &SigningKey) -> Record {
    let mut r = base.clone();
    r.id = uuid::Uuid::new_v4();
    let trainee = i % 3000;
    r.trainee.id = format!("t-{trainee:04}");
    r.trainee.name = format!("Trainee {trainee}");
    r.session = (!i.is_multiple_of(3)).then(|| format!("class-{}", i % 24));
    r.mode = if i.is_multiple_of(2) {
        Mode::Assessed
    } else {
        Mode::Practice
    };
    // Spread over about 90 days.
    let shift = SignedDuration::from_secs((i as i64 * 7919) % (90 * 86_400));
    r.started_at += shift;
    r.ended_at += shift;
    for d in &mut r.decisions {
        d.at += shift;
    }
    sign(key, &mut r);
    r
}

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

fn run() -> Result<(), String> {
    let mut n = 100_000usize;
    let mut keep = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--keep" => keep = true,
            other => {
                n = other
                    .replace('_', "")
                    .parse()
                    .map_err(|_| format!("usage: report_bench [N] [--keep]; got {other:?}"))?
            }
        }
    }
    let key = SigningKey::from_bytes(b"report bench key").map_err(|e| e.to_string())?;
    let scenarios: Vec<Scenario> = SCENARIOS
        .iter()
        .map(|s| load(s))
        .collect::<Result<_, _>>()?;

    let t = Instant::now();
    let bases = seeds(&scenarios)?;
    println!(
        "setup: played {} real runs of {} scenarios in {:.2} s",
        bases.len(),
        scenarios.len(),
        secs(t)
    );

    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let root = if keep {
        tmp.keep()
    } else {
        tmp.path().to_path_buf()
    };
    let results = root.join("results");
    let out = root.join("report");
    std::fs::create_dir_all(&results).map_err(|e| e.to_string())?;

    let t = Instant::now();
    let bytes: u64 = (0..n)
        .into_par_iter()
        .map(|i| -> Result<u64, String> {
            let r = clone_of(&bases[i % bases.len()], i, &key);
            let mut json = serde_json::to_vec_pretty(&r).map_err(|e| e.to_string())?;
            json.push(b'\n');
            let path = results.join(format!("{}.json", file_stem(&r)));
            std::fs::write(&path, &json).map_err(|e| e.to_string())?;
            Ok(json.len() as u64)
        })
        .try_reduce(|| 0, |a, b| Ok(a + b))?;
    println!(
        "setup: wrote {n} signed records ({:.1} MB, {:.1} KB each) in {:.2} s",
        bytes as f64 / 1e6,
        bytes as f64 / n.max(1) as f64 / 1e3,
        secs(t)
    );

    // The atomic, fsync'd write of the game and the CLI, on a sample.
    let sample_dir = root.join("write-sample");
    let sample = 200.min(n.max(1));
    let t = Instant::now();
    for i in 0..sample {
        write_record(&sample_dir, &clone_of(&bases[i % bases.len()], i, &key))
            .map_err(|e| e.to_string())?;
    }
    let per_write = secs(t) / sample as f64;
    println!(
        "write_record: {:.2} ms per record (temporary file, fsync, no-clobber link, folder fsync; {sample} records)",
        per_write * 1e3
    );

    // Let the kernel write the new files out first, so the timings below are not
    // sharing the disk and a core with that (the files stay in the page cache).
    let t = Instant::now();
    let synced = std::process::Command::new("sync")
        .status()
        .is_ok_and(|s| s.success());
    if synced {
        println!("setup: sync in {:.2} s", secs(t));
    }

    let total = Instant::now();
    let t = Instant::now();
    let set = read_records(&results).map_err(|e| e.to_string())?;
    let read = secs(t);
    let t = Instant::now();
    let report = report::build(&set);
    let build = secs(t);
    let t = Instant::now();
    let files = report::write(&report, &out, Some(&key)).map_err(|e| e.to_string())?;
    let write = secs(t);
    let all = secs(total);
    let t = Instant::now();
    let verdicts = verify::verify(&set, &key);
    let verify_time = secs(t);
    let summary = verify::Summary::of(&verdicts);

    // How much of reading is the file system: the same files read raw, nothing parsed.
    let t = Instant::now();
    let raw: usize = set
        .records
        .par_iter()
        .map(|r| std::fs::read(&r.path).map(|b| b.len()).unwrap_or(0))
        .sum();
    let raw_time = secs(t);

    // Where writing goes: the page alone (no disk), then everything but the certificates.
    let t = Instant::now();
    let page_len = report::html(&report).len();
    let page_time = secs(t);
    let mut without = report.clone();
    without.certificates.clear();
    let t = Instant::now();
    report::write(&without, &root.join("report-without-certificates"), None)
        .map_err(|e| e.to_string())?;
    let tables_time = secs(t);

    let certificates = files
        .iter()
        .filter(|f| f.starts_with(out.join("certificates")))
        .count();
    let index_size = file_size(&out.join("index.html"));
    println!(
        "read_records: {:.2} s ({} records, {} skipped)",
        read,
        set.records.len(),
        set.skipped.len()
    );
    println!(
        "              of which reading the bytes alone: {raw_time:.2} s ({:.0} MB)",
        raw as f64 / 1e6
    );
    println!(
        "build:        {build:.3} s ({} scenarios, {} finished, {} passed, {} abandoned, {} trainees)",
        report.scenarios.len(),
        report.finished,
        report.passed,
        report.abandoned,
        report.trainees
    );
    println!(
        "write:        {write:.2} s (index.html {:.1} MB, 6 CSV files, {certificates} certificates)",
        index_size as f64 / 1e6
    );
    println!(
        "              of which: the page {page_time:.2} s ({:.1} MB, in memory); page and CSV files written {tables_time:.2} s; so certificates about {:.2} s",
        page_len as f64 / 1e6,
        (write - tables_time).max(0.0)
    );
    println!("read + build + write: {all:.2} s");
    println!("verify (not part of the above): {verify_time:.2} s: {summary}");
    println!(
        "read + verify + build + write (the report command with a signing key): {:.2} s",
        all + verify_time
    );
    if keep {
        println!(
            "kept: {} and {}",
            results.display(),
            out.join("index.html").display()
        );
    }
    Ok(())
}

fn file_size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
