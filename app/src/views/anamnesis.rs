//! The anamnesis forms: the parent's one-question-at-a-time form, the GP's full history, and
//! the parts they share (an item's input, the red-flag alert, the answers summary). Questions,
//! options, conditions and wording come from the questionnaire data in `rules`.

use super::fold::Fold;
use super::handoff::{HandOff, ImportPanel};
use super::labels::tr;
use crate::i18n::t;
use crate::state::anamnesis::Anamnesis;
use crate::state::fields::format_number;
use leptos::prelude::*;
use rules::questionnaire::{Item, ItemKind, Mode, anamnesis};
use rules::{Lang, Response};

/// An answer as a person reads it, in `lang`.
pub fn display_answer(item: &Item, response: &Response, lang: Lang, mode: Mode) -> String {
    match response {
        Response::Bool(true) => t(lang, "answer.yes"),
        Response::Bool(false) => t(lang, "answer.no"),
        Response::Number(n) => {
            let unit = item.unit_label(lang);
            if unit.is_empty() {
                format_number(*n)
            } else {
                format!("{} {unit}", format_number(*n))
            }
        }
        Response::Text(code) if item.kind == ItemKind::Choice => item
            .option(code)
            .map(|o| o.label(lang, mode).to_string())
            .unwrap_or_else(|| code.clone()),
        Response::Text(text) => text.clone(),
    }
}

/// One question with its input, its message when refused, and a "please check" when unusual.
/// `answered` runs after a yes/no or a choice is picked (the parent form moves on).
pub fn item_field(
    a: Anamnesis,
    item: &'static Item,
    mode: Mode,
    answered: Option<Callback<()>>,
) -> impl IntoView {
    let lang = a.triage.lang;
    let id = format!("q-{}", item.id);
    let label_id = format!("{id}-label");
    let error_id = format!("{id}-error");
    let warning_id = format!("{id}-warning");
    let error = move || a.error_of(item).map(|e| e.message(lang.get()));
    let warning = move || {
        let current = a.current.get();
        anamnesis()
            .plausibility(&item.id, &current)
            .map(|w| w.message(lang.get()))
    };
    let current = move || a.current.with(|c| c.get(&item.id).cloned());
    let unit = move || item.unit_label(lang.get()).to_string();
    let described = format!("{error_id} {warning_id}");
    let control = match item.kind {
        ItemKind::Integer | ItemKind::Decimal | ItemKind::Text => {
            let is_text = item.kind == ItemKind::Text;
            let mode_attr = if item.kind == ItemKind::Integer {
                "numeric"
            } else {
                "decimal"
            };
            let input = if is_text {
                view! {
                    <textarea
                        id=id.clone()
                        rows="2"
                        maxlength=item.max.map(|m| (m as usize + 50).to_string())
                        aria-invalid=move || error().is_some().to_string()
                        aria-describedby=described.clone()
                        prop:value=move || a.text_of(item)
                        on:input:target=move |ev| a.answer(item, ev.target().value())
                    ></textarea>
                }
                .into_any()
            } else {
                view! {
                    <input
                        id=id.clone()
                        type="text"
                        inputmode=mode_attr
                        autocomplete="off"
                        aria-invalid=move || error().is_some().to_string()
                        aria-describedby=described.clone()
                        prop:value=move || a.text_of(item)
                        on:input:target=move |ev| a.answer(item, ev.target().value())
                    />
                }
                .into_any()
            };
            view! {
                <label for=id.clone() id=label_id.clone()>
                    {move || item.text(lang.get(), mode).to_string()}
                    {move || {
                        let u = unit();
                        (!u.is_empty()).then(|| view! { <span class="unit">" (" {u} ")"</span> })
                    }}
                </label>
                {input}
            }
            .into_any()
        }
        ItemKind::Boolean => {
            let button = move |value: bool, key: &'static str| {
                let pressed = move || current() == Some(Response::Bool(value));
                view! {
                    <button
                        type="button"
                        class="toggle answer"
                        id=format!("q-{}-{}", item.id, if value { "yes" } else { "no" })
                        aria-pressed=move || pressed().to_string()
                        on:click=move |_| {
                            // A second press takes the answer back.
                            let text = if pressed() { "" } else if value { "yes" } else { "no" };
                            a.answer(item, text.to_string());
                            if let (Some(cb), false) = (answered, text.is_empty()) {
                                cb.run(());
                            }
                        }
                    >
                        {tr(lang, key)}
                    </button>
                }
            };
            view! {
                <p class="question" id=label_id.clone()>{move || item.text(lang.get(), mode).to_string()}</p>
                <div class="answer-buttons" role="group" aria-labelledby=label_id.clone()>
                    {button(true, "answer.yes")}
                    {button(false, "answer.no")}
                </div>
            }
            .into_any()
        }
        ItemKind::Choice if mode == Mode::Parent => {
            let buttons = item
                .options
                .iter()
                .map(|o| {
                    let code = o.code.as_str();
                    let pressed = move || current() == Some(Response::Text(code.to_string()));
                    view! {
                        <button
                            type="button"
                            class="toggle answer"
                            id=format!("q-{}-{}", item.id, code)
                            aria-pressed=move || pressed().to_string()
                            on:click=move |_| {
                                a.answer(item, code.to_string());
                                if let Some(cb) = answered {
                                    cb.run(());
                                }
                            }
                        >
                            {move || o.label(lang.get(), mode).to_string()}
                        </button>
                    }
                })
                .collect_view();
            view! {
                <p class="question" id=label_id.clone()>{move || item.text(lang.get(), mode).to_string()}</p>
                <div class="answer-buttons choices" role="group" aria-labelledby=label_id.clone()>
                    {buttons}
                </div>
            }
            .into_any()
        }
        ItemKind::Choice => {
            let options = move || {
                let lang = lang.get();
                item.options
                    .iter()
                    .map(|o| {
                        let code = o.code.clone();
                        let selected = {
                            let code = code.clone();
                            move || current() == Some(Response::Text(code.clone()))
                        };
                        view! {
                            <option value=code prop:selected=selected>
                                {o.label(lang, mode).to_string()}
                            </option>
                        }
                    })
                    .collect_view()
            };
            view! {
                <label for=id.clone() id=label_id.clone()>{move || item.text(lang.get(), mode).to_string()}</label>
                <select
                    id=id.clone()
                    aria-describedby=described.clone()
                    on:change:target=move |ev| a.answer(item, ev.target().value())
                >
                    <option value="" prop:selected=move || current().is_none()>
                        {tr(lang, "entry.not_recorded")}
                    </option>
                    {options}
                </select>
            }
            .into_any()
        }
    };
    view! {
        <div class="field q-field" data-item=item.id.clone()>
            {control}
            <p class="field-error" id=error_id role="alert">{error}</p>
            <p class="field-warning" id=warning_id>{warning}</p>
        </div>
    }
}

