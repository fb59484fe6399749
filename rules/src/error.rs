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
}

impl ValidationError {
    pub fn field(&self) -> &'static str {
        match self {
            Self::OutOfRange { field, .. } | Self::NotANumber { field } => field,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::OutOfRange { value, min, max, unit, .. }, Lang::En) => {
                format!("{value} {unit} is not possible here: enter a value from {min} to {max} {unit}.")
            }
            (Self::OutOfRange { value, min, max, unit, .. }, Lang::Fr) => {
                format!("{value} {unit} n'est pas possible ici : saisissez une valeur de {min} à {max} {unit}.")
            }
            (Self::NotANumber { .. }, Lang::En) => "Enter a number.".to_string(),
            (Self::NotANumber { .. }, Lang::Fr) => "Saisissez un nombre.".to_string(),
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field(), self.message(Lang::En))
    }
}

impl std::error::Error for ValidationError {}
