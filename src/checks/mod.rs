//! Checks: one module per commitment family. Each is a pure function from typed inputs, the
//! audit context and a commitment to a [`Finding`]; checks never print. The inputs are read
//! and folded in `ingest`, as they stood at as-of (the tickets' fold, [`clock::TicketSet`],
//! is the one still here); the checks write the notes on what the folds left out. [`evaluate`] runs the
//! profile's commitments in catalogue order and marks those whose inputs were not given as
//! `not-audited`.

pub(crate) mod auto_close;
pub(crate) mod availability;
pub(crate) mod backups;
pub(crate) mod claims;
pub mod clock;
pub(crate) mod coverage;
pub(crate) mod families;
pub(crate) mod maintenance;
pub(crate) mod monitoring;
pub(crate) mod probes;
pub(crate) mod purges;
pub(crate) mod readings;
pub(crate) mod recovery;
pub(crate) mod resolution;
pub(crate) mod response_time;
pub(crate) mod support;
pub(crate) mod visits;
pub(crate) mod waivers;

#[cfg(test)]
pub(crate) mod test_support;

use chrono::{DateTime, Utc};
use rayon::prelude::*;

pub use crate::model::{fmt_duration, Finding, Item, Measured, Note, ResolutionValues, Values, Verdict};

use crate::calendar::{Calendar, Holidays};
use crate::ingest::backups::BackupLog;
use crate::ingest::downtime::DowntimeLog;
use crate::ingest::inputs::InputKind;
use crate::ingest::metrics::MetricSet;
use crate::ingest::probes::ProbeLog;
use crate::ingest::purges::PurgeLog;
use crate::profile::{Profile, Rule, Severity};

/// The audited period, in the profile's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First instant.
    pub from: DateTime<Utc>,
    /// End (exclusive).
    pub to: DateTime<Utc>,
    /// The data are seen as they stood at this instant.
    pub as_of: DateTime<Utc>,
}

impl Period {
    /// min(period end, as-of): where open things are measured up to.
    pub fn cut(&self) -> DateTime<Utc> {
        self.to.min(self.as_of)
    }

    /// Whether the period was over at as-of. When it was not, a commitment whose window has
    /// not ended is `open` unless its breach is already certain (or its pass can no longer
    /// change).
    pub fn complete(&self) -> bool {
        self.as_of >= self.to
    }

    /// Whether `t` is in [from, to).
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.from <= t && t < self.to
    }
}

/// Everything a check may need besides its inputs.
#[derive(Debug, Clone)]
pub struct Context {
    /// The profile (after contract overrides).
    pub profile: Profile,
    /// The period.
    pub period: Period,
    /// The support calendar (after `--calendar`, `--holidays`, `--holidays-file`).
    pub support: Calendar,
    /// Holidays for the other calendars of the audit.
    pub holidays: Holidays,
    /// Severity of tickets that have none (`--default-severity`).
    pub default_severity: Option<Severity>,
    /// Reference of the six-month availability (`--availability-base`).
    pub availability_base: availability::AvailabilityBase,
}

impl Context {
    /// A calendar by name: the support calendar, one of the booklet's own (with its holidays),
    /// or a built-in one with the audit's holidays.
    pub fn calendar(&self, name: &str) -> Option<Calendar> {
        if name == self.support.name {
            return Some(self.support.clone());
        }
        if let Some(cal) = self.profile.calendars.iter().find(|c| c.name == name) {
            return Some(cal.clone());
        }
        let mut cal = Calendar::builtin(name)?;
        cal.holidays = self.holidays.clone();
        Some(cal)
    }
}

/// The typed inputs of an audit; `None` for an input not given.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Per-ticket clocks.
    pub tickets: Option<clock::TicketSet>,
    /// The backup log (production rows, as of `--as-of`).
    pub backups: Option<BackupLog>,
    /// The purge log.
    pub purges: Option<PurgeLog>,
    /// Production interruptions.
    pub downtime: Option<DowntimeLog>,
    /// Monitoring samples, as the PreventCare checks keep them.
    pub metrics: Option<MetricSet>,
    /// Alerts, in time order.
    pub alerts: Option<Vec<crate::ingest::alerts::Alert>>,
    /// Preventive visits.
    pub visits: Option<crate::ingest::visits::VisitLog>,
    /// Response times per month and data centre.
    pub response_times: Option<crate::ingest::response_times::ResponseTimes>,
    /// The customer's probes (`--probes`): the availability's evidence without a downtime log.
    pub probes: Option<ProbeLog>,
}

impl Inputs {
    fn has(&self, kind: InputKind) -> bool {
        match kind {
            InputKind::Tickets => self.tickets.is_some(),
            InputKind::Backups => self.backups.is_some(),
            InputKind::Purges => self.purges.is_some(),
            InputKind::Downtime => self.downtime.is_some() || self.probes.is_some(),
            InputKind::Metrics => self.metrics.is_some(),
            InputKind::Alerts => self.alerts.is_some(),
            InputKind::Visits => self.visits.is_some(),
            // Probes stand in for the downtime log in the availability commitment (see evaluate).
            InputKind::Probes => self.probes.is_some(),
            InputKind::ResponseTimes => self.response_times.is_some(),
        }
    }
}

