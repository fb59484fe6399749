//! Clinical scores (PRAM, Westley, PAS …) and decision rules (NICE traffic light, PECARN …)
//! computed from the same record as the triage level, each with every item, the value read and
//! the points given (REFERENCE.md §4–§8).
//!
//! Definitions are data: `data/scores/*.toml` and `data/decision_rules/*.toml`, with the score
//! items' typed answers in `data/scores/answers.toml`. Nothing clinical is decided here.
//!
//! An item reads measured inputs, findings and typed answers. An answer not given leaves its
//! item *missing*: the result then lists the range of totals still possible instead of a total
//! that pretends the item scored zero. (Findings keep their meaning: not listed = not observed.)

use crate::content::{self, Evidence, SourceRef};
use crate::criteria::{Condition, Facts, Op, Truth, Value};
use crate::error::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

pub(crate) const SCORE_PREFIX: &str = "scores/";
pub(crate) const ANSWERS: &str = "scores/answers";
pub(crate) const DECISION_RULE_PREFIX: &str = "decision_rules/";

// ---------------------------------------------------------------------------------------------
// Answers: typed item answers a form records (`"answers": {"stridor": "at_rest"}`)

/// One answer as entered: a code, a yes/no, or a number (in the unit of its definition).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Flag(bool),
    Number(f64),
    Code(String),
}

impl Answer {
    pub(crate) fn value(&self) -> Value {
        match self {
            Self::Flag(b) => Value::Flag(*b),
            Self::Number(x) => Value::Number(*x),
            Self::Code(c) => Value::Code(c.clone()),
        }
    }
}

/// Kind of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    /// One of `options`.
    Choice,
    /// `true` / `false`.
    YesNo,
    /// A number between `min` and `max`, in `unit`.
    Number,
}

/// One option of a choice answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    pub code: String,
    pub en: String,
    pub fr: String,
}

/// A typed answer a score or decision rule item reads (`data/scores/answers.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerDef {
    pub id: String,
    pub en: String,
    pub fr: String,
    pub kind: AnswerKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<AnswerOption>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(default)]
    pub unit: String,
    /// For numbers: a lower value is the more severe one (GCS components). Choice options are
    /// listed from least to most severe, and `true` is the more severe yes/no answer.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub worse_when_lower: bool,
    /// For numbers: only whole numbers (GCS and FLACC components).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub whole_number: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerFile {
    #[allow(dead_code)]
    note: String,
    answers: Vec<AnswerDef>,
}

/// Every answer a score or decision rule may read.
pub fn answer_defs() -> &'static [AnswerDef] {
    static DEFS: OnceLock<Vec<AnswerDef>> = OnceLock::new();
    DEFS.get_or_init(|| content::load::<AnswerFile>(ANSWERS).answers)
}

/// The definition of one answer id.
pub fn answer_def(id: &str) -> Option<&'static AnswerDef> {
    answer_defs().iter().find(|a| a.id == id)
}

