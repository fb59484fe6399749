//! The triage rule files (`data/triage/rules/*.toml`), which start-up reads whole, as Rust
//! statics of the crate's `RawRuleFile` (`rules/src/triage/raw.rs`) and criteria as
//! `RawCriterion` (`rules/src/criteria/compiled.rs`), so the browser parses no JSON for them.

use crate::emit::{
    criterion, criterion_at, flag, lit, opt, optional_string, refuse_unknown, str_of, string,
    strings_or_empty, table, text_lit, whole,
};
use serde_json::Value;

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
fn rule(v: &Value, file: &str) -> String {
    let o = table(v, file);
    let id = str_of(o, "id", file).unwrap_or_else(|| panic!("{file}: a rule without id"));
    let what = format!("{file}, rule {id}");
    refuse_unknown(o, RULE_FIELDS, true, &what);
    format!(
        "RawRule {{ id: {id}, version: {version}, level: {level}, label: {label}, \
         source: {source}, reference_section: {section}, evidence: {evidence}, \
         complaints: {complaints}, applies: {applies}, when: {when}, note: {note}, \
         suggest_if_unmeasured: {suggest} }}",
        id = lit(id),
        version = whole(o, "version", &what),
        level = whole(o, "level", &what),
        label = text_lit(o, &what),
        source = optional_string(o, "source", &what),
        section = optional_string(o, "reference_section", &what),
        evidence = optional_string(o, "evidence", &what),
        complaints = strings_or_empty(o, "complaints", &what),
        applies = opt(o.get("applies"), |c| criterion(c, &what)),
        when = criterion_at(o, "when", &what),
        note = optional_string(o, "note", &what),
        suggest = flag(o, "suggest_if_unmeasured", &what).unwrap_or(true),
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
            string(o, "group", &what),
            string(o, "source", &what),
            string(o, "reference_section", &what),
            string(o, "evidence", &what),
            optional_string(o, "note", &what),
            rules.join(",\n        "),
        ));
    }
    out.push_str("];\n");
    out
}
