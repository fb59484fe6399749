//! The draft as stored: everything typed for the current patient, in a versioned format. A
//! draft of the previous format is migrated on read; anything else is refused with the reason.

use super::board::BoardChild;
use model::AppendicitisInputs;
use rules::{PatientRecord, Responses};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// 2: each sign once, in `record.observations` (the model's answers too); 1: the record's
/// `findings` and `answers`, and the model's answers beside them (read and migrated).
pub const FORMAT: u32 = 2;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    pub format: u32,
    pub record: PatientRecord,
    /// Triage numbers as typed, by record field name.
    #[serde(default)]
    pub texts: BTreeMap<String, String>,
    /// Number observations as typed, by vocabulary code.
    #[serde(default)]
    pub observation_texts: BTreeMap<String, String>,
    #[serde(default)]
    pub anamnesis: Responses,
    #[serde(default)]
    pub anamnesis_texts: BTreeMap<String, String>,
    /// The child's board episode and label (absent before the board, and when empty).
    #[serde(default, skip_serializing_if = "BoardChild::is_empty")]
    pub board: BoardChild,
}

/// A draft of format 1, as the app wrote it before the one vocabulary.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DraftV1 {
    #[allow(dead_code)]
    format: u32,
    /// Read through `PatientRecord`'s own migration (`findings` and `answers`).
    record: PatientRecord,
    #[serde(default)]
    texts: BTreeMap<String, String>,
    /// Typed numeric score answers, by the answer id of the time.
    #[serde(default)]
    answer_texts: BTreeMap<String, String>,
    #[serde(default)]
    anamnesis: Responses,
    #[serde(default)]
    anamnesis_texts: BTreeMap<String, String>,
    /// The model panel's answers (model field names).
    #[serde(default)]
    model_answers: AppendicitisInputs,
    /// The model panel's lab texts, by model field name.
    #[serde(default)]
    model_texts: BTreeMap<String, String>,
}

impl From<DraftV1> for Draft {
    fn from(old: DraftV1) -> Self {
        let mut record = old.record;
        // The model's answers join the record under their vocabulary codes; an entry the
        // record already holds (a score answer shared with the model) was the one the model
        // read then, and stays.
        for (code, answer) in model::from_record::to_observations(&old.model_answers) {
            record
                .observations
                .entry(code.to_string())
                .or_insert(answer);
        }
        let mut observation_texts = BTreeMap::new();
        for (id, text) in old.answer_texts {
            let (code, _) = rules::record::migrate_answer(&id, &rules::Answer::Number(0.0));
            observation_texts.insert(code, text);
        }
        for (field, text) in old.model_texts {
            if let Some(code) = model::from_record::code_of(&field) {
                observation_texts.entry(code.to_string()).or_insert(text);
            }
        }
        Draft {
            format: FORMAT,
            record,
            texts: old.texts,
            observation_texts,
            anamnesis: old.anamnesis,
            anamnesis_texts: old.anamnesis_texts,
            board: BoardChild::default(),
        }
    }
}

impl Draft {
    /// True when nothing was entered (no draft is kept then).
    pub fn is_empty(&self) -> bool {
        let blank = |m: &BTreeMap<String, String>| m.values().all(|v| v.trim().is_empty());
        self.record == PatientRecord::default()
            && blank(&self.texts)
            && blank(&self.observation_texts)
            && self.anamnesis.is_empty()
            && blank(&self.anamnesis_texts)
            && self.board.is_empty()
    }
}

