//! The app's layers, checked on its source: each layer imports only the layers before it, no
//! file outside `views` imports a view, and no file imports another that imports it back.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Layers in order; a file may import its own module, and the layers before its own.
const LAYERS: &[&[&str]] = &[
    // Pure: texts and the hand-off code.
    &["i18n", "qr"],
    // The browser's I/O, and the stored formats: apart from each other.
    &["io", "formats"],
    &["state"],
    &["views"],
];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A file's module path: `state/draft.rs` → ["state", "draft"], `views/mod.rs` → ["views"].
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The code of a file without its tests and comments (a test may reach anywhere).
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module path a file names (`crate::a::b`, `super::c`, and `use` groups `crate::a::{b, c}`).
fn references(module: &[String], is_mod_file: bool, code: &str) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    let parent: Vec<String> = if is_mod_file {
        module.to_vec()
    } else {
        module[..module.len().saturating_sub(1)].to_vec()
    };
    let word = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (prefix, base) in [("crate::", Vec::new()), ("super::", parent.clone())] {
        for (i, _) in code.match_indices(prefix) {
            let rest = &code[i + prefix.len()..];
            let first = word(rest);
            let mut path = base.clone();
            if first.is_empty() {
                // `crate::{a, b}` or `super::{a, b}`
                if let Some(group) = rest.strip_prefix('{') {
                    for item in group.split('}').next().unwrap_or("").split(',') {
                        let name = word(item.trim());
                        if !name.is_empty() {
                            let mut p = base.clone();
                            p.push(name);
                            out.insert(p);
                        }
                    }
                }
                continue;
            }
            path.push(first.clone());
            let after = &rest[first.len()..];
            if let Some(more) = after.strip_prefix("::") {
                let second = word(more);
                if !second.is_empty() {
                    let mut deeper = path.clone();
                    deeper.push(second);
                    out.insert(deeper);
                } else if let Some(group) = more.strip_prefix('{') {
                    for item in group.split('}').next().unwrap_or("").split(',') {
                        let name = word(item.trim());
                        if !name.is_empty() && name != "self" {
                            let mut p = path.clone();
                            p.push(name);
                            out.insert(p);
                        }
                    }
                }
            }
            out.insert(path);
        }
    }
    out
}

struct Graph {
    /// File module → the file modules it imports.
    edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    let modules: BTreeMap<Vec<String>, PathBuf> = files
        .iter()
        .map(|f| (module_of(&src, f), f.clone()))
        .collect();
    let mut edges = BTreeMap::new();
    for (module, file) in &modules {
        if module.is_empty() || module[0] == "layers" {
            continue;
        }
        let is_mod = file.file_name().is_some_and(|n| n == "mod.rs");
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        let mut to = BTreeSet::new();
        for path in references(module, is_mod, &code) {
            // The longest prefix of the path that is a file module is what is imported.
            if let Some(target) = (1..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|p| modules.contains_key(p))
                && &target != module
            {
                to.insert(target);
            }
        }
        edges.insert(module.clone(), to);
    }
    Graph { edges }
}

#[test]
fn each_layer_imports_only_the_layers_before_it() {
    let g = graph();
    assert!(g.edges.len() > 20, "the source files were not found");
    let mut wrong = Vec::new();
    for (from, tos) in &g.edges {
        let from_layer = rank(&from[0]).unwrap_or_else(|| panic!("{from:?} is in no layer"));
        for to in tos {
            let to_layer = rank(&to[0]).unwrap_or_else(|| panic!("{to:?} is in no layer"));
            // Within a layer, one module does not import another (io and formats stay apart).
            let sideways = to_layer == from_layer && from[0] != to[0];
            if to_layer > from_layer || sideways {
                wrong.push(format!("{} imports {}", from.join("/"), to.join("/")));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    let g = graph();
    // Depth-first search for a cycle; reports the first one found.
    fn visit(
        g: &Graph,
        node: &Vec<String>,
        stack: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        if let Some(i) = stack.iter().position(|n| n == node) {
            return Some(stack[i..].to_vec());
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.clone());
        for next in g.edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(g, next, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.clone());
        None
    }
    let mut done = BTreeSet::new();
    for node in g.edges.keys() {
        if let Some(cycle) = visit(&g, node, &mut Vec::new(), &mut done) {
            let names: Vec<String> = cycle.iter().map(|m| m.join("/")).collect();
            panic!("import circle: {} → back", names.join(" → "));
        }
    }
}

#[test]
fn the_check_finds_a_circle_and_a_view_imported_from_state() {
    // The parser on a made-up file: a state file naming a view and a sibling.
    let module = vec!["state".to_string(), "draft".to_string()];
    let refs = references(
        &module,
        false,
        "use crate::views::Triage;\nuse super::{fields::NumField, triage};",
    );
    assert!(refs.contains(&vec!["views".to_string(), "Triage".to_string()]));
    assert!(refs.contains(&vec!["state".to_string(), "fields".to_string()]));
    assert!(refs.contains(&vec!["state".to_string(), "triage".to_string()]));
}
