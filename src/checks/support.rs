//! Sprint support commitments (SPEC §3.2; 004 art. 13): take-charge within 8 (Open) / 4
//! (Private) business hours for at least 75 % of requests over 12 months, the corrective
//! action plan of a priority-1 anomaly within 12 business hours of qualification, and the
//! correction of a priority-2 anomaly within 6 working days of qualification. All three read
//! the milestones that [`TicketClock`] keeps, so they cost O(1) per ticket.

use chrono::{DateTime, Months, NaiveDate, Utc};

use super::clock::{Fix, Ticket, TicketClock, TicketSet};
use super::resolution::ceil_minutes;
use super::{fmt_duration, Context, Finding, Item, Measured, Period, Verdict};
use crate::calendar::resolve_local;
use crate::model::measured::{TakeChargeMeasured, TicketFixMeasured};
use crate::model::values::{ActionPlanValues, CorrectionValues, TakeChargeValues, TicketValues};
use crate::model::Instant;
use crate::profile::{fmt_hours, Commitment, Severity};

/// The stretch a fix clock runs over: from qualification (else take-charge) to the fix, or to
/// the cut when the fix had not come by the period's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixSpan {
    /// First `qualified`, else the take-charge.
    pub start: DateTime<Utc>,
    /// The fix, when it came inside the period (or before the cut).
    pub fixed_at: Option<DateTime<Utc>>,
    /// Where the clock is read: the fix, or the cut.
    pub end: DateTime<Utc>,
}

/// A ticket's fix clock, when it belongs to the period: started before the cut, and fixed in
/// the period or not fixed at its end. `None` for a ticket never taken in charge (still
/// `new`: only take-charge judges it) or fixed before the period.
pub fn fix_span(clock: &TicketClock, fix: Fix, period: &Period) -> Option<FixSpan> {
    let m = &clock.milestones;
    let start = m.qualified_or_taken()?;
    let cut = period.cut();
    if start >= cut {
        return None;
    }
    let fixed = match fix {
        Fix::ActionPlan => m.action_plan,
        Fix::Correction => m.solved,
    };
    match fixed {
        Some(at) if at < period.from => None,
        Some(at) if at < cut => Some(FixSpan { start, fixed_at: Some(at), end: at.max(start) }),
        _ => Some(FixSpan { start, fixed_at: None, end: cut }),
    }
}

/// The take-charge window: the `months` months ending at the period's end, or from the start
/// of support when that is later.
pub fn take_charge_window(
    ctx: &Context,
    months: u32,
    support_start: Option<NaiveDate>,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let zone = ctx.profile.zone;
    let end = ctx.period.to;
    let local_end = end.with_timezone(&zone).naive_local();
    let from = local_end.checked_sub_months(Months::new(months)).map_or(end, |l| resolve_local(zone, l));
    let from = match support_start {
        Some(d) => from.max(resolve_local(zone, d.and_time(chrono::NaiveTime::MIN))),
        None => from,
    };
    (from, end)
}

/// One ticket's take-charge clock: from creation to the first change out of `new`, read at
/// the cut when it has not come by then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TakeCharge {
    /// The take-charge, when it came before the cut.
    pub taken: Option<DateTime<Utc>>,
    /// Business seconds from creation to the take-charge, or to the cut.
    pub secs: i64,
    /// `pass`/`fail` against the target; `open` while still new and within it.
    pub verdict: Verdict,
}

/// The take-charge clock of `clock`, read at `cut`, against `target_minutes`.
pub fn take_charge_of(ctx: &Context, clock: &TicketClock, target_minutes: i64, cut: DateTime<Utc>) -> TakeCharge {
    let taken = clock.milestones.taken.filter(|at| *at < cut);
    let secs = ctx.support.business_seconds(clock.created, taken.unwrap_or(cut));
    let verdict = match taken {
        Some(_) if secs <= target_minutes * 60 => Verdict::Pass,
        Some(_) => Verdict::Fail,
        None if secs > target_minutes * 60 => Verdict::Fail,
        None => Verdict::Open,
    };
    TakeCharge { taken, secs, verdict }
}

/// Where the take-charge clocks are read: the window's end, or as-of when earlier.
pub fn take_charge_cut(ctx: &Context, window: (DateTime<Utc>, DateTime<Utc>)) -> DateTime<Utc> {
    window.1.min(ctx.period.as_of)
}

