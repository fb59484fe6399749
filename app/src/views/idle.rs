//! The announcement before the idle clear or lock, and the device controls (idle time, ward
//! passcode, end of shift).

use super::fold::Fold;
use super::labels::tr;
use crate::i18n::t;
use crate::state::idle::{IdleClear, MAX_IDLE_MINUTES, MIN_IDLE_MINUTES};
use crate::state::session::Session;
use leptos::prelude::*;
use rules::Lang;

/// The announcement before clearing (or, with a ward passcode, locking).
#[component]
pub fn IdleWarning(
    idle: IdleClear,
    lang: ReadSignal<Lang>,
    locks: RwSignal<bool>,
) -> impl IntoView {
    move || {
        idle.countdown.get().map(|seconds| {
            let key = if locks.get() { "idle.warning_lock" } else { "idle.warning" };
            view! {
                <div class="idle-warning" id="idle-warning" role="alert">
                    <p>
                        {t(lang.get(), key).replace("{s}", &seconds.to_string())}
                    </p>
                    <button type="button" id="idle-keep" class="primary" on:click=move |_| idle.touch()>
                        {t(lang.get(), "idle.keep")}
                    </button>
                </div>
            }
        })
    }
}

/// The idle-time setting, the ward passcode and the end of shift.
#[component]
pub fn DeviceControls(session: Session) -> impl IntoView {
    let (idle, lang) = (session.idle, session.lang);
    let (text, set_text) = signal(idle.minutes.get_untracked().to_string());
    let (invalid, set_invalid) = signal(false);
    // Built when opened: a shift opens it twice (set the passcode, erase at the end).
    view! {
        <Fold
            id="device-controls"
            class="card device no-print"
            summary_id="device-heading"
            summary=move || t(lang.get(), "device.heading")
        >
            <div class="field">
                <label for="idle-minutes">{tr(lang, "device.idle_label")}</label>
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
            <super::lock::WardLockControls session />
        </Fold>
    }
}
