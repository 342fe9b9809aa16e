//! The scenario file as authors write it: serde types that mirror the RON format one to one.
//!
//! Every struct rejects unknown fields so that a misspelt field is an error,
//! not a silently ignored line. `docs/scenario-format.md` documents each field;
//! a test keeps the two in step.

use serde::{Deserialize, Serialize};

/// The format version this engine reads.
pub const FORMAT_VERSION: u32 = 1;

/// A whole scenario file, as parsed, before validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Version of the scenario format; must equal [`FORMAT_VERSION`].
    pub format_version: u32,
    /// Stable identifier, lower-case letters, digits and `-`.
    pub id: String,
    /// Title shown to players.
    pub title: String,
    /// The scenario's own version, bumped by its author on every change.
    pub version: String,
    /// The role the player takes.
    pub role: String,
    /// How hard the scenario is.
    pub difficulty: Difficulty,
    /// Estimated minutes to play.
    pub minutes: u32,
    /// What the player should learn.
    pub objectives: Vec<String>,
    /// Scaled score in `[0, 1]` needed to pass.
    pub pass_mark: f64,
    /// The situation and deadline given before play.
    pub briefing: Briefing,
    /// Source materials and the items of information in them.
    pub materials: Vec<Material>,
    /// Decision stages; play starts at `start` or the first stage.
    pub stages: Vec<Stage>,
    /// Id of the first stage; defaults to the first in `stages`.
    #[serde(default)]
    pub start: Option<String>,
    /// Reviewer behaviour during confidentiality review.
    #[serde(default)]
    pub review: Review,
    /// Parameters from which the outlet network is generated.
    pub network: NetworkParams,
    /// Scoring rubric.
    pub scoring: Scoring,
    /// Rules that set the repercussion tier, tried in order.
    #[serde(default)]
    pub repercussions: Vec<RepercussionRule>,
    /// Texts for the debrief.
    pub debrief: DebriefTexts,
    /// The careful path the author intends: `(stage, choice)` pairs in order.
    pub model_play: Vec<ModelStep>,
}

/// Difficulty levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Difficulty {
    /// For first-time players.
    Introductory,
    /// For players who know the basic rules.
    Intermediate,
    /// For experienced staff and reviewers.
    Advanced,
}

impl Difficulty {
    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            Difficulty::Introductory => "introductory",
            Difficulty::Intermediate => "intermediate",
            Difficulty::Advanced => "advanced",
        }
    }
}

/// The briefing shown before play.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Briefing {
    /// The situation, in a few paragraphs.
    pub situation: String,
    /// Hours from the start of play to the deadline.
    pub deadline_hours: f64,
    /// What the deadline is, for example "the 18:00 bulletin".
    pub deadline_label: String,
    /// Clock time at the start of play, `HH:MM`.
    #[serde(default = "default_start_time")]
    pub start_time: String,
    /// Whether the deadline is hard (a disposal date, a court filing): then
    /// holding the story misses it too, and publishing late has no grace.
    #[serde(default)]
    pub hard_deadline: bool,
}

fn default_start_time() -> String {
    "09:00".to_string()
}

/// A piece of source material.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Material {
    /// Identifier, unique among materials and items.
    pub id: String,
    /// What kind of material it is.
    pub kind: MaterialKind,
    /// Title as shown on the desk.
    pub title: String,
    /// Where it came from.
    #[serde(default)]
    pub source: String,
    /// Markings and stamps visible on the material itself.
    #[serde(default)]
    pub markings: Vec<String>,
    /// A short description of the material.
    #[serde(default)]
    pub description: String,
    /// A spreadsheet's column headings.
    #[serde(default)]
    pub columns: Vec<String>,
    /// The units of information in it.
    pub items: Vec<Item>,
}

/// Kinds of material.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MaterialKind {
    /// A paper or electronic document.
    Document,
    /// A disc of files.
    Disc,
    /// Film or video footage.
    Footage,
    /// A request for an interview.
    InterviewRequest,
    /// Notes, transcripts or a draft written by staff.
    Notes,
    /// A photograph: its `description` says what it shows, its items are what can be read in it or its caption.
    Photo,
    /// A spreadsheet: each item is a row, its `cells` under the material's `columns`.
    Spreadsheet,
    /// A sound recording: its items are lines of the transcript.
    Recording,
    /// A post on a social network: `source` is the account, the items its text.
    SocialPost,
}

