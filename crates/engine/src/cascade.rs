//! The hour-by-hour reprint cascade: an independent cascade over the outlet network.
//!
//! Each link gets one chance to carry the story, the first time the outlet it
//! follows runs it. The chance depends on the follower's kind and the story:
//! news appeal drives domestic portals and self-media, sensitivity drives
//! foreign websites, and self-media "interpretations" draw foreign eyes.
//! Every link's draw is keyed by the seed and the link alone, so a less
//! appealing or less sensitive story spreads to a subset of the outlets a
//! more appealing one reaches: "what if" comparisons are fair.

use crate::model::NetworkParams;
use crate::network::{Network, OutletKind};
use crate::rng;
use serde::{Deserialize, Serialize};

/// Marks an outlet that never ran the story.
pub const NEVER: u32 = u32::MAX;
const LINK_DOMAIN: u64 = 0x4C49_4E4B;
const DELAY_DOMAIN: u64 = 0x4445_4C41;

/// What about the published story drives its spread.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StoryPull {
    /// News appeal in `[0, 1]`.
    pub appeal: f64,
    /// Sensitivity in `[0, 1]`: 1 for secret detail and above.
    pub sensitivity: f64,
}

/// Who ran the story, when, and from whom.
#[derive(Debug, Clone)]
pub struct Trace {
    /// Hour after publication each outlet ran the story, or [`NEVER`].
    pub hour: Vec<u32>,
    /// The outlet each one took it from (itself for the own outlet).
    pub via: Vec<u32>,
    /// Hours simulated.
    pub hours: u32,
}

/// Reprint counts for one hour, and running totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HourCounts {
    /// Hour after publication.
    pub hour: u32,
    /// New domestic-portal reprints this hour.
    pub domestic: u32,
    /// New self-media reprints this hour.
    pub self_media: u32,
    /// New foreign reprints this hour.
    pub foreign: u32,
    /// Total reach so far.
    pub reach: u64,
}

fn chance(params: &NetworkParams, story: StoryPull, from: OutletKind, to: OutletKind) -> f64 {
    let p = match to {
        OutletKind::Own => 0.0,
        OutletKind::DomesticPortal => params.domestic_reprint * story.appeal,
        OutletKind::SelfMedia => params.self_media_reprint * story.appeal,
        OutletKind::ForeignSite => {
            let interest =
                params.foreign_baseline + (1.0 - params.foreign_baseline) * story.sensitivity;
            let boost = if from == OutletKind::SelfMedia {
                params.interpretation_boost
            } else {
                1.0
            };
            params.foreign_pickup * interest * boost
        }
    };
    p.clamp(0.0, 1.0)
}

/// Hours it takes an outlet of this kind to run a story it has seen: `1..=max`.
fn max_delay(kind: OutletKind) -> u64 {
    match kind {
        OutletKind::Own => 1,
        OutletKind::SelfMedia => 2,
        OutletKind::DomesticPortal => 3,
        OutletKind::ForeignSite => 6,
    }
}

/// Runs the cascade from the own outlet at hour 0 for `params.hours` hours.
pub fn simulate(network: &Network, params: &NetworkParams, story: StoryPull, seed: u64) -> Trace {
    let n = network.len();
    let hours = params.hours;
    let mut hour = vec![NEVER; n];
    let mut via = vec![NEVER; n];
    if n == 0 || hours == 0 {
        return Trace { hour, via, hours };
    }
    hour[0] = 0;
    via[0] = 0;
    let mut open = open_outlets(network);
    let mut by_hour = Vec::new();
    let (link_draw, delay_draw) = (
        rng::Keyed::new(seed, LINK_DOMAIN),
        rng::Keyed::new(seed, DELAY_DOMAIN),
    );
    spread_hours(
        network,
        &table(params, story),
        hours,
        &mut open,
        &mut by_hour,
        Links {
            slots: |u| network.follower_start[u] as usize..network.follower_start[u + 1] as usize,
            target: |link| network.followers[link],
            draw: |link| link_draw.unit(link as u64, 0),
            delay: |link, to| link_delay(delay_draw, link, to),
        },
        |v, at, u| {
            hour[v as usize] = at;
            via[v as usize] = u;
        },
    );
    Trace { hour, via, hours }
}

/// Chances per (from, to) kind pair: 4 x 4.
fn table(params: &NetworkParams, story: StoryPull) -> [[f64; 4]; 4] {
    let mut table = [[0.0f64; 4]; 4];
    for (i, from) in OutletKind::ALL.iter().enumerate() {
        for (j, to) in OutletKind::ALL.iter().enumerate() {
            table[i][j] = chance(params, story, *from, *to);
        }
    }
    table
}

/// Marks an outlet that has run the story in [`spread_hours`]'s `open`.
const RAN: u8 = u8::MAX;

