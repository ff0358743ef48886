//! PreventCare monitoring (SPEC §3.7; 003 art. 3.2 §2): breach episodes of the monitored
//! counters and the alerts they were due to raise, the hourly heartbeat, and the daily review
//! of failed or missing backups, judged on the samples the metrics' fold kept
//! ([`MetricSet`], in `ingest::metrics`).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use super::{Context, Finding, Item, Measured, Verdict};
use crate::calendar::{self, resolve_local};
use crate::ingest::alerts::{Alert, AlertLevel};
use crate::ingest::backups::{BackupLog, BackupStatus};
use crate::ingest::metrics::{DailyCheck, MetricSet, Reading, Threshold};
use crate::model::measured::{BackupReviewMeasured, MonitorMeasured};
use crate::model::values::{BackupReviewValues, DueValues, MonitorValues};
use crate::model::Instant;
use crate::profile::{BackupType, Commitment, Rule};

/// Minutes after an alert is due within which it must have been raised (SPEC §3.7).
pub const ALERT_GRACE_MINUTES: i64 = 5;

/// Longest gap between two consecutive samples of a run: a longer one is missing data and
/// ends the run (sampling jitter of a few seconds does not).
pub const MAX_SAMPLE_GAP_MINUTES: i64 = 5;

/// A run of consecutive samples of one host and counter beyond a threshold (SPEC §3.7), with
/// its length in minutes (each sample stands for its minute).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Episode {
    /// First sample.
    pub start: DateTime<Utc>,
    /// Last sample.
    pub last: DateTime<Utc>,
    /// Whole minutes covered: (last − start) + 1 minute, rounded down.
    pub minutes: i64,
    /// Worst value seen.
    pub peak: f64,
}

/// Splits the samples of one host and counter (any order; sorted here) into runs beyond
/// `threshold` (`at_most`: at or below it, else above it). A run is a maximal sequence of
/// consecutive samples beyond the threshold: a sample not beyond it ends the run, and so does
/// a gap of more than [`MAX_SAMPLE_GAP_MINUTES`] between consecutive samples (missing data).
pub fn episodes(samples: &[Reading], threshold: f64, at_most: bool) -> Vec<Episode> {
    let mut sorted = samples.to_vec();
    sorted.sort_by_key(|r| r.0);
    let breached = |v: f64| if at_most { v <= threshold } else { v > threshold };
    let worse = |a: f64, b: f64| if at_most { a.min(b) } else { a.max(b) };
    let max_gap = Duration::minutes(MAX_SAMPLE_GAP_MINUTES);
    let mut out: Vec<Episode> = Vec::new();
    let mut open = false;
    let mut previous: Option<DateTime<Utc>> = None;
    for (at, v) in sorted {
        let continues = open && previous.is_some_and(|p| at - p <= max_gap);
        previous = Some(at);
        if !breached(v) {
            open = false;
            continue;
        }
        match out.last_mut() {
            Some(e) if continues => {
                e.last = at;
                e.peak = worse(e.peak, v);
            }
            _ => out.push(Episode { start: at, last: at, minutes: 0, peak: v }),
        }
        open = true;
    }
    for e in &mut out {
        e.minutes = (e.last - e.start).num_minutes().saturating_add(1);
    }
    out
}

/// The first alert for `host` and `counter` in [from, to] that `accept` takes.
fn alert_in<'a>(
    alerts: &'a [Alert],
    host: &str,
    counter: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    accept: impl Fn(&Alert) -> bool,
) -> Option<&'a Alert> {
    alerts.iter().find(|a| a.host == host && a.counter == counter && from <= a.at && a.at <= to && accept(a))
}

struct Due {
    subject: String,
    host: String,
    from: DateTime<Utc>,
    due: DateTime<Utc>,
    values: DueValues,
}

