//! The questionnaire as `build.rs` compiles it in (`build/questionnaire.rs`): plain statics, so
//! the app parses no JSON for it. It becomes the [`Questionnaire`] its serde schema reads when
//! first used; labels stay where they lie ([`Text::from_static`]).

use super::{
    AgeBand, AgeBands, Condition, Item, Loinc, Mapping, OptionDef, Questionnaire, Response,
    Section, UnitDef,
};
use crate::content::{RawHeader, headed, named, owned, strings};
use crate::lang::{StaticTexts, Text};

pub(super) struct RawQuestionnaire {
    header: RawHeader,
    url: &'static str,
    label: StaticTexts,
    note: Option<&'static str>,
    plausible_by_age: &'static [RawAgeBands],
    sections: &'static [RawSection],
    items: &'static [RawItem],
}

struct RawAgeBands {
    item: &'static str,
    bands: &'static [AgeBand],
}

struct RawSection {
    id: &'static str,
    label: StaticTexts,
}

struct RawItem {
    id: &'static str,
    section: &'static str,
    kind: &'static str,
    label: StaticTexts,
    parent: Option<StaticTexts>,
    modes: &'static [&'static str],
    min: Option<f64>,
    max: Option<f64>,
    unit: Option<RawUnit>,
    options: &'static [RawOption],
    when: &'static [RawCondition],
    red_flag: bool,
    maps_to: Option<RawMapping>,
    loinc: Option<RawLoinc>,
}

struct RawUnit {
    ucum: &'static str,
    label: StaticTexts,
}

struct RawOption {
    code: &'static str,
    label: StaticTexts,
    parent: Option<StaticTexts>,
    red_flag: bool,
}

struct RawCondition {
    item: &'static str,
    eq: Option<RawResponse>,
    ne: Option<RawResponse>,
    lt: Option<f64>,
    ge: Option<f64>,
}

enum RawResponse {
    Bool(bool),
    Number(f64),
    Text(&'static str),
}

struct RawMapping {
    record: Option<&'static str>,
    age_weeks: bool,
    complaint: bool,
    observation: Option<&'static str>,
    value: Option<&'static str>,
    on: &'static [&'static str],
    at_least: Option<f64>,
    pain_score: Option<&'static str>,
}

struct RawLoinc {
    code: &'static str,
    display: &'static str,
}

// `ANAMNESIS`.
include!(concat!(env!("OUT_DIR"), "/questionnaire_static.rs"));

impl RawQuestionnaire {
    pub(super) fn questionnaire(&'static self) -> Questionnaire {
        headed!(
            self.header,
            Questionnaire {
                url: self.url.to_string(),
                label: Text::from_static(&self.label),
                note: owned(self.note),
                plausible_by_age: self
                    .plausible_by_age
                    .iter()
                    .map(|a| AgeBands {
                        item: a.item.to_string(),
                        bands: a.bands.to_vec(),
                    })
                    .collect(),
                sections: self
                    .sections
                    .iter()
                    .map(|s| Section {
                        id: s.id.to_string(),
                        label: Text::from_static(&s.label),
                    })
                    .collect(),
                items: self.items.iter().map(RawItem::item).collect(),
            }
        )
    }
}

impl RawItem {
    fn item(&'static self) -> Item {
        Item {
            id: self.id.to_string(),
            section: self.section.to_string(),
            kind: named(self.kind, self.id),
            label: Text::from_static(&self.label),
            parent: self.parent.as_ref().map(Text::from_static),
            modes: self.modes.iter().map(|m| named(m, self.id)).collect(),
            min: self.min,
            max: self.max,
            unit: self.unit.as_ref().map(|u| UnitDef {
                ucum: u.ucum.to_string(),
                label: Text::from_static(&u.label),
            }),
            options: self
                .options
                .iter()
                .map(|o| OptionDef {
                    code: o.code.to_string(),
                    label: Text::from_static(&o.label),
                    parent: o.parent.as_ref().map(Text::from_static),
                    red_flag: o.red_flag,
                })
                .collect(),
            when: self
                .when
                .iter()
                .map(|c| Condition {
                    item: c.item.to_string(),
                    eq: c.eq.as_ref().map(RawResponse::response),
                    ne: c.ne.as_ref().map(RawResponse::response),
                    lt: c.lt,
                    ge: c.ge,
                })
                .collect(),
            red_flag: self.red_flag,
            maps_to: self.maps_to.as_ref().map(|m| Mapping {
                record: owned(m.record),
                age_weeks: m.age_weeks,
                complaint: m.complaint,
                observation: owned(m.observation),
                value: owned(m.value),
                on: strings(m.on),
                at_least: m.at_least,
                pain_score: m.pain_score.map(|t| named(t, self.id)),
            }),
            loinc: self.loinc.as_ref().map(|l| Loinc {
                code: l.code.to_string(),
                display: l.display.to_string(),
            }),
        }
    }
}

impl RawResponse {
    fn response(&self) -> Response {
        match self {
            Self::Bool(b) => Response::Bool(*b),
            Self::Number(n) => Response::Number(*n),
            Self::Text(s) => Response::Text(s.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The statics (build.rs) are the file as its serde schema reads it: every item, option,
    /// condition and mapping.
    #[test]
    fn the_compiled_questionnaire_is_the_data_file_read_by_its_schema() {
        let read: Questionnaire = crate::content::compiled_json("questionnaire/anamnesis");
        let compiled = ANAMNESIS.questionnaire();
        assert_eq!(compiled.items.len(), read.items.len());
        for (c, r) in compiled.items.iter().zip(&read.items) {
            assert_eq!(c, r, "item {}", r.id);
        }
        assert_eq!(compiled, read);
        assert!(!read.items.is_empty() && !read.plausible_by_age.is_empty());
    }
}
