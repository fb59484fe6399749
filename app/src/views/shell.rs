//! The app's frame: header with the screens' tabs, notices, the screen shown, the device
//! controls and the footer.

use super::idle::{DeviceControls, IdleWarning};
use super::labels::tr;
use super::lock::LockScreen;
use super::{BoardScreen, HistoryScreen, NurseHistory, ParentScreen, RecordsScreen, TriageScreen};
use crate::i18n::t;
use crate::io::download::confirm;
use crate::state::notices::Notice;
use crate::state::prefs::Screen;
use crate::state::session::Session;
use leptos::prelude::*;
use rules::Lang;

/// One screen's tab. `count` is its badge, `()` for a tab without one (an absent `Option`
/// would leave a placeholder node in every tab).
fn tab(
    screen: RwSignal<Screen>,
    lang: ReadSignal<Lang>,
    which: Screen,
    id: &'static str,
    key: &'static str,
    count: impl IntoView + 'static,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="tab"
            id=id
            aria-pressed=move || (screen.get() == which).to_string()
            on:click=move |_| screen.set(which)
        >
            {tr(lang, key)}
            {count}
        </button>
    }
}

#[component]
pub fn App() -> impl IntoView {
    let session = Session::start();
    let Session {
        lang,
        set_lang,
        screen,
        parent_mode,
        triage,
        history,
        parent_step,
        records,
        board,
        notices,
        idle,
        lock,
    } = session;

    let locked = move || lock.locked.get();
    let clinician = move || !parent_mode.get() && !locked();
    let enter_parent_mode = move |_| {
        if confirm(&t(lang.get_untracked(), "parent_mode.enter_confirm")) {
            session.enter_parent_mode();
        }
    };
    let leave_parent_mode = move |_| {
        if confirm(&t(lang.get_untracked(), "parent_mode.leave_confirm")) {
            session.leave_parent_mode();
        }
    };
    let new_patient = move |_| {
        if confirm(&t(lang.get_untracked(), "patient.new_confirm")) {
            session.clear_patient();
        }
    };
    let records_count = move || {
        view! { " (" <span id="records-count">{move || records.0.with(|r| r.len())}</span> ")" }
    };
    let overdue_count = move || {
        let overdue = Memo::new(move |_| board.overdue_count());
        move || {
            (overdue.get() > 0).then(|| {
                view! {
                    " (" <span id="board-overdue-count">
                        {t(lang.get(), "board.tab_overdue").replace("{n}", &overdue.get().to_string())}
                    </span> ")"
                }
            })
        }
    };
    let notice_list = move || {
        let lang = lang.get();
        notices
            .0
            .get()
            .into_iter()
            .map(|n: Notice| {
                view! {
                    <p
                        class=if n.is_problem() { "notice error" } else { "notice ok" }
                        id=n.id()
                        role=if n.is_problem() { "alert" } else { "status" }
                    >
                        {t(lang, n.key())}
                        " "
                        <button type="button" class="dismiss" on:click=move |_| notices.dismiss(n)>
                            {t(lang, "notice.dismiss")}
                        </button>
                    </p>
                }
            })
            .collect_view()
    };

    view! {
        <a class="skip-link" href="#main">{tr(lang, "nav.skip")}</a>
        <header class="app-header">
            <h1 id="app-title">{tr(lang, "app.title")}</h1>
            <p class="tagline">{tr(lang, "app.tagline")}</p>
            // The parent's entry has no route to the clinician screens (levels, scores, records).
            <Show when=clinician>
                <nav class="tabs no-print" aria-label=tr(lang, "nav.label")>
                    {tab(screen, lang, Screen::Parent, "tab-parent", "nav.parent", ())}
                    {tab(screen, lang, Screen::Triage, "tab-triage", "nav.triage", ())}
                    {tab(screen, lang, Screen::Board, "tab-board", "nav.board", overdue_count())}
                    {tab(screen, lang, Screen::History, "tab-history", "nav.history", ())}
                    {tab(screen, lang, Screen::Records, "tab-records", "nav.records", records_count())}
                </nav>
                <button type="button" id="new-patient" class="no-print" on:click=new_patient>
                    {tr(lang, "patient.new")}
                </button>
            </Show>
            <LanguageSwitch lang set_lang />
        </header>
        <div id="notices" class="no-print">{notice_list}</div>
        <IdleWarning idle lang locks=lock.configured />
        <main id="main" tabindex="-1">
            // Locked: the lock stands in for every screen, and the page holds no child's data.
            <Show when=locked>
                <LockScreen session />
            </Show>
            <Show when=clinician>
                <div class:hidden=move || screen.get() != Screen::Triage id="screen-triage">
                    <NurseHistory a=history />
                    <TriageScreen triage records board />
                </div>
            </Show>
            <Show when=move || !locked() && (parent_mode.get() || screen.get() == Screen::Parent)>
                <Show when=clinician>
                    <p class="no-print parent-mode-enter">
                        <button type="button" id="parent-mode-enter" on:click=enter_parent_mode>
                            {tr(lang, "parent_mode.enter")}
                        </button>
                    </p>
                </Show>
                <div id="screen-parent"><ParentScreen a=history step=parent_step /></div>
            </Show>
            <Show when=move || clinician() && screen.get() == Screen::Board>
                <BoardScreen session />
            </Show>
            <Show when=move || clinician() && screen.get() == Screen::History>
                <div id="screen-history"><HistoryScreen a=history /></div>
            </Show>
            <Show when=move || clinician() && screen.get() == Screen::Records>
                <RecordsScreen lang records />
            </Show>
        </main>
        <Show when=move || parent_mode.get() && !locked()>
            <details class="parent-mode-exit no-print" id="parent-mode-exit">
                <summary>{tr(lang, "parent_mode.for_clinician")}</summary>
                <button type="button" id="parent-mode-leave" on:click=leave_parent_mode>
                    {tr(lang, "parent_mode.leave")}
                </button>
            </details>
        </Show>
        <Show when=move || !locked()>
            <DeviceControls session />
        </Show>
        <Footer lang />
    }
}

#[component]
fn LanguageSwitch(lang: ReadSignal<Lang>, set_lang: WriteSignal<Lang>) -> impl IntoView {
    let button = move |choice: Lang| {
        view! {
            <button
                type="button"
                class="lang-button"
                id=format!("lang-{}", choice.code())
                lang=choice.code()
                aria-pressed=move || (lang.get() == choice).to_string()
                on:click=move |_| set_lang.set(choice)
            >
                {choice.autonym()}
            </button>
        }
    };
    view! {
        <nav class="lang-switch" aria-label=tr(lang, "lang.label")>
            {Lang::ALL.iter().map(|&choice| button(choice)).collect_view()}
        </nav>
    }
}

#[component]
fn Footer(lang: ReadSignal<Lang>) -> impl IntoView {
    let ruleset = &rules::ruleset_hash()[..12];
    let model_hash = crate::state::model::model_hash();
    view! {
        <footer class="app-footer">
            <p>{tr(lang, "footer.private")}</p>
            <p>
                {tr(lang, "footer.ruleset")} " "
                <code id="ruleset-hash">{ruleset}</code>
                " · "
                {tr(lang, "footer.model")} " "
                <code id="model-hash">{model_hash}</code>
                " · "
                {tr(lang, "footer.app_version")} " "
                <code id="app-version">{crate::APP_VERSION}</code>
            </p>
        </footer>
    }
}
