//! The one writer of the report's instants: a UTC instant and the profile's zone, written as
//! the local time of the zone in RFC 3339, as `t.with_timezone(&zone).to_rfc3339()` writes it.

use chrono::{DateTime, Datelike, Offset, SecondsFormat, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use serde::ser::Serializer;
use serde::Serialize;

/// An instant written as a local time of a zone, as `t.with_timezone(&zone).to_rfc3339()`
/// writes it (`2026-10-05T09:00:00+02:00`, fractions only when there are some), without an
/// allocation in the common case: the resolution check gives one item per ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instant {
    /// The instant.
    pub at: DateTime<Utc>,
    /// The zone it is written in (the profile's).
    pub zone: Tz,
}

impl Instant {
    /// `at`, to be written in `zone`.
    pub fn new(at: DateTime<Utc>, zone: Tz) -> Instant {
        Instant { at, zone }
    }

    /// The text the report gives it (`2026-10-05T09:00:00+02:00`).
    pub fn text(&self) -> String {
        self.local().to_rfc3339()
    }

    /// The local time in its zone.
    pub fn local(&self) -> DateTime<Tz> {
        self.at.with_timezone(&self.zone)
    }

    /// The local time with its offset.
    pub fn fixed(&self) -> DateTime<chrono::FixedOffset> {
        self.local().fixed_offset()
    }
}

/// As the report writes it.
impl std::fmt::Display for Instant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Instant { at: t, zone } = *self;
        let offset = zone.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc();
        let local = t.naive_utc() + chrono::Duration::seconds(i64::from(offset));
        let year = local.year();
        if t.nanosecond() != 0 || !(0..=9999).contains(&year) || offset % 60 != 0 {
            let text = t.with_timezone(&zone).to_rfc3339_opts(SecondsFormat::AutoSi, false);
            return serializer.serialize_str(&text);
        }
        let mut out = [0u8; 25];
        let digits = |out: &mut [u8], v: u32| {
            let n = out.len();
            let mut v = v;
            for i in (0..n).rev() {
                out[i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
        };
        digits(&mut out[0..4], year as u32);
        out[4] = b'-';
        digits(&mut out[5..7], local.month());
        out[7] = b'-';
        digits(&mut out[8..10], local.day());
        out[10] = b'T';
        digits(&mut out[11..13], local.hour());
        out[13] = b':';
        digits(&mut out[14..16], local.minute());
        out[16] = b':';
        digits(&mut out[17..19], local.second());
        out[19] = if offset < 0 { b'-' } else { b'+' };
        let minutes = offset.unsigned_abs() / 60;
        digits(&mut out[20..22], minutes / 60);
        out[22] = b':';
        digits(&mut out[23..25], minutes % 60);
        match std::str::from_utf8(&out) {
            Ok(s) => serializer.serialize_str(s),
            // only ASCII digits and separators were written: never taken
            Err(_) => serializer.serialize_str(&t.with_timezone(&zone).to_rfc3339()),
        }
    }
}

/// An RFC 3339 text as an instant of Paris, for the hand-built reports of the tests.
#[cfg(test)]
impl From<&str> for Instant {
    fn from(text: &str) -> Instant {
        let t = DateTime::parse_from_rfc3339(text).expect("an RFC 3339 instant");
        Instant::new(t.with_timezone(&Utc), chrono_tz::Europe::Paris)
    }
}

/// A local day, written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(pub chrono::NaiveDate);

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_of(t: DateTime<Utc>, zone: Tz) -> String {
        serde_json::to_string(&Instant::new(t, zone)).unwrap()
    }

    #[test]
    fn instants_are_written_in_the_zone_as_chrono_writes_them() {
        use chrono_tz::{America::St_Johns, Asia::Kolkata, Europe::Paris, UTC};
        // 09:00 in Paris in summer; 02:00 in winter, the first instant after the fold.
        assert_eq!(
            json_of(Utc.with_ymd_and_hms(2026, 10, 5, 7, 0, 0).unwrap(), Paris),
            "\"2026-10-05T09:00:00+02:00\""
        );
        assert_eq!(
            json_of(Utc.with_ymd_and_hms(2026, 10, 25, 1, 0, 0).unwrap(), Paris),
            "\"2026-10-25T02:00:00+01:00\""
        );
        assert_eq!(
            json_of(Utc.with_ymd_and_hms(2026, 1, 1, 2, 0, 0).unwrap(), St_Johns),
            "\"2025-12-31T22:30:00-03:30\""
        );
        // The fast path and chrono's own writer must agree: both sides of the changes of time,
        // negative and half-hour offsets, a date crossed by the offset, fractions, far years,
        // and Paris's mean time of 1890 (+00:09:21, seconds in the offset).
        for t in [
            Utc.with_ymd_and_hms(2026, 10, 25, 0, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(2026, 10, 25, 1, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(1999, 1, 2, 3, 4, 5).unwrap(),
            Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 59).unwrap() + chrono::Duration::milliseconds(250),
            Utc.with_ymd_and_hms(12026, 3, 29, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(1890, 6, 1, 12, 0, 0).unwrap(),
        ] {
            for zone in [Paris, UTC, St_Johns, Kolkata] {
                assert_eq!(json_of(t, zone), format!("\"{}\"", t.with_timezone(&zone).to_rfc3339()), "{t} {zone}");
            }
        }
    }
}
