//! `presscheck play`: one run without a window, from a strategy, given choices, or interactively in the terminal.

use super::EXIT_USAGE;
use super::output::{clock, summary};
use super::results::{RecordArgs, RecordSink};
use super::scenarios::resolve;
use super::validate::read_limited;
use clap::{Args, ValueEnum};
use presscheck_engine::run::Decision;
use presscheck_engine::strategy::{self, Strategy};
use presscheck_engine::{Outcome, Run, Scenario, Treatment, load};
use presscheck_records::record::{Recorder, RunContext};
use presscheck_records::seed_for_code;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StrategyArg {
    /// The author's careful model play.
    Model,
    /// Put everything in, skip checks, publish.
    PublishAll,
    /// Take everything out and hold the story.
    HoldAll,
    /// Take everything out, follow procedure, publish the rest.
    RedactAll,
    /// Seeded random legal play.
    Random,
}

impl From<StrategyArg> for Strategy {
    fn from(s: StrategyArg) -> Strategy {
        match s {
            StrategyArg::Model => Strategy::Model,
            StrategyArg::PublishAll => Strategy::PublishAll,
            StrategyArg::HoldAll => Strategy::HoldAll,
            StrategyArg::RedactAll => Strategy::RedactAll,
            StrategyArg::Random => Strategy::Random,
        }
    }
}

#[derive(Debug, Args)]
pub struct PlayArgs {
    /// Scenario file, or the id of a scenario in the scenarios folder.
    pub scenario: String,
    /// Seed for the outlet network, the reviewer and the cascade (default: from --session, else 1).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Playtest from this stage: the decisions that lead there (the model play's, where it goes there) are taken first.
    #[arg(long, value_name = "STAGE")]
    pub from: Option<String>,
    /// A file of decisions: a JSON list (as in `--json` output's `decisions`), or lines `stage=choice` and `edit stage item keep|generalise|redact`.
    #[arg(long, value_name = "FILE")]
    pub choices: Option<PathBuf>,
    /// Choices as `stage=choice`, comma-separated or repeated.
    #[arg(long, value_delimiter = ',', value_name = "STAGE=CHOICE")]
    pub choose: Vec<String>,
    /// Item edits as `stage:item=keep|generalise|redact`, applied at that stage before its choice.
    #[arg(long, value_name = "STAGE:ITEM=TREATMENT")]
    pub edit: Vec<String>,
    /// Play with a strategy; after `--choose` or `--choices`, it continues from where they stop.
    #[arg(long, value_enum)]
    pub strategy: Option<StrategyArg>,
    /// Print the full outcome as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub record: RecordArgs,
}

/// The seed: `--seed`, else the session code's, else 1.
fn seed_of(args: &PlayArgs) -> Result<u64, String> {
    match (args.seed, args.record.session.as_deref()) {
        (Some(_), Some(_)) => Err(
            "give --seed or --session, not both: a session code sets the seed for the whole class"
                .into(),
        ),
        (Some(seed), None) => Ok(seed),
        (None, Some(code)) if !code.trim().is_empty() => Ok(seed_for_code(code)),
        (None, _) => Ok(1),
    }
}

/// Who plays, for the record; `None` when no record is wanted.
fn recording(args: &PlayArgs) -> Result<Option<(RecordSink, RunContext)>, String> {
    let Some(dir) = &args.record.results else {
        return Ok(None);
    };
    if args.from.is_some() {
        return Err("--from is for playtesting and makes no record: drop --results".into());
    }
    let trainee = args
        .record
        .trainee
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or("--results needs --trainee ID: a record must say who played")?;
    let context = RunContext {
        trainee_id: trainee.to_string(),
        trainee_name: args.record.name.clone().unwrap_or_default(),
        session: args.record.session.clone(),
        mode: args.record.mode.into(),
    };
    Ok(Some((RecordSink::new(dir.clone())?, context)))
}

/// The record of a run played to its end from `decisions`, all stamped now.
fn record_of(
    scenario: &Scenario,
    seed: u64,
    decisions: &[Decision],
    outcome: &Outcome,
    context: RunContext,
    started: jiff::Timestamp,
) -> presscheck_records::Record {
    let mut recorder = Recorder::start(scenario, seed, context, started);
    let mut run = Run::new(scenario, seed);
    for d in decisions {
        recorder.decided(&run, d, jiff::Timestamp::now());
        // Already accepted by the engine when the outcome was computed.
        let _ = run.apply(d);
    }
    recorder.finish(outcome, jiff::Timestamp::now())
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_USAGE)
}

