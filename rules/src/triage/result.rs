use super::*;

/// One level of the scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TriageLevel {
    /// 1 = resuscitation … 5 = non-urgent.
    pub level: u8,
    #[serde(flatten)]
    pub label: Text,
    /// Target time to physician; 0 = immediate.
    pub target_minutes: u32,
    /// Nursing reassessment interval; 0 = continuous, `None` = not given by the source.
    pub reassess_minutes: Option<u32>,
    pub reassess_evidence: Evidence,
    pub source: SourceRef,
}

impl TriageLevel {
    pub fn name(&self, lang: Lang) -> &str {
        self.label.get(lang)
    }
}

/// All five levels, most urgent first.
pub fn levels() -> Vec<TriageLevel> {
    let f = &rule_set().levels;
    f.levels.iter().map(|l| level_from(f, l)).collect()
}

pub(super) fn level_from(f: &LevelFile, l: &LevelDef) -> TriageLevel {
    TriageLevel {
        level: l.level,
        label: l.label.clone(),
        target_minutes: l.target_minutes,
        reassess_minutes: l.reassess_minutes,
        reassess_evidence: l.reassess_evidence,
        source: f.source_ref(),
    }
}

/// General impression from the Pediatric Assessment Triangle (REFERENCE §5).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatImpression {
    pub code: String,
    #[serde(flatten)]
    pub label: Text,
    pub source: SourceRef,
}

/// The default level's justification, shown when no rule fired.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DefaultReason {
    #[serde(flatten)]
    pub text: Text,
    pub reference_section: String,
    pub evidence: Evidence,
}

/// A triage suggestion with its complete trace. Views render this; they never recompute it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// 1 = resuscitation … 5 = non-urgent.
    pub level: u8,
    pub level_info: TriageLevel,
    /// Rules that fired at the resulting level (empty: no modifier fired, default level).
    pub deciding_rules: Vec<&'static str>,
    /// Why the default level applies, when no rule fired.
    pub default_reason: Option<DefaultReason>,
    /// True when no unmeasured input could make the level more urgent.
    pub is_final: bool,
    pub what_if: Vec<WhatIf>,
    pub pat_impression: Option<PatImpression>,
    pub trace: Trace,
    /// Rules not considered because their age band or complaint does not match.
    pub rules_not_applicable: usize,
    /// Version of the whole rule set (SHA-256 of the embedded data).
    pub ruleset_hash: String,
    /// Clinical scores that apply to this child (age, complaint or an answer given), each with
    /// every item, the value read, the points, the total or range of totals, and the band.
    pub scores: Vec<ScoreResult>,
    /// Decision rules (NICE traffic light, PECARN, ETAT) that apply, each feature with its value.
    pub decision_rules: Vec<DecisionRuleResult>,
    /// Scores and decision rules not shown, with the reason.
    pub scores_not_applicable: Vec<NotApplicable>,
}
