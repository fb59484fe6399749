//! The appendicitis model's questions and estimate, shown for abdominal pain. The model (its
//! inputs, weights, calibration, abstention and explanation) is the `model` crate's; this view
//! asks its questions with the observation controls (each writes the record's one entry, the
//! same the PAS and Alvarado scores read), takes age, weight and temperature from the
//! `PatientRecord` (nothing is typed twice) and shows the answer or why there is none.

use super::observation;
use crate::i18n::t;
use crate::state::triage::Triage;
use leptos::prelude::*;
use model::from_record::observation_codes;
use model::{AbstainReason, Estimate};
use rules::Lang;

fn field_label(lang: Lang, id: &str) -> String {
    t(lang, &format!("model.field.{id}"))
}

fn abstain_text(lang: Lang, r: &AbstainReason) -> String {
    match r {
        AbstainReason::AgeUnknown => t(lang, "model.abstain.age_unknown"),
        AbstainReason::AgeOutsideTraining {
            age_years,
            min,
            max,
        } => t(lang, "model.abstain.age_outside")
            .replace("{age}", &format!("{age_years:.1}"))
            .replace("{min}", &format!("{min}"))
            .replace("{max}", &format!("{max}")),
        AbstainReason::ValueOutsideTraining {
            field,
            value,
            min,
            max,
        } => t(lang, "model.abstain.value_outside")
            .replace("{field}", &field_label(lang, field))
            .replace("{value}", &format!("{value}"))
            .replace("{min}", &format!("{min}"))
            .replace("{max}", &format!("{max}")),
        AbstainReason::TooFewInputs { known, required } => t(lang, "model.abstain.too_few")
            .replace("{known}", &known.to_string())
            .replace("{required}", &required.to_string()),
        AbstainReason::HighUncertainty {
            member_sd,
            threshold,
        } => t(lang, "model.abstain.uncertain")
            .replace("{sd}", &format!("{:.1}", member_sd * 100.0))
            .replace("{threshold}", &format!("{:.1}", threshold * 100.0)),
    }
}

fn percent(p: f32) -> String {
    format!("{:.0} %", p * 100.0)
}

fn estimate_view(lang: Lang, e: &Estimate) -> AnyView {
    let contributions = e
        .contributions
        .iter()
        .take(5)
        .map(|c| {
            let sign = if c.delta >= 0.0 { "+" } else { "−" };
            view! {
                <li data-field=c.field.clone()>
                    {field_label(lang, &c.field)} ": "
                    <strong>{format!("{sign}{:.1}", c.delta.abs() * 100.0)}</strong> " " {t(lang, "model.points")}
                </li>
            }
        })
        .collect_view();
    let answer = match &e.abstain {
        Some(reason) => view! {
            <p class="model-abstain" id="model-abstain">
                <strong>{t(lang, "model.declines")}</strong> " " {abstain_text(lang, reason)}
            </p>
        }
        .into_any(),
        None => view! {
            <p class="model-probability">
                {t(lang, "model.probability")} ": " <strong id="model-probability">{percent(e.calibrated)}</strong>
            </p>
            <p class="model-confidence" id="model-confidence">
                {t(lang, "model.confidence")
                    .replace("{sd}", &format!("{:.1}", e.uncertainty * 100.0))
                    .replace("{lo}", &percent(e.interval.0))
                    .replace("{hi}", &percent(e.interval.1))}
            </p>
        }
        .into_any(),
    };
    let known_key = if e.known_fields == 1 {
        "model.known_one"
    } else {
        "model.known"
    };
    // A declined estimate lists no "inputs that moved it": there is no estimate to explain.
    let declined = e.abstain.is_some();
    view! {
        {answer}
        <p class="hint">{t(lang, known_key).replace("{n}", &e.known_fields.to_string())}</p>
        {(!declined).then(|| view! {
            <h3>{t(lang, "model.moved_most")}</h3>
            <ul id="model-contributions">{contributions}</ul>
        })}
        <p class="source">{t(lang, "model.version")} " " <code>{e.model_hash.clone()}</code> ". " {t(lang, "model.caveat")}</p>
    }
    .into_any()
}

#[component]
pub fn ModelPanel(triage: Triage) -> impl IntoView {
    let lang = triage.lang;
    let ms = triage.model;
    let applies = ms.applies;

    // The model's observations: yes/no signs first, then the blood tests.
    let is_number =
        |c: &&str| rules::observation(c).is_some_and(|d| d.kind == rules::ObservationKind::Number);
    let signs: Vec<&'static str> = observation_codes()
        .into_iter()
        .filter(|c| !is_number(c))
        .collect();
    let labs: Vec<&'static str> = observation_codes().into_iter().filter(is_number).collect();

    let result = move || {
        let lang = lang.get();
        ms.estimate.with(|e| match e {
            None => view! { <p id="model-waiting">{t(lang, "model.waiting")}</p> }.into_any(),
            Some(Err(err)) => view! { <p id="model-error">{t(lang, "model.unavailable")} " (" {err.clone()} ")"</p> }.into_any(),
            Some(Ok(e)) => estimate_view(lang, e),
        })
    };

    view! {
        <Show when=move || applies.get()>
            <section class="card" id="model-panel" aria-labelledby="model-heading">
                <h2 id="model-heading">{move || t(lang.get(), "model.heading")}</h2>
                <div class="model-result" id="model-result">{result}</div>
                <details class="more" id="model-questions" open=true>
                    <summary>{move || t(lang.get(), "model.questions")}</summary>
                    <p class="hint">{move || t(lang.get(), "model.from_record")}</p>
                    {signs.iter().map(|c| observation::control(triage, "model", c, true)).collect_view()}
                    <div class="fields">{labs.iter().map(|c| observation::control(triage, "model", c, true)).collect_view()}</div>
                </details>
            </section>
        </Show>
    }
}
