//! The live suggestion: level banner, what could still change it, the scores' place, the model,
//! and the full rule path. Everything shown is read from `rules::Assessment`; nothing clinical
//! is recomputed here.

use super::{Triage, model_panel};
use crate::i18n::t;
use leptos::prelude::*;
use rules::{Assessment, Input, Lang, Origin, Outcome, TraceEntry, Value, WhatIf};
use std::collections::HashSet;

/// Label of an engine input, from the locale files.
pub fn input_label(lang: Lang, input: Input) -> String {
    t(lang, &format!("input.{}", input.name()))
}

/// A value as shown: numbers as entered, codes by their label where the app has one.
fn value_text(lang: Lang, input: Input, value: &Option<Value>) -> String {
    match value {
        None => t(lang, "trace.not_measured"),
        Some(Value::Number(x)) => {
            let unit = input.unit();
            if unit.is_empty() {
                format!("{x}")
            } else {
                format!("{x} {unit}")
            }
        }
        Some(Value::Code(c)) => match input {
            Input::Complaint => rules::catalog::complaint(c)
                .map(|d| d.label(lang).to_string())
                .unwrap_or_else(|| c.clone()),
            Input::PatAppearance | Input::PatWorkOfBreathing | Input::PatCirculation => {
                t(lang, &format!("pat.{c}"))
            }
            other => t(lang, &format!("code.{}.{c}", other.name())),
        },
        Some(Value::Flag(b)) => t(lang, if *b { "trace.yes" } else { "trace.no" }),
    }
}

/// Target time: "immediate" or "within N min".
pub fn target_text(lang: Lang, minutes: u32) -> String {
    if minutes == 0 {
        t(lang, "level.immediate")
    } else {
        t(lang, "level.within").replace("{n}", &minutes.to_string())
    }
}

/// Replaces the engine's input names in a criterion by their labels, for the what-if sentence.
fn readable_condition(lang: Lang, condition: &str, inputs: &[Input]) -> String {
    let mut out = condition.to_string();
    for i in inputs {
        out = out.replace(i.name(), &input_label(lang, *i));
    }
    out
}

fn outcome_rank(o: Outcome) -> u8 {
    match o {
        Outcome::Fired => 0,
        Outcome::Unknown => 1,
        Outcome::NotFired => 2,
    }
}

fn outcome_key(o: Outcome) -> &'static str {
    match o {
        Outcome::Fired => "fired",
        Outcome::Unknown => "unknown",
        Outcome::NotFired => "not_fired",
    }
}

fn origin_key(o: Origin) -> &'static str {
    match o {
        Origin::Measured => "trace.origin.measured",
        Origin::Derived => "trace.origin.derived",
        Origin::Assumed => "trace.origin.assumed",
        Origin::Missing => "trace.origin.missing",
        Origin::NotSeen => "trace.origin.not_seen",
    }
}

/// Safe for an element id.
pub fn dom_id(rule_id: &str) -> String {
    rule_id.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
}

fn entry_label(lang: Lang, e: &TraceEntry) -> String {
    e.label.get(lang).to_string()
}

fn level_banner(lang: Lang, a: &Assessment) -> AnyView {
    let info = &a.level_info;
    let reassess = info.reassess_minutes.map(|m| {
        if m == 0 {
            t(lang, "level.reassess_continuous")
        } else {
            t(lang, "level.reassess_every").replace("{n}", &m.to_string())
        }
    });
    let first_reason = a
        .trace
        .iter()
        .find(|e| a.deciding_rules.contains(&e.rule_id))
        .map(|e| entry_label(lang, e));
    view! {
        <div class=format!("level-banner level-{}", a.level) id="level-banner" data-level=a.level.to_string()>
            <p class="level-main">
                <span class="level-label">{t(lang, "level.label")} " "</span>
                <span class="level-number" id="level-number">{a.level}</span>
                " — "
                <span class="level-name" id="level-name">{info.name(lang).to_string()}</span>
            </p>
            <p class="level-target" id="level-target">
                {t(lang, "level.target")} ": " {target_text(lang, info.target_minutes)}
                {reassess.map(|r| view! { " · " {r} })}
            </p>
            {first_reason.map(|r| view! { <p class="level-reason">{t(lang, "result.deciding")} ": " {r}</p> })}
            <p class="level-final" id="level-final">
                {if a.is_final { t(lang, "level.final") } else { t(lang, "level.provisional") }}
            </p>
        </div>
    }
    .into_any()
}

