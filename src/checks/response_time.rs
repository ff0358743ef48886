//! Response time (SPEC §3.6; 000 §5.9.3): the average server response time of each calendar
//! month (profile zone) and data centre, weighted by each row's request count, against the
//! target (400 ms for Talentsoft). The mean comes from exact sums and counts; p50 / p95 / p99
//! come from a histogram and are informative (the booklet commits to the average only).

use super::{Context, Finding, Item, Measured, Note, Verdict};
use crate::ingest::response_times::{self, Month, MonthStats, ResponseTimes};
use crate::model::measured::ResponseTimeMeasured;
use crate::model::values::ResponseTimeValues;
use crate::profile::Commitment;

/// The calendar months that overlap the period, in the profile's zone.
pub fn months_in_period(ctx: &Context) -> Vec<Month> {
    let zone = ctx.profile.zone;
    let (from, to) = (ctx.period.from.timestamp(), ctx.period.to.timestamp());
    let local = ctx.period.from.with_timezone(&zone);
    let mut m = Month { year: chrono::Datelike::year(&local), month: chrono::Datelike::month(&local) };
    let mut out = Vec::new();
    loop {
        let (start, end) = m.bounds(zone);
        if start >= to {
            break;
        }
        if end > from {
            out.push(m);
        }
        m = m.next();
    }
    out
}

/// The values of one item (SPEC §4.1 names; percentiles null without per-request rows).
fn item_values(month: String, datacenter: String, stats: Option<&MonthStats>) -> ResponseTimeValues {
    let percentile = |q: f64| stats.and_then(|s| s.percentile_ms(q));
    let aggregated = stats.map_or(0, |s| s.aggregated_count);
    ResponseTimeValues {
        month,
        datacenter,
        // Exact (`MonthStats::mean_ms`): formats for people round it.
        avg_ms: stats.and_then(MonthStats::mean_ms),
        count: stats.map_or(0, |s| s.count),
        p50_ms: percentile(0.50),
        p95_ms: percentile(0.95),
        p99_ms: percentile(0.99),
        aggregated_count: (aggregated > 0).then_some(aggregated),
        percentiles_count: (aggregated > 0).then(|| stats.map_or(0, MonthStats::histogram_count)),
    }
}

