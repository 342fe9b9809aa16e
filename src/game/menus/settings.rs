//! The settings menu: text size, fullscreen and the folder run records go to.

use super::{overlay, panel};
use crate::game::records::RecordSink;
use crate::game::settings::{Settings, TextSize};
use crate::game::theme::{self, Fonts, Selected};
use crate::game::{Menu, Screen};
use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::text::EditableText;
use bevy::ui_widgets::{Activate, observe};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Menu::Settings), spawn).add_systems(
        Update,
        (show_selection, show_results_note).run_if(in_state(Menu::Settings)),
    );
}

fn use_folder(
    _: On<Activate>,
    field: Query<&EditableText, With<ResultsField>>,
    mut settings: ResMut<Settings>,
) {
    let Ok(field) = field.single() else { return };
    let text = field.value().to_string().trim().to_string();
    let wanted = (!text.is_empty()).then(|| std::path::PathBuf::from(text));
    if settings.results_dir != wanted {
        settings.results_dir = wanted;
    }
}

fn default_folder(
    _: On<Activate>,
    mut settings: ResMut<Settings>,
    mut field: Query<&mut EditableText, With<ResultsField>>,
) {
    settings.results_dir = None;
    if let Ok(mut field) = field.single_mut() {
        *field = EditableText::new("");
    }
}

fn show_results_note(sink: Res<RecordSink>, mut note: Query<&mut Text, With<ResultsNote>>) {
    if !sink.is_changed() {
        return;
    }
    for mut text in &mut note {
        let wanted = results_note(&sink);
        if text.0 != wanted {
            text.0 = wanted;
        }
    }
}

#[derive(Component)]
struct SizeToggle(TextSize);

#[derive(Component)]
struct FullscreenToggle(bool);

/// The results-folder field.
#[derive(Component)]
pub struct ResultsField;

/// Says where records go now.
#[derive(Component)]
struct ResultsNote;

fn results_note(sink: &RecordSink) -> String {
    match (sink.sink.as_ref().map(|s| s.dir()), sink.fixed) {
        (Some(dir), false) => format!("Records are saved in {}", dir.display()),
        (Some(dir), true) => format!(
            "Records are saved in {} (set on the command line)",
            dir.display()
        ),
        (None, _) => "Records are not saved".to_string(),
    }
}

fn spawn(
    mut commands: Commands,
    fonts: Res<Fonts>,
    sink: Res<RecordSink>,
    settings: Res<Settings>,
) {
    let f = &*fonts;
    commands.spawn(overlay(Menu::Settings)).with_children(|o| {
        o.spawn(panel()).with_children(|p| {
            p.spawn(theme::heading(f, "Settings", theme::size::TITLE));
            p.spawn(theme::text(
                f,
                "Text size",
                theme::size::SMALL,
                theme::MUTED,
            ));
            p.spawn(super::super::screens::row(8.0)).with_children(|r| {
                for (i, size) in TextSize::ALL.into_iter().enumerate() {
                    let mut b = r.spawn((
                        theme::button(f, size.label()),
                        SizeToggle(size),
                        observe(move |_: On<Activate>, mut s: ResMut<Settings>| s.text_size = size),
                    ));
                    if i == 0 {
                        b.insert(AutoFocus);
                    }
                }
            });
            p.spawn(theme::text(f, "Window", theme::size::SMALL, theme::MUTED));
            p.spawn(super::super::screens::row(8.0)).with_children(|r| {
                for (label, on) in [("Windowed", false), ("Fullscreen", true)] {
                    r.spawn((
                        theme::button(f, label),
                        FullscreenToggle(on),
                        observe(move |_: On<Activate>, mut s: ResMut<Settings>| s.fullscreen = on),
                    ));
                }
            });
            p.spawn(theme::text(
                f,
                "Run records folder (for the trainer)",
                theme::size::SMALL,
                theme::MUTED,
            ));
            let shown = settings
                .results_dir
                .as_ref()
                .map(|d| d.display().to_string())
                .unwrap_or_default();
            p.spawn((theme::text_field(f, &shown, 520.0), ResultsField));
            p.spawn(super::super::screens::row(8.0)).with_children(|r| {
                r.spawn((theme::button(f, "Use this folder"), observe(use_folder)));
                r.spawn((theme::button(f, "Default folder"), observe(default_folder)));
            });
            p.spawn((
                theme::text(f, &results_note(&sink), theme::size::SMALL, theme::MUTED),
                ResultsNote,
            ));
            p.spawn((theme::button(f, "Back"), observe(back)));
        });
    });
}

fn show_selection(
    mut commands: Commands,
    settings: Res<Settings>,
    sizes: Query<(Entity, &SizeToggle, Has<Selected>)>,
    screens: Query<(Entity, &FullscreenToggle, Has<Selected>)>,
) {
    for (e, t, sel) in &sizes {
        toggle(&mut commands, e, t.0 == settings.text_size, sel);
    }
    for (e, t, sel) in &screens {
        toggle(&mut commands, e, t.0 == settings.fullscreen, sel);
    }
}

fn toggle(commands: &mut Commands, e: Entity, on: bool, selected: bool) {
    if on && !selected {
        commands.entity(e).insert(Selected);
    } else if !on && selected {
        commands.entity(e).remove::<Selected>();
    }
}

fn back(_: On<Activate>, screen: Res<State<Screen>>, mut menu: ResMut<NextState<Menu>>) {
    menu.set(match screen.get() {
        Screen::Title | Screen::Select => Menu::None,
        _ => Menu::Pause,
    });
}
