//! Runs and their decisions in the database: a decision is stored in one transaction, with what it changed, before it is acknowledged.

use super::{Context, Db, DbError};
use crate::model::{RunRow, RunStatus, StoredDecision};
use sqlx::Row as _;
use sqlx::any::AnyRow;
use uuid::Uuid;

/// The columns read, in one place for every query.
macro_rules! run_columns {
    () => {
        "id, session_code, scenario_id, content_hash, trainee_id, trainee_name, token_hash, seed, status, started_at, ended_at, score, passed"
    };
}

fn from_row(row: &AnyRow) -> Result<RunRow, sqlx::Error> {
    let id: String = row.try_get("id")?;
    let status: String = row.try_get("status")?;
    let bad = |what: String| sqlx::Error::Decode(what.into());
    Ok(RunRow {
        id: Uuid::parse_str(&id).map_err(|_| bad(format!("run id {id:?}")))?,
        session_code: row.try_get("session_code")?,
        scenario_id: row.try_get("scenario_id")?,
        content_hash: row.try_get("content_hash")?,
        trainee_id: row.try_get("trainee_id")?,
        trainee_name: row.try_get("trainee_name")?,
        token_hash: row.try_get("token_hash")?,
        // Stored as the same 64 bits in a signed column.
        seed: row.try_get::<i64, _>("seed")? as u64,
        status: RunStatus::from_name(&status)
            .ok_or_else(|| bad(format!("run status {status:?}")))?,
        started_at: row.try_get("started_at")?,
        ended_at: row.try_get("ended_at")?,
        score: row.try_get("score")?,
        passed: row.try_get::<Option<i64>, _>("passed")?.map(|p| p != 0),
    })
}

/// Creates a run; `false` when this trainee already has a run of this scenario in the session.
pub async fn create(db: &Db, run: &RunRow) -> Result<bool, DbError> {
    let result = sqlx::query(concat!("INSERT INTO runs (", run_columns!(), ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, NULL, NULL) ON CONFLICT (session_code, trainee_id, scenario_id) DO NOTHING"))
    .bind(run.id.to_string())
    .bind(&run.session_code)
    .bind(&run.scenario_id)
    .bind(&run.content_hash)
    .bind(&run.trainee_id)
    .bind(&run.trainee_name)
    .bind(&run.token_hash)
    .bind(run.seed as i64)
    .bind(run.status.name())
    .bind(&run.started_at)
    .execute(&db.pool)
    .await
    .doing("creating a run")?;
    Ok(result.rows_affected() == 1)
}

/// The run with this id.
pub async fn get(db: &Db, id: Uuid) -> Result<Option<RunRow>, DbError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        run_columns!(),
        " FROM runs WHERE id = $1"
    ))
    .bind(id.to_string())
    .fetch_optional(&db.pool)
    .await
    .doing("reading a run")?;
    row.as_ref()
        .map(from_row)
        .transpose()
        .doing("reading a run")
}

/// This trainee's run of this scenario in this session.
pub async fn find(
    db: &Db,
    session: &str,
    trainee: &str,
    scenario: &str,
) -> Result<Option<RunRow>, DbError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        run_columns!(),
        " FROM runs WHERE session_code = $1 AND trainee_id = $2 AND scenario_id = $3"
    ))
    .bind(session)
    .bind(trainee)
    .bind(scenario)
    .fetch_optional(&db.pool)
    .await
    .doing("reading a run")?;
    row.as_ref()
        .map(from_row)
        .transpose()
        .doing("reading a run")
}

/// Every run of a session, by start.
pub async fn of_session(db: &Db, session: &str) -> Result<Vec<RunRow>, DbError> {
    sqlx::query(concat!(
        "SELECT ",
        run_columns!(),
        " FROM runs WHERE session_code = $1 ORDER BY started_at, id"
    ))
    .bind(session)
    .fetch_all(&db.pool)
    .await
    .doing("listing runs")?
    .iter()
    .map(from_row)
    .collect::<Result<_, _>>()
    .doing("listing runs")
}

/// How many different trainees have joined a session.
pub async fn trainees_in(db: &Db, session: &str) -> Result<i64, DbError> {
    sqlx::query("SELECT COUNT(DISTINCT trainee_id) FROM runs WHERE session_code = $1")
        .bind(session)
        .fetch_one(&db.pool)
        .await
        .and_then(|r| r.try_get::<i64, _>(0))
        .doing("counting trainees")
}

/// Gives a run a new browser cookie (the trainer let the trainee rejoin from another browser).
pub async fn set_token(db: &Db, id: Uuid, token_hash: &str) -> Result<(), DbError> {
    sqlx::query("UPDATE runs SET token_hash = $1 WHERE id = $2")
        .bind(token_hash)
        .bind(id.to_string())
        .execute(&db.pool)
        .await
        .doing("releasing a run")?;
    Ok(())
}