fn mode_code(mode: Mode) -> &'static str {
    match mode {
        Mode::Parent => "parent",
        Mode::Nurse => "nurse",
        Mode::Gp => "gp",
    }
}

/// Red-flag answers: tells a parent to call the emergency number now; tells a clinician which
/// answers are red flags. Never a triage level.
#[component]
pub fn RedFlagAlert(a: Anamnesis, mode: Mode) -> impl IntoView {
    let lang = a.triage.lang;
    let flags = Memo::new(move |_| {
        a.current.with(|c| {
            if c.is_empty() {
                return Vec::new();
            }
            anamnesis()
                .red_flags(c)
                .iter()
                .map(|f| (f.item.id.clone(), f.option.map(|o| o.code.clone())))
                .collect::<Vec<_>>()
        })
    });
    move || {
        let list = flags.get();
        (!list.is_empty()).then(|| {
            let lang_now = lang.get();
            let q = anamnesis();
            let reasons = list
                .iter()
                .filter_map(|(id, option)| Some((q.item(id)?, option)))
                .map(|(item, option)| {
                    let answer = match option.as_deref().and_then(|c| item.option(c)) {
                        Some(o) => o.label(lang_now, mode).to_string(),
                        None => t(lang_now, "answer.yes"),
                    };
                    view! { <li>{item.text(lang_now, mode).to_string()} " — " {answer}</li> }
                })
                .collect_view();
            let (heading, body) = match mode {
                Mode::Parent => ("redflag.parent_heading", "redflag.parent_body"),
                _ => ("redflag.clinician_heading", "redflag.clinician_body"),
            };
            view! {
                <section class="red-flag-alert" id=format!("red-flag-alert-{}", mode_code(mode)) role="alert">
                    <h2>{t(lang_now, heading)}</h2>
                    <p>{t(lang_now, body)}</p>
                    <ul>{reasons}</ul>
                </section>
            }
        })
    }
}

/// Every answer given, grouped by section, in the current language (read-only).
#[component]
pub fn AnswersSummary(a: Anamnesis, mode: Mode, #[prop(into)] id: String) -> impl IntoView {
    let lang = a.triage.lang;
    move || {
        let lang = lang.get();
        let q = anamnesis();
        let answers = a.current.with(|c| q.pruned(c));
        let sections = q
            .sections
            .iter()
            .filter_map(|section| {
                let rows: Vec<_> = q
                    .items
                    .iter()
                    .filter(|i| i.section == section.id)
                    .filter_map(|i| Some((i, answers.get(&i.id)?)))
                    .map(|(item, r)| {
                        view! {
                            <tr data-item=item.id.clone()>
                                <th scope="row">{item.text(lang, mode).to_string()}</th>
                                <td>{display_answer(item, r, lang, mode)}</td>
                            </tr>
                        }
                    })
                    .collect();
                (!rows.is_empty()).then(|| {
                    let title = section.title(lang);
                    view! {
                        <tr class="summary-section"><th colspan="2" scope="colgroup">{title.to_string()}</th></tr>
                        {rows}
                    }
                })
            })
            .collect_view();
        view! {
            <table class="answers-summary" id=id.clone()>
                <tbody>{sections}</tbody>
            </table>
        }
    }
}

