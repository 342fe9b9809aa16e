//! Colours, the bundled fonts, text sizes and the widgets every screen is built from.

use bevy::input_focus::{InputFocus, tab_navigation::TabIndex};
use bevy::picking::hover::Hovered;
use bevy::prelude::*;
use bevy::ui::{InteractionDisabled, Pressed};
use bevy::ui_widgets::Button;

/// Page background: a calm, dark blue-grey.
pub const BACKGROUND: Color = Color::srgb(0.10, 0.118, 0.141);
/// Panels that hold cards.
pub const PANEL: Color = Color::srgb(0.137, 0.165, 0.196);
/// Card background.
pub const CARD: Color = Color::srgb(0.169, 0.2, 0.239);
/// Paper for source documents, so materials read as documents.
pub const PAPER: Color = Color::srgb(0.93, 0.91, 0.86);
/// Ink on paper.
pub const INK: Color = Color::srgb(0.13, 0.13, 0.15);
/// Main text.
pub const TEXT: Color = Color::srgb(0.93, 0.94, 0.95);
/// Secondary text.
pub const MUTED: Color = Color::srgb(0.66, 0.69, 0.73);
/// Accent: focus, selection, links.
pub const ACCENT: Color = Color::srgb(0.353, 0.663, 0.902);
/// Stamps, leaks, errors.
pub const DANGER: Color = Color::srgb(0.878, 0.333, 0.302);
/// Passes, safe items.
pub const GOOD: Color = Color::srgb(0.365, 0.733, 0.478);
/// Warnings, self-media.
pub const WARN: Color = Color::srgb(0.89, 0.702, 0.255);
/// Button at rest.
pub const BUTTON: Color = Color::srgb(0.2, 0.251, 0.302);
/// Button under the pointer.
pub const BUTTON_HOVER: Color = Color::srgb(0.251, 0.322, 0.388);
/// Button being pressed.
pub const BUTTON_PRESSED: Color = Color::srgb(0.306, 0.416, 0.51);
/// A selected toggle.
pub const BUTTON_SELECTED: Color = Color::srgb(0.184, 0.435, 0.624);

/// Text sizes in rem; the rem itself follows the text-size setting.
pub mod size {
    /// Screen titles.
    pub const TITLE: f32 = 2.2;
    /// Section headings.
    pub const HEADING: f32 = 1.3;
    /// Body text.
    pub const BODY: f32 = 1.0;
    /// Notes, labels and captions.
    pub const SMALL: f32 = 0.8;
}

/// The bundled fonts, which cover Latin-1 and far more.
#[derive(Resource, Clone)]
pub struct Fonts {
    pub regular: Handle<Font>,
    pub bold: Handle<Font>,
}

/// The fonts, compiled into the binary so a copied `presscheck` never shows a window without text.
const REGULAR_FONT: &[u8] = include_bytes!("../../assets/fonts/Inter-Regular.otf");
const BOLD_FONT: &[u8] = include_bytes!("../../assets/fonts/Inter-SemiBold.otf");

impl FromWorld for Fonts {
    // Added when the plugin is built, before any screen spawns text.
    // Headless tests have no text plugin; their text uses the default font.
    fn from_world(world: &mut World) -> Self {
        match world.get_resource_mut::<Assets<Font>>() {
            Some(mut fonts) => Fonts {
                regular: fonts.add(Font::from_bytes(REGULAR_FONT.to_vec())),
                bold: fonts.add(Font::from_bytes(BOLD_FONT.to_vec())),
            },
            None => Fonts {
                regular: Handle::default(),
                bold: Handle::default(),
            },
        }
    }
}

/// The text a button shows, kept for automation and accessibility.
#[derive(Component, Clone, Debug)]
pub struct ButtonLabel(pub String);

/// A toggle button that is currently on.
#[derive(Component)]
pub struct Selected;

pub(super) fn plugin(app: &mut App) {
    app.insert_resource(ClearColor(BACKGROUND))
        .init_resource::<Fonts>()
        .add_systems(
            PostUpdate,
            (paint_buttons, paint_fields, sync_button_labels),
        );
}

/// A button's caption follows its `ButtonLabel`, so code can relabel a button in one place.
fn sync_button_labels(
    buttons: Query<(&ButtonLabel, &Children), Changed<ButtonLabel>>,
    mut texts: Query<&mut Text>,
) {
    for (label, children) in &buttons {
        // Only simple buttons: a card with many lines keeps its own texts.
        if children.len() != 1 {
            continue;
        }
        for child in children.iter() {
            if let Ok(mut text) = texts.get_mut(child)
                && text.0 != label.0
            {
                text.0 = label.0.clone();
            }
        }
    }
}

/// Body text in the bundled font, sized in rem.
pub fn text(fonts: &Fonts, value: impl Into<String>, rem: f32, color: Color) -> impl Bundle {
    (
        Text::new(value),
        TextFont {
            font: fonts.regular.clone().into(),
            font_size: FontSize::Rem(rem),
            ..default()
        },
        TextColor(color),
    )
}

/// A heading in the bundled semi-bold font, sized in rem.
pub fn heading(fonts: &Fonts, value: impl Into<String>, rem: f32) -> impl Bundle {
    bold(fonts, value, rem, TEXT)
}

