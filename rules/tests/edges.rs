//! Edge tests for every rule: each age-band boundary, each threshold and one step either side,
//! with the expected values taken from REFERENCE.md (section given on each test).
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/web.rs runs in the browser

mod common;

use common::*;
use rules::{Input, Outcome};
use serde_json::json;

fn vital_edges(table: &[common::Band], field: &str) {
    for band in table {
        // First and last month of the band: the band boundary and the month either side are
        // covered because adjacent bands are tested at their own first/last month.
        for months in [band.0, band.1 - 1] {
            let b = band_for(table, months);
            let mut points: Vec<f64> = Vec::new();
            for cut in b.2.iter().chain(b.3.iter()) {
                points.extend([cut - 1.0, *cut, cut + 1.0]);
            }
            for x in points.into_iter().filter(|x| *x >= 0.0) {
                let got = level(json!({"age_months": months, "vitals": {field: x}}));
                assert_eq!(
                    got,
                    printed_level(&b, x),
                    "{field} = {x} at {months} months"
                );
            }
        }
    }
}

// REFERENCE.md §1.6 heart-rate table.
#[test]
fn heart_rate_table_edges() {
    vital_edges(&HR, "heart_rate_per_min");
}

// REFERENCE.md §1.6 respiratory-rate table.
#[test]
fn respiratory_rate_table_edges() {
    vital_edges(&RR, "respiratory_rate_per_min");
}

// Band boundaries in days: 3 months starts at day 92 (whole months from 30.4375-day months).
#[test]
fn heart_rate_band_boundary_in_days() {
    // HR 170: normal under 3 months (≤180), level III at 3–6 months (>160).
    assert_eq!(
        level(json!({"age_days": 91, "vitals": {"heart_rate_per_min": 170}})),
        5
    );
    assert_eq!(
        level(json!({"age_days": 92, "vitals": {"heart_rate_per_min": 170}})),
        3
    );
    // 12 months = day 366 here (365.25 days): RR 50 is III at 6–12 months, I at 1–3 years.
    assert_eq!(
        level(json!({"age_days": 365, "vitals": {"respiratory_rate_per_min": 50}})),
        3
    );
    assert_eq!(
        level(json!({"age_days": 366, "vitals": {"respiratory_rate_per_min": 50}})),
        1
    );
}

// REFERENCE.md §1.3: PALS 2006 hypotension; shock → level I (§2.3).
#[test]
fn hypotension_edges() {
    let sbp = |age: serde_json::Value, x: f64| {
        let mut case = json!({"vitals": {"systolic_bp_mmhg": x}});
        for (k, v) in age.as_object().unwrap() {
            case[k] = v.clone();
        }
        level(case)
    };
    for day in [0, 28] {
        assert_eq!(sbp(json!({"age_days": day}), 59.0), 1, "day {day}");
        assert_eq!(sbp(json!({"age_days": day}), 60.0), 5, "day {day}");
    }
    for day in [29, 200, 365] {
        assert_eq!(sbp(json!({"age_days": day}), 69.0), 1, "day {day}");
        assert_eq!(sbp(json!({"age_days": day}), 70.0), 5, "day {day}");
        assert_eq!(sbp(json!({"age_days": day}), 71.0), 5, "day {day}");
    }
    for y in 1..=10u32 {
        let t = 70.0 + 2.0 * f64::from(y);
        for age in [
            json!({"age_years": y}),
            json!({"age_years": y, "age_months": 11}),
        ] {
            assert_eq!(sbp(age.clone(), t - 1.0), 1, "{age} SBP {}", t - 1.0);
            assert_eq!(sbp(age.clone(), t), 5, "{age} SBP {t}");
            assert_eq!(sbp(age.clone(), t + 1.0), 5, "{age} SBP {}", t + 1.0);
        }
    }
    for y in [11, 15, 18] {
        assert_eq!(sbp(json!({"age_years": y}), 89.0), 1);
        assert_eq!(sbp(json!({"age_years": y}), 90.0), 5);
    }
    // The day before and after the first birthday: 70 then 72.
    assert_eq!(sbp(json!({"age_days": 365}), 71.0), 5);
    assert_eq!(sbp(json!({"age_days": 366}), 71.0), 1);
}

