//! The vocabulary as `build.rs` compiles it in (`vocabulary_static.rs`): plain statics, so
//! start-up parses no JSON for it. Each raw entry becomes an [`ObservationDef`] when the
//! vocabulary is first read; texts stay where they lie ([`Text::from_static`]).

use super::{Derivation, Migration, ObservationDef, ObservationOption};
use crate::content::{named, owned};
use crate::criteria::RawCriterion;
use crate::lang::{StaticTexts, Text};

pub(super) struct RawObservation {
    code: &'static str,
    kind: &'static str,
    closed_world: bool,
    group: &'static str,
    label: StaticTexts,
    definition: Option<StaticTexts>,
    source: Option<&'static str>,
    evidence: Option<&'static str>,
    options: &'static [RawOption],
    min: Option<f64>,
    max: Option<f64>,
    unit: &'static str,
    worse_when_lower: bool,
    whole_number: bool,
    note: Option<&'static str>,
    derived: Option<RawDerivation>,
}

/// A [`Derivation`], its criterion compiled as the rule files' are.
enum RawDerivation {
    Ratio {
        ratio: [&'static str; 2],
        times: f64,
    },
    When(RawCriterion),
}

pub(super) struct RawOption {
    code: &'static str,
    label: StaticTexts,
}

pub(super) struct RawMigration {
    from_finding: Option<&'static str>,
    from_answer: Option<&'static str>,
    to: &'static str,
    value: Option<&'static str>,
    values: &'static [(&'static str, &'static str)],
}

// `VERSION`, `OBSERVATIONS` and `MIGRATIONS`.
include!(concat!(env!("OUT_DIR"), "/vocabulary_static.rs"));

impl RawObservation {
    pub(super) fn def(&'static self) -> ObservationDef {
        ObservationDef {
            code: self.code.to_string(),
            kind: named(self.kind, self.code),
            closed_world: self.closed_world,
            group: self.group.to_string(),
            label: Text::from_static(&self.label),
            definition: self.definition.as_ref().map(Text::from_static),
            source: owned(self.source),
            evidence: self.evidence.map(|e| named(e, self.code)),
            options: self
                .options
                .iter()
                .map(|o| ObservationOption {
                    code: o.code.to_string(),
                    label: Text::from_static(&o.label),
                })
                .collect(),
            min: self.min,
            max: self.max,
            unit: self.unit.to_string(),
            worse_when_lower: self.worse_when_lower,
            whole_number: self.whole_number,
            note: owned(self.note),
            derived: self.derived.as_ref().map(|d| match d {
                RawDerivation::Ratio { ratio, times } => Derivation::Ratio {
                    ratio: ratio.map(str::to_string),
                    times: *times,
                },
                RawDerivation::When(when) => Derivation::When {
                    when: when.condition(self.code),
                },
            }),
        }
    }
}

impl RawMigration {
    pub(super) fn migration(&self) -> Migration {
        Migration {
            from_finding: owned(self.from_finding),
            from_answer: owned(self.from_answer),
            to: self.to.to_string(),
            value: owned(self.value),
            values: self
                .values
                .iter()
                .map(|(from, to)| (from.to_string(), to.to_string()))
                .collect(),
        }
    }
}
