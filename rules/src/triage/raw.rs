//! The triage data as `build.rs` compiles it in: the rule files (`triage_rules_static.rs`), the
//! levels, the PAT impressions and the heart-rate, respiratory-rate and hypotension tables
//! (`build/tables.rs`). Plain statics, so start-up parses no JSON for them. Each becomes the
//! type its serde schema reads when the rule set is first loaded; labels stay where they lie
//! ([`Text::from_static`]).

use super::load::{
    HypotensionBand, HypotensionTable, ImpressionDef, ImpressionFile, LevelDef, LevelFile, RuleDef,
    RuleFile, VitalBand, VitalTable,
};
use crate::content::{RawHeader, headed, named, owned, strings};
use crate::criteria::RawCriterion;
use crate::lang::{StaticTexts, Text};

pub(super) struct RawRuleFile {
    pub(super) key: &'static str,
    group: &'static str,
    source: &'static str,
    reference_section: &'static str,
    evidence: &'static str,
    note: Option<&'static str>,
    rules: &'static [RawRule],
}

struct RawRule {
    id: &'static str,
    version: u32,
    level: u8,
    label: StaticTexts,
    source: Option<&'static str>,
    reference_section: Option<&'static str>,
    evidence: Option<&'static str>,
    complaints: &'static [&'static str],
    applies: Option<RawCriterion>,
    when: RawCriterion,
    note: Option<&'static str>,
    suggest_if_unmeasured: bool,
}

// `RULE_FILES`, in path order.
include!(concat!(env!("OUT_DIR"), "/triage_rules_static.rs"));

/// The observation codes read by the rule files' rules that `keep` keeps (by their
/// complaints), in rule order, without repeats. The form asks for these before the rule set
/// is built (`first_order_observations`, `observations_for_complaint`): the vital-sign and
/// hypotension tables' rules read no observation, so the files' rules are all that read any.
pub(super) fn observations_read(keep: impl Fn(&[&str]) -> bool) -> Vec<&'static str> {
    let mut out = Vec::new();
    for rule in RULE_FILES.iter().flat_map(|f| f.rules) {
        if keep(rule.complaints) {
            rule.observations(&mut out);
        }
    }
    out
}

impl RawRuleFile {
    pub(super) fn file(&'static self) -> RuleFile {
        RuleFile {
            group: self.group.to_string(),
            source: self.source.to_string(),
            reference_section: self.reference_section.to_string(),
            evidence: named(self.evidence, self.key),
            note: owned(self.note),
            rules: self.rules.iter().map(RawRule::def).collect(),
        }
    }
}

impl RawRule {
    /// The observation codes the rule reads (its gate's, then its criterion's), without
    /// building the rule: what [`super::rule::Rule::observations`] lists once it is built.
    fn observations(&self, out: &mut Vec<&'static str>) {
        if let Some(gate) = &self.applies {
            gate.observations(out);
        }
        self.when.observations(out);
    }

    fn def(&'static self) -> RuleDef {
        RuleDef {
            id: self.id.to_string(),
            version: self.version,
            level: self.level,
            label: Text::from_static(&self.label),
            source: owned(self.source),
            reference_section: owned(self.reference_section),
            evidence: self.evidence.map(|e| named(e, self.id)),
            complaints: strings(self.complaints),
            applies: self.applies.map(|c| c.condition(self.id)),
            when: self.when.condition(self.id),
            note: owned(self.note),
            suggest_if_unmeasured: self.suggest_if_unmeasured,
        }
    }
}

pub(super) struct RawLevelFile {
    header: RawHeader,
    default_level: u8,
    default_reason: StaticTexts,
    default_evidence: &'static str,
    levels: &'static [RawLevel],
}

struct RawLevel {
    level: u8,
    label: StaticTexts,
    target_minutes: u32,
    reassess_minutes: Option<u32>,
    reassess_evidence: &'static str,
}

