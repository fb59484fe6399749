//! The appendicitis model's questions and estimate, shown for abdominal pain. The model (its
//! inputs, weights, calibration, abstention and explanation) is the `model` crate's; this view
//! asks its questions with the observation controls (each writes the record's one entry, the
//! same the PAS and Alvarado scores read), takes age, weight and temperature from the
//! `PatientRecord` (nothing is typed twice) and shows the prediction set: an answer with its
//! probability, or the refusal with its reason and what would most likely let it answer. The
//! error bound α, the thresholds and the child's setting are the model's (its metadata).

use super::fold::Fold;
use super::labels::tr;
use super::observation;
use crate::i18n::t;
use crate::state::triage::Triage;
use leptos::prelude::*;
use model::from_record::observation_codes;
use model::{
    AbstainReason, Contribution, Estimate, Label, NextStep, PredictionSet, Refusal, Setting,
};
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
        AbstainReason::TooFewInputs { known, required } => t(
            lang,
            if *known == 1 {
                "model.abstain.too_few_one"
            } else {
                "model.abstain.too_few"
            },
        )
        .replace("{known}", &known.to_string())
        .replace("{required}", &required.to_string()),
        AbstainReason::NotSureEnough { setting, alpha } => t(lang, "model.abstain.not_sure")
            .replace("{alpha}", &alpha_percent(*alpha))
            .replace("{setting}", &setting_text(lang, *setting)),
    }
}

fn alpha_percent(alpha: f32) -> String {
    format!("{:.0}", alpha * 100.0)
}

fn setting_text(lang: Lang, s: Setting) -> String {
    t(
        lang,
        match s {
            Setting::NoBloodNoUltrasound => "model.setting.no_blood_no_ultrasound",
            Setting::Blood => "model.setting.blood",
            Setting::BloodUltrasound => "model.setting.blood_ultrasound",
        },
    )
}

fn set_text(lang: Lang, set: PredictionSet) -> String {
    let yes = t(lang, "model.set.appendicitis");
    let no = t(lang, "model.set.no_appendicitis");
    match set {
        PredictionSet::Appendicitis => format!("{{{yes}}}"),
        PredictionSet::NoAppendicitis => format!("{{{no}}}"),
        PredictionSet::Both => format!("{{{yes}, {no}}}: {}", t(lang, "model.set.both")),
    }
}

fn next_text(lang: Lang, next: &NextStep) -> String {
    let share = |key: &str, key_share: &str, share: Option<f32>| match share {
        Some(v) => t(lang, key_share).replace("{share}", &format!("{:.0}", v * 100.0)),
        None => t(lang, key),
    };
    match next {
        NextStep::EnterAge => t(lang, "model.next.enter_age"),
        NextStep::AnswerMoreQuestions { more, including } => {
            let key = match (*more == 1, including.is_some()) {
                (true, false) => "model.next.more_questions_one",
                (false, false) => "model.next.more_questions",
                (true, true) => "model.next.more_questions_blood_one",
                (false, true) => "model.next.more_questions_blood",
            };
            t(lang, key).replace("{n}", &more.to_string())
        }
        NextStep::AddInputs {
            setting: Setting::BloodUltrasound,
            answered_share,
        } => share(
            "model.next.ultrasound",
            "model.next.ultrasound_share",
            *answered_share,
        ),
        NextStep::AddInputs { answered_share, .. } => share(
            "model.next.blood",
            "model.next.blood_share",
            *answered_share,
        ),
        NextStep::NothingMore => t(lang, "model.next.nothing"),
    }
}

fn percent(p: f32) -> String {
    format!("{:.0} %", p * 100.0)
}

/// How many of the inputs that moved the answer most are listed.
const CONTRIBUTIONS_SHOWN: usize = 5;

/// What the result shows of an estimate, and nothing more: a refusal shows no numbers, so an
/// edit that moves only those (the weight typed while the model declines) rebuilds nothing.
#[derive(Clone, PartialEq)]
struct Shown {
    setting: Setting,
    known_fields: usize,
    prediction_set: PredictionSet,
    answer: Option<ShownAnswer>,
    refusal: Option<Refusal>,
    alpha: f32,
    model_hash: String,
}

#[derive(Clone, PartialEq)]
struct ShownAnswer {
    label: Label,
    probability: f32,
    uncertainty: f32,
    interval: (f32, f32),
    contributions: Vec<Contribution>,
}

