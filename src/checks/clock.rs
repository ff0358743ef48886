//! The SLA clock of each ticket: a fold over its status changes in time order that counts
//! the business time during which the vendor held the clock (SPEC §3.1). The fold keeps a
//! few numbers per ticket, not its rows, so a history of millions of events needs memory for
//! its tickets only. A ticket whose rows come out of time order is re-read and sorted in a
//! second pass, so the result never depends on row order.

use std::collections::{HashMap, HashSet};
use std::num::NonZeroU64;

use chrono::{DateTime, Utc};
use compact_str::CompactString;
use rayon::iter::{IntoParallelRefIterator, IntoParallelRefMutIterator, ParallelIterator};

use super::{Context, Period};
use crate::calendar::{BusinessClock, BusinessTime};
use crate::error::InputError;
use crate::ingest::ticket_source::{self, TicketList, TicketSource};
use crate::ingest::tickets::{Clock, EventRef, Status, TicketEvent};
use crate::ingest::{InputSummary, OnInvalid, ReadOptions};
use crate::profile::{Rule, Severity};

mod fold;
mod index;

use crate::ingest::ids::prefetch;
use fold::Fold;
use index::{sort_by_creation, ClockIndex};

/// Rows whose table slots, then clocks, are asked for together, a group or two ahead of the fold.
/// Each row asks for 4 cache lines of its clock: 16 rows (64 lines in flight, more than a core
/// tracks at once) read the rows sorted by time in 1.59 s, 8 rows in 1.39 s and 4 in 1.40 s
/// (BENCHMARKS.md, "Row order, seventh round").
const PREFETCH_GROUP: usize = 8;

/// A field history's batches (a block of the file each) waiting for the clocks' thread: the
/// pivot runs at most this far ahead of it.
const NUMBERED_AHEAD: usize = 8;

/// One stretch of a ticket's life in one status, [start, end).
#[derive(Debug, Clone, PartialEq)]
pub struct Interval {
    /// Start (the status change).
    pub start: DateTime<Utc>,
    /// End (the next change, or where the ticket is measured up to).
    pub end: DateTime<Utc>,
    /// The status held.
    pub status: Status,
    /// Business seconds counted against the vendor (0 unless the vendor holds the clock).
    pub counted_secs: i64,
    /// Line of the row that started it.
    pub line: u64,
}

/// The running state of one ticket's clock. The fields are laid out by hand (`repr(C)`): those
/// that every row reads or writes come first (176 bytes, up to the subject); those written once (creation) or rarely
/// (a closure after a wait) come last. Rows sorted by time go to a different ticket at every
/// row, so the lines a row touches are what the fold waits for (BENCHMARKS.md: 12 % off the
/// reading of rows sorted by time).
#[derive(Debug, Clone)]
#[repr(C)]
pub struct TicketClock {
    /// Ticket id (short ids are kept inline, with no allocation: see [`CompactString`]).
    pub id: CompactString,
    /// Last change.
    pub last_at: DateTime<Utc>,
    /// Start of the current run of stopped statuses (the resolution instant).
    pub stopped_since: Option<DateTime<Utc>>,
    /// Start of the current run of statuses waiting on the customer.
    pub customer_since: Option<DateTime<Utc>>,
    /// Status entered at the last change.
    pub last_status: Status,
    /// Status in force just before the cut; `None` when created at or after it.
    pub status_at_cut: Option<Status>,
    /// Last non-empty severity, in time order.
    pub severity: Option<Severity>,
    /// Status of the first row: a ticket that starts solved or closed gives no evidence of its
    /// creation (the export begins after it).
    pub first_status: Status,
    /// Line of the last change.
    pub last_line: u64,
    /// Vendor-clock business seconds from creation to the last change.
    pub vendor_secs: i64,
    /// The same, up to the cut (min(period end, as-of)).
    pub vendor_secs_cut: i64,
    /// Rows folded.
    pub events: u64,
    /// Line of a row whose status maps to `ignore` (Zendesk's `deleted`, `--status-map … ignore`):
    /// the ticket is left out of the audit.
    pub ignored_at_line: Option<NonZeroU64>,
    /// Milestones of the Sprint support clocks (SPEC §3.2): first instant of each.
    pub milestones: Milestones,
    /// Last non-empty subject (inline too when short).
    pub subject: Option<CompactString>,
    /// Creation (earliest row).
    pub created: DateTime<Utc>,
    /// The fraction of a second of the last change's stamp (every instant is whole seconds,
    /// as every figure), so that rows of one second come in the order their stamps give
    /// ([`crate::ingest::fraction`]); in the padding before `first_line`.
    pub last_frac: u32,
    /// Line of the creation row.
    pub first_line: u64,
    /// The last closure straight from a wait on the customer: (wait start, closed at).
    pub closed_after_wait: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

/// The first instant a ticket reached each Sprint support milestone (SPEC §3.2).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Milestones {
    /// First row whose status is not `new` (take-charge; `pending` counts).
    pub taken: Option<DateTime<Utc>>,
    /// First `qualified`.
    pub qualified: Option<DateTime<Utc>>,
    /// First `action-plan` or `solved` (the action plan is given; SPEC §3.2 literally: a
    /// `closed` row is not a `solved` row).
    pub action_plan: Option<DateTime<Utc>>,
    /// First `solved` (the correction or workaround is given; `closed` does not count).
    pub solved: Option<DateTime<Utc>>,
}

impl Milestones {
    /// Records the first occurrence of each milestone that `status` reaches at `at`.
    fn record(&mut self, status: Status, at: DateTime<Utc>) {
        let first = |slot: &mut Option<DateTime<Utc>>| {
            slot.get_or_insert(at);
        };
        if status != Status::New {
            first(&mut self.taken);
        }
        if status == Status::Qualified {
            first(&mut self.qualified);
        }
        if status == Status::ActionPlan || status == Status::Solved {
            first(&mut self.action_plan);
        }
        if status == Status::Solved {
            first(&mut self.solved);
        }
    }

    /// Where the qualified-to-fix clocks start: the first `qualified`, else the take-charge.
    pub fn qualified_or_taken(&self) -> Option<DateTime<Utc>> {
        self.qualified.or(self.taken)
    }
}

