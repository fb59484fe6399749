//! The patient record: what the forms write and every rule reads (ARCHITECTURE.md: the single
//! source of truth), and its validation into a record whose values carry their units.

mod migrate;
mod plausibility;

pub use migrate::{answer as migrate_answer, finding as migrate_finding};
use plausibility::plausibility_file;
pub use plausibility::{Plausibility, plausibility};

use crate::age::Age;
use crate::catalog;
use crate::error::ValidationError;
use crate::vocabulary::{self, Answer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A child's data as entered. Every field may be absent; numbers are plain JSON numbers whose
/// unit is in the field name. `validate()` turns it into a [`ValidatedRecord`]. Records of
/// format 1 (separate `findings` and `answers`) are read too, migrated onto `observations`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "migrate::RecordOnDisk")]
pub struct PatientRecord {
    /// Age in days. Takes precedence over every other way of giving the age.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_days: Option<f64>,
    /// Birth date `YYYY-MM-DD`; needs `assessed_on`. Used when `age_days` is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// Date of the assessment `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessed_on: Option<String>,
    /// Stated age: whole or fractional years, plus months. Used when neither of the above is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_years: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_months: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_kg: Option<f64>,
    #[serde(default)]
    pub vitals: Vitals,
    /// Presenting complaint code (see `triage --list` or [`catalog::complaints`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaint: Option<String>,
    /// Further presenting complaints (a second complaint, e.g. fever with a head injury): their
    /// complaint-specific rules apply too, and a population that names a complaint matches any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_complaints: Vec<String>,
    /// Pediatric Assessment Triangle, the first look (REFERENCE §5).
    #[serde(default)]
    pub pat: Pat,
    /// Every clinical observation of the vocabulary (`data/observations.toml`), each once, e.g.
    /// `{"stridor": "at_rest", "mottled_skin": true, "wbc_10e9_per_l": 12.4}`. One not given is
    /// not answered (missing), except a closed-world danger sign: not ticked = not seen.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub observations: BTreeMap<String, Answer>,
}

/// Vital signs as entered; the unit is in each field's name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vitals {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heart_rate_per_min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub respiratory_rate_per_min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spo2_percent: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature_c: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature_route: Option<TemperatureRoute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub systolic_bp_mmhg: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capillary_refill_s: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gcs: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avpu: Option<Avpu>,
    /// Pain on a 0–10 scale, read with `pain_tool`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pain_score: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pain_tool: Option<PainTool>,
    /// Central (head, chest, abdomen) or peripheral; defaults to the complaint's usual location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pain_location: Option<PainLocation>,
    /// Acute or chronic; taken as acute when absent (the more urgent reading).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pain_onset: Option<PainOnset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub glucose_mmol_l: Option<f64>,
    /// Peak expiratory flow as a percentage of the child's best or predicted value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pefr_percent_predicted: Option<f64>,
}

macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $code:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $code $(, alias = $alias)*)] $variant),+
        }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn code(self) -> &'static str {
                match self { $(Self::$variant => $code),+ }
            }
        }
    };
}

code_enum!(
    /// Where the temperature was taken.
    TemperatureRoute {
        Rectal => "rectal",
        Oral => "oral",
        Axillary => "axillary",
        Tympanic => "tympanic",
        TemporalArtery => "temporal_artery",
    }
);

code_enum!(
    /// AVPU level of consciousness.
    Avpu {
        Alert => "a" | "alert" | "A",
        Voice => "v" | "voice" | "V",
        Pain => "p" | "pain" | "P",
        Unresponsive => "u" | "unresponsive" | "U",
    }
);

code_enum!(
    /// The scale a pain score was read on (REFERENCE §6.7).
    PainTool {
        Nrs => "nrs",
        FpsR => "fps_r",
        WongBakerFaces => "wong_baker_faces",
        Flacc => "flacc",
        Caregiver => "caregiver",
    }
);

code_enum!(
    /// CTAS pain location: central = head, chest, abdomen; peripheral = skin, soft tissue, limbs.
    PainLocation {
        Central => "central",
        Peripheral => "peripheral",
    }
);

code_enum!(
    PainOnset {
        Acute => "acute",
        Chronic => "chronic",
    }
);

