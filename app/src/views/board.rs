//! The nurse's waiting-room board: one row per child triaged on this device, most urgent first,
//! with the time since arrival and the time left to the physician and to the next
//! reassessment. An overdue row says so in words, not by colour alone.

use super::fold::Fold;
use super::labels::{age_label, complaint_label, tr};
use crate::formats::board::{BoardChild, ClosedHow};
use crate::i18n::t;
use crate::io::download::confirm;
use crate::state::board::BoardRow;
use crate::state::session::Session;
use leptos::prelude::*;
use rules::Lang;
use rules::timing::Reassess;

const MINUTE_MS: i64 = 60_000;

/// Whole minutes from `from` to `to` (negative when `to` is earlier), rounded towards the
/// earlier time so "0 min left" never shows for a deadline already passed.
fn minutes_between(from: i64, to: i64) -> i64 {
    (to - from).div_euclid(MINUTE_MS)
}

/// "in 12 min" or "overdue by 3 min" for a deadline.
fn deadline_text(lang: Lang, now: i64, deadline: i64) -> (String, bool) {
    if now > deadline {
        let late = minutes_between(deadline, now).max(0);
        (
            t(lang, "board.overdue_by").replace("{n}", &late.to_string()),
            true,
        )
    } else {
        let left = minutes_between(now, deadline);
        (t(lang, "board.in").replace("{n}", &left.to_string()), false)
    }
}

fn row_view(lang: Lang, now: i64, row: BoardRow, session: Session) -> impl IntoView {
    let level = row.due.level;
    let level_name = rules::levels()
        .into_iter()
        .find(|l| l.level == level)
        .map(|l| l.name(lang).to_string())
        .unwrap_or_default();
    let (seen_text, seen_late) = deadline_text(lang, now, row.due.seen_by_ms);
    let (reassess_text, reassess_late) = match row.due.reassess {
        Reassess::At(at) => deadline_text(lang, now, at),
        Reassess::Continuous => (t(lang, "level.reassess_continuous"), false),
        Reassess::NotGiven => ("—".to_string(), false),
    };
    let overdue = seen_late || reassess_late;
    let label = if row.label.is_empty() {
        t(lang, "board.no_label")
    } else {
        row.label.clone()
    };
    let arrived = minutes_between(row.arrived_ms, now).max(0);
    // Two assessments or more: the levels in a line, and the trends one tap away (drawn
    // when opened).
    let trend = (row.history.len() > 1).then(|| {
        let levels: Vec<String> = row.history.iter().map(|a| a.level.to_string()).collect();
        let history = row.history.clone();
        view! {
            <p class="board-trend">{t(lang, "board.levels")} ": " <span class="board-levels">{levels.join(" → ")}</span></p>
            <Fold class="more board-trends" summary=move || t(lang, "board.trends")>{
                let history = history.clone();
                move || super::trends::trends_view(lang, &history)
            }</Fold>
        }
    });
    let id = row.episode_id.clone();
    let open = {
        let id = id.clone();
        let label = row.label.clone();
        let record = row.record().clone();
        move |_| {
            let triage = session.triage;
            let other_child = triage.started.get_untracked()
                && triage
                    .board_child
                    .with_untracked(|c| c.episode_id.as_deref() != Some(&id));
            if other_child && !confirm(&t(lang, "board.open_confirm")) {
                return;
            }
            session.open_from_board(
                record.clone(),
                BoardChild {
                    episode_id: Some(id.clone()),
                    label: label.clone(),
                },
            );
        }
    };
    let close = move |how: ClosedHow, key: &'static str| {
        let id = id.clone();
        move |_| {
            if confirm(&t(lang, key)) {
                let _ = session.board.close(&id, how);
            }
        }
    };
    view! {
        <li
            class=format!("board-row level-border-{level}{}", if overdue { " overdue" } else { "" })
            data-episode=row.episode_id.clone()
            data-level=level.to_string()
            data-overdue=overdue.to_string()
        >
            <button type="button" class="board-open" on:click=open>
                <span class=format!("level-chip level-{level}")>{t(lang, "level.label")} " " {level} " — " {level_name}</span>
                " " <strong class="board-label">{label}</strong>
                " · " {age_label(lang, row.record())} " · " {complaint_label(lang, row.record())}
            </button>
            {overdue.then(|| view! { <p class="board-overdue"><strong>{t(lang, "board.overdue")}</strong></p> })}
            <p class="board-times">
                {t(lang, "board.arrived").replace("{n}", &arrived.to_string())}
                " · " <span class="board-seen" class:late=seen_late>{t(lang, "board.physician")} ": " {seen_text}</span>
                " · " <span class="board-reassess" class:late=reassess_late>{t(lang, "board.reassess")} ": " {reassess_text}</span>
            </p>
            {trend}
            <div class="actions">
                <button type="button" class="board-seen-button secondary" on:click=close(ClosedHow::Seen, "board.seen_confirm")>
                    {t(lang, "board.seen")}
                </button>
                <button type="button" class="board-left-button secondary" on:click=close(ClosedHow::Left, "board.left_confirm")>
                    {t(lang, "board.left")}
                </button>
            </div>
        </li>
    }
}

#[component]
pub fn BoardScreen(session: Session) -> impl IntoView {
    let lang = session.lang;
    let board = session.board;
    let rows = move || {
        let lang = lang.get();
        let now = board.now_ms.get();
        let rows = board.rows.get();
        if rows.is_empty() {
            return view! { <p id="board-empty">{t(lang, "board.empty")}</p> }.into_any();
        }
        view! {
            <ol class="board-list" id="board-list">
                {rows.into_iter().map(|row| row_view(lang, now, row, session)).collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        <section class="card board" aria-labelledby="board-heading" id="screen-board">
            <h2 id="board-heading">{tr(lang, "board.heading")}</h2>
            <p class="hint">{tr(lang, "board.hint")}</p>
            {rows}
        </section>
    }
}
