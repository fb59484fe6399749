//! Validation errors, with a message in each UI language.

pub use crate::lang::Lang;
use crate::messages::messages;
use serde::Serialize;
use std::fmt;

/// An input that cannot be right for a child. The app shows `message(lang)` next to the field.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ValidationError {
    /// The value lies outside what is physically possible or recordable.
    OutOfRange {
        field: &'static str,
        value: f64,
        min: f64,
        max: f64,
        unit: &'static str,
    },
    /// The value is not a number.
    NotANumber { field: &'static str },
    /// The value must be a whole number (e.g. a GCS).
    NotAWholeNumber { field: &'static str, value: f64 },
    /// A temperature that only makes sense in degrees Fahrenheit.
    LooksLikeFahrenheit { field: &'static str, value: f64 },
    /// A code (complaint, finding) that is not in the rule data's list.
    UnknownCode { field: &'static str, code: String },
    /// A date that is not a valid `YYYY-MM-DD` calendar date.
    InvalidDate { field: &'static str, text: String },
    /// A birth date after the date of assessment.
    BirthAfterAssessment { field: &'static str },
    /// A faces pain scale records only even scores (0, 2, … 10).
    NotAFaceScore { field: &'static str, value: f64 },
    /// A field that needs another one (e.g. a birth date needs the assessment date).
    Requires {
        field: &'static str,
        other: &'static str,
    },
    /// A free-text answer longer than its item allows.
    TooLong { field: &'static str, max: usize },
    /// A free-text answer holding markup or control characters (refused: it could carry a
    /// script into whatever displays it next).
    Markup { field: &'static str },
    /// A yes/no question answered with something else.
    NotYesNo { field: &'static str },
}

impl ValidationError {
    pub fn field(&self) -> &'static str {
        match self {
            Self::OutOfRange { field, .. }
            | Self::NotANumber { field }
            | Self::NotAWholeNumber { field, .. }
            | Self::LooksLikeFahrenheit { field, .. }
            | Self::UnknownCode { field, .. }
            | Self::InvalidDate { field, .. }
            | Self::BirthAfterAssessment { field }
            | Self::NotAFaceScore { field, .. }
            | Self::Requires { field, .. }
            | Self::TooLong { field, .. }
            | Self::Markup { field }
            | Self::NotYesNo { field } => field,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let m = &messages().validation;
        match self {
            Self::OutOfRange {
                value,
                min,
                max,
                unit,
                ..
            } => m.out_of_range.fill(
                lang,
                &[("value", value), ("unit", unit), ("min", min), ("max", max)],
            ),
            Self::NotANumber { .. } => m.not_a_number.fill(lang, &[]),
            Self::NotAWholeNumber { value, .. } => {
                m.not_a_whole_number.fill(lang, &[("value", value)])
            }
            Self::LooksLikeFahrenheit { value, .. } => {
                let celsius = format!("{:.1}", (value - 32.0) * 5.0 / 9.0);
                m.looks_like_fahrenheit
                    .fill(lang, &[("value", value), ("celsius", &celsius)])
            }
            Self::UnknownCode { code, .. } => m.unknown_code.fill(lang, &[("code", code)]),
            Self::InvalidDate { text, .. } => m.invalid_date.fill(lang, &[("text", text)]),
            Self::BirthAfterAssessment { .. } => m.birth_after_assessment.fill(lang, &[]),
            Self::NotAFaceScore { value, .. } => m.not_a_face_score.fill(lang, &[("value", value)]),
            Self::Requires { other, .. } => m.requires.fill(lang, &[("other", other)]),
            Self::TooLong { max, .. } => m.too_long.fill(lang, &[("max", max)]),
            Self::Markup { .. } => m.markup.fill(lang, &[]),
            Self::NotYesNo { .. } => m.not_yes_no.fill(lang, &[]),
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field(), self.message(Lang::En))
    }
}

impl std::error::Error for ValidationError {}
