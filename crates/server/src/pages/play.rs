//! The trainee's pages while playing: the join form, the briefing, the desk (materials, stage, choices, clock, draft) and the confirmation of what goes out.

use super::layout::error_banner;
use crate::authority::RunState;
use crate::model::ClassSession;
use maud::{Markup, html};
use presscheck_engine::story::{self, Ended};
use presscheck_engine::treatment::{self, Treatment};
use presscheck_engine::{Run, Scenario};

/// What a join form was filled with, shown again with the error.
#[derive(Debug, Clone, Default)]
pub struct JoinForm {
    /// The code typed.
    pub code: String,
    /// The name typed.
    pub name: String,
    /// The trainee id typed.
    pub trainee_id: String,
}

/// The join form: a code and a name (and a trainee id where the trainer gave one).
pub fn join(form: &JoinForm, error: Option<&str>) -> Markup {
    html! {
        h1 { "Join your class" }
        p.muted { "Type the code your trainer shows and your name. Nothing to install." }
        @if let Some(e) = error { (error_banner(e)) }
        form.stack method="post" action="/join" {
            label { "Session code" small { "six letters and digits, for example KXT-4PM" }
                input type="text" name="code" value=(form.code) autocomplete="off" autocapitalize="characters" required autofocus; }
            label { "Your name"
                input type="text" name="name" value=(form.name) autocomplete="name" required; }
            label { "Trainee id" small { "only if your trainer gave you one" }
                input type="text" name="trainee_id" value=(form.trainee_id) autocomplete="off"; }
            div { button type="submit" { "Join" } }
        }
        p.muted { "Trainers: " a href="/trainer" { "log in" } "." }
    }
}

