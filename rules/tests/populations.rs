//! Populations and rule-out safety (REFERENCE §11.C, §6, §7): every score and decision rule is
//! evaluated only inside its published population, and a rule-out rule never gives its low-risk
//! outcome while one of its features is unanswered.
//!
//! Table-driven: for every score and rule, one case inside its population and, for every
//! requirement, changes that put the child just outside that requirement only. The table must
//! cover every requirement in the data, so a new requirement needs a new row.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/web.rs runs in the browser

use rules::{
    Applicability, Assessment, DecisionRuleResult, NotApplicable, ObservationKind as AnswerKind,
    PatientRecord, Requirement, RuleKind,
};
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

fn assess(case: &Value) -> Assessment {
    let r: PatientRecord = serde_json::from_value(case.clone()).expect("case parses");
    rules::assess(&r).unwrap_or_else(|e| panic!("invalid case {case}: {e:?}"))
}

/// `base` with `patch` merged in (objects merged key by key, `null` removes a key).
fn merged(base: &Value, patch: &Value) -> Value {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            let mut out: Map<String, Value> = b.clone();
            for (k, v) in p {
                if v.is_null() {
                    out.remove(k);
                } else {
                    let next = merged(out.get(k).unwrap_or(&Value::Null), v);
                    out.insert(k.clone(), next);
                }
            }
            Value::Object(out)
        }
        (_, p) => p.clone(),
    }
}

fn evaluated(a: &Assessment, id: &str) -> bool {
    a.scores.iter().any(|s| s.id == id) || a.decision_rules.iter().any(|d| d.id == id)
}

fn not_applicable<'a>(a: &'a Assessment, id: &str) -> &'a NotApplicable {
    a.scores_not_applicable
        .iter()
        .find(|n| n.id == id)
        .unwrap_or_else(|| panic!("{id} is evaluated, expected not applicable"))
}

fn rule<'a>(a: &'a Assessment, id: &str) -> &'a DecisionRuleResult {
    a.decision_rules
        .iter()
        .find(|d| d.id == id)
        .unwrap_or_else(|| {
            panic!(
                "{id} not evaluated: {:?}",
                a.scores_not_applicable.iter().find(|n| n.id == id)
            )
        })
}

fn population(id: &str) -> &'static [Requirement] {
    rules::score_defs()
        .iter()
        .find(|d| d.id == id)
        .map(|d| d.population.as_slice())
        .or_else(|| {
            rules::decision_rule_defs()
                .iter()
                .find(|d| d.id == id)
                .map(|d| d.population.as_slice())
        })
        .unwrap_or_else(|| panic!("no score or rule {id}"))
}

/// (score or rule, a case inside its population, [(requirement, change putting the child just
/// outside that requirement)]).
type Row = (&'static str, Value, Vec<(&'static str, Value)>);

