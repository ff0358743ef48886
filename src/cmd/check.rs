//! `livret check`: reads the inputs only, and lists what `audit` would refuse for the
//! profile (every problem of every row, header-only files, tickets without a severity), with
//! each file's rows and SHA-256; exit 2 when it found one.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::{bail, Result};
use chrono::{DateTime, Utc};
use compact_str::CompactString;

use super::{refuse_stdout_over_inputs, ticket_source, EXIT_ERROR, EXIT_PASS};
use crate::checks;
use crate::cli::CheckArgs;
use crate::ingest::downtime;
use crate::ingest::inputs::InputKind;
use crate::ingest::response_times;
use crate::ingest::ticket_source;
use crate::ingest::{alerts, backups, metrics, purges, visits};
use crate::ingest::{InputSummary, OnInvalid};
use crate::options;
use crate::output::write_stdout;

/// Runs `livret check`.
pub(crate) fn run(args: &CheckArgs) -> Result<ExitCode> {
    let profile_args = args.profile.resolved();
    refuse_stdout_over_inputs(&args.inputs, &profile_args)?;
    // What the audit requires depends on the booklet (a severity where a resolution SLA
    // judges the ticket): no silent default profile.
    if profile_args.profile.is_none() && profile_args.contract.is_none() {
        bail!(
            "check needs the profile the inputs will be audited against; expected --profile with one of {}, or \
             --contract FILE.toml",
            crate::booklet::ids().join(", ")
        );
    }
    let profile = options::profile(&profile_args)?;
    let default_severity = options::default_severity(&profile_args)?;
    let resolution_checked =
        profile.commitments.iter().any(|c| matches!(c.rule, crate::profile::Rule::Resolution { .. }));
    let zone = options::zone(&args.inputs, &profile)?;
    let read = options::read_options(&args.inputs, zone, OnInvalid::Collect)?;
    let paths = options::input_paths(&args.inputs)?;
    if paths.is_empty() {
        bail!("no input given; expected --dir DIR or an input such as --tickets FILE");
    }
    let source = ticket_source(&args.inputs, &read)?;
    let mut out = String::new();
    let mut problems = 0;
    // Listed tickets without a severity whose creation came from the list: the list's problems.
    let mut list_missing: Vec<crate::error::InputError> = Vec::new();
    for (kind, path) in &paths {
        let mut notes_after: Vec<String> = Vec::new();
        // A ticket input with rows but no status change (a field history of other fields).
        let mut no_change = false;
        let summary = match kind {
            InputKind::Tickets => {
                // Per ticket: whether any row gives a severity (or leaves it out of the audit:
                // status `ignore`), its first line and its latest instant so far; found by the
                // field history's ticket number, or by id (no allocation for a ticket already seen).
                let mut tickets: Vec<Option<Seen>> = Vec::new();
                let mut by_id: HashMap<CompactString, usize, foldhash::fast::RandomState> = HashMap::default();
                let mut last: Option<usize> = None;
                // A row earlier than its ticket's previous one: audit re-reads such tickets,
                // which only regular files allow.
                let mut back_in_time: Option<u64> = None;
                let (mut summary, stats) =
                    ticket_source::read_event_batches_numbered(path, &read, &source, None, |evs, numbers| {
                        for (k, ev) in evs.iter().enumerate() {
                            let i = match (numbers.and_then(|n| n.get(k)), last) {
                                (Some(&n), _) => n as usize,
                                (None, Some(i)) if ev.repeats_ticket => i,
                                (None, _) => match by_id.get(ev.ticket) {
                                    Some(&i) => i,
                                    None => {
                                        by_id.insert(CompactString::from(ev.ticket), tickets.len());
                                        tickets.len()
                                    }
                                },
                            };
                            last = Some(i);
                            if tickets.len() <= i {
                                tickets.resize_with(i + 1, || None);
                            }
                            let Some(slot) = tickets.get_mut(i) else { continue };
                            let t = slot.get_or_insert_with(|| Seen {
                                id: CompactString::from(ev.ticket),
                                severity: false,
                                first_line: ev.line,
                                latest: (ev.at, ev.frac),
                                earliest: Earliest { at: ev.at, frac: ev.frac, line: ev.line, status: ev.status },
                            });
                            t.severity |= ev.severity.is_some() || ev.status == crate::ingest::tickets::Status::Ignored;
                            // (a creation from the list, line 0, comes first among equal instants,
                            // as the clock's sort puts it)
                            let e = &t.earliest;
                            if (ev.at, ev.frac, ev.line) < (e.at, e.frac, e.line) {
                                t.earliest = Earliest { at: ev.at, frac: ev.frac, line: ev.line, status: ev.status };
                            }
                            // (rows of one second in the order of their fractions, as the clock's)
                            if (ev.at, ev.frac) < t.latest {
                                // the earliest such line, whatever order the reader hands rows on in
                                back_in_time = Some(back_in_time.map_or(ev.line, |l| l.min(ev.line)));
                            }
                            t.latest = t.latest.max((ev.at, ev.frac));
                        }
                    })?;
                drop(by_id);
                let rereadable = path.paths.iter().all(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file()));
                if let (Some(line), false) = (back_in_time, rereadable) {
                    summary.skipped += 1;
                    summary.problems.push(crate::error::InputError {
                        line,
                        ..crate::error::InputError::file(
                            &summary.path,
                            "rows out of time order in an input that cannot be read twice",
                            "a regular file (not a pipe), or rows sorted by time within each ticket",
                        )
                    });
                }
                // (the list's own notes go under its name, below)
                notes_after = stats.notes(&summary.path, None);
                no_change = tickets.iter().all(Option::is_none);
                if resolution_checked && default_severity.is_none() {
                    let listed = |id: &str| source.list.as_ref().and_then(|l| l.severity(id)).is_some();
                    // A ticket whose earliest row is already solved or closed is left out of
                    // every audit (no evidence of its creation): it needs no severity.
                    let left_out = |t: &Seen| t.earliest.status.clock() == crate::ingest::tickets::Clock::Stopped;
                    let mut missing: Vec<(u64, CompactString)> = tickets
                        .into_iter()
                        .flatten()
                        .filter(|t| !t.severity && !listed(&t.id) && !left_out(t))
                        .map(|t| (t.first_line, t.id))
                        .collect();
                    missing.sort();
                    // In an input of several files, the file of each line listed (read again for
                    // those tickets: lines count within each file).
                    let listed_rows: Vec<(&str, u64)> = missing
                        .iter()
                        .filter(|(line, _)| *line != 0)
                        .take(crate::ingest::MAX_LISTED_PROBLEMS)
                        .map(|(line, id)| (id.as_str(), *line))
                        .collect();
                    let files = ticket_source::locate_rows(path, &read, &source, &listed_rows);
                    for (line, id) in missing {
                        // Created from the list: the list's row is where a priority would be
                        // (as the audit names it).
                        if let Some(e) =
                            source.list.as_ref().filter(|_| line == 0).and_then(|l| l.no_priority(&id, &summary.path))
                        {
                            list_missing.push(e);
                            continue;
                        }
                        summary.skipped += 1;
                        *summary.skipped_by_reason.entry("ticket without severity".to_string()).or_default() += 1;
                        if summary.problems.len() < crate::ingest::MAX_LISTED_PROBLEMS {
                            let file = files.get(&(id.to_string(), line)).unwrap_or(&summary.path);
                            summary.problems.push(ticket_source::no_severity(file, line, &id, stats.format, None));
                        }
                    }
                }
                summary
            }
            InputKind::Backups => backups::read(path, &read, |_| {})?,
            InputKind::Purges => purges::read(path, &read, |_| {})?,
            InputKind::Downtime => downtime::read(path, &read, |_, _| {})?,
            InputKind::Metrics => metrics::read(path, &read, |_| {})?,
            InputKind::Alerts => alerts::read(path, &read)?.1,
            InputKind::Visits => visits::read(path, &read)?.1,
            InputKind::Probes => crate::ingest::probes::read(path, &read)?.1,
            InputKind::ResponseTimes => {
                let rt = options::response_times_options(&args.inputs)?;
                response_times::read_as(path, &read, profile.zone, &rt)?.summary
            }
        };
        problems += listing(&mut out, &summary, kind.name(), args.inputs.allow_empty)?;
        if no_change && summary.rows > summary.skipped && !args.inputs.allow_empty {
            problems += 1;
            writeln!(out, "  no status change in its rows; audit refuses it without --allow-empty")?;
        }
        for note in &notes_after {
            writeln!(out, "  note: {note}")?;
        }
    }
    // The ticket list (--ticket-list): what audit would refuse of it too.
    if let Some(list) = &source.list {
        let mut summary = list.summary.clone();
        summary.skipped += list_missing.len() as u64;
        if !list_missing.is_empty() {
            *summary.skipped_by_reason.entry("ticket without severity".to_string()).or_default() +=
                list_missing.len() as u64;
        }
        let room = crate::ingest::MAX_LISTED_PROBLEMS.saturating_sub(summary.problems.len());
        summary.problems.extend(list_missing.into_iter().take(room));
        problems += listing(&mut out, &summary, "ticket list", args.inputs.allow_empty)?;
        for note in list.notes(zone) {
            writeln!(out, "  note: {note}")?;
        }
    }
    // A closed pipe ends the listing quietly (`livret check … | head`); the exit code still
    // says whether any row had a problem.
    let _completed = write_stdout(out.as_bytes())?;
    Ok(ExitCode::from(if problems > 0 { EXIT_ERROR } else { EXIT_PASS }))
}

