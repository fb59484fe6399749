//! The other data files the first frame reads whole, as Rust statics: the triage levels, the
//! PAT impressions, the heart- and respiratory-rate table, the hypotension table
//! (`rules/src/triage/raw.rs`) and the complaint list (`rules/src/catalog.rs`); and the tables
//! the first validation and evaluation read: the AVPU/GCS crosswalk (`rules/src/scales.rs`),
//! the centile table (`rules/src/vitals.rs`) and the plausible ranges
//! (`rules/src/record/plausibility.rs`). Each key of
//! a file is placed or refused here; the crate's tests compare what the statics become with the
//! files read by their serde schema.

use crate::emit::{
    array, criterion, file_keys, flag_or_no, header, list, number, opt, optional_number,
    optional_string, refuse_unknown, required, string, table, text, text_lit, whole, whole_of,
};
use serde_json::Value;

pub fn levels(v: &Value) -> String {
    let what = "triage/levels.toml";
    let o = table(v, what);
    refuse_unknown(
        o,
        &file_keys(&[
            "default_level",
            "default_reason",
            "default_evidence",
            "levels",
        ]),
        false,
        what,
    );
    let level = |v: &Value| {
        let l = table(v, what);
        let what = format!("{what}, level {}", l.get("level").unwrap_or(&Value::Null));
        refuse_unknown(
            l,
            &[
                "level",
                "target_minutes",
                "reassess_minutes",
                "reassess_evidence",
            ],
            true,
            &what,
        );
        format!(
            "RawLevel {{ level: {}, label: {}, target_minutes: {}, reassess_minutes: {}, \
             reassess_evidence: {} }}",
            whole(l, "level", &what),
            text_lit(l, &what),
            whole(l, "target_minutes", &what),
            opt(l.get("reassess_minutes"), |m| whole_of(m, &what)
                .to_string()),
            string(l, "reassess_evidence", &what),
        )
    };
    format!(
        "pub(super) static LEVELS: RawLevelFile = RawLevelFile {{\n    header: {},\n    \
         default_level: {},\n    default_reason: {},\n    default_evidence: {},\n    levels: {},\n}};\n",
        header(o, what),
        whole(o, "default_level", what),
        text(required(o, "default_reason", what), what),
        string(o, "default_evidence", what),
        list(o, "levels", what, level),
    )
}

pub fn impressions(v: &Value) -> String {
    let what = "triage/pat_impressions.toml";
    let o = table(v, what);
    refuse_unknown(o, &file_keys(&["impressions"]), false, what);
    let impression = |v: &Value| {
        let i = table(v, what);
        let what = format!("{what}, impression {}", string(i, "code", what));
        refuse_unknown(i, &["pattern", "code"], true, &what);
        let side = |s: &Value| match s {
            Value::Null => "None".to_string(),
            Value::Bool(b) => format!("Some({b})"),
            _ => panic!("{what}: a pattern side is neither true, false nor null"),
        };
        format!(
            "RawImpression {{ pattern: {}, code: {}, label: {} }}",
            array(required(i, "pattern", &what), 3, &what, side),
            string(i, "code", &what),
            text_lit(i, &what),
        )
    };
    format!(
        "pub(super) static IMPRESSIONS: RawImpressionFile = RawImpressionFile {{\n    header: {},\n    \
         impressions: {},\n}};\n",
        header(o, what),
        list(o, "impressions", what, impression),
    )
}

pub fn vital_table(v: &Value) -> String {
    let what = "vital_signs/paedctas_hr_rr.toml";
    let o = table(v, what);
    refuse_unknown(
        o,
        &file_keys(&["note", "heart_rate_per_min", "respiratory_rate_per_min"]),
        false,
        what,
    );
    let band = |v: &Value| {
        let b = table(v, what);
        refuse_unknown(
            b,
            &["printed_age", "from_months", "to_months", "low", "high"],
            false,
            what,
        );
        let bound = |key: &str| array(required(b, key, what), 3, what, |x| number(x, what));
        format!(
            "RawVitalBand {{ printed_age: {}, from_months: {}, to_months: {}, low: {}, high: {} }}",
            text(required(b, "printed_age", what), what),
            whole(b, "from_months", what),
            whole(b, "to_months", what),
            bound("low"),
            bound("high"),
        )
    };
    format!(
        "pub(super) static HR_RR_TABLE: RawVitalTable = RawVitalTable {{\n    header: {},\n    \
         note: {},\n    heart_rate_per_min: {},\n    respiratory_rate_per_min: {},\n}};\n",
        header(o, what),
        string(o, "note", what),
        list(o, "heart_rate_per_min", what, band),
        list(o, "respiratory_rate_per_min", what, band),
    )
}

pub fn hypotension(v: &Value) -> String {
    let what = "vital_signs/hypotension_pals.toml";
    let o = table(v, what);
    refuse_unknown(o, &file_keys(&["level", "note", "bands"]), false, what);
    let band = |v: &Value| {
        let b = table(v, what);
        refuse_unknown(
            b,
            &[
                "label",
                "applies",
                "below_mmhg",
                "each_year",
                "below_base_mmhg",
                "below_per_year_mmhg",
            ],
            false,
            what,
        );
        let mmhg = |key: &str| optional_number(b, key, what);
        format!(
            "RawHypotensionBand {{ label: {}, applies: {}, below_mmhg: {}, each_year: {}, \
             below_base_mmhg: {}, below_per_year_mmhg: {} }}",
            text(required(b, "label", what), what),
            opt(b.get("applies"), |c| criterion(c, what)),
            mmhg("below_mmhg"),
            opt(b.get("each_year"), |y| array(y, 2, what, |x| whole_of(
                x, what
            )
            .to_string())),
            mmhg("below_base_mmhg"),
            mmhg("below_per_year_mmhg"),
        )
    };
    format!(
        "pub(super) static HYPOTENSION_TABLE: RawHypotensionTable = RawHypotensionTable {{\n    \
         header: {},\n    level: {},\n    note: {},\n    bands: {},\n}};\n",
        header(o, what),
        whole(o, "level", what),
        string(o, "note", what),
        list(o, "bands", what, band),
    )
}

