//! The plausible range of each numeric field (`data/validation/plausibility.toml`): values
//! outside it cannot be right for a child and are refused before any rule reads them. Compiled
//! into a static (`build/tables.rs`), built into its schema's type on first use: no JSON parse.

use crate::content::owned;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Plausible range of one numeric field, from `data/validation/plausibility.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plausibility {
    pub field: String,
    pub min: f64,
    pub max: f64,
    pub unit: String,
    #[serde(default)]
    pub whole_number: bool,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PlausibilityFile {
    #[allow(dead_code)]
    note: String,
    /// Temperatures in this range entered as °C are taken to be °F.
    pub(super) fahrenheit_min: f64,
    pub(super) fahrenheit_max: f64,
    fields: Vec<Plausibility>,
}

/// The file as `build.rs` compiles it in (`plausibility_static.rs`).
struct RawPlausibilityFile {
    note: &'static str,
    fahrenheit_min: f64,
    fahrenheit_max: f64,
    fields: &'static [RawPlausibility],
}

struct RawPlausibility {
    field: &'static str,
    min: f64,
    max: f64,
    unit: &'static str,
    whole_number: bool,
    note: Option<&'static str>,
}

// `PLAUSIBILITY`.
include!(concat!(env!("OUT_DIR"), "/plausibility_static.rs"));

impl RawPlausibilityFile {
    fn file(&self) -> PlausibilityFile {
        PlausibilityFile {
            note: self.note.to_string(),
            fahrenheit_min: self.fahrenheit_min,
            fahrenheit_max: self.fahrenheit_max,
            fields: self
                .fields
                .iter()
                .map(|f| Plausibility {
                    field: f.field.to_string(),
                    min: f.min,
                    max: f.max,
                    unit: f.unit.to_string(),
                    whole_number: f.whole_number,
                    note: owned(f.note),
                })
                .collect(),
        }
    }
}

pub(super) fn plausibility_file() -> &'static PlausibilityFile {
    static FILE: OnceLock<PlausibilityFile> = OnceLock::new();
    FILE.get_or_init(|| PLAUSIBILITY.file())
}

fn plausibility_map() -> &'static BTreeMap<&'static str, &'static Plausibility> {
    static MAP: OnceLock<BTreeMap<&'static str, &'static Plausibility>> = OnceLock::new();
    MAP.get_or_init(|| {
        plausibility_file()
            .fields
            .iter()
            .map(|p| (p.field.as_str(), p))
            .collect()
    })
}

/// Plausible range for a numeric field of the case format, if it has one.
pub fn plausibility(field: &str) -> Option<&'static Plausibility> {
    plausibility_map().get(field).copied()
}

#[cfg(test)]
mod tests {
    /// The static is the data file read by its serde schema, field by field.
    #[test]
    fn the_compiled_plausible_ranges_are_the_data_file_read_by_its_schema() {
        let read: super::PlausibilityFile =
            crate::content::compiled_json("validation/plausibility");
        assert_eq!(super::PLAUSIBILITY.file(), read);
        assert!(!read.fields.is_empty());
    }
}
