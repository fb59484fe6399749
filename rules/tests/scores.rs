//! Scores and decision rules: worked examples at the band edges, with thresholds copied by hand
//! from REFERENCE.md §4–§8 (not read from the data), missing items and ranges, and the links
//! from scores to the triage level.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/web.rs runs in the browser

use rules::{Assessment, DecisionRuleResult, Outcome, PatientRecord, ScoreResult};
use serde_json::{Value, json};

fn assess(case: Value) -> Assessment {
    let r: PatientRecord = serde_json::from_value(case).expect("case parses");
    rules::assess(&r).unwrap_or_else(|e| panic!("invalid case: {e:?}"))
}

fn score(a: &Assessment, id: &str) -> ScoreResult {
    a.scores
        .iter()
        .find(|s| s.id == id)
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "{id} not listed; not applicable: {:?}",
                a.scores_not_applicable
            )
        })
}

fn rule(a: &Assessment, id: &str) -> DecisionRuleResult {
    a.decision_rules
        .iter()
        .find(|s| s.id == id)
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "{id} not listed; not applicable: {:?}",
                a.scores_not_applicable
            )
        })
}

fn band(s: &ScoreResult) -> &str {
    s.band.as_ref().map_or("?", |b| b.id.as_str())
}

fn link_fired(a: &Assessment, id: &str) -> bool {
    a.trace
        .iter()
        .find(|e| e.rule_id == id)
        .unwrap_or_else(|| panic!("{id} not in the trace"))
        .outcome
        == Outcome::Fired
}

// ---- Westley (§6.2): ≤2 mild, 3–5 moderate, 6–11 severe, ≥12 impending failure ----------------

fn westley(
    consciousness: &str,
    cyanosis: &str,
    stridor: &str,
    air: &str,
    retractions: &str,
) -> Assessment {
    assess(json!({"age_years": 2, "complaint": "stridor", "answers": {
        "consciousness_westley": consciousness, "cyanosis_westley": cyanosis, "stridor": stridor,
        "air_entry_croup": air, "retractions": retractions}}))
}

#[test]
fn westley_band_edges_and_links() {
    let cases = [
        (("normal", "none", "none", "normal", "none"), 0, "mild"),
        (("normal", "none", "at_rest", "normal", "none"), 2, "mild"),
        (
            ("normal", "none", "at_rest", "decreased", "none"),
            3,
            "moderate",
        ),
        (
            ("normal", "none", "at_rest", "normal", "severe"),
            5,
            "moderate",
        ),
        (
            ("normal", "none", "at_rest", "decreased", "severe"),
            6,
            "severe",
        ),
        (
            (
                "normal",
                "at_rest",
                "at_rest",
                "markedly_decreased",
                "moderate",
            ),
            11,
            "severe",
        ),
        (
            (
                "disoriented",
                "with_agitation",
                "with_agitation",
                "markedly_decreased",
                "none",
            ),
            12,
            "impending_failure",
        ),
        (
            (
                "disoriented",
                "at_rest",
                "at_rest",
                "markedly_decreased",
                "severe",
            ),
            17,
            "impending_failure",
        ),
    ];
    for ((c, y, s, a, r), total, b) in cases {
        let x = westley(c, y, s, a, r);
        let w = score(&x, "westley");
        assert!(w.complete);
        assert_eq!((w.total, band(&w)), (total, b), "{c} {y} {s} {a} {r}");
        assert_eq!(link_fired(&x, "westley.link.severe"), total >= 6);
        assert_eq!(
            link_fired(&x, "westley.link.impending_failure"),
            total >= 12
        );
        if total >= 12 {
            assert_eq!(x.level, 1);
        } else if total >= 6 {
            assert!(x.level <= 2);
            assert!(x.deciding_rules.contains(&"westley.link.severe") || x.level < 2);
        }
    }
}