/// Evaluates `ticket.take-charge`.
pub fn take_charge(
    ctx: &Context,
    c: &Commitment,
    target_minutes: i64,
    share_pct: f64,
    window: (DateTime<Utc>, DateTime<Utc>),
    set: &TicketSet,
) -> Finding {
    let cut = take_charge_cut(ctx, window);
    let zone = ctx.profile.zone;
    let (mut within, mut missed, mut left_out) = (0u64, 0u64, 0u64);
    let mut items = Vec::new();
    for t in set.tickets.iter().filter(|t| window.0 <= t.clock.created && t.clock.created < cut) {
        let TakeCharge { taken, secs, verdict } = take_charge_of(ctx, &t.clock, target_minutes, cut);
        match verdict {
            Verdict::Pass => within += 1,
            Verdict::Fail => missed += 1,
            _ => left_out += 1,
        }
        let values = TakeChargeValues {
            ticket: ticket_values(t, ceil_minutes(secs), target_minutes, zone),
            taken_at: taken.map(|a| Instant::new(a, zone)),
        };
        let state = if taken.is_some() { "taken in charge" } else { "still new" };
        items.push(Item::new(
            t.clock.id.to_string(),
            verdict,
            values,
            format!("{} of {} ({state})", fmt_duration(ceil_minutes(secs)), fmt_duration(target_minutes)),
        ));
    }
    let counted = within + missed;
    let share = (counted > 0).then(|| within as f64 * 100.0 / counted as f64);
    // A window not over at as-of: tickets still to come may lift the share, so a share below
    // target is not yet a breach.
    let window_over = window.1 <= ctx.period.as_of;
    let verdict = match share {
        None if !window_over => Verdict::Open,
        None => Verdict::NotApplicable,
        Some(s) if s >= share_pct => Verdict::Pass,
        Some(_) if !window_over => Verdict::Open,
        Some(_) => Verdict::Fail,
    };
    let mut f = Finding::new(c, verdict);
    f.measured = Measured::TakeCharge(TakeChargeMeasured {
        window_from: Instant::new(window.0, zone),
        window_to: Instant::new(window.1, zone),
        items: items.len(),
        counted,
        within_target: within,
        missed,
        left_out_still_new: left_out,
        share_pct: share,
    });
    let hours = fmt_hours(target_minutes);
    f.evidence = match share {
        None => "no request created in the window was taken in charge or over target".to_string(),
        Some(s) => {
            let mut e = format!(
                "{within} of {counted} requests taken in charge within {hours} business hours ({:.2} %, target ≥ {share_pct} %)",
                s
            );
            if left_out > 0 {
                e.push_str(&format!("; {left_out} still new and within target, left out"));
            }
            e
        }
    };
    f.headline = share.map_or("no request".to_string(), |s| format!("{s:.1} % of {counted}"));
    f.items = items;
    f
}

/// A priority-1 ticket's action-plan clock: business seconds over its span, and the verdict.
pub fn action_plan_of(ctx: &Context, span: &FixSpan, target_minutes: i64) -> (i64, Verdict) {
    let secs = ctx.support.business_seconds(span.start, span.end);
    (secs, super::resolution::ticket_verdict(span.fixed_at.is_some(), secs, Some(target_minutes)))
}

/// A priority-2 ticket's correction clock: the deadline (the same local time `working_days`
/// working days after the span's start) and the verdict, decided by the deadline instant.
pub fn correction_of(ctx: &Context, span: &FixSpan, working_days: u32) -> (DateTime<Utc>, Verdict) {
    let deadline = ctx.support.add_working_days(span.start, working_days);
    let verdict = match span.fixed_at {
        Some(at) if at <= deadline => Verdict::Pass,
        _ if span.end > deadline => Verdict::Fail,
        _ => Verdict::Open,
    };
    (deadline, verdict)
}

/// Evaluates `ticket.action-plan` (priority 1, business minutes against the target).
pub fn action_plan(ctx: &Context, c: &Commitment, target_minutes: i64, set: &TicketSet) -> Finding {
    let mut items = Vec::new();
    let zone = ctx.profile.zone;
    for (t, span) in fix_items(set, Severity::Blocking, Fix::ActionPlan, &ctx.period) {
        let (secs, verdict) = action_plan_of(ctx, &span, target_minutes);
        let minutes = ceil_minutes(secs);
        let values = ActionPlanValues {
            ticket: ticket_values(t, minutes, target_minutes, zone),
            qualified_at: Instant::new(span.start, zone),
            action_plan_at: span.fixed_at.map(|a| Instant::new(a, zone)),
        };
        let state = if span.fixed_at.is_some() { "plan given" } else { "no plan yet" };
        items.push(Item::new(
            t.clock.id.to_string(),
            verdict,
            values,
            format!("{} of {} ({state})", fmt_duration(minutes), fmt_duration(target_minutes)),
        ));
    }
    summarise(c, items, &format!("{} business hours", fmt_hours(target_minutes)), "priority-1")
}

