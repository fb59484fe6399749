//! Pediatric Appendicitis Score and Alvarado score recomputed by the engine from their items for
//! every child of the Regensburg appendicitis dataset, compared with the scores the dataset
//! records (README "Content notes" reports the figures and the systematic differences).
//! The data lives beside the repository: `$CARGO_MANIFEST_DIR/../../shared/data/…` (same in CI).
#![cfg(not(target_arch = "wasm32"))]

use rules::{Answer, PatientRecord};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

fn csv_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/data/regensburg_appendicitis/app_data.csv")
}

type Row = HashMap<String, String>;

fn rows() -> Vec<Row> {
    let path = csv_path();
    let mut reader = csv::Reader::from_path(&path)
        .unwrap_or_else(|e| panic!("Regensburg data not found at {}: {e}", path.display()));
    reader
        .deserialize::<Row>()
        .map(|r| r.expect("well-formed CSV row"))
        .collect()
}

fn number(row: &Row, col: &str) -> Option<f64> {
    row.get(col)?.trim().parse().ok()
}

fn yes_no(row: &Row, col: &str) -> Option<bool> {
    match row.get(col)?.trim() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

/// The dataset's columns as the engine's answers. A fixed age: the score is computed for every
/// child (the dataset holds children 0–18 years; the engine lists PAS from 1 to 17 years).
fn record(row: &Row) -> PatientRecord {
    let mut answers = BTreeMap::new();
    for (answer, col) in [
        ("cough_percussion_hop_tenderness", "Coughing_Pain"),
        ("anorexia", "Loss_of_Appetite"),
        ("nausea_vomiting", "Nausea"),
        ("rlq_tenderness", "Lower_Right_Abd_Pain"),
        ("migration_of_pain", "Migratory_Pain"),
        ("rebound_tenderness", "Contralateral_Rebound_Tenderness"),
    ] {
        if let Some(b) = yes_no(row, col) {
            answers.insert(answer.to_string(), Answer::Flag(b));
        }
    }
    for (answer, col) in [
        ("wbc_10e9_per_l", "WBC_Count"),
        ("neutrophils_percent", "Neutrophil_Percentage"),
    ] {
        if let Some(x) = number(row, col) {
            answers.insert(answer.to_string(), Answer::Number(x));
        }
    }
    // SOURCE.md: temperatures below 30 are data-entry errors, treated as missing.
    let temperature = number(row, "Body_Temperature").filter(|t| *t >= 30.0);
    // The scores' population (1–17 years) is not what is checked here: every child is given an
    // age inside it (no item reads the age), so both scores are computed for all 625 children.
    let mut r: PatientRecord = PatientRecord {
        age_years: Some(10.0),
        complaint: Some("abdominal_pain".to_string()),
        observations: answers,
        ..Default::default()
    };
    r.vitals.temperature_c = temperature;
    r
}

struct Agreement {
    compared: usize,
    exact: usize,
    /// computed − recorded → count.
    differences: BTreeMap<i64, usize>,
}

impl Agreement {
    fn percent(&self) -> f64 {
        100.0 * self.exact as f64 / self.compared as f64
    }
}

fn agreement(rows: &[Row], score: &str, column: &str) -> Agreement {
    let mut a = Agreement {
        compared: 0,
        exact: 0,
        differences: BTreeMap::new(),
    };
    for row in rows {
        let Some(recorded) = number(row, column) else {
            continue;
        };
        a.compared += 1;
        let computed = rules::assess(&record(row))
            .ok()
            .and_then(|x| x.scores.into_iter().find(|s| s.id == score))
            .map(|s| s.total);
        let Some(computed) = computed else {
            *a.differences.entry(i64::MIN).or_default() += 1;
            continue;
        };
        let d = i64::from(computed) - recorded as i64;
        *a.differences.entry(d).or_default() += 1;
        if d == 0 {
            a.exact += 1;
        }
    }
    a
}

#[test]
fn pas_and_alvarado_agree_with_the_recorded_scores() {
    let rows = rows();
    assert_eq!(
        rows.len(),
        625,
        "the dataset file changed (SOURCE.md: 625 rows)"
    );
    let pas = agreement(&rows, "pas", "Paedriatic_Appendicitis_Score");
    let alvarado = agreement(&rows, "alvarado", "Alvarado_Score");
    println!(
        "PAS: {}/{} exact ({:.1}%), computed − recorded: {:?}",
        pas.exact,
        pas.compared,
        pas.percent(),
        pas.differences
    );
    println!(
        "Alvarado: {}/{} exact ({:.1}%), computed − recorded: {:?}",
        alvarado.exact,
        alvarado.compared,
        alvarado.percent(),
        alvarado.differences
    );
    assert_eq!(pas.compared, 586);
    assert_eq!(alvarado.compared, 586);
    assert!(
        !pas.differences.contains_key(&i64::MIN) && !alvarado.differences.contains_key(&i64::MIN),
        "every row validates and gets both scores"
    );
    // Measured 2026-11-23 (README): keep from getting worse.
    assert!(pas.percent() >= 82.7, "PAS agreement {:.1}%", pas.percent());
    assert!(
        alvarado.percent() >= 82.7,
        "Alvarado agreement {:.1}%",
        alvarado.percent()
    );
}

/// The main systematic difference: where the engine's PAS is one point below the recorded one,
/// the child mostly had a temperature of 37.3–37.9 °C, i.e. the dataset gave the PAS fever point
/// below 38 °C for part of the children (its Alvarado threshold is 37.3 °C); most of the rest
/// carry the dataset's neutrophilia flag without a neutrophil percentage >75%.
#[test]
fn pas_shortfall_is_mostly_the_fever_threshold() {
    let rows = rows();
    let mut short = 0;
    let mut short_subfebrile = 0;
    let mut short_explained = 0;
    for row in &rows {
        let Some(recorded) = number(row, "Paedriatic_Appendicitis_Score") else {
            continue;
        };
        let Some(pas) = rules::assess(&record(row))
            .ok()
            .and_then(|x| x.scores.into_iter().find(|s| s.id == "pas"))
        else {
            continue;
        };
        if f64::from(pas.total) == recorded - 1.0 {
            short += 1;
            let subfebrile =
                number(row, "Body_Temperature").is_some_and(|t| (37.3..38.0).contains(&t));
            // The dataset's own neutrophilia flag set while the percentage is missing or <75.
            let flag_only = yes_no(row, "Neutrophilia") == Some(true)
                && number(row, "Neutrophil_Percentage").is_none_or(|p| p <= 75.0);
            short_subfebrile += usize::from(subfebrile);
            short_explained += usize::from(subfebrile || flag_only);
        }
    }
    println!(
        "PAS one point short: {short}, of which 37.3–37.9 °C: {short_subfebrile}, \
         subfebrile or neutrophilia flag without >75%: {short_explained}"
    );
    assert!(short > 0);
    assert!(
        short_subfebrile * 100 >= short * 65,
        "{short_subfebrile}/{short}"
    );
    assert!(
        short_explained * 100 >= short * 75,
        "{short_explained}/{short}"
    );
}
