//! `observations.toml` (the vocabulary, which start-up reads whole) as Rust statics of the
//! crate's `RawObservation` and `RawMigration` (`rules/src/vocabulary/raw.rs`), so the browser
//! parses no JSON for it.

use crate::emit::{
    criterion, f64_lit, flag_or_no, lit, opt, optional_number, refuse_unknown, str_of, string,
    table, text_lit,
};
use serde_json::Value;

/// A derived value: `{ ratio = [a, b], times }` or `{ when = criterion }`, the criterion
/// written as the rule files' are.
fn derivation(v: &Value, what: &str) -> String {
    let d = table(v, what);
    refuse_unknown(d, &["ratio", "times", "when"], false, what);
    match (d.get("ratio"), d.get("times"), d.get("when")) {
        (Some(ratio), Some(times), None) => {
            let codes: Vec<&str> = ratio
                .as_array()
                .unwrap_or_else(|| panic!("{what}: ratio is not a list"))
                .iter()
                .map(|c| {
                    c.as_str()
                        .unwrap_or_else(|| panic!("{what}: ratio of codes"))
                })
                .collect();
            let [a, b] = codes[..] else {
                panic!("{what}: a ratio of two codes")
            };
            format!(
                "RawDerivation::Ratio {{ ratio: [{}, {}], times: {} }}",
                lit(a),
                lit(b),
                f64_lit(times.as_f64().unwrap_or_else(|| panic!("{what}: times")))
            )
        }
        (None, None, Some(when)) => format!("RawDerivation::When({})", criterion(when, what)),
        _ => panic!("{what}: derived is {{ ratio, times }} or {{ when }}"),
    }
}

/// The statics of `observations.toml`. Every key is placed or refused here; the crate's test
/// `the_compiled_vocabulary_is_the_data_file_read_by_its_schema` compares what they become
/// with the file read by its serde schema.
pub fn statics(file: &Value) -> String {
    const FIELDS: &[&str] = &[
        "code",
        "kind",
        "closed_world",
        "group",
        "definition",
        "source",
        "evidence",
        "options",
        "min",
        "max",
        "unit",
        "worse_when_lower",
        "whole_number",
        "note",
        "derived",
    ];
    let root = table(file, "observations.toml");
    refuse_unknown(
        root,
        &["version", "note", "observations", "migrations"],
        false,
        "observations.toml",
    );
    let version = root["version"]
        .as_u64()
        .expect("observations.toml: version");
    let mut out = format!("pub(crate) const VERSION: u32 = {version};\n\n");
    out.push_str("pub(crate) static OBSERVATIONS: &[RawObservation] = &[\n");
    for entry in root["observations"]
        .as_array()
        .expect("observations: a list")
    {
        let o = table(entry, "an observation");
        let code = str_of(o, "code", "an observation").expect("an observation without code");
        let what = format!("observation {code}");
        refuse_unknown(o, FIELDS, true, &what);
        let flag = |key: &str| flag_or_no(o, key, &what);
        let number = |key: &str| optional_number(o, key, &what);
        let options: Vec<String> = o
            .get("options")
            .map(|v| {
                v.as_array()
                    .unwrap_or_else(|| panic!("{what}: options is not a list"))
            })
            .into_iter()
            .flatten()
            .map(|opt_v| {
                let op = table(opt_v, &format!("{what}, an option"));
                refuse_unknown(op, &["code"], true, &format!("{what}, an option"));
                let c = str_of(op, "code", &what)
                    .unwrap_or_else(|| panic!("{what}: an option without code"));
                format!(
                    "RawOption {{ code: {}, label: {} }}",
                    lit(c),
                    text_lit(op, &what)
                )
            })
            .collect();
        out.push_str(&format!(
            "    RawObservation {{ code: {code}, kind: {kind}, closed_world: {closed}, group: {group}, \
             label: {label}, definition: {definition}, source: {source}, evidence: {evidence}, \
             options: &[{options}], min: {min}, max: {max}, unit: {unit}, \
             worse_when_lower: {lower}, whole_number: {whole}, note: {note}, derived: {derived} }},\n",
            code = lit(code),
            kind = string(o, "kind", &what),
            closed = flag("closed_world"),
            group = string(o, "group", &what),
            label = text_lit(o, &what),
            definition = opt(o.get("definition"), |d| text_lit(
                d.as_object().unwrap_or_else(|| panic!("{what}: definition is not a table")),
                &what
            )),
            source = opt(str_of(o, "source", &what), lit),
            evidence = opt(str_of(o, "evidence", &what), lit),
            options = options.join(", "),
            min = number("min"),
            max = number("max"),
            unit = lit(str_of(o, "unit", &what).unwrap_or("")),
            lower = flag("worse_when_lower"),
            whole = flag("whole_number"),
            note = opt(str_of(o, "note", &what), lit),
            derived = opt(o.get("derived"), |d| derivation(d, &what)),
        ));
    }
    out.push_str("];\n\npub(crate) static MIGRATIONS: &[RawMigration] = &[\n");
    for entry in root
        .get("migrations")
        .and_then(|m| m.as_array())
        .into_iter()
        .flatten()
    {
        let what = "a migration";
        let m = table(entry, what);
        refuse_unknown(
            m,
            &["from_finding", "from_answer", "to", "value", "values"],
            false,
            what,
        );
        let values: Vec<String> = m
            .get("values")
            .map(|v| v.as_object().expect("migration values: a table"))
            .into_iter()
            .flatten()
            .map(|(k, v)| {
                format!(
                    "({}, {})",
                    lit(k),
                    lit(v.as_str().expect("a migration value"))
                )
            })
            .collect();
        out.push_str(&format!(
            "    RawMigration {{ from_finding: {}, from_answer: {}, to: {}, value: {}, values: &[{}] }},\n",
            opt(str_of(m, "from_finding", what), lit),
            opt(str_of(m, "from_answer", what), lit),
            lit(str_of(m, "to", what).expect("a migration without to")),
            opt(str_of(m, "value", what), lit),
            values.join(", "),
        ));
    }
    out.push_str("];\n");
    out
}
