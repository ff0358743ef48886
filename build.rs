//! Embeds every booklet of `profiles/` in the binary: adding a booklet is adding a TOML file,
//! with no Rust change (issue 13). The list is sorted by file name.

use std::io::Write;

fn main() {
    println!("cargo:rerun-if-changed=profiles");
    // The crate's folder as cargo gives it to this run, not as it was when this script was
    // compiled: a target folder shared by two checkouts (CARGO_TARGET_DIR) runs one compiled
    // script for both, and it read a folder since removed, embedding no booklet at all.
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
    let dir = std::path::Path::new(&root).join("profiles");
    let mut files: Vec<std::path::PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => panic!("cannot read the booklets' folder {}: {e}", dir.display()),
    };
    files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    files.sort();
    // A binary without booklets audits nothing: a build error, not a silent empty list.
    assert!(!files.is_empty(), "no booklet (*.toml) in {}", dir.display());
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
