//! One material on the desk, in the form its kind calls for: a page, a photo with captions, a sheet of rows, a recording's transcript, a post.

use crate::game::theme::{self, Fonts};
use bevy::prelude::*;
use presscheck_engine::Scenario;
use presscheck_engine::desk_form::DeskForm;
use presscheck_engine::model::{Item, Material};

/// The ink of margin notes: a reviewer's red pencil.
const MARGIN: Color = Color::srgb(0.55, 0.2, 0.18);
/// A photo's print, a recording's strip: dark, as on a screen.
const DARK: Color = Color::srgb(0.16, 0.17, 0.19);
/// Text on the dark parts.
const ON_DARK: Color = Color::srgb(0.86, 0.87, 0.9);
/// A post's card: a social network's pale blue.
const POST: Color = Color::srgb(0.92, 0.95, 0.99);
/// A sheet's header and ruling.
const SHEET_HEAD: Color = Color::srgb(0.84, 0.89, 0.84);
const SHEET_RULE: Color = Color::srgb(0.72, 0.76, 0.72);

/// Spawns `material` under `parent`; `marks(ix)` gives each item's block what makes it focusable and highlightable.
pub fn spawn<B: Bundle>(
    commands: &mut Commands,
    f: &Fonts,
    scenario: &Scenario,
    material: &Material,
    parent: Entity,
    marks: &impl Fn(usize) -> B,
) {
    let form = material.kind.form();
    let paper = commands
        .spawn((
            theme::card(if form == DeskForm::Post {
                POST
            } else {
                theme::PAPER
            }),
            ChildOf(parent),
        ))
        .id();
    header(commands, f, material, form, paper);
    if !material.markings.is_empty() {
        let stamps = commands.spawn((super::row(6.0), ChildOf(paper))).id();
        for m in &material.markings {
            commands.spawn((theme::stamp(f, m.clone()), ChildOf(stamps)));
        }
    }
    match form {
        DeskForm::Photo => photo_frame(commands, f, material, paper),
        DeskForm::Recording => recording_strip(commands, f, material, paper),
        DeskForm::Paper | DeskForm::Post | DeskForm::Sheet => {
            if !material.description.is_empty() {
                commands.spawn((
                    theme::text(
                        f,
                        material.description.clone(),
                        theme::size::SMALL,
                        theme::INK.with_alpha(0.8),
                    ),
                    ChildOf(paper),
                ));
            }
        }
    }
    if form == DeskForm::Sheet && !material.columns.is_empty() {
        // Inset as the rows are (each row sits in its item's padded block), so the columns line up.
        let head = commands
            .spawn((
                Node {
                    margin: UiRect::horizontal(px(6)),
                    ..sheet_row()
                },
                BackgroundColor(SHEET_HEAD),
                ChildOf(paper),
            ))
            .id();
        for column in &material.columns {
            commands.spawn((
                cell(),
                children![theme::bold(
                    f,
                    column.clone(),
                    theme::size::SMALL,
                    theme::INK
                )],
                ChildOf(head),
            ));
        }
    }
    for (n, item) in material.items.iter().enumerate() {
        let Some(ix) = scenario.item_ix(&item.id) else {
            continue;
        };
        let block = commands
            .spawn((
                Node {
                    flex_direction: FlexDirection::Column,
                    padding: UiRect::axes(px(6), px(4)),
                    border_radius: BorderRadius::all(px(4)),
                    row_gap: px(2),
                    ..default()
                },
                BackgroundColor(Color::NONE),
                marks(ix),
                ChildOf(paper),
            ))
            .id();
        item_body(commands, f, form, item, n, block);
        // What a careful reader sees in the margin: the marks, stamps and notes on the page.
        for cue in &item.cues {
            commands.spawn((
                theme::text(f, format!("margin: {cue}"), theme::size::SMALL, MARGIN),
                ChildOf(block),
            ));
        }
    }
}

/// The title line, and the source as the form shows it: a post's account, a page's origin.
fn header(commands: &mut Commands, f: &Fonts, material: &Material, form: DeskForm, paper: Entity) {
    let kind = material.kind.heading();
    if form == DeskForm::Post {
        let top = commands.spawn((super::row(10.0), ChildOf(paper))).id();
        commands.spawn((
            Node {
                width: px(30),
                height: px(30),
                border_radius: BorderRadius::all(percent(50)),
                ..default()
            },
            BackgroundColor(Color::srgb(0.35, 0.5, 0.75)),
            ChildOf(top),
        ));
        let who = commands
            .spawn((
                Node {
                    flex_direction: FlexDirection::Column,
                    ..default()
                },
                ChildOf(top),
            ))
            .id();
        let account = if material.source.is_empty() {
            material.title.clone()
        } else {
            material.source.clone()
        };
        commands.spawn((
            theme::bold(f, account, theme::size::BODY, theme::INK),
            ChildOf(who),
        ));
        commands.spawn((
            theme::text(
                f,
                format!("{kind} · {}", material.title),
                theme::size::SMALL,
                theme::INK.with_alpha(0.7),
            ),
            ChildOf(who),
        ));
        return;
    }
    commands.spawn((
        theme::bold(
            f,
            format!("{kind} · {}", material.title),
            theme::size::BODY,
            theme::INK,
        ),
        ChildOf(paper),
    ));
    if !material.source.is_empty() {
        commands.spawn((
            theme::text(
                f,
                material.source.clone(),
                theme::size::SMALL,
                theme::INK.with_alpha(0.7),
            ),
            ChildOf(paper),
        ));
    }
}

