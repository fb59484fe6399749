//! The score and decision-rule files (`data/scores/*.toml`, `data/decision_rules/*.toml`) as
//! Rust statics of the crate's `RawScore` and `RawDecisionRule` (`rules/src/scores/raw.rs`), so
//! the browser parses no JSON for them when the first scores are shown. Each key is placed or
//! refused here; the crate's test `the_compiled_scores_are_the_data_files_read_by_their_schema`
//! compares what the statics become with the files read by their serde schema.

use crate::emit::{
    criterion, criterion_at, file_keys, flag, flag_or_no, header, list, list_or_empty, lit, opt,
    optional_string, refuse_unknown, required, string, strings_or_empty, table, text, text_lit,
    whole,
};
use serde_json::{Map, Value};

fn integer(v: &Value, what: &str) -> String {
    v.as_i64()
        .unwrap_or_else(|| panic!("{what}: not a whole number"))
        .to_string()
}

fn optional_integer(o: &Map<String, Value>, key: &str, what: &str) -> String {
    opt(o.get(key), |v| integer(v, &format!("{what}, {key}")))
}

fn requirement(v: &Value, what: &str) -> String {
    let r = table(v, what);
    let what = format!("{what}, population {}", string(r, "id", what));
    refuse_unknown(r, &["id", "when", "unless", "note"], true, &what);
    format!(
        "RawRequirement {{ id: {}, label: {}, when: {}, unless: {}, note: {} }}",
        string(r, "id", &what),
        text_lit(r, &what),
        criterion_at(r, "when", &what),
        opt(r.get("unless"), |c| criterion(c, &what)),
        string(r, "note", &what),
    )
}

fn score(key: &str, v: &Value) -> String {
    let what = format!("{key}.toml");
    let what = what.as_str();
    let o = table(v, what);
    refuse_unknown(
        o,
        &file_keys(&[
            "population",
            "items",
            "bands",
            "bands_source",
            "alternatives",
            "triage_links",
            "higher_is_worse",
            "avpu_crosswalk",
            "note",
        ]),
        true,
        what,
    );
    let item = |v: &Value| {
        let i = table(v, what);
        let what = format!("{what}, item {}", string(i, "id", what));
        refuse_unknown(
            i,
            &[
                "id",
                "points",
                "otherwise",
                "exhaustive",
                "evidence",
                "note",
            ],
            true,
            &what,
        );
        let band = |v: &Value| {
            let b = table(v, &what);
            refuse_unknown(b, &["points", "when"], true, &what);
            format!(
                "RawPointBand {{ points: {}, when: {}, label: {} }}",
                integer(required(b, "points", &what), &what),
                criterion_at(b, "when", &what),
                text_lit(b, &what),
            )
        };
        format!(
            "RawScoreItem {{ id: {}, label: {}, points: {}, otherwise: {}, exhaustive: {}, \
             evidence: {}, note: {} }}",
            string(i, "id", &what),
            text_lit(i, &what),
            list(i, "points", &what, band),
            optional_integer(i, "otherwise", &what),
            flag_or_no(i, "exhaustive", &what),
            optional_string(i, "evidence", &what),
            optional_string(i, "note", &what),
        )
    };
    let band = |v: &Value| {
        let b = table(v, what);
        refuse_unknown(b, &["id", "min", "max"], true, what);
        let bound = |k: &str| integer(required(b, k, what), what);
        format!(
            "RawScoreBand {{ id: {}, min: {}, max: {}, label: {} }}",
            string(b, "id", what),
            bound("min"),
            bound("max"),
            text_lit(b, what),
        )
    };
    let link = |v: &Value| {
        let l = table(v, what);
        let what = format!("{what}, link {}", string(l, "id", what));
        refuse_unknown(
            l,
            &[
                "id",
                "level",
                "total_at_least",
                "total_at_most",
                "evidence",
                "note",
            ],
            true,
            &what,
        );
        format!(
            "RawTriageLink {{ id: {}, level: {}, total_at_least: {}, total_at_most: {}, \
             label: {}, evidence: {}, note: {} }}",
            string(l, "id", &what),
            whole(l, "level", &what),
            optional_integer(l, "total_at_least", &what),
            optional_integer(l, "total_at_most", &what),
            text_lit(l, &what),
            string(l, "evidence", &what),
            string(l, "note", &what),
        )
    };
    format!(
        "RawScore {{\n    key: {},\n    header: {},\n    label: {},\n    population: {},\n    \
         items: {},\n    bands: {},\n    bands_source: {},\n    alternatives: {},\n    \
         triage_links: {},\n    higher_is_worse: {},\n    avpu_crosswalk: {},\n    note: {},\n}}",
        lit(key),
        header(o, what),
        text_lit(o, what),
        list_or_empty(o, "population", what, |r| requirement(r, what)),
        list(o, "items", what, item),
        list(o, "bands", what, band),
        optional_string(o, "bands_source", what),
        strings_or_empty(o, "alternatives", what),
        list_or_empty(o, "triage_links", what, link),
        flag(o, "higher_is_worse", what).unwrap_or(true),
        flag_or_no(o, "avpu_crosswalk", what),
        optional_string(o, "note", what),
    )
}

