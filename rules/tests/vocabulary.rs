//! The one vocabulary of observations (`data/observations.toml`): every entry is defined, cited
//! and read; every reader (triage rules, score items, decision-rule features, questionnaire
//! items) reads it by its kind; the codes of the record format before the vocabulary migrate
//! onto it without changing any result.
#![cfg(not(target_arch = "wasm32"))]

use rules::vocabulary::{self, check_reads};
use rules::{Answer, Condition, ObservationKind, PatientRecord};
use serde_json::json;
use std::collections::BTreeSet;

/// Every criterion of every reader in `rules`, with where it is.
fn readers() -> Vec<(String, &'static Condition)> {
    let mut out = Vec::new();
    for r in rules::rules() {
        out.push((r.id.clone(), &r.when));
        out.extend(r.applies.iter().map(|c| (r.id.clone(), c)));
    }
    for s in rules::score_defs() {
        for i in &s.items {
            for b in &i.points {
                out.push((format!("{}.{}", s.id, i.id), &b.when));
            }
        }
        for r in &s.population {
            out.push((format!("{}.{}", s.id, r.id), &r.when));
            out.extend(r.unless.iter().map(|c| (format!("{}.{}", s.id, r.id), c)));
        }
    }
    for d in rules::decision_rule_defs() {
        for g in d.groups.iter().chain(std::iter::once(&d.otherwise)) {
            for f in &g.features {
                out.push((format!("{}.{}", d.id, f.id), &f.when));
            }
        }
        for r in &d.population {
            out.push((format!("{}.{}", d.id, r.id), &r.when));
            out.extend(r.unless.iter().map(|c| (format!("{}.{}", d.id, r.id), c)));
        }
    }
    out
}

#[test]
fn every_reader_reads_known_observations_by_their_kind() {
    for (at, c) in readers() {
        if let Err(e) = check_reads(c) {
            panic!("{at}: {e}");
        }
    }
}

#[test]
fn every_observation_is_defined_cited_and_read() {
    let mut read: BTreeSet<&str> = BTreeSet::new();
    for (_, c) in readers() {
        let mut codes = Vec::new();
        c.observations(&mut codes);
        read.extend(codes);
    }
    for item in &rules::questionnaire::anamnesis().items {
        if let Some(code) = item.maps_to.as_ref().and_then(|m| m.observation.as_deref()) {
            read.insert(code);
        }
    }
    let mut codes = BTreeSet::new();
    for o in rules::observations() {
        assert!(codes.insert(o.code.as_str()), "duplicate {}", o.code);
        for lang in [rules::Lang::En, rules::Lang::Fr] {
            assert!(o.label.written_in(lang).is_some(), "{}: labels", o.code);
            assert!(
                o.definition
                    .as_ref()
                    .and_then(|d| d.written_in(lang))
                    .is_some_and(|d| !d.contains('\n')),
                "{}: a one-line definition in each language",
                o.code
            );
        }
        assert!(
            o.source
                .as_deref()
                .is_some_and(|s| s.contains("REFERENCE.md §") || s.contains("MODEL_CARD")),
            "{}: source",
            o.code
        );
        assert!(o.evidence.is_some(), "{}: evidence tag", o.code);
        assert!(
            !o.closed_world || o.kind == ObservationKind::YesNo,
            "{}: only a yes/no sign can be closed-world",
            o.code
        );
        match o.kind {
            ObservationKind::Choice => {
                let grades: BTreeSet<_> = o.options.iter().map(|x| &x.code).collect();
                assert!(
                    o.options.len() >= 2 && grades.len() == o.options.len(),
                    "{}",
                    o.code
                );
            }
            // A unit, except for the points of a score component (GCS, FLACC).
            ObservationKind::Number => assert!(
                o.min.is_some_and(|lo| o.max.is_some_and(|hi| lo < hi))
                    && (!o.unit.is_empty() || o.whole_number),
                "{}: range and unit",
                o.code
            ),
            ObservationKind::YesNo => assert!(o.options.is_empty(), "{}", o.code),
        }
        assert!(
            !o.worse_when_lower || o.kind == ObservationKind::Number,
            "{}",
            o.code
        );
        // Read by a rule, a score, a decision rule or the questionnaire; otherwise its note says
        // who reads it (the model) or why nothing does yet.
        assert!(
            read.contains(o.code.as_str())
                || o.note.as_deref().is_some_and(|n| n.starts_with("Read by ")),
            "{} is read by nothing and its note does not say why",
            o.code
        );
    }
}

