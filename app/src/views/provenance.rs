//! Where a rule, score or decision rule comes from, as its open entry shows it: the published
//! source with its REFERENCE section and evidence tag, and the reviewers' note.

use crate::i18n::t;
use leptos::prelude::*;
use rules::{Lang, SourceRef};

/// "Source: … (§…). Evidence: V".
pub fn source_line(lang: Lang, s: &SourceRef) -> impl IntoView + use<> {
    view! {
        <p class="source">
            {t(lang, "source.label")} ": " {s.source.clone()} " (" {s.reference_section.clone()} "). "
            {t(lang, "source.evidence")} ": " <span class="evidence">{s.evidence.tag()}</span>
        </p>
    }
}

/// The clinical reviewers' note on a rule (why a threshold, what is ours). It is written once,
/// in English, for the audit; the heading says so in the reader's language and the text is
/// marked `lang="en"` so a screen reader reads it as English.
pub fn reviewer_note(lang: Lang, note: Option<&str>) -> impl IntoView + use<> {
    note.map(|note| {
        view! {
            <p class="note">
                {t(lang, "trace.note")} ": " <span class="note-text" lang="en">{note.to_string()}</span>
            </p>
        }
    })
}
