//! Report plumbing through the binary: several `--output FORMAT:PATH` files in one run with
//! the table still on stdout, output paths checked before any input is read, atomic files,
//! a quiet end on a broken pipe, shell completions, and the checked-in man page kept current.

use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;

use crate::helpers::{self, on_a_terminal, root, strip_ansi};

const TICKETS: &str = "tests/data/reports/tickets.csv";

fn livret() -> Command {
    let mut cmd = helpers::livret();
    cmd.env_remove("NO_COLOR");
    cmd
}

fn audit_args() -> Vec<String> {
    ["audit", "--profile", "talentsoft", "--period", "2026-10", "--tickets", TICKETS].map(String::from).to_vec()
}

fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    v
}

#[test]
fn several_outputs_in_one_run_and_the_table_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name);
    let out = livret()
        .args(audit_args())
        .args(["--output", &format!("json:{}", p("r.json").display())])
        .args(["--output", &format!("html:{}", p("r.html").display())])
        .args(["-o", &format!("md:{}", p("r.md").display())])
        .args(["-o", &format!("csv:{}", p("r.csv").display())])
        .args(["-o", &format!("junit:{}", p("r.xml").display())])
        .output()
        .unwrap();
    // T-2: 38 business hours > 15 → the blocking commitment fails → exit 1.
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("verdict: fail"), "the table stays on stdout: {stdout}");
    assert!(!stdout.contains('\u{1b}'), "no colour when stdout is not a terminal");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(p("r.json")).unwrap()).unwrap();
    assert_eq!(json["schema"], "livret.report/1");
    assert_eq!(json["commitments"][0]["items"][1]["subject"], "T-2");
    let html = std::fs::read_to_string(p("r.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") || !html.contains("alert(1)"));
    assert!(!html.contains("<script"), "the ticket subject must be escaped");
    assert!(std::fs::read_to_string(p("r.md")).unwrap().starts_with("# livret audit"));
    let csv = std::fs::read_to_string(p("r.csv")).unwrap();
    assert!(csv.contains(r#""'=HYPERLINK(""http://example.invalid"")""#), "formula neutralised: {csv}");
    assert!(std::fs::read_to_string(p("r.xml")).unwrap().contains("<testsuite name=\"talentsoft\""));
    // Only the five reports: no temporary file left behind.
    assert_eq!(entries(dir.path()).len(), 5);
}

#[test]
fn a_plain_output_takes_the_format_and_replaces_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.json");
    let out = livret().args(audit_args()).args(["--format", "json", "--output"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "stdout stays empty when --output FILE takes the report");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(json["verdict"], "fail");
}

#[test]
fn quiet_still_writes_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.html");
    let out =
        livret().args(audit_args()).arg("--quiet").arg("-o").arg(format!("html:{}", path.display())).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(path.is_file());
}

