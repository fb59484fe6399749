//! The draft: everything typed for the current patient, saved in this browser's localStorage
//! on every change and put back at start, so a reload, a crash or a closed tab loses nothing.
//!
//! A draft that cannot be read (damaged, or written by another version) is never trusted and
//! never silently dropped: it is moved aside under its own key and the user is told.

use crate::anamnesis::Anamnesis;
use crate::state::NumField;
use crate::views::Triage;
use leptos::prelude::*;
use model::AppendicitisInputs;
use rules::{PatientRecord, Responses};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const DRAFT_KEY: &str = "pediatriage.draft";
/// Where an unreadable draft is moved, untouched, for someone to look at.
pub const SET_ASIDE_KEY: &str = "pediatriage.draft.unreadable";
const FORMAT: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    pub format: u32,
    pub record: PatientRecord,
    /// Triage numbers as typed, by record field name.
    #[serde(default)]
    pub texts: BTreeMap<String, String>,
    #[serde(default)]
    pub answer_texts: BTreeMap<String, String>,
    #[serde(default)]
    pub anamnesis: Responses,
    #[serde(default)]
    pub anamnesis_texts: BTreeMap<String, String>,
    #[serde(default)]
    pub model_answers: AppendicitisInputs,
    #[serde(default)]
    pub model_texts: BTreeMap<String, String>,
}

impl Draft {
    /// True when nothing was entered (no draft is kept then).
    pub fn is_empty(&self) -> bool {
        let blank = |m: &BTreeMap<String, String>| m.values().all(|v| v.trim().is_empty());
        self.record == PatientRecord::default()
            && blank(&self.texts)
            && blank(&self.answer_texts)
            && self.anamnesis.is_empty()
            && blank(&self.anamnesis_texts)
            && self.model_answers == AppendicitisInputs::default()
            && blank(&self.model_texts)
    }
}

/// Why a draft was not saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveError {
    /// The browser's storage for this site is full.
    Full,
    /// No storage (private mode, or storage disabled).
    Unavailable,
}

/// What was found at start.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    Nothing,
    Draft(Box<Draft>),
    /// A draft that could not be read; it was moved to [`SET_ASIDE_KEY`].
    SetAside,
}

/// Reads a stored draft's text. `Err` when it cannot be trusted.
pub fn parse(text: &str) -> Result<Draft, String> {
    let draft: Draft = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if draft.format != FORMAT {
        return Err(format!(
            "draft format {} (this app writes {FORMAT})",
            draft.format
        ));
    }
    Ok(draft)
}

/// Everything typed now.
pub fn capture(triage: &Triage, anamnesis: &Anamnesis) -> Draft {
    let (model_answers, model_texts) = triage.model.snapshot();
    Draft {
        format: FORMAT,
        record: triage.record.get(),
        texts: triage.texts.with(|t| {
            t.iter()
                .map(|(f, text)| (f.field().to_string(), text.clone()))
                .collect()
        }),
        answer_texts: triage.answer_texts.get(),
        anamnesis: anamnesis.own.get(),
        anamnesis_texts: anamnesis.texts.get(),
        model_answers,
        model_texts,
    }
}

pub fn save(draft: &Draft) -> Result<(), SaveError> {
    let storage = crate::local_storage().ok_or(SaveError::Unavailable)?;
    if draft.is_empty() {
        let _ = storage.remove_item(DRAFT_KEY);
        return Ok(());
    }
    let text = serde_json::to_string(draft).map_err(|_| SaveError::Unavailable)?;
    storage.set_item(DRAFT_KEY, &text).map_err(|e| {
        let name = js_sys::Reflect::get(&e, &"name".into())
            .ok()
            .and_then(|n| n.as_string());
        match name.as_deref() {
            Some("QuotaExceededError") => SaveError::Full,
            _ => SaveError::Unavailable,
        }
    })
}

/// Reads the stored draft; an unreadable one is moved aside.
pub fn load() -> Found {
    let Some(storage) = crate::local_storage() else {
        return Found::Nothing;
    };
    let Some(text) = storage.get_item(DRAFT_KEY).ok().flatten() else {
        return Found::Nothing;
    };
    match parse(&text) {
        Ok(draft) => Found::Draft(Box::new(draft)),
        Err(_) => {
            // Keep the bytes for inspection; the app starts clean either way.
            let _ = storage.set_item(SET_ASIDE_KEY, &text);
            let _ = storage.remove_item(DRAFT_KEY);
            Found::SetAside
        }
    }
}

pub fn discard() {
    if let Some(storage) = crate::local_storage() {
        let _ = storage.remove_item(DRAFT_KEY);
    }
}

/// Puts a draft back on screen. Typed texts are replayed through the same paths as typing,
/// so their errors come back too.
pub fn restore(draft: Draft, triage: &Triage, anamnesis: &Anamnesis) {
    triage.clear();
    anamnesis.clear();
    triage.record.set(draft.record);
    for (field, text) in &draft.texts {
        if let Some(f) = NumField::ALL.iter().copied().find(|f| f.field() == field) {
            let item_error = rules::questionnaire::anamnesis()
                .items
                .iter()
                .find(|i| crate::anamnesis::num_field_of(i) == Some(f))
                .and_then(|i| i.parse(text).err());
            triage.set_number_text(f, text.clone(), item_error);
        }
    }
    for (id, text) in &draft.answer_texts {
        triage.type_answer(id, text.clone());
    }
    triage
        .model
        .restore(draft.model_answers, &draft.model_texts);
    let q = rules::questionnaire::anamnesis();
    let mut errors = BTreeMap::new();
    for (id, text) in &draft.anamnesis_texts {
        if let Some(Err(e)) = q.item(id).map(|i| i.parse(text)) {
            errors.insert(id.clone(), e);
        }
    }
    anamnesis.own.set(draft.anamnesis);
    anamnesis.texts.set(draft.anamnesis_texts);
    anamnesis.errors.set(errors);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_or_old_draft_is_refused() {
        assert!(parse("{not json").is_err());
        assert!(parse(r#"{"format": 0, "record": {}}"#).is_err());
        assert!(parse(r#"{"format": 1, "record": {}, "surprise": 1}"#).is_err());
        assert!(parse(r#"{"format": 1, "record": {"age_years": "three"}}"#).is_err());
        let ok = parse(r#"{"format": 1, "record": {"age_years": 3}}"#).unwrap();
        assert_eq!(ok.record.age_years, Some(3.0));
        assert!(!ok.is_empty());
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
}
