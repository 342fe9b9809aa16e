//! A fuzz test of the loader and validator: mutated scenarios and random bytes, within a fixed budget of cases, must give a result or diagnostics — never a panic, a hang or unbounded memory.
//!
//! Mutations start from real scenarios (so most inputs get far into the
//! parser and the validator, not just its first byte) and apply edits an
//! author's slip or a hostile file could make: cut, duplicate, flip, or put
//! in a token from RON's grammar or the format's own words. The number of
//! cases is `PRESSCHECK_FUZZ_CASES` (default 2,000 per test), with a fixed seed, so CI
//! runs the same inputs every time; set a larger number to search longer.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Counts live heap bytes, so a case that takes unbounded memory is caught.
// A global allocator is unsafe to implement by definition; this one only forwards to the system's.
#[allow(unsafe_code)]
mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicUsize, Ordering};

    pub static LIVE: AtomicUsize = AtomicUsize::new(0);
    pub static PEAK: AtomicUsize = AtomicUsize::new(0);

    pub struct Counting;

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // SAFETY: the layout is passed on to the system allocator unchanged.
            let p = unsafe { System.alloc(layout) };
            if !p.is_null() {
                let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            }
            p
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: `ptr` came from `alloc` with this layout.
            unsafe { System.dealloc(ptr, layout) };
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
    }

    #[global_allocator]
    static ALLOCATOR: Counting = Counting;
}

use counting::{LIVE, PEAK};

/// Most heap one case may use above what was live before it.
const MAX_CASE_BYTES: usize = 512 * 1024 * 1024;

/// Longest one case may take (a debug build; a hang would exceed it by far).
const MAX_CASE_TIME: Duration = Duration::from_secs(30);

fn sources() -> Vec<Vec<u8>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    [
        "tests/fixtures/valid/minimal.ron",
        "scenarios/unapproved-interview.ron",
        "scenarios/cd-of-materials.ron",
    ]
    .iter()
    .map(|p| std::fs::read(root.join(p)).unwrap())
    .collect()
}

/// Tokens of RON and of the format, and values at the edges.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "'",
    "\\",
    "//",
    "/*",
    "*/",
    "r#\"",
    "\"#",
    "Some(",
    "Some((",
    "None",
    "true",
    "false",
    "0",
    "-1",
    "1e309",
    "-0.0",
    "NaN",
    "inf",
    "99999999999999999999999",
    "0.0000000000001",
    "\u{feff}",
    "\u{0}",
    "é",
    "🙂",
    "\n",
    "id: \"x\"",
    "next: \"",
    "requires: ",
    "effects: [Publish]",
    "effects: [Hold]",
    "effects: [Review]",
    "Include([\"",
    "Redact([\"",
    "Generalise([\"",
    "hours: ",
    "follows: 50",
    "self_media: 999990",
    "hours: 720",
    "model_play: [",
];

#[derive(Debug, Clone)]
enum Edit {
    Cut {
        at: usize,
        len: usize,
    },
    Duplicate {
        at: usize,
        len: usize,
        to: usize,
    },
    Flip {
        at: usize,
        byte: u8,
    },
    Insert {
        at: usize,
        token: usize,
        times: usize,
    },
    /// Whole lines: what an author's careless edit does most.
    DeleteLine {
        line: usize,
    },
    CopyLine {
        line: usize,
        to: usize,
    },
    SwapLines {
        a: usize,
        b: usize,
    },
    /// The text of the k-th string becomes the text of another string of the file, or an edge case.
    ReplaceString {
        k: usize,
        with: usize,
    },
    /// The k-th number becomes another.
    ReplaceNumber {
        k: usize,
        with: usize,
    },
}

/// Numbers at and beyond the format's edges.
const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "0.5",
    "1.0",
    "2",
    "12",
    "24",
    "25",
    "999",
    "1000000",
    "4294967296",
    "-0.0",
    "1e-9",
    "1e12",
    "50",
    "51",
    "1000000",
    "720",
    "721",
];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        1 => (any::<usize>(), 1usize..200).prop_map(|(at, len)| Edit::Cut { at, len }),
        1 => (any::<usize>(), 1usize..400, any::<usize>())
            .prop_map(|(at, len, to)| Edit::Duplicate { at, len, to }),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Edit::Flip { at, byte }),
        1 => (any::<usize>(), 0..TOKENS.len(), 1usize..50)
            .prop_map(|(at, token, times)| Edit::Insert { at, token, times }),
        3 => any::<usize>().prop_map(|line| Edit::DeleteLine { line }),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(line, to)| Edit::CopyLine { line, to }),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines { a, b }),
        4 => (any::<usize>(), any::<usize>()).prop_map(|(k, with)| Edit::ReplaceString { k, with }),
        4 => (any::<usize>(), 0..NUMBERS.len()).prop_map(|(k, with)| Edit::ReplaceNumber { k, with }),
    ]
}

/// Byte ranges of the contents of every `"…"` string (no escapes inside, which is enough here).
fn strings(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open = None;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'"' {
            match open.take() {
                None => open = Some(i + 1),
                Some(start) => out.push((start, i)),
            }
        } else if b == b'\\' || b == b'\n' {
            open = None;
        }
    }
    out
}

/// Byte ranges of number literals outside strings.
fn numbers(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'"' {
            in_string = !in_string;
        } else if !in_string
            && b.is_ascii_digit()
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_'))
        {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            out.push((start, i));
            continue;
        }
        i += 1;
    }
    out
}

