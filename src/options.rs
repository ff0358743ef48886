//! Flags → validated settings: the profile with its calendar, the period and as-of instant,
//! the read options, and the input files. Checks that involve several flags live here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context as _, Result};
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::calendar::{resolve_local, Calendar, HolidayRule, Holidays};
use crate::checks::{Context, Period};
use crate::cli::{InputArgs, PeriodArgs, ProfileArgs};
use crate::ingest::scan::lines;
use crate::ingest::tickets::parse_severity;
use crate::ingest::{
    parse_date, parse_size, parse_timestamp, ColumnSpec, CsvInput, MaxInvalid, OnInvalid, ReadOptions,
    DEFAULT_MAX_RECORD_SIZE,
};
use crate::profile::{self, InputKind, Profile};
use crate::report::Format;

/// Every input kind that `--dir` looks for, with its file name.
pub const DIR_FILES: &[(InputKind, &str)] = &[
    (InputKind::Tickets, "tickets.csv"),
    (InputKind::Downtime, "downtime.csv"),
    (InputKind::Backups, "backups.csv"),
    (InputKind::Purges, "purges.csv"),
    (InputKind::ResponseTimes, "response_times.csv"),
    (InputKind::Metrics, "metrics.csv"),
    (InputKind::Alerts, "alerts.csv"),
    (InputKind::Visits, "visits.csv"),
];

/// The profile named by `--profile`, or the one a `--contract` file makes; then the flags
/// that set a commitment's parameters (`--support-start`, `--servers`).
pub fn profile(args: &ProfileArgs) -> Result<Profile> {
    let mut p = match (&args.contract, args.profile.as_deref()) {
        (Some(path), _) => profile::contract::load(path)?,
        (None, Some(id)) => profile::builtin(id).ok_or_else(|| {
            anyhow!(
                "unknown profile `{id}`; expected one of {} (aliases xrp-sprint, hr-sprint)",
                profile::PROFILE_IDS.join(", ")
            )
        })?,
        (None, None) => bail!(
            "no profile given; expected --profile with one of {}, or --contract FILE.toml",
            profile::PROFILE_IDS.join(", ")
        ),
    };
    if let Some(s) = &args.support_start {
        let d = parse_date(s).ok_or_else(|| anyhow!("invalid --support-start `{s}`; expected a date YYYY-MM-DD"))?;
        for c in p.commitments.iter_mut() {
            if let profile::Rule::TakeCharge { support_start, .. } = &mut c.rule {
                *support_start = Some(d);
            }
        }
    }
    if let Some(n) = args.servers {
        if n == 0 {
            bail!("invalid --servers 0; expected the number of monitored servers (1 or more)");
        }
        for c in p.commitments.iter_mut() {
            if let profile::Rule::VisitsCount { servers, .. } = &mut c.rule {
                *servers = Some(n);
            }
        }
    }
    Ok(p)
}

/// The holidays of the audit: `--holidays` (default French) plus `--holidays-file`.
pub fn holidays(args: &ProfileArgs, default: HolidayRule) -> Result<Holidays> {
    let rule = match &args.holidays {
        None => default,
        Some(s) => HolidayRule::parse(s)
            .ok_or_else(|| anyhow!("unknown holiday set `{s}`; expected fr, fr-alsace-moselle or none"))?,
    };
    let mut h = Holidays::new(rule);
    if let Some(path) = &args.holidays_file {
        const SPECS: &[ColumnSpec] = &[ColumnSpec { name: "date", aliases: &["holiday", "jour"], required: true }];
        // A holidays file may have a header `date` or none: a first line that is a date is data.
        // It is a list of dates: more than 1 MiB of it is not one (nor is /dev/zero), and is
        // refused before it is held.
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| {
                std::io::Read::read_to_end(&mut std::io::Read::take(f, DEFAULT_MAX_RECORD_SIZE + 1), &mut bytes)
            })
            .with_context(|| format!("{}: cannot read the holidays file", path.display()))?;
        if bytes.len() as u64 > DEFAULT_MAX_RECORD_SIZE {
            bail!(
                "{}: holidays file longer than {DEFAULT_MAX_RECORD_SIZE} bytes; expected one date (YYYY-MM-DD) a line",
                path.display()
            );
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| anyhow!("{}: invalid UTF-8 in the holidays file; expected UTF-8 text", path.display()))?;
        let first = lines(&text).next().map_or("", |(_, l)| l).trim().trim_start_matches('\u{feff}');
        if parse_date(first).is_some() {
            for (n, line) in lines(&text) {
                let line = line.trim().trim_start_matches('\u{feff}');
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let d = parse_date(line).ok_or_else(|| {
                    let shown = crate::error::excerpt(&crate::error::visible(line)).into_owned();
                    anyhow!("{}:{n}: invalid date: value \"{shown}\"; expected YYYY-MM-DD", path.display())
                })?;
                h.extra.insert(d);
            }
        } else {
            let opts = ReadOptions {
                delimiter: None,
                zone: chrono_tz::UTC,
                on_invalid: OnInvalid::Stop,
                ..Default::default()
            };
            CsvInput::open("holidays", path, SPECS, &opts)?.for_each_row(|row| {
                let v = row.required(0)?;
                let d = parse_date(v).ok_or_else(|| row.error(0, v, "invalid date", "a date YYYY-MM-DD"))?;
                h.extra.insert(d);
                Ok(())
            })?;
        }
    }
    Ok(h)
}

