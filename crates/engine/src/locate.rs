//! Maps field paths such as `stages[2].choices[0].next` to their line, column and byte span in RON source.
//!
//! serde gives us values without positions, so after a successful parse this
//! small scanner walks the text once and remembers where every value starts
//! and ends.
//! It never recurses (an explicit stack, capped in depth), so hostile input
//! cannot overflow the stack or make it hang.

use std::collections::HashMap;

/// A 1-based line and column (column counted in characters, as `ron` does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl Position {
    /// The start of a file.
    pub const START: Position = Position { line: 1, column: 1 };

    /// The position of byte offset `offset` in `source`.
    pub fn of_offset(source: &str, offset: usize) -> Position {
        let offset = offset.min(source.len());
        let mut line = 1;
        let mut column = 1;
        for (i, c) in source.char_indices() {
            if i >= offset {
                break;
            }
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        Position { line, column }
    }

    /// The byte offset of this position in `source`, or the end of the text if it lies beyond.
    pub fn offset_in(self, source: &str) -> usize {
        let mut line = 1;
        let mut column = 1;
        for (i, c) in source.char_indices() {
            if line == self.line && column >= self.column || line > self.line {
                return i;
            }
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        source.len()
    }
}

/// A range of bytes in a source file: `start..end`, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The span from `start` to `end`, never backwards.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }
}

/// Where one value is: its first character's line and column, and its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Located {
    /// Line and column of its start.
    pub at: Position,
    /// Its bytes, from its first character to just after its last.
    pub span: Span,
}

/// Positions of values and field names in a RON document, by path.
#[derive(Debug, Default)]
pub struct SourceMap {
    values: HashMap<String, Located>,
}

/// Deepest nesting the scanner follows; far beyond any real scenario.
const MAX_DEPTH: usize = 256;

#[derive(Debug)]
enum Frame {
    /// `( … )` after an identifier or bare: fields by name or position.
    Paren {
        base: String,
        index: usize,
        transparent: bool,
        start: usize,
    },
    /// `[ … ]`.
    List {
        base: String,
        index: usize,
        start: usize,
    },
    /// `{ … }`.
    Map {
        base: String,
        index: usize,
        in_value: bool,
        start: usize,
    },
}

impl SourceMap {
    /// Scans `source`; never fails, skipping what it does not understand.
    pub fn scan(source: &str) -> SourceMap {
        let mut scanner = Scanner {
            src: source.as_bytes(),
            text: source,
            pos: 0,
            line: 1,
            column: 1,
        };
        let mut map = SourceMap::default();
        let mut stack: Vec<Frame> = Vec::new();
        // The path for the next value, if a value is expected.
        let mut pending: Option<String> = Some(String::new());
        loop {
            scanner.skip_trivia();
            let Some(c) = scanner.peek() else { break };
            if let Some(path) = pending.take() {
                // Start of a value.
                let at = scanner.position();
                let start = scanner.pos;
                // The innermost start wins, so `Some("x")` points at `"x"`.
                map.values.insert(
                    path.clone(),
                    Located {
                        at,
                        span: Span::new(start, start),
                    },
                );
                match c {
                    b'(' => {
                        scanner.bump();
                        if stack.len() < MAX_DEPTH {
                            stack.push(Frame::Paren {
                                base: path,
                                index: 0,
                                transparent: false,
                                start,
                            });
                            pending = element_path(&mut scanner, &mut stack, &mut map);
                        }
                    }
                    b'[' => {
                        scanner.bump();
                        if stack.len() < MAX_DEPTH {
                            let element = format!("{path}[0]");
                            stack.push(Frame::List {
                                base: path,
                                index: 0,
                                start,
                            });
                            pending = Some(element);
                        }
                    }
                    b'{' => {
                        scanner.bump();
                        if stack.len() < MAX_DEPTH {
                            let element = format!("{path}{{0}}");
                            stack.push(Frame::Map {
                                base: path,
                                index: 0,
                                in_value: false,
                                start,
                            });
                            pending = Some(element);
                        }
                    }
                    b'"' => {
                        scanner.skip_string();
                        map.end_scalar(&path, start, scanner.pos);
                    }
                    b'\'' => {
                        scanner.skip_char_literal();
                        map.end_scalar(&path, start, scanner.pos);
                    }
                    c if c == b'r' && matches!(scanner.peek_at(1), Some(b'"') | Some(b'#')) => {
                        scanner.skip_raw_string();
                        map.end_scalar(&path, start, scanner.pos);
                    }
                    c if c == b'b' && scanner.peek_at(1) == Some(b'"') => {
                        scanner.bump();
                        scanner.skip_string();
                        map.end_scalar(&path, start, scanner.pos);
                    }
                    c if is_ident_start(c) => {
                        let ident = scanner.ident();
                        let ident_end = scanner.pos;
                        map.end_scalar(&path, start, ident_end);
                        scanner.skip_trivia();
                        if scanner.peek() == Some(b'(') && stack.len() < MAX_DEPTH {
                            scanner.bump();
                            stack.push(Frame::Paren {
                                base: path,
                                index: 0,
                                transparent: ident == "Some",
                                start,
                            });
                            pending = element_path(&mut scanner, &mut stack, &mut map);
                        }
                    }
                    _ => {
                        // A number or anything else scalar: consume until a delimiter.
                        while let Some(c) = scanner.peek() {
                            if matches!(c, b',' | b')' | b']' | b'}' | b':')
                                || c.is_ascii_whitespace()
                            {
                                break;
                            }
                            scanner.bump();
                        }
                        map.end_scalar(&path, start, scanner.pos);
                    }
                }
                if pending.is_none() && scanner.peek().is_none() {
                    break;
                }
                continue;
            }
            // Between values: a separator or a closing bracket.
            match c {
                b',' => {
                    scanner.bump();
                    pending = match stack.last_mut() {
                        Some(Frame::Paren { index, .. }) => {
                            *index += 1;
                            element_path(&mut scanner, &mut stack, &mut map)
                        }
                        Some(Frame::List { base, index, .. }) => {
                            *index += 1;
                            Some(format!("{base}[{index}]"))
                        }
                        Some(Frame::Map {
                            base,
                            index,
                            in_value,
                            ..
                        }) => {
                            *index += 1;
                            *in_value = false;
                            Some(format!("{base}{{{index}}}"))
                        }
                        None => None,
                    };
                }
                b':' => {
                    scanner.bump();
                    if let Some(Frame::Map {
                        base,
                        index,
                        in_value,
                        ..
                    }) = stack.last_mut()
                    {
                        *in_value = true;
                        pending = Some(format!("{base}[{index}]"));
                    }
                }
                b')' | b']' | b'}' => {
                    scanner.bump();
                    if let Some(frame) = stack.pop() {
                        let (base, start) = match frame {
                            Frame::Paren { base, start, .. }
                            | Frame::List { base, start, .. }
                            | Frame::Map { base, start, .. } => (base, start),
                        };
                        map.end_group(&base, start, scanner.pos);
                    }
                }
                _ => {
                    // Something unexpected (the parser already reported it): step over it.
                    scanner.bump();
                }
            }
        }
        map
    }

