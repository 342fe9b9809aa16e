//! The reprints of a story hour by hour, by kind of outlet, as an SVG chart drawn on the server (no script needed).

use maud::{Markup, PreEscaped, html};
use presscheck_engine::network::OutletKind;
use presscheck_engine::outcome::Spread;
use presscheck_engine::outlets::parse_colour;
use presscheck_engine::replays::Band;
use std::fmt::Write as _;

const WIDTH: f64 = 900.0;
const HEIGHT: f64 = 320.0;
const LEFT: f64 = 60.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 50.0;

/// All reprints of this run, and the band of the replays.
const ALL_COLOUR: &str = "#1d2730";
const BAND_COLOUR: &str = "#5f6b76";

/// The standard kinds' colours on the page's light background.
fn standard_colour(kind: OutletKind) -> &'static str {
    match kind {
        OutletKind::Own => ALL_COLOUR,
        OutletKind::DomesticPortal => "#0b5c8e",
        OutletKind::SelfMedia => "#b8860b",
        OutletKind::ForeignSite => "#a3261d",
    }
}

/// The kinds drawn, with their colours: a case's own, checked again here since they go into the SVG as they are.
fn series(spread: &Spread) -> Vec<(String, String)> {
    spread
        .by_kind()
        .into_iter()
        .map(|k| {
            let colour = match k.colour.as_deref().and_then(parse_colour) {
                Some([r, g, b]) => format!("#{r:02x}{g:02x}{b:02x}"),
                None => standard_colour(k.counts_as).to_string(),
            };
            (k.label, colour)
        })
        .collect()
}

