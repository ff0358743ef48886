//! Sprint support check tests (take charge, action plan, corrections) on tickets built in code;
//! business minutes are worked out by hand in the comments.
//!
//! Test code only: the parent declares this module under #[cfg(test)].

use chrono::NaiveDate;
use serde_json::json;

use super::*;
use crate::checks::clock::{fold_sorted, Ticket};
use crate::checks::test_support::{ctx_for, paris};
use crate::ingest::tickets::{Status, TicketEvent};

fn ticket(ctx: &Context, id: &str, sev: Option<Severity>, rows: &[(&str, Status)]) -> Ticket {
    let events: Vec<TicketEvent> = rows
        .iter()
        .enumerate()
        .map(|(i, (at, status))| TicketEvent {
            ticket: id.to_string(),
            at: paris(at),
            frac: 0,
            status: *status,
            severity: sev,
            subject: None,
            line: i as u64 + 2,
        })
        .collect();
    let (clock, _) = fold_sorted(&events, &ctx.support, ctx.period.cut()).unwrap();
    let outcome = clock.outcome(&ctx.support, &ctx.period);
    Ticket { clock, outcome, severity: sev }
}

fn set(tickets: Vec<Ticket>) -> TicketSet {
    let summary = crate::checks::test_support::summary("tickets", "t.csv", 0);
    TicketSet {
        tickets,
        rows_after_as_of: 0,
        format: crate::ingest::ticket_source::TicketsFormat::History,
        listed_without_severity: 0,
        summary,
        notes: Vec::new(),
    }
}

fn take_charge_tickets(ctx: &Context) -> TicketSet {
    use Status::*;
    set(vec![
        // Created before the window (2025-11-01 00:00 Paris): not counted.
        ticket(ctx, "A", None, &[("2025-10-31 10:00", New), ("2025-11-05 10:00", Open)]),
        // Mon 09:00 → 15:00 the same day: 6 h = 360 min ≤ 480: within.
        ticket(ctx, "B", None, &[("2025-11-03 09:00", New), ("2025-11-03 15:00", Acknowledged)]),
        // Fri 17:00 → Mon 16:00: 17:00–18:30 (90) + 08:30–16:00 (450) = 540 > 480: missed.
        ticket(ctx, "C", None, &[("2026-03-06 17:00", New), ("2026-03-09 16:00", Open)]),
        // Pending counts as taken in charge: 10:00 → 11:00 = 60 min: within.
        ticket(ctx, "D", None, &[("2026-06-10 10:00", New), ("2026-06-10 11:00", Pending)]),
        // Fri 14 Aug 18:00 → Mon 17 Aug 09:00 (Sat 15 Aug is a holiday anyway): 30 + 30 = 60: within.
        ticket(ctx, "G", None, &[("2026-08-14 18:00", New), ("2026-08-17 09:00", Open)]),
        // Still new at the end: Mon 26 Oct 09:00 → 18:30 alone is 570 > 480: missed.
        ticket(ctx, "F", None, &[("2026-10-26 09:00", New)]),
        // Still new at the end: Fri 30 Oct 16:00 → 18:30 = 150 ≤ 480: left out of the share.
        ticket(ctx, "E", None, &[("2026-10-30 16:00", New)]),
    ])
}