/// Loads a scenario, printing its problems; `None` when it cannot be played.
pub fn load_scenario(arg: &str) -> Result<(PathBuf, Scenario), ExitCode> {
    let path = resolve(arg).map_err(|m| usage(&m))?;
    let bytes = read_limited(&path).map_err(|m| {
        eprintln!("{}: error: {m}", path.display());
        ExitCode::FAILURE
    })?;
    match load(&bytes) {
        Ok(loaded) => Ok((path, loaded.scenario)),
        Err(e) => {
            let text = String::from_utf8(bytes).ok();
            for d in &e.diagnostics {
                eprintln!("{}", d.render(&path.display().to_string(), text.as_deref()));
            }
            eprintln!(
                "{}: the scenario has errors and cannot be played",
                path.display()
            );
            Err(ExitCode::FAILURE)
        }
    }
}

fn parse_treatment(s: &str) -> Option<Treatment> {
    match s.trim() {
        "keep" | "k" => Some(Treatment::Keep),
        "generalise" | "generalize" | "g" => Some(Treatment::Generalise),
        "redact" | "r" | "cut" => Some(Treatment::Redact),
        _ => None,
    }
}

/// Parses a decisions file: JSON, or one decision per line.
pub fn parse_choices_file(text: &str) -> Result<Vec<Decision>, String> {
    if text.trim_start().starts_with('[') {
        return serde_json::from_str(text)
            .map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()));
    }
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let d = match words.as_slice() {
            ["edit", stage, item, t] => parse_treatment(t)
                .map(|t| Decision::edit(stage, item, t))
                .ok_or_else(|| {
                    format!(
                        "line {}: unknown treatment `{t}` (keep, generalise or redact)",
                        n + 1
                    )
                })?,
            [single] if single.contains('=') => {
                let (s, c) = single.split_once('=').expect("checked");
                Decision::choose(s.trim(), c.trim())
            }
            _ => {
                return Err(format!(
                    "line {}: expected `stage=choice` or `edit stage item treatment`, found `{line}`",
                    n + 1
                ));
            }
        };
        out.push(d);
    }
    Ok(out)
}

fn given_decisions(args: &PlayArgs) -> Result<Vec<Decision>, String> {
    let mut out = Vec::new();
    if let Some(file) = &args.choices {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("{}: cannot read: {e}", file.display()))?;
        out = parse_choices_file(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    }
    let mut edits: Vec<(String, Decision)> = Vec::new();
    for e in &args.edit {
        let parsed = e.split_once(':').and_then(|(stage, rest)| {
            let (item, t) = rest.split_once('=')?;
            Some(Decision::edit(stage, item, parse_treatment(t)?)).map(|d| (stage.to_string(), d))
        });
        edits.push(parsed.ok_or_else(|| {
            format!("--edit `{e}`: expected `stage:item=keep|generalise|redact`")
        })?);
    }
    for c in &args.choose {
        let (stage, choice) = c
            .split_once('=')
            .ok_or_else(|| format!("--choose `{c}`: expected `stage=choice`"))?;
        for (s, d) in &edits {
            if s == stage {
                out.push(d.clone());
            }
        }
        out.push(Decision::choose(stage.trim(), choice.trim()));
    }
    Ok(out)
}

