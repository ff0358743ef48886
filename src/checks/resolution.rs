//! Resolution time (SPEC §3.1; 000 §2.6.2, 002 §2.4.2): for each ticket of a severity that
//! was resolved in the period or is unresolved at its end, the business minutes while the
//! vendor held the clock, against the target.

use super::clock::{Ticket, TicketSet};
use super::{fmt_duration, Context, Finding, Item, Measured, ResolutionValues, Values, Verdict};
use crate::model::measured::ResolutionMeasured;
use crate::profile::{fmt_hours, Commitment, Rule, Severity};

/// Business seconds as reported minutes: rounded up, so that `measured > target` in minutes
/// says exactly what the verdict says in seconds.
pub fn ceil_minutes(secs: i64) -> i64 {
    (secs + 59).div_euclid(60)
}

/// The verdict on one ticket.
pub fn ticket_verdict(resolved: bool, measured_secs: i64, target_minutes: Option<i64>) -> Verdict {
    match target_minutes {
        None => Verdict::NotApplicable,
        Some(t) if measured_secs > t * 60 => Verdict::Fail,
        Some(_) if resolved => Verdict::Pass,
        Some(_) => Verdict::Open,
    }
}

/// Evaluates `ticket.resolution.<severity>`.
pub fn check(
    c: &Commitment,
    severity: Severity,
    target_minutes: Option<i64>,
    set: &TicketSet,
    zone: chrono_tz::Tz,
) -> Finding {
    let taken = |t: &&Ticket| t.outcome.in_period && t.severity == Some(severity);
    let mut items = Vec::new();
    let (mut passed, mut failed, mut open, mut na) = (0, 0, 0, 0);
    let mut worst: Option<(i64, String)> = None;
    for t in set.tickets.iter().filter(taken) {
        let resolved = t.outcome.resolved_at.is_some();
        let secs = t.outcome.measured_secs;
        let minutes = ceil_minutes(secs);
        let verdict = ticket_verdict(resolved, secs, target_minutes);
        match verdict {
            Verdict::Pass => passed += 1,
            Verdict::Fail => failed += 1,
            Verdict::Open => open += 1,
            _ => na += 1,
        }
        if let (Verdict::Fail, Some(target)) = (verdict, target_minutes) {
            let over = minutes - target;
            if worst.as_ref().is_none_or(|(w, _)| over > *w) {
                worst = Some((over, t.clock.id.to_string()));
            }
        }
        // Typed values: one item per ticket, rendered on demand (see `checks::item`).
        let values = ResolutionValues {
            measured_minutes: minutes,
            target_minutes,
            created_at: t.clock.created,
            resolved_at: t.outcome.resolved_at,
            title: t.clock.subject.clone(),
            zone,
        };
        items.push(Item {
            subject: t.clock.id.to_string(),
            verdict,
            values: Values::Resolution(values),
            detail: String::new(),
        });
    }
    let total = items.len();
    let verdict = match target_minutes {
        None => Verdict::NotApplicable,
        Some(_) if failed > 0 => Verdict::Fail,
        // Nothing to judge: no ticket of that severity in the period is no evidence of a pass.
        Some(_) if total == 0 => Verdict::NotApplicable,
        Some(_) => Verdict::Pass,
    };
    let mut f = Finding::new(c, verdict);
    f.measured = Measured::Resolution(ResolutionMeasured {
        items: total,
        passed,
        failed,
        open,
        not_applicable: (na > 0).then_some(na),
        worst_overrun_minutes: worst.as_ref().map(|(m, _)| *m),
    });
    let sev = severity.name();
    f.evidence = match (target_minutes, &worst) {
        (None, _) => format!("{total} {sev} tickets; the booklet makes no commitment for them (times reported)"),
        (Some(_), _) if total == 0 => format!("no {sev} ticket resolved in the period or open at its end"),
        (Some(t), Some((over, id))) => format!(
            "{failed} of {total} tickets over {} business hours; worst {id} (+{})",
            fmt_hours(t),
            fmt_duration(*over)
        ),
        (Some(t), None) => {
            let mut s = format!("{passed} of {total} tickets resolved within {} business hours", fmt_hours(t));
            if open > 0 {
                s.push_str(&format!("; {open} still open, within target so far"));
            }
            s
        }
    };
    f.headline = if target_minutes.is_none() {
        format!("{total} tickets")
    } else {
        format!("{passed} passed, {failed} failed, {open} open")
    };
    f.items = items;
    f
}

/// A2 (KMB Labs blocking SLA, "Vingt-quatre (15) heures"): the booklet's A2 reading of a
/// resolution commitment gives the other target (24 hours); says whether it would change the
/// verdict, when tickets of that severity are in the period.
pub fn ambiguity_a2(ctx: &Context, set: &TicketSet) -> Option<String> {
    let (c, r) = ctx
        .profile
        .commitments
        .iter()
        .filter(|c| c.family == "resolution")
        .find_map(|c| Some((c, c.reading("A2")?)))?;
    let (
        Rule::Resolution { severity, target_minutes: Some(target) },
        Rule::Resolution { target_minutes: Some(other_target), .. },
    ) = (&c.rule, &r.rule)
    else {
        return None;
    };
    let blocking: Vec<i64> = set
        .tickets
        .iter()
        .filter(|t| t.outcome.in_period && t.severity == Some(*severity))
        .map(|t| t.outcome.measured_secs)
        .collect();
    if blocking.is_empty() {
        return None;
    }
    let fails_at = |minutes: i64| blocking.iter().filter(|s| **s > minutes * 60).count();
    let (read, other) = (fails_at(*target), fails_at(*other_target));
    let change = if (read > 0) == (other > 0) { "would not change" } else { "would change" };
    Some(format!(
        "A2: KMB Labs blocking SLA (002 §2.4.2, \"Vingt-quatre (15) heures … un jour et demi\") read as {} business hours: \
         {read} of {} blocking tickets over it; read as {} hours, {other} would be; the verdict {change}",
        fmt_hours(*target),
        blocking.len(),
        fmt_hours(*other_target)
    ))
}

#[cfg(test)]
mod tests;
