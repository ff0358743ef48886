//! A backup day or month, per database, with the rows of the backup log that prove or fail
//! it (their line numbers), and the audit's verdict on it.

use anyhow::{bail, Result};
use chrono::{Datelike, Duration, NaiveDate};
use serde_json::{json, Value};

use super::find_item;
use super::model::{Part, Table};
use crate::checks::backups::{day_start, local_date};
use crate::checks::backups::{first_weekend, Weekend};
use crate::checks::{Context, Finding, Verdict};
use crate::ingest::backups::BackupLog;
use crate::ingest::backups::{Backup, BackupStatus, ALL_DATABASES};
use crate::profile::{BackupType, Commitment, Rule};

/// A day (`2026-10-18`) or a month (`2026-10`), with an optional `/database`.
enum When {
    Day(NaiveDate),
    Month(NaiveDate),
}

fn parse(subject: &str) -> Option<(When, Option<&str>)> {
    let (date, db) = match subject.split_once('/') {
        Some((d, db)) => (d.trim(), Some(db.trim())),
        None => (subject.trim(), None),
    };
    if let Ok(d) = NaiveDate::parse_from_str(date, "%Y-%m-%d") {
        return Some((When::Day(d), db));
    }
    NaiveDate::parse_from_str(&format!("{date}-01"), "%Y-%m-%d").ok().map(|m| (When::Month(m), db))
}

fn subject_of(label: &str, db: &str) -> String {
    if db == ALL_DATABASES {
        label.to_string()
    } else {
        format!("{label}/{db}")
    }
}

fn rows_table(ctx: &Context, title: &str, rows: &[&Backup]) -> Table {
    let zone = ctx.profile.zone;
    let mut t = Table::new(title, &["line", "taken at", "type", "status", "location", "deleted at"]);
    for b in rows {
        t.rows.push(vec![
            json!(b.line),
            json!(b.taken_at.with_timezone(&zone).to_rfc3339()),
            json!(format!("{:?}", b.backup).to_lowercase()),
            json!(b.status.name()),
            b.location.as_deref().map_or(Value::Null, |l| json!(l)),
            b.deleted_at.map_or(Value::Null, |d| json!(d.with_timezone(&zone).to_rfc3339())),
        ]);
    }
    t
}

fn attempts(ctx: &Context, rows: &[&Backup]) -> Value {
    let zone = ctx.profile.zone;
    Value::Array(
        rows.iter()
            .map(|b| json!({"taken_at": b.taken_at.with_timezone(&zone).to_rfc3339(), "status": b.status.name(), "line": b.line}))
            .collect(),
    )
}

