//! Purges (SPEC §3.5; 000 §9.1.1, 002 §7.1.2, §8.1.1, §9.1.2): per category, the oldest data
//! may not grow past the retention plus one day (a daily batch) between two purge runs, a run
//! may not leave data older than the retention, and where the booklet says "kept N" (a
//! minimum) a run may not destroy data younger than N.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use super::{days_between, first_details, plural, Context, Finding, Item, Measured, Note, Verdict};
use crate::calendar;
use crate::ingest::purges::{self as reader, PurgeLog, PurgeRun};
use crate::model::measured::PurgeMeasured;
use crate::model::values::PurgeValues;
use crate::model::Instant;
use crate::profile::{Commitment, Rule, Span};

/// The batch tolerance added to a retention of a day or more (SPEC §3.5: a daily batch).
pub const BATCH: Duration = Duration::days(1);

/// Evaluates `purge.<category>`; `None` for another rule. The maximum age has a one-day
/// tolerance (a daily batch: SPEC §3.5, "each must be ≤ N + 1 day") for every category, KMB
/// Labs CVs ("1 minute at most") included; the notes give the verdict with no tolerance for
/// such sub-day retentions.
pub fn check(c: &Commitment, ctx: &Context, log: &PurgeLog) -> Option<Finding> {
    match &c.rule {
        Rule::Purge { category, retention, minimum } => {
            Some(check_with(c, ctx, log, category, *retention, *minimum, BATCH))
        }
        _ => None,
    }
}

/// Evaluates one category with an explicit tolerance on the maximum age.
pub fn check_with(
    c: &Commitment,
    ctx: &Context,
    log: &PurgeLog,
    category: &str,
    retention: Span,
    minimum: bool,
    tolerance: Duration,
) -> Finding {
    let zone = ctx.profile.zone;
    let period = ctx.period;
    let runs: Vec<&PurgeRun> = log.runs.iter().filter(|r| r.category == category).collect();
    let local = |t: DateTime<Utc>| Instant::new(t, zone);
    let short = |t: DateTime<Utc>| t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string();
    let tol_words = if tolerance.is_zero() { String::new() } else { " + 1 day".to_string() };
    // Ages in words: minutes for a sub-day retention (KMB Labs CVs), days otherwise.
    let age = |a: DateTime<Utc>, b: DateTime<Utc>| {
        if retention.is_sub_day() {
            let secs = (b - a).num_seconds();
            format!("{} min {:02} s", secs / 60, secs % 60)
        } else {
            format!("{:.2} days", days_between(a, b))
        }
    };
    let mut items = Vec::new();
    let mut worst: Option<f64> = None;
    for (k, run) in runs.iter().enumerate() {
        let next = runs.get(k + 1).map(|r| r.purged_at);
        let end = next.unwrap_or(period.as_of);
        let in_period = period.contains(run.purged_at);
        let leads_in = run.purged_at < period.from && end > period.from && end <= period.to;
        if !in_period && !leads_in {
            continue;
        }
        let base = run.oldest_kept.unwrap_or(run.purged_at);
        let limit = calendar::later(retention.after(base, zone), tolerance);
        let max_age = days_between(base, end);
        let mut reasons = Vec::new();
        // The run's own failures (data left too old, data destroyed too early) belong to the
        // period of the run: the run before the period is judged here on its age only.
        if in_period && run.oldest_kept.is_some_and(|o| run.purged_at > retention.after(o, zone)) {
            reasons.push(format!(
                "left data {} old (oldest kept {}), older than {retention}",
                age(base, run.purged_at),
                short(base)
            ));
        }
        if end > limit {
            let when =
                if next.is_some() { format!("before the next run ({})", short(end)) } else { "at as-of".to_string() };
            reasons.push(format!("data reached {} {when}, over {retention}{tol_words}", age(base, end)));
        }
        if minimum && in_period {
            if let Some(np) = run.newest_purged.filter(|np| retention.after(*np, zone) > run.purged_at) {
                reasons.push(format!(
                    "destroyed data too early: newest purged record {} old ({}), younger than {retention}",
                    age(np, run.purged_at),
                    short(np)
                ));
            }
        }
        let verdict = if reasons.is_empty() { Verdict::Pass } else { Verdict::Fail };
        let detail = if reasons.is_empty() {
            format!("run of {}: oldest data reached {}", short(run.purged_at), age(base, end))
        } else {
            format!("run of {}: {}", short(run.purged_at), reasons.join("; "))
        };
        worst = Some(worst.map_or(max_age, |w: f64| w.max(max_age)));
        let values = PurgeValues {
            max_age_days: max_age,
            limit_days: days_between(base, limit),
            oldest_kept: run.oldest_kept.map(local),
            reached_at: local(end),
            newest_purged: run.newest_purged.map(local),
            newest_purged_age_days: run.newest_purged.map(|np| days_between(np, run.purged_at)),
            records_purged: run.records_purged,
            before_period: !in_period,
        };
        items.push(Item::new(local(run.purged_at).text(), verdict, values, detail));
    }
    let in_period = runs.iter().filter(|r| period.contains(r.purged_at)).count();
    let failed = items.iter().filter(|i| i.verdict == Verdict::Fail).count();
    let verdict = if failed > 0 || (in_period == 0 && period.complete()) {
        Verdict::Fail
    } else if in_period == 0 {
        // No run yet in a period not over: one may still come.
        Verdict::Open
    } else {
        Verdict::Pass
    };
    let mut f = Finding::new(c, verdict);
    f.measured = Measured::Purge(PurgeMeasured {
        runs: in_period,
        items: items.len(),
        failed,
        max_age_days: worst,
        tolerance_days: days_between(DateTime::<Utc>::UNIX_EPOCH, DateTime::<Utc>::UNIX_EPOCH + tolerance),
    });
    let mut evidence = Vec::new();
    if in_period == 0 {
        let last = runs
            .iter()
            .rev()
            .find(|r| r.purged_at < period.from)
            .map(|r| format!(" (last run: {})", short(r.purged_at)));
        evidence.push(format!("no purge recorded in the period for {category}{}", last.unwrap_or_default()));
    }
    if failed > 0 {
        evidence.push(format!("{failed} of {} runs fail: {}", items.len(), first_details(&items, Verdict::Fail, 3)));
    }
    if evidence.is_empty() {
        evidence.push(format!(
            "{in_period} runs; the oldest data reached at most {:.2} days (limit {retention}{tol_words})",
            worst.unwrap_or(0.0)
        ));
    }
    f.evidence = evidence.join("; ");
    f.headline = match worst {
        Some(w) if in_period > 0 => format!("max {w:.2} days, {in_period} runs"),
        _ => "no purge recorded".to_string(),
    };
    f.items = items;
    f
}

