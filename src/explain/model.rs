//! What `livret explain` says, as data: one [`Explanation`] per command, one [`Part`] per
//! commitment explained, each with its sentences, its key figures (named as in the audit's
//! JSON items) and its tables. The three formats (text, JSON, Markdown) render this one value.

use std::fmt::Write as _;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table as Comfy};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::checks::Verdict;

/// Schema id of the JSON form.
pub const SCHEMA: &str = "livret.explain/1";

/// The explanation of one commitment (or of every ticket commitment) for one subject.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Explanation {
    /// `livret.explain/1`.
    pub schema: &'static str,
    /// What was asked: a commitment id, or `ticket` for every ticket commitment.
    pub commitment: String,
    /// The subject asked about (a ticket id, a day, a month, a run), if any.
    pub subject: Option<String>,
    /// Profile id.
    pub profile: String,
    /// The audited period, in the profile's zone: first instant, end (excluded), as-of.
    pub period: PeriodText,
    /// Sentences about the subject as a whole (a ticket: its title, severity and calendar).
    pub lines: Vec<String>,
    /// One part per commitment explained, in catalogue order.
    pub parts: Vec<Part>,
    /// What the audit would refuse about the subject (a ticket without the severity its
    /// resolution commitments need): the command exits 2 after explaining.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
    /// `explain ticket ID` (or a ticket commitment with its ticket): where the ticket's
    /// severity came from, and its rows skipped and severity cells blanked by `--skip-invalid`.
    /// (`lines` says the same in sentences.)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket: Option<TicketEvidence>,
}

/// What the reading did to the evidence of the ticket explained.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TicketEvidence {
    /// The severity the audit takes for it (`blocking`, `major`, `minor`), if any.
    pub severity: Option<&'static str>,
    /// Where that severity came from.
    pub severity_from: SeverityFrom,
    /// Its rows skipped by `--skip-invalid`, not read (the first 100, in the order read).
    pub skipped_rows: Vec<RowNote>,
    /// How many of its rows were skipped in all.
    pub skipped_rows_count: u64,
    /// Per file, rows skipped whose ticket could not be read: this ticket's may be among them.
    pub skipped_rows_unknown_ticket: Vec<FileRows>,
    /// Its severity cells blanked by `--skip-invalid` (an unknown severity; the row's status
    /// change kept), the first 100, in the order read.
    pub blanked_cells: Vec<RowNote>,
    /// How many were blanked in all.
    pub blanked_cells_count: u64,
}

/// Where a ticket's severity came from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SeverityFrom {
    /// `row` (a row of the ticket history), `ticket-list` (its row of `--ticket-list`),
    /// `default-severity` (`--default-severity`), or `none`.
    pub source: &'static str,
    /// The file of that row (`row`, `ticket-list`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Its line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

/// A row of the ticket skipped, or a cell of it blanked: what the reader said of it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RowNote {
    /// The file as given.
    pub file: String,
    /// The row's line.
    pub line: u64,
    /// The column at fault, when one is.
    pub column: Option<String>,
    /// The value at fault, when there is one.
    pub value: Option<String>,
    /// The reason, as the audit counts skipped rows (`unknown status`, `invalid timestamp`, …).
    pub reason: String,
    /// The problem in words, as the audit and `livret check` write it (without what was
    /// expected).
    pub text: String,
}

impl From<&crate::error::InputError> for RowNote {
    fn from(e: &crate::error::InputError) -> Self {
        RowNote {
            file: e.file.clone(),
            line: e.line,
            column: e.column.as_ref().map(|(name, _)| name.clone()),
            value: e.value.clone(),
            reason: e.reason.clone(),
            text: e.brief(),
        }
    }
}

/// Rows of one file.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FileRows {
    /// The file as given.
    pub file: String,
    /// How many rows.
    pub rows: u64,
}

/// The period as the reports write it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PeriodText {
    /// First instant.
    pub from: String,
    /// End (excluded).
    pub to: String,
    /// The data as they stood then.
    pub as_of: String,
}

