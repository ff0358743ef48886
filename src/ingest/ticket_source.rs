//! Where ticket status changes come from: a status history (one row per status change,
//! [`super::tickets`]) or a field history (one row per change of one field,
//! [`super::field_history`]), told apart by the header or forced with `--tickets-format`;
//! with the vocabulary of both (`--status-map`, `--severity-map`) and, optionally, a ticket
//! table that gives each ticket's creation (`--ticket-list`). What was merged, dropped, blanked
//! or read in a zone is counted in [`TicketStats`], whose [`TicketStats::notes`] the report
//! prints.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono_tz::Tz;

use super::field_history::{self, Creation, PivotStats};
use super::tickets::{self, EventRef, RowCounts, StatusMap, TicketRows, SEVERITY_NAMES};
use super::{detect_delimiter, fold, ColumnSpec, CsvInput, InputSummary, OnInvalid, ReadOptions, ZoneCache};
use crate::error::InputError;
use crate::profile::Severity;

/// The shape of a ticket export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TicketsFormat {
    /// One row per status change: ticket_id, timestamp, status[, severity, subject].
    History,
    /// One row per change of one field: field_name, ticket_id, updated, value.
    FieldHistory,
}

/// Folded names of a ticket table's creation column: a history has no use for one.
const CREATION_NAMES: &[&str] = &["created at", "created", "creation date", "date de creation", "opened at"];

/// A ticket table (`--ticket-list`): each ticket's creation, by id.
#[derive(Debug, Clone)]
pub struct TicketList {
    /// The file as given.
    pub path: String,
    /// Creation (and priority) per ticket id.
    pub tickets: HashMap<String, Creation>,
    /// Rows read.
    pub rows: u64,
    /// Naive timestamps read in the zone, and priority cells blanked.
    pub counts: RowCounts,
    /// Repeats of a ticket with the same creation (instant) and priority (once mapped), dropped
    /// (other columns are not compared).
    pub duplicates: u64,
    /// What the file held: rows, rows skipped (`--skip-invalid`) and why, its SHA-256.
    pub summary: InputSummary,
    /// The priority column as errors name it (header cell, 1-based position), when the list
    /// has one.
    priority_column: Option<(String, usize)>,
    /// The priority cells blanked (`--skip-invalid`: an unknown severity), by the line of the
    /// listed ticket's row: their values (as many as the tickets listed, each kept once).
    blanked: HashMap<u64, String>,
}

impl TicketList {
    /// The note on the list's rows skipped by `--skip-invalid`, if any: their tickets take no
    /// creation (nor priority) from the list.
    pub fn skipped_note(&self) -> Option<String> {
        (self.summary.skipped > 0).then(|| {
            let reasons: Vec<String> = self.summary.skipped_by_reason.iter().map(|(r, n)| format!("{n} {r}")).collect();
            format!(
                "{}: {} skipped ({}; --skip-invalid), not read: a ticket whose only row is skipped takes no \
                 creation from the list, one listed twice keeps its first row",
                self.path,
                count(self.summary.skipped, "row"),
                reasons.join(", ")
            )
        })
    }

    /// The priority the list gives `ticket`, if any: its severity when no row of the history
    /// gives one (the list's is the current one; a history's, when it has one, is the evidence
    /// of when it held).
    pub fn severity(&self, ticket: &str) -> Option<Severity> {
        self.tickets.get(ticket).and_then(|c| c.severity)
    }

    /// The priority cell of the listed ticket on `line` blanked by `--skip-invalid` (an unknown
    /// severity), as `livret check` reports it: its column's name and number, and its value.
    pub fn blanked_cell(&self, line: u64) -> Option<InputError> {
        let value = self.blanked.get(&line)?;
        Some(InputError {
            file: self.path.clone(),
            line,
            column: self.priority_column.clone(),
            value: Some(value.clone()),
            reason: "unknown severity".to_string(),
            expected: SEVERITY_NAMES.to_string(),
        })
    }

