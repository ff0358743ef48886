//! Monitoring samples (SPEC §2.6, `--metrics`): `timestamp,host,counter,value`, plus a `disk`
//! column for `disk_free_pct`. Samples are handed on one by one; the monitoring checks keep
//! only what they judge (samples over a threshold, heartbeats, the daily disk check).

use chrono::{DateTime, Utc};

use super::{fold, ColumnSpec, CsvInput, InputSummary, ReadOptions};
use crate::error::InputError;

/// How the metrics' `rows-after-as-of` note names the samples after as-of.
pub const CUT: super::cut::CutWords =
    super::cut::CutWords { one: "sample", many: "samples", when: "dated", dated: false, sees: "" };

/// The counters PreventCare collects (003 art. 3.2 §2).
pub const COUNTERS: &[&str] = &[
    "disk_time_pct",
    "disk_queue_pct",
    "pagefile_pct",
    "committed_bytes_pct",
    "cpu_pct",
    "disk_free_pct",
    "latency_ms",
    "heartbeat",
];

/// A counter name in canonical form (`Disk Time %` is not accepted; `disk-time-pct` is).
pub fn canonical_counter(s: &str) -> String {
    fold(s).replace(' ', "_")
}

/// One sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// When it was collected.
    pub at: DateTime<Utc>,
    /// The monitored server.
    pub host: String,
    /// One of [`COUNTERS`].
    pub counter: &'static str,
    /// The disk (`C:`, `D:`) for `disk_free_pct`.
    pub disk: Option<String>,
    /// The value (`None` for a heartbeat, whose value is ignored).
    pub value: Option<f64>,
    /// Line in the file.
    pub line: u64,
}

const TIMESTAMP: usize = 0;
const HOST: usize = 1;
const COUNTER: usize = 2;
const VALUE: usize = 3;
const DISK: usize = 4;

/// The columns of a metrics file.
pub const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec { name: "timestamp", aliases: &["date", "time", "collected_at"], required: true },
    ColumnSpec { name: "host", aliases: &["server", "serveur", "hôte"], required: true },
    ColumnSpec { name: "counter", aliases: &["compteur", "metric"], required: true },
    ColumnSpec { name: "value", aliases: &["valeur"], required: true },
    ColumnSpec { name: "disk", aliases: &["disque", "drive", "volume"], required: false },
];

/// Reads a metrics file and hands each sample to `sink`, in file order.
pub fn read(
    path: impl Into<super::Files>,
    opts: &ReadOptions,
    mut sink: impl FnMut(Sample),
) -> Result<InputSummary, InputError> {
    let input = CsvInput::open("metrics", path, COLUMNS, opts)?;
    input.for_each_row(|row| {
        let at = row.timestamp(TIMESTAMP, opts.zone)?;
        let host = row.required(HOST)?;
        let raw = row.required(COUNTER)?;
        let name = canonical_counter(raw);
        let counter =
            COUNTERS.iter().copied().find(|c| *c == name).ok_or_else(|| {
                row.error(COUNTER, raw, "unknown counter", &format!("one of {}", COUNTERS.join(", ")))
            })?;
        let value = if counter == "heartbeat" {
            None
        } else {
            let v = row.number(VALUE)?.ok_or_else(|| row.error(VALUE, "", "empty value", "a number"))?;
            if v < 0.0 {
                return Err(row.error(VALUE, &v.to_string(), "negative value", "a value ≥ 0"));
            }
            Some(v)
        };
        let disk = row.get(DISK).map(str::to_string);
        if counter == "disk_free_pct" && disk.is_none() {
            return Err(row.error(DISK, "", "missing disk", "the disk (C:, D:) of a disk_free_pct sample"));
        }
        sink(Sample { at, host: host.to_string(), counter, disk, value, line: row.line });
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heartbeat_values_are_ignored_and_disk_free_needs_a_disk() {
        let path = std::env::temp_dir().join(format!("livret-metrics-{}.csv", std::process::id()));
        let opts = ReadOptions { delimiter: None, zone: chrono_tz::Europe::Paris, ..Default::default() };
        std::fs::write(&path, "timestamp,host,counter,value,disk\n2026-10-14 10:00,S1,heartbeat,,\n2026-10-14 03:00,S1,disk_free_pct,\"8,5\",C:\n")
            .unwrap();
        let mut samples = Vec::new();
        read(&path, &opts, |s| samples.push(s)).unwrap();
        assert_eq!(samples[0].value, None);
        assert_eq!((samples[1].value, samples[1].disk.as_deref()), (Some(8.5), Some("C:")));
        std::fs::write(&path, "timestamp,host,counter,value\n2026-10-14 03:00,S1,disk_free_pct,8\n").unwrap();
        let err = read(&path, &opts, |_| {}).unwrap_err();
        std::fs::remove_file(&path).ok();
        assert_eq!((err.line, err.reason.as_str()), (2, "missing disk"));
    }
}