/// How one commitment's figure was made for one subject.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Part {
    /// Commitment id.
    pub commitment: String,
    /// Clause of the booklet.
    pub clause: String,
    /// Target in words.
    pub target: String,
    /// The subject (ticket, day, month, run), or `None` for the whole commitment.
    pub subject: Option<String>,
    /// Whether the commitment applies to the subject at all (a priority-2 ticket has no
    /// action-plan clock); a part that does not apply has a sentence and no table.
    pub applies: bool,
    /// The verdict of the audit on the subject (or the commitment); `None` when the audit has
    /// no item for it (a ticket outside the period).
    pub verdict: Option<Verdict>,
    /// Sentences, in order.
    pub lines: Vec<String>,
    /// The key figures, named as in the audit's JSON items (`measured_minutes`,
    /// `downtime_minutes`, `successes`, `max_age_days`, …), computed from the rows below.
    pub figures: Map<String, Value>,
    /// The rows that produced the figures.
    pub tables: Vec<Table>,
}

impl Part {
    /// A part with no sentence, figure or table yet.
    pub fn new(c: &crate::profile::Commitment, subject: Option<String>) -> Part {
        Part {
            commitment: c.id.clone(),
            clause: c.clause.clone(),
            target: c.target_text(),
            subject,
            applies: true,
            verdict: None,
            lines: Vec::new(),
            figures: Map::new(),
            tables: Vec::new(),
        }
    }

    /// Adds a figure.
    pub fn figure(&mut self, name: &str, value: impl Into<Value>) {
        self.figures.insert(name.to_string(), value.into());
    }
}

/// A table of rows; cells keep their JSON type (numbers stay numbers).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Table {
    /// What the rows are.
    pub title: String,
    /// Column names.
    pub columns: Vec<String>,
    /// Rows, one cell per column.
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new(title: impl Into<String>, columns: &[&str]) -> Table {
        Table { title: title.into(), columns: columns.iter().map(|c| c.to_string()).collect(), rows: Vec::new() }
    }
}

/// A cell as people read it: strings bare, null as an em dash, numbers as JSON writes them.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => "—".to_string(),
        Value::String(s) => s.clone(),
        // A list of records: each in parentheses, so that one ends where the next begins.
        Value::Array(a) if a.iter().any(Value::is_object) => {
            a.iter().map(|v| format!("({})", cell(v))).collect::<Vec<_>>().join("; ")
        }
        Value::Array(a) => a.iter().map(cell).collect::<Vec<_>>().join(", "),
        // A figure made of parts (`excluded_minutes`): each part named, as a person reads it.
        Value::Object(m) if m.is_empty() => "none".to_string(),
        Value::Object(m) => m.iter().map(|(k, v)| format!("{k} {}", cell(v))).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// `line` cut at spaces into lines of at most `width` characters (a word longer than the
/// width stays whole), continuation lines indented by two spaces; unchanged without a width.
fn wrap(line: &str, width: Option<u16>) -> String {
    let Some(width) = width.map(usize::from).filter(|w| *w > 20) else { return line.to_string() };
    if line.chars().count() <= width {
        return line.to_string();
    }
    let mut out = String::new();
    let mut current = String::new();
    for word in line.split(' ') {
        let len = current.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            out.push_str(&current);
            out.push('\n');
            current = format!("  {word}");
        } else {
            if len > 0 {
                current.push(' ');
            }
            current.push_str(word);
        }
    }
    out.push_str(&current);
    out
}

fn figures_line(figures: &Map<String, Value>) -> String {
    figures.iter().map(|(k, v)| format!("{k} {}", cell(v))).collect::<Vec<_>>().join("; ")
}

fn verdict_name(v: Option<Verdict>) -> &'static str {
    v.map_or("none (no item of the audit)", Verdict::name)
}

/// The explanation as text, tables fitted to `width` when given.
pub fn text(e: &Explanation, width: Option<u16>) -> String {
    let mut out = String::new();
    let what = match &e.subject {
        Some(s) => format!("{} {s}", e.commitment),
        None => e.commitment.clone(),
    };
    let _ = writeln!(
        out,
        "explain {what} — profile {}; period {} → {} (as of {})",
        e.profile, e.period.from, e.period.to, e.period.as_of
    );
    for l in &e.lines {
        let _ = writeln!(out, "{l}");
    }
    for p in &e.parts {
        out.push('\n');
        let subject = p.subject.as_deref().map(|s| format!(" — {s}")).unwrap_or_default();
        let _ = writeln!(out, "{}{subject} ({}; target {})", p.commitment, p.clause, p.target);
        if p.applies {
            let _ = writeln!(out, "verdict {}", verdict_name(p.verdict));
        }
        for l in &p.lines {
            let _ = writeln!(out, "{l}");
        }
        if !p.figures.is_empty() {
            let _ = writeln!(out, "figures: {}", figures_line(&p.figures));
        }
        for t in &p.tables {
            if t.rows.is_empty() {
                let _ = writeln!(out, "{}: none", t.title);
                continue;
            }
            let _ = writeln!(out, "{}:", t.title);
            let mut table = Comfy::new();
            table.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).force_no_tty();
            if let Some(w) = width {
                table.set_width(w);
            }
            table.set_header(t.columns.clone());
            for r in &t.rows {
                table.add_row(r.iter().map(cell).collect::<Vec<_>>());
            }
            let _ = writeln!(out, "{table}");
        }
    }
    // Sentences wrapped to the width; tables are fitted by comfy-table (their lines start
    // with a box-drawing character).
    if width.is_none() {
        return out;
    }
    let mut wrapped = String::with_capacity(out.len());
    for line in out.lines() {
        let table = line.starts_with(['│', '┌', '└', '├', '╞', '╘', '┆']);
        wrapped.push_str(&if table { line.to_string() } else { wrap(line, width) });
        wrapped.push('\n');
    }
    wrapped
}

