//! The fold of a history's changes into the tickets' clocks, a batch at a time. A status
//! history is folded on the reading's thread as its batches come; a field history's batches
//! (numbered by its pivot) go to a thread of their own, so that the pivot, on the reading's
//! thread, and the clocks run side by side instead of one after the other (BENCHMARKS.md,
//! "Row order, seventh round"). Same folds, same order: only the thread differs.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use compact_str::CompactString;

use super::index::ClockIndex;
use super::{distinct, fold_distinct, Ahead, Ticket, TicketClock, PARALLEL_BATCH, PREFETCH_GROUP};
use crate::calendar::{BusinessClock, Calendar};
use crate::ingest::ids::TooManyTickets;
use crate::ingest::tickets::{EventRef, Status};
use crate::profile::Severity;

/// The clocks folded so far, and what the fold saw besides them.
pub(super) struct Fold<'c> {
    /// Tickets in the order their clocks started; for a field history, `tickets[n]` is the
    /// pivot's ticket `n` (a placeholder until its first change comes).
    pub tickets: Vec<Ticket>,
    index: ClockIndex<foldhash::fast::RandomState>,
    /// The ticket folded last (rows of one ticket often follow each other).
    current: Option<usize>,
    /// Tickets with a row earlier than the one before it (sorted and folded again later).
    pub disordered: HashSet<String>,
    /// Rows after as-of: counted, not folded.
    pub rows_after_as_of: u64,
    /// Earliest and latest instant of a status history's rows (a field history's is its reader's).
    pub span: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// The first ticket the index had no room for, with its line.
    pub too_many: Option<(TooManyTickets, u64)>,
    /// Whether the batches were numbered (a field history).
    pub numbered: bool,
    keys: Vec<u32>,
    cal: BusinessClock<'c>,
    support: &'c Calendar,
    cut: DateTime<Utc>,
    as_of: DateTime<Utc>,
}

impl<'c> Fold<'c> {
    pub fn new(support: &'c Calendar, cut: DateTime<Utc>, as_of: DateTime<Utc>) -> Self {
        Fold {
            tickets: Vec::new(),
            index: ClockIndex::new(foldhash::fast::RandomState::default()),
            current: None,
            disordered: HashSet::new(),
            rows_after_as_of: 0,
            span: None,
            too_many: None,
            numbered: false,
            keys: Vec::new(),
            cal: BusinessClock::new(support),
            support,
            cut,
            as_of,
        }
    }