pub fn run(args: PlayArgs) -> ExitCode {
    let started = jiff::Timestamp::now();
    let (_path, scenario) = match load_scenario(&args.scenario) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let seed = match seed_of(&args) {
        Ok(s) => s,
        Err(m) => return usage(&m),
    };
    let mut given = match given_decisions(&args) {
        Ok(d) => d,
        Err(m) => return usage(&m),
    };
    let recording = match recording(&args) {
        Ok(r) => r,
        Err(m) => return usage(&m),
    };
    let mut prefix = Vec::new();
    if let Some(stage) = &args.from {
        match strategy::path_to(&scenario, stage, seed) {
            Ok(path) => prefix = path,
            Err(e) => return usage(&format!("--from {stage}: {e}")),
        }
        eprintln!(
            "playtesting from stage `{stage}` after {} decision(s): {}",
            prefix.len(),
            prefix.iter().map(describe).collect::<Vec<_>>().join(", ")
        );
    }
    let interactive = given.is_empty() && args.strategy.is_none();
    if interactive {
        if !std::io::stdin().is_terminal() {
            return usage(
                "no choices given: use --strategy, --choose or --choices, or run in a terminal to play interactively",
            );
        }
        return interactive_play(&scenario, seed, &prefix, args.json, recording, started);
    }
    prefix.append(&mut given);
    let given = prefix;
    let mut run = Run::new(&scenario, seed);
    for (i, d) in given.iter().enumerate() {
        if let Err(e) = run.apply(d) {
            eprintln!("error: decision {} ({}): {e}", i + 1, describe(d));
            print_options(&run);
            return ExitCode::FAILURE;
        }
    }
    let decisions = match args.strategy {
        Some(s) => strategy::continue_from(run.clone(), s.into(), seed),
        None => run.decisions().to_vec(),
    };
    let outcome = match presscheck_engine::play(&scenario, seed, &decisions) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            let mut partial = Run::new(&scenario, seed);
            for d in &decisions {
                let _ = partial.apply(d);
            }
            print_options(&partial);
            return ExitCode::FAILURE;
        }
    };
    if let Some((sink, context)) = recording {
        let record = record_of(&scenario, seed, &decisions, &outcome, context, started);
        if let Err(m) = sink.write(record) {
            eprintln!("error: {m}");
            return ExitCode::FAILURE;
        }
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&outcome).expect("outcome serialises")
        );
    } else {
        print!("{}", summary(&scenario, &outcome));
    }
    ExitCode::SUCCESS
}

fn describe(d: &Decision) -> String {
    match d {
        Decision::Choose { stage, choice } => format!("{stage}={choice}"),
        Decision::Edit {
            stage,
            item,
            treatment,
        } => format!("edit {stage} {item} {}", treatment.label()),
    }
}

fn print_options(run: &Run<'_>) {
    if let Some(stage) = run.current_stage() {
        let ids: Vec<String> = run
            .available_choices()
            .iter()
            .map(|c| format!("{}={}", stage.id, c.id))
            .collect();
        eprintln!(
            "  play is at stage `{}`; available: {}",
            stage.id,
            ids.join(", ")
        );
    }
}