// REFERENCE.md §2.3 respiratory modifier / §1.5: <90 I, <92 II, 92–94 III, >94 none.
#[test]
fn spo2_edges() {
    for (x, want) in [
        (89.0, 1),
        (90.0, 2),
        (91.0, 2),
        (92.0, 3),
        (93.0, 3),
        (94.0, 3),
        (95.0, 5),
        (100.0, 5),
    ] {
        assert_eq!(
            level(json!({"vitals": {"spo2_percent": x}})),
            want,
            "SpO2 {x}"
        );
    }
}

// REFERENCE.md §2.3: PEFR <40% II, 40–60% III.
#[test]
fn peak_flow_edges() {
    for (x, want) in [(39.0, 2), (40.0, 3), (41.0, 3), (60.0, 3), (61.0, 5)] {
        assert_eq!(
            level(json!({"vitals": {"pefr_percent_predicted": x}})),
            want,
            "PEFR {x}"
        );
    }
}

// REFERENCE.md §2.3: GCS 3–9 I, 10–13 II, 14–15 none; AVPU P/U I, V II (§6.6 mapping).
#[test]
fn consciousness_edges() {
    for (g, want) in [
        (3.0, 1),
        (8.0, 1),
        (9.0, 1),
        (10.0, 2),
        (13.0, 2),
        (14.0, 5),
        (15.0, 5),
    ] {
        assert_eq!(level(json!({"vitals": {"gcs": g}})), want, "GCS {g}");
    }
    for (a, want) in [
        ("a", 5),
        ("v", 2),
        ("p", 1),
        ("u", 1),
        ("alert", 5),
        ("V", 2),
    ] {
        assert_eq!(level(json!({"vitals": {"avpu": a}})), want, "AVPU {a}");
    }
    assert_eq!(level(json!({"findings": ["active_seizure"]})), 1);
    assert_eq!(level(json!({"findings": ["lethargic_or_confused"]})), 2);
}

// REFERENCE.md §2.3 haemodynamic; capillary refill ≥3 s from NICE (§4), >3 s with skin signs (ESI §3.3).
#[test]
fn perfusion_edges() {
    for (crt, want) in [(2.0, 5), (2.9, 5), (3.0, 2), (3.1, 2), (6.0, 2)] {
        assert_eq!(
            level(json!({"vitals": {"capillary_refill_s": crt}})),
            want,
            "CRT {crt}"
        );
    }
    for (crt, want) in [(3.0, 2), (3.1, 1), (5.0, 1)] {
        let case = json!({"vitals": {"capillary_refill_s": crt}, "findings": ["mottled_skin"]});
        assert_eq!(level(case), want, "mottled, CRT {crt}");
    }
    assert_eq!(level(json!({"findings": ["weak_thready_pulse"]})), 1);
    for f in [
        "pallor",
        "marked_pallor",
        "mottled_skin",
        "cool_extremities",
        "diaphoresis",
        "postural_hypotension_history",
    ] {
        assert_eq!(level(json!({"findings": [f]})), 2, "{f}");
    }
    // Volume depletion: III only with HR/RR abnormal for age (REFERENCE.md §2.3 [S]).
    let dehyd = |hr: f64| {
        level(
            json!({"age_years": 5, "findings": ["dehydration_potential"], "vitals": {"heart_rate_per_min": hr, "respiratory_rate_per_min": 20}}),
        )
    };
    assert_eq!(dehyd(110.0), 4);
    assert_eq!(dehyd(111.0), 3);
}