/// The scenarios of a session, each to start or continue.
pub fn choose(
    session: &ClassSession,
    scenarios: &[(String, String, Option<&'static str>)],
    error: Option<&str>,
) -> Markup {
    html! {
        h1 { (session.title) }
        p.muted { "Session " (session.code) " · " (session.mode.label()) }
        @if let Some(e) = error { (error_banner(e)) }
        h2 { "Choose a scenario" }
        div.choices style="max-width:40rem" {
            @for (id, title, state) in scenarios {
                form method="post" action=(format!("/s/{}/start", session.code)) {
                    input type="hidden" name="scenario" value=(id);
                    button type="submit" {
                        (title)
                        @if let Some(s) = state { " — " (s) }
                    }
                }
            }
        }
    }
}

/// The briefing: role, situation, deadline and objectives.
pub fn briefing(state: &RunState) -> Markup {
    let s = &state.scenario;
    let f = &s.file;
    let b = &f.briefing;
    html! {
        h1 { "Briefing: " (f.title) }
        p.muted { (f.difficulty.label()) " · about " (f.minutes) " minutes · session " (state.row.session_code) }
        div.panel style="max-width:52rem" {
            p { strong { "Your role: " (f.role) } }
            @for para in b.situation.split("\n\n") { p { (para) } }
            p { strong { (s.deadline_sentence()) } }
            h2 { "What you should learn" }
            ul { @for o in &f.objectives { li { (o) } } }
            p { "On your desk: " (materials_list(s)) ". Every choice costs time; the clock is at the top of the desk." }
            p { a.button href=(format!("/play/{}/desk", state.row.id)) autofocus { "Go to the desk" } }
        }
    }
}

fn materials_list(s: &Scenario) -> String {
    s.file
        .materials
        .iter()
        .map(|m| format!("{} ({})", m.title, m.kind.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The clock line: the time now and the hours to (or past) the deadline.
fn clock(s: &Scenario, run: &Run<'_>) -> Markup {
    let left = run.hours_left();
    let deadline = s.clock(s.file.briefing.deadline_hours);
    let class = if left < 0.0 {
        "clock late"
    } else if left < 1.5 {
        "clock close"
    } else {
        "clock"
    };
    html! {
        p class=(class) role="timer" {
            (s.clock(run.hours_used())) "  ·  "
            @if left >= 0.0 { (format!("{left:.1}")) " h to the deadline (" (deadline) ")" }
            @else { (format!("{:.1}", -left)) " h past the deadline (" (deadline) ")" }
        }
    }
}

/// The hidden fields every decision form carries: where the run stands, so a stale tab is told.
fn decision_fields(state: &RunState, stage: &str) -> Markup {
    html! {
        input type="hidden" name="index" value=(state.next_index());
        input type="hidden" name="stage" value=(stage);
    }
}

/// The desk: the materials as documents, the stage and its choices, the clock, and the draft with its controls.
pub fn desk(state: &RunState, error: Option<&str>) -> Markup {
    let s = &state.scenario;
    let run = state.run();
    let Some(stage) = run.current_stage() else {
        return html! { p { "This run has ended." } };
    };
    let id = state.row.id;
    let editable = run.editable_items();
    html! {
        div.row style="justify-content:space-between" {
            h1 { (s.file.title) " — " (stage.title) }
            (clock(s, &run))
        }
        @if let Some(e) = error { (error_banner(e)) }
        div.desk data-next=(state.next_index()) {
            section.panel aria-label="Materials on your desk" {
                h2 style="margin-top:0" { "Materials on your desk" }
                @for material in &s.file.materials { (super::material::card(material)) }
            }
            section.panel aria-label="The stage" {
                @for para in stage.situation.split("\n\n") { p { (para) } }
                h2 { "What do you do?" }
                div.choices {
                    @for choice in run.choices_in_display_order() {
                        @let cost = if choice.hours > 0.0 { format!("  ({:.1} h)", choice.hours) } else { String::new() };
                        @if matches!(story::preview(&run, &choice.id), Ok(Some(_))) {
                            a.button href=(format!("/play/{id}/confirm?choice={}", choice.id)) { (choice.label) (cost) }
                        } @else {
                            form method="post" action=(format!("/play/{id}/decide")) data-live {
                                (decision_fields(state, &stage.id))
                                input type="hidden" name="choice" value=(choice.id);
                                button type="submit" { (choice.label) (cost) }
                            }
                        }
                    }
                }
            }
            section.panel aria-label="Story draft" {
                h2 style="margin-top:0" { "Story draft, as it would go out" }
                @if run.draft().is_empty() { p.muted { "Nothing in the draft yet." } }
                @if !editable.is_empty() {
                    p.muted { "At this stage you can keep, generalise or cut each line below before you choose." }
                }
                @for (ix, t) in run.draft() {
                    @let item = s.item(ix);
                    @let class = match t { Treatment::Keep => "draft-item", Treatment::Generalise => "draft-item generalised", Treatment::Redact => "draft-item cut" };
                    div class=(class) {
                        @match t {
                            Treatment::Redact => { "cut: " (item.text) }
                            _ => { (treatment::wording(item, t).text) @if t == Treatment::Generalise { " " small.muted { "(generalised)" } } }
                        }
                        @if editable.contains(&ix) {
                            form.controls method="post" action=(format!("/play/{id}/decide")) data-live {
                                (decision_fields(state, &stage.id))
                                input type="hidden" name="item" value=(item.id);
                                @for option in treatment::options(item) {
                                    button.small.secondary type="submit" name="treatment" value=(option.treatment.name())
                                        aria-pressed=(if option.treatment == t { "true" } else { "false" })
                                        title=(if option.text.is_empty() { "Take it out of the story".to_string() } else { option.text.clone() }) {
                                        (option.treatment.verb())
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The confirmation: exactly what will go out, word for word, and when, before it does.
pub fn confirm(state: &RunState, choice: &str, ended: &Ended) -> Markup {
    let s = &state.scenario;
    let run = state.run();
    let stage = run.current_stage();
    let stage_title = stage.map(|st| st.title.clone()).unwrap_or_default();
    let stage_id = stage.map(|st| st.id.clone()).unwrap_or_default();
    let label = s
        .choice(&stage_id, choice)
        .map(|c| c.label.clone())
        .unwrap_or_default();
    let id = state.row.id;
    let publish = ended.ending.is_published();
    html! {
        h1 { @if publish { "Publish this story?" } @else { "Hold the story?" } }
        p.muted { (stage_title) ": " (label) }
        @if publish {
            p { strong {
                (ended.timing_sentence(s))
            } }
            p.muted { "This is exactly what will be published, word for word:" }
            div.story {
                @let out: Vec<_> = ended.story.out().collect();
                @if out.is_empty() { p { "(The story is empty: nothing of substance goes out.)" } }
                @for item in out { p { (item.text) } }
            }
        } @else {
            p { "Nothing will be published. The public part of the story will not be told, and the deadline will pass." }
        }
        div.row style="margin-top:1rem" {
            form method="post" action=(format!("/play/{id}/decide")) {
                (decision_fields(state, &stage_id))
                input type="hidden" name="choice" value=(choice);
                button type="submit" autofocus { @if publish { "Publish" } @else { "Hold the story" } }
            }
            a.button.secondary href=(format!("/play/{id}/desk")) { "Back to the desk" }
        }
    }
}
