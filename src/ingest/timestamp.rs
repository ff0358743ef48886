//! Timestamp parsing shared by every reader (SPEC §2): RFC 3339 with an offset, or a naive
//! local time (`YYYY-MM-DD HH:MM[:SS]`, `YYYY-MM-DDTHH:MM[:SS]`, `DD/MM/YYYY HH:MM[:SS]`) read
//! in a time zone. A hand-written byte parser: exact for these forms, and fast on big logs.

use std::collections::BTreeSet;

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone,
    Timelike, Utc,
};
use chrono_tz::Tz;

/// Local times are the calendar's business (the bottom layer); re-exported for the readers.
pub use crate::calendar::local_to_utc;

/// Why a timestamp was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampError {
    /// Not one of the accepted forms, or out of range.
    Invalid,
    /// A naive local time that does not exist in the zone (skipped at a DST change).
    Nonexistent,
    /// A date before [`FIRST_YEAR`] or after [`LAST_YEAR`]: no export of a service audited
    /// today holds one, and a ticket dated `0001-01-01` would make business time walk two
    /// thousand years of days.
    OutOfRange,
}

/// First year a timestamp may have (the date as written, before any offset).
pub const FIRST_YEAR: i32 = 1970;
/// Last year a timestamp may have.
pub const LAST_YEAR: i32 = 2100;

/// Whether a written date lies in [`FIRST_YEAR`]-01-01 ..= [`LAST_YEAR`]-12-31.
fn in_range(date: NaiveDate) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&date.year())
}

impl TimestampError {
    /// Short reason for error messages and skip counts.
    pub fn reason(self) -> &'static str {
        match self {
            TimestampError::Invalid => "invalid timestamp",
            TimestampError::Nonexistent => "nonexistent local time",
            TimestampError::OutOfRange => "timestamp out of range",
        }
    }

    /// What was expected instead, for error messages.
    pub fn expected(self, zone: Tz) -> String {
        match self {
            TimestampError::Invalid => "a timestamp such as 2026-10-05T09:12:00+02:00, \
                2026-10-05 09:12[:00], 05/10/2026 09:12[:00], 2026-10-05 07:12:00 UTC or Unix seconds (1791184320)"
                .to_string(),
            TimestampError::Nonexistent => format!(
                "a local time that exists in {zone} (this one falls in the gap of a daylight-saving change; \
                 give an offset such as +02:00)"
            ),
            TimestampError::OutOfRange => format!("a date from {FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31"),
        }
    }
}

/// Parses a timestamp; naive forms are read in `zone` (ambiguous → earlier instant,
/// nonexistent → error).
pub fn parse_timestamp(s: &str, zone: Tz) -> Result<DateTime<Utc>, TimestampError> {
    if let Some(t) = parse_epoch_seconds(s.trim()) {
        return Ok(t);
    }
    let (naive, offset) = parse_parts(s.trim().as_bytes()).ok_or(TimestampError::Invalid)?;
    if !in_range(naive.date()) {
        return Err(TimestampError::OutOfRange);
    }
    match offset {
        Some(secs) => with_offset(naive, secs),
        None => local_to_utc(zone, naive).ok_or(TimestampError::Nonexistent),
    }
}

/// A local time written with an offset of `secs` seconds east of UTC, as an instant.
fn with_offset(naive: NaiveDateTime, secs: i32) -> Result<DateTime<Utc>, TimestampError> {
    let off = FixedOffset::east_opt(secs).ok_or(TimestampError::Invalid)?;
    match off.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        _ => Err(TimestampError::Invalid),
    }
}

/// [`parse_timestamp`] with a cache of the zone's offset per local date (same result): a
/// date whose every local time has one offset converts naive times by subtraction, without
/// the zone's rules; other dates (daylight-saving changes) go through [`local_to_utc`].
pub fn parse_timestamp_cached(s: &str, cache: &mut ZoneCache) -> Result<DateTime<Utc>, TimestampError> {
    if let Some(t) = cache.naive_seconds_fast(s.trim().as_bytes()) {
        cache.naive += 1;
        return Ok(t);
    }
    if let Some(t) = parse_epoch_seconds(s.trim()) {
        return Ok(t);
    }
    let (naive, offset) = parse_parts(s.trim().as_bytes()).ok_or(TimestampError::Invalid)?;
    if !in_range(naive.date()) {
        return Err(TimestampError::OutOfRange);
    }
    match offset {
        Some(secs) => with_offset(naive, secs),
        None => {
            // Counted once converted: a time in a daylight-saving gap is refused (or its row
            // skipped), not read.
            let t = cache.local_to_utc(naive).ok_or(TimestampError::Nonexistent)?;
            cache.naive += 1;
            Ok(t)
        }
    }
}

