//! Turns the bytes of a scenario file into a checked [`Scenario`], or every problem found in it.
//!
//! Step one guards against hostile input (size, binary, encoding), step two is
//! the serde parse (syntax, unknown and missing fields, types), step three is
//! [`crate::validate`], which checks meaning and reports all problems at once;
//! a file without errors then gets [`crate::lint`]'s warnings.

use crate::diagnostics::{self, Code, Diagnostic};
pub use crate::limits::{MAX_FILE_BYTES, MAX_NESTING};
use crate::locate::{Located, Position, SourceMap, Span};
use crate::model::ScenarioFile;
pub use crate::scenario::{ItemIx, Scenario};
use crate::validate;

/// Why a file could not be loaded: every problem found, errors and warnings alike.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", first_error(.diagnostics))]
pub struct LoadError {
    /// The problems, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

fn first_error(diagnostics: &[Diagnostic]) -> String {
    match diagnostics.iter().find(|d| d.is_error()) {
        Some(d) => format!("{}:{}: {}", d.line, d.column, d.message),
        None => "invalid scenario".to_string(),
    }
}

/// A loaded scenario together with the warnings found in it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The scenario.
    pub scenario: Scenario,
    /// Warnings; never errors.
    pub warnings: Vec<Diagnostic>,
}

/// The UTF-8 byte order mark some editors write at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Loads a scenario from the bytes of a file (a leading UTF-8 byte order mark is allowed).
pub fn load(bytes: &[u8]) -> Result<Loaded, LoadError> {
    // The mark is read as three spaces: every byte offset, and so every place a
    // diagnostic points to in the file as the author has it, stays the same.
    let unmarked;
    let parsed: &[u8] = match bytes.strip_prefix(BOM) {
        Some(rest) => {
            unmarked = [b"   ".as_slice(), rest].concat();
            &unmarked
        }
        None => bytes,
    };
    check_and_load(parsed, bytes)
}

/// [`load`] of `bytes`; `original` is what the content hash covers.
fn check_and_load(bytes: &[u8], original: &[u8]) -> Result<Loaded, LoadError> {
    let fail = |d: Diagnostic| LoadError {
        diagnostics: vec![d],
    };
    if bytes.len() > MAX_FILE_BYTES {
        return Err(fail(
            Diagnostic::at_start(
                Code::FileTooLarge,
                format!("file is larger than the limit of {MAX_FILE_BYTES} bytes"),
            )
            .with_hint("a scenario is text; split very long texts or check this is the right file"),
        ));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(fail(
            Diagnostic::at_start(Code::FileEmpty, "file is empty")
                .with_hint("docs/scenario-format.md walks through writing a first scenario"),
        ));
    }
    if let Some(nul) = bytes.iter().position(|b| *b == 0) {
        let before = String::from_utf8_lossy(&bytes[..nul]);
        return Err(fail(
            Diagnostic::error(
                Code::BinaryFile,
                Located {
                    at: Position::of_offset(&before, before.len()),
                    span: Span::new(nul, nul + 1),
                },
                format!(
                    "file contains a NUL byte at offset {nul}; it looks binary, not a RON scenario"
                ),
            )
            .with_hint("a scenario is a UTF-8 text file in RON format"),
        ));
    }
    let source = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            return Err(fail(
                Diagnostic::error(
                    Code::NotUtf8,
                    Located {
                        at: Position::of_offset(valid, valid.len()),
                        span: Span::new(e.valid_up_to(), e.valid_up_to() + 1),
                    },
                    format!(
                        "file is not valid UTF-8 (byte 0x{:02x} at offset {})",
                        bytes[e.valid_up_to()],
                        e.valid_up_to()
                    ),
                )
                .with_hint("save the file as UTF-8 text"),
            ));
        }
    };
    let file = parse(source).map_err(fail)?;
    let map = SourceMap::scan(source);
    let mut found = validate::validate(&file, &map);
    diagnostics::sort(&mut found);
    if found.iter().any(Diagnostic::is_error) {
        return Err(LoadError { diagnostics: found });
    }
    let scenario = Scenario::index(file, original);
    // The model play is checked by playing it, which needs the indexed scenario.
    let mut more = validate::check_paths(&scenario, &map);
    diagnostics::sort(&mut more);
    if more.iter().any(Diagnostic::is_error) {
        found.extend(more);
        diagnostics::sort(&mut found);
        return Err(LoadError { diagnostics: found });
    }
    found.extend(more);
    // Lints only make sense on a scenario that is otherwise sound.
    found.extend(crate::lint::lint(&scenario, &map));
    diagnostics::sort(&mut found);
    Ok(Loaded {
        scenario,
        warnings: found,
    })
}

