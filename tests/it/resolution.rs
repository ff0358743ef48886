//! Resolution SLAs on the bundled fixtures, end to end: the binary's JSON report against
//! business minutes worked out by hand from the booklets' rules (000 §2.6.2, 002 §2.4.2):
//! Paris support hours Mon–Fri 08:30–18:30, French holidays, time in Provisoire / A approuver
//! deducted, intervals half-open. October 2026 has no French holiday; its weekdays are
//! 1–2, 5–9, 12–16, 19–23, 26–30 October. A full business day is 600 minutes.

use serde_json::Value;

use crate::helpers::{commitment, item, livret, output, report};

fn audit(args: &[&str]) -> (i32, Value) {
    let (code, out, err) = output(livret().arg("audit").args(args).args(["--format", "json"]));
    (code, report(&out, &err))
}

fn minutes(c: &Value, subject: &str) -> i64 {
    item(c, subject)["measured_minutes"].as_i64().unwrap()
}

#[test]
fn talentsoft_october_blocking() {
    let (code, r) = audit(&["--profile", "talentsoft", "--period", "2026-10", "--dir", "fixtures/talentsoft"]);
    assert_eq!(code, 1, "some commitments fail");
    assert_eq!(r["schema"], "livret.report/1");
    assert_eq!(r["period"]["from"], "2026-10-01T00:00:00+02:00");
    assert_eq!(r["period"]["to"], "2026-11-01T00:00:00+01:00");
    let b = commitment(&r, "ticket.resolution.blocking");
    assert_eq!(b["clause"], "000 §2.6.2");
    // TS-101: Mon 5 Oct 09:00 → Tue 6 Oct 11:00 solved: 570 + 150 = 720.
    assert_eq!(minutes(b, "TS-101"), 720);
    // TS-102: Thu 8 Oct 14:00 → Mon 12 Oct 10:00: 270 + 600 + 90 = 960 > 900: fail.
    assert_eq!(minutes(b, "TS-102"), 960);
    assert_eq!(item(b, "TS-102")["verdict"], "fail");
    // TS-103 across the autumn DST change: Fri 23 Oct 18:00 CEST → Mon 26 Oct 15:00 CET: 30 + 390.
    assert_eq!(minutes(b, "TS-103"), 420);
    // TS-104: Tue 13 10:00–12:00 (120), Provisoire until Wed 14 16:00 (deducted), then
    // Wed 16:00–18:30 (150) and Thu 15 08:30–12:00 (210): 480. Without the deduction: 1,320.
    assert_eq!(minutes(b, "TS-104"), 480);
    // TS-105 reopened: Mon 19 09:00–17:00 (480), solved until Tue 20 10:00 (stopped),
    // Tue 10:00–18:30 (510), Wed 21 08:30–09:30 (60): 1,050, over by 150.
    assert_eq!(minutes(b, "TS-105"), 1050);
    assert_eq!(item(b, "TS-105")["resolved_at"], "2026-10-21T09:30:00+02:00");
    // Instants in the profile's zone: TS-101 created Mon 5 Oct 09:00 Paris.
    assert_eq!(item(b, "TS-101")["created_at"], "2026-10-05T09:00:00+02:00");
    // TS-106 still on hold (vendor) at the period's end: Fri 30 Oct 16:00–18:30 = 150: open.
    assert_eq!(minutes(b, "TS-106"), 150);
    assert_eq!(item(b, "TS-106")["verdict"], "open");
    assert_eq!(b["measured"]["items"], 6);
    assert_eq!(b["measured"]["passed"], 3);
    assert_eq!(b["measured"]["failed"], 2);
    assert_eq!(b["measured"]["open"], 1);
    assert_eq!(b["measured"]["worst_overrun_minutes"], 150);
    assert_eq!(b["verdict"], "fail");
    assert_eq!(b["evidence"], "2 of 6 tickets over 15 business hours; worst TS-105 (+2 h 30)");
}

