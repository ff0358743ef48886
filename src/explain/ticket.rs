//! A ticket against every ticket commitment of the profile that applies to it: resolution
//! (the vendor's clock), automatic closure (the wait on the customer), take-charge, action
//! plan and correction (Sprint). Each clock that applies gets its table, day by day through
//! nights, weekends and holidays; one that does not apply gets a sentence saying why.

use anyhow::{bail, Result};
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde_json::{json, Value};

use super::model::{FileRows, Part, RowNote, SeverityFrom, Table, TicketEvidence};
use super::{find_item, local};
use crate::calendar::resolve_local;
use crate::checks::clock::{fold_sorted, sort_events, Fix, Interval, TicketClock};
use crate::checks::resolution::{ceil_minutes, ticket_verdict};
use crate::checks::{days_between, fmt_duration, round2, support, Context, Finding};
use crate::error::InputError;
use crate::ingest::ticket_source::{self, TicketSource, TicketsFormat};
use crate::ingest::tickets::{self, Clock, TicketRows};
use crate::ingest::ReadOptions;
use crate::profile::{Rule, Severity};

/// Where the ticket history is and how to read it.
pub struct Source<'a> {
    /// The ticket history.
    pub path: &'a crate::ingest::Files,
    /// How the audit reads its inputs.
    pub opts: &'a ReadOptions,
    /// Its shape, vocabulary and ticket list, as the audit reads it.
    pub source: &'a TicketSource,
}

/// One ticket's history as the audit folds it: the clock, its intervals and the rows after
/// as-of left out.
pub struct Timeline {
    /// The folded clock.
    pub clock: TicketClock,
    /// One interval per status, up to the last change (and to the cut when still open).
    pub intervals: Vec<Interval>,
    /// Rows of the ticket after as-of (of the history: a creation from the list is none).
    pub after_as_of: usize,
    /// The zone naive timestamps were read in, as the audit's notes say it (history and list).
    pub notes: Vec<String>,
    /// `--skip-invalid`: a ticket lacking a severity is left out (counted), not refused.
    pub skip_invalid: bool,
    /// What `--skip-invalid` did to its rows: skipped, severity cells blanked, and the skipped
    /// rows whose ticket could not be read.
    pub rows: TicketRows,
    /// Its priority cell of the ticket list blanked (`--skip-invalid`: an unknown severity), as
    /// `livret check` reports it.
    pub list_blanked: Option<InputError>,
    /// The history's format (what a blanked severity cell leaves of its row).
    pub format: TicketsFormat,
    /// The ticket history, as named in messages.
    pub history: String,
    /// The ticket list's rows skipped (`--skip-invalid`), when the ticket has no row in it:
    /// its own may be among them (the list, the count).
    pub list_skipped: Option<(String, u64)>,
    /// Where its severity came from.
    pub severity_from: SeveritySource,
    /// A ticket list was given.
    pub has_list: bool,
}

impl Timeline {
    /// The audit's as-of as the report writes it, when rows of the ticket after it were left
    /// unread (one of them may be the severity it lacks): the clause of
    /// [`ticket_source::no_severity_reason`].
    fn up_to(&self, ctx: &Context) -> Option<String> {
        (self.after_as_of > 0).then(|| crate::model::Instant::new(ctx.period.as_of, ctx.profile.zone).text())
    }

    /// The ticket's rows of the history, as the audit counts those it leaves out for want of a
    /// severity (a creation from the list is none).
    fn rows_read(&self) -> u64 {
        self.clock.events.saturating_sub(u64::from(self.clock.first_line == 0))
    }
}

/// Where a ticket's severity came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeveritySource {
    /// A row of the history, at this line.
    Row(u64),
    /// The ticket list (its path), at this line.
    List(String, u64),
    /// `--default-severity`.
    Default,
    /// Nowhere: the ticket has none.
    Nowhere,
}