fn line_ranges(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < bytes.len() {
        out.push((start, bytes.len()));
    }
    out
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let n = bytes.len().max(1);
        match *e {
            Edit::Cut { at, len } => {
                let at = at % n;
                let end = (at + len).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            Edit::Duplicate { at, len, to } => {
                let at = at % n;
                let end = (at + len).min(bytes.len());
                let piece = bytes.get(at..end).unwrap_or_default().to_vec();
                let to = to % (bytes.len() + 1);
                bytes.splice(to..to, piece);
            }
            Edit::Flip { at, byte } => {
                if let Some(b) = bytes.get_mut(at % n) {
                    *b = byte;
                }
            }
            Edit::Insert { at, token, times } => {
                let at = at % (bytes.len() + 1);
                let t = TOKENS[token].repeat(times);
                bytes.splice(at..at, t.into_bytes());
            }
            Edit::DeleteLine { line } => {
                let lines = line_ranges(&bytes);
                if !lines.is_empty() {
                    let (a, b) = lines[line % lines.len()];
                    bytes.drain(a..b);
                }
            }
            Edit::CopyLine { line, to } => {
                let lines = line_ranges(&bytes);
                if !lines.is_empty() {
                    let (a, b) = lines[line % lines.len()];
                    let piece = bytes[a..b].to_vec();
                    let at = lines[to % lines.len()].0;
                    bytes.splice(at..at, piece);
                }
            }
            Edit::SwapLines { a, b } => {
                let lines = line_ranges(&bytes);
                if lines.len() >= 2 {
                    let (x, y) = (lines[a % lines.len()], lines[b % lines.len()]);
                    let (first, second) = if x.0 <= y.0 { (x, y) } else { (y, x) };
                    if first.1 <= second.0 {
                        let mut out = bytes[..first.0].to_vec();
                        out.extend_from_slice(&bytes[second.0..second.1]);
                        out.extend_from_slice(&bytes[first.1..second.0]);
                        out.extend_from_slice(&bytes[first.0..first.1]);
                        out.extend_from_slice(&bytes[second.1..]);
                        bytes = out;
                    }
                }
            }
            Edit::ReplaceString { k, with } => {
                let found = strings(&bytes);
                if !found.is_empty() {
                    let (a, b) = found[k % found.len()];
                    let (c, d) = found[with % found.len()];
                    let text = match with % 7 {
                        0 => Vec::new(),
                        1 => b"x".repeat(5000),
                        _ => bytes[c..d].to_vec(),
                    };
                    bytes.splice(a..b, text);
                }
            }
            Edit::ReplaceNumber { k, with } => {
                let found = numbers(&bytes);
                if !found.is_empty() {
                    let (a, b) = found[k % found.len()];
                    bytes.splice(a..b, NUMBERS[with].bytes());
                }
            }
        }
    }
    bytes
}

/// Cases that got past the parser into the meaning checks, or loaded: the fuzzing reaches the validator.
static DEEP: AtomicUsize = AtomicUsize::new(0);

/// Problems the parser reports; anything else comes from the meaning checks.
const PARSE_CODES: &[&str] = &[
    "file-empty",
    "binary-file",
    "not-utf8",
    "unreadable",
    "syntax",
    "too-deep",
    "unknown-field",
    "missing-field",
    "duplicate-field",
    "unknown-variant",
    "wrong-type",
    "file-too-large",
];

/// Loads `bytes` on another thread, within the time and memory bounds.
fn load_bounded(bytes: Vec<u8>) -> Result<(), TestCaseError> {
    // One case at a time across the tests, so the heap counts are this case's.
    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let (tx, rx) = std::sync::mpsc::channel();
    let input = bytes.clone();
    std::thread::spawn(move || {
        let outcome = std::panic::catch_unwind(|| match presscheck_engine::load(&input) {
            Ok(_) => {
                DEEP.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => {
                // Every refusal says something, at a place in the file.
                assert!(!e.diagnostics.is_empty());
                assert!(e.diagnostics.iter().all(|d| d.line >= 1 && d.column >= 1));
                if e.diagnostics
                    .iter()
                    .any(|d| !PARSE_CODES.contains(&d.code.as_str()))
                {
                    DEEP.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
        let _ = tx.send(outcome.is_ok());
    });
    match rx.recv_timeout(MAX_CASE_TIME) {
        Ok(true) => {}
        Ok(false) => {
            return Err(TestCaseError::fail(format!(
                "the loader panicked on {} bytes: {:?}",
                bytes.len(),
                String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
            )));
        }
        Err(_) => {
            return Err(TestCaseError::fail(format!(
                "the loader took more than {MAX_CASE_TIME:?} on {} bytes",
                bytes.len()
            )));
        }
    }
    let used = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    prop_assert!(used < MAX_CASE_BYTES, "{used} bytes of heap for one file");
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PRESSCHECK_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000)
}

fn runner() -> TestRunner {
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    };
    // A fixed seed: CI runs the same inputs every time.
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]))
}

#[test]
fn mutated_scenarios_never_panic_hang_or_grow_without_bound() {
    let sources = sources();
    let n = sources.len();
    let strategy = (0..n, prop::collection::vec(edit(), 1..4));
    let before = DEEP.load(Ordering::Relaxed);
    runner()
        .run(&strategy, |(which, edits)| {
            load_bounded(apply(sources[which].clone(), &edits))
        })
        .unwrap();
    // A fuzzer that only ever trips the parser tests little: most mutations must reach the meaning checks.
    let deep = DEEP.load(Ordering::Relaxed) - before;
    assert!(
        deep * 10 >= cases() as usize,
        "only {deep} of {} mutated files got past the parser",
        cases()
    );
}

#[test]
fn random_bytes_never_panic_hang_or_grow_without_bound() {
    runner()
        .run(&prop::collection::vec(any::<u8>(), 0..4096), load_bounded)
        .unwrap();
}
