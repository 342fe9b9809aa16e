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
            let found = ron_files(root);
            if found.is_empty() {
                eprintln!("{}: warning: no .ron files in this folder", root.display());
            }
            files.extend(found.into_iter().map(ScenarioRef::File));
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
            for d in diagnostics {
                println!("{}\n", render(&r, d, file, text.as_deref()));
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