/// Reads ticket `id`'s rows (up to as-of) and folds them as the audit does.
pub fn timeline(id: &str, src: &Source<'_>, ctx: &Context) -> Result<Timeline> {
    let mut events = Vec::new();
    let mut after_as_of = 0;
    let (summary, mut stats) = ticket_source::read_ticket_events(src.path, src.opts, src.source, id, |ev| {
        if ev.ticket == id {
            if ev.at > ctx.period.as_of {
                after_as_of += usize::from(ev.line != 0);
            } else {
                events.push(ev.to_event());
            }
        }
    })?;
    // With rows skipped, a listed ticket without a readable status row is not audited.
    if stats.listed_unread.iter().any(|&at| at <= ctx.period.as_of) {
        bail!(
            "{}: ticket `{}` is not audited: it has no status row that could be read (rows were skipped, \
             --skip-invalid: its own may be among them)",
            src.path.label(),
            crate::error::visible(id)
        );
    }
    // Naive timestamps move every figure by the zone's offset: said here as in the audit.
    let mut notes = ticket_source::zone_notes(&stats.counts, &summary.path, stats.zone);
    if let Some(list) = src.source.list.as_ref() {
        notes.extend(ticket_source::zone_notes(&list.counts, &list.path, stats.zone));
    }
    let rows = stats.watched.take().unwrap_or_default();
    let listed = src.source.list.as_ref().and_then(|l| Some((l, l.tickets.get(id)?)));
    // The list's priority cell of the ticket blanked: a cell of its evidence too, with its
    // column and value as `check` gives them.
    let list_blanked = listed.and_then(|(list, c)| list.blanked_cell(c.line));
    let list_skipped = match (&src.source.list, listed) {
        (Some(list), None) if list.summary.skipped > 0 => Some((list.path.clone(), list.summary.skipped)),
        _ => None,
    };
    sort_events(&mut events);
    let cut = ctx.period.cut();
    let Some((mut clock, intervals)) = fold_sorted(&events, &ctx.support, cut) else {
        // Its rows may all have been skipped: said, with the first.
        let skipped = match rows.skipped.first() {
            Some(first) => format!(
                "; {} of it skipped (--skip-invalid), the first: {}",
                ticket_source::count(rows.skipped_count, "row"),
                first.brief()
            ),
            None if rows.unattributed > 0 => format!(
                "; {} skipped whose ticket could not be read (--skip-invalid; may be this ticket's)",
                ticket_source::count(rows.unattributed, "row")
            ),
            None => String::new(),
        };
        bail!(
            "{}: no row for ticket `{}` at or before {}{skipped}",
            src.path.label(),
            crate::error::visible(id),
            local(ctx, ctx.period.as_of)
        );
    };
    // Where the severity came from: the last row that gives one (in the fold's order: the clock
    // keeps the last), else the list's priority (as the audit takes it), else the flag.
    let severity_from = match events.iter().rev().find_map(|e| Some((e, e.severity?))) {
        Some((e, severity)) => {
            // A field history's priority is handed on with the status row of its instant (on
            // that row's line): its own row is the latest priority row giving that severity up
            // to the change (the first of them at its instant: the others were repeats).
            let at = rows.priorities.iter().filter(|(at, _, s)| *at <= e.at && *s == severity).map(|p| p.0).max();
            let row = at.and_then(|at| {
                rows.priorities.iter().filter(|(a, _, s)| *a == at && *s == severity).map(|p| p.1).min()
            });
            match (row, e.line, listed) {
                (Some(line), _, _) => SeveritySource::Row(line),
                (None, 0, Some((list, c))) => SeveritySource::List(list.path.clone(), c.line),
                (None, line, _) => SeveritySource::Row(line),
            }
        }
        None => match listed.filter(|(_, c)| c.severity.is_some()) {
            Some((list, c)) => {
                clock.severity = c.severity;
                SeveritySource::List(list.path.clone(), c.line)
            }
            None if ctx.default_severity.is_some() => SeveritySource::Default,
            None => SeveritySource::Nowhere,
        },
    };
    let skip_invalid = src.opts.on_invalid == crate::ingest::OnInvalid::Skip;
    Ok(Timeline {
        clock,
        intervals,
        after_as_of,
        notes,
        skip_invalid,
        rows,
        list_blanked,
        format: stats.format,
        history: summary.path,
        list_skipped,
        severity_from,
        has_list: src.source.list.is_some(),
    })
}

