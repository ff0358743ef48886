//! `livret explain ticket`: a ticket's timeline, one row per interval with its status, who
//! holds the clock, its business minutes and the running total against the target — the
//! figure of the audit, down to the rows that produced it.

use std::fmt::Write as _;

use anyhow::{bail, Result};
use chrono::{DateTime, Utc};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};

use crate::checks::clock::{fold_sorted, sort_events, Fix, TicketClock};
use crate::checks::resolution::{ceil_minutes, ticket_verdict};
use crate::checks::{fmt_duration, support, Context};
use crate::ingest::ticket_source::{self, TicketSource};
use crate::ingest::ReadOptions;
use crate::profile::{Commitment, Rule, Severity};

fn local(ctx: &Context, t: DateTime<Utc>) -> String {
    t.with_timezone(&ctx.support.zone).format("%Y-%m-%d %H:%M:%S %:z").to_string()
}

/// A row's line, or where a creation taken from `--ticket-list` came from.
fn line(n: u64) -> String {
    if n == 0 {
        "ticket list".to_string()
    } else {
        format!("line {n}")
    }
}

/// The timeline of ticket `id` as text, and what the audit would refuse about it (the
/// command then exits 2 after printing the timeline): a ticket without a severity where the
/// profile's resolution commitments need one.
pub fn ticket(
    id: &str,
    path: &crate::ingest::Files,
    opts: &ReadOptions,
    source: &TicketSource,
    ctx: &Context,
) -> Result<(String, Option<String>)> {
    let mut events = Vec::new();
    let mut after = 0;
    let only = std::collections::HashSet::from([id.to_string()]);
    let (summary, _) = ticket_source::read_events(path, opts, source, Some(&only), |ev| {
        if ev.ticket == id {
            if ev.at > ctx.period.as_of {
                after += 1;
            } else {
                events.push(ev.to_event());
            }
        }
    })?;
    if opts.on_invalid == crate::ingest::OnInvalid::Skip {
        if let Some(e) = crate::ingest::too_many_skipped(&summary, opts.max_invalid) {
            return Err(e.into());
        }
    }
    if events.is_empty() {
        bail!(
            "{}: no row for ticket `{}` at or before {}",
            path.label(),
            crate::error::visible(id),
            local(ctx, ctx.period.as_of)
        );
    }
    sort_events(&mut events);
    let cut = ctx.period.cut();
    let Some((clock, mut intervals)) = fold_sorted(&events, &ctx.support, cut) else {
        bail!("{}: no row for ticket `{}`", path.label(), crate::error::visible(id));
    };
    let outcome = clock.outcome(&ctx.support, &ctx.period);
    let resolved = outcome.resolved_at.is_some();
    // A ticket unresolved at the cut is measured up to it (SPEC §3.1): its changes after the cut
    // (seen with a later --as-of) count nothing here, and the interval across the cut stops at
    // it, so that the table adds up to the measured figure.
    let mut after_cut = 0;
    if !resolved && outcome.in_period {
        let before = intervals.len();
        intervals.retain(|i| i.start < cut);
        after_cut = before - intervals.len();
        if let Some(last) = intervals.last_mut().filter(|i| i.end > cut) {
            last.end = cut;
            if last.status.clock() == crate::ingest::tickets::Clock::Vendor {
                last.counted_secs = crate::calendar::BusinessTime::business_seconds(&ctx.support, last.start, cut);
            }
        }
    }
    if !resolved {
        intervals.extend(clock.tail(&ctx.support, &ctx.period));
    }
    let severity = clock.severity.or(ctx.default_severity);
    let target = severity.and_then(|sev| {
        ctx.profile.commitments.iter().find_map(|c| match c.rule {
            Rule::Resolution { severity, target_minutes } if severity == sev => Some((c.id.clone(), target_minutes)),
            _ => None,
        })
    });

    let mut out = String::new();
    writeln!(out, "ticket {id}{}", clock.subject.as_deref().map(|s| format!(" — {s}")).unwrap_or_default())?;
    writeln!(
        out,
        "severity {}; calendar {} ({}); profile {}",
        severity.map_or("none", |s| s.name()),
        ctx.support.name,
        ctx.support.zone,
        ctx.profile.id
    )?;
    let resolution_checked = ctx.profile.commitments.iter().any(|c| matches!(c.rule, Rule::Resolution { .. }));
    let mut refused = None;
    match &target {
        Some((cid, Some(t))) => writeln!(out, "commitment {cid}: target {} ({t} business minutes)", fmt_duration(*t))?,
        Some((cid, None)) => writeln!(out, "commitment {cid}: no commitment (best effort)")?,
        None if severity.is_none() && resolution_checked => {
            let why = format!(
                "ticket {id} has no severity on any row: the resolution commitments of profile {} \
                 (ticket.resolution.*) need one; the audit refuses it (exit 2) unless --default-severity gives one, \
                 or --skip-invalid leaves it out (counted)",
                ctx.profile.id
            );
            writeln!(out, "no severity: {why}")?;
            refused = Some(why);
        }
        None => writeln!(out, "no resolution commitment for this ticket in profile {}", ctx.profile.id)?,
    }
    if let Some(why) = clock.left_out() {
        writeln!(out, "left out of the audit: {why}")?;
    }
    writeln!(out, "created {} ({})", local(ctx, clock.created), line(clock.first_line))?;
    match outcome.resolved_at {
        Some(r) => writeln!(out, "resolved {} (start of the last run of solved/closed statuses)", local(ctx, r))?,
        None => writeln!(out, "unresolved; measured up to {}", local(ctx, cut))?,
    }

    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).force_no_tty();
    table.set_header(["line", "from", "to", "status", "clock", "business min", "running total", "left"]);
    let mut total = 0;
    for i in &intervals {
        // Intervals after the resolution count nothing (the clock is stopped) but are shown.
        // A row's minutes are the step of the running total, which is rounded up once (as the
        // audit rounds its figure): the column adds up to the measured minutes.
        let before = ceil_minutes(total);
        total += i.counted_secs;
        let left = match &target {
            Some((_, Some(t))) => fmt_duration(t - ceil_minutes(total)),
            _ => "—".to_string(),
        };
        table.add_row(vec![
            if i.line == 0 { "list".to_string() } else { i.line.to_string() },
            local(ctx, i.start),
            local(ctx, i.end),
            i.status.name().to_string(),
            format!("{:?}", i.status.clock()).to_lowercase(),
            format!("{}", ceil_minutes(total) - before),
            fmt_duration(ceil_minutes(total)),
            left,
        ]);
    }
    writeln!(out, "{table}")?;
    let measured = ceil_minutes(outcome.measured_secs);
    let verdict = ticket_verdict(resolved, outcome.measured_secs, target.as_ref().and_then(|(_, t)| *t));
    let verdict = if clock.left_out().is_some() { "none (left out of the audit)" } else { verdict.name() };
    writeln!(out, "measured {} ({measured} business minutes); verdict {verdict}", fmt_duration(measured))?;
    if !outcome.in_period && target.is_some() && clock.left_out().is_none() {
        writeln!(
            out,
            "note: this ticket was neither resolved in the period nor open at its end; the audit leaves it out"
        )?;
    }
    sprint_clocks(&mut out, ctx, &clock, severity)?;
    if after > 0 {
        writeln!(out, "note: {after} later rows of this ticket (after as-of) are not shown")?;
    }
    if after_cut > 0 {
        writeln!(
            out,
            "note: the ticket was unresolved at the period's end, where it is measured; its {after_cut} later \
             intervals are not shown"
        )?;
    }
    Ok((out, refused))
}