code_enum!(
    /// One side of the Pediatric Assessment Triangle.
    PatSide {
        Normal => "normal",
        Abnormal => "abnormal",
    }
);

/// Pediatric Assessment Triangle: appearance (TICLS), work of breathing, circulation to skin.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pat {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appearance: Option<PatSide>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_of_breathing: Option<PatSide>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub circulation: Option<PatSide>,
}

macro_rules! unit_type {
    ($(#[$doc:meta])* $name:ident, $unit:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
        #[serde(transparent)]
        pub struct $name(f64);
        impl $name {
            pub const UNIT: &'static str = $unit;
            pub fn value(self) -> f64 {
                self.0
            }
        }
    };
}

unit_type!(/// Body weight.
    Kilograms, "kg");
unit_type!(/// Heart beats per minute.
    BeatsPerMin, "/min");
unit_type!(/// Breaths per minute.
    BreathsPerMin, "/min");
unit_type!(/// A percentage (SpO2, PEFR of predicted).
    Percent, "%");
unit_type!(/// Degrees Celsius.
    Celsius, "°C");
unit_type!(/// Millimetres of mercury.
    MmHg, "mmHg");
unit_type!(/// Seconds.
    Seconds, "s");
unit_type!(/// Millimoles per litre.
    MmolPerL, "mmol/L");

/// Glasgow Coma Scale total, 3–15.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Gcs(u8);
impl Gcs {
    pub fn value(self) -> u8 {
        self.0
    }
}

/// Pain score 0–10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct PainScore(u8);
impl PainScore {
    pub fn value(self) -> u8 {
        self.0
    }
}

/// Vital signs that passed validation, each in its unit type.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ValidatedVitals {
    pub heart_rate: Option<BeatsPerMin>,
    pub respiratory_rate: Option<BreathsPerMin>,
    pub spo2: Option<Percent>,
    pub temperature: Option<Celsius>,
    pub temperature_route: Option<TemperatureRoute>,
    pub systolic_bp: Option<MmHg>,
    pub capillary_refill: Option<Seconds>,
    pub gcs: Option<Gcs>,
    pub avpu: Option<Avpu>,
    pub pain_score: Option<PainScore>,
    pub pain_tool: Option<PainTool>,
    pub pain_location: Option<PainLocation>,
    pub pain_onset: Option<PainOnset>,
    pub glucose: Option<MmolPerL>,
    pub pefr: Option<Percent>,
}

/// A record every value of which is plausible and every code known. Only [`PatientRecord::validate`]
/// makes one, so the engine never sees a heart rate of 900.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ValidatedRecord {
    pub age: Option<Age>,
    pub weight: Option<Kilograms>,
    pub vitals: ValidatedVitals,
    /// A known complaint code, borrowed from the catalog (read on every evaluation, never copied).
    pub complaint: Option<&'static str>,
    /// Further complaints, known codes, without the main one or repeats.
    pub other_complaints: Vec<&'static str>,
    pub pat: Pat,
    /// Observations, each checked against its definition in the vocabulary.
    pub observations: BTreeMap<String, Answer>,
}

impl ValidatedRecord {
    /// An observation's value as every reader sees it, and its origin: entered, derived from
    /// other values (neutrophil % from ANC and WBC, fever from the temperature), "not seen"
    /// (`false`) for a closed-world sign not ticked, or missing (`None`).
    pub fn observation(&self, code: &str) -> (Option<crate::criteria::Value>, crate::Origin) {
        crate::triage::observe(self, code)
    }

    /// Whether a yes/no sign is recorded present (or a graded one above its first grade).
    pub fn is_present(&self, code: &str) -> bool {
        // The vocabulary is looked up only for a sign the record holds: most codes asked are not.
        self.observations
            .get(code)
            .is_some_and(|a| vocabulary::observation(code).is_some_and(|def| def.is_present(a)))
    }
}

