//! Reports: the report model (what the JSON schema `livret.report/1` serialises) and one
//! module per output format behind the small [`Exporter`] trait. Formats only render a
//! [`Report`]; they compute nothing.

#[cfg(test)]
mod browser_tests;
mod charts;
mod csv;
mod html;
mod json;
mod junit;
mod markdown;
mod table;
#[cfg(test)]
mod tests;
pub mod text;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::checks::{Finding, Note, Verdict};
use crate::ingest::InputSummary;
use crate::model::Instant;

pub use self::csv::{skipped_rows, CsvDialect, CsvExporter};
pub use html::{escape_html, HtmlExporter};
pub use json::JsonExporter;
pub use junit::JunitExporter;
pub use markdown::MarkdownExporter;
pub use table::TableExporter;

/// The report schema id.
pub const SCHEMA: &str = "livret.report/1";

/// The whole result of an audit.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The tool that wrote it.
    pub tool: Tool,
    /// The profile audited.
    pub profile: ProfileRef,
    /// The period, in the profile's zone.
    pub period: PeriodOut,
    /// The files read.
    pub inputs: Vec<InputSummary>,
    /// Overall verdict.
    pub verdict: Verdict,
    /// One finding per commitment, in catalogue order.
    pub commitments: Vec<Finding>,
    /// Ambiguities and readings that touched the data, and other remarks, each with its code.
    pub notes: Vec<Note>,
    /// The vendor's figures (`--claims`) against the evidence; absent without `--claims`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<crate::checks::claims::ClaimResult>,
    /// The customer's probes (`--probes`): what they saw, and what the vendor's log leaves out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probes: Option<crate::checks::probes::ProbesOut>,
    /// With `--by`: the same audit, sub-period by sub-period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breakdown: Option<Breakdown>,
    /// When the report was made (RFC 3339, the profile's zone; `LIVRET_NOW` when set), for
    /// the formats people file away (HTML, Markdown). Not in the JSON report, which is the
    /// same for the same inputs and as-of.
    #[serde(skip)]
    pub generated_at: Option<String>,
}

/// The audit of each sub-period (`--by month|quarter`).
#[derive(Debug, Clone, Serialize)]
pub struct Breakdown {
    /// `month` or `quarter`.
    pub by: &'static str,
    /// In time order.
    pub periods: Vec<SubPeriod>,
}

/// One sub-period: its label, and its audit when it had begun by as-of.
#[derive(Debug, Clone, Serialize)]
pub struct SubPeriod {
    /// `2026-10` or `2026-Q4`.
    pub label: String,
    /// Its period (`null` when not begun).
    pub period: Option<PeriodOut>,
    /// Its overall verdict (`null` when not begun).
    pub verdict: Option<Verdict>,
    /// Its findings, as an audit of the sub-period alone gives them.
    pub commitments: Vec<Finding>,
    /// Its notes.
    pub notes: Vec<Note>,
}

impl SubPeriod {
    /// From the audit of the sub-period (`None`: not begun).
    pub fn new(label: String, report: Option<Report>) -> SubPeriod {
        match report {
            Some(r) => SubPeriod {
                label,
                period: Some(r.period),
                verdict: Some(r.verdict),
                commitments: r.commitments,
                notes: r.notes,
            },
            None => SubPeriod { label, period: None, verdict: None, commitments: Vec::new(), notes: Vec::new() },
        }
    }

    /// The verdict of commitment `id` in this sub-period.
    pub fn verdict_of(&self, id: &str) -> Option<Verdict> {
        self.commitments.iter().find(|f| f.id == id).map(|f| f.verdict)
    }
}

impl Report {
    /// "3 confirmed, 1 disputed": the claims by status, for headers.
    pub fn claims_summary(&self) -> String {
        use crate::checks::claims::ClaimStatus::*;
        let parts: Vec<String> = [Confirmed, Disputed, Unfavourable, Unverifiable]
            .iter()
            .map(|s| (s, self.claims.iter().filter(|c| c.status == *s).count()))
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| format!("{n} {}", s.name()))
            .collect();
        parts.join(", ")
    }

    /// The claims that the evidence disputes.
    pub fn disputed(&self) -> usize {
        self.claims.iter().filter(|c| c.status == crate::checks::claims::ClaimStatus::Disputed).count()
    }
}

