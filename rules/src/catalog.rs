//! Presenting complaints (CEDIS-style), with EN/FR labels. Clinical signs are in the one
//! vocabulary of observations ([`crate::vocabulary`]).

use crate::content::{Cited, Evidence, RawHeader, SourceRef, cited, headed, named, owned};
use crate::lang::{Lang, StaticTexts, Text};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// One presenting complaint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplaintDef {
    pub code: String,
    #[serde(flatten)]
    pub label: Text,
    /// CEDIS category the complaint belongs to.
    pub cedis_category: String,
    /// Where pain with this complaint is, for the pain modifier (central or peripheral), when
    /// the nurse has not recorded it.
    #[serde(default)]
    pub pain_location: Option<String>,
    /// CEDIS v2.0 / CEDIS-PCL 3.0 code (three digits), where the complaint is a CEDIS one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cedis: Option<String>,
    /// Where this entry's code and names come from, when not the list's own source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl ComplaintDef {
    pub fn label(&self, lang: Lang) -> &str {
        self.label.get(lang)
    }
}

#[derive(Debug, PartialEq, Deserialize)]
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

cited!(ComplaintFile);

/// The list as `build.rs` compiles it in (`build/tables.rs`): plain statics, so the first
/// frame, which lists the complaints, parses no JSON for them.
struct RawComplaintFile {
    header: RawHeader,
    note: Option<&'static str>,
    complaints: &'static [RawComplaint],
}

struct RawComplaint {
    code: &'static str,
    label: StaticTexts,
    cedis_category: &'static str,
    pain_location: Option<&'static str>,
    cedis: Option<&'static str>,
    source: Option<&'static str>,
    evidence: Option<&'static str>,
    note: Option<&'static str>,
}

// `COMPLAINTS`.
include!(concat!(env!("OUT_DIR"), "/complaints_static.rs"));

impl RawComplaintFile {
    fn file(&'static self) -> ComplaintFile {
        headed!(
            self.header,
            ComplaintFile {
                note: owned(self.note),
                complaints: self
                    .complaints
                    .iter()
                    .map(|c| ComplaintDef {
                        code: c.code.to_string(),
                        label: Text::from_static(&c.label),
                        cedis_category: c.cedis_category.to_string(),
                        pain_location: owned(c.pain_location),
                        cedis: owned(c.cedis),
                        source: owned(c.source),
                        evidence: c.evidence.map(|e| named(e, c.code)),
                        note: owned(c.note),
                    })
                    .collect(),
            }
        )
    }
}

fn complaint_file() -> &'static ComplaintFile {
    static FILE: OnceLock<ComplaintFile> = OnceLock::new();
    FILE.get_or_init(|| COMPLAINTS.file())
}

/// All presenting complaints, in the order of the data file.
pub fn complaints() -> &'static [ComplaintDef] {
    &complaint_file().complaints
}

/// Where the complaint list comes from.
pub fn complaints_source() -> SourceRef {
    complaint_file().source_ref()
}

pub fn complaint(code: &str) -> Option<&'static ComplaintDef> {
    complaints().iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// The list compiled into statics (build.rs) is the file as its serde schema reads it.
    #[test]
    fn the_compiled_complaint_list_is_the_data_file_read_by_its_schema() {
        let read: ComplaintFile = crate::content::compiled_json("complaints");
        assert!(!read.complaints.is_empty());
        assert_eq!(COMPLAINTS.file(), read);
    }

    #[test]
    fn codes_are_unique_and_labelled_in_both_languages() {
        let mut seen = HashSet::new();
        for c in complaints() {
            assert!(
                seen.insert(c.code.as_str()),
                "duplicate complaint {}",
                c.code
            );
            assert!(
                c.label.written_in(Lang::En).is_some() && c.label.written_in(Lang::Fr).is_some(),
                "{}",
                c.code
            );
            if let Some(loc) = &c.pain_location {
                assert!(loc == "central" || loc == "peripheral", "{}", c.code);
            }
        }
        // CEDIS codes: unique, three digits, inside the CEDIS group of the entry's category
        // (REFERENCE §11.A "Groups", same in v2.0 and 3.0).
        let groups: &[(&str, &[(u16, u16)])] = &[
            ("cardiovascular", &[(1, 12)]),
            ("ent", &[(51, 56), (101, 107), (151, 155)]),
            ("environmental", &[(201, 206)]),
            ("gastrointestinal", &[(251, 267)]),
            ("genitourinary", &[(301, 310)]),
            ("mental_health", &[(351, 360)]),
            ("neurologic", &[(401, 411)]),
            ("obstetric_gynaecologic", &[(451, 460)]),
            ("ophthalmology", &[(502, 511)]),
            ("orthopedic", &[(551, 559)]),
            ("respiratory", &[(651, 661)]),
            ("skin", &[(701, 718)]),
            ("toxicology", &[(751, 753)]),
            ("trauma", &[(801, 806)]),
            ("general", &[(851, 870)]),
        ];
        let mut codes = HashSet::new();
        for c in complaints() {
            let Some(cedis) = &c.cedis else { continue };
            assert!(codes.insert(cedis.as_str()), "duplicate CEDIS code {cedis}");
            assert!(
                cedis.len() == 3 && cedis.bytes().all(|b| b.is_ascii_digit()),
                "{}: CEDIS code {cedis} is not three digits",
                c.code
            );
            let n: u16 = cedis.parse().unwrap();
            let ranges = groups
                .iter()
                .find(|(g, _)| *g == c.cedis_category)
                .unwrap_or_else(|| panic!("{}: no CEDIS group {}", c.code, c.cedis_category))
                .1;
            assert!(
                ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&n)),
                "{}: CEDIS {cedis} outside group {}",
                c.code,
                c.cedis_category
            );
            assert!(c.evidence.is_some() && c.source.is_some(), "{}", c.code);
        }
        assert!(
            complaints().len() >= 25,
            "the issue asks for at least 25 complaints"
        );
    }
}
