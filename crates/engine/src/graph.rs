//! The stage graph as Graphviz DOT or Mermaid text: one node per stage, one edge per choice, the endings, the model play in bold green.
//!
//! Stages are boxes labelled with their title and id; the start stage has a
//! double border and an arrow from a start mark. Each choice is an edge
//! labelled with its label and, when it costs time, its hours; a choice with
//! `requires` conditions is drawn dashed. Choices that publish or hold lead
//! to a "Published" or "Held" ending node. The model play's stages, choices
//! and ending are drawn bold and green.

use crate::model::{Choice, Effect};
use crate::scenario::Scenario;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Colour of the model play.
const MODEL_COLOUR: &str = "#1a7f37";
/// Longest line of a label before it wraps.
const WRAP: usize = 36;

/// Where a choice leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    Stage(usize),
    Published,
    Held,
}

struct Edge<'a> {
    from: usize,
    to: Target,
    choice: &'a Choice,
    model: bool,
}

struct Graph<'a> {
    edges: Vec<Edge<'a>>,
    model_stages: BTreeSet<usize>,
    endings: BTreeSet<Target>,
    model_ending: Option<Target>,
}

fn build(scenario: &Scenario) -> Graph<'_> {
    let model: BTreeSet<(&str, &str)> = scenario
        .file
        .model_play
        .iter()
        .map(|s| (s.0.as_str(), s.1.as_str()))
        .collect();
    let mut graph = Graph {
        edges: Vec::new(),
        model_stages: BTreeSet::new(),
        endings: BTreeSet::new(),
        model_ending: None,
    };
    for (s, stage) in scenario.file.stages.iter().enumerate() {
        for choice in &stage.choices {
            let to = if choice.effects.contains(&Effect::Publish) {
                Target::Published
            } else if choice.effects.contains(&Effect::Hold) {
                Target::Held
            } else if let Some(t) = choice.next.as_deref().and_then(|n| scenario.stage_ix(n)) {
                Target::Stage(t)
            } else {
                continue;
            };
            let on_model = model.contains(&(stage.id.as_str(), choice.id.as_str()));
            if on_model {
                graph.model_stages.insert(s);
                match to {
                    Target::Stage(t) => {
                        graph.model_stages.insert(t);
                    }
                    ending => graph.model_ending = Some(ending),
                }
            }
            if matches!(to, Target::Published | Target::Held) {
                graph.endings.insert(to);
            }
            graph.edges.push(Edge {
                from: s,
                to,
                choice,
                model: on_model,
            });
        }
    }
    graph
}

/// Splits text into lines of at most [`WRAP`] characters at spaces (longer words stay whole).
fn wrap(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WRAP {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The lines of a choice's edge label: its label, then its hours when it costs time.
fn choice_lines(choice: &Choice) -> Vec<String> {
    let mut lines = wrap(&choice.label);
    if choice.hours > 0.0 {
        lines.push(format!("({} h)", choice.hours));
    }
    lines
}

fn stage_lines(scenario: &Scenario, s: usize) -> Vec<String> {
    let stage = scenario.stage(s);
    let mut lines = wrap(&stage.title);
    lines.push(format!("({})", stage.id));
    lines
}

fn ending_label(target: Target) -> &'static str {
    match target {
        Target::Published => "Published",
        Target::Held => "Held",
        Target::Stage(_) => "",
    }
}

/// Escapes text for a double-quoted DOT string.
fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            // A backslash starts an escape sequence in DOT labels (`\n`, `\l`, `\N`, ...).
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Lines as one DOT label: each escaped, joined by DOT's `\n` line break.
fn dot_label(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| dot_escape(l))
        .collect::<Vec<_>>()
        .join("\\n")
}

fn dot_node(target: Target) -> String {
    match target {
        Target::Stage(s) => format!("s{s}"),
        Target::Published => "published".to_string(),
        Target::Held => "held".to_string(),
    }
}

