//! The terminal table: a header with profile, period and inputs, one row per commitment
//! (commitment, clause, target, measured, verdict, evidence), and with `--detail` one row per
//! item under its commitment; then the notes and the overall verdict.

use std::fmt::Write as _;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, Color, ContentArrangement, Table};

use super::{Exporter, RenderOptions, Report};
use crate::checks::Verdict;

/// `--format table`.
pub struct TableExporter;

fn verdict_cell(v: Verdict, color: bool) -> Cell {
    let cell = Cell::new(v.name());
    if !color {
        return cell;
    }
    match v {
        Verdict::Pass => cell.fg(Color::Green),
        Verdict::Fail => cell.fg(Color::Red),
        Verdict::Warn | Verdict::Open => cell.fg(Color::Yellow),
        _ => cell.fg(Color::DarkGrey),
    }
}

impl Exporter for TableExporter {
    fn render(&self, report: &Report, opts: &RenderOptions) -> anyhow::Result<Vec<u8>> {
        let mut out = String::new();
        writeln!(out, "livret audit — {} ({})", report.profile.name, report.profile.id)?;
        writeln!(out, "period {} → {} (as of {})", report.period.from, report.period.to, report.period.as_of)?;
        for i in &report.inputs {
            write!(out, "input {}: {} ({} rows", i.kind, i.path, i.rows)?;
            if i.skipped > 0 {
                let reasons: Vec<String> = i.skipped_by_reason.iter().map(|(r, n)| format!("{n} {r}")).collect();
                write!(out, ", {} skipped: {}", i.skipped, reasons.join(", "))?;
            }
            writeln!(out, ")")?;
        }
        let mut table = Table::new();
        // The caller decides colour and width (it knows where the bytes go); comfy-table's
        // own look at stdout would be wrong for a file or with NO_COLOR.
        table.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).force_no_tty();
        if opts.color {
            table.enforce_styling();
        }
        if let Some(width) = opts.width {
            table.set_width(width);
        }
        table.set_header(["commitment", "clause", "target", "measured", "verdict", "evidence"]);
        for f in &report.commitments {
            table.add_row(vec![
                Cell::new(&f.id),
                Cell::new(&f.clause),
                Cell::new(&f.target),
                Cell::new(&f.headline),
                verdict_cell(f.verdict, opts.color),
                Cell::new(&f.evidence),
            ]);
            if opts.detail {
                for item in &f.items {
                    table.add_row(vec![
                        Cell::new(format!("  {}", item.subject)),
                        Cell::new(""),
                        Cell::new(""),
                        Cell::new(&item.detail),
                        verdict_cell(item.verdict, opts.color),
                        Cell::new(""),
                    ]);
                }
            }
        }
        writeln!(out, "{table}")?;
        for n in &report.notes {
            writeln!(out, "note: {n}")?;
        }
        writeln!(out, "verdict: {}", report.verdict.name())?;
        Ok(out.into_bytes())
    }
}
