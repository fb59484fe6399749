//! The screens and their parts. Views render state and call its actions; nothing outside this
//! module imports it.

mod anamnesis;
mod entry;
mod handoff;
mod idle;
mod labels;
mod level_banner;
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

pub use shell::App;

use anamnesis::{HistoryScreen, NurseHistory, ParentScreen};
use normal_ranges::NormalRanges;
use records::RecordsScreen;

use crate::state::records::Records;
use crate::state::triage::Triage;
use leptos::prelude::*;

/// The triage screen: entry on one side, the live suggestion and its path on the other.
#[component]
fn TriageScreen(triage: Triage, records: Records) -> impl IntoView {
    view! {
        <level_banner::LevelBanner triage />
        <div class="triage-layout">
            <entry::EntryForm triage />
            <result::ResultPanel triage records />
        </div>
    }
}
