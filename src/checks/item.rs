//! The items of a finding: one thing a commitment was measured on, its verdict and its
//! measured values. Most checks give a few dozen items and keep their values in a JSON map;
//! the resolution check gives one item per ticket (hundreds of thousands on a large history),
//! so it keeps typed fields and renders them on demand: same JSON, a fraction of the memory
//! and time.

use std::borrow::Cow;

use chrono::{DateTime, Datelike, Offset, SecondsFormat, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use compact_str::CompactString;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{Map, Value};

use super::{fmt_duration, Verdict};

/// One thing a commitment was measured on: a ticket, a day, a month, a purge run.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// What it is (`T-1042`, `2026-10-12`, `2026-10/paris`).
    pub subject: String,
    /// Its verdict.
    pub verdict: Verdict,
    /// Measured values, named as in SPEC §4.1 (flattened into the item in JSON).
    pub values: Values,
    /// One line for detailed tables; empty for typed values, which make their own (see
    /// [`Item::detail`]).
    pub detail: String,
}

impl Item {
    /// The one-line detail, whichever way the values are kept.
    pub fn detail(&self) -> Cow<'_, str> {
        match &self.values {
            Values::Map(_) => Cow::Borrowed(&self.detail),
            Values::Resolution(r) => Cow::Owned(r.detail()),
        }
    }
}

/// JSON: `subject`, `verdict`, then the measured values, in one object.
impl Serialize for Item {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut m = serializer.serialize_map(None)?;
        m.serialize_entry("subject", &self.subject)?;
        m.serialize_entry("verdict", &self.verdict)?;
        match &self.values {
            Values::Map(map) => {
                for (k, v) in map {
                    m.serialize_entry(k, v)?;
                }
            }
            Values::Resolution(r) => r.serialize_entries(&mut m)?,
        }
        m.end()
    }
}

/// The measured values of an item.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// Named values, in the order given.
    Map(Map<String, Value>),
    /// One ticket's resolution time (SPEC §3.1).
    Resolution(ResolutionValues),
}

impl Values {
    /// The values as a JSON map (built for typed values), for formats that list columns.
    pub fn to_map(&self) -> Cow<'_, Map<String, Value>> {
        match self {
            Values::Map(m) => Cow::Borrowed(m),
            Values::Resolution(r) => Cow::Owned(r.to_map()),
        }
    }
}

impl From<Map<String, Value>> for Values {
    fn from(m: Map<String, Value>) -> Values {
        Values::Map(m)
    }
}

/// `values["key"]` in tests, on map values only.
#[cfg(test)]
impl std::ops::Index<&str> for Values {
    type Output = Value;
    fn index(&self, key: &str) -> &Value {
        match self {
            Values::Map(m) => &m[key],
            Values::Resolution(_) => panic!("typed values: use to_map()"),
        }
    }
}

/// One ticket's resolution time.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolutionValues {
    /// Business minutes while the vendor held the clock (rounded up).
    pub measured_minutes: i64,
    /// The target, if the booklet sets one for the severity.
    pub target_minutes: Option<i64>,
    /// Creation.
    pub created_at: DateTime<Utc>,
    /// Resolution, if resolved.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Subject of the ticket, if given (kept as the ticket's clock keeps it: short ones inline).
    pub title: Option<CompactString>,
    /// The profile's zone: the instants are written as its local times.
    pub zone: Tz,
}

impl ResolutionValues {
    fn serialize_entries<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        m.serialize_entry("measured_minutes", &self.measured_minutes)?;
        m.serialize_entry("target_minutes", &self.target_minutes)?;
        m.serialize_entry("created_at", &Rfc3339(self.created_at, self.zone))?;
        m.serialize_entry("resolved_at", &self.resolved_at.map(|t| Rfc3339(t, self.zone)))?;
        if let Some(t) = &self.title {
            m.serialize_entry("title", t.as_str())?;
        }
        Ok(())
    }

    /// The same entries as a map: written by [`ResolutionValues::serialize_entries`], so the
    /// two forms cannot drift apart.
    fn to_map(&self) -> Map<String, Value> {
        struct Entries<'a>(&'a ResolutionValues);
        impl Serialize for Entries<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut m = serializer.serialize_map(Some(5))?;
                self.0.serialize_entries(&mut m)?;
                m.end()
            }
        }
        // Integers, strings and nulls only: turning them into a value cannot fail.
        match serde_json::to_value(Entries(self)) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        }
    }

    /// "26 h 07 of 15 h 00 (resolved)".
    fn detail(&self) -> String {
        let target = self.target_minutes.map_or("no target".to_string(), fmt_duration);
        let state = if self.resolved_at.is_some() { "resolved" } else { "unresolved" };
        format!("{} of {target} ({state})", fmt_duration(self.measured_minutes))
    }
}

/// An instant written as a local time of a zone, as `t.with_timezone(&zone).to_rfc3339()`
/// writes it (`2026-10-05T09:00:00+02:00`, fractions only when there are some), without an
/// allocation in the common case: the resolution check gives one item per ticket.
pub(crate) struct Rfc3339(pub DateTime<Utc>, pub Tz);

impl Serialize for Rfc3339 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Rfc3339(t, zone) = *self;
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;

    fn json_of(t: DateTime<Utc>, zone: Tz) -> String {
        serde_json::to_string(&Rfc3339(t, zone)).unwrap()
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

    #[test]
    fn typed_values_serialise_like_their_map() {
        let created = Utc.with_ymd_and_hms(2026, 10, 5, 7, 0, 0).unwrap();
        for (resolved, title) in [(Some(created + chrono::Duration::hours(30)), Some("Paie")), (None, None)] {
            let r = ResolutionValues {
                measured_minutes: 1567,
                target_minutes: Some(900),
                created_at: created,
                resolved_at: resolved,
                title: title.map(CompactString::from),
                zone: chrono_tz::Europe::Paris,
            };
            let typed = Item {
                subject: "T-1".into(),
                verdict: Verdict::Fail,
                values: Values::Resolution(r.clone()),
                detail: String::new(),
            };
            // The map as the other formats list it, written out by hand.
            let mut want = serde_json::Map::new();
            want.insert("measured_minutes".into(), json!(1567));
            want.insert("target_minutes".into(), json!(900));
            want.insert("created_at".into(), json!("2026-10-05T09:00:00+02:00"));
            want.insert("resolved_at".into(), json!(resolved.map(|_| "2026-10-06T15:00:00+02:00")));
            if let Some(t) = title {
                want.insert("title".into(), json!(t));
            }
            assert_eq!(r.to_map(), want);
            let map = Item { values: Values::Map(want), ..typed.clone() };
            assert_eq!(serde_json::to_string(&typed).unwrap(), serde_json::to_string(&map).unwrap());
        }
    }

    #[test]
    fn typed_detail_reads_like_a_table_line() {
        // 1567 min = 26 h 07; target 900 min = 15 h 00.
        let r = ResolutionValues {
            measured_minutes: 1567,
            target_minutes: Some(900),
            created_at: Utc.with_ymd_and_hms(2026, 10, 5, 7, 0, 0).unwrap(),
            resolved_at: None,
            title: None,
            zone: chrono_tz::Europe::Paris,
        };
        let item = Item {
            subject: "T-1".into(),
            verdict: Verdict::Fail,
            values: Values::Resolution(r),
            detail: String::new(),
        };
        assert_eq!(item.detail(), "26 h 07 of 15 h 00 (unresolved)");
    }
}
