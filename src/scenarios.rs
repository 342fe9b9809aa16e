//! Where scenarios come from — a folder, or the three shipped ones built into the binary — and how their files are read and loaded.
//!
//! The folder is, in order: the one given with `--scenarios`, else
//! `$PRESSCHECK_SCENARIOS`, else `./scenarios` in the current folder when
//! there is one. With none of these, the shipped scenarios built into the
//! binary are offered, so an installed `presscheck` works from anywhere. A
//! scenario named by id is looked for in the folder first, then among the
//! built-in ones. Both front ends read scenarios only through this module.

use presscheck_engine::diagnostics::{Code, Diagnostic};
use presscheck_engine::limits::MAX_FILE_BYTES;
use presscheck_engine::{Scenario, load};
use presscheck_records::files::{Depth, ReadError, Walk, read_regular, walk};
use std::path::{Path, PathBuf};

/// The environment variable naming the scenarios folder.
pub const ENV: &str = "PRESSCHECK_SCENARIOS";

/// The folder looked for in the current folder.
pub const LOCAL_FOLDER: &str = "scenarios";

/// The shipped scenarios, compiled into the binary: file name and bytes.
pub const BUILT_IN: &[(&str, &[u8])] = &[
    (
        "cd-of-materials.ron",
        include_bytes!("../scenarios/cd-of-materials.ron"),
    ),
    (
        "inspection-footage.ron",
        include_bytes!("../scenarios/inspection-footage.ron"),
    ),
    (
        "unapproved-interview.ron",
        include_bytes!("../scenarios/unapproved-interview.ron"),
    ),
];

/// How the names of built-in scenarios are shown, so they are never taken for files.
pub const BUILT_IN_PREFIX: &str = "built-in:";

/// Where scenarios are offered from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A folder of `.ron` files, and why it was chosen.
    Folder(PathBuf, Origin),
    /// The scenarios built into the binary.
    BuiltIn,
}

/// Why a folder was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Given on the command line.
    Flag,
    /// From `$PRESSCHECK_SCENARIOS`.
    Environment,
    /// `./scenarios` in the current folder.
    CurrentFolder,
}

impl Source {
    /// The source by the resolution order: `flag`, the environment, `./scenarios`, built in.
    pub fn resolve(flag: Option<&Path>) -> Source {
        if let Some(dir) = flag {
            return Source::Folder(dir.to_path_buf(), Origin::Flag);
        }
        if let Some(dir) = std::env::var_os(ENV).filter(|d| !d.is_empty()) {
            return Source::Folder(PathBuf::from(dir), Origin::Environment);
        }
        let here = PathBuf::from(LOCAL_FOLDER);
        if here.is_dir() {
            return Source::Folder(here, Origin::CurrentFolder);
        }
        Source::BuiltIn
    }

    /// The folder, if scenarios come from one.
    pub fn folder(&self) -> Option<&Path> {
        match self {
            Source::Folder(dir, _) => Some(dir),
            Source::BuiltIn => None,
        }
    }

    /// In words, for messages: `scenarios (from $PRESSCHECK_SCENARIOS)`.
    pub fn describe(&self) -> String {
        match self {
            Source::Folder(dir, Origin::Flag) => dir.display().to_string(),
            Source::Folder(dir, Origin::Environment) => {
                format!("{} (from ${ENV})", dir.display())
            }
            Source::Folder(dir, Origin::CurrentFolder) => dir.display().to_string(),
            Source::BuiltIn => "the scenarios built into presscheck".to_string(),
        }
    }

    /// Every scenario file the source offers, sorted by name.
    pub fn files(&self) -> Vec<ScenarioRef> {
        match self {
            Source::Folder(dir, _) => ron_files(dir)
                .map(|w| w.files)
                .unwrap_or_default()
                .into_iter()
                .map(ScenarioRef::File)
                .collect(),
            Source::BuiltIn => built_in(),
        }
    }
}

/// One scenario file: on disk, or built in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ScenarioRef {
    /// A file.
    File(PathBuf),
    /// A built-in scenario, by file name.
    BuiltIn(&'static str),
}

impl ScenarioRef {
    /// The name to show: the path, or `built-in:<file>`.
    pub fn name(&self) -> String {
        match self {
            ScenarioRef::File(p) => p.display().to_string(),
            ScenarioRef::BuiltIn(name) => format!("{BUILT_IN_PREFIX}{name}"),
        }
    }

    /// The file on disk, if it is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            ScenarioRef::File(p) => Some(p),
            ScenarioRef::BuiltIn(_) => None,
        }
    }

    /// The file's bytes, read safely (see [`read_limited`]).
    pub fn bytes(&self) -> Result<Vec<u8>, String> {
        match self {
            ScenarioRef::File(p) => read_limited(p).map_err(|e| e.to_string()),
            ScenarioRef::BuiltIn(name) => BUILT_IN
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, b)| b.to_vec())
                .ok_or_else(|| format!("no built-in scenario `{name}`")),
        }
    }

    /// The id a file name suggests: its name without `.ron`.
    pub fn stem(&self) -> String {
        match self {
            ScenarioRef::File(p) => p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            ScenarioRef::BuiltIn(name) => name.trim_end_matches(".ron").to_string(),
        }
    }
}

