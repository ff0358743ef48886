//! Recurring windows (maintenance windows): a time range on some weekdays, in a zone. An
//! occurrence is the half-open interval [day + start, day + end) in that zone's civil time.
//! [`IntervalSet`] is the interval arithmetic the availability and maintenance checks use:
//! union (overlapping downtime rows never count a minute twice), intersection with windows,
//! difference, and the measure of a set in elapsed or business time.

use chrono::{DateTime, Datelike, NaiveTime, Utc};
use chrono_tz::Tz;

use super::{resolve_local, Calendar};

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

/// The union of the occurrences of `windows` that overlap [from, to), unclipped: an
/// occurrence that began before `from` is whole, so containment can be tested against it.
pub fn occurrence_set(
    windows: &[RecurringWindow],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> IntervalSet<DateTime<Utc>> {
    IntervalSet::from_spans(windows.iter().flat_map(|w| w.occurrences(from, to)))
}

/// A set of points as sorted, disjoint, non-touching half-open intervals [a, b). Building it
/// merges overlapping, nested and touching spans, so a point is never counted twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntervalSet<T> {
    spans: Vec<(T, T)>,
}

impl<T> Default for IntervalSet<T> {
    fn default() -> Self {
        IntervalSet { spans: Vec::new() }
    }
}

