//! The one vocabulary of clinical observations (`data/observations.toml`): every sign a triage
//! rule, score item, decision-rule feature, questionnaire item or the model reads, once, with its
//! kind, labels, definition and source. The record holds each observation once
//! ([`crate::PatientRecord::observations`]), answered or not answered.
//!
//! Open world by default: an observation not answered is *missing*, never "absent". A yes/no
//! sign marked `closed_world` in the data (a danger sign ticked on sight) reads as "not seen"
//! when not ticked, and every reader says so.

use crate::content::Evidence;
use crate::criteria::Value;
use crate::lang::{Lang, Text};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// One observation as entered: a yes/no, a number (in the unit of its definition) or a code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Flag(bool),
    Number(f64),
    Code(String),
}

impl Answer {
    pub fn value(&self) -> Value {
        match self {
            Self::Flag(b) => Value::Flag(*b),
            Self::Number(x) => Value::Number(*x),
            Self::Code(c) => Value::Code(std::borrow::Cow::Owned(c.clone())),
        }
    }
}

/// Kind of an observation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObservationKind {
    /// One of `options`, listed from least to most severe (a graded sign).
    Choice,
    /// `true` / `false`.
    YesNo,
    /// A number between `min` and `max`, in `unit`.
    Number,
}

/// One option (grade) of a choice observation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObservationOption {
    pub code: String,
    #[serde(flatten)]
    pub label: Text,
}

impl ObservationOption {
    pub fn label(&self, lang: Lang) -> &str {
        self.label.get(lang)
    }
}

/// One clinical observation of the vocabulary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObservationDef {
    pub code: String,
    pub kind: ObservationKind,
    /// A yes/no sign ticked on sight: not ticked = not seen (instead of not answered).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub closed_world: bool,
    /// Which part of the assessment asks it (respiratory, circulation …).
    pub group: String,
    #[serde(flatten)]
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<Text>,
    /// Where the sign and its grades are defined (REFERENCE.md section).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ObservationOption>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(default)]
    pub unit: String,
    /// For numbers: a lower value is the more severe one (GCS components).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub worse_when_lower: bool,
    /// For numbers: only whole numbers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub whole_number: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// How the value follows from other values when it is not entered (one place for each
    /// derived value; the trace marks it derived).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived: Option<Derivation>,
}

/// A value computed from others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum Derivation {
    /// `{ ratio = ["anc_10e9_per_l", "wbc_10e9_per_l"], times = 100 }`: a number from two
    /// observations, e.g. neutrophil % from ANC and WBC.
    Ratio { ratio: [String; 2], times: f64 },
    /// `{ when = { input = "temperature_c", op = ">=", value = 38.0 } }`: a yes/no that holds
    /// when the criterion does (unknown while it is).
    When { when: crate::criteria::Condition },
}

impl ObservationDef {
    pub fn label(&self, lang: Lang) -> &str {
        self.label.get(lang)
    }

    pub fn definition(&self, lang: Lang) -> Option<&str> {
        self.definition.as_ref().map(|d| d.get(lang))
    }

    /// False for a value that is always derived (fever from the temperature): no form asks it
    /// and validation refuses it, so it can never contradict what it follows from.
    pub fn can_be_entered(&self) -> bool {
        !matches!(self.derived, Some(Derivation::When { .. }))
    }

    /// The option of a choice observation.
    pub fn option(&self, code: &str) -> Option<&ObservationOption> {
        self.options.iter().find(|o| o.code == code)
    }

    /// Whether an answer records the sign as present: yes, a grade above the first (least
    /// severe) one, or any number. Used to apply a complaint's rules to a sign recorded under
    /// another complaint.
    pub fn is_present(&self, a: &Answer) -> bool {
        match (self.kind, a) {
            (ObservationKind::YesNo, Answer::Flag(b)) => *b,
            (ObservationKind::Choice, Answer::Code(c)) => {
                self.options.first().is_some_and(|first| &first.code != c)
            }
            (ObservationKind::Number, Answer::Number(_)) => true,
            _ => false,
        }
    }

    /// The value read when the observation was not answered: "not seen" for a closed-world
    /// sign, nothing (missing) otherwise.
    pub fn unanswered_value(&self) -> Option<Value> {
        self.closed_world.then_some(Value::Flag(false))
    }
}

/// How a code of the record format before version 2 maps onto the vocabulary.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Migration {
    /// A finding code (listed = present) of the old `findings` list.
    #[serde(default)]
    pub from_finding: Option<String>,
    /// An id of the old score `answers` map.
    #[serde(default)]
    pub from_answer: Option<String>,
    /// The observation it became.
    pub to: String,
    /// For a finding: the value it stands for (a finding listed = this grade).
    #[serde(default)]
    pub value: Option<String>,
    /// For an answer: old code → new code.
    #[serde(default)]
    pub values: BTreeMap<String, String>,
}

mod raw;

/// The data file as its serde schema reads it: the tests' oracle for the compiled-in statics,
/// and the benchmark's baseline.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(test), allow(dead_code))] // all but the observations read by the tests only
struct VocabularyFile {
    version: u32,
    #[allow(dead_code)]
    note: String,
    observations: Vec<ObservationDef>,
    #[serde(default)]
    migrations: Vec<Migration>,
}

/// Hashed, not ordered: an evaluation looks a code up a few hundred times, and comparing it
/// along a B-tree's path was a third of the evaluation's time.
fn index() -> &'static FxHashMap<&'static str, &'static ObservationDef> {
    static I: OnceLock<FxHashMap<&'static str, &'static ObservationDef>> = OnceLock::new();
    I.get_or_init(|| {
        observations()
            .iter()
            .map(|o| (o.code.as_str(), o))
            .collect()
    })
}