/// What the reading did to the ticket's evidence, as data (the header says it in sentences).
pub fn evidence(ctx: &Context, t: &Timeline) -> TicketEvidence {
    let (source, file, line) = match &t.severity_from {
        SeveritySource::Row(line) => ("row", Some(t.history.clone()), Some(*line)),
        SeveritySource::List(path, line) => ("ticket-list", Some(path.clone()), Some(*line)),
        SeveritySource::Default => ("default-severity", None, None),
        SeveritySource::Nowhere => ("none", None, None),
    };
    let mut unknown = Vec::new();
    if t.rows.unattributed > 0 {
        unknown.push(FileRows { file: t.history.clone(), rows: t.rows.unattributed });
    }
    if let Some((path, n)) = &t.list_skipped {
        unknown.push(FileRows { file: path.clone(), rows: *n });
    }
    TicketEvidence {
        severity: t.clock.severity.or(ctx.default_severity).map(Severity::name),
        severity_from: SeverityFrom { source, file, line },
        skipped_rows: t.rows.skipped.iter().map(RowNote::from).collect(),
        skipped_rows_count: t.rows.skipped_count,
        skipped_rows_unknown_ticket: unknown,
        // The list's cell first (the list is read first), then the history's: the first 100.
        blanked_cells: t
            .list_blanked
            .iter()
            .chain(&t.rows.blanked)
            .take(tickets::MAX_TICKET_ROWS)
            .map(RowNote::from)
            .collect(),
        blanked_cells_count: t.rows.blanked_count + u64::from(t.list_blanked.is_some()),
    }
}

/// The sentences on where the severity came from, and on the rows skipped and cells blanked.
fn evidence_lines(ctx: &Context, t: &Timeline) -> Vec<String> {
    let mut lines = Vec::new();
    let severity = t.clock.severity.or(ctx.default_severity).map_or("none", Severity::name);
    let list = if t.has_list { ", nor does the ticket list" } else { "" };
    match &t.severity_from {
        SeveritySource::Row(line) => lines.push(format!(
            "the severity comes from line {line} of {} (the last one its rows give up to as-of)",
            t.history
        )),
        SeveritySource::List(path, line) => lines.push(format!(
            "the severity comes from the ticket list, line {line} of {path} (no row of {} up to as-of gives one)",
            t.history
        )),
        SeveritySource::Default => lines.push(format!(
            "the severity comes from --default-severity (no row of {} up to as-of gives one{list})",
            t.history
        )),
        SeveritySource::Nowhere => {}
    }
    let list_rows = |what: &str, errors: &[InputError], all: u64| {
        let mut out = vec![what.to_string()];
        out.extend(errors.iter().map(|e| format!("  {}", e.brief())));
        if all > errors.len() as u64 {
            out.push(format!("  … and {} more", all - errors.len() as u64));
        }
        out
    };
    if t.rows.skipped_count > 0 {
        lines.extend(list_rows(
            &format!(
                "{} of this ticket skipped (--skip-invalid), not read:",
                ticket_source::count(t.rows.skipped_count, "row")
            ),
            &t.rows.skipped,
            t.rows.skipped_count,
        ));
    }
    if t.rows.unattributed > 0 {
        lines.push(format!(
            "{}: {} skipped whose ticket could not be read (may be this ticket's)",
            t.history,
            ticket_source::count(t.rows.unattributed, "row")
        ));
    }
    if let Some((path, n)) = &t.list_skipped {
        lines.push(format!(
            "{path}: {} skipped (--skip-invalid) whose ticket is not known, and this ticket has no row in the list \
             (may be this ticket's: its creation and priority would come from it)",
            ticket_source::count(*n, "row")
        ));
    }
    if let Some(cell) = &t.list_blanked {
        lines.extend(list_rows(
            "its priority cell in the ticket list blanked (--skip-invalid: an unknown severity, read as no priority; \
             the list's row still gives its creation):",
            std::slice::from_ref(cell),
            1,
        ));
    }
    if t.rows.blanked_count > 0 {
        // What is left of the row: a status history's status change; a field history's
        // priority row is read as no change (the severity stays as it was).
        let kept = match t.format {
            TicketsFormat::History => "the row's status change kept",
            TicketsFormat::FieldHistory => "the priority row read as no change, the severity left as it was",
        };
        lines.extend(list_rows(
            &format!(
                "{} of this ticket blanked (--skip-invalid: an unknown severity, {kept}):",
                ticket_source::count(t.rows.blanked_count, "severity cell")
            ),
            &t.rows.blanked,
            t.rows.blanked_count,
        ));
    }
    if t.rows.blanked_count > 0 || t.list_blanked.is_some() {
        lines.push(format!(
            "its severity ({severity}) may not be its own: a blanked cell may have given another, under which other \
             commitments and targets apply (fix the cells, or map them with --severity-map)"
        ));
    }
    lines
}

