//! xAPI statements for a run record, following the cmi5 rules where they apply.
//!
//! One record gives: `initialized`; one `answered` statement per decision (a
//! `choice` interaction with its choices, the careful answers as the correct
//! response pattern, the response and success); for a finished run
//! `completed` and `passed` or `failed` (the only statements with a score);
//! and `terminated`. Statement ids are UUID v5 of the record id and the
//! statement's place, so exporting a record twice gives the same ids and an
//! LRS never stores a resend twice.

use crate::record::{DecisionRecord, Record, Status};
use presscheck_engine::run::Decision;
use serde_json::{Map, Value, json};
use uuid::Uuid;

/// The xAPI version sent in the `X-Experience-API-Version` header.
pub const XAPI_VERSION: &str = "1.0.3";

/// Namespace of Press Check statement ids (UUID v5); never change it, or every resend becomes a duplicate.
const STATEMENT_NAMESPACE: Uuid = Uuid::from_u128(0x5d2c_7a64_93f1_4e0b_8a4e_2f6d_1c0b_7e39);

const VERB_BASE: &str = "http://adlnet.gov/expapi/verbs/";
const CMI5_CATEGORY: &str = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
const MOVEON_CATEGORY: &str = "https://w3id.org/xapi/cmi5/context/categories/moveon";
const CMI5_SESSION: &str = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
const CMI5_MASTERY: &str = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
const INTERACTION_TYPE: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";
const SIMULATION_TYPE: &str = "http://adlnet.gov/expapi/activities/simulation";

/// Where the statements point: the organisation's account home page and the base of activity ids.
#[derive(Debug, Clone)]
pub struct XapiOptions {
    /// The `homePage` of trainees' accounts: the organisation's learning system.
    pub home_page: String,
    /// Prefix of every activity and extension IRI; ends with `/`.
    pub activity_base: String,
}

impl Default for XapiOptions {
    fn default() -> Self {
        XapiOptions {
            home_page: "https://presscheck.invalid".to_string(),
            activity_base: "https://presscheck.invalid/xapi/".to_string(),
        }
    }
}

impl XapiOptions {
    fn iri(&self, tail: &str) -> String {
        let base = self.activity_base.trim_end_matches('/');
        format!("{base}/{tail}")
    }
}

/// The statements of every record of a set, in the set's order, each statement id once.
///
/// An LRS rejects a batch that holds one id twice, so a run that two files
/// hold (when the set was not passed through [`crate::trust::trusted`]) gives
/// its statements once.
pub fn statements_of_set(set: &crate::store::RecordSet, options: &XapiOptions) -> Vec<Value> {
    let mut seen = std::collections::HashSet::new();
    set.records
        .iter()
        .flat_map(|r| statements(&r.record, options))
        .filter(|s| seen.insert(s["id"].as_str().unwrap_or_default().to_string()))
        .collect()
}