/// Checks one answer against its definition. `Err` holds the reason (for the validation error).
pub(crate) fn check_answer(id: &str, a: &Answer) -> Result<(), AnswerProblem> {
    let Some(def) = answer_def(id) else {
        return Err(AnswerProblem::Unknown);
    };
    match (def.kind, a) {
        (AnswerKind::YesNo, Answer::Flag(_)) => Ok(()),
        (AnswerKind::Choice, Answer::Code(c)) if def.options.iter().any(|o| &o.code == c) => Ok(()),
        (AnswerKind::Number, Answer::Number(x)) if !x.is_finite() => Err(AnswerProblem::NotANumber),
        (AnswerKind::Number, Answer::Number(x)) => {
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

// ---------------------------------------------------------------------------------------------
// Item criteria: the criterion language of the triage rules, plus typed answers

/// A criterion of a score item or decision rule feature: the triage criterion language
/// (`input`, `finding`, `all`, `any`) plus `{ answer, one_of }`, `{ answer, is }` and
/// `{ answer, op, value }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Cond {
    Answer(AnswerCond),
    All(CondAll),
    Any(CondAny),
    Base(Condition),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerCond {
    pub answer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op: Option<Op>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CondAll {
    pub all: Vec<Cond>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CondAny {
    pub any: Vec<Cond>,
}

/// What an item can read: the triage facts and the typed answers.
pub(crate) struct ItemFacts<'a> {
    pub facts: &'a dyn Facts,
    pub answers: &'a BTreeMap<String, Answer>,
}

impl ItemFacts<'_> {
    fn answer(&self, id: &str) -> Option<&Answer> {
        self.answers.get(id)
    }
}

fn truth(b: bool) -> Truth {
    if b { Truth::True } else { Truth::False }
}

impl Cond {
    pub(crate) fn eval(&self, f: &ItemFacts<'_>) -> Truth {
        match self {
            Self::Base(c) => c.eval(f.facts),
            Self::Answer(a) => match f.answer(&a.answer) {
                None => Truth::Unknown,
                Some(ans) => match (ans, &a.one_of, a.is, a.op, a.value) {
                    (Answer::Code(c), Some(list), _, _, _) => truth(list.contains(c)),
                    (Answer::Flag(b), None, Some(is), _, _) => truth(*b == is),
                    (Answer::Number(x), None, None, Some(op), Some(v)) => truth(op.holds(*x, v)),
                    // A mismatch of kinds is a data error the tests catch.
                    _ => Truth::False,
                },
            },
            Self::All(a) => Truth::all(a.all.iter().map(|p| p.eval(f))),
            Self::Any(a) => Truth::any(a.any.iter().map(|p| p.eval(f))),
        }
    }

    /// Everything this criterion reads, in order, without repeats.
    pub(crate) fn reads(&self, out: &mut Vec<ReadKey>) {
        let mut push = |k: ReadKey| {
            if !out.contains(&k) {
                out.push(k);
            }
        };
        match self {
            Self::Answer(a) => push(ReadKey::Answer(a.answer.clone())),
            Self::All(CondAll { all: parts }) | Self::Any(CondAny { any: parts }) => {
                parts.iter().for_each(|p| p.reads(out))
            }
            Self::Base(c) => {
                let mut inputs = Vec::new();
                c.inputs(&mut inputs);
                for i in inputs {
                    push(ReadKey::Input(i));
                }
                let mut findings = Vec::new();
                c.findings(&mut findings);
                for x in findings {
                    push(ReadKey::Finding(x.to_string()));
                }
            }
        }
    }
}

impl fmt::Display for Cond {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let join = |parts: &[Cond], sep: &str| -> String {
            let s: Vec<String> = parts.iter().map(ToString::to_string).collect();
            if s.len() == 1 {
                s[0].clone()
            } else {
                format!("({})", s.join(sep))
            }
        };
        match self {
            Self::Base(c) => write!(f, "{c}"),
            Self::All(a) => f.write_str(&join(&a.all, " and ")),
            Self::Any(a) => f.write_str(&join(&a.any, " or ")),
            Self::Answer(a) => match (&a.one_of, a.is, a.op, a.value) {
                (Some(l), _, _, _) if l.len() == 1 => write!(f, "{} = {}", a.answer, l[0]),
                (Some(l), _, _, _) => write!(f, "{} in {{{}}}", a.answer, l.join(", ")),
                (None, Some(b), _, _) => write!(f, "{} = {b}", a.answer),
                (None, None, Some(op), Some(v)) => write!(f, "{} {} {v}", a.answer, op.symbol()),
                _ => write!(f, "{} (malformed)", a.answer),
            },
        }
    }
}

/// What an item read: an input, a finding or an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReadKey {
    Input(crate::criteria::Input),
    Finding(String),
    Answer(String),
}

/// One value an item read, as it was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemRead {
    /// `input`, `finding` or `answer`.
    pub kind: &'static str,
    /// The input name, finding code or answer id.
    pub name: String,
    /// `None`: not entered (a finding is always read: present or not observed).
    pub value: Option<Value>,
    pub unit: String,
}

