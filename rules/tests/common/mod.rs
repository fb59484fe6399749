//! Helpers shared by the integration tests, and the PaedCTAS tables copied by hand from
//! REFERENCE.md §1.6 (not read from the rule data, so a transcription error in the data fails).

#![allow(dead_code)]

use rules::{Assessment, Outcome, PatientRecord};
use serde_json::Value;

/// One printed band: (first month, month after last, [I below, II below, III below], [III above, II above, I above]).
pub type Band = (u32, u32, [f64; 3], [f64; 3]);

/// REFERENCE.md §1.6 heart rate, with the printed point ages mapped to bands as documented in
/// README "Content notes" (1–3 y = 12–47 mo, "6 years" = 48–95 mo, "10 years" = 96 mo on).
pub const HR: [Band; 6] = [
    (0, 3, [40.0, 65.0, 90.0], [180.0, 205.0, 230.0]),
    (3, 6, [40.0, 63.0, 80.0], [160.0, 180.0, 210.0]),
    (6, 12, [40.0, 60.0, 80.0], [140.0, 160.0, 180.0]),
    (12, 48, [40.0, 58.0, 75.0], [130.0, 145.0, 165.0]),
    (48, 96, [40.0, 55.0, 70.0], [110.0, 125.0, 140.0]),
    (96, 228, [30.0, 45.0, 60.0], [90.0, 105.0, 120.0]),
];

/// REFERENCE.md §1.6 respiratory rate, same band mapping.
pub const RR: [Band; 6] = [
    (0, 3, [10.0, 20.0, 30.0], [60.0, 70.0, 80.0]),
    (3, 6, [10.0, 20.0, 30.0], [60.0, 70.0, 80.0]),
    (6, 12, [10.0, 17.0, 25.0], [45.0, 55.0, 60.0]),
    (12, 48, [10.0, 15.0, 20.0], [30.0, 35.0, 40.0]),
    (48, 96, [8.0, 12.0, 16.0], [24.0, 28.0, 32.0]),
    (96, 228, [8.0, 10.0, 14.0], [20.0, 24.0, 26.0]),
];

pub fn band_for(table: &[Band], months: u32) -> Band {
    *table
        .iter()
        .find(|b| (b.0..b.1).contains(&months))
        .expect("age in table")
}

/// Level the printed table gives to `x`; shared boundary values go to the less urgent side.
/// 5 = no modifier.
pub fn printed_level(band: &Band, x: f64) -> u8 {
    let (_, _, low, high) = band;
    if x < low[0] {
        1
    } else if x < low[1] {
        2
    } else if x < low[2] {
        3
    } else if x <= high[0] {
        5
    } else if x <= high[1] {
        3
    } else if x <= high[2] {
        2
    } else {
        1
    }
}

pub fn record(json: Value) -> PatientRecord {
    serde_json::from_value(json).expect("test case matches the case format")
}

pub fn assess(json: Value) -> Assessment {
    let r = record(json.clone());
    rules::assess(&r).unwrap_or_else(|e| panic!("{json} invalid: {e:?}"))
}

pub fn level(json: Value) -> u8 {
    assess(json).level
}

pub fn outcome(a: &Assessment, rule_id: &str) -> Option<Outcome> {
    a.trace
        .iter()
        .find(|e| e.rule_id == rule_id)
        .map(|e| e.outcome)
}
