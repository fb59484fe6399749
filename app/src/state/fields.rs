//! The triage form's numeric fields: what was typed (kept exactly as typed) and the
//! `PatientRecord` field it writes.
//!
//! The record is the single source of truth that `rules`, the model and the audit record read.
//! This module only turns typed text into numbers and codes into the record's types; every
//! clinical check (plausibility, age limits, levels) is done by `rules`.

use rules::{PatientRecord, ValidationError};

/// A numeric field of the triage form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NumField {
    AgeYears,
    AgeMonths,
    AgeDays,
    Weight,
    HeartRate,
    RespiratoryRate,
    Spo2,
    Temperature,
    SystolicBp,
    CapillaryRefill,
    Gcs,
    PainScore,
    Glucose,
    Pefr,
}

impl NumField {
    pub const ALL: &'static [NumField] = &[
        Self::AgeYears,
        Self::AgeMonths,
        Self::AgeDays,
        Self::Weight,
        Self::HeartRate,
        Self::RespiratoryRate,
        Self::Spo2,
        Self::Temperature,
        Self::SystolicBp,
        Self::CapillaryRefill,
        Self::Gcs,
        Self::PainScore,
        Self::Glucose,
        Self::Pefr,
    ];

    pub const AGE: &'static [NumField] = &[Self::AgeYears, Self::AgeMonths, Self::AgeDays];

    /// The record's field name, which is also the name `ValidationError::field()` reports.
    pub fn field(self) -> &'static str {
        match self {
            Self::AgeYears => "age_years",
            Self::AgeMonths => "age_months",
            Self::AgeDays => "age_days",
            Self::Weight => "weight_kg",
            Self::HeartRate => "heart_rate_per_min",
            Self::RespiratoryRate => "respiratory_rate_per_min",
            Self::Spo2 => "spo2_percent",
            Self::Temperature => "temperature_c",
            Self::SystolicBp => "systolic_bp_mmhg",
            Self::CapillaryRefill => "capillary_refill_s",
            Self::Gcs => "gcs",
            Self::PainScore => "pain_score",
            Self::Glucose => "glucose_mmol_l",
            Self::Pefr => "pefr_percent_predicted",
        }
    }

    /// The input element's id (kept stable: the end-to-end tests type into these).
    pub fn dom_id(self) -> &'static str {
        match self {
            Self::AgeYears => "age-years",
            Self::AgeMonths => "age-months",
            Self::AgeDays => "age-days",
            Self::Weight => "weight",
            Self::HeartRate => "heart-rate",
            Self::RespiratoryRate => "resp-rate",
            Self::Spo2 => "spo2",
            Self::Temperature => "temperature",
            Self::SystolicBp => "systolic-bp",
            Self::CapillaryRefill => "cap-refill",
            Self::Gcs => "gcs",
            Self::PainScore => "pain-score",
            Self::Glucose => "glucose",
            Self::Pefr => "pefr",
        }
    }

    /// Locale key of the field's label.
    pub fn label_key(self) -> String {
        format!("field.{}", self.field())
    }

    /// Unit shown after the field, from the rule engine's input list where it has one.
    pub fn unit(self) -> &'static str {
        use rules::Input;
        match self {
            Self::AgeYears | Self::AgeMonths | Self::AgeDays => "",
            Self::Weight => Input::WeightKg.unit(),
            Self::HeartRate => Input::HeartRatePerMin.unit(),
            Self::RespiratoryRate => Input::RespiratoryRatePerMin.unit(),
            Self::Spo2 => Input::Spo2Percent.unit(),
            Self::Temperature => Input::TemperatureC.unit(),
            Self::SystolicBp => Input::SystolicBpMmhg.unit(),
            Self::CapillaryRefill => Input::CapillaryRefillS.unit(),
            Self::Gcs | Self::PainScore => "",
            Self::Glucose => Input::GlucoseMmolL.unit(),
            Self::Pefr => Input::PefrPercentPredicted.unit(),
        }
    }

    /// Writes a value into the record.
    pub fn write(self, record: &mut PatientRecord, value: Option<f64>) {
        let v = &mut record.vitals;
        match self {
            Self::AgeYears => record.age_years = value,
            Self::AgeMonths => record.age_months = value,
            Self::AgeDays => record.age_days = value,
            Self::Weight => record.weight_kg = value,
            Self::HeartRate => v.heart_rate_per_min = value,
            Self::RespiratoryRate => v.respiratory_rate_per_min = value,
            Self::Spo2 => v.spo2_percent = value,
            Self::Temperature => v.temperature_c = value,
            Self::SystolicBp => v.systolic_bp_mmhg = value,
            Self::CapillaryRefill => v.capillary_refill_s = value,
            Self::Gcs => v.gcs = value,
            Self::PainScore => v.pain_score = value,
            Self::Glucose => v.glucose_mmol_l = value,
            Self::Pefr => v.pefr_percent_predicted = value,
        }
    }

    /// Reads the value back (for tests and for re-filling the form).
    pub fn read(self, record: &PatientRecord) -> Option<f64> {
        let v = &record.vitals;
        match self {
            Self::AgeYears => record.age_years,
            Self::AgeMonths => record.age_months,
            Self::AgeDays => record.age_days,
            Self::Weight => record.weight_kg,
            Self::HeartRate => v.heart_rate_per_min,
            Self::RespiratoryRate => v.respiratory_rate_per_min,
            Self::Spo2 => v.spo2_percent,
            Self::Temperature => v.temperature_c,
            Self::SystolicBp => v.systolic_bp_mmhg,
            Self::CapillaryRefill => v.capillary_refill_s,
            Self::Gcs => v.gcs,
            Self::PainScore => v.pain_score,
            Self::Glucose => v.glucose_mmol_l,
            Self::Pefr => v.pefr_percent_predicted,
        }
    }
}

