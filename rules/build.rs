//! Turns the clinical content under `data/` (TOML, written for reviewers) into Rust statics
//! compiled into the crate, plus a SHA-256 of the content as JSON: the rule-set version that
//! goes with every result. Parsing TOML here keeps a TOML parser out of the browser bundle, and
//! the statics keep JSON parsing of rule data out of the browser: the vocabulary
//! (`observations.toml`, `build/vocabulary.rs`), the triage rule files (`build/triage.rs`), the
//! levels, PAT impressions, vital-sign, hypotension and centile tables, the complaint list, the
//! AVPU/GCS crosswalk and the plausible ranges (`build/tables.rs`), the anamnesis questionnaire
//! (`build/questionnaire.rs`), the scores and decision rules (`build/scores.rs`) and the
//! engine's own messages (`build/messages.rs`). A data file with no emitter fails the build.

#[path = "build/emit.rs"]
mod emit;
#[path = "build/messages.rs"]
mod messages;
#[path = "build/questionnaire.rs"]
mod questionnaire;
#[path = "build/scores.rs"]
mod scores;
#[path = "build/tables.rs"]
mod tables;
#[path = "build/triage.rs"]
mod triage;
#[path = "build/vocabulary.rs"]
mod vocabulary;

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "toml") {
            out.push(path);
        }
    }
}

// `LANGS`: the language codes, in the crate's order (`Lang::ALL`), from the one list of them.
macro_rules! languages {
    ($($variant:ident = $code:literal, $autonym:literal;)+) => {
        const LANGS: &[&str] = &[$($code),+];
    };
}
include!("src/lang/list.rs");

/// Which emitter compiles each data file: the vocabulary, the triage rule files (the crate's
/// `RULE_FILE_PREFIX`), the scores and decision rules, and the files below.
const VOCABULARY: &str = "observations";
const TRIAGE_RULES: &str = "triage/rules/";
/// The crate's `SCORE_PREFIX` and `DECISION_RULE_PREFIX`.
const SCORES: &str = "scores/";
const DECISION_RULES: &str = "decision_rules/";
/// Writes one file's statics as Rust source.
type Emitter = fn(&serde_json::Value) -> String;
/// Each file with an emitter of its own: its key, its emitter and the file the statics go to.
const EMITTED: &[(&str, Emitter, &str)] = &[
    ("triage/levels", tables::levels, "levels_static.rs"),
    (
        "triage/pat_impressions",
        tables::impressions,
        "impressions_static.rs",
    ),
    (
        "vital_signs/paedctas_hr_rr",
        tables::vital_table,
        "vital_table_static.rs",
    ),
    (
        "vital_signs/hypotension_pals",
        tables::hypotension,
        "hypotension_static.rs",
    ),
    ("complaints", tables::complaints, "complaints_static.rs"),
    (
        "scales/avpu_gcs_crosswalk",
        tables::crosswalk,
        "crosswalk_static.rs",
    ),
    (
        "vital_signs/fleming_2011",
        tables::centiles,
        "centiles_static.rs",
    ),
    (
        "validation/plausibility",
        tables::plausibility,
        "plausibility_static.rs",
    ),
    ("messages", messages::statics, "messages_static.rs"),
    (
        "questionnaire/anamnesis",
        questionnaire::statics,
        "questionnaire_static.rs",
    ),
];

fn main() {
    let data_dir = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("data");
    println!("cargo::rerun-if-changed={}", data_dir.display());

    let mut files = Vec::new();
    collect(&data_dir, &mut files);

    let mut content = BTreeMap::new();
    for path in &files {
        println!("cargo::rerun-if-changed={}", path.display());
        let text = fs::read_to_string(path).unwrap();
        let value: serde_json::Value = toml::from_str(&text)
            .unwrap_or_else(|e| panic!("invalid TOML in {}: {e}", path.display()));
        let key = path
            .strip_prefix(&data_dir)
            .unwrap()
            .with_extension("")
            .to_string_lossy()
            .replace('\\', "/");
        content.insert(key, value);
    }

    let json = serde_json::to_string(&content).unwrap();
    let hash = Sha256::digest(json.as_bytes());
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();

    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    // Every file is compiled into statics; its JSON is listed too (`COMPILED`), read only by
    // the tests (each static against its file read by its serde schema) and the translation
    // check, so the browser bundle does not carry it.
    let mut compiled = String::from("pub(crate) static COMPILED: &[(&str, &str)] = &[\n");
    let mut rule_files = Vec::new();
    let mut score_files = Vec::new();
    let mut decision_rule_files = Vec::new();
    for (key, value) in &content {
        let name = format!("content-{}.json", key.replace('/', "--"));
        fs::write(out.join(&name), serde_json::to_string(value).unwrap()).unwrap();
        compiled.push_str(&format!(
            "    ({key:?}, include_str!(concat!(env!(\"OUT_DIR\"), \"/{name}\"))),\n"
        ));
        if key == VOCABULARY {
            fs::write(out.join("vocabulary_static.rs"), vocabulary::statics(value)).unwrap();
        } else if key.starts_with(TRIAGE_RULES) {
            rule_files.push((key.as_str(), value));
        } else if key.starts_with(SCORES) {
            score_files.push((key.as_str(), value));
        } else if key.starts_with(DECISION_RULES) {
            decision_rule_files.push((key.as_str(), value));
        } else if let Some((_, emit, file)) = EMITTED.iter().find(|(k, _, _)| k == key) {
            fs::write(out.join(file), emit(value)).unwrap();
        } else {
            panic!(
                "data/{key}.toml has no emitter: add one (rules/build/) and the statics that \
                 read it, with a test against its serde schema"
            );
        }
    }
    fs::write(
        out.join("triage_rules_static.rs"),
        triage::statics(&rule_files),
    )
    .unwrap();
    fs::write(
        out.join("scores_static.rs"),
        scores::statics(&score_files, &decision_rule_files),
    )
    .unwrap();
    compiled.push_str("];\n");
    fs::write(out.join("content_files.rs"), compiled).unwrap();
    fs::write(out.join("content_hash.txt"), hex).unwrap();
}
