//! The trainee's pages: join with a code and a name, choose a scenario, and play the whole loop in the browser.

use super::{Prefs, cookie};
use crate::authority::{Refusal, RunState};
use crate::error::PageError;
use crate::model::RunStatus;
use crate::pages::layout::page;
use crate::pages::outcome::{self, Links};
use crate::pages::play::{self, JoinForm};
use crate::state::AppState;
use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{ConnectInfo, Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use maud::{Markup, html};
use presscheck_engine::{Decision, Treatment, story, whatif};
use serde::Deserialize;
use std::net::SocketAddr;
use uuid::Uuid;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/join", post(join))
        .route("/s/{code}", get(choose))
        .route("/s/{code}/start", post(start))
        .route("/rejoin/{code}/{token}", get(rejoin))
        .route("/play/{run}", get(play))
        .route("/play/{run}/briefing", get(briefing))
        .route("/play/{run}/desk", get(desk))
        .route("/play/{run}/confirm", get(confirm))
        .route("/play/{run}/decide", post(decide))
        .route("/play/{run}/consequences", get(consequences))
        .route("/play/{run}/debrief", get(debrief))
}

/// The cookie of a browser in a session.
fn session_cookie(code: &str) -> String {
    format!("pc_s_{code}")
}

fn trainee_page(
    prefs: Prefs,
    title: &str,
    back: &str,
    who: Option<&RunState>,
    body: Markup,
) -> Markup {
    let right = match who {
        Some(s) => {
            html! { span.muted { "Session " (s.row.session_code) " · " (s.row.trainee_name) } }
        }
        None => html! {},
    };
    page(title, prefs.size, back, right, body)
}

#[derive(Deserialize, Default)]
struct HomeQuery {
    #[serde(default)]
    code: String,
}

async fn home(prefs: Prefs, Query(q): Query<HomeQuery>) -> Markup {
    let form = JoinForm {
        code: q.code,
        ..JoinForm::default()
    };
    trainee_page(prefs, "Join", "/", None, play::join(&form, None))
}

#[derive(Deserialize)]
struct JoinFields {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    trainee_id: String,
    scenario: Option<String>,
}

async fn join(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    prefs: Prefs,
    jar: CookieJar,
    form: Result<Form<JoinFields>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form.map_err(|e| PageError::BadRequest(e.body_text()))?;
    if let Err(wait) = app.joins.take(peer.ip()) {
        return Err(PageError::TooMany(
            format!(
                "Too many joins from this address just now; wait {} seconds and try again.",
                wait.as_secs().max(1)
            ),
            wait.as_secs().max(1),
        ));
    }
    let typed = JoinForm {
        code: f.code.clone(),
        name: f.name.clone(),
        trainee_id: f.trainee_id.clone(),
    };
    let token = crate::code::normalise(&f.code)
        .and_then(|c| jar.get(&session_cookie(&c)).map(|c| c.value().to_string()));
    match app
        .authority
        .join(
            &f.code,
            &f.name,
            &f.trainee_id,
            f.scenario.as_deref(),
            token.as_deref(),
        )
        .await
    {
        Ok(joined) => {
            let session = crate::db::sessions::get(app.authority.db(), &joined.code).await?;
            let jar = jar.add(cookie(session_cookie(&joined.code), joined.token));
            let to = match session {
                Some(s) if s.scenarios.len() > 1 && f.scenario.is_none() => {
                    format!("/s/{}", joined.code)
                }
                _ => format!("/play/{}", joined.run),
            };
            Ok((jar, Redirect::to(&to)).into_response())
        }
        Err(crate::authority::JoinError::Db(e)) => Err(PageError::Internal(e)),
        Err(e) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            trainee_page(
                prefs,
                "Join",
                "/",
                None,
                play::join(&typed, Some(&e.to_string())),
            ),
        )
            .into_response()),
    }
}

