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

/// A text keyed by language code, as `&[(code, text)]` in the order written.
pub fn text_lit(map: &Map<String, Value>, what: &str) -> String {
    let pairs: Vec<String> = map
        .iter()
        .filter(|(k, _)| is_lang_code(k))
        .map(|(k, v)| {
            let t = v
                .as_str()
                .unwrap_or_else(|| panic!("{what}: the {k} text is not a string"));
            format!("({}, {})", lit(k), lit(t))
        })
        .collect();
    format!("&[{}]", pairs.join(", "))
}

/// Keys of two lowercase letters are texts by language (the crate checks which languages).
pub fn is_lang_code(k: &str) -> bool {
    k.len() == 2 && k.bytes().all(|b| b.is_ascii_lowercase())
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
