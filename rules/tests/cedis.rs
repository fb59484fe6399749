//! The CEDIS presentations of REFERENCE.md §11.A and their rules: every coded complaint resolves,
//! and each rule that belongs to one of them, or reads a typed answer, fires at its level on a
//! case built from its own criterion and does not fire just below it. The cases are derived from
//! the rule data, so an expectation is written once (in the data).
#![cfg(not(target_arch = "wasm32"))]

use rules::{Condition, Outcome, PatientRecord, Rule, assess, catalog, observation, rules};
use serde_json::{Map, Value, json};

/// The CEDIS codes the task asked for (REFERENCE.md §11.A).
const REQUIRED: [&str; 13] = [
    "001", "002", "005", "105", "552", "801", "802", "803", "804", "805", "806", "206", "252",
];

#[test]
fn every_required_cedis_code_is_a_complaint_that_resolves() {
    for code in REQUIRED {
        let c = catalog::complaints()
            .iter()
            .find(|c| c.cedis.as_deref() == Some(code))
            .unwrap_or_else(|| panic!("no complaint with CEDIS {code}"));
        assert_eq!(catalog::complaint(&c.code), Some(c), "{code}");
        assert!(
            c.label.written_in(rules::Lang::De).is_some(),
            "{code}: German name from §11.A / CEDIS-PCL 3.0"
        );
    }
}

/// A case that satisfies (`holds`) or just misses (`!holds`) the first branch of a criterion.
#[derive(Default, Debug)]
struct Case {
    complaint: Option<String>,
    findings: Vec<String>,
    answers: Map<String, Value>,
}

fn build(c: &Condition, holds: bool, case: &mut Case) {
    match c {
        Condition::Finding(f) if holds => case.findings.push(f.finding.to_string()),
        Condition::Finding(_) => {}
        Condition::Observation(a) => {
            let def = observation(&a.observation).expect("observation defined");
            let v = match (&a.one_of, a.is, a.op, a.value) {
                (Some(list), _, _, _) if holds => json!(list[0]),
                (Some(list), _, _, _) => json!(
                    def.options
                        .iter()
                        .find(|o| !list.contains(&o.code))
                        .expect("an option outside the list")
                        .code
                ),
                (None, Some(is), _, _) => json!(if holds { is } else { !is }),
                (None, None, Some(op), Some(v)) => {
                    // Just across the threshold, on either side.
                    let step = if def.whole_number { 1.0 } else { 0.5 };
                    let x = match (op.symbol(), holds) {
                        (">", true) | (">=", true) | ("<=", true) | ("==", true) => {
                            if op.symbol() == ">" { v + step } else { v }
                        }
                        ("<", true) => v - step,
                        (">", false) | ("<", false) => v,
                        (">=", false) => v - step,
                        _ => v + step,
                    };
                    json!(x)
                }
                _ => panic!("malformed answer criterion {c}"),
            };
            case.answers.insert(a.observation.to_string(), v);
        }
        Condition::OneOf(o) if o.input.name() == "complaint" => {
            if holds {
                case.complaint = Some(o.one_of[0].clone());
            } else {
                // A complaint the rule does not name.
                case.complaint = catalog::complaints()
                    .iter()
                    .map(|c| c.code.clone())
                    .find(|c| !o.one_of.contains(c));
            }
        }
        Condition::All(a) => a.all.iter().for_each(|p| build(p, holds, case)),
        Condition::Any(a) => build(&a.any[0], holds, case),
        other => panic!("no case builder for {other}"),
    }
}

fn record(rule: &Rule, holds: bool) -> PatientRecord {
    let mut case = Case {
        // The rule's own complaint, preferring a CEDIS-coded one.
        complaint: rule
            .complaints
            .iter()
            .find(|c| catalog::complaint(c).is_some_and(|c| c.cedis.is_some()))
            .or(rule.complaints.first())
            .cloned(),
        ..Case::default()
    };
    build(&rule.when, holds, &mut case);
    serde_json::from_value(json!({
        "complaint": case.complaint,
        "findings": case.findings,
        "answers": case.answers,
    }))
    .unwrap_or_else(|e| panic!("{}: case does not parse: {e}", rule.id))
}

/// The open-world observations (graded signs, numbers, answers) a rule reads.
fn open_world(rule: &Rule) -> Vec<&str> {
    rule.observations()
        .into_iter()
        .filter(|c| observation(c).is_some_and(|d| !d.closed_world))
        .collect()
}