/// Parses RON into the raw form, turning a serde error into a positioned diagnostic.
fn parse(source: &str) -> Result<ScenarioFile, Diagnostic> {
    // Implicit `Some` lets authors write `catch_chance: 0.6` as well as `Some(0.6)`.
    let options = ron::Options::default()
        .with_recursion_limit(MAX_NESTING)
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let mut de = match ron::Deserializer::from_str_with_options(source, &options) {
        Ok(de) => de,
        Err(e) => return Err(spanned(e, source)),
    };
    let mut track = serde_path_to_error::Track::new();
    let result = {
        let tracked = serde_path_to_error::Deserializer::new(&mut de, &mut track);
        serde::Deserialize::deserialize(tracked)
    };
    match result {
        Ok(file) => match de.end() {
            Ok(()) => Ok(file),
            Err(e) => Err(spanned(de.span_error(e), source)),
        },
        Err(e) => {
            let path = track.path().to_string();
            let path = path.trim_start_matches('.');
            // Very deep paths are cut to their end, which is the part an author needs.
            let short;
            let path = if path.chars().count() > 60 {
                let tail: String = path.chars().skip(path.chars().count() - 60).collect();
                short = format!("…{tail}");
                short.as_str()
            } else {
                path
            };
            let spanned_error = de.span_error(e);
            let mut d = spanned(spanned_error.clone(), source);
            let place = |p: &str| {
                if p.is_empty() || p == "?" {
                    "at the top level".to_string()
                } else {
                    format!("in `{p}`")
                }
            };
            match &spanned_error.code {
                ron::Error::NoSuchStructField { found, .. } => {
                    let parent = path.rsplit_once('.').map(|(p, _)| p).unwrap_or("");
                    d.message = format!("unknown field `{found}` {}", place(parent));
                }
                ron::Error::MissingStructField { field, .. } => {
                    d.message = format!("missing field `{field}` {}", place(path));
                    // The path counts places; the id the author gave says which one.
                    if let Some(id) = enclosing_id(source, d.span.start)
                        && !(path.is_empty() || path == "?")
                    {
                        d.message = format!("{} (id `{id}`)", d.message);
                    }
                }
                ron::Error::DuplicateStructField { field, .. } => {
                    let parent = path.rsplit_once('.').map(|(p, _)| p).unwrap_or("");
                    d.message = format!("field `{field}` appears twice {}", place(parent));
                }
                _ if !path.is_empty() && path != "?" => {
                    d.message = format!("{} (at `{path}`)", d.message);
                }
                _ => {}
            }
            let before = source[..d.span.start.min(source.len())].trim_end();
            if before.ends_with("Some(") && !before.ends_with("Some((") {
                d.hint = Some(
                    "a structure inside `Some` keeps its own brackets: `Some((text: \"…\", newsworthiness: 1))`, with two"
                        .to_string(),
                );
            }
            Err(d)
        }
    }
}

fn spanned(e: ron::error::SpannedError, source: &str) -> Diagnostic {
    let mut at = Position {
        line: e.span.start.line.max(1),
        column: e.span.start.col.max(1),
    };
    let end = Position {
        line: e.span.end.line.max(1),
        column: e.span.end.col.max(1),
    };
    let mut start = at.offset_in(source);
    // The parser can stop on the blank before a value; point at the value itself.
    let blank = source[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .count();
    if blank > 0
        && source[start + blank..]
            .chars()
            .next()
            .is_some_and(|c| c != '\n' && c != '\r')
    {
        start += blank;
        at.column += blank;
    }
    // An error at one point gets the character there, so a snippet can underline it.
    let end = end
        .offset_in(source)
        .max(start + source[start..].chars().next().map_or(0, char::len_utf8));
    let (code, message, hint) = describe(&e.code);
    let d = Diagnostic::error(
        code,
        Located {
            at,
            span: Span::new(start, end),
        },
        message,
    );
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// The `id: "…"` of the structure whose closing bracket is at `close`, if it has one.
///
/// Finds the structure's opening bracket, minding strings and nested
/// brackets, and reads the `id` at its own level: a missing-field error
/// points at the end.
fn enclosing_id(source: &str, close: usize) -> Option<String> {
    if source.as_bytes().get(close) != Some(&b')') {
        return None;
    }
    // Counted from the start: strings make a backward scan unsafe.
    let mut stack: Vec<usize> = Vec::new();
    let mut open = None;
    for (i, b) in outside_strings(&source[..=close]) {
        match b {
            b'(' | b'[' | b'{' => stack.push(i),
            b')' | b']' | b'}' => {
                let o = stack.pop();
                if i == close {
                    open = o;
                }
            }
            _ => {}
        }
    }
    let body = &source[open? + 1..close];
    // `id:` at the structure's own level: no brackets open before it.
    let mut depth = 0i32;
    for (i, b) in outside_strings(body) {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            b'i' if depth == 0 && body[i..].starts_with("id") => {
                let before_ok = i == 0
                    || !body.as_bytes()[i - 1].is_ascii_alphanumeric()
                        && body.as_bytes()[i - 1] != b'_';
                let rest = body[i + 2..].trim_start();
                if before_ok && let Some(rest) = rest.strip_prefix(':') {
                    let rest = rest.trim_start().strip_prefix('"')?;
                    let end = rest.find('"')?;
                    return Some(rest[..end].to_string());
                }
            }
            _ => {}
        }
    }
    None
}

/// The bytes of `text` that are not inside a string literal (nor its quotes), with their offsets.
fn outside_strings(text: &str) -> impl Iterator<Item = (usize, u8)> + '_ {
    let mut in_string = false;
    let mut escaped = false;
    text.bytes().enumerate().filter(move |&(_, b)| {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            false
        } else if b == b'"' {
            in_string = true;
            false
        } else {
            true
        }
    })
}

