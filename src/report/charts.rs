//! Inline SVG charts for the HTML report, drawn from the findings' SPEC §4.1 fields: monthly
//! availability against its target, each ticket's resolution time against its target (one
//! chart per severity), a calendar of backup days present and missing, and the monthly
//! response-time average per data centre against its ceiling. A chart whose data is absent
//! is not drawn. Every label is escaped with [`escape_html`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, Datelike, NaiveDate};
use serde_json::{Map, Value};

use super::{escape_html as e, Report};
use crate::checks::Verdict;

/// One chart: what it shows and its SVG.
#[derive(Debug, Clone)]
pub struct Chart {
    /// A stable id for the page's anchors (`availability`, `resolution-blocking`, …).
    pub id: String,
    /// Heading.
    pub title: String,
    /// One sentence saying how to read it.
    pub caption: String,
    /// The `<svg>` element.
    pub svg: String,
}

/// Every chart the report's data allow, in a fixed order.
pub fn charts(report: &Report) -> Vec<Chart> {
    let mut out = Vec::new();
    out.extend(availability(report));
    out.extend(resolution(report));
    out.extend(backups(report));
    out.extend(response_time(report));
    out
}

/// The CSS class of a verdict (`v-pass`, `v-not-audited`, …).
pub fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "v-pass",
        Verdict::Warn => "v-warn",
        Verdict::Fail => "v-fail",
        Verdict::Open => "v-open",
        Verdict::NotApplicable => "v-na",
        Verdict::NotAudited => "v-not-audited",
    }
}

fn num(m: &Map<String, Value>, keys: &[&str]) -> Option<f64> {
    keys.iter().find_map(|k| m.get(*k).and_then(Value::as_f64))
}

/// The first number of a target in words (`≥ 99.5 % over 6 months` → 99.5).
fn number_in(text: &str) -> Option<f64> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
        .find_map(|t| t.replace(',', ".").trim_matches('.').parse().ok())
}

/// A number for an axis label: at most two decimals, no trailing zeros.
fn fmt_num(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The smallest of 1, 2, 2.5, 5 × 10^k at least `x`: a round top for an axis.
fn nice_ceil(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 1.0;
    }
    let scale = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * scale).find(|v| *v >= x).unwrap_or(10.0 * scale)
}

/// One bar: its value, its CSS class, an optional per-bar target tick and a tooltip.
struct Bar {
    value: f64,
    class: String,
    target: Option<f64>,
    tooltip: String,
}

/// A group of bars under one x label (a month, a ticket).
struct Group {
    label: String,
    bars: Vec<Bar>,
}

/// A vertical bar chart with an optional horizontal target line.
struct BarChart {
    title: String,
    groups: Vec<Group>,
    y_min: f64,
    y_max: f64,
    unit: &'static str,
    target_line: Option<(f64, String)>,
    legend: Vec<(String, String)>,
}

const W: f64 = 760.0;
const H: f64 = 260.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 48.0;

impl BarChart {
    fn y(&self, v: f64) -> f64 {
        let v = v.clamp(self.y_min, self.y_max);
        TOP + (H - TOP - BOTTOM) * (1.0 - (v - self.y_min) / (self.y_max - self.y_min))
    }

    fn render(&self) -> String {
        let mut s = String::new();
        let _ = write!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" class="chart"><title>{}</title>"#,
            e(&self.title)
        );
        // Axis with three gridlines.
        for k in 0..=2 {
            let v = self.y_min + (self.y_max - self.y_min) * k as f64 / 2.0;
            let y = self.y(v);
            let _ = write!(
                s,
                r#"<line class="grid" x1="{LEFT}" y1="{y:.1}" x2="{}" y2="{y:.1}"/><text class="axis" x="{}" y="{:.1}" text-anchor="end">{} {}</text>"#,
                W - RIGHT,
                LEFT - 6.0,
                y + 4.0,
                fmt_num(v),
                self.unit
            );
        }
        let plot_w = W - LEFT - RIGHT;
        let n = self.groups.len().max(1) as f64;
        let group_w = plot_w / n;
        let label_every = (self.groups.len() / 24).max(1);
        for (gi, g) in self.groups.iter().enumerate() {
            let gx = LEFT + group_w * gi as f64;
            let bar_w = (group_w * 0.8 / g.bars.len().max(1) as f64).clamp(0.5, 48.0);
            let inset = (group_w - bar_w * g.bars.len() as f64) / 2.0;
            for (bi, b) in g.bars.iter().enumerate() {
                let x = gx + inset + bar_w * bi as f64;
                let y = self.y(b.value);
                let base = self.y(self.y_min);
                let clipped = if b.value > self.y_max { " clipped" } else { "" };
                let _ = write!(
                    s,
                    r#"<rect class="bar {}{clipped}" x="{x:.1}" y="{y:.1}" width="{bar_w:.1}" height="{:.1}"><title>{}</title></rect>"#,
                    e(&b.class),
                    (base - y).max(0.5),
                    e(&b.tooltip)
                );
                if let Some(t) = b.target {
                    let ty = self.y(t);
                    let _ = write!(
                        s,
                        r#"<line class="tick" x1="{:.1}" y1="{ty:.1}" x2="{:.1}" y2="{ty:.1}"/>"#,
                        x - 1.0,
                        x + bar_w + 1.0
                    );
                }
            }
            if gi % label_every == 0 {
                let _ = write!(
                    s,
                    r#"<text class="label" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                    gx + group_w / 2.0,
                    H - BOTTOM + 16.0,
                    e(&g.label)
                );
            }
        }
        if let Some((t, label)) = &self.target_line {
            let y = self.y(*t);
            let _ = write!(
                s,
                r#"<line class="target" x1="{LEFT}" y1="{y:.1}" x2="{}" y2="{y:.1}"/><text class="target-label" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
                W - RIGHT,
                W - RIGHT,
                y - 4.0,
                e(label)
            );
        }
        let mut lx = LEFT;
        for (label, class) in &self.legend {
            let _ = write!(
                s,
                r#"<rect class="bar {}" x="{lx:.1}" y="{:.1}" width="10" height="10"/><text class="legend" x="{:.1}" y="{:.1}">{}</text>"#,
                e(class),
                H - 18.0,
                lx + 14.0,
                H - 9.0,
                e(label)
            );
            lx += 24.0 + 7.0 * label.chars().count() as f64;
        }
        s.push_str("</svg>");
        s
    }
}

