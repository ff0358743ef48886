//! Input readers. One CSV core (this file) gives every input kind the same behaviour: the
//! byte-order mark, delimiter detection, header aliases (and a note for a header cell that
//! looks like a misspelt column), `file:line:column` errors with one line rule (CR, LF and
//! CRLF each end a line), the record limits of [`scan`] (length, quotes left open, line
//! breaks only in free-text columns), `--skip-invalid` counting and its bound, and a SHA-256
//! of the bytes read. Each input kind has its own module that turns rows into typed events,
//! and folds them into what the checks read, as it stood at `--as-of` (`BackupLog`,
//! `PurgeLog`, `DowntimeLog`, `MetricSet`, `AlertLog`, `VisitLog`, `ProbeLog`,
//! `ResponseTimes`): [`cut`] leaves out the rows after as-of and the rows of other
//! environments, and words their notes, once for every input. Readers stream: a row is
//! handed to the caller and dropped.

pub mod alerts;
pub mod backups;
pub(crate) mod chunked;
pub(crate) mod claims;
pub(crate) mod cut;
pub mod downtime;
pub(crate) mod field_history;
pub(crate) mod ids;
pub mod inputs;
pub mod metrics;
pub(crate) mod period;
pub(crate) mod probes;
pub mod purges;
pub mod response_times;
pub(crate) mod scan;
pub(crate) mod source;
pub mod ticket_source;
pub mod tickets;
pub(crate) mod timestamp;
pub mod visits;
pub(crate) mod waivers;
pub(crate) mod weblogs;

use std::cell::Cell;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::InputError;
use scan::{RecordInfo, ScanError, Scanner};
use source::StoredHash;
pub use source::{Encoding, Files};
pub use timestamp::{fraction, parse_date, parse_timestamp, parse_timestamp_cached, TimestampError, ZoneCache};

/// How bad rows are handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnInvalid {
    /// Stop at the first bad row (the default: no partial verdict).
    #[default]
    Stop,
    /// Skip bad rows and count them per reason (`--skip-invalid`).
    Skip,
    /// Skip and keep the first problems to list them (`livret check`).
    Collect,
}

/// Settings shared by every reader.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Forced delimiter; `None` detects it from the header line.
    pub delimiter: Option<u8>,
    /// Zone in which naive timestamps are read.
    pub zone: Tz,
    /// What to do with a bad row.
    pub on_invalid: OnInvalid,
    /// How many rows of a file `--skip-invalid` may skip (`--max-invalid`).
    pub max_invalid: MaxInvalid,
    /// Longest record read, in bytes (`--max-record-size`): a longer one stops the read.
    pub max_record_size: u64,
    /// Whether a header cell close to a known column name is an error (`--strict-columns`)
    /// rather than a note.
    pub strict_columns: bool,
    /// The inputs' text encoding (`--encoding`).
    pub encoding: Encoding,
}

impl Default for ReadOptions {
    /// Detected delimiter, UTC, stop at the first bad row, the default bounds.
    fn default() -> Self {
        ReadOptions {
            delimiter: None,
            zone: chrono_tz::UTC,
            on_invalid: OnInvalid::Stop,
            max_invalid: MaxInvalid::default(),
            max_record_size: DEFAULT_MAX_RECORD_SIZE,
            strict_columns: false,
            encoding: Encoding::Utf8,
        }
    }
}

/// Longest record read by default: 1 MiB. Exports hold rows of a few hundred bytes; a
/// longer record is a file that is not what it claims (or `/dev/zero`), and memory must stay
/// bounded whatever the input.
pub const DEFAULT_MAX_RECORD_SIZE: u64 = 1 << 20;

/// The bound on skipped rows of one file (`--max-invalid N` or `N%`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MaxInvalid {
    /// At most this many rows.
    Rows(u64),
    /// At most this share of the file's rows, in percent.
    Percent(f64),
}

impl Default for MaxInvalid {
    /// 1 % of the rows.
    fn default() -> Self {
        MaxInvalid::Percent(1.0)
    }
}

impl MaxInvalid {
    /// Parses `N` (rows) or `N%` (a share, 0–100, decimals allowed).
    pub fn parse(s: &str) -> Option<MaxInvalid> {
        let s = s.trim();
        match s.strip_suffix('%') {
            Some(p) => {
                let p = parse_number(p.trim())?;
                (0.0..=100.0).contains(&p).then_some(MaxInvalid::Percent(p))
            }
            None => s.parse().ok().map(MaxInvalid::Rows),
        }
    }

    /// Whether `skipped` of `rows` is over the bound.
    pub fn exceeded(self, skipped: u64, rows: u64) -> bool {
        match self {
            MaxInvalid::Rows(n) => skipped > n,
            // skipped / rows > p / 100, without rounding the share.
            MaxInvalid::Percent(p) => skipped as f64 * 100.0 > p * rows as f64,
        }
    }
}

impl std::fmt::Display for MaxInvalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MaxInvalid::Rows(1) => write!(f, "1 row"),
            MaxInvalid::Rows(n) => write!(f, "{n} rows"),
            MaxInvalid::Percent(p) => write!(f, "{p} %"),
        }
    }
}

/// Parses a size in bytes: digits with an optional unit, `B`, `KiB`/`K`, `MiB`/`M`, `GiB`/`G`
/// (powers of 1024) or `kB`, `MB`, `GB` (powers of 1000), any case, e.g. `4MiB`, `512k`.
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, unit) = s.split_at(split);
    let n: u64 = digits.parse().ok()?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        _ => return None,
    };
    n.checked_mul(factor)
}

