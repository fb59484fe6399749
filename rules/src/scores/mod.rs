//! Clinical scores (PRAM, Westley, PAS …) and decision rules (NICE traffic light, PECARN …)
//! computed from the same record as the triage level, each with every item, the value read and
//! the points given (REFERENCE.md §4–§8).
//!
//! Definitions are data: `data/scores/*.toml` and `data/decision_rules/*.toml`; their items read
//! measured inputs and the observations of the one vocabulary (`data/observations.toml`), the
//! same the triage rules read. Nothing clinical is decided here.
//!
//! An observation not answered leaves its item *missing*: the result then lists the range of
//! totals still possible instead of a total that pretends the item scored zero. (A closed-world
//! danger sign not ticked reads "not seen".) One file a job:
//!
//! - `definitions`: the score and decision-rule data (items, bands, groups, populations);
//! - `reads`: what an item or feature read, as it was read;
//! - `population`: whether a score or rule applies to this child, and why not;
//! - `evaluate`: totals, ranges still possible, outcomes, rule-out safety;
//! - `results`: what the views render.

use crate::content::{Cited, Evidence, SourceRef, cited};
use crate::criteria::{Condition, Facts, Truth, Value, VocabularyEntry};
use crate::lang::{Lang, Text};
use crate::vocabulary;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

mod definitions;
mod evaluate;
mod population;
mod raw;
mod reads;
mod results;

// The parts see each other's items (each file starts with `use super::*`).
#[allow(unused_imports)]
use {definitions::*, evaluate::*, population::*, reads::*, results::*};

#[cfg(test)]
#[cfg(test)]
pub(crate) use definitions::{DECISION_RULE_PREFIX, SCORE_PREFIX};
pub use definitions::{
    DecisionRuleDef, FeatureDef, GroupDef, ItemDef, PointBand, Requirement, RuleKind, ScoreBand,
    ScoreDef, TriageLink, decision_rule_defs, score_defs,
};
pub(crate) use evaluate::{compute, link_fires, link_possible};
pub use population::{Applicability, NotApplicable, ToAnswer};
pub use reads::{Cond, ItemRead};
pub use results::{
    AvpuMapping, DecisionOutcome, DecisionRuleResult, FeatureResult, ScoreItemResult, ScoreResult,
};

#[cfg(test)]
mod tests;
