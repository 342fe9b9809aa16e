//! The debrief: each mistake with the cue that was missed and why it mattered, and what careful play would have done.

use crate::model::Explanations;
use crate::run::{Run, Treatment};
use crate::scenario::Scenario;
use crate::score::{LapseKind, Score, public_general_value};
use crate::story::{Story, leaked_items};
use serde::{Deserialize, Serialize};

/// What a debrief entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A sensitive item went out.
    Leak,
    /// A procedure step was skipped or broken.
    Procedure,
    /// Public value was thrown away.
    OverCaution,
    /// The story missed its deadline.
    Late,
    /// The reviewer caught something the player had kept.
    ReviewerCaught,
    /// The author's note on a choice the player took.
    Note,
}

/// One entry of the debrief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DebriefEntry {
    /// What it is about.
    pub kind: EntryKind,
    /// One line.
    pub title: String,
    /// The item concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The cues a careful reader could have noticed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cues: Vec<String>,
    /// Why it mattered.
    pub explanation: String,
}

/// A step of the careful play beside what the player did there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CarefulStep {
    /// Stage id.
    pub stage: String,
    /// Stage title.
    pub stage_title: String,
    /// The careful choice's label.
    pub careful: String,
    /// The label of what the player chose at this stage, if they reached it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub player: Option<String>,
    /// Whether the player chose the same.
    pub same: bool,
}

/// The whole debrief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Debrief {
    /// The scenario's pass or fail text.
    pub verdict: String,
    /// Mistakes and notes, most serious first.
    pub entries: Vec<DebriefEntry>,
    /// What careful play would have done.
    pub careful_play: Vec<CarefulStep>,
    /// The scenario's lessons.
    pub lessons: Vec<String>,
}

pub(crate) fn compute(
    scenario: &Scenario,
    run: &Run<'_>,
    story: &Story,
    score: &Score,
    late: bool,
    end_hour: f64,
) -> Debrief {
    let file = &scenario.file;
    let words = &file.debrief.explanations;
    let mut entries = Vec::new();
    for leaked in leaked_items(story) {
        let Some(ix) = scenario.item_ix(&leaked.id) else {
            continue;
        };
        let item = scenario.item(ix);
        let missed_by_review = run
            .review_findings()
            .iter()
            .any(|f| f.item == item.id && !f.caught);
        let how = match leaked.treatment {
            Treatment::Generalise => " (even generalised, it stayed sensitive)",
            _ => "",
        };
        let mut explanation = item.explanation.clone();
        if missed_by_review {
            explanation.push_str(
                " The reviewer did not catch it this time: review is a safety net, not a substitute for reading the material yourself.",
            );
        }
        entries.push(DebriefEntry {
            kind: EntryKind::Leak,
            title: format!(
                "Leaked {} information ({}){how}: \"{}\"",
                leaked.classification.label(),
                leaked.category.label(),
                leaked.text
            ),
            item: Some(item.id.clone()),
            cues: item.cues.clone(),
            explanation,
        });
    }
    for lapse in &score.lapses {
        entries.push(DebriefEntry {
            kind: EntryKind::Procedure,
            title: capitalise(&lapse.text),
            item: None,
            cues: Vec::new(),
            explanation: procedure_explanation(&file.debrief.explanations, lapse.kind),
        });
    }
    if story.published {
        for (ix, treatment) in run.draft() {
            let item = scenario.item(ix);
            if treatment != Treatment::Redact {
                continue;
            }
            let by_reviewer = run
                .review_findings()
                .iter()
                .any(|f| f.item == item.id && f.caught);
            if by_reviewer {
                continue;
            }
            if !item.classification.is_sensitive() && item.newsworthiness > 0 {
                entries.push(DebriefEntry {
                    kind: EntryKind::OverCaution,
                    title: format!("Cut a public detail: {}", quote(&item.text)),
                    item: Some(item.id.clone()),
                    cues: Vec::new(),
                    explanation: words.cut_public.clone().unwrap_or_else(|| "This was public information with news value. Cutting it made the story thinner without protecting anything.".to_string()),
                });
            } else if item.classification.is_sensitive()
                && let Some(general) = item
                    .generalised
                    .as_ref()
                    .filter(|_| public_general_value(item) > 0.0)
            {
                entries.push(DebriefEntry {
                    kind: EntryKind::OverCaution,
                    title: format!("Cut what could have been said in general terms: {}", quote(&item.text)),
                    item: Some(item.id.clone()),
                    cues: Vec::new(),
                    explanation: words.cut_generalisable.clone().unwrap_or_else(|| format!(
                        "The detail had to go, but its general wording was public and worth telling: {} Crop, don't drop: generalising keeps the story and protects the detail.",
                        quote_sentence(&general.text)
                    )),
                });
            }
        }
    } else {
        entries.push(DebriefEntry {
            kind: EntryKind::OverCaution,
            title: "Held the story".to_string(),
            item: None,
            cues: Vec::new(),
            explanation: words.held.clone().unwrap_or_else(|| "Nothing went out, so nothing leaked, but the public part of the story had value and a deadline. Careful work publishes what is public and protects what is not.".to_string()),
        });
    }
    if late {
        entries.push(DebriefEntry {
            kind: EntryKind::Late,
            title: format!(
                "Published {:.1} hours after the deadline ({})",
                end_hour - file.briefing.deadline_hours,
                file.briefing.deadline_label
            ),
            item: None,
            cues: Vec::new(),
            explanation: words.late.clone().unwrap_or_else(|| "A late story loses its news value and lets rival outlets run it first. Plan approval and review into the time you have.".to_string()),
        });
    }
    for finding in run.review_findings().iter().filter(|f| f.caught) {
        if let Some(ix) = scenario.item_ix(&finding.item) {
            let item = scenario.item(ix);
            entries.push(DebriefEntry {
                kind: EntryKind::ReviewerCaught,
                title: format!(
                    "The reviewer caught \"{}\" and {} it",
                    item.text,
                    finding.action.map(Treatment::label).unwrap_or("flagged")
                ),
                item: Some(item.id.clone()),
                cues: item.cues.clone(),
                explanation: format!("You had left it in the draft. {}", item.explanation),
            });
        }
    }
    for (stage, choice) in run.taken() {
        let feedback = scenario
            .choice(stage, choice)
            .map(|c| (c.label.clone(), c.feedback.clone()));
        if let Some((label, feedback)) = feedback
            && !feedback.trim().is_empty()
        {
            entries.push(DebriefEntry {
                kind: EntryKind::Note,
                title: format!("You chose: {label}"),
                item: None,
                cues: Vec::new(),
                explanation: feedback,
            });
        }
    }
    // Stable order: by kind, then as found.
    entries.sort_by_key(|e| e.kind);

    let careful_play = file
        .model_play
        .iter()
        .map(|step| {
            let stage = scenario.stage_ix(&step.0).map(|s| scenario.stage(s));
            let label_of = |choice: &str| {
                stage
                    .and_then(|s| s.choices.iter().find(|c| c.id == choice))
                    .map(|c| c.label.clone())
                    .unwrap_or_else(|| choice.to_string())
            };
            let player = run
                .taken()
                .iter()
                .find(|(s, _)| *s == step.0)
                .map(|(_, c)| c.clone());
            CarefulStep {
                stage: step.0.clone(),
                stage_title: stage.map(|s| s.title.clone()).unwrap_or_default(),
                careful: label_of(&step.1),
                same: player.as_deref() == Some(step.1.as_str()),
                player: player.map(|c| label_of(&c)),
            }
        })
        .collect();
    Debrief {
        verdict: if score.passed {
            file.debrief.pass.clone()
        } else {
            file.debrief.fail.clone()
        },
        entries,
        careful_play,
        lessons: file.debrief.lessons.clone(),
    }
}

