//! Pediatriage single-page app: views, state, persistence and i18n. It holds no clinical
//! threshold: everything clinical comes from `rules` and `model`.

pub mod audit;
mod fault;
pub mod i18n;
pub mod state;
mod views;

use leptos::prelude::*;
use rules::Lang;
use wasm_bindgen::prelude::*;

const LANG_STORAGE_KEY: &str = "pediatriage.lang";

/// The app's version, stored in every audit record.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The two screens.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Screen {
    Triage,
    Records,
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Language saved by the user, else the browser's, else English.
fn initial_lang() -> Lang {
    let saved = local_storage().and_then(|s| s.get_item(LANG_STORAGE_KEY).ok().flatten());
    let browser = web_sys::window().and_then(|w| w.navigator().language());
    saved
        .or(browser)
        .and_then(|code| i18n::from_code(&code))
        .unwrap_or_default()
}

#[component]
fn App() -> impl IntoView {
    let (lang, set_lang) = signal(initial_lang());
    Effect::new(move |_| {
        let code = i18n::code(lang.get());
        if let Some(storage) = local_storage() {
            // Losing the language preference is harmless; nothing else to do on failure.
            let _ = storage.set_item(LANG_STORAGE_KEY, code);
        }
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", code);
        }
    });

    let records = audit::Records::new();
    provide_context(records);
    let triage = views::Triage::new(lang);
    let (screen, set_screen) = signal(Screen::Triage);
    let tab = move |which: Screen, id: &'static str, key: &'static str| {
        view! {
            <button
                type="button"
                class="tab"
                id=id
                aria-pressed=move || (screen.get() == which).to_string()
                on:click=move |_| set_screen.set(which)
            >
                {move || i18n::t(lang.get(), key)}
                {(which == Screen::Records).then(|| view! {
                    " (" <span id="records-count">{move || records.0.with(|r| r.len())}</span> ")"
                })}
            </button>
        }
    };

    view! {
        <a class="skip-link" href="#main">{move || i18n::t(lang.get(), "nav.skip")}</a>
        <header class="app-header">
            <h1 id="app-title">{move || i18n::t(lang.get(), "app.title")}</h1>
            <p class="tagline">{move || i18n::t(lang.get(), "app.tagline")}</p>
            <nav class="tabs no-print" aria-label=move || i18n::t(lang.get(), "nav.label")>
                {tab(Screen::Triage, "tab-triage", "nav.triage")}
                {tab(Screen::Records, "tab-records", "nav.records")}
            </nav>
            <views::LanguageSwitch lang set_lang />
        </header>
        <main id="main" tabindex="-1">
            <div class:hidden=move || screen.get() != Screen::Triage id="screen-triage">
                <views::TriageScreen triage />
            </div>
            <Show when=move || screen.get() == Screen::Records>
                <views::RecordsScreen lang />
            </Show>
        </main>
        <views::Footer lang />
    }
}

#[wasm_bindgen(start)]
pub fn start() {
    // Console message plus a visible notice with a Reload button (see fault.rs).
    fault::install();
    // The static page shows a loading notice until the wasm replaces it.
    if let Some(notice) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("loading"))
    {
        notice.remove();
    }
    leptos::mount::mount_to_body(App);
}
