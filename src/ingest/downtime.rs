//! Downtime log reader (SPEC §2.2): one row per interruption of the service. Rows become
//! [`Interruption`]s with a canonical [`DowntimeKind`]; French and English kind names are
//! accepted. Only production counts: rows of other environments are counted per environment
//! (the report says so) rather than dropped silently.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::cut::{AsOfCut, CutWords, EnvironmentWords};
use super::{fold, ColumnSpec, CsvInput, InputSummary, ReadOptions};
use crate::error::InputError;
use crate::profile::DOWNTIME_KINDS as KINDS;

/// How the downtime log's `rows-after-as-of` note names the interruptions after as-of.
pub const CUT: CutWords = CutWords {
    one: "interruption",
    many: "interruptions",
    when: "starting at or",
    dated: true,
    sees: "the log as it stood then",
};

/// How the downtime log's `other-environments` note names the rows of other environments.
pub const OTHER_ENVIRONMENTS: EnvironmentWords = EnvironmentWords {
    which: "environments other than production",
    each: |e, n| format!("{n} {e}"),
    done: "left out",
    counts: "only production counts",
};

pub use crate::profile::DowntimeKind;

// The kind is the profile's vocabulary (a commitment excludes kinds); reading one from a cell,
// folded like every name of an input, is the readers'.
impl DowntimeKind {
    /// A kind by any accepted name (case, accents, `-`/`_`/space ignored).
    pub fn parse(s: &str) -> Option<DowntimeKind> {
        let f = fold(s);
        KINDS.iter().find(|(_, canon, names)| f == fold(canon) || names.contains(&f.as_str())).map(|(k, _, _)| *k)
    }
}

fn kind_names() -> String {
    let names: Vec<&str> = KINDS.iter().map(|(_, n, _)| *n).collect();
    format!(
        "one of {} (or incident, panne, maintenance, maintenance urgente, tiers, client, hors périmètre)",
        names.join(", ")
    )
}

/// One interruption of the production service.
#[derive(Debug, Clone, PartialEq)]
pub struct Interruption {
    /// Start.
    pub start: DateTime<Utc>,
    /// End; `None` while still going.
    pub end: Option<DateTime<Utc>>,
    /// Its kind.
    pub kind: DowntimeKind,
    /// When planned maintenance was announced.
    pub announced_at: Option<DateTime<Utc>>,
    /// Service concerned, if given.
    pub service: Option<String>,
    /// Description, if given.
    pub description: Option<String>,
    /// Line in the file.
    pub line: u64,
}

impl Interruption {
    /// The span the audit sees at `as_of`: [start, end), an end after `as_of` (or none)
    /// read as `as_of`; `None` when the interruption starts at or after `as_of`.
    pub fn seen(&self, as_of: DateTime<Utc>) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        (self.start < as_of).then(|| (self.start, self.end.map_or(as_of, |e| e.min(as_of))))
    }

    /// Whether it was still going at `as_of`.
    pub fn ongoing_at(&self, as_of: DateTime<Utc>) -> bool {
        self.start < as_of && self.end.is_none_or(|e| e > as_of)
    }
}

const START: usize = 0;
const END: usize = 1;
const KIND: usize = 2;
const ENVIRONMENT: usize = 3;
const ANNOUNCED: usize = 4;
const SERVICE: usize = 5;
const DESCRIPTION: usize = 6;

/// The columns of a downtime log.
pub const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec { name: "start", aliases: &["début", "from", "started_at"], required: true },
    ColumnSpec { name: "end", aliases: &["fin", "to", "ended_at"], required: true },
    ColumnSpec { name: "kind", aliases: &["type", "nature"], required: false },
    ColumnSpec { name: "environment", aliases: &["env", "environnement"], required: false },
    ColumnSpec { name: "announced_at", aliases: &["annoncé le", "notified_at"], required: false },
    ColumnSpec { name: "service", aliases: &[], required: false },
    ColumnSpec { name: "description", aliases: &[], required: false },
];

