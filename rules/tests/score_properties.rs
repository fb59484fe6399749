//! Property tests of the scores and decision rules: a worse answer never gives a better score,
//! outcome or triage level; answering a missing item only narrows the range still possible;
//! arbitrary answers never panic.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/web.rs runs in the browser

use proptest::prelude::*;
use rules::{Answer, Assessment, ObservationKind as Kind, PatientRecord};
use std::collections::BTreeMap;

/// A valid value for one answer, from its definition.
fn value_for(def: &'static rules::ObservationDef) -> BoxedStrategy<Answer> {
    match def.kind {
        Kind::YesNo => any::<bool>().prop_map(Answer::Flag).boxed(),
        Kind::Choice => (0..def.options.len())
            .prop_map(move |i| Answer::Code(def.options[i].code.clone()))
            .boxed(),
        Kind::Number => {
            let (lo, hi) = (def.min.unwrap_or(0.0), def.max.unwrap_or(100.0));
            // Most values near the clinical cut-points (which sit low in every range here).
            let near = hi.min(lo + 30.0);
            let whole = def.whole_number;
            prop_oneof![3 => lo..=near, 1 => lo..=hi]
                .prop_map(move |x| {
                    Answer::Number(if whole {
                        x.round()
                    } else {
                        (x * 100.0).round() / 100.0
                    })
                })
                .boxed()
        }
    }
}

/// Any observations of the one vocabulary (danger signs, graded signs, numbers), a few each.
fn answers() -> impl Strategy<Value = BTreeMap<String, Answer>> {
    let parts: Vec<_> = rules::observations()
        .iter()
        .filter(|d| d.can_be_entered())
        .map(|d| prop::option::weighted(0.15, value_for(d)).prop_map(move |v| (d.code.clone(), v)))
        .collect();
    parts.prop_map(|kv| {
        kv.into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect()
    })
}

fn num(lo: f64, hi: f64) -> BoxedStrategy<Option<f64>> {
    prop::option::weighted(0.6, (lo..=hi).prop_map(|x| (x * 10.0).round() / 10.0)).boxed()
}

fn record() -> impl Strategy<Value = PatientRecord> {
    let complaints: Vec<String> = rules::catalog::complaints()
        .iter()
        .map(|c| c.code.clone())
        .collect();
    (
        prop::option::weighted(0.9, 0u32..=6939),
        prop::option::of(prop::sample::select(complaints)),
        (
            num(80.0, 100.0),
            num(35.5, 41.0),
            num(0.0, 6.0),
            num(60.0, 220.0),
            num(10.0, 90.0),
        ),
        prop::option::weighted(0.3, 3u32..=15),
        answers(),
    )
        .prop_map(
            |(age, complaint, (spo2, t, crt, hr, rr), gcs, observations)| {
                let mut r = PatientRecord {
                    age_days: age.map(f64::from),
                    complaint,
                    observations,
                    ..Default::default()
                };
                r.vitals.spo2_percent = spo2;
                r.vitals.temperature_c = t;
                r.vitals.capillary_refill_s = crt;
                r.vitals.heart_rate_per_min = hr;
                r.vitals.respiratory_rate_per_min = rr;
                r.vitals.gcs = gcs.map(f64::from);
                r
            },
        )
}

/// The answer made one step more severe, if it can be.
fn worse(def: &rules::ObservationDef, a: &Answer, step: f64) -> Option<Answer> {
    match (def.kind, a) {
        (Kind::YesNo, Answer::Flag(false)) => Some(Answer::Flag(true)),
        (Kind::Choice, Answer::Code(c)) => {
            let i = def.options.iter().position(|o| &o.code == c)?;
            def.options.get(i + 1).map(|o| Answer::Code(o.code.clone()))
        }
        (Kind::Number, &Answer::Number(x)) => {
            let step = if def.whole_number {
                step.ceil().max(1.0)
            } else {
                step
            };
            let y = if def.worse_when_lower {
                x - step
            } else {
                x + step
            };
            let y = y.clamp(def.min.unwrap_or(f64::MIN), def.max.unwrap_or(f64::MAX));
            (y != x).then_some(Answer::Number(y))
        }
        _ => None,
    }
}