fn table() -> Vec<Row> {
    let infant = json!({"age_days": 35, "complaint": "fever",
        "vitals": {"temperature_c": 38.0, "avpu": "a"}, "pat": {"appearance": "normal"},
        "answers": {"previously_healthy": true}});
    let head = |age: Value| {
        merged(
            &json!({"complaint": "head_injury", "vitals": {"gcs": 15}}),
            &age,
        )
    };
    vec![
        (
            "westley",
            json!({"age_years": 2, "complaint": "stridor"}),
            vec![
                ("croup_or_stridor", json!({"complaint": "cough"})),
                ("age", json!({"age_years": null, "age_months": 3})),
                ("age", json!({"age_years": 18})),
            ],
        ),
        (
            "pram",
            json!({"age_years": 5, "complaint": "wheezing"}),
            vec![
                ("age", json!({"age_years": null, "age_months": 23})),
                ("age", json!({"age_years": 18})),
                ("presentation", json!({"complaint": "fever"})),
            ],
        ),
        (
            "cds",
            json!({"age_months": 12, "complaint": "vomiting"}),
            vec![
                ("age", json!({"age_months": 36})),
                ("age", json!({"age_months": null, "age_days": 20})),
                ("gastro_intestinal", json!({"complaint": "cough"})),
            ],
        ),
        (
            "gorelick",
            json!({"age_months": 12, "complaint": "diarrhoea"}),
            vec![
                ("age", json!({"age_months": 60})),
                ("age", json!({"age_months": null, "age_days": 20})),
                ("gastro_intestinal", json!({"complaint": "fever"})),
            ],
        ),
        (
            "gorelick_4",
            json!({"age_months": 59, "complaint": "feeding_difficulty"}),
            vec![
                ("age", json!({"age_months": 60})),
                ("gastro_intestinal", json!({"complaint": "stridor"})),
            ],
        ),
        (
            "pas",
            json!({"age_years": 10, "complaint": "abdominal_pain"}),
            vec![
                ("age", json!({"age_years": 18})),
                ("age", json!({"age_years": null, "age_months": 11})),
                ("abdominal_pain", json!({"complaint": "vomiting"})),
            ],
        ),
        (
            "alvarado",
            json!({"age_years": 10, "complaint": "abdominal_pain"}),
            vec![
                ("age", json!({"age_years": 18})),
                ("abdominal_pain", json!({"complaint": "vomiting"})),
            ],
        ),
        (
            "gcs",
            json!({"age_years": 5, "complaint": "seizure"}),
            vec![("presentation", json!({"complaint": "fever"}))],
        ),
        (
            "flacc",
            json!({"age_months": 30, "vitals": {"pain_tool": "flacc"}}),
            vec![
                ("age", json!({"age_months": 96})),
                ("age", json!({"age_months": 1})),
                ("tool", json!({"vitals": {"pain_tool": "nrs"}})),
            ],
        ),
        (
            "wong_baker_faces",
            json!({"age_years": 3, "vitals": {"pain_tool": "wong_baker_faces"}}),
            vec![
                ("age", json!({"age_years": 2})),
                ("tool", json!({"vitals": {"pain_tool": "flacc"}})),
            ],
        ),
        (
            "numeric_pain",
            json!({"age_years": 8, "vitals": {"pain_tool": "nrs"}}),
            vec![
                ("age", json!({"age_years": 7})),
                ("tool", json!({"vitals": {"pain_tool": "fps_r"}})),
            ],
        ),
        (
            "pews_brighton",
            json!({"age_years": 4, "answers": {"hospital_observation": true}}),
            vec![(
                "in_hospital_observation",
                json!({"answers": {"hospital_observation": false}}),
            )],
        ),
        (
            "nice_ng143_traffic_light",
            json!({"age_months": 59, "complaint": "cough", "vitals": {"temperature_c": 38.0}}),
            vec![
                ("age", json!({"age_months": 60})),
                ("fever", json!({"vitals": {"temperature_c": 37.9}})),
            ],
        ),
        (
            "bronchiolitis_severity",
            json!({"age_months": 11, "complaint": "cough"}),
            vec![
                ("age", json!({"age_months": 12})),
                ("presentation", json!({"complaint": "fever"})),
            ],
        ),
        (
            "pecarn_head_under_2",
            head(json!({"age_months": 23})),
            vec![
                ("head_trauma", json!({"complaint": "laceration"})),
                ("head_trauma", json!({"findings": ["csf_shunt"]})),
                (
                    "head_trauma",
                    json!({"findings": ["mechanism_penetrating_head_neck_torso"]}),
                ),
                ("age", json!({"age_months": 24})),
                ("gcs", json!({"vitals": {"gcs": 13}})),
            ],
        ),
        (
            "pecarn_head_2_and_over",
            head(json!({"age_months": 24})),
            vec![
                ("head_trauma", json!({"complaint": "headache"})),
                (
                    "head_trauma",
                    json!({"findings": ["bleeding_disorder_possible_bleed"]}),
                ),
                ("age", json!({"age_months": 23})),
                ("age", json!({"age_months": null, "age_years": 18})),
                ("gcs", json!({"vitals": {"gcs": 13}})),
            ],
        ),
        (
            "pecarn_cervical_spine",
            json!({"age_years": 8, "complaint": "head_injury"}),
            vec![
                ("blunt_trauma", json!({"complaint": "upper_limb_injury"})),
                (
                    "blunt_trauma",
                    json!({"findings": ["mechanism_penetrating_head_neck_torso"]}),
                ),
                ("age", json!({"age_years": 18})),
            ],
        ),
        (
            "pecarn_intra_abdominal",
            json!({"age_years": 11, "complaint": "lower_limb_injury",
            "answers": {"blunt_torso_trauma": true}}),
            vec![
                ("injury_presentation", json!({"complaint": "vomiting"})),
                (
                    "blunt_torso_trauma",
                    json!({"answers": {"blunt_torso_trauma": false}}),
                ),
                (
                    "blunt_torso_trauma",
                    json!({"findings": ["mechanism_penetrating_head_neck_torso"]}),
                ),
                ("age", json!({"age_years": 18})),
            ],
        ),
        (
            "pecarn_febrile_infant",
            infant.clone(),
            vec![
                ("age", json!({"age_days": 28})),
                ("age", json!({"age_days": 61})),
                ("febrile", json!({"vitals": {"temperature_c": 37.9}})),
                (
                    "febrile",
                    json!({"vitals": {"temperature_c": 37.9}, "findings": ["fever_history"]}),
                ),
                ("well_appearing", json!({"pat": {"appearance": "abnormal"}})),
                ("well_appearing", json!({"vitals": {"avpu": "v"}})),
                ("well_appearing", json!({"findings": ["mottled_skin"]})),
                ("well_appearing", json!({"findings": ["looks_unwell"]})),
                (
                    "well_appearing",
                    json!({"findings": ["weak_thready_pulse"]}),
                ),
                (
                    "previously_healthy",
                    json!({"answers": {"previously_healthy": false}}),
                ),
            ],
        ),
        ("who_etat", json!({"age_years": 3}), vec![]),
    ]
}

