//! The commitment families: what a booklet entry's `family = "…"` names. Each family declares
//! its name (grep it), what it measures, its parameters (read with serde, every value bounded,
//! every problem reported at once), the inputs it needs, and the function that judges it.
//! Evaluating a commitment is a lookup of its family and a call. `docs/booklets.md` documents
//! each family's parameters; a test checks that every family is there.

use chrono::NaiveTime;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use toml::Table;

use super::{
    auto_close, availability, backups, maintenance, monitoring, probes, purges, recovery, resolution, response_time,
    support, visits, Context, Finding, Inputs,
};
use crate::ingest::downtime::DowntimeKind;
use crate::profile::{AvailabilityScheme, BackupType, Commitment, Problem, Rule, Severity, Span, MAX_SPAN_DAYS};

use crate::ingest::inputs::InputKind;
use InputKind::*;

/// One family of commitments.
pub struct Family {
    /// The name a booklet entry gives as `family`.
    pub name: &'static str,
    /// What it measures, in one line (for `livret profiles families` and the docs).
    pub doc: &'static str,
    /// The inputs it needs: the commitment is `not-audited` without them.
    pub inputs: &'static [InputKind],
    /// Reads and bounds the parameters at `path` (the commitment's, without its id, clause,
    /// text, family and readings); pushes every problem.
    pub params: fn(&Table, &str, &mut Vec<Problem>) -> Option<Rule>,
    /// Judges the commitment on the inputs (all of [`Family::inputs`] given).
    pub check: fn(&Context, &Commitment, &Inputs) -> Finding,
}

