use super::*;

/// One item of a score as scored for this patient.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreItemResult {
    pub item: &'static str,
    #[serde(flatten)]
    pub label: Text,
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
    pub band: Option<Text>,
}

/// A score computed from the record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreResult {
    pub id: &'static str,
    pub version: u32,
    #[serde(flatten)]
    pub label: Text,
    pub items: Vec<ScoreItemResult>,
    /// Sum of the points of the items answered.
    pub total: i32,
    /// Range of totals still possible once the missing items are answered.
    pub min_possible: i32,
    pub max_possible: i32,
    /// Every item answered.
    pub complete: bool,
    /// Interpretation band, when every total still possible lies in one band.
    pub band: Option<&'static ScoreBand>,
    /// Bands still possible (one when `band` is known).
    pub possible_bands: Vec<&'static str>,
    /// Source of the bands (the score's own source when absent).
    pub bands_source: Option<&'static str>,
    pub source: SourceRef,
    pub alternatives: &'static [String],
    pub note: Option<&'static str>,
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

pub(super) fn avpu_of(lo: i32, hi: i32) -> AvpuMapping {
    let c = crate::scales::crosswalk();
    let possible: Vec<String> = c
        .bands
        .iter()
        .filter(|b| i32::from(b.gcs_max) >= lo && i32::from(b.gcs_min) <= hi)
        .map(|b| b.avpu.code().to_string())
        .collect();
    AvpuMapping {
        avpu: (possible.len() == 1).then(|| possible[0].clone()),
        possible,
        source: c.source_ref(),
    }
}

/// One feature of a decision rule as read for this patient.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureResult {
    pub feature: &'static str,
    /// Outcome group the feature belongs to.
    pub group: &'static str,
    #[serde(flatten)]
    pub label: Text,
    pub read: Vec<ItemRead>,
    /// `None`: not answered.
    pub present: Option<bool>,
    pub missing: bool,
    pub criterion: &'static str,
}

/// An outcome of a decision rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionOutcome {
    pub id: &'static str,
    #[serde(flatten)]
    pub label: Text,
    pub recommendation: Text,
    pub risk: Option<&'static str>,
}

/// A decision rule applied to the record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionRuleResult {
    pub id: &'static str,
    pub version: u32,
    #[serde(flatten)]
    pub label: Text,
    /// A rule-out rule: its last outcome needs every feature answered.
    pub rule_out: bool,
    pub features: Vec<FeatureResult>,
    /// The outcome, when no missing answer could change it. Never the rule-out outcome of a
    /// rule-out rule while a feature is missing.
    pub outcome: Option<DecisionOutcome>,
    /// Features not answered (for a rule-out rule, also a feature only a finding could show:
    /// "not listed" is not "absent"), in the rule's order.
    pub missing: Vec<&'static str>,
    /// The most serious outcome still possible (the outcome itself once settled).
    pub worst_possible: Option<DecisionOutcome>,
    /// Outcomes still possible, most serious first.
    pub possible_outcomes: Vec<&'static str>,
    pub source: SourceRef,
    pub alternatives: &'static [String],
    pub note: Option<&'static str>,
}

impl ScoreResult {
    pub fn label(&self, lang: Lang) -> &str {
        self.label.get(lang)
    }
}
