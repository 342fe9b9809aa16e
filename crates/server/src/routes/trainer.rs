//! The trainer's pages: log in, create and close sessions, watch the roster live, debrief the class from the projector, the report, certificates and the LRS.

use super::trainee::{WhatIfQuery, what_if_of};
use super::{Prefs, cookie};
use crate::auth;
use crate::db::{records as db_records, runs, sessions, trainers};
use crate::error::PageError;
use crate::events::Event;
use crate::model::{ClassSession, RunStatus};
use crate::pages::layout::page;
use crate::pages::outcome::{self, Links};
use crate::pages::trainer::{
    self as pages, ChoiceTally, ProjectorStage, RosterLine, ScenarioStages, SessionLine,
    SessionPage,
};
use crate::state::AppState;
use axum::Router;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::cookie::Cookie;
use axum_extra::extract::{CookieJar, Form};
use maud::{Markup, html};
use presscheck_engine::Run;
use presscheck_records::store::{RecordSet, StoredRecord, file_stem};
use serde::Deserialize;
use std::collections::HashMap;
use std::convert::Infallible;
use std::path::PathBuf;
use tokio_stream::wrappers::ReceiverStream;
use uuid::Uuid;

/// The cookie of a logged-in trainer.
const LOGIN_COOKIE: &str = "pc_login";
/// The cookie that carries the login form's CSRF token.
const PRE_LOGIN_COOKIE: &str = "pc_pre";

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/trainer", get(dashboard))
        .route("/trainer/login", get(login_page).post(login))
        .route("/trainer/logout", post(logout))
        .route("/trainer/sessions", post(create_session))
        .route("/trainer/sessions/{code}", get(session_page))
        .route("/trainer/sessions/{code}/roster", get(roster_fragment))
        .route("/trainer/sessions/{code}/events", get(events))
        .route("/trainer/sessions/{code}/close", post(close))
        .route("/trainer/sessions/{code}/release", post(release))
        .route("/trainer/sessions/{code}/lrs", post(push_lrs))
        .route(
            "/trainer/sessions/{code}/projector/{scenario}/{stage}",
            get(projector),
        )
        .route("/trainer/sessions/{code}/report", get(report))
        .route("/trainer/sessions/{code}/report/{table}", get(report_table))
        .route(
            "/trainer/sessions/{code}/certificates/{file}",
            get(certificate),
        )
        .route("/trainer/runs/{run}/consequences", get(replay_consequences))
        .route("/trainer/runs/{run}/debrief", get(replay_debrief))
}

/// A logged-in trainer: who, and the CSRF token their forms must carry.
pub(super) struct Trainer {
    login: trainers::Login,
    token_hash: String,
}

impl FromRequestParts<AppState> for Trainer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Trainer, Response> {
        let jar = CookieJar::from_headers(&parts.headers);
        let to_login = || Redirect::to("/trainer/login").into_response();
        let Some(token) = jar.get(LOGIN_COOKIE).map(|c| c.value().to_string()) else {
            return Err(to_login());
        };
        let token_hash = auth::token_hash(&token);
        match trainers::login(
            app.authority.db(),
            &token_hash,
            jiff::Timestamp::now().as_second(),
        )
        .await
        {
            Ok(Some(login)) => Ok(Trainer { login, token_hash }),
            Ok(None) => Err(to_login()),
            Err(e) => Err(PageError::Internal(e).into_response()),
        }
    }
}

impl Trainer {
    /// Refuses a form whose CSRF token is not this login's.
    fn check(&self, csrf: &str) -> Result<(), PageError> {
        if auth::same(&self.login.csrf, csrf) {
            Ok(())
        } else {
            Err(PageError::Forbidden(
                "This form is out of date (or came from another site); reload the page and try again.".into(),
            ))
        }
    }
}

fn trainer_page(
    prefs: Prefs,
    title: &str,
    back: &str,
    trainer: Option<&Trainer>,
    body: Markup,
) -> Markup {
    let right = match trainer {
        Some(t) => html! { span.muted { "Trainer: " (t.login.name) } },
        None => html! {},
    };
    page(title, prefs.size, back, right, body)
}

