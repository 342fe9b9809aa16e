//! The debrief's left panel: pass or fail, the score as bars, the repercussions and how far the story spread.

use crate::game::replays::UsualOutcome;
use crate::game::screens::consequences::thousands;
use crate::game::session::Play;
use crate::game::theme::{self, Fonts};
use bevy::prelude::*;

/// Fills `left` with the verdict, the score bars and the spread of the run.
pub(super) fn summary(commands: &mut Commands, f: &Fonts, play: &Play, left: Entity) {
    let Some(o) = &play.outcome else { return };
    let scenario = &play.scenario;
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
                    "Reprinted by {}; reach {}.{}",
                    spread.reprints_in_words(),
                    thousands(spread.reach),
                    spread
                        .first_foreign_hour
                        .map(|h| format!(" First foreign pickup after {h} hours."))
                        .unwrap_or_default()
                ),
                theme::size::SMALL,
                theme::MUTED,
            ));
            // Filled by `fill_usual` when the replays are ready.
            p.spawn((
                UsualPanel { generation: None },
                Node {
                    flex_direction: FlexDirection::Column,
                    row_gap: px(2),
                    margin: UiRect::top(px(8)),
                    ..default()
                },
            ));
        }
    });
}

/// The left panel's "what usually happens", with the replays' generation it shows.
#[derive(Component)]
pub(super) struct UsualPanel {
    generation: Option<u64>,
}

/// Shows the replays in the debrief once they are ready, and "replaying…" until then.
pub(super) fn fill_usual(
    mut commands: Commands,
    fonts: Res<Fonts>,
    usual: Res<UsualOutcome>,
    mut panels: Query<(Entity, &mut UsualPanel)>,
) {
    for (panel, mut state) in &mut panels {
        if state.generation == Some(usual.generation) {
            continue;
        }
        state.generation = Some(usual.generation);
        commands.entity(panel).despawn_children();
        let lines: Vec<String> = match &usual.ready {
            Some(Some(replays)) => replays.lines(),
            Some(None) => Vec::new(),
            None => vec!["What usually happens: replaying the story 1,000 times…".to_string()],
        };
        commands.entity(panel).with_children(|p| {
            for (i, line) in lines.into_iter().enumerate() {
                let (size, colour) = if i == 0 {
                    (theme::size::BODY, theme::TEXT)
                } else {
                    (theme::size::SMALL, theme::MUTED)
                };
                p.spawn(theme::text(
                    &fonts,
                    line.trim_start().to_string(),
                    size,
                    colour,
                ));
            }
        });
    }
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