    /// Folds one batch of changes in their order (`event` gives each item's); `numbers`, for a
    /// field history, gives each change's ticket number (its clock is `tickets[number]`, with
    /// no lookup of the id).
    pub fn batch<'e, T>(&mut self, items: &'e [T], event: impl Fn(&'e T) -> EventRef<'e>, numbers: Option<&[u32]>) {
        let (cut, as_of) = (self.cut, self.as_of);
        let tickets = &mut self.tickets;
        // Rows sorted by time go to another ticket at every row. The table slot (or the
        // number's entry) of each row is asked for two groups ahead, its clock one group
        // ahead, from that slot: the cache misses overlap the fold instead of stalling it.
        self.keys.clear();
        self.numbered |= numbers.is_some();
        // Each change another ticket's (a field history's last changes, handed on in
        // number order after the last row; or a block whose rows happen to come so):
        // folded on every core.
        if let Some(n) = numbers.filter(|n| n.len() >= PARALLEL_BATCH && distinct(n)) {
            self.current = None;
            let more = n.last().map_or(0, |&m| m as usize + 1).saturating_sub(tickets.len());
            tickets.extend(std::iter::repeat_with(Ticket::placeholder).take(more));
            let evs: Vec<EventRef<'_>> = items.iter().map(event).collect();
            let done = fold_distinct(tickets, &evs, n, self.support, cut, as_of);
            self.rows_after_as_of += done.after_as_of;
            self.disordered.extend(done.disordered);
            return;
        }
        let index = &mut self.index;
        match numbers {
            Some(n) => self.keys.extend_from_slice(n),
            None if index.hashed() => self.keys.extend(items.iter().map(|it| index.tag(event(it).ticket))),
            None => {}
        }
        let keys = &self.keys;
        let hashed = numbers.is_none() && !keys.is_empty();
        let ahead = Ahead { keys, hashed };
        ahead.slots(0, index);
        ahead.slots(PREFETCH_GROUP, index);
        ahead.clocks(0, index, tickets);
        for (g, group) in items.chunks(PREFETCH_GROUP).enumerate() {
            ahead.slots((g + 2) * PREFETCH_GROUP, index);
            ahead.clocks((g + 1) * PREFETCH_GROUP, index, tickets);
            for (j, item) in group.iter().enumerate() {
                let ev = event(item);
                let row = g * PREFETCH_GROUP + j;
                // (a creation from the ticket list, line 0, is no row of the file; a field
                // history's rows are spanned by its reader)
                if ev.line != 0 && numbers.is_none() {
                    crate::ingest::widen(&mut self.span, ev.at);
                }
                if ev.at > as_of {
                    self.rows_after_as_of += u64::from(ev.line != 0);
                    // the next row may repeat this one's ticket, which is not `current`'s
                    self.current = None;
                    continue;
                }
                let at = match numbers.and_then(|n| n.get(row)) {
                    Some(&n) => match tickets.get_mut(n as usize) {
                        Some(t) if t.clock.events > 0 => Some(n as usize),
                        Some(t) => {
                            *t = Ticket::new(TicketClock::start(ev, cut));
                            continue;
                        }
                        None => {
                            tickets.resize_with(n as usize, Ticket::placeholder);
                            None
                        }
                    },
                    None => match self.current {
                        Some(i) if ev.repeats_ticket || tickets[i].clock.id == ev.ticket => Some(i),
                        _ => {
                            let tag = if hashed { keys.get(row).copied() } else { None };
                            match index
                                .find_or_add_tagged(ev.ticket, tag, tickets.len(), |i| tickets[i].clock.id.as_str())
                            {
                                Ok(at) => at,
                                Err(e) => {
                                    self.too_many.get_or_insert((e, ev.line));
                                    continue;
                                }
                            }
                        }
                    },
                };
                match at {
                    None => {
                        self.current = Some(tickets.len());
                        tickets.push(Ticket::new(TicketClock::start(ev, cut)));
                    }
                    Some(i) => {
                        self.current = Some(i);
                        let clock = &mut tickets[i].clock;
                        if clock.push(ev, &self.cal, cut).is_err() {
                            // (the clock's id: a numbered change may not carry it)
                            self.disordered.insert(clock.id.to_string());
                        }
                    }
                }
            }
        }
    }
}

/// A field history's batch of numbered changes, owned, on its way to the clocks' thread: the
/// pivot's events borrow the block they were read from, which the reading reuses. Only the
/// change that may start its ticket's clock carries the ticket's id (the first up to as-of
/// of each number): the clock keeps it, and later changes find the clock by number.
#[derive(Default)]
pub(super) struct Numbered {
    changes: Vec<Change>,
    numbers: Vec<u32>,
    /// The ids (and subjects) the changes carry.
    texts: Vec<CompactString>,
}

/// No text: the change's index into [`Numbered::texts`] when it carries none.
const NO_TEXT: usize = usize::MAX;

#[derive(Clone, Copy)]
struct Change {
    at: DateTime<Utc>,
    frac: u32,
    status: Status,
    severity: Option<Severity>,
    line: u64,
    /// The ticket's id in `texts` ([`NO_TEXT`] when the clock has it already).
    ticket: usize,
    /// The subject given on the row, if any, in `texts`.
    subject: usize,
}