// REFERENCE.md §2.3 temperature modifier.
#[test]
fn temperature_edges() {
    let t = |age: serde_json::Value, temp: f64, findings: &[&str]| {
        let mut case = json!({"vitals": {"temperature_c": temp}, "findings": findings});
        for (k, v) in age.as_object().unwrap() {
            case[k] = v.clone();
        }
        level(case)
    };
    // Under 3 months: ≥38.0 → II.
    for day in [0, 30, 91] {
        assert_eq!(t(json!({"age_days": day}), 37.9, &[]), 5, "day {day}");
        assert_eq!(t(json!({"age_days": day}), 38.0, &[]), 2, "day {day}");
        assert_eq!(t(json!({"age_days": day}), 38.1, &[]), 2, "day {day}");
    }
    // Day 92 is 3 months: the older-child rules apply.
    assert_eq!(t(json!({"age_days": 92}), 38.0, &[]), 4);
    // Reported fever counts under 3 months.
    assert_eq!(
        level(json!({"age_days": 40, "findings": ["fever_history"]})),
        2
    );
    // Hypothermia under 90 days: <36.5 → II (ESI, REFERENCE.md §1.4).
    assert_eq!(t(json!({"age_days": 89}), 36.4, &[]), 2);
    assert_eq!(t(json!({"age_days": 89}), 36.5, &[]), 5);
    assert_eq!(t(json!({"age_days": 90}), 36.4, &[]), 5);
    // 3–18 months: >38.5 → III, and II if unwell.
    for m in [3, 17] {
        assert_eq!(t(json!({"age_months": m}), 37.9, &[]), 5, "{m} mo");
        assert_eq!(t(json!({"age_months": m}), 38.0, &[]), 4, "{m} mo");
        assert_eq!(t(json!({"age_months": m}), 38.5, &[]), 4, "{m} mo");
        assert_eq!(t(json!({"age_months": m}), 38.6, &[]), 3, "{m} mo");
        assert_eq!(
            t(json!({"age_months": m}), 38.5, &["looks_unwell"]),
            3,
            "{m} mo"
        );
        assert_eq!(
            t(json!({"age_months": m}), 38.6, &["looks_unwell"]),
            2,
            "{m} mo"
        );
    }
    // 18 months on: febrile → IV, unwell → III.
    assert_eq!(t(json!({"age_months": 18}), 38.6, &[]), 4);
    assert_eq!(t(json!({"age_months": 18}), 38.6, &["looks_unwell"]), 3);
    assert_eq!(t(json!({"age_years": 12}), 37.9, &["looks_unwell"]), 5);
    assert_eq!(t(json!({"age_years": 12}), 38.0, &["looks_unwell"]), 3);
    // PAT appearance abnormal counts as looking unwell (and is itself II).
    let unwell = level(
        json!({"age_months": 10, "vitals": {"temperature_c": 38.6}, "pat": {"appearance": "abnormal", "work_of_breathing": "normal", "circulation": "normal"}}),
    );
    assert_eq!(unwell, 2);
    // Immunocompromised: ≥38.0 → II.
    assert_eq!(t(json!({"age_years": 6}), 37.9, &["immunocompromised"]), 5);
    assert_eq!(t(json!({"age_years": 6}), 38.0, &["immunocompromised"]), 2);
}

// REFERENCE.md §2.3 pain table: rows 8–10 / 4–7 / <4, columns central/peripheral × acute/chronic.
#[test]
fn pain_edges() {
    let p = |loc: &str, onset: &str, score: u8| {
        level(
            json!({"vitals": {"pain_score": score, "pain_location": loc, "pain_onset": onset, "pain_tool": "nrs"}}),
        )
    };
    let table = [
        ("central", "acute", [2, 3, 4]),
        ("central", "chronic", [3, 4, 5]),
        ("peripheral", "acute", [3, 4, 5]),
        ("peripheral", "chronic", [4, 5, 5]),
    ];
    for (loc, onset, [severe, moderate, mild]) in table {
        for (score, want) in [
            (10, severe),
            (8, severe),
            (7, moderate),
            (4, moderate),
            (3, mild),
            (1, mild),
            (0, 5),
        ] {
            assert_eq!(p(loc, onset, score), want, "{loc} {onset} pain {score}");
        }
    }
    // Location from the complaint, onset taken as acute.
    assert_eq!(
        level(json!({"complaint": "abdominal_pain", "vitals": {"pain_score": 8}})),
        2
    );
    assert_eq!(
        level(json!({"complaint": "upper_limb_injury", "vitals": {"pain_score": 8}})),
        3
    );
    let a = assess(json!({"complaint": "headache", "vitals": {"pain_score": 8}}));
    let e = a
        .trace
        .iter()
        .find(|e| e.rule_id == "ctas.pain.severe_central_acute")
        .unwrap();
    let onset = e
        .inputs
        .iter()
        .find(|i| i.input == Input::PainOnset)
        .unwrap();
    assert_eq!(onset.origin, rules::Origin::Assumed);
}