/// The parent's form: one question at a time, plain words, large buttons, the emergency
/// number at once for a red flag, and the hand-off at the end. No triage level, ever.
#[component]
pub fn ParentScreen(a: Anamnesis, step: RwSignal<usize>) -> impl IntoView {
    let lang = a.triage.lang;
    // Positions in the questionnaire of the questions asked now.
    let asked = Memo::new(move |_| {
        a.current.with(|c| {
            let q = anamnesis();
            q.items
                .iter()
                .enumerate()
                .filter(|(_, i)| i.asked_in(Mode::Parent) && q.is_enabled(i, c))
                .map(|(k, _)| k)
                .collect::<Vec<_>>()
        })
    });
    let total = move || asked.with(Vec::len);
    let current_item = move || {
        let i = step.get();
        asked.with(|list| list.get(i).map(|k| &anamnesis().items[*k]))
    };
    let next = Callback::new(move |_| step.update(|s| *s += 1));
    let back = move |_| step.update(|s| *s = s.saturating_sub(1));
    view! {
        <RedFlagAlert a mode=Mode::Parent />
        {move || match current_item() {
            Some(item) => {
                let number = step.get() + 1;
                view! {
                    <section class="card parent-question" aria-labelledby="parent-progress">
                        <p class="progress" id="parent-progress">
                            {tr(lang, "parent.question")} " " {number} " / " {total}
                        </p>
                        {item_field(a, item, Mode::Parent, Some(next))}
                        <div class="actions parent-nav">
                            <button type="button" id="parent-back" on:click=back disabled=number == 1>
                                {tr(lang, "parent.back")}
                            </button>
                            <button type="button" id="parent-next" class="primary" on:click=move |_| next.run(())>
                                {tr(lang, "parent.next")}
                            </button>
                        </div>
                    </section>
                }
                .into_any()
            }
            None => view! {
                <section class="card parent-done" aria-labelledby="parent-done-heading">
                    <h2 id="parent-done-heading">{tr(lang, "parent.done_heading")}</h2>
                    <p>{tr(lang, "parent.done_body")}</p>
                    <HandOff a />
                    <h3>{tr(lang, "parent.your_answers")}</h3>
                    <AnswersSummary a mode=Mode::Parent id="parent-summary" />
                    <button type="button" id="parent-review" on:click=move |_| step.set(0)>
                        {tr(lang, "parent.review")}
                    </button>
                </section>
            }
            .into_any(),
        }}
    }
}

/// The GP's full history: every question asked at this age, editable, pre-filled from an
/// imported hand-off; export as FHIR and a printable summary.
#[component]
pub fn HistoryScreen(a: Anamnesis) -> impl IntoView {
    let lang = a.triage.lang;
    let q = anamnesis();
    let sections = q
        .sections
        .iter()
        .map(|section| {
            let items = move || {
                a.current.with(|c| {
                    anamnesis()
                        .enabled_items(Mode::Gp, c)
                        .filter(|i| i.section == section.id)
                        .map(|i| i.id.clone())
                        .collect::<Vec<_>>()
                })
            };
            let heading_id = format!("history-{}", section.id);
            let labelled_by = heading_id.clone();
            view! {
                <section class="card no-print" aria-labelledby=labelled_by>
                    <h2 id=heading_id>{move || section.title(lang.get()).to_string()}</h2>
                    <div class="fields history-fields">
                        <For
                            each=items
                            key=|id| id.clone()
                            children=move |id| {
                                let item = anamnesis().item(&id).expect("an enabled item exists");
                                item_field(a, item, Mode::Gp, None)
                            }
                        />
                    </div>
                </section>
            }
        })
        .collect_view();
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <ImportPanel a />
        <RedFlagAlert a mode=Mode::Gp />
        {sections}
        <section class="card" aria-labelledby="history-summary-heading">
            <h2 id="history-summary-heading">{tr(lang, "history.summary")}</h2>
            <AnswersSummary a mode=Mode::Gp id="history-summary" />
            <div class="actions no-print">
                <super::handoff::ExportButtons a />
                <button type="button" id="print-summary" on:click=print>
                    {tr(lang, "history.print")}
                </button>
            </div>
        </section>
        <section class="card no-print" aria-labelledby="gp-handoff-heading">
            <h2 id="gp-handoff-heading">{tr(lang, "handoff.heading")}</h2>
            <HandOff a />
        </section>
    }
}

/// On the nurse's screen: import of a parent's hand-off, and the history it brought. The red
/// flags of that history are shown above the fold, never hidden in it; what is inside the fold
/// is built only while it is open.
#[component]
pub fn NurseHistory(a: Anamnesis) -> impl IntoView {
    let lang = a.triage.lang;
    let has_answers = move || a.own.with(|o| !o.is_empty());
    view! {
        <RedFlagAlert a mode=Mode::Nurse />
        <Fold
            id="nurse-history"
            class="card nurse-history no-print"
            summary=move || t(lang.get(), "nurse.history")
        >
            <ImportPanel a />
            <Show when=has_answers>
                <h3>{tr(lang, "nurse.history_answers")}</h3>
                <AnswersSummary a mode=Mode::Nurse id="nurse-history-summary" />
            </Show>
        </Fold>
    }
}
