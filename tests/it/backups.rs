//! Backups and purges on the bundled fixtures, end to end (SPEC §3.4, §3.5): the binary's
//! JSON report against values worked out by hand. October 2026 in Paris: CEST (UTC+2) until
//! Sunday 25 October 03:00, CET (UTC+1) after; the period ends (and as-of is) 2026-11-01
//! 00:00 CET = 2026-10-31T23:00Z. Days are 24 h of elapsed time, months calendar months.

use serde_json::Value;

use crate::helpers::{commitment, item, livret, notes, output, report_or_null};

fn run(args: &[&str]) -> (i32, Value, String) {
    let (code, out, err) = output(livret().arg("audit").args(args).args(["--format", "json"]));
    (code, report_or_null(&out), err)
}

fn audit(profile: &str, period: &str, backups: &str, purges: Option<&str>) -> (i32, Value) {
    let mut args = vec!["--profile", profile, "--period", period, "--backups", backups];
    if let Some(p) = purges {
        args.extend(["--purges", p]);
    }
    let (code, json, stderr) = run(&args);
    assert!(json.is_object(), "not JSON: {stderr}");
    (code, json)
}

fn fixture(profile: &str) -> (i32, Value) {
    let b = format!("fixtures/{profile}/backups.csv");
    let p = format!("fixtures/{profile}/purges.csv");
    audit(profile, "2026-10", &b, Some(&p))
}

#[test]
fn talentsoft_backups() {
    let (code, r) = fixture("talentsoft");
    assert_eq!(code, 1);
    let daily = commitment(&r, "backup.daily.frequency");
    assert_eq!(daily["verdict"], "fail");
    // 31 days × 2 databases = 62 database-days checked; only talent-main on the 12th has no
    // success: 61 passed, 1 missing, and the missing day is the only item (SPEC §3.4).
    assert_eq!(daily["measured"]["checked"], 62);
    assert_eq!(daily["measured"]["passed"], 61);
    assert_eq!(daily["measured"]["missing"], 1);
    assert_eq!(daily["measured"]["items"], 1);
    assert_eq!(item(daily, "2026-10-12/talent-main")["verdict"], "fail");
    assert!(daily["evidence"].as_str().unwrap().contains(
        "no successful daily backup on 2026-10-12 (database talent-main): 2 failed attempts, 01:00 and 03:10"
    ));
    // talent-docs' only backup for the 12th is 2026-10-11T23:30:00Z = 12 Oct 01:30 CEST: that
    // day passes, so it is no item (only talent-main's 12th is missing).
    assert!(daily["items"].as_array().unwrap().iter().all(|i| i["subject"] != "2026-10-12/talent-docs"));

    let ret = commitment(&r, "backup.daily.retention");
    assert_eq!(ret["verdict"], "fail");
    // Taken 11 Sep 01:00 CEST, deleted 10 Oct 01:00 CEST: 29 × 24 h < 30 days.
    let early = item(ret, "2026-09-11/talent-main");
    assert_eq!(early["verdict"], "fail");
    assert_eq!(early["kept_days"], 29.0);
    assert_eq!(early["retention_until"], "2026-10-11T01:00:00+02:00");
    // Taken 21 Sep 01:00 CEST (20 Sep 23:00Z), never deleted: 41 days at as-of (31 Oct
    // 23:00Z), 11 past the 30-day retention > 7 → warn.
    let late = item(ret, "2026-09-21/talent-main");
    assert_eq!(late["verdict"], "warn");
    assert_eq!(late["kept_days"], 41.0);
    assert_eq!(ret["measured"]["kept_too_long"], 1);
    // Unsuccessful rows are listed, never judged: 2 failed on the 12th, 1 partial on the 20th.
    assert_eq!(ret["measured"]["not_judged"]["failed"], 2);
    assert_eq!(ret["measured"]["not_judged"]["partial"], 1);
    assert!(ret["evidence"].as_str().unwrap().contains("not judged (not successful): failed 2026-10-12 01:00"));

    // Monthly: 1 Oct 03:00 for both databases; the copies of 1 Oct 2025 were deleted
    // 1 Oct 2026 06:00, 12 calendar months + 3 h later → pass.
    assert_eq!(commitment(&r, "backup.monthly.frequency")["verdict"], "pass");
    let mret = commitment(&r, "backup.monthly.retention");
    assert_eq!(mret["verdict"], "pass");
    assert_eq!(item(mret, "2025-10-01/talent-main")["kept_days"], 365.125); // 365 days 3 h, unrounded
                                                                            // Three recette rows are ignored and said so.
    assert!(notes(&r).iter().any(|n| n.contains("3 rows of test environments (recette: 3) ignored")));
}

