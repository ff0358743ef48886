//! Backup check tests on rows built in code (October 2026, Paris); expected days, months and
//! retention figures are worked out by hand in the comments.
//!
//! Test code only: the parent declares this module under #[cfg(test)].

use super::*;
use crate::checks::test_support::{context, item, paris_at as p, summary, utc as z};
use crate::checks::{Context, Period};
use crate::ingest::backups::BackupStatus;
use crate::ingest::backups::Environment;
use crate::profile::Span;
use serde_json::json;

/// October 2026 in Paris, as of its end (2026-11-01 00:00 CET = 2026-10-31T23:00Z).
fn ctx(profile: &str) -> Context {
    ctx_as_of(profile, p(2026, 11, 1, 0, 0))
}

fn ctx_as_of(profile: &str, as_of: DateTime<Utc>) -> Context {
    context(profile, p(2026, 10, 1, 0, 0), p(2026, 11, 1, 0, 0), as_of)
}

fn row(taken_at: DateTime<Utc>, backup: BackupType, status: BackupStatus) -> Backup {
    Backup {
        taken_at,
        backup,
        status,
        deleted_at: None,
        location: None,
        database: "all".to_string(),
        environment: Environment::Production,
        environment_name: "production".to_string(),
        line: 0,
    }
}

fn ok_daily(taken_at: DateTime<Utc>) -> Backup {
    row(taken_at, BackupType::Daily, BackupStatus::Success)
}

fn log(ctx: &Context, mut rows: Vec<Backup>) -> BackupLog {
    for (i, r) in rows.iter_mut().enumerate() {
        r.line = i as u64 + 2;
    }
    let summary = summary("backups", "backups.csv", rows.len() as u64);
    BackupLog::from_rows(rows, ctx.period.as_of, summary)
}

fn commitment<'a>(ctx: &'a Context, id: &str) -> &'a Commitment {
    ctx.profile.commitment(id).unwrap()
}

#[test]
fn a_month_with_a_missing_day() {
    // Daily backups at 01:00 Paris every day of October 2026 except the 12th, which has two
    // failed attempts at 01:00 and 03:10: 31 days checked, 30 pass, 1 fail — and only the
    // missing day is an item (SPEC §3.4: "each missing day is an item").
    let ctx = ctx("talentsoft");
    let mut rows = Vec::new();
    for d in 1..=31 {
        if d == 12 {
            for (h, m) in [(1, 0), (3, 10)] {
                let mut r = row(p(2026, 10, 12, h, m), BackupType::Daily, BackupStatus::Failed);
                r.database = "talent-main".into();
                rows.push(r);
            }
        } else {
            let mut r = ok_daily(p(2026, 10, d, 1, 0));
            r.database = "talent-main".into();
            rows.push(r);
        }
    }
    let log = log(&ctx, rows);
    let f = daily_frequency(commitment(&ctx, "backup.daily.frequency"), &ctx, &log);
    assert_eq!(f.verdict, Verdict::Fail);
    assert_eq!(f.items.len(), 1);
    assert_eq!(f.measured.to_map()["checked"], json!(31));
    assert_eq!(f.measured.to_map()["missing"], json!(1));
    assert_eq!(f.measured.to_map()["passed"], json!(30));
    // The two failed attempts are listed in `measured.unsuccessful` too.
    assert_eq!(f.measured.to_map()["unsuccessful"].as_array().unwrap().len(), 2);
    assert_eq!(f.measured.to_map()["unsuccessful"][0]["database"], json!("talent-main"));
    let day = item(&f, "2026-10-12/talent-main");
    assert_eq!(day.verdict, Verdict::Fail);
    assert_eq!(
        day.detail,
        "no successful daily backup on 2026-10-12 (database talent-main): 2 failed attempts, 01:00 and 03:10"
    );
    assert!(
        f.evidence
            .starts_with("1 of 31 days without a successful daily backup: no successful daily backup on 2026-10-12"),
        "{}",
        f.evidence
    );
}

