//! Pediatriage single-page app: views, state, persistence and i18n. It holds no clinical
//! threshold: everything clinical comes from `rules` and `model`.

pub mod anamnesis;
pub mod audit;
pub mod draft;
mod fault;
pub mod i18n;
mod idle;
pub mod qr;
pub mod state;
mod views;

use leptos::prelude::*;
use rules::Lang;
use wasm_bindgen::prelude::*;

const LANG_STORAGE_KEY: &str = "pediatriage.lang";

/// The app's version, stored in every audit record.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The screens: one per kind of user, and the saved records.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Screen {
    Parent,
    Triage,
    History,
    Records,
}

const SCREEN_STORAGE_KEY: &str = "pediatriage.screen";

impl Screen {
    fn code(self) -> &'static str {
        match self {
            Self::Parent => "parent",
            Self::Triage => "nurse",
            Self::History => "gp",
            Self::Records => "records",
        }
    }
    fn from_code(code: &str) -> Option<Self> {
        [Self::Parent, Self::Triage, Self::History, Self::Records]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// A message about the app itself (draft restored or set aside, storage full).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Notice {
    DraftRestored,
    DraftSetAside,
    StorageFull,
    StorageUnavailable,
    Cleared,
}

impl Notice {
    fn key(self) -> &'static str {
        match self {
            Self::DraftRestored => "notice.draft_restored",
            Self::DraftSetAside => "notice.draft_set_aside",
            Self::StorageFull => "notice.storage_full",
            Self::StorageUnavailable => "notice.storage_unavailable",
            Self::Cleared => "notice.cleared",
        }
    }
    fn id(self) -> &'static str {
        match self {
            Self::DraftRestored => "notice-draft-restored",
            Self::DraftSetAside => "notice-draft-set-aside",
            Self::StorageFull => "notice-storage-full",
            Self::StorageUnavailable => "notice-storage-unavailable",
            Self::Cleared => "notice-cleared",
        }
    }
    fn is_problem(self) -> bool {
        matches!(
            self,
            Self::DraftSetAside | Self::StorageFull | Self::StorageUnavailable
        )
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Language saved by the user, else the first of the browser's languages
/// (`navigator.languages`, in the user's order) the app speaks, else English.
fn initial_lang() -> Lang {
    let saved = local_storage()
        .and_then(|s| s.get_item(LANG_STORAGE_KEY).ok().flatten())
        .and_then(|code| Lang::from_code(&code));
    let browser = || {
        let navigator = web_sys::window()?.navigator();
        let tags: Vec<String> = navigator
            .languages()
            .iter()
            .filter_map(|v| v.as_string())
            .chain(navigator.language())
            .collect();
        Lang::first_spoken(tags.iter().map(String::as_str))
    };
    saved.or_else(browser).unwrap_or_default()
}

#[component]
fn App() -> impl IntoView {
    let (lang, set_lang) = signal(initial_lang());
    Effect::new(move |_| {
        let code = lang.get().code();
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
    let history = anamnesis::Anamnesis::new(triage);
    let parent_step = RwSignal::new(0usize);
    let notices = RwSignal::new(Vec::<Notice>::new());
    let notify = move |n: Notice| {
        notices.update(|list| {
            if !list.contains(&n) {
                list.push(n);
            }
        })
    };
    let unnotify = move |n: Notice| notices.update(|list| list.retain(|x| *x != n));

    // The draft comes back before autosave starts, so an empty form never overwrites it.
    match draft::load() {
        draft::Found::Draft(d) => {
            draft::restore(*d, &triage, &history);
            notify(Notice::DraftRestored);
        }
        draft::Found::SetAside => notify(Notice::DraftSetAside),
        draft::Found::Nothing => {}
    }
    Effect::new(move |_| {
        let d = draft::capture(&triage, &history);
        match draft::save(&d) {
            Ok(()) => {
                unnotify(Notice::StorageFull);
                unnotify(Notice::StorageUnavailable);
            }
            Err(draft::SaveError::Full) => notify(Notice::StorageFull),
            Err(draft::SaveError::Unavailable) => notify(Notice::StorageUnavailable),
        }
    });

    let clear_patient = move || {
        triage.clear();
        history.clear();
        parent_step.set(0);
        draft::discard();
        notices.set(Vec::new());
    };
    let new_patient = move |_| {
        let question = i18n::t(lang.get_untracked(), "patient.new_confirm");
        let confirmed = web_sys::window()
            .and_then(|w| w.confirm_with_message(&question).ok())
            .unwrap_or(false);
        if confirmed {
            clear_patient();
        }
    };
    let has_data = Signal::derive(move || {
        !draft::capture(&triage, &history).is_empty() || records.0.with(|r| !r.is_empty())
    });
    let clear_all = move || {
        clear_patient();
        audit::clear_all(records);
        notify(Notice::Cleared);
    };
    let idle = idle::IdleClear::start(has_data, clear_all);

    let saved_screen = local_storage()
        .and_then(|s| s.get_item(SCREEN_STORAGE_KEY).ok().flatten())
        .and_then(|c| Screen::from_code(&c));
    let (screen, set_screen) = signal(saved_screen.unwrap_or(Screen::Triage));
    Effect::new(move |_| {
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(SCREEN_STORAGE_KEY, screen.get().code());
        }
    });
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
    let notice_list = move || {
        let lang = lang.get();
        notices
            .get()
            .into_iter()
            .map(|n| {
                view! {
                    <p
                        class=if n.is_problem() { "notice error" } else { "notice ok" }
                        id=n.id()
                        role=if n.is_problem() { "alert" } else { "status" }
                    >
                        {i18n::t(lang, n.key())}
                        " "
                        <button type="button" class="dismiss" on:click=move |_| unnotify(n)>
                            {i18n::t(lang, "notice.dismiss")}
                        </button>
                    </p>
                }
            })
            .collect_view()
    };

    view! {
        <a class="skip-link" href="#main">{move || i18n::t(lang.get(), "nav.skip")}</a>
        <header class="app-header">
            <h1 id="app-title">{move || i18n::t(lang.get(), "app.title")}</h1>
            <p class="tagline">{move || i18n::t(lang.get(), "app.tagline")}</p>
            <nav class="tabs no-print" aria-label=move || i18n::t(lang.get(), "nav.label")>
                {tab(Screen::Parent, "tab-parent", "nav.parent")}
                {tab(Screen::Triage, "tab-triage", "nav.triage")}
                {tab(Screen::History, "tab-history", "nav.history")}
                {tab(Screen::Records, "tab-records", "nav.records")}
            </nav>
            <button type="button" id="new-patient" class="no-print" on:click=new_patient>
                {move || i18n::t(lang.get(), "patient.new")}
            </button>
            <views::LanguageSwitch lang set_lang />
        </header>
        <div id="notices" class="no-print">{notice_list}</div>
        <idle::IdleWarning idle lang />
        <main id="main" tabindex="-1">
            <div class:hidden=move || screen.get() != Screen::Triage id="screen-triage">
                <views::NurseHistory a=history />
                <views::TriageScreen triage />
            </div>
            <Show when=move || screen.get() == Screen::Parent>
                <div id="screen-parent"><views::ParentScreen a=history step=parent_step /></div>
            </Show>
            <Show when=move || screen.get() == Screen::History>
                <div id="screen-history"><views::HistoryScreen a=history /></div>
            </Show>
            <Show when=move || screen.get() == Screen::Records>
                <views::RecordsScreen lang />
            </Show>
        </main>
        <idle::DeviceControls idle lang clear_all=Callback::new(move |_| clear_all()) />
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
