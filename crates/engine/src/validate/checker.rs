//! The checker every family of checks writes to: diagnostics placed by field path, and the small checks shared by all.

use crate::diagnostics::{Code, Diagnostic};
use crate::limits::{MAX_TEXT, valid_id};
use crate::locate::{Located, SourceMap};

/// Collects diagnostics, each placed at the value a field path names.
pub(crate) struct Checker<'a> {
    pub(crate) map: &'a SourceMap,
    pub(crate) out: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(map: &'a SourceMap) -> Checker<'a> {
        Checker {
            map,
            out: Vec::new(),
        }
    }

    /// Where the value at `path` is, or its nearest enclosing value.
    pub(crate) fn at(&self, path: &str) -> Located {
        self.map.locate(path)
    }

    pub(crate) fn error(
        &mut self,
        code: Code,
        path: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let at = self.at(path);
        self.out.push(Diagnostic::error(code, at, message));
        self.out.last_mut().expect("just pushed")
    }

    pub(crate) fn warning(
        &mut self,
        code: Code,
        path: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let at = self.at(path);
        self.out.push(Diagnostic::warning(code, at, message));
        self.out.last_mut().expect("just pushed")
    }

    pub(crate) fn hint(d: &mut Diagnostic, hint: impl Into<String>) {
        d.hint = Some(hint.into());
    }

    /// A text field: present when `required`, and not longer than the limit.
    pub(crate) fn text(&mut self, path: &str, value: &str, required: bool) {
        if required && value.trim().is_empty() {
            let d = self.error(
                Code::EmptyText,
                path,
                format!("`{}` is empty", last_segment(path)),
            );
            Self::hint(d, "write the text the player will read");
        }
        let n = value.chars().count();
        if n > MAX_TEXT {
            let d = self.error(
                Code::TextTooLong,
                path,
                format!("text is {n} characters long, more than the limit of {MAX_TEXT}"),
            );
            Self::hint(d, "split it, or move detail into the debrief explanation");
        }
    }

    pub(crate) fn id(&mut self, path: &str, value: &str) {
        if !valid_id(value) {
            let d = self.error(
                Code::InvalidId,
                path,
                format!("id `{value}` is not a valid id"),
            );
            Self::hint(
                d,
                "use 1 to 64 lower-case letters, digits and `-`, for example `leaked-memo`",
            );
        }
    }

    /// A chance or share: a number from 0 to 1.
    pub(crate) fn fraction(&mut self, path: &str, value: f64) {
        if !(0.0..=1.0).contains(&value) || value.is_nan() {
            let d = self.error(
                Code::OutOfRange,
                path,
                format!("`{}` is {value}, outside 0 to 1", last_segment(path)),
            );
            Self::hint(
                d,
                "a chance or share is written as a number from 0.0 to 1.0",
            );
        }
    }

    pub(crate) fn list_len(&mut self, path: &str, len: usize, max: usize) {
        if len > max {
            self.error(
                Code::OverLimit,
                path,
                format!(
                    "`{}` has {len} entries, more than the limit of {max}",
                    last_segment(path)
                ),
            );
        }
    }

    /// `line:column` of the value at `path`, for messages that point at a second place.
    pub(crate) fn position_text(&self, path: &str) -> String {
        let p = self.map.nearest(path);
        format!("{}:{}", p.line, p.column)
    }
}

/// The field name at the end of a path: `hours` of `stages[1].choices[0].hours`.
fn last_segment(path: &str) -> &str {
    let cut = path.rfind('.').map(|i| i + 1).unwrap_or(0);
    let seg = &path[cut..];
    seg.split('[').next().unwrap_or(seg)
}
