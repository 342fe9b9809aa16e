//! A real server for the tests: started on a free loopback port with a fresh database (a SQLite file, or a new PostgreSQL database), spoken to over real HTTP.

#![allow(dead_code, reason = "each test file uses part of the harness")]

use presscheck_server::{Config, Limits, Running};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The environment variable with the URL of a PostgreSQL server for the tests (scripts/test starts one).
pub const POSTGRES_ENV: &str = "PRESSCHECK_TEST_POSTGRES_URL";

/// Which database a test server uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in the test's data folder.
    Sqlite,
    /// A new database on the test PostgreSQL server.
    Postgres,
}

/// The shipped scenarios, loaded.
pub fn scenarios() -> Vec<presscheck_engine::Scenario> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            presscheck_engine::load(&std::fs::read(p).unwrap())
                .unwrap()
                .scenario
        })
        .collect()
}

/// A scenario by id.
pub fn scenario(id: &str) -> presscheck_engine::Scenario {
    scenarios().into_iter().find(|s| s.id() == id).unwrap()
}

/// A running server and what a test needs to talk to it.
pub struct Server {
    pub runtime: tokio::runtime::Runtime,
    pub running: Option<Running>,
    pub data: tempfile::TempDir,
    pub database: Option<String>,
    pub limits: Limits,
    pub base: String,
    pub password: String,
}

/// A fresh database URL for `backend`: `None` for the SQLite file in the data folder.
pub fn fresh_database(runtime: &tokio::runtime::Runtime, backend: Backend) -> Option<String> {
    match backend {
        Backend::Sqlite => None,
        Backend::Postgres => {
            let url = std::env::var(POSTGRES_ENV).unwrap_or_else(|_| {
                panic!("{POSTGRES_ENV} is not set: start a test PostgreSQL server with scripts/postgres-for-tests and export its URL (scripts/test does both)")
            });
            let name = format!("pc_test_{}", uuid::Uuid::new_v4().simple());
            runtime.block_on(async {
                use sqlx::Connection as _;
                sqlx::any::install_default_drivers();
                let mut conn = sqlx::AnyConnection::connect(&url)
                    .await
                    .expect("connect to the test PostgreSQL server");
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut conn)
                    .await
                    .expect("create a test database");
            });
            let base = url
                .rsplit_once('/')
                .map(|(b, _)| b.to_string())
                .unwrap_or(url);
            Some(format!("{base}/{name}"))
        }
    }
}

impl Server {
    /// A server with the default limits.
    pub fn start(backend: Backend) -> Server {
        Server::with_limits(backend, Limits::default())
    }

    /// A server with these limits.
    pub fn with_limits(backend: Backend, limits: Limits) -> Server {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let database = fresh_database(&runtime, backend);
        let data = tempfile::tempdir().unwrap();
        let mut server = Server {
            runtime,
            running: None,
            data,
            database,
            limits,
            base: String::new(),
            password: String::new(),
        };
        server.boot(false);
        server
    }

    fn config(&self) -> Config {
        Config {
            listen: "127.0.0.1:0".parse().unwrap(),
            data: self.data.path().to_path_buf(),
            database: self.database.clone(),
            limits: self.limits.clone(),
            lrs: None,
        }
    }

    fn boot(&mut self, reset: bool) {
        let running = self
            .runtime
            .block_on(presscheck_server::start(self.config(), scenarios(), reset))
            .expect("the server starts");
        self.base = format!("http://{}", running.address);
        if let Some(p) = &running.new_password {
            self.password = p.clone();
        }
        self.running = Some(running);
    }

    /// Stops the server and starts it again on the same data and database.
    pub fn restart(&mut self) {
        if let Some(r) = self.running.take() {
            self.runtime.block_on(r.stop()).unwrap();
        }
        self.boot(false);
    }

    /// An address on the server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The folder the server writes records into.
    pub fn records_dir(&self) -> PathBuf {
        self.data.path().join("records")
    }

    /// The server's signing key.
    pub fn key(&self) -> presscheck_records::SigningKey {
        presscheck_records::SigningKey::from_file(&self.data.path().join("signing.key")).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(r) = self.running.take() {
            let _ = self.runtime.block_on(r.stop());
        }
    }
}

