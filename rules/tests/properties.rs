//! Property tests: worse vital signs or an added finding never make the level less urgent;
//! measuring a missing input never does either, and when it makes the level more urgent the
//! what-if had announced it; nothing panics on any input.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/web.rs runs in the browser

mod common;

use common::{HR, RR, band_for};
use proptest::prelude::*;
use rules::{Avpu, Input, Outcome, PatSide, PatientRecord};

fn codes(list: Vec<String>) -> impl Strategy<Value = String> {
    prop::sample::select(list)
}

/// A number from a range, often a whole number so thresholds are hit exactly; present 30% of
/// the time.
fn num(lo: f64, hi: f64) -> BoxedStrategy<Option<f64>> {
    prop::option::weighted(
        0.3,
        prop_oneof![
            ((lo.ceil() as i64)..=(hi.floor() as i64)).prop_map(|x| x as f64),
            (lo..=hi),
            ((lo * 10.0).ceil() as i64..=(hi * 10.0).floor() as i64).prop_map(|x| x as f64 / 10.0),
        ],
    )
    .boxed()
}

fn side() -> impl Strategy<Value = Option<PatSide>> {
    prop::option::weighted(
        0.3,
        prop_oneof![3 => Just(PatSide::Normal), 1 => Just(PatSide::Abnormal)],
    )
}

/// Valid records: every value plausible, every code known. Values are drawn around the
/// clinical thresholds for the child's age (not over the whole plausible range), and each is
/// present only sometimes, so that a single value often decides the level: otherwise another
/// abnormal value would mask a faulty rule. `nothing_panics_on_any_input` covers the extremes.
/// The closed-world yes/no signs a nurse ticks on sight.
fn danger_signs() -> impl Iterator<Item = &'static rules::ObservationDef> {
    rules::observations().iter().filter(|o| o.closed_world)
}

fn valid_record() -> impl Strategy<Value = PatientRecord> {
    prop::option::weighted(0.9, 0u32..=6939).prop_flat_map(|age| {
        let months = age.map_or(24, |d| rules::Age::from_days(i64::from(d)).expect("valid").whole_months());
        let (hr, rr) = (band_for(&HR, months), band_for(&RR, months));
        // From just past the level-II cut on the low side to just past it on the high side.
        let around = |b: common::Band| num(b.2[1] - 3.0, b.3[1] + 3.0);
        let complaints: Vec<String> = rules::catalog::complaints().iter().map(|c| c.code.clone()).collect();
        let findings: Vec<String> = danger_signs().map(|f| f.code.clone()).collect();
        let vitals = (
            (around(hr), around(rr), num(86.0, 100.0), num(35.5, 40.5), num(55.0, 140.0)),
            (
                num(0.0, 5.0),
                prop::option::weighted(0.3, prop_oneof![3 => 12u8..=15, 1 => 3u8..=15]),
                prop::option::weighted(0.3, 0u8..=10),
                num(1.5, 22.0),
                num(25.0, 100.0),
            ),
            (
                prop::option::weighted(0.2, prop::sample::select(Avpu::ALL.to_vec())),
                prop::option::of(prop::sample::select(rules::PainLocation::ALL.to_vec())),
                prop::option::of(prop::sample::select(rules::PainOnset::ALL.to_vec())),
            ),
        );
        (
            Just(age),
            vitals,
            prop::option::of(codes(complaints)),
            prop_oneof![2 => Just(Vec::new()), 1 => prop::collection::vec(codes(findings), 1..3)],
            (side(), side(), side()),
        )
    })
    .prop_map(|(age, ((hr, rr, spo2, t, sbp), (crt, gcs, pain, glu, pefr), (avpu, loc, onset)), complaint, findings, pat)| {
        PatientRecord {
            age_days: age.map(f64::from),
            complaint,
            observations: findings.into_iter().map(|f| (f, rules::Answer::Flag(true))).collect(),
            pat: rules::Pat { appearance: pat.0, work_of_breathing: pat.1, circulation: pat.2 },
            vitals: rules::Vitals {
                heart_rate_per_min: hr,
                respiratory_rate_per_min: rr,
                spo2_percent: spo2,
                temperature_c: t,
                systolic_bp_mmhg: sbp,
                capillary_refill_s: crt,
                gcs: gcs.map(f64::from),
                avpu,
                pain_score: pain.map(f64::from),
                pain_tool: pain.map(|_| rules::PainTool::Nrs),
                pain_location: loc,
                pain_onset: onset,
                glucose_mmol_l: glu,
                pefr_percent_predicted: pefr,
                ..Default::default()
            },
            ..Default::default()
        }
    })
}

fn level(r: &PatientRecord) -> u8 {
    rules::assess(r)
        .expect("strategy makes valid records")
        .level
}

