//! The anamnesis questionnaire (`data/questionnaire/anamnesis.toml`): which questions each form
//! asks and when, how a typed answer is checked, and what an answer writes into the
//! [`PatientRecord`] that the rules and the model read.
//!
//! Conditions read earlier answers only, so a form can ask the questions in file order.

use crate::content::Evidence;
use crate::error::ValidationError;
use crate::lang::{Lang, Text};
use crate::record::{PainTool, PatientRecord};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

mod raw;

/// The whole questionnaire as stored.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    pub id: String,
    pub version: u32,
    /// Canonical URL of the FHIR Questionnaire.
    pub url: String,
    #[serde(flatten)]
    pub label: Text,
    pub source: String,
    pub reference_section: String,
    pub evidence: Evidence,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub plausible_by_age: Vec<AgeBands>,
    pub sections: Vec<Section>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    #[serde(flatten)]
    pub label: Text,
}

/// Age-dependent "please check" bands for one numeric item.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeBands {
    pub item: String,
    pub bands: Vec<AgeBand>,
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeBand {
    pub age_years_below: f64,
    pub min: f64,
    pub max: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Integer,
    Decimal,
    Boolean,
    Choice,
    Text,
}

/// Who fills in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Parent,
    Nurse,
    Gp,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitDef {
    /// UCUM code (FHIR Quantity.code).
    pub ucum: String,
    #[serde(flatten)]
    pub label: Text,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionDef {
    pub code: String,
    #[serde(flatten)]
    pub label: Text,
    #[serde(default)]
    pub parent: Option<Text>,
    #[serde(default)]
    pub red_flag: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Loinc {
    pub code: String,
    pub display: String,
}

/// One condition on an earlier answer; an item is asked when all of its conditions hold.
/// A condition on an unanswered (or not asked) item does not hold.
///
/// FHIR's `enableWhen` means the same for `eq`, `lt` and `ge` (`=`, `<`, `>=` with no answer
/// are false there too, and a disabled item has no answer), but not for `ne`: FHIR's `!=` is
/// true when no answer equals the value, so it holds on an unanswered question. This meaning is
/// kept (a parent who has not said which medicine was given is not asked when it was given,
/// as the forms do today), and the FHIR export states it unambiguously: a `ne` condition is
/// exported as `exists true` and `!=` under `enableBehavior` `all` (see `fhir::enable_when`;
/// a test evaluates every condition both ways on many answer combinations).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub item: String,
    #[serde(default)]
    pub eq: Option<Response>,
    #[serde(default)]
    pub ne: Option<Response>,
    #[serde(default)]
    pub lt: Option<f64>,
    #[serde(default)]
    pub ge: Option<f64>,
}

/// Where an answer goes in the patient record. Exactly one target is set (tested).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// A numeric record field (`PatientRecord::NUMBER_FIELDS`).
    #[serde(default)]
    pub record: Option<String>,
    /// Age in weeks, written as `age_days`.
    #[serde(default)]
    pub age_weeks: bool,
    /// The option codes are complaint codes (an unknown one, e.g. "other", sets none).
    #[serde(default)]
    pub complaint: bool,
    /// An observation of the vocabulary, recorded present when the answer is yes, one of `on`,
    /// or at least `at_least` (`finding` and `answer` are its spellings before the vocabulary).
    #[serde(default, alias = "finding", alias = "answer")]
    pub observation: Option<String>,
    /// For a graded observation: the grade a "present" answer records.
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub on: Vec<String>,
    #[serde(default)]
    pub at_least: Option<f64>,
    /// A pain score read on this tool.
    #[serde(default)]
    pub pain_score: Option<PainTool>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub section: String,
    pub kind: ItemKind,
    #[serde(flatten)]
    pub label: Text,
    #[serde(default)]
    pub parent: Option<Text>,
    pub modes: Vec<Mode>,
    /// Inclusive limits: of the value for numbers, of the length in characters for text.
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub unit: Option<UnitDef>,
    #[serde(default)]
    pub options: Vec<OptionDef>,
    #[serde(default)]
    pub when: Vec<Condition>,
    #[serde(default)]
    pub red_flag: bool,
    #[serde(default)]
    pub maps_to: Option<Mapping>,
    #[serde(default)]
    pub loinc: Option<Loinc>,
}

/// Longest free-text answer when an item gives no `max`.
pub const DEFAULT_TEXT_MAX_CHARS: usize = 300;

/// An answer: yes/no, a number, or a text (a choice is its option code).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Response {
    Bool(bool),
    Number(f64),
    Text(String),
}

impl Response {
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Self::Number(n) => Some(*n),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// Answers by item id.
pub type Responses = BTreeMap<String, Response>;

/// A value accepted but unusual for the child's age: shown as "please check", never blocking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlausibilityWarning {
    pub item: String,
    pub value: f64,
    pub min: f64,
    pub max: f64,
    pub unit: String,
}

