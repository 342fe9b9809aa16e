//! `presscheck play`: one run without a window, from a strategy, given decisions, or interactively in the terminal.

mod terminal;

use super::EXIT_USAGE;
use super::load::load_scenario;
use super::output::summary;
use super::results::{RecordArgs, sink_for};
use crate::scenarios::read_limited;
use clap::Args;
use presscheck_engine::replays::{self, Replays, Threads};
use presscheck_engine::run::Decision;
use presscheck_engine::seed;
use presscheck_engine::strategy::{self, Strategy};
use presscheck_engine::{Outcome, Run, Scenario, Treatment, parse_decisions};
use presscheck_records::RecordSink;
use presscheck_records::record::{Recorder, RunContext};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct PlayArgs {
    /// Scenario file, or the id of a scenario in the scenarios folder or built in.
    pub scenario: String,
    /// Seed for the outlet network, the reviewer and the cascade (default: from --session, else 1). It wins over --session.
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
    pub strategy: Option<Strategy>,
    /// Print the full outcome as JSON.
    #[arg(long)]
    pub json: bool,
    /// Replays of the story as it went out for "what usually happens" (0: none).
    #[arg(long, value_name = "N", default_value_t = replays::DEFAULT_REPLAYS,
          value_parser = clap::value_parser!(u32).range(0..=i64::from(replays::MAX_REPLAYS)))]
    pub replays: u32,
    #[command(flatten)]
    pub record: RecordArgs,
}

/// Where the record goes and who plays; `None` when no record is wanted.
pub(super) struct Recording {
    sink: RecordSink,
    context: RunContext,
}

fn recording(args: &PlayArgs, session: Option<String>) -> Result<Option<Recording>, String> {
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
        session,
        mode: args.record.mode,
    };
    Ok(Some(Recording {
        sink: sink_for(dir.clone())?,
        context,
    }))
}

impl Recording {
    /// Writes a record and says where it went.
    fn write(&self, record: presscheck_records::Record) -> Result<(), String> {
        let path = self.sink.write(record).map_err(|e| e.to_string())?;
        eprintln!("record written: {}", path.display());
        Ok(())
    }
}

/// The record of a run played to its end from `decisions`, all stamped now.
fn record_of(
    scenario: &Scenario,
    seed: u64,
    decisions: &[Decision],
    (outcome, usual): (&Outcome, Option<&Replays>),
    context: RunContext,
    started: jiff::Timestamp,
) -> presscheck_records::Record {
    let mut recorder = Recorder::start(scenario, seed, context, started);
    let mut run = Run::new(scenario, seed);
    for d in decisions {
        // Already accepted by the engine when the outcome was computed.
        let _ = recorder.apply(&mut run, d, jiff::Timestamp::now());
    }
    recorder.finish_with_usual(outcome, usual, jiff::Timestamp::now())
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_USAGE)
}

/// `stage:item=treatment`.
fn parse_edit(text: &str) -> Result<Decision, String> {
    let bad = || format!("--edit `{text}`: expected `stage:item=keep|generalise|redact`");
    let (stage, rest) = text.split_once(':').ok_or_else(bad)?;
    let (item, t) = rest.split_once('=').ok_or_else(bad)?;
    let treatment: Treatment = t.parse().map_err(|_| bad())?;
    Ok(Decision::edit(stage, item, treatment))
}