    /// The refusal of listed ticket `id`, created from the list, to which neither the list nor
    /// a row of `history` up to as-of gives a severity: at the list's line, where a priority
    /// would be (audit and check alike).
    pub fn no_priority(&self, id: &str, history: &str) -> Option<InputError> {
        let created = self.tickets.get(id)?;
        // Its empty priority cell, or no cell at all: a list without a priority column.
        let (column, value, gives) = match &self.priority_column {
            Some(c) => (Some(c.clone()), Some(String::new()), "the list gives it no priority"),
            None => (None, None, "the list has no priority column"),
        };
        Some(InputError {
            file: self.path.clone(),
            line: created.line,
            column,
            value,
            reason: format!(
                "ticket {} has no severity: {gives}, and no row of {history} up to as-of gives one",
                crate::error::excerpt(id)
            ),
            expected: "a priority (blocking, major, minor, or the vendor's) in the list or on a row of the history, \
                       or --default-severity"
                .to_string(),
        })
    }

    /// Reads `id,created_at[,priority]` (other columns ignored); an id listed twice is an error,
    /// unless with the same creation instant and priority (dropped and counted).
    pub fn read(path: &Path, opts: &ReadOptions, vocab: &StatusMap) -> Result<TicketList, InputError> {
        const SPECS: &[ColumnSpec] = &[
            ColumnSpec {
                name: "id",
                aliases: &["ticket_id", "ticket", "issue_id", "issue_key", "number"],
                required: true,
            },
            ColumnSpec {
                name: "created_at",
                aliases: &["created", "creation date", "date de création", "opened_at", "sys_created_on"],
                required: true,
            },
            ColumnSpec { name: "priority", aliases: &["severity", "priorité", "criticité"], required: false },
        ];
        let mut tickets: HashMap<String, Creation> = HashMap::new();
        let mut lines: HashMap<String, u64> = HashMap::new();
        let mut cache = ZoneCache::new(opts.zone);
        let mut blanked = 0;
        let mut blanked_cells: HashMap<u64, String> = HashMap::new();
        let mut duplicates = 0;
        let input = CsvInput::open("ticket list", path, SPECS, opts)?;
        let priority_column = input.column(2);
        let summary = input.for_each_row(|row| {
            let id = row.required(0)?;
            let at = row.timestamp_cached(1, &mut cache)?;
            let mut priority_blanked = None;
            let severity = match row.get(2) {
                None => None,
                Some(v) => match vocab.severity(v) {
                    Some(s) => Some(s),
                    None if opts.on_invalid == OnInvalid::Skip => {
                        blanked += 1;
                        priority_blanked = Some(v.to_string());
                        None
                    }
                    None => return Err(row.error(2, v, "unknown severity", SEVERITY_NAMES)),
                },
            };
            if let Some(first) = lines.get(id) {
                // Overlapping pages of an incremental export repeat a ticket as it was: a repeat
                // with the same creation and priority is dropped and counted; a ticket listed
                // with two creations or priorities is an error.
                if tickets.get(id).is_some_and(|c| (c.at, c.severity) == (at, severity)) {
                    duplicates += 1;
                    return Ok(());
                }
                return Err(row.error(
                    0,
                    id,
                    "ticket listed twice, with another creation or priority",
                    &format!(
                        "each ticket once, or repeated with the same creation and priority (first on line {first})"
                    ),
                ));
            }
            lines.insert(id.to_string(), row.line);
            tickets.insert(id.to_string(), Creation { at, severity, line: row.line });
            if let Some(v) = priority_blanked {
                blanked_cells.insert(row.line, v);
            }
            Ok(())
        })?;
        // The list's span is its creations'.
        let mut summary = summary;
        for c in tickets.values() {
            super::widen(&mut summary.span, c.at);
        }
        Ok(TicketList {
            path: summary.path.clone(),
            tickets,
            rows: summary.rows,
            counts: RowCounts { naive_timestamps: cache.naive, repeated: cache.repeated, severity_blanked: blanked },
            duplicates,
            summary,
            priority_column,
            blanked: blanked_cells,
        })
    }
}

