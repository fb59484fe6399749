//! The triage rule files as `build.rs` compiles them in (`triage_rules_static.rs`): plain
//! statics, so start-up parses no JSON for them. Each becomes the [`RuleFile`] its serde schema
//! reads when the rule set is first loaded; labels stay where they lie ([`Text::from_static`]).

use super::load::{RuleDef, RuleFile};
use crate::content::named;
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

impl RawRuleFile {
    pub(super) fn file(&'static self) -> RuleFile {
        RuleFile {
            group: self.group.to_string(),
            source: self.source.to_string(),
            reference_section: self.reference_section.to_string(),
            evidence: named(self.evidence, self.key),
            note: self.note.map(str::to_string),
            rules: self.rules.iter().map(RawRule::def).collect(),
        }
    }
}

impl RawRule {
    fn def(&'static self) -> RuleDef {
        RuleDef {
            id: self.id.to_string(),
            version: self.version,
            level: self.level,
            label: Text::from_static(&self.label),
            source: self.source.map(str::to_string),
            reference_section: self.reference_section.map(str::to_string),
            evidence: self.evidence.map(|e| named(e, self.id)),
            complaints: self.complaints.iter().map(|c| c.to_string()).collect(),
            applies: self.applies.map(|c| c.condition(self.id)),
            when: self.when.condition(self.id),
            note: self.note.map(str::to_string),
            suggest_if_unmeasured: self.suggest_if_unmeasured,
        }
    }
}