/// The ticket as a whole: its title, severity, calendar and creation.
pub fn header(ctx: &Context, id: &str, t: &Timeline) -> Vec<String> {
    let severity = t.clock.severity.or(ctx.default_severity);
    let mut lines = vec![
        format!("ticket {id}{}", t.clock.subject.as_deref().map(|s| format!(" — {s}")).unwrap_or_default()),
        format!(
            "severity {}; calendar {} ({}, {} on working days); created {} ({})",
            severity.map_or("none", |s| s.name()),
            ctx.support.name,
            ctx.support.zone,
            ctx.support.hours_text(),
            local(ctx, t.clock.created),
            if t.clock.first_line == 0 { "ticket list".to_string() } else { format!("line {}", t.clock.first_line) }
        ),
    ];
    lines.extend(evidence_lines(ctx, t));
    if let Some(why) = left_out(ctx, t) {
        lines.push(format!("left out of the audit: {why}"));
    }
    lines.extend(t.notes.iter().map(|n| format!("note: {n}")));
    lines
}

/// Why the audit leaves the ticket out of every ticket commitment, if it does (no item, no
/// figure): a status mapped to `ignore`, a first row already solved or closed, or, with
/// `--skip-invalid`, no severity where its resolution commitments need one.
fn left_out(ctx: &Context, t: &Timeline) -> Option<String> {
    t.clock.left_out().or_else(|| {
        (t.skip_invalid && lacks_severity(ctx, t)).then(|| {
            format!(
                "no severity {}on any row{} (--skip-invalid: counted); --default-severity would audit it",
                if t.has_list { "in the ticket list nor " } else { "" },
                ticket_source::up_to_as_of(t.up_to(ctx).as_deref())
            )
        })
    })
}

/// Whether the profile's resolution commitments need a severity the ticket lacks (and the
/// audit does not leave it out for another reason): as the audit, only for a ticket they
/// measure (resolved in the period, or open at its end).
fn lacks_severity(ctx: &Context, t: &Timeline) -> bool {
    let needs = ctx.profile.commitments.iter().any(|c| matches!(c.rule, Rule::Resolution { .. }));
    needs
        && t.clock.severity.or(ctx.default_severity).is_none()
        && t.clock.left_out().is_none()
        && t.clock.outcome(&ctx.support, &ctx.period).in_period
}

/// What the audit refuses about the ticket: no severity where the profile's resolution
/// commitments need one (and no `--default-severity`), unless the audit leaves it out; left out
/// so (`--skip-invalid`), its rows are counted as skipped, and when the audit refused the
/// inputs (`audit_refusal`, its words: more rows skipped than `--max-invalid`, …) the ticket is
/// refused with them.
pub fn refused(ctx: &Context, id: &str, t: &Timeline, audit_refusal: Option<&str>) -> Option<String> {
    if !lacks_severity(ctx, t) {
        return None;
    }
    let reason = ticket_source::no_severity_reason(id, t.up_to(ctx).as_deref());
    if !t.skip_invalid {
        return Some(format!(
            "{reason}: the resolution commitments of profile {} (ticket.resolution.*) need one; the audit refuses it \
             (exit 2) unless --default-severity gives one, or --skip-invalid leaves it out (counted)",
            ctx.profile.id
        ));
    }
    let refusal = audit_refusal?;
    let list = if t.has_list { ", and none in the ticket list" } else { "" };
    // As the audit counts them: the history's rows as skipped, a ticket of the list alone as
    // a skipped row of the list.
    let counted = match t.rows_read() {
        0 => "counts its row of the ticket list as skipped (`ticket without a row nor a priority`)".to_string(),
        n => format!("counts its {} as skipped (`ticket without severity`)", ticket_source::count(n, "row")),
    };
    Some(format!(
        "{reason}{list}: --skip-invalid leaves it out and {counted}; the audit refuses these inputs (exit 2): \
         {refusal}"
    ))
}

