//! Backups (SPEC §3.4; 000 §9, 001 §8.2.1, 002 §8.2.1, 004 art. 7): a successful backup of
//! each database every local day and every month (Sprint: on the first weekend, A7), copies
//! kept at least their retention and not more than a week past it, and (Sprint) copies in two
//! distinct places. Days and months are those of the profile's zone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use serde_json::{json, Map, Value};

use super::{Context, Finding, Item, Verdict};
use crate::calendar::resolve_local;
use crate::error::InputError;
use crate::ingest::backups::{self as reader, Backup, BackupStatus, Environment};
use crate::ingest::{fold, InputSummary, ReadOptions};
use crate::profile::{BackupType, Commitment, Rule, Span};

/// How long past its retention a copy may be kept before it is a `warn` (SPEC §3.4: a week).
pub const GRACE: Duration = Duration::days(7);

/// A backup log, as it stood at `--as-of`: production rows only.
#[derive(Debug, Clone)]
pub struct BackupLog {
    /// Production copies taken at or before as-of, by time taken (file order among equals).
    /// A deletion after as-of is not seen yet: such a copy is still kept.
    pub backups: Vec<Backup>,
    /// Every database the log names (`all` when it names none).
    pub databases: BTreeSet<String>,
    /// Rows of test environments, ignored, per environment name as written.
    pub test_rows: BTreeMap<String, u64>,
    /// Production rows taken after as-of, ignored.
    pub rows_after_as_of: u64,
    /// Deletions dated after as-of, not seen.
    pub deletions_after_as_of: u64,
    /// What the file held.
    pub summary: InputSummary,
}

impl BackupLog {
    /// Reads a backup log for the audit `ctx`.
    pub fn read(path: &Path, opts: &ReadOptions, ctx: &Context) -> Result<BackupLog, InputError> {
        let mut rows = Vec::new();
        let summary = reader::read(path, opts, |b| rows.push(b))?;
        Ok(BackupLog::from_rows(rows, ctx, summary))
    }

    /// Builds the log from rows already read.
    pub fn from_rows(rows: Vec<Backup>, ctx: &Context, summary: InputSummary) -> BackupLog {
        let as_of = ctx.period.as_of;
        let mut log = BackupLog {
            backups: Vec::with_capacity(rows.len()),
            databases: BTreeSet::new(),
            test_rows: BTreeMap::new(),
            rows_after_as_of: 0,
            deletions_after_as_of: 0,
            summary,
        };
        for mut b in rows {
            if b.environment == Environment::Test {
                *log.test_rows.entry(b.environment_name.clone()).or_default() += 1;
                continue;
            }
            if b.taken_at > as_of {
                log.rows_after_as_of += 1;
                continue;
            }
            if b.deleted_at.is_some_and(|d| d > as_of) {
                log.deletions_after_as_of += 1;
                b.deleted_at = None;
            }
            log.databases.insert(b.database.clone());
            log.backups.push(b);
        }
        if log.databases.is_empty() {
            log.databases.insert(reader::ALL_DATABASES.to_string());
        }
        log.backups.sort_by(|a, b| a.taken_at.cmp(&b.taken_at).then(a.line.cmp(&b.line)));
        log
    }

