//! Tests of the calendar data: the embedded files, the data-driven French sets against the
//! Rust computation they replaced, the US federal set against OPM's lists, a New York
//! calendar, and validation.
//!
//! Test code only: the parent declares this module under #[cfg(test)].

use super::*;
use crate::calendar::fast::{BusinessClock, BusinessTime};
use crate::calendar::holidays::easter;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn toml(text: &str) -> Table {
    text.parse::<Table>().unwrap()
}

#[test]
fn the_embedded_files_parse_with_no_problem() {
    assert_eq!(builtin_problems(), &[] as &[Problem], "{:#?}", builtin_problems());
    assert_eq!(builtin_error(), None);
    assert_eq!(calendar_names(), ["montreal-support", "paris-support", "sprint-prt"]);
    assert_eq!(holiday_set_names(), ["fr", "fr-alsace-moselle", "none", "us-federal"]);
    // The calendars hard-coded before they were data.
    let paris = Tz::Europe__Paris;
    let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    for (name, zone, open, close, set) in [
        ("paris-support", paris, hm(8, 30), hm(18, 30), "fr"),
        ("montreal-support", Tz::America__Toronto, hm(9, 0), hm(17, 0), "none"),
        ("sprint-prt", paris, hm(7, 0), hm(20, 0), "fr"),
    ] {
        let cal = Calendar::builtin(name).unwrap();
        assert_eq!((cal.name.as_str(), cal.zone, cal.open, cal.close), (name, zone, open, close));
        assert_eq!(cal.weekdays, [true, true, true, true, true, false, false], "{name}");
        assert_eq!(cal.holidays.set_name(), set);
        assert!(cal.holidays.extra.is_empty());
    }
    assert_eq!(Calendar::builtin("nowhere"), None);
    assert_eq!(HolidaySets::builtin().get("fr-alsace-moselle").unwrap().include(), ["fr"]);
    assert_eq!(*crate::calendar::CALENDARS, calendar_names());
}

/// The French holidays as computed in Rust before they were data (the oracle).
mod oracle {
    use super::*;

    pub fn french(d: NaiveDate) -> Option<&'static str> {
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
        match (d - easter(d.year())).num_days() {
            1 => Some("Easter Monday"),
            39 => Some("Ascension Day"),
            50 => Some("Whit Monday"),
            _ => None,
        }
    }

    pub fn alsace_moselle(d: NaiveDate) -> Option<&'static str> {
        if d.month() == 12 && d.day() == 26 {
            return Some("St Stephen's Day");
        }
        (d == easter(d.year()) - Duration::days(2)).then_some("Good Friday")
    }
}

#[test]
fn french_sets_give_the_dates_and_names_of_the_rust_code_every_day_1970_2100() {
    let fr = Holidays::builtin("fr").unwrap();
    let am = Holidays::builtin("fr-alsace-moselle").unwrap();
    let mut d = date(1970, 1, 1);
    let mut count = 0;
    // Through the table (to 2101-01-01) and a little past it, where the rules answer.
    while d <= date(2102, 12, 31) {
        let want = oracle::french(d);
        assert_eq!(fr.name(d), want, "fr {d}");
        assert_eq!(fr.contains(d), want.is_some(), "fr {d}");
        let want = oracle::french(d).or_else(|| oracle::alsace_moselle(d));
        assert_eq!(am.name(d), want, "fr-alsace-moselle {d}");
        assert_eq!(am.contains(d), want.is_some(), "fr-alsace-moselle {d}");
        count += usize::from(want.is_some());
        d = d.succ_opt().unwrap();
    }
    // 13 a year over 133 years, less the years Ascension falls on 1 May (2008) or 8 May (1975).
    assert!(count > 13 * 133 - 10 && count <= 13 * 133, "{count}");
    // Outside the table, computed from the rules: the same.
    for y in [1583, 1700, 1900, 1969, 2150, 2500, 9999] {
        let mut d = date(y, 1, 1);
        while d.year() == y {
            assert_eq!(fr.name(d), oracle::french(d), "fr {d}");
            assert_eq!(am.name(d), oracle::french(d).or_else(|| oracle::alsace_moselle(d)), "am {d}");
            d = d.succ_opt().unwrap();
        }
    }
}

