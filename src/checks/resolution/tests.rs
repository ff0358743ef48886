//! Unit tests of the resolution clock and verdicts, on events built in code. Expected
//! minutes are worked out by hand in the comments (Paris support, 08:30–18:30 Mon–Fri).
//!
//! Test code only: the parent declares this module under #[cfg(test)].

use chrono::{DateTime, TimeZone, Utc};

use super::*;
use crate::calendar::Calendar;
use crate::checks::clock::{fold_sorted, Outcome, TicketClock};
use crate::checks::Period;
use crate::ingest::tickets::{Status, TicketEvent};

fn p(d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    chrono_tz::Europe::Paris.with_ymd_and_hms(2026, 10, d, h, mi, 0).unwrap().with_timezone(&Utc)
}

fn ev(at: DateTime<Utc>, status: Status, line: u64) -> TicketEvent {
    TicketEvent { ticket: "T".into(), at, frac: 0, status, severity: Some(Severity::Major), subject: None, line }
}

fn october() -> Period {
    let to = chrono_tz::Europe::Paris.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap().with_timezone(&Utc);
    Period { from: p(1, 0, 0), to, as_of: to }
}

fn fold(events: &[TicketEvent], period: &Period) -> (TicketClock, Outcome) {
    let cal = Calendar::builtin("paris-support").unwrap();
    let (clock, _) = fold_sorted(events, &cal, period.cut()).unwrap();
    let outcome = clock.outcome(&cal, period);
    (clock, outcome)
}

#[test]
fn minutes_round_up_so_the_verdict_and_the_figure_agree() {
    assert_eq!(ceil_minutes(0), 0);
    assert_eq!(ceil_minutes(60), 1);
    assert_eq!(ceil_minutes(61), 2);
    // 900 minutes and 1 second is over a 900-minute target, and shows as 901.
    assert_eq!(ticket_verdict(true, 900 * 60 + 1, Some(900)), Verdict::Fail);
    assert_eq!(ceil_minutes(900 * 60 + 1), 901);
    assert_eq!(ticket_verdict(true, 900 * 60, Some(900)), Verdict::Pass);
    assert_eq!(ticket_verdict(false, 900 * 60, Some(900)), Verdict::Open);
    assert_eq!(ticket_verdict(false, 900 * 60 + 60, Some(900)), Verdict::Fail);
    assert_eq!(ticket_verdict(true, 10, None), Verdict::NotApplicable);
}

#[test]
fn solved_then_closed_resolves_at_the_solve() {
    // New Mon 5 Oct 09:00, solved 11:00, closed Tue 6 Oct 09:00: resolved at 11:00, 120 minutes.
    let evs = [ev(p(5, 9, 0), Status::New, 2), ev(p(5, 11, 0), Status::Solved, 3), ev(p(6, 9, 0), Status::Closed, 4)];
    let (_, o) = fold(&evs, &october());
    assert_eq!(o.resolved_at, Some(p(5, 11, 0)));
    assert_eq!(o.measured_secs, 120 * 60);
    assert!(o.in_period);
}

#[test]
fn customer_statuses_stop_the_clock() {
    // New 09:00, Pending 10:00, Awaiting approval 14:00, Open Wed 7 Oct 09:00, Solved 10:00:
    // 60 (new) + 0 + 0 + 60 (open) = 120.
    let evs = [
        ev(p(5, 9, 0), Status::New, 2),
        ev(p(5, 10, 0), Status::Pending, 3),
        ev(p(5, 14, 0), Status::AwaitingApproval, 4),
        ev(p(7, 9, 0), Status::Open, 5),
        ev(p(7, 10, 0), Status::Solved, 6),
    ];
    let (_, o) = fold(&evs, &october());
    assert_eq!(o.measured_secs, 120 * 60);
}

#[test]
fn reopened_ticket_resumes_its_clock_and_resolves_at_the_last_stop() {
    // New Mon 09:00, Solved 10:00 (60), Open Tue 09:00, Closed Tue 09:30 (30): 90 minutes,
    // resolved at Tue 09:30 (start of the last run of stopped statuses).
    let evs = [
        ev(p(5, 9, 0), Status::New, 2),
        ev(p(5, 10, 0), Status::Solved, 3),
        ev(p(6, 9, 0), Status::Open, 4),
        ev(p(6, 9, 30), Status::Closed, 5),
    ];
    let (_, o) = fold(&evs, &october());
    assert_eq!(o.measured_secs, 90 * 60);
    assert_eq!(o.resolved_at, Some(p(6, 9, 30)));
}

#[test]
fn resolved_before_the_period_is_not_in_it() {
    let evs = [ev(p(1, 9, 0), Status::New, 2), ev(p(1, 10, 0), Status::Solved, 3)];
    let november = Period { from: october().to, to: october().to + chrono::Duration::days(30), as_of: october().to };
    let (_, o) = fold(&evs, &november);
    assert!(!o.in_period);
}

#[test]
fn created_after_the_period_end_is_not_in_it() {
    // A ticket created on 2 Nov, seen with as-of 10 Nov, is not in October's audit.
    let nov2 = chrono_tz::Europe::Paris.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap().with_timezone(&Utc);
    let mut period = october();
    period.as_of = nov2 + chrono::Duration::days(8);
    let (_, o) = fold(&[ev(nov2, Status::New, 2)], &period);
    assert!(!o.in_period);
}

#[test]
fn unresolved_at_the_end_is_measured_to_the_end() {
    // New Fri 30 Oct 17:00 (on hold at 17:30): 17:00–18:30 = 90 minutes up to 1 Nov 00:00.
    let evs = [ev(p(30, 17, 0), Status::New, 2), ev(p(30, 17, 30), Status::OnHold, 3)];
    let (_, o) = fold(&evs, &october());
    assert!(o.in_period);
    assert_eq!(o.resolved_at, None);
    assert_eq!(o.measured_secs, 90 * 60);
}

#[test]
fn a_row_exactly_at_the_period_end_belongs_to_the_next_period() {
    // Solved at 1 Nov 00:00 exactly (as-of 2 Nov): at the end of October the ticket was open;
    // it stays in October, measured to the end: Fri 30 Oct 17:00–18:30 = 90.
    let end = october().to;
    let mut period = october();
    period.as_of = end + chrono::Duration::days(1);
    let evs = [ev(p(30, 17, 0), Status::New, 2), ev(end, Status::Solved, 3)];
    let (_, o) = fold(&evs, &period);
    assert!(o.in_period);
    assert_eq!(o.resolved_at, None);
    assert_eq!(o.measured_secs, 90 * 60);
}

#[test]
fn seconds_are_kept() {
    // 09:00:30 → 09:02:00 is 90 seconds: 2 minutes once rounded up.
    let a = p(5, 9, 0) + chrono::Duration::seconds(30);
    let evs = [ev(a, Status::New, 2), ev(p(5, 9, 2), Status::Solved, 3)];
    let (_, o) = fold(&evs, &october());
    assert_eq!(o.measured_secs, 90);
    assert_eq!(ceil_minutes(o.measured_secs), 2);
}