impl MaterialKind {
    /// Every kind, in the order the docs list them.
    pub const ALL: [MaterialKind; 9] = [
        MaterialKind::Document,
        MaterialKind::Disc,
        MaterialKind::Footage,
        MaterialKind::InterviewRequest,
        MaterialKind::Notes,
        MaterialKind::Photo,
        MaterialKind::Spreadsheet,
        MaterialKind::Recording,
        MaterialKind::SocialPost,
    ];

    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            MaterialKind::Document => "document",
            MaterialKind::Disc => "disc",
            MaterialKind::Footage => "footage",
            MaterialKind::InterviewRequest => "interview request",
            MaterialKind::Notes => "notes",
            MaterialKind::Photo => "photo",
            MaterialKind::Spreadsheet => "spreadsheet",
            MaterialKind::Recording => "recording",
            MaterialKind::SocialPost => "social media post",
        }
    }

    /// The label as a heading starts it: "Social media post".
    pub fn heading(self) -> String {
        let label = self.label();
        label[..1].to_uppercase() + &label[1..]
    }
}

/// One unit of information that can go into a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Identifier, unique among materials and items.
    pub id: String,
    /// The information as it would appear in the story.
    pub text: String,
    /// Its classification level.
    pub classification: Classification,
    /// News value, 0 to 10.
    pub newsworthiness: u8,
    /// Category of critical information.
    pub category: Category,
    /// What a careful reader can notice that marks it as sensitive.
    #[serde(default)]
    pub cues: Vec<String>,
    /// Why it matters, shown in the debrief.
    pub explanation: String,
    /// A generalised wording that keeps some news value and drops detail.
    #[serde(default)]
    pub generalised: Option<Generalised>,
    /// Chance that a confidentiality reviewer catches this item; defaults to `review.catch_chance`.
    #[serde(default)]
    pub catch_chance: Option<f64>,
    /// In a spreadsheet, the row as its cells show it (the story uses `text`).
    #[serde(default)]
    pub cells: Vec<String>,
}

/// A generalised wording of an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Generalised {
    /// The generalised text.
    pub text: String,
    /// Its news value, 0 to 10.
    pub newsworthiness: u8,
    /// Its classification; defaults to `Public`.
    #[serde(default)]
    pub classification: Classification,
}

/// Classification levels, from least to most sensitive.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum Classification {
    /// Free to publish.
    #[default]
    Public,
    /// For internal use only.
    Internal,
    /// Confidential.
    Confidential,
    /// Secret.
    Secret,
    /// Top secret.
    TopSecret,
}

impl Classification {
    /// All levels in ascending order.
    pub const ALL: [Classification; 5] = [
        Classification::Public,
        Classification::Internal,
        Classification::Confidential,
        Classification::Secret,
        Classification::TopSecret,
    ];

    /// Damage weight: steep, so one secret detail outweighs many harmless ones.
    pub fn weight(self) -> f64 {
        match self {
            Classification::Public => 0.0,
            Classification::Internal => 1.0,
            Classification::Confidential => 3.0,
            Classification::Secret => 9.0,
            Classification::TopSecret => 27.0,
        }
    }

    /// True for anything above `Public`.
    pub fn is_sensitive(self) -> bool {
        self > Classification::Public
    }

    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            Classification::Public => "public",
            Classification::Internal => "internal",
            Classification::Confidential => "confidential",
            Classification::Secret => "secret",
            Classification::TopSecret => "top secret",
        }
    }
}

/// Categories of critical information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Category {
    /// Not critical information.
    General,
    /// What a system or unit can do.
    Capability,
    /// Where something is.
    Location,
    /// When something happens.
    Schedule,
    /// Who works on what.
    Personnel,
    /// What is bought, from whom, for how much.
    Procurement,
    /// Technical parameters and designs.
    TechnicalDetail,
}

impl Category {
    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            Category::General => "general",
            Category::Capability => "capability",
            Category::Location => "location",
            Category::Schedule => "schedule",
            Category::Personnel => "personnel",
            Category::Procurement => "procurement",
            Category::TechnicalDetail => "technical detail",
        }
    }
}

/// A decision stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Identifier, unique among stages.
    pub id: String,
    /// Short title.
    pub title: String,
    /// The situation the player faces.
    pub situation: String,
    /// Items whose treatment the player may set one by one at this stage.
    #[serde(default)]
    pub editable: Vec<String>,
    /// The choices offered.
    pub choices: Vec<Choice>,
}

