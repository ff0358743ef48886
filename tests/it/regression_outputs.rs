//! Regression tests for issue 12 ("Never wrong in silence"), outputs side: one test per fixed
//! defect, named after it, with a line saying what broke.

use std::path::{Path, PathBuf};

use crate::helpers::{livret, root};

/// The Talentsoft fixtures.
fn fixtures() -> PathBuf {
    root().join("fixtures/talentsoft")
}

/// `livret audit` of the Talentsoft fixtures for October 2026 with `extra`; returns (exit code,
/// stdout, stderr).
fn audit(extra: &[&str]) -> (Option<i32>, String, String) {
    let out = livret()
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
    // `check` and `explain ticket` print too: the same guard.
    for command in
        [&["check", "--profile", "talentsoft"][..], &["explain", "ticket", "TS-101", "--profile", "talentsoft"]]
    {
        let rw = std::fs::OpenOptions::new().read(true).write(true).open(&tickets).unwrap();
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("livret"))
            .args(command)
            .arg("--tickets")
            .arg(&tickets)
            .stdout(rw)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command:?}: {stderr}");
        assert!(stderr.contains("standard output is the input file"), "{command:?}: {stderr}");
        assert_eq!(std::fs::read(&tickets).unwrap(), before, "{command:?} wrote over the input");
    }
}

/// Files in `dir` whose name starts with `.livret-` or `.tmp`: temporary report files.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".livret-") || n.starts_with(".tmp"))
        .collect()
}

/// A child process killed when dropped.
struct Reap(std::process::Child);

impl Drop for Reap {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Broke: SIGINT or SIGTERM during an audit left `.tmpXXXXXX` files (up to 115 MB) beside each
/// output. Now an interrupted run removes its temporary files and exits 128 + the signal; the
/// temporary files are named `.livret-NAME-XXXXXX`, so that a leftover (SIGKILL) says what it
/// was.
#[cfg(unix)]
#[test]
fn interrupted_run_left_temporary_files() {
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let dir = tempfile::tempdir().unwrap();
        // The tickets are a named pipe nobody writes to: the audit waits on it, after the
        // temporary files are made (before any input is read).
        let fifo = dir.path().join("tickets.csv");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("livret"))
            .args(["audit", "--profile", "talentsoft", "--period", "2026-10", "--tickets"])
            .arg(&fifo)
            .arg("--output")
            .arg(format!("json:{}", dir.path().join("r.json").display()))
            .arg("--output")
            .arg(format!("html:{}", dir.path().join("r.html").display()))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Killed if an assertion fails first: it would wait on the pipe forever.
        let mut child = Reap(child);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while leftovers(dir.path()).len() < 2 {
            assert!(std::time::Instant::now() < deadline, "no temporary files appeared");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let mut names = leftovers(dir.path());
        names.sort();
        assert!(names[0].starts_with(".livret-r.html-") && names[1].starts_with(".livret-r.json-"), "{names:?}");
        let kill = std::process::Command::new("kill").arg(format!("-{signal}")).arg(child.0.id().to_string()).status();
        assert!(kill.unwrap().success());
        let status = child.0.wait().unwrap();
        assert_eq!(status.code(), Some(code), "SIG{signal}: {status:?}");
        assert_eq!(leftovers(dir.path()), Vec::<String>::new(), "SIG{signal} left temporary files");
        assert!(!dir.path().join("r.json").exists() && !dir.path().join("r.html").exists());
    }
}

/// Broke: with several `--output` files, a failure writing a later one left the earlier ones
/// already replaced (a new JSON beside an old HTML). Now every temporary file is written, and
/// every device written through, before any file is renamed: a failure replaces none.
#[cfg(target_os = "linux")]
#[test]
fn late_failure_left_earlier_reports_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("r.json");
    std::fs::write(&old, "old report").unwrap();
    // /dev/full fails every write (ENOSPC), after r.json's report is ready.
    let (code, _, stderr) = audit(&[
        "--profile",
        "talentsoft",
        "--output",
        &format!("json:{}", old.display()),
        "--output",
        "csv:/dev/full",
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("/dev/full: cannot write the report"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "old report", "r.json was replaced");
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

/// Broke: a replaced report kept its permissions but not its owner and group (the temporary
/// file's, i.e. the user running the audit). Now the old file's owner and group are given to
/// the new one where the process may (root; otherwise the group when it is one of the user's).
#[cfg(unix)]
#[test]
fn replaced_report_lost_its_owner() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("r.json");
    std::fs::write(&old, "old report").unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o640)).unwrap();
    // Only root may give a file away; elsewhere there is nothing to observe.
    if std::os::unix::fs::chown(&old, Some(4321), Some(4322)).is_err() {
        eprintln!("not root: owner and group cannot be changed here; skipped");
        return;
    }
    let (code, _, stderr) =
        audit(&["--profile", "talentsoft", "--quiet", "--output", &format!("json:{}", old.display())]);
    assert!(matches!(code, Some(0) | Some(1)), "{stderr}");
    let meta = std::fs::metadata(&old).unwrap();
    assert!(std::fs::read_to_string(&old).unwrap().starts_with('{'), "the report was written");
    assert_eq!((meta.uid(), meta.gid(), meta.permissions().mode() & 0o777), (4321, 4322, 0o640));
}