/// Makes [`Numbered`] batches on the reading's thread.
pub(super) struct Handoff {
    /// Numbers whose id was handed on, a bit each.
    given: Vec<u64>,
    as_of: DateTime<Utc>,
    /// The changes gathered for the next batch.
    batch: Numbered,
    /// A batch goes when it holds this many changes: a block of a file holds thousands, but a
    /// pipe's rows come one at a time (a batch, a send and a wake-up per row made a piped
    /// field history 5 times slower).
    min: usize,
}

/// Changes a batch gathers before it goes to the clocks' thread (see [`Handoff::min`]).
pub(super) const HANDOFF_MIN: usize = 1024;

impl Handoff {
    pub fn new(as_of: DateTime<Utc>, min: usize) -> Self {
        Handoff { given: Vec::new(), as_of, batch: Numbered::default(), min }
    }

    /// Adds `evs` (with their numbers) to the batch, and gives the batch when it is full.
    pub fn add(&mut self, evs: &[EventRef<'_>], numbers: &[u32]) -> Option<Numbered> {
        let Numbered { changes, numbers: ns, texts } = &mut self.batch;
        let mut put = |s: &str| {
            texts.push(CompactString::from(s));
            texts.len() - 1
        };
        changes.reserve(evs.len());
        for (ev, &n) in evs.iter().zip(numbers) {
            // The clock starts at the number's first change up to as-of (later ones are
            // counted and not folded): that change carries the id.
            let (word, bit) = (n as usize / 64, 1u64 << (n % 64));
            if self.given.len() <= word {
                self.given.resize(word + 1, 0);
            }
            let first = ev.at <= self.as_of && self.given[word] & bit == 0;
            if first {
                self.given[word] |= bit;
            }
            changes.push(Change {
                at: ev.at,
                frac: ev.frac,
                status: ev.status,
                severity: ev.severity,
                line: ev.line,
                ticket: if first { put(ev.ticket) } else { NO_TEXT },
                subject: ev.subject.map_or(NO_TEXT, &mut put),
            });
        }
        ns.extend_from_slice(&numbers[..numbers.len().min(evs.len())]);
        (changes.len() >= self.min).then(|| std::mem::take(&mut self.batch))
    }

    /// The changes gathered and not yet given, if any (after the last row).
    pub fn rest(&mut self) -> Option<Numbered> {
        (!self.batch.changes.is_empty()).then(|| std::mem::take(&mut self.batch))
    }
}

impl Numbered {
    /// Folds the batch into `fold`.
    pub fn fold_into(&self, fold: &mut Fold<'_>) {
        let text = |i: usize| self.texts.get(i).map(CompactString::as_str);
        let event = |c: &Change| EventRef {
            ticket: text(c.ticket).unwrap_or(""),
            at: c.at,
            frac: c.frac,
            status: c.status,
            severity: c.severity,
            subject: text(c.subject),
            line: c.line,
            repeats_ticket: false,
        };
        fold.batch(&self.changes, event, Some(&self.numbers));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{ctx_for, paris};

    fn ev<'a>(ticket: &'a str, at: &str, status: Status, line: u64) -> EventRef<'a> {
        EventRef {
            ticket,
            at: paris(at),
            frac: 0,
            status,
            severity: Some(Severity::Major),
            subject: None,
            line,
            repeats_ticket: false,
        }
    }

    /// The id each change of `batch` carries, if any.
    fn ids(batch: &Numbered) -> Vec<Option<&str>> {
        batch.changes.iter().map(|c| batch.texts.get(c.ticket).map(CompactString::as_str)).collect()
    }