impl<T: Ord + Copy> IntervalSet<T> {
    /// The set covering the given spans; empty spans (b ≤ a) are ignored.
    pub fn from_spans(spans: impl IntoIterator<Item = (T, T)>) -> Self {
        let mut v: Vec<(T, T)> = spans.into_iter().filter(|(a, b)| a < b).collect();
        v.sort_unstable();
        let mut merged: Vec<(T, T)> = Vec::with_capacity(v.len());
        for (a, b) in v {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        IntervalSet { spans: merged }
    }

    /// The spans, sorted and disjoint.
    pub fn spans(&self) -> &[(T, T)] {
        &self.spans
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Points in either set.
    pub fn union(&self, other: &Self) -> Self {
        Self::from_spans(self.spans.iter().chain(other.spans.iter()).copied())
    }

    /// Points in both sets.
    pub fn intersection(&self, other: &Self) -> Self {
        let (mut i, mut j) = (0, 0);
        let mut out = Vec::new();
        while i < self.spans.len() && j < other.spans.len() {
            let (a0, a1) = self.spans[i];
            let (b0, b1) = other.spans[j];
            let (s, e) = (a0.max(b0), a1.min(b1));
            if s < e {
                out.push((s, e));
            }
            if a1 <= b1 {
                i += 1;
            } else {
                j += 1;
            }
        }
        IntervalSet { spans: out }
    }

    /// Points of `self` not in `other`.
    pub fn difference(&self, other: &Self) -> Self {
        let mut out = Vec::new();
        let mut j = 0;
        for &(a0, a1) in &self.spans {
            let mut start = a0;
            while j < other.spans.len() && other.spans[j].1 <= start {
                j += 1;
            }
            let mut k = j;
            while k < other.spans.len() && other.spans[k].0 < a1 {
                let (b0, b1) = other.spans[k];
                if b0 > start {
                    out.push((start, b0));
                }
                start = start.max(b1);
                if start >= a1 {
                    break;
                }
                k += 1;
            }
            if start < a1 {
                out.push((start, a1));
            }
        }
        IntervalSet { spans: out }
    }

    /// The part of the set inside [from, to).
    pub fn clip(&self, from: T, to: T) -> Self {
        self.intersection(&Self::from_spans([(from, to)]))
    }

    /// Whether [a, b) lies inside one span of the set (an empty [a, a) inside or at the edge
    /// of one).
    pub fn covers(&self, a: T, b: T) -> bool {
        self.spans.iter().any(|&(s, e)| s <= a && b <= e)
    }

    /// The sum of `measure(a, b)` over the spans.
    pub fn measure(&self, measure: impl Fn(T, T) -> i64) -> i64 {
        self.spans.iter().map(|&(a, b)| measure(a, b)).sum()
    }
}

impl IntervalSet<DateTime<Utc>> {
    /// Elapsed seconds in the set.
    pub fn seconds(&self) -> i64 {
        self.measure(|a, b| (b - a).num_seconds())
    }

    /// Seconds of the set inside `cal`'s business hours.
    pub fn business_seconds(&self, cal: &Calendar) -> i64 {
        self.measure(|a, b| cal.business_seconds(a, b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Paris;
    use proptest::prelude::*;

    fn set(spans: &[(i64, i64)]) -> IntervalSet<i64> {
        IntervalSet::from_spans(spans.iter().copied())
    }

    fn len(s: &IntervalSet<i64>) -> i64 {
        s.measure(|a, b| b - a)
    }

    fn p(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Paris.with_ymd_and_hms(y, mo, d, h, mi, 0).earliest().unwrap().with_timezone(&Utc)
    }

    #[test]
    fn nested_overlapping_and_touching_rows_merge() {
        // [0,40) holds [20,30) (nested); [35,50) overlaps it; [50,60) touches; [70,80) apart.
        // Union: [0,60) + [70,80) = 60 + 10 = 70, although the rows sum to 40+10+15+10+10 = 85.
        let s = set(&[(50, 60), (0, 40), (20, 30), (35, 50), (70, 80), (5, 5)]);
        assert_eq!(s.spans(), &[(0, 60), (70, 80)]);
        assert_eq!(len(&s), 70);
    }

    #[test]
    fn intersection_difference_clip() {
        let a = set(&[(0, 10), (20, 30)]);
        let b = set(&[(5, 25)]);
        // ∩: [5,10) + [20,25); a − b: [0,5) + [25,30); b − a: [10,20).
        assert_eq!(a.intersection(&b).spans(), &[(5, 10), (20, 25)]);
        assert_eq!(a.difference(&b).spans(), &[(0, 5), (25, 30)]);
        assert_eq!(b.difference(&a).spans(), &[(10, 20)]);
        assert_eq!(a.clip(8, 22).spans(), &[(8, 10), (20, 22)]);
        assert!(a.covers(20, 30) && a.covers(30, 30) && !a.covers(5, 25));
    }

    #[test]
    fn seconds_across_the_autumn_dst_change() {
        // 2026-10-25 01:30 CEST (23:30Z) → 04:00 CET (03:00Z): 02:00–03:00 happens twice,
        // so the span is 3 h 30 = 210 min of real time, not the 150 the wall clock suggests.
        let s = IntervalSet::from_spans([(p(2026, 10, 25, 1, 30), p(2026, 10, 25, 4, 0))]);
        assert_eq!(s.seconds(), 210 * 60);
    }

    #[test]
    fn business_seconds_of_a_set() {
        // sprint-prt, Mon–Fri 07:00–20:00 Paris. Tue 2026-10-06 06:30–08:30 → 07:00–08:30 = 90;
        // plus Sat 2026-10-10 10:00–12:00 → 0; plus Wed 2026-11-11 (holiday) → 0. Total 90 min.
        let cal = Calendar::builtin("sprint-prt").unwrap();
        let s = IntervalSet::from_spans([
            (p(2026, 10, 6, 6, 30), p(2026, 10, 6, 8, 30)),
            (p(2026, 10, 10, 10, 0), p(2026, 10, 10, 12, 0)),
            (p(2026, 11, 11, 9, 0), p(2026, 11, 11, 12, 0)),
        ]);
        assert_eq!(s.business_seconds(&cal), 90 * 60);
    }

    #[test]
    fn sprint_window_in_winter_and_summer() {
        // 00:00–07:00 UTC every day ends at 08:00 Paris in winter (CET) and 09:00 in summer.
        let w = RecurringWindow {
            weekdays: [true; 7],
            start: NaiveTime::MIN,
            end: NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
            zone: chrono_tz::UTC,
            label: "00:00–07:00 GMT".into(),
        };
        let jan = occurrence_set(std::slice::from_ref(&w), p(2026, 1, 13, 6, 30), p(2026, 1, 13, 8, 30));
        assert_eq!(jan.spans(), &[(p(2026, 1, 13, 1, 0), p(2026, 1, 13, 8, 0))]);
        let jul = occurrence_set(&[w], p(2026, 7, 7, 6, 30), p(2026, 7, 7, 8, 30));
        assert_eq!(jul.spans(), &[(p(2026, 7, 7, 2, 0), p(2026, 7, 7, 9, 0))]);
    }

    fn spans_strategy() -> impl Strategy<Value = Vec<(i64, i64)>> {
        prop::collection::vec((0i64..200, 0i64..40).prop_map(|(a, l)| (a, a + l)), 0..12)
    }

    proptest! {
        #[test]
        fn set_laws(xs in spans_strategy(), ys in spans_strategy()) {
            let a = set(&xs);
            let b = set(&ys);
            // Union is no longer than the rows' sum, and merging again changes nothing.
            prop_assert!(len(&a) <= xs.iter().map(|(s, e)| e - s).sum::<i64>());
            prop_assert_eq!(IntervalSet::from_spans(a.spans().iter().copied()), a.clone());
            // Spans are sorted, non-empty and neither overlap nor touch.
            for w in a.spans().windows(2) {
                prop_assert!(w[0].1 < w[1].0);
            }
            prop_assert!(a.spans().iter().all(|(s, e)| s < e));
            // Inclusion–exclusion, and a − b is a minus its overlap with b.
            prop_assert_eq!(len(&a.union(&b)), len(&a) + len(&b) - len(&a.intersection(&b)));
            prop_assert_eq!(len(&a.difference(&b)), len(&a) - len(&a.intersection(&b)));
            // Point by point against the rows.
            for x in 0..240 {
                let in_a = xs.iter().any(|&(s, e)| s <= x && x < e);
                let in_b = ys.iter().any(|&(s, e)| s <= x && x < e);
                let member = |s: &IntervalSet<i64>| s.spans().iter().any(|&(p, q)| p <= x && x < q);
                prop_assert_eq!(member(&a), in_a);
                prop_assert_eq!(member(&a.intersection(&b)), in_a && in_b);
                prop_assert_eq!(member(&a.difference(&b)), in_a && !in_b);
            }
        }
    }
}
