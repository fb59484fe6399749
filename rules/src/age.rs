//! A child's age, held in days.

use crate::error::ValidationError;
use serde::{Deserialize, Serialize};

/// Days per average month (365.25 / 12), used to place an age in month-based bands.
pub const DAYS_PER_MONTH: f64 = 30.4375;
/// Days per average year.
pub const DAYS_PER_YEAR: f64 = 365.25;
/// Oldest age the pediatric rules accept: the day before the 19th birthday.
pub const MAX_AGE_DAYS: u32 = 19 * 365 + 4;

/// Age since birth in whole days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Age {
    days: u32,
}

impl Age {
    pub fn from_days(days: i64) -> Result<Self, ValidationError> {
        if (0..=i64::from(MAX_AGE_DAYS)).contains(&days) {
            Ok(Self { days: days as u32 })
        } else {
            Err(ValidationError::OutOfRange {
                field: "age_days",
                value: days as f64,
                min: 0.0,
                max: f64::from(MAX_AGE_DAYS),
                unit: "d",
            })
        }
    }

    /// Age from a stated number of months (may be fractional).
    pub fn from_months(months: f64) -> Result<Self, ValidationError> {
        if !months.is_finite() {
            return Err(ValidationError::NotANumber {
                field: "age_months",
            });
        }
        let max_months = f64::from(MAX_AGE_DAYS) / DAYS_PER_MONTH;
        if !(0.0..=max_months).contains(&months) {
            return Err(ValidationError::OutOfRange {
                field: "age_months",
                value: months,
                min: 0.0,
                max: max_months.floor(),
                unit: "mo",
            });
        }
        // Ceil so that a stated whole month lands inside that month, not a day before it.
        Ok(Self {
            days: (months * DAYS_PER_MONTH).ceil() as u32,
        })
    }

    /// Age from stated years and months, as a parent or nurse would say it.
    pub fn from_years_months(years: f64, months: f64) -> Result<Self, ValidationError> {
        if !years.is_finite() {
            return Err(ValidationError::NotANumber { field: "age_years" });
        }
        if !(0.0..=18.0).contains(&years) {
            return Err(ValidationError::OutOfRange {
                field: "age_years",
                value: years,
                min: 0.0,
                max: 18.0,
                unit: "y",
            });
        }
        if !(0.0..12.0).contains(&months) {
            return Err(ValidationError::OutOfRange {
                field: "age_months",
                value: months,
                min: 0.0,
                max: 11.0,
                unit: "mo",
            });
        }
        Self::from_months(years * 12.0 + months)
    }

    pub fn days(self) -> u32 {
        self.days
    }

    /// Completed months (floor).
    pub fn whole_months(self) -> u32 {
        (f64::from(self.days) / DAYS_PER_MONTH).floor() as u32
    }

    pub fn years(self) -> f64 {
        f64::from(self.days) / DAYS_PER_YEAR
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_and_absurd_ages_are_errors() {
        assert!(Age::from_days(-1).is_err());
        assert!(Age::from_days(i64::from(MAX_AGE_DAYS) + 1).is_err());
        assert!(Age::from_months(f64::NAN).is_err());
        assert!(Age::from_years_months(19.0, 0.0).is_err());
        assert!(Age::from_years_months(2.0, 12.0).is_err());
    }

    #[test]
    fn months_round_trip_to_whole_months() {
        for m in 0..=216u32 {
            let age = Age::from_months(f64::from(m)).unwrap();
            assert_eq!(age.whole_months(), m, "month {m}");
        }
    }
}
