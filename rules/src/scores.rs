//! Clinical scores (PRAM, Westley, PAS …) and decision rules (NICE traffic light, PECARN …)
//! computed from the same record as the triage level, each with every item, the value read and
//! the points given (REFERENCE.md §4–§8).
//!
//! Definitions are data: `data/scores/*.toml` and `data/decision_rules/*.toml`; their items read
//! measured inputs and the observations of the one vocabulary (`data/observations.toml`), the
//! same the triage rules read. Nothing clinical is decided here.
//!
//! An observation not answered leaves its item *missing*: the result then lists the range of
//! totals still possible instead of a total that pretends the item scored zero. (A closed-world
//! danger sign not ticked reads "not seen".)

use crate::content::{self, Evidence, SourceRef};
use crate::criteria::{Condition, Facts, Truth, Value};
use crate::error::Lang;
use crate::vocabulary;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

pub(crate) const SCORE_PREFIX: &str = "scores/";
pub(crate) const DECISION_RULE_PREFIX: &str = "decision_rules/";

/// A criterion of a score item or decision-rule feature: the one criterion language of the
/// triage rules (`input`, `observation`, `finding`, `all`, `any`).
pub type Cond = Condition;

/// What an item read: an input or an observation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReadKey {
    Input(crate::criteria::Input),
    Observation(String),
}

impl ReadKey {
    /// Everything a criterion reads, in order, without repeats.
    pub(crate) fn of(c: &Cond, out: &mut Vec<ReadKey>) {
        let mut inputs = Vec::new();
        c.inputs(&mut inputs);
        let mut codes = Vec::new();
        c.observations(&mut codes);
        let keys = inputs.into_iter().map(ReadKey::Input).chain(
            codes
                .into_iter()
                .map(|x| ReadKey::Observation(x.to_string())),
        );
        for k in keys {
            if !out.contains(&k) {
                out.push(k);
            }
        }
    }
}

/// One value an item read, as it was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemRead {
    /// `input` or `observation`.
    pub kind: &'static str,
    /// The input name or observation code.
    pub name: String,
    /// `None`: not entered (a closed-world sign not ticked reads `false`, not seen).
    pub value: Option<Value>,
    /// False for a closed-world sign read as "not seen" (and for anything not entered).
    pub answered: bool,
    pub unit: String,
}

fn read_value(key: &ReadKey, f: &dyn Facts) -> ItemRead {
    match key {
        ReadKey::Input(i) => ItemRead {
            kind: "input",
            name: i.name().to_string(),
            value: f.value(*i),
            answered: f.value(*i).is_some(),
            unit: i.unit().to_string(),
        },
        ReadKey::Observation(code) => ItemRead {
            kind: "observation",
            name: code.clone(),
            value: f.observation(code),
            answered: f.answered(code),
            unit: vocabulary::observation(code)
                .map(|d| d.unit.clone())
                .unwrap_or_default(),
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

/// One requirement of a score's or decision rule's population (REFERENCE §11.C, §6, §7): plain
/// words in both languages and a criterion. It holds when `when` holds and `unless` (an
/// exclusion, e.g. signs of shock) does not; both are three-valued, so a requirement may be
/// true, false or not yet known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub id: String,
    /// Who the score is for, as a noun phrase ("infants aged 29 to 60 days").
    pub en: String,
    pub fr: String,
    pub when: Cond,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unless: Option<Cond>,
    /// Where the requirement comes from (REFERENCE section and evidence tag), and whether the
    /// published population is stretched or narrowed here.
    pub note: String,
}

/// Whether a decision rule's last outcome (`otherwise`) rules a diagnosis out (PECARN very low
/// risk, febrile infant low risk) or only grades severity (NICE green, WHO ETAT queue).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    #[default]
    Grading,
    /// Its `otherwise` outcome is given only when every feature is explicitly answered absent.
    RuleOut,
}

/// A score or decision rule is evaluated only when every requirement of its `population` holds.
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
    /// Who the score is for; empty: every child.
    #[serde(default)]
    pub population: Vec<Requirement>,
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
    pub kind: RuleKind,
    /// Who the rule is for; empty: every child.
    #[serde(default)]
    pub population: Vec<Requirement>,
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
        .filter(|k| k.starts_with(SCORE_PREFIX))
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
    /// A rule-out rule: its last outcome needs every feature answered.
    pub rule_out: bool,
    pub features: Vec<FeatureResult>,
    /// The outcome, when no missing answer could change it. Never the rule-out outcome of a
    /// rule-out rule while a feature is missing.
    pub outcome: Option<DecisionOutcome>,
    /// Features not answered (for a rule-out rule, also a feature only a finding could show:
    /// "not listed" is not "absent"), in the rule's order.
    pub missing: Vec<String>,
    /// The most serious outcome still possible (the outcome itself once settled).
    pub worst_possible: Option<DecisionOutcome>,
    /// Outcomes still possible, most serious first.
    pub possible_outcomes: Vec<String>,
    pub source: SourceRef,
    pub alternatives: Vec<String>,
    pub note: Option<String>,
}

