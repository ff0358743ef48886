//! PreventCare monitoring (SPEC §3.7) on `fixtures/preventcare/`, with alert files from
//! `tests/data/monitoring/`. Figures computed by hand from the fixture.

use serde_json::Value;

use crate::helpers::{commitment, livret, output, report};

fn audit(args: &[&str]) -> (Value, i32) {
    let (code, out, err) = output(
        livret().args(["audit", "--profile", "preventcare", "--period", "2026-10", "--format", "json"]).args(args),
    );
    (report(&out, &err), code)
}

#[test]
fn a_25_minute_disk_time_breach_with_its_alert() {
    // SRV-SQL01 disk time 96–99 % from 10:00 to 10:24 (25 one-minute samples) ≥ 20 min:
    // due 10:00 + 20 + 1 = 10:21; the alert at 10:23 is within 5 min: pass.
    let (r, code) = audit(&["--dir", "fixtures/preventcare"]);
    assert_eq!(code, 1, "the CPU episode has no alert");
    let c = commitment(&r, "monitor.threshold.disk-time");
    assert_eq!(c["verdict"], "pass");
    let item = &c["items"][0];
    assert_eq!(item["subject"], "SRV-SQL01 2026-10-14T10:00");
    assert_eq!(item["measured_minutes"], 25);
    assert_eq!(item["due_at"], "2026-10-14T10:21:00+02:00");
    assert_eq!(item["alert_at"], "2026-10-14T10:23:00+02:00");
    // SRV-APP01 CPU 97.5 % 10:40–11:04 (25 min) → due 11:01, no alert by 11:06: missed.
    let cpu = commitment(&r, "monitor.threshold.cpu");
    assert_eq!(cpu["verdict"], "fail");
    assert_eq!(cpu["measured"]["missed"], 1);
    // SRV-AD01 committed bytes 93 % for 8 min < 10: no episode.
    assert_eq!(commitment(&r, "monitor.threshold.committed-bytes")["measured"]["items"], 0);
    // D: of SRV-SQL01 at 7.5 % at the 03:00 check, alerted 03:02.
    assert_eq!(commitment(&r, "monitor.threshold.disk-free")["items"][0]["subject"], "SRV-SQL01/D: 2026-10-14T03:00");
    // Latency 650 ms 11:12–11:14 → due 11:13, alert 11:15: pass.
    assert_eq!(commitment(&r, "monitor.threshold.latency")["verdict"], "pass");
}

#[test]
fn the_same_breach_without_alert_is_missed() {
    let (r, _) = audit(&["--dir", "fixtures/preventcare", "--alerts", "tests/data/monitoring/alerts-no-disk-time.csv"]);
    let c = commitment(&r, "monitor.threshold.disk-time");
    assert_eq!(c["verdict"], "fail");
    assert_eq!(c["items"][0]["alert_at"], Value::Null);
}

