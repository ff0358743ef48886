//! The items of a finding: one thing a commitment was measured on, its verdict and its
//! measured values, one typed struct per commitment family ([`Values`]; the structs are in
//! `values.rs`). The resolution check gives one item per ticket (hundreds of thousands on a
//! large history): its values keep the ticket's instants and subject compact and write them
//! on demand. Map values remain for the hand-built reports of the format tests only.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use compact_str::CompactString;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{Map, Value};

use super::fmt_duration;
use super::values::*;
use super::{Instant, Verdict};

/// One thing a commitment was measured on: a ticket, a day, a month, a purge run.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// What it is (`T-1042`, `2026-10-12`, `2026-10/paris`).
    pub subject: String,
    /// Its verdict.
    pub verdict: Verdict,
    /// Measured values, named as in SPEC §4.1 (flattened into the item in JSON).
    pub values: Values,
    /// One line for detailed tables; empty for typed values, which make their own (see
    /// [`Item::detail`]).
    pub detail: String,
}

impl Item {
    /// An item with typed values; its detail is `detail`.
    pub fn new(
        subject: impl Into<String>,
        verdict: Verdict,
        values: impl Into<Values>,
        detail: impl Into<String>,
    ) -> Item {
        Item { subject: subject.into(), verdict, values: values.into(), detail: detail.into() }
    }

    /// The one-line detail, whichever way the values are kept.
    pub fn detail(&self) -> Cow<'_, str> {
        match &self.values {
            Values::Resolution(r) => Cow::Owned(r.detail()),
            _ => Cow::Borrowed(&self.detail),
        }
    }
}

/// JSON: `subject`, `verdict`, then the measured values, in one object.
impl Serialize for Item {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Out<'a> {
            subject: &'a str,
            verdict: Verdict,
            #[serde(flatten)]
            values: &'a Values,
        }
        Out { subject: &self.subject, verdict: self.verdict, values: &self.values }.serialize(serializer)
    }
}

/// The measured values of an item: one struct per commitment family (SPEC §4.1's names, in
/// its order), flattened into the item in JSON. All but a ticket's resolution time are boxed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Values {
    /// Named values, in the order given: the hand-built reports of the tests only.
    #[cfg(test)]
    Map(Map<String, Value>),
    /// One ticket's resolution time (SPEC §3.1).
    Resolution(ResolutionValues),
    /// One ticket's take-charge time.
    TakeCharge(Box<TakeChargeValues>),
    /// One priority-1 ticket's action plan.
    ActionPlan(Box<ActionPlanValues>),
    /// One priority-2 ticket's correction.
    Correction(Box<CorrectionValues>),
    /// One ticket's wait on the customer.
    AutoClose(Box<AutoCloseValues>),
    /// One month of the monthly availability.
    AvailabilityMonth(Box<AvailabilityMonthValues>),
    /// One planned interruption against the windows.
    MaintenanceWindow(Box<MaintenanceWindowValues>),
    /// One planned interruption's notice.
    MaintenanceNotice(Box<MaintenanceNoticeValues>),
    /// One month and data centre's response time.
    ResponseTime(Box<ResponseTimeValues>),
    /// One database-day without a daily backup.
    DailyBackup(Box<DailyBackupValues>),
    /// One database-month without its monthly backup.
    MonthlyBackup(Box<MonthlyBackupValues>),
    /// One copy's retention.
    Retention(Box<RetentionValues>),
    /// One backup's copies.
    Copies(Box<CopiesValues>),
    /// One gap over the RPO.
    Rpo(Box<RpoValues>),
    /// One interruption against the RTO.
    Rto(Box<RtoValues>),
    /// One purge run.
    Purge(Box<PurgeValues>),
    /// One alert that was due.
    Monitor(Box<MonitorValues>),
    /// One failed or missing backup to review.
    BackupReview(Box<BackupReviewValues>),
    /// One year's visits.
    VisitsYear(Box<VisitsYearValues>),
    /// One visit too long.
    VisitLength(Box<VisitLengthValues>),
    /// An item waived: its values and the waiver.
    Waived(Box<WaivedValues>),
}

macro_rules! values_from {
    ($($variant:ident($ty:ty)),* $(,)?) => {
        $(impl From<$ty> for Values {
            fn from(v: $ty) -> Values {
                Values::$variant(Box::new(v))
            }
        })*
    };
}

impl From<ResolutionValues> for Values {
    fn from(v: ResolutionValues) -> Values {
        Values::Resolution(v)
    }
}

