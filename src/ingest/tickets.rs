//! Ticket history reader (SPEC §2.1): one row per status change. Rows become
//! [`TicketEvent`]s with a canonical [`Status`]; vendor names in French, English and Swedish
//! are accepted, and `--status-map` adds more.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::chunked::RawRow;
use super::{fold, ColumnSpec, CsvInput, InputSummary, OnInvalid, ReadOptions, Row};
use crate::error::InputError;
use crate::profile::Severity;

/// Who holds the SLA clock while a ticket is in a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Clock {
    /// Cegid is working: the clock runs.
    Vendor,
    /// Waiting on the customer: the clock is paused.
    Customer,
    /// Solved or closed: the clock is stopped.
    Stopped,
}

/// Canonical ticket statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    New,
    Open,
    Acknowledged,
    Qualified,
    OnHold,
    AwaitingRelease,
    ActionPlan,
    Pending,
    AwaitingApproval,
    Solved,
    Closed,
    /// Not a ticket to audit (`--status-map` target `ignore` or `exclude`; Zendesk's
    /// `deleted`): a ticket with such a row is left out of the audit and counted in a note.
    Ignored,
}

/// Every status with its canonical name and the accepted names (folded by [`fold`]).
const STATUSES: &[(Status, &str, &[&str])] = &[
    (Status::New, "new", &["nouveau", "new", "ny"]),
    (Status::Open, "open", &["ouvert", "open", "oppen"]),
    (Status::Acknowledged, "acknowledged", &["pris en charge", "acknowledged"]),
    (Status::Qualified, "qualified", &["qualifie", "qualified"]),
    (Status::OnHold, "on-hold", &["en attente", "on hold", "hold"]),
    (Status::AwaitingRelease, "awaiting-release", &["en attente de distribution", "awaiting release"]),
    (Status::ActionPlan, "action-plan", &["plan d'action", "action plan"]),
    (Status::Pending, "pending", &["provisoire", "pending", "vantande"]),
    (Status::AwaitingApproval, "awaiting-approval", &["a approuver", "en attente d'approbation", "awaiting approval"]),
    (Status::Solved, "solved", &["valide", "solved", "resolved", "validerad", "lost"]),
    (Status::Closed, "closed", &["cloture", "closed", "stangd"]),
    (Status::Ignored, "ignore", &["ignore", "ignored", "exclude", "excluded", "deleted"]),
];

impl Status {
    /// Who holds the clock in this status.
    pub fn clock(self) -> Clock {
        match self {
            Status::Pending | Status::AwaitingApproval => Clock::Customer,
            Status::Solved | Status::Closed | Status::Ignored => Clock::Stopped,
            _ => Clock::Vendor,
        }
    }

    /// The canonical name.
    pub fn name(self) -> &'static str {
        STATUSES.iter().find(|(s, _, _)| *s == self).map_or("?", |(_, n, _)| n)
    }

    /// A status by any accepted name (case and accents ignored).
    pub fn parse(s: &str) -> Option<Status> {
        Status::parse_folded(&fold(s))
    }

    /// A status by an already folded name (the accepted names include the folded canonical ones).
    fn parse_folded(f: &str) -> Option<Status> {
        STATUSES.iter().find(|(_, _, names)| names.contains(&f)).map(|(s, _, _)| *s)
    }
}

/// A severity by any accepted name (SPEC §2.1), Zendesk's and Jira's priorities included
/// (`urgent`, `Highest`, `Blocker` blocking; `high` major; `normal`, `Medium`, `low`, `Lowest`,
/// `Trivial` minor: see docs/decisions/tickets-real.md for the reading against the booklets).
pub fn parse_severity(s: &str) -> Option<Severity> {
    let f = fold(s);
    const BLOCKING: &[&str] = &[
        "bloquante",
        "blocking",
        "blockerande",
        "critical",
        "criticite 1",
        "priorite 1",
        "p1",
        "1",
        "urgent",
        "highest",
        "blocker",
    ];
    const MAJOR: &[&str] = &["majeure", "major", "storre", "high", "criticite 2", "priorite 2", "p2", "2"];
    const MINOR: &[&str] = &[
        "mineure",
        "minor",
        "mindre",
        "low",
        "normal",
        "criticite 3",
        "priorite 3",
        "p3",
        "3",
        "medium",
        "lowest",
        "trivial",
    ];
    if BLOCKING.contains(&f.as_str()) {
        Some(Severity::Blocking)
    } else if MAJOR.contains(&f.as_str()) {
        Some(Severity::Major)
    } else if MINOR.contains(&f.as_str()) {
        Some(Severity::Minor)
    } else {
        None
    }
}

/// The vocabulary of a ticket history beyond the built-in names: extra status names
/// (`--status-map`, folded name → status) and extra severity names (`--severity-map`).
#[derive(Debug, Clone, Default)]
pub struct StatusMap {
    statuses: HashMap<String, Status>,
    severities: HashMap<String, Severity>,
}

