//! The appendicitis model's questions and estimate, shown for abdominal pain. The model (its
//! inputs, weights, calibration, abstention and explanation) is the `model` crate's; this view
//! asks its questions with the observation controls (each writes the record's one entry, the
//! same the PAS and Alvarado scores read), takes age, weight and temperature from the
//! `PatientRecord` (nothing is typed twice) and shows the answer or why there is none.

use super::{Triage, observation};
use crate::i18n::t;
use leptos::prelude::*;
use model::from_record::{COMPLAINT as MODEL_COMPLAINT, inputs as model_inputs, observation_codes};
use model::{AbstainReason, AppendicitisInputs, AppendicitisModel, Estimate};
use rules::{Lang, PatientRecord, ValidationError};
use std::cell::OnceCell;
use std::collections::BTreeMap;

thread_local! {
    static MODEL: OnceCell<Result<AppendicitisModel, String>> = const { OnceCell::new() };
}

/// Runs `f` with the shipped model, loaded on first use.
fn with_model<R>(f: impl FnOnce(&Result<AppendicitisModel, String>) -> R) -> R {
    MODEL.with(|cell| {
        f(cell.get_or_init(|| AppendicitisModel::shipped().map_err(|e| e.to_string())))
    })
}

/// The model version shown with every estimate, without loading the weights.
pub fn model_hash() -> String {
    model::appendicitis::fnv1a_hex(&[
        model::appendicitis::SHIPPED_WEIGHTS,
        model::appendicitis::SHIPPED_META.as_bytes(),
    ])
}

/// The model's estimate for the record. Every question of the panel is an observation of the
/// record, asked once: nothing of the model is kept beside it.
#[derive(Clone, Copy)]
pub struct ModelState {
    /// `None` when the model does not apply (another complaint, or the record has errors).
    pub estimate: Memo<Option<Result<Estimate, String>>>,
}

impl ModelState {
    pub fn new(
        record: RwSignal<PatientRecord>,
        obs_typing: RwSignal<BTreeMap<String, ValidationError>>,
    ) -> Self {
        // The model's inputs for this child; `None` when it does not apply (another complaint,
        // or the form has errors). The estimate is worked out again only when they change, not
        // on every keystroke elsewhere in the form.
        let inputs = Memo::new(move |_| {
            let applies = record.with(|r| r.complaint.as_deref() == Some(MODEL_COMPLAINT));
            if !applies || !obs_typing.with(|t| t.is_empty()) {
                return None;
            }
            if record.with(|r| r.validate().is_err()) {
                return None;
            }
            Some(record.with(model_inputs))
        });
        let estimate = Memo::new(move |_| {
            inputs.with(|x| {
                x.as_ref().map(|x| {
                    with_model(|m| match m {
                        Ok(m) => Ok(m.estimate(x)),
                        Err(e) => Err(e.clone()),
                    })
                })
            })
        });
        Self { estimate }
    }

    /// What the audit record keeps of the model: its inputs and answer, when it applied.
    pub fn for_audit(
        &self,
        record: &PatientRecord,
    ) -> Option<(AppendicitisInputs, Result<Estimate, String>)> {
        let est = self.estimate.get_untracked()?;
        Some((model_inputs(record), est))
    }
}

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
    let applies = Memo::new(move |_| {
        triage
            .record
            .with(|r| r.complaint.as_deref() == Some(MODEL_COMPLAINT))
    });

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_loads_and_answers_or_declines() {
        let r: PatientRecord = serde_json::from_str(
            r#"{"age_years": 10, "observations": {"sex": "female", "migration_of_pain": true, "rlq_tenderness": true, "nausea_vomiting": true}}"#,
        )
        .unwrap();
        let e = with_model(|m| m.as_ref().map(|m| m.estimate(&model_inputs(&r))).unwrap());
        assert!(e.known_fields >= 3, "{}", e.known_fields);
        assert!((0.0..=1.0).contains(&e.calibrated));
        assert_eq!(e.model_hash, model_hash());
    }
}
