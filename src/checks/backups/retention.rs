//! Backup retention (SPEC §3.4): each successful copy kept at least its retention and not more
//! than [`GRACE`] past it; only copies whose retention is judged in the period are items.

use std::collections::BTreeMap;

use super::{attempts_json, count_verdicts, db_words, local, local_date, overall, subject, BackupLog, GRACE};
use crate::calendar;
use crate::checks::{days_between, first_details, join_and, plural, Context, Finding, Item, Measured, Verdict};
use crate::ingest::backups::{Backup, BackupStatus};
use crate::model::measured::BackupRetentionMeasured;
use crate::model::values::RetentionValues;
use crate::model::Day;
use crate::profile::{BackupType, Commitment, Span};

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
        let late = calendar::later(deadline, GRACE);
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
        let values = RetentionValues {
            taken_day: Day(taken_day),
            database: b.database.clone(),
            location: b.location.clone(),
            taken_at: local(b.taken_at, zone),
            deleted_at: b.deleted_at.map(|d| local(d, zone)),
            kept_days: days_between(b.taken_at, until),
            retention_until: local(deadline, zone),
        };
        items.push(Item::new(subject(taken_day.to_string(), &b.database), verdict, values, detail));
    }
    let (passed, failed, warned, _) = count_verdicts(&items);
    // No copy to judge is no evidence of a kept promise.
    let verdict = if items.is_empty() { Verdict::NotApplicable } else { overall(&items) };
    let mut f = Finding::new(c, verdict);
    let mut by_status: BTreeMap<&'static str, usize> = BTreeMap::new();
    for b in &unsuccessful {
        *by_status.entry(b.status.name()).or_default() += 1;
    }
    f.measured = Measured::BackupRetention(BackupRetentionMeasured {
        items: items.len(),
        passed,
        deleted_early: failed,
        kept_too_long: warned,
        still_kept: kept,
        not_judged: by_status,
        unsuccessful: attempts_json(&unsuccessful, zone),
    });
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
