//! Bad input never passes silently (SPEC §2): each case stops the audit with exit code 2, no
//! report on stdout, and a message naming the file, the line, the column, the value and what
//! was expected. With --skip-invalid the same rows are skipped and counted per reason.

use serde_json::Value;

use crate::helpers::{file, livret, output};

/// Runs an audit of `path` as tickets; returns (exit code, stdout, stderr).
fn audit_tickets(path: &std::path::Path, extra: &[&str]) -> (i32, String, String) {
    output(
        livret()
            .args(["audit", "--profile", "talentsoft", "--period", "2026-10", "--format", "json", "--tickets"])
            .arg(path)
            .args(extra),
    )
}

fn assert_input_error(body: &str, wants: &[&str]) {
    let (_dir, path) = file("tickets.csv", body);
    let (code, stdout, stderr) = audit_tickets(&path, &[]);
    assert_eq!(code, 2, "stderr: {stderr}");
    assert!(stdout.is_empty(), "no partial verdict, got {stdout}");
    let shown = path.display().to_string();
    assert!(stderr.contains(&shown), "names the file: {stderr}");
    for w in wants {
        assert!(stderr.contains(w), "expected `{w}` in: {stderr}");
    }
}

const HEADER: &str = "ticket_id,timestamp,status,severity\n";

#[test]
fn missing_required_column() {
    assert_input_error(
        "ticket_id,status,severity\nT-1,New,Major\n",
        &[":1:", "missing required column", "`timestamp`"],
    );
}

#[test]
fn unknown_status() {
    let body = format!("{HEADER}T-1,2026-10-05 09:00,New,Major\nT-1,2026-10-05 10:00,Reopened,\n");
    assert_input_error(&body, &[":3:", "unknown status", "`status` (column 3)", "\"Reopened\"", "--status-map"]);
}

#[test]
fn unparsable_timestamp() {
    let body = format!("{HEADER}T-1,2026-10-05 09:00,New,Major\nT-1,05/13/2026 10:00,Solved,\n");
    assert_input_error(&body, &[":3:", "invalid timestamp", "`timestamp` (column 2)", "\"05/13/2026 10:00\""]);
}

#[test]
fn nonexistent_local_time() {
    // 2026-03-29 02:30 does not exist in Paris: clocks jump from 02:00 to 03:00.
    let body = format!("{HEADER}T-1,2026-03-29 02:30,New,Major\n");
    assert_input_error(&body, &[":2:", "nonexistent local time", "\"2026-03-29 02:30\"", "Europe/Paris"]);
}

#[test]
fn wrong_field_count() {
    let body = format!("{HEADER}T-1,2026-10-05 09:00,New,Major\nT-1,2026-10-05 10:00,Solved\n");
    assert_input_error(&body, &[":3:", "wrong number of fields", "3 fields", "expected 4 fields"]);
}

#[test]
fn empty_file() {
    assert_input_error("", &["empty file", "header row"]);
}

#[test]
fn unknown_severity() {
    let body = format!("{HEADER}T-1,2026-10-05 09:00,New,Urgentissime\n");
    assert_input_error(&body, &[":2:", "unknown severity", "\"Urgentissime\""]);
}

#[test]
fn ticket_without_severity() {
    let body = "ticket_id,timestamp,status\nT-9,2026-10-05 09:00,New\nT-9,2026-10-05 10:00,Solved\n";
    assert_input_error(body, &[":2:", "ticket T-9 has no severity", "--default-severity"]);
    // With a default severity the ticket is audited: 60 minutes, within any target.
    let (_dir, path) = file("tickets.csv", body);
    let (code, stdout, _) = audit_tickets(&path, &["--default-severity", "minor"]);
    assert_eq!(code, 0);
    let r: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(r["commitments"][2]["items"][0]["measured_minutes"], 60);
}

#[test]
fn a_directory_given_as_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = audit_tickets(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains(&dir.path().display().to_string()) && stderr.contains("is a directory"), "{stderr}");
}

