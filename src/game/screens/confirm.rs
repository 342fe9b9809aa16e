//! Publish confirmation: exactly what will go out, and when, before it does.

use super::{header, root, row};
use crate::game::Screen;
use crate::game::session::Play;
use crate::game::theme::{self, Fonts};
use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::ui_widgets::{Activate, observe};
use presscheck_engine::run::Decision;
use presscheck_engine::story;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Confirm), spawn);
}

fn spawn(mut commands: Commands, fonts: Res<Fonts>, play: Option<Res<Play>>) {
    let f = &*fonts;
    let Some(play) = play else { return };
    let Some(choice) = play.pending.clone() else {
        return;
    };
    // The preview comes from the engine: exactly what the outcome will be computed from.
    let run = play.run();
    let stage_title = run
        .current_stage()
        .map(|s| s.title.clone())
        .unwrap_or_default();
    let label = run
        .current_stage()
        .and_then(|s| s.choices.iter().find(|c| c.id == choice))
        .map(|c| c.label.clone())
        .unwrap_or_default();
    let Ok(Some(ended)) = story::preview(&run, &choice) else {
        return;
    };
    let scenario = &play.scenario;
    commands
        .spawn(root(Screen::Confirm))
        .with_children(|page| {
            if ended.ending.is_published() {
                page.spawn(header(f, "Publish this story?", format!("{stage_title}: {label}")));
                let when = ended.timing_sentence(scenario);
                page.spawn(theme::bold(f, when, theme::size::BODY, theme::WARN));
                page.spawn(theme::text(
                    f,
                    "This is exactly what will be published, word for word:",
                    theme::size::BODY,
                    theme::MUTED,
                ));
                page.spawn((
                    BackgroundColor(theme::PAPER),
                    bevy::ui_widgets::ScrollArea,
                    Node {
                        flex_direction: FlexDirection::Column,
                        padding: UiRect::all(px(20)),
                        row_gap: px(10),
                        overflow: Overflow::scroll_y(),
                        flex_grow: 1.0,
                        min_height: px(0),
                        max_width: px(1000),
                        border_radius: BorderRadius::all(px(8)),
                        ..default()
                    },
                ))
                .with_children(|paper| {
                    let mut any = false;
                    for item in ended.story.out() {
                        any = true;
                        paper.spawn(theme::text(f, item.text.clone(), theme::size::BODY, theme::INK));
                    }
                    if !any {
                        paper.spawn(theme::text(
                            f,
                            "(The story is empty: nothing of substance goes out.)",
                            theme::size::BODY,
                            theme::INK,
                        ));
                    }
                });
                page.spawn(row(12.0)).with_children(|r| {
                    r.spawn((theme::button(f, "Publish"), AutoFocus, observe(confirm)));
                    r.spawn((theme::button(f, "Back to the desk"), observe(back)));
                });
            } else {
                page.spawn(header(f, "Hold the story?", format!("{stage_title}: {label}")));
                page.spawn(theme::text(
                    f,
                    "Nothing will be published. The public part of the story will not be told, and the deadline will pass.",
                    theme::size::BODY,
                    theme::TEXT,
                ));
                page.spawn(row(12.0)).with_children(|r| {
                    r.spawn((theme::button(f, "Hold the story"), AutoFocus, observe(confirm)));
                    r.spawn((theme::button(f, "Back to the desk"), observe(back)));
                });
            }
        });
}

fn confirm(_: On<Activate>, mut play: ResMut<Play>, mut next: ResMut<NextState<Screen>>) {
    let Some(choice) = play.pending.take() else {
        return;
    };
    let Some(stage) = play.run().current_stage().map(|s| s.id.clone()) else {
        return;
    };
    match play.apply(Decision::choose(&stage, &choice)) {
        Ok(()) => next.set(Screen::Consequences),
        Err(e) => {
            warn!("could not confirm: {e}");
            next.set(Screen::Desk);
        }
    }
}

fn back(_: On<Activate>, mut play: ResMut<Play>, mut next: ResMut<NextState<Screen>>) {
    play.pending = None;
    next.set(Screen::Desk);
}
