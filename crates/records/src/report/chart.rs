//! Charts as inline SVG, written by hand: the score histogram and results over time.
//!
//! System fonts only (the page names none), axes with ticks and titles, a
//! legend, and a `<title>` on every bar so a hover shows the exact numbers.

use super::model::{BINS, DayRow, ScenarioReport, ratio};
use crate::html::{escape, rate_pct};
use jiff::Span;
use jiff::civil::Date;
use std::fmt::Write as _;

/// At or above the pass mark (Okabe–Ito bluish green, readable with colour blindness).
pub(super) const PASS: &str = "#009E73";
/// Below the pass mark (vermillion).
pub(super) const FAIL: &str = "#D55E00";
/// A histogram bin that holds the pass mark (orange).
const MIXED: &str = "#E69F00";
/// Abandoned runs.
const ABANDONED: &str = "#AAB2BA";
/// The pass-rate line (blue).
const LINE: &str = "#0072B2";
const AXIS: &str = "#5f6b76";
const GRID: &str = "#e3e7eb";

/// A step of 1, 2 or 5 times a power of ten giving about `ticks` ticks up to `max`.
fn nice_step(max: f64, ticks: usize) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let raw = max / ticks as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let norm = raw / magnitude;
    let step = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    (step * magnitude).max(1.0)
}

/// The top of a count axis and its step.
fn count_axis(max: usize) -> (f64, f64) {
    let step = nice_step(max.max(1) as f64, 5);
    let top = ((max.max(1) as f64) / step).ceil() * step;
    (top, step)
}

fn open(svg: &mut String, w: f64, h: f64, label: &str) {
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{}\" font-family=\"system-ui,-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif\" font-size=\"11\" fill=\"#1d232a\">",
        escape(label)
    );
}

fn swatch(svg: &mut String, x: f64, y: f64, colour: &str, label: &str) -> f64 {
    let _ = write!(
        svg,
        "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{y:.1}\">{}</text>",
        y - 10.0,
        x + 16.0,
        escape(label)
    );
    // Roughly 6 px per character at 11 px.
    x + 16.0 + 6.0 * label.chars().count() as f64 + 18.0
}