#[test]
fn talentsoft_purges() {
    let (_, r) = fixture("talentsoft");
    let sys = commitment(&r, "purge.system-log");
    assert_eq!(sys["verdict"], "fail");
    // Run of 11 Oct 04:00 keeps from 13 Jul 04:00 (90 days); no run on the 12th and 13th, the
    // next on 14 Oct 04:00: 13 Jul → 14 Oct = 93 days > 90 + 1.
    let gap = item(sys, "2026-10-11T04:00:00+02:00");
    assert_eq!(gap["verdict"], "fail");
    assert_eq!(gap["max_age_days"], 93.0);
    assert_eq!(gap["limit_days"], 91.0);
    assert_eq!(sys["measured"]["max_age_days"], 93.0);
    // 29 runs in October (31 − 2), plus the run of 30 Sep whose age is reached on 1 Oct.
    assert_eq!(sys["measured"]["runs"], 29);
    assert_eq!(sys["measured"]["items"], 30);
    assert_eq!(item(sys, "2026-09-30T04:00:00+02:00")["before_period"], true);

    let app = commitment(&r, "purge.application-log");
    assert_eq!(app["verdict"], "fail");
    // Run of 20 Oct 04:30 deleted records up to 3 Apr 04:30: 200 days < 1 year.
    let young = item(app, "2026-10-20T04:30:00+02:00");
    assert_eq!(young["verdict"], "fail");
    assert_eq!(young["newest_purged_age_days"], 200.0);
    assert!(app["evidence"].as_str().unwrap().contains("destroyed data too early"));
    // Every other run keeps 1 year − 2 h (oldest kept at the same date a year before, 06:30);
    // the next run a day later: 365 days + 1 day − 2 h = 365.92 days; across the autumn change
    // (25 → 26 Oct, 25 h) 365 days + 23 h = 365.958… days (unrounded in JSON); limit 1 year +
    // 1 day = 366 days.
    assert_eq!(item(app, "2026-10-25T04:30:00+01:00")["max_age_days"], 365.0 + 23.0 / 24.0);
    assert_eq!(item(app, "2026-10-25T04:30:00+01:00")["verdict"], "pass");

    // SFTP: Mondays 05:00, files up to 80 days − 3 h old kept; 7 days later 86.88 days,
    // across the DST change (19 → 26 Oct, + 1 h) 86 days 22 h = 86.916… (unrounded in JSON).
    let sftp = commitment(&r, "purge.sftp-file");
    assert_eq!(sftp["verdict"], "pass");
    assert_eq!(sftp["measured"]["max_age_days"], 86.0 + 22.0 / 24.0);
}

#[test]
fn kmb_labs_french_backups_and_purges() {
    let (code, r) = fixture("kmb-labs");
    // Backups and purges of KMB Labs only warn (a copy kept too long): exit 0, the overall
    // verdict is `warn` (`--fail-on warn` would make it 1).
    assert_eq!(code, 0);
    assert_eq!(r["verdict"], "warn");
    assert_eq!(r["inputs"][0]["rows"], 78);
    let daily = commitment(&r, "backup.daily.frequency");
    assert_eq!(daily["verdict"], "pass");
    // 31 days checked, all passed: no item.
    assert_eq!(daily["measured"]["checked"], 31);
    assert_eq!(daily["measured"]["passed"], 31);
    assert_eq!(daily["items"], serde_json::json!([]));
    // 8 Oct: "Annulée" at 00:45, rerun "Succès" at 04:15 → the day passes; the cancelled
    // attempt is listed in `measured.unsuccessful`.
    let attempts = daily["measured"]["unsuccessful"].as_array().unwrap();
    assert!(attempts.iter().any(|a| a["status"] == "cancelled" && a["taken_at"] == "2026-10-08T00:45:00+02:00"));
    // Copy of 21 Sep 00:45 CEST (20 Sep 22:45Z) never deleted: at as-of 41 days 15 min =
    // 41.01 days, 11 past retention → warn (and only warn: the finding is `warn`).
    let ret = commitment(&r, "backup.daily.retention");
    assert_eq!(ret["verdict"], "warn");
    assert_eq!(item(ret, "2026-09-21/kmb")["kept_days"], 41.0 + 15.0 / 1440.0); // 41 days 15 min, unrounded
    assert_eq!(ret["measured"]["not_judged"]["cancelled"], 1);
    assert_eq!(ret["measured"]["not_judged"]["partial"], 1);

    // System logs: daily 03:30, oldest kept 90 days − 2 h: 89.92 + 1 = 90.92 days; across the
    // DST change the batch is 25 h apart: 89 d 22 h + 25 h = 90 d 23 h = 90.958… ≤ 91 → pass.
    let sys = commitment(&r, "purge.system-log");
    assert_eq!(sys["verdict"], "pass");
    assert_eq!(sys["measured"]["max_age_days"], 90.0 + 23.0 / 24.0);
    // CVs: a nightly batch (00:15Z) leaves none: a CV can wait 24 h ≤ 1 minute + 1 day (SPEC
    // §3.5's daily-batch tolerance) → pass; with no tolerance it would fail (the note says so).
    let cv = commitment(&r, "purge.cv");
    assert_eq!(cv["verdict"], "pass");
    assert_eq!(cv["measured"]["tolerance_days"], 1.0);
    assert_eq!(item(cv, "2026-10-05T02:15:00+02:00")["max_age_days"], 1.0);
    assert!(notes(&r).iter().any(|n| n.starts_with("purge.cv:") && n.ends_with("would be fail instead of pass")));
    assert_eq!(commitment(&r, "purge.candidate-data")["verdict"], "pass");
}

