//! Response-time log reader (SPEC §2.5): one row per request (`timestamp`, `duration_ms`) or
//! one row per pre-aggregated group (`month`, `avg_ms`, `count`), with an optional
//! `datacenter` (default `all`) and `count` (a row's weight, default 1). The file is folded
//! in parallel ([`CsvInput::par_fold`]) into one [`MonthStats`] per calendar month (in the
//! profile's zone, whatever `--timezone` says) and data centre: exact sums and counts for the mean, and a histogram of
//! the per-request durations for the informative percentiles. Rows are never kept.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use hdrhistogram::Histogram;

use super::chunked::RawRow;
use super::cut::{AsOfCut, CutWords};
use super::weblogs::{self, DurationUnit, ResponseTimesFormat, ResponseTimesOptions};
use super::{parse_number, parse_timestamp, ColumnSpec, CsvInput, InputSummary, ReadOptions};
use crate::calendar::resolve_local;
use crate::error::InputError;

/// How the response-time log's `rows-after-as-of` note names the requests after as-of.
pub const CUT: CutWords =
    CutWords { one: "request", many: "requests", when: "dated", dated: true, sees: "the log as it stood then" };

const TIMESTAMP: usize = 0;
const DURATION: usize = 1;
const MONTH: usize = 2;
const AVG: usize = 3;
const COUNT: usize = 4;
const DATACENTER: usize = 5;

/// The columns of a response-time log.
pub const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec { name: "timestamp", aliases: &["time", "date", "requested_at", "horodatage"], required: false },
    ColumnSpec {
        name: "duration_ms",
        aliases: &["duration", "response_time_ms", "elapsed_ms", "durée", "durée ms", "temps de réponse"],
        required: false,
    },
    ColumnSpec { name: "month", aliases: &["mois"], required: false },
    ColumnSpec { name: "avg_ms", aliases: &["average_ms", "mean_ms", "moyenne", "moyenne ms"], required: false },
    ColumnSpec { name: "count", aliases: &["weight", "requests", "hits", "nombre", "nb requêtes"], required: false },
    ColumnSpec {
        name: "datacenter",
        aliases: &["data center", "datacentre", "data centre", "dc", "centre de données"],
        required: false,
    },
    ColumnSpec { name: "client", aliases: &["customer", "tenant"], required: false },
    ColumnSpec { name: "page", aliases: &["url", "path"], required: false },
];

/// Data centre of rows that name none.
pub const ALL_DATACENTERS: &str = "all";
/// Longest duration accepted: a day, in milliseconds.
pub const MAX_DURATION_MS: i64 = 86_400_000;
/// Decimals of a millisecond kept exactly: durations are integers of 10⁻⁹ ms (picoseconds).
const DECIMALS: usize = 9;
/// Units (10⁻⁹ ms) per millisecond.
const UNITS_PER_MS: i64 = 1_000_000_000;
/// Units (10⁻⁹ ms) per microsecond, the histogram's unit.
const UNITS_PER_US: i64 = 1_000_000;
/// Largest weight of one row.
const MAX_COUNT: u64 = 1_000_000_000_000;
/// Histogram precision: 3 significant digits (0.1 %), values in microseconds.
const SIGNIFICANT_DIGITS: u8 = 3;

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
}

impl Month {
    fn key(self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }

    fn from_key(k: i32) -> Month {
        Month { year: k.div_euclid(12), month: k.rem_euclid(12) as u32 + 1 }
    }

