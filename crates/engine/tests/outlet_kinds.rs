//! A case's own outlet kinds: the standard network written as kinds spreads exactly as the standard one, each kind is counted on its own, and bad kinds are reported at their place.

use presscheck_engine::network::OutletKind;
use presscheck_engine::strategy::{self, Strategy};
use presscheck_engine::{Scenario, load, play};

const MINIMAL: &str = include_str!("../../../tests/fixtures/valid/minimal.ron");
const STANDARD: &str = "network: (domestic_portals: 10, self_media: 100, foreign_sites: 5),";

/// The minimal fixture's network, with every standard parameter at its default, written as the case's own kinds.
const AS_KINDS: &str = r##"network: (outlet_kinds: [
        (id: "portals", label: "domestic portals", count: 10, driven_by: Appeal, reprint: 0.25, delay_hours: 3, audience: 20000, colour: "#5aa9e6"),
        (id: "self-media", label: "self-media accounts", count: 100, driven_by: Appeal, reprint: 0.2, delay_hours: 2, foreign_boost: 1.5, audience: 3000, colour: "#e3b341"),
        (id: "foreign", label: "foreign websites", count: 5, driven_by: Sensitivity, reprint: 0.3, baseline: 0.1, delay_hours: 6, foreign: true, audience: 15000, colour: "#e0554d"),
    ]),"##;

fn with_network(network: &str) -> Scenario {
    assert!(MINIMAL.contains(STANDARD));
    let text = MINIMAL.replacen(STANDARD, network, 1);
    load(text.as_bytes())
        .unwrap_or_else(|e| panic!("{:#?}", e.diagnostics))
        .scenario
}

fn diagnostics(network: &str) -> Vec<String> {
    let text = MINIMAL.replacen(STANDARD, network, 1);
    let found = match load(text.as_bytes()) {
        Ok(l) => l.warnings,
        Err(e) => e.diagnostics,
    };
    found.iter().map(|d| d.headline("x.ron")).collect()
}

#[test]
fn the_standard_network_written_as_kinds_spreads_exactly_as_the_standard_one() {
    let standard = with_network(STANDARD);
    let kinds = with_network(AS_KINDS);
    for s in [Strategy::PublishAll, Strategy::Model] {
        for seed in [1, 7, 2024, 99_999] {
            let a = play(&standard, seed, &strategy::decisions(&standard, s, seed)).unwrap();
            let b = play(&kinds, seed, &strategy::decisions(&kinds, s, seed)).unwrap();
            // The same outlets ran the story at the same hours: every total, the reach, the score and the tier agree.
            assert_eq!(a.spread.reprints.own, b.spread.reprints.own);
            assert_eq!(
                a.spread.reprints.domestic + a.spread.reprints.self_media,
                b.spread.reprints.domestic
            );
            assert_eq!(a.spread.reprints.foreign, b.spread.reprints.foreign);
            assert_eq!(a.spread.reach, b.spread.reach);
            assert_eq!(a.spread.first_foreign_hour, b.spread.first_foreign_hour);
            let counts = |s: &presscheck_engine::outcome::Spread| -> Vec<u32> {
                s.by_kind().iter().map(|k| k.reprints).collect()
            };
            assert_eq!(counts(&a.spread), counts(&b.spread), "seed {seed}");
            assert_eq!(a.repercussion.tier, b.repercussion.tier);
            assert_eq!(a.score.leak_damage, b.score.leak_damage);
            for (x, y) in a.spread.hourly.iter().zip(&b.spread.hourly) {
                assert_eq!(x.by_kind(), y.by_kind());
                assert_eq!(x.reach, y.reach);
            }
        }
    }
}

