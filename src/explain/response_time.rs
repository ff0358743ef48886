//! Response time per month and data centre: the requests counted, the weighted mean as the
//! audit computes it ([`MonthStats::mean_ms`]), the percentiles, and the span of the log.

use serde_json::json;

use super::model::{Part, Table};
use super::{find_item, subject_matches};
use crate::checks::response_time::months_in_period;
use crate::checks::{Context, Finding};
use crate::ingest::response_times::{MonthStats, ResponseTimes};
use crate::profile::Commitment;

/// The parts for the month/data-centre groups of the period matching `subject`.
pub fn parts(
    ctx: &Context,
    c: &Commitment,
    max_avg_ms: f64,
    rt: &ResponseTimes,
    findings: &[Finding],
    subject: &str,
) -> Vec<Part> {
    let months = months_in_period(ctx);
    let mut out = Vec::new();
    for ((m, dc), stats) in rt.groups.iter().filter(|((m, _), _)| months.contains(m)) {
        let subj = format!("{m}/{dc}");
        if !subject_matches(&subj, subject) {
            continue;
        }
        let mut p = Part::new(c, Some(subj.clone()));
        p.verdict = find_item(findings, &c.id, &subj).map(|i| i.verdict);
        let mean = stats.mean_ms();
        p.lines.push(format!(
            "{} requests in {m} at {dc}{}: weighted mean {} ms against at most {max_avg_ms} ms ({})",
            stats.count,
            if stats.aggregated_count > 0 {
                format!(" ({} from pre-aggregated rows)", stats.aggregated_count)
            } else {
                String::new()
            },
            mean.map_or("—".to_string(), |v| v.to_string()),
            if stats.mean_exceeds(max_avg_ms) { "over" } else { "within" }
        ));
        if let Some((a, b)) = rt.summary.span {
            p.lines.push(format!("the log's rows run from {} to {}", super::local(ctx, a), super::local(ctx, b)));
        }
        p.figure("avg_ms", mean);
        p.figure("count", stats.count);
        let mut t = Table::new("the month's requests", &["figure", "ms"]);
        for (name, q) in [("p50", 0.50), ("p95", 0.95), ("p99", 0.99)] {
            t.rows.push(vec![json!(name), json!(MonthStats::percentile_ms(stats, q))]);
        }
        t.rows.push(vec![json!("mean"), json!(mean)]);
        p.tables.push(t);
        out.push(p);
    }
    out
}
