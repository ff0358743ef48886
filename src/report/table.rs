//! The terminal table: a header with profile, period and inputs, one row per commitment
//! (commitment, clause, target, measured, verdict, evidence), and with `--detail` one row per
//! item under its commitment; then the notes and the overall verdict. Control characters
//! and bidirectional controls from the report (an ESC in a ticket id would drive the
//! terminal, a U+202E reverse what follows) are shown as U+FFFD, and long fields are cut
//! ([`super::text`]): a cell's layout costs the square of its length.

use std::borrow::Cow;
use std::fmt::Write as _;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, Color, ContentArrangement, Table};

use super::text::{is_hidden, shorten, MAX_FIELD_CHARS, MAX_SENTENCE_CHARS};
use super::{Exporter, RenderOptions, Report};
use crate::checks::Verdict;

/// `--format table`.
pub struct TableExporter;

/// `s` with every control character — C0 (tab and line breaks included), DEL and C1 — and
/// every bidirectional control replaced by U+FFFD, so that text from the inputs cannot move
/// the cursor, colour or retitle the terminal, reorder what it shows, nor break the table's
/// lines.
pub fn printable(s: &str) -> Cow<'_, str> {
    if s.chars().any(is_hidden) {
        Cow::Owned(s.chars().map(|c| if is_hidden(c) { '\u{FFFD}' } else { c }).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// A short field (id, subject, path) as shown: printable, cut at [`MAX_FIELD_CHARS`].
fn field(s: &str) -> String {
    printable(&shorten(s, MAX_FIELD_CHARS)).into_owned()
}

/// A sentence (evidence, detail, note) as shown: printable, cut at [`MAX_SENTENCE_CHARS`].
fn sentence(s: &str) -> String {
    printable(&shorten(s, MAX_SENTENCE_CHARS)).into_owned()
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
        let (p, s) = (field, sentence);
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
                Cell::new(s(&f.headline)),
                verdict_cell(f.verdict, opts.color),
                Cell::new(s(&f.evidence)),
            ]);
            if opts.detail {
                for item in &f.items {
                    table.add_row(vec![
                        Cell::new(format!("  {}", p(&item.subject))),
                        Cell::new(""),
                        Cell::new(""),
                        Cell::new(s(&item.detail())),
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
            writeln!(out, "note: {}", s(n))?;
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

    #[test]
    fn bidi_controls_are_hidden_and_long_cells_cut() {
        // U+202E would show "exe.gnp" as "png.exe"; U+2066 opens an isolate.
        assert_eq!(printable("T-1\u{202e}gnp.exe\u{2066}"), "T-1\u{FFFD}gnp.exe\u{FFFD}");
        // A 100,000-character ticket id (Cyrillic letters: counted apart from the rest) in a 120-column terminal: the cell shows its first
        // 200 characters and "…" (laying out the whole of it took minutes: the square of its
        // length); the evidence, a sentence, keeps up to 1000.
        let mut report = crate::report::tests::sample();
        report.commitments[0].items[0].subject = "ж".repeat(100_000);
        report.commitments[0].evidence = "щ".repeat(100_000);
        let opts = RenderOptions { detail: true, color: false, width: Some(120) };
        let text = String::from_utf8(TableExporter.render(&report, &opts).unwrap()).unwrap();
        let count = |c: char| text.chars().filter(|x| *x == c).count();
        assert_eq!(count('ж'), 200, "{text}");
        assert_eq!(count('щ'), 1000);
        assert_eq!(count('…'), 2);
    }
}
