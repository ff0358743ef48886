//! Planned maintenance (SPEC §1.1; 000 §3.2.2, 002 §3.2.2, 004 art. 2): `maintenance.window`
//! (each planned production interruption lies inside the profile's windows; its minutes
//! outside also count as downtime) and `maintenance.notice` (announced long enough before it
//! starts). Items are the planned interruptions that start in the period. Ambiguities A3 (KMB
//! nights) and A5 (Talentsoft 07:00 restart) are noted, with the verdicts under both readings.

use chrono::{DateTime, Duration, Utc};

use super::availability::{self, local, Set};
use super::resolution::ceil_minutes;
use super::{Context, Finding, Item, Measured, Note, Verdict};
use crate::calendar;
use crate::calendar::windows::{occurrence_set, RecurringWindow};
use crate::ingest::downtime::{DowntimeKind, DowntimeLog, Interruption};
use crate::model::measured::{MaintenanceNoticeMeasured, MaintenanceWindowMeasured};
use crate::model::values::{MaintenanceNoticeValues, MaintenanceWindowValues};
use crate::model::Instant;
use crate::profile::{AvailabilityScheme, Commitment, Profile, Rule};

/// Maintenance windows over any range: the recurring occurrences, plus fixed spans (used to
/// compute A5's other reading).
#[derive(Debug, Clone)]
pub struct Windows {
    /// The recurring windows.
    pub recurring: Vec<RecurringWindow>,
    /// Extra spans that count as window.
    pub extra: Set,
}

impl Windows {
    /// The profile's windows.
    pub fn of(profile: &Profile) -> Windows {
        Windows { recurring: profile.maintenance_windows.clone(), extra: Set::default() }
    }

    /// The window instants around [from, to), occurrences unclipped.
    pub fn over(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Set {
        occurrence_set(&self.recurring, from, to).union(&self.extra)
    }

    fn labels(&self) -> String {
        let l: Vec<&str> = self.recurring.iter().map(|w| w.label.as_str()).collect();
        l.join("; ")
    }
}

/// Where one planned interruption lies relative to the windows.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// Start.
    pub start: DateTime<Utc>,
    /// End as seen at as-of.
    pub end: DateTime<Utc>,
    /// Still going at as-of.
    pub ongoing: bool,
    /// Its minutes (up to as-of).
    pub minutes: i64,
    /// Its minutes outside the windows.
    pub minutes_outside: i64,
    /// pass (inside), fail (partly or wholly outside), open (ongoing, inside so far).
    pub verdict: Verdict,
}

/// Places interruption `i` as seen at `as_of`; `None` when it has not started by then.
pub fn place(i: &Interruption, as_of: DateTime<Utc>, windows: &Windows) -> Option<Placement> {
    let (s, e) = i.seen(as_of)?;
    let around = windows.over(calendar::earlier(s, Duration::seconds(1)), calendar::later(e, Duration::seconds(1)));
    let inside = around.covers(s, e);
    let outside = (e - s).num_seconds() - around.clip(s, e).seconds();
    let ongoing = i.ongoing_at(as_of);
    let verdict = match (inside, ongoing) {
        (false, _) => Verdict::Fail,
        (true, true) => Verdict::Open,
        (true, false) => Verdict::Pass,
    };
    Some(Placement {
        start: s,
        end: e,
        ongoing,
        minutes: ceil_minutes((e - s).num_seconds()),
        minutes_outside: ceil_minutes(outside),
        verdict,
    })
}

/// Planned production interruptions that start in the period (and by as-of).
pub fn planned_in_period<'a>(ctx: &'a Context, log: &'a DowntimeLog) -> impl Iterator<Item = &'a Interruption> + 'a {
    log.interruptions
        .iter()
        .filter(move |i| i.kind == DowntimeKind::Planned && ctx.period.contains(i.start) && i.start < ctx.period.as_of)
}

fn subject(ctx: &Context, t: DateTime<Utc>) -> String {
    instant(ctx, t).text()
}

fn instant(ctx: &Context, t: DateTime<Utc>) -> Instant {
    Instant::new(t, ctx.profile.zone)
}

