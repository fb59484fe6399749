//! Writes sample hand-offs (a file and a QR payload) into a directory, as seeds for the
//! `handoff_import` fuzz target: `cargo run -p rules --example handoff_seeds -- DIR`.

use rules::questionnaire::Response;
use rules::{Lang, Responses, handoff};

fn main() {
    let dir = std::env::args().nth(1).expect("usage: handoff_seeds DIR");
    let answers: Responses = [
        ("age_years", Response::Number(0.0)),
        ("age_months", Response::Number(0.0)),
        ("age_weeks", Response::Number(3.0)),
        ("sex", Response::Text("female".into())),
        ("weight_kg", Response::Number(3.9)),
        ("complaint", Response::Text("fever".into())),
        ("fever_at_home", Response::Bool(true)),
        ("fever_days", Response::Number(1.0)),
        ("intake", Response::Text("half_or_less".into())),
        ("birth_term", Response::Text("preterm".into())),
        ("gestation_weeks", Response::Number(34.0)),
        ("rash", Response::Bool(true)),
        ("rash_non_blanching", Response::Bool(false)),
        ("medicines", Response::Text("vitamine D".into())),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    std::fs::create_dir_all(&dir).expect("seed directory");
    std::fs::write(
        format!("{dir}/infant.json"),
        handoff::to_file_json(&answers, Lang::Fr),
    )
    .expect("write seed");
    std::fs::write(
        format!("{dir}/infant.qr.txt"),
        handoff::to_qr_text(&answers, Lang::Fr),
    )
    .expect("write seed");
}
