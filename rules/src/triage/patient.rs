use super::*;

pub(super) struct Patient<'a> {
    pub(super) rec: &'a ValidatedRecord,
    pub(super) set: &'a RuleSet,
}

impl Patient<'_> {
    pub(super) fn pain_location(&self) -> Option<(PainLocation, Origin)> {
        if let Some(l) = self.rec.vitals.pain_location {
            return Some((l, Origin::Measured));
        }
        let c = catalog::complaint(self.rec.complaint?)?;
        match c.pain_location.as_deref()? {
            "central" => Some((PainLocation::Central, Origin::Derived)),
            "peripheral" => Some((PainLocation::Peripheral, Origin::Derived)),
            _ => None,
        }
    }

    /// Heart or respiratory rate outside the PaedCTAS normal range for age; unknown until age
    /// and the measured rate(s) decide it.
    pub(super) fn vital_signs_abnormal(&self) -> Option<bool> {
        let months = self.rec.age.map(|a| a.whole_months());
        let outside = |bands: &[VitalBand], x: Option<f64>| -> Option<bool> {
            let (m, x) = (months?, x?);
            let b = bands
                .iter()
                .find(|b| (b.from_months..b.to_months).contains(&m))?;
            Some(x < b.low[2] || x > b.high[0])
        };
        let v = &self.rec.vitals;
        let hr = outside(
            &self.set.vitals.heart_rate_per_min,
            v.heart_rate.map(|x| x.value()),
        );
        let rr = outside(
            &self.set.vitals.respiratory_rate_per_min,
            v.respiratory_rate.map(|x| x.value()),
        );
        match (hr, rr) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        }
    }

    pub(super) fn read(&self, input: Input) -> (Option<Value>, Origin) {
        let r = self.rec;
        let v = &r.vitals;
        let num = |x: Option<f64>| match x {
            Some(x) => (Some(Value::Number(x)), Origin::Measured),
            None => (None, Origin::Missing),
        };
        let code = |c: Option<&'static str>| match c {
            Some(c) => (Some(Value::Code(Cow::Borrowed(c))), Origin::Measured),
            None => (None, Origin::Missing),
        };
        let derived = |x: Option<f64>| match x {
            Some(x) => (Some(Value::Number(x)), Origin::Derived),
            None => (None, Origin::Missing),
        };
        let pat = |s: Option<PatSide>| code(s.map(PatSide::code));
        match input {
            Input::AgeDays => num(r.age.map(|a| f64::from(a.days()))),
            Input::AgeMonths => derived(r.age.map(|a| f64::from(a.whole_months()))),
            Input::AgeYears => derived(r.age.map(|a| a.years().floor())),
            Input::WeightKg => num(r.weight.map(|x| x.value())),
            Input::HeartRatePerMin => num(v.heart_rate.map(|x| x.value())),
            Input::RespiratoryRatePerMin => num(v.respiratory_rate.map(|x| x.value())),
            Input::Spo2Percent => num(v.spo2.map(|x| x.value())),
            Input::TemperatureC => num(v.temperature.map(|x| x.value())),
            Input::TemperatureRoute => code(v.temperature_route.map(|x| x.code())),
            Input::SystolicBpMmhg => num(v.systolic_bp.map(|x| x.value())),
            Input::CapillaryRefillS => num(v.capillary_refill.map(|x| x.value())),
            Input::Gcs => num(v.gcs.map(|x| f64::from(x.value()))),
            Input::Avpu => match (v.avpu, v.gcs) {
                (Some(a), _) => code(Some(a.code())),
                (None, Some(g)) => match crate::scales::crosswalk().avpu_of_gcs(g.value()) {
                    Some(a) => (Some(Value::Code(Cow::Borrowed(a.code()))), Origin::Derived),
                    None => (None, Origin::Missing),
                },
                (None, None) => (None, Origin::Missing),
            },
            Input::PainScore => num(v.pain_score.map(|x| f64::from(x.value()))),
            Input::PainTool => code(v.pain_tool.map(|x| x.code())),
            Input::PainLocation => match self.pain_location() {
                Some((l, origin)) => (Some(Value::Code(Cow::Borrowed(l.code()))), origin),
                None => (None, Origin::Missing),
            },
            Input::PainOnset => match v.pain_onset {
                Some(o) => (Some(Value::Code(Cow::Borrowed(o.code()))), Origin::Measured),
                // Most ED pain is acute, and acute is the more urgent column (README).
                None => (
                    Some(Value::Code(Cow::Borrowed(PainOnset::Acute.code()))),
                    Origin::Assumed,
                ),
            },
            Input::GlucoseMmolL => num(v.glucose.map(|x| x.value())),
            Input::PefrPercentPredicted => num(v.pefr.map(|x| x.value())),
            Input::PatAppearance => pat(r.pat.appearance),
            Input::PatWorkOfBreathing => pat(r.pat.work_of_breathing),
            Input::PatCirculation => pat(r.pat.circulation),
            Input::Complaint => code(r.complaint),
            Input::VitalSignsAbnormalForAge => match self.vital_signs_abnormal() {
                Some(b) => (Some(Value::Flag(b)), Origin::Derived),
                None => (None, Origin::Missing),
            },
        }
    }
}