#[test]
fn paris_day_boundary() {
    // 2026-10-11T23:30:00Z is 2026-10-12 01:30 CEST: it is the 12th's backup. The only other
    // rows are at 12:00 Paris on every other day; so every day passes, and the 11th has its
    // own backup only (its 12:00 one), not the 23:30Z one.
    let ctx = ctx("talentsoft");
    let mut rows: Vec<Backup> = (1..=31).filter(|d| *d != 12).map(|d| ok_daily(p(2026, 10, d, 12, 0))).collect();
    rows.push(ok_daily(z("2026-10-11T23:30:00Z")));
    // 2026-09-30T22:30:00Z is 2026-10-01 00:30 CEST: October's, not September's.
    rows.push(ok_daily(z("2026-09-30T22:30:00Z")));
    let log = log(&ctx, rows);
    let f = daily_frequency(commitment(&ctx, "backup.daily.frequency"), &ctx, &log);
    assert_eq!(f.verdict, Verdict::Pass, "{}", f.evidence);
    // Every day passes, so no day is an item; 31 days checked, 31 passed.
    assert!(f.items.is_empty());
    assert_eq!(f.measured.to_map()["checked"], json!(31));
    assert_eq!(f.measured.to_map()["passed"], json!(31));
    // Without the 23:30Z row, the 12th is missing: the boundary decides the verdict.
    let rows: Vec<Backup> = (1..=31).filter(|d| *d != 12).map(|d| ok_daily(p(2026, 10, d, 12, 0))).collect();
    let f = daily_frequency(commitment(&ctx, "backup.daily.frequency"), &ctx, &super::tests::log(&ctx, rows));
    assert_eq!(item(&f, "2026-10-12").verdict, Verdict::Fail);
    // October 2026 has 31 local days even though the 25th has 25 hours.
    assert_eq!(f.measured.to_map()["days"], json!(31));
}

#[test]
fn a_day_in_progress_at_as_of_is_open() {
    // As of 2026-10-05 00:30 Paris: days 1–4 are over, the 5th has begun (open, no backup
    // yet at 00:30): 4 checked and passed, 1 open, and the open day is the only item.
    let ctx = ctx_as_of("talentsoft", p(2026, 10, 5, 0, 30));
    let rows = (1..=4).map(|d| ok_daily(p(2026, 10, d, 1, 0))).collect();
    let f = daily_frequency(commitment(&ctx, "backup.daily.frequency"), &ctx, &log(&ctx, rows));
    assert_eq!(f.items.len(), 1);
    assert_eq!(item(&f, "2026-10-05").verdict, Verdict::Open);
    assert_eq!(
        (&f.measured.to_map()["checked"], &f.measured.to_map()["passed"], &f.measured.to_map()["open"]),
        (&json!(4), &json!(4), &json!(1))
    );
    assert_eq!(f.verdict, Verdict::Pass);
}

fn deleted(mut b: Backup, at: DateTime<Utc>, location: &str) -> Backup {
    b.deleted_at = Some(at);
    b.location = Some(location.into());
    b
}

#[test]
fn daily_copy_deleted_after_29_days_fails_after_30_passes() {
    let ctx = ctx("talentsoft");
    let rows = vec![
        // Taken 2026-09-11 01:00 CEST, deleted 2026-10-10 01:00 CEST: 29 × 24 h < 30 days → fail,
        // in October (the month it was deleted); subject = the day taken.
        deleted(ok_daily(p(2026, 9, 11, 1, 0)), p(2026, 10, 10, 1, 0), "paris"),
        // Taken 2026-09-12 01:00, deleted 2026-10-12 01:00: exactly 30 × 24 h → pass.
        deleted(ok_daily(p(2026, 9, 12, 1, 0)), p(2026, 10, 12, 1, 0), "paris"),
        // Deleted 2026-09-30 after 10 days: judged in September, not an item here.
        deleted(ok_daily(p(2026, 9, 20, 1, 0)), p(2026, 9, 30, 1, 0), "paris"),
        // A failed row in October: listed, never judged.
        row(p(2026, 10, 12, 3, 10), BackupType::Daily, BackupStatus::Failed),
    ];
    let f = retention_check(
        commitment(&ctx, "backup.daily.retention"),
        &ctx,
        &log(&ctx, rows),
        BackupType::Daily,
        Span::Days(30),
    );
    assert_eq!(f.verdict, Verdict::Fail);
    assert_eq!(f.items.len(), 2);
    let early = item(&f, "2026-09-11");
    assert_eq!(early.verdict, Verdict::Fail);
    assert_eq!(early.values.to_map()["kept_days"], json!(29.0));
    assert_eq!(item(&f, "2026-09-12").verdict, Verdict::Pass);
    assert_eq!(item(&f, "2026-09-12").values.to_map()["kept_days"], json!(30.0));
    assert_eq!(f.measured.to_map()["not_judged"], json!({"failed": 1}));
    assert!(
        f.evidence.contains("deleted on 2026-10-10 01:00, after 29.00 days: before its 30 days retention"),
        "{}",
        f.evidence
    );
    assert!(f.evidence.ends_with("not judged (not successful): failed 2026-10-12 03:10"), "{}", f.evidence);
}