pub(super) struct RawImpressionFile {
    header: RawHeader,
    impressions: &'static [RawImpression],
}

struct RawImpression {
    pattern: [Option<bool>; 3],
    code: &'static str,
    label: StaticTexts,
}

pub(super) struct RawVitalTable {
    header: RawHeader,
    note: &'static str,
    heart_rate_per_min: &'static [RawVitalBand],
    respiratory_rate_per_min: &'static [RawVitalBand],
}

struct RawVitalBand {
    printed_age: StaticTexts,
    from_months: u32,
    to_months: u32,
    low: [f64; 3],
    high: [f64; 3],
}

pub(super) struct RawHypotensionTable {
    header: RawHeader,
    level: u8,
    note: &'static str,
    bands: &'static [RawHypotensionBand],
}

struct RawHypotensionBand {
    label: StaticTexts,
    applies: Option<RawCriterion>,
    below_mmhg: Option<f64>,
    each_year: Option<[u32; 2]>,
    below_base_mmhg: Option<f64>,
    below_per_year_mmhg: Option<f64>,
}

// `LEVELS`, `IMPRESSIONS`, `HR_RR_TABLE`, `HYPOTENSION_TABLE`.
include!(concat!(env!("OUT_DIR"), "/levels_static.rs"));
include!(concat!(env!("OUT_DIR"), "/impressions_static.rs"));
include!(concat!(env!("OUT_DIR"), "/vital_table_static.rs"));
include!(concat!(env!("OUT_DIR"), "/hypotension_static.rs"));

impl RawLevelFile {
    pub(super) fn file(&'static self) -> LevelFile {
        headed!(
            self.header,
            LevelFile {
                default_level: self.default_level,
                default_reason: Text::from_static(&self.default_reason),
                default_evidence: named(self.default_evidence, self.header.id),
                levels: self
                    .levels
                    .iter()
                    .map(|l| LevelDef {
                        level: l.level,
                        label: Text::from_static(&l.label),
                        target_minutes: l.target_minutes,
                        reassess_minutes: l.reassess_minutes,
                        reassess_evidence: named(l.reassess_evidence, self.header.id),
                    })
                    .collect(),
            }
        )
    }
}

impl RawImpressionFile {
    pub(super) fn file(&'static self) -> ImpressionFile {
        headed!(
            self.header,
            ImpressionFile {
                impressions: self
                    .impressions
                    .iter()
                    .map(|i| ImpressionDef {
                        pattern: i.pattern,
                        code: i.code.to_string(),
                        label: Text::from_static(&i.label),
                    })
                    .collect(),
            }
        )
    }
}

impl RawVitalTable {
    pub(super) fn table(&'static self) -> VitalTable {
        let bands = |bands: &'static [RawVitalBand]| {
            bands
                .iter()
                .map(|b| VitalBand {
                    printed_age: Text::from_static(&b.printed_age),
                    from_months: b.from_months,
                    to_months: b.to_months,
                    low: b.low,
                    high: b.high,
                })
                .collect()
        };
        headed!(
            self.header,
            VitalTable {
                note: self.note.to_string(),
                heart_rate_per_min: bands(self.heart_rate_per_min),
                respiratory_rate_per_min: bands(self.respiratory_rate_per_min),
            }
        )
    }
}

impl RawHypotensionTable {
    pub(super) fn table(&'static self) -> HypotensionTable {
        headed!(
            self.header,
            HypotensionTable {
                level: self.level,
                note: self.note.to_string(),
                bands: self
                    .bands
                    .iter()
                    .map(|b| HypotensionBand {
                        label: Text::from_static(&b.label),
                        applies: b.applies.map(|c| c.condition(self.header.id)),
                        below_mmhg: b.below_mmhg,
                        each_year: b.each_year,
                        below_base_mmhg: b.below_base_mmhg,
                        below_per_year_mmhg: b.below_per_year_mmhg,
                    })
                    .collect(),
            }
        )
    }
}
