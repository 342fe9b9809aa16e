//! The JSON API, for programs that play (the game joining a class, the load benchmark): join, read a run's state, send decisions one at a time.
//!
//! A decision carries the index it expects to have. The answer is `200`
//! with `"accepted": "new"` (stored now) or `"again"` (stored before: not
//! stored twice); or an error status with `"error"` and the run's current
//! state, so the client can show where it stands.

use super::unreadable;
use crate::authority::{Accepted, JoinError, Refusal, RunState};
use crate::state::AppState;
use axum::Json;
use axum::Router;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use presscheck_engine::{Decision, Outcome, story, treatment};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::net::SocketAddr;
use uuid::Uuid;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/join", post(join))
        .route("/api/runs/{run}", get(state))
        .route("/api/runs/{run}/decisions", post(decide))
}

#[derive(Deserialize)]
struct JoinBody {
    code: String,
    name: String,
    #[serde(default)]
    trainee_id: String,
    scenario: Option<String>,
    /// The token of an earlier join, to continue.
    token: Option<String>,
}

fn error(status: StatusCode, message: impl std::fmt::Display) -> Response {
    (status, Json(json!({ "error": message.to_string() }))).into_response()
}

async fn join(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Result<Json<JoinBody>, JsonRejection>,
) -> Response {
    let Json(b) = match body {
        Ok(b) => b,
        Err(e) => return unreadable(e.body_text()),
    };
    if let Err(wait) = app.joins.take(peer.ip()) {
        let mut r = error(
            StatusCode::TOO_MANY_REQUESTS,
            "too many joins from this address; wait and try again",
        );
        if let Ok(v) = wait.as_secs().max(1).to_string().parse() {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return r;
    }
    match app
        .authority
        .join(
            &b.code,
            &b.name,
            &b.trainee_id,
            b.scenario.as_deref(),
            b.token.as_deref(),
        )
        .await
    {
        Ok(j) => Json(json!({ "code": j.code, "run": j.run, "token": j.token })).into_response(),
        Err(JoinError::Db(e)) => {
            eprintln!("serve: {e}");
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the server could not do this just now; nothing was changed",
            )
        }
        Err(e @ (JoinError::UnknownSession(_) | JoinError::NoSuchScenario(_))) => {
            error(StatusCode::NOT_FOUND, e)
        }
        Err(e @ (JoinError::Closed(_) | JoinError::Full(..) | JoinError::AlreadyJoined(_))) => {
            error(StatusCode::CONFLICT, e)
        }
        Err(e) => error(StatusCode::UNPROCESSABLE_ENTITY, e),
    }
}

/// A choice as the client sees it.
#[derive(Serialize)]
struct ChoiceView {
    id: String,
    label: String,
    hours: f64,
    /// Whether taking it publishes or holds the story.
    ends: bool,
}

/// An editable item as the client sees it.
#[derive(Serialize)]
struct EditableView {
    item: String,
    treatment: Option<String>,
    options: Vec<treatment::TreatmentOption>,
}

/// A run's state: what the engine says it offers now.
#[derive(Serialize)]
struct RunView {
    run: Uuid,
    session: String,
    scenario: String,
    seed: u64,
    status: crate::model::RunStatus,
    /// The index the next decision must carry.
    next_index: u32,
    decisions: Vec<Decision>,
    stage: Option<serde_json::Value>,
    choices: Vec<ChoiceView>,
    editable: Vec<EditableView>,
    hours_used: f64,
    hours_left: f64,
    clock: String,
    outcome: Option<Outcome>,
}

fn view(state: &RunState) -> RunView {
    let run = state.run();
    let s = &state.scenario;
    RunView {
        run: state.row.id,
        session: state.row.session_code.clone(),
        scenario: state.row.scenario_id.clone(),
        seed: state.row.seed,
        status: state.row.status,
        next_index: state.next_index(),
        decisions: state.plain_decisions(),
        stage: run
            .current_stage()
            .map(|st| json!({ "id": st.id, "title": st.title, "situation": st.situation })),
        choices: run
            .choices_in_display_order()
            .into_iter()
            .map(|c| ChoiceView {
                id: c.id.clone(),
                label: c.label.clone(),
                hours: c.hours,
                ends: matches!(story::preview(&run, &c.id), Ok(Some(_))),
            })
            .collect(),
        editable: run
            .editable_items()
            .into_iter()
            .map(|ix| EditableView {
                item: s.item(ix).id.clone(),
                treatment: run.treatment(ix).map(|t| t.name().to_string()),
                options: treatment::options(s.item(ix)),
            })
            .collect(),
        hours_used: run.hours_used(),
        hours_left: run.hours_left(),
        clock: s.clock(run.hours_used()),
        outcome: run.finish().ok(),
    }
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(|t| t.trim().to_string())
}

fn refusal_status(r: &Refusal) -> StatusCode {
    match r {
        Refusal::NotYours => StatusCode::FORBIDDEN,
        Refusal::Illegal(_) => StatusCode::UNPROCESSABLE_ENTITY,
        Refusal::Db(_) | Refusal::Record(_) => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::CONFLICT,
    }
}

async fn state(State(app): State<AppState>, headers: HeaderMap, Path(run): Path<Uuid>) -> Response {
    let Some(token) = bearer(&headers) else {
        return error(
            StatusCode::UNAUTHORIZED,
            "send the run's token as `Authorization: Bearer TOKEN`",
        );
    };
    match app.authority.state(run, Some(&token)).await {
        Ok(s) => Json(view(&s)).into_response(),
        Err(e) => error(refusal_status(&e), e),
    }
}

#[derive(Deserialize)]
struct DecisionBody {
    index: u32,
    decision: Decision,
}

async fn decide(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(run): Path<Uuid>,
    body: Result<Json<DecisionBody>, JsonRejection>,
) -> Response {
    let Some(token) = bearer(&headers) else {
        return error(
            StatusCode::UNAUTHORIZED,
            "send the run's token as `Authorization: Bearer TOKEN`",
        );
    };
    let Json(b) = match body {
        Ok(b) => b,
        Err(e) => return unreadable(e.body_text()),
    };
    let result = app.authority.decide(run, &token, b.index, b.decision).await;
    let now = app
        .authority
        .state(run, Some(&token))
        .await
        .ok()
        .map(|s| view(&s));
    match result {
        Ok(accepted) => Json(json!({
            "accepted": match accepted { Accepted::New => "new", Accepted::Again => "again" },
            "state": now,
        }))
        .into_response(),
        Err(e) => {
            if let Refusal::Db(db) = &e {
                eprintln!("serve: {db}");
            }
            (
                refusal_status(&e),
                Json(json!({ "error": e.to_string(), "state": now })),
            )
                .into_response()
        }
    }
}