impl PlausibilityWarning {
    pub fn message(&self, lang: Lang) -> String {
        let PlausibilityWarning {
            value,
            min,
            max,
            unit,
            ..
        } = self;
        crate::messages::messages().validation.unusual_for_age.fill(
            lang,
            &[("value", value), ("unit", unit), ("min", min), ("max", max)],
        )
    }
}

/// An answer that tells a parent to call the emergency number now.
#[derive(Debug, Clone, Copy)]
pub struct RedFlag<'q> {
    pub item: &'q Item,
    /// The option chosen, for a choice item.
    pub option: Option<&'q OptionDef>,
}

/// Clinician wording, or for a parent the plain wording where there is one.
fn worded<'a>(clinician: &'a Text, parent: Option<&'a Text>, lang: Lang, mode: Mode) -> &'a str {
    match (mode, parent) {
        (Mode::Parent, Some(p)) => p.get(lang),
        _ => clinician.get(lang),
    }
}

impl OptionDef {
    /// The option's label, in plain words for a parent where it has some.
    pub fn label(&self, lang: Lang, mode: Mode) -> &str {
        worded(&self.label, self.parent.as_ref(), lang, mode)
    }
}

impl Section {
    pub fn title(&self, lang: Lang) -> &str {
        self.label.get(lang)
    }
}

/// The anamnesis questionnaire shipped with this rule set.
pub fn anamnesis() -> &'static Questionnaire {
    static Q: OnceLock<Questionnaire> = OnceLock::new();
    Q.get_or_init(build_uncached)
}

/// Builds the questionnaire anew from the compiled-in statics, bypassing the one kept for the
/// process: what the app pays once, for the benchmark.
#[doc(hidden)]
pub fn build_uncached() -> Questionnaire {
    raw::ANAMNESIS.questionnaire()
}

/// Parses the questionnaire from its JSON by its serde schema, as the app did before it was
/// compiled in: the benchmark's baseline, measured in the same run.
#[doc(hidden)]
pub fn parse_json_uncached() -> Questionnaire {
    crate::content::compiled_json("questionnaire/anamnesis")
}

impl Item {
    /// The question, in clinician wording or, for parents, in plain words where it has some.
    pub fn text(&self, lang: Lang, mode: Mode) -> &str {
        worded(&self.label, self.parent.as_ref(), lang, mode)
    }

    pub fn unit_label(&self, lang: Lang) -> &str {
        self.unit.as_ref().map_or("", |u| u.label.get(lang))
    }

    pub fn option(&self, code: &str) -> Option<&OptionDef> {
        self.options.iter().find(|o| o.code == code)
    }

    pub fn asked_in(&self, mode: Mode) -> bool {
        self.modes.contains(&mode)
    }

    /// Inclusive limits of a numeric answer: the item's own `min`/`max`, or else the plausible
    /// range of the record field the answer is written to (`data/validation/plausibility.toml`),
    /// outside which the record is refused when it is checked. `(None, None)` for other kinds.
    pub fn value_limits(&self) -> (Option<f64>, Option<f64>) {
        if !matches!(self.kind, ItemKind::Integer | ItemKind::Decimal) {
            return (None, None);
        }
        if self.min.is_some() || self.max.is_some() {
            return (self.min, self.max);
        }
        self.maps_to
            .as_ref()
            .and_then(|m| m.record.as_deref())
            .and_then(crate::record::plausibility)
            .map_or((None, None), |p| (Some(p.min), Some(p.max)))
    }

    fn text_max(&self) -> usize {
        self.max.map_or(DEFAULT_TEXT_MAX_CHARS, |m| m as usize)
    }

