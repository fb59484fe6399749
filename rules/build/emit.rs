//! Writing data as Rust source for the statics `build.rs` compiles in: literals, and the
//! checks that a JSON value has the shape a field needs (a build defect otherwise).

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