#[test]
fn missing_items_give_the_range_still_possible() {
    let x =
        assess(json!({"age_years": 2, "complaint": "stridor", "answers": {"stridor": "at_rest"}}));
    let w = score(&x, "westley");
    assert!(!w.complete);
    assert_eq!((w.total, w.min_possible, w.max_possible), (2, 2, 17));
    assert_eq!(w.band, None);
    assert_eq!(
        w.possible_bands,
        ["mild", "moderate", "severe", "impending_failure"]
    );
    let missing: Vec<&str> = w
        .items
        .iter()
        .filter(|i| i.missing)
        .map(|i| i.item)
        .collect();
    assert_eq!(
        missing,
        ["consciousness", "cyanosis", "air_entry", "retractions"]
    );
    let stridor = w.items.iter().find(|i| i.item == "stridor").unwrap();
    assert_eq!(stridor.points, Some(2));
    assert_eq!(stridor.read[0].name, "stridor");
    assert_eq!(
        stridor.read[0].value,
        Some(rules::Value::Code("at_rest".into()))
    );
    // The link cannot fire on a range, and says it could.
    let e = x
        .trace
        .iter()
        .find(|e| e.rule_id == "westley.link.severe")
        .unwrap();
    assert_eq!(e.outcome, Outcome::NotFired);
    assert!(
        e.summary().contains("could give level 2"),
        "{}",
        e.summary()
    );
    // Already severe whatever the missing items: the link fires on the range.
    let x = assess(json!({"age_years": 2, "complaint": "stridor",
        "answers": {"consciousness_westley": "disoriented", "stridor": "at_rest"}}));
    let w = score(&x, "westley");
    assert_eq!((w.min_possible, w.max_possible), (7, 17));
    assert!(link_fired(&x, "westley.link.severe"));
    assert!(x.level <= 2);
}

// ---- PRAM (§6.3): SpO2 ≥95 0, 92–94 1, <92 2; 0–3 mild, 4–7 moderate, 8–12 severe -------------

#[test]
fn pram_spo2_cells_and_band_edges() {
    for (spo2, pts) in [(100, 0), (95, 0), (94, 1), (92, 1), (91, 2), (80, 2)] {
        let x = assess(
            json!({"age_years": 6, "complaint": "wheezing", "vitals": {"spo2_percent": spo2}}),
        );
        let p = score(&x, "pram");
        assert_eq!(p.items[0].points, Some(pts), "SpO2 {spo2}");
    }
    let pram = |spo2: u32, supra: bool, scalene: bool, air: &str, wheeze: &str| {
        assess(
            json!({"age_years": 6, "complaint": "wheezing", "vitals": {"spo2_percent": spo2},
            "answers": {"suprasternal_retraction": supra, "scalene_contraction": scalene,
                        "air_entry_asthma": air, "wheeze": wheeze}}),
        )
    };
    for (x, total, b) in [
        (pram(98, false, false, "normal", "expiratory"), 1, "mild"),
        (
            pram(94, false, false, "decreased_base", "expiratory"),
            3,
            "mild",
        ),
        (
            pram(94, false, false, "decreased_apex_and_base", "expiratory"),
            4,
            "moderate",
        ),
        (
            pram(91, true, false, "decreased_apex_and_base", "expiratory"),
            7,
            "moderate",
        ),
        (
            pram(91, true, false, "decreased_apex_and_base", "inspiratory"),
            8,
            "severe",
        ),
        (
            pram(
                91,
                true,
                true,
                "minimal_or_absent",
                "audible_or_silent_chest",
            ),
            12,
            "severe",
        ),
    ] {
        let p = score(&x, "pram");
        assert_eq!((p.total, band(&p)), (total, b));
        assert_eq!(link_fired(&x, "pram.link.severe"), total >= 8);
        assert_eq!(link_fired(&x, "pram.link.moderate"), total >= 4);
        if total >= 8 {
            assert!(x.level <= 2);
        } else if total >= 4 {
            assert!(x.level <= 3);
        }
    }
    // Validated from 2 years (§6.3).
    let x = assess(json!({"age_months": 23, "complaint": "wheezing"}));
    assert!(x.scores.iter().all(|s| s.id != "pram"));
    assert!(x.scores_not_applicable.iter().any(|n| n.id == "pram"));
}

// ---- Dehydration (§6.4): CDS 0 / 1–4 / 5–8; Gorelick ≥3 of 10, ≥2 of 4 -------------------------