    /// Reads an answer as typed or chosen in a form. Blank is "not answered" (`Ok(None)`); a
    /// decimal comma is a point; yes/no is "yes"/"no" (or "true"/"false").
    pub fn parse(&'static self, text: &str) -> Result<Option<Response>, ValidationError> {
        let field = self.id.as_str();
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Ok(None);
        }
        let response = match self.kind {
            ItemKind::Integer | ItemKind::Decimal => {
                let n = trimmed
                    .replace(',', ".")
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or(ValidationError::NotANumber { field })?;
                Response::Number(n)
            }
            ItemKind::Boolean => match trimmed {
                "yes" | "true" => Response::Bool(true),
                "no" | "false" => Response::Bool(false),
                _ => return Err(ValidationError::NotYesNo { field }),
            },
            ItemKind::Choice => Response::Text(trimmed.to_string()),
            // Free text keeps its inner line breaks; only the ends are trimmed.
            ItemKind::Text => Response::Text(trimmed.to_string()),
        };
        self.check(&response)?;
        Ok(Some(response))
    }

    /// Checks an answer's type and range against the item.
    pub fn check(&'static self, response: &Response) -> Result<(), ValidationError> {
        let field = self.id.as_str();
        match (self.kind, response) {
            (ItemKind::Integer | ItemKind::Decimal, Response::Number(n)) => {
                let n = *n;
                if !n.is_finite() {
                    return Err(ValidationError::NotANumber { field });
                }
                if self.kind == ItemKind::Integer && n.fract() != 0.0 {
                    return Err(ValidationError::NotAWholeNumber { field, value: n });
                }
                let (min, max) = (
                    self.min.unwrap_or(f64::NEG_INFINITY),
                    self.max.unwrap_or(f64::INFINITY),
                );
                if !(min..=max).contains(&n) {
                    return Err(ValidationError::OutOfRange {
                        field,
                        value: n,
                        min,
                        max,
                        unit: self.unit.as_ref().map_or("", |u| u.label.get(Lang::En)),
                    });
                }
                Ok(())
            }
            (ItemKind::Boolean, Response::Bool(_)) => Ok(()),
            (ItemKind::Choice, Response::Text(code)) => match self.option(code) {
                Some(_) => Ok(()),
                None => Err(ValidationError::UnknownCode {
                    field,
                    code: printable_code(code),
                }),
            },
            (ItemKind::Text, Response::Text(text)) => {
                let max = self.text_max();
                if text.chars().count() > max {
                    return Err(ValidationError::TooLong { field, max });
                }
                if text
                    .chars()
                    .any(|c| c == '<' || c == '>' || (c.is_control() && c != '\n'))
                {
                    return Err(ValidationError::Markup { field });
                }
                Ok(())
            }
            (ItemKind::Integer | ItemKind::Decimal, _) => {
                Err(ValidationError::NotANumber { field })
            }
            (ItemKind::Boolean, _) => Err(ValidationError::NotYesNo { field }),
            (ItemKind::Choice | ItemKind::Text, _) => Err(ValidationError::UnknownCode {
                field,
                code: String::new(),
            }),
        }
    }
}

/// An unknown code as it may be shown in a message: letters, digits, `_` and `-` only, at most
/// 40 of them, so a message never carries markup from a hostile file.
pub(crate) fn printable_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
        .take(40)
        .collect()
}

impl Condition {
    fn holds(&self, answer: Option<&Response>) -> bool {
        let Some(answer) = answer else {
            return false;
        };
        if let Some(eq) = &self.eq
            && !same(answer, eq)
        {
            return false;
        }
        if let Some(ne) = &self.ne
            && same(answer, ne)
        {
            return false;
        }
        let number = answer.as_number();
        if let Some(lt) = self.lt
            && number.is_none_or(|n| n >= lt)
        {
            return false;
        }
        if let Some(ge) = self.ge
            && number.is_none_or(|n| n < ge)
        {
            return false;
        }
        true
    }
}

/// Equality where 0 and 0.0 are the same answer.
fn same(a: &Response, b: &Response) -> bool {
    match (a, b) {
        (Response::Number(x), Response::Number(y)) => x == y,
        _ => a == b,
    }
}

impl Questionnaire {
    pub fn title(&self, lang: Lang) -> &str {
        self.label.get(lang)
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// Whether an item is asked, given the answers so far: every condition holds, and each
    /// item a condition reads is itself asked.
    pub fn is_enabled(&self, item: &Item, responses: &Responses) -> bool {
        self.enabled_depth(item, responses, 0)
    }

    fn enabled_depth(&self, item: &Item, responses: &Responses, depth: usize) -> bool {
        // Conditions read earlier items only (tested), so the depth is bounded by the list.
        if depth > self.items.len() {
            return false;
        }
        item.when.iter().all(|c| {
            self.item(&c.item).is_some_and(|earlier| {
                self.enabled_depth(earlier, responses, depth + 1) && c.holds(responses.get(&c.item))
            })
        })
    }

    /// The items a form asks, in order, given the answers so far.
    pub fn enabled_items<'q>(
        &'q self,
        mode: Mode,
        responses: &'q Responses,
    ) -> impl Iterator<Item = &'q Item> + 'q {
        self.items
            .iter()
            .filter(move |i| i.asked_in(mode) && self.is_enabled(i, responses))
    }

    /// The answers that still count: those to items asked given the other answers. An answer
    /// to a question no longer asked (the age changed, a "yes" became "no") is dropped.
    pub fn pruned(&self, responses: &Responses) -> Responses {
        responses
            .iter()
            .filter(|(id, _)| self.item(id).is_some_and(|i| self.is_enabled(i, responses)))
            .map(|(id, r)| (id.clone(), r.clone()))
            .collect()
    }

