//! Validation errors, with a message in each UI language.

use serde::Serialize;
use std::fmt;

/// Languages the messages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    /// BCP 47 code.
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
        }
    }
}

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
        match (self, lang) {
            (
                Self::OutOfRange {
                    value,
                    min,
                    max,
                    unit,
                    ..
                },
                Lang::En,
            ) => {
                format!(
                    "{value} {unit} is not possible here: enter a value from {min} to {max} {unit}."
                )
            }
            (
                Self::OutOfRange {
                    value,
                    min,
                    max,
                    unit,
                    ..
                },
                Lang::Fr,
            ) => {
                format!(
                    "{value} {unit} n'est pas possible ici : saisissez une valeur de {min} à {max} {unit}."
                )
            }
            (Self::NotANumber { .. }, Lang::En) => "Enter a number.".to_string(),
            (Self::NotANumber { .. }, Lang::Fr) => "Saisissez un nombre.".to_string(),
            (Self::NotAWholeNumber { value, .. }, Lang::En) => {
                format!("{value} is not a whole number: enter a whole number.")
            }
            (Self::NotAWholeNumber { value, .. }, Lang::Fr) => {
                format!("{value} n'est pas un nombre entier : saisissez un nombre entier.")
            }
            (Self::LooksLikeFahrenheit { value, .. }, Lang::En) => format!(
                "{value} °C is not possible; it looks like degrees Fahrenheit ({:.1} °C). Enter the temperature in °C.",
                (value - 32.0) * 5.0 / 9.0
            ),
            (Self::LooksLikeFahrenheit { value, .. }, Lang::Fr) => format!(
                "{value} °C n'est pas possible ; cela ressemble à des degrés Fahrenheit ({:.1} °C). Saisissez la température en °C.",
                (value - 32.0) * 5.0 / 9.0
            ),
            (Self::UnknownCode { code, .. }, Lang::En) => {
                format!("\"{code}\" is not a known code: choose one from the list.")
            }
            (Self::UnknownCode { code, .. }, Lang::Fr) => {
                format!("« {code} » n'est pas un code connu : choisissez-en un dans la liste.")
            }
            (Self::InvalidDate { text, .. }, Lang::En) => {
                format!("\"{text}\" is not a valid date: enter it as YYYY-MM-DD.")
            }
            (Self::InvalidDate { text, .. }, Lang::Fr) => {
                format!("« {text} » n'est pas une date valide : saisissez-la au format AAAA-MM-JJ.")
            }
            (Self::BirthAfterAssessment { .. }, Lang::En) => {
                "The birth date is after the date of assessment.".to_string()
            }
            (Self::BirthAfterAssessment { .. }, Lang::Fr) => {
                "La date de naissance est postérieure à la date d'évaluation.".to_string()
            }
            (Self::NotAFaceScore { value, .. }, Lang::En) => {
                format!("{value} is not a face on this scale: faces score 0, 2, 4, 6, 8 or 10.")
            }
            (Self::NotAFaceScore { value, .. }, Lang::Fr) => {
                format!(
                    "{value} ne correspond à aucun visage de cette échelle : 0, 2, 4, 6, 8 ou 10."
                )
            }
            (Self::Requires { other, .. }, Lang::En) => format!("This field also needs {other}."),
            (Self::Requires { other, .. }, Lang::Fr) => {
                format!("Ce champ nécessite aussi {other}.")
            }
            (Self::TooLong { max, .. }, Lang::En) => {
                format!("This answer is too long: at most {max} characters.")
            }
            (Self::TooLong { max, .. }, Lang::Fr) => {
                format!("Cette réponse est trop longue : {max} caractères au plus.")
            }
            (Self::Markup { .. }, Lang::En) => {
                "Remove the characters < > and control characters from this answer.".to_string()
            }
            (Self::Markup { .. }, Lang::Fr) => {
                "Retirez de cette réponse les caractères < > et les caractères de contrôle."
                    .to_string()
            }
            (Self::NotYesNo { .. }, Lang::En) => "Answer yes or no.".to_string(),
            (Self::NotYesNo { .. }, Lang::Fr) => "Répondez oui ou non.".to_string(),
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field(), self.message(Lang::En))
    }
}

impl std::error::Error for ValidationError {}