#[test]
fn the_table_covers_every_score_rule_and_requirement() {
    let t = table();
    let ids: BTreeSet<&str> = t.iter().map(|(id, _, _)| *id).collect();
    let all: BTreeSet<&str> = rules::score_defs()
        .iter()
        .map(|d| d.id.as_str())
        .chain(rules::decision_rule_defs().iter().map(|d| d.id.as_str()))
        .collect();
    assert_eq!(ids, all, "one row per score and rule");
    for (id, _, outside) in &t {
        let covered: BTreeSet<&str> = outside.iter().map(|(r, _)| *r).collect();
        let needed: BTreeSet<&str> = population(id).iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            covered, needed,
            "{id}: every requirement has a case outside it"
        );
    }
}

#[test]
fn inside_is_evaluated_and_just_outside_each_requirement_is_not_applicable_with_its_words() {
    for (id, inside, outside) in table() {
        let a = assess(&inside);
        assert!(
            evaluated(&a, id),
            "{id} not evaluated inside its population {inside}: {:?}",
            a.scores_not_applicable.iter().find(|n| n.id == id)
        );
        assert!(a.scores_not_applicable.iter().all(|n| n.id != id));
        for (req_id, change) in outside {
            let case = merged(&inside, &change);
            let a = assess(&case);
            assert!(!evaluated(&a, id), "{id}: {case} is evaluated");
            let n = not_applicable(&a, id);
            let req = population(id).iter().find(|r| r.id == req_id).unwrap();
            assert_eq!(n.status, Applicability::Outside, "{id}: {case}");
            assert_eq!(n.requirements(), [req_id], "{id}: {case}");
            assert!(n.to_answer.is_empty(), "{id}: {case}");
            for &lang in rules::Lang::ALL {
                let reason = n.reason(lang);
                assert!(reason.contains(req.label.get(lang)), "{id}: {reason}");
            }
            // Plain words: no snake_case ids of the score, the requirement or its inputs (ids
            // that are plain words, e.g. "fever", may appear as words).
            for text in rules::Lang::ALL.iter().map(|&l| n.reason(l)) {
                assert!(!text.contains('_'), "{id}: {text}");
            }
            let is_rule = rules::decision_rule_defs().iter().any(|d| d.id == id);
            assert_eq!(n.kind, if is_rule { "decision_rule" } else { "score" });
        }
    }
}

