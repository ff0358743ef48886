//! The Markdown report, ready to paste into an issue or an email: a header (the period in
//! words, the verdict with its counts, when and by what the report was made), a summary table
//! (one row per commitment), then per commitment its target, evidence, a table of its measured
//! figures and a table of its failing and warned items (every item with `--detail`); then the
//! inputs read and the notes. Tables and sentences only: no JSON, no command-line hints.
//! Text from the inputs is escaped so that it renders as the same text (no link, emphasis or
//! raw HTML), without control or bidirectional characters, and long fields are cut
//! ([`super::text`]).

use std::fmt::Write as _;

use super::text::{is_hidden, shorten, MAX_FIELD_CHARS, MAX_SENTENCE_CHARS};
use super::{
    field_label, flatten_values, instant_words, local_words, period_words, round_for_display, value_columns, Exporter,
    RenderOptions, Report,
};
use crate::checks::{Item, Verdict};

/// `--format markdown`.
pub struct MarkdownExporter;

/// Escapes text for Markdown (CommonMark/GFM): punctuation that could start markup gets a
/// backslash, line breaks become spaces so that a table cell stays one cell, and other
/// control characters and bidirectional controls U+FFFD (as in the terminal table).
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            // Other control characters (ESC, BEL…) would reach a terminal that shows the text;
            // a bidirectional control (U+202E) would reorder what the reader sees.
            c if is_hidden(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn table_row(out: &mut String, cells: &[String]) -> std::fmt::Result {
    writeln!(out, "| {} |", cells.join(" | "))
}

/// "1 item", "3 items".
fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "2 fail, 3 pass, 1 open": verdicts counted, the worst first.
fn by_verdict(verdicts: impl Iterator<Item = Verdict>) -> String {
    let mut counts: Vec<(Verdict, usize)> = Vec::new();
    for v in verdicts {
        match counts.iter_mut().find(|(w, _)| *w == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    let rank = |v: Verdict| match v {
        Verdict::Fail => 0,
        Verdict::Warn => 1,
        Verdict::Pass => 2,
        Verdict::Open => 3,
        Verdict::Waived => 4,
        Verdict::NotApplicable => 5,
        Verdict::NotAudited => 6,
    };
    counts.sort_by_key(|(v, _)| rank(*v));
    counts.iter().map(|(v, n)| format!("{n} {}", v.name())).collect::<Vec<_>>().join(", ")
}

/// The commitments by verdict: "2 fail, 11 pass, 1 open, 3 not-audited".
fn counts(report: &Report) -> String {
    by_verdict(report.commitments.iter().map(|f| f.verdict))
}

impl Exporter for MarkdownExporter {
    fn render(&self, report: &Report, opts: &RenderOptions) -> anyhow::Result<Vec<u8>> {
        // Short fields (ids, subjects, values, paths) and sentences (evidence, notes), cut
        // before they are escaped.
        let e = |s: &str| escape_markdown(&shorten(s, MAX_FIELD_CHARS));
        let t = |s: &str| escape_markdown(&shorten(s, MAX_SENTENCE_CHARS));
        let mut out = String::new();
        writeln!(out, "# livret audit — {} ({})\n", e(&report.profile.name), e(&report.profile.id))?;
        writeln!(
            out,
            "- Period: {} ({} → {}, end excluded)",
            period_words(&report.period),
            report.period.from,
            report.period.to
        )?;
        if !report.period.complete {
            writeln!(
                out,
                "- **The period is not over**: audited as it stood on {}; an `open` verdict may still change.",
                local_words(report.period.as_of.local())
            )?;
        }
        writeln!(out, "- Verdict: **{}** — {}", report.verdict.name(), counts(report))?;
        match &report.generated_at {
            Some(at) => writeln!(out, "- Report made on {} by livret {}\n", instant_words(at), report.tool.version)?,
            None => writeln!(out, "- Report made by livret {}\n", report.tool.version)?,
        }

        writeln!(out, "## Summary\n")?;
        table_row(&mut out, &["Commitment", "Clause", "Target", "Measured", "Verdict"].map(String::from))?;
        writeln!(out, "|---|---|---|---|---|")?;
        for f in &report.commitments {
            let verdict = format!("**{}**", f.verdict.name());
            table_row(&mut out, &[e(&f.id), e(&f.clause), e(&f.target), t(&f.headline), verdict])?;
        }

        writeln!(out, "\n## Commitments")?;
        for f in &report.commitments {
            writeln!(out, "\n### {} — {}\n", e(&f.id), f.verdict.name())?;
            writeln!(out, "Clause {}; target {}.\n", e(&f.clause), e(&f.target))?;
            if !f.evidence.is_empty() {
                writeln!(out, "{}\n", t(&f.evidence))?;
            }
            let measured: Vec<(String, String)> =
                flatten_values(&f.measured.to_map()).into_iter().filter(|(_, v)| !v.is_empty()).collect();
            if !measured.is_empty() {
                writeln!(out, "| Measured | Value |\n|---|---|")?;
                for (k, v) in &measured {
                    table_row(&mut out, &[e(&field_label(k)), t(v)])?;
                }
                writeln!(out)?;
            }
            if f.items.is_empty() {
                continue;
            }
            // Failing and warned items always; every item with --detail.
            let listed: Vec<&Item> =
                f.items.iter().filter(|i| opts.detail || matches!(i.verdict, Verdict::Fail | Verdict::Warn)).collect();
            let total = f.items.len();
            if !listed.is_empty() {
                let what = if opts.detail {
                    plural(total, "item", "items")
                } else {
                    format!("{} of {}, failing or warned", listed.len(), plural(total, "item", "items"))
                };
                writeln!(out, "{}:\n", capitalise(&what))?;
                let columns = value_columns(listed.iter().map(|i| i.values.to_map()));
                let mut header = vec!["Subject".to_string(), "Verdict".to_string(), "Detail".to_string()];
                header.extend(columns.iter().map(|c| e(&field_label(c))));
                table_row(&mut out, &header)?;
                writeln!(out, "|{}", "---|".repeat(header.len()))?;
                for item in &listed {
                    let flat = flatten_values(&item.values.to_map());
                    let mut cells = vec![e(&item.subject), item.verdict.name().to_string(), t(&item.detail())];
                    for c in &columns {
                        cells.push(flat.iter().find(|(k, _)| k == c).map(|(_, v)| e(v)).unwrap_or_default());
                    }
                    table_row(&mut out, &cells)?;
                }
                writeln!(out)?;
            }
            if listed.len() < total {
                let rest: Vec<&Item> =
                    f.items.iter().filter(|i| !matches!(i.verdict, Verdict::Fail | Verdict::Warn)).collect();
                let lead = if listed.is_empty() { "Items" } else { "The other items" };
                writeln!(out, "{lead}: {}.", by_verdict(rest.iter().map(|i| i.verdict)))?;
            }
        }

        if !report.inputs.is_empty() {
            writeln!(out, "\n## Inputs\n")?;
            table_row(&mut out, &["Kind", "File", "Rows", "Skipped", "Covers", "SHA-256"].map(String::from))?;
            writeln!(out, "|---|---|---|---|---|---|")?;
            for i in &report.inputs {
                let mut skipped = i.skipped.to_string();
                if !i.skipped_by_reason.is_empty() {
                    let reasons: Vec<String> = i.skipped_by_reason.iter().map(|(r, n)| format!("{n} {r}")).collect();
                    skipped = format!("{skipped} ({})", reasons.join(", "));
                }
                let sha = format!("`{}`", i.sha256);
                let covers = match (&i.first, &i.last) {
                    (Some(a), Some(b)) => format!("{a} → {b}"),
                    _ => "—".to_string(),
                };
                table_row(&mut out, &[e(&i.kind), e(&i.path), i.rows.to_string(), t(&skipped), e(&covers), sha])?;
            }
        }
        if let Some((labels, rows)) = super::matrix(report) {
            let by = report.breakdown.as_ref().map_or("", |b| b.by);
            writeln!(out, "\n## By {by}\n")?;
            let mut header = vec!["Commitment".to_string()];
            header.extend(labels.iter().map(|l| l.to_string()));
            header.push("Whole period".to_string());
            table_row(&mut out, &header)?;
            writeln!(out, "|{}", "---|".repeat(header.len()))?;
            for (id, cells, whole) in rows {
                let mut row = vec![e(id)];
                row.extend(cells.iter().map(|v| v.map_or("—".to_string(), |v| v.name().to_string())));
                row.push(whole.name().to_string());
                table_row(&mut out, &row)?;
            }
        }
        if !report.claims.is_empty() {
            writeln!(out, "\n## The vendor's claims\n\n{}\n", report.claims_summary())?;
            table_row(&mut out, &["Commitment", "Figure", "Claimed", "Measured", "Claim", "Why"].map(String::from))?;
            writeln!(out, "|---|---|---|---|---|---|")?;
            for c in &report.claims {
                let shown = |x: f64| round_for_display(x, super::display_decimals(&c.figure));
                let measured = c.measured.map_or("—".to_string(), shown);
                table_row(
                    &mut out,
                    &[
                        e(&c.commitment),
                        e(&super::claim_figure(c)),
                        shown(c.claimed),
                        measured,
                        c.status.name().to_string(),
                        t(&c.explanation),
                    ],
                )?;
            }
        }
        if !report.notes.is_empty() {
            writeln!(out, "\n## Notes\n")?;
            for n in &report.notes {
                writeln!(out, "- {}", t(n))?;
            }
        }
        writeln!(out, "\n_livret {} · report schema {}_", report.tool.version, report.schema)?;
        Ok(out.into_bytes())
    }
}
