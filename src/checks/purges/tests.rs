//! Purge check tests on runs built in code (October 2026, Paris); ages and limits are worked
//! out by hand in the comments.
//!
//! Test code only: the parent declares this module under #[cfg(test)].

use chrono::TimeZone;
use serde_json::json;

use super::*;
use crate::checks::test_support::{context, item, paris_at as p, summary, utc as z};

/// October 2026 in Paris; as-of defaults to its end (2026-10-31T23:00Z).
fn ctx_as_of(profile: &str, as_of: DateTime<Utc>) -> Context {
    context(profile, p(2026, 10, 1, 0, 0), p(2026, 11, 1, 0, 0), as_of)
}

fn ctx(profile: &str) -> Context {
    ctx_as_of(profile, p(2026, 11, 1, 0, 0))
}

fn run(category: &'static str, purged_at: DateTime<Utc>, oldest_kept: Option<DateTime<Utc>>) -> PurgeRun {
    PurgeRun { purged_at, category, oldest_kept, newest_purged: None, records_purged: None, line: 0 }
}

fn log(ctx: &Context, runs: Vec<PurgeRun>) -> PurgeLog {
    let summary = summary("purges", "purges.csv", runs.len() as u64);
    PurgeLog::from_runs(runs, ctx.period.as_of, summary)
}

fn finding(ctx: &Context, id: &str, log: &PurgeLog) -> Finding {
    check(ctx.profile.commitment(id).unwrap(), ctx, log).unwrap()
}

/// Daily system-log runs at 00:30Z (02:30 CEST / 01:30 CET: 24 h apart, DST or not) on the
/// given October days, each keeping exactly 90 days (oldest kept = purged − 90 × 24 h) and
/// deleting data 90 days + 1 hour old.
fn system_log_runs(days: impl Iterator<Item = u32>) -> Vec<PurgeRun> {
    days.map(|d| {
        let at = Utc.with_ymd_and_hms(2026, 10, d, 0, 30, 0).unwrap();
        PurgeRun {
            newest_purged: Some(at - Duration::days(90) - Duration::hours(1)),
            ..run("system-log", at, Some(at - Duration::days(90)))
        }
    })
    .collect()
}

#[test]
fn purge_gaps_let_system_logs_reach_93_days() {
    // Runs every day except 12 and 13 October. Run of the 11th keeps data from
    // 11 Oct − 90 d; the next run is on the 14th, 3 days later: 90 + 3 = 93 days > 90 + 1 → fail.
    // Every other run is followed one day later: 90 + 1 = 91 days, exactly the limit → pass.
    // The last run (31 Oct 00:30Z) reaches as-of (31 Oct 23:00Z): 90 + 22.5 / 24 = 90.94 days.
    let ctx = ctx("talentsoft");
    let l = log(&ctx, system_log_runs((1..=31).filter(|d| *d != 12 && *d != 13)));
    let f = finding(&ctx, "purge.system-log", &l);
    assert_eq!(f.verdict, Verdict::Fail);
    assert_eq!(f.measured.to_map()["runs"], json!(29));
    assert_eq!(f.measured.to_map()["failed"], json!(1));
    assert_eq!(f.measured.to_map()["max_age_days"], json!(93.0));
    let bad = item(&f, "2026-10-11T02:30:00+02:00");
    assert_eq!(bad.verdict, Verdict::Fail);
    assert_eq!(bad.values.to_map()["max_age_days"], json!(93.0));
    assert_eq!(bad.values.to_map()["limit_days"], json!(91.0));
    assert!(
        bad.detail.contains("data reached 93.00 days before the next run (2026-10-14 02:30), over 90 days + 1 day"),
        "{}",
        bad.detail
    );
    assert_eq!(item(&f, "2026-10-10T02:30:00+02:00").values.to_map()["max_age_days"], json!(91.0));
    assert_eq!(item(&f, "2026-10-10T02:30:00+02:00").verdict, Verdict::Pass);
    assert_eq!(item(&f, "2026-10-31T01:30:00+01:00").values.to_map()["max_age_days"], json!(90.9375));
    // 90 days 22 h 30 min, unrounded
}