// REFERENCE.md §2.3 glucose (UNVERIFIED thresholds 18 and 3 mmol/L).
#[test]
fn glucose_edges() {
    let g = |x: f64, f: &[&str]| level(json!({"vitals": {"glucose_mmol_l": x}, "findings": f}));
    for (x, want) in [
        (2.9, 3),
        (3.0, 5),
        (3.1, 5),
        (17.9, 5),
        (18.0, 5),
        (18.1, 3),
    ] {
        assert_eq!(g(x, &[]), want, "glucose {x}");
    }
    for (x, want) in [(2.9, 2), (3.0, 5), (18.0, 5), (18.1, 2)] {
        assert_eq!(
            g(x, &["glycaemia_symptoms"]),
            want,
            "glucose {x} with symptoms"
        );
    }
}

// REFERENCE.md §2.3 mechanism of injury → II; dehydration I–IV.
#[test]
fn mechanism_and_dehydration() {
    for f in [
        "mechanism_fall_over_1m_or_5_stairs",
        "mechanism_axial_load",
        "mechanism_pedestrian_or_cyclist_struck",
        "mechanism_ejection_or_rollover",
        "mechanism_passenger_space_intrusion",
        "mechanism_penetrating_head_neck_torso",
    ] {
        assert_eq!(
            level(json!({"complaint": "head_injury", "findings": [f]})),
            2,
            "{f}"
        );
    }
    for (f, want) in [
        ("dehydration_severe", 1),
        ("dehydration_moderate", 2),
        ("dehydration_mild", 3),
        ("dehydration_potential", 4),
    ] {
        assert_eq!(
            level(json!({"complaint": "vomiting", "findings": [f]})),
            want,
            "{f}"
        );
    }
}

// REFERENCE.md §5 (impressions) and the PAT → level mapping (implementation choice, §5 [S]).
#[test]
fn pat_sides() {
    let side = |b: bool| if b { "abnormal" } else { "normal" };
    let cases = [
        ([false, false, false], 5, "stable"),
        ([false, true, false], 2, "respiratory_distress"),
        ([true, true, false], 1, "respiratory_failure"),
        ([true, true, true], 1, "cardiopulmonary_failure"),
        ([false, false, true], 2, "compensated_shock"),
        ([true, false, true], 1, "decompensated_shock"),
        ([true, false, false], 2, "cns_metabolic_dysfunction"),
        (
            [false, true, true],
            2,
            "respiratory_distress_with_poor_perfusion",
        ),
    ];
    for (p, want, impression) in cases {
        let a = assess(
            json!({"pat": {"appearance": side(p[0]), "work_of_breathing": side(p[1]), "circulation": side(p[2])}}),
        );
        assert_eq!(a.level, want, "{p:?}");
        assert_eq!(
            a.pat_impression.as_ref().map(|i| i.code.as_str()),
            Some(impression),
            "{p:?}"
        );
    }
    // A partial triangle gives no impression, and what-if says what the rest could do.
    let a = assess(json!({"pat": {"appearance": "abnormal"}}));
    assert!(a.pat_impression.is_none());
    assert_eq!(a.level, 2);
    assert!(
        a.what_if
            .iter()
            .any(|w| w.level == 1 && w.missing.contains(&Input::PatWorkOfBreathing))
    );
}