/// How to read the ticket input.
#[derive(Debug, Clone, Default)]
pub struct TicketSource {
    /// Forced format (`--tickets-format`); `None` tells it from the header.
    pub format: Option<TicketsFormat>,
    /// Status and severity names beyond the built-in ones.
    pub vocab: StatusMap,
    /// Creations from a ticket table (`--ticket-list`).
    pub list: Option<TicketList>,
}

impl From<StatusMap> for TicketSource {
    fn from(vocab: StatusMap) -> Self {
        TicketSource { vocab, ..TicketSource::default() }
    }
}

/// What a read of the ticket input saw besides the events, for the report's notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketStats {
    /// The format read.
    pub format: TicketsFormat,
    /// The zone of naive timestamps.
    pub zone: Tz,
    /// Naive timestamps and blanked severity cells.
    pub counts: RowCounts,
    /// The field history's pivot (field histories only).
    pub pivot: Option<PivotStats>,
    /// Listed tickets without a status row in a history of which rows were skipped
    /// (`--skip-invalid`): not audited (their status rows may be among the skipped).
    /// (Their listed creations: those after as-of are not the audit's anyway.)
    pub listed_unread: Vec<chrono::DateTime<chrono::Utc>>,
    /// Listed tickets whose status came from the list alone (no status row), with their
    /// listed creation: `new` from it on.
    pub status_from_list: Vec<(String, chrono::DateTime<chrono::Utc>)>,
    /// The rows of the ticket read by [`read_ticket_events`] that were skipped, its severity
    /// cells blanked (`--skip-invalid`) and its priority rows (a field history's).
    pub watched: Option<TicketRows>,
}

impl TicketStats {
    /// The notes a report gives about this read of `path` (and of the list's rows, when given).
    pub fn notes(&self, path: &str, list: Option<&TicketList>) -> Vec<String> {
        let mut notes = zone_notes(&self.counts, path, self.zone);
        if self.counts.severity_blanked > 0 {
            // What is left of the row (as `explain` says it): a status history's status change;
            // a field history's priority row is read as no change.
            let kept = match self.format {
                TicketsFormat::History => "--skip-invalid kept the row's status change",
                TicketsFormat::FieldHistory => {
                    "--skip-invalid read each such priority row as no change, the severity left as it was"
                }
            };
            notes.push(format!(
                "{path}: {} blanked (unknown severity; {kept})",
                count(self.counts.severity_blanked, "severity cell")
            ));
        }
        if let Some(p) = &self.pivot {
            let mut parts = Vec::new();
            if p.merged > 0 {
                parts.push(format!("{} merged with a row of the same ticket and instant", count(p.merged, "row")));
            }
            if p.duplicates > 0 {
                parts.push(format!(
                    "{} dropped, repeating a status or priority already read for the same ticket and instant \
                     (values compared once mapped)",
                    count(p.duplicates, "row")
                ));
            }
            if !p.other_fields.is_empty() {
                let n: u64 = p.other_fields.values().sum();
                let names: Vec<String> = p.other_fields.iter().map(|(f, c)| format!("{f} {c}")).collect();
                parts.push(format!("{} of other fields ignored ({})", count(n, "row"), names.join(", ")));
            }
            if p.priority_cleared > 0 {
                parts.push(format!(
                    "{} with no value (severity left as it was)",
                    count(p.priority_cleared, "priority row")
                ));
            }
            if p.tickets_without_status > 0 {
                parts.push(format!("{} with no status row (not audited)", count(p.tickets_without_status, "ticket")));
            }
            if !parts.is_empty() {
                notes.push(format!("{path}: field history: {}", parts.join("; ")));
            }
        }
        if let Some(l) = list {
            notes.extend(l.notes(self.zone));
        }
        notes
    }
}

