//! A real Ralph xAPI LRS for the tests, on a free loopback port with its file-system backend (shared by the records and the server tests).

#![allow(dead_code, reason = "each test binary uses part of it")]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The LRS account the tests push with.
pub const USER: &str = "trainer";
/// Its password.
pub const PASSWORD: &str = "a-test-secret";

/// The repository's root, found from the test crate's folder.
pub fn workspace() -> PathBuf {
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    while !dir.join("tests/support/ralph_lrs.py").is_file() {
        assert!(
            dir.pop(),
            "no tests/support/ralph_lrs.py above {}",
            env!("CARGO_MANIFEST_DIR")
        );
    }
    dir
}

/// The Python that has Ralph installed (`scripts/setup-lrs` makes it).
pub fn ralph_python() -> PathBuf {
    let path = std::env::var_os("PRESSCHECK_RALPH_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target/lrs-venv/bin/python"));
    assert!(
        path.exists(),
        "Ralph is not installed at {}: run scripts/setup-lrs (or set PRESSCHECK_RALPH_PYTHON)",
        path.display()
    );
    path
}

/// A Ralph LRS on loopback with the file-system backend.
pub struct Ralph {
    child: Option<Child>,
    pub port: u16,
    app: PathBuf,
    data: PathBuf,
    log: PathBuf,
}

impl Ralph {
    /// Starts Ralph with its files under `dir`.
    pub fn start(dir: &Path) -> Ralph {
        let app = dir.join("app");
        let data = dir.join("data");
        std::fs::create_dir_all(&app).unwrap();
        let python = ralph_python();
        let ralph = python.with_file_name("ralph");
        let status = Command::new(&ralph)
            .args(["auth", "-u", USER, "-p", PASSWORD, "-s", "all", "-A", USER])
            .args(["https://presscheck.invalid", "-w"])
            .env("RALPH_APP_DIR", &app)
            .env("RALPH_RUNSERVER_BACKEND", "fs")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run ralph auth");
        assert!(status.success(), "ralph auth failed");
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut ralph = Ralph {
            child: None,
            port,
            app,
            data,
            log: dir.join("ralph.log"),
        };
        ralph.spawn();
        ralph
    }

    /// Starts (or restarts) the process.
    pub fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .unwrap();
        // Ralph's app under uvicorn in one process, so killing it really stops the LRS.
        let child = Command::new(ralph_python())
            .arg(workspace().join("tests/support/ralph_lrs.py"))
            .args(["127.0.0.1", &self.port.to_string()])
            .arg(&self.data)
            .env("RALPH_APP_DIR", &self.app)
            .current_dir(self.app.parent().unwrap())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start Ralph");
        self.child = Some(child);
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "Ralph did not start in 60 s; see {}",
                self.log.display()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Stops the process.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Its xAPI address.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/xAPI/", self.port)
    }
}

impl Drop for Ralph {
    fn drop(&mut self) {
        self.kill();
    }
}
