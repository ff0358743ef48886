//! A note of the report: a stable code beside its text. Scripts match the code (`A1`,
//! `rows-after-as-of`, `coverage`, …; the list is in docs/report.md); people read the text,
//! which may change from one version to the next.

use std::collections::BTreeMap;
use std::fmt;

use chrono_tz::Tz;
use serde::Serialize;

use crate::ingest::cut::{self, AsOfCut, CutWords, EnvironmentWords};

/// One note: `{"code": "…", "text": "…"}` in JSON; the text alone in the formats for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// Stable code, from [`Note::CODES`].
    pub code: &'static str,
    /// The note in words.
    pub text: String,
}

impl Note {
    /// Every code a note may have, in the order docs/report.md lists them.
    pub const CODES: &'static [&'static str] = &[
        "A1",
        "A2",
        "A3",
        "A4",
        "A5",
        "A7",
        "period-incomplete",
        "unread-file",
        "rows-after-as-of",
        "other-environments",
        "samples-not-judged",
        "outside-period",
        "partial-month",
        "pre-aggregated",
        "category-not-audited",
        "purge-tolerance",
        "coverage",
        "skipped-rows",
        "calendar",
        "contract",
        "profile",
        "input-not-read",
        "support-hours",
        "waiver",
        "waivers-off",
        "probes",
        "tickets",
        "reading",
    ];

    /// A note with `code` (one of [`Note::CODES`]).
    pub fn new(code: &'static str, text: impl Into<String>) -> Note {
        debug_assert!(Note::CODES.contains(&code), "unknown note code {code}");
        Note { code, text: text.into() }
    }

    /// The `rows-after-as-of` note of an input's as-of cut, in its words (`label`: the input's
    /// path as the report names it; the as-of in `zone`, the profile's): `None` when the cut
    /// left nothing out. Every input's note is written here.
    pub fn rows_after_as_of(label: &str, cut: &AsOfCut, words: &CutWords, zone: Tz) -> Option<Note> {
        cut.text(label, words, zone).map(|t| Note::new("rows-after-as-of", t))
    }

    /// The `other-environments` note of the rows an input left out for not being production.
    /// `rows`: per environment name as written.
    pub fn other_environments(label: &str, rows: &BTreeMap<String, u64>, words: &EnvironmentWords) -> Option<Note> {
        cut::other_environments(label, rows, words).map(|t| Note::new("other-environments", t))
    }

    /// Notes with one code from texts.
    pub fn all(code: &'static str, texts: impl IntoIterator<Item = String>) -> impl Iterator<Item = Note> {
        texts.into_iter().map(move |t| Note::new(code, t))
    }
}

/// A note for tests of the formats, which show the text alone.
#[cfg(test)]
impl From<&str> for Note {
    fn from(text: &str) -> Note {
        Note::new("profile", text)
    }
}

/// The text, so that `note.contains(…)` and `note.starts_with(…)` read as on a string.
impl std::ops::Deref for Note {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_its_code_and_text_in_json_and_its_text_for_people() {
        let n = Note::new("rows-after-as-of", "tickets.csv: 2 rows dated after as-of were left out");
        assert_eq!(
            serde_json::to_string(&n).unwrap(),
            r#"{"code":"rows-after-as-of","text":"tickets.csv: 2 rows dated after as-of were left out"}"#
        );
        assert_eq!(n.to_string(), "tickets.csv: 2 rows dated after as-of were left out");
        assert!(n.starts_with("tickets.csv:"));
    }

    #[test]
    fn codes_are_unique_and_plain() {
        for (i, c) in Note::CODES.iter().enumerate() {
            assert!(!Note::CODES[..i].contains(c), "{c} twice");
            assert!(c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-'), "{c}");
        }
    }
}