/// The fraction of a second written in `s`, a timestamp [`parse_timestamp`] read (and whose
/// fraction it dropped), in nanoseconds (digits past the ninth ignored); 0 when it writes none.
/// Instants and figures are whole seconds; ticket readers keep the fraction beside them only so
/// that two rows of one ticket within one second keep the order their stamps give (a Jira
/// changelog's `.100` before its `.900`, whatever the order of the rows in the file).
pub fn fraction(s: &str) -> u32 {
    // The shortest stamp with a fraction (`2026-10-05 9:12:00.5`) has 20 bytes; no date form
    // holds a '.' or a ',': the first one starts the seconds' fraction.
    let b = s.as_bytes();
    if b.len() < 20 {
        return 0;
    }
    let Some(dot) = b.iter().position(|&c| c == b'.' || c == b',') else { return 0 };
    let mut nanos = 0u32;
    let mut scale = 100_000_000u32;
    for &c in b[dot + 1..].iter().take_while(|c| c.is_ascii_digit()).take(9) {
        nanos += u32::from(c - b'0') * scale;
        scale /= 10;
    }
    nanos
}

/// Naive timestamps that fell in local time that occurs twice (the clocks going back) and
/// were read as the earlier instant, as the spec says: counted, with the spans met, for the
/// note that says so.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Repeated {
    /// Such timestamps read.
    pub count: u64,
    /// The repeated spans met, in local time: from the first local time that occurs twice to
    /// the first after them that occurs once (2026-10-25 02:00 to 03:00 in Paris).
    pub spans: BTreeSet<(NaiveDateTime, NaiveDateTime)>,
}

impl Repeated {
    /// Adds `other`'s timestamps and spans (a block's, read by another worker).
    pub fn absorb(&mut self, other: Repeated) {
        self.count += other.count;
        self.spans.extend(other.spans);
    }

    /// The spans as a note writes them: `2026-10-25 02:00–03:00` (the end's date too when it
    /// is another), the first three, then `…`.
    pub fn spans_text(&self) -> String {
        let minutes = |t: NaiveDateTime| if t.second() == 0 { t.format("%H:%M") } else { t.format("%H:%M:%S") };
        let mut shown: Vec<String> = self
            .spans
            .iter()
            .take(3)
            .map(|&(a, b)| {
                let end =
                    if a.date() == b.date() { minutes(b).to_string() } else { format!("{} {}", b.date(), minutes(b)) };
                format!("{} {}–{end}", a.date(), minutes(a))
            })
            .collect();
        if self.spans.len() > 3 {
            shown.push("…".to_string());
        }
        shown.join(", ")
    }
}