/// Reads a downtime log and hands each interruption to `sink` with its environment (`None`
/// for production), in file order.
pub fn read(
    path: impl Into<super::Files>,
    opts: &ReadOptions,
    mut sink: impl FnMut(Interruption, Option<String>),
) -> Result<InputSummary, InputError> {
    let input = CsvInput::open("downtime", path, COLUMNS, opts)?;
    input.for_each_row(|row| {
        let start = row.timestamp(START, opts.zone)?;
        let end = row.opt_timestamp(END, opts.zone)?;
        if let Some(e) = end {
            if e < start {
                let v = row.get(END).unwrap_or("");
                return Err(row.error(
                    END,
                    v,
                    "end before start",
                    &format!("an end at or after the start ({}), or empty while still going", start.to_rfc3339()),
                ));
            }
        }
        let kind = match row.get(KIND) {
            None => DowntimeKind::Unplanned,
            Some(v) => DowntimeKind::parse(v).ok_or_else(|| row.error(KIND, v, "unknown kind", &kind_names()))?,
        };
        let announced_at = row.opt_timestamp(ANNOUNCED, opts.zone)?;
        // The environment: `None` for production (the default), else its folded name.
        let env = match row.get(ENVIRONMENT) {
            None => None,
            Some(v) => (!super::is_production(v)).then(|| fold(v)),
        };
        sink(
            Interruption {
                start,
                end,
                kind,
                announced_at,
                service: row.get(SERVICE).map(str::to_string),
                description: row.get(DESCRIPTION).map(str::to_string),
                line: row.line,
            },
            env,
        );
        Ok(())
    })
}

/// A downtime log: its production interruptions, and how many rows other environments had.
#[derive(Debug, Clone)]
pub struct DowntimeLog {
    /// Production interruptions, by start then line.
    pub interruptions: Vec<Interruption>,
    /// Rows of other environments, per (folded) environment name.
    pub other_environments: BTreeMap<String, u64>,
    /// What the file held.
    pub summary: InputSummary,
}

impl DowntimeLog {
    /// Reads a downtime log, keeping production rows.
    pub fn read(path: impl Into<super::Files>, opts: &ReadOptions) -> Result<DowntimeLog, InputError> {
        let mut interruptions = Vec::new();
        let mut other_environments: BTreeMap<String, u64> = BTreeMap::new();
        let mut span = None;
        let mut summary = read(path, opts, |i: Interruption, env| match env {
            None => {
                // Where the log's evidence stops: its latest start, end or announcement.
                for t in [Some(i.start), i.end, i.announced_at].into_iter().flatten() {
                    super::widen(&mut span, t);
                }
                interruptions.push(i)
            }
            Some(e) => *other_environments.entry(e).or_default() += 1,
        })?;
        summary.span = span;
        interruptions.sort_by(|a, b| a.start.cmp(&b.start).then(a.line.cmp(&b.line)));
        Ok(DowntimeLog { interruptions, other_environments, summary })
    }

