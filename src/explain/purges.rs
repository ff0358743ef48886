//! A purge run with its ages: the oldest record it kept and how old that record grew before
//! the next run (or as-of), the newest record it deleted and its age, with the log's lines.

use anyhow::Result;
use serde_json::{json, Value};

use super::model::{Part, Table};
use super::subject_matches;
use crate::checks::{days_between, Context, Finding};
use crate::ingest::purges::PurgeLog;
use crate::ingest::purges::PurgeRun;
use crate::profile::Commitment;

/// The parts for the runs of `category` whose instant matches `subject`.
pub fn parts(
    ctx: &Context,
    c: &Commitment,
    category: &str,
    log: &PurgeLog,
    finding: &Finding,
    subject: &str,
) -> Result<Vec<Part>> {
    let zone = ctx.profile.zone;
    let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&zone).to_rfc3339();
    let runs: Vec<&PurgeRun> = log.runs.iter().filter(|r| r.category == category).collect();
    let mut out = Vec::new();
    for item in finding.items.iter().filter(|i| subject_matches(&i.subject, subject)) {
        let Some(k) = runs.iter().position(|r| local(r.purged_at) == item.subject) else { continue };
        let run = runs[k];
        let next = runs.get(k + 1);
        let end = next.map_or(ctx.period.as_of, |r| r.purged_at);
        let base = run.oldest_kept.unwrap_or(run.purged_at);
        let mut p = Part::new(c, Some(item.subject.clone()));
        p.verdict = Some(item.verdict);
        p.lines.push(format!("the audit: {}", item.detail()));
        p.lines.push(match run.oldest_kept {
            Some(o) => format!(
                "oldest record kept {}: {:.2} days old at the run, {:.2} days when {}",
                local(o),
                days_between(o, run.purged_at),
                days_between(o, end),
                match next {
                    Some(n) => format!("the next run came ({}, line {})", local(n.purged_at), n.line),
                    None => "seen at as-of (no later run)".to_string(),
                }
            ),
            None => format!("nothing kept after the run; its age counts from the run to {}", local(end)),
        });
        p.figure("max_age_days", days_between(base, end));
        p.figure("oldest_kept", run.oldest_kept.map(local));
        p.figure("reached_at", local(end));
        if let Some(np) = run.newest_purged {
            p.figure("newest_purged", local(np));
            p.figure("newest_purged_age_days", days_between(np, run.purged_at));
        }
        if let Some(n) = run.records_purged {
            p.figure("records_purged", n);
        }
        let mut t = Table::new(
            "rows of the purge log",
            &["line", "purged at", "oldest kept", "newest purged", "records purged"],
        );
        for r in std::iter::once(run).chain(next.copied()) {
            t.rows.push(vec![
                json!(r.line),
                json!(local(r.purged_at)),
                r.oldest_kept.map_or(Value::Null, |o| json!(local(o))),
                r.newest_purged.map_or(Value::Null, |o| json!(local(o))),
                r.records_purged.map_or(Value::Null, |n| json!(n)),
            ]);
        }
        p.tables.push(t);
        out.push(p);
    }
    Ok(out)
}
