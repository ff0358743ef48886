//! What caused an interruption of the service: the kinds a commitment excludes from its
//! downtime and a downtime log names (`DowntimeKind::parse`, in `ingest::downtime`, reads one).

use serde::Serialize;

/// What caused an interruption; decides whether its minutes count against availability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DowntimeKind {
    /// An incident (the default).
    Unplanned,
    /// Planned maintenance.
    Planned,
    /// Urgent (emergency) maintenance.
    UrgentMaintenance,
    /// Force majeure.
    ForceMajeure,
    /// A third-party service failed.
    ThirdParty,
    /// Caused by the customer's own equipment.
    CustomerSide,
    /// Outside the service's scope (e.g. the customer's network).
    OutOfScope,
}

/// Every kind with its canonical name and accepted names (folded, as `ingest::fold` folds).
pub const DOWNTIME_KINDS: &[(DowntimeKind, &str, &[&str])] = &[
    (DowntimeKind::Unplanned, "unplanned", &["incident", "panne", "outage"]),
    (DowntimeKind::Planned, "planned", &["maintenance", "maintenance planifiee", "planned maintenance"]),
    (DowntimeKind::UrgentMaintenance, "urgent-maintenance", &["maintenance urgente", "emergency maintenance"]),
    (DowntimeKind::ForceMajeure, "force-majeure", &["force majeure"]),
    (DowntimeKind::ThirdParty, "third-party", &["tiers", "service tiers"]),
    (DowntimeKind::CustomerSide, "customer-side", &["client", "equipement client"]),
    (DowntimeKind::OutOfScope, "out-of-scope", &["hors perimetre"]),
];

impl DowntimeKind {
    /// The canonical name.
    pub fn name(self) -> &'static str {
        DOWNTIME_KINDS.iter().find(|(k, _, _)| *k == self).map_or("?", |(_, n, _)| n)
    }

    /// The canonical names, for messages.
    pub fn names() -> String {
        DOWNTIME_KINDS.iter().map(|(_, n, _)| *n).collect::<Vec<_>>().join(", ")
    }
}
