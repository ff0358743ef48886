//! Profiles: one booklet's commitments, typed (SPEC §1). A commitment has a stable id, the
//! clause it comes from, its family (the check that judges it, `checks::families`) and the
//! family's validated parameters as a [`Rule`]. Booklets are TOML data (`profiles/*.toml`, read
//! by `crate::booklet`); checks read rules and never hard-code a booklet's numbers.

mod downtime_kind;
mod span;

use chrono::{DateTime, Months, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::calendar::windows::RecurringWindow;
use crate::calendar::{self, resolve_local};
pub use downtime_kind::{DowntimeKind, DOWNTIME_KINDS};
#[cfg(test)]
pub use span::SpanError;
pub use span::MAX_SPAN_DAYS;

/// A booklet's commitments.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Stable id (`talentsoft`, `kmb-labs`, ...).
    pub id: String,
    /// Other ids it answers to (`xrp-sprint`).
    pub aliases: Vec<String>,
    /// The id of the booklet it extends (`sprint-private` extends `sprint-open`), if any.
    pub extends: Option<String>,
    /// Display name.
    pub name: String,
    /// The booklet's zone: days and months are counted in it.
    pub zone: Tz,
    /// Name of the calendar that support SLAs are counted in.
    pub support_calendar: String,
    /// Calendars the booklet defines itself (besides the built-in ones), by name.
    pub calendars: Vec<crate::calendar::Calendar>,
    /// Opening hours replacing that calendar's (a contract's `[support] business_hours`).
    pub support_hours: Option<(NaiveTime, NaiveTime)>,
    /// Planned-maintenance windows.
    pub maintenance_windows: Vec<RecurringWindow>,
    /// The commitments, in catalogue order.
    pub commitments: Vec<Commitment>,
    /// Notes that always apply to this profile (e.g. a reading the booklet leaves open).
    pub notes: Vec<String>,
}

/// One commitment of a booklet.
#[derive(Debug, Clone)]
pub struct Commitment {
    /// Stable kebab-case id (`ticket.resolution.blocking`).
    pub id: String,
    /// Seed and section (`000 §2.6.2`).
    pub clause: String,
    /// What the booklet promises, in one line.
    pub text: String,
    /// The target in words as the booklet states it (`target = "…"`), when it does; else the
    /// words [`Rule::target_text`] gives.
    pub target: Option<String>,
    /// Its family: the name under which `checks::families` finds the function that judges it.
    pub family: &'static str,
    /// How it is measured: the family's parameters, validated.
    pub rule: Rule,
    /// The parameters as the booklet wrote them (what a contract's override or a reading's
    /// alternative is merged into before the family validates it again).
    pub raw: toml::Table,
    /// Other readings of an ambiguous clause (SPEC §5): evaluated to say whether the verdict
    /// would change.
    pub readings: Vec<Reading>,
    /// Whether a contract file changed it.
    pub overridden: bool,
}

/// Another reading of a commitment's clause: a code (`A2`), what it is, and the parameters
/// (or maintenance windows) it would give.
#[derive(Debug, Clone)]
pub struct Reading {
    /// Stable code (`A2`); the booklet's own codes are free.
    pub code: String,
    /// What the reading is, in one line.
    pub text: String,
    /// The commitment's rule under this reading.
    pub rule: Rule,
    /// The booklet's maintenance windows under this reading, when it changes them.
    pub windows: Option<Vec<RecurringWindow>>,
    /// Values for the explainer of its code that are not the family's parameters (`detail`:
    /// the A5 restart's start and length).
    pub extra: toml::Table,
    /// The reading as the booklet wrote it (validated again when a contract changes the
    /// commitment).
    pub params: toml::Table,
}

impl Commitment {
    /// The target in words, as reports show it.
    pub fn target_text(&self) -> String {
        self.target.clone().unwrap_or_else(|| self.rule.target_text())
    }

    /// The reading with `code`, if the booklet gives one.
    pub fn reading(&self, code: &str) -> Option<&Reading> {
        self.readings.iter().find(|r| r.code == code)
    }
}

/// One problem found in a booklet or contract file: the key path it is about (`commitment[3].
/// target_hours`; empty for the whole file) and its text (which starts with that path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Key path.
    pub path: String,
    /// The problem in words.
    pub text: String,
}

impl Problem {
    /// A problem at `path`: `path: text`.
    pub fn at(path: &str, text: impl Into<String>) -> Problem {
        let text = text.into();
        let text = if path.is_empty() { text } else { format!("{path}: {text}") };
        Problem { path: path.to_string(), text }
    }
}

