//! A criterion as `build.rs` compiles it into the crate (the triage rule files): the keys of a
//! criterion table, its `all` / `any` lists in place. It becomes a [`Condition`] through the
//! same [`RawCondition`] check as a table read from JSON.

use super::{Condition, RawCondition};
use crate::content::named;
use std::sync::Arc;

#[derive(Clone, Copy)]
pub(crate) struct RawCriterion {
    pub(crate) input: Option<&'static str>,
    pub(crate) op: Option<&'static str>,
    pub(crate) value: Option<f64>,
    pub(crate) one_of: Option<&'static [&'static str]>,
    pub(crate) is: Option<bool>,
    pub(crate) finding: Option<&'static str>,
    pub(crate) observation: Option<&'static str>,
    pub(crate) if_unanswered: Option<bool>,
    pub(crate) all: Option<&'static [RawCriterion]>,
    pub(crate) any: Option<&'static [RawCriterion]>,
}

impl RawCriterion {
    /// No key: the generated statics name only the keys a table has.
    pub(crate) const NONE: RawCriterion = RawCriterion {
        input: None,
        op: None,
        value: None,
        one_of: None,
        is: None,
        finding: None,
        observation: None,
        if_unanswered: None,
        all: None,
        any: None,
    };

    /// The observation codes the criterion reads, in order of first appearance, without
    /// repeats: what [`Condition::observations`] lists for the condition it becomes, read from
    /// the static without building that condition.
    pub(crate) fn observations(&self, out: &mut Vec<&'static str>) {
        if let Some(code) = self.finding.or(self.observation)
            && !out.contains(&code)
        {
            out.push(code);
        }
        for part in self.all.into_iter().chain(self.any).flatten() {
            part.observations(out);
        }
    }

    /// The criterion; `whence` names the rule for a build defect's message.
    pub(crate) fn condition(&self, whence: &str) -> Condition {
        let list = |l: &[RawCriterion]| l.iter().map(|c| c.condition(whence)).collect();
        let raw = RawCondition {
            input: self.input.map(|name| named(name, whence)),
            op: self.op.map(|name| named(name, whence)),
            value: self.value,
            one_of: self
                .one_of
                .map(|codes| codes.iter().map(|c| c.to_string()).collect()),
            is: self.is,
            finding: self.finding.map(Arc::from),
            observation: self.observation.map(Arc::from),
            if_unanswered: self.if_unanswered,
            all: self.all.map(list),
            any: self.any.map(list),
        };
        Condition::try_from(raw).unwrap_or_else(|e| panic!("rule data, {whence}: {e}"))
    }
}