#[test]
fn us_federal_holidays_2021_2027_are_opms() {
    // OPM's federal holiday lists (opm.gov, "Federal Holidays"), observed dates:
    // 2021: Fri 01-01, Mon 01-18, Mon 02-15, Mon 05-31, Fri 06-18 (Juneteenth, Sat 19th),
    //       Mon 07-05 (Sun 4th), Mon 09-06, Mon 10-11, Thu 11-11, Thu 11-25, Fri 12-24 (Sat 25th),
    //       Fri 12-31 (New Year's Day 2022, a Saturday).
    // 2022: Mon 01-17, Mon 02-21, Mon 05-30, Mon 06-20 (Sun 19th), Mon 07-04, Mon 09-05,
    //       Mon 10-10, Fri 11-11, Thu 11-24, Mon 12-26 (Sun 25th).
    // 2023: Mon 01-02 (Sun 1st), Mon 01-16, Mon 02-20, Mon 05-29, Mon 06-19, Tue 07-04, Mon 09-04,
    //       Mon 10-09, Fri 11-10 (Sat 11th), Thu 11-23, Mon 12-25.
    // 2024: Mon 01-01, Mon 01-15, Mon 02-19, Mon 05-27, Wed 06-19, Thu 07-04, Mon 09-02,
    //       Mon 10-14, Mon 11-11, Thu 11-28, Wed 12-25.
    // 2025: Wed 01-01, Mon 01-20, Mon 02-17, Mon 05-26, Thu 06-19, Fri 07-04, Mon 09-01,
    //       Mon 10-13, Tue 11-11, Thu 11-27, Thu 12-25.
    // 2026: Thu 01-01, Mon 01-19, Mon 02-16, Mon 05-25, Fri 06-19, Fri 07-03 (Sat 4th), Mon 09-07,
    //       Mon 10-12, Wed 11-11, Thu 11-26, Fri 12-25.
    // 2027: Fri 01-01, Mon 01-18, Mon 02-15, Mon 05-31, Fri 06-18 (Sat 19th), Mon 07-05 (Sun 4th),
    //       Mon 09-06, Mon 10-11, Thu 11-11, Thu 11-25, Fri 12-24 (Sat 25th),
    //       Fri 12-31 (New Year's Day 2028, a Saturday).
    let expected: &[(i32, &[(u32, u32)])] = &[
        (
            2021,
            &[
                (1, 1),
                (1, 18),
                (2, 15),
                (5, 31),
                (6, 18),
                (7, 5),
                (9, 6),
                (10, 11),
                (11, 11),
                (11, 25),
                (12, 24),
                (12, 31),
            ],
        ),
        (2022, &[(1, 17), (2, 21), (5, 30), (6, 20), (7, 4), (9, 5), (10, 10), (11, 11), (11, 24), (12, 26)]),
        (2023, &[(1, 2), (1, 16), (2, 20), (5, 29), (6, 19), (7, 4), (9, 4), (10, 9), (11, 10), (11, 23), (12, 25)]),
        (2024, &[(1, 1), (1, 15), (2, 19), (5, 27), (6, 19), (7, 4), (9, 2), (10, 14), (11, 11), (11, 28), (12, 25)]),
        (2025, &[(1, 1), (1, 20), (2, 17), (5, 26), (6, 19), (7, 4), (9, 1), (10, 13), (11, 11), (11, 27), (12, 25)]),
        (2026, &[(1, 1), (1, 19), (2, 16), (5, 25), (6, 19), (7, 3), (9, 7), (10, 12), (11, 11), (11, 26), (12, 25)]),
        (
            2027,
            &[
                (1, 1),
                (1, 18),
                (2, 15),
                (5, 31),
                (6, 18),
                (7, 5),
                (9, 6),
                (10, 11),
                (11, 11),
                (11, 25),
                (12, 24),
                (12, 31),
            ],
        ),
    ];
    let us = Holidays::builtin("us-federal").unwrap();
    for (y, days) in expected {
        let want: Vec<NaiveDate> = days.iter().map(|&(m, d)| date(*y, m, d)).collect();
        let mut got = Vec::new();
        let mut d = date(*y, 1, 1);
        while d.year() == *y {
            if us.contains(d) {
                got.push(d);
            }
            d = d.succ_opt().unwrap();
        }
        assert_eq!(got, want, "{y}");
    }
    assert_eq!(us.name(date(2021, 12, 31)), Some("New Year's Day"));
    assert_eq!(us.name(date(2021, 6, 18)), Some("Juneteenth National Independence Day"));
    assert_eq!(us.name(date(2023, 1, 2)), Some("New Year's Day"));
    // Juneteenth from 2021 only: Fri 2020-06-19 is a working day; 2020 had ten holidays.
    assert!(!us.contains(date(2020, 6, 19)));
    let mut d = date(2020, 1, 1);
    let mut n2020 = 0;
    while d.year() == 2020 {
        n2020 += usize::from(us.contains(d));
        d = d.succ_opt().unwrap();
    }
    assert_eq!(n2020, 10);
    // The Saturday and Sunday themselves are not moved twice: 2022-01-01 is not a holiday.
    assert!(!us.contains(date(2022, 1, 1)) && !us.contains(date(2023, 1, 1)));
    // Martin Luther King Jr. Day from 1986: Mon 1985-01-21 is not one, Mon 1986-01-20 is.
    assert!(!us.contains(date(1985, 1, 21)) && us.contains(date(1986, 1, 20)));
}