/// The local span that occurs twice in `zone` around the naive time whose two instants are
/// `first` and `second` (`first` < `second`): the clocks went back at the instant `t` between
/// them, from `t` + the old offset to `t` + the new one; the span is [`t` + new, `t` + old).
fn repeated_span(zone: Tz, first: DateTime<Utc>, second: DateTime<Utc>) -> (NaiveDateTime, NaiveDateTime) {
    let offset = |t: DateTime<Utc>| zone.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc();
    let (old, new) = (offset(first), offset(second));
    // The first whole second at the new offset (an offset changes once in a span), bisected
    // in whole seconds: halving a `Duration` gave instants a fraction apart, spans that the
    // note then named once for each worker that met one.
    let at = |secs: i64| DateTime::from_timestamp(secs, 0).unwrap_or(second);
    let (mut lo, mut hi) = (first.timestamp(), second.timestamp());
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if offset(at(mid)) == old {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let local = |secs: i32| (at(hi) + Duration::seconds(i64::from(secs))).naive_utc();
    (local(new), local(old))
}

/// Unix time in seconds (UTC by definition), as warehouses export it: 9 or 10 digits
/// and nothing else (1973-03-03 to 2286-11-20). No date form of this tool is all digits, so
/// the column needs no flag; shorter or longer digit runs are not read as epochs.
pub fn parse_epoch_seconds(s: &str) -> Option<DateTime<Utc>> {
    if !(9..=10).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    DateTime::from_timestamp(s.parse().ok()?, 0)
}

/// Slots of [`ZoneCache`] (a direct-mapped table by day number: any 64 consecutive dates fit).
const ZONE_CACHE_SLOTS: usize = 64;

/// No slot filled, or a date without a single offset.
const NO_OFFSET: i32 = i32::MIN;

/// The offset of a zone on recently seen local dates, for [`parse_timestamp_cached`].
#[derive(Debug, Clone)]
pub struct ZoneCache {
    zone: Tz,
    /// (day number from CE, offset east of UTC in seconds or [`NO_OFFSET`], the date).
    slots: [(i32, i32, NaiveDate); ZONE_CACHE_SLOTS],
    /// The same by the digits of a valid `YYYY-MM-DD` (packed in a `u64`; 0 for an empty
    /// slot, which no digits give): a date seen again is not parsed again.
    by_text: [(u64, i32, NaiveDate); ZONE_CACHE_SLOTS],
    /// Naive timestamps converted so far (read in `zone`), for the note that says so.
    pub naive: u64,
    /// Of them, those that fell in local time that occurs twice (read as the earlier instant).
    pub repeated: Repeated,
}

impl ZoneCache {
    /// An empty cache for `zone`.
    pub fn new(zone: Tz) -> ZoneCache {
        ZoneCache {
            zone,
            slots: [(i32::MIN, NO_OFFSET, NaiveDate::MIN); ZONE_CACHE_SLOTS],
            by_text: [(0, NO_OFFSET, NaiveDate::MIN); ZONE_CACHE_SLOTS],
            naive: 0,
            repeated: Repeated::default(),
        }
    }

    /// The zone it converts in.
    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// The offset of every local time of the date with day number `day` from CE (or
    /// [`NO_OFFSET`]), and the date: worked out once per date, not per row.
    fn offset_on(&mut self, day: i32) -> Option<(i32, NaiveDate)> {
        let slot = &mut self.slots[day.rem_euclid(ZONE_CACHE_SLOTS as i32) as usize];
        if slot.0 != day {
            let date = NaiveDate::from_num_days_from_ce_opt(day)?;
            *slot = (day, uniform_offset(self.zone, date).unwrap_or(NO_OFFSET), date);
        }
        Some((slot.1, slot.2))
    }

    /// The common naive form `YYYY-MM-DD HH:MM:SS` (or with `T`) on a date with one offset,
    /// straight from the bytes; `None` for anything else (the general parser then decides).
    fn naive_seconds_fast(&mut self, b: &[u8]) -> Option<DateTime<Utc>> {
        if b.len() != 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b' ' | b'T' | b't') {
            return None;
        }
        if b[13] != b':' || b[16] != b':' {
            return None;
        }
        let d2 = |i: usize| -> Option<i64> {
            let (x, y) = (b[i].wrapping_sub(b'0'), b[i + 1].wrapping_sub(b'0'));
            (x < 10 && y < 10).then_some(i64::from(x) * 10 + i64::from(y))
        };
        let (h, mi, s) = (d2(11)?, d2(14)?, d2(17)?);
        if h > 23 || mi > 59 || s > 59 {
            return None;
        }
        let key = u64::from_le_bytes([b[0], b[1], b[2], b[3], b[5], b[6], b[8], b[9]]);
        let slot = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58) as usize % ZONE_CACHE_SLOTS;
        let (offset, date) = match self.by_text[slot] {
            (k, offset, date) if k == key => (offset, date),
            _ => {
                let year = d2(0)? * 100 + d2(2)?;
                let (month, day) = (d2(5)?, d2(8)?);
                if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
                    return None;
                }
                if !(i64::from(FIRST_YEAR)..=i64::from(LAST_YEAR)).contains(&year) {
                    return None;
                }
                let day_ce = i32::try_from(days_from_civil(year, month, day) + 719_163).ok()?;
                let (offset, date) = self.offset_on(day_ce)?;
                self.by_text[slot] = (key, offset, date);
                (offset, date)
            }
        };
        if offset == NO_OFFSET {
            return None;
        }
        // The UTC instant from the cached date: an offset is less than a day, so the UTC date
        // is the local one or a neighbour (no calendar arithmetic per row).
        let secs = h * 3600 + mi * 60 + s - i64::from(offset);
        let (date, secs) = match secs {
            ..0 => (date.pred_opt()?, secs + 86_400),
            86_400.. => (date.succ_opt()?, secs - 86_400),
            _ => (date, secs),
        };
        let time = NaiveTime::from_num_seconds_from_midnight_opt(u32::try_from(secs).ok()?, 0)?;
        Some(NaiveDateTime::new(date, time).and_utc())
    }

    /// [`local_to_utc`] in the cache's zone, counting a local time that occurs twice in
    /// `repeated`. A date with one offset for all its local times has none that occurs twice
    /// (nor does [`ZoneCache::naive_seconds_fast`] read any other date): those of a change's
    /// date, and of a date next to one that repeats its midnight, come here through the zone.
    fn local_to_utc(&mut self, naive: NaiveDateTime) -> Option<DateTime<Utc>> {
        let offset = self.offset_on(naive.date().num_days_from_ce()).map_or(NO_OFFSET, |(o, _)| o);
        if offset != NO_OFFSET {
            if let Some(t) = naive.and_utc().checked_sub_signed(Duration::seconds(i64::from(offset))) {
                return Some(t);
            }
        }
        match self.zone.from_local_datetime(&naive) {
            LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
            LocalResult::Ambiguous(a, b) => {
                let (first, second) = (a.min(b).with_timezone(&Utc), a.max(b).with_timezone(&Utc));
                self.repeated.count += 1;
                if !self.repeated.spans.iter().any(|&(from, to)| (from..to).contains(&naive)) {
                    self.repeated.spans.insert(repeated_span(self.zone, first, second));
                }
                // The earlier instant, as [`local_to_utc`] gives.
                Some(first)
            }
            LocalResult::None => None,
        }
    }
}

