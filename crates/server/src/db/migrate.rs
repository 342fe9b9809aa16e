//! Versioned migrations, kept as numbered SQL files in `migrations/`, compiled in, each applied once in its own transaction.

use super::{Context, Db, DbError, now_text};
use sqlx::Row as _;

/// Every migration, in order: its number, its name, its SQL.
const MIGRATIONS: &[(i64, &str, &str)] =
    &[(1, "init", include_str!("../../migrations/0001_init.sql"))];

/// Applies the migrations the database has not seen yet.
pub(super) async fn apply(db: &Db) -> Result<(), DbError> {
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS presscheck_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    )
    .execute(&db.pool)
    .await
    .doing("creating the migrations table")?;
    let done: Vec<i64> = sqlx::query("SELECT version FROM presscheck_migrations")
        .fetch_all(&db.pool)
        .await
        .doing("reading the applied migrations")?
        .iter()
        .map(|r| r.try_get::<i64, _>(0))
        .collect::<Result<_, _>>()
        .doing("reading the applied migrations")?;
    if let Some(newer) = done.iter().max().filter(|v| **v > latest()) {
        return Err(DbError {
            what: "checking the schema".into(),
            source: sqlx::Error::Configuration(
                format!(
                    "the database has schema version {newer}, newer than this program's {}; update Press Check",
                    latest()
                )
                .into(),
            ),
        });
    }
    for &(version, name, sql) in MIGRATIONS {
        if done.contains(&version) {
            continue;
        }
        let what = format!("applying migration {version:04}_{name}");
        let mut tx = db.pool.begin().await.doing(&what)?;
        for statement in statements(sql) {
            sqlx::query(sqlx::AssertSqlSafe(statement.clone()))
                .execute(&mut *tx)
                .await
                .doing(&what)?;
        }
        sqlx::query(
            "INSERT INTO presscheck_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        )
        .bind(version)
        .bind(name)
        .bind(now_text())
        .execute(&mut *tx)
        .await
        .doing(&what)?;
        tx.commit().await.doing(&what)?;
    }
    Ok(())
}

/// The newest migration's number.
fn latest() -> i64 {
    MIGRATIONS.iter().map(|m| m.0).max().unwrap_or(0)
}

/// The statements of a migration file, without comments: one is run at a time, as both drivers want.
fn statements(sql: &str) -> Vec<String> {
    let code: String = sql
        .lines()
        .map(|l| l.split("--").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    code.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}
