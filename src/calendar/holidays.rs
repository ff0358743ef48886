//! Public holidays as data: a holiday set is a list of rules (a fixed day, the nth weekday of
//! a month, or a day counted from Easter Sunday; optionally moved off a weekend and limited
//! to some years), read from TOML by [`super::data`]. The built-in sets (`fr`,
//! `fr-alsace-moselle`, `us-federal`, `none`) are `calendars/holidays.toml`.
//!
//! Every set's dates from 1970-01-01 to 2101-01-01 (every date an input may hold, and a day
//! more for offsets) are computed once, when the set is built, into a bitset: a lookup in
//! the hot paths (a calendar's day windows) is one shift and one mask. Dates outside that
//! span are computed from the rules on the fly.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// How a holiday that falls on a weekend is moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Observed {
    /// Not moved.
    None,
    /// Saturday → the Friday before, Sunday → the Monday after (US, 5 U.S.C. 6103(b)); may
    /// cross into the previous year (New Year's Day 2022, a Saturday, on Fri 2021-12-31).
    NearestWeekday,
    /// Saturday or Sunday → the following Monday.
    NextMonday,
}

impl Observed {
    /// The name used in the data (`none`, `nearest-weekday`, `next-monday`).
    pub fn name(self) -> &'static str {
        match self {
            Observed::None => "none",
            Observed::NearestWeekday => "nearest-weekday",
            Observed::NextMonday => "next-monday",
        }
    }
}

/// The day a rule names in a year, before it is moved off a weekend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A fixed day of the year (`date = "MM-DD"`); 02-29 only in leap years.
    Fixed {
        /// 1 to 12.
        month: u32,
        /// 1 to 31 (valid for the month).
        day: u32,
    },
    /// The `nth` `weekday` of `month` (`nth = -1`: the last); a fifth one that does not
    /// exist gives no holiday that year.
    Nth {
        /// 1 to 12.
        month: u32,
        /// The weekday.
        weekday: Weekday,
        /// 1 to 5, or -1 for the last.
        nth: i8,
    },
    /// `n` days after Easter Sunday (Gregorian), -100 to 100.
    Easter(i32),
}

/// One holiday rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The holiday's name (`Easter Monday`).
    pub name: Arc<str>,
    /// The day.
    pub when: When,
    /// How a weekend day is moved.
    pub observed: Observed,
    /// First year the rule applies (inclusive).
    pub from: Option<i32>,
    /// Last year the rule applies (inclusive).
    pub until: Option<i32>,
}

/// The years rules are evaluated in: the Gregorian calendar's (Easter) to 9999.
pub const YEARS: std::ops::RangeInclusive<i32> = 1583..=9999;

impl Rule {
    /// The (observed) date of the holiday of year `year`, if it has one that year.
    pub fn date(&self, year: i32) -> Option<NaiveDate> {
        if !YEARS.contains(&year) || self.from.is_some_and(|f| year < f) || self.until.is_some_and(|u| year > u) {
            return None;
        }
        let d = match self.when {
            When::Fixed { month, day } => NaiveDate::from_ymd_opt(year, month, day)?,
            When::Nth { month, weekday, nth } if nth > 0 => {
                NaiveDate::from_weekday_of_month_opt(year, month, weekday, u8::try_from(nth).ok()?)?
            }
            When::Nth { month, weekday, .. } => {
                let first_next = if month == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)?
                } else {
                    NaiveDate::from_ymd_opt(year, month + 1, 1)?
                };
                let last = first_next.pred_opt()?;
                let back = (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
                last - Duration::days(back.into())
            }
            When::Easter(n) => easter(year).checked_add_signed(Duration::days(n.into()))?,
        };
        let shift = match (self.observed, d.weekday()) {
            (Observed::NearestWeekday, Weekday::Sat) => -1,
            (Observed::NearestWeekday, Weekday::Sun) => 1,
            (Observed::NextMonday, Weekday::Sat) => 2,
            (Observed::NextMonday, Weekday::Sun) => 1,
            _ => 0,
        };
        d.checked_add_signed(Duration::days(shift))
    }
}

/// Days from 0001-01-01 (CE day 1) to 1970-01-01.
const EPOCH_CE: i32 = 719_163;
/// Dates held in the table: 1970-01-01 (index 0) to 2101-01-01.
const TABLE_DAYS: i32 = 47_848;

