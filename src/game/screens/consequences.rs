//! Consequences: the reprint cascade animated over simulated hours, with running counters and the first foreign pickup called out.

use super::{header, root, row};
use crate::game::Screen;
use crate::game::cascade_view::{CascadeAnim, HEIGHT, WIDTH, kind_colour};
use crate::game::replays::UsualOutcome;
use crate::game::session::Play;
use crate::game::theme::{self, ButtonLabel, Fonts};
use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::ui_widgets::{Activate, observe};
use presscheck_engine::Ending;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Consequences), spawn)
        .add_systems(
            Update,
            update_counters.run_if(in_state(Screen::Consequences)),
        );
}

#[derive(Component)]
enum Counter {
    Hour,
    /// Reprints of one kind of outlet (the own outlet aside), by its place in the network.
    Kind(usize),
    Reach,
    Callout,
    /// Where this run stands against the replays at this hour.
    Usual,
}

#[derive(Component)]
struct PauseButton;

#[derive(Component)]
struct SpeedButton;

fn spawn(
    mut commands: Commands,
    fonts: Res<Fonts>,
    play: Option<Res<Play>>,
    replaying: Option<Res<crate::game::records::Replaying>>,
    mut images: ResMut<Assets<Image>>,
) {
    let f = &*fonts;
    let Some(play) = play else { return };
    // On a class replay, the title says whose run the room is watching.
    let title = match &replaying {
        Some(r) => format!("Replay of {}'s run", r.record.trainee.name),
        None => "What happened next".to_string(),
    };
    let Some(outcome) = play.outcome.clone() else {
        return;
    };
    let run = play.run();
    let published = matches!(outcome.ending, Ending::Published { .. });
    let page = commands.spawn(root(Screen::Consequences)).id();
    match (published, presscheck_engine::outcome::trace_for(&run)) {
        (true, Some((network, trace))) => {
            let anim = CascadeAnim::new(network, trace, outcome.spread.clone(), &mut images);
            let image = anim.image.clone();
            let Ending::Published { hour } = outcome.ending else {
                return;
            };
            commands.spawn((
                header(
                    f,
                    title,
                    format!(
                        "Published at {} by your outlet · {} outlets watching",
                        play.scenario.clock(hour),
                        anim.network.len()
                    ),
                ),
                ChildOf(page),
            ));
            commands.spawn((
                ImageNode::new(image),
                Node {
                    width: percent(100),
                    aspect_ratio: Some(WIDTH as f32 / HEIGHT as f32),
                    max_height: percent(62),
                    ..default()
                },
                ChildOf(page),
            ));
            let legend: Vec<(String, Color)> = anim
                .network
                .kinds
                .iter()
                .skip(1)
                .map(|k| (k.label.clone(), kind_colour(k)))
                .collect();
            commands.insert_resource(anim);
            // Legend and counters.
            commands
                .spawn((row(28.0), ChildOf(page)))
                .with_children(|r| {
                    r.spawn((
                        theme::bold(f, "Hour 0", theme::size::BODY, theme::TEXT),
                        Counter::Hour,
                    ));
                    for (i, (label, colour)) in legend.into_iter().enumerate() {
                        r.spawn((
                            theme::bold(f, format!("{label}: 0"), theme::size::BODY, colour),
                            Counter::Kind(i),
                        ));
                    }
                    r.spawn((
                        theme::bold(f, "reach: 0", theme::size::BODY, theme::TEXT),
                        Counter::Reach,
                    ));
                });
            commands.spawn((
                theme::bold(f, " ", theme::size::HEADING, theme::DANGER),
                Counter::Callout,
                ChildOf(page),
            ));
            commands.spawn((
                theme::text(f, " ", theme::size::SMALL, theme::MUTED),
                Counter::Usual,
                ChildOf(page),
            ));
            commands
                .spawn((row(12.0), ChildOf(page)))
                .with_children(|r| {
                    r.spawn((
                        theme::button(f, "Pause"),
                        PauseButton,
                        observe(toggle_pause),
                    ));
                    r.spawn((
                        theme::button(f, "Speed 1×"),
                        SpeedButton,
                        observe(cycle_speed),
                    ));
                    r.spawn((theme::button(f, "Skip to the end"), observe(skip)));
                    r.spawn((
                        theme::button(f, "Continue to the debrief"),
                        AutoFocus,
                        observe(to_debrief),
                    ));
                });
        }
        _ => {
            commands.spawn((header(f, title, "The story was held"), ChildOf(page)));
            commands.spawn((
                theme::text(
                    f,
                    "Nothing was published, so nothing spread and nothing leaked. But the public part of the story went untold, and other outlets will fill the gap with whatever they have.",
                    theme::size::BODY,
                    theme::TEXT,
                ),
                ChildOf(page),
            ));
            commands.spawn((
                theme::button(f, "Continue to the debrief"),
                AutoFocus,
                observe(to_debrief),
                ChildOf(page),
            ));
        }
    }
}

