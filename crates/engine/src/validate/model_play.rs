//! Checks of the model play's references: it is not empty, and every step names a stage and one of its choices.
//!
//! Whether it is a legal path is checked by playing it, in [`super::paths`].

use super::checker::Checker;
use super::refs::Refs;
use crate::diagnostics::Code;
use crate::model::ScenarioFile;

pub(crate) fn check(c: &mut Checker<'_>, file: &ScenarioFile, refs: &Refs<'_>) {
    if file.model_play.is_empty() {
        let d = c.error(Code::EmptyList, "model_play", "`model_play` is empty");
        Checker::hint(
            d,
            "list the careful path as `(\"stage-id\", \"choice-id\")` pairs",
        );
    }
    for (i, step) in file.model_play.iter().enumerate() {
        refs.stage_choice(c, &format!("model_play[{i}]"), &step.0, &step.1);
    }
}