/// The error that ends a read whose file skipped too many rows with `--skip-invalid`: over
/// `bound`, or every row (a file of which no row was read is no evidence of compliance,
/// whatever the bound). `None` when the summary is within bounds or nothing was skipped.
pub fn too_many_skipped(summary: &InputSummary, bound: MaxInvalid) -> Option<InputError> {
    let (skipped, rows) = (summary.skipped, summary.rows);
    let all = rows > 0 && skipped >= rows;
    if skipped == 0 || !(all || bound.exceeded(skipped, rows)) {
        return None;
    }
    let share = if rows == 0 { 100.0 } else { skipped as f64 * 100.0 / rows as f64 };
    // The first problem in file order, or the most frequent reason when none was kept.
    let first = match summary.problems.first() {
        Some(p) => p.to_string(),
        None => summary
            .skipped_by_reason
            .iter()
            .max_by_key(|(_, n)| **n)
            .map_or_else(String::new, |(r, n)| format!("{n} × {r}")),
    };
    let (reason, expected) = if all {
        (
            format!("all {rows} rows skipped as invalid (--skip-invalid); the first: {first}"),
            "at least one valid row: a file none of whose rows was read is no evidence of compliance".to_string(),
        )
    } else {
        (
            format!("{skipped} of {rows} rows skipped as invalid ({share:.1} %), over --max-invalid {bound}; the first: {first}"),
            format!("at most {bound} of the rows invalid (fix the rows, or raise the bound with --max-invalid N or N%)"),
        )
    };
    Some(InputError::file(&summary.path, &reason, expected))
}

/// One expected column of an input kind.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    /// Canonical name.
    pub name: &'static str,
    /// Other accepted names (French, English, Swedish).
    pub aliases: &'static [&'static str],
    /// Whether the file must have it.
    pub required: bool,
}

/// What one input file held, for the report's `inputs` list.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct InputSummary {
    /// Input kind (`tickets`, `downtime`, ...).
    pub kind: String,
    /// The path as given.
    pub path: String,
    /// Data rows read (header excluded), skipped ones included.
    pub rows: u64,
    /// Rows skipped with `--skip-invalid`.
    pub skipped: u64,
    /// Skipped rows per reason.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub skipped_by_reason: BTreeMap<String, u64>,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// The earliest instant of the rows the audit uses (each input's own: a backup's
    /// `taken_at`, a ticket row's `timestamp`, …), in the profile's zone; `null` without rows.
    pub first: Option<String>,
    /// The latest such instant: where the evidence stops.
    pub last: Option<String>,
    /// The same two instants, typed, for the coverage notes.
    #[serde(skip)]
    pub span: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// First problems found (with `--skip-invalid` and in `livret check`).
    #[serde(skip)]
    pub problems: Vec<InputError>,
    /// What the report's notes should say of this file (a header cell that looks like a
    /// misspelt column, ignored).
    #[serde(skip)]
    pub notes: Vec<String>,
    /// The files of an input read from several (in reading order); empty for one file, which
    /// the fields above describe. Then `path` is the input's name (the glob pattern, the
    /// `--dir` prefix), `rows` and `skipped` the totals, and `sha256` the SHA-256 of the
    /// `sha256sum`-style list of the files (`HASH  PATH` and a line feed per file, in order).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FileSummary>,
    /// The earliest and latest instants read in the rows' timestamps (Unix seconds), for the
    /// span of each file of a several-file input.
    #[serde(skip)]
    pub rows_span: Option<(i64, i64)>,
}

/// One file of an input read from several.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FileSummary {
    /// The path as found (a glob's match, a `--dir` file).
    pub path: String,
    /// Data rows read (header excluded), skipped ones included.
    pub rows: u64,
    /// Rows skipped with `--skip-invalid`.
    pub skipped: u64,
    /// SHA-256 of the file's bytes as stored (compressed, for a compressed file).
    pub sha256: String,
    /// The earliest timestamp read in the file's rows, in the profile's zone.
    pub first: Option<String>,
    /// The latest one.
    pub last: Option<String>,
    #[serde(skip)]
    span: Option<(i64, i64)>,
}

/// Joins the summaries of the files of one input, in reading order, into the input's (one
/// file's summary is returned as it is). `label` names the input as a whole.
pub fn combine(label: String, parts: Vec<InputSummary>) -> InputSummary {
    let mut parts = parts.into_iter();
    let Some(mut all) = parts.next() else {
        return InputSummary { path: label, ..InputSummary::empty("", "") };
    };
    let rest: Vec<InputSummary> = parts.collect();
    if rest.is_empty() {
        return all;
    }
    let file = |s: &InputSummary| FileSummary {
        path: s.path.clone(),
        rows: s.rows,
        skipped: s.skipped,
        sha256: s.sha256.clone(),
        first: None,
        last: None,
        span: s.rows_span,
    };
    all.files.push(file(&all));
    for s in rest {
        all.files.push(file(&s));
        all.rows += s.rows;
        all.skipped += s.skipped;
        for (reason, n) in s.skipped_by_reason {
            *all.skipped_by_reason.entry(reason).or_default() += n;
        }
        for p in s.problems {
            if all.problems.len() < MAX_LISTED_PROBLEMS {
                all.problems.push(p);
            }
        }
        all.notes.extend(s.notes);
        if let Some((a, b)) = s.rows_span {
            all.rows_span = Some(all.rows_span.map_or((a, b), |(x, y)| (x.min(a), y.max(b))));
        }
        if let Some((a, b)) = s.span {
            widen(&mut all.span, a);
            widen(&mut all.span, b);
        }
    }
    let manifest: String = all.files.iter().map(|f| format!("{}  {}\n", f.sha256, f.path)).collect();
    all.sha256 = source::hex(&Sha256::digest(manifest.as_bytes()));
    all.path = label;
    all
}

impl InputSummary {
    /// Widens the span of the rows to take in `t`.
    pub fn saw(&mut self, t: DateTime<Utc>) {
        widen(&mut self.span, t);
    }

