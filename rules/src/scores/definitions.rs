use super::*;

/// Where the score and decision-rule files lie under `data/` (build.rs's `SCORES` and
/// `DECISION_RULES`, which compile them in): the tests check that the statics hold every file.
#[cfg(test)]
pub(crate) const SCORE_PREFIX: &str = "scores/";

#[cfg(test)]
pub(crate) const DECISION_RULE_PREFIX: &str = "decision_rules/";

/// Points an item gives when its criterion holds. Bands are listed most points first; the first
/// that holds gives the item's points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointBand {
    pub points: i32,
    pub when: Cond,
    /// What the band means, when the data names it.
    #[serde(flatten, skip_serializing_if = "Text::is_empty")]
    pub label: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemDef {
    pub id: String,
    #[serde(flatten)]
    pub label: Text,
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
    #[serde(flatten)]
    pub label: Text,
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
    #[serde(flatten)]
    pub label: Text,
    pub evidence: Evidence,
    pub note: String,
    /// Written once when the data loads: the criterion in words and where the link comes
    /// from, as the trace shows them.
    #[serde(skip)]
    pub(crate) criterion: String,
    #[serde(skip)]
    pub(crate) source: Option<SourceRef>,
}

impl TriageLink {
    /// The link's criterion, e.g. `pram total >= 8 (for every total still possible)`.
    pub fn criterion(&self) -> &str {
        &self.criterion
    }

    /// Where the link comes from: the score's source. The link's own reasoning is its note,
    /// which the trace shows beside it (kept out of the source so it is not read twice).
    pub fn source(&self) -> &SourceRef {
        self.source.as_ref().expect("filled in by load_definitions")
    }

    fn complete(&mut self, score: &str, version: u32, def_source: &str, section: &str) {
        let range = match (self.total_at_least, self.total_at_most) {
            (Some(lo), Some(hi)) => format!("{lo} <= {score} total <= {hi}"),
            (Some(lo), None) => format!("{score} total >= {lo}"),
            (None, Some(hi)) => format!("{score} total <= {hi}"),
            (None, None) => format!("{score} computed"),
        };
        self.criterion = format!("{range} (for every total still possible)");
        self.source = Some(SourceRef {
            id: self.id.clone(),
            version,
            source: def_source.to_string(),
            reference_section: section.to_string(),
            evidence: self.evidence,
        });
    }
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
    #[serde(flatten)]
    pub label: Text,
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
    #[serde(flatten)]
    pub label: Text,
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

pub(super) fn yes() -> bool {
    true
}

/// A feature of a decision rule group (e.g. "grunting" in the NICE red column).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureDef {
    pub id: String,
    #[serde(flatten)]
    pub label: Text,
    pub when: Cond,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// `when` in words, written once when the data loads (every evaluation reports it).
    #[serde(skip)]
    pub(crate) criterion: String,
}

/// An outcome of a decision rule; groups are listed most serious first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupDef {
    pub id: String,
    #[serde(flatten)]
    pub label: Text,
    pub recommendation: Text,
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
    #[serde(flatten)]
    pub label: Text,
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

pub(super) fn load_definitions() -> Definitions {
    let scores = super::raw::SCORES
        .iter()
        .map(|raw| {
            let mut def = raw.def();
            let (id, version) = (def.id.clone(), def.version);
            let (source, section) = (def.source.clone(), def.reference_section.clone());
            for link in &mut def.triage_links {
                link.complete(&id, version, &source, &section);
            }
            def
        })
        .collect();
    let decision_rules = super::raw::DECISION_RULES
        .iter()
        .map(|raw| {
            let mut def = raw.def();
            let groups = def
                .groups
                .iter_mut()
                .chain(std::iter::once(&mut def.otherwise));
            for feature in groups.flat_map(|g| g.features.iter_mut()) {
                feature.criterion = feature.when.to_string();
            }
            def
        })
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
    pub(super) fn fallback(&self) -> Option<i32> {
        (!self.exhaustive).then_some(self.otherwise.unwrap_or(0))
    }

    pub(super) fn point_range(&self) -> (i32, i32) {
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
}

cited!(ScoreDef, DecisionRuleDef);