    /// Notes on the rows the audit did not use (none is dropped silently).
    pub fn notes(&self, ctx: &Context) -> Vec<String> {
        let mut notes = Vec::new();
        let path = &self.summary.path;
        if !self.test_rows.is_empty() {
            let total: u64 = self.test_rows.values().sum();
            let per: Vec<String> = self.test_rows.iter().map(|(e, n)| format!("{e}: {n}")).collect();
            notes.push(format!(
                "{path}: {} of test environments ({}) ignored: only production backups count",
                plural(total as usize, "row", "rows"),
                per.join(", ")
            ));
        }
        let as_of = ctx.period.as_of.with_timezone(&ctx.profile.zone).to_rfc3339();
        if self.rows_after_as_of > 0 {
            notes.push(format!(
                "{path}: {} backups taken after as-of ({as_of}) were left out: the audit sees the log as it stood then",
                self.rows_after_as_of
            ));
        }
        if self.deletions_after_as_of > 0 {
            notes.push(format!(
                "{path}: {} copies deleted after as-of ({as_of}) are counted as still kept at as-of",
                self.deletions_after_as_of
            ));
        }
        notes
    }
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
// Local days and months.

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

fn local(t: DateTime<Utc>, zone: Tz) -> String {
    t.with_timezone(&zone).to_rfc3339()
}

fn days_between(a: DateTime<Utc>, b: DateTime<Utc>) -> f64 {
    round2((b - a).num_seconds() as f64 / 86_400.0)
}

/// Rounded to two decimals, for reported day counts.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// "1 copy", "2 copies".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "a, b and c".
pub fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
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

fn attempts_json(attempts: &[&Backup], zone: Tz) -> Value {
    Value::Array(
        attempts
            .iter()
            .map(|b| json!({"taken_at": local(b.taken_at, zone), "status": b.status.name(), "line": b.line}))
            .collect(),
    )
}

/// Unsuccessful attempts with their database, for a finding's `measured`.
fn attempts_json_db(attempts: &[&Backup], zone: Tz) -> Value {
    Value::Array(
        attempts
            .iter()
            .map(|b| {
                json!({"taken_at": local(b.taken_at, zone), "status": b.status.name(), "database": b.database, "line": b.line})
            })
            .collect(),
    )
}

fn count_verdicts(items: &[Item]) -> (usize, usize, usize, usize) {
    let n = |v: Verdict| items.iter().filter(|i| i.verdict == v).count();
    (n(Verdict::Pass), n(Verdict::Fail), n(Verdict::Warn), n(Verdict::Open))
}

fn overall(items: &[Item]) -> Verdict {
    if items.iter().any(|i| i.verdict == Verdict::Fail) {
        Verdict::Fail
    } else if items.iter().any(|i| i.verdict == Verdict::Warn) {
        Verdict::Warn
    } else {
        Verdict::Pass
    }
}

/// The first `n` failing details, for the evidence sentence.
fn first_details(items: &[Item], verdict: Verdict, n: usize) -> String {
    let shown: Vec<String> = items.iter().filter(|i| i.verdict == verdict).take(n).map(|i| i.detail.clone()).collect();
    let more = items.iter().filter(|i| i.verdict == verdict).count().saturating_sub(n);
    let mut s = shown.join("; ");
    if more > 0 {
        s.push_str(&format!("; and {more} more"));
    }
    s
}

// ---------------------------------------------------------------------------------------
// Frequency.

/// `backup.daily.frequency`: each local day of the period (and database) needs a successful
/// daily backup. Items are the missing days (SPEC §3.4: "each missing day is an item") and
/// the days still in progress at the cut without a backup yet (`open`); `measured` counts
/// the days checked, passed, missing and open.
pub fn daily_frequency(c: &Commitment, ctx: &Context, log: &BackupLog) -> Finding {
    let zone = ctx.profile.zone;
    let cut = ctx.period.cut();
    let mut by_day: BTreeMap<(&str, NaiveDate), Vec<&Backup>> = BTreeMap::new();
    for b in log.backups.iter().filter(|b| b.backup == BackupType::Daily) {
        by_day.entry((b.database.as_str(), local_date(b.taken_at, zone))).or_default().push(b);
    }
    let days = period_days(ctx);
    let mut items = Vec::new();
    let (mut passed, mut missing, mut open) = (0usize, 0usize, 0usize);
    let mut unsuccessful: Vec<&Backup> = Vec::new();
    for db in &log.databases {
        for &d in &days {
            let rows = by_day.get(&(db.as_str(), d)).map(Vec::as_slice).unwrap_or_default();
            let successes = rows.iter().filter(|b| b.status == BackupStatus::Success).count();
            let failed: Vec<&Backup> = rows.iter().copied().filter(|b| b.status != BackupStatus::Success).collect();
            unsuccessful.extend(&failed);
            let ended = day_start(next_day(d), zone) <= cut;
            let (verdict, detail) = if successes > 0 {
                passed += 1;
                continue;
            } else if !ended {
                open += 1;
                (Verdict::Open, format!("{d}{} in progress at the cut, no successful backup yet", db_words(db)))
            } else {
                missing += 1;
                let words = attempts_words(&failed, zone, false);
                (Verdict::Fail, format!("no successful daily backup on {d}{}: {words}", db_words(db)))
            };
            let mut values = Map::new();
            values.insert("database".into(), json!(db));
            values.insert("successes".into(), json!(successes));
            if !failed.is_empty() {
                values.insert("unsuccessful".into(), attempts_json(&failed, zone));
            }
            items.push(Item { subject: subject(d.to_string(), db), verdict, values, detail });
        }
    }
    let checked = passed + missing;
    let verdict = overall(&items);
    let mut f = Finding::new(c, verdict);
    f.measured.insert("days".into(), json!(days.len()));
    f.measured.insert("databases".into(), json!(log.databases));
    f.measured.insert("checked".into(), json!(checked));
    f.measured.insert("passed".into(), json!(passed));
    f.measured.insert("missing".into(), json!(missing));
    f.measured.insert("open".into(), json!(open));
    f.measured.insert("items".into(), json!(items.len()));
    unsuccessful.sort_by_key(|b| (b.taken_at, b.line));
    f.measured.insert("unsuccessful".into(), attempts_json_db(&unsuccessful, zone));
    let n_db = log.databases.len();
    let dbs = if n_db == 1 { String::new() } else { format!(" ({} days × {n_db} databases)", days.len()) };
    let unit = if n_db == 1 { "days" } else { "database-days" };
    f.evidence = if missing == 0 {
        format!("a successful daily backup on each of the {checked} {unit} checked{dbs}")
    } else {
        format!(
            "{missing} of {checked} {unit}{dbs} without a successful daily backup: {}",
            first_details(&items, Verdict::Fail, 3)
        )
    };
    f.headline = format!("{missing} missing of {checked}");
    f.items = items;
    f
}

/// Which days a monthly backup must be taken on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weekend {
    /// A7: the first Saturday of the month and the Sunday after it.
    A7,
    /// The other reading of A7, for the note: the weekend of the month's first Sunday (the
    /// Saturday before it may fall in the previous month).
    FirstSunday,
}

