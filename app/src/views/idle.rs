//! The announcement before the idle clear, the idle-time setting and the "clear all" control.

use crate::i18n::t;
use crate::io::download::confirm;
use crate::state::idle::{IdleClear, MAX_IDLE_MINUTES, MIN_IDLE_MINUTES};
use leptos::prelude::*;
use rules::Lang;

/// The announcement before clearing.
#[component]
pub fn IdleWarning(idle: IdleClear, lang: ReadSignal<Lang>) -> impl IntoView {
    move || {
        idle.countdown.get().map(|seconds| {
            view! {
                <div class="idle-warning" id="idle-warning" role="alert">
                    <p>
                        {t(lang.get(), "idle.warning").replace("{s}", &seconds.to_string())}
                    </p>
                    <button type="button" id="idle-keep" class="primary" on:click=move |_| idle.touch()>
                        {t(lang.get(), "idle.keep")}
                    </button>
                </div>
            }
        })
    }
}

/// The idle-time setting and the "clear all" control.
#[component]
pub fn DeviceControls(
    idle: IdleClear,
    lang: ReadSignal<Lang>,
    clear_all: Callback<()>,
) -> impl IntoView {
    let (text, set_text) = signal(idle.minutes.get_untracked().to_string());
    let (invalid, set_invalid) = signal(false);
    let confirm_clear = move |_| {
        let question = t(lang.get_untracked(), "device.clear_all_confirm");
        if confirm(&question) {
            clear_all.run(());
        }
    };
    view! {
        <details class="card device no-print" id="device-controls">
            <summary id="device-heading">{move || t(lang.get(), "device.heading")}</summary>
            <div class="field">
                <label for="idle-minutes">{move || t(lang.get(), "device.idle_label")}</label>
                <input
                    id="idle-minutes"
                    type="text"
                    inputmode="decimal"
                    aria-invalid=move || invalid.get().to_string()
                    aria-describedby="idle-minutes-error"
                    prop:value=move || text.get()
                    on:input:target=move |ev| {
                        let v = ev.target().value();
                        set_invalid.set(!idle.set_minutes(&v));
                        set_text.set(v);
                    }
                />
                <p class="field-error" id="idle-minutes-error" role="alert">
                    {move || invalid.get().then(|| t(lang.get(), "device.idle_invalid")
                        .replace("{min}", &MIN_IDLE_MINUTES.to_string())
                        .replace("{max}", &MAX_IDLE_MINUTES.to_string()))}
                </p>
            </div>
            <button type="button" id="clear-all" class="danger" on:click=confirm_clear>
                {move || t(lang.get(), "device.clear_all")}
            </button>
        </details>
    }
}
