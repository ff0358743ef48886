//! The CSV report, for spreadsheets: one row per item, and one row per commitment that has no
//! item. The columns a reader filters on come first (`commitment`, `period`, `verdict`,
//! `subject`), then the commitment's verdict, identity and evidence, then every measured field
//! (SPEC §4.1 names) as a column of its own: nested figures become `key.sub` columns, lists are
//! joined with `; `, numbers are rounded for display (the JSON report has them whole); no cell
//! holds JSON. Then one row per input that had rows skipped (`--skip-invalid`), commitment
//! `input`; the probes' findings; the vendor's claims. Cells a spreadsheet would read as a
//! formula are neutralised; control characters but tab and line feed, and bidirectional
//! controls, become U+FFFD (a CSV is also read in a terminal). Fields are whole.
//!
//! `--csv-dialect excel-fr` writes what French Excel opens directly: `;` between fields (the
//! comma is the decimal separator there), decimal commas in the figures, a UTF-8 byte order
//! mark (without it Excel reads the file as Windows-1252 and garbles accents) and CRLF line
//! ends. The default, `standard`, is RFC 4180 with commas, decimal points and no mark.

use ::csv::{Terminator, WriterBuilder};

use super::text::keep_lines;
use super::{value_columns, Exporter, RenderOptions, Report};
use crate::ingest::InputSummary;

/// `--format csv`, in a dialect.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvExporter {
    /// The dialect written.
    pub dialect: CsvDialect,
}

/// How the CSV is written (`--csv-dialect`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum CsvDialect {
    /// RFC 4180: `,` between fields, decimal points, UTF-8 without a byte order mark.
    #[default]
    Standard,
    /// French Excel: `;` between fields, decimal commas, a UTF-8 byte order mark, CRLF.
    ExcelFr,
}

impl CsvDialect {
    fn writer(self) -> ::csv::Writer<Vec<u8>> {
        let mut out = Vec::new();
        let mut b = WriterBuilder::new();
        if self == CsvDialect::ExcelFr {
            out.extend_from_slice("\u{feff}".as_bytes());
            b.delimiter(b';').terminator(Terminator::CRLF);
        }
        b.from_writer(out)
    }

    /// A figure's text in this dialect: the decimal point becomes a comma for excel-fr.
    fn figure(self, text: String) -> String {
        match self {
            CsvDialect::ExcelFr => text.replace('.', ","),
            CsvDialect::Standard => text,
        }
    }
}

/// The fixed columns, before the measured fields.
const FIXED: [&str; 10] = [
    "commitment",
    "period",
    "verdict",
    "subject",
    "commitment_verdict",
    "profile",
    "clause",
    "target",
    "evidence",
    "detail",
];

/// Where each fixed column is.
const COMMITMENT: usize = 0;
const PERIOD: usize = 1;
const VERDICT: usize = 2;
const SUBJECT: usize = 3;
const PROFILE: usize = 5;
const EVIDENCE: usize = 8;
const DETAIL: usize = 9;

/// Measured values as cells: [`super::flatten_values`], numbers in the dialect.
fn cells_of(values: &serde_json::Map<String, serde_json::Value>, dialect: CsvDialect) -> Vec<(String, String)> {
    fn walk(prefix: &str, leaf: &str, v: &serde_json::Value, dialect: CsvDialect, out: &mut Vec<(String, String)>) {
        use serde_json::Value;
        match v {
            Value::Object(m) if !m.is_empty() => {
                for (k, sub) in m {
                    walk(&format!("{prefix}.{k}"), k, sub, dialect, out);
                }
            }
            Value::Number(n) => out.push((prefix.to_string(), dialect.figure(super::display_number(leaf, n)))),
            other => out.push((prefix.to_string(), super::value_text_for(leaf, other))),
        }
    }
    let mut out = Vec::new();
    for (k, v) in values {
        walk(k, k, v, dialect, &mut out);
    }
    out
}

