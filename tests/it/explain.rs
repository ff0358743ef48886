//! `livret explain`: its figures against the audit's, for every subject of every fixture
//! (run in-process: one audit per fixture, one explanation per item), and the observations of
//! issue 14 as regression tests (run through the binary).

use std::path::PathBuf;

use clap::Parser;
use serde_json::Value;

use livret::cli::{Cli, Command as Sub};
use livret::explain::{explain, ticket, Sources};
use livret::ingest::ticket_source::TicketSource;

use crate::helpers::{livret_at, NOW};

/// Every figure explain gives for every item of the fixture's October audit equals the
/// audit's JSON figure of the same name; a commitment without items is compared on its
/// measured figures. Returns the number of figures compared.
fn compare_fixture(profile: &str) -> usize {
    std::env::set_var("LIVRET_NOW", NOW);
    let dir = format!("fixtures/{profile}");
    let cli = Cli::try_parse_from(["livret", "audit", "-p", profile, "--dir", &dir, "--period", "2026-10"]).unwrap();
    let Sub::Audit(args) = cli.command else { unreachable!() };
    let (report, ctx, inputs) = livret::cmd::audit_parts(&args, None).unwrap();
    let json = serde_json::to_value(&report).unwrap();
    let read = livret::options::audit_read_options(&args.inputs, &args.reading, ctx.profile.zone).unwrap();
    let source = TicketSource::default();
    let tickets = PathBuf::from(format!("{dir}/tickets.csv"));
    let files = livret::ingest::Files::one(tickets.clone());
    let sources = Sources {
        tickets: tickets.exists().then_some(ticket::Source { path: &files, opts: &read, source: &source }),
        audit_refusal: None,
    };
    let mut compared = 0;
    for c in json["commitments"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        if c["verdict"] == "not-audited" {
            continue;
        }
        let items = c["items"].as_array().unwrap();
        let subjects: Vec<(Option<&str>, &Value)> = if items.is_empty() {
            vec![(None, &c["measured"])]
        } else {
            items.iter().map(|i| (i["subject"].as_str(), i)).collect()
        };
        for (subject, want) in subjects {
            let e = explain(&ctx, &inputs, &report.commitments, &sources, id, subject)
                .unwrap_or_else(|err| panic!("{profile} {id} {subject:?}: {err:#}"));
            let part = e
                .parts
                .iter()
                .find(|p| p.commitment == id && (subject.is_none() || p.subject.as_deref() == subject))
                .unwrap_or_else(|| panic!("{profile} {id} {subject:?}: no part in {e:#?}"));
            let mut n = 0;
            for (k, v) in &part.figures {
                if let Some(w) = want.get(k) {
                    assert_eq!(v, w, "{profile} {id} {subject:?}: figure {k}");
                    n += 1;
                }
            }
            assert!(n > 0, "{profile} {id} {subject:?}: no figure in common with the audit ({:?})", part.figures);
            if subject.is_some() {
                assert_eq!(
                    part.verdict.map(|v| v.name()),
                    want["verdict"].as_str(),
                    "{profile} {id} {subject:?}: verdict"
                );
            }
            compared += n;
        }
    }
    compared
}

#[test]
fn explain_gives_the_audits_figures_for_every_subject_talentsoft() {
    assert!(compare_fixture("talentsoft") > 100);
}

#[test]
fn explain_gives_the_audits_figures_for_every_subject_sprint_open() {
    assert!(compare_fixture("sprint-open") > 50);
}

#[test]
fn explain_gives_the_audits_figures_for_every_subject_kmb_labs() {
    assert!(compare_fixture("kmb-labs") > 50);
}

#[test]
fn explain_gives_the_audits_figures_for_every_subject_preventcare() {
    assert!(compare_fixture("preventcare") > 5);
}

/// `livret explain ARGS… --format FORMAT` on a fixture folder: (stdout, exit code).
fn run(fixture: &str, args: &[&str], format: &str) -> (String, i32) {
    let out = livret_at(NOW)
        .arg("explain")
        .args(args)
        .args(["--profile", fixture, "--dir", &format!("fixtures/{fixture}"), "--period", "2026-10"])
        .args(["--format", format])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let code = out.status.code().unwrap();
    assert!(code != 0 || out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    (if code == 0 { stdout } else { String::from_utf8_lossy(&out.stderr).into_owned() }, code)
}

fn json(fixture: &str, args: &[&str]) -> Value {
    let (out, code) = run(fixture, args, "json");
    assert_eq!(code, 0, "{out}");
    serde_json::from_str(&out).unwrap()
}

fn part<'a>(e: &'a Value, commitment: &str) -> &'a Value {
    e["parts"].as_array().unwrap().iter().find(|p| p["commitment"] == commitment).unwrap_or_else(|| panic!("{e:#}"))
}

/// The "business min" column of a part's first table.
fn minutes_column(p: &Value) -> Vec<i64> {
    let t = &p["tables"][0];
    let col = t["columns"].as_array().unwrap().iter().position(|c| c == "business min").unwrap();
    t["rows"].as_array().unwrap().iter().map(|r| r[col].as_i64().unwrap()).collect()
}