/// The trainee of this browser in a session, from its cookie.
async fn trainee_in(
    app: &AppState,
    code: &str,
    jar: &CookieJar,
) -> Result<(String, String, String), PageError> {
    let token = jar
        .get(&session_cookie(code))
        .map(|c| c.value().to_string())
        .ok_or_else(|| {
            PageError::Forbidden(format!(
                "Join session {code} first, with its code and your name."
            ))
        })?;
    let (id, name) = app
        .authority
        .trainee_of(code, &token)
        .await?
        .ok_or_else(|| {
            PageError::Forbidden(format!(
                "Join session {code} first, with its code and your name."
            ))
        })?;
    Ok((token, id, name))
}

async fn choose(
    State(app): State<AppState>,
    prefs: Prefs,
    jar: CookieJar,
    Path(code): Path<String>,
) -> Result<Markup, PageError> {
    let session = crate::db::sessions::get(app.authority.db(), &code)
        .await?
        .ok_or_else(|| PageError::NotFound(format!("There is no session {code}.")))?;
    let (_, trainee, _) = trainee_in(&app, &code, &jar).await?;
    let mine = crate::db::runs::of_session(app.authority.db(), &code).await?;
    let list: Vec<(String, String, Option<&'static str>)> = session
        .scenarios
        .iter()
        .map(|id| {
            let title = app
                .authority
                .catalog()
                .get(id)
                .map(|s| s.file.title.clone())
                .unwrap_or_else(|| id.clone());
            let state = mine
                .iter()
                .find(|r| r.trainee_id == trainee && r.scenario_id == *id)
                .map(|r| match r.status {
                    RunStatus::Playing => "continue",
                    RunStatus::Finished => "finished: see the debrief",
                    RunStatus::Abandoned => "left",
                });
            (id.clone(), title, state)
        })
        .collect();
    Ok(trainee_page(
        prefs,
        &session.title,
        &format!("/s/{code}"),
        None,
        play::choose(&session, &list, None),
    ))
}

#[derive(Deserialize)]
struct StartFields {
    scenario: String,
}

async fn start(
    State(app): State<AppState>,
    jar: CookieJar,
    Path(code): Path<String>,
    form: Result<Form<StartFields>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form.map_err(|e| PageError::BadRequest(e.body_text()))?;
    let (token, trainee, name) = trainee_in(&app, &code, &jar).await?;
    let joined = app
        .authority
        .join(&code, &name, &trainee, Some(&f.scenario), Some(&token))
        .await
        .map_err(|e| match e {
            crate::authority::JoinError::Db(e) => PageError::Internal(e),
            other => PageError::BadRequest(other.to_string()),
        })?;
    Ok(Redirect::to(&format!("/play/{}", joined.run)).into_response())
}

/// A link the trainer gave: continue the session in this browser.
async fn rejoin(jar: CookieJar, Path((code, token)): Path<(String, String)>) -> Response {
    let jar = jar.add(cookie(session_cookie(&code), token));
    (jar, Redirect::to(&format!("/s/{code}"))).into_response()
}

/// This browser's run, or why it may not see it.
async fn my_run(app: &AppState, run: Uuid, jar: &CookieJar) -> Result<RunState, PageError> {
    let any = app.authority.state(run, None).await.map_err(refused)?;
    let token = jar
        .get(&session_cookie(&any.row.session_code))
        .map(|c| c.value().to_string())
        .ok_or_else(|| PageError::Forbidden("This run belongs to another browser.".into()))?;
    app.authority
        .state(run, Some(&token))
        .await
        .map_err(refused)
}

/// A refusal as a page error.
fn refused(r: Refusal) -> PageError {
    match r {
        Refusal::Db(e) => PageError::Internal(e),
        Refusal::NotYours => {
            PageError::Forbidden("This run belongs to another browser, or does not exist.".into())
        }
        other => PageError::BadRequest(capitalised(&other.to_string())),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str() + ".",
        None => String::new(),
    }
}

/// Where a run stands: its briefing, its desk, or what came of it.
fn step_of(state: &RunState) -> String {
    let id = state.row.id;
    if state.row.status != RunStatus::Playing || state.run().is_finished() {
        if state.outcome().is_some() {
            format!("/play/{id}/consequences")
        } else {
            format!("/play/{id}/desk")
        }
    } else if state.decisions.is_empty() {
        format!("/play/{id}/briefing")
    } else {
        format!("/play/{id}/desk")
    }
}

async fn play(
    State(app): State<AppState>,
    jar: CookieJar,
    Path(run): Path<Uuid>,
) -> Result<Response, PageError> {
    let state = my_run(&app, run, &jar).await?;
    Ok(Redirect::to(&step_of(&state)).into_response())
}

async fn briefing(
    State(app): State<AppState>,
    prefs: Prefs,
    jar: CookieJar,
    Path(run): Path<Uuid>,
) -> Result<Markup, PageError> {
    let state = my_run(&app, run, &jar).await?;
    Ok(trainee_page(
        prefs,
        "Briefing",
        &format!("/play/{run}/briefing"),
        Some(&state),
        play::briefing(&state),
    ))
}

/// The desk, with a message when there is one; a run that has ended goes on to its consequences.
fn desk_page(prefs: Prefs, state: &RunState, error: Option<&str>) -> Response {
    if state.run().is_finished() || state.row.status != RunStatus::Playing {
        if error.is_none() {
            return Redirect::to(&step_of(state)).into_response();
        }
        let body = html! {
            (crate::pages::layout::error_banner(error.unwrap_or_default()))
            p { a.button href=(step_of(state)) { "See where your run stands" } }
        };
        return trainee_page(
            prefs,
            "Desk",
            &format!("/play/{}/desk", state.row.id),
            Some(state),
            body,
        )
        .into_response();
    }
    let title = state
        .run()
        .current_stage()
        .map(|s| s.title.clone())
        .unwrap_or_else(|| "Desk".into());
    trainee_page(
        prefs,
        &title,
        &format!("/play/{}/desk", state.row.id),
        Some(state),
        play::desk(state, error),
    )
    .into_response()
}

async fn desk(
    State(app): State<AppState>,
    prefs: Prefs,
    jar: CookieJar,
    Path(run): Path<Uuid>,
) -> Result<Response, PageError> {
    let state = my_run(&app, run, &jar).await?;
    Ok(desk_page(prefs, &state, None))
}

#[derive(Deserialize)]
struct ConfirmQuery {
    choice: String,
}

async fn confirm(
    State(app): State<AppState>,
    prefs: Prefs,
    jar: CookieJar,
    Path(run): Path<Uuid>,
    Query(q): Query<ConfirmQuery>,
) -> Result<Response, PageError> {
    let state = my_run(&app, run, &jar).await?;
    let preview = story::preview(&state.run(), &q.choice);
    match preview {
        Ok(Some(ended)) => Ok(trainee_page(
            prefs,
            "Confirm",
            &format!("/play/{run}/confirm?choice={}", q.choice),
            Some(&state),
            play::confirm(&state, &q.choice, &ended),
        )
        .into_response()),
        // Not an ending (or not open now): back to the desk, which says what is open.
        Ok(None) => Ok(desk_page(
            prefs,
            &state,
            Some("That choice does not publish or hold the story; choose it on the desk."),
        )),
        Err(e) => Ok((
            StatusCode::CONFLICT,
            desk_page(prefs, &state, Some(&capitalised(&e.to_string()))),
        )
            .into_response()),
    }
}

#[derive(Deserialize)]
struct DecideFields {
    index: u32,
    stage: String,
    choice: Option<String>,
    item: Option<String>,
    treatment: Option<String>,
}

impl DecideFields {
    fn decision(&self) -> Result<Decision, String> {
        match (&self.choice, &self.item, &self.treatment) {
            (Some(choice), None, _) => Ok(Decision::choose(&self.stage, choice)),
            (None, Some(item), Some(t)) => {
                let treatment: Treatment = t
                    .parse()
                    .map_err(|e: presscheck_engine::treatment::UnknownTreatment| e.to_string())?;
                Ok(Decision::edit(&self.stage, item, treatment))
            }
            _ => Err("a decision is a choice, or an item with a treatment".into()),
        }
    }
}

async fn decide(
    State(app): State<AppState>,
    prefs: Prefs,
    jar: CookieJar,
    Path(run): Path<Uuid>,
    form: Result<Form<DecideFields>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form.map_err(|e| PageError::BadRequest(e.body_text()))?;
    let state = my_run(&app, run, &jar).await?;
    let decision = f.decision().map_err(PageError::BadRequest)?;
    let token = jar
        .get(&session_cookie(&state.row.session_code))
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    match app.authority.decide(run, &token, f.index, decision).await {
        Ok(_) => {
            let now = my_run(&app, run, &jar).await?;
            Ok(Redirect::to(&step_of(&now)).into_response())
        }
        Err(Refusal::Db(e)) => Err(PageError::Internal(e)),
        Err(Refusal::NotYours) => Err(refused(Refusal::NotYours)),
        Err(r) => {
            let now = my_run(&app, run, &jar).await?;
            let status = match r {
                Refusal::Illegal(_) => StatusCode::UNPROCESSABLE_ENTITY,
                _ => StatusCode::CONFLICT,
            };
            Ok((
                status,
                desk_page(prefs, &now, Some(&capitalised(&r.to_string()))),
            )
                .into_response())
        }
    }
}

fn links(run: Uuid) -> Links {
    Links {
        consequences: format!("/play/{run}/consequences"),
        debrief: format!("/play/{run}/debrief"),
        replay_of: None,
    }
}

async fn consequences(
    State(app): State<AppState>,
    prefs: Prefs,
    jar: CookieJar,
    Path(run): Path<Uuid>,
) -> Result<Response, PageError> {
    let state = my_run(&app, run, &jar).await?;
    let Some(o) = state.outcome() else {
        return Ok(Redirect::to(&step_of(&state)).into_response());
    };
    let usual = app.authority.usual().of(run, &state.scenario, &o).await;
    Ok(trainee_page(
        prefs,
        "What happened next",
        &format!("/play/{run}/consequences"),
        Some(&state),
        outcome::consequences(&state, &o, usual.as_deref(), &links(run)),
    )
    .into_response())
}

#[derive(Deserialize, Default)]
pub(super) struct WhatIfQuery {
    pub(super) stage: Option<String>,
    pub(super) choice: Option<String>,
}

/// The other outcome, when the page asks "what if".
pub(super) fn what_if_of(
    state: &RunState,
    q: &WhatIfQuery,
) -> Option<(String, String, presscheck_engine::Outcome)> {
    let (stage, choice) = (q.stage.as_ref()?, q.choice.as_ref()?);
    let other = whatif::rerun(
        &state.scenario,
        state.row.seed,
        &state.plain_decisions(),
        stage,
        choice,
    )
    .ok()?;
    let title = state.scenario.stage_by_id(stage)?.title.clone();
    let label = state.scenario.choice(stage, choice)?.label.clone();
    Some((title, label, other))
}

async fn debrief(
    State(app): State<AppState>,
    prefs: Prefs,
    jar: CookieJar,
    Path(run): Path<Uuid>,
    Query(q): Query<WhatIfQuery>,
) -> Result<Response, PageError> {
    let state = my_run(&app, run, &jar).await?;
    let Some(o) = state.outcome() else {
        return Ok(Redirect::to(&step_of(&state)).into_response());
    };
    let other = what_if_of(&state, &q);
    let next = html! {
        @if state.session.scenarios.len() > 1 && state.session.is_open() {
            h2 { "Next" }
            p { a.button href=(format!("/s/{}", state.row.session_code)) { "Choose another scenario of this session" } }
        }
    };
    let usual = app.authority.usual().of(run, &state.scenario, &o).await;
    let body = outcome::debrief(
        &state,
        &o,
        usual.as_deref(),
        &links(run),
        other.as_ref().map(|(s, l, o)| (s.as_str(), l.as_str(), o)),
        next,
    );
    Ok(trainee_page(
        prefs,
        "Debrief",
        &format!("/play/{run}/debrief"),
        Some(&state),
        body,
    )
    .into_response())
}