#[test]
fn each_kind_is_counted_on_its_own_and_in_the_totals() {
    let s = with_network(AS_KINDS);
    let o = play(&s, 3, &strategy::decisions(&s, Strategy::PublishAll, 3)).unwrap();
    let kinds = o.spread.by_kind();
    assert_eq!(
        kinds.iter().map(|k| k.id.as_str()).collect::<Vec<_>>(),
        ["portals", "self-media", "foreign"]
    );
    assert_eq!(kinds[2].counts_as, OutletKind::ForeignSite);
    assert_eq!(kinds[0].colour.as_deref(), Some("#5aa9e6"));
    assert_eq!(kinds.iter().map(|k| k.outlets).sum::<u32>(), 115);
    let foreign: u32 = kinds
        .iter()
        .filter(|k| k.counts_as == OutletKind::ForeignSite)
        .map(|k| k.reprints)
        .sum();
    assert_eq!(foreign, o.spread.reprints.foreign);
    // Hour by hour, the kinds add up to the totals.
    for row in &o.spread.hourly {
        assert_eq!(row.kinds.len(), 3);
        assert_eq!(row.kinds.iter().sum::<u32>(), row.reprints());
    }
    assert!(
        o.spread.reprints_in_words().ends_with(" foreign websites"),
        "{}",
        o.spread.reprints_in_words()
    );
    // The replays name each kind.
    let r =
        presscheck_engine::replays::replays(&s, &o, 200, presscheck_engine::replays::Threads::One)
            .unwrap();
    assert_eq!(r.kinds.len(), 3);
    assert!(
        r.lines()[2].contains("self-media accounts "),
        "{:?}",
        r.lines()
    );
}

#[test]
fn a_kind_driven_by_sensitivity_stays_home_with_a_clean_story_and_one_driven_by_both_takes_either()
{
    // Forums that only care for what should not be out, and wire services that take appealing and sensitive stories alike.
    let s = with_network(
        r##"network: (outlet_kinds: [
        (id: "wires", label: "wire services", count: 20, driven_by: Both, reprint: 0.9, delay_hours: 1, audience: 50000, colour: "#44aa88"),
        (id: "forums", label: "defence forums", count: 60, driven_by: Sensitivity, reprint: 0.9, delay_hours: 2, foreign_boost: 3.0, audience: 800, colour: "#aa4488"),
        (id: "abroad", label: "foreign websites", count: 10, driven_by: Sensitivity, reprint: 0.5, delay_hours: 4, foreign: true, audience: 9000, colour: "#e0554d"),
    ]),"##,
    );
    let careful = play(&s, 5, &strategy::decisions(&s, Strategy::Model, 5)).unwrap();
    let careless = play(&s, 5, &strategy::decisions(&s, Strategy::PublishAll, 5)).unwrap();
    let count = |o: &presscheck_engine::Outcome, id: &str| {
        o.spread
            .by_kind()
            .iter()
            .find(|k| k.id == id)
            .unwrap()
            .reprints
    };
    assert_eq!(
        count(&careful, "forums"),
        0,
        "a clean story does not interest the forums"
    );
    assert!(
        count(&careful, "wires") > 0,
        "an appealing one interests the wires"
    );
    assert!(count(&careless, "forums") > 0 && count(&careless, "abroad") > 0);
}

#[test]
fn bad_kinds_are_reported_at_their_place() {
    let both = diagnostics(
        r##"network: (domestic_portals: 10, outlet_kinds: [(id: "wires", label: "wire services", count: 5, driven_by: Appeal, reprint: 0.3, audience: 100, colour: "#123456", foreign: true)]),"##,
    );
    assert!(
        both.iter()
            .any(|l| l.contains("error: `domestic_portals` is given beside `outlet_kinds`")),
        "{both:#?}"
    );
    let bad = diagnostics(
        r##"network: (outlet_kinds: [
        (id: "wires", label: "wire services", count: 5, driven_by: Appeal, reprint: 1.3, delay_hours: 0, audience: 100, colour: "blue"),
        (id: "wires", label: "", count: 5, driven_by: Appeal, reprint: 0.3, audience: 100, colour: "#12345g"),
    ]),"##,
    );
    for expected in [
        "error: `reprint` is 1.3, outside 0 to 1",
        "error: `delay_hours` is 0, outside 1 to 48",
        "error: `blue` is not a colour",
        "error: duplicate outlet kind `wires`; it is already the id of kind 1",
        "error: `label` is empty",
        "error: `#12345g` is not a colour",
        "warning: no outlet kind is foreign: the scenario cannot show foreign pickup",
    ] {
        assert!(
            bad.iter().any(|l| l.contains(expected)),
            "{expected:?} not in {bad:#?}"
        );
    }
    let nothing = diagnostics("network: (),");
    assert!(
        nothing
            .iter()
            .any(|l| l.contains("error: the network has no outlets but your own")),
        "{nothing:#?}"
    );
}
