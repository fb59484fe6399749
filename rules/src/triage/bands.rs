use super::*;

/// The PaedCTAS cut-points for one vital sign at one age, for display next to the field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VitalBandInfo {
    /// Age as printed in the source table (`en`: "6 years"), and translated.
    pub printed_age: Text,
    pub from_months: u32,
    pub to_months: u32,
    /// Below these: level I, II, III.
    pub low: [f64; 3],
    /// Above these: level III, II, I. Between `low[2]` and `high[0]` (inclusive) is normal.
    pub high: [f64; 3],
}

/// PaedCTAS heart- and respiratory-rate cut-points for an age, with their source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaedctasVitalBands {
    pub heart_rate_per_min: VitalBandInfo,
    pub respiratory_rate_per_min: VitalBandInfo,
    pub source: SourceRef,
}

pub(super) fn band_info(bands: &[VitalBand], months: u32) -> Option<VitalBandInfo> {
    let b = bands
        .iter()
        .find(|b| (b.from_months..b.to_months).contains(&months))?;
    Some(VitalBandInfo {
        printed_age: b.printed_age.clone(),
        from_months: b.from_months,
        to_months: b.to_months,
        low: b.low,
        high: b.high,
    })
}

/// PaedCTAS heart- and respiratory-rate bands that the engine applies at this age.
pub fn paedctas_vital_bands(age: crate::Age) -> Option<PaedctasVitalBands> {
    let t = &rule_set().vitals;
    let m = age.whole_months();
    Some(PaedctasVitalBands {
        heart_rate_per_min: band_info(&t.heart_rate_per_min, m)?,
        respiratory_rate_per_min: band_info(&t.respiratory_rate_per_min, m)?,
        source: t.source_ref(),
    })
}

/// Hypotension threshold at an age: systolic BP below `below_mmhg` is hypotension.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HypotensionThreshold {
    pub below_mmhg: f64,
    pub rule_id: String,
    pub source: SourceRef,
}

/// The hypotension rule that applies at this age, read from the rules themselves so the
/// screen shows exactly the threshold the engine uses.
pub fn hypotension_threshold(age: crate::Age) -> Option<HypotensionThreshold> {
    struct AgeOnly(crate::Age);
    impl Facts for AgeOnly {
        fn value(&self, input: Input) -> Option<Value> {
            match input {
                Input::AgeDays => Some(Value::Number(f64::from(self.0.days()))),
                Input::AgeMonths => Some(Value::Number(f64::from(self.0.whole_months()))),
                Input::AgeYears => Some(Value::Number(self.0.years().floor())),
                _ => None,
            }
        }
        fn observation(&self, _: &str) -> Option<Value> {
            None
        }
    }
    let facts = AgeOnly(age);
    rules().iter().find_map(|r| {
        let gate = r.applies.as_ref()?;
        if r.group != "hemodynamic" || gate.eval(&facts) != Truth::True {
            return None;
        }
        match &r.when {
            Condition::Compare(c) if c.input == Input::SystolicBpMmhg && c.op == Op::Lt => {
                Some(HypotensionThreshold {
                    below_mmhg: c.value,
                    rule_id: r.id.clone(),
                    source: r.source.clone(),
                })
            }
            _ => None,
        }
    })
}