#[test]
fn the_last_run_before_the_period_is_an_item_when_its_age_is_reached_inside() {
    // Run of 2026-09-28 00:30Z keeping 90 days; next run 2026-10-01 00:30Z: 93 days reached on
    // 1 October, inside the period → an item, failing. A run of 2026-09-27 is not an item.
    let ctx = ctx("talentsoft");
    let mut runs = system_log_runs(1..=31);
    for at in [z("2026-09-27T00:30:00Z"), z("2026-09-28T00:30:00Z")] {
        runs.push(run("system-log", at, Some(at - Duration::days(90))));
    }
    let f = finding(&ctx, "purge.system-log", &log(&ctx, runs));
    assert_eq!(f.items.len(), 32);
    let before = item(&f, "2026-09-28T02:30:00+02:00");
    assert_eq!(before.verdict, Verdict::Fail);
    assert_eq!(before.values.to_map()["max_age_days"], json!(93.0));
    assert_eq!(before.values.to_map()["before_period"], json!(true));
    assert_eq!(f.measured.to_map()["runs"], json!(31));
}

#[test]
fn the_run_before_the_period_is_judged_here_on_its_age_only() {
    // Talentsoft application log: kept 1 year (minimum and maximum). Run of 30 Sep 2026 03:00
    // CEST deleting records up to 200 days old (13 Mar 2026 03:00 CET): destroyed too early —
    // a failure of September. It keeps data from 30 Sep 2025 03:00 CEST (12 calendar months),
    // and the next run is 1 Oct 2026 03:00 CEST: the oldest datum is then 1 year + 1 day old,
    // exactly the limit (366 days) → the age, reached in October, passes. In October the run
    // is an item (before_period) judged on that age only: pass. That October run keeps from
    // 1 Oct 2025 03:00 CEST and deletes up to 1 Oct 2025 02:00 (a year + 1 h): pass; as of
    // 2 Oct 2026 03:00 its age is 366 days → pass. Old code: the September run failed here too.
    let ctx = ctx_as_of("talentsoft", p(2026, 10, 2, 3, 0));
    let sep = p(2026, 9, 30, 3, 0);
    let oct = p(2026, 10, 1, 3, 0);
    let runs = vec![
        PurgeRun {
            newest_purged: Some(sep - Duration::days(200)),
            ..run("application-log", sep, Some(p(2025, 9, 30, 3, 0)))
        },
        PurgeRun {
            newest_purged: Some(p(2025, 10, 1, 2, 0)),
            ..run("application-log", oct, Some(p(2025, 10, 1, 3, 0)))
        },
    ];
    let f = finding(&ctx, "purge.application-log", &log(&ctx, runs.clone()));
    assert_eq!(f.verdict, Verdict::Pass, "{}", f.evidence);
    let before = item(&f, "2026-09-30T03:00:00+02:00");
    assert_eq!(before.verdict, Verdict::Pass, "{}", before.detail);
    assert_eq!(before.values.to_map()["before_period"], json!(true));
    assert_eq!(before.values.to_map()["max_age_days"], json!(366.0));
    // September's own audit still fails the run on the minimum.
    let mut sept = ctx_as_of("talentsoft", p(2026, 10, 1, 0, 0));
    sept.period.from = p(2026, 9, 1, 0, 0);
    sept.period.to = p(2026, 10, 1, 0, 0);
    let f = finding(&sept, "purge.application-log", &log(&sept, runs));
    assert_eq!(f.verdict, Verdict::Fail);
    assert!(item(&f, "2026-09-30T03:00:00+02:00").detail.contains("destroyed data too early"));
}

#[test]
fn a_run_leaving_data_older_than_n_fails_outright() {
    // Run of 15 Oct 00:30Z leaves data 95 days old: 95 > 90 → fail, although the next run
    // follows a day later (96 days reached, also over 91).
    let ctx = ctx("talentsoft");
    let mut runs = system_log_runs((1..=31).filter(|d| *d != 15));
    let at = z("2026-10-15T00:30:00Z");
    runs.push(run("system-log", at, Some(at - Duration::days(95))));
    let f = finding(&ctx, "purge.system-log", &log(&ctx, runs));
    let bad = item(&f, "2026-10-15T02:30:00+02:00");
    assert_eq!(bad.verdict, Verdict::Fail);
    assert!(bad.detail.contains("left data 95.00 days old"), "{}", bad.detail);
}

