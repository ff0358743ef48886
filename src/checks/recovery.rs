//! Recovery objectives (001 §8.4.2, the later Talentsoft edition: "Recovery Time Objective
//! (RTO) och Recovery Point Objective (RPO) på 24 timmar").
//!
//! - `backup.rpo`: per database, the time between consecutive successful backups (any type)
//!   is at most the objective: that is the data a restore can lose. A gap is judged in the
//!   period in which it crosses the objective (the instant its last backup + 24 h falls in),
//!   so each gap is judged once, and a gap still open at as-of fails as soon as it has crossed.
//!   With no successful backup before the period, the gap is measured from the period's start
//!   (a lower bound).
//! - `recovery.rto`: every interruption that counts against availability (its kind is not one
//!   the availability commitment excludes) ended within the objective of its start; one still
//!   going at as-of fails once the objective has passed, and is `open` before.
//!
//! Hours are elapsed time, not wall-clock time: the data lost, or the service missed, over the
//! night the clocks go back is 25 hours for a 24-hour wall-clock gap. A gap that is within the
//! objective on the wall clock but not in elapsed time says so in its detail.

use chrono::{DateTime, Duration, Utc};

use super::{first_details, plural, Context, Finding, Item, Measured, Verdict};
use crate::ingest::backups::BackupLog;
use crate::ingest::backups::BackupStatus;
use crate::ingest::downtime::{DowntimeKind, DowntimeLog};
use crate::model::measured::{BackupRpoMeasured, RecoveryRtoMeasured};
use crate::model::values::{RpoValues, RtoValues};
use crate::model::Instant;
use crate::profile::Commitment;

fn local(ctx: &Context, t: DateTime<Utc>) -> String {
    instant(ctx, t).text()
}

fn instant(ctx: &Context, t: DateTime<Utc>) -> Instant {
    Instant::new(t, ctx.profile.zone)
}

/// Hours as the sentences write them: two decimals at most (the figures are exact).
fn shown(h: f64) -> f64 {
    super::round2(h)
}

fn hours(d: Duration) -> f64 {
    d.num_seconds() as f64 / 3600.0
}

/// Wall-clock hours between two instants (local times of the profile's zone).
fn wall_hours(ctx: &Context, a: DateTime<Utc>, b: DateTime<Utc>) -> f64 {
    let z = ctx.profile.zone;
    let d = b.with_timezone(&z).naive_local() - a.with_timezone(&z).naive_local();
    shown(hours(d))
}

/// Hours of `d` as the items write them (`gap_hours`, `hours`); `explain` recomputes them
/// from the rows with it.
pub fn item_hours(d: Duration) -> f64 {
    hours(d)
}

