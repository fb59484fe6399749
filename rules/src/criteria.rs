//! The criterion language the rule data is written in, and its three-valued evaluation.
//!
//! A criterion reads named inputs of the patient record. An input that was not measured makes
//! the criterion *unknown* rather than false, so the engine can say which measurement could
//! still change the result instead of treating it as normal.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, OnceLock};

mod compiled;
pub(crate) use compiled::RawCriterion;

/// Every input a rule may read. Names are the JSON field names (with units) of the case format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    AgeDays,
    /// Completed months of age.
    AgeMonths,
    /// Completed years of age.
    AgeYears,
    WeightKg,
    HeartRatePerMin,
    RespiratoryRatePerMin,
    Spo2Percent,
    TemperatureC,
    TemperatureRoute,
    SystolicBpMmhg,
    CapillaryRefillS,
    Gcs,
    Avpu,
    PainScore,
    PainTool,
    PainLocation,
    PainOnset,
    GlucoseMmolL,
    PefrPercentPredicted,
    PatAppearance,
    PatWorkOfBreathing,
    PatCirculation,
    Complaint,
    /// Derived: heart or respiratory rate outside the PaedCTAS normal range for age.
    VitalSignsAbnormalForAge,
}

impl Input {
    /// The input of this name (as the rule data and score reads write it).
    pub fn from_name(name: &str) -> Option<Input> {
        serde::Deserialize::deserialize(
            serde::de::value::StrDeserializer::<serde::de::value::Error>::new(name),
        )
        .ok()
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::AgeDays => "age_days",
            Self::AgeMonths => "age_months",
            Self::AgeYears => "age_years",
            Self::WeightKg => "weight_kg",
            Self::HeartRatePerMin => "heart_rate_per_min",
            Self::RespiratoryRatePerMin => "respiratory_rate_per_min",
            Self::Spo2Percent => "spo2_percent",
            Self::TemperatureC => "temperature_c",
            Self::TemperatureRoute => "temperature_route",
            Self::SystolicBpMmhg => "systolic_bp_mmhg",
            Self::CapillaryRefillS => "capillary_refill_s",
            Self::Gcs => "gcs",
            Self::Avpu => "avpu",
            Self::PainScore => "pain_score",
            Self::PainTool => "pain_tool",
            Self::PainLocation => "pain_location",
            Self::PainOnset => "pain_onset",
            Self::GlucoseMmolL => "glucose_mmol_l",
            Self::PefrPercentPredicted => "pefr_percent_predicted",
            Self::PatAppearance => "pat_appearance",
            Self::PatWorkOfBreathing => "pat_work_of_breathing",
            Self::PatCirculation => "pat_circulation",
            Self::Complaint => "complaint",
            Self::VitalSignsAbnormalForAge => "vital_signs_abnormal_for_age",
        }
    }

    /// Unit shown next to a value, empty for codes and counts.
    pub fn unit(self) -> &'static str {
        match self {
            Self::AgeDays => "d",
            Self::AgeMonths => "mo",
            Self::AgeYears => "y",
            Self::WeightKg => "kg",
            Self::HeartRatePerMin | Self::RespiratoryRatePerMin => "/min",
            Self::Spo2Percent | Self::PefrPercentPredicted => "%",
            Self::TemperatureC => "°C",
            Self::SystolicBpMmhg => "mmHg",
            Self::CapillaryRefillS => "s",
            Self::GlucoseMmolL => "mmol/L",
            _ => "",
        }
    }
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A value an input holds: a number with the input's unit, a code, or a yes/no.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Number(f64),
    /// Borrowed from the rule data or the vocabulary when the code is one of theirs (every
    /// read of a record's complaint or grade), so reading a value allocates nothing.
    Code(Cow<'static, str>),
    Flag(bool),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(x) => write!(f, "{x}"),
            Self::Code(c) => f.write_str(c),
            Self::Flag(b) => write!(f, "{b}"),
        }
    }
}

/// Comparison operators, spelled in the data as in the source tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "==")]
    Eq,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Gt => ">",
            Self::Ge => ">=",
            Self::Eq => "==",
        }
    }

    pub(crate) fn holds(self, x: f64, threshold: f64) -> bool {
        match self {
            Self::Lt => x < threshold,
            Self::Le => x <= threshold,
            Self::Gt => x > threshold,
            Self::Ge => x >= threshold,
            // Thresholds in the data are exact decimals; an exact comparison is intended.
            Self::Eq => x == threshold,
        }
    }
}

