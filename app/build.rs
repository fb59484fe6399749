//! Compiles every locale file `app/locales/<code>.json` (one per language of `rules::Lang`) into
//! static tables: one sorted list of keys and, per language, its texts in that order, so the
//! browser parses no JSON for the UI texts and a lookup is a binary search. A new language's
//! file is picked up without touching the code. `i18n`'s tests check that the files and
//! `Lang::ALL` match, that every file has every key, and that the tables read as the files do.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::{env, fs};

fn main() {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("locales");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut tables: Vec<(String, BTreeMap<String, String>)> = Vec::new();
    let mut json_files = String::from(
        "/// Every locale file, as (language code, JSON text): read by the tests only.\n\
         #[cfg(test)]\npub(crate) static LOCALES: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        println!("cargo::rerun-if-changed={}", path.display());
        let code = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = fs::read_to_string(path).unwrap();
        let table: BTreeMap<String, String> = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not a table of texts: {e}", path.display()));
        json_files.push_str(&format!(
            "    ({code:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
        tables.push((code, table));
    }
    json_files.push_str("];\n");
    // Sorted as `str` compares, so `KEYS.binary_search` finds a key.
    let keys: BTreeSet<&str> = tables
        .iter()
        .flat_map(|(_, t)| t.keys().map(String::as_str))
        .collect();
    let mut out = String::from("/// Every key of the UI texts, sorted.\n");
    out.push_str("pub(crate) static KEYS: &[&str] = &[\n");
    for key in &keys {
        out.push_str(&format!("    {key:?},\n"));
    }
    out.push_str("];\n\n/// The texts of each language, by code, in the order of `KEYS` (`None`: missing).\n");
    out.push_str("pub(crate) static TEXTS: &[(&str, &[Option<&str>])] = &[\n");
    for (code, table) in &tables {
        out.push_str(&format!("    ({code:?}, &[\n"));
        for key in &keys {
            match table.get(*key) {
                Some(text) => out.push_str(&format!("        Some({text:?}),\n")),
                None => out.push_str("        None,\n"),
            }
        }
        out.push_str("    ]),\n");
    }
    out.push_str("];\n\n");
    out.push_str(&json_files);
    fs::write(
        Path::new(&env::var("OUT_DIR").unwrap()).join("locales.rs"),
        out,
    )
    .unwrap();
}
