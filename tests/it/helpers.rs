//! What the integration tests share: the binary run from the package root (so that
//! `fixtures/…` and `tests/data/…` paths hold), "now" fixed with `LIVRET_NOW`, reports read
//! as JSON, files written in temporary folders, terminal output read back.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use serde_json::Value;

/// The fixed "now" of the tests: after every period they audit (December 2026).
pub const NOW: &str = "2026-12-03T10:00:00+01:00";

/// The package root: the folder of `fixtures/` and `tests/data/`.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `livret` binary, run from the package root, "now" the machine's.
pub fn livret() -> Command {
    let mut cmd = Command::cargo_bin("livret").unwrap();
    cmd.current_dir(root());
    cmd
}

/// The `livret` binary, run from the package root, "now" fixed at `now`.
pub fn livret_at(now: &str) -> Command {
    let mut cmd = livret();
    cmd.env("LIVRET_NOW", now);
    cmd
}

/// Runs `cmd`: (exit code, -1 when killed by a signal; stdout; stderr).
pub fn output(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

/// Runs `livret ARGS` at [`NOW`]: (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    output(livret_at(NOW).args(args))
}

/// Runs `livret ARGS` at the machine's now: (exit code, stdout, stderr).
pub fn run_untimed(args: &[&str]) -> (i32, String, String) {
    output(livret().args(args))
}

/// The JSON report on `stdout`; panics with `stderr` when there is none.
pub fn report(stdout: &str, stderr: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stderr}"))
}

/// The JSON report on `stdout`, or `Value::Null` when there is none.
pub fn report_or_null(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or(Value::Null)
}

/// The finding of commitment `id` in a JSON report.
pub fn commitment<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["commitments"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap_or_else(|| panic!("no {id}"))
}

/// The item of `subject` in a finding.
pub fn item<'a>(finding: &'a Value, subject: &str) -> &'a Value {
    finding["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["subject"] == subject)
        .unwrap_or_else(|| panic!("no {subject}"))
}

/// The texts of a JSON report's notes.
pub fn notes(report: &Value) -> Vec<String> {
    report["notes"].as_array().unwrap().iter().map(|n| n["text"].as_str().unwrap().to_string()).collect()
}

/// Writes `body` to `name` in a fresh folder and returns (folder guard, path).
pub fn file(name: &str, body: impl AsRef<[u8]>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), name, body);
    (dir, path)
}

/// Writes `body` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, body: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    path
}

/// A path as an argument.
pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `bytes` gzipped.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// What `livret ARGS` writes on a terminal of `cols` columns (util-linux `script`), at
/// [`NOW`], `TERM=xterm`, `NO_COLOR` unset, then `env`.
pub fn on_a_terminal(cols: u16, env: &[(&str, &str)], args: &str) -> String {
    let bin = assert_cmd::cargo::cargo_bin("livret");
    let mut cmd = StdCommand::new("script");
    cmd.arg("-qec").arg(format!("stty cols {cols}; {} {args}", bin.display())).arg("/dev/null");
    cmd.current_dir(root()).stdin(Stdio::null()).env_remove("NO_COLOR").env("LIVRET_NOW", NOW).env("TERM", "xterm");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("util-linux `script` is needed to test terminal output");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `s` without its ANSI escape sequences and carriage returns.
pub fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(|c| c.is_ascii_alphabetic());
        } else if c != '\r' {
            out.push(c);
        }
    }
    out
}

/// `insta::assert_snapshot!` with the snapshot files kept in `tests/snapshots/`.
macro_rules! snapshot {
    ($name:expr, $value:expr) => {{
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("../snapshots");
        settings.bind(|| insta::assert_snapshot!($name, $value));
    }};
}
pub(crate) use snapshot;