// REFERENCE.md §2.4: PaedCTAS Table 10 as transcribed [S].
#[test]
fn paediatric_complaint_table() {
    let f = |complaint: &str, findings: &[&str]| {
        level(json!({"complaint": complaint, "findings": findings}))
    };
    assert_eq!(f("stridor", &["airway_compromise"]), 1);
    assert_eq!(f("stridor", &["stridor_marked"]), 2);
    assert_eq!(f("stridor", &["stridor_audible"]), 3);
    assert_eq!(f("apnoeic_spells", &["apnoea_at_presentation"]), 1);
    assert_eq!(f("apnoeic_spells", &["apnoea_recent_episode"]), 2);
    assert_eq!(f("apnoeic_spells", &["apnoea_like_episode_history"]), 3);
    assert_eq!(f("inconsolable_crying", &["irritable_consolable"]), 4);
    assert_eq!(f("inconsolable_crying", &["inconsolable"]), 3);
    // Inconsolable with abnormal vital signs → II (2 months: HR > 180 is abnormal).
    let crying = |hr: f64| {
        level(
            json!({"age_months": 2, "complaint": "inconsolable_crying", "findings": ["inconsolable"], "vitals": {"heart_rate_per_min": hr, "respiratory_rate_per_min": 40}}),
        )
    };
    assert_eq!(crying(180.0), 3);
    assert_eq!(crying(181.0), 2);
    assert_eq!(f("floppy_child", &["no_tone"]), 2);
    assert_eq!(f("floppy_child", &["reduced_tone"]), 3);
    let limp = |t: f64| {
        level(
            json!({"complaint": "gait_disturbance", "findings": ["limp"], "vitals": {"temperature_c": t}, "age_years": 4}),
        )
    };
    assert_eq!(limp(37.9), 4);
    assert_eq!(limp(38.0), 3);
    assert_eq!(f("gait_disturbance", &["walks_with_difficulty"]), 4);
    assert_eq!(f("chronic_condition", &["risk_of_rapid_deterioration"]), 2);
    assert_eq!(
        f(
            "chronic_condition",
            &["vomiting_with_metabolic_or_endocrine_disease"]
        ),
        2
    );
    assert_eq!(f("chronic_condition", &["caregiver_identifies_need"]), 3);
    assert_eq!(f("chronic_condition", &["chronic_condition_stable"]), 4);
    assert_eq!(f("welfare_concern", &["welfare_unstable_situation"]), 1);
    assert_eq!(
        f("welfare_concern", &["welfare_flight_or_ongoing_abuse"]),
        2
    );
    assert_eq!(f("welfare_concern", &["assault_over_48h"]), 3);
    assert_eq!(f("welfare_concern", &["abuse_history_or_signs"]), 4);
    assert_eq!(f("sore_throat", &["dysphagia_with_drooling"]), 2);
    assert_eq!(f("upper_limb_injury", &["obvious_deformity"]), 3);
}

/// Every rule that reads only findings (first- or second-order) fires at its level when its
/// findings are recorded, and a complaint with no finding gives the default level (no modifier
/// fires on the complaint alone).
#[test]
fn every_findings_rule_fires_on_its_findings() {
    let mut n = 0;
    for rule in rules::rules() {
        if !rule.inputs().iter().all(|i| *i == Input::Complaint) || rule.observations().is_empty() {
            continue; // rules that also read measurements are tested by name above
        }
        let Some(observed) = observed_as_present(&rule.when) else {
            continue; // a number or a `no` answer: tested by name
        };
        let case = match rule.complaints.first() {
            Some(c) => json!({"complaint": c, "observations": observed}),
            None => json!({"observations": observed}),
        };
        let a = assess(case.clone());
        // Every finding of an `any` together also satisfies an `all`.
        assert_eq!(
            outcome(&a, &rule.id),
            Some(Outcome::Fired),
            "{} with {case}",
            rule.id
        );
        assert!(a.level <= rule.level, "{}", rule.id);
        n += 1;
    }
    assert!(n > 60, "only {n} findings rules");
    for c in rules::catalog::complaints() {
        assert_eq!(level(json!({"complaint": c.code})), 5, "{} alone", c.code);
    }
}