/// The support calendar: the profile's, or `--calendar`, with the audit's holidays.
pub fn support_calendar(profile: &Profile, args: &ProfileArgs) -> Result<Calendar> {
    let name = args.calendar.as_deref().unwrap_or(&profile.support_calendar);
    let mut cal = Calendar::builtin(name).ok_or_else(|| {
        anyhow!("unknown calendar `{name}`; expected one of {}", crate::calendar::CALENDARS.join(", "))
    })?;
    cal.holidays = holidays(args, cal.holidays.rule)?;
    let hours = match &args.business_hours {
        Some(s) => Some(profile::contract::parse_business_hours(s).ok_or_else(|| {
            anyhow!(
                "invalid --business-hours `{s}`; expected HH:MM-HH:MM with opening before closing, e.g. 09:00-18:00"
            )
        })?),
        None => profile.support_hours,
    };
    if let Some((open, close)) = hours {
        cal.open = open;
        cal.close = close;
    }
    Ok(cal)
}

/// `--timezone`, or the profile's zone.
pub fn zone(args: &InputArgs, profile: &Profile) -> Result<Tz> {
    match &args.timezone {
        None => Ok(profile.zone),
        Some(z) => z
            .parse::<Tz>()
            .map_err(|_| anyhow!("unknown time zone `{z}`; expected an IANA zone such as Europe/Paris or UTC")),
    }
}

/// How inputs are read.
pub fn read_options(args: &InputArgs, zone: Tz, on_invalid: OnInvalid) -> Result<ReadOptions> {
    let delimiter = match args.delimiter.as_deref() {
        None => None,
        Some(",") | Some("comma") => Some(b','),
        Some(";") | Some("semicolon") => Some(b';'),
        Some("\t") | Some("tab") | Some("\\t") => Some(b'\t'),
        Some(other) => bail!("unknown delimiter `{other}`; expected ',', ';' or 'tab'"),
    };
    let on_invalid = if args.skip_invalid && on_invalid == OnInvalid::Stop { OnInvalid::Skip } else { on_invalid };
    let max_invalid = match args.max_invalid.as_deref() {
        None => MaxInvalid::default(),
        Some(s) => MaxInvalid::parse(s).ok_or_else(|| {
            anyhow!("invalid --max-invalid `{s}`; expected a number of rows (25) or a share of the rows (2.5%)")
        })?,
    };
    let max_record_size = match args.max_record_size.as_deref() {
        None => DEFAULT_MAX_RECORD_SIZE,
        Some(s) => parse_size(s).filter(|n| *n > 0).ok_or_else(|| {
            anyhow!("invalid --max-record-size `{s}`; expected a size in bytes such as 1048576, 4MiB or 512KiB")
        })?,
    };
    Ok(ReadOptions { delimiter, zone, on_invalid, max_invalid, max_record_size, strict_columns: args.strict_columns })
}