fn judge(ctx: &Context, c: &Commitment, counter: &str, dues: Vec<Due>, alerts: &[Alert], what: &str) -> Finding {
    let zone = ctx.profile.zone;
    let grace = Duration::minutes(ALERT_GRACE_MINUTES);
    let mut items = Vec::new();
    for d in dues {
        let accept = |a: &Alert| counter != "heartbeat" || a.level.is_none_or(|l| l == AlertLevel::Major);
        let late = calendar::later(d.due, grace);
        let alert = alert_in(alerts, &d.host, counter, d.from, late, accept);
        let values = MonitorValues {
            due: d.values,
            host: d.host,
            due_at: Instant::new(d.due, zone),
            alert_at: alert.map(|a| Instant::new(a.at, zone)),
        };
        // An alert not yet due-and-late as of `--as-of` is still open.
        let verdict = match alert {
            Some(_) => Verdict::Pass,
            None if late > ctx.period.as_of => Verdict::Open,
            None => Verdict::Fail,
        };
        let detail = match alert {
            Some(a) => format!("alert at {}", a.at.with_timezone(&zone).format("%H:%M")),
            None => format!("no alert by {}", late.with_timezone(&zone).format("%Y-%m-%d %H:%M")),
        };
        items.push(Item::new(d.subject, verdict, values, detail));
    }
    let missed = items.iter().filter(|i| i.verdict == Verdict::Fail).count();
    let open = items.iter().filter(|i| i.verdict == Verdict::Open).count();
    let total = items.len();
    let verdict = match (missed, total) {
        (0, 0) => Verdict::NotApplicable, // no crossing to alert on: nothing to judge
        (0, _) => Verdict::Pass,
        _ => Verdict::Fail,
    };
    let mut f = Finding::new(c, verdict);
    f.measured = Measured::Monitor(MonitorMeasured { items: total, alerted: total - missed - open, missed, open });
    f.evidence = if total == 0 {
        format!("no {what} in the period: no alert was due")
    } else if missed > 0 {
        let first: Vec<&str> =
            items.iter().filter(|i| i.verdict == Verdict::Fail).map(|i| i.subject.as_str()).collect();
        format!(
            "{missed} of {total} {what}{} without an alert within {ALERT_GRACE_MINUTES} min of due: {}",
            if total == 1 { "" } else { "s" },
            first.join(", ")
        )
    } else {
        let s = if total == 1 { "" } else { "s" };
        let mut e = format!("{} of {total} {what}{s} alerted within {ALERT_GRACE_MINUTES} min of due", total - open);
        if open > 0 {
            e.push_str(&format!("; {open} not yet due as of the audit"));
        }
        e
    };
    f.headline = format!("{} alerted, {missed} missed", total - missed - open);
    f.items = items;
    f
}

/// Evaluates `monitor.threshold.*` for one counter rule.
pub fn threshold(ctx: &Context, c: &Commitment, set: &MetricSet, alerts: &[Alert]) -> Finding {
    let Rule::MonitorThreshold { counter, threshold, duration_minutes, at_most, daily_at } = &c.rule else {
        return Finding::new(c, Verdict::NotApplicable);
    };
    let zone = ctx.profile.zone;
    let local = |t: DateTime<Utc>| t.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string();
    let mut dues = Vec::new();
    if daily_at.is_some() {
        let checks = set.daily.get(counter).map(Vec::as_slice).unwrap_or_default();
        let due_of = |d: &DailyCheck| calendar::later(d.at, calendar::minutes(duration_minutes.saturating_add(1)));
        for d in checks.iter().filter(|d| d.at <= ctx.period.as_of && ctx.period.contains(due_of(d))) {
            let th = Threshold { counter: counter.clone(), threshold: *threshold, at_most: *at_most, daily_at: None };
            if !th.breached(d.value) {
                continue;
            }
            let values =
                DueValues::Daily { disk: d.disk.clone(), value: d.value, checked_at: Instant::new(d.at, zone) };
            let disk = d.disk.as_deref().map(|k| format!("/{k}")).unwrap_or_default();
            dues.push(Due {
                subject: format!("{}{disk} {}", d.host, local(d.at)),
                host: d.host.clone(),
                from: d.at,
                due: due_of(d),
                values,
            });
        }
    } else {
        // Every sample up to as-of, from before the period too: an episode that began in the
        // previous period is whole, and it belongs to the period in which its alert is due.
        for ((host, ctr), samples) in set.samples.iter().filter(|((_, ctr), _)| ctr == counter) {
            let seen: Vec<Reading> = samples.iter().copied().filter(|r| r.0 <= ctx.period.as_of).collect();
            for e in episodes(&seen, *threshold, *at_most) {
                let due = calendar::later(e.start, calendar::minutes(duration_minutes.saturating_add(1)));
                if e.minutes < (*duration_minutes).max(1) || !ctx.period.contains(due) {
                    continue;
                }
                let values = DueValues::Episode {
                    counter: ctr.to_string(),
                    episode_start: Instant::new(e.start, zone),
                    episode_last_sample: Instant::new(e.last, zone),
                    measured_minutes: e.minutes,
                    target_minutes: *duration_minutes,
                    peak: e.peak,
                };
                dues.push(Due {
                    subject: format!("{host} {}", local(e.start)),
                    host: host.clone(),
                    from: e.start,
                    due,
                    values,
                });
            }
        }
    }
    judge(ctx, c, counter, dues, alerts, "breach episode")
}

