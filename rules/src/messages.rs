//! Texts the engine writes itself (`data/messages.toml`): templates with `{name}` placeholders,
//! one field per message so the compiler checks every message the code uses exists.

use crate::content::{self, Evidence};
use crate::lang::Text;
use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Messages {
    #[allow(dead_code)]
    id: String,
    #[allow(dead_code)]
    version: u32,
    #[allow(dead_code)]
    source: String,
    #[allow(dead_code)]
    reference_section: String,
    #[allow(dead_code)]
    evidence: Evidence,
    pub validation: ValidationMessages,
    pub import: ImportMessages,
    pub population: PopulationMessages,
    pub vital_rules: VitalRuleMessages,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ValidationMessages {
    pub out_of_range: Text,
    pub not_a_number: Text,
    pub not_a_whole_number: Text,
    pub looks_like_fahrenheit: Text,
    pub unknown_code: Text,
    pub invalid_date: Text,
    pub birth_after_assessment: Text,
    pub not_a_face_score: Text,
    pub requires: Text,
    pub too_long: Text,
    pub markup: Text,
    pub not_yes_no: Text,
    pub unusual_for_age: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ImportMessages {
    pub too_large: Text,
    pub not_text: Text,
    pub not_a_handoff: Text,
    pub damaged: Text,
    pub not_json: Text,
    pub too_deep: Text,
    pub wrong_shape: Text,
    pub other_questionnaire: Text,
    pub unsupported_version: Text,
    pub unknown_question: Text,
    pub invalid_answer: Text,
    pub not_asked: Text,
    pub not_a_response: Text,
    pub response_status: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PopulationMessages {
    pub outside: Text,
    pub not_yet_known: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct VitalRuleMessages {
    pub heart_rate: Text,
    pub respiratory_rate: Text,
    pub below_normal: Text,
    pub below_1_sd: Text,
    pub below_2_sd: Text,
    pub above_normal: Text,
    pub above_1_sd: Text,
    pub above_2_sd: Text,
    pub band: Text,
    pub hypotension: Text,
    pub months: Text,
    pub years: Text,
}

pub(crate) fn messages() -> &'static Messages {
    static M: OnceLock<Messages> = OnceLock::new();
    M.get_or_init(|| content::load("messages"))
}
