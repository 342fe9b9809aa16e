//! Class sessions in the database.

use super::{Context, Db, DbError, now_text};
use crate::model::ClassSession;
use presscheck_records::record::Mode;
use sqlx::Row as _;
use sqlx::any::AnyRow;

/// The columns read, in one place for every query.
macro_rules! session_columns {
    () => {
        "code, title, mode, scenarios, roster, max_trainees, created_at, closed_at"
    };
}

fn from_row(row: &AnyRow) -> Result<ClassSession, sqlx::Error> {
    let list = |name: &str| -> Result<Vec<String>, sqlx::Error> {
        let text: String = row.try_get(name)?;
        serde_json::from_str(&text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
    };
    let mode: String = row.try_get("mode")?;
    Ok(ClassSession {
        code: row.try_get("code")?,
        title: row.try_get("title")?,
        mode: if mode == "assessed" {
            Mode::Assessed
        } else {
            Mode::Practice
        },
        scenarios: list("scenarios")?,
        roster: list("roster")?,
        max_trainees: u32::try_from(row.try_get::<i64, _>("max_trainees")?).unwrap_or(0),
        created_at: row.try_get("created_at")?,
        closed_at: row.try_get("closed_at")?,
    })
}

/// Creates a session; `false` when the code is taken.
pub async fn create(db: &Db, session: &ClassSession, trainer: i64) -> Result<bool, DbError> {
    let result = sqlx::query(concat!(
        "INSERT INTO class_sessions (",
        session_columns!(),
        ", created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8) ON CONFLICT (code) DO NOTHING"
    ))
    .bind(&session.code)
    .bind(&session.title)
    .bind(session.mode.name())
    .bind(serde_json::to_string(&session.scenarios).unwrap_or_default())
    .bind(serde_json::to_string(&session.roster).unwrap_or_default())
    .bind(i64::from(session.max_trainees))
    .bind(&session.created_at)
    .bind(trainer)
    .execute(&db.pool)
    .await
    .doing("creating a session")?;
    Ok(result.rows_affected() == 1)
}

/// The session with this code.
pub async fn get(db: &Db, code: &str) -> Result<Option<ClassSession>, DbError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        session_columns!(),
        " FROM class_sessions WHERE code = $1"
    ))
    .bind(code)
    .fetch_optional(&db.pool)
    .await
    .doing("reading a session")?;
    row.as_ref()
        .map(from_row)
        .transpose()
        .doing("reading a session")
}

/// Every session, newest first.
pub async fn list(db: &Db) -> Result<Vec<ClassSession>, DbError> {
    sqlx::query(concat!(
        "SELECT ",
        session_columns!(),
        " FROM class_sessions ORDER BY created_at DESC, code"
    ))
    .fetch_all(&db.pool)
    .await
    .doing("listing sessions")?
    .iter()
    .map(from_row)
    .collect::<Result<_, _>>()
    .doing("listing sessions")
}

/// How many sessions are open.
pub async fn count_open(db: &Db) -> Result<i64, DbError> {
    sqlx::query("SELECT COUNT(*) FROM class_sessions WHERE closed_at IS NULL")
        .fetch_one(&db.pool)
        .await
        .and_then(|r| r.try_get::<i64, _>(0))
        .doing("counting sessions")
}

/// Closes a session (trainees can no longer join or play); `false` when it was closed already.
pub async fn close(db: &Db, code: &str) -> Result<bool, DbError> {
    let result = sqlx::query(
        "UPDATE class_sessions SET closed_at = $1 WHERE code = $2 AND closed_at IS NULL",
    )
    .bind(now_text())
    .bind(code)
    .execute(&db.pool)
    .await
    .doing("closing a session")?;
    Ok(result.rows_affected() == 1)
}
