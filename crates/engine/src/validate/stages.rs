//! Checks of stages and choices: ids, texts, hours, conditions, effects, where each choice leads, and the start.

use super::checker::Checker;
use super::materials::Defined;
use super::refs::Refs;
use crate::diagnostics::Code;
use crate::limits::{MAX_CHOICES, MAX_STAGES};
use crate::model::{Effect, ScenarioFile};
use std::collections::{BTreeSet, HashMap};

/// Checks the stages; returns the references for later checks and the start stage, if it is known.
pub(crate) fn check<'a>(
    c: &mut Checker<'_>,
    file: &'a ScenarioFile,
    defined: Defined<'a>,
) -> (Refs<'a>, Option<usize>) {
    if file.stages.is_empty() {
        c.error(
            Code::EmptyList,
            "stages",
            "`stages` is empty; a scenario needs at least one decision",
        );
    }
    if file.stages.len() > MAX_STAGES {
        c.error(
            Code::OverLimit,
            "stages",
            format!(
                "the scenario has {} stages, more than the limit of {MAX_STAGES}",
                file.stages.len()
            ),
        );
    }
    let mut stage_ids: HashMap<&str, usize> = HashMap::new();
    for (s, stage) in file.stages.iter().enumerate() {
        let sp = format!("stages[{s}]");
        c.id(&format!("{sp}.id"), &stage.id);
        match stage_ids.get(stage.id.as_str()) {
            Some(&first) => {
                let first_path = format!("stages[{first}].id");
                let first_at = c.at(&first_path);
                let where_first = c.position_text(&first_path);
                let d = c.error(
                    Code::DuplicateId,
                    &format!("{sp}.id"),
                    format!(
                        "duplicate stage id `{}`; it is already used at {where_first}",
                        stage.id
                    ),
                );
                d.add_label(first_at, "first defined here");
            }
            None => {
                stage_ids.insert(&stage.id, s);
            }
        }
    }
    let choices: HashMap<&str, BTreeSet<&str>> = file
        .stages
        .iter()
        .map(|s| {
            (
                s.id.as_str(),
                s.choices.iter().map(|c| c.id.as_str()).collect(),
            )
        })
        .collect();
    let refs = Refs {
        items: defined.items,
        materials: defined.materials,
        stages: stage_ids,
        choices,
        duplicated: defined.duplicated,
    };
    for (s, stage) in file.stages.iter().enumerate() {
        let sp = format!("stages[{s}]");
        c.text(&format!("{sp}.title"), &stage.title, true);
        c.text(&format!("{sp}.situation"), &stage.situation, true);
        for (k, item) in stage.editable.iter().enumerate() {
            refs.item(c, &format!("{sp}.editable[{k}]"), item);
        }
        if stage.choices.is_empty() {
            let d = c.error(
                Code::NoChoices,
                &format!("{sp}.choices"),
                format!("stage `{}` has no choices", stage.id),
            );
            Checker::hint(
                d,
                "every stage needs at least one choice; end a run with `Publish` or `Hold`",
            );
        }
        if stage.choices.len() > MAX_CHOICES {
            c.error(
                Code::OverLimit,
                &format!("{sp}.choices"),
                format!(
                    "stage `{}` has {} choices, more than the limit of {MAX_CHOICES}",
                    stage.id,
                    stage.choices.len()
                ),
            );
        }
        let mut choice_ids = BTreeSet::new();
        for (k, choice) in stage.choices.iter().enumerate() {
            let cp = format!("{sp}.choices[{k}]");
            c.id(&format!("{cp}.id"), &choice.id);
            if !choice_ids.insert(choice.id.as_str()) {
                c.error(
                    Code::DuplicateId,
                    &format!("{cp}.id"),
                    format!(
                        "duplicate choice id `{}` in stage `{}`",
                        choice.id, stage.id
                    ),
                );
            }
            c.text(&format!("{cp}.label"), &choice.label, true);
            c.text(&format!("{cp}.feedback"), &choice.feedback, false);
            if !(0.0..=100.0).contains(&choice.hours) || choice.hours.is_nan() {
                c.error(
                    Code::OutOfRange,
                    &format!("{cp}.hours"),
                    format!("`hours` is {}, outside 0 to 100", choice.hours),
                );
            }
            for (r, cond) in choice.requires.iter().enumerate() {
                refs.condition(c, &format!("{cp}.requires[{r}]"), cond, 1);
            }
            effects(c, file, &refs, &cp, &choice.effects);
            let ends = choice
                .effects
                .iter()
                .filter(|e| matches!(e, Effect::Publish | Effect::Hold))
                .count();
            match (&choice.next, ends == 0) {
                (Some(_), false) => {
                    let d = c.error(
                        Code::NextAndEnd,
                        &format!("{cp}.next"),
                        "a choice that publishes or holds ends the run, so it cannot have `next`",
                    );
                    Checker::hint(d, "remove `next`, or the `Publish`/`Hold` effect");
                }
                (None, true) => {
                    let d = c.error(
                        Code::LeadsNowhere,
                        &cp,
                        format!("choice `{}` leads nowhere: it has no `next` and does not publish or hold", choice.id),
                    );
                    Checker::hint(
                        d,
                        "add `next: Some(\"stage-id\")`, or a `Publish` or `Hold` effect",
                    );
                }
                (Some(next), true) => refs.stage(c, &format!("{cp}.next"), next),
                (None, false) => {}
            }
        }
    }
    let start = match &file.start {
        Some(id) => match refs.stages.get(id.as_str()) {
            Some(&s) => Some(s),
            None => {
                c.error(
                    Code::UnknownReference,
                    "start",
                    format!("no stage has the id `{id}`"),
                );
                None
            }
        },
        None => (!file.stages.is_empty()).then_some(0),
    };
    (refs, start)
}

