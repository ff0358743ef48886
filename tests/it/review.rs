//! Reviews over time (`--by month|quarter`): each sub-period is judged exactly as an audit of
//! that sub-period alone, for every fixture folder; the matrix in each format.

use serde_json::Value;

use crate::helpers;

fn run(args: &[&str]) -> (i32, String) {
    let (code, out, _) = helpers::run(args);
    (code, out)
}

fn json(args: &[&str]) -> Value {
    let (_, out) = run(args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

#[test]
fn each_month_is_judged_as_its_own_audit_for_every_fixture() {
    for (profile, dir) in [
        ("talentsoft", "fixtures/talentsoft"),
        ("kmb-labs", "fixtures/kmb-labs"),
        ("sprint-open", "fixtures/sprint-open"),
        ("preventcare", "fixtures/preventcare"),
    ] {
        let quarter =
            json(&["audit", "--format", "json", "-p", profile, "--dir", dir, "--period", "2026-Q4", "--by", "month"]);
        let periods = quarter["breakdown"]["periods"].as_array().unwrap();
        let labels: Vec<&str> = periods.iter().map(|p| p["label"].as_str().unwrap()).collect();
        assert_eq!(labels, ["2026-10", "2026-11", "2026-12"], "{profile}");
        for p in periods {
            let month = p["label"].as_str().unwrap();
            let alone = json(&["audit", "--format", "json", "-p", profile, "--dir", dir, "--period", month]);
            assert_eq!(p["period"], alone["period"], "{profile} {month}");
            assert_eq!(p["verdict"], alone["verdict"], "{profile} {month}");
            assert_eq!(p["commitments"], alone["commitments"], "{profile} {month}: findings differ");
            assert_eq!(p["notes"], alone["notes"], "{profile} {month}: notes differ");
        }
        // The whole quarter is still audited as one period.
        let plain = json(&["audit", "--format", "json", "-p", profile, "--dir", dir, "--period", "2026-Q4"]);
        assert_eq!(quarter["commitments"], plain["commitments"], "{profile}");
    }
}

#[test]
fn months_not_begun_are_shown_without_a_verdict() {
    // 2026 by quarter on 3 December: Q1–Q4 have all begun; 2026 by month has twelve months.
    let r = json(&[
        "audit",
        "--format",
        "json",
        "-p",
        "talentsoft",
        "--dir",
        "fixtures/talentsoft",
        "--period",
        "2026",
        "--by",
        "quarter",
    ]);
    let labels: Vec<&str> =
        r["breakdown"]["periods"].as_array().unwrap().iter().map(|p| p["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
    assert_eq!(r["breakdown"]["periods"][3]["period"]["complete"], false);
    // A past as-of in October: November and December had not begun.
    let r = json(&[
        "audit",
        "--format",
        "json",
        "-p",
        "talentsoft",
        "--dir",
        "fixtures/talentsoft",
        "--period",
        "2026-Q4",
        "--by",
        "month",
        "--as-of",
        "2026-10-20",
    ]);
    let periods = r["breakdown"]["periods"].as_array().unwrap();
    assert_eq!(periods[0]["period"]["as_of"], "2026-10-20T00:00:00+02:00");
    assert_eq!(periods[1]["verdict"], Value::Null);
    assert_eq!(periods[2]["commitments"], serde_json::json!([]));
}

#[test]
fn every_format_shows_the_matrix() {
    for (format, needle) in [
        ("table", "by month:"),
        ("markdown", "| Commitment | 2026-10 | 2026-11 | 2026-12 | Whole period |"),
        ("csv", "commitment,profile,clause,target,2026-10,2026-11,2026-12,whole_period"),
        ("html", "href=\"#by-2026-10-availability\""),
    ] {
        let (_, out) = run(&[
            "audit",
            "-p",
            "talentsoft",
            "--dir",
            "fixtures/talentsoft",
            "--period",
            "2026-Q4",
            "--by",
            "month",
            "--format",
            format,
        ]);
        assert!(out.contains(needle), "{format}: {out}");
    }
}
