//! Alerts (SPEC §2.6, `--alerts`): `timestamp,host,counter[,severity]`, the alerts the
//! PreventCare monitoring cell received or raised. Counters are the monitoring counters
//! ([`COUNTERS`]) or the reviews' (`backup`, `event_log`, [`REVIEW_COUNTERS`]), compared in
//! canonical form; any other counter is refused as in the metrics file (an alert for a
//! misspelt counter would otherwise be dropped from every check without a word). Severities
//! are the booklet's levels (003 art. 3.2 §3).

use chrono::{DateTime, Utc};

use super::cut::{AsOfCut, CutWords};
use super::metrics::{canonical_counter, COUNTERS};
use super::{fold, ColumnSpec, CsvInput, InputSummary, ReadOptions};
use crate::error::InputError;

/// How the alerts' `rows-after-as-of` note names the alerts after as-of.
pub const CUT: CutWords = CutWords { one: "alert", many: "alerts", when: "dated", dated: false, sees: "" };

/// Alert levels of 003 art. 3.2 §3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AlertLevel {
    /// Sans impact.
    NoImpact,
    /// Mineur, modéré.
    Minor,
    /// Significatif.
    Significant,
    /// Majeur, étendu.
    Major,
}

/// An alert level by any accepted name.
pub fn parse_level(s: &str) -> Option<AlertLevel> {
    match fold(s).as_str() {
        "sans impact" | "no impact" | "none" | "info" => Some(AlertLevel::NoImpact),
        "mineur" | "mineure" | "minor" | "modere" | "moderee" | "moderate" | "low" | "warning" => {
            Some(AlertLevel::Minor)
        }
        "significatif" | "significative" | "significant" | "medium" => Some(AlertLevel::Significant),
        "majeur" | "majeure" | "major" | "etendu" | "etendue" | "extended" | "critical" | "critique" | "high" => {
            Some(AlertLevel::Major)
        }
        _ => None,
    }
}

/// Counters an alert may name besides [`COUNTERS`], in canonical form: the daily backup
/// review's (003 art. 3.2 §2, `monitor.backup-review`) and the event logs'.
pub const REVIEW_COUNTERS: &[&str] = &["backup", "backups", "sauvegarde", "event_log"];

/// One alert.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    /// When it was raised.
    pub at: DateTime<Utc>,
    /// The server it is about.
    pub host: String,
    /// Its counter, canonical (`disk_time_pct`, `heartbeat`, `backup`).
    pub counter: String,
    /// Its level, when given.
    pub level: Option<AlertLevel>,
    /// Line in the file.
    pub line: u64,
}

/// The columns of an alerts file.
pub const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec { name: "timestamp", aliases: &["date", "raised_at", "received_at"], required: true },
    ColumnSpec { name: "host", aliases: &["server", "serveur", "hôte"], required: true },
    ColumnSpec { name: "counter", aliases: &["compteur", "metric", "check"], required: true },
    ColumnSpec { name: "severity", aliases: &["level", "criticité", "niveau", "gravité"], required: false },
];

/// Reads an alerts file, in file order.
pub fn read(path: impl Into<super::Files>, opts: &ReadOptions) -> Result<(Vec<Alert>, InputSummary), InputError> {
    let mut alerts = Vec::new();
    let input = CsvInput::open("alerts", path, COLUMNS, opts)?;
    let summary = input.for_each_row(|row| {
        let at = row.timestamp(0, opts.zone)?;
        let host = row.required(1)?.to_string();
        let raw = row.required(2)?;
        let counter = canonical_counter(raw);
        if !COUNTERS.contains(&counter.as_str()) && !REVIEW_COUNTERS.contains(&counter.as_str()) {
            let names: Vec<&str> = COUNTERS.iter().chain(REVIEW_COUNTERS).copied().collect();
            return Err(row.error(2, raw, "unknown counter", &format!("one of {}", names.join(", "))));
        }
        let level = match row.get(3) {
            None => None,
            Some(v) => Some(parse_level(v).ok_or_else(|| {
                row.error(3, v, "unknown severity", "sans impact, mineur, modéré, significatif, majeur or étendu")
            })?),
        };
        alerts.push(Alert { at, host, counter, level, line: row.line });
        Ok(())
    })?;
    alerts.sort_by(|a, b| a.at.cmp(&b.at).then(a.line.cmp(&b.line)));
    Ok((alerts, summary))
}

/// The alerts as they stood at `--as-of`.
#[derive(Debug, Clone)]
pub struct AlertLog {
    /// Alerts at or before as-of, in time order (file order among equals).
    pub alerts: Vec<Alert>,
    /// Alerts after as-of, left out.
    pub cut: AsOfCut,
    /// What the file held.
    pub summary: InputSummary,
}

impl AlertLog {
    /// Reads an alerts file as it stood at `as_of`.
    pub fn read(
        path: impl Into<super::Files>,
        opts: &ReadOptions,
        as_of: DateTime<Utc>,
    ) -> Result<AlertLog, InputError> {
        let (mut alerts, mut summary) = read(path, opts)?;
        for a in &alerts {
            summary.saw(a.at);
        }
        let mut cut = AsOfCut::new(as_of);
        alerts.retain(|a| cut.keep(a.at));
        Ok(AlertLog { alerts, cut, summary })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_counters_in_french_and_english() {
        assert_eq!(parse_level("Majeur"), Some(AlertLevel::Major));
        assert_eq!(parse_level("étendu"), Some(AlertLevel::Major));
        assert_eq!(parse_level("Modéré"), Some(AlertLevel::Minor));
        assert_eq!(parse_level("Sans impact"), Some(AlertLevel::NoImpact));
        assert_eq!(parse_level("urgent"), None);
        assert_eq!(canonical_counter(" Disk-Time pct "), "disk_time_pct");
    }

    #[test]
    fn an_unknown_level_names_line_and_column() {
        let path = std::env::temp_dir().join(format!("livret-alerts-{}.csv", std::process::id()));
        std::fs::write(
            &path,
            "timestamp;host;counter;severity\n2026-10-14 10:00;S1;cpu_pct;majeur\n2026-10-14 10:05;S1;cpu_pct;urgent\n",
        )
        .unwrap();
        let opts = ReadOptions { delimiter: None, zone: chrono_tz::Europe::Paris, ..Default::default() };
        let err = read(&path, &opts).unwrap_err();
        std::fs::remove_file(&path).ok();
        assert_eq!((err.line, err.reason.as_str()), (3, "unknown severity"));
        assert_eq!(err.column, Some(("severity".to_string(), 4)));
    }
}
