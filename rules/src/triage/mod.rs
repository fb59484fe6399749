//! The PaedCTAS-style 5-level triage: rules loaded from `data/triage/` and `data/vital_signs/`,
//! evaluated against a validated record into an [`Assessment`] that carries its full trace.
//!
//! Nothing clinical is decided here: thresholds, levels and sources are all in the data; this
//! module only evaluates criteria, keeps the most urgent level (PaedCTAS master rule, REFERENCE
//! §2.2) and records why. One file a job:
//!
//! - `load`: the rule data files, expanded into rules (vital-sign tables, hypotension formula);
//! - `rule`: a compiled rule (gate, criterion, what it reads);
//! - `bands`: the cut-points in force at an age, for display next to the fields;
//! - `patient`: the facts of one validated record as the criteria read them (derived values);
//! - `evaluate`: the level, deciding rules, what-ifs, scores and decision rules;
//! - `signs`: which signs the triage form asks, by section;
//! - `trace`: one trace entry per rule or score link considered;
//! - `timing`: when a child on the board is due (seen, reassessed), from the levels' times;
//! - `result`: the assessment and the five levels.

use crate::catalog;
use crate::content::{self, Cited, Evidence, SourceRef, cited};
use crate::criteria::{Condition, Facts, Input, Op, Truth, Value};
use crate::lang::{Lang, Text};
use crate::record::{PainLocation, PainOnset, PatSide, ValidatedRecord};
use crate::scores::{self, DecisionRuleResult, NotApplicable, ScoreResult};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::OnceLock;

mod bands;
mod evaluate;
mod load;
mod patient;
mod raw;
mod result;
mod rule;
mod signs;
mod timing;
mod trace;

// The parts see each other's items (each file starts with `use super::*`).
#[allow(unused_imports)]
use {bands::*, evaluate::*, load::*, patient::*, result::*, rule::*, trace::*};

pub use bands::{
    HypotensionThreshold, PaedctasVitalBands, VitalBandInfo, hypotension_threshold,
    paedctas_vital_bands,
};
pub use evaluate::evaluate;
pub use load::{load_rule_set_uncached, observations_for_complaint, rules};
pub(crate) use patient::observe;
pub use result::{Assessment, DefaultReason, PatImpression, TriageLevel, levels};
pub use rule::Rule;
pub use signs::{FormSigns, first_order_observations};
pub use timing::{Assessed, Due, Reassess, board_order, due};
pub use trace::{InputRead, ObservationRead, Origin, Outcome, Trace, TraceEntry, WhatIf};

#[cfg(test)]
mod tests;