#[test]
fn application_log_purge_of_200_day_old_data_destroyed_it_too_early() {
    // Talentsoft application log keeps 1 year of data (a minimum). Run of 2026-10-15 03:00 CEST
    // deleting records up to 200 days old (2026-03-29 03:00 CEST): 200 days < 1 year → fail.
    let ctx = ctx_as_of("talentsoft", p(2026, 10, 16, 3, 0));
    let at = p(2026, 10, 15, 3, 0);
    let bad = PurgeRun {
        newest_purged: Some(at - Duration::days(200)),
        ..run("application-log", at, Some(at - Duration::days(199)))
    };
    let f = finding(&ctx, "purge.application-log", &log(&ctx, vec![bad]));
    assert_eq!(f.verdict, Verdict::Fail);
    let i = item(&f, "2026-10-15T03:00:00+02:00");
    assert!(i.detail.contains("destroyed data too early: newest purged record 200.00 days old"), "{}", i.detail);
    assert_eq!(i.values.to_map()["newest_purged_age_days"], json!(200.0));
}

#[test]
fn application_log_year_is_twelve_calendar_months_plus_a_day() {
    // Run of 2026-10-15 03:00 CEST keeps data from 2025-10-15 03:00 CEST (12 calendar months:
    // 365 days) and deletes up to 2025-10-15 02:00. As of 2026-10-16 03:00 the oldest datum is
    // 1 year + 1 day old: exactly the limit → pass (max_age 366 days). One minute later → fail.
    let at = p(2026, 10, 15, 3, 0);
    let r = PurgeRun {
        newest_purged: Some(p(2025, 10, 15, 2, 0)),
        ..run("application-log", at, Some(p(2025, 10, 15, 3, 0)))
    };
    let ctx = ctx_as_of("talentsoft", p(2026, 10, 16, 3, 0));
    let f = finding(&ctx, "purge.application-log", &log(&ctx, vec![r.clone()]));
    assert_eq!(f.verdict, Verdict::Pass, "{}", f.evidence);
    assert_eq!(f.items[0].values.to_map()["max_age_days"], json!(366.0));
    assert_eq!(f.items[0].values.to_map()["limit_days"], json!(366.0));
    let ctx = ctx_as_of("talentsoft", p(2026, 10, 16, 3, 1));
    let f = finding(&ctx, "purge.application-log", &log(&ctx, vec![r]));
    assert_eq!(f.verdict, Verdict::Fail);
}

#[test]
fn sftp_files_have_no_minimum() {
    // "90 days at most": deleting a 10-day-old file is fine.
    let ctx = ctx_as_of("talentsoft", p(2026, 10, 16, 3, 0));
    let at = p(2026, 10, 15, 3, 0);
    let r = PurgeRun { newest_purged: Some(at - Duration::days(10)), ..run("sftp-file", at, None) };
    let f = finding(&ctx, "purge.sftp-file", &log(&ctx, vec![r]));
    assert_eq!(f.verdict, Verdict::Pass, "{}", f.evidence);
    // An empty oldest_kept: nothing left, so the age is counted from the run: 1 day at as-of.
    assert_eq!(f.items[0].values.to_map()["max_age_days"], json!(1.0));
}

#[test]
fn a_committed_category_with_no_run_in_the_period_fails() {
    let ctx = ctx("talentsoft");
    let l = log(&ctx, vec![run("system-log", p(2026, 9, 3, 2, 0), None)]);
    let f = finding(&ctx, "purge.sftp-file", &l);
    assert_eq!(f.verdict, Verdict::Fail);
    assert_eq!(f.evidence, "no purge recorded in the period for sftp-file");
    let f = finding(&ctx, "purge.system-log", &l);
    assert!(
        f.evidence.starts_with("no purge recorded in the period for system-log (last run: 2026-09-03 02:00)"),
        "{}",
        f.evidence
    );
}