/// The plotting area: left, right, top and bottom edges in SVG units.
#[derive(Clone, Copy)]
struct Area {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

/// Left count axis with grid lines and a rotated title.
fn count_axis_svg(svg: &mut String, (top, step): (f64, f64), area: Area, title: &str) {
    let Area { x0, x1, y0, y1 } = area;
    let mut v = 0.0;
    while v <= top + 1e-9 {
        let y = y1 - (y1 - y0) * v / top;
        let _ = write!(
            svg,
            "<line x1=\"{x0}\" x2=\"{x1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{GRID}\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"{AXIS}\">{v}</text>",
            x0 - 6.0,
            y + 4.0
        );
        v += step;
    }
    let _ = write!(
        svg,
        "<line x1=\"{x0}\" x2=\"{x0}\" y1=\"{y0}\" y2=\"{y1}\" stroke=\"{AXIS}\"/><line x1=\"{x0}\" x2=\"{x1}\" y1=\"{y1}\" y2=\"{y1}\" stroke=\"{AXIS}\"/><text transform=\"translate(14 {:.1}) rotate(-90)\" text-anchor=\"middle\" fill=\"{AXIS}\">{}</text>",
        (y0 + y1) / 2.0,
        escape(title)
    );
}

/// The score histogram: finished runs per 10-point score band, the pass mark as a dashed line.
pub(super) fn histogram(s: &ScenarioReport) -> String {
    let (w, h) = (640.0, 300.0);
    let (x0, x1, y0, y1) = (56.0, 620.0, 40.0, 246.0);
    let max = s.histogram.iter().copied().max().unwrap_or(0);
    let (top, step) = count_axis(max);
    let mut svg = String::with_capacity(6000);
    open(
        &mut svg,
        w,
        h,
        &format!("Score distribution of the finished runs of {}", s.title),
    );
    count_axis_svg(
        &mut svg,
        (top, step),
        Area { x0, x1, y0, y1 },
        "finished runs",
    );
    let bw = (x1 - x0) / BINS as f64;
    let mark = s.pass_mark.clamp(0.0, 1.0);
    let mut mixed = false;
    for (i, &n) in s.histogram.iter().enumerate() {
        let (lo, hi) = (i as f64 / BINS as f64, (i + 1) as f64 / BINS as f64);
        let fill = if lo >= mark - 1e-9 {
            PASS
        } else if hi <= mark + 1e-9 {
            FAIL
        } else {
            mixed = true;
            MIXED
        };
        let bh = (y1 - y0) * n as f64 / top;
        let x = x0 + bw * i as f64;
        let band = if i + 1 == BINS {
            format!("{}–100%", i * 10)
        } else {
            format!("{}–{}%", i * 10, (i + 1) * 10)
        };
        let _ = write!(
            svg,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"{fill}\"><title>score {band}: {n} runs</title></rect>",
            x + 3.0,
            y1 - bh,
            bw - 6.0
        );
        if n > 0 {
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{n}</text>",
                x + bw / 2.0,
                y1 - bh - 4.0
            );
        }
    }
    for i in 0..=BINS {
        let x = x0 + bw * i as f64;
        let _ = write!(
            svg,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{y1}\" y2=\"{:.1}\" stroke=\"{AXIS}\"/><text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{AXIS}\">{}</text>",
            y1 + 4.0,
            y1 + 17.0,
            i * 10
        );
    }
    let px = x0 + (x1 - x0) * mark;
    let (anchor, dx) = if mark > 0.7 {
        ("end", -5.0)
    } else {
        ("start", 5.0)
    };
    let _ = write!(
        svg,
        "<line x1=\"{px:.1}\" x2=\"{px:.1}\" y1=\"{:.1}\" y2=\"{y1}\" stroke=\"#1d232a\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\" font-weight=\"600\">pass mark {}</text>",
        y0 - 6.0,
        px + dx,
        y0 + 6.0,
        rate_pct(mark)
    );
    let _ = write!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{AXIS}\">score (%), in bands of 10 points</text>",
        (x0 + x1) / 2.0,
        y1 + 38.0
    );
    let mut lx = x0;
    lx = swatch(&mut svg, lx, 18.0, PASS, "at or above the pass mark");
    lx = swatch(&mut svg, lx, 18.0, FAIL, "below the pass mark");
    if mixed {
        swatch(&mut svg, lx, 18.0, MIXED, "band holding the pass mark");
    }
    svg.push_str("</svg>");
    svg
}

/// How wide one bar of the results-over-time chart is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

impl Unit {
    fn start(self, d: Date) -> Date {
        match self {
            Unit::Day => d,
            Unit::Week => d
                .checked_sub(Span::new().days(d.weekday().to_monday_zero_offset()))
                .unwrap_or(d),
            Unit::Month => d.first_of_month(),
            Unit::Year => d.first_of_year(),
        }
    }

    fn next(self, d: Date) -> Option<Date> {
        let span = match self {
            Unit::Day => Span::new().days(1),
            Unit::Week => Span::new().weeks(1),
            Unit::Month => Span::new().months(1),
            Unit::Year => Span::new().years(1),
        };
        d.checked_add(span).ok()
    }

    fn label(self, d: Date) -> String {
        let f = match self {
            Unit::Day | Unit::Week => "%b %-d",
            Unit::Month => "%b %Y",
            Unit::Year => "%Y",
        };
        d.strftime(f).to_string()
    }

    fn per(self) -> &'static str {
        match self {
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Year => "year",
        }
    }
}

/// One bar: the runs of one day, week, month or year.
#[derive(Debug, Clone)]
struct Bucket {
    start: Date,
    runs: usize,
    finished: usize,
    passed: usize,
}