/// The parts for a backup commitment and a day or month subject: one per database.
pub fn parts(ctx: &Context, c: &Commitment, log: &BackupLog, findings: &[Finding], subject: &str) -> Result<Vec<Part>> {
    let Some((when, db)) = parse(subject) else {
        bail!("`{subject}`: expected a day (YYYY-MM-DD) or a month (YYYY-MM), optionally followed by /DATABASE");
    };
    let zone = ctx.profile.zone;
    let dbs: Vec<&String> = log.databases.iter().filter(|d| db.is_none_or(|x| x == d.as_str())).collect();
    if dbs.is_empty() {
        let known: Vec<&str> = log.databases.iter().map(String::as_str).collect();
        bail!("no database `{}` in the backup log; it has {}", db.unwrap_or_default(), known.join(", "));
    }
    let wanted_type = match &c.rule {
        Rule::BackupFrequency { backup, .. } | Rule::BackupRetention { backup, .. } => Some(*backup),
        _ => None,
    };
    let mut out = Vec::new();
    for db in dbs {
        let of_db = |b: &&Backup| &b.database == db && wanted_type.is_none_or(|t| b.backup == t);
        let (label, rows, window): (String, Vec<&Backup>, Option<(NaiveDate, NaiveDate)>) = match when {
            When::Day(d) => (
                d.to_string(),
                log.backups.iter().filter(of_db).filter(|b| local_date(b.taken_at, zone) == d).collect(),
                None,
            ),
            When::Month(m) => {
                let weekend =
                    matches!(c.rule, Rule::BackupFrequency { backup: BackupType::Monthly, first_weekend: true });
                let win = weekend.then(|| first_weekend(m, Weekend::A7));
                let in_month = |b: &&Backup| {
                    let d = local_date(b.taken_at, zone);
                    d.year() == m.year() && d.month() == m.month()
                        || win.is_some_and(|(a, z)| day_start(a, zone) <= b.taken_at && b.taken_at < day_start(z, zone))
                };
                (m.format("%Y-%m").to_string(), log.backups.iter().filter(of_db).filter(in_month).collect(), win)
            }
        };
        let subj = subject_of(&label, db);
        let mut p = Part::new(c, Some(subj.clone()));
        let item = find_item(findings, &c.id, &subj);
        p.verdict = item.map(|i| i.verdict);
        let successes: Vec<&Backup> = rows.iter().copied().filter(|b| b.status == BackupStatus::Success).collect();
        let failed: Vec<&Backup> = rows.iter().copied().filter(|b| b.status != BackupStatus::Success).collect();
        if db != ALL_DATABASES {
            p.figure("database", db.as_str());
        }
        match (&c.rule, &when) {
            (Rule::BackupFrequency { backup: BackupType::Daily, .. }, When::Day(d)) => {
                p.figure("successes", successes.len());
                if !failed.is_empty() {
                    p.figure("unsuccessful", attempts(ctx, &failed));
                }
                let in_period = ctx.period.contains(day_start(*d, zone));
                if p.verdict.is_none() && in_period && !successes.is_empty() {
                    // The audit lists the failing and open days only: a day with a success passed.
                    p.verdict = Some(Verdict::Pass);
                }
                p.lines.push(match (successes.first(), in_period) {
                    (_, false) => format!("{d} is outside the audited period"),
                    (Some(b), true) => format!("a successful daily backup on {d}: line {}", b.line),
                    (None, true) => {
                        format!("no successful daily backup on {d}: {} unsuccessful attempts", failed.len())
                    }
                });
            }
            (Rule::BackupFrequency { backup: BackupType::Monthly, .. }, When::Month(m)) => {
                if let Some((a, z)) = window {
                    p.figure("window", json!([a.to_string(), (z - Duration::days(1)).to_string()]));
                    p.lines.push(format!(
                        "the monthly backup is due on the first weekend of {}: {a} – {}",
                        m.format("%Y-%m"),
                        z - Duration::days(1)
                    ));
                }
                let in_window = |b: &&Backup| match window {
                    Some((a, z)) => day_start(a, zone) <= b.taken_at && b.taken_at < day_start(z, zone),
                    None => true,
                };
                let good: Vec<&Backup> = successes.iter().copied().filter(in_window).collect();
                p.figure("successes", good.len());
                if !failed.is_empty() {
                    p.figure("unsuccessful", attempts(ctx, &failed));
                }
                if p.verdict.is_none() && !good.is_empty() && ctx.period.contains(day_start(*m, zone)) {
                    p.verdict = Some(Verdict::Pass);
                }
            }
            (Rule::BackupFrequency { .. }, _) => {
                bail!(
                    "`{subject}`: {} is judged per {}",
                    c.id,
                    if matches!(c.rule, Rule::BackupFrequency { backup: BackupType::Daily, .. }) {
                        "day (YYYY-MM-DD)"
                    } else {
                        "month (YYYY-MM)"
                    }
                );
            }
            _ => {
                // Retention and copies: the audit's own figures for the subject, beside the rows.
                for i in findings.iter().filter(|f| f.id == c.id).flat_map(|f| &f.items).filter(|i| i.subject == subj) {
                    p.lines.push(format!("{}: {}", i.verdict.name(), i.detail()));
                    p.verdict = Some(p.verdict.map_or(i.verdict, |v| v.max(i.verdict)));
                }
            }
        }
        if let Some(i) = item {
            p.lines.push(format!("the audit: {}", i.detail()));
        }
        p.tables.push(rows_table(ctx, "rows of the backup log", &rows));
        out.push(p);
    }
    Ok(out)
}