/// Plays in the terminal with numbered choices.
fn interactive_play(
    scenario: &Scenario,
    seed: u64,
    prefix: &[Decision],
    json: bool,
    recording: Option<(RecordSink, RunContext)>,
    started: jiff::Timestamp,
) -> ExitCode {
    let f = &scenario.file;
    let (sink, mut recorder) = match recording {
        Some((sink, context)) => (
            Some(sink),
            Some(Recorder::start(scenario, seed, context, started)),
        ),
        None => (None, None),
    };
    // An abandoned run is recorded too, so the trainer sees who left and where.
    let abandon = |recorder: Option<Recorder>| -> ExitCode {
        if let (Some(sink), Some(recorder)) = (&sink, recorder)
            && let Err(m) = sink.write(recorder.abandon(jiff::Timestamp::now()))
        {
            eprintln!("error: {m}");
        }
        ExitCode::FAILURE
    };
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut ask = |prompt: &str| -> Option<String> {
        print!("{prompt}");
        let _ = std::io::stdout().flush();
        lines
            .next()
            .and_then(Result::ok)
            .map(|l| l.trim().to_string())
    };
    println!("\n=== {} ===", f.title);
    println!("Role: {}", f.role);
    println!("\n{}\n", f.briefing.situation);
    println!(
        "Deadline: {} at {} ({:.1} hours from now, {}).",
        f.briefing.deadline_label,
        clock(scenario, f.briefing.deadline_hours),
        f.briefing.deadline_hours,
        f.briefing.start_time
    );
    println!("\nObjectives:");
    for o in &f.objectives {
        println!("  - {o}");
    }
    print_materials(scenario);
    let mut run = Run::new(scenario, seed);
    for d in prefix {
        if let Err(e) = run.apply(d) {
            eprintln!("error: {}: {e}", describe(d));
            return ExitCode::FAILURE;
        }
    }
    // Applies a decision and notes it in the record with the state the trainee saw.
    let mut decide = |run: &mut Run<'_>, d: Decision| -> Result<(), presscheck_engine::RunError> {
        let before = run.clone();
        run.apply(&d)?;
        if let Some(r) = recorder.as_mut() {
            r.decided(&before, &d, jiff::Timestamp::now());
        }
        Ok(())
    };
    while let Some(stage) = run.current_stage() {
        println!(
            "\n--- {} --- (clock {}, {:.1} h to the deadline)",
            stage.title,
            clock(scenario, run.hours_used()),
            run.hours_left()
        );
        println!("{}", stage.situation);
        print_draft(&run);
        let choices = run.choices_in_display_order();
        for (i, c) in choices.iter().enumerate() {
            let cost = if c.hours > 0.0 {
                format!(" ({:.1} h)", c.hours)
            } else {
                String::new()
            };
            println!("  {}) {}{cost}", i + 1, c.label);
        }
        let editable = !run.editable_items().is_empty();
        if editable {
            println!("  e) edit the draft item by item");
        }
        println!("  m) read the materials again    q) quit");
        let Some(answer) = ask("> ") else {
            println!("\nInput ended; the run is abandoned.");
            return abandon(recorder);
        };
        match answer.as_str() {
            "q" => {
                println!("Run abandoned.");
                return abandon(recorder);
            }
            "m" => print_materials(scenario),
            "e" if editable => loop {
                let items = run.editable_items();
                for (i, ix) in items.iter().enumerate() {
                    let item = scenario.item(*ix);
                    let state = run
                        .treatment(*ix)
                        .map(Treatment::label)
                        .unwrap_or("not in draft");
                    let g = if item.generalised.is_some() {
                        ", g"
                    } else {
                        ""
                    };
                    println!("  {:2}) [{state}] {}  (k, r{g})", i + 1, item.text);
                }
                let Some(a) = ask("edit (number and k/g/r, empty to finish)> ") else {
                    break;
                };
                if a.is_empty() {
                    break;
                }
                let mut parts = a.split_whitespace();
                let n = parts.next().and_then(|n| n.parse::<usize>().ok());
                let t = parts.next().and_then(parse_treatment);
                match (n, t) {
                    (Some(n), Some(t)) if (1..=items.len()).contains(&n) => {
                        let id = scenario.item(items[n - 1]).id.clone();
                        let d = Decision::edit(&stage.id, &id, t);
                        if let Err(e) = decide(&mut run, d) {
                            println!("  {e}");
                        }
                    }
                    _ => println!("  type a number from the list and k, g or r, for example `3 r`"),
                }
            },
            other => match other.parse::<usize>() {
                Ok(n) if (1..=choices.len()).contains(&n) => {
                    let id = choices[n - 1].id.clone();
                    if let Err(e) = decide(&mut run, Decision::choose(&stage.id, &id)) {
                        println!("  {e}");
                    }
                }
                _ => println!("  type the number of a choice"),
            },
        }
    }
    match run.finish() {
        Ok(outcome) => {
            if let (Some(sink), Some(recorder)) = (&sink, recorder)
                && let Err(m) = sink.write(recorder.finish(&outcome, jiff::Timestamp::now()))
            {
                eprintln!("error: {m}");
                return ExitCode::FAILURE;
            }
            println!();
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&outcome).expect("outcome serialises")
                );
            } else {
                print!("{}", summary(scenario, &outcome));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn print_materials(scenario: &Scenario) {
    println!("\nMaterials on your desk:");
    for m in &scenario.file.materials {
        println!("\n  [{}] {}", m.kind.label(), m.title);
        if !m.markings.is_empty() {
            println!("    Markings: {}", m.markings.join(" · "));
        }
        if !m.source.is_empty() {
            println!("    Source: {}", m.source);
        }
        if !m.description.is_empty() {
            println!("    {}", m.description);
        }
        for item in &m.items {
            println!("    - {}", item.text);
        }
    }
}

fn print_draft(run: &Run<'_>) {
    let draft = run.draft();
    let scenario = run.scenario();
    if draft.is_empty() {
        println!("The draft is empty so far.");
        return;
    }
    println!("The draft as it stands:");
    for (ix, t) in draft {
        let item = scenario.item(ix);
        match t {
            Treatment::Keep => println!("  • {}", item.text),
            Treatment::Generalise => println!(
                "  • {}  (generalised)",
                item.generalised
                    .as_ref()
                    .map(|g| g.text.as_str())
                    .unwrap_or(&item.text)
            ),
            Treatment::Redact => println!("  ✂ [cut] {}", item.id),
        }
    }
}
