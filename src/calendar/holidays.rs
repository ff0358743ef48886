//! Public holidays: metropolitan France (Easter-based ones computed for any year), Alsace-
//! Moselle (adds Good Friday and 26 December), none, plus extra dates from a file.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

/// A built-in holiday set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HolidayRule {
    /// No public holiday.
    None,
    /// Metropolitan France.
    Fr,
    /// France plus Good Friday and 26 December (Alsace-Moselle).
    FrAlsaceMoselle,
}

impl HolidayRule {
    /// Parses a `--holidays` value.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "none" => Some(HolidayRule::None),
            "fr" | "france" => Some(HolidayRule::Fr),
            "fr-alsace-moselle" => Some(HolidayRule::FrAlsaceMoselle),
            _ => None,
        }
    }

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            HolidayRule::None => "none",
            HolidayRule::Fr => "fr",
            HolidayRule::FrAlsaceMoselle => "fr-alsace-moselle",
        }
    }
}

/// The holidays of a calendar: a rule and extra dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holidays {
    /// The built-in set.
    pub rule: HolidayRule,
    /// Extra dates (`--holidays-file`).
    pub extra: BTreeSet<NaiveDate>,
}

impl Holidays {
    /// A rule with no extra dates.
    pub fn new(rule: HolidayRule) -> Self {
        Holidays { rule, extra: BTreeSet::new() }
    }

    /// Whether `d` is a holiday.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.name(d).is_some()
    }

    /// The holiday's name, when `d` is one.
    pub fn name(&self, d: NaiveDate) -> Option<&'static str> {
        if self.extra.contains(&d) {
            return Some("holiday (from file)");
        }
        match self.rule {
            HolidayRule::None => None,
            HolidayRule::Fr => french(d),
            HolidayRule::FrAlsaceMoselle => french(d).or_else(|| alsace_moselle(d)),
        }
    }
}

/// Easter Sunday of `year` (Gregorian calendar; anonymous algorithm, Meeus/Jones/Butcher).
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
    // infallible: the algorithm yields a date between 22 March and 25 April.
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or(NaiveDate::MIN)
}

fn french(d: NaiveDate) -> Option<&'static str> {
    let fixed = match (d.month(), d.day()) {
        (1, 1) => Some("New Year's Day"),
        (5, 1) => Some("Labour Day"),
        (5, 8) => Some("Victory in Europe Day"),
        (7, 14) => Some("Bastille Day"),
        (8, 15) => Some("Assumption"),
        (11, 1) => Some("All Saints' Day"),
        (11, 11) => Some("Armistice Day"),
        (12, 25) => Some("Christmas Day"),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    if !(3..=6).contains(&d.month()) {
        return None;
    }
    let offset = (d - easter(d.year())).num_days();
    match offset {
        1 => Some("Easter Monday"),
        39 => Some("Ascension Day"),
        50 => Some("Whit Monday"),
        _ => None,
    }
}

fn alsace_moselle(d: NaiveDate) -> Option<&'static str> {
    if d.month() == 12 && d.day() == 26 {
        return Some("St Stephen's Day");
    }
    (d == easter(d.year()) - Duration::days(2)).then_some("Good Friday")
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
        let fr = Holidays::new(HolidayRule::Fr);
        // Easter 2026-04-05: Monday +1 = 04-06, Ascension +39 = 05-14, Whit Monday +50 = 05-25.
        for (m, d) in [(1, 1), (4, 6), (5, 1), (5, 8), (5, 14), (5, 25), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
        {
            assert!(fr.contains(date(2026, m, d)), "2026-{m}-{d}");
        }
        assert!(!fr.contains(date(2026, 4, 3)), "Good Friday is not a holiday in metropolitan France");
        assert!(!fr.contains(date(2026, 12, 26)));
        assert!(!fr.contains(date(2026, 5, 13)));
    }

    #[test]
    fn alsace_moselle_adds_two_days() {
        let am = Holidays::new(HolidayRule::FrAlsaceMoselle);
        assert!(am.contains(date(2026, 4, 3)));
        assert!(am.contains(date(2026, 12, 26)));
        assert!(am.contains(date(2026, 5, 25)));
        let none = Holidays::new(HolidayRule::None);
        assert!(!none.contains(date(2026, 12, 25)));
    }

    #[test]
    fn extra_dates() {
        let mut h = Holidays::new(HolidayRule::None);
        h.extra.insert(date(2026, 6, 24));
        assert!(h.contains(date(2026, 6, 24)));
    }
}