/// A choice at a stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Identifier, unique within its stage.
    pub id: String,
    /// What the player sees.
    pub label: String,
    /// Hours this choice costs against the deadline.
    #[serde(default)]
    pub hours: f64,
    /// Conditions on earlier play; all must hold for the choice to be offered.
    #[serde(default)]
    pub requires: Vec<Condition>,
    /// What the choice does.
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// The next stage; absent when the choice publishes or holds.
    #[serde(default)]
    pub next: Option<String>,
    /// Shown in the debrief when this choice was taken.
    #[serde(default)]
    pub feedback: String,
    /// Whether the choice is meant to pass the player's own edits on ("send my edits"):
    /// analysis then does not warn that its result depends on them.
    #[serde(default)]
    pub keeps_edits: bool,
}

/// A condition on earlier play.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// The player took `choice` at `stage`.
    Chose(String, String),
    /// The player did not take `choice` at `stage`.
    NotChose(String, String),
    /// Approval has been obtained.
    Approved,
    /// Approval has not been obtained.
    NotApproved,
    /// The draft has been through confidentiality review.
    Reviewed,
    /// The draft has not been through confidentiality review.
    NotReviewed,
    /// The item is in the draft (kept or generalised).
    InDraft(String),
    /// At least one of the conditions holds.
    AnyOf(Vec<Condition>),
}

/// What a choice does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    /// Put items into the draft as they are.
    Include(Vec<String>),
    /// Take items out of the draft.
    Redact(Vec<String>),
    /// Put the generalised wording of items into the draft.
    Generalise(Vec<String>),
    /// Hand materials to someone outside; a reporter will use every item in them.
    HandOver(Vec<String>),
    /// Undo the player's edits at this stage: the draft goes on as it came to the stage ("as written").
    DiscardEdits,
    /// Ask for and obtain approval.
    SeekApproval,
    /// Send the draft to confidentiality review.
    Review,
    /// Record a procedure lapse, in the author's words.
    Lapse(String),
    /// Publish the draft; ends the run.
    Publish,
    /// Hold the story; ends the run.
    Hold,
}

/// Parameters of the outlet network and its reprint behaviour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkParams {
    /// Number of domestic news portals (0 when `outlet_kinds` is given).
    #[serde(default)]
    pub domestic_portals: u32,
    /// Number of self-media accounts (0 when `outlet_kinds` is given).
    #[serde(default)]
    pub self_media: u32,
    /// Number of foreign websites (0 when `outlet_kinds` is given).
    #[serde(default)]
    pub foreign_sites: u32,
    /// The case's own kinds of outlet, in place of the standard three: auction aggregators, forums, wire services, broadcasters.
    #[serde(default)]
    pub outlet_kinds: Vec<OutletKindDef>,
    /// How many other outlets each outlet follows.
    #[serde(default = "default_follows")]
    pub follows: u32,
    /// Hours of reprints to simulate after publication.
    #[serde(default = "default_hours")]
    pub hours: u32,
    /// Chance a domestic portal reprints a story it sees, for a story of full news appeal.
    #[serde(default = "default_domestic_reprint")]
    pub domestic_reprint: f64,
    /// Chance a self-media account reprints a story it sees, for a story of full news appeal.
    #[serde(default = "default_self_media_reprint")]
    pub self_media_reprint: f64,
    /// Chance a foreign website picks up a story it sees that carries secret detail.
    #[serde(default = "default_foreign_pickup")]
    pub foreign_pickup: f64,
    /// Share of `foreign_pickup` that applies to a story with nothing sensitive in it.
    #[serde(default = "default_foreign_baseline")]
    pub foreign_baseline: f64,
    /// Factor on foreign pickup from self-media, whose "interpretations" draw attention.
    #[serde(default = "default_interpretation_boost")]
    pub interpretation_boost: f64,
    /// Total newsworthiness at which a story has full news appeal.
    #[serde(default = "default_news_saturation")]
    pub news_saturation: f64,
    /// Mean audience of each kind of outlet.
    #[serde(default)]
    pub audience: Audience,
}

fn default_follows() -> u32 {
    4
}
fn default_hours() -> u32 {
    48
}
fn default_domestic_reprint() -> f64 {
    0.25
}
fn default_self_media_reprint() -> f64 {
    0.2
}
fn default_foreign_pickup() -> f64 {
    0.3
}
fn default_foreign_baseline() -> f64 {
    0.1
}
fn default_interpretation_boost() -> f64 {
    1.5
}
fn default_news_saturation() -> f64 {
    20.0
}

