//! Checks of the outlet network's parameters: its size within the limits, and every chance and factor in range.

use super::checker::Checker;
use crate::diagnostics::Code;
use crate::limits::{MAX_AUDIENCE, MAX_CASCADE_HOURS, MAX_FOLLOWS, MAX_LINKS, MAX_OUTLETS};
use crate::limits::{MAX_KIND_DELAY, MAX_OUTLET_KINDS};
use crate::model::{NetworkParams, ScenarioFile};
use crate::outlets;
use std::collections::HashMap;

pub(crate) fn check(c: &mut Checker<'_>, file: &ScenarioFile) {
    let n = &file.network;
    let total = outlets::outlet_count(n);
    let custom = outlets::custom(n);
    if custom {
        outlet_kinds(c, n);
    } else if total == 1 {
        let d = c.error(
            Code::EmptyList,
            "network",
            "the network has no outlets but your own: nobody could reprint the story",
        );
        Checker::hint(
            d,
            "give `domestic_portals`, `self_media` and `foreign_sites`, or the case's own `outlet_kinds`",
        );
    }
    if total > MAX_OUTLETS {
        let d = c.error(
            Code::OverLimit,
            "network",
            format!("the network has {total} outlets, more than the limit of {MAX_OUTLETS}"),
        );
        Checker::hint(
            d,
            "reduce `self_media`, `domestic_portals` or `foreign_sites`",
        );
    }
    let links = total.saturating_sub(1) * u64::from(n.follows);
    if total <= MAX_OUTLETS && n.follows <= MAX_FOLLOWS && links > MAX_LINKS {
        let d = c.error(
            Code::OverLimit,
            "network.follows",
            format!(
                "{total} outlets each following {} others make {links} links, more than the limit of {MAX_LINKS}",
                n.follows
            ),
        );
        Checker::hint(d, "follow fewer outlets, or make the network smaller");
    }
    if !custom && n.foreign_sites == 0 {
        let d = c.warning(
            Code::NoForeignSites,
            "network.foreign_sites",
            "no foreign websites: the scenario cannot show foreign pickup",
        );
        Checker::hint(
            d,
            "foreign observers are a lesson of the source cases; add a few",
        );
    }
    if n.follows == 0 || n.follows > MAX_FOLLOWS {
        c.error(
            Code::OutOfRange,
            "network.follows",
            format!("`follows` is {}, outside 1 to {MAX_FOLLOWS}", n.follows),
        );
    }
    if n.hours == 0 || n.hours > MAX_CASCADE_HOURS {
        c.error(
            Code::OutOfRange,
            "network.hours",
            format!("`hours` is {}, outside 1 to {MAX_CASCADE_HOURS}", n.hours),
        );
    }
    c.fraction("network.domestic_reprint", n.domestic_reprint);
    c.fraction("network.self_media_reprint", n.self_media_reprint);
    c.fraction("network.foreign_pickup", n.foreign_pickup);
    c.fraction("network.foreign_baseline", n.foreign_baseline);
    if !(0.0..=10.0).contains(&n.interpretation_boost) || n.interpretation_boost.is_nan() {
        c.error(
            Code::OutOfRange,
            "network.interpretation_boost",
            format!(
                "`interpretation_boost` is {}, outside 0 to 10",
                n.interpretation_boost
            ),
        );
    }
    if !(n.news_saturation > 0.0 && n.news_saturation <= 1000.0) {
        c.error(
            Code::OutOfRange,
            "network.news_saturation",
            format!(
                "`news_saturation` is {}, outside 0 (exclusive) to 1000",
                n.news_saturation
            ),
        );
    }
    for (name, value) in [
        ("own", n.audience.own),
        ("domestic_portal", n.audience.domestic_portal),
        ("self_media", n.audience.self_media),
        ("foreign_site", n.audience.foreign_site),
    ] {
        if value > MAX_AUDIENCE {
            c.error(
                Code::OverLimit,
                &format!("network.audience.{name}"),
                format!("audience {value} is more than the limit of {MAX_AUDIENCE}"),
            );
        }
    }
}

/// A case's own outlet kinds: each one well formed, none of the standard counts beside them, and someone abroad.
fn outlet_kinds(c: &mut Checker<'_>, n: &NetworkParams) {
    for (field, count) in [
        ("domestic_portals", n.domestic_portals),
        ("self_media", n.self_media),
        ("foreign_sites", n.foreign_sites),
    ] {
        if count > 0 {
            let d = c.error(
                Code::KindsAndCounts,
                &format!("network.{field}"),
                format!(
                    "`{field}` is given beside `outlet_kinds`: with the case's own kinds, the standard ones are not used"
                ),
            );
            Checker::hint(
                d,
                "remove the standard counts, or add the kind they stand for to `outlet_kinds`",
            );
        }
    }
    if n.outlet_kinds.len() > MAX_OUTLET_KINDS {
        c.error(
            Code::OverLimit,
            "network.outlet_kinds",
            format!(
                "`outlet_kinds` has {} entries, more than the limit of {MAX_OUTLET_KINDS}",
                n.outlet_kinds.len()
            ),
        );
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (k, kind) in n.outlet_kinds.iter().enumerate() {
        let kp = format!("network.outlet_kinds[{k}]");
        c.id(&format!("{kp}.id"), &kind.id);
        if kind.id == "own" {
            c.error(
                Code::DuplicateId,
                &format!("{kp}.id"),
                "`own` is the id of your own outlet; give the kind another id",
            );
        } else if let Some(first) = seen.insert(&kind.id, k) {
            c.error(
                Code::DuplicateId,
                &format!("{kp}.id"),
                format!(
                    "duplicate outlet kind `{}`; it is already the id of kind {}",
                    kind.id,
                    first + 1
                ),
            );
        }
        c.text(&format!("{kp}.label"), &kind.label, true);
        c.fraction(&format!("{kp}.reprint"), kind.reprint);
        c.fraction(&format!("{kp}.baseline"), kind.baseline);
        if kind.delay_hours == 0 || kind.delay_hours > MAX_KIND_DELAY {
            c.error(
                Code::OutOfRange,
                &format!("{kp}.delay_hours"),
                format!(
                    "`delay_hours` is {}, outside 1 to {MAX_KIND_DELAY}",
                    kind.delay_hours
                ),
            );
        }
        if !(0.0..=10.0).contains(&kind.foreign_boost) || kind.foreign_boost.is_nan() {
            c.error(
                Code::OutOfRange,
                &format!("{kp}.foreign_boost"),
                format!("`foreign_boost` is {}, outside 0 to 10", kind.foreign_boost),
            );
        }
        if kind.audience > MAX_AUDIENCE {
            c.error(
                Code::OverLimit,
                &format!("{kp}.audience"),
                format!(
                    "audience {} is more than the limit of {MAX_AUDIENCE}",
                    kind.audience
                ),
            );
        }
        if outlets::parse_colour(&kind.colour).is_none() {
            let d = c.error(
                Code::BadColour,
                &format!("{kp}.colour"),
                format!("`{}` is not a colour", kind.colour),
            );
            Checker::hint(d, "write it as `\"#rrggbb\"`, for example `\"#d08c2b\"`");
        }
    }
    if !n.outlet_kinds.is_empty() && !n.outlet_kinds.iter().any(|k| k.foreign) {
        let d = c.warning(
            Code::NoForeignSites,
            "network.outlet_kinds",
            "no outlet kind is foreign: the scenario cannot show foreign pickup",
        );
        Checker::hint(
            d,
            "foreign observers are a lesson of the source cases; add a kind with `foreign: true`",
        );
    }
}
