//! Checks of the reviewer, the scoring rubric, the repercussion rules and the debrief texts.

use super::checker::Checker;
use crate::diagnostics::Code;
use crate::limits::MAX_LIST;
use crate::model::{Classification, ScenarioFile};

pub(crate) fn check(c: &mut Checker<'_>, file: &ScenarioFile) {
    c.fraction("review.catch_chance", file.review.catch_chance);
    let s = &file.scoring;
    let w = &s.weights;
    for (name, value) in [
        ("protection", w.protection),
        ("procedure", w.procedure),
        ("public_value", w.public_value),
        ("timeliness", w.timeliness),
    ] {
        c.fraction(&format!("scoring.weights.{name}"), value);
    }
    let sum = w.protection + w.procedure + w.public_value + w.timeliness;
    if (sum - 1.0).abs() > 0.001 {
        let d = c.error(
            Code::WeightsSum,
            "scoring.weights",
            format!("the weights add up to {sum:.3}, not 1"),
        );
        Checker::hint(
            d,
            "make protection + procedure + public_value + timeliness = 1.0",
        );
    }
    c.fraction("scoring.over_caution", s.over_caution);
    if !(s.damage_scale > 0.0 && s.damage_scale <= 10_000.0) {
        c.error(
            Code::OutOfRange,
            "scoring.damage_scale",
            format!(
                "`damage_scale` is {}, outside 0 (exclusive) to 10000",
                s.damage_scale
            ),
        );
    }
    if !(s.late_grace_hours > 0.0 && s.late_grace_hours <= 240.0) {
        c.error(
            Code::OutOfRange,
            "scoring.late_grace_hours",
            format!(
                "`late_grace_hours` is {}, outside 0 (exclusive) to 240",
                s.late_grace_hours
            ),
        );
    }
    c.fraction("scoring.penalties.no_approval", s.penalties.no_approval);
    c.fraction("scoring.penalties.no_review", s.penalties.no_review);
    c.fraction("scoring.penalties.hand_over", s.penalties.hand_over);
    c.fraction("scoring.penalties.lapse", s.penalties.lapse);
    c.fraction(
        "scoring.penalties.missed_hard_deadline",
        s.penalties.missed_hard_deadline,
    );
    if s.fail_on_leak == Classification::Public {
        let d = c.error(
            Code::FailOnPublic,
            "scoring.fail_on_leak",
            "`fail_on_leak: Public` would fail every run that publishes anything",
        );
        Checker::hint(
            d,
            "use the lowest level whose leak must fail the run, usually `Confidential`",
        );
    }

    for (r, rule) in file.repercussions.iter().enumerate() {
        let rp = format!("repercussions[{r}]");
        if rule.when.is_empty() {
            let d = c.error(
                Code::EmptyRule,
                &format!("{rp}.when"),
                "a repercussion rule needs at least one condition",
            );
            Checker::hint(d, "for example `when: [LeakAtLeast(Secret)]`");
        }
        c.text(&format!("{rp}.text"), &rule.text, true);
    }
    c.text("debrief.pass", &file.debrief.pass, true);
    c.text("debrief.fail", &file.debrief.fail, true);
    c.list_len("debrief.lessons", file.debrief.lessons.len(), MAX_LIST);
    let e = &file.debrief.explanations;
    for (field, text) in [
        ("no_approval", &e.no_approval),
        ("no_review", &e.no_review),
        ("hand_over", &e.hand_over),
        ("held", &e.held),
        ("late", &e.late),
        ("missed_hard_deadline", &e.missed_hard_deadline),
        ("cut_public", &e.cut_public),
        ("cut_generalisable", &e.cut_generalisable),
    ] {
        if let Some(text) = text {
            c.text(&format!("debrief.explanations.{field}"), text, true);
        }
    }
    for (i, l) in file.debrief.lessons.iter().enumerate() {
        c.text(&format!("debrief.lessons[{i}]"), l, true);
    }
}
