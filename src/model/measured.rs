//! The measured figures of a finding: one struct per commitment family, with SPEC §4.1's
//! field names in its order, serialised untagged so that `measured` is the family's object
//! (docs/report.md, "`measured` and items, by commitment family"). A field written only in
//! some cases is an `Option` skipped when `None`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};

use super::values::{Attempt, AttemptOf, ExcludedMinutes};
use super::{Day, Instant};

/// A finding's `measured` object.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Measured {
    /// Nothing measured (`{}`): a commitment not audited, or not measurable.
    Nothing(Nothing),
    /// Named values in the order given: the hand-built reports of the tests only.
    #[cfg(test)]
    Map(Map<String, Value>),
    /// `ticket.resolution.*`.
    Resolution(ResolutionMeasured),
    /// `ticket.auto-close`.
    AutoClose(AutoCloseMeasured),
    /// `ticket.take-charge`.
    TakeCharge(TakeChargeMeasured),
    /// `ticket.action-plan`, `ticket.correction`.
    TicketFix(TicketFixMeasured),
    /// `availability`, six calendar months against a reference.
    AvailabilitySixMonths(AvailabilitySixMonthsMeasured),
    /// `availability`, each month over a calendar (the PRT).
    AvailabilityMonthly(AvailabilityMonthlyMeasured),
    /// `availability` from the probes where the calendar is unknown: the probes' figures only.
    FromProbes(FromProbes),
    /// `maintenance.window`.
    MaintenanceWindow(MaintenanceWindowMeasured),
    /// `maintenance.notice`.
    MaintenanceNotice(MaintenanceNoticeMeasured),
    /// `response-time.average`.
    ResponseTime(ResponseTimeMeasured),
    /// `backup.*.frequency`.
    BackupFrequency(BackupFrequencyMeasured),
    /// `backup.*.retention`.
    BackupRetention(BackupRetentionMeasured),
    /// `backup.copies`.
    BackupCopies(BackupCopiesMeasured),
    /// `backup.rpo`.
    BackupRpo(BackupRpoMeasured),
    /// `recovery.rto`.
    RecoveryRto(RecoveryRtoMeasured),
    /// `purge.<category>`.
    Purge(PurgeMeasured),
    /// `monitor.threshold.*`, `monitor.heartbeat`.
    Monitor(MonitorMeasured),
    /// `monitor.backup-review`.
    BackupReview(BackupReviewMeasured),
    /// `visits.count`.
    Visits(VisitsMeasured),
}

impl Default for Measured {
    fn default() -> Measured {
        Measured::Nothing(Nothing {})
    }
}

/// No figure: `{}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Nothing {}

impl Measured {
    /// The figures as a JSON map (built for typed figures), for the formats that list them
    /// and for the claims and `explain`, which name a figure.
    pub fn to_map(&self) -> Cow<'_, Map<String, Value>> {
        match self {
            #[cfg(test)]
            Measured::Map(m) => Cow::Borrowed(m),
            typed => Cow::Owned(super::object_of(typed)),
        }
    }

    /// The availability measured (over the window, or pooled over the months begun).
    pub fn availability_pct(&self) -> Option<f64> {
        match self {
            Measured::AvailabilitySixMonths(m) => Some(m.availability_pct),
            Measured::AvailabilityMonthly(m) => Some(m.availability_pct),
            #[cfg(test)]
            Measured::Map(m) => m.get("availability_pct").and_then(Value::as_f64),
            _ => None,
        }
    }

    /// A backup frequency's figures: whether it counts days (daily backups) and its
    /// databases.
    pub fn backup_frequency(&self) -> Option<(bool, Vec<String>)> {
        match self {
            Measured::BackupFrequency(m) => Some((m.days.is_some(), m.databases.clone())),
            #[cfg(test)]
            Measured::Map(m) if m.contains_key("days") || m.contains_key("months") => {
                let dbs = m
                    .get("databases")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect::<Vec<String>>());
                Some((m.contains_key("days"), dbs.unwrap_or_default()))
            }
            _ => None,
        }
    }

    /// One figure by its JSON name.
    pub fn get(&self, key: &str) -> Option<Value> {
        self.to_map().get(key).cloned()
    }
}

#[cfg(test)]
impl From<Map<String, Value>> for Measured {
    fn from(m: Map<String, Value>) -> Measured {
        Measured::Map(m)
    }
}

/// Resolution: the tickets judged and the worst overrun.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolutionMeasured {
    pub items: usize,
    pub passed: usize,
    pub failed: usize,
    pub open: usize,
    /// Tickets of a severity without a target (written only when there are some).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_applicable: Option<usize>,
    pub worst_overrun_minutes: Option<i64>,
}

/// Automatic closure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AutoCloseMeasured {
    pub items: usize,
    pub closed_early: usize,
    pub waiting_too_long: usize,
}

/// Take-charge: the share of requests taken in charge within target over the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TakeChargeMeasured {
    pub window_from: Instant,
    pub window_to: Instant,
    pub items: usize,
    pub counted: u64,
    pub within_target: u64,
    pub missed: u64,
    pub left_out_still_new: u64,
    pub share_pct: Option<f64>,
}

/// Action plan and correction: the tickets judged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TicketFixMeasured {
    pub items: usize,
    pub passed: usize,
    pub failed: usize,
    pub open: usize,
}