#[test]
fn cds_and_gorelick_edges() {
    let cds = |app: &str, eyes: &str, mm: &str, tears: &str| {
        assess(
            json!({"age_months": 14, "complaint": "diarrhoea", "answers": {
            "general_appearance_dehydration": app, "eyes": eyes, "mucous_membranes": mm, "tears": tears}}),
        )
    };
    for (x, total, b) in [
        (cds("normal", "normal", "moist", "present"), 0, "none"),
        (cds("normal", "normal", "sticky", "present"), 1, "some"),
        (
            cds(
                "thirsty_restless_irritable",
                "slightly_sunken",
                "sticky",
                "decreased",
            ),
            4,
            "some",
        ),
        (
            cds(
                "thirsty_restless_irritable",
                "very_sunken",
                "sticky",
                "decreased",
            ),
            5,
            "moderate_severe",
        ),
        (
            cds("drowsy_limp_cold", "very_sunken", "dry", "absent"),
            8,
            "moderate_severe",
        ),
    ] {
        let c = score(&x, "cds");
        assert_eq!((c.total, band(&c)), (total, b));
        assert_eq!(link_fired(&x, "cds.link.moderate_severe"), total >= 5);
        assert_eq!(link_fired(&x, "cds.link.some"), total >= 1);
    }
    // Gorelick: capillary refill >2 s, HR >150, each 1 point; 4-item ≥2 → ≥5%.
    let g = |crt: f64, hr: u32, tears: &str, mm: &str| {
        assess(json!({"age_months": 14, "complaint": "diarrhoea",
            "vitals": {"capillary_refill_s": crt, "heart_rate_per_min": hr},
            "answers": {"general_appearance_dehydration": "normal", "eyes": "normal", "mucous_membranes": mm,
                        "tears": tears, "skin_turgor_reduced": false, "abnormal_respirations": false,
                        "radial_pulse_abnormal": false, "urine_output_reduced": false}}))
    };
    let x = g(2.0, 150, "present", "moist");
    assert_eq!(
        (score(&x, "gorelick").total, score(&x, "gorelick_4").total),
        (0, 0)
    );
    let x = g(2.5, 151, "decreased", "sticky");
    let (ten, four) = (score(&x, "gorelick"), score(&x, "gorelick_4"));
    assert_eq!((ten.total, band(&ten)), (2, "under_5_percent"));
    assert_eq!((four.total, band(&four)), (1, "under_5_percent"));
    let x = g(2.5, 151, "absent", "sticky");
    let (ten, four) = (score(&x, "gorelick"), score(&x, "gorelick_4"));
    assert_eq!((ten.total, band(&ten)), (3, "at_least_5_percent"));
    assert_eq!((four.total, band(&four)), (2, "at_least_5_percent"));
}

// ---- GCS (§6.5): ≥13 minor, 9–12 moderate, ≤8 severe; PaedCTAS 3–9 → I, 10–13 → II ------------

#[test]
fn gcs_components_bands_and_links() {
    let gcs = |e: u32, v: u32, m: u32| {
        assess(json!({"age_years": 3, "complaint": "head_injury",
            "answers": {"gcs_eye": e, "gcs_verbal": v, "gcs_motor": m}}))
    };
    for ((e, v, m), total, b, level) in [
        ((4, 5, 6), 15, "minor", None),
        ((4, 5, 4), 13, "minor", Some(2)),
        ((3, 4, 5), 12, "moderate", Some(2)),
        ((3, 4, 3), 10, "moderate", Some(2)),
        ((2, 3, 4), 9, "moderate", Some(1)),
        ((2, 2, 4), 8, "severe", Some(1)),
        ((1, 1, 1), 3, "severe", Some(1)),
    ] {
        let x = gcs(e, v, m);
        let s = score(&x, "gcs");
        assert_eq!((s.total, band(&s)), (total, b));
        if let Some(l) = level {
            assert!(x.level <= l, "GCS {total}: level {}", x.level);
        }
        assert_eq!(link_fired(&x, "gcs.link.3_9"), total <= 9);
        // AVPU from the engine's crosswalk (A 14–15, V 10–13, P 4–9, U 3).
        let avpu = match total {
            14..=15 => "a",
            10..=13 => "v",
            4..=9 => "p",
            _ => "u",
        };
        assert_eq!(s.avpu.as_ref().and_then(|m| m.avpu.as_deref()), Some(avpu));
        assert_eq!(link_fired(&x, "gcs.link.10_13"), total <= 13);
    }
    // A missing component: the range is that of the component (1–4), not 0–4.
    let x = assess(
        json!({"age_years": 3, "complaint": "head_injury", "answers": {"gcs_verbal": 5, "gcs_motor": 6}}),
    );
    let s = score(&x, "gcs");
    assert_eq!((s.min_possible, s.max_possible), (12, 15));
    assert_eq!(
        s.avpu.as_ref().map(|m| m.possible.clone()),
        Some(vec!["a".to_string(), "v".to_string()])
    );
    assert!(!link_fired(&x, "gcs.link.10_13") && !link_fired(&x, "gcs.link.3_9"));
}

// ---- PEWS (§6.1): 0–13, ≥3 escalate ----------------------------------------------------------

