//! The reprint cascade drawn as a picture: outlets as dots grouped and coloured by kind, lighting up hour by hour along the links the story travelled.
//!
//! The picture is one CPU-drawn image, redrawn when the animated hour
//! changes: tens of thousands of outlets cost a few milliseconds, where one
//! UI node or sprite per outlet would not scale.

use super::Screen;
use super::theme;
use bevy::asset::RenderAssetUsages;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use presscheck_engine::cascade::{NEVER, Trace};
use presscheck_engine::network::{Network, OutletKind};
use presscheck_engine::outcome::Spread;
use presscheck_engine::outlets::{KindInfo, parse_colour};

/// Size of the picture in pixels.
pub const WIDTH: u32 = 1100;
/// Height of the picture in pixels.
pub const HEIGHT: u32 = 400;
/// Simulated hours per second at normal speed.
pub const HOURS_PER_SECOND: f32 = 2.0;
/// Links stay lit this many hours after the reprint they carried.
const LINK_GLOW_HOURS: f32 = 2.0;

/// The animation state of the consequences screen.
#[derive(Resource)]
pub struct CascadeAnim {
    /// The generated network.
    pub network: Network,
    /// Who reprinted when.
    pub trace: Trace,
    /// Totals and hour-by-hour counts from the outcome.
    pub spread: Spread,
    /// Pixel position of each outlet.
    pub positions: Vec<(u16, u16)>,
    /// Outlets in order of the hour they ran the story.
    by_hour: Vec<u32>,
    /// The animated hour.
    pub hour: f32,
    /// Speed factor: 1, 4 or 16.
    pub speed: f32,
    /// Paused.
    pub paused: bool,
    /// The picture.
    pub image: Handle<Image>,
    /// The colour of each kind, the own outlet's first.
    pub colours: Vec<Color>,
    drawn_hour: f32,
}

impl CascadeAnim {
    /// Builds the animation for a network and trace.
    pub fn new(
        network: Network,
        trace: Trace,
        spread: Spread,
        images: &mut Assets<Image>,
    ) -> CascadeAnim {
        let positions = layout(&network);
        let mut by_hour: Vec<u32> = (0..network.len() as u32)
            .filter(|&v| trace.hour[v as usize] != NEVER)
            .collect();
        by_hour.sort_by_key(|&v| (trace.hour[v as usize], v));
        let image = images.add(Image::new_fill(
            Extent3d {
                width: WIDTH,
                height: HEIGHT,
                depth_or_array_layers: 1,
            },
            TextureDimension::D2,
            &[0, 0, 0, 255],
            TextureFormat::Rgba8UnormSrgb,
            RenderAssetUsages::MAIN_WORLD | RenderAssetUsages::RENDER_WORLD,
        ));
        let colours = network.kinds.iter().map(kind_colour).collect();
        CascadeAnim {
            colours,
            network,
            trace,
            spread,
            positions,
            by_hour,
            hour: 0.0,
            speed: 1.0,
            paused: false,
            image,
            drawn_hour: -1.0,
        }
    }

    /// Hours simulated.
    pub fn hours(&self) -> f32 {
        self.trace.hours as f32
    }

    /// Whether the animation has reached the last hour.
    pub fn finished(&self) -> bool {
        self.hour >= self.hours()
    }

    /// Counts up to the current hour: reprints of each kind but the own outlet, in network order, and the reach.
    pub fn counts_now(&self) -> (Vec<u32>, u64) {
        let h = self.hour.floor() as usize;
        let mut counts = vec![0u32; self.network.kinds.len().saturating_sub(1)];
        let mut reach = 0;
        for row in self.spread.hourly.iter().take(h + 1) {
            for (total, add) in counts.iter_mut().zip(row.by_kind()) {
                *total += add;
            }
            reach = row.reach;
        }
        (counts, reach)
    }

    /// Draws the picture for the current hour into `pixels` (RGBA, `WIDTH` × `HEIGHT`).
    pub fn draw(&self, pixels: &mut [u8]) {
        let bg = srgba8(theme::PANEL);
        for px in pixels.chunks_exact_mut(4) {
            px.copy_from_slice(&bg);
        }
        let now = self.hour;
        // Links that carried the story in the last hours glow.
        for &v in &self.by_hour {
            let h = self.trace.hour[v as usize] as f32;
            if h > now {
                break;
            }
            if now - h > LINK_GLOW_HOURS || v == 0 {
                continue;
            }
            let from = self.trace.via[v as usize] as usize;
            let strength = 1.0 - (now - h) / LINK_GLOW_HOURS;
            let colour = self.colours[self.network.kind[v as usize] as usize];
            line(
                pixels,
                self.positions[from],
                self.positions[v as usize],
                colour,
                0.35 * strength,
            );
        }
        // Every outlet: dim until it runs the story, bright after, largest just after.
        for (v, &(x, y)) in self.positions.iter().enumerate() {
            let own = self.network.kind[v] == 0;
            let colour = self.colours[self.network.kind[v] as usize];
            let h = self.trace.hour[v];
            let (alpha, size) = if h != NEVER && (h as f32) <= now {
                let fresh = now - h as f32 <= 1.0;
                (1.0, if fresh || own { 3 } else { 2 })
            } else {
                (0.22, 1)
            };
            let size = if own { 7 } else { size };
            dot(pixels, x, y, size, colour, alpha);
        }
    }
}

