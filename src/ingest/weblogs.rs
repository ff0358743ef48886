//! Response times as web servers and the APM tool write them (issue 16, item 3): IIS W3C
//! extended logs, nginx and Apache access logs with a response-time field, and New Relic query
//! exports. Each row is one request, fed to the same accumulator as a CSV row
//! ([`super::response_times`]): months in the profile's zone, exact sums, histograms.
//!
//! Accepted variants (docs/inputs.md says the same for users):
//!
//! - `w3c`: IIS W3C extended log. Lines starting with `#` are directives; a `#Fields:`
//!   directive names the space-separated fields of the entries after it (a file may hold
//!   several, e.g. after a restart: each applies until the next). The fields `date`, `time`
//!   (UTC, as IIS writes them) and `time-taken` (milliseconds) are required; an optional
//!   `x-datacenter` (or `datacenter`) field names the data centre. `-` is an empty field.
//! - `nginx`: the `combined` log format followed by the response time as its last field,
//!   `log_format timed '$remote_addr - $remote_user [$time_local] "$request" $status
//!   $body_bytes_sent "$http_referer" "$http_user_agent" $request_time';` (optionally with
//!   `"$http_x_forwarded_for"` before `$request_time`): seconds with millisecond resolution.
//! - `apache`: the same layout from `LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\"
//!   \"%{User-Agent}i\" %D"`: microseconds by default (`%D`); `--duration-unit s` for `%T`,
//!   `ms` for `%{ms}T`.
//! - `newrelic`: the CSV export of an NRQL query such as `SELECT timestamp, duration, appName
//!   FROM Transaction`: `timestamp` in epoch milliseconds (or any timestamp form of the CSV
//!   reader), `duration` in seconds, an optional `datacenter` column.
//!
//! Any other line layout is refused with its line and the layout expected.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::response_times::{parse_duration_in, Acc};
use super::timestamp::{parse_rfc3339_seconds_cached, DayCache};
use super::{detect_delimiter, fold, parse_timestamp, ColumnSpec, CsvInput, InputSummary, OnInvalid, ReadOptions};
use crate::error::InputError;

/// The kind name of response-time inputs (the report's `inputs[].kind`).
const KIND: &str = "response_times";

/// The shape of a response-time input (`--response-times-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ResponseTimesFormat {
    /// CSV: `timestamp,duration_ms[,datacenter]` or `month,avg_ms,count[,datacenter]`.
    Csv,
    /// IIS W3C extended log (`#Fields:` directive, `time-taken` in milliseconds, UTC).
    W3c,
    /// nginx `combined` followed by `$request_time` (seconds).
    Nginx,
    /// Apache `combined` followed by `%D` (microseconds; `%T` with --duration-unit s).
    Apache,
    /// New Relic NRQL query export (CSV: `timestamp` in epoch ms, `duration` in seconds).
    Newrelic,
}

impl ResponseTimesFormat {
    /// The name used in flags and notes.
    pub fn name(self) -> &'static str {
        match self {
            ResponseTimesFormat::Csv => "csv",
            ResponseTimesFormat::W3c => "w3c",
            ResponseTimesFormat::Nginx => "nginx",
            ResponseTimesFormat::Apache => "apache",
            ResponseTimesFormat::Newrelic => "newrelic",
        }
    }
}

/// The unit of a duration field (`--duration-unit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DurationUnit {
    /// Milliseconds.
    Ms,
    /// Seconds.
    S,
    /// Microseconds.
    Us,
}

impl DurationUnit {
    /// The unit's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            DurationUnit::Ms => "milliseconds",
            DurationUnit::S => "seconds",
            DurationUnit::Us => "microseconds",
        }
    }

    fn example(self) -> &'static str {
        match self {
            DurationUnit::Ms => "412 or 412.5",
            DurationUnit::S => "0.412",
            DurationUnit::Us => "412000",
        }
    }
}

/// How a response-time input is read, beyond the options every reader shares.
#[derive(Debug, Clone, Default)]
pub struct ResponseTimesOptions {
    /// `--response-times-format`; `None` detects it from the start of the file.
    pub format: Option<ResponseTimesFormat>,
    /// `--duration-unit`; `None` takes the format's own.
    pub unit: Option<DurationUnit>,
    /// `--datacenter`: the data centre of rows that name none; `{file}` is the file's name
    /// up to its first dot.
    pub datacenter: Option<String>,
    /// The audit's as-of (epoch seconds): requests after it are left out and counted, so the
    /// log is seen as it stood then. `None` reads every request (`check`).
    pub as_of: Option<i64>,
}

impl ResponseTimesOptions {
    /// The data centre of the rows of `path` that name none.
    pub fn default_datacenter(&self, path: &Path) -> String {
        match self.datacenter.as_deref() {
            None => super::response_times::ALL_DATACENTERS.to_string(),
            Some(name) if name.contains("{file}") => {
                let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                // The first non-empty part: `.paris.log` is paris too.
                let stem = file.split('.').find(|s| !s.is_empty()).unwrap_or(&file);
                name.replace("{file}", stem)
            }
            Some(name) => name.to_string(),
        }
    }
}

