//! The outcome of a finished run: the story, its spread, the repercussions, the score and the debrief.

use crate::cascade::{self, HourCounts, SharedCascade, StoryPull, Trace};
use crate::debrief::{self, Debrief};
use crate::load::Scenario;
use crate::model::{Category, Classification, NetworkParams, RepercussionRule, Tier, Trigger};
use crate::network::{Network, OutletKind};
use crate::run::{Decision, Ending, ReviewFinding, Run, Treatment};
use crate::score::{self, Score};
use serde::{Deserialize, Serialize};

/// Random stream for the cascade's keyed draws.
const CASCADE_SEED_SALT: u64 = 0xCA5C_ADE0;

/// Everything that came of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Scenario id.
    pub scenario: String,
    /// Scenario version.
    pub scenario_version: String,
    /// SHA-256 of the scenario file.
    pub content_hash: String,
    /// The seed.
    pub seed: u64,
    /// Every decision, in order.
    pub decisions: Vec<Decision>,
    /// The choices taken, with labels and the clock after each.
    pub path: Vec<PathStep>,
    /// How the run ended.
    pub ending: Ending,
    /// Whether the deadline was missed.
    pub late: bool,
    /// The story as it went out (empty when held).
    pub story: Story,
    /// What the confidentiality reviewer found.
    pub review: Vec<ReviewFinding>,
    /// The spread of the story.
    pub spread: Spread,
    /// The repercussion tier and why.
    pub repercussion: Repercussion,
    /// The score.
    pub score: Score,
    /// The debrief.
    pub debrief: Debrief,
}

/// A choice taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathStep {
    /// Stage id.
    pub stage: String,
    /// Choice id.
    pub choice: String,
    /// The choice's label.
    pub label: String,
    /// Hours used after this choice.
    pub clock: f64,
}

/// The published story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Whether it was published at all.
    pub published: bool,
    /// Every item that was in the draft, with its final treatment.
    pub items: Vec<StoryItem>,
    /// Total newsworthiness of what went out.
    pub newsworthiness: u32,
    /// Highest classification of what went out.
    pub highest_classification: Classification,
    /// News appeal in `[0, 1]`.
    pub appeal: f64,
    /// Sensitivity in `[0, 1]`.
    pub sensitivity: f64,
}

/// One item of the draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryItem {
    /// Item id.
    pub id: String,
    /// Final treatment.
    pub treatment: Treatment,
    /// The text that went out (the generalised wording when generalised; empty when redacted).
    pub text: String,
    /// Classification of what went out.
    pub classification: Classification,
    /// News value of what went out.
    pub newsworthiness: u8,
    /// Category of the item.
    pub category: Category,
}

/// The spread of the story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// Outlets in the network, by kind.
    pub network: KindCounts,
    /// Links in the network.
    pub links: u64,
    /// Reprints by kind (the own outlet counts 1 when published).
    pub reprints: KindCounts,
    /// Total audience reached.
    pub reach: u64,
    /// Hour after publication a foreign website first ran the story.
    pub first_foreign_hour: Option<u32>,
    /// Hour by hour.
    pub hourly: Vec<HourCounts>,
}

/// Counts by outlet kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct KindCounts {
    /// The own outlet.
    pub own: u32,
    /// Domestic portals.
    pub domestic: u32,
    /// Self-media accounts.
    pub self_media: u32,
    /// Foreign websites.
    pub foreign: u32,
}

impl KindCounts {
    /// All reprints other than the own outlet's.
    pub fn reprints(&self) -> u32 {
        self.domestic + self.self_media + self.foreign
    }
}

/// The repercussion tier and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Repercussion {
    /// The tier.
    pub tier: Tier,
    /// Why, in the scenario's words and in numbers.
    pub reasons: Vec<String>,
}

/// Rounds to four decimals so outcomes read cleanly and compare exactly.
pub fn round4(x: f64) -> f64 {
    let r = (x * 10_000.0).round() / 10_000.0;
    // No "-0" in outcomes: it reads as a deduction that is not there.
    if r == 0.0 { 0.0 } else { r }
}