#[test]
fn missing_file() {
    let (code, _, stderr) = audit_tickets(std::path::Path::new("no/such/tickets.csv"), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no/such/tickets.csv") && stderr.contains("cannot read"), "{stderr}");
}

#[test]
fn skip_invalid_counts_rows_per_reason() {
    let body = format!(
        "{HEADER}T-1,2026-10-05 09:00,New,Major\nT-1,2026-10-05 10:00,Reopened,\nT-1,yesterday,Open,\n\
         T-1,2026-10-05 11:00,Solved,\nT-2,2026-10-06 09:00,New,Minor,extra\n"
    );
    let (_dir, path) = file("tickets.csv", &body);
    let (code, stdout, stderr) = audit_tickets(&path, &["--skip-invalid", "--max-invalid", "3"]);
    assert_eq!(code, 0, "{stderr}");
    let r: Value = serde_json::from_str(&stdout).unwrap();
    let input = &r["inputs"][0];
    assert_eq!(input["rows"], 5);
    assert_eq!(input["skipped"], 3);
    assert_eq!(input["skipped_by_reason"]["unknown status"], 1);
    assert_eq!(input["skipped_by_reason"]["invalid timestamp"], 1);
    assert_eq!(input["skipped_by_reason"]["wrong number of fields"], 1);
    // T-1 keeps its valid rows: New 09:00 → Solved 11:00 = 120 minutes.
    assert_eq!(r["commitments"][1]["items"][0]["measured_minutes"], 120);
}

#[test]
fn rows_out_of_order_give_the_same_answer() {
    // The same ticket with its rows shuffled: sorted before folding (second pass).
    let sorted = format!("{HEADER}T-1,2026-10-05 09:00,New,Major\nT-1,2026-10-05 10:00,Pending,\nT-1,2026-10-06 10:00,Open,\nT-1,2026-10-06 12:00,Solved,\n");
    let shuffled = format!("{HEADER}T-1,2026-10-06 12:00,Solved,\nT-1,2026-10-05 10:00,Pending,\nT-1,2026-10-05 09:00,New,Major\nT-1,2026-10-06 10:00,Open,\n");
    let mut results = Vec::new();
    for body in [sorted, shuffled] {
        let (_dir, path) = file("tickets.csv", &body);
        let (code, stdout, stderr) = audit_tickets(&path, &[]);
        assert_eq!(code, 0, "{stderr}");
        let r: Value = serde_json::from_str(&stdout).unwrap();
        results.push(r["commitments"][1]["items"][0].clone());
    }
    // 09:00–10:00 (60) + pending + 10:00–12:00 (120) = 180.
    assert_eq!(results[0]["measured_minutes"], 180);
    assert_eq!(results[0], results[1]);
}

#[test]
fn usage_errors_exit_2() {
    let out = livret().args(["audit", "--profile", "nope", "--period", "2026-10"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown profile `nope`"));
    let out = livret()
        .args(["audit", "--profile", "talentsoft", "--period", "2026-13", "--dir", "fixtures/talentsoft"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = livret().args(["audit", "--bogus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bad_output_path_fails_before_reading() {
    let out = livret()
        .args(["audit", "--profile", "talentsoft", "--period", "2026-10", "--tickets", "no/such/file.csv"])
        .args(["--output", "/no/such/dir/report.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/no/such/dir/report.json"), "the output is checked first: {stderr}");
}

#[test]
fn check_lists_every_problem() {
    let body = format!("{HEADER}T-1,2026-10-05 09:00,New,Major\nT-1,2026-10-05 10:00,Reopened,\nT-1,bad,Open,\n");
    let (_dir, path) = file("tickets.csv", &body);
    let out = livret().args(["check", "-p", "talentsoft", "--tickets"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("3 rows, 2 with problems"), "{text}");
    assert!(text.contains(":3: unknown status") && text.contains(":4: invalid timestamp"), "{text}");
    let out = livret().args(["check", "-p", "kmb-labs", "--dir", "fixtures/kmb-labs"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}

/// Regression: the delimiter sniffing opened the file a second time, so a pipe lost its first
/// 64 KiB to the sniffer and the audit silently saw fewer rows.
#[test]
fn a_pipe_is_read_once_and_completely() {
    let bin = assert_cmd::cargo::cargo_bin("livret");
    let script = format!(
        "{} audit --profile talentsoft --period 2026-10 --format json --tickets <(cat fixtures/talentsoft/tickets.csv)",
        bin.display()
    );
    let out = std::process::Command::new("bash").args(["-c", &script]).output().unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = std::fs::read_to_string("fixtures/talentsoft/tickets.csv").unwrap();
    assert_eq!(r["inputs"][0]["rows"].as_u64().unwrap() as usize, file.lines().count() - 1);
    assert_eq!(r["commitments"][0]["measured"]["items"], 6);
}

/// Regression: the csv crate counts lines one short in CRLF files (Windows exports), so
/// errors named the line above the bad row.
#[test]
fn crlf_files_report_the_right_line() {
    let body =
        "ticket_id,timestamp,status,severity\r\nT-1,2026-10-05 09:00,New,Major\r\nT-1,2026-10-05 10:00,bogus,\r\n";
    assert_input_error(body, &[":3:", "unknown status", "\"bogus\""]);
    let body = "ticket_id,timestamp,status,severity\r\nT-1,2026-10-05 09:00,New,Major\r\nT-1,2026-10-05 10:00\r\n";
    assert_input_error(body, &[":3:", "wrong number of fields"]);
}

#[test]
fn nothing_audited_is_not_a_pass() {
    // No input at all: a usage error.
    let out = livret().args(["audit", "--profile", "talentsoft", "--period", "2026-10"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no input given"));
    // KMB Labs has no response-time commitment: nothing can be audited with that input alone.
    let (_dir, path) = file("rt.csv", "timestamp,duration_ms\n2026-10-05 09:00,120\n");
    let out = livret()
        .args(["audit", "--profile", "kmb-labs", "--period", "2026-10", "--format", "json", "--response-times"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["verdict"], "not-audited");
    assert!(r["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["text"].as_str().unwrap().starts_with("--response-times: the kmb-labs profile")));
}

#[test]
fn control_characters_in_a_bad_value_are_escaped_in_messages() {
    // An ESC (terminal escape sequences) and a BEL in an unknown status: the error names the
    // value with both written as escapes, in the audit's message and in `check`'s listing.
    let (_dir, path) = file("tickets.csv", "ticket_id,timestamp,status\nB,2026-10-05 09:00,n\u{1b}]0;x\u{7}ew\n");
    let (code, _, stderr) = audit_tickets(&path, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains(r#"value "n\u{1b}]0;x\u{7}ew""#), "{stderr}");
    assert!(!stderr.contains('\u{1b}') && !stderr.contains('\u{7}'), "{stderr:?}");
    let out = livret().args(["check", "-p", "talentsoft", "--tickets"]).arg(&path).output().unwrap();
    let listing = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2));
    assert!(listing.contains(r#"value "n\u{1b}]0;x\u{7}ew""#), "{listing}");
    assert!(!listing.contains('\u{1b}'), "{listing:?}");
}

#[test]
fn control_characters_reach_no_terminal_through_explain_markdown_or_contracts() {
    // An ESC sequence in a ticket id and an OSC + BEL in its subject; the same in a contract's
    // name and hours. explain, markdown and the contract's problems show them escaped (or as
    // U+FFFD in markdown), never raw.
    let (_dir, path) = file(
        "tickets.csv",
        "ticket_id,timestamp,status,priority,subject\nT-1\u{1b}[31mX,2026-10-05 09:00,new,1,Sub \u{1b}]0;PWN\u{7} end\n",
    );
    let run = |args: &[&str]| {
        let out = livret().args(args).output().unwrap();
        (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let p = path.to_str().unwrap();
    let (explain, _) = run(&[
        "explain",
        "ticket",
        "T-1\u{1b}[31mX",
        "--profile",
        "sprint-open",
        "--period",
        "2026-10",
        "--tickets",
        p,
    ]);
    assert!(explain.contains("\nticket T-1\\u{1b}[31mX — Sub \\u{1b}]0;PWN\\u{7} end\n"), "{explain:?}");
    assert!(!explain.contains('\u{1b}'), "{explain:?}");
    let (markdown, _) = run(&[
        "audit",
        "--profile",
        "sprint-open",
        "--period",
        "2026-10",
        "--tickets",
        p,
        "--format",
        "markdown",
        "--detail",
    ]);
    assert!(markdown.contains("T-1\u{FFFD}\\[31mX"), "{markdown}");
    let dir2 = tempfile::tempdir().unwrap();
    let contract = dir2.path().join("c.toml");
    std::fs::write(&contract, "extends = \"talentsoft\"\n[support]\nbusiness_hours = \"\\u001b[2J\"\n").unwrap();
    let (_, err) = run(&["profiles", "show", "--contract", contract.to_str().unwrap()]);
    assert!(err.contains(r#"line 3: support.business_hours: invalid hours "\u{1b}[2J""#), "{err}");
    for text in [&explain, &markdown, &err] {
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{text:?}");
    }
}
