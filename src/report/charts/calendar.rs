//! The backup calendar of the HTML report: one row per month, one cell per day, coloured by
//! the day's worst item verdict. The daily frequency lists only missing days (SPEC §3.4), so
//! an audited day without an item is drawn as present.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, Datelike, NaiveDate};
use serde_json::Value;

use super::{period_days, verdict_class, Chart};
use crate::checks::Verdict;
use crate::report::text::{shorten, MAX_FIELD_CHARS};
use crate::report::{escape_html as e, Report};

/// The backup calendars: one per backup frequency finding and database.
pub(super) fn backups(report: &Report) -> Vec<Chart> {
    let mut out = Vec::new();
    for f in report.commitments.iter().filter(|f| f.id.starts_with("backup.")) {
        // The daily frequency lists only the missing (and open) days (SPEC §3.4): once audited,
        // every other day of the period up to as-of had its backup and is drawn as present.
        let fill = is_daily_frequency(f) && f.verdict != Verdict::NotAudited;
        // Per database (`""` when the subject has none): day → worst verdict.
        let mut per_db: BTreeMap<String, BTreeMap<NaiveDate, Verdict>> = BTreeMap::new();
        if fill {
            for db in databases(f) {
                per_db.entry(db).or_default();
            }
        }
        for i in &f.items {
            let (day, db) = i.subject.split_once('/').unwrap_or((&i.subject, ""));
            let Ok(day) = NaiveDate::parse_from_str(day, "%Y-%m-%d") else { continue };
            let slot = per_db.entry(db.to_string()).or_default().entry(day).or_insert(i.verdict);
            if severity(i.verdict) > severity(*slot) {
                *slot = i.verdict;
            }
        }
        for (db, days) in per_db {
            let db = shorten(&db, MAX_FIELD_CHARS);
            let name = if db.is_empty() { f.id.clone() } else { format!("{} — {db}", f.id) };
            let Some(svg) = calendar_svg(report, &name, &days, fill) else { continue };
            let missing = days.values().filter(|v| **v == Verdict::Fail).count();
            out.push(Chart {
                id: format!("{}-{}", f.id, db).trim_end_matches('-').replace(['.', '/', ' '], "-"),
                title: format!("{name}: backup calendar"),
                caption: format!("Each day of the period: present, missing ({missing}) or not measured."),
                svg,
            });
        }
    }
    out
}

/// The daily frequency finding: its `measured` counts `days` (the monthly one counts months).
fn is_daily_frequency(f: &crate::checks::Finding) -> bool {
    f.id.ends_with(".frequency") && f.measured.contains_key("days")
}

/// The databases a frequency finding checked (`measured.databases`; `all` is drawn as `""`).
fn databases(f: &crate::checks::Finding) -> Vec<String> {
    let named: Vec<String> = f
        .measured
        .get("databases")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter().filter_map(Value::as_str).map(|d| if d == "all" { String::new() } else { d.to_string() }).collect()
        })
        .unwrap_or_default();
    if named.is_empty() {
        vec![String::new()]
    } else {
        named
    }
}

/// The first local day not begun at as-of (as-of at midnight: that day).
fn as_of_end(report: &Report) -> Option<NaiveDate> {
    let t = DateTime::parse_from_rfc3339(&report.period.as_of).ok()?;
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
fn calendar_svg(report: &Report, name: &str, days: &BTreeMap<NaiveDate, Verdict>, fill: bool) -> Option<String> {
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
    let height = CELL * months.len() as f64 + 46.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" class="chart calendar"><title>{}</title>"#,
        e(&format!("{name}: backup days"))
    );
    let (period_from, period_to) = period_days(report).unwrap_or((first_item, last_item.succ_opt()?));
    for (row, month) in months.iter().enumerate() {
        let y = 8.0 + CELL * row as f64;
        let _ = write!(s, r#"<text class="label" x="0" y="{:.1}">{}</text>"#, y + 14.0, month.format("%Y-%m"));
        let mut d = *month;
        while d.month() == month.month() {
            let x = LABEL + CELL * (d.day0() as f64);
            let (class, state) = match days.get(&d) {
                Some(Verdict::Pass) => ("v-pass", "present"),
                Some(Verdict::Fail) => ("v-fail", "missing"),
                Some(v) => (verdict_class(*v), v.name()),
                None if fill && d >= period_from && d < measured_to => ("v-pass", "present"),
                None if d >= period_from && d < period_to => ("v-none", "not measured"),
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
    let ly = 8.0 + CELL * months.len() as f64 + 12.0;
    let mut lx = LABEL;
    for (label, class) in [("present", "v-pass"), ("missing", "v-fail"), ("warn", "v-warn"), ("not measured", "v-none")]
    {
        let _ = write!(
            s,
            r#"<rect class="day {class}" x="{lx:.1}" y="{ly:.1}" width="12" height="12"/><text class="legend" x="{:.1}" y="{:.1}">{label}</text>"#,
            lx + 16.0,
            ly + 10.0
        );
        lx += 30.0 + 7.0 * label.len() as f64;
    }
    s.push_str("</svg>");
    Some(s)
}
