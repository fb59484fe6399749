//! Everything the app holds for this device: the language, the screen, the patient being
//! entered (triage and history), the saved records, the notices and the idle clear. Built once
//! at start; the shell view reads it and every screen gets the part it shows.

use super::anamnesis::Anamnesis;
use super::board::Board;
use super::draft::{self, Autosave};
use super::idle::IdleClear;
use super::notices::{Notice, Notices};
use super::prefs::{self, Screen};
use super::records::Records;
use super::triage::Triage;
use super::vault::{self, VaultError};
use crate::io::storage::StoreError;
use leptos::prelude::*;
use rules::Lang;

/// The storage keys that hold children's data: sealed once a ward passcode is set.
const PROTECTED_KEYS: [&str; 5] = [
    draft::DRAFT_KEY,
    draft::SET_ASIDE_KEY,
    super::records::STORAGE_KEY,
    super::board::STORAGE_KEY,
    super::board::SET_ASIDE_KEY,
];

/// The ward passcode's state as the screens show it.
#[derive(Clone, Copy)]
pub struct WardLock {
    /// A passcode is set on this device (data at rest sealed).
    pub configured: RwSignal<bool>,
    /// Locked: nothing of the children's data is in the page until the passcode is given.
    pub locked: RwSignal<bool>,
    /// A key is being derived (PBKDF2 takes a moment on purpose).
    pub busy: RwSignal<bool>,
    pub error: RwSignal<Option<VaultError>>,
}

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
    pub board: Board,
    pub notices: Notices,
    pub idle: IdleClear,
    pub lock: WardLock,
}

impl Session {
    pub fn start() -> Self {
        let (lang, set_lang) = signal(prefs::initial_lang());
        Effect::new(move |_| {
            if let Some(root) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let _ = root.set_attribute("lang", lang.get().code());
            }
        });
        // The language and the screen are saved when they change (at start-up they are what was
        // saved, or the browser's language again).
        Effect::watch(
            move || lang.get(),
            |lang, _, _| prefs::save_lang(*lang),
            false,
        );
        let parent_mode = RwSignal::new(prefs::initial_parent_mode());
        let screen = RwSignal::new(if parent_mode.get_untracked() {
            Screen::Parent
        } else {
            prefs::initial_screen()
        });
        Effect::watch(
            move || screen.get(),
            |screen, _, _| prefs::save_screen(*screen),
            false,
        );

        // With a ward passcode set, the app starts locked: the sealed data is read only once the
        // passcode is given.
        let configured = vault::configured();
        let lock = WardLock {
            configured: RwSignal::new(configured),
            locked: RwSignal::new(configured),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
        };
        let triage = Triage::new(lang);
        let history = Anamnesis::new(triage);
        let records = Records::load();
        let board = Board::load(records);
        let notices = Notices::new();
        if board.set_aside.get_untracked() {
            notices.show(Notice::BoardSetAside);
        }

        // The draft comes back before autosave starts, so an empty form never overwrites it.
        let restored = match draft::load() {
            draft::Found::Draft(d) => {
                draft::restore(*d, &triage, &history);
                notices.show(Notice::DraftRestored);
                true
            }
            draft::Found::SetAside => {
                notices.show(Notice::DraftSetAside);
                false
            }
            draft::Found::Nothing => false,
        };
        vault::on_late_error(move |e| match e {
            StoreError::Full => notices.show(Notice::StorageFull),
            StoreError::Unavailable => notices.show(Notice::StorageUnavailable),
        });
        Autosave::start(triage, history, restored, move |result| match result {
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
                || board.episodes.with(|e| !e.is_empty())
        });
        let parent_step = RwSignal::new(0usize);
        // Idle: a tablet with a ward passcode locks (the data stays, sealed); one without
        // clears the children's data.
        let held = Held {
            triage,
            history,
            parent_step,
            records,
            board,
            notices,
        };
        let idle = IdleClear::start(has_data, move || {
            if lock.configured.get_untracked() {
                held.lock_page(lock);
            } else {
                held.clear_all()
            }
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
            board,
            notices,
            idle,
            lock,
        }
    }

    /// Locks now: the key leaves memory and nothing of the children's data stays in the page.
    pub fn lock_now(&self) {
        self.held().lock_page(self.lock);
    }