/// A row earlier than the ticket's previous one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfOrder;

impl TicketClock {
    /// A clock started by the ticket's creation row.
    pub fn start(ev: EventRef<'_>, cut: DateTime<Utc>) -> TicketClock {
        TicketClock {
            last_frac: ev.frac,
            id: CompactString::from(ev.ticket),
            subject: ev.subject.map(CompactString::from),
            severity: ev.severity,
            created: ev.at,
            first_line: ev.line,
            events: 1,
            last_at: ev.at,
            last_status: ev.status,
            last_line: ev.line,
            vendor_secs: 0,
            vendor_secs_cut: 0,
            status_at_cut: (ev.at < cut).then_some(ev.status),
            stopped_since: (ev.status.clock() == Clock::Stopped).then_some(ev.at),
            customer_since: (ev.status.clock() == Clock::Customer).then_some(ev.at),
            closed_after_wait: None,
            milestones: {
                let mut m = Milestones::default();
                m.record(ev.status, ev.at);
                m
            },
            first_status: ev.status,
            ignored_at_line: (ev.status == Status::Ignored).then_some(line_number(ev.line)),
        }
    }

    /// Why the audit leaves this ticket out, if it does: a row mapped to `ignore`, or a first
    /// row already solved or closed (no evidence of creation).
    pub fn left_out(&self) -> Option<String> {
        if let Some(line) = self.ignored_at_line {
            return Some(format!("its status on line {line} maps to `ignore` (Zendesk's `deleted`, or --status-map)"));
        }
        (self.first_status.clock() == Clock::Stopped).then(|| {
            format!(
                "its first row (line {}) is already {}: no evidence of its creation (the export starts after it; \
                 --ticket-list gives creation times)",
                self.first_line,
                self.first_status.name()
            )
        })
    }

    /// Folds the next change; returns the interval it closes.
    pub fn push<C: BusinessTime + ?Sized>(
        &mut self,
        ev: EventRef<'_>,
        cal: &C,
        cut: DateTime<Utc>,
    ) -> Result<Interval, OutOfOrder> {
        if ev.at <= self.last_at && (ev.at < self.last_at || ev.frac < self.last_frac) {
            return Err(OutOfOrder);
        }
        let counted = if self.last_status.clock() == Clock::Vendor {
            let secs = cal.business_seconds(self.last_at, ev.at);
            self.vendor_secs += secs;
            self.vendor_secs_cut += if ev.at <= cut { secs } else { cal.business_seconds(self.last_at, cut) };
            secs
        } else {
            0
        };
        let closed = Interval {
            start: self.last_at,
            end: ev.at,
            status: self.last_status,
            counted_secs: counted,
            line: self.last_line,
        };
        if ev.at < cut {
            self.status_at_cut = Some(ev.status);
        }
        if ev.status == Status::Closed {
            if let Some(since) = self.customer_since {
                self.closed_after_wait = Some((since, ev.at));
            }
        }
        match (ev.status.clock(), self.customer_since) {
            (Clock::Customer, None) => self.customer_since = Some(ev.at),
            (Clock::Customer, Some(_)) => {}
            _ => self.customer_since = None,
        }
        match (ev.status.clock(), self.stopped_since) {
            (Clock::Stopped, None) => self.stopped_since = Some(ev.at),
            (Clock::Stopped, Some(_)) => {}
            _ => self.stopped_since = None,
        }
        self.milestones.record(ev.status, ev.at);
        if ev.status == Status::Ignored && self.ignored_at_line.is_none() {
            self.ignored_at_line = Some(line_number(ev.line));
        }
        if ev.severity.is_some() {
            self.severity = ev.severity;
        }
        if let Some(subject) = ev.subject {
            match &mut self.subject {
                Some(s) if s == subject => {}
                Some(s) => {
                    s.clear();
                    s.push_str(subject);
                }
                None => self.subject = Some(CompactString::from(subject)),
            }
        }
        self.last_at = ev.at;
        self.last_frac = ev.frac;
        self.last_status = ev.status;
        self.last_line = ev.line;
        self.events += 1;
        Ok(closed)
    }

    /// The ticket's standing in the audited period (SPEC §3.1).
    pub fn outcome<C: BusinessTime + ?Sized>(&self, cal: &C, period: &Period) -> Outcome {
        if let Some(at) = self.stopped_since {
            if period.contains(at) {
                return Outcome { in_period: true, resolved_at: Some(at), measured_secs: self.vendor_secs };
            }
        }
        let unresolved_at_cut = matches!(self.status_at_cut, Some(s) if s.clock() != Clock::Stopped);
        if !unresolved_at_cut {
            return Outcome { in_period: false, resolved_at: self.stopped_since, measured_secs: self.vendor_secs };
        }
        Outcome {
            in_period: true,
            resolved_at: None,
            measured_secs: self.vendor_secs_cut + self.tail_secs(cal, period),
        }
    }

    /// The still-open stretch [last change, cut) of a ticket unresolved at the cut.
    pub fn tail<C: BusinessTime + ?Sized>(&self, cal: &C, period: &Period) -> Option<Interval> {
        let cut = period.cut();
        (self.last_at < cut && self.last_status.clock() != Clock::Stopped).then(|| Interval {
            start: self.last_at,
            end: cut,
            status: self.last_status,
            counted_secs: self.tail_secs(cal, period),
            line: self.last_line,
        })
    }

    fn tail_secs<C: BusinessTime + ?Sized>(&self, cal: &C, period: &Period) -> i64 {
        let cut = period.cut();
        if self.last_at < cut && self.last_status.clock() == Clock::Vendor {
            cal.business_seconds(self.last_at, cut)
        } else {
            0
        }
    }
}

/// Where a ticket stands for the audited period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// Resolved in the period, or unresolved at its end.
    pub in_period: bool,
    /// Resolution instant (start of the last run of stopped statuses), if resolved.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Vendor-clock business seconds: to resolution, or to the cut when unresolved then.
    pub measured_secs: i64,
}

