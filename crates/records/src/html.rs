//! Small pieces shared by every HTML page the records crate writes: escaping and the way rates and scores read.

/// Escapes text for HTML and SVG, in element content and in quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn trim_zero(s: String) -> String {
    match s.strip_suffix(".0%") {
        Some(head) => format!("{head}%"),
        None => s,
    }
}

/// A rate as a percentage with one decimal at most (`66.7%`, `50%`).
pub fn rate_pct(x: f64) -> String {
    trim_zero(format!("{:.1}%", 100.0 * x))
}

/// A score as a percentage, cut (not rounded) to one decimal, so 79.96% never shows as a pass mark of 80%.
pub fn score_pct(x: f64) -> String {
    let tenths = (x * 1000.0 + 1e-9).floor() / 10.0;
    trim_zero(format!("{tenths:.1}%"))
}
