//! What came of a run: the consequences (reprints by kind hour by hour, first foreign pickup) and the debrief (score, mistakes, missed cues, careful play, "what if").

use super::chart::reprints_by_hour;
use super::layout::{pct, thousands};
use crate::authority::RunState;
use maud::{Markup, html};
use presscheck_engine::debrief::EntryKind;
use presscheck_engine::outcome::leaked_items;
use presscheck_engine::replays::Replays;
use presscheck_engine::{Outcome, whatif};

/// Where a page about a run links to: the trainee's own pages, or the trainer's replay of it.
#[derive(Debug, Clone)]
pub struct Links {
    /// The run's consequences page.
    pub consequences: String,
    /// The run's debrief page.
    pub debrief: String,
    /// Whose run this is, for a replay shown to the class.
    pub replay_of: Option<String>,
}

/// The consequences: the reprint cascade as a chart, the counters, and the first foreign pickup called out.
pub fn consequences(
    state: &RunState,
    outcome: &Outcome,
    usual: Option<&Replays>,
    links: &Links,
) -> Markup {
    let s = &state.scenario;
    let spread = &outcome.spread;
    html! {
        h1 { @match &links.replay_of { Some(who) => { "Replay of " (who) "'s run" } None => { "What happened next" } } }
        @if outcome.story.published {
            p.muted { "Published at " (s.clock(outcome.ending.hour())) " by your outlet · "
                (thousands(u64::from(spread.outlets()))) " outlets watching" }
            (reprints_by_hour(spread, usual.map(|u| (u.band.as_slice(), u.count))))
            p { "Reach: " strong { (thousands(spread.reach)) } " people." }
            @match spread.first_foreign_hour {
                Some(h) => p.callout { "First foreign pickup at hour " (h) ": the story is now being read abroad." },
                None => p.callout.none { "No foreign website picked the story up." },
            }
        } @else {
            p { "Nothing was published, so nothing spread and nothing leaked. But the public part of the story went untold, and other outlets will fill the gap with whatever they have." }
        }
        p { a.button href=(links.debrief) autofocus { "Continue to the debrief" } }
    }
}

/// The debrief: pass or fail, the score as bars, the repercussions, every mistake with its cues, careful play, "what if" and the lessons.
pub fn debrief(
    state: &RunState,
    outcome: &Outcome,
    usual: Option<&Replays>,
    links: &Links,
    what_if: Option<(&str, &str, &Outcome)>,
    next: Markup,
) -> Markup {
    let s = &state.scenario;
    let score = &outcome.score;
    let c = score.components;
    let w = score.contributions;
    html! {
        @if let Some(who) = &links.replay_of { p.muted { "Replay of " (who) "'s run" } }
        p.muted { (s.file.title) }
        p class=(if score.passed { "verdict pass" } else { "verdict fail" }) { @if score.passed { "Passed" } @else { "Not passed" } }
        p { strong { "Score " (format!("{:.0}%", score.scaled * 100.0)) " · pass mark " (format!("{:.0}%", score.pass_mark * 100.0)) } }
        @if let Some(gate) = &score.gate { p.callout { "Failed whatever the score: " (gate) "." } }
        p { (outcome.debrief.verdict) }
        div.bars {
            @for (name, value, adds, bad) in [
                ("Protection", c.protection, w.protection, false),
                ("Procedure", c.procedure, w.procedure, false),
                ("Public value", c.public_value, w.public_value, false),
                ("Timeliness", c.timeliness, w.timeliness, false),
                ("Over-caution", c.over_caution, w.over_caution, true),
            ] {
                div class=(if bad { "bar bad" } else { "bar" }) {
                    span { (name) }
                    span.track role="img" aria-label=(format!("{name} {:.0}%", value * 100.0)) { span.fill style=(format!("display:block;width:{:.1}%", value.clamp(0.0, 1.0) * 100.0)) {} }
                    span.muted { (format!("{:.0}%  ({adds:+.2})", value * 100.0)) }
                }
            }
        }
        h2 { "Repercussions: " (outcome.repercussion.tier.label()) }
        @for r in &outcome.repercussion.reasons { p { (r) } }
        @if outcome.story.published {
            p.muted {
                "Reprinted by " (outcome.spread.reprints_in_words()) "; reach " (thousands(outcome.spread.reach)) "."
                @if let Some(h) = outcome.spread.first_foreign_hour { " First foreign pickup after " (h) " hours." }
                " " a href=(links.consequences) { "See it hour by hour" }
            }
        }
        @if let Some(usual) = usual {
            section.usual aria-label="What usually happens" {
                @for (i, line) in usual.lines().iter().enumerate() {
                    @if i == 0 { h2 { (line.trim_start()) } } @else { p.muted style="margin:.2rem 0" { (line.trim_start()) } }
                }
            }
        }
        @if let Some((stage, label, other)) = what_if { (comparison(outcome, stage, label, other)) }
        h2 { "What happened, and why it matters" }
        @if outcome.debrief.entries.is_empty() { p { "No mistakes to report." } }
        @for e in &outcome.debrief.entries {
            div class=(format!("entry {}", kind_class(e.kind))) {
                div.tag { (kind_tag(e.kind)) }
                strong { (e.title) }
                @for cue in &e.cues { div.cue { "The cue you could have spotted: " (cue) } }
                p.muted style="margin:.3rem 0 0" { (e.explanation) }
            }
        }
        h2 { "What careful play would have done" }
        ul {
            @for step in &outcome.debrief.careful_play {
                li {
                    (if step.same { "✓ " } else { "✗ " }) (step.stage_title) ": " (step.careful)
                    @if let Some(you) = step.player.as_ref().filter(|_| !step.same) { br; span.muted { "you: " (you) } }
                }
            }
        }
        h2 { "What if…" }
        p.muted { "Change one decision and replay with the same seed: the same outlets, the same reviewer, only your change differs." }
        @for stage in whatif::alternatives(s, state.row.seed, &state.plain_decisions()) {
            @if !stage.others.is_empty() {
                p style="margin-bottom:.2rem" { (s.clock(stage.hour)) " · " (stage.stage_title) " — you: " (stage.taken.1) }
                div.row {
                    @for (id, label) in &stage.others {
                        a.button.secondary href=(format!("{}?stage={}&choice={}#compare", links.debrief, stage.stage, id)) { "Instead: " (label) }
                    }
                }
            }
        }
        @if !outcome.debrief.lessons.is_empty() {
            h2 { "Lessons" }
            ul { @for l in &outcome.debrief.lessons { li { (l) } } }
        }
        (next)
    }
}