#[test]
fn sprint_backups() {
    let (code, r) = fixture("sprint-open");
    assert_eq!(code, 1);
    // October's monthly backup was taken on Sat 10 Oct (second weekend); the one on the first
    // weekend (Sat 3) was cancelled → fail, naming the day.
    let m = commitment(&r, "backup.monthly.frequency");
    assert_eq!(m["verdict"], "fail");
    let oct = item(m, "2026-10/sprint-prod");
    assert_eq!(oct["window"], serde_json::json!(["2026-10-03", "2026-10-04"]));
    assert_eq!(oct["taken_at"], "2026-10-10T22:00:00+02:00");
    assert!(m["evidence"].as_str().unwrap().contains(
        "was taken on Saturday 2026-10-10, not on the first weekend (Sat 3 Oct / Sun 4 Oct) (also 1 cancelled attempt, 2026-10-03 22:00)"
    ));
    // Copies: 14 Oct only in paris-dc2 (the Lyon copy failed).
    let copies = commitment(&r, "backup.copies");
    assert_eq!(copies["verdict"], "fail");
    assert_eq!(copies["measured"]["backups"], 32); // 31 daily + 1 monthly
                                                   // The monthly backup of Sat 10 Oct is the item `2026-10/sprint-prod` (its month), not a
                                                   // second `2026-10-10/sprint-prod`: every subject is unique.
    let monthly = item(copies, "2026-10/sprint-prod");
    assert_eq!(monthly["type"], "monthly");
    assert_eq!(monthly["taken_on"], serde_json::json!(["2026-10-10"]));
    assert_eq!(item(copies, "2026-10-10/sprint-prod")["type"], "daily");
    let mut subjects: Vec<&str> =
        copies["items"].as_array().unwrap().iter().map(|i| i["subject"].as_str().unwrap()).collect();
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), 32);
    let single = item(copies, "2026-10-14/sprint-prod");
    assert_eq!(single["verdict"], "fail");
    assert_eq!(single["locations"], serde_json::json!(["paris-dc2"]));
    // Daily copies deleted 7 days + 1 h after: 61 in October (taken 24 Sep … 24 Oct × 2 places,
    // minus the failed one of 14 Oct which is not judged), all pass.
    let ret = commitment(&r, "backup.daily.retention");
    assert_eq!(ret["verdict"], "pass");
    assert_eq!(ret["measured"]["passed"], 61);
    // No purge commitment in the Sprint booklet: the runs are noted, not dropped silently.
    assert!(notes(&r).iter().any(|n| n.contains("4 runs of category movement-history not audited")));
}

#[test]
fn sprint_month_starting_on_sunday() {
    // November 2026 starts on Sunday 1: A7 puts its first weekend on Sat 7 / Sun 8.
    let (_, r) = audit("sprint-open", "2026-11", "tests/data/backups/sprint-november-8th.csv", None);
    let m = commitment(&r, "backup.monthly.frequency");
    assert_eq!(m["verdict"], "pass");
    assert_eq!(m["measured"]["windows"]["2026-11"], serde_json::json!(["2026-11-07", "2026-11-08"]));
    let a7: Vec<String> = notes(&r).into_iter().filter(|n| n.starts_with("A7:")).collect();
    assert_eq!(a7.len(), 1, "{a7:?}");
    assert!(a7[0].contains("would be fail instead of pass"), "{}", a7[0]);
    // Taken on Sunday 1 November: not the first weekend under A7.
    let (_, r) = audit("sprint-open", "2026-11", "tests/data/backups/sprint-november-1st.csv", None);
    let m = commitment(&r, "backup.monthly.frequency");
    assert_eq!(m["verdict"], "fail");
    assert!(notes(&r).iter().any(|n| n.starts_with("A7:") && n.contains("would be pass instead of fail")));
}

#[test]
fn unknown_backup_status_stops_the_audit() {
    let (code, _, stderr) =
        run(&["--profile", "kmb-labs", "--period", "2026-10", "--backups", "tests/data/backups/bad-status.csv"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("bad-status.csv:3: unknown backup status in column `Statut` (column 3): value \"Terminée\""),
        "{stderr}"
    );
    assert!(stderr.contains("annulée"), "{stderr}");
}

#[test]
fn check_subcommand_validates_backups_and_purges() {
    let out = livret()
        .args([
            "check",
            "-p",
            "kmb-labs",
            "--backups",
            "fixtures/kmb-labs/backups.csv",
            "--purges",
            "fixtures/kmb-labs/purges.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("(backups): 78 rows, 0 with problems"), "{text}");
    let out = livret()
        .args(["check", "-p", "kmb-labs", "--purges", "tests/data/backups/bad-purge-category.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1 × unknown category"), "{text}");
    assert!(text.contains(":3: unknown category in column `category` (column 2): value \"e-mails\""), "{text}");
}
