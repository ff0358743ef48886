//! Backup log reader (SPEC §2.3): one row per backup copy. Rows become [`Backup`]s with a
//! canonical type, status and environment; French and English names are accepted, and an
//! unknown value stops the read with the file, line, column and the accepted names.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::cut::{AsOfCut, CutWords, EnvironmentWords};
use super::{fold, ColumnSpec, CsvInput, InputSummary, ReadOptions};
use crate::error::InputError;

use crate::profile::BackupType;

/// How the backup log's `rows-after-as-of` note names the rows after as-of.
pub const CUT: CutWords =
    CutWords { one: "backup", many: "backups", when: "taken", dated: true, sees: "the log as it stood then" };

/// How the backup log's `other-environments` note names the rows of test environments.
pub const OTHER_ENVIRONMENTS: EnvironmentWords = EnvironmentWords {
    which: "test environments",
    each: |e, n| format!("{e}: {n}"),
    done: "ignored",
    counts: "only production backups count",
};

/// The outcome of one backup copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BackupStatus {
    /// The copy was taken.
    Success,
    /// The backup failed.
    Failed,
    /// The copy is incomplete.
    Partial,
    /// The backup was cancelled.
    Cancelled,
}

impl BackupStatus {
    /// The canonical name.
    pub fn name(self) -> &'static str {
        match self {
            BackupStatus::Success => "success",
            BackupStatus::Failed => "failed",
            BackupStatus::Partial => "partial",
            BackupStatus::Cancelled => "cancelled",
        }
    }
}

/// Whether a row is about production (the only environment the booklets commit to).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// Production.
    Production,
    /// A test environment (recette, staging, ...): ignored, counted in a note.
    Test,
}

const TYPES: &[(BackupType, &[&str])] = &[
    (BackupType::Daily, &["daily", "quotidienne", "quotidien", "journaliere", "journalier", "full", "complete", "day"]),
    (BackupType::Monthly, &["monthly", "mensuelle", "mensuel", "month"]),
];

const STATUSES: &[(BackupStatus, &[&str])] = &[
    (BackupStatus::Success, &["success", "ok", "succes", "reussi", "reussie", "succeeded", "successful"]),
    (BackupStatus::Failed, &["failed", "echec", "echoue", "echouee", "error", "erreur", "failure", "ko"]),
    (BackupStatus::Partial, &["partial", "incomplete", "partielle", "partiel", "incomplet"]),
    (BackupStatus::Cancelled, &["cancelled", "canceled", "annulee", "annule", "aborted", "abandonnee"]),
];

fn lookup<T: Copy>(table: &[(T, &[&str])], s: &str) -> Option<T> {
    let f = fold(s);
    table.iter().find(|(_, names)| names.contains(&f.as_str())).map(|(v, _)| *v)
}

/// A backup type by any accepted name (`daily`, `Quotidienne`, `full`, `Mensuelle`, ...).
pub fn parse_type(s: &str) -> Option<BackupType> {
    lookup(TYPES, s)
}

/// A backup status by any accepted name (`success`, `Succès`, `Échec`, `Annulée`, ...).
pub fn parse_status(s: &str) -> Option<BackupStatus> {
    lookup(STATUSES, s)
}

/// An environment by any accepted name (`production`, `prod`, `recette`, `test`, ...).
pub fn parse_environment(s: &str) -> Environment {
    if super::is_production(s) {
        Environment::Production
    } else {
        Environment::Test
    }
}

/// One backup copy.
#[derive(Debug, Clone, PartialEq)]
pub struct Backup {
    /// When it was taken.
    pub taken_at: DateTime<Utc>,
    /// Daily or monthly.
    pub backup: BackupType,
    /// Outcome.
    pub status: BackupStatus,
    /// When the copy was deleted; `None`: still kept.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Where the copy is stored; `None`: not said.
    pub location: Option<String>,
    /// The database (`all` when the file does not say).
    pub database: String,
    /// Production or test.
    pub environment: Environment,
    /// The environment as written (for the note on ignored rows).
    pub environment_name: String,
    /// Line in the file.
    pub line: u64,
}

const TAKEN_AT: usize = 0;
const TYPE: usize = 1;
const STATUS: usize = 2;
const DELETED_AT: usize = 3;
const LOCATION: usize = 4;
const DATABASE: usize = 5;
const ENVIRONMENT: usize = 6;