/// Evaluates `monitor.heartbeat`: a gap of more than interval + tolerance between two
/// heartbeats of a host, or from its last heartbeat to the cut (min(period end, as-of): a
/// host gone silent), is an expected major alert, due when the gap passes interval +
/// tolerance; it is an item of the period in which it is due. Hosts never seen with a
/// heartbeat are not judged.
pub fn heartbeat(ctx: &Context, c: &Commitment, set: &MetricSet, alerts: &[Alert]) -> Finding {
    let Rule::MonitorHeartbeat { interval_minutes, tolerance_minutes } = &c.rule else {
        return Finding::new(c, Verdict::NotApplicable);
    };
    let zone = ctx.profile.zone;
    let limit = calendar::minutes(interval_minutes.saturating_add(*tolerance_minutes));
    let mut dues = Vec::new();
    for (host, beats) in &set.heartbeats {
        let mut beats: Vec<DateTime<Utc>> = beats.iter().copied().filter(|b| *b <= ctx.period.as_of).collect();
        beats.sort();
        let end = ctx.period.cut();
        let mut gaps: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> =
            beats.windows(2).map(|w| (w[0], Some(w[1]))).collect();
        if let Some(last) = beats.last() {
            gaps.push((*last, None));
        }
        for (a, b) in gaps {
            let gap_end = b.unwrap_or(end);
            let due = calendar::later(a, limit);
            if gap_end - a <= limit || !ctx.period.contains(due) {
                continue;
            }
            let values = DueValues::Heartbeat {
                last_heartbeat: Instant::new(a, zone),
                next_heartbeat: b.map(|t| Instant::new(t, zone)),
                measured_minutes: (gap_end - a).num_minutes(),
                target_minutes: interval_minutes.saturating_add(*tolerance_minutes),
            };
            dues.push(Due {
                subject: format!("{host} {}", a.with_timezone(&zone).format("%Y-%m-%dT%H:%M")),
                host: host.clone(),
                from: calendar::later(a, calendar::minutes(*interval_minutes)),
                due,
                values,
            });
        }
    }
    judge(ctx, c, "heartbeat", dues, alerts, "heartbeat gap")
}

/// One daily backup as `monitor.backup-review` reads it (see [`backup_days`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupDay {
    /// Local day the backup was taken.
    pub day: NaiveDate,
    /// Database (`all` when the log has none).
    pub database: String,
    /// Outcome.
    pub outcome: BackupStatus,
}

/// The production daily backups of a backup log, by local day.
pub fn backup_days(log: &BackupLog, zone: chrono_tz::Tz) -> Vec<BackupDay> {
    log.backups
        .iter()
        .filter(|b| b.backup == BackupType::Daily)
        .map(|b| BackupDay {
            day: b.taken_at.with_timezone(&zone).date_naive(),
            database: b.database.clone(),
            outcome: b.status,
        })
        .collect()
}

/// Evaluates `monitor.backup-review`: every day of the period with no successful daily backup
/// of a database (failed, partial, cancelled, or no row at all) needs a `backup` alert for it
/// (host = the database, any host when it is `all`) between the start of that day and the end
/// of the next one (the analysis is daily).
pub fn backup_review(ctx: &Context, c: &Commitment, backups: &[BackupDay], alerts: &[Alert]) -> Finding {
    let zone = ctx.profile.zone;
    let first = ctx.period.from.with_timezone(&zone).date_naive();
    let cut = ctx.period.cut();
    let databases: BTreeSet<&str> = backups.iter().map(|b| b.database.as_str()).collect();
    let mut by_day: BTreeMap<(NaiveDate, &str), Vec<BackupStatus>> = BTreeMap::new();
    for b in backups {
        by_day.entry((b.day, b.database.as_str())).or_default().push(b.outcome);
    }
    let mut items = Vec::new();
    let mut day = first;
    while resolve_local(zone, day.and_time(NaiveTime::MIN)) < cut {
        for db in &databases {
            let rows = by_day.get(&(day, *db)).map(Vec::as_slice).unwrap_or_default();
            if rows.contains(&BackupStatus::Success) {
                continue;
            }
            let what = rows.first().map_or("missing", |s| s.name());
            let from = resolve_local(zone, day.and_time(NaiveTime::MIN));
            let to = day
                .succ_opt()
                .and_then(|d| d.succ_opt())
                .map_or(from, |d| resolve_local(zone, d.and_time(NaiveTime::MIN)));
            let alert = alerts.iter().find(|a| {
                matches!(a.counter.as_str(), "backup" | "backups" | "sauvegarde")
                    && (*db == "all" || a.host == *db)
                    && from <= a.at
                    && a.at < to
            });
            let values =
                BackupReviewValues { outcome: what.to_string(), alert_at: alert.map(|a| Instant::new(a.at, zone)) };
            let subject = if *db == "all" { day.to_string() } else { format!("{day}/{db}") };
            items.push(Item::new(
                subject,
                if alert.is_some() { Verdict::Pass } else { Verdict::Fail },
                values,
                format!("{what} backup, {}", if alert.is_some() { "alerted" } else { "no alert" }),
            ));
        }
        match day.succ_opt() {
            Some(d) => day = d,
            None => break,
        }
    }
    let missed = items.iter().filter(|i| i.verdict == Verdict::Fail).count();
    let verdict = match (missed, items.len()) {
        (0, 0) => Verdict::NotApplicable, // no failed backup to review: nothing to judge
        (0, _) => Verdict::Pass,
        _ => Verdict::Fail,
    };
    let mut f = Finding::new(c, verdict);
    f.measured = Measured::BackupReview(BackupReviewMeasured { items: items.len(), missed });
    f.evidence = if items.is_empty() {
        "every day had a successful backup: nothing to review".to_string()
    } else {
        format!("{} of {} failed or missing backups had no alert", missed, items.len())
    };
    f.headline = format!("{} to review, {missed} without alert", items.len());
    f.items = items;
    f
}

#[cfg(test)]
mod tests;