fn assess(r: &PatientRecord) -> Assessment {
    rules::assess(r).expect("generated records are valid")
}

/// Position of an outcome in its rule's order of seriousness (0 = most serious).
fn rank(id: &str, outcome: &str) -> usize {
    let def = rules::decision_rule_defs()
        .iter()
        .find(|d| d.id == id)
        .expect("rule");
    def.groups
        .iter()
        .chain(std::iter::once(&def.otherwise))
        .position(|g| g.id == outcome)
        .expect("outcome of the rule")
}

/// Whether the population of a score or rule reads this answer.
fn population_reads(id: &str, answer: &str) -> bool {
    let pop = rules::score_defs()
        .iter()
        .find(|d| d.id == id)
        .map(|d| &d.population)
        .or_else(|| {
            rules::decision_rule_defs()
                .iter()
                .find(|d| d.id == id)
                .map(|d| &d.population)
        })
        .expect("score or rule");
    pop.iter().any(|r| {
        let mut codes = Vec::new();
        r.when.observations(&mut codes);
        if let Some(u) = &r.unless {
            u.observations(&mut codes);
        }
        codes.contains(&answer)
    })
}

fn higher_is_worse(id: &str) -> bool {
    rules::score_defs()
        .iter()
        .find(|d| d.id == id)
        .expect("score")
        .higher_is_worse
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn a_worse_answer_never_gives_a_better_score_outcome_or_level(
        r in record(), which in 0usize..1000, step in 0.01f64..20.0,
    ) {
        let keys: Vec<String> = r.observations.keys().cloned().collect();
        prop_assume!(!keys.is_empty());
        let key = &keys[which % keys.len()];
        let def = rules::observation(key).expect("known answer");
        let Some(w) = worse(def, &r.observations[key], step) else { return Ok(()) };
        let mut r2 = r.clone();
        r2.observations.insert(key.clone(), w.clone());
        let (a, b) = (assess(&r), assess(&r2));
        prop_assert!(b.level <= a.level, "{key} → {w:?}: level {} → {}", a.level, b.level);
        // An answer a population reads (previously healthy, blunt torso trauma, under observation)
        // may move the child out of a score's or rule's population; the others never do.
        for s in &a.scores {
            let Some(t) = b.scores.iter().find(|t| t.id == s.id) else {
                prop_assert!(population_reads(s.id, key), "{}: dropped by {key}", s.id);
                continue;
            };
            let (lo, hi, lo2, hi2) = (s.min_possible, s.max_possible, t.min_possible, t.max_possible);
            if higher_is_worse(s.id) {
                prop_assert!(lo2 >= lo && hi2 >= hi, "{}: {key} → {w:?}: {lo}–{hi} → {lo2}–{hi2}", s.id);
            } else {
                prop_assert!(lo2 <= lo && hi2 <= hi, "{}: {key} → {w:?}: {lo}–{hi} → {lo2}–{hi2}", s.id);
            }
        }
        for d in &a.decision_rules {
            let Some(e) = b.decision_rules.iter().find(|e| e.id == d.id) else {
                prop_assert!(population_reads(d.id, key), "{}: dropped by {key}", d.id);
                continue;
            };
            let least = |r: &rules::DecisionRuleResult| rank(r.id, r.possible_outcomes.last().expect("an outcome"));
            prop_assert!(least(e) <= least(d),
                "{}: {key} → {w:?}: {:?} → {:?}", d.id, d.possible_outcomes, e.possible_outcomes);
            prop_assert!(rank(d.id, e.possible_outcomes[0]) <= rank(d.id, d.possible_outcomes[0]));
        }
    }

    #[test]
    fn answering_a_missing_item_only_narrows_what_is_possible(
        r in record(), which in 0usize..1000, extra in answers(),
    ) {
        // A closed-world sign (ticked on sight) is never missing: not ticked, it reads as not
        // seen, so ticking it may open an outcome (WHO ETAT "emergency" for airway compromise)
        // rather than narrow one. Only open-world answers can be missing.
        let open_world = |k: &String| rules::observation(k).is_some_and(|d| !d.closed_world);
        let missing: Vec<(&String, &Answer)> = extra
            .iter()
            .filter(|(k, _)| !r.observations.contains_key(*k) && open_world(k))
            .collect();
        prop_assume!(!missing.is_empty());
        let (key, value) = missing[which % missing.len()];
        let mut r2 = r.clone();
        r2.observations.insert(key.clone(), value.clone());
        let (a, b) = (assess(&r), assess(&r2));
        for t in &b.scores {
            // A score may enter its population with this answer; one already listed narrows.
            let Some(s) = a.scores.iter().find(|s| s.id == t.id) else { continue };
            prop_assert!(t.min_possible >= s.min_possible && t.max_possible <= s.max_possible,
                "{}: {key} = {value:?}: {}–{} → {}–{}", s.id, s.min_possible, s.max_possible, t.min_possible, t.max_possible);
            if s.complete {
                prop_assert_eq!(s.total, t.total);
            }
            if let Some(band) = &s.band {
                prop_assert_eq!(Some(band), t.band.as_ref());
            }
        }
        for e in &b.decision_rules {
            let Some(d) = a.decision_rules.iter().find(|d| d.id == e.id) else { continue };
            for o in &e.possible_outcomes {
                prop_assert!(d.possible_outcomes.contains(o), "{}: {key} = {value:?}: {} not in {:?}", d.id, o, d.possible_outcomes);
            }
            if let Some(o) = &d.outcome {
                prop_assert_eq!(Some(o), e.outcome.as_ref());
            }
        }
        // A score total is always inside its range, and the range inside the score's limits.
        for s in b.scores.iter().chain(&a.scores) {
            prop_assert!(s.min_possible <= s.max_possible);
            prop_assert!(s.total >= 0 && s.items.iter().all(|i| i.min_points <= i.max_points));
            prop_assert_eq!(s.complete, s.items.iter().all(|i| !i.missing));
            if s.complete {
                prop_assert!(s.min_possible == s.total && s.max_possible == s.total);
            }
            prop_assert_eq!(s.band.is_some(), s.possible_bands.len() == 1);
        }
    }

    /// Any keys and any JSON values as answers: an error or an assessment, never a panic.
    #[test]
    fn arbitrary_answers_never_panic(
        pairs in prop::collection::vec((
            prop_oneof![
                prop::sample::select(rules::observations().iter().map(|d| d.code.clone()).collect::<Vec<_>>()),
                ".{0,12}",
            ],
            prop_oneof![
                any::<bool>().prop_map(serde_json::Value::from),
                any::<f64>().prop_map(serde_json::Value::from),
                ".{0,12}".prop_map(serde_json::Value::from),
                prop::sample::select(vec!["at_rest", "severe", "dry", "absent", "positive"]).prop_map(serde_json::Value::from),
            ],
        ), 0..8),
        age in prop::option::of(-10.0f64..8000.0),
    ) {
        let answers: serde_json::Map<String, serde_json::Value> = pairs.into_iter().collect();
        let case = serde_json::json!({"age_days": age, "observations": answers});
        let Ok(r) = serde_json::from_value::<PatientRecord>(case) else { return Ok(()) };
        match rules::assess(&r) {
            Ok(a) => prop_assert!((1..=5).contains(&a.level)),
            Err(errors) => {
                for e in errors {
                    prop_assert!(!e.message(rules::Lang::En).is_empty());
                    prop_assert!(!e.message(rules::Lang::Fr).is_empty());
                }
            }
        }
    }
}

/// Answers built in Rust (not from JSON) may hold non-finite numbers: refused, not evaluated.
#[test]
fn non_finite_answers_are_refused() {
    for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let mut r = PatientRecord::default();
        r.observations
            .insert("wbc_10e9_per_l".into(), Answer::Number(x));
        assert!(r.validate().is_err());
    }
}
