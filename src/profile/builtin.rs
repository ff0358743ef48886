//! The built-in profiles: the booklets of `../shared/seeds`, commitment by commitment
//! (SPEC §1.1). Numbers here are the booklets' own; each line cites its clause.

use chrono::NaiveTime;
use chrono_tz::Europe::Paris;
use chrono_tz::Tz;

use super::{AvailabilityScheme, BackupType, Commitment, Profile, Rule, Severity, Span};
use crate::calendar::windows::RecurringWindow;
use crate::ingest::downtime::DowntimeKind;

/// Ids of the built-in profiles, with their aliases after them.
pub const PROFILE_IDS: &[&str] = &["talentsoft", "kmb-labs", "sprint-open", "sprint-private", "preventcare"];

fn c(id: &str, clause: &str, text: &str, rule: Rule) -> Commitment {
    Commitment { id: id.to_string(), clause: clause.to_string(), text: text.to_string(), rule, overridden: false }
}

fn t(h: u32, m: u32) -> NaiveTime {
    // infallible: literal hours below 24 and minutes below 60.
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

fn window(days: [bool; 7], start: NaiveTime, end: NaiveTime, zone: Tz, label: &str) -> RecurringWindow {
    RecurringWindow { weekdays: days, start, end, zone, label: label.to_string() }
}

const MON_FRI: [bool; 7] = [true, true, true, true, true, false, false];
const TUE_FRI: [bool; 7] = [false, true, true, true, true, false, false];
const MON: [bool; 7] = [true, false, false, false, false, false, false];
const SAT: [bool; 7] = [false, false, false, false, false, true, false];
const EVERY_DAY: [bool; 7] = [true; 7];

/// A built-in profile by id or alias.
pub fn builtin(id: &str) -> Option<Profile> {
    match id {
        "talentsoft" => Some(talentsoft()),
        "kmb-labs" => Some(kmb_labs()),
        "sprint-open" | "xrp-sprint" | "hr-sprint" => Some(sprint(false)),
        "sprint-private" => Some(sprint(true)),
        "preventcare" => Some(preventcare()),
        _ => None,
    }
}

fn resolution(sev: Severity, clause: &str, hours: Option<i64>, text: &str) -> Commitment {
    c(
        &format!("ticket.resolution.{}", sev.name()),
        clause,
        text,
        Rule::Resolution { severity: sev, target_minutes: hours.map(|h| h * 60) },
    )
}

fn backups(clause: &str, daily: Span, monthly: Span, first_weekend: bool) -> Vec<Commitment> {
    vec![
        c(
            "backup.daily.frequency",
            clause,
            "one full backup a day",
            Rule::BackupFrequency { backup: BackupType::Daily, first_weekend: false },
        ),
        c(
            "backup.daily.retention",
            clause,
            &format!("daily backups kept {daily}"),
            Rule::BackupRetention { backup: BackupType::Daily, retention: daily },
        ),
        c(
            "backup.monthly.frequency",
            clause,
            if first_weekend { "one backup every first weekend of the month" } else { "one backup a month" },
            Rule::BackupFrequency { backup: BackupType::Monthly, first_weekend },
        ),
        c(
            "backup.monthly.retention",
            clause,
            &format!("monthly backups kept {monthly}"),
            Rule::BackupRetention { backup: BackupType::Monthly, retention: monthly },
        ),
    ]
}

fn purge(category: &str, clause: &str, text: &str, retention: Span, minimum: bool) -> Commitment {
    c(&format!("purge.{category}"), clause, text, Rule::Purge { category: category.to_string(), retention, minimum })
}

fn talentsoft() -> Profile {
    let mut commitments = vec![
        resolution(Severity::Blocking, "000 §2.6.2", Some(15), "blocking anomalies resolved within 15 business hours"),
        resolution(Severity::Major, "000 §2.6.2", Some(50), "major anomalies resolved within 50 business hours"),
        resolution(Severity::Minor, "000 §2.6.2", Some(100), "minor anomalies resolved within 100 business hours"),
        c(
            "ticket.auto-close",
            "000 §2.5.1",
            "a ticket waiting on the customer is closed automatically after 28 days, not before",
            Rule::AutoClose { days: 28 },
        ),
        c(
            "availability",
            "000 §2.6.3, 001 §2.6.3",
            "availability ≥ 99.5 % over 6 months, 24/7",
            Rule::Availability {
                target_pct: 99.5,
                scheme: AvailabilityScheme::SixMonths {
                    reference_minutes: 259_200,
                    excluded: vec![DowntimeKind::Planned],
                },
            },
        ),
        c(
            "maintenance.window",
            "000 §3.2.2",
            "planned interruptions only inside the maintenance windows",
            Rule::MaintenanceWindow,
        ),
        c(
            "maintenance.notice",
            "000 §3.2.2",
            "planned maintenance announced at least 7 days before",
            Rule::MaintenanceNotice { min_notice_hours: 7 * 24 },
        ),
        c(
            "response-time.average",
            "000 §5.9.3",
            "monthly average server response time ≤ 400 ms per data centre",
            Rule::ResponseTimeAverage { max_avg_ms: 400.0 },
        ),
    ];
    commitments.extend(backups(
        "000 §9 Organisation des sauvegardes, 001 §8.2.1",
        Span::Days(30),
        Span::Months(12),
        false,
    ));
    commitments.extend([
        c(
            "backup.rpo",
            "001 §8.4.2",
            "recovery point objective of 24 hours: at most 24 h of data lost (elapsed time between successful backups)",
            Rule::BackupRpo { max_hours: 24 },
        ),
        c(
            "recovery.rto",
            "001 §8.4.2",
            "recovery time objective of 24 hours: every interruption counting against availability over within 24 h",
            Rule::RecoveryRto { max_hours: 24, excluded: vec![DowntimeKind::Planned] },
        ),
    ]);
    commitments.extend([
        purge("system-log", "000 §9.1.1", "system logs kept 90 days", Span::Days(90), true),
        purge("application-log", "000 §9.1.1", "the application log keeps 1 year of data", Span::Months(12), true),
        purge("sftp-file", "000 §9.1.1", "files on the secure FTP kept 90 days at most", Span::Days(90), false),
    ]);
    Profile {
        id: "talentsoft".into(),
        name: "Cegid Talentsoft".into(),
        zone: Paris,
        support_calendar: "paris-support".into(),
        support_hours: None,
        maintenance_windows: vec![
            window(MON_FRI, t(7, 0), t(7, 15), Paris, "Mon–Fri 07:00–07:15 daily restart (A5)"),
            window(SAT, t(6, 0), t(8, 0), Paris, "Sat 06:00–08:00"),
            window(MON, t(18, 30), t(19, 30), Paris, "Mon 18:30–19:30"),
        ],
        commitments,
        notes: Vec::new(),
    }
}

fn kmb_labs() -> Profile {
    let mut commitments = vec![
        resolution(
            Severity::Blocking,
            "002 §2.4.2",
            Some(15),
            "blocking anomalies resolved within 15 business hours (A2)",
        ),
        resolution(Severity::Major, "002 §2.4.2", Some(100), "major anomalies resolved within 100 business hours"),
        resolution(Severity::Minor, "002 §2.4.2", None, "minor anomalies: no commitment (best effort)"),
        c(
            "availability",
            "002 §2.4.3",
            "availability ≥ 99.5 % over 6 months, 24/7, excluding scheduled maintenance and third-party failures",
            Rule::Availability {
                target_pct: 99.5,
                scheme: AvailabilityScheme::SixMonths {
                    reference_minutes: 259_200,
                    excluded: vec![DowntimeKind::Planned, DowntimeKind::ThirdParty],
                },
            },
        ),
        c(
            "maintenance.window",
            "002 §3.2.2",
            "planned interruptions only inside the maintenance windows",
            Rule::MaintenanceWindow,
        ),
    ];
    commitments.extend(backups("002 §8.2.1", Span::Days(30), Span::Months(12), false));
    commitments.extend([
        purge("system-log", "002 §8.1.1", "system logs kept 90 days", Span::Days(90), true),
        purge("application-log", "002 §8.1.1", "application logs kept 90 days", Span::Days(90), true),
        purge("sftp-file", "002 §8.1.1", "files on the secure FTP kept 90 days at most", Span::Days(90), false),
        purge(
            "candidate-data",
            "002 §9.1.2",
            "candidate and user personal data deleted or anonymised after 90 days at most",
            Span::Days(90),
            false,
        ),
        purge("cv", "002 §7.1.2", "uploaded CVs stored 1 minute at most", Span::Minutes(1), false),
    ]);
    Profile {
        id: "kmb-labs".into(),
        name: "Cegid KMB Labs".into(),
        zone: Paris,
        support_calendar: "paris-support".into(),
        support_hours: None,
        maintenance_windows: vec![
            window(TUE_FRI, t(0, 0), t(8, 0), Paris, "nights Monday to Thursday, 00:00–08:00 Tue–Fri (A3)"),
            window(SAT, t(2, 0), t(4, 0), Paris, "Sat 02:00–04:00"),
        ],
        commitments,
        notes: Vec::new(),
    }
}

fn sprint(private: bool) -> Profile {
    let take_charge_hours = if private { 4 } else { 8 };
    let mut commitments = vec![
        c(
            "availability",
            "004 art. 6",
            "availability ≥ 99 % each calendar month over the PRT (Mon–Fri 07:00–20:00 Paris, holidays excluded)",
            Rule::Availability {
                target_pct: 99.0,
                scheme: AvailabilityScheme::MonthlyPrt {
                    calendar: "sprint-prt".into(),
                    // 004 art. 6: (i) the maintenance window, (ii) urgent maintenance, (iii) force
                    // majeure, (iv) the customer's equipment, (v) systems outside the service.
                    excluded: vec![
                        DowntimeKind::Planned,
                        DowntimeKind::UrgentMaintenance,
                        DowntimeKind::ForceMajeure,
                        DowntimeKind::CustomerSide,
                        DowntimeKind::OutOfScope,
                    ],
                },
            },
        ),
        c(
            "maintenance.window",
            "004 art. 2",
            "planned maintenance only inside 00:00–07:00 GMT",
            Rule::MaintenanceWindow,
        ),
        c(
            "maintenance.notice",
            "004 art. 2",
            "planned maintenance scheduled at least 48 hours ahead",
            Rule::MaintenanceNotice { min_notice_hours: 48 },
        ),
        c(
            "ticket.take-charge",
            "004 art. 13",
            &format!("≥ 75 % of requests taken in charge within {take_charge_hours} business hours over 12 months"),
            Rule::TakeCharge {
                target_minutes: take_charge_hours * 60,
                share_pct: 75.0,
                window_months: 12,
                support_start: None,
            },
        ),
        c(
            "ticket.action-plan",
            "004 art. 13",
            "priority 1: corrective action plan within 12 business hours after qualification",
            Rule::ActionPlan { target_minutes: 12 * 60 },
        ),
        c(
            "ticket.correction",
            "004 art. 13",
            "priority 2: correction or workaround within 6 working days after qualification",
            Rule::Correction { working_days: 6 },
        ),
    ];
    commitments.extend(backups("004 art. 7", Span::Days(7), Span::Months(2), true));
    commitments.push(c(
        "backup.copies",
        "004 art. 7",
        "two copies kept in two different places",
        Rule::BackupCopies { min_locations: 2 },
    ));
    let (id, name) = if private {
        ("sprint-private", "Cegid XRP Sprint / HR Sprint SaaS — Cegid Private support")
    } else {
        ("sprint-open", "Cegid XRP Sprint / HR Sprint SaaS — Cegid Open support")
    };
    Profile {
        id: id.into(),
        name: name.into(),
        zone: Paris,
        support_calendar: "paris-support".into(),
        support_hours: None,
        maintenance_windows: vec![window(
            EVERY_DAY,
            t(0, 0),
            t(7, 0),
            chrono_tz::UTC,
            "every day 00:00–07:00 GMT (A6)",
        )],
        commitments,
        notes: Vec::new(),
    }
}

fn preventcare() -> Profile {
    let threshold = |id: &str, counter: &str, threshold: f64, minutes: i64, text: &str| {
        c(
            &format!("monitor.threshold.{id}"),
            "003 art. 3.2 §2",
            text,
            Rule::MonitorThreshold {
                counter: counter.to_string(),
                threshold,
                duration_minutes: minutes,
                at_most: false,
                daily_at: None,
            },
        )
    };
    let commitments = vec![
        threshold("disk-time", "disk_time_pct", 95.0, 20, "disk time > 95 % for 20 min raises an alert"),
        threshold("disk-queue", "disk_queue_pct", 95.0, 20, "average disk queue > 95 % for 20 min raises an alert"),
        threshold("pagefile", "pagefile_pct", 85.0, 15, "page file use > 85 % for 15 min raises an alert"),
        threshold(
            "committed-bytes",
            "committed_bytes_pct",
            90.0,
            10,
            "committed bytes > 90 % for 10 min raises an alert",
        ),
        threshold("cpu", "cpu_pct", 95.0, 20, "processor time > 95 % for 20 min raises an alert"),
        c(
            "monitor.threshold.disk-free",
            "003 art. 3.2 §2",
            "free space on C: or D: ≤ 10 % at the daily 03:00 check raises an alert",
            Rule::MonitorThreshold {
                counter: "disk_free_pct".to_string(),
                threshold: 10.0,
                duration_minutes: 0,
                at_most: true,
                daily_at: Some(t(3, 0)),
            },
        ),
        threshold("latency", "latency_ms", 600.0, 0, "multi-site latency > 600 ms raises an alert"),
        c(
            "monitor.heartbeat",
            "003 art. 3.2 §2",
            "a heartbeat every hour; a missing one is a major alert",
            Rule::MonitorHeartbeat { interval_minutes: 60, tolerance_minutes: 5 },
        ),
        c(
            "monitor.backup-review",
            "003 art. 3.2 §2",
            "failed, incomplete, cancelled or missing backups are analysed every day",
            Rule::MonitorBackupReview,
        ),
        c(
            "visits.count",
            "003 art. 3.2 §4",
            "two preventive visits a year, plus one per server beyond the first; each ≤ 1 day",
            Rule::VisitsCount { base: 2, max_hours: 24.0, servers: None },
        ),
    ];
    Profile {
        id: "preventcare".into(),
        name: "Cegid Private PreventCare".into(),
        zone: Paris,
        support_calendar: "paris-support".into(),
        support_hours: None,
        maintenance_windows: Vec::new(),
        commitments,
        notes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_profile_has_unique_commitment_ids() {
        for id in PROFILE_IDS {
            let p = builtin(id).unwrap();
            let mut seen = HashSet::new();
            for c in &p.commitments {
                assert!(seen.insert(c.id.clone()), "{id}: duplicate {}", c.id);
                assert!(c.id.chars().all(|ch| ch.is_ascii_lowercase() || ch == '.' || ch == '-'), "{}", c.id);
            }
        }
    }

    #[test]
    fn aliases() {
        assert_eq!(builtin("xrp-sprint").unwrap().id, "sprint-open");
        assert_eq!(builtin("hr-sprint").unwrap().id, "sprint-open");
        assert!(builtin("nope").is_none());
    }

    #[test]
    fn resolution_targets_from_the_booklets() {
        // 000 §2.6.2: 15 / 50 / 100 business hours; 002 §2.4.2: 15 / 100 / none.
        let ts = builtin("talentsoft").unwrap();
        let kmb = builtin("kmb-labs").unwrap();
        let target = |p: &Profile, id: &str| match p.commitment(id).unwrap().rule {
            Rule::Resolution { target_minutes, .. } => target_minutes,
            _ => panic!("not a resolution rule"),
        };
        assert_eq!(target(&ts, "ticket.resolution.blocking"), Some(900));
        assert_eq!(target(&ts, "ticket.resolution.major"), Some(3000));
        assert_eq!(target(&ts, "ticket.resolution.minor"), Some(6000));
        assert_eq!(target(&kmb, "ticket.resolution.blocking"), Some(900));
        assert_eq!(target(&kmb, "ticket.resolution.major"), Some(6000));
        assert_eq!(target(&kmb, "ticket.resolution.minor"), None);
    }
}