    /// Writes the span's ends as local times of `zone`, for the report.
    pub fn show_span(&mut self, zone: Tz) {
        let f = |t: DateTime<Utc>| t.with_timezone(&zone).to_rfc3339();
        self.first = self.span.map(|(a, _)| f(a));
        self.last = self.span.map(|(_, b)| f(b));
        let g = |s: i64| DateTime::from_timestamp(s, 0).map(f);
        for file in &mut self.files {
            file.first = file.span.and_then(|(a, _)| g(a));
            file.last = file.span.and_then(|(_, b)| g(b));
        }
    }

    /// A summary of an input of `kind` at `path` with nothing read yet.
    pub fn empty(kind: &str, path: &str) -> InputSummary {
        InputSummary {
            kind: kind.to_string(),
            path: path.to_string(),
            rows: 0,
            skipped: 0,
            skipped_by_reason: BTreeMap::new(),
            sha256: String::new(),
            first: None,
            last: None,
            span: None,
            problems: Vec::new(),
            notes: Vec::new(),
            files: Vec::new(),
            rows_span: None,
        }
    }
}

/// Widens a span of Unix seconds to take in `[a, b]`.
#[inline]
fn widen_secs(span: &Cell<Option<(i64, i64)>>, a: i64, b: i64) {
    span.set(Some(match span.get() {
        None => (a, b),
        Some((x, y)) => (x.min(a), y.max(b)),
    }));
}

/// Widens `span` (first, last) to take in `t`. (Inlined: the ticket fold calls it on every row,
/// and a call each was 8 % of the folding thread's time on rows sorted by time.)
#[inline]
pub fn widen(span: &mut Option<(DateTime<Utc>, DateTime<Utc>)>, t: DateTime<Utc>) {
    match span {
        Some((a, b)) => {
            if t < *a {
                *a = t;
            } else if t > *b {
                *b = t;
            }
        }
        None => *span = Some((t, t)),
    }
}

/// How many problems `livret check` lists per file.
pub const MAX_LISTED_PROBLEMS: usize = 20;

