//! The score and decision-rule files as `build.rs` compiles them in (`build/scores.rs`): plain
//! statics, so the browser parses no JSON for them. Each becomes the [`ScoreDef`] or
//! [`DecisionRuleDef`] its serde schema reads; labels stay where they lie
//! ([`Text::from_static`]).

use super::*;
use crate::content::{RawHeader, headed, named, owned, strings};
use crate::criteria::RawCriterion;
use crate::lang::StaticTexts;

pub(super) struct RawScore {
    pub(super) key: &'static str,
    header: RawHeader,
    label: StaticTexts,
    population: &'static [RawRequirement],
    items: &'static [RawScoreItem],
    bands: &'static [RawScoreBand],
    bands_source: Option<&'static str>,
    alternatives: &'static [&'static str],
    triage_links: &'static [RawTriageLink],
    higher_is_worse: bool,
    avpu_crosswalk: bool,
    note: Option<&'static str>,
}

struct RawRequirement {
    id: &'static str,
    label: StaticTexts,
    when: RawCriterion,
    unless: Option<RawCriterion>,
    note: &'static str,
}

struct RawScoreItem {
    id: &'static str,
    label: StaticTexts,
    points: &'static [RawPointBand],
    otherwise: Option<i32>,
    exhaustive: bool,
    evidence: Option<&'static str>,
    note: Option<&'static str>,
}

struct RawPointBand {
    points: i32,
    when: RawCriterion,
    label: StaticTexts,
}

struct RawScoreBand {
    id: &'static str,
    min: i32,
    max: i32,
    label: StaticTexts,
}

struct RawTriageLink {
    id: &'static str,
    level: u8,
    total_at_least: Option<i32>,
    total_at_most: Option<i32>,
    label: StaticTexts,
    evidence: &'static str,
    note: &'static str,
}

pub(super) struct RawDecisionRule {
    pub(super) key: &'static str,
    header: RawHeader,
    label: StaticTexts,
    kind: Option<&'static str>,
    population: &'static [RawRequirement],
    groups: &'static [RawGroup],
    otherwise: RawGroup,
    alternatives: &'static [&'static str],
    note: Option<&'static str>,
}

struct RawGroup {
    id: &'static str,
    label: StaticTexts,
    recommendation: StaticTexts,
    risk: Option<&'static str>,
    features: &'static [RawFeature],
}

struct RawFeature {
    id: &'static str,
    label: StaticTexts,
    when: RawCriterion,
    evidence: Option<&'static str>,
    note: Option<&'static str>,
}

// `SCORES`, `DECISION_RULES`, each in path order.
include!(concat!(env!("OUT_DIR"), "/scores_static.rs"));

impl RawRequirement {
    fn requirement(&'static self, whence: &str) -> Requirement {
        Requirement {
            id: self.id.to_string(),
            label: Text::from_static(&self.label),
            when: self.when.condition(whence),
            unless: self.unless.map(|c| c.condition(whence)),
            note: self.note.to_string(),
        }
    }
}

impl RawScore {
    /// The score as its file reads; what the loader writes once (the links' criteria and
    /// sources) is left blank, as serde leaves it.
    pub(super) fn def(&'static self) -> ScoreDef {
        let whence = self.key;
        headed!(
            self.header,
            ScoreDef {
                label: Text::from_static(&self.label),
                population: self
                    .population
                    .iter()
                    .map(|r| r.requirement(whence))
                    .collect(),
                items: self
                    .items
                    .iter()
                    .map(|i| ItemDef {
                        id: i.id.to_string(),
                        label: Text::from_static(&i.label),
                        points: i
                            .points
                            .iter()
                            .map(|b| PointBand {
                                points: b.points,
                                when: b.when.condition(whence),
                                label: Text::from_static(&b.label),
                            })
                            .collect(),
                        otherwise: i.otherwise,
                        exhaustive: i.exhaustive,
                        evidence: i.evidence.map(|e| named(e, whence)),
                        note: owned(i.note),
                    })
                    .collect(),
                bands: self
                    .bands
                    .iter()
                    .map(|b| ScoreBand {
                        id: b.id.to_string(),
                        min: b.min,
                        max: b.max,
                        label: Text::from_static(&b.label),
                    })
                    .collect(),
                bands_source: owned(self.bands_source),
                alternatives: strings(self.alternatives),
                triage_links: self
                    .triage_links
                    .iter()
                    .map(|l| TriageLink {
                        id: l.id.to_string(),
                        level: l.level,
                        total_at_least: l.total_at_least,
                        total_at_most: l.total_at_most,
                        label: Text::from_static(&l.label),
                        evidence: named(l.evidence, l.id),
                        note: l.note.to_string(),
                        criterion: String::new(),
                        source: None,
                    })
                    .collect(),
                higher_is_worse: self.higher_is_worse,
                avpu_crosswalk: self.avpu_crosswalk,
                note: owned(self.note),
            }
        )
    }
}

impl RawGroup {
    fn group(&'static self, whence: &str) -> GroupDef {
        GroupDef {
            id: self.id.to_string(),
            label: Text::from_static(&self.label),
            recommendation: Text::from_static(&self.recommendation),
            risk: owned(self.risk),
            features: self
                .features
                .iter()
                .map(|f| FeatureDef {
                    id: f.id.to_string(),
                    label: Text::from_static(&f.label),
                    when: f.when.condition(whence),
                    evidence: f.evidence.map(|e| named(e, f.id)),
                    note: owned(f.note),
                    criterion: String::new(),
                })
                .collect(),
        }
    }
}

impl RawDecisionRule {
    /// The rule as its file reads; the features' criteria in words are left blank, as serde
    /// leaves them.
    pub(super) fn def(&'static self) -> DecisionRuleDef {
        let whence = self.key;
        headed!(
            self.header,
            DecisionRuleDef {
                label: Text::from_static(&self.label),
                kind: self.kind.map(|k| named(k, whence)).unwrap_or_default(),
                population: self
                    .population
                    .iter()
                    .map(|r| r.requirement(whence))
                    .collect(),
                groups: self.groups.iter().map(|g| g.group(whence)).collect(),
                otherwise: self.otherwise.group(whence),
                alternatives: strings(self.alternatives),
                note: owned(self.note),
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content;

    /// The statics (build.rs) hold every score and decision-rule file, and each is the file as
    /// its serde schema reads it: every item, band, link, population requirement and feature.
    #[test]
    fn the_compiled_scores_are_the_data_files_read_by_their_schema() {
        let scores: Vec<&str> = SCORES.iter().map(|s| s.key).collect();
        assert_eq!(scores, content::keys_under(SCORE_PREFIX));
        let rules: Vec<&str> = DECISION_RULES.iter().map(|r| r.key).collect();
        assert_eq!(rules, content::keys_under(DECISION_RULE_PREFIX));
        assert!(!scores.is_empty() && !rules.is_empty());
        for raw in SCORES {
            let read: ScoreDef = content::compiled_json(raw.key);
            let def = raw.def();
            for (c, r) in def.items.iter().zip(&read.items) {
                assert_eq!(c, r, "{}: item {}", raw.key, r.id);
            }
            assert_eq!(def, read, "{}", raw.key);
        }
        for raw in DECISION_RULES {
            let read: DecisionRuleDef = content::compiled_json(raw.key);
            assert_eq!(raw.def(), read, "{}", raw.key);
        }
    }
}