/// Every family, in the order the docs list them.
pub static FAMILIES: &[Family] = &[
    Family {
        name: "resolution",
        doc: "tickets of one severity resolved within a number of business hours (none: no commitment)",
        inputs: &[Tickets],
        params: |t, path, p| {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Raw {
                severity: Severity,
                target_hours: Option<f64>,
            }
            let raw: Raw = read(t, path, p)?;
            let target_minutes = match raw.target_hours {
                Some(h) => Some(hours_to_minutes(&format!("{path}.target_hours"), h, p)?),
                None => None,
            };
            Some(Rule::Resolution { severity: raw.severity, target_minutes })
        },
        check: |ctx, c, i| match (&c.rule, &i.tickets) {
            (Rule::Resolution { severity, target_minutes }, Some(t)) => {
                resolution::check(c, *severity, *target_minutes, t, ctx.profile.zone)
            }
            _ => unavailable(c),
        },
    },
    Family {
        name: "auto-close",
        doc: "tickets waiting on the customer closed automatically after a number of days, not before",
        inputs: &[Tickets],
        params: |t, path, p| {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Raw {
                days: i64,
            }
            let raw: Raw = read(t, path, p)?;
            let days = int(&format!("{path}.days"), raw.days, 1, MAX_SPAN_DAYS as i64, "days", p)?;
            Some(Rule::AutoClose { days })
        },
        check: |ctx, c, i| match (&c.rule, &i.tickets) {
            (Rule::AutoClose { days }, Some(t)) => auto_close::check(c, *days, t, &ctx.period),
            _ => unavailable(c),
        },
    },
    Family {
        name: "take-charge",
        doc: "a share of requests taken in charge within a number of business hours, over a window of months",
        inputs: &[Tickets],
        params: |t, path, p| {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Raw {
                target_hours: f64,
                share_pct: f64,
                window_months: i64,
                support_start: Option<toml::Value>,
            }
            let raw: Raw = read(t, path, p)?;
            let target = hours_to_minutes(&format!("{path}.target_hours"), raw.target_hours, p);
            let share = percentage(&format!("{path}.share_pct"), raw.share_pct, p);
            let months = int(&format!("{path}.window_months"), raw.window_months, 1, 1200, "months", p);
            let start = match raw.support_start {
                Some(d) => Some(date(&format!("{path}.support_start"), &d, p)?),
                None => None,
            };
            Some(Rule::TakeCharge {
                target_minutes: target?,
                share_pct: share?,
                window_months: months? as u32,
                support_start: start,
            })
        },
        check: |ctx, c, i| match (&c.rule, &i.tickets) {
            (Rule::TakeCharge { target_minutes, share_pct, window_months, support_start }, Some(t)) => {
                let window = support::take_charge_window(ctx, *window_months, *support_start);
                support::take_charge(ctx, c, *target_minutes, *share_pct, window, t)
            }
            _ => unavailable(c),
        },
    },
    Family {
        name: "action-plan",
        doc: "priority-1 tickets: a corrective action plan within a number of business hours of qualification",
        inputs: &[Tickets],
        params: |t, path, p| {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Raw {
                target_hours: f64,
            }
            let raw: Raw = read(t, path, p)?;
            Some(Rule::ActionPlan {
                target_minutes: hours_to_minutes(&format!("{path}.target_hours"), raw.target_hours, p)?,
            })
        },
        check: |ctx, c, i| match (&c.rule, &i.tickets) {
            (Rule::ActionPlan { target_minutes }, Some(t)) => support::action_plan(ctx, c, *target_minutes, t),
            _ => unavailable(c),
        },
    },
    Family {
        name: "correction",
        doc: "priority-2 tickets: a correction or workaround within a number of working days of qualification",
        inputs: &[Tickets],
        params: |t, path, p| {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Raw {
                working_days: i64,
            }
            let raw: Raw = read(t, path, p)?;
            let days = int(&format!("{path}.working_days"), raw.working_days, 1, 3650, "working days", p)?;
            Some(Rule::Correction { working_days: days as u32 })
        },
        check: |ctx, c, i| match (&c.rule, &i.tickets) {
            (Rule::Correction { working_days }, Some(t)) => support::correction(ctx, c, *working_days, t),
            _ => unavailable(c),
        },
    },
    Family {
        name: "availability",
        doc: "availability at least a percentage: over six months 24/7 (`six-months`), or each calendar month over a \
              calendar's business hours (`monthly`)",
        inputs: &[Downtime],
        params: |t, path, p| {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Raw {
                target_pct: f64,
                scheme: String,
                reference_minutes: Option<i64>,
                calendar: Option<String>,
                #[serde(default)]
                excluded: Vec<String>,
            }
            let raw: Raw = read(t, path, p)?;
            let target = percentage(&format!("{path}.target_pct"), raw.target_pct, p)
                .and_then(|v| thousandths(&format!("{path}.target_pct"), v, p));
            let mut excluded = downtime_kinds(&format!("{path}.excluded"), &raw.excluded, p);
            // Unplanned downtime is what availability measures: the check never excludes it.
            for (i, n) in raw.excluded.iter().enumerate() {
                if DowntimeKind::parse(n) == Some(DowntimeKind::Unplanned) {
                    p.push(Problem::at(
                        &format!("{path}.excluded[{i}]"),
                        format!("`{n}`: unplanned downtime always counts against availability; expected other kinds"),
                    ));
                    excluded = None;
                }
            }
            let scheme = match (raw.scheme.as_str(), raw.reference_minutes, raw.calendar) {
                ("six-months", Some(r), None) => {
                    let r = int(&format!("{path}.reference_minutes"), r, 1, 366 * 24 * 60, "minutes", p)?;
                    AvailabilityScheme::SixMonths { reference_minutes: r, excluded: excluded? }
                }
                ("monthly", None, Some(calendar)) => AvailabilityScheme::MonthlyPrt { calendar, excluded: excluded? },
                ("six-months", _, _) => {
                    p.push(Problem::at(path, "scheme `six-months` takes reference_minutes (and no calendar)"));
                    return None;
                }
                ("monthly", _, _) => {
                    p.push(Problem::at(path, "scheme `monthly` takes a calendar (and no reference_minutes)"));
                    return None;
                }
                (other, _, _) => {
                    p.push(Problem::at(
                        &format!("{path}.scheme"),
                        format!("unknown scheme `{other}`; expected six-months or monthly"),
                    ));
                    return None;
                }
            };
            Some(Rule::Availability { target_pct: target?, scheme })
        },
        check: |ctx, c, i| match (&c.rule, &i.downtime, &i.probes) {
            (Rule::Availability { target_pct, scheme }, None, Some(probes)) => {
                probes::availability_finding(ctx, probes, c, *target_pct, scheme)
            }
            (Rule::Availability { target_pct, scheme }, Some(log), _) => {
                availability::check(ctx, c, *target_pct, scheme, log)
            }
            _ => unavailable(c),
        },
    },
    Family {
        name: "maintenance-window",
        doc: "planned interruptions only inside the booklet's maintenance windows",
        inputs: &[Downtime],
        params: |t, path, p| {
            no_params(t, path, p)?;
            Some(Rule::MaintenanceWindow)
        },
        check: |ctx, c, i| match &i.downtime {
            Some(log) => maintenance::check_window(ctx, c, log),
            None => unavailable(c),
        },
    },
    Family {
        name: "maintenance-notice",
        doc: "planned interruptions announced at least a number of hours before",
        inputs: &[Downtime],
        params: |t, path, p| {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Raw {
                notice_hours: i64,
            }
            let raw: Raw = read(t, path, p)?;
            let h = int(&format!("{path}.notice_hours"), raw.notice_hours, 1, 8784, "hours", p)?;
            Some(Rule::MaintenanceNotice { min_notice_hours: h })
        },
        check: |ctx, c, i| match (&c.rule, &i.downtime) {
            (Rule::MaintenanceNotice { min_notice_hours }, Some(log)) => {
                maintenance::check_notice(ctx, c, *min_notice_hours, log)
            }
            _ => unavailable(c),
        },
    },
    Family {
        name: "response-time-average",
        doc: "monthly weighted mean server response time per data centre at most a number of milliseconds",
        inputs: &[ResponseTimes],
        params: |t, path, p| {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Raw {
                max_avg_ms: f64,
            }
            let raw: Raw = read(t, path, p)?;
            let ms = positive(&format!("{path}.max_avg_ms"), raw.max_avg_ms, 600_000.0, "milliseconds", p)?;
            Some(Rule::ResponseTimeAverage { max_avg_ms: ms })
        },
        check: |ctx, c, i| match (&c.rule, &i.response_times) {
            (Rule::ResponseTimeAverage { max_avg_ms }, Some(rt)) => response_time::check(c, *max_avg_ms, ctx, rt),
            _ => unavailable(c),
        },
    },
    Family {
        name: "backup-frequency",
        doc: "a successful backup of each database every day (`daily`) or month (`monthly`, optionally on its first \
              weekend)",
        inputs: &[Backups],
        params: |t, path, p| {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Raw {
                backup: BackupType,
                #[serde(default)]
                first_weekend: bool,
            }
            let raw: Raw = read(t, path, p)?;
            if raw.first_weekend && raw.backup == BackupType::Daily {
                p.push(Problem::at(&format!("{path}.first_weekend"), "only a monthly backup has a first weekend"));
                return None;
            }
            Some(Rule::BackupFrequency { backup: raw.backup, first_weekend: raw.first_weekend })
        },
        check: backup_check,
    },
    Family {
        name: "backup-retention",
        doc: "successful daily or monthly backups kept at least a duration",
        inputs: &[Backups],
        params: |t, path, p| {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Raw {
                backup: BackupType,
                retention: String,
            }
            let raw: Raw = read(t, path, p)?;
            let retention = span(&format!("{path}.retention"), &raw.retention, p)?;
            Some(Rule::BackupRetention { backup: raw.backup, retention })
        },
        check: backup_check,
    },
    Family {
        name: "backup-copies",
        doc: "each backup kept in at least a number of distinct locations",
        inputs: &[Backups],
        params: |t, path, p| {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Raw {
                min_locations: i64,
            }
            let raw: Raw = read(t, path, p)?;
            let n = int(&format!("{path}.min_locations"), raw.min_locations, 1, 100, "locations", p)?;
            Some(Rule::BackupCopies { min_locations: n as usize })
        },
        check: backup_check,
    },
    Family {
        name: "backup-rpo",
        doc: "recovery point objective: at most a number of hours between successful backups of a database",
        inputs: &[Backups],
        params: |t, path, p| {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Raw {
                max_hours: i64,
            }
            let raw: Raw = read(t, path, p)?;
            let h = int(&format!("{path}.max_hours"), raw.max_hours, 1, MAX_HOURS, "hours", p)?;
            Some(Rule::BackupRpo { max_hours: h })
        },
        check: |ctx, c, i| match (&c.rule, &i.backups) {
            (Rule::BackupRpo { max_hours }, Some(log)) => recovery::rpo(c, ctx, log, *max_hours),
            _ => unavailable(c),
        },
    },
    Family {
        name: "recovery-rto",
        doc: "recovery time objective: every interruption counting against availability over within a number of hours",
        inputs: &[Downtime],
        params: |t, path, p| {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Raw {
                max_hours: i64,
                #[serde(default)]
                excluded: Vec<String>,
            }
            let raw: Raw = read(t, path, p)?;
            let h = int(&format!("{path}.max_hours"), raw.max_hours, 1, MAX_HOURS, "hours", p);
            let excluded = downtime_kinds(&format!("{path}.excluded"), &raw.excluded, p);
            Some(Rule::RecoveryRto { max_hours: h?, excluded: excluded? })
        },
        check: |ctx, c, i| match (&c.rule, &i.downtime) {
            (Rule::RecoveryRto { max_hours, excluded }, Some(log)) => recovery::rto(c, ctx, log, *max_hours, excluded),
            _ => unavailable(c),
        },
    },
    Family {
        name: "purge",
        doc: "data of a purge category kept a duration: at most (`minimum = false`), or exactly (`minimum = true`: \
              also not purged younger)",
        inputs: &[Purges],
        params: |t, path, p| {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Raw {
                category: String,
                retention: String,
                minimum: bool,
            }
            let raw: Raw = read(t, path, p)?;
            if raw.category.trim().is_empty() {
                p.push(Problem::at(&format!("{path}.category"), "empty; expected the purge log's category name"));
                return None;
            }
            let retention = span(&format!("{path}.retention"), &raw.retention, p)?;
            Some(Rule::Purge { category: raw.category, retention, minimum: raw.minimum })
        },
        check: |ctx, c, i| match i.purges.as_ref().and_then(|log| purges::check(c, ctx, log)) {
            Some(f) => f,
            None => unavailable(c),
        },
    },
    Family {
        name: "monitor-threshold",
        doc: "a monitored counter above a threshold (at or below it with `at_most`) for a duration raises an alert",
        inputs: &[Metrics, Alerts],
        params: |t, path, p| {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Raw {
                counter: String,
                threshold: f64,
                duration_minutes: i64,
                #[serde(default)]
                at_most: bool,
                daily_at: Option<String>,
            }
            let raw: Raw = read(t, path, p)?;
            if raw.counter.trim().is_empty() {
                p.push(Problem::at(&format!("{path}.counter"), "empty; expected the metrics' counter name"));
                return None;
            }
            let threshold = if raw.threshold.is_finite() && raw.threshold.abs() <= 1e12 {
                Some(raw.threshold)
            } else {
                p.push(Problem::at(&format!("{path}.threshold"), format!("{} is out of range", raw.threshold)));
                None
            };
            let minutes = int(&format!("{path}.duration_minutes"), raw.duration_minutes, 0, 10_080, "minutes", p);
            let daily_at = match raw.daily_at {
                Some(s) => Some(time(&format!("{path}.daily_at"), &s, p)?),
                None => None,
            };
            Some(Rule::MonitorThreshold {
                counter: raw.counter,
                threshold: threshold?,
                duration_minutes: minutes?,
                at_most: raw.at_most,
                daily_at,
            })
        },
        check: |ctx, c, i| match &i.metrics {
            Some(m) => monitoring::threshold(ctx, c, m, i.alerts.as_deref().unwrap_or_default()),
            None => unavailable(c),
        },
    },
    Family {
        name: "monitor-heartbeat",
        doc: "a heartbeat every number of minutes; a missing one is a major alert",
        inputs: &[Metrics, Alerts],
        params: |t, path, p| {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Raw {
                interval_minutes: i64,
                tolerance_minutes: i64,
            }
            let raw: Raw = read(t, path, p)?;
            let every = int(&format!("{path}.interval_minutes"), raw.interval_minutes, 1, 10_080, "minutes", p);
            let tol = int(&format!("{path}.tolerance_minutes"), raw.tolerance_minutes, 0, 1440, "minutes", p);
            Some(Rule::MonitorHeartbeat { interval_minutes: every?, tolerance_minutes: tol? })
        },
        check: |ctx, c, i| match &i.metrics {
            Some(m) => monitoring::heartbeat(ctx, c, m, i.alerts.as_deref().unwrap_or_default()),
            None => unavailable(c),
        },
    },
    Family {
        name: "monitor-backup-review",
        doc: "failed, partial, cancelled or missing backups analysed every day (an alert for each)",
        inputs: &[Backups, Alerts],
        params: |t, path, p| {
            no_params(t, path, p)?;
            Some(Rule::MonitorBackupReview)
        },
        check: |ctx, c, i| match &i.backups {
            Some(log) => monitoring::backup_review(
                ctx,
                c,
                &monitoring::backup_days(log, ctx.profile.zone),
                i.alerts.as_deref().unwrap_or_default(),
            ),
            None => unavailable(c),
        },
    },
    Family {
        name: "visits",
        doc: "preventive visits a year: a base number plus one per server beyond the first, each at most a number \
              of hours",
        inputs: &[Visits],
        params: |t, path, p| {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Raw {
                base: i64,
                max_hours: f64,
                servers: Option<i64>,
            }
            let raw: Raw = read(t, path, p)?;
            let base = int(&format!("{path}.base"), raw.base, 0, 1000, "visits", p);
            let hours = positive(&format!("{path}.max_hours"), raw.max_hours, 8784.0, "hours", p);
            let servers = match raw.servers {
                Some(n) => Some(int(&format!("{path}.servers"), n, 1, 10_000, "servers", p)? as u32),
                None => None,
            };
            Some(Rule::VisitsCount { base: base? as u32, max_hours: hours?, servers })
        },
        check: |ctx, c, i| match &i.visits {
            Some(v) => visits::check(ctx, c, &v.visits, i.metrics.as_ref().map(|m| m.hosts().len())),
            None => unavailable(c),
        },
    },
];