/// The unit a format fixes, or its default: (unit, whether `--duration-unit` may change it).
pub fn format_unit(format: ResponseTimesFormat) -> (DurationUnit, bool) {
    match format {
        ResponseTimesFormat::Csv | ResponseTimesFormat::W3c => (DurationUnit::Ms, false),
        ResponseTimesFormat::Nginx | ResponseTimesFormat::Newrelic => (DurationUnit::S, true),
        ResponseTimesFormat::Apache => (DurationUnit::Us, true),
    }
}

/// The format and unit to read `path` with: the flags, or what the file's first line says.
/// A pipe (not a regular file) is not peeked at: without the flag it is read as CSV.
pub fn resolve(
    path: &Path,
    read: &ReadOptions,
    opts: &ResponseTimesOptions,
) -> Result<(ResponseTimesFormat, DurationUnit), InputError> {
    let shown = path.display().to_string();
    let format = match opts.format {
        Some(f) => f,
        None if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) => ResponseTimesFormat::Csv,
        None => {
            let mut head = Vec::new();
            // Through the opener: a compressed log is peeked at decompressed, in its encoding.
            super::source::open(path, read.encoding)?
                .reader
                .take(64 << 10)
                .read_to_end(&mut head)
                .map_err(|e| super::source::io_error(&shown, 0, &e))?;
            match detect(&head) {
                Detected::Format(f) => f,
                Detected::CombinedWithoutTime(line) => {
                    return Err(InputError {
                        file: shown,
                        line,
                        column: None,
                        value: None,
                        reason: "access log without a response time".to_string(),
                        expected: "the combined format followed by the response time: $request_time last in nginx's \
                                   log_format, %D last in Apache's LogFormat (this log cannot measure response times)"
                            .to_string(),
                    })
                }
                Detected::CombinedUnknownUnit(line) => match opts.unit {
                    Some(_) => ResponseTimesFormat::Apache,
                    None => {
                        return Err(InputError {
                            file: shown,
                            line,
                            column: None,
                            value: None,
                            reason: "access log whose response times are whole numbers, in an unknown unit".to_string(),
                            expected: "--response-times-format apache (%D, microseconds) or --duration-unit us|s|ms \
                                       (%D, %T or %{ms}T): the unit of a whole number cannot be told from the log"
                                .to_string(),
                        })
                    }
                },
            }
        }
    };
    let (default, changeable) = format_unit(format);
    let unit = match opts.unit {
        None => default,
        Some(u) if u == default || changeable => u,
        Some(u) => {
            return Err(InputError::file(
                &shown,
                &format!("--duration-unit {} does not apply to the {} format", unit_flag(u), format.name()),
                format!(
                    "no --duration-unit, or ms: the {} format fixes its durations in milliseconds ({})",
                    format.name(),
                    if format == ResponseTimesFormat::W3c { "IIS time-taken" } else { "the duration_ms column" }
                ),
            ))
        }
    };
    Ok((format, unit))
}

fn unit_flag(u: DurationUnit) -> &'static str {
    match u {
        DurationUnit::Ms => "ms",
        DurationUnit::S => "s",
        DurationUnit::Us => "us",
    }
}

/// What the start of a file looks like.
#[derive(Debug, PartialEq, Eq)]
pub enum Detected {
    /// A format told for sure.
    Format(ResponseTimesFormat),
    /// Combined log lines whose response times (the first on this line) are whole numbers
    /// or `-`: Apache, in a unit the log does not say.
    CombinedUnknownUnit(u64),
    /// A combined log line (on this line) without a response-time field.
    CombinedWithoutTime(u64),
}

/// Tells the format from the first non-blank line of `head`: a W3C directive; a combined
/// log line (nginx when the first response time that is not `-` has decimals, as
/// `$request_time` always does); a CSV header naming New Relic attributes; otherwise CSV.
pub fn detect(head: &[u8]) -> Detected {
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}');
    let mut lines =
        text.split('\n').map(|l| l.trim_end_matches('\r')).enumerate().filter(|(_, l)| !l.trim().is_empty());
    let Some((n, line)) = lines.next() else {
        return Detected::Format(ResponseTimesFormat::Csv);
    };
    let line_no = n as u64 + 1;
    const DIRECTIVES: &[&str] = &["#Software:", "#Version:", "#Fields:", "#Date:", "#Remark:", "#Start-Date:"];
    if DIRECTIVES.iter().any(|d| line.starts_with(d)) {
        return Detected::Format(ResponseTimesFormat::W3c);
    }
    if let Some(entry) = combined(line) {
        // The first response time that is not `-` (nor cut by the end of the peek) decides.
        let durations =
            std::iter::once(entry.duration).chain(lines.filter_map(|(_, l)| combined(l)).map(|e| e.duration));
        return match durations.take(1000).find(|d| *d != "-") {
            Some(d) if d.contains('.') => Detected::Format(ResponseTimesFormat::Nginx),
            _ => Detected::CombinedUnknownUnit(line_no),
        };
    }
    if combined_without_time(line) {
        return Detected::CombinedWithoutTime(line_no);
    }
    let delimiter = detect_delimiter(line.as_bytes());
    let cells: Vec<String> = line.split(delimiter as char).map(|c| fold(c.trim_matches('"'))).collect();
    let has = |name: &str| cells.iter().any(|c| *c == fold(name));
    if has("timestamp") && has("duration") && NEW_RELIC_ATTRIBUTES.iter().any(|a| has(a)) {
        return Detected::Format(ResponseTimesFormat::Newrelic);
    }
    Detected::Format(ResponseTimesFormat::Csv)
}