#[test]
fn a_70_minute_heartbeat_gap() {
    // SRV-AD01 heartbeats 09:00 then 10:10: 70 min > 60 + 5 → a major alert due 10:05, by
    // 10:10; the `majeur` alert at 10:07 meets it. The export ends at 15:00 for all three
    // hosts: as of 16:08 each trailing gap is 68 min > 65, due 16:05, by 16:10 (after
    // as-of): 3 open items, nothing missed yet, and October not over at as-of → open (a
    // pass so far that the rest of the month may still change).
    let (r, _) = audit(&["--dir", "fixtures/preventcare", "--as-of", "2026-10-14 16:08"]);
    let c = commitment(&r, "monitor.heartbeat");
    assert_eq!(c["verdict"], "open");
    let items = c["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    let ad01 = items.iter().find(|i| i["subject"] == "SRV-AD01 2026-10-14T09:00").unwrap();
    assert_eq!(ad01["measured_minutes"], 70);
    assert_eq!(ad01["due_at"], "2026-10-14T10:05:00+02:00");
    assert_eq!(ad01["verdict"], "pass");
    assert_eq!(c["measured"]["open"], 3);
    // As of the period's end the three hosts went silent at 15:00 and no alert came by
    // 16:10: 3 of 4 gaps missed (each 14 Oct 13:00 UTC → 31 Oct 23:00 UTC = 25,080 min).
    let (r, _) = audit(&["--dir", "fixtures/preventcare"]);
    let c = commitment(&r, "monitor.heartbeat");
    assert_eq!(c["verdict"], "fail");
    assert_eq!((c["measured"]["items"].as_u64(), c["measured"]["missed"].as_u64()), (Some(4), Some(3)));
    let sql = c["items"].as_array().unwrap().iter().find(|i| i["subject"] == "SRV-SQL01 2026-10-14T15:00").unwrap();
    assert_eq!(sql["measured_minutes"], 25_080);
    assert_eq!(sql["due_at"], "2026-10-14T16:05:00+02:00");
    // The same alert filed as `mineur` is not the major alert the booklet promises.
    let (r, _) = audit(&[
        "--dir",
        "fixtures/preventcare",
        "--as-of",
        "2026-10-14 16:08",
        "--alerts",
        "tests/data/monitoring/alerts-minor-heartbeat.csv",
    ]);
    assert_eq!(commitment(&r, "monitor.heartbeat")["verdict"], "fail");
}

#[test]
fn visits_per_calendar_year() {
    // 3 hosts in the metrics → 2 + 2 = 4 visits in 2026; 3 so far and the year is not over: open.
    let (r, _) = audit(&["--dir", "fixtures/preventcare"]);
    let c = commitment(&r, "visits.count");
    assert_eq!(c["verdict"], "open");
    assert_eq!(c["measured"]["required_per_year"], 4);
    // --servers 1 → 2 visits: pass. Over the whole of 2025 (2 visits, 1 server): pass.
    let (r, _) = audit(&["--dir", "fixtures/preventcare", "--servers", "1"]);
    assert_eq!(commitment(&r, "visits.count")["verdict"], "pass");
    let out = livret()
        .args(["audit", "--profile", "preventcare", "--period", "2025", "--format", "json"])
        .args(["--visits", "fixtures/preventcare/visits.csv", "--servers", "2"])
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    // 2 servers → 3 visits; 2025 had 2 and is over: fail.
    assert_eq!(commitment(&r, "visits.count")["verdict"], "fail");
}

#[test]
fn check_validates_monitoring_inputs() {
    let out = livret().args(["check", "-p", "preventcare", "--dir", "fixtures/preventcare"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let bad = std::env::temp_dir().join(format!("livret-bad-metrics-{}.csv", std::process::id()));
    std::fs::write(&bad, "timestamp,host,counter,value\n2026-10-14 10:00,SRV1,disk_temp,3\n").unwrap();
    let out = livret().args(["audit", "--profile", "preventcare", "--metrics"]).arg(&bad).output().unwrap();
    std::fs::remove_file(&bad).ok();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(":2: unknown counter") && err.contains("disk_temp"), "{err}");
}

#[test]
fn backup_review_with_the_backup_log() {
    // SRV-SQL01 daily backups in October: failed on the 6th, partial on the 13th, none on the
    // 20th → 3 days to review. Alerts: 7 Oct 08:15 (covers the 6th: by the end of the next
    // day), 21 Oct 08:40 (covers the 20th); nothing for the 13th → 1 of 3 missed: fail.
    let (r, _) = audit(&[
        "--backups",
        "tests/data/monitoring/backups.csv",
        "--alerts",
        "tests/data/monitoring/alerts-backups.csv",
    ]);
    let c = commitment(&r, "monitor.backup-review");
    assert_eq!(c["verdict"], "fail");
    let items = c["items"].as_array().unwrap();
    let subjects: Vec<&str> = items.iter().map(|i| i["subject"].as_str().unwrap()).collect();
    assert_eq!(subjects, ["2026-10-06/SRV-SQL01", "2026-10-13/SRV-SQL01", "2026-10-20/SRV-SQL01"]);
    let outcomes: Vec<&str> = items.iter().map(|i| i["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["failed", "partial", "missing"]);
    assert_eq!(items[1]["verdict"], "fail");
    assert_eq!(c["measured"]["missed"], 1);
}
