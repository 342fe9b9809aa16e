//! `presscheck validate`: every problem in every scenario file, with its code, place and a snippet of the source.

use super::EXIT_USAGE;
use super::render::{render, renderer};
use crate::scenarios::{ScenarioRef, Source, load_ref, ron_files};
use clap::Args;
use presscheck_engine::Diagnostic;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario files or folders (default: the scenarios folder, else the built-in scenarios; see `presscheck --help`).
    pub paths: Vec<PathBuf>,
    /// Print the findings as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Most problems shown per file in text; `--json` lists every one.
pub const MAX_SHOWN_PER_FILE: usize = 50;

#[derive(serde::Serialize)]
struct FileReport<'a> {
    file: String,
    valid: bool,
    diagnostics: &'a [Diagnostic],
}

/// The files to check: those named (folders walked), or every file of the scenarios source.
fn files_to_check(args: &ValidateArgs) -> Result<Vec<ScenarioRef>, ExitCode> {
    if args.paths.is_empty() {
        return Ok(Source::resolve(None).files());
    }
    let mut files = Vec::new();
    for root in &args.paths {
        if root.is_dir() {
            let found = match ron_files(root) {
                Ok(w) => w,
                Err(e) => {
                    eprintln!("{}: error: cannot read this folder: {e}", root.display());
                    return Err(ExitCode::FAILURE);
                }
            };
            for note in &found.notes {
                eprintln!("warning: {note}");
            }
            if found.files.is_empty() {
                // An author who points at the wrong folder is told, and it is not a pass.
                eprintln!(
                    "{}: error: no .ron scenario files in this folder or its subfolders",
                    root.display()
                );
                return Err(ExitCode::FAILURE);
            }
            files.extend(found.files.into_iter().map(ScenarioRef::File));
        } else if root.exists() {
            files.push(ScenarioRef::File(root.clone()));
        } else {
            eprintln!("{}: error: no such file or folder", root.display());
            return Err(ExitCode::from(EXIT_USAGE));
        }
    }
    Ok(files)
}

pub fn run(args: ValidateArgs) -> ExitCode {
    let files = match files_to_check(&args) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let mut errors = 0;
    let mut warnings = 0;
    let mut invalid_files = 0;
    let mut results = Vec::new();
    for file in &files {
        let (diagnostics, text) = match load_ref(file) {
            Ok(found) => (found.warnings, None),
            Err(broken) => (broken.diagnostics, broken.text),
        };
        // Warnings of a good file are shown with its text too.
        let text = text.or_else(|| file.bytes().ok().and_then(|b| String::from_utf8(b).ok()));
        let e = diagnostics.iter().filter(|d| d.is_error()).count();
        errors += e;
        warnings += diagnostics.len() - e;
        if e > 0 {
            invalid_files += 1;
        }
        results.push((file.name(), diagnostics, text));
    }
    if args.json {
        let reports: Vec<FileReport<'_>> = results
            .iter()
            .map(|(file, diagnostics, _)| FileReport {
                file: file.clone(),
                valid: !diagnostics.iter().any(Diagnostic::is_error),
                diagnostics,
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&reports).expect("reports serialise")
        );
    } else {
        let r = renderer();
        for (file, diagnostics, text) in &results {
            for d in diagnostics.iter().take(MAX_SHOWN_PER_FILE) {
                println!("{}\n", render(&r, d, file, text.as_deref()));
            }
            if diagnostics.len() > MAX_SHOWN_PER_FILE {
                let rest = &diagnostics[MAX_SHOWN_PER_FILE..];
                let e = rest.iter().filter(|d| d.is_error()).count();
                println!(
                    "{file}: … and {} more ({e} error{}, {} warning{}) not shown; `presscheck validate --json` lists them all\n",
                    rest.len(),
                    plural(e),
                    rest.len() - e,
                    plural(rest.len() - e)
                );
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