/// Ticket severity (SPEC §2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Bloquante / priority 1.
    Blocking,
    /// Majeure / priority 2.
    Major,
    /// Mineure / priority 3.
    Minor,
}

impl Severity {
    /// The canonical name.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Blocking => "blocking",
            Severity::Major => "major",
            Severity::Minor => "minor",
        }
    }
}

/// A duration as the booklets state it (SPEC §3.4): days are 24 h of elapsed time; months are
/// the same local date and time N calendar months later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// N × 24 hours.
    Days(i64),
    /// N calendar months.
    Months(u32),
    /// N minutes (KMB Labs CVs: one minute).
    Minutes(i64),
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = |n: i64| if n == 1 { "" } else { "s" };
        match *self {
            Span::Days(n) => write!(f, "{n} day{}", plural(n)),
            Span::Months(12) => write!(f, "1 year"),
            Span::Months(n) => write!(f, "{n} month{}", plural(n as i64)),
            Span::Minutes(n) => write!(f, "{n} minute{}", plural(n)),
        }
    }
}

impl Span {
    /// The instant this span after `t` (SPEC §3.4 "Durations"): days and minutes are elapsed
    /// time (N × 24 h, N × 60 s); months are the same local date and time N calendar months
    /// later in `zone`, clamped to the month's last day (31 Jan + 1 month = 28 Feb); a local
    /// time in a DST gap moves to the first instant after it, one that occurs twice takes the
    /// earlier. Past the end of chrono's calendar (year 262143) it is held there: such a
    /// deadline is never reached (a contract's spans are bounded well before that).
    pub fn after(self, t: DateTime<Utc>, zone: Tz) -> DateTime<Utc> {
        match self {
            Span::Days(n) => calendar::later(t, calendar::days(n)),
            Span::Minutes(n) => calendar::later(t, calendar::minutes(n)),
            Span::Months(n) => {
                let local = t.with_timezone(&zone).naive_local();
                match local.checked_add_months(Months::new(n)) {
                    Some(later) => resolve_local(zone, later),
                    // Only past year 262143: no booklet date gets there.
                    None => DateTime::<Utc>::MAX_UTC,
                }
            }
        }
    }

    /// Whether the span is shorter than a day (KMB Labs CVs: no daily-batch tolerance).
    pub fn is_sub_day(self) -> bool {
        matches!(self, Span::Minutes(n) if n < 24 * 60)
    }
}

/// Which backups a backup rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BackupType {
    /// One a day.
    Daily,
    /// One a month.
    Monthly,
}

/// How availability is measured.
#[derive(Debug, Clone, PartialEq)]
pub enum AvailabilityScheme {
    /// Talentsoft / KMB Labs: 6 calendar months ending at the period end, 24/7, reference
    /// `reference_minutes`; `excluded` kinds do not count (`planned` only inside the
    /// maintenance windows: its minutes outside them count).
    SixMonths { reference_minutes: i64, excluded: Vec<DowntimeKind> },
    /// Sprint: each calendar month over the PRT calendar; `excluded` as for `SixMonths`.
    MonthlyPrt { calendar: String, excluded: Vec<DowntimeKind> },
}

/// How a commitment is measured: the check and its parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// Resolution within `target_minutes` business minutes; `None`: no commitment (n/a).
    Resolution { severity: Severity, target_minutes: Option<i64> },
    /// Tickets waiting on the customer are closed automatically after `days`, not before.
    AutoClose { days: i64 },
    /// Availability at least `target_pct`.
    Availability { target_pct: f64, scheme: AvailabilityScheme },
    /// Planned interruptions inside the profile's maintenance windows.
    MaintenanceWindow,
    /// Planned interruptions announced at least `min_notice_hours` before.
    MaintenanceNotice { min_notice_hours: i64 },
    /// Monthly weighted mean server response time per data centre at most `max_avg_ms`.
    ResponseTimeAverage { max_avg_ms: f64 },
    /// A successful backup of each database every day / month.
    BackupFrequency { backup: BackupType, first_weekend: bool },
    /// Successful copies kept at least `retention`.
    BackupRetention { backup: BackupType, retention: Span },
    /// Each backup in at least `min_locations` distinct locations.
    BackupCopies { min_locations: usize },
    /// A purge category: data kept `retention` (`minimum`: also not purged younger).
    Purge { category: String, retention: Span, minimum: bool },
    /// At least `share_pct` % of requests taken in charge within `target_minutes`, over
    /// `window_months` months (starting no earlier than `support_start`, `--support-start`).
    TakeCharge { target_minutes: i64, share_pct: f64, window_months: u32, support_start: Option<NaiveDate> },
    /// Priority 1: action plan within `target_minutes` business minutes of qualification.
    ActionPlan { target_minutes: i64 },
    /// Priority 2: correction within `working_days` working days of qualification.
    Correction { working_days: u32 },
    /// A monitored counter above `threshold` (at or below it when `at_most`) for
    /// `duration_minutes` raises an alert; with `daily_at`, only the sample at that local time
    /// of each day is checked.
    MonitorThreshold {
        counter: String,
        threshold: f64,
        duration_minutes: i64,
        at_most: bool,
        daily_at: Option<NaiveTime>,
    },
    /// A heartbeat every `interval_minutes`; a missing one is a major alert.
    MonitorHeartbeat { interval_minutes: i64, tolerance_minutes: i64 },
    /// Failed, partial, cancelled or missing backups are analysed every day.
    MonitorBackupReview,
    /// Preventive visits: `base` + one per server beyond the first, each at most `max_hours`;
    /// `servers` from `--servers` or a contract (else the hosts seen in the metrics).
    VisitsCount { base: u32, max_hours: f64, servers: Option<u32> },
    /// Recovery point objective: at most `max_hours` between successful backups of a database.
    BackupRpo { max_hours: i64 },
    /// Recovery time objective: every interruption counting against availability (not of an
    /// `excluded` kind) over within `max_hours` of its start.
    RecoveryRto { max_hours: i64, excluded: Vec<DowntimeKind> },
}