/// The input files: `--dir` files present, overridden by files given one by one.
pub fn input_paths(args: &InputArgs) -> Result<BTreeMap<InputKind, PathBuf>> {
    let mut paths = BTreeMap::new();
    if let Some(dir) = &args.dir {
        if !dir.is_dir() {
            bail!("{}: not a directory; expected --dir to name a folder of CSV exports", dir.display());
        }
        for (kind, name) in DIR_FILES {
            let p = dir.join(name);
            // The entry, not its target: a broken or looping link is taken, and reading it
            // fails naming it, rather than the input being silently absent.
            if std::fs::symlink_metadata(&p).is_ok() {
                paths.insert(*kind, p);
            }
        }
        if paths.is_empty() {
            let names: Vec<&str> = DIR_FILES.iter().map(|(_, n)| *n).collect();
            bail!("{}: no input file found; expected one of {}", dir.display(), names.join(", "));
        }
    }
    let given = [
        (InputKind::Tickets, &args.tickets),
        (InputKind::Downtime, &args.downtime),
        (InputKind::Backups, &args.backups),
        (InputKind::Purges, &args.purges),
        (InputKind::ResponseTimes, &args.response_times),
        (InputKind::Metrics, &args.metrics),
        (InputKind::Alerts, &args.alerts),
        (InputKind::Visits, &args.visits),
    ];
    for (kind, path) in given {
        if let Some(p) = path {
            paths.insert(kind, p.clone());
        }
    }
    Ok(paths)
}

/// Parses `--period`: `2026-10`, `2026-Q3` or `2026`, as [from, to) in `zone`.
pub fn parse_period(s: &str, zone: Tz) -> Result<(DateTime<Utc>, DateTime<Utc>)> {
    let bad = || anyhow!("invalid period `{s}`; expected a month (2026-10), a quarter (2026-Q3) or a year (2026)");
    let s = s.trim();
    let (start, months) = if let Some((y, q)) = s.split_once(['-']).filter(|(_, q)| q.starts_with(['Q', 'q'])) {
        let y: i32 = y.parse().map_err(|_| bad())?;
        let q: u32 = q[1..].parse().map_err(|_| bad())?;
        if !(1..=4).contains(&q) {
            return Err(bad());
        }
        (NaiveDate::from_ymd_opt(y, 3 * q - 2, 1).ok_or_else(bad)?, 3)
    } else if let Some((y, m)) = s.split_once('-') {
        let y: i32 = y.parse().map_err(|_| bad())?;
        let m: u32 = m.parse().map_err(|_| bad())?;
        (NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?, 1)
    } else {
        if s.len() != 4 {
            return Err(bad());
        }
        let y: i32 = s.parse().map_err(|_| bad())?;
        (NaiveDate::from_ymd_opt(y, 1, 1).ok_or_else(bad)?, 12)
    };
    let end = start.checked_add_months(Months::new(months)).ok_or_else(bad)?;
    Ok((local_midnight(zone, start), local_midnight(zone, end)))
}

/// Midnight at the start of `d` in `zone`.
pub fn local_midnight(zone: Tz, d: NaiveDate) -> DateTime<Utc> {
    resolve_local(zone, d.and_time(chrono::NaiveTime::MIN))
}

/// The last full calendar month before `now`, in `zone`.
pub fn last_full_month(now: DateTime<Utc>, zone: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let today = now.with_timezone(&zone).date_naive();
    let this_month = today.with_day(1).unwrap_or(today);
    let prev = this_month.checked_sub_months(Months::new(1)).unwrap_or(this_month);
    (local_midnight(zone, prev), local_midnight(zone, this_month))
}

fn instant_or_day(s: &str, zone: Tz, what: &str, end_of_day: bool) -> Result<DateTime<Utc>> {
    if let Some(d) = parse_date(s) {
        let d = if end_of_day { d.succ_opt().ok_or_else(|| anyhow!("{what} `{s}` is out of range"))? } else { d };
        return Ok(local_midnight(zone, d));
    }
    parse_timestamp(s, zone)
        .map_err(|e| anyhow!("invalid {what} `{s}`; expected a date YYYY-MM-DD or {}", e.expected(zone)))
}