/// Evaluates `backup.rpo` with an objective of `max_hours`.
pub fn rpo(c: &Commitment, ctx: &Context, log: &BackupLog, max_hours: i64) -> Finding {
    let max = Duration::hours(max_hours);
    let (from, cut) = (ctx.period.from, ctx.period.cut());
    let mut items = Vec::new();
    let mut largest: Option<(f64, String)> = None;
    for db in &log.databases {
        let successes: Vec<DateTime<Utc>> = log
            .backups
            .iter()
            .filter(|b| &b.database == db && b.status == BackupStatus::Success && b.taken_at < cut)
            .map(|b| b.taken_at)
            .collect();
        let before = successes.iter().copied().rfind(|t| *t < from);
        let within: Vec<DateTime<Utc>> = successes.iter().copied().filter(|t| *t >= from).collect();
        // The gaps that touch the period: (start, end or None when still open at the cut, start known).
        let mut gaps: Vec<(DateTime<Utc>, Option<DateTime<Utc>>, bool)> = Vec::new();
        let mut prev = before.map(|t| (t, true)).unwrap_or((from, false));
        for t in &within {
            gaps.push((prev.0, Some(*t), prev.1));
            prev = (*t, true);
        }
        gaps.push((prev.0, None, prev.1));
        for (start, end, known) in gaps {
            let until = end.unwrap_or(cut);
            let gap = until - start;
            let shown = if db == crate::ingest::backups::ALL_DATABASES { String::new() } else { format!(" ({db})") };
            let crossed = start + max;
            // A gap that crossed the objective before the period was judged there.
            if (gap <= max || crossed >= from) && largest.as_ref().is_none_or(|(h, _)| hours(gap) > *h) {
                largest = Some((hours(gap), format!("{}{shown}", local(ctx, start))));
            }
            // Judged here only when it crossed the objective within the period's seen part.
            if gap <= max || crossed < from || crossed >= cut {
                continue;
            }
            let values = RpoValues {
                database: db.to_string(),
                from: known.then(|| instant(ctx, start)),
                to: end.map(|e| instant(ctx, e)),
                gap_hours: hours(gap),
                max_hours,
            };
            let since = if known {
                format!("since the backup of {}", local(ctx, start))
            } else {
                "since the period's start (no earlier successful backup)".into()
            };
            let wall = end.map(|e| wall_hours(ctx, start, e)).filter(|w| *w <= max_hours as f64);
            let dst = wall.map_or(String::new(), |w| format!(" ({w} h on the wall clock: the clocks changed)"));
            let detail = match end {
                Some(e) => {
                    format!(
                        "{} h without a successful backup{shown} {since}, until {}{dst}",
                        self::shown(hours(gap)),
                        local(ctx, e)
                    )
                }
                None => {
                    format!(
                        "{} h without a successful backup{shown} {since}, still at {}",
                        self::shown(hours(gap)),
                        local(ctx, cut)
                    )
                }
            };
            let subject = if shown.is_empty() { local(ctx, start) } else { format!("{}/{db}", local(ctx, start)) };
            items.push(Item::new(subject, Verdict::Fail, values, detail));
        }
    }
    let failed = items.len();
    let mut f = Finding::new(c, if failed > 0 { Verdict::Fail } else { Verdict::Pass });
    f.measured = Measured::BackupRpo(BackupRpoMeasured {
        databases: log.databases.iter().cloned().collect(),
        max_hours,
        largest_gap_hours: largest.as_ref().map(|(h, _)| *h),
        failed,
        items: failed,
    });
    f.evidence = match (&largest, failed) {
        (_, n) if n > 0 => format!(
            "{} longer than {max_hours} h between successful backups: {}",
            plural(n, "gap", "gaps"),
            first_details(&items, Verdict::Fail, 3)
        ),
        (Some((h, at)), _) => {
            format!("every gap between successful backups within {max_hours} h; largest {} h from {at}", shown(*h))
        }
        (None, _) => "no backup to measure".to_string(),
    };
    f.headline = largest.map_or("—".into(), |(h, _)| format!("largest gap {} h", shown(h)));
    f.items = items;
    f
}

