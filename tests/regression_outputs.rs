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