fn read_value(key: &ReadKey, f: &ItemFacts<'_>) -> ItemRead {
    match key {
        ReadKey::Input(i) => ItemRead {
            kind: "input",
            name: i.name().to_string(),
            value: f.facts.value(*i),
            unit: i.unit().to_string(),
        },
        ReadKey::Finding(code) => ItemRead {
            kind: "finding",
            name: code.clone(),
            value: Some(Value::Flag(f.facts.has_finding(code))),
            unit: String::new(),
        },
        ReadKey::Answer(id) => ItemRead {
            kind: "answer",
            name: id.clone(),
            value: f.answer(id).map(Answer::value),
            unit: answer_def(id).map(|d| d.unit.clone()).unwrap_or_default(),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Score definitions

/// Points an item gives when its criterion holds. Bands are listed most points first; the first
/// that holds gives the item's points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointBand {
    pub points: i32,
    pub when: Cond,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fr: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemDef {
    pub id: String,
    pub en: String,
    pub fr: String,
    pub points: Vec<PointBand>,
    /// Points when no band holds and nothing is unknown (absent: 0).
    #[serde(default)]
    pub otherwise: Option<i32>,
    /// The bands cover every answer (e.g. a GCS component 1–4): `otherwise` is never reached,
    /// so it does not widen the range of a missing item.
    #[serde(default)]
    pub exhaustive: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An interpretation band of a score's total (both ends included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreBand {
    pub id: String,
    pub min: i32,
    pub max: i32,
    pub en: String,
    pub fr: String,
}

/// A link from a score to the triage level: when every total still possible lies in
/// `[total_at_least, total_at_most]`, the score gives `level` (shown in the trace).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriageLink {
    pub id: String,
    pub level: u8,
    #[serde(default)]
    pub total_at_least: Option<i32>,
    #[serde(default)]
    pub total_at_most: Option<i32>,
    pub en: String,
    pub fr: String,
    pub evidence: Evidence,
    pub note: String,
}

/// When a score or decision rule is shown: `applies` (e.g. the age range) must not be false;
/// and, when `complaints` or `also_when` is given, the complaint is one of them, `also_when`
/// holds, or one of its own answers was given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreDef {
    pub id: String,
    pub version: u32,
    pub en: String,
    pub fr: String,
    pub source: String,
    pub reference_section: String,
    pub evidence: Evidence,
    #[serde(default)]
    pub applies: Option<Cond>,
    #[serde(default)]
    pub complaints: Vec<String>,
    #[serde(default)]
    pub also_when: Option<Cond>,
    pub items: Vec<ItemDef>,
    pub bands: Vec<ScoreBand>,
    /// Where the bands come from, when not the score's own source.
    #[serde(default)]
    pub bands_source: Option<String>,
    /// Other published versions (bands, thresholds) not implemented (REFERENCE §9).
    #[serde(default)]
    pub alternatives: Vec<String>,
    #[serde(default)]
    pub triage_links: Vec<TriageLink>,
    /// False when a higher total is the better state (GCS).
    #[serde(default = "yes")]
    pub higher_is_worse: bool,
    /// The total is a GCS: map it to AVPU with `data/scales/avpu_gcs_crosswalk.toml` (the
    /// crosswalk the triage rules use, REFERENCE §6.6).
    #[serde(default)]
    pub avpu_crosswalk: bool,
    #[serde(default)]
    pub note: Option<String>,
}

fn yes() -> bool {
    true
}

/// A feature of a decision rule group (e.g. "grunting" in the NICE red column).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureDef {
    pub id: String,
    pub en: String,
    pub fr: String,
    pub when: Cond,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An outcome of a decision rule; groups are listed most serious first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupDef {
    pub id: String,
    pub en: String,
    pub fr: String,
    pub recommendation_en: String,
    pub recommendation_fr: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<String>,
    /// Any of these present gives this outcome (unless a more serious group's feature is).
    #[serde(default)]
    pub features: Vec<FeatureDef>,
}

/// A decision rule: the first group with a feature present is the outcome; when none is, the
/// `otherwise` outcome (e.g. NICE green, PECARN very low risk).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionRuleDef {
    pub id: String,
    pub version: u32,
    pub en: String,
    pub fr: String,
    pub source: String,
    pub reference_section: String,
    pub evidence: Evidence,
    #[serde(default)]
    pub applies: Option<Cond>,
    #[serde(default)]
    pub complaints: Vec<String>,
    #[serde(default)]
    pub also_when: Option<Cond>,
    pub groups: Vec<GroupDef>,
    pub otherwise: GroupDef,
    #[serde(default)]
    pub alternatives: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

pub(crate) struct Definitions {
    pub scores: Vec<ScoreDef>,
    pub decision_rules: Vec<DecisionRuleDef>,
}

fn load_definitions() -> Definitions {
    let raw = content::raw();
    let scores = raw
        .keys()
        .filter(|k| k.starts_with(SCORE_PREFIX) && k.as_str() != ANSWERS)
        .map(|k| content::load::<ScoreDef>(k))
        .collect();
    let decision_rules = raw
        .keys()
        .filter(|k| k.starts_with(DECISION_RULE_PREFIX))
        .map(|k| content::load::<DecisionRuleDef>(k))
        .collect();
    Definitions {
        scores,
        decision_rules,
    }
}

pub(crate) fn definitions() -> &'static Definitions {
    static DEFS: OnceLock<Definitions> = OnceLock::new();
    DEFS.get_or_init(load_definitions)
}

/// Every score definition.
pub fn score_defs() -> &'static [ScoreDef] {
    &definitions().scores
}

/// Every decision rule definition.
pub fn decision_rule_defs() -> &'static [DecisionRuleDef] {
    &definitions().decision_rules
}

impl ItemDef {
    fn fallback(&self) -> Option<i32> {
        (!self.exhaustive).then_some(self.otherwise.unwrap_or(0))
    }

    fn point_range(&self) -> (i32, i32) {
        let pts = self.points.iter().map(|b| b.points).chain(self.fallback());
        let lo = pts.clone().min().unwrap_or(0);
        let hi = pts.max().unwrap_or(0);
        (lo, hi)
    }
}

