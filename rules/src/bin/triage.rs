//! `triage CASE.json` prints the assessment (level, trace, what-if) of one case as JSON.
//! `triage --list` prints the complaint codes, the vocabulary of observations, and the scores and
//! decision rules. `-` reads the case from stdin.
//!
//! Exit codes: 0 result printed; 2 unreadable case or invalid values (a JSON error object is
//! printed on stdout and a short message on stderr); 64 bad command line.

use rules::{Lang, PatientRecord};
use serde_json::json;
use std::io::Read;
use std::process::ExitCode;

const USAGE: &str = "usage: triage CASE.json | triage - (case on stdin) | triage --list";

/// `entry` with its text under each language code (`"en"`, `"fr"`, …).
fn labelled(text: &rules::Text, mut entry: serde_json::Value) -> serde_json::Value {
    for &lang in Lang::ALL {
        entry[lang.code()] = json!(text.get(lang));
    }
    entry
}

fn list() -> serde_json::Value {
    json!({
        "complaints": rules::catalog::complaints().iter().map(|c| labelled(&c.label, json!({
            "code": c.code, "cedis_category": c.cedis_category, "cedis": c.cedis,
            "observations": rules::observations_for_complaint(&c.code),
        }))).collect::<Vec<_>>(),
        "observations": rules::observations(),
        "vocabulary_version": rules::vocabulary::version(),
        "temperature_routes": rules::TemperatureRoute::ALL.iter().map(|r| r.code()).collect::<Vec<_>>(),
        "avpu": rules::Avpu::ALL.iter().map(|r| r.code()).collect::<Vec<_>>(),
        "pain_tools": rules::PainTool::ALL.iter().map(|r| r.code()).collect::<Vec<_>>(),
        "scores": rules::score_defs().iter().map(|s| labelled(&s.label, json!({
            "id": s.id, "version": s.version, "source": s.source,
            "reference_section": s.reference_section, "evidence": s.evidence,
            "items": s.items.iter().map(|i| labelled(&i.label, json!({"id": i.id}))).collect::<Vec<_>>(),
            "population": s.population,
            "bands": s.bands,
            "triage_links": s.triage_links,
        }))).collect::<Vec<_>>(),
        "decision_rules": rules::decision_rule_defs().iter().map(|r| labelled(&r.label, json!({
            "id": r.id, "version": r.version, "source": r.source,
            "reference_section": r.reference_section, "evidence": r.evidence,
            "kind": r.kind, "population": r.population,
            "outcomes": r.groups.iter().chain(std::iter::once(&r.otherwise))
                .map(|g| labelled(&g.label, json!({"id": g.id}))).collect::<Vec<_>>(),
        }))).collect::<Vec<_>>(),
        "ruleset_hash": rules::ruleset_hash(),
    })
}

fn fail(kind: &str, errors: serde_json::Value, text: &str) -> ExitCode {
    println!(
        "{}",
        serde_json::to_string_pretty(&json!({ "error": kind, "errors": errors }))
            .unwrap_or_default()
    );
    eprintln!("triage: {text}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [arg] = args.as_slice() else {
        eprintln!("{USAGE}");
        return ExitCode::from(64);
    };
    if arg == "--list" {
        println!(
            "{}",
            serde_json::to_string_pretty(&list()).unwrap_or_default()
        );
        return ExitCode::SUCCESS;
    }
    if arg == "--help" || arg == "-h" {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let text = if arg == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map(|_| s)
    } else {
        std::fs::read_to_string(arg)
    };
    let text = match text {
        Ok(t) => t,
        Err(e) => {
            return fail(
                "unreadable",
                json!([e.to_string()]),
                &format!("cannot read {arg}: {e}"),
            );
        }
    };
    let record: PatientRecord = match serde_json::from_str(&text) {
        Ok(r) => r,
        Err(e) => {
            return fail(
                "invalid_json",
                json!([e.to_string()]),
                &format!("{arg} is not a valid case: {e}"),
            );
        }
    };
    match record.validate() {
        Ok(valid) => {
            let assessment = rules::evaluate(&valid);
            match serde_json::to_string_pretty(&assessment) {
                Ok(out) => {
                    println!("{out}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(
                    "internal",
                    json!([e.to_string()]),
                    "could not write the result",
                ),
            }
        }
        Err(errors) => {
            let list: Vec<_> = errors
                .iter()
                .map(|e| {
                    let mut v = json!({ "field": e.field(), "detail": e });
                    for &lang in Lang::ALL {
                        v[format!("message_{}", lang.code())] = json!(e.message(lang));
                    }
                    v
                })
                .collect();
            let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
            fail("validation", json!(list), &text.join("; "))
        }
    }
}
