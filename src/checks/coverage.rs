//! Evidence coverage: where each input's rows begin and end, against the part of the period
//! the audit looks at. A log that stops before as-of (an export cut short) or begins after the
//! period's start leaves part of the period without evidence; the verdicts stay as the booklet
//! rules say (a day without a backup row is missing), and a note lets the reader tell a stopped
//! export from stopped backups.

use chrono::{DateTime, Duration, Utc};

use super::{fmt_duration, Context};
use crate::ingest::inputs::InputKind;
use crate::ingest::InputSummary;

/// How long an input of `kind` may be silent before its silence says more about the export
/// than about the service: logs written on a daily cadence (backups, monitoring samples,
/// response times) 36 hours, weekly purge runs 8 days. Tickets, downtime, alerts and visits
/// record events: their silence is the normal case, except under something still going (see
/// [`notes`]).
pub fn tolerance(kind: InputKind) -> Option<Duration> {
    match kind {
        InputKind::Backups | InputKind::Metrics | InputKind::ResponseTimes | InputKind::Probes => {
            Some(Duration::hours(36))
        }
        InputKind::Purges => Some(Duration::days(8)),
        InputKind::Tickets | InputKind::Downtime | InputKind::Alerts | InputKind::Visits => None,
    }
}

/// How long an event log may be silent while something it recorded is still going (an
/// interruption without an end, a ticket not resolved), before the note says so: a day.
const SILENCE_UNDER_WAY: i64 = 1;

/// Whether the rows of a log of `kind` stop early: its last instant when it ends more than
/// the kind's tolerance before the cut (the earlier of the period's end and as-of).
pub fn stopped_at(kind: InputKind, summary: &InputSummary, ctx: &Context) -> Option<DateTime<Utc>> {
    let (_, last) = summary.span?;
    let tol = tolerance(kind)?;
    let cut = ctx.period.cut();
    (last < cut && cut - last > tol && last >= ctx.period.from - tol).then_some(last)
}

/// The words that close the evidence of a finding judged on an input that stops early.
pub fn stop_words(summary: &InputSummary, ctx: &Context) -> String {
    match summary.span {
        Some((_, last)) => format!(
            "{} has no row at all after {}: the export may have stopped, and what follows is without evidence",
            summary.path,
            local(ctx, last)
        ),
        None => format!("{} has no row", summary.path),
    }
}

fn local(ctx: &Context, t: DateTime<Utc>) -> String {
    t.with_timezone(&ctx.profile.zone).format("%Y-%m-%d %H:%M").to_string()
}

fn minutes(d: Duration) -> String {
    let m = d.num_minutes();
    if m >= 2 * 24 * 60 {
        format!("{} days", m / (24 * 60))
    } else {
        fmt_duration(m)
    }
}