#[test]
fn a_requirement_not_yet_known_is_not_evaluated_and_says_what_would_settle_it() {
    // (score or rule, case with one requirement unknown, the requirement, what settles it)
    let infant = json!({"age_days": 35, "complaint": "fever",
        "vitals": {"temperature_c": 38.0, "avpu": "a"}, "pat": {"appearance": "normal"},
        "answers": {"previously_healthy": true}});
    let cases = [
        (
            "pecarn_febrile_infant",
            merged(&infant, &json!({"pat": null})),
            "well_appearing",
            ("input", "pat_appearance"),
        ),
        (
            "pecarn_febrile_infant",
            merged(&infant, &json!({"answers": null})),
            "previously_healthy",
            ("observation", "previously_healthy"),
        ),
        (
            "pecarn_febrile_infant",
            merged(&infant, &json!({"vitals": {"temperature_c": null}})),
            "febrile",
            ("input", "temperature_c"),
        ),
        (
            "pecarn_febrile_infant",
            merged(&infant, &json!({"age_days": null})),
            "age",
            ("input", "age_days"),
        ),
        (
            "pecarn_head_2_and_over",
            json!({"age_years": 6, "complaint": "head_injury"}),
            "gcs",
            ("input", "gcs"),
        ),
        (
            "pecarn_intra_abdominal",
            json!({"age_years": 6, "complaint": "abdominal_pain"}),
            "blunt_torso_trauma",
            ("observation", "blunt_torso_trauma"),
        ),
        (
            "pews_brighton",
            json!({"age_years": 6}),
            "in_hospital_observation",
            ("observation", "hospital_observation"),
        ),
        (
            "nice_ng143_traffic_light",
            json!({"age_years": 2, "complaint": "cough"}),
            "fever",
            ("input", "temperature_c"),
        ),
        (
            "westley",
            json!({"complaint": "stridor"}),
            "age",
            ("input", "age_months"),
        ),
    ];
    for (id, case, req, (kind, name)) in cases {
        let a = assess(&case);
        assert!(!evaluated(&a, id), "{id}: {case}");
        let n = not_applicable(&a, id);
        assert_eq!(n.status, Applicability::NotYetKnown, "{id}: {case}");
        assert_eq!(n.requirements(), [req], "{id}: {case}");
        assert!(
            n.to_answer.iter().any(|x| x.kind == kind && x.name == name),
            "{id}: {case}: {:?}",
            n.to_answer
        );
        assert!(
            n.reason(rules::Lang::En).starts_with("Not yet known"),
            "{}",
            n.reason(rules::Lang::En)
        );
        assert!(
            n.reason(rules::Lang::Fr)
                .starts_with("On ne sait pas encore"),
            "{}",
            n.reason(rules::Lang::Fr)
        );
    }
    // A false requirement wins over an unknown one: outside, not "not yet known".
    let a = assess(&json!({"age_days": 20, "complaint": "fever"}));
    let n = not_applicable(&a, "pecarn_febrile_infant");
    assert_eq!(
        (n.status, n.requirements().as_slice()),
        (Applicability::Outside, &["age"][..])
    );
}

// ---- The cases of the defect ---------------------------------------------------------------------

#[test]
fn a_shocked_febrile_infant_is_outside_pecarn_not_low_risk() {
    let a = assess(&json!({"age_days": 35, "complaint": "fever",
        "vitals": {"temperature_c": 38.6, "avpu": "a", "capillary_refill_s": 5},
        "pat": {"appearance": "abnormal", "circulation": "abnormal"},
        "findings": ["mottled_skin", "weak_thready_pulse", "cool_extremities"],
        "answers": {"previously_healthy": true, "urinalysis": "negative",
                    "anc_10e9_per_l": 2.0, "procalcitonin_ng_ml": 0.1}}));
    assert!(!evaluated(&a, "pecarn_febrile_infant"));
    let n = not_applicable(&a, "pecarn_febrile_infant");
    assert_eq!(n.status, Applicability::Outside);
    assert_eq!(n.requirements(), ["well_appearing"]);
    assert!(
        n.reason(rules::Lang::En).contains("well-appearing"),
        "{}",
        n.reason(rules::Lang::En)
    );
    assert!(
        n.reason(rules::Lang::Fr).contains("apparence normale"),
        "{}",
        n.reason(rules::Lang::Fr)
    );
}