/// The window of the first weekend of the month that starts on `m`: [Saturday, Monday).
pub fn first_weekend(m: NaiveDate, reading: Weekend) -> (NaiveDate, NaiveDate) {
    let first = first_of_month(m);
    let target = match reading {
        Weekend::A7 => Weekday::Sat,
        Weekend::FirstSunday => Weekday::Sun,
    };
    let offset = (7 + target.num_days_from_monday() - first.weekday().num_days_from_monday()) % 7;
    let day = first + Duration::days(i64::from(offset));
    let saturday = if reading == Weekend::A7 { day } else { day - Duration::days(1) };
    (saturday, saturday + Duration::days(2))
}

/// `backup.monthly.frequency`: each month of the period (and database) needs a successful
/// monthly backup. With `weekend`, it must be taken on the first weekend (Sprint); one taken
/// on another day fails, naming the day. Items are the missing months and those whose window
/// is not over at the cut (`open`); `measured` counts months checked, passed, missing, open
/// and (Sprint) gives each month's weekend in `windows`.
pub fn monthly_frequency(c: &Commitment, ctx: &Context, log: &BackupLog, weekend: Option<Weekend>) -> Finding {
    let zone = ctx.profile.zone;
    let cut = ctx.period.cut();
    let months = period_months(ctx);
    let mut items = Vec::new();
    let mut windows = Map::new();
    let (mut passed, mut missing, mut open) = (0usize, 0usize, 0usize);
    for db in &log.databases {
        for &m in &months {
            let (win_from, win_to) = match weekend {
                Some(r) => first_weekend(m, r),
                None => (m, next_month(m)),
            };
            let (win_start, win_end) = (day_start(win_from, zone), day_start(win_to, zone));
            let (month_start, month_end) = (day_start(m, zone), day_start(next_month(m), zone));
            let mut in_window = None;
            let mut elsewhere = Vec::new();
            let mut failed = Vec::new();
            for b in log.backups.iter().filter(|b| b.backup == BackupType::Monthly && &b.database == db) {
                let in_month = month_start <= b.taken_at && b.taken_at < month_end;
                let in_win = win_start <= b.taken_at && b.taken_at < win_end;
                match (b.status, in_win, in_month) {
                    (BackupStatus::Success, true, _) => {
                        in_window.get_or_insert(b);
                    }
                    (BackupStatus::Success, false, true) => elsewhere.push(b),
                    (_, _, true) | (_, true, _) => failed.push(b),
                    _ => {}
                }
            }
            let label = m.format("%Y-%m").to_string();
            if weekend.is_some() {
                windows.insert(label.clone(), json!([win_from.to_string(), (win_to - Duration::days(1)).to_string()]));
            }
            let dbw = db_words(db);
            let window_words = match weekend {
                Some(_) => format!(
                    "the first weekend (Sat {} / Sun {})",
                    win_from.format("%-d %b"),
                    (win_from + Duration::days(1)).format("%-d %b")
                ),
                None => label.clone(),
            };
            let (verdict, detail) = if in_window.is_some() {
                passed += 1;
                continue;
            } else if win_end > cut {
                open += 1;
                (Verdict::Open, format!("{label}{dbw}: {window_words} not over at the cut"))
            } else if let Some(b) = elsewhere.first() {
                missing += 1;
                let when = b.taken_at.with_timezone(&zone).format("%A %Y-%m-%d");
                let tried = if failed.is_empty() {
                    String::new()
                } else {
                    format!(" (also {})", attempts_words(&failed, zone, true))
                };
                let detail =
                    format!("the monthly backup of {label}{dbw} was taken on {when}, not on {window_words}{tried}");
                (Verdict::Fail, detail)
            } else {
                missing += 1;
                let words = attempts_words(&failed, zone, true);
                (Verdict::Fail, format!("no successful monthly backup in {label}{dbw}: {words}"))
            };
            let mut values = Map::new();
            values.insert("database".into(), json!(db));
            if weekend.is_some() {
                values.insert("window".into(), json!([win_from.to_string(), (win_to - Duration::days(1)).to_string()]));
            }
            values.insert("taken_at".into(), json!(elsewhere.first().map(|b| local(b.taken_at, zone))));
            if !failed.is_empty() {
                values.insert("unsuccessful".into(), attempts_json(&failed, zone));
            }
            items.push(Item { subject: subject(label, db), verdict, values, detail });
        }
    }
    let checked = passed + missing;
    let verdict = overall(&items);
    let mut f = Finding::new(c, verdict);
    f.measured.insert("months".into(), json!(months.len()));
    f.measured.insert("databases".into(), json!(log.databases));
    f.measured.insert("checked".into(), json!(checked));
    f.measured.insert("passed".into(), json!(passed));
    f.measured.insert("missing".into(), json!(missing));
    f.measured.insert("open".into(), json!(open));
    f.measured.insert("items".into(), json!(items.len()));
    if weekend.is_some() {
        f.measured.insert("windows".into(), Value::Object(windows));
    }
    let place = if weekend.is_some() { " on the first weekend" } else { "" };
    f.evidence = if missing == 0 {
        format!("a successful monthly backup{place} in each of the {checked} months checked")
    } else {
        format!(
            "{missing} of {checked} months without a successful monthly backup{place}: {}",
            first_details(&items, Verdict::Fail, 3)
        )
    };
    f.headline = format!("{missing} missing of {checked}");
    f.items = items;
    f
}

