//! Backups (SPEC §3.4; 000 §9, 001 §8.2.1, 002 §8.2.1, 004 art. 7): a successful backup of
//! each database every local day and every month (Sprint: on the first weekend, A7), copies
//! kept at least their retention and not more than a week past it, and (Sprint) copies in two
//! distinct places. Days and months are those of the profile's zone.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use super::{join_and, Context, Finding, Item, Note, Verdict};
use crate::calendar::resolve_local;
use crate::ingest::backups::{self as reader, Backup, BackupLog};
use crate::model::values::{Attempt, AttemptOf};
use crate::model::Instant;
use crate::profile::{BackupType, Commitment, Rule};

mod copies;
mod frequency;
mod retention;

pub use copies::copies;
pub use frequency::{ambiguity_a7, daily_frequency, first_weekend, monthly_frequency, Weekend};
pub use retention::retention_check;

/// How long past its retention a copy may be kept before it is a `warn` (SPEC §3.4: a week).
pub const GRACE: Duration = Duration::days(7);

/// Notes on the rows the audit did not use (none is dropped silently).
pub fn notes(ctx: &Context, log: &BackupLog) -> Vec<Note> {
    let mut notes = Vec::new();
    let path = &log.summary.path;
    notes.extend(Note::other_environments(path, &log.test_rows, &reader::OTHER_ENVIRONMENTS));
    notes.extend(Note::rows_after_as_of(path, &log.cut, &reader::CUT, ctx.profile.zone));
    let as_of = ctx.period.as_of.with_timezone(&ctx.profile.zone).to_rfc3339();
    if log.deletions_after_as_of > 0 {
        notes.push(Note::new(
            "rows-after-as-of",
            format!(
                "{path}: {} copies deleted after as-of ({as_of}) are counted as still kept at as-of",
                log.deletions_after_as_of
            ),
        ));
    }
    notes
}

/// Evaluates a backup commitment (`backup.*`); `None` for another rule.
pub fn check(c: &Commitment, ctx: &Context, log: &BackupLog) -> Option<Finding> {
    Some(match c.rule {
        Rule::BackupFrequency { backup: BackupType::Daily, .. } => daily_frequency(c, ctx, log),
        Rule::BackupFrequency { backup: BackupType::Monthly, first_weekend } => {
            monthly_frequency(c, ctx, log, first_weekend.then_some(Weekend::A7))
        }
        Rule::BackupRetention { backup, retention } => retention_check(c, ctx, log, backup, retention),
        Rule::BackupCopies { min_locations } => copies(c, ctx, log, min_locations),
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------
// Local days and months, and wording shared by the checks.

/// The local date of `t` in `zone`.
pub fn local_date(t: DateTime<Utc>, zone: Tz) -> NaiveDate {
    t.with_timezone(&zone).date_naive()
}

/// The first instant of local day `d` in `zone`.
pub fn day_start(d: NaiveDate, zone: Tz) -> DateTime<Utc> {
    resolve_local(zone, d.and_time(NaiveTime::MIN))
}

fn next_day(d: NaiveDate) -> NaiveDate {
    // infallible: dates here are within a few years of the audit period.
    d.succ_opt().unwrap_or(d)
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d) // infallible: every month has a day 1.
}

fn next_month(d: NaiveDate) -> NaiveDate {
    let first = first_of_month(d);
    first.checked_add_months(chrono::Months::new(1)).unwrap_or(first) // infallible: far from the calendar's end.
}

/// The local days of the period that have begun by the cut, in order.
fn period_days(ctx: &Context) -> Vec<NaiveDate> {
    let zone = ctx.profile.zone;
    let cut = ctx.period.cut();
    let mut d = local_date(ctx.period.from, zone);
    let mut days = Vec::new();
    while day_start(d, zone) < cut {
        days.push(d);
        d = next_day(d);
    }
    days
}

/// The local months of the period (their first day) that have begun by the cut.
fn period_months(ctx: &Context) -> Vec<NaiveDate> {
    let zone = ctx.profile.zone;
    let cut = ctx.period.cut();
    let mut m = first_of_month(local_date(ctx.period.from, zone));
    let mut months = Vec::new();
    while day_start(m, zone) < cut {
        if day_start(next_month(m), zone) > ctx.period.from {
            months.push(m);
        }
        m = next_month(m);
    }
    months
}

fn subject(label: String, database: &str) -> String {
    if database == reader::ALL_DATABASES {
        label
    } else {
        format!("{label}/{database}")
    }
}

fn db_words(database: &str) -> String {
    if database == reader::ALL_DATABASES {
        String::new()
    } else {
        format!(" (database {database})")
    }
}

fn hhmm(t: DateTime<Utc>, zone: Tz) -> String {
    t.with_timezone(&zone).format("%H:%M").to_string()
}

fn local(t: DateTime<Utc>, zone: Tz) -> Instant {
    Instant::new(t, zone)
}

/// The unsuccessful attempts in words: "2 failed attempts, 01:00 and 03:10", or "no attempt
/// recorded". `with_date` adds the local date to each time.
fn attempts_words(attempts: &[&Backup], zone: Tz, with_date: bool) -> String {
    let when = |b: &Backup| {
        if with_date {
            b.taken_at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
        } else {
            hhmm(b.taken_at, zone)
        }
    };
    match attempts {
        [] => "no attempt recorded".to_string(),
        [first, ..] if attempts.iter().all(|b| b.status == first.status) => {
            let n = attempts.len();
            let times: Vec<String> = attempts.iter().map(|b| when(b)).collect();
            let s = if n == 1 { "" } else { "s" };
            format!("{n} {} attempt{s}, {}", first.status.name(), join_and(&times))
        }
        _ => {
            let each: Vec<String> = attempts.iter().map(|b| format!("{} {}", b.status.name(), when(b))).collect();
            format!("{} attempts: {}", attempts.len(), join_and(&each))
        }
    }
}

fn attempts_json(attempts: &[&Backup], zone: Tz) -> Vec<Attempt> {
    attempts
        .iter()
        .map(|b| Attempt { taken_at: local(b.taken_at, zone), status: b.status.name(), line: b.line })
        .collect()
}

/// Unsuccessful attempts with their database, for a finding's `measured`.
fn attempts_json_db(attempts: &[&Backup], zone: Tz) -> Vec<AttemptOf> {
    attempts
        .iter()
        .map(|b| AttemptOf {
            taken_at: local(b.taken_at, zone),
            status: b.status.name(),
            database: b.database.clone(),
            line: b.line,
        })
        .collect()
}

fn count_verdicts(items: &[Item]) -> (usize, usize, usize, usize) {
    let n = |v: Verdict| items.iter().filter(|i| i.verdict == v).count();
    (n(Verdict::Pass), n(Verdict::Fail), n(Verdict::Warn), n(Verdict::Open))
}

fn overall(items: &[Item]) -> Verdict {
    Verdict::worst(items.iter().map(|i| i.verdict))
}

#[cfg(test)]
mod tests;
