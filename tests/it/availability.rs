//! Availability and maintenance, end to end: the binary on the fixtures of each profile, JSON
//! values asserted against figures worked out by hand in the comments.

use serde_json::{json, Value};

use crate::helpers::{commitment, livret, notes, output, report};

/// Runs `livret audit --format json` with `args`; returns the exit code and the report.
fn audit(args: &[&str]) -> (i32, Value) {
    let (code, out, err) = output(livret().arg("audit").args(["--format", "json"]).args(args));
    (code, report(&out, &err))
}

#[test]
fn talentsoft_fixture() {
    let (code, r) =
        audit(&["-p", "talentsoft", "--downtime", "fixtures/talentsoft/downtime.csv", "--period", "2026-10"]);
    assert_eq!(code, 1);
    assert_eq!(r["inputs"][0]["rows"], json!(13));
    // Window 2026-05-01 → 2026-11-01. Counted: 45 (12 May) + 75 (third party, counts for
    // Talentsoft) + 40 (9 Sep, the nested 10-minute row adds nothing) + 20 (3 Oct, 08:00–08:20
    // after the Saturday window) + 210 (25 Oct across the DST change) + 25 (30 Oct restart past
    // 07:15) + 60 (31 Oct 23:00, still going at as-of 24:00) = 475.
    // Excluded planned inside windows: 90 + 30 + 90 + 10 + 45 + 15 = 280.
    // (259,200 − 475) / 259,200 = 99.816743…% → 99.8167 (4 decimals, half away from zero);
    // budget 1,296 − 475 = 821 left.
    let a = commitment(&r, "availability");
    assert_eq!(a["verdict"], "pass");
    assert_eq!(a["measured"]["reference_minutes"], json!(259_200));
    assert_eq!(a["measured"]["downtime_minutes"], json!(475));
    assert_eq!(a["measured"]["excluded_minutes"], json!({"planned": 280}));
    assert_eq!(a["measured"]["availability_pct"], json!(99.8167438271605)); // 258,725 / 259,200, unrounded
    assert_eq!(a["measured"]["allowed_downtime_minutes"], json!(1296.0));
    assert_eq!(a["measured"]["budget_left_minutes"], json!(821.0));
    assert_eq!(a["measured"]["ongoing"], json!(1));
    // maintenance.window: 3 Oct (20 min outside) and 30 Oct (25 min outside) fail.
    let w = commitment(&r, "maintenance.window");
    assert_eq!(w["verdict"], "fail");
    let outside: Vec<(String, Value)> = w["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["subject"].as_str().unwrap().to_string(), i["minutes_outside"].clone()))
        .collect();
    assert_eq!(
        outside,
        [
            ("2026-10-03T06:30:00+02:00".to_string(), json!(20)),
            ("2026-10-07T07:00:00+02:00".to_string(), json!(0)),
            ("2026-10-19T18:30:00+02:00".to_string(), json!(0)),
            ("2026-10-30T07:00:00+01:00".to_string(), json!(25)),
        ]
    );
    // maintenance.notice: 3 Oct announced 30 Sep 17:00 = 61.5 h (fail); 7 Oct none (warn);
    // 19 Oct 247.5 h; 30 Oct from 20 Oct 15:00 CEST = 232 h + 1 h gained on 25 Oct = 233 h.
    let n = commitment(&r, "maintenance.notice");
    assert_eq!(n["verdict"], "fail");
    let hours: Vec<Value> = n["items"].as_array().unwrap().iter().map(|i| i["notice_hours"].clone()).collect();
    assert_eq!(hours, [json!(61.5), Value::Null, json!(247.5), json!(233.0)]);
    let notes = notes(&r);
    assert!(notes.iter().any(|n| n.contains("1 row of environments other than production (1 staging)")));
    assert!(notes.iter().any(|n| n.starts_with("A1") && n.contains("100.18 %")));
    // A4: without exclusions D = 475 + 280 = 755 → 99.708 %, still a pass.
    assert!(notes.iter().any(|n| n.starts_with("A4") && n.contains("99.708 % (755 min down)")));
    assert!(notes.iter().any(|n| n.starts_with("A5") && n.contains("no verdict would change")));
}

#[test]
fn talentsoft_calendar_base() {
    // May–October 2026: 184 days × 1,440 + 60 (clocks went back) = 265,020 minutes.
    let (_, r) = audit(&[
        "-p",
        "talentsoft",
        "--downtime",
        "fixtures/talentsoft/downtime.csv",
        "--period",
        "2026-10",
        "--availability-base",
        "calendar",
    ]);
    let a = commitment(&r, "availability");
    assert_eq!(a["measured"]["reference_minutes"], json!(265_020));
    // (265,020 − 475) / 265,020 = 99.820768…%, unrounded in JSON.
    assert_eq!(a["measured"]["availability_pct"], json!(99.82076824390612));
}

#[test]
fn kmb_fixture_french_semicolons() {
    let (code, r) = audit(&["-p", "kmb-labs", "--downtime", "fixtures/kmb-labs/downtime.csv", "--period", "2026-10"]);
    assert_eq!(code, 1);
    // Counted: 120 (14 May) + 120 (Monday 12 Oct 03:00–05:00, outside Tue–Fri nights) + 30
    // (urgent maintenance counts for KMB) + 30 (27 Oct 11:00–11:30; 10:30–11:00 is also third
    // party, so excluded) = 300. Excluded planned 90 + 120 + 90 = 300; third party 180 + 60 = 240.
    // (259,200 − 300) / 259,200 = 99.884259…% → 99.8843.
    let a = commitment(&r, "availability");
    assert_eq!(a["measured"]["downtime_minutes"], json!(300));
    assert_eq!(a["measured"]["excluded_minutes"], json!({"planned": 300, "third-party": 240}));
    assert_eq!(a["measured"]["availability_pct"], json!(99.88425925925925)); // 258,900 / 259,200, unrounded
    let w = commitment(&r, "maintenance.window");
    assert_eq!(w["verdict"], "fail");
    assert_eq!(w["measured"]["failed"], json!(1));
    assert_eq!(w["items"][2]["subject"], "2026-10-12T03:00:00+02:00");
    assert_eq!(w["items"][2]["minutes_outside"], json!(120));
    let notes = notes(&r);
    // Read as Mon–Thu nights, 12 Oct is inside: D = 180 → 99.930 %; the window passes.
    let a3 = notes.iter().find(|n| n.starts_with("A3")).unwrap();
    assert!(a3.contains("availability 99.93 % (180 min down)"), "{a3}");
    assert!(a3.contains("the verdict of maintenance.window would change"), "{a3}");
    assert!(notes.iter().any(|n| n.contains("(1 recette)")));
}

#[test]
fn sprint_fixture() {
    let (code, r) =
        audit(&["-p", "sprint-open", "--downtime", "fixtures/sprint-open/downtime.csv", "--period", "2026-10"]);
    assert_eq!(code, 1);
    // PRT October 2026 = 22 working days × 780 = 17,160. TI: 14 Oct 105 + 27 Oct 08:00–08:30
    // (winter: the window ends 08:00 Paris) 30 + 29 Oct 19:30–20:00 30 = 165. Excluded in the
    // PRT: planned 6 Oct 07:00–08:30 (summer: window ends 09:00) 90 + 27 Oct 07:00–08:00 60 =
    // 150; urgent 20; customer side 60. TD = 16,995 / 17,160 = 99.038461…% → 99.0385 ≥ 99.
    let a = commitment(&r, "availability");
    assert_eq!(a["verdict"], "pass");
    let item = &a["items"][0];
    assert_eq!(item["subject"], "2026-10");
    assert_eq!(item["reference_minutes"], json!(17_160));
    assert_eq!(item["downtime_minutes"], json!(165));
    assert_eq!(
        item["excluded_minutes"],
        json!({"planned": 150, "urgent-maintenance": 20, "force-majeure": 0, "customer-side": 60, "out-of-scope": 0})
    );
    assert_eq!(item["availability_pct"], json!(99.03846153846155)); // 16,995 / 17,160, unrounded
    let w = commitment(&r, "maintenance.window");
    assert_eq!(w["verdict"], "fail");
    assert_eq!(w["measured"]["minutes_outside"], json!(30));
    // 27 Oct 06:30 announced 26 Oct 09:00 = 21.5 h < 48 h.
    let n = commitment(&r, "maintenance.notice");
    assert_eq!(n["verdict"], "fail");
    assert_eq!(n["items"][1]["notice_hours"], json!(21.5));
    // Sprint's formula is printed correctly: no A1 note.
    assert!(!notes(&r).iter().any(|n| n.starts_with("A1")));
}

#[test]
fn sprint_outage_on_a_holiday() {
    // November 2026: 20 working days × 780 = 15,600. 11 Nov (holiday) counts 0; Thu 12 Nov
    // 09:00–09:45 counts 45. TD = 15,555 / 15,600 = 99.711538…% → 99.7115.
    let (code, r) = audit(&[
        "-p",
        "sprint-open",
        "--downtime",
        "tests/data/availability/sprint_holiday.csv",
        "--period",
        "2026-11",
    ]);
    assert_eq!(code, 0);
    let item = &commitment(&r, "availability")["items"][0];
    assert_eq!(item["reference_minutes"], json!(15_600));
    assert_eq!(item["downtime_minutes"], json!(45));
    assert_eq!(item["availability_pct"], json!(99.71153846153847)); // 15,555 / 15,600, unrounded
}

#[test]
fn end_before_start_stops_the_audit() {
    let out = livret()
        .args(["audit", "-p", "kmb-labs", "--period", "2026-10"])
        .args(["--downtime", "tests/data/availability/end_before_start.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("end_before_start.csv:3: end before start in column `end` (column 2)"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn unknown_kind_skipped_with_skip_invalid() {
    let (code, r) = audit(&[
        "-p",
        "kmb-labs",
        "--period",
        "2026-10",
        "--skip-invalid",
        "--max-invalid",
        "1",
        "--downtime",
        "tests/data/availability/unknown_kind.csv",
    ]);
    assert_eq!(code, 0);
    assert_eq!(r["inputs"][0]["skipped"], json!(1));
    assert_eq!(r["inputs"][0]["skipped_by_reason"], json!({"unknown kind": 1}));
    // Only the 30-minute incident is left.
    assert_eq!(commitment(&r, "availability")["measured"]["downtime_minutes"], json!(30));
}

#[test]
fn check_validates_a_downtime_log() {
    let ok =
        livret().args(["check", "-p", "kmb-labs", "--downtime", "fixtures/kmb-labs/downtime.csv"]).output().unwrap();
    assert_eq!(ok.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("(downtime): 10 rows, 0 with problems"));
    let bad = livret()
        .args(["check", "-p", "kmb-labs", "--downtime", "tests/data/availability/unknown_kind.csv"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stdout).contains("unknown kind"));
}