/// What `check` keeps of one ticket.
struct Seen {
    id: CompactString,
    /// Whether a row gives a severity, or leaves the ticket out of the audit (status `ignore`).
    severity: bool,
    /// The line of its first change handed on.
    first_line: u64,
    /// Its latest instant so far, and its stamp's fraction of a second.
    latest: (DateTime<Utc>, u32),
    /// Its earliest change so far: a ticket that starts solved or closed is left out of the
    /// audit.
    earliest: Earliest,
}

/// A ticket's earliest change: instant, its stamp's fraction of a second and line (in that
/// order, the order of rows), and the status it entered.
struct Earliest {
    at: DateTime<Utc>,
    frac: u32,
    line: u64,
    status: crate::ingest::tickets::Status,
}

/// Writes what `summary` held and the problems found in it; returns how many problems.
fn listing(out: &mut String, summary: &InputSummary, kind: &str, allow_empty: bool) -> Result<u64> {
    let mut problems = summary.skipped;
    if summary.rows == 0 && !allow_empty {
        problems += 1;
        writeln!(out, "{}: no data rows (a header only); audit refuses it without --allow-empty", summary.path)?;
    }
    writeln!(
        out,
        "{} ({}): {}, {} with problems, sha256 {}",
        summary.path,
        kind,
        checks::plural(summary.rows as usize, "row", "rows"),
        summary.skipped,
        summary.sha256
    )?;
    // An input of several files: each one, as `sha256sum` would list it.
    for f in &summary.files {
        writeln!(out, "  {}: {} rows, {} with problems, sha256 {}", f.path, f.rows, f.skipped, f.sha256)?;
    }
    for note in &summary.notes {
        writeln!(out, "  note: {note}")?;
    }
    for (reason, n) in &summary.skipped_by_reason {
        writeln!(out, "  {n} × {reason}")?;
    }
    for p in &summary.problems {
        writeln!(out, "  {p}")?;
    }
    if summary.skipped as usize > summary.problems.len() {
        writeln!(out, "  … and {} more", summary.skipped as usize - summary.problems.len())?;
    }
    Ok(problems)
}