impl ScoreDef {
    /// Lowest and highest total the score can take.
    pub fn range(&self) -> (i32, i32) {
        self.items.iter().fold((0, 0), |(lo, hi), i| {
            let (a, b) = i.point_range();
            (lo + a, hi + b)
        })
    }

    fn source_ref(&self) -> SourceRef {
        SourceRef {
            id: self.id.clone(),
            version: self.version,
            source: self.source.clone(),
            reference_section: self.reference_section.clone(),
            evidence: self.evidence,
        }
    }
}

impl DecisionRuleDef {
    fn source_ref(&self) -> SourceRef {
        SourceRef {
            id: self.id.clone(),
            version: self.version,
            source: self.source.clone(),
            reference_section: self.reference_section.clone(),
            evidence: self.evidence,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Results

/// One item of a score as scored for this patient.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreItemResult {
    pub item: String,
    pub en: String,
    pub fr: String,
    /// Every value the item read.
    pub read: Vec<ItemRead>,
    /// Points given; `None` while the item is missing.
    pub points: Option<i32>,
    /// Not (fully) answered: `min_points`–`max_points` are the points still possible.
    pub missing: bool,
    pub min_points: i32,
    pub max_points: i32,
    /// Wording of the band that gave the points, when the data names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band_en: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band_fr: Option<String>,
}

/// A score computed from the record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreResult {
    pub id: String,
    pub version: u32,
    pub en: String,
    pub fr: String,
    pub items: Vec<ScoreItemResult>,
    /// Sum of the points of the items answered.
    pub total: i32,
    /// Range of totals still possible once the missing items are answered.
    pub min_possible: i32,
    pub max_possible: i32,
    /// Every item answered.
    pub complete: bool,
    /// Interpretation band, when every total still possible lies in one band.
    pub band: Option<ScoreBand>,
    /// Bands still possible (one when `band` is known).
    pub possible_bands: Vec<String>,
    /// Source of the bands (the score's own source when absent).
    pub bands_source: Option<String>,
    pub source: SourceRef,
    pub alternatives: Vec<String>,
    pub note: Option<String>,
    /// For a GCS: the AVPU level(s) the total still possible maps to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avpu: Option<AvpuMapping>,
}

/// AVPU read from a GCS total (REFERENCE §6.6).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AvpuMapping {
    /// `a`, `v`, `p` or `u`, when every total still possible maps to one level.
    pub avpu: Option<String>,
    pub possible: Vec<String>,
    pub source: SourceRef,
}

#[derive(Debug, Deserialize)]
struct CrosswalkBand {
    avpu: String,
    gcs_min: i32,
    gcs_max: i32,
}

#[derive(Debug, Deserialize)]
struct Crosswalk {
    id: String,
    version: u32,
    source: String,
    reference_section: String,
    evidence: Evidence,
    bands: Vec<CrosswalkBand>,
}

fn crosswalk() -> &'static Crosswalk {
    static C: OnceLock<Crosswalk> = OnceLock::new();
    C.get_or_init(|| content::load("scales/avpu_gcs_crosswalk"))
}

fn avpu_of(lo: i32, hi: i32) -> AvpuMapping {
    let c = crosswalk();
    let possible: Vec<String> = c
        .bands
        .iter()
        .filter(|b| b.gcs_max >= lo && b.gcs_min <= hi)
        .map(|b| b.avpu.clone())
        .collect();
    AvpuMapping {
        avpu: (possible.len() == 1).then(|| possible[0].clone()),
        possible,
        source: SourceRef {
            id: c.id.clone(),
            version: c.version,
            source: c.source.clone(),
            reference_section: c.reference_section.clone(),
            evidence: c.evidence,
        },
    }
}

/// One feature of a decision rule as read for this patient.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureResult {
    pub feature: String,
    /// Outcome group the feature belongs to.
    pub group: String,
    pub en: String,
    pub fr: String,
    pub read: Vec<ItemRead>,
    /// `None`: not answered.
    pub present: Option<bool>,
    pub missing: bool,
    pub criterion: String,
}

/// An outcome of a decision rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionOutcome {
    pub id: String,
    pub en: String,
    pub fr: String,
    pub recommendation_en: String,
    pub recommendation_fr: String,
    pub risk: Option<String>,
}

/// A decision rule applied to the record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionRuleResult {
    pub id: String,
    pub version: u32,
    pub en: String,
    pub fr: String,
    pub features: Vec<FeatureResult>,
    /// The outcome, when no missing answer could change it.
    pub outcome: Option<DecisionOutcome>,
    /// The outcome on what is known (missing features taken as absent).
    pub provisional: DecisionOutcome,
    /// Outcomes still possible, most serious first.
    pub possible_outcomes: Vec<String>,
    pub source: SourceRef,
    pub alternatives: Vec<String>,
    pub note: Option<String>,
}

