//! The triage rule files (`data/triage/rules/*.toml`), which start-up reads whole, as Rust
//! statics of the crate's `RawRuleFile` (`rules/src/triage/raw.rs`) and criteria as
//! `RawCriterion` (`rules/src/criteria/compiled.rs`), so the browser parses no JSON for them.

use crate::emit::{criterion, lit, opt, refuse_unknown, str_of, string_list, table, text_lit};
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