/// Tool name and version.
#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    /// `livret`.
    pub name: &'static str,
    /// Crate version.
    pub version: &'static str,
}

impl Default for Tool {
    fn default() -> Self {
        Tool { name: "livret", version: env!("CARGO_PKG_VERSION") }
    }
}

/// Profile id and name.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileRef {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// The period, written as RFC 3339 local times of the profile's zone.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodOut {
    /// First instant.
    pub from: Instant,
    /// End (exclusive).
    pub to: Instant,
    /// The data as they stood then.
    pub as_of: Instant,
    /// Whether the period was over at as-of; `false` for a period audited as it stands.
    pub complete: bool,
}

impl PeriodOut {
    /// The period's instants, to be written in `zone`.
    pub fn new(from: DateTime<Utc>, to: DateTime<Utc>, as_of: DateTime<Utc>, zone: Tz) -> Self {
        let f = |t: DateTime<Utc>| Instant::new(t, zone);
        PeriodOut { from: f(from), to: f(to), as_of: f(as_of), complete: as_of >= to }
    }
}

/// The audited period as a spreadsheet filters it: `2026-10` for a calendar month,
/// `2026-Q4` for a quarter, `2026` for a year, else `2026-10-01..2026-10-14` (first and last
/// day, local dates of the profile's zone).
pub fn period_label(p: &PeriodOut) -> String {
    use chrono::Datelike;
    let Some((first, last)) = period_days(p) else {
        return format!("{}..{}", p.from, p.to);
    };
    let next = last.succ_opt().unwrap_or(last);
    let month_start = first.day() == 1;
    let months = (next.year() - first.year()) * 12 + next.month() as i32 - first.month() as i32;
    match (month_start && next.day() == 1, months) {
        (true, 1) => format!("{}-{:02}", first.year(), first.month()),
        (true, 3) if first.month() % 3 == 1 => format!("{}-Q{}", first.year(), first.month().div_ceil(3)),
        (true, 12) if first.month() == 1 => format!("{}", first.year()),
        _ => format!("{first}..{last}"),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "5 October 2026".
pub fn day_words(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// The period as a person reads it: `1–31 October 2026`, `1 October – 31 December 2026`,
/// `1 December 2026 – 31 January 2027`, `5 October 2026` (days of the profile's zone, the
/// last one included).
pub fn period_words(p: &PeriodOut) -> String {
    use chrono::Datelike;
    let Some((a, b)) = period_days(p) else {
        return format!("{} → {}", p.from, p.to);
    };
    let month = |d: chrono::NaiveDate| MONTHS[d.month0() as usize];
    if a == b {
        day_words(a)
    } else if (a.year(), a.month()) == (b.year(), b.month()) {
        format!("{}–{} {} {}", a.day(), b.day(), month(a), a.year())
    } else if a.year() == b.year() {
        format!("{} {} – {}", a.day(), month(a), day_words(b))
    } else {
        format!("{} – {}", day_words(a), day_words(b))
    }
}

/// An RFC 3339 instant as a person reads it: `15 October 2026 12:00` (its own local time);
/// the text as it is when it is not one.
pub fn instant_words(t: &str) -> String {
    match DateTime::parse_from_rfc3339(t) {
        Ok(t) => local_words(t),
        Err(_) => t.to_string(),
    }
}

/// A local time as a person reads it: `15 October 2026 12:00`.
pub fn local_words<Z: chrono::TimeZone>(t: DateTime<Z>) -> String
where
    Z::Offset: std::fmt::Display,
{
    format!("{} {}", day_words(t.date_naive()), t.format("%H:%M"))
}

/// The first and last day of the period (its end is excluded): local dates.
pub fn period_days(p: &PeriodOut) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    let (from, to) = (p.from.local(), p.to.local());
    let first = from.date_naive();
    // An end at midnight closes the day before; any other end is inside its own day.
    let last = if to.time() == chrono::NaiveTime::MIN { to.date_naive().pred_opt()? } else { to.date_naive() };
    (last >= first).then_some((first, last))
}

/// One row of the `--by` matrix: a commitment's id, its verdict per sub-period, and over the
/// whole period.
pub type MatrixRow<'a> = (&'a str, Vec<Option<Verdict>>, Verdict);

/// The `--by` matrix: the sub-periods' labels, and per commitment of the whole period its
/// id, its verdict in each sub-period (`None`: the sub-period had not begun) and over the
/// whole period.
pub fn matrix(report: &Report) -> Option<(Vec<&str>, Vec<MatrixRow<'_>>)> {
    let b = report.breakdown.as_ref()?;
    let labels = b.periods.iter().map(|p| p.label.as_str()).collect();
    let rows = report
        .commitments
        .iter()
        .map(|f| (f.id.as_str(), b.periods.iter().map(|p| p.verdict_of(&f.id)).collect(), f.verdict))
        .collect();
    Some((labels, rows))
}

/// A claim's figure in words: `availability_pct`, `avg_ms of 2026-10/paris`.
pub fn claim_figure(c: &crate::checks::claims::ClaimResult) -> String {
    match &c.subject {
        Some(s) => format!("{} of {s}", c.figure),
        None => c.figure.clone(),
    }
}

/// Options that change how a report is rendered.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// One row per item under each commitment (`--detail`, `--detail=failed|all`).
    pub detail: bool,
    /// With `detail`: only the items that did not pass (`--detail` and `--detail=failed`; the
    /// table honours it, formats that list every item may too).
    pub failed_only: bool,
    /// Colour (`--color`; the table only).
    pub color: bool,
    /// Width to fit the table in: the terminal's, else `COLUMNS`, else `None` (the table's
    /// default, 100 columns).
    pub width: Option<u16>,
}