fn new_york() -> Calendar {
    let t = toml(
        r#"zone = "America/New_York"
           hours = "09:00-17:00"
           days = ["mon", "tue", "wed", "thu", "fri"]
           holidays = "us-federal""#,
    );
    calendar("new-york-support", &t, "calendars.new-york-support", HolidaySets::builtin()).unwrap()
}

/// A New York local time as an instant.
fn ny(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Tz::America__New_York.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap().with_timezone(&Utc)
}

#[test]
fn new_york_business_time_across_us_dst_changes_and_thanksgiving() {
    let cal = new_york();
    let clock = BusinessClock::new(&cal);
    let minutes = |a, b| {
        assert_eq!(clock.business_seconds(a, b), cal.business_seconds(a, b));
        cal.business_seconds(a, b) / 60
    };
    // Spring: clocks go forward on the second Sunday of March, Sun 2026-03-08.
    // Fri 03-06 16:00 EST → Mon 03-09 10:00 EDT: Fri 16:00–17:00 = 60, Mon 09:00–10:00 = 60.
    // Monday 10:00 EDT is 14:00Z; a fixed −05:00 would read it as 09:00 and give 60.
    assert_eq!(ny(2026, 3, 9, 10, 0).to_rfc3339(), "2026-03-09T14:00:00+00:00");
    assert_eq!(minutes(ny(2026, 3, 6, 16, 0), ny(2026, 3, 9, 10, 0)), 120);
    // Autumn: back on the first Sunday of November, Sun 2026-11-01.
    // Fri 10-30 16:00 EDT → Mon 11-02 10:00 EST: 60 + 60.
    assert_eq!(ny(2026, 11, 2, 10, 0).to_rfc3339(), "2026-11-02T15:00:00+00:00");
    assert_eq!(minutes(ny(2026, 10, 30, 16, 0), ny(2026, 11, 2, 10, 0)), 120);
    // Thanksgiving Thu 2026-11-26: Wed 11-25 16:00 → Fri 11-27 10:00 = 60 + 0 + 60.
    assert_eq!(minutes(ny(2026, 11, 25, 16, 0), ny(2026, 11, 27, 10, 0)), 120);
    // Its week, Mon 11-23 00:00 → Mon 11-30 00:00: four days of 8 h = 1,920 min.
    assert_eq!(minutes(ny(2026, 11, 23, 0, 0), ny(2026, 11, 30, 0, 0)), 1920);
    // The week of Independence Day observed Fri 2026-07-03: four days.
    assert_eq!(minutes(ny(2026, 6, 29, 0, 0), ny(2026, 7, 6, 0, 0)), 1920);
    // New Year's Day 2022 observed Fri 2021-12-31: Thu 12-30 16:00 → Mon 2022-01-03 10:00 = 60 + 60.
    assert_eq!(minutes(ny(2021, 12, 30, 16, 0), ny(2022, 1, 3, 10, 0)), 120);
    // Working days skip Thanksgiving: Wed 11-25 10:00 + 1 = Fri 11-27 10:00.
    assert_eq!(cal.add_working_days(ny(2026, 11, 25, 10, 0), 1), ny(2026, 11, 27, 10, 0));
    assert_eq!(cal.next_business_instant(ny(2026, 11, 25, 17, 30)), ny(2026, 11, 27, 9, 0));
}

