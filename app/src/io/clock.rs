//! The browser's clock.

/// Now, as an ISO 8601 UTC timestamp (what audit records keep).
pub fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// An ISO 8601 time (as `now_iso` writes it) in milliseconds since the epoch; `None` when it
/// cannot be read.
pub fn parse_iso_ms(iso: &str) -> Option<i64> {
    let ms = js_sys::Date::parse(iso);
    ms.is_finite().then_some(ms as i64)
}

/// The local time of day of a moment (ms since the epoch), as "HH:MM".
pub fn time_of_day(ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// Now, in milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Runs `f` in a task after the browser has painted its next frame: work that can wait until
/// what the user typed is on screen.
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    leptos::prelude::request_animation_frame(move || {
        leptos::prelude::set_timeout(f, std::time::Duration::ZERO)
    });
}
