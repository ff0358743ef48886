//! Automatic closure (000 §2.5.1): a ticket waiting on the customer ("Provisoire" or
//! "A approuver") is closed automatically after 28 days and two reminders, not before.
//!
//! Items are the tickets closed in the period straight from a wait on the customer (pass
//! when the wait lasted at least 28 × 24 h, fail when shorter: closed before the booklet
//! allows), and the tickets still waiting at the period's end for more than 28 days plus a
//! day of tolerance (warn: the automatic closure did not happen). An export does not say
//! whether a closure was automatic or asked for by the customer; the evidence says so.

use chrono::Duration;

use super::clock::TicketSet;
use super::{plural, Finding, Item, Measured, Period, Verdict};
use crate::calendar;
use crate::model::measured::AutoCloseMeasured;
use crate::model::values::AutoCloseValues;
use crate::profile::Commitment;

/// Evaluates `ticket.auto-close` with a wait of `days` days.
pub fn check(c: &Commitment, days: i64, set: &TicketSet, period: &Period) -> Finding {
    let limit = calendar::days(days);
    let cut = period.cut();
    let mut items = Vec::new();
    for t in &set.tickets {
        let clock = &t.clock;
        let (verdict, waited, detail) = match (clock.closed_after_wait, clock.customer_since) {
            (Some((since, closed)), _) if period.contains(closed) => {
                let waited = closed - since;
                let v = if waited < limit { Verdict::Fail } else { Verdict::Pass };
                (v, waited, format!("closed after {} waiting on the customer", fmt_days(waited)))
            }
            (_, Some(since))
                if clock.stopped_since.is_none()
                    && cut - since > limit.checked_add(&Duration::days(1)).unwrap_or(limit) =>
            {
                let waited = cut - since;
                (Verdict::Warn, waited, format!("still waiting on the customer after {}", fmt_days(waited)))
            }
            _ => continue,
        };
        let values = AutoCloseValues { waited_days: waited.num_seconds() as f64 / 86_400.0, target_days: days };
        items.push(Item::new(clock.id.to_string(), verdict, values, detail));
    }
    let failed = items.iter().filter(|i| i.verdict == Verdict::Fail).count();
    let warned = items.iter().filter(|i| i.verdict == Verdict::Warn).count();
    let verdict = match items.len() {
        0 => Verdict::NotApplicable, // nothing to judge is not a pass
        _ => Verdict::roll_up(failed, warned, Verdict::Warn),
    };
    let mut f = Finding::new(c, verdict);
    f.measured =
        Measured::AutoClose(AutoCloseMeasured { items: items.len(), closed_early: failed, waiting_too_long: warned });
    f.evidence = if items.is_empty() {
        "no ticket closed from, or left in, a wait on the customer in the period".to_string()
    } else if failed > 0 {
        let ids: Vec<&str> = items.iter().filter(|i| i.verdict == Verdict::Fail).map(|i| i.subject.as_str()).collect();
        format!(
            "{} closed less than {days} days after waiting on the customer ({}); the export does not \
             say whether the customer asked for the closure",
            plural(failed, "ticket", "tickets"),
            ids.join(", ")
        )
    } else if warned > 0 {
        format!(
            "{} still waiting on the customer more than {days} days after, not closed automatically",
            plural(warned, "ticket", "tickets")
        )
    } else {
        format!(
            "{} closed after waiting at least {days} days on the customer",
            plural(items.len(), "ticket", "tickets")
        )
    };
    f.headline = format!("{} closed early, {} waiting too long", failed, warned);
    f.items = items;
    f
}

fn fmt_days(d: Duration) -> String {
    format!("{:.1} days", d.num_seconds() as f64 / 86_400.0)
}