#[test]
fn copies_kept_more_than_a_week_past_retention_warn() {
    let ctx = ctx("talentsoft");
    let as_of = ctx.period.as_of; // 2026-10-31T23:00Z
    let rows = vec![
        // Taken 2026-09-21T23:00Z, still kept at as-of: 40 days; retention ends 30 days later
        // (2026-10-21T23:00Z), the week of grace on 2026-10-28T23:00Z < as-of → warn, 10 days past.
        ok_daily(as_of - Duration::days(40)),
        // Taken 35 days before as-of: grace ends 2 days after as-of → still kept, no item.
        ok_daily(as_of - Duration::days(35)),
        // Deleted 38 days after taken (8 days past retention) → warn.
        deleted(ok_daily(p(2026, 9, 5, 1, 0)), p(2026, 10, 13, 1, 0), "paris"),
        // Deleted exactly 37 days after (7 days past: not more than a week) → pass.
        deleted(ok_daily(p(2026, 9, 6, 1, 0)), p(2026, 10, 13, 1, 0), "paris"),
    ];
    let f = retention_check(
        commitment(&ctx, "backup.daily.retention"),
        &ctx,
        &log(&ctx, rows),
        BackupType::Daily,
        Span::Days(30),
    );
    assert_eq!(f.verdict, Verdict::Warn);
    assert_eq!(f.measured.to_map()["kept_too_long"], json!(2));
    assert_eq!(f.measured.to_map()["still_kept"], json!(1));
    let kept = item(&f, "2026-09-22");
    assert_eq!(kept.verdict, Verdict::Warn);
    assert_eq!(kept.values.to_map()["kept_days"], json!(40.0));
    assert!(kept.detail.contains("still kept at as-of, 10.00 days past its 30 days retention"), "{}", kept.detail);
    assert_eq!(item(&f, "2026-09-05").verdict, Verdict::Warn);
    assert_eq!(item(&f, "2026-09-06").verdict, Verdict::Pass);
}

#[test]
fn monthly_retention_uses_calendar_months() {
    // Talentsoft monthly copies are kept 12 months. Taken 2025-10-31 02:00 (CET), deleted
    // 2026-10-30 02:00: one day short of 12 calendar months → fail. Taken 2025-10-01 02:00
    // CEST, deleted 2026-10-01 02:00 CEST: exactly 12 months → pass.
    let ctx = ctx("talentsoft");
    let monthly = |t| row(t, BackupType::Monthly, BackupStatus::Success);
    let rows = vec![
        deleted(monthly(p(2025, 10, 31, 2, 0)), p(2026, 10, 30, 2, 0), "paris"),
        deleted(monthly(p(2025, 10, 1, 2, 0)), p(2026, 10, 1, 2, 0), "paris"),
    ];
    let f = retention_check(
        commitment(&ctx, "backup.monthly.retention"),
        &ctx,
        &log(&ctx, rows),
        BackupType::Monthly,
        Span::Months(12),
    );
    assert_eq!(item(&f, "2025-10-31").verdict, Verdict::Fail);
    assert_eq!(item(&f, "2025-10-01").verdict, Verdict::Pass);
}

