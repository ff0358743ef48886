//! The backup calendars of the HTML report, each in the words of what it checks: daily
//! findings as one row per month and one cell per day, monthly findings as one row per year
//! and one cell per month, coloured by the worst item verdict of the day (month). A backup
//! missing, a copy deleted before its retention, a copy kept too long and a copy in too few
//! places are told apart in the legend and tooltips. The daily frequency lists only missing
//! days (SPEC §3.4), so an audited day without an item is drawn as present.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use super::{period_days, verdict_class, Chart};
use crate::checks::Verdict;
use crate::report::text::{shorten, MAX_FIELD_CHARS};
use crate::report::{escape_html as e, Report};

/// What a backup finding checks, for the words of its calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A backup each day (month).
    Frequency,
    /// Each copy kept its retention, no more than a week past it.
    Retention,
    /// Copies in enough places.
    Copies,
}

impl Kind {
    fn of(f: &crate::checks::Finding) -> Option<Kind> {
        if f.id.ends_with(".frequency") {
            Some(Kind::Frequency)
        } else if f.id.ends_with(".retention") {
            Some(Kind::Retention)
        } else if f.id == "backup.copies" {
            Some(Kind::Copies)
        } else {
            None
        }
    }

    /// What a cell of this verdict says.
    fn state(self, v: Verdict) -> &'static str {
        match (self, v) {
            (Kind::Frequency, Verdict::Pass) => "backup taken",
            (Kind::Frequency, Verdict::Fail) => "no successful backup",
            (Kind::Retention, Verdict::Pass) => "copies kept their retention",
            (Kind::Retention, Verdict::Fail) => "a copy deleted before its retention",
            (Kind::Retention, Verdict::Warn) => "a copy kept past its retention",
            (Kind::Copies, Verdict::Pass) => "copies in enough places",
            (Kind::Copies, Verdict::Fail) => "copies in too few places",
            (_, Verdict::Open) => "not over at as-of",
            (_, v) => v.name(),
        }
    }

    /// The legend: verdicts this kind draws, and the blank cell.
    fn legend(self) -> Vec<(&'static str, &'static str)> {
        let mut l: Vec<(&str, &str)> = match self {
            Kind::Frequency => vec![(self.state(Verdict::Pass), "v-pass"), (self.state(Verdict::Fail), "v-fail")],
            Kind::Retention => vec![
                (self.state(Verdict::Pass), "v-pass"),
                (self.state(Verdict::Fail), "v-fail"),
                (self.state(Verdict::Warn), "v-warn"),
            ],
            Kind::Copies => vec![(self.state(Verdict::Pass), "v-pass"), (self.state(Verdict::Fail), "v-fail")],
        };
        l.push((self.blank(), "v-none"));
        l
    }

    /// A cell of the period with no item.
    fn blank(self) -> &'static str {
        match self {
            Kind::Frequency => "not measured",
            Kind::Retention => "no copy judged",
            Kind::Copies => "no copy",
        }
    }
}