#[test]
fn a_febrile_five_week_old_before_any_lab_is_not_low_risk() {
    let a = assess(&json!({"age_days": 35, "complaint": "fever",
        "vitals": {"temperature_c": 38.4, "avpu": "a"}, "pat": {"appearance": "normal"},
        "answers": {"previously_healthy": true}}));
    let r = rule(&a, "pecarn_febrile_infant");
    assert!(r.rule_out);
    assert_eq!(r.outcome, None);
    assert_eq!(
        r.missing,
        ["urinalysis_positive", "anc_over_4090", "pct_over_1_71"]
    );
    assert_eq!(
        r.worst_possible.as_ref().map(|o| o.id),
        Some("not_low_risk")
    );
    assert_eq!(r.possible_outcomes, ["not_low_risk", "low_risk"]);
    // Two results normal, one missing: still not low risk.
    let a = assess(&json!({"age_days": 35, "complaint": "fever",
        "vitals": {"temperature_c": 38.4, "avpu": "a"}, "pat": {"appearance": "normal"},
        "answers": {"previously_healthy": true, "urinalysis": "negative", "anc_10e9_per_l": 3.0}}));
    let r = rule(&a, "pecarn_febrile_infant");
    assert_eq!(
        (r.outcome.as_ref(), r.missing.as_slice()),
        (None, &["pct_over_1_71"][..])
    );
    assert_eq!(
        r.worst_possible.as_ref().map(|o| o.id),
        Some("not_low_risk")
    );
}

#[test]
fn an_afebrile_child_with_reduced_skin_turgor_is_outside_nice() {
    let a = assess(&json!({"age_months": 20, "complaint": "vomiting",
        "vitals": {"temperature_c": 36.8}, "answers": {"skin_turgor_reduced": true}}));
    assert!(!evaluated(&a, "nice_ng143_traffic_light"));
    let n = not_applicable(&a, "nice_ng143_traffic_light");
    assert_eq!(
        (n.status, n.requirements().as_slice()),
        (Applicability::Outside, &["fever"][..])
    );
    // Fever reported by the parents is enough (NICE: parental perception is valid).
    for change in [
        json!({"findings": ["fever_history"]}),
        json!({"complaint": "fever"}),
    ] {
        let case = merged(
            &json!({"age_months": 20, "complaint": "vomiting",
            "vitals": {"temperature_c": 36.8}}),
            &change,
        );
        assert!(
            evaluated(&assess(&case), "nice_ng143_traffic_light"),
            "{case}"
        );
    }
}

#[test]
fn a_vomiting_child_without_trauma_is_outside_pecarn_iai() {
    for answers in [
        json!({}),
        json!({"vomiting": true}),
        json!({"blunt_torso_trauma": false}),
    ] {
        let a = assess(&json!({"age_years": 6, "complaint": "vomiting", "answers": answers}));
        assert!(!evaluated(&a, "pecarn_intra_abdominal"), "{answers}");
        let n = not_applicable(&a, "pecarn_intra_abdominal");
        assert_eq!(n.status, Applicability::Outside, "{answers}");
    }
}

/// Stridor is not a shared answer but the croup presentation itself: recorded under any
/// complaint, it brings in the croup score (REFERENCE §11.B, §11.C).
#[test]
fn stridor_recorded_under_another_complaint_brings_in_the_croup_score() {
    let a = assess(&json!({"age_years": 3, "complaint": "fever",
        "observations": {"stridor": "at_rest"}}));
    assert!(evaluated(&a, "westley"));
    let a = assess(&json!({"age_years": 3, "complaint": "fever",
        "observations": {"stridor": "none"}}));
    assert_eq!(not_applicable(&a, "westley").status, Applicability::Outside);
}

#[test]
fn a_shared_answer_given_under_another_complaint_brings_in_no_score() {
    // Retractions, tears, mucous membranes … are shared answers; giving them lists nothing.
    let a = assess(&json!({"age_years": 3, "complaint": "fever",
        "answers": {"retractions": "moderate", "tears": "absent", "mucous_membranes": "dry",
                    "pews_behaviour": "irritable"}}));
    for id in [
        "westley",
        "cds",
        "gorelick",
        "gorelick_4",
        "pram",
        "pews_brighton",
        "bronchiolitis_severity",
    ] {
        assert!(!evaluated(&a, id), "{id} listed on a shared answer");
    }
    for id in ["westley", "cds", "gorelick", "pram"] {
        assert_eq!(
            not_applicable(&a, id).status,
            Applicability::Outside,
            "{id}"
        );
    }
}

// ---- Rule-out safety -------------------------------------------------------------------------------