/// Folds a header name or a vocabulary word for matching: lower case, accents removed,
/// `_`, `-` and runs of spaces between words made one space, white space trimmed. Signs and
/// separators before the first or after the last word are kept as they are, so that `-1` is
/// not `1` and `__closed__` is not `closed`: folding never invents a match.
pub fn fold(s: &str) -> String {
    let s = s.trim().trim_start_matches('\u{feff}').trim();
    let separator = |c: char| matches!(c, '_' | '-' | ' ' | '\t');
    let inner = s.trim_matches(separator);
    // `inner` is a slice of `s`: what lies before and after it is kept verbatim.
    let i = inner.as_ptr() as usize - s.as_ptr() as usize;
    let (lead, trail) = if inner.is_empty() { (s, "") } else { (&s[..i], &s[i + inner.len()..]) };
    let mut out = String::with_capacity(s.len());
    out.push_str(lead);
    let mut space = false;
    for c in inner.chars() {
        let c = match c {
            '_' | '-' | ' ' | '\t' => {
                space = true;
                continue;
            }
            'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Ä' | 'Á' | 'å' | 'Å' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'î' | 'ï' | 'Î' | 'Ï' => 'i',
            'ô' | 'ö' | 'Ô' | 'Ö' => 'o',
            'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            '’' => '\'',
            c => c,
        };
        if space {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out.push_str(trail);
    out
}

/// Names of production environments (folded).
pub const PRODUCTION_NAMES: &[&str] = &["production", "prod", "prd", "live"];

/// Whether an `environment` cell names production (`production`, `prod`, `prd`, `live`, any
/// case). SPEC §2.2–§2.3: only production counts; every other name (recette, staging,
/// pre-prod, …) is another environment, whose rows are left out and counted in a note.
pub fn is_production(value: &str) -> bool {
    PRODUCTION_NAMES.contains(&fold(value).as_str())
}

/// Detects the delimiter from the header line: the most frequent of `,`, `;` and tab outside
/// quotes (`,` when none occurs).
pub fn detect_delimiter(header: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &c in header {
        match c {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        [b',', b';', b'\t'][best]
    }
}

/// A reader that hashes every byte it hands on and scans it for records ([`scan`]): their
/// lines, the quoted fields that hold line breaks, and the record length and open-quote
/// limits, which stop the read (an I/O error for the csv parser; `fatal` says which).
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    /// Whether the bytes read are hashed (not when they are not the stored ones).
    hash: bool,
    scan: Scanner,
    /// What the scanner found of the records the parser has not returned yet.
    records: std::collections::VecDeque<RecordInfo>,
    fatal: Option<ScanError>,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let refused = || std::io::Error::new(std::io::ErrorKind::InvalidData, "input refused by the scanner");
        if self.fatal.is_some() {
            return Err(refused());
        }
        let n = self.inner.read(buf)?;
        if self.hash {
            self.hasher.update(&buf[..n]);
        }
        let records = &mut self.records;
        let scanned = match n {
            0 => self.scan.finish(&mut |r| records.push_back(r)),
            _ => self.scan.scan(&buf[..n], &mut |r| records.push_back(r)),
        };
        match scanned {
            Ok(()) => Ok(n),
            Err(e) => {
                self.fatal = Some(e);
                Err(refused())
            }
        }
    }
}

/// What is known of an open input's header.
struct Meta {
    kind: &'static str,
    path: String,
    headers: Vec<String>,
    /// For each spec, the index of the file column that holds it.
    columns: Vec<Option<usize>>,
    specs: &'static [ColumnSpec],
    on_invalid: OnInvalid,
    /// The field delimiter.
    delimiter: u8,
    /// Byte offset where the data rows start (after the header record).
    data_start: u64,
    /// Longest record read (`--max-record-size`).
    max_record_size: u64,
    /// Notes on the header, for the summary.
    notes: Vec<String>,
    /// The text encoding (`--encoding`), to open the file again.
    encoding: Encoding,
}

/// Columns whose values are free text and may hold line breaks (in a quoted field); no
/// other column's value ever spans lines, but for a field history's value ([`free_text`]).
pub const FREE_TEXT_COLUMNS: &[&str] = &["subject", "description"];

/// Whether column `name` of an input of `kind` may hold line breaks: a free-text column, or
/// the value of a ticket field history, which holds every field's values (a description, a
/// subject, a comment field as well as the status).
fn free_text(kind: &str, name: &str) -> bool {
    FREE_TEXT_COLUMNS.contains(&name) || (kind == "tickets" && name == "value")
}

impl Meta {
    /// The error for a record whose quoted field holds line breaks where none may be: lines
    /// inside it that look like rows (a stray quote swallowed them), or a column that is not
    /// free text ([`FREE_TEXT_COLUMNS`]; columns the reader ignores may hold them). Named on
    /// the line where the quote opened.
    fn line_break_error(&self, info: &RecordInfo) -> Option<InputError> {
        let b = info.line_break?;
        let column = Some((self.headers.get(b.field).cloned().unwrap_or_default(), b.field + 1));
        let error = |reason: &str, expected: String| InputError {
            file: self.path.clone(),
            line: b.quote_line,
            column: column.clone(),
            value: None,
            reason: reason.to_string(),
            expected,
        };
        if b.rowlike {
            return Some(error(
                "quoted field runs over lines that look like rows",
                format!(
                    "a closing quote on the line where the quote opened (it runs over the next {} lines, read as \
                     this one field instead of rows)",
                    info.end_line - b.quote_line
                ),
            ));
        }
        let spec = self.columns.iter().position(|c| *c == Some(b.field)).and_then(|j| self.specs.get(j))?;
        if free_text(self.kind, spec.name) {
            return None;
        }
        Some(error(
            "line break inside a quoted field",
            format!(
                "a closing quote on the line where the quote opened (the {} column's values never span lines; \
                 only free-text columns such as {} may, and a field history's value)",
                spec.name,
                FREE_TEXT_COLUMNS.join(" and ")
            ),
        ))
    }

    /// A summary of this input with nothing read yet.
    fn empty_summary(&self) -> InputSummary {
        InputSummary { notes: self.notes.clone(), ..InputSummary::empty(self.kind, &self.path) }
    }

    /// Spec column `col` as the file's header names it (header cell, 1-based position), if the
    /// file has it.
    fn column(&self, col: usize) -> Option<(String, usize)> {
        let i = self.columns.get(col).copied().flatten()?;
        Some((self.headers.get(i).cloned().unwrap_or_default(), i + 1))
    }

    /// An error on spec column `col` of the row at `line`, naming the column as the file's
    /// header does (or the spec's name when the file lacks it).
    fn cell_error(&self, col: usize, line: u64, value: &str, reason: &str, expected: &str) -> InputError {
        let column = self.column(col).or_else(|| self.specs.get(col).map(|s| (s.name.to_string(), 0)));
        InputError {
            file: self.path.clone(),
            line,
            column,
            value: Some(value.to_string()),
            reason: reason.to_string(),
            expected: expected.to_string(),
        }
    }
}

/// An open CSV input with its columns resolved: its first file open, the others (an input
/// of several files) opened in turn as the rows are read.
pub struct CsvInput {
    meta: Meta,
    reader: csv::Reader<Hashing<BufReader<Box<dyn Read + Send>>>>,
    /// The SHA-256 of the stored bytes, when the text read is not them.
    stored: Option<StoredHash>,
    /// The files after the first, how to read them, and the input's name.
    more: More,
}

/// What an input of several files needs to open the next ones.
struct More {
    rest: Vec<PathBuf>,
    opts: ReadOptions,
    label: String,
}

/// One data row, with what is needed to report an error on it.
pub struct Row<'a> {
    input: &'a Meta,
    record: &'a csv::StringRecord,
    /// 1-based physical line where the row starts.
    pub line: u64,
    /// The span of the file's timestamps read so far.
    span: &'a Cell<Option<(i64, i64)>>,
}

impl CsvInput {
    /// Opens `files` (a path, or the files of an input read from several) as an input of
    /// `kind` with the given columns. The first file is opened here, each other one when its
    /// turn comes, with its own header (its columns are found by name as the first's are).
    pub fn open(
        kind: &'static str,
        files: impl Into<Files>,
        specs: &'static [ColumnSpec],
        opts: &ReadOptions,
    ) -> Result<Self, InputError> {
        let files = files.into();
        let label = files.label();
        let mut paths = files.paths.into_iter();
        let first = paths.next().unwrap_or_default();
        let more = More { rest: paths.collect(), opts: opts.clone(), label };
        Self::open_file(kind, &first, specs, opts, more)
    }

    /// The next file of a several-file input.
    fn open_next(
        kind: &'static str,
        path: &Path,
        specs: &'static [ColumnSpec],
        opts: &ReadOptions,
    ) -> Result<Self, InputError> {
        let more = More { rest: Vec::new(), opts: opts.clone(), label: path.display().to_string() };
        Self::open_file(kind, path, specs, opts, more)
    }