/// A kind of outlet a scenario defines for itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutletKindDef {
    /// Identifier, unique among the kinds.
    pub id: String,
    /// What they are called, in the plural: "auction aggregators".
    pub label: String,
    /// How many there are.
    pub count: u32,
    /// What makes one of them reprint a story it sees.
    pub driven_by: Driver,
    /// Chance one of them reprints a story it sees, at full drive.
    pub reprint: f64,
    /// Share of `reprint` that applies to a story with no drive at all.
    #[serde(default)]
    pub baseline: f64,
    /// Longest delay, in hours, before one of them runs a story it has seen (delays are 1 to this).
    #[serde(default = "default_kind_delay")]
    pub delay_hours: u32,
    /// Whether they are abroad: foreign reprints, foreign pickup and the foreign share of exposure count them.
    #[serde(default)]
    pub foreign: bool,
    /// Factor on the chance that a foreign outlet reprints a story it sees from one of these ("interpretations" draw foreign eyes).
    #[serde(default = "default_boost")]
    pub foreign_boost: f64,
    /// Mean audience of one of them.
    pub audience: u64,
    /// Their colour in the cascade picture and the charts, `"#rrggbb"`.
    pub colour: String,
}

/// What drives an outlet kind's reprints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Driver {
    /// The story's news appeal: how much public news it carries.
    Appeal,
    /// The story's sensitivity: how much that should not have gone out it carries.
    Sensitivity,
    /// Whichever of the two is stronger.
    Both,
}

fn default_kind_delay() -> u32 {
    3
}
fn default_boost() -> f64 {
    1.0
}

/// Mean audience per outlet kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    /// The player's own outlet.
    #[serde(default = "default_own_audience")]
    pub own: u64,
    /// A domestic portal.
    #[serde(default = "default_portal_audience")]
    pub domestic_portal: u64,
    /// A self-media account.
    #[serde(default = "default_self_media_audience")]
    pub self_media: u64,
    /// A foreign website.
    #[serde(default = "default_foreign_audience")]
    pub foreign_site: u64,
}

fn default_own_audience() -> u64 {
    50_000
}
fn default_portal_audience() -> u64 {
    20_000
}
fn default_self_media_audience() -> u64 {
    3_000
}
fn default_foreign_audience() -> u64 {
    15_000
}

impl Default for Audience {
    fn default() -> Self {
        Audience {
            own: default_own_audience(),
            domestic_portal: default_portal_audience(),
            self_media: default_self_media_audience(),
            foreign_site: default_foreign_audience(),
        }
    }
}

/// How the confidentiality reviewer behaves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Chance the reviewer catches each sensitive item in the draft.
    #[serde(default = "default_catch_chance")]
    pub catch_chance: f64,
}

fn default_catch_chance() -> f64 {
    0.8
}

impl Default for Review {
    fn default() -> Self {
        Review {
            catch_chance: default_catch_chance(),
        }
    }
}

/// The scoring rubric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// Weights of the positive components; they should add up to 1.
    #[serde(default)]
    pub weights: Weights,
    /// Largest deduction over-caution can make from the weighted sum.
    #[serde(default = "default_over_caution")]
    pub over_caution: f64,
    /// Leaking an item at or above this level fails the run, whatever the score.
    #[serde(default = "default_fail_on_leak")]
    pub fail_on_leak: Classification,
    /// Raw leak damage (classification weight times exposure, summed) that counts as total loss.
    #[serde(default = "default_damage_scale")]
    pub damage_scale: f64,
    /// Whether approval is required before publication.
    #[serde(default = "default_true")]
    pub require_approval: bool,
    /// Whether confidentiality review is required before publication.
    #[serde(default = "default_true")]
    pub require_review: bool,
    /// Hours after the deadline at which timeliness and news value reach zero.
    #[serde(default = "default_late_grace")]
    pub late_grace_hours: f64,
    /// Procedure deductions.
    #[serde(default)]
    pub penalties: Penalties,
}

fn default_over_caution() -> f64 {
    0.3
}
fn default_fail_on_leak() -> Classification {
    Classification::Confidential
}
fn default_damage_scale() -> f64 {
    9.0
}
fn default_true() -> bool {
    true
}
fn default_late_grace() -> f64 {
    6.0
}

/// Weights of the score components.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    /// Protection of sensitive information.
    #[serde(default = "w_protection")]
    pub protection: f64,
    /// Procedure followed.
    #[serde(default = "w_procedure")]
    pub procedure: f64,
    /// Public value delivered.
    #[serde(default = "w_public_value")]
    pub public_value: f64,
    /// Publishing on time.
    #[serde(default = "w_timeliness")]
    pub timeliness: f64,
}

fn w_protection() -> f64 {
    0.35
}
fn w_procedure() -> f64 {
    0.2
}
fn w_public_value() -> f64 {
    0.3
}
fn w_timeliness() -> f64 {
    0.15
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            protection: w_protection(),
            procedure: w_procedure(),
            public_value: w_public_value(),
            timeliness: w_timeliness(),
        }
    }
}

