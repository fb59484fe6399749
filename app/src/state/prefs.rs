//! What the app remembers of the person's choices on this device: the language, the screen,
//! and whether the device shows the parent's entry only.

use crate::io::{location, storage};
use rules::Lang;

const LANG_STORAGE_KEY: &str = "pediatriage.lang";
const SCREEN_STORAGE_KEY: &str = "pediatriage.screen";
const PARENT_MODE_STORAGE_KEY: &str = "pediatriage.parent_mode";

/// The address of the parent's entry: what a link or QR code from the clinic opens.
pub const PARENT_ENTRY_HASH: &str = "#/parent";

/// The screens: one per kind of user, and the saved records.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Screen {
    Parent,
    Triage,
    /// The nurse's waiting-room board: every child triaged on this device.
    Board,
    History,
    Records,
}

impl Screen {
    pub const ALL: [Screen; 5] = [
        Self::Parent,
        Self::Triage,
        Self::Board,
        Self::History,
        Self::Records,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Parent => "parent",
            Self::Triage => "nurse",
            Self::Board => "board",
            Self::History => "gp",
            Self::Records => "records",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Language saved by the user, else the first of the browser's languages
/// (`navigator.languages`, in the user's order) the app speaks, else English.
pub fn initial_lang() -> Lang {
    let saved = storage::get(LANG_STORAGE_KEY).and_then(|code| Lang::from_code(&code));
    let browser = || {
        let navigator = web_sys::window()?.navigator();
        let tags: Vec<String> = navigator
            .languages()
            .iter()
            .filter_map(|v| v.as_string())
            .chain(navigator.language())
            .collect();
        Lang::first_spoken(tags.iter().map(String::as_str))
    };
    saved.or_else(browser).unwrap_or_default()
}

/// Remembers the language; losing the preference is harmless.
pub fn save_lang(lang: Lang) {
    let _ = storage::set(LANG_STORAGE_KEY, lang.code());
}

/// The screen last shown on this device, else the triage screen.
pub fn initial_screen() -> Screen {
    storage::get(SCREEN_STORAGE_KEY)
        .and_then(|c| Screen::from_code(&c))
        .unwrap_or(Screen::Triage)
}

pub fn save_screen(screen: Screen) {
    let _ = storage::set(SCREEN_STORAGE_KEY, screen.code());
}

/// Whether this device shows the parent's entry only (the parent's questions and the hand-off,
/// no level, score or saved record): opened by its address, and kept on this device, in the
/// address and in storage, until a clinician leaves it (`leave_parent_mode`). Clearing the
/// device's data does not leave it: the address still says so.
pub fn initial_parent_mode() -> bool {
    let on =
        location::hash() == PARENT_ENTRY_HASH || storage::get(PARENT_MODE_STORAGE_KEY).is_some();
    if on {
        // Both marks, whichever one opened it.
        enter_parent_mode();
    }
    on
}

/// Puts the device in the parent's entry: a clinician hands it to a parent.
pub fn enter_parent_mode() {
    let _ = storage::set(PARENT_MODE_STORAGE_KEY, "1");
    location::replace_hash(PARENT_ENTRY_HASH);
}

/// A clinician's deliberate action: the device shows the clinician screens again.
pub fn leave_parent_mode() {
    storage::remove(PARENT_MODE_STORAGE_KEY);
    location::replace_hash("");
}
