//! The trainer's pages: the login, the sessions and the form that creates one, a session's live roster, and the projector view of one stage.

use super::layout::{error_banner, note_banner, pct};
use crate::catalog::Catalog;
use crate::model::{ClassSession, RunStatus};
use maud::{Markup, html};

/// The login form; `csrf` is the token its own cookie carries.
pub fn login(csrf: &str, error: Option<&str>) -> Markup {
    html! {
        h1 { "Trainer login" }
        @if let Some(e) = error { (error_banner(e)) }
        form.stack method="post" action="/trainer/login" {
            input type="hidden" name="csrf" value=(csrf);
            label { "Name" input type="text" name="name" value="trainer" autocomplete="username" required; }
            label { "Password" input type="password" name="password" autocomplete="current-password" required autofocus; }
            div { button type="submit" { "Log in" } }
        }
        p.muted { "The first password was printed once when the server first started. "
            "To set a new one: " code { "presscheck serve --reset-password" } "." }
    }
}

/// One row of the sessions list.
pub struct SessionLine {
    /// The session.
    pub session: ClassSession,
    /// Trainees who joined.
    pub trainees: usize,
    /// Runs finished.
    pub finished: usize,
}

/// The dashboard: every session, and the form for a new one.
pub fn dashboard(
    csrf: &str,
    sessions: &[SessionLine],
    catalog: &Catalog,
    error: Option<&str>,
    defaults: (u32, u32),
) -> Markup {
    html! {
        h1 { "Your sessions" }
        @if let Some(e) = error { (error_banner(e)) }
        @if sessions.is_empty() { p.muted { "No sessions yet: create one below and give the class its code." } }
        @else {
            table {
                tr { th { "Code" } th { "Title" } th { "Mode" } th { "Scenarios" } th.n { "Trainees" } th.n { "Finished" } th { "State" } }
                @for line in sessions {
                    @let s = &line.session;
                    tr {
                        td { a href=(format!("/trainer/sessions/{}", s.code)) { strong { (s.code) } } }
                        td { (s.title) }
                        td { (s.mode.label()) }
                        td { (s.scenarios.join(", ")) }
                        td.n { (line.trainees) }
                        td.n { (line.finished) }
                        td { @if s.is_open() { "open" } @else { "closed" } }
                    }
                }
            }
        }
        h2 { "New session" }
        form.stack method="post" action="/trainer/sessions" {
            input type="hidden" name="csrf" value=(csrf);
            label { "Title" small { "for your lists, for example “Press office, 3 March”" }
                input type="text" name="title" required; }
            fieldset {
                legend { "Scenarios" }
                @for (i, s) in catalog.all().enumerate() {
                    label style="display:flex;gap:.5rem;font-weight:normal" {
                        input type="checkbox" name="scenario" value=(s.id()) checked[i == 0];
                        span { (s.file.title) " " small.muted { "(" (s.id()) ", " (s.file.difficulty.label()) ", " (s.file.minutes) " min)" } }
                    }
                }
            }
            fieldset {
                legend { "Mode" }
                label style="display:flex;gap:.5rem;font-weight:normal" { input type="radio" name="mode" value="practice" checked; "Practice" }
                label style="display:flex;gap:.5rem;font-weight:normal" { input type="radio" name="mode" value="assessed"; "Assessed (passed runs earn certificates)" }
            }
            label { "Roster" small { "optional: one trainee id per line; only they can join" }
                textarea name="roster" {} }
            label { "Most trainees" small { "at most " (defaults.1) }
                input type="number" name="max_trainees" min="1" max=(defaults.1) value=(defaults.0); }
            div { button type="submit" { "Create the session" } }
        }
        form method="post" action="/trainer/logout" {
            input type="hidden" name="csrf" value=(csrf);
            button.secondary type="submit" { "Log out" }
        }
    }
}

/// Where one trainee stands, for the roster.
pub struct RosterLine {
    /// The run.
    pub run: uuid::Uuid,
    /// The trainee's id.
    pub trainee_id: String,
    /// The name typed.
    pub name: String,
    /// The scenario.
    pub scenario: String,
    /// Playing, finished or abandoned.
    pub status: RunStatus,
    /// The stage now, while playing.
    pub stage: Option<String>,
    /// Hours left to the deadline, while playing.
    pub hours_left: Option<f64>,
    /// Decisions made.
    pub decisions: usize,
    /// Score and pass, once finished.
    pub result: Option<(f64, bool)>,
}