/// The family named `name`.
pub fn find(name: &str) -> Option<&'static Family> {
    FAMILIES.iter().find(|f| f.name == name)
}

/// The family of `c` (every commitment's family is one of [`FAMILIES`]: the loader refuses any
/// other name).
pub fn of(c: &Commitment) -> Option<&'static Family> {
    find(c.family)
}

/// The inputs `c` needs.
pub fn inputs(c: &Commitment) -> &'static [InputKind] {
    of(c).map_or(&[], |f| f.inputs)
}

/// The names of every family, for messages.
pub fn names() -> String {
    FAMILIES.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
}

/// Judges `c`: a lookup and a call.
pub fn judge(ctx: &Context, c: &Commitment, inputs: &Inputs) -> Finding {
    match of(c) {
        Some(f) => (f.check)(ctx, c, inputs),
        None => unavailable(c),
    }
}

fn backup_check(ctx: &Context, c: &Commitment, i: &Inputs) -> Finding {
    match i.backups.as_ref().and_then(|log| backups::check(c, ctx, log)) {
        Some(f) => f,
        None => unavailable(c),
    }
}

/// `not-audited` for a commitment whose inputs (or rule) its check cannot use.
fn unavailable(c: &Commitment) -> Finding {
    Finding::not_audited(c, inputs(c))
}