impl StatusMap {
    /// Reads a `from,to` CSV; `to` must be a known status name. A name given again (after
    /// folding) must map to the same status.
    pub fn read(path: &Path, opts: &ReadOptions) -> Result<StatusMap, InputError> {
        const SPECS: &[ColumnSpec] = &[
            ColumnSpec { name: "from", aliases: &["name", "vendor status"], required: true },
            ColumnSpec { name: "to", aliases: &["status", "canonical"], required: true },
        ];
        let parse = |row: &Row<'_>, to: &str| {
            Status::parse(to).ok_or_else(|| row.error(1, to, "unknown status", &status_names()))
        };
        let statuses = read_map("status map", path, SPECS, opts, ("status", Status::name), parse)?;
        Ok(StatusMap { statuses, severities: HashMap::new() })
    }

    /// Adds a `from,to` CSV of severity names (`--severity-map`); `to` must be a known
    /// severity name (blocking, major, minor, or any built-in spelling). A name given again
    /// (after folding) must map to the same severity.
    pub fn read_severities(&mut self, path: &Path, opts: &ReadOptions) -> Result<(), InputError> {
        const SPECS: &[ColumnSpec] = &[
            ColumnSpec { name: "from", aliases: &["name", "priority", "vendor priority"], required: true },
            ColumnSpec { name: "to", aliases: &["severity", "canonical"], required: true },
        ];
        let parse = |row: &Row<'_>, to: &str| {
            parse_severity(to).ok_or_else(|| row.error(1, to, "unknown severity", SEVERITY_NAMES))
        };
        self.severities = read_map("severity map", path, SPECS, opts, ("severity", Severity::name), parse)?;
        Ok(())
    }

    /// A status by a built-in or mapped name.
    pub fn parse(&self, s: &str) -> Option<Status> {
        let f = fold(s);
        self.statuses.get(&f).copied().or_else(|| Status::parse_folded(&f))
    }

    /// A severity by a mapped or built-in name (the map first: it may rename a built-in one).
    pub fn severity(&self, s: &str) -> Option<Severity> {
        if self.severities.is_empty() {
            return parse_severity(s);
        }
        self.severities.get(&fold(s)).copied().or_else(|| parse_severity(s))
    }
}

/// Reads a `from,to` map (`kind`, columns `specs`: `from` then `to`), every row valid, each
/// `to` read by `parse`; `from` is folded. A name that folds to one given on an earlier line is
/// accepted with the same target (`what`, named by `name`), and an error with another: the
/// last line winning in silence made the result depend on the order of the lines.
fn read_map<T: Copy + PartialEq>(
    kind: &'static str,
    path: &Path,
    specs: &'static [ColumnSpec],
    opts: &ReadOptions,
    (what, name): (&str, fn(T) -> &'static str),
    parse: impl Fn(&Row<'_>, &str) -> Result<T, InputError>,
) -> Result<HashMap<String, T>, InputError> {
    let opts = ReadOptions { on_invalid: OnInvalid::Stop, ..opts.clone() };
    // Folded name → (target, line, name as written).
    let mut map: HashMap<String, (T, u64, String)> = HashMap::new();
    CsvInput::open(kind, path, specs, &opts)?.for_each_row(|row| {
        let from = row.required(0)?;
        let to = row.required(1)?;
        let target = parse(row, to)?;
        match map.get(&fold(from)) {
            None => {
                map.insert(fold(from), (target, row.line, from.to_string()));
            }
            Some((first, _, _)) if *first == target => {}
            Some((first, line, written)) => {
                return Err(row.error(
                    0,
                    from,
                    &format!("name mapped twice, to another {what}"),
                    &format!(
                        "each name once, or again with the same {what} (line {line} maps \"{}\" to {}; this line to {})",
                        crate::error::excerpt(&crate::error::visible(written)),
                        name(*first),
                        name(target)
                    ),
                ));
            }
        }
        Ok(())
    })?;
    Ok(map.into_iter().map(|(k, (t, _, _))| (k, t)).collect())
}

/// What a severity cell may hold, for error messages.
pub const SEVERITY_NAMES: &str = "blocking, major or minor (or Bloquante, Majeure, Mineure, P1–P3, 1–3, Zendesk's \
     urgent/high/normal/low, Jira's Highest…Lowest; map others with --severity-map)";

/// What a reader saw besides its rows: naive timestamps read in the zone (and those of them
/// that occur twice there), and severity cells blanked under `--skip-invalid` (the row kept
/// for its status change).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowCounts {
    /// Timestamps without an offset, read in the `--timezone` zone.
    pub naive_timestamps: u64,
    /// Of them, those in local time that occurs twice (read as the earlier instant).
    pub repeated: super::timestamp::Repeated,
    /// Rows kept with their unknown severity blanked (`--skip-invalid`).
    pub severity_blanked: u64,
}

/// Rows of one ticket skipped, and severity cells of its blanked, kept with their error (the
/// rest counted): `explain` lists them, memory stays bounded whatever the file.
pub const MAX_TICKET_ROWS: usize = 100;

/// What `--skip-invalid` did to the rows of one ticket (`explain` asks for it): the rows it
/// skipped and the severity cells it blanked (the row kept for its status change), each with
/// the error that refuses it without the flag, the first [`MAX_TICKET_ROWS`] of each kept and
/// all counted; and, for a field history, the ticket's priority rows (where its severity came
/// from: the pivot hands a priority on with the status row of its instant, on that row's line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketRows {
    /// Rows skipped, the first [`MAX_TICKET_ROWS`], in file order.
    pub skipped: Vec<InputError>,
    /// All of them.
    pub skipped_count: u64,
    /// Severity cells blanked, the first [`MAX_TICKET_ROWS`], in file order.
    pub blanked: Vec<InputError>,
    /// All of them.
    pub blanked_count: u64,
    /// Rows skipped whose ticket id could not be read (record-level errors, an empty id
    /// cell): this ticket's may be among them.
    pub unattributed: u64,
    /// A field history's priority rows of the ticket with a severity: (instant, line, severity).
    pub priorities: Vec<(DateTime<Utc>, u64, Severity)>,
}