#[test]
fn pews_edges() {
    let pews = |b: &str, cv: &str, r: &str, neb: bool, vom: bool| {
        assess(
            json!({"age_years": 4, "answers": {"hospital_observation": true, "pews_behaviour": b, "pews_cardiovascular": cv,
            "pews_respiratory": r, "pews_quarter_hourly_nebulisers": neb, "pews_postop_vomiting": vom}}),
        )
    };
    let p = score(
        &pews("sleeping", "pale", "normal", false, false),
        "pews_brighton",
    );
    assert_eq!((p.total, band(&p)), (2, "low"));
    let p = score(
        &pews(
            "sleeping",
            "pale",
            "above10_or_accessory_or_o2_30",
            false,
            false,
        ),
        "pews_brighton",
    );
    assert_eq!((p.total, band(&p)), (3, "escalate"));
    let p = score(
        &pews(
            "lethargic",
            "grey_mottled_or_tachy30_or_brady",
            "below5_grunting_or_o2_50",
            true,
            true,
        ),
        "pews_brighton",
    );
    assert_eq!((p.total, band(&p)), (13, "escalate"));
    // One row missing: its 0–3 points stay open.
    let x = assess(
        json!({"age_years": 4, "answers": {"hospital_observation": true, "pews_behaviour": "playing", "pews_respiratory": "normal",
        "pews_quarter_hourly_nebulisers": false, "pews_postop_vomiting": false}}),
    );
    let p = score(&x, "pews_brighton");
    assert_eq!(
        (p.total, p.min_possible, p.max_possible, band(&p)),
        (0, 0, 3, "?")
    );
    assert_eq!(p.possible_bands, ["low", "escalate"]);
}

// ---- Pain (§6.7): FLACC 0 / 1–3 / 4–6 / 7–10, 2 months – 7 years; faces; NRS ------------------

#[test]
fn pain_scales_by_age() {
    let flacc = |months: u32, pts: [u32; 5]| {
        assess(
            json!({"age_months": months, "vitals": {"pain_tool": "flacc"}, "answers": {"flacc_face": pts[0], "flacc_legs": pts[1],
            "flacc_activity": pts[2], "flacc_cry": pts[3], "flacc_consolability": pts[4]}}),
        )
    };
    for (pts, total, b) in [
        ([0, 0, 0, 0, 0], 0, "none"),
        ([1, 1, 1, 0, 0], 3, "mild"),
        ([1, 1, 1, 1, 0], 4, "moderate"),
        ([2, 2, 2, 0, 0], 6, "moderate"),
        ([2, 2, 2, 1, 0], 7, "severe"),
        ([2, 2, 2, 2, 2], 10, "severe"),
    ] {
        let s = score(&flacc(30, pts), "flacc");
        assert_eq!((s.total, band(&s)), (total, b));
    }
    assert!(
        flacc(1, [0; 5]).scores.iter().all(|s| s.id != "flacc"),
        "FLACC from 2 months"
    );
    assert!(
        flacc(96, [0; 5]).scores.iter().all(|s| s.id != "flacc"),
        "FLACC to 7 years"
    );
    let x = assess(
        json!({"age_years": 5, "vitals": {"pain_score": 6, "pain_tool": "wong_baker_faces"}}),
    );
    let s = score(&x, "wong_baker_faces");
    assert_eq!((s.total, band(&s)), (6, "moderate"));
    assert!(x.scores.iter().all(|s| s.id != "numeric_pain"));
    let x = assess(
        json!({"age_years": 2, "vitals": {"pain_score": 6, "pain_tool": "wong_baker_faces"}}),
    );
    assert!(
        x.scores.iter().all(|s| s.id != "wong_baker_faces"),
        "faces from 3 years"
    );
    let x = assess(json!({"age_years": 12, "vitals": {"pain_score": 7, "pain_tool": "nrs"}}));
    let s = score(&x, "numeric_pain");
    assert_eq!((s.total, band(&s)), (7, "severe"));
}

// ---- PAS (§6.9) and Alvarado ------------------------------------------------------------------

fn abdo(temp: f64, wbc: f64, neut: f64, yes: &[&str]) -> Assessment {
    let mut answers = serde_json::Map::new();
    for a in [
        "cough_percussion_hop_tenderness",
        "anorexia",
        "nausea_vomiting",
        "rlq_tenderness",
        "migration_of_pain",
        "rebound_tenderness",
    ] {
        answers.insert(a.into(), json!(yes.contains(&a)));
    }
    answers.insert("wbc_10e9_per_l".into(), json!(wbc));
    answers.insert("neutrophils_percent".into(), json!(neut));
    assess(
        json!({"age_years": 9, "complaint": "abdominal_pain", "vitals": {"temperature_c": temp},
        "answers": answers}),
    )
}