/// The statements of one record, in order.
pub fn statements(record: &Record, options: &XapiOptions) -> Vec<Value> {
    let mut out = Vec::new();
    let scenario_iri = options.iri(&format!("scenarios/{}", iri_segment(&record.scenario.id)));
    let actor = json!({
        "objectType": "Agent",
        "name": record.trainee.name,
        "account": { "homePage": options.home_page, "name": record.trainee.id },
    });
    let scenario_object = json!({
        "objectType": "Activity",
        "id": scenario_iri,
        "definition": {
            "type": SIMULATION_TYPE,
            "name": { "en": record.scenario.title },
            "description": { "en": format!("Press Check scenario {} version {}", record.scenario.id, record.scenario.version) },
        },
    });
    let mut seq = 0u32;
    let mut next_id = |what: &str| {
        seq += 1;
        Uuid::new_v5(
            &STATEMENT_NAMESPACE,
            format!("{}/{seq}/{what}", record.id).as_bytes(),
        )
    };

    out.push(statement(
        next_id("initialized"),
        &actor,
        verb("initialized"),
        scenario_object.clone(),
        None,
        context(record, options, &scenario_iri, Cmi5::Defined, None),
        &record.started_at.to_string(),
    ));

    let mut previous = 0.0;
    for (i, d) in record.decisions.iter().enumerate() {
        let object = interaction(record, options, d);
        let mut result = Map::new();
        result.insert("response".into(), Value::String(d.response()));
        if let Some(success) = d.success() {
            result.insert("success".into(), Value::Bool(success));
        }
        result.insert(
            "duration".into(),
            Value::String(iso_duration(d.elapsed_seconds - previous)),
        );
        previous = d.elapsed_seconds;
        out.push(statement(
            next_id(&format!("answered-{i}")),
            &actor,
            verb("answered"),
            object,
            Some(Value::Object(result)),
            context(record, options, &scenario_iri, Cmi5::Allowed, None),
            &d.at.to_string(),
        ));
    }

    let ended = record.ended_at.to_string();
    let total = iso_duration(record.duration_seconds);
    if let (Status::Finished, Some(result)) = (record.status, &record.result) {
        out.push(statement(
            next_id("completed"),
            &actor,
            verb("completed"),
            scenario_object.clone(),
            Some(json!({ "completion": true, "duration": total })),
            context(record, options, &scenario_iri, Cmi5::MoveOn, None),
            &ended,
        ));
        let (word, success) = if result.passed {
            ("passed", true)
        } else {
            ("failed", false)
        };
        out.push(statement(
            next_id(word),
            &actor,
            verb(word),
            scenario_object.clone(),
            Some(json!({
                "success": success,
                "score": {
                    "scaled": result.score.clamp(0.0, 1.0),
                    "raw": (result.score * 100.0).round().clamp(0.0, 100.0),
                    "min": 0,
                    "max": 100,
                },
                "duration": total,
            })),
            context(
                record,
                options,
                &scenario_iri,
                Cmi5::MoveOn,
                Some(result.pass_mark),
            ),
            &ended,
        ));
    }
    out.push(statement(
        next_id("terminated"),
        &actor,
        verb("terminated"),
        scenario_object,
        Some(json!({ "duration": total })),
        context(record, options, &scenario_iri, Cmi5::Defined, None),
        &ended,
    ));
    out
}

/// How a statement stands in cmi5.
enum Cmi5 {
    /// cmi5-defined: carries the cmi5 category.
    Defined,
    /// cmi5-defined and counts towards moving on (completed, passed, failed).
    MoveOn,
    /// cmi5-allowed: no cmi5 category.
    Allowed,
}

fn statement(
    id: Uuid,
    actor: &Value,
    verb: Value,
    object: Value,
    result: Option<Value>,
    context: Value,
    timestamp: &str,
) -> Value {
    let mut s = Map::new();
    s.insert("id".into(), Value::String(id.to_string()));
    s.insert("actor".into(), actor.clone());
    s.insert("verb".into(), verb);
    s.insert("object".into(), object);
    if let Some(r) = result {
        s.insert("result".into(), r);
    }
    s.insert("context".into(), context);
    s.insert("timestamp".into(), Value::String(timestamp.to_string()));
    Value::Object(s)
}

fn verb(word: &str) -> Value {
    json!({ "id": format!("{VERB_BASE}{word}"), "display": { "en-US": word } })
}