/// The stage graph in Graphviz DOT: `dot -Tsvg graph.dot > graph.svg`.
pub fn to_dot(scenario: &Scenario) -> String {
    let g = build(scenario);
    let file = &scenario.file;
    let mut out = String::new();
    let _ = writeln!(out, "digraph \"{}\" {{", dot_escape(&file.id));
    let _ = writeln!(
        out,
        "    graph [label=\"{}\", labelloc=t, fontname=\"Helvetica\"];",
        dot_label(&[file.title.clone(), format!("({})", file.id)])
    );
    out.push_str("    node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
    out.push_str("    edge [fontname=\"Helvetica\", fontsize=10];\n");
    let model = format!("color=\"{MODEL_COLOUR}\", penwidth=3");
    let _ = writeln!(out, "    start [shape=point, width=0.15, label=\"\"];");
    for (s, _) in file.stages.iter().enumerate() {
        let mut attrs = vec![format!(
            "label=\"{}\"",
            dot_label(&stage_lines(scenario, s))
        )];
        if s == scenario.start() {
            attrs.push("peripheries=2".to_string());
        }
        if g.model_stages.contains(&s) {
            attrs.push(model.clone());
            attrs.push("fontname=\"Helvetica-Bold\"".to_string());
        }
        let _ = writeln!(out, "    s{s} [{}];", attrs.join(", "));
    }
    for &ending in &g.endings {
        let mut attrs = vec![
            format!("label=\"{}\"", ending_label(ending)),
            format!(
                "shape={}",
                if ending == Target::Published {
                    "doubleoctagon"
                } else {
                    "octagon"
                }
            ),
        ];
        if g.model_ending == Some(ending) {
            attrs.push(model.clone());
            attrs.push("fontname=\"Helvetica-Bold\"".to_string());
        }
        let _ = writeln!(out, "    {} [{}];", dot_node(ending), attrs.join(", "));
    }
    let start_model = if g.model_stages.contains(&scenario.start()) {
        format!(" [{model}]")
    } else {
        String::new()
    };
    let _ = writeln!(out, "    start -> s{}{start_model};", scenario.start());
    for e in &g.edges {
        let mut attrs = vec![format!("label=\"{}\"", dot_label(&choice_lines(e.choice)))];
        if !e.choice.requires.is_empty() {
            attrs.push("style=dashed".to_string());
        }
        if e.model {
            attrs.push(model.clone());
            attrs.push(format!("fontcolor=\"{MODEL_COLOUR}\""));
        }
        let _ = writeln!(
            out,
            "    s{} -> {} [{}];",
            e.from,
            dot_node(e.to),
            attrs.join(", ")
        );
    }
    out.push_str("}\n");
    out
}

/// Escapes text for a double-quoted Mermaid label, with Mermaid's `#code;` entities.
fn mermaid_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            // A backtick would start a Markdown string; a pipe ends an edge label.
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn mermaid_label(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| mermaid_escape(l))
        .collect::<Vec<_>>()
        .join("<br/>")
}

/// The stage graph as a Mermaid flowchart, for Markdown that renders Mermaid.
pub fn to_mermaid(scenario: &Scenario) -> String {
    let g = build(scenario);
    let file = &scenario.file;
    let mut out = String::new();
    // The title sits in YAML front matter: single-quoted, where only `'` needs doubling.
    let title: String = format!("{} ({})", file.title, file.id)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let _ = writeln!(out, "---\ntitle: '{}'\n---", title.replace('\'', "''"));
    out.push_str("flowchart TD\n");
    out.push_str("    start((\" \"))\n");
    for (s, _) in file.stages.iter().enumerate() {
        let label = mermaid_label(&stage_lines(scenario, s));
        if s == scenario.start() {
            // A double-bordered node marks where play begins.
            let _ = writeln!(out, "    s{s}[[\"{label}\"]]");
        } else {
            let _ = writeln!(out, "    s{s}[\"{label}\"]");
        }
    }
    for &ending in &g.endings {
        let _ = writeln!(
            out,
            "    {}{{{{\"{}\"}}}}",
            dot_node(ending),
            ending_label(ending)
        );
    }
    // Links are numbered in the order written, for `linkStyle`.
    let mut model_links = Vec::new();
    let _ = writeln!(out, "    start --> s{}", scenario.start());
    if g.model_stages.contains(&scenario.start()) {
        model_links.push(0);
    }
    for (i, e) in g.edges.iter().enumerate() {
        let arrow = if e.choice.requires.is_empty() {
            "-->"
        } else {
            "-.->"
        };
        let _ = writeln!(
            out,
            "    s{} {arrow}|\"{}\"| {}",
            e.from,
            mermaid_label(&choice_lines(e.choice)),
            dot_node(e.to)
        );
        if e.model {
            model_links.push(i + 1);
        }
    }
    let _ = writeln!(
        out,
        "    classDef model stroke:{MODEL_COLOUR},stroke-width:3px,font-weight:bold"
    );
    let mut model_nodes: Vec<String> = g.model_stages.iter().map(|s| format!("s{s}")).collect();
    if let Some(ending) = g.model_ending {
        model_nodes.push(dot_node(ending));
    }
    if !model_nodes.is_empty() {
        let _ = writeln!(out, "    class {} model", model_nodes.join(","));
    }
    if !model_links.is_empty() {
        let list: Vec<String> = model_links.iter().map(usize::to_string).collect();
        let _ = writeln!(
            out,
            "    linkStyle {} stroke:{MODEL_COLOUR},stroke-width:3px",
            list.join(",")
        );
    }
    out
}