/// The built-in scenarios.
pub fn built_in() -> Vec<ScenarioRef> {
    BUILT_IN
        .iter()
        .map(|(name, _)| ScenarioRef::BuiltIn(name))
        .collect()
}

/// Reads a scenario or choices file: only a regular file, never more than the
/// size limit, so a huge file, an endless one or a pipe cannot hang us.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, ReadError> {
    read_regular(path, MAX_FILE_BYTES as u64)
}

/// The `.ron` files in a folder and its subfolders, sorted, each once; link loops are not followed.
pub fn ron_files(dir: &Path) -> std::io::Result<Walk> {
    walk(dir, Depth::Subfolders, &|p| {
        p.extension().is_some_and(|e| e == "ron")
    })
}

/// A scenario file that could not be loaded: its diagnostics and, when it is text, the text for snippets.
#[derive(Debug, Clone)]
pub struct Broken {
    /// Which file.
    pub file: ScenarioRef,
    /// Every problem; at least one is an error.
    pub diagnostics: Vec<Diagnostic>,
    /// The file's text, when it is UTF-8.
    pub text: Option<String>,
}

/// A loaded scenario, its file, and its warnings.
#[derive(Debug, Clone)]
pub struct Found {
    /// Which file.
    pub file: ScenarioRef,
    /// The scenario.
    pub scenario: Scenario,
    /// Warnings found while loading.
    pub warnings: Vec<Diagnostic>,
    /// The file's text, to place findings in it.
    pub text: String,
}

/// Reads and loads one scenario file.
pub fn load_ref(file: &ScenarioRef) -> Result<Found, Box<Broken>> {
    let read = match file {
        ScenarioRef::File(p) => read_limited(p).map_err(|e| match e {
            ReadError::TooLarge(_) => Diagnostic::at_start(
                Code::FileTooLarge,
                format!("file is larger than the limit of {MAX_FILE_BYTES} bytes"),
            )
            .with_hint("a scenario is text; split very long texts or check this is the right file"),
            other => Diagnostic::at_start(Code::Unreadable, other.to_string()),
        }),
        ScenarioRef::BuiltIn(_) => file
            .bytes()
            .map_err(|m| Diagnostic::at_start(Code::Unreadable, m)),
    };
    let bytes = read.map_err(|d| {
        Box::new(Broken {
            file: file.clone(),
            diagnostics: vec![d],
            text: None,
        })
    })?;
    match load(&bytes) {
        Ok(loaded) => Ok(Found {
            file: file.clone(),
            scenario: loaded.scenario,
            warnings: loaded.warnings,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }),
        Err(e) => Err(Box::new(Broken {
            file: file.clone(),
            diagnostics: e.diagnostics,
            text: String::from_utf8(bytes).ok(),
        })),
    }
}

/// Which file a scenario argument means: an existing path, else an id in the source's folder, else a built-in id.
pub fn resolve(arg: &str, source: &Source) -> Result<ScenarioRef, String> {
    let path = PathBuf::from(arg);
    // Anything there but a folder is the file meant; reading it says what is wrong with it.
    if path.exists() && !path.is_dir() {
        return Ok(ScenarioRef::File(path));
    }
    if let Some(dir) = source.folder() {
        let by_id = dir.join(format!("{arg}.ron"));
        if by_id.is_file() {
            return Ok(ScenarioRef::File(by_id));
        }
    }
    if let Some(found) = built_in().into_iter().find(|r| r.stem() == arg) {
        return Ok(found);
    }
    let mut known: Vec<String> = source.files().iter().map(ScenarioRef::stem).collect();
    known.extend(built_in().iter().map(ScenarioRef::stem));
    known.sort();
    known.dedup();
    Err(format!(
        "no scenario file or id `{arg}` (known ids: {}; scenarios come from {})",
        known.join(", "),
        match source {
            Source::BuiltIn => source.describe(),
            Source::Folder(..) => format!("the folder {}", source.describe()),
        }
    ))
}

/// The scenario whose `id` is `id`: `<id>.ron` in the folder first, then any file there with that id, then the built-in ones.
pub fn find_by_id(source: &Source, id: &str) -> Result<Found, String> {
    let mut candidates = Vec::new();
    if let Some(dir) = source.folder() {
        candidates.push(ScenarioRef::File(dir.join(format!("{id}.ron"))));
        candidates.extend(
            ron_files(dir)
                .map(|w| w.files)
                .unwrap_or_default()
                .into_iter()
                .map(ScenarioRef::File),
        );
    }
    candidates.extend(built_in());
    for candidate in candidates {
        if candidate.path().is_some_and(|p| !p.is_file()) {
            continue;
        }
        if let Ok(found) = load_ref(&candidate)
            && found.scenario.file.id == id
        {
            return Ok(found);
        }
    }
    Err(format!(
        "no scenario with id `{id}` in {} or among the built-in ones; give it with --scenario FILE",
        source.describe()
    ))
}
