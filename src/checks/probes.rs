//! The customer's own probes against the vendor's downtime log (`--probes`).
//!
//! The probes are folded in `ingest::probes` ([`ProbeLog`]): runs of failed probes become
//! interruptions, time without a probe is unknown (never counted as available). The fold looks
//! at the [`window`] the availability commitments need.
//!
//! Alone, probes give the availability: the same check as a downtime log, on the failures
//! plus the unknown time counted as down; a breach that only the unknown time makes is not
//! certain, and the verdict is then `open` with both figures. With a downtime log, the log
//! gives the verdict, and the probes say what it leaves out: the failures it does not hold
//! (unreported downtime, with their minutes), the interruptions during which the probes saw
//! the service up, and whether the probes' availability would change the verdict.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::availability::{self, Set};
use super::{Context, Finding, Measured, Verdict};
use crate::ingest::cut::AsOfCut;
use crate::ingest::downtime::{DowntimeLog, Interruption};
use crate::ingest::probes::ProbeLog;
use crate::model::measured::FromProbes;
use crate::model::Instant;
use crate::profile::{AvailabilityScheme, Rule};

/// The first instant any availability commitment of the profile looks at.
pub fn window_start(ctx: &Context) -> DateTime<Utc> {
    let six = ctx
        .profile
        .commitments
        .iter()
        .any(|c| matches!(&c.rule, Rule::Availability { scheme: AvailabilityScheme::SixMonths { .. }, .. }));
    if six {
        availability::six_month_window(ctx).0.min(ctx.period.from)
    } else {
        ctx.period.from
    }
}

/// The window the probes' fold looks at: from [`window_start`] to the cut (as-of or the
/// period's end).
pub fn window(ctx: &Context) -> (DateTime<Utc>, DateTime<Utc>) {
    (window_start(ctx), ctx.period.cut())
}

/// One span of the comparison, in the profile's zone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Span {
    /// Start.
    pub start: Instant,
    /// End (`null`: still going at as-of).
    pub end: Option<Instant>,
    /// Its minutes (rounded up).
    pub minutes: i64,
    /// The minutes in question: not in the vendor's log (unreported), or seen up by the probes
    /// (unseen).
    pub minutes_in_question: i64,
}

/// What the probes add to the audit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProbesOut {
    /// The probes file.
    pub path: String,
    /// `probes` when the availability was measured from them, `downtime` when from the
    /// vendor's log.
    pub availability_source: &'static str,
    /// Probes read.
    pub probes: usize,
    /// Probes dated after as-of, left out.
    pub after_as_of: usize,
    /// Consecutive failures that make an interruption.
    pub min_failures: usize,
    /// Failed probes that made none.
    pub lone_failures: usize,
    /// The longest gap between probes still known, minutes.
    pub max_gap_minutes: i64,
    /// Minutes without a probe over the window the availability looks at: never available.
    pub unknown_minutes: i64,
    /// The interruptions the probes saw.
    pub interruptions: Vec<Span>,
    /// The availability from the probes, unknown time counted as down.
    pub availability_pct: Option<f64>,
    /// The same with unknown time counted as up: the most the probes could show.
    pub availability_pct_if_unknown_up: Option<f64>,
    /// Interruptions the probes saw that the vendor's log does not hold (with a downtime log).
    pub unreported: Vec<Span>,
    /// The vendor's interruptions during which the probes saw the service up.
    pub unseen: Vec<Span>,
    /// The probes' verdict on availability, and whether it differs from the log's.
    pub verdict_from_probes: Option<Verdict>,
    /// Whether the probes' verdict would change the log's (with a downtime log).
    pub would_change: Option<bool>,
}

fn minutes(set: &Set) -> i64 {
    super::resolution::ceil_minutes(set.seconds())
}

fn span(ctx: &Context, start: DateTime<Utc>, end: Option<DateTime<Utc>>, all: &Set, question: &Set) -> Span {
    let z = ctx.profile.zone;
    Span {
        start: Instant::new(start, z),
        end: end.map(|e| Instant::new(e, z)),
        minutes: minutes(all),
        minutes_in_question: minutes(question),
    }
}

/// The availability findings of `log` for every availability commitment: (pessimistic,
/// optimistic).
fn availability_of(ctx: &Context, probes: &ProbeLog) -> Option<(Finding, Finding)> {
    let c = ctx.profile.commitments.iter().find(|c| matches!(c.rule, Rule::Availability { .. }))?;
    let Rule::Availability { target_pct, scheme } = &c.rule else { return None };
    let low = availability::check(ctx, c, *target_pct, scheme, &probes.as_downtime(true, ctx.period.as_of));
    let high = availability::check(ctx, c, *target_pct, scheme, &probes.as_downtime(false, ctx.period.as_of));
    Some((low, high))
}

