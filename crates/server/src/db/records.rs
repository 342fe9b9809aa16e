//! The signed records of finished and abandoned runs, as the database keeps them, and the files they were written to.

use super::{Context, Db, DbError};
use sqlx::Row as _;
use uuid::Uuid;

/// A stored record: its run, its JSON, and its file once written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRecord {
    /// The run (and record) id.
    pub run_id: Uuid,
    /// The signed record as JSON.
    pub json: String,
    /// The file it was written to, if it has been.
    pub file: Option<String>,
}

fn rows(rows: Vec<sqlx::any::AnyRow>) -> Result<Vec<StoredRecord>, sqlx::Error> {
    rows.iter()
        .map(|r| {
            let id: String = r.try_get(0)?;
            Ok(StoredRecord {
                run_id: Uuid::parse_str(&id).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
                json: r.try_get(1)?,
                file: r.try_get(2)?,
            })
        })
        .collect()
}

/// The records of a session.
pub async fn of_session(db: &Db, session: &str) -> Result<Vec<StoredRecord>, DbError> {
    let found = sqlx::query(
        "SELECT run_id, record, file FROM records WHERE session_code = $1 ORDER BY run_id",
    )
    .bind(session)
    .fetch_all(&db.pool)
    .await
    .doing("reading records")?;
    rows(found).doing("reading records")
}

/// One run's record.
pub async fn get(db: &Db, run: Uuid) -> Result<Option<StoredRecord>, DbError> {
    let found = sqlx::query("SELECT run_id, record, file FROM records WHERE run_id = $1")
        .bind(run.to_string())
        .fetch_all(&db.pool)
        .await
        .doing("reading a record")?;
    Ok(rows(found).doing("reading a record")?.into_iter().next())
}

/// Every record, for the check at start that each has its file.
pub async fn all(db: &Db) -> Result<Vec<StoredRecord>, DbError> {
    let found = sqlx::query("SELECT run_id, record, file FROM records ORDER BY run_id")
        .fetch_all(&db.pool)
        .await
        .doing("reading records")?;
    rows(found).doing("reading records")
}

/// Notes the file a record was written to.
pub async fn set_file(db: &Db, run: Uuid, file: &str) -> Result<(), DbError> {
    sqlx::query("UPDATE records SET file = $1 WHERE run_id = $2")
        .bind(file)
        .bind(run.to_string())
        .execute(&db.pool)
        .await
        .doing("noting a record's file")?;
    Ok(())
}