/// The A7 note for each month of the period that starts on a Sunday (the only months where
/// the readings differ), with the verdict under the other reading.
pub fn ambiguity_a7(c: &Commitment, ctx: &Context, log: &BackupLog) -> Vec<String> {
    let months: Vec<NaiveDate> = period_months(ctx).into_iter().filter(|m| m.weekday() == Weekday::Sun).collect();
    if months.is_empty() {
        return Vec::new();
    }
    let ours = monthly_frequency(c, ctx, log, Some(Weekend::A7));
    let other = monthly_frequency(c, ctx, log, Some(Weekend::FirstSunday));
    let mut notes = Vec::new();
    for m in months {
        let label = m.format("%Y-%m").to_string();
        // Months with a backup in their window pass and are no item.
        let verdicts = |f: &Finding| -> Vec<&'static str> {
            log.databases
                .iter()
                .map(|db| {
                    let s = subject(label.clone(), db);
                    f.items.iter().find(|i| i.subject == s).map_or(Verdict::Pass.name(), |i| i.verdict.name())
                })
                .collect()
        };
        let (a, b) = (verdicts(&ours), verdicts(&other));
        let (sat, _) = first_weekend(m, Weekend::A7);
        let change = if ours.verdict == other.verdict {
            format!("the {} verdict would stay {}", c.id, ours.verdict.name())
        } else {
            format!("the {} verdict would be {} instead of {}", c.id, other.verdict.name(), ours.verdict.name())
        };
        notes.push(format!(
            "A7: {label} starts on a Sunday; its first weekend is read as Sat {} / Sun {} (month item: {}); read as Sun {} (with the Saturday before), the month would be {} and {change}",
            sat.format("%-d %b"),
            (sat + Duration::days(1)).format("%-d %b"),
            a.join(", "),
            m.format("%-d %b"),
            b.join(", "),
        ));
    }
    notes
}