/// The availability finding of `c` measured from the probes alone: a breach made only by the
/// unknown time is not certain (`open`, with both figures).
pub fn availability_finding(
    ctx: &Context,
    probes: &ProbeLog,
    c: &crate::profile::Commitment,
    target_pct: f64,
    scheme: &AvailabilityScheme,
) -> Finding {
    let low = availability::check(ctx, c, target_pct, scheme, &probes.as_downtime(true, ctx.period.as_of));
    let high = availability::check(ctx, c, target_pct, scheme, &probes.as_downtime(false, ctx.period.as_of));
    let mut f = low;
    let unknown = minutes(&probes.unknown);
    if f.verdict == Verdict::Fail && high.verdict != Verdict::Fail {
        f.verdict = Verdict::Open;
        f.evidence = format!(
            "from the probes: {unknown} min without any probe decide it — counted as down it fails, counted as up it \
             passes; {}",
            f.evidence
        );
    } else {
        f.evidence = format!("from the probes ({unknown} min without any probe counted as down): {}", f.evidence);
    }
    let probes = FromProbes { source: "probes", unknown_minutes: unknown };
    match &mut f.measured {
        Measured::AvailabilitySixMonths(m) => m.probes = Some(probes),
        Measured::AvailabilityMonthly(m) => m.probes = Some(probes),
        // not measurable (an unknown calendar): the probes' figures alone
        other => *other = Measured::FromProbes(probes),
    }
    f
}

/// The probes' block of the report. With `vendor` (the downtime log), the comparison.
pub fn compare(
    ctx: &Context,
    probes: &ProbeLog,
    vendor: Option<&DowntimeLog>,
    verdict_from_log: Option<Verdict>,
) -> ProbesOut {
    let as_of = ctx.period.as_of;
    let window = Set::from_spans([window(ctx)]);
    let down = probes.down(as_of).intersection(&window);
    let seen = |i: &Interruption| Set::from_spans(i.seen(as_of)).intersection(&window);
    let pct = |f: &Finding| match &f.measured {
        Measured::AvailabilitySixMonths(m) => Some(m.availability_pct),
        Measured::AvailabilityMonthly(m) => Some(m.availability_pct),
        _ => None,
    };
    let figures = availability_of(ctx, probes);
    let mut out = ProbesOut {
        path: probes.summary.path.clone(),
        availability_source: if vendor.is_some() { "downtime" } else { "probes" },
        probes: probes.probes,
        after_as_of: probes.cut.after as usize,
        min_failures: probes.rules.min_failures,
        lone_failures: probes.lone_failures,
        max_gap_minutes: probes.rules.max_gap.num_minutes(),
        unknown_minutes: minutes(&probes.unknown),
        interruptions: probes
            .interruptions
            .iter()
            .filter(|i| !seen(i).is_empty())
            .map(|i| span(ctx, i.start, i.end.filter(|e| *e <= as_of), &seen(i), &seen(i)))
            .collect(),
        availability_pct: figures.as_ref().and_then(|(low, _)| pct(low)),
        availability_pct_if_unknown_up: figures.as_ref().and_then(|(_, high)| pct(high)),
        unreported: Vec::new(),
        unseen: Vec::new(),
        verdict_from_probes: None,
        would_change: None,
    };
    if let Some((low, high)) = &figures {
        out.verdict_from_probes = Some(match (low.verdict, high.verdict) {
            (Verdict::Fail, v) if v != Verdict::Fail => Verdict::Open,
            (v, _) => v,
        });
    }
    if let Some(log) = vendor {
        let logged = Set::from_spans(log.interruptions.iter().filter_map(|i| i.seen(as_of)));
        for i in &probes.interruptions {
            let all = seen(i);
            let missing = all.difference(&logged);
            if !missing.is_empty() {
                out.unreported.push(span(ctx, i.start, i.end.filter(|e| *e <= as_of), &all, &missing));
            }
        }
        for i in &log.interruptions {
            let all = seen(i);
            let up = all.difference(&down).difference(&probes.unknown);
            if !up.is_empty() {
                out.unseen.push(span(ctx, i.start, i.end.filter(|e| *e <= as_of), &all, &up));
            }
        }
        // The log's own verdict, as the check gives it (before waivers and the rule for a
        // period not over, which the probes' verdict does not get either).
        let raw = ctx.profile.commitments.iter().find_map(|c| match &c.rule {
            Rule::Availability { target_pct, scheme } => {
                Some(availability::check(ctx, c, *target_pct, scheme, log).verdict)
            }
            _ => None,
        });
        out.would_change = match (raw.or(verdict_from_log), out.verdict_from_probes) {
            (Some(a), Some(b)) => Some(a != b),
            _ => None,
        };
    }
    out
}

