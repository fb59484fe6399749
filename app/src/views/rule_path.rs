//! The rule path: every rule considered, most relevant first (fired, then open, then not
//! fired). Entries are keyed by rule id and outcome, so an edit that changes a value read by a
//! rule but not its outcome changes no entry; an entry's body (values read, criterion, source)
//! is built only while it is open. The rules that did not fire are folded, and listed only
//! when unfolded. A blank form has no path.

use super::fold::Fold;
use super::labels::{input_label, tr};
use super::provenance::{reviewer_note, source_line};
use crate::i18n::t;
use crate::state::triage::Triage;
use leptos::prelude::*;
use rules::{Input, Lang, Origin, Outcome, TraceEntry, Value};
use std::collections::HashSet;

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
                .unwrap_or_else(|| c.to_string()),
            Input::PatAppearance | Input::PatWorkOfBreathing | Input::PatCirculation => {
                t(lang, &format!("pat.{c}"))
            }
            other => t(lang, &format!("code.{}.{c}", other.name())),
        },
        Some(Value::Flag(b)) => t(lang, if *b { "trace.yes" } else { "trace.no" }),
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

/// What an entry's summary line shows.
#[derive(Clone, PartialEq)]
struct Head {
    rule_id: String,
    outcome: Outcome,
    level: u8,
    label: String,
}

/// The open part of a rule's path: rendered only while it is open, so the closed entries of a
/// long trace cost one line each.
fn trace_body(lang: Lang, e: &TraceEntry) -> AnyView {
    let rule_id = e.rule_id;
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
                Some(v) if o.origin != Origin::NotSeen => super::observation::value_text(lang, o.code, v),
                _ => t(lang, if o.origin == Origin::NotSeen { "obs.not_seen" } else { "scores.missing" }),
            };
            view! {
                <tr>
                    <th scope="row">{super::observation::label(lang, o.code)} " " <code>{o.code}</code></th>
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
                    {t(lang, "trace.rule")} ": " <code class="rule-id">{rule_id}</code>
                    " " {t(lang, "trace.version")} " " {e.version}
                </p>
                {source_line(lang, &e.source)}
                {reviewer_note(lang, e.note)}
            </div>
    }
    .into_any()
}

fn trace_entry(
    triage: Triage,
    lang: Lang,
    head: Head,
    open: RwSignal<HashSet<String>>,
) -> impl IntoView {
    let Head {
        rule_id,
        outcome,
        level,
        label,
    } = head;
    let outcome = outcome_key(outcome);
    let (rid, rid2) = (rule_id.clone(), rule_id.clone());
    // Built while open, from the current assessment.
    let body = move || {
        open.with(|s| s.contains(&rid)).then(|| {
            triage
                .settled(|o| {
                    o.as_ref()
                        .ok()
                        .and_then(|a| a.trace.iter().find(|e| e.rule_id == rid))
                        .map(|e| trace_body(lang, e))
                })
                .flatten()
        })
    };
    view! {
        <details
            class=format!("trace-entry outcome-{outcome}")
            id=format!("trace-{}", dom_id(&rule_id))
            data-rule-id=rule_id.clone()
            data-outcome=outcome
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
            // One text node beside the badge: a shift's page holds a few dozen entries.
            <summary>
                <span class=format!("outcome-badge {outcome}")>{t(lang, &format!("trace.outcome.{outcome}"))}</span>
                {format!(" {} {level} — {label}", t(lang, "trace.gives_level"))}
            </summary>
            {body}
        </details>
    }
}

/// The heads of the entries with the given outcome, most urgent level first.
fn heads(triage: Triage, outcome: Outcome) -> Memo<Vec<Head>> {
    Memo::new(move |_| {
        let lang = triage.lang.get();
        triage
            .settled(|o| match o {
                Ok(a) => {
                    let mut v: Vec<Head> = a
                        .trace
                        .iter()
                        .filter(|e| e.outcome == outcome)
                        .map(|e| Head {
                            rule_id: e.rule_id.to_string(),
                            outcome: e.outcome,
                            level: e.level,
                            label: super::labels::entry_label(lang, e),
                        })
                        .collect();
                    v.sort_by_key(|h| h.level);
                    v
                }
                Err(_) => Vec::new(),
            })
            .unwrap_or_default()
    })
}

#[component]
pub fn RulePath(triage: Triage) -> impl IntoView {
    let lang = triage.lang;
    let open = RwSignal::new(HashSet::<String>::new());
    // The rules that fired are the path to the level; those still open (their measurements are
    // the what-ifs above) and those that did not fire are one tap away, built when opened.
    let fired = heads(triage, Outcome::Fired);
    let unknown = heads(triage, Outcome::Unknown);
    let not_fired = heads(triage, Outcome::NotFired);
    let not_applicable = Memo::new(move |_| {
        triage
            .settled(|o| o.as_ref().map(|a| a.rules_not_applicable).unwrap_or(0))
            .unwrap_or(0)
    });
    let list = move |heads: Memo<Vec<Head>>| {
        view! {
            <For
                each=move || heads.get()
                key=|h| (h.rule_id.clone(), outcome_key(h.outcome), h.label.clone())
                children=move |h| trace_entry(triage, lang.get_untracked(), h, open)
            />
        }
    };
    let fold = move |id: &'static str, title: &'static str, heads: Memo<Vec<Head>>| {
        view! {
            <Show when=move || heads.with(|h| !h.is_empty())>
                <Fold
                    id=id
                    summary=move || t(lang.get(), title).replace("{n}", &heads.with(Vec::len).to_string())
                >
                    <div class="trace-list">{list(heads)}</div>
                </Fold>
            </Show>
        }
    };
    view! {
        <section class="card" id="trace" aria-labelledby="trace-heading">
            <h2 id="trace-heading">{tr(lang, "trace.heading")}</h2>
            <p class="hint">
                {tr(lang, "trace.hint")}
                " "
                {move || t(lang.get(), "trace.not_applicable").replace("{n}", &not_applicable.get().to_string())}
            </p>
            <div class="trace-list" id="trace-list">{list(fired)}</div>
            {fold("trace-unknown", "trace.unknown_folded", unknown)}
            {fold("trace-not-fired", "trace.not_fired_folded", not_fired)}
        </section>
    }
}