/// A ticket with its clock and standing: 256 bytes (four cache lines' worth), of which the fold
/// touches the first 176 at every row (see [`TicketClock`]): three cache lines when the vector
/// starts 16 bytes past a line, as the system allocator's large blocks do. An explicit 64-byte
/// alignment was measured and lost: the allocator then copies the vector at every growth.
#[derive(Debug, Clone)]
#[repr(C)]
pub struct Ticket {
    /// The folded clock.
    pub clock: TicketClock,
    /// Its standing in the period.
    pub outcome: Outcome,
    /// Severity used (its own, else `--default-severity`); `None` when neither is given and
    /// no check that needs a severity takes the ticket.
    pub severity: Option<Severity>,
}

impl Ticket {
    /// A ticket whose standing is not worked out yet (it is, after the last row).
    fn new(clock: TicketClock) -> Ticket {
        Ticket { clock, outcome: Outcome { in_period: false, resolved_at: None, measured_secs: 0 }, severity: None }
    }

    /// A place kept for a ticket whose first change has not come yet: no events (every clock
    /// has at least its creation), so it is told apart and removed if it never comes.
    fn placeholder() -> Ticket {
        let never = DateTime::<Utc>::MIN_UTC;
        Ticket::new(TicketClock {
            id: CompactString::default(),
            last_at: never,
            stopped_since: None,
            customer_since: None,
            last_status: Status::New,
            status_at_cut: None,
            severity: None,
            first_status: Status::New,
            last_line: 0,
            vendor_secs: 0,
            vendor_secs_cut: 0,
            events: 0,
            ignored_at_line: None,
            milestones: Milestones::default(),
            subject: None,
            created: never,
            last_frac: 0,
            first_line: 0,
            closed_after_wait: None,
        })
    }
}

/// All tickets of a history, folded.
#[derive(Debug, Clone)]
pub struct TicketSet {
    /// Every ticket of the history (as of `--as-of`), by creation then id; each check picks
    /// its own (resolution: `outcome.in_period`; take-charge: created in its window).
    pub tickets: Vec<Ticket>,
    /// Rows after `--as-of`, ignored (for a field history: changes, each of one or more rows).
    pub rows_after_as_of: u64,
    /// The format read.
    pub format: ticket_source::TicketsFormat,
    /// Listed tickets without a row nor a priority, left out (`--skip-invalid`): the list's
    /// rows skipped, bounded by `--max-invalid` as any input's.
    pub listed_without_severity: u64,
    /// What the file held.
    pub summary: InputSummary,
    /// What the reading merged, dropped, blanked, left out or read in a zone (SPEC: no row
    /// dropped silently), for the report's notes.
    pub notes: Vec<String>,
}

// The layout the fold's speed rests on (a ticket more would be a cache line more per row).
const _: () = assert!(std::mem::size_of::<Ticket>() == 256 || std::mem::size_of::<usize>() != 8);

/// A row's line as a non-zero number (lines count from 1; a 0 would be a reader's bug, kept
/// as line 1 rather than lost).
fn line_number(line: u64) -> NonZeroU64 {
    NonZeroU64::new(line).unwrap_or(NonZeroU64::MIN)
}

/// The rows of a batch as the fold asks for their memory ahead: each row's table tag (`hashed`)
/// or its ticket number (a field history's: the clock's place).
struct Ahead<'k> {
    keys: &'k [u32],
    hashed: bool,
}

impl Ahead<'_> {
    fn group(&self, from: usize) -> &[u32] {
        self.keys.get(from..self.keys.len().min(from.saturating_add(PREFETCH_GROUP))).unwrap_or(&[])
    }

    /// Asks for the table slots of the group of rows at `from` (a number needs none).
    fn slots<S: std::hash::BuildHasher>(&self, from: usize, index: &ClockIndex<S>) {
        if self.hashed {
            self.group(from).iter().for_each(|&k| index.prefetch(k));
        }
    }

    /// Asks for the clocks of the group of rows at `from`: found from their slots, or at their
    /// number.
    fn clocks<S: std::hash::BuildHasher>(&self, from: usize, index: &ClockIndex<S>, tickets: &[Ticket]) {
        for &k in self.group(from) {
            let i = if self.hashed { index.hint(k) } else { Some(k as usize) };
            if let Some(t) = i.and_then(|i| tickets.get(i)) {
                prefetch_hot_lines(t);
            }
        }
    }
}

/// Asks for the cache lines of the fields that every row's fold reads or writes (the first 176
/// bytes of the ticket, see [`TicketClock`]), without waiting for them.
fn prefetch_hot_lines(t: &Ticket) {
    let p = (t as *const Ticket).cast::<u8>();
    for offset in [0, 64, 128, 175] {
        prefetch(p.wrapping_add(offset));
    }
}

/// Which Sprint fix a clock runs to (SPEC §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    /// Priority 1: to the first `action-plan` (or `solved`).
    ActionPlan,
    /// Priority 2: to the first `solved`.
    Correction,
}

/// Sorts one ticket's events into time order (file order among equal instants). A creation
/// from the ticket list (line 0) stays only where it precedes the earliest row
/// ([`Creation::precedes`]): the reader put it before the first row in the file's order, which
/// is not the earliest when rows come out of time order.
///
/// [`Creation::precedes`]: crate::ingest::field_history::Creation::precedes
pub fn sort_events(events: &mut Vec<TicketEvent>) {
    events.sort_by(|a, b| a.at.cmp(&b.at).then(a.frac.cmp(&b.frac)).then(a.line.cmp(&b.line)));
    if let Some(i) = events.iter().position(|e| e.line == 0) {
        // Sorted by line among equal instants, a creation precedes every row at its instant.
        let first_row = events.iter().find(|e| e.line != 0);
        let keep =
            i == 0 && first_row.is_none_or(|r| crate::ingest::field_history::precedes(events[0].at, r.at, r.status));
        if !keep {
            events.remove(i);
        }
    }
}

