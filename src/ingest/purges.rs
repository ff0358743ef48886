//! Purge log reader (SPEC §2.4): one row per purge run. Rows become [`PurgeRun`]s with a
//! canonical category (French and English names accepted); an unknown category, a negative or
//! fractional count, or a kept/purged record dated after the run stops the read.

use chrono::{DateTime, Utc};

use super::cut::{AsOfCut, CutWords};
use super::{fold, ColumnSpec, CsvInput, InputSummary, ReadOptions};
use crate::error::InputError;

/// How the purge log's `rows-after-as-of` note names the runs after as-of.
pub const CUT: CutWords =
    CutWords { one: "run", many: "runs", when: "", dated: true, sees: "the log as it stood then" };

/// The categories of SPEC §2.4, each with its accepted names (folded by [`fold`]).
pub const CATEGORIES: &[(&str, &[&str])] = &[
    ("system-log", &["system log", "system logs", "syslog", "logs systeme", "journaux systeme", "journal systeme"]),
    (
        "application-log",
        &["application log", "application logs", "logs applicatifs", "journal applicatif", "journaux applicatifs"],
    ),
    ("sftp-file", &["sftp file", "sftp files", "sftp", "fichiers sftp", "fichier sftp", "ftp"]),
    (
        "candidate-data",
        &["candidate data", "donnees candidats", "donnees candidat", "personal data", "donnees personnelles"],
    ),
    ("cv", &["cv", "cvs", "resume", "resumes", "curriculum vitae"]),
    ("movement-history", &["movement history", "historique des mouvements", "historique mouvements"]),
];

/// A category's canonical name by any accepted name.
pub fn parse_category(s: &str) -> Option<&'static str> {
    let f = fold(s);
    CATEGORIES.iter().find(|(canon, names)| f == fold(canon) || names.contains(&f.as_str())).map(|(c, _)| *c)
}

/// 2^53: below it, every whole number is an exact f64.
const MAX_EXACT_COUNT: f64 = 9_007_199_254_740_992.0;

/// One purge run.
#[derive(Debug, Clone, PartialEq)]
pub struct PurgeRun {
    /// When it ran.
    pub purged_at: DateTime<Utc>,
    /// Canonical category.
    pub category: &'static str,
    /// Oldest record left after the run; `None`: nothing left.
    pub oldest_kept: Option<DateTime<Utc>>,
    /// Newest record the run deleted, when known.
    pub newest_purged: Option<DateTime<Utc>>,
    /// Records deleted, when known.
    pub records_purged: Option<u64>,
    /// Line in the file.
    pub line: u64,
}

const PURGED_AT: usize = 0;
const CATEGORY: usize = 1;
const OLDEST_KEPT: usize = 2;
const NEWEST_PURGED: usize = 3;
const RECORDS: usize = 4;

/// The columns of a purge log.
pub const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec { name: "purged_at", aliases: &["date", "timestamp", "purgé le", "date de purge"], required: true },
    ColumnSpec { name: "category", aliases: &["catégorie", "target", "cible"], required: true },
    ColumnSpec { name: "oldest_kept", aliases: &["oldest_remaining", "plus ancien conservé"], required: false },
    ColumnSpec { name: "newest_purged", aliases: &["newest_deleted", "plus récent purgé"], required: false },
    ColumnSpec { name: "records_purged", aliases: &["count", "nombre", "enregistrements purgés"], required: false },
];

fn category_names() -> String {
    let names: Vec<&str> = CATEGORIES.iter().map(|(c, _)| *c).collect();
    format!("one of {} (or their French names)", names.join(", "))
}

/// Reads a purge log and hands each run to `sink`, in file order.
pub fn read(
    path: impl Into<super::Files>,
    opts: &ReadOptions,
    mut sink: impl FnMut(PurgeRun),
) -> Result<InputSummary, InputError> {
    let input = CsvInput::open("purges", path, COLUMNS, opts)?;
    input.for_each_row(|row| {
        let purged_at = row.timestamp(PURGED_AT, opts.zone)?;
        let raw = row.required(CATEGORY)?;
        let category =
            parse_category(raw).ok_or_else(|| row.error(CATEGORY, raw, "unknown category", &category_names()))?;
        let oldest_kept = row.opt_timestamp(OLDEST_KEPT, opts.zone)?;
        let newest_purged = row.opt_timestamp(NEWEST_PURGED, opts.zone)?;
        for (col, t) in [(OLDEST_KEPT, oldest_kept), (NEWEST_PURGED, newest_purged)] {
            if t.is_some_and(|t| t > purged_at) {
                let v = row.get(col).unwrap_or_default();
                return Err(row.error(col, v, "record dated after the purge", "a time no later than purged_at"));
            }
        }
        // A plain whole number is read exactly; any other number (`1204,0`) goes through f64 and
        // must stay below 2^53, where a whole f64 is exact and the cast cannot saturate.
        let records_purged = match row.get(RECORDS) {
            None => None,
            Some(v) => match v.trim().parse::<u64>() {
                Ok(n) => Some(n),
                Err(_) => match row.number(RECORDS)? {
                    Some(n) if n >= 0.0 && n.fract() == 0.0 && n < MAX_EXACT_COUNT => Some(n as u64),
                    _ => return Err(row.error(RECORDS, v, "invalid count", "a whole number of records, 0 or more")),
                },
            },
        };
        sink(PurgeRun { purged_at, category, oldest_kept, newest_purged, records_purged, line: row.line });
        Ok(())
    })
}

