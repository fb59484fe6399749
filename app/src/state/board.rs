//! The waiting-room board: every child triaged on this device, one row each, with its deadlines
//! (from `rules::timing`) against a clock that ticks. Saving an assessment puts the child on the
//! board, or adds a reassessment to its episode; "seen" and "left" close a row and keep its
//! audit records.

use super::records::{Records, SaveRecordError};
use super::triage::Triage;
use super::vault;
use crate::formats::audit::StoredRecord;
use crate::formats::board::{self as stored, BoardChild, Closed, ClosedHow, Episode};
use crate::io::{clock, storage};
use gloo::timers::callback::Interval;
use leptos::prelude::*;
use rules::PatientRecord;
use rules::timing::{self, Assessed, Due};

pub const STORAGE_KEY: &str = "pediatriage.board";
/// Where a board this version cannot read is moved, untouched.
pub const SET_ASIDE_KEY: &str = "pediatriage.board.unreadable";
/// How often the board's times are brought up to date.
const TICK_MS: u32 = 15_000;

/// One assessment of a child, as the board and its trends read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub at_ms: i64,
    pub level: u8,
    pub record: PatientRecord,
}

/// One open episode as the board shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardRow {
    pub episode_id: String,
    pub label: String,
    pub arrived_ms: i64,
    pub due: Due,
    /// Its assessments, oldest first (never empty).
    pub history: Vec<Assessment>,
}

impl BoardRow {
    /// The latest assessment's record (age, complaint, what a reassessment starts from).
    pub fn record(&self) -> &PatientRecord {
        &self.history[self.history.len() - 1].record
    }
}

#[derive(Clone, Copy)]
pub struct Board {
    pub episodes: RwSignal<Vec<Episode>>,
    /// The clock the board's times are read against (ms since the epoch), ticking.
    pub now_ms: RwSignal<i64>,
    /// Whether a stored board could not be read (it was set aside).
    pub set_aside: RwSignal<bool>,
    /// The open rows in the board's order at the board's clock: computed once per change of
    /// the episodes, the records or the clock, for the board and its tab alike.
    pub rows: Memo<Vec<BoardRow>>,
}

impl Board {
    /// The board stored in this browser over the saved `records`, and its clock started.
    pub fn load(records: Records) -> Self {
        let (episodes, set_aside) = Self::read(vault::get(STORAGE_KEY).as_ref());
        let episodes = RwSignal::new(episodes);
        let now_ms = RwSignal::new(clock::now_ms() as i64);
        let tick = Interval::new(TICK_MS, move || now_ms.set(clock::now_ms() as i64));
        // The board lives as long as the page.
        std::mem::forget(tick);
        let rows = Memo::new(move |_| {
            episodes.with(|e| records.0.with(|r| open_rows(e, r, now_ms.get())))
        });
        Self {
            episodes,
            now_ms,
            set_aside: RwSignal::new(set_aside),
            rows,
        }
    }

    /// How many children on the board are overdue now (for the tab).
    pub fn overdue_count(&self) -> usize {
        let now = self.now_ms.get();
        self.rows
            .with(|rows| rows.iter().filter(|r| r.due.overdue_ms(now) > 0).count())
    }

    /// The stored episodes; a board this version cannot read is moved aside (`true`).
    fn read(text: Option<&String>) -> (Vec<Episode>, bool) {
        match text {
            None => (Vec::new(), false),
            Some(text) => match stored::parse(text) {
                Ok(file) => (file.episodes, false),
                Err(_) => {
                    let _ = vault::set(SET_ASIDE_KEY, text);
                    vault::remove(STORAGE_KEY);
                    (Vec::new(), true)
                }
            },
        }
    }

    /// Puts back the board opened from the ward lock.
    pub fn replace_from(&self, text: Option<&String>) {
        let (episodes, set_aside) = Self::read(text);
        self.episodes.set(episodes);
        self.set_aside.set(set_aside);
    }

