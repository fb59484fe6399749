//! Writing data as Rust source for the statics `build.rs` compiles in: literals, criteria, and
//! the checks that a JSON value has the shape a field needs (a build defect otherwise).

use serde_json::{Map, Value};

/// A Rust literal of a string (Debug escapes are valid Rust escapes).
pub fn lit(s: &str) -> String {
    format!("{s:?}")
}

pub fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> String) -> String {
    v.map_or_else(|| "None".to_string(), |v| format!("Some({})", f(v)))
}

/// A text keyed by language code, as `[Option<&str>; languages]` in the crate's order of
/// languages (`LANGS`).
pub fn text_lit(map: &Map<String, Value>, what: &str) -> String {
    let slots: Vec<String> = crate::LANGS
        .iter()
        .map(|code| {
            opt(map.get(*code), |v| {
                lit(v
                    .as_str()
                    .unwrap_or_else(|| panic!("{what}: the {code} text is not a string")))
            })
        })
        .collect();
    format!("[{}]", slots.join(", "))
}

/// Whether a key is a text in one of the app's languages (any other key is refused by the
/// field lists of each file).
pub fn is_lang_code(k: &str) -> bool {
    crate::LANGS.contains(&k)
}

pub fn str_of<'a>(o: &'a Map<String, Value>, key: &str, what: &str) -> Option<&'a str> {
    o.get(key).map(|v| {
        v.as_str()
            .unwrap_or_else(|| panic!("{what}: {key} is not a string"))
    })
}

pub fn f64_lit(x: f64) -> String {
    format!("{x:?}")
}

/// `answer` is the spelling of the rule data before the one vocabulary (a serde alias of
/// `observation` in the crate).
const CRITERION_FIELDS: &[&str] = &[
    "input",
    "op",
    "value",
    "one_of",
    "is",
    "finding",
    "observation",
    "answer",
    "if_unanswered",
    "all",
    "any",
];

pub fn table<'a>(v: &'a Value, what: &str) -> &'a Map<String, Value> {
    v.as_object()
        .unwrap_or_else(|| panic!("{what}: not a table"))
}

pub fn refuse_unknown(o: &Map<String, Value>, known: &[&str], texts: bool, what: &str) {
    for key in o.keys() {
        assert!(
            known.contains(&key.as_str()) || (texts && is_lang_code(key)),
            "{what}: unknown key {key}"
        );
    }
}

pub fn string_list(v: &Value, what: &str) -> String {
    let items: Vec<String> = v
        .as_array()
        .unwrap_or_else(|| panic!("{what}: not a list"))
        .iter()
        .map(|s| lit(s.as_str().unwrap_or_else(|| panic!("{what}: not a string"))))
        .collect();
    format!("&[{}]", items.join(", "))
}

/// One criterion table, its `all` / `any` lists written out in place. Which keys may go
/// together is the crate's check, as when it reads JSON.
pub fn criterion(v: &Value, what: &str) -> String {
    let o = table(v, what);
    refuse_unknown(o, CRITERION_FIELDS, false, what);
    let mut fields = Vec::new();
    let mut field = |name: &str, value: String| fields.push(format!("{name}: Some({value})"));
    if let Some(s) = str_of(o, "input", what) {
        field("input", lit(s));
    }
    if let Some(s) = str_of(o, "op", what) {
        field("op", lit(s));
    }
    if let Some(x) = o.get("value") {
        field(
            "value",
            f64_lit(x.as_f64().unwrap_or_else(|| panic!("{what}: value"))),
        );
    }
    if let Some(l) = o.get("one_of") {
        field("one_of", string_list(l, what));
    }
    for flag in ["is", "if_unanswered"] {
        if let Some(b) = o.get(flag) {
            field(
                flag,
                b.as_bool()
                    .unwrap_or_else(|| panic!("{what}: {flag}"))
                    .to_string(),
            );
        }
    }
    if let Some(s) = str_of(o, "finding", what) {
        field("finding", lit(s));
    }
    if let Some(s) = str_of(o, "observation", what).or(str_of(o, "answer", what)) {
        field("observation", lit(s));
    }
    for list in ["all", "any"] {
        if let Some(l) = o.get(list) {
            let items: Vec<String> = l
                .as_array()
                .unwrap_or_else(|| panic!("{what}: {list} is not a list"))
                .iter()
                .map(|c| criterion(c, what))
                .collect();
            field(list, format!("&[{}]", items.join(", ")));
        }
    }
    fields.push("..RawCriterion::NONE".to_string());
    format!("RawCriterion {{ {} }}", fields.join(", "))
}

