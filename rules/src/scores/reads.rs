use super::*;

/// A criterion of a score item or decision-rule feature: the one criterion language of the
/// triage rules (`input`, `observation`, `finding`, `all`, `any`).
pub type Cond = Condition;

/// What an item read: an input or an observation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReadKey<'a> {
    Input(crate::criteria::Input),
    /// The code, borrowed from the criterion that reads it, with the vocabulary entry that
    /// criterion keeps.
    Observation(&'a str, &'a VocabularyEntry),
}

impl<'a> ReadKey<'a> {
    /// Everything a criterion reads, in order (its inputs, then its observations), without
    /// repeats; written straight into `out`, no list in between.
    pub(crate) fn of(c: &'a Cond, out: &mut Vec<ReadKey<'a>>) {
        fn leaves<'a>(c: &'a Cond, f: &mut dyn FnMut(&'a Cond)) {
            match c {
                Cond::All(crate::criteria::All { all: parts })
                | Cond::Any(crate::criteria::Any { any: parts }) => {
                    parts.iter().for_each(|p| leaves(p, f))
                }
                leaf => f(leaf),
            }
        }
        let mut add = |k: ReadKey<'a>| {
            if !out.contains(&k) {
                out.push(k);
            }
        };
        leaves(c, &mut |leaf| match leaf {
            Cond::Compare(x) => add(ReadKey::Input(x.input)),
            Cond::OneOf(x) => add(ReadKey::Input(x.input)),
            Cond::Is(x) => add(ReadKey::Input(x.input)),
            _ => {}
        });
        leaves(c, &mut |leaf| match leaf {
            Cond::Finding(x) => add(ReadKey::Observation(&x.finding, &x.entry)),
            Cond::Observation(x) => add(ReadKey::Observation(&x.observation, &x.entry)),
            _ => {}
        });
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
        ReadKey::Observation(code, entry) => {
            let (value, answered) = f.observation_read(code, entry);
            ItemRead {
                kind: "observation",
                name: code,
                value,
                answered,
                unit: entry.of(code).map_or("", |d| d.unit.as_str()),
            }
        }
    }
}