/// Whether `line` is of the plain combined format (no response time after the user agent).
fn combined_without_time(line: &str) -> bool {
    tokens(line).is_some_and(|t| {
        let kinds: String = t.iter().map(|(k, _)| *k).collect();
        kinds == "   [\"  \"\""
    })
}

/// Attributes of New Relic's `Transaction` events, any of which (with `timestamp` and
/// `duration`) marks a header as a New Relic export.
const NEW_RELIC_ATTRIBUTES: &[&str] = &[
    "appName",
    "appId",
    "entityGuid",
    "transactionType",
    "transactionSubType",
    "request.uri",
    "request.method",
    "http.statusCode",
    "response.status",
    "httpResponseCode",
    "apdexPerfZone",
    "webDuration",
    "totalTime",
    "guid",
    "traceId",
];

/// A combined log line's parts that the audit uses.
#[derive(Debug, PartialEq, Eq)]
struct Combined<'a> {
    /// `10/Oct/2026:13:55:36 +0200`, without the brackets.
    time: &'a str,
    /// The last field.
    duration: &'a str,
}

/// Splits a line into fields: runs of non-spaces, `[…]` and `"…"` (with `\` escapes) each one
/// field. `None` for an unclosed bracket or quote.
fn tokens(line: &str) -> Option<Vec<(char, &str)>> {
    let b = line.as_bytes();
    let mut out = Vec::with_capacity(12);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' => i += 1,
            b'[' => {
                let end = i + 1 + line[i + 1..].find(']')?;
                out.push(('[', &line[i + 1..end]));
                i = end + 1;
            }
            b'"' => {
                let mut j = i + 1;
                loop {
                    match b.get(j)? {
                        b'\\' => j += 2,
                        b'"' => break,
                        _ => j += 1,
                    }
                }
                out.push(('"', line.get(i + 1..j)?));
                i = j + 1;
            }
            _ => {
                let end = line[i..].find([' ', '\t']).map_or(line.len(), |k| i + k);
                out.push((' ', &line[i..end]));
                i = end;
            }
        }
    }
    Some(out)
}

/// The parts of a line of the combined format followed by the response time (optionally with
/// a quoted X-Forwarded-For before it); `None` for any other layout.
fn combined(line: &str) -> Option<Combined<'_>> {
    let t = tokens(line)?;
    let kinds: String = t.iter().map(|(k, _)| *k).collect();
    // host ident user [time] "request" status bytes "referer" "agent" ["xff"] duration
    if kinds != "   [\"  \"\" " && kinds != "   [\"  \"\"\" " {
        return None;
    }
    let status = t[5].1;
    if status.len() != 3 || !status.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(Combined { time: t[3].1, duration: t[t.len() - 1].1 })
}

/// The layout an access-log line must have, for messages.
fn combined_expected(format: ResponseTimesFormat, unit: DurationUnit) -> String {
    let last = match (format, unit) {
        (ResponseTimesFormat::Nginx, _) => "$request_time",
        (_, DurationUnit::Us) => "%D",
        (_, DurationUnit::S) => "%T",
        (_, DurationUnit::Ms) => "%{ms}T",
    };
    match format {
        ResponseTimesFormat::Nginx => format!(
            "a line of nginx's combined format followed by {last}: $remote_addr - $remote_user [$time_local] \
             \"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\" [\"$http_x_forwarded_for\"] \
             {last}"
        ),
        _ => format!(
            "a line of Apache's combined format followed by {last}: %h %l %u %t \"%r\" %>s %b \"%{{Referer}}i\" \
             \"%{{User-Agent}}i\" {last}"
        ),
    }
}

/// Reads a New Relic export (CSV) into `acc`.
pub(super) fn read_newrelic(
    path: &Path,
    opts: &ReadOptions,
    unit: DurationUnit,
    init: impl Fn() -> Acc + Sync + Send,
) -> Result<(Acc, InputSummary), InputError> {
    const TIMESTAMP: usize = 0;
    const DURATION: usize = 1;
    const DATACENTER: usize = 2;
    const COLUMNS: &[ColumnSpec] = &[
        ColumnSpec { name: "timestamp", aliases: &["begin time", "time"], required: true },
        ColumnSpec { name: "duration", aliases: &["duration (s)", "duration_s"], required: true },
        ColumnSpec {
            name: "datacenter",
            aliases: &["data center", "datacentre", "data centre", "dc", "centre de données"],
            required: false,
        },
    ];
    let input = CsvInput::open(KIND, path, COLUMNS, opts)?;
    let zone = opts.zone;
    let (acc, summary) = input.par_fold(
        path,
        init,
        |acc: &mut Acc, row| {
            let ts = row.get(TIMESTAMP).ok_or_else(|| {
                row.error(
                    TIMESTAMP,
                    "",
                    "missing timestamp",
                    "a timestamp (epoch milliseconds, as New Relic exports it)",
                )
            })?;
            let secs = match epoch_millis(ts) {
                Some(s) => s,
                None => parse_timestamp(ts, zone)
                    .map_err(|e| row.error(TIMESTAMP, ts, e.reason(), &e.expected(zone)))?
                    .timestamp(),
            };
            let d = row
                .get(DURATION)
                .ok_or_else(|| row.error(DURATION, "", "missing duration", &missing_duration(unit)))?;
            let units = parse_duration_in(d, unit)
                .ok_or_else(|| row.error(DURATION, d, "invalid duration", &duration_expected(unit)))?;
            if !acc.request(secs, units, row.get(DATACENTER), 1) {
                return Err(row.error(TIMESTAMP, ts, "invalid timestamp", "a timestamp within the calendar's range"));
            }
            Ok(())
        },
        Acc::merge,
    )?;
    Ok((acc, summary))
}

