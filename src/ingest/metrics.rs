//! Monitoring samples (SPEC §2.6, `--metrics`): `timestamp,host,counter,value`, plus a `disk`
//! column for `disk_free_pct`. Samples are handed on one by one to the fold, [`MetricSet`]
//! (through [`MetricSet::push`]), which keeps only what the monitoring checks judge: the
//! samples of continuously judged counters (those at or below the threshold too, since they
//! end a run), the daily C:/D: checks and the heartbeats.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveTime, Timelike, Utc};

use super::cut::{AsOfCut, CutWords};
use super::{fold, ColumnSpec, CsvInput, InputSummary, ReadOptions};
use crate::error::InputError;
use crate::profile::{Profile, Rule};

/// How the metrics' `rows-after-as-of` note names the samples after as-of.
pub const CUT: CutWords = CutWords { one: "sample", many: "samples", when: "dated", dated: false, sees: "" };

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

/// How a counter is judged, from the profile's `MonitorThreshold` rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    /// The counter.
    pub counter: String,
    /// Its threshold.
    pub threshold: f64,
    /// Breached at or below the threshold (free space) rather than above it.
    pub at_most: bool,
    /// Judged once a day at this local time (free space), not continuously.
    pub daily_at: Option<NaiveTime>,
}

impl Threshold {
    /// Whether `value` is beyond the threshold.
    pub fn breached(&self, value: f64) -> bool {
        if self.at_most {
            value <= self.threshold
        } else {
            value > self.threshold
        }
    }
}

/// One sample's instant and value.
pub type Reading = (DateTime<Utc>, f64);

/// A daily check sample (free disk space at 03:00).
#[derive(Debug, Clone, PartialEq)]
pub struct DailyCheck {
    /// Server.
    pub host: String,
    /// Disk (`C:`, `D:`).
    pub disk: Option<String>,
    /// When it was taken.
    pub at: DateTime<Utc>,
    /// Value.
    pub value: f64,
}

/// What the checks keep of a metrics file.
#[derive(Debug, Clone, Default)]
pub struct MetricSet {
    thresholds: Vec<Threshold>,
    zone: Option<chrono_tz::Tz>,
    /// Every sample of a continuously judged counter, per (host, counter): (instant, value).
    /// Samples at or below the threshold are kept too: they end a run (SPEC §3.7).
    pub samples: BTreeMap<(String, String), Vec<Reading>>,
    /// Samples of daily-checked counters taken at the check time, per counter.
    pub daily: BTreeMap<String, Vec<DailyCheck>>,
    /// Heartbeats per host.
    pub heartbeats: BTreeMap<String, Vec<DateTime<Utc>>>,
    /// Last sample of any counter, per host (where the export ends for that host).
    pub last_sample: BTreeMap<String, DateTime<Utc>>,
    /// Samples of a daily-checked counter taken at another time (not judged).
    pub off_check_samples: u64,
    /// Free-space samples of a disk other than C: or D: (not judged; 003 art. 3.2).
    pub other_disk_samples: u64,
    /// Samples dated after `--as-of`, left out.
    pub cut: AsOfCut,
    /// What the file held.
    pub summary: Option<InputSummary>,
}

impl MetricSet {
    /// An empty set judging the counters of `profile`.
    pub fn new(profile: &Profile) -> MetricSet {
        let thresholds = profile
            .commitments
            .iter()
            .filter_map(|c| match &c.rule {
                Rule::MonitorThreshold { counter, threshold, at_most, daily_at, .. } => Some(Threshold {
                    counter: counter.clone(),
                    threshold: *threshold,
                    at_most: *at_most,
                    daily_at: *daily_at,
                }),
                _ => None,
            })
            .collect();
        MetricSet { thresholds, zone: Some(profile.zone), ..MetricSet::default() }
    }

    /// Reads a metrics file for `profile`, as it stood at `as_of`.
    pub fn read(
        path: impl Into<super::Files>,
        opts: &ReadOptions,
        profile: &Profile,
        as_of: DateTime<Utc>,
    ) -> Result<MetricSet, InputError> {
        let mut set = MetricSet::new(profile);
        set.cut = AsOfCut::new(as_of);
        let mut span = None;
        let mut summary = read(path, opts, |s| {
            super::widen(&mut span, s.at);
            if set.cut.keep(s.at) {
                set.push(&s);
            }
        })?;
        summary.span = span;
        set.summary = Some(summary);
        Ok(set)
    }

    /// Folds one sample.
    pub fn push(&mut self, s: &Sample) {
        let last = self.last_sample.entry(s.host.clone()).or_insert(s.at);
        *last = (*last).max(s.at);
        if s.counter == "heartbeat" {
            self.heartbeats.entry(s.host.clone()).or_default().push(s.at);
            return;
        }
        let (Some(th), Some(value)) = (self.thresholds.iter().find(|t| t.counter == s.counter), s.value) else {
            return;
        };
        if let Some(at) = th.daily_at {
            if th.counter == "disk_free_pct" && !s.disk.as_deref().is_some_and(judged_disk) {
                self.other_disk_samples += 1;
                return;
            }
            let zone = self.zone.unwrap_or(chrono_tz::Europe::Paris);
            let local = s.at.with_timezone(&zone).time();
            if local.hour() == at.hour() && local.minute() == at.minute() {
                let check = DailyCheck { host: s.host.clone(), disk: s.disk.clone(), at: s.at, value };
                self.daily.entry(th.counter.clone()).or_default().push(check);
            } else {
                self.off_check_samples += 1;
            }
            return;
        }
        self.samples.entry((s.host.clone(), th.counter.clone())).or_default().push((s.at, value));
    }

    /// Distinct hosts seen.
    pub fn hosts(&self) -> BTreeSet<&str> {
        self.last_sample.keys().map(String::as_str).collect()
    }
}

/// Whether free space on `disk` is judged: 003 art. 3.2 names the system (C:) and data (D:) disks only. Accepts `C`,
/// `C:`, `c:\` (any case, surrounding spaces).
pub fn judged_disk(disk: &str) -> bool {
    let d = disk.trim().trim_end_matches(['\\', '/']).trim_end_matches(':');
    d.eq_ignore_ascii_case("c") || d.eq_ignore_ascii_case("d")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_space_is_judged_on_c_and_d_only() {
        assert!(["C", "C:", "c:\\", " d: "].iter().all(|d| judged_disk(d)));
        assert!(!["E:", "CD", ""].iter().any(|d| judged_disk(d)));
    }

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