#[test]
fn talentsoft_october_major_and_minor() {
    let (_, r) = audit(&["--profile", "talentsoft", "--period", "2026-10", "--dir", "fixtures/talentsoft"]);
    let m = commitment(&r, "ticket.resolution.major");
    // TS-201 created in September, solved Fri 2 Oct 16:00, closed Mon 5 Oct: resolved on 2 Oct.
    // Mon 28 Sep 10:00–18:30 (510) + 29, 30 Sep, 1 Oct (1,800) + Fri 08:30–16:00 (450) = 2,760.
    assert_eq!(minutes(m, "TS-201"), 2760);
    // TS-202: Wed 7 Oct 09:00 (570) + 8, 9, 12, 13, 14 Oct (3,000) + Thu 15 08:30–12:00 (210) = 3,780.
    assert_eq!(minutes(m, "TS-202"), 3780);
    // TS-203 solved Thu 29 Oct 12:00, closed 2 Nov (after as-of): 570 + 600 + 600 + 210 = 1,980.
    assert_eq!(minutes(m, "TS-203"), 1980);
    // TS-204: Tue 27 10:00 (510) + Wed 28 (600) + Thu 29 08:30–10:00 (90); A approuver until
    // Fri 30 09:00; then Fri 09:00–18:30 (570): 1,770, unresolved at the end: open.
    assert_eq!(minutes(m, "TS-204"), 1770);
    assert_eq!(item(m, "TS-204")["verdict"], "open");
    // TS-205 was resolved in September: not in the October audit.
    assert!(m["items"].as_array().unwrap().iter().all(|i| i["subject"] != "TS-205"));
    assert_eq!(m["measured"]["failed"], 1);
    assert_eq!(m["measured"]["worst_overrun_minutes"], 780);

    let n = commitment(&r, "ticket.resolution.minor");
    // TS-301: Thu 1 Oct 09:00 → Thu 15 Oct 09:00: 570 + 600 + 3,000 + 1,800 + 30 = 6,000 = target: pass.
    assert_eq!(minutes(n, "TS-301"), 6000);
    assert_eq!(item(n, "TS-301")["verdict"], "pass");
    // TS-302: one minute later: 6,001 > 6,000: fail.
    assert_eq!(minutes(n, "TS-302"), 6001);
    assert_eq!(item(n, "TS-302")["verdict"], "fail");
    // TS-303 submitted Saturday 10 Oct 11:00: the clock starts Monday 08:30; solved 10:00: 90.
    assert_eq!(minutes(n, "TS-303"), 90);
    // TS-304: Fri 16 Oct 18:00 (30) + Mon 19 (600, awaiting release is the vendor's) + Tue 20 (600).
    assert_eq!(minutes(n, "TS-304"), 1230);
}