#[test]
fn ts_502_names_the_auto_close_it_fails() {
    // Issue 14: `explain ticket TS-502` said `verdict pass` and never named ticket.auto-close.
    // TS-502 waits on the customer from Mon 5 Oct 11:00 to its closure Mon 19 Oct 11:00 (both
    // CEST): 14 days exactly, under the 28 the booklet requires before an automatic closure.
    let e = json("talentsoft", &["ticket", "TS-502"]);
    let ac = part(&e, "ticket.auto-close");
    assert_eq!(ac["verdict"], "fail");
    assert_eq!(ac["figures"]["waited_days"], 14.0);
    assert_eq!(ac["figures"]["target_days"], 28);
    // Its own resolution clock (minor) passes; the two others do not apply and get no table.
    assert_eq!(part(&e, "ticket.resolution.minor")["verdict"], "pass");
    for other in ["ticket.resolution.blocking", "ticket.resolution.major"] {
        let p = part(&e, other);
        assert_eq!(p["applies"], false, "{other}");
        assert!(p["tables"].as_array().unwrap().is_empty(), "{other}");
    }
    let (text, _) = run("talentsoft", &["ticket", "TS-502"], "text");
    assert!(text.contains("ticket.auto-close — TS-502 (000 §2.5.1; target auto-closed after 28 days waiting on the customer)\nverdict fail\n"), "{text}");
}

#[test]
fn the_failing_sprint_clock_gets_its_table_and_a_clock_that_does_not_apply_none() {
    // Issue 14: for a Sprint ticket the failing action-plan clock got one line while a full
    // table went to a resolution clock that does not apply. T-1015 (blocking): qualified Mon
    // 5 Oct 10:30, plan Tue 6 Oct 14:00 (paris-support, 08:30–18:30): Monday 10:30–18:30 = 480,
    // Tuesday 08:30–14:00 = 330; 810 > 720: fail.
    let e = json("sprint-open", &["ticket", "T-1015"]);
    let ap = part(&e, "ticket.action-plan");
    assert_eq!(ap["verdict"], "fail");
    assert_eq!(minutes_column(ap), [480, 330]);
    assert_eq!(ap["figures"]["measured_minutes"], 810);
    // No resolution commitment in sprint-open: no resolution part, no resolution table.
    assert!(e["parts"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| !p["commitment"].as_str().unwrap().starts_with("ticket.resolution")));
    let corr = part(&e, "ticket.correction");
    assert_eq!(corr["applies"], false);
    assert!(corr["tables"].as_array().unwrap().is_empty());
    // One commitment only, when asked for.
    let only = json("sprint-open", &["ticket.action-plan", "T-1015"]);
    assert_eq!(only["parts"].as_array().unwrap().len(), 1);
}

#[test]
fn a_clock_is_shown_day_by_day_through_weekends_and_holidays() {
    // T-1009 (take-charge, in the 12-month window): created Thu 2 Apr 2026 16:00, taken in
    // charge Tue 7 Apr 10:00. Thursday 16:00–18:30 = 150, Friday 600, Saturday and Sunday 0,
    // Easter Monday (6 Apr) a holiday: 0, Tuesday 08:30–10:00 = 90; 840 > 480.
    let e = json("sprint-open", &["ticket.take-charge", "T-1009"]);
    let tc = part(&e, "ticket.take-charge");
    assert_eq!(minutes_column(tc), [150, 600, 0, 0, 0, 90]);
    assert_eq!(tc["figures"]["measured_minutes"], 840);
    let kinds: Vec<&str> = tc["tables"][0]["rows"].as_array().unwrap().iter().map(|r| r[2].as_str().unwrap()).collect();
    assert_eq!(kinds[2..5], ["weekend", "weekend", "holiday"]);
}

#[test]
fn availability_lists_the_interruptions_and_the_budget() {
    // Six months May–October 2026, reference 259,200 min, 99.5 %: 1,296 min allowed. Counted:
    // 45 (12 May) + 75 (third party, 21 Jul) + 40 (9 Sep: 11:00–11:40, the 10 minutes of the
    // second row inside it count once) + 20 (3 Oct: 110 planned, 90 inside the window) + 210
    // (25 Oct, across the DST change) + 25 (30 Oct: 40 planned, 15 inside) + 60 (31 Oct, still
    // going, to the period's end) = 475; 821 left.
    let e = json("talentsoft", &["availability"]);
    let a = part(&e, "availability");
    assert_eq!(a["figures"]["downtime_minutes"], 475);
    assert_eq!(a["figures"]["allowed_downtime_minutes"], 1296.0);
    assert_eq!(a["figures"]["budget_left_minutes"], 821.0);
    assert_eq!(a["figures"]["excluded_minutes"]["planned"], 280);
    let rows = a["tables"][0]["rows"].as_array().unwrap();
    let storage = rows.iter().find(|r| r[0] == 8).unwrap();
    assert_eq!((storage[4].as_i64(), storage[5].as_i64(), storage[6].as_i64()), (Some(110), Some(20), Some(90)));
    // Sprint: per month over the PRT calendar (TI 165 of PRT 17,160 min in the audit).
    let s = json("sprint-open", &["availability", "2026-10"]);
    let m = part(&s, "availability");
    assert_eq!(
        (m["figures"]["downtime_minutes"].as_i64(), m["figures"]["reference_minutes"].as_i64()),
        (Some(165), Some(17160))
    );
}

