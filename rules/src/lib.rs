//! Pediatric triage rules: a typed patient record, validation, and the clinical rule sets
//! (stored as cited data under `rules/data/`) with their evaluation.
//!
//! This crate has no browser dependency: it builds and tests natively and in wasm.

pub mod age;
pub mod content;
pub mod error;
pub mod vitals;

pub use age::Age;
pub use content::{ruleset_hash, Evidence, SourceRef};
pub use error::{Lang, ValidationError};
pub use vitals::{centile_ranges_for_age, CentileRange, VitalRanges};
