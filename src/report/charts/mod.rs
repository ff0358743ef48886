//! Inline SVG charts for the HTML report, drawn from the findings' SPEC §4.1 fields: monthly
//! availability against its target, each ticket's resolution time against its target (one
//! chart per severity), a calendar of backup days present and missing, and the monthly
//! response-time average per data centre against its ceiling. A chart whose data is absent
//! is not drawn. Every label is escaped with [`escape_html`](crate::report::escape_html).

mod bar;
mod calendar;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use bar::{fmt_num, nice_ceil, Bar, BarChart, Group};
use calendar::backups;

use super::text::{shorten, MAX_FIELD_CHARS};
use super::Report;
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

/// The most tickets a per-ticket chart draws.
const MAX_TICKET_BARS: usize = 60;

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
        Verdict::Waived => "v-waived",
    }
}

fn availability(report: &Report) -> Option<Chart> {
    let f = report.commitments.iter().find(|f| f.id == "availability" || f.id.starts_with("availability."))?;
    let mut points: Vec<(String, f64, Verdict)> =
        f.items.iter().filter_map(|i| Some((i.subject.clone(), i.values.availability_pct()?, i.verdict))).collect();
    if points.is_empty() {
        let pct = f.measured.availability_pct()?;
        points.push((period_label(report), pct, f.verdict));
    }
    let target = f.goal.percent();
    let lowest = points.iter().map(|p| p.1).chain(target).fold(100.0, f64::min);
    let y_min = ((lowest - 0.5).floor()).max(0.0);
    let chart = BarChart {
        title: format!("{}: availability", f.id),
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
    let per_month = !f.items.is_empty();
    Some(Chart {
        id: "availability".into(),
        title: if per_month { "Availability per month" } else { "Availability over the measured window" }.into(),
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
        None => report.period.from.text(),
    }
}

/// The local days of the period: [first, end).
fn period_days(report: &Report) -> Option<(NaiveDate, NaiveDate)> {
    let (from, to) = (report.period.from.local(), report.period.to.local());
    let end = if to.time() == chrono::NaiveTime::MIN { to.date_naive() } else { to.date_naive().succ_opt()? };
    Some((from.date_naive(), end))
}

fn resolution(report: &Report) -> Vec<Chart> {
    report
        .commitments
        .iter()
        .filter(|f| f.id.starts_with("ticket."))
        .filter_map(|f| {
            let mut bars: Vec<(String, f64, Option<f64>, Verdict, String)> = f
                .items
                .iter()
                .filter_map(|i| {
                    let time = i.values.ticket_time()?;
                    let measured = time.measured_minutes as f64 / 60.0;
                    let target = time.target_minutes.map(|t| t as f64 / 60.0);
                    let title = time.title.unwrap_or("");
                    // Labels and tooltips are cut as table cells are (a ticket's subject).
                    let (subject, title) = (shorten(&i.subject, MAX_FIELD_CHARS), shorten(title, MAX_FIELD_CHARS));
                    Some((subject.into_owned(), measured, target, i.verdict, title.into_owned()))
                })
                .collect();
            if bars.is_empty() {
                return None;
            }
            // Hundreds of tickets do not fit side by side: the chart keeps the ones furthest
            // over (or nearest to) their target, worst first; the page lists every failing one.
            let total = bars.len();
            if total > MAX_TICKET_BARS {
                let ratio = |b: &(String, f64, Option<f64>, Verdict, String)| match b.2 {
                    Some(t) if t > 0.0 => b.1 / t,
                    _ => 0.0,
                };
                bars.sort_by(|a, b| ratio(b).total_cmp(&ratio(a)));
                bars.truncate(MAX_TICKET_BARS);
            }
            let max_target = bars.iter().filter_map(|b| b.2).fold(0.0, f64::max);
            let max_value = bars.iter().map(|b| b.1).fold(0.0, f64::max);
            // A ticket far over its target would squash the others: the axis stops at three
            // times the largest target and taller bars are drawn clipped (their tooltip says).
            let top = if max_target > 0.0 { max_value.min(3.0 * max_target).max(max_target) } else { max_value };
            let y_max = nice_ceil(top * 1.05);
            let severity = f.id.rsplit('.').next().unwrap_or(&f.id).to_string();
            let chart = BarChart {
                title: format!("{}: each ticket's time against its target", f.id),
                groups: bars
                    .iter()
                    .map(|(subject, h, t, v, title)| Group {
                        label: subject.clone(),
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
                caption: if total > MAX_TICKET_BARS {
                    format!(
                        "Business hours of the {} tickets furthest over, or nearest to, their target ({}), of {total}, \
                         worst first; the black tick on each bar is its target. The failing ones are all listed \
                         under the commitment.",
                        bars.len(),
                        f.target
                    )
                } else {
                    format!(
                        "Business hours per ticket ({total} tickets); the black tick on each bar is its target ({}).",
                        f.target
                    )
                },
                svg: chart.render(),
            })
        })
        .collect()
}

fn response_time(report: &Report) -> Option<Chart> {
    let f = report.commitments.iter().find(|f| f.id.starts_with("response-time"))?;
    // month → data centre → (avg, verdict); data centres in first-seen order.
    let mut months: BTreeMap<String, BTreeMap<String, (f64, Verdict)>> = BTreeMap::new();
    let mut centres: Vec<String> = Vec::new();
    for i in &f.items {
        let Some((month, dc)) = i.values.month_and_datacenter() else { continue };
        // Cut as the subject `month/centre` is cut in a table cell.
        let dc = &*shorten(dc, MAX_FIELD_CHARS.saturating_sub(month.chars().count() + 1));
        let Some(avg) = i.values.avg_ms() else { continue };
        if !centres.iter().any(|c| c == dc) {
            centres.push(dc.to_string());
        }
        months.entry(month.to_string()).or_default().insert(dc.to_string(), (avg, i.verdict));
    }
    if months.is_empty() {
        return None;
    }
    let target = f.goal.milliseconds().unwrap_or(400.0);
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
}
