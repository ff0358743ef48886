//! Recurring windows (maintenance windows): a time range on some weekdays, in a zone. An
//! occurrence is the half-open interval [day + start, day + end) in that zone's civil time.

use chrono::{DateTime, Datelike, NaiveTime, Utc};
use chrono_tz::Tz;

use super::resolve_local;

/// A window that recurs on some weekdays.
#[derive(Debug, Clone, PartialEq)]
pub struct RecurringWindow {
    /// Weekdays it occurs on, Monday first.
    pub weekdays: [bool; 7],
    /// Local start time.
    pub start: NaiveTime,
    /// Local end time (exclusive); before `start` means the window ends the next day.
    pub end: NaiveTime,
    /// The zone of `start` and `end`.
    pub zone: Tz,
    /// How the booklet words it, for reports.
    pub label: String,
}

impl RecurringWindow {
    /// The occurrences that overlap [from, to), in time order.
    pub fn occurrences(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        let mut out = Vec::new();
        if to <= from {
            return out;
        }
        // Start a day early so an occurrence that began the day before is seen.
        let first = from.with_timezone(&self.zone).date_naive().pred_opt();
        let last = to.with_timezone(&self.zone).date_naive();
        let Some(mut d) = first else { return out };
        while d <= last {
            if self.weekdays[d.weekday().num_days_from_monday() as usize] {
                let s = resolve_local(self.zone, d.and_time(self.start));
                let end_day = if self.end <= self.start { d.succ_opt().unwrap_or(d) } else { d };
                let e = resolve_local(self.zone, end_day.and_time(self.end));
                if s < to && e > from && s < e {
                    out.push((s, e));
                }
            }
            match d.succ_opt() {
                Some(n) => d = n,
                None => break,
            }
        }
        out
    }
}
