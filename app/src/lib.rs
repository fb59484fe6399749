//! Pediatriage single-page app. It holds no clinical threshold: everything clinical comes from
//! `rules` and `model`. Layers, each importing only those before it:
//!
//! - `i18n`, `qr`: texts and the hand-off code, pure functions;
//! - `io`: the browser's storage, files, clock and the fault notice;
//! - `formats`: what is stored (draft, audit records), typed and versioned;
//! - `state`: signals and memos per screen and the actions that change them;
//! - `views`: components that render state and call its actions.

pub mod formats;
pub mod i18n;
pub mod io;
pub mod qr;
pub mod state;
mod views;

#[cfg(test)]
mod layers;

use wasm_bindgen::prelude::*;

/// The app's version, stored in every audit record.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

#[wasm_bindgen(start)]
pub fn start() {
    // Console message plus a visible notice with a Reload button (see io/fault.rs).
    io::fault::install();
    // The static page shows a loading notice until the wasm replaces it.
    if let Some(notice) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("loading"))
    {
        notice.remove();
    }
    leptos::mount::mount_to_body(views::App);
}