/// A criterion as written in the rule data. The shape of each table tells which kind it is
/// (read by [`RawCondition`]: one pass over the table, where serde's untagged enums would copy
/// it and try each kind in turn, which made the rule data slow to load in the browser).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged, try_from = "RawCondition")]
pub enum Condition {
    /// `{ input = "spo2_percent", op = "<", value = 90 }`
    Compare(Compare),
    /// `{ input = "avpu", one_of = ["p", "u"] }`, or `{ input = "x", is = true }` for a flag.
    OneOf(OneOf),
    Is(Is),
    /// `{ finding = "mottled_skin" }`: the yes/no observation was recorded as present.
    Finding(FindingPresent),
    /// `{ observation = "stridor", one_of = ["at_rest"] }`, `{ observation, is = true }`,
    /// `{ observation = "anc_10e9_per_l", op = ">", value = 4.09 }`: an observation of the
    /// vocabulary (`data/observations.toml`), unknown while it is not answered.
    Observation(ObservationCond),
    /// `{ all = [ … ] }`
    All(All),
    /// `{ any = [ … ] }`
    Any(Any),
}

// The kinds of condition are written by their derived `Serialize` and read only through
// [`RawCondition`], the one place that knows a table's keys.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Compare {
    pub input: Input,
    pub op: Op,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OneOf {
    pub input: Input,
    /// Shared, so a condition copied into a what-if copies no list.
    pub one_of: Arc<[String]>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Is {
    pub input: Input,
    pub is: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingPresent {
    pub finding: Arc<str>,
    /// The vocabulary entry of `finding`, looked up on the first evaluation.
    #[serde(skip)]
    pub(crate) entry: VocabularyEntry,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservationCond {
    pub observation: Arc<str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Arc<[String]>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub op: Option<Op>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// What the criterion is while the observation is not answered: unknown by default (open
    /// world); `false` reads it as "recorded" — for a presentation a population names ("presents
    /// with stridor") or an exclusion list of signs seen, where a sign not recorded is not there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub if_unanswered: Option<bool>,
    /// The vocabulary entry of `observation`, looked up on the first evaluation.
    #[serde(skip)]
    pub(crate) entry: VocabularyEntry,
}

/// The vocabulary entry of an observation criterion, looked up by code on its first evaluation
/// and kept with the criterion: the lookup on every read was a fifth of an evaluation. A cache,
/// not part of what the criterion says, so any two are equal and none is written out.
#[derive(Clone, Default)]
pub struct VocabularyEntry(OnceLock<Option<&'static crate::vocabulary::ObservationDef>>);

impl VocabularyEntry {
    /// The entry of `code` (the criterion's own code, the only one it is asked for).
    pub fn of(&self, code: &str) -> Option<&'static crate::vocabulary::ObservationDef> {
        let def = *self.0.get_or_init(|| crate::vocabulary::observation(code));
        debug_assert!(
            def.is_none_or(|d| d.code == code),
            "entry kept for another code"
        );
        def
    }
}

impl Eq for VocabularyEntry {}

impl PartialEq for VocabularyEntry {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for VocabularyEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VocabularyEntry")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct All {
    pub all: Vec<Condition>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Any {
    pub any: Vec<Condition>,
}

/// Every key a condition table may have; [`Condition`] is read through it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    input: Option<Input>,
    op: Option<Op>,
    value: Option<f64>,
    one_of: Option<Arc<[String]>>,
    is: Option<bool>,
    finding: Option<Arc<str>>,
    /// `answer` is the spelling of the rule data before the one vocabulary.
    #[serde(alias = "answer")]
    observation: Option<Arc<str>>,
    if_unanswered: Option<bool>,
    all: Option<Vec<Condition>>,
    any: Option<Vec<Condition>>,
}

impl TryFrom<RawCondition> for Condition {
    type Error = String;

    /// The shapes of the data (see [`Condition`]'s variants); any other mix of keys is an error
    /// that names the keys.
    fn try_from(r: RawCondition) -> Result<Self, String> {
        let keys = [
            ("input", r.input.is_some()),
            ("op", r.op.is_some()),
            ("value", r.value.is_some()),
            ("one_of", r.one_of.is_some()),
            ("is", r.is.is_some()),
            ("finding", r.finding.is_some()),
            ("observation", r.observation.is_some()),
            ("if_unanswered", r.if_unanswered.is_some()),
            ("all", r.all.is_some()),
            ("any", r.any.is_some()),
        ];
        let given: Vec<&str> = keys.iter().filter(|k| k.1).map(|k| k.0).collect();
        let only = |allowed: &[&str]| given.iter().all(|k| allowed.contains(k));
        let c = match r {
            RawCondition {
                input: Some(input),
                op: Some(op),
                value: Some(value),
                ..
            } if only(&["input", "op", "value"]) => Self::Compare(Compare { input, op, value }),
            RawCondition {
                input: Some(input),
                one_of: Some(one_of),
                ..
            } if only(&["input", "one_of"]) => Self::OneOf(OneOf { input, one_of }),
            RawCondition {
                input: Some(input),
                is: Some(is),
                ..
            } if only(&["input", "is"]) => Self::Is(Is { input, is }),
            RawCondition {
                finding: Some(finding),
                ..
            } if only(&["finding"]) => Self::Finding(FindingPresent {
                finding,
                entry: VocabularyEntry::default(),
            }),
            RawCondition {
                observation: Some(observation),
                one_of,
                is,
                op,
                value,
                if_unanswered,
                ..
            } if only(&[
                "observation",
                "one_of",
                "is",
                "op",
                "value",
                "if_unanswered",
            ]) =>
            {
                Self::Observation(ObservationCond {
                    observation,
                    one_of,
                    is,
                    op,
                    value,
                    if_unanswered,
                    entry: VocabularyEntry::default(),
                })
            }
            RawCondition { all: Some(all), .. } if only(&["all"]) => Self::All(All { all }),
            RawCondition { any: Some(any), .. } if only(&["any"]) => Self::Any(Any { any }),
            _ => {
                return Err(format!(
                    "a condition is one of {{input, op, value}}, {{input, one_of}}, {{input, is}}, \
                     {{finding}}, {{observation, …}}, {{all}} or {{any}}; this one has {{{}}}",
                    given.join(", ")
                ));
            }
        };
        Ok(c)
    }
}

/// Three-valued truth: `Unknown` when an input the answer depends on was not measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Truth {
    True,
    False,
    Unknown,
}

impl Truth {
    /// Three-valued AND: false if any part is false, else unknown if any part is unknown.
    pub fn all(parts: impl IntoIterator<Item = Truth>) -> Truth {
        let mut result = Truth::True;
        for part in parts {
            match part {
                Truth::False => return Truth::False,
                Truth::Unknown => result = Truth::Unknown,
                Truth::True => {}
            }
        }
        result
    }

    /// Three-valued OR: true if any part is true, else unknown if any part is unknown.
    pub fn any(parts: impl IntoIterator<Item = Truth>) -> Truth {
        let mut result = Truth::False;
        for part in parts {
            match part {
                Truth::True => return Truth::True,
                Truth::Unknown => result = Truth::Unknown,
                Truth::False => {}
            }
        }
        result
    }
}

/// What the criteria can ask of a patient.
pub trait Facts {
    fn value(&self, input: Input) -> Option<Value>;
    /// Whether any value the input holds passes `hit`; `None` when it holds none. One value for
    /// most inputs, the main and further complaints for `complaint` (a `one_of` holds when any
    /// of them is listed).
    fn any_value(&self, input: Input, hit: &dyn Fn(&Value) -> bool) -> Option<bool> {
        self.value(input).map(|v| hit(&v))
    }
    /// An observation's value; `None` while it is not answered (a closed-world sign not ticked
    /// reads `Some(Flag(false))`, "not seen").
    fn observation(&self, code: &str) -> Option<Value>;
    /// An observation's value and whether it was answered, read for a criterion: `entry`, the
    /// vocabulary entry the criterion keeps, saves facts that need it a lookup by code.
    fn observation_read(&self, code: &str, entry: &VocabularyEntry) -> (Option<Value>, bool) {
        let _ = entry;
        (self.observation(code), self.answered(code))
    }
    /// Whether the observation was answered (not merely read as "not seen").
    fn answered(&self, code: &str) -> bool {
        let _ = code;
        false
    }
}

impl Condition {
    pub fn compare(input: Input, op: Op, value: f64) -> Self {
        Self::Compare(Compare { input, op, value })
    }

    pub fn all(items: Vec<Condition>) -> Self {
        Self::All(All { all: items })
    }

    /// Kleene logic: `all` is false as soon as one part is false, `any` true as soon as one is true.
    pub fn eval(&self, facts: &dyn Facts) -> Truth {
        match self {
            Self::Compare(c) => match facts.value(c.input) {
                None => Truth::Unknown,
                Some(Value::Number(x)) => truth(c.op.holds(x, c.value)),
                // A non-number under a numeric operator is a data error caught by the tests.
                Some(_) => Truth::False,
            },
            Self::OneOf(c) => facts
                .any_value(
                    c.input,
                    &|v| matches!(v, Value::Code(code) if c.one_of.iter().any(|x| x == code)),
                )
                .map_or(Truth::Unknown, truth),
            Self::Is(c) => match facts.value(c.input) {
                None => Truth::Unknown,
                Some(Value::Flag(b)) => truth(b == c.is),
                Some(_) => Truth::False,
            },
            Self::Finding(f) => match facts.observation_read(&f.finding, &f.entry).0 {
                None => Truth::Unknown,
                Some(Value::Flag(b)) => truth(b),
                Some(_) => Truth::False,
            },
            Self::Observation(c) => {
                match facts.observation_read(&c.observation, &c.entry).0 {
                    None => c.if_unanswered.map_or(Truth::Unknown, truth),
                    Some(v) => match (v, &c.one_of, c.is, c.op, c.value) {
                        (Value::Code(code), Some(list), _, _, _) => {
                            truth(list.iter().any(|x| *x == code))
                        }
                        (Value::Flag(b), None, Some(is), _, _) => truth(b == is),
                        (Value::Number(x), None, None, Some(op), Some(t)) => truth(op.holds(x, t)),
                        // A mismatch of kinds is a data error the tests catch.
                        _ => Truth::False,
                    },
                }
            }
            // Lazy iterators keep the short-circuit of the hand-written loops.
            Self::All(a) => Truth::all(a.all.iter().map(|part| part.eval(facts))),
            Self::Any(a) => Truth::any(a.any.iter().map(|part| part.eval(facts))),
        }
    }

    /// Inputs this criterion reads, in order of first appearance, without repeats.
    pub fn inputs(&self, out: &mut Vec<Input>) {
        match self {
            Self::Compare(Compare { input, .. })
            | Self::OneOf(OneOf { input, .. })
            | Self::Is(Is { input, .. }) => {
                if !out.contains(input) {
                    out.push(*input);
                }
            }
            Self::Finding(_) | Self::Observation(_) => {}
            Self::All(All { all: parts }) | Self::Any(Any { any: parts }) => {
                parts.iter().for_each(|p| p.inputs(out))
            }
        }
    }

    /// Observation codes this criterion reads, in order of first appearance, without repeats.
    pub fn observations<'a>(&'a self, out: &mut Vec<&'a str>) {
        self.observations_under(None, out)
    }

    /// The observation codes under the parts still open for `open_in` (all of them for `None`).
    fn observations_under<'a>(&'a self, open_in: Option<&dyn Facts>, out: &mut Vec<&'a str>) {
        if open_in.is_some_and(|f| self.eval(f) != Truth::Unknown) {
            return;
        }
        match self {
            Self::Finding(FindingPresent { finding: code, .. })
            | Self::Observation(ObservationCond {
                observation: code, ..
            }) if !out.contains(&&**code) => out.push(code),
            Self::All(All { all: parts }) | Self::Any(Any { any: parts }) => parts
                .iter()
                .for_each(|p| p.observations_under(open_in, out)),
            _ => {}
        }
    }

    /// Unmeasured inputs that keep the criterion open: those under its still-unknown parts only
    /// (an input under a part already decided by other values does not matter).
    pub fn open_inputs(&self, facts: &dyn Facts, out: &mut Vec<Input>) {
        if self.eval(facts) != Truth::Unknown {
            return;
        }
        match self {
            Self::Compare(Compare { input, .. })
            | Self::OneOf(OneOf { input, .. })
            | Self::Is(Is { input, .. }) => {
                if !out.contains(input) {
                    out.push(*input);
                }
            }
            Self::Finding(_) | Self::Observation(_) => {}
            Self::All(All { all: parts }) | Self::Any(Any { any: parts }) => {
                parts.iter().for_each(|p| p.open_inputs(facts, out))
            }
        }
    }

    /// Observations not answered that keep the criterion open (as [`Self::open_inputs`]).
    pub fn open_observations<'a>(&'a self, facts: &dyn Facts, out: &mut Vec<&'a str>) {
        self.observations_under(Some(facts), out)
    }

    /// The part of the criterion still open for this patient: what an unmeasured input would
    /// have to show for the criterion to hold. `None` when the criterion is already decided.
    pub fn residual(&self, facts: &dyn Facts) -> Option<String> {
        self.residual_condition(facts).map(|c| c.to_string())
    }

    /// [`Self::residual`] as a condition, so a view can render it in its own language.
    pub fn residual_condition(&self, facts: &dyn Facts) -> Option<Condition> {
        if self.eval(facts) != Truth::Unknown {
            return None;
        }
        let open = |parts: &[Condition]| -> Vec<Condition> {
            parts
                .iter()
                .filter_map(|p| p.residual_condition(facts))
                .collect()
        };
        match self {
            Self::All(a) => {
                let mut parts = open(&a.all);
                Some(if parts.len() == 1 {
                    parts.remove(0)
                } else {
                    Self::All(All { all: parts })
                })
            }
            Self::Any(a) => {
                let mut parts = open(&a.any);
                Some(if parts.len() == 1 {
                    parts.remove(0)
                } else {
                    Self::Any(Any { any: parts })
                })
            }
            leaf => Some(leaf.clone()),
        }
    }
}