/// Evaluates `maintenance.window` against `windows`.
pub fn check_window_with(ctx: &Context, c: &Commitment, log: &DowntimeLog, windows: &Windows) -> Finding {
    let mut items = Vec::new();
    let (mut passed, mut failed, mut open, mut outside_total) = (0, 0, 0, 0);
    let mut worst: Option<(i64, DateTime<Utc>)> = None;
    for i in planned_in_period(ctx, log) {
        let Some(p) = place(i, ctx.period.as_of, windows) else { continue };
        match p.verdict {
            Verdict::Pass => passed += 1,
            Verdict::Fail => failed += 1,
            _ => open += 1,
        }
        outside_total += p.minutes_outside;
        if p.verdict == Verdict::Fail && worst.is_none_or(|(m, _)| p.minutes_outside > m) {
            worst = Some((p.minutes_outside, p.start));
        }
        let values = MaintenanceWindowValues {
            end: i.end.map(|e| instant(ctx, e)),
            minutes: p.minutes,
            description: i.description.as_ref().map(|d| d.to_string()),
            minutes_outside: p.minutes_outside,
        };
        let detail = match p.verdict {
            Verdict::Fail if p.minutes_outside == 0 => format!("{} min across two window occurrences", p.minutes),
            Verdict::Fail => format!("{} of {} min outside the windows", p.minutes_outside, p.minutes),
            Verdict::Open => format!("{} min so far, still going, inside the windows", p.minutes),
            _ => format!("{} min inside the windows", p.minutes),
        };
        items.push(Item::new(subject(ctx, p.start), p.verdict, values, detail));
    }
    let verdict = match (failed, items.len()) {
        (0, 0) => Verdict::NotApplicable,       // no planned interruption: nothing to judge
        (0, _) if passed == 0 => Verdict::Open, // only interruptions still going
        (0, _) => Verdict::Pass,
        _ => Verdict::Fail,
    };
    let mut f = Finding::new(c, verdict);
    f.measured = Measured::MaintenanceWindow(MaintenanceWindowMeasured {
        items: items.len(),
        passed,
        failed,
        open,
        minutes_outside: outside_total,
    });
    let total = items.len();
    f.evidence = match worst {
        None if total == 0 => "no planned interruption started in the period".to_string(),
        None => format!("all {total} planned interruptions inside the windows ({})", windows.labels()),
        Some((m, at)) => format!(
            "{failed} of {total} planned interruptions outside the windows ({}), {outside_total} min outside; \
             worst {} ({m} min outside)",
            windows.labels(),
            local(ctx, at)
        ),
    };
    f.headline = format!("{passed} inside, {failed} outside");
    f.items = items;
    f
}

/// Evaluates `maintenance.window` against the profile's windows.
pub fn check_window(ctx: &Context, c: &Commitment, log: &DowntimeLog) -> Finding {
    check_window_with(ctx, c, log, &Windows::of(&ctx.profile))
}

/// Evaluates `maintenance.notice`: announced at least `min_notice_hours` before the start;
/// too late is a fail, no `announced_at` a warn.
pub fn check_notice(ctx: &Context, c: &Commitment, min_notice_hours: i64, log: &DowntimeLog) -> Finding {
    let mut items = Vec::new();
    let (mut passed, mut late, mut unknown) = (0, 0, 0);
    for i in planned_in_period(ctx, log) {
        let mut values = MaintenanceNoticeValues {
            announced_at: i.announced_at.map(|a| instant(ctx, a)),
            required_hours: min_notice_hours,
            notice_hours: None,
            description: i.description.as_ref().map(|d| d.to_string()),
        };
        let (verdict, detail) = match i.announced_at {
            None => {
                unknown += 1;
                (Verdict::Warn, "no announcement recorded".to_string())
            }
            Some(a) => {
                let secs = (i.start - a).num_seconds();
                // Exact in JSON; rounded down to 0.1 h in the sentence, never up to the notice.
                let hours = (secs as f64 / 360.0).floor() / 10.0;
                values.notice_hours = Some(secs as f64 / 3600.0);
                if secs >= min_notice_hours * 3600 {
                    passed += 1;
                    (Verdict::Pass, format!("announced {hours} h before (≥ {min_notice_hours} h)"))
                } else {
                    late += 1;
                    (Verdict::Fail, format!("announced {hours} h before (< {min_notice_hours} h)"))
                }
            }
        };
        items.push(Item::new(subject(ctx, i.start), verdict, values, detail));
    }
    let total = items.len();
    let verdict = match total {
        0 => Verdict::NotApplicable, // no planned interruption: nothing to judge
        _ => Verdict::roll_up(late, unknown, Verdict::Warn),
    };
    let mut f = Finding::new(c, verdict);
    f.measured =
        Measured::MaintenanceNotice(MaintenanceNoticeMeasured { items: total, passed, late, not_announced: unknown });
    f.evidence = if total == 0 {
        "no planned interruption started in the period".to_string()
    } else {
        let mut s = format!("{passed} of {total} planned interruptions announced ≥ {min_notice_hours} h before");
        if late > 0 {
            s.push_str(&format!("; {late} announced too late"));
        }
        if unknown > 0 {
            s.push_str(&format!("; {unknown} with no announcement recorded"));
        }
        s
    };
    f.headline = format!("{passed} on time, {late} late, {unknown} unknown");
    f.items = items;
    f
}

