//! The browser's clock.

/// Now, as an ISO 8601 UTC timestamp (what audit records keep).
pub fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// Now, in milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
