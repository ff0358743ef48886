//! The HTML report: one self-contained page (inline CSS, inline SVG, no script, no external
//! asset; a Content-Security-Policy forbids loading any) with the period in words, the overall
//! verdict, when and by which livret it was made, a summary table, the charts of
//! [`super::charts`], each commitment's evidence with its failing and warned items (every item
//! with `--detail`), the inputs read and the notes. Everything that came from the inputs goes
//! through [`escape_html`], and long fields are cut ([`super::text`]).

use std::fmt::Write as _;

use super::charts::{charts, verdict_class};
use super::text::{is_hidden, shorten, MAX_FIELD_CHARS, MAX_SENTENCE_CHARS};
use super::{
    field_label, flatten_values, instant_words, local_words, period_words, round_for_display, value_columns, Exporter,
    RenderOptions, Report,
};
use crate::checks::Verdict;

/// `--format html`.
pub struct HtmlExporter;

/// Escapes text for HTML element content and quoted attribute values: `& < > " '`; control
/// characters but tab and line feed, and bidirectional controls (U+202E would reorder what the
/// reader sees; an entity would not help, the browser decodes it), become U+FFFD.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if is_hidden(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1b1b1b;background:#fff;line-height:1.4}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
.muted{color:#555}.badge{display:inline-block;white-space:nowrap;padding:.1rem .6rem;border-radius:.8rem;font-weight:700;color:#fff}
.badge.v-pass{background:#2e7d32}.badge.v-fail{background:#c62828}.badge.v-warn{background:#b26a00}.badge.v-open{background:#1565c0}
.badge.v-na,.badge.v-not-audited{background:#757575}.badge.v-waived{background:#5e35b1}
.verdict-line{font-size:1.25rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.92rem}th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1rem 0 2rem}figcaption{color:#444;margin-bottom:.4rem}
svg.chart{width:100%;height:auto;max-width:900px;display:block;background:#fafafa;border:1px solid #e0e0e0}
svg .grid{stroke:#ddd;stroke-width:1}svg .axis,svg .label,svg .legend,svg .daynum{font-size:11px;fill:#333}
svg .daynum{font-size:9px;fill:#222;pointer-events:none}
svg .target{stroke:#000;stroke-width:1.5;stroke-dasharray:6 4}svg .target-label{font-size:11px;fill:#000}
svg .tick{stroke:#000;stroke-width:2}
svg .v-pass{fill:#4caf50}svg .v-fail{fill:#e53935}svg .v-warn{fill:#ffb300}svg .v-open{fill:#42a5f5}
svg .v-na,svg .v-not-audited{fill:#bdbdbd}svg .v-waived{fill:#b39ddb}svg .v-none{fill:#eeeeee}svg .v-outside{fill:#fff;stroke:#f0f0f0}
svg .clipped{stroke:#000;stroke-dasharray:2 2}svg .weekend{opacity:.85}
svg .s0{fill:#1e88e5}svg .s1{fill:#8e24aa}svg .s2{fill:#00897b}svg .s3{fill:#f4511e}svg .s4{fill:#6d4c41}svg .s5{fill:#546e7a}
svg .over{stroke:#c62828;stroke-width:2}
article{border-left:4px solid #ddd;padding-left:1rem;margin:1.2rem 0}article.v-fail{border-color:#c62828}article.v-pass{border-color:#2e7d32}
article.v-warn{border-color:#b26a00}article.v-open{border-color:#1565c0}
dl{display:grid;grid-template-columns:max-content auto;gap:.1rem 1rem;margin:.4rem 0}dt{color:#555}dd{margin:0}
footer{margin-top:3rem;color:#777;font-size:.85rem}
code.sha{font-size:.8rem;overflow-wrap:anywhere;word-break:break-all}td.sha{max-width:18rem}
.items-note{color:#555;font-size:.92rem}
@media print{body{margin:0;max-width:none}figure,article{break-inside:avoid}}
"#;

fn badge(v: Verdict) -> String {
    format!(r#"<span class="badge {}">{}</span>"#, verdict_class(v), v.name())
}

impl Exporter for HtmlExporter {
    fn render(&self, report: &Report, opts: &RenderOptions) -> anyhow::Result<Vec<u8>> {
        // Short fields (ids, subjects, values, paths) and sentences (evidence, notes), cut
        // before they are escaped.
        let e = |s: &str| escape_html(&shorten(s, MAX_FIELD_CHARS));
        let t = |s: &str| escape_html(&shorten(s, MAX_SENTENCE_CHARS));
        let mut o = String::new();
        let name = shorten(&report.profile.name, MAX_FIELD_CHARS);
        let title = format!("livret audit — {name} — {}", period_words(&report.period));
        writeln!(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")?;
        writeln!(o, r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#)?;
        writeln!(
            o,
            r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">"#
        )?;
        writeln!(o, "<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>", t(&title))?;

        writeln!(
            o,
            "<header>\n<h1>livret audit — {} <span class=\"muted\">({})</span></h1>",
            e(&report.profile.name),
            e(&report.profile.id)
        )?;
        writeln!(
            o,
            r#"<p class="period" id="period">Period: <strong>{}</strong> <span class="muted">({} → {}, end excluded)</span></p>"#,
            e(&period_words(&report.period)),
            e(&report.period.from.text()),
            e(&report.period.to.text())
        )?;
        if !report.period.complete {
            writeln!(
                o,
                r#"<p><strong>The period is not over</strong>: audited as it stood on {}; an <em>open</em> verdict may still change.</p>"#,
                e(&local_words(report.period.as_of.local()))
            )?;
        }
        writeln!(o, r#"<p class="verdict-line" id="verdict">Verdict: {}</p>"#, badge(report.verdict))?;
        let mut counts: Vec<(Verdict, usize)> = Vec::new();
        for f in &report.commitments {
            match counts.iter_mut().find(|(v, _)| *v == f.verdict) {
                Some((_, n)) => *n += 1,
                None => counts.push((f.verdict, 1)),
            }
        }
        counts.sort();
        let counts: Vec<String> = counts.iter().map(|(v, n)| format!("{n} {}", v.name())).collect();
        writeln!(o, r#"<p class="muted">{} commitments: {}</p>"#, report.commitments.len(), counts.join(" · "))?;
        let made = match &report.generated_at {
            Some(at) => format!("Report made on {} by livret {}", instant_words(at), report.tool.version),
            None => format!("Report made by livret {}", report.tool.version),
        };
        writeln!(o, r#"<p class="muted" id="generated">{}</p>"#, e(&made))?;
        writeln!(o, "</header>")?;

        writeln!(o, "<section id=\"summary\">\n<h2>Summary</h2>\n<table>")?;
        writeln!(o, "<tr><th>Commitment</th><th>Clause</th><th>Target</th><th>Measured</th><th>Verdict</th><th>Evidence</th></tr>")?;
        for f in &report.commitments {
            writeln!(
                o,
                r##"<tr><td><a href="#c-{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"##,
                e(&f.id),
                e(&f.id),
                e(&f.clause),
                e(&f.target),
                t(&f.headline),
                badge(f.verdict),
                t(&f.evidence)
            )?;
        }
        writeln!(o, "</table>\n</section>")?;

        let charts = charts(report);
        if !charts.is_empty() {
            writeln!(o, "<section id=\"charts\">\n<h2>Charts</h2>")?;
            for c in &charts {
                writeln!(o, "<figure id=\"chart-{}\">\n<h3>{}</h3>", e(&c.id), t(&c.title))?;
                writeln!(o, "<figcaption>{}</figcaption>\n{}\n</figure>", t(&c.caption), c.svg)?;
            }
            writeln!(o, "</section>")?;
        }

        writeln!(o, "<section id=\"commitments\">\n<h2>Commitments</h2>")?;
        for f in &report.commitments {
            writeln!(o, r#"<article id="c-{}" class="{}">"#, e(&f.id), verdict_class(f.verdict))?;
            writeln!(o, "<h3>{} {}</h3>", e(&f.id), badge(f.verdict))?;
            writeln!(o, r#"<p class="muted">Clause {}; target {}.</p>"#, e(&f.clause), e(&f.target))?;
            if !f.evidence.is_empty() {
                writeln!(o, "<p>{}</p>", t(&f.evidence))?;
            }
            let measured: Vec<(String, String)> =
                flatten_values(&f.measured.to_map()).into_iter().filter(|(_, v)| !v.is_empty()).collect();
            if !measured.is_empty() {
                writeln!(o, "<dl>")?;
                for (k, v) in &measured {
                    writeln!(o, "<dt>{}</dt><dd>{}</dd>", e(&field_label(k)), e(v))?;
                }
                writeln!(o, "</dl>")?;
            }
            // Failing and warned items always; every item with --detail.
            let attention = |v: Verdict| matches!(v, Verdict::Fail | Verdict::Warn);
            let listed: Vec<&crate::checks::Item> =
                f.items.iter().filter(|i| opts.detail || attention(i.verdict)).collect();
            if !listed.is_empty() {
                let open = if listed.len() <= 50 || !opts.detail { " open" } else { "" };
                let what = if opts.detail {
                    format!("{} items", f.items.len())
                } else {
                    format!("{} of {} items, failing or warned", listed.len(), f.items.len())
                };
                writeln!(o, "<details{open} class=\"items\"><summary>{what}</summary>\n<table>")?;
                let columns = value_columns(listed.iter().map(|i| i.values.to_map()));
                write!(o, "<tr><th>Subject</th><th>Verdict</th><th>Detail</th>")?;
                for c in &columns {
                    write!(o, "<th>{}</th>", e(&field_label(c)))?;
                }
                writeln!(o, "</tr>")?;
                for item in &listed {
                    let flat = flatten_values(&item.values.to_map());
                    write!(
                        o,
                        "<tr><td>{}</td><td>{}</td><td>{}</td>",
                        e(&item.subject),
                        badge(item.verdict),
                        t(&item.detail())
                    )?;
                    for c in &columns {
                        let v = flat.iter().find(|(k, _)| k == c).map(|(_, v)| v.as_str()).unwrap_or("");
                        write!(o, "<td>{}</td>", e(v))?;
                    }
                    writeln!(o, "</tr>")?;
                }
                writeln!(o, "</table>\n</details>")?;
            }
            if listed.len() < f.items.len() {
                let mut rest: Vec<(Verdict, usize)> = Vec::new();
                for i in f.items.iter().filter(|i| !attention(i.verdict)) {
                    match rest.iter_mut().find(|(v, _)| *v == i.verdict) {
                        Some((_, n)) => *n += 1,
                        None => rest.push((i.verdict, 1)),
                    }
                }
                rest.sort();
                let rest: Vec<String> = rest.iter().map(|(v, n)| format!("{n} {}", v.name())).collect();
                let lead = if listed.is_empty() { "Items" } else { "The other items" };
                writeln!(o, r#"<p class="items-note">{lead}: {}.</p>"#, rest.join(", "))?;
            }
            writeln!(o, "</article>")?;
        }
        writeln!(o, "</section>")?;

        if !report.inputs.is_empty() {
            writeln!(o, "<section id=\"inputs\">\n<h2>Inputs</h2>\n<table>")?;
            writeln!(o, "<tr><th>Kind</th><th>File</th><th>Rows</th><th>Skipped</th><th>SHA-256</th></tr>")?;
            for i in &report.inputs {
                let reasons: Vec<String> = i.skipped_by_reason.iter().map(|(r, n)| format!("{n} {r}")).collect();
                let skipped = if reasons.is_empty() {
                    i.skipped.to_string()
                } else {
                    format!("{} ({})", i.skipped, reasons.join(", "))
                };
                writeln!(
                    o,
                    r#"<tr><td>{}</td><td>{}</td><td class="num">{}</td><td>{}</td><td class="sha"><code class="sha">{}</code></td></tr>"#,
                    e(&i.kind),
                    e(&i.path),
                    i.rows,
                    t(&skipped),
                    e(&i.sha256)
                )?;
            }
            writeln!(o, "</table>\n</section>")?;
        }
        if let (Some((labels, rows)), Some(b)) = (super::matrix(report), report.breakdown.as_ref()) {
            writeln!(o, "<section id=\"by\">\n<h2>By {}</h2>\n<table class=\"heat\">", e(b.by))?;
            write!(o, "<tr><th>commitment</th>")?;
            for l in &labels {
                write!(o, "<th>{}</th>", e(l))?;
            }
            writeln!(o, "<th>whole period</th></tr>")?;
            for (id, cells, whole) in &rows {
                write!(o, "<tr><td>{}</td>", e(id))?;
                for (l, v) in labels.iter().zip(cells) {
                    match v {
                        Some(v) => write!(
                            o,
                            r##"<td class="{}"><a href="#by-{}-{}">{}</a></td>"##,
                            verdict_class(*v),
                            e(l),
                            e(id),
                            v.name()
                        )?,
                        None => write!(o, "<td>—</td>")?,
                    }
                }
                writeln!(o, r#"<td class="{}">{}</td></tr>"#, verdict_class(*whole), whole.name())?;
            }
            writeln!(o, "</table>")?;
            for p in b.periods.iter().filter(|p| p.period.is_some()) {
                writeln!(o, "<h3>{}</h3>\n<ul>", e(&p.label))?;
                for f in &p.commitments {
                    writeln!(
                        o,
                        r#"<li id="by-{}-{}">{} {}: {}</li>"#,
                        e(&p.label),
                        e(&f.id),
                        badge(f.verdict),
                        e(&f.id),
                        e(&f.evidence)
                    )?;
                }
                writeln!(o, "</ul>")?;
            }
            writeln!(o, "</section>")?;
        }
        if !report.claims.is_empty() {
            writeln!(
                o,
                "<section id=\"claims\">\n<h2>The vendor's claims</h2>\n<p>{}</p>",
                e(&report.claims_summary())
            )?;
            writeln!(
                o,
                "<table>\n<tr><th>commitment</th><th>figure</th><th>claimed</th><th>measured</th><th>claim</th><th>why</th></tr>"
            )?;
            for c in &report.claims {
                let shown = |x: f64| round_for_display(x, super::display_decimals(&c.figure));
                let measured = c.measured.map_or("—".to_string(), shown);
                writeln!(
                    o,
                    "<tr class=\"claim-{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    c.status.name(),
                    e(&c.commitment),
                    e(&super::claim_figure(c)),
                    shown(c.claimed),
                    e(&measured),
                    c.status.name(),
                    e(&c.explanation)
                )?;
            }
            writeln!(o, "</table>\n</section>")?;
        }
        if !report.notes.is_empty() {
            writeln!(o, "<section id=\"notes\">\n<h2>Notes</h2>\n<ul>")?;
            for n in &report.notes {
                writeln!(o, "<li>{}</li>", t(n))?;
            }
            writeln!(o, "</ul>\n</section>")?;
        }
        writeln!(o, "<footer>{} · report schema {}</footer>\n</body>\n</html>", e(&made), e(report.schema))?;
        Ok(o.into_bytes())
    }
}