/// The offset of every local time of `date` in `zone`, when it has one: its midnight and the
/// next one each occur once, 24 hours apart, and the zone's offset does not move in between
/// (checked every 15 minutes: exact unless two changes fall within 15 minutes of each other,
/// which the zone database never does).
fn uniform_offset(zone: Tz, date: NaiveDate) -> Option<i32> {
    let start = match zone.from_local_datetime(&date.and_time(NaiveTime::MIN)) {
        LocalResult::Single(t) => t,
        _ => return None,
    };
    let next = date.succ_opt()?.and_time(NaiveTime::MIN);
    let end = match zone.from_local_datetime(&next) {
        LocalResult::Single(t) => t,
        _ => return None,
    };
    let offset = start.offset().fix().local_minus_utc();
    if end.offset().fix().local_minus_utc() != offset || (end - start).num_seconds() != 86_400 {
        return None;
    }
    let start = start.with_timezone(&Utc);
    for k in 1..96 {
        let t = start + Duration::minutes(15 * k);
        if zone.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc() != offset {
            return None;
        }
    }
    Some(offset)
}

/// Seconds since the Unix epoch of the common RFC 3339 form
/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, without building a `DateTime`; `None` for any
/// other form (then [`parse_timestamp`] decides). Exact: it accepts only what
/// [`parse_timestamp`] accepts, and gives the same instant (fractions dropped).
#[cfg(test)]
pub fn parse_rfc3339_seconds(b: &[u8]) -> Option<i64> {
    parse_rfc3339_seconds_cached(b, &mut DayCache::default())
}

/// The last date seen by [`parse_rfc3339_seconds_cached`] and its day number (logs hold
/// many rows a day: the calendar arithmetic is done once per date).
#[derive(Debug, Clone, Copy, Default)]
pub struct DayCache {
    date: [u8; 10],
    days: i64,
}

/// [`parse_rfc3339_seconds`] with a cache of the last date (same result).
#[inline]
pub fn parse_rfc3339_seconds_cached(b: &[u8], cache: &mut DayCache) -> Option<i64> {
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let d2 = |i: usize| -> Option<i64> {
        let (x, y) = (b[i].wrapping_sub(b'0'), b[i + 1].wrapping_sub(b'0'));
        (x < 10 && y < 10).then_some(i64::from(x) * 10 + i64::from(y))
    };
    let days = if b[..10] == cache.date {
        cache.days
    } else {
        let year = d2(0)? * 100 + d2(2)?;
        let (month, day) = (d2(5)?, d2(8)?);
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        if !(i64::from(FIRST_YEAR)..=i64::from(LAST_YEAR)).contains(&year) {
            return None;
        }
        let days = days_from_civil(year, month, day);
        cache.date.copy_from_slice(&b[..10]);
        cache.days = days;
        days
    };
    let (h, mi, s) = (d2(11)?, d2(14)?, d2(17)?);
    if h > 23 || mi > 59 || s > 59 {
        return None;
    }
    let mut rest = &b[19..];
    if let [b'.', tail @ ..] = rest {
        let n = tail.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        rest = &tail[n..];
    }
    let offset = match rest {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), a, b2, b':', c, d] => {
            let digit = |x: u8| -> Option<i64> { x.is_ascii_digit().then(|| i64::from(x - b'0')) };
            let (oh, om) = (digit(*a)? * 10 + digit(*b2)?, digit(*c)? * 10 + digit(*d)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let secs = oh * 3600 + om * 60;
            if *sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    Some(days * 86_400 + h * 3600 + mi * 60 + s - offset)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses a calendar date: `YYYY-MM-DD` or `DD/MM/YYYY`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.trim().as_bytes();
    let (d, rest) = parse_date_bytes(b)?;
    rest.is_empty().then_some(d)
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0u32, |n, c| n * 10 + u32::from(c - b'0')))
}

fn parse_date_bytes(b: &[u8]) -> Option<(NaiveDate, &[u8])> {
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        let y = digits(&b[0..4])?;
        let m = digits(&b[5..7])?;
        let d = digits(&b[8..10])?;
        Some((NaiveDate::from_ymd_opt(y as i32, m, d)?, &b[10..]))
    } else if b.len() >= 10 && b[2] == b'/' && b[5] == b'/' {
        let d = digits(&b[0..2])?;
        let m = digits(&b[3..5])?;
        let y = digits(&b[6..10])?;
        Some((NaiveDate::from_ymd_opt(y as i32, m, d)?, &b[10..]))
    } else {
        None
    }
}