impl TicketRows {
    /// Notes a skipped row of the ticket.
    pub fn skip(&mut self, e: InputError) {
        self.skipped_count += 1;
        if self.skipped.len() < MAX_TICKET_ROWS {
            self.skipped.push(e);
        }
    }

    /// Notes a blanked severity cell of the ticket.
    pub fn blank(&mut self, e: InputError) {
        self.blanked_count += 1;
        if self.blanked.len() < MAX_TICKET_ROWS {
            self.blanked.push(e);
        }
    }

    /// Takes in `other`'s rows (a block's, its lines relative to `line`: made the file's).
    fn take(&mut self, other: &mut TicketRows, line: u64) {
        let (skipped, blanked) =
            (other.skipped_count - other.skipped.len() as u64, other.blanked_count - other.blanked.len() as u64);
        for mut e in other.skipped.drain(..) {
            e.line += line;
            self.skip(e);
        }
        for mut e in other.blanked.drain(..) {
            e.line += line;
            self.blank(e);
        }
        self.skipped_count += skipped;
        self.blanked_count += blanked;
        other.skipped_count = 0;
        other.blanked_count = 0;
    }
}

/// The rows skipped (`--skip-invalid`) whose ticket id could be read, and of them the listed
/// tickets' ids (the only ones asked about: memory stays with the list, not the file): whether
/// a ticket's rows may be among the skipped (a listed ticket without a readable status row is
/// then not read as never changed).
#[derive(Debug, Clone, Default)]
pub struct SkippedRows {
    /// Rows skipped whose id was read.
    pub named: u64,
    /// The ids read on them that `keep` asked for.
    pub ids: HashSet<String>,
    /// The ticket whose skipped rows and blanked cells are kept (`explain`), if any.
    pub watch: Option<String>,
    /// Its rows.
    pub watched: TicketRows,
}

impl SkippedRows {
    /// Keeping the skipped rows and blanked cells of ticket `id`.
    pub fn watching(id: Option<&str>) -> SkippedRows {
        SkippedRows { watch: id.map(str::to_string), ..SkippedRows::default() }
    }

    /// The watched ticket's rows, with the rows skipped whose id could not be read (of the
    /// `all` skipped); `None` when no ticket was watched.
    pub fn into_watched(self, all: u64) -> Option<TicketRows> {
        let unattributed = all.saturating_sub(self.named);
        self.watch.map(|_| TicketRows { unattributed, ..self.watched })
    }

    /// Notes a skipped row of `ticket`, keeping its id when `keep` (a listed ticket).
    pub fn note(&mut self, ticket: &str, keep: bool) {
        self.named += 1;
        if keep && !self.ids.contains(ticket) {
            self.ids.insert(ticket.to_string());
        }
    }

    /// Whether one of the `all` rows skipped may have been `ticket`'s: one named it, or one's
    /// id could not be read.
    pub fn may_hold(&self, all: u64, ticket: &str) -> bool {
        all > 0 && (self.named < all || self.ids.contains(ticket))
    }
}

pub(crate) fn status_names() -> String {
    let names: Vec<&str> = STATUSES.iter().map(|(_, n, _)| *n).collect();
    format!("one of {} (or their French/Swedish names; map others with --status-map)", names.join(", "))
}

/// One status change.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketEvent {
    /// Ticket id.
    pub ticket: String,
    /// When the ticket entered `status` (whole seconds).
    pub at: DateTime<Utc>,
    /// The fraction of a second the stamp wrote, in nanoseconds: it orders rows of one ticket
    /// within one second, and nothing else ([`crate::ingest::fraction`]).
    pub frac: u32,
    /// The status entered.
    pub status: Status,
    /// Severity given on this row, if any.
    pub severity: Option<Severity>,
    /// Subject given on this row, if any.
    pub subject: Option<String>,
    /// Line in the file.
    pub line: u64,
}

/// One status change, its text borrowed from the reader's buffer: what the fold sees of each
/// row, with no copy of the id or the subject.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventRef<'a> {
    /// Ticket id.
    pub ticket: &'a str,
    /// When the ticket entered `status` (whole seconds).
    pub at: DateTime<Utc>,
    /// The fraction of a second of its stamp, in nanoseconds (orders rows of one second).
    pub frac: u32,
    /// The status entered.
    pub status: Status,
    /// Severity given on this row, if any.
    pub severity: Option<Severity>,
    /// Subject given on this row, if any.
    pub subject: Option<&'a str>,
    /// Line in the file.
    pub line: u64,
    /// The row before, in the same block of the file, has the same ticket id (worked out by
    /// the parsing worker; `false` says nothing: a block's first row is always `false`).
    pub repeats_ticket: bool,
}

impl TicketEvent {
    /// The event as the fold sees it.
    pub fn borrow(&self) -> EventRef<'_> {
        EventRef {
            ticket: &self.ticket,
            at: self.at,
            frac: self.frac,
            status: self.status,
            severity: self.severity,
            subject: self.subject.as_deref(),
            line: self.line,
            repeats_ticket: false,
        }
    }
}

impl EventRef<'_> {
    /// An owned copy.
    pub fn to_event(&self) -> TicketEvent {
        TicketEvent {
            ticket: self.ticket.to_string(),
            at: self.at,
            frac: self.frac,
            status: self.status,
            severity: self.severity,
            subject: self.subject.map(str::to_string),
            line: self.line,
        }
    }
}

const ID: usize = 0;
const TIMESTAMP: usize = 1;
const STATUS: usize = 2;
const SEVERITY: usize = 3;
const SUBJECT: usize = 4;

