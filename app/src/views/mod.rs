//! The screens and their parts. Views render state and call its actions; nothing outside this
//! module imports it.

mod anamnesis;
mod board;
mod entry;
mod fold;
mod handoff;
mod idle;
mod labels;
mod level_banner;
mod lock;
mod model_panel;
mod normal_ranges;
mod observation;
mod provenance;
mod records;
mod result;
mod rule_path;
mod save;
mod scores;
mod shell;
mod trends;

pub use shell::App;

use anamnesis::{HistoryScreen, NurseHistory, ParentScreen};
use board::BoardScreen;
use normal_ranges::NormalRanges;
use records::RecordsScreen;

use crate::io::clock;
use crate::state::board::Board;
use crate::state::records::Records;
use crate::state::triage::Triage;
use leptos::prelude::*;

/// The triage screen: entry on one side, the live level and its path on the other. On a
/// landscape tablet the two are columns and the level heads the result column, so the form has
/// the whole height; narrower, the level sticks to the top of the page and the result follows
/// the form (the CSS orders `.live`'s children into the page).
///
/// The result column below the banner is built in the task after the screen's first paint. On a
/// phone or a portrait tablet it lies below the whole form; on a landscape tablet it holds, for
/// a blank form, nothing yet to read. Its code is about a tenth of what a fresh load compiles
/// before the form can take a keystroke (BENCHMARKS.md, session 19). The level stays in the
/// first frame.
#[component]
fn TriageScreen(triage: Triage, records: Records, board: Board) -> impl IntoView {
    let painted = RwSignal::new(false);
    clock::after_next_paint(move || painted.set(true));
    view! {
        <div class="triage-layout">
            <entry::EntryForm triage />
            <div class="live">
                <level_banner::LevelBanner triage />
                <Show when=move || painted.get()>
                    <result::ResultPanel triage records board />
                </Show>
            </div>
        </div>
    }
}