/// The backup calendars: one per backup frequency, retention or copies finding and database.
pub(super) fn backups(report: &Report) -> Vec<Chart> {
    let mut out = Vec::new();
    for f in report.commitments.iter().filter(|f| f.id.starts_with("backup.")) {
        let Some(kind) = Kind::of(f) else { continue };
        let monthly = f.id.contains(".monthly.");
        // The daily frequency lists only the missing (and open) days (SPEC §3.4): once audited,
        // every other day of the period up to as-of had its backup and is drawn as present.
        let fill = is_daily_frequency(f) && f.verdict != Verdict::NotAudited;
        // Per database (`""` when the subject has none): day (month) → worst verdict.
        let mut per_db: BTreeMap<String, BTreeMap<NaiveDate, Verdict>> = BTreeMap::new();
        if fill {
            for db in databases(f) {
                per_db.entry(db).or_default();
            }
        }
        for i in &f.items {
            // A month's item is drawn on the monthly calendars only.
            let Some((day, of_month, db)) = i.values.backup_day() else { continue };
            if of_month && !monthly {
                continue;
            }
            let key = if monthly { day.with_day(1).unwrap_or(day) } else { day };
            let slot = per_db.entry(db.to_string()).or_default().entry(key).or_insert(i.verdict);
            if severity(i.verdict) > severity(*slot) {
                *slot = i.verdict;
            }
        }
        for (db, days) in per_db {
            let db = shorten(&db, MAX_FIELD_CHARS);
            let name = if db.is_empty() { f.id.clone() } else { format!("{} — {db}", f.id) };
            let svg = if monthly {
                month_svg(report, &name, &days, kind)
            } else {
                calendar_svg(report, &name, &days, fill, kind)
            };
            let Some(svg) = svg else { continue };
            let (unit, units) = if monthly { ("month", "months") } else { ("day", "days") };
            let count = |v: Verdict| match days.values().filter(|x| **x == v).count() {
                1 => format!("1 {unit}"),
                n => format!("{n} {units}"),
            };
            let (title, caption) = match kind {
                Kind::Frequency => (
                    format!("{name}: a successful backup each {unit}"),
                    format!(
                        "Each {unit} of the period: {} or {} ({}); a {unit} not over at as-of is open (blue).",
                        kind.state(Verdict::Pass),
                        kind.state(Verdict::Fail),
                        count(Verdict::Fail)
                    ),
                ),
                Kind::Retention => (
                    format!("{name}: copies kept for their retention, by the {unit} they were taken"),
                    format!(
                        "Each copy whose retention ended (or was cut short) in the period, on the {unit} it was \
                         taken: kept its retention, deleted before it ({}) or kept more than a week past it ({}); \
                         grey: no copy of that {unit} judged in the period.",
                        count(Verdict::Fail),
                        count(Verdict::Warn)
                    ),
                ),
                Kind::Copies => (
                    format!("{name}: copies in enough places, by the {unit} they were taken"),
                    format!("Each {unit}'s copies: in enough places, or in too few ({}).", count(Verdict::Fail)),
                ),
            };
            out.push(Chart {
                id: format!("{}-{}", f.id, db).trim_end_matches('-').replace(['.', '/', ' '], "-"),
                title,
                caption,
                svg,
            });
        }
    }
    out
}

/// The daily frequency finding: its `measured` counts `days` (the monthly one counts months).
fn is_daily_frequency(f: &crate::checks::Finding) -> bool {
    f.id.ends_with(".frequency") && f.measured.backup_frequency().is_some_and(|(daily, _)| daily)
}

/// The databases a frequency finding checked (`measured.databases`; `all` is drawn as `""`).
fn databases(f: &crate::checks::Finding) -> Vec<String> {
    let named: Vec<String> = f
        .measured
        .backup_frequency()
        .map(|(_, dbs)| dbs.into_iter().map(|d| if d == "all" { String::new() } else { d }).collect())
        .unwrap_or_default();
    if named.is_empty() {
        vec![String::new()]
    } else {
        named
    }
}

/// The first local day not begun at as-of (as-of at midnight: that day).
fn as_of_end(report: &Report) -> Option<NaiveDate> {
    let t = report.period.as_of.local();
    if t.time() == chrono::NaiveTime::MIN {
        Some(t.date_naive())
    } else {
        t.date_naive().succ_opt()
    }
}

/// Worse verdicts rank higher when a day has several items.
fn severity(v: Verdict) -> u8 {
    match v {
        Verdict::Fail => 5,
        Verdict::Warn => 4,
        Verdict::Open => 3,
        Verdict::Pass | Verdict::Waived => 2,
        Verdict::NotApplicable => 1,
        Verdict::NotAudited => 0,
    }
}

/// One row per month, one cell per day, coloured by the day's verdict. With `fill`, a day of
/// the period begun by as-of that has no item is drawn as present.
fn calendar_svg(
    report: &Report,
    name: &str,
    days: &BTreeMap<NaiveDate, Verdict>,
    fill: bool,
    kind: Kind,
) -> Option<String> {
    let period = period_days(report);
    let first_item = days.keys().next().copied().or(period.map(|p| p.0))?;
    let last_item = days.keys().next_back().copied().or(period.and_then(|p| p.1.pred_opt()))?;
    let (from, to) = period.unwrap_or((first_item, last_item.succ_opt()?));
    let measured_to = if fill { as_of_end(report).unwrap_or(to).min(to) } else { from };
    let from = from.min(first_item).with_day(1)?;
    let mut months = Vec::new();
    let mut m = from;
    while m < to.max(last_item.succ_opt()?) && months.len() < 120 {
        months.push(m);
        m = m.checked_add_months(chrono::Months::new(1))?;
    }
    const CELL: f64 = 20.0;
    const LABEL: f64 = 70.0;
    let width = LABEL + 31.0 * CELL + 10.0;
    let height = CELL * months.len() as f64 + 20.0 + legend_height(kind);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" class="chart calendar"><title>{}</title>"#,
        e(&format!("{name}: by day"))
    );
    let (period_from, period_to) = period_days(report).unwrap_or((first_item, last_item.succ_opt()?));
    for (row, month) in months.iter().enumerate() {
        let y = 8.0 + CELL * row as f64;
        let _ = write!(s, r#"<text class="label" x="0" y="{:.1}">{}</text>"#, y + 14.0, month.format("%Y-%m"));
        let mut d = *month;
        while d.month() == month.month() {
            let x = LABEL + CELL * (d.day0() as f64);
            let (class, state) = match days.get(&d) {
                Some(v) => (verdict_class(*v), kind.state(*v)),
                None if fill && d >= period_from && d < measured_to => ("v-pass", kind.state(Verdict::Pass)),
                None if d >= period_from && d < period_to => ("v-none", kind.blank()),
                None => ("v-outside", "outside the period"),
            };
            let weekend = if d.weekday().number_from_monday() >= 6 { " weekend" } else { "" };
            let _ = write!(
                s,
                r#"<rect class="day {class}{weekend}" x="{x:.1}" y="{y:.1}" width="{:.1}" height="{:.1}"><title>{d} {}: {state}</title></rect><text class="daynum" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                CELL - 2.0,
                CELL - 2.0,
                d.format("%a"),
                x + (CELL - 2.0) / 2.0,
                y + 13.0,
                d.day()
            );
            let Some(next) = d.succ_opt() else { break };
            d = next;
        }
    }
    legend(&mut s, LABEL, 8.0 + CELL * months.len() as f64 + 12.0, kind);
    s.push_str("</svg>");
    Some(s)
}