/// The columns of a backup log.
pub const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        name: "taken_at",
        aliases: &["date", "started_at", "timestamp", "pris le", "date de sauvegarde"],
        required: true,
    },
    ColumnSpec { name: "type", aliases: &["kind"], required: true },
    ColumnSpec { name: "status", aliases: &["result", "statut", "résultat"], required: true },
    ColumnSpec {
        name: "deleted_at",
        aliases: &["expired_at", "supprimé le", "supprime_le", "date de suppression"],
        required: false,
    },
    ColumnSpec { name: "location", aliases: &["site", "emplacement"], required: false },
    ColumnSpec { name: "database", aliases: &["db", "base", "base de données"], required: false },
    ColumnSpec { name: "environment", aliases: &["env", "environnement"], required: false },
];

/// The database name used when a row does not name one.
pub const ALL_DATABASES: &str = "all";

/// Reads a backup log and hands each copy to `sink`, in file order (test-environment rows
/// included: the caller counts them).
pub fn read(
    path: impl Into<super::Files>,
    opts: &ReadOptions,
    mut sink: impl FnMut(Backup),
) -> Result<InputSummary, InputError> {
    let input = CsvInput::open("backups", path, COLUMNS, opts)?;
    input.for_each_row(|row| {
        let taken_at = row.timestamp(TAKEN_AT, opts.zone)?;
        let raw = row.required(TYPE)?;
        let backup = parse_type(raw).ok_or_else(|| {
            row.error(TYPE, raw, "unknown backup type", "daily (quotidienne, journalière, full) or monthly (mensuelle)")
        })?;
        let raw = row.required(STATUS)?;
        let status = parse_status(raw).ok_or_else(|| {
            row.error(
                STATUS,
                raw,
                "unknown backup status",
                "success (ok, succès, réussi), failed (échec, error), partial (incomplete, incomplète) or cancelled (annulée)",
            )
        })?;
        let deleted_at = row.opt_timestamp(DELETED_AT, opts.zone)?;
        if let Some(d) = deleted_at {
            if d < taken_at {
                let v = row.get(DELETED_AT).unwrap_or_default();
                return Err(row.error(DELETED_AT, v, "deleted before taken", "a deletion time after taken_at"));
            }
        }
        let (environment, environment_name) = match row.get(ENVIRONMENT) {
            None => (Environment::Production, "production".to_string()),
            Some(v) => (parse_environment(v), v.to_string()),
        };
        sink(Backup {
            taken_at,
            backup,
            status,
            deleted_at,
            location: row.get(LOCATION).map(str::to_string),
            database: row.get(DATABASE).unwrap_or(ALL_DATABASES).to_string(),
            environment,
            environment_name,
            line: row.line,
        });
        Ok(())
    })
}

/// A backup log, as it stood at `--as-of`: production rows only.
#[derive(Debug, Clone)]
pub struct BackupLog {
    /// Production copies taken at or before as-of, by time taken (file order among equals).
    /// A deletion after as-of is not seen yet: such a copy is still kept.
    pub backups: Vec<Backup>,
    /// Every database the log names (`all` when it names none).
    pub databases: BTreeSet<String>,
    /// Rows of test environments, ignored, per environment name as written.
    pub test_rows: BTreeMap<String, u64>,
    /// Production rows taken after as-of, left out.
    pub cut: AsOfCut,
    /// Deletions dated after as-of, not seen.
    pub deletions_after_as_of: u64,
    /// What the file held.
    pub summary: InputSummary,
}

impl BackupLog {
    /// Reads a backup log as it stood at `as_of`.
    pub fn read(
        path: impl Into<super::Files>,
        opts: &ReadOptions,
        as_of: DateTime<Utc>,
    ) -> Result<BackupLog, InputError> {
        let mut rows = Vec::new();
        let summary = read(path, opts, |b| rows.push(b))?;
        Ok(BackupLog::from_rows(rows, as_of, summary))
    }

