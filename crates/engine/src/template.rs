//! A commented starter scenario for authors: complete, valid, balanced, and fictional.
//!
//! `presscheck new` writes it out; the author then rewrites the case. The
//! starter validates without warnings and its balance analysis has no
//! errors, so every later problem is the author's change, found as it is made.

pub use crate::limits::valid_id;

/// The starter scenario, with placeholders for the id and the title.
const STARTER: &str = include_str!("template/starter.ron");

/// A starter scenario with this id and title, as the text of a RON file.
///
/// Check `id` with [`valid_id`] first: an invalid id gives a file that
/// validation rejects. The title may contain any text; it is escaped.
pub fn starter(id: &str, title: &str) -> String {
    // One line, so it can also stand in the header comment.
    let line: String = title
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let quoted = line.replace('\\', "\\\\").replace('"', "\\\"");
    // One pass, so that a title that happens to contain a placeholder stays as written.
    let placeholders = [
        ("__ID__", id),
        ("__TITLE_LINE__", line.as_str()),
        ("__TITLE__", quoted.as_str()),
    ];
    let mut out = String::with_capacity(STARTER.len() + 2 * title.len());
    let mut rest = STARTER;
    while let Some((at, name, value)) = placeholders
        .iter()
        .filter_map(|(name, value)| rest.find(name).map(|at| (at, *name, *value)))
        .min_by_key(|(at, name, _)| (*at, std::cmp::Reverse(name.len())))
    {
        out.push_str(&rest[..at]);
        out.push_str(value);
        rest = &rest[at + name.len()..];
    }
    out.push_str(rest);
    out
}
