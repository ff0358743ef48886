//! Accepted exceptions (`--waivers FILE`, TOML): breaches both parties agreed to accept, each
//! with the commitment it concerns, what it covers (an item's subject — a ticket id, a day, a
//! month, an interruption's start — or the whole commitment for a period), why, who approved
//! it and when, and the last day it holds. Every problem in the file is reported at once with
//! its line.
//!
//! ```toml
//! [[waiver]]
//! commitment = "ticket.resolution.blocking"
//! subject = "TS-105"
//! justification = "customer agreed the delay (steering committee of 2026-11-05)"
//! approved_by = "account manager"
//! approved_on = "2026-11-05"
//! expires = "2027-06-30"
//! ```

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use super::parse_date;
use super::source::SmallText;

/// One accepted exception.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    /// Line of its `[[waiver]]` table.
    pub line: usize,
    /// The commitment id.
    pub commitment: String,
    /// The item it covers; `None` for the whole commitment.
    pub subject: Option<String>,
    /// With no subject, the period it covers (`2026-10`, `2026-Q3`, `2026`); `None`: any.
    pub period: Option<String>,
    /// Why the breach is accepted.
    pub justification: String,
    /// Who approved it.
    pub approved_by: String,
    /// When it was approved.
    pub approved_on: Option<NaiveDate>,
    /// The last day it holds (to the end of that day in the profile's zone).
    pub expires: NaiveDate,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    waiver: Vec<toml::Spanned<RawWaiver>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    commitment: String,
    subject: Option<String>,
    period: Option<String>,
    justification: String,
    approved_by: String,
    approved_on: Option<DateText>,
    expires: DateText,
}

/// A date written as a string (`"2027-06-30"`) or as a bare TOML date (`2027-06-30`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum DateText {
    Text(String),
    Date(toml::value::Datetime),
}

impl DateText {
    fn text(&self) -> String {
        match self {
            DateText::Text(s) => s.clone(),
            DateText::Date(d) => d.to_string(),
        }
    }
}

/// The longest waivers file read.
const MAX_BYTES: u64 = 1 << 20;

/// The 1-based line of byte `offset` of `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|b| **b == b'\n').count() + 1
}