impl TicketList {
    /// What reading the list read in a zone, blanked or dropped (its notes, under its own
    /// name); `zone`: the one its naive timestamps were read in.
    pub fn notes(&self, zone: Tz) -> Vec<String> {
        let mut notes = Vec::new();
        notes.extend(zone_notes(&self.counts, &self.path, zone));
        if self.counts.severity_blanked > 0 {
            notes.push(format!(
                "{}: {} blanked (unknown severity)",
                self.path,
                count(self.counts.severity_blanked, "severity cell")
            ));
        }
        if self.duplicates > 0 {
            notes.push(format!(
                "{}: {} dropped, repeating a listed ticket with the same creation and priority",
                self.path,
                count(self.duplicates, "row")
            ));
        }
        notes
    }
}

/// The refusal of ticket `id` (first changed on `line`) for want of a severity, where the
/// profile's resolution commitments need one: audit and check give the same text. `up_to`:
/// the audit's as-of, as the report writes it, when rows after it were left unread (a
/// priority set after the month's end is one of them: check, which has no period, reads it).
pub fn no_severity(path: &str, line: u64, id: &str, format: TicketsFormat, up_to: Option<&str>) -> InputError {
    let column = match format {
        TicketsFormat::History => "severity",
        TicketsFormat::FieldHistory => "value (of a priority row)",
    };
    InputError {
        file: path.to_string(),
        line,
        column: Some((column.to_string(), 0)),
        value: Some(String::new()),
        reason: no_severity_reason(id, up_to),
        expected: "a severity (blocking, major, minor) on at least one row, a priority in the ticket list \
                   (--ticket-list), or --default-severity"
            .to_string(),
    }
}

/// Why ticket `id` is refused for want of a severity, as audit, check and explain say it:
/// `ticket ID has no severity on any row`, and with `up_to` (the audit's as-of, as the report
/// writes it, when rows after it were left unread) [`up_to_as_of`]'s clause.
pub fn no_severity_reason(id: &str, up_to: Option<&str>) -> String {
    format!("ticket {} has no severity on any row{}", crate::error::excerpt(id), up_to_as_of(up_to))
}

/// ` up to as-of AS_OF (later rows are not read)` when rows after the audit's as-of were left
/// unread (`up_to`: the as-of as the report writes it), else nothing: one of those rows may
/// be the severity a ticket lacks.
pub fn up_to_as_of(up_to: Option<&str>) -> String {
    up_to.map(|as_of| format!(" up to as-of {as_of} (later rows are not read)")).unwrap_or_default()
}

/// `n` and `what`, in the plural unless `n` is 1 (`1 row`, `2 rows`).
pub fn count(n: u64, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// `was` for one, `were` for any other number.
fn were(n: u64) -> &'static str {
    if n == 1 {
        "was"
    } else {
        "were"
    }
}

/// The note that says naive timestamps were read in `zone`, so that nobody reads UTC as Paris
/// time unknowingly.
fn naive_note(n: u64, file: &str, zone: Tz) -> String {
    if zone == chrono_tz::UTC {
        format!("{file}: {} without an offset {} read as UTC (--timezone UTC)", count(n, "timestamp"), were(n))
    } else {
        format!(
            "{file}: {} without an offset {} read as {zone} local time (--timezone); if the export is in UTC, \
             as Fivetran's and most warehouses' are, give --timezone UTC",
            count(n, "timestamp"),
            were(n)
        )
    }
}

/// The notes on the naive timestamps of `file` read in `zone`: how many ([`naive_note`]), and
/// how many of them fell in local time that occurs twice, read as the earlier instant.
pub fn zone_notes(counts: &RowCounts, file: &str, zone: Tz) -> Vec<String> {
    let mut notes = Vec::new();
    if counts.naive_timestamps > 0 {
        notes.push(naive_note(counts.naive_timestamps, file, zone));
    }
    let r = &counts.repeated;
    if r.count > 0 {
        notes.push(format!(
            "{file}: {} fell in local time repeated when the clocks go back ({} in {zone}) and {} read as its \
             first pass, the earlier instant (give an offset to write the second)",
            count(r.count, "naive timestamp"),
            r.spans_text(),
            were(r.count)
        ));
    }
    notes
}

