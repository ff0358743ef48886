//! The terminal table: a header with profile, period and inputs, one row per commitment
//! (commitment, clause, target, measured, verdict, evidence), and with `--detail` one row per
//! item under its commitment; then the notes and the overall verdict. Control characters
//! from the report (an ESC in a ticket id would drive the terminal) are shown as U+FFFD.

use std::borrow::Cow;
use std::fmt::Write as _;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, Color, ContentArrangement, Table};

use super::{Exporter, RenderOptions, Report};
use crate::checks::Verdict;

/// `--format table`.
pub struct TableExporter;

/// `s` with every control character — C0 (tab and line breaks included), DEL and C1 —
/// replaced by U+FFFD, so that text from the inputs cannot move the cursor, colour or retitle
/// the terminal, nor break the table's lines.
pub fn printable(s: &str) -> Cow<'_, str> {
    if s.chars().any(char::is_control) {
        Cow::Owned(s.chars().map(|c| if c.is_control() { '\u{FFFD}' } else { c }).collect())
    } else {
        Cow::Borrowed(s)
    }
}

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
        let p = printable;
        let mut out = String::new();
        writeln!(out, "livret audit — {} ({})", p(&report.profile.name), p(&report.profile.id))?;
        let period = &report.period;
        writeln!(out, "period {} → {} (as of {})", p(&period.from), p(&period.to), p(&period.as_of))?;
        if !period.complete {
            writeln!(
                out,
                "period not over at as-of: audited as it stands; what is still to come may change an `open`"
            )?;
        }
        for i in &report.inputs {
            write!(out, "input {}: {} ({} rows", p(&i.kind), p(&i.path), i.rows)?;
            if let (Some(first), Some(last)) = (&i.first, &i.last) {
                write!(out, ", {} → {}", p(first), p(last))?;
            }
            if i.skipped > 0 {
                let reasons: Vec<String> = i.skipped_by_reason.iter().map(|(r, n)| format!("{n} {}", p(r))).collect();
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
                Cell::new(p(&f.id)),
                Cell::new(p(&f.clause)),
                Cell::new(p(&f.target)),
                Cell::new(p(&f.headline)),
                verdict_cell(f.verdict, opts.color),
                Cell::new(p(&f.evidence)),
            ]);
            if opts.detail {
                for item in &f.items {
                    table.add_row(vec![
                        Cell::new(format!("  {}", p(&item.subject))),
                        Cell::new(""),
                        Cell::new(""),
                        Cell::new(p(&item.detail())),
                        verdict_cell(item.verdict, opts.color),
                        Cell::new(""),
                    ]);
                }
            }
        }
        writeln!(out, "{table}")?;
        if let Some((labels, rows)) = super::matrix(report) {
            let mut m = Table::new();
            m.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).force_no_tty();
            if opts.color {
                m.enforce_styling();
            }
            if let Some(width) = opts.width {
                m.set_width(width);
            }
            let mut header = vec!["commitment".to_string()];
            header.extend(labels.iter().map(|l| l.to_string()));
            header.push("whole".to_string());
            m.set_header(header);
            for (id, cells, whole) in rows {
                let mut row = vec![Cell::new(p(id))];
                row.extend(cells.iter().map(|v| match v {
                    Some(v) => verdict_cell(*v, opts.color),
                    None => Cell::new("—"),
                }));
                row.push(verdict_cell(whole, opts.color));
                m.add_row(row);
            }
            writeln!(out, "by {}:\n{m}", report.breakdown.as_ref().map_or("", |b| b.by))?;
        }
        for n in &report.notes {
            writeln!(out, "note: {}", p(n))?;
        }
        if !report.claims.is_empty() {
            writeln!(out, "vendor's claims against the evidence: {}", report.claims_summary())?;
            for c in &report.claims {
                let figure = super::claim_figure(c);
                writeln!(out, "claim {} {}: {}", p(&c.commitment), p(&figure), p(&c.explanation))?;
            }
        }
        writeln!(out, "verdict: {}", report.verdict.name())?;
        Ok(out.into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_from_the_inputs_never_reach_the_terminal() {
        assert_eq!(printable("T-1"), "T-1");
        // ESC (C0), DEL, CSI (C1, U+009B), tab and line feed all become U+FFFD; accents stay.
        assert_eq!(
            printable("\u{1b}[31mT-1\u{7f}\u{9b}2J\tété\n"),
            "\u{FFFD}[31mT-1\u{FFFD}\u{FFFD}2J\u{FFFD}été\u{FFFD}"
        );
        let mut report = crate::report::tests::sample();
        report.commitments[0].items[0].subject = "\u{1b}[31mT-1".into();
        report.commitments[0].items[0].detail = "\u{9b}2J".into();
        report.commitments[0].evidence = "worst \u{1b}]0;pwned\u{7}".into();
        report.inputs[0].path = "tk\u{1b}[2K.csv".into();
        report.notes.push("bell\u{7}".into());
        for color in [false, true] {
            let opts = RenderOptions { detail: true, color, width: Some(200) };
            let text = String::from_utf8(TableExporter.render(&report, &opts).unwrap()).unwrap();
            for bad in ["\u{1b}[31mT-1", "\u{9b}", "\u{1b}]0", "\u{7}", "\u{1b}[2K"] {
                assert!(!text.contains(bad), "{color}: {bad:?} reached the terminal: {text}");
            }
            assert!(text.contains("\u{FFFD}[31mT-1"), "{text}");
            assert!(text.contains("input tickets: tk\u{FFFD}[2K.csv"), "{text}");
            if !color {
                assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
            }
        }
    }
}