impl Shown {
    fn of(e: &Estimate) -> Self {
        Shown {
            setting: e.setting,
            known_fields: e.known_fields,
            prediction_set: e.prediction_set,
            answer: e.answer().map(|a| ShownAnswer {
                label: a.label,
                probability: a.probability,
                uncertainty: a.uncertainty,
                interval: a.interval,
                contributions: a
                    .contributions
                    .iter()
                    .take(CONTRIBUTIONS_SHOWN)
                    .cloned()
                    .collect(),
            }),
            refusal: e.refusal.clone(),
            alpha: e.alpha,
            model_hash: e.model_hash.clone(),
        }
    }
}

fn estimate_view(lang: Lang, e: &Shown) -> AnyView {
    let set = view! {
        <p class="model-set">
            {t(lang, "model.set")} ": " <strong id="model-set" data-set=format!("{:?}", e.prediction_set)>{set_text(lang, e.prediction_set)}</strong>
        </p>
    };
    // The probability, its spread and the inputs that moved it exist on screen only with an
    // answer (a single-label set): a refusal shows its reason and what would let it answer.
    let body = match (&e.answer, &e.refusal) {
        (Some(a), _) => {
            let contributions = a
                .contributions
                .iter()
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
            view! {
                <p class="model-probability" data-label=match a.label { Label::Appendicitis => "appendicitis", Label::NoAppendicitis => "no_appendicitis" }>
                    {t(lang, "model.probability")} ": " <strong id="model-probability">{percent(a.probability)}</strong>
                </p>
                <p class="model-confidence" id="model-confidence">
                    {t(lang, "model.confidence")
                        .replace("{sd}", &format!("{:.1}", a.uncertainty * 100.0))
                        .replace("{lo}", &percent(a.interval.0))
                        .replace("{hi}", &percent(a.interval.1))}
                </p>
                <h3>{t(lang, "model.moved_most")}</h3>
                <ul id="model-contributions">{contributions}</ul>
            }
            .into_any()
        }
        (None, Some(r)) => view! {
            <p class="model-abstain" id="model-abstain">
                <strong>{t(lang, "model.declines")}</strong> " " {abstain_text(lang, &r.reason)}
            </p>
            <p class="model-next" id="model-next">{next_text(lang, &r.next)}</p>
        }
        .into_any(),
        (None, None) => ().into_any(),
    };
    let known_key = if e.known_fields == 1 {
        "model.known_one"
    } else {
        "model.known"
    };
    view! {
        {set}
        {body}
        <p class="hint" id="model-guarantee">
            {t(lang, "model.guarantee")
                .replace("{alpha}", &alpha_percent(e.alpha))
                .replace("{setting}", &setting_text(lang, e.setting))}
        </p>
        <p class="hint">{t(lang, known_key).replace("{n}", &e.known_fields.to_string())}</p>
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
    let codes = observation_codes();
    let (labs, signs): (Vec<&'static str>, Vec<&'static str>) =
        codes.iter().copied().partition(is_number);
    // Folded, and built when opened (a list of about 150 nodes the page need not carry while
    // the complaint is being triaged); its title says how many are answered, and the estimate
    // above says which answer would help most.
    let total = codes.len();
    let (signs, labs) = (StoredValue::new(signs), StoredValue::new(labs));
    let questions = move |list: StoredValue<Vec<&'static str>>| {
        list.with_value(|l| {
            l.iter()
                .map(|c| observation::control(triage, "model", c, true))
                .collect_view()
        })
    };
    let answered = Memo::new(move |_| {
        triage.record.with(|r| {
            codes
                .iter()
                .filter(|c| r.observations.contains_key(**c))
                .count()
        })
    });

    let shown = Memo::new(move |_| {
        ms.estimate.with(|e| {
            e.as_ref()
                .map(|e| e.as_ref().map(Shown::of).map_err(Clone::clone))
        })
    });
    let result = move || {
        let lang = lang.get();
        shown.with(|e| match e {
            None => view! { <p id="model-waiting">{t(lang, "model.waiting")}</p> }.into_any(),
            Some(Err(err)) => view! { <p id="model-error">{t(lang, "model.unavailable")} " (" {err.clone()} ")"</p> }.into_any(),
            Some(Ok(e)) => estimate_view(lang, e),
        })
    };

    view! {
        <Show when=move || applies.get()>
            <section class="card" id="model-panel" aria-labelledby="model-heading">
                <h2 id="model-heading">{tr(lang, "model.heading")}</h2>
                <div class="model-result" id="model-result">{result}</div>
                <Fold
                    id="model-questions"
                    summary=move || {
                        t(lang.get(), "model.questions_answered")
                            .replace("{n}", &answered.get().to_string())
                            .replace("{total}", &total.to_string())
                    }
                >
                    <p class="hint">{tr(lang, "model.from_record")}</p>
                    {questions(signs)}
                    <div class="fields">{questions(labs)}</div>
                </Fold>
            </section>
        </Show>
    }
}
