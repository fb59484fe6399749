//! Shared-tablet hygiene: patient data is cleared after a configurable idle time, announced
//! beforehand with a countdown (shown by `views::idle`).

use crate::io::clock::now_ms;
use crate::io::storage;
use gloo::timers::callback::Interval;
use leptos::prelude::*;

const IDLE_STORAGE_KEY: &str = "pediatriage.idle_minutes";
/// Default idle time before clearing. A triage usually takes a few minutes; 10 minutes without
/// a touch means the tablet was put down.
pub const DEFAULT_IDLE_MINUTES: f64 = 10.0;
/// Accepted range (0.25 min is for trying the feature out; 0 means off is not offered: a
/// shared tablet must never keep a child's data indefinitely).
pub const MIN_IDLE_MINUTES: f64 = 0.25;
pub const MAX_IDLE_MINUTES: f64 = 120.0;
/// The warning comes this long before clearing, or at half the idle time if that is shorter.
const WARNING_MS: f64 = 60_000.0;

/// The idle timer's state.
#[derive(Clone, Copy)]
pub struct IdleClear {
    pub minutes: RwSignal<f64>,
    /// When the tablet was last touched. Not a signal: nothing is drawn from it, and a touch
    /// (two per keystroke) then notifies nobody.
    last_activity: StoredValue<f64>,
    /// Seconds left before clearing, while the warning shows.
    pub countdown: RwSignal<Option<u32>>,
}

impl IdleClear {
    /// Starts watching for activity; `clear` runs after the idle time when `has_data`.
    pub fn start(has_data: Signal<bool>, clear: impl Fn() + Clone + 'static) -> Self {
        let saved = storage::get(IDLE_STORAGE_KEY)
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|m| (MIN_IDLE_MINUTES..=MAX_IDLE_MINUTES).contains(m));
        let idle = Self {
            minutes: RwSignal::new(saved.unwrap_or(DEFAULT_IDLE_MINUTES)),
            last_activity: StoredValue::new(now_ms()),
            countdown: RwSignal::new(None),
        };
        for event in ["pointerdown", "keydown", "input", "wheel", "touchstart"] {
            let handle = window_event_listener_untyped(event, move |_| idle.touch());
            // Listens for the page's whole life.
            std::mem::forget(handle);
        }
        let tick = Interval::new(1_000, move || {
            if !has_data.get_untracked() {
                idle.countdown.set(None);
                idle.last_activity.set_value(now_ms());
                return;
            }
            let limit = idle.minutes.get_untracked() * 60_000.0;
            let left = limit - (now_ms() - idle.last_activity.get_value());
            if left <= 0.0 {
                idle.countdown.set(None);
                idle.last_activity.set_value(now_ms());
                clear();
            } else if left <= WARNING_MS.min(limit / 2.0) {
                idle.countdown.set(Some((left / 1000.0).ceil() as u32));
            } else if idle.countdown.get_untracked().is_some() {
                idle.countdown.set(None);
            }
        });
        tick.forget();
        idle
    }

    /// Activity: the countdown starts again.
    pub fn touch(&self) {
        self.last_activity.set_value(now_ms());
        if self.countdown.get_untracked().is_some() {
            self.countdown.set(None);
        }
    }

    /// Sets the idle time from what was typed; `false` if it is not a number in range.
    pub fn set_minutes(&self, text: &str) -> bool {
        match text.trim().replace(',', ".").parse::<f64>() {
            Ok(m) if (MIN_IDLE_MINUTES..=MAX_IDLE_MINUTES).contains(&m) => {
                self.minutes.set(m);
                // Not kept across reloads when storage is refused; the setting still applies.
                let _ = storage::set(IDLE_STORAGE_KEY, &m.to_string());
                true
            }
            _ => false,
        }
    }
}
