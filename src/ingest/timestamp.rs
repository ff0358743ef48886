//! Timestamp parsing shared by every reader (SPEC §2): RFC 3339 with an offset, or a naive
//! local time (`YYYY-MM-DD HH:MM[:SS]`, `YYYY-MM-DDTHH:MM[:SS]`, `DD/MM/YYYY HH:MM[:SS]`) read
//! in a time zone. A hand-written byte parser: exact for these forms, and fast on big logs.

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Why a timestamp was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampError {
    /// Not one of the accepted forms, or out of range.
    Invalid,
    /// A naive local time that does not exist in the zone (skipped at a DST change).
    Nonexistent,
}

impl TimestampError {
    /// Short reason for error messages and skip counts.
    pub fn reason(self) -> &'static str {
        match self {
            TimestampError::Invalid => "invalid timestamp",
            TimestampError::Nonexistent => "nonexistent local time",
        }
    }

    /// What was expected instead, for error messages.
    pub fn expected(self, zone: Tz) -> String {
        match self {
            TimestampError::Invalid => "a timestamp such as 2026-10-05T09:12:00+02:00, \
                2026-10-05 09:12[:00] or 05/10/2026 09:12[:00]"
                .to_string(),
            TimestampError::Nonexistent => format!(
                "a local time that exists in {zone} (this one falls in the gap of a daylight-saving change; \
                 give an offset such as +02:00)"
            ),
        }
    }
}

/// Parses a timestamp; naive forms are read in `zone` (ambiguous → earlier instant,
/// nonexistent → error).
pub fn parse_timestamp(s: &str, zone: Tz) -> Result<DateTime<Utc>, TimestampError> {
    let (naive, offset) = parse_parts(s.trim().as_bytes()).ok_or(TimestampError::Invalid)?;
    match offset {
        Some(secs) => {
            let off = FixedOffset::east_opt(secs).ok_or(TimestampError::Invalid)?;
            match off.from_local_datetime(&naive) {
                LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
                _ => Err(TimestampError::Invalid),
            }
        }
        None => local_to_utc(zone, naive).ok_or(TimestampError::Nonexistent),
    }
}

/// A naive local time in `zone`: the earlier instant when ambiguous, `None` when nonexistent.
pub fn local_to_utc(zone: Tz, naive: NaiveDateTime) -> Option<DateTime<Utc>> {
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, b) => Some(a.min(b).with_timezone(&Utc)),
        LocalResult::None => None,
    }
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
        [b'Z' | b'z'] => Some(0),
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
    fn dates() {
        assert_eq!(parse_date("2026-05-14"), NaiveDate::from_ymd_opt(2026, 5, 14));
        assert_eq!(parse_date("14/05/2026"), NaiveDate::from_ymd_opt(2026, 5, 14));
        assert_eq!(parse_date("2026-02-30"), None);
    }
}