fn availability(report: &Report) -> Option<Chart> {
    let f = report.commitments.iter().find(|f| f.id == "availability" || f.id.starts_with("availability."))?;
    let mut points: Vec<(String, f64, Verdict)> = f
        .items
        .iter()
        .filter_map(|i| Some((i.subject.clone(), num(&i.values, &["availability_pct"])?, i.verdict)))
        .collect();
    if points.is_empty() {
        let pct = num(&f.measured, &["availability_pct"])?;
        points.push((period_label(report), pct, f.verdict));
    }
    let target = num(&f.measured, &["target_pct"])
        .or_else(|| f.items.iter().find_map(|i| num(&i.values, &["target_pct"])))
        .or_else(|| number_in(&f.target));
    let lowest = points.iter().map(|p| p.1).chain(target).fold(100.0, f64::min);
    let y_min = ((lowest - 0.5).floor()).max(0.0);
    let chart = BarChart {
        title: format!("{}: availability per month", f.id),
        groups: points
            .iter()
            .map(|(label, pct, v)| Group {
                label: label.clone(),
                bars: vec![Bar {
                    value: *pct,
                    class: verdict_class(*v).to_string(),
                    target: None,
                    tooltip: format!("{label}: {} % ({})", fmt_num(*pct), v.name()),
                }],
            })
            .collect(),
        y_min,
        y_max: 100.0,
        unit: "%",
        target_line: target.map(|t| (t, format!("target {} %", fmt_num(t)))),
        legend: Vec::new(),
    };
    Some(Chart {
        id: "availability".into(),
        title: "Availability per month".into(),
        caption: format!("Measured availability against the target ({}).", f.target),
        svg: chart.render(),
    })
}

/// The period as a month label (`2026-10`), or `2026-07 – 2026-09` when it spans several.
fn period_label(report: &Report) -> String {
    match period_days(report) {
        Some((from, to)) => {
            let last = to.pred_opt().unwrap_or(to);
            let (a, b) = (from.format("%Y-%m").to_string(), last.format("%Y-%m").to_string());
            if a == b {
                a
            } else {
                format!("{a} – {b}")
            }
        }
        None => report.period.from.clone(),
    }
}

/// The local days of the period: [first, end).
fn period_days(report: &Report) -> Option<(NaiveDate, NaiveDate)> {
    let from = DateTime::parse_from_rfc3339(&report.period.from).ok()?;
    let to = DateTime::parse_from_rfc3339(&report.period.to).ok()?;
    let end = if to.time() == chrono::NaiveTime::MIN { to.date_naive() } else { to.date_naive().succ_opt()? };
    Some((from.date_naive(), end))
}

