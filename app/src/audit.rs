//! Audit records: what was entered, what the tool suggested, and the versions that produced it
//! (rule-set hash, model hash, app version) with the time. Kept in this browser's localStorage;
//! exported as a JSON file and printed from the records screen.

use crate::i18n::t;
use crate::views::Triage;
use leptos::prelude::*;
use rules::{Assessment, PatientRecord};
use serde_json::{Value, json};

pub const STORAGE_KEY: &str = "pediatriage.audit";
/// 2: the record holds each sign once in `observations`, and the audit record names the
/// vocabulary version; 1: the record's `findings` and `answers` (read back through the
/// record's migration).
pub const FORMAT: u64 = 2;

/// One audit record as JSON (the `Assessment` is serialised as the engine produced it).
pub fn build_record(
    saved_at: &str,
    record: &PatientRecord,
    assessment: &Assessment,
    model: Option<(model::AppendicitisInputs, Result<model::Estimate, String>)>,
    model_hash: &str,
) -> Value {
    let (model_inputs, model_output) = match model {
        Some((x, Ok(e))) => (json!(x), json!(e)),
        Some((x, Err(err))) => (json!(x), json!({ "error": err })),
        None => (Value::Null, Value::Null),
    };
    json!({
        "format": FORMAT,
        "saved_at": saved_at,
        "app_version": crate::APP_VERSION,
        "vocabulary_version": rules::vocabulary::version(),
        "ruleset_hash": assessment.ruleset_hash,
        "model_hash": model_hash,
        "inputs": { "patient_record": record, "model_inputs": model_inputs },
        "outputs": {
            "level": assessment.level,
            "deciding_rules": assessment.deciding_rules,
            "assessment": assessment,
            "model_estimate": model_output,
        },
    })
}

/// The patient record an audit record holds, read back as the app reads any record: one of
/// format 1 (before the one vocabulary) migrates onto today's observations. A record of a
/// later format, or one that is not an audit record, is refused with the reason.
pub fn patient_record_of(v: &Value) -> Result<PatientRecord, String> {
    match v["format"].as_u64() {
        Some(1..=FORMAT) => {}
        Some(n) => {
            return Err(format!(
                "audit record format {n} was written by a later version of the app (this one reads 1 to {FORMAT})"
            ));
        }
        None => return Err("not an audit record (no format)".into()),
    }
    serde_json::from_value(v["inputs"]["patient_record"].clone())
        .map_err(|e| format!("the audit record's patient record cannot be read: {e}"))
}

/// The saved records, oldest first. Unreadable storage gives an empty list.
pub fn load() -> Vec<Value> {
    crate::local_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str::<Vec<Value>>(&text).ok())
        .unwrap_or_default()
}

fn store(records: &[Value]) -> Result<(), String> {
    let storage = crate::local_storage().ok_or("no localStorage")?;
    let text = serde_json::to_string(records).map_err(|e| e.to_string())?;
    storage
        .set_item(STORAGE_KEY, &text)
        .map_err(|e| format!("{e:?}"))
}

fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// Offers `text` as a file download (a Blob URL on a temporary link).
pub fn download(filename: &str, text: &str) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "not an anchor")?;
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Shared list of saved records, so the save button and the records screen agree.
#[derive(Clone, Copy)]
pub struct Records(pub RwSignal<Vec<Value>>);

impl Records {
    pub fn new() -> Self {
        Self(RwSignal::new(load()))
    }
}

impl Default for Records {
    fn default() -> Self {
        Self::new()
    }
}

/// Erases every saved record and any draft set aside (the shared-tablet "clear all").
pub fn clear_all(records: Records) {
    if let Some(storage) = crate::local_storage() {
        let _ = storage.remove_item(STORAGE_KEY);
        let _ = storage.remove_item(crate::draft::SET_ASIDE_KEY);
    }
    records.0.set(Vec::new());
}

#[component]
pub fn SaveButton(triage: Triage) -> impl IntoView {
    let lang = triage.lang;
    let records = use_context::<Records>().unwrap_or_default();
    let (status, set_status) = signal(None::<String>);
    let can_save = move || {
        triage.outcome.with(|o| o.is_ok()) && triage.record.with(|r| *r != PatientRecord::default())
    };
    let save = move |_| {
        let lang = lang.get_untracked();
        let Ok(a) = triage.outcome.get_untracked() else {
            return;
        };
        let rec = triage.record.get_untracked();
        let model = triage.model.for_audit(&rec);
        let value = build_record(&now_iso(), &rec, &a, model, &crate::views::model_hash());
        let mut all = records.0.get_untracked();
        all.push(value);
        match store(&all) {
            Ok(()) => {
                let n = all.len();
                records.0.set(all);
                set_status.set(Some(t(lang, "audit.saved").replace("{n}", &n.to_string())));
            }
            Err(e) => set_status.set(Some(format!("{} ({e})", t(lang, "audit.save_failed")))),
        }
    };
    view! {
        <section class="card save" aria-labelledby="save-heading">
            <h2 id="save-heading">{move || t(lang.get(), "audit.heading")}</h2>
            <button type="button" id="save-assessment" class="primary" disabled=move || !can_save() on:click=save>
                {move || t(lang.get(), "audit.save")}
            </button>
            <p id="save-status" role="status">{move || status.get()}</p>
        </section>
    }
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
        let v = build_record("2026-11-23T09:00:00.000Z", &r, &a, None, "abc");
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
        // The inputs read back as the same record.
        assert_eq!(patient_record_of(&v).unwrap(), r);
        assert!(v["outputs"]["model_estimate"].is_null());
        assert_eq!(v["format"], FORMAT);
        assert_eq!(v["vocabulary_version"], rules::vocabulary::version());
    }

    #[test]
    fn an_audit_record_of_format_1_reads_back_and_a_later_one_is_refused() {
        let old: Value = serde_json::from_str(
            r#"{"format": 1, "saved_at": "2026-11-20T08:00:00.000Z", "app_version": "0.1.0",
                "ruleset_hash": "x", "model_hash": "y",
                "inputs": {"patient_record": {"age_years": 2, "complaint": "stridor",
                    "findings": ["stridor_marked", "mottled_skin"], "answers": {"retractions": "mild"}},
                    "model_inputs": null},
                "outputs": {"level": 2, "deciding_rules": [], "assessment": {}, "model_estimate": null}}"#,
        )
        .unwrap();
        let r = patient_record_of(&old).unwrap();
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
        assert!(
            patient_record_of(&later)
                .unwrap_err()
                .contains("later version")
        );
        assert!(patient_record_of(&serde_json::json!({})).is_err());
    }
}