/// Every answer and input a rule's features read, answered absent (the least severe answer).
fn all_absent(def: &rules::DecisionRuleDef) -> (Map<String, Value>, bool) {
    let r = rule_features_reads(def);
    let mut answers = Map::new();
    let mut gcs = false;
    for (kind, name) in r {
        match kind {
            // A closed-world danger sign not ticked reads "not seen": it is never set here.
            "observation" if rules::observation(name).is_some_and(|d| d.closed_world) => {}
            "observation" => {
                let d = rules::observation(name).expect("observation");
                let v = match d.kind {
                    AnswerKind::YesNo => json!(false),
                    AnswerKind::Choice => json!(d.options[0].code),
                    AnswerKind::Number if d.worse_when_lower => json!(d.max),
                    AnswerKind::Number => json!(d.min),
                };
                answers.insert(name.to_string(), v);
            }
            "input" => {
                assert_eq!(
                    name, "gcs",
                    "{}: a rule-out input this test does not set",
                    def.id
                );
                gcs = true;
            }
            _ => {}
        }
    }
    (answers, gcs)
}

/// (kind, name) of what a rule's features read, from an evaluation with nothing answered.
fn rule_features_reads(def: &rules::DecisionRuleDef) -> Vec<(&'static str, &'static str)> {
    let (case, _) = rule_out_case(&def.id);
    let a = assess(&case);
    let mut out = Vec::new();
    for f in &rule(&a, &def.id).features {
        for r in &f.read {
            if !out.contains(&(r.kind, r.name)) {
                out.push((r.kind, r.name));
            }
        }
    }
    out
}

/// A case inside a rule-out rule's population, and whether its GCS is part of the population.
fn rule_out_case(id: &str) -> (Value, bool) {
    match id {
        "pecarn_head_under_2" => (
            json!({"age_months": 18, "complaint": "head_injury", "vitals": {"gcs": 15}}),
            true,
        ),
        "pecarn_head_2_and_over" => (
            json!({"age_years": 9, "complaint": "head_injury", "vitals": {"gcs": 15}}),
            true,
        ),
        "pecarn_cervical_spine" => (json!({"age_years": 9, "complaint": "head_injury"}), false),
        "pecarn_intra_abdominal" => (
            json!({"age_years": 9, "complaint": "abdominal_pain", "answers": {"blunt_torso_trauma": true}}),
            false,
        ),
        "pecarn_febrile_infant" => (
            json!({"age_days": 40, "complaint": "fever",
            "vitals": {"temperature_c": 38.2, "avpu": "a"}, "pat": {"appearance": "normal"},
            "answers": {"previously_healthy": true}}),
            false,
        ),
        other => panic!("no rule-out case for {other}: add one"),
    }
}

#[test]
fn the_rule_out_rules_are_the_pecarn_rules() {
    let ids: BTreeSet<&str> = rules::decision_rule_defs()
        .iter()
        .filter(|d| d.kind == RuleKind::RuleOut)
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(
        ids,
        BTreeSet::from([
            "pecarn_cervical_spine",
            "pecarn_febrile_infant",
            "pecarn_head_2_and_over",
            "pecarn_head_under_2",
            "pecarn_intra_abdominal"
        ])
    );
}