pub(crate) fn compute(run: &Run<'_>) -> Outcome {
    let scenario = run.scenario();
    let file = &scenario.file;
    let ending = run.ending().expect("finish checks the run has ended");
    let Ended {
        story,
        late,
        end_hour,
    } = ended(run).expect("finish checks the run has ended");
    let (network, trace) = spread_of(scenario, run.seed(), &story);
    let spread = summarise(&network, &trace);
    let repercussion = repercussion(&file.repercussions, &story, &spread);
    let score = score::compute(scenario, run, &story, &spread, late, end_hour);
    let debrief = debrief::compute(scenario, run, &story, &score, late, end_hour);
    let path = run
        .taken()
        .iter()
        .zip(run.clock())
        .map(|((s, c), clock)| PathStep {
            stage: s.clone(),
            choice: c.clone(),
            label: scenario
                .stage_ix(s)
                .and_then(|ix| scenario.stage(ix).choices.iter().find(|ch| &ch.id == c))
                .map(|ch| ch.label.clone())
                .unwrap_or_default(),
            clock: round4(*clock),
        })
        .collect();
    Outcome {
        scenario: file.id.clone(),
        scenario_version: file.version.clone(),
        content_hash: scenario.content_hash.clone(),
        seed: run.seed(),
        decisions: run.decisions().to_vec(),
        path,
        ending: match ending {
            Ending::Published { hour } => Ending::Published { hour: round4(hour) },
            Ending::Held { hour } => Ending::Held { hour: round4(hour) },
        },
        late,
        story,
        review: run.review_findings().to_vec(),
        spread,
        repercussion,
        score,
        debrief,
    }
}

/// The network and cascade trace of a finished run, for front ends that animate it.
pub fn trace_for(run: &Run<'_>) -> Option<(Network, Trace)> {
    let ended = ended(run)?;
    Some(spread_of(run.scenario(), run.seed(), &ended.story))
}

/// What a finished run put out, before its spread is simulated.
pub(crate) struct Ended {
    /// The story as it went out.
    pub story: Story,
    /// Whether it was published after the deadline.
    pub late: bool,
    /// Hours used when the run ended.
    pub end_hour: f64,
}

/// The story, lateness and end hour of a finished run; `None` while it is still going.
pub(crate) fn ended(run: &Run<'_>) -> Option<Ended> {
    let scenario = run.scenario();
    let ending = run.ending()?;
    let published = matches!(ending, Ending::Published { .. });
    let end_hour = match ending {
        Ending::Published { hour } | Ending::Held { hour } => hour,
    };
    let late = published && end_hour > scenario.file.briefing.deadline_hours + 1e-9;
    Some(Ended {
        story: build_story(scenario, run, published),
        late,
        end_hour,
    })
}

fn spread_of(scenario: &Scenario, seed: u64, story: &Story) -> (Network, Trace) {
    let params = &scenario.file.network;
    // The network depends only on the parameters and the seed; the story decides the cascade.
    let network = Network::generate(params, seed);
    let trace = trace_on(&network, params, story, seed);
    (network, trace)
}

fn trace_on(network: &Network, params: &NetworkParams, story: &Story, seed: u64) -> Trace {
    if story.published {
        cascade::simulate(
            network,
            params,
            StoryPull {
                appeal: story.appeal,
                sensitivity: story.sensitivity,
            },
            seed ^ CASCADE_SEED_SALT,
        )
    } else {
        Trace {
            hour: vec![cascade::NEVER; network.len()],
            via: vec![cascade::NEVER; network.len()],
            hours: params.hours,
        }
    }
}

/// One seed's network, ready to spread many stories over it.
///
/// Gives exactly the [`Spread`] that [`Run::finish`] reports for a run with
/// this seed, without generating the network again and with every link's
/// draws worked out once: balance analysis plays many runs per seed.
pub(crate) struct SeedSpread<'n> {
    network: &'n Network,
    params: &'n NetworkParams,
    sizes: KindCounts,
    cascade: SharedCascade,
}

