//! The model's inputs from the `PatientRecord` that `rules` owns (ARCHITECTURE.md: `model`
//! owns the feature encoding from the record). Age, weight and temperature come from the
//! record; questions shared with the PAS and Alvarado scores are kept once in the record's
//! `answers` under the rule data's id; the other answers come from the model's own questions.

use crate::AppendicitisInputs;
use rules::PatientRecord;

/// The complaint the model was trained for (its scope, stated in MODEL_CARD.md).
pub const COMPLAINT: &str = "abdominal_pain";

/// Whether the model applies to this child (its complaint).
pub fn applies(record: &PatientRecord) -> bool {
    record.complaint.as_deref() == Some(COMPLAINT)
}

/// The age in years as `rules` reads it from the age fields alone, whatever else the record
/// holds; `None` when absent or invalid.
fn age_years(record: &PatientRecord) -> Option<f32> {
    let only_age = PatientRecord {
        age_days: record.age_days,
        birth_date: record.birth_date.clone(),
        assessed_on: record.assessed_on.clone(),
        age_years: record.age_years,
        age_months: record.age_months,
        ..PatientRecord::default()
    };
    only_age.validate().ok()?.age.map(|a| a.years() as f32)
}

/// Yes/no questions of the model, in the order asked.
pub const YES_NO: &[&str] = &[
    "migratory_pain",
    "nausea_vomiting",
    "anorexia",
    "dysuria",
    "rlq_tenderness",
    "ipsilateral_rebound",
    "contralateral_rebound",
    "cough_hop_pain",
    "psoas_sign",
];

/// Blood tests asked as numbers.
pub const LABS: &[&str] = &["wbc_10e3_per_ul", "neutrophil_percent", "crp_mg_per_l"];

/// Model inputs that are also score items (PAS, Alvarado): asked once, kept in the record's
/// `answers` under the rule data's id, read from there by the model. (Model field, answer id.)
/// 10^9/L and 10^3/µL are the same unit.
pub const SHARED: &[(&str, &str)] = &[
    ("migratory_pain", "migration_of_pain"),
    ("nausea_vomiting", "nausea_vomiting"),
    ("anorexia", "anorexia"),
    ("rlq_tenderness", "rlq_tenderness"),
    ("ipsilateral_rebound", "rebound_tenderness"),
    ("cough_hop_pain", "cough_percussion_hop_tenderness"),
    ("wbc_10e3_per_ul", "wbc_10e9_per_l"),
    ("neutrophil_percent", "neutrophils_percent"),
];

/// The record's answer id a model field is kept under, if it is shared with a score.
pub fn shared_answer(field: &str) -> Option<&'static str> {
    SHARED.iter().find(|(f, _)| *f == field).map(|(_, a)| *a)
}

pub fn yes_no_slot<'a>(x: &'a mut AppendicitisInputs, id: &str) -> Option<&'a mut Option<bool>> {
    Some(match id {
        "migratory_pain" => &mut x.migratory_pain,
        "nausea_vomiting" => &mut x.nausea_vomiting,
        "anorexia" => &mut x.anorexia,
        "dysuria" => &mut x.dysuria,
        "rlq_tenderness" => &mut x.rlq_tenderness,
        "ipsilateral_rebound" => &mut x.ipsilateral_rebound,
        "contralateral_rebound" => &mut x.contralateral_rebound,
        "cough_hop_pain" => &mut x.cough_hop_pain,
        "psoas_sign" => &mut x.psoas_sign,
        _ => return None,
    })
}

pub fn lab_slot<'a>(x: &'a mut AppendicitisInputs, id: &str) -> Option<&'a mut Option<f32>> {
    Some(match id {
        "wbc_10e3_per_ul" => &mut x.wbc_10e3_per_ul,
        "neutrophil_percent" => &mut x.neutrophil_percent,
        "crp_mg_per_l" => &mut x.crp_mg_per_l,
        _ => return None,
    })
}

/// The model's inputs for this child: the answers here plus age, weight and temperature from
/// the record as `rules` validated them.
pub fn inputs(record: &PatientRecord, answers: &AppendicitisInputs) -> AppendicitisInputs {
    let mut x = answers.clone();
    for (field, answer) in SHARED {
        match record.answers.get(*answer) {
            Some(rules::Answer::Flag(b)) => {
                if let Some(slot) = yes_no_slot(&mut x, field) {
                    *slot = Some(*b);
                }
            }
            Some(rules::Answer::Number(v)) => {
                if let Some(slot) = lab_slot(&mut x, field) {
                    *slot = Some(*v as f32);
                }
            }
            _ => {}
        }
    }
    x.age_years = age_years(record);
    x.weight_kg = record.weight_kg.map(|w| w as f32);
    x.temperature_c = record.vitals.temperature_c.map(|c| c as f32);
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_question_has_a_slot() {
        let mut x = AppendicitisInputs::default();
        for id in YES_NO {
            assert!(yes_no_slot(&mut x, id).is_some(), "{id}");
            assert!(
                crate::encoding::field_index(id).is_some(),
                "{id} is not a model field"
            );
        }
        for id in LABS {
            assert!(lab_slot(&mut x, id).is_some(), "{id}");
            assert!(
                crate::encoding::field_index(id).is_some(),
                "{id} is not a model field"
            );
        }
    }

    #[test]
    fn shared_questions_are_score_answers_of_the_right_kind_and_reach_the_model() {
        for (field, answer) in SHARED {
            let def = rules::answer_def(answer)
                .unwrap_or_else(|| panic!("{answer} not in the rule data"));
            let mut x = AppendicitisInputs::default();
            if yes_no_slot(&mut x, field).is_some() {
                assert_eq!(def.kind, rules::AnswerKind::YesNo, "{answer}");
            } else {
                assert!(lab_slot(&mut x, field).is_some(), "{field}");
                assert_eq!(def.kind, rules::AnswerKind::Number, "{answer}");
            }
        }
        let r: PatientRecord = serde_json::from_str(
            r#"{"age_years": 9, "answers": {"anorexia": true, "rebound_tenderness": false, "wbc_10e9_per_l": 14.5}}"#,
        )
        .unwrap();
        let x = inputs(&r, &AppendicitisInputs::default());
        assert_eq!(x.anorexia, Some(true));
        assert_eq!(x.ipsilateral_rebound, Some(false));
        assert_eq!(x.wbc_10e3_per_ul, Some(14.5));
        assert_eq!(x.migratory_pain, None);
    }

    #[test]
    fn age_weight_and_temperature_come_from_the_record() {
        let r: PatientRecord = serde_json::from_str(
            r#"{"age_years": 9, "weight_kg": 30, "vitals": {"temperature_c": 38.2}, "complaint": "abdominal_pain"}"#,
        )
        .unwrap();
        let x = inputs(&r, &AppendicitisInputs::default());
        assert!((x.age_years.unwrap() - 9.0).abs() < 0.01);
        assert_eq!(x.weight_kg, Some(30.0));
        assert_eq!(x.temperature_c, Some(38.2));
        assert!(applies(&r));
        // An impossible age gives no age, not a wrong one.
        let r: PatientRecord = serde_json::from_str(r#"{"age_years": 40}"#).unwrap();
        assert_eq!(inputs(&r, &AppendicitisInputs::default()).age_years, None);
        assert!(!applies(&r));
    }
}