#[test]
fn take_charge_share_over_twelve_months() {
    let ctx = ctx_for("sprint-open", "2026-10");
    let c = ctx.profile.commitment("ticket.take-charge").unwrap().clone();
    let window = take_charge_window(&ctx, 12, None);
    assert_eq!(window.0, paris("2025-11-01 00:00"));
    let f = take_charge(&ctx, &c, 480, 75.0, window, &take_charge_tickets(&ctx));
    // Counted: B, C, D, G, F; within: B, D, G → 3 / 5 = 60 % < 75 %: fail.
    assert_eq!(f.verdict, Verdict::Fail);
    assert_eq!(f.measured.to_map()["share_pct"], json!(60.0));
    assert_eq!(f.measured.to_map()["counted"], json!(5));
    assert_eq!(f.measured.to_map()["left_out_still_new"], json!(1));
    let c_item = f.items.iter().find(|i| i.subject == "C").unwrap();
    assert_eq!(c_item.values.to_map()["measured_minutes"], json!(540));
    assert_eq!(c_item.verdict, Verdict::Fail);
    let f_item = f.items.iter().find(|i| i.subject == "F").unwrap();
    // F measured up to the window end: Mon 26–Fri 30 Oct, 5 × 600 minus 08:30–09:00 = 2970.
    assert_eq!(f_item.values.to_map()["measured_minutes"], json!(2970));
    assert!(!f.items.iter().any(|i| i.subject == "A"));
}

#[test]
fn take_charge_window_starts_at_support_start() {
    // --support-start 2026-06-01: D, G within, F missed (C and B fall before) → 2 / 3 = 66.67 %.
    let ctx = ctx_for("sprint-open", "2026-10");
    let c = ctx.profile.commitment("ticket.take-charge").unwrap().clone();
    let window = take_charge_window(&ctx, 12, NaiveDate::from_ymd_opt(2026, 6, 1));
    assert_eq!(window.0, paris("2026-06-01 00:00"));
    let f = take_charge(&ctx, &c, 480, 75.0, window, &take_charge_tickets(&ctx));
    assert_eq!(f.measured.to_map()["share_pct"], json!(200.0 / 3.0)); // unrounded
    assert_eq!(f.verdict, Verdict::Fail);
    // Private support (4 h): G and D within 60 min still pass; 2 / 3 again.
    let f = take_charge(&ctx, &c, 240, 60.0, window, &take_charge_tickets(&ctx));
    assert_eq!(f.verdict, Verdict::Pass);
}

#[test]
fn correction_deadline_skips_whit_monday() {
    use Status::*;
    // Qualified Fri 2026-05-22 14:30. Working days after: Tue 26 (Whit Monday 25 is a holiday),
    // Wed 27, Thu 28, Fri 29, Mon 1 Jun, Tue 2 Jun → deadline Tue 2026-06-02 14:30.
    let rows = |solved: &'static str| {
        vec![("2026-05-21 10:00", New), ("2026-05-21 11:00", Open), ("2026-05-22 14:30", Qualified), (solved, Solved)]
    };
    let ctx = ctx_for("sprint-open", "2026-06");
    let c = ctx.profile.commitment("ticket.correction").unwrap().clone();
    let t = ticket(&ctx, "T-2", Some(Severity::Major), &rows("2026-06-02 14:00"));
    let f = correction(&ctx, &c, 6, &set(vec![t]));
    assert_eq!(f.verdict, Verdict::Pass);
    let item = &f.items[0];
    assert_eq!(item.values.to_map()["deadline"], json!("2026-06-02T14:30:00+02:00"));
    // Business minutes of paris-support (08:30–18:30, 600 a day): target = 22 May 14:30–18:30
    // (240) + 26, 27, 28, 29 May and 1 Jun (5 × 600 = 3,000) + 2 Jun 08:30–14:30 (360) = 3,600;
    // measured to the fix at 14:00 = 3,600 − 30 = 3,570.
    assert_eq!(item.values.to_map()["measured_minutes"], json!(3_570));
    assert_eq!(item.values.to_map()["target_minutes"], json!(3_600));
    // Solved at 15:00, half an hour after the deadline: fail.
    let t = ticket(&ctx, "T-2", Some(Severity::Major), &rows("2026-06-02 15:00"));
    assert_eq!(correction(&ctx, &c, 6, &set(vec![t])).verdict, Verdict::Fail);
    // Seen at the end of May, unsolved: open, measured 22 May 14:30 → 1 Jun 00:00 in business
    // minutes = 240 + 26–29 May (4 × 600) = 2,640.
    let ctx = ctx_for("sprint-open", "2026-05");
    let t = ticket(&ctx, "T-2", Some(Severity::Major), &rows("2026-06-02 14:00")[..3]);
    let f = correction(&ctx, &c, 6, &set(vec![t]));
    assert_eq!(f.items[0].verdict, Verdict::Open);
    assert_eq!(f.items[0].values.to_map()["measured_minutes"], json!(2_640));
}