/// The audited period and as-of instant, in the profile's zone.
pub fn period(args: &PeriodArgs, zone: Tz, now: DateTime<Utc>) -> Result<Period> {
    let (from, to) = match (&args.period, &args.from, &args.to) {
        (Some(p), _, _) => parse_period(p, zone)?,
        (None, Some(f), Some(t)) => (instant_or_day(f, zone, "--from", false)?, instant_or_day(t, zone, "--to", true)?),
        _ => last_full_month(now, zone),
    };
    if to <= from {
        bail!("the period is empty: --to must come after --from");
    }
    let as_of = match &args.as_of {
        None => to,
        Some(s) => instant_or_day(s, zone, "--as-of", false)?,
    };
    if as_of < from {
        bail!(
            "--as-of {} comes before the period starts ({}): the audit would see none of it; expected an instant \
             at or after the period's start",
            as_of.with_timezone(&zone).to_rfc3339(),
            from.with_timezone(&zone).to_rfc3339()
        );
    }
    Ok(Period { from, to, as_of })
}

/// Everything the checks need besides their inputs.
pub fn context(profile: Profile, args: &ProfileArgs, period: Period) -> Result<Context> {
    let support = support_calendar(&profile, args)?;
    let holidays = holidays(args, HolidayRule::Fr)?;
    let default_severity = match &args.default_severity {
        None => None,
        Some(s) => Some(parse_severity(s).ok_or_else(|| {
            anyhow!("unknown severity `{s}` for --default-severity; expected blocking, major or minor")
        })?),
    };
    Ok(Context { profile, period, support, holidays, default_severity, availability_base: Default::default() })
}

/// One report file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Its format.
    pub format: Format,
    /// Where it goes.
    pub path: PathBuf,
}

/// Where the reports of an audit go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputPlan {
    /// The files, in the order given.
    pub files: Vec<OutputFile>,
    /// Whether `--format` goes to stdout (no plain `--output FILE` took it).
    pub stdout: bool,
}

/// Reads the `--output` values: `FORMAT:PATH` (FORMAT one of the formats; `md` for markdown)
/// adds a file in that format; a plain `PATH` takes `--format` and replaces stdout. A path that
/// itself starts with a format name and a colon can be written `./json:x`.
pub fn outputs(values: &[String], format: Format) -> Result<OutputPlan> {
    let mut files: Vec<OutputFile> = Vec::new();
    let mut stdout = true;
    for v in values {
        if v.is_empty() {
            bail!("--output is empty; expected a file name or FORMAT:PATH");
        }
        let prefixed = v.split_once(':').and_then(|(name, path)| Some((Format::parse(name)?, path)));
        if let (None, Some((name, _))) = (prefixed, v.split_once(':')) {
            if looks_like_a_format(name) {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                let (last, first) = names.split_last().unwrap_or((&"", &[]));
                bail!(
                    "unknown report format `{name}` in --output {v}; expected {} or {last} (a file whose name \
                     contains ':' can be given as ./{v})",
                    first.join(", ")
                );
            }
        }
        let (format, path) = match prefixed {
            Some((_, "")) => bail!("--output `{v}` names no file; expected FORMAT:PATH such as json:report.json"),
            Some((f, path)) => (f, path),
            None => {
                stdout = false;
                (format, v.as_str())
            }
        };
        let path = PathBuf::from(path);
        let same = file_identity(&path);
        if let Some(f) = files.iter().find(|f| file_identity(&f.path) == same) {
            if f.path.as_os_str() == path.as_os_str() {
                bail!("--output {} is given twice; expected one format per file", path.display());
            }
            bail!(
                "--output {} and {} name the same file (given twice); expected one format per file",
                f.path.display(),
                path.display()
            );
        }
        files.push(OutputFile { format, path });
    }
    Ok(OutputPlan { files, stdout })
}

/// Whether the text before the first `:` of an `--output` value was meant as a format: two
/// letters or more (one letter is a Windows drive, `C:\reports\r.json`).
fn looks_like_a_format(prefix: &str) -> bool {
    prefix.chars().count() >= 2 && prefix.chars().all(char::is_alphabetic)
}

