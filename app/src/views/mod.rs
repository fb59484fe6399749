//! The screens and their parts.

mod anamnesis;
mod entry;
mod handoff;
mod model_panel;
mod normal_ranges;
mod observation;
mod records;
mod result;
mod scores;

pub use anamnesis::{HistoryScreen, NurseHistory, ParentScreen};
pub use model_panel::model_hash;
pub use normal_ranges::NormalRanges;
pub use records::RecordsScreen;

use crate::i18n::t;
use crate::state::{self, NumField};
use leptos::prelude::*;
use rules::{Answer, Assessment, Lang, PatientRecord, ValidationError};
use std::collections::BTreeMap;

/// The triage screen's state: one `PatientRecord` (what rules, model and audit read), the text
/// exactly as typed in each numeric field, and the typing errors of fields that are not numbers.
#[derive(Clone, Copy)]
pub struct Triage {
    pub lang: ReadSignal<Lang>,
    pub record: RwSignal<PatientRecord>,
    pub texts: RwSignal<BTreeMap<NumField, String>>,
    pub typing: RwSignal<BTreeMap<NumField, ValidationError>>,
    /// Numeric observations (by vocabulary code), as typed, and those that are not numbers.
    pub obs_texts: RwSignal<BTreeMap<String, String>>,
    pub obs_typing: RwSignal<BTreeMap<String, ValidationError>>,
    pub outcome: Memo<Result<Assessment, Vec<ValidationError>>>,
    /// The observations recorded, so the sign controls update only when they change.
    pub observations: Memo<BTreeMap<String, Answer>>,
    pub model: model_panel::ModelState,
}

impl Triage {
    pub fn new(lang: ReadSignal<Lang>) -> Self {
        let record = RwSignal::new(PatientRecord::default());
        let typing = RwSignal::new(BTreeMap::<NumField, ValidationError>::new());
        let obs_typing = RwSignal::new(BTreeMap::<String, ValidationError>::new());
        let outcome = Memo::new(move |_| {
            let mut typing: Vec<ValidationError> = typing.with(|t| t.values().cloned().collect());
            obs_typing.with(|t| typing.extend(t.values().cloned()));
            record.with(|r| state::outcome(r, &typing))
        });
        Self {
            lang,
            record,
            texts: RwSignal::new(BTreeMap::new()),
            typing,
            obs_texts: RwSignal::new(BTreeMap::new()),
            obs_typing,
            outcome,
            observations: Memo::new(move |_| record.with(|r| r.observations.clone())),
            model: model_panel::ModelState::new(record, obs_typing),
        }
    }

    /// Takes what was typed in a numeric field: kept as typed, written into the record when it
    /// reads as a number.
    pub fn type_number(&self, field: NumField, text: String) {
        let parsed = state::parse_number(&text, field.field());
        self.texts.update(|t| {
            t.insert(field, text);
        });
        match parsed {
            Ok(value) => {
                self.typing.update(|t| {
                    t.remove(&field);
                });
                self.record.update(|r| field.write(r, value));
            }
            Err(e) => {
                self.typing.update(|t| {
                    t.insert(field, e);
                });
                self.record.update(|r| field.write(r, None));
            }
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
        self.record.update(|r| field.write(r, None));
    }

    /// Sets (or, with `None`, clears) one observation of the record.
    pub fn set_observation(&self, code: &str, value: Option<Answer>) {
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
        let parsed = state::parse_number(&text, "observations");
        self.obs_texts.update(|t| {
            t.insert(code.to_string(), text);
        });
        match parsed {
            Ok(value) => {
                self.obs_typing.update(|t| {
                    t.remove(code);
                });
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
        self.outcome.with(|o| match o {
            Err(errors) => errors
                .iter()
                .find(|e| e.field() == field)
                .map(|e| e.message(lang)),
            Ok(_) => None,
        })
    }

    pub fn clear(&self) {
        self.record.set(PatientRecord::default());
        self.texts.set(BTreeMap::new());
        self.typing.set(BTreeMap::new());
        self.obs_texts.set(BTreeMap::new());
        self.obs_typing.set(BTreeMap::new());
    }
}

/// The triage screen: entry on one side, the live suggestion and its path on the other.
#[component]
pub fn TriageScreen(triage: Triage) -> impl IntoView {
    view! {
        <result::LevelBanner triage />
        <div class="triage-layout">
            <entry::EntryForm triage />
            <result::ResultPanel triage />
        </div>
    }
}

#[component]
pub fn LanguageSwitch(lang: ReadSignal<Lang>, set_lang: WriteSignal<Lang>) -> impl IntoView {
    let button = move |choice: Lang| {
        view! {
            <button
                type="button"
                class="lang-button"
                id=format!("lang-{}", choice.code())
                lang=choice.code()
                aria-pressed=move || (lang.get() == choice).to_string()
                on:click=move |_| set_lang.set(choice)
            >
                {choice.autonym()}
            </button>
        }
    };
    view! {
        <nav class="lang-switch" aria-label=move || t(lang.get(), "lang.label")>
            {Lang::ALL.iter().map(|&choice| button(choice)).collect_view()}
        </nav>
    }
}

#[component]
pub fn Footer(lang: ReadSignal<Lang>) -> impl IntoView {
    let ruleset = &rules::ruleset_hash()[..12];
    let model_hash = model_panel::model_hash();
    view! {
        <footer class="app-footer">
            <p>{move || t(lang.get(), "footer.private")}</p>
            <p>
                {move || t(lang.get(), "footer.ruleset")} " "
                <code id="ruleset-hash">{ruleset}</code>
                " · "
                {move || t(lang.get(), "footer.model")} " "
                <code id="model-hash">{model_hash}</code>
                " · "
                {move || t(lang.get(), "footer.app_version")} " "
                <code id="app-version">{crate::APP_VERSION}</code>
            </p>
        </footer>
    }
}