    /// Red-flag answers among the items asked.
    pub fn red_flags<'q>(&'q self, responses: &Responses) -> Vec<RedFlag<'q>> {
        let mut flags = Vec::new();
        for item in &self.items {
            if !self.is_enabled(item, responses) {
                continue;
            }
            match responses.get(&item.id) {
                Some(Response::Bool(true)) if item.red_flag => {
                    flags.push(RedFlag { item, option: None })
                }
                Some(Response::Text(code)) => {
                    if let Some(option) = item.option(code).filter(|o| o.red_flag) {
                        flags.push(RedFlag {
                            item,
                            option: Some(option),
                        });
                    }
                }
                _ => {}
            }
        }
        flags
    }

    /// The age in years from the age items, as far as answered.
    pub fn age_years(&self, responses: &Responses) -> Option<f64> {
        let years = responses.get("age_years")?.as_number()?;
        let months = responses
            .get("age_months")
            .and_then(Response::as_number)
            .unwrap_or(0.0);
        Some(years + months / 12.0)
    }

    /// A "please check" for a value unusual at the child's age, if any.
    pub fn plausibility(
        &self,
        item_id: &str,
        responses: &Responses,
    ) -> Option<PlausibilityWarning> {
        let value = responses.get(item_id)?.as_number()?;
        self.plausibility_of(item_id, value, responses)
    }

    /// As [`Self::plausibility`], for a value held elsewhere (e.g. the record).
    pub fn plausibility_of(
        &self,
        item_id: &str,
        value: f64,
        responses: &Responses,
    ) -> Option<PlausibilityWarning> {
        let age = self.age_years(responses)?;
        let bands = self.plausible_by_age.iter().find(|b| b.item == item_id)?;
        let band = bands.bands.iter().find(|b| age < b.age_years_below)?;
        if (band.min..=band.max).contains(&value) {
            return None;
        }
        let item = self.item(item_id)?;
        Some(PlausibilityWarning {
            item: item_id.to_string(),
            value,
            min: band.min,
            max: band.max,
            unit: item
                .unit
                .as_ref()
                .map_or(String::new(), |u| u.label.get(Lang::En).to_string()),
        })
    }

    /// Writes what the answers say into the record. Only answered items that are asked write;
    /// an unanswered item leaves the record as it is (the nurse may have entered it directly).
    pub fn apply(&self, responses: &Responses, record: &mut PatientRecord) {
        for item in &self.items {
            let (Some(mapping), Some(answer)) = (&item.maps_to, responses.get(&item.id)) else {
                continue;
            };
            if !self.is_enabled(item, responses) {
                continue;
            }
            apply_one(mapping, answer, record);
        }
    }
}

fn apply_one(mapping: &Mapping, answer: &Response, record: &mut PatientRecord) {
    if let Some(field) = &mapping.record {
        record.set_number(field, answer.as_number());
    }
    if mapping.age_weeks {
        record.age_days = answer.as_number().map(|w| w * 7.0);
    }
    if mapping.complaint {
        record.complaint = answer
            .as_str()
            .filter(|code| crate::catalog::complaint(code).is_some())
            .map(str::to_string);
    }
    if let Some(tool) = mapping.pain_score {
        let score = match answer {
            Response::Number(n) => Some(*n),
            Response::Text(code) => code.parse::<f64>().ok(),
            Response::Bool(_) => None,
        };
        record.vitals.pain_score = score;
        record.vitals.pain_tool = score.map(|_| tool);
    }
    let present = match answer {
        Response::Bool(b) => *b,
        Response::Text(code) => mapping.on.iter().any(|o| o == code),
        Response::Number(n) => mapping.at_least.is_some_and(|t| *n >= t),
    };
    if let Some(code) = &mapping.observation {
        record_observation(code, mapping.value.as_deref(), present, record);
    }
}

/// Writes one questionnaire answer into the record's observation. Present: yes, or the mapped
/// grade. Not present: a closed-world sign is cleared (not seen), an open-world yes/no is
/// answered "no", and a graded sign the answer set is cleared (the history does not grade it).
fn record_observation(code: &str, grade: Option<&str>, present: bool, record: &mut PatientRecord) {
    use crate::vocabulary::{self, Answer, ObservationKind};
    let Some(def) = vocabulary::observation(code) else {
        return;
    };
    let yes = match (def.kind, grade) {
        (ObservationKind::Choice, Some(g)) => Answer::Code(g.to_string()),
        _ => Answer::Flag(true),
    };
    let obs = &mut record.observations;
    if present {
        obs.insert(code.to_string(), yes);
    } else if def.kind == ObservationKind::YesNo && !def.closed_world {
        obs.insert(code.to_string(), Answer::Flag(false));
    } else if obs.get(code) == Some(&yes) {
        obs.remove(code);
    }
}
