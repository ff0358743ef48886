//! Preventive visits (SPEC §3.7; 003 art. 3.2 §4): in each contract year, read as the
//! calendar year, at least `base` visits plus one per server beyond the first, each lasting at
//! most a day.

use chrono::{Datelike, NaiveDate, NaiveTime};

use super::{Context, Finding, Item, Measured, Note, Values, Verdict};
use crate::calendar::{self, resolve_local};
use crate::ingest::visits::{Visit, VisitLog};
use crate::model::measured::VisitsMeasured;
use crate::model::values::{VisitLengthValues, VisitsYearValues};
use crate::profile::{Commitment, Rule};

/// Where the number of servers came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServersFrom {
    /// `--servers` or the contract file.
    Given,
    /// Distinct hosts in the metrics.
    Metrics,
    /// Distinct hosts in the visits (no metrics given).
    Visits,
}

impl ServersFrom {
    fn name(self) -> &'static str {
        match self {
            ServersFrom::Given => "given",
            ServersFrom::Metrics => "hosts in the metrics",
            ServersFrom::Visits => "hosts in the visits",
        }
    }
}

/// The note counting the visits dated after `--as-of`, when there are any.
pub fn notes(ctx: &Context, log: &VisitLog) -> Option<Note> {
    Note::rows_after_as_of("visits", &log.cut, &crate::ingest::visits::CUT, ctx.profile.zone)
}