/// Epoch milliseconds (12 or 13 digits, as NRQL's `timestamp`) as epoch seconds.
fn epoch_millis(s: &str) -> Option<i64> {
    if !(12..=13).contains(&s.len()) || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(s.parse::<i64>().ok()?.div_euclid(1000))
}

fn duration_expected(unit: DurationUnit) -> String {
    format!(
        "a duration in {} between 0 and a day, such as {} (--duration-unit says the unit)",
        unit.name(),
        unit.example()
    )
}

fn missing_duration(unit: DurationUnit) -> String {
    format!("a duration in {} (a request without one is an error, never a zero)", unit.name())
}

/// The `#Fields:` directive in force.
struct W3cFields {
    names: Vec<String>,
    date: usize,
    time: usize,
    taken: usize,
    datacenter: Option<usize>,
    /// Where it was given.
    line: u64,
}

/// Reads a W3C, nginx or Apache log into `acc`, line by line.
pub(super) fn read_lines(
    path: &Path,
    opts: &ReadOptions,
    format: ResponseTimesFormat,
    unit: DurationUnit,
    acc: &mut Acc,
) -> Result<InputSummary, InputError> {
    let shown = path.display().to_string();
    if path.is_dir() {
        return Err(InputError::file(&shown, "is a directory", "a log file"));
    }
    // Through the opener: gzip and zstd logs are read decompressed, in `--encoding`.
    let opened = super::source::open(path, opts.encoding)?;
    let mut reader = BufReader::with_capacity(1 << 16, opened.reader);
    let mut summary = InputSummary::empty(KIND, &shown);
    // The SHA-256 is of the bytes as stored: the opener hashes a compressed or transcoded
    // file as it reads it; only a plain file's text is hashed here.
    let stored = opened.stored_hash;
    let mut hasher = stored.is_none().then(Sha256::new);
    let mut buf = Vec::with_capacity(1024);
    let mut fields: Option<W3cFields> = None;
    let mut day_cache = DayCache::default();
    let mut line_no = 0u64;
    let limit = opts.max_record_size;
    let err = |line: u64, column: Option<(String, usize)>, value: &str, reason: &str, expected: String| InputError {
        file: shown.clone(),
        line,
        column,
        value: Some(value.to_string()),
        reason: reason.to_string(),
        expected,
    };
    loop {
        buf.clear();
        let n = (&mut reader)
            .take(limit.saturating_add(2))
            .read_until(b'\n', &mut buf)
            .map_err(|e| super::source::io_error(&shown, line_no, &e))?;
        if n == 0 {
            break;
        }
        if let Some(h) = hasher.as_mut() {
            h.update(&buf);
        }
        line_no += 1;
        let mut body = &buf[..];
        if body.last() == Some(&b'\n') {
            body = &body[..body.len() - 1];
        }
        if body.last() == Some(&b'\r') {
            body = &body[..body.len() - 1];
        }
        if body.len() as u64 > limit {
            return Err(InputError {
                file: shown.clone(),
                line: line_no,
                column: None,
                value: None,
                reason: format!("record longer than {limit} bytes"),
                expected: format!("lines of at most {limit} bytes (raise the limit with --max-record-size, e.g. 4MiB)"),
            });
        }
        let result = match std::str::from_utf8(body) {
            Err(_) => {
                summary.rows += 1;
                Err(InputError {
                    file: shown.clone(),
                    line: line_no,
                    column: None,
                    value: None,
                    reason: "invalid UTF-8".to_string(),
                    expected: "UTF-8 text".to_string(),
                })
            }
            Ok(text) => {
                let text = if line_no == 1 { text.trim_start_matches('\u{feff}') } else { text };
                if text.trim().is_empty() {
                    continue;
                }
                if format == ResponseTimesFormat::W3c && text.starts_with('#') {
                    if let Some(list) = text.strip_prefix("#Fields:") {
                        // A directive that cannot be read stops the read: the entries after it
                        // would be misread.
                        fields = Some(w3c_fields(list, line_no).map_err(|expected| {
                            err(line_no, None, text, "#Fields: directive without the fields needed", expected)
                        })?);
                    }
                    continue;
                }
                summary.rows += 1;
                match format {
                    ResponseTimesFormat::W3c => match &fields {
                        None => Err(err(
                            line_no,
                            None,
                            text,
                            "entry before any #Fields: directive",
                            "a #Fields: directive naming the fields (date time … time-taken) before the first entry"
                                .to_string(),
                        )),
                        Some(f) => w3c_entry(f, text, &mut day_cache, acc).map_err(|(col, value, reason, expected)| {
                            err(line_no, col.map(|i| (f.names[i].clone(), i + 1)), value, reason, expected)
                        }),
                    },
                    _ => combined_entry(format, unit, text, &mut day_cache, acc).map_err(
                        |(col, value, reason, expected)| {
                            err(line_no, col.map(|c| (c.to_string(), 0)), value, reason, expected)
                        },
                    ),
                }
            }
        };
        if let Err(e) = result {
            match opts.on_invalid {
                OnInvalid::Stop => return Err(e),
                OnInvalid::Skip | OnInvalid::Collect => {
                    summary.skipped += 1;
                    *summary.skipped_by_reason.entry(e.reason.clone()).or_default() += 1;
                    if summary.problems.len() < super::MAX_LISTED_PROBLEMS {
                        summary.problems.push(e);
                    }
                }
            }
        }
    }
    summary.sha256 = match stored {
        Some(h) => h.finish(&mut reader).map_err(|e| super::source::io_error(&shown, line_no, &e))?,
        None => super::source::hex(&hasher.unwrap_or_default().finalize()),
    };
    Ok(summary)
}

