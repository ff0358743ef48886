//! The customer's probes (`--probes`), end to end: alone they measure the availability with
//! the same check as a downtime log; beside the vendor's log they find the downtime it does
//! not hold; time without probes is unknown, never available.

use std::fmt::Write as _;
use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use crate::helpers::{commitment, livret_at, output, report, NOW};

fn audit(args: &[&str]) -> (i32, Value) {
    let (code, out, err) = output(livret_at(NOW).args(["audit", "--format", "json", "--period", "2026-10"]).args(args));
    (code, report(&out, &err))
}

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A probe every 5 minutes over October 2026 in Paris (745 hours: the hour given back on the
/// 25th included), down in [down_from, down_to) UTC; `skip` drops the probes of a span.
fn probes(dir: &Path, down: (&str, &str), skip: Option<(&str, &str)>) -> String {
    let mut text = String::from("timestamp,status,response_ms\n");
    let mut at = t("2026-09-30T22:00:00Z");
    while at < t("2026-10-31T23:00:00Z") {
        let skipped = skip.is_some_and(|(a, b)| t(a) <= at && at < t(b));
        if !skipped {
            let is_down = t(down.0) <= at && at < t(down.1);
            writeln!(text, "{},{},{}", at.to_rfc3339(), if is_down { "503" } else { "200" }, 120).unwrap();
        }
        at += Duration::minutes(5);
    }
    let path = dir.join("probes.csv");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn availability(r: &Value) -> &Value {
    commitment(r, "availability")
}

#[test]
fn probes_alone_measure_what_the_same_downtime_log_measures() {
    // Sprint, October 2026 over its PRT: probes down 14 October 08:00–08:40 UTC (10:00–10:40
    // Paris, inside the PRT); the same interruption as a downtime log row.
    let dir = tempfile::tempdir().unwrap();
    let p = probes(dir.path(), ("2026-10-14T08:00:00Z", "2026-10-14T08:40:00Z"), None);
    let log = dir.path().join("downtime.csv");
    std::fs::write(
        &log,
        "start,end,kind,environment\n2026-10-14T08:00:00Z,2026-10-14T08:40:00Z,unplanned,production\n",
    )
    .unwrap();
    let (_, from_probes) = audit(&["-p", "sprint-open", "--probes", &p]);
    let (_, from_log) = audit(&["-p", "sprint-open", "--downtime", log.to_str().unwrap()]);
    let (a, b) = (availability(&from_probes), availability(&from_log));
    assert_eq!(a["measured"]["availability_pct"], b["measured"]["availability_pct"]);
    assert_eq!(a["items"], b["items"]);
    assert_eq!(a["verdict"], b["verdict"]);
    assert_eq!(a["measured"]["source"], "probes");
    assert_eq!(a["measured"]["unknown_minutes"], 0);
    // Maintenance cannot be judged from probes: they do not know what was planned.
    let m = from_probes["commitments"].as_array().unwrap().iter().find(|c| c["id"] == "maintenance.window").unwrap();
    assert_eq!(m["verdict"], "not-audited");
}

#[test]
fn probes_beside_the_log_find_unreported_downtime() {
    // Probes down 14 October 08:00–08:40 UTC (8 failed probes, up again at 08:40); the
    // vendor's log holds 08:00–08:20: 20 of the 40 minutes are unreported.
    let dir = tempfile::tempdir().unwrap();
    let p = probes(dir.path(), ("2026-10-14T08:00:00Z", "2026-10-14T08:40:00Z"), None);
    let log = dir.path().join("downtime.csv");
    std::fs::write(
        &log,
        "start,end,kind,environment\n2026-10-14T08:00:00Z,2026-10-14T08:20:00Z,unplanned,production\n",
    )
    .unwrap();
    let (_, r) = audit(&["-p", "sprint-open", "--probes", &p, "--downtime", log.to_str().unwrap()]);
    let probes = &r["probes"];
    assert_eq!(probes["availability_source"], "downtime");
    assert_eq!(probes["unreported"][0]["start"], "2026-10-14T10:00:00+02:00");
    assert_eq!(probes["unreported"][0]["minutes"], 40);
    assert_eq!(probes["unreported"][0]["minutes_in_question"], 20);
    let notes: Vec<&str> = r["notes"].as_array().unwrap().iter().map(|n| n["text"].as_str().unwrap()).collect();
    assert!(notes.iter().any(|n| n.contains("20 min of downtime the vendor's log does not hold")), "{notes:?}");
}

#[test]
fn time_without_probes_is_never_available() {
    // Talentsoft measures six months (May–October); the probes cover October only, with no
    // probe on 20 October 08:00–10:00 UTC (120 min). May–September and that gap are unknown:
    // counted as down, the six months fail; counted as up, they pass: not certain → open.
    let dir = tempfile::tempdir().unwrap();
    let p = probes(
        dir.path(),
        ("2026-10-14T08:00:00Z", "2026-10-14T08:40:00Z"),
        Some(("2026-10-20T08:00:00Z", "2026-10-20T10:00:00Z")),
    );
    let (_, r) = audit(&["-p", "talentsoft", "--probes", &p]);
    let a = availability(&r);
    assert_eq!(a["verdict"], "open");
    // 1 May 00:00 CEST → 1 October 00:00 CEST is 153 days = 220,320 min; the gap runs from
    // the last probe before it (07:55) to the first after (10:00): 125 min.
    assert_eq!(a["measured"]["unknown_minutes"], 220_320 + 125);
    assert_eq!(r["probes"]["unknown_minutes"], 220_320 + 125);
    assert!(a["evidence"].as_str().unwrap().contains("decide it"), "{a}");
}

#[test]
fn explain_availability_shows_both_sources() {
    // Issue 17 item 4: with probes beside the log, `explain availability` lists the probes'
    // interruption (14 October 08:00–08:40 UTC, 40 min) and the 20 minutes of it the vendor's
    // log (08:00–08:20) does not hold, beside the log's own intervals.
    let dir = tempfile::tempdir().unwrap();
    let p = probes(dir.path(), ("2026-10-14T08:00:00Z", "2026-10-14T08:40:00Z"), None);
    let log = dir.path().join("downtime.csv");
    std::fs::write(
        &log,
        "start,end,kind,environment\n2026-10-14T08:00:00Z,2026-10-14T08:20:00Z,unplanned,production\n",
    )
    .unwrap();
    let out = livret_at(NOW)
        .args(["explain", "availability", "-p", "sprint-open", "--period", "2026-10", "--format", "json"])
        .args(["--probes", &p, "--downtime", log.to_str().unwrap()])
        .output()
        .unwrap();
    let e: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|err| panic!("not JSON ({err}): {}", String::from_utf8_lossy(&out.stderr)));
    let tables: Vec<&Value> =
        e["parts"].as_array().unwrap().iter().flat_map(|p| p["tables"].as_array().unwrap()).collect();
    let probes = tables.iter().find(|t| t["title"] == "the customer's probes").expect("a probes table");
    let rows = probes["rows"].as_array().unwrap();
    assert!(rows.iter().any(|r| r[0] == "probes: down" && r[3] == 40), "{probes}");
    assert!(rows.iter().any(|r| r[0] == "not in the vendor's log" && r[4] == 20), "{probes}");
}
