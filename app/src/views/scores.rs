//! Scores and decision rules that apply to this child and complaint, as `rules` computed them:
//! total (or the range still possible), band, each item with what it read and its points, the
//! source; and the questions (typed answers from the rule data) that complete them.

use super::fold::Fold;
use super::labels::{input_label, tr};
use super::observation;
use super::provenance::{reviewer_note, source_line};
use crate::i18n::t;
use crate::state::triage::Triage;
use leptos::prelude::*;
use rules::{Applicability, DecisionRuleResult, ItemRead, Lang, NotApplicable, ScoreResult, Value};
use std::collections::HashSet;

/// The name of an input or observation, in words.
fn thing_label(lang: Lang, kind: &str, name: &str) -> String {
    match kind {
        "input" => rules::rules()
            .iter()
            .flat_map(|rule| rule.inputs().iter())
            .find(|i| i.name() == name)
            .map(|i| input_label(lang, *i))
            .unwrap_or_else(|| t(lang, &format!("input.{name}"))),
        _ => observation::label(lang, name),
    }
}

/// A value an item read, in words.
fn read_text(lang: Lang, r: &ItemRead) -> (String, String) {
    let name = thing_label(lang, r.kind, r.name);
    let value = match &r.value {
        None if r.kind == "input" => t(lang, "trace.not_measured"),
        None => t(lang, "scores.missing"),
        Some(Value::Number(x)) if r.kind == "input" && r.unit.is_empty() => format!("{x}"),
        Some(Value::Number(x)) if r.kind == "input" => format!("{x} {}", r.unit),
        Some(v) if r.kind == "input" => match v {
            Value::Flag(b) => t(lang, if *b { "trace.yes" } else { "trace.no" }),
            Value::Code(c) => c.to_string(),
            Value::Number(x) => format!("{x}"),
        },
        Some(v) => observation::value_text(lang, r.name, v),
    };
    (name, value)
}

/// Observation codes an item list reads, in order, without repeats.
fn observations_read<'a>(reads: impl Iterator<Item = &'a ItemRead>) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for r in reads {
        if r.kind == "observation" && !out.contains(&r.name) {
            out.push(r.name);
        }
    }
    out
}

/// One question: the observation's own control, bound to the record's one entry. A sign the
/// triage form shows is the same entry: its control here is marked "entered above" once it is
/// answered, so an answer given in either place shows in both.
fn question(triage: Triage, code: &'static str, in_form: bool) -> AnyView {
    let lang = triage.lang;
    let Some(def) = rules::observation(code) else {
        return ().into_any();
    };
    let code: &'static str = def.code.as_str();
    let answered = move || triage.observations.with(|o| o.contains_key(code));
    view! {
        <div class="question" data-question=code data-in-form=in_form.to_string()>
            {observation::control(triage, "answer", code, true)}
            {move || (in_form && answered()).then(|| view! {
                <p class="hint entered-above" id=format!("answer-{code}-above")>{t(lang.get(), "scores.entered_above")}</p>
            })}
        </div>
    }
    .into_any()
}

fn set_open(open: RwSignal<HashSet<&'static str>>, id: &'static str, is_open: bool) {
    if open.with_untracked(|o| o.contains(id)) != is_open {
        open.update(|o| {
            if is_open {
                o.insert(id);
            } else {
                o.remove(id);
            }
        });
    }
}

