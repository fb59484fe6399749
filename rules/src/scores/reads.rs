use super::*;

/// A criterion of a score item or decision-rule feature: the one criterion language of the
/// triage rules (`input`, `observation`, `finding`, `all`, `any`).
pub type Cond = Condition;

/// What an item read: an input or an observation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReadKey<'a> {
    Input(crate::criteria::Input),
    /// Borrowed from the criterion that reads it.
    Observation(&'a str),
}

impl<'a> ReadKey<'a> {
    /// Everything a criterion reads, in order, without repeats.
    pub(crate) fn of(c: &'a Cond, out: &mut Vec<ReadKey<'a>>) {
        let mut inputs = Vec::new();
        c.inputs(&mut inputs);
        let mut codes = Vec::new();
        c.observations(&mut codes);
        let keys = inputs
            .into_iter()
            .map(ReadKey::Input)
            .chain(codes.into_iter().map(ReadKey::Observation));
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
    pub name: &'static str,
    /// `None`: not entered (a closed-world sign not ticked reads `false`, not seen).
    pub value: Option<Value>,
    /// False for a closed-world sign read as "not seen" (and for anything not entered).
    pub answered: bool,
    pub unit: &'static str,
}

pub(super) fn read_value(key: &ReadKey<'static>, f: &dyn Facts) -> ItemRead {
    match key {
        ReadKey::Input(i) => ItemRead {
            kind: "input",
            name: i.name(),
            value: f.value(*i),
            answered: f.value(*i).is_some(),
            unit: i.unit(),
        },
        ReadKey::Observation(code) => ItemRead {
            kind: "observation",
            name: code,
            value: f.observation(code),
            answered: f.answered(code),
            unit: vocabulary::observation(code).map_or("", |d| d.unit.as_str()),
        },
    }
}