/// Evaluates `recovery.rto` with an objective of `max_hours`; interruptions of the `excluded`
/// kinds do not count against availability and are not judged.
pub fn rto(c: &Commitment, ctx: &Context, log: &DowntimeLog, max_hours: i64, excluded: &[DowntimeKind]) -> Finding {
    let max = Duration::hours(max_hours);
    let (from, cut, as_of) = (ctx.period.from, ctx.period.cut(), ctx.period.as_of);
    let mut items = Vec::new();
    for i in log.interruptions.iter().filter(|i| !excluded.contains(&i.kind) && i.start < cut) {
        let seen_end = i.end.filter(|e| *e <= as_of);
        let lasted = seen_end.unwrap_or(as_of) - i.start;
        // Judged in the period it started in, or, when it outlasted the objective, in the one
        // where the objective passed.
        let started_here = i.start >= from;
        let crossed_here = lasted > max && i.start + max >= from && i.start + max < cut;
        if !started_here && !crossed_here {
            continue;
        }
        let verdict = match seen_end {
            Some(_) if lasted <= max => Verdict::Pass,
            _ if lasted > max => Verdict::Fail,
            _ => Verdict::Open,
        };
        let values =
            RtoValues { kind: i.kind.name(), end: seen_end.map(|e| instant(ctx, e)), hours: hours(lasted), max_hours };
        let detail = match (seen_end, verdict) {
            (Some(_), _) => format!("{} interruption of {} h", i.kind.name(), shown(hours(lasted))),
            (None, Verdict::Fail) => {
                format!("{} interruption still going after {} h", i.kind.name(), shown(hours(lasted)))
            }
            _ => format!("{} interruption still going, {} h so far", i.kind.name(), shown(hours(lasted))),
        };
        items.push(Item::new(local(ctx, i.start), verdict, values, detail));
    }
    let count = |v: Verdict| items.iter().filter(|i| i.verdict == v).count();
    let (passed, failed, open) = (count(Verdict::Pass), count(Verdict::Fail), count(Verdict::Open));
    let verdict = match (failed, passed, open) {
        (0, 0, 0) => Verdict::NotApplicable,
        (0, 0, _) => Verdict::Open,
        (0, _, _) => Verdict::Pass,
        _ => Verdict::Fail,
    };
    let mut f = Finding::new(c, verdict);
    f.measured = Measured::RecoveryRto(RecoveryRtoMeasured { items: items.len(), passed, failed, open, max_hours });
    f.evidence = if items.is_empty() {
        "no interruption counting against availability in the period".to_string()
    } else if failed > 0 {
        format!(
            "{failed} of {} interruptions not recovered within {max_hours} h: {}",
            items.len(),
            first_details(&items, Verdict::Fail, 3)
        )
    } else {
        format!(
            "{passed} of {} interruptions recovered within {max_hours} h{}",
            items.len(),
            if open > 0 { format!("; {open} still going") } else { String::new() }
        )
    };
    f.headline = format!("{passed} within, {failed} over, {open} going");
    f.items = items;
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{context, summary, utc};
    use crate::ingest::backups::{Backup, Environment};
    use crate::ingest::downtime::Interruption;
    use crate::profile::BackupType;

    fn ctx_october() -> Context {
        // October 2026 in Paris: 1 October 00:00 CEST = 30 September 22:00 UTC; 1 November
        // 00:00 CET = 31 October 23:00 UTC.
        context("talentsoft", utc("2026-09-30T22:00:00Z"), utc("2026-10-31T23:00:00Z"), utc("2026-10-31T23:00:00Z"))
    }

    fn backup(at: &str) -> Backup {
        Backup {
            taken_at: utc(at),
            backup: BackupType::Daily,
            status: BackupStatus::Success,
            deleted_at: None,
            location: None,
            database: "all".into(),
            environment: Environment::Production,
            environment_name: "production".into(),
            line: 2,
        }
    }

    fn commitment(ctx: &Context, id: &str) -> Commitment {
        ctx.profile.commitment(id).unwrap().clone()
    }

    #[test]
    fn rpo_counts_elapsed_hours_across_the_october_change() {
        let ctx = ctx_october();
        // Daily at 01:00 Paris: 24 October 01:00 CEST (23 Oct 23:00 UTC), 25 October 01:00
        // CEST (24 Oct 23:00 UTC), 26 October 01:00 CET (26 Oct 00:00 UTC). The clocks go back
        // at 03:00 on the 25th: 25 → 26 October is 24 h on the wall clock, 25 h elapsed: over
        // the 24-hour objective. Then daily to the month's end, last on 31 October 01:00 CET
        // (00:00 UTC), 23 h before the cut: within.
        let at = |t: DateTime<Utc>| Backup { taken_at: t, ..backup("2026-01-01T00:00:00Z") };
        let mut rows: Vec<Backup> = (0..25).map(|k| at(utc("2026-09-30T23:00:00Z") + Duration::days(k))).collect();
        rows.extend((0..6).map(|k| at(utc("2026-10-26T00:00:00Z") + Duration::days(k))));
        let log = BackupLog::from_rows(rows, ctx.period.as_of, summary("backups", "b.csv", 0));
        let f = rpo(&commitment(&ctx, "backup.rpo"), &ctx, &log, 24);
        assert_eq!(f.verdict, Verdict::Fail, "{f:?}");
        assert_eq!(f.items.len(), 1, "{:?}", f.items);
        assert_eq!(f.items[0].values.to_map()["gap_hours"], 25.0);
        assert!(f.items[0].detail.contains("24 h on the wall clock"), "{}", f.items[0].detail);
        assert_eq!(f.measured.to_map()["largest_gap_hours"], 25.0);
    }

    #[test]
    fn rpo_judges_a_gap_where_it_crosses_the_objective() {
        let ctx = ctx_october();
        // Backups every 12 h, then none after 30 October 12:00 UTC: at the cut (31 October
        // 23:00 UTC) 35 h have passed; the gap crossed 24 h on 31 October 12:00 UTC, in
        // October: fail, still open at the cut.
        let mut rows = Vec::new();
        let mut t = utc("2026-09-30T12:00:00Z");
        while t <= utc("2026-10-30T12:00:00Z") {
            rows.push(Backup { taken_at: t, ..backup("2026-01-01T00:00:00Z") });
            t += Duration::hours(12);
        }
        let log = BackupLog::from_rows(rows, ctx.period.as_of, summary("backups", "b.csv", 0));
        let f = rpo(&commitment(&ctx, "backup.rpo"), &ctx, &log, 24);
        assert_eq!(f.items.len(), 1);
        assert_eq!(f.items[0].values.to_map()["gap_hours"], 35.0);
        assert_eq!(f.items[0].values.to_map()["to"], serde_json::Value::Null);
        // Seen at 31 October 11:00 UTC, 23 h after the last backup: nothing crossed yet.
        let early = context("talentsoft", ctx.period.from, ctx.period.to, utc("2026-10-31T11:00:00Z"));
        let log = BackupLog::from_rows(log.backups.clone(), early.period.as_of, summary("backups", "b.csv", 0));
        assert_eq!(rpo(&commitment(&early, "backup.rpo"), &early, &log, 24).verdict, Verdict::Pass);
    }

    fn interruption(start: &str, end: Option<&str>, kind: DowntimeKind) -> Interruption {
        Interruption {
            start: utc(start),
            end: end.map(utc),
            kind,
            announced_at: None,
            service: None,
            description: None,
            line: 2,
        }
    }

    #[test]
    fn rto_of_exactly_24_hours_passes_and_a_minute_more_fails() {
        let ctx = ctx_october();
        let log = DowntimeLog {
            interruptions: vec![
                // Exactly 24 h: within the objective.
                interruption("2026-10-05T08:00:00Z", Some("2026-10-06T08:00:00Z"), DowntimeKind::Unplanned),
                // 24 h 01: over.
                interruption("2026-10-10T08:00:00Z", Some("2026-10-11T08:01:00Z"), DowntimeKind::ThirdParty),
                // Planned: excluded from availability, not judged.
                interruption("2026-10-12T08:00:00Z", Some("2026-10-14T08:00:00Z"), DowntimeKind::Planned),
                // Still going at the cut after 2 h: open.
                interruption("2026-10-31T21:00:00Z", None, DowntimeKind::Unplanned),
            ],
            other_environments: Default::default(),
            summary: summary("downtime", "d.csv", 4),
        };
        let f = rto(&commitment(&ctx, "recovery.rto"), &ctx, &log, 24, &[DowntimeKind::Planned]);
        let verdicts: Vec<Verdict> = f.items.iter().map(|i| i.verdict).collect();
        assert_eq!(verdicts, [Verdict::Pass, Verdict::Fail, Verdict::Open]);
        assert_eq!(f.verdict, Verdict::Fail);
        // 24 h 01 min = 1,441 / 60 h, unrounded
        assert_eq!(f.items[1].values.to_map()["hours"], 1441.0 / 60.0);
    }
}