/// Words a ron error for an author, with its code and a hint where one helps.
fn describe(error: &ron::Error) -> (Code, String, Option<String>) {
    let (message, hint) = words(error);
    (code_of(error), message, hint)
}

/// The stable code of a ron error.
fn code_of(error: &ron::Error) -> Code {
    use ron::Error as E;
    match error {
        E::NoSuchStructField { .. } => Code::UnknownField,
        E::MissingStructField { .. } => Code::MissingField,
        E::DuplicateStructField { .. } => Code::DuplicateField,
        E::NoSuchEnumVariant { .. } => Code::UnknownVariant,
        E::ExceededRecursionLimit => Code::TooDeep,
        E::ExpectedBoolean
        | E::ExpectedChar
        | E::ExpectedFloat
        | E::ExpectedInteger
        | E::ExpectedOption
        | E::ExpectedString
        | E::ExpectedUnit
        | E::ExpectedArray
        | E::ExpectedMap
        | E::ExpectedStructLike
        | E::ExpectedNamedStructLike(_)
        | E::ExpectedByteString
        | E::ExpectedByteLiteral
        | E::ExpectedIdentifier
        | E::InvalidValueForType { .. }
        | E::IntegerOutOfBounds
        | E::ExpectedDifferentLength { .. } => Code::WrongType,
        _ => Code::Syntax,
    }
}

/// An author's words for a ron error, and a hint where one helps.
fn words(code: &ron::Error) -> (String, Option<String>) {
    use ron::Error as E;
    match code {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            format!(
                "unknown field `{found}`{}",
                outer
                    .as_ref()
                    .map(|o| format!(" in {o}"))
                    .unwrap_or_default()
            ),
            Some(format!(
                "expected one of: {}",
                expected
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        ),
        E::MissingStructField { field, outer } => (
            format!(
                "missing field `{field}`{}",
                outer
                    .as_ref()
                    .map(|o| format!(" in {o}"))
                    .unwrap_or_default()
            ),
            Some(format!("add `{field}: …` to this value")),
        ),
        E::DuplicateStructField { field, outer } => (
            format!(
                "field `{field}` appears twice{}",
                outer
                    .as_ref()
                    .map(|o| format!(" in {o}"))
                    .unwrap_or_default()
            ),
            None,
        ),
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => (
            format!(
                "unknown variant `{found}`{}",
                outer
                    .as_ref()
                    .map(|o| format!(" of {o}"))
                    .unwrap_or_default()
            ),
            Some(format!(
                "expected one of: {}",
                expected
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        ),
        E::ExceededRecursionLimit => (
            format!("values are nested more than {MAX_NESTING} levels deep"),
            Some("a scenario never needs this much nesting; check for unbalanced brackets".into()),
        ),
        E::ExpectedComma => (
            "expected a comma".into(),
            Some("a `,` is missing between two values here, or a string before this point is not closed".into()),
        ),
        E::Eof => (
            "the file ends in the middle of a value".into(),
            Some("check for a missing `)` or `]`".into()),
        ),
        E::ExpectedStringEnd => ("a string is not closed".into(), Some("add the closing `\"`".into())),
        E::TrailingCharacters => (
            "unexpected text after the end of the scenario".into(),
            Some("the whole scenario is one `( … )`; check for an extra `)`".into()),
        ),
        other => (lowercase_first(&other.to_string()), None),
    }
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