#[test]
fn pas_item_thresholds_and_bands() {
    let pas = |x: &Assessment| score(x, "pas");
    // Pyrexia ≥38.0, leukocytosis >10, neutrophilia >75%: one point each at the edge.
    assert_eq!(pas(&abdo(37.9, 10.0, 75.0, &[])).total, 0);
    assert_eq!(pas(&abdo(38.0, 10.0, 75.0, &[])).total, 1);
    assert_eq!(pas(&abdo(37.9, 10.1, 75.0, &[])).total, 1);
    assert_eq!(pas(&abdo(37.9, 10.0, 75.1, &[])).total, 1);
    let p = pas(&abdo(37.0, 5.0, 50.0, &["rlq_tenderness"]));
    assert_eq!((p.total, band(&p)), (2, "low"));
    let p = pas(&abdo(37.0, 5.0, 50.0, &["rlq_tenderness", "anorexia"]));
    assert_eq!((p.total, band(&p)), (3, "indeterminate"));
    let p = pas(&abdo(
        38.5,
        5.0,
        50.0,
        &[
            "rlq_tenderness",
            "cough_percussion_hop_tenderness",
            "anorexia",
        ],
    ));
    assert_eq!((p.total, band(&p)), (6, "indeterminate"));
    let p = pas(&abdo(
        38.5,
        12.0,
        50.0,
        &[
            "rlq_tenderness",
            "cough_percussion_hop_tenderness",
            "anorexia",
        ],
    ));
    assert_eq!((p.total, band(&p)), (7, "high"));
    let all = [
        "cough_percussion_hop_tenderness",
        "anorexia",
        "nausea_vomiting",
        "rlq_tenderness",
        "migration_of_pain",
    ];
    let p = pas(&abdo(39.0, 15.0, 85.0, &all));
    assert_eq!(
        (p.total, p.min_possible, p.max_possible, band(&p)),
        (10, 10, 10, "high")
    );
    assert!(!p.alternatives.is_empty() && p.bands_source.is_some());
}

#[test]
fn alvarado_items_and_bands() {
    let alv = |x: &Assessment| score(x, "alvarado");
    assert_eq!(alv(&abdo(37.2, 10.0, 75.0, &[])).total, 0);
    assert_eq!(alv(&abdo(37.3, 10.0, 75.0, &[])).total, 1);
    assert_eq!(alv(&abdo(37.2, 10.1, 75.0, &[])).total, 2);
    assert_eq!(alv(&abdo(37.2, 10.0, 75.1, &[])).total, 1);
    for (yes, temp, wbc, total, b) in [
        (
            &["rlq_tenderness", "anorexia", "migration_of_pain"][..],
            37.0,
            5.0,
            4,
            "unlikely",
        ),
        (
            &[
                "rlq_tenderness",
                "anorexia",
                "migration_of_pain",
                "nausea_vomiting",
            ][..],
            37.0,
            5.0,
            5,
            "possible",
        ),
        (
            &[
                "rlq_tenderness",
                "anorexia",
                "migration_of_pain",
                "nausea_vomiting",
            ][..],
            37.0,
            11.0,
            7,
            "probable",
        ),
        (
            &[
                "rlq_tenderness",
                "anorexia",
                "migration_of_pain",
                "nausea_vomiting",
                "rebound_tenderness",
            ][..],
            37.5,
            11.0,
            9,
            "very_probable",
        ),
    ] {
        let a = alv(&abdo(temp, wbc, 50.0, yes));
        assert_eq!((a.total, band(&a)), (total, b), "{yes:?}");
    }
    assert_eq!(
        alv(&abdo(37.0, 5.0, 50.0, &[])).source.evidence,
        rules::Evidence::Unverified
    );
}

// ---- NICE NG143 (§4, §1.7) ----------------------------------------------------------------------

fn nice(case: Value) -> DecisionRuleResult {
    rule(&assess(case), "nice_ng143_traffic_light")
}

fn present(r: &DecisionRuleResult) -> Vec<&str> {
    r.features
        .iter()
        .filter(|f| f.present == Some(true))
        .map(|f| f.feature)
        .collect()
}

