//! The items of a finding: one thing a commitment was measured on, its verdict and its
//! measured values. Most checks give a few dozen items and keep their values in a JSON map;
//! the resolution check gives one item per ticket (hundreds of thousands on a large history),
//! so it keeps typed fields and renders them on demand: same JSON, a fraction of the memory
//! and time.

use std::borrow::Cow;

use chrono::{DateTime, Datelike, SecondsFormat, Timelike, Utc};
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
}

impl ResolutionValues {
    fn serialize_entries<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        m.serialize_entry("measured_minutes", &self.measured_minutes)?;
        m.serialize_entry("target_minutes", &self.target_minutes)?;
        m.serialize_entry("created_at", &Rfc3339(self.created_at))?;
        m.serialize_entry("resolved_at", &self.resolved_at.map(Rfc3339))?;
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

/// A UTC instant written as `DateTime::to_rfc3339` writes it (`2026-10-05T07:00:00+00:00`,
/// fractions only when there are some), without an allocation in the common case.
struct Rfc3339(DateTime<Utc>);

impl Serialize for Rfc3339 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        let year = t.year();
        if t.nanosecond() != 0 || !(0..=9999).contains(&year) {
            return serializer.serialize_str(&t.to_rfc3339_opts(SecondsFormat::AutoSi, false));
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
        digits(&mut out[5..7], t.month());
        out[7] = b'-';
        digits(&mut out[8..10], t.day());
        out[10] = b'T';
        digits(&mut out[11..13], t.hour());
        out[13] = b':';
        digits(&mut out[14..16], t.minute());
        out[16] = b':';
        digits(&mut out[17..19], t.second());
        out[19..25].copy_from_slice(b"+00:00");
        match std::str::from_utf8(&out) {
            Ok(s) => serializer.serialize_str(s),
            // only ASCII digits and separators were written: never taken
            Err(_) => serializer.serialize_str(&t.to_rfc3339()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;

    fn json_of(t: DateTime<Utc>) -> String {
        serde_json::to_string(&Rfc3339(t)).unwrap()
    }

    #[test]
    fn instants_are_written_as_chrono_writes_them() {
        // The fast path and chrono's own writer must agree, fractions and far years included.
        for t in [
            Utc.with_ymd_and_hms(2026, 10, 25, 1, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(1999, 1, 2, 3, 4, 5).unwrap(),
            Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 59).unwrap() + chrono::Duration::milliseconds(250),
            Utc.with_ymd_and_hms(12026, 3, 29, 0, 0, 0).unwrap(),
        ] {
            assert_eq!(json_of(t), format!("\"{}\"", t.to_rfc3339()));
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
            want.insert("created_at".into(), json!("2026-10-05T07:00:00+00:00"));
            want.insert("resolved_at".into(), json!(resolved.map(|_| "2026-10-06T13:00:00+00:00")));
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
