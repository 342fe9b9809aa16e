//! Problems found in a scenario file, each tied to a line and column, and their rendering.

use crate::locate::Position;
use serde::Serialize;
use std::fmt::Write as _;

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

/// One problem in a scenario file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where in the file.
    pub line: usize,
    /// Column in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it, where a hint helps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `at`.
    pub fn error(at: Position, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            line: at.line,
            column: at.column,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at `at`.
    pub fn warning(at: Position, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(at, message)
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
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

    /// The headline, the offending source line with a caret under the column, and the hint.
    pub fn render(&self, file: &str, source: Option<&str>) -> String {
        let mut out = self.headline(file);
        if let Some(text) = source.and_then(|s| s.lines().nth(self.line.saturating_sub(1))) {
            // Long or control-laden lines are shortened so the report stays readable.
            let shown: String = text
                .chars()
                .take(160)
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            let caret = " ".repeat(self.column.saturating_sub(1).min(160));
            let _ = write!(out, "\n {pad} |\n {gutter} | {shown}\n {pad} | {caret}^");
        }
        if let Some(hint) = &self.hint {
            let _ = write!(out, "\n  hint: {hint}");
        }
        out
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
