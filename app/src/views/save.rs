//! The button that saves the assessment as an audit record.

use crate::i18n::t;
use crate::io::storage::StoreError;
use crate::state::records::{Records, SaveRecordError};
use crate::state::triage::Triage;
use leptos::prelude::*;

#[component]
pub fn SaveButton(triage: Triage, records: Records) -> impl IntoView {
    let lang = triage.lang;
    let (status, set_status) = signal(None::<String>);
    let can_save = move || triage.started.get() && triage.validated.with(|v| v.is_ok());
    let save = move |_| {
        let lang = lang.get_untracked();
        match records.save(&triage) {
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
            <h2 id="save-heading">{move || t(lang.get(), "audit.heading")}</h2>
            <button type="button" id="save-assessment" class="primary" disabled=move || !can_save() on:click=save>
                {move || t(lang.get(), "audit.save")}
            </button>
            <p id="save-status" role="status">{move || status.get()}</p>
        </section>
    }
}