/// Checks one number against its plausible range; `field` must be listed in the data.
fn check(
    field: &'static str,
    value: Option<f64>,
    errors: &mut Vec<ValidationError>,
) -> Option<f64> {
    let x = value?;
    if !x.is_finite() {
        errors.push(ValidationError::NotANumber { field });
        return None;
    }
    let Some(p) = plausibility(field) else {
        // Every checked field is listed; the data test guards this. Refuse rather than pass.
        errors.push(ValidationError::NotANumber { field });
        return None;
    };
    if !(p.min..=p.max).contains(&x) {
        errors.push(ValidationError::OutOfRange {
            field,
            value: x,
            min: p.min,
            max: p.max,
            unit: p.unit.as_str(),
        });
        return None;
    }
    if p.whole_number && x.fract() != 0.0 {
        errors.push(ValidationError::NotAWholeNumber { field, value: x });
        return None;
    }
    Some(x)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian).
fn parse_date(field: &'static str, text: &str) -> Result<i64, ValidationError> {
    let bad = || ValidationError::InvalidDate {
        field,
        text: text.to_string(),
    };
    let parts: Vec<&str> = text.trim().split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return Err(bad());
    }
    let y: i64 = parts[0].parse().map_err(|_| bad())?;
    let m: i64 = parts[1].parse().map_err(|_| bad())?;
    let d: i64 = parts[2].parse().map_err(|_| bad())?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d < 1 || d > month_days[(m - 1) as usize] {
        return Err(bad());
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Ok(era * 146_097 + doe - 719_468)
}

/// The numeric fields of [`PatientRecord`] by the name `ValidationError::field()` reports, for
/// forms that are data (the questionnaire's `maps_to.record`): the list, a writer and a reader,
/// from one table.
macro_rules! number_fields {
    ($($name:literal => $($path:ident).+),+ $(,)?) => {
        pub const NUMBER_FIELDS: &'static [&'static str] = &[$($name),+];

        fn number_slot(&mut self, field: &str) -> Option<&mut Option<f64>> {
            match field {
                $($name => Some(&mut self.$($path).+),)+
                _ => None,
            }
        }

        /// Reads a numeric field named as in [`Self::NUMBER_FIELDS`].
        pub fn number(&self, field: &str) -> Option<f64> {
            match field {
                $($name => self.$($path).+,)+
                _ => None,
            }
        }
    };
}

impl PatientRecord {
    number_fields! {
        "age_days" => age_days,
        "age_years" => age_years,
        "age_months" => age_months,
        "weight_kg" => weight_kg,
        "heart_rate_per_min" => vitals.heart_rate_per_min,
        "respiratory_rate_per_min" => vitals.respiratory_rate_per_min,
        "spo2_percent" => vitals.spo2_percent,
        "temperature_c" => vitals.temperature_c,
        "systolic_bp_mmhg" => vitals.systolic_bp_mmhg,
        "capillary_refill_s" => vitals.capillary_refill_s,
        "gcs" => vitals.gcs,
        "pain_score" => vitals.pain_score,
        "glucose_mmol_l" => vitals.glucose_mmol_l,
        "pefr_percent_predicted" => vitals.pefr_percent_predicted,
    }

    /// Writes a numeric field named as in [`Self::NUMBER_FIELDS`]; false for an unknown name.
    pub fn set_number(&mut self, field: &str, value: Option<f64>) -> bool {
        match self.number_slot(field) {
            Some(slot) => {
                *slot = value;
                true
            }
            None => false,
        }
    }