/// Reads a stored draft's text, of this format or the one before (migrated). `Err` when it
/// cannot be trusted.
pub fn parse(text: &str) -> Result<Draft, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    match value.get("format").and_then(serde_json::Value::as_u64) {
        Some(2) => serde_json::from_value(value).map_err(|e| e.to_string()),
        Some(1) => serde_json::from_value::<DraftV1>(value)
            .map(Draft::from)
            .map_err(|e| e.to_string()),
        Some(n) => Err(format!("draft format {n} (this app writes {FORMAT})")),
        None => Err("no draft format".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_or_unknown_draft_is_refused() {
        assert!(parse("{not json").is_err());
        assert!(parse(r#"{"format": 0, "record": {}}"#).is_err());
        assert!(parse(r#"{"format": 3, "record": {}}"#).is_err());
        assert!(parse(r#"{"record": {}}"#).is_err());
        assert!(parse(r#"{"format": 2, "record": {}, "surprise": 1}"#).is_err());
        assert!(parse(r#"{"format": 1, "record": {}, "surprise": 1}"#).is_err());
        assert!(parse(r#"{"format": 2, "record": {"age_years": "three"}}"#).is_err());
        let ok = parse(r#"{"format": 2, "record": {"age_years": 3}}"#).unwrap();
        assert_eq!(ok.record.age_years, Some(3.0));
        assert!(!ok.is_empty());
    }

    /// A draft as the app of format 1 wrote it: findings and score answers in the record, the
    /// model's answers and lab texts beside it.
    const DRAFT_V1: &str = r#"{
        "format": 1,
        "record": {
            "age_years": 9,
            "complaint": "abdominal_pain",
            "vitals": {"temperature_c": 38.1},
            "findings": ["mottled_skin", "stridor_audible", "dysuria"],
            "answers": {"stridor": "at_rest", "anorexia": true, "wbc_10e9_per_l": 14.5, "air_entry_croup": "decreased"}
        },
        "texts": {"age_years": "9", "temperature_c": "38,1"},
        "answer_texts": {"wbc_10e9_per_l": "14.5"},
        "anamnesis": {"fever_days": 2},
        "anamnesis_texts": {"fever_days": "2"},
        "model_answers": {
            "sex": "male", "stool": "diarrhea", "migratory_pain": true, "anorexia": false,
            "psoas_sign": true, "contralateral_rebound": false, "crp_mg_per_l": 42.0,
            "neutrophil_percent": 81.0
        },
        "model_texts": {"crp_mg_per_l": "42", "neutrophil_percent": "81"}
    }"#;

    #[test]
    fn a_format_1_draft_is_restored_with_every_value_in_the_record() {
        use rules::Answer;
        let d = parse(DRAFT_V1).unwrap();
        assert_eq!(d.format, FORMAT);
        let obs = |c: &str| d.record.observations.get(c).cloned();
        // The record's own migration: findings and answers, one entry per sign.
        assert_eq!(obs("mottled_skin"), Some(Answer::Flag(true)));
        assert_eq!(obs("stridor"), Some(Answer::Code("at_rest".into())));
        assert_eq!(
            obs("air_entry"),
            Some(Answer::Code("decreased_base".into()))
        );
        assert_eq!(obs("dysuria"), Some(Answer::Flag(true)));
        assert_eq!(obs("wbc_10e9_per_l"), Some(Answer::Number(14.5)));
        // The model's answers moved under their vocabulary codes, not dropped; the record's
        // own answer (anorexia, shared with the scores) stays, as the model read it then.
        assert_eq!(obs("migration_of_pain"), Some(Answer::Flag(true)));
        assert_eq!(obs("anorexia"), Some(Answer::Flag(true)));
        assert_eq!(obs("psoas_sign"), Some(Answer::Flag(true)));
        assert_eq!(obs("contralateral_rebound"), Some(Answer::Flag(false)));
        assert_eq!(obs("crp_mg_per_l"), Some(Answer::Number(42.0)));
        assert_eq!(obs("neutrophils_percent"), Some(Answer::Number(81.0)));
        assert_eq!(obs("sex"), Some(Answer::Code("male".into())));
        assert_eq!(obs("stool_change"), Some(Answer::Code("diarrhoea".into())));
        // Texts under the vocabulary codes.
        assert_eq!(
            d.observation_texts.get("crp_mg_per_l").map(String::as_str),
            Some("42")
        );
        assert_eq!(
            d.observation_texts
                .get("neutrophils_percent")
                .map(String::as_str),
            Some("81")
        );
        assert_eq!(
            d.observation_texts
                .get("wbc_10e9_per_l")
                .map(String::as_str),
            Some("14.5")
        );
        assert_eq!(
            d.texts.get("temperature_c").map(String::as_str),
            Some("38,1")
        );
        assert!(
            d.record.validate().is_ok(),
            "{:?}",
            d.record.validate().err()
        );
        // The model reads the migrated record.
        let x = model::from_record::inputs(&d.record);
        assert_eq!(x.migratory_pain, Some(true));
        assert_eq!(x.crp_mg_per_l, Some(42.0));
        assert_eq!(x.sex, Some(model::Sex::Male));
        // Saved again, it is a draft of this format that reads back the same.
        let again = parse(&serde_json::to_string(&d).unwrap()).unwrap();
        assert_eq!(again, d);
    }

    #[test]
    fn a_draft_with_nothing_typed_is_empty() {
        let mut d = Draft {
            format: FORMAT,
            ..Draft::default()
        };
        assert!(d.is_empty());
        d.texts.insert("weight_kg".into(), "  ".into());
        assert!(d.is_empty());
        d.anamnesis_texts.insert("medicines".into(), "x".into());
        assert!(!d.is_empty());
    }

    #[test]
    fn the_child_s_board_episode_and_label_are_kept_and_a_draft_without_them_reads() {
        let mut d = Draft {
            format: FORMAT,
            ..Draft::default()
        };
        d.board.label = "Box 4".into();
        assert!(!d.is_empty(), "a label alone is worth keeping");
        d.board.episode_id = Some("e1".into());
        let text = serde_json::to_string(&d).unwrap();
        assert_eq!(parse(&text).unwrap(), d);
        // A draft written before the board has no `board` and reads with none.
        let old = parse(r#"{"format": 2, "record": {"age_years": 3}}"#).unwrap();
        assert_eq!(old.board, BoardChild::default());
        assert!(!serde_json::to_string(&old).unwrap().contains("board"));
    }
}