/// Running totals of reprints by kind, hour by hour, with the first foreign pickup marked;
/// with replays, all reprints of this run against the replays' band (10th to 90th percentile).
pub fn reprints_by_hour(spread: &Spread, band: Option<(&[Band], u32)>) -> Markup {
    let hours = spread.hourly.len().max(1);
    let series = series(spread);
    let mut totals = vec![0u64; series.len()];
    let mut lines: Vec<Vec<(f64, u64)>> = vec![Vec::new(); series.len()];
    for (h, row) in spread.hourly.iter().enumerate() {
        for (k, add) in row.by_kind().into_iter().enumerate().take(series.len()) {
            totals[k] += u64::from(add);
            lines[k].push((h as f64, totals[k]));
        }
    }
    let all: Vec<(f64, u64)> = (0..spread.hourly.len())
        .map(|h| (h as f64, lines.iter().map(|l| l[h].1).sum()))
        .collect();
    let band = band.filter(|(b, _)| b.len() == spread.hourly.len() && !b.is_empty());
    let mut top = totals.iter().copied().max().unwrap_or(0).max(1);
    if let Some((b, _)) = band {
        let usual_top = b.iter().map(|r| u64::from(r.p90)).max().unwrap_or(0);
        top = top.max(usual_top).max(all.last().map_or(0, |p| p.1));
    }
    let step = nice_step(top as f64);
    let axis_top = (top as f64 / step).ceil() * step;
    let x = |h: f64| LEFT + (WIDTH - LEFT - RIGHT) * h / (hours.saturating_sub(1).max(1) as f64);
    let y = |v: f64| HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * v / axis_top;
    let mut svg = String::new();
    let label: Vec<String> = series
        .iter()
        .zip(&totals)
        .map(|((name, _), n)| format!("{n} {name}"))
        .collect();
    // The labels are the author's text: escaped, as every other text on the page.
    let label = html! { (label.join(", ")) }.into_string();
    let _ = write!(
        svg,
        "<svg viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"Reprints by hour: {label}\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"13\">"
    );
    let mut v = 0.0;
    while v <= axis_top + 1e-9 {
        let yy = y(v);
        let _ = write!(
            svg,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\" stroke=\"#dde3e8\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#5f6b76\">{}</text>",
            WIDTH - RIGHT,
            LEFT - 6.0,
            yy + 4.0,
            v as u64
        );
        v += step;
    }
    let tick = (hours / 8).max(1);
    for h in (0..hours).step_by(tick) {
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"#5f6b76\">{h}</text>",
            x(h as f64),
            HEIGHT - BOTTOM + 18.0
        );
    }
    let _ = write!(
        svg,
        "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"#5f6b76\">hours after publication</text>",
        LEFT + (WIDTH - LEFT - RIGHT) / 2.0,
        HEIGHT - 10.0
    );
    if let Some(first) = spread.first_foreign_hour {
        let xx = x(f64::from(first));
        let _ = write!(
            svg,
            "<line x1=\"{xx:.1}\" x2=\"{xx:.1}\" y1=\"{TOP}\" y2=\"{}\" stroke=\"#a3261d\" stroke-dasharray=\"5 4\"/><text x=\"{:.1}\" y=\"{}\" fill=\"#a3261d\">first foreign pickup, hour {first}</text>",
            HEIGHT - BOTTOM,
            xx + 5.0,
            TOP + 12.0
        );
    }
    if let Some((b, _)) = band {
        let upper = b
            .iter()
            .map(|r| format!("{:.1},{:.1}", x(f64::from(r.hour)), y(f64::from(r.p90))));
        let lower = b
            .iter()
            .rev()
            .map(|r| format!("{:.1},{:.1}", x(f64::from(r.hour)), y(f64::from(r.p10))));
        let points: Vec<String> = upper.chain(lower).collect();
        let _ = write!(
            svg,
            "<polygon fill=\"{BAND_COLOUR}\" fill-opacity=\"0.22\" stroke=\"none\" points=\"{}\"/>",
            points.join(" ")
        );
        let points: Vec<String> = all
            .iter()
            .map(|&(h, v)| format!("{:.1},{:.1}", x(h), y(v as f64)))
            .collect();
        let _ = write!(
            svg,
            "<polyline fill=\"none\" stroke=\"{ALL_COLOUR}\" stroke-width=\"2\" stroke-dasharray=\"6 3\" points=\"{}\"/>",
            points.join(" ")
        );
    }
    for (k, (_, colour)) in series.iter().enumerate() {
        let points: Vec<String> = lines[k]
            .iter()
            .map(|&(h, v)| format!("{:.1},{:.1}", x(h), y(v as f64)))
            .collect();
        let _ = write!(
            svg,
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"3\" points=\"{}\"/>",
            points.join(" ")
        );
    }
    svg.push_str("</svg>");
    html! {
        figure {
            (PreEscaped(svg))
            figcaption.row {
                @for (k, (name, colour)) in series.iter().enumerate() {
                    span { span style=(format!("display:inline-block;width:1rem;height:.3rem;background:{colour};vertical-align:middle")) {} " " (name) ": " strong { (totals[k]) } }
                }
                @if let Some((_, count)) = band {
                    span { span style=(format!("display:inline-block;width:1rem;height:.3rem;border-top:2px dashed {ALL_COLOUR};vertical-align:middle")) {} " all reprints, this run: " strong { (all.last().map_or(0, |p| p.1)) } }
                    span { span style=(format!("display:inline-block;width:1rem;height:.6rem;background:{BAND_COLOUR};opacity:.4;vertical-align:middle")) {} " usually (10th to 90th percentile of " (count) " replays)" }
                }
            }
        }
    }
}

/// A round step for about five grid lines up to `max`.
fn nice_step(max: f64) -> f64 {
    let raw = max / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let fraction = raw / magnitude;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    (nice * magnitude).max(1.0)
}

#[cfg(test)]
mod tests {
    use super::reprints_by_hour;
    use presscheck_engine::strategy::{self, Strategy};

    #[test]
    fn a_cases_own_kinds_are_drawn_in_their_colours_with_their_labels_escaped() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../scenarios/inspection-footage.ron"
        ))
        .unwrap()
        .replacen(
            r#"label: "broadcasters""#,
            r#"label: "<b>broadcasters</b> & co""#,
            1,
        );
        let s = presscheck_engine::load(text.as_bytes()).unwrap().scenario;
        let o = presscheck_engine::play(&s, 4, &strategy::decisions(&s, Strategy::PublishAll, 4))
            .unwrap();
        let html = reprints_by_hour(&o.spread, None).into_string();
        for colour in ["#9b6fd6", "#5aa9e6", "#e3b341", "#e0554d"] {
            assert!(html.contains(&format!("stroke=\"{colour}\"")), "{colour}");
        }
        assert!(
            html.contains("&lt;b&gt;broadcasters&lt;/b&gt; &amp; co"),
            "{html}"
        );
        assert!(!html.contains("<b>broadcasters"));
        let first = &o.spread.by_kind()[0];
        assert!(html.contains(&format!("{} &lt;b&gt;broadcasters", first.reprints)));
    }
}
