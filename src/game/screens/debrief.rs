//! Debrief: pass or fail, the score as bars, each mistake with its missed cue, careful play, and "what if" side by side.

use super::{clock, root, row};
use crate::game::Screen;
use crate::game::catalog::Catalog;
use crate::game::records::{RecordStatus, Replaying};
use crate::game::screens::consequences::thousands;
use crate::game::session::{self, Play, StartOptions, Trainee};
use crate::game::theme::{self, Fonts};
use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::ui_widgets::{Activate, observe};
use presscheck_engine::debrief::EntryKind;
use presscheck_engine::run::Decision;
use presscheck_engine::{Outcome, Run};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<WhatIf>()
        .add_systems(OnEnter(Screen::Debrief), (clear_what_if, spawn).chain())
        .add_systems(Update, rebuild_on_what_if.run_if(in_state(Screen::Debrief)));
}

/// The current "what if": the changed stage and choice, and its outcome.
#[derive(Resource, Default)]
pub struct WhatIf {
    /// Stage id, choice label and outcome of the changed run.
    pub result: Option<(String, String, Box<Outcome>)>,
    generation: u64,
}

#[derive(Component)]
struct DebriefBody {
    generation: u64,
}

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

fn clear_what_if(mut what_if: ResMut<WhatIf>) {
    what_if.result = None;
    what_if.generation += 1;
}

fn spawn(
    mut commands: Commands,
    fonts: Res<Fonts>,
    play: Option<Res<Play>>,
    what_if: Res<WhatIf>,
    status: Res<RecordStatus>,
    replaying: Option<Res<Replaying>>,
) {
    let Some(play) = play else { return };
    let root = commands.spawn(root(Screen::Debrief)).id();
    // Whose run this is (a replay for a class) or where its record went.
    let note = match (&replaying, &*status) {
        (Some(r), _) => Some((
            format!(
                "Replay of {}'s run ({}, {}), record {}",
                r.record.trainee.name,
                r.record.mode.name(),
                r.record.ended_at.strftime("%Y-%m-%d %H:%M UTC"),
                r.path.display()
            ),
            theme::MUTED,
        )),
        (None, RecordStatus::Saved(path)) if play.recordable => Some((
            format!("Your run is recorded for the trainer: {}", path.display()),
            theme::MUTED,
        )),
        (None, RecordStatus::Failed(why)) if play.recordable => Some((
            format!("Your run could not be recorded: {why}. Tell your trainer."),
            theme::DANGER,
        )),
        _ => None,
    };
    if let Some((text, color)) = note {
        commands.spawn((
            theme::text(&fonts, text, theme::size::SMALL, color),
            ChildOf(root),
        ));
    }
    let body = commands
        .spawn((
            DebriefBody {
                generation: what_if.generation,
            },
            Node {
                flex_direction: FlexDirection::Row,
                flex_grow: 1.0,
                min_height: px(0),
                column_gap: px(16),
                ..default()
            },
            ChildOf(root),
        ))
        .id();
    build(&mut commands, &fonts, &play, &what_if, body);
    let f = &*fonts;
    commands
        .spawn((row(12.0), ChildOf(root)))
        .with_children(|r| {
            r.spawn((
                theme::button(f, "Retry this scenario"),
                AutoFocus,
                observe(retry),
            ));
            r.spawn((theme::button(f, "Next scenario"), observe(next_scenario)));
            r.spawn((theme::button(f, "Back to scenarios"), observe(to_select)));
        });
}

fn rebuild_on_what_if(
    mut commands: Commands,
    fonts: Res<Fonts>,
    play: Option<Res<Play>>,
    what_if: Res<WhatIf>,
    mut bodies: Query<(Entity, &mut DebriefBody)>,
) {
    let Some(play) = play else { return };
    for (body, mut state) in &mut bodies {
        if state.generation == what_if.generation {
            continue;
        }
        state.generation = what_if.generation;
        commands.entity(body).despawn_children();
        build(&mut commands, &fonts, &play, &what_if, body);
    }
}