#[test]
fn nice_traffic_light_age_thresholds() {
    // Age <3 months with ≥38 °C → red; 3–6 months with ≥39 °C → amber.
    let r = nice(json!({"age_days": 80, "vitals": {"temperature_c": 38.0}}));
    assert_eq!(
        (*r.possible_outcomes.last().unwrap(), present(&r)),
        ("red", vec!["under_3_months_38"])
    );
    assert_eq!(r.outcome.as_ref().map(|o| o.id), Some("red"));
    let r = nice(json!({"age_days": 80, "complaint": "fever", "vitals": {"temperature_c": 37.9}}));
    assert_ne!(*r.possible_outcomes.last().unwrap(), "red");
    let r = nice(json!({"age_months": 4, "vitals": {"temperature_c": 39.0}}));
    assert_eq!(present(&r), ["3_6_months_39"]);
    let r = nice(json!({"age_months": 4, "vitals": {"temperature_c": 38.9}}));
    assert!(present(&r).is_empty());
    // RR: >50 at 6–12 months, >40 over 12 months (amber), >60 red.
    let rr = |months: u32, rr: u32| {
        present(&nice(json!({"age_months": months, "complaint": "fever",
        "vitals": {"respiratory_rate_per_min": rr}})))
        .join(",")
    };
    assert_eq!(rr(8, 50), "");
    assert_eq!(rr(8, 51), "rr_over_50_6_12_months");
    assert_eq!(rr(5, 55), "", "no amber RR threshold under 6 months");
    assert_eq!(rr(13, 40), "");
    assert_eq!(rr(13, 41), "rr_over_40_over_12_months");
    assert_eq!(rr(13, 61), "rr_over_60,rr_over_40_over_12_months");
    // HR: >160 under 12 months, >150 at 12–24 months, >140 at 2–5 years.
    let hr = |months: u32, hr: u32| {
        present(&nice(json!({"age_months": months, "complaint": "fever",
        "vitals": {"heart_rate_per_min": hr}})))
        .join(",")
    };
    assert_eq!(hr(11, 160), "");
    assert_eq!(hr(11, 161), "hr_over_160_under_12_months");
    assert_eq!(hr(13, 150), "");
    assert_eq!(hr(13, 151), "hr_over_150_12_24_months");
    assert_eq!(hr(36, 140), "");
    assert_eq!(hr(36, 141), "hr_over_140_2_5_years");
    // SpO2 ≤95 and capillary refill ≥3 s amber.
    let r = nice(
        json!({"age_months": 20, "complaint": "fever", "vitals": {"spo2_percent": 95, "capillary_refill_s": 3}}),
    );
    assert_eq!(present(&r), ["spo2_95_or_less", "crt_3s_or_more"]);
    assert_eq!(*r.possible_outcomes.last().unwrap(), "amber");
    let r = nice(
        json!({"age_months": 20, "complaint": "fever", "vitals": {"spo2_percent": 96, "capillary_refill_s": 2}}),
    );
    assert!(present(&r).is_empty());
    // A red finding wins over amber ones.
    let r = nice(
        json!({"age_months": 20, "complaint": "fever", "findings": ["non_blanching_rash"], "vitals": {"spo2_percent": 94}}),
    );
    assert_eq!(r.outcome.as_ref().map(|o| o.id), Some("red"));
    // Under 5 years only.
    let x = assess(json!({"age_months": 60, "complaint": "fever"}));
    assert!(
        x.decision_rules
            .iter()
            .all(|r| r.id != "nice_ng143_traffic_light")
    );
}

#[test]
fn nice_green_needs_every_feature_answered() {
    let open =
        nice(json!({"age_months": 20, "complaint": "fever", "vitals": {"temperature_c": 38.5}}));
    assert_eq!(open.worst_possible.map(|o| o.id), Some("red"));
    assert_eq!(open.outcome, None);
    assert_eq!(open.possible_outcomes, ["red", "amber", "green"]);
    let r = nice(json!({"age_months": 20, "complaint": "fever",
        "vitals": {"temperature_c": 38.5, "respiratory_rate_per_min": 30, "heart_rate_per_min": 120,
                   "spo2_percent": 98, "capillary_refill_s": 2},
        "answers": {"nice_activity": "normal", "retractions": "none", "skin_turgor_reduced": false,
                    "status_epilepticus": false, "focal_seizure": false, "nasal_flaring": false,
                    "crackles": false, "mucous_membranes": "moist", "urine_output_reduced": false,
                    "rigors": false, "limb_or_joint_swelling": false, "feeding": "normal",
                    "cyanosis": "none"}}));
    assert_eq!(r.outcome.as_ref().map(|o| o.id), Some("green"));
    assert!(r.features.iter().all(|f| !f.missing));
}