/// The header of `path`, folded; `None` when it cannot be read ahead (a pipe: read once).
fn sniff(path: &Path, opts: &ReadOptions) -> Option<Vec<String>> {
    if !path.is_file() {
        return None;
    }
    // Through the opener: a compressed or Windows-1252 file's header is its text's.
    let mut bytes = Vec::new();
    let text = super::source::open(path, opts.encoding).ok()?.reader;
    std::io::Read::read_to_end(&mut std::io::Read::take(text, 1 << 16), &mut bytes).ok()?;
    folded_header(bytes.split(|&c| c == b'\n').next().unwrap_or(&bytes), opts)
}

/// The folded names of a header line.
fn folded_header(line: &[u8], opts: &ReadOptions) -> Option<Vec<String>> {
    let delimiter = opts.delimiter.unwrap_or_else(|| detect_delimiter(line));
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(line);
    let headers = reader.headers().ok()?;
    Some(headers.iter().map(fold).collect())
}

/// A header refused as a status history's that is a field history's: on a pipe, whose header
/// cannot be read before the reader reads it, the format is not told from it; the error says
/// which flag reads it.
fn field_history_hint(mut e: InputError, opts: &ReadOptions) -> InputError {
    let Some(header) = e.value.as_deref().filter(|_| e.line == 1 && e.reason == "missing required column") else {
        return e;
    };
    if folded_header(header.as_bytes(), opts).is_some_and(|h| field_history::header_matches(&h)) {
        e.expected = format!(
            "{}; this header is a field history's (field_name, ticket_id, updated, value), whose format is not \
             told from a pipe's header: give --tickets-format field-history",
            e.expected
        );
    }
    e
}

/// Folded names of a field history's field column: a header with one is read as a field
/// history, so that a missing column is named in its terms.
const FIELD_NAMES: &[&str] = &["field name", "field", "fieldname"];

/// The format of `path`: forced, or told from the header (a field history's columns, or its
/// field column), else a status history; whether the header has a creation column (a ticket
/// table's); whether it is a field history's header.
fn shape(path: &Path, opts: &ReadOptions, forced: Option<TicketsFormat>) -> (TicketsFormat, bool, bool) {
    let header = sniff(path, opts).unwrap_or_default();
    let field_like = field_history::header_matches(&header);
    let has_field = header.iter().any(|h| FIELD_NAMES.contains(&h.as_str()));
    let format =
        forced.unwrap_or(if field_like || has_field { TicketsFormat::FieldHistory } else { TicketsFormat::History });
    let list_like = header.iter().any(|h| CREATION_NAMES.contains(&h.as_str()));
    (format, list_like, field_like)
}

