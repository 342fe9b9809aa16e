//! The desk: the materials as documents, the stage and its choices, the clock, per-item controls and the story draft.

use super::root;
use crate::game::Screen;
use crate::game::session::Play;
use crate::game::theme::{self, Fonts, Selected};
use bevy::input_focus::{InputFocus, tab_navigation::TabIndex};
use bevy::picking::hover::Hovered;
use bevy::prelude::*;
use bevy::ui_widgets::{Activate, observe};
use presscheck_engine::Run;
use presscheck_engine::run::Decision;
use presscheck_engine::treatment::{self, Treatment};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<RestoreFocus>()
        .add_systems(OnEnter(Screen::Desk), spawn)
        .add_systems(
            Update,
            (rebuild_on_change, highlight_items, restore_focus)
                .chain()
                .run_if(in_state(Screen::Desk)),
        );
}

/// The part of the desk that is rebuilt after every decision.
#[derive(Component)]
struct DeskBody {
    decisions: usize,
}

/// Marks UI that shows one item, so hovering or focusing any of them highlights all.
#[derive(Component, Clone, Copy)]
pub struct ItemRef(pub usize);

/// A stable name for a focusable control, so focus survives a rebuild.
#[derive(Component, Clone)]
pub struct FocusKey(pub String);

/// The control to focus after the next rebuild.
#[derive(Resource, Default)]
struct RestoreFocus(Option<String>);

/// Tab order: choices first, then the draft's controls, then the materials.
const TAB_CHOICES: i32 = 0;
const TAB_DRAFT: i32 = 1;
const TAB_MATERIALS: i32 = 2;

fn spawn(mut commands: Commands, fonts: Res<Fonts>, play: Option<Res<Play>>) {
    let Some(play) = play else { return };
    let root = commands.spawn(root(Screen::Desk)).id();
    let body = commands
        .spawn((
            DeskBody {
                decisions: play.decisions.len(),
            },
            Node {
                flex_direction: FlexDirection::Column,
                flex_grow: 1.0,
                min_height: px(0),
                row_gap: px(12),
                ..default()
            },
            ChildOf(root),
        ))
        .id();
    build(&mut commands, &fonts, &play, body);
}

fn rebuild_on_change(
    mut commands: Commands,
    fonts: Res<Fonts>,
    play: Option<Res<Play>>,
    mut bodies: Query<(Entity, &mut DeskBody)>,
) {
    let Some(play) = play else { return };
    for (body, mut state) in &mut bodies {
        if state.decisions == play.decisions.len() {
            continue;
        }
        state.decisions = play.decisions.len();
        commands.entity(body).despawn_children();
        build(&mut commands, &fonts, &play, body);
    }
}

fn build(commands: &mut Commands, f: &Fonts, play: &Play, body: Entity) {
    let run = play.run();
    let Some(stage) = run.current_stage() else {
        return;
    };
    let scenario = &play.scenario;
    let deadline = scenario.file.briefing.deadline_hours;
    let left = run.hours_left();
    let clock_colour = if left < 0.0 {
        theme::DANGER
    } else if left < 1.5 {
        theme::WARN
    } else {
        theme::TEXT
    };
    let clock_text = if left >= 0.0 {
        format!(
            "{}  ·  {:.1} h to the deadline ({})",
            scenario.clock(run.hours_used()),
            left,
            scenario.clock(deadline)
        )
    } else {
        format!(
            "{}  ·  {:.1} h past the deadline ({})",
            scenario.clock(run.hours_used()),
            -left,
            scenario.clock(deadline)
        )
    };
    // Top bar: stage and clock.
    commands.spawn((
        super::header_row(),
        ChildOf(body),
        children![
            theme::heading(
                f,
                format!("{} — {}", scenario.file.title, stage.title),
                theme::size::HEADING
            ),
            theme::bold(f, clock_text, theme::size::BODY, clock_colour),
        ],
    ));
    let columns = commands
        .spawn((
            Node {
                flex_direction: FlexDirection::Row,
                flex_grow: 1.0,
                min_height: px(0),
                column_gap: px(16),
                ..default()
            },
            ChildOf(body),
        ))
        .id();
    materials_column(commands, f, play, columns);
    stage_column(commands, f, &run, columns);
    draft_column(commands, f, &run, columns);
}

