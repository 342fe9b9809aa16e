//! Whether the statement an LRS holds under an id is the one we sent, by xAPI 1.0.3's statement comparison rules.
//!
//! An LRS may add or normalise what the specification lets it: `stored`,
//! `authority`, `version`, the `objectType` of an activity or an agent, the
//! form of the `timestamp`, the case of UUIDs and numbers written another way
//! (`1` for `1.0`). Everything else must be equal.

use serde_json::{Map, Value};

/// Properties an LRS sets or may change, never compared.
const SET_BY_THE_LRS: &[&str] = &["stored", "authority", "version"];

/// Where the two statements first differ, as a path (`result.score.scaled`); `None` when they are the same statement.
pub fn difference(sent: &Value, held: &Value) -> Option<String> {
    let (Some(sent), Some(held)) = (sent.as_object(), held.as_object()) else {
        return Some("(the whole statement)".into());
    };
    let strip = |m: &Map<String, Value>| -> Map<String, Value> {
        m.iter()
            .filter(|(k, _)| !SET_BY_THE_LRS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    let (sent, held) = (strip(sent), strip(held));
    // The timestamp is compared as an instant: `…Z` and `…+00:00` are one time.
    match (sent.get("timestamp"), held.get("timestamp")) {
        (Some(a), Some(b)) if !same_instant(a, b) => return Some("timestamp".into()),
        (Some(_), None) => return Some("timestamp".into()),
        _ => {}
    }
    let drop_time = |mut m: Map<String, Value>| {
        m.remove("timestamp");
        Value::Object(m)
    };
    differ(&drop_time(sent), &drop_time(held), "")
}

fn same_instant(a: &Value, b: &Value) -> bool {
    match (a.as_str(), b.as_str()) {
        (Some(a), Some(b)) => match (a.parse::<jiff::Timestamp>(), b.parse::<jiff::Timestamp>()) {
            // Millisecond precision: xAPI lets an LRS keep no more.
            (Ok(x), Ok(y)) => (x.as_millisecond()) == (y.as_millisecond()),
            _ => a == b,
        },
        _ => a == b,
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// An `objectType` the LRS may add or leave out: the default for where it stands.
fn is_default_object_type(key: &str, value: &Value) -> bool {
    key == "objectType" && matches!(value.as_str(), Some("Activity" | "Agent"))
}

fn differ(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                match (x.get(key), y.get(key)) {
                    (Some(p), Some(q)) => {
                        if let Some(d) = differ(p, q, &join(path, key)) {
                            return Some(d);
                        }
                    }
                    (Some(v), None) | (None, Some(v)) if is_default_object_type(key, v) => {}
                    _ => return Some(join(path, key)),
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(path.to_string());
            }
            x.iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (p, q))| differ(p, q, &format!("{path}[{i}]")))
        }
        (Value::Number(x), Value::Number(y)) => {
            (x.as_f64() != y.as_f64()).then(|| path.to_string())
        }
        (Value::String(x), Value::String(y)) => {
            // UUIDs (registration, ids) compare without regard to case.
            let same = x == y || (uuid::Uuid::parse_str(x).is_ok() && x.eq_ignore_ascii_case(y));
            (!same).then(|| path.to_string())
        }
        _ => (a != b).then(|| path.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sent() -> Value {
        json!({
            "id": "5d2c7a64-93f1-4e0b-8a4e-2f6d1c0b7e39",
            "actor": { "objectType": "Agent", "account": { "homePage": "https://x.invalid", "name": "t-1" } },
            "verb": { "id": "http://adlnet.gov/expapi/verbs/passed" },
            "object": { "id": "https://x.invalid/s", "objectType": "Activity" },
            "result": { "score": { "scaled": 1.0 }, "success": true },
            "context": { "registration": "9b80cd46-b0d9-4f34-8e5c-40922ab271b7" },
            "timestamp": "2026-11-02T09:00:00Z"
        })
    }

    #[test]
    fn what_an_lrs_may_add_or_rewrite_is_the_same_statement() {
        let mut held = sent();
        held["stored"] = json!("2026-12-01T10:00:00.123Z");
        held["authority"] = json!({ "mbox": "mailto:lrs@x.invalid" });
        held["version"] = json!("1.0.3");
        held["timestamp"] = json!("2026-11-02T09:00:00.000+00:00");
        held["result"]["score"]["scaled"] = json!(1);
        held["context"]["registration"] = json!("9B80CD46-B0D9-4F34-8E5C-40922AB271B7");
        held["object"].as_object_mut().unwrap().remove("objectType");
        assert_eq!(difference(&sent(), &held), None);
    }

    #[test]
    fn another_score_or_verb_is_another_statement() {
        let mut held = sent();
        held["result"]["score"]["scaled"] = json!(0.2);
        assert_eq!(
            difference(&sent(), &held).as_deref(),
            Some("result.score.scaled")
        );
        let mut held = sent();
        held["verb"]["id"] = json!("http://adlnet.gov/expapi/verbs/failed");
        assert_eq!(difference(&sent(), &held).as_deref(), Some("verb.id"));
        let mut held = sent();
        held["timestamp"] = json!("2026-11-02T09:00:01Z");
        assert_eq!(difference(&sent(), &held).as_deref(), Some("timestamp"));
        let mut held = sent();
        held.as_object_mut().unwrap().remove("result");
        assert_eq!(difference(&sent(), &held).as_deref(), Some("result"));
    }
}