/// Days grouped into bars of a width that keeps the chart readable; empty periods in between are shown empty.
fn buckets(days: &[DayRow]) -> (Unit, Vec<Bucket>) {
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return (Unit::Day, Vec::new());
    };
    let span_days = first
        .date
        .until(last.date)
        .map(|s| s.get_days())
        .unwrap_or(i32::MAX);
    let unit = if span_days <= 62 {
        Unit::Day
    } else if span_days <= 400 {
        Unit::Week
    } else if span_days <= 3660 {
        Unit::Month
    } else {
        Unit::Year
    };
    let mut out: Vec<Bucket> = Vec::new();
    // Every period from the first to the last, so gaps show as gaps.
    let (from, to) = (unit.start(first.date), unit.start(last.date));
    let mut d = from;
    while d <= to && out.len() <= 10_000 {
        out.push(Bucket {
            start: d,
            runs: 0,
            finished: 0,
            passed: 0,
        });
        match unit.next(d) {
            Some(n) => d = n,
            None => break,
        }
    }
    let mut i = 0;
    for day in days {
        let start = unit.start(day.date);
        while i + 1 < out.len() && out[i + 1].start <= start {
            i += 1;
        }
        if let Some(b) = out.get_mut(i) {
            b.runs += day.runs;
            b.finished += day.finished;
            b.passed += day.passed;
        }
    }
    (unit, out)
}

/// Runs per period as stacked bars (passed, failed, abandoned) and the pass rate as a line on a second axis.
pub(super) fn over_time(days: &[DayRow]) -> String {
    let (unit, bars) = buckets(days);
    if bars.is_empty() {
        return "<p class=\"muted\">No runs yet.</p>".into();
    }
    let (w, h) = (720.0, 320.0);
    let (x0, x1, y0, y1) = (56.0, 660.0, 44.0, 258.0);
    let max = bars.iter().map(|b| b.runs).max().unwrap_or(0);
    let (top, step) = count_axis(max);
    let per = unit.per();
    let mut svg = String::with_capacity(8000 + 400 * bars.len());
    open(&mut svg, w, h, &format!("Runs and pass rate per {per}"));
    count_axis_svg(
        &mut svg,
        (top, step),
        Area { x0, x1, y0, y1 },
        &format!("runs per {per}"),
    );
    // Right axis: pass rate.
    for q in 0..=4 {
        let y = y1 - (y1 - y0) * f64::from(q) / 4.0;
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"{LINE}\">{}%</text>",
            x1 + 6.0,
            y + 4.0,
            q * 25
        );
    }
    let _ = write!(
        svg,
        "<line x1=\"{x1}\" x2=\"{x1}\" y1=\"{y0}\" y2=\"{y1}\" stroke=\"{LINE}\"/><text transform=\"translate({:.1} {:.1}) rotate(90)\" text-anchor=\"middle\" fill=\"{LINE}\">pass rate (of finished runs)</text>",
        w - 12.0,
        (y0 + y1) / 2.0
    );
    let slot = (x1 - x0) / bars.len() as f64;
    let bar_w = (slot * 0.7).max(0.5);
    let label_every = bars.len().div_ceil(10).max(1);
    let mut segments: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (i, b) in bars.iter().enumerate() {
        let cx = x0 + slot * (i as f64 + 0.5);
        let failed = b.finished - b.passed;
        let abandoned = b.runs - b.finished;
        let rate = ratio(b.passed, b.finished);
        let tip = format!(
            "{} {}: {} runs — {} passed, {} failed, {} abandoned{}",
            per,
            b.start,
            b.runs,
            b.passed,
            failed,
            abandoned,
            rate.map(|r| format!("; pass rate {}", rate_pct(r)))
                .unwrap_or_default()
        );
        let mut y = y1;
        for (n, colour) in [(b.passed, PASS), (failed, FAIL), (abandoned, ABANDONED)] {
            if n == 0 {
                continue;
            }
            let bh = (y1 - y0) * n as f64 / top;
            let _ = write!(
                svg,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bar_w:.1}\" height=\"{bh:.1}\" fill=\"{colour}\"><title>{}</title></rect>",
                cx - bar_w / 2.0,
                y - bh,
                escape(&tip)
            );
            y -= bh;
        }
        match (rate, segments.last_mut()) {
            (Some(r), Some(segment)) => segment.push((cx, y1 - (y1 - y0) * r)),
            // No finished runs: no pass rate, so the line breaks here.
            _ => segments.push(Vec::new()),
        }
        if i % label_every == 0 || i + 1 == bars.len() && bars.len() <= 10 {
            let _ = write!(
                svg,
                "<line x1=\"{cx:.1}\" x2=\"{cx:.1}\" y1=\"{y1}\" y2=\"{:.1}\" stroke=\"{AXIS}\"/><text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{AXIS}\">{}</text>",
                y1 + 4.0,
                y1 + 17.0,
                unit.label(b.start)
            );
        }
    }
    for seg in segments.iter().filter(|s| !s.is_empty()) {
        let points: Vec<String> = seg.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        if seg.len() > 1 {
            let _ = write!(
                svg,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"2\"/>",
                points.join(" ")
            );
        }
        for (x, y) in seg {
            let _ = write!(
                svg,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2.8\" fill=\"{LINE}\"/>"
            );
        }
    }
    let years = match (bars.first(), bars.last()) {
        (Some(a), Some(b)) if a.start.year() == b.start.year() => a.start.year().to_string(),
        (Some(a), Some(b)) => format!("{}–{}", a.start.year(), b.start.year()),
        _ => String::new(),
    };
    let axis_title = match unit {
        Unit::Day => format!("day the run started (UTC), {years}"),
        Unit::Week => format!("week starting Monday (UTC), {years}"),
        Unit::Month | Unit::Year => "when the runs started (UTC)".to_string(),
    };
    let _ = write!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{AXIS}\">{}</text>",
        (x0 + x1) / 2.0,
        y1 + 40.0,
        escape(&axis_title)
    );
    let mut lx = x0;
    lx = swatch(&mut svg, lx, 18.0, PASS, "passed");
    lx = swatch(&mut svg, lx, 18.0, FAIL, "failed");
    lx = swatch(&mut svg, lx, 18.0, ABANDONED, "abandoned");
    let _ = write!(
        svg,
        "<line x1=\"{lx:.1}\" x2=\"{:.1}\" y1=\"12\" y2=\"12\" stroke=\"{LINE}\" stroke-width=\"2\"/><circle cx=\"{:.1}\" cy=\"12\" r=\"2.8\" fill=\"{LINE}\"/><text x=\"{:.1}\" y=\"16\">pass rate</text></svg>",
        lx + 18.0,
        lx + 9.0,
        lx + 24.0
    );
    svg
}

