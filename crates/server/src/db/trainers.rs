//! Trainer accounts and their logins in the database.

use super::{Context, Db, DbError, now_text};
use sqlx::Row as _;

/// A trainer account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trainer {
    /// Its id.
    pub id: i64,
    /// Its login name.
    pub name: String,
    /// The Argon2id hash of its password, as a PHC string.
    pub password_hash: String,
}

/// How many trainer accounts exist.
pub async fn count(db: &Db) -> Result<i64, DbError> {
    sqlx::query("SELECT COUNT(*) FROM trainers")
        .fetch_one(&db.pool)
        .await
        .and_then(|r| r.try_get::<i64, _>(0))
        .doing("counting trainers")
}

/// Creates an account, or sets the password of an existing one.
pub async fn set(db: &Db, name: &str, password_hash: &str) -> Result<(), DbError> {
    let mut tx = db.pool.begin().await.doing("saving a trainer")?;
    let existing: Option<i64> = sqlx::query("SELECT id FROM trainers WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut *tx)
        .await
        .and_then(|r| r.map(|r| r.try_get::<i64, _>(0)).transpose())
        .doing("saving a trainer")?;
    match existing {
        Some(id) => {
            sqlx::query("UPDATE trainers SET password_hash = $1 WHERE id = $2")
                .bind(password_hash)
                .bind(id)
                .execute(&mut *tx)
                .await
                .doing("saving a trainer")?;
            // A new password ends every login of the old one.
            sqlx::query("DELETE FROM logins WHERE trainer_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await
                .doing("saving a trainer")?;
        }
        None => {
            let next: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) + 1 FROM trainers")
                .fetch_one(&mut *tx)
                .await
                .and_then(|r| r.try_get::<i64, _>(0))
                .doing("saving a trainer")?;
            sqlx::query(
                "INSERT INTO trainers (id, name, password_hash, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(next)
            .bind(name)
            .bind(password_hash)
            .bind(now_text())
            .execute(&mut *tx)
            .await
            .doing("saving a trainer")?;
        }
    }
    tx.commit().await.doing("saving a trainer")
}

/// The account with this name.
pub async fn by_name(db: &Db, name: &str) -> Result<Option<Trainer>, DbError> {
    let row = sqlx::query("SELECT id, name, password_hash FROM trainers WHERE name = $1")
        .bind(name)
        .fetch_optional(&db.pool)
        .await
        .doing("reading a trainer")?;
    row.map(|r| {
        Ok(Trainer {
            id: r.try_get(0)?,
            name: r.try_get(1)?,
            password_hash: r.try_get(2)?,
        })
    })
    .transpose()
    .doing("reading a trainer")
}

/// A logged-in browser: who, and the CSRF token its forms carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    /// The trainer.
    pub trainer_id: i64,
    /// The trainer's name.
    pub name: String,
    /// The CSRF token.
    pub csrf: String,
}

/// Records a login until `expires_at` (Unix seconds).
pub async fn add_login(
    db: &Db,
    token_hash: &str,
    trainer_id: i64,
    csrf: &str,
    expires_at: i64,
) -> Result<(), DbError> {
    sqlx::query("INSERT INTO logins (token_hash, trainer_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(token_hash)
        .bind(trainer_id)
        .bind(csrf)
        .bind(now_text())
        .bind(expires_at)
        .execute(&db.pool)
        .await
        .doing("recording a login")?;
    Ok(())
}

/// The login of a cookie, if it is current at `now` (Unix seconds).
pub async fn login(db: &Db, token_hash: &str, now: i64) -> Result<Option<Login>, DbError> {
    let row = sqlx::query(
        "SELECT l.trainer_id, t.name, l.csrf FROM logins l JOIN trainers t ON t.id = l.trainer_id WHERE l.token_hash = $1 AND l.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&db.pool)
    .await
    .doing("reading a login")?;
    row.map(|r| {
        Ok(Login {
            trainer_id: r.try_get(0)?,
            name: r.try_get(1)?,
            csrf: r.try_get(2)?,
        })
    })
    .transpose()
    .doing("reading a login")
}

/// Ends a login.
pub async fn remove_login(db: &Db, token_hash: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM logins WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&db.pool)
        .await
        .doing("ending a login")?;
    Ok(())
}
