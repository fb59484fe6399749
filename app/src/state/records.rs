//! The saved audit records of this browser: the list every screen reads, saving an assessment,
//! exporting and clearing.

use super::triage::Triage;
use super::vault;
use crate::formats::audit::{self, AuditRecord, StoredRecord};
use crate::io::{clock, download, storage};

use leptos::prelude::*;

pub const STORAGE_KEY: &str = "pediatriage.audit";

/// Shared list of saved records, so the save button and the records screen agree.
#[derive(Clone, Copy)]
pub struct Records(pub RwSignal<Vec<StoredRecord>>);

/// Why a record was not saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveRecordError {
    /// No assessment to save (the form is blank or has errors).
    NothingToSave,
    Storage(storage::StoreError),
}

impl Records {
    /// The records stored in this browser.
    pub fn load() -> Self {
        let list = vault::get(STORAGE_KEY)
            .map(|text| audit::parse_list(&text))
            .unwrap_or_default();
        Self(RwSignal::new(list))
    }

    /// Puts back the records opened from the ward lock.
    pub fn replace_from(&self, text: Option<&String>) {
        self.0
            .set(text.map(|t| audit::parse_list(t)).unwrap_or_default());
    }

    /// Saves the triage screen's assessment, as an assessment of the board episode given; the
    /// number of records on success. (`Board::save_assessment` is the way in.)
    pub(super) fn save_in_episode(
        &self,
        triage: &Triage,
        episode_id: Option<&str>,
    ) -> Result<usize, SaveRecordError> {
        let Ok(assessment) = triage.outcome.get_untracked() else {
            return Err(SaveRecordError::NothingToSave);
        };
        let record = triage.record.get_untracked();
        let model = triage.model.for_audit();
        let new = AuditRecord::new(
            clock::now_iso(),
            &record,
            &assessment,
            model,
            super::model::model_hash(),
        )
        .in_episode(episode_id);
        let mut all = self.0.get_untracked();
        all.push(StoredRecord::from_record(new));
        vault::set(STORAGE_KEY, &audit::list_text(&all)).map_err(SaveRecordError::Storage)?;
        let n = all.len();
        self.0.set(all);
        Ok(n)
    }

    /// Offers every record as one JSON file.
    pub fn export(&self) -> Result<(), String> {
        let all = self.0.get_untracked();
        let values: Vec<&serde_json::Value> = all.iter().map(|r| &r.stored).collect();
        let text = serde_json::to_string_pretty(&values).unwrap_or_else(|_| "[]".into());
        let name = format!("pediatriage-audit-{}.json", all.len());
        download::download(&name, "application/json", &text)
    }

    /// Erases every saved record and any draft set aside (the shared-tablet "clear all").
    pub fn clear_all(&self) {
        storage::remove(STORAGE_KEY);
        storage::remove(super::draft::SET_ASIDE_KEY);
        self.0.set(Vec::new());
    }
}