fn truth(b: bool) -> Truth {
    if b { Truth::True } else { Truth::False }
}

fn join(parts: &[String], sep: &str) -> String {
    if parts.len() == 1 {
        parts[0].clone()
    } else {
        format!("({})", parts.join(sep))
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Compare(c) => write!(f, "{} {} {}", c.input, c.op.symbol(), c.value),
            Self::OneOf(c) if c.one_of.len() == 1 => write!(f, "{} = {}", c.input, c.one_of[0]),
            Self::OneOf(c) => write!(f, "{} in {{{}}}", c.input, c.one_of.join(", ")),
            Self::Is(c) => write!(f, "{} = {}", c.input, c.is),
            Self::Finding(x) => write!(f, "{}", x.finding),
            Self::Observation(c) => match (&c.one_of, c.is, c.op, c.value) {
                (Some(l), _, _, _) if l.len() == 1 => write!(f, "{} = {}", c.observation, l[0]),
                (Some(l), _, _, _) => write!(f, "{} in {{{}}}", c.observation, l.join(", ")),
                (None, Some(b), _, _) => write!(f, "{} = {b}", c.observation),
                (None, None, Some(op), Some(v)) => {
                    write!(f, "{} {} {v}", c.observation, op.symbol())
                }
                _ => write!(f, "{} (malformed)", c.observation),
            },
            Self::All(a) => {
                let parts: Vec<String> = a.all.iter().map(ToString::to_string).collect();
                f.write_str(&join(&parts, " and "))
            }
            Self::Any(a) => {
                let parts: Vec<String> = a.any.iter().map(ToString::to_string).collect();
                f.write_str(&join(&parts, " or "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct F(Vec<(Input, Value)>, Vec<&'static str>);
    impl Facts for F {
        fn value(&self, input: Input) -> Option<Value> {
            self.0
                .iter()
                .find(|(i, _)| *i == input)
                .map(|(_, v)| v.clone())
        }
        fn observation(&self, code: &str) -> Option<Value> {
            // Closed world, as the danger signs of the data: not listed = not seen.
            Some(Value::Flag(self.1.contains(&code)))
        }
    }

    fn parse(json: &str) -> Condition {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn each_shape_parses_to_its_kind() {
        assert!(matches!(
            parse(r#"{"input":"spo2_percent","op":"<","value":90}"#),
            Condition::Compare(_)
        ));
        assert!(matches!(
            parse(r#"{"input":"avpu","one_of":["p","u"]}"#),
            Condition::OneOf(_)
        ));
        assert!(matches!(
            parse(r#"{"input":"vital_signs_abnormal_for_age","is":true}"#),
            Condition::Is(_)
        ));
        assert!(matches!(
            parse(r#"{"finding":"cyanosis"}"#),
            Condition::Finding(_)
        ));
        assert!(matches!(
            parse(r#"{"all":[{"finding":"a"}]}"#),
            Condition::All(_)
        ));
        assert!(matches!(
            parse(r#"{"any":[{"finding":"a"}]}"#),
            Condition::Any(_)
        ));
        assert!(
            serde_json::from_str::<Condition>(
                r#"{"input":"spo2_percent","op":"<","value":90,"x":1}"#
            )
            .is_err()
        );
        assert!(
            serde_json::from_str::<Condition>(r#"{"input":"nonsense","op":"<","value":90}"#)
                .is_err()
        );
        // Observations in each of their shapes, and the spelling before the one vocabulary.
        for json in [
            r#"{"observation":"stridor"}"#,
            r#"{"observation":"stridor","one_of":["at_rest"]}"#,
            r#"{"observation":"stridor","is":true,"if_unanswered":false}"#,
            r#"{"observation":"anc_10e9_per_l","op":">","value":4.09}"#,
            r#"{"answer":"stridor","is":true}"#,
        ] {
            assert!(matches!(parse(json), Condition::Observation(_)), "{json}");
        }
        // A mix of two shapes is refused, and the message names the keys it found.
        for json in [
            r#"{"input":"gcs","op":"<","value":9,"is":true}"#,
            r#"{"input":"gcs","op":"<"}"#,
            r#"{"input":"gcs","observation":"stridor"}"#,
            r#"{"finding":"x","all":[]}"#,
            r#"{"all":[],"any":[]}"#,
            r#"{"if_unanswered":false}"#,
            r#"{}"#,
        ] {
            let e = serde_json::from_str::<Condition>(json)
                .unwrap_err()
                .to_string();
            assert!(e.contains("a condition is one of"), "{json}: {e}");
        }
        let e = serde_json::from_str::<Condition>(r#"{"input":"gcs","op":"<"}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("this one has {input, op}"), "{e}");
    }

    #[test]
    fn every_condition_of_the_rule_data_reads_back_as_written() {
        for rule in crate::triage::rules() {
            for c in rule.applies.iter().chain([&rule.when]) {
                let json = serde_json::to_string(c).unwrap();
                assert_eq!(&parse(&json), c, "{}: {json}", rule.id);
            }
        }
    }

    #[test]
    fn missing_inputs_make_criteria_unknown_not_false() {
        let c = parse(
            r#"{"all":[{"input":"age_months","op":"<","value":3},{"input":"temperature_c","op":">=","value":38}]}"#,
        );
        let young = F(vec![(Input::AgeMonths, Value::Number(1.0))], vec![]);
        assert_eq!(c.eval(&young), Truth::Unknown);
        assert_eq!(c.residual(&young).as_deref(), Some("temperature_c >= 38"));
        let mut open = Vec::new();
        c.open_inputs(&young, &mut open);
        assert_eq!(open, vec![Input::TemperatureC]);
        // An input under a part already decided does not keep the criterion open.
        let mixed = parse(
            r#"{"any":[{"all":[{"input":"gcs","op":"<=","value":9},{"finding":"x"}]},{"input":"spo2_percent","op":"<","value":90}]}"#,
        );
        let mut open = Vec::new();
        mixed.open_inputs(&F(vec![], vec![]), &mut open);
        assert_eq!(open, vec![Input::Spo2Percent]);
        let old = F(vec![(Input::AgeMonths, Value::Number(5.0))], vec![]);
        assert_eq!(c.eval(&old), Truth::False);
        assert_eq!(c.residual(&old), None);
        let any = parse(r#"{"any":[{"finding":"x"},{"input":"gcs","op":"<=","value":9}]}"#);
        assert_eq!(any.eval(&F(vec![], vec!["x"])), Truth::True);
        assert_eq!(any.eval(&F(vec![], vec![])), Truth::Unknown);
        assert_eq!(
            any.eval(&F(vec![(Input::Gcs, Value::Number(15.0))], vec![])),
            Truth::False
        );
    }

    #[test]
    fn operators_at_the_threshold() {
        let at = |op: Op, x: f64| {
            Condition::compare(Input::Gcs, op, 9.0)
                .eval(&F(vec![(Input::Gcs, Value::Number(x))], vec![]))
        };
        assert_eq!(at(Op::Lt, 9.0), Truth::False);
        assert_eq!(at(Op::Lt, 8.0), Truth::True);
        assert_eq!(at(Op::Le, 9.0), Truth::True);
        assert_eq!(at(Op::Le, 10.0), Truth::False);
        assert_eq!(at(Op::Gt, 9.0), Truth::False);
        assert_eq!(at(Op::Gt, 10.0), Truth::True);
        assert_eq!(at(Op::Ge, 9.0), Truth::True);
        assert_eq!(at(Op::Ge, 8.0), Truth::False);
        assert_eq!(at(Op::Eq, 9.0), Truth::True);
    }
}
