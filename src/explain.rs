//! `livret explain COMMITMENT [SUBJECT]`: how the audit made a commitment's figure, down to the
//! rows that produced it — a ticket against every ticket commitment of the profile, day by
//! day; availability as its interruptions, windows and budget; a backup day or month with its
//! rows; a purge run with its ages; any other commitment as the audit's items. The audit runs
//! first (the same reading and the same checks), so the verdicts are the audit's; the figures
//! are recomputed from the rows with the audit's functions and shown beside them (a test
//! compares the two for every subject of the fixtures).

pub(crate) mod availability;
pub(crate) mod backups;
pub(crate) mod model;
pub(crate) mod purges;
pub(crate) mod response_time;
pub mod ticket;

use anyhow::{bail, Result};
use chrono::{DateTime, Utc};
use serde_json::json;

use crate::checks::{Context, Finding, Inputs, Item};
use crate::profile::Rule;
pub use model::{Explanation, Part, Table, TicketEvidence};

/// An instant in the support calendar's zone, to the second.
pub(crate) fn local(ctx: &Context, t: DateTime<Utc>) -> String {
    t.with_timezone(&ctx.support.zone).format("%Y-%m-%d %H:%M:%S %:z").to_string()
}

/// The audit's item of commitment `id` on `subject`, if any.
pub(crate) fn find_item<'a>(findings: &'a [Finding], id: &str, subject: &str) -> Option<&'a Item> {
    findings.iter().find(|f| f.id == id).and_then(|f| f.items.iter().find(|i| i.subject == subject))
}

/// A subject as typed and as the report writes it compared loosely: case, `T` or a space
/// between date and time; the query may stop at a boundary (`2026-10-31 04:00` names the run
/// `2026-10-31T04:00:00+01:00`, `2026-10-18` the day of every database).
pub fn subject_matches(item: &str, query: &str) -> bool {
    // `2026-10-11T01:00/talent-main`: the instant loosely, the database exactly.
    let split = match (item.split_once('/'), query.split_once('/')) {
        (Some((ia, ib)), Some((qa, qb))) => ib.eq_ignore_ascii_case(qb.trim()) && loose_match(ia, qa),
        _ => false,
    };
    split || loose_match(item, query)
}

fn loose_match(item: &str, query: &str) -> bool {
    // `2026-10-31t04:00` → `2026-10-31 04:00`: a `t` between two digits is the date-time
    // separator.
    let norm = |s: &str| {
        let c: Vec<char> = s.trim().to_lowercase().chars().collect();
        let digit = |i: usize| c.get(i).is_some_and(char::is_ascii_digit);
        c.iter()
            .enumerate()
            .map(|(i, &ch)| if ch == 't' && i > 0 && digit(i - 1) && digit(i + 1) { ' ' } else { ch })
            .collect::<String>()
    };
    let (item, query) = (norm(item), norm(query));
    if query.is_empty() {
        return false;
    }
    item == query || (item.starts_with(&query) && matches!(item.as_bytes()[query.len()], b'/' | b' ' | b':' | b'+'))
}

/// What `explain` needs besides the audit: the ticket history, to fold one ticket's rows.
pub struct Sources<'a> {
    /// The ticket history, when given.
    pub tickets: Option<ticket::Source<'a>>,
    /// The audit's refusal of the inputs (its first line), when it refused them: a ticket it
    /// would leave out for want of a severity (`--skip-invalid`, its rows counted as skipped) is
    /// refused with them.
    pub audit_refusal: Option<String>,
}