    /// Checks every field and reports every problem at once, each with its field name, so a
    /// form can show each message next to its field.
    pub fn validate(&self) -> Result<ValidatedRecord, Vec<ValidationError>> {
        let mut errors = Vec::new();
        let age = self.validate_age(&mut errors);
        let weight = check("weight_kg", self.weight_kg, &mut errors).map(Kilograms);
        let v = &self.vitals;

        let temperature = match v.temperature_c {
            Some(t)
                if t.is_finite() && {
                    let f = plausibility_file();
                    (f.fahrenheit_min..=f.fahrenheit_max).contains(&t)
                } =>
            {
                errors.push(ValidationError::LooksLikeFahrenheit {
                    field: "temperature_c",
                    value: t,
                });
                None
            }
            other => check("temperature_c", other, &mut errors).map(Celsius),
        };

        let pain_score = check("pain_score", v.pain_score, &mut errors);
        let pain_score = match (pain_score, v.pain_tool) {
            (Some(s), Some(PainTool::FpsR | PainTool::WongBakerFaces)) if s % 2.0 != 0.0 => {
                errors.push(ValidationError::NotAFaceScore {
                    field: "pain_score",
                    value: s,
                });
                None
            }
            (s, _) => s.map(|s| PainScore(s as u8)),
        };

        let vitals = ValidatedVitals {
            heart_rate: check("heart_rate_per_min", v.heart_rate_per_min, &mut errors)
                .map(BeatsPerMin),
            respiratory_rate: check(
                "respiratory_rate_per_min",
                v.respiratory_rate_per_min,
                &mut errors,
            )
            .map(BreathsPerMin),
            spo2: check("spo2_percent", v.spo2_percent, &mut errors).map(Percent),
            temperature,
            temperature_route: v.temperature_route,
            systolic_bp: check("systolic_bp_mmhg", v.systolic_bp_mmhg, &mut errors).map(MmHg),
            capillary_refill: check("capillary_refill_s", v.capillary_refill_s, &mut errors)
                .map(Seconds),
            // Range and whole-number checks make the narrowing casts exact.
            gcs: check("gcs", v.gcs, &mut errors).map(|g| Gcs(g as u8)),
            avpu: v.avpu,
            pain_score,
            pain_tool: v.pain_tool,
            pain_location: v.pain_location,
            pain_onset: v.pain_onset,
            glucose: check("glucose_mmol_l", v.glucose_mmol_l, &mut errors).map(MmolPerL),
            pefr: check(
                "pefr_percent_predicted",
                v.pefr_percent_predicted,
                &mut errors,
            )
            .map(Percent),
        };

        let complaint = match &self.complaint {
            Some(code) => match catalog::complaint(code) {
                Some(def) => Some(def.code.as_str()),
                None => {
                    errors.push(ValidationError::UnknownCode {
                        field: "complaint",
                        code: code.clone(),
                    });
                    None
                }
            },
            None => None,
        };
        let mut other_complaints: Vec<&'static str> = Vec::new();
        for code in &self.other_complaints {
            match catalog::complaint(code) {
                None => errors.push(ValidationError::UnknownCode {
                    field: "other_complaints",
                    code: code.clone(),
                }),
                Some(def) => {
                    let code = def.code.as_str();
                    if complaint != Some(code) && !other_complaints.contains(&code) {
                        other_complaints.push(code);
                    }
                }
            }
        }

        let mut observations = BTreeMap::new();
        for (code, a) in &self.observations {
            use vocabulary::AnswerProblem as P;
            let number = || match a {
                Answer::Number(x) => *x,
                _ => f64::NAN,
            };
            // A value that is always derived (fever from the temperature) is never entered:
            // an entered one could contradict the measurement it follows from.
            let derived_only = vocabulary::observation(code).is_some_and(|d| !d.can_be_entered());
            let checked = if derived_only {
                Err(vocabulary::AnswerProblem::WrongKind)
            } else {
                vocabulary::check(code, a)
            };
            match checked {
                Ok(()) => {
                    observations.insert(code.clone(), a.clone());
                }
                Err(P::Unknown | P::WrongKind) => errors.push(ValidationError::UnknownCode {
                    field: "observations",
                    code: format!("{code} = {}", serde_json::to_string(a).unwrap_or_default()),
                }),
                Err(P::NotANumber) => errors.push(ValidationError::NotANumber {
                    field: "observations",
                }),
                Err(P::NotAWholeNumber) => errors.push(ValidationError::NotAWholeNumber {
                    field: "observations",
                    value: number(),
                }),
                Err(P::OutOfRange { min, max, unit }) => errors.push(ValidationError::OutOfRange {
                    field: "observations",
                    value: number(),
                    min,
                    max,
                    unit,
                }),
            }
        }

        if errors.is_empty() {
            Ok(ValidatedRecord {
                age,
                weight,
                vitals,
                complaint,
                other_complaints,
                pat: self.pat.clone(),
                observations,
            })
        } else {
            Err(errors)
        }
    }

