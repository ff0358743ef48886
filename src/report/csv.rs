//! The CSV report, for spreadsheets: one row per item, and one row per commitment that has no
//! item, with the commitment's identity, the verdict, the evidence and every measured field
//! (SPEC §4.1 names) as a column; then one row per input that had rows skipped
//! (`--skip-invalid`), commitment `input`, saying how many and why. Cells a spreadsheet would
//! read as a formula are neutralised; control characters but tab and line feed, and
//! bidirectional controls, become U+FFFD (a CSV is also read in a terminal). Fields are whole.

use std::borrow::Cow;

use ::csv::WriterBuilder;

use super::text::keep_lines;
use super::{flatten_values, value_columns, Exporter, RenderOptions, Report};
use crate::ingest::InputSummary;

/// `--format csv`.
pub struct CsvExporter;

/// The fixed columns, before the measured fields.
const FIXED: [&str; 9] =
    ["profile", "commitment", "clause", "target", "commitment_verdict", "subject", "verdict", "evidence", "detail"];

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
        // With `--by`, the matrix: one row per commitment, one column per sub-period.
        if let Some((labels, rows)) = super::matrix(report) {
            let mut w = WriterBuilder::new().from_writer(Vec::new());
            let mut header =
                vec!["profile".to_string(), "commitment".to_string(), "clause".to_string(), "target".to_string()];
            header.extend(labels.iter().map(|l| l.to_string()));
            header.push("whole_period".to_string());
            w.write_record(header.iter().map(|c| neutralise(c)))?;
            for ((id, cells, whole), f) in rows.into_iter().zip(&report.commitments) {
                let mut row = vec![report.profile.id.clone(), id.to_string(), f.clause.clone(), f.target.clone()];
                row.extend(cells.iter().map(|v| v.map_or(String::new(), |v| v.name().to_string())));
                row.push(whole.name().to_string());
                w.write_record(row.iter().map(|c| neutralise(c)))?;
            }
            return w.into_inner().map_err(|e| anyhow::anyhow!("cannot write the CSV report: {e}"));
        }
        // Items carry their values; a commitment without items carries its measured figures.
        let sources = report.commitments.iter().flat_map(|f| {
            let own = if f.items.is_empty() { Some(Cow::Borrowed(&f.measured)) } else { None };
            f.items.iter().map(|i| i.values.to_map()).chain(own)
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
                w.write_record(row(&item.subject, item.verdict.name(), &item.detail(), &item.values.to_map()))?;
            }
        }
        // Skipped rows are part of the audit's evidence (SPEC §2): one row per input.
        for input in &report.inputs {
            if let Some(evidence) = skipped_rows(input) {
                let mut cells = vec![String::new(); FIXED.len() + columns.len()];
                cells[0].clone_from(&report.profile.id);
                cells[1] = "input".to_string();
                cells[5].clone_from(&input.path);
                cells[7] = evidence;
                w.write_record(cells.iter().map(|c| neutralise(c)))?;
            }
        }
        // What the customer's probes found that the vendor's log leaves out.
        if let Some(p) = &report.probes {
            for (kind, spans) in [("unreported", &p.unreported), ("unseen", &p.unseen)] {
                for s in spans {
                    let mut cells = vec![String::new(); FIXED.len() + columns.len()];
                    cells[0].clone_from(&report.profile.id);
                    cells[1] = format!("probes:{kind}");
                    cells[5].clone_from(&s.start);
                    cells[7] = match kind {
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
            let mut cells = vec![String::new(); FIXED.len() + columns.len()];
            cells[0].clone_from(&report.profile.id);
            cells[1] = format!("claim:{}", c.commitment);
            cells[5] = super::claim_figure(c);
            cells[6] = c.status.name().to_string();
            cells[7].clone_from(&c.explanation);
            cells[8] =
                format!("claimed {}, measured {}", c.claimed, c.measured.map_or("—".to_string(), |m| m.to_string()));
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
        let bytes = CsvExporter.render(&report, &RenderOptions::default()).unwrap();
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