/// Reads a number as typed on a keypad: blank is "not entered", a decimal comma is a point.
/// Anything else that is not a finite number is an error for `field`.
pub fn parse_number(text: &str, field: &'static str) -> Result<Option<f64>, ValidationError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or(ValidationError::NotANumber { field })
}

/// Puts the typing errors and the rule engine's validation together: a field that could not be
/// read as a number is reported once, by its typing error.
pub fn merge_errors(
    typing: &[ValidationError],
    validation: Vec<ValidationError>,
) -> Vec<ValidationError> {
    let mut out: Vec<ValidationError> = typing.to_vec();
    for e in validation {
        if !out.iter().any(|t| t.field() == e.field()) {
            out.push(e);
        }
    }
    out
}

/// The record validated, or every error that stops an assessment (typing errors first).
pub type Validated = Result<rules::ValidatedRecord, Vec<ValidationError>>;

/// The record validated once, or the errors that stop an assessment. Typing errors stop it too,
/// so a level is never shown for a record that silently dropped a field.
pub fn validated(record: &PatientRecord, typing: &[ValidationError]) -> Validated {
    match record.validate() {
        Ok(v) if typing.is_empty() => Ok(v),
        Ok(_) => Err(typing.to_vec()),
        Err(e) => Err(merge_errors(typing, e)),
    }
}

/// Formats a number the way a person would type it back (no trailing ".0").
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// The age alone, as `rules` reads it from the record's age fields (for the normal-ranges
/// panel and the model), whatever the other fields hold.
pub fn age_of(record: &PatientRecord) -> Option<Result<rules::Age, Vec<ValidationError>>> {
    if record.age_days.is_none() && record.age_years.is_none() && record.age_months.is_none() {
        return None;
    }
    let only_age = PatientRecord {
        age_days: record.age_days,
        age_years: record.age_years,
        age_months: record.age_months,
        ..PatientRecord::default()
    };
    Some(
        only_age
            .validate()
            .map(|v| v.age)
            .and_then(|a| a.ok_or_else(Vec::new)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_not_entered_and_comma_is_a_decimal_point() {
        assert_eq!(parse_number("  ", "spo2_percent"), Ok(None));
        assert_eq!(parse_number("38,5", "temperature_c"), Ok(Some(38.5)));
        assert_eq!(parse_number(" 91 ", "spo2_percent"), Ok(Some(91.0)));
    }

    #[test]
    fn text_that_is_not_a_number_is_an_error_for_its_field() {
        let e = parse_number("9l", "spo2_percent").unwrap_err();
        assert_eq!(e.field(), "spo2_percent");
        assert!(parse_number("inf", "gcs").is_err());
        assert!(parse_number("NaN", "gcs").is_err());
    }

    #[test]
    fn every_field_writes_and_reads_its_own_place() {
        for (i, f) in NumField::ALL.iter().enumerate() {
            let mut r = PatientRecord::default();
            f.write(&mut r, Some(i as f64 + 1.0));
            assert_eq!(f.read(&r), Some(i as f64 + 1.0), "{f:?}");
            for other in NumField::ALL.iter().filter(|o| *o != f) {
                assert_eq!(other.read(&r), None, "{f:?} wrote into {other:?}");
            }
        }
        let mut ids: Vec<_> = NumField::ALL.iter().map(|f| f.dom_id()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), NumField::ALL.len());
    }

    #[test]
    fn a_typing_error_withholds_the_level_and_other_errors_still_show() {
        let mut r = PatientRecord::default();
        NumField::AgeYears.write(&mut r, Some(2.0));
        NumField::HeartRate.write(&mut r, Some(900.0));
        let typing = vec![parse_number("x", "spo2_percent").unwrap_err()];
        let errors = validated(&r, &typing).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field()).collect();
        assert_eq!(fields, vec!["spo2_percent", "heart_rate_per_min"]);
        NumField::HeartRate.write(&mut r, Some(120.0));
        assert!(validated(&r, &typing).is_err());
        assert!(validated(&r, &[]).is_ok());
    }

    #[test]
    fn the_age_is_read_by_rules_from_the_age_fields_only() {
        let mut r = PatientRecord::default();
        assert!(age_of(&r).is_none());
        NumField::AgeMonths.write(&mut r, Some(7.0));
        NumField::HeartRate.write(&mut r, Some(900.0));
        assert_eq!(
            age_of(&r).unwrap().unwrap(),
            rules::Age::from_months(7.0).unwrap()
        );
        NumField::AgeYears.write(&mut r, Some(25.0));
        assert_eq!(age_of(&r).unwrap().unwrap_err()[0].field(), "age_years");
    }
}
