//! "What if" on the debrief: the other choices open at each stage, a replay with one of them, and the two runs side by side.

use super::WhatIf;
use crate::game::screens::consequences::thousands;
use crate::game::screens::row;
use crate::game::session::Play;
use crate::game::theme::{self, Fonts};
use bevy::prelude::*;
use bevy::ui_widgets::{Activate, observe};
use presscheck_engine::Outcome;
use presscheck_engine::whatif;

/// A "what if" button: re-run with this choice at this stage.
#[derive(Component, Clone)]
pub struct WhatIfButton {
    /// Stage id.
    pub stage: String,
    /// Choice id.
    pub choice: String,
    /// Choice label.
    pub label: String,
}

/// Adds, for every choice the player made, a button for each other choice that was open then.
pub(super) fn section(commands: &mut Commands, f: &Fonts, play: &Play, parent: Entity) {
    if play.outcome.is_none() {
        return;
    }
    let scenario = &play.scenario;
    commands.entity(parent).with_children(|p| {
        p.spawn(theme::bold(f, "What if…", theme::size::HEADING, theme::TEXT));
        p.spawn(theme::text(
            f,
            "Change one decision and replay with the same seed: the same outlets, the same reviewer, only your change differs.",
            theme::size::SMALL,
            theme::MUTED,
        ));
    });
    // The choices that were open at each stage, from the engine.
    for stage in whatif::alternatives(scenario, play.seed, &play.decisions) {
        let hour = scenario.clock(stage.hour);
        commands.entity(parent).with_children(|p| {
            p.spawn(theme::text(
                f,
                format!("{hour} · {} — you: {}", stage.stage_title, stage.taken.1),
                theme::size::SMALL,
                theme::TEXT,
            ));
            p.spawn(row(6.0)).with_children(|r| {
                for (id, label) in &stage.others {
                    r.spawn((
                        theme::small_button(f, format!("Instead: {label}")),
                        WhatIfButton {
                            stage: stage.stage.clone(),
                            choice: id.clone(),
                            label: label.clone(),
                        },
                        observe(on_what_if),
                    ));
                }
            });
        });
    }
}

pub(super) fn comparison_section(
    commands: &mut Commands,
    f: &Fonts,
    play: &Play,
    what_if: &WhatIf,
    parent: Entity,
) {
    let Some(o) = &play.outcome else { return };
    let Some((stage, label, other)) = &what_if.result else {
        return;
    };
    commands.entity(parent).with_children(|p| {
        p.spawn(theme::bold(
            f,
            format!("Side by side — at “{stage}”: {label}"),
            theme::size::BODY,
            theme::ACCENT,
        ));
        p.spawn(Node {
            display: Display::Grid,
            grid_template_columns: vec![
                GridTrack::percent(34.0),
                GridTrack::percent(33.0),
                GridTrack::percent(33.0),
            ],
            row_gap: px(4),
            ..default()
        })
        .with_children(|g| {
            let rows = comparison(o, other);
            for (name, a, b) in rows {
                g.spawn(theme::text(f, name, theme::size::SMALL, theme::MUTED));
                g.spawn(theme::text(f, a, theme::size::SMALL, theme::TEXT));
                g.spawn(theme::text(f, b, theme::size::SMALL, theme::TEXT));
            }
        });
    });
}

/// Rows of the side-by-side table: what, your run, the changed run.
pub fn comparison(a: &Outcome, b: &Outcome) -> Vec<(String, String, String)> {
    let yes = |x: bool| if x { "passed" } else { "not passed" }.to_string();
    let leaks = |o: &Outcome| {
        presscheck_engine::outcome::leaked_items(&o.story)
            .count()
            .to_string()
    };
    vec![
        ("".into(), "Your run".into(), "What if".into()),
        ("Result".into(), yes(a.score.passed), yes(b.score.passed)),
        (
            "Score".into(),
            format!("{:.0}%", a.score.scaled * 100.0),
            format!("{:.0}%", b.score.scaled * 100.0),
        ),
        (
            "Repercussions".into(),
            a.repercussion.tier.label().into(),
            b.repercussion.tier.label().into(),
        ),
        ("Sensitive items out".into(), leaks(a), leaks(b)),
        (
            format!("Reprints ({})", kind_names(&a.spread)),
            kind_counts(&a.spread),
            kind_counts(&b.spread),
        ),
        (
            "Reach".into(),
            thousands(a.spread.reach),
            thousands(b.spread.reach),
        ),
        (
            "First foreign pickup".into(),
            a.spread
                .first_foreign_hour
                .map(|h| format!("hour {h}"))
                .unwrap_or_else(|| "none".into()),
            b.spread
                .first_foreign_hour
                .map(|h| format!("hour {h}"))
                .unwrap_or_else(|| "none".into()),
        ),
    ]
}

fn on_what_if(
    activate: On<Activate>,
    buttons: Query<&WhatIfButton>,
    play: Res<Play>,
    mut what_if: ResMut<WhatIf>,
) {
    let Ok(button) = buttons.get(activate.entity) else {
        return;
    };
    match presscheck_engine::whatif::rerun(
        &play.scenario,
        play.seed,
        &play.decisions,
        &button.stage,
        &button.choice,
    ) {
        Ok(outcome) => {
            let stage_title = play
                .scenario
                .stage_ix(&button.stage)
                .map(|s| play.scenario.stage(s).title.clone())
                .unwrap_or_default();
            what_if.result = Some((stage_title, button.label.clone(), Box::new(outcome)));
            what_if.generation += 1;
        }
        Err(e) => warn!("what if failed: {e}"),
    }
}

/// The kinds of outlet, "domestic portals / self-media accounts / foreign websites".
fn kind_names(spread: &presscheck_engine::outcome::Spread) -> String {
    let names: Vec<String> = spread.by_kind().into_iter().map(|k| k.label).collect();
    names.join(" / ")
}

/// Reprints of each kind, "21 / 329 / 17".
fn kind_counts(spread: &presscheck_engine::outcome::Spread) -> String {
    let counts: Vec<String> = spread
        .by_kind()
        .iter()
        .map(|k| k.reprints.to_string())
        .collect();
    counts.join(" / ")
}