/// The decisions given on the command line, in order, and the `--edit`s at
/// stages none of them chooses at (left to `--strategy`, or an error without one).
fn given_decisions(args: &PlayArgs) -> Result<(Vec<Decision>, Vec<Decision>), String> {
    let mut out = Vec::new();
    if let Some(file) = &args.choices {
        let bytes = read_limited(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let bytes = presscheck_records::files::without_bom(&bytes).to_vec();
        let text =
            String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", file.display()))?;
        out = parse_decisions(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    }
    for c in &args.choose {
        let (stage, choice) = c
            .split_once('=')
            .ok_or_else(|| format!("--choose `{c}`: expected `stage=choice`"))?;
        out.push(Decision::choose(stage.trim(), choice.trim()));
    }
    let mut loose = Vec::new();
    for e in &args.edit {
        let edit = parse_edit(e)?;
        // Made at its stage, just before the choice there.
        let at = out
            .iter()
            .position(|d| matches!(d, Decision::Choose { stage, .. } if stage == edit.stage()));
        match at {
            Some(at) => out.insert(at, edit),
            None if args.strategy.is_some() => loose.push(edit),
            None => {
                return Err(format!(
                    "--edit `{e}`: no choice is given for stage `{}`, so the edit would never be made; add --choose {}=CHOICE, or --strategy to play the other stages",
                    edit.stage(),
                    edit.stage()
                ));
            }
        }
    }
    Ok((out, loose))
}

pub fn run(args: PlayArgs) -> ExitCode {
    let started = jiff::Timestamp::now();
    let (_file, scenario) = match load_scenario(&args.scenario) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let choice = seed::choose(args.seed, args.record.session.as_deref());
    if let Some(code) = &choice.overridden_session {
        eprintln!(
            "note: --seed {} is used, so this run is not part of session `{code}`",
            choice.seed
        );
    }
    let seed = choice.seed;
    let (mut given, loose_edits) = match given_decisions(&args) {
        Ok(d) => d,
        Err(m) => return usage(&m),
    };
    let recording = match recording(&args, choice.session) {
        Ok(r) => r,
        Err(m) => return usage(&m),
    };
    let mut prefix = Vec::new();
    if let Some(stage) = &args.from {
        match strategy::path_to(&scenario, stage, seed) {
            Ok(path) => prefix = path,
            Err(e) => return usage(&format!("--from {stage}: {e}")),
        }
        if prefix.is_empty() {
            eprintln!("playtesting from stage `{stage}`, where play starts");
        } else {
            eprintln!(
                "playtesting from stage `{stage}` after {} decision(s): {}",
                prefix.len(),
                prefix
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    let interactive = given.is_empty() && args.strategy.is_none();
    if interactive {
        if !std::io::stdin().is_terminal() {
            return usage(
                "no choices given: use --strategy, --choose or --choices, or run in a terminal to play interactively",
            );
        }
        return terminal::play(
            &scenario,
            seed,
            &prefix,
            Show {
                json: args.json,
                replays: args.replays,
            },
            recording,
            started,
        );
    }
    prefix.append(&mut given);
    let given = prefix;
    let mut run = Run::new(&scenario, seed);
    for (i, d) in given.iter().enumerate() {
        if let Err(e) = run.apply(d) {
            eprintln!("error: decision {} ({d}): {e}", i + 1);
            print_options(&run);
            return ExitCode::FAILURE;
        }
    }
    let decisions = match args.strategy {
        Some(s) => match strategy::continue_with_edits(run.clone(), s, seed, &loose_edits) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: --edit {e}");
                eprintln!(
                    "nothing was played: every --edit must be made, or the run is not the one asked for"
                );
                return ExitCode::FAILURE;
            }
        },
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
    let show = Show {
        json: args.json,
        replays: args.replays,
    };
    let usual = usual(&scenario, &outcome, show);
    if let Some(recording) = recording {
        let record = record_of(
            &scenario,
            seed,
            &decisions,
            (&outcome, usual.as_ref()),
            recording.context.clone(),
            started,
        );
        if let Err(m) = recording.write(record) {
            eprintln!("error: {m}");
            return ExitCode::FAILURE;
        }
    }
    print_outcome(&scenario, &outcome, show, usual);
    ExitCode::SUCCESS
}

/// How a finished run is shown.
#[derive(Debug, Clone, Copy)]
pub(super) struct Show {
    /// As JSON instead of the readable summary.
    json: bool,
    /// Replays for "what usually happens" (0: none).
    replays: u32,
}

/// The outcome, with what usually happens to its story.
#[derive(serde::Serialize)]
struct OutcomeJson<'a> {
    #[serde(flatten)]
    outcome: &'a Outcome,
    /// Absent when nothing was published or no replays were asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    replays: Option<Replays>,
}

/// What usually happens to the story of `outcome`, when replays were asked for and it was published.
fn usual(scenario: &Scenario, outcome: &Outcome, show: Show) -> Option<Replays> {
    (show.replays > 0)
        .then(|| replays::replays(scenario, outcome, show.replays, Threads::Pool))
        .flatten()
}

/// The outcome as JSON or as the readable summary, with its replays.
fn print_outcome(scenario: &Scenario, outcome: &Outcome, show: Show, usual: Option<Replays>) {
    if show.json {
        let json = OutcomeJson {
            outcome,
            replays: usual,
        };
        println!(
            "{}",
            serde_json::to_string_pretty(&json).expect("outcome serialises")
        );
    } else {
        print!("{}", summary(scenario, outcome, usual.as_ref()));
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
