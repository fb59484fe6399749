//! The appendicitis model's questions and estimate, shown for abdominal pain. The model (its
//! inputs, weights, calibration, abstention and explanation) is the `model` crate's; this view
//! asks the questions the triage form does not, takes age, weight and temperature from the
//! `PatientRecord` (nothing is typed twice) and shows the answer or why there is none.

use super::Triage;
use crate::i18n::t;
use crate::state;
use leptos::prelude::*;
use model::{
    AbstainReason, AppendicitisInputs, AppendicitisModel, Estimate, Peritonitis, Sex, Stool,
};
use rules::{Lang, PatientRecord, ValidationError};
use std::cell::OnceCell;
use std::collections::BTreeMap;

use model::from_record::{
    COMPLAINT as MODEL_COMPLAINT, LABS, YES_NO, inputs as model_inputs, lab_slot, shared_answer,
    yes_no_slot,
};

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

#[derive(Clone, Copy)]
pub struct ModelState {
    pub answers: RwSignal<AppendicitisInputs>,
    texts: RwSignal<BTreeMap<&'static str, String>>,
    typing: RwSignal<BTreeMap<&'static str, ValidationError>>,
    /// `None` when the model does not apply (another complaint, or the record has errors).
    pub estimate: Memo<Option<Result<Estimate, String>>>,
}