/// A photo's print: a dark frame with a white border, what it shows written on it.
fn photo_frame(commands: &mut Commands, f: &Fonts, material: &Material, paper: Entity) {
    let shows = if material.description.is_empty() {
        material.title.clone()
    } else {
        material.description.clone()
    };
    commands.spawn((
        Node {
            min_height: px(110),
            padding: UiRect::all(px(14)),
            border: UiRect::all(px(6)),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            ..default()
        },
        BackgroundColor(DARK),
        BorderColor::all(Color::WHITE),
        children![theme::text(
            f,
            format!("[ photograph ]  {shows}"),
            theme::size::SMALL,
            ON_DARK
        )],
        ChildOf(paper),
    ));
}

/// A recording's strip: a level meter drawn from the transcript's lengths, and what was recorded.
fn recording_strip(commands: &mut Commands, f: &Fonts, material: &Material, paper: Entity) {
    let strip = commands
        .spawn((
            Node {
                flex_direction: FlexDirection::Row,
                align_items: AlignItems::Center,
                column_gap: px(2),
                padding: UiRect::axes(px(10), px(8)),
                border_radius: BorderRadius::all(px(6)),
                ..default()
            },
            BackgroundColor(DARK),
            ChildOf(paper),
        ))
        .id();
    commands.spawn((
        theme::bold(f, "REC ", theme::size::SMALL, Color::srgb(0.9, 0.35, 0.3)),
        ChildOf(strip),
    ));
    // Bar heights follow the transcript: each line's length, so the strip is the same on every run.
    let lengths: Vec<usize> = material.items.iter().map(|i| i.text.len()).collect();
    for k in 0..36 {
        let len = lengths.get(k % lengths.len().max(1)).copied().unwrap_or(20);
        let h = 4 + (len * (k + 3)) % 18;
        commands.spawn((
            Node {
                width: px(3),
                height: px(h as f32),
                ..default()
            },
            BackgroundColor(ON_DARK.with_alpha(0.8)),
            ChildOf(strip),
        ));
    }
    if !material.description.is_empty() {
        commands.spawn((
            theme::text(
                f,
                format!("  {}", material.description),
                theme::size::SMALL,
                ON_DARK,
            ),
            ChildOf(strip),
        ));
    }
}

/// One item as its form shows it.
fn item_body(
    commands: &mut Commands,
    f: &Fonts,
    form: DeskForm,
    item: &Item,
    n: usize,
    block: Entity,
) {
    match form {
        DeskForm::Sheet => {
            let row = commands
                .spawn((sheet_row(), BorderColor::all(SHEET_RULE), ChildOf(block)))
                .id();
            for value in item.row() {
                commands.spawn((
                    cell(),
                    children![theme::text(
                        f,
                        value.to_string(),
                        theme::size::SMALL,
                        theme::INK
                    )],
                    ChildOf(row),
                ));
            }
        }
        DeskForm::Recording => {
            commands.spawn((
                theme::text(
                    f,
                    format!("{:>2}  \u{201c}{}\u{201d}", n + 1, item.text),
                    theme::size::BODY,
                    theme::INK,
                ),
                ChildOf(block),
            ));
        }
        DeskForm::Photo => {
            commands.spawn((
                theme::text(
                    f,
                    format!("Caption: {}", item.text),
                    theme::size::BODY,
                    theme::INK,
                ),
                ChildOf(block),
            ));
        }
        DeskForm::Paper | DeskForm::Post => {
            commands.spawn((
                theme::text(f, item.text.clone(), theme::size::BODY, theme::INK),
                ChildOf(block),
            ));
        }
    }
}

/// A sheet's row: cells side by side, ruled underneath.
fn sheet_row() -> Node {
    Node {
        flex_direction: FlexDirection::Row,
        border: UiRect::bottom(px(1)),
        ..default()
    }
}

/// One cell: an equal share of the row.
fn cell() -> Node {
    Node {
        flex_grow: 1.0,
        flex_basis: px(0),
        padding: UiRect::axes(px(6), px(3)),
        ..default()
    }
}