fn materials_column(commands: &mut Commands, f: &Fonts, play: &Play, parent: Entity) {
    let scenario = &play.scenario;
    let col = commands
        .spawn((theme::panel_column(38.0), ChildOf(parent)))
        .id();
    commands.spawn((
        theme::bold(f, "Materials on your desk", theme::size::BODY, theme::MUTED),
        ChildOf(col),
    ));
    let marks = |ix: usize| {
        (
            ItemRef(ix),
            Hovered::default(),
            TabIndex(TAB_MATERIALS),
            FocusKey(format!("material:{}", scenario.item(ix).id)),
        )
    };
    for material in &scenario.file.materials {
        super::material_card::spawn(commands, f, scenario, material, col, &marks);
    }
}

fn stage_column(commands: &mut Commands, f: &Fonts, run: &Run<'_>, parent: Entity) {
    let Some(stage) = run.current_stage() else {
        return;
    };
    let col = commands
        .spawn((theme::panel_column(28.0), ChildOf(parent)))
        .id();
    commands.spawn((
        theme::text(f, stage.situation.clone(), theme::size::BODY, theme::TEXT),
        ChildOf(col),
    ));
    commands.spawn((
        theme::bold(f, "What do you do?", theme::size::BODY, theme::MUTED),
        Node {
            margin: UiRect::top(px(8)),
            ..default()
        },
        ChildOf(col),
    ));
    for (i, choice) in run.choices_in_display_order().into_iter().enumerate() {
        let cost = if choice.hours > 0.0 {
            format!("  ({:.1} h)", choice.hours)
        } else {
            String::new()
        };
        let mut button = commands.spawn((
            theme::button(f, format!("{}{cost}", choice.label)),
            FocusKey(format!("choice:{}", choice.id)),
            ChoiceButton(choice.id.clone()),
            observe(on_choice),
            ChildOf(col),
        ));
        button.insert(TabIndex(TAB_CHOICES));
        if i == 0 {
            button.insert(bevy::input_focus::AutoFocus);
        }
    }
}

/// A choice button, carrying the choice id.
#[derive(Component, Clone)]
pub struct ChoiceButton(pub String);

fn on_choice(
    activate: On<Activate>,
    buttons: Query<&ChoiceButton>,
    mut play: ResMut<Play>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Ok(ChoiceButton(choice)) = buttons.get(activate.entity) else {
        return;
    };
    if play.would_end(choice) {
        play.pending = Some(choice.clone());
        next.set(Screen::Confirm);
        return;
    }
    let Some(stage) = play.run().current_stage().map(|s| s.id.clone()) else {
        return;
    };
    if let Err(e) = play.apply(Decision::choose(&stage, choice)) {
        warn!("choice refused: {e}");
    }
}