/// The coverage notes of one input: rows ending before the cut, beginning after the period's
/// start, or none in the period at all; for an event log (downtime, tickets), something still
/// going at as-of (`under_way`: an interruption without an end, a ticket not resolved) in a log
/// that has said nothing since.
pub fn notes(kind: InputKind, summary: &InputSummary, ctx: &Context, under_way: bool) -> Vec<String> {
    let mut notes = Vec::new();
    let path = &summary.path;
    let cut = ctx.period.cut();
    let Some((first, last)) = summary.span else {
        // Rows, but none the audit uses (every row of another environment): the file is no
        // evidence for the period, whatever its verdicts say.
        if summary.rows > summary.skipped && matches!(kind, InputKind::Backups | InputKind::Downtime) {
            notes.push(format!(
                "{path}: {} read, none of production: the file gives no evidence for the audit (a quiet log and an \
                 export of another environment look alike)",
                super::plural(summary.rows as usize, "row", "rows")
            ));
        }
        return notes;
    };
    let Some(tol) = tolerance(kind) else {
        let what = match kind {
            InputKind::Downtime => "an interruption without an end is counted as still going",
            InputKind::Tickets => "tickets not resolved are counted as still open",
            _ => return notes,
        };
        if under_way && last < cut && cut - last > Duration::days(SILENCE_UNDER_WAY) {
            notes.push(format!(
                "{path}: covers {} → {}; {what} until {}, {} after the file's last instant: if the export \
                 stopped, that time may not be real",
                local(ctx, first),
                local(ctx, last),
                local(ctx, cut),
                minutes(cut - last)
            ));
        }
        return notes;
    };
    if last < ctx.period.from - tol || first >= cut {
        notes.push(format!(
            "{path}: covers {} → {}, no row in the audited part of the period ({} → {}): the whole period is \
             without evidence from this file",
            local(ctx, first),
            local(ctx, last),
            local(ctx, ctx.period.from),
            local(ctx, cut)
        ));
        return notes;
    }
    if let Some(last) = stopped_at(kind, summary, ctx) {
        notes.push(format!(
            "{path}: covers {} → {}; no row at all after {}, {} before {}: that part of the period is without \
             evidence from this file (the export may have stopped)",
            local(ctx, first),
            local(ctx, last),
            local(ctx, last),
            minutes(cut - last),
            if cut == ctx.period.as_of { "as-of" } else { "the period's end" }
        ));
    }
    if matches!(kind, InputKind::Backups | InputKind::Metrics | InputKind::ResponseTimes | InputKind::Probes)
        && first > ctx.period.from + tol
    {
        notes.push(format!(
            "{path}: covers {} → {}; no row before {}, {} after the period's start: that part of the period is \
             without evidence from this file",
            local(ctx, first),
            local(ctx, last),
            local(ctx, first),
            minutes(first - ctx.period.from)
        ));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{context, summary, utc as t};

    fn with_span(kind: &str, first: &str, last: &str) -> InputSummary {
        let mut s = summary(kind, "x.csv", 10);
        s.span = Some((t(first), t(last)));
        s
    }

    #[test]
    fn a_backup_log_that_stops_two_weeks_early_is_named_with_its_span() {
        // October 2026 audited at its end; the log's last row is 10-17 05:00 Paris: 14 days
        // 19 h before 11-01 00:00 Paris (CET after 10-25) — more than the 36 h allowed.
        let ctx =
            context("talentsoft", t("2026-09-30T22:00:00Z"), t("2026-10-31T23:00:00Z"), t("2026-10-31T23:00:00Z"));
        let s = with_span("backups", "2026-10-01T03:00:00Z", "2026-10-17T03:00:00Z");
        let n = notes(InputKind::Backups, &s, &ctx, false);
        assert_eq!(n.len(), 1, "{n:?}");
        assert!(n[0].contains("no row at all after 2026-10-17 05:00, 14 days before as-of"), "{}", n[0]);
        // The last backup of the month at 10-31 01:40 leaves 22 h 20: within the daily cadence.
        let s = with_span("backups", "2026-10-01T03:00:00Z", "2026-10-31T00:40:00Z");
        assert!(notes(InputKind::Backups, &s, &ctx, false).is_empty());
    }

    #[test]
    fn a_log_that_begins_late_or_misses_the_period_is_named() {
        let ctx =
            context("talentsoft", t("2026-09-30T22:00:00Z"), t("2026-10-31T23:00:00Z"), t("2026-10-31T23:00:00Z"));
        // Begins on 10-05 03:00 Paris: 4 days 3 h after the period's start.
        let s = with_span("metrics", "2026-10-05T01:00:00Z", "2026-10-31T20:00:00Z");
        let n = notes(InputKind::Metrics, &s, &ctx, false);
        assert_eq!(n.len(), 1, "{n:?}");
        assert!(n[0].contains("no row before 2026-10-05 03:00, 4 days after the period's start"), "{}", n[0]);
        // All rows in August: nothing in the period.
        let s = with_span("backups", "2026-08-01T01:00:00Z", "2026-08-31T01:00:00Z");
        let n = notes(InputKind::Backups, &s, &ctx, false);
        assert!(n[0].contains("the whole period is without evidence"), "{n:?}");
    }

    #[test]
    fn downtime_silence_is_named_only_under_an_ongoing_interruption() {
        let ctx =
            context("talentsoft", t("2026-09-30T22:00:00Z"), t("2026-10-31T23:00:00Z"), t("2026-10-31T23:00:00Z"));
        let s = with_span("downtime", "2026-10-02T08:00:00Z", "2026-10-10T08:00:00Z");
        assert!(notes(InputKind::Downtime, &s, &ctx, false).is_empty());
        let n = notes(InputKind::Downtime, &s, &ctx, true);
        assert!(n[0].contains("counted as still going until 2026-11-01 00:00"), "{n:?}");
        // Tickets alike: silence is normal unless a ticket is still open.
        let s = with_span("tickets", "2026-10-02T08:00:00Z", "2026-10-10T08:00:00Z");
        assert!(notes(InputKind::Tickets, &s, &ctx, false).is_empty());
        let n = notes(InputKind::Tickets, &s, &ctx, true);
        assert!(n[0].contains("tickets not resolved are counted as still open until 2026-11-01 00:00"), "{n:?}");
    }

    #[test]
    fn a_month_in_progress_is_judged_up_to_as_of() {
        // December 2026 seen on 12-03 10:00 Paris; backups up to 12-03 01:40: 8 h 20 before as-of.
        let ctx =
            context("talentsoft", t("2026-11-30T23:00:00Z"), t("2026-12-31T23:00:00Z"), t("2026-12-03T09:00:00Z"));
        let s = with_span("backups", "2026-12-01T00:40:00Z", "2026-12-03T00:40:00Z");
        assert!(notes(InputKind::Backups, &s, &ctx, false).is_empty());
    }
}