/// One stretch of a clock: [start, end) in one status.
#[derive(Debug, Clone, Copy)]
struct Segment {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    status: tickets::Status,
    counts: bool,
    line: u64,
}

/// The intervals the resolution clock is measured over: up to the resolution, or up to the
/// cut for a ticket unresolved then (its changes after the cut count nothing here).
fn resolution_segments(ctx: &Context, t: &Timeline) -> (Vec<Segment>, bool, usize) {
    let outcome = t.clock.outcome(&ctx.support, &ctx.period);
    let resolved = outcome.resolved_at.is_some();
    let cut = ctx.period.cut();
    let mut intervals = t.intervals.clone();
    let mut after_cut = 0;
    if !resolved && outcome.in_period {
        let before = intervals.len();
        intervals.retain(|i| i.start < cut);
        after_cut = before - intervals.len();
        if let Some(last) = intervals.last_mut().filter(|i| i.end > cut) {
            last.end = cut;
        }
    }
    if !resolved {
        intervals.extend(t.clock.tail(&ctx.support, &ctx.period));
    }
    let segs = intervals
        .iter()
        .map(|i| Segment {
            start: i.start,
            end: i.end,
            status: i.status,
            counts: i.status.clock() == Clock::Vendor,
            line: i.line,
        })
        .collect();
    (segs, resolved, after_cut)
}

/// The statuses over [from, to), every minute counted (the Sprint clocks run in business
/// hours whatever the status).
fn span_segments(t: &Timeline, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut covered = from;
    for i in &t.intervals {
        let (a, b) = (i.start.max(from), i.end.min(to));
        if a < b {
            out.push(Segment { start: a, end: b, status: i.status, counts: true, line: i.line });
            covered = covered.max(b);
        }
    }
    if covered < to {
        // After the last change: the ticket stays in its last status.
        out.push(Segment {
            start: covered,
            end: to,
            status: t.clock.last_status,
            counts: true,
            line: t.clock.last_line,
        });
    }
    out
}

/// "working day 08:30–18:30", "weekend", "holiday" for day `d` of the support calendar.
fn day_kind(ctx: &Context, d: NaiveDate) -> String {
    let cal = &ctx.support;
    if cal.is_working_day(d) {
        format!("working day {}", cal.hours_text())
    } else if cal.weekdays[chrono::Datelike::weekday(&d).num_days_from_monday() as usize] {
        "holiday".to_string()
    } else {
        "weekend".to_string()
    }
}

/// The clock's segments cut at each local midnight, one row per piece, with its business
/// minutes, the running total (rounded up once, as the audit rounds its figure: each row's
/// minutes are the step of the rounded total, so the column adds up) and what is left of the
/// target. A row's wall minutes are its business minutes and the step of the running total of
/// the time outside the clock (nights, weekends, holidays, statuses that pause it), rounded up
/// the same way: never fewer than its business minutes, their difference is what the clock
/// did not count (none in a row that counts every second), and the column adds up to the
/// business and the other time rounded up each once. Returns the table and the business
/// seconds counted.
fn day_table(ctx: &Context, title: &str, segs: &[Segment], target: Option<i64>) -> (Table, i64) {
    let zone = ctx.support.zone;
    let mut table = Table::new(
        title,
        &[
            "line",
            "day",
            "calendar",
            "from",
            "to",
            "status",
            "clock",
            "wall min",
            "business min",
            "running total",
            "left",
        ],
    );
    let mut total = 0i64;
    // The seconds outside the clock, summed as the business ones.
    let mut outside = 0i64;
    for s in segs {
        let mut a = s.start;
        while a < s.end {
            let d = a.with_timezone(&zone).date_naive();
            let midnight =
                d.checked_add_days(Days::new(1)).map(|n| resolve_local(zone, n.and_time(chrono::NaiveTime::MIN)));
            let b = match midnight {
                Some(m) if m > a => m.min(s.end),
                _ => s.end,
            };
            let secs = if s.counts { ctx.support.business_seconds(a, b) } else { 0 };
            let before = ceil_minutes(total);
            let outside_before = ceil_minutes(outside);
            total += secs;
            outside += (b - a).num_seconds() - secs;
            let to = if Some(b) == midnight {
                "24:00".to_string()
            } else {
                b.with_timezone(&zone).format("%H:%M").to_string()
            };
            let clock = if s.counts { "counts" } else { "paused" };
            table.rows.push(vec![
                if s.line == 0 { json!("list") } else { json!(s.line) },
                json!(d.format("%Y-%m-%d %a").to_string()),
                json!(day_kind(ctx, d)),
                json!(a.with_timezone(&zone).format("%H:%M").to_string()),
                json!(to),
                json!(s.status.name()),
                json!(format!("{clock} ({})", format!("{:?}", s.status.clock()).to_lowercase())),
                // Wall minutes beside business minutes: the night, the weekend or the holiday
                // in between is their difference.
                json!(ceil_minutes(total) - before + ceil_minutes(outside) - outside_before),
                json!(ceil_minutes(total) - before),
                json!(fmt_duration(ceil_minutes(total))),
                target.map_or(Value::Null, |t| json!(fmt_duration(t - ceil_minutes(total)))),
            ]);
            a = b;
        }
    }
    (table, total)
}