/// A score or decision rule not shown for this patient, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotApplicable {
    pub id: String,
    /// `score` or `decision_rule`.
    pub kind: &'static str,
    pub reason: String,
}

impl ScoreResult {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

fn score_item(item: &ItemDef, f: &ItemFacts<'_>) -> ScoreItemResult {
    let mut keys = Vec::new();
    for b in &item.points {
        b.when.reads(&mut keys);
    }
    let read = keys.iter().map(|k| read_value(k, f)).collect();
    let mut unknown: Vec<i32> = Vec::new();
    let mut fired: Option<&PointBand> = None;
    for band in &item.points {
        match band.when.eval(f) {
            Truth::True => {
                fired = Some(band);
                break;
            }
            Truth::Unknown => unknown.push(band.points),
            Truth::False => {}
        }
    }
    let (points, lo, hi, band) = match (fired, unknown.is_empty()) {
        (Some(b), true) => (Some(b.points), b.points, b.points, Some(b)),
        (None, true) => {
            let p = item.otherwise.unwrap_or(0);
            (Some(p), p, p, None)
        }
        (Some(b), false) => {
            let hi = unknown.iter().copied().fold(b.points, i32::max);
            let lo = unknown.iter().copied().fold(b.points, i32::min);
            (None, lo, hi, None)
        }
        (None, false) => {
            let mut all = unknown.clone();
            all.extend(item.fallback());
            let lo = all.iter().copied().min().unwrap_or(0);
            let hi = all.iter().copied().max().unwrap_or(0);
            (None, lo, hi, None)
        }
    };
    ScoreItemResult {
        item: item.id.clone(),
        en: item.en.clone(),
        fr: item.fr.clone(),
        read,
        missing: points.is_none(),
        points,
        min_points: lo,
        max_points: hi,
        band_en: band.and_then(|b| b.en.clone()),
        band_fr: band.and_then(|b| b.fr.clone()),
    }
}

fn compute_score(def: &ScoreDef, f: &ItemFacts<'_>) -> ScoreResult {
    let items: Vec<ScoreItemResult> = def.items.iter().map(|i| score_item(i, f)).collect();
    let total = items.iter().filter_map(|i| i.points).sum();
    let min_possible = items.iter().map(|i| i.min_points).sum();
    let max_possible = items.iter().map(|i| i.max_points).sum();
    let possible: Vec<&ScoreBand> = def
        .bands
        .iter()
        .filter(|b| b.max >= min_possible && b.min <= max_possible)
        .collect();
    let band = match possible.as_slice() {
        [only] => Some((*only).clone()),
        _ => None,
    };
    ScoreResult {
        id: def.id.clone(),
        version: def.version,
        en: def.en.clone(),
        fr: def.fr.clone(),
        complete: items.iter().all(|i| !i.missing),
        items,
        total,
        min_possible,
        max_possible,
        band,
        possible_bands: possible.iter().map(|b| b.id.clone()).collect(),
        bands_source: def.bands_source.clone(),
        source: def.source_ref(),
        alternatives: def.alternatives.clone(),
        note: def.note.clone(),
        avpu: def
            .avpu_crosswalk
            .then(|| avpu_of(min_possible, max_possible)),
    }
}

fn outcome_of(g: &GroupDef) -> DecisionOutcome {
    DecisionOutcome {
        id: g.id.clone(),
        en: g.en.clone(),
        fr: g.fr.clone(),
        recommendation_en: g.recommendation_en.clone(),
        recommendation_fr: g.recommendation_fr.clone(),
        risk: g.risk.clone(),
    }
}

fn compute_rule(def: &DecisionRuleDef, f: &ItemFacts<'_>) -> DecisionRuleResult {
    let mut features = Vec::new();
    let mut provisional: Option<&GroupDef> = None;
    let mut possible: Vec<String> = Vec::new();
    for g in def.groups.iter().chain(std::iter::once(&def.otherwise)) {
        let mut any_true = false;
        let mut any_unknown = false;
        for feat in &g.features {
            let t = feat.when.eval(f);
            any_true |= t == Truth::True;
            any_unknown |= t == Truth::Unknown;
            let mut keys = Vec::new();
            feat.when.reads(&mut keys);
            features.push(FeatureResult {
                feature: feat.id.clone(),
                group: g.id.clone(),
                en: feat.en.clone(),
                fr: feat.fr.clone(),
                read: keys.iter().map(|k| read_value(k, f)).collect(),
                present: match t {
                    Truth::True => Some(true),
                    Truth::False => Some(false),
                    Truth::Unknown => None,
                },
                missing: t == Truth::Unknown,
                criterion: feat.when.to_string(),
            });
        }
        let is_otherwise = std::ptr::eq(g, &def.otherwise);
        if provisional.is_none() {
            if any_true || is_otherwise {
                provisional = Some(g);
                possible.push(g.id.clone());
            } else if any_unknown {
                possible.push(g.id.clone());
            }
        }
    }
    let provisional = provisional.unwrap_or(&def.otherwise);
    DecisionRuleResult {
        id: def.id.clone(),
        version: def.version,
        en: def.en.clone(),
        fr: def.fr.clone(),
        features,
        outcome: (possible.len() == 1).then(|| outcome_of(provisional)),
        provisional: outcome_of(provisional),
        possible_outcomes: possible,
        source: def.source_ref(),
        alternatives: def.alternatives.clone(),
        note: def.note.clone(),
    }
}

/// Whether a score or rule is shown; `Err` holds the reason it is not.
fn listed(
    applies: Option<&Cond>,
    complaints: &[String],
    also_when: Option<&Cond>,
    reads_answers: &[String],
    complaint: Option<&str>,
    f: &ItemFacts<'_>,
) -> Result<(), String> {
    if let Some(a) = applies
        && a.eval(f) == Truth::False
    {
        return Err(format!("outside its population: requires {a}"));
    }
    if complaints.is_empty() && also_when.is_none() {
        return Ok(());
    }
    if complaint.is_some_and(|c| complaints.iter().any(|x| x == c)) {
        return Ok(());
    }
    if also_when.is_some_and(|c| c.eval(f) == Truth::True) {
        return Ok(());
    }
    if reads_answers.iter().any(|a| f.answers.contains_key(a)) {
        return Ok(());
    }
    let mut why = Vec::new();
    if !complaints.is_empty() {
        why.push(format!("complaint not in {{{}}}", complaints.join(", ")));
    }
    if let Some(c) = also_when {
        why.push(format!("{c} does not hold"));
    }
    why.push("none of its answers given".to_string());
    Err(why.join("; "))
}

fn answers_read<'a>(conds: impl Iterator<Item = &'a Cond>) -> Vec<String> {
    let mut keys = Vec::new();
    for c in conds {
        c.reads(&mut keys);
    }
    keys.into_iter()
        .filter_map(|k| match k {
            ReadKey::Answer(a) => Some(a),
            _ => None,
        })
        .collect()
}

