//! Age → normal heart- and respiratory-rate ranges, from `rules`. The age is the one typed in
//! the triage form.

use super::labels::tr;
use crate::i18n::{centile_range, t};
use crate::state::fields::{self, NumField};
use crate::state::triage::Triage;
use leptos::prelude::*;
use rules::{Age, CentileRange};

/// The values between two centiles (which ones is the data's choice, `VitalRanges`).
fn range_text(range: &CentileRange, centiles: [u8; 2]) -> String {
    match range.between(centiles) {
        Some((lo, hi)) => format!("{lo}–{hi}"),
        None => "–".to_string(),
    }
}

#[component]
pub fn NormalRanges(triage: Triage) -> impl IntoView {
    let lang = triage.lang;
    // No ranges while an age field cannot be read as a number or the age is impossible.
    let age = Memo::new(move |_| -> Option<Result<Age, ()>> {
        if triage
            .typing
            .with(|t| NumField::AGE.iter().any(|f| t.contains_key(f)))
        {
            return Some(Err(()));
        }
        // A blank form has no age (and start-up does not validate it).
        if !triage.started.get() {
            return None;
        }
        // The record validated once per edit gives the age; only while another field has an
        // error is the age read from the age fields alone.
        match triage.validated.with(|v| v.as_ref().ok().map(|v| v.age)) {
            Some(Some(age)) => Some(Ok(age)),
            Some(None) => None,
            None => triage
                .record
                .with(fields::age_of)
                .map(|a| a.map_err(|_| ())),
        }
    });

    let result = move || {
        let lang = lang.get();
        match age.get() {
            None => view! { <p id="ranges-prompt">{t(lang, "ranges.prompt")}</p> }.into_any(),
            Some(Err(_)) => ().into_any(),
            Some(Ok(age)) => match rules::centile_ranges_for_age(age) {
                None => {
                    view! { <p id="ranges-beyond">{t(lang, "ranges.beyond_table")}</p> }.into_any()
                }
                Some(r) => {
                    let per_min = t(lang, "ranges.per_min");
                    let row = |id: &'static str, key: &str, range: &CentileRange| {
                        view! {
                            <tr>
                                <th scope="row">{t(lang, key)}</th>
                                <td id=format!("{id}-central")>{range_text(range, r.central_centiles)} " " {per_min.clone()}</td>
                                <td id=format!("{id}-median")>{range.at(50).map(|v| v.to_string())}</td>
                                <td id=format!("{id}-extreme")>{range_text(range, r.extreme_centiles)} " " {per_min.clone()}</td>
                            </tr>
                        }
                    };
                    view! {
                        <div id="ranges-result">
                            <p>
                                {t(lang, "ranges.band")} ": "
                                <span id="ranges-band">
                                    {format!("{}–{} {}", r.heart_rate_per_min.from_months, r.heart_rate_per_min.to_months, t(lang, "ranges.months"))}
                                </span>
                            </p>
                            <table class="ranges">
                                <thead>
                                    <tr>
                                        <th scope="col"></th>
                                        <th scope="col">{centile_range(lang, r.central_centiles)}</th>
                                        <th scope="col">{t(lang, "ranges.median")}</th>
                                        <th scope="col">{centile_range(lang, r.extreme_centiles)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {row("hr", "ranges.heart_rate", &r.heart_rate_per_min)}
                                    {row("rr", "ranges.respiratory_rate", &r.respiratory_rate_per_min)}
                                </tbody>
                            </table>
                            <p class="source">
                                {t(lang, "source.label")} ": " {r.source.source.clone()} " ("
                                {r.source.reference_section.clone()} "). "
                                {t(lang, "source.evidence")} ": "
                                <span class="evidence" id="ranges-evidence">{r.source.evidence.tag()}</span>
                            </p>
                        </div>
                    }
                    .into_any()
                }
            },
        }
    };

    view! {
        <section class="card" aria-labelledby="ranges-heading">
            <h2 id="ranges-heading">{tr(lang, "ranges.heading")}</h2>
            {result}
        </section>
    }
}