    /// Opens one file.
    fn open_file(
        kind: &'static str,
        path: &Path,
        specs: &'static [ColumnSpec],
        opts: &ReadOptions,
        more: More,
    ) -> Result<Self, InputError> {
        let shown = path.display().to_string();
        let io_err = |e: std::io::Error| source::io_error(&shown, 0, &e);
        if path.is_dir() {
            return Err(InputError::file(&shown, "is a directory", "a CSV file"));
        }
        // The file is opened once (it may be a pipe): the delimiter is detected from the
        // buffered start of the stream, which the CSV reader then reads again.
        let opened = source::open(path, opts.encoding)?;
        let stored = opened.stored_hash;
        let inner = BufReader::with_capacity(1 << 16, opened.reader);
        let mut buffered = Hashing {
            inner,
            hash: stored.is_none(),
            hasher: Sha256::new(),
            scan: Scanner::new(b',', opts.max_record_size, 1, 0),
            records: Default::default(),
            fatal: None,
        };
        let head = buffered.inner.fill_buf().map_err(io_err)?;
        let first = head.split(|&c| c == b'\n' || c == b'\r').next().unwrap_or(head);
        let delimiter = opts.delimiter.unwrap_or_else(|| detect_delimiter(first));
        // Nothing went through the scanner yet: the peek above read the file's buffer directly.
        buffered.scan = Scanner::new(delimiter, opts.max_record_size, 1, 0);
        // Fields are trimmed when read (`Row::get`): the same as csv's `Trim::All` (ASCII white
        // space is Unicode white space), without a pass over every field.
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(false).from_reader(buffered);
        let headers: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|s| s.trim_start_matches('\u{feff}').trim().to_string()).collect(),
            Err(e) => {
                return Err(match reader.get_mut().fatal.take() {
                    Some(fatal) => scan_error(&shown, fatal, opts.max_record_size, &[]),
                    None if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) => {
                        let bytes = reader.byte_headers().ok().map(|h| joined(h, delimiter));
                        utf8_error(&shown, 1, bytes.as_deref())
                    }
                    None => csv_error(&shown, e, 1),
                })
            }
        };
        // The header's own record.
        reader.get_mut().records.pop_front();
        if headers.iter().all(String::is_empty) {
            return Err(InputError::file(
                &shown,
                "empty file",
                format!("a header row naming the columns of a {kind} file"),
            ));
        }
        let folded: Vec<String> = headers.iter().map(|h| fold(h)).collect();
        let mut columns = Vec::with_capacity(specs.len());
        let mut missing = Vec::new();
        for spec in specs {
            let found = std::iter::once(spec.name)
                .chain(spec.aliases.iter().copied())
                .find_map(|name| folded.iter().position(|h| *h == fold(name)));
            if found.is_none() && spec.required {
                let names: Vec<&str> = std::iter::once(spec.name).chain(spec.aliases.iter().copied()).collect();
                missing.push(format!("`{}` (or {})", spec.name, names[1..].join(", ")));
            }
            columns.push(found);
        }
        if !missing.is_empty() {
            // A header cell that looks like a missing column is named: the likely fix.
            let hints: Vec<String> = (0..headers.len())
                .filter(|i| !columns.contains(&Some(*i)))
                .filter_map(|i| {
                    let name = close_column(&folded[i], specs, &columns)?;
                    let required = specs.iter().any(|s| s.name == name && s.required);
                    let cell = crate::error::excerpt(&crate::error::visible(&headers[i])).into_owned();
                    required.then(|| format!("; column {} `{cell}` looks like `{name}`", i + 1))
                })
                .collect();
            return Err(InputError {
                file: shown,
                line: 1,
                column: None,
                value: Some(headers.join(&(delimiter as char).to_string())),
                reason: "missing required column".to_string(),
                expected: format!("a header with the column {}{}", missing.join(" and "), hints.concat()),
            });
        }
        let mut notes = Vec::new();
        for (i, cell) in headers.iter().enumerate() {
            if columns.contains(&Some(i)) || cell.is_empty() {
                continue;
            }
            let Some(name) = close_column(&folded[i], specs, &columns) else { continue };
            if opts.strict_columns {
                return Err(InputError {
                    file: shown,
                    line: 1,
                    column: Some((cell.clone(), i + 1)),
                    value: Some(cell.clone()),
                    reason: "unknown column close to a known one".to_string(),
                    expected: format!("`{name}` (--strict-columns refuses a header cell that looks misspelt)"),
                });
            }
            let cell = crate::error::excerpt(&crate::error::visible(cell)).into_owned();
            notes.push(format!("{shown}: column `{cell}` ignored — did you mean `{name}`?"));
        }
        let data_start = reader.position().byte();
        let meta = Meta {
            kind,
            path: shown,
            headers,
            columns,
            specs,
            on_invalid: opts.on_invalid,
            delimiter,
            data_start,
            max_record_size: opts.max_record_size,
            notes,
            encoding: opts.encoding,
        };
        Ok(CsvInput { meta, reader, stored, more })
    }

    /// Whether the file has the column of spec `col`.
    pub fn has(&self, col: usize) -> bool {
        self.meta.columns.get(col).copied().flatten().is_some()
    }

    /// The column of spec `col` as an error names it (its header cell, 1-based position), if
    /// the file has it.
    pub fn column(&self, col: usize) -> Option<(String, usize)> {
        self.meta.column(col)
    }

    /// The path as given.
    pub fn path(&self) -> &str {
        &self.meta.path
    }

    /// Hands every row to `f`; a row that `f` rejects stops the read, or is skipped and counted
    /// per the `on_invalid` policy. Returns the input's summary (see [`combine`] for an input
    /// of several files).
    pub fn for_each_row(
        mut self,
        mut f: impl FnMut(&Row) -> Result<(), InputError>,
    ) -> Result<InputSummary, InputError> {
        let (kind, specs) = (self.meta.kind, self.meta.specs);
        let More { rest, opts, label } = self.take_more();
        let mut parts = vec![self.file_rows(&mut f)?];
        for path in rest {
            parts.push(CsvInput::open_next(kind, &path, specs, &opts)?.file_rows(&mut f)?);
        }
        Ok(combine(label, parts))
    }

    /// The files after the first, taken out (to read them in turn).
    fn take_more(&mut self) -> More {
        std::mem::replace(&mut self.more, More { rest: Vec::new(), opts: ReadOptions::default(), label: String::new() })
    }

    /// [`CsvInput::for_each_row`] on this input's first file only.
    fn file_rows(self, f: &mut impl FnMut(&Row) -> Result<(), InputError>) -> Result<InputSummary, InputError> {
        let CsvInput { meta, mut reader, stored, more: _ } = self;
        let mut summary = meta.empty_summary();
        let mut bytes = csv::ByteRecord::new();
        let span = Cell::new(None);
        // The scanner saw every record the parser returns, in the same order.
        let mut last = RecordInfo::default();
        loop {
            let result = match reader.read_byte_record(&mut bytes) {
                Ok(false) => break,
                Ok(true) => {
                    summary.rows += 1;
                    last = reader.get_mut().records.pop_front().unwrap_or(last);
                    if let Some(e) = meta.line_break_error(&last) {
                        return Err(e);
                    }
                    // The record's text, checked once (no copy): `bytes` is given back after.
                    match csv::StringRecord::from_byte_record(std::mem::take(&mut bytes)) {
                        Ok(record) => {
                            let row = Row { input: &meta, record: &record, line: last.line, span: &span };
                            let r = f(&row);
                            bytes = record.into_byte_record();
                            r
                        }
                        Err(e) => {
                            bytes = e.into_byte_record();
                            // A record-level error names the line where the record ends.
                            Err(utf8_error(&meta.path, last.end_line, Some(&joined(&bytes, meta.delimiter))))
                        }
                    }
                }
                Err(e) => {
                    if let Some(fatal) = reader.get_mut().fatal.take() {
                        return Err(scan_error(&meta.path, fatal, meta.max_record_size, &meta.headers));
                    }
                    if let csv::ErrorKind::Io(io) = e.kind() {
                        return Err(source::io_error(&meta.path, last.end_line, io));
                    }
                    last = reader.get_mut().records.pop_front().unwrap_or(last);
                    if let Some(e) = meta.line_break_error(&last) {
                        return Err(e);
                    }
                    summary.rows += 1;
                    // A record-level error names the line where the record ends.
                    Err(csv_error(&meta.path, e, last.end_line))
                }
            };
            if let Err(e) = result {
                match meta.on_invalid {
                    OnInvalid::Stop => return Err(e),
                    OnInvalid::Skip | OnInvalid::Collect => {
                        summary.skipped += 1;
                        *summary.skipped_by_reason.entry(e.reason.clone()).or_default() += 1;
                        // Kept when skipping too: the first names what went wrong when the
                        // file skipped too many (`too_many_skipped`).
                        if summary.problems.len() < MAX_LISTED_PROBLEMS {
                            summary.problems.push(e);
                        }
                    }
                }
            }
        }
        let mut inner = reader.into_inner();
        summary.sha256 = match stored {
            Some(h) => h.finish(&mut inner.inner).map_err(|e| source::io_error(&meta.path, last.end_line, &e))?,
            None => source::hex(&inner.hasher.finalize()),
        };
        summary.rows_span = span.get();
        Ok(summary)
    }
}

