//! Load benchmark of the class server: simulated trainees join one session and play at once over HTTP on loopback, optionally with the server killed with SIGKILL halfway and restarted.
//!
//! Run by `bench/class-load`, which builds what it needs. It prints decisions
//! per second, the p50 and p99 latency of a decision, the server's peak
//! memory, and checks that no acknowledged decision was lost or stored twice
//! and that every run has exactly one record, which verifies and replays.

use presscheck_engine::strategy::{self, Strategy};
use presscheck_engine::{Decision, Scenario, seed};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// The benchmark's whole run may take this long; it stops with an error after.
const DEADLINE: Duration = Duration::from_secs(600);

/// The benchmark's command line.
#[derive(clap::Parser, Clone)]
#[command(about = "Load benchmark of the class server")]
struct Options {
    /// The `presscheck` binary to run as the server.
    #[arg(long, default_value = "target/release/presscheck")]
    server: PathBuf,
    /// The scenarios folder the server offers.
    #[arg(long, default_value = "scenarios")]
    scenarios: PathBuf,
    /// How many trainees play at once.
    #[arg(long, default_value_t = 200)]
    trainees: usize,
    /// The scenario the session plays.
    #[arg(long, default_value = "unapproved-interview")]
    scenario: String,
    /// Kill the server with SIGKILL after half the decisions were acknowledged, and restart it.
    #[arg(long)]
    kill_halfway: bool,
    /// The server's database (as `presscheck serve --db`); a SQLite file in a fresh folder without it.
    #[arg(long)]
    db: Option<String>,
}

/// The server process and where it listens.
struct Server {
    child: Child,
    base: String,
    password: Option<String>,
}

