//! The `triage` command line: the issue's example case, --list, and errors with exit code 2.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/web.rs runs in the browser

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

const EXAMPLE: &str = r#"{"age_days": 49, "weight_kg": 4.8, "complaint": "fever",
 "vitals": {"heart_rate_per_min": 182, "respiratory_rate_per_min": 58, "spo2_percent": 95, "temperature_c": 38.6, "temperature_route": "rectal", "systolic_bp_mmhg": 50, "capillary_refill_s": 5, "gcs": 14},
 "findings": ["mottled_skin"]}"#;

fn run(args: &[&str], stdin: &str) -> (i32, Value, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("triage runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("triage ends");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn case_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("triage-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write case");
    path
}

#[test]
fn example_case_is_level_1_with_trace_and_hash() {
    let path = case_file("example.json", EXAMPLE);
    let (code, out, _) = run(&[path.to_str().expect("utf8 path")], "");
    assert_eq!(code, 0);
    // 49 days, SBP 50 < 70 (PALS infant hypotension) and mottled skin with CRT 5 s: shock → I.
    assert_eq!(out["level"], 1);
    assert!(out["trace"].as_array().is_some_and(|t| !t.is_empty()));
    assert_eq!(out["ruleset_hash"], rules::ruleset_hash());
    let deciding: Vec<&str> = out["deciding_rules"]
        .as_array()
        .expect("array")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        deciding.contains(&"paedctas.hemodynamic.shock_signs"),
        "{deciding:?}"
    );
    assert!(deciding.contains(&"pals.hypotension.band1"), "{deciding:?}");
    let first = &out["trace"][0];
    for key in [
        "rule_id",
        "version",
        "inputs",
        "criterion",
        "outcome",
        "source",
        "summary",
    ] {
        assert!(!first[key].is_null(), "trace entry lacks {key}");
    }
    assert!(first["source"]["evidence"].is_string());
    // Scores and decision rules from the same record, next to the trace.
    assert!(out["scores"].is_array() && out["decision_rules"].is_array());
    let etat = out["decision_rules"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["id"] == "who_etat"))
        .expect("WHO ETAT applies to every child");
    // 49 days old: a tiny baby (priority); the emergency signs read the same shock findings.
    let possible = etat["possible_outcomes"]
        .as_array()
        .expect("possible outcomes");
    assert_eq!(possible.last().and_then(|o| o.as_str()), Some("priority"));
    assert!(etat["features"].as_array().is_some_and(|f| {
        f.iter()
            .any(|f| f["feature"] == "tiny_baby" && f["present"] == true)
    }));
    assert!(
        first["source"]["reference_section"]
            .as_str()
            .is_some_and(|s| s.contains('§'))
    );
}

#[test]
fn every_field_may_be_absent_and_stdin_works() {
    let (code, out, _) = run(&["-"], "{}");
    assert_eq!(code, 0);
    assert_eq!(out["level"], 5);
    assert_eq!(out["is_final"], false);
    assert!(out["what_if"].as_array().is_some_and(|w| !w.is_empty()));
}

#[test]
fn invalid_values_exit_2_with_messages_in_both_languages() {
    let (code, out, err) = run(
        &["-"],
        r#"{"age_days": -1, "vitals": {"heart_rate_per_min": 900, "temperature_c": 104, "spo2_percent": 120}}"#,
    );
    assert_eq!(code, 2);
    assert_eq!(out["error"], "validation");
    let errors = out["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 4);
    for e in errors {
        assert!(e["message_en"].is_string() && e["message_fr"].is_string());
    }
    assert!(err.contains("heart_rate_per_min"));
}

#[test]
fn malformed_json_and_unknown_fields_exit_2() {
    let (code, out, _) = run(&["-"], "{not json");
    assert_eq!(code, 2);
    assert_eq!(out["error"], "invalid_json");
    // A misspelt field is an error, not silently ignored (it would read as "not measured").
    let (code, _, err) = run(&["-"], r#"{"vitals": {"spo2": 85}}"#);
    assert_eq!(code, 2);
    assert!(err.contains("spo2"));
    let (code, _, _) = run(&["/nonexistent/case.json"], "");
    assert_eq!(code, 2);
}

#[test]
fn list_prints_complaint_codes_and_the_vocabulary() {
    let (code, out, _) = run(&["--list"], "");
    assert_eq!(code, 0);
    let complaints = out["complaints"].as_array().expect("complaints");
    assert!(complaints.len() >= 25);
    assert!(
        complaints
            .iter()
            .any(|c| c["code"] == "fever" && c["fr"] == "Fièvre")
    );
    let observation = |code: &str| {
        out["observations"]
            .as_array()
            .and_then(|o| o.iter().find(|o| o["code"] == code))
            .cloned()
            .unwrap_or_else(|| panic!("--list lacks observation {code}"))
    };
    assert_eq!(observation("mottled_skin")["closed_world"], true);
    assert_eq!(observation("stridor")["kind"], "choice");
    assert!(complaints.iter().any(|c| {
        c["code"] == "stridor"
            && c["observations"]
                .as_array()
                .is_some_and(|o| o.contains(&"stridor".into()))
    }));
    let ids = |key: &str| -> Vec<String> {
        out[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x["id"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    for id in [
        "pas",
        "alvarado",
        "westley",
        "pram",
        "cds",
        "gorelick",
        "gcs",
        "pews_brighton",
        "flacc",
    ] {
        assert!(
            ids("scores").contains(&id.to_string()),
            "--list lacks score {id}"
        );
    }
    for id in [
        "nice_ng143_traffic_light",
        "pecarn_head_under_2",
        "pecarn_head_2_and_over",
        "pecarn_cervical_spine",
        "pecarn_intra_abdominal",
        "pecarn_febrile_infant",
        "who_etat",
    ] {
        assert!(
            ids("decision_rules").contains(&id.to_string()),
            "--list lacks rule {id}"
        );
    }
    // Populations and rule-out kind are listed with each rule.
    let fi = out["decision_rules"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["id"] == "pecarn_febrile_infant"))
        .expect("febrile infant rule");
    assert_eq!(fi["kind"], "rule_out");
    assert!(fi["population"].as_array().is_some_and(|p| {
        p.iter()
            .any(|r| r["id"] == "well_appearing" && r["en"].is_string() && r["fr"].is_string())
    }));
}

#[test]
fn bad_command_line_is_usage_error() {
    let (code, _, err) = run(&[], "");
    assert_eq!(code, 64);
    assert!(err.contains("usage"));
}

#[test]
fn list_shows_the_cedis_presentations_with_their_codes() {
    let (code, out, _) = run(&["--list"], "");
    assert_eq!(code, 0);
    let complaints = out["complaints"].as_array().expect("complaints");
    let coded: Vec<_> = rules::catalog::complaints()
        .iter()
        .filter(|c| c.cedis.is_some())
        .collect();
    assert!(!coded.is_empty());
    for c in coded {
        assert!(
            complaints.iter().any(|x| x["code"] == c.code.as_str()
                && x["cedis"] == c.cedis.as_deref().unwrap_or_default()
                && x["en"] == c.label.get(rules::Lang::En)),
            "--list lacks complaint {} (CEDIS {:?})",
            c.code,
            c.cedis
        );
    }
}