fn build(commands: &mut Commands, f: &Fonts, play: &Play, what_if: &WhatIf, body: Entity) {
    let Some(o) = &play.outcome else { return };
    let scenario = &play.scenario;
    let left = commands
        .spawn((theme::panel_column(36.0), ChildOf(body)))
        .id();
    let right = commands
        .spawn((theme::panel_column(64.0), ChildOf(body)))
        .id();
    let s = &o.score;
    let (verdict, colour) = if s.passed {
        ("Passed", theme::GOOD)
    } else {
        ("Not passed", theme::DANGER)
    };
    let c = s.components;
    let w = s.contributions;
    commands.entity(left).with_children(|p| {
        p.spawn(theme::text(
            f,
            scenario.file.title.clone(),
            theme::size::SMALL,
            theme::MUTED,
        ));
        p.spawn(theme::bold(f, verdict, 2.4, colour));
        p.spawn(theme::bold(
            f,
            format!(
                "Score {:.0}% · pass mark {:.0}%",
                s.scaled * 100.0,
                s.pass_mark * 100.0
            ),
            theme::size::HEADING,
            theme::TEXT,
        ));
        if let Some(gate) = &s.gate {
            p.spawn(theme::text(
                f,
                format!("Failed whatever the score: {gate}."),
                theme::size::SMALL,
                theme::DANGER,
            ));
        }
        p.spawn(theme::text(
            f,
            o.debrief.verdict.clone(),
            theme::size::BODY,
            theme::TEXT,
        ));
        for (name, value, adds, bad) in [
            ("Protection", c.protection, w.protection, false),
            ("Procedure", c.procedure, w.procedure, false),
            ("Public value", c.public_value, w.public_value, false),
            ("Timeliness", c.timeliness, w.timeliness, false),
            ("Over-caution", c.over_caution, w.over_caution, true),
        ] {
            p.spawn(score_bar(f, name, value, adds, bad));
        }
    });
    let spread = &o.spread;
    let lines = vec![(
        format!("Repercussions: {}", o.repercussion.tier.label()),
        theme::size::HEADING,
        if o.repercussion.tier == presscheck_engine::model::Tier::NoLeak {
            theme::GOOD
        } else {
            theme::DANGER
        },
    )];
    commands.entity(left).with_children(|p| {
        for (t, size, col) in lines {
            p.spawn(theme::bold(f, t, size, col));
        }
        for r in &o.repercussion.reasons {
            p.spawn(theme::text(f, r.clone(), theme::size::SMALL, theme::TEXT));
        }
        if o.story.published {
            p.spawn(theme::text(
                f,
                format!(
                    "Reprinted by {} domestic portals, {} self-media accounts and {} foreign websites; reach {}.{}",
                    spread.reprints.domestic,
                    spread.reprints.self_media,
                    spread.reprints.foreign,
                    thousands(spread.reach),
                    spread
                        .first_foreign_hour
                        .map(|h| format!(" First foreign pickup after {h} hours."))
                        .unwrap_or_default()
                ),
                theme::size::SMALL,
                theme::MUTED,
            ));
        }
    });

    // Right: the what-if comparison when there is one, mistakes, careful play, what if, lessons.
    comparison_section(commands, f, play, what_if, right);
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
    what_if_section(commands, f, play, right);
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

fn score_bar(f: &Fonts, name: &str, value: f64, adds: f64, bad: bool) -> impl Bundle {
    let colour = if bad { theme::DANGER } else { theme::ACCENT };
    (
        Node {
            flex_direction: FlexDirection::Row,
            align_items: AlignItems::Center,
            column_gap: px(10),
            ..default()
        },
        children![
            (
                Node {
                    width: px(120),
                    ..default()
                },
                children![theme::text(
                    f,
                    name.to_string(),
                    theme::size::SMALL,
                    theme::TEXT
                )],
            ),
            (
                Node {
                    width: px(150),
                    height: px(14),
                    border_radius: BorderRadius::all(px(3)),
                    ..default()
                },
                BackgroundColor(theme::CARD),
                children![(
                    Node {
                        width: percent((value.clamp(0.0, 1.0) * 100.0) as f32),
                        height: percent(100),
                        border_radius: BorderRadius::all(px(3)),
                        ..default()
                    },
                    BackgroundColor(colour),
                )],
            ),
            (
                theme::text(
                    f,
                    format!("{:.0}%  ({:+.2})", value * 100.0, adds),
                    theme::size::SMALL,
                    theme::MUTED
                ),
                TextLayout::no_wrap(),
            ),
        ],
    )
}

fn what_if_section(commands: &mut Commands, f: &Fonts, play: &Play, parent: Entity) {
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
    let mut run = Run::new(scenario, play.seed);
    for decision in &play.decisions {
        if let Decision::Choose { stage, choice } = decision {
            let alternatives: Vec<(String, String)> = run
                .available_choices()
                .iter()
                .filter(|c| c.id != *choice)
                .map(|c| (c.id.clone(), c.label.clone()))
                .collect();
            let stage_title = run
                .current_stage()
                .map(|s| s.title.clone())
                .unwrap_or_default();
            let taken = run
                .current_stage()
                .and_then(|s| s.choices.iter().find(|c| c.id == *choice))
                .map(|c| c.label.clone())
                .unwrap_or_default();
            let hour = clock(scenario, run.hours_used());
            commands.entity(parent).with_children(|p| {
                p.spawn(theme::text(
                    f,
                    format!("{hour} · {stage_title} — you: {taken}"),
                    theme::size::SMALL,
                    theme::TEXT,
                ));
                p.spawn(row(6.0)).with_children(|r| {
                    for (id, label) in &alternatives {
                        r.spawn((
                            theme::small_button(f, format!("Instead: {label}")),
                            WhatIfButton {
                                stage: stage.clone(),
                                choice: id.clone(),
                                label: label.clone(),
                            },
                            observe(on_what_if),
                        ));
                    }
                });
            });
        }
        let _ = run.apply(decision);
    }
}

fn comparison_section(
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
            "Reprints (domestic / self-media / foreign)".into(),
            format!(
                "{} / {} / {}",
                a.spread.reprints.domestic, a.spread.reprints.self_media, a.spread.reprints.foreign
            ),
            format!(
                "{} / {} / {}",
                b.spread.reprints.domestic, b.spread.reprints.self_media, b.spread.reprints.foreign
            ),
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

fn retry(
    _: On<Activate>,
    mut commands: Commands,
    play: Res<Play>,
    mut next: ResMut<NextState<Screen>>,
) {
    commands.insert_resource(Play::new(
        play.scenario.clone(),
        play.path.clone(),
        play.seed,
    ));
    next.set(Screen::Briefing);
}

fn next_scenario(
    _: On<Activate>,
    mut commands: Commands,
    play: Res<Play>,
    catalog: Res<Catalog>,
    options: Res<StartOptions>,
    trainee: Res<Trainee>,
    mut next: ResMut<NextState<Screen>>,
) {
    let current = catalog.entries.iter().position(|e| e.path == play.path);
    let n = catalog.entries.len();
    for step in 1..=n {
        let index = current.map(|c| (c + step) % n).unwrap_or(step - 1);
        if session::start(&mut commands, &catalog, index, &options, &trainee) {
            next.set(Screen::Briefing);
            return;
        }
    }
    next.set(Screen::Select);
}

fn to_select(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Select);
}