/// The rules added for the CEDIS presentations and the graded observations.
fn new_rules() -> Vec<&'static Rule> {
    rules()
        .iter()
        .filter(|r| {
            !open_world(r).is_empty()
                || r.complaints
                    .iter()
                    .any(|c| catalog::complaint(c).is_some_and(|c| c.cedis.is_some()))
        })
        .collect()
}

#[test]
fn each_new_rule_fires_at_its_level_and_not_below_its_threshold() {
    let selected = new_rules();
    assert!(selected.len() >= 10, "{} rules", selected.len());
    for rule in selected {
        let yes = assess(&record(rule, true))
            .unwrap_or_else(|e| panic!("{}: invalid case {e:?}", rule.id));
        let entry = yes
            .trace
            .iter()
            .find(|e| e.rule_id == rule.id)
            .unwrap_or_else(|| panic!("{} not in the trace", rule.id));
        assert_eq!(
            entry.outcome,
            Outcome::Fired,
            "{}: {}",
            rule.id,
            entry.summary()
        );
        assert_eq!(
            yes.level, rule.level,
            "{}: {:?}",
            rule.id, yes.deciding_rules
        );
        assert!(
            yes.deciding_rules.contains(&rule.id.as_str()),
            "{}",
            rule.id
        );
        // Every answer the rule reads is in the trace; those given are in its summary.
        for a in open_world(rule) {
            let read = entry
                .observations
                .iter()
                .find(|r| r.code == a)
                .unwrap_or_else(|| panic!("{}: trace lacks answer {a}", rule.id));
            assert_eq!(
                read.value.is_some(),
                // The summary reads "values read: criterion → outcome".
                entry
                    .summary()
                    .split(": ")
                    .next()
                    .unwrap_or_default()
                    .contains(&format!("{a} = ")),
                "{}",
                entry.summary()
            );
        }
        assert!(
            open_world(rule).is_empty() || entry.observations.iter().any(|r| r.value.is_some()),
            "{}",
            rule.id
        );

        let no = assess(&record(rule, false))
            .unwrap_or_else(|e| panic!("{}: invalid case {e:?}", rule.id));
        assert!(
            no.trace
                .iter()
                .filter(|e| e.rule_id == rule.id)
                // Another open-world branch left unanswered keeps it unknown, never fired.
                .all(|e| e.outcome != Outcome::Fired),
            "{} fires below its threshold",
            rule.id
        );
        assert!(
            !no.deciding_rules.contains(&rule.id.as_str()),
            "{}",
            rule.id
        );
    }
}

#[test]
fn an_answer_read_by_a_rule_opens_it_under_any_complaint_but_never_asks_for_it() {
    // A recorded danger sign is never ignored: severe wasting under "fever" still gives II.
    let r: PatientRecord = serde_json::from_value(json!({
        "complaint": "fever", "answers": {"severe_wasting": true}
    }))
    .unwrap();
    let a = assess(&r).unwrap();
    assert_eq!(a.level, 2);
    assert!(a.deciding_rules.contains(&"etat.priority.malnutrition"));
    // An answer not given is not observed: no what-if asks for pupils or seizure duration.
    let r: PatientRecord = serde_json::from_value(json!({"complaint": "seizure"})).unwrap();
    let a = assess(&r).unwrap();
    assert!(
        a.what_if.iter().all(|w| !w
            .rule_ids
            .iter()
            .any(|id| id.starts_with("local.consciousness."))),
        "{:?}",
        a.what_if
    );
}

#[test]
fn ketones_and_apnoea_duration_are_checked_against_their_range() {
    for (id, bad) in [("blood_ketones_mmol_l", 16.0), ("apnoea_duration_s", -1.0)] {
        let def = observation(id).expect(id);
        assert!(
            def.note
                .as_deref()
                .is_some_and(|n| n.starts_with("Read by no rule: "))
        );
        let r: PatientRecord = serde_json::from_value(json!({"observations": {id: bad}})).unwrap();
        assert!(assess(&r).is_err(), "{id} = {bad} accepted");
        let r: PatientRecord =
            serde_json::from_value(json!({"observations": {id: def.min.unwrap()}})).unwrap();
        assert!(assess(&r).is_ok(), "{id}");
    }
}