/// Broke: text from the inputs reached the reports raw — ESC and BEL in the CSV and HTML
/// reports, U+202E (which shows what follows reversed) in every format but JUnit — and a long
/// field whole (a 4 MiB ticket subject took the terminal table 16 s to lay out, the square of
/// its length). Now every format meant for a person shows control and bidirectional characters
/// as U+FFFD (tab and line feed kept where the format allows them), and the table, Markdown and
/// HTML cut a field at 200 characters + "…"; the JSON keeps everything exact.
#[test]
fn text_fields_reached_reports_raw() {
    let dir = tempfile::tempdir().unwrap();
    let id = "T-1\u{1b}[31m\u{7}\u{202e}gnp.exe\u{9b}2J";
    let subject = format!("Paie \u{202e}liaf{}", "x".repeat(10_000));
    // Open 2026-10-05 09:00, closed 2026-10-09 10:00: far over 15 business hours, so the ticket
    // is a failing item (and in the JUnit failure's body).
    let csv = format!(
        "Numéro;Date;Statut;Gravité;Sujet\n{id};05/10/2026 09:00;Nouveau;Bloquante;{subject}\n\
         {id};09/10/2026 10:00;Clôturé;;\n"
    );
    let tickets = dir.path().join("tickets.csv");
    std::fs::write(&tickets, csv).unwrap();
    let path = |f: &str| dir.path().join(f).display().to_string();
    let out = livret()
        .args(["audit", "--profile", "talentsoft", "--period", "2026-10", "--detail", "--tickets"])
        .arg(&tickets)
        .args(["--output", &format!("json:{}", path("r.json")), "--output", &format!("csv:{}", path("r.csv"))])
        .args(["--output", &format!("md:{}", path("r.md")), "--output", &format!("html:{}", path("r.html"))])
        .args(["--output", &format!("junit:{}", path("r.xml"))])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let table = String::from_utf8(out.stdout).unwrap();
    let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).unwrap();
    let shown = [("table", table), ("csv", read("r.csv")), ("markdown", read("r.md")), ("html", read("r.html"))];
    for (format, text) in shown.iter().chain([&("junit", read("r.xml"))]) {
        for bad in ['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}'] {
            assert!(!text.contains(bad), "{format}: {bad:?} reached the report");
        }
        // The id is still there, its hidden characters shown as U+FFFD (Markdown escapes `[`).
        let text = if *format == "markdown" { text.replace("\\[", "[") } else { text.clone() };
        assert!(text.contains("T-1\u{FFFD}[31m\u{FFFD}\u{FFFD}gnp.exe\u{FFFD}2J"), "{format}: id lost");
    }
    // The subject (an item value: Markdown, HTML and CSV show it) is cut at 200 characters in
    // the formats meant for reading: "Paie " (5) + U+FFFD (1) + "liaf" (4) + 190 x + "…".
    let cut = format!("Paie \u{FFFD}liaf{}…", "x".repeat(190));
    for (format, text) in &shown[2..] {
        assert!(text.contains(&cut), "{format}: subject not cut at 200 characters");
        assert!(!text.contains(&"x".repeat(191)), "{format}: more than 200 characters shown");
    }
    // CSV is data for spreadsheets: whole, with U+FFFD for the hidden characters.
    assert!(shown[1].1.contains(&format!("Paie \u{FFFD}liaf{}", "x".repeat(10_000))));
    // JSON keeps the data exact (serde_json writes the C0 controls as \u escapes).
    let report: serde_json::Value = serde_json::from_str(&read("r.json")).unwrap();
    let item = &report["commitments"][0]["items"][0];
    assert_eq!(item["subject"], id);
    assert_eq!(item["title"], subject.as_str());
}