/// An output format.
pub trait Exporter {
    /// Renders the report.
    fn render(&self, report: &Report, opts: &RenderOptions) -> anyhow::Result<Vec<u8>>;

    /// Whether [`Exporter::render_to`] writes as it goes (and cannot fail but on writing),
    /// so that a big report need not be held whole in memory.
    fn streams(&self) -> bool {
        false
    }

    /// Renders the report into `out` (the same bytes as [`Exporter::render`]).
    fn render_to(&self, report: &Report, opts: &RenderOptions, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
        out.write_all(&self.render(report, opts)?)?;
        Ok(())
    }
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for the terminal.
    Table,
    /// The `livret.report/1` JSON report.
    Json,
    /// One row per item (and per commitment without items), for spreadsheets.
    Csv,
    /// A summary table and the evidence per commitment, for the monthly email or wiki.
    #[value(alias = "md")]
    Markdown,
    /// JUnit XML: one testcase per commitment, for CI dashboards.
    Junit,
    /// One self-contained HTML page with the verdicts and charts.
    Html,
}

impl Format {
    /// Every format, in the order the help lists them.
    pub const ALL: [Format; 6] =
        [Format::Table, Format::Json, Format::Csv, Format::Markdown, Format::Junit, Format::Html];

    /// The name used on the command line (`--format NAME`, `--output NAME:PATH`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Junit => "junit",
            Format::Html => "html",
        }
    }

    /// The format named `name` (case-insensitive; `md` for markdown).
    pub fn parse(name: &str) -> Option<Format> {
        let name = name.to_ascii_lowercase();
        if name == "md" {
            return Some(Format::Markdown);
        }
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The exporter for this format, a CSV in `dialect`.
    pub fn exporter_with(self, dialect: CsvDialect) -> Box<dyn Exporter> {
        match self {
            Format::Csv => Box::new(CsvExporter { dialect }),
            other => other.exporter(),
        }
    }

    /// The exporter for this format.
    pub fn exporter(self) -> Box<dyn Exporter> {
        match self {
            Format::Table => Box::new(TableExporter),
            Format::Json => Box::new(JsonExporter),
            Format::Csv => Box::new(CsvExporter::default()),
            Format::Markdown => Box::new(MarkdownExporter),
            Format::Junit => Box::new(JunitExporter),
            Format::Html => Box::new(HtmlExporter),
        }
    }
}