#[test]
fn action_plan_from_qualification_or_take_charge() {
    use Status::*;
    let ctx = ctx_for("sprint-open", "2026-10");
    let c = ctx.profile.commitment("ticket.action-plan").unwrap().clone();
    let tickets = vec![
        // Qualified Tue 6 Oct 16:00 → plan Thu 8 Oct 09:00: 150 + 600 + 30 = 780 > 720: fail.
        ticket(
            &ctx,
            "P1-a",
            Some(Severity::Blocking),
            &[("2026-10-06 09:00", New), ("2026-10-06 16:00", Qualified), ("2026-10-08 09:00", ActionPlan)],
        ),
        // No `qualified`: from the take-charge (10:00) to the plan (16:00) = 360 ≤ 720: pass.
        ticket(
            &ctx,
            "P1-b",
            Some(Severity::Blocking),
            &[("2026-10-12 09:00", New), ("2026-10-12 10:00", Acknowledged), ("2026-10-12 16:00", ActionPlan)],
        ),
        // A priority-2 ticket is not an action-plan item.
        ticket(&ctx, "P2", Some(Severity::Major), &[("2026-10-12 09:00", New), ("2026-10-12 10:00", Qualified)]),
        // Plan given before the period: not an item of October.
        ticket(
            &ctx,
            "P1-old",
            Some(Severity::Blocking),
            &[("2026-09-01 09:00", New), ("2026-09-01 10:00", Qualified), ("2026-09-02 10:00", ActionPlan)],
        ),
    ];
    let f = action_plan(&ctx, &c, 720, &set(tickets));
    assert_eq!(f.verdict, Verdict::Fail);
    let subjects: Vec<&str> = f.items.iter().map(|i| i.subject.as_str()).collect();
    assert_eq!(subjects, ["P1-a", "P1-b"]);
    assert_eq!(f.items[0].values.to_map()["measured_minutes"], json!(780));
    assert_eq!(f.items[1].values.to_map()["measured_minutes"], json!(360));
    assert_eq!(f.items[1].verdict, Verdict::Pass);
}

#[test]
fn milestones_are_the_first_of_each() {
    use Status::*;
    let ctx = ctx_for("sprint-open", "2026-10");
    let t = ticket(
        &ctx,
        "M",
        None,
        &[
            ("2026-10-05 09:00", Open),
            ("2026-10-05 10:00", Qualified),
            ("2026-10-05 11:00", Solved),
            ("2026-10-05 12:00", Qualified),
            ("2026-10-05 13:00", Solved),
        ],
    );
    let m = t.clock.milestones;
    // Created `open`: taken in charge at creation.
    assert_eq!(m.taken, Some(paris("2026-10-05 09:00")));
    assert_eq!(m.qualified, Some(paris("2026-10-05 10:00")));
    assert_eq!(m.action_plan, Some(paris("2026-10-05 11:00")));
    assert_eq!(m.solved, Some(paris("2026-10-05 11:00")));
}

/// Writes `body` to a temporary file and reads it as a ticket history for `ctx`.
fn read_tickets(ctx: &Context, name: &str, body: &str) -> Result<TicketSet, crate::error::InputError> {
    use crate::ingest::{OnInvalid, ReadOptions};
    let path = std::env::temp_dir().join(format!("livret-{name}-{}.csv", std::process::id()));
    std::fs::write(&path, body).unwrap();
    let opts = ReadOptions {
        delimiter: None,
        zone: chrono_tz::Europe::Paris,
        on_invalid: OnInvalid::Stop,
        ..Default::default()
    };
    let set = TicketSet::read(&path, &opts, &Default::default(), ctx);
    std::fs::remove_file(&path).ok();
    set
}

