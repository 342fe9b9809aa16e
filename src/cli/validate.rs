//! `presscheck validate`: every problem in every scenario file, as `file:line:column: severity: message`.

use super::EXIT_USAGE;
use super::scenarios::{default_scenarios_dir, ron_files};
use clap::Args;
use presscheck_engine::{Diagnostic, load};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario files or folders (default: the scenarios folder).
    pub paths: Vec<PathBuf>,
    /// Print the findings as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Reads a file, never more than the size limit plus one byte, so a huge or endless file cannot hang us.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let mut bytes = Vec::new();
    file.take(presscheck_engine::load::MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    Ok(bytes)
}

/// Loads one file and returns its diagnostics (errors and warnings) and its text, if it is text.
pub fn check_file(path: &Path) -> (Vec<Diagnostic>, Option<String>) {
    let bytes = match read_limited(path) {
        Ok(b) => b,
        Err(message) => {
            return (
                vec![Diagnostic::error(
                    presscheck_engine::locate::Position::START,
                    message,
                )],
                None,
            );
        }
    };
    let text = String::from_utf8(bytes.clone()).ok();
    let diagnostics = match load(&bytes) {
        Ok(loaded) => loaded.warnings,
        Err(e) => e.diagnostics,
    };
    (diagnostics, text)
}

#[derive(serde::Serialize)]
struct FileReport<'a> {
    file: String,
    valid: bool,
    diagnostics: &'a [Diagnostic],
}

pub fn run(args: ValidateArgs) -> ExitCode {
    let roots = if args.paths.is_empty() {
        vec![default_scenarios_dir()]
    } else {
        args.paths.clone()
    };
    let mut files = Vec::new();
    for root in &roots {
        if root.is_dir() {
            let found = ron_files(root);
            if found.is_empty() {
                eprintln!("{}: warning: no .ron files in this folder", root.display());
            }
            files.extend(found);
        } else if root.exists() {
            files.push(root.clone());
        } else {
            eprintln!("{}: error: no such file or folder", root.display());
            return ExitCode::from(EXIT_USAGE);
        }
    }
    let mut errors = 0;
    let mut warnings = 0;
    let mut invalid_files = 0;
    let mut reports = Vec::new();
    let mut results = Vec::new();
    for file in &files {
        let (diagnostics, text) = check_file(file);
        let e = diagnostics.iter().filter(|d| d.is_error()).count();
        errors += e;
        warnings += diagnostics.len() - e;
        if e > 0 {
            invalid_files += 1;
        }
        results.push((file.display().to_string(), diagnostics, text));
    }
    if args.json {
        for (file, diagnostics, _) in &results {
            reports.push(FileReport {
                file: file.clone(),
                valid: !diagnostics.iter().any(Diagnostic::is_error),
                diagnostics,
            });
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&reports).expect("reports serialise")
        );
    } else {
        for (file, diagnostics, text) in &results {
            for d in diagnostics {
                println!("{}", d.render(file, text.as_deref()));
            }
        }
        println!(
            "checked {} file{}: {} valid, {} invalid; {} error{}, {} warning{}",
            files.len(),
            plural(files.len()),
            files.len() - invalid_files,
            invalid_files,
            errors,
            plural(errors),
            warnings,
            plural(warnings)
        );
    }
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
