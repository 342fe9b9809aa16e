//! Playing in the terminal: the briefing, the materials, numbered choices, item edits, and a record of the run, finished or left.

use super::super::output::short;
use super::{Recording, Show, print_outcome, usual};
use presscheck_engine::desk_form::DeskForm;
use presscheck_engine::run::Decision;
use presscheck_engine::treatment::{self, Treatment};
use presscheck_engine::{Run, RunError, Scenario};
use presscheck_records::record::Recorder;
use std::io::{BufRead, Write};
use std::process::ExitCode;

/// One letter for each treatment in the edit menu.
fn letter(t: Treatment) -> &'static str {
    match t {
        Treatment::Keep => "k",
        Treatment::Generalise => "g",
        Treatment::Redact => "r",
    }
}

/// Plays in the terminal with numbered choices, after the `prefix` decisions.
pub(super) fn play(
    scenario: &Scenario,
    seed: u64,
    prefix: &[Decision],
    show: Show,
    recording: Option<Recording>,
    started: jiff::Timestamp,
) -> ExitCode {
    let f = &scenario.file;
    let mut recorder = recording
        .as_ref()
        .map(|r| Recorder::start(scenario, seed, r.context.clone(), started));
    // An abandoned run is recorded too, so the trainer sees who left and where.
    let abandon = |recorder: Option<Recorder>| -> ExitCode {
        if let (Some(recording), Some(recorder)) = (&recording, recorder)
            && let Err(m) = recording.write(recorder.abandon(jiff::Timestamp::now()))
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
    println!("{}", scenario.deadline_sentence());
    println!("\nObjectives:");
    for o in &f.objectives {
        println!("  - {o}");
    }
    print_materials(scenario);
    let mut run = Run::new(scenario, seed);
    for d in prefix {
        if let Err(e) = run.apply(d) {
            eprintln!("error: {d}: {e}");
            return ExitCode::FAILURE;
        }
    }
    // Applies a decision through the engine and notes it in the record.
    let mut decide = |run: &mut Run<'_>, d: Decision| -> Result<(), RunError> {
        match recorder.as_mut() {
            Some(r) => r.apply(run, &d, jiff::Timestamp::now()),
            None => run.apply(&d),
        }
    };
    while let Some(stage) = run.current_stage() {
        println!(
            "\n--- {} --- (clock {}, {:.1} h to the deadline)",
            stage.title,
            scenario.clock(run.hours_used()),
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
                    let keys: Vec<&str> =
                        treatment::offered(item).into_iter().map(letter).collect();
                    println!(
                        "  {:2}) [{state}] {}  ({})",
                        i + 1,
                        item.text,
                        keys.join(", ")
                    );
                    if let Some(g) = &item.generalised {
                        println!("        general wording (g): {}", g.text);
                    }
                }
                let Some(a) = ask("edit (number and k/g/r, empty to finish)> ") else {
                    break;
                };
                if a.is_empty() {
                    break;
                }
                let mut parts = a.split_whitespace();
                let n = parts.next().and_then(|n| n.parse::<usize>().ok());
                let t = parts.next().and_then(|t| t.parse::<Treatment>().ok());
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
            let usual = usual(scenario, &outcome, show);
            if let (Some(recording), Some(recorder)) = (&recording, recorder)
                && let Err(m) = recording.write(recorder.finish_with_usual(
                    &outcome,
                    usual.as_ref(),
                    jiff::Timestamp::now(),
                ))
            {
                eprintln!("error: {m}");
                return ExitCode::FAILURE;
            }
            println!();
            print_outcome(scenario, &outcome, show, usual);
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
        let form = m.kind.form();
        println!("\n  [{}] {}", m.kind.label(), m.title);
        if !m.markings.is_empty() {
            println!("    Markings: {}", m.markings.join(" · "));
        }
        if !m.source.is_empty() {
            let who = if form == DeskForm::Post {
                "Posted by"
            } else {
                "Source"
            };
            println!("    {who}: {}", m.source);
        }
        if !m.description.is_empty() {
            match form {
                DeskForm::Photo => println!("    [ photograph ] {}", m.description),
                DeskForm::Recording => println!("    [ recording ] {}", m.description),
                _ => println!("    {}", m.description),
            }
        }
        if form == DeskForm::Sheet && !m.columns.is_empty() {
            println!("    | {} |", m.columns.join(" | "));
        }
        for (n, item) in m.items.iter().enumerate() {
            match form {
                DeskForm::Sheet => println!("    | {} |", item.row().join(" | ")),
                DeskForm::Photo => println!("    - Caption: {}", item.text),
                DeskForm::Recording => println!("    {:>2}. \u{201c}{}\u{201d}", n + 1, item.text),
                DeskForm::Paper | DeskForm::Post => println!("    - {}", item.text),
            }
            // What the window shows in the margin: the marks and notes a careful reader spots.
            for cue in &item.cues {
                println!("        margin: {cue}");
            }
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
                treatment::wording(item, Treatment::Generalise).text
            ),
            Treatment::Redact => println!("  ✂ cut: {}", short(&item.text)),
        }
    }
}