// ---- PECARN (§7) --------------------------------------------------------------------------------

#[test]
fn pecarn_head_trauma_by_age() {
    let no = json!({"altered_mental_status": false, "palpable_skull_fracture": false,
        "basilar_skull_fracture_signs": false, "scalp_haematoma_non_frontal": false,
        "loss_of_consciousness": "none", "severe_mechanism_head": false, "not_acting_normally": false,
        "vomiting_after_injury": false, "severe_headache": false});
    let head = |months: u32, gcs: u32, change: Value| {
        let mut answers = no.clone();
        for (k, v) in change.as_object().unwrap() {
            answers[k] = v.clone();
        }
        assess(
            json!({"age_months": months, "complaint": "head_injury", "vitals": {"gcs": gcs}, "answers": answers}),
        )
    };
    let id = |x: &Assessment, r: &str| rule(x, r).outcome.map(|o| o.id).unwrap_or_default();
    assert_eq!(
        id(&head(18, 15, json!({})), "pecarn_head_under_2"),
        "very_low_risk"
    );
    assert_eq!(
        id(&head(18, 14, json!({})), "pecarn_head_under_2"),
        "high_risk"
    );
    assert_eq!(
        id(
            &head(18, 15, json!({"loss_of_consciousness": "5_s_or_more"})),
            "pecarn_head_under_2"
        ),
        "intermediate_risk"
    );
    assert_eq!(
        id(
            &head(18, 15, json!({"loss_of_consciousness": "under_5_s"})),
            "pecarn_head_under_2"
        ),
        "very_low_risk"
    );
    assert_eq!(
        id(
            &head(18, 15, json!({"palpable_skull_fracture": true})),
            "pecarn_head_under_2"
        ),
        "high_risk"
    );
    assert_eq!(
        id(
            &head(24, 15, json!({"loss_of_consciousness": "under_5_s"})),
            "pecarn_head_2_and_over"
        ),
        "intermediate_risk"
    );
    assert_eq!(
        id(
            &head(24, 15, json!({"basilar_skull_fracture_signs": true})),
            "pecarn_head_2_and_over"
        ),
        "high_risk"
    );
    assert_eq!(
        id(
            &head(120, 15, json!({"severe_headache": true})),
            "pecarn_head_2_and_over"
        ),
        "intermediate_risk"
    );
    assert_eq!(
        id(&head(120, 15, json!({})), "pecarn_head_2_and_over"),
        "very_low_risk"
    );
    // Only one age group at a time; GCS <14 is outside the population.
    let x = head(24, 15, json!({}));
    assert!(
        x.decision_rules
            .iter()
            .all(|r| r.id != "pecarn_head_under_2")
    );
    let x = head(24, 13, json!({}));
    assert!(
        x.decision_rules
            .iter()
            .all(|r| !r.id.starts_with("pecarn_head"))
    );
    assert!(
        x.scores_not_applicable
            .iter()
            .any(|n| n.id == "pecarn_head_2_and_over" && n.criterion().contains("gcs >= 14"))
    );
}

