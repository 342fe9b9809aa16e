//! `presscheck graph SCENARIO`: the stage graph as Graphviz DOT and as Mermaid.

use super::load::load_scenario;
use clap::{Args, ValueEnum};
use presscheck_engine::graph;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
    /// Mermaid (renders in Markdown viewers).
    Mermaid,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Scenario file, or the id of a scenario in the scenarios folder.
    pub scenario: String,
    /// Folder to write `<id>.dot` and `<id>.mmd` into.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out: PathBuf,
    /// Print one format to standard output instead of writing files.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub stdout: Option<GraphFormat>,
}

pub fn run(args: GraphArgs) -> ExitCode {
    let (_, scenario) = match load_scenario(&args.scenario) {
        Ok(x) => x,
        Err(code) => return code,
    };
    match args.stdout {
        Some(GraphFormat::Dot) => print!("{}", graph::to_dot(&scenario)),
        Some(GraphFormat::Mermaid) => print!("{}", graph::to_mermaid(&scenario)),
        None => {
            if let Err(e) = std::fs::create_dir_all(&args.out) {
                eprintln!("{}: error: {e}", args.out.display());
                return ExitCode::FAILURE;
            }
            let id = &scenario.file.id;
            for (ext, text) in [
                ("dot", graph::to_dot(&scenario)),
                ("mmd", graph::to_mermaid(&scenario)),
            ] {
                let path = args.out.join(format!("{id}.{ext}"));
                if let Err(e) = std::fs::write(&path, text) {
                    eprintln!("{}: error: {e}", path.display());
                    return ExitCode::FAILURE;
                }
                println!("{}", path.display());
            }
        }
    }
    ExitCode::SUCCESS
}