/// The A3 reading (a `maintenance-window` reading that gives other windows): the index of the
/// first window it moves, and its windows.
pub fn a3_other_reading(profile: &crate::profile::Profile) -> Option<(usize, Vec<RecurringWindow>)> {
    let r = profile.commitments.iter().filter(|c| c.family == "maintenance-window").find_map(|c| c.reading("A3"))?;
    let alt = r.windows.clone()?;
    let ours = &profile.maintenance_windows;
    let i = (0..ours.len().min(alt.len()))
        .find(|&i| ours[i].weekdays != alt[i].weekdays || ours[i].start != alt[i].start || ours[i].end != alt[i].end)?;
    Some((i, alt))
}

/// Planned interruptions the readings may judge: those seen at as-of that start in the
/// period or touch the six-month availability window.
fn planned_in_scope<'a>(ctx: &'a Context, log: &'a DowntimeLog) -> Vec<&'a Interruption> {
    let (from, _) = availability::six_month_window(ctx);
    let cut = ctx.period.cut();
    log.interruptions
        .iter()
        .filter(|i| i.kind == DowntimeKind::Planned)
        .filter(|i| {
            i.seen(ctx.period.as_of).is_some_and(|(s, e)| {
                ctx.period.contains(s) || (s < cut && e > from) || (s == e && s >= from && s < cut)
            })
        })
        .collect()
}

fn touches(i: &Interruption, as_of: DateTime<Utc>, windows: &Windows) -> bool {
    i.seen(as_of).is_some_and(|(s, e)| {
        let around = windows.over(calendar::earlier(s, Duration::seconds(1)), calendar::later(e, Duration::seconds(1)));
        !around.clip(s, e).is_empty() || around.covers(s, e)
    })
}

/// What the other reading of the windows gives: maintenance.window and availability under
/// both, and which verdicts would change.
fn compare(ctx: &Context, log: &DowntimeLog, ours: &Windows, other: &Windows) -> String {
    let mut parts = Vec::new();
    let mut changed = Vec::new();
    if let Some(c) = ctx.profile.commitments.iter().find(|c| c.rule == Rule::MaintenanceWindow) {
        let a = check_window_with(ctx, c, log, ours);
        let b = check_window_with(ctx, c, log, other);
        let fails = |f: &Finding| match &f.measured {
            Measured::MaintenanceWindow(m) => m.failed,
            _ => 0,
        };
        if a.verdict != b.verdict {
            changed.push("maintenance.window");
        }
        parts.push(format!(
            "maintenance.window {} ({} outside) instead of {} ({} outside)",
            b.verdict.name(),
            fails(&b),
            a.verdict.name(),
            fails(&a)
        ));
    }
    let six = ctx.profile.commitments.iter().find_map(|c| match &c.rule {
        Rule::Availability { target_pct, scheme: AvailabilityScheme::SixMonths { reference_minutes, excluded } } => {
            Some((*target_pct, *reference_minutes, excluded))
        }
        _ => None,
    });
    if let Some((target, reference, excluded)) = six {
        let a = availability::six_months(ctx, log, reference, target, ours, excluded);
        let b = availability::six_months(ctx, log, reference, target, other, excluded);
        if a.pass != b.pass {
            changed.push("availability");
        }
        parts.push(format!(
            "availability {} % ({} min down) instead of {} % ({} min)",
            b.pct_milli as f64 / 1000.0,
            b.downtime_minutes,
            a.pct_milli as f64 / 1000.0,
            a.downtime_minutes,
        ));
    }
    let verdict = if changed.is_empty() {
        "no verdict would change".to_string()
    } else {
        format!("the verdict of {} would change", changed.join(" and "))
    };
    format!("{}: {verdict}", parts.join("; "))
}