    /// A scalar value (text, number, bare word) ends at `end`.
    fn end_scalar(&mut self, path: &str, start: usize, end: usize) {
        if let Some(v) = self.values.get_mut(path)
            && v.span.start == start
        {
            v.span.end = end;
        }
    }

    /// A bracketed value that started at `start` ends at `end`; an inner value that
    /// shares its path (the `"x"` of `Some("x")`) keeps its own, smaller span.
    fn end_group(&mut self, path: &str, start: usize, end: usize) {
        if let Some(v) = self.values.get_mut(path)
            && (v.span.start == start || v.span.end <= v.span.start)
        {
            v.span.end = end;
        }
    }

    /// Where the value at `path` starts, if it is in the file.
    pub fn get(&self, path: &str) -> Option<Position> {
        self.values.get(path).map(|v| v.at)
    }

    /// Where the value at `path` starts, or failing that its nearest enclosing value.
    pub fn nearest(&self, path: &str) -> Position {
        self.locate(path).at
    }

    /// The value at `path`, or failing that its nearest enclosing value: its start and its bytes.
    pub fn locate(&self, path: &str) -> Located {
        let mut p = path;
        loop {
            if let Some(v) = self.values.get(p) {
                return *v;
            }
            match p.rfind(['.', '[', '{']) {
                Some(cut) => p = &p[..cut],
                None => {
                    return self.values.get("").copied().unwrap_or(Located {
                        at: Position::START,
                        span: Span::default(),
                    });
                }
            }
        }
    }
}