/// The longest RPO/RTO a booklet may state: 100 years of hours.
const MAX_HOURS: i64 = MAX_SPAN_DAYS as i64 * 24;

/// The parameters as `T` (serde; unknown keys refused), or a problem at `path`.
fn read<T: DeserializeOwned>(t: &Table, path: &str, p: &mut Vec<Problem>) -> Option<T> {
    match toml::Value::Table(t.clone()).try_into::<T>() {
        Ok(v) => Some(v),
        Err(e) => {
            // serde names the key when it can (`unknown field `x`, expected one of …`).
            let msg = e.to_string();
            let msg = msg.trim().trim_end_matches('\n').replace('\n', " ");
            let path = if path.is_empty() { "parameters".to_string() } else { path.to_string() };
            p.push(Problem::at(&path, format!("{msg}; see docs/booklets.md for this family's parameters")));
            None
        }
    }
}

/// A family without parameters: any key is a problem.
fn no_params(t: &Table, path: &str, p: &mut Vec<Problem>) -> Option<()> {
    let before = p.len();
    for k in t.keys() {
        p.push(Problem::at(&format!("{path}.{k}"), "unknown key; this family has no parameters"));
    }
    (p.len() == before).then_some(())
}

fn int(path: &str, v: i64, lo: i64, hi: i64, what: &str, p: &mut Vec<Problem>) -> Option<i64> {
    if (lo..=hi).contains(&v) {
        Some(v)
    } else {
        p.push(Problem::at(path, format!("{v} is out of range; expected {what} in [{lo}, {hi}]")));
        None
    }
}