/// A measured value named `key` as one cell of text, for people: strings as they are, numbers
/// rounded for display ([`display_number`], `key` sets how many decimals a number keeps), `null`
/// empty, arrays joined with `; ` and objects inside them as `label value` pairs: never JSON.
pub fn value_text_for(key: &str, v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => display_number(key, n),
        Value::Array(a) => {
            a.iter().map(|x| value_text_for(key, x)).filter(|t| !t.is_empty()).collect::<Vec<_>>().join("; ")
        }
        Value::Object(m) => m
            .iter()
            .map(|(k, x)| (k, value_text_for(k, x)))
            .filter(|(_, t)| !t.is_empty())
            .map(|(k, t)| format!("{} {t}", field_label(k)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Decimals a number named `key` keeps for people: percentages 4 (`99.4136`: a breach of a
/// 99.5 % target by one minute in six months stays visible), milliseconds 3, the rest 2
/// (days, hours, minutes). The JSON report keeps every number whole.
pub fn display_decimals(key: &str) -> i32 {
    if key.ends_with("_pct") {
        4
    } else if key.ends_with("_ms") {
        3
    } else {
        2
    }
}

/// A number for people: integers as they are, others rounded half away from zero to
/// [`display_decimals`] and written without trailing zeros (`99.4136`, `171.6`, `3`).
pub fn display_number(key: &str, n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    match n.as_f64() {
        Some(x) => round_for_display(x, display_decimals(key)),
        None => n.to_string(),
    }
}

/// `x` rounded half away from zero to `decimals`, shortest form (`-0` written `0`).
pub fn round_for_display(x: f64, decimals: i32) -> String {
    let p = 10f64.powi(decimals);
    let r = (x * p).round() / p;
    if r == 0.0 {
        "0".to_string()
    } else {
        r.to_string()
    }
}

/// Flattens measured values: nested objects become `key.sub` columns (e.g.
/// `excluded_minutes.planned`), everything else one cell of text ([`value_text_for`]).
pub fn flatten_values(values: &Map<String, Value>) -> Vec<(String, String)> {
    fn walk(prefix: &str, leaf: &str, v: &Value, out: &mut Vec<(String, String)>) {
        match v {
            Value::Object(m) if !m.is_empty() => {
                for (k, sub) in m {
                    walk(&format!("{prefix}.{k}"), k, sub, out);
                }
            }
            other => out.push((prefix.to_string(), value_text_for(leaf, other))),
        }
    }
    let mut out = Vec::new();
    for (k, v) in values {
        walk(k, k, v, &mut out);
    }
    out
}

/// The union of the flattened keys of `maps`, in first-seen order: the value columns of a
/// table of items.
pub fn value_columns<M: std::ops::Deref<Target = Map<String, Value>>>(
    maps: impl IntoIterator<Item = M>,
) -> Vec<String> {
    let mut cols: Vec<String> = Vec::new();
    for m in maps {
        for (k, _) in flatten_values(&m) {
            if !cols.contains(&k) {
                cols.push(k);
            }
        }
    }
    cols
}

/// A field name for people: `measured_minutes` → `measured minutes`, `availability_pct` →
/// `availability %`, `avg_ms` → `avg (ms)`, `excluded_minutes.planned` → `excluded minutes:
/// planned`.
pub fn field_label(key: &str) -> String {
    key.split('.')
        .map(|part| {
            let (name, unit) = match (part.strip_suffix("_pct"), part.strip_suffix("_ms")) {
                (Some(n), _) => (n, " %"),
                (_, Some(n)) => (n, " (ms)"),
                _ => (part, ""),
            };
            format!("{}{unit}", name.replace('_', " "))
        })
        .collect::<Vec<_>>()
        .join(": ")
}