/// Why a score or decision rule is not evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Applicability {
    /// A requirement of its population is false: the child is outside it.
    Outside,
    /// No requirement is false but some are not yet known: `to_answer` would settle them.
    NotYetKnown,
}

/// Something to enter that would settle a population requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ToAnswer {
    /// `input` or `answer`.
    pub kind: &'static str,
    /// The input name or answer id.
    pub name: String,
}

/// A score or decision rule not evaluated for this patient, and why, in plain words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotApplicable {
    pub id: String,
    /// `score` or `decision_rule`.
    pub kind: &'static str,
    /// Name of the score or rule.
    pub en: String,
    pub fr: String,
    pub status: Applicability,
    /// The reason, in plain words (no ids).
    pub reason_en: String,
    pub reason_fr: String,
    /// Ids of the requirements that are false (outside) or not yet known.
    pub requirements: Vec<String>,
    /// What would settle the requirements not yet known (empty when outside).
    pub to_answer: Vec<ToAnswer>,
    /// For the audit: the criteria of those requirements.
    pub criterion: String,
}

impl NotApplicable {
    pub fn reason(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.reason_en,
            Lang::Fr => &self.reason_fr,
        }
    }
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

fn score_item(item: &ItemDef, f: &dyn Facts) -> ScoreItemResult {
    let mut keys = Vec::new();
    for b in &item.points {
        ReadKey::of(&b.when, &mut keys);
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

fn compute_score(def: &ScoreDef, f: &dyn Facts) -> ScoreResult {
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

/// Whether a feature of a rule-out rule is answered: true, or false on an explicit answer or a
/// measured input. A closed-world danger sign not ticked ("not seen") may show a feature present,
/// but its absence alone never rules anything out; an open-world observation not answered leaves
/// the feature open.
fn explicitly_answered(feat: &FeatureDef, f: &dyn Facts) -> bool {
    let mut keys = Vec::new();
    ReadKey::of(&feat.when, &mut keys);
    let mut explicit = false;
    for k in &keys {
        match k {
            ReadKey::Observation(code) if f.answered(code) => explicit = true,
            ReadKey::Observation(code)
                if vocabulary::observation(code).is_some_and(|d| d.closed_world) => {}
            ReadKey::Observation(_) => return false,
            ReadKey::Input(_) => explicit = true,
        }
    }
    explicit
}

fn compute_rule(def: &DecisionRuleDef, f: &dyn Facts) -> DecisionRuleResult {
    let rule_out = def.kind == RuleKind::RuleOut;
    let mut features = Vec::new();
    let mut settled_at: Option<&GroupDef> = None;
    let mut possible: Vec<&GroupDef> = Vec::new();
    let mut missing = Vec::new();
    for g in def.groups.iter().chain(std::iter::once(&def.otherwise)) {
        let mut any_true = false;
        let mut any_unknown = false;
        for feat in &g.features {
            let mut t = feat.when.eval(f);
            if rule_out && t == Truth::False && !explicitly_answered(feat, f) {
                t = Truth::Unknown;
            }
            any_true |= t == Truth::True;
            any_unknown |= t == Truth::Unknown;
            if t == Truth::Unknown {
                missing.push(feat.id.clone());
            }
            let mut keys = Vec::new();
            ReadKey::of(&feat.when, &mut keys);
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
        if settled_at.is_none() {
            if any_true || is_otherwise {
                settled_at = Some(g);
                possible.push(g);
            } else if any_unknown {
                possible.push(g);
            }
        }
    }
    let outcome = match possible.as_slice() {
        [only] => Some(outcome_of(only)),
        _ => None,
    };
    DecisionRuleResult {
        id: def.id.clone(),
        version: def.version,
        en: def.en.clone(),
        fr: def.fr.clone(),
        rule_out,
        features,
        outcome,
        missing,
        worst_possible: possible.first().map(|g| outcome_of(g)),
        possible_outcomes: possible.iter().map(|g| g.id.clone()).collect(),
        source: def.source_ref(),
        alternatives: def.alternatives.clone(),
        note: def.note.clone(),
    }
}

/// Inputs and observations still unknown under the open parts of a criterion (a closed-world
/// sign is never unknown).
fn open_reads(c: &Cond, f: &dyn Facts, out: &mut Vec<ToAnswer>) {
    let mut inputs = Vec::new();
    c.open_inputs(f, &mut inputs);
    let mut open = Vec::new();
    c.open_observations(f, &mut open);
    // A derived value is settled by what it is derived from (fever: the temperature).
    let mut codes = Vec::new();
    for code in open {
        match vocabulary::observation(code).and_then(|d| d.derived.as_ref()) {
            Some(vocabulary::Derivation::When { when }) => when.open_inputs(f, &mut inputs),
            Some(vocabulary::Derivation::Ratio { ratio, .. }) => {
                codes.extend(ratio.iter().map(String::as_str))
            }
            None => codes.push(code),
        }
    }
    let found = inputs
        .into_iter()
        .map(|i| ToAnswer {
            kind: "input",
            name: i.name().to_string(),
        })
        .chain(codes.into_iter().map(|code| ToAnswer {
            kind: "observation",
            name: code.to_string(),
        }));
    for t in found {
        if !out.contains(&t) {
            out.push(t);
        }
    }
}

impl Requirement {
    /// `when` holds and `unless` does not (three-valued).
    fn eval(&self, f: &dyn Facts) -> Truth {
        let excluded = match &self.unless {
            None => Truth::False,
            Some(u) => u.eval(f),
        };
        let not_excluded = match excluded {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        };
        Truth::all([self.when.eval(f), not_excluded])
    }

    /// Codes of the open-world observations this requirement reads (e.g. `previously_healthy`),
    /// so a form can keep asking them once the score or rule is evaluated.
    pub fn answers(&self) -> Vec<String> {
        let mut keys = Vec::new();
        ReadKey::of(&self.when, &mut keys);
        if let Some(u) = &self.unless {
            ReadKey::of(u, &mut keys);
        }
        keys.into_iter()
            .filter_map(|k| match k {
                ReadKey::Observation(a) => Some(a),
                _ => None,
            })
            .filter(|a| vocabulary::observation(a).is_some_and(|d| !d.closed_world))
            .collect()
    }

    fn criterion(&self) -> String {
        match &self.unless {
            None => self.when.to_string(),
            Some(u) => format!("{} and not {}", self.when, u),
        }
    }
}

/// Why a score or rule is not evaluated; `None` when every requirement of its population holds.
fn population_check(
    id: &str,
    kind: &'static str,
    (en, fr): (&str, &str),
    population: &[Requirement],
    f: &dyn Facts,
) -> Option<NotApplicable> {
    let truths: Vec<(&Requirement, Truth)> = population.iter().map(|r| (r, r.eval(f))).collect();
    let pick = |t: Truth| -> Vec<&Requirement> {
        truths
            .iter()
            .filter(|(_, x)| *x == t)
            .map(|(r, _)| *r)
            .collect()
    };
    let (status, reqs) = match (pick(Truth::False), pick(Truth::Unknown)) {
        (no, _) if !no.is_empty() => (Applicability::Outside, no),
        (_, open) if !open.is_empty() => (Applicability::NotYetKnown, open),
        _ => return None,
    };
    let words = |lang: Lang| -> String {
        let w: Vec<&str> = reqs
            .iter()
            .map(|r| match lang {
                Lang::En => r.en.as_str(),
                Lang::Fr => r.fr.as_str(),
            })
            .collect();
        w.join("; ")
    };
    let (reason_en, reason_fr) = match status {
        Applicability::Outside => (
            format!("Not for this child: only for {}.", words(Lang::En)),
            format!(
                "Ne s'applique pas à cet enfant : uniquement pour {}.",
                words(Lang::Fr)
            ),
        ),
        Applicability::NotYetKnown => (
            format!(
                "Not yet known whether this child is in its population: {}.",
                words(Lang::En)
            ),
            format!(
                "On ne sait pas encore si cet enfant fait partie de sa population : {}.",
                words(Lang::Fr)
            ),
        ),
    };
    let mut to_answer = Vec::new();
    if status == Applicability::NotYetKnown {
        for r in &reqs {
            open_reads(&r.when, f, &mut to_answer);
            if let Some(u) = &r.unless {
                open_reads(u, f, &mut to_answer);
            }
        }
    }
    Some(NotApplicable {
        id: id.to_string(),
        kind,
        en: en.to_string(),
        fr: fr.to_string(),
        status,
        reason_en,
        reason_fr,
        requirements: reqs.iter().map(|r| r.id.clone()).collect(),
        to_answer,
        criterion: reqs
            .iter()
            .map(|r| r.criterion())
            .collect::<Vec<_>>()
            .join("; "),
    })
}

pub(crate) struct Computed {
    pub scores: Vec<ScoreResult>,
    pub decision_rules: Vec<DecisionRuleResult>,
    pub not_applicable: Vec<NotApplicable>,
}

pub(crate) fn compute(f: &dyn Facts) -> Computed {
    let defs = definitions();
    let mut out = Computed {
        scores: Vec::new(),
        decision_rules: Vec::new(),
        not_applicable: Vec::new(),
    };
    for d in &defs.scores {
        match population_check(&d.id, "score", (&d.en, &d.fr), &d.population, f) {
            None => out.scores.push(compute_score(d, f)),
            Some(n) => out.not_applicable.push(n),
        }
    }
    for d in &defs.decision_rules {
        match population_check(&d.id, "decision_rule", (&d.en, &d.fr), &d.population, f) {
            None => out.decision_rules.push(compute_rule(d, f)),
            Some(n) => out.not_applicable.push(n),
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

    /// Complaint codes a population names, and where.
    fn complaint_codes(c: &Cond, out: &mut Vec<String>) {
        complaint_codes_base(c, out)
    }

    fn complaint_codes_base(c: &Condition, out: &mut Vec<String>) {
        use crate::criteria::{All, Any, Input, OneOf};
        match c {
            Condition::OneOf(OneOf {
                input: Input::Complaint,
                one_of,
            }) => out.extend(one_of.iter().cloned()),
            Condition::All(All { all: parts }) | Condition::Any(Any { any: parts }) => {
                parts.iter().for_each(|p| complaint_codes_base(p, out))
            }
            _ => {}
        }
    }

    #[test]
    fn every_population_requirement_is_worded_cited_and_valid() {
        let pops = score_defs()
            .iter()
            .map(|s| (&s.id, &s.population))
            .chain(decision_rule_defs().iter().map(|r| (&r.id, &r.population)));
        for (id, pop) in pops {
            let mut ids = HashSet::new();
            for r in pop {
                assert!(ids.insert(&r.id), "{id}: duplicate requirement {}", r.id);
                assert!(!r.en.is_empty() && !r.fr.is_empty(), "{id}.{}", r.id);
                assert!(
                    r.note.contains('§') || r.note.contains("UNVERIFIED"),
                    "{id}.{}: the note names the REFERENCE section",
                    r.id
                );
                for c in std::iter::once(&r.when).chain(r.unless.iter()) {
                    let mut codes = Vec::new();
                    complaint_codes(c, &mut codes);
                    for code in codes {
                        assert!(
                            catalog::complaint(&code).is_some(),
                            "{id}.{}: complaint {code}",
                            r.id
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_rule_out_feature_can_be_answered_explicitly() {
        // A rule-out rule gives its low-risk outcome only on explicit answers: a feature that
        // reads findings only could never be answered absent.
        for r in decision_rule_defs()
            .iter()
            .filter(|r| r.kind == RuleKind::RuleOut)
        {
            for g in &r.groups {
                for feat in &g.features {
                    let mut keys = Vec::new();
                    ReadKey::of(&feat.when, &mut keys);
                    assert!(
                        keys.iter().any(|k| match k {
                            ReadKey::Input(_) => true,
                            ReadKey::Observation(c) => {
                                vocabulary::observation(c).is_some_and(|d| !d.closed_world)
                            }
                        }),
                        "{}.{} reads closed-world danger signs only",
                        r.id,
                        feat.id
                    );
                }
            }
            assert!(r.otherwise.features.is_empty(), "{}", r.id);
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
