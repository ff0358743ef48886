//! Business time for long folds: [`BusinessClock`] answers [`Calendar::business_seconds`]
//! with the calendar's day windows and local midnights computed once per local date (lazily,
//! in a table) instead of through the zone's rules for every day of every interval. It is
//! built from a finished calendar and never sees it change, so no entry can be stale; any
//! case it cannot answer from the table (sub-second instants, a local midnight that is
//! skipped or repeated, dates far from the rest) is handed to the calendar itself.

use std::cell::RefCell;

use chrono::{DateTime, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};

use super::{resolve_local, Calendar};

/// Anything that counts business seconds in [a, b) like [`Calendar::business_seconds`].
pub trait BusinessTime {
    /// Business seconds in [a, b); zero when b ≤ a.
    fn business_seconds(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> i64;
}

impl BusinessTime for Calendar {
    fn business_seconds(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        Calendar::business_seconds(self, a, b)
    }
}

/// Days from 0001-01-01 (CE day 1) to 1970-01-01.
const EPOCH_CE: i64 = 719_163;
/// The widest span of local dates the table holds: 1970-01-01 to 2101-01-01 (47,847 days),
/// every date a timestamp may have (`ingest::timestamp`), and a few days more for offsets;
/// beyond, the calendar answers.
const MAX_SPAN: i64 = 47_900;

/// What the table knows of one local date (seconds since the Unix epoch, UTC).
#[derive(Debug, Clone, Copy)]
struct Day {
    /// First instant of the local date (its 00:00).
    midnight: i64,
    /// Whether 00:00 of the date occurs exactly once (neither skipped nor repeated).
    single: bool,
    /// Business hours [start, end) of the date; start == end when it has none.
    window: (i64, i64),
}

#[derive(Debug, Default)]
struct Table {
    /// Day number (days since 1970-01-01) of `days[0]`.
    base: i64,
    days: Vec<Option<Day>>,
    /// The last instant placed and its day number.
    last: Option<(i64, i64)>,
    /// The zone's offset at the last midnight looked up (a guess for the next instant).
    offset: i64,
}

/// A [`Calendar`] with a per-date cache, for folding many intervals; same results.
#[derive(Debug)]
pub struct BusinessClock<'a> {
    cal: &'a Calendar,
    table: RefCell<Table>,
}