/// The columns of a `#Fields:` directive, or what it lacks.
fn w3c_fields(list: &str, line: u64) -> Result<W3cFields, String> {
    let names: Vec<String> = list.split_ascii_whitespace().map(str::to_string).collect();
    let find = |name: &str| names.iter().position(|n| n.eq_ignore_ascii_case(name));
    let missing: Vec<&str> = ["date", "time", "time-taken"].into_iter().filter(|n| find(n).is_none()).collect();
    if !missing.is_empty() {
        return Err(format!(
            "a #Fields: directive naming date, time and time-taken (missing: {}; in IIS, tick Date, Time and Time \
             Taken in the log fields)",
            missing.join(", ")
        ));
    }
    let (date, time, taken) = (find("date").unwrap_or(0), find("time").unwrap_or(0), find("time-taken").unwrap_or(0));
    let datacenter = find("x-datacenter").or_else(|| find("datacenter"));
    Ok(W3cFields { names, date, time, taken, datacenter, line })
}

/// A cell error: the column (index or name), the value, the reason, what was expected.
type CellError<'a, C> = (Option<C>, &'a str, &'static str, String);

/// One W3C entry into `acc`.
fn w3c_entry<'a>(
    f: &W3cFields,
    text: &'a str,
    day_cache: &mut DayCache,
    acc: &mut Acc,
) -> Result<(), CellError<'a, usize>> {
    // The fields the audit uses, picked in one pass (no allocation per entry).
    let (mut date, mut time, mut taken, mut dc, mut count) = ("", "", "", None, 0);
    for (i, cell) in text.split_ascii_whitespace().enumerate() {
        match i {
            _ if i == f.date => date = cell,
            _ if i == f.time => time = cell,
            _ if i == f.taken => taken = cell,
            _ if Some(i) == f.datacenter => dc = Some(cell),
            _ => {}
        }
        count += 1;
    }
    if count != f.names.len() {
        return Err((
            None,
            text,
            "wrong number of fields",
            format!("{} fields, as in the #Fields: directive of line {} ({count} here)", f.names.len(), f.line),
        ));
    }
    // `YYYY-MM-DD` and `HH:MM:SS[.fff]`, in UTC: read as the RFC 3339 `…Z` they amount to.
    let mut stamp = [0u8; 20];
    let secs = (date.len() == 10 && time.len() >= 8 && (time.len() == 8 || time.as_bytes()[8] == b'.'))
        .then(|| {
            stamp[..10].copy_from_slice(date.as_bytes());
            stamp[10] = b'T';
            stamp[11..19].copy_from_slice(&time.as_bytes()[..8]);
            stamp[19] = b'Z';
            parse_rfc3339_seconds_cached(&stamp, day_cache)
        })
        .flatten();
    let Some(secs) = secs else {
        let (bad, value) = if super::parse_date(date).is_none() { (f.date, date) } else { (f.time, time) };
        return Err((
            Some(bad),
            value,
            "invalid timestamp",
            "a date YYYY-MM-DD and a time HH:MM:SS in UTC, as IIS writes them".to_string(),
        ));
    };
    if taken == "-" {
        return Err((Some(f.taken), taken, "missing duration", missing_duration(DurationUnit::Ms)));
    }
    let units = parse_duration_in(taken, DurationUnit::Ms)
        .ok_or_else(|| (Some(f.taken), taken, "invalid duration", duration_expected(DurationUnit::Ms)))?;
    let dc = dc.filter(|d| *d != "-");
    if !acc.request(secs, units, dc, 1) {
        return Err((Some(f.date), date, "invalid timestamp", "a date within the calendar's range".to_string()));
    }
    Ok(())
}

