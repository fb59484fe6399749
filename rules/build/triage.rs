//! The triage rule files (`data/triage/rules/*.toml`), which start-up reads whole, as Rust
//! statics of the crate's `RawRuleFile` (`rules/src/triage/raw.rs`) and criteria as
//! `RawCriterion` (`rules/src/criteria/compiled.rs`), so the browser parses no JSON for them.

use crate::emit::{f64_lit, is_lang_code, lit, opt, str_of, text_lit};
use serde_json::{Map, Value};

const FILE_FIELDS: &[&str] = &[
    "group",
    "source",
    "reference_section",
    "evidence",
    "note",
    "rules",
];
const RULE_FIELDS: &[&str] = &[
    "id",
    "version",
    "level",
    "source",
    "reference_section",
    "evidence",
    "complaints",
    "applies",
    "when",
    "note",
    "suggest_if_unmeasured",
];
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

fn table<'a>(v: &'a Value, what: &str) -> &'a Map<String, Value> {
    v.as_object()
        .unwrap_or_else(|| panic!("{what}: not a table"))
}

fn refuse_unknown(o: &Map<String, Value>, known: &[&str], texts: bool, what: &str) {
    for key in o.keys() {
        assert!(
            known.contains(&key.as_str()) || (texts && is_lang_code(key)),
            "{what}: unknown key {key}"
        );
    }
}

fn string_list(v: &Value, what: &str) -> String {
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
fn criterion(v: &Value, what: &str) -> String {
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

fn rule(v: &Value, file: &str) -> String {
    let o = table(v, file);
    let id = str_of(o, "id", file).unwrap_or_else(|| panic!("{file}: a rule without id"));
    let what = format!("{file}, rule {id}");
    refuse_unknown(o, RULE_FIELDS, true, &what);
    let number = |key: &str| {
        o.get(key)
            .and_then(Value::as_u64)
            .unwrap_or_else(|| panic!("{what}: {key} is not a whole number"))
    };
    format!(
        "RawRule {{ id: {id}, version: {version}, level: {level}, label: {label}, \
         source: {source}, reference_section: {section}, evidence: {evidence}, \
         complaints: {complaints}, applies: {applies}, when: {when}, note: {note}, \
         suggest_if_unmeasured: {suggest} }}",
        id = lit(id),
        version = number("version"),
        level = number("level"),
        label = text_lit(o, &what),
        source = opt(str_of(o, "source", &what), lit),
        section = opt(str_of(o, "reference_section", &what), lit),
        evidence = opt(str_of(o, "evidence", &what), lit),
        complaints = o
            .get("complaints")
            .map_or_else(|| "&[]".to_string(), |l| string_list(l, &what)),
        applies = opt(o.get("applies"), |c| criterion(c, &what)),
        when = criterion(
            o.get("when").unwrap_or_else(|| panic!("{what}: no when")),
            &what
        ),
        note = opt(str_of(o, "note", &what), lit),
        suggest = o.get("suggest_if_unmeasured").is_none_or(|b| b
            .as_bool()
            .unwrap_or_else(|| panic!("{what}: suggest_if_unmeasured"))),
    )
}

/// The statics of every rule file, in path order. Every key is placed or refused here; the
/// crate's test `the_compiled_rule_files_are_the_data_files_read_by_their_schema` compares what
/// they become with the files read by their serde schema.
pub fn statics(files: &[(&str, &Value)]) -> String {
    let mut out = String::from("pub(crate) static RULE_FILES: &[RawRuleFile] = &[\n");
    for (key, value) in files {
        let what = format!("{key}.toml");
        let o = table(value, &what);
        refuse_unknown(o, FILE_FIELDS, false, &what);
        let field = |k: &str| str_of(o, k, &what).unwrap_or_else(|| panic!("{what}: no {k}"));
        let rules: Vec<String> = o
            .get("rules")
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("{what}: no list of rules"))
            .iter()
            .map(|r| rule(r, &what))
            .collect();
        out.push_str(&format!(
            "    RawRuleFile {{ key: {}, group: {}, source: {}, reference_section: {}, \
             evidence: {}, note: {}, rules: &[\n        {}\n    ] }},\n",
            lit(key),
            lit(field("group")),
            lit(field("source")),
            lit(field("reference_section")),
            lit(field("evidence")),
            opt(str_of(o, "note", &what), lit),
            rules.join(",\n        "),
        ));
    }
    out.push_str("];\n");
    out
}