/// The file a path names, so that paths written differently (`r.json`, `./r.json`,
/// `out/../r.json`) compare equal even before the file exists: the folder canonicalised, then
/// the name. A report is renamed onto that entry (replacing a symbolic link, not its target),
/// so this is exactly what writing it touches. The path as given when the folder is missing.
pub fn file_identity(path: &Path) -> PathBuf {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match (std::fs::canonicalize(dir), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

/// Every file an audit reads: the inputs (`--dir` files included), `--status-map`,
/// `--holidays-file` and `--contract`.
pub fn read_paths(inputs: &InputArgs, profile: &ProfileArgs) -> Result<Vec<PathBuf>> {
    let mut paths: Vec<PathBuf> = input_paths(inputs)?.into_values().collect();
    paths.extend([&inputs.status_map, &profile.holidays_file, &profile.contract].into_iter().flatten().cloned());
    Ok(paths)
}

/// Refuses a report that would replace a file the audit reads (SPEC §2: an input file is only
/// ever read). An input is matched by its entry (folder canonicalised + name) and, when it is a
/// symbolic link, by the file it points to as well.
pub fn refuse_outputs_over_inputs(plan: &OutputPlan, read: &[PathBuf]) -> Result<()> {
    for input in read {
        let mut names = vec![file_identity(input)];
        names.extend(std::fs::canonicalize(input).ok());
        if let Some(out) = plan.files.iter().find(|f| names.contains(&file_identity(&f.path))) {
            bail!(
                "--output {} names the input file {}: an input is only ever read; expected another path for the report",
                out.path.display(),
                input.display()
            );
        }
    }
    Ok(())
}

/// A path as the user sees it in messages.
pub fn shown(p: &Path) -> String {
    p.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Paris;

    #[test]
    fn months_quarters_years_in_paris_time() {
        let (f, t) = parse_period("2026-10", Paris).unwrap();
        assert_eq!(f.with_timezone(&Paris).to_rfc3339(), "2026-10-01T00:00:00+02:00");
        assert_eq!(t.with_timezone(&Paris).to_rfc3339(), "2026-11-01T00:00:00+01:00");
        let (f, t) = parse_period("2026-Q3", Paris).unwrap();
        assert_eq!(f.with_timezone(&Paris).to_rfc3339(), "2026-07-01T00:00:00+02:00");
        assert_eq!(t.with_timezone(&Paris).to_rfc3339(), "2026-10-01T00:00:00+02:00");
        let (f, t) = parse_period("2026", Paris).unwrap();
        assert_eq!(f.with_timezone(&Paris).to_rfc3339(), "2026-01-01T00:00:00+01:00");
        assert_eq!(t.with_timezone(&Paris).to_rfc3339(), "2027-01-01T00:00:00+01:00");
        for bad in ["2026-13", "2026-Q5", "26", "octobre", "2026-10-01"] {
            assert!(parse_period(bad, Paris).is_err(), "{bad}");
        }
    }

    #[test]
    fn default_period_is_the_last_full_month() {
        // 2026-11-22 (today in this project's history) → October 2026.
        let now = DateTime::parse_from_rfc3339("2026-11-22T10:00:00Z").unwrap().with_timezone(&Utc);
        let (f, t) = last_full_month(now, Paris);
        assert_eq!(f.with_timezone(&Paris).to_rfc3339(), "2026-10-01T00:00:00+02:00");
        assert_eq!(t.with_timezone(&Paris).to_rfc3339(), "2026-11-01T00:00:00+01:00");
        // 2027-01-01 00:30 Paris is still 2026-12-31 in UTC: the month is judged in Paris → December.
        let now = DateTime::parse_from_rfc3339("2026-12-31T23:30:00Z").unwrap().with_timezone(&Utc);
        let (f, _) = last_full_month(now, Paris);
        assert_eq!(f.with_timezone(&Paris).to_rfc3339(), "2026-12-01T00:00:00+01:00");
    }

    #[test]
    fn outputs_take_a_format_prefix_or_the_format_flag() {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let plan = outputs(&v(&["json:r.json", "HTML:out/r.html", "md:r.md"]), Format::Table).unwrap();
        assert!(plan.stdout, "FORMAT:PATH files leave the table on stdout");
        let got: Vec<(Format, &str)> = plan.files.iter().map(|f| (f.format, f.path.to_str().unwrap())).collect();
        assert_eq!(got, [(Format::Json, "r.json"), (Format::Html, "out/r.html"), (Format::Markdown, "r.md")]);
        // A plain path takes --format and replaces stdout; an unknown prefix is part of the path.
        let plan = outputs(&v(&["report.csv", "c:report.txt"]), Format::Csv).unwrap();
        assert!(!plan.stdout);
        assert_eq!(plan.files[0], OutputFile { format: Format::Csv, path: "report.csv".into() });
        assert_eq!(plan.files[1], OutputFile { format: Format::Csv, path: "c:report.txt".into() });
        assert!(outputs(&v(&["json:"]), Format::Table).is_err());
        // A prefix of letters that is no format is a mistake, not a file name.
        let err = outputs(&v(&["xml:r.xml"]), Format::Table).unwrap_err().to_string();
        assert_eq!(
            err,
            "unknown report format `xml` in --output xml:r.xml; expected table, json, csv, markdown, junit or html \
             (a file whose name contains ':' can be given as ./xml:r.xml)"
        );
        assert!(outputs(&v(&["Pdf:out/r.pdf"]), Format::Table).is_err());
        // Written as a path, or with a separator or a digit before the colon, it is a file name.
        for path in ["./xml:r.xml", "out/x:r", "v2:r.json", "2026-10:r.json"] {
            let plan = outputs(&v(&[path]), Format::Json).unwrap();
            assert_eq!(plan.files[0], OutputFile { format: Format::Json, path: path.into() }, "{path}");
        }
        assert!(outputs(&v(&["json:r", "html:r"]), Format::Table).is_err());
        assert!(outputs(&v(&[""]), Format::Table).is_err());
        assert_eq!(outputs(&[], Format::Table).unwrap(), OutputPlan { files: vec![], stdout: true });
    }

    #[test]
    fn paths_written_differently_name_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let d = dir.path().display();
        let v = |xs: &[String]| xs.to_vec();
        // `D/r.json`, `D/./r.json` and `D/sub/../r.json` are one file, existing or not.
        for other in [format!("{d}/./r.json"), format!("{d}/sub/../r.json")] {
            let err = outputs(&v(&[format!("json:{d}/r.json"), format!("html:{other}")]), Format::Table).unwrap_err();
            assert!(err.to_string().contains("name the same file"), "{err}");
        }
        assert!(outputs(&v(&[format!("{d}/r.json"), format!("{d}/sub/r.json")]), Format::Json).is_ok());
        // An output over an input is refused, however written; another name is not.
        let input = dir.path().join("tk.csv");
        std::fs::write(&input, "ticket_id\n").unwrap();
        let plan = outputs(&v(&[format!("csv:{d}/sub/../tk.csv")]), Format::Table).unwrap();
        let err = refuse_outputs_over_inputs(&plan, std::slice::from_ref(&input)).unwrap_err();
        assert!(err.to_string().contains("only ever read"), "{err}");
        let plan = outputs(&v(&[format!("csv:{d}/tk2.csv")]), Format::Table).unwrap();
        assert!(refuse_outputs_over_inputs(&plan, std::slice::from_ref(&input)).is_ok());
        // An output over a symbolic link to an input would replace the link the audit reads.
        #[cfg(unix)]
        {
            let link = dir.path().join("link.csv");
            std::os::unix::fs::symlink(&input, &link).unwrap();
            let plan = outputs(&v(&[format!("csv:{d}/tk.csv")]), Format::Table).unwrap();
            assert!(refuse_outputs_over_inputs(&plan, &[link]).is_err());
        }
    }

    #[test]
    fn as_of_before_the_period_is_refused() {
        let args = PeriodArgs {
            period: Some("2026-10".into()),
            from: None,
            to: None,
            as_of: Some("2026-09-30T23:59:00+02:00".into()),
        };
        assert!(period(&args, Paris, Utc::now()).is_err());
        let args = PeriodArgs { as_of: Some("2026-10-01T00:00:00+02:00".into()), ..args };
        assert!(period(&args, Paris, Utc::now()).is_ok());
    }

    #[test]
    fn from_to_days_are_inclusive() {
        let args =
            PeriodArgs { period: None, from: Some("2026-10-01".into()), to: Some("2026-10-31".into()), as_of: None };
        let p = period(&args, Paris, Utc::now()).unwrap();
        assert_eq!(p.to.with_timezone(&Paris).to_rfc3339(), "2026-11-01T00:00:00+01:00");
        assert_eq!(p.as_of, p.to);
    }
}