/// A small horizontal bar for a share in a table cell.
pub(super) fn share_bar(share: f64, colour: &str) -> String {
    let w = (160.0 * share.clamp(0.0, 1.0)).max(if share > 0.0 { 1.0 } else { 0.0 });
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"160\" height=\"12\" viewBox=\"0 0 160 12\" aria-hidden=\"true\"><rect width=\"160\" height=\"12\" fill=\"{GRID}\"/><rect width=\"{w:.1}\" height=\"12\" fill=\"{colour}\"/></svg>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str, runs: usize, finished: usize, passed: usize) -> DayRow {
        DayRow {
            date: s.parse().unwrap(),
            runs,
            finished,
            passed,
            score_sum: 0.0,
        }
    }

    #[test]
    fn steps_are_round() {
        assert_eq!(count_axis(0), (1.0, 1.0));
        assert_eq!(count_axis(7), (8.0, 2.0));
        assert_eq!(count_axis(37), (40.0, 10.0));
        assert_eq!(count_axis(1234), (1500.0, 500.0));
    }

    #[test]
    fn gaps_between_days_are_kept_and_long_spans_grouped() {
        let (unit, bars) = buckets(&[day("2026-11-02", 3, 2, 1), day("2026-11-05", 1, 1, 1)]);
        assert_eq!(unit, Unit::Day);
        assert_eq!(bars.len(), 4);
        assert_eq!(
            bars.iter().map(|b| b.runs).collect::<Vec<_>>(),
            [3, 0, 0, 1]
        );
        let (unit, bars) = buckets(&[day("2026-01-05", 1, 1, 0), day("2026-06-30", 2, 2, 2)]);
        assert_eq!(unit, Unit::Week);
        assert_eq!(
            bars.first().map(|b| b.start.to_string()).as_deref(),
            Some("2026-01-05")
        );
        assert_eq!(bars.iter().map(|b| b.runs).sum::<usize>(), 3);
        let (unit, bars) = buckets(&[day("2024-01-05", 1, 1, 0), day("2026-06-30", 2, 2, 2)]);
        assert_eq!(unit, Unit::Month);
        assert_eq!(bars.len(), 30);
    }
}
