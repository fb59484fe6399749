//! Pediatric triage rules: a typed patient record, validation, and the clinical rule sets
//! (stored as cited data under `rules/data/`) with their evaluation.
//!
//! This crate has no browser dependency: it builds and tests natively and in wasm.
//!
//! ```
//! let record: rules::PatientRecord = serde_json::from_str(
//!     r#"{"age_days": 49, "complaint": "fever", "vitals": {"temperature_c": 38.6}}"#,
//! ).unwrap();
//! let assessment = rules::evaluate(&record.validate().unwrap());
//! assert_eq!(assessment.level, 2); // fever under 3 months
//! assert!(!assessment.trace.is_empty());
//! ```

pub mod age;
pub mod catalog;
pub mod content;
pub mod criteria;
pub mod error;
pub mod fhir;
pub mod fhir_import;
pub mod handoff;
pub mod lang;
mod messages;
pub mod questionnaire;
pub mod record;
mod scales;
pub mod scores;
pub mod triage;
pub mod vitals;
pub mod vocabulary;

pub use age::Age;
pub use catalog::ComplaintDef;
pub use content::{Evidence, SourceRef, ruleset_hash};
pub use criteria::{Condition, Input, Value};
pub use error::ValidationError;
pub use lang::{Lang, Text};
pub use questionnaire::{Mode, Response, Responses};
pub use record::{
    Avpu, PainLocation, PainOnset, PainTool, Pat, PatSide, PatientRecord, TemperatureRoute,
    ValidatedRecord, Vitals,
};
pub use scores::{
    Applicability, AvpuMapping, DecisionOutcome, DecisionRuleDef, DecisionRuleResult,
    FeatureResult, ItemRead, NotApplicable, Requirement, RuleKind, ScoreBand, ScoreDef,
    ScoreItemResult, ScoreResult, ToAnswer, TriageLink, decision_rule_defs, score_defs,
};
pub use triage::{
    Assessment, DefaultReason, FormSigns, HypotensionThreshold, InputRead, ObservationRead, Origin,
    Outcome, PaedctasVitalBands, PatImpression, Rule, Trace, TraceEntry, TriageLevel,
    VitalBandInfo, WhatIf, evaluate, hypotension_threshold, levels, observations_for_complaint,
    paedctas_vital_bands, rules,
};
pub use vitals::{CentileRange, VitalRanges, centile_ranges_for_age};

/// When a child on the waiting-room board is due (seen by a physician, reassessed).
pub mod timing {
    pub use crate::triage::{Assessed, Due, Reassess, board_order, due};
}
pub use vocabulary::{
    Answer, ObservationDef, ObservationKind, ObservationOption, observation, observations,
};

/// Validates a record and evaluates it: the one call a form needs.
pub fn assess(record: &PatientRecord) -> Result<Assessment, Vec<ValidationError>> {
    record.validate().map(|v| evaluate(&v))
}
