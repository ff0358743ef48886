//! The as-of cut and the production filter, once for every input.
//!
//! An audit sees its inputs as they stood at `--as-of`: the fold of each input (its module
//! here in `ingest`) leaves out the rows dated after it and counts them in an [`AsOfCut`].
//! The report's `rows-after-as-of` note is written from that count by one function,
//! [`AsOfCut::text`] (wrapped with its code by `model::Note::rows_after_as_of`), in the
//! input's own words ([`CutWords`]: "2 backups taken after as-of (…) left out: the audit sees
//! the log as it stood then"). Likewise the rows of environments other than production, which
//! the backup and downtime folds leave out and count per environment
//! ([`other_environments`], note `other-environments`).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// How an input's note names the rows the cut left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CutWords {
    /// One row: "backup".
    pub one: &'static str,
    /// Several: "backups".
    pub many: &'static str,
    /// What comes before "after as-of": "dated", "taken", "starting at or"; empty for nothing.
    pub when: &'static str,
    /// Whether the note gives the as-of instant (in the profile's zone).
    pub dated: bool,
    /// What the audit sees as it stood then ("the log as it stood then"); empty for no such
    /// clause.
    pub sees: &'static str,
}

/// How the tickets' note names the rows of a history export after as-of.
pub const TICKET_ROWS: CutWords =
    CutWords { one: "row", many: "rows", when: "dated", dated: true, sees: "the tickets as they stood then" };

/// How the tickets' note names the changes of a field-history export after as-of.
pub const TICKET_CHANGES: CutWords = CutWords {
    one: "changes (status or priority)",
    many: "changes (status or priority)",
    when: "dated",
    dated: true,
    sees: "the tickets as they stood then",
};

/// The rows an input's fold left out because they are dated after as-of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AsOfCut {
    /// The instant the input is seen at.
    pub as_of: DateTime<Utc>,
    /// Rows left out.
    pub after: u64,
}

impl AsOfCut {
    /// A cut at `as_of` that has left nothing out yet.
    pub fn new(as_of: DateTime<Utc>) -> AsOfCut {
        AsOfCut { as_of, after: 0 }
    }

    /// Whether a row dated `t` is seen (at or before as-of); counts it when it is not.
    pub fn keep(&mut self, t: DateTime<Utc>) -> bool {
        self.keep_if(t <= self.as_of)
    }

    /// Counts a row the input's own rule says is not seen yet (`seen` false); returns `seen`.
    pub fn keep_if(&mut self, seen: bool) -> bool {
        if !seen {
            self.after += 1;
        }
        seen
    }

    /// The note on the rows left out, when there are any: "`label`: 2 backups taken after
    /// as-of (2025-04-01T00:00:00+02:00) left out: the audit sees the log as it stood then",
    /// as-of in `zone` (the profile's).
    pub fn text(&self, label: &str, words: &CutWords, zone: Tz) -> Option<String> {
        if self.after == 0 {
            return None;
        }
        let rows = plural(self.after, words.one, words.many);
        let when = if words.when.is_empty() { String::new() } else { format!(" {}", words.when) };
        let at =
            if words.dated { format!(" ({})", self.as_of.with_timezone(&zone).to_rfc3339()) } else { String::new() };
        let sees = if words.sees.is_empty() { String::new() } else { format!(": the audit sees {}", words.sees) };
        Some(format!("{label}: {rows}{when} after as-of{at} left out{sees}"))
    }
}

/// How an input's note names the rows of other environments it left out.
#[derive(Debug, Clone, Copy)]
pub struct EnvironmentWords {
    /// The environments: "test environments".
    pub which: &'static str,
    /// One environment's count: "{env}: {n}" or "{n} {env}".
    pub each: fn(&str, u64) -> String,
    /// What was done with them: "ignored", "left out".
    pub done: &'static str,
    /// What counts instead: "only production backups count".
    pub counts: &'static str,
}

/// The note on the rows of environments other than production an input left out (`rows`:
/// per environment name as written), when there are any: "`label`: 3 rows of test
/// environments (recette: 3) ignored: only production backups count".
pub fn other_environments(label: &str, rows: &BTreeMap<String, u64>, words: &EnvironmentWords) -> Option<String> {
    if rows.is_empty() {
        return None;
    }
    let total: u64 = rows.values().sum();
    let each: Vec<String> = rows.iter().map(|(e, n)| (words.each)(e, *n)).collect();
    Some(format!(
        "{label}: {} of {} ({}) {}: {}",
        plural(total, "row", "rows"),
        words.which,
        each.join(", "),
        words.done,
        words.counts
    ))
}

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDS: CutWords =
        CutWords { one: "backup", many: "backups", when: "taken", dated: true, sees: "the log as it stood then" };

    #[test]
    fn counts_rows_after_as_of_and_words_them() {
        let as_of = DateTime::parse_from_rfc3339("2025-03-31T22:00:00Z").unwrap().with_timezone(&Utc);
        let mut cut = AsOfCut::new(as_of);
        assert!(cut.keep(as_of));
        assert_eq!(cut.text("b.csv", &WORDS, chrono_tz::Europe::Paris), None);
        assert!(!cut.keep(as_of + chrono::Duration::seconds(1)));
        assert_eq!(
            cut.text("b.csv", &WORDS, chrono_tz::Europe::Paris).unwrap(),
            "b.csv: 1 backup taken after as-of (2025-04-01T00:00:00+02:00) left out: the audit sees the log as it \
             stood then"
        );
        let bare = CutWords { one: "alert", many: "alerts", when: "dated", dated: false, sees: "" };
        cut.keep_if(false);
        assert_eq!(cut.text("a.csv", &bare, chrono_tz::UTC).unwrap(), "a.csv: 2 alerts dated after as-of left out");
    }

    #[test]
    fn words_other_environments() {
        let mut rows = BTreeMap::new();
        assert_eq!(other_environments("d.csv", &rows, &DOWN), None);
        rows.insert("staging".to_string(), 2);
        rows.insert("test".to_string(), 1);
        assert_eq!(
            other_environments("d.csv", &rows, &DOWN).unwrap(),
            "d.csv: 3 rows of environments other than production (2 staging, 1 test) left out: only production counts"
        );
    }

    const DOWN: EnvironmentWords = EnvironmentWords {
        which: "environments other than production",
        each: |e, n| format!("{n} {e}"),
        done: "left out",
        counts: "only production counts",
    };
}
