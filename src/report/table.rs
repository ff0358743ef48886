//! The terminal table, made to be read in a terminal, a pager or a cron mail: it fits a width
//! (the terminal's, else `COLUMNS`, else 100 columns — decided by the caller, see
//! [`RenderOptions::width`]). A header with profile, period and inputs; one compact row per
//! commitment — verdict, id, the measured headline — with its evidence and target wrapped
//! under it, failing commitments first (then warned, open, waived, passed, n/a; catalogue order
//! within each); the `not-audited` ones folded into one line; with `--detail` the items under
//! their commitment (only those that did not pass with `--detail=failed`, the bare flag's
//! meaning); then the `--by` matrix, the vendor's claims, the notes, and a last line with the
//! verdict and its counts. Text is wrapped at spaces, so an id is never cut (only a word wider
//! than the whole line is). Control characters and bidirectional controls from the report
//! (an ESC in a ticket id would drive the terminal, a U+202E reverse what follows) are shown
//! as U+FFFD, and long fields are cut ([`super::text`]).

use std::borrow::Cow;
use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset, Timelike};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::text::{is_hidden, shorten, MAX_FIELD_CHARS, MAX_SENTENCE_CHARS};
use super::{Exporter, RenderOptions, Report};
use crate::checks::claims::ClaimStatus;
use crate::checks::{Finding, Item, Verdict};

/// `--format table`.
pub struct TableExporter;

/// The width used when the caller gives none (no terminal and no `COLUMNS`).
pub const DEFAULT_WIDTH: u16 = 100;

/// The narrowest layout: a narrower width is laid out at this one (the terminal then wraps).
pub const MIN_WIDTH: usize = 40;

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

/// Columns a text takes in a terminal: wide characters take two, the colour sequences this
/// module writes none (the report's own text has no escape left: [`printable`]).
fn cols(s: &str) -> usize {
    if !s.contains('\u{1b}') {
        return UnicodeWidthStr::width(s);
    }
    let mut n = 0;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(|c| c.is_ascii_alphabetic());
        } else {
            n += c.width().unwrap_or(0);
        }
    }
    n
}

/// `n` with its thousands grouped: `1,402`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1 row", "1,402 rows".
fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}

/// Whether `next` stays on the line of `prev` (the words so far): a figure and its unit
/// (`475 min`, `99.5 %`, `2 h 30`), a comparison and its figure (`≥ 99.5`).
fn glued(prev: &str, next: &str) -> bool {
    let last = prev.rsplit(' ').next().unwrap_or(prev);
    let unit = next.trim_end_matches([',', ';', ':', '.', ')']);
    let figure = last.ends_with(|c: char| c.is_ascii_digit());
    (figure && matches!(unit, "h" | "min" | "ms" | "%" | "s" | "days" | "day"))
        || matches!(last, "≥" | "≤" | "<" | ">" | "=" | "×")
        || (last == "h" && next.len() >= 2 && next.as_bytes()[..2].iter().all(u8::is_ascii_digit))
        || (is_date(last.trim_start_matches('(')) && next.len() >= 5 && next.as_bytes()[2] == b':')
}

/// `2026-10-31`.
fn is_date(s: &str) -> bool {
    s.len() == 10 && s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() })
}

