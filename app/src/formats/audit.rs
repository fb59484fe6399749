//! The audit record as stored: what was entered, what the tool suggested, and the versions that
//! produced it (rule-set hash, model hash, vocabulary and app version), with the time.

use model::{AppendicitisInputs, Estimate};
use rules::{Assessment, Lang, PatientRecord};
use serde::{Deserialize, Serialize};

/// 2: the record holds each sign once in `observations`, and the audit record names the
/// vocabulary version; 1: the record's `findings` and `answers` (read back through the
/// record's migration).
pub const FORMAT: u32 = 2;

/// One saved assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub format: u32,
    /// ISO 8601, UTC.
    pub saved_at: String,
    pub app_version: String,
    /// Absent in format 1.
    #[serde(default)]
    pub vocabulary_version: Option<u32>,
    pub ruleset_hash: String,
    pub model_hash: String,
    pub inputs: AuditInputs,
    pub outputs: AuditOutputs,
    /// The board episode (one child's stay) this assessment belongs to; absent for a record
    /// saved before the board, or outside it. Optional, so both versions read each other's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub episode_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditInputs {
    pub patient_record: PatientRecord,
    /// The model's inputs, when the model applied.
    pub model_inputs: Option<AppendicitisInputs>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditOutputs {
    pub level: u8,
    pub deciding_rules: Vec<String>,
    /// The engine's output exactly as it was produced (kept for the audit, not read back
    /// beyond the level's name: the fields above are what the app reads).
    pub assessment: serde_json::Value,
    /// The model's answer, or why it had none, when the model applied.
    pub model_estimate: Option<ModelOutput>,
}

/// The model's answer as stored: its estimate, or the error that stopped it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ModelOutput {
    Estimate(Box<Estimate>),
    Error { error: String },
}

impl AuditRecord {
    /// A new record of this format.
    pub fn new(
        saved_at: String,
        record: &PatientRecord,
        assessment: &Assessment,
        model: Option<(AppendicitisInputs, Result<Estimate, String>)>,
        model_hash: &str,
    ) -> Self {
        let (model_inputs, model_estimate) = match model {
            Some((x, answer)) => (
                Some(x),
                Some(match answer {
                    Ok(e) => ModelOutput::Estimate(Box::new(e)),
                    Err(error) => ModelOutput::Error { error },
                }),
            ),
            None => (None, None),
        };
        Self {
            format: FORMAT,
            saved_at,
            app_version: crate::APP_VERSION.to_string(),
            vocabulary_version: Some(rules::vocabulary::version()),
            ruleset_hash: assessment.ruleset_hash.clone(),
            model_hash: model_hash.to_string(),
            inputs: AuditInputs {
                patient_record: record.clone(),
                model_inputs,
            },
            outputs: AuditOutputs {
                level: assessment.level,
                deciding_rules: assessment
                    .deciding_rules
                    .iter()
                    .map(|r| r.to_string())
                    .collect(),
                assessment: serde_json::to_value(assessment).unwrap_or_default(),
                model_estimate,
            },
            episode_id: None,
        }
    }

    /// The same record, as an assessment of a board episode.
    pub fn in_episode(mut self, episode_id: Option<&str>) -> Self {
        self.episode_id = episode_id.map(str::to_string);
        self
    }

    /// The level's name as it was shown when saved; in English for a record written before
    /// the language existed.
    pub fn level_name(&self, lang: Lang) -> &str {
        let names = &self.outputs.assessment["level_info"];
        names[lang.code()]
            .as_str()
            .or_else(|| names[Lang::En.code()].as_str())
            .unwrap_or("")
    }
}

/// A stored entry: the JSON exactly as stored (written back untouched) and the record read from
/// it, or why it cannot be read (a later format, or not an audit record). An entry that cannot
/// be read is kept and shown as such, never dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRecord {
    pub stored: serde_json::Value,
    pub read: Result<AuditRecord, String>,
}

impl StoredRecord {
    pub fn from_stored(stored: serde_json::Value) -> Self {
        let read = read(&stored);
        Self { stored, read }
    }

    pub fn from_record(record: AuditRecord) -> Self {
        Self {
            stored: serde_json::to_value(&record).unwrap_or_default(),
            read: Ok(record),
        }
    }
}

/// Reads one stored audit record, of this format or format 1 (whose patient record migrates onto
/// today's observations). A record of a later format, or one that is not an audit record, is
/// refused with the reason.
pub fn read(v: &serde_json::Value) -> Result<AuditRecord, String> {
    match v.get("format").and_then(serde_json::Value::as_u64) {
        Some(n) if (1..=u64::from(FORMAT)).contains(&n) => {}
        Some(n) => {
            return Err(format!(
                "audit record format {n} was written by a later version of the app (this one reads 1 to {FORMAT})"
            ));
        }
        None => return Err("not an audit record (no format)".into()),
    }
    serde_json::from_value(v.clone()).map_err(|e| format!("the audit record cannot be read: {e}"))
}