    /// The interruptions not begun at `as_of` (starting at or after it). The log keeps them:
    /// a check sees an interruption only as far as it went by as-of ([`Interruption::seen`]),
    /// so one not begun is never counted.
    pub fn cut(&self, as_of: DateTime<Utc>) -> AsOfCut {
        let mut cut = AsOfCut::new(as_of);
        for i in &self.interruptions {
            cut.keep_if(i.start < as_of);
        }
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::OnInvalid;
    use std::io::Write;

    fn opts() -> ReadOptions {
        ReadOptions {
            delimiter: None,
            zone: chrono_tz::Europe::Paris,
            on_invalid: OnInvalid::Stop,
            ..Default::default()
        }
    }

    fn file(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        f
    }

    #[test]
    fn kinds_in_french_and_english() {
        assert_eq!(DowntimeKind::parse("Panne"), Some(DowntimeKind::Unplanned));
        assert_eq!(DowntimeKind::parse("outage"), Some(DowntimeKind::Unplanned));
        assert_eq!(DowntimeKind::parse("Maintenance planifiée"), Some(DowntimeKind::Planned));
        assert_eq!(DowntimeKind::parse("maintenance"), Some(DowntimeKind::Planned));
        assert_eq!(DowntimeKind::parse("Maintenance urgente"), Some(DowntimeKind::UrgentMaintenance));
        assert_eq!(DowntimeKind::parse("emergency_maintenance"), Some(DowntimeKind::UrgentMaintenance));
        assert_eq!(DowntimeKind::parse("Force majeure"), Some(DowntimeKind::ForceMajeure));
        assert_eq!(DowntimeKind::parse("Service tiers"), Some(DowntimeKind::ThirdParty));
        assert_eq!(DowntimeKind::parse("THIRD-PARTY"), Some(DowntimeKind::ThirdParty));
        assert_eq!(DowntimeKind::parse("Équipement client"), Some(DowntimeKind::CustomerSide));
        assert_eq!(DowntimeKind::parse("Hors périmètre"), Some(DowntimeKind::OutOfScope));
        assert_eq!(DowntimeKind::parse("reboot"), None);
        for (k, name, _) in KINDS {
            assert_eq!(DowntimeKind::parse(name), Some(*k));
            assert_eq!(k.name(), *name);
        }
    }

    #[test]
    fn french_semicolon_file_with_environments() {
        let f = file(
            "\u{feff}Début;Fin;Nature;Environnement;Annoncé le\n\
             12/10/2026 03:00;12/10/2026 05:00;Maintenance planifiée;Production;01/10/2026 10:00\n\
             14/10/2026 10:00;;panne;;\n\
             15/10/2026 10:00;15/10/2026 11:00;panne;Recette;\n\
             16/10/2026 10:00;16/10/2026 11:00;;préprod;\n",
        );
        let log = DowntimeLog::read(f.path(), &opts()).unwrap();
        assert_eq!(log.summary.rows, 4);
        assert_eq!(log.interruptions.len(), 2);
        let first = &log.interruptions[0];
        assert_eq!(first.kind, DowntimeKind::Planned);
        assert_eq!(first.start.to_rfc3339(), "2026-10-12T01:00:00+00:00");
        assert_eq!(first.announced_at.unwrap().to_rfc3339(), "2026-10-01T08:00:00+00:00");
        // Empty end: still going; empty environment: production; empty kind: unplanned.
        assert_eq!(log.interruptions[1].end, None);
        assert_eq!(log.other_environments.get("recette"), Some(&1));
        assert_eq!(log.other_environments.get("preprod"), Some(&1));
    }

    #[test]
    fn ongoing_interruption_is_seen_up_to_as_of() {
        let f = file("start,end\n2026-10-31 23:00,\n");
        let log = DowntimeLog::read(f.path(), &opts()).unwrap();
        let i = &log.interruptions[0];
        let as_of = DateTime::parse_from_rfc3339("2026-11-01T00:00:00+01:00").unwrap().with_timezone(&Utc);
        // 23:00 → 24:00 Paris: 60 minutes seen at as-of.
        let (s, e) = i.seen(as_of).unwrap();
        assert_eq!((e - s).num_minutes(), 60);
        assert!(i.ongoing_at(as_of));
        // Seen from before it started, it does not exist yet.
        assert_eq!(i.seen(i.start), None);
    }

    #[test]
    fn end_before_start_names_line_column_and_value() {
        let f = file(
            "start,end,kind\n2026-10-05 10:00,2026-10-05 11:00,incident\n2026-10-06 10:00,2026-10-06 09:00,incident\n",
        );
        let err = DowntimeLog::read(f.path(), &opts()).unwrap_err();
        assert_eq!(err.line, 3);
        assert_eq!(err.reason, "end before start");
        assert_eq!(err.column, Some(("end".to_string(), 2)));
        assert_eq!(err.value.as_deref(), Some("2026-10-06 09:00"));
    }

    #[test]
    fn unknown_kind_is_an_input_error_or_skipped() {
        let f =
            file("start,end,kind\n2026-10-05 10:00,2026-10-05 11:00,reboot\n2026-10-06 10:00,2026-10-06 11:00,panne\n");
        let err = DowntimeLog::read(f.path(), &opts()).unwrap_err();
        assert_eq!((err.line, err.reason.as_str()), (2, "unknown kind"));
        let skip = ReadOptions { on_invalid: OnInvalid::Skip, ..opts() };
        let log = DowntimeLog::read(f.path(), &skip).unwrap();
        assert_eq!(log.interruptions.len(), 1);
        assert_eq!(log.summary.skipped_by_reason.get("unknown kind"), Some(&1));
    }

    #[test]
    fn every_other_environment_is_left_out_and_counted() {
        // SPEC §2.2: only production counts. "Live" is production; "UAT" and "pre-prod" are
        // other environments, counted per name for the report's note.
        let f = file(
            "start,end,env\n2026-10-05 10:00,2026-10-05 11:00,Live\n2026-10-05 12:00,2026-10-05 13:00,UAT\n\
             2026-10-05 14:00,2026-10-05 15:00,pre-prod\n",
        );
        let log = DowntimeLog::read(f.path(), &opts()).unwrap();
        assert_eq!(log.interruptions.len(), 1);
        assert_eq!(log.other_environments.get("uat"), Some(&1));
        assert_eq!(log.other_environments.get("pre prod"), Some(&1));
    }
}
