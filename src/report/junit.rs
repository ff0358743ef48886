//! The JUnit XML report, for CI dashboards: one `<testsuite>` per profile and one
//! `<testcase>` per commitment. A failed commitment is a `<failure>` carrying the evidence and
//! the failing items; `not-audited` and `n/a` are `<skipped>`; pass, warn and open pass, with
//! the evidence in `<system-out>`. Rows skipped with `--skip-invalid` are counted with their
//! reasons in the input's property and in the testsuite's `<system-out>`. Written by hand (a
//! few lines) with [`escape_xml`].

use std::fmt::Write as _;

use super::csv::skipped_rows;
use super::text::is_hidden;
use super::{Exporter, RenderOptions, Report};
use crate::checks::Verdict;

/// `--format junit`.
pub struct JunitExporter;

/// Escapes text for an XML attribute or element: `& < > " '` become entities; control
/// characters but tab and line feed (C0, which XML 1.0 forbids, DEL and C1, which it allows
/// but a terminal obeys), bidirectional controls, and U+FFFE and U+FFFF become U+FFFD.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' => out.push(c),
            c if is_hidden(c) || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

impl Exporter for JunitExporter {
    fn render(&self, report: &Report, _opts: &RenderOptions) -> anyhow::Result<Vec<u8>> {
        let e = escape_xml;
        let count = |pred: fn(Verdict) -> bool| report.commitments.iter().filter(|f| pred(f.verdict)).count();
        use crate::checks::claims::ClaimStatus;
        let claims = |s: ClaimStatus| report.claims.iter().filter(|c| c.status == s).count();
        let tests = report.commitments.len() + report.claims.len();
        let failures = count(|v| v == Verdict::Fail) + claims(ClaimStatus::Disputed);
        let skipped = count(|v| matches!(v, Verdict::NotAudited | Verdict::NotApplicable | Verdict::Waived))
            + claims(ClaimStatus::Unverifiable);
        let mut out = String::new();
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<testsuites name="livret" tests="{tests}" failures="{failures}" errors="0" skipped="{skipped}">"#
        )?;
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{tests}" failures="{failures}" errors="0" skipped="{skipped}">"#,
            e(&report.profile.id)
        )?;
        writeln!(out, "    <properties>")?;
        let props = [
            ("profile.name", report.profile.name.as_str()),
            ("period.from", &report.period.from.text()),
            ("period.to", &report.period.to.text()),
            ("period.as_of", &report.period.as_of.text()),
            ("verdict", report.verdict.name()),
            ("schema", report.schema),
        ];
        for (k, v) in props {
            writeln!(out, r#"      <property name="{k}" value="{}"/>"#, e(v))?;
        }
        for i in &report.inputs {
            let skipped = skipped_rows(i).unwrap_or_else(|| "0 skipped".to_string());
            let value = format!("{} ({} rows, {skipped}, sha256 {})", i.path, i.rows, i.sha256);
            writeln!(out, r#"      <property name="input.{}" value="{}"/>"#, e(&i.kind), e(&value))?;
        }
        for n in &report.notes {
            writeln!(out, r#"      <property name="note" value="{}"/>"#, e(n))?;
        }
        writeln!(out, "    </properties>")?;
        for f in &report.commitments {
            let name = e(&f.id);
            let class = e(&format!("livret.{}", report.profile.id));
            let summary = format!("{} ({}; target {}): {}", f.verdict.name(), f.clause, f.target, f.evidence);
            writeln!(out, r#"    <testcase name="{name}" classname="{class}">"#)?;
            match f.verdict {
                Verdict::Fail => {
                    let mut body = summary.clone();
                    for item in f.items.iter().filter(|i| i.verdict == Verdict::Fail) {
                        write!(body, "\n{}: {}", item.subject, item.detail())?;
                    }
                    writeln!(out, r#"      <failure message="{}" type="fail">{}</failure>"#, e(&f.evidence), e(&body))?;
                }
                Verdict::NotAudited | Verdict::NotApplicable | Verdict::Waived => {
                    writeln!(out, r#"      <skipped message="{}"/>"#, e(&summary))?;
                }
                Verdict::Pass | Verdict::Warn | Verdict::Open => {
                    writeln!(out, "      <system-out>{}</system-out>", e(&summary))?;
                }
            }
            writeln!(out, "    </testcase>")?;
        }
        for c in &report.claims {
            let name = e(&format!("claim {} {}", c.commitment, super::claim_figure(c)));
            let class = e(&format!("livret.{}.claims", report.profile.id));
            writeln!(out, r#"    <testcase name="{name}" classname="{class}">"#)?;
            match c.status {
                ClaimStatus::Disputed => {
                    writeln!(out, r#"      <failure message="{}" type="disputed"/>"#, e(&c.explanation))?;
                }
                ClaimStatus::Unverifiable => {
                    writeln!(out, r#"      <skipped message="{}"/>"#, e(&c.explanation))?;
                }
                _ => writeln!(out, "      <system-out>{}</system-out>", e(&c.explanation))?,
            }
            writeln!(out, "    </testcase>")?;
        }
        let skipped_inputs: Vec<String> =
            report.inputs.iter().filter_map(|i| Some(format!("{}: {}", i.path, skipped_rows(i)?))).collect();
        if !skipped_inputs.is_empty() {
            writeln!(out, "    <system-out>{}</system-out>", e(&skipped_inputs.join("\n")))?;
        }
        writeln!(out, "  </testsuite>")?;
        writeln!(out, "</testsuites>")?;
        Ok(out.into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn skipped_rows_are_listed_with_their_reasons() {
        let mut report = crate::report::tests::sample();
        report.inputs[0].skipped = 3;
        report.inputs[0].skipped_by_reason =
            BTreeMap::from([("unknown status".into(), 1), ("invalid timestamp <T>".into(), 2)]);
        let xml = String::from_utf8(JunitExporter.render(&report, &RenderOptions::default()).unwrap()).unwrap();
        // In the input's property, and in the suite's output (escaped).
        assert!(
            xml.contains("(12 rows, 3 rows skipped: 2 invalid timestamp &lt;T&gt;, 1 unknown status, sha256 0f0f"),
            "{xml}"
        );
        assert!(
            xml.contains(
                "    <system-out>fixtures/talentsoft/tickets.csv: 3 rows skipped: 2 invalid timestamp &lt;T&gt;, \
                 1 unknown status</system-out>\n  </testsuite>"
            ),
            "{xml}"
        );
        // Nothing skipped: no suite output at all.
        report.inputs[0].skipped = 0;
        report.inputs[0].skipped_by_reason.clear();
        let xml = String::from_utf8(JunitExporter.render(&report, &RenderOptions::default()).unwrap()).unwrap();
        assert!(xml.contains("(12 rows, 0 skipped, sha256"), "{xml}");
        assert!(!xml.contains("\n    <system-out>"), "{xml}");
    }
}