/// An HTTP client that follows no redirect and treats no status as an error.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into()
}

/// A response, read whole.
pub struct Reply {
    pub status: u16,
    pub location: Option<String>,
    pub cookies: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    fn of(mut r: ureq::http::Response<ureq::Body>) -> Reply {
        let location = r
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let cookies = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next()?.split_once('='))
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        let status = r.status().as_u16();
        let body = r.body_mut().read_to_string().unwrap_or_default();
        Reply {
            status,
            location,
            cookies,
            body,
        }
    }

    /// The JSON body.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The value of a cookie it set.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }
}

/// GET with cookies.
pub fn get(url: &str, cookies: &str) -> Reply {
    let mut req = agent().get(url);
    if !cookies.is_empty() {
        req = req.header("Cookie", cookies);
    }
    Reply::of(req.call().expect("request"))
}

/// POST a form with cookies.
pub fn post_form(url: &str, cookies: &str, fields: &[(&str, &str)]) -> Reply {
    let mut req = agent().post(url);
    if !cookies.is_empty() {
        req = req.header("Cookie", cookies);
    }
    Reply::of(req.send_form(fields.iter().copied()).expect("request"))
}

/// POST JSON, with a bearer token when given.
pub fn post_json(url: &str, token: Option<&str>, body: &Value) -> Reply {
    let mut req = agent().post(url);
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    Reply::of(req.send_json(body).expect("request"))
}

/// GET JSON with a bearer token.
pub fn get_json(url: &str, token: &str) -> Reply {
    Reply::of(
        agent()
            .get(url)
            .header("Authorization", &format!("Bearer {token}"))
            .call()
            .expect("request"),
    )
}

/// The value of `name="csrf" value="…"` in a page.
pub fn csrf_in(page: &str) -> String {
    let at = page
        .find("name=\"csrf\" value=\"")
        .expect("a form with a CSRF token");
    let rest = &page[at + "name=\"csrf\" value=\"".len()..];
    rest[..rest.find('"').unwrap()].to_string()
}

/// Logs the trainer in; returns the login cookie.
pub fn login(server: &Server) -> String {
    let form = get(&server.url("/trainer/login"), "");
    let pre = form.cookie("pc_pre").expect("a pre-login cookie");
    let csrf = csrf_in(&form.body);
    let r = post_form(
        &server.url("/trainer/login"),
        &format!("pc_pre={pre}"),
        &[
            ("csrf", &csrf),
            ("name", "trainer"),
            ("password", &server.password),
        ],
    );
    assert_eq!(r.status, 303, "login: {}", r.body);
    format!("pc_login={}", r.cookie("pc_login").expect("a login cookie"))
}

/// Creates a session through the dashboard form; returns its code.
pub fn create_session(
    server: &Server,
    login: &str,
    scenarios: &[&str],
    extra: &[(&str, &str)],
) -> String {
    let dashboard = get(&server.url("/trainer"), login);
    assert_eq!(dashboard.status, 200, "{}", dashboard.body);
    let csrf = csrf_in(&dashboard.body);
    let mut fields: Vec<(&str, &str)> = vec![
        ("csrf", &csrf),
        ("title", "Test class"),
        ("mode", "assessed"),
    ];
    for s in scenarios {
        fields.push(("scenario", s));
    }
    fields.extend_from_slice(extra);
    let r = post_form(&server.url("/trainer/sessions"), login, &fields);
    assert_eq!(r.status, 303, "create a session: {}", r.body);
    r.location.unwrap().rsplit('/').next().unwrap().to_string()
}

/// A server offering exactly `scenarios`.
pub fn with_scenarios(scenarios: Vec<presscheck_engine::Scenario>) -> Server {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let data = tempfile::tempdir().unwrap();
    let config = Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        data: data.path().to_path_buf(),
        database: None,
        limits: Limits::default(),
        lrs: None,
    };
    let running = runtime
        .block_on(presscheck_server::start(config, scenarios, false))
        .expect("the server starts");
    Server {
        base: format!("http://{}", running.address),
        password: running.new_password.clone().unwrap_or_default(),
        running: Some(running),
        runtime,
        data,
        database: None,
        limits: Limits::default(),
    }
}