fn deciding_view(lang: Lang, a: &Assessment) -> AnyView {
    let deciding: Vec<&TraceEntry> = a
        .trace
        .iter()
        .filter(|e| a.deciding_rules.contains(&e.rule_id))
        .collect();
    view! {
        <section class="card deciding" id="deciding-rules" aria-labelledby="deciding-heading">
            <h2 id="deciding-heading">{t(lang, "result.deciding")}</h2>
            {if deciding.is_empty() {
                let reason = a
                    .default_reason
                    .as_ref()
                    .map(|r| r.text.get(lang).to_string())
                    .unwrap_or_default();
                view! { <p id="default-reason">{t(lang, "result.no_modifier")} " " {reason}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {deciding
                            .iter()
                            .map(|e| {
                                let href = format!("#trace-{}", dom_id(&e.rule_id));
                                view! {
                                    <li>
                                        <a href=href>{entry_label(lang, e)}</a>
                                        " " <code class="rule-id">{e.rule_id.clone()}</code>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
            {a.pat_impression.as_ref().map(|p| {
                view! {
                    <p id="pat-impression">
                        {t(lang, "result.pat_impression")} ": "
                        <strong>{p.label.get(lang).to_string()}</strong>
                        " (" {p.source.reference_section.clone()} ", " {p.source.evidence.tag()} ")"
                    </p>
                }
            })}
        </section>
    }
    .into_any()
}

/// The level, kept in view at the top of the screen while the nurse types.
#[component]
pub fn LevelBanner(triage: Triage) -> impl IntoView {
    let lang = triage.lang;
    let started = Memo::new(move |_| {
        triage
            .record
            .with(|r| *r != rules::PatientRecord::default())
    });
    let banner = move || {
        let lang = lang.get();
        if !started.get() {
            return view! {
                <div class="level-banner level-none" id="level-banner" data-level="">
                    <p id="level-prompt">{t(lang, "result.prompt")}</p>
                </div>
            }
            .into_any();
        }
        triage.outcome.with(|o| match o {
            Ok(a) => level_banner(lang, a),
            Err(errors) => view! {
                <div class="level-banner level-none" id="level-banner" data-level="">
                    <p id="level-blocked">{t(lang, "result.blocked").replace("{n}", &errors.len().to_string())}</p>
                </div>
            }
            .into_any(),
        })
    };
    view! {
        <div class="sticky-banner" role="status" aria-live="polite" aria-atomic="true">
            {banner}
        </div>
    }
}

fn what_if_item(lang: Lang, w: &WhatIf) -> impl IntoView + use<> {
    let measure: Vec<String> = w.missing.iter().map(|i| input_label(lang, *i)).collect();
    let name = rules::levels()
        .iter()
        .find(|l| l.level == w.level)
        .map(|l| l.name(lang).to_string())
        .unwrap_or_default();
    let sentence = t(lang, "whatif.sentence")
        .replace("{measure}", &measure.join(", "))
        .replace(
            "{condition}",
            &readable_condition(lang, &w.condition, &w.missing),
        )
        .replace("{level}", &w.level.to_string())
        .replace("{name}", &name);
    view! {
        <li class=format!("what-if level-{}", w.level) data-level=w.level.to_string()>
            <span class="what-if-level">{w.level}</span>
            <span>{sentence}</span>
            " "
            <span class="rule-ids">
                {w.rule_ids.iter().map(|r| view! { <code class="rule-id">{r.clone()}</code> " " }).collect_view()}
            </span>
        </li>
    }
}

/// The open part of a rule's path: rendered only while it is open, so the closed entries of a
/// long trace cost one line each.
fn trace_body(lang: Lang, e: &TraceEntry) -> AnyView {
    let rule_id = e.rule_id.clone();
    let outcome = outcome_key(e.outcome);
    let inputs = e
        .inputs
        .iter()
        .map(|i| {
            view! {
                <tr>
                    <th scope="row">{input_label(lang, i.input)} " " <code>{i.input.name()}</code></th>
                    <td>{value_text(lang, i.input, &i.value)}</td>
                    <td>{t(lang, origin_key(i.origin))}</td>
                </tr>
            }
        })
        .collect_view();
    let observations = e
        .observations
        .iter()
        .map(|o| {
            let value = match &o.value {
                Some(v) if o.origin != Origin::NotSeen => super::observation::value_text(lang, &o.code, v),
                _ => t(lang, if o.origin == Origin::NotSeen { "obs.not_seen" } else { "scores.missing" }),
            };
            view! {
                <tr>
                    <th scope="row">{super::observation::label(lang, &o.code)} " " <code>{o.code.clone()}</code></th>
                    <td>{value}</td>
                    <td>{t(lang, origin_key(o.origin))}</td>
                </tr>
            }
        })
        .collect_view();
    let missing: Vec<String> = e.missing.iter().map(|i| input_label(lang, *i)).collect();
    view! {
            <div class="trace-body">
                <table class="trace-inputs">
                    <caption>{t(lang, "trace.inputs_read")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t(lang, "trace.input")}</th>
                            <th scope="col">{t(lang, "trace.value")}</th>
                            <th scope="col">{t(lang, "trace.origin")}</th>
                        </tr>
                    </thead>
                    <tbody>{inputs} {observations}</tbody>
                </table>
                <p class="criterion">{t(lang, "trace.criterion")} ": " <code>{e.criterion.clone()}</code></p>
                <p class="trace-outcome">
                    {t(lang, "trace.outcome")} ": " <strong>{t(lang, &format!("trace.outcome.{outcome}"))}</strong>
                    {(!missing.is_empty()).then(|| view! { " — " {t(lang, "trace.open_because")} " " {missing.join(", ")} })}
                </p>
                <p class="rule-ref">
                    {t(lang, "trace.rule")} ": " <code class="rule-id">{rule_id.clone()}</code>
                    " " {t(lang, "trace.version")} " " {e.version}
                </p>
                <p class="source">
                    {t(lang, "source.label")} ": " {e.source.source.clone()} " (" {e.source.reference_section.clone()} "). "
                    {t(lang, "source.evidence")} ": " <span class="evidence">{e.source.evidence.tag()}</span>
                </p>
                {e.note.clone().map(|n| view! { <p class="note">{t(lang, "trace.note")} ": " {n}</p> })}
            </div>
    }
    .into_any()
}

fn trace_entry(lang: Lang, e: TraceEntry, open: RwSignal<HashSet<String>>) -> impl IntoView {
    let rule_id = e.rule_id.clone();
    let rid = rule_id.clone();
    let rid2 = rule_id.clone();
    let rid3 = rule_id.clone();
    let outcome = outcome_key(e.outcome);
    let label = e.label.get(lang).to_string();
    let level = e.level;
    let e = std::sync::Arc::new(e);
    let body = move || {
        open.with(|s| s.contains(&rid3))
            .then(|| trace_body(lang, &e))
    };
    view! {
        <details
            class=format!("trace-entry outcome-{outcome}")
            id=format!("trace-{}", dom_id(&rule_id))
            data-rule-id=rule_id.clone()
            data-outcome=outcome
            prop:open=move || open.with(|s| s.contains(&rid))
            on:toggle:target=move |ev| {
                let is_open = ev.target().open();
                let known = open.with_untracked(|s| s.contains(&rid2));
                if is_open != known {
                    open.update(|s| {
                        if is_open { s.insert(rid2.clone()); } else { s.remove(&rid2); }
                    });
                }
            }
        >
            <summary>
                <span class=format!("outcome-badge {outcome}")>{t(lang, &format!("trace.outcome.{outcome}"))}</span>
                " "
                <span class="trace-level">{t(lang, "trace.gives_level")} " " {level}</span>
                " — "
                <span class="trace-label">{label}</span>
            </summary>
            {body}
        </details>
    }
}

#[component]
pub fn ResultPanel(triage: Triage) -> impl IntoView {
    let lang = triage.lang;
    let open = RwSignal::new(HashSet::<String>::new());
    let started = Memo::new(move |_| {
        triage
            .record
            .with(|r| *r != rules::PatientRecord::default())
    });

    let deciding = move || {
        let lang = lang.get();
        triage.outcome.with(|o| match o {
            Ok(a) if started.get() => deciding_view(lang, a),
            _ => ().into_any(),
        })
    };

    // What-ifs are keyed, so a keystroke adds or removes only the ones that changed.
    let what_ifs = Memo::new(move |_| {
        triage.outcome.with(|o| match o {
            Ok(a) if started.get() => Some(a.what_if.clone()),
            _ => None,
        })
    });
    let what_if_state = Memo::new(move |_| what_ifs.with(|w| w.as_ref().map(Vec::is_empty)));
    let what_if = move || match what_if_state.get() {
        None => ().into_any(),
        Some(true) => {
            view! { <p id="what-if-none">{move || t(lang.get(), "whatif.none")}</p> }.into_any()
        }
        Some(false) => view! {
            <ul class="what-if-list" id="what-if">
                <For
                    each=move || {
                        let l = lang.get();
                        what_ifs.get().unwrap_or_default().into_iter().map(move |w| (l, w))
                    }
                    key=|(l, w)| (l.code(), w.level, w.condition.clone(), w.rule_ids.clone())
                    children=move |(l, w)| what_if_item(l, &w)
                />
            </ul>
        }
        .into_any(),
    };

    // The trace, most relevant first: fired, then open (unknown), then not fired; by level.
    let entries = Memo::new(move |_| {
        triage.outcome.with(|o| match o {
            Ok(a) => {
                let mut v = a.trace.clone();
                v.sort_by_key(|e| (outcome_rank(e.outcome), e.level));
                v
            }
            Err(_) => Vec::new(),
        })
    });
    let not_applicable = move || {
        triage
            .outcome
            .with(|o| o.as_ref().map(|a| a.rules_not_applicable).unwrap_or(0))
    };

    view! {
        <aside class="result" aria-labelledby="result-heading">
            <h2 id="result-heading" class="visually-hidden">{move || t(lang.get(), "result.heading")}</h2>
            {deciding}
            <section class="card" aria-labelledby="whatif-heading">
                <h2 id="whatif-heading">{move || t(lang.get(), "whatif.heading")}</h2>
                {what_if}
            </section>
            <super::scores::ScoresPanel triage />
            <model_panel::ModelPanel triage />
            <section class="card" id="trace" aria-labelledby="trace-heading">
                <h2 id="trace-heading">{move || t(lang.get(), "trace.heading")}</h2>
                <p class="hint">
                    {move || t(lang.get(), "trace.hint")}
                    " "
                    {move || t(lang.get(), "trace.not_applicable").replace("{n}", &not_applicable().to_string())}
                </p>
                <div class="trace-list" id="trace-list">
                    <For
                        each=move || {
                            let l = lang.get();
                            entries.get().into_iter().map(move |e| (l, e))
                        }
                        key=|(l, e)| (l.code(), e.summary.clone())
                        children=move |(l, e)| trace_entry(l, e, open)
                    />
                </div>
            </section>
            <crate::audit::SaveButton triage />
        </aside>
    }
}