pub(crate) struct Computed {
    pub scores: Vec<ScoreResult>,
    pub decision_rules: Vec<DecisionRuleResult>,
    pub not_applicable: Vec<NotApplicable>,
}

pub(crate) fn compute(f: &ItemFacts<'_>, complaint: Option<&str>) -> Computed {
    let defs = definitions();
    let mut out = Computed {
        scores: Vec::new(),
        decision_rules: Vec::new(),
        not_applicable: Vec::new(),
    };
    for d in &defs.scores {
        let answers = answers_read(
            d.items
                .iter()
                .flat_map(|i| i.points.iter().map(|b| &b.when)),
        );
        match listed(
            d.applies.as_ref(),
            &d.complaints,
            d.also_when.as_ref(),
            &answers,
            complaint,
            f,
        ) {
            Ok(()) => out.scores.push(compute_score(d, f)),
            Err(reason) => out.not_applicable.push(NotApplicable {
                id: d.id.clone(),
                kind: "score",
                reason,
            }),
        }
    }
    for d in &defs.decision_rules {
        let answers = answers_read(
            d.groups
                .iter()
                .chain(std::iter::once(&d.otherwise))
                .flat_map(|g| g.features.iter().map(|x| &x.when)),
        );
        match listed(
            d.applies.as_ref(),
            &d.complaints,
            d.also_when.as_ref(),
            &answers,
            complaint,
            f,
        ) {
            Ok(()) => out.decision_rules.push(compute_rule(d, f)),
            Err(reason) => out.not_applicable.push(NotApplicable {
                id: d.id.clone(),
                kind: "decision_rule",
                reason,
            }),
        }
    }
    out
}

/// Whether a link fires on a score's range of possible totals.
pub(crate) fn link_fires(link: &TriageLink, s: &ScoreResult) -> bool {
    link.total_at_least.is_none_or(|lo| s.min_possible >= lo)
        && link.total_at_most.is_none_or(|hi| s.max_possible <= hi)
}