/// Findings, and the notes the data gave rise to (ambiguities that touched them).
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// One finding per commitment, in catalogue order.
    pub findings: Vec<Finding>,
    /// Notes for the report.
    pub notes: Vec<Note>,
}

/// Evaluates every commitment of the profile, in catalogue order.
pub fn evaluate(ctx: &Context, inputs: &Inputs) -> Evaluation {
    // Commitments are independent: evaluated in parallel (a large ticket history gives each
    // resolution severity its own pass over a million tickets), collected in catalogue order.
    let findings: Vec<Finding> = ctx
        .profile
        .commitments
        .par_iter()
        .map(|c| {
            let needs = families::inputs(c);
            let missing: Vec<InputKind> = needs.iter().copied().filter(|k| !inputs.has(*k)).collect();
            if !missing.is_empty() {
                return Finding::not_audited(c, &missing);
            }
            families::judge(ctx, c, inputs)
        })
        .map(|f| unfinished(ctx, f))
        .collect();
    let mut notes = Vec::new();
    if ctx.profile.commitments.iter().any(|c| matches!(c.rule, Rule::TakeCharge { .. })) {
        notes.push(Note::new("support-hours", support::hours_note(ctx)));
    }
    if let Some(tickets) = &inputs.tickets {
        notes.extend(Note::all("A2", resolution::ambiguity_a2(ctx, tickets)));
    }
    if let Some(log) = &inputs.backups {
        notes.extend(backups::notes(ctx, log));
        for c in &ctx.profile.commitments {
            if let (Rule::BackupFrequency { first_weekend: true, .. }, Some(_)) = (&c.rule, c.reading("A7")) {
                notes.extend(Note::all("A7", backups::ambiguity_a7(c, ctx, log)));
            }
        }
    }
    if let Some(log) = &inputs.purges {
        notes.extend(purges::notes(ctx, log));
    }
    if let Some(v) = &inputs.visits {
        notes.extend(visits::notes(ctx, v));
    }
    if let Some(log) = &inputs.downtime {
        notes.extend(availability::notes(ctx, log));
        notes.extend(maintenance::notes(ctx, log));
    }
    if let Some(rt) = &inputs.response_times {
        notes.extend(response_time::notes(ctx, rt));
    }
    notes.extend(readings::notes(ctx, inputs, &findings));
    Evaluation { findings, notes }
}

/// A finding of a period not over at as-of: its windows end at the period's end, so what is
/// still to come may change a `pass` (or `warn`): it becomes `open`, unless the check settled
/// it. A `fail` stays: the checks fail only a breach already certain (a ticket over target, a
/// day passed without a backup, a downtime budget already spent).
pub(crate) fn unfinished(ctx: &Context, mut f: Finding) -> Finding {
    if ctx.period.complete() || f.settled || !matches!(f.verdict, Verdict::Pass | Verdict::Warn) {
        return f;
    }
    let was = f.verdict.name();
    f.verdict = Verdict::Open;
    let rest = if f.evidence.is_empty() { String::new() } else { format!(": {}", f.evidence) };
    f.evidence = format!(
        "the period is not over at as-of ({}): {was} so far, what is still to come may change it{rest}",
        ctx.period.as_of.with_timezone(&ctx.profile.zone).to_rfc3339()
    );
    f
}

/// The overall verdict: `fail` if any commitment failed, else `warn` if any warned, else `pass`
/// when at least one passed (open, n/a and not-audited commitments neither pass nor fail an
/// audit). When none passed, warned or failed, the audit has no verdict of its own and says
/// what it has: `open` if any commitment is open, else `n/a` if any had nothing to judge, else
/// `not-audited` — never `pass`.
pub fn overall(findings: &[Finding]) -> Verdict {
    let has = |v: Verdict| findings.iter().any(|f| f.verdict == v);
    if has(Verdict::Pass) || has(Verdict::Warn) || has(Verdict::Fail) {
        return Verdict::worst(findings.iter().map(|f| f.verdict));
    }
    if has(Verdict::Open) {
        Verdict::Open
    } else if has(Verdict::Waived) {
        Verdict::Waived
    } else if has(Verdict::NotApplicable) {
        Verdict::NotApplicable
    } else {
        Verdict::NotAudited
    }
}

/// Days from `a` to `b`, exact to the second (formats for people round them).
pub fn days_between(a: DateTime<Utc>, b: DateTime<Utc>) -> f64 {
    (b - a).num_seconds() as f64 / 86_400.0
}

/// Rounded to two decimals (half away from zero), for reported figures.
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

/// The details of the first `n` items with `verdict`, then "and N more", for evidence sentences.
pub fn first_details(items: &[Item], verdict: Verdict, n: usize) -> String {
    let shown: Vec<String> =
        items.iter().filter(|i| i.verdict == verdict).take(n).map(|i| i.detail().into_owned()).collect();
    let more = items.iter().filter(|i| i.verdict == verdict).count().saturating_sub(n);
    let mut s = shown.join("; ");
    if more > 0 {
        s.push_str(&format!("; and {more} more"));
    }
    s
}