/// One nginx or Apache entry into `acc`.
fn combined_entry<'a>(
    format: ResponseTimesFormat,
    unit: DurationUnit,
    text: &'a str,
    day_cache: &mut DayCache,
    acc: &mut Acc,
) -> Result<(), CellError<'a, &'static str>> {
    let Some(entry) = combined(text) else {
        return Err((None, text, "line not in the access-log format understood", combined_expected(format, unit)));
    };
    let field = if format == ResponseTimesFormat::Nginx { "$request_time" } else { "%D" };
    let secs = access_log_seconds(entry.time, day_cache).ok_or_else(|| {
        (
            Some(if format == ResponseTimesFormat::Nginx { "$time_local" } else { "%t" }),
            entry.time,
            "invalid timestamp",
            "a time such as [10/Oct/2026:13:55:36 +0200]".to_string(),
        )
    })?;
    let d = entry.duration;
    if d == "-" {
        return Err((Some(field), d, "missing duration", missing_duration(unit)));
    }
    let units =
        parse_duration_in(d, unit).ok_or_else(|| (Some(field), d, "invalid duration", duration_expected(unit)))?;
    if !acc.request(secs, units, None, 1) {
        return Err((None, entry.time, "invalid timestamp", "a time within the calendar's range".to_string()));
    }
    Ok(())
}

