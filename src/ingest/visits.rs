//! Preventive visits (SPEC §2.6, `--visits`): `date,host[,duration_hours]`, one row per visit
//! of a Cegid system consultant on the customer's site (003 art. 3.2 §4). The fold,
//! [`VisitLog`], keeps the visits made as of `--as-of`.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::cut::{AsOfCut, CutWords};
use super::period::local_midnight;
use super::{parse_date, parse_timestamp, ColumnSpec, CsvInput, InputSummary, ReadOptions};
use crate::error::InputError;

/// How the visits' `rows-after-as-of` note names the visits after as-of (its label is
/// `visits`, not the file).
pub const CUT: CutWords =
    CutWords { one: "visit", many: "visits", when: "dated", dated: true, sees: "the visits as they stood then" };

/// One visit.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    /// Local day of the visit.
    pub date: NaiveDate,
    /// The server visited.
    pub host: String,
    /// How long it lasted, when given.
    pub duration_hours: Option<f64>,
    /// Line in the file.
    pub line: u64,
}

/// The columns of a visits file.
pub const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec { name: "date", aliases: &["visited_at", "timestamp", "jour"], required: true },
    ColumnSpec { name: "host", aliases: &["server", "serveur", "hôte", "site"], required: true },
    ColumnSpec { name: "duration_hours", aliases: &["duration", "durée", "hours"], required: false },
];

/// Reads a visits file, in file order.
pub fn read(path: impl Into<super::Files>, opts: &ReadOptions) -> Result<(Vec<Visit>, InputSummary), InputError> {
    let mut visits = Vec::new();
    let input = CsvInput::open("visits", path, COLUMNS, opts)?;
    let summary = input.for_each_row(|row| {
        let raw = row.required(0)?;
        let date = match parse_date(raw) {
            Some(d) => d,
            None => parse_timestamp(raw, opts.zone)
                .map(|t| t.with_timezone(&opts.zone).date_naive())
                .map_err(|e| row.error(0, raw, e.reason(), "a date YYYY-MM-DD or a timestamp"))?,
        };
        let host = row.required(1)?.to_string();
        let duration_hours = row.number(2)?;
        if let Some(h) = duration_hours.filter(|h| *h < 0.0) {
            return Err(row.error(2, &h.to_string(), "negative duration", "a number of hours ≥ 0"));
        }
        visits.push(Visit { date, host, duration_hours, line: row.line });
        Ok(())
    })?;
    Ok((visits, summary))
}

/// The visits as they stood at `--as-of`: a visit was made once its local day (in the
/// profile's zone) began before as-of. A visit dated later is left out (and noted), so a
/// rerun with a newer export does not change a past audit.
#[derive(Debug, Clone)]
pub struct VisitLog {
    /// The visits made as of as-of, in file order.
    pub visits: Vec<Visit>,
    /// Visits dated later, left out.
    pub cut: AsOfCut,
    /// What the file held (its span: the local midnights of the visits' days).
    pub summary: InputSummary,
}

impl VisitLog {
    /// Reads a visits file as it stood at `as_of`, days in `zone` (the profile's).
    pub fn read(
        path: impl Into<super::Files>,
        opts: &ReadOptions,
        zone: Tz,
        as_of: DateTime<Utc>,
    ) -> Result<VisitLog, InputError> {
        let (visits, summary) = read(path, opts)?;
        Ok(VisitLog::new(visits, zone, as_of, summary))
    }

    /// Folds visits already read.
    pub fn new(visits: Vec<Visit>, zone: Tz, as_of: DateTime<Utc>, mut summary: InputSummary) -> VisitLog {
        for v in &visits {
            summary.saw(local_midnight(zone, v.date));
        }
        let mut cut = AsOfCut::new(as_of);
        let visits = visits.into_iter().filter(|v| cut.keep_if(local_midnight(zone, v.date) < as_of)).collect();
        VisitLog { visits, cut, summary }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_or_timestamps_and_optional_durations() {
        let path = std::env::temp_dir().join(format!("livret-visits-{}.csv", std::process::id()));
        std::fs::write(&path, "date,serveur,durée\n2026-02-10,SRV1,\"7,5\"\n2026-05-19 09:00,SRV2,\n").unwrap();
        let opts = ReadOptions { delimiter: None, zone: chrono_tz::Europe::Paris, ..Default::default() };
        let (visits, summary) = read(&path, &opts).unwrap();
        std::fs::remove_file(&path).ok();
        assert_eq!(summary.rows, 2);
        assert_eq!(visits[0].duration_hours, Some(7.5));
        assert_eq!(visits[1].date, NaiveDate::from_ymd_opt(2026, 5, 19).unwrap());
        assert_eq!(visits[1].duration_hours, None);
    }
}
