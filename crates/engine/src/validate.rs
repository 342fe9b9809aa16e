//! Checks the meaning of a parsed scenario and reports every problem with its position.

use crate::diagnostics::Diagnostic;
use crate::load::Scenario;
use crate::locate::SourceMap;
use crate::model::{Condition, Effect, FORMAT_VERSION, ScenarioFile};
use crate::run::{Decision, Run};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Most materials a scenario may have.
pub const MAX_MATERIALS: usize = 100;
/// Most items a scenario may have, over all materials.
pub const MAX_ITEMS: usize = 1000;
/// Most stages a scenario may have.
pub const MAX_STAGES: usize = 200;
/// Most choices a stage may offer.
pub const MAX_CHOICES: usize = 12;
/// Longest text, in characters.
pub const MAX_TEXT: usize = 4000;
/// Most entries in a short list (objectives, cues, markings, lessons).
pub const MAX_LIST: usize = 24;
/// Most outlets a network may have.
pub const MAX_OUTLETS: u64 = 250_000;
/// Most outlets each outlet may follow.
pub const MAX_FOLLOWS: u32 = 50;
/// Most hours a cascade may be simulated for.
pub const MAX_CASCADE_HOURS: u32 = 720;
/// Deepest nesting of `AnyOf` conditions.
pub const MAX_CONDITION_DEPTH: usize = 8;
/// Most distinct decision paths explored when checking for dead ends.
pub const MAX_PATHS_EXPLORED: usize = 20_000;

struct Checker<'a> {
    map: &'a SourceMap,
    out: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(&mut self, path: &str, message: impl Into<String>) -> &mut Diagnostic {
        self.out
            .push(Diagnostic::error(self.map.nearest(path), message));
        self.out.last_mut().expect("just pushed")
    }

    fn warning(&mut self, path: &str, message: impl Into<String>) -> &mut Diagnostic {
        self.out
            .push(Diagnostic::warning(self.map.nearest(path), message));
        self.out.last_mut().expect("just pushed")
    }

    fn hint(d: &mut Diagnostic, hint: impl Into<String>) {
        d.hint = Some(hint.into());
    }

    fn text(&mut self, path: &str, value: &str, required: bool) {
        if required && value.trim().is_empty() {
            let d = self.error(path, format!("`{}` is empty", last_segment(path)));
            Self::hint(d, "write the text the player will read");
        }
        let n = value.chars().count();
        if n > MAX_TEXT {
            let d = self.error(
                path,
                format!("text is {n} characters long, more than the limit of {MAX_TEXT}"),
            );
            Self::hint(d, "split it, or move detail into the debrief explanation");
        }
    }

    fn id(&mut self, path: &str, value: &str) {
        if !valid_id(value) {
            let d = self.error(path, format!("id `{value}` is not a valid id"));
            Self::hint(
                d,
                "use 1 to 64 lower-case letters, digits and `-`, for example `leaked-memo`",
            );
        }
    }

    fn fraction(&mut self, path: &str, value: f64) {
        if !(0.0..=1.0).contains(&value) || value.is_nan() {
            let d = self.error(
                path,
                format!("`{}` is {value}, outside 0 to 1", last_segment(path)),
            );
            Self::hint(
                d,
                "a chance or share is written as a number from 0.0 to 1.0",
            );
        }
    }

    fn list_len(&mut self, path: &str, len: usize, max: usize) {
        if len > max {
            self.error(
                path,
                format!(
                    "`{}` has {len} entries, more than the limit of {max}",
                    last_segment(path)
                ),
            );
        }
    }
}

/// Whether `id` is a valid id for a scenario, material, item, stage or choice:
/// 1 to 64 lower-case ASCII letters, digits and `-`, not starting with `-`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
}

fn last_segment(path: &str) -> &str {
    let cut = path.rfind('.').map(|i| i + 1).unwrap_or(0);
    let seg = &path[cut..];
    seg.split('[').next().unwrap_or(seg)
}

