//! Embeds every booklet of `profiles/` in the binary: adding a booklet is adding a TOML file,
//! with no Rust change (issue 13). The list is sorted by file name.

use std::io::Write;

fn main() {
    println!("cargo:rerun-if-changed=profiles");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    files.sort();
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("booklets.rs");
    let mut f = match std::fs::File::create(&out) {
        Ok(f) => f,
        Err(e) => panic!("cannot write {}: {e}", out.display()),
    };
    let mut text = String::from(
        "/// Every booklet of `profiles/`: (file name, TOML text).\npub static EMBEDDED: &[(&str, &str)] = &[\n",
    );
    for p in &files {
        println!("cargo:rerun-if-changed={}", p.display());
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // The path from the crate's own folder at compile time, not this script's: a target
        // folder copied from another checkout still embeds this checkout's files.
        text.push_str(&format!(
            "    ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/profiles/{name}\"))),\n"
        ));
    }
    text.push_str("];\n");
    if let Err(e) = f.write_all(text.as_bytes()) {
        panic!("cannot write {}: {e}", out.display());
    }
}
