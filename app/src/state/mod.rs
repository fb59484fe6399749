//! The app's state: signals and memos per screen, and the actions that change them. It reads
//! and writes the browser only through `io`, keeps its stored forms in `formats`, and never
//! imports a view.

pub mod anamnesis;
pub mod board;
pub mod distinct;
pub mod draft;
pub mod fields;
pub mod handoff;
pub mod idle;
pub mod model;
pub mod notices;
pub mod prefs;
pub mod records;
pub mod scanner;
pub mod session;
pub mod triage;
pub mod vault;