#[test]
fn sprint_tickets_without_a_priority_are_no_input_error() {
    // Mon 5 Oct 09:00 new → 10:00 open → Tue 6 Oct 10:00 solved, no severity column at all.
    let body =
        "ticket_id,timestamp,status\nA,2026-10-05 09:00,new\nA,2026-10-05 10:00,open\nA,2026-10-06 10:00,solved\n";
    let ctx = ctx_for("sprint-open", "2026-10");
    let set = read_tickets(&ctx, "no-priority", body).unwrap();
    assert_eq!(set.tickets.len(), 1);
    assert_eq!(set.tickets[0].severity, None);
    // Take-charge: 09:00 → 10:00 = 60 business minutes ≤ 480: 1 of 1 within, pass.
    let c = ctx.profile.commitment("ticket.take-charge").unwrap().clone();
    let f = take_charge(&ctx, &c, 480, 75.0, take_charge_window(&ctx, 12, None), &set);
    assert_eq!(f.verdict, Verdict::Pass);
    assert_eq!(f.items[0].values.to_map()["measured_minutes"], json!(60));
    // Neither a priority-1 nor a priority-2 ticket: no action-plan or correction item.
    let c = ctx.profile.commitment("ticket.action-plan").unwrap().clone();
    assert_eq!(action_plan(&ctx, &c, 720, &set).items.len(), 0);
    let c = ctx.profile.commitment("ticket.correction").unwrap().clone();
    assert_eq!(correction(&ctx, &c, 6, &set).items.len(), 0);
    // Resolution (Talentsoft) still needs one: the same ticket, solved in October, is an error.
    let ctx = ctx_for("talentsoft", "2026-10");
    let err = read_tickets(&ctx, "no-severity-ts", body).unwrap_err();
    assert!(err.reason.contains("no severity"), "{}", err.reason);
}

#[test]
fn closed_without_solved_is_no_fix() {
    use Status::*;
    // SPEC §3.2 reads "to the first `action-plan` or `solved`" / "to the first `solved`":
    // a `closed` row is not a `solved` row.
    let ctx = ctx_for("sprint-open", "2026-10");
    let rows = [("2026-10-05 09:00", New), ("2026-10-05 10:00", Qualified), ("2026-10-05 11:00", Closed)];
    let m = ticket(&ctx, "X", None, &rows).clock.milestones;
    assert_eq!((m.action_plan, m.solved), (None, None));
    // Priority 2, qualified Mon 5 Oct 10:00, closed 11:00, never solved: deadline = 6th working
    // day after = Tue 13 Oct 10:00 (6, 7, 8, 9, 12, 13 Oct); the cut (1 Nov 00:00) is past it,
    // so no fix by the deadline: fail.
    let c = ctx.profile.commitment("ticket.correction").unwrap().clone();
    let f = correction(&ctx, &c, 6, &set(vec![ticket(&ctx, "X", Some(Severity::Major), &rows)]));
    assert_eq!(f.items[0].values.to_map()["solved_at"], json!(null));
    assert_eq!(f.items[0].verdict, Verdict::Fail);
    // Priority 1, same rows: no plan; from 10:00 on 5 Oct to the cut is far over 720 business
    // minutes (the rest of 5 Oct alone is 10:00–18:30 = 510, plus 600 on 6 Oct): fail.
    let c = ctx.profile.commitment("ticket.action-plan").unwrap().clone();
    let f = action_plan(&ctx, &c, 720, &set(vec![ticket(&ctx, "X", Some(Severity::Blocking), &rows)]));
    assert_eq!(f.items[0].values.to_map()["action_plan_at"], json!(null));
    assert_eq!(f.items[0].verdict, Verdict::Fail);
}