#[test]
fn first_weekend_per_a7() {
    // October 2026 starts on a Thursday: first Saturday the 3rd → [Sat 3, Mon 5).
    let oct = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    assert_eq!(
        first_weekend(oct, Weekend::A7),
        (NaiveDate::from_ymd_opt(2026, 10, 3).unwrap(), NaiveDate::from_ymd_opt(2026, 10, 5).unwrap())
    );
    // November 2026 starts on a Sunday: first weekend Sat 7 / Sun 8 (A7).
    let nov = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    assert_eq!(first_weekend(nov, Weekend::A7).0, NaiveDate::from_ymd_opt(2026, 11, 7).unwrap());
    // The other reading: the weekend of Sunday 1 November, i.e. from Saturday 31 October.
    assert_eq!(first_weekend(nov, Weekend::FirstSunday).0, NaiveDate::from_ymd_opt(2026, 10, 31).unwrap());
    // August 2026 starts on a Saturday: Sat 1 / Sun 2 under both readings.
    let aug = NaiveDate::from_ymd_opt(2026, 8, 1).unwrap();
    assert_eq!(first_weekend(aug, Weekend::A7), first_weekend(aug, Weekend::FirstSunday));
}

#[test]
fn sprint_monthly_backup_on_the_second_weekend_fails() {
    // October 2026: first weekend Sat 3 / Sun 4. The only monthly backup is on Sat 10 → fail,
    // naming the day.
    let ctx = ctx("sprint-open");
    let rows = vec![row(p(2026, 10, 10, 2, 0), BackupType::Monthly, BackupStatus::Success)];
    let log = log(&ctx, rows);
    let f = monthly_frequency(commitment(&ctx, "backup.monthly.frequency"), &ctx, &log, Some(Weekend::A7));
    assert_eq!(f.verdict, Verdict::Fail);
    let m = item(&f, "2026-10");
    assert_eq!(m.detail, "the monthly backup of 2026-10 was taken on Saturday 2026-10-10, not on the first weekend (Sat 3 Oct / Sun 4 Oct)");
    // On Sunday 4 October 23:30 Paris it passes (still the first weekend locally).
    let rows = vec![row(p(2026, 10, 4, 23, 30), BackupType::Monthly, BackupStatus::Success)];
    let f = monthly_frequency(
        commitment(&ctx, "backup.monthly.frequency"),
        &ctx,
        &super::tests::log(&ctx, rows),
        Some(Weekend::A7),
    );
    assert_eq!(f.verdict, Verdict::Pass);
    // Talentsoft (any day of the month): the 10th is fine.
    let ctx = super::tests::ctx("talentsoft");
    let rows = vec![row(p(2026, 10, 10, 2, 0), BackupType::Monthly, BackupStatus::Success)];
    let f = monthly_frequency(commitment(&ctx, "backup.monthly.frequency"), &ctx, &super::tests::log(&ctx, rows), None);
    assert_eq!(f.verdict, Verdict::Pass);
}

