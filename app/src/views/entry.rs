//! The nurse's entry form. Every control writes into the one `PatientRecord`; labels of
//! complaints and signs come from the rule data and the vocabulary of observations, other texts from the locale files.

use super::fold::Fold;
use super::labels::tr;
use super::{NormalRanges, observation};
use crate::i18n::t;
use crate::state::distinct::distinct;
use crate::state::fields::NumField;
use crate::state::triage::Triage;
use leptos::prelude::*;
use rules::{
    Avpu, Lang, PainLocation, PainOnset, PainTool, PatSide, PatientRecord, TemperatureRoute,
};

/// A numeric field: a text input with the decimal keypad, the text kept exactly as typed, the
/// validation message next to it.
pub fn num_field(triage: Triage, f: NumField) -> impl IntoView {
    let lang = triage.lang;
    let id = f.dom_id();
    let error_id = format!("{id}-error");
    let error = move || triage.error_for(f.field());
    // Its own text only: typing in another field leaves this input alone.
    let text = Memo::new(move |_| {
        triage
            .texts
            .with(|t| t.get(&f).cloned().unwrap_or_default())
    });
    let unit = f.unit();
    view! {
        <div class="field">
            <label for=id>
                {move || t(lang.get(), &f.label_key())}
                {(!unit.is_empty()).then(|| view! { <span class="unit">" (" {unit} ")"</span> })}
            </label>
            <input
                id=id
                type="text"
                inputmode="decimal"
                autocomplete="off"
                aria-invalid=move || error().is_some().to_string()
                aria-describedby=error_id.clone()
                prop:value=move || text.get()
                on:input:target=move |ev| triage.type_number(f, ev.target().value())
            />
            <p class="field-error" id=error_id role="alert">{error}</p>
        </div>
    }
}