    fn store(&self, episodes: Vec<Episode>) -> Result<(), storage::StoreError> {
        vault::set(STORAGE_KEY, &stored::text(&episodes))?;
        self.episodes.set(episodes);
        Ok(())
    }

    /// Saves the triage form's assessment as an audit record of the child's episode: a new
    /// episode (a new row) the first time, a reassessment after that. The number of records.
    pub fn save_assessment(
        &self,
        triage: &Triage,
        records: &Records,
    ) -> Result<usize, SaveRecordError> {
        if triage.outcome.with_untracked(|o| o.is_err()) {
            return Err(SaveRecordError::NothingToSave);
        }
        let child = triage.board_child.get_untracked();
        let now = clock::now_iso();
        let mut episodes = self.episodes.get_untracked();
        let open = child
            .episode_id
            .as_ref()
            .filter(|id| episodes.iter().any(|e| &e.id == *id && e.closed.is_none()));
        let episode_id = match open {
            Some(id) => {
                let id = id.clone();
                if let Some(e) = episodes.iter_mut().find(|e| e.id == id) {
                    e.label = child.label.trim().to_string();
                }
                id
            }
            None => {
                let id = format!("{}-{:06x}", now, (js_sys::Math::random() * 16e6) as u32);
                episodes.push(Episode {
                    id: id.clone(),
                    label: child.label.trim().to_string(),
                    opened_at: now,
                    closed: None,
                });
                id
            }
        };
        let n = records.save_in_episode(triage, Some(&episode_id))?;
        self.store(episodes).map_err(SaveRecordError::Storage)?;
        triage.board_child.set(BoardChild {
            episode_id: Some(episode_id),
            label: child.label,
        });
        Ok(n)
    }

    /// Closes a row ("seen" or "left"); its audit records stay.
    pub fn close(&self, episode_id: &str, how: ClosedHow) -> Result<(), storage::StoreError> {
        let mut episodes = self.episodes.get_untracked();
        if let Some(e) = episodes.iter_mut().find(|e| e.id == episode_id) {
            e.closed = Some(Closed {
                how,
                at: clock::now_iso(),
            });
        }
        self.store(episodes)
    }

    /// Erases the board (the shared-tablet "clear all"); the audit records go with `Records`.
    pub fn clear_all(&self) {
        storage::remove(STORAGE_KEY);
        storage::remove(SET_ASIDE_KEY);
        self.episodes.set(Vec::new());
    }
}

/// One episode's assessments from the saved records, oldest first (a record whose time cannot
/// be read is left out).
fn history_of(records: &[StoredRecord], episode_id: &str) -> Vec<Assessment> {
    let mut history: Vec<Assessment> = records
        .iter()
        .filter_map(|r| r.read.as_ref().ok())
        .filter(|r| r.episode_id.as_deref() == Some(episode_id))
        .filter_map(|r| {
            Some(Assessment {
                at_ms: clock::parse_iso_ms(&r.saved_at)?,
                level: r.outputs.level,
                record: r.inputs.patient_record.clone(),
            })
        })
        .collect();
    history.sort_by_key(|a| a.at_ms);
    history
}

/// The open episodes as rows, in the board's order at `now`.
fn open_rows(episodes: &[Episode], records: &[StoredRecord], now: i64) -> Vec<BoardRow> {
    let mut rows: Vec<BoardRow> = episodes
        .iter()
        .filter(|e| e.closed.is_none())
        .filter_map(|e| {
            let history = history_of(records, &e.id);
            let assessed: Vec<Assessed> = history
                .iter()
                .map(|a| Assessed {
                    at_ms: a.at_ms,
                    level: a.level,
                })
                .collect();
            let due = timing::due(&assessed)?;
            Some(BoardRow {
                episode_id: e.id.clone(),
                label: e.label.clone(),
                arrived_ms: clock::parse_iso_ms(&e.opened_at).unwrap_or(history[0].at_ms),
                due,
                history,
            })
        })
        .collect();
    rows.sort_by(|a, b| timing::board_order(&a.due, &b.due, now));
    rows
}