#[test]
fn a_rule_out_outcome_needs_every_feature_answered() {
    for def in rules::decision_rule_defs()
        .iter()
        .filter(|d| d.kind == RuleKind::RuleOut)
    {
        let (inside, gcs_in_population) = rule_out_case(&def.id);
        let (absent, reads_gcs) = all_absent(def);
        let mut all = merged(&inside, &json!({"answers": absent}));
        if reads_gcs {
            all = merged(&all, &json!({"vitals": {"gcs": 15}}));
        }
        // Every feature answered absent: the rule-out outcome.
        let r = rule(&assess(&all), &def.id).clone();
        assert_eq!(
            r.outcome.as_ref().map(|o| o.id),
            Some(def.otherwise.id.as_str()),
            "{}",
            def.id
        );
        assert!(r.missing.is_empty(), "{}: {:?}", def.id, r.missing);
        // Nothing answered: never the rule-out outcome, the most serious group still possible.
        let r = rule(&assess(&inside), &def.id).clone();
        assert_eq!(r.outcome, None, "{}", def.id);
        assert_ne!(
            r.worst_possible.as_ref().map(|o| &o.id),
            Some(&def.otherwise.id.as_str())
        );
        // Any one feature unanswered, all others absent.
        for g in &def.groups {
            for feat in &g.features {
                let keys: Vec<(&str, &str)> = r
                    .features
                    .iter()
                    .find(|f| f.feature == feat.id)
                    .unwrap()
                    .read
                    .iter()
                    .map(|x| (x.kind, x.name))
                    .collect();
                let mut case = all.clone();
                let mut removed_gcs = false;
                for (kind, name) in &keys {
                    match *kind {
                        "observation" => {
                            case["answers"].as_object_mut().unwrap().remove(*name);
                        }
                        "input" => {
                            case["vitals"].as_object_mut().unwrap().remove(*name);
                            removed_gcs = true;
                        }
                        _ => {}
                    }
                }
                let a = assess(&case);
                if removed_gcs && gcs_in_population {
                    // The GCS is part of the population: the rule is not evaluated at all.
                    assert!(!evaluated(&a, &def.id), "{}.{}", def.id, feat.id);
                    continue;
                }
                let got = rule(&a, &def.id);
                assert_eq!(
                    got.outcome, None,
                    "{}.{}: {:?}",
                    def.id, feat.id, got.outcome
                );
                assert!(
                    got.missing.contains(&feat.id.as_str()),
                    "{}.{}: {:?}",
                    def.id,
                    feat.id,
                    got.missing
                );
                // The most serious group still possible: the most serious group of a missing feature.
                let expected = def
                    .groups
                    .iter()
                    .find(|g| {
                        g.features
                            .iter()
                            .any(|f| got.missing.contains(&f.id.as_str()))
                    })
                    .unwrap();
                assert_eq!(
                    got.worst_possible.as_ref().map(|o| o.id),
                    Some(expected.id.as_str()),
                    "{}.{}",
                    def.id,
                    feat.id
                );
                assert_eq!(
                    got.possible_outcomes.last(),
                    Some(&def.otherwise.id.as_str())
                );
            }
        }
    }
}

#[test]
fn a_finding_not_listed_never_answers_a_rule_out_feature() {
    // Head ≥2 y: every predictor answered absent but "vomiting after injury"; the repeated-
    // vomiting finding is not listed — still missing, not "absent".
    let (inside, _) = rule_out_case("pecarn_head_2_and_over");
    let def = rules::decision_rule_defs()
        .iter()
        .find(|d| d.id == "pecarn_head_2_and_over")
        .unwrap();
    let (mut absent, _) = all_absent(def);
    absent.remove("vomiting_after_injury");
    let case = merged(&inside, &json!({"answers": absent}));
    let r = rule(&assess(&case), "pecarn_head_2_and_over").clone();
    assert_eq!(r.missing, ["vomiting"]);
    assert_eq!(r.worst_possible.map(|o| o.id), Some("intermediate_risk"));
    assert_eq!(r.outcome, None);
    // The finding present shows the feature present.
    let r = rule(
        &assess(&merged(&case, &json!({"findings": ["repeated_vomiting"]}))),
        "pecarn_head_2_and_over",
    )
    .clone();
    assert_eq!(r.outcome.map(|o| o.id), Some("intermediate_risk"));
    // C-spine axial load: once read from a finding only; now its answer is needed.
    let (inside, _) = rule_out_case("pecarn_cervical_spine");
    let def = rules::decision_rule_defs()
        .iter()
        .find(|d| d.id == "pecarn_cervical_spine")
        .unwrap();
    let (mut absent, _) = all_absent(def);
    absent.remove("mechanism_axial_load");
    let case = merged(&inside, &json!({"answers": absent, "vitals": {"gcs": 15}}));
    let r = rule(&assess(&case), "pecarn_cervical_spine").clone();
    assert_eq!(r.missing, ["axial_load"]);
    assert_eq!(r.outcome, None);
}

#[test]
fn a_grading_rule_still_settles_only_when_no_answer_could_change_it() {
    // NICE (not a rule-out rule): green only once every feature is answered; a red feature
    // settles it at once.
    let a =
        assess(&json!({"age_months": 20, "complaint": "fever", "vitals": {"temperature_c": 38.5}}));
    let r = rule(&a, "nice_ng143_traffic_light");
    assert!(!r.rule_out);
    assert_eq!(r.outcome, None);
    assert_eq!(r.worst_possible.as_ref().map(|o| o.id), Some("red"));
    let a = assess(
        &json!({"age_months": 20, "complaint": "fever", "findings": ["non_blanching_rash"]}),
    );
    assert_eq!(
        rule(&a, "nice_ng143_traffic_light")
            .outcome
            .as_ref()
            .map(|o| o.id),
        Some("red")
    );
}
