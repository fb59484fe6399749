//! A value derived from signals whose readers wake only when it changes.
//!
//! A `Memo` does not shield its readers: when one of its sources changes, reactive_graph marks
//! every reader to check it again, even if the memo's value turns out the same. The record
//! changes on every keystroke, and about two hundred controls read parts of it that a typed
//! number does not touch (the sign buttons, the complaint lists, the coded selects). `distinct`
//! derives the value in one effect instead, and writes it only when it differs, so a keystroke
//! wakes one effect, not every control.

use leptos::prelude::*;

/// `derive`'s value, kept up to date by one effect. It is read at once for the first value;
/// later values arrive when effects run (in the same task as the change, before its frame).
pub fn distinct<T>(derive: impl Fn() -> T + 'static) -> ReadSignal<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let (value, set_value) = signal(untrack(&derive));
    Effect::new(move |_| {
        let now = derive();
        if value.with_untracked(|was| *was != now) {
            set_value.set(now);
        }
    });
    value
}
