//! Backup copies (SPEC §3.4, Sprint 004 art. 7): each backup of the period stored in at least
//! the promised number of distinct places; daily backups are items by day, monthly by month.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{db_words, first_of_month, local_date, overall, subject, BackupLog};
use crate::checks::{first_details, join_and, plural, Context, Finding, Item, Measured, Verdict};
use crate::ingest::backups::BackupStatus;
use crate::ingest::fold;
use crate::model::measured::BackupCopiesMeasured;
use crate::model::values::CopiesValues;
use crate::model::Day;
use crate::profile::{BackupType, Commitment};

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
        let values = CopiesValues {
            on: Day(j.day),
            kind: "daily",
            database: db.clone(),
            taken_on: None,
            copies: j.count,
            locations: j.names,
            unknown_locations: j.unknown,
        };
        items.push(Item::new(subject(j.day.to_string(), &db), j.verdict, values, j.detail));
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
        let values = CopiesValues {
            on: Day(month),
            kind: "monthly",
            database: db.clone(),
            taken_on: Some(js.iter().map(|j| Day(j.day)).collect()),
            copies: js.iter().map(|j| j.count).sum(),
            locations: names,
            unknown_locations: js.iter().map(|j| j.unknown).sum(),
        };
        let shown: Vec<&Judged> = js.iter().filter(|j| j.verdict == verdict).collect();
        let detail = shown.iter().map(|j| j.detail.as_str()).collect::<Vec<_>>().join("; ");
        items.push(Item::new(subject(month.format("%Y-%m").to_string(), &db), verdict, values, detail));
    }
    // No monthly copy to judge is no evidence of two places.
    let verdict = if items.is_empty() { Verdict::NotApplicable } else { overall(&items) };
    let mut f = Finding::new(c, verdict);
    f.measured = Measured::BackupCopies(BackupCopiesMeasured { backups, items: items.len(), passed, failed });
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
