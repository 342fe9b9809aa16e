//! Checks of the scenario's metadata and briefing: format version, id, texts, minutes, objectives, pass mark, deadline and start time.

use super::checker::Checker;
use crate::diagnostics::Code;
use crate::limits::MAX_LIST;
use crate::model::{FORMAT_VERSION, ScenarioFile};
use crate::scenario::parse_clock;

pub(crate) fn check(c: &mut Checker<'_>, file: &ScenarioFile) {
    if file.format_version != FORMAT_VERSION {
        let d = c.error(
            Code::FormatVersion,
            "format_version",
            format!(
                "format_version {} is not supported; this version of Press Check reads format_version {FORMAT_VERSION}",
                file.format_version
            ),
        );
        Checker::hint(d, format!("write `format_version: {FORMAT_VERSION},`"));
    }
    c.id("id", &file.id);
    c.text("title", &file.title, true);
    c.text("version", &file.version, true);
    c.text("role", &file.role, true);
    if file.minutes == 0 || file.minutes > 600 {
        c.error(
            Code::OutOfRange,
            "minutes",
            format!("`minutes` is {}, outside 1 to 600", file.minutes),
        );
    }
    if file.objectives.is_empty() {
        let d = c.error(Code::EmptyList, "objectives", "`objectives` is empty");
        Checker::hint(d, "list what the player should learn, one sentence each");
    }
    c.list_len("objectives", file.objectives.len(), MAX_LIST);
    for (i, o) in file.objectives.iter().enumerate() {
        c.text(&format!("objectives[{i}]"), o, true);
    }
    c.fraction("pass_mark", file.pass_mark);

    c.text("briefing.situation", &file.briefing.situation, true);
    c.text(
        "briefing.deadline_label",
        &file.briefing.deadline_label,
        true,
    );
    let deadline = file.briefing.deadline_hours;
    if !(deadline > 0.0 && deadline <= 240.0) {
        c.error(
            Code::OutOfRange,
            "briefing.deadline_hours",
            format!("`deadline_hours` is {deadline}, outside 0 (exclusive) to 240"),
        );
    }
    if parse_clock(&file.briefing.start_time).is_none() {
        let d = c.error(
            Code::BadTime,
            "briefing.start_time",
            format!(
                "`start_time` \"{}\" is not a time",
                file.briefing.start_time
            ),
        );
        Checker::hint(d, "write it as \"HH:MM\", for example \"09:30\"");
    }
}
