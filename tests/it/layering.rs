//! The modules' layering (README, *Development*): each module of `src/` uses only modules of
//! lower layers, outside its tests, so that there is no module cycle. Read from the sources:
//! every `crate::NAME` outside comments and `#[cfg(test)]` code.

use std::collections::BTreeSet;
use std::path::Path;

use crate::helpers::root;

/// The layers, bottom first: a module may use the modules of the layers before its own.
const LAYERS: &[&[&str]] = &[
    &["error", "interrupt"],
    &["calendar"],
    &["profile"],
    &["ingest"],
    &["model"],
    &["checks"],
    &["booklet"],
    &["report"],
    &["explain"],
    &["cli"],
    &["options", "manpage"],
    &["output"],
    &["cmd"],
];

/// Known uses against the layering, to be removed: (module, module it uses).
const EXCEPTIONS: &[(&str, &str)] = &[];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The `.rs` files of `dir`, recursively.
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The modules a file uses outside comments and tests, with a line of each use.
fn uses(path: &Path) -> Vec<(String, usize)> {
    let name = path.file_name().unwrap().to_string_lossy();
    if name == "tests.rs" || name == "test_support.rs" || path.components().any(|c| c.as_os_str() == "tests") {
        return Vec::new();
    }
    let text = std::fs::read_to_string(path).unwrap();
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        // Unit tests come last in a file.
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let code = line.split("//").next().unwrap_or_default();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            let module: String = rest.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
            found.push((module, n + 1));
        }
    }
    found
}

#[test]
fn modules_use_only_lower_layers() {
    let src = root().join("src");
    let mut modules = BTreeSet::new();
    for entry in std::fs::read_dir(&src).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().trim_end_matches(".rs").to_string();
        if name != "main" && name != "lib" {
            modules.insert(name);
        }
    }
    let mut wrong = Vec::new();
    for module in &modules {
        let Some(own) = layer(module) else {
            wrong.push(format!("src/{module}: in no layer of tests/it/layering.rs"));
            continue;
        };
        let mut files = Vec::new();
        let dir = src.join(module);
        if dir.is_dir() {
            sources(&dir, &mut files);
        }
        let file = src.join(format!("{module}.rs"));
        if file.is_file() {
            files.push(file);
        }
        for path in files {
            for (used, line) in uses(&path) {
                if used == *module || !modules.contains(&used) || EXCEPTIONS.contains(&(module.as_str(), used.as_str()))
                {
                    continue;
                }
                if layer(&used).is_none_or(|l| l >= own) {
                    let shown = path.strip_prefix(root()).unwrap_or(&path).display().to_string();
                    wrong.push(format!("{shown}:{line}: {module} uses crate::{used}, a module of its layer or above"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "uses against the layering:\n{}", wrong.join("\n"));
}
