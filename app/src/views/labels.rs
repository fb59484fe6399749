//! Labels shared by several views, from the locale files.

use crate::i18n::t;
use crate::state::fields::age_of;
use leptos::prelude::*;
use rules::{Input, Lang, PatientRecord, TraceEntry};

/// The record's complaint in words, or "—".
pub fn complaint_label(lang: Lang, record: &PatientRecord) -> String {
    record
        .complaint
        .as_deref()
        .map(|c| {
            rules::catalog::complaint(c)
                .map(|d| d.label(lang).to_string())
                .unwrap_or_else(|| c.to_string())
        })
        .unwrap_or_else(|| "—".to_string())
}

/// The record's age as a nurse says it: days under 3 months, months under 2 years, else years
/// and months; "—" when not given.
pub fn age_label(lang: Lang, record: &PatientRecord) -> String {
    let Some(Ok(age)) = age_of(record) else {
        return "—".to_string();
    };
    let months = age.whole_months();
    if months < 3 {
        t(lang, "age.days").replace("{n}", &age.days().to_string())
    } else if months < 24 {
        t(lang, "age.months").replace("{n}", &months.to_string())
    } else if months % 12 == 0 {
        t(lang, "age.years").replace("{n}", &(months / 12).to_string())
    } else {
        t(lang, "age.years_months")
            .replace("{y}", &(months / 12).to_string())
            .replace("{m}", &(months % 12).to_string())
    }
}

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

/// A text of the screens in the chosen language, following it. Every such text is the same
/// type, so the code that renders and updates it is compiled once for all of them, not once per
/// text as a closure of its own would be (BENCHMARKS.md, session 16).
pub fn tr(lang: ReadSignal<Lang>, key: &'static str) -> Signal<String> {
    Signal::derive(move || t(lang.get(), key))
}