#[test]
fn a_calendar_closing_at_24_00_counts_whole_days_whatever_their_length() {
    // `00:00-24:00` every day: business time is elapsed time, so a month counts the hour the
    // end of daylight saving repeats. November 2026 in New York: 30 × 1440 + 60 = 43,260 min;
    // March 2026 (the hour skipped on Sun 8 March): 31 × 1440 − 60 = 44,580 min.
    let t = toml(
        r#"zone = "America/New_York"
           hours = "00:00-24:00"
           days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]"#,
    );
    let cal = calendar("always", &t, "calendars.always", HolidaySets::builtin()).unwrap();
    assert!(cal.closes_at_midnight());
    assert_eq!(cal.hours_text(), "00:00–24:00");
    assert_eq!(cal.hours_per_day(), 24.0);
    let clock = BusinessClock::new(&cal);
    for (a, b, minutes) in [
        (ny(2026, 11, 1, 0, 0), ny(2026, 12, 1, 0, 0), 43_260),
        (ny(2026, 3, 1, 0, 0), ny(2026, 4, 1, 0, 0), 44_580),
        // The 25-hour day alone, and an interval across its midnight.
        (ny(2026, 11, 1, 0, 0), ny(2026, 11, 2, 0, 0), 1500),
        (ny(2026, 10, 31, 23, 30), ny(2026, 11, 1, 0, 30), 60),
    ] {
        assert_eq!(cal.business_seconds(a, b) / 60, minutes, "{a} → {b}");
        assert_eq!(clock.business_seconds(a, b) / 60, minutes, "{a} → {b} (clock)");
    }
    // 24:00 closes a day only: it does not open one, and 23:00-24:00 is an hour.
    assert_eq!(parse_hours("24:00-24:00"), None);
    assert_eq!(
        parse_hours("23:00-24:00").map(|(o, c)| (o, c == NaiveTime::MIN)),
        Some((NaiveTime::from_hms_opt(23, 0, 0).unwrap(), true))
    );
}

#[test]
fn sets_include_known_sets_and_each_other() {
    let t = toml(
        r#"
        [acme]
        include = ["us-east"]
        rule = [{ name = "Day after Thanksgiving", month = 11, weekday = "fri", nth = 4 }]

        [us-east]
        include = ["us-federal"]
        rule = [
            { name = "Good Friday", easter = -2, from = 2027, until = 2028 },
            { name = "Boxing Day", date = "12-26", observed = "next-monday" },
        ]
        "#,
    );
    let sets = holiday_sets(&t, "holidays", HolidaySets::builtin()).unwrap();
    assert!(sets.get("fr").is_some() && sets.get("none").is_some());
    let acme = Holidays::new(sets.get("acme").unwrap().clone());
    assert_eq!(acme.set.include(), ["us-east"]);
    // us-federal's 11 rules, us-east's 2, acme's 1, in that order.
    assert_eq!(acme.set.rules().len(), 14);
    assert_eq!(acme.name(date(2026, 11, 27)), Some("Day after Thanksgiving"));
    assert_eq!(acme.name(date(2026, 11, 26)), Some("Thanksgiving Day"));
    // Good Friday 2026-04-03 no (from 2027), 2027-03-26 yes, 2029-03-30 no (until 2028).
    assert!(!acme.contains(date(2026, 4, 3)) && acme.contains(date(2027, 3, 26)) && !acme.contains(date(2029, 3, 30)));
    // Boxing Day Sat 2026-12-26 → Mon 12-28; Sun 2027-12-26 → Mon 12-27.
    assert_eq!(acme.name(date(2026, 12, 28)), Some("Boxing Day"));
    assert!(!acme.contains(date(2026, 12, 26)));
    assert_eq!(acme.name(date(2027, 12, 27)), Some("Boxing Day"));
    // A calendar may name a new set.
    let cal =
        calendar("acme", &toml("zone = \"UTC\"\nhours = \"09:00-17:00\"\nholidays = \"acme\""), "", &sets).unwrap();
    assert_eq!(cal.holidays, acme);
    assert_eq!(cal.weekdays, [true, true, true, true, true, false, false]);
    // With no `holidays`, none; with days, those.
    let cal =
        calendar("x", &toml("zone = \"UTC\"\nhours = \"00:00-23:59\"\ndays = [\"sat\", \"sun\"]"), "", &sets).unwrap();
    assert_eq!(cal.holidays.set_name(), "none");
    assert_eq!(cal.weekdays, [false, false, false, false, false, true, true]);
}

