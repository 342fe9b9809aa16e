//! Benchmarks in the real window: frame times on the consequences screen of the largest network, and launch to an interactive title screen.

use super::cascade_view::CascadeAnim;
use super::catalog::Catalog;
use super::own_time::OwnSystemTime;
use super::session::Play;
use super::{Screen, theme::ButtonLabel};
use bevy::prelude::*;
use bevy::ui::ComputedNode;
use presscheck_engine::strategy::{self, Strategy};
use std::time::{Duration, Instant};

/// What to measure, chosen on the command line.
#[derive(Resource, Clone, Debug)]
pub enum BenchMode {
    /// Render the consequences screen of the largest shipped network for this many frames.
    Frames(u32),
    /// Exit as soon as the title screen is laid out and drawn, reporting the time since launch.
    Startup(Instant),
}

#[derive(Resource, Default)]
struct FrameLog {
    last: Option<Instant>,
    frames: Vec<Duration>,
    own: Vec<Duration>,
    warm_up: u32,
}

/// Frames rendered before measuring starts, so first-frame work (atlases, pipelines) is not counted.
const WARM_UP_FRAMES: u32 = 30;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<FrameLog>()
        .add_systems(Startup, start_consequences)
        .add_systems(Last, (measure_frames, report_startup));
}

fn start_consequences(
    mut commands: Commands,
    mode: Option<Res<BenchMode>>,
    catalog: Res<Catalog>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(BenchMode::Frames(_)) = mode.as_deref() else {
        return;
    };
    // The largest network among the shipped scenarios, played carelessly so the cascade is big.
    let Some(entry) = catalog
        .entries
        .iter()
        .filter(|e| e.scenario.is_some())
        .max_by_key(|e| {
            presscheck_engine::outlets::outlet_count(
                &e.scenario.as_ref().expect("filtered").file.network,
            )
        })
    else {
        error!("bench-frames: no scenario found");
        return;
    };
    let scenario = entry.scenario.clone().expect("filtered");
    let choice = presscheck_engine::seed::choose(None, None);
    let seed = choice.seed;
    let mut play = Play::new(scenario.clone(), entry.file.clone(), choice);
    for d in strategy::decisions(&scenario, Strategy::PublishAll, seed) {
        let _ = play.apply(d);
    }
    info!(
        "bench-frames: {} ({} outlets)",
        scenario.file.title,
        presscheck_engine::outlets::outlet_count(&scenario.file.network)
    );
    commands.insert_resource(play);
    next.set(Screen::Consequences);
}

fn measure_frames(
    mode: Option<Res<BenchMode>>,
    mut log: ResMut<FrameLog>,
    mut own: ResMut<OwnSystemTime>,
    anim: Option<ResMut<CascadeAnim>>,
    mut quit: super::quit::Quit,
) {
    let Some(BenchMode::Frames(n)) = mode.as_deref().cloned() else {
        return;
    };
    let Some(mut anim) = anim else { return };
    // Measured and reported: the window takes a frame or two to close.
    if log.frames.len() as u32 >= n {
        return;
    }
    // The animation runs through all its hours over the measured frames, whatever the frame rate.
    anim.paused = true;
    let now = Instant::now();
    if log.warm_up < WARM_UP_FRAMES {
        log.warm_up += 1;
        log.last = Some(now);
        own.0 = Duration::ZERO;
        return;
    }
    if let Some(last) = log.last {
        log.frames.push(now - last);
        let spent = own.0;
        log.own.push(spent);
    }
    own.0 = Duration::ZERO;
    log.last = Some(now);
    let step = anim.hours() / n as f32;
    anim.hour = (log.frames.len() as f32 * step).min(anim.hours());
    if log.frames.len() as u32 >= n {
        let mut frames = log.frames.clone();
        frames.sort();
        let total_own: Duration = log.own.iter().sum();
        let mut own_sorted = log.own.clone();
        own_sorted.sort();
        let pct = |v: &[Duration], p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
        println!(
            "bench-frames: {} frames, {} outlets: frame time median {:.2} ms, p99 {:.2} ms; game's own systems median {:.2} ms, p99 {:.2} ms, {:.1}% of frame time",
            frames.len(),
            anim.network.len(),
            pct(&frames, 0.5).as_secs_f64() * 1e3,
            pct(&frames, 0.99).as_secs_f64() * 1e3,
            pct(&own_sorted, 0.5).as_secs_f64() * 1e3,
            pct(&own_sorted, 0.99).as_secs_f64() * 1e3,
            100.0 * total_own.as_secs_f64() / frames.iter().sum::<Duration>().as_secs_f64()
        );
        quit.quit();
    }
}

fn report_startup(
    mode: Option<Res<BenchMode>>,
    screen: Res<State<Screen>>,
    buttons: Query<(&ButtonLabel, &ComputedNode)>,
    mut drawn_frames: Local<u32>,
    mut quit: super::quit::Quit,
) {
    let Some(BenchMode::Startup(started)) = mode.as_deref() else {
        return;
    };
    let laid_out = *screen.get() == Screen::Title
        && buttons
            .iter()
            .any(|(l, n)| l.0 == "Choose a scenario" && n.size().x > 0.0);
    if laid_out {
        // One more frame so the laid-out screen is also drawn.
        *drawn_frames += 1;
        if *drawn_frames == 2 {
            println!(
                "bench-startup: title screen interactive {:.0} ms after launch",
                started.elapsed().as_secs_f64() * 1e3
            );
            quit.quit();
        }
    }
}