/// Explains `commitment` (or `ticket`: every ticket commitment) for `subject`.
pub fn explain(
    ctx: &Context,
    inputs: &Inputs,
    findings: &[Finding],
    sources: &Sources<'_>,
    commitment: &str,
    subject: Option<&str>,
) -> Result<Explanation> {
    let zone = ctx.profile.zone;
    let mut e = Explanation {
        schema: model::SCHEMA,
        commitment: commitment.to_string(),
        subject: subject.map(str::to_string),
        profile: ctx.profile.id.clone(),
        period: model::PeriodText {
            from: ctx.period.from.with_timezone(&zone).to_rfc3339(),
            to: ctx.period.to.with_timezone(&zone).to_rfc3339(),
            as_of: ctx.period.as_of.with_timezone(&zone).to_rfc3339(),
        },
        lines: Vec::new(),
        parts: Vec::new(),
        refused: None,
        ticket: None,
    };
    // Ticket `id` against every ticket commitment, or `only` one.
    let explain_ticket = |mut e: Explanation, id: &str, only: Option<&str>| -> Result<Explanation> {
        let Some(src) = &sources.tickets else {
            bail!("no ticket history given; expected --tickets FILE (or --dir with a tickets.csv)");
        };
        let t = ticket::timeline(id, src, ctx)?;
        e.lines = ticket::header(ctx, id, &t);
        e.ticket = Some(ticket::evidence(ctx, &t));
        e.refused = ticket::refused(ctx, id, &t, sources.audit_refusal.as_deref());
        e.parts = ticket::parts(ctx, findings, id, &t, only);
        Ok(e)
    };
    if commitment == "ticket" {
        let Some(id) = subject else {
            bail!("`explain ticket` needs a ticket id: livret explain ticket ID");
        };
        return explain_ticket(e, id, None);
    }
    let Some(c) = ctx.profile.commitments.iter().find(|c| c.id == commitment) else {
        let ids: Vec<&str> = ctx.profile.commitments.iter().map(|c| c.id.as_str()).collect();
        bail!(
            "no commitment `{}` in profile {}; expected `ticket` or one of: {}",
            crate::error::visible(commitment),
            ctx.profile.id,
            ids.join(", ")
        );
    };
    if findings.is_empty() && ticket::is_ticket_rule(&c.rule) {
        if let Some(id) = subject {
            // The audit refused the inputs: the clocks alone.
            return explain_ticket(e, id, Some(&c.id));
        }
    }
    let Some(finding) = findings.iter().find(|f| f.id == c.id) else {
        bail!("commitment `{}` was not evaluated", c.id);
    };
    if finding.verdict == crate::checks::Verdict::NotAudited {
        let mut p = Part::new(c, subject.map(str::to_string));
        p.verdict = Some(finding.verdict);
        p.applies = false;
        p.lines.push(finding.evidence.clone());
        e.parts.push(p);
        return Ok(e);
    }
    if let (true, Some(id)) = (ticket::is_ticket_rule(&c.rule), subject) {
        return explain_ticket(e, id, Some(&c.id));
    }
    e.parts = match (&c.rule, subject) {
        (Rule::Availability { target_pct, scheme }, _) if inputs.downtime.is_some() || inputs.probes.is_some() => {
            // The vendor's log when given, else the customer's probes (unknown time as down);
            // with probes, both sources interval by interval.
            let from_probes = inputs.probes.as_ref().map(|p| p.as_downtime(true, ctx.period.as_of));
            let mut parts = match (&inputs.downtime, &from_probes) {
                (Some(log), _) | (None, Some(log)) => {
                    availability::parts(ctx, c, *target_pct, scheme, log, finding, subject)?
                }
                (None, None) => Vec::new(),
            };
            if let Some(p) = &inputs.probes {
                for part in &mut parts {
                    availability::add_probes(ctx, part, p, inputs.downtime.as_ref());
                }
            }
            parts
        }
        (Rule::BackupFrequency { .. } | Rule::BackupRetention { .. } | Rule::BackupCopies { .. }, Some(s)) => {
            match &inputs.backups {
                Some(log) => backups::parts(ctx, c, log, findings, s)?,
                None => Vec::new(),
            }
        }
        (Rule::Purge { category, .. }, Some(s)) => match &inputs.purges {
            Some(log) => purges::parts(ctx, c, category, log, finding, s)?,
            None => Vec::new(),
        },
        (Rule::ResponseTimeAverage { max_avg_ms }, Some(s)) => match &inputs.response_times {
            Some(rt) => response_time::parts(ctx, c, *max_avg_ms, rt, findings, s),
            None => Vec::new(),
        },
        (Rule::BackupRpo { .. }, Some(_)) => {
            let mut parts = generic(c, finding, subject);
            if let Some(log) = &inputs.backups {
                for p in &mut parts {
                    rpo_rows(ctx, log, p);
                }
            }
            parts
        }
        (Rule::RecoveryRto { .. } | Rule::MaintenanceWindow | Rule::MaintenanceNotice { .. }, Some(_)) => {
            let mut parts = generic(c, finding, subject);
            if let Some(log) = &inputs.downtime {
                for p in &mut parts {
                    downtime_rows(ctx, log, p, matches!(c.rule, Rule::RecoveryRto { .. }));
                }
            }
            parts
        }
        _ => generic(c, finding, subject),
    };
    if e.parts.is_empty() {
        let sample: Vec<&str> = finding.items.iter().take(5).map(|i| i.subject.as_str()).collect();
        bail!(
            "no subject `{}` in {}{}",
            crate::error::visible(subject.unwrap_or_default()),
            c.id,
            if sample.is_empty() {
                ": the audit has no item for it".to_string()
            } else {
                format!("; its items are e.g. {}", sample.join(", "))
            }
        );
    }
    Ok(e)
}