/// Whether a link could still fire once the missing items are answered.
pub(crate) fn link_possible(link: &TriageLink, s: &ScoreResult) -> bool {
    link.total_at_least.is_none_or(|lo| s.max_possible >= lo)
        && link.total_at_most.is_none_or(|hi| s.min_possible <= hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;
    use std::collections::HashSet;

    fn walk<'a>(c: &'a Cond, answers: &mut Vec<&'a AnswerCond>, base: &mut Vec<&'a Condition>) {
        match c {
            Cond::Answer(a) => answers.push(a),
            Cond::Base(b) => base.push(b),
            Cond::All(CondAll { all: parts }) | Cond::Any(CondAny { any: parts }) => {
                parts.iter().for_each(|p| walk(p, answers, base))
            }
        }
    }

    /// Every criterion of every score and rule, with where it is.
    fn all_conditions() -> Vec<(String, &'static Cond)> {
        let mut out = Vec::new();
        for s in score_defs() {
            out.extend(s.applies.iter().map(|c| (s.id.clone(), c)));
            out.extend(s.also_when.iter().map(|c| (s.id.clone(), c)));
            for i in &s.items {
                for b in &i.points {
                    out.push((format!("{}.{}", s.id, i.id), &b.when));
                }
            }
        }
        for r in decision_rule_defs() {
            out.extend(r.applies.iter().map(|c| (r.id.clone(), c)));
            out.extend(r.also_when.iter().map(|c| (r.id.clone(), c)));
            for g in r.groups.iter().chain(std::iter::once(&r.otherwise)) {
                for f in &g.features {
                    out.push((format!("{}.{}", r.id, f.id), &f.when));
                }
            }
        }
        out
    }

    #[test]
    fn every_answer_read_exists_with_the_right_kind_and_codes() {
        let mut used = HashSet::new();
        for (at, c) in all_conditions() {
            let (mut answers, mut base) = (Vec::new(), Vec::new());
            walk(c, &mut answers, &mut base);
            for a in answers {
                used.insert(a.answer.as_str());
                let def = answer_def(&a.answer)
                    .unwrap_or_else(|| panic!("{at}: unknown answer {}", a.answer));
                match (def.kind, &a.one_of, a.is, a.op, a.value) {
                    (AnswerKind::Choice, Some(list), None, None, None) => {
                        assert!(!list.is_empty(), "{at}");
                        for code in list {
                            assert!(
                                def.options.iter().any(|o| &o.code == code),
                                "{at}: {} has no option {code}",
                                a.answer
                            );
                        }
                    }
                    (AnswerKind::YesNo, None, Some(_), None, None) => {}
                    (AnswerKind::Number, None, None, Some(_), Some(v)) => {
                        let (lo, hi) = (def.min.unwrap_or(f64::MIN), def.max.unwrap_or(f64::MAX));
                        assert!((lo..=hi).contains(&v), "{at}: {v} outside {lo}–{hi}");
                    }
                    _ => panic!("{at}: criterion on {} does not match its kind", a.answer),
                }
            }
            for b in base {
                let mut findings = Vec::new();
                b.findings(&mut findings);
                for f in findings {
                    assert!(catalog::finding(f).is_some(), "{at}: unknown finding {f}");
                }
            }
        }
        // Triage rules may read answers too (`{ answer = … }`, criteria.rs).
        let by_rules: Vec<String> = crate::rules()
            .iter()
            .flat_map(|r| r.answers().into_iter().map(str::to_string))
            .collect();
        used.extend(by_rules.iter().map(String::as_str));
        for def in answer_defs() {
            // The only exception: an observation recorded without any rule, whose note says why.
            let unread_with_reason = def
                .note
                .as_deref()
                .is_some_and(|n| n.starts_with("Read by no rule: "));
            assert!(
                used.contains(def.id.as_str()) != unread_with_reason,
                "answer {} is read by nothing (or is read but its note says it is not)",
                def.id
            );
            assert!(!def.en.is_empty() && !def.fr.is_empty(), "{}", def.id);
            match def.kind {
                AnswerKind::Choice => {
                    assert!(def.options.len() >= 2, "{}", def.id);
                    let codes: HashSet<_> = def.options.iter().map(|o| &o.code).collect();
                    assert_eq!(
                        codes.len(),
                        def.options.len(),
                        "{}: duplicate option",
                        def.id
                    );
                }
                AnswerKind::Number => {
                    assert!(
                        def.min.is_some_and(|lo| def.max.is_some_and(|hi| lo < hi)),
                        "{}",
                        def.id
                    )
                }
                AnswerKind::YesNo => assert!(def.options.is_empty(), "{}", def.id),
            }
            assert!(
                !def.worse_when_lower || def.kind == AnswerKind::Number,
                "{}",
                def.id
            );
        }
        let ids: HashSet<_> = answer_defs().iter().map(|a| &a.id).collect();
        assert_eq!(ids.len(), answer_defs().len(), "duplicate answer id");
    }

    #[test]
    fn every_score_is_cited_with_bands_covering_its_range() {
        let mut ids = HashSet::new();
        for s in score_defs() {
            assert!(ids.insert(s.id.as_str()), "duplicate id {}", s.id);
            assert!(
                s.version >= 1 && !s.en.is_empty() && !s.fr.is_empty(),
                "{}",
                s.id
            );
            assert!(!s.source.is_empty(), "{}", s.id);
            assert!(
                s.reference_section.starts_with("REFERENCE.md §")
                    || s.evidence == Evidence::Unverified,
                "{}: a score outside REFERENCE must be UNVERIFIED",
                s.id
            );
            for c in &s.complaints {
                assert!(catalog::complaint(c).is_some(), "{}: complaint {c}", s.id);
            }
            let mut item_ids = HashSet::new();
            for i in &s.items {
                assert!(item_ids.insert(&i.id), "{}: duplicate item {}", s.id, i.id);
                assert!(!i.points.is_empty() && !i.en.is_empty() && !i.fr.is_empty());
                assert!(
                    i.points.windows(2).all(|w| w[0].points >= w[1].points),
                    "{}.{}: point bands must be listed most points first",
                    s.id,
                    i.id
                );
            }
            let (lo, hi) = s.range();
            assert!(!s.bands.is_empty(), "{}", s.id);
            assert_eq!(
                s.bands[0].min, lo,
                "{}: first band starts at the minimum",
                s.id
            );
            assert_eq!(
                s.bands.last().map(|b| b.max),
                Some(hi),
                "{}: last band ends at the maximum",
                s.id
            );
            for w in s.bands.windows(2) {
                assert_eq!(
                    w[1].min,
                    w[0].max + 1,
                    "{}: bands {} and {} not contiguous",
                    s.id,
                    w[0].id,
                    w[1].id
                );
            }
            for b in &s.bands {
                assert!(
                    b.min <= b.max && !b.en.is_empty() && !b.fr.is_empty(),
                    "{}.{}",
                    s.id,
                    b.id
                );
            }
            for l in &s.triage_links {
                assert!((1..=5).contains(&l.level), "{}", l.id);
                assert!(
                    l.total_at_least.is_some() || l.total_at_most.is_some(),
                    "{}",
                    l.id
                );
                assert!(ids.insert(l.id.as_str()), "duplicate id {}", l.id);
                // A link reads its score in the score's own direction of severity.
                if s.higher_is_worse {
                    assert!(
                        l.total_at_least.is_some() && l.total_at_most.is_none(),
                        "{}",
                        l.id
                    );
                } else {
                    assert!(
                        l.total_at_most.is_some() && l.total_at_least.is_none(),
                        "{}",
                        l.id
                    );
                }
            }
            // A more severe threshold never gives a less urgent level.
            for a in &s.triage_links {
                for b in &s.triage_links {
                    let a_more_severe = match (a.total_at_least, b.total_at_least) {
                        (Some(x), Some(y)) => x > y,
                        _ => {
                            a.total_at_most.unwrap_or(i32::MAX)
                                < b.total_at_most.unwrap_or(i32::MAX)
                        }
                    };
                    if a_more_severe {
                        assert!(a.level <= b.level, "{} vs {}", a.id, b.id);
                    }
                }
            }
        }
    }

    #[test]
    fn every_decision_rule_is_cited_with_distinct_outcomes() {
        let mut ids: HashSet<&str> = score_defs().iter().map(|s| s.id.as_str()).collect();
        for r in decision_rule_defs() {
            assert!(ids.insert(r.id.as_str()), "duplicate id {}", r.id);
            assert!(r.version >= 1 && !r.source.is_empty(), "{}", r.id);
            assert!(
                r.reference_section.starts_with("REFERENCE.md §"),
                "{}",
                r.id
            );
            assert!(!r.groups.is_empty(), "{}", r.id);
            for c in &r.complaints {
                assert!(catalog::complaint(c).is_some(), "{}: complaint {c}", r.id);
            }
            let mut groups = HashSet::new();
            let mut features = HashSet::new();
            for g in r.groups.iter().chain(std::iter::once(&r.otherwise)) {
                assert!(groups.insert(&g.id), "{}: duplicate group {}", r.id, g.id);
                assert!(
                    !g.en.is_empty()
                        && !g.fr.is_empty()
                        && !g.recommendation_en.is_empty()
                        && !g.recommendation_fr.is_empty()
                );
                for f in &g.features {
                    assert!(
                        features.insert(&f.id),
                        "{}: duplicate feature {}",
                        r.id,
                        f.id
                    );
                }
            }
            for g in &r.groups {
                assert!(!g.features.is_empty(), "{}.{} has no feature", r.id, g.id);
            }
        }
    }
}
