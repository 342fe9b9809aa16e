//! The story a run puts out: every draft item with the words it goes out in, its news appeal and sensitivity, and whether it is late.
//!
//! [`ended`] gives it for a finished run and [`preview`] for the choice a
//! player is about to confirm, so the confirmation shows exactly what the
//! outcome will be computed from.

use crate::decimal::round4;
use crate::model::{Category, Classification};
use crate::run::{Ending, Run, RunError};
use crate::scenario::Scenario;
use crate::treatment::{Treatment, wording};
use serde::{Deserialize, Serialize};

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

impl Story {
    /// The items that go out, in scenario order (not the cut ones).
    pub fn out(&self) -> impl Iterator<Item = &StoryItem> {
        self.items
            .iter()
            .filter(|i| i.treatment != Treatment::Redact)
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

/// What a finished run put out, before its spread is simulated.
#[derive(Debug, Clone, PartialEq)]
pub struct Ended {
    /// How the run ended.
    pub ending: Ending,
    /// The story as it went out.
    pub story: Story,
    /// Whether it was published after the deadline.
    pub late: bool,
    /// Hours used when the run ended.
    pub end_hour: f64,
    /// Hours from the deadline to the end: negative when it ended before the deadline.
    pub past_deadline: f64,
}

impl Ended {
    /// When a published story goes out against the deadline, in words, for the publish confirmation.
    pub fn timing_sentence(&self, scenario: &Scenario) -> String {
        let at = scenario.clock(self.end_hour);
        if self.late {
            format!(
                "It goes out at {at}, {:.1} hours after the deadline ({}).",
                self.past_deadline,
                scenario.deadline_words()
            )
        } else {
            format!(
                "It goes out at {at}, in time for the deadline: {}.",
                scenario.deadline_words()
            )
        }
    }
}

/// The story, lateness and end hour of a finished run; `None` while it is still going.
pub fn ended(run: &Run<'_>) -> Option<Ended> {
    ended_with(run, Texts::Copied)
}

/// [`ended`] with every item's text left empty: balance analysis replays runs
/// by the million and neither spreading nor scoring reads the words.
pub(crate) fn ended_without_texts(run: &Run<'_>) -> Option<Ended> {
    ended_with(run, Texts::Left)
}

/// Whether a story's items carry the words that went out.
#[derive(Clone, Copy, PartialEq)]
enum Texts {
    Copied,
    Left,
}

fn ended_with(run: &Run<'_>, texts: Texts) -> Option<Ended> {
    let scenario = run.scenario();
    let ending = run.ending()?;
    let published = ending.is_published();
    let end_hour = ending.hour();
    let late = published && end_hour > scenario.file.briefing.deadline_hours + DEADLINE_SLACK;
    Some(Ended {
        ending,
        story: build(scenario, run, published, texts),
        late,
        end_hour,
        past_deadline: end_hour - scenario.file.briefing.deadline_hours,
    })
}

/// What taking `choice` now would end in: the story word for word, when, and whether late.
///
/// `Ok(None)` when the choice does not end the run; an error when it cannot be taken.
pub fn preview(run: &Run<'_>, choice: &str) -> Result<Option<Ended>, RunError> {
    let mut after = run.clone();
    after.choose(choice)?;
    Ok(ended(&after))
}

/// Floating-point slack when comparing the clock with the deadline.
const DEADLINE_SLACK: f64 = 1e-9;

/// The story from a run's draft; news and classification count only when it is published.
fn build(scenario: &Scenario, run: &Run<'_>, published: bool, texts: Texts) -> Story {
    let mut items = Vec::new();
    let mut news = 0u32;
    let mut highest = Classification::Public;
    for (ix, treatment) in run.draft() {
        let item = scenario.item(ix);
        let out = wording(item, treatment);
        if published && treatment != Treatment::Redact {
            news += u32::from(out.newsworthiness);
            highest = highest.max(out.classification);
        }
        items.push(StoryItem {
            id: item.id.clone(),
            treatment,
            text: if texts == Texts::Copied {
                out.text.to_string()
            } else {
                String::new()
            },
            classification: out.classification,
            newsworthiness: out.newsworthiness,
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