/// Whether commitment `c` is a ticket commitment.
pub fn is_ticket_rule(rule: &Rule) -> bool {
    matches!(
        rule,
        Rule::Resolution { .. }
            | Rule::AutoClose { .. }
            | Rule::TakeCharge { .. }
            | Rule::ActionPlan { .. }
            | Rule::Correction { .. }
    )
}

/// The parts for ticket `id`: every ticket commitment of the profile (or only `only`).
pub fn parts(ctx: &Context, findings: &[Finding], id: &str, t: &Timeline, only: Option<&str>) -> Vec<Part> {
    let severity = t.clock.severity.or(ctx.default_severity);
    let mut out = Vec::new();
    for c in ctx.profile.commitments.iter().filter(|c| is_ticket_rule(&c.rule)) {
        if only.is_some_and(|o| o != c.id) {
            continue;
        }
        let mut p = Part::new(c, Some(id.to_string()));
        p.verdict = find_item(findings, &c.id, id).map(|i| i.verdict);
        // Left out, the ticket has no item and no figure in the audit: none here either.
        if left_out(ctx, t).is_some() {
            p.applies = false;
            p.lines.push("left out of the audit (see above): no figure and no verdict".to_string());
            out.push(p);
            continue;
        }
        match &c.rule {
            Rule::Resolution { severity: wanted, target_minutes } => {
                resolution(ctx, findings, &mut p, t, severity, *wanted, *target_minutes)
            }
            Rule::AutoClose { days } => auto_close(ctx, &mut p, t, *days),
            Rule::TakeCharge { target_minutes, window_months, support_start, .. } => {
                take_charge(ctx, &mut p, t, *target_minutes, *window_months, *support_start)
            }
            Rule::ActionPlan { target_minutes } => {
                if let Some(span) = fix_span(ctx, &mut p, t, severity, Severity::Blocking, Fix::ActionPlan) {
                    let (secs, verdict) = support::action_plan_of(ctx, &span, *target_minutes);
                    let end = match span.fixed_at {
                        Some(at) => format!("action plan {}", local(ctx, at)),
                        None => format!("no plan at {}", local(ctx, span.end)),
                    };
                    p.lines.push(format!(
                        "qualified (else taken in charge) {} → {end}: {} of {} business time",
                        local(ctx, span.start),
                        fmt_duration(ceil_minutes(secs)),
                        fmt_duration(*target_minutes)
                    ));
                    let segs = span_segments(t, span.start, span.end);
                    let (table, total) =
                        day_table(ctx, "the action-plan clock, day by day", &segs, Some(*target_minutes));
                    p.figure("measured_minutes", ceil_minutes(total));
                    p.figure("target_minutes", *target_minutes);
                    p.tables.push(table);
                    p.verdict = p.verdict.or(Some(verdict));
                }
            }
            Rule::Correction { working_days } => {
                if let Some(span) = fix_span(ctx, &mut p, t, severity, Severity::Major, Fix::Correction) {
                    let (deadline, verdict) = support::correction_of(ctx, &span, *working_days);
                    let end = match span.fixed_at {
                        Some(at) => format!("solved {}", local(ctx, at)),
                        None => format!("not solved at {}", local(ctx, span.end)),
                    };
                    p.lines.push(format!(
                        "qualified (else taken in charge) {} → {end}; deadline {} ({working_days} working days later, \
                         same local time)",
                        local(ctx, span.start),
                        local(ctx, deadline)
                    ));
                    let target = ceil_minutes(ctx.support.business_seconds(span.start, deadline));
                    let segs = span_segments(t, span.start, span.end);
                    let (table, total) = day_table(ctx, "the correction clock, day by day", &segs, Some(target));
                    p.figure("measured_minutes", ceil_minutes(total));
                    p.figure("target_minutes", target);
                    p.tables.push(table);
                    p.verdict = p.verdict.or(Some(verdict));
                }
            }
            _ => {}
        }
        // The clock's table lacks the rows skipped: said beside it.
        if !p.tables.is_empty() && t.rows.skipped_count + t.rows.unattributed > 0 {
            p.lines.push(format!(
                "not in the table: the rows skipped (--skip-invalid) listed above: {} of this ticket, {} whose \
                 ticket could not be read",
                t.rows.skipped_count, t.rows.unattributed
            ));
        }
        out.push(p);
    }
    out
}

