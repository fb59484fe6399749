//! The draft of the patient being entered: saved to this browser's storage shortly after each
//! change (off the keystroke), flushed at once when the page is hidden or the app fails, and
//! put back at start, so a reload, a crash or a closed tab loses nothing.
//!
//! A draft that cannot be read (damaged, or written by another version) is never trusted and
//! never silently dropped: it is moved aside under its own key and the user is told.

use super::anamnesis::Anamnesis;
use super::fields::NumField;
use super::triage::Triage;
use super::vault;
use crate::formats::draft::{Draft, FORMAT, parse};
use crate::io::storage::{self, StoreError};
use gloo::timers::callback::Timeout;
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::BTreeMap;

pub const DRAFT_KEY: &str = "pediatriage.draft";
/// Where an unreadable draft is moved, untouched, for someone to look at.
pub const SET_ASIDE_KEY: &str = "pediatriage.draft.unreadable";
/// How long after the last edit the draft is written: long enough to stay off a burst of
/// keystrokes, short enough that a crash between two edits loses at most this much typing
/// (and the fault handler flushes it anyway).
const AUTOSAVE_DELAY_MS: u32 = 300;

/// What was found at start.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    Nothing,
    Draft(Box<Draft>),
    /// A draft that could not be read; it was moved to [`SET_ASIDE_KEY`].
    SetAside,
}

/// Everything typed now.
pub fn capture(triage: &Triage, anamnesis: &Anamnesis) -> Draft {
    Draft {
        format: FORMAT,
        record: triage.record.get(),
        texts: triage.texts.with(|t| {
            t.iter()
                .map(|(f, text)| (f.field().to_string(), text.clone()))
                .collect()
        }),
        observation_texts: triage.obs_texts.get(),
        anamnesis: anamnesis.own.get(),
        anamnesis_texts: anamnesis.texts.get(),
        board: triage.board_child.get(),
    }
}

pub fn save(draft: &Draft) -> Result<(), StoreError> {
    if draft.is_empty() {
        vault::remove(DRAFT_KEY);
        return Ok(());
    }
    let text = serde_json::to_string(draft).map_err(|_| StoreError::Unavailable)?;
    vault::set(DRAFT_KEY, &text)
}

/// Reads the stored draft; an unreadable one is moved aside. With none stored the reader is not
/// called, so a first visit does not compile its JSON decoder (12 KB of wasm) before the form's
/// first frame.
pub fn load() -> Found {
    vault::get(DRAFT_KEY).map_or(Found::Nothing, |text| read(&text))
}

/// Reads a draft's stored text (from storage, or opened from the ward lock); an unreadable one
/// is moved aside.
pub fn read(text: &str) -> Found {
    match parse(text) {
        Ok(draft) => Found::Draft(Box::new(draft)),
        Err(_) => {
            // Keep the bytes for inspection; the app starts clean either way.
            let _ = vault::set(SET_ASIDE_KEY, text);
            vault::remove(DRAFT_KEY);
            Found::SetAside
        }
    }
}

pub fn discard() {
    storage::remove(DRAFT_KEY);
}

/// Puts a draft back on screen. Typed texts are replayed through the same paths as typing,
/// so their errors come back too.
pub fn restore(draft: Draft, triage: &Triage, anamnesis: &Anamnesis) {
    triage.clear();
    anamnesis.clear();
    triage.record.set(draft.record);
    for (field, text) in &draft.texts {
        if let Some(f) = NumField::ALL.iter().copied().find(|f| f.field() == field) {
            let item_error = rules::questionnaire::anamnesis()
                .items
                .iter()
                .find(|i| super::anamnesis::num_field_of(i) == Some(f))
                .and_then(|i| i.parse(text).err());
            triage.set_number_text(f, text.clone(), item_error);
        }
    }
    // Replayed as typed, so a text that is not a number gets its error back (and withholds
    // the level and the model's estimate as before); a text of a number writes what the
    // record already holds.
    for (code, text) in &draft.observation_texts {
        triage.type_observation(code, text.clone());
    }
    let q = rules::questionnaire::anamnesis();
    let mut errors = BTreeMap::new();
    for (id, text) in &draft.anamnesis_texts {
        if let Some(Err(e)) = q.item(id).map(|i| i.parse(text)) {
            errors.insert(id.clone(), e);
        }
    }
    anamnesis.own.set(draft.anamnesis);
    anamnesis.texts.set(draft.anamnesis_texts);
    anamnesis.errors.set(errors);
    triage.board_child.set(draft.board);
}

thread_local! {
    /// The pending save, if an edit is waiting for its autosave.
    static PENDING: RefCell<Option<Timeout>> = const { RefCell::new(None) };
    /// Writes the draft now (set by [`Autosave::start`]); called by the pending save, when the
    /// page is hidden, and by the fault handler before the instance dies.
    static FLUSH: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Writes the draft now, once autosave has started.
fn flush() {
    FLUSH.with(|f| {
        if let Ok(f) = f.try_borrow()
            && let Some(f) = f.as_ref()
        {
            f();
        }
    });
}

/// Writes a pending draft at once. Safe to call when nothing is pending.
pub fn flush_pending() {
    let pending = PENDING.with(|p| p.try_borrow_mut().ok().and_then(|mut p| p.take()));
    if let Some(timeout) = pending {
        timeout.cancel();
        flush();
    }
}

/// Saves the draft a moment after each change, reporting the outcome to `on_result`.
pub struct Autosave;

impl Autosave {
    /// `restored`: a draft was put back on screen at start-up; the first run writes it back.
    pub fn start(
        triage: Triage,
        anamnesis: Anamnesis,
        restored: bool,
        on_result: impl Fn(Result<(), StoreError>) + Clone + 'static,
    ) {
        let report = on_result.clone();
        FLUSH.with(|f| {
            *f.borrow_mut() = Some(Box::new(move || {
                report(save(&capture(&triage, &anamnesis)));
            }))
        });
        // Subscribes to everything a draft holds. The first run, at start-up, saves a restored
        // draft at once: one from an earlier format is written back in this one. With nothing
        // restored there is nothing to write (a blank form's save only removes the stored draft,
        // and there is none).
        Effect::new(move |previous: Option<()>| {
            triage.record.track();
            triage.texts.track();
            triage.obs_texts.track();
            anamnesis.own.track();
            anamnesis.texts.track();
            triage.board_child.track();
            if previous.is_none() {
                if restored {
                    flush();
                }
                return;
            }
            let timeout = Timeout::new(AUTOSAVE_DELAY_MS, || {
                PENDING.with(|p| p.borrow_mut().take());
                flush();
            });
            // Replacing the previous timeout drops (cancels) it: one save per burst of typing.
            PENDING.with(|p| *p.borrow_mut() = Some(timeout));
        });
        crate::io::fault::on_fault(flush_pending);
        // Hidden page (tab closed, app switched, reload): write what is pending now.
        let handle = window_event_listener_untyped("pagehide", |_| flush_pending());
        std::mem::forget(handle);
        let handle = window_event_listener_untyped("visibilitychange", |_| flush_pending());
        std::mem::forget(handle);
    }
}
