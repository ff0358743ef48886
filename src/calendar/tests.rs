//! Calendar tests. Every expected value is worked out by hand in the comment above it, from
//! the booklets' hours (Paris support Mon–Fri 08:30–18:30, Montréal 09:00–17:00).
//!
//! Test code only: the parent declares this module under #[cfg(test)].

use super::*;
use chrono::TimeZone;
use proptest::prelude::*;

fn paris() -> Calendar {
    Calendar::builtin("paris-support").unwrap()
}

/// A Paris local time as an instant.
fn p(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    chrono_tz::Europe::Paris.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap().with_timezone(&Utc)
}

fn minutes(cal: &Calendar, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
    cal.business_seconds(a, b) / 60
}

#[test]
fn across_spring_dst_change() {
    // Fri 2026-03-27 17:00 CET → Mon 2026-03-30 10:00 CEST (clocks went forward on Sun 29th).
    // Friday 17:00–18:30 = 90 min; Monday 08:30–10:00 = 90 min; total 180.
    // A fixed +01:00 offset would read Monday's 08:00Z as 09:00 and give 120.
    let a = p(2026, 3, 27, 17, 0);
    let b = p(2026, 3, 30, 10, 0);
    assert_eq!(b.to_rfc3339(), "2026-03-30T08:00:00+00:00");
    assert_eq!(minutes(&paris(), a, b), 180);
}

#[test]
fn across_autumn_dst_change() {
    // Fri 2026-10-23 18:00 CEST → Mon 2026-10-26 09:30 CET (clocks went back on Sun 25th).
    // Friday 18:00–18:30 = 30; Monday 08:30–09:30 = 60; total 90.
    assert_eq!(minutes(&paris(), p(2026, 10, 23, 18, 0), p(2026, 10, 26, 9, 30)), 90);
}

#[test]
fn ascension_thursday_counts_nothing() {
    // Wed 2026-05-13 17:30 → Fri 2026-05-15 09:30; Thursday 14 May is Ascension.
    // Wed 17:30–18:30 = 60; Thu 0; Fri 08:30–09:30 = 60; total 120.
    assert_eq!(minutes(&paris(), p(2026, 5, 13, 17, 30), p(2026, 5, 15, 9, 30)), 120);
}

#[test]
fn whit_monday_counts_nothing() {
    // Fri 2026-05-22 16:30 → Tue 2026-05-26 10:30; Monday 25 May is Whit Monday.
    // Fri 16:30–18:30 = 120; Mon 0; Tue 08:30–10:30 = 120; total 240.
    assert_eq!(minutes(&paris(), p(2026, 5, 22, 16, 30), p(2026, 5, 26, 10, 30)), 240);
    // With no holidays Monday adds its full 10 hours: 240 + 600 = 840.
    let mut none = paris();
    none.holidays = Holidays::none();
    assert_eq!(minutes(&none, p(2026, 5, 22, 16, 30), p(2026, 5, 26, 10, 30)), 840);
}

#[test]
fn friday_evening_submission_starts_on_monday() {
    // Submitted Fri 2026-10-09 18:00, resolved Mon 2026-10-12 12:00.
    // Fri 18:00–18:30 = 30; Mon 08:30–12:00 = 210; total 240.
    assert_eq!(minutes(&paris(), p(2026, 10, 9, 18, 0), p(2026, 10, 12, 12, 0)), 240);
    // Submitted after closing (18:45): the clock starts Monday 08:30.
    assert_eq!(paris().next_business_instant(p(2026, 10, 9, 18, 45)), p(2026, 10, 12, 8, 30));
    assert_eq!(minutes(&paris(), p(2026, 10, 9, 18, 45), p(2026, 10, 12, 8, 30)), 0);
}

#[test]
fn a_whole_week_is_fifty_hours() {
    // Mon 2026-10-05 00:00 → Mon 2026-10-12 00:00: five days of 10 h = 3,000 min.
    assert_eq!(minutes(&paris(), p(2026, 10, 5, 0, 0), p(2026, 10, 12, 0, 0)), 3000);
}

