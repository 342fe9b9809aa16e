//! Scenario select: a card per scenario in the folder, with title, role, difficulty, minutes, objectives and best result, or its errors.

use super::{header, root, row};
use crate::game::balance::{self, Balance, BalanceCheck};
use crate::game::catalog::{Catalog, Entry};
use crate::game::session::{self, BestResults, StartOptions, Trainee};
use crate::game::theme::{self, Fonts};
use crate::game::{Menu, Screen};
use bevy::input_focus::{InputFocus, tab_navigation::TabIndex};
use bevy::prelude::*;
use bevy::ui_widgets::{Activate, observe};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Select), spawn)
        .add_systems(Update, rebuild_on_reload.run_if(in_state(Screen::Select)));
}

/// The scrolling list of cards.
#[derive(Component)]
struct CardList {
    generation: u64,
    balance: u64,
}

/// A card for the catalog entry at this index.
#[derive(Component)]
pub struct ScenarioCard(pub usize);

fn spawn(
    mut commands: Commands,
    fonts: Res<Fonts>,
    catalog: Res<Catalog>,
    best: Res<BestResults>,
    trainee: Res<Trainee>,
    balance: Res<Balance>,
) {
    let f = &*fonts;
    let who = if trainee.name.is_empty() {
        "anonymous".to_string()
    } else {
        trainee.name.clone()
    };
    let code = if trainee.session_code.is_empty() {
        "no session code".to_string()
    } else {
        format!("session {}", trainee.session_code)
    };
    let root = commands
        .spawn(root(Screen::Select))
        .with_children(|page| {
            page.spawn(header(
                f,
                "Choose a scenario",
                format!("{who} · {} · {code}", trainee.mode.label()),
            ));
        })
        .id();
    let list = commands
        .spawn((
            bevy::ui_widgets::ScrollArea,
            Node {
                flex_direction: FlexDirection::Column,
                overflow: Overflow::scroll_y(),
                row_gap: px(12),
                flex_grow: 1.0,
                min_height: px(0),
                ..default()
            },
            CardList {
                generation: catalog.generation,
                balance: balance.generation,
            },
            ChildOf(root),
        ))
        .id();
    spawn_cards(
        &mut commands,
        f,
        &catalog,
        &best,
        &balance,
        &trainee.name,
        list,
    );
    commands.spawn((
        row(12.0),
        ChildOf(root),
        children![
            (theme::button(f, "Back"), observe(back)),
            (theme::button(f, "Settings"), observe(settings)),
        ],
    ));
}

fn spawn_cards(
    commands: &mut Commands,
    f: &Fonts,
    catalog: &Catalog,
    best: &BestResults,
    balance: &Balance,
    trainee: &str,
    list: Entity,
) {
    if catalog.entries.is_empty() {
        commands.spawn((
            theme::text(
                f,
                "No scenarios found. Put .ron scenario files in the scenarios folder; they appear here as soon as they are saved.",
                theme::size::BODY,
                theme::MUTED,
            ),
            ChildOf(list),
        ));
    }
    for (index, entry) in catalog.entries.iter().enumerate() {
        let card = commands
            .spawn((theme::card(theme::CARD), ScenarioCard(index), ChildOf(list)))
            .id();
        fill_card(commands, f, entry, best, balance, trainee, card);
        if entry.scenario.is_some() {
            commands.entity(card).insert((
                bevy::ui_widgets::Button,
                bevy::picking::hover::Hovered::default(),
                TabIndex(0),
                BorderColor::all(Color::NONE),
                theme::ButtonLabel(
                    entry
                        .scenario
                        .as_ref()
                        .map(|s| s.file.title.clone())
                        .unwrap_or_default(),
                ),
                observe(choose(index)),
            ));
            commands.entity(card).entry::<Node>().and_modify(|mut n| {
                n.border = UiRect::all(px(2));
            });
        }
    }
}