impl Rule {
    /// The target in words, as the report shows it.
    pub fn target_text(&self) -> String {
        match self {
            Rule::Resolution { target_minutes: Some(m), .. } => format!("{} business hours", fmt_hours(*m)),
            Rule::Resolution { target_minutes: None, .. } => "no commitment (best effort)".to_string(),
            Rule::AutoClose { days } => format!("auto-closed after {days} days waiting on the customer"),
            Rule::Availability { target_pct, scheme: AvailabilityScheme::SixMonths { .. } } => {
                format!("≥ {target_pct} % over 6 months")
            }
            Rule::Availability { target_pct, scheme: AvailabilityScheme::MonthlyPrt { .. } } => {
                format!("≥ {target_pct} % each month over the PRT")
            }
            Rule::MaintenanceWindow => "planned interruptions inside the maintenance windows".to_string(),
            Rule::MaintenanceNotice { min_notice_hours } if min_notice_hours % 24 == 0 && *min_notice_hours >= 72 => {
                format!("announced ≥ {} days before", min_notice_hours / 24)
            }
            Rule::MaintenanceNotice { min_notice_hours } => format!("announced ≥ {min_notice_hours} hours before"),
            Rule::ResponseTimeAverage { max_avg_ms } => format!("monthly average ≤ {max_avg_ms} ms per data centre"),
            Rule::BackupFrequency { backup: BackupType::Daily, .. } => "a successful backup every day".to_string(),
            Rule::BackupFrequency { backup: BackupType::Monthly, first_weekend: true } => {
                "a successful backup on the first weekend of each month".to_string()
            }
            Rule::BackupFrequency { backup: BackupType::Monthly, .. } => "a successful backup every month".to_string(),
            Rule::BackupRetention { retention, .. } => format!("kept {retention}"),
            Rule::BackupCopies { min_locations } => format!("copies in ≥ {min_locations} locations"),
            Rule::Purge { retention, minimum: true, .. } => format!("kept {retention}"),
            Rule::Purge { retention, minimum: false, .. } => format!("kept {retention} at most"),
            Rule::TakeCharge { target_minutes, share_pct, .. } => {
                format!("≥ {share_pct} % within {} business hours", fmt_hours(*target_minutes))
            }
            Rule::ActionPlan { target_minutes } => format!("{} business hours", fmt_hours(*target_minutes)),
            Rule::Correction { working_days } => format!("{working_days} working days"),
            Rule::MonitorThreshold { threshold, daily_at: Some(at), at_most: true, .. } => {
                format!("alert when ≤ {threshold} at the daily {} check", at.format("%H:%M"))
            }
            Rule::MonitorThreshold { threshold, duration_minutes: 0, .. } => format!("alert when > {threshold}"),
            Rule::MonitorThreshold { threshold, duration_minutes, .. } => {
                format!("alert when > {threshold} for {duration_minutes} min")
            }
            Rule::MonitorHeartbeat { interval_minutes, .. } => format!("heartbeat every {interval_minutes} min"),
            Rule::MonitorBackupReview => "every failed or missing backup analysed".to_string(),
            Rule::BackupRpo { max_hours } => format!("≤ {max_hours} h between successful backups (RPO)"),
            Rule::RecoveryRto { max_hours, .. } => format!("every interruption over within {max_hours} h (RTO)"),
            Rule::VisitsCount { base, max_hours, .. } => {
                format!("{base} visits a year + 1 per extra server, each ≤ {max_hours} h")
            }
        }
    }
}

