//! The repercussion tier of a run: no leak, a leak, a serious leak or serious repercussions, by the scenario's rules.

use crate::model::{Classification, RepercussionRule, Tier, Trigger};
use crate::spread::Spread;
use crate::story::{Story, StoryItem, leaked_items};
use serde::{Deserialize, Serialize};

/// The repercussion tier and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Repercussion {
    /// The tier.
    pub tier: Tier,
    /// Why, in the scenario's words and in numbers.
    pub reasons: Vec<String>,
}

/// The tier of the first of `rules` whose conditions all hold; a leak without a matching rule is [`Tier::Leak`].
pub(crate) fn repercussion(
    rules: &[RepercussionRule],
    story: &Story,
    spread: &Spread,
) -> Repercussion {
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