/// Evaluates `visits.count` on the visits made as of `--as-of` (the visits' fold,
/// [`VisitLog`], left out the later ones). `metric_hosts` is the number of distinct hosts in
/// the metrics, when they were given.
pub fn check(ctx: &Context, c: &Commitment, visits: &[Visit], metric_hosts: Option<usize>) -> Finding {
    let Rule::VisitsCount { base, max_hours, servers } = &c.rule else {
        return Finding::new(c, Verdict::NotApplicable);
    };
    let visits: Vec<&Visit> = visits.iter().collect();
    let (servers, from) = match (servers, metric_hosts) {
        (Some(n), _) => (*n as usize, ServersFrom::Given),
        (None, Some(n)) => (n, ServersFrom::Metrics),
        (None, None) => {
            let hosts: std::collections::BTreeSet<&str> = visits.iter().map(|v| v.host.as_str()).collect();
            (hosts.len(), ServersFrom::Visits)
        }
    };
    let required = *base as usize + servers.saturating_sub(1);
    let zone = ctx.profile.zone;
    let cut = ctx.period.cut();
    let first_year = ctx.period.from.with_timezone(&zone).year();
    let last_year = calendar::earlier(ctx.period.to, chrono::Duration::seconds(1)).with_timezone(&zone).year();
    let mut items = Vec::new();
    for year in first_year..=last_year {
        let count = visits.iter().filter(|v| v.date.year() == year).count();
        let year_end = NaiveDate::from_ymd_opt(year + 1, 1, 1).map(|d| resolve_local(zone, d.and_time(NaiveTime::MIN)));
        let over = year_end.is_some_and(|e| e <= cut);
        let verdict = if count >= required {
            Verdict::Pass
        } else if over {
            Verdict::Fail
        } else {
            Verdict::Open
        };
        let state = if over { "year over" } else { "year not over" };
        items.push(Item::new(
            year.to_string(),
            verdict,
            VisitsYearValues { visits: count, required },
            format!("{count} of {required} visits ({state})"),
        ));
    }
    let mut without_duration = 0;
    for v in visits.iter().filter(|v| (first_year..=last_year).contains(&v.date.year())) {
        match v.duration_hours {
            None => without_duration += 1,
            Some(h) if h > *max_hours => {
                items.push(Item::new(
                    format!("{}/{}", v.date, v.host),
                    Verdict::Fail,
                    VisitLengthValues { duration_hours: h, max_hours: *max_hours },
                    format!("visit of {h} h, over {max_hours} h"),
                ));
            }
            Some(_) => {}
        }
    }
    let failed = items.iter().filter(|i| i.verdict == Verdict::Fail).count();
    let open = items.iter().filter(|i| i.verdict == Verdict::Open).count();
    let verdict = Verdict::roll_up(failed, open, Verdict::Open);
    let mut f = Finding::new(c, verdict);
    f.measured = Measured::Visits(VisitsMeasured {
        servers,
        servers_from: from.name(),
        required_per_year: required,
        visits_without_duration: without_duration,
    });
    let counts: Vec<String> = items
        .iter()
        .filter(|i| matches!(i.values, Values::VisitsYear(_)))
        .map(|i| format!("{}: {}", i.subject, i.detail()))
        .collect();
    f.evidence = format!(
        "{required} visits a year required ({base} + {} extra servers, {servers} servers from {}); {}",
        servers.saturating_sub(1),
        from.name(),
        counts.join("; ")
    );
    let long = items.iter().filter(|i| i.values.to_map().contains_key("duration_hours")).count();
    if long > 0 {
        f.evidence.push_str(&format!("; {long} visits longer than {max_hours} h"));
    }
    f.headline = counts.join("; ");
    f.items = items;
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::ctx_for;
    use serde_json::json;

    fn visit(d: &str, host: &str, h: Option<f64>) -> Visit {
        Visit { date: d.parse().unwrap(), host: host.into(), duration_hours: h, line: 2 }
    }

    /// The visits as the audit `ctx` sees them (its fold leaves out those after as-of).
    fn fold(ctx: &Context, v: &[Visit]) -> VisitLog {
        let summary = crate::checks::test_support::summary("visits", "v.csv", v.len() as u64);
        VisitLog::new(v.to_vec(), ctx.profile.zone, ctx.period.as_of, summary)
    }

    #[test]
    fn two_plus_one_per_extra_server_in_a_finished_year() {
        // 3 servers → 2 + (3 − 1) = 4 visits required in 2025; 3 given → fail (the year is over
        // at the period end 2026-01-01).
        let ctx = ctx_for("preventcare", "2025-12");
        let mut c = ctx.profile.commitment("visits.count").unwrap().clone();
        c.rule = Rule::VisitsCount { base: 2, max_hours: 24.0, servers: Some(3) };
        let v =
            [visit("2025-02-10", "a", Some(7.0)), visit("2025-06-10", "b", None), visit("2025-11-03", "c", Some(8.0))];
        let f = check(&ctx, &c, &v, None);
        assert_eq!(f.verdict, Verdict::Fail);
        assert_eq!(f.items[0].values.to_map()["required"], json!(4));
        assert_eq!(f.items[0].values.to_map()["visits"], json!(3));
        // One more visit → 4 ≥ 4: pass.
        let mut v = v.to_vec();
        v.push(visit("2025-12-01", "a", Some(6.0)));
        assert_eq!(check(&ctx, &c, &v, None).verdict, Verdict::Pass);
    }

    #[test]
    fn short_count_in_an_unfinished_year_is_open_and_a_long_visit_fails() {
        // Servers from the metrics: 1 host → 2 visits; 1 visit by October 2026 → open.
        let ctx = ctx_for("preventcare", "2026-10");
        let c = ctx.profile.commitment("visits.count").unwrap().clone();
        let v = [visit("2026-03-02", "a", Some(6.0))];
        assert_eq!(check(&ctx, &c, &v, Some(1)).verdict, Verdict::Open);
        // A visit of 30 h > 24 h fails.
        let v = [visit("2026-03-02", "a", Some(30.0)), visit("2026-09-02", "a", Some(5.0))];
        let f = check(&ctx, &c, &v, Some(1));
        assert_eq!(f.verdict, Verdict::Fail);
        assert_eq!(f.items[1].subject, "2026-03-02/a");
    }

    #[test]
    fn visits_dated_after_as_of_are_left_out_and_noted() {
        // One server → 2 visits required in 2026. Audit of October 2026 as of its end
        // (1 Nov 00:00): visits of 2 Mar and 1 Nov (the newer export). 1 Nov starts at the
        // as-of instant, so it is not seen: 1 of 2 visits → open, and a note counts 1.
        let ctx = ctx_for("preventcare", "2026-10");
        let c = ctx.profile.commitment("visits.count").unwrap().clone();
        let v = [visit("2026-03-02", "a", Some(6.0)), visit("2026-11-01", "a", Some(6.0))];
        let log = fold(&ctx, &v);
        let f = check(&ctx, &c, &log.visits, Some(1));
        assert_eq!(f.items[0].values.to_map()["visits"], json!(1));
        assert_eq!(f.verdict, Verdict::Open);
        assert!(notes(&ctx, &log).is_some_and(|n| n.contains("1 visit dated after as-of")));
        // As of 15 Oct 12:00, a visit on 15 Oct (its day began at 00:00) is seen, one on
        // 20 Oct is not: 2 Mar + 15 Oct = 2 ≥ 2 → pass.
        let mut ctx = ctx;
        ctx.period.as_of = crate::checks::test_support::paris("2026-10-15 12:00");
        let v = [visit("2026-03-02", "a", None), visit("2026-10-15", "a", None), visit("2026-10-20", "a", None)];
        let f = check(&ctx, &c, &fold(&ctx, &v).visits, Some(1));
        assert_eq!(f.items[0].values.to_map()["visits"], json!(2));
        assert_eq!(f.verdict, Verdict::Pass);
        assert_eq!(f.measured.to_map()["visits_without_duration"], json!(2));
    }
}
