//! The saved audit records: listed, exported as JSON, printed.

use crate::audit::{self, Records};
use crate::i18n::t;
use leptos::prelude::*;
use rules::Lang;
use serde_json::Value;

fn complaint_label(lang: Lang, v: &Value) -> String {
    v["inputs"]["patient_record"]["complaint"]
        .as_str()
        .map(|c| {
            rules::catalog::complaint(c)
                .map(|d| d.label(lang).to_string())
                .unwrap_or_else(|| c.to_string())
        })
        .unwrap_or_else(|| "—".to_string())
}

fn level_text(lang: Lang, v: &Value) -> (u64, String) {
    let level = v["outputs"]["level"].as_u64().unwrap_or(0);
    // A record written before a language existed holds no name in it: English then.
    let names = &v["outputs"]["assessment"]["level_info"];
    let name = names[lang.code()]
        .as_str()
        .or_else(|| names[Lang::En.code()].as_str())
        .unwrap_or("")
        .to_string();
    (level, name)
}

fn short(v: &Value) -> String {
    v.as_str()
        .map(|s| s.chars().take(12).collect())
        .unwrap_or_default()
}

#[component]
pub fn RecordsScreen(lang: ReadSignal<Lang>) -> impl IntoView {
    let records = use_context::<Records>().unwrap_or_default();
    let (status, set_status) = signal(None::<String>);

    let export = move |_| {
        let all = records.0.get_untracked();
        let text = serde_json::to_string_pretty(&all).unwrap_or_else(|_| "[]".into());
        let name = format!("pediatriage-audit-{}.json", all.len());
        match audit::download(&name, &text) {
            Ok(()) => set_status.set(Some(t(lang.get_untracked(), "records.exported"))),
            Err(e) => set_status.set(Some(e)),
        }
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };

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
                    .map(|(i, v)| {
                        let (level, name) = level_text(lang, v);
                        let deciding: Vec<String> = v["outputs"]["deciding_rules"]
                            .as_array()
                            .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                            .unwrap_or_default();
                        let json = serde_json::to_string_pretty(v).unwrap_or_default();
                        view! {
                            <li class="audit-record" id=format!("record-{}", i + 1) data-level=level.to_string()>
                                <p class="record-head">
                                    <span class=format!("level-chip level-{level}")>
                                        {t(lang, "level.label")} " " <span class="record-level">{level}</span> " — " {name}
                                    </span>
                                    " · " {complaint_label(lang, v)}
                                    " · " <time>{v["saved_at"].as_str().unwrap_or("").to_string()}</time>
                                </p>
                                <p class="record-rules">
                                    {t(lang, "result.deciding")} ": "
                                    {if deciding.is_empty() { "—".to_string() } else { deciding.join(", ") }}
                                </p>
                                <p class="record-versions">
                                    {t(lang, "footer.ruleset")} " " <code>{short(&v["ruleset_hash"])}</code>
                                    " · " {t(lang, "footer.model")} " " <code>{short(&v["model_hash"])}</code>
                                    " · " {t(lang, "footer.app_version")} " " <code>{v["app_version"].as_str().unwrap_or("").to_string()}</code>
                                    " · " {t(lang, "records.vocabulary")} " " <code class="record-vocabulary">{v["vocabulary_version"].as_u64().map(|n| n.to_string()).unwrap_or_else(|| "—".into())}</code>
                                </p>
                                {audit::patient_record_of(v).err().map(|e| view! {
                                    <p class="field-error record-unreadable">{t(lang, "records.unreadable")} " (" {e} ")"</p>
                                })}
                                <details class="record-json">
                                    <summary>{t(lang, "records.full")}</summary>
                                    <pre tabindex="0">{json}</pre>
                                </details>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        }
        .into_any()
    };

    view! {
        <section class="card records-screen" aria-labelledby="records-heading">
            <h2 id="records-heading">{move || t(lang.get(), "records.heading")}</h2>
            <p class="hint">{move || t(lang.get(), "records.hint")}</p>
            <div class="actions no-print">
                <button type="button" id="export-records" on:click=export disabled=move || records.0.with(|r| r.is_empty())>
                    {move || t(lang.get(), "records.export")}
                </button>
                <button type="button" id="print-records" on:click=print disabled=move || records.0.with(|r| r.is_empty())>
                    {move || t(lang.get(), "records.print")}
                </button>
            </div>
            <p id="records-status" role="status">{move || status.get()}</p>
            {list}
        </section>
    }
}
