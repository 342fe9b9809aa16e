//! Readable text for an outcome: the story, its spread, the repercussions, the score and the debrief.

use comfy_table::{Table, presets::UTF8_BORDERS_ONLY};
use presscheck_engine::debrief::EntryKind;
use presscheck_engine::replays::Replays;
use presscheck_engine::{Ending, Outcome, Scenario, Treatment};
use std::fmt::Write as _;

/// An item's text cut to a line, for where the whole text was shown already.
pub(crate) fn short(text: &str) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", text[..end].trim_end()),
        None => text.to_string(),
    }
}

fn bar(value: f64, width: usize) -> String {
    let filled = ((value.clamp(0.0, 1.0)) * width as f64).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// The whole summary.
pub fn summary(scenario: &Scenario, o: &Outcome, replays: Option<&Replays>) -> String {
    let mut out = String::new();
    let f = &scenario.file;
    let _ = writeln!(out, "{} (v{}), seed {}", f.title, f.version, o.seed);
    let _ = writeln!(out);
    let _ = writeln!(out, "Your decisions");
    // Each decision is shown at the time it was made, before the hours it cost.
    let mut at = 0.0;
    for step in &o.path {
        let _ = writeln!(out, "  {}  {}", scenario.clock(at), step.label);
        at = step.clock;
    }
    let _ = writeln!(out);
    match o.ending {
        Ending::Published { hour } => {
            let _ = writeln!(
                out,
                "Published at {}{} — deadline: {}",
                scenario.clock(hour),
                if o.late { ", LATE" } else { "" },
                scenario.deadline_words()
            );
            let _ = writeln!(out, "The story as it went out:");
            for item in o
                .story
                .items
                .iter()
                .filter(|i| i.treatment != Treatment::Redact)
            {
                let mark = if item.classification.is_sensitive() {
                    format!("  [{}!]", item.classification.label())
                } else {
                    String::new()
                };
                let _ = writeln!(out, "  • {}{mark}", item.text);
            }
            for item in o
                .story
                .items
                .iter()
                .filter(|i| i.treatment == Treatment::Redact)
            {
                // The item as the trainee read it, not its id.
                let text = scenario
                    .item_ix(&item.id)
                    .map_or(item.id.as_str(), |ix| scenario.item(ix).text.as_str());
                let _ = writeln!(out, "  ✂ cut: {}", short(text));
            }
        }
        Ending::Held { hour } => {
            let _ = writeln!(
                out,
                "Held at {}: nothing was published.",
                scenario.clock(hour)
            );
        }
    }
    if !o.review.is_empty() {
        let caught = o.review.iter().filter(|r| r.caught).count();
        let _ = writeln!(
            out,
            "Confidentiality review: {} of {} sensitive item(s) caught.",
            caught,
            o.review.len()
        );
    }
    let _ = writeln!(out);
    let s = &o.spread;
    let who = if s.kinds.is_empty() {
        format!(
            "{} domestic portal(s), {} self-media account(s), {} foreign website(s)",
            s.reprints.domestic, s.reprints.self_media, s.reprints.foreign
        )
    } else {
        s.reprints_in_words()
    };
    let _ = writeln!(
        out,
        "Spread over {} hours across {} outlets: {who} reprinted it; reach {}.",
        s.hourly.len(),
        s.outlets(),
        s.reach
    );
    match s.first_foreign_hour {
        Some(h) => {
            let _ = writeln!(out, "First foreign pickup: {h} hour(s) after publication.");
        }
        None if o.story.published => {
            let _ = writeln!(out, "No foreign website picked it up.");
        }
        None => {}
    }
    let _ = writeln!(out, "Repercussions: {}", o.repercussion.tier.label());
    for r in &o.repercussion.reasons {
        let _ = writeln!(out, "  {r}");
    }
    if let Some(replays) = replays {
        let _ = writeln!(out);
        for line in replays.lines() {
            let _ = writeln!(out, "{line}");
        }
    }
    let _ = writeln!(out);
    let sc = &o.score;
    let mut table = Table::new();
    table.load_style(UTF8_BORDERS_ONLY);
    table.set_header(vec!["component", "value", "", "adds"]);
    let c = &sc.components;
    let w = &sc.contributions;
    for (name, value, adds) in [
        ("protection", c.protection, w.protection),
        ("procedure", c.procedure, w.procedure),
        ("public value", c.public_value, w.public_value),
        ("timeliness", c.timeliness, w.timeliness),
        ("over-caution", c.over_caution, w.over_caution),
    ] {
        table.add_row(vec![
            name.to_string(),
            format!("{value:.2}"),
            bar(value, 20),
            format!("{adds:+.3}"),
        ]);
    }
    let _ = writeln!(out, "{table}");
    let _ = writeln!(
        out,
        "Score {:.3} (pass mark {:.2}): {}",
        sc.scaled,
        sc.pass_mark,
        if sc.passed { "PASS" } else { "FAIL" }
    );
    if let Some(gate) = &sc.gate {
        let _ = writeln!(out, "Failed by the leak gate: {gate}.");
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Debrief");
    let _ = writeln!(out, "  {}", o.debrief.verdict);
    for e in &o.debrief.entries {
        let tag = match e.kind {
            EntryKind::Leak => "LEAK",
            EntryKind::Procedure => "PROCEDURE",
            EntryKind::OverCaution => "OVER-CAUTION",
            EntryKind::Late => "LATE",
            EntryKind::ReviewerCaught => "REVIEWER",
            EntryKind::Note => "NOTE",
        };
        let _ = writeln!(out, "  [{tag}] {}", e.title);
        for cue in &e.cues {
            let _ = writeln!(out, "      cue: {cue}");
        }
        let _ = writeln!(out, "      {}", e.explanation);
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "What careful play would have done");
    for step in &o.debrief.careful_play {
        let mark = if step.same { "✓" } else { "✗" };
        let _ = writeln!(out, "  {mark} {}: {}", step.stage_title, step.careful);
        if let Some(p) = step.player.as_ref().filter(|_| !step.same) {
            let _ = writeln!(out, "      you: {p}");
        }
    }
    if !o.debrief.lessons.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Lessons");
        for l in &o.debrief.lessons {
            let _ = writeln!(out, "  - {l}");
        }
    }
    out
}