    /// Regression (review): a pipe's rows come one at a time, and each went over as a batch of
    /// its own (a send and a wake-up per row: a piped field history 5 times slower). Changes
    /// now gather until the batch holds `min` of them; the rest goes after the last row. The
    /// ids stay with their changes across the calls gathered.
    #[test]
    fn changes_gather_until_the_batch_is_full() {
        let mut handoff = Handoff::new(paris("2026-11-01 00:00"), 3);
        assert!(handoff.add(&[ev("A", "2026-10-05 09:00", Status::New, 2)], &[0]).is_none());
        assert!(handoff.add(&[ev("B", "2026-10-05 09:30", Status::New, 3)], &[1]).is_none());
        let full = handoff.add(&[ev("A", "2026-10-05 10:00", Status::Open, 4)], &[0]).unwrap();
        assert_eq!(full.numbers, [0, 1, 0]);
        assert_eq!(ids(&full), [Some("A"), Some("B"), None]);
        assert!(handoff.rest().is_none());
        assert!(handoff.add(&[ev("C", "2026-10-06 09:00", Status::New, 5)], &[2]).is_none());
        let rest = handoff.rest().unwrap();
        assert_eq!((rest.numbers.as_slice(), ids(&rest)), (&[2][..], vec![Some("C")]));
    }

    /// Only the change that may start a clock carries the id: a number's first change up to
    /// as-of. One after as-of is counted and not folded, so the next one starts the clock
    /// and must carry it (a ticket whose rows came out of order).
    #[test]
    fn the_change_that_starts_a_clock_carries_its_id() {
        let as_of = paris("2026-11-01 00:00");
        let mut handoff = Handoff::new(as_of, 1);
        let first = [
            ev("A", "2026-10-05 09:00", Status::New, 2),
            ev("B", "2026-11-02 09:00", Status::New, 3),
            ev("A", "2026-10-05 10:00", Status::Open, 4),
        ];
        let batch = handoff.add(&first, &[0, 1, 0]).unwrap();
        assert_eq!(ids(&batch), [Some("A"), None, None]);
        let second = [ev("B", "2026-10-06 09:00", Status::New, 5), ev("A", "2026-10-06 09:00", Status::Solved, 6)];
        let batch = handoff.add(&second, &[1, 0]).unwrap();
        assert_eq!(ids(&batch), [Some("B"), None]);
    }

    /// Folded through hand-off batches, the clocks are those of folding the events directly:
    /// same ids, same business seconds, the change after as-of counted, the out-of-order row
    /// naming its ticket by the clock's id (the change itself carries none).
    #[test]
    fn handed_off_batches_fold_as_the_events_do() {
        let ctx = ctx_for("talentsoft", "2026-10");
        let (cut, as_of) = (ctx.period.cut(), ctx.period.as_of);
        let evs = [
            ev("A", "2026-10-05 09:00", Status::New, 2),
            ev("B", "2026-11-02 09:00", Status::New, 3),
            ev("A", "2026-10-05 11:30", Status::Solved, 4),
            ev("B", "2026-10-06 09:00", Status::New, 5),
            ev("B", "2026-10-06 14:00", Status::Solved, 6),
            ev("A", "2026-10-05 10:00", Status::Open, 7),
        ];
        let numbers = [0, 1, 0, 1, 1, 0];
        let mut direct = Fold::new(&ctx.support, cut, as_of);
        direct.batch(&evs, |e| *e, Some(&numbers));
        let mut handed = Fold::new(&ctx.support, cut, as_of);
        let mut handoff = Handoff::new(as_of, 1);
        handoff.add(&evs[..3], &numbers[..3]).unwrap().fold_into(&mut handed);
        handoff.add(&evs[3..], &numbers[3..]).unwrap().fold_into(&mut handed);
        for fold in [&direct, &handed] {
            let clocks: Vec<(&str, i64)> =
                fold.tickets.iter().map(|t| (t.clock.id.as_str(), t.clock.vendor_secs)).collect();
            // A: new 09:00 → solved 11:30, both in business hours on Monday 5 October: 2 h 30
            // = 9,000 s (the row at 10:00, line 7, comes after 11:30: out of order, not folded).
            // B: its 2 November row is after as-of; new 06/10 09:00 → solved 14:00: 5 h = 18,000 s.
            assert_eq!(clocks, [("A", 9_000), ("B", 18_000)]);
            assert_eq!(fold.rows_after_as_of, 1);
            assert_eq!(fold.disordered, HashSet::from(["A".to_string()]));
        }
    }
}