/// Splits into a naive date-time and an optional offset in seconds east of UTC.
fn parse_parts(b: &[u8]) -> Option<(NaiveDateTime, Option<i32>)> {
    let (date, rest) = parse_date_bytes(b)?;
    let rest = match rest.first() {
        Some(b'T' | b't' | b' ') => &rest[1..],
        _ => return None,
    };
    // Spreadsheets write single-digit hours ("5/10/2026 9:12" is not accepted, "05/10/2026 9:12" is).
    let hour_len = if rest.get(1) == Some(&b':') { 1 } else { 2 };
    if rest.len() < hour_len + 3 || rest[hour_len] != b':' {
        return None;
    }
    let h = digits(&rest[0..hour_len])?;
    let mi = digits(&rest[hour_len + 1..hour_len + 3])?;
    let mut rest = &rest[hour_len + 3..];
    let mut s = 0;
    if rest.first() == Some(&b':') {
        if rest.len() < 3 {
            return None;
        }
        s = digits(&rest[1..3])?;
        rest = &rest[3..];
        if rest.first() == Some(&b'.') || rest.first() == Some(&b',') {
            let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            // Fractions of a second are dropped: the tool counts whole seconds.
            rest = &rest[1 + n..];
        }
    }
    let time = NaiveTime::from_hms_opt(h, mi, s)?;
    let offset = match rest {
        [] => None,
        // BigQuery writes UTC instants as `2020-10-02 11:01:27 UTC`.
        [b'Z' | b'z'] | b" UTC" => Some(0),
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let (oh, om) = match tail {
                [a, b] => (digits(&[*a, *b])?, 0),
                [a, b, b':', c, d] => (digits(&[*a, *b])?, digits(&[*c, *d])?),
                [a, b, c, d] => (digits(&[*a, *b])?, digits(&[*c, *d])?),
                _ => return None,
            };
            if oh > 23 || om > 59 {
                return None;
            }
            let secs = (oh * 3600 + om * 60) as i32;
            Some(if *sign == b'-' { -secs } else { secs })
        }
        _ => return None,
    };
    Some((date.and_time(time), offset))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Paris;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn rfc3339_with_offset_and_z() {
        assert_eq!(parse_timestamp("2026-10-05T09:12:00+02:00", Paris), Ok(utc("2026-10-05T07:12:00Z")));
        assert_eq!(parse_timestamp("2026-10-05T07:12:00Z", Paris), Ok(utc("2026-10-05T07:12:00Z")));
        assert_eq!(parse_timestamp("2026-10-05T07:12:00.123-0400", Paris), Ok(utc("2026-10-05T11:12:00Z")));
    }

    #[test]
    fn fractions_are_kept_apart_for_order() {
        let nanos = fraction;
        assert_eq!(nanos("2026-10-05T07:12:00.123-0400"), 123_000_000);
        assert_eq!(nanos("05/10/2026 09:12:00,5"), 500_000_000);
        assert_eq!(nanos("2026-10-05 07:12:00.250 UTC"), 250_000_000);
        // nanoseconds: digits past the ninth are ignored
        assert_eq!(nanos("2026-10-05T07:12:00.123456789987Z"), 123_456_789);
        assert_eq!(nanos("2026-10-05 9:12:00.5"), 500_000_000, "the shortest form with a fraction");
        for none in ["2026-10-05T09:12:00+02:00", "2026-10-05 09:12", "1791184320", "2026-10-05 09:12:00"] {
            assert_eq!(fraction(none), 0, "{none}");
        }
    }

    #[test]
    fn utc_suffix_and_unix_seconds_are_instants() {
        // BigQuery's ` UTC` suffix is an offset of zero; so is Unix time (1791184320 s after
        // 1970-01-01T00:00:00Z is 2026-10-05T07:12:00Z, worked out with `date -d @1791184320`).
        let want = utc("2026-10-05T07:12:00Z");
        assert_eq!(parse_timestamp("2026-10-05 07:12:00 UTC", Paris), Ok(want));
        assert_eq!(parse_timestamp("2026-10-05 07:12:00.250 UTC", Paris), Ok(want));
        assert_eq!(parse_timestamp("1791184320", Paris), Ok(want));
        let mut cache = ZoneCache::new(Paris);
        assert_eq!(parse_timestamp_cached("1791184320", &mut cache), Ok(want));
        assert_eq!(parse_timestamp_cached("2026-10-05 07:12:00 UTC", &mut cache), Ok(want));
        assert_eq!(cache.naive, 0, "neither is naive");
        assert_eq!(parse_timestamp_cached("2026-10-05 09:12:00", &mut cache), Ok(want));
        assert_eq!(parse_timestamp_cached("2026-10-05 09:12", &mut cache), Ok(want));
        assert_eq!(cache.naive, 2);
        // Not epochs: 8 digits (a compact date), 11 digits, a sign.
        for bad in ["20261005", "17911843200", "-179118432", "2026-10-05 07:12:00 CET"] {
            assert_eq!(parse_timestamp(bad, Paris), Err(TimestampError::Invalid), "{bad}");
        }
    }

    #[test]
    fn naive_forms_are_read_in_the_zone() {
        // 5 October 2026 is summer time in Paris: UTC+2.
        let want = utc("2026-10-05T07:12:00Z");
        assert_eq!(parse_timestamp("2026-10-05 09:12", Paris), Ok(want));
        assert_eq!(parse_timestamp("2026-10-05T09:12:00", Paris), Ok(want));
        assert_eq!(parse_timestamp("05/10/2026 09:12:00", Paris), Ok(want));
        // 5 December is winter time: UTC+1.
        assert_eq!(parse_timestamp("05/12/2026 09:12", Paris), Ok(utc("2026-12-05T08:12:00Z")));
        assert_eq!(parse_timestamp("05/12/2026 9:12", Paris), Ok(utc("2026-12-05T08:12:00Z")));
    }

    #[test]
    fn ambiguous_local_time_takes_the_earlier_instant() {
        // 2026-10-25 02:30 happens twice in Paris; the first is still CEST (UTC+2).
        assert_eq!(parse_timestamp("2026-10-25 02:30", Paris), Ok(utc("2026-10-25T00:30:00Z")));
    }

    #[test]
    fn nonexistent_local_time_is_an_error() {
        // 2026-03-29 02:30 does not exist in Paris (clocks jump from 02:00 to 03:00).
        assert_eq!(parse_timestamp("2026-03-29 02:30", Paris), Err(TimestampError::Nonexistent));
    }

    #[test]
    fn garbage_is_invalid() {
        for s in ["", "2026-13-01 10:00", "2026-10-05", "2026-10-05 25:00", "yesterday", "2026-10-05 09:12+2:00"] {
            assert_eq!(parse_timestamp(s, Paris), Err(TimestampError::Invalid), "{s}");
        }
    }

    #[test]
    fn fast_rfc3339_agrees_with_the_general_parser() {
        for s in [
            "2026-10-05T09:12:00+02:00",
            "2026-10-31T23:30:00Z",
            "2026-10-25T02:30:00+01:00",
            "2024-02-29T12:00:00.123-04:30",
            "1969-12-31T23:59:59Z",
            "2000-03-01T00:00:00+14:00",
        ] {
            let slow = parse_timestamp(s, Paris).map(|t| t.timestamp()).ok();
            assert_eq!(parse_rfc3339_seconds(s.as_bytes()), slow, "{s}");
        }
        // Forms the fast path leaves to the general parser (which may accept them).
        for s in ["2026-10-05 09:12:00+02:00", "2026-10-05T09:12:00+0200", "2026-10-05T09:12:00", "2026-10-05T09:12"] {
            assert_eq!(parse_rfc3339_seconds(s.as_bytes()), None, "{s}");
        }
        // Invalid everywhere.
        for s in ["2026-02-29T10:00:00Z", "2026-10-05T24:00:00Z", "2026-10-05T09:12:60Z", "2026-10-05T09:12:00+24:00"] {
            assert_eq!(parse_rfc3339_seconds(s.as_bytes()), None, "{s}");
            assert!(parse_timestamp(s, Paris).is_err(), "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_rfc3339_is_exact(y in 1i32..9999, mo in 0u32..14, d in 0u32..33, h in 0u32..25, mi in 0u32..61,
                                  s in 0u32..61, frac in proptest::option::of(0u32..1000), oh in 0u32..25, om in 0u32..61,
                                  sign in proptest::sample::select(vec!['+', '-', 'Z'])) {
            let frac = frac.map_or(String::new(), |f| format!(".{f}"));
            let off = if sign == 'Z' { "Z".to_string() } else { format!("{sign}{oh:02}:{om:02}") };
            let text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{frac}{off}");
            let slow = parse_timestamp(&text, Paris).map(|t| t.timestamp()).ok();
            proptest::prop_assert_eq!(parse_rfc3339_seconds(text.as_bytes()), slow, "{}", text);
        }
    }

    proptest::proptest! {
        #[test]
        fn cached_zone_offsets_are_exact(zone in proptest::sample::select(vec![Paris, chrono_tz::America::Toronto,
                                                                          chrono_tz::Australia::Lord_Howe]),
                                         times in proptest::collection::vec((proptest::prop_oneof![0i64..731, 86i64..89, 296i64..299], 0u32..24, 0u32..60, 0u32..60), 1..60)) {
            // Random naive times over 2026-2027 (both daylight-saving changes of each year; Lord Howe
            // moves by half an hour), some on the change dates themselves, and many on a few dates
            // around the Paris changes, so that dates come back and are found in the cache.
            let mut cache = ZoneCache::new(zone);
            let mut expected = 0;
            let first = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
            let changes = [(2026, 3, 29), (2026, 10, 25), (2026, 3, 8), (2026, 11, 1), (2026, 4, 5), (2026, 10, 4)];
            for (i, (day, h, mi, s)) in times.into_iter().enumerate() {
                let date = match changes.get(i) {
                    Some(&(y, m, d)) if i % 2 == 0 => NaiveDate::from_ymd_opt(y, m, d).unwrap(),
                    _ => first + Duration::days(day),
                };
                let sep = if i % 3 == 0 { 'T' } else { ' ' };
                let text = format!("{}{sep}{h:02}:{mi:02}:{s:02}", date.format("%Y-%m-%d"));
                proptest::prop_assert_eq!(parse_timestamp_cached(&text, &mut cache), parse_timestamp(&text, zone), "{}", text);
                expected += occurs_twice(&text, zone);
            }
            // The fast path counts each time that occurs twice too (none is left to it).
            proptest::prop_assert_eq!(cache.repeated.count, expected);
        }
    }

    #[test]
    fn naive_times_are_counted_once_converted() {
        // Regression (review): a naive time in the spring gap (2026-03-29 02:30 does not exist
        // in Paris) was counted as read before it was refused; with --skip-invalid the note
        // said 4 timestamps were read where 3 were. Both parsers' forms (the fast one, 19
        // bytes, and the general one) are refused uncounted; the three others are counted.
        let mut cache = ZoneCache::new(Paris);
        for s in ["2026-03-29 02:30:00", "2026-03-29 02:30", "29/03/2026 02:59:59"] {
            assert_eq!(parse_timestamp_cached(s, &mut cache), Err(TimestampError::Nonexistent), "{s}");
        }
        assert_eq!(cache.naive, 0);
        for s in ["2026-03-29 01:59:59", "2026-03-29 03:00", "2026-03-30 02:30:00"] {
            assert!(parse_timestamp_cached(s, &mut cache).is_ok(), "{s}");
        }
        assert_eq!(cache.naive, 3);
        assert_eq!(cache.repeated, Repeated::default(), "none occurs twice");
    }

    #[test]
    fn naive_times_that_occur_twice_are_counted_with_their_span() {
        // 2026-10-25 in Paris: at 03:00 CEST (01:00 UTC) the clocks go back to 02:00 CET, so
        // 02:00–02:59:59 occurs twice; 02:10 and 02:40 are read as the first pass (CEST,
        // UTC+2: 00:10 and 00:40 UTC) and counted, in the fast form and the general one, on a
        // date the cache has already seen (01:30 and 03:30 occur once: 23:30 and 02:30 UTC).
        let mut cache = ZoneCache::new(Paris);
        let read = |s: &str, cache: &mut ZoneCache| parse_timestamp_cached(s, cache);
        assert_eq!(read("2026-10-25 01:30:00", &mut cache), Ok(utc("2026-10-24T23:30:00Z")));
        assert_eq!(read("2026-10-25 03:30:00", &mut cache), Ok(utc("2026-10-25T02:30:00Z")));
        assert_eq!(read("2026-10-24 02:10:00", &mut cache), Ok(utc("2026-10-24T00:10:00Z")));
        assert_eq!(cache.repeated.count, 0);
        assert_eq!(read("2026-10-25 02:10:00", &mut cache), Ok(utc("2026-10-25T00:10:00Z")));
        assert_eq!(read("25/10/2026 02:40", &mut cache), Ok(utc("2026-10-25T00:40:00Z")));
        assert_eq!(
            read("2026-10-25T02:00:00+01:00", &mut cache),
            Ok(utc("2026-10-25T01:00:00Z")),
            "an offset: not naive"
        );
        assert_eq!((cache.naive, cache.repeated.count), (5, 2));
        assert_eq!(cache.repeated.spans_text(), "2026-10-25 02:00–03:00");
        // Regression: each cache (a parsing worker's) found the span again, a fraction of a
        // second off, so that the note named one span three times and more; every time of the
        // hour, read by caches of their own and absorbed, gives the one span.
        let mut all = Repeated::default();
        for m in 0..60 {
            let mut own = ZoneCache::new(Paris);
            assert!(read(&format!("2026-10-25 02:{m:02}:17"), &mut own).is_ok());
            all.absorb(std::mem::take(&mut own.repeated));
        }
        assert_eq!((all.count, all.spans.len()), (60, 1));
        assert_eq!(all.spans_text(), "2026-10-25 02:00–03:00");
        // Toronto goes back at 02:00 EDT on 1 November 2026 (01:00–02:00 twice); Lord Howe by
        // half an hour at 02:00 on 5 April 2026 (01:30–02:00 twice).
        let mut cache = ZoneCache::new(chrono_tz::America::Toronto);
        assert_eq!(read("2026-11-01 01:30:00", &mut cache), Ok(utc("2026-11-01T05:30:00Z")), "EDT, UTC−4");
        assert_eq!(cache.repeated.spans_text(), "2026-11-01 01:00–02:00");
        let mut cache = ZoneCache::new(chrono_tz::Australia::Lord_Howe);
        assert!(read("2026-04-05 01:45:00", &mut cache).is_ok());
        assert_eq!((cache.repeated.count, cache.repeated.spans_text()), (1, "2026-04-05 01:30–02:00".to_string()));
    }

    #[test]
    fn cached_zone_offsets_at_the_changes() {
        let mut cache = ZoneCache::new(Paris);
        for s in [
            "2026-10-25 02:30",
            "2026-10-25 01:59:59",
            "2026-10-25 03:00",
            "2026-03-29 02:30",
            "2026-03-29 01:59:59",
            "2026-03-29 03:00",
            "2026-10-24 23:00",
            "2026-10-26 00:00",
            "25/10/2026 02:30:00",
        ] {
            assert_eq!(parse_timestamp_cached(s, &mut cache), parse_timestamp(s, Paris), "{s}");
        }
    }

    #[test]
    fn dates_outside_1970_2100_are_out_of_range() {
        // The date as written decides: 1970-01-01 00:30 in Paris is 1969-12-31 23:30 UTC and
        // is accepted; 1969-12-31 23:59 and 2101-01-01 00:00 are not, in every form and path.
        let mut cache = ZoneCache::new(Paris);
        for s in [
            "0001-01-01 00:00:00",
            "1969-12-31 23:59",
            "2101-01-01T00:00:00Z",
            "31/12/1969 10:00",
            "9999-12-31 23:59:59",
        ] {
            assert_eq!(parse_timestamp(s, Paris), Err(TimestampError::OutOfRange), "{s}");
            assert_eq!(parse_timestamp_cached(s, &mut cache), Err(TimestampError::OutOfRange), "{s}");
        }
        assert_eq!(parse_rfc3339_seconds(b"0001-01-01T00:00:00Z"), None);
        assert_eq!(parse_rfc3339_seconds(b"1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_timestamp("1970-01-01 00:30", Paris), Ok(utc("1969-12-31T23:30:00Z")));
        assert_eq!(parse_timestamp_cached("2100-12-31 23:59:59", &mut cache), Ok(utc("2100-12-31T22:59:59Z")));
        // Invalid dates stay invalid (not out of range).
        assert_eq!(parse_timestamp("0001-02-30 00:00", Paris), Err(TimestampError::Invalid));
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2026-05-14"), NaiveDate::from_ymd_opt(2026, 5, 14));
        assert_eq!(parse_date("14/05/2026"), NaiveDate::from_ymd_opt(2026, 5, 14));
        assert_eq!(parse_date("2026-02-30"), None);
    }

    #[test]
    fn cached_and_plain_parsers_agree_in_odd_zones() {
        // Zones far from UTC or with odd rules (±14 h, half and quarter hours, Apia's skipped
        // day, Troll's two-hour change, Casablanca, Dublin's negative DST), random years
        // 0–9999, invalid months, days, hours, minutes and seconds, and dates that come back
        // often (the date-text cache). A deterministic xorshift: the same strings every run.
        let zones = [
            Paris,
            chrono_tz::Pacific::Kiritimati,
            chrono_tz::America::Adak,
            chrono_tz::Australia::Lord_Howe,
            chrono_tz::Etc::GMTPlus12,
            chrono_tz::Etc::GMTMinus14,
            chrono_tz::Asia::Kathmandu,
            chrono_tz::America::St_Johns,
            chrono_tz::Antarctica::Troll,
            chrono_tz::Africa::Casablanca,
            chrono_tz::Europe::Dublin,
            chrono_tz::Pacific::Apia,
            chrono_tz::UTC,
        ];
        let mut seed: u64 = 0x1234_5678;
        let mut rnd = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for zone in zones {
            let mut cache = ZoneCache::new(zone);
            let mut expected = 0;
            let mut dates: Vec<String> = Vec::new();
            for _ in 0..8_000 {
                let date = if !dates.is_empty() && rnd(3) > 0 {
                    dates[rnd(dates.len() as u64) as usize].clone()
                } else {
                    let y = match rnd(6) {
                        0 => rnd(10_000),
                        1 => 1800 + rnd(100),
                        2 => 2011,
                        3 => 9999,
                        4 => 0,
                        _ => 2026,
                    };
                    let d = format!("{y:04}-{:02}-{:02}", rnd(14), rnd(33));
                    dates.push(d.clone());
                    if dates.len() > 300 {
                        dates.remove(0);
                    }
                    d
                };
                let sep = [' ', 'T', 't'][rnd(3) as usize];
                let text = format!("{date}{sep}{:02}:{:02}:{:02}", rnd(26), rnd(61), rnd(61));
                assert_eq!(parse_timestamp_cached(&text, &mut cache), parse_timestamp(&text, zone), "{zone:?} {text}");
                expected += occurs_twice(&text, zone);
            }
            assert_eq!(cache.repeated.count, expected, "{zone:?}");
        }
    }

    /// 1 when `text` is a naive time in range that occurs twice in `zone`, else 0 (by the
    /// zone's rules, not the cache).
    fn occurs_twice(text: &str, zone: Tz) -> u64 {
        match parse_parts(text.as_bytes()) {
            Some((naive, None)) if in_range(naive.date()) => {
                u64::from(matches!(zone.from_local_datetime(&naive), LocalResult::Ambiguous(..)))
            }
            _ => 0,
        }
    }
}
