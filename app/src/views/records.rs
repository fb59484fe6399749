//! The saved audit records: listed, exported as JSON, printed.

use super::labels::{complaint_label, tr};
use crate::formats::audit::StoredRecord;
use crate::i18n::t;
use crate::io::download::print;
use crate::state::records::Records;
use leptos::prelude::*;
use rules::Lang;

fn short(hash: &str) -> String {
    hash.chars().take(12).collect()
}

/// One saved record as listed.
fn record_view(lang: Lang, i: usize, stored: &StoredRecord) -> AnyView {
    let json = serde_json::to_string_pretty(&stored.stored).unwrap_or_default();
    let full = view! {
        <details class="record-json">
            <summary>{t(lang, "records.full")}</summary>
            <pre tabindex="0">{json}</pre>
        </details>
    };
    let r = match &stored.read {
        Ok(r) => r,
        Err(e) => {
            return view! {
                <li class="audit-record" id=format!("record-{}", i + 1) data-level="">
                    <p class="field-error record-unreadable">{t(lang, "records.unreadable")} " (" {e.clone()} ")"</p>
                    {full}
                </li>
            }
            .into_any();
        }
    };
    let level = r.outputs.level;
    let deciding = &r.outputs.deciding_rules;
    view! {
        <li class="audit-record" id=format!("record-{}", i + 1) data-level=level.to_string()>
            <p class="record-head">
                <span class=format!("level-chip level-{level}")>
                    {t(lang, "level.label")} " " <span class="record-level">{level}</span> " — " {r.level_name(lang).to_string()}
                </span>
                " · " {complaint_label(lang, &r.inputs.patient_record)}
                " · " <time>{r.saved_at.clone()}</time>
            </p>
            <p class="record-rules">
                {t(lang, "result.deciding")} ": "
                {if deciding.is_empty() { "—".to_string() } else { deciding.join(", ") }}
            </p>
            <p class="record-versions">
                {t(lang, "footer.ruleset")} " " <code>{short(&r.ruleset_hash)}</code>
                " · " {t(lang, "footer.model")} " " <code>{short(&r.model_hash)}</code>
                " · " {t(lang, "footer.app_version")} " " <code>{r.app_version.clone()}</code>
                " · " {t(lang, "records.vocabulary")} " " <code class="record-vocabulary">{r.vocabulary_version.map(|n| n.to_string()).unwrap_or_else(|| "—".into())}</code>
            </p>
            {full}
        </li>
    }
    .into_any()
}

#[component]
pub fn RecordsScreen(lang: ReadSignal<Lang>, records: Records) -> impl IntoView {
    let (status, set_status) = signal(None::<String>);

    let export = move |_| match records.export() {
        Ok(()) => set_status.set(Some(t(lang.get_untracked(), "records.exported"))),
        Err(e) => set_status.set(Some(e)),
    };
    let print = move |_| print();

    let list = move || {
        let lang = lang.get();
        let all = records.0.get();
        if all.is_empty() {
            return view! { <p id="records-empty">{t(lang, "records.empty")}</p> }.into_any();
        }
        view! {
            <ol class="records" id="records-list">
                {all
                    .iter()
                    .enumerate()
                    .map(|(i, r)| record_view(lang, i, r))
                    .collect_view()}
            </ol>
        }
        .into_any()
    };

    view! {
        <section class="card records-screen" aria-labelledby="records-heading">
            <h2 id="records-heading">{tr(lang, "records.heading")}</h2>
            <p class="hint">{tr(lang, "records.hint")}</p>
            <div class="actions no-print">
                <button type="button" id="export-records" on:click=export disabled=move || records.0.with(|r| r.is_empty())>
                    {tr(lang, "records.export")}
                </button>
                <button type="button" id="print-records" on:click=print disabled=move || records.0.with(|r| r.is_empty())>
                    {tr(lang, "records.print")}
                </button>
            </div>
            <p id="records-status" role="status">{move || status.get()}</p>
            {list}
        </section>
    }
}