fn context(
    record: &Record,
    options: &XapiOptions,
    scenario_iri: &str,
    cmi5: Cmi5,
    mastery: Option<f64>,
) -> Value {
    let mut ext = Map::new();
    ext.insert(
        CMI5_SESSION.into(),
        Value::String(record.id.hyphenated().to_string()),
    );
    ext.insert(options.iri("extensions/seed"), json!(record.seed));
    ext.insert(
        options.iri("extensions/session-code"),
        json!(record.session.clone().unwrap_or_default()),
    );
    ext.insert(
        options.iri("extensions/scenario-hash"),
        json!(record.scenario.content_hash),
    );
    ext.insert(
        options.iri("extensions/scenario-version"),
        json!(record.scenario.version),
    );
    ext.insert(options.iri("extensions/mode"), json!(record.mode.name()));
    if let Some(m) = mastery {
        ext.insert(CMI5_MASTERY.into(), json!(m));
    }
    let mut activities = Map::new();
    match cmi5 {
        Cmi5::Defined => {
            activities.insert("category".into(), json!([{ "id": CMI5_CATEGORY }]));
        }
        Cmi5::MoveOn => {
            activities.insert(
                "category".into(),
                json!([{ "id": CMI5_CATEGORY }, { "id": MOVEON_CATEGORY }]),
            );
        }
        Cmi5::Allowed => {
            activities.insert("parent".into(), json!([{ "id": scenario_iri }]));
        }
    }
    json!({
        "registration": record.id.hyphenated().to_string(),
        "contextActivities": Value::Object(activities),
        "extensions": Value::Object(ext),
    })
}

fn interaction(record: &Record, options: &XapiOptions, d: &DecisionRecord) -> Value {
    let scenario = iri_segment(&record.scenario.id);
    let (id, name) = match &d.decision {
        Decision::Choose { stage, .. } => (
            options.iri(&format!(
                "scenarios/{scenario}/stages/{}",
                iri_segment(stage)
            )),
            d.stage_title.clone(),
        ),
        Decision::Edit { stage, item, .. } => (
            options.iri(&format!(
                "scenarios/{scenario}/stages/{}/items/{}",
                iri_segment(stage),
                iri_segment(item)
            )),
            format!("{}: how item {item} goes out", d.stage_title),
        ),
    };
    let choices: Vec<Value> = d
        .offered
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let label = d
                .offered_labels
                .get(i)
                .cloned()
                .unwrap_or_else(|| c.clone());
            json!({ "id": c, "description": { "en": label } })
        })
        .collect();
    let mut definition = Map::new();
    definition.insert("type".into(), json!(INTERACTION_TYPE));
    definition.insert("name".into(), json!({ "en": name }));
    definition.insert("interactionType".into(), json!("choice"));
    if !d.careful.is_empty() {
        // Each entry is one acceptable answer (a single selected choice).
        definition.insert("correctResponsesPattern".into(), json!(d.careful));
    }
    definition.insert("choices".into(), Value::Array(choices));
    json!({ "objectType": "Activity", "id": id, "definition": Value::Object(definition) })
}

/// An id made safe as one IRI path segment (ids are already `[a-z0-9-_]` in valid scenarios).
fn iri_segment(id: &str) -> String {
    let mut out = String::new();
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An ISO 8601 duration such as `PT1H2M3.25S`, to the hundredth of a second.
pub fn iso_duration(seconds: f64) -> String {
    let centis = (seconds.max(0.0) * 100.0).round() as u64;
    let (h, rest) = (centis / 360_000, centis % 360_000);
    let (m, c) = (rest / 6_000, rest % 6_000);
    let mut s = String::from("PT");
    if h > 0 {
        s.push_str(&format!("{h}H"));
    }
    if m > 0 {
        s.push_str(&format!("{m}M"));
    }
    if c > 0 || (h == 0 && m == 0) {
        if c % 100 == 0 {
            s.push_str(&format!("{}S", c / 100));
        } else {
            s.push_str(&format!("{}.{:02}S", c / 100, c % 100));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::iso_duration;

    #[test]
    fn durations_are_iso_8601() {
        assert_eq!(iso_duration(0.0), "PT0S");
        assert_eq!(iso_duration(3.25), "PT3.25S");
        assert_eq!(iso_duration(60.0), "PT1M");
        assert_eq!(iso_duration(3723.5), "PT1H2M3.50S");
        assert_eq!(iso_duration(-4.0), "PT0S");
    }
}