#[test]
fn pecarn_cspine_iai_and_febrile_infant() {
    let x =
        assess(json!({"age_years": 8, "complaint": "head_injury", "answers": {"neck_pain": true}}));
    assert_eq!(
        rule(&x, "pecarn_cervical_spine").outcome.map(|o| o.id),
        Some("risk_factor_present")
    );
    let none = json!({"abdominal_wall_trauma": false, "abdominal_tenderness": false,
        "thoracic_wall_trauma": false, "abdominal_pain_reported": false,
        "decreased_breath_sounds": false, "vomiting": false, "blunt_torso_trauma": true});
    let x = assess(
        json!({"age_years": 11, "complaint": "abdominal_pain", "vitals": {"gcs": 14}, "answers": none}),
    );
    assert_eq!(
        rule(&x, "pecarn_intra_abdominal").outcome.map(|o| o.id),
        Some("very_low_risk")
    );
    let x = assess(
        json!({"age_years": 11, "complaint": "abdominal_pain", "vitals": {"gcs": 13}, "answers": none}),
    );
    assert_eq!(
        rule(&x, "pecarn_intra_abdominal").outcome.map(|o| o.id),
        Some("not_very_low_risk")
    );
    // Febrile infant: 29–60 days; ANC ≤4,090/µL and PCT ≤1.71 ng/mL and negative urinalysis → low risk.
    let fi = |days: u32, ua: &str, anc: f64, pct: f64| {
        assess(
            json!({"age_days": days, "complaint": "fever", "vitals": {"temperature_c": 38.3, "avpu": "a"},
            "pat": {"appearance": "normal"},
            "answers": {"previously_healthy": true, "urinalysis": ua, "anc_10e9_per_l": anc, "procalcitonin_ng_ml": pct}}),
        )
    };
    let id = |x: &Assessment| {
        rule(x, "pecarn_febrile_infant")
            .outcome
            .map(|o| o.id)
            .unwrap_or_default()
    };
    assert_eq!(id(&fi(29, "negative", 4.09, 1.71)), "low_risk");
    assert_eq!(id(&fi(60, "negative", 4.1, 1.71)), "not_low_risk");
    assert_eq!(id(&fi(45, "negative", 4.09, 1.72)), "not_low_risk");
    assert_eq!(id(&fi(45, "positive", 1.0, 0.1)), "not_low_risk");
    assert!(
        fi(28, "negative", 1.0, 0.1)
            .decision_rules
            .iter()
            .all(|r| r.id != "pecarn_febrile_infant")
    );
    assert!(
        fi(61, "negative", 1.0, 0.1)
            .decision_rules
            .iter()
            .all(|r| r.id != "pecarn_febrile_infant")
    );
    // One criterion unknown: not decided unless another is already positive.
    let x = assess(
        json!({"age_days": 45, "complaint": "fever", "vitals": {"temperature_c": 38.3, "avpu": "a"},
            "pat": {"appearance": "normal"},
            "answers": {"previously_healthy": true, "urinalysis": "negative", "anc_10e9_per_l": 3.0}}),
    );
    let r = rule(&x, "pecarn_febrile_infant");
    assert_eq!((r.outcome, r.possible_outcomes.len()), (None, 2));
}

// ---- WHO ETAT (§8) and bronchiolitis (§6.8) ----------------------------------------------------

#[test]
fn etat_and_bronchiolitis() {
    let x = assess(json!({"age_days": 50}));
    let r = rule(&x, "who_etat");
    assert_eq!(*r.possible_outcomes.last().unwrap(), "priority");
    assert!(present(&r).contains(&"tiny_baby"));
    let x = assess(json!({"age_years": 3, "vitals": {"avpu": "p"}}));
    assert_eq!(
        rule(&x, "who_etat").outcome.map(|o| o.id),
        Some("emergency")
    );
    let x = assess(
        json!({"age_years": 3, "findings": ["cool_extremities", "weak_thready_pulse"], "vitals": {"capillary_refill_s": 3}}),
    );
    assert!(
        !present(&rule(&x, "who_etat")).contains(&"shock"),
        "refill must be >3 s"
    );
    let x = assess(
        json!({"age_years": 3, "findings": ["cool_extremities", "weak_thready_pulse"], "vitals": {"capillary_refill_s": 4}}),
    );
    assert!(present(&rule(&x, "who_etat")).contains(&"shock"));
    let b = |spo2: u32| {
        rule(
            &assess(
                json!({"age_months": 4, "complaint": "cough", "vitals": {"spo2_percent": spo2}}),
            ),
            "bronchiolitis_severity",
        )
    };
    assert_eq!(b(87).outcome.map(|o| o.id), Some("severe"));
    assert_eq!(present(&b(88)), ["spo2_88_92"]);
    assert_eq!(present(&b(92)), ["spo2_88_92"]);
    assert!(present(&b(93)).is_empty());
}

#[test]
fn invalid_answers_are_field_errors() {
    let bad = |answers: Value| {
        let r: PatientRecord = serde_json::from_value(json!({"answers": answers})).unwrap();
        r.validate().unwrap_err()
    };
    for a in [
        json!({"no_such_answer": true}),
        json!({"stridor": "loud"}),
        json!({"stridor": true}),
        json!({"anorexia": "yes"}),
        json!({"wbc_10e9_per_l": -1}),
        json!({"gcs_eye": 5}),
        json!({"gcs_eye": 2.5}),
    ] {
        let e = bad(a.clone());
        assert_eq!(e.len(), 1, "{a}");
        assert_eq!(e[0].field(), "observations");
        assert!(!e[0].message(rules::Lang::Fr).is_empty());
    }
}