impl<'n> SeedSpread<'n> {
    /// `network` must be the network generated from `params` for `seed`.
    pub(crate) fn new(network: &'n Network, params: &'n NetworkParams, seed: u64) -> Self {
        let size = |kind| network.count(kind) as u32;
        SeedSpread {
            network,
            params,
            sizes: KindCounts {
                own: size(OutletKind::Own),
                domestic: size(OutletKind::DomesticPortal),
                self_media: size(OutletKind::SelfMedia),
                foreign: size(OutletKind::ForeignSite),
            },
            cascade: SharedCascade::new(network, params, seed ^ CASCADE_SEED_SALT),
        }
    }

    /// The spread of `story`; the same as [`summarise`] of its trace, counted from the outlets that ran it.
    pub(crate) fn spread(&mut self, story: &Story) -> Spread {
        let network = self.network;
        let by_hour = if story.published {
            let pull = StoryPull {
                appeal: story.appeal,
                sensitivity: story.sensitivity,
            };
            self.cascade.ran_by_hour(network, self.params, pull)
        } else {
            &[]
        };
        let mut reprints = KindCounts::default();
        let mut reach = 0u64;
        let mut first_foreign_hour = None;
        let mut hourly = Vec::with_capacity(self.params.hours as usize);
        for hour in 0..self.params.hours {
            let mut row = HourCounts {
                hour,
                domestic: 0,
                self_media: 0,
                foreign: 0,
                reach: 0,
            };
            for &v in by_hour.get(hour as usize).map_or(&[][..], |l| l.as_slice()) {
                match network.kinds[v as usize] {
                    OutletKind::Own => reprints.own += 1,
                    OutletKind::DomesticPortal => row.domestic += 1,
                    OutletKind::SelfMedia => row.self_media += 1,
                    OutletKind::ForeignSite => {
                        row.foreign += 1;
                        first_foreign_hour.get_or_insert(hour);
                    }
                }
                reach += network.audience[v as usize];
            }
            reprints.domestic += row.domestic;
            reprints.self_media += row.self_media;
            reprints.foreign += row.foreign;
            row.reach = reach;
            hourly.push(row);
        }
        Spread {
            network: self.sizes,
            links: network.link_count() as u64,
            reprints,
            reach,
            first_foreign_hour,
            hourly,
        }
    }
}

fn build_story(scenario: &Scenario, run: &Run<'_>, published: bool) -> Story {
    let mut items = Vec::new();
    let mut news = 0u32;
    let mut highest = Classification::Public;
    for (ix, treatment) in run.draft() {
        let item = scenario.item(ix);
        let (text, classification, newsworthiness) = match treatment {
            Treatment::Keep => (item.text.clone(), item.classification, item.newsworthiness),
            Treatment::Generalise => match &item.generalised {
                Some(g) => (g.text.clone(), g.classification, g.newsworthiness),
                None => (item.text.clone(), item.classification, item.newsworthiness),
            },
            Treatment::Redact => (String::new(), Classification::Public, 0),
        };
        if published && treatment != Treatment::Redact {
            news += u32::from(newsworthiness);
            highest = highest.max(classification);
        }
        items.push(StoryItem {
            id: item.id.clone(),
            treatment,
            text,
            classification,
            newsworthiness,
            category: item.category,
        });
    }
    let saturation = scenario.file.network.news_saturation;
    let appeal = if published {
        (f64::from(news) / saturation).min(1.0)
    } else {
        0.0
    };
    let sensitivity = if published {
        (highest.weight() / Classification::Secret.weight()).min(1.0)
    } else {
        0.0
    };
    Story {
        published,
        items,
        newsworthiness: news,
        highest_classification: highest,
        appeal: round4(appeal),
        sensitivity: round4(sensitivity),
    }
}

