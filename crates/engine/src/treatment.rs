//! How an item stands in the draft — kept, generalised or cut — and what each treatment of an item sends out.
//!
//! Every front end asks here which treatments an item offers, which of them
//! are careful, and the words each would put in the story, so the desk, the
//! terminal, the browser, the strategies and the records all agree.

use crate::model::{Classification, Item};
use serde::{Deserialize, Serialize};

/// How an item stands in the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Treatment {
    /// In the story as it is.
    Keep,
    /// In the story in its generalised wording.
    Generalise,
    /// Taken out of the story.
    Redact,
}

impl Treatment {
    /// Every treatment, in the order they are offered.
    pub const ALL: [Treatment; 3] = [Treatment::Keep, Treatment::Generalise, Treatment::Redact];

    /// A past participle for sentences: `kept`, `generalised`, `redacted`.
    pub fn label(self) -> &'static str {
        match self {
            Treatment::Keep => "kept",
            Treatment::Generalise => "generalised",
            Treatment::Redact => "redacted",
        }
    }

    /// The word in files, records and statements: `keep`, `generalise`, `redact`.
    pub fn name(self) -> &'static str {
        match self {
            Treatment::Keep => "keep",
            Treatment::Generalise => "generalise",
            Treatment::Redact => "redact",
        }
    }

    /// The verb on a control that sets it: `Keep`, `Generalise`, `Cut`.
    pub fn verb(self) -> &'static str {
        match self {
            Treatment::Keep => "Keep",
            Treatment::Generalise => "Generalise",
            Treatment::Redact => "Cut",
        }
    }
}

impl std::fmt::Display for Treatment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A word that is not a treatment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown treatment `{0}` (keep, generalise or redact)")]
pub struct UnknownTreatment(pub String);

impl std::str::FromStr for Treatment {
    type Err = UnknownTreatment;

    /// `keep`, `generalise` (or `generalize`), `redact` (or `cut`), or their first letter.
    fn from_str(s: &str) -> Result<Treatment, UnknownTreatment> {
        match s.trim() {
            "keep" | "k" => Ok(Treatment::Keep),
            "generalise" | "generalize" | "g" => Ok(Treatment::Generalise),
            "redact" | "r" | "cut" => Ok(Treatment::Redact),
            other => Err(UnknownTreatment(other.to_string())),
        }
    }
}

/// What an item puts into a published story under one treatment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wording<'a> {
    /// The words that go out; empty when cut.
    pub text: &'a str,
    /// Their classification.
    pub classification: Classification,
    /// Their news value.
    pub newsworthiness: u8,
}

/// What `item` says in the story when given `treatment`.
///
/// An item without a general wording cannot be generalised (validation and
/// [`crate::Run::edit`] refuse it); were it ever asked, it would go out as it is.
pub fn wording(item: &Item, treatment: Treatment) -> Wording<'_> {
    match treatment {
        Treatment::Keep => Wording {
            text: &item.text,
            classification: item.classification,
            newsworthiness: item.newsworthiness,
        },
        Treatment::Generalise => match &item.generalised {
            Some(g) => Wording {
                text: &g.text,
                classification: g.classification,
                newsworthiness: g.newsworthiness,
            },
            None => wording(item, Treatment::Keep),
        },
        Treatment::Redact => Wording {
            text: "",
            classification: Classification::Public,
            newsworthiness: 0,
        },
    }
}

/// The treatments a player may give `item` where it can be edited: keep, generalise when it has a general wording, and cut.
pub fn offered(item: &Item) -> Vec<Treatment> {
    Treatment::ALL
        .into_iter()
        .filter(|t| *t != Treatment::Generalise || item.generalised.is_some())
        .collect()
}

/// Whether `treatment` of `item` is careful: it sends nothing sensitive out and
/// keeps what is public. A public item is kept; a sensitive one is cut, or
/// generalised when its general wording is public.
pub fn is_careful(item: &Item, treatment: Treatment) -> bool {
    let sensitive = item.classification.is_sensitive();
    match treatment {
        Treatment::Keep => !sensitive,
        Treatment::Generalise => {
            sensitive
                && item
                    .generalised
                    .as_ref()
                    .is_some_and(|g| !g.classification.is_sensitive())
        }
        Treatment::Redact => sensitive,
    }
}

/// One treatment an item offers, with what it would send out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TreatmentOption {
    /// The treatment.
    pub treatment: Treatment,
    /// The words that would go out; empty for a cut.
    pub text: String,
    /// Whether it is a careful treatment of this item.
    pub careful: bool,
}

/// Every treatment `item` offers, in order, with its words and whether it is careful.
pub fn options(item: &Item) -> Vec<TreatmentOption> {
    offered(item)
        .into_iter()
        .map(|treatment| TreatmentOption {
            treatment,
            text: wording(item, treatment).text.to_string(),
            careful: is_careful(item, treatment),
        })
        .collect()
}