/// The columns of a ticket history.
pub const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec { name: "ticket_id", aliases: &["id", "ticket", "numéro", "numero", "ticket number"], required: true },
    ColumnSpec { name: "timestamp", aliases: &["changed_at", "updated_at", "date"], required: true },
    ColumnSpec { name: "status", aliases: &["statut", "state"], required: true },
    ColumnSpec { name: "severity", aliases: &["priority", "priorité", "gravité", "criticité"], required: false },
    ColumnSpec { name: "subject", aliases: &["title", "sujet"], required: false },
];

/// Spellings already seen and what they mean: exports repeat a handful, found by a short
/// scan without hashing; past 16 a map takes up to 256 more.
#[derive(Debug)]
struct Seen<T> {
    few: Vec<(Box<str>, T)>,
    many: HashMap<String, T>,
}

impl<T> Default for Seen<T> {
    fn default() -> Self {
        Seen { few: Vec::new(), many: HashMap::new() }
    }
}

impl<T: Copy> Seen<T> {
    fn get(&self, s: &str) -> Option<T> {
        match self.few.iter().find(|(k, _)| **k == *s) {
            Some((_, v)) => Some(*v),
            None if self.many.is_empty() => None,
            None => self.many.get(s).copied(),
        }
    }

    fn insert(&mut self, s: &str, v: T) {
        if self.few.len() < 16 {
            self.few.push((s.into(), v));
        } else if self.many.len() < 256 {
            self.many.insert(s.to_string(), v);
        }
    }
}

/// Reads a ticket history and hands each event to `sink`, in file order.
pub fn read(
    path: impl Into<super::Files>,
    opts: &ReadOptions,
    statuses: &StatusMap,
    mut sink: impl FnMut(TicketEvent),
) -> Result<InputSummary, InputError> {
    read_events(path, opts, statuses, |ev| sink(ev.to_event()))
}