#[test]
fn a_month_starting_on_sunday_has_its_first_weekend_on_the_7th_and_8th() {
    // November 2026 starts on Sunday 1: A7 puts its first weekend on Sat 7 / Sun 8.
    let nov = |as_of| Context {
        period: Period { from: p(2026, 11, 1, 0, 0), to: p(2026, 12, 1, 0, 0), as_of },
        ..ctx("sprint-open")
    };
    let ctx = nov(p(2026, 12, 1, 0, 0));
    let c = commitment(&ctx, "backup.monthly.frequency");
    // Taken on Sunday 8 November → pass; A7 note: under the other reading (Sun 1 Nov) it fails.
    let on_8th = vec![row(p(2026, 11, 8, 2, 0), BackupType::Monthly, BackupStatus::Success)];
    let l = log(&ctx, on_8th);
    let f = monthly_frequency(c, &ctx, &l, Some(Weekend::A7));
    assert_eq!(f.verdict, Verdict::Pass);
    // A passing month is no item (SPEC §3.4: each missing month is an item); its window is in
    // `measured.windows`.
    assert!(f.items.is_empty());
    assert_eq!(f.measured.to_map()["windows"]["2026-11"], json!(["2026-11-07", "2026-11-08"]));
    let notes = ambiguity_a7(c, &ctx, &l);
    assert_eq!(notes.len(), 1);
    assert!(notes[0].contains("read as Sun 1 Nov (with the Saturday before), the month would be fail and the backup.monthly.frequency verdict would be fail instead of pass"), "{}", notes[0]);
    // Taken on Sunday 1 November → fail under A7 (not the first weekend).
    let on_1st = vec![row(p(2026, 11, 1, 2, 0), BackupType::Monthly, BackupStatus::Success)];
    let f = monthly_frequency(c, &ctx, &log(&ctx, on_1st), Some(Weekend::A7));
    assert_eq!(f.verdict, Verdict::Fail);
    // As of Sat 7 November 12:00, the weekend is not over: open, not fail.
    let ctx = nov(p(2026, 11, 7, 12, 0));
    let f = monthly_frequency(c, &ctx, &log(&ctx, Vec::new()), Some(Weekend::A7));
    assert_eq!(item(&f, "2026-11").verdict, Verdict::Open);
}

#[test]
fn a_copy_in_a_single_location_fails() {
    let ctx = ctx("sprint-open");
    let at = |b: Backup, l: Option<&str>| Backup { location: l.map(str::to_string), ..b };
    let rows = vec![
        // 14 Oct: two copies, both in Paris-DC2 (case differs) → one distinct place → fail.
        at(ok_daily(p(2026, 10, 14, 1, 0)), Some("paris-dc2")),
        at(ok_daily(p(2026, 10, 14, 1, 5)), Some("Paris-DC2")),
        // 15 Oct: Paris-DC2 and Lyon-DC1 → pass.
        at(ok_daily(p(2026, 10, 15, 1, 0)), Some("paris-dc2")),
        at(ok_daily(p(2026, 10, 15, 1, 5)), Some("lyon-dc1")),
        // 16 Oct: one in Paris, one without a location (unknown adds no place) → fail.
        at(ok_daily(p(2026, 10, 16, 1, 0)), Some("paris-dc2")),
        at(ok_daily(p(2026, 10, 16, 1, 5)), None),
        // 17 Oct: the Lyon copy failed: only successful copies count → fail.
        at(ok_daily(p(2026, 10, 17, 1, 0)), Some("paris-dc2")),
        at(row(p(2026, 10, 17, 1, 5), BackupType::Daily, BackupStatus::Partial), Some("lyon-dc1")),
    ];
    let f = copies(commitment(&ctx, "backup.copies"), &ctx, &log(&ctx, rows), 2);
    assert_eq!(f.verdict, Verdict::Fail);
    assert_eq!(f.measured.to_map()["backups"], json!(4));
    assert_eq!(f.measured.to_map()["failed"], json!(3));
    assert_eq!(item(&f, "2026-10-14").detail, "daily backup of 2026-10-14: 2 copies, only paris-dc2");
    assert_eq!(item(&f, "2026-10-15").verdict, Verdict::Pass);
    assert_eq!(item(&f, "2026-10-16").values.to_map()["unknown_locations"], json!(1));
    assert_eq!(item(&f, "2026-10-17").values.to_map()["copies"], json!(1));
}