#[test]
fn montreal_ticket_in_toronto_time() {
    let cal = Calendar::builtin("montreal-support").unwrap();
    let t =
        |y, mo, d, h, mi| chrono_tz::America::Toronto.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap().with_timezone(&Utc);
    // Mon 2026-11-02 16:00 EST → Tue 2026-11-03 10:00 EST: Mon 16:00–17:00 = 60, Tue 09:00–10:00 = 60.
    assert_eq!(minutes(&cal, t(2026, 11, 2, 16, 0), t(2026, 11, 3, 10, 0)), 120);
    // Across Toronto's spring change (Sun 2026-03-08): Fri 03-06 16:00 EST → Mon 03-09 10:00 EDT = 60 + 60.
    assert_eq!(minutes(&cal, t(2026, 3, 6, 16, 0), t(2026, 3, 9, 10, 0)), 120);
    // French holidays do not apply in Montréal: Wed 2026-11-11 counts its 8 hours.
    assert_eq!(minutes(&cal, t(2026, 11, 11, 0, 0), t(2026, 11, 12, 0, 0)), 480);
}

#[test]
fn sprint_prt_day_is_thirteen_hours() {
    // sprint-prt Mon–Fri 07:00–20:00: Tue 2026-10-06 counts 13 h = 780 min.
    let cal = Calendar::builtin("sprint-prt").unwrap();
    assert_eq!(minutes(&cal, p(2026, 10, 6, 0, 0), p(2026, 10, 7, 0, 0)), 780);
}

#[test]
fn working_days_skip_weekends_and_holidays() {
    // Fri 2026-05-22 10:00 + 6 working days: Mon 25 is Whit Monday; Tue 26 (1), Wed 27 (2),
    // Thu 28 (3), Fri 29 (4), Mon 1 June (5), Tue 2 June (6) → 2026-06-02 10:00 Paris.
    assert_eq!(paris().add_working_days(p(2026, 5, 22, 10, 0), 6), p(2026, 6, 2, 10, 0));
    // Across the autumn change the local time is kept: Fri 2026-10-23 09:00 CEST + 1 = Mon 26 09:00 CET.
    assert_eq!(paris().add_working_days(p(2026, 10, 23, 9, 0), 1), p(2026, 10, 26, 9, 0));
}

#[test]
fn resolve_local_gap_and_fold() {
    let zone = chrono_tz::Europe::Paris;
    let n = |h, mi| NaiveDate::from_ymd_opt(2026, 3, 29).unwrap().and_hms_opt(h, mi, 0).unwrap();
    // 02:30 does not exist on 2026-03-29: the first instant after the gap is 03:00 CEST = 01:00Z.
    assert_eq!(resolve_local(zone, n(2, 30)).to_rfc3339(), "2026-03-29T01:00:00+00:00");
    // 02:30 on 2026-10-25 happens twice: the earlier is CEST, 00:30Z.
    let fold = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap().and_hms_opt(2, 30, 0).unwrap();
    assert_eq!(resolve_local(zone, fold).to_rfc3339(), "2026-10-25T00:30:00+00:00");
}

/// Business minutes by brute force: every minute whose local time is in business hours.
fn brute_minutes(cal: &Calendar, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
    let mut t = a;
    let mut n = 0;
    while t < b {
        let l = t.with_timezone(&cal.zone);
        let time = l.time();
        if cal.is_working_day(l.date_naive()) && time >= cal.open && time < cal.close {
            n += 1;
        }
        t += Duration::minutes(1);
    }
    n
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn business_time_is_additive(x in 0i64..40_000_000, y in 0i64..40_000_000, z in 0i64..40_000_000) {
        // Instants from 2026-01-01 over about 15 months, seconds included.
        let base = p(2026, 1, 1, 0, 0);
        let mut v = [x, y, z];
        v.sort();
        let (a, b, c) = (base + Duration::seconds(v[0]), base + Duration::seconds(v[1]), base + Duration::seconds(v[2]));
        for cal in [paris(), Calendar::builtin("montreal-support").unwrap()] {
            prop_assert_eq!(cal.business_seconds(a, c), cal.business_seconds(a, b) + cal.business_seconds(b, c));
        }
    }

    #[test]
    fn business_time_matches_minute_by_minute_count(start in 0i64..500_000, len in 0i64..12_000) {
        // Minute-aligned intervals of up to ~8 days from 2026-03-20 (both DST changes reachable
        // with the autumn start below).
        for base in [p(2026, 3, 20, 0, 0), p(2026, 10, 18, 0, 0), p(2026, 5, 10, 0, 0)] {
            let a = base + Duration::minutes(start % 20_000);
            let b = a + Duration::minutes(len);
            let cal = paris();
            prop_assert_eq!(cal.business_seconds(a, b) / 60, brute_minutes(&cal, a, b));
        }
    }
}
