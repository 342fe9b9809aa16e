//! How the server is started: where it listens, its data folder and database, its limits, and the LRS it may send to.

use std::net::SocketAddr;
use std::path::PathBuf;

/// The default address: loopback only, so a server is opened to the room on purpose.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// Every limit of the server; each has a documented default and a flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body, in bytes.
    pub max_request_bytes: usize,
    /// Most trainees who may join one session.
    pub max_trainees: u32,
    /// Most sessions open at once.
    pub max_sessions: u32,
    /// Joins one address may make per minute.
    pub joins_per_minute: u32,
    /// Longest name, trainee id or session title, in characters.
    pub max_name_chars: usize,
    /// Hours a trainer's login lasts.
    pub login_hours: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_request_bytes: 64 * 1024,
            max_trainees: 200,
            max_sessions: 100,
            joins_per_minute: 30,
            max_name_chars: 80,
            login_hours: 12,
        }
    }
}

/// An LRS the trainer may send a session's statements to.
#[derive(Debug, Clone)]
pub struct LrsTarget {
    /// The LRS's xAPI address.
    pub endpoint: String,
    /// The account's home page in statements.
    pub home_page: String,
    /// The prefix of activity ids.
    pub activity_base: String,
}

/// Everything `presscheck serve` is started with.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen.
    pub listen: SocketAddr,
    /// The data folder: the database file, the signing key, the records, the xAPI spool.
    pub data: PathBuf,
    /// The database URL; `None` for the SQLite file in the data folder.
    pub database: Option<String>,
    /// The limits.
    pub limits: Limits,
    /// The LRS, if one is configured.
    pub lrs: Option<LrsTarget>,
}

impl Config {
    /// The database URL: the given one, or `sqlite://<data>/presscheck.sqlite3`.
    pub fn database_url(&self) -> String {
        self.database.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                self.data.join("presscheck.sqlite3").display()
            )
        })
    }

    /// The folder the signed records are written to, as files `presscheck verify` reads.
    pub fn records_dir(&self) -> PathBuf {
        self.data.join("records")
    }
}