#[test]
fn every_problem_is_reported_at_once_with_its_path() {
    let t = toml(
        r#"
        [bad]
        include = ["fr", "nowhere"]
        colour = "blue"
        rule = [
            { name = "Leap", date = "02-29" },
            { name = "Impossible", date = "02-30" },
            { name = "Sixth", month = 5, weekday = "mon", nth = 6 },
            { name = "Someday", month = 5, weekday = "monday", nth = 1 },
            { name = "Both", date = "01-01", easter = 1 },
            { name = "Typo", date = "07-04", observd = "nearest-weekday" },
            { name = "Far", easter = 101, from = 1500, until = 10000 },
            { name = "Half", month = 9 },
            { name = "Nothing" },
            { date = "12-24", observed = "friday" },
            { name = "Backwards", date = "01-02", from = 2030, until = 2020 },
        ]

        [loop-a]
        include = ["loop-b"]

        [loop-b]
        include = ["loop-a"]

        [fr]
        rule = []
        "#,
    );
    let problems = holiday_sets(&t, "holidays", HolidaySets::builtin()).unwrap_err();
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    let expected = [
        "holidays.bad.colour",
        "holidays.bad.include[1]",
        "holidays.bad.rule[1].date",
        "holidays.bad.rule[2].nth",
        "holidays.bad.rule[3].weekday",
        "holidays.bad.rule[4]",
        "holidays.bad.rule[5].observd",
        "holidays.bad.rule[6].easter",
        "holidays.bad.rule[6].from",
        "holidays.bad.rule[6].until",
        "holidays.bad.rule[7].weekday",
        "holidays.bad.rule[7].nth",
        "holidays.bad.rule[8]",
        "holidays.bad.rule[9].name",
        "holidays.bad.rule[9].observed",
        "holidays.bad.rule[10].until",
        "holidays.fr",
        "holidays.loop-b.include[0]",
    ];
    for path in expected {
        assert!(paths.contains(&path), "{path} missing from {problems:#?}");
    }
    assert_eq!(problems.len(), expected.len(), "{problems:#?}");
    let text = |path: &str| problems.iter().find(|p| p.path == path).unwrap().text.clone();
    assert_eq!(text("holidays.bad.colour"), "unknown key; expected one of include, rule");
    assert_eq!(
        text("holidays.bad.rule[1].date"),
        "invalid day \"02-30\"; expected \"MM-DD\", a day that exists (02-29 in leap years only)"
    );
    assert_eq!(text("holidays.bad.rule[2].nth"), "6; expected 1 to 5, or -1 for the last");
    assert_eq!(
        text("holidays.bad.rule[3].weekday"),
        "\"monday\"; expected a weekday: mon, tue, wed, thu, fri, sat or sun"
    );
    assert_eq!(
        text("holidays.bad.rule[4]"),
        "date and easter given; expected exactly one of date = \"MM-DD\", month + weekday + nth, easter = N"
    );
    assert_eq!(text("holidays.bad.rule[6].easter"), "101; expected days after Easter Sunday (-100 to 100)");
    assert_eq!(
        text("holidays.bad.rule[7].nth"),
        "missing; month, weekday and nth go together (the nth weekday of a month)"
    );
    assert_eq!(text("holidays.loop-b.include[0]"), "include cycle: loop-a → loop-b → loop-a");
    let t = toml("[x]\ninclude = [\"fr\", \"nowhere\"]\n[y]\ninclude = [\"y\"]");
    let problems = holiday_sets(&t, "", HolidaySets::builtin()).unwrap_err();
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_eq!(problems[0].path, "x.include[1]");
    assert!(problems[0].text.starts_with("unknown holiday set \"nowhere\"; expected one of fr, "), "{}", problems[0]);
    assert_eq!(problems[1].to_string(), "y.include[0]: include cycle: y → y");
}