/// The notes that carry the comparison into every format.
pub fn notes(out: &ProbesOut) -> Vec<String> {
    let mut notes = vec![format!(
        "probes {}: {}, {} min without any probe (never counted as available), {} seen ({} consecutive failures \
         make one; {} not counted)",
        out.path,
        super::plural(out.probes, "probe", "probes"),
        out.unknown_minutes,
        super::plural(out.interruptions.len(), "interruption", "interruptions"),
        out.min_failures,
        super::plural(out.lone_failures, "lone failed probe", "lone failed probes")
    )];
    // The probes' words give no as-of instant: the cut's own and the zone are not used.
    let cut = AsOfCut { after: out.after_as_of as u64, ..AsOfCut::default() };
    notes.extend(cut.text(&format!("probes {}", out.path), &crate::ingest::probes::CUT, chrono_tz::UTC));
    if !out.unreported.is_empty() {
        let total: i64 = out.unreported.iter().map(|s| s.minutes_in_question).sum();
        let each: Vec<String> = out
            .unreported
            .iter()
            .map(|s| format!("{} ({} of {} min)", s.start, s.minutes_in_question, s.minutes))
            .collect();
        notes.push(format!(
            "probes {}: {} min of downtime the vendor's log does not hold: {}",
            out.path,
            total,
            each.join(", ")
        ));
    }
    if !out.unseen.is_empty() {
        let each: Vec<String> = out
            .unseen
            .iter()
            .map(|s| format!("{} ({} of {} min seen up)", s.start, s.minutes_in_question, s.minutes))
            .collect();
        notes.push(format!("probes {}: logged interruptions the probes saw up: {}", out.path, each.join(", ")));
    }
    if let (Some(change), Some(v)) = (out.would_change, out.verdict_from_probes) {
        notes.push(format!(
            "probes {}: the availability from the probes ({} %, unknown time as down) is {}; it {} the log's verdict",
            out.path,
            out.availability_pct.map_or("—".to_string(), |p| p.to_string()),
            v.name(),
            if change { "would change" } else { "would not change" }
        ));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{context, summary, utc};
    use chrono::Duration;

    use crate::ingest::downtime::DowntimeKind;
    use crate::ingest::probes::{Probe, ProbeRules};

    /// Every 5 minutes from `from` for `n` probes, down where `down(k)`.
    fn every_5(from: &str, n: i64, down: impl Fn(i64) -> bool) -> Vec<Probe> {
        (0..n)
            .map(|k| Probe { at: utc(from) + Duration::minutes(5 * k), up: !down(k), kind: None, line: 2 + k as u64 })
            .collect()
    }

    fn fold(probes: Vec<Probe>, ctx: &Context) -> ProbeLog {
        ProbeLog::new(probes, ProbeRules::default(), ctx.period.as_of, window(ctx), summary("probes", "p.csv", 0))
    }

    fn sprint_october() -> Context {
        // Sprint measures availability month by month over its PRT: no six-month window.
        context("sprint-open", utc("2026-09-30T22:00:00Z"), utc("2026-10-31T23:00:00Z"), utc("2026-10-31T23:00:00Z"))
    }

    #[test]
    fn runs_of_failures_are_interruptions_and_a_lone_failure_is_not() {
        let ctx = sprint_october();
        // A probe every 5 min over the whole of October: 745 hours (31 days and the hour given
        // back on the 25th), 8,940 probes, the last at 22:55 UTC on the 31st: k = 100
        // alone is down (a lone failure), k = 200..=205 (6 probes) are down: an interruption
        // from probe 200 to the next success, probe 206: 30 minutes.
        let probes = every_5("2026-09-30T22:00:00Z", 31 * 288 + 12, |k| k == 100 || (200..=205).contains(&k));
        let log = fold(probes, &ctx);
        assert_eq!(log.lone_failures, 1);
        assert_eq!(log.interruptions.len(), 1);
        let i = &log.interruptions[0];
        assert_eq!((i.end.unwrap() - i.start).num_minutes(), 30);
        // The last probe at 31 October 22:55 UTC, 5 min before the cut: nothing unknown.
        assert!(log.unknown.is_empty(), "{:?}", log.unknown);
    }

    #[test]
    fn time_without_probes_is_unknown_across_the_dst_night() {
        let ctx = sprint_october();
        // Probes every 5 min, but none from 25 October 00:30 UTC (02:30 CEST) to 02:30 UTC
        // (03:30 CET): the clocks went back at 01:00 UTC; the gap is 2 h elapsed, 120 min
        // unknown, whatever the wall clock shows.
        let mut probes = every_5("2026-09-30T22:00:00Z", 31 * 288 + 12, |_| false);
        probes.retain(|p| !(utc("2026-10-25T00:30:00Z") < p.at && p.at < utc("2026-10-25T02:30:00Z")));
        let log = fold(probes, &ctx);
        assert_eq!(minutes(&log.unknown), 120);
        let out = compare(&ctx, &log, None, None);
        assert_eq!(out.unknown_minutes, 120);
    }

    #[test]
    fn probes_find_the_downtime_the_vendor_did_not_report() {
        let ctx = sprint_october();
        // Probes down 10:00–10:40 UTC on 14 October (8 probes, up again at 10:40); the vendor's
        // log holds 10:00–10:20 only: 20 of the 40 minutes are unreported. The vendor also
        // logged 12 October 08:00–08:30, when every probe was up: 30 minutes unseen.
        let probes = every_5("2026-09-30T22:00:00Z", 31 * 288 + 12, |k| {
            let t = utc("2026-09-30T22:00:00Z") + Duration::minutes(5 * k);
            utc("2026-10-14T10:00:00Z") <= t && t < utc("2026-10-14T10:40:00Z")
        });
        let log = fold(probes, &ctx);
        let int = |a: &str, b: &str| Interruption {
            start: utc(a),
            end: Some(utc(b)),
            kind: DowntimeKind::Unplanned,
            announced_at: None,
            service: None,
            description: None,
            line: 2,
        };
        let vendor = DowntimeLog {
            interruptions: vec![
                int("2026-10-12T08:00:00Z", "2026-10-12T08:30:00Z"),
                int("2026-10-14T10:00:00Z", "2026-10-14T10:20:00Z"),
            ],
            other_environments: Default::default(),
            summary: summary("downtime", "d.csv", 2),
        };
        let out = compare(&ctx, &log, Some(&vendor), Some(Verdict::Pass));
        assert_eq!(out.unreported.len(), 1);
        assert_eq!((out.unreported[0].minutes, out.unreported[0].minutes_in_question), (40, 20));
        assert_eq!(out.unseen.len(), 1);
        assert_eq!(out.unseen[0].minutes_in_question, 30);
    }

    #[test]
    fn failures_with_no_probe_after_them_are_down_only_where_probed() {
        // Regression: a run of failures at the end of the probes (09:50, 09:55, 10:00 UTC on
        // 20 October, then no probe at all) stretched to the cut in both figures, so the
        // "unknown counted as up" figure counted 11 days of unknown as down. The most the
        // probes can show: down 09:50–10:00, 10 minutes; after 10:00 unknown.
        let ctx = sprint_october();
        let n = (utc("2026-10-20T10:00:00Z") - utc("2026-09-30T22:00:00Z")).num_minutes() / 5 + 1;
        let probes = every_5("2026-09-30T22:00:00Z", n, |k| k >= n - 3);
        let log = fold(probes, &ctx);
        let high = log.as_downtime(false, ctx.period.as_of);
        assert_eq!(high.interruptions.len(), 1);
        let i = &high.interruptions[0];
        assert_eq!((i.start, i.end), (utc("2026-10-20T09:50:00Z"), Some(utc("2026-10-20T10:00:00Z"))));
        // Pessimistic: down from 09:50 to the cut, the unknown time included.
        let low = log.as_downtime(true, ctx.period.as_of);
        let down = Set::from_spans(low.interruptions.iter().filter_map(|i| i.seen(ctx.period.as_of)));
        assert_eq!(down.spans().last().map(|s| s.1), Some(ctx.period.to));
    }

    #[test]
    fn the_same_evidence_twice_would_not_change_the_verdict_mid_period() {
        // Regression: with identical log and probes seen mid-month, the log's verdict (after
        // the rule for a period not over: `open`) was compared with the probes' raw `pass`,
        // and "would change" was reported. Both are now compared as the check gives them.
        // Talentsoft's six months (from 1 May 00:00 CEST, 30 April 22:00 UTC), probed every 5
        // min, all up, up to as-of on 20 October 10:00 UTC; the vendor's log is empty.
        let ctx = context(
            "talentsoft",
            utc("2026-09-30T22:00:00Z"),
            utc("2026-10-31T23:00:00Z"),
            utc("2026-10-20T10:00:00Z"),
        );
        let n = (utc("2026-10-20T10:00:00Z") - utc("2026-04-30T22:00:00Z")).num_minutes() / 5 + 1;
        let probes = every_5("2026-04-30T22:00:00Z", n, |_| false);
        let log = fold(probes, &ctx);
        let vendor = DowntimeLog {
            interruptions: vec![],
            other_environments: Default::default(),
            summary: summary("downtime", "d.csv", 0),
        };
        let out = compare(&ctx, &log, Some(&vendor), Some(Verdict::Open));
        assert_eq!(out.would_change, Some(false), "{out:?}");
    }
}