/// Reads a waivers file; `commitments` are the profile's ids, which every waiver must name.
/// All problems are returned together, each starting with `FILE:LINE:`.
pub fn read(path: &Path, commitments: &[&str]) -> Result<Vec<Waiver>, Vec<String>> {
    let file = path.display().to_string();
    // A waivers file is a few kilobytes of TOML: past 1 MiB it is not one (nor is /dev/zero),
    // and it is refused before it is held.
    let text = match super::source::read_small_text(path, MAX_BYTES) {
        Err(e) => return Err(vec![format!("{file}: cannot read the waivers file: {e}")]),
        Ok(SmallText::TooLong) => {
            return Err(vec![format!(
                "{file}: longer than {MAX_BYTES} bytes; expected a waivers file (a few kilobytes of TOML)"
            )])
        }
        Ok(SmallText::NotUtf8 { line, byte }) => {
            return Err(vec![format!("{file}:{line}: not UTF-8 text (byte {byte}); expected a UTF-8 file")])
        }
        Ok(SmallText::Text(text)) => text,
    };
    let raw: RawFile = toml::from_str(&text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(&text, s.start));
        vec![format!("{file}:{line}: {}", e.message().trim())]
    })?;
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for spanned in raw.waiver {
        let line = line_of(&text, spanned.span().start);
        let w = spanned.into_inner();
        let mut bad = |what: String| problems.push(format!("{file}:{line}: {what}"));
        if !commitments.contains(&w.commitment.as_str()) {
            bad(format!(
                "unknown commitment `{}`; expected one of the profile's: {}",
                w.commitment,
                commitments.join(", ")
            ));
        }
        if w.justification.trim().is_empty() {
            bad("empty justification; expected why the breach is accepted".to_string());
        }
        if w.approved_by.trim().is_empty() {
            bad("empty approved_by; expected who approved the waiver".to_string());
        }
        let expires_text = w.expires.text();
        let expires = parse_date(&expires_text);
        if expires.is_none() {
            bad(format!(
                "invalid expires `{expires_text}`; expected a date YYYY-MM-DD (the last day the waiver holds)"
            ));
        }
        let approved_on = match w.approved_on.as_ref().map(DateText::text) {
            None => None,
            Some(s) => {
                let d = parse_date(&s);
                if d.is_none() {
                    bad(format!("invalid approved_on `{s}`; expected a date YYYY-MM-DD"));
                }
                d
            }
        };
        if let Some(p) = &w.period {
            if w.subject.is_some() {
                bad("both subject and period; expected a subject (one item) or a period (the whole commitment)".into());
            }
            if super::period::parse_period(p, chrono_tz::UTC).is_err() {
                bad(format!("invalid period `{p}`; expected a month (2026-10), a quarter (2026-Q3) or a year (2026)"));
            }
        }
        if let Some(s) = w.subject.as_deref().filter(|s| s.trim().is_empty()) {
            bad(format!("empty subject `{s}`; expected an item (a ticket id, a day, a month) or no subject at all"));
        }
        if let Some(expires) = expires {
            out.push(Waiver {
                line,
                commitment: w.commitment,
                // Trimmed like input cells: ` TS-102 ` names TS-102.
                subject: w.subject.map(|s| s.trim().to_string()),
                period: w.period,
                justification: w.justification,
                approved_by: w.approved_by,
                approved_on,
                expires,
            });
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Result<Vec<Waiver>, Vec<String>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.toml");
        std::fs::write(&path, text).unwrap();
        read(&path, &["availability", "ticket.resolution.blocking"]).map_err(|v| {
            v.into_iter().map(|p| p.rsplit_once("w.toml").map(|(_, r)| r.to_string()).unwrap_or(p)).collect()
        })
    }

    #[test]
    fn waivers_with_their_lines() {
        let w = read_text(
            "# accepted\n[[waiver]]\ncommitment = \"ticket.resolution.blocking\"\nsubject = \"TS-105\"\n\
             justification = \"agreed\"\napproved_by = \"AM\"\napproved_on = \"2026-11-05\"\nexpires = \"2027-06-30\"\n\n\
             [[waiver]]\ncommitment = \"availability\"\nperiod = \"2026-10\"\njustification = \"DC move\"\n\
             approved_by = \"AM\"\nexpires = \"2026-12-31\"\n",
        )
        .unwrap();
        assert_eq!(w.len(), 2);
        assert_eq!((w[0].line, w[0].subject.as_deref()), (2, Some("TS-105")));
        assert_eq!(w[1].line, 10);
        assert_eq!(w[1].period.as_deref(), Some("2026-10"));
        // A bare TOML date is a date too.
        let w = read_text(
            "[[waiver]]\ncommitment = \"availability\"\njustification = \"x\"\napproved_by = \"AM\"\n\
             approved_on = 2026-11-05\nexpires = 2027-06-30\n",
        )
        .unwrap();
        assert_eq!(w[0].expires.to_string(), "2027-06-30");
    }

    /// Regression: the file was read whole, whatever its size (`--waivers /dev/zero` grew
    /// until memory ran out), and a file that is not UTF-8 was refused with no line.
    #[test]
    fn a_file_too_long_or_not_utf8_is_refused_before_it_is_held() {
        let e = read(Path::new("/dev/zero"), &["availability"]).unwrap_err();
        assert_eq!(
            e,
            vec![format!(
                "/dev/zero: longer than {MAX_BYTES} bytes; expected a waivers file (a few kilobytes of TOML)"
            )]
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.toml");
        std::fs::write(&path, b"[[waiver]]\ncommitment = \"availability\"\njustification = \"caf\xe9\"\n").unwrap();
        let e = read(&path, &["availability"]).unwrap_err();
        // line 1 is 11 bytes with its line feed, line 2 28, and `justification = "caf` 20: the
        // bad byte is at 11 + 28 + 20 = 59, on line 3
        assert!(e[0].ends_with("w.toml:3: not UTF-8 text (byte 59); expected a UTF-8 file"), "{e:?}");
    }

    #[test]
    fn every_problem_at_once() {
        let e = read_text(
            "[[waiver]]\ncommitment = \"uptime\"\njustification = \"\"\napproved_by = \"AM\"\nexpires = \"30/06/2027x\"\n",
        )
        .unwrap_err();
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(e[0].starts_with(":1: unknown commitment `uptime`"), "{e:?}");
        assert!(e[2].contains("invalid expires `30/06/2027x`"), "{e:?}");
        let e = read_text("[[waiver]]\ncommitment = \"availability\"\nexpire = \"2027-01-01\"\n").unwrap_err();
        assert!(e[0].starts_with(":3:") || e[0].starts_with(":1:"), "{e:?}");
    }
}