#[test]
fn migrations_lead_to_real_grades_and_replace_old_codes() {
    for m in vocabulary::migrations() {
        let from = m.from_finding.as_deref().or(m.from_answer.as_deref());
        let from = from.expect("a migration names the old code");
        assert!(
            rules::observation(from).is_none() || from == m.to,
            "{from} is still a code of the vocabulary"
        );
        let def = rules::observation(&m.to).unwrap_or_else(|| panic!("{from} → {}", m.to));
        for grade in m.value.iter().chain(m.values.values()) {
            assert!(def.option(grade).is_some(), "{from} → {} = {grade}", m.to);
        }
    }
}

/// A record of format 1 (findings + score answers) and the same record written today give the
/// same assessment: level, deciding rules, scores and decision rules.
#[test]
fn an_old_record_assesses_exactly_as_its_migrated_form() {
    let old_cases = [
        json!({"age_years": 3, "complaint": "stridor", "findings": ["stridor_audible"]}),
        json!({"age_years": 3, "complaint": "stridor", "findings": ["stridor_marked"],
               "answers": {"retractions": "moderate", "air_entry_croup": "decreased"}}),
        json!({"age_years": 1, "complaint": "cough", "findings": ["cyanosis", "speaks_phrases"]}),
        json!({"age_years": 8, "complaint": "wheezing",
               "answers": {"air_entry_asthma": "decreased_base", "wheeze": "expiratory"}}),
        json!({"age_years": 3, "complaint": "head_injury", "findings": ["loss_of_consciousness"],
               "vitals": {"gcs": 15}}),
    ];
    for old in old_cases {
        let migrated: PatientRecord = serde_json::from_value(old.clone()).unwrap();
        let written = serde_json::to_value(&migrated).unwrap();
        assert!(written.get("findings").is_none() && written.get("answers").is_none());
        let new: PatientRecord = serde_json::from_value(written.clone()).unwrap();
        let (a, b) = (
            rules::assess(&migrated).unwrap(),
            rules::assess(&new).unwrap(),
        );
        assert_eq!(a.level, b.level, "{old}");
        assert_eq!(a.deciding_rules, b.deciding_rules, "{old}");
        assert_eq!(a.scores, b.scores, "{old}");
        assert_eq!(a.decision_rules, b.decision_rules, "{old}");
    }
}

/// The defect the vocabulary mends: a sign entered only in a score's questions sets the
/// triage level as if it were ticked in the triage form, because it is the same entry.
#[test]
fn a_sign_entered_in_a_score_sets_the_triage_level() {
    let level = |complaint: &str, obs: serde_json::Value| {
        let r: PatientRecord = serde_json::from_value(
            json!({"age_years": 3, "complaint": complaint, "observations": obs}),
        )
        .unwrap();
        rules::assess(&r).unwrap().level
    };
    // Croup, Westley items only.
    assert_eq!(level("cough", json!({"stridor": "with_agitation"})), 3);
    assert_eq!(
        level(
            "cough",
            json!({"stridor": "at_rest", "retractions": "moderate"})
        ),
        2
    );
    assert_eq!(level("fever", json!({"stridor": "with_agitation"})), 3);
    // Asthma, PRAM item only.
    assert_eq!(
        level("wheezing", json!({"suprasternal_retraction": true})),
        2
    );
    assert_eq!(
        level("wheezing", json!({"air_entry": "minimal_or_absent"})),
        1
    );
    // None of these grades is urgent by itself.
    assert_eq!(
        level(
            "cough",
            json!({"stridor": "none", "retractions": "none", "cyanosis": "none"})
        ),
        5
    );
}

