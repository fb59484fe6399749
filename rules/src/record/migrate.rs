//! Reading records written before the one vocabulary (record format 1: a `findings` list, where
//! listed = present, and a separate score `answers` map). Both become `observations`, with the
//! renames of `data/observations.toml` `[[migrations]]`; nothing is dropped: a code the
//! vocabulary does not know is kept as it was, and validation then names it.

use super::{Pat, PatientRecord, Vitals};
use crate::vocabulary::{self, Answer, ObservationKind};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The record as it may be read: today's fields plus those of format 1.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RecordOnDisk {
    #[serde(default)]
    age_days: Option<f64>,
    #[serde(default)]
    birth_date: Option<String>,
    #[serde(default)]
    assessed_on: Option<String>,
    #[serde(default)]
    age_years: Option<f64>,
    #[serde(default)]
    age_months: Option<f64>,
    #[serde(default)]
    weight_kg: Option<f64>,
    #[serde(default)]
    vitals: Vitals,
    #[serde(default)]
    complaint: Option<String>,
    #[serde(default)]
    other_complaints: Vec<String>,
    #[serde(default)]
    pat: Pat,
    #[serde(default)]
    observations: BTreeMap<String, Answer>,
    /// Format 1: codes of yes/no findings observed present.
    #[serde(default)]
    findings: Vec<String>,
    /// Format 1: typed answers to score items.
    #[serde(default)]
    answers: BTreeMap<String, Answer>,
}

impl From<RecordOnDisk> for PatientRecord {
    fn from(d: RecordOnDisk) -> Self {
        let mut observations = BTreeMap::new();
        for code in &d.findings {
            let (to, value) = finding(code);
            keep_worse(&mut observations, to, value);
        }
        for (id, a) in &d.answers {
            let (to, value) = answer(id, a);
            keep_worse(&mut observations, to, value);
        }
        // Today's field wins over anything migrated.
        observations.extend(d.observations);
        PatientRecord {
            age_days: d.age_days,
            birth_date: d.birth_date,
            assessed_on: d.assessed_on,
            age_years: d.age_years,
            age_months: d.age_months,
            weight_kg: d.weight_kg,
            vitals: d.vitals,
            complaint: d.complaint,
            other_complaints: d.other_complaints,
            pat: d.pat,
            observations,
        }
    }
}

/// The observation a format-1 finding code became, and its value.
pub fn finding(code: &str) -> (String, Answer) {
    match vocabulary::migrations()
        .iter()
        .find(|m| m.from_finding.as_deref() == Some(code))
    {
        Some(m) => (
            m.to.clone(),
            m.value.clone().map_or(Answer::Flag(true), Answer::Code),
        ),
        None => (code.to_string(), Answer::Flag(true)),
    }
}

/// The observation a format-1 answer became, and its value.
pub fn answer(id: &str, a: &Answer) -> (String, Answer) {
    match vocabulary::migrations()
        .iter()
        .find(|m| m.from_answer.as_deref() == Some(id))
    {
        Some(m) => {
            let value = match a {
                Answer::Code(c) => Answer::Code(m.values.get(c).cloned().unwrap_or(c.clone())),
                other => other.clone(),
            };
            (m.to.clone(), value)
        }
        None => (id.to_string(), a.clone()),
    }
}

/// Two old entries that became one observation (a finding and a score answer for the same
/// sign): the more severe value is kept, so a migration never lowers urgency.
fn keep_worse(into: &mut BTreeMap<String, Answer>, code: String, value: Answer) {
    let worse = match (into.get(&code), vocabulary::observation(&code)) {
        (None, _) => true,
        (Some(old), Some(def)) => severity(def, &value) > severity(def, old),
        (Some(_), None) => false,
    };
    if worse {
        into.insert(code, value);
    }
}

fn severity(def: &vocabulary::ObservationDef, a: &Answer) -> f64 {
    match (def.kind, a) {
        (ObservationKind::Choice, Answer::Code(c)) => def
            .options
            .iter()
            .position(|o| &o.code == c)
            .map_or(-1.0, |i| i as f64),
        (ObservationKind::YesNo, Answer::Flag(b)) => f64::from(u8::from(*b)),
        (ObservationKind::Number, Answer::Number(x)) if def.worse_when_lower => -x,
        (ObservationKind::Number, Answer::Number(x)) => *x,
        _ => -1.0,
    }
}