/// Works out the path of the next element in a paren group, after `(` or `,`.
fn element_path(
    scanner: &mut Scanner<'_>,
    stack: &mut [Frame],
    map: &mut SourceMap,
) -> Option<String> {
    scanner.skip_trivia();
    if scanner.peek() == Some(b')') {
        return None;
    }
    let Some(Frame::Paren {
        base,
        index,
        transparent,
        ..
    }) = stack.last()
    else {
        return None;
    };
    if *transparent {
        return Some(base.clone());
    }
    // A named field is an identifier followed by a single `:`.
    if let Some(c) = scanner.peek()
        && is_ident_start(c)
    {
        let save = scanner.save();
        let at = scanner.position();
        let name = scanner.ident();
        scanner.skip_trivia();
        if scanner.peek() == Some(b':') && scanner.peek_at(1) != Some(b':') {
            scanner.bump();
            let path = if base.is_empty() {
                name.to_string()
            } else {
                format!("{base}.{name}")
            };
            let key_start = save.0;
            map.values.entry(format!("{path}#key")).or_insert(Located {
                at,
                span: Span::new(key_start, key_start + name.len()),
            });
            return Some(path);
        }
        scanner.restore(save);
    }
    Some(format!("{base}.{index}"))
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_ident_continue(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

struct Scanner<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    line: usize,
    column: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.src.get(self.pos + ahead).copied()
    }

    fn position(&self) -> Position {
        Position {
            line: self.line,
            column: self.column,
        }
    }

    fn save(&self) -> (usize, usize, usize) {
        (self.pos, self.line, self.column)
    }

    fn restore(&mut self, saved: (usize, usize, usize)) {
        (self.pos, self.line, self.column) = saved;
    }

    /// Advances one character (not one byte), keeping line and column.
    fn bump(&mut self) {
        let Some(c) = self.text[self.pos..].chars().next() else {
            return;
        };
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
    }

    fn skip_trivia(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_whitespace() => self.bump(),
                Some(b'/') if self.peek_at(1) == Some(b'/') => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' {
                            break;
                        }
                        self.bump();
                    }
                }
                Some(b'/') if self.peek_at(1) == Some(b'*') => {
                    self.bump();
                    self.bump();
                    let mut depth = 1usize;
                    while depth > 0 {
                        match self.peek() {
                            None => return,
                            Some(b'*') if self.peek_at(1) == Some(b'/') => {
                                self.bump();
                                self.bump();
                                depth -= 1;
                            }
                            Some(b'/') if self.peek_at(1) == Some(b'*') => {
                                self.bump();
                                self.bump();
                                depth += 1;
                            }
                            Some(_) => self.bump(),
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn ident(&mut self) -> &'a str {
        let start = self.pos;
        if self.peek() == Some(b'r') && self.peek_at(1) == Some(b'#') {
            self.bump();
            self.bump();
        }
        while let Some(c) = self.peek() {
            if !is_ident_continue(c) {
                break;
            }
            self.bump();
        }
        &self.text[start..self.pos]
    }

    fn skip_string(&mut self) {
        self.bump(); // opening quote
        while let Some(c) = self.peek() {
            match c {
                b'\\' => {
                    self.bump();
                    self.bump();
                }
                b'"' => {
                    self.bump();
                    return;
                }
                _ => self.bump(),
            }
        }
    }

    fn skip_char_literal(&mut self) {
        self.bump();
        while let Some(c) = self.peek() {
            match c {
                b'\\' => {
                    self.bump();
                    self.bump();
                }
                b'\'' => {
                    self.bump();
                    return;
                }
                b'\n' => return,
                _ => self.bump(),
            }
        }
    }

    fn skip_raw_string(&mut self) {
        self.bump(); // r
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.bump();
        }
        if self.peek() != Some(b'"') {
            return;
        }
        self.bump();
        while let Some(c) = self.peek() {
            self.bump();
            if c == b'"' {
                let mut n = 0;
                while n < hashes && self.peek() == Some(b'#') {
                    n += 1;
                    self.bump();
                }
                if n == hashes {
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_fields_list_elements_and_variants() {
        let src = "(\n  id: \"x\",\n  stages: [\n    (id: \"a\", next: Some(\"b\")),\n    (id: \"b\", effects: [Include([\"i1\", \"i2\"])]),\n  ],\n)";
        let map = SourceMap::scan(src);
        assert_eq!(map.get("id"), Some(Position { line: 2, column: 7 }));
        assert_eq!(
            map.get("stages[0].next"),
            Some(Position {
                line: 4,
                column: 26
            })
        );
        assert_eq!(
            map.get("stages[1].effects[0].0[1]"),
            Some(Position {
                line: 5,
                column: 40
            })
        );
        assert_eq!(
            map.nearest("stages[1].missing"),
            map.get("stages[1]").unwrap()
        );
    }

    #[test]
    fn spans_cover_whole_values() {
        let src = "(\n  id: \"x\",\n  next: Some(\"b\"),\n  list: [1, 2],\n  effects: [Include([\"i1\"])],\n)";
        let map = SourceMap::scan(src);
        let text = |path: &str| {
            let span = map.locate(path).span;
            &src[span.start..span.end]
        };
        assert_eq!(text("id"), "\"x\"");
        assert_eq!(text("next"), "\"b\"");
        assert_eq!(text("list"), "[1, 2]");
        assert_eq!(text("list[1]"), "2");
        assert_eq!(text("effects[0]"), "Include([\"i1\"])");
        assert_eq!(text("id#key"), "id");
        assert_eq!(text(""), src);
        for (line, column, offset) in [(1, 1, 0), (2, 3, 4), (2, 7, 8)] {
            assert_eq!(Position { line, column }.offset_in(src), offset);
        }
    }

    #[test]
    fn survives_hostile_input() {
        let deep = "[".repeat(100_000);
        let map = SourceMap::scan(&deep);
        assert!(map.get("").is_some());
        let _ = SourceMap::scan("\"unterminated");
        let _ = SourceMap::scan("r##\"raw");
        let _ = SourceMap::scan("/* /* never closed");
        let _ = SourceMap::scan(")))]]]}}},,,::");
    }

    #[test]
    fn comments_and_raw_strings_do_not_confuse_paths() {
        let src = "( // a: 1\n a: r#\"x, y: (\"#, /* b: 2 */ b: 'c', c: 3 )";
        let map = SourceMap::scan(src);
        assert_eq!(map.get("a"), Some(Position { line: 2, column: 5 }));
        assert!(map.get("b").is_some());
        assert!(map.get("c").is_some());
        assert!(map.get("y").is_none());
    }
}