#[test]
fn daily_and_monthly_copies_of_the_same_day_have_distinct_subjects() {
    // Sprint, Sat 3 Oct 2026 (the first weekend): the daily backup has copies in paris-dc2
    // and lyon-dc1 → pass, subject `2026-10-03`; the monthly backup of the same night is only
    // in paris-dc2 → fail, subject `2026-10` (the month), not a second `2026-10-03`.
    let ctx = ctx("sprint-open");
    let at = |b: Backup, l: &str| Backup { location: Some(l.to_string()), ..b };
    let monthly = |t| row(t, BackupType::Monthly, BackupStatus::Success);
    let rows = vec![
        at(ok_daily(p(2026, 10, 3, 1, 0)), "paris-dc2"),
        at(ok_daily(p(2026, 10, 3, 1, 5)), "lyon-dc1"),
        at(monthly(p(2026, 10, 3, 22, 0)), "paris-dc2"),
    ];
    let f = copies(commitment(&ctx, "backup.copies"), &ctx, &log(&ctx, rows.clone()), 2);
    let subjects: Vec<&str> = f.items.iter().map(|i| i.subject.as_str()).collect();
    assert_eq!(subjects, ["2026-10-03", "2026-10"]);
    assert_eq!(item(&f, "2026-10-03").verdict, Verdict::Pass);
    let m = item(&f, "2026-10");
    assert_eq!(m.verdict, Verdict::Fail);
    assert_eq!(m.values.to_map()["type"], json!("monthly"));
    assert_eq!(m.values.to_map()["taken_on"], json!(["2026-10-03"]));
    assert_eq!(m.detail, "monthly backup of 2026-10-03: 1 copy, only paris-dc2");
    // A second monthly backup on Sun 4 Oct in both places: still one `2026-10` item, failing
    // because the backup of the 3rd is single-site; 3 backups judged (1 daily + 2 monthly),
    // 1 failed, 2 items.
    let mut rows = rows;
    rows.push(at(monthly(p(2026, 10, 4, 22, 0)), "paris-dc2"));
    rows.push(at(monthly(p(2026, 10, 4, 22, 5)), "lyon-dc1"));
    let f = copies(commitment(&ctx, "backup.copies"), &ctx, &log(&ctx, rows), 2);
    assert_eq!(f.items.len(), 2);
    assert_eq!(f.measured.to_map()["backups"], json!(3));
    assert_eq!(f.measured.to_map()["failed"], json!(1));
    let m = item(&f, "2026-10");
    assert_eq!(m.verdict, Verdict::Fail);
    assert_eq!(m.values.to_map()["taken_on"], json!(["2026-10-03", "2026-10-04"]));
    assert_eq!(m.values.to_map()["copies"], json!(3));
}

#[test]
fn test_environment_rows_are_ignored_and_noted() {
    let ctx = ctx("talentsoft");
    let mut test_row = ok_daily(p(2026, 10, 3, 1, 0));
    test_row.environment = Environment::Test;
    test_row.environment_name = "recette".into();
    let late = ok_daily(p(2026, 11, 2, 1, 0));
    let l = log(&ctx, vec![ok_daily(p(2026, 10, 2, 1, 0)), test_row, late]);
    assert_eq!(l.backups.len(), 1);
    let notes = super::notes(&ctx, &l);
    assert_eq!(notes.len(), 2);
    assert!(notes[0].contains("1 row of test environments (recette: 1) ignored"), "{}", notes[0]);
    assert!(notes[1].contains("1 backup taken after as-of"), "{}", notes[1]);
    // The test row does not make 3 October pass.
    let f = daily_frequency(commitment(&ctx, "backup.daily.frequency"), &ctx, &l);
    assert_eq!(item(&f, "2026-10-03").verdict, Verdict::Fail);
    assert_eq!(item(&f, "2026-10-03").detail, "no successful daily backup on 2026-10-03: no attempt recorded");
}

#[test]
fn a_retention_past_the_end_of_the_calendar_never_panics() {
    // Issue 12: `monthly_retention = "1000000 years"` made deadline + grace overflow (exit 101).
    // Past chrono's last instant the deadline is held there: a copy deleted on 2026-10-13 was
    // deleted before it, a fail, not a panic.
    let ctx = ctx("talentsoft");
    let rows = vec![deleted(ok_daily(p(2026, 9, 5, 1, 0)), p(2026, 10, 13, 1, 0), "paris")];
    for retention in [Span::Months(u32::MAX), Span::Days(i64::MAX), Span::Minutes(i64::MAX)] {
        let f = retention_check(
            commitment(&ctx, "backup.daily.retention"),
            &ctx,
            &log(&ctx, rows.clone()),
            BackupType::Daily,
            retention,
        );
        assert_eq!(f.verdict, Verdict::Fail, "{retention}: {}", f.evidence);
    }
}