/// The day index of `d` in the table, when it is in it.
#[inline]
fn index(d: NaiveDate) -> Option<usize> {
    let i = d.num_days_from_ce() - EPOCH_CE;
    (0..TABLE_DAYS).contains(&i).then_some(i as usize)
}

/// A holiday set: its rules (those of the sets it includes first) and their dates computed
/// once for 1970–2100.
#[derive(Clone)]
pub struct HolidaySet {
    name: String,
    include: Vec<String>,
    rules: Vec<Rule>,
    /// One bit per date of the table.
    bits: Box<[u64]>,
    /// (day index, rule index) of every holiday of the table, by date; the first rule wins.
    named: Box<[(u32, u32)]>,
}

impl HolidaySet {
    /// A set from its rules (those of included sets first: the first rule that gives a date
    /// names it); its dates for 1970–2100 are computed here.
    pub fn new(name: impl Into<String>, include: Vec<String>, rules: Vec<Rule>) -> HolidaySet {
        let mut bits = vec![0u64; (TABLE_DAYS as usize).div_ceil(64)].into_boxed_slice();
        let mut named = Vec::new();
        for (r, rule) in rules.iter().enumerate() {
            // A rule's date may fall in the year before or after its own (observed, Easter − 100).
            for year in 1969..=2102 {
                let Some(i) = rule.date(year).and_then(index) else { continue };
                if bits[i / 64] & (1 << (i % 64)) == 0 {
                    bits[i / 64] |= 1 << (i % 64);
                    named.push((i as u32, r as u32));
                }
            }
        }
        named.sort_unstable();
        HolidaySet { name: name.into(), include, rules, bits, named: named.into_boxed_slice() }
    }

    /// The empty set `none`.
    pub fn none() -> HolidaySet {
        HolidaySet::new("none", Vec::new(), Vec::new())
    }

    /// Its name (`fr`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The sets it includes, as written.
    pub fn include(&self) -> &[String] {
        &self.include
    }

    /// Its rules, those of the included sets first.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Whether `d` is a holiday of the set.
    #[inline]
    pub fn contains(&self, d: NaiveDate) -> bool {
        match index(d) {
            Some(i) => self.bits[i / 64] & (1 << (i % 64)) != 0,
            None => self.compute(d).is_some(),
        }
    }

    /// The holiday's name, when `d` is one.
    pub fn holiday(&self, d: NaiveDate) -> Option<&str> {
        let r = match index(d) {
            Some(i) => {
                let k = self.named.binary_search_by_key(&(i as u32), |&(day, _)| day).ok()?;
                self.named[k].1 as usize
            }
            None => self.compute(d)?,
        };
        self.rules.get(r).map(|r| &*r.name)
    }

    /// The first rule that gives date `d`, computed from the rules.
    fn compute(&self, d: NaiveDate) -> Option<usize> {
        let y = d.year();
        self.rules.iter().position(|r| (y.saturating_sub(1)..=y.saturating_add(1)).any(|year| r.date(year) == Some(d)))
    }
}

impl fmt::Debug for HolidaySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HolidaySet")
            .field("name", &self.name)
            .field("include", &self.include)
            .field("rules", &self.rules)
            .finish_non_exhaustive()
    }
}

/// Two sets are equal when their names and rules are (the table follows from the rules).
impl PartialEq for HolidaySet {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.include == other.include && self.rules == other.rules
    }
}

impl Eq for HolidaySet {}

/// The holidays of a calendar: a holiday set and extra dates (`--holidays-file`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holidays {
    /// The set (shared: built-in sets are built once).
    pub set: Arc<HolidaySet>,
    /// Extra dates (`--holidays-file`).
    pub extra: BTreeSet<NaiveDate>,
}

impl Holidays {
    /// A set with no extra dates.
    pub fn new(set: Arc<HolidaySet>) -> Self {
        Holidays { set, extra: BTreeSet::new() }
    }

    /// A built-in set by name (`fr`, `fr-alsace-moselle`, `us-federal`, `none`).
    pub fn builtin(name: &str) -> Option<Self> {
        super::data::HolidaySets::builtin().get(name).map(|s| Holidays::new(s.clone()))
    }

    /// No holiday.
    pub fn none() -> Self {
        Holidays::builtin("none").unwrap_or_else(|| Holidays::new(Arc::new(HolidaySet::none())))
    }

