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

fn compute_rule(def: &DecisionRuleDef, f: &dyn Facts) -> DecisionRuleResult {
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
    f: &dyn Facts,
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
    if reads_answers.iter().any(|a| f.observation(a).is_some()) {
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

/// The open-world observations a score or rule reads (a closed-world sign is always "read").
fn answers_read<'a>(conds: impl Iterator<Item = &'a Cond>) -> Vec<String> {
    let mut keys = Vec::new();
    for c in conds {
        ReadKey::of(c, &mut keys);
    }
    keys.into_iter()
        .filter_map(|k| match k {
            ReadKey::Observation(a) => Some(a),
            _ => None,
        })
        .filter(|a| vocabulary::observation(a).is_some_and(|d| !d.closed_world))
        .collect()
}

pub(crate) struct Computed {
    pub scores: Vec<ScoreResult>,
    pub decision_rules: Vec<DecisionRuleResult>,
    pub not_applicable: Vec<NotApplicable>,
}

pub(crate) fn compute(f: &dyn Facts, complaint: Option<&str>) -> Computed {
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
