//! The clinical content embedded at build time (see `build.rs`), and the hash of it.

use serde::{Deserialize, Serialize};

// `COMPILED`: (key, JSON) of every data file, keyed by its path under `data/` without
// `.toml`. Every file is compiled into statics (build.rs); this JSON is for the tests and the
// translation check only, so the browser never reads it.
include!(concat!(env!("OUT_DIR"), "/content_files.rs"));
static CONTENT_HASH: &str = include_str!(concat!(env!("OUT_DIR"), "/content_hash.txt"));

/// SHA-256 (hex) of all rule data as loaded: the rule-set version shown with every result.
pub fn ruleset_hash() -> &'static str {
    CONTENT_HASH
}

/// How well a fact is supported, as tagged in `REFERENCE.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Evidence {
    /// Confirmed against the primary publication.
    #[serde(rename = "V")]
    Verified,
    /// Recomputed from the authors' public data.
    #[serde(rename = "V-data")]
    VerifiedData,
    /// Confirmed only in secondary material.
    #[serde(rename = "S")]
    Secondary,
    /// Not confirmed in any source seen.
    #[serde(rename = "UNVERIFIED")]
    Unverified,
}

impl Evidence {
    pub fn tag(self) -> &'static str {
        match self {
            Self::Verified => "V",
            Self::VerifiedData => "V-data",
            Self::Secondary => "S",
            Self::Unverified => "UNVERIFIED",
        }
    }
}

/// Where a rule or table comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRef {
    pub id: String,
    pub version: u32,
    pub source: String,
    pub reference_section: String,
    pub evidence: Evidence,
}

/// The five header fields of a data file compiled into statics (`build.rs`).
pub(crate) struct RawHeader {
    pub(crate) id: &'static str,
    pub(crate) version: u32,
    pub(crate) source: &'static str,
    pub(crate) reference_section: &'static str,
    pub(crate) evidence: &'static str,
}

impl RawHeader {
    /// The header as its owned fields (the file's schema has the same five).
    pub(crate) fn source_ref(&self) -> SourceRef {
        SourceRef {
            id: self.id.to_string(),
            version: self.version,
            source: self.source.to_string(),
            reference_section: self.reference_section.to_string(),
            evidence: named(self.evidence, self.id),
        }
    }
}

/// An optional text of the statics, owned as the schema holds it.
pub(crate) fn owned(s: Option<&str>) -> Option<String> {
    s.map(str::to_string)
}

/// A list of texts of the statics, owned as the schema holds it.
pub(crate) fn strings(l: &[&str]) -> Vec<String> {
    l.iter().map(|s| s.to_string()).collect()
}

/// A data file (or entry) whose header names where it comes from: `id`, `version`, `source`,
/// `reference_section` and `evidence`, the fields of [`SourceRef`].
pub(crate) trait Cited {
    /// The reference every result built from it carries.
    fn source_ref(&self) -> SourceRef;
}

/// Implements [`Cited`] for types with the five header fields (one place that copies them).
macro_rules! cited {
    ($($t:ty),+ $(,)?) => {$(
        impl $crate::content::Cited for $t {
            fn source_ref(&self) -> $crate::content::SourceRef {
                $crate::content::SourceRef {
                    id: self.id.clone(),
                    version: self.version,
                    source: self.source.clone(),
                    reference_section: self.reference_section.clone(),
                    evidence: self.evidence,
                }
            }
        }
    )+};
}
pub(crate) use cited;

/// A type with the five header fields, built from a [`RawHeader`] and its other fields: the
/// reverse of `cited!`, one place that spells the header out for the compiled-in files.
macro_rules! headed {
    ($header:expr, $t:ident { $($rest:tt)* }) => {{
        let $crate::content::SourceRef {
            id,
            version,
            source,
            reference_section,
            evidence,
        } = $header.source_ref();
        $t {
            id,
            version,
            source,
            reference_section,
            evidence,
            $($rest)*
        }
    }};
}
pub(crate) use headed;

/// Every data file as JSON, by key: what the checks of the data as written read
/// (translations, the statics against their schema).
pub(crate) fn every_file() -> impl Iterator<Item = (&'static str, &'static str)> {
    COMPILED.iter().copied()
}

/// The keys of the data files under `prefix` (a folder of `data/`), in path order: what the
/// tests compare the compiled lists of files with.
#[cfg(test)]
pub(crate) fn keys_under(prefix: &str) -> Vec<&'static str> {
    every_file()
        .map(|(key, _)| key)
        .filter(|k| k.starts_with(prefix))
        .collect()
}

/// The JSON of one data file, read by its serde schema: the tests' oracle (and the
/// benchmark's baseline; the browser never calls it, so its JSON is not shipped).
pub(crate) fn compiled_json<T: serde::de::DeserializeOwned>(key: &str) -> T {
    let text = COMPILED
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, text)| *text)
        .unwrap_or_else(|| panic!("rule data file {key}.toml is missing"));
    serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("rule data file {key}.toml does not match its schema: {e}"))
}

/// A name as the data writes it (a kind, an operator, an evidence tag) read into its type by
/// the type's own serde names, for the statics: no second list of the names. The data is
/// checked by the test suite, so a failure is a build defect, as for the JSON files.
pub(crate) fn named<T: Deserialize<'static>>(name: &'static str, whence: &str) -> T {
    use serde::de::value::{Error, StrDeserializer};
    T::deserialize(StrDeserializer::<Error>::new(name))
        .unwrap_or_else(|e| panic!("rule data, {whence}: {e}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn hash_is_sha256_hex() {
        let h = super::ruleset_hash();
        assert_eq!(h.len(), 64);
        assert!(h.chars().all(|c| c.is_ascii_hexdigit()));
    }
}