// Boxed: every family but resolution gives a few dozen items, and the enum stays the size of
// a ticket's values (hundreds of thousands of items on a large history).
values_from!(
    TakeCharge(TakeChargeValues),
    ActionPlan(ActionPlanValues),
    Correction(CorrectionValues),
    AutoClose(AutoCloseValues),
    AvailabilityMonth(AvailabilityMonthValues),
    MaintenanceWindow(MaintenanceWindowValues),
    MaintenanceNotice(MaintenanceNoticeValues),
    ResponseTime(ResponseTimeValues),
    DailyBackup(DailyBackupValues),
    MonthlyBackup(MonthlyBackupValues),
    Retention(RetentionValues),
    Copies(CopiesValues),
    Rpo(RpoValues),
    Rto(RtoValues),
    Purge(PurgeValues),
    Monitor(MonitorValues),
    BackupReview(BackupReviewValues),
    VisitsYear(VisitsYearValues),
    VisitLength(VisitLengthValues),
);

impl Values {
    /// The values as a JSON map (built for typed values), for formats that list columns.
    pub fn to_map(&self) -> Cow<'_, Map<String, Value>> {
        match self {
            #[cfg(test)]
            Values::Map(m) => Cow::Borrowed(m),
            typed => Cow::Owned(super::object_of(typed)),
        }
    }
}

/// A ticket's time against its target, whichever `ticket.*` family measured it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TicketTime<'a> {
    /// Business minutes measured.
    pub measured_minutes: i64,
    /// Business minutes allowed, if any.
    pub target_minutes: Option<i64>,
    /// The ticket's subject, if given.
    pub title: Option<&'a str>,
}

/// Typed figures for the formats that draw them (the charts). A waived item answers for the
/// values it had; map values (hand-built test reports) by their SPEC §4.1 names.
impl Values {
    /// The values under a waiver, else these.
    fn own(&self) -> &Values {
        match self {
            Values::Waived(w) => w.values.own(),
            v => v,
        }
    }

    /// A month's availability.
    pub fn availability_pct(&self) -> Option<f64> {
        match self.own() {
            Values::AvailabilityMonth(v) => v.availability_pct,
            #[cfg(test)]
            Values::Map(m) => m.get("availability_pct").and_then(Value::as_f64),
            _ => None,
        }
    }

    /// A month and data centre's mean response time.
    pub fn avg_ms(&self) -> Option<f64> {
        match self.own() {
            Values::ResponseTime(v) => v.avg_ms,
            #[cfg(test)]
            Values::Map(m) => m.get("avg_ms").and_then(Value::as_f64),
            _ => None,
        }
    }

    /// The day (or month) of a backup item and its database (`""` for all of them), as its
    /// subject names them: `(day, whether it stands for its month, database)`.
    pub fn backup_day(&self) -> Option<(chrono::NaiveDate, bool, &str)> {
        fn db(d: &str) -> &str {
            if d == crate::ingest::backups::ALL_DATABASES {
                ""
            } else {
                d
            }
        }
        match self.own() {
            Values::DailyBackup(v) => Some((v.day.0, false, db(&v.database))),
            Values::MonthlyBackup(v) => Some((v.month.0, true, db(&v.database))),
            Values::Retention(v) => Some((v.taken_day.0, false, db(&v.database))),
            Values::Copies(v) => Some((v.on.0, v.kind == "monthly", db(&v.database))),
            _ => None,
        }
    }

    /// The month and data centre of a response-time item.
    pub fn month_and_datacenter(&self) -> Option<(&str, &str)> {
        match self.own() {
            Values::ResponseTime(v) => Some((&v.month, &v.datacenter)),
            _ => None,
        }
    }