pub(crate) fn summarise(network: &Network, trace: &Trace) -> Spread {
    let count = |kind| trace.count(network, kind);
    let size = |kind| network.count(kind) as u32;
    Spread {
        network: KindCounts {
            own: size(OutletKind::Own),
            domestic: size(OutletKind::DomesticPortal),
            self_media: size(OutletKind::SelfMedia),
            foreign: size(OutletKind::ForeignSite),
        },
        links: network.link_count() as u64,
        reprints: KindCounts {
            own: count(OutletKind::Own),
            domestic: count(OutletKind::DomesticPortal),
            self_media: count(OutletKind::SelfMedia),
            foreign: count(OutletKind::ForeignSite),
        },
        reach: trace.reach(network),
        first_foreign_hour: trace.first_foreign_hour(network),
        hourly: trace.hourly(network),
    }
}

/// Items that went out above `Public`.
pub fn leaked_items(story: &Story) -> impl Iterator<Item = &StoryItem> {
    story
        .items
        .iter()
        .filter(move |i| story.published && i.treatment != Treatment::Redact)
        .filter(|i| i.classification.is_sensitive())
}

fn repercussion(rules: &[RepercussionRule], story: &Story, spread: &Spread) -> Repercussion {
    let leaked: Vec<&StoryItem> = leaked_items(story).collect();
    if leaked.is_empty() {
        return Repercussion {
            tier: Tier::NoLeak,
            reasons: vec!["nothing above public went out".to_string()],
        };
    }
    let holds = |t: &Trigger| match t {
        Trigger::LeakAtLeast(level) => leaked.iter().any(|i| i.classification >= *level),
        Trigger::CategoryLeaked(cat) => leaked.iter().any(|i| i.category == *cat),
        Trigger::ForeignReprintsAtLeast(n) => spread.reprints.foreign >= *n,
        Trigger::ReprintsAtLeast(n) => spread.reprints.reprints() >= *n,
        Trigger::ReachAtLeast(n) => spread.reach >= *n,
        Trigger::ForeignPickupWithin(h) => spread.first_foreign_hour.is_some_and(|f| f <= *h),
    };
    let highest = leaked
        .iter()
        .map(|i| i.classification)
        .max()
        .unwrap_or(Classification::Internal);
    let facts = format!(
        "{} sensitive item(s) went out, the highest {}; {} reprint(s), {} of them foreign; reach {}",
        leaked.len(),
        highest.label(),
        spread.reprints.reprints(),
        spread.reprints.foreign,
        spread.reach
    );
    for rule in rules {
        if rule.when.iter().all(holds) {
            return Repercussion {
                tier: rule.tier,
                reasons: vec![rule.text.clone(), facts],
            };
        }
    }
    Repercussion {
        tier: Tier::Leak,
        reasons: vec![facts],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Audience;

    fn story(published: bool, appeal: f64, sensitivity: f64) -> Story {
        Story {
            published,
            items: Vec::new(),
            newsworthiness: 0,
            highest_classification: Classification::Public,
            appeal,
            sensitivity,
        }
    }

    #[test]
    fn one_network_many_stories_spreads_exactly_as_a_fresh_run() {
        let params = NetworkParams {
            domestic_portals: 40,
            self_media: 900,
            foreign_sites: 30,
            follows: 4,
            hours: 48,
            domestic_reprint: 0.3,
            self_media_reprint: 0.25,
            foreign_pickup: 0.3,
            foreign_baseline: 0.1,
            interpretation_boost: 1.8,
            news_saturation: 20.0,
            audience: Audience::default(),
        };
        for seed in [0, 1, 7, 2024] {
            let network = Network::generate(&params, seed);
            let mut shared = SeedSpread::new(&network, &params, seed);
            for s in [
                story(false, 0.0, 0.0),
                story(true, 0.0, 0.0),
                story(true, 0.35, 0.0),
                story(true, 0.8, 0.3333),
                story(true, 1.0, 1.0),
            ] {
                let fresh = summarise(&network, &trace_on(&network, &params, &s, seed));
                assert_eq!(shared.spread(&s), fresh, "seed {seed}, {s:?}");
            }
        }
    }
}