/// Evaluates `response-time.average`: one item per month of the period and data centre.
pub fn check(c: &Commitment, max_avg_ms: f64, ctx: &Context, rt: &ResponseTimes) -> Finding {
    let months = months_in_period(ctx);
    let mut datacenters: Vec<&str> =
        rt.groups.keys().filter(|(m, _)| months.contains(m)).map(|(_, dc)| dc.as_str()).collect();
    datacenters.sort_unstable();
    datacenters.dedup();
    let mut items = Vec::new();
    let (mut passed, mut failed, mut missing, mut open) = (0, 0, 0, 0);
    let as_of = ctx.period.as_of.timestamp();
    // (mean, subject, count) of the highest mean.
    let mut worst: Option<(f64, String, u64)> = None;
    for m in &months {
        for dc in &datacenters {
            let stats = rt.groups.get(&(*m, dc.to_string()));
            let subject = format!("{m}/{dc}");
            let mean = stats.and_then(MonthStats::mean_ms);
            // A month not over at as-of: its average may still move either way.
            let in_progress = m.bounds(ctx.profile.zone).1 > as_of;
            let verdict = match stats {
                Some(s) if s.count > 0 && in_progress => Verdict::Open,
                Some(s) if s.count > 0 && s.mean_exceeds(max_avg_ms) => Verdict::Fail,
                Some(s) if s.count > 0 => Verdict::Pass,
                _ if in_progress => Verdict::Open,
                _ => Verdict::NotAudited,
            };
            match verdict {
                Verdict::Fail => failed += 1,
                Verdict::Pass => passed += 1,
                Verdict::Open => open += 1,
                _ => missing += 1,
            }
            let count = stats.map_or(0, |s| s.count);
            if let Some(mean) = mean {
                if worst.as_ref().is_none_or(|(w, _, _)| mean > *w) {
                    worst = Some((mean, subject.clone(), count));
                }
            }
            let detail = match mean {
                Some(mean) => {
                    let p95 = stats.and_then(|s| s.percentile_ms(0.95));
                    let p95 = p95.map_or(String::new(), |p| format!(", p95 {p:.0} ms (informative)"));
                    format!("average {mean:.1} ms over {}{p95}", super::plural(count as usize, "request", "requests"))
                }
                None => "no requests in the log for this month".to_string(),
            };
            items.push(Item::new(subject, verdict, item_values(m.to_string(), dc.to_string(), stats), detail));
        }
    }
    // Requests of the period, all data centres together (rows of weight 0 make groups, not
    // requests).
    let requests: u64 = rt.groups.iter().filter(|((m, _), _)| months.contains(m)).map(|(_, s)| s.count).sum();
    let verdict = if requests == 0 && !ctx.period.complete() {
        // A period not over with no request yet: they may still come.
        Verdict::Open
    } else if requests == 0 {
        // Nothing measured: never a pass, whatever the items say.
        Verdict::NotAudited
    } else if failed > 0 {
        Verdict::Fail
    } else if passed > 0 {
        Verdict::Pass
    } else if open > 0 {
        Verdict::Open
    } else {
        Verdict::NotAudited
    };
    let mut f = Finding::new(c, verdict);
    f.measured = Measured::ResponseTime(ResponseTimeMeasured {
        items: items.len(),
        passed,
        failed,
        without_data: (missing > 0).then_some(missing),
        open: (open > 0).then_some(open),
        // The ceiling and the highest mean, under names that cannot be taken for one another.
        target_ms: max_avg_ms,
        worst_avg_ms: worst.as_ref().map(|(m, _, _)| *m),
        informative: ["p50_ms", "p95_ms", "p99_ms"],
    });
    let mut without = if missing > 0 { format!("; {missing} without any request in the log") } else { String::new() };
    if open > 0 {
        without.push_str(&format!("; {open} of a month not over at as-of, open (its average may still change)"));
    }
    f.evidence = match (&worst, failed) {
        (Some((mean, subject, count)), 0) if passed == 0 => {
            let requests = super::plural(*count as usize, "request", "requests");
            format!("no month over yet; average so far {mean:.1} ms at {subject} over {requests}{without}")
        }
        (Some((mean, subject, count)), 0) => format!(
            "all {passed} month/data-centre averages ≤ {max_avg_ms} ms; highest {subject} at {mean:.1} ms over \
             {count} requests{without}"
        ),
        (Some((mean, subject, count)), n) => format!(
            "{n} of {} month/data-centre averages over {max_avg_ms} ms; worst {subject} at {mean:.1} ms over \
             {count} requests{without}",
            passed + failed
        ),
        // No mean anywhere: no request in the period (`requests == 0`).
        (None, _) => "no request in the period".to_string(),
    };
    f.headline = match &worst {
        Some((mean, subject, _)) => format!("max {mean:.1} ms ({subject})"),
        None => "no data".to_string(),
    };
    f.items = items;
    f
}

/// Notes for the report: requests outside the period, and months only partly inside it.
pub fn notes(ctx: &Context, rt: &ResponseTimes) -> Vec<Note> {
    let months = months_in_period(ctx);
    let mut notes = Vec::new();
    let cut = rt.cut(ctx.period.as_of);
    notes.extend(Note::rows_after_as_of(&rt.summary.path, &cut, &response_times::CUT, ctx.profile.zone));
    let outside: Vec<&Month> = {
        let mut v: Vec<&Month> = rt.groups.keys().map(|(m, _)| m).filter(|m| !months.contains(m)).collect();
        v.dedup();
        v
    };
    if !outside.is_empty() {
        let requests: u64 = rt.groups.iter().filter(|((m, _), _)| !months.contains(m)).map(|(_, s)| s.count).sum();
        let names: Vec<String> = outside.iter().map(|m| m.to_string()).collect();
        notes.push(Note::new(
            "outside-period",
            format!(
                "{}: {requests} requests of months outside the period ({}) were not evaluated",
                rt.summary.path,
                names.join(", ")
            ),
        ));
    }
    let zone = ctx.profile.zone;
    for m in &months {
        let (start, end) = m.bounds(zone);
        if start < ctx.period.from.timestamp() || end > ctx.period.to.timestamp() {
            notes.push(Note::new(
                "partial-month",
                format!(
                "response-time.average: {m} is only partly inside the period; the booklet's commitment is monthly, \
                 so the whole month's average is reported"
            ),
            ));
        }
    }
    if rt.groups.values().any(|s| s.aggregated_count > 0) {
        notes.push(Note::new(
            "pre-aggregated",
            "response-time.average: pre-aggregated rows count in the averages but carry no distribution; \
             percentiles use the per-request rows only (null when a month has none)"
                .to_string(),
        ));
    }
    notes
}

#[cfg(test)]
mod tests;