#[test]
fn a_bad_output_path_fails_before_the_inputs_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.json");
    let bad = dir.path().join("no-such-folder/r.html");
    // The tickets file does not exist either: the error must be about the output.
    let out = livret()
        .args(["audit", "--profile", "talentsoft", "--period", "2026-10", "--tickets", "missing.csv"])
        .arg("-o")
        .arg(format!("json:{}", good.display()))
        .arg("-o")
        .arg(format!("html:{}", bad.display()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no-such-folder"), "{stderr}");
    assert!(!stderr.contains("missing.csv"), "inputs were read before the outputs were checked: {stderr}");
    assert!(entries(dir.path()).is_empty(), "nothing written, no temporary left: {:?}", entries(dir.path()));
}

#[test]
fn an_input_error_leaves_no_partial_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.json");
    let out = livret()
        .args(["audit", "--profile", "talentsoft", "--period", "2026-10", "--tickets", "missing.csv"])
        .arg("-o")
        .arg(format!("json:{}", path.display()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(entries(dir.path()).is_empty(), "{:?}", entries(dir.path()));
}

#[test]
fn the_same_file_twice_is_a_usage_error() {
    let out = livret().args(audit_args()).args(["-o", "json:r.json", "-o", "html:r.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("given twice"));
}

#[test]
fn an_output_that_names_an_input_is_refused_and_the_input_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read(TICKETS).unwrap();
    std::fs::write(dir.path().join("tk.csv"), &original).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    for output in ["tk.csv", "./tk.csv", "csv:sub/../tk.csv", "json:tk.csv"] {
        let out = livret()
            .current_dir(dir.path())
            .args(["audit", "--profile", "talentsoft", "--period", "2026-10", "--tickets", "tk.csv"])
            .args(["--output", output])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{output}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("names the input file tk.csv"), "{output}: {stderr}");
        assert_eq!(std::fs::read(dir.path().join("tk.csv")).unwrap(), original, "{output}: the input was replaced");
        // Nothing else written: no report, no temporary file.
        assert_eq!(entries(dir.path()), [dir.path().join("sub"), dir.path().join("tk.csv")], "{output}");
    }
    // The same through --dir (the folder's tickets.csv is an input).
    std::fs::write(dir.path().join("tickets.csv"), &original).unwrap();
    let out = livret()
        .current_dir(dir.path())
        .args(["audit", "--profile", "talentsoft", "--period", "2026-10", "--dir", "."])
        .args(["--output", "md:sub/../tickets.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(dir.path().join("tickets.csv")).unwrap(), original);
}

#[test]
fn two_spellings_of_one_output_are_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = livret()
        .current_dir(dir.path())
        .args(["audit", "--profile", "talentsoft", "--period", "2026-10", "--tickets"])
        .arg(std::fs::canonicalize(TICKETS).unwrap())
        .args(["-o", "json:./r.json", "-o", "html:r.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("./r.json and r.json name the same file"));
    assert!(entries(dir.path()).is_empty(), "{:?}", entries(dir.path()));
}

#[test]
fn an_unknown_format_prefix_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = livret()
        .current_dir(dir.path())
        .args(["audit", "--profile", "talentsoft", "--period", "2026-10", "--tickets"])
        .arg(std::fs::canonicalize(TICKETS).unwrap())
        .args(["--output", "xml:r.xml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown report format `xml` in --output xml:r.xml; expected table, json"), "{stderr}");
    assert!(entries(dir.path()).is_empty(), "{:?}", entries(dir.path()));
}

/// Runs `livret ARGS` with its stdout a pipe whose reader is already gone: every write fails
/// with EPIPE. The reader (`true`) exits at once; `sleep 1` only orders the two.
fn with_broken_pipe(args: &[&str]) -> (Option<i32>, String) {
    let bin = assert_cmd::cargo::cargo_bin("livret");
    let out = StdCommand::new("sh")
        .arg("-c")
        .arg(r#"( sleep 1; "$@"; echo "status=$?" >&2 ) | true"#)
        .arg("sh")
        .arg(&bin)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let status = stderr.lines().find_map(|l| l.strip_prefix("status=")).and_then(|s| s.parse().ok());
    (status, stderr)
}

#[test]
fn a_broken_pipe_ends_quietly_with_the_verdicts_exit_code() {
    // The talentsoft fixture history has breaches: the audit exits 1 (SPEC §4) whether or not
    // its reader stayed; a clean check exits 0; the other commands have no verdict.
    let audit = format!("audit --profile talentsoft --period 2026-10 --tickets {TICKETS} --detail");
    let json = format!("audit --profile talentsoft --period 2026-10 --tickets {TICKETS} --format json");
    let explain = format!("explain ticket T-2 --profile talentsoft --period 2026-10 --tickets {TICKETS}");
    let check = format!("check -p talentsoft --tickets {TICKETS}");
    // The same report written through /dev/stdout (a device path, opened, not replaced).
    let through =
        format!("audit --profile talentsoft --period 2026-10 --tickets {TICKETS} --quiet --output json:/dev/stdout");
    let runs = [
        (audit.as_str(), 1),
        (&json, 1),
        (&through, 1),
        (&explain, 0),
        (&check, 0),
        ("profiles", 0),
        ("profiles show talentsoft", 0),
        ("completions bash", 0),
        ("man", 0),
    ];
    for (args, code) in runs {
        let argv: Vec<&str> = args.split(' ').collect();
        let (status, stderr) = with_broken_pipe(&argv);
        assert_eq!(status, Some(code), "livret {args}: {stderr}");
        // A --quiet audit names its failures in one line (issue 14); nothing else is said.
        let said = stderr.lines().filter(|l| !l.contains(": verdict fail — failed: ")).collect::<Vec<_>>().join("\n");
        assert!(!said.contains("livret:"), "livret {args} complained: {stderr}");
        assert!(!stderr.contains("panicked"), "livret {args} panicked: {stderr}");
    }
}

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [("bash", "_livret()"), ("zsh", "#compdef livret"), ("fish", "complete -c livret")] {
        let out = livret().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(marker), "{shell}");
        assert!(text.contains("--output"), "{shell} completes audit's flags");
    }
    livret().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_page_is_up_to_date() {
    let fresh = livret::manpage::render().unwrap();
    let path = root().join("man/livret.1");
    let checked_in = std::fs::read(&path).unwrap_or_default();
    assert!(
        fresh == checked_in,
        "man/livret.1 is out of date with the clap definitions; regenerate it with\n\n    cargo run -- man > man/livret.1\n"
    );
    let text = String::from_utf8(fresh).unwrap();
    for needle in ["LIVRET AUDIT", "\\-\\-output", "LIVRET COMPLETIONS", "Exit codes"] {
        assert!(text.contains(needle), "{needle}");
    }
}

#[test]
fn colour_and_width_follow_the_terminal() {
    let args = format!("audit --profile talentsoft --period 2026-10 --tickets {TICKETS}");
    let fits = |text: &str| {
        for line in text.lines() {
            let visible: String = strip_ansi(line);
            assert!(visible.trim_end().chars().count() <= 80, "wider than the terminal: {visible}");
        }
    };
    let coloured = on_a_terminal(80, &[], &args);
    assert!(coloured.contains("\u{1b}["), "verdicts are coloured on a terminal: {coloured}");
    fits(&coloured);
    let plain = on_a_terminal(80, &[("NO_COLOR", "1")], &args);
    assert!(plain.contains("verdict: fail"));
    assert!(!plain.contains('\u{1b}'), "NO_COLOR=1 means no colour: {plain}");
    fits(&plain);
    // An empty NO_COLOR does not count (no-color.org).
    assert!(on_a_terminal(120, &[("NO_COLOR", "")], &args).contains("\u{1b}["));
}