/// A gap between successful backups: the rows of its database from the backup that opens it
/// to the one that closes it (or to the cut), with their lines, and its hours from them.
fn rpo_rows(ctx: &Context, log: &crate::ingest::backups::BackupLog, p: &mut Part) {
    let at = |k: &str| {
        p.figures.get(k).and_then(|v| v.as_str()).and_then(|t| DateTime::parse_from_rfc3339(t).ok()).map(|t| t.to_utc())
    };
    let (from, to) = (at("from").unwrap_or(ctx.period.from), at("to"));
    let Some(db) = p.figures.get("database").and_then(|v| v.as_str()).map(str::to_string) else { return };
    let until = to.unwrap_or(ctx.period.cut());
    let zone = ctx.profile.zone;
    let mut t = Table::new("rows of the backup log over the gap", &["line", "taken at", "type", "status", "location"]);
    for b in log.backups.iter().filter(|b| b.database == db && from <= b.taken_at && b.taken_at <= until) {
        t.rows.push(vec![
            json!(b.line),
            json!(b.taken_at.with_timezone(&zone).to_rfc3339()),
            json!(format!("{:?}", b.backup).to_lowercase()),
            json!(b.status.name()),
            json!(b.location),
        ]);
    }
    p.figure("gap_hours", crate::checks::recovery::item_hours(until - from));
    p.tables.push(t);
}

/// An interruption judged by itself (maintenance window or notice, recovery time): its row of
/// the downtime log; for the recovery time, its hours recomputed from the row (to its end, or
/// to as-of while it goes on).
fn downtime_rows(ctx: &Context, log: &crate::ingest::downtime::DowntimeLog, p: &mut Part, rto: bool) {
    let zone = ctx.profile.zone;
    let local = |t: DateTime<Utc>| t.with_timezone(&zone).to_rfc3339();
    let mut t =
        Table::new("rows of the downtime log", &["line", "start", "end", "kind", "announced at", "description"]);
    let subject = p.subject.clone().unwrap_or_default();
    for i in log.interruptions.iter().filter(|i| local(i.start) == subject) {
        t.rows.push(vec![
            json!(i.line),
            json!(local(i.start)),
            json!(i.end.map(local)),
            json!(i.kind.name()),
            json!(i.announced_at.map(local)),
            json!(i.description),
        ]);
        if rto {
            let end = i.end.filter(|e| *e <= ctx.period.as_of).unwrap_or(ctx.period.as_of);
            p.figure("hours", crate::checks::recovery::item_hours(end - i.start));
        }
    }
    p.tables.push(t);
}

