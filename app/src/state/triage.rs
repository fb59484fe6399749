//! The triage screen's state: one `PatientRecord` (what rules, model and audit read), the text
//! exactly as typed in each numeric field, and the typing errors of fields that are not numbers.
//!
//! Each edit validates the record once and evaluates it once: `validated` feeds the
//! assessment (triage, scores, decision rules), the normal ranges and the model. Memos are
//! lazy, so a blank form is never evaluated.
//!
//! What the nurse reads while typing (the field, its message, the level and why) follows each
//! edit in the frame that shows the keystroke. The panels below it (what-ifs, scores, model,
//! rule path) follow `settled`: once, in the task after that frame is painted, however many
//! edits came before it.

use super::distinct::distinct;
use super::fields::{self, NumField, Validated};
use super::model::ModelState;
use crate::formats::board::BoardChild;
use crate::io::clock;
use leptos::prelude::*;
use rules::{Answer, Assessment, FormSigns, Lang, PatientRecord, ValidationError};
use std::collections::BTreeMap;

/// The assessment, or the errors that withhold it.
pub type Outcome = Result<Assessment, Vec<ValidationError>>;

#[derive(Clone, Copy)]
pub struct Triage {
    pub lang: ReadSignal<Lang>,
    pub record: RwSignal<PatientRecord>,
    pub texts: RwSignal<BTreeMap<NumField, String>>,
    pub typing: RwSignal<BTreeMap<NumField, ValidationError>>,
    /// Numeric observations (by vocabulary code), as typed, and those that are not numbers.
    pub obs_texts: RwSignal<BTreeMap<String, String>>,
    pub obs_typing: RwSignal<BTreeMap<String, ValidationError>>,
    /// Whether anything was entered (nothing is evaluated before).
    pub started: Memo<bool>,
    /// The one validation per edit.
    pub validated: Memo<Validated>,
    /// The one evaluation per edit.
    pub outcome: Memo<Outcome>,
    /// The validation errors (none when the record is valid). It changes only when they do,
    /// so the messages next to the fields are not looked at again on every keystroke.
    pub errors: Memo<Vec<ValidationError>>,
    /// The signs the form asks for the complaints recorded (recomputed only when the
    /// complaints change).
    pub signs: Memo<FormSigns>,
    /// The observations recorded, so the sign controls wake only when they change.
    pub observations: ReadSignal<BTreeMap<String, Answer>>,
    pub model: ModelState,
    /// Notified once the edits so far are on screen: the panels that can wait read the
    /// assessment then (`Triage::settled`).
    settle: Trigger,
    /// The child's place on the waiting-room board: its episode once saved, its label.
    pub board_child: RwSignal<BoardChild>,
}

/// An assessment differs from the previous one on almost every edit (the trace holds the values
/// typed); comparing two in full costs more than letting the readers' own small memos compare
/// what they show.
fn always_changed<T>(_: Option<&T>, _: Option<&T>) -> bool {
    true
}

impl Triage {
    pub fn new(lang: ReadSignal<Lang>) -> Self {
        let record = RwSignal::new(PatientRecord::default());
        let typing = RwSignal::new(BTreeMap::<NumField, ValidationError>::new());
        let obs_typing = RwSignal::new(BTreeMap::<String, ValidationError>::new());
        // The texts typed that are not numbers.
        let typed = move || {
            let mut typed: Vec<ValidationError> = typing.with(|t| t.values().cloned().collect());
            obs_typing.with(|t| typed.extend(t.values().cloned()));
            typed
        };
        let validated = Memo::new(move |_| record.with(|r| fields::validated(r, &typed())));
        let outcome = Memo::new_with_compare(
            move |_| {
                validated.with(|v| match v {
                    Ok(v) => Ok(rules::evaluate(v)),
                    Err(e) => Err(e.clone()),
                })
            },
            always_changed,
        );
        let started = Memo::new(move |_| record.with(|r| *r != PatientRecord::default()));
        // A blank record has nothing to refuse (`rules` tests it), so until something is
        // entered the errors are the typed texts that are not numbers: start-up neither
        // validates the blank record nor compiles the validation.
        let errors = Memo::new(move |_| {
            if !started.get() {
                return typed();
            }
            validated.with(|v| v.as_ref().err().cloned().unwrap_or_default())
        });
        let complaints = distinct(move || {
            record.with(|r| {
                r.complaint
                    .iter()
                    .chain(&r.other_complaints)
                    .cloned()
                    .collect::<Vec<_>>()
            })
        });
        let signs = Memo::new(move |_| {
            complaints.with(|c| FormSigns::for_complaints(c.iter().map(String::as_str)))
        });
        let settled = Trigger::new();
        // Not a signal: nothing is drawn from it.
        let pending = StoredValue::new(false);
        // Every edit of what the assessment reads schedules one `settled` after the next paint;
        // edits made before it runs join it.
        Effect::new(move |ran: Option<()>| {
            record.track();
            typing.track();
            obs_typing.track();
            if ran.is_none() || pending.get_value() {
                return;
            }
            pending.set_value(true);
            clock::after_next_paint(move || {
                pending.set_value(false);
                settled.notify();
            });
        });
        // The rule set is built from its statics when the browser is next idle, after the first
        // frame (the blank form asks its signs without it): the first keystroke then finds it
        // ready instead of paying for it.
        request_idle_callback(|| {
            rules::rules();
        });
        Self {
            lang,
            record,
            signs,
            texts: RwSignal::new(BTreeMap::new()),
            typing,
            obs_texts: RwSignal::new(BTreeMap::new()),
            obs_typing,
            started,
            validated,
            outcome,
            errors,
            observations: distinct(move || record.with(|r| r.observations.clone())),
            model: ModelState::new(record, validated, settled),
            settle: settled,
            board_child: RwSignal::new(BoardChild::default()),
        }
    }