/// Checks a choice's effects: the ids they name, and at most one ending.
fn effects(
    c: &mut Checker<'_>,
    file: &ScenarioFile,
    refs: &Refs<'_>,
    cp: &str,
    effects: &[Effect],
) {
    let mut ends = Vec::new();
    for (e, effect) in effects.iter().enumerate() {
        let ep = format!("{cp}.effects[{e}]");
        match effect {
            Effect::Include(ids) | Effect::Redact(ids) => {
                for (j, id) in ids.iter().enumerate() {
                    refs.item(c, &format!("{ep}.0[{j}]"), id);
                }
            }
            Effect::Generalise(ids) => {
                for (j, id) in ids.iter().enumerate() {
                    let path = format!("{ep}.0[{j}]");
                    if refs.item(c, &path, id)
                        && let Some(&(m, i)) = refs.items.get(id.as_str())
                        && file.materials[m].items[i].generalised.is_none()
                    {
                        let d = c.error(
                            Code::CannotGeneralise,
                            &path,
                            format!(
                                "item `{id}` cannot be generalised: it has no `generalised` wording"
                            ),
                        );
                        Checker::hint(
                            d,
                            "add `generalised: Some((text: \"…\", newsworthiness: N))` to the item",
                        );
                    }
                }
            }
            Effect::HandOver(ids) => {
                for (j, id) in ids.iter().enumerate() {
                    refs.material(c, &format!("{ep}.0[{j}]"), id);
                }
            }
            Effect::Lapse(text) => c.text(&format!("{ep}.0"), text, true),
            Effect::Publish | Effect::Hold => ends.push(e),
            Effect::SeekApproval | Effect::Review | Effect::DiscardEdits => {}
        }
    }
    if ends.len() > 1 {
        c.error(
            Code::EndsTwice,
            &format!("{cp}.effects[{}]", ends[1]),
            "a choice can end the run only once: it has more than one `Publish` or `Hold`",
        );
    }
}