async fn login_page(prefs: Prefs, jar: CookieJar) -> Response {
    let csrf = auth::token();
    let jar = jar.add(cookie(PRE_LOGIN_COOKIE.into(), csrf.clone()));
    (
        jar,
        trainer_page(
            prefs,
            "Trainer login",
            "/trainer/login",
            None,
            pages::login(&csrf, None),
        ),
    )
        .into_response()
}

#[derive(Deserialize)]
struct LoginFields {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

async fn login(
    State(app): State<AppState>,
    prefs: Prefs,
    jar: CookieJar,
    Form(f): Form<LoginFields>,
) -> Result<Response, PageError> {
    let expected = jar
        .get(PRE_LOGIN_COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    let again = |message: &str| {
        let csrf = auth::token();
        let jar = jar
            .clone()
            .add(cookie(PRE_LOGIN_COOKIE.into(), csrf.clone()));
        (
            StatusCode::UNAUTHORIZED,
            jar,
            trainer_page(
                prefs,
                "Trainer login",
                "/trainer/login",
                None,
                pages::login(&csrf, Some(message)),
            ),
        )
            .into_response()
    };
    if expected.is_empty() || !auth::same(&expected, &f.csrf) {
        return Ok(again("The login form was out of date; log in again."));
    }
    let trainer = trainers::by_name(app.authority.db(), f.name.trim()).await?;
    // The hash is checked even for an unknown name, so timing does not tell names apart.
    let stored = trainer
        .as_ref()
        .map(|t| t.password_hash.clone())
        .unwrap_or_else(|| app.dummy_hash.clone());
    let password = f.password.clone();
    let ok = tokio::task::spawn_blocking(move || auth::password_matches(&password, &stored))
        .await
        .unwrap_or(false);
    let Some(trainer) = trainer.filter(|_| ok) else {
        return Ok(again("The name or the password is not right."));
    };
    let token = auth::token();
    let expires =
        jiff::Timestamp::now().as_second() + 3600 * i64::from(app.config.limits.login_hours);
    trainers::add_login(
        app.authority.db(),
        &auth::token_hash(&token),
        trainer.id,
        &auth::token(),
        expires,
    )
    .await?;
    let jar = jar
        .remove(Cookie::from(PRE_LOGIN_COOKIE))
        .add(cookie(LOGIN_COOKIE.into(), token));
    Ok((jar, Redirect::to("/trainer")).into_response())
}

#[derive(Deserialize)]
struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

async fn logout(
    State(app): State<AppState>,
    trainer: Trainer,
    jar: CookieJar,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, PageError> {
    trainer.check(&f.csrf)?;
    trainers::remove_login(app.authority.db(), &trainer.token_hash).await?;
    Ok((
        jar.remove(Cookie::from(LOGIN_COOKIE)),
        Redirect::to("/trainer/login"),
    )
        .into_response())
}

async fn session_lines(app: &AppState) -> Result<Vec<SessionLine>, PageError> {
    let mut lines = Vec::new();
    for session in sessions::list(app.authority.db()).await? {
        let all = runs::of_session(app.authority.db(), &session.code).await?;
        let mut trainees: Vec<&str> = all.iter().map(|r| r.trainee_id.as_str()).collect();
        trainees.sort_unstable();
        trainees.dedup();
        lines.push(SessionLine {
            trainees: trainees.len(),
            finished: all
                .iter()
                .filter(|r| r.status == RunStatus::Finished)
                .count(),
            session,
        });
    }
    Ok(lines)
}

async fn dashboard(
    State(app): State<AppState>,
    prefs: Prefs,
    trainer: Trainer,
) -> Result<Markup, PageError> {
    let lines = session_lines(&app).await?;
    let limits = &app.config.limits;
    let defaults = (limits.max_trainees.min(40), limits.max_trainees);
    Ok(trainer_page(
        prefs,
        "Sessions",
        "/trainer",
        Some(&trainer),
        pages::dashboard(
            &trainer.login.csrf,
            &lines,
            app.authority.catalog(),
            None,
            defaults,
        ),
    ))
}

#[derive(Deserialize)]
struct NewSession {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    scenario: Vec<String>,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    roster: String,
    max_trainees: Option<u32>,
}

async fn create_session(
    State(app): State<AppState>,
    prefs: Prefs,
    trainer: Trainer,
    Form(f): Form<NewSession>,
) -> Result<Response, PageError> {
    trainer.check(&f.csrf)?;
    let limits = &app.config.limits;
    let problem =
        |message: String| -> Result<Response, PageError> { Err(PageError::BadRequest(message)) };
    let title = f.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() || title.chars().count() > limits.max_name_chars {
        return problem(format!(
            "A session needs a title of 1 to {} characters.",
            limits.max_name_chars
        ));
    }
    if f.scenario.is_empty() {
        return problem("Choose at least one scenario.".into());
    }
    for s in &f.scenario {
        if app.authority.catalog().get(s).is_none() {
            return problem(format!("There is no scenario “{s}” on this server."));
        }
    }
    let max = f.max_trainees.unwrap_or(limits.max_trainees);
    if max == 0 || max > limits.max_trainees {
        return problem(format!(
            "Most trainees must be from 1 to {}.",
            limits.max_trainees
        ));
    }
    let mut roster: Vec<String> = f
        .roster
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    roster.dedup();
    if roster.len() > max as usize {
        return problem(format!(
            "The roster has {} trainees, more than the {max} the session allows.",
            roster.len()
        ));
    }
    if let Some(long) = roster
        .iter()
        .find(|r| r.chars().count() > limits.max_name_chars)
    {
        return problem(format!(
            "The trainee id “{long}” is longer than {} characters.",
            limits.max_name_chars
        ));
    }
    if sessions::count_open(app.authority.db()).await? >= i64::from(limits.max_sessions) {
        return problem(format!(
            "{} sessions are open, as many as this server allows; close one first.",
            limits.max_sessions
        ));
    }
    let mut scenarios = f.scenario.clone();
    scenarios.dedup();
    // A fresh code, tried again on the rare clash with an existing one.
    for _ in 0..20 {
        let session = ClassSession {
            code: crate::code::generate(),
            title: title.clone(),
            mode: if f.mode == "assessed" {
                presscheck_records::Mode::Assessed
            } else {
                presscheck_records::Mode::Practice
            },
            scenarios: scenarios.clone(),
            roster: roster.clone(),
            max_trainees: max,
            created_at: crate::db::now_text(),
            closed_at: None,
        };
        if sessions::create(app.authority.db(), &session, trainer.login.trainer_id).await? {
            return Ok(Redirect::to(&format!("/trainer/sessions/{}", session.code)).into_response());
        }
    }
    let _ = prefs;
    problem("No free session code was found; try again.".into())
}

async fn session_of(app: &AppState, code: &str) -> Result<ClassSession, PageError> {
    sessions::get(app.authority.db(), code)
        .await?
        .ok_or_else(|| PageError::NotFound(format!("There is no session {code}.")))
}

/// Where every trainee of a session stands, from the engine's runs rebuilt from their decisions.
async fn roster_lines(app: &AppState, code: &str) -> Result<Vec<RosterLine>, PageError> {
    let rows = runs::of_session(app.authority.db(), code).await?;
    let mut decisions: HashMap<Uuid, Vec<presscheck_engine::Decision>> = HashMap::new();
    for (run, d) in runs::decisions_of_session(app.authority.db(), code).await? {
        decisions.entry(run).or_default().push(d.decision);
    }
    let mut lines = Vec::new();
    for row in rows {
        let made = decisions.remove(&row.id).unwrap_or_default();
        let (stage, hours_left) = match app.authority.catalog().get(&row.scenario_id) {
            Some(scenario) if row.status == RunStatus::Playing => {
                let mut run = Run::new(&scenario, row.seed);
                for d in &made {
                    let _ = run.apply(d);
                }
                (
                    run.current_stage().map(|s| s.title.clone()),
                    Some(run.hours_left()),
                )
            }
            _ => (None, None),
        };
        lines.push(RosterLine {
            run: row.id,
            trainee_id: row.trainee_id.clone(),
            name: row.trainee_name.clone(),
            scenario: row.scenario_id.clone(),
            status: row.status,
            stage,
            hours_left,
            decisions: made.len(),
            result: row.score.zip(row.passed),
        });
    }
    Ok(lines)
}

fn join_address(headers: &HeaderMap, app: &AppState) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| app.config.listen.to_string());
    format!("http://{host}/")
}

#[derive(Deserialize, Default)]
struct NoteQuery {
    note: Option<String>,
}

async fn session_page(
    State(app): State<AppState>,
    prefs: Prefs,
    trainer: Trainer,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(q): Query<NoteQuery>,
) -> Result<Markup, PageError> {
    let session = session_of(&app, &code).await?;
    let roster = pages::roster(
        &roster_lines(&app, &code).await?,
        &trainer.login.csrf,
        &code,
    );
    let stages = session
        .scenarios
        .iter()
        .filter_map(|id| app.authority.catalog().get(id))
        .map(|s| ScenarioStages {
            id: s.id().to_string(),
            title: s.file.title.clone(),
            stages: s
                .file
                .stages
                .iter()
                .map(|st| (st.id.clone(), st.title.clone()))
                .collect(),
        })
        .collect();
    let records = db_records::of_session(app.authority.db(), &code)
        .await?
        .len();
    let lrs = match &app.config.lrs {
        Some(target) => {
            let last = app
                .lrs_reports
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(&code)
                .cloned();
            let status = lrs_status(&app, &code, target).await?;
            Some(match last {
                Some(last) => format!("{status} Last push: {last}"),
                None => status,
            })
        }
        None => None,
    };
    let body = pages::session(&SessionPage {
        session: &session,
        csrf: &trainer.login.csrf,
        join_address: join_address(&headers, &app),
        roster,
        stages,
        records,
        lrs,
        note: q.note,
    });
    Ok(trainer_page(
        prefs,
        &format!("Session {code}"),
        &format!("/trainer/sessions/{code}"),
        Some(&trainer),
        body,
    ))
}

async fn roster_fragment(
    State(app): State<AppState>,
    trainer: Trainer,
    Path(code): Path<String>,
) -> Result<Markup, PageError> {
    session_of(&app, &code).await?;
    Ok(pages::roster(
        &roster_lines(&app, &code).await?,
        &trainer.login.csrf,
        &code,
    ))
}

/// The roster, redrawn and sent each time something happens in the session.
async fn events(
    State(app): State<AppState>,
    trainer: Trainer,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    session_of(&app, &code).await?;
    let csrf = trainer.login.csrf.clone();
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<SseEvent, Infallible>>(16);
    let mut listening = app.authority.events().subscribe();
    tokio::spawn(async move {
        // The current roster first, then one for every change (several changes at once make one redraw).
        let mut send = true;
        loop {
            if send {
                let html = match roster_lines(&app, &code).await {
                    Ok(lines) => pages::roster(&lines, &csrf, &code).into_string(),
                    Err(_) => return,
                };
                if tx
                    .send(Ok(SseEvent::default().event("roster").data(html)))
                    .await
                    .is_err()
                {
                    return;
                }
            }
            match listening.recv().await {
                Ok(Event { session, .. }) => send = session == code,
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => send = true,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
            }
            while let Ok(Event { session, .. }) = listening.try_recv() {
                send |= session == code;
            }
        }
    });
    Ok(Sse::new(ReceiverStream::new(rx))
        .keep_alive(KeepAlive::default())
        .into_response())
}

async fn close(
    State(app): State<AppState>,
    trainer: Trainer,
    Path(code): Path<String>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, PageError> {
    trainer.check(&f.csrf)?;
    session_of(&app, &code).await?;
    let abandoned = app
        .authority
        .close_session(&code)
        .await
        .map_err(|e| match e {
            crate::authority::Refusal::Db(e) => PageError::Internal(e),
            other => PageError::BadRequest(other.to_string()),
        })?;
    let note =
        format!("Session {code} is closed; {abandoned} unfinished run(s) recorded as abandoned.");
    Ok(Redirect::to(&format!(
        "/trainer/sessions/{code}?note={}",
        crate::pages::layout::urlencode(&note)
    ))
    .into_response())
}

#[derive(Deserialize)]
struct ReleaseFields {
    #[serde(default)]
    csrf: String,
    trainee: String,
}

async fn release(
    State(app): State<AppState>,
    trainer: Trainer,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(f): Form<ReleaseFields>,
) -> Result<Response, PageError> {
    trainer.check(&f.csrf)?;
    session_of(&app, &code).await?;
    let token = app.authority.release(&code, &f.trainee).await?;
    let note = format!(
        "{} can continue in another browser by opening {}rejoin/{code}/{token}",
        f.trainee,
        join_address(&headers, &app)
    );
    Ok(Redirect::to(&format!(
        "/trainer/sessions/{code}?note={}",
        crate::pages::layout::urlencode(&note)
    ))
    .into_response())
}

/// The stage's choices as the class made them, and what each led to.
async fn projector(
    State(app): State<AppState>,
    prefs: Prefs,
    trainer: Trainer,
    Path((code, scenario_id, stage_id)): Path<(String, String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Markup, PageError> {
    let session = session_of(&app, &code).await?;
    let scenario = app
        .authority
        .catalog()
        .get(&scenario_id)
        .filter(|_| session.scenarios.contains(&scenario_id))
        .ok_or_else(|| {
            PageError::NotFound(format!("Session {code} has no scenario “{scenario_id}”."))
        })?;
    let stage = scenario
        .stage_by_id(&stage_id)
        .ok_or_else(|| PageError::NotFound(format!("The scenario has no stage “{stage_id}”.")))?;
    let rows: HashMap<Uuid, crate::model::RunRow> = runs::of_session(app.authority.db(), &code)
        .await?
        .into_iter()
        .filter(|r| r.scenario_id == scenario_id)
        .map(|r| (r.id, r))
        .collect();
    let mut taken: HashMap<String, Vec<Uuid>> = HashMap::new();
    for (run, d) in runs::decisions_of_session(app.authority.db(), &code).await? {
        if let presscheck_engine::Decision::Choose { stage, choice } = &d.decision
            && *stage == stage_id
            && rows.contains_key(&run)
        {
            taken.entry(choice.clone()).or_default().push(run);
        }
    }
    let careful = scenario
        .file
        .model_play
        .iter()
        .find(|m| m.0 == stage_id)
        .map(|m| m.1.clone());
    let choices = stage
        .choices
        .iter()
        .map(|c| {
            let who = taken.get(&c.id).cloned().unwrap_or_default();
            let finished: Vec<&crate::model::RunRow> = who
                .iter()
                .filter_map(|r| rows.get(r))
                .filter(|r| r.status == RunStatus::Finished)
                .collect();
            let passed = finished.iter().filter(|r| r.passed == Some(true)).count();
            let scores: Vec<f64> = finished.iter().filter_map(|r| r.score).collect();
            let mean =
                (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
            ChoiceTally {
                label: c.label.clone(),
                took: who.len(),
                careful: careful.as_deref() == Some(c.id.as_str()),
                finished: finished.len(),
                passed,
                mean,
            }
        })
        .collect();
    let index = scenario.stage_ix(&stage_id).unwrap_or(0);
    let link = |i: usize| {
        scenario
            .file
            .stages
            .get(i)
            .map(|s| format!("/trainer/sessions/{code}/projector/{scenario_id}/{}", s.id))
    };
    let view = ProjectorStage {
        session: &session,
        scenario_title: scenario.file.title.clone(),
        stage: (&stage.title, &stage.situation),
        choices,
        reveal: q.get("reveal").is_some_and(|v| v == "1"),
        prev: index.checked_sub(1).and_then(link),
        next: link(index + 1),
    };
    Ok(trainer_page(
        prefs,
        &stage.title,
        &format!("/trainer/sessions/{code}/projector/{scenario_id}/{stage_id}"),
        Some(&trainer),
        pages::projector(&view),
    ))
}

/// A session's records as the records crate reads a folder.
async fn record_set(app: &AppState, code: &str) -> Result<RecordSet, PageError> {
    let mut set = RecordSet::default();
    for stored in db_records::of_session(app.authority.db(), code).await? {
        match serde_json::from_str::<presscheck_records::Record>(&stored.json) {
            Ok(record) => {
                let path = stored
                    .file
                    .map(PathBuf::from)
                    .unwrap_or_else(|| PathBuf::from(format!("{}.json", file_stem(&record))));
                set.records.push(StoredRecord { path, record });
            }
            Err(e) => set.skipped.push(presscheck_records::store::Skipped {
                path: PathBuf::from(stored.run_id.to_string()),
                reason: format!("stored record does not parse: {e}"),
            }),
        }
    }
    set.records.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(set)
}

/// The class report, with the same content as `presscheck report`.
async fn report(
    State(app): State<AppState>,
    _trainer: Trainer,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    session_of(&app, &code).await?;
    let set = record_set(&app, &code).await?;
    let report = presscheck_records::report::build(&set);
    let html = presscheck_records::report::html(&report);
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response())
}

async fn report_table(
    State(app): State<AppState>,
    _trainer: Trainer,
    Path((code, table)): Path<(String, String)>,
) -> Result<Response, PageError> {
    session_of(&app, &code).await?;
    let set = record_set(&app, &code).await?;
    let report = presscheck_records::report::build(&set);
    let bytes = presscheck_records::report::csv_table(&report, &table)
        .ok_or_else(|| PageError::NotFound(format!("There is no table “{table}”.")))?;
    let disposition = format!("attachment; filename=\"{code}-{table}\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

async fn certificate(
    State(app): State<AppState>,
    _trainer: Trainer,
    Path((code, file)): Path<(String, String)>,
) -> Result<Response, PageError> {
    session_of(&app, &code).await?;
    let stem = file.trim_end_matches(".html");
    let set = record_set(&app, &code).await?;
    let stored = set
        .records
        .iter()
        .find(|r| {
            r.path
                .file_stem()
                .is_some_and(|s| s.to_string_lossy() == stem)
        })
        .ok_or_else(|| PageError::NotFound("There is no such certificate.".into()))?;
    let html = presscheck_records::certificate(&stored.record, Some(&app.authority.key))
        .map_err(|e| PageError::NotFound(format!("No certificate: {e}.")))?;
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response())
}

/// The spool of the configured LRS in the data folder: one ledger per LRS address.
fn spool_dir(app: &AppState, target: &crate::config::LrsTarget) -> std::path::PathBuf {
    app.config
        .data
        .join("xapi-spool")
        .join(presscheck_records::lrs::spool_name(&target.endpoint))
}

/// The session's statements, from its records.
fn session_statements(
    set: &presscheck_records::RecordSet,
    target: &crate::config::LrsTarget,
) -> Vec<serde_json::Value> {
    let options = presscheck_records::xapi::XapiOptions {
        home_page: target.home_page.clone(),
        activity_base: target.activity_base.clone(),
    };
    presscheck_records::xapi::statements_of_set(set, &options)
}

/// How many of the session's statements the LRS has acknowledged, and how many wait.
async fn lrs_status(
    app: &AppState,
    code: &str,
    target: &crate::config::LrsTarget,
) -> Result<String, PageError> {
    let set = record_set(app, code).await?;
    let dir = spool_dir(app, target);
    let (endpoint, key) = (target.endpoint.clone(), app.authority.key.clone());
    let statements = session_statements(&set, target);
    let records = set.records.len();
    let status = tokio::task::spawn_blocking(move || {
        use presscheck_records::lrs::{PushError, Spool};
        match Spool::open(&dir, &endpoint, Some(&key)).and_then(|s| s.status(&statements)) {
            Ok(st) => format!(
                "{} statement(s) from {records} record(s): {} acknowledged by the LRS, {} waiting.",
                st.total,
                st.acknowledged,
                st.waiting()
            ),
            Err(PushError::Busy(_)) => "A push is under way.".to_string(),
            Err(e) => format!("The spool cannot be read: {e}."),
        }
    })
    .await
    .unwrap_or_else(|e| e.to_string());
    Ok(status)
}

/// Sends the session's statements to the LRS, and notes what happened.
async fn push_lrs(
    State(app): State<AppState>,
    trainer: Trainer,
    Path(code): Path<String>,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, PageError> {
    trainer.check(&f.csrf)?;
    session_of(&app, &code).await?;
    let Some(target) = app.config.lrs.clone() else {
        return Err(PageError::NotFound(
            "No LRS is configured on this server (start it with --lrs URL).".into(),
        ));
    };
    let set = record_set(&app, &code).await?;
    let dir = spool_dir(&app, &target);
    let statements = session_statements(&set, &target);
    let key = app.authority.key.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        use presscheck_records::lrs::{Lrs, PushOptions, Spool, push};
        let lrs = Lrs::from_env(&target.endpoint).map_err(|e| e.to_string())?;
        let spool = Spool::open(&dir, lrs.endpoint(), Some(&key)).map_err(|e| e.to_string())?;
        let report = push(
            &lrs,
            &spool,
            statements,
            &PushOptions::default(),
            &|_, _| {},
        )
        .map_err(|e| e.to_string())?;
        let mut note = format!("{}.", report.summary());
        for line in report.problems().into_iter().chain(report.notes()) {
            note.push(' ');
            note.push_str(&line);
            note.push('.');
        }
        Ok::<_, String>(note)
    })
    .await
    .unwrap_or_else(|e| Err(e.to_string()));
    let note = match outcome {
        Ok(n) => n,
        Err(e) => format!("The push could not start: {e}"),
    };
    app.lrs_reports
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(code.clone(), note.clone());
    Ok(Redirect::to(&format!(
        "/trainer/sessions/{code}?note={}",
        crate::pages::layout::urlencode(&note)
    ))
    .into_response())
}

fn replay_links(run: Uuid, who: &str) -> Links {
    Links {
        consequences: format!("/trainer/runs/{run}/consequences"),
        debrief: format!("/trainer/runs/{run}/debrief"),
        replay_of: Some(who.to_string()),
    }
}

async fn replay_state(
    app: &AppState,
    run: Uuid,
) -> Result<(crate::authority::RunState, presscheck_engine::Outcome), PageError> {
    let state = app.authority.state(run, None).await.map_err(|e| match e {
        crate::authority::Refusal::Db(e) => PageError::Internal(e),
        other => PageError::NotFound(other.to_string()),
    })?;
    let outcome = state
        .outcome()
        .ok_or_else(|| PageError::NotFound("This run has not finished.".into()))?;
    Ok((state, outcome))
}

async fn replay_consequences(
    State(app): State<AppState>,
    prefs: Prefs,
    trainer: Trainer,
    Path(run): Path<Uuid>,
) -> Result<Markup, PageError> {
    let (state, o) = replay_state(&app, run).await?;
    let usual = app.authority.usual().of(run, &state.scenario, &o).await;
    let body = outcome::consequences(
        &state,
        &o,
        usual.as_deref(),
        &replay_links(run, &state.row.trainee_name),
    );
    Ok(trainer_page(
        prefs,
        "Replay",
        &format!("/trainer/runs/{run}/consequences"),
        Some(&trainer),
        body,
    ))
}

async fn replay_debrief(
    State(app): State<AppState>,
    prefs: Prefs,
    trainer: Trainer,
    Path(run): Path<Uuid>,
    Query(q): Query<WhatIfQuery>,
) -> Result<Markup, PageError> {
    let (state, o) = replay_state(&app, run).await?;
    let other = what_if_of(&state, &q);
    let back = html! { p { a href=(format!("/trainer/sessions/{}", state.row.session_code)) { "← Session " (state.row.session_code) } } };
    let usual = app.authority.usual().of(run, &state.scenario, &o).await;
    let body = outcome::debrief(
        &state,
        &o,
        usual.as_deref(),
        &replay_links(run, &state.row.trainee_name),
        other.as_ref().map(|(s, l, o)| (s.as_str(), l.as_str(), o)),
        back,
    );
    Ok(trainer_page(
        prefs,
        "Replay",
        &format!("/trainer/runs/{run}/debrief"),
        Some(&trainer),
        body,
    ))
}
