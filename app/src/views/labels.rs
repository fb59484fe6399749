//! Labels shared by several views, from the locale files.

use crate::i18n::t;
use rules::{Input, Lang, TraceEntry};

/// Label of an engine input.
pub fn input_label(lang: Lang, input: Input) -> String {
    t(lang, &format!("input.{}", input.name()))
}

/// Target time: "immediate" or "within N min".
pub fn target_text(lang: Lang, minutes: u32) -> String {
    if minutes == 0 {
        t(lang, "level.immediate")
    } else {
        t(lang, "level.within").replace("{n}", &minutes.to_string())
    }
}

/// A rule's label in words.
pub fn entry_label(lang: Lang, e: &TraceEntry) -> String {
    e.label.get(lang).to_string()
}