fn group(v: &Value, what: &str) -> String {
    let g = table(v, what);
    let what = format!("{what}, group {}", string(g, "id", what));
    refuse_unknown(
        g,
        &["id", "recommendation", "risk", "features"],
        true,
        &what,
    );
    let feature = |v: &Value| {
        let f = table(v, &what);
        let what = format!("{what}, feature {}", string(f, "id", &what));
        refuse_unknown(f, &["id", "when", "evidence", "note"], true, &what);
        format!(
            "RawFeature {{ id: {}, label: {}, when: {}, evidence: {}, note: {} }}",
            string(f, "id", &what),
            text_lit(f, &what),
            criterion_at(f, "when", &what),
            optional_string(f, "evidence", &what),
            optional_string(f, "note", &what),
        )
    };
    format!(
        "RawGroup {{ id: {}, label: {}, recommendation: {}, risk: {}, features: {} }}",
        string(g, "id", &what),
        text_lit(g, &what),
        text(required(g, "recommendation", &what), &what),
        optional_string(g, "risk", &what),
        list_or_empty(g, "features", &what, feature),
    )
}

fn decision_rule(key: &str, v: &Value) -> String {
    let what = format!("{key}.toml");
    let what = what.as_str();
    let o = table(v, what);
    refuse_unknown(
        o,
        &file_keys(&[
            "kind",
            "population",
            "groups",
            "otherwise",
            "alternatives",
            "note",
        ]),
        true,
        what,
    );
    format!(
        "RawDecisionRule {{\n    key: {},\n    header: {},\n    label: {},\n    kind: {},\n    \
         population: {},\n    groups: {},\n    otherwise: {},\n    alternatives: {},\n    \
         note: {},\n}}",
        lit(key),
        header(o, what),
        text_lit(o, what),
        optional_string(o, "kind", what),
        list_or_empty(o, "population", what, |r| requirement(r, what)),
        list(o, "groups", what, |g| group(g, what)),
        group(required(o, "otherwise", what), what),
        strings_or_empty(o, "alternatives", what),
        optional_string(o, "note", what),
    )
}

/// The statics of every score and decision-rule file, each list in path order.
pub fn statics(scores: &[(&str, &Value)], decision_rules: &[(&str, &Value)]) -> String {
    let scores: Vec<String> = scores.iter().map(|(k, v)| score(k, v)).collect();
    let rules: Vec<String> = decision_rules
        .iter()
        .map(|(k, v)| decision_rule(k, v))
        .collect();
    format!(
        "pub(super) static SCORES: &[RawScore] = &[\n{}\n];\n\
         pub(super) static DECISION_RULES: &[RawDecisionRule] = &[\n{}\n];\n",
        scores.join(",\n"),
        rules.join(",\n"),
    )
}