fn clamp(field: &str, x: f64) -> f64 {
    let p = rules::record::plausibility(field).expect("listed");
    x.clamp(p.min, p.max)
}

/// The middle of the PaedCTAS normal range for the child's age (REFERENCE.md §1.6); moving
/// away from it is "worse".
fn centre(table: &[common::Band], age_days: Option<f64>) -> f64 {
    let months = age_days.map_or(24, |d| {
        rules::Age::from_days(d as i64)
            .expect("valid")
            .whole_months()
    });
    let b = band_for(table, months);
    (b.2[2] + b.3[0]) / 2.0
}

fn away(x: f64, centre: f64, d: f64) -> f64 {
    if x >= centre { x + d } else { x - d }
}

/// Makes vital `which` worse by `d` (in its own unit, whole steps for scores). Returns false
/// when that vital is absent.
fn worsen(r: &mut PatientRecord, which: usize, d: f64) -> bool {
    let age = r.age_days;
    let v = &mut r.vitals;
    let step = d.ceil().max(1.0);
    match which {
        0 => v
            .heart_rate_per_min
            .as_mut()
            .map(|x| *x = clamp("heart_rate_per_min", away(*x, centre(&HR, age), d)))
            .is_some(),
        1 => v
            .respiratory_rate_per_min
            .as_mut()
            .map(|x| *x = clamp("respiratory_rate_per_min", away(*x, centre(&RR, age), d)))
            .is_some(),
        2 => v
            .spo2_percent
            .as_mut()
            .map(|x| *x = clamp("spo2_percent", *x - d))
            .is_some(),
        3 => v
            .temperature_c
            .as_mut()
            .map(|x| *x = clamp("temperature_c", away(*x, 37.0, d)))
            .is_some(),
        4 => v
            .systolic_bp_mmhg
            .as_mut()
            .map(|x| *x = clamp("systolic_bp_mmhg", *x - d))
            .is_some(),
        5 => v
            .capillary_refill_s
            .as_mut()
            .map(|x| *x = clamp("capillary_refill_s", *x + d))
            .is_some(),
        6 => v
            .gcs
            .as_mut()
            .map(|x| *x = clamp("gcs", *x - step))
            .is_some(),
        7 => v
            .pain_score
            .as_mut()
            .map(|x| *x = clamp("pain_score", *x + step))
            .is_some(),
        8 => v
            .glucose_mmol_l
            .as_mut()
            .map(|x| *x = clamp("glucose_mmol_l", away(*x, 8.0, d)))
            .is_some(),
        9 => v
            .pefr_percent_predicted
            .as_mut()
            .map(|x| *x = clamp("pefr_percent_predicted", *x - d))
            .is_some(),
        10 => v
            .avpu
            .as_mut()
            .map(|a| {
                *a = match a {
                    Avpu::Alert => Avpu::Voice,
                    Avpu::Voice => Avpu::Pain,
                    _ => Avpu::Unresponsive,
                }
            })
            .is_some(),
        11 => r.pat.appearance.replace(PatSide::Abnormal).is_some(),
        12 => r.pat.work_of_breathing.replace(PatSide::Abnormal).is_some(),
        _ => r.pat.circulation.replace(PatSide::Abnormal).is_some(),
    }
}