/// Each outlet's kind as a number, the own outlet already marked as having run the story.
fn open_outlets(network: &Network) -> Vec<u8> {
    let mut open: Vec<u8> = network.kinds.iter().map(|k| *k as u8).collect();
    if let Some(own) = open.first_mut() {
        *own = RAN;
    }
    open
}

/// Hours a follower of kind `to` takes to run a story it saw over `link`, from the seed's delay draws.
fn link_delay(delays: rng::Keyed, link: usize, to: OutletKind) -> u64 {
    1 + delays.get(link as u64, 0) % max_delay(to)
}

/// How [`spread_hours`] sees the links: by slot, where a slot is a link or stands for one.
struct Links<S, T, D, L> {
    /// The slots of the links from an outlet to its followers, in link order.
    slots: S,
    /// The follower at the end of a slot's link.
    target: T,
    /// The slot's uniform draw: the link carries the story when it is below the chance.
    draw: D,
    /// Hours the follower takes to run the story, given its kind.
    delay: L,
}

/// The cascade itself, shared by [`simulate`] and balance analysis so both follow one rule.
///
/// `open[v]` is outlet `v`'s kind until it runs the story, then [`RAN`];
/// `by_hour` ends up holding the outlets that ran it, by hour, in the order
/// they were picked up; `claim(v, hour, from)` is told of each pickup.
fn spread_hours<S, T, D, L>(
    network: &Network,
    table: &[[f64; 4]; 4],
    hours: u32,
    open: &mut [u8],
    by_hour: &mut Vec<Vec<u32>>,
    links: Links<S, T, D, L>,
    mut claim: impl FnMut(u32, u32, u32),
) where
    S: Fn(usize) -> std::ops::Range<usize>,
    T: Fn(usize) -> u32,
    D: Fn(usize) -> f64,
    L: Fn(usize, OutletKind) -> u64,
{
    by_hour.iter_mut().for_each(Vec::clear);
    by_hour.resize_with(hours as usize, Vec::new);
    if open.is_empty() || hours == 0 {
        return;
    }
    by_hour[0].push(0);
    for h in 0..hours as usize {
        let active = std::mem::take(&mut by_hour[h]);
        for &u in &active {
            let from = network.kinds[u as usize] as usize;
            for slot in (links.slots)(u as usize) {
                let v = (links.target)(slot);
                let to = open[v as usize];
                if to == RAN {
                    continue;
                }
                let p = table[from][to as usize];
                if p <= 0.0 || (links.draw)(slot) >= p {
                    continue;
                }
                let at = h as u64 + (links.delay)(slot, OutletKind::ALL[to as usize]);
                if at < u64::from(hours) {
                    open[v as usize] = RAN;
                    claim(v, at as u32, u);
                    by_hour[at as usize].push(v);
                }
            }
        }
        by_hour[h] = active;
    }
}

/// One seed's cascade, ready to run for many stories over one network.
///
/// The link draws do not depend on the story, so they are drawn once; and a
/// link whose draw is at or above the highest chance any story could give it
/// never carries a story, so it is left out. What is left is the same
/// cascade as [`simulate`] with the same network and seed, visiting a
/// fraction of the links.
pub(crate) struct SharedCascade {
    /// `slots[start[u]..start[u + 1]]` are outlet `u`'s links that can carry some story, in link order.
    start: Vec<u32>,
    target: Vec<u32>,
    draw: Vec<f64>,
    delay: Vec<u8>,
    open: Vec<u8>,
    scratch: Vec<u8>,
    by_hour: Vec<Vec<u32>>,
}

impl SharedCascade {
    /// The links of `network` that can carry a story under `params`, with their draws for the cascade seed `seed`.
    pub(crate) fn new(network: &Network, params: &NetworkParams, seed: u64) -> SharedCascade {
        // Chances grow with appeal and sensitivity, so full appeal and sensitivity give the highest.
        let highest = table(
            params,
            StoryPull {
                appeal: 1.0,
                sensitivity: 1.0,
            },
        );
        let mut shared = SharedCascade {
            start: Vec::with_capacity(network.len() + 1),
            // About a third of the links can carry some story with the default chances.
            target: Vec::with_capacity(network.link_count() / 3),
            draw: Vec::with_capacity(network.link_count() / 3),
            delay: Vec::with_capacity(network.link_count() / 3),
            open: open_outlets(network),
            scratch: Vec::new(),
            by_hour: Vec::new(),
        };
        shared.start.push(0);
        let link_draw = rng::Keyed::new(seed, LINK_DOMAIN);
        let delay_draw = rng::Keyed::new(seed, DELAY_DOMAIN);
        for u in 0..network.len() {
            let from = network.kinds[u] as usize;
            for (link, v) in network.followers_of(u) {
                let to = network.kinds[v as usize];
                let most = highest[from][to as usize];
                if most <= 0.0 {
                    continue;
                }
                let draw = link_draw.unit(link as u64, 0);
                if draw >= most {
                    continue;
                }
                shared.target.push(v);
                shared.draw.push(draw);
                shared.delay.push(link_delay(delay_draw, link, to) as u8);
            }
            shared.start.push(shared.target.len() as u32);
        }
        shared
    }