fn draft_column(commands: &mut Commands, f: &Fonts, run: &Run<'_>, parent: Entity) {
    let scenario = run.scenario();
    let col = commands
        .spawn((theme::panel_column(34.0), ChildOf(parent)))
        .id();
    commands.spawn((
        theme::bold(
            f,
            "Story draft, as it would go out",
            theme::size::BODY,
            theme::MUTED,
        ),
        ChildOf(col),
    ));
    let draft = run.draft();
    if draft.is_empty() {
        commands.spawn((
            theme::text(
                f,
                "Nothing in the draft yet.",
                theme::size::BODY,
                theme::MUTED,
            ),
            ChildOf(col),
        ));
    }
    let editable = run.editable_items();
    if !editable.is_empty() {
        commands.spawn((
            theme::text(
                f,
                "At this stage you can keep, generalise or cut each line below before you choose.",
                theme::size::SMALL,
                theme::ACCENT,
            ),
            ChildOf(col),
        ));
    }
    for (ix, treatment) in draft {
        let item = scenario.item(ix);
        let block = commands
            .spawn((
                Node {
                    flex_direction: FlexDirection::Column,
                    padding: UiRect::axes(px(8), px(6)),
                    border_radius: BorderRadius::all(px(4)),
                    row_gap: px(4),
                    ..default()
                },
                BackgroundColor(Color::NONE),
                ItemRef(ix),
                Hovered::default(),
                ChildOf(col),
            ))
            .id();
        match treatment {
            Treatment::Keep => {
                commands.spawn((
                    theme::text(
                        f,
                        format!("• {}", item.text),
                        theme::size::BODY,
                        theme::TEXT,
                    ),
                    ChildOf(block),
                ));
            }
            Treatment::Generalise => {
                let text = treatment::wording(item, Treatment::Generalise).text;
                commands.spawn((
                    theme::text(f, format!("• {text}"), theme::size::BODY, theme::TEXT),
                    ChildOf(block),
                ));
                commands.spawn((
                    theme::text(f, "generalised", theme::size::SMALL, theme::ACCENT),
                    ChildOf(block),
                ));
            }
            Treatment::Redact => {
                commands.spawn((
                    theme::text(
                        f,
                        format!("cut: {}", item.text),
                        theme::size::SMALL,
                        theme::MUTED.with_alpha(0.6),
                    ),
                    ChildOf(block),
                ));
            }
        }
        if editable.contains(&ix) {
            let controls = commands.spawn((super::row(6.0), ChildOf(block))).id();
            for t in treatment::offered(item) {
                let mut b = commands.spawn((
                    theme::small_button(f, t.verb()),
                    FocusKey(format!("edit:{}:{}", item.id, t.label())),
                    EditButton {
                        item: item.id.clone(),
                        treatment: t,
                    },
                    ItemRef(ix),
                    observe(on_edit),
                    ChildOf(controls),
                ));
                b.insert(TabIndex(TAB_DRAFT));
                if t == treatment {
                    b.insert(Selected);
                }
            }
        }
    }
}

/// A per-item control: set this item to this treatment.
#[derive(Component, Clone)]
pub struct EditButton {
    /// Item id.
    pub item: String,
    /// Treatment to set.
    pub treatment: Treatment,
}

fn on_edit(
    activate: On<Activate>,
    buttons: Query<(&EditButton, &FocusKey)>,
    mut play: ResMut<Play>,
    mut restore: ResMut<RestoreFocus>,
) {
    let Ok((edit, key)) = buttons.get(activate.entity) else {
        return;
    };
    let Some(stage) = play.run().current_stage().map(|s| s.id.clone()) else {
        return;
    };
    let unchanged = play
        .scenario
        .item_ix(&edit.item)
        .is_some_and(|ix| play.run().treatment(ix) == Some(edit.treatment));
    if unchanged {
        return;
    }
    match play.apply(Decision::edit(&stage, &edit.item, edit.treatment)) {
        Ok(()) => restore.0 = Some(key.0.clone()),
        Err(e) => warn!("edit refused: {e}"),
    }
}

fn restore_focus(
    mut restore: ResMut<RestoreFocus>,
    keys: Query<(Entity, &FocusKey)>,
    mut focus: ResMut<InputFocus>,
) {
    let Some(wanted) = restore.0.clone() else {
        return;
    };
    if let Some((entity, _)) = keys.iter().find(|(_, k)| k.0 == wanted) {
        focus.set(entity, bevy::input_focus::FocusCause::Navigated);
        restore.0 = None;
    }
}

/// Hovering or focusing an item, in the materials or the draft, highlights it everywhere.
fn highlight_items(
    focus: Res<InputFocus>,
    refs: Query<(Entity, &ItemRef, &Hovered)>,
    mut blocks: Query<(&ItemRef, &mut BackgroundColor), Without<bevy::ui_widgets::Button>>,
) {
    let mut lit: Option<usize> = None;
    for (entity, r, hovered) in &refs {
        if hovered.get() || focus.get() == Some(entity) {
            lit = Some(r.0);
        }
    }
    for (r, mut bg) in &mut blocks {
        let colour = if lit == Some(r.0) {
            theme::ACCENT.with_alpha(0.28)
        } else {
            Color::NONE
        };
        if bg.0 != colour {
            bg.0 = colour;
        }
    }
}
