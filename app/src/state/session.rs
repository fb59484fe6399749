//! Everything the app holds for this device: the language, the screen, the patient being
//! entered (triage and history), the saved records, the notices and the idle clear. Built once
//! at start; the shell view reads it and every screen gets the part it shows.

use super::anamnesis::Anamnesis;
use super::draft::{self, Autosave};
use super::idle::IdleClear;
use super::notices::{Notice, Notices};
use super::prefs::{self, Screen};
use super::records::Records;
use super::triage::Triage;
use crate::io::storage::StoreError;
use leptos::prelude::*;
use rules::Lang;

#[derive(Clone, Copy)]
pub struct Session {
    pub lang: ReadSignal<Lang>,
    pub set_lang: WriteSignal<Lang>,
    pub screen: RwSignal<Screen>,
    /// The device shows the parent's entry only (`prefs::initial_parent_mode`).
    pub parent_mode: RwSignal<bool>,
    pub triage: Triage,
    pub history: Anamnesis,
    /// The parent's form: which step is shown.
    pub parent_step: RwSignal<usize>,
    pub records: Records,
    pub notices: Notices,
    pub idle: IdleClear,
}

impl Session {
    pub fn start() -> Self {
        let (lang, set_lang) = signal(prefs::initial_lang());
        Effect::new(move |_| {
            let lang = lang.get();
            prefs::save_lang(lang);
            if let Some(root) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let _ = root.set_attribute("lang", lang.code());
            }
        });
        let parent_mode = RwSignal::new(prefs::initial_parent_mode());
        let screen = RwSignal::new(if parent_mode.get_untracked() {
            Screen::Parent
        } else {
            prefs::initial_screen()
        });
        Effect::new(move |_| prefs::save_screen(screen.get()));

        let triage = Triage::new(lang);
        let history = Anamnesis::new(triage);
        let records = Records::load();
        let notices = Notices::new();

        // The draft comes back before autosave starts, so an empty form never overwrites it.
        match draft::load() {
            draft::Found::Draft(d) => {
                draft::restore(*d, &triage, &history);
                notices.show(Notice::DraftRestored);
            }
            draft::Found::SetAside => notices.show(Notice::DraftSetAside),
            draft::Found::Nothing => {}
        }
        Autosave::start(triage, history, move |result| match result {
            Ok(()) => {
                notices.dismiss(Notice::StorageFull);
                notices.dismiss(Notice::StorageUnavailable);
            }
            Err(StoreError::Full) => notices.show(Notice::StorageFull),
            Err(StoreError::Unavailable) => notices.show(Notice::StorageUnavailable),
        });

        let has_data = Signal::derive(move || {
            triage.started.get()
                || history.own.with(|a| !a.is_empty())
                || history
                    .texts
                    .with(|t| t.values().any(|v| !v.trim().is_empty()))
                || records.0.with(|r| !r.is_empty())
        });
        let parent_step = RwSignal::new(0usize);
        let idle = IdleClear::start(has_data, move || {
            clear_all(triage, history, parent_step, records, notices)
        });
        Self {
            lang,
            set_lang,
            screen,
            parent_mode,
            triage,
            history,
            parent_step,
            records,
            notices,
            idle,
        }
    }

    /// A clinician hands the device to a parent: the parent's questions and the hand-off only.
    pub fn enter_parent_mode(&self) {
        prefs::enter_parent_mode();
        self.screen.set(Screen::Parent);
        self.parent_mode.set(true);
    }

    /// A clinician takes the device back: the clinician screens again.
    pub fn leave_parent_mode(&self) {
        prefs::leave_parent_mode();
        self.parent_mode.set(false);
    }

    /// A new patient: everything typed for this one goes (saved records stay).
    pub fn clear_patient(&self) {
        clear_patient(self.triage, self.history, self.parent_step, self.notices);
    }

    /// The shared-tablet "clear all": the patient and every saved record.
    pub fn clear_all(&self) {
        clear_all(
            self.triage,
            self.history,
            self.parent_step,
            self.records,
            self.notices,
        );
    }
}

fn clear_patient(
    triage: Triage,
    history: Anamnesis,
    parent_step: RwSignal<usize>,
    notices: Notices,
) {
    triage.clear();
    history.clear();
    parent_step.set(0);
    draft::discard();
    notices.clear();
}

fn clear_all(
    triage: Triage,
    history: Anamnesis,
    parent_step: RwSignal<usize>,
    records: Records,
    notices: Notices,
) {
    clear_patient(triage, history, parent_step, notices);
    records.clear_all();
    notices.show(Notice::Cleared);
}
