//! Finding scenario files: by path or by id in the scenarios folder, and listing a folder.

use std::path::{Path, PathBuf};

/// The scenarios folder: `$PRESSCHECK_SCENARIOS`, else `./scenarios`, else the one beside the sources.
pub fn default_scenarios_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PRESSCHECK_SCENARIOS") {
        return PathBuf::from(dir);
    }
    let here = PathBuf::from("scenarios");
    if here.is_dir() {
        return here;
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// Resolves a scenario argument: an existing path, or an id in the scenarios folder.
pub fn resolve(arg: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(arg);
    if path.is_file() {
        return Ok(path);
    }
    let by_id = default_scenarios_dir().join(format!("{arg}.ron"));
    if by_id.is_file() {
        return Ok(by_id);
    }
    let known: Vec<String> = ron_files(&default_scenarios_dir())
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    Err(format!(
        "no scenario file or id `{arg}`{}",
        if known.is_empty() {
            String::new()
        } else {
            format!(" (known ids: {})", known.join(", "))
        }
    ))
}

/// The `.ron` files in a folder and its subfolders, sorted.
pub fn ron_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "ron") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