impl Row<'_> {
    /// The trimmed value of spec column `col`; `None` when the file lacks the column or the
    /// cell is empty.
    pub fn get(&self, col: usize) -> Option<&str> {
        let idx = self.input.columns.get(col).copied().flatten()?;
        self.record.get(idx).map(str::trim).filter(|s| !s.is_empty())
    }

    /// The value of a required column, or an error naming it.
    pub fn required(&self, col: usize) -> Result<&str, InputError> {
        self.get(col).ok_or_else(|| self.error(col, "", "empty value", "a value"))
    }

    /// Parses spec column `col` as a timestamp (naive forms in `zone`); the row's instant
    /// (it widens the file's span, [`FileSummary`]).
    pub fn timestamp(&self, col: usize, zone: Tz) -> Result<DateTime<Utc>, InputError> {
        let v = self.required(col)?;
        let t = parse_timestamp(v, zone).map_err(|e| self.error(col, v, e.reason(), &e.expected(zone)))?;
        self.saw(t);
        Ok(t)
    }

    /// [`Row::timestamp`] with a cache of the zone's offsets (same result).
    pub fn timestamp_cached(&self, col: usize, cache: &mut ZoneCache) -> Result<DateTime<Utc>, InputError> {
        let v = self.required(col)?;
        let t =
            parse_timestamp_cached(v, cache).map_err(|e| self.error(col, v, e.reason(), &e.expected(cache.zone())))?;
        self.saw(t);
        Ok(t)
    }

    /// Widens the span of the file's rows to take in `t`.
    pub fn saw(&self, t: DateTime<Utc>) {
        let s = t.timestamp();
        widen_secs(self.span, s, s);
    }

    /// Parses an optional timestamp column (empty → `None`).
    pub fn opt_timestamp(&self, col: usize, zone: Tz) -> Result<Option<DateTime<Utc>>, InputError> {
        match self.get(col) {
            None => Ok(None),
            Some(v) => {
                parse_timestamp(v, zone).map(Some).map_err(|e| self.error(col, v, e.reason(), &e.expected(zone)))
            }
        }
    }

    /// Parses a number with `.` or `,` as decimal separator.
    pub fn number(&self, col: usize) -> Result<Option<f64>, InputError> {
        match self.get(col) {
            None => Ok(None),
            Some(v) => parse_number(v)
                .map(Some)
                .ok_or_else(|| self.error(col, v, "invalid number", "a number such as 412 or 412,5")),
        }
    }

    /// An error on spec column `col` of this row.
    pub fn error(&self, col: usize, value: &str, reason: &str, expected: &str) -> InputError {
        self.input.cell_error(col, self.line, value, reason, expected)
    }
}

