//! The frame of every page: the document, the header with the three text sizes, and the banners that say what went wrong.

use maud::{DOCTYPE, Markup, html};

/// Text sizes, for phones up to the back of a training room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextSize {
    /// Compact.
    Small,
    /// The default.
    #[default]
    Medium,
    /// For projectors.
    Large,
}

impl TextSize {
    /// Every size, smallest first.
    pub const ALL: [TextSize; 3] = [TextSize::Small, TextSize::Medium, TextSize::Large];

    /// The word in the cookie and the page.
    pub fn name(self) -> &'static str {
        match self {
            TextSize::Small => "small",
            TextSize::Medium => "medium",
            TextSize::Large => "large",
        }
    }

    /// From the word.
    pub fn from_name(name: &str) -> Option<TextSize> {
        TextSize::ALL.into_iter().find(|s| s.name() == name)
    }

    fn letter_size(self) -> &'static str {
        match self {
            TextSize::Small => "font-size:.8em",
            TextSize::Medium => "font-size:1em",
            TextSize::Large => "font-size:1.25em",
        }
    }
}

/// A whole page: `title`, the text size, what the header says on the right, and the body.
pub fn page(title: &str, size: TextSize, back_to: &str, right: Markup, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" data-size=(size.name()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — Press Check" }
                link rel="stylesheet" href="/static/app.css";
                script src="/static/app.js" defer {}
            }
            body {
                header.top {
                    a.brand href="/" { "Press Check" }
                    div.row {
                        (right)
                        nav.sizes aria-label="Text size" {
                            "Text size"
                            @for s in TextSize::ALL {
                                @if s == size {
                                    span style=(s.letter_size()) aria-current="true" { "A" }
                                } @else {
                                    a style=(s.letter_size()) href=(format!("/text-size?to={}&back={}", s.name(), urlencode(back_to))) title=(format!("{} text", s.name())) { "A" }
                                }
                            }
                        }
                    }
                }
                main { (body) }
            }
        }
    }
}

/// A red banner: what went wrong, in words for the person reading.
pub fn error_banner(message: &str) -> Markup {
    html! { div.banner.error role="alert" { (message) } }
}

/// A blue banner: something to know.
pub fn note_banner(message: &str) -> Markup {
    html! { div.banner.note role="status" { (message) } }
}

/// Percent-encodes text for a query string.
pub fn urlencode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A number with thousands separators: 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A share as a whole percentage.
pub fn pct(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}