/// A deterministic layout: one elliptical cluster per kind, filled in a sunflower spiral.
pub fn layout(network: &Network) -> Vec<(u16, u16)> {
    let w = WIDTH as f32;
    let h = HEIGHT as f32;
    // Each kind's cluster: its centre across the picture and its widest half-width, as shares of the width.
    let clusters: Vec<(f32, f32)> = if network.has_own_kinds() {
        // A case's own kinds: the own outlet on the left, the others side by side in the order written.
        let others = network.kinds.len().saturating_sub(1).max(1) as f32;
        let step = 0.82 / others;
        std::iter::once((0.05, 0.02))
            .chain(
                (0..network.kinds.len() - 1).map(|i| (0.16 + step * (i as f32 + 0.5), 0.42 * step)),
            )
            .collect()
    } else {
        network
            .kinds
            .iter()
            .map(|k| match k.counts_as {
                OutletKind::Own => (0.05, 0.02),
                OutletKind::DomesticPortal => (0.24, 0.10),
                OutletKind::SelfMedia => (0.56, 0.16),
                OutletKind::ForeignSite => (0.87, 0.10),
            })
            .collect()
    };
    let golden = std::f32::consts::PI * (3.0 - 5.0f32.sqrt());
    let mut counters = vec![0usize; clusters.len()];
    network
        .kind
        .iter()
        .map(|&k| {
            let c = k as usize;
            let (cx, max_rx) = clusters[c];
            let n = (if c == 0 { 1 } else { network.kinds[c].count }).max(1) as f32;
            let i = counters[c] as f32;
            counters[c] += 1;
            let rx = (max_rx * w).min(5.0 * n.sqrt());
            let ry = (0.44 * h).min(5.0 * n.sqrt());
            let t = ((i + 0.5) / n).sqrt();
            let angle = i * golden;
            let x = cx * w + rx * t * angle.cos();
            let y = 0.5 * h + ry * t * angle.sin();
            (x.clamp(2.0, w - 3.0) as u16, y.clamp(2.0, h - 3.0) as u16)
        })
        .collect()
}

/// The colour of a kind of outlet: the case's own, or the game's for the standard kinds.
pub fn kind_colour(kind: &KindInfo) -> Color {
    if let Some([r, g, b]) = kind.colour.as_deref().and_then(parse_colour) {
        return Color::srgb_u8(r, g, b);
    }
    match kind.counts_as {
        OutletKind::Own => theme::TEXT,
        OutletKind::DomesticPortal => theme::ACCENT,
        OutletKind::SelfMedia => theme::WARN,
        OutletKind::ForeignSite => theme::DANGER,
    }
}

fn srgba8(c: Color) -> [u8; 4] {
    c.to_srgba().to_u8_array()
}

fn blend(pixels: &mut [u8], x: i32, y: i32, rgb: [u8; 4], alpha: f32) {
    if x < 0 || y < 0 || x >= WIDTH as i32 || y >= HEIGHT as i32 {
        return;
    }
    let i = ((y as u32 * WIDTH + x as u32) * 4) as usize;
    for k in 0..3 {
        let old = pixels[i + k] as f32;
        pixels[i + k] = (old + (rgb[k] as f32 - old) * alpha) as u8;
    }
}

fn dot(pixels: &mut [u8], x: u16, y: u16, size: i32, colour: Color, alpha: f32) {
    let rgb = srgba8(colour);
    let half = size / 2;
    for dy in -half..=(size - 1 - half) {
        for dx in -half..=(size - 1 - half) {
            blend(pixels, x as i32 + dx, y as i32 + dy, rgb, alpha);
        }
    }
}

fn line(pixels: &mut [u8], a: (u16, u16), b: (u16, u16), colour: Color, alpha: f32) {
    let rgb = srgba8(colour);
    let (mut x0, mut y0) = (a.0 as i32, a.1 as i32);
    let (x1, y1) = (b.0 as i32, b.1 as i32);
    let dx = (x1 - x0).abs();
    let dy = -(y1 - y0).abs();
    let sx = if x0 < x1 { 1 } else { -1 };
    let sy = if y0 < y1 { 1 } else { -1 };
    let mut err = dx + dy;
    loop {
        blend(pixels, x0, y0, rgb, alpha);
        if x0 == x1 && y0 == y1 {
            break;
        }
        let e2 = 2 * err;
        if e2 >= dy {
            err += dy;
            x0 += sx;
        }
        if e2 <= dx {
            err += dx;
            y0 += sy;
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (advance, redraw)
            .chain()
            .run_if(in_state(Screen::Consequences)),
    )
    .add_systems(OnExit(Screen::Consequences), |mut commands: Commands| {
        commands.remove_resource::<CascadeAnim>();
    });
}

fn advance(
    time: Res<Time>,
    anim: Option<ResMut<CascadeAnim>>,
    menu: Res<State<super::Menu>>,
    mut own: ResMut<super::own_time::OwnSystemTime>,
) {
    let started = std::time::Instant::now();
    let Some(mut anim) = anim else { return };
    if anim.paused || anim.finished() || *menu.get() != super::Menu::None {
        return;
    }
    let step = time.delta_secs() * HOURS_PER_SECOND * anim.speed;
    anim.hour = (anim.hour + step).min(anim.hours());
    own.0 += started.elapsed();
}

fn redraw(
    anim: Option<ResMut<CascadeAnim>>,
    mut images: ResMut<Assets<Image>>,
    mut own: ResMut<super::own_time::OwnSystemTime>,
) {
    let started = std::time::Instant::now();
    let Some(mut anim) = anim else { return };
    if anim.drawn_hour == anim.hour {
        return;
    }
    anim.drawn_hour = anim.hour;
    let handle = anim.image.clone();
    if let Some(mut image) = images.get_mut(&handle)
        && let Some(data) = image.data.as_mut()
    {
        anim.draw(data);
    }
    own.0 += started.elapsed();
}