/// Semi-bold text of any colour.
pub fn bold(fonts: &Fonts, value: impl Into<String>, rem: f32, color: Color) -> impl Bundle {
    (
        Text::new(value),
        TextFont {
            font: fonts.bold.clone().into(),
            font_size: FontSize::Rem(rem),
            ..default()
        },
        TextColor(color),
    )
}

/// A focusable button with a label; attach its action with `observe(|_: On<Activate>| …)`.
pub fn button(fonts: &Fonts, label: impl Into<String>) -> impl Bundle {
    button_sized(fonts, label.into(), (18.0, 10.0), 6.0, size::BODY)
}

/// A small toggle, for per-item controls.
pub fn small_button(fonts: &Fonts, label: impl Into<String>) -> impl Bundle {
    button_sized(fonts, label.into(), (10.0, 4.0), 4.0, size::SMALL)
}

fn button_sized(
    fonts: &Fonts,
    label: String,
    padding: (f32, f32),
    radius: f32,
    rem: f32,
) -> impl Bundle {
    (
        Button,
        Hovered::default(),
        TabIndex(0),
        ButtonLabel(label.clone()),
        Node {
            padding: UiRect::axes(px(padding.0), px(padding.1)),
            border: UiRect::all(px(2)),
            border_radius: BorderRadius::all(px(radius)),
            justify_content: JustifyContent::FlexStart,
            align_items: AlignItems::Center,
            ..default()
        },
        BackgroundColor(BUTTON),
        BorderColor::all(Color::NONE),
        children![text(fonts, label, rem, TEXT)],
    )
}

/// A panel of the given width (percent of its row) that scrolls its column of content.
pub fn panel_column(width: f32) -> impl Bundle {
    (
        Node {
            width: percent(width),
            flex_direction: FlexDirection::Column,
            overflow: Overflow::scroll_y(),
            row_gap: px(10),
            min_height: px(0),
            padding: UiRect::all(px(12)),
            border_radius: BorderRadius::all(px(8)),
            ..default()
        },
        bevy::ui_widgets::ScrollArea,
        BackgroundColor(PANEL),
    )
}

/// A card: a padded column with a background.
pub fn card(color: Color) -> impl Bundle {
    (
        Node {
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(16)),
            row_gap: px(8),
            border_radius: BorderRadius::all(px(8)),
            ..default()
        },
        BackgroundColor(color),
    )
}

/// A stamp such as "CONFIDENTIAL", drawn as a red-bordered label.
pub fn stamp(fonts: &Fonts, label: impl Into<String>) -> impl Bundle {
    (
        Node {
            padding: UiRect::axes(px(8), px(2)),
            border: UiRect::all(px(2)),
            border_radius: BorderRadius::all(px(3)),
            ..default()
        },
        BorderColor::all(DANGER),
        children![bold(fonts, label, size::SMALL, DANGER)],
    )
}

type ButtonState = (
    Entity,
    &'static Hovered,
    Has<Pressed>,
    Has<InteractionDisabled>,
    Has<Selected>,
    &'static mut BackgroundColor,
    &'static mut BorderColor,
);

/// Colours every button by its state: pressed, hovered, selected, disabled, focused.
fn paint_buttons(focus: Res<InputFocus>, mut buttons: Query<ButtonState, With<Button>>) {
    for (entity, hovered, pressed, disabled, selected, mut bg, mut border) in &mut buttons {
        let colour = if disabled {
            BUTTON.with_alpha(0.4)
        } else if pressed {
            BUTTON_PRESSED
        } else if selected {
            BUTTON_SELECTED
        } else if hovered.get() {
            BUTTON_HOVER
        } else {
            BUTTON
        };
        if bg.0 != colour {
            bg.0 = colour;
        }
        let edge = if focus.get() == Some(entity) {
            ACCENT
        } else {
            Color::NONE
        };
        if *border != BorderColor::all(edge) {
            *border = BorderColor::all(edge);
        }
    }
}

/// Text fields show where the typing goes: an accent border when focused.
fn paint_fields(
    focus: Res<InputFocus>,
    mut fields: Query<(Entity, &mut BorderColor), With<bevy::text::EditableText>>,
) {
    for (entity, mut border) in &mut fields {
        let edge = if focus.get() == Some(entity) {
            ACCENT
        } else {
            MUTED
        };
        if *border != BorderColor::all(edge) {
            *border = BorderColor::all(edge);
        }
    }
}

/// A one-line text field, focusable with Tab.
pub fn text_field(fonts: &Fonts, initial: &str, width: f32) -> impl Bundle {
    (
        Node {
            width: px(width),
            padding: UiRect::axes(px(10), px(6)),
            border: UiRect::all(px(2)),
            border_radius: BorderRadius::all(px(4)),
            ..default()
        },
        BorderColor::all(MUTED),
        BackgroundColor(CARD),
        bevy::text::EditableText::new(initial),
        TextLayout::no_wrap(),
        TextFont {
            font: fonts.regular.clone().into(),
            font_size: FontSize::Rem(size::BODY),
            ..default()
        },
        TextColor(TEXT),
        bevy::text::TextCursorStyle::default(),
        bevy::input_focus::tab_navigation::TabIndex(0),
    )
}