    fn validate_age(&self, errors: &mut Vec<ValidationError>) -> Option<Age> {
        if let Some(days) = self.age_days {
            if !days.is_finite() {
                errors.push(ValidationError::NotANumber { field: "age_days" });
                return None;
            }
            // Part days count as the day begun; the cast saturates for absurd values, which
            // from_days then rejects.
            return Age::from_days(days.floor() as i64)
                .map_err(|e| errors.push(e))
                .ok();
        }
        if let Some(birth) = &self.birth_date {
            let Some(on) = &self.assessed_on else {
                errors.push(ValidationError::Requires {
                    field: "birth_date",
                    other: "assessed_on",
                });
                return None;
            };
            let birth = parse_date("birth_date", birth)
                .map_err(|e| errors.push(e))
                .ok();
            let on = parse_date("assessed_on", on)
                .map_err(|e| errors.push(e))
                .ok();
            let (birth, on) = (birth?, on?);
            if birth > on {
                errors.push(ValidationError::BirthAfterAssessment {
                    field: "birth_date",
                });
                return None;
            }
            return Age::from_days(on - birth).map_err(|e| errors.push(e)).ok();
        }
        match (self.age_years, self.age_months) {
            (Some(y), m) => Age::from_years_months(y, m.unwrap_or(0.0))
                .map_err(|e| errors.push(e))
                .ok(),
            (None, Some(m)) => Age::from_months(m).map_err(|e| errors.push(e)).ok(),
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn rec(json: &str) -> PatientRecord {
        serde_json::from_str(json).unwrap()
    }

    fn errors(json: &str) -> Vec<ValidationError> {
        rec(json).validate().unwrap_err()
    }

    #[test]
    fn every_checked_field_has_a_plausible_range_in_the_data() {
        for f in [
            "weight_kg",
            "heart_rate_per_min",
            "respiratory_rate_per_min",
            "spo2_percent",
            "temperature_c",
            "systolic_bp_mmhg",
            "capillary_refill_s",
            "gcs",
            "pain_score",
            "glucose_mmol_l",
            "pefr_percent_predicted",
        ] {
            let p = plausibility(f).unwrap_or_else(|| panic!("{f} has no plausible range"));
            assert!(p.min < p.max, "{f}");
        }
        let f = plausibility_file();
        let t = plausibility("temperature_c").unwrap();
        assert!(
            f.fahrenheit_min > t.max,
            "°F detection must not overlap plausible °C"
        );
    }

    /// A form with nothing entered has nothing to refuse: the app shows no message for it
    /// without validating it at start-up.
    #[test]
    fn a_blank_record_is_valid() {
        assert!(PatientRecord::default().validate().is_ok());
    }

    #[test]
    fn the_issue_examples_are_typed_errors_with_both_languages() {
        let e = errors(r#"{"vitals":{"heart_rate_per_min":900}}"#);
        assert!(matches!(
            e[0],
            ValidationError::OutOfRange {
                field: "heart_rate_per_min",
                ..
            }
        ));
        let e = errors(r#"{"age_days":-1}"#);
        assert!(matches!(
            e[0],
            ValidationError::OutOfRange {
                field: "age_days",
                ..
            }
        ));
        let e = errors(r#"{"vitals":{"temperature_c":104}}"#);
        assert!(matches!(
            e[0],
            ValidationError::LooksLikeFahrenheit {
                field: "temperature_c",
                ..
            }
        ));
        assert!(e[0].message(Lang::En).contains("40.0 °C"));
        assert!(e[0].message(Lang::Fr).contains("Fahrenheit"));
        let e = errors(r#"{"vitals":{"spo2_percent":120}}"#);
        assert!(matches!(
            e[0],
            ValidationError::OutOfRange {
                field: "spo2_percent",
                ..
            }
        ));
        for err in &e {
            assert_ne!(err.message(Lang::En), err.message(Lang::Fr));
        }
    }

    #[test]
    fn all_errors_are_reported_at_once() {
        let e = errors(
            r#"{"age_days":-3,"weight_kg":0,"complaint":"nope","findings":["cyanosis","zzz"],
                "vitals":{"heart_rate_per_min":900,"spo2_percent":120,"gcs":12.5,"temperature_c":10}}"#,
        );
        let fields: Vec<&str> = e.iter().map(|e| e.field()).collect();
        for f in [
            "age_days",
            "weight_kg",
            "complaint",
            "observations",
            "heart_rate_per_min",
            "spo2_percent",
            "gcs",
            "temperature_c",
        ] {
            assert!(fields.contains(&f), "{f} missing from {fields:?}");
        }
        assert_eq!(e.len(), 8);
    }

    #[test]
    fn plausibility_edges() {
        for field in [
            "heart_rate_per_min",
            "respiratory_rate_per_min",
            "spo2_percent",
            "systolic_bp_mmhg",
            "gcs",
            "pain_score",
        ] {
            let p = plausibility(field).unwrap();
            let json = |x: f64| format!(r#"{{"vitals":{{"{field}":{x}}}}}"#);
            assert!(rec(&json(p.min)).validate().is_ok(), "{field} at min");
            assert!(rec(&json(p.max)).validate().is_ok(), "{field} at max");
            assert!(
                rec(&json(p.min - 1.0)).validate().is_err(),
                "{field} below min"
            );
            assert!(
                rec(&json(p.max + 1.0)).validate().is_err(),
                "{field} above max"
            );
        }
    }

    #[test]
    fn ages_from_each_way_of_giving_them() {
        let age = |j: &str| rec(j).validate().unwrap().age.map(|a| a.days());
        assert_eq!(age(r#"{"age_days":49}"#), Some(49));
        assert_eq!(age(r#"{"age_days":49.7}"#), Some(49));
        assert_eq!(
            age(r#"{"birth_date":"2026-10-05","assessed_on":"2026-11-23"}"#),
            Some(49)
        );
        assert_eq!(
            age(r#"{"birth_date":"2024-02-29","assessed_on":"2025-03-01"}"#),
            Some(366)
        );
        assert_eq!(
            age(r#"{"age_years":2,"age_months":6}"#).map(|d| d / 30),
            Some(30)
        );
        assert_eq!(age(r#"{"age_months":3}"#), Some(92));
        assert_eq!(age(r#"{}"#), None);
        assert!(matches!(
            errors(r#"{"birth_date":"2026-11-24","assessed_on":"2026-11-23"}"#)[0],
            ValidationError::BirthAfterAssessment { .. }
        ));
        assert!(matches!(
            errors(r#"{"birth_date":"2026-02-30","assessed_on":"2026-11-23"}"#)[0],
            ValidationError::InvalidDate { .. }
        ));
        assert!(matches!(
            errors(r#"{"birth_date":"2026-02-01"}"#)[0],
            ValidationError::Requires { .. }
        ));
    }

    #[test]
    fn faces_scales_take_only_even_scores() {
        assert!(matches!(
            errors(r#"{"vitals":{"pain_score":5,"pain_tool":"fps_r"}}"#)[0],
            ValidationError::NotAFaceScore { .. }
        ));
        assert!(
            rec(r#"{"vitals":{"pain_score":5,"pain_tool":"nrs"}}"#)
                .validate()
                .is_ok()
        );
        assert!(
            rec(r#"{"vitals":{"pain_score":6,"pain_tool":"wong_baker_faces"}}"#)
                .validate()
                .is_ok()
        );
    }

    #[test]
    fn format_1_findings_and_answers_become_one_observation_each() {
        let r = rec(
            r#"{"findings":["mottled_skin","mottled_skin","stridor_audible"],
                        "answers":{"stridor":"at_rest","air_entry_croup":"markedly_decreased"}}"#,
        );
        let obs = |c: &str| r.observations.get(c).cloned();
        assert_eq!(obs("mottled_skin"), Some(Answer::Flag(true)));
        // The finding (with agitation) and the answer (at rest) are one sign: the worse stays.
        assert_eq!(obs("stridor"), Some(Answer::Code("at_rest".into())));
        assert_eq!(
            obs("air_entry"),
            Some(Answer::Code("minimal_or_absent".into()))
        );
        assert_eq!(r.observations.len(), 3);
        let again: PatientRecord =
            serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(again, r);
        assert!(!serde_json::to_string(&r).unwrap().contains("findings"));
    }

    #[test]
    fn an_old_code_the_vocabulary_lacks_is_kept_and_named_not_dropped() {
        let e = errors(r#"{"findings":["no_such_sign"]}"#);
        assert!(
            matches!(&e[0], ValidationError::UnknownCode { field: "observations", code } if code.contains("no_such_sign"))
        );
    }
}