    /// Parses `YYYY-MM`.
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|c| c.is_ascii_digit()) {
            return None;
        }
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        (1..=12).contains(&month).then_some(Month { year, month })
    }

    /// Its first day.
    pub fn first_day(self) -> NaiveDate {
        // infallible: month is 1–12 and the year comes from a 4-digit field or a date.
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The next month.
    pub fn next(self) -> Month {
        Month::from_key(self.key() + 1)
    }

    /// [start, end) of the month in `zone`, in seconds since the epoch.
    pub fn bounds(self, zone: Tz) -> (i64, i64) {
        let start = resolve_local(zone, self.first_day().and_time(chrono::NaiveTime::MIN));
        let end = resolve_local(zone, self.next().first_day().and_time(chrono::NaiveTime::MIN));
        (start.timestamp(), end.timestamp())
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The requests of one month in one data centre.
#[derive(Debug, Clone, Default)]
pub struct MonthStats {
    /// Requests (sum of weights), per-request and pre-aggregated rows together.
    pub count: u64,
    /// Of which from pre-aggregated rows (no per-request distribution).
    pub aggregated_count: u64,
    /// Σ duration × weight, exactly, in 10⁻⁹ ms (durations have at most 9 decimals).
    sum: i128,
    /// Smallest and largest per-request duration (weight > 0), in 10⁻⁹ ms: the percentiles
    /// are clamped to them.
    range: Option<(i64, i64)>,
    /// Per-request durations in microseconds (created with the first per-request row).
    histogram: Option<Histogram<u64>>,
    /// Counts of whole-millisecond durations under [`FAST_MS`] ms not yet in `histogram`:
    /// an increment per row instead of a histogram update; flushed before any read, so the
    /// histogram ends up the same.
    pending_ms: Vec<u64>,
}

/// Whole-millisecond durations below this are counted in `MonthStats::pending_ms` first.
const FAST_MS: usize = 4096;

impl MonthStats {
    /// Adds `weight` requests of `units` (10⁻⁹ ms) each to the sum.
    fn add(&mut self, units: i64, weight: u64) {
        self.sum += i128::from(units) * i128::from(weight);
    }

    /// Widens the recorded per-request range to `units`.
    #[inline]
    fn extend_range(&mut self, units: i64) {
        self.range = Some(match self.range {
            None => (units, units),
            Some((lo, hi)) => (lo.min(units), hi.max(units)),
        });
    }

    #[inline]
    fn record(&mut self, us: u64, weight: u64) {
        let ms = us / 1000;
        if us % 1000 == 0 && ms < FAST_MS as u64 {
            if self.pending_ms.is_empty() {
                self.pending_ms = vec![0; FAST_MS];
            }
            if let Some(n) = self.pending_ms.get_mut(ms as usize) {
                *n += weight;
                return;
            }
        }
        let h = self.histogram.get_or_insert_with(new_histogram);
        // infallible: the histogram resizes itself, and durations are at most a day.
        let _ = h.record_n(us, weight);
    }

    /// Moves the pending whole-millisecond counts into the histogram.
    fn flush(&mut self) {
        if self.pending_ms.is_empty() {
            return;
        }
        let h = self.histogram.get_or_insert_with(new_histogram);
        for (ms, n) in self.pending_ms.iter().enumerate().filter(|(_, n)| **n > 0) {
            // infallible: the histogram resizes itself.
            let _ = h.record_n(ms as u64 * 1000, *n);
        }
        self.pending_ms = Vec::new();
    }

    fn merge(&mut self, mut other: MonthStats) {
        self.flush();
        other.flush();
        self.count += other.count;
        self.aggregated_count += other.aggregated_count;
        self.sum += other.sum;
        if let Some((lo, hi)) = other.range {
            self.extend_range(lo);
            self.extend_range(hi);
        }
        match (&mut self.histogram, other.histogram) {
            (_, None) => {}
            (None, Some(h)) => self.histogram = Some(h),
            // infallible: both resize themselves.
            (Some(a), Some(b)) => {
                let _ = a.add(&b);
            }
        }
    }

    /// The weighted mean in milliseconds, unrounded (`None` without requests): Σ / count in
    /// one correctly rounded division when both are exact doubles, else the whole milliseconds
    /// in integers plus the fraction left. Reports for people round it; JSON carries it whole.
    pub fn mean_ms(&self) -> Option<f64> {
        if self.count == 0 {
            return None;
        }
        const EXACT: i128 = 1 << 53;
        let d = i128::from(self.count) * i128::from(UNITS_PER_MS);
        if self.sum.abs() <= EXACT && d <= EXACT {
            return Some(self.sum as f64 / d as f64);
        }
        let (q, r) = (self.sum.div_euclid(d), self.sum.rem_euclid(d));
        Some(q as f64 + r as f64 / d as f64)
    }

    /// Whether the weighted mean is above `max_ms`, in integers: Σ > max × count (the target
    /// taken to 10⁻⁹ ms).
    pub fn mean_exceeds(&self, max_ms: f64) -> bool {
        let max = (max_ms * UNITS_PER_MS as f64).round() as i128;
        self.count > 0 && self.sum > max * i128::from(self.count)
    }

    /// Requests in the histogram (per-request rows).
    pub fn histogram_count(&self) -> u64 {
        self.histogram.as_ref().map_or(0, Histogram::len)
    }

    /// The `q` quantile (0–1) of per-request durations, in milliseconds: the upper end of its
    /// histogram bucket (within 0.1 %), clamped to the smallest and largest recorded duration
    /// (a value no request took is never reported); `None` when only pre-aggregated rows were
    /// given.
    pub fn percentile_ms(&self, q: f64) -> Option<f64> {
        let h = self.histogram.as_ref().filter(|h| !h.is_empty())?;
        let value = h.highest_equivalent(h.value_at_quantile(q)) as f64 / 1000.0;
        Some(match self.range {
            Some((lo, hi)) => value.clamp(lo as f64 / UNITS_PER_MS as f64, hi as f64 / UNITS_PER_MS as f64),
            None => value,
        })
    }
}

fn new_histogram() -> Histogram<u64> {
    // One hour in microseconds; it grows for longer durations. The bounds are constants that
    // hdrhistogram accepts (1 ≤ low, high ≥ 2 × low, 3 significant digits).
    let bounds = Histogram::new_with_bounds(1, 3_600_000_000, SIGNIFICANT_DIGITS);
    let mut h = bounds.expect("valid histogram bounds"); // infallible: constant, valid bounds
    h.auto(true);
    h
}

/// A response-time log, folded.
#[derive(Debug, Clone)]
pub struct ResponseTimes {
    /// Statistics per (month in the zone, data centre).
    pub groups: BTreeMap<(Month, String), MonthStats>,
    /// What the file held.
    pub summary: InputSummary,
    /// Requests dated after as-of, left out (weighted by their `count`).
    pub after_as_of: u64,
}

impl ResponseTimes {
    /// The requests the fold left out as dated after `as_of` (the as-of it was read with).
    pub fn cut(&self, as_of: DateTime<Utc>) -> AsOfCut {
        AsOfCut { as_of, after: self.after_as_of }
    }
}

/// One worker's accumulator.
pub(super) struct Acc {
    /// Zone in which naive timestamps are read (`--timezone`).
    zone: Tz,
    /// Zone whose calendar months bucket the requests (the profile's).
    month_zone: Tz,
    datacenters: Vec<Box<str>>,
    dc_index: HashMap<Box<str>, u32>,
    groups: Vec<(i32, u32, MonthStats)>,
    group_index: HashMap<(i32, u32), usize>,
    /// Per data centre, the last (month key, group) used.
    last_group: Vec<(i32, usize)>,
    /// The last month seen: [start, end) in epoch seconds and its key.
    month_cache: (i64, i64, i32),
    day_cache: super::timestamp::DayCache,
    /// The earliest and latest request (epoch seconds; a pre-aggregated row spans its month).
    span: Option<(i64, i64)>,
    /// Data centre of rows that name none (`--datacenter`, or [`ALL_DATACENTERS`]).
    default_dc: Box<str>,
    /// The audit's as-of (epoch seconds), when given.
    as_of: Option<i64>,
    /// Requests after it, left out.
    after_as_of: u64,
}

impl Acc {
    pub(super) fn new(zone: Tz, month_zone: Tz, default_dc: &str) -> Acc {
        Acc {
            zone,
            month_zone,
            datacenters: Vec::new(),
            dc_index: HashMap::new(),
            groups: Vec::new(),
            group_index: HashMap::new(),
            last_group: Vec::new(),
            month_cache: (0, 0, 0),
            day_cache: super::timestamp::DayCache::default(),
            span: None,
            default_dc: default_dc.into(),
            as_of: None,
            after_as_of: 0,
        }
    }

    fn datacenter(&mut self, name: &str) -> u32 {
        if self.datacenters.len() <= 8 {
            // Names are short: compared byte by byte in line, length first.
            let same = |d: &str| d.len() == name.len() && d.bytes().zip(name.bytes()).all(|(a, b)| a == b);
            if let Some(i) = self.datacenters.iter().position(|d| same(d)) {
                return i as u32;
            }
        } else if let Some(i) = self.dc_index.get(name) {
            return *i;
        }
        let i = self.datacenters.len() as u32;
        self.datacenters.push(name.into());
        self.dc_index.insert(name.into(), i);
        self.last_group.push((i32::MIN, 0));
        i
    }

    fn group(&mut self, month: i32, dc: u32) -> &mut MonthStats {
        let (m, g) = self.last_group[dc as usize];
        let g = if m == month {
            g
        } else {
            let next = self.groups.len();
            let g = *self.group_index.entry((month, dc)).or_insert(next);
            if g == next {
                self.groups.push((month, dc, MonthStats::default()));
            }
            self.last_group[dc as usize] = (month, g);
            g
        };
        &mut self.groups[g].2
    }

    /// The month key of an instant, in the months' zone.
    fn month_of(&mut self, secs: i64) -> Option<i32> {
        let (start, end, key) = self.month_cache;
        if start <= secs && secs < end {
            return Some(key);
        }
        let local = DateTime::from_timestamp(secs, 0)?.with_timezone(&self.month_zone);
        let month = Month { year: local.year(), month: local.month() };
        let (start, end) = month.bounds(self.month_zone);
        self.month_cache = (start, end, month.key());
        Some(month.key())
    }

    fn saw(&mut self, first: i64, last: i64) {
        self.span = Some(match self.span {
            None => (first, last),
            Some((a, b)) => (a.min(first), b.max(last)),
        });
    }

    pub(super) fn merge(mut self, other: Acc) -> Acc {
        self.after_as_of += other.after_as_of;
        if let Some((a, b)) = other.span {
            self.saw(a, b);
        }
        for (month, dc, stats) in other.groups {
            let name = &other.datacenters[dc as usize];
            let dc = self.datacenter(name);
            self.group(month, dc).merge(stats);
        }
        self
    }

    /// The index of data centre `name`, or of the default one when `None`.
    fn datacenter_or_default(&mut self, name: Option<&str>) -> u32 {
        match name {
            Some(name) => self.datacenter(name),
            None => {
                let name = std::mem::take(&mut self.default_dc);
                let i = self.datacenter(&name);
                self.default_dc = name;
                i
            }
        }
    }

    /// Adds `weight` requests of `units` (10⁻⁹ ms) at `secs` (epoch seconds) to data centre
    /// `dc` (the default one when `None`); `false` when the instant is outside the calendar.
    /// Every format (CSV, web-server logs, New Relic) feeds its requests here.
    pub(super) fn request(&mut self, secs: i64, units: i64, dc: Option<&str>, weight: u64) -> bool {
        let Some(month) = self.month_of(secs) else { return false };
        // The file's span is of all its rows: `last` shows where the export stops.
        self.saw(secs, secs);
        if self.as_of.is_some_and(|a| secs > a) {
            // After as-of: not seen yet (a rerun of a past audit gives the same answer).
            self.after_as_of += weight;
            return true;
        }
        let dc = self.datacenter_or_default(dc);
        let stats = self.group(month, dc);
        stats.count += weight;
        stats.add(units, weight);
        if weight > 0 {
            stats.extend_range(units);
        }
        // The histogram's microseconds, rounded half up (percentiles are informative).
        stats.record(((units + UNITS_PER_US / 2) / UNITS_PER_US) as u64, weight);
        true
    }

    fn fold(&mut self, row: &RawRow) -> Result<(), InputError> {
        let weight = match row.get(COUNT) {
            None => 1,
            Some(v) => parse_count(v)
                .ok_or_else(|| row.error(COUNT, v, "invalid count", "a whole number of requests such as 1 or 1250"))?,
        };
        let dc = row.get(DATACENTER);
        let (ts, duration) = (row.get(TIMESTAMP), row.get(DURATION));
        if ts.is_some() || duration.is_some() {
            let ts = match ts {
                Some(ts) => ts,
                None => row.required(TIMESTAMP)?,
            };
            let secs = match super::timestamp::parse_rfc3339_seconds_cached(ts.as_bytes(), &mut self.day_cache) {
                Some(s) => s,
                None => parse_timestamp(ts, self.zone)
                    .map_err(|e| row.error(TIMESTAMP, ts, e.reason(), &e.expected(self.zone)))?
                    .timestamp(),
            };
            let duration = match duration {
                Some(d) => d,
                None => row.required(DURATION)?,
            };
            let units = parse_duration(duration).ok_or_else(|| {
                row.error(
                    DURATION,
                    duration,
                    "invalid duration",
                    "a duration in milliseconds between 0 and 86400000 with at most 9 decimals, such as 412 or 412,5",
                )
            })?;
            row.saw_secs(secs, secs);
            if !self.request(secs, units, dc, weight) {
                return Err(row.error(TIMESTAMP, ts, "invalid timestamp", "a timestamp within the calendar's range"));
            }
        } else {
            let m = row.required(MONTH)?;
            let month =
                Month::parse(m).ok_or_else(|| row.error(MONTH, m, "invalid month", "a month such as 2026-10"))?;
            let avg = row.required(AVG)?;
            let units = parse_duration(avg).ok_or_else(|| {
                row.error(
                    AVG,
                    avg,
                    "invalid average",
                    "an average in milliseconds between 0 and 86400000 with at most 9 decimals, such as 312 or 312,5",
                )
            })?;
            let (start, end) = month.bounds(self.month_zone);
            self.saw(start, end - 1);
            row.saw_secs(start, end - 1);
            let dc = self.datacenter_or_default(dc);
            let stats = self.group(month.key(), dc);
            stats.count += weight;
            stats.aggregated_count += weight;
            // avg × count, exactly.
            stats.add(units, weight);
        }
        Ok(())
    }
}

/// Parses a duration in milliseconds (digits, then optionally `.` or `,` and 1 to 9 decimals;
/// French thousands spaces as in [`parse_number`]: `1 058,5`), 0 to a day, into an exact
/// integer of 10⁻⁹ ms. Signs, exponents and more decimals are refused.
fn parse_duration(s: &str) -> Option<i64> {
    parse_duration_in(s, DurationUnit::Ms)
}

/// [`parse_duration`] for a duration written in `unit`: the same grammar, with as many
/// decimals as keep it exact in 10⁻⁹ ms (12 for seconds, 9 for milliseconds, 6 for
/// microseconds), 0 to a day, into an exact integer of 10⁻⁹ ms.
pub(crate) fn parse_duration_in(s: &str, unit: DurationUnit) -> Option<i64> {
    let (per_unit, decimals, max_digits) = match unit {
        DurationUnit::S => (UNITS_PER_MS * 1000, DECIMALS + 3, 5),
        DurationUnit::Ms => (UNITS_PER_MS, DECIMALS, 8),
        DurationUnit::Us => (UNITS_PER_US, DECIMALS - 3, 11),
    };
    let (int, frac) = match s.find(['.', ',']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let int = if int.bytes().all(|c| c.is_ascii_digit()) {
        whole(int.bytes(), max_digits)?
    } else {
        grouped(int, max_digits)?
    };
    let frac = match frac {
        None => 0,
        Some(digits) if (1..=decimals).contains(&digits.len()) && digits.bytes().all(|c| c.is_ascii_digit()) => {
            let f = digits.bytes().fold(0i64, |n, c| n * 10 + i64::from(c - b'0'));
            f * 10i64.pow((decimals - digits.len()) as u32)
        }
        Some(_) => return None,
    };
    let units = int * per_unit + frac;
    (units <= MAX_DURATION_MS * UNITS_PER_MS).then_some(units)
}

/// 1 to `max` ASCII digits as a number.
fn whole(digits: impl ExactSizeIterator<Item = u8>, max: usize) -> Option<i64> {
    (1..=max).contains(&digits.len()).then(|| digits.fold(0i64, |n, c| n * 10 + i64::from(c - b'0')))
}

/// A whole number written in thousands groups (`86 400 000`; space, no-break space or
/// narrow no-break space): a first group of 1–3 digits, then groups of exactly 3; at most
/// `max` digits.
fn grouped(int: &str, max: usize) -> Option<i64> {
    let mut groups = int.split([' ', '\u{a0}', '\u{202f}']);
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let ok = (1..=3).contains(&first.len())
        && rest.iter().all(|g| g.len() == 3)
        && std::iter::once(first).chain(rest.iter().copied()).all(|g| g.bytes().all(|c| c.is_ascii_digit()));
    if !ok {
        return None;
    }
    let digits: Vec<u8> = std::iter::once(first).chain(rest).flat_map(str::bytes).collect();
    whole(digits.into_iter(), max)
}

/// Parses a row weight: a whole number (`12`, or `12.0` / `12,0`).
fn parse_count(s: &str) -> Option<u64> {
    let n = if s.bytes().all(|c| c.is_ascii_digit()) && s.len() <= 13 {
        s.parse().ok()?
    } else {
        let v = parse_number(s)?;
        if v < 0.0 || v.fract() != 0.0 || v > MAX_COUNT as f64 {
            return None;
        }
        v as u64
    };
    (n <= MAX_COUNT).then_some(n)
}

/// Reads a response-time log; months are calendar months in `month_zone` (the profile's zone,
/// SPEC §3.6), naive timestamps are read in `opts.zone` (`--timezone`). The format is told
/// from the file ([`read_as`] with the defaults).
pub fn read(path: impl Into<super::Files>, opts: &ReadOptions, month_zone: Tz) -> Result<ResponseTimes, InputError> {
    read_as(&path.into(), opts, month_zone, &ResponseTimesOptions::default())
}

/// [`read`] in the format, unit and default data centre of `rt` (`--response-times-format`,
/// `--duration-unit`, `--datacenter`): CSV, or a web-server log or New Relic export
/// ([`super::weblogs`]), every row fed to the same accumulator.
pub fn read_as(
    files: &super::Files,
    opts: &ReadOptions,
    month_zone: Tz,
    rt: &ResponseTimesOptions,
) -> Result<ResponseTimes, InputError> {
    let path = files.first();
    let (format, unit) = weblogs::resolve(path, opts, rt)?;
    if format == ResponseTimesFormat::Newrelic && files.paths.len() > 1 {
        return Err(InputError::file(
            &files.label(),
            "several New Relic exports for one input",
            "one export (several files are read as one input for CSV response times and web-server logs)",
        ));
    }
    let default_dc = rt.default_datacenter(path);
    let zone = opts.zone;
    let as_of = rt.as_of;
    let init = || Acc { as_of, ..Acc::new(zone, month_zone, &default_dc) };
    let (acc, mut summary) = match format {
        ResponseTimesFormat::Csv => read_csv(files, opts, init)?,
        ResponseTimesFormat::Newrelic => weblogs::read_newrelic(path, opts, unit, init)?,
        ResponseTimesFormat::W3c | ResponseTimesFormat::Nginx | ResponseTimesFormat::Apache => {
            // Rotated logs: each file read in turn in the format of the first (its own
            // `--datacenter {file}`), its rows, hash and span kept for the report.
            let mut all: Option<Acc> = None;
            let mut parts = Vec::with_capacity(files.paths.len());
            for p in &files.paths {
                let mut acc = Acc { as_of, ..Acc::new(zone, month_zone, &rt.default_datacenter(p)) };
                let mut summary = weblogs::read_lines(p, opts, format, unit, &mut acc)?;
                summary.rows_span = acc.span;
                parts.push(summary);
                all = Some(match all {
                    None => acc,
                    Some(a) => a.merge(acc),
                });
            }
            let acc = all.unwrap_or_else(init);
            (acc, super::combine(files.label(), parts))
        }
    };
    if format != ResponseTimesFormat::Csv {
        summary.notes.push(weblogs::read_as_note(&summary.path, format, unit, rt.format.is_none()));
    }
    let instant = |s: i64| chrono::DateTime::from_timestamp(s, 0);
    summary.span = acc.span.and_then(|(a, b)| Some((instant(a)?, instant(b)?)));
    let mut groups = BTreeMap::new();
    for (month, dc, mut stats) in acc.groups {
        stats.flush();
        groups.insert((Month::from_key(month), acc.datacenters[dc as usize].to_string()), stats);
    }
    Ok(ResponseTimes { groups, summary, after_as_of: acc.after_as_of })
}

/// The CSV form: one row per request or per pre-aggregated group.
fn read_csv(
    files: &super::Files,
    opts: &ReadOptions,
    init: impl Fn() -> Acc + Sync + Send,
) -> Result<(Acc, InputSummary), InputError> {
    let input = CsvInput::open("response_times", files, COLUMNS, opts)?;
    let per_request = input.has(TIMESTAMP) && input.has(DURATION);
    let aggregated = input.has(MONTH) && input.has(AVG);
    if !per_request && !aggregated {
        return Err(InputError {
            file: input.path().to_string(),
            line: 1,
            column: None,
            value: None,
            reason: "missing required column".to_string(),
            expected: "a header with the columns `timestamp` and `duration_ms` (one row per request), \
                       or `month`, `avg_ms` and `count` (pre-aggregated rows); a web-server log or a New Relic \
                       export: --response-times-format w3c|nginx|apache|newrelic"
                .to_string(),
        });
    }
    input.par_fold(files.first(), init, |acc, row| acc.fold(row), Acc::merge)
}

#[cfg(test)]
mod tests;