    /// Reads the assessment for a panel that can wait for `settled`: it is read again only
    /// then, not on each edit. `None` before anything was entered.
    pub fn settled<T>(&self, f: impl FnOnce(&Outcome) -> T) -> Option<T> {
        self.settle.track();
        if !self.started.get_untracked() {
            return None;
        }
        Some(self.outcome.with_untracked(f))
    }

    /// Takes what was typed in a numeric field: kept as typed, written into the record when it
    /// reads as a number.
    pub fn type_number(&self, field: NumField, text: String) {
        let parsed = fields::parse_number(&text, field.field());
        self.texts.update(|t| {
            t.insert(field, text);
        });
        match parsed {
            Ok(value) => {
                if self.typing.with_untracked(|t| t.contains_key(&field)) {
                    self.typing.update(|t| {
                        t.remove(&field);
                    });
                }
                self.write_number(field, value);
            }
            Err(e) => {
                self.typing.update(|t| {
                    t.insert(field, e);
                });
                self.write_number(field, None);
            }
        }
    }

    /// Writes a number into the record, only when it changes it (so an edit that changes
    /// nothing re-evaluates nothing).
    fn write_number(&self, field: NumField, value: Option<f64>) {
        if self.record.with_untracked(|r| field.read(r) != value) {
            self.record.update(|r| field.write(r, value));
        }
    }

    /// As `type_number`, for a form whose own check refused the text: the text is kept and
    /// its error withholds the level, as a typing error does.
    pub fn set_number_text(&self, field: NumField, text: String, refused: Option<ValidationError>) {
        let Some(error) = refused else {
            return self.type_number(field, text);
        };
        self.texts.update(|t| {
            t.insert(field, text);
        });
        self.typing.update(|t| {
            t.insert(field, error);
        });
        self.write_number(field, None);
    }

    /// Sets (or, with `None`, clears) one observation of the record.
    pub fn set_observation(&self, code: &str, value: Option<Answer>) {
        if self
            .record
            .with_untracked(|r| r.observations.get(code) == value.as_ref())
        {
            return;
        }
        self.record.update(|r| match value {
            Some(v) => {
                r.observations.insert(code.to_string(), v);
            }
            None => {
                r.observations.remove(code);
            }
        });
    }

    /// Takes a typed number observation: kept as typed, written into the record when it reads
    /// as a number (the vocabulary's range is checked by `rules`' validation).
    pub fn type_observation(&self, code: &str, text: String) {
        let parsed = fields::parse_number(&text, "observations");
        self.obs_texts.update(|t| {
            t.insert(code.to_string(), text);
        });
        match parsed {
            Ok(value) => {
                if self.obs_typing.with_untracked(|t| t.contains_key(code)) {
                    self.obs_typing.update(|t| {
                        t.remove(code);
                    });
                }
                self.set_observation(code, value.map(Answer::Number));
            }
            Err(e) => {
                self.obs_typing.update(|t| {
                    t.insert(code.to_string(), e);
                });
                self.set_observation(code, None);
            }
        }
    }

    /// The message for a field, in the current language, if it has an error.
    pub fn error_for(&self, field: &'static str) -> Option<String> {
        let lang = self.lang.get();
        self.errors.with(|errors| {
            errors
                .iter()
                .find(|e| e.field() == field)
                .map(|e| e.message(lang))
        })
    }

    /// Puts a saved record on the form (a child opened from the board), its numbers shown as
    /// if typed.
    pub fn load_record(&self, record: PatientRecord, child: BoardChild) {
        self.clear();
        let texts: BTreeMap<NumField, String> = NumField::ALL
            .iter()
            .filter_map(|f| Some((*f, fields::format_number(f.read(&record)?))))
            .collect();
        let obs_texts: BTreeMap<String, String> = record
            .observations
            .iter()
            .filter_map(|(code, a)| match a {
                Answer::Number(n) => Some((code.clone(), fields::format_number(*n))),
                _ => None,
            })
            .collect();
        self.texts.set(texts);
        self.obs_texts.set(obs_texts);
        self.record.set(record);
        self.board_child.set(child);
        self.settle_now();
    }

    pub fn clear(&self) {
        self.board_child.set(BoardChild::default());
        self.record.set(PatientRecord::default());
        self.texts.set(BTreeMap::new());
        self.typing.set(BTreeMap::new());
        self.obs_texts.set(BTreeMap::new());
        self.obs_typing.set(BTreeMap::new());
        self.settle_now();
    }

    /// Another child, or none: the panels follow at once, so that no frame shows one child's
    /// level beside another's scores or rule path, and nothing of a cleared child is painted
    /// again.
    fn settle_now(&self) {
        self.settle.notify();
    }
}
