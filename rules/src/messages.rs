//! Texts the engine writes itself (`data/messages.toml`): templates with `{name}` placeholders,
//! one field per message so the compiler checks every message the code uses exists. Compiled
//! into one static (`build/messages.rs`): each text lies where it is compiled, no JSON parse.
//! The file's header (id, version, source) is checked at build time and cited by no message.

use crate::lang::Text;
use serde::Deserialize;

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Messages {
    pub validation: ValidationMessages,
    pub import: ImportMessages,
    pub population: PopulationMessages,
    pub vital_rules: VitalRuleMessages,
}

#[derive(Debug, PartialEq, Deserialize)]
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

#[derive(Debug, PartialEq, Deserialize)]
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

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PopulationMessages {
    pub outside: Text,
    pub not_yet_known: Text,
}

#[derive(Debug, PartialEq, Deserialize)]
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

// `MESSAGES`.
include!(concat!(env!("OUT_DIR"), "/messages_static.rs"));

pub(crate) fn messages() -> &'static Messages {
    &MESSAGES
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    /// The static is the data file read by its serde schema, message by message; the header,
    /// which the static does not hold, is the file's five cited fields.
    #[test]
    fn the_compiled_messages_are_the_data_file_read_by_their_schema() {
        let Value::Object(mut file) = crate::content::compiled_json("messages") else {
            panic!("messages.toml is not a table");
        };
        for key in ["id", "version", "source", "reference_section", "evidence"] {
            assert!(file.remove(key).is_some(), "messages.toml has no {key}");
        }
        let read: super::Messages = serde_json::from_value(Value::Object(file)).unwrap();
        assert_eq!(super::messages(), &read);
        assert!(!read.validation.not_a_number.is_empty());
    }
}