/// Evaluates `ticket.correction` (priority 2): the fix by the same local time on the Nth
/// working day after qualification. Like every other `ticket.*` item, `measured_minutes` and
/// `target_minutes` are business minutes of the support calendar (start → fix or cut, start →
/// deadline); the verdict is decided by the deadline instant (fix at or before it passes).
pub fn correction(ctx: &Context, c: &Commitment, working_days: u32, set: &TicketSet) -> Finding {
    let mut items = Vec::new();
    let zone = ctx.profile.zone;
    for (t, span) in fix_items(set, Severity::Major, Fix::Correction, &ctx.period) {
        let (deadline, verdict) = correction_of(ctx, &span, working_days);
        let measured = ceil_minutes(ctx.support.business_seconds(span.start, span.end));
        let target = ceil_minutes(ctx.support.business_seconds(span.start, deadline));
        let values = CorrectionValues {
            ticket: ticket_values(t, measured, target, zone),
            qualified_at: Instant::new(span.start, zone),
            deadline: Instant::new(deadline, zone),
            solved_at: span.fixed_at.map(|a| Instant::new(a, zone)),
        };
        let state = match span.fixed_at {
            Some(at) => format!("solved {}", at.with_timezone(&zone).format("%Y-%m-%d %H:%M")),
            None => "not solved yet".to_string(),
        };
        items.push(Item::new(
            t.clock.id.to_string(),
            verdict,
            values,
            format!("deadline {} ({state})", deadline.with_timezone(&zone).format("%Y-%m-%d %H:%M")),
        ));
    }
    summarise(c, items, &format!("{working_days} working days"), "priority-2")
}

/// The tickets of `severity` whose fix clock belongs to the period, with their span.
fn fix_items<'a>(
    set: &'a TicketSet,
    severity: Severity,
    fix: Fix,
    period: &'a Period,
) -> impl Iterator<Item = (&'a Ticket, FixSpan)> + 'a {
    set.tickets
        .iter()
        .filter(move |t| t.severity == Some(severity))
        .filter_map(move |t| fix_span(&t.clock, fix, period).map(|s| (t, s)))
}

fn ticket_values(t: &Ticket, measured: i64, target: i64, zone: chrono_tz::Tz) -> TicketValues {
    TicketValues {
        measured_minutes: measured,
        target_minutes: target,
        created_at: Instant::new(t.clock.created, zone),
        title: t.clock.subject.as_ref().map(|s| s.to_string()),
    }
}

fn summarise(c: &Commitment, items: Vec<Item>, target: &str, which: &str) -> Finding {
    let count = |v: Verdict| items.iter().filter(|i| i.verdict == v).count();
    let (passed, failed, open) = (count(Verdict::Pass), count(Verdict::Fail), count(Verdict::Open));
    let verdict = match (failed, items.len()) {
        (0, 0) => Verdict::NotApplicable, // nothing to judge is not a pass
        (0, _) => Verdict::Pass,
        _ => Verdict::Fail,
    };
    let mut f = Finding::new(c, verdict);
    f.measured = Measured::TicketFix(TicketFixMeasured { items: items.len(), passed, failed, open });
    let total = items.len();
    f.evidence = if total == 0 {
        format!("no {which} ticket qualified and fixed in the period or unfixed at its end")
    } else if failed > 0 {
        let ids: Vec<&str> = items.iter().filter(|i| i.verdict == Verdict::Fail).map(|i| i.subject.as_str()).collect();
        format!("{failed} of {total} {which} tickets over {target}: {}", ids.join(", "))
    } else {
        let mut s = format!("{passed} of {total} {which} tickets within {target}");
        if open > 0 {
            s.push_str(&format!("; {open} still open, within target so far"));
        }
        s
    };
    f.headline = format!("{passed} passed, {failed} failed, {open} open");
    f.items = items;
    f
}

/// The note that 004 art. 13 defers support hours to the support portal (always, for a
/// profile with Sprint support commitments), with the hours the audit used.
pub fn hours_note(ctx: &Context) -> String {
    let cal = &ctx.support;
    format!(
        "004 art. 13 defers the support opening hours to the support portal (Cegidlife); support times are \
         counted in `{}` ({} {} {}, public holidays excluded); --business-hours HH:MM-HH:MM changes them",
        cal.name,
        cal.zone,
        cal.days_text(),
        cal.hours_text()
    )
}

#[cfg(test)]
mod tests;