/// The six-month availability (SPEC §3.3).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AvailabilitySixMonthsMeasured {
    pub window_from: Instant,
    pub window_to: Instant,
    /// `booklet` or `calendar` (`--availability-base`).
    pub reference_base: &'static str,
    pub reference_minutes: i64,
    pub downtime_minutes: i64,
    pub excluded_minutes: ExcludedMinutes,
    pub availability_pct: f64,
    pub target_pct: f64,
    pub allowed_downtime_minutes: f64,
    pub budget_used_minutes: i64,
    pub budget_left_minutes: f64,
    pub interruptions: usize,
    pub ongoing: usize,
    /// Measured from the customer's probes.
    #[serde(flatten)]
    pub probes: Option<FromProbes>,
}

/// The monthly availability over a calendar (Sprint's PRT), pooled over the months begun.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AvailabilityMonthlyMeasured {
    pub months: usize,
    pub failed: usize,
    pub open: usize,
    pub reference_minutes: i64,
    pub downtime_minutes: i64,
    pub excluded_minutes: ExcludedMinutes,
    pub availability_pct: f64,
    pub worst_month: Option<String>,
    pub worst_availability_pct: Option<f64>,
    /// Measured from the customer's probes.
    #[serde(flatten)]
    pub probes: Option<FromProbes>,
}

/// The availability's figures when measured from the probes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FromProbes {
    /// `probes`.
    pub source: &'static str,
    /// Minutes without any probe, counted as down.
    pub unknown_minutes: i64,
}

/// Maintenance inside the windows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaintenanceWindowMeasured {
    pub items: usize,
    pub passed: usize,
    pub failed: usize,
    pub open: usize,
    pub minutes_outside: i64,
}

/// Maintenance announced in time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaintenanceNoticeMeasured {
    pub items: usize,
    pub passed: usize,
    pub late: usize,
    pub not_announced: usize,
}

/// The monthly response-time average per data centre.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseTimeMeasured {
    pub items: usize,
    pub passed: usize,
    pub failed: usize,
    /// Months and data centres without any request (written only when there are some).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub without_data: Option<usize>,
    /// Months not over at as-of (written only when there are some).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open: Option<usize>,
    /// The ceiling.
    pub target_ms: f64,
    /// The highest monthly average.
    pub worst_avg_ms: Option<f64>,
    /// The figures reported but not judged.
    pub informative: [&'static str; 3],
}

/// Backup frequency: days (daily) or months (monthly) checked per database.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupFrequencyMeasured {
    /// The days of the period (daily backups).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<usize>,
    /// The months of the period (monthly backups).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub months: Option<usize>,
    pub databases: Vec<String>,
    pub checked: usize,
    pub passed: usize,
    pub missing: usize,
    pub open: usize,
    pub items: usize,
    /// Every unsuccessful attempt (daily backups).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsuccessful: Option<Vec<AttemptOf>>,
    /// Each month's first weekend, first and last day (monthly backups on the first weekend).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub windows: Option<BTreeMap<String, [Day; 2]>>,
}

/// Backup retention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupRetentionMeasured {
    pub items: usize,
    pub passed: usize,
    pub deleted_early: usize,
    pub kept_too_long: usize,
    pub still_kept: usize,
    /// Unsuccessful copies per status, not judged.
    pub not_judged: BTreeMap<&'static str, usize>,
    pub unsuccessful: Vec<Attempt>,
}

/// Backup copies in distinct locations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupCopiesMeasured {
    pub backups: usize,
    pub items: usize,
    pub passed: usize,
    pub failed: usize,
}

/// The recovery point objective.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupRpoMeasured {
    pub databases: Vec<String>,
    pub max_hours: i64,
    pub largest_gap_hours: Option<f64>,
    pub failed: usize,
    pub items: usize,
}

/// The recovery time objective.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecoveryRtoMeasured {
    pub items: usize,
    pub passed: usize,
    pub failed: usize,
    pub open: usize,
    pub max_hours: i64,
}

/// A purge category.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PurgeMeasured {
    /// Runs in the period.
    pub runs: usize,
    pub items: usize,
    pub failed: usize,
    pub max_age_days: Option<f64>,
    pub tolerance_days: f64,
}

/// A monitored threshold or the heartbeat: the alerts that were due.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonitorMeasured {
    pub items: usize,
    pub alerted: usize,
    pub missed: usize,
    pub open: usize,
}

/// The daily review of failed backups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupReviewMeasured {
    pub items: usize,
    pub missed: usize,
}

/// Preventive visits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VisitsMeasured {
    pub servers: usize,
    /// Where the number of servers comes from.
    pub servers_from: &'static str,
    pub required_per_year: usize,
    pub visits_without_duration: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_measured_is_an_empty_object_and_figures_keep_their_order() {
        assert_eq!(serde_json::to_string(&Measured::default()).unwrap(), "{}");
        let m = Measured::ResponseTime(ResponseTimeMeasured {
            items: 2,
            passed: 1,
            failed: 1,
            without_data: None,
            open: Some(1),
            target_ms: 400.0,
            worst_avg_ms: None,
            informative: ["p50_ms", "p95_ms", "p99_ms"],
        });
        assert_eq!(
            serde_json::to_string(&m).unwrap(),
            r#"{"items":2,"passed":1,"failed":1,"open":1,"target_ms":400.0,"worst_avg_ms":null,"informative":["p50_ms","p95_ms","p99_ms"]}"#
        );
        assert_eq!(m.to_map().keys().next().map(String::as_str), Some("items"));
    }
}