#[test]
fn calendar_problems_are_reported_at_once() {
    let t = toml(
        r#"zone = "Europe/Pari"
           hours = "18:00-09:00"
           days = ["mon", "mon", "funday"]
           holidays = "fr-alsace"
           open = "08:00""#,
    );
    let problems = calendar("x", &t, "calendars.x", HolidaySets::builtin()).unwrap_err();
    let shown: Vec<String> = problems.iter().map(Problem::to_string).collect();
    assert_eq!(
        shown,
        [
            "calendars.x.open: unknown key; expected one of zone, hours, days, holidays",
            "calendars.x.zone: unknown time zone \"Europe/Pari\"; expected an IANA name such as \"America/New_York\"",
            "calendars.x.hours: invalid hours \"18:00-09:00\"; expected \"HH:MM-HH:MM\", opening before closing, e.g. \"09:00-17:00\"",
            "calendars.x.days[1]: \"mon\" given twice; expected each working day once",
            "calendars.x.days[2]: \"funday\"; expected a weekday: mon, tue, wed, thu, fri, sat or sun",
            "calendars.x.holidays: unknown holiday set \"fr-alsace\"; expected one of fr, fr-alsace-moselle, none, us-federal",
        ]
    );
    let problems = calendar("x", &toml("days = []\nzone = 3"), "calendars.x", HolidaySets::builtin()).unwrap_err();
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["calendars.x.zone", "calendars.x.hours", "calendars.x.days"]);
    // A [calendars] map: each calendar's problems, with its path.
    let t = toml("[a]\nzone = \"UTC\"\nhours = \"09:00-17:00\"\n[b]\nzone = \"UTC\"\n[c]\nzone = \"UTC\"\nhours = \"09:00-17:00\"");
    let problems = calendars(&t, "calendars", HolidaySets::builtin()).unwrap_err();
    assert_eq!(
        problems,
        [Problem::new(
            "calendars.b.hours",
            "missing; expected \"HH:MM-HH:MM\", opening before closing, e.g. \"09:00-17:00\""
        )]
    );
    let t =
        toml("[a]\nzone = \"UTC\"\nhours = \"09:00-17:00\"\n[\"new york\"]\nzone = \"UTC\"\nhours = \"09:00-17:00\"");
    let problems = calendars(&t, "calendars", HolidaySets::builtin()).unwrap_err();
    assert_eq!(problems[0].path, "calendars.\"new york\"");
}

#[test]
fn bounds_on_sizes() {
    let mut rules = String::from("[big]\nrule = [\n");
    for _ in 0..=MAX_RULES {
        rules.push_str("{ name = \"x\", date = \"01-01\" },\n");
    }
    rules.push(']');
    let problems = holiday_sets(&toml(&rules), "holidays", &HolidaySets::new()).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].path, "holidays.big.rule");
}

#[test]
fn docs_list_every_built_in_calendar_and_set() {
    let doc =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/calendars.md")).unwrap();
    for name in calendar_names().iter().chain(holiday_set_names()) {
        assert!(doc.contains(&format!("| `{name}` |")), "docs/calendars.md does not list {name}");
    }
}

#[test]
fn the_help_names_every_built_in_calendar_and_set() {
    use clap::CommandFactory;
    let cli = crate::cli::Cli::command();
    let audit = cli.find_subcommand("audit").unwrap();
    let help = |id: &str| audit.get_arguments().find(|a| a.get_id() == id).unwrap().get_help().unwrap().to_string();
    let (calendar, holidays) = (help("calendar"), help("holidays"));
    for name in calendar_names() {
        assert!(calendar.contains(name), "--calendar's help does not name {name}: {calendar}");
    }
    for name in holiday_set_names() {
        assert!(holidays.contains(name), "--holidays's help does not name {name}: {holidays}");
    }
}