/// Every graded sign a triage rule reads: a more severe grade never gives a less urgent level
/// (the property test in score_properties.rs does this for random records; here every grade of
/// every such sign, under every complaint, from a record with nothing else).
#[test]
fn a_worse_grade_never_lowers_urgency_under_any_complaint() {
    let mut graded = BTreeSet::new();
    for r in rules::rules() {
        for code in r.observations() {
            if rules::observation(code).is_some_and(|d| d.kind == ObservationKind::Choice) {
                graded.insert(code);
            }
        }
    }
    assert!(graded.contains("stridor") && graded.contains("retractions"));
    for code in graded {
        let def = rules::observation(code).unwrap();
        for c in rules::catalog::complaints() {
            let mut last = 5;
            for o in &def.options {
                let mut r = PatientRecord {
                    complaint: Some(c.code.clone()),
                    age_years: Some(4.0),
                    ..Default::default()
                };
                r.observations
                    .insert(code.to_string(), Answer::Code(o.code.clone()));
                let level = rules::assess(&r).unwrap().level;
                assert!(
                    level <= last,
                    "{code} = {} under {}: level {level} after {last}",
                    o.code,
                    c.code
                );
                last = level;
            }
        }
    }
}

/// Derived values are computed in one place and shown as derived: neutrophil % from ANC and WBC
/// (PAS reads it), fever from the measured temperature.
#[test]
fn derived_values_are_computed_once_and_traced_as_derived() {
    let r: PatientRecord = serde_json::from_value(json!({
        "age_years": 9, "complaint": "abdominal_pain", "vitals": {"temperature_c": 38.4},
        "observations": {"anc_10e9_per_l": 9.0, "wbc_10e9_per_l": 12.0}
    }))
    .unwrap();
    let v = r.validate().unwrap();
    assert_eq!(
        v.observation("neutrophils_percent"),
        (Some(rules::Value::Number(75.0)), rules::Origin::Derived)
    );
    assert_eq!(
        v.observation("febrile"),
        (Some(rules::Value::Flag(true)), rules::Origin::Derived)
    );
    // Entered wins over derived.
    let mut entered = r.clone();
    entered
        .observations
        .insert("neutrophils_percent".into(), Answer::Number(60.0));
    assert_eq!(
        entered
            .validate()
            .unwrap()
            .observation("neutrophils_percent")
            .1,
        rules::Origin::Measured
    );
    // Not derivable: missing, never a guess.
    let bare: PatientRecord = serde_json::from_value(json!({"age_years": 9})).unwrap();
    let bare = bare.validate().unwrap();
    assert_eq!(bare.observation("neutrophils_percent").0, None);
    assert_eq!(bare.observation("febrile").0, None);
    // The PAS item reads the derived value.
    let a = rules::assess(&r).unwrap();
    let pas = a.scores.iter().find(|s| s.id == "pas").expect("PAS listed");
    let read = pas
        .items
        .iter()
        .flat_map(|i| &i.read)
        .find(|x| x.name == "neutrophils_percent")
        .expect("PAS reads neutrophils_percent");
    assert_eq!(read.value, Some(rules::Value::Number(75.0)));
}

/// A second complaint: its complaint-specific rules apply, and a population naming a complaint
/// matches it; the trace says which complaints were read.
#[test]
fn a_second_complaint_brings_its_rules_and_populations() {
    let with = |others: serde_json::Value| {
        let r: PatientRecord = serde_json::from_value(json!({
            "age_years": 6, "complaint": "fever", "other_complaints": others,
            "vitals": {"gcs": 15}, "observations": {"repeated_vomiting": true}
        }))
        .unwrap();
        rules::assess(&r).unwrap()
    };
    let alone = with(json!([]));
    let head = with(json!(["head_injury"]));
    assert!(
        head.decision_rules
            .iter()
            .any(|d| d.id == "pecarn_head_2_and_over")
    );
    assert!(
        !alone
            .decision_rules
            .iter()
            .any(|d| d.id == "pecarn_head_2_and_over")
    );
    assert!(
        head.trace
            .iter()
            .any(|e| e.summary().contains("complaint = fever (and head_injury)"))
    );
    // An unknown code is named, the main complaint repeated is kept once.
    let bad: PatientRecord =
        serde_json::from_value(json!({"complaint": "fever", "other_complaints": ["nope"]}))
            .unwrap();
    assert!(matches!(&bad.validate().unwrap_err()[0],
        rules::ValidationError::UnknownCode { field: "other_complaints", code } if code == "nope"));
    let twice: PatientRecord =
        serde_json::from_value(json!({"complaint": "fever", "other_complaints": ["fever"]}))
            .unwrap();
    assert!(twice.validate().unwrap().other_complaints.is_empty());
}