#[test]
fn a_backup_day_and_a_purge_run_with_their_rows() {
    // 12 Oct: talent-main failed at 01:00 and 03:10 (lines 116, 117); talent-docs succeeded.
    let e = json("talentsoft", &["backup.daily.frequency", "2026-10-12"]);
    let main = e["parts"].as_array().unwrap().iter().find(|p| p["subject"] == "2026-10-12/talent-main").unwrap();
    assert_eq!(main["verdict"], "fail");
    assert_eq!(main["figures"]["successes"], 0);
    let lines: Vec<i64> =
        main["tables"][0]["rows"].as_array().unwrap().iter().map(|r| r[0].as_i64().unwrap()).collect();
    assert_eq!(lines, [116, 117]);
    let docs = e["parts"].as_array().unwrap().iter().find(|p| p["subject"] == "2026-10-12/talent-docs").unwrap();
    assert_eq!(docs["verdict"], "pass");
    // The run of 31 Oct 04:00: oldest record kept 2 Aug 06:00 CEST, seen at the period's end
    // (1 Nov 00:00 CET): 90 days 19 h = 2,179 h / 24 = 90.7916… days, exact in JSON.
    let p = json("talentsoft", &["purge.system-log", "2026-10-31 04:00"]);
    let run = part(&p, "purge.system-log");
    assert_eq!(run["subject"], "2026-10-31T04:00:00+01:00");
    assert_eq!(run["figures"]["max_age_days"], 2179.0 / 24.0);
    assert_eq!(run["tables"][0]["rows"][0][0], 88);
}

#[test]
fn markdown_is_paste_ready_and_mistakes_are_named() {
    let (md, code) = run("sprint-open", &["ticket", "T-1015"], "markdown");
    assert_eq!(code, 0);
    assert!(md.starts_with("## Explain `ticket` T-1015\n"), "{md}");
    assert!(
        md.contains(
            "| line | day | calendar | from | to | status | clock | wall min | business min | running total | left |"
        ),
        "{md}"
    );
    assert!(!md.contains('{'), "no JSON in Markdown: {md}");
    let (err, code) = run("talentsoft", &["availabilty"], "text");
    assert_eq!(code, 2);
    assert!(err.contains("no commitment `availabilty` in profile talentsoft"), "{err}");
    let (err, code) = run("talentsoft", &["purge.system-log", "2026-13-01"], "text");
    assert_eq!(code, 2);
    assert!(err.contains("no subject `2026-13-01` in purge.system-log"), "{err}");
    let (err, code) = run("talentsoft", &["ticket", "TS-999"], "text");
    assert_eq!(code, 2);
    assert!(err.contains("no row for ticket `TS-999`"), "{err}");
    let (err, code) = run("talentsoft", &["ticket"], "json");
    assert_eq!(code, 2);
    assert!(err.contains("needs a ticket id"), "{err}");
}

#[test]
fn an_rpo_gap_with_the_rows_that_open_and_close_it() {
    // talent-main: the success of Sun 11 Oct 01:00 (CEST), two failed attempts on the 12th
    // (lines 116, 117), the next success Tue 13 Oct 01:00: 48 h, over 24.
    let e = json("talentsoft", &["backup.rpo", "2026-10-11T01:00/talent-main"]);
    let gap = part(&e, "backup.rpo");
    assert_eq!(gap["verdict"], "fail");
    assert_eq!(gap["figures"]["gap_hours"], 48.0);
    let rows = gap["tables"][0]["rows"].as_array().unwrap();
    let statuses: Vec<&str> = rows.iter().map(|r| r[3].as_str().unwrap()).collect();
    assert_eq!(statuses.first(), Some(&"success"));
    assert_eq!(statuses.last(), Some(&"success"));
    assert!(rows.iter().any(|r| r[0] == 116) && rows.iter().any(|r| r[0] == 117), "{rows:?}");
}

#[test]
fn an_interruption_with_its_row_of_the_downtime_log() {
    // Line 12: unplanned from Sun 25 Oct 01:30 CEST (23:30 UTC on the 24th) to 04:00 CET (03:00
    // UTC) across the change of time: 3.5 h, within the 24 h objective.
    let e = json("talentsoft", &["recovery.rto", "2026-10-25 01:30"]);
    let p = part(&e, "recovery.rto");
    assert_eq!(p["verdict"], "pass");
    assert_eq!(p["figures"]["hours"], 3.5);
    assert_eq!(p["tables"][0]["rows"][0][0], 12);
    // Line 8: the storage migration that ran over its window.
    let e = json("talentsoft", &["maintenance.window", "2026-10-03 06:30"]);
    let p = part(&e, "maintenance.window");
    assert_eq!(p["verdict"], "fail");
    assert_eq!(p["figures"]["minutes_outside"], 20);
    assert_eq!(p["tables"][0]["rows"][0][0], 8);
}