fn fill_card(
    commands: &mut Commands,
    f: &Fonts,
    entry: &Entry,
    best: &BestResults,
    balance: &Balance,
    trainee: &str,
    card: Entity,
) {
    let mut lines: Vec<(String, f32, Color, bool)> = Vec::new();
    match &entry.scenario {
        Some(s) => {
            let file = &s.file;
            lines.push((file.title.clone(), theme::size::HEADING, theme::TEXT, true));
            lines.push((
                format!(
                    "{} · {} · about {} minutes",
                    file.role,
                    file.difficulty.label(),
                    file.minutes
                ),
                theme::size::SMALL,
                theme::MUTED,
                false,
            ));
            for o in &file.objectives {
                lines.push((format!("• {o}"), theme::size::SMALL, theme::TEXT, false));
            }
            let result = match best.get(trainee, s.id()) {
                Some((score, passed)) => format!(
                    "Your best: {:.0}%{}",
                    score * 100.0,
                    if passed {
                        ", passed"
                    } else {
                        ", not yet passed"
                    }
                ),
                None => "Not played yet".to_string(),
            };
            lines.push((result, theme::size::SMALL, theme::ACCENT, false));
            for w in entry.warnings.iter().take(3) {
                lines.push((
                    format!(
                        "{}:{}:{}: warning: {}",
                        entry.file_name(),
                        w.line,
                        w.column,
                        w.message
                    ),
                    theme::size::SMALL,
                    theme::WARN,
                    false,
                ));
            }
            // The balance of a scenario being edited, as `presscheck analyze` sees it.
            match balance.by_path.get(&entry.file) {
                Some(BalanceCheck::Running { .. }) => lines.push((
                    format!("Checking the balance ({} seeds)…", balance::SEEDS),
                    theme::size::SMALL,
                    theme::MUTED,
                    false,
                )),
                Some(BalanceCheck::Done { findings, .. }) if findings.is_empty() => lines.push((
                    format!(
                        "Balance ({} seeds): no findings, the careful play wins",
                        balance::SEEDS
                    ),
                    theme::size::SMALL,
                    theme::GOOD,
                    false,
                )),
                Some(BalanceCheck::Done { findings, .. }) => {
                    for f in findings.iter().take(4) {
                        let (word, colour) = match f.severity {
                            presscheck_engine::Severity::Error => ("error", theme::DANGER),
                            presscheck_engine::Severity::Warning => ("warning", theme::WARN),
                        };
                        lines.push((
                            format!("balance {word}[{}]: {}", f.code, f.message),
                            theme::size::SMALL,
                            colour,
                            false,
                        ));
                    }
                    if findings.len() > 4 {
                        lines.push((
                            format!(
                                "… and {} more: run `presscheck analyze {}`",
                                findings.len() - 4,
                                entry.file.name()
                            ),
                            theme::size::SMALL,
                            theme::MUTED,
                            false,
                        ));
                    }
                }
                None => {}
            }
            if !entry.errors.is_empty() {
                lines.push((
                    "The file has errors since it was last loaded; you are playing the last good version:".to_string(),
                    theme::size::SMALL,
                    theme::WARN,
                    false,
                ));
            }
        }
        None => {
            lines.push((entry.file_name(), theme::size::HEADING, theme::TEXT, true));
            lines.push((
                "This scenario has errors and cannot be played yet:".to_string(),
                theme::size::SMALL,
                theme::DANGER,
                false,
            ));
        }
    }
    for e in entry.errors.iter().take(3) {
        lines.push((
            format!(
                "{}:{}:{}: {}",
                entry.file_name(),
                e.line,
                e.column,
                e.message
            ),
            theme::size::SMALL,
            theme::DANGER,
            false,
        ));
    }
    for (text, size, colour, bold) in lines {
        if bold {
            commands.spawn((theme::bold(f, text, size, colour), ChildOf(card)));
        } else {
            commands.spawn((theme::text(f, text, size, colour), ChildOf(card)));
        }
    }
}

// A Bevy system takes what it reads as parameters; grouping them would only hide that.
#[allow(clippy::too_many_arguments)]
fn rebuild_on_reload(
    mut commands: Commands,
    fonts: Res<Fonts>,
    catalog: Res<Catalog>,
    best: Res<BestResults>,
    trainee: Res<Trainee>,
    balance: Res<Balance>,
    mut lists: Query<(Entity, &mut CardList)>,
    mut focus: ResMut<InputFocus>,
) {
    for (list, mut state) in &mut lists {
        if state.generation == catalog.generation && state.balance == balance.generation {
            continue;
        }
        state.generation = catalog.generation;
        state.balance = balance.generation;
        commands.entity(list).despawn_children();
        focus.clear();
        spawn_cards(
            &mut commands,
            &fonts,
            &catalog,
            &best,
            &balance,
            &trainee.name,
            list,
        );
    }
}

/// Starts the scenario of the card at `index` and opens its briefing.
fn choose(index: usize) -> impl Fn(On<Activate>, Commands, StartDeps, ResMut<NextState<Screen>>) {
    move |_: On<Activate>,
          mut commands: Commands,
          deps: StartDeps,
          mut next: ResMut<NextState<Screen>>| {
        if session::start(
            &mut commands,
            &deps.catalog,
            index,
            &deps.options,
            &deps.trainee,
        ) {
            next.set(Screen::Briefing);
        }
    }
}

/// What starting a scenario reads.
#[derive(bevy::ecs::system::SystemParam)]
pub struct StartDeps<'w> {
    catalog: Res<'w, Catalog>,
    options: Res<'w, StartOptions>,
    trainee: Res<'w, Trainee>,
}

fn back(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Title);
}

fn settings(_: On<Activate>, mut menu: ResMut<NextState<Menu>>) {
    menu.set(Menu::Settings);
}
