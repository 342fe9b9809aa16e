//! Replaying a record: recompute the run from the scenario, the seed and the decisions, and compare with what was recorded.

use crate::record::{Record, ResultSummary, Status, UsualSummary};
use presscheck_engine::replays::{self, Threads};
use presscheck_engine::{Run, Scenario};
use serde_json::{Value, json};

/// What a replay found.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplayReport {
    /// Whether the scenario file is the one played (same content hash).
    pub same_scenario: bool,
    /// The recorded and the current content hash.
    pub hashes: (String, String),
    /// A decision the engine refused now: its position (from 1, as `problems` prints it) and why.
    pub rejected: Option<(usize, String)>,
    /// The recomputed result of a finished run.
    pub recomputed: Option<ResultSummary>,
    /// Fields that differ: `(field path, recorded, recomputed)`.
    pub differences: Vec<(String, String, String)>,
    /// Status problems: a finished record whose run does not end, or an abandoned one that does.
    pub status_problem: Option<String>,
}

impl ReplayReport {
    /// True when the scenario is unchanged and the run replays to exactly the recorded result.
    pub fn is_confirmed(&self) -> bool {
        self.same_scenario
            && self.rejected.is_none()
            && self.differences.is_empty()
            && self.status_problem.is_none()
    }

    /// Every problem, one line each.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.same_scenario {
            out.push(format!(
                "the scenario file changed since the run: content hash {} recorded, {} now",
                short(&self.hashes.0),
                short(&self.hashes.1)
            ));
        }
        if let Some((n, why)) = &self.rejected {
            out.push(format!("decision {n} is refused now: {why}"));
        }
        if let Some(p) = &self.status_problem {
            out.push(p.clone());
        }
        for (field, recorded, now) in &self.differences {
            out.push(format!("{field}: recorded {recorded}, replay gives {now}"));
        }
        out
    }
}

/// The first 12 characters (a hash from a record file may be anything, so never slice bytes).
fn short(hash: &str) -> String {
    hash.chars().take(12).collect()
}

/// Lists the leaves of two JSON values that differ.
fn diff(path: &str, a: &Value, b: &Value, out: &mut Vec<(String, String, String)>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                diff(
                    &p,
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                diff(&format!("{path}[{i}]"), p, q, out);
            }
        }
        _ if a != b => out.push((path.to_string(), a.to_string(), b.to_string())),
        _ => {}
    }
}

/// Replays `record` against `scenario`.
pub fn replay(record: &Record, scenario: &Scenario) -> ReplayReport {
    let mut report = ReplayReport {
        same_scenario: record.scenario.content_hash == scenario.content_hash,
        hashes: (
            record.scenario.content_hash.clone(),
            scenario.content_hash.clone(),
        ),
        rejected: None,
        recomputed: None,
        differences: Vec::new(),
        status_problem: None,
    };
    if record.scenario.id != scenario.file.id {
        report.status_problem = Some(format!(
            "the record is about scenario `{}`, not `{}`",
            record.scenario.id, scenario.file.id
        ));
        return report;
    }
    // The record's copy of the scenario's facts must match the file too.
    let facts = [
        (
            "scenario.title",
            json!(record.scenario.title),
            json!(scenario.file.title),
        ),
        (
            "scenario.version",
            json!(record.scenario.version),
            json!(scenario.file.version),
        ),
        (
            "scenario.pass_mark",
            json!(record.scenario.pass_mark),
            json!(scenario.file.pass_mark),
        ),
    ];
    for (field, recorded, now) in facts {
        diff(field, &recorded, &now, &mut report.differences);
    }
    let mut run = Run::new(scenario, record.seed);
    for (i, d) in record.decisions.iter().enumerate() {
        if let Err(e) = run.apply(&d.decision) {
            report.rejected = Some((i + 1, e.to_string()));
            return report;
        }
    }
    match (record.status, run.is_finished()) {
        (Status::Finished, true) => match run.finish() {
            Ok(outcome) => {
                let mut now = ResultSummary::from_outcome(&outcome);
                // Replays kept in the record are replayed too, as many as it says.
                if let Some(kept) = record.result.as_ref().and_then(|r| r.usual.as_ref()) {
                    now.usual = replays::replays(scenario, &outcome, kept.replays, Threads::Pool)
                        .as_ref()
                        .map(UsualSummary::of);
                }
                let recorded = serde_json::to_value(&record.result).unwrap_or(Value::Null);
                let recomputed = serde_json::to_value(Some(&now)).unwrap_or(Value::Null);
                diff("result", &recorded, &recomputed, &mut report.differences);
                report.recomputed = Some(now);
            }
            Err(e) => report.status_problem = Some(format!("the run cannot finish: {e}")),
        },
        (Status::Finished, false) => {
            report.status_problem =
                Some("the record says finished, but its decisions do not reach an ending".into());
        }
        (Status::Abandoned, true) => {
            report.status_problem =
                Some("the record says abandoned, but its decisions reach an ending".into());
        }
        (Status::Abandoned, false) => {
            if record.result.is_some() {
                report.status_problem = Some("an abandoned record carries a result".into());
            }
        }
    }
    report
}