/// Every observation a criterion reads, set to a value the criterion names as present (yes, the
/// first grade it lists); `None` when it reads a number or asks for a `no`.
fn observed_as_present(c: &rules::Condition) -> Option<serde_json::Map<String, serde_json::Value>> {
    use rules::Condition as C;
    let mut out = serde_json::Map::new();
    fn walk(c: &C, out: &mut serde_json::Map<String, serde_json::Value>) -> Option<()> {
        match c {
            C::Finding(f) => {
                out.insert(f.finding.to_string(), json!(true));
            }
            C::Observation(o) => match (&o.one_of, o.is) {
                (Some(list), _) => {
                    out.insert(o.observation.to_string(), json!(list.first()?));
                }
                (None, Some(true)) => {
                    out.insert(o.observation.to_string(), json!(true));
                }
                _ => return None,
            },
            C::All(a) => a.all.iter().try_for_each(|p| walk(p, out))?,
            C::Any(a) => a.any.iter().try_for_each(|p| walk(p, out))?,
            C::Compare(_) | C::OneOf(_) | C::Is(_) => {}
        }
        Some(())
    }
    walk(c, &mut out)?;
    Some(out)
}

// REFERENCE.md §2.3 respiratory distress, clinical picture by level (format-1 finding codes
// such as `cyanosis` and `speaks_phrases` are read through their migration).
#[test]
fn respiratory_signs() {
    for f in [
        "severe_work_of_breathing",
        "cyanosis",
        "grunting",
        "apnoea_at_presentation",
        "upper_airway_obstruction",
        "unprotected_airway",
        "speaks_single_words",
    ] {
        assert_eq!(level(json!({"findings": [f]})), 1, "{f}");
    }
    for f in [
        "moderate_work_of_breathing",
        "speaks_phrases",
        "prolonged_expiration",
    ] {
        assert_eq!(level(json!({"findings": [f]})), 2, "{f}");
    }
    for f in ["mild_dyspnoea", "frequent_cough"] {
        assert_eq!(level(json!({"findings": [f]})), 3, "{f}");
    }
}

#[test]
fn a_danger_finding_under_another_complaint_is_not_ignored() {
    assert_eq!(
        level(json!({"complaint": "vomiting", "findings": ["non_blanching_rash"]})),
        2
    );
    let a = assess(
        json!({"complaint": "vomiting", "findings": ["non_blanching_rash", "lethargic_or_confused"]}),
    );
    assert_eq!(a.level, 1);
    assert!(
        a.deciding_rules
            .contains(&"local.complaint.non_blanching_rash_altered")
    );
}

// REFERENCE.md §3.2/§4: not feeding under 12 months → III (our mapping), gated by age.
#[test]
fn not_feeding_age_gate() {
    let f = |m: u32| {
        level(
            json!({"age_months": m, "complaint": "feeding_difficulty", "findings": ["not_feeding"]}),
        )
    };
    assert_eq!(f(0), 3);
    assert_eq!(f(11), 3);
    assert_eq!(f(12), 5);
}

// REFERENCE.md §3.3: petechial rash with altered mental status → I; GCS ≤13 is "altered" (§2.3).
#[test]
fn petechial_rash_with_altered_mental_status() {
    let g = |gcs: f64| {
        level(
            json!({"complaint": "rash", "findings": ["non_blanching_rash"], "vitals": {"gcs": gcs}}),
        )
    };
    assert_eq!(g(13.0), 1);
    assert_eq!(g(14.0), 2);
    let a = |avpu: &str| {
        level(
            json!({"complaint": "rash", "findings": ["non_blanching_rash"], "vitals": {"avpu": avpu}}),
        )
    };
    assert_eq!(a("a"), 2);
    assert_eq!(a("v"), 1);
}

