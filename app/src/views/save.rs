//! Saving the assessment: as an audit record of the child's stay on the waiting-room board (a
//! new row the first time, a reassessment after that), with the label the nurse gives it there.

use super::labels::tr;
use crate::i18n::t;
use crate::io::storage::StoreError;
use crate::state::board::Board;
use crate::state::records::{Records, SaveRecordError};
use crate::state::triage::Triage;
use leptos::prelude::*;

#[component]
pub fn SaveButton(triage: Triage, records: Records, board: Board) -> impl IntoView {
    let lang = triage.lang;
    let (status, set_status) = signal(None::<String>);
    // A memo: the button is touched only when savability changes, not on every keystroke.
    let can_save = Memo::new(move |_| triage.started.get() && triage.validated.with(|v| v.is_ok()));
    let on_board = Memo::new(move |_| triage.board_child.with(|c| c.episode_id.is_some()));
    let save = move |_| {
        let lang = lang.get_untracked();
        match board.save_assessment(&triage, &records) {
            Ok(n) => set_status.set(Some(t(lang, "audit.saved").replace("{n}", &n.to_string()))),
            Err(SaveRecordError::NothingToSave) => {}
            Err(SaveRecordError::Storage(e)) => {
                let why = match e {
                    StoreError::Full => "notice.storage_full",
                    StoreError::Unavailable => "notice.storage_unavailable",
                };
                set_status.set(Some(format!(
                    "{}: {}",
                    t(lang, "audit.save_failed"),
                    t(lang, why)
                )))
            }
        }
    };
    view! {
        <section class="card save" aria-labelledby="save-heading">
            <h2 id="save-heading">{tr(lang, "audit.heading")}</h2>
            <div class="field wide">
                <label for="board-label">{tr(lang, "board.label_field")}</label>
                <input
                    id="board-label"
                    type="text"
                    autocomplete="off"
                    maxlength="40"
                    prop:value=move || triage.board_child.with(|c| c.label.clone())
                    on:input:target=move |ev| {
                        let text = ev.target().value();
                        triage.board_child.update(|c| c.label = text);
                    }
                />
            </div>
            <button type="button" id="save-assessment" class="primary" disabled=move || !can_save.get() on:click=save>
                {move || {
                    let key = if on_board.get() { "audit.save_reassessment" } else { "audit.save" };
                    t(lang.get(), key)
                }}
            </button>
            <p id="save-status" role="status">{move || status.get()}</p>
        </section>
    }
}