/// Folds time-ordered events of one ticket; also returns the intervals, for `explain`.
pub fn fold_sorted<C: BusinessTime + ?Sized>(
    events: &[TicketEvent],
    cal: &C,
    cut: DateTime<Utc>,
) -> Option<(TicketClock, Vec<Interval>)> {
    let (first, rest) = events.split_first()?;
    let mut clock = TicketClock::start(first.borrow(), cut);
    let mut intervals = Vec::with_capacity(rest.len());
    for ev in rest {
        // infallible in practice: events are sorted; an unsorted slice stops the fold there.
        match clock.push(ev.borrow(), cal, cut) {
            Ok(i) => intervals.push(i),
            Err(OutOfOrder) => break,
        }
    }
    Some((clock, intervals))
}

/// Batches of at least this many changes, each another ticket's, are folded on every core
/// (few in tests, so that the tests' small histories take that way too).
const PARALLEL_BATCH: usize = if cfg!(test) { 2 } else { 2048 };

/// Whether the numbers rise strictly (so that no ticket comes twice).
fn distinct(numbers: &[u32]) -> bool {
    numbers.windows(2).all(|w| w[0] < w[1])
}

/// What [`fold_distinct`] saw besides the clocks.
#[derive(Default)]
struct Folded {
    after_as_of: u64,
    disordered: Vec<String>,
}