impl ModelState {
    pub fn new(record: RwSignal<PatientRecord>) -> Self {
        let answers = RwSignal::new(AppendicitisInputs::default());
        let typing = RwSignal::new(BTreeMap::<&'static str, ValidationError>::new());
        // The model's inputs for this child; `None` when it does not apply (another complaint,
        // or the form has errors). The estimate is worked out again only when they change, not
        // on every keystroke elsewhere in the form.
        let inputs = Memo::new(move |_| {
            let applies = record.with(|r| r.complaint.as_deref() == Some(MODEL_COMPLAINT));
            if !applies || !typing.with(|t| t.is_empty()) {
                return None;
            }
            if record.with(|r| r.validate().is_err()) {
                return None;
            }
            Some(record.with(|r| answers.with(|a| model_inputs(r, a))))
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
        Self {
            answers,
            texts: RwSignal::new(BTreeMap::new()),
            typing,
            estimate,
        }
    }

    /// The answers and lab texts as typed, for the draft.
    pub fn snapshot(&self) -> (AppendicitisInputs, BTreeMap<String, String>) {
        let texts = self
            .texts
            .with(|t| t.iter().map(|(k, v)| (k.to_string(), v.clone())).collect());
        (self.answers.get(), texts)
    }

    /// Puts back a draft's answers; lab texts that do not read as numbers get their typing
    /// error back, so a restored form withholds the estimate as it did before.
    pub fn restore(&self, answers: AppendicitisInputs, texts: &BTreeMap<String, String>) {
        self.answers.set(answers);
        let mut kept = BTreeMap::new();
        let mut typing = BTreeMap::new();
        for id in LABS {
            if let Some(text) = texts.get(*id) {
                if let Err(e) = state::parse_number(text, id) {
                    typing.insert(*id, e);
                }
                kept.insert(*id, text.clone());
            }
        }
        self.texts.set(kept);
        self.typing.set(typing);
    }

    pub fn clear(&self) {
        self.answers.set(AppendicitisInputs::default());
        self.texts.set(BTreeMap::new());
        self.typing.set(BTreeMap::new());
    }

    /// What the audit record keeps of the model: its inputs and answer, when it applied.
    pub fn for_audit(
        &self,
        record: &PatientRecord,
    ) -> Option<(AppendicitisInputs, Result<Estimate, String>)> {
        let est = self.estimate.get_untracked()?;
        let x = self.answers.with_untracked(|a| model_inputs(record, a));
        Some((x, est))
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
    view! {
        {answer}
        <p class="hint">{t(lang, "model.known").replace("{n}", &e.known_fields.to_string())}</p>
        <h3>{t(lang, "model.moved_most")}</h3>
        <ul id="model-contributions">{contributions}</ul>
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

    let yes_no = move |id: &'static str| {
        let button = move |value: bool| {
            let shared = shared_answer(id);
            let pressed = move || match shared {
                Some(answer) => triage
                    .record
                    .with(|r| r.answers.get(answer) == Some(&rules::Answer::Flag(value))),
                None => ms.answers.with(|a| {
                    let mut a = a.clone();
                    yes_no_slot(&mut a, id)
                        .map(|s| *s == Some(value))
                        .unwrap_or(false)
                }),
            };
            view! {
                <button
                    type="button"
                    class="toggle"
                    id=format!("model-{id}-{}", if value { "yes" } else { "no" })
                    aria-pressed=move || pressed().to_string()
                    on:click=move |_| {
                        let now = if pressed() { None } else { Some(value) };
                        match shared {
                            Some(answer) => triage.record.update(|r| match now {
                                Some(b) => {
                                    r.answers.insert(answer.to_string(), rules::Answer::Flag(b));
                                }
                                None => {
                                    r.answers.remove(answer);
                                }
                            }),
                            None => ms.answers.update(|a| {
                                if let Some(s) = yes_no_slot(a, id) {
                                    *s = now;
                                }
                            }),
                        }
                    }
                >
                    {move || t(lang.get(), if value { "trace.yes" } else { "trace.no" })}
                </button>
            }
        };
        let label_id = format!("model-{id}-label");
        let labelled_by = label_id.clone();
        view! {
            <div class="pat-side" role="group" aria-labelledby=labelled_by>
                <span class="pat-label" id=label_id>{move || field_label(lang.get(), id)}</span>
                {button(true)}
                {button(false)}
            </div>
        }
    };

    fn choice<T: Copy + PartialEq + Send + Sync + 'static>(
        lang: ReadSignal<Lang>,
        ms: ModelState,
        id: &'static str,
        options: &'static [(T, &'static str)],
        get: fn(&AppendicitisInputs) -> Option<T>,
        set: fn(&mut AppendicitisInputs, Option<T>),
    ) -> impl IntoView {
        let label_id = format!("model-{id}-label");
        let labelled_by = label_id.clone();
        view! {
            <div class="pat-side" role="group" aria-labelledby=labelled_by>
                <span class="pat-label" id=label_id>{move || field_label(lang.get(), id)}</span>
                {options
                    .iter()
                    .map(|(v, code)| {
                        let v = *v;
                        let pressed = move || ms.answers.with(|a| get(a) == Some(v));
                        view! {
                            <button
                                type="button"
                                class="toggle"
                                id=format!("model-{id}-{code}")
                                aria-pressed=move || pressed().to_string()
                                on:click=move |_| {
                                    let now = if pressed() { None } else { Some(v) };
                                    ms.answers.update(|a| set(a, now));
                                }
                            >
                                {move || t(lang.get(), &format!("model.{id}.{code}"))}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        }
    }

    let lab = move |id: &'static str| {
        let dom = format!("model-{id}");
        let error_id = format!("model-{id}-error");
        let shared = shared_answer(id);
        let error = move || match shared {
            Some(answer) => triage
                .answer_typing
                .with(|t| t.get(answer).map(|e| e.message(lang.get()))),
            None => ms.typing.with(|t| t.get(id).map(|e| e.message(lang.get()))),
        };
        let invalid = error;
        view! {
            <div class="field">
                <label for=dom.clone()>{move || field_label(lang.get(), id)}</label>
                <input
                    id=dom
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    aria-invalid=move || invalid().is_some().to_string()
                    aria-describedby=error_id.clone()
                    prop:value=move || match shared {
                        Some(answer) => triage.answer_texts.with(|t| t.get(answer).cloned().unwrap_or_default()),
                        None => ms.texts.with(|t| t.get(id).cloned().unwrap_or_default()),
                    }
                    on:input:target=move |ev| {
                        let text = ev.target().value();
                        if let Some(answer) = shared {
                            triage.type_answer(answer, text);
                            return;
                        }
                        let parsed = state::parse_number(&text, id);
                        ms.texts.update(|t| { t.insert(id, text); });
                        match parsed {
                            Ok(v) => {
                                ms.typing.update(|t| { t.remove(id); });
                                ms.answers.update(|a| if let Some(s) = lab_slot(a, id) { *s = v.map(|v| v as f32) });
                            }
                            Err(e) => {
                                ms.typing.update(|t| { t.insert(id, e); });
                                ms.answers.update(|a| if let Some(s) = lab_slot(a, id) { *s = None });
                            }
                        }
                    }
                />
                <p class="field-error" id=error_id role="alert">{error}</p>
            </div>
        }
    };

    const SEX: &[(Sex, &str)] = &[(Sex::Female, "female"), (Sex::Male, "male")];
    const STOOL: &[(Stool, &str)] = &[
        (Stool::Normal, "normal"),
        (Stool::Diarrhea, "diarrhea"),
        (Stool::Constipation, "constipation"),
        (Stool::ConstipationAndDiarrhea, "constipation_and_diarrhea"),
    ];
    const PERITONITIS: &[(Peritonitis, &str)] = &[
        (Peritonitis::None, "none"),
        (Peritonitis::Localized, "localized"),
        (Peritonitis::Generalized, "generalized"),
    ];

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
                    {choice(lang, ms, "sex", SEX, |a| a.sex, |a, v| a.sex = v)}
                    {YES_NO.iter().map(|id| yes_no(id)).collect_view()}
                    {choice(lang, ms, "stool", STOOL, |a| a.stool, |a, v| a.stool = v)}
                    {choice(lang, ms, "peritonitis", PERITONITIS, |a| a.peritonitis, |a, v| a.peritonitis = v)}
                    <div class="fields">{LABS.iter().map(|id| lab(id)).collect_view()}</div>
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
        let r: PatientRecord = serde_json::from_str(r#"{"age_years": 10}"#).unwrap();
        let answers = AppendicitisInputs {
            migratory_pain: Some(true),
            rlq_tenderness: Some(true),
            nausea_vomiting: Some(true),
            ..Default::default()
        };
        let e = with_model(|m| {
            m.as_ref()
                .map(|m| m.estimate(&model_inputs(&r, &answers)))
                .unwrap()
        });
        assert!((0.0..=1.0).contains(&e.calibrated));
        assert_eq!(e.model_hash, model_hash());
    }
}
