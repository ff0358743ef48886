//! Shared builders for the checks' unit tests: audit contexts and Paris instants. Each
//! family's `tests.rs` then states only its own rows and hand-computed expectations.
//!
//! Test code only: the parent declares this module under #[cfg(test)].

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Europe::Paris;

use super::{Context, Finding, Item, Period};
use crate::calendar::{Calendar, Holidays};
use crate::ingest::InputSummary;

/// A Paris instant from `YYYY-MM-DD HH:MM`.
pub fn paris(s: &str) -> DateTime<Utc> {
    crate::ingest::parse_timestamp(s, Paris).unwrap()
}

/// A Paris wall-clock instant (a fold resolves to the earlier instant).
pub fn paris_at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Paris.with_ymd_and_hms(y, m, d, h, min, 0).earliest().unwrap().with_timezone(&Utc)
}

/// An RFC 3339 instant.
pub fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// The summary of a clean read of `rows` rows of `path`.
pub fn summary(kind: &str, path: &str, rows: u64) -> InputSummary {
    InputSummary { rows, ..InputSummary::empty(kind, path) }
}

/// The item of `f` about `subject`; panics listing the items when there is none.
pub fn item<'a>(f: &'a Finding, subject: &str) -> &'a Item {
    f.items.iter().find(|i| i.subject == subject).unwrap_or_else(|| panic!("no item {subject} in {:#?}", f.items))
}

/// The context of built-in `profile` over [`from`, `to`) seen at `as_of`, with the
/// `paris-support` calendar, French holidays and the booklets' availability base.
pub fn context(profile: &str, from: DateTime<Utc>, to: DateTime<Utc>, as_of: DateTime<Utc>) -> Context {
    Context {
        profile: crate::booklet::builtin(profile).unwrap(),
        period: Period { from, to, as_of },
        support: Calendar::builtin("paris-support").unwrap(),
        holidays: Holidays::builtin("fr").unwrap(),
        default_severity: None,
        availability_base: Default::default(),
    }
}

/// The context of a built-in profile over a `--period`, in its own zone and support calendar.
pub fn ctx_for(profile: &str, period: &str) -> Context {
    let profile = crate::booklet::builtin(profile).unwrap();
    let (from, to) = crate::options::parse_period(period, profile.zone).unwrap();
    let support = Calendar::builtin(&profile.support_calendar).unwrap();
    Context {
        profile,
        period: Period { from, to, as_of: to },
        support,
        holidays: Holidays::builtin("fr").unwrap(),
        default_severity: None,
        availability_base: Default::default(),
    }
}