fn decision_from(row: &AnyRow) -> Result<StoredDecision, sqlx::Error> {
    let index: i64 = row.try_get("idx")?;
    let decision: String = row.try_get("decision")?;
    let note: String = row.try_get("note")?;
    let json = |e: serde_json::Error| sqlx::Error::Decode(Box::new(e));
    Ok(StoredDecision {
        index: u32::try_from(index).unwrap_or(u32::MAX),
        decision: serde_json::from_str(&decision).map_err(json)?,
        note: serde_json::from_str(&note).map_err(json)?,
    })
}

/// A run's decisions, in order.
pub async fn decisions(db: &Db, run: Uuid) -> Result<Vec<StoredDecision>, DbError> {
    sqlx::query("SELECT idx, decision, note FROM decisions WHERE run_id = $1 ORDER BY idx")
        .bind(run.to_string())
        .fetch_all(&db.pool)
        .await
        .doing("reading decisions")?
        .iter()
        .map(decision_from)
        .collect::<Result<_, _>>()
        .doing("reading decisions")
}

/// Every decision of every run of a session, as `(run, decision)`, in order within each run.
pub async fn decisions_of_session(
    db: &Db,
    session: &str,
) -> Result<Vec<(Uuid, StoredDecision)>, DbError> {
    sqlx::query(
        "SELECT d.run_id, d.idx, d.decision, d.note FROM decisions d JOIN runs r ON r.id = d.run_id WHERE r.session_code = $1 ORDER BY d.run_id, d.idx",
    )
    .bind(session)
    .fetch_all(&db.pool)
    .await
    .doing("reading decisions")?
    .iter()
    .map(|row| {
        let id: String = row.try_get("run_id")?;
        let id = Uuid::parse_str(&id).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        Ok((id, decision_from(row)?))
    })
    .collect::<Result<_, sqlx::Error>>()
    .doing("reading decisions")
}

/// How a run ends with a decision: its status, result and signed record.
#[derive(Debug, Clone)]
pub struct Ending {
    /// Finished or abandoned.
    pub status: RunStatus,
    /// When.
    pub ended_at: String,
    /// The score and pass, when finished.
    pub result: Option<(f64, bool)>,
    /// The signed record, as JSON.
    pub record: String,
}

/// What storing a decision did.
#[derive(Debug, Clone, PartialEq)]
pub enum Stored {
    /// Stored now.
    New,
    /// This very decision was stored at this index before: acknowledged again, not stored twice.
    Again,
    /// Another decision is stored at this index (a second tab moved the run on).
    Taken,
}

/// Stores `decision` in one transaction, with the run's ending when it ends the run.
pub async fn store_decision(
    db: &Db,
    run: &RunRow,
    decision: &StoredDecision,
    at: &str,
    ending: Option<&Ending>,
) -> Result<Stored, DbError> {
    let what = "storing a decision";
    let mut tx = db.pool.begin().await.doing(what)?;
    let inserted = sqlx::query(
        "INSERT INTO decisions (run_id, idx, decision, note, at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (run_id, idx) DO NOTHING",
    )
    .bind(run.id.to_string())
    .bind(i64::from(decision.index))
    .bind(serde_json::to_string(&decision.decision).unwrap_or_default())
    .bind(serde_json::to_string(&decision.note).unwrap_or_default())
    .bind(at)
    .execute(&mut *tx)
    .await
    .doing(what)?
    .rows_affected()
        == 1;
    if !inserted {
        let row =
            sqlx::query("SELECT idx, decision, note FROM decisions WHERE run_id = $1 AND idx = $2")
                .bind(run.id.to_string())
                .bind(i64::from(decision.index))
                .fetch_one(&mut *tx)
                .await
                .doing(what)?;
        let existing = decision_from(&row).doing(what)?;
        tx.rollback().await.doing(what)?;
        return Ok(if existing.decision == decision.decision {
            Stored::Again
        } else {
            Stored::Taken
        });
    }
    if let Some(end) = ending {
        end_in(&mut tx, run, end).await?;
    }
    tx.commit().await.doing(what)?;
    Ok(Stored::New)
}

/// Ends a run without a decision (its session was closed): status and record in one transaction.
pub async fn end(db: &Db, run: &RunRow, ending: &Ending) -> Result<(), DbError> {
    let mut tx = db.pool.begin().await.doing("ending a run")?;
    end_in(&mut tx, run, ending).await?;
    tx.commit().await.doing("ending a run")
}

async fn end_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    run: &RunRow,
    end: &Ending,
) -> Result<(), DbError> {
    let what = "ending a run";
    sqlx::query(
        "UPDATE runs SET status = $1, ended_at = $2, score = $3, passed = $4 WHERE id = $5",
    )
    .bind(end.status.name())
    .bind(&end.ended_at)
    .bind(end.result.map(|r| r.0))
    .bind(end.result.map(|r| i64::from(r.1)))
    .bind(run.id.to_string())
    .execute(&mut **tx)
    .await
    .doing(what)?;
    sqlx::query(
        "INSERT INTO records (run_id, session_code, record, file) VALUES ($1, $2, $3, NULL) ON CONFLICT (run_id) DO NOTHING",
    )
    .bind(run.id.to_string())
    .bind(&run.session_code)
    .bind(&end.record)
    .execute(&mut **tx)
    .await
    .doing(what)?;
    Ok(())
}
