//! `presscheck new NAME`: a commented starter scenario that validates and analyzes clean.

use super::EXIT_USAGE;
use crate::scenarios::LOCAL_FOLDER;
use clap::Args;
use presscheck_engine::template;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new scenario's id: lower-case letters, digits and hyphens, e.g. `leaked-budget-memo`.
    pub name: String,
    /// Its title (default: made from the id).
    #[arg(long)]
    pub title: Option<String>,
    /// Folder to write `<NAME>.ron` into (default: `scenarios/` in the current folder, which the game then offers).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

fn title_from(id: &str) -> String {
    let mut words: Vec<String> = id
        .split('-')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    if let Some(first) = words.first_mut() {
        let mut chars = first.chars();
        if let Some(c) = chars.next() {
            *first = c.to_uppercase().chain(chars).collect();
        }
    }
    words.join(" ")
}

pub fn run(args: NewArgs) -> ExitCode {
    if !template::valid_id(&args.name) {
        eprintln!(
            "error: `{}` is not a scenario id: use lower-case letters, digits and hyphens, for example `leaked-budget-memo`",
            args.name
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(LOCAL_FOLDER));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{}: error: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let path = dir.join(format!("{}.ron", args.name));
    let title = args.title.clone().unwrap_or_else(|| title_from(&args.name));
    let text = template::starter(&args.name, &title);
    // create_new: never overwrite an author's work.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    let written = file.and_then(|mut f| {
        f.write_all(text.as_bytes())?;
        f.sync_all()
    });
    if let Err(e) = written {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            eprintln!(
                "{}: error: the file exists already; choose another name or move it away",
                path.display()
            );
        } else {
            eprintln!("{}: error: {e}", path.display());
        }
        return ExitCode::FAILURE;
    }
    let shown = path.display();
    println!("{shown}: a starter scenario `{}` ({title})", args.name);
    println!("next:");
    println!("  presscheck validate {shown}      # is it well-formed?");
    println!("  presscheck analyze {shown}       # does it teach the right lesson?");
    println!("  presscheck graph {shown}         # see its stages");
    println!("  presscheck --scenario {shown}    # play it in the game");
    println!("See docs/tutorial.md for a walk-through.");
    ExitCode::SUCCESS
}