/// The case's own explanation of a lapse, or the built-in one.
fn procedure_explanation(words: &Explanations, kind: LapseKind) -> String {
    let own = match kind {
        LapseKind::NoApproval => &words.no_approval,
        LapseKind::NoReview => &words.no_review,
        LapseKind::HandOver => &words.hand_over,
        LapseKind::MissedHardDeadline => &words.missed_hard_deadline,
        LapseKind::Scenario => &None,
    };
    if let Some(own) = own {
        return own.clone();
    }
    match kind {
        LapseKind::NoApproval => "Contact with the press about controlled work needs approval first. Approval brings in someone who knows what may be said.",
        LapseKind::NoReview => "Confidentiality review is a required step before publication: a second reader trained to spot what should not go out.",
        LapseKind::HandOver => "Source documents given \"for reference\" end up quoted, and handing over classified material to someone without clearance is a disclosure in itself, whatever is published later.",
        LapseKind::Scenario => "A step the rules of this case require was skipped; the note on your choice below says why it matters.",
        LapseKind::MissedHardDeadline => "This deadline does not move: after it, what should have gone out can no longer do its job, and holding the story misses it as surely as publishing late.",
    }
    .to_string()
}

/// A text in quotation marks, unless it already starts with one (a quoted remark).
fn quote(text: &str) -> String {
    if text.starts_with(['"', '\u{201c}']) {
        text.to_string()
    } else {
        format!("\"{text}\"")
    }
}

/// A text quoted as a sentence: its own full stop inside the marks, or one added.
fn quote_sentence(text: &str) -> String {
    let quoted = quote(text);
    if text.ends_with(['.', '!', '?', '"', '\u{201d}']) {
        quoted
    } else {
        format!("{quoted}.")
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