/// Starts the server; `first` sets a new trainer password (a database may hold an earlier run's trainer).
fn start(o: &Options, data: &Path, first: bool) -> Server {
    let mut command = Command::new(&o.server);
    command
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(data)
        .arg("--scenarios")
        .arg(&o.scenarios)
        .args(["--max-trainees", "100000", "--joins-per-minute", "100000"]);
    if let Some(db) = &o.db {
        command.args(["--db", db]);
    }
    if first {
        command.arg("--reset-password");
    }
    let mut child = command
        .env_remove("PRESSCHECK_SIGNING_KEY")
        .env_remove("PRESSCHECK_SIGNING_KEY_FILE")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the server");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut base, mut password) = (None, None);
    for line in lines.by_ref() {
        let Ok(line) = line else { break };
        if let Some(rest) = line.strip_prefix("Press Check class server on ") {
            base = Some(rest.trim().trim_end_matches('/').to_string());
        }
        if let Some(at) = line.find(", password ") {
            password = line[at + ", password ".len()..]
                .split_whitespace()
                .next()
                .map(str::to_string);
        }
        if line.starts_with("Ready") {
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    Server {
        child,
        base: base.expect("the server says where it listens"),
        password,
    }
}

// A benchmark that stops, however it stops, leaves no server running.
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server's peak resident memory so far, in MiB (Linux).
fn peak_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// POSTs JSON; `None` when the server could not be reached (it may be restarting).
fn post(agent: &ureq::Agent, url: &str, token: Option<&str>, body: &Value) -> Option<(u16, Value)> {
    let mut req = agent.post(url);
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    let mut r = req.send_json(body).ok()?;
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().ok()?;
    Some((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
}

fn form_login(base: &str, password: &str) -> String {
    let csrf_in = |page: &str| {
        let at = page.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
        page[at..at + page[at..].find('"').unwrap()].to_string()
    };
    let cookie_of = |r: &ureq::http::Response<ureq::Body>, name: &str| {
        r.headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| {
                v.strip_prefix(&format!("{name}="))
                    .map(|v| v.split(';').next().unwrap().to_string())
            })
            .unwrap()
    };
    let a = agent();
    let mut form = a.get(&format!("{base}/trainer/login")).call().unwrap();
    let pre = cookie_of(&form, "pc_pre");
    let csrf = csrf_in(&form.body_mut().read_to_string().unwrap());
    let logged = a
        .post(&format!("{base}/trainer/login"))
        .header("Cookie", &format!("pc_pre={pre}"))
        .send_form([
            ("csrf", csrf.as_str()),
            ("name", "trainer"),
            ("password", password),
        ])
        .unwrap();
    format!("pc_login={}", cookie_of(&logged, "pc_login"))
}

fn create_session(base: &str, login: &str, scenario: &str, trainees: usize) -> String {
    let a = agent();
    let mut page = a
        .get(&format!("{base}/trainer"))
        .header("Cookie", login)
        .call()
        .unwrap();
    let body = page.body_mut().read_to_string().unwrap();
    let at = body.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    let csrf = &body[at..at + body[at..].find('"').unwrap()];
    let max = trainees.to_string();
    let r = a
        .post(&format!("{base}/trainer/sessions"))
        .header("Cookie", login)
        .send_form([
            ("csrf", csrf),
            ("title", "Load"),
            ("scenario", scenario),
            ("mode", "assessed"),
            ("max_trainees", max.as_str()),
        ])
        .unwrap();
    assert_eq!(r.status().as_u16(), 303, "create a session");
    r.headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let o = <Options as clap::Parser>::parse();
    let data = tempfile::tempdir().unwrap();
    let scenario: Scenario = presscheck_engine::load(
        &std::fs::read(o.scenarios.join(format!("{}.ron", o.scenario))).unwrap(),
    )
    .unwrap()
    .scenario;
    let server = start(&o, data.path(), true);
    let login = form_login(
        &server.base,
        server
            .password
            .as_deref()
            .expect("a first start prints the password"),
    );
    let code = create_session(&server.base, &login, &o.scenario, o.trainees);
    let seed = seed::choose(None, Some(&code)).seed;
    // Trainees play different ways, so the runs differ.
    let plans: Vec<Vec<Decision>> = (0..o.trainees)
        .map(|i| {
            let s = [
                Strategy::Model,
                Strategy::Random,
                Strategy::PublishAll,
                Strategy::RedactAll,
            ][i % 4];
            let random_seed = if s == Strategy::Random {
                seed ^ i as u64
            } else {
                seed
            };
            // Random play is seeded per trainee, but played at the session's seed.
            let ds = strategy::decisions(&scenario, s, random_seed);
            presscheck_engine::play(&scenario, seed, &ds)
                .map(|_| ds)
                .unwrap_or_else(|_| strategy::decisions(&scenario, Strategy::Model, seed))
        })
        .collect();
    let total: usize = plans.iter().map(Vec::len).sum();
    let base = Arc::new(RwLock::new(server.base.clone()));
    let server = Arc::new(Mutex::new(server));
    let acked = Arc::new(AtomicUsize::new(0));
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(total)));
    let peak = Arc::new(Mutex::new(0.0f64));
    let runs: Arc<Mutex<Vec<(String, String, usize)>>> = Arc::new(Mutex::new(Vec::new()));
    let began = Instant::now();
    let killer = o.kill_halfway.then(|| {
        let (server, acked, base, peak) =
            (server.clone(), acked.clone(), base.clone(), peak.clone());
        let o = o.clone();
        let data = data.path().to_path_buf();
        std::thread::spawn(move || {
            while acked.load(Ordering::SeqCst) < total / 2 {
                assert!(
                    began.elapsed() < DEADLINE,
                    "the benchmark ran out of time before halfway"
                );
                std::thread::sleep(Duration::from_millis(5));
            }
            let mut s = server.lock().unwrap();
            if let Some(m) = peak_mib(s.child.id()) {
                let mut p = peak.lock().unwrap();
                *p = p.max(m);
            }
            s.child.kill().unwrap();
            s.child.wait().unwrap();
            let killed_at = acked.load(Ordering::SeqCst);
            let restarted = start(&o, &data, false);
            *base.write().unwrap() = restarted.base.clone();
            *s = restarted;
            println!("  killed with SIGKILL after {killed_at} acknowledged decisions; restarted");
        })
    });
    let workers: Vec<_> = plans
        .into_iter()
        .enumerate()
        .map(|(i, plan)| {
            let (base, acked, latencies, runs, code) = (
                base.clone(),
                acked.clone(),
                latencies.clone(),
                runs.clone(),
                code.clone(),
            );
            std::thread::spawn(move || {
                let a = agent();
                let retry = |f: &mut dyn FnMut(&str) -> Option<(u16, Value)>| loop {
                    assert!(began.elapsed() < DEADLINE, "the benchmark ran out of time");
                    let url = base.read().unwrap().clone();
                    match f(&url) {
                        Some((status, v)) if status < 500 => return (status, v),
                        // Down (being restarted) or failing: send the same again.
                        _ => std::thread::sleep(Duration::from_millis(50)),
                    }
                };
                let (status, joined) = retry(&mut |url| {
                    post(
                        &a,
                        &format!("{url}/api/join"),
                        None,
                        &json!({ "code": code, "name": format!("Trainee {i:03}") }),
                    )
                });
                assert_eq!(status, 200, "join: {joined}");
                let run = joined["run"].as_str().unwrap().to_string();
                let token = joined["token"].as_str().unwrap().to_string();
                for (index, d) in plan.iter().enumerate() {
                    let sent = Instant::now();
                    let (status, answer) = retry(&mut |url| {
                        post(
                            &a,
                            &format!("{url}/api/runs/{run}/decisions"),
                            Some(&token),
                            &json!({ "index": index, "decision": d }),
                        )
                    });
                    assert_eq!(status, 200, "decision {index} of run {run}: {answer}");
                    latencies.lock().unwrap().push(sent.elapsed());
                    acked.fetch_add(1, Ordering::SeqCst);
                }
                runs.lock().unwrap().push((run, token, plan.len()));
            })
        })
        .collect();
    for w in workers {
        w.join().expect("a trainee failed");
    }
    let wall = began.elapsed();
    if let Some(k) = killer {
        k.join().unwrap();
    }
    // Check every run against what its trainee had acknowledged.
    let a = agent();
    let url = base.read().unwrap().clone();
    let (mut lost, mut duplicated) = (0usize, 0usize);
    for (run, token, expected) in runs.lock().unwrap().iter() {
        let mut r = a
            .get(&format!("{url}/api/runs/{run}"))
            .header("Authorization", &format!("Bearer {token}"))
            .call()
            .unwrap();
        let state: Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
        let stored = state["decisions"].as_array().map_or(0, Vec::len);
        lost += expected.saturating_sub(stored);
        duplicated += stored.saturating_sub(*expected);
    }
    {
        let s = server.lock().unwrap();
        if let Some(m) = peak_mib(s.child.id()) {
            let mut p = peak.lock().unwrap();
            *p = p.max(m);
        }
    }
    let mut set = presscheck_records::read_records(&data.path().join("records")).unwrap();
    // A reused database may hold earlier runs, whose record files a start writes again.
    set.records
        .retain(|r| r.record.session.as_deref() == Some(code.as_str()));
    let mut ids: Vec<String> = set
        .records
        .iter()
        .map(|r| r.record.id.to_string())
        .collect();
    ids.sort();
    ids.dedup();
    let key = presscheck_records::SigningKey::from_file(&data.path().join("signing.key")).unwrap();
    let valid = presscheck_records::verify(&set, &key)
        .iter()
        .filter(|v| v.status == presscheck_records::VerdictStatus::Valid)
        .count();
    let replayed = set
        .records
        .iter()
        .filter(|r| presscheck_records::replay(&r.record, &scenario).is_confirmed())
        .count();
    let mut l = latencies.lock().unwrap().clone();
    l.sort();
    println!(
        "class-load ({}{}): {} trainees, {total} decisions in {:.2} s: {:.0} decisions/s; latency p50 {:.1} ms, p99 {:.1} ms; server peak memory {:.0} MiB",
        if o.db.as_deref().is_some_and(|d| d.starts_with("postgres")) {
            "PostgreSQL"
        } else {
            "SQLite"
        },
        if o.kill_halfway {
            ", killed halfway"
        } else {
            ""
        },
        o.trainees,
        wall.as_secs_f64(),
        total as f64 / wall.as_secs_f64(),
        percentile(&l, 0.5).as_secs_f64() * 1e3,
        percentile(&l, 0.99).as_secs_f64() * 1e3,
        *peak.lock().unwrap()
    );
    println!(
        "  lost {lost}, duplicated {duplicated}; records {} for {} runs ({} distinct, {valid} verify, {replayed} replay)",
        set.records.len(),
        o.trainees,
        ids.len()
    );
    let ok = lost == 0
        && duplicated == 0
        && set.records.len() == o.trainees
        && ids.len() == o.trainees
        && valid == o.trainees
        && replayed == o.trainees;
    // The server goes with it, before the exit code is set.
    drop(server);
    if !ok {
        eprintln!("class-load: FAILED");
        std::process::exit(1);
    }
}
