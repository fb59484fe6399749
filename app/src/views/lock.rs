//! The ward passcode: set it (device controls), lock now, and the lock screen that stands in
//! for every screen while locked. The lock screen shows no child's data: there is none in the
//! page then.

use super::labels::tr;
use crate::i18n::t;
use crate::io::download::confirm;
use crate::state::session::Session;
use crate::state::vault::{MIN_PASSCODE_CHARS, VaultError};
use leptos::prelude::*;
use rules::Lang;

fn error_text(lang: Lang, e: VaultError) -> String {
    match e {
        VaultError::WrongPasscode => t(lang, "lock.wrong"),
        VaultError::TooShort => {
            t(lang, "lock.too_short").replace("{n}", &MIN_PASSCODE_CHARS.to_string())
        }
        VaultError::Unavailable => t(lang, "lock.unavailable"),
        VaultError::Storage(_) => t(lang, "notice.storage_unavailable"),
    }
}

/// The "end of shift" button: every child's data erased and the passcode forgotten, after a
/// confirmation.
fn end_of_shift_button(session: Session) -> impl IntoView {
    let lang = session.lang;
    let end = move |_| {
        if confirm(&t(lang.get_untracked(), "device.clear_all_confirm")) {
            session.end_of_shift();
        }
    };
    view! {
        <button type="button" id="clear-all" class="danger" on:click=end>
            {tr(lang, "device.clear_all")}
        </button>
    }
}

/// In the device controls: set a ward passcode, or lock now; and the end of shift.
#[component]
pub fn WardLockControls(session: Session) -> impl IntoView {
    let lang = session.lang;
    let lock = session.lock;
    let passcode = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let mismatch = RwSignal::new(false);
    let set = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let p = passcode.get_untracked();
        if p != repeat.get_untracked() {
            mismatch.set(true);
            return;
        }
        mismatch.set(false);
        passcode.set(String::new());
        repeat.set(String::new());
        session.set_passcode(p);
    };
    let message = move || {
        let lang = lang.get();
        if mismatch.get() {
            return Some(t(lang, "lock.mismatch"));
        }
        lock.error.get().map(|e| error_text(lang, e))
    };
    view! {
        <div class="ward-lock">
            <Show
                when=move || lock.configured.get()
                fallback=move || view! {
                    <form class="set-passcode" id="set-passcode" on:submit=set>
                        <p class="hint">{tr(lang, "lock.explain")}</p>
                        <div class="fields">
                            <div class="field">
                                <label for="new-passcode">{tr(lang, "lock.new_passcode")}</label>
                                <input id="new-passcode" type="password" autocomplete="new-password"
                                    prop:value=move || passcode.get()
                                    on:input:target=move |ev| passcode.set(ev.target().value()) />
                            </div>
                            <div class="field">
                                <label for="repeat-passcode">{tr(lang, "lock.repeat_passcode")}</label>
                                <input id="repeat-passcode" type="password" autocomplete="new-password"
                                    prop:value=move || repeat.get()
                                    on:input:target=move |ev| repeat.set(ev.target().value()) />
                            </div>
                        </div>
                        <button type="submit" id="set-passcode-button" disabled=move || lock.busy.get()>
                            {tr(lang, "lock.set")}
                        </button>
                    </form>
                }
            >
                <p id="lock-on">{tr(lang, "lock.on")}</p>
                <button type="button" id="lock-now" on:click=move |_| session.lock_now()>
                    {tr(lang, "lock.lock_now")}
                </button>
            </Show>
            <p class="field-error" id="passcode-error" role="alert">{message}</p>
            {end_of_shift_button(session)}
        </div>
    }
}

/// What the page shows while locked: the passcode, and the end of shift for a forgotten one.
#[component]
pub fn LockScreen(session: Session) -> impl IntoView {
    let lang = session.lang;
    let lock = session.lock;
    let passcode = RwSignal::new(String::new());
    let unlock = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let p = passcode.get_untracked();
        passcode.set(String::new());
        session.unlock(p);
    };
    view! {
        <section class="card lock-screen" id="lock-screen" aria-labelledby="lock-heading">
            <h2 id="lock-heading">{tr(lang, "lock.heading")}</h2>
            <form id="unlock" on:submit=unlock>
                <div class="field">
                    <label for="unlock-passcode">{tr(lang, "lock.passcode")}</label>
                    <input id="unlock-passcode" type="password" autocomplete="current-password"
                        aria-describedby="unlock-error"
                        prop:value=move || passcode.get()
                        on:input:target=move |ev| passcode.set(ev.target().value()) />
                </div>
                <button type="submit" id="unlock-button" class="primary" disabled=move || lock.busy.get()>
                    {tr(lang, "lock.unlock")}
                </button>
                <p class="field-error" id="unlock-error" role="alert">
                    {move || lock.error.get().map(|e| error_text(lang.get(), e))}
                </p>
            </form>
            <details class="more" id="lock-forgotten">
                <summary>{tr(lang, "lock.forgotten")}</summary>
                <p class="hint">{tr(lang, "lock.forgotten_explain")}</p>
                {end_of_shift_button(session)}
            </details>
        </section>
    }
}