/// The canonical name of a column of `specs` that the file lacks (`columns[j]` is `None`)
/// and whose name or an alias is close to the folded header cell `cell`: at most 2 edits
/// away, 1 for names of up to 5 letters, none for names of 1 or 2 (`id` is not `dc`).
fn close_column(cell: &str, specs: &[ColumnSpec], columns: &[Option<usize>]) -> Option<&'static str> {
    let mut best: Option<(usize, &'static str)> = None;
    for (spec, found) in specs.iter().zip(columns) {
        if found.is_some() {
            continue;
        }
        for name in std::iter::once(spec.name).chain(spec.aliases.iter().copied()) {
            let name = fold(name);
            let allowed = match name.chars().count() {
                0..=2 => continue,
                3..=5 => 1,
                _ => 2,
            };
            if let Some(d) = edit_distance(cell, &name, allowed) {
                if best.is_none_or(|(b, _)| d < b) {
                    best = Some((d, spec.name));
                }
            }
        }
    }
    best.map(|(_, name)| name)
}

/// The Levenshtein distance between `a` and `b` (in characters) when it is at most `max`.
fn edit_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut row = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            row[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(row[j] + 1);
        }
        prev = row;
    }
    prev.last().copied().filter(|d| *d <= max)
}

/// Parses a decimal number with `.` or `,` as separator.
///
/// The form is strict, so that nothing is read by guessing: an optional `-`, digits, and an
/// optional decimal part (`.` or `,` then digits). French spreadsheets' thousands separators
/// (a space, a no-break space or a narrow no-break space between groups of three digits,
/// `1 234,5`) are accepted; exponents (`1e3`), a leading `+`, `.5`, `412.`, `NaN` are not.
pub fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match unsigned.find(['.', ',']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let mut digits = String::with_capacity(s.len());
    if s.starts_with('-') {
        digits.push('-');
    }
    let groups: Vec<&str> = int.split([' ', '\u{a0}', '\u{202f}']).collect();
    let grouped_ok = groups.len() == 1
        || (!groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped_ok || groups.iter().any(|g| !g.bytes().all(|b| b.is_ascii_digit())) || int.is_empty() {
        return None;
    }
    digits.extend(groups.iter().copied());
    if let Some(frac) = frac {
        if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.push('.');
        digits.push_str(frac);
    }
    digits.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The error of a scan that stopped (a record over the limit, a quote never closed), with
/// the column named from `headers` when known.
fn scan_error(file: &str, e: ScanError, max: u64, headers: &[String]) -> InputError {
    match e {
        ScanError::TooLong { line, quote_line } => InputError {
            file: file.to_string(),
            line,
            column: None,
            value: None,
            reason: format!("record longer than {max} bytes"),
            // The quote's line relative to the record's: the parallel reader numbers a block's
            // lines from its start and learns the block's first line only later.
            expected: match quote_line {
                Some(q) if q <= line => format!(
                    "rows of at most {max} bytes (--max-record-size); a quoted field opened on this line is still \
                     open there: a closing quote may be missing"
                ),
                Some(q) => format!(
                    "rows of at most {max} bytes (--max-record-size); a quoted field opened {} below it is still \
                     open there: a closing quote may be missing",
                    if q - line == 1 { "1 line".to_string() } else { format!("{} lines", q - line) }
                ),
                None => format!("rows of at most {max} bytes (raise the limit with --max-record-size, e.g. 4MiB)"),
            },
        },
        ScanError::OpenQuote { quote_line, field } => InputError {
            file: file.to_string(),
            line: quote_line,
            column: headers.get(field).map(|h| (h.clone(), field + 1)),
            value: None,
            reason: "quoted field never closed".to_string(),
            expected: "a closing quote: the quote opened on this line runs to the end of the file, swallowing \
                       every row after it"
                .to_string(),
        },
    }
}

/// The error of a record (or header) at `line` that is not UTF-8; `bytes`, when known, tell
/// whether it looks like Windows-1252 (then the message says how to read it).
fn utf8_error(file: &str, line: u64, bytes: Option<&[u8]>) -> InputError {
    let (reason, value, expected) = source::utf8_problem(bytes);
    InputError { file: file.to_string(), line, column: None, value, reason, expected }
}

/// A record's fields joined by the delimiter (a row as written, for a message).
fn joined(record: &csv::ByteRecord, delimiter: u8) -> Vec<u8> {
    record.iter().collect::<Vec<_>>().join(&delimiter)
}

/// An error of the csv parser on the record at `line`.
fn csv_error(file: &str, e: csv::Error, line: u64) -> InputError {
    match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => InputError {
            file: file.to_string(),
            line,
            column: None,
            value: Some(format!("{len} fields")),
            reason: "wrong number of fields".to_string(),
            expected: format!("{expected_len} fields, as in the header"),
        },
        csv::ErrorKind::Utf8 { .. } => utf8_error(file, line, None),
        _ => InputError {
            file: file.to_string(),
            line,
            column: None,
            value: None,
            reason: "unreadable CSV".to_string(),
            expected: format!("RFC 4180 CSV ({e})"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The span takes in every instant, whatever their order: the first, one earlier, one later,
    /// one inside (no change), one equal to an end.
    #[test]
    fn widen_takes_in_every_instant() {
        let t = |s: i64| DateTime::<Utc>::from_timestamp(s, 0).unwrap();
        let mut span = None;
        for (s, want) in [(50, (50, 50)), (20, (20, 50)), (90, (20, 90)), (60, (20, 90)), (20, (20, 90))] {
            widen(&mut span, t(s));
            assert_eq!(span, Some((t(want.0), t(want.1))), "after {s}");
        }
    }

    #[test]
    fn folding_matches_french_and_english_headers() {
        assert_eq!(fold("Numéro"), "numero");
        assert_eq!(fold(" Ticket_ID "), "ticket id");
        assert_eq!(fold("\u{feff}changed-at"), "changed at");
        assert_eq!(fold("Annoncé  le"), "annonce le");
        assert_eq!(fold("on - Hold"), "on hold");
        // Signs and separators around the words are kept: no invented match.
        assert_eq!(fold("-1"), "-1");
        assert_eq!(fold("__closed__"), "__closed__");
        assert_eq!(fold(" -Solved "), "-solved");
        assert_eq!(fold("--"), "--");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn max_invalid_and_sizes() {
        assert_eq!(MaxInvalid::parse("25"), Some(MaxInvalid::Rows(25)));
        assert_eq!(MaxInvalid::parse("2,5%"), Some(MaxInvalid::Percent(2.5)));
        assert_eq!(MaxInvalid::parse(" 0 % "), Some(MaxInvalid::Percent(0.0)));
        for bad in ["", "%", "-1", "101%", "1.5", "lots"] {
            assert_eq!(MaxInvalid::parse(bad), None, "{bad}");
        }
        // 1 % of 200 rows is 2: 2 skipped is within, 3 is over; exactly, without rounding.
        assert!(!MaxInvalid::Percent(1.0).exceeded(2, 200));
        assert!(MaxInvalid::Percent(1.0).exceeded(3, 200));
        assert!(MaxInvalid::Rows(3).exceeded(4, 5) && !MaxInvalid::Rows(3).exceeded(3, 5));
        assert_eq!(parse_size("4MiB"), Some(4 << 20));
        assert_eq!(parse_size("512k"), Some(512 << 10));
        assert_eq!(parse_size("2 MB"), Some(2_000_000));
        assert_eq!(parse_size("100"), Some(100));
        for bad in ["", "MiB", "4 TiB", "-1", "1.5MiB", "99999999999999999999"] {
            assert_eq!(parse_size(bad), None, "{bad}");
        }
    }

    #[test]
    fn header_cells_close_to_a_missing_column() {
        const SPECS: &[ColumnSpec] = &[
            ColumnSpec { name: "start", aliases: &[], required: true },
            ColumnSpec { name: "kind", aliases: &["type"], required: false },
            ColumnSpec { name: "datacenter", aliases: &["dc"], required: false },
        ];
        let missing = [Some(0), None, None];
        // `kin$` is one edit from `kind`; `Kinds` one (after folding); `id` is not taken for
        // `dc` (two-letter names are never guessed); `typ` is one from the alias `type`.
        assert_eq!(close_column(&fold("kin$"), SPECS, &missing), Some("kind"));
        assert_eq!(close_column(&fold("Kinds"), SPECS, &missing), Some("kind"));
        assert_eq!(close_column(&fold("typ"), SPECS, &missing), Some("kind"));
        assert_eq!(close_column(&fold("id"), SPECS, &missing), None);
        assert_eq!(close_column(&fold("Datacentr"), SPECS, &missing), Some("datacenter"));
        assert_eq!(close_column(&fold("comment"), SPECS, &missing), None);
        // A column the file has is not suggested again.
        assert_eq!(close_column(&fold("kin$"), SPECS, &[Some(0), Some(1), None]), None);
        assert_eq!(edit_distance("kitten", "sitting", 3), Some(3));
        assert_eq!(edit_distance("kitten", "sitting", 2), None);
    }

    #[test]
    fn delimiter_detection() {
        assert_eq!(detect_delimiter(b"a,b,c\n"), b',');
        assert_eq!(detect_delimiter(b"a;b;\"x,y\"\n"), b';');
        assert_eq!(detect_delimiter(b"a\tb\n"), b'\t');
        assert_eq!(detect_delimiter(b"single\n"), b',');
    }

    #[test]
    fn numbers_with_decimal_comma() {
        assert_eq!(parse_number("412,5"), Some(412.5));
        assert_eq!(parse_number("412.5"), Some(412.5));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("-5"), Some(-5.0));
        assert_eq!(parse_number("1 234,5"), Some(1234.5));
        assert_eq!(parse_number("12\u{a0}345"), Some(12345.0));
        for bad in ["1e3", "+7", ".5", "412.", "1,2,3", "1.2.3", "12 34", "", "-", "inf", "1 2345"] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    /// The line every row is reported on, for a file written with `eol` line ends.
    fn reported_lines(body: &str) -> Vec<u64> {
        // A free-text column: its values may span lines.
        const SPECS: &[ColumnSpec] = &[ColumnSpec { name: "subject", aliases: &["a"], required: true }];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, body).unwrap();
        let opts =
            ReadOptions { delimiter: None, zone: chrono_tz::UTC, on_invalid: OnInvalid::Collect, ..Default::default() };
        let mut lines = Vec::new();
        let summary = CsvInput::open("test", &path, SPECS, &opts)
            .unwrap()
            .for_each_row(|row| {
                lines.push(row.line);
                Ok(())
            })
            .unwrap();
        lines.extend(summary.problems.iter().map(|p| p.line));
        lines
    }

    #[test]
    fn physical_lines_after_blank_lines_quoted_breaks_and_crlf() {
        // Line 1 header, 2 and 3 blank, 4 `x`, 5–6 a quoted field holding a line break, 7 blank,
        // 8 `z` (no line end at the end of the file). The csv crate alone says 2, 5, 6 with LF
        // and worse with CRLF; the counted lines are the same for both line ends.
        for eol in ["\n", "\r\n"] {
            let body = ["a,b", "", "", "x,1", "\"y", "y\",2", "", "z,3"].join(eol);
            assert_eq!(reported_lines(&body), vec![4, 5, 8], "eol {eol:?}");
            // A wrong field count after the blank lines names its own line (4 here).
            let body = ["a,b", "", "", "x", "w,1"].join(eol) + eol;
            assert_eq!(reported_lines(&body), vec![5, 4], "eol {eol:?}");
        }
    }
}
