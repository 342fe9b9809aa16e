//! The server's database: SQLite (a file in the data folder, the default) or PostgreSQL, one pool, migrations applied on start.
//!
//! Every statement is written once, in SQL both accept, with `$1`…`$n`
//! placeholders (sqlx's SQLite driver reads them as positional too).

mod migrate;
pub mod records;
pub mod runs;
pub mod sessions;
pub mod trainers;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions as _, Executor as _};
use std::str::FromStr as _;

/// A database error, with what the server was doing.
#[derive(Debug, thiserror::Error)]
#[error("database: {what}: {source}")]
pub struct DbError {
    /// What was being done.
    pub what: String,
    /// The driver's error.
    #[source]
    pub source: sqlx::Error,
}

/// Adds what was being done to a driver error.
pub(crate) trait Context<T> {
    fn doing(self, what: &str) -> Result<T, DbError>;
}

impl<T> Context<T> for Result<T, sqlx::Error> {
    fn doing(self, what: &str) -> Result<T, DbError> {
        self.map_err(|source| DbError {
            what: what.to_string(),
            source,
        })
    }
}

/// Which database is on the other end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// The pool, and which database it is.
#[derive(Debug, Clone)]
pub struct Db {
    pub(crate) pool: AnyPool,
    backend: Backend,
}

/// Connections kept open; a class is a few hundred small writes a minute.
const MAX_CONNECTIONS: u32 = 8;

impl Db {
    /// Connects to `url` (`sqlite://FILE?mode=rwc` or `postgres://…`) and applies the migrations.
    pub async fn open(url: &str) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(DbError {
                what: format!("opening {url}"),
                source: sqlx::Error::Configuration(
                    "the database URL must start with sqlite: or postgres:".into(),
                ),
            });
        };
        let options = AnyConnectOptions::from_str(url)
            .doing("reading the database URL")?
            .disable_statement_logging();
        let pool = AnyPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets pages read while a decision is written; FULL makes a
                        // commit durable before the server acknowledges it; foreign keys on.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = FULL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .doing(&format!("connecting to {}", redact(url)))?;
        let db = Db { pool, backend };
        migrate::apply(&db).await?;
        Ok(db)
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A database URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:…{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Now, as stored: RFC 3339 in UTC.
pub(crate) fn now_text() -> String {
    jiff::Timestamp::now().to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            super::redact("postgres://pc:secret@127.0.0.1:5432/db"),
            "postgres://pc:…@127.0.0.1:5432/db"
        );
        assert_eq!(super::redact("sqlite://x.db"), "sqlite://x.db");
    }
}