/// Notes: runs of categories the profile has no commitment for, runs after as-of, and the
/// tolerance read for sub-day retentions (with the verdict under the other reading).
pub fn notes(ctx: &Context, log: &PurgeLog) -> Vec<Note> {
    let mut notes = Vec::new();
    let path = &log.summary.path;
    let committed: Vec<&str> = ctx
        .profile
        .commitments
        .iter()
        .filter_map(|c| match &c.rule {
            Rule::Purge { category, .. } => Some(category.as_str()),
            _ => None,
        })
        .collect();
    let mut other: BTreeMap<&str, usize> = BTreeMap::new();
    for r in log.runs.iter().filter(|r| !committed.contains(&r.category)) {
        *other.entry(r.category).or_default() += 1;
    }
    for (cat, n) in other {
        notes.push(Note::new(
            "category-not-audited",
            format!(
                "{path}: {} of category {cat} not audited: the {} profile has no commitment for it",
                plural(n, "run", "runs"),
                ctx.profile.id
            ),
        ));
    }
    notes.extend(Note::rows_after_as_of(path, &log.cut, &reader::CUT, ctx.profile.zone));
    for c in &ctx.profile.commitments {
        if let Rule::Purge { category, retention, minimum } = &c.rule {
            if !retention.is_sub_day() || !log.runs.iter().any(|r| r.category == category) {
                continue;
            }
            let ours = check_with(c, ctx, log, category, *retention, *minimum, BATCH);
            let other = check_with(c, ctx, log, category, *retention, *minimum, Duration::zero());
            let change = if ours.verdict == other.verdict {
                format!("the verdict would stay {}", ours.verdict.name())
            } else {
                format!("the verdict would be {} instead of {}", other.verdict.name(), ours.verdict.name())
            };
            notes.push(Note::new(
                "purge-tolerance",
                format!(
                    "{}: \"{retention} at most\" is read, as SPEC §3.5 says, with the daily-batch tolerance (limit \
                 {retention} + 1 day); with no tolerance (limit {retention}) {change}",
                    c.id
                ),
            ));
        }
    }
    notes
}

#[cfg(test)]
mod tests;