fn resolution(
    ctx: &Context,
    findings: &[Finding],
    p: &mut Part,
    t: &Timeline,
    severity: Option<Severity>,
    wanted: Severity,
    target: Option<i64>,
) {
    let outcome = t.clock.outcome(&ctx.support, &ctx.period);
    match severity {
        None if !outcome.in_period => {
            p.applies = false;
            p.lines.push(
                "no severity, and not measured in this period (neither resolved in it nor open at its end): the \
                 audit has no item for it and needs no severity"
                    .to_string(),
            );
            return;
        }
        None => {
            p.applies = false;
            p.lines.push(format!(
                "no severity: {}, and the commitment on {} tickets needs one (the audit refuses such a ticket, exit 2, \
                 unless --default-severity gives one, or --skip-invalid leaves it out)",
                ticket_source::no_severity_reason(&t.clock.id, t.up_to(ctx).as_deref()),
                wanted.name()
            ));
            return;
        }
        Some(s) if s != wanted => {
            p.applies = false;
            p.lines.push(format!("does not apply: {} tickets only; this one is {}", wanted.name(), s.name()));
            return;
        }
        Some(_) => {}
    }
    let audited = !findings.is_empty();
    match outcome.resolved_at {
        Some(r) => {
            p.lines.push(format!("resolved {} (start of the last run of solved/closed statuses)", local(ctx, r)))
        }
        None => p.lines.push(format!("unresolved; measured up to {}", local(ctx, ctx.period.cut()))),
    }
    let (segs, resolved, after_cut) = resolution_segments(ctx, t);
    let (table, total) = day_table(ctx, "the resolution clock (the vendor's), day by day", &segs, target);
    p.lines.push(format!(
        "measured {} ({} business minutes) of {}",
        fmt_duration(ceil_minutes(total)),
        ceil_minutes(total),
        target.map_or("no target (best effort)".to_string(), fmt_duration)
    ));
    p.figure("measured_minutes", ceil_minutes(total));
    p.figure("target_minutes", target.map_or(Value::Null, Value::from));
    p.tables.push(table);
    if p.verdict.is_none() {
        if audited {
            p.lines.push(
                "the audit has no item for this ticket: it was neither resolved in the period nor open at its end"
                    .to_string(),
            );
        }
        if outcome.in_period {
            p.verdict = Some(ticket_verdict(resolved, total, target));
        }
    }
    if after_cut > 0 {
        p.lines.push(format!(
            "the ticket was unresolved at the period's end, where it is measured; its {after_cut} later changes are \
             not counted"
        ));
    }
    if t.after_as_of > 0 {
        p.lines.push(format!("{} later rows of this ticket (after as-of) are not counted", t.after_as_of));
    }
}

