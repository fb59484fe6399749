//! The texts the engine writes itself (`data/messages.toml`) as one static of the crate's
//! `Messages` type (`rules/src/messages.rs`): each group a struct, each message a field whose
//! text lies where it is compiled. A message the file has and the struct lacks, or the reverse,
//! is a compile error of the crate; the crate's test compares the static with the file read by
//! its serde schema.

use crate::emit::{file_keys, header, refuse_unknown, table, text};
use serde_json::Value;

/// Each group of messages and the crate's type for it.
const GROUPS: &[(&str, &str)] = &[
    ("validation", "ValidationMessages"),
    ("import", "ImportMessages"),
    ("population", "PopulationMessages"),
    ("vital_rules", "VitalRuleMessages"),
];

pub fn statics(v: &Value) -> String {
    let what = "messages.toml";
    let o = table(v, what);
    let groups: Vec<&str> = GROUPS.iter().map(|(g, _)| *g).collect();
    refuse_unknown(o, &file_keys(&groups), false, what);
    // The header is checked (every key present and of its type) and not compiled: no message
    // cites it, and the rule-set hash covers the file as written.
    header(o, what);
    let group = |(key, ty): &(&str, &str)| {
        let what = format!("{what}, [{key}]");
        let messages = table(
            o.get(*key)
                .unwrap_or_else(|| panic!("{what}: no such group")),
            &what,
        );
        let fields: Vec<String> = messages
            .iter()
            .map(|(name, t)| {
                format!(
                    "{name}: Text::from_static(&{})",
                    text(t, &format!("{what}, {name}"))
                )
            })
            .collect();
        format!(
            "    {key}: {ty} {{\n        {},\n    }},\n",
            fields.join(",\n        ")
        )
    };
    format!(
        "pub(crate) static MESSAGES: Messages = Messages {{\n{}}};\n",
        GROUPS.iter().map(group).collect::<String>()
    )
}
