//! The anamnesis answers and how they meet the triage record.
//!
//! Items the questionnaire maps onto a numeric record field (age, weight, vital signs) have no
//! answer of their own: they read and write the triage form's field, so a value typed once
//! shows on every screen (ARCHITECTURE.md: nothing is entered twice). The other answers are
//! kept here and written into the record through `Questionnaire::apply`.

use super::fields::{NumField, format_number};
use super::triage::Triage;
use leptos::prelude::*;
use rules::questionnaire::{Item, ItemKind, Questionnaire, anamnesis};
use rules::{Response, Responses, ValidationError};
use std::collections::BTreeMap;

/// The record field an item reads and writes, if it is one of the triage form's numbers.
pub fn num_field_of(item: &Item) -> Option<NumField> {
    let field = item.maps_to.as_ref()?.record.as_deref()?;
    NumField::ALL.iter().copied().find(|f| f.field() == field)
}

#[derive(Clone, Copy)]
pub struct Anamnesis {
    pub triage: Triage,
    /// Answers to items that are not record numbers.
    pub own: RwSignal<Responses>,
    /// What was typed in number and text inputs, kept as typed.
    pub texts: RwSignal<BTreeMap<String, String>>,
    /// Answers refused by their item (shown next to the item; the text is kept).
    pub errors: RwSignal<BTreeMap<String, ValidationError>>,
    /// Every answer, own and read from the record: what conditions, red flags, the hand-off
    /// and the export read.
    pub current: Memo<Responses>,
}

impl Anamnesis {
    pub fn new(triage: Triage) -> Self {
        let own = RwSignal::new(Responses::new());
        let current = Memo::new(move |_| {
            let mut all = own.get();
            // A blank record fills no item: the questionnaire is not read until there is an
            // answer or a value to map onto it (start-up leaves building it to the idle time).
            if all.is_empty() && !triage.started.get() {
                return all;
            }
            let q = anamnesis();
            triage.record.with(|record| {
                for item in &q.items {
                    if let Some(f) = num_field_of(item) {
                        match f.read(record) {
                            Some(v) => all.insert(item.id.clone(), Response::Number(v)),
                            None => all.remove(&item.id),
                        };
                    }
                    let is_complaint = item.maps_to.as_ref().is_some_and(|m| m.complaint);
                    if is_complaint
                        && let Some(code) = &record.complaint
                        && item.option(code).is_some()
                    {
                        all.insert(item.id.clone(), Response::Text(code.clone()));
                    }
                }
            });
            all
        });
        // Built from its statics when the browser is next idle, after the first frame: the
        // first answer or value then finds it ready instead of paying for it on that keystroke.
        request_idle_callback(|| {
            anamnesis();
        });
        Self {
            triage,
            own,
            texts: RwSignal::new(BTreeMap::new()),
            errors: RwSignal::new(BTreeMap::new()),
            current,
        }
    }

    pub fn questionnaire(&self) -> &'static Questionnaire {
        anamnesis()
    }

    /// The text to show in an item's input.
    pub fn text_of(&self, item: &'static Item) -> String {
        if let Some(f) = num_field_of(item) {
            return self
                .triage
                .texts
                .with(|t| t.get(&f).cloned())
                .unwrap_or_default();
        }
        if let Some(text) = self.texts.with(|t| t.get(&item.id).cloned()) {
            return text;
        }
        match self.current.with(|c| c.get(&item.id).cloned()) {
            Some(Response::Number(n)) => format_number(n),
            Some(Response::Text(s)) => s,
            Some(Response::Bool(b)) => if b { "yes" } else { "no" }.to_string(),
            None => String::new(),
        }
    }

    /// The message for an item, if its answer is refused: the item's own check first, then
    /// the rule engine's validation of the record field it writes.
    pub fn error_of(&self, item: &'static Item) -> Option<ValidationError> {
        if let Some(e) = self.errors.with(|e| e.get(&item.id).cloned()) {
            return Some(e);
        }
        let f = num_field_of(item)?;
        self.triage.validated.with(|v| match v {
            Err(errors) => errors.iter().find(|e| e.field() == f.field()).cloned(),
            Ok(_) => None,
        })
    }

    /// Takes an answer as typed or chosen. A refused answer keeps its text on screen and
    /// writes nothing; a blank one clears the answer.
    pub fn answer(&self, item: &'static Item, text: String) {
        let parsed = item.parse(&text);
        match &parsed {
            Ok(_) => self.errors.update(|e| {
                e.remove(&item.id);
            }),
            Err(err) => self.errors.update(|e| {
                e.insert(item.id.clone(), err.clone());
            }),
        }
        if let Some(f) = num_field_of(item) {
            self.triage
                .set_number_text(f, text, parsed.as_ref().err().cloned());
            return;
        }
        if matches!(
            item.kind,
            ItemKind::Integer | ItemKind::Decimal | ItemKind::Text
        ) {
            self.texts.update(|t| {
                t.insert(item.id.clone(), text);
            });
        }
        let Ok(value) = parsed else {
            // The refused answer no longer counts (its earlier value would be stale).
            self.own.update(|o| {
                o.remove(&item.id);
            });
            return;
        };
        self.set(item, value);
    }

    /// Sets a checked answer (or clears it) and writes what it implies into the record.
    fn set(&self, item: &'static Item, value: Option<Response>) {
        self.own.update(|o| match value.clone() {
            Some(v) => {
                o.insert(item.id.clone(), v);
            }
            None => {
                o.remove(&item.id);
            }
        });
        let mapping = item.maps_to.as_ref();
        if mapping.is_some_and(|m| m.age_weeks) {
            let days = value
                .as_ref()
                .and_then(Response::as_number)
                .map(|w| w * 7.0);
            self.triage.type_number(
                NumField::AgeDays,
                days.map(format_number).unwrap_or_default(),
            );
        } else if mapping.is_some() {
            let all = self.current.get_untracked();
            let q = anamnesis();
            self.triage.record.update(|r| {
                if value.is_none() && mapping.is_some_and(|m| m.complaint) {
                    r.complaint = None;
                }
                q.apply(&all, r);
            });
        }
    }

    /// Takes an imported set of answers: each one replaces the answer to its question; answers
    /// to other questions (and vital signs typed by the nurse) are kept.
    pub fn load(&self, answers: &Responses) {
        let q = anamnesis();
        // In questionnaire order, so the age is known before what depends on it.
        for item in &q.items {
            if let Some(value) = answers.get(&item.id) {
                let text = match value {
                    Response::Number(n) => format_number(*n),
                    Response::Text(s) => s.clone(),
                    Response::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
                };
                self.answer(item, text);
            }
        }
    }

    pub fn clear(&self) {
        self.own.set(Responses::new());
        self.texts.set(BTreeMap::new());
        self.errors.set(BTreeMap::new());
    }

    /// The answers still asked (to hand over or export).
    pub fn answers_to_export(&self) -> Responses {
        anamnesis().pruned(&self.current.get_untracked())
    }
}
