//! The kinds of outlet in a scenario's network: the own outlet, then the standard three or the case's own kinds; what drives each one's reprints, its delay, and how it counts.
//!
//! Kind 0 is always the own outlet. Without `outlet_kinds` the standard
//! kinds follow (domestic portals, self-media accounts, foreign websites),
//! with the chances the format has always had, to the last bit; with them,
//! the case's kinds follow in the order written.

use crate::model::{Driver, NetworkParams};
use serde::{Deserialize, Serialize};

/// How an outlet counts in the spread's totals, the score's exposure and the repercussion triggers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutletKind {
    /// The player's own outlet, which publishes first.
    Own,
    /// A domestic news portal (and any domestic kind a case defines).
    DomesticPortal,
    /// A self-media account.
    SelfMedia,
    /// A foreign website (and any foreign kind a case defines).
    ForeignSite,
}

impl OutletKind {
    /// All standard kinds, in network order.
    pub const ALL: [OutletKind; 4] = [
        OutletKind::Own,
        OutletKind::DomesticPortal,
        OutletKind::SelfMedia,
        OutletKind::ForeignSite,
    ];

    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            OutletKind::Own => "own outlet",
            OutletKind::DomesticPortal => "domestic portals",
            OutletKind::SelfMedia => "self-media accounts",
            OutletKind::ForeignSite => "foreign websites",
        }
    }
}

/// One kind of outlet as the network and its pictures need it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KindInfo {
    /// The kind's id: `own`, `domestic_portals`, `self_media`, `foreign_sites`, or the case's own.
    pub id: String,
    /// What they are called, in the plural.
    pub label: String,
    /// How many there are.
    pub count: u32,
    /// How they count: a case's kinds count as domestic portals or foreign websites.
    pub counts_as: OutletKind,
    /// The case's colour, `"#rrggbb"`; `None` for the own outlet and the standard kinds, which each front end colours in its own palette.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
}

impl KindInfo {
    /// Whether these outlets are abroad.
    pub fn foreign(&self) -> bool {
        self.counts_as == OutletKind::ForeignSite
    }
}

/// How one kind of outlet takes up a story: the numbers the cascade needs, nothing to allocate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KindRule {
    own: bool,
    reprint: f64,
    baseline: f64,
    driven_by: Driver,
    delay: u32,
    foreign: bool,
    foreign_boost: f64,
    /// Mean audience of one outlet.
    pub audience: u64,
}

impl KindRule {
    /// The chance an outlet of this kind reprints a story with this appeal and sensitivity that it sees from an outlet of kind `from`.
    pub fn chance(&self, from: &KindRule, appeal: f64, sensitivity: f64) -> f64 {
        if self.own {
            return 0.0;
        }
        let pull = match self.driven_by {
            Driver::Appeal => appeal,
            Driver::Sensitivity => sensitivity,
            Driver::Both => appeal.max(sensitivity),
        };
        // `0 + 1 × pull` is `pull` exactly, so the standard kinds keep their chances bit for bit.
        let interest = self.baseline + (1.0 - self.baseline) * pull;
        let mut p = self.reprint * interest;
        if self.foreign {
            p *= from.foreign_boost;
        }
        p.clamp(0.0, 1.0)
    }

    /// Longest delay, in hours: an outlet runs a story it has seen 1 to this many hours later.
    pub fn delay(&self) -> u32 {
        self.delay
    }
}

/// Whether the scenario defines its own kinds.
pub fn custom(params: &NetworkParams) -> bool {
    !params.outlet_kinds.is_empty()
}

/// Every kind's rule, the own outlet first.
pub fn rules(params: &NetworkParams) -> Vec<KindRule> {
    let own = KindRule {
        own: true,
        reprint: 0.0,
        baseline: 0.0,
        driven_by: Driver::Appeal,
        delay: 1,
        foreign: false,
        foreign_boost: 1.0,
        audience: params.audience.own,
    };
    let mut rules = vec![own];
    if custom(params) {
        rules.extend(params.outlet_kinds.iter().map(|k| KindRule {
            own: false,
            reprint: k.reprint,
            baseline: k.baseline,
            driven_by: k.driven_by,
            delay: k.delay_hours.max(1),
            foreign: k.foreign,
            foreign_boost: k.foreign_boost,
            audience: k.audience,
        }));
    } else {
        let domestic = |reprint, delay, boost, audience| KindRule {
            own: false,
            reprint,
            baseline: 0.0,
            driven_by: Driver::Appeal,
            delay,
            foreign: false,
            foreign_boost: boost,
            audience,
        };
        let a = &params.audience;
        rules.push(domestic(params.domestic_reprint, 3, 1.0, a.domestic_portal));
        rules.push(domestic(
            params.self_media_reprint,
            2,
            params.interpretation_boost,
            a.self_media,
        ));
        rules.push(KindRule {
            own: false,
            reprint: params.foreign_pickup,
            baseline: params.foreign_baseline,
            driven_by: Driver::Sensitivity,
            delay: 6,
            foreign: true,
            foreign_boost: 1.0,
            audience: a.foreign_site,
        });
    }
    rules
}

/// Every kind as the pictures and counts need it, the own outlet first.
pub fn infos(params: &NetworkParams) -> Vec<KindInfo> {
    let mut infos = vec![KindInfo {
        id: "own".to_string(),
        label: OutletKind::Own.label().to_string(),
        count: 1,
        counts_as: OutletKind::Own,
        colour: None,
    }];
    if custom(params) {
        infos.extend(params.outlet_kinds.iter().map(|k| KindInfo {
            id: k.id.clone(),
            label: k.label.clone(),
            count: k.count,
            counts_as: if k.foreign {
                OutletKind::ForeignSite
            } else {
                OutletKind::DomesticPortal
            },
            colour: Some(k.colour.clone()),
        }));
    } else {
        for (id, kind, count) in [
            (
                "domestic_portals",
                OutletKind::DomesticPortal,
                params.domestic_portals,
            ),
            ("self_media", OutletKind::SelfMedia, params.self_media),
            (
                "foreign_sites",
                OutletKind::ForeignSite,
                params.foreign_sites,
            ),
        ] {
            infos.push(KindInfo {
                id: id.to_string(),
                label: kind.label().to_string(),
                count,
                counts_as: kind,
                colour: None,
            });
        }
    }
    infos
}

/// Outlets in the network, the own outlet included.
pub fn outlet_count(params: &NetworkParams) -> u64 {
    1 + if custom(params) {
        params
            .outlet_kinds
            .iter()
            .map(|k| u64::from(k.count))
            .sum::<u64>()
    } else {
        u64::from(params.domestic_portals)
            + u64::from(params.self_media)
            + u64::from(params.foreign_sites)
    }
}

/// Parses `"#rrggbb"` into its three channels.
pub fn parse_colour(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}