/// Version of the vocabulary (the record format's observation codes).
pub fn version() -> u32 {
    raw::VERSION
}

/// Every observation, in the order of the data file.
pub fn observations() -> &'static [ObservationDef] {
    static O: OnceLock<Vec<ObservationDef>> = OnceLock::new();
    O.get_or_init(build_uncached)
}

/// Builds the vocabulary anew from the compiled-in statics, bypassing the one kept for the
/// process: what start-up pays, for the benchmark.
#[doc(hidden)]
pub fn build_uncached() -> Vec<ObservationDef> {
    raw::OBSERVATIONS
        .iter()
        .map(raw::RawObservation::def)
        .collect()
}

/// Parses the vocabulary from its JSON by its serde schema, as start-up did before it was
/// compiled in: the benchmark's baseline, measured in the same run.
#[doc(hidden)]
pub fn parse_json_uncached() -> Vec<ObservationDef> {
    crate::content::compiled_json::<VocabularyFile>("observations").observations
}

/// The definition of one observation code.
pub fn observation(code: &str) -> Option<&'static ObservationDef> {
    index().get(code).copied()
}

/// The codes of the earlier record format and what they became.
pub fn migrations() -> &'static [Migration] {
    static M: OnceLock<Vec<Migration>> = OnceLock::new();
    M.get_or_init(|| {
        raw::MIGRATIONS
            .iter()
            .map(raw::RawMigration::migration)
            .collect()
    })
}

/// Checks one answer against its definition. `Err` holds the reason (for the validation error).
pub(crate) fn check(code: &str, a: &Answer) -> Result<(), AnswerProblem> {
    let Some(def) = observation(code) else {
        return Err(AnswerProblem::Unknown);
    };
    match (def.kind, a) {
        (ObservationKind::YesNo, Answer::Flag(_)) => Ok(()),
        (ObservationKind::Choice, Answer::Code(c)) if def.option(c).is_some() => Ok(()),
        (ObservationKind::Number, Answer::Number(x)) if !x.is_finite() => {
            Err(AnswerProblem::NotANumber)
        }
        (ObservationKind::Number, Answer::Number(x)) => {
            let (min, max) = (
                def.min.unwrap_or(f64::NEG_INFINITY),
                def.max.unwrap_or(f64::INFINITY),
            );
            if !(min..=max).contains(x) {
                Err(AnswerProblem::OutOfRange {
                    min,
                    max,
                    unit: def.unit.as_str(),
                })
            } else if def.whole_number && x.fract() != 0.0 {
                Err(AnswerProblem::NotAWholeNumber)
            } else {
                Ok(())
            }
        }
        _ => Err(AnswerProblem::WrongKind),
    }
}

pub(crate) enum AnswerProblem {
    Unknown,
    WrongKind,
    NotANumber,
    NotAWholeNumber,
    OutOfRange {
        min: f64,
        max: f64,
        unit: &'static str,
    },
}

/// Checks that every observation a criterion reads is in the vocabulary and is read the way its
/// kind allows (a grade among its options, a threshold inside its range). For the data tests of
/// every reader: triage rules, score items, decision-rule features.
pub fn check_reads(c: &crate::criteria::Condition) -> Result<(), String> {
    use crate::criteria::Condition as C;
    match c {
        C::Finding(f) => match observation(&f.finding) {
            Some(d) if d.kind == ObservationKind::YesNo => Ok(()),
            Some(_) => Err(format!("{} is not a yes/no observation", f.finding)),
            None => Err(format!("unknown observation {}", f.finding)),
        },
        C::Observation(o) => {
            let def = observation(&o.observation)
                .ok_or_else(|| format!("unknown observation {}", o.observation))?;
            match (def.kind, &o.one_of, o.is, o.op, o.value) {
                (ObservationKind::Choice, Some(list), None, None, None) if !list.is_empty() => {
                    match list.iter().find(|code| def.option(code).is_none()) {
                        Some(code) => Err(format!("{} has no option {code}", o.observation)),
                        None => Ok(()),
                    }
                }
                (ObservationKind::YesNo, None, Some(_), None, None) => Ok(()),
                (ObservationKind::Number, None, None, Some(_), Some(v)) => {
                    let (lo, hi) = (def.min.unwrap_or(f64::MIN), def.max.unwrap_or(f64::MAX));
                    if (lo..=hi).contains(&v) {
                        Ok(())
                    } else {
                        Err(format!("{}: {v} outside {lo}–{hi}", o.observation))
                    }
                }
                _ => Err(format!(
                    "criterion on {} does not match its kind",
                    o.observation
                )),
            }
        }
        C::All(a) => a.all.iter().try_for_each(check_reads),
        C::Any(a) => a.any.iter().try_for_each(check_reads),
        C::Compare(_) | C::OneOf(_) | C::Is(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_vocabulary_is_the_data_file_read_by_its_schema() {
        // The JSON build.rs writes from observations.toml, read as any other data file is.
        let file: VocabularyFile = crate::content::compiled_json("observations");
        assert_eq!(version(), file.version);
        assert_eq!(observations().len(), file.observations.len());
        for (compiled, read) in observations().iter().zip(&file.observations) {
            assert_eq!(compiled, read, "{}", read.code);
            for &lang in Lang::ALL {
                assert_eq!(compiled.label(lang), read.label(lang), "{}", read.code);
            }
        }
        assert_eq!(migrations(), file.migrations.as_slice());
    }
}