/// Your run and the changed one, side by side.
fn comparison(a: &Outcome, stage: &str, label: &str, b: &Outcome) -> Markup {
    let passed = |o: &Outcome| {
        if o.score.passed {
            "passed"
        } else {
            "not passed"
        }
    };
    let leaks = |o: &Outcome| leaked_items(&o.story).count();
    let reprints = |o: &Outcome| {
        let counts: Vec<String> = o
            .spread
            .by_kind()
            .iter()
            .map(|k| k.reprints.to_string())
            .collect();
        counts.join(" / ")
    };
    let kinds: Vec<String> = a.spread.by_kind().into_iter().map(|k| k.label).collect();
    let kinds = kinds.join(" / ");
    let first = |o: &Outcome| {
        o.spread
            .first_foreign_hour
            .map(|h| format!("hour {h}"))
            .unwrap_or_else(|| "none".into())
    };
    html! {
        h2 id="compare" { "Side by side — at “" (stage) "”: " (label) }
        table {
            tr { th {} th { "Your run" } th { "What if" } }
            tr { th { "Result" } td { (passed(a)) } td { (passed(b)) } }
            tr { th { "Score" } td.n { (pct(a.score.scaled)) } td.n { (pct(b.score.scaled)) } }
            tr { th { "Repercussions" } td { (a.repercussion.tier.label()) } td { (b.repercussion.tier.label()) } }
            tr { th { "Sensitive items out" } td.n { (leaks(a)) } td.n { (leaks(b)) } }
            tr { th { "Reprints (" (kinds) ")" } td.n { (reprints(a)) } td.n { (reprints(b)) } }
            tr { th { "Reach" } td.n { (thousands(a.spread.reach)) } td.n { (thousands(b.spread.reach)) } }
            tr { th { "First foreign pickup" } td { (first(a)) } td { (first(b)) } }
        }
    }
}

fn kind_tag(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Leak => "LEAK",
        EntryKind::Procedure => "PROCEDURE",
        EntryKind::OverCaution => "OVER-CAUTION",
        EntryKind::Late => "LATE",
        EntryKind::ReviewerCaught => "CAUGHT IN REVIEW",
        EntryKind::Note => "NOTE",
    }
}

fn kind_class(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Leak => "leak",
        EntryKind::Procedure => "procedure",
        EntryKind::OverCaution => "over_caution",
        EntryKind::Late => "late",
        EntryKind::ReviewerCaught => "reviewer_caught",
        EntryKind::Note => "note",
    }
}