    /// The set's name.
    pub fn set_name(&self) -> &str {
        self.set.name()
    }

    /// Whether `d` is a holiday.
    #[inline]
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.set.contains(d) || (!self.extra.is_empty() && self.extra.contains(&d))
    }

    /// The holiday's name, when `d` is one.
    pub fn name(&self, d: NaiveDate) -> Option<&str> {
        if self.extra.contains(&d) {
            return Some("holiday (from file)");
        }
        self.set.holiday(d)
    }
}

/// Easter Sunday of `year` (Gregorian calendar; anonymous algorithm, Meeus/Jones/Butcher);
/// for the years of [`YEARS`].
pub fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // infallible for positive years: the algorithm yields a date between 22 March and 25 April.
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn easter_dates_from_the_tables() {
        // Published Easter Sundays.
        assert_eq!(easter(2024), date(2024, 3, 31));
        assert_eq!(easter(2025), date(2025, 4, 20));
        assert_eq!(easter(2026), date(2026, 4, 5));
        assert_eq!(easter(2027), date(2027, 3, 28));
        assert_eq!(easter(2038), date(2038, 4, 25));
    }

    #[test]
    fn french_holidays_2026() {
        let fr = Holidays::builtin("fr").unwrap();
        // Easter 2026-04-05: Monday +1 = 04-06, Ascension +39 = 05-14, Whit Monday +50 = 05-25.
        for (m, d) in [(1, 1), (4, 6), (5, 1), (5, 8), (5, 14), (5, 25), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
        {
            assert!(fr.contains(date(2026, m, d)), "2026-{m}-{d}");
        }
        assert_eq!(fr.name(date(2026, 5, 14)), Some("Ascension Day"));
        assert!(!fr.contains(date(2026, 4, 3)), "Good Friday is not a holiday in metropolitan France");
        assert!(!fr.contains(date(2026, 12, 26)));
        assert!(!fr.contains(date(2026, 5, 13)));
    }

    #[test]
    fn alsace_moselle_adds_two_days() {
        let am = Holidays::builtin("fr-alsace-moselle").unwrap();
        assert!(am.contains(date(2026, 4, 3)));
        assert!(am.contains(date(2026, 12, 26)));
        assert!(am.contains(date(2026, 5, 25)));
        let none = Holidays::none();
        assert!(!none.contains(date(2026, 12, 25)));
    }

    #[test]
    fn extra_dates() {
        let mut h = Holidays::none();
        h.extra.insert(date(2026, 6, 24));
        assert!(h.contains(date(2026, 6, 24)));
        assert_eq!(h.name(date(2026, 6, 24)), Some("holiday (from file)"));
    }

    #[test]
    fn outside_the_table_the_rules_answer() {
        // 1969-12-31 and 2101-01-01 are beside the table; 2150: Easter 12 April, Monday 13.
        let us = Holidays::builtin("us-federal").unwrap();
        assert_eq!(us.name(date(1969, 12, 25)), Some("Christmas Day"));
        assert_eq!(us.name(date(2150, 1, 1)), Some("New Year's Day"));
        let fr = Holidays::builtin("fr").unwrap();
        assert_eq!(fr.name(date(2150, 4, 13)), Some("Easter Monday"));
        assert!(!fr.contains(date(2150, 4, 14)));
        assert!(!fr.contains(NaiveDate::MIN) && !fr.contains(NaiveDate::MAX));
    }

    #[test]
    fn last_and_fifth_weekdays() {
        let rule = |weekday, nth| Rule {
            name: "x".into(),
            when: When::Nth { month: 5, weekday, nth },
            observed: Observed::None,
            from: None,
            until: None,
        };
        // May 2026: Sundays 3, 10, 17, 24, 31; Mondays 4 … 25 (four of them).
        assert_eq!(rule(Weekday::Sun, -1).date(2026), Some(date(2026, 5, 31)));
        assert_eq!(rule(Weekday::Mon, -1).date(2026), Some(date(2026, 5, 25)));
        assert_eq!(rule(Weekday::Sun, 5).date(2026), Some(date(2026, 5, 31)));
        assert_eq!(rule(Weekday::Mon, 5).date(2026), None);
        let dec = Rule { when: When::Nth { month: 12, weekday: Weekday::Thu, nth: -1 }, ..rule(Weekday::Mon, 1) };
        assert_eq!(dec.date(2026), Some(date(2026, 12, 31)));
    }
}
