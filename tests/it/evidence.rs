//! A verdict only where the evidence supports it (issue 11): periods not over, future periods,
//! inputs that stop early, header-only files, audits with nothing to judge, misnamed files in
//! `--dir`, and `check` refusing what `audit` refuses. "Now" is fixed with `LIVRET_NOW`.

use serde_json::Value;

use crate::helpers::{commitment, livret, livret_at, notes, output, report, root};

const DATA: &str = "tests/data/evidence";

/// Runs `livret ARGS` at the fixed instant `now`; returns exit code, stdout and stderr.
fn run(now: &str, args: &[&str]) -> (i32, String, String) {
    output(livret_at(now).args(args))
}

/// `livret audit --format json ARGS` at `now`: exit code and report.
fn audit(now: &str, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["audit", "--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run(now, &all);
    (code, report(&stdout, &stderr))
}

fn path(name: &str) -> String {
    format!("{DATA}/{name}")
}

#[test]
fn a_period_that_has_not_begun_is_a_usage_error() {
    // 3 December 2026: January 2027 has not begun; nothing can be known of it.
    let (code, _, err) = run(
        "2026-12-03T10:00:00+01:00",
        &["audit", "-p", "talentsoft", "--period", "2027-01", "--dir", "fixtures/talentsoft"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("starts at 2027-01-01T00:00:00+01:00, after now (2026-12-03T10:00:00+01:00)"), "{err}");
    // An --as-of later than now is refused too, naming both instants.
    let (code, _, err) = run(
        "2026-12-03T10:00:00+01:00",
        &["audit", "-p", "talentsoft", "--period", "2026-12", "--as-of", "2026-12-10", "--dir", "fixtures/talentsoft"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--as-of 2026-12-10T00:00:00+01:00 is later than now (2026-12-03T10:00:00+01:00)"), "{err}");
}

#[test]
fn the_current_month_is_audited_as_it_stands_at_now() {
    // Now = 15 October 2026 12:00 Paris; October is audited up to then.
    let (_, r) = audit(
        "2026-10-15T12:00:00+02:00",
        &["-p", "talentsoft", "--period", "2026-10", "--dir", "fixtures/talentsoft"],
    );
    assert_eq!(r["period"]["as_of"], "2026-10-15T12:00:00+02:00");
    assert_eq!(r["period"]["complete"], false);
    // Daily backups: the days begun by as-of are 1–15 October (15 days × 2 databases = 30
    // checked); the 15th already has both its 01:00 backups, so nothing is open; 16–31 October
    // are not judged at all, let alone missing.
    let daily = commitment(&r, "backup.daily.frequency");
    assert_eq!(daily["measured"]["days"], 15);
    assert_eq!(daily["measured"]["checked"], 30);
    for item in daily["items"].as_array().unwrap() {
        assert!(item["subject"].as_str().unwrap() < "2026-10-16", "{item}");
    }
    // Nothing passes in a month not over unless nothing still to come can change it: the
    // month's backups, taken on 1 October for both databases, are the only such pass.
    for c in r["commitments"].as_array().unwrap() {
        if c["id"] == "backup.monthly.frequency" {
            assert_eq!(c["verdict"], "pass");
            continue;
        }
        assert_ne!(c["verdict"], "pass", "{} passed mid-month", c["id"]);
        assert_ne!(c["verdict"], "warn", "{} warned mid-month", c["id"]);
    }
    // Availability is within budget so far (180 min of 1,296): open, not pass.
    assert_eq!(commitment(&r, "availability")["verdict"], "open");
    // The same October audited once over, at its default as-of, is complete.
    let (_, r) = audit(
        "2026-12-03T10:00:00+01:00",
        &["-p", "talentsoft", "--period", "2026-10", "--dir", "fixtures/talentsoft"],
    );
    assert_eq!(r["period"]["as_of"], "2026-11-01T00:00:00+01:00");
    assert_eq!(r["period"]["complete"], true);
}

#[test]
fn an_ongoing_interruption_already_over_the_six_month_budget_fails_mid_period() {
    // Talentsoft, December 2026 seen on Monday 7 December 07:00: the six-month window is
    // 2026-07-01 → 2027-01-01, R = 259,200 booklet minutes, allowed 0.5 % = 1,296 min. The
    // interruption began Saturday 5 December 08:00 (after the Saturday 06:00–08:00 window) and
    // is still going: counted up to as-of, Monday 07:00 (where the daily restart window
    // begins): 47 h = 2,820 min > 1,296: the budget is spent, whatever December still brings.
    // Availability (259,200 − 2,820) / 259,200 = 98.912037… % → 98.912.
    let (code, r) = audit(
        "2026-12-07T07:00:00+01:00",
        &["-p", "talentsoft", "--period", "2026-12", "--downtime", &path("downtime-over-budget.csv")],
    );
    let a = commitment(&r, "availability");
    assert_eq!(a["verdict"], "fail");
    assert_eq!(a["measured"]["downtime_minutes"], 2820);
    assert_eq!(a["measured"]["availability_pct"], 98.91203703703704); // 256,380 / 259,200, unrounded
    assert_eq!(code, 1);
    assert!(notes(&r).iter().any(|n| n.contains("counted as still going until 2026-12-07 07:00")), "{:?}", notes(&r));
}

#[test]
fn an_ongoing_interruption_within_the_budget_is_open_mid_period() {
    // Sunday 6 December 10:00 → as-of 12:00: 120 min of the 1,296 allowed: December may still
    // spend the rest, so the six months are `open`; (259,200 − 120) / 259,200 = 99.953703… %
    // → 99.9537, never above 100 or below 0. No planned interruption: maintenance is n/a. No
    // commitment passed or failed: the audit's verdict is `open`, exit 3.
    let (code, r) = audit(
        "2026-12-06T12:00:00+01:00",
        &["-p", "talentsoft", "--period", "2026-12", "--downtime", &path("downtime-within-budget.csv")],
    );
    let a = commitment(&r, "availability");
    assert_eq!(a["verdict"], "open");
    assert_eq!(a["measured"]["downtime_minutes"], 120);
    assert_eq!(a["measured"]["availability_pct"], 99.9537037037037); // 259,080 / 259,200, unrounded
    assert_eq!(commitment(&r, "maintenance.window")["verdict"], "n/a");
    assert_eq!(r["verdict"], "open");
    assert_eq!(code, 3);
}

#[test]
fn a_backup_log_that_stops_early_is_named_with_the_days_after_it() {
    // Daily backups 1–17 October at 01:00, then nothing: 18–31 October are 14 missing days
    // (the SPEC's rule stands), all after the last row (17 October 01:00), which the note and
    // the evidence name: a stopped export is told apart from stopped backups.
    let (code, r) = audit(
        "2026-12-03T10:00:00+01:00",
        &["-p", "talentsoft", "--period", "2026-10", "--backups", &path("backups-stopped.csv")],
    );
    assert_eq!(code, 1);
    let input = &r["inputs"][0];
    assert_eq!(input["first"], "2026-10-01T01:00:00+02:00");
    assert_eq!(input["last"], "2026-10-17T01:00:00+02:00");
    let daily = commitment(&r, "backup.daily.frequency");
    assert_eq!(daily["verdict"], "fail");
    assert_eq!(daily["measured"]["missing"], 14);
    let evidence = daily["evidence"].as_str().unwrap();
    assert!(evidence.contains("no backup row at all after 2026-10-17 01:00"), "{evidence}");
    assert!(
        evidence.contains("14 of the missing fall after it (2026-10-18, 2026-10-19, 2026-10-20 and 11 more)"),
        "{evidence}"
    );
    // 17 October 01:00 CEST (23:00 UTC on the 16th) → 1 November 00:00 CET (23:00 UTC on 31
    // October): 15 days exactly, the hour given back on 25 October included.
    assert!(
        notes(&r).iter().any(|n| n.contains("backups-stopped.csv: covers 2026-10-01 01:00 → 2026-10-17 01:00; no row at all after 2026-10-17 01:00, 15 days before as-of")),
        "{:?}",
        notes(&r)
    );
}

#[test]
fn a_header_only_file_is_an_input_error_unless_allowed() {
    let now = "2026-12-03T10:00:00+01:00";
    let (code, _, err) =
        run(now, &["audit", "-p", "talentsoft", "--period", "2026-10", "--tickets", &path("tickets-header-only.csv")]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("tickets-header-only.csv: no data rows"), "{err}");
    // `check` refuses it as well.
    let (code, out, _) = run(now, &["check", "-p", "talentsoft", "--tickets", &path("tickets-header-only.csv")]);
    assert_eq!(code, 2);
    assert!(out.contains("no data rows"), "{out}");
    // Allowed, the ticket commitments have nothing to judge: n/a, never pass; the audit has
    // no verdict of its own (n/a) and exits 3.
    let (code, r) = audit(
        now,
        &["-p", "talentsoft", "--period", "2026-10", "--tickets", &path("tickets-header-only.csv"), "--allow-empty"],
    );
    for id in ["ticket.resolution.blocking", "ticket.resolution.major", "ticket.auto-close"] {
        assert_eq!(commitment(&r, id)["verdict"], "n/a", "{id}");
    }
    assert_eq!(r["verdict"], "n/a");
    assert_eq!(code, 3);
    assert_eq!(r["inputs"][0]["first"], Value::Null);
}

#[test]
fn an_audit_with_only_n_a_commitments_is_not_a_pass() {
    // One blocking ticket resolved in 1 h: it passes; the same file audited in November has
    // no ticket in the period: every ticket commitment is n/a, and so is the audit (exit 3).
    let now = "2026-12-03T10:00:00+01:00";
    let args =
        |p: &'static str| ["-p", "talentsoft", "--period", p, "--tickets", "tests/data/evidence/tickets-blocking.csv"];
    let (code, r) = audit(now, &args("2026-10"));
    assert_eq!(commitment(&r, "ticket.resolution.blocking")["verdict"], "pass");
    assert_eq!(code, 0);
    let (code, r) = audit(now, &args("2026-11"));
    assert_eq!(commitment(&r, "ticket.resolution.blocking")["verdict"], "n/a");
    assert_eq!(r["verdict"], "n/a");
    assert_eq!(code, 3);
}

#[test]
fn misnamed_files_in_dir_are_named_and_near_names_accepted() {
    let dir = tempfile::tempdir().unwrap();
    // `Backups.csv` differs only by case: read. `downtime-log.csv` and `reponse_times.csv` are
    // not input names: each is named in a note, with the name it was probably meant to have.
    std::fs::copy(root().join(path("backups-stopped.csv")), dir.path().join("Backups.csv")).unwrap();
    std::fs::copy(root().join("fixtures/talentsoft/downtime.csv"), dir.path().join("downtime-log.csv")).unwrap();
    std::fs::copy(root().join("fixtures/talentsoft/response_times.csv"), dir.path().join("reponse_times.csv")).unwrap();
    let d = dir.path().to_str().unwrap();
    let (_, r) = audit("2026-12-03T10:00:00+01:00", &["-p", "talentsoft", "--period", "2026-10", "--dir", d]);
    assert_eq!(r["inputs"].as_array().unwrap().len(), 1);
    assert_eq!(r["inputs"][0]["kind"], "backups");
    let n = notes(&r);
    assert!(n.iter().any(|n| n.contains("downtime-log.csv is not an input file and was not read; did you mean `downtime.csv`?")), "{n:?}");
    assert!(
        n.iter().any(|n| n
            .contains("reponse_times.csv is not an input file and was not read; did you mean `response_times.csv`?")),
        "{n:?}"
    );
    // Two files for one input are refused.
    std::fs::copy(root().join(path("backups-stopped.csv")), dir.path().join("backups.csv")).unwrap();
    let (code, _, err) =
        run("2026-12-03T10:00:00+01:00", &["audit", "-p", "talentsoft", "--period", "2026-10", "--dir", d]);
    assert_eq!(code, 2);
    assert!(err.contains("both name the backups input"), "{err}");
}

#[test]
fn check_refuses_a_ticket_without_severity_as_audit_does() {
    // T-2 has no severity on any row; Talentsoft judges resolution by severity: audit stops,
    // and check, for the same profile, lists the same problem and exits 2.
    let now = "2026-12-03T10:00:00+01:00";
    let file = path("tickets-no-severity.csv");
    let (code, _, err) = run(now, &["audit", "-p", "talentsoft", "--period", "2026-10", "--tickets", &file]);
    assert_eq!(code, 2);
    assert!(err.contains("ticket T-2 has no severity on any row"), "{err}");
    let (code, out, _) = run(now, &["check", "-p", "talentsoft", "--tickets", &file]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("ticket T-2 has no severity on any row"), "{out}");
    assert!(out.contains(":4"), "the problem names the ticket's first line: {out}");
    // With --default-severity the audit accepts it, and so does check.
    let (code, out, _) = run(now, &["check", "-p", "talentsoft", "--default-severity", "minor", "--tickets", &file]);
    assert_eq!(code, 0, "{out}");
    // Without a profile, check does not guess one.
    let (code, _, err) = run(now, &["check", "--tickets", &file]);
    assert_eq!(code, 2);
    assert!(err.contains("check needs the profile"), "{err}");
}

#[test]
fn every_finding_judged_on_a_stopped_export_says_so() {
    // The PreventCare metrics end on 14 October at 15:00, 17 days before the end of October:
    // the three heartbeat gaps "due" at 15:00 are the export's end as much as the servers'.
    // Each finding that reads the metrics says where its evidence stops; the visits one,
    // which does not read them, does not.
    let (_, r) = audit(
        "2026-12-03T10:00:00+01:00",
        &["-p", "preventcare", "--period", "2026-10", "--dir", "fixtures/preventcare"],
    );
    let words = "metrics.csv has no row at all after 2026-10-14 15:00: the export may have stopped";
    let heartbeat = commitment(&r, "monitor.heartbeat");
    assert_eq!(heartbeat["verdict"], "fail");
    assert!(heartbeat["evidence"].as_str().unwrap().contains(words), "{heartbeat}");
    assert!(commitment(&r, "monitor.threshold.cpu")["evidence"].as_str().unwrap().contains(words));
    assert!(!commitment(&r, "visits.count")["evidence"].as_str().unwrap().contains(words));
    assert!(
        notes(&r).iter().any(|n| n.contains("no row at all after 2026-10-14 15:00, 17 days before as-of")),
        "{:?}",
        notes(&r)
    );
}

#[test]
fn nothing_seen_yet_is_never_a_pass() {
    // Regression: seen at the very start of October (as-of 1 October 00:00), the monthly backup
    // commitment had "0 missing of 0" months and passed, and so did the audit (exit 0). No
    // month's backup is taken yet: `open`, and no verdict for the audit (exit 3).
    let (code, r) = audit(
        "2026-12-03T10:00:00+01:00",
        &["-p", "talentsoft", "--period", "2026-10", "--dir", "fixtures/talentsoft", "--as-of", "2026-10-01"],
    );
    assert_eq!(commitment(&r, "backup.monthly.frequency")["verdict"], "open");
    assert_ne!(r["verdict"], "pass");
    assert_ne!(code, 0);
}

#[test]
fn a_report_never_replaces_a_file_of_the_dir() {
    // Regression: `--dir D -o json:D/purge.csv` named `purge.csv` as misnamed ("did you mean
    // purges.csv?") and then replaced it with the report. Every file of --dir is the user's.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(path("backups-stopped.csv")), dir.path().join("backups.csv")).unwrap();
    std::fs::write(dir.path().join("purge.csv"), "purged_at,category\n").unwrap();
    let d = dir.path().to_str().unwrap();
    let out = format!("json:{d}/purge.csv");
    let (code, _, err) =
        run("2026-12-03T10:00:00+01:00", &["audit", "-p", "talentsoft", "--period", "2026-10", "--dir", d, "-o", &out]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(std::fs::read_to_string(dir.path().join("purge.csv")).unwrap(), "purged_at,category\n");
}

#[test]
fn a_log_of_other_environments_only_is_no_evidence() {
    // Regression: a downtime log whose only row is of `prod-fr` (another environment: only
    // `production`/`prod`/`prd`/`live` count) read as a quiet month: availability 100 %, pass,
    // exit 0. It holds no production evidence, like a header alone: refused, exit 2.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("downtime.csv");
    std::fs::write(&f, "start,end,kind,environment\n2026-10-05 10:00,2026-10-08 10:00,unplanned,prod-fr\n").unwrap();
    let (code, _, err) = run(
        "2026-12-03T10:00:00+01:00",
        &["audit", "-p", "talentsoft", "--period", "2026-10", "--downtime", f.to_str().unwrap()],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no production row (1 row of other environments)"), "{err}");
}

#[test]
fn requests_after_as_of_are_not_counted() {
    // Regression: `--as-of` did not cut response times: seen on 10 October, the Paris average
    // was (200 + 900) / 2 = 550 ms "so far", counting a request of the 20th. As of the 10th it
    // is 200 ms over 1 request, and the request of the 20th is named in a note.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("rt.csv");
    std::fs::write(&f, "timestamp,datacenter,duration_ms\n2026-10-02 10:00,paris,200\n2026-10-20 10:00,paris,900\n")
        .unwrap();
    let (_, r) = audit(
        "2026-12-03T10:00:00+01:00",
        &["-p", "talentsoft", "--period", "2026-10", "--as-of", "2026-10-10", "--response-times", f.to_str().unwrap()],
    );
    let item = &commitment(&r, "response-time.average")["items"][0];
    assert_eq!(item["avg_ms"], 200.0);
    assert_eq!(item["count"], 1);
    assert!(notes(&r).iter().any(|n| n.contains("1 request dated after as-of")), "{:?}", notes(&r));
}

#[test]
fn check_refuses_out_of_order_rows_from_a_pipe_as_audit_does() {
    // Regression: rows of a ticket out of time order, read from a pipe: audit refuses them (it
    // must read such tickets twice), check said "0 with problems" and exited 0.
    let rows = "id,timestamp,status,severity\nT1,2026-10-05 10:00,solved,\nT1,2026-10-05 09:00,new,blocking\n";
    let out = livret()
        .env("LIVRET_NOW", "2026-12-03T10:00:00+01:00")
        .args(["check", "-p", "talentsoft", "--tickets", "/dev/stdin"])
        .write_stdin(rows)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(stdout.contains(":3: rows out of time order in an input that cannot be read twice"), "{stdout}");
}

#[test]
fn check_lists_the_tickets_without_severity_of_a_history_and_of_a_field_history() {
    // The same six changes as a status history (tickets found by id; B's and C's rows
    // interleave, so a ticket is found again after another's row) and as a field history
    // (tickets found by the pivot's number). A has no severity on any row (first row line
    // 2), nor has C (line 5); B's severity comes on its second row (line 4): check lists A
    // at :2 and C at :5, not B, and exits 2.
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.csv");
    std::fs::write(
        &history,
        "ticket_id,timestamp,status,severity\nA,2026-10-05 09:00,new,\nB,2026-10-05 09:10,new,\n\
         B,2026-10-05 09:20,acknowledged,major\nC,2026-10-05 09:30,new,\nA,2026-10-05 10:00,solved,\n\
         C,2026-10-05 10:30,solved,\n",
    )
    .unwrap();
    let fields = dir.path().join("fields.csv");
    std::fs::write(
        &fields,
        "field_name,ticket_id,updated,value\nstatus,A,2026-10-05 09:00:00,new\nstatus,B,2026-10-05 09:10:00,new\n\
         priority,B,2026-10-05 09:20:00,major\nstatus,C,2026-10-05 09:30:00,new\n\
         status,A,2026-10-05 10:00:00,solved\nstatus,C,2026-10-05 10:30:00,solved\n",
    )
    .unwrap();
    for file in [&history, &fields] {
        let file = file.to_str().unwrap();
        let (code, out, _) = run("2026-12-03T10:00:00+01:00", &["check", "-p", "talentsoft", "--tickets", file]);
        assert_eq!(code, 2, "{out}");
        assert!(out.contains(&format!("{file}:2: ")) && out.contains("ticket A has no severity on any row"), "{out}");
        assert!(out.contains(&format!("{file}:5: ")) && out.contains("ticket C has no severity on any row"), "{out}");
        assert!(!out.contains("ticket B"), "{out}");
        assert!(out.contains("2 × ticket without severity"), "{out}");
    }
}

#[test]
fn check_names_the_earliest_out_of_order_line_of_a_field_history_from_a_pipe() {
    // Regression: A goes back in time at line 3 and B at line 5, but the pivot hands B's change
    // on first (at line 6, B's next instant) and A's at the end: check named line 5. Expected:
    // the earliest line, 3.
    let rows = "field_name,ticket_id,updated,value\nstatus,A,2026-10-05 10:00:00,solved\n\
                status,A,2026-10-05 09:00:00,new\nstatus,B,2026-10-05 10:00:00,solved\n\
                status,B,2026-10-05 09:00:00,new\nstatus,B,2026-10-05 11:00:00,closed\n";
    let out = livret()
        .env("LIVRET_NOW", "2026-12-03T10:00:00+01:00")
        .args(["check", "-p", "talentsoft", "--tickets", "/dev/stdin", "--tickets-format", "field-history"])
        .write_stdin(rows)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(stdout.contains(":3: rows out of time order in an input that cannot be read twice"), "{stdout}");
}

#[test]
fn a_field_history_on_a_pipe_is_refused_with_the_flag_that_reads_it() {
    // Regression: a field history on standard input (its header cannot be read before the
    // reader reads it) was taken for a status history and refused with "missing required
    // column" only: the error now names --tickets-format field-history.
    let rows = "field_name,ticket_id,updated,value\nstatus,A,2026-10-05 10:00:00,new\n";
    let out = livret()
        .env("LIVRET_NOW", "2026-12-03T10:00:00+01:00")
        .args(["audit", "-p", "talentsoft", "--period", "2026-10", "--tickets", "/dev/stdin"])
        .write_stdin(rows)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("/dev/stdin:1: missing required column"), "{stderr}");
    assert!(stderr.contains("this header is a field history's"), "{stderr}");
    assert!(stderr.contains("give --tickets-format field-history"), "{stderr}");
}

#[test]
fn the_table_says_once_that_the_period_is_not_over() {
    // The header line says it; the `period-incomplete` note (for JSON and the other formats)
    // is not repeated under the table.
    let (_, out, _) = run(
        "2026-10-15T12:00:00+02:00",
        &["audit", "-p", "talentsoft", "--period", "2026-10", "--dir", "fixtures/talentsoft"],
    );
    assert_eq!(out.matches("not over, audited as it stands").count(), 1, "{out}");
    assert!(!out.contains("note: the period is not over"), "{out}");
}
