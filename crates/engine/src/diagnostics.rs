//! Problems found in a scenario file: a stable code, a line and column, a byte span, secondary labels and a hint.
//!
//! The engine only describes problems; front ends render them (the command
//! line with source snippets, the game as one-line [`Diagnostic::headline`]s).

use crate::locate::{Located, Position, Span};
use serde::{Serialize, Serializer};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The scenario can still be played, but something is probably wrong.
    Warning,
    /// The scenario cannot be played.
    Error,
}

impl Severity {
    /// `error` or `warning`.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Declares [`Code`] with the stable text of each code, in one place.
macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident => $text:literal,)*) => {
        /// A stable code for each kind of problem, for documentation, tooling and tests.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as written in messages and JSON, for example `unknown-reference`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }
        }
    };
}

codes! {
    /// The file is larger than the size limit.
    FileTooLarge => "file-too-large",
    /// The file is empty or only whitespace.
    FileEmpty => "file-empty",
    /// The file holds a NUL byte: it is binary.
    BinaryFile => "binary-file",
    /// The file is not UTF-8.
    NotUtf8 => "not-utf8",
    /// The file cannot be read at all.
    Unreadable => "unreadable",
    /// RON syntax: a missing comma, an unclosed string or bracket, text after the end.
    Syntax => "syntax",
    /// Values nested deeper than the parser follows.
    TooDeep => "too-deep",
    /// A field the format does not have.
    UnknownField => "unknown-field",
    /// A required field is missing.
    MissingField => "missing-field",
    /// A field given twice.
    DuplicateField => "duplicate-field",
    /// A word that is not one of the variants of its list.
    UnknownVariant => "unknown-variant",
    /// A value of the wrong type (text where a number belongs, and so on).
    WrongType => "wrong-type",
    /// A `format_version` this program does not read.
    FormatVersion => "format-version",
    /// An id that is not 1 to 64 lower-case letters, digits and `-`.
    InvalidId => "invalid-id",
    /// A required text is empty.
    EmptyText => "empty-text",
    /// A text longer than the limit.
    TextTooLong => "text-too-long",
    /// A number outside its allowed range.
    OutOfRange => "out-of-range",
    /// A `HH:MM` time that is not one.
    BadTime => "bad-time",
    /// A list that must not be empty is empty.
    EmptyList => "empty-list",
    /// More entries, items, stages, choices or outlets than the format allows.
    OverLimit => "over-limit",
    /// An id used twice.
    DuplicateId => "duplicate-id",
    /// An id that names nothing.
    UnknownReference => "unknown-reference",
    /// A material named where an item is wanted.
    MaterialNotItem => "material-not-item",
    /// `Generalise` of an item with no general wording.
    CannotGeneralise => "cannot-generalise",
    /// A general wording classified higher than its item.
    GeneralisedHigher => "generalised-higher",
    /// A sensitive item with no cues.
    NoCues => "no-cues",
    /// A stage with no choices.
    NoChoices => "no-choices",
    /// A choice that publishes or holds more than once.
    EndsTwice => "ends-twice",
    /// A choice that ends the run and also has `next`.
    NextAndEnd => "next-and-end",
    /// A choice with no `next` that does not end the run.
    LeadsNowhere => "leads-nowhere",
    /// A stage no path reaches.
    UnreachableStage => "unreachable-stage",
    /// Stages that lead back to themselves.
    StageLoop => "stage-loop",
    /// No reachable choice publishes.
    NoWayToPublish => "no-way-to-publish",
    /// A network without foreign websites.
    NoForeignSites => "no-foreign-sites",
    /// Score weights that do not add up to 1.
    WeightsSum => "weights-sum",
    /// `fail_on_leak: Public`.
    FailOnPublic => "fail-on-public",
    /// A repercussion rule without conditions.
    EmptyRule => "empty-rule",
    /// `AnyOf` nested too deep, or empty.
    BadCondition => "bad-condition",
    /// The model play is not a legal path.
    ModelPlayIllegal => "model-play-illegal",
    /// The model play holds the story.
    ModelPlayHolds => "model-play-holds",
    /// The model play stops before an ending.
    ModelPlayUnfinished => "model-play-unfinished",
    /// A reachable stage where no choice's conditions hold.
    DeadEnd => "dead-end",
    /// Lint: an item listed as editable where it is never in the draft.
    EditableNeverInDraft => "editable-never-in-draft",
    /// Lint: an item nothing can put in the story.
    ItemNeverOut => "item-never-out",
    /// Lint: a general wording play never uses.
    GeneralisedUnused => "generalised-unused",
    /// Lint: two choices at a stage that do exactly the same.
    IdenticalChoices => "identical-choices",
    /// Lint: a choice that records a lapse but has no feedback.
    LapseWithoutFeedback => "lapse-without-feedback",
    /// Lint: the model play skips a required step.
    ModelSkipsStep => "model-skips-step",
    /// A choice whose `requires` never hold wherever play reaches its stage.
    ChoiceNeverOffered => "choice-never-offered",
    /// A stage reached only through choices that are never offered.
    StageNeverReached => "stage-never-reached",
    /// Standard outlet counts beside a case's own `outlet_kinds`.
    KindsAndCounts => "kinds-and-counts",
    /// A colour that is not `#rrggbb`.
    BadColour => "bad-colour",
    /// Spreadsheet `columns` or `cells` where they are never shown, or a row that does not fit its columns.
    SheetFieldIgnored => "sheet-field-ignored",
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary place in the file that explains the problem, such as "first defined here".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// Line of its start.
    pub line: usize,
    /// Column of its start, in characters.
    pub column: usize,
    /// Its bytes.
    pub span: Span,
    /// What it shows.
    pub message: String,
}

/// One problem in a scenario file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What kind of problem, as a stable code.
    pub code: Code,
    /// Where in the file.
    pub line: usize,
    /// Column in characters.
    pub column: usize,
    /// The bytes the problem is about.
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// Other places that explain it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
    /// How to fix it, where a hint helps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `at`.
    pub fn error(code: Code, at: Located, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            line: at.at.line,
            column: at.at.column,
            span: at.span,
            message: message.into(),
            labels: Vec::new(),
            hint: None,
        }
    }

    /// A warning at `at`.
    pub fn warning(code: Code, at: Located, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, at, message)
        }
    }

    /// An error about the file as a whole, at its start (it cannot be read, or is empty).
    pub fn at_start(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(
            code,
            Located {
                at: Position::START,
                span: Span::default(),
            },
            message,
        )
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a secondary label at `at`.
    pub fn with_label(mut self, at: Located, message: impl Into<String>) -> Diagnostic {
        self.add_label(at, message);
        self
    }

    /// Adds a secondary label at `at`, in place.
    pub fn add_label(&mut self, at: Located, message: impl Into<String>) {
        self.labels.push(Label {
            line: at.at.line,
            column: at.at.column,
            span: at.span,
            message: message.into(),
        });
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The one-line form `file:line:column: severity: message`.
    pub fn headline(&self, file: &str) -> String {
        format!(
            "{file}:{}:{}: {}: {}",
            self.line,
            self.column,
            self.severity.label(),
            self.message
        )
    }
}

/// Sorts diagnostics by position, errors before warnings at the same place.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.line, a.column, std::cmp::Reverse(a.severity), &a.message).cmp(&(
            b.line,
            b.column,
            std::cmp::Reverse(b.severity),
            &b.message,
        ))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let texts: BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(texts.len(), Code::ALL.len(), "two codes share a text");
        for t in texts {
            assert!(
                t.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{t} is not kebab-case"
            );
        }
    }
}