/// Reads the ticket input and hands its status changes to `sink`: all of them, or with `only`
/// those of the listed tickets (in time order for a field history).
pub fn read_events(
    path: impl Into<super::Files>,
    opts: &ReadOptions,
    src: &TicketSource,
    only: Option<&HashSet<String>>,
    mut sink: impl FnMut(EventRef<'_>),
) -> Result<(InputSummary, TicketStats), InputError> {
    read_event_batches(path, opts, src, only, |evs| evs.iter().for_each(|e| sink(*e)))
}

/// The file of each row named by (ticket id, line) in an input of several files, as messages
/// name files: lines count within each file and events carry no file, so a refusal made after
/// the reading (a ticket without a severity) would give a line under the input's pattern. Each
/// file is read again, for those tickets only, in reading order; the first file with the
/// ticket's row at that line is its file. Empty for one file, and for rows not found (a file
/// that cannot be read again: the input's name is then all a message can give). Called on the
/// way to an error only: it reads the input once more.
pub fn locate_rows(
    files: &super::Files,
    opts: &ReadOptions,
    src: &TicketSource,
    rows: &[(&str, u64)],
) -> HashMap<(String, u64), String> {
    let mut found: HashMap<(String, u64), String> = HashMap::new();
    if files.paths.len() < 2 || rows.is_empty() {
        return found;
    }
    let wanted: HashSet<(&str, u64)> = rows.iter().copied().collect();
    let ids: HashSet<String> = rows.iter().map(|(id, _)| id.to_string()).collect();
    for p in &files.paths {
        if !std::fs::metadata(p).is_ok_and(|m| m.is_file()) {
            break;
        }
        let file = p.display().to_string();
        let _ = read_events(super::Files::one(p), opts, src, Some(&ids), |ev| {
            if wanted.contains(&(ev.ticket, ev.line)) {
                found.entry((ev.ticket.to_string(), ev.line)).or_insert_with(|| file.clone());
            }
        });
        if found.len() == wanted.len() {
            break;
        }
    }
    found
}

/// [`read_events`] handing on several events at once (in order: a status history's block of
/// rows), so that the fold can look their tickets up together.
pub fn read_event_batches(
    path: impl Into<super::Files>,
    opts: &ReadOptions,
    src: &TicketSource,
    only: Option<&HashSet<String>>,
    mut sink: impl FnMut(&[EventRef<'_>]),
) -> Result<(InputSummary, TicketStats), InputError> {
    read_event_batches_numbered(path, opts, src, only, |evs, _| sink(evs))
}

/// [`read_events`] for ticket `id` alone (`explain`): its status changes, and in
/// [`TicketStats::watched`] what `--skip-invalid` did to its rows (the rows skipped, the
/// severity cells blanked; bounded: [`tickets::MAX_TICKET_ROWS`] of each and a count) and, for
/// a field history, its priority rows.
pub fn read_ticket_events(
    path: impl Into<super::Files>,
    opts: &ReadOptions,
    src: &TicketSource,
    id: &str,
    mut sink: impl FnMut(EventRef<'_>),
) -> Result<(InputSummary, TicketStats), InputError> {
    let only = HashSet::from([id.to_string()]);
    read_batches(path, opts, src, Some(&only), Some(id), |evs, _| evs.iter().for_each(|e| sink(*e)))
}

/// [`read_event_batches`] with, for a field history, each event's ticket number in the pivot
/// (see [`field_history::read_numbered`]; `None` for a status history), so that the fold finds
/// the ticket without looking its id up again.
pub fn read_event_batches_numbered(
    path: impl Into<super::Files>,
    opts: &ReadOptions,
    src: &TicketSource,
    only: Option<&HashSet<String>>,
    sink: impl FnMut(&[EventRef<'_>], Option<&[u32]>),
) -> Result<(InputSummary, TicketStats), InputError> {
    read_batches(path, opts, src, only, None, sink)
}

/// [`read_event_batches_numbered`] keeping what `--skip-invalid` did to the rows of ticket
/// `watch` (one of `only`), if given.
fn read_batches(
    path: impl Into<super::Files>,
    opts: &ReadOptions,
    src: &TicketSource,
    only: Option<&HashSet<String>>,
    watch: Option<&str>,
    mut sink: impl FnMut(&[EventRef<'_>], Option<&[u32]>),
) -> Result<(InputSummary, TicketStats), InputError> {
    let path: super::Files = path.into();
    let (format, list_like, field_like) = shape(path.first(), opts, src.format);
    if format == TicketsFormat::History && field_like {
        return Err(InputError::file(
            &path.label(),
            "looks like a field history (field_name, ticket_id, updated, value: one row per change of one field), \
             given with --tickets-format history",
            "one row per status change (ticket_id, timestamp, status[, severity]) with --tickets-format history; \
             without it (or with --tickets-format field-history) this file is read as the field history it is",
        ));
    }
    let list = src.list.as_ref().map(|l| &l.tickets);
    let mut stats = TicketStats {
        format,
        zone: opts.zone,
        counts: RowCounts::default(),
        pivot: None,
        listed_unread: Vec::new(),
        status_from_list: Vec::new(),
        watched: None,
    };
    if format == TicketsFormat::FieldHistory {
        let (summary, counts, mut pivot) =
            field_history::read_numbered(&path, opts, &src.vocab, list, only, watch, |evs, n| sink(evs, Some(n)))?;
        stats.counts = counts;
        stats.listed_unread.clone_from(&pivot.listed_unread);
        stats.status_from_list.clone_from(&pivot.status_from_list);
        stats.watched = pivot.watched.take();
        stats.pivot = Some(pivot);
        return Ok((summary, stats));
    }
    // A ticket table given as a history: its names match the history's aliases (id,
    // updated_at, status, priority), but each ticket comes once. Ids are kept until one repeats.
    let mut once: Option<HashSet<String>> = list_like.then(HashSet::new);
    let mut seen: HashSet<String> = HashSet::new();
    let sniffed = path.first().is_file();
    // The rows skipped, with the ids of the listed tickets among them.
    let mut skipped = tickets::SkippedRows::watching(watch);
    let listed = |id: &str| list.is_some_and(|l| l.contains_key(id));
    let read = tickets::read_event_batches_noting_skips(&path, opts, &src.vocab, (&mut skipped, &listed), |evs| {
        if let Some(ids) = &mut once {
            for ev in evs {
                if !ids.insert(ev.ticket.to_string()) {
                    once = None;
                    break;
                }
            }
        }
        if only.is_none() && list.is_none() {
            sink(evs, None);
            return;
        }
        let mut kept = Vec::with_capacity(evs.len());
        for ev in evs {
            if only.is_some_and(|o| !o.contains(ev.ticket)) {
                continue;
            }
            if let Some(list) = list {
                if !seen.contains(ev.ticket) {
                    seen.insert(ev.ticket.to_string());
                    if let Some(c) = list.get(ev.ticket) {
                        // (rows out of time order are sorted again, and this decided again, by
                        // the clock's second pass: `sort_events`)
                        if c.precedes(ev.at, ev.status) {
                            kept.push(c.event(ev.ticket));
                        }
                    }
                }
            }
            kept.push(*ev);
        }
        if !kept.is_empty() {
            sink(&kept, None);
        }
    });
    let (summary, counts) = read.map_err(|e| if sniffed { e } else { field_history_hint(e, opts) })?;
    // Listed tickets without a row were never changed: `new` from their listed creation on
    // (as the field history's pivot does), in creation order.
    if let Some(list) = list {
        let mut unseen: Vec<(&String, &Creation)> =
            list.iter().filter(|(id, _)| !seen.contains(id.as_str()) && only.is_none_or(|o| o.contains(*id))).collect();
        unseen.sort_by(|a, b| a.1.at.cmp(&b.1.at).then_with(|| a.0.cmp(b.0)));
        // Rows skipped (--skip-invalid) may have been a listed ticket's: when one of them named
        // it, or one's id could not be read, it is not read as never changed.
        let (unread, unseen): (Vec<_>, Vec<_>) =
            unseen.into_iter().partition(|(id, _)| skipped.may_hold(summary.skipped, id));
        stats.listed_unread = unread.iter().map(|(_, c)| c.at).collect();
        stats.status_from_list = unseen.iter().map(|(id, c)| (id.to_string(), c.at)).collect();
        let evs: Vec<EventRef<'_>> = unseen.into_iter().map(|(id, c)| c.event(id)).collect();
        if !evs.is_empty() {
            sink(&evs, None);
        }
    }
    if once.is_some() && summary.rows > 0 && summary.skipped < summary.rows {
        return Err(InputError::file(
            &summary.path,
            "looks like a ticket list, not a status history (a creation column, and each ticket on one row)",
            "one row per status change (ticket_id, timestamp, status[, severity]) or a field history \
             (field_name, ticket_id, updated, value); a ticket table goes to --ticket-list, to give creation times",
        ));
    }
    stats.counts = counts;
    stats.watched = skipped.into_watched(summary.skipped);
    Ok((summary, stats))
}
