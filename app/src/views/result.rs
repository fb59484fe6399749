//! The live suggestion beside the form: what set the level, what could still change it, the
//! scores, the model, the rule path and the save button. Everything shown is read from
//! `rules::Assessment`; nothing clinical is recomputed here.

use super::labels::{entry_label, input_label, tr};
use super::model_panel;
use crate::i18n::t;
use crate::state::board::Board;
use crate::state::records::Records;
use crate::state::triage::Triage;
use leptos::prelude::*;
use rules::{Input, Lang, WhatIf};

/// Replaces the engine's input names in a criterion by their labels, for the what-if sentence.
fn readable_condition(lang: Lang, condition: &str, inputs: &[Input]) -> String {
    let mut out = condition.to_string();
    for i in inputs {
        out = out.replace(i.name(), &input_label(lang, *i));
    }
    out
}

/// Why the level is what it is: the deciding rules, or the default's reason, and the general
/// impression; in words, computed once per edit and compared, so the panel re-renders only when
/// one of them changes.
#[derive(Clone, PartialEq)]
struct Deciding {
    /// (rule id, label) of each deciding rule.
    rules: Vec<(String, String)>,
    default_reason: Option<String>,
    /// (label, REFERENCE section, evidence tag).
    impression: Option<(String, String, &'static str)>,
}

fn deciding_view(lang: Lang, d: Deciding) -> AnyView {
    view! {
        <section class="card deciding" id="deciding-rules" aria-labelledby="deciding-heading">
            <h2 id="deciding-heading">{t(lang, "result.deciding")}</h2>
            {if d.rules.is_empty() {
                // The rule data's reason says that no modifier fired, in each language.
                view! { <p id="default-reason">{d.default_reason.unwrap_or_default()}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {d.rules
                            .into_iter()
                            .map(|(id, label)| {
                                let href = format!("#trace-{}", super::rule_path::dom_id(&id));
                                // The id is for the audit (the rule path entry shows it).
                                view! {
                                    <li data-rule-id=id>
                                        <a href=href>{label}</a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
            {d.impression.map(|(label, section, tag)| {
                view! {
                    <p id="pat-impression">
                        {t(lang, "result.pat_impression")} ": "
                        <strong>{label}</strong>
                        " (" {section} ", " {tag} ")"
                    </p>
                }
            })}
        </section>
    }
    .into_any()
}

fn what_if_item(lang: Lang, w: &WhatIf) -> impl IntoView + use<> {
    let measure: Vec<String> = w.missing.iter().map(|i| input_label(lang, *i)).collect();
    let name = rules::levels()
        .iter()
        .find(|l| l.level == w.level)
        .map(|l| l.name(lang).to_string())
        .unwrap_or_default();
    // The rules' own plain words; the criterion notation only for a rule without a label.
    let labels = w.rule_labels();
    let sentence = if !labels.is_empty() && labels.len() == w.rule_ids.len() {
        let reasons: Vec<&str> = labels.iter().map(|l| l.get(lang)).collect();
        t(lang, "whatif.sentence_plain").replace("{reasons}", &reasons.join(&t(lang, "whatif.or")))
    } else {
        t(lang, "whatif.sentence").replace(
            "{condition}",
            &readable_condition(lang, &w.condition(), &w.missing),
        )
    }
    .replace("{measure}", &measure.join(", "))
    .replace("{level}", &w.level.to_string())
    .replace("{name}", &name);
    // Rule ids are for the audit: kept on the element and in the rule path, not in the line.
    view! {
        <li
            class=format!("what-if level-{}", w.level)
            data-level=w.level.to_string()
            data-rule-ids=w.rule_ids.join(" ")
        >
            <span class="what-if-level">{w.level}</span>
            <span>{sentence}</span>
        </li>
    }
}

#[component]
pub fn ResultPanel(triage: Triage, records: Records, board: Board) -> impl IntoView {
    let lang = triage.lang;
    let deciding = Memo::new(move |_| {
        if !triage.started.get() {
            return None;
        }
        let lang = lang.get();
        triage.outcome.with(|o| {
            let a = o.as_ref().ok()?;
            Some(Deciding {
                rules: a
                    .trace
                    .iter()
                    .filter(|e| a.deciding_rules.contains(&e.rule_id))
                    .map(|e| (e.rule_id.to_string(), entry_label(lang, e)))
                    .collect(),
                default_reason: a
                    .default_reason
                    .as_ref()
                    .map(|r| r.text.get(lang).to_string()),
                impression: a.pat_impression.as_ref().map(|p| {
                    (
                        p.label.get(lang).to_string(),
                        p.source.reference_section.clone(),
                        p.source.evidence.tag(),
                    )
                }),
            })
        })
    });
    let deciding_shown = move || {
        deciding
            .get()
            .map(|d| deciding_view(lang.get_untracked(), d))
    };

    // What-ifs are keyed, so a keystroke adds or removes only the ones that changed.
    let what_ifs = Memo::new(move |_| {
        triage
            .settled(|o| o.as_ref().ok().map(|a| a.what_if.clone()))
            .flatten()
    });
    let what_if_state = Memo::new(move |_| what_ifs.with(|w| w.as_ref().map(Vec::is_empty)));
    let what_if = move || match what_if_state.get() {
        None => ().into_any(),
        Some(true) => view! { <p id="what-if-none">{tr(lang, "whatif.none")}</p> }.into_any(),
        Some(false) => view! {
            <ul class="what-if-list" id="what-if">
                <For
                    each=move || {
                        let l = lang.get();
                        what_ifs.get().unwrap_or_default().into_iter().map(move |w| (l, w))
                    }
                    key=|(l, w)| (l.code(), w.level, w.condition(), w.rule_ids.clone())
                    children=move |(l, w)| what_if_item(l, &w)
                />
            </ul>
        }
        .into_any(),
    };

    view! {
        <aside class="result" aria-labelledby="result-heading">
            <h2 id="result-heading" class="visually-hidden">{tr(lang, "result.heading")}</h2>
            {deciding_shown}
            <section class="card" aria-labelledby="whatif-heading">
                <h2 id="whatif-heading">{tr(lang, "whatif.heading")}</h2>
                {what_if}
            </section>
            <super::scores::ScoresPanel triage />
            <model_panel::ModelPanel triage />
            <super::rule_path::RulePath triage />
            <super::save::SaveButton triage records board />
        </aside>
    }
}
