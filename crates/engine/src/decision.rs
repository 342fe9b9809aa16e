//! One thing a player did — a choice at a stage, or an edit of one item — and the text form of a list of them.
//!
//! The text form is one decision a line: `stage=choice`, or
//! `edit stage item keep|generalise|redact`; `#` starts a comment. A list can
//! also be the JSON `decisions` array of an outcome. [`Decision`]'s `Display`
//! writes the line form and its `FromStr` reads it back.

use crate::treatment::Treatment;
use serde::{Deserialize, Serialize};

/// One thing a player did.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "kind")]
pub enum Decision {
    /// Took a choice at a stage.
    Choose {
        /// Stage id.
        stage: String,
        /// Choice id.
        choice: String,
    },
    /// Set one item's treatment at a stage that allows editing it.
    Edit {
        /// Stage id.
        stage: String,
        /// Item id.
        item: String,
        /// The new treatment.
        treatment: Treatment,
    },
}

impl Decision {
    /// A choice.
    pub fn choose(stage: &str, choice: &str) -> Decision {
        Decision::Choose {
            stage: stage.to_string(),
            choice: choice.to_string(),
        }
    }

    /// An edit.
    pub fn edit(stage: &str, item: &str, treatment: Treatment) -> Decision {
        Decision::Edit {
            stage: stage.to_string(),
            item: item.to_string(),
            treatment,
        }
    }

    /// The stage the decision is made at.
    pub fn stage(&self) -> &str {
        match self {
            Decision::Choose { stage, .. } | Decision::Edit { stage, .. } => stage,
        }
    }
}

impl std::fmt::Display for Decision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Decision::Choose { stage, choice } => write!(f, "{stage}={choice}"),
            Decision::Edit {
                stage,
                item,
                treatment,
            } => write!(f, "edit {stage} {item} {treatment}"),
        }
    }
}

/// Why a line is not a decision.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionSyntax {
    /// The treatment word is not one.
    #[error("{0}")]
    Treatment(#[from] crate::treatment::UnknownTreatment),
    /// Neither form.
    #[error("expected `stage=choice` or `edit stage item treatment`, found `{0}`")]
    Shape(String),
}

impl std::str::FromStr for Decision {
    type Err = DecisionSyntax;

    fn from_str(line: &str) -> Result<Decision, DecisionSyntax> {
        let line = line.trim();
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["edit", stage, item, t] => Ok(Decision::edit(stage, item, t.parse()?)),
            [single] if single.contains('=') => {
                let (s, c) = single.split_once('=').unwrap_or_default();
                Ok(Decision::choose(s.trim(), c.trim()))
            }
            _ => Err(DecisionSyntax::Shape(line.to_string())),
        }
    }
}

/// Why a list of decisions could not be read, with where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}{}: {message}", column.map(|c| format!(", column {c}")).unwrap_or_default())]
pub struct DecisionsError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, for JSON.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

/// Reads a list of decisions: a JSON array (as in an outcome's `decisions`), or one decision a line.
pub fn parse_decisions(text: &str) -> Result<Vec<Decision>, DecisionsError> {
    if text.trim_start().starts_with('[') {
        return serde_json::from_str(text).map_err(|e| DecisionsError {
            line: e.line(),
            column: Some(e.column()),
            message: e.to_string(),
        });
    }
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        out.push(line.parse().map_err(|e: DecisionSyntax| DecisionsError {
            line: n + 1,
            column: None,
            message: e.to_string(),
        })?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_form_reads_back_what_it_writes() {
        for d in [
            Decision::choose("request", "seek-approval"),
            Decision::edit("draft", "sensor-range", Treatment::Generalise),
            Decision::edit("draft", "supplier", Treatment::Redact),
        ] {
            assert_eq!(d.to_string().parse::<Decision>(), Ok(d));
        }
        assert_eq!(
            "edit draft x cut".parse::<Decision>(),
            Ok(Decision::edit("draft", "x", Treatment::Redact))
        );
        assert!("edit draft x burn".parse::<Decision>().is_err());
        assert!("request seek".parse::<Decision>().is_err());
    }

    #[test]
    fn a_list_names_the_line_of_its_first_mistake() {
        let err = parse_decisions("# careful\nrequest=seek\n\nwhat is this\n").unwrap_err();
        assert_eq!(err.line, 4);
        assert!(err.to_string().starts_with("line 4: expected"), "{err}");
        let json = parse_decisions(r#"[{"kind":"choose","stage":"a","choice":"b"}]"#).unwrap();
        assert_eq!(json, vec![Decision::choose("a", "b")]);
    }
}