    /// A ticket's business minutes against its target.
    pub fn ticket_time(&self) -> Option<TicketTime<'_>> {
        fn t(v: &TicketValues) -> TicketTime<'_> {
            TicketTime {
                measured_minutes: v.measured_minutes,
                target_minutes: Some(v.target_minutes),
                title: v.title.as_deref(),
            }
        }
        match self.own() {
            Values::Resolution(r) => Some(TicketTime {
                measured_minutes: r.measured_minutes,
                target_minutes: r.target_minutes,
                title: r.title.as_deref(),
            }),
            Values::TakeCharge(v) => Some(t(&v.ticket)),
            Values::ActionPlan(v) => Some(t(&v.ticket)),
            Values::Correction(v) => Some(t(&v.ticket)),
            #[cfg(test)]
            Values::Map(m) => Some(TicketTime {
                measured_minutes: m.get("measured_minutes").and_then(Value::as_i64)?,
                target_minutes: m.get("target_minutes").and_then(Value::as_i64),
                title: m.get("title").and_then(Value::as_str),
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
impl From<Map<String, Value>> for Values {
    fn from(m: Map<String, Value>) -> Values {
        Values::Map(m)
    }
}

/// One ticket's resolution time.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolutionValues {
    /// Business minutes while the vendor held the clock (rounded up).
    pub measured_minutes: i64,
    /// The target, if the booklet sets one for the severity.
    pub target_minutes: Option<i64>,
    /// Creation.
    pub created_at: DateTime<Utc>,
    /// Resolution, if resolved.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Subject of the ticket, if given (kept as the ticket's clock keeps it: short ones inline).
    pub title: Option<CompactString>,
    /// The profile's zone: the instants are written as its local times.
    pub zone: Tz,
}

impl Serialize for ResolutionValues {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut m = serializer.serialize_map(None)?;
        m.serialize_entry("measured_minutes", &self.measured_minutes)?;
        m.serialize_entry("target_minutes", &self.target_minutes)?;
        m.serialize_entry("created_at", &Instant::new(self.created_at, self.zone))?;
        m.serialize_entry("resolved_at", &self.resolved_at.map(|t| Instant::new(t, self.zone)))?;
        if let Some(t) = &self.title {
            m.serialize_entry("title", t.as_str())?;
        }
        m.end()
    }
}

impl ResolutionValues {
    #[cfg(test)]
    fn to_map(&self) -> Map<String, Value> {
        super::object_of(self)
    }

    /// "26 h 07 of 15 h 00 (resolved)".
    fn detail(&self) -> String {
        let target = self.target_minutes.map_or("no target".to_string(), fmt_duration);
        let state = if self.resolved_at.is_some() { "resolved" } else { "unresolved" };
        format!("{} of {target} ({state})", fmt_duration(self.measured_minutes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;

    #[test]
    fn typed_values_serialise_like_their_map() {
        let created = Utc.with_ymd_and_hms(2026, 10, 5, 7, 0, 0).unwrap();
        for (resolved, title) in [(Some(created + chrono::Duration::hours(30)), Some("Paie")), (None, None)] {
            let r = ResolutionValues {
                measured_minutes: 1567,
                target_minutes: Some(900),
                created_at: created,
                resolved_at: resolved,
                title: title.map(CompactString::from),
                zone: chrono_tz::Europe::Paris,
            };
            let typed = Item {
                subject: "T-1".into(),
                verdict: Verdict::Fail,
                values: Values::Resolution(r.clone()),
                detail: String::new(),
            };
            // The map as the other formats list it, written out by hand.
            let mut want = serde_json::Map::new();
            want.insert("measured_minutes".into(), json!(1567));
            want.insert("target_minutes".into(), json!(900));
            want.insert("created_at".into(), json!("2026-10-05T09:00:00+02:00"));
            want.insert("resolved_at".into(), json!(resolved.map(|_| "2026-10-06T15:00:00+02:00")));
            if let Some(t) = title {
                want.insert("title".into(), json!(t));
            }
            assert_eq!(r.to_map(), want);
            let map = Item { values: Values::Map(want), ..typed.clone() };
            assert_eq!(serde_json::to_string(&typed).unwrap(), serde_json::to_string(&map).unwrap());
        }
    }

    #[test]
    fn values_are_no_larger_than_a_tickets() {
        // One item per ticket on a large history: the other families' boxes keep it so.
        assert!(std::mem::size_of::<Values>() <= std::mem::size_of::<ResolutionValues>().max(72) + 8);
    }

    #[test]
    fn typed_detail_reads_like_a_table_line() {
        // 1567 min = 26 h 07; target 900 min = 15 h 00.
        let r = ResolutionValues {
            measured_minutes: 1567,
            target_minutes: Some(900),
            created_at: Utc.with_ymd_and_hms(2026, 10, 5, 7, 0, 0).unwrap(),
            resolved_at: None,
            title: None,
            zone: chrono_tz::Europe::Paris,
        };
        let item = Item {
            subject: "T-1".into(),
            verdict: Verdict::Fail,
            values: Values::Resolution(r),
            detail: String::new(),
        };
        assert_eq!(item.detail(), "26 h 07 of 15 h 00 (unresolved)");
    }
}
