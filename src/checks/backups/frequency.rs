//! Backup frequency (SPEC §3.4): a successful daily backup each local day and a monthly one
//! each month (Sprint: on the first weekend, reading A7), per database; items are the missing
//! and still-open days or months. Kept apart from retention and copies, which judge copies.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, Duration, NaiveDate, Weekday};

use super::{
    attempts_json, attempts_json_db, attempts_words, day_start, db_words, first_of_month, local, local_date, next_day,
    next_month, overall, period_days, period_months, subject, BackupLog,
};
use crate::checks::{first_details, Context, Finding, Item, Measured, Verdict};
use crate::ingest::backups::{Backup, BackupStatus};
use crate::model::measured::BackupFrequencyMeasured;
use crate::model::values::{DailyBackupValues, MonthlyBackupValues};
use crate::model::Day;
use crate::profile::{BackupType, Commitment};

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
            let values = DailyBackupValues {
                day: Day(d),
                database: db.clone(),
                successes,
                unsuccessful: (!failed.is_empty()).then(|| attempts_json(&failed, zone)),
            };
            items.push(Item::new(subject(d.to_string(), db), verdict, values, detail));
        }
    }
    let checked = passed + missing;
    let mut f = Finding::new(c, overall(&items));
    unsuccessful.sort_by_key(|b| (b.taken_at, b.line));
    f.measured = Measured::BackupFrequency(BackupFrequencyMeasured {
        days: Some(days.len()),
        unsuccessful: Some(attempts_json_db(&unsuccessful, zone)),
        ..counted(log, &items, passed, missing, open)
    });
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
    f.evidence.push_str(&after_the_log(ctx, log, &items, |d| day_start(d, zone)));
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
    // Held at the calendar's ends (year ±262143) rather than overflowing there.
    let day = first.checked_add_days(Days::new(u64::from(offset))).unwrap_or(first);
    let saturday = if reading == Weekend::A7 { day } else { day.pred_opt().unwrap_or(day) };
    (saturday, saturday.checked_add_days(Days::new(2)).unwrap_or(saturday))
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
    let mut windows = BTreeMap::new();
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
                windows.insert(label.clone(), [Day(win_from), Day(win_to - Duration::days(1))]);
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
            let values = MonthlyBackupValues {
                month: Day(m),
                database: db.clone(),
                window: weekend.is_some().then(|| [Day(win_from), Day(win_to - Duration::days(1))]),
                taken_at: elsewhere.first().map(|b| local(b.taken_at, zone)),
                unsuccessful: (!failed.is_empty()).then(|| attempts_json(&failed, zone)),
            };
            items.push(Item::new(subject(label, db), verdict, values, detail));
        }
    }
    let checked = passed + missing;
    let mut f = Finding::new(c, overall(&items));
    f.measured = Measured::BackupFrequency(BackupFrequencyMeasured {
        months: Some(months.len()),
        windows: weekend.is_some().then_some(windows),
        ..counted(log, &items, passed, missing, open)
    });
    // Every month's backup already taken: nothing still to come in the period can undo that.
    // None checked yet (as-of at the period's start) is not a pass at all.
    f.settled = missing == 0 && open == 0 && passed > 0;
    if checked == 0 && !ctx.period.complete() {
        f.verdict = Verdict::Open;
    }
    let place = if weekend.is_some() { " on the first weekend" } else { "" };
    f.evidence = if missing == 0 {
        match checked {
            1 => format!("a successful monthly backup{place} in the 1 month checked"),
            _ => format!("a successful monthly backup{place} in each of the {checked} months checked"),
        }
    } else {
        format!(
            "{missing} of {checked} {} without a successful monthly backup{place}: {}",
            if checked == 1 { "month" } else { "months" },
            first_details(&items, Verdict::Fail, 3)
        )
    };
    f.evidence.push_str(&after_the_log(ctx, log, &items, |d| day_start(d, zone)));
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

/// The finding of a frequency check with its counts in `measured`, in report order: the
/// `(unit, count)` of the period (days or months), databases, checked, passed, missing, open
/// and items.
/// The part of the evidence sentence that names the failed items falling wholly after the
/// log's last row, when the log stops early (see `checks::coverage`): the reader can then
/// tell a stopped export from stopped backups. `start` gives the first instant of an item's
/// day or month (its subject begins with `YYYY-MM-DD` or `YYYY-MM`).
fn after_the_log(
    ctx: &Context,
    log: &BackupLog,
    items: &[Item],
    start: impl Fn(NaiveDate) -> chrono::DateTime<chrono::Utc>,
) -> String {
    let Some(last) = crate::checks::coverage::stopped_at(crate::ingest::inputs::InputKind::Backups, &log.summary, ctx)
    else {
        return String::new();
    };
    let day_of = |subject: &str| {
        let head = subject.split('/').next().unwrap_or(subject);
        NaiveDate::parse_from_str(head, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(&format!("{head}-01"), "%Y-%m-%d"))
            .ok()
    };
    let after: Vec<&str> = items
        .iter()
        .filter(|i| i.verdict == Verdict::Fail)
        .filter(|i| day_of(&i.subject).is_some_and(|d| start(d) > last))
        .map(|i| i.subject.as_str())
        .collect();
    if after.is_empty() {
        return String::new();
    }
    let zone = ctx.profile.zone;
    format!(
        "; no backup row at all after {} in {}: the export may have stopped — {} of the missing fall after it ({}{})",
        last.with_timezone(&zone).format("%Y-%m-%d %H:%M"),
        log.summary.path,
        after.len(),
        after.iter().take(3).copied().collect::<Vec<_>>().join(", "),
        if after.len() > 3 { format!(" and {} more", after.len() - 3) } else { String::new() }
    )
}

/// The figures both frequencies give; the caller adds its unit (days or months) and its own.
fn counted(log: &BackupLog, items: &[Item], passed: usize, missing: usize, open: usize) -> BackupFrequencyMeasured {
    BackupFrequencyMeasured {
        days: None,
        months: None,
        databases: log.databases.iter().cloned().collect(),
        checked: passed + missing,
        passed,
        missing,
        open,
        items: items.len(),
        unsuccessful: None,
        windows: None,
    }
}
