//! Reports: the report model (what the JSON schema `livret.report/1` serialises) and one
//! module per output format behind the small [`Exporter`] trait. Formats only render a
//! [`Report`]; they compute nothing.

mod json;
mod table;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::checks::{Finding, Verdict};
use crate::ingest::InputSummary;

pub use json::JsonExporter;
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
    /// Ambiguities and readings that touched the data, and other remarks.
    pub notes: Vec<String>,
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

/// The period as RFC 3339 local times of the profile's zone.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodOut {
    /// First instant.
    pub from: String,
    /// End (exclusive).
    pub to: String,
    /// The data as they stood then.
    pub as_of: String,
}

impl PeriodOut {
    /// Formats instants in `zone`.
    pub fn new(from: DateTime<Utc>, to: DateTime<Utc>, as_of: DateTime<Utc>, zone: Tz) -> Self {
        let f = |t: DateTime<Utc>| t.with_timezone(&zone).to_rfc3339();
        PeriodOut { from: f(from), to: f(to), as_of: f(as_of) }
    }
}

/// Options that change how a report is rendered.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// One row per item under each commitment.
    pub detail: bool,
    /// Colour (terminal only).
    pub color: bool,
}

/// An output format.
pub trait Exporter {
    /// Renders the report.
    fn render(&self, report: &Report, opts: &RenderOptions) -> anyhow::Result<Vec<u8>>;
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for the terminal.
    Table,
    /// The `livret.report/1` JSON report.
    Json,
}

impl Format {
    /// The exporter for this format.
    pub fn exporter(self) -> Box<dyn Exporter> {
        match self {
            Format::Table => Box::new(TableExporter),
            Format::Json => Box::new(JsonExporter),
        }
    }
}