fn update_counters(
    anim: Option<Res<CascadeAnim>>,
    mut counters: Query<(&Counter, &mut Text)>,
    mut pause: Query<&mut ButtonLabel, With<PauseButton>>,
    mut speed: Query<&mut ButtonLabel, (With<SpeedButton>, Without<PauseButton>)>,
    mut own: ResMut<crate::game::own_time::OwnSystemTime>,
    usual: Res<UsualOutcome>,
) {
    let started = std::time::Instant::now();
    let Some(anim) = anim else { return };
    let (counts, reach) = anim.counts_now();
    let hour = anim.hour.floor() as u32;
    for (counter, mut text) in &mut counters {
        let value = match counter {
            Counter::Hour => format!("Hour {hour} of {}", anim.hours() as u32),
            Counter::Kind(i) => format!(
                "{}: {}",
                anim.network.kinds[i + 1].label,
                counts.get(*i).copied().unwrap_or(0)
            ),
            Counter::Reach => format!("reach: {}", thousands(reach)),
            Counter::Callout => match anim.spread.first_foreign_hour {
                Some(first) if first <= hour => format!(
                    "First foreign pickup at hour {first}: the story is now being read abroad."
                ),
                _ if anim.finished() => "No foreign website picked the story up.".to_string(),
                _ => " ".to_string(),
            },
            Counter::Usual => match &usual.ready {
                Some(Some(replays)) => replays
                    .band
                    .get(hour as usize)
                    .map(|b| {
                        format!(
                            "Replayed {} times, the same story had {}–{} reprints by this hour (median {}); this run {}.",
                            replays.count,
                            b.p10,
                            b.p90,
                            b.median,
                            counts.iter().sum::<u32>()
                        )
                    })
                    .unwrap_or_else(|| " ".to_string()),
                Some(None) => " ".to_string(),
                None => "Replaying the story 1,000 times to see what usually happens…".to_string(),
            },
        };
        if text.0 != value {
            text.0 = value;
        }
    }
    // Button captions follow the state; the theme copies a label into its text.
    let pause_label = if anim.paused { "Resume" } else { "Pause" };
    for mut l in &mut pause {
        if l.0 != pause_label {
            l.0 = pause_label.to_string();
        }
    }
    let speed_label = format!("Speed {}×", anim.speed as u32);
    for mut l in &mut speed {
        if l.0 != speed_label {
            l.0 = speed_label.clone();
        }
    }
    own.0 += started.elapsed();
}

/// 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn toggle_pause(_: On<Activate>, anim: Option<ResMut<CascadeAnim>>) {
    if let Some(mut anim) = anim {
        anim.paused = !anim.paused;
    }
}

fn cycle_speed(_: On<Activate>, anim: Option<ResMut<CascadeAnim>>) {
    if let Some(mut anim) = anim {
        anim.speed = match anim.speed as u32 {
            1 => 4.0,
            4 => 16.0,
            _ => 1.0,
        };
    }
}

fn skip(_: On<Activate>, anim: Option<ResMut<CascadeAnim>>) {
    if let Some(mut anim) = anim {
        anim.hour = anim.hours();
    }
}

fn to_debrief(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Debrief);
}
