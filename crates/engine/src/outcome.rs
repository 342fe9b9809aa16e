//! The outcome of a finished run: the story, its spread, the repercussions, the score and the debrief.

use crate::cascade::{self, HourCounts, StoryPull, Trace};
use crate::debrief::{self, Debrief};
use crate::load::Scenario;
use crate::model::{Category, Classification, RepercussionRule, Tier, Trigger};
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
    let published = matches!(ending, Ending::Published { .. });
    let end_hour = match ending {
        Ending::Published { hour } | Ending::Held { hour } => hour,
    };
    let late = published && end_hour > file.briefing.deadline_hours + 1e-9;

    let story = build_story(scenario, run, published);
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
    let published = matches!(run.ending()?, Ending::Published { .. });
    let story = build_story(run.scenario(), run, published);
    Some(spread_of(run.scenario(), run.seed(), &story))
}

fn spread_of(scenario: &Scenario, seed: u64, story: &Story) -> (Network, Trace) {
    let params = &scenario.file.network;
    let network = Network::generate(params, seed);
    let trace = if story.published {
        cascade::simulate(
            &network,
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
    };
    (network, trace)
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

fn summarise(network: &Network, trace: &Trace) -> Spread {
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
