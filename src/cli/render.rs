//! Diagnostics in the terminal: each problem with its code, the source line, the span underlined, labels and the hint.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use presscheck_engine::{Diagnostic, Severity};
use std::io::IsTerminal;

/// How diagnostics are drawn: in colour on a terminal, plain text otherwise.
pub fn renderer() -> Renderer {
    if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
}

/// One diagnostic, as `error[code]: message`, the file, line and column, a snippet when the text is at hand, and the hint.
pub fn render(renderer: &Renderer, d: &Diagnostic, file: &str, text: Option<&str>) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(d.message.as_str()).id(d.code.as_str());
    let mut group = match text.filter(|t| span_fits(t, d)) {
        Some(source) => {
            let mut snippet = Snippet::source(source).path(file).fold(true).annotation(
                AnnotationKind::Primary.span(d.span.start..d.span.end.max(d.span.start)),
            );
            for label in &d.labels {
                if label.span.end <= source.len() {
                    snippet = snippet.annotation(
                        AnnotationKind::Context
                            .span(label.span.start..label.span.end)
                            .label(label.message.as_str()),
                    );
                }
            }
            title.element(snippet)
        }
        None => title.element(Level::NOTE.message(format!("at {file}:{}:{}", d.line, d.column))),
    };
    if let Some(hint) = &d.hint {
        group = group.element(Level::HELP.with_name(Some("hint")).message(hint.as_str()));
    }
    let report: [Group<'_>; 1] = [group];
    renderer.render(&report).to_string()
}

/// Whether the span lies in the text, on character boundaries.
fn span_fits(text: &str, d: &Diagnostic) -> bool {
    d.span.end <= text.len()
        && text.is_char_boundary(d.span.start)
        && text.is_char_boundary(d.span.end)
}