// The helpers the screen uses read the same data as the engine (REFERENCE.md §1.6, §1.3).
#[test]
fn display_helpers_match_the_engine() {
    let age = |d: i64| rules::Age::from_days(d).unwrap();
    let b = rules::paedctas_vital_bands(age(49)).unwrap();
    assert_eq!(b.heart_rate_per_min.low, [40.0, 65.0, 90.0]);
    assert_eq!(b.heart_rate_per_min.high, [180.0, 205.0, 230.0]);
    assert_eq!(b.respiratory_rate_per_min.high, [60.0, 70.0, 80.0]);
    let t = |d: i64| rules::hypotension_threshold(age(d)).map(|t| t.below_mmhg);
    assert_eq!(t(0), Some(60.0));
    assert_eq!(t(28), Some(60.0));
    assert_eq!(t(29), Some(70.0));
    assert_eq!(t(365), Some(70.0));
    assert_eq!(t(366), Some(72.0));
    assert_eq!(t(5 * 365 + 2), Some(80.0));
    assert_eq!(t(15 * 365), Some(90.0));
}

// What-if: the example of "level 3 now; level 2 if SpO2 < 92%".
#[test]
fn what_if_names_the_unmeasured_input_and_the_level() {
    let a = assess(json!({"age_days": 800, "complaint": "cough",
        "vitals": {"heart_rate_per_min": 140, "respiratory_rate_per_min": 28, "temperature_c": 37.2, "gcs": 15,
                   "capillary_refill_s": 2, "systolic_bp_mmhg": 95, "pain_score": 0},
        "pat": {"appearance": "normal", "work_of_breathing": "normal", "circulation": "normal"}}));
    assert_eq!(a.level, 3);
    assert!(!a.is_final);
    let spo2: Vec<(u8, String)> = a
        .what_if
        .iter()
        .filter(|w| w.missing == vec![Input::Spo2Percent])
        .map(|w| (w.level, w.condition()))
        .collect();
    assert_eq!(
        spo2,
        vec![
            (1, "spo2_percent < 90".to_string()),
            (2, "spo2_percent < 92".to_string())
        ]
    );
    // With SpO2 measured normal, nothing is left open.
    let mut full = common::record(json!({"age_days": 800, "complaint": "cough",
        "vitals": {"heart_rate_per_min": 140, "respiratory_rate_per_min": 28, "temperature_c": 37.2, "gcs": 15,
                   "capillary_refill_s": 2, "systolic_bp_mmhg": 95, "pain_score": 0, "spo2_percent": 97},
        "pat": {"appearance": "normal", "work_of_breathing": "normal", "circulation": "normal"}}));
    let done = rules::assess(&full).unwrap();
    assert_eq!(done.level, 3);
    assert!(done.is_final, "{:?}", done.what_if);
    full.vitals.spo2_percent = Some(91.0);
    assert_eq!(rules::assess(&full).unwrap().level, 2);
}

// The trace line reads like the design note: input = value, criterion, outcome, id, section, evidence.
#[test]
fn trace_summary_names_value_threshold_level_and_source() {
    let a = assess(json!({"vitals": {"spo2_percent": 91}}));
    let e = a
        .trace
        .iter()
        .find(|e| e.rule_id == "paedctas.respiratory.spo2_moderate")
        .unwrap();
    assert_eq!(
        e.summary(),
        "spo2_percent = 91 %: spo2_percent < 92 → fired, level 2 [paedctas.respiratory.spo2_moderate v1, REFERENCE.md §2.3, V]"
    );
    assert_eq!(e.inputs[0].value, Some(rules::Value::Number(91.0)));
    assert_eq!(e.source.evidence, rules::Evidence::Verified);
    assert_eq!(
        a.deciding_rules,
        vec!["paedctas.respiratory.spo2_moderate".to_string()]
    );
}