#[test]
fn talentsoft_rows_after_as_of_are_noted() {
    let (_, r) = audit(&["--profile", "talentsoft", "--period", "2026-10", "--dir", "fixtures/talentsoft"]);
    let notes = r["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(
            |n| n["code"] == "rows-after-as-of" && n["text"].as_str().unwrap().contains("2 rows dated after as-of")
        ),
        "{notes:?}"
    );
    assert_eq!(r["inputs"][0]["kind"], "tickets");
    assert_eq!(r["inputs"][0]["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn later_as_of_measures_unresolved_tickets_to_the_period_end() {
    // With as-of 2026-11-10, TS-204's solve on 3 Nov is seen, but it was unresolved at the end
    // of October: it stays in the October audit, measured to 1 Nov 00:00 (1,770).
    let (_, r) = audit(&[
        "--profile",
        "talentsoft",
        "--period",
        "2026-10",
        "--as-of",
        "2026-11-10T00:00:00+01:00",
        "--tickets",
        "fixtures/talentsoft/tickets.csv",
    ]);
    let m = commitment(&r, "ticket.resolution.major");
    assert_eq!(minutes(m, "TS-204"), 1770);
    assert_eq!(item(m, "TS-204")["resolved_at"], Value::Null);
}

#[test]
fn earlier_as_of_sees_the_tickets_as_they_stood() {
    // As of Wed 14 Oct 12:00, TS-202 (created Wed 7 Oct 09:00) is still open: 570 for Wed 7,
    // 4 × 600 for 8, 9, 12, 13 Oct, and 08:30–12:00 on Wed 14 (210): 3,180 > 3,000: fail.
    let (_, r) = audit(&[
        "--profile",
        "talentsoft",
        "--period",
        "2026-10",
        "--as-of",
        "2026-10-14 12:00",
        "--tickets",
        "fixtures/talentsoft/tickets.csv",
    ]);
    let m = commitment(&r, "ticket.resolution.major");
    assert_eq!(minutes(m, "TS-202"), 3180);
    assert_eq!(item(m, "TS-202")["verdict"], "fail");
    assert_eq!(r["period"]["as_of"], "2026-10-14T12:00:00+02:00");
}

#[test]
fn spring_dst_and_may_holidays() {
    // TS-401: Fri 27 Mar 17:00 CET → Mon 30 Mar 10:00 CEST: 90 + 90 = 180.
    let (_, r) = audit(&["--profile", "talentsoft", "--period", "2026-03", "--dir", "fixtures/talentsoft"]);
    assert_eq!(minutes(commitment(&r, "ticket.resolution.blocking"), "TS-401"), 180);
    let (_, r) = audit(&["--profile", "talentsoft", "--period", "2026-05", "--dir", "fixtures/talentsoft"]);
    // TS-402 over Ascension (Thu 14 May): Wed 17:30–18:30 (60) + Fri 08:30–09:30 (60) = 120.
    assert_eq!(minutes(commitment(&r, "ticket.resolution.major"), "TS-402"), 120);
    // TS-403 over Whit Monday (25 May): Fri 16:30–18:30 (120) + Tue 08:30–10:30 (120) = 240.
    assert_eq!(minutes(commitment(&r, "ticket.resolution.blocking"), "TS-403"), 240);
    // With no holidays Whit Monday adds its 600 minutes.
    let (_, r) = audit(&[
        "--profile",
        "talentsoft",
        "--period",
        "2026-05",
        "--dir",
        "fixtures/talentsoft",
        "--holidays",
        "none",
    ]);
    assert_eq!(minutes(commitment(&r, "ticket.resolution.blocking"), "TS-403"), 840);
}

#[test]
fn auto_close_after_28_days() {
    let (_, r) = audit(&["--profile", "talentsoft", "--period", "2026-10", "--dir", "fixtures/talentsoft"]);
    let a = commitment(&r, "ticket.auto-close");
    // TS-501: Provisoire Thu 3 Sep 10:00 → closed Thu 1 Oct 10:00: exactly 28 × 24 h: pass.
    assert_eq!(item(a, "TS-501")["verdict"], "pass");
    assert_eq!(item(a, "TS-501")["waited_days"], 28.0);
    // TS-502: A approuver Mon 5 Oct 11:00 → closed Mon 19 Oct 11:00: 14 days: closed too early.
    assert_eq!(item(a, "TS-502")["verdict"], "fail");
    // TS-503: Provisoire since Tue 15 Sep 09:00 CEST (07:00Z), still waiting at 31 Oct 23:00Z:
    // 46 days 16 hours = 46.666… days > 29: warn (unrounded in JSON).
    assert_eq!(item(a, "TS-503")["verdict"], "warn");
    assert_eq!(item(a, "TS-503")["waited_days"], 46.0 + 16.0 / 24.0);
    assert_eq!(a["verdict"], "fail");
}

#[test]
fn kmb_labs_october() {
    let (code, r) = audit(&["--profile", "kmb-labs", "--period", "2026-10", "--dir", "fixtures/kmb-labs"]);
    assert_eq!(code, 1);
    let b = commitment(&r, "ticket.resolution.blocking");
    // KMB-1: Tue 6 Oct 09:00 → Wed 7 Oct 16:00: 570 + 450 = 1,020 > 900 (but ≤ 1,440: A2).
    assert_eq!(minutes(b, "KMB-1"), 1020);
    assert_eq!(item(b, "KMB-1")["verdict"], "fail");
    // KMB-2: 10:00–11:00 (60), Pending until Wed 10:00, then 10:00–12:00 (120): 180.
    assert_eq!(minutes(b, "KMB-2"), 180);
    let m = commitment(&r, "ticket.resolution.major");
    // KMB-3: Thu 1 Oct 09:00 → Fri 16 Oct 09:00: 570 + 600 + 3,000 + 2,400 + 30 = 6,600 > 6,000.
    assert_eq!(minutes(m, "KMB-3"), 6600);
    // KMB-4 across the DST change: Thu 22 14:00 (270) + Fri 23 (600) + Mon 26 (600) + Tue 27 08:30–11:00 (150).
    assert_eq!(minutes(m, "KMB-4"), 1620);
    // KMB-7: solved after 180, reopened Tue 13 09:00, closed 10:00: 180 + 60 = 240.
    assert_eq!(minutes(m, "KMB-7"), 240);
    // KMB-8 awaiting approval at the end: 180 counted, open.
    assert_eq!(item(m, "KMB-8")["verdict"], "open");
    // Minor tickets: no commitment, times still reported. KMB-5: Mon 5 Oct 10:00 (510) + 6–9 Oct
    // (2,400) + two full weeks (6,000) + 26–29 Oct (2,400) + Fri 30 08:30–10:00 (90) = 11,400.
    let n = commitment(&r, "ticket.resolution.minor");
    assert_eq!(n["verdict"], "n/a");
    assert_eq!(item(n, "KMB-5")["verdict"], "n/a");
    assert_eq!(minutes(n, "KMB-5"), 11400);
    assert_eq!(item(n, "KMB-5")["target_minutes"], Value::Null);
    // A2 is noted, and the verdict would change under 24 hours (KMB-1 is the only failure).
    let notes = r["notes"].as_array().unwrap();
    assert!(notes.iter().any(|n| n["code"] == "A2" && n["text"].as_str().unwrap().contains("would change")));
}

#[test]
fn montreal_calendar_replaces_paris_hours() {
    // KMB-3 in Toronto hours (09:00–17:00, no French holidays): Thu 1 Oct 09:00 Paris = 03:00
    // Toronto; solved Fri 16 Oct 09:00 Paris = 03:00 Toronto. Eleven full days of 8 h = 5,280.
    let (_, r) = audit(&[
        "--profile",
        "kmb-labs",
        "--period",
        "2026-10",
        "--dir",
        "fixtures/kmb-labs",
        "--calendar",
        "montreal-support",
    ]);
    assert_eq!(minutes(commitment(&r, "ticket.resolution.major"), "KMB-3"), 5280);
    assert!(r["notes"].as_array().unwrap().iter().any(|n| n["text"].as_str().unwrap().contains("montreal-support")));
}

#[test]
fn not_audited_commitments_are_listed_never_passed() {
    let (_, r) =
        audit(&["--profile", "talentsoft", "--period", "2026-10", "--tickets", "fixtures/talentsoft/tickets.csv"]);
    assert_eq!(commitment(&r, "availability")["verdict"], "not-audited");
}

#[test]
fn output_file_is_written_and_exit_code_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.json");
    let out = livret()
        .args(["audit", "--profile", "kmb-labs", "--period", "2026-10", "--dir", "fixtures/kmb-labs"])
        .args(["--format", "json", "--output"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let r: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(r["profile"]["id"], "kmb-labs");
}

#[test]
fn explain_ticket_timeline() {
    let out = livret()
        .args(["explain", "ticket", "TS-104", "--profile", "talentsoft", "--period", "2026-10"])
        .args(["--tickets", "fixtures/talentsoft/tickets.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    // One row per interval: new (120, vendor), pending (0, customer), open (360, vendor).
    assert!(text.contains("customer"), "{text}");
    assert!(text.contains("measured 8 h 00 (480 business minutes) of 15 h 00"), "{text}");
    assert!(
        text.contains("ticket.resolution.blocking — TS-104 (000 §2.6.2; target 15 business hours)\nverdict pass"),
        "{text}"
    );
    // Day by day: Tuesday 13 October, the ticket turns pending at 12:00.
    assert!(text.contains("2026-10-13 Tue"), "{text}");
    assert!(text.contains("┆ 12:00 ┆"), "{text}");
}
