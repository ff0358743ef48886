//! Business calendars (SPEC §1.2): opening hours on working days in a time zone, public
//! holidays, business time between two instants, and working-day arithmetic. Business time is
//! counted in the calendar's own zone, so daylight saving is the zone's business; every
//! interval is half-open, [start, end).

pub mod data;
pub mod fast;
pub mod holidays;
pub mod windows;

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Timelike, Utc,
};
use chrono_tz::Tz;
use std::sync::LazyLock;

pub use data::{calendar_names, holiday_set_names};
pub use fast::{BusinessClock, BusinessTime};
pub use holidays::Holidays;

/// A business calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    /// Its name (`paris-support`, ...).
    pub name: String,
    /// The zone its hours are in.
    pub zone: Tz,
    /// Opening time on a working day.
    pub open: NaiveTime,
    /// Closing time (exclusive) on a working day; 00:00 closes at the end of the day (`24:00`).
    pub close: NaiveTime,
    /// Working weekdays, Monday first.
    pub weekdays: [bool; 7],
    /// Public holidays (no business time).
    pub holidays: Holidays,
}

/// The built-in calendar names (`calendars/calendars.toml`, in name order); the same list as
/// [`calendar_names`].
pub static CALENDARS: LazyLock<&'static [&'static str]> = LazyLock::new(calendar_names);

impl Calendar {
    /// A built-in calendar by name (`calendars/calendars.toml`, parsed once).
    pub fn builtin(name: &str) -> Option<Calendar> {
        data::builtin_calendars().iter().find(|c| c.name == name).cloned()
    }

    /// Whether `d` is a working day (a working weekday that is not a holiday).
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        self.weekdays[d.weekday().num_days_from_monday() as usize] && !self.holidays.contains(d)
    }

    /// The business hours of day `d` as a UTC interval, if `d` is a working day.
    pub fn day_window(&self, d: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        if !self.is_working_day(d) {
            return None;
        }
        let start = resolve_local(self.zone, d.and_time(self.open));
        let end = if self.closes_at_midnight() {
            resolve_local(self.zone, d.succ_opt()?.and_time(NaiveTime::MIN))
        } else {
            resolve_local(self.zone, d.and_time(self.close))
        };
        (start < end).then_some((start, end))
    }

    /// Business seconds in [a, b); zero when b ≤ a.
    pub fn business_seconds(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        if b <= a {
            return 0;
        }
        let first = a.with_timezone(&self.zone).date_naive();
        let last = b.with_timezone(&self.zone).date_naive();
        let mut total = 0;
        let mut d = first;
        while d <= last {
            if let Some((ws, we)) = self.day_window(d) {
                let s = ws.max(a);
                let e = we.min(b);
                if s < e {
                    total += (e - s).num_seconds();
                }
            }
            match d.succ_opt() {
                Some(n) => d = n,
                None => break,
            }
        }
        total
    }

    /// The first business instant at or after `t` (`t` itself when inside business hours).
    pub fn next_business_instant(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        let mut d = t.with_timezone(&self.zone).date_naive();
        for _ in 0..3700 {
            if let Some((ws, we)) = self.day_window(d) {
                if t < we {
                    return ws.max(t);
                }
            }
            match d.succ_opt() {
                Some(n) => d = n,
                None => break,
            }
        }
        t
    }

    /// The same local time on the `n`th working day after `t`'s local date.
    pub fn add_working_days(&self, t: DateTime<Utc>, n: u32) -> DateTime<Utc> {
        let local = t.with_timezone(&self.zone).naive_local();
        let mut d = local.date();
        let mut left = n;
        let mut guard = 0;
        while left > 0 && guard < 3700 * 10 {
            guard += 1;
            match d.succ_opt() {
                Some(next) => d = next,
                None => break,
            }
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        resolve_local(self.zone, d.and_time(local.time()))
    }

    /// Hours per working day, e.g. 10 for 08:30–18:30 (24 for 00:00–24:00; a day that daylight
    /// saving makes longer or shorter counts its real length in business time).
    pub fn hours_per_day(&self) -> f64 {
        if self.closes_at_midnight() {
            return (24 * 60 - (self.open - NaiveTime::MIN).num_minutes()) as f64 / 60.0;
        }
        (self.close - self.open).num_minutes() as f64 / 60.0
    }

    /// Whether the working day runs to midnight (`24:00`, held as a closing time of 00:00).
    pub fn closes_at_midnight(&self) -> bool {
        self.close == NaiveTime::MIN
    }

    /// The working weekdays: `Mon–Fri`, `every day`, or a list (`Sat, Sun`).
    pub fn days_text(&self) -> String {
        const NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        match self.weekdays {
            [true, true, true, true, true, false, false] => "Mon–Fri".to_string(),
            [true, true, true, true, true, true, true] => "every day".to_string(),
            days => NAMES.iter().zip(days).filter(|(_, on)| *on).map(|(n, _)| *n).collect::<Vec<_>>().join(", "),
        }
    }

    /// The opening hours as written, `08:30–18:30` or `00:00–24:00`.
    pub fn hours_text(&self) -> String {
        let close =
            if self.closes_at_midnight() { "24:00".to_string() } else { self.close.format("%H:%M").to_string() };
        format!("{}–{close}", self.open.format("%H:%M"))
    }
}

/// `t + d`, held at the end of chrono's range (about year ±262,000) rather than overflowing:
/// an instant computed from a contract's parameter or an input's timestamp never panics, and a
/// deadline past the range is one that is never reached.
pub fn later(t: DateTime<Utc>, d: TimeDelta) -> DateTime<Utc> {
    t.checked_add_signed(d).unwrap_or(if d < TimeDelta::zero() {
        DateTime::<Utc>::MIN_UTC
    } else {
        DateTime::<Utc>::MAX_UTC
    })
}

/// `t - d`, held at the end of chrono's range as [`later`] is.
pub fn earlier(t: DateTime<Utc>, d: TimeDelta) -> DateTime<Utc> {
    later(t, -d)
}

/// `n` days as a duration, held at the longest one chrono has (±292 million years).
pub fn days(n: i64) -> TimeDelta {
    TimeDelta::try_days(n).unwrap_or(if n < 0 { TimeDelta::MIN } else { TimeDelta::MAX })
}

/// `n` minutes as a duration, held as [`days`] is.
pub fn minutes(n: i64) -> TimeDelta {
    TimeDelta::try_minutes(n).unwrap_or(if n < 0 { TimeDelta::MIN } else { TimeDelta::MAX })
}

/// A naive local time in `zone`: the earlier instant when ambiguous, `None` when nonexistent.
pub fn local_to_utc(zone: Tz, naive: NaiveDateTime) -> Option<DateTime<Utc>> {
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, b) => Some(a.min(b).with_timezone(&Utc)),
        LocalResult::None => None,
    }
}

/// A local time in `zone` as an instant: the earlier one when it occurs twice, and the first
/// instant after the gap when it falls in a daylight-saving gap (SPEC §3.4).
pub fn resolve_local(zone: Tz, naive: NaiveDateTime) -> DateTime<Utc> {
    if let Some(t) = local_to_utc(zone, naive) {
        return t;
    }
    // In a gap: the first local minute that exists is the transition instant.
    let mut probe = naive.with_second(0).unwrap_or(naive);
    for _ in 0..24 * 60 {
        let Some(next) = probe.checked_add_signed(Duration::minutes(1)) else { break };
        probe = next;
        if let Some(t) = local_to_utc(zone, probe) {
            return t;
        }
    }
    naive.and_utc()
}

#[cfg(test)]
mod tests;