fn auto_close(ctx: &Context, p: &mut Part, t: &Timeline, days: i64) {
    let clock = &t.clock;
    let cut = ctx.period.cut();
    let (since, until, closed) = match (clock.closed_after_wait, clock.customer_since) {
        (Some((since, closed)), _) if ctx.period.contains(closed) => (since, closed, true),
        (_, Some(since)) if clock.stopped_since.is_none() => (since, cut, false),
        _ => {
            p.applies = false;
            p.lines.push(
                "does not apply: the ticket was not closed in the period straight from a wait on the customer, nor \
                 left waiting on the customer at its end"
                    .to_string(),
            );
            return;
        }
    };
    let waited = until - since;
    if closed {
        p.lines.push(format!(
            "waiting on the customer from {} to its closure {}: {:.2} days (at least {days} days required before an \
             automatic closure)",
            local(ctx, since),
            local(ctx, until),
            waited.num_seconds() as f64 / 86_400.0
        ));
    } else {
        p.lines.push(format!(
            "waiting on the customer since {}, still at {}: {:.2} days (closed automatically after {days} days; a day \
             of tolerance before a warning)",
            local(ctx, since),
            local(ctx, until),
            waited.num_seconds() as f64 / 86_400.0
        ));
        if p.verdict.is_none() {
            p.lines.push("not yet waiting too long: the audit has no item for it".to_string());
        }
    }
    p.figure("waited_days", days_between(since, until));
    p.figure("target_days", days);
    let mut table = Table::new("the wait, status by status", &["line", "from", "to", "status", "days"]);
    for s in span_segments(t, since, until) {
        table.rows.push(vec![
            json!(s.line),
            json!(local(ctx, s.start)),
            json!(local(ctx, s.end)),
            json!(s.status.name()),
            json!(round2((s.end - s.start).num_seconds() as f64 / 86_400.0)),
        ]);
    }
    p.tables.push(table);
}

fn take_charge(
    ctx: &Context,
    p: &mut Part,
    t: &Timeline,
    target_minutes: i64,
    window_months: u32,
    support_start: Option<NaiveDate>,
) {
    let window = support::take_charge_window(ctx, window_months, support_start);
    let cut = support::take_charge_cut(ctx, window);
    let clock = &t.clock;
    if !(window.0 <= clock.created && clock.created < cut) {
        p.applies = false;
        p.lines.push(format!(
            "does not apply: created {}, outside the window [{}, {})",
            local(ctx, clock.created),
            local(ctx, window.0),
            local(ctx, cut)
        ));
        return;
    }
    let tc = support::take_charge_of(ctx, clock, target_minutes, cut);
    let end = tc.taken.unwrap_or(cut);
    p.lines.push(format!(
        "created {} → {}: {} of {} business time",
        local(ctx, clock.created),
        match tc.taken {
            Some(at) => format!("taken in charge {}", local(ctx, at)),
            None => format!("still new at {}", local(ctx, cut)),
        },
        fmt_duration(ceil_minutes(tc.secs)),
        fmt_duration(target_minutes)
    ));
    let segs = span_segments(t, clock.created, end);
    let (table, total) = day_table(ctx, "the take-charge clock, day by day", &segs, Some(target_minutes));
    p.figure("measured_minutes", ceil_minutes(total));
    p.figure("target_minutes", target_minutes);
    p.tables.push(table);
    p.verdict = p.verdict.or(Some(tc.verdict));
}

/// The fix clock of a Sprint commitment for this ticket, or why it has none (said in `p`).
fn fix_span(
    ctx: &Context,
    p: &mut Part,
    t: &Timeline,
    severity: Option<Severity>,
    wanted: Severity,
    fix: Fix,
) -> Option<support::FixSpan> {
    if severity != Some(wanted) {
        let priority = if wanted == Severity::Blocking { "priority 1 (blocking)" } else { "priority 2 (major)" };
        let own = severity.map_or("none".to_string(), |s| s.name().to_string());
        p.applies = false;
        p.lines.push(format!("does not apply: {priority} tickets only; this one's severity is {own}"));
        return None;
    }
    let span = support::fix_span(&t.clock, fix, &ctx.period);
    if span.is_none() {
        p.applies = false;
        p.lines.push(
            "does not apply in this period: no clock (never taken in charge before its end, or fixed before it)"
                .to_string(),
        );
    }
    span
}
