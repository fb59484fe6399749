//! Messages about the app itself (draft restored or set aside, storage full, data cleared).

use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Notice {
    DraftRestored,
    DraftSetAside,
    /// The stored board could not be read (another version); it was moved aside.
    BoardSetAside,
    StorageFull,
    StorageUnavailable,
    Cleared,
}

impl Notice {
    /// Locale key of the message.
    pub fn key(self) -> &'static str {
        match self {
            Self::DraftRestored => "notice.draft_restored",
            Self::DraftSetAside => "notice.draft_set_aside",
            Self::BoardSetAside => "notice.board_set_aside",
            Self::StorageFull => "notice.storage_full",
            Self::StorageUnavailable => "notice.storage_unavailable",
            Self::Cleared => "notice.cleared",
        }
    }

    /// The element's id (kept stable: the end-to-end tests read these).
    pub fn id(self) -> &'static str {
        match self {
            Self::DraftRestored => "notice-draft-restored",
            Self::DraftSetAside => "notice-draft-set-aside",
            Self::BoardSetAside => "notice-board-set-aside",
            Self::StorageFull => "notice-storage-full",
            Self::StorageUnavailable => "notice-storage-unavailable",
            Self::Cleared => "notice-cleared",
        }
    }

    /// A problem (an alert) rather than information (a status).
    pub fn is_problem(self) -> bool {
        matches!(
            self,
            Self::DraftSetAside
                | Self::BoardSetAside
                | Self::StorageFull
                | Self::StorageUnavailable
        )
    }
}

/// The notices on screen, each once, in the order they came.
#[derive(Clone, Copy)]
pub struct Notices(pub RwSignal<Vec<Notice>>);

impl Notices {
    pub fn new() -> Self {
        Self(RwSignal::new(Vec::new()))
    }

    pub fn show(&self, n: Notice) {
        if !self.0.with_untracked(|list| list.contains(&n)) {
            self.0.update(|list| list.push(n));
        }
    }

    pub fn dismiss(&self, n: Notice) {
        if self.0.with_untracked(|list| list.contains(&n)) {
            self.0.update(|list| list.retain(|x| *x != n));
        }
    }

    pub fn clear(&self) {
        self.0.set(Vec::new());
    }
}

impl Default for Notices {
    fn default() -> Self {
        Self::new()
    }
}