/// A number in (0, max] (also the contracts' shorthand sections' bound).
pub(crate) fn positive(path: &str, v: f64, max: f64, what: &str, p: &mut Vec<Problem>) -> Option<f64> {
    if v > 0.0 && v <= max {
        Some(v)
    } else {
        p.push(Problem::at(path, format!("{v} is out of range; expected {what} in (0, {max}]")));
        None
    }
}

fn percentage(path: &str, v: f64, p: &mut Vec<Problem>) -> Option<f64> {
    positive(path, v, 100.0, "a percentage", p)
}

/// An availability target the verdict can judge exactly: it compares thousandths of a percent
/// (`checks::availability::meets`), so a target with more decimals would be rounded.
fn thousandths(path: &str, v: f64, p: &mut Vec<Problem>) -> Option<f64> {
    if ((v * 1000.0).round() - v * 1000.0).abs() < 1e-6 {
        Some(v)
    } else {
        p.push(Problem::at(
            path,
            format!("{v} has more than 3 decimals; expected a percentage such as 99.95 or 99.999"),
        ));
        None
    }
}

/// Business hours in (0, 10000] as whole minutes.
fn hours_to_minutes(path: &str, h: f64, p: &mut Vec<Problem>) -> Option<i64> {
    let minutes = positive(path, h, 10_000.0, "business hours", p).map(|h| (h * 60.0).round() as i64)?;
    // Below half a minute the target rounds to none: every ticket of 0 minutes would pass a
    // target the booklet meant to be positive.
    if minutes < 1 {
        p.push(Problem::at(
            path,
            format!("{h} is out of range; expected business hours of at least one minute (0.0167)"),
        ));
        return None;
    }
    Some(minutes)
}