/// How many rows of an input were skipped and why (`3 rows skipped: 1 unknown status, 2 invalid
/// timestamp`), or `None` when none was.
pub fn skipped_rows(input: &InputSummary) -> Option<String> {
    if input.skipped == 0 {
        return None;
    }
    let rows = if input.skipped == 1 { "row" } else { "rows" };
    let reasons: Vec<String> = input.skipped_by_reason.iter().map(|(r, n)| format!("{n} {r}")).collect();
    Some(if reasons.is_empty() {
        format!("{} {rows} skipped", input.skipped)
    } else {
        format!("{} {rows} skipped: {}", input.skipped, reasons.join(", "))
    })
}

/// A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, and the tab and
/// carriage return that OWASP adds) gets a leading `'`, which spreadsheets show as text; its
/// hidden characters are replaced first ([`keep_lines`]: a carriage return becomes U+FFFD).
pub fn neutralise(cell: &str) -> String {
    let cell = keep_lines(cell);
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.into_owned()
    }
}

impl Exporter for CsvExporter {
    fn render(&self, report: &Report, _opts: &RenderOptions) -> anyhow::Result<Vec<u8>> {
        let dialect = self.dialect;
        let period = super::period_label(&report.period);
        // With `--by`, the matrix: one row per commitment, one column per sub-period.
        if let Some((labels, rows)) = super::matrix(report) {
            let mut w = dialect.writer();
            let mut header =
                vec!["commitment".to_string(), "profile".to_string(), "clause".to_string(), "target".to_string()];
            header.extend(labels.iter().map(|l| l.to_string()));
            header.push("whole_period".to_string());
            w.write_record(header.iter().map(|c| neutralise(c)))?;
            for ((id, cells, whole), f) in rows.into_iter().zip(&report.commitments) {
                let mut row = vec![id.to_string(), report.profile.id.clone(), f.clause.clone(), f.target.clone()];
                row.extend(cells.iter().map(|v| v.map_or(String::new(), |v| v.name().to_string())));
                row.push(whole.name().to_string());
                w.write_record(row.iter().map(|c| neutralise(c)))?;
            }
            return w.into_inner().map_err(|e| anyhow::anyhow!("cannot write the CSV report: {e}"));
        }
        // Items carry their values; a commitment without items carries its measured figures.
        let sources = report.commitments.iter().flat_map(|f| {
            let own = if f.items.is_empty() { Some(f.measured.to_map()) } else { None };
            f.items.iter().map(|i| i.values.to_map()).chain(own)
        });
        let columns = value_columns(sources);
        let mut w = dialect.writer();
        let header: Vec<&str> = FIXED.iter().copied().chain(columns.iter().map(String::as_str)).collect();
        w.write_record(header.iter().map(|c| neutralise(c)))?;
        for f in &report.commitments {
            let row = |subject: &str, verdict: &str, detail: &str, values: &serde_json::Map<_, _>| {
                let flat = cells_of(values, dialect);
                let mut cells: Vec<String> = [
                    f.id.as_str(),
                    period.as_str(),
                    verdict,
                    subject,
                    f.verdict.name(),
                    report.profile.id.as_str(),
                    f.clause.as_str(),
                    f.target.as_str(),
                    f.evidence.as_str(),
                    detail,
                ]
                .map(str::to_string)
                .to_vec();
                for c in &columns {
                    cells.push(flat.iter().find(|(k, _)| k == c).map(|(_, v)| v.clone()).unwrap_or_default());
                }
                cells.into_iter().map(|c| neutralise(&c)).collect::<Vec<String>>()
            };
            if f.items.is_empty() {
                w.write_record(row("", f.verdict.name(), &f.headline, &f.measured.to_map()))?;
            }
            for item in &f.items {
                w.write_record(row(&item.subject, item.verdict.name(), &item.detail(), &item.values.to_map()))?;
            }
        }
        let blank = |commitment: String| {
            let mut cells = vec![String::new(); FIXED.len() + columns.len()];
            cells[COMMITMENT] = commitment;
            cells[PERIOD].clone_from(&period);
            cells[PROFILE].clone_from(&report.profile.id);
            cells
        };
        // Skipped rows are part of the audit's evidence (SPEC §2): one row per input.
        for input in &report.inputs {
            if let Some(evidence) = skipped_rows(input) {
                let mut cells = blank("input".to_string());
                cells[SUBJECT].clone_from(&input.path);
                cells[EVIDENCE] = evidence;
                w.write_record(cells.iter().map(|c| neutralise(c)))?;
            }
        }
        // What the customer's probes found that the vendor's log leaves out.
        if let Some(p) = &report.probes {
            for (kind, spans) in [("unreported", &p.unreported), ("unseen", &p.unseen)] {
                for s in spans {
                    let mut cells = blank(format!("probes:{kind}"));
                    cells[SUBJECT] = s.start.text();
                    cells[EVIDENCE] = match kind {
                        "unreported" => format!(
                            "{} of {} min of downtime not in the vendor's log",
                            s.minutes_in_question, s.minutes
                        ),
                        _ => format!(
                            "{} of {} min of a logged interruption seen up by the probes",
                            s.minutes_in_question, s.minutes
                        ),
                    };
                    w.write_record(cells.iter().map(|c| neutralise(c)))?;
                }
            }
        }
        // The vendor's claims: one row each, commitment `claim:<id>`, the claim's status as verdict.
        for c in &report.claims {
            let mut cells = blank(format!("claim:{}", c.commitment));
            cells[SUBJECT] = super::claim_figure(c);
            cells[VERDICT] = c.status.name().to_string();
            cells[EVIDENCE].clone_from(&c.explanation);
            let shown = |x: f64| dialect.figure(super::round_for_display(x, super::display_decimals(&c.figure)));
            cells[DETAIL] =
                format!("claimed {}, measured {}", shown(c.claimed), c.measured.map_or("—".to_string(), shown));
            w.write_record(cells.iter().map(|c| neutralise(c)))?;
        }
        w.into_inner().map_err(|e| anyhow::anyhow!("cannot write the CSV report: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn inputs_with_skipped_rows_get_a_row_with_the_reasons() {
        let mut report = crate::report::tests::sample();
        let mut other = report.inputs[0].clone();
        other.kind = "downtime".into();
        other.path = "-dt.csv".into();
        other.skipped = 3;
        other.skipped_by_reason = BTreeMap::from([("unknown status".into(), 1), ("invalid timestamp".into(), 2)]);
        let mut clean = other.clone();
        clean.path = "clean.csv".into();
        clean.skipped = 0;
        clean.skipped_by_reason.clear();
        report.inputs.extend([other, clean]);
        let bytes = CsvExporter::default().render(&report, &RenderOptions::default()).unwrap();
        let mut reader = ::csv::Reader::from_reader(bytes.as_slice());
        let header = reader.headers().unwrap().clone();
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let rows: Vec<::csv::StringRecord> =
            reader.records().map(|r| r.unwrap()).filter(|r| &r[col("commitment")] == "input").collect();
        // The sample's tickets (1 skipped) and -dt.csv (1 + 2 = 3 skipped); clean.csv has no row.
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][col("subject")], "fixtures/talentsoft/tickets.csv");
        assert_eq!(&rows[0][col("evidence")], "1 row skipped: 1 unknown status");
        // Reasons in alphabetical order; a path starting with `-` is neutralised like any cell.
        assert_eq!(&rows[1][col("subject")], "'-dt.csv");
        assert_eq!(&rows[1][col("evidence")], "3 rows skipped: 2 invalid timestamp, 1 unknown status");
        for name in ["clause", "target", "commitment_verdict", "verdict", "detail", "measured_minutes"] {
            assert_eq!(&rows[1][col(name)], "", "{name}");
        }
        assert_eq!(&rows[1][col("profile")], "talentsoft");
    }
}