#[test]
fn kmb_cv_one_minute_keeps_the_daily_batch_tolerance() {
    // KMB Labs CVs: 1 minute at most. SPEC §3.5: each age must be ≤ N + 1 day (a daily
    // batch). Daily runs leaving nothing (oldest_kept empty): between two runs a CV may wait
    // 24 h ≤ 1 day 1 min → pass. With no tolerance (limit 1 min) → fail; the note says so.
    let ctx = ctx("kmb-labs");
    let runs: Vec<PurgeRun> =
        (1..=31).map(|d| run("cv", Utc.with_ymd_and_hms(2026, 10, d, 0, 30, 0).unwrap(), None)).collect();
    let l = log(&ctx, runs);
    let f = finding(&ctx, "purge.cv", &l);
    assert_eq!(f.verdict, Verdict::Pass, "{}", f.evidence);
    assert_eq!(f.measured.to_map()["tolerance_days"], json!(1.0));
    let notes = notes(&ctx, &l);
    assert!(
        notes.iter().any(|n| n.starts_with("purge.cv: \"1 minute at most\" is read, as SPEC §3.5 says")
            && n.ends_with("the verdict would be fail instead of pass")),
        "{notes:?}"
    );
    // A run leaving a CV 5 minutes old fails outright (purged_at − oldest_kept > N).
    let at = Utc.with_ymd_and_hms(2026, 10, 5, 0, 30, 0).unwrap();
    let f = finding(&ctx, "purge.cv", &log(&ctx, vec![run("cv", at, Some(at - Duration::minutes(5)))]));
    assert_eq!(f.verdict, Verdict::Fail, "{}", f.evidence);
    // Runs every 30 s leaving CVs at most 20 s old: 30 + 20 = 50 s ≤ 60 s → pass, as of the
    // last run + 40 s (20 + 40 = 60 s at the end).
    let t0 = z("2026-10-05T10:00:00Z");
    let runs: Vec<PurgeRun> = (0..10)
        .map(|k| {
            let at = t0 + Duration::seconds(30 * k);
            run("cv", at, Some(at - Duration::seconds(20)))
        })
        .collect();
    let ctx = ctx_as_of("kmb-labs", t0 + Duration::seconds(270 + 40));
    let f = finding(&ctx, "purge.cv", &log(&ctx, runs));
    assert_eq!(f.verdict, Verdict::Pass, "{}", f.evidence);
}

#[test]
fn runs_of_uncommitted_categories_and_after_as_of_are_noted() {
    let ctx = ctx("talentsoft");
    let l = log(
        &ctx,
        vec![run("movement-history", p(2026, 10, 3, 2, 0), None), run("system-log", p(2026, 11, 3, 2, 0), None)],
    );
    let n = notes(&ctx, &l);
    assert_eq!(n.len(), 2);
    assert!(n[0].contains("1 run of category movement-history not audited"), "{}", n[0]);
    assert!(n[1].contains("1 run after as-of"), "{}", n[1]);
}

#[test]
fn a_retention_past_the_end_of_the_calendar_never_panics() {
    // Issue 12: `sftp-file = "262143 years"` made the limit overflow (exit 101). A contract is
    // bounded to 100 years now; a span past chrono's last instant (year 262143) that reached
    // the check all the same is a deadline never reached: 10 days old is within it.
    let mut ctx = ctx_as_of("talentsoft", p(2026, 10, 16, 3, 0));
    for c in ctx.profile.commitments.iter_mut() {
        if let Rule::Purge { retention, .. } = &mut c.rule {
            *retention = Span::Days(i64::MAX);
        }
    }
    let at = p(2026, 10, 15, 3, 0);
    let r = PurgeRun {
        newest_purged: Some(at - Duration::days(10)),
        ..run("sftp-file", at, Some(at - Duration::days(10)))
    };
    let f = finding(&ctx, "purge.sftp-file", &log(&ctx, vec![r]));
    assert_eq!(f.verdict, Verdict::Pass, "{}", f.evidence);
}