/// A purge log as it stood at `--as-of`.
#[derive(Debug, Clone)]
pub struct PurgeLog {
    /// Runs at or before as-of, by time (file order among equals).
    pub runs: Vec<PurgeRun>,
    /// Runs after as-of, left out.
    pub cut: AsOfCut,
    /// What the file held.
    pub summary: InputSummary,
}

impl PurgeLog {
    /// Reads a purge log as it stood at `as_of`.
    pub fn read(
        path: impl Into<super::Files>,
        opts: &ReadOptions,
        as_of: DateTime<Utc>,
    ) -> Result<PurgeLog, InputError> {
        let mut runs = Vec::new();
        let summary = read(path, opts, |r| runs.push(r))?;
        Ok(PurgeLog::from_runs(runs, as_of, summary))
    }

    /// Builds the log from runs already read.
    pub fn from_runs(runs: Vec<PurgeRun>, as_of: DateTime<Utc>, mut summary: InputSummary) -> PurgeLog {
        for r in &runs {
            summary.saw(r.purged_at);
        }
        let mut cut = AsOfCut::new(as_of);
        let mut runs: Vec<PurgeRun> = runs.into_iter().filter(|r| cut.keep(r.purged_at)).collect();
        runs.sort_by(|a, b| a.purged_at.cmp(&b.purged_at).then(a.line.cmp(&b.line)));
        PurgeLog { runs, cut, summary }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::OnInvalid;
    use std::io::Write;

    fn write(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        f
    }

    fn opts() -> ReadOptions {
        ReadOptions {
            delimiter: None,
            zone: chrono_tz::Europe::Paris,
            on_invalid: OnInvalid::Stop,
            ..Default::default()
        }
    }

    #[test]
    fn categories_by_french_and_english_names() {
        assert_eq!(parse_category("system-log"), Some("system-log"));
        assert_eq!(parse_category("Logs système"), Some("system-log"));
        assert_eq!(parse_category("Journal applicatif"), Some("application-log"));
        assert_eq!(parse_category("Fichiers SFTP"), Some("sftp-file"));
        assert_eq!(parse_category("Données candidats"), Some("candidate-data"));
        assert_eq!(parse_category("CV"), Some("cv"));
        assert_eq!(parse_category("Historique des mouvements"), Some("movement-history"));
        assert_eq!(parse_category("emails"), None);
    }

    #[test]
    fn french_file() {
        let f = write(
            "Date;Catégorie;Plus ancien conservé;Plus récent purgé;Nombre\n\
             05/10/2026 02:00;Logs système;07/07/2026 02:00;06/07/2026 23:59;1 2O4\n",
        );
        let e = read(f.path(), &opts(), |_| {}).unwrap_err();
        // "1 2O4" (a letter O) is not a number: the error names the column.
        assert_eq!(e.column, Some(("Nombre".to_string(), 5)));
        // "1 204" with a French thousands space is 1,204 records.
        let f = write(
            "Date;Catégorie;Plus ancien conservé;Plus récent purgé;Nombre\n\
             05/10/2026 02:00;Logs système;07/07/2026 02:00;06/07/2026 23:59;1 204\n",
        );
        let mut runs = Vec::new();
        read(f.path(), &opts(), |r| runs.push(r)).unwrap();
        assert_eq!(runs[0].records_purged, Some(1204));
        let f = write(
            "Date;Catégorie;Plus ancien conservé;Plus récent purgé;Nombre\n\
             05/10/2026 02:00;Logs système;07/07/2026 02:00;06/07/2026 23:59;1204\n\
             06/10/2026 02:00;CV;;;\n",
        );
        let mut runs = Vec::new();
        read(f.path(), &opts(), |r| runs.push(r)).unwrap();
        assert_eq!(runs[0].category, "system-log");
        assert_eq!(runs[0].records_purged, Some(1204));
        assert_eq!(runs[0].oldest_kept.map(|t| t.to_rfc3339()).as_deref(), Some("2026-07-07T00:00:00+00:00"));
        assert_eq!(runs[1].oldest_kept, None);
    }

    #[test]
    fn bad_rows() {
        let f = write("purged_at,category\n2026-10-05 02:00,emails\n");
        let e = read(f.path(), &opts(), |_| {}).unwrap_err();
        assert_eq!((e.line, e.reason.as_str()), (2, "unknown category"));
        let f = write("purged_at,category,oldest_kept\n2026-10-05 02:00,cv,2026-10-06 00:00\n");
        let e = read(f.path(), &opts(), |_| {}).unwrap_err();
        assert_eq!(e.reason, "record dated after the purge");
        let f = write("purged_at,category,count\n2026-10-05 02:00,cv,-3\n");
        let e = read(f.path(), &opts(), |_| {}).unwrap_err();
        assert_eq!(e.reason, "invalid count");
        // Through f64, 2^53 + 1 would read as 2^53: a decimal-form count that large is refused,
        // a plain whole number is read exactly.
        let f = write("purged_at,category,count\n2026-10-05 02:00,cv,\"9007199254740993,0\"\n");
        let e = read(f.path(), &opts(), |_| {}).unwrap_err();
        assert_eq!(e.reason, "invalid count");
        let f = write("purged_at,category,count\n2026-10-05 02:00,cv,9007199254740993\n");
        let mut runs = Vec::new();
        read(f.path(), &opts(), |r| runs.push(r)).unwrap();
        assert_eq!(runs[0].records_purged, Some(9_007_199_254_740_993));
    }
}
