//! `response-time.average` end to end: the binary on the Talentsoft fixture.

use serde_json::Value;

use crate::helpers::{commitment, livret, output, report_or_null};

fn audit(args: &[&str]) -> (i32, Value) {
    let (code, out, _) = output(livret().args(args));
    (code, report_or_null(&out))
}

#[test]
fn october_2026_fails_in_amsterdam_and_passes_in_paris() {
    let (code, report) = audit(&[
        "audit",
        "--profile",
        "talentsoft",
        "--period",
        "2026-10",
        "--response-times",
        "fixtures/talentsoft/response_times.csv",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let input = &report["inputs"][0];
    assert_eq!(input["kind"], "response_times");
    assert_eq!(input["rows"], 1402);
    assert_eq!(input["skipped"], 0);
    let c = commitment(&report, "response-time.average");
    assert_eq!(c["verdict"], "fail");
    assert_eq!(c["measured"]["failed"], 1);
    let items = c["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    // amsterdam: Σ duration_ms = 309,206 over 700 requests → 441.722857… ms > 400, reported
    // unrounded: 309,206 / 700 as a double.
    assert_eq!(items[0]["subject"], "2026-10/amsterdam");
    assert_eq!(items[0]["verdict"], "fail");
    assert_eq!(items[0]["avg_ms"], 309_206.0 / 700.0);
    assert_eq!(items[0]["count"], 700);
    // paris: Σ = 229,685 over 700 → 328.121428… ms ≤ 400, unrounded.
    assert_eq!(items[1]["subject"], "2026-10/paris");
    assert_eq!(items[1]["verdict"], "pass");
    assert_eq!(items[1]["avg_ms"], 229_685.0 / 700.0);
    assert_eq!(items[1]["count"], 700);
    // Informative percentiles: nearest-rank p95 of amsterdam is 604 ms, of paris 451 ms; the
    // histogram gives its bucket's upper end, within 0.1 %.
    let p95 = items[0]["p95_ms"].as_f64().unwrap();
    assert!((604.0..=604.6).contains(&p95), "{p95}");
    let p95 = items[1]["p95_ms"].as_f64().unwrap();
    assert!((451.0..=451.5).contains(&p95), "{p95}");
    assert!(c["evidence"].as_str().unwrap().contains("worst 2026-10/amsterdam at 441.7 ms"));
    // The two November requests (local time) come after as-of (the period's end): left out,
    // and said so.
    let notes = report["notes"].as_array().unwrap();
    assert!(notes.iter().any(|n| n["text"].as_str().unwrap().contains("2 requests dated after as-of")));
}

#[test]
fn november_holds_the_request_of_23_30_utc_on_31_october() {
    // 2026-10-31T23:30:00Z is 00:30 on 1 November in Paris: 250 and 300 ms, one per centre.
    let (code, report) = audit(&[
        "audit",
        "--profile",
        "talentsoft",
        "--period",
        "2026-11",
        "--response-times",
        "fixtures/talentsoft/response_times.csv",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let items = commitment(&report, "response-time.average")["items"].as_array().unwrap().clone();
    let got: Vec<(String, f64)> =
        items.iter().map(|i| (i["subject"].as_str().unwrap().to_string(), i["avg_ms"].as_f64().unwrap())).collect();
    assert_eq!(got, [("2026-11/amsterdam".to_string(), 300.0), ("2026-11/paris".to_string(), 250.0)]);
}

#[test]
fn months_stay_the_profiles_whatever_the_timezone_flag() {
    // `--timezone UTC` only says how naive timestamps are read; months are Paris months
    // (SPEC §3.6, issue 5). The fixture's rows are RFC 3339, so the flag changes nothing:
    // paris' 2026-10-31T23:30:00Z (250 ms) is 00:30 on 1 November in Paris (CET, UTC+1) and
    // stays in November (bucketed in UTC it would be October and the paris item would vanish);
    // amsterdam's 2026-11-01T09:00+01:00 (300 ms) is November either way.
    let (code, report) = audit(&[
        "audit",
        "--profile",
        "talentsoft",
        "--period",
        "2026-11",
        "--timezone",
        "UTC",
        "--response-times",
        "fixtures/talentsoft/response_times.csv",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let items = commitment(&report, "response-time.average")["items"].as_array().unwrap().clone();
    let got: Vec<(String, f64)> =
        items.iter().map(|i| (i["subject"].as_str().unwrap().to_string(), i["avg_ms"].as_f64().unwrap())).collect();
    assert_eq!(got, [("2026-11/amsterdam".to_string(), 300.0), ("2026-11/paris".to_string(), 250.0)]);
}

#[test]
fn a_bad_row_stops_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("response_times.csv");
    std::fs::write(
        &path,
        "timestamp,datacenter,duration_ms\n2026-10-05T10:00:00Z,paris,120\n2026-10-05T10:00:01Z,paris,fast\n",
    )
    .unwrap();
    let out = livret()
        .args(["audit", "--profile", "talentsoft", "--period", "2026-10", "--response-times"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("response_times.csv:3: invalid duration in column `duration_ms` (column 3): value \"fast\""),
        "{err}"
    );
    // `livret check` lists the problem and exits 2; --skip-invalid audits the rest.
    let out = livret().args(["check", "-p", "talentsoft", "--response-times"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 × invalid duration"));
    let out = livret()
        .args([
            "audit",
            "--profile",
            "talentsoft",
            "--period",
            "2026-10",
            "--skip-invalid",
            "--max-invalid",
            "1",
            "--format",
            "json",
        ])
        .arg("--response-times")
        .arg(&path)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["inputs"][0]["skipped"], 1);
    assert_eq!(report["inputs"][0]["skipped_by_reason"]["invalid duration"], 1);
    assert_eq!(commitment(&report, "response-time.average")["items"][0]["avg_ms"], 120.0);
}

#[test]
fn a_pipe_is_read_once_with_the_same_result() {
    // Not a regular file: read sequentially through the CSV core. paris: (100 × 3 + 700) / 4
    // = 250 ms; amsterdam: 412,5 ms.
    let log = "timestamp;datacenter;duration_ms;count\n2026-10-05T10:00:00+02:00;paris;100;3\n\
               2026-10-06T10:00:00+02:00;paris;700;1\n2026-10-07T10:00:00+02:00;amsterdam;412,5;1\n";
    let out = livret()
        .args(["audit", "--profile", "talentsoft", "--period", "2026-10", "--format", "json"])
        .args(["--response-times", "/dev/stdin"])
        .write_stdin(log)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = commitment(&report, "response-time.average")["items"].as_array().unwrap().clone();
    assert_eq!(items[0]["subject"], "2026-10/amsterdam");
    assert_eq!(items[0]["avg_ms"], 412.5);
    assert_eq!(items[1]["avg_ms"], 250.0);
    assert_eq!(items[1]["count"], 4);
}

#[test]
fn a_period_before_the_log_is_not_audited() {
    // The fixture's requests are of October and November 2026: October 2025 has none, so the
    // commitment is not audited (never a pass on 0 requests). It is the only commitment these
    // inputs can audit, so nothing was audited: exit 2 (an audit that audits nothing).
    let (code, report) = audit(&[
        "audit",
        "--profile",
        "talentsoft",
        "--period",
        "2025-10",
        "--response-times",
        "fixtures/talentsoft/response_times.csv",
        "--format",
        "json",
    ]);
    assert_eq!(code, 2);
    let c = commitment(&report, "response-time.average");
    assert_eq!(c["verdict"], "not-audited");
    assert_eq!(c["evidence"], "no request in the period");
    assert_eq!(c["items"].as_array().unwrap().len(), 0);
}