    fn held(&self) -> Held {
        Held {
            triage: self.triage,
            history: self.history,
            parent_step: self.parent_step,
            records: self.records,
            board: self.board,
            notices: self.notices,
        }
    }

    /// Sets the ward passcode (sealing what is stored now); the outcome shows in `lock`.
    pub fn set_passcode(&self, passcode: String) {
        let lock = self.lock;
        lock.busy.set(true);
        lock.error.set(None);
        leptos::task::spawn_local(async move {
            match vault::set_passcode(&passcode, &PROTECTED_KEYS).await {
                Ok(()) => lock.configured.set(true),
                Err(e) => lock.error.set(Some(e)),
            }
            lock.busy.set(false);
        });
    }

    /// Unlocks with the passcode: the children's data opened and put back on screen. A wrong
    /// passcode shows nothing and changes nothing.
    pub fn unlock(&self, passcode: String) {
        let s = *self;
        s.lock.busy.set(true);
        s.lock.error.set(None);
        leptos::task::spawn_local(async move {
            match vault::unlock(&passcode, &PROTECTED_KEYS).await {
                Ok(opened) => {
                    s.records
                        .replace_from(opened.get(super::records::STORAGE_KEY));
                    s.board.replace_from(opened.get(super::board::STORAGE_KEY));
                    if s.board.set_aside.get_untracked() {
                        s.notices.show(Notice::BoardSetAside);
                    }
                    match opened
                        .get(draft::DRAFT_KEY)
                        .map_or(draft::Found::Nothing, |text| draft::read(text))
                    {
                        draft::Found::Draft(d) => draft::restore(*d, &s.triage, &s.history),
                        draft::Found::SetAside => s.notices.show(Notice::DraftSetAside),
                        draft::Found::Nothing => {}
                    }
                    s.lock.locked.set(false);
                }
                Err(e) => s.lock.error.set(Some(e)),
            }
            s.lock.busy.set(false);
        });
    }

    /// End of shift: every child's data on this device erased and the passcode forgotten.
    pub fn end_of_shift(&self) {
        self.clear_all();
        vault::forget();
        self.lock.configured.set(false);
        self.lock.locked.set(false);
        self.lock.error.set(None);
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

    /// Opens a child from the board on the triage form, for a reassessment: its latest record,
    /// its episode and label. The history typed for the previous child goes.
    pub fn open_from_board(
        &self,
        record: rules::PatientRecord,
        child: crate::formats::board::BoardChild,
    ) {
        self.held().clear_patient();
        self.triage.load_record(record, child);
        self.screen.set(Screen::Triage);
    }

    /// A new patient: everything typed for this one goes (saved records stay).
    pub fn clear_patient(&self) {
        self.held().clear_patient();
    }

    /// The shared-tablet "clear all": the patient and every saved record.
    pub fn clear_all(&self) {
        self.held().clear_all();
    }
}

/// What the device holds of the children, for the actions that clear or lock it all (built
/// before the `Session`, which the idle timer cannot wait for).
#[derive(Clone, Copy)]
struct Held {
    triage: Triage,
    history: Anamnesis,
    parent_step: RwSignal<usize>,
    records: Records,
    board: Board,
    notices: Notices,
}

impl Held {
    /// The patient being entered goes (saved records and the board stay).
    fn clear_patient(self) {
        self.triage.clear();
        self.history.clear();
        self.parent_step.set(0);
        draft::discard();
        self.notices.clear();
    }

    /// Everything: the patient, the saved records and the board.
    fn clear_all(self) {
        self.clear_patient();
        self.records.clear_all();
        self.board.clear_all();
        self.notices.show(Notice::Cleared);
    }

    /// The page forgets every child (the stored data stays, sealed) and shows the lock.
    fn lock_page(self, lock: WardLock) {
        // What was typed a moment ago is sealed before the key goes.
        draft::flush_pending();
        vault::lock();
        self.triage.clear();
        self.history.clear();
        self.parent_step.set(0);
        self.records.0.set(Vec::new());
        self.board.episodes.set(Vec::new());
        self.notices.clear();
        lock.error.set(None);
        lock.locked.set(true);
    }
}