/// Height of a legend line.
const LEGEND_LINE: f64 = 16.0;

/// The height a calendar's legend takes: one line per entry (their words are long).
fn legend_height(kind: Kind) -> f64 {
    LEGEND_LINE * kind.legend().len() as f64 + 8.0
}

/// The legend of a calendar from (`x`, `y`), one entry per line.
fn legend(s: &mut String, x: f64, y: f64, kind: Kind) {
    for (k, (label, class)) in kind.legend().into_iter().enumerate() {
        let ly = y + LEGEND_LINE * k as f64;
        let _ = write!(
            s,
            r#"<rect class="day {class}" x="{x:.1}" y="{ly:.1}" width="12" height="12"/><text class="legend" x="{:.1}" y="{:.1}">{label}</text>"#,
            x + 16.0,
            ly + 10.0
        );
    }
}

/// A monthly finding: one row per year, one cell per month, coloured by the month's worst
/// verdict (a copy is drawn on the month it was taken).
fn month_svg(report: &Report, name: &str, months: &BTreeMap<NaiveDate, Verdict>, kind: Kind) -> Option<String> {
    let (period_from, period_to) = period_days(report)?;
    let first_month = period_from.with_day(1)?;
    let first = months.keys().next().copied().unwrap_or(first_month).min(first_month);
    let last = months.keys().next_back().copied().unwrap_or(first_month).max(period_to.pred_opt()?.with_day(1)?);
    let years: Vec<i32> = (first.year()..=last.year()).take(20).collect();
    const CELL: f64 = 48.0;
    const LABEL: f64 = 48.0;
    const ROW: f64 = 26.0;
    let width = LABEL + 12.0 * CELL + 10.0;
    let height = ROW * years.len() as f64 + 20.0 + legend_height(kind);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" class="chart calendar months"><title>{}</title>"#,
        e(&format!("{name}: by month"))
    );
    for (row, year) in years.iter().enumerate() {
        let y = 8.0 + ROW * row as f64;
        let _ = write!(s, r#"<text class="label" x="0" y="{:.1}">{year}</text>"#, y + 16.0);
        for m in 1..=12u32 {
            let Some(month) = NaiveDate::from_ymd_opt(*year, m, 1) else { continue };
            let x = LABEL + CELL * f64::from(m - 1);
            let in_period = month >= first_month && month < period_to;
            let (class, state) = match months.get(&month) {
                Some(v) => (verdict_class(*v), kind.state(*v)),
                None if in_period => ("v-none", kind.blank()),
                None => ("v-outside", "outside the period"),
            };
            let _ = write!(
                s,
                r#"<rect class="day {class}" x="{x:.1}" y="{y:.1}" width="{:.1}" height="{:.1}"><title>{} {}: {state}</title></rect><text class="daynum" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                CELL - 3.0,
                ROW - 4.0,
                month.format("%Y-%m"),
                month.format("%B"),
                x + (CELL - 3.0) / 2.0,
                y + 15.0,
                month.format("%b")
            );
        }
    }
    legend(&mut s, LABEL, 8.0 + ROW * years.len() as f64 + 12.0, kind);
    s.push_str("</svg>");
    Some(s)
}