/// The five header fields every cited file has (the crate's `SourceRef`).
const HEADER: &[&str] = &["id", "version", "source", "reference_section", "evidence"];

/// The keys a file may hold: its header and `own`.
pub fn file_keys(own: &[&'static str]) -> Vec<&'static str> {
    HEADER.iter().chain(own).copied().collect()
}

/// A text the file must have, as a literal.
pub fn string(o: &Map<String, Value>, key: &str, what: &str) -> String {
    lit(str_of(o, key, what).unwrap_or_else(|| panic!("{what}: no {key}")))
}

/// A whole number the file must have.
pub fn whole(o: &Map<String, Value>, key: &str, what: &str) -> u64 {
    whole_of(required(o, key, what), &format!("{what}, {key}"))
}

pub fn whole_of(v: &Value, what: &str) -> u64 {
    v.as_u64()
        .unwrap_or_else(|| panic!("{what}: not a whole number"))
}

pub fn number(v: &Value, what: &str) -> String {
    f64_lit(v.as_f64().unwrap_or_else(|| panic!("{what}: not a number")))
}

/// A fixed-length array, each item written by `item`.
pub fn array(v: &Value, len: usize, what: &str, item: impl Fn(&Value) -> String) -> String {
    let items = v
        .as_array()
        .filter(|l| l.len() == len)
        .unwrap_or_else(|| panic!("{what}: not a list of {len}"));
    format!(
        "[{}]",
        items.iter().map(item).collect::<Vec<_>>().join(", ")
    )
}

/// The list under `key`, each item written by `item`.
pub fn list(
    o: &Map<String, Value>,
    key: &str,
    what: &str,
    item: impl Fn(&Value) -> String,
) -> String {
    assert!(o.contains_key(key), "{what}: no list {key}");
    list_or_empty(o, key, what, item)
}

/// The list under `key`, or an empty one where the key is absent.
pub fn list_or_empty(
    o: &Map<String, Value>,
    key: &str,
    what: &str,
    item: impl Fn(&Value) -> String,
) -> String {
    let Some(items) = o.get(key) else {
        return "&[]".to_string();
    };
    let items = items
        .as_array()
        .unwrap_or_else(|| panic!("{what}: {key} is not a list"));
    format!(
        "&[\n        {}\n    ]",
        items
            .iter()
            .map(item)
            .collect::<Vec<_>>()
            .join(",\n        ")
    )
}

/// The header as a `RawHeader` literal.
pub fn header(o: &Map<String, Value>, what: &str) -> String {
    format!(
        "RawHeader {{ id: {}, version: {}, source: {}, reference_section: {}, evidence: {} }}",
        string(o, "id", what),
        whole(o, "version", what),
        string(o, "source", what),
        string(o, "reference_section", what),
        string(o, "evidence", what),
    )
}

pub fn text(v: &Value, what: &str) -> String {
    let o = table(v, what);
    refuse_unknown(o, &[], true, what);
    text_lit(o, what)
}

/// A yes/no key, `None` where the key is absent.
pub fn flag(o: &Map<String, Value>, key: &str, what: &str) -> Option<bool> {
    o.get(key).map(|b| {
        b.as_bool()
            .unwrap_or_else(|| panic!("{what}: {key} is neither true nor false"))
    })
}

/// A yes/no key that is no where absent.
pub fn flag_or_no(o: &Map<String, Value>, key: &str, what: &str) -> bool {
    flag(o, key, what).unwrap_or(false)
}

/// An optional number as an `Option<f64>` literal.
pub fn optional_number(o: &Map<String, Value>, key: &str, what: &str) -> String {
    opt(o.get(key), |x| number(x, &format!("{what}, {key}")))
}

/// The value under `key`, which the file must have.
pub fn required<'a>(o: &'a Map<String, Value>, key: &str, what: &str) -> &'a Value {
    o.get(key).unwrap_or_else(|| panic!("{what}: no {key}"))
}

/// An optional text as an `Option<&str>` literal.
pub fn optional_string(o: &Map<String, Value>, key: &str, what: &str) -> String {
    opt(str_of(o, key, what), lit)
}

/// A list of texts, or an empty one where the key is absent.
pub fn strings_or_empty(o: &Map<String, Value>, key: &str, what: &str) -> String {
    o.get(key)
        .map_or_else(|| "&[]".to_string(), |l| string_list(l, what))
}

/// The criterion under `key`, which the file must have.
pub fn criterion_at(o: &Map<String, Value>, key: &str, what: &str) -> String {
    criterion(required(o, key, what), &format!("{what}, {key}"))
}