/// [`read`] without an allocation per row: `sink` borrows each event from the block it was
/// parsed in. Rows are parsed in parallel (see [`CsvInput::par_fold_ordered`]) and handed on
/// in file order.
pub fn read_events(
    path: impl Into<super::Files>,
    opts: &ReadOptions,
    statuses: &StatusMap,
    mut sink: impl FnMut(EventRef<'_>),
) -> Result<InputSummary, InputError> {
    read_events_blocks(path, opts, statuses, None, (&mut SkippedRows::default(), &|_| false), |evs| {
        evs.iter().for_each(|e| sink(*e))
    })
    .map(|(s, _)| s)
}

/// [`read_events`] with what was seen besides the rows ([`RowCounts`]).
pub fn read_events_counted(
    path: impl Into<super::Files>,
    opts: &ReadOptions,
    statuses: &StatusMap,
    mut sink: impl FnMut(EventRef<'_>),
) -> Result<(InputSummary, RowCounts), InputError> {
    read_events_blocks(path, opts, statuses, None, (&mut SkippedRows::default(), &|_| false), |evs| {
        evs.iter().for_each(|e| sink(*e))
    })
}

/// [`read_events_counted`] handing on the events of each block of the file at once (in file
/// order), so that the fold can look their tickets up together.
pub fn read_event_batches(
    path: impl Into<super::Files>,
    opts: &ReadOptions,
    statuses: &StatusMap,
    sink: impl FnMut(&[EventRef<'_>]),
) -> Result<(InputSummary, RowCounts), InputError> {
    read_events_blocks(path, opts, statuses, None, (&mut SkippedRows::default(), &|_| false), sink)
}

/// [`read_event_batches`] noting the rows skipped (`--skip-invalid`) in `skipped`, the ids
/// that `keep` asks for kept.
pub fn read_event_batches_noting_skips(
    path: impl Into<super::Files>,
    opts: &ReadOptions,
    statuses: &StatusMap,
    skipped: (&mut SkippedRows, &dyn Fn(&str) -> bool),
    sink: impl FnMut(&[EventRef<'_>]),
) -> Result<(InputSummary, RowCounts), InputError> {
    read_events_blocks(path, opts, statuses, None, skipped, sink)
}

/// [`read_event_batches`] with blocks of `block` bytes (small blocks in tests).
fn read_events_blocks(
    path: impl Into<super::Files>,
    opts: &ReadOptions,
    statuses: &StatusMap,
    block: Option<usize>,
    (skipped, keep): (&mut SkippedRows, &dyn Fn(&str) -> bool),
    mut sink: impl FnMut(&[EventRef<'_>]),
) -> Result<(InputSummary, RowCounts), InputError> {
    let files: super::Files = path.into();
    let input = CsvInput::open("tickets", &files, COLUMNS, opts)?;
    let blank = opts.on_invalid == OnInvalid::Skip;
    let watch = skipped.watch.clone();
    let init = || Parsed::new(opts.zone, blank, watch.as_deref());
    let fold = |p: &mut Parsed, row: &RawRow| p.push(row, statuses);
    let mut counts = RowCounts::default();
    let consume = |p: &mut Parsed, line: u64| {
        for id in p.skipped_ids.drain(..) {
            skipped.note(&id, keep(&id));
        }
        skipped.watched.take(&mut p.watched, line);
        counts.naive_timestamps += std::mem::take(&mut p.zone_cache.naive);
        counts.repeated.absorb(std::mem::take(&mut p.zone_cache.repeated));
        counts.severity_blanked += std::mem::take(&mut p.blanked);
        let events: Vec<EventRef<'_>> = p
            .events
            .iter()
            .map(|e| EventRef {
                ticket: &p.text[e.ticket.0..e.ticket.1],
                at: e.at,
                frac: e.frac,
                status: e.status,
                severity: e.severity,
                subject: e.subject.map(|(a, b)| &p.text[a..b]),
                line: e.line + line,
                repeats_ticket: e.repeats_ticket,
            })
            .collect();
        if !events.is_empty() {
            sink(&events);
        }
        drop(events);
        p.events.clear();
        p.text.clear();
    };
    let summary = match block {
        None => input.par_fold_ordered(files.first(), init, fold, consume),
        Some(b) => input.par_fold_ordered_blocks(files.first(), b, init, fold, consume),
    }?;
    Ok((summary, counts))
}

/// One event of a block, its text in [`Parsed::text`] (offsets) and its line in the block.
struct CompactEvent {
    ticket: (usize, usize),
    at: DateTime<Utc>,
    frac: u32,
    status: Status,
    severity: Option<Severity>,
    subject: Option<(usize, usize)>,
    line: u64,
    repeats_ticket: bool,
}

/// The events of one block, and the caches of the worker that parses it.
struct Parsed {
    // Exports repeat a handful of spellings: remember each one instead of folding every row.
    known_statuses: Seen<Status>,
    known_severities: Seen<Severity>,
    zone_cache: super::ZoneCache,
    text: String,
    events: Vec<CompactEvent>,
    /// Blank an unknown severity and keep the row (`--skip-invalid`), instead of refusing it.
    blank_bad_severity: bool,
    /// Severity cells blanked so far.
    blanked: u64,
    /// The ids of the rows refused (skipped with `--skip-invalid`), when readable.
    skipped_ids: Vec<String>,
    /// The ticket whose rows skipped and cells blanked are kept (`explain`), and them (their
    /// lines relative to the block).
    watch: Option<Box<str>>,
    watched: TicketRows,
}

impl Parsed {
    fn new(zone: chrono_tz::Tz, blank_bad_severity: bool, watch: Option<&str>) -> Self {
        Parsed {
            known_statuses: Seen::default(),
            known_severities: Seen::default(),
            zone_cache: super::ZoneCache::new(zone),
            text: String::new(),
            events: Vec::new(),
            blank_bad_severity,
            blanked: 0,
            skipped_ids: Vec::new(),
            watch: watch.map(Box::from),
            watched: TicketRows::default(),
        }
    }

    /// Whether `ticket` is the one watched.
    fn watched(&self, ticket: &str) -> bool {
        self.watch.as_deref() == Some(ticket)
    }

    /// `text` appended to the block's text, as offsets.
    fn keep(&mut self, text: &str) -> (usize, usize) {
        let a = self.text.len();
        self.text.push_str(text);
        (a, self.text.len())
    }

    /// Checks one row, noting its ticket when it is refused.
    fn push(&mut self, row: &RawRow, statuses: &StatusMap) -> Result<(), InputError> {
        let read = self.read(row, statuses);
        if let Err(e) = &read {
            if let Some(id) = row.get(ID) {
                self.skipped_ids.push(id.to_string());
                if self.watched(id) {
                    self.watched.skip(e.clone());
                }
            }
        }
        read
    }

    /// Checks one row (in the order of the sequential reader, so the same error comes first).
    fn read(&mut self, row: &RawRow, statuses: &StatusMap) -> Result<(), InputError> {
        let ticket = row.required(ID)?;
        let v = row.required(TIMESTAMP)?;
        let at = super::parse_timestamp_cached(v, &mut self.zone_cache)
            .map_err(|e| row.error(TIMESTAMP, v, e.reason(), &e.expected(self.zone_cache.zone())))?;
        row.saw_secs(at.timestamp(), at.timestamp());
        let frac = super::fraction(v);
        let raw = row.required(STATUS)?;
        let status = match self.known_statuses.get(raw) {
            Some(s) => s,
            None => {
                let s = statuses.parse(raw).ok_or_else(|| row.error(STATUS, raw, "unknown status", &status_names()))?;
                self.known_statuses.insert(raw, s);
                s
            }
        };
        let severity = match row.get(SEVERITY) {
            None => None,
            Some(v) => match self.known_severities.get(v) {
                Some(s) => Some(s),
                None => match statuses.severity(v) {
                    Some(s) => {
                        self.known_severities.insert(v, s);
                        Some(s)
                    }
                    // The severity is the row's only problem (checked last): its status change
                    // is kept, the cell blanked and counted.
                    None if self.blank_bad_severity => {
                        self.blanked += 1;
                        if self.watched(ticket) {
                            self.watched.blank(row.error(SEVERITY, v, "unknown severity", SEVERITY_NAMES));
                        }
                        None
                    }
                    None => return Err(row.error(SEVERITY, v, "unknown severity", SEVERITY_NAMES)),
                },
            },
        };
        // A row of the same ticket as the row before shares its id's text, and says so.
        let (ticket, repeats_ticket) = match self.events.last() {
            Some(e) if &self.text[e.ticket.0..e.ticket.1] == ticket => (e.ticket, true),
            _ => (self.keep(ticket), false),
        };
        let subject = row.get(SUBJECT).map(|s| self.keep(s));
        self.events.push(CompactEvent {
            ticket,
            at,
            frac,
            status,
            severity,
            subject,
            line: row.line_in_chunk(),
            repeats_ticket,
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Options reading naive times in Paris, bad rows handled per `on_invalid`.
    fn paris_opts(on_invalid: OnInvalid) -> ReadOptions {
        ReadOptions { delimiter: None, zone: chrono_tz::Europe::Paris, on_invalid, ..Default::default() }
    }

    /// The sequential reader as it was before the parallel one: the reference.
    pub fn read_events_sequential(
        path: &Path,
        opts: &ReadOptions,
        statuses: &StatusMap,
        mut sink: impl FnMut(&TicketEvent),
    ) -> Result<InputSummary, InputError> {
        let input = CsvInput::open("tickets", path, COLUMNS, opts)?;
        // Exports repeat a handful of spellings: remember each one instead of folding every row.
        let mut known_statuses: Seen<Status> = Seen::default();
        let mut known_severities: Seen<Severity> = Seen::default();
        let mut zone_cache = crate::ingest::ZoneCache::new(opts.zone);
        let mut ev = TicketEvent {
            ticket: String::new(),
            at: DateTime::<Utc>::UNIX_EPOCH,
            frac: 0,
            status: Status::New,
            severity: None,
            subject: None,
            line: 0,
        };
        input.for_each_row(|row| {
            let ticket = row.required(ID)?;
            let at = row.timestamp_cached(TIMESTAMP, &mut zone_cache)?;
            let frac = crate::ingest::fraction(row.get(TIMESTAMP).unwrap_or(""));
            let raw = row.required(STATUS)?;
            let status = match known_statuses.get(raw) {
                Some(s) => s,
                None => {
                    let s =
                        statuses.parse(raw).ok_or_else(|| row.error(STATUS, raw, "unknown status", &status_names()))?;
                    known_statuses.insert(raw, s);
                    s
                }
            };
            let severity = match row.get(SEVERITY) {
                None => None,
                Some(v) => match known_severities.get(v) {
                    Some(s) => Some(s),
                    None => match statuses.severity(v) {
                        Some(s) => {
                            known_severities.insert(v, s);
                            Some(s)
                        }
                        None if opts.on_invalid == OnInvalid::Skip => None,
                        None => return Err(row.error(SEVERITY, v, "unknown severity", SEVERITY_NAMES)),
                    },
                },
            };
            ev.ticket.clear();
            ev.ticket.push_str(ticket);
            ev.at = at;
            ev.frac = frac;
            ev.status = status;
            ev.severity = severity;
            match row.get(SUBJECT) {
                Some(s) => {
                    let buf = ev.subject.get_or_insert_with(String::new);
                    buf.clear();
                    buf.push_str(s);
                }
                None => ev.subject = None,
            }
            ev.line = row.line;
            sink(&ev);
            Ok(())
        })
    }

    /// One cell as written in a file: quoted at random (quotes doubled inside), and always
    /// when it holds the delimiter, a quote or a line break.
    fn cell(value: &str, quote: bool, delimiter: char) -> String {
        let needs = value.contains([delimiter, '"', '\n', '\r']);
        if quote || needs {
            format!("\"{}\"", value.replace('"', "\"\""))
        } else {
            value.to_string()
        }
    }

    fn ticket_row() -> impl Strategy<Value = (Vec<String>, Vec<bool>, bool)> {
        let id = prop_oneof![
            8 => (1u8..6).prop_map(|n| format!("T{n}")),
            1 => Just(String::new()),
            1 => Just(" T2 ".to_string()),
        ];
        let timestamp = prop_oneof![
            6 => (1u32..29, 0u32..24, 0u32..60).prop_map(|(d, h, m)| format!("2026-10-{d:02} {h:02}:{m:02}:00")),
            2 => (0u32..24).prop_map(|h| format!("2026-10-25 {h:02}:30:00")),
            2 => (1u32..29, 0u32..24).prop_map(|(d, h)| format!("2026-10-{d:02}T{h:02}:00:00+02:00")),
            1 => Just("2026-03-29 02:30:00".to_string()),
            1 => Just("yesterday".to_string()),
        ];
        let status = prop_oneof![
            8 => prop::sample::select(vec!["Nouveau", "open", "Pris en charge", "Provisoire", "Validé", "closed", "Clôturé", "En attente"]).prop_map(str::to_string),
            1 => Just("Reopened".to_string()),
            1 => Just(String::new()),
        ];
        let severity = prop_oneof![
            6 => prop::sample::select(vec!["Bloquante", "P2", "minor", "3", ""]).prop_map(str::to_string),
            1 => Just("urgentissime".to_string()),
        ];
        let subject = prop_oneof![
            4 => "[a-z ]{0,8}",
            1 => Just("line one\nline two".to_string()),
            1 => Just("say \"hi\", then\r\nleave".to_string()),
            1 => Just(String::new()),
        ];
        let extra = prop_oneof![8 => Just(false), 1 => Just(true)];
        (
            (id, timestamp, status, severity, subject).prop_map(|(a, b, c, d, e)| vec![a, b, c, d, e]),
            prop::collection::vec(any::<bool>(), 5),
            extra,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// The parallel reader hands the sink the same events, in the same order, with the same
        /// summary (counts, skips, first problems, SHA-256) or the same first error as the
        /// sequential reader, whatever the blocks' size, quoting, line ends and bad rows.
        #[test]
        fn parallel_read_equals_sequential_read(
            rows in prop::collection::vec(ticket_row(), 0..60),
            blanks in prop::collection::vec(0usize..60, 0..4),
            line_end in prop::sample::select(vec!["\n", "\r\n", "\r"]),
            semicolon in any::<bool>(),
            block in prop_oneof![1usize..64, 64usize..4096, Just(1 << 18)],
            on_invalid in prop::sample::select(vec![OnInvalid::Stop, OnInvalid::Skip, OnInvalid::Collect]),
        ) {
            let delimiter = if semicolon { ';' } else { ',' };
            let d = delimiter.to_string();
            let mut text = ["ticket_id", "timestamp", "status", "severity", "subject"].join(&d);
            text.push_str(line_end);
            for (i, (fields, quotes, extra)) in rows.iter().enumerate() {
                if blanks.contains(&i) {
                    text.push_str(line_end);
                }
                let mut cells: Vec<String> =
                    fields.iter().zip(quotes).map(|(f, q)| cell(f, *q, delimiter)).collect();
                if *extra {
                    cells.push("x".to_string());
                }
                text.push_str(&cells.join(&d));
                text.push_str(line_end);
            }
            let f = temp_file(&text);
            let opts = paris_opts(on_invalid);
            let statuses = StatusMap::default();
            let mut seq = Vec::new();
            let expected = read_events_sequential(f.path(), &opts, &statuses, |e| seq.push(e.clone()));
            let mut par = Vec::new();
            let got = read_events_blocks(f.path(), &opts, &statuses, Some(block), (&mut SkippedRows::default(), &|_| false), |evs| par.extend(evs.iter().map(EventRef::to_event)))
                .map(|(s, _)| s);
            prop_assert_eq!(&got, &expected);
            if expected.is_ok() {
                prop_assert_eq!(par, seq);
            }
        }
    }

    #[test]
    fn status_names_in_three_languages() {
        assert_eq!(Status::parse("Pris en charge"), Some(Status::Acknowledged));
        assert_eq!(Status::parse("A approuver"), Some(Status::AwaitingApproval));
        assert_eq!(Status::parse("À approuver"), Some(Status::AwaitingApproval));
        assert_eq!(Status::parse("Plan d’action"), Some(Status::ActionPlan));
        assert_eq!(Status::parse("CLÔTURÉ"), Some(Status::Closed));
        assert_eq!(Status::parse("Öppen"), Some(Status::Open));
        assert_eq!(Status::parse("on-hold"), Some(Status::OnHold));
        assert_eq!(Status::parse("En attente de distribution"), Some(Status::AwaitingRelease));
        assert_eq!(Status::parse("awaiting-approval"), Some(Status::AwaitingApproval));
        assert_eq!(Status::parse("Löst"), Some(Status::Solved));
        assert_eq!(Status::parse("Reopened"), None);
    }

    #[test]
    fn clock_holders() {
        assert_eq!(Status::OnHold.clock(), Clock::Vendor);
        assert_eq!(Status::Pending.clock(), Clock::Customer);
        assert_eq!(Status::Closed.clock(), Clock::Stopped);
    }

    #[test]
    fn rows_that_repeat_the_ticket_before_say_so() {
        // A, A, B, A, A: the second row of each run repeats its ticket; in blocks of one row
        // (the smallest), no row knows its neighbour and none says so.
        let body = "ticket_id,timestamp,status\nA,2026-10-05 09:00,new\nA,2026-10-05 10:00,open\n\
                    B,2026-10-05 11:00,new\nA,2026-10-05 12:00,solved\nA,2026-10-05 13:00,closed\n";
        let f = temp_file(body);
        let opts = paris_opts(OnInvalid::Stop);
        let flags = |block: Option<usize>| {
            let mut got = Vec::new();
            read_events_blocks(
                f.path(),
                &opts,
                &StatusMap::default(),
                block,
                (&mut SkippedRows::default(), &|_| false),
                |evs| got.extend(evs.iter().map(|e| (e.ticket.to_string(), e.repeats_ticket))),
            )
            .unwrap();
            got
        };
        let row = |id: &str, repeats: bool| (id.to_string(), repeats);
        assert_eq!(flags(None), [row("A", false), row("A", true), row("B", false), row("A", false), row("A", true)]);
        assert!(flags(Some(1)).iter().all(|(_, repeats)| !repeats));
    }

    #[test]
    fn severities() {
        assert_eq!(parse_severity("Bloquante"), Some(Severity::Blocking));
        assert_eq!(parse_severity("Criticité 1"), Some(Severity::Blocking));
        assert_eq!(parse_severity("Större"), Some(Severity::Major));
        assert_eq!(parse_severity("normal"), Some(Severity::Minor));
        assert_eq!(parse_severity("urgent"), Some(Severity::Blocking));
        assert_eq!(parse_severity("Highest"), Some(Severity::Blocking));
        assert_eq!(parse_severity("Blocker"), Some(Severity::Blocking));
        assert_eq!(parse_severity("High"), Some(Severity::Major));
        for minor in ["Medium", "Low", "Lowest", "Trivial", "normal"] {
            assert_eq!(parse_severity(minor), Some(Severity::Minor), "{minor}");
        }
        assert_eq!(parse_severity("urgentissime"), None);
    }

    #[test]
    fn deleted_and_ignore_name_the_ignored_status() {
        for name in ["deleted", "ignore", "Exclude", "excluded"] {
            assert_eq!(Status::parse(name), Some(Status::Ignored), "{name}");
        }
        assert_eq!(Status::Ignored.clock(), Clock::Stopped);
    }

    #[test]
    fn skip_invalid_blanks_a_bad_severity_and_keeps_the_status_change() {
        // Row 3's severity is unknown: with --skip-invalid its status change (solved) is kept,
        // the severity blanked and counted; without it, the row is an error naming the cell.
        let body = "ticket_id,timestamp,status,severity\nA,2026-10-05 09:00,new,urgent\n\
                    A,2026-10-05 10:00,solved,P9\n";
        let f = temp_file(body);
        let opts = paris_opts(OnInvalid::Skip);
        let mut got = Vec::new();
        let (summary, counts) =
            read_events_counted(f.path(), &opts, &StatusMap::default(), |e| got.push((e.status, e.severity))).unwrap();
        assert_eq!(got, [(Status::New, Some(Severity::Blocking)), (Status::Solved, None)]);
        assert_eq!(summary.skipped, 0);
        assert_eq!(counts, RowCounts { naive_timestamps: 2, severity_blanked: 1, ..RowCounts::default() });
        let stop = ReadOptions { on_invalid: OnInvalid::Stop, ..opts };
        let err = read_events(f.path(), &stop, &StatusMap::default(), |_| {}).unwrap_err();
        assert_eq!((err.line, err.value.as_deref(), err.reason.as_str()), (3, Some("P9"), "unknown severity"));
    }

    /// `body` in a temporary file (a history, or a map file).
    fn temp_file(body: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut f, body.as_bytes()).unwrap();
        f
    }

    #[test]
    fn a_name_mapped_twice_to_another_target_is_an_error() {
        // Regression: `Waiting for customer` (line 2) and `waiting for customer` (line 3) fold
        // to one name; the last line won in silence (open: the clock ran through the wait).
        // Now line 3 is refused, naming line 2 and both targets.
        let opts = ReadOptions::default();
        let f = temp_file("from,to\nWaiting for customer,pending\nwaiting for customer,open\nDone,solved\n");
        let err = StatusMap::read(f.path(), &opts).unwrap_err();
        assert_eq!(
            (err.line, err.value.as_deref(), err.reason.as_str()),
            (3, Some("waiting for customer"), "name mapped twice, to another status")
        );
        assert_eq!(err.column, Some(("from".to_string(), 1)));
        assert!(
            err.expected.contains("line 2 maps \"Waiting for customer\" to pending; this line to open"),
            "{}",
            err.expected
        );
        // The same target again (under another of its names: `Provisoire` is pending) is accepted.
        let f = temp_file("from,to\nWaiting for customer,pending\nWAITING FOR CUSTOMER,Provisoire\n");
        let map = StatusMap::read(f.path(), &opts).unwrap();
        assert_eq!(map.parse("waiting for customer"), Some(Status::Pending));

        // Severities alike: `1 - Critical` then `1 - critical` to minor.
        let f = temp_file("from,to\n1 - Critical,blocking\n2 - High,major\n1 - critical,minor\n");
        let err = StatusMap::default().read_severities(f.path(), &opts).unwrap_err();
        assert_eq!(
            (err.line, err.value.as_deref(), err.reason.as_str()),
            (4, Some("1 - critical"), "name mapped twice, to another severity")
        );
        assert!(
            err.expected.contains("line 2 maps \"1 - Critical\" to blocking; this line to minor"),
            "{}",
            err.expected
        );
        let f = temp_file("from,to\n1 - Critical,blocking\n1 - CRITICAL,Bloquante\n");
        let mut map = StatusMap::default();
        map.read_severities(f.path(), &opts).unwrap();
        assert_eq!(map.severity("1 - critical"), Some(Severity::Blocking));
    }

    #[test]
    fn the_watched_tickets_skipped_rows_and_blanked_cells_keep_their_lines() {
        // Line 2: A's creation; then 150 times three rows: A with an unknown status (skipped,
        // line 3 + 3i), B with one too (skipped, but B's), A with an unknown severity P9
        // (blanked, line 5 + 3i); last, line 453, a row whose id is empty (its ticket unknown).
        // Whatever the blocks, A's first 100 skipped rows are kept with their lines in the file
        // (3, 6, …, 300) and all 150 counted; the same for its blanked cells (5, 8, …, 302);
        // 301 rows skipped in all (150 + 150 + 1), 300 of them named: 1 unattributed.
        let mut body = "ticket_id,timestamp,status,severity\nA,2026-10-05 09:00,new,minor\n".to_string();
        for i in 0..150 {
            let m = i % 60;
            body.push_str(&format!("A,2026-10-06 09:{m:02},Reopened,\n"));
            body.push_str(&format!("B,2026-10-06 09:{m:02},Reopened,\n"));
            body.push_str(&format!("A,2026-10-06 10:{m:02},open,P9\n"));
        }
        body.push_str(",2026-10-07 09:00,open,\n");
        let f = temp_file(&body);
        let opts = paris_opts(OnInvalid::Skip);
        for block in [None, Some(1), Some(100), Some(4096)] {
            let mut skipped = SkippedRows::watching(Some("A"));
            let (summary, _) =
                read_events_blocks(f.path(), &opts, &StatusMap::default(), block, (&mut skipped, &|_| false), |_| {})
                    .unwrap();
            assert_eq!(summary.skipped, 301, "{block:?}");
            let rows = skipped.into_watched(summary.skipped).unwrap();
            let lines = |es: &[InputError]| es.iter().map(|e| e.line).collect::<Vec<_>>();
            assert_eq!(lines(&rows.skipped), (0..100).map(|i| 3 + 3 * i).collect::<Vec<u64>>(), "{block:?}");
            assert_eq!(lines(&rows.blanked), (0..100).map(|i| 5 + 3 * i).collect::<Vec<u64>>(), "{block:?}");
            assert_eq!((rows.skipped_count, rows.blanked_count, rows.unattributed), (150, 150, 1), "{block:?}");
            assert_eq!(rows.skipped[0].reason, "unknown status");
            assert_eq!(
                (rows.blanked[0].reason.as_str(), rows.blanked[0].value.as_deref()),
                ("unknown severity", Some("P9"))
            );
        }
        // No ticket watched: nothing kept.
        assert_eq!(SkippedRows::default().into_watched(3), None);
    }
}