impl<'a> BusinessClock<'a> {
    /// A clock over a finished calendar.
    pub fn new(cal: &'a Calendar) -> BusinessClock<'a> {
        BusinessClock { cal, table: RefCell::new(Table::default()) }
    }

    fn compute(&self, n: i64) -> Option<Day> {
        let date = NaiveDate::from_num_days_from_ce_opt(i32::try_from(n + EPOCH_CE).ok()?)?;
        let naive = date.and_time(NaiveTime::MIN);
        let single = matches!(self.cal.zone.from_local_datetime(&naive), LocalResult::Single(_));
        let midnight = resolve_local(self.cal.zone, naive).timestamp();
        let window = self.cal.day_window(date).map_or((0, 0), |(s, e)| (s.timestamp(), e.timestamp()));
        Some(Day { midnight, single, window })
    }

    /// The table entry of day `n`, computed on first use; `None` out of the table's reach.
    #[inline]
    fn day(&self, table: &mut Table, n: i64) -> Option<Day> {
        if let Some(Some(d)) = usize::try_from(n - table.base).ok().and_then(|i| table.days.get(i)) {
            return Some(*d);
        }
        self.fill(table, n)
    }

    #[cold]
    fn fill(&self, table: &mut Table, n: i64) -> Option<Day> {
        if table.days.is_empty() {
            table.base = n;
        }
        let lo = table.base.min(n);
        let hi = (table.base + table.days.len() as i64).max(n + 1);
        if hi - lo > MAX_SPAN {
            return None;
        }
        if n < table.base {
            let extra = (table.base - n) as usize;
            table.days.splice(0..0, std::iter::repeat_n(None, extra));
            table.base = n;
        }
        let i = (n - table.base) as usize;
        if i >= table.days.len() {
            table.days.resize(i + 1, None);
        }
        if let Some(d) = table.days[i] {
            return Some(d);
        }
        let d = self.compute(n)?;
        table.days[i] = Some(d);
        Some(d)
    }

    /// The local date (day number) of instant `t`, when the table can tell it exactly: local
    /// dates [M(d), M(d+1)) where both midnights occur once hold only instants of date d.
    fn local_day(&self, table: &mut Table, t: i64, hint: i64) -> Option<i64> {
        let mut n = hint;
        for _ in 0..4 {
            let d = self.day(table, n)?;
            let next = self.day(table, n + 1)?;
            if t < d.midnight {
                n -= 1;
            } else if t >= next.midnight {
                n += 1;
            } else {
                return (d.single && next.single).then_some(n);
            }
        }
        None
    }

    fn fast_seconds(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> Option<i64> {
        if a.timestamp_subsec_nanos() != 0 || b.timestamp_subsec_nanos() != 0 {
            return None;
        }
        let (a, b) = (a.timestamp(), b.timestamp());
        let mut table = self.table.borrow_mut();
        let table = &mut *table;
        // The first guess adds the offset last seen (a fold's next interval starts where the
        // previous one ended, so `a` is often the last `b`); the search then steps a day at a time.
        let first = match table.last {
            Some((t, n)) if t == a => n,
            _ => self.local_day(table, a, (a + table.offset).div_euclid(86_400))?,
        };
        let last = self.local_day(table, b, (b + table.offset).div_euclid(86_400))?;
        table.last = Some((b, last));
        table.offset = last * 86_400 - self.day(table, last)?.midnight;
        let mut total = 0;
        for n in first..=last {
            let (ws, we) = self.day(table, n)?.window;
            let (s, e) = (ws.max(a), we.min(b));
            if s < e {
                total += e - s;
            }
        }
        Some(total)
    }
}

impl BusinessTime for BusinessClock<'_> {
    fn business_seconds(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        if b <= a {
            return 0;
        }
        self.fast_seconds(a, b).unwrap_or_else(|| self.cal.business_seconds(a, b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn utc(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(secs, 0).unwrap()
    }

    /// 2026-01-01T00:00:00Z and 2028-01-01T00:00:00Z.
    const FROM: i64 = 1_767_225_600;
    const TO: i64 = 1_830_297_600;

    #[test]
    fn dst_days_and_holidays_match_the_calendar() {
        // Around both 2026 Paris changes (29 March, 25 October) and Toronto's (8 March, 1 November),
        // minute-aligned and odd instants, short and week-long spans.
        for name in ["paris-support", "montreal-support", "sprint-prt"] {
            let cal = Calendar::builtin(name).unwrap();
            let fast = BusinessClock::new(&cal);
            for start in [1_772_900_000_i64, 1_774_700_000, 1_777_500_000, 1_792_300_000, 1_793_400_000] {
                for k in 0..200 {
                    let a = start + k * 7_919;
                    for len in [0, 1, 3_599, 86_400, 300_007, 900_000] {
                        let (a, b) = (utc(a), utc(a + len));
                        assert_eq!(fast.business_seconds(a, b), cal.business_seconds(a, b), "{name} {a} {b}");
                    }
                }
            }
        }
    }

    #[test]
    fn sub_second_instants_go_to_the_calendar() {
        let cal = Calendar::builtin("paris-support").unwrap();
        let fast = BusinessClock::new(&cal);
        let a = utc(1_791_000_000) + chrono::Duration::milliseconds(500);
        let b = utc(1_791_100_000);
        assert_eq!(fast.business_seconds(a, b), cal.business_seconds(a, b));
    }

    proptest! {
        #[test]
        fn equals_the_calendar_over_2026_2027(name in prop::sample::select(vec!["paris-support", "montreal-support"]),
                                              pairs in prop::collection::vec((FROM..TO, 0i64..40 * 86_400), 1..40)) {
            let cal = Calendar::builtin(name).unwrap();
            let fast = BusinessClock::new(&cal);
            for (a, len) in pairs {
                let (a, b) = (utc(a), utc((a + len).min(TO)));
                prop_assert_eq!(fast.business_seconds(a, b), cal.business_seconds(a, b), "{} {} {}", name, a, b);
                // Reversed: empty.
                prop_assert_eq!(fast.business_seconds(b, a), cal.business_seconds(b, a));
            }
        }
    }
}