    /// The outlets that run a story with this pull, by hour: exactly those
    /// [`simulate`] with the same network and seed marks, grouped by their hour.
    pub(crate) fn ran_by_hour(
        &mut self,
        network: &Network,
        params: &NetworkParams,
        story: StoryPull,
    ) -> &[Vec<u32>] {
        self.scratch.clone_from(&self.open);
        let (start, target, draw, delay) = (&self.start, &self.target, &self.draw, &self.delay);
        spread_hours(
            network,
            &table(params, story),
            params.hours,
            &mut self.scratch,
            &mut self.by_hour,
            Links {
                slots: |u| start[u] as usize..start[u + 1] as usize,
                target: |slot| target[slot],
                draw: |slot| draw[slot],
                delay: |slot, _| u64::from(delay[slot]),
            },
            |_, _, _| {},
        );
        &self.by_hour
    }
}

impl Trace {
    /// Hour-by-hour new reprints by kind, with running reach.
    pub fn hourly(&self, network: &Network) -> Vec<HourCounts> {
        let mut rows: Vec<HourCounts> = (0..self.hours)
            .map(|hour| HourCounts {
                hour,
                domestic: 0,
                self_media: 0,
                foreign: 0,
                reach: 0,
            })
            .collect();
        let mut reach_at = vec![0u64; self.hours as usize];
        for (v, &h) in self.hour.iter().enumerate() {
            if h == NEVER {
                continue;
            }
            let row = &mut rows[h as usize];
            match network.kinds[v] {
                OutletKind::Own => {}
                OutletKind::DomesticPortal => row.domestic += 1,
                OutletKind::SelfMedia => row.self_media += 1,
                OutletKind::ForeignSite => row.foreign += 1,
            }
            reach_at[h as usize] += network.audience[v];
        }
        let mut reach = 0;
        for (row, add) in rows.iter_mut().zip(reach_at) {
            reach += add;
            row.reach = reach;
        }
        rows
    }

    /// How many outlets of `kind` ran the story.
    pub fn count(&self, network: &Network, kind: OutletKind) -> u32 {
        self.hour
            .iter()
            .zip(&network.kinds)
            .filter(|(h, k)| **h != NEVER && **k == kind)
            .count() as u32
    }

    /// The first hour a foreign website ran the story.
    pub fn first_foreign_hour(&self, network: &Network) -> Option<u32> {
        self.hour
            .iter()
            .zip(&network.kinds)
            .filter(|(h, k)| **h != NEVER && **k == OutletKind::ForeignSite)
            .map(|(h, _)| *h)
            .min()
    }

    /// Total audience of every outlet that ran the story.
    pub fn reach(&self, network: &Network) -> u64 {
        self.hour
            .iter()
            .zip(&network.audience)
            .filter(|(h, _)| **h != NEVER)
            .map(|(_, a)| *a)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Audience;

    fn params() -> NetworkParams {
        NetworkParams {
            domestic_portals: 50,
            self_media: 800,
            foreign_sites: 30,
            follows: 4,
            hours: 48,
            domestic_reprint: 0.3,
            self_media_reprint: 0.25,
            foreign_pickup: 0.3,
            foreign_baseline: 0.1,
            interpretation_boost: 1.5,
            news_saturation: 20.0,
            audience: Audience::default(),
        }
    }

    #[test]
    fn more_sensitive_story_reaches_a_superset_of_foreign_sites() {
        let p = params();
        let net = Network::generate(&p, 3);
        let mild = simulate(
            &net,
            &p,
            StoryPull {
                appeal: 0.6,
                sensitivity: 0.0,
            },
            3,
        );
        let hot = simulate(
            &net,
            &p,
            StoryPull {
                appeal: 0.6,
                sensitivity: 1.0,
            },
            3,
        );
        for v in 0..net.len() {
            if mild.hour[v] != NEVER {
                assert_ne!(
                    hot.hour[v], NEVER,
                    "outlet {v} ran the mild story but not the hot one"
                );
            }
        }
        assert!(
            hot.count(&net, OutletKind::ForeignSite) >= mild.count(&net, OutletKind::ForeignSite)
        );
        assert!(hot.count(&net, OutletKind::ForeignSite) > 0);
    }

    #[test]
    fn zero_appeal_and_zero_sensitivity_stays_home_mostly() {
        let p = params();
        let net = Network::generate(&p, 5);
        let t = simulate(
            &net,
            &p,
            StoryPull {
                appeal: 0.0,
                sensitivity: 0.0,
            },
            5,
        );
        assert_eq!(t.count(&net, OutletKind::DomesticPortal), 0);
        assert_eq!(t.count(&net, OutletKind::SelfMedia), 0);
        let rows = t.hourly(&net);
        assert_eq!(rows.len(), 48);
        assert!(rows[0].reach >= p.audience.own);
    }
}
