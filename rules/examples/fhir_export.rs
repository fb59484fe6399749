//! Prints the FHIR R4 Questionnaire, a sample Bundle, or a sample QuestionnaireResponse with an
//! answer of every item type (the kind `rules::fhir_import` reads back), for checking with an
//! external validator:
//! `cargo run -p rules --example fhir_export -- questionnaire|bundle|response [en|fr|de]`.

use rules::questionnaire::{Response, anamnesis};
use rules::{Lang, PatientRecord};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lang = args
        .get(1)
        .and_then(|code| Lang::from_code(code))
        .unwrap_or_default();
    let q = anamnesis();
    let value = match args.first().map(String::as_str) {
        Some("questionnaire") => rules::fhir::questionnaire_resource(q, lang),
        Some("bundle") => {
            let answers = [
                ("age_years", Response::Number(0.0)),
                ("age_months", Response::Number(2.0)),
                ("complaint", Response::Text("fever".into())),
                ("fever_at_home", Response::Bool(true)),
                ("fever_max_c", Response::Number(38.9)),
                ("medicines", Response::Text("none".into())),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
            let mut record = PatientRecord::default();
            q.apply(&answers, &mut record);
            record.vitals.heart_rate_per_min = Some(170.0);
            record.vitals.spo2_percent = Some(97.0);
            // Clinical signs of the one vocabulary, one of each kind (yes/no, graded, number).
            for (code, answer) in [
                ("stridor", rules::Answer::Code("with_agitation".into())),
                ("nasal_flaring", rules::Answer::Flag(false)),
                ("wbc_10e9_per_l", rules::Answer::Number(14.5)),
            ] {
                record.observations.insert(code.into(), answer);
            }
            rules::fhir::bundle(q, &answers, &record, lang, "2026-11-23T10:15:00Z")
        }
        Some("response") => {
            let answers = [
                ("age_years", Response::Number(1.0)),
                ("age_months", Response::Number(3.0)),
                ("sex", Response::Text("female".into())),
                ("weight_kg", Response::Number(9.8)),
                ("complaint", Response::Text("fever".into())),
                ("illness_days", Response::Number(2.5)),
                ("fever_at_home", Response::Bool(true)),
                ("fever_max_c", Response::Number(39.4)),
                ("antipyretic", Response::Text("paracetamol".into())),
                ("antipyretic_hours_ago", Response::Number(4.5)),
                (
                    "medicines",
                    Response::Text("Paracétamol 150 mg\nvitamine D".into()),
                ),
                ("heart_rate_per_min", Response::Number(150.0)),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
            rules::fhir::questionnaire_response(q, &answers, lang, "2026-11-23T10:15:00Z")
        }
        _ => {
            eprintln!("usage: fhir_export questionnaire|bundle|response [en|fr|de]");
            std::process::exit(2);
        }
    };
    println!("{value:#}");
}
