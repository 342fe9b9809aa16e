//! `presscheck serve` as a class uses it: a trainee plays a whole scenario in real headless Chromium while the trainer's dashboard, in a second browser, follows live; and a server killed with SIGKILL loses no acknowledged decision.

use super::{presscheck, root};
use presscheck_engine::strategy::{self, Strategy};
use presscheck_engine::{Decision, seed};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;

/// How long a page may take to show what the test waits for.
const WAIT: Duration = Duration::from_secs(30);

/// A `presscheck serve` process on a free loopback port.
pub struct ServeProcess {
    child: Child,
    pub base: String,
    pub password: Option<String>,
}

impl ServeProcess {
    /// Starts the server on `data`; returns once it listens.
    pub fn start(data: &Path, extra: &[&str], envs: &[(&str, &str)]) -> ServeProcess {
        let bin = assert_cmd::cargo::cargo_bin("presscheck");
        let mut child = Command::new(bin)
            .current_dir(root())
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(data)
            .args(extra)
            .env_remove("PRESSCHECK_SIGNING_KEY")
            .env_remove("PRESSCHECK_SIGNING_KEY_FILE")
            .envs(envs.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start presscheck serve");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut base = None;
        let mut password = None;
        // The banner ends with "Ready"; a first start prints the trainer's password before it.
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
        // Keep reading so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        ServeProcess {
            child,
            base: base.expect("the server says where it listens"),
            password,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// SIGKILL: no chance to finish anything.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into()
}

fn post_json(url: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
    let mut req = agent().post(url);
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    let mut r = req.send_json(body).expect("request");
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn get_json(url: &str, token: &str) -> Value {
    let mut r = agent()
        .get(url)
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .expect("request");
    serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap()
}

/// The value of `name="csrf" value="…"` in a page.
fn csrf_in(page: &str) -> String {
    let at = page.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    page[at..at + page[at..].find('"').unwrap()].to_string()
}

fn cookie_of(r: &ureq::http::Response<ureq::Body>, name: &str) -> String {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            v.strip_prefix(&format!("{name}="))
                .map(|v| v.split(';').next().unwrap().to_string())
        })
        .unwrap()
}

/// Logs the trainer in over the login form (no browser); returns the login cookie.
fn trainer_login(server: &ServeProcess) -> String {
    let mut form = agent().get(&server.url("/trainer/login")).call().unwrap();
    let pre = cookie_of(&form, "pc_pre");
    let csrf = csrf_in(&form.body_mut().read_to_string().unwrap());
    let logged = agent()
        .post(&server.url("/trainer/login"))
        .header("Cookie", &format!("pc_pre={pre}"))
        .send_form([
            ("csrf", csrf.as_str()),
            ("name", "trainer"),
            ("password", server.password.as_deref().unwrap()),
        ])
        .unwrap();
    format!("pc_login={}", cookie_of(&logged, "pc_login"))
}

/// The CSRF token of a trainer page.
fn page_csrf(server: &ServeProcess, login: &str, path: &str) -> String {
    let mut page = agent()
        .get(&server.url(path))
        .header("Cookie", login)
        .call()
        .unwrap();
    csrf_in(&page.body_mut().read_to_string().unwrap())
}

/// Creates a session over the trainer's forms (no browser); returns its code.
fn create_session_by_form(server: &ServeProcess, login: &str, scenario: &str) -> String {
    let csrf = page_csrf(server, login, "/trainer");
    let created = agent()
        .post(&server.url("/trainer/sessions"))
        .header("Cookie", login)
        .send_form([
            ("csrf", csrf.as_str()),
            ("title", "A test class"),
            ("scenario", scenario),
            ("mode", "practice"),
        ])
        .unwrap();
    created
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string()
}

/// Joins `code` and plays the careful play through the API; returns `(run, token)`.
fn play_model(
    server: &ServeProcess,
    code: &str,
    name: &str,
    scenario_file: &str,
    count: Option<usize>,
) -> (String, String, Vec<Decision>) {
    let (status, joined) = post_json(
        &server.url("/api/join"),
        None,
        &json!({ "code": code, "name": name }),
    );
    assert_eq!(status, 200, "{joined}");
    let run = joined["run"].as_str().unwrap().to_string();
    let token = joined["token"].as_str().unwrap().to_string();
    let scenario = presscheck_engine::load(
        &std::fs::read(root().join("scenarios").join(scenario_file)).unwrap(),
    )
    .unwrap()
    .scenario;
    let seed = seed::choose(None, Some(code)).seed;
    let decisions: Vec<Decision> = strategy::decisions(&scenario, Strategy::Model, seed);
    for (i, d) in decisions
        .iter()
        .enumerate()
        .take(count.unwrap_or(usize::MAX))
    {
        let (status, r) = post_json(
            &server.url(&format!("/api/runs/{run}/decisions")),
            Some(&token),
            &json!({ "index": i, "decision": d }),
        );
        assert_eq!(status, 200, "{r}");
    }
    (run, token, decisions)
}

#[test]
fn a_server_killed_with_sigkill_loses_no_acknowledged_decision() {
    let data = tempfile::tempdir().unwrap();
    let server = ServeProcess::start(data.path(), &[], &[]);
    let login = trainer_login(&server);
    let code = create_session_by_form(&server, &login, "inspection-footage");
    let (run, token, decisions) =
        play_model(&server, &code, "Kit", "inspection-footage.ron", Some(3));
    // Killed right after an acknowledgement: nothing it acknowledged may be lost.
    server.kill();
    let server = ServeProcess::start(data.path(), &[], &[]);
    assert!(server.password.is_none(), "a restart makes no new password");
    let state = get_json(&server.url(&format!("/api/runs/{run}")), &token);
    assert_eq!(state["next_index"].as_u64(), Some(3), "{state}");
    for (i, d) in decisions.iter().enumerate().skip(3) {
        let (status, r) = post_json(
            &server.url(&format!("/api/runs/{run}/decisions")),
            Some(&token),
            &json!({ "index": i, "decision": d }),
        );
        assert_eq!(status, 200, "{r}");
    }
    // The record is written and passes `presscheck verify` and `presscheck replay` with the server's key.
    let records = data.path().join("records");
    let out = presscheck()
        .args(["verify"])
        .arg(&records)
        .arg("--key-file")
        .arg(data.path().join("signing.key"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("1 file: 1 valid"), "{text}");
    let files: Vec<PathBuf> = std::fs::read_dir(&records)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let out = presscheck().arg("replay").args(&files).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn the_trainer_sends_a_sessions_statements_to_a_real_lrs() {
    let lrs_dir = tempfile::tempdir().unwrap();
    let ralph = super::ralph::Ralph::start(lrs_dir.path());
    let data = tempfile::tempdir().unwrap();
    let endpoint = ralph.endpoint();
    let server = ServeProcess::start(
        data.path(),
        &["--lrs", &endpoint],
        &[
            ("PRESSCHECK_LRS_USER", super::ralph::USER),
            ("PRESSCHECK_LRS_PASSWORD", super::ralph::PASSWORD),
        ],
    );
    let login = trainer_login(&server);
    let code = create_session_by_form(&server, &login, "unapproved-interview");
    let (run, _, _) = play_model(&server, &code, "Lee", "unapproved-interview.ron", None);
    let csrf = page_csrf(&server, &login, &format!("/trainer/sessions/{code}"));
    let pushed = agent()
        .post(&server.url(&format!("/trainer/sessions/{code}/lrs")))
        .header("Cookie", &login)
        .send_form([("csrf", csrf.as_str())])
        .unwrap();
    let note = pushed
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(note.contains("sent%20now"), "{note}");
    // The session page says what was sent, and the statements are in the LRS, with the run as their registration.
    let mut page = agent()
        .get(&server.url(&format!("/trainer/sessions/{code}")))
        .header("Cookie", &login)
        .call()
        .unwrap();
    let page = page.body_mut().read_to_string().unwrap();
    assert!(page.contains("0 sent before, 0 not sent yet"), "{page}");
    assert!(
        page.contains("acknowledged by the LRS, 0 waiting"),
        "{page}"
    );
    let stored =
        presscheck_records::lrs::Lrs::new(&endpoint, super::ralph::USER, super::ralph::PASSWORD)
            .fetch_all(Duration::from_secs(20))
            .unwrap();
    assert!(!stored.is_empty());
    assert!(
        stored
            .iter()
            .all(|s| s["context"]["registration"] == run.as_str()),
        "{stored:?}"
    );
}

/// chromedriver on a free port, for as long as the test runs.
struct Chromedriver {
    child: Child,
    url: String,
}

impl Chromedriver {
    fn start() -> Chromedriver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect(
                "chromedriver is installed (Debian: chromium-driver; scripts/setup installs it)",
            );
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while agent().get(&format!("{url}/status")).call().is_err() {
            assert!(started.elapsed() < WAIT, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Chromedriver { child, url }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn browser(driver: &Chromedriver, profile: &Path) -> WebDriver {
    let mut caps = DesiredCapabilities::chrome();
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
    ] {
        caps.add_arg(arg).unwrap();
    }
    caps.add_arg(&format!("--user-data-dir={}", profile.display()))
        .unwrap();
    WebDriver::new(&driver.url, caps)
        .await
        .expect("a browser session")
}

/// Saves a screenshot as `target/server-e2e/NN-name.png`.
struct Shots {
    dir: PathBuf,
    n: u32,
}

impl Shots {
    async fn take(&mut self, browser: &WebDriver, name: &str) {
        self.n += 1;
        let path = self.dir.join(format!("{:02}-{name}.png", self.n));
        browser.screenshot(&path).await.unwrap();
    }
}

/// Waits until the page has an element matching `css`.
async fn wait_for(browser: &WebDriver, css: &str) -> WebElement {
    let started = Instant::now();
    loop {
        if let Ok(e) = browser.find(By::Css(css)).await {
            return e;
        }
        assert!(
            started.elapsed() < WAIT,
            "no {css} on {}",
            browser.current_url().await.unwrap()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until `css`'s text contains `text`.
async fn wait_for_text(browser: &WebDriver, css: &str, text: &str) {
    let started = Instant::now();
    loop {
        if let Ok(e) = browser.find(By::Css(css)).await
            && e.text().await.unwrap_or_default().contains(text)
        {
            return;
        }
        assert!(
            started.elapsed() < WAIT,
            "{css} never said {text:?}: {:?}",
            match browser.find(By::Css(css)).await {
                Ok(e) => e.text().await.ok(),
                Err(_) => None,
            }
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clicks the button or link in <main> whose text starts with `label`.
async fn click_labelled(browser: &WebDriver, label: &str) {
    let started = Instant::now();
    loop {
        for e in browser
            .find_all(By::Css("main button, main a"))
            .await
            .unwrap()
        {
            if e.text().await.unwrap_or_default().trim().starts_with(label) {
                e.click().await.unwrap();
                return;
            }
        }
        assert!(
            started.elapsed() < WAIT,
            "no button {label:?} on {}",
            browser.current_url().await.unwrap()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_class_in_the_browser_plays_and_the_trainer_follows_live() {
    let data = tempfile::tempdir().unwrap();
    let server = ServeProcess::start(data.path(), &[], &[]);
    let chromedriver = Chromedriver::start();
    let profiles = tempfile::tempdir().unwrap();
    let trainer = browser(&chromedriver, &profiles.path().join("trainer")).await;
    let trainee = browser(&chromedriver, &profiles.path().join("trainee")).await;
    let dir = root().join("target/server-e2e");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut shots = Shots { dir, n: 0 };

    // The trainer logs in and creates a session for one scenario.
    trainer.goto(server.url("/trainer")).await.unwrap();
    wait_for(&trainer, "input[name=password]").await;
    shots.take(&trainer, "trainer-login").await;
    trainer
        .find(By::Css("input[name=password]"))
        .await
        .unwrap()
        .send_keys(server.password.clone().unwrap())
        .await
        .unwrap();
    click_labelled(&trainer, "Log in").await;
    wait_for(&trainer, "input[name=title]")
        .await
        .send_keys("Press office, morning group")
        .await
        .unwrap();
    trainer
        .find(By::Css("input[value=cd-of-materials]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    trainer
        .find(By::Css("input[value=unapproved-interview]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    shots.take(&trainer, "trainer-dashboard").await;
    click_labelled(&trainer, "Create the session").await;
    let code = wait_for(&trainer, ".code").await.text().await.unwrap();
    assert_eq!(code.len(), 7, "{code}");
    shots.take(&trainer, "trainer-session-empty").await;

    // A trainee joins with the code, as typed in lower case without the dash.
    trainee.goto(server.url("/")).await.unwrap();
    wait_for(&trainee, "input[name=code]")
        .await
        .send_keys(code.to_lowercase().replace('-', ""))
        .await
        .unwrap();
    trainee
        .find(By::Css("input[name=name]"))
        .await
        .unwrap()
        .send_keys("Zoë Quill")
        .await
        .unwrap();
    shots.take(&trainee, "join").await;
    click_labelled(&trainee, "Join").await;
    wait_for_text(&trainee, "main h1", "Briefing").await;
    shots.take(&trainee, "briefing").await;
    click_labelled(&trainee, "Go to the desk").await;

    // The trainee plays the careful play by clicking each choice by its label.
    let scenario = presscheck_engine::load(
        &std::fs::read(root().join("scenarios/unapproved-interview.ron")).unwrap(),
    )
    .unwrap()
    .scenario;
    let seed = seed::choose(None, Some(&code)).seed;
    let model = strategy::decisions(&scenario, Strategy::Model, seed);
    let mut index = 0;
    for d in &model {
        let Decision::Choose { stage, choice } = d else {
            continue;
        };
        wait_for(&trainee, &format!("[data-next=\"{index}\"]")).await;
        if index == 1 {
            shots.take(&trainee, "desk").await;
            // The trainer's roster has followed without a reload.
            let title = scenario.stage_by_id(stage).unwrap().title.clone();
            wait_for_text(&trainer, "#roster", &title).await;
            wait_for_text(&trainer, "#roster", "Zoë Quill").await;
            shots.take(&trainer, "trainer-roster-live").await;
        }
        let label = scenario.choice(stage, choice).unwrap().label.clone();
        click_labelled(&trainee, &label).await;
        index += 1;
    }
    // The last choice publishes: the confirmation shows what goes out, word for word.
    wait_for_text(&trainee, "main h1", "Publish this story?").await;
    shots.take(&trainee, "confirm").await;
    click_labelled(&trainee, "Publish").await;
    wait_for_text(&trainee, "main h1", "What happened next").await;
    wait_for(&trainee, "main svg").await;
    // This run's reprints against the band of 1,000 replays of the same story.
    wait_for_text(
        &trainee,
        "main figure",
        "usually (10th to 90th percentile of 1000 replays)",
    )
    .await;
    shots.take(&trainee, "consequences").await;
    click_labelled(&trainee, "Continue to the debrief").await;
    wait_for_text(&trainee, "main", "What careful play would have done").await;
    shots.take(&trainee, "debrief").await;
    click_labelled(&trainee, "Instead:").await;
    wait_for(&trainee, "#compare").await;
    shots.take(&trainee, "debrief-what-if").await;

    // The outcome equals `presscheck play --session CODE` with the same decisions.
    let cookies = trainee.get_all_cookies().await.unwrap();
    let token = cookies
        .iter()
        .find(|c| c.name == format!("pc_s_{code}"))
        .unwrap()
        .value
        .clone();
    let url = trainee.current_url().await.unwrap().to_string();
    let run = url
        .split("/play/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let state = get_json(&server.url(&format!("/api/runs/{run}")), &token);
    let choices = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(choices.path(), state["decisions"].to_string()).unwrap();
    let out = presscheck()
        .args([
            "play",
            "unapproved-interview",
            "--session",
            &code,
            "--json",
            "--choices",
        ])
        .arg(choices.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut headless: Value = serde_json::from_slice(&out.stdout).unwrap();
    let replays = headless
        .as_object_mut()
        .and_then(|o| o.remove("replays"))
        .expect("play --json includes the replays");
    assert_eq!(state["outcome"], headless);
    // The browser's "what usually happens" is the terminal's, number for number.
    let pickup = format!(
        "picked up abroad in {:.0}% of replays",
        replays["foreign_pickup"].as_f64().unwrap() * 100.0
    );
    wait_for_text(&trainee, "main section.usual", &pickup).await;
    assert_eq!(headless["score"]["passed"], true);

    // The trainer sees the run finished, debriefs the class from the projector and opens the report.
    wait_for_text(&trainer, "#roster", "passed").await;
    shots.take(&trainer, "trainer-roster-finished").await;
    trainer
        .goto(server.url(&format!(
            "/trainer/sessions/{code}/projector/unapproved-interview/request"
        )))
        .await
        .unwrap();
    wait_for(&trainer, ".projector").await;
    shots.take(&trainer, "projector").await;
    click_labelled(&trainer, "Show the careful choice").await;
    wait_for(&trainer, ".careful:not([hidden])").await;
    shots.take(&trainer, "projector-revealed").await;
    trainer
        .goto(server.url(&format!("/trainer/sessions/{code}/report")))
        .await
        .unwrap();
    wait_for_text(&trainer, "h1", "class report").await;
    shots.take(&trainer, "report").await;
    trainer
        .goto(server.url(&format!("/trainer/runs/{run}/debrief")))
        .await
        .unwrap();
    wait_for_text(&trainer, "main", "Replay of Zoë Quill's run").await;
    shots.take(&trainer, "replay").await;

    // Large text, as on a projector or a phone, and the page still works.
    trainee
        .goto(server.url(&format!("/text-size?to=large&back=/play/{run}/debrief")))
        .await
        .unwrap();
    wait_for(&trainee, "html[data-size=large]").await;
    shots.take(&trainee, "debrief-large").await;

    trainer.quit().await.unwrap();
    trainee.quit().await.unwrap();
    for shot in std::fs::read_dir(root().join("target/server-e2e")).unwrap() {
        let path = shot.unwrap().path();
        assert!(
            super::game_window::distinct_colours(&path) > 20,
            "{} is blank",
            path.display()
        );
    }
}