/// A select over coded values; the empty choice means "not recorded".
fn code_select<T: Copy + PartialEq + Send + Sync + 'static>(
    triage: Triage,
    id: &'static str,
    label_key: &'static str,
    all: &'static [T],
    code: fn(T) -> &'static str,
    get: fn(&PatientRecord) -> Option<T>,
    set: fn(&mut PatientRecord, Option<T>),
) -> impl IntoView {
    let lang = triage.lang;
    let current = distinct(move || triage.record.with(get));
    let options = move || {
        let lang = lang.get();
        all.iter()
            .map(|v| {
                let v = *v;
                let c = code(v);
                view! {
                    <option
                        value=c
                        prop:selected=move || current.get() == Some(v)
                    >
                        {t(lang, &format!("code.{id}.{c}"))}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <div class="field">
            <label for=id>{tr(lang, label_key)}</label>
            <select
                id=id
                on:change:target=move |ev| {
                    let chosen = ev.target().value();
                    let value = all.iter().copied().find(|v| code(*v) == chosen);
                    triage.record.update(|r| set(r, value));
                }
            >
                <option value="" prop:selected=move || current.get().is_none()>
                    {tr(lang, "entry.not_recorded")}
                </option>
                {options}
            </select>
        </div>
    }
}

/// Signs grouped as the vocabulary groups them; a group with closed-world toggles says once
/// that a sign not ticked is read as not seen.
fn signs_by_group(triage: Triage, codes: Vec<&'static str>) -> impl IntoView {
    let lang = triage.lang;
    let mut groups: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
    for code in codes {
        let Some(def) = rules::observation(code) else {
            continue;
        };
        match groups.iter_mut().find(|(g, _)| *g == def.group) {
            Some((_, list)) => list.push(code),
            None => groups.push((def.group.as_str(), vec![code])),
        }
    }
    groups
        .into_iter()
        .map(|(group, codes)| {
            view! {
                <fieldset class="finding-group">
                    <legend>{move || t(lang.get(), &format!("group.{group}"))}</legend>
                    {sign_list(triage, codes)}
                </fieldset>
            }
        })
        .collect_view()
}

/// Closed-world toggles side by side (with the "not ticked = not seen" hint once), then the
/// graded, yes/no and number signs one per line.
fn sign_list(triage: Triage, codes: Vec<&'static str>) -> impl IntoView {
    let lang = triage.lang;
    let closed = |c: &&str| rules::observation(c).is_some_and(|d| d.closed_world);
    let toggles: Vec<&'static str> = codes.iter().copied().filter(closed).collect();
    let others: Vec<&'static str> = codes.iter().copied().filter(|c| !closed(c)).collect();
    view! {
        {(!toggles.is_empty()).then(|| view! {
            <p class="hint not-seen-hint">{tr(lang, "obs.not_ticked")}</p>
            <div class="toggles">
                {toggles.into_iter().map(|c| observation::control(triage, "obs", c, false)).collect_view()}
            </div>
        })}
        {others.into_iter().map(|c| observation::control(triage, "obs", c, false)).collect_view()}
    }
}

/// Normal / abnormal for one side of the Pediatric Assessment Triangle; pressing the chosen
/// side again clears it.
fn pat_side(
    triage: Triage,
    side: &'static str,
    get: fn(&PatientRecord) -> Option<PatSide>,
    set: fn(&mut PatientRecord, Option<PatSide>),
) -> impl IntoView {
    let lang = triage.lang;
    let label_id = format!("pat-{side}-label");
    let chosen = distinct(move || triage.record.with(get));
    let button = move |value: PatSide| {
        let pressed = move || chosen.get() == Some(value);
        view! {
            <button
                type="button"
                class=format!("toggle pat-{}", value.code())
                id=format!("pat-{side}-{}", value.code())
                aria-pressed=move || pressed().to_string()
                on:click=move |_| {
                    let now = if pressed() { None } else { Some(value) };
                    triage.record.update(|r| set(r, now));
                }
            >
                {move || t(lang.get(), &format!("pat.{}", value.code()))}
            </button>
        }
    };
    let labelled_by = label_id.clone();
    view! {
        <div class="pat-side" role="group" aria-labelledby=labelled_by>
            <span class="pat-label" id=label_id>{move || t(lang.get(), &format!("pat.{side}"))}</span>
            {button(PatSide::Normal)}
            {button(PatSide::Abnormal)}
        </div>
    }
}

/// Every complaint as an option, `selected` the one chosen.
fn complaint_option_list(lang: Lang, selected: ReadSignal<Option<String>>) -> impl IntoView {
    rules::catalog::complaints()
        .iter()
        .map(|c| {
            let code = c.code.as_str();
            view! {
                <option value=code prop:selected=move || selected.with(|x| x.as_deref() == Some(code))>
                    {c.label(lang).to_string()}
                </option>
            }
        })
        .collect_view()
}

#[component]
pub fn EntryForm(triage: Triage) -> impl IntoView {
    let lang = triage.lang;
    let complaint = distinct(move || triage.record.with(|r| r.complaint.clone()));
    let other_complaint =
        distinct(move || triage.record.with(|r| r.other_complaints.first().cloned()));
    let signs = triage.signs;
    let ask_other = RwSignal::new(false);
    // The button that asks for the list goes away: the list takes the focus, so a keyboard or
    // switch user goes on where they were.
    let other_select = NodeRef::<leptos::html::Select>::new();
    Effect::new(move |_| {
        if ask_other.get()
            && let Some(select) = other_select.get()
        {
            let _ = select.focus();
        }
    });

    let complaint_findings = move || {
        let list = signs.with(|s| s.complaint.clone());
        if list.is_empty() {
            return view! {
                <p class="hint" id="complaint-findings-empty">{t(lang.get(), "entry.choose_complaint")}</p>
            }
            .into_any();
        }
        view! {
            <div id="complaint-findings">{sign_list(triage, list)}</div>
        }
        .into_any()
    };
    let danger_signs = move || signs_by_group(triage, signs.with(|s| s.danger.clone()));
    let other_findings = move || signs_by_group(triage, signs.with(|s| s.other.clone()));

    let complaint_options = move || complaint_option_list(lang.get(), complaint);
    let other_options = move || complaint_option_list(lang.get(), other_complaint);
    let complaint_error = move || triage.error_for("complaint");
    let other_error = move || triage.error_for("other_complaints");

    view! {
        <form class="entry" id="entry" on:submit=|ev| ev.prevent_default() novalidate=true>
            <section class="card" aria-labelledby="child-heading">
                <h2 id="child-heading">{tr(lang, "entry.child")}</h2>
                <div class="fields">
                    {NumField::AGE.iter().map(|f| num_field(triage, *f)).collect_view()}
                    {num_field(triage, NumField::Weight)}
                </div>
                <p class="hint">{tr(lang, "entry.age_hint")}</p>
            </section>
            <NormalRanges triage />
            <section class="card" aria-labelledby="complaint-heading">
                <h2 id="complaint-heading">{tr(lang, "entry.complaint")}</h2>
                <div class="field wide">
                    <label for="complaint">{tr(lang, "entry.complaint_label")}</label>
                    <select
                        id="complaint"
                        aria-describedby="complaint-error"
                        on:change:target=move |ev| {
                            let v = ev.target().value();
                            triage.record.update(|r| r.complaint = (!v.is_empty()).then_some(v));
                        }
                    >
                        <option value="" prop:selected=move || complaint.with(|c| c.is_none())>
                            {tr(lang, "entry.not_recorded")}
                        </option>
                        {complaint_options}
                    </select>
                    <p class="field-error" id="complaint-error" role="alert">{complaint_error}</p>
                </div>
                // The second complaint's list is built when asked for (most children have one
                // complaint; the list is a hundred nodes) or when one is recorded.
                <Show
                    when=move || ask_other.get() || other_complaint.with(Option::is_some)
                    fallback=move || view! {
                        <button type="button" class="secondary" id="add-other-complaint" on:click=move |_| ask_other.set(true)>
                            {tr(lang, "entry.add_other_complaint")}
                        </button>
                    }
                >
                    <div class="field wide">
                        <label for="other-complaint">{tr(lang, "entry.other_complaint_label")}</label>
                        <select
                            id="other-complaint"
                            node_ref=other_select
                            aria-describedby="other-complaint-error"
                            on:change:target=move |ev| {
                                let v = ev.target().value();
                                triage.record.update(|r| {
                                    r.other_complaints = if v.is_empty() { Vec::new() } else { vec![v] }
                                });
                            }
                        >
                            <option value="" prop:selected=move || other_complaint.with(|c| c.is_none())>
                                {tr(lang, "entry.none")}
                            </option>
                            {other_options}
                        </select>
                        <p class="field-error" id="other-complaint-error" role="alert">{other_error}</p>
                    </div>
                </Show>
                <h3>{tr(lang, "entry.complaint_findings")}</h3>
                {complaint_findings}
            </section>
            <section class="card" aria-labelledby="pat-heading">
                <h2 id="pat-heading">{tr(lang, "entry.pat")}</h2>
                {pat_side(triage, "appearance", |r| r.pat.appearance, |r, v| r.pat.appearance = v)}
                {pat_side(triage, "work_of_breathing", |r| r.pat.work_of_breathing, |r, v| r.pat.work_of_breathing = v)}
                {pat_side(triage, "circulation", |r| r.pat.circulation, |r, v| r.pat.circulation = v)}
            </section>
            <section class="card" aria-labelledby="vitals-heading">
                <h2 id="vitals-heading">{tr(lang, "entry.vitals")}</h2>
                <div class="fields">
                    {num_field(triage, NumField::HeartRate)}
                    {num_field(triage, NumField::RespiratoryRate)}
                    {num_field(triage, NumField::Spo2)}
                    {num_field(triage, NumField::Temperature)}
                    {code_select(triage, "temperature_route", "field.temperature_route", TemperatureRoute::ALL, TemperatureRoute::code, |r| r.vitals.temperature_route, |r, v| r.vitals.temperature_route = v)}
                    {num_field(triage, NumField::SystolicBp)}
                    {num_field(triage, NumField::CapillaryRefill)}
                    {num_field(triage, NumField::Gcs)}
                    {code_select(triage, "avpu", "field.avpu", Avpu::ALL, Avpu::code, |r| r.vitals.avpu, |r, v| r.vitals.avpu = v)}
                </div>
                <h3>{tr(lang, "entry.pain")}</h3>
                <div class="fields">
                    {num_field(triage, NumField::PainScore)}
                    {code_select(triage, "pain_tool", "field.pain_tool", PainTool::ALL, PainTool::code, |r| r.vitals.pain_tool, |r, v| r.vitals.pain_tool = v)}
                    {code_select(triage, "pain_location", "field.pain_location", PainLocation::ALL, PainLocation::code, |r| r.vitals.pain_location, |r, v| r.vitals.pain_location = v)}
                    {code_select(triage, "pain_onset", "field.pain_onset", PainOnset::ALL, PainOnset::code, |r| r.vitals.pain_onset, |r, v| r.vitals.pain_onset = v)}
                </div>
                <details class="more">
                    <summary>{tr(lang, "entry.more_measures")}</summary>
                    <div class="fields">
                        {num_field(triage, NumField::Glucose)}
                        {num_field(triage, NumField::Pefr)}
                    </div>
                </details>
            </section>
            <section class="card" aria-labelledby="danger-heading">
                <h2 id="danger-heading">{tr(lang, "entry.danger_signs")}</h2>
                {danger_signs}
                // Built when unfolded: most children need none of these.
                <Fold id="other-findings" summary=move || t(lang.get(), "entry.other_findings")>
                    {other_findings}
                </Fold>
            </section>
            <p>
                <button type="button" id="clear-entry" class="secondary" on:click=move |_| triage.clear()>
                    {tr(lang, "entry.clear")}
                </button>
            </p>
        </form>
    }
}