/// Checks everything that does not need the scenario to be played.
pub fn validate(file: &ScenarioFile, map: &SourceMap) -> Vec<Diagnostic> {
    let mut c = Checker {
        map,
        out: Vec::new(),
    };
    if file.format_version != FORMAT_VERSION {
        let d = c.error(
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
            "minutes",
            format!("`minutes` is {}, outside 1 to 600", file.minutes),
        );
    }
    if file.objectives.is_empty() {
        let d = c.error("objectives", "`objectives` is empty");
        Checker::hint(d, "list what the player should learn, one sentence each");
    }
    c.list_len("objectives", file.objectives.len(), MAX_LIST);
    for (i, o) in file.objectives.iter().enumerate() {
        c.text(&format!("objectives[{i}]"), o, true);
    }
    c.fraction("pass_mark", file.pass_mark);

    // Briefing.
    c.text("briefing.situation", &file.briefing.situation, true);
    c.text(
        "briefing.deadline_label",
        &file.briefing.deadline_label,
        true,
    );
    let deadline = file.briefing.deadline_hours;
    if !(deadline > 0.0 && deadline <= 240.0) {
        c.error(
            "briefing.deadline_hours",
            format!("`deadline_hours` is {deadline}, outside 0 (exclusive) to 240"),
        );
    }
    if parse_clock(&file.briefing.start_time).is_none() {
        let d = c.error(
            "briefing.start_time",
            format!(
                "`start_time` \"{}\" is not a time",
                file.briefing.start_time
            ),
        );
        Checker::hint(d, "write it as \"HH:MM\", for example \"09:30\"");
    }

    // Materials and items; ids are unique across both so effects can name either.
    let mut seen: HashMap<&str, String> = HashMap::new();
    let mut item_ids: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut material_ids: BTreeSet<&str> = BTreeSet::new();
    if file.materials.is_empty() {
        c.error(
            "materials",
            "`materials` is empty; a scenario needs source material",
        );
    }
    c.list_len("materials", file.materials.len(), MAX_MATERIALS);
    let total_items: usize = file.materials.iter().map(|m| m.items.len()).sum();
    if total_items > MAX_ITEMS {
        c.error(
            "materials",
            format!("the scenario has {total_items} items, more than the limit of {MAX_ITEMS}"),
        );
    }
    for (m, material) in file.materials.iter().enumerate() {
        let mp = format!("materials[{m}]");
        c.id(&format!("{mp}.id"), &material.id);
        if let Some(first) = seen.get(material.id.as_str()) {
            let d = c.error(
                &format!("{mp}.id"),
                format!(
                    "duplicate id `{}`; it is already used at {first}",
                    material.id
                ),
            );
            Checker::hint(d, "ids must be unique across materials and items");
        } else {
            seen.insert(&material.id, position_text(map, &format!("{mp}.id")));
        }
        material_ids.insert(&material.id);
        c.text(&format!("{mp}.title"), &material.title, true);
        c.text(&format!("{mp}.source"), &material.source, false);
        c.text(&format!("{mp}.description"), &material.description, false);
        c.list_len(&format!("{mp}.markings"), material.markings.len(), MAX_LIST);
        for (k, marking) in material.markings.iter().enumerate() {
            c.text(&format!("{mp}.markings[{k}]"), marking, true);
        }
        if material.items.is_empty() {
            c.error(&format!("{mp}.items"), "a material needs at least one item");
        }
        for (i, item) in material.items.iter().enumerate() {
            let ip = format!("{mp}.items[{i}]");
            c.id(&format!("{ip}.id"), &item.id);
            if let Some(first) = seen.get(item.id.as_str()) {
                let d = c.error(
                    &format!("{ip}.id"),
                    format!("duplicate id `{}`; it is already used at {first}", item.id),
                );
                Checker::hint(d, "ids must be unique across materials and items");
            } else {
                seen.insert(&item.id, position_text(map, &format!("{ip}.id")));
                item_ids.insert(&item.id, (m, i));
            }
            c.text(&format!("{ip}.text"), &item.text, true);
            c.text(&format!("{ip}.explanation"), &item.explanation, true);
            if item.newsworthiness > 10 {
                c.error(
                    &format!("{ip}.newsworthiness"),
                    format!(
                        "`newsworthiness` is {}, outside 0 to 10",
                        item.newsworthiness
                    ),
                );
            }
            c.list_len(&format!("{ip}.cues"), item.cues.len(), MAX_LIST);
            for (k, cue) in item.cues.iter().enumerate() {
                c.text(&format!("{ip}.cues[{k}]"), cue, true);
            }
            if item.classification.is_sensitive() && item.cues.is_empty() {
                let d = c.warning(
                    &format!("{ip}.cues"),
                    format!(
                        "item `{}` is {} but has no cues; a careful reader has nothing to notice",
                        item.id,
                        item.classification.label()
                    ),
                );
                Checker::hint(d, "add the marking, stamp or detail that gives it away");
            }
            if let Some(chance) = item.catch_chance {
                c.fraction(&format!("{ip}.catch_chance"), chance);
            }
            if let Some(g) = &item.generalised {
                let gp = format!("{ip}.generalised");
                c.text(&format!("{gp}.text"), &g.text, true);
                if g.newsworthiness > 10 {
                    c.error(
                        &format!("{gp}.newsworthiness"),
                        format!("`newsworthiness` is {}, outside 0 to 10", g.newsworthiness),
                    );
                }
                if g.classification > item.classification {
                    c.error(
                        &format!("{gp}.classification"),
                        "the generalised wording is classified higher than the item itself",
                    );
                }
            }
        }
    }

    // Stages and choices.
    if file.stages.is_empty() {
        c.error(
            "stages",
            "`stages` is empty; a scenario needs at least one decision",
        );
    }
    if file.stages.len() > MAX_STAGES {
        c.error(
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
        if stage_ids.contains_key(stage.id.as_str()) {
            c.error(
                &format!("{sp}.id"),
                format!(
                    "duplicate stage id `{}`; it is already used at {}",
                    stage.id,
                    position_text(map, &format!("stages[{}].id", stage_ids[stage.id.as_str()]))
                ),
            );
        } else {
            stage_ids.insert(&stage.id, s);
        }
    }
    let stage_choice_ids: HashMap<&str, BTreeSet<&str>> = file
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
        items: &item_ids,
        materials: &material_ids,
        stages: &stage_ids,
        choices: &stage_choice_ids,
        file,
    };
    for (s, stage) in file.stages.iter().enumerate() {
        let sp = format!("stages[{s}]");
        c.text(&format!("{sp}.title"), &stage.title, true);
        c.text(&format!("{sp}.situation"), &stage.situation, true);
        for (k, item) in stage.editable.iter().enumerate() {
            refs.item(&mut c, &format!("{sp}.editable[{k}]"), item);
        }
        if stage.choices.is_empty() {
            let d = c.error(
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
                    &format!("{cp}.hours"),
                    format!("`hours` is {}, outside 0 to 100", choice.hours),
                );
            }
            for (r, cond) in choice.requires.iter().enumerate() {
                refs.condition(&mut c, &format!("{cp}.requires[{r}]"), cond, 1);
            }
            let mut ends = Vec::new();
            for (e, effect) in choice.effects.iter().enumerate() {
                let ep = format!("{cp}.effects[{e}]");
                match effect {
                    Effect::Include(ids) | Effect::Redact(ids) => {
                        for (j, id) in ids.iter().enumerate() {
                            refs.item(&mut c, &format!("{ep}.0[{j}]"), id);
                        }
                    }
                    Effect::Generalise(ids) => {
                        for (j, id) in ids.iter().enumerate() {
                            let path = format!("{ep}.0[{j}]");
                            if refs.item(&mut c, &path, id)
                                && let Some(&(m, i)) = item_ids.get(id.as_str())
                                && file.materials[m].items[i].generalised.is_none()
                            {
                                let d = c.error(
                                    &path,
                                    format!("item `{id}` cannot be generalised: it has no `generalised` wording"),
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
                            let path = format!("{ep}.0[{j}]");
                            if !material_ids.contains(id.as_str()) {
                                let d = c.error(&path, format!("no material has the id `{id}`"));
                                if let Some(best) = closest(id, material_ids.iter().copied()) {
                                    Checker::hint(d, format!("did you mean `{best}`?"));
                                }
                            }
                        }
                    }
                    Effect::Lapse(text) => c.text(&format!("{ep}.0"), text, true),
                    Effect::Publish | Effect::Hold => ends.push((e, effect.clone())),
                    Effect::SeekApproval | Effect::Review => {}
                }
            }
            if ends.len() > 1 {
                c.error(
                    &format!("{cp}.effects[{}]", ends[1].0),
                    "a choice can end the run only once: it has more than one `Publish` or `Hold`",
                );
            }
            match (&choice.next, ends.is_empty()) {
                (Some(_), false) => {
                    let d = c.error(
                        &format!("{cp}.next"),
                        "a choice that publishes or holds ends the run, so it cannot have `next`",
                    );
                    Checker::hint(d, "remove `next`, or the `Publish`/`Hold` effect");
                }
                (None, true) => {
                    let d = c.error(
                        &cp,
                        format!("choice `{}` leads nowhere: it has no `next` and does not publish or hold", choice.id),
                    );
                    Checker::hint(
                        d,
                        "add `next: Some(\"stage-id\")`, or a `Publish` or `Hold` effect",
                    );
                }
                (Some(next), true) => {
                    if !stage_ids.contains_key(next.as_str()) {
                        let d = c.error(
                            &format!("{cp}.next"),
                            format!("no stage has the id `{next}`"),
                        );
                        if let Some(best) = closest(next, stage_ids.keys().copied()) {
                            Checker::hint(d, format!("did you mean `{best}`?"));
                        }
                    }
                }
                (None, false) => {}
            }
        }
    }
    let start = match &file.start {
        Some(id) => match stage_ids.get(id.as_str()) {
            Some(&s) => Some(s),
            None => {
                c.error("start", format!("no stage has the id `{id}`"));
                None
            }
        },
        None => (!file.stages.is_empty()).then_some(0),
    };

    // Graph checks: loops, reachability, a way to publish.
    if let Some(start) = start {
        graph_checks(&mut c, file, &stage_ids, start);
    }

    // Network.
    let n = &file.network;
    let total =
        u64::from(n.domestic_portals) + u64::from(n.self_media) + u64::from(n.foreign_sites) + 1;
    if total > MAX_OUTLETS {
        let d = c.error(
            "network",
            format!("the network has {total} outlets, more than the limit of {MAX_OUTLETS}"),
        );
        Checker::hint(
            d,
            "reduce `self_media`, `domestic_portals` or `foreign_sites`",
        );
    }
    if n.foreign_sites == 0 {
        let d = c.warning(
            "network.foreign_sites",
            "no foreign websites: the scenario cannot show foreign pickup",
        );
        Checker::hint(
            d,
            "foreign observers are a lesson of the source cases; add a few",
        );
    }
    if n.follows == 0 || n.follows > MAX_FOLLOWS {
        c.error(
            "network.follows",
            format!("`follows` is {}, outside 1 to {MAX_FOLLOWS}", n.follows),
        );
    }
    if n.hours == 0 || n.hours > MAX_CASCADE_HOURS {
        c.error(
            "network.hours",
            format!("`hours` is {}, outside 1 to {MAX_CASCADE_HOURS}", n.hours),
        );
    }
    c.fraction("network.domestic_reprint", n.domestic_reprint);
    c.fraction("network.self_media_reprint", n.self_media_reprint);
    c.fraction("network.foreign_pickup", n.foreign_pickup);
    c.fraction("network.foreign_baseline", n.foreign_baseline);
    if !(0.0..=10.0).contains(&n.interpretation_boost) || n.interpretation_boost.is_nan() {
        c.error(
            "network.interpretation_boost",
            format!(
                "`interpretation_boost` is {}, outside 0 to 10",
                n.interpretation_boost
            ),
        );
    }
    if !(n.news_saturation > 0.0 && n.news_saturation <= 1000.0) {
        c.error(
            "network.news_saturation",
            format!(
                "`news_saturation` is {}, outside 0 (exclusive) to 1000",
                n.news_saturation
            ),
        );
    }
    for (name, value) in [
        ("own", n.audience.own),
        ("domestic_portal", n.audience.domestic_portal),
        ("self_media", n.audience.self_media),
        ("foreign_site", n.audience.foreign_site),
    ] {
        if value > 100_000_000 {
            c.error(
                &format!("network.audience.{name}"),
                format!("audience {value} is more than the limit of 100000000"),
            );
        }
    }

    // Review and scoring.
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
            "scoring.damage_scale",
            format!(
                "`damage_scale` is {}, outside 0 (exclusive) to 10000",
                s.damage_scale
            ),
        );
    }
    if !(s.late_grace_hours > 0.0 && s.late_grace_hours <= 240.0) {
        c.error(
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
    if s.fail_on_leak == crate::model::Classification::Public {
        let d = c.error(
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
    for (i, l) in file.debrief.lessons.iter().enumerate() {
        c.text(&format!("debrief.lessons[{i}]"), l, true);
    }

    // Model play references (legality is checked by playing it, in `check_paths`).
    if file.model_play.is_empty() {
        let d = c.error("model_play", "`model_play` is empty");
        Checker::hint(
            d,
            "list the careful path as `(\"stage-id\", \"choice-id\")` pairs",
        );
    }
    for (i, step) in file.model_play.iter().enumerate() {
        refs.stage_choice(&mut c, &format!("model_play[{i}]"), &step.0, &step.1);
    }
    c.out
}

struct Refs<'a> {
    items: &'a BTreeMap<&'a str, (usize, usize)>,
    materials: &'a BTreeSet<&'a str>,
    stages: &'a HashMap<&'a str, usize>,
    choices: &'a HashMap<&'a str, BTreeSet<&'a str>>,
    file: &'a ScenarioFile,
}

impl Refs<'_> {
    fn item(&self, c: &mut Checker<'_>, path: &str, id: &str) -> bool {
        if self.items.contains_key(id) {
            return true;
        }
        let d = if self.materials.contains(id) {
            let d = c.error(path, format!("`{id}` is a material, not an item"));
            Checker::hint(d, "name the items, or use `HandOver` for a whole material");
            d
        } else {
            c.error(path, format!("no item has the id `{id}`"))
        };
        if d.hint.is_none()
            && let Some(best) = closest(id, self.items.keys().copied())
        {
            Checker::hint(d, format!("did you mean `{best}`?"));
        }
        false
    }

    fn stage_choice(&self, c: &mut Checker<'_>, path: &str, stage: &str, choice: &str) {
        match self.choices.get(stage) {
            None => {
                let d = c.error(
                    &format!("{path}.0"),
                    format!("no stage has the id `{stage}`"),
                );
                if let Some(best) = closest(stage, self.stages.keys().copied()) {
                    Checker::hint(d, format!("did you mean `{best}`?"));
                }
            }
            Some(choices) if !choices.contains(choice) => {
                let d = c.error(
                    &format!("{path}.1"),
                    format!("stage `{stage}` has no choice with the id `{choice}`"),
                );
                if let Some(best) = closest(choice, choices.iter().copied()) {
                    Checker::hint(d, format!("did you mean `{best}`?"));
                }
            }
            Some(_) => {}
        }
    }

    fn condition(&self, c: &mut Checker<'_>, path: &str, cond: &Condition, depth: usize) {
        match cond {
            Condition::Chose(s, ch) | Condition::NotChose(s, ch) => {
                self.stage_choice(c, path, s, ch)
            }
            Condition::InDraft(item) => {
                self.item(c, &format!("{path}.0"), item);
            }
            Condition::AnyOf(list) => {
                if depth >= MAX_CONDITION_DEPTH {
                    c.error(
                        path,
                        format!("conditions are nested more than {MAX_CONDITION_DEPTH} deep"),
                    );
                    return;
                }
                if list.is_empty() {
                    c.error(path, "`AnyOf([])` can never hold");
                }
                for (i, inner) in list.iter().enumerate() {
                    self.condition(c, &format!("{path}.0[{i}]"), inner, depth + 1);
                }
            }
            Condition::Approved
            | Condition::NotApproved
            | Condition::Reviewed
            | Condition::NotReviewed => {}
        }
        let _ = self.file;
    }
}

/// Finds loops, unreachable stages and a missing way to publish, on the stage graph.
fn graph_checks(
    c: &mut Checker<'_>,
    file: &ScenarioFile,
    stage_ids: &HashMap<&str, usize>,
    start: usize,
) {
    let n = file.stages.len();
    let edges: Vec<Vec<usize>> = file
        .stages
        .iter()
        .map(|s| {
            s.choices
                .iter()
                .filter_map(|ch| ch.next.as_deref().and_then(|id| stage_ids.get(id).copied()))
                .collect()
        })
        .collect();
    // Reachability from the start.
    let mut reached = vec![false; n];
    let mut stack = vec![start];
    reached[start] = true;
    while let Some(s) = stack.pop() {
        for &t in &edges[s] {
            if !reached[t] {
                reached[t] = true;
                stack.push(t);
            }
        }
    }
    for (s, stage) in file.stages.iter().enumerate() {
        if !reached[s] {
            let d = c.error(
                &format!("stages[{s}].id"),
                format!(
                    "stage `{}` is unreachable: no path from the start leads to it",
                    stage.id
                ),
            );
            Checker::hint(d, "point some choice's `next` at it, or remove it");
        }
    }
    // Loops, found by an iterative depth-first search with colours.
    let mut colour = vec![0u8; n];
    for root in 0..n {
        if colour[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        colour[root] = 1;
        while let Some(&mut (s, ref mut next_edge)) = stack.last_mut() {
            if *next_edge < edges[s].len() {
                let t = edges[s][*next_edge];
                *next_edge += 1;
                match colour[t] {
                    0 => {
                        colour[t] = 1;
                        stack.push((t, 0));
                    }
                    1 => {
                        let cycle_start = stack.iter().position(|&(x, _)| x == t).unwrap_or(0);
                        let names: Vec<&str> = stack[cycle_start..]
                            .iter()
                            .map(|&(x, _)| file.stages[x].id.as_str())
                            .chain(std::iter::once(file.stages[t].id.as_str()))
                            .collect();
                        let choice = file.stages[s]
                            .choices
                            .iter()
                            .position(|ch| ch.next.as_deref() == Some(file.stages[t].id.as_str()))
                            .unwrap_or(0);
                        let d = c.error(
                            &format!("stages[{s}].choices[{choice}].next"),
                            format!("stages form a loop: {}", names.join(" → ")),
                        );
                        Checker::hint(
                            d,
                            "a run must always move forward; point `next` at a later stage",
                        );
                    }
                    _ => {}
                }
            } else {
                colour[s] = 2;
                stack.pop();
            }
        }
    }
    let publishes = file.stages.iter().enumerate().any(|(s, stage)| {
        reached[s]
            && stage
                .choices
                .iter()
                .any(|ch| ch.effects.contains(&Effect::Publish))
    });
    if !publishes {
        let d = c.error(
            "stages",
            "no reachable choice publishes: the scenario has no way to publish",
        );
        Checker::hint(d, "add a choice with `effects: [Publish]`");
    }
}

/// Checks what needs play: that the model play is a legal path, and that no reachable state is a dead end.
pub fn check_paths(scenario: &Scenario, map: &SourceMap) -> Vec<Diagnostic> {
    let mut c = Checker {
        map,
        out: Vec::new(),
    };
    let file = &scenario.file;
    // The model play, step by step.
    let mut run = Run::new(scenario, 0);
    let mut legal = true;
    for (i, step) in file.model_play.iter().enumerate() {
        let path = format!("model_play[{i}]");
        if run.is_finished() {
            let d = c.error(
                &path,
                format!("the model play has already ended before step {}", i + 1),
            );
            Checker::hint(
                d,
                "remove the steps after the choice that publishes or holds",
            );
            legal = false;
            break;
        }
        let current = run
            .current_stage()
            .map(|s| s.id.clone())
            .unwrap_or_default();
        if current != step.0 {
            c.error(
                &format!("{path}.0"),
                format!(
                    "the model play is not a legal path: step {} is at stage `{}`, but play is at stage `{current}`",
                    i + 1,
                    step.0
                ),
            );
            legal = false;
            break;
        }
        if let Err(e) = run.apply(&Decision::choose(&step.0, &step.1)) {
            c.error(
                &format!("{path}.1"),
                format!("the model play is not a legal path: {e}"),
            );
            legal = false;
            break;
        }
    }
    if legal && matches!(run.ending(), Some(crate::run::Ending::Held { .. })) {
        let d = c.error(
            &format!("model_play[{}]", file.model_play.len().saturating_sub(1)),
            "the model play holds the story; careful play publishes the public part",
        );
        Checker::hint(d, "end the model play with a choice that publishes");
    }
    if legal && !run.is_finished() {
        let d = c.error(
            "model_play",
            format!(
                "the model play stops at stage `{}` without publishing or holding",
                run.current_stage().map(|s| s.id.as_str()).unwrap_or("?")
            ),
        );
        Checker::hint(d, "continue it to a choice that publishes");
    }
    // Every reachable state offers a choice: explore all paths, up to a bound.
    let mut frontier = vec![Run::new(scenario, 0)];
    let mut explored = 0usize;
    let mut dead: BTreeSet<String> = BTreeSet::new();
    while let Some(run) = frontier.pop() {
        explored += 1;
        if explored > MAX_PATHS_EXPLORED {
            break;
        }
        let Some(stage) = run.current_stage() else {
            continue;
        };
        let options = run.available_choices();
        if options.is_empty() {
            if dead.insert(stage.id.clone()) {
                let s = scenario.stage_ix(&stage.id).unwrap_or(0);
                let taken: Vec<String> = run
                    .taken()
                    .iter()
                    .map(|(st, ch)| format!("{st}={ch}"))
                    .collect();
                let d = c.error(
                    &format!("stages[{s}].choices"),
                    format!(
                        "dead end: after {}, stage `{}` offers no choice (every choice's `requires` fails)",
                        if taken.is_empty() { "no choices".to_string() } else { taken.join(", ") },
                        stage.id
                    ),
                );
                Checker::hint(d, "add a choice without conditions, or loosen a `requires`");
            }
            continue;
        }
        for choice in options {
            let mut next = run.clone();
            let stage_id = stage.id.clone();
            if next.apply(&Decision::choose(&stage_id, &choice.id)).is_ok() {
                frontier.push(next);
            }
        }
    }
    c.out
}

fn position_text(map: &SourceMap, path: &str) -> String {
    let p = map.nearest(path);
    format!("{}:{}", p.line, p.column)
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|cand| (edit_distance(word, cand), cand))
        .filter(|(d, cand)| {
            *d <= (cand.len().max(word.len()) / 3).max(if word.len() >= 4 { 2 } else { 1 })
        })
        .min()
        .map(|(_, cand)| cand)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Parses `HH:MM` into minutes after midnight.
pub fn parse_clock(text: &str) -> Option<u32> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    (h < 24 && m < 60).then_some(h * 60 + m)
}