fn resolution(report: &Report) -> Vec<Chart> {
    report
        .commitments
        .iter()
        .filter(|f| f.id.starts_with("ticket."))
        .filter_map(|f| {
            let bars: Vec<(String, f64, Option<f64>, Verdict, String)> = f
                .items
                .iter()
                .filter_map(|i| {
                    let measured = num(&i.values, &["measured_minutes"])? / 60.0;
                    let target = num(&i.values, &["target_minutes"]).map(|t| t / 60.0);
                    let title = i.values.get("title").and_then(Value::as_str).unwrap_or("");
                    Some((i.subject.clone(), measured, target, i.verdict, title.to_string()))
                })
                .collect();
            if bars.is_empty() {
                return None;
            }
            let max_target = bars.iter().filter_map(|b| b.2).fold(0.0, f64::max);
            let max_value = bars.iter().map(|b| b.1).fold(0.0, f64::max);
            // A ticket far over its target would squash the others: the axis stops at three
            // times the largest target and taller bars are drawn clipped (their tooltip says).
            let top = if max_target > 0.0 { max_value.min(3.0 * max_target).max(max_target) } else { max_value };
            let y_max = nice_ceil(top * 1.05);
            let severity = f.id.rsplit('.').next().unwrap_or(&f.id).to_string();
            let few = bars.len() <= 30;
            let chart = BarChart {
                title: format!("{}: each ticket's time against its target", f.id),
                groups: bars
                    .iter()
                    .map(|(subject, h, t, v, title)| Group {
                        label: if few { subject.clone() } else { String::new() },
                        bars: vec![Bar {
                            value: *h,
                            class: verdict_class(*v).to_string(),
                            target: *t,
                            tooltip: format!(
                                "{subject} {title}: {} h of {} ({})",
                                fmt_num(*h),
                                t.map_or("no target".to_string(), |t| format!("{} h", fmt_num(t))),
                                v.name()
                            ),
                        }],
                    })
                    .collect(),
                y_min: 0.0,
                y_max,
                unit: "h",
                target_line: None,
                legend: vec![
                    ("within target".into(), "v-pass".into()),
                    ("over target".into(), "v-fail".into()),
                    ("open".into(), "v-open".into()),
                ],
            };
            Some(Chart {
                id: format!("resolution-{}", severity),
                title: format!("{} per ticket", f.id),
                caption: format!(
                    "Business hours per ticket ({} tickets); the black tick on each bar is its target ({}).",
                    bars.len(),
                    f.target
                ),
                svg: chart.render(),
            })
        })
        .collect()
}

fn backups(report: &Report) -> Vec<Chart> {
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
        Verdict::Pass => 2,
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

fn response_time(report: &Report) -> Option<Chart> {
    let f = report.commitments.iter().find(|f| f.id.starts_with("response-time"))?;
    // month → data centre → (avg, verdict); data centres in first-seen order.
    let mut months: BTreeMap<String, BTreeMap<String, (f64, Verdict)>> = BTreeMap::new();
    let mut centres: Vec<String> = Vec::new();
    for i in &f.items {
        let Some((month, dc)) = i.subject.split_once('/') else { continue };
        let Some(avg) = num(&i.values, &["avg_ms"]) else { continue };
        if !centres.iter().any(|c| c == dc) {
            centres.push(dc.to_string());
        }
        months.entry(month.to_string()).or_default().insert(dc.to_string(), (avg, i.verdict));
    }
    if months.is_empty() {
        return None;
    }
    let target = num(&f.measured, &["max_avg_ms", "target_ms"])
        .or_else(|| f.items.iter().find_map(|i| num(&i.values, &["max_avg_ms", "target_ms"])))
        .or_else(|| number_in(&f.target))
        .unwrap_or(400.0);
    let max = months.values().flat_map(|m| m.values().map(|(a, _)| *a)).fold(target, f64::max);
    let series = |dc: &str| format!("s{}", centres.iter().position(|c| c == dc).unwrap_or(0) % 6);
    let chart = BarChart {
        title: format!("{}: monthly average per data centre", f.id),
        groups: months
            .iter()
            .map(|(month, per_dc)| Group {
                label: month.clone(),
                bars: centres
                    .iter()
                    .filter_map(|dc| {
                        let (avg, v) = per_dc.get(dc)?;
                        let over = if *v == Verdict::Fail { " over" } else { "" };
                        Some(Bar {
                            value: *avg,
                            class: format!("{}{over}", series(dc)),
                            target: None,
                            tooltip: format!("{month} {dc}: {} ms ({})", fmt_num(*avg), v.name()),
                        })
                    })
                    .collect(),
            })
            .collect(),
        y_min: 0.0,
        y_max: nice_ceil(max * 1.05),
        unit: "ms",
        target_line: Some((target, format!("ceiling {} ms", fmt_num(target)))),
        legend: centres.iter().map(|dc| (dc.clone(), series(dc))).collect(),
    };
    Some(Chart {
        id: "response-time".into(),
        title: "Response time per data centre".into(),
        caption: format!("Monthly average server response time against the ceiling ({}).", f.target),
        svg: chart.render(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_tops_are_round() {
        // 23.28 → 25; 503 → 1000 (next of 1, 2, 2.5, 5 × 100 above 503 is 1000); 44 → 50.
        assert_eq!(nice_ceil(23.28), 25.0);
        assert_eq!(nice_ceil(503.0), 1000.0);
        assert_eq!(nice_ceil(44.0), 50.0);
        assert_eq!(nice_ceil(0.0), 1.0);
    }

    #[test]
    fn targets_are_read_from_words() {
        assert_eq!(number_in("≥ 99.5 % over 6 months"), Some(99.5));
        assert_eq!(number_in("monthly average ≤ 400 ms per data centre"), Some(400.0));
        assert_eq!(number_in("≥ 99,5 %"), Some(99.5));
        assert_eq!(number_in("no commitment"), None);
    }
}