pub fn complaints(v: &Value) -> String {
    let what = "complaints.toml";
    let o = table(v, what);
    refuse_unknown(o, &file_keys(&["note", "complaints"]), false, what);
    let complaint = |v: &Value| {
        let c = table(v, what);
        let what = format!("{what}, complaint {}", string(c, "code", what));
        refuse_unknown(
            c,
            &[
                "code",
                "cedis_category",
                "pain_location",
                "cedis",
                "source",
                "evidence",
                "note",
            ],
            true,
            &what,
        );
        let optional = |key: &str| optional_string(c, key, &what);
        format!(
            "RawComplaint {{ code: {}, label: {}, cedis_category: {}, pain_location: {}, \
             cedis: {}, source: {}, evidence: {}, note: {} }}",
            string(c, "code", &what),
            text_lit(c, &what),
            string(c, "cedis_category", &what),
            optional("pain_location"),
            optional("cedis"),
            optional("source"),
            optional("evidence"),
            optional("note"),
        )
    };
    format!(
        "static COMPLAINTS: RawComplaintFile = RawComplaintFile {{\n    header: {},\n    \
         note: {},\n    complaints: {},\n}};\n",
        header(o, what),
        optional_string(o, "note", what),
        list(o, "complaints", what, complaint),
    )
}

pub fn crosswalk(v: &Value) -> String {
    let what = "scales/avpu_gcs_crosswalk.toml";
    let o = table(v, what);
    refuse_unknown(o, &file_keys(&["bands"]), false, what);
    let band = |v: &Value| {
        let b = table(v, what);
        refuse_unknown(b, &["avpu", "gcs_min", "gcs_max"], false, what);
        format!(
            "RawCrosswalkBand {{ avpu: {}, gcs_min: {}, gcs_max: {} }}",
            string(b, "avpu", what),
            whole(b, "gcs_min", what),
            whole(b, "gcs_max", what),
        )
    };
    format!(
        "static CROSSWALK: RawCrosswalk = RawCrosswalk {{\n    header: {},\n    bands: {},\n}};\n",
        header(o, what),
        list(o, "bands", what, band),
    )
}

/// The centile table. Its `note` (how the values were read) is for reviewers: the schema does
/// not read it, so it is accepted and left out, as serde leaves it.
pub fn centiles(v: &Value) -> String {
    let what = "vital_signs/fleming_2011.toml";
    let o = table(v, what);
    refuse_unknown(
        o,
        &file_keys(&[
            "note",
            "centiles",
            "central_range",
            "extreme_range",
            "heart_rate_per_min",
            "respiratory_rate_per_min",
        ]),
        false,
        what,
    );
    let wholes = |v: &Value| {
        let items: Vec<String> = v
            .as_array()
            .unwrap_or_else(|| panic!("{what}: not a list"))
            .iter()
            .map(|x| whole_of(x, what).to_string())
            .collect();
        format!("&[{}]", items.join(", "))
    };
    let band = |v: &Value| {
        let b = table(v, what);
        refuse_unknown(b, &["from_months", "to_months", "values"], false, what);
        format!(
            "RawCentileBand {{ from_months: {}, to_months: {}, values: {} }}",
            whole(b, "from_months", what),
            whole(b, "to_months", what),
            wholes(required(b, "values", what)),
        )
    };
    let pair = |key: &str| {
        array(required(o, key, what), 2, what, |x| {
            whole_of(x, what).to_string()
        })
    };
    format!(
        "static CENTILES: RawCentileTable = RawCentileTable {{\n    header: {},\n    \
         centiles: {},\n    central_range: {},\n    extreme_range: {},\n    \
         heart_rate_per_min: {},\n    respiratory_rate_per_min: {},\n}};\n",
        header(o, what),
        wholes(required(o, "centiles", what)),
        pair("central_range"),
        pair("extreme_range"),
        list(o, "heart_rate_per_min", what, band),
        list(o, "respiratory_rate_per_min", what, band),
    )
}

/// The plausible ranges (no header: an implementation choice, not a cited source).
pub fn plausibility(v: &Value) -> String {
    let what = "validation/plausibility.toml";
    let o = table(v, what);
    refuse_unknown(
        o,
        &["note", "fahrenheit_min", "fahrenheit_max", "fields"],
        false,
        what,
    );
    let field = |v: &Value| {
        let f = table(v, what);
        let what = format!("{what}, field {}", string(f, "field", what));
        refuse_unknown(
            f,
            &["field", "min", "max", "unit", "whole_number", "note"],
            false,
            &what,
        );
        format!(
            "RawPlausibility {{ field: {}, min: {}, max: {}, unit: {}, whole_number: {}, note: {} }}",
            string(f, "field", &what),
            number(required(f, "min", &what), &what),
            number(required(f, "max", &what), &what),
            string(f, "unit", &what),
            flag_or_no(f, "whole_number", &what),
            optional_string(f, "note", &what),
        )
    };
    format!(
        "static PLAUSIBILITY: RawPlausibilityFile = RawPlausibilityFile {{\n    note: {},\n    \
         fahrenheit_min: {},\n    fahrenheit_max: {},\n    fields: {},\n}};\n",
        string(o, "note", what),
        number(required(o, "fahrenheit_min", what), what),
        number(required(o, "fahrenheit_max", what), what),
        list(o, "fields", what, field),
    )
}
