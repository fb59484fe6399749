//! Presenting complaints (CEDIS-style), with EN/FR labels. Clinical signs are in the one
//! vocabulary of observations ([`crate::vocabulary`]).

use crate::content::{self, Evidence, SourceRef};
use crate::error::Lang;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// One presenting complaint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplaintDef {
    pub code: String,
    pub en: String,
    pub fr: String,
    /// CEDIS category the complaint belongs to.
    pub cedis_category: String,
    /// Where pain with this complaint is, for the pain modifier (central or peripheral), when
    /// the nurse has not recorded it.
    #[serde(default)]
    pub pain_location: Option<String>,
}

impl ComplaintDef {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ComplaintFile {
    id: String,
    version: u32,
    source: String,
    reference_section: String,
    evidence: Evidence,
    #[allow(dead_code)]
    note: Option<String>,
    complaints: Vec<ComplaintDef>,
}

fn complaint_file() -> &'static ComplaintFile {
    static FILE: OnceLock<ComplaintFile> = OnceLock::new();
    FILE.get_or_init(|| content::load("complaints"))
}

/// All presenting complaints, in the order of the data file.
pub fn complaints() -> &'static [ComplaintDef] {
    &complaint_file().complaints
}

/// Where the complaint list comes from.
pub fn complaints_source() -> SourceRef {
    let f = complaint_file();
    SourceRef {
        id: f.id.clone(),
        version: f.version,
        source: f.source.clone(),
        reference_section: f.reference_section.clone(),
        evidence: f.evidence,
    }
}

pub fn complaint(code: &str) -> Option<&'static ComplaintDef> {
    complaints().iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_labelled_in_both_languages() {
        let mut seen = HashSet::new();
        for c in complaints() {
            assert!(
                seen.insert(c.code.as_str()),
                "duplicate complaint {}",
                c.code
            );
            assert!(!c.en.is_empty() && !c.fr.is_empty(), "{}", c.code);
            if let Some(loc) = &c.pain_location {
                assert!(loc == "central" || loc == "peripheral", "{}", c.code);
            }
        }
        assert!(
            complaints().len() >= 25,
            "the issue asks for at least 25 complaints"
        );
    }
}