/// An observation of a validated record as every reader sees it, with where its value comes
/// from (the one place derived values are computed).
pub(crate) fn observe(rec: &ValidatedRecord, code: &str) -> (Option<Value>, Origin) {
    Patient {
        rec,
        set: rule_set(),
    }
    .read_observation(code)
}

impl Patient<'_> {
    /// An observation as every reader sees it: entered, derived (when not entered and its
    /// definition derives it), not seen (a closed-world sign not ticked) or missing.
    pub(super) fn read_observation(&self, code: &str) -> (Option<Value>, Origin) {
        self.read_observation_with(code, || crate::vocabulary::observation(code))
    }

    /// [`Self::read_observation`], with the vocabulary entry of `code` asked of `entry` only
    /// when the record does not hold the observation.
    fn read_observation_with(
        &self,
        code: &str,
        entry: impl FnOnce() -> Option<&'static crate::vocabulary::ObservationDef>,
    ) -> (Option<Value>, Origin) {
        if let Some(a) = self.rec.observations.get(code) {
            return (Some(a.value()), Origin::Measured);
        }
        let Some(def) = entry() else {
            return (None, Origin::Missing);
        };
        let derived = match &def.derived {
            Some(crate::vocabulary::Derivation::Ratio {
                ratio: [a, b],
                times,
            }) => match (self.observation(a), self.observation(b)) {
                (Some(Value::Number(x)), Some(Value::Number(y))) if y > 0.0 => {
                    let v = (x / y * times)
                        .clamp(def.min.unwrap_or(f64::MIN), def.max.unwrap_or(f64::MAX));
                    Some(Value::Number((v * 10.0).round() / 10.0))
                }
                _ => None,
            },
            Some(crate::vocabulary::Derivation::When { when }) => match when.eval(self) {
                Truth::True => Some(Value::Flag(true)),
                Truth::False => Some(Value::Flag(false)),
                Truth::Unknown => None,
            },
            None => None,
        };
        match (derived, def.unanswered_value()) {
            (Some(v), _) => (Some(v), Origin::Derived),
            (None, Some(v)) => (Some(v), Origin::NotSeen),
            (None, None) => (None, Origin::Missing),
        }
    }
}

impl Facts for Patient<'_> {
    fn value(&self, input: Input) -> Option<Value> {
        self.read(input).0
    }

    fn any_value(&self, input: Input, hit: &dyn Fn(&Value) -> bool) -> Option<bool> {
        let main = self.value(input);
        if input != Input::Complaint || self.rec.other_complaints.is_empty() {
            return main.map(|v| hit(&v));
        }
        let others = self.rec.other_complaints.iter();
        Some(
            main.iter().any(hit)
                || others
                    .map(|c| Value::Code(Cow::Borrowed(c)))
                    .any(|v| hit(&v)),
        )
    }

    fn observation(&self, code: &str) -> Option<Value> {
        self.read_observation(code).0
    }

    fn observation_read(
        &self,
        code: &str,
        entry: &crate::criteria::VocabularyEntry,
    ) -> (Option<Value>, bool) {
        let (value, origin) = self.read_observation_with(code, || entry.of(code));
        (value, origin.answered())
    }

    fn answered(&self, code: &str) -> bool {
        self.read_observation(code).1.answered()
    }
}