fn score_body(lang: Lang, s: &ScoreResult) -> AnyView {
    let rows = s
        .items
        .iter()
        .map(|i| {
            let reads: Vec<String> = i
                .read
                .iter()
                .map(|r| {
                    let (n, v) = read_text(lang, r);
                    format!("{n}: {v}")
                })
                .collect();
            let points = match i.points {
                Some(p) => p.to_string(),
                None => format!(
                    "{}–{} ({})",
                    i.min_points,
                    i.max_points,
                    t(lang, "scores.missing")
                ),
            };
            let band = i.band.as_ref().map(|b| b.get(lang).to_string());
            view! {
                <tr>
                    <th scope="row">{i.label.get(lang).to_string()}</th>
                    <td>{reads.join("; ")}</td>
                    <td>{points} {band.map(|b| view! { " — " {b} })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
            <div class="trace-body">
                <table class="trace-inputs">
                    <caption>{t(lang, "scores.items")}</caption>
                    <thead><tr>
                        <th scope="col">{t(lang, "scores.item")}</th>
                        <th scope="col">{t(lang, "trace.inputs_read")}</th>
                        <th scope="col">{t(lang, "scores.points")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <p class="rule-ref">{t(lang, "trace.rule")} ": " <code class="rule-id">{s.id}</code> " " {t(lang, "trace.version")} " " {s.version}</p>
                {source_line(lang, &s.source)}
                {s.bands_source.map(|b| view! { <p class="source">{t(lang, "scores.bands_source")} ": " {b}</p> })}
                {reviewer_note(lang, s.note)}
            </div>
    }
    .into_any()
}

fn score_view(lang: Lang, s: &ScoreResult, open: RwSignal<HashSet<&'static str>>) -> AnyView {
    let total = if s.complete {
        s.total.to_string()
    } else {
        format!("{}–{}", s.min_possible, s.max_possible)
    };
    let band = s.band.as_ref().map(|b| b.label.get(lang).to_string());
    let id = s.id;
    let shared = std::sync::Arc::new(s.clone());
    let body = move || {
        open.with(|o| o.contains(id))
            .then(|| score_body(lang, &shared))
    };
    view! {
        <details class="score"
            prop:open=move || open.with(|o| o.contains(id))
            on:toggle:target=move |ev| set_open(open, id, ev.target().open()) data-score-id=s.id id=format!("score-{}", s.id.replace('.', "-"))>
            <summary>
                <strong>{s.label.get(lang).to_string()}</strong> ": "
                <span class="score-total">{total}</span>
                {band.map(|b| view! { " — " <span class="score-band">{b}</span> })}
                {(!s.complete).then(|| view! { " " <span class="hint">"(" {t(lang, "scores.incomplete")} ")"</span> })}
            </summary>
            {body}
        </details>
    }
    .into_any()
}

/// What a missing feature still needs, in words: the inputs and answers it reads that are not
/// entered (the feature's own name when it reads none).
fn missing_words(lang: Lang, d: &DecisionRuleResult) -> String {
    let mut out: Vec<String> = Vec::new();
    for f in d.features.iter().filter(|f| f.missing) {
        let open: Vec<String> = f
            .read
            .iter()
            .filter(|r| r.value.is_none())
            .map(|r| thing_label(lang, r.kind, r.name))
            .collect();
        let words = if open.is_empty() {
            vec![f.label.get(lang).to_string()]
        } else {
            open
        };
        for w in words {
            if !out.contains(&w) {
                out.push(w);
            }
        }
    }
    out.join(", ")
}

/// The outcome line of a decision rule: the outcome once settled; for a rule-out rule what is
/// missing and the most serious outcome still possible (never its low-risk outcome); for a
/// grading rule the outcomes still possible.
fn outcome_text(lang: Lang, d: &DecisionRuleResult) -> String {
    if let Some(o) = &d.outcome {
        return o.label.get(lang).to_string();
    }
    let name = |id: &str| {
        rules::decision_rule_defs()
            .iter()
            .find(|r| r.id == d.id)
            .and_then(|r| {
                r.groups
                    .iter()
                    .chain(std::iter::once(&r.otherwise))
                    .find(|g| g.id == id)
            })
            .map(|g| g.label.get(lang).to_string())
            .unwrap_or_else(|| id.to_string())
    };
    if d.rule_out {
        let worst = d
            .worst_possible
            .as_ref()
            .map(|o| o.label.get(lang).to_string())
            .unwrap_or_default();
        t(lang, "scores.missing_until")
            .replace("{list}", &missing_words(lang, d))
            .replace("{outcome}", &worst)
    } else {
        let list: Vec<String> = d.possible_outcomes.iter().map(|id| name(id)).collect();
        t(lang, "scores.not_settled").replace("{list}", &list.join(" / "))
    }
}

fn decision_body(lang: Lang, d: &DecisionRuleResult) -> AnyView {
    // The recommendation of the outcome, or of the most serious one still possible.
    let outcome = d.outcome.as_ref().or(d.worst_possible.as_ref());
    let rows = d
        .features
        .iter()
        .map(|f| {
            let state = match f.present {
                Some(true) => t(lang, "trace.present"),
                Some(false) => t(lang, "trace.absent"),
                None => t(lang, "scores.missing"),
            };
            let reads: Vec<String> = f
                .read
                .iter()
                .map(|r| {
                    let (n, v) = read_text(lang, r);
                    format!("{n}: {v}")
                })
                .collect();
            view! {
                <tr data-present=f.present.map(|p| p.to_string()).unwrap_or_default()>
                    <th scope="row">{f.label.get(lang).to_string()}</th>
                    <td>{reads.join("; ")}</td>
                    <td>{state}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
            <div class="trace-body">
                {outcome.map(|o| view! { <p class="recommendation">{o.recommendation.get(lang).to_string()}</p> })}
                <table class="trace-inputs">
                    <caption>{t(lang, "scores.features")}</caption>
                    <thead><tr>
                        <th scope="col">{t(lang, "scores.feature")}</th>
                        <th scope="col">{t(lang, "trace.inputs_read")}</th>
                        <th scope="col">{t(lang, "trace.outcome")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <p class="rule-ref">{t(lang, "trace.rule")} ": " <code class="rule-id">{d.id}</code> " " {t(lang, "trace.version")} " " {d.version}</p>
                {source_line(lang, &d.source)}
                {reviewer_note(lang, d.note)}
            </div>
    }
    .into_any()
}

fn decision_view(
    lang: Lang,
    d: &DecisionRuleResult,
    open: RwSignal<HashSet<&'static str>>,
) -> AnyView {
    let settled = d.outcome.is_some();
    let text = outcome_text(lang, d);
    let id = d.id;
    let shared = std::sync::Arc::new(d.clone());
    let body = move || {
        open.with(|o| o.contains(id))
            .then(|| decision_body(lang, &shared))
    };
    view! {
        <details class="score decision"
            prop:open=move || open.with(|o| o.contains(id))
            on:toggle:target=move |ev| set_open(open, id, ev.target().open()) data-rule-id=d.id id=format!("decision-{}", d.id.replace('.', "-"))>
            <summary>
                <strong>{d.label.get(lang).to_string()}</strong> ": "
                <span class="decision-outcome" data-settled=settled.to_string()>{text}</span>
            </summary>
            {body}
        </details>
    }
    .into_any()
}

/// The scores and rules not evaluated for this child, each with its reason in plain words and,
/// when not yet known, what would settle it. Folded; its items are built only while it is open
/// (`shown` keeps it open when the list changes).
fn not_applicable_view(lang: Lang, list: Vec<NotApplicable>, shown: RwSignal<bool>) -> AnyView {
    if list.is_empty() {
        return ().into_any();
    }
    let count = list.len();
    let items = move || {
        list.iter()
            .map(|n| not_applicable_item(lang, n))
            .collect_view()
    };
    view! {
        <Fold
            id="scores-not-applicable"
            shown=shown
            summary=move || view! { {t(lang, "scores.not_applicable")} " (" {count} ")" }
        >
            <ul>{items.clone()}</ul>
        </Fold>
    }
    .into_any()
}

fn not_applicable_item(lang: Lang, n: &NotApplicable) -> impl IntoView + use<> {
    let to_answer: Vec<String> = n
        .to_answer
        .iter()
        .map(|x| thing_label(lang, x.kind, &x.name))
        .collect();
    let status = match n.status {
        Applicability::Outside => "outside",
        Applicability::NotYetKnown => "not_yet_known",
    };
    view! {
        <li data-na-id=n.id data-status=status>
            <strong>{n.label.get(lang).to_string()}</strong> ": " {n.reason(lang).to_string()}
            {(!to_answer.is_empty()).then(|| view! {
                " " <span class="hint">{t(lang, "scores.to_answer").replace("{list}", &to_answer.join(", "))}</span>
            })}
        </li>
    }
}

/// The scores, decision rules and those not applicable, as the assessment gives them.
type Results = Option<(
    Vec<ScoreResult>,
    Vec<DecisionRuleResult>,
    Vec<NotApplicable>,
)>;

/// One score, rendered again only when its own result changes (another score's answer, or a
/// value it does not read, leaves it as it is).
fn one_score(
    results: Memo<Results>,
    lang: Lang,
    id: &'static str,
    open: RwSignal<HashSet<&'static str>>,
) -> impl IntoView {
    let mine = Memo::new(move |_| {
        results.with(|r| {
            r.as_ref()
                .and_then(|(s, _, _)| s.iter().find(|x| x.id == id).cloned())
        })
    });
    move || mine.with(|s| s.as_ref().map(|s| score_view(lang, s, open)))
}

/// One decision rule, as [`one_score`].
fn one_rule(
    results: Memo<Results>,
    lang: Lang,
    id: &'static str,
    open: RwSignal<HashSet<&'static str>>,
) -> impl IntoView {
    let mine = Memo::new(move |_| {
        results.with(|r| {
            r.as_ref()
                .and_then(|(_, d, _)| d.iter().find(|x| x.id == id).cloned())
        })
    });
    move || mine.with(|d| d.as_ref().map(|d| decision_view(lang, d, open)))
}

#[component]
pub fn ScoresPanel(triage: Triage) -> impl IntoView {
    let lang = triage.lang;
    let open = RwSignal::new(HashSet::<&'static str>::new());
    // Rendered again only when a score or decision rule changes, read once the edits are on
    // screen.
    let results = Memo::new(move |_| {
        triage
            .settled(|o| match o {
                Ok(a) => Some((
                    a.scores.clone(),
                    a.decision_rules.clone(),
                    a.scores_not_applicable.clone(),
                )),
                Err(_) => None,
            })
            .flatten()
    });
    // The questions stay put while they are answered: they change only with the set of
    // scores that apply.
    let questions = Memo::new(move |prev: Option<&Vec<&'static str>>| {
        results.with(|r| match r {
            Some((scores, rules, not_applicable)) => {
                let mut ids = observations_read(
                    scores
                        .iter()
                        .flat_map(|s| s.items.iter().flat_map(|i| i.read.iter()))
                        .chain(
                            rules
                                .iter()
                                .flat_map(|d| d.features.iter().flat_map(|f| f.read.iter())),
                        ),
                );
                // The observations a population reads (previously healthy, blunt torso trauma
                // …): those that would settle one not yet known, and those of the scores and
                // rules shown, so the question stays while it is answered and can be changed.
                let shown = scores
                    .iter()
                    .map(|s| s.id)
                    .chain(rules.iter().map(|d| d.id));
                let population = shown.flat_map(|id| {
                    rules::score_defs()
                        .iter()
                        .filter(move |d| d.id == id)
                        .flat_map(|d| d.population.iter())
                        .chain(
                            rules::decision_rule_defs()
                                .iter()
                                .filter(move |d| d.id == id)
                                .flat_map(|d| d.population.iter()),
                        )
                        .flat_map(|r| r.answers())
                });
                let pending = not_applicable
                    .iter()
                    .flat_map(|n| n.to_answer.iter())
                    .filter(|x| x.kind == "observation")
                    .filter_map(|x| rules::observation(&x.name))
                    .filter(|d| d.can_be_entered())
                    .map(|d| d.code.as_str());
                for a in population.chain(pending) {
                    if !ids.contains(&a) {
                        ids.push(a);
                    }
                }
                ids
            }
            None => prev.cloned().unwrap_or_default(),
        })
    });
    let answers_error = move || triage.error_for("observations");
    let form = triage.signs;
    // Which scores and rules are shown: the list is built again only when that set changes.
    let shape = Memo::new(move |_| {
        results.with(|r| {
            r.as_ref().map(|(scores, rules, not_applicable)| {
                (
                    scores.iter().map(|s| s.id).collect::<Vec<_>>(),
                    rules.iter().map(|d| d.id).collect::<Vec<_>>(),
                    not_applicable.clone(),
                )
            })
        })
    });
    // Folded lists build their items only while open; these keep them open across re-renders.
    let not_applicable_shown = RwSignal::new(false);
    let questions_shown = RwSignal::new(false);
    let body = move || {
        let lang = lang.get();
        match shape.get() {
            None => view! { <p id="scores-none">{t(lang, "scores.waiting")}</p> }.into_any(),
            Some((scores, rules, not_applicable)) if scores.is_empty() && rules.is_empty() => {
                view! {
                    <p id="scores-none">{t(lang, "scores.none_apply")}</p>
                    {not_applicable_view(lang, not_applicable, not_applicable_shown)}
                }
                .into_any()
            }
            Some((scores, rules, not_applicable)) => view! {
                <div class="scores-list" id="scores-list">
                    {scores.into_iter().map(|id| one_score(results, lang, id, open)).collect_view()}
                    {rules.into_iter().map(|id| one_rule(results, lang, id, open)).collect_view()}
                </div>
                {not_applicable_view(lang, not_applicable, not_applicable_shown)}
            }
            .into_any(),
        }
    };
    let question_list = move || {
        let ids = questions.get();
        if ids.is_empty() {
            return ().into_any();
        }
        let n = ids.len();
        view! {
            <Fold
                id="score-questions"
                shown=questions_shown
                summary=move || view! { {tr(lang, "scores.questions")} " (" {n} ")" }
            >
                {ids.clone().into_iter().map(|c| {
                    let in_form = form.with(|f| f.contains(c));
                    question(triage, c, in_form)
                }).collect_view()}
            </Fold>
        }
        .into_any()
    };
    view! {
        <section class="card" id="scores" aria-labelledby="scores-heading">
            <h2 id="scores-heading">{tr(lang, "scores.heading")}</h2>
            <p class="field-error" role="alert">{answers_error}</p>
            {body}
            {question_list}
        </section>
    }
}