/// Folds `evs` into `tickets[numbers[i]]`, the numbers rising strictly (each change another
/// ticket's: their order changes no clock) and every one below `tickets.len()`: the batch is
/// cut into one run of tickets a core. A change after `as_of` is counted, not folded, as in
/// the sequential fold.
fn fold_distinct(
    tickets: &mut [Ticket],
    evs: &[EventRef<'_>],
    numbers: &[u32],
    support: &crate::calendar::Calendar,
    cut: DateTime<Utc>,
    as_of: DateTime<Utc>,
) -> Folded {
    let per = evs.len().div_ceil(rayon::current_num_threads().max(1)).max(1);
    let mut jobs = Vec::new();
    let (mut rest, mut base) = (tickets, 0usize);
    for (evs, numbers) in evs.chunks(per).zip(numbers.chunks(per)) {
        let end = numbers.last().map_or(base, |&n| n as usize + 1).clamp(base, base + rest.len());
        let (mine, tail) = std::mem::take(&mut rest).split_at_mut(end - base);
        jobs.push((mine, base, evs, numbers));
        (rest, base) = (tail, end);
    }
    let fold = |(mine, base, evs, numbers): (&mut [Ticket], usize, &[EventRef<'_>], &[u32]), done: &mut Folded| {
        let cal = BusinessClock::new(support);
        for (&ev, &n) in evs.iter().zip(numbers) {
            // A creation from the ticket list (line 0) is no row of the file after as-of. (The
            // span of a field history's rows is its reader's.)
            let row = ev.line != 0;
            if ev.at > as_of {
                done.after_as_of += u64::from(row);
                continue;
            }
            // Every number falls in its run: the caller pads `tickets` past the last one, and
            // numbers rising strictly keep each chunk's within its run's bounds.
            debug_assert!((n as usize).checked_sub(base).is_some_and(|i| i < mine.len()), "number {n} off its run");
            let Some(t) = (n as usize).checked_sub(base).and_then(|i| mine.get_mut(i)) else { continue };
            if t.clock.events == 0 {
                *t = Ticket::new(TicketClock::start(ev, cut));
            } else if t.clock.push(ev, &cal, cut).is_err() {
                // (the clock's id: a numbered change may not carry it)
                done.disordered.push(t.clock.id.to_string());
            }
        }
    };
    // The first run on this thread, the others on the pool's (this thread works too, instead
    // of waiting for them).
    let mut results: Vec<Folded> = std::iter::repeat_with(Folded::default).take(jobs.len()).collect();
    let mut pairs = jobs.into_iter().zip(results.iter_mut());
    let first = pairs.next();
    rayon::in_place_scope(|scope| {
        for (job, done) in pairs {
            scope.spawn(move |_| fold(job, done));
        }
        if let Some((job, done)) = first {
            fold(job, done);
        }
    });
    let mut all = Folded::default();
    for done in results {
        all.after_as_of += done.after_as_of;
        all.disordered.extend(done.disordered);
    }
    all
}

impl TicketSet {
    /// Reads and folds a ticket history for the audit `ctx`.
    pub fn read(
        path: impl Into<crate::ingest::Files>,
        opts: &ReadOptions,
        source: &TicketSource,
        ctx: &Context,
    ) -> Result<TicketSet, InputError> {
        let path: crate::ingest::Files = path.into();
        let cal = &BusinessClock::new(&ctx.support);
        let period = ctx.period;
        let cut = period.cut();
        // Tickets in a vector, each clock with its id, found through a [`ClockIndex`]; rows of
        // the ticket folded last skip the index. Their standing is filled in place at the end.
        // A field history numbers its tickets (the pivot's dense number, in the order of their
        // first rows): the clock of number `n` is `tickets[n]`, with no lookup of the id; a
        // number whose first change has not come yet holds a placeholder (no events), removed
        // after the last row. Tickets are so kept in the order of their first rows, usually
        // creation order when the rows are sorted by time: the final sort has nothing to move.
        // Its batches are folded on a thread of their own, beside the pivot (see [`fold`]).
        let (tx, rx) = std::sync::mpsc::sync_channel::<fold::Numbered>(NUMBERED_AHEAD);
        let (read, inline, threaded) = std::thread::scope(|scope| {
            let clocks = scope.spawn(move || {
                let mut fold = Fold::new(&ctx.support, cut, period.as_of);
                for batch in rx {
                    batch.fold_into(&mut fold);
                }
                fold
            });
            let mut inline = Fold::new(&ctx.support, cut, period.as_of);
            let mut handoff = fold::Handoff::new(period.as_of, fold::HANDOFF_MIN);
            // (a send fails only when the clocks' thread is gone: a panic, which its join raises)
            let read =
                ticket_source::read_event_batches_numbered(&path, opts, source, None, |evs, numbers| match numbers {
                    Some(n) => {
                        if let Some(batch) = handoff.add(evs, n) {
                            drop(tx.send(batch));
                        }
                    }
                    None => inline.batch(evs, |ev| *ev, None),
                });
            if let Some(batch) = handoff.rest() {
                drop(tx.send(batch));
            }
            drop(tx);
            (read, inline, clocks.join())
        });
        // A panic of the clocks' thread is a bug of this program, not of the input: raised here.
        let threaded = threaded.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let (mut summary, mut stats) = read?;
        let Fold { mut tickets, mut disordered, rows_after_as_of, mut span, too_many, numbered, .. } =
            if threaded.numbered { threaded } else { inline };
        if let Some((e, line)) = too_many {
            return Err(e.at(&summary.path, line));
        }
        // With rows skipped, tickets handed on as `new` from the list's creation for want of a
        // status row are not audited (their status rows may be among the skipped; counted).
        for &n in stats.pivot.iter().flat_map(|p| p.assumed.iter()) {
            if let Some(t) = tickets.get_mut(n as usize) {
                *t = Ticket::placeholder();
            }
        }
        if numbered {
            // Numbers whose ticket never had a status change keep their placeholder: not tickets.
            tickets.retain(|t| t.clock.events > 0);
            // The span of a field history's rows is the one its reader saw on the parsing
            // workers (every status and priority row's instant, whole seconds), which takes in
            // every change handed on (priority rows merged into a later change, or before a
            // listed creation, too), not the folding thread's work.
            let at = |secs: i64| DateTime::<Utc>::from_timestamp(secs, 0);
            if let Some((a, b)) = summary.rows_span.and_then(|(a, b)| at(a).zip(at(b))) {
                crate::ingest::widen(&mut span, a);
                crate::ingest::widen(&mut span, b);
            }
        }
        summary.span = span;
        // A field history names the tickets whose rows came out of order, even where the changes
        // it handed on happen to look in order.
        disordered.extend(stats.pivot.iter().flat_map(|p| p.disordered.iter().cloned()));
        if !disordered.is_empty() {
            // Second pass: only the tickets whose rows were out of order, sorted and refolded.
            // Only a regular file can be read again: opening a named pipe a second time would
            // wait forever for a writer, and any other non-file would give other bytes.
            let cannot_reread = || {
                InputError::file(
                    &summary.path,
                    "rows out of time order in an input that cannot be read twice",
                    "a regular file (not a pipe), or rows sorted by time within each ticket",
                )
            };
            if !path.paths.iter().all(|p| std::fs::metadata(p).is_ok_and(|m| m.file_type().is_file())) {
                return Err(cannot_reread());
            }
            let mut events: HashMap<String, Vec<TicketEvent>> = HashMap::new();
            let again = ticket_source::read_events(&path, opts, source, Some(&disordered), |ev| {
                if ev.at <= period.as_of && disordered.contains(ev.ticket) {
                    events.entry(ev.ticket.to_string()).or_default().push(ev.to_event());
                }
            });
            let again_pivot = match again {
                Ok((again, again_stats)) if again.sha256 == summary.sha256 => again_stats.pivot,
                _ => return Err(cannot_reread()),
            };
            // What the pivot merged and dropped of these tickets is the sorted reading's: a row
            // that repeats an earlier instant out of order is dropped there, not in the first.
            if let (Some(first), Some(again)) = (stats.pivot.as_mut(), again_pivot) {
                first.merged = (first.merged + again.merged).saturating_sub(again.streamed.0);
                first.duplicates = (first.duplicates + again.duplicates).saturating_sub(again.streamed.1);
            }
            let mut refolded: HashMap<String, TicketClock> = HashMap::new();
            for (id, mut evs) in events {
                sort_events(&mut evs);
                if let Some((clock, _)) = fold_sorted(&evs, cal, cut) {
                    refolded.insert(id, clock);
                }
            }
            for t in &mut tickets {
                if let Some(again) = refolded.remove(t.clock.id.as_str()) {
                    t.clock = again;
                }
            }
        }
        let mut notes = stats.notes(&summary.path, source.list.as_ref());
        // Each ticket's standing and severity, on every core (a clock per rayon job: it caches).
        tickets.par_iter_mut().for_each_init(
            || BusinessClock::new(&ctx.support),
            |cal, t| {
                t.outcome = t.clock.outcome(cal, &period);
                if t.clock.severity.is_none() {
                    t.clock.severity = source.list.as_ref().and_then(|l| l.severity(&t.clock.id));
                }
                t.severity = t.clock.severity.or(ctx.default_severity);
            },
        );
        // Tickets deleted (status `ignore`) and tickets with no evidence of their creation are
        // left out of every commitment, and counted. Resolution needs a severity for the
        // tickets it takes (SPEC §3.1); the others need none.
        let resolution_checked = ctx.profile.commitments.iter().any(|c| matches!(&c.rule, Rule::Resolution { .. }));
        let lacks_severity = |t: &Ticket| t.severity.is_none() && resolution_checked && t.outcome.in_period;
        // (a ticket's rows of the file: its events but a creation from the list, line 0)
        let rows_of = |t: &Ticket| t.clock.events - u64::from(t.clock.first_line == 0);
        let (ignored, uncreated, without_severity, listed_only) = tickets
            .par_iter()
            .map(|t| match t.clock.left_out() {
                Some(_) if t.clock.ignored_at_line.is_some() => (1, 0, 0, 0),
                Some(_) => (0, 1, 0, 0),
                None if lacks_severity(t) => (0, 0, rows_of(t), u64::from(rows_of(t) == 0)),
                None => (0, 0, 0, 0),
            })
            .reduce(|| (0, 0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2, a.3 + b.3));
        if let Some(list) = &source.list {
            notes.extend(list.skipped_note());
            notes.push(list_note(list, &tickets, &summary.path, &stats, period.as_of, &lacks_severity));
        }
        if ignored > 0 {
            notes.push(format!(
                "{}: {} left out of the audit: a status maps to `ignore` (Zendesk's `deleted`, or \
                 --status-map … ignore)",
                summary.path,
                ticket_source::count(ignored, "ticket")
            ));
        }
        if uncreated > 0 {
            notes.push(format!(
                "{}: {} left out of the audit: their first row is already solved or closed, so \
                 their creation is unknown (the export starts after it); --ticket-list gives creation times",
                summary.path,
                ticket_source::count(uncreated, "ticket")
            ));
        }
        if ignored + uncreated > 0 {
            tickets.retain(|t| t.clock.left_out().is_none());
        }
        // The refusal of a ticket for want of a severity: created from the list, the list's row
        // (where a priority would be); else its first row. Rows after as-of are not read: one of
        // them may be the priority.
        let history = summary.path.clone();
        let refusal = |id: &str, first_line: u64| -> InputError {
            let listed = source.list.as_ref().filter(|_| first_line == 0);
            match listed.and_then(|l| l.no_priority(id, &history)) {
                Some(e) => e,
                None => {
                    let as_of = crate::model::Instant::new(period.as_of, ctx.profile.zone).text();
                    let up_to = (rows_after_as_of > 0).then_some(as_of.as_str());
                    // (in an input of several files, the file of that line: read again for it)
                    let file = ticket_source::locate_rows(&path, opts, source, &[(id, first_line)])
                        .remove(&(id.to_string(), first_line))
                        .unwrap_or_else(|| history.clone());
                    ticket_source::no_severity(&file, first_line, id, stats.format, up_to)
                }
            }
        };
        if without_severity + listed_only > 0 && opts.on_invalid == OnInvalid::Stop {
            // the first such ticket in the order of the fold, as a sequential pass would name it
            if let Some(t) = tickets.par_iter().find_first(|t| lacks_severity(t)) {
                return Err(refusal(&t.clock.id, t.clock.first_line));
            }
        }
        // Rows skipped only for tickets without a severity: the first of them (with rows of the
        // file, in the order of the fold, as the refusal above names it) is the example a
        // refusal over --max-invalid gives, not only their count.
        let example = (without_severity > 0 && summary.problems.is_empty())
            .then(|| tickets.par_iter().find_first(|t| lacks_severity(t) && rows_of(t) > 0))
            .flatten()
            .map(|t| (t.clock.id.clone(), t.clock.first_line));
        if without_severity + listed_only > 0 {
            tickets.retain(|t| !lacks_severity(t));
        }
        if without_severity > 0 {
            summary.skipped += without_severity;
            *summary.skipped_by_reason.entry("ticket without severity".to_string()).or_default() += without_severity;
        }
        // (given only when the input is refused: naming its file may read the input again)
        if let Some((id, line)) =
            example.filter(|_| crate::ingest::too_many_skipped(&summary, opts.max_invalid).is_some())
        {
            summary.problems.push(refusal(&id, line));
        }
        if let Some(list) = source.list.as_ref().filter(|_| listed_only > 0) {
            notes.push(format!(
                "{}: {} without a row in {} up to as-of nor a priority left out, skipped rows of the list \
                 (--skip-invalid; a priority in the list, or --default-severity, would audit them)",
                list.path,
                ticket_source::count(listed_only, "listed ticket"),
                summary.path
            ));
        }
        sort_by_creation(&mut tickets);
        Ok(TicketSet {
            tickets,
            rows_after_as_of,
            format: stats.format,
            listed_without_severity: if source.list.is_some() { listed_only } else { 0 },
            summary,
            notes,
        })
    }
}

/// `n` and the verb for it: `1 has`, `2 have`.
fn n_verb(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What the ticket list gave: creations taken from it (a history that starts later), listed
/// tickets without a row, creations in the list later than the history's first row.
fn list_note(
    list: &TicketList,
    tickets: &[Ticket],
    path: &str,
    stats: &ticket_source::TicketStats,
    as_of: DateTime<Utc>,
    lacks_severity: &(dyn Fn(&Ticket) -> bool + Sync),
) -> String {
    // Those left out for want of a severity have a note of their own, and took nothing.
    let lacking: HashSet<&str> = tickets.iter().filter(|t| lacks_severity(t)).map(|t| t.clock.id.as_str()).collect();
    // Status from the list alone, created up to as-of: never changed.
    let without_rows =
        stats.status_from_list.iter().filter(|(id, at)| *at <= as_of && !lacking.contains(id.as_str())).count();
    // Not read for rows skipped (those created after as-of are not the audit's anyway).
    let unread = stats.listed_unread.iter().filter(|&&at| at <= as_of).count() as u64;
    let from_list =
        tickets.iter().filter(|t| t.clock.first_line == 0 && !lacking.contains(t.clock.id.as_str())).count();
    let mut held = 0;
    let mut later = 0;
    for t in tickets {
        if let Some(c) = list.tickets.get(t.clock.id.as_str()) {
            held += 1;
            later += usize::from(c.at > t.clock.created);
        }
    }
    let mut s = format!(
        "{}: {from_list} of the {} listed tickets took their creation from the list (their history starts later, \
         or solved at that instant)",
        list.path,
        list.tickets.len()
    );
    if without_rows > 0 {
        s.push_str(&format!(
            "; {} no status row in {path} up to as-of: never changed, `new` from their listed creation on",
            n_verb(without_rows as u64, "has", "have")
        ));
    }
    if unread > 0 {
        s.push_str(&format!(
            "; {} no status row that could be read ({path} had rows skipped, --skip-invalid: they may have \
             been among them): not audited",
            n_verb(unread, "has", "have")
        ));
    }
    let missing = (list.tickets.len() as u64).saturating_sub(held as u64 + unread);
    if missing > 0 {
        s.push_str(&format!("; {} created after as-of: not audited", n_verb(missing, "is", "are")));
    }
    if later > 0 {
        s.push_str(&format!(
            "; {} created later in the list than their first row in {path}: the history's first row kept",
            n_verb(later as u64, "is", "are")
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{ctx_for, paris};
    use crate::ingest::{OnInvalid, ReadOptions};

    fn read(ctx: &Context, name: &str, body: &str) -> TicketSet {
        let path = std::env::temp_dir().join(format!("livret-clock-{name}-{}.csv", std::process::id()));
        std::fs::write(&path, body).unwrap();
        let opts = ReadOptions {
            delimiter: None,
            zone: chrono_tz::Europe::Paris,
            on_invalid: OnInvalid::Stop,
            ..Default::default()
        };
        let set = TicketSet::read(&path, &opts, &Default::default(), ctx).unwrap();
        std::fs::remove_file(&path).ok();
        set
    }

    /// (id, created, events, vendor seconds, last status) of every ticket, in the set's order.
    fn digest(set: &TicketSet) -> Vec<(String, DateTime<Utc>, u64, i64, Status)> {
        set.tickets
            .iter()
            .map(|t| {
                (t.clock.id.to_string(), t.clock.created, t.clock.events, t.clock.vendor_secs, t.clock.last_status)
            })
            .collect()
    }

    #[test]
    fn a_field_history_keeps_its_tickets_in_creation_order_and_no_ticket_without_status() {
        // A has a priority and no status: numbered first by the pivot, never a clock. B and C
        // are created at 09:00 and 09:30; C's creation reaches the clock first (its second
        // change, at 10:00, comes before B's at 11:00), at number 2, before number 1 (B) has
        // come. Expected: B then C (creation order), two events each, A nowhere.
        let ctx = ctx_for("talentsoft", "2026-10");
        let set = read(
            &ctx,
            "long-order",
            "field_name,ticket_id,updated,value\npriority,A,2026-10-05 08:00:00,urgent\n\
             status,B,2026-10-05 09:00:00,new\npriority,B,2026-10-05 09:00:00,high\n\
             status,C,2026-10-05 09:30:00,new\npriority,C,2026-10-05 09:30:00,low\n\
             status,C,2026-10-05 10:00:00,open\nstatus,B,2026-10-05 11:00:00,solved\n",
        );
        let got: Vec<(&str, DateTime<Utc>, u64)> =
            set.tickets.iter().map(|t| (t.clock.id.as_str(), t.clock.created, t.clock.events)).collect();
        assert_eq!(got, [("B", paris("2026-10-05 09:00"), 2), ("C", paris("2026-10-05 09:30"), 2)]);
    }

    #[test]
    fn the_first_ticket_without_severity_is_the_one_named() {
        // Z and B have no severity on any row, in the period (resolution needs one): the audit
        // stops at the first in file order, Z (line 2), however many threads look.
        let ctx = ctx_for("talentsoft", "2026-10");
        let body = "ticket_id,timestamp,status,severity\nZ,2026-10-05 09:00,new,\nA,2026-10-05 09:30,new,major\n\
                    B,2026-10-05 10:00,new,\n";
        let path = std::env::temp_dir().join(format!("livret-clock-nosev-{}.csv", std::process::id()));
        std::fs::write(&path, body).unwrap();
        let opts = ReadOptions { zone: chrono_tz::Europe::Paris, on_invalid: OnInvalid::Stop, ..Default::default() };
        let err = TicketSet::read(&path, &opts, &Default::default(), &ctx).unwrap_err();
        std::fs::remove_file(&path).ok();
        assert_eq!((err.line, err.reason.as_str()), (2, "ticket Z has no severity on any row"));
    }

    #[test]
    fn tickets_sort_by_creation_then_id() {
        // Three tickets created at 09:00, 08:00 and 09:00 again: 08:00 first, then the two
        // 09:00 ones by id (A before B), whatever their order in the file.
        let ctx = ctx_for("talentsoft", "2026-10");
        let set = read(
            &ctx,
            "sort",
            "ticket_id,timestamp,status,severity\nB,2026-10-05 09:00,new,major\nC,2026-10-05 08:00,new,major\n\
             A,2026-10-05 09:00,new,minor\n",
        );
        let ids: Vec<&str> = set.tickets.iter().map(|t| t.clock.id.as_str()).collect();
        assert_eq!(ids, ["C", "A", "B"]);
    }

    #[test]
    fn a_row_after_as_of_does_not_lend_its_ticket_to_the_next() {
        // X, then A after as-of (left out), then A again before it: the last row repeats the
        // ticket of the row before it (A), not of the ticket folded last (X): A is its own ticket.
        let ctx = ctx_for("talentsoft", "2026-10");
        let set = read(
            &ctx,
            "as-of",
            "ticket_id,timestamp,status,severity\nX,2026-10-05 09:00,new,major\nA,2026-11-05 09:00,open,\n\
             A,2026-10-06 09:00,new,minor\n",
        );
        assert_eq!(set.rows_after_as_of, 1);
        let got: Vec<(&str, u64)> = set.tickets.iter().map(|t| (t.clock.id.as_str(), t.clock.events)).collect();
        assert_eq!(got, [("X", 1), ("A", 1)]);
    }

    #[test]
    fn interleaved_rows_fold_like_grouped_rows() {
        // A: Mon 5 Oct 09:00 new → 10:00 qualified → Tue 6 Oct 09:30 solved (vendor all along):
        //    Mon 09:00–18:30 = 34 200 s, Tue 08:30–09:30 = 3 600 s; total 37 800 s.
        // B: Mon 5 Oct 11:00 new → 12:00 pending → 14:00 open → 15:00 solved:
        //    11:00–12:00 = 3 600 s vendor, 12:00–14:00 customer, 14:00–15:00 = 3 600 s; total 7 200 s.
        // The rows of A and B alternate in the first file (A comes back after B: the current
        // ticket changes at every row), and are grouped in the second.
        let head = "ticket_id,timestamp,status,severity\n";
        let a = ["A,2026-10-05 09:00,new,major", "A,2026-10-05 10:00,qualified,", "A,2026-10-06 09:30,solved,"];
        let b = [
            "B,2026-10-05 11:00,new,minor",
            "B,2026-10-05 12:00,pending,",
            "B,2026-10-05 14:00,open,",
            "B,2026-10-05 15:00,solved,",
        ];
        let interleaved = [a[0], b[0], a[1], b[1], b[2], a[2], b[3]].join("\n");
        let grouped = [&a[..], &b[..]].concat().join("\n");
        let ctx = ctx_for("talentsoft", "2026-10");
        let one = read(&ctx, "interleaved", &format!("{head}{interleaved}\n"));
        let two = read(&ctx, "grouped", &format!("{head}{grouped}\n"));
        let want = vec![
            ("A".to_string(), paris("2026-10-05 09:00"), 3, 37_800, Status::Solved),
            ("B".to_string(), paris("2026-10-05 11:00"), 4, 7_200, Status::Solved),
        ];
        assert_eq!(digest(&one), want);
        assert_eq!(digest(&two), want);
    }

    /// One step of a generated ticket: minutes after the previous one, a status (none: a
    /// priority-only change), a severity.
    type Step = (i64, Option<&'static str>, Option<&'static str>);

    fn steps() -> impl proptest::strategy::Strategy<Value = Vec<Step>> {
        use proptest::prelude::*;
        let status = prop::sample::select(vec!["new", "open", "pending", "on hold", "solved", "closed", "deleted"]);
        let severity = prop::sample::select(vec!["urgent", "high", "normal", "low"]);
        let first =
            (0i64..3000, status.clone(), proptest::option::of(severity.clone())).prop_map(|(d, s, v)| (d, Some(s), v));
        let next = prop_oneof![
            3 => (1i64..3000, status, proptest::option::of(severity.clone())).prop_map(|(d, s, v)| (d, Some(s), v)),
            1 => (1i64..3000, severity).prop_map(|(d, v)| (d, None, Some(v))),
        ];
        (first, prop::collection::vec(next, 0..6)).prop_map(|(f, mut rest)| {
            rest.insert(0, f);
            rest
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

        /// One history with its rows grouped by ticket, sorted by time, and shuffled (enough
        /// tickets, coming back often enough, for the fold to leave the ascending-id index for
        /// the hash table and ask for its slots and clocks ahead) gives the same tickets: every field of
        /// every clock but the line numbers, and the standing.
        #[test]
        fn grouped_time_sorted_and_shuffled_rows_fold_alike(
            tickets in proptest::collection::vec(steps(), 100..300),
            order in proptest::collection::vec(proptest::prelude::any::<u32>(), 64),
        ) {
            let base = crate::checks::test_support::utc("2026-09-25T05:00:00Z");
            // (instant, ticket, step, row)
            let mut rows = Vec::new();
            for (n, steps) in tickets.iter().enumerate() {
                let mut at = base + chrono::Duration::minutes(n as i64 * 97);
                for (k, (delta, st, sev)) in steps.iter().enumerate() {
                    at += chrono::Duration::minutes(*delta);
                    let stamp = at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
                    let status = st.unwrap_or("open");
                    let subject = if k == 0 { "first" } else { "" };
                    rows.push((at, n, k, format!("T{n:04},{stamp},{status},{},{subject}", sev.unwrap_or(""))));
                }
            }
            let body = |rows: &[(DateTime<Utc>, usize, usize, String)]| {
                let lines: Vec<&str> = rows.iter().map(|r| r.3.as_str()).collect();
                format!("ticket_id,timestamp,status,severity,subject\n{}\n", lines.join("\n"))
            };
            let grouped = body(&rows);
            rows.sort_by_key(|r| (r.0, r.1, r.2));
            let sorted = body(&rows);
            for i in (1..rows.len()).rev() {
                rows.swap(i, order[i % order.len()] as usize % (i + 1));
            }
            let shuffled = body(&rows);
            let mut ctx = ctx_for("talentsoft", "2026-10");
            ctx.default_severity = Some(Severity::Minor);
            let view = |set: &TicketSet| -> Vec<String> {
                set.tickets
                    .iter()
                    .map(|t| {
                        let mut c = t.clock.clone();
                        (c.first_line, c.last_line) = (0, 0);
                        format!("{c:?} {:?} {:?}", t.outcome, t.severity)
                    })
                    .collect()
            };
            let a = view(&read(&ctx, "order-grouped", &grouped));
            proptest::prop_assert_eq!(&a, &view(&read(&ctx, "order-sorted", &sorted)));
            proptest::prop_assert_eq!(&a, &view(&read(&ctx, "order-shuffled", &shuffled)));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// A status history and its long-format pivot (a status row per change, a priority row
        /// at the same instant when the row has a severity, priority-only changes as a priority
        /// row alone, a row of another field now and then), in any row order, give the same
        /// tickets: creation, vendor seconds, last status, severity and standing.
        #[test]
        fn a_history_and_its_field_history_give_the_same_audit(
            tickets in proptest::collection::vec(steps(), 1..5),
            order in proptest::collection::vec(proptest::prelude::any::<u32>(), 64),
            priority_first in proptest::prelude::any::<bool>(),
        ) {
            let base = crate::checks::test_support::utc("2026-10-01T05:00:00Z");
            let mut history = Vec::new();
            let mut long = Vec::new();
            for (n, steps) in tickets.iter().enumerate() {
                let id = format!("T{n}");
                let mut at = base;
                let mut status = "new";
                for (delta, st, sev) in steps {
                    at += chrono::Duration::minutes(*delta);
                    let stamp = at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
                    status = st.unwrap_or(status);
                    history.push(format!("{id},{stamp},{status},{}", sev.unwrap_or("")));
                    let mut rows = Vec::new();
                    if let Some(s) = st {
                        rows.push(format!("status,{id},{stamp},{s}"));
                    }
                    if let Some(v) = sev {
                        rows.push(format!("priority,{id},{stamp},{v}"));
                    }
                    if priority_first {
                        rows.reverse();
                    }
                    if delta % 3 == 0 {
                        rows.push(format!("assignee_id,{id},{stamp},42"));
                    }
                    long.extend(rows);
                }
            }
            // Any row order: a permutation drawn from `order`.
            let shuffle = |rows: &mut Vec<String>| {
                for i in (1..rows.len()).rev() {
                    rows.swap(i, order[i % order.len()] as usize % (i + 1));
                }
            };
            shuffle(&mut history);
            shuffle(&mut long);
            let mut ctx = ctx_for("talentsoft", "2026-10");
            ctx.default_severity = Some(Severity::Minor);
            let a = read(&ctx, "prop-history", &format!("ticket_id,timestamp,status,severity\n{}\n", history.join("\n")));
            let b = read(&ctx, "prop-long", &format!("field_name,ticket_id,updated,value\n{}\n", long.join("\n")));
            let view = |set: &TicketSet| -> Vec<_> {
                set.tickets
                    .iter()
                    .map(|t| (t.clock.id.to_string(), t.clock.created, t.clock.vendor_secs, t.clock.last_status, t.severity, t.outcome))
                    .collect()
            };
            proptest::prop_assert_eq!(view(&a), view(&b));
        }
    }
}
