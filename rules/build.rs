//! Turns the clinical content under `data/` (TOML, written for reviewers) into one JSON
//! document embedded in the crate, plus a SHA-256 of it: the rule-set version that goes
//! with every result. Parsing TOML here keeps a TOML parser out of the browser bundle.
//! The vocabulary (`observations.toml`), which start-up reads whole, is compiled into Rust
//! statics instead (`vocabulary_static.rs`): no JSON parse of it at run time.

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

/// The data file compiled into statics rather than embedded as JSON.
const VOCABULARY: &str = "observations";

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
    // Each file's JSON on its own, so the crate parses each straight into its type, once, when
    // first needed (no untyped tree of everything at start-up).
    let mut index = String::from("pub(crate) static FILES: &[(&str, &str)] = &[\n");
    for (key, value) in &content {
        let name = format!("content-{}.json", key.replace('/', "--"));
        // Written for every file: the tests read the vocabulary's JSON as the oracle of its
        // statics.
        fs::write(out.join(&name), serde_json::to_string(value).unwrap()).unwrap();
        if key == VOCABULARY {
            fs::write(out.join("vocabulary_static.rs"), vocabulary::statics(value)).unwrap();
            continue;
        }
        index.push_str(&format!(
            "    ({key:?}, include_str!(concat!(env!(\"OUT_DIR\"), \"/{name}\"))),\n"
        ));
    }
    index.push_str("];\n");
    fs::write(out.join("content_files.rs"), index).unwrap();
    fs::write(out.join("content_hash.txt"), hex).unwrap();
}
