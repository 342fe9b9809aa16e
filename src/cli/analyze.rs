//! `presscheck analyze SCENARIO…`: balance analysis — every decision path over many seeds, ranked, with findings.

use super::load::load_scenario_found;
use clap::Args;
use comfy_table::{Cell, CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
use indicatif::{ProgressBar, ProgressStyle};
use presscheck_engine::Severity;
use presscheck_engine::analyze::{Analysis, AnalyzeOptions, analyze, budget};
use std::io::IsTerminal;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Scenario files, or ids of scenarios in the scenarios folder.
    #[arg(required = true)]
    pub scenarios: Vec<String>,
    /// Seeds each path is played with.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub seeds: u32,
    /// The first seed.
    #[arg(long, default_value_t = 1)]
    pub first_seed: u64,
    /// Most decision paths played; beyond this a stated, deterministic sample is taken.
    #[arg(long, default_value_t = 2000)]
    pub max_paths: usize,
    /// Most units of work (outlet and link visits, see docs/scenario-format.md); fewer seeds are
    /// played beyond it, and a scenario that does not fit even 20 seeds is not analyzed. 0: no limit.
    #[arg(long, value_name = "UNITS", default_value_t = budget::WORK_BUDGET)]
    pub budget: u64,
    /// Rows to show in the table (all with --json).
    #[arg(long, default_value_t = 25)]
    pub top: usize,
    /// Print the analysis as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: AnalyzeArgs) -> ExitCode {
    let options = AnalyzeOptions {
        seeds: args.seeds,
        first_seed: args.first_seed,
        max_paths: args.max_paths.max(1),
        budget: args.budget,
    };
    let mut analyses = Vec::new();
    let mut errors = false;
    for arg in &args.scenarios {
        let found = match load_scenario_found(arg) {
            Ok(x) => x,
            Err(code) => return code,
        };
        let (file, scenario) = (&found.file, &found.scenario);
        // A bar only for people: scripts reading --json or a pipe get none.
        let bar = if std::io::stderr().is_terminal() && !args.json {
            ProgressBar::new(u64::from(args.seeds))
        } else {
            ProgressBar::hidden()
        };
        bar.set_style(
            ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} seeds ({eta} left)")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_message(scenario.file.id.clone());
        let started = std::time::Instant::now();
        let mut analysis = analyze(scenario, &options, &|done, total| {
            bar.set_length(total);
            bar.set_position(done);
        });
        analysis.locate(&found.text);
        bar.finish_and_clear();
        errors |= analysis.has_errors();
        if !args.json {
            print_analysis(&file.name(), &analysis, args.top, started.elapsed());
        }
        analyses.push(analysis);
    }
    if args.json {
        let value = if analyses.len() == 1 {
            serde_json::to_string_pretty(&analyses[0])
        } else {
            serde_json::to_string_pretty(&analyses)
        };
        println!("{}", value.expect("analysis serialises"));
    }
    if errors {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn print_analysis(file: &str, a: &Analysis, top: usize, took: std::time::Duration) {
    println!(
        "{file}: {} — {} ({:.1} s)",
        a.scenario,
        a.coverage_note(),
        took.as_secs_f64()
    );
    // With nothing played, the `too-much-work` finding says why.
    if a.seeds > 0 {
        if let Some(note) = &a.budget_note {
            println!("note: {note}");
        }
        print_table(a, top);
    }
    print_findings(file, a);
}

fn print_table(a: &Analysis, top: usize) {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_header(vec![
        "#",
        "path or strategy",
        "mean score",
        "pass rate",
        "foreign pickup",
        "mean reprints",
        "ending",
    ]);
    for row in a.rows.iter().take(top) {
        let label = match row.strategy {
            Some(_) => format!("[{}]", row.label),
            None => row.label.clone(),
        };
        table.add_row(vec![
            Cell::new(row.rank).set_alignment(CellAlignment::Right),
            Cell::new(label),
            Cell::new(format!("{:.3}", row.mean_score)).set_alignment(CellAlignment::Right),
            Cell::new(pct(row.pass_rate)).set_alignment(CellAlignment::Right),
            Cell::new(pct(row.foreign_pickup)).set_alignment(CellAlignment::Right),
            Cell::new(format!("{:.1}", row.mean_reprints)).set_alignment(CellAlignment::Right),
            Cell::new(row.ending.label()),
        ]);
    }
    println!("{table}");
    if a.rows.len() > top {
        println!(
            "… {} more rows (--top N to see more, --json for all)",
            a.rows.len() - top
        );
    }
}

fn print_findings(file: &str, a: &Analysis) {
    if a.findings.is_empty() {
        println!(
            "{file}: no findings: the careful play wins and every part of the scenario matters"
        );
    }
    for f in &a.findings {
        let word = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        println!("{}{word}[{}]: {}", f.place(file), f.code, f.message);
    }
    let (e, w) = a
        .findings
        .iter()
        .fold((0, 0), |(e, w), f| match f.severity {
            Severity::Error => (e + 1, w),
            Severity::Warning => (e, w + 1),
        });
    println!("{file}: {e} error(s), {w} warning(s)\n");
}
