//! One control per kind of observation of the vocabulary (`rules::observations()`), each
//! bound to the one entry of `record.observations`: the triage form's signs, the questions of
//! the scores and decision rules and the model's questions all use these, so a sign answered in
//! one place shows answered everywhere and the triage rules read that same entry.
//!
//! - closed-world yes/no (a danger sign ticked on sight): one toggle; not ticked = not seen;
//! - open-world yes/no: yes / no / not answered;
//! - choice (a graded sign): its options, least to most severe, and "not answered";
//! - number: an input with the vocabulary's unit and range, the text kept as typed.
//!
//! Labels and definitions come from the vocabulary; the definition is the label's tooltip.
//! Element ids are `{place}-{code}` (toggle, number) and `{place}-{code}-{value}` (buttons,
//! `unanswered` for "not answered"), `place` naming where the control is (`obs` in the triage
//! form, `answer` in the score questions, `model` in the model panel).

use super::labels::tr;
use crate::i18n::t;
use crate::state::triage::Triage;
use leptos::prelude::*;
use rules::{Answer, Lang, ObservationDef, ObservationKind};

/// The label of an observation in a language (its code when the vocabulary lacks it).
pub fn label(lang: Lang, code: &str) -> String {
    rules::observation(code)
        .map(|d| d.label(lang).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// An observation's value in words.
pub fn value_text(lang: Lang, code: &str, value: &rules::Value) -> String {
    let def = rules::observation(code);
    match value {
        rules::Value::Flag(true) if def.is_some_and(|d| d.closed_world) => t(lang, "trace.present"),
        rules::Value::Flag(false) if def.is_some_and(|d| d.closed_world) => t(lang, "obs.not_seen"),
        rules::Value::Flag(b) => t(lang, if *b { "trace.yes" } else { "trace.no" }),
        rules::Value::Number(x) => match def.map(|d| d.unit.as_str()).unwrap_or("") {
            "" => format!("{x}"),
            unit => format!("{x} {unit}"),
        },
        rules::Value::Code(c) => def
            .and_then(|d| d.option(c))
            .map(|o| o.label(lang).to_string())
            .unwrap_or_else(|| c.to_string()),
    }
}

fn definition(lang: ReadSignal<Lang>, def: &'static ObservationDef) -> impl Fn() -> String {
    move || def.definition(lang.get()).unwrap_or_default().to_string()
}

/// The control for one observation. `hint`: show "not ticked = not seen" next to a
/// closed-world toggle (a group of toggles shows it once instead).
pub fn control(triage: Triage, place: &'static str, code: &str, hint: bool) -> AnyView {
    // A value always derived (fever from the temperature) is never asked.
    let Some(def) = rules::observation(code).filter(|d| d.can_be_entered()) else {
        return ().into_any();
    };
    let code: &'static str = def.code.as_str();
    match def.kind {
        ObservationKind::YesNo if def.closed_world => toggle(triage, place, def, hint),
        ObservationKind::YesNo | ObservationKind::Choice => buttons(triage, place, def),
        ObservationKind::Number => number(triage, place, def, code),
    }
}

/// A closed-world sign: one toggle button.
fn toggle(
    triage: Triage,
    place: &'static str,
    def: &'static ObservationDef,
    hint: bool,
) -> AnyView {
    let lang = triage.lang;
    let code = def.code.as_str();
    let pressed = move || {
        triage
            .observations
            .with(|o| o.get(code) == Some(&Answer::Flag(true)))
    };
    let button = view! {
        <button
            type="button"
            class="toggle finding"
            id=format!("{place}-{code}")
            data-observation=code
            title=definition(lang, def)
            aria-pressed=move || pressed().to_string()
            on:click=move |_| {
                let now = (!pressed()).then_some(Answer::Flag(true));
                triage.set_observation(code, now);
            }
        >
            {move || def.label(lang.get()).to_string()}
        </button>
    };
    if hint {
        view! {
            <div class="obs-toggle">
                {button} " " <span class="hint not-seen-hint">{tr(lang, "obs.not_ticked")}</span>
            </div>
        }
        .into_any()
    } else {
        button.into_any()
    }
}

/// An open-world yes/no or a graded sign: one button per value, least to most severe, and
/// "not answered". Pressing the chosen value again also clears it.
fn buttons(triage: Triage, place: &'static str, def: &'static ObservationDef) -> AnyView {
    let lang = triage.lang;
    let code = def.code.as_str();
    let values: Vec<(Answer, String)> = match def.kind {
        ObservationKind::YesNo => vec![
            (Answer::Flag(true), "yes".into()),
            (Answer::Flag(false), "no".into()),
        ],
        _ => def
            .options
            .iter()
            .map(|o| (Answer::Code(o.code.clone()), o.code.clone()))
            .collect(),
    };
    let label_id = format!("{place}-{code}-label");
    let labelled_by = label_id.clone();
    let current = move || triage.observations.with(|o| o.get(code).cloned());
    let value_buttons = values
        .into_iter()
        .map(|(value, vcode)| {
            let v = value.clone();
            let pressed = move || current().as_ref() == Some(&v);
            let pressed_attr = pressed.clone();
            let text = {
                let vcode = vcode.clone();
                move || match (def.kind, vcode.as_str()) {
                    (ObservationKind::YesNo, "yes") => t(lang.get(), "trace.yes"),
                    (ObservationKind::YesNo, _) => t(lang.get(), "trace.no"),
                    _ => def
                        .option(&vcode)
                        .map(|o| o.label(lang.get()).to_string())
                        .unwrap_or_else(|| vcode.clone()),
                }
            };
            view! {
                <button
                    type="button"
                    class="toggle"
                    id=format!("{place}-{code}-{vcode}")
                    aria-pressed=move || pressed_attr().to_string()
                    on:click=move |_| {
                        let now = (!pressed()).then(|| value.clone());
                        triage.set_observation(code, now);
                    }
                >
                    {text}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="pat-side obs" role="group" aria-labelledby=labelled_by data-observation=code>
            <span class="pat-label" id=label_id title=definition(lang, def)>
                {move || def.label(lang.get()).to_string()}
            </span>
            {value_buttons}
            <button
                type="button"
                class="toggle unanswered"
                id=format!("{place}-{code}-unanswered")
                aria-pressed=move || current().is_none().to_string()
                on:click=move |_| triage.set_observation(code, None)
            >
                {tr(lang, "obs.unanswered")}
            </button>
        </div>
    }
    .into_any()
}

fn format_range(def: &ObservationDef) -> Option<String> {
    let n = |x: f64| crate::state::fields::format_number(x);
    match (def.min, def.max) {
        (Some(lo), Some(hi)) => Some(format!("{}–{}", n(lo), n(hi))),
        _ => None,
    }
}

/// A number: the text as typed (shared by every place that shows this observation).
fn number(
    triage: Triage,
    place: &'static str,
    def: &'static ObservationDef,
    code: &'static str,
) -> AnyView {
    let lang = triage.lang;
    let id = format!("{place}-{code}");
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    let error = move || {
        triage
            .obs_typing
            .with(|m| m.get(code).map(|e| e.message(lang.get())))
    };
    let invalid = error;
    let unit = [
        Some(def.unit.clone()).filter(|u| !u.is_empty()),
        format_range(def),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    // The text typed here, or the recorded value (e.g. imported) when nothing was typed.
    let text = move || {
        triage
            .obs_texts
            .with(|m| m.get(code).cloned())
            .unwrap_or_else(
                || match triage.observations.with(|o| o.get(code).cloned()) {
                    Some(Answer::Number(x)) => crate::state::fields::format_number(x),
                    _ => String::new(),
                },
            )
    };
    view! {
        <div class="field obs" data-observation=code>
            <label for=id.clone() title=definition(lang, def)>
                {move || def.label(lang.get()).to_string()}
                {(!unit.is_empty()).then(|| view! { <span class="unit">" (" {unit} ")"</span> })}
            </label>
            <input
                id=id
                type="text"
                inputmode="decimal"
                autocomplete="off"
                aria-invalid=move || invalid().is_some().to_string()
                aria-describedby=described
                prop:value=text
                on:input:target=move |ev| triage.type_observation(code, ev.target().value())
            />
            <p class="field-error" id=error_id role="alert">{error}</p>
        </div>
    }
    .into_any()
}