// ---------------------------------------------------------------------------------------
// Retention.

/// `backup.*.retention`: items are the successful copies whose retention is judged in the
/// period — deleted in it (fail when early, warn when more than a week late, else pass), or
/// still kept at the cut more than a week past their retention (warn). Unsuccessful rows are
/// listed, never judged.
pub fn retention_check(c: &Commitment, ctx: &Context, log: &BackupLog, backup: BackupType, retention: Span) -> Finding {
    let zone = ctx.profile.zone;
    let period = ctx.period;
    let cut = period.cut();
    let mut items = Vec::new();
    let mut kept = 0usize;
    let mut unsuccessful: Vec<&Backup> = Vec::new();
    for b in log.backups.iter().filter(|b| b.backup == backup) {
        if b.status != BackupStatus::Success {
            if period.contains(b.taken_at) {
                unsuccessful.push(b);
            }
            continue;
        }
        let deadline = retention.after(b.taken_at, zone);
        let late = deadline + GRACE;
        let taken_day = local_date(b.taken_at, zone);
        let place = b.location.as_deref().map(|l| format!(" ({l})")).unwrap_or_default();
        let dbw = db_words(&b.database);
        let (verdict, detail, until) = match b.deleted_at {
            Some(d) if period.contains(d) => {
                let kept_days = days_between(b.taken_at, d);
                let on = d.with_timezone(&zone).format("%Y-%m-%d %H:%M");
                if d < deadline {
                    let detail = format!(
                        "copy of {taken_day}{place}{dbw} deleted on {on}, after {kept_days:.2} days: before its {retention} retention"
                    );
                    (Verdict::Fail, detail, d)
                } else if d > late {
                    let past = days_between(deadline, d);
                    let detail = format!(
                        "copy of {taken_day}{place}{dbw} deleted on {on}, {past:.2} days past its {retention} retention: data kept longer than promised"
                    );
                    (Verdict::Warn, detail, d)
                } else {
                    (Verdict::Pass, format!("copy of {taken_day}{place} deleted after {kept_days:.2} days"), d)
                }
            }
            Some(_) => continue,
            None if late < cut => {
                let past = days_between(deadline, period.as_of);
                let detail = format!(
                    "copy of {taken_day}{place}{dbw} still kept at as-of, {past:.2} days past its {retention} retention: data kept longer than promised"
                );
                (Verdict::Warn, detail, period.as_of)
            }
            None => {
                kept += 1;
                continue;
            }
        };
        let mut values = Map::new();
        values.insert("database".into(), json!(b.database));
        values.insert("location".into(), json!(b.location));
        values.insert("taken_at".into(), json!(local(b.taken_at, zone)));
        values.insert("deleted_at".into(), json!(b.deleted_at.map(|d| local(d, zone))));
        values.insert("kept_days".into(), json!(days_between(b.taken_at, until)));
        values.insert("retention_until".into(), json!(local(deadline, zone)));
        items.push(Item { subject: subject(taken_day.to_string(), &b.database), verdict, values, detail });
    }
    let (passed, failed, warned, _) = count_verdicts(&items);
    let verdict = overall(&items);
    let mut f = Finding::new(c, verdict);
    f.measured.insert("items".into(), json!(items.len()));
    f.measured.insert("passed".into(), json!(passed));
    f.measured.insert("deleted_early".into(), json!(failed));
    f.measured.insert("kept_too_long".into(), json!(warned));
    f.measured.insert("still_kept".into(), json!(kept));
    let mut by_status: BTreeMap<&str, usize> = BTreeMap::new();
    for b in &unsuccessful {
        *by_status.entry(b.status.name()).or_default() += 1;
    }
    f.measured.insert("not_judged".into(), json!(by_status));
    f.measured.insert("unsuccessful".into(), attempts_json(&unsuccessful, zone));
    let kind = match backup {
        BackupType::Daily => "daily",
        BackupType::Monthly => "monthly",
    };
    let mut evidence = if failed > 0 {
        format!(
            "{} deleted before the end of the {retention} retention: {}",
            plural(failed, &format!("{kind} copy"), &format!("{kind} copies")),
            first_details(&items, Verdict::Fail, 3)
        )
    } else if warned > 0 {
        format!(
            "{} kept more than 7 days past the {retention} retention: {}",
            plural(warned, &format!("{kind} copy"), &format!("{kind} copies")),
            first_details(&items, Verdict::Warn, 3)
        )
    } else {
        format!(
            "{} deleted in the period, none before {retention} nor more than 7 days after; {kept} still kept",
            plural(passed, &format!("{kind} copy"), &format!("{kind} copies"))
        )
    };
    if !unsuccessful.is_empty() {
        let listed: Vec<String> = unsuccessful
            .iter()
            .map(|b| {
                format!(
                    "{} {}{}",
                    b.status.name(),
                    b.taken_at.with_timezone(&zone).format("%Y-%m-%d %H:%M"),
                    db_words(&b.database)
                )
            })
            .collect();
        evidence.push_str(&format!("; not judged (not successful): {}", join_and(&listed)));
    }
    f.evidence = evidence;
    f.headline = format!("{failed} early, {warned} late of {}", items.len());
    f.items = items;
    f
}