/// Procedure deductions, each from a procedure score of 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Penalties {
    /// Publishing without approval when it is required.
    #[serde(default = "p_no_approval")]
    pub no_approval: f64,
    /// Publishing without confidentiality review when it is required.
    #[serde(default = "p_no_review")]
    pub no_review: f64,
    /// Handing materials to someone outside.
    #[serde(default = "p_hand_over")]
    pub hand_over: f64,
    /// Each lapse an author records with `Lapse`.
    #[serde(default = "p_lapse")]
    pub lapse: f64,
    /// Missing a hard deadline, by holding or by publishing after it.
    #[serde(default = "p_missed_hard_deadline")]
    pub missed_hard_deadline: f64,
}

fn p_no_approval() -> f64 {
    0.35
}
fn p_no_review() -> f64 {
    0.35
}
fn p_hand_over() -> f64 {
    0.4
}
fn p_lapse() -> f64 {
    0.25
}
fn p_missed_hard_deadline() -> f64 {
    0.5
}

impl Default for Penalties {
    fn default() -> Self {
        Penalties {
            no_approval: p_no_approval(),
            no_review: p_no_review(),
            hand_over: p_hand_over(),
            lapse: p_lapse(),
            missed_hard_deadline: p_missed_hard_deadline(),
        }
    }
}

impl Default for Scoring {
    fn default() -> Self {
        Scoring {
            weights: Weights::default(),
            over_caution: default_over_caution(),
            fail_on_leak: default_fail_on_leak(),
            damage_scale: default_damage_scale(),
            require_approval: true,
            require_review: true,
            late_grace_hours: default_late_grace(),
            penalties: Penalties::default(),
        }
    }
}

/// Repercussion tiers, in the words of the source cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tier {
    /// Nothing sensitive went out.
    NoLeak,
    /// Sensitive detail went out.
    Leak,
    /// Sensitive detail went out and spread.
    SeriousLeak,
    /// Sensitive detail was reprinted by foreign websites at scale.
    SeriousRepercussions,
}

impl Tier {
    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            Tier::NoLeak => "no leak",
            Tier::Leak => "a leak",
            Tier::SeriousLeak => "a serious leak",
            Tier::SeriousRepercussions => "serious repercussions",
        }
    }
}

/// A rule that sets the repercussion tier when all its conditions hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepercussionRule {
    /// The tier this rule sets.
    pub tier: Tier,
    /// Conditions, all of which must hold.
    pub when: Vec<Trigger>,
    /// Why, shown in the debrief.
    pub text: String,
}

/// A condition on the outcome of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Trigger {
    /// An item at or above this level was published.
    LeakAtLeast(Classification),
    /// An item of this category with any sensitivity was published.
    CategoryLeaked(Category),
    /// At least this many foreign reprints.
    ForeignReprintsAtLeast(u32),
    /// At least this many reprints in all.
    ReprintsAtLeast(u32),
    /// Total reach of at least this many people.
    ReachAtLeast(u64),
    /// A foreign outlet picked the story up within this many hours of publication.
    ForeignPickupWithin(u32),
}

/// Texts for the debrief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DebriefTexts {
    /// Shown on a pass.
    pub pass: String,
    /// Shown on a fail.
    pub fail: String,
    /// Lessons shown after every run.
    #[serde(default)]
    pub lessons: Vec<String>,
    /// The case's own words for the debrief's built-in explanations; each one left out keeps the built-in text.
    #[serde(default)]
    pub explanations: Explanations,
}

/// The debrief's explanations of lapses, holds, lateness and cuts, when a case words them its own way.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Explanations {
    /// Published without the required approval.
    #[serde(default)]
    pub no_approval: Option<String>,
    /// Published without the required confidentiality review.
    #[serde(default)]
    pub no_review: Option<String>,
    /// Handed material to someone outside.
    #[serde(default)]
    pub hand_over: Option<String>,
    /// Held the story.
    #[serde(default)]
    pub held: Option<String>,
    /// Published after the deadline.
    #[serde(default)]
    pub late: Option<String>,
    /// Missed a hard deadline, by holding or publishing after it.
    #[serde(default)]
    pub missed_hard_deadline: Option<String>,
    /// Cut a public item with news value.
    #[serde(default)]
    pub cut_public: Option<String>,
    /// Cut a sensitive item whose general wording was public.
    #[serde(default)]
    pub cut_generalisable: Option<String>,
}

/// One step of the model play: a stage id and the choice taken there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelStep(pub String, pub String);