/// The stored list (a JSON array); unreadable storage gives an empty list.
pub fn parse_list(text: &str) -> Vec<StoredRecord> {
    serde_json::from_str::<Vec<serde_json::Value>>(text)
        .unwrap_or_default()
        .into_iter()
        .map(StoredRecord::from_stored)
        .collect()
}

/// The list as stored: each entry's JSON as it was read or written.
pub fn list_text(records: &[StoredRecord]) -> String {
    let values: Vec<&serde_json::Value> = records.iter().map(|r| &r.stored).collect();
    serde_json::to_string(&values).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_holds_inputs_outputs_versions_and_time() {
        let r: PatientRecord = serde_json::from_str(
            r#"{"age_days": 49, "complaint": "fever", "vitals": {"temperature_c": 38.6}}"#,
        )
        .unwrap();
        let a = rules::assess(&r).unwrap();
        let rec = AuditRecord::new("2026-11-23T09:00:00.000Z".into(), &r, &a, None, "abc");
        let v = serde_json::to_value(&rec).unwrap();
        assert_eq!(v["saved_at"], "2026-11-23T09:00:00.000Z");
        assert_eq!(v["app_version"], crate::APP_VERSION);
        assert_eq!(v["ruleset_hash"], rules::ruleset_hash());
        assert_eq!(v["model_hash"], "abc");
        assert_eq!(v["outputs"]["level"], a.level);
        assert_eq!(
            v["outputs"]["assessment"]["trace"]
                .as_array()
                .unwrap()
                .len(),
            a.trace.len()
        );
        assert!(v["outputs"]["model_estimate"].is_null());
        assert_eq!(v["format"], FORMAT);
        assert_eq!(v["vocabulary_version"], rules::vocabulary::version());
        // Stored and read back: the same record, the same patient record, the level's name.
        let back = read(&v).unwrap();
        assert_eq!(back, rec);
        assert_eq!(back.inputs.patient_record, r);
        assert_eq!(back.level_name(Lang::En), a.level_info.name(Lang::En));
        assert_eq!(back.level_name(Lang::Fr), a.level_info.name(Lang::Fr));
    }

    #[test]
    fn the_model_answer_and_its_error_read_back() {
        let r: PatientRecord = serde_json::from_str(
            r#"{"age_years": 9, "complaint": "abdominal_pain", "observations": {"anorexia": true}}"#,
        )
        .unwrap();
        let a = rules::assess(&r).unwrap();
        let x = model::from_record::inputs(&r);
        let failed = AuditRecord::new(
            "t".into(),
            &r,
            &a,
            Some((x.clone(), Err("not trained".into()))),
            "m",
        );
        let back = read(&serde_json::to_value(&failed).unwrap()).unwrap();
        assert_eq!(
            back.outputs.model_estimate,
            Some(ModelOutput::Error {
                error: "not trained".into()
            })
        );
        assert_eq!(back.inputs.model_inputs, Some(x));
    }

    #[test]
    fn an_audit_record_of_format_1_reads_back_and_a_later_one_is_refused() {
        let old: serde_json::Value = serde_json::from_str(
            r#"{"format": 1, "saved_at": "2026-11-20T08:00:00.000Z", "app_version": "0.1.0",
                "ruleset_hash": "x", "model_hash": "y",
                "inputs": {"patient_record": {"age_years": 2, "complaint": "stridor",
                    "findings": ["stridor_marked", "mottled_skin"], "answers": {"retractions": "mild"}},
                    "model_inputs": null},
                "outputs": {"level": 2, "deciding_rules": [], "assessment": {}, "model_estimate": null}}"#,
        )
        .unwrap();
        let r = read(&old).unwrap().inputs.patient_record;
        assert_eq!(
            r.observations.get("stridor"),
            Some(&rules::Answer::Code("at_rest".into()))
        );
        assert_eq!(
            r.observations.get("retractions"),
            Some(&rules::Answer::Code("mild".into()))
        );
        assert!(rules::assess(&r).is_ok());
        let mut later = old.clone();
        later["format"] = 3.into();
        assert!(read(&later).unwrap_err().contains("later version"));
        assert!(read(&serde_json::json!({})).is_err());
    }

    #[test]
    fn an_unreadable_entry_is_kept_as_stored() {
        let text = r#"[{"format": 9, "note": "from a later app"}, {"surprise": true}]"#;
        let list = parse_list(text);
        assert_eq!(list.len(), 2);
        assert!(list.iter().all(|r| r.read.is_err()));
        let again: serde_json::Value = serde_json::from_str(&list_text(&list)).unwrap();
        let before: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(again, before);
    }
}
