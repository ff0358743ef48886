//! The CSV report, for spreadsheets: one row per item, and one row per commitment that has no
//! item, with the commitment's identity, the verdict, the evidence and every measured field
//! (SPEC §4.1 names) as a column. Cells a spreadsheet would read as a formula are neutralised.

use ::csv::WriterBuilder;

use super::{flatten_values, value_columns, Exporter, RenderOptions, Report};

/// `--format csv`.
pub struct CsvExporter;

/// The fixed columns, before the measured fields.
const FIXED: [&str; 9] =
    ["profile", "commitment", "clause", "target", "commitment_verdict", "subject", "verdict", "evidence", "detail"];

/// A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, and the tab and
/// carriage return that OWASP adds) gets a leading `'`, which spreadsheets show as text.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

impl Exporter for CsvExporter {
    fn render(&self, report: &Report, _opts: &RenderOptions) -> anyhow::Result<Vec<u8>> {
        // Items carry their values; a commitment without items carries its measured figures.
        let sources = report.commitments.iter().flat_map(|f| {
            let own = if f.items.is_empty() { Some(&f.measured) } else { None };
            f.items.iter().map(|i| &i.values).chain(own)
        });
        let columns = value_columns(sources);
        let mut w = WriterBuilder::new().from_writer(Vec::new());
        let header: Vec<&str> = FIXED.iter().copied().chain(columns.iter().map(String::as_str)).collect();
        w.write_record(header.iter().map(|c| neutralise(c)))?;
        for f in &report.commitments {
            let head = [&report.profile.id, &f.id, &f.clause, &f.target];
            let row = |subject: &str, verdict: &str, detail: &str, values: &serde_json::Map<_, _>| {
                let flat = flatten_values(values);
                let mut cells: Vec<String> = head.iter().map(|s| s.to_string()).collect();
                cells.extend([f.verdict.name(), subject, verdict, &f.evidence, detail].map(str::to_string));
                for c in &columns {
                    cells.push(flat.iter().find(|(k, _)| k == c).map(|(_, v)| v.clone()).unwrap_or_default());
                }
                cells.into_iter().map(|c| neutralise(&c)).collect::<Vec<String>>()
            };
            if f.items.is_empty() {
                w.write_record(row("", f.verdict.name(), &f.headline, &f.measured))?;
            }
            for item in &f.items {
                w.write_record(row(&item.subject, item.verdict.name(), &item.detail, &item.values))?;
            }
        }
        w.into_inner().map_err(|e| anyhow::anyhow!("cannot write the CSV report: {e}"))
    }
}
