//! Regression tests for issue 12 ("Never wrong in silence"), outputs side: one test per fixed
//! defect, named after it, with a line saying what broke.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The Talentsoft fixtures.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/talentsoft")
}

/// `livret audit` of the Talentsoft fixtures for October 2026 with `extra`; returns (exit code,
/// stdout, stderr).
fn audit(extra: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::cargo_bin("livret")
        .unwrap()
        .args(["audit", "--period", "2026-10", "--format", "json", "--dir"])
        .arg(fixtures())
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Broke: durations of centuries in a contract made the checks overflow chrono's calendar and
/// panic (exit 101). Now a duration over 100 years is a contract problem naming the file, the
/// line, the value and the bound (exit 2, no report).
#[test]
fn huge_contract_durations_panicked() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        // (section, key = value, the line it is on: 1 extends, 2 blank, 3 the table, 4 the key)
        ("purge", r#"sftp-file = "262143 years""#, "262143 years"),
        ("backup", r#"monthly_retention = "1000000 years""#, "1000000 years"),
        ("purge", r#"system-log = "1000000000 days""#, "1000000000 days"),
    ];
    for (section, line, value) in cases {
        let path = dir.path().join("contract.toml");
        std::fs::write(&path, format!("extends = \"talentsoft\"\n\n[{section}]\n{line}\n")).unwrap();
        let (code, stdout, stderr) = audit(&["--contract", path.to_str().unwrap()]);
        assert_eq!(code, Some(2), "{line}: {stderr}");
        assert!(stdout.is_empty(), "no partial verdict: {stdout}");
        for want in [
            path.to_str().unwrap(),
            "line 4: ",
            &format!("\"{value}\" is out of range"),
            "at most 100 years (36525 days, 1200 months)",
        ] {
            assert!(stderr.contains(want), "{line}: expected `{want}` in {stderr}");
        }
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// Broke: `--output json:/dev/fd/3 3<tickets.csv` (or `/proc/self/fd/N`, `/dev/stdin`) wrote the
/// report over the input file, since the guard compared paths. Now files are compared by device
/// and inode before anything is written: exit 2 naming both, the input untouched; and so for
/// standard output open on an input (`1<>tickets.csv`).
#[cfg(unix)]
#[test]
fn output_through_dev_fd_overwrote_the_input() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let tickets = dir.path().join("tickets.csv");
    std::fs::copy(fixtures().join("tickets.csv"), &tickets).unwrap();
    let before = std::fs::read(&tickets).unwrap();
    let run = |output: Option<&str>, stdin: Stdio, stdout: Stdio| {
        // std's Command: assert_cmd's own does not take a file as standard input or output.
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("livret"));
        cmd.args(["audit", "--profile", "talentsoft", "--period", "2026-10", "--tickets"]).arg(&tickets);
        if let Some(o) = output {
            cmd.args(["--output", o]);
        }
        let out = cmd.stdin(stdin).stdout(stdout).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    // Standard input is the ticket file (as `3<tickets.csv` is for fd 3): each name of it is refused.
    for output in ["json:/dev/fd/0", "json:/proc/self/fd/0", "json:/dev/stdin"] {
        let stdin = Stdio::from(std::fs::File::open(&tickets).unwrap());
        let (code, stderr) = run(Some(output), stdin, Stdio::piped());
        assert_eq!(code, Some(2), "{output}: {stderr}");
        let want = format!("--output {} names the input file {}", &output[5..], tickets.display());
        assert!(stderr.contains(&want), "{output}: expected `{want}` in {stderr}");
        assert_eq!(std::fs::read(&tickets).unwrap(), before, "{output} wrote over the input");
    }
    // Standard output open read-write on the input, not truncated (`1<>tickets.csv`).
    let rw = std::fs::OpenOptions::new().read(true).write(true).open(&tickets).unwrap();
    let (code, stderr) = run(None, Stdio::null(), Stdio::from(rw));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains(&format!("standard output is the input file {}", tickets.display())), "{stderr}");
    assert_eq!(std::fs::read(&tickets).unwrap(), before, "stdout wrote over the input");
}