/// The live roster: who joined, where each stands, who finished with what; `csrf` and `code` for the "continue elsewhere" button.
pub fn roster(lines: &[RosterLine], csrf: &str, code: &str) -> Markup {
    html! {
        @if lines.is_empty() { p.muted { "Nobody has joined yet." } }
        @else {
            table {
                tr { th { "Trainee" } th { "Scenario" } th { "Where" } th.n { "Hours left" } th.n { "Decisions" } th.n { "Score" } th { "Result" } th { "Browser" } }
                @for l in lines {
                    tr {
                        td { (l.name) @if l.name != l.trainee_id { br; small.muted { (l.trainee_id) } } }
                        td { (l.scenario) }
                        td { @match l.status {
                            RunStatus::Playing => { (l.stage.clone().unwrap_or_default()) }
                            RunStatus::Finished => { "finished" }
                            RunStatus::Abandoned => { "left (session closed)" }
                        } }
                        td.n { @if let Some(h) = l.hours_left { (format!("{h:.1}")) } }
                        td.n { (l.decisions) }
                        td.n { @if let Some((score, _)) = l.result { (pct(score)) } }
                        td {
                            @if let Some((_, passed)) = l.result {
                                @if passed { "passed" } @else { "not passed" }
                                " · " a href=(format!("/trainer/runs/{}/debrief", l.run)) { "replay" }
                            }
                        }
                        td {
                            form method="post" action=(format!("/trainer/sessions/{code}/release")) {
                                input type="hidden" name="csrf" value=(csrf);
                                input type="hidden" name="trainee" value=(l.trainee_id);
                                button.small.secondary type="submit" title="Give a link to continue in another browser" { "continue elsewhere" }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// What a session's page shows besides the roster.
pub struct SessionPage<'a> {
    /// The session.
    pub session: &'a ClassSession,
    /// The CSRF token for its forms.
    pub csrf: &'a str,
    /// The address trainees open.
    pub join_address: String,
    /// The roster.
    pub roster: Markup,
    /// The stages of each scenario, for the projector.
    pub stages: Vec<ScenarioStages>,
    /// Records written.
    pub records: usize,
    /// When an LRS is configured: what was sent, what waits, and what the last push said.
    pub lrs: Option<String>,
    /// A message from the last action.
    pub note: Option<String>,
}

/// A scenario's stages, for links to the projector.
pub struct ScenarioStages {
    /// The scenario's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its stages: id and title, in file order.
    pub stages: Vec<(String, String)>,
}

/// A session's page: the code to show the class, the live roster, the projector, the report and the LRS.
pub fn session(p: &SessionPage<'_>) -> Markup {
    let s = p.session;
    html! {
        @if let Some(n) = &p.note { (note_banner(n)) }
        div.row style="justify-content:space-between;align-items:flex-end" {
            div {
                h1 { (s.title) }
                p.muted { (s.mode.label()) " · " (s.scenarios.join(", ")) " · at most " (s.max_trainees) " trainees"
                    @if !s.roster.is_empty() { " · roster of " (s.roster.len()) } }
            }
            div {
                div.code aria-label="Session code" { (s.code) }
                p.muted style="margin:0" { "Trainees open " strong { (p.join_address) } " and type the code." }
            }
        }
        @if !s.is_open() { (note_banner("This session is closed: nobody can join or play, and every run left unfinished was recorded as abandoned.")) }
        h2 { "Roster" }
        noscript { meta http-equiv="refresh" content="5"; }
        div id="roster" data-events=(format!("/trainer/sessions/{}/events", s.code)) { (p.roster) }
        h2 { "Class debrief (projector)" }
        @for scenario in &p.stages {
            p { strong { (scenario.title) } " " small.muted { "(" (scenario.id) ")" } }
            div.row {
                @for (stage, stage_title) in &scenario.stages {
                    a.button.secondary href=(format!("/trainer/sessions/{}/projector/{}/{stage}", s.code, scenario.id)) { (stage_title) }
                }
            }
        }
        h2 { "Report and records" }
        p {
            a href=(format!("/trainer/sessions/{}/report", s.code)) { "Class report" } " · CSV: "
            @for name in ["runs.csv", "trainees.csv", "scenarios.csv", "item-leaks.csv", "choices.csv", "over-time.csv"] {
                a href=(format!("/trainer/sessions/{}/report/{name}", s.code)) { (name) } " "
            }
        }
        p.muted { (p.records) " signed record(s). Each is also a file in the server's records folder, which "
            code { "presscheck verify" } " and " code { "presscheck replay" } " check." }
        @if let Some(status) = &p.lrs {
            h2 { "Learning record store" }
            p { (status) }
            form method="post" action=(format!("/trainer/sessions/{}/lrs", s.code)) {
                input type="hidden" name="csrf" value=(p.csrf);
                button type="submit" { "Send the session's statements to the LRS" }
            }
        }
        @if s.is_open() {
            h2 { "Close the session" }
            p.muted { "Nobody can join or play after this; runs not finished are recorded as abandoned." }
            form method="post" action=(format!("/trainer/sessions/{}/close", s.code)) {
                input type="hidden" name="csrf" value=(p.csrf);
                button.danger type="submit" { "Close session " (s.code) }
            }
        }
        p { a href="/trainer" { "← All sessions" } }
    }
}

/// How the class chose at one stage, and what each choice led to.
pub struct ProjectorStage<'a> {
    /// The session.
    pub session: &'a ClassSession,
    /// The scenario's title.
    pub scenario_title: String,
    /// The stage's title and situation.
    pub stage: (&'a str, &'a str),
    /// Each choice of the stage, in the author's order.
    pub choices: Vec<ChoiceTally>,
    /// Whether the careful choice is shown.
    pub reveal: bool,
    /// The previous and next stage's links.
    pub prev: Option<String>,
    /// The next stage's link.
    pub next: Option<String>,
}

/// How many took one choice, and what it led to.
pub struct ChoiceTally {
    /// The choice's label.
    pub label: String,
    /// How many runs took it.
    pub took: usize,
    /// Whether it is the careful choice (the model play's).
    pub careful: bool,
    /// Of those runs, how many finished.
    pub finished: usize,
    /// How many of those passed.
    pub passed: usize,
    /// Their mean score.
    pub mean: Option<f64>,
}

/// The projector view of one stage.
pub fn projector(p: &ProjectorStage<'_>) -> Markup {
    let total: usize = p.choices.iter().map(|c| c.took).sum();
    html! {
        div.projector {
            p.muted { (p.session.code) " · " (p.scenario_title) }
            h1 { (p.stage.0) }
            p { (p.stage.1) }
            @if total == 0 { p.muted { "Nobody has reached this stage yet." } }
            div.bars {
                @for c in &p.choices {
                    div.bar {
                        span.choice { (c.label) " " @if c.careful { span.careful hidden[!p.reveal] { "careful" } } }
                        span.track { span.fill style=(format!("display:block;width:{:.1}%", if total == 0 { 0.0 } else { 100.0 * c.took as f64 / total as f64 })) {} }
                        span { (c.took) " (" (if total == 0 { "0%".to_string() } else { pct(c.took as f64 / total as f64) }) ")" }
                    }
                }
            }
            @if !p.reveal {
                p { a.button href="?reveal=1" data-reveal { "Show the careful choice" } }
            }
            h2 { "What those choices led to" }
            table {
                tr { th { "Choice" } th.n { "Took it" } th.n { "Finished" } th.n { "Passed" } th.n { "Mean score" } }
                @for c in &p.choices {
                    tr {
                        td { (c.label) }
                        td.n { (c.took) }
                        td.n { (c.finished) }
                        td.n { (c.passed) }
                        td.n { @if let Some(m) = c.mean { (pct(m)) } @else { "–" } }
                    }
                }
            }
            div.row {
                @if let Some(prev) = &p.prev { a.button.secondary href=(prev) { "← Previous stage" } }
                a.button.secondary href=(format!("/trainer/sessions/{}", p.session.code)) { "Session" }
                @if let Some(next) = &p.next { a.button href=(next) { "Next stage →" } }
            }
        }
    }
}