fn span(path: &str, s: &str, p: &mut Vec<Problem>) -> Option<Span> {
    match Span::parse(s) {
        Ok(span) => Some(span),
        Err(e) => {
            p.push(Problem::at(path, e.describe(s)));
            None
        }
    }
}

/// `HH:MM`, or a problem naming the value.
pub(crate) fn time(path: &str, s: &str, p: &mut Vec<Problem>) -> Option<NaiveTime> {
    let t = crate::calendar::data::parse_hhmm(s);
    if t.is_none() {
        p.push(Problem::at(path, format!("invalid time \"{s}\"; expected HH:MM (00:00–23:59)")));
    }
    t
}

/// A date: a TOML local date (`2026-06-01`) or the same as a string.
fn date(path: &str, d: &toml::Value, p: &mut Vec<Problem>) -> Option<chrono::NaiveDate> {
    let parsed = match d {
        toml::Value::Datetime(toml::value::Datetime { date: Some(date), time: None, offset: None }) => {
            chrono::NaiveDate::from_ymd_opt(date.year as i32, date.month as u32, date.day as u32)
        }
        toml::Value::String(s) => s.parse::<chrono::NaiveDate>().ok(),
        _ => None,
    };
    // The dates of inputs are bounded to 1970–2100: a date outside says nothing of them.
    let within = parsed.filter(|d| (1970..=2100).contains(&chrono::Datelike::year(d)));
    if parsed.is_none() {
        p.push(Problem::at(path, format!("{d} is not a date; expected YYYY-MM-DD")));
    } else if within.is_none() {
        p.push(Problem::at(path, format!("{d} is out of range; expected a date from 1970 to 2100")));
    }
    within
}