/// Any commitment, from the audit's finding: with a subject, its items and their figures;
/// without one, the commitment's measured figures and every item.
fn generic(c: &crate::profile::Commitment, f: &Finding, subject: Option<&str>) -> Vec<Part> {
    match subject {
        Some(s) => f
            .items
            .iter()
            .filter(|i| subject_matches(&i.subject, s))
            .map(|i| {
                let mut p = Part::new(c, Some(i.subject.clone()));
                p.verdict = Some(i.verdict);
                p.lines.push(i.detail().into_owned());
                p.figures = i.values.to_map().into_owned();
                p
            })
            .collect(),
        None => {
            let mut p = Part::new(c, None);
            p.verdict = Some(f.verdict);
            p.lines.push(f.evidence.clone());
            p.figures = f.measured.to_map().into_owned();
            // Columns: the subject, the verdict, then every value the items have, in order.
            let maps: Vec<_> = f.items.iter().map(|i| i.values.to_map()).collect();
            let mut keys: Vec<String> = Vec::new();
            for m in &maps {
                for k in m.keys() {
                    if !keys.contains(k) {
                        keys.push(k.clone());
                    }
                }
            }
            let mut t = Table::new("the audit's items", &["subject", "verdict"]);
            t.columns.extend(keys.iter().cloned());
            for (i, m) in f.items.iter().zip(&maps) {
                let mut row = vec![json!(i.subject), json!(i.verdict.name())];
                row.extend(keys.iter().map(|k| m.get(k).cloned().unwrap_or(serde_json::Value::Null)));
                t.rows.push(row);
            }
            p.tables.push(t);
            vec![p]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_match_as_typed() {
        // A run named by its minute, with a space or a `T`; a day names every database.
        assert!(subject_matches("2026-10-31T04:00:00+01:00", "2026-10-31 04:00"));
        assert!(subject_matches("2026-10-31T04:00:00+01:00", "2026-10-31T04:00"));
        assert!(subject_matches("2026-10-12/talent-main", "2026-10-12"));
        assert!(subject_matches("2026-10-11T01:00:00+02:00/talent-main", "2026-10-11 01:00/talent-main"));
        assert!(!subject_matches("2026-10-11T01:00:00+02:00/talent-main", "2026-10-11 01:00/talent-docs"));
        assert!(subject_matches("2026-10/paris", "2026-10"));
        assert!(subject_matches("SRV-AD01 2026-10-14T09:00", "srv-ad01"));
        assert!(subject_matches("SRV-AD01 2026-10-14T09:00", "SRV-AD01 2026-10-14 09:00"));
        // Not a prefix cut inside a field: a month does not name its days, nor 04:0 04:00.
        assert!(!subject_matches("2026-10-12/talent-main", "2026-10"));
        assert!(!subject_matches("2026-10-31T04:00:00+01:00", "2026-10-31 04:0"));
        assert!(!subject_matches("TS-1", ""));
        // Short, odd or multi-byte input never panics.
        for q in ["é", "2026-10-31té", "ééééééééééééé", "t", "2026-10-1"] {
            let _ = subject_matches("2026-10-31T04:00:00+01:00", q);
            let _ = subject_matches(q, "2026");
        }
    }

    #[test]
    fn markdown_cells_escape_pipes_and_line_breaks() {
        let e = Explanation {
            schema: model::SCHEMA,
            commitment: "x".into(),
            subject: None,
            profile: "p".into(),
            period: model::PeriodText { from: "a".into(), to: "b".into(), as_of: "c".into() },
            lines: vec![],
            parts: vec![Part {
                commitment: "x".into(),
                clause: "c".into(),
                target: "t".into(),
                subject: None,
                applies: true,
                verdict: None,
                lines: vec![],
                figures: serde_json::Map::new(),
                tables: vec![Table {
                    title: "rows".into(),
                    columns: vec!["a|b".into()],
                    rows: vec![vec![json!("x|y\nz")], vec![serde_json::Value::Null], vec![json!(1.5)]],
                }],
            }],
            refused: None,
            ticket: None,
        };
        let md = model::markdown(&e);
        assert!(md.contains("| a\\|b |\n|---|\n| x\\|y z |\n| — |\n| 1.5 |\n"), "{md}");
    }
}
