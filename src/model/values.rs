//! The measured values of an item, one struct per commitment family, with SPEC §4.1's field
//! names in its order; flattened into the item in JSON (see [`super::Values`]).

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::{Day, Instant, Values, Verdict};
use crate::ingest::downtime::DowntimeKind;

/// Excluded minutes per downtime kind, in the order of the exclusions: `{"planned": 120, …}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExcludedMinutes(pub Vec<(DowntimeKind, i64)>);

impl Serialize for ExcludedMinutes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut m = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k.name(), v)?;
        }
        m.end()
    }
}

/// An unsuccessful backup attempt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attempt {
    pub taken_at: Instant,
    pub status: &'static str,
    pub line: u64,
}

/// An unsuccessful backup attempt with its database (a finding's `measured`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttemptOf {
    pub taken_at: Instant,
    pub status: &'static str,
    pub database: String,
    pub line: u64,
}

/// The values every `ticket.*` item of the Sprint families begins with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TicketValues {
    /// Business minutes measured.
    pub measured_minutes: i64,
    /// Business minutes allowed.
    pub target_minutes: i64,
    pub created_at: Instant,
    /// The ticket's subject, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// One request's take-charge time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TakeChargeValues {
    #[serde(flatten)]
    pub ticket: TicketValues,
    pub taken_at: Option<Instant>,
}

/// One priority-1 ticket's action plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionPlanValues {
    #[serde(flatten)]
    pub ticket: TicketValues,
    pub qualified_at: Instant,
    pub action_plan_at: Option<Instant>,
}

/// One priority-2 ticket's correction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CorrectionValues {
    #[serde(flatten)]
    pub ticket: TicketValues,
    pub qualified_at: Instant,
    pub deadline: Instant,
    pub solved_at: Option<Instant>,
}

/// One ticket closed after, or still in, a wait on the customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AutoCloseValues {
    pub waited_days: f64,
    pub target_days: i64,
}

/// One month of the monthly availability.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AvailabilityMonthValues {
    pub reference_minutes: i64,
    pub downtime_minutes: i64,
    pub excluded_minutes: ExcludedMinutes,
    /// `None` for a month not begun at as-of.
    pub availability_pct: Option<f64>,
    pub allowed_downtime_minutes: f64,
    /// `not started`, `in progress` or `over`.
    pub state: &'static str,
}

/// One planned interruption against the windows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaintenanceWindowValues {
    pub end: Option<Instant>,
    pub minutes: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub minutes_outside: i64,
}

/// One planned interruption's notice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaintenanceNoticeValues {
    pub announced_at: Option<Instant>,
    pub required_hours: i64,
    pub notice_hours: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One month and data centre's response time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseTimeValues {
    /// The month, `YYYY-MM` (in the subject, not in the values).
    #[serde(skip)]
    pub month: String,
    /// The data centre (in the subject, not in the values).
    #[serde(skip)]
    pub datacenter: String,
    pub avg_ms: Option<f64>,
    pub count: u64,
    pub p50_ms: Option<f64>,
    pub p95_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    /// Requests given pre-aggregated (written only when there are some).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aggregated_count: Option<u64>,
    /// Requests behind the percentiles (written with `aggregated_count`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percentiles_count: Option<u64>,
}

/// One database-day without a successful daily backup.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DailyBackupValues {
    /// The day (in the subject, not in the values).
    #[serde(skip)]
    pub day: Day,
    pub database: String,
    pub successes: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsuccessful: Option<Vec<Attempt>>,
}

/// One database-month without a successful monthly backup where it was due.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthlyBackupValues {
    /// The month's first day (the subject names the month).
    #[serde(skip)]
    pub month: Day,
    pub database: String,
    /// The first weekend, first and last day (monthly backups on the first weekend).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<[Day; 2]>,
    /// The successful backup taken elsewhere in the month.
    pub taken_at: Option<Instant>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsuccessful: Option<Vec<Attempt>>,
}

/// One copy's retention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RetentionValues {
    /// The local day the copy was taken (the subject's).
    #[serde(skip)]
    pub taken_day: Day,
    pub database: String,
    pub location: Option<String>,
    pub taken_at: Instant,
    pub deleted_at: Option<Instant>,
    pub kept_days: f64,
    pub retention_until: Instant,
}

/// One backup's (daily) or month's (monthly) copies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CopiesValues {
    /// The backup's day (daily) or the month's first day (monthly), as the subject names it.
    #[serde(skip)]
    pub on: Day,
    /// `daily` or `monthly`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub database: String,
    /// The days of the month's backups (monthly).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taken_on: Option<Vec<Day>>,
    pub copies: usize,
    pub locations: Vec<String>,
    pub unknown_locations: usize,
}

/// One gap between successful backups over the RPO.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RpoValues {
    pub database: String,
    /// The backup the gap starts at (`None`: no earlier successful backup).
    pub from: Option<Instant>,
    pub to: Option<Instant>,
    pub gap_hours: f64,
    pub max_hours: i64,
}

/// One interruption against the RTO.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RtoValues {
    pub kind: &'static str,
    pub end: Option<Instant>,
    pub hours: f64,
    pub max_hours: i64,
}

/// One purge run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PurgeValues {
    pub max_age_days: f64,
    pub limit_days: f64,
    pub oldest_kept: Option<Instant>,
    pub reached_at: Instant,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newest_purged: Option<Instant>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newest_purged_age_days: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records_purged: Option<u64>,
    /// A run before the period (written `true` only).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub before_period: bool,
}

/// One alert that was due: what made it due, then the host and the alert.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonitorValues {
    #[serde(flatten)]
    pub due: DueValues,
    pub host: String,
    pub due_at: Instant,
    pub alert_at: Option<Instant>,
}

/// What made an alert due.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum DueValues {
    /// A daily check over (or under) its threshold.
    Daily { disk: Option<String>, value: f64, checked_at: Instant },
    /// A counter over its threshold long enough.
    Episode {
        counter: String,
        episode_start: Instant,
        episode_last_sample: Instant,
        measured_minutes: i64,
        target_minutes: i64,
        peak: f64,
    },
    /// A heartbeat that did not come.
    Heartbeat { last_heartbeat: Instant, next_heartbeat: Option<Instant>, measured_minutes: i64, target_minutes: i64 },
}

/// One failed or missing backup to review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupReviewValues {
    pub outcome: String,
    pub alert_at: Option<Instant>,
}

/// One year's visits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VisitsYearValues {
    pub visits: usize,
    pub required: usize,
}

/// One visit longer than allowed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VisitLengthValues {
    pub duration_hours: f64,
    pub max_hours: f64,
}

/// An item waived (`--waivers`): its values, the verdict it had and the waiver.
#[derive(Debug, Clone, PartialEq)]
pub struct WaivedValues {
    /// The values it had.
    pub values: Values,
    /// The verdict it had.
    pub waived_from: Verdict,
    /// The waiver.
    pub waiver: WaiverOut,
}

/// The item's values, then `waived_from` and `waiver`. Written by hand: a derived
/// `#[serde(flatten)]` of [`Values`], which may itself be waived, would not end.
impl Serialize for WaivedValues {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut m = serializer.serialize_map(None)?;
        for (k, v) in self.values.to_map().iter() {
            m.serialize_entry(k, v)?;
        }
        m.serialize_entry("waived_from", &self.waived_from)?;
        m.serialize_entry("waiver", &self.waiver)?;
        m.end()
    }
}

/// The waiver an item was waived by.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WaiverOut {
    pub line: usize,
    pub justification: String,
    pub approved_by: String,
    pub approved_on: Option<Day>,
    pub expires: Day,
}
