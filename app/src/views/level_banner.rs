//! The level, kept in view at the top of the screen while the nurse types. It re-renders only
//! when what it shows changes (level, target, first reason, final or not), not on every edit.
//!
//! Its height does not change with the level: the line that says what set it is always there
//! (the first deciding rule, or that no rule fired and the level is the default), on one line. A
//! banner that grew or shrank by a line would move the whole form below it on each keystroke
//! that changes the level (the browser's scroll anchoring hides the jump by scrolling, at the
//! cost of laying out and painting the page again).

use super::labels::{entry_label, target_text};
use crate::i18n::t;
use crate::state::triage::Triage;
use leptos::prelude::*;
use rules::{Lang, TriageLevel};

/// What the banner shows.
#[derive(Clone, PartialEq)]
enum Banner {
    /// Nothing entered yet.
    Prompt,
    /// Errors withhold the level.
    Blocked(usize),
    Level {
        info: TriageLevel,
        /// The first deciding rule, in words (none at the default level).
        reason: Option<String>,
        is_final: bool,
    },
}

fn level_view(lang: Lang, info: &TriageLevel, reason: Option<String>, is_final: bool) -> AnyView {
    let reassess = info.reassess_minutes.map(|m| {
        if m == 0 {
            t(lang, "level.reassess_continuous")
        } else {
            t(lang, "level.reassess_every").replace("{n}", &m.to_string())
        }
    });
    let reason = match reason {
        Some(rule) => format!("{}: {rule}", t(lang, "result.deciding")),
        None => t(lang, "level.default"),
    };
    let level = info.level;
    view! {
        <div class=format!("level-banner level-{level}") id="level-banner" data-level=level.to_string()>
            <p class="level-main">
                <span class="level-label">{t(lang, "level.label")} " "</span>
                <span class="level-number" id="level-number">{level}</span>
                " — "
                <span class="level-name" id="level-name">{info.name(lang).to_string()}</span>
            </p>
            <p class="level-target" id="level-target">
                {t(lang, "level.target")} ": " {target_text(lang, info.target_minutes)}
                {reassess.map(|r| view! { " · " {r} })}
            </p>
            <p class="level-reason" id="level-reason">{reason}</p>
            <p class="level-final" id="level-final">
                {if is_final { t(lang, "level.final") } else { t(lang, "level.provisional") }}
            </p>
        </div>
    }
    .into_any()
}

#[component]
pub fn LevelBanner(triage: Triage) -> impl IntoView {
    let lang = triage.lang;
    let banner = Memo::new(move |_| {
        if !triage.started.get() {
            return Banner::Prompt;
        }
        let lang = lang.get();
        triage.outcome.with(|o| match o {
            Ok(a) => Banner::Level {
                info: a.level_info.clone(),
                reason: a
                    .trace
                    .iter()
                    .find(|e| a.deciding_rules.contains(&e.rule_id))
                    .map(|e| entry_label(lang, e)),
                is_final: a.is_final,
            },
            Err(errors) => Banner::Blocked(errors.len()),
        })
    });
    let shown = move || {
        let lang = lang.get();
        match banner.get() {
            Banner::Prompt => view! {
                <div class="level-banner level-none" id="level-banner" data-level="">
                    <p id="level-prompt">{t(lang, "result.prompt")}</p>
                </div>
            }
            .into_any(),
            Banner::Blocked(n) => view! {
                <div class="level-banner level-none" id="level-banner" data-level="">
                    <p id="level-blocked">{t(lang, "result.blocked").replace("{n}", &n.to_string())}</p>
                </div>
            }
            .into_any(),
            Banner::Level { info, reason, is_final } => level_view(lang, &info, reason, is_final),
        }
    };
    view! {
        <div class="sticky-banner" role="status" aria-live="polite" aria-atomic="true">
            {shown}
        </div>
    }
}
