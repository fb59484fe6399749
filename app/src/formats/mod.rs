//! What the app keeps in the browser's storage, as typed and versioned serde formats: the
//! draft of the patient being entered, the saved audit records and the waiting-room board. Pure data: no browser, no
//! signals. Reading an older format migrates it; a later or damaged one is refused with the
//! reason, never dropped silently.

pub mod audit;
pub mod board;
pub mod draft;