// ---------------------------------------------------------------------------------------
// Copies.

/// `backup.copies`: each backup (database, type, local day) of the period with successful
/// copies in at least `min_locations` distinct locations (names compared case- and
/// accent-insensitively); a copy with no location counts as unknown and adds no place.
/// Items: daily backups by day (`YYYY-MM-DD[/database]`), monthly backups by month
/// (`YYYY-MM[/database]`), so that no two items share a subject.
pub fn copies(c: &Commitment, ctx: &Context, log: &BackupLog, min_locations: usize) -> Finding {
    let zone = ctx.profile.zone;
    let (from, cut) = (ctx.period.from, ctx.period.cut());
    type Group<'a> = (BTreeMap<String, String>, usize, usize);
    let mut groups: BTreeMap<(String, NaiveDate, BackupType), Group> = BTreeMap::new();
    for b in log.backups.iter().filter(|b| b.status == BackupStatus::Success && from <= b.taken_at && b.taken_at < cut)
    {
        let g = groups.entry((b.database.clone(), local_date(b.taken_at, zone), b.backup)).or_default();
        g.1 += 1;
        match &b.location {
            Some(l) => {
                g.0.entry(fold(l)).or_insert_with(|| l.clone());
            }
            None => g.2 += 1,
        }
    }
    // Each backup judged on its own; daily ones are items by day, monthly ones by month.
    struct Judged {
        day: NaiveDate,
        names: Vec<String>,
        count: usize,
        unknown: usize,
        verdict: Verdict,
        detail: String,
    }
    let mut daily: Vec<(String, Judged)> = Vec::new();
    let mut monthly: BTreeMap<(String, NaiveDate), Vec<Judged>> = BTreeMap::new();
    for ((db, day, backup), (places, count, unknown)) in groups {
        let names: Vec<String> = places.values().cloned().collect();
        let kind = match backup {
            BackupType::Daily => "daily",
            BackupType::Monthly => "monthly",
        };
        let unknown_words = if unknown > 0 { format!(", {unknown} without a location") } else { String::new() };
        let (verdict, detail) = if names.len() >= min_locations {
            (Verdict::Pass, format!("{kind} backup of {day} in {}", join_and(&names)))
        } else {
            let where_ =
                if names.is_empty() { "no known location".to_string() } else { format!("only {}", join_and(&names)) };
            (
                Verdict::Fail,
                format!(
                    "{kind} backup of {day}{}: {}, {where_}{unknown_words}",
                    db_words(&db),
                    plural(count, "copy", "copies")
                ),
            )
        };
        let j = Judged { day, names, count, unknown, verdict, detail };
        match backup {
            BackupType::Daily => daily.push((db, j)),
            BackupType::Monthly => monthly.entry((db, first_of_month(day))).or_default().push(j),
        }
    }
    let backups = daily.len() + monthly.values().map(Vec::len).sum::<usize>();
    let failed =
        daily.iter().map(|(_, j)| j).chain(monthly.values().flatten()).filter(|j| j.verdict == Verdict::Fail).count();
    let passed = backups - failed;
    let mut items = Vec::new();
    for (db, j) in daily {
        let mut values = Map::new();
        values.insert("type".into(), json!("daily"));
        values.insert("database".into(), json!(db));
        values.insert("copies".into(), json!(j.count));
        values.insert("locations".into(), json!(j.names));
        values.insert("unknown_locations".into(), json!(j.unknown));
        items.push(Item { subject: subject(j.day.to_string(), &db), verdict: j.verdict, values, detail: j.detail });
    }
    // Monthly: one item per month (subject `YYYY-MM`, so that it never repeats the daily item
    // of the same day); a month with several monthly backups fails if any of them does.
    for ((db, month), js) in monthly {
        let verdict = if js.iter().any(|j| j.verdict == Verdict::Fail) { Verdict::Fail } else { Verdict::Pass };
        let mut names: Vec<String> = Vec::new();
        for n in js.iter().flat_map(|j| &j.names) {
            if !names.contains(n) {
                names.push(n.clone());
            }
        }
        let mut values = Map::new();
        values.insert("type".into(), json!("monthly"));
        values.insert("database".into(), json!(db));
        values.insert("taken_on".into(), json!(js.iter().map(|j| j.day.to_string()).collect::<Vec<_>>()));
        values.insert("copies".into(), json!(js.iter().map(|j| j.count).sum::<usize>()));
        values.insert("locations".into(), json!(names));
        values.insert("unknown_locations".into(), json!(js.iter().map(|j| j.unknown).sum::<usize>()));
        let shown: Vec<&Judged> = js.iter().filter(|j| j.verdict == verdict).collect();
        let detail = shown.iter().map(|j| j.detail.as_str()).collect::<Vec<_>>().join("; ");
        items.push(Item { subject: subject(month.format("%Y-%m").to_string(), &db), verdict, values, detail });
    }
    let mut f = Finding::new(c, overall(&items));
    f.measured.insert("backups".into(), json!(backups));
    f.measured.insert("items".into(), json!(items.len()));
    f.measured.insert("passed".into(), json!(passed));
    f.measured.insert("failed".into(), json!(failed));
    f.evidence = if failed == 0 {
        format!("each of the {backups} backups of the period has copies in at least {min_locations} distinct locations")
    } else {
        format!(
            "{failed} of {backups} backups not copied to {min_locations} distinct locations: {}",
            first_details(&items, Verdict::Fail, 3)
        )
    };
    f.headline = format!("{failed} single-site of {backups}");
    f.items = items;
    f
}

#[cfg(test)]
mod tests;