/// Minutes as hours, without a trailing `.0`.
pub fn fmt_hours(minutes: i64) -> String {
    if minutes % 60 == 0 {
        format!("{}", minutes / 60)
    } else {
        format!("{:.2}", minutes as f64 / 60.0)
    }
}

impl Profile {
    /// The commitment with id `id`.
    pub fn commitment(&self, id: &str) -> Option<&Commitment> {
        self.commitments.iter().find(|c| c.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Paris;

    fn paris(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Paris.with_ymd_and_hms(y, m, d, h, min, 0).earliest().map(|t| t.with_timezone(&Utc)).unwrap()
    }

    #[test]
    fn month_end_is_clamped() {
        // 2026-01-31 10:00 + 1 month: February 2026 has 28 days → 2026-02-28 10:00 Paris.
        assert_eq!(Span::Months(1).after(paris(2026, 1, 31, 10, 0), Paris), paris(2026, 2, 28, 10, 0));
        // 2024 is a leap year: 2024-01-31 + 1 month = 2024-02-29.
        assert_eq!(Span::Months(1).after(paris(2024, 1, 31, 10, 0), Paris), paris(2024, 2, 29, 10, 0));
        // 2026-08-31 + 2 months = 2026-10-31 (no clamping); + 1 month = 2026-09-30.
        assert_eq!(Span::Months(2).after(paris(2026, 8, 31, 1, 0), Paris), paris(2026, 10, 31, 1, 0));
        assert_eq!(Span::Months(1).after(paris(2026, 8, 31, 1, 0), Paris), paris(2026, 9, 30, 1, 0));
    }

    #[test]
    fn months_keep_the_local_time_across_dst() {
        // 2026-01-15 10:00 CET (09:00Z) + 6 months = 2026-07-15 10:00 CEST (08:00Z): the local
        // time is kept, so the elapsed time is one hour shorter than the UTC arithmetic.
        let t = Span::Months(6).after(paris(2026, 1, 15, 10, 0), Paris);
        assert_eq!(t, Utc.with_ymd_and_hms(2026, 7, 15, 8, 0, 0).unwrap());
    }

    #[test]
    fn month_landing_in_a_dst_gap_moves_to_the_first_instant_after() {
        // 2026-03-29 02:30 Paris is in the spring-forward gap (02:00 CET → 03:00 CEST, at
        // 01:00Z). 2026-01-29 02:30 + 2 months → 2026-03-29 02:30 → first instant after: 01:00Z.
        let t = Span::Months(2).after(paris(2026, 1, 29, 2, 30), Paris);
        assert_eq!(t, Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap());
    }

    #[test]
    fn month_landing_on_a_repeated_hour_takes_the_earlier() {
        // 2026-10-25 02:30 Paris happens twice (CEST 00:30Z, then CET 01:30Z).
        // 2026-09-25 02:30 CEST + 1 month → the earlier: 00:30Z.
        let t = Span::Months(1).after(paris(2026, 9, 25, 2, 30), Paris);
        assert_eq!(t, Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap());
    }

    #[test]
    fn days_are_elapsed_hours() {
        // 2026-10-20 12:00 CEST (10:00Z) + 30 days = 2026-11-19 10:00Z = 11:00 CET: 30 × 24 h of
        // elapsed time, not the same local time (the clocks went back on 25 October).
        let t = Span::Days(30).after(paris(2026, 10, 20, 12, 0), Paris);
        assert_eq!(t, Utc.with_ymd_and_hms(2026, 11, 19, 10, 0, 0).unwrap());
        assert_eq!(Span::Minutes(1).after(t, Paris), Utc.with_ymd_and_hms(2026, 11, 19, 10, 1, 0).unwrap());
    }

    #[test]
    fn spans_past_the_calendar_end_are_held_there_not_a_panic() {
        // 1,000,000,000 days (2.7 million years) is past chrono's last instant (year 262143),
        // and past what a TimeDelta holds in days (i64::MAX days): the deadline is the last
        // instant, never reached. So for 262143 years in months from 2026.
        let t = paris(2026, 10, 1, 0, 0);
        for span in [Span::Days(1_000_000_000), Span::Days(i64::MAX), Span::Minutes(i64::MAX), Span::Months(u32::MAX)] {
            assert_eq!(span.after(t, Paris), DateTime::<Utc>::MAX_UTC, "{span}");
        }
        assert_eq!(Span::Days(1).after(DateTime::<Utc>::MAX_UTC, Paris), DateTime::<Utc>::MAX_UTC);
    }
}