/// The Sprint support clocks of the ticket (SPEC §3.2), for a profile that has them: each
/// with its start, its end, its business time against the target and its verdict, computed
/// by the same functions as the audit.
fn sprint_clocks(out: &mut String, ctx: &Context, clock: &TicketClock, severity: Option<Severity>) -> Result<()> {
    for c in &ctx.profile.commitments {
        match c.rule {
            Rule::TakeCharge { target_minutes, window_months, support_start, .. } => {
                let window = support::take_charge_window(ctx, window_months, support_start);
                let cut = support::take_charge_cut(ctx, window);
                if !(window.0 <= clock.created && clock.created < cut) {
                    writeln!(
                        out,
                        "commitment {}: created outside its window [{}, {}): not counted",
                        c.id,
                        local(ctx, window.0),
                        local(ctx, cut)
                    )?;
                    continue;
                }
                let tc = support::take_charge_of(ctx, clock, target_minutes, cut);
                let end = match tc.taken {
                    Some(at) => format!("taken in charge {}", local(ctx, at)),
                    None => format!("still new at {}", local(ctx, cut)),
                };
                writeln!(
                    out,
                    "commitment {}: created {} → {end}: {} of {}; verdict {}",
                    c.id,
                    local(ctx, clock.created),
                    fmt_duration(ceil_minutes(tc.secs)),
                    fmt_duration(target_minutes),
                    tc.verdict.name()
                )?;
            }
            Rule::ActionPlan { target_minutes } => {
                let Some(span) = fix_span_for(out, ctx, c, clock, severity, Severity::Blocking, Fix::ActionPlan)?
                else {
                    continue;
                };
                let (secs, verdict) = support::action_plan_of(ctx, &span, target_minutes);
                let end = match span.fixed_at {
                    Some(at) => format!("action plan {}", local(ctx, at)),
                    None => format!("no plan at {}", local(ctx, span.end)),
                };
                writeln!(
                    out,
                    "commitment {}: qualified {} → {end}: {} of {}; verdict {}",
                    c.id,
                    local(ctx, span.start),
                    fmt_duration(ceil_minutes(secs)),
                    fmt_duration(target_minutes),
                    verdict.name()
                )?;
            }
            Rule::Correction { working_days } => {
                let Some(span) = fix_span_for(out, ctx, c, clock, severity, Severity::Major, Fix::Correction)? else {
                    continue;
                };
                let (deadline, verdict) = support::correction_of(ctx, &span, working_days);
                let end = match span.fixed_at {
                    Some(at) => format!("solved {}", local(ctx, at)),
                    None => format!("not solved at {}", local(ctx, span.end)),
                };
                writeln!(
                    out,
                    "commitment {}: qualified {} → {end}; deadline {} ({working_days} working days); verdict {}",
                    c.id,
                    local(ctx, span.start),
                    local(ctx, deadline),
                    verdict.name()
                )?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The fix clock of a Sprint commitment for this ticket, or why it has none (written out).
fn fix_span_for(
    out: &mut String,
    ctx: &Context,
    c: &Commitment,
    clock: &TicketClock,
    severity: Option<Severity>,
    wanted: Severity,
    fix: Fix,
) -> Result<Option<support::FixSpan>> {
    if severity != Some(wanted) {
        let priority = if wanted == Severity::Blocking { "priority 1 (blocking)" } else { "priority 2 (major)" };
        let own = severity.map_or("none".to_string(), |s| s.name().to_string());
        writeln!(out, "commitment {}: {priority} tickets only; this one's severity is {own}", c.id)?;
        return Ok(None);
    }
    let span = support::fix_span(clock, fix, &ctx.period);
    if span.is_none() {
        writeln!(
            out,
            "commitment {}: no clock in the period (never taken in charge before its end, or fixed before it)",
            c.id
        )?;
    }
    Ok(span)
}