/// `10/Oct/2026:13:55:36 +0200` (nginx's `$time_local`, Apache's `%t`) in epoch seconds: read
/// as the RFC 3339 `2026-10-10T13:55:36+02:00` it amounts to.
fn access_log_seconds(s: &str, day_cache: &mut DayCache) -> Option<i64> {
    const MONTHS: [&[u8; 3]; 12] =
        [b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec"];
    let b = s.as_bytes();
    if b.len() != 26 || b[2] != b'/' || b[6] != b'/' || b[11] != b':' || b[20] != b' ' || !matches!(b[21], b'+' | b'-')
    {
        return None;
    }
    let month = MONTHS.iter().position(|m| m[..] == b[3..6])? + 1;
    let mut out = [0u8; 25];
    out[..4].copy_from_slice(&b[7..11]);
    out[4] = b'-';
    out[5] = b'0' + (month / 10) as u8;
    out[6] = b'0' + (month % 10) as u8;
    out[7] = b'-';
    out[8..10].copy_from_slice(&b[..2]);
    out[10] = b'T';
    out[11..19].copy_from_slice(&b[12..20]);
    out[19] = b[21];
    out[20..22].copy_from_slice(&b[22..24]);
    out[22] = b':';
    out[23..25].copy_from_slice(&b[24..26]);
    parse_rfc3339_seconds_cached(&out, day_cache)
}

/// The note that says how a file was read.
pub fn read_as_note(path: &str, format: ResponseTimesFormat, unit: DurationUnit, detected: bool) -> String {
    let how = match format {
        ResponseTimesFormat::Csv => "CSV".to_string(),
        ResponseTimesFormat::W3c => "an IIS W3C extended log (time-taken in milliseconds, times in UTC)".to_string(),
        ResponseTimesFormat::Nginx => format!("an nginx access log (combined + $request_time in {})", unit.name()),
        ResponseTimesFormat::Apache => format!("an Apache access log (combined + response time in {})", unit.name()),
        ResponseTimesFormat::Newrelic => format!("a New Relic query export (duration in {})", unit.name()),
    };
    let why = if detected { "detected; --response-times-format to choose" } else { "--response-times-format" };
    format!("{path}: read as {how} ({why})")
}

#[cfg(test)]
mod tests {
    use super::super::response_times::{read_as, Month, ResponseTimes};
    use super::*;

    #[test]
    fn detection() {
        let f = |s: &str| detect(s.as_bytes());
        use ResponseTimesFormat::*;
        assert_eq!(f("#Software: Microsoft Internet Information Services 10.0\n"), Detected::Format(W3c));
        assert_eq!(f("\u{feff}#Fields: date time time-taken\n"), Detected::Format(W3c));
        let nginx = "203.0.113.7 - - [10/Oct/2026:13:55:36 +0200] \"GET / HTTP/1.1\" 200 612 \"-\" \"curl/8\" 0.412";
        assert_eq!(f(nginx), Detected::Format(Nginx));
        let apache = "203.0.113.7 - - [10/Oct/2026:13:55:36 +0200] \"GET / HTTP/1.1\" 200 612 \"-\" \"curl/8\" 412000";
        assert_eq!(f(&format!("\n{apache}\n")), Detected::CombinedUnknownUnit(2));
        // A `-` first (a request nginx gave up on) does not decide; the next line does.
        let dash = nginx.replace("0.412", "-");
        assert_eq!(f(&format!("{dash}\n{nginx}\n")), Detected::Format(Nginx));
        assert_eq!(f(&format!("{dash}\n")), Detected::CombinedUnknownUnit(1));
        let plain = nginx.replace(" 0.412", "");
        assert_eq!(f(&plain), Detected::CombinedWithoutTime(1));
        assert_eq!(f("timestamp,duration,appName\n"), Detected::Format(Newrelic));
        assert_eq!(f("Timestamp;Duration;App Name\n"), Detected::Format(Csv));
        assert_eq!(f("timestamp,duration_ms,datacenter\n"), Detected::Format(Csv));
        assert_eq!(f(""), Detected::Format(Csv));
    }

    #[test]
    fn combined_lines() {
        let line = r#"::1 - bob [01/Oct/2026:00:00:01 +0000] "GET /a\"b HTTP/1.1" 200 - "-" "Mozilla/5.0 (X11)" "10.0.0.1" 0.005"#;
        assert_eq!(combined(line), Some(Combined { time: "01/Oct/2026:00:00:01 +0000", duration: "0.005" }));
        // The response time first (a `main` format with $request_time after $remote_user): refused.
        assert_eq!(combined(r#"1.2.3.4 - - 0.2 [01/Oct/2026:00:00:01 +0000] "GET / HTTP/1.1" 200 5 "-" "x""#), None);
        // The combined format without a response time: refused.
        assert_eq!(combined(r#"1.2.3.4 - - [01/Oct/2026:00:00:01 +0000] "GET / HTTP/1.1" 200 5 "-" "x""#), None);
        assert_eq!(combined(r#"1.2.3.4 - - [01/Oct/2026:00:00:01 +0000 "GET"#), None);
        assert_eq!(epoch_millis("1790812800123"), Some(1_790_812_800));
        let mut cache = DayCache::default();
        // 2026-10-10T11:55:36Z.
        assert_eq!(access_log_seconds("10/Oct/2026:13:55:36 +0200", &mut cache), Some(1_791_633_336));
        assert_eq!(access_log_seconds("10/Oct/2026:06:55:36 -0500", &mut cache), Some(1_791_633_336));
        for bad in [
            "10/Okt/2026:13:55:36 +0200",
            "31/Nov/2026:13:55:36 +0200",
            "10/Oct/2026:13:55:36",
            "10/Oct/2026 13:55:36 +0200",
            "10/Oct/2026:24:00:00 +0200",
            "é0/Oct/2026:13:55:36 +0200",
        ] {
            assert_eq!(access_log_seconds(bad, &mut cache), None, "{bad}");
        }
        assert_eq!(epoch_millis("1790812800"), None);
    }

    #[test]
    fn durations_in_every_unit_are_exact() {
        assert_eq!(parse_duration_in("0.412", DurationUnit::S), Some(412_000_000_000));
        assert_eq!(parse_duration_in("0.000000000001", DurationUnit::S), Some(1));
        assert_eq!(parse_duration_in("86400", DurationUnit::S), Some(86_400_000_000_000_000));
        assert_eq!(parse_duration_in("86400.001", DurationUnit::S), None);
        assert_eq!(parse_duration_in("412000", DurationUnit::Us), Some(412_000_000_000));
        assert_eq!(parse_duration_in("1", DurationUnit::Us), Some(1_000_000));
        assert_eq!(parse_duration_in("86400000000", DurationUnit::Us), Some(86_400_000_000_000_000));
        assert_eq!(parse_duration_in("0.0000001", DurationUnit::Us), None);
        for bad in ["", "-", "-1", "1e3", "0,", ".5", "abc"] {
            for unit in [DurationUnit::S, DurationUnit::Ms, DurationUnit::Us] {
                assert_eq!(parse_duration_in(bad, unit), None, "{bad} {unit:?}");
            }
        }
    }

    fn read(content: &str, on_invalid: OnInvalid, rt: &ResponseTimesOptions) -> Result<ResponseTimes, InputError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("paris.log");
        std::fs::write(&path, content).unwrap();
        let opts = ReadOptions { zone: chrono_tz::Europe::Paris, on_invalid, ..Default::default() };
        read_as(&crate::ingest::Files::one(path.clone()), &opts, chrono_tz::Europe::Paris, rt)
    }

    fn mean(rt: &ResponseTimes, month: &str, dc: &str) -> (Option<f64>, u64) {
        let s = &rt.groups[&(Month::parse(month).unwrap(), dc.to_string())];
        (s.mean_ms(), s.count)
    }

    #[test]
    fn w3c_blocks_fields_and_data_centres() {
        let dflt = ResponseTimesOptions::default();
        // A second block adds `x-datacenter`; times with fractions of a second.
        let log = "#Version: 1.0\n#Fields: date time time-taken\n2026-10-02 10:00:00 100\n\
                   #Fields: time date x-datacenter time-taken sc-status\n10:00:00.250 2026-10-03 lyon 301 200\n\
                   10:00:01 2026-10-03 - 0 200\n";
        let rt = read(log, OnInvalid::Stop, &dflt).unwrap();
        assert_eq!(mean(&rt, "2026-10", "all"), (Some(50.0), 2)); // (100 + 0) / 2
        assert_eq!(mean(&rt, "2026-10", "lyon"), (Some(301.0), 1));
        assert_eq!(rt.summary.rows, 3);
        // `{file}`: rows without a data centre take the file's name.
        let by_file = ResponseTimesOptions { datacenter: Some("{file}".into()), ..Default::default() };
        let rt = read(log, OnInvalid::Stop, &by_file).unwrap();
        assert_eq!(mean(&rt, "2026-10", "paris"), (Some(50.0), 2));

        let e = read("#Software: IIS\n2026-10-02 10:00:00 100\n", OnInvalid::Stop, &dflt).unwrap_err();
        assert_eq!((e.line, e.reason.as_str()), (2, "entry before any #Fields: directive"));
        let e = read("#Fields: date time time-taken\n2026-10-02 10:00:00 100 5\n", OnInvalid::Stop, &dflt).unwrap_err();
        assert_eq!((e.line, e.reason.as_str()), (2, "wrong number of fields"));
        assert!(e.expected.contains("3 fields, as in the #Fields: directive of line 1"), "{e}");
        let e = read("#Fields: date time time-taken\n2026-10-02 25:00:00 100\n", OnInvalid::Stop, &dflt).unwrap_err();
        assert_eq!(e.column, Some(("time".to_string(), 2)));
        assert_eq!(e.value.as_deref(), Some("25:00:00"));
        let e = read("#Fields: date time time-taken\n2026-10-02 10:00:00 -12\n", OnInvalid::Stop, &dflt).unwrap_err();
        assert_eq!((e.reason.as_str(), e.value.as_deref()), ("invalid duration", Some("-12")));
        // A directive without time-taken stops the read even when rows are skipped.
        let e = read("#Fields: date time sc-status\n2026-10-02 10:00:00 200\n", OnInvalid::Collect, &dflt).unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.expected.contains("missing: time-taken"), "{e}");
        // With --skip-invalid a row without a duration is counted, never a zero.
        let rt = read(
            "#Fields: date time time-taken\n2026-10-02 10:00:00 -\n2026-10-02 10:00:00 90\n",
            OnInvalid::Collect,
            &dflt,
        )
        .unwrap();
        assert_eq!(mean(&rt, "2026-10", "all"), (Some(90.0), 1));
        assert_eq!((rt.summary.rows, rt.summary.skipped), (2, 1));
        assert_eq!(rt.summary.skipped_by_reason.get("missing duration"), Some(&1));
    }

    #[test]
    fn units_and_new_relic_rows() {
        let line =
            |t: &str| format!("1.2.3.4 - - [02/Oct/2026:10:00:00 +0200] \"GET / HTTP/1.1\" 200 5 \"-\" \"x\" {t}\n");
        // Apache %T (seconds) and %{ms}T, chosen with --duration-unit.
        for (unit, value) in [(DurationUnit::S, "2"), (DurationUnit::Ms, "2000"), (DurationUnit::Us, "2000000")] {
            let rt = ResponseTimesOptions { unit: Some(unit), ..Default::default() };
            let got = read(&line(value), OnInvalid::Stop, &rt).unwrap();
            assert_eq!(mean(&got, "2026-10", "all"), (Some(2000.0), 1), "{unit:?}");
        }
        // nginx with 3 decimals of a second; and a log of one format read as another is refused.
        let rt = read(&line("0.0015"), OnInvalid::Stop, &ResponseTimesOptions::default()).unwrap();
        assert_eq!(mean(&rt, "2026-10", "all"), (Some(1.5), 1));
        let w3c = ResponseTimesOptions { format: Some(ResponseTimesFormat::W3c), ..Default::default() };
        let e = read(&line("0.2"), OnInvalid::Stop, &w3c).unwrap_err();
        assert_eq!(e.reason, "entry before any #Fields: directive");
        let e = read(&line("0.2").replace("+0200", "CEST"), OnInvalid::Stop, &Default::default()).unwrap_err();
        assert_eq!((e.reason.as_str(), e.column.map(|c| c.0)), ("invalid timestamp", Some("$time_local".into())));

        let nr = "timestamp,duration,appName,datacenter\n1790834400000,0.25,rh,paris\n1790834400000,,rh,paris\n";
        let e = read(nr, OnInvalid::Stop, &Default::default()).unwrap_err();
        assert_eq!((e.line, e.reason.as_str(), e.column), (3, "missing duration", Some(("duration".to_string(), 2))));
        let ms = ResponseTimesOptions { unit: Some(DurationUnit::Ms), ..Default::default() };
        let rt = read(&nr.replace(",,", ",250,"), OnInvalid::Stop, &ms).unwrap();
        assert_eq!(mean(&rt, "2026-10", "paris"), (Some(125.125), 2)); // (0.25 + 250) / 2
                                                                       // CSV keeps its milliseconds; `--datacenter` names the rows without one.
        let csv = "timestamp,duration_ms\n2026-10-02T10:00:00Z,5\n";
        let s = ResponseTimesOptions { unit: Some(DurationUnit::S), ..Default::default() };
        let e = read(csv, OnInvalid::Stop, &s).unwrap_err();
        assert_eq!(e.reason, "--duration-unit s does not apply to the csv format");
        let lyon = ResponseTimesOptions { datacenter: Some("lyon".into()), ..Default::default() };
        let rt = read(csv, OnInvalid::Stop, &lyon).unwrap();
        assert_eq!(mean(&rt, "2026-10", "lyon"), (Some(5.0), 1));
    }
}
