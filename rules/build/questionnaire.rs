//! The anamnesis questionnaire (`data/questionnaire/anamnesis.toml`) as Rust statics of the
//! crate's `RawQuestionnaire` (`rules/src/questionnaire/raw.rs`): the app reads it right after
//! start-up, so it parses no JSON for it. Each key is placed or refused here; the crate's test
//! `the_compiled_questionnaire_is_the_data_file_read_by_its_schema` compares what the statics
//! become with the file read by its serde schema.

use crate::emit::{
    file_keys, flag_or_no, header, list, list_or_empty, lit, number, opt, optional_number,
    optional_string, refuse_unknown, required, str_of, string, string_list, strings_or_empty,
    table, text, text_lit,
};
use serde_json::Value;

const ITEM_FIELDS: &[&str] = &[
    "id", "section", "kind", "parent", "modes", "min", "max", "unit", "options", "when",
    "red_flag", "maps_to", "loinc",
];
/// `finding` and `answer` are the spellings of `observation` before the one vocabulary (serde
/// aliases in the crate).
const MAPPING_FIELDS: &[&str] = &[
    "record",
    "age_weeks",
    "complaint",
    "observation",
    "finding",
    "answer",
    "value",
    "on",
    "at_least",
    "pain_score",
];

/// An answer a condition compares with: yes/no, a number or a text (the crate's untagged
/// `Response`).
fn response(v: &Value, what: &str) -> String {
    match v {
        Value::Bool(b) => format!("RawResponse::Bool({b})"),
        Value::Number(_) => format!("RawResponse::Number({})", number(v, what)),
        Value::String(s) => format!("RawResponse::Text({})", lit(s)),
        _ => panic!("{what}: an answer is neither yes/no, a number nor a text"),
    }
}

fn condition(v: &Value, what: &str) -> String {
    let c = table(v, what);
    refuse_unknown(c, &["item", "eq", "ne", "lt", "ge"], false, what);
    format!(
        "RawCondition {{ item: {}, eq: {}, ne: {}, lt: {}, ge: {} }}",
        string(c, "item", what),
        opt(c.get("eq"), |r| response(r, what)),
        opt(c.get("ne"), |r| response(r, what)),
        optional_number(c, "lt", what),
        optional_number(c, "ge", what),
    )
}

fn mapping(v: &Value, what: &str) -> String {
    let m = table(v, what);
    refuse_unknown(m, MAPPING_FIELDS, false, what);
    let spellings: Vec<&str> = ["observation", "finding", "answer"]
        .into_iter()
        .filter_map(|k| str_of(m, k, what))
        .collect();
    assert!(
        spellings.len() <= 1,
        "{what}: the observation is named twice"
    );
    format!(
        "RawMapping {{ record: {}, age_weeks: {}, complaint: {}, observation: {}, value: {}, \
         on: {}, at_least: {}, pain_score: {} }}",
        optional_string(m, "record", what),
        flag_or_no(m, "age_weeks", what),
        flag_or_no(m, "complaint", what),
        opt(spellings.first(), |s| lit(s)),
        optional_string(m, "value", what),
        strings_or_empty(m, "on", what),
        optional_number(m, "at_least", what),
        optional_string(m, "pain_score", what),
    )
}

fn item(v: &Value, file: &str) -> String {
    let i = table(v, file);
    let what = format!("{file}, item {}", string(i, "id", file));
    let what = what.as_str();
    refuse_unknown(i, ITEM_FIELDS, true, what);
    let option = |v: &Value| {
        let o = table(v, what);
        refuse_unknown(o, &["code", "parent", "red_flag"], true, what);
        format!(
            "RawOption {{ code: {}, label: {}, parent: {}, red_flag: {} }}",
            string(o, "code", what),
            text_lit(o, what),
            opt(o.get("parent"), |p| text(p, what)),
            flag_or_no(o, "red_flag", what),
        )
    };
    let unit = |v: &Value| {
        let u = table(v, what);
        refuse_unknown(u, &["ucum"], true, what);
        format!(
            "RawUnit {{ ucum: {}, label: {} }}",
            string(u, "ucum", what),
            text_lit(u, what)
        )
    };
    let loinc = |v: &Value| {
        let l = table(v, what);
        refuse_unknown(l, &["code", "display"], false, what);
        format!(
            "RawLoinc {{ code: {}, display: {} }}",
            string(l, "code", what),
            string(l, "display", what)
        )
    };
    format!(
        "RawItem {{ id: {}, section: {}, kind: {}, label: {}, parent: {}, modes: {}, min: {}, \
         max: {}, unit: {}, options: {}, when: {}, red_flag: {}, maps_to: {}, loinc: {} }}",
        string(i, "id", what),
        string(i, "section", what),
        string(i, "kind", what),
        text_lit(i, what),
        opt(i.get("parent"), |p| text(p, what)),
        string_list(required(i, "modes", what), what),
        optional_number(i, "min", what),
        optional_number(i, "max", what),
        opt(i.get("unit"), unit),
        list_or_empty(i, "options", what, option),
        list_or_empty(i, "when", what, |c| condition(c, what)),
        flag_or_no(i, "red_flag", what),
        opt(i.get("maps_to"), |m| mapping(m, what)),
        opt(i.get("loinc"), loinc),
    )
}

pub fn statics(v: &Value) -> String {
    let what = "questionnaire/anamnesis.toml";
    let o = table(v, what);
    refuse_unknown(
        o,
        &file_keys(&["url", "note", "plausible_by_age", "sections", "items"]),
        true,
        what,
    );
    let section = |v: &Value| {
        let s = table(v, what);
        refuse_unknown(s, &["id"], true, what);
        format!(
            "RawSection {{ id: {}, label: {} }}",
            string(s, "id", what),
            text_lit(s, what)
        )
    };
    let age_bands = |v: &Value| {
        let a = table(v, what);
        refuse_unknown(a, &["item", "bands"], false, what);
        let band = |v: &Value| {
            let b = table(v, what);
            refuse_unknown(b, &["age_years_below", "min", "max"], false, what);
            let n = |k: &str| number(required(b, k, what), what);
            format!(
                "AgeBand {{ age_years_below: {}, min: {}, max: {} }}",
                n("age_years_below"),
                n("min"),
                n("max")
            )
        };
        format!(
            "RawAgeBands {{ item: {}, bands: {} }}",
            string(a, "item", what),
            list(a, "bands", what, band)
        )
    };
    format!(
        "pub(super) static ANAMNESIS: RawQuestionnaire = RawQuestionnaire {{\n    header: {},\n    \
         url: {},\n    label: {},\n    note: {},\n    plausible_by_age: {},\n    sections: {},\n    \
         items: {},\n}};\n",
        header(o, what),
        string(o, "url", what),
        text_lit(o, what),
        optional_string(o, "note", what),
        list_or_empty(o, "plausible_by_age", what, age_bands),
        list(o, "sections", what, section),
        list(o, "items", what, |i| item(i, what)),
    )
}