/// Removes numeric input `which`; returns the input it was, or None if it was absent.
fn remove(r: &mut PatientRecord, which: usize) -> Option<Input> {
    let v = &mut r.vitals;
    let (slot, input) = match which {
        0 => (&mut v.heart_rate_per_min, Input::HeartRatePerMin),
        1 => (
            &mut v.respiratory_rate_per_min,
            Input::RespiratoryRatePerMin,
        ),
        2 => (&mut v.spo2_percent, Input::Spo2Percent),
        3 => (&mut v.temperature_c, Input::TemperatureC),
        4 => (&mut v.systolic_bp_mmhg, Input::SystolicBpMmhg),
        5 => (&mut v.capillary_refill_s, Input::CapillaryRefillS),
        6 => (&mut v.gcs, Input::Gcs),
        _ => (&mut v.pain_score, Input::PainScore),
    };
    slot.take().map(|_| input)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn worse_vital_sign_is_never_less_urgent(r in valid_record(), d in prop_oneof![3 => 0.1f64..4.0, 1 => 0.1f64..60.0]) {
        let before = level(&r);
        // Each present vital in turn, so every case exercises all of them.
        for which in 0..14 {
            let mut worse = r.clone();
            if worsen(&mut worse, which, d) {
                let after = level(&worse);
                prop_assert!(after <= before, "vital {which}: level {before} -> {after}\n{r:?}\n{worse:?}");
            }
        }
    }

    #[test]
    fn adding_a_finding_is_never_less_urgent(r in valid_record(), i in 0usize..1000) {
        let all: Vec<_> = danger_signs().collect();
        let before = level(&r);
        let mut more = r.clone();
        more.observations.insert(all[i % all.len()].code.clone(), rules::Answer::Flag(true));
        let after = level(&more);
        prop_assert!(after <= before, "{}: {before} -> {after}", all[i % all.len()].code);
    }

    #[test]
    fn measuring_a_missing_input_is_announced_by_the_what_if(r in valid_record()) {
        let a1 = rules::assess(&r).expect("valid");
        for which in 0..8 {
        let mut without = r.clone();
        let Some(input) = remove(&mut without, which) else { continue };
        let a0 = rules::assess(&without).expect("valid");
        prop_assert!(a1.level <= a0.level, "measuring {input} made it less urgent");
        if a1.level < a0.level {
            // The derived inputs that a measurement feeds count as that measurement.
            let stands_for = |m: &Input| {
                *m == input
                    || (*m == Input::VitalSignsAbnormalForAge && matches!(input, Input::HeartRatePerMin | Input::RespiratoryRatePerMin))
                    || (*m == Input::Avpu && input == Input::Gcs)
            };
            prop_assert!(
                a0.what_if.iter().any(|w| w.level == a1.level && w.missing.iter().any(stands_for)),
                "measuring {input} gave level {} from {}, but the what-if was {:?}", a1.level, a0.level, a0.what_if
            );
        }
        }
    }

    #[test]
    fn assessments_are_consistent(r in valid_record()) {
        let a = rules::assess(&r).expect("valid");
        prop_assert!((1..=5).contains(&a.level));
        prop_assert!(!a.trace.is_empty());
        prop_assert_eq!(a.is_final, a.what_if.is_empty());
        prop_assert_eq!(a.level_info.level, a.level);
        prop_assert_eq!(a.ruleset_hash.as_str(), rules::ruleset_hash());
        for e in &a.trace {
            if e.outcome == Outcome::Fired {
                prop_assert!(e.level >= a.level, "{} fired at {} above the result {}", e.rule_id, e.level, a.level);
            }
            // Score links stay open on unanswered items (listed in the score, not here).
            if e.group != "score" {
                prop_assert_eq!(
                    e.outcome == Outcome::Unknown,
                    !e.missing.is_empty() || !e.unanswered.is_empty(),
                    "{}",
                    &e.rule_id
                );
            }
        }
        for id in &a.deciding_rules {
            let e = a.trace.iter().find(|e| e.rule_id == *id).expect("deciding rule in trace");
            prop_assert_eq!(e.outcome, Outcome::Fired);
            prop_assert_eq!(e.level, a.level);
        }
        for w in &a.what_if {
            prop_assert!(w.level < a.level);
        }
    }

    /// Any numbers at all (negative, huge, NaN, infinite), any codes, any dates: validation
    /// answers Ok or Err, and evaluation of what passes never panics.
    #[test]
    fn nothing_panics_on_any_input(
        nums in prop::collection::vec(prop::option::of(prop_oneof![any::<f64>(), -1e3f64..1e3]), 17),
        text in prop::collection::vec(prop::option::of(".{0,12}"), 4),
        findings in prop::collection::vec(".{0,10}", 0..3),
    ) {
        let r = PatientRecord {
            age_days: nums[0],
            age_years: nums[1],
            age_months: nums[2],
            weight_kg: nums[3],
            birth_date: text[0].clone(),
            assessed_on: text[1].clone(),
            complaint: text[2].clone(),
            observations: findings.into_iter().map(|f| (f, rules::Answer::Flag(true))).collect(),
            vitals: rules::Vitals {
                heart_rate_per_min: nums[4],
                respiratory_rate_per_min: nums[5],
                spo2_percent: nums[6],
                temperature_c: nums[7],
                systolic_bp_mmhg: nums[8],
                capillary_refill_s: nums[9],
                gcs: nums[10],
                pain_score: nums[11],
                glucose_mmol_l: nums[12],
                pefr_percent_predicted: nums[13],
                pain_tool: nums[14].map(|_| rules::PainTool::FpsR),
                ..Default::default()
            },
            ..Default::default()
        };
        match rules::assess(&r) {
            Ok(a) => prop_assert!((1..=5).contains(&a.level)),
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in errors {
                    prop_assert!(!e.message(rules::Lang::En).is_empty());
                    prop_assert!(!e.message(rules::Lang::Fr).is_empty());
                }
            }
        }
    }

    #[test]
    fn dates_never_panic(b in "[0-9-]{0,12}", on in "[0-9]{4}-[0-9]{2}-[0-9]{2}") {
        let r = PatientRecord { birth_date: Some(b), assessed_on: Some(on), ..Default::default() };
        let _ = rules::assess(&r);
    }

    #[test]
    fn any_json_text_is_an_error_or_a_record(s in ".{0,200}") {
        let _ = serde_json::from_str::<PatientRecord>(&s);
    }
}
