//! The debrief's mistakes: each with its missed cues and why it matters, what careful play would have done, and the lessons.

use crate::game::session::Play;
use crate::game::theme::{self, Fonts};
use bevy::prelude::*;
use presscheck_engine::debrief::EntryKind;

/// Adds the mistakes and the careful play to `right`.
pub(super) fn mistakes(commands: &mut Commands, f: &Fonts, play: &Play, right: Entity) {
    let Some(o) = &play.outcome else { return };
    commands.entity(right).with_children(|p| {
        p.spawn(theme::bold(
            f,
            "What happened, and why it matters",
            theme::size::HEADING,
            theme::TEXT,
        ));
        if o.debrief.entries.is_empty() {
            p.spawn(theme::text(
                f,
                "No mistakes to report.",
                theme::size::BODY,
                theme::GOOD,
            ));
        }
        for e in &o.debrief.entries {
            let (tag, col) = match e.kind {
                EntryKind::Leak => ("LEAK", theme::DANGER),
                EntryKind::Procedure => ("PROCEDURE", theme::WARN),
                EntryKind::OverCaution => ("OVER-CAUTION", theme::WARN),
                EntryKind::Late => ("LATE", theme::WARN),
                EntryKind::ReviewerCaught => ("CAUGHT IN REVIEW", theme::ACCENT),
                EntryKind::Note => ("NOTE", theme::MUTED),
            };
            p.spawn((
                BackgroundColor(theme::CARD),
                Node {
                    flex_direction: FlexDirection::Column,
                    padding: UiRect::all(px(12)),
                    row_gap: px(4),
                    border_radius: BorderRadius::all(px(6)),
                    ..default()
                },
            ))
            .with_children(|card| {
                card.spawn(theme::bold(f, tag, theme::size::SMALL, col));
                card.spawn(theme::bold(
                    f,
                    e.title.clone(),
                    theme::size::BODY,
                    theme::TEXT,
                ));
                for cue in &e.cues {
                    card.spawn(theme::text(
                        f,
                        format!("The cue you could have spotted: {cue}"),
                        theme::size::SMALL,
                        theme::WARN,
                    ));
                }
                card.spawn(theme::text(
                    f,
                    e.explanation.clone(),
                    theme::size::SMALL,
                    theme::MUTED,
                ));
            });
        }
        p.spawn(theme::bold(
            f,
            "What careful play would have done",
            theme::size::HEADING,
            theme::TEXT,
        ));
        for step in &o.debrief.careful_play {
            let mark = if step.same { "✓" } else { "✗" };
            let col = if step.same { theme::GOOD } else { theme::WARN };
            p.spawn(theme::text(
                f,
                format!("{mark} {}: {}", step.stage_title, step.careful),
                theme::size::SMALL,
                col,
            ));
            if let Some(you) = step.player.as_ref().filter(|_| !step.same) {
                p.spawn(theme::text(
                    f,
                    format!("    you: {you}"),
                    theme::size::SMALL,
                    theme::MUTED,
                ));
            }
        }
    });
}

/// Adds the scenario's lessons to `right`.
pub(super) fn lessons(commands: &mut Commands, f: &Fonts, play: &Play, right: Entity) {
    let Some(o) = &play.outcome else { return };
    commands.entity(right).with_children(|p| {
        if !o.debrief.lessons.is_empty() {
            p.spawn(theme::bold(f, "Lessons", theme::size::HEADING, theme::TEXT));
            for l in &o.debrief.lessons {
                p.spawn(theme::text(
                    f,
                    format!("• {l}"),
                    theme::size::SMALL,
                    theme::TEXT,
                ));
            }
        }
    });
}
