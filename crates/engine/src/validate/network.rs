//! Checks of the outlet network's parameters: its size within the limits, and every chance and factor in range.

use super::checker::Checker;
use crate::diagnostics::Code;
use crate::limits::{MAX_AUDIENCE, MAX_CASCADE_HOURS, MAX_FOLLOWS, MAX_LINKS, MAX_OUTLETS};
use crate::model::ScenarioFile;

pub(crate) fn check(c: &mut Checker<'_>, file: &ScenarioFile) {
    let n = &file.network;
    let total =
        u64::from(n.domestic_portals) + u64::from(n.self_media) + u64::from(n.foreign_sites) + 1;
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
    if n.foreign_sites == 0 {
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