    /// Builds the log from rows already read.
    pub fn from_rows(rows: Vec<Backup>, as_of: DateTime<Utc>, summary: InputSummary) -> BackupLog {
        let mut log = BackupLog {
            backups: Vec::with_capacity(rows.len()),
            databases: BTreeSet::new(),
            test_rows: BTreeMap::new(),
            cut: AsOfCut::new(as_of),
            deletions_after_as_of: 0,
            summary,
        };
        for mut b in rows {
            if b.environment == Environment::Test {
                *log.test_rows.entry(b.environment_name.clone()).or_default() += 1;
                continue;
            }
            log.summary.saw(b.taken_at);
            if !log.cut.keep(b.taken_at) {
                continue;
            }
            if b.deleted_at.is_some_and(|d| d > as_of) {
                log.deletions_after_as_of += 1;
                b.deleted_at = None;
            }
            log.databases.insert(b.database.clone());
            log.backups.push(b);
        }
        if log.databases.is_empty() {
            log.databases.insert(ALL_DATABASES.to_string());
        }
        log.backups.sort_by(|a, b| a.taken_at.cmp(&b.taken_at).then(a.line.cmp(&b.line)));
        log
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::OnInvalid;
    use std::io::Write;

    #[test]
    fn vocabularies_in_french_and_english() {
        assert_eq!(parse_type("Quotidienne"), Some(BackupType::Daily));
        assert_eq!(parse_type("JOURNALIÈRE"), Some(BackupType::Daily));
        assert_eq!(parse_type("full"), Some(BackupType::Daily));
        assert_eq!(parse_type("Mensuelle"), Some(BackupType::Monthly));
        assert_eq!(parse_type("weekly"), None);
        assert_eq!(parse_status("Succès"), Some(BackupStatus::Success));
        assert_eq!(parse_status("réussi"), Some(BackupStatus::Success));
        assert_eq!(parse_status("Échec"), Some(BackupStatus::Failed));
        assert_eq!(parse_status("incomplète"), Some(BackupStatus::Partial));
        assert_eq!(parse_status("Annulée"), Some(BackupStatus::Cancelled));
        assert_eq!(parse_status("pending"), None);
        assert_eq!(parse_environment("Recette"), Environment::Test);
        assert_eq!(parse_environment("PROD"), Environment::Production);
        assert_eq!(parse_environment("Live"), Environment::Production);
        assert_eq!(parse_environment("pre-prod"), Environment::Test);
    }

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
    fn french_semicolon_file_with_defaults() {
        let f = write(
            "\u{feff}Date;Type;Statut;Supprimé le;Emplacement\n\
             12/10/2026 01:00;Quotidienne;Succès;;Paris\n\
             2026-10-12T23:30:00Z;journalière;échec;;\n",
        );
        let mut rows = Vec::new();
        let s = read(f.path(), &opts(), |b| rows.push(b)).unwrap();
        assert_eq!(s.rows, 2);
        // 12/10/2026 01:00 Paris (CEST, UTC+2) = 2026-10-11T23:00Z.
        assert_eq!(rows[0].taken_at.to_rfc3339(), "2026-10-11T23:00:00+00:00");
        assert_eq!(rows[0].database, "all");
        assert_eq!(rows[0].environment, Environment::Production);
        assert_eq!(rows[0].location.as_deref(), Some("Paris"));
        assert_eq!(rows[1].status, BackupStatus::Failed);
        assert_eq!(rows[1].location, None);
    }

    #[test]
    fn unknown_status_names_file_line_column_and_value() {
        let f = write("taken_at,type,status\n2026-10-01 01:00,daily,success\n2026-10-02 01:00,daily,pending\n");
        let e = read(f.path(), &opts(), |_| {}).unwrap_err();
        assert_eq!(e.line, 3);
        assert_eq!(e.column, Some(("status".to_string(), 3)));
        assert_eq!(e.value.as_deref(), Some("pending"));
        assert!(e.expected.contains("annulée"), "{}", e.expected);
    }

    #[test]
    fn deletion_before_taking_is_an_error() {
        let f = write("taken_at,type,status,deleted_at\n2026-10-02 01:00,daily,ok,2026-10-01 01:00\n");
        let e = read(f.path(), &opts(), |_| {}).unwrap_err();
        assert_eq!(e.reason, "deleted before taken");
        assert_eq!(e.column, Some(("deleted_at".to_string(), 4)));
    }

    #[test]
    fn any_other_environment_is_left_out() {
        // SPEC §2.3: only production counts; "homologation" is another environment.
        let f =
            write("taken_at,type,status,env\n2026-10-02 01:00,daily,ok,homologation\n2026-10-02 02:00,daily,ok,prod\n");
        let mut rows = Vec::new();
        read(f.path(), &opts(), |b| rows.push(b)).unwrap();
        assert_eq!(rows[0].environment, Environment::Test);
        assert_eq!(rows[1].environment, Environment::Production);
    }
}