/// Notes on A3 (KMB Labs nights) and A5 (Talentsoft 07:00 restart) when the data touch them.
pub fn notes(ctx: &Context, log: &DowntimeLog) -> Vec<Note> {
    let mut notes = Vec::new();
    let as_of = ctx.period.as_of;
    let ours = Windows::of(&ctx.profile);
    let planned = planned_in_scope(ctx, log);
    {
        if let Some((n, alt)) = a3_other_reading(&ctx.profile) {
            let nights = |w: &RecurringWindow| Windows { recurring: vec![w.clone()], extra: Set::default() };
            let (ours_nights, other_nights) = (nights(&ours.recurring[n]), nights(&alt[n]));
            let other = Windows { recurring: alt, extra: Set::default() };
            let touching: Vec<&&Interruption> = planned
                .iter()
                .filter(|i| touches(i, as_of, &ours_nights) || touches(i, as_of, &other_nights))
                .collect();
            if !touching.is_empty() {
                let starts: Vec<String> = touching.iter().map(|i| local(ctx, i.start)).collect();
                notes.push(Note::new(
                    "A3",
                    format!(
                    "A3: KMB Labs \"Nuits du lundi au jeudi : Minuit – 8h\" (002 §3.2.2) read as 00:00–08:00 Tuesday \
                     to Friday; {} planned interruptions touch the nights under one reading or the other ({}). Read \
                     as 00:00–08:00 Monday to Thursday: {}",
                    touching.len(),
                    starts.join(", "),
                    compare(ctx, log, &ours, &other)
                ),
                ));
            }
        }
    }
    // A5: a `maintenance-window` reading whose detail names the restart's start and length.
    let a5 = ctx.profile.commitments.iter().filter(|c| c.family == "maintenance-window").find_map(|c| c.reading("A5"));
    let restart_at = |r: &crate::profile::Reading| {
        let start = r.extra.get("restart_start")?.as_str().and_then(crate::calendar::data::parse_hhmm)?;
        Some((start, r.extra.get("restart_minutes")?.as_integer()?))
    };
    if let Some((start, minutes)) = a5.and_then(restart_at) {
        let restart: Vec<RecurringWindow> = ours
            .recurring
            .iter()
            .filter(|w| w.start == start && (w.end - w.start).num_minutes() == minutes)
            .cloned()
            .collect();
        if restart.is_empty() {
            return notes;
        }
        let restart = Windows { recurring: restart, extra: Set::default() };
        let touching: Vec<&&Interruption> = planned.iter().filter(|i| touches(i, as_of, &restart)).collect();
        if touching.is_empty() {
            return notes;
        }
        // The other reading: a restart that starts in the 07:00 window may last as long as it takes.
        let extra = Set::from_spans(touching.iter().filter_map(|i| {
            let (s, e) = i.seen(as_of)?;
            restart
                .over(calendar::earlier(s, Duration::seconds(1)), calendar::later(s, Duration::seconds(1)))
                .covers(s, s)
                .then_some((s, e))
        }));
        let other = Windows { recurring: ours.recurring.clone(), extra };
        let over: Vec<String> = touching
            .iter()
            .filter_map(|i| {
                let p = place(i, as_of, &ours)?;
                (p.minutes_outside > 0).then(|| format!("{} ({} min outside)", local(ctx, p.start), p.minutes_outside))
            })
            .collect();
        notes.push(Note::new(
            "A5",
            format!(
            "A5: Talentsoft's daily restart \"à 7 h\" (000 §3.2.2) has no duration; read as 07:00–07:15. {} planned \
             interruptions touch it{}. Were a restart starting at 07:00 allowed to last as long as it takes: {}",
            touching.len(),
            if over.is_empty() { String::new() } else { format!(", running past it: {}", over.join(", ")) },
            compare(ctx, log, &ours, &other)
        ),
        ));
    }
    notes
}

#[cfg(test)]
mod tests;