/// `text` in lines of at most `avail` columns, broken at spaces but not between a figure and
/// its unit ([`glued`]); a word wider than a whole line is cut by characters (the only way a
/// word is ever broken).
fn wrap(text: &str, avail: usize) -> Vec<String> {
    let avail = avail.max(1);
    let mut units: Vec<String> = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        match units.last_mut() {
            Some(prev) if glued(prev, word) => {
                prev.push(' ');
                prev.push_str(word);
            }
            _ => units.push(word.to_string()),
        }
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in &units {
        let w = cols(word);
        if used > 0 && used + 1 + w <= avail {
            line.push(' ');
            line.push_str(word);
            used += 1 + w;
            continue;
        }
        if used > 0 {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if w <= avail {
            line.push_str(word);
            used = w;
            continue;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > avail && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    if used > 0 || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Writes `text` wrapped to `width`, its first line after `first` (already laid out, e.g.
/// `note: `), the others indented by `indent` columns.
fn paragraph(out: &mut String, first: &str, indent: usize, text: &str, width: usize) {
    let mut lines = wrap(text, width.saturating_sub(cols(first).max(indent))).into_iter();
    let head = lines.next().unwrap_or_default();
    push_line(out, &format!("{first}{head}"));
    for line in lines {
        push_line(out, &format!("{}{line}", " ".repeat(indent)));
    }
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line.trim_end());
    out.push('\n');
}

/// The ANSI colour of a verdict (SGR parameters).
fn verdict_color(v: Verdict) -> &'static str {
    match v {
        Verdict::Fail => "1;31",
        Verdict::Pass => "32",
        Verdict::Warn | Verdict::Open => "33",
        _ => "90",
    }
}

fn claim_color(s: ClaimStatus) -> &'static str {
    match s {
        ClaimStatus::Disputed => "1;31",
        ClaimStatus::Confirmed => "32",
        ClaimStatus::Unfavourable => "33",
        ClaimStatus::Unverifiable => "90",
    }
}

/// `word` padded to `width` columns, coloured with `sgr` when `color`.
fn tag(word: &str, width: usize, sgr: &str, color: bool) -> String {
    let pad = " ".repeat(width.saturating_sub(cols(word)));
    if color {
        format!("\u{1b}[{sgr}m{word}\u{1b}[0m{pad}")
    } else {
        format!("{word}{pad}")
    }
}

/// The columns of aligned rows: an indent, a verdict, a key (id or subject), then text.
#[derive(Clone, Copy)]
struct Columns {
    indent: usize,
    tag_width: usize,
    key_width: usize,
    width: usize,
}

/// One aligned row: `indent` spaces, a coloured `tag` (already padded), two spaces, `key`
/// padded to `key_width`, two spaces, then `text` wrapped in what is left. A key wider than
/// `key_width` (never cut) pushes the text to the next lines, in the same column.
fn row(out: &mut String, c: Columns, tag: &str, key: &str, text: &str) {
    let Columns { indent, tag_width, key_width, width } = c;
    let key_col = indent + tag_width + 2;
    let text_col = key_col + key_width + 2;
    let lead = format!("{}{tag}  ", " ".repeat(indent));
    let avail = width.saturating_sub(text_col);
    let lines = if text.is_empty() { Vec::new() } else { wrap(text, avail) };
    let mut lines = lines.into_iter();
    if cols(key) <= key_width {
        let pad = " ".repeat(key_width - cols(key));
        let first = lines.next().unwrap_or_default();
        push_line(out, &format!("{lead}{key}{pad}  {first}"));
    } else {
        // The key alone (wrapped only when wider than the whole line).
        let mut keys = wrap(key, width.saturating_sub(key_col)).into_iter();
        push_line(out, &format!("{lead}{}", keys.next().unwrap_or_default()));
        for k in keys {
            push_line(out, &format!("{}{k}", " ".repeat(key_col)));
        }
    }
    for line in lines {
        push_line(out, &format!("{}{line}", " ".repeat(text_col)));
    }
}

/// The order commitments are listed in: what needs a look first.
fn rank(v: Verdict) -> u8 {
    match v {
        Verdict::Fail => 0,
        Verdict::Warn => 1,
        Verdict::Open => 2,
        Verdict::Waived => 3,
        Verdict::Pass => 4,
        Verdict::NotApplicable => 5,
        Verdict::NotAudited => 6,
    }
}

/// An RFC 3339 instant for people: `2026-10-05 09:00` (the report's instants are all in the
/// profile's zone); `None` when it is not one.
fn instant(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s).ok()
}

fn short_instant(s: &str) -> String {
    match instant(s) {
        Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        None => field(s),
    }
}

/// The period in words: `2026-10-01 → 2026-10-31` (days included) when it runs from midnight
/// to midnight, else its two instants.
fn period_words(from: DateTime<FixedOffset>, to: DateTime<FixedOffset>) -> String {
    let midnight = |t: &DateTime<FixedOffset>| t.hour() == 0 && t.minute() == 0 && t.second() == 0;
    if midnight(&from) && midnight(&to) {
        let last = to.date_naive().pred_opt().unwrap_or(to.date_naive());
        if last == from.date_naive() {
            format!("{}", from.format("%Y-%m-%d"))
        } else {
            format!("{} → {}", from.format("%Y-%m-%d"), last.format("%Y-%m-%d"))
        }
    } else {
        format!("{} → {}", from.format("%Y-%m-%d %H:%M"), to.format("%Y-%m-%d %H:%M"))
    }
}

/// Whether `--detail=failed` lists an item: every one that did not pass.
fn needs_a_look(item: &Item) -> bool {
    matches!(item.verdict, Verdict::Fail | Verdict::Warn | Verdict::Open | Verdict::Waived)
}

/// The last line: `verdict: fail — 11 fail, 4 pass, 0 warn, 2 open, 1 not audited`.
pub fn verdict_line(report: &Report) -> String {
    let n = |v: Verdict| report.commitments.iter().filter(|f| f.verdict == v).count();
    let mut parts = vec![
        format!("{} fail", n(Verdict::Fail)),
        format!("{} pass", n(Verdict::Pass)),
        format!("{} warn", n(Verdict::Warn)),
        format!("{} open", n(Verdict::Open)),
    ];
    for (v, words) in
        [(Verdict::Waived, "waived"), (Verdict::NotApplicable, "n/a"), (Verdict::NotAudited, "not audited")]
    {
        if n(v) > 0 {
            parts.push(format!("{} {words}", n(v)));
        }
    }
    format!("verdict: {} — {}", report.verdict.name(), parts.join(", "))
}

struct Layout {
    width: usize,
    color: bool,
}

impl Layout {
    fn header(&self, out: &mut String, report: &Report) {
        let (p, w) = (field, self.width);
        paragraph(out, "", 2, &format!("livret audit — {} ({})", p(&report.profile.name), p(&report.profile.id)), w);
        let period = &report.period;
        let mut line = format!(
            "period {}, as of {}",
            period_words(period.from.fixed(), period.to.fixed()),
            period.as_of.fixed().format("%Y-%m-%d %H:%M %:z")
        );
        if !period.complete {
            line.push_str(": not over, audited as it stands; what is still to come may change an `open`");
        }
        paragraph(out, "", 2, &line, w);
        for i in &report.inputs {
            let mut text = format!("{} ({}", p(&i.path), count(i.rows, "row", "rows"));
            if let (Some(first), Some(last)) = (&i.first, &i.last) {
                write!(text, ", {} → {}", short_instant(first), short_instant(last)).ok();
            }
            if i.skipped > 0 {
                let reasons: Vec<String> =
                    i.skipped_by_reason.iter().map(|(r, n)| format!("{} {}", grouped(*n), p(r))).collect();
                write!(text, ", {} skipped: {}", grouped(i.skipped), reasons.join(", ")).ok();
            }
            text.push(')');
            paragraph(out, &format!("input {}: ", p(&i.kind)), 2, &text, w);
        }
    }

    fn commitments(&self, out: &mut String, report: &Report, opts: &RenderOptions) {
        let mut listed: Vec<&Finding> =
            report.commitments.iter().filter(|f| f.verdict != Verdict::NotAudited).collect();
        listed.sort_by_key(|f| rank(f.verdict));
        let tag_width = listed.iter().map(|f| cols(f.verdict.name())).max().unwrap_or(4);
        let ids: Vec<String> = listed.iter().map(|f| field(&f.id)).collect();
        // The headline keeps at least 20 columns; a longer id puts it on the next line.
        let key_width = ids.iter().map(|id| cols(id)).max().unwrap_or(0).min(self.width.saturating_sub(tag_width + 26));
        let under = tag_width + 2;
        let mut last_rank = None;
        for (f, id) in listed.iter().zip(&ids) {
            if last_rank.is_some_and(|r| r != rank(f.verdict)) {
                out.push('\n');
            }
            last_rank = Some(rank(f.verdict));
            let t = tag(f.verdict.name(), tag_width, verdict_color(f.verdict), self.color);
            let c = Columns { indent: 0, tag_width, key_width, width: self.width };
            row(out, c, &t, id, &sentence(&f.headline));
            let indent = " ".repeat(under);
            if !f.evidence.is_empty() {
                paragraph(out, &indent, under, &sentence(&f.evidence), self.width);
            }
            let overridden = if f.overridden { ", overridden by the contract" } else { "" };
            let target = format!("target: {} ({}{overridden})", field(&f.target), field(&f.clause));
            paragraph(out, &indent, under, &target, self.width);
            if opts.detail {
                self.items(out, f, opts.failed_only, under);
            }
        }
        let not_audited: Vec<&Finding> =
            report.commitments.iter().filter(|f| f.verdict == Verdict::NotAudited).collect();
        if !not_audited.is_empty() {
            // Grouped by reason ("no --visits input given"), in catalogue order.
            let mut groups: Vec<(String, Vec<String>)> = Vec::new();
            for f in not_audited {
                let reason = sentence(&f.not_audited_reason());
                match groups.iter_mut().find(|(r, _)| *r == reason) {
                    Some((_, ids)) => ids.push(field(&f.id)),
                    None => groups.push((reason, vec![field(&f.id)])),
                }
            }
            let text: Vec<String> = groups.iter().map(|(r, ids)| format!("{r}: {}", ids.join(", "))).collect();
            if !listed.is_empty() {
                out.push('\n');
            }
            let t = tag("not audited —", 0, verdict_color(Verdict::NotAudited), self.color);
            paragraph(out, &format!("{t} "), 2, &text.join("; "), self.width);
        }
    }

    fn items(&self, out: &mut String, f: &Finding, failed_only: bool, indent: usize) {
        let shown: Vec<&Item> = f.items.iter().filter(|i| !failed_only || needs_a_look(i)).collect();
        // A commitment met with nothing to look at says nothing more (its headline counts).
        if shown.is_empty() && (f.items.is_empty() || matches!(f.verdict, Verdict::Pass | Verdict::NotApplicable)) {
            return;
        }
        let tag_width = shown.iter().map(|i| cols(i.verdict.name())).max().unwrap_or(4);
        let subjects: Vec<String> = shown.iter().map(|i| field(&i.subject)).collect();
        let key_width =
            subjects.iter().map(|s| cols(s)).max().unwrap_or(0).min(self.width.saturating_sub(indent + tag_width + 26));
        for (item, subject) in shown.iter().zip(&subjects) {
            let t = tag(item.verdict.name(), tag_width, verdict_color(item.verdict), self.color);
            let c = Columns { indent, tag_width, key_width, width: self.width };
            row(out, c, &t, subject, &sentence(&item.detail()));
        }
        if shown.len() < f.items.len() {
            let mut left: Vec<(Verdict, usize)> = Vec::new();
            for i in f.items.iter().filter(|i| !needs_a_look(i)) {
                match left.iter_mut().find(|(v, _)| *v == i.verdict) {
                    Some((_, n)) => *n += 1,
                    None => left.push((i.verdict, 1)),
                }
            }
            let left: Vec<String> = left.iter().map(|(v, n)| format!("{} {}", grouped(*n as u64), v.name())).collect();
            let words = format!("… and {} not listed (--detail=all lists them)", left.join(", "));
            paragraph(out, &" ".repeat(indent), indent, &words, self.width);
        }
    }

    /// The `--by` matrix in as many blocks of sub-periods as the width needs, each repeating
    /// the commitment column; rows in the order of the commitments above.
    fn matrix(&self, out: &mut String, report: &Report) {
        let Some((labels, mut rows)) = super::matrix(report) else { return };
        // Not-audited commitments are folded into one line above: no row of dashes here.
        rows.retain(|(_, _, whole)| *whole != Verdict::NotAudited);
        if rows.is_empty() {
            return;
        }
        rows.sort_by_key(|(_, _, whole)| rank(*whole));
        let by = report.breakdown.as_ref().map_or("", |b| b.by);
        // The whole period first: it stays in the first block however many blocks there are.
        let mut columns: Vec<(String, Vec<Option<Verdict>>)> =
            vec![("whole".to_string(), rows.iter().map(|(_, _, w)| Some(*w)).collect())];
        columns.extend(
            labels
                .iter()
                .enumerate()
                .map(|(i, l)| (field(l), rows.iter().map(|(_, cells, _)| cells.get(i).copied().flatten()).collect())),
        );
        let ids: Vec<String> = rows.iter().map(|(id, _, _)| field(id)).collect();
        let id_width = ids.iter().map(|i| cols(i)).max().unwrap_or(0).max(cols("commitment")).min(self.width / 2);
        let cell = |v: &Option<Verdict>| v.map_or("—", |v| v.name());
        let col_width = |(label, cells): &(String, Vec<Option<Verdict>>)| {
            cells.iter().map(|v| cols(cell(v))).chain([cols(label)]).max().unwrap_or(0)
        };
        out.push('\n');
        push_line(out, &format!("by {by}:"));
        // As many columns a block as fit (at least one), then the blocks evened out: 7 + 6
        // months rather than 12 + 1.
        let (mut fit, mut used) = (0, id_width);
        while fit < columns.len() && (fit == 0 || used + 2 + col_width(&columns[fit]) <= self.width) {
            used += 2 + col_width(&columns[fit]);
            fit += 1;
        }
        let per_block = columns.len().div_ceil(columns.len().div_ceil(fit.max(1)));
        let mut start = 0;
        while start < columns.len() {
            let mut used = id_width;
            let mut end = start;
            while end < columns.len()
                && end - start < per_block
                && (end == start || used + 2 + col_width(&columns[end]) <= self.width)
            {
                used += 2 + col_width(&columns[end]);
                end += 1;
            }
            if start > 0 {
                out.push('\n');
            }
            let block = &columns[start..end];
            let widths: Vec<usize> = block.iter().map(col_width).collect();
            let mut line = format!("{:<id_width$}", "commitment");
            for ((label, _), w) in block.iter().zip(&widths) {
                write!(line, "  {label:<w$}").ok();
            }
            push_line(out, &line);
            for (r, id) in ids.iter().enumerate() {
                let mut line = if cols(id) > id_width {
                    push_line(out, id);
                    " ".repeat(id_width)
                } else {
                    format!("{id}{}", " ".repeat(id_width - cols(id)))
                };
                for ((_, cells), w) in block.iter().zip(&widths) {
                    let v = cells[r];
                    let text = cell(&v);
                    let sgr = v.map_or("90", verdict_color);
                    write!(line, "  {}", tag(text, *w, sgr, self.color)).ok();
                }
                push_line(out, &line);
            }
            start = end;
        }
    }

    fn claims(&self, out: &mut String, report: &Report) {
        if report.claims.is_empty() {
            return;
        }
        out.push('\n');
        paragraph(
            out,
            "",
            2,
            &format!("vendor's claims against the evidence: {}", report.claims_summary()),
            self.width,
        );
        let tag_width = report.claims.iter().map(|c| cols(c.status.name())).max().unwrap_or(0);
        for c in &report.claims {
            let t = tag(c.status.name(), tag_width, claim_color(c.status), self.color);
            let text =
                format!("{} {}: {}", field(&c.commitment), field(&super::claim_figure(c)), sentence(&c.explanation));
            paragraph(out, &format!("  {t}  "), 4 + tag_width, &text, self.width);
        }
    }
}

impl Exporter for TableExporter {
    fn render(&self, report: &Report, opts: &RenderOptions) -> anyhow::Result<Vec<u8>> {
        let layout =
            Layout { width: usize::from(opts.width.unwrap_or(DEFAULT_WIDTH)).max(MIN_WIDTH), color: opts.color };
        let mut out = String::new();
        layout.header(&mut out, report);
        out.push('\n');
        layout.commitments(&mut out, report, opts);
        layout.matrix(&mut out, report);
        layout.claims(&mut out, report);
        // The header says already that the period is not over.
        let notes: Vec<_> = report.notes.iter().filter(|n| n.code != "period-incomplete").collect();
        if !notes.is_empty() {
            out.push('\n');
        }
        for n in notes {
            paragraph(&mut out, "note: ", 6, &sentence(n), layout.width);
        }
        out.push('\n');
        let line = verdict_line(report);
        if layout.color {
            let name = report.verdict.name();
            let rest = line.strip_prefix(&format!("verdict: {name}")).unwrap_or("");
            let name = tag(name, 0, verdict_color(report.verdict), true);
            paragraph(&mut out, "", 2, &format!("verdict: {name}{rest}"), layout.width);
        } else {
            paragraph(&mut out, "", 2, &line, layout.width);
        }
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
            let opts = RenderOptions { detail: true, failed_only: false, color, width: Some(200) };
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
    fn text_wraps_at_spaces_and_only_a_word_wider_than_the_line_is_cut() {
        assert_eq!(wrap("ticket.resolution.minor failed twice", 24), ["ticket.resolution.minor", "failed twice"]);
        assert_eq!(wrap("a  b", 10), ["a b"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        // A figure keeps its unit, a comparison its figure.
        assert_eq!(wrap("down 1 h 15, third-party", 8), ["down", "1 h 15,", "third-pa", "rty"]);
        assert_eq!(wrap("at 441.7 ms over", 9), ["at", "441.7 ms", "over"]);
        assert_eq!(wrap("target ≥ 99.5 % over", 10), ["target", "≥ 99.5 %", "over"]);
        assert_eq!(wrap("2 of 6 tickets", 4), ["2 of", "6", "tick", "ets"]);
        assert_eq!(wrap("at 2026-10-31 23:00 (1 h", 16), ["at", "2026-10-31 23:00", "(1 h"]);
        assert_eq!(wrap("(2026-10-14 04:00), over", 19), ["(2026-10-14 04:00),", "over"]);
        // Wide characters take two columns.
        assert_eq!(wrap("日本語 x", 6), ["日本語", "x"]);
        assert_eq!(cols("\u{1b}[1;31mfail\u{1b}[0m"), 4);
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1402), "1,402");
        assert_eq!(grouped(259_200), "259,200");
        assert_eq!(grouped(1_000_000), "1,000,000");
        assert_eq!(count(1, "row", "rows"), "1 row");
        let words = |a: &str, b: &str| period_words(instant(a).unwrap(), instant(b).unwrap());
        assert_eq!(words("2026-10-01T00:00:00+02:00", "2026-11-01T00:00:00+01:00"), "2026-10-01 → 2026-10-31");
        assert_eq!(words("2026-10-05T00:00:00+02:00", "2026-10-06T00:00:00+02:00"), "2026-10-05");
        assert_eq!(
            words("2026-10-05T09:30:00+02:00", "2026-10-06T00:00:00+02:00"),
            "2026-10-05 09:30 → 2026-10-06 00:00"
        );
    }

    #[test]
    fn a_narrow_width_is_laid_out_at_the_minimum_and_nothing_panics() {
        let report = crate::report::tests::sample();
        for width in [0u16, 1, 10, 39, 40, 41, 200, u16::MAX] {
            let opts = RenderOptions { detail: true, failed_only: false, color: true, width: Some(width) };
            let text = String::from_utf8(TableExporter.render(&report, &opts).unwrap()).unwrap();
            let limit = usize::from(width).max(MIN_WIDTH);
            for line in text.lines() {
                assert!(cols(line) <= limit, "{width}: {line}");
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
        let opts = RenderOptions { detail: true, failed_only: false, color: false, width: Some(120) };
        let text = String::from_utf8(TableExporter.render(&report, &opts).unwrap()).unwrap();
        let count = |c: char| text.chars().filter(|x| *x == c).count();
        assert_eq!(count('ж'), 200, "{text}");
        assert_eq!(count('щ'), 1000);
        assert_eq!(count('…'), 2);
    }
}