/// A Markdown cell: pipes escaped, line breaks as spaces.
fn md(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The explanation as Markdown: a heading per commitment, sentences, a table per table.
pub fn markdown(e: &Explanation) -> String {
    let mut out = String::new();
    let what = match &e.subject {
        Some(s) => format!("`{}` {}", e.commitment, md(s)),
        None => format!("`{}`", e.commitment),
    };
    let _ = writeln!(out, "## Explain {what}\n");
    let _ = writeln!(
        out,
        "Profile `{}`, period {} → {} (as of {}).",
        e.profile, e.period.from, e.period.to, e.period.as_of
    );
    for l in &e.lines {
        let _ = writeln!(out, "\n{}", md(l));
    }
    for p in &e.parts {
        let subject = p.subject.as_deref().map(|s| format!(" — {}", md(s))).unwrap_or_default();
        let _ = writeln!(out, "\n### `{}`{subject}\n", p.commitment);
        let _ = writeln!(out, "{} — target {}.", md(&p.clause), md(&p.target));
        if p.applies {
            let _ = writeln!(out, "Verdict: **{}**.", verdict_name(p.verdict));
        }
        for l in &p.lines {
            let _ = writeln!(out, "\n{}", md(l));
        }
        if !p.figures.is_empty() {
            let _ = writeln!(out, "\n| figure | value |\n|---|---|");
            for (k, v) in &p.figures {
                let _ = writeln!(out, "| {k} | {} |", md(&cell(v)));
            }
        }
        for t in &p.tables {
            let _ = writeln!(out, "\n{}:\n", md(&t.title));
            if t.rows.is_empty() {
                let _ = writeln!(out, "none");
                continue;
            }
            let _ = writeln!(out, "| {} |", t.columns.iter().map(|c| md(c)).collect::<Vec<_>>().join(" | "));
            let _ = writeln!(out, "|{}|", t.columns.iter().map(|_| "---").collect::<Vec<_>>().join("|"));
            for r in &t.rows {
                let _ = writeln!(out, "| {} |", r.iter().map(|v| md(&cell(v))).collect::<Vec<_>>().join(" | "));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_made_of_parts_reads_as_words_not_json() {
        // Regression (review of issue 14): `excluded_minutes {"planned":180}` in the text.
        let mut m = Map::new();
        m.insert("excluded_minutes".into(), serde_json::json!({"planned": 180, "third-party": 15}));
        m.insert("nothing".into(), serde_json::json!({}));
        assert_eq!(figures_line(&m), "excluded_minutes planned 180, third-party 15; nothing none");
        // A list of records keeps each record apart (the final review: two failed backups read
        // as one run-on list).
        let mut m = Map::new();
        m.insert(
            "unsuccessful".into(),
            serde_json::json!([{"status": "failed", "line": 116}, {"status": "failed", "line": 117}]),
        );
        assert_eq!(figures_line(&m), "unsuccessful (status failed, line 116); (status failed, line 117)");
    }

    #[test]
    fn sentences_fit_the_width() {
        let line =
            "month 2026-11 (over) over the new-york-always calendar (00:00–24:00 on working days): PRT 43260 min";
        let wrapped = wrap(line, Some(40));
        assert!(wrapped.lines().all(|l| l.chars().count() <= 40), "{wrapped}");
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("  ")), "{wrapped}");
        // No word lost or cut: the words are the line's.
        assert_eq!(wrapped.split_whitespace().collect::<Vec<_>>(), line.split_whitespace().collect::<Vec<_>>());
        assert_eq!(wrap(line, None), line);
    }
}