fn downtime_kinds(path: &str, names: &[String], p: &mut Vec<Problem>) -> Option<Vec<DowntimeKind>> {
    let mut out = Vec::new();
    let mut ok = true;
    for (i, n) in names.iter().enumerate() {
        match DowntimeKind::parse(n) {
            Some(k) if !out.contains(&k) => out.push(k),
            Some(_) => {}
            None => {
                ok = false;
                p.push(Problem::at(
                    &format!("{path}[{i}]"),
                    format!("unknown interruption kind `{n}`; expected one of {}", DowntimeKind::names()),
                ));
            }
        }
    }
    ok.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn family_names_are_unique_and_documented() {
        let docs = include_str!("../../docs/booklets.md");
        let mut seen = HashSet::new();
        for f in FAMILIES {
            assert!(seen.insert(f.name), "family {} declared twice", f.name);
            assert!(docs.contains(&format!("`{}`", f.name)), "family {} is not in docs/booklets.md", f.name);
            assert!(!f.inputs.is_empty(), "{} needs an input", f.name);
        }
    }

    fn params(family: &str, text: &str) -> Result<Rule, Vec<String>> {
        let t: Table = text.parse().unwrap();
        let mut p = Vec::new();
        match (find(family).unwrap().params)(&t, "commitment[0]", &mut p) {
            Some(r) if p.is_empty() => Ok(r),
            _ => Err(p.into_iter().map(|p| p.text).collect()),
        }
    }

    #[test]
    fn every_value_is_bounded() {
        // The two contracts that crashed (issue 13): a million years of retention, a billion days.
        let e = params("backup-retention", "backup = \"monthly\"\nretention = \"1000000 years\"").unwrap_err();
        assert!(e[0].contains("out of range"), "{e:?}");
        let e =
            params("purge", "category = \"system-log\"\nretention = \"1000000000 days\"\nminimum = true").unwrap_err();
        assert!(e[0].contains("out of range"), "{e:?}");
        let e = params("take-charge", "target_hours = 0\nshare_pct = 120\nwindow_months = 0").unwrap_err();
        assert_eq!(e.len(), 3, "every problem at once: {e:?}");
        assert!(params("backup-rpo", "max_hours = 876601").is_err());
        assert!(params("maintenance-notice", "notice_hours = 8785").is_err());
    }

    #[test]
    fn unknown_keys_and_kinds_are_problems() {
        let e = params("resolution", "severity = \"blocking\"\ntarget_hour = 4").unwrap_err();
        assert!(e[0].contains("target_hour"), "{e:?}");
        let e = params("recovery-rto", "max_hours = 24\nexcluded = [\"planed\"]").unwrap_err();
        assert!(e[0].starts_with("commitment[0].excluded[0]: unknown interruption kind `planed`"), "{e:?}");
        assert!(params("maintenance-window", "x = 1").is_err());
    }

    #[test]
    fn parameters_become_rules() {
        // 15 business hours = 900 minutes; none = no commitment.
        assert_eq!(
            params("resolution", "severity = \"blocking\"\ntarget_hours = 15"),
            Ok(Rule::Resolution { severity: Severity::Blocking, target_minutes: Some(900) })
        );
        assert_eq!(
            params("resolution", "severity = \"minor\""),
            Ok(Rule::Resolution { severity: Severity::Minor, target_minutes: None })
        );
        assert_eq!(
            params("backup-retention", "backup = \"monthly\"\nretention = \"1 year\""),
            Ok(Rule::BackupRetention { backup: BackupType::Monthly, retention: Span::Months(12) })
        );
    }
}
