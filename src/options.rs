//! Flags → validated settings: the profile with its calendar, the period and as-of instant,
//! the read options, and the input files. Checks that involve several flags live here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context as _, Result};
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::calendar::{Calendar, Holidays};
use crate::checks::{Context, Period};
use crate::cli::{AuditReadArgs, InputArgs, PeriodArgs, ProfileArgs};
use crate::ingest::inputs::{InputKind, INPUTS};
pub use crate::ingest::period::{local_midnight, parse_period};
use crate::ingest::scan::lines;
use crate::ingest::source::SmallText;
use crate::ingest::tickets::parse_severity;
use crate::ingest::{
    parse_date, parse_size, parse_timestamp, ColumnSpec, CsvInput, Files, MaxInvalid, OnInvalid, ReadOptions,
    DEFAULT_MAX_RECORD_SIZE,
};
use crate::profile::{self, Profile};
use crate::report::Format;

/// The profile named by `--profile`, or the one a `--contract` file makes; then the flags
/// that set a commitment's parameters (`--support-start`, `--servers`).
pub fn profile(args: &ProfileArgs) -> Result<Profile> {
    let mut p = match (&args.contract, args.profile.as_deref()) {
        (Some(path), _) => crate::booklet::load(path)?,
        (None, Some(id)) => crate::booklet::builtin(id).ok_or_else(|| {
            // A built-in booklet that does not read is a defect of the build, said as such.
            let broken = crate::booklet::builtin_problems();
            if !broken.is_empty() {
                return anyhow!("the built-in booklets do not read:\n  {}", broken.join("\n  "));
            }
            let mut names = crate::booklet::ids();
            names.extend(crate::booklet::aliases());
            anyhow!(
                "unknown profile `{id}`;{} expected one of {} (aliases {})",
                suggestion(id, &names),
                crate::booklet::ids().join(", "),
                crate::booklet::aliases().join(", ")
            )
        })?,
        (None, None) => bail!(
            "no profile given; expected --profile with one of {}, or --contract FILE.toml",
            crate::booklet::ids().join(", ")
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
        // The contract's bound (`[visits] servers`): a count past it is a typing slip.
        if !(1..=10_000).contains(&n) {
            bail!("invalid --servers {n}; expected the number of monitored servers (1 to 10000)");
        }
        for c in p.commitments.iter_mut() {
            if let profile::Rule::VisitsCount { servers, .. } = &mut c.rule {
                *servers = Some(n);
            }
        }
    }
    Ok(p)
}

/// The holidays of the audit: `--holidays` (any built-in set; `france` is `fr`), else
/// `default`'s set, plus `--holidays-file`.
pub fn holidays(args: &ProfileArgs, default: &Holidays) -> Result<Holidays> {
    if let Some(e) = crate::calendar::data::builtin_error() {
        bail!("{e}");
    }
    let mut h = match &args.holidays {
        None => Holidays::new(default.set.clone()),
        Some(s) => {
            let name =
                crate::calendar::data::HOLIDAY_ALIASES.iter().find(|(a, _)| a == s).map_or(s.as_str(), |(_, n)| n);
            let names = crate::calendar::holiday_set_names();
            Holidays::builtin(name).ok_or_else(|| {
                anyhow!("unknown holiday set `{s}`;{} expected one of {}", suggestion(s, names), names.join(", "))
            })?
        }
    };
    if let Some(path) = &args.holidays_file {
        const SPECS: &[ColumnSpec] = &[ColumnSpec { name: "date", aliases: &["holiday", "jour"], required: true }];
        // A holidays file may have a header `date` or none: a first line that is a date is data.
        // It is a list of dates: more than 1 MiB of it is not one (nor is /dev/zero), and is
        // refused before it is held.
        let text = match crate::ingest::source::read_small_text(path, DEFAULT_MAX_RECORD_SIZE)
            .with_context(|| format!("{}: cannot read the holidays file", path.display()))?
        {
            SmallText::Text(text) => text,
            SmallText::TooLong => bail!(
                "{}: holidays file longer than {DEFAULT_MAX_RECORD_SIZE} bytes; expected one date (YYYY-MM-DD) a line",
                path.display()
            ),
            SmallText::NotUtf8 { line, byte } => bail!(
                "{}:{line}: invalid UTF-8 in the holidays file (byte {byte}); expected UTF-8 text",
                path.display()
            ),
        };
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
    // The booklet's own calendars first, then the built-in ones.
    let own = profile.calendars.iter().find(|c| c.name == name).cloned();
    let mut cal = own.or_else(|| Calendar::builtin(name)).ok_or_else(|| {
        anyhow!(
            "unknown calendar `{name}`;{} expected one of {}",
            suggestion(name, crate::calendar::calendar_names()),
            crate::calendar::calendar_names().join(", ")
        )
    })?;
    cal.holidays = holidays(args, &cal.holidays)?;
    let hours = match &args.business_hours {
        Some(s) => Some(crate::booklet::parse_business_hours(s).ok_or_else(|| {
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

/// How inputs are read: by `check`, which collects every problem (`OnInvalid::Collect`), or
/// stops at the first one (`OnInvalid::Stop`). `audit` and `explain` read with
/// [`audit_read_options`].
pub fn read_options(args: &InputArgs, zone: Tz, on_invalid: OnInvalid) -> Result<ReadOptions> {
    let delimiter = match args.delimiter.as_deref() {
        None => None,
        Some(",") | Some("comma") => Some(b','),
        Some(";") | Some("semicolon") => Some(b';'),
        Some("\t") | Some("tab") | Some("\\t") => Some(b'\t'),
        Some(other) => bail!("unknown delimiter `{other}`; expected ',', ';' or 'tab'"),
    };
    let max_record_size = match args.max_record_size.as_deref() {
        None => DEFAULT_MAX_RECORD_SIZE,
        Some(s) => parse_size(s).filter(|n| *n > 0).ok_or_else(|| {
            anyhow!("invalid --max-record-size `{s}`; expected a size in bytes such as 1048576, 4MiB or 512KiB")
        })?,
    };
    Ok(ReadOptions {
        delimiter,
        zone,
        on_invalid,
        max_invalid: MaxInvalid::default(),
        max_record_size,
        strict_columns: args.strict_columns,
        encoding: args.encoding,
    })
}

/// How `audit` and `explain` read the inputs: stopping at the first bad row, or skipping bad
/// rows with `--skip-invalid` (at most `--max-invalid` of them).
pub fn audit_read_options(args: &InputArgs, reading: &AuditReadArgs, zone: Tz) -> Result<ReadOptions> {
    let on_invalid = if reading.skip_invalid { OnInvalid::Skip } else { OnInvalid::Stop };
    let max_invalid = match reading.max_invalid.as_deref() {
        None => MaxInvalid::default(),
        Some(s) => MaxInvalid::parse(s).ok_or_else(|| {
            anyhow!("invalid --max-invalid `{s}`; expected a number of rows (25) or a share of the rows (2.5%)")
        })?,
    };
    Ok(ReadOptions { max_invalid, ..read_options(args, zone, on_invalid)? })
}

/// How the response-time input is read: `--response-times-format`, `--duration-unit`,
/// `--datacenter`.
pub fn response_times_options(args: &InputArgs) -> Result<crate::ingest::weblogs::ResponseTimesOptions> {
    if let Some(dc) = &args.datacenter {
        if dc.trim().is_empty() || dc.trim() != dc {
            bail!("invalid --datacenter `{dc}`; expected a data-centre name such as paris, or {{file}}");
        }
    }
    Ok(crate::ingest::weblogs::ResponseTimesOptions {
        format: args.response_times_format,
        unit: args.duration_unit,
        datacenter: args.datacenter.clone(),
        as_of: None,
    })
}

/// The input files: `--dir` files present, overridden by files given with the input's flag
/// (repeated, or a glob).
pub fn input_paths(args: &InputArgs) -> Result<BTreeMap<InputKind, Files>> {
    let mut paths = match &args.dir {
        Some(dir) => scan_dir(dir)?.0,
        None => BTreeMap::new(),
    };
    for (kind, list) in &args.files.0 {
        if !list.is_empty() {
            paths.insert(*kind, expand(*kind, list)?);
        }
    }
    // The flags that say how response times are read need a response-time input.
    let rt_flags = [
        ("--response-times-format", args.response_times_format.is_some()),
        ("--duration-unit", args.duration_unit.is_some()),
        ("--datacenter", args.datacenter.is_some()),
    ];
    if let Some((flag, _)) = rt_flags.iter().find(|(_, set)| *set) {
        if !paths.contains_key(&InputKind::ResponseTimes) {
            bail!("{flag} applies to the response-time input, and none is given; expected --response-times FILE");
        }
    }
    Ok(paths)
}

/// Whether `s` holds a glob metacharacter.
fn has_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// The files of one input flag, given once or repeated: a path that exists is that file; a
/// path with `*`, `?` or `[…]` that does not is a glob pattern, expanded here (quoted, so that
/// the shell leaves it), its matches in name order; a pattern that matches no file is an
/// error, and so is a file given twice (its rows would count twice).
fn expand(kind: InputKind, given: &[PathBuf]) -> Result<Files> {
    let flag = kind.flag();
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut pattern = None;
    for p in given {
        let s = p.to_string_lossy();
        if std::fs::symlink_metadata(p).is_ok() || !has_glob(&s) {
            paths.push(p.clone());
            continue;
        }
        let entries = glob::glob(&s).map_err(|e| {
            anyhow!(
                "{flag} {s}: invalid glob pattern ({e}); expected a path, or a pattern such as 'logs/{}-*.csv.gz'",
                kind.name()
            )
        })?;
        let mut matched = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| anyhow!("{flag} {s}: {e}; expected readable files"))?;
            // Folders that match are not inputs.
            if !path.is_dir() {
                matched.push(path);
            }
        }
        if matched.is_empty() {
            bail!("{flag} {s}: no file matches the pattern; expected at least one {} file", kind.name());
        }
        matched.sort();
        pattern = Some(s.into_owned());
        paths.extend(matched);
    }
    refuse_doubles(&flag, &paths)?;
    let label = match (given.len(), pattern) {
        (1, Some(pattern)) => Some(pattern),
        _ => None,
    };
    Ok(Files { paths, label })
}

/// Refuses one input's files that are the same export twice, whose rows would count twice:
/// the same file by two names (a symbolic or hard link: same device and inode, or the same
/// entry written two ways), or names that differ only by a compression suffix
/// (`x-01.csv` and `x-01.csv.gz`).
fn refuse_doubles(what: &str, paths: &[PathBuf]) -> Result<()> {
    let mut entries = std::collections::BTreeMap::new();
    let mut files = std::collections::BTreeMap::new();
    let mut names = std::collections::BTreeMap::new();
    for p in paths {
        let twice = |other: &PathBuf, why: &str| {
            anyhow!(
                "{what}: {} and {} {why}; expected each export once (its rows would count twice)",
                other.display(),
                p.display()
            )
        };
        if let Some(other) = entries.insert(file_identity(p), p.clone()) {
            if other == *p {
                bail!("{what}: {} is given twice; expected each file once (its rows would count twice)", p.display());
            }
            return Err(twice(&other, "name the same file"));
        }
        if let Some(id) = file_id(p) {
            if let Some(other) = files.insert(id, p.clone()) {
                return Err(twice(&other, "are the same file (a link)"));
            }
        }
        let name = p.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
        let plain = name.strip_suffix(".gz").or_else(|| name.strip_suffix(".zst")).unwrap_or(&name).to_string();
        let key = p.with_file_name(plain);
        if let Some(other) = names.insert(key, p.clone()) {
            return Err(twice(&other, "are the same export, plain and compressed"));
        }
    }
    Ok(())
}

/// The notes on the files of `--dir` that are not read (none is ignored in silence).
pub fn dir_notes(args: &InputArgs) -> Result<Vec<String>> {
    match &args.dir {
        Some(dir) => Ok(scan_dir(dir)?.1),
        None => Ok(Vec::new()),
    }
}

/// A file name as `--dir` compares it: lower case, `-` read as `_`.
fn dir_name_key(name: &str) -> String {
    name.to_lowercase().replace('-', "_")
}

/// How a folded file name names an input of `--dir`: its exact name (`tickets.csv`, also
/// compressed: `tickets.csv.gz`, `tickets.csv.zst`), or its name followed by a dated or
/// numbered suffix (`tickets_2026_10.csv`, `response_times-2026-10-01.csv.gz`,
/// `response_times.csv.1`): a separator then a digit. Another suffix (`downtime-log.csv`) is
/// no input's.
fn dir_match(key: &str) -> Option<(InputKind, bool)> {
    INPUTS.iter().find_map(|input| {
        let (kind, name) = (input.kind, input.kind.dir_file());
        let exact = key == name || [".gz", ".zst"].iter().any(|z| key.strip_suffix(z) == Some(&name));
        if exact {
            return Some((kind, true));
        }
        let rest = key.strip_prefix(input.name)?;
        let mut chars = rest.chars();
        let dated = matches!(chars.next(), Some('_' | '.')) && chars.next().is_some_and(|c| c.is_ascii_digit());
        let dated = dated || (rest.starts_with(".csv.") && rest[5..].starts_with(|c: char| c.is_ascii_digit()));
        dated.then_some((kind, false))
    })
}

/// Reads `--dir`: the files of each input kind (its name matched without regard to case or to
/// `-`/`_`: `Tickets.csv`, `response-times.csv`; compressed, `tickets.csv.gz`; or dated,
/// `response_times-2026-10-01.csv.gz`, see [`dir_match`]: all of them, in name order, form
/// the input), and a note for every other file, with the input name it was probably meant to
/// have. Hidden files (`.…`) and sub-folders are left alone. A file that matches an input but
/// cannot be opened (a broken or looping symbolic link) is an error, and so are two files
/// with the input's exact name (`Backups.csv` and `backups.csv`).
fn scan_dir(dir: &Path) -> Result<(BTreeMap<InputKind, Files>, Vec<String>)> {
    if !dir.is_dir() {
        bail!("{}: not a directory; expected --dir to name a folder of CSV exports", dir.display());
    }
    let mut entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot list the folder", dir.display()))?
        .collect::<std::io::Result<_>>()
        .with_context(|| format!("{}: cannot list the folder", dir.display()))?;
    entries.sort_by_key(|e| e.file_name());
    let mut paths: BTreeMap<InputKind, Files> = BTreeMap::new();
    let mut exact: BTreeMap<InputKind, PathBuf> = BTreeMap::new();
    let mut notes = Vec::new();
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let key = dir_name_key(&name);
        let found = dir_match(&key);
        let kind = found.map(|(k, _)| k);
        // Follows symbolic links: a link is read as the file it points to.
        let meta = std::fs::metadata(&path);
        if let Some(kind) = kind {
            if let Err(e) = meta {
                bail!(
                    "{}: cannot open the {} input ({e}); expected a readable file (a symbolic link that points \
                     to one)",
                    path.display(),
                    kind.name()
                );
            }
            if meta.as_ref().is_ok_and(|m| m.is_dir()) {
                notes.push(format!("{}: a folder, not read; expected a file named {name}", path.display()));
                continue;
            }
            if found.is_some_and(|(_, is_exact)| is_exact) {
                if let Some(other) = exact.insert(kind, path.clone()) {
                    bail!(
                        "{} and {} both name the {} input in --dir; expected one file per input (daily files \
                         as {}-DATE.csv)",
                        other.display(),
                        path.display(),
                        kind.name(),
                        kind.name()
                    );
                }
            }
            let files = paths.entry(kind).or_insert_with(|| Files { paths: Vec::new(), label: None });
            files.paths.push(path.clone());
            if files.paths.len() > 1 {
                files.label = Some(format!("{}*", dir.join(kind.name()).display()));
            }
            continue;
        }
        if meta.as_ref().is_ok_and(|m| m.is_dir()) {
            continue;
        }
        let hint = match closest_input_name(&key) {
            Some(n) => format!("did you mean `{n}`?"),
            None => format!("the input names are {}", dir_files().join(", ")),
        };
        notes.push(format!("--dir: {} is not an input file and was not read; {hint}", path.display()));
    }
    for (kind, files) in &paths {
        refuse_doubles(&format!("--dir {} ({})", dir.display(), kind.name()), &files.paths)?;
    }
    if paths.is_empty() {
        let mut msg = format!("{}: no input file found; expected one of {}", dir.display(), dir_files().join(", "));
        for n in &notes {
            msg.push_str(&format!("\n  {n}"));
        }
        bail!(msg);
    }
    Ok((paths, notes))
}

/// The input file name closest to `key` (a folded file name): one that `key` starts with
/// (`tickets_2026_10.csv` → `tickets.csv`), or within three edits of it (`tickest.csv`,
/// `responsetimes.csv`, `backup.csv`).
fn closest_input_name(key: &str) -> Option<String> {
    let key_stem = key.split('.').next().unwrap_or(key).to_string();
    let mut best: Option<(usize, InputKind)> = None;
    for input in INPUTS {
        let s = input.name;
        let d = if key_stem.starts_with(s) && !key_stem.is_empty() { 0 } else { edit_distance(&key_stem, s) };
        if d <= 3 && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, input.kind));
        }
    }
    best.map(|(_, kind)| kind.dir_file())
}

/// The file names `--dir` looks for, in the table's order: `tickets.csv`, ….
fn dir_files() -> Vec<String> {
    INPUTS.iter().map(|i| i.kind.dir_file()).collect()
}

/// The name of `names` that `given` was probably meant to be: the same but for case, else
/// within a third of its length in edits (at least 2: `talentsof`, `kmb_labs`, `sprint-opn`).
pub fn did_you_mean<'a>(given: &str, names: &[&'a str]) -> Option<&'a str> {
    let folded = given.trim().to_lowercase().replace('_', "-");
    if let Some(n) = names.iter().find(|n| n.to_lowercase() == folded) {
        return Some(n);
    }
    let limit = (folded.chars().count() / 3).max(2);
    names
        .iter()
        .map(|n| (edit_distance(&folded, &n.to_lowercase()), *n))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

/// ` did you mean `NAME`?` (with its leading space), or nothing.
fn suggestion(given: &str, names: &[&str]) -> String {
    did_you_mean(given, names).map(|n| format!(" did you mean `{n}`?")).unwrap_or_default()
}

/// Levenshtein distance between two short names.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
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

/// The environment variable that fixes "now" (RFC 3339), so that tests of an unfinished
/// period are deterministic (hyperfine does the same for its runs). Hidden from `--help`.
pub const NOW_VARIABLE: &str = "LIVRET_NOW";

/// Now: the clock, or `LIVRET_NOW` when set.
pub fn now() -> Result<DateTime<Utc>> {
    match std::env::var(NOW_VARIABLE) {
        // Whole seconds: reports show as-of to the second.
        Err(_) => Ok(chrono::SubsecRound::trunc_subsecs(Utc::now(), 0)),
        Ok(v) => DateTime::parse_from_rfc3339(v.trim()).map(|t| t.with_timezone(&Utc)).map_err(|_| {
            anyhow!("invalid {NOW_VARIABLE} `{v}`; expected an RFC 3339 instant such as 2026-12-03T10:00:00+01:00")
        }),
    }
}

/// The audited period and as-of instant, in the profile's zone. `--as-of` defaults to the
/// earlier of the period's end and `now`: a month not over is audited as it stands. A period
/// that has not begun, or an `--as-of` later than `now`, is refused: nothing can be known of
/// the future.
pub fn period(args: &PeriodArgs, zone: Tz, now: DateTime<Utc>) -> Result<Period> {
    let (from, to) = match (&args.period, &args.from, &args.to) {
        (Some(p), _, _) => parse_period(p, zone)?,
        (None, Some(f), Some(t)) => (instant_or_day(f, zone, "--from", false)?, instant_or_day(t, zone, "--to", true)?),
        _ => last_full_month(now, zone),
    };
    let local = |t: DateTime<Utc>| t.with_timezone(&zone).to_rfc3339();
    if to <= from {
        bail!("the period is empty: --to must come after --from");
    }
    if from > now {
        bail!(
            "the period starts at {}, after now ({}): there is nothing to audit yet; expected a period that has begun",
            local(from),
            local(now)
        );
    }
    let as_of = match &args.as_of {
        None => to.min(now),
        Some(s) => instant_or_day(s, zone, "--as-of", false)?,
    };
    if as_of > now {
        bail!(
            "--as-of {} is later than now ({}): the audit cannot see data that do not exist yet; expected an \
             instant at or before now",
            local(as_of),
            local(now)
        );
    }
    if as_of < from {
        bail!(
            "--as-of {} comes before the period starts ({}): the audit would see none of it; expected an instant \
             at or after the period's start",
            local(as_of),
            local(from)
        );
    }
    Ok(Period { from, to, as_of })
}

/// `--default-severity`, the severity of tickets that have none.
pub fn default_severity(args: &ProfileArgs) -> Result<Option<crate::profile::Severity>> {
    match &args.default_severity {
        None => Ok(None),
        Some(s) => Ok(Some(parse_severity(s).ok_or_else(|| {
            anyhow!("unknown severity `{s}` for --default-severity; expected blocking, major or minor")
        })?)),
    }
}

/// The sub-periods of `--by`: calendar months or quarters (profile zone) of `period`, each
/// with its label and, when it has begun by the period's as-of, the period an audit of it
/// alone would have (as-of: the earlier of its end and the whole period's as-of); `None` for
/// one not begun yet.
pub fn sub_periods(period: &Period, by: crate::cli::By, zone: Tz) -> Vec<(String, Option<Period>)> {
    let months = match by {
        crate::cli::By::Month => 1,
        crate::cli::By::Quarter => 3,
    };
    let start = period.from.with_timezone(&zone).date_naive();
    // The calendar month (or quarter) holding the period's first day.
    let first_month = match by {
        crate::cli::By::Month => start.month(),
        crate::cli::By::Quarter => (start.month() - 1) / 3 * 3 + 1,
    };
    let Some(mut day) = NaiveDate::from_ymd_opt(start.year(), first_month, 1) else { return Vec::new() };
    let mut out = Vec::new();
    while local_midnight(zone, day) < period.to {
        let Some(next) = day.checked_add_months(Months::new(months)) else { break };
        let from = local_midnight(zone, day).max(period.from);
        let to = local_midnight(zone, next).min(period.to);
        let label = match by {
            crate::cli::By::Month => day.format("%Y-%m").to_string(),
            crate::cli::By::Quarter => format!("{}-Q{}", day.year(), (day.month() - 1) / 3 + 1),
        };
        let sub = (from < period.as_of).then(|| Period { from, to, as_of: to.min(period.as_of) });
        out.push((label, sub));
        day = next;
    }
    out
}

/// Everything the checks need besides their inputs.
pub fn context(mut profile: Profile, args: &ProfileArgs, period: Period) -> Result<Context> {
    let support = support_calendar(&profile, args)?;
    // The booklet's own calendars keep their holidays, unless `--holidays` says otherwise.
    for cal in profile.calendars.iter_mut() {
        cal.holidays = holidays(args, &cal.holidays)?;
    }
    // The other calendars of the audit: French holidays unless `--holidays` says otherwise.
    let holidays = holidays(args, &Holidays::builtin("fr").unwrap_or_else(Holidays::none))?;
    let default_severity = default_severity(args)?;
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
    /// Whether a report goes to stdout (no plain `--output FILE` took it, or `--output -`).
    pub stdout: bool,
    /// The format of the report on stdout: `--format`, or the format of `--output FORMAT:-`;
    /// the table when neither is given.
    pub stdout_format: Format,
}

/// The format a report file's extension names (`.json`, `.csv`, `.md`/`.markdown`,
/// `.html`/`.htm`, `.xml` for JUnit, `.txt` for the table), case-insensitive.
pub fn format_of_extension(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "json" => Format::Json,
        "csv" => Format::Csv,
        "md" | "markdown" => Format::Markdown,
        "html" | "htm" => Format::Html,
        "xml" => Format::Junit,
        "txt" => Format::Table,
        _ => return None,
    })
}

/// `{period}` in an `--output` value replaced by `label` (`report-{period}.json` →
/// `report-2026-10.json`).
pub fn expand_period(values: &[String], label: &str) -> Vec<String> {
    values.iter().map(|v| v.replace("{period}", label)).collect()
}

/// A file-name-safe label of a period: `2026-10` for a calendar month, `2026-Q4` for a
/// quarter, `2026` for a year, otherwise its first and last days `2026-10-05_2026-10-20`
/// (the last day the one holding the period's last instant).
pub fn period_label(p: &Period, zone: Tz) -> String {
    label_between(p.from.with_timezone(&zone), p.to.with_timezone(&zone))
}

/// [`period_label`] of a report's period, in its zone (always `Some`: kept for its callers).
pub fn label_of_instants(from: &crate::model::Instant, to: &crate::model::Instant) -> Option<String> {
    Some(label_between(from.local(), to.local()))
}

fn label_between<Z: chrono::TimeZone>(from: DateTime<Z>, to: DateTime<Z>) -> String {
    let (start, end) = (from.date_naive(), to.date_naive());
    let midnight = from.time() == chrono::NaiveTime::MIN && to.time() == chrono::NaiveTime::MIN;
    if midnight && start.day() == 1 {
        let after = |n: u32| start.checked_add_months(Months::new(n)) == Some(end);
        if after(1) {
            return start.format("%Y-%m").to_string();
        }
        if after(3) && (start.month() - 1) % 3 == 0 {
            return format!("{}-Q{}", start.year(), (start.month() - 1) / 3 + 1);
        }
        if after(12) && start.month() == 1 {
            return start.format("%Y").to_string();
        }
    }
    let last = (to - chrono::Duration::nanoseconds(1)).date_naive().max(start);
    format!("{}_{}", start.format("%Y-%m-%d"), last.format("%Y-%m-%d"))
}

/// Reads the `--output` values: `FORMAT:PATH` (FORMAT one of the formats; `md` for markdown)
/// adds a file in that format; a plain `PATH` replaces stdout, in `--format` when given, else
/// in the format its extension names ([`format_of_extension`]; the table for another). `-`
/// is standard output (`json:-`: the JSON report on stdout). A path that itself starts with a
/// format name and a colon can be written `./json:x`.
pub fn outputs(values: &[String], format: Option<Format>) -> Result<OutputPlan> {
    let mut files: Vec<OutputFile> = Vec::new();
    let mut stdout = true;
    let mut dash: Option<(Format, &str)> = None;
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
            None if v == "-" => (format.unwrap_or(Format::Table), "-"),
            None => {
                stdout = false;
                let f = format.or_else(|| format_of_extension(Path::new(v))).unwrap_or(Format::Table);
                (f, v.as_str())
            }
        };
        if path == "-" {
            if let Some((_, first)) = dash {
                bail!("--output {first} and {v} both name standard output; expected one report on stdout");
            }
            dash = Some((format, v.as_str()));
            continue;
        }
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
    let stdout_format = match (dash, format) {
        (Some((f, v)), Some(given)) if stdout && f != given => bail!(
            "--output {v} puts {} on standard output, where --format {} goes; expected one of them (or \
             --output FILE for the --format report)",
            f.name(),
            given.name()
        ),
        (Some((f, _)), _) => f,
        (None, f) => f.unwrap_or(Format::Table),
    };
    Ok(OutputPlan { files, stdout: stdout || dash.is_some(), stdout_format })
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
    let mut paths: Vec<PathBuf> = input_paths(inputs)?.into_values().flat_map(|f| f.paths).collect();
    paths.extend(
        [&inputs.status_map, &inputs.severity_map, &inputs.ticket_list, &profile.holidays_file, &profile.contract]
            .into_iter()
            .flatten()
            .cloned(),
    );
    // Every file of --dir, read or not: a report never replaces a file of the folder of
    // exports (a misnamed `purge.csv` is the user's evidence too).
    if let Some(dir) = &inputs.dir {
        if let Ok(entries) = std::fs::read_dir(dir) {
            paths.extend(entries.flatten().map(|e| e.path()).filter(|p| p.is_file()));
        }
    }
    Ok(paths)
}

/// A plain file's device and inode number: what two paths share when they open the same file.
pub type FileId = (u64, u64);

/// The [`FileId`] of the plain file `path` leads to (following links, so that `/dev/fd/3`,
/// `/proc/self/fd/3` and `/dev/stdin` give the file they are open on); `None` for a path that
/// does not exist yet or leads to something else (a terminal, a pipe, `/dev/null`: a terminal
/// can be both `/dev/stdin` and standard output without anything being overwritten).
#[cfg(unix)]
pub fn file_id(path: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    meta.is_file().then(|| (meta.dev(), meta.ino()))
}

/// Elsewhere files are compared by path only.
#[cfg(not(unix))]
pub fn file_id(_path: &Path) -> Option<FileId> {
    None
}

/// Refuses a report that would replace or overwrite a file the audit reads (SPEC §2: an input
/// file is only ever read). An input is matched by its entry (folder canonicalised + name),
/// when it is a symbolic link by the file it points to as well, and by the file itself (device
/// and inode), however the output names it: `/dev/fd/3` with `3<tickets.csv`,
/// `/proc/self/fd/N`, `/dev/stdin`, a hard link. `stdout` is the file standard output is open
/// on when the report goes there (`1<>tickets.csv`). Two outputs that are one file are refused
/// too: the second would silently replace the first.
pub fn refuse_outputs_over_inputs(plan: &OutputPlan, read: &[PathBuf], stdout: Option<FileId>) -> Result<()> {
    let outputs: Vec<(&OutputFile, Option<FileId>)> = plan.files.iter().map(|f| (f, file_id(&f.path))).collect();
    for input in read {
        let mut names = vec![file_identity(input)];
        names.extend(std::fs::canonicalize(input).ok());
        let id = file_id(input);
        let same = |out: Option<FileId>| id.is_some() && out == id;
        if let Some((out, _)) = outputs.iter().find(|(f, out)| names.contains(&file_identity(&f.path)) || same(*out)) {
            bail!(
                "--output {} names the input file {}: an input is only ever read; expected another path for the report",
                out.path.display(),
                input.display()
            );
        }
        if same(stdout) {
            bail!(
                "standard output is the input file {}: an input is only ever read; expected the report on another \
                 file (--output FILE, or a redirection to another file)",
                input.display()
            );
        }
    }
    for (i, (a, a_id)) in outputs.iter().enumerate() {
        if let Some((b, _)) = outputs[i + 1..].iter().find(|(_, b_id)| a_id.is_some() && b_id == a_id) {
            bail!(
                "--output {} and {} name the same file; expected one format per file",
                a.path.display(),
                b.path.display()
            );
        }
        if a_id.is_some() && *a_id == stdout {
            bail!(
                "--output {} is the file standard output is written to as well; expected one report per file",
                a.path.display()
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
        for bad in ["2026-13", "2026-Q5", "26", "octobre", "2026-10-01", "13/2026", "2026/13", "1/2/3", "/"] {
            assert!(parse_period(bad, Paris).is_err(), "{bad}");
        }
        // A month with a slash, either way round (issue 14: `--period 10/2026` had no answer).
        for month in ["10/2026", "2026/10", " 10/2026 "] {
            assert_eq!(parse_period(month, Paris).unwrap(), parse_period("2026-10", Paris).unwrap(), "{month}");
        }
        assert_eq!(parse_period("2026/1", Paris).unwrap(), parse_period("2026-01", Paris).unwrap());
        let err = |s: &str| parse_period(s, Paris).unwrap_err().to_string();
        assert!(err("2026-10-01").contains("did you mean `--period 2026-10`, or `--from 2026-10-01 --to DATE`"));
        for q in ["Q3 2026", "2026Q3", "q3-2026"] {
            assert!(err(q).contains("did you mean `2026-Q3`?"), "{q}: {}", err(q));
        }
        assert!(!err("octobre").contains("did you mean"));
    }

    #[test]
    fn names_close_to_a_known_one_are_suggested() {
        let ids = &crate::booklet::ids();
        assert_eq!(did_you_mean("Talentsoft", ids), Some("talentsoft"));
        assert_eq!(did_you_mean("TALENTSOFT", ids), Some("talentsoft"));
        assert_eq!(did_you_mean("talentsfot", ids), Some("talentsoft"));
        assert_eq!(did_you_mean("kmb_labs", ids), Some("kmb-labs"));
        assert_eq!(did_you_mean("sprint", ids), None);
        assert_eq!(did_you_mean("cegid", ids), None);
        assert_eq!(did_you_mean("paris", crate::calendar::calendar_names()), None);
        assert_eq!(did_you_mean("paris-suport", crate::calendar::calendar_names()), Some("paris-support"));
        let args = ProfileArgs { profile: Some("Talentsoft".into()), ..Default::default() };
        let err = profile(&args).unwrap_err().to_string();
        assert!(err.starts_with("unknown profile `Talentsoft`; did you mean `talentsoft`? expected one of"), "{err}");
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
        let table = Some(Format::Table);
        let plan = outputs(&v(&["json:r.json", "HTML:out/r.html", "md:r.md"]), table).unwrap();
        assert!(plan.stdout, "FORMAT:PATH files leave the table on stdout");
        let got: Vec<(Format, &str)> = plan.files.iter().map(|f| (f.format, f.path.to_str().unwrap())).collect();
        assert_eq!(got, [(Format::Json, "r.json"), (Format::Html, "out/r.html"), (Format::Markdown, "r.md")]);
        // A plain path takes --format and replaces stdout; an unknown prefix is part of the path.
        let plan = outputs(&v(&["report.csv", "c:report.txt"]), Some(Format::Csv)).unwrap();
        assert!(!plan.stdout);
        assert_eq!(plan.files[0], OutputFile { format: Format::Csv, path: "report.csv".into() });
        assert_eq!(plan.files[1], OutputFile { format: Format::Csv, path: "c:report.txt".into() });
        assert!(outputs(&v(&["json:"]), table).is_err());
        // A prefix of letters that is no format is a mistake, not a file name.
        let err = outputs(&v(&["xml:r.xml"]), table).unwrap_err().to_string();
        assert_eq!(
            err,
            "unknown report format `xml` in --output xml:r.xml; expected table, json, csv, markdown, junit or html \
             (a file whose name contains ':' can be given as ./xml:r.xml)"
        );
        assert!(outputs(&v(&["Pdf:out/r.pdf"]), table).is_err());
        // Written as a path, or with a separator or a digit before the colon, it is a file name.
        for path in ["./xml:r.xml", "out/x:r", "v2:r.json", "2026-10:r.json"] {
            let plan = outputs(&v(&[path]), Some(Format::Json)).unwrap();
            assert_eq!(plan.files[0], OutputFile { format: Format::Json, path: path.into() }, "{path}");
        }
        assert!(outputs(&v(&["json:r", "html:r"]), table).is_err());
        assert!(outputs(&v(&[""]), table).is_err());
        let none = OutputPlan { files: vec![], stdout: true, stdout_format: Format::Table };
        assert_eq!(outputs(&[], table).unwrap(), none);
        assert_eq!(outputs(&[], None).unwrap(), none);
    }

    #[test]
    fn without_format_a_plain_output_takes_its_extensions_format() {
        // Issue 14: `--output x.json` wrote the text table into x.json.
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let plan = outputs(
            &v(&["a.json", "b.CSV", "c.md", "d.markdown", "e.html", "f.htm", "g.xml", "h.txt", "i.log", "j"]),
            None,
        )
        .unwrap();
        let got: Vec<Format> = plan.files.iter().map(|f| f.format).collect();
        use Format::*;
        assert_eq!(got, [Json, Csv, Markdown, Markdown, Html, Html, Junit, Table, Table, Table]);
        assert!(!plan.stdout);
        // --format, when given, wins over the extension (as before).
        assert_eq!(outputs(&v(&["a.json"]), Some(Html)).unwrap().files[0].format, Html);
    }

    #[test]
    fn a_dash_is_standard_output() {
        // Issue 14: `--output json:-` created a file named `-`.
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let plan = outputs(&v(&["json:-"]), None).unwrap();
        assert_eq!(plan, OutputPlan { files: vec![], stdout: true, stdout_format: Format::Json });
        let plan = outputs(&v(&["-"]), Some(Format::Csv)).unwrap();
        assert_eq!(plan, OutputPlan { files: vec![], stdout: true, stdout_format: Format::Csv });
        // A plain file takes --format; `json:-` puts JSON on stdout beside it.
        let plan = outputs(&v(&["r.csv", "json:-"]), Some(Format::Csv)).unwrap();
        assert_eq!((plan.stdout, plan.stdout_format, plan.files.len()), (true, Format::Json, 1));
        assert!(outputs(&v(&["json:-", "html:-"]), None)
            .unwrap_err()
            .to_string()
            .contains("both name standard output"));
        let err = outputs(&v(&["json:-"]), Some(Format::Csv)).unwrap_err().to_string();
        assert!(err.contains("puts json on standard output, where --format csv goes"), "{err}");
        // `./-` is a file named `-`.
        assert_eq!(outputs(&v(&["./-"]), None).unwrap().files[0].path, PathBuf::from("./-"));
    }

    #[test]
    fn period_labels_for_file_names() {
        let p = |from: &str, to: &str| {
            let f = DateTime::parse_from_rfc3339(from).unwrap().with_timezone(&Utc);
            let t = DateTime::parse_from_rfc3339(to).unwrap().with_timezone(&Utc);
            period_label(&Period { from: f, to: t, as_of: t }, Paris)
        };
        assert_eq!(p("2026-10-01T00:00:00+02:00", "2026-11-01T00:00:00+01:00"), "2026-10");
        assert_eq!(p("2026-10-01T00:00:00+02:00", "2027-01-01T00:00:00+01:00"), "2026-Q4");
        assert_eq!(p("2026-01-01T00:00:00+01:00", "2027-01-01T00:00:00+01:00"), "2026");
        assert_eq!(p("2026-11-01T00:00:00+01:00", "2027-02-01T00:00:00+01:00"), "2026-11-01_2027-01-31");
        assert_eq!(p("2026-10-05T00:00:00+02:00", "2026-10-21T00:00:00+02:00"), "2026-10-05_2026-10-20");
        assert_eq!(p("2026-10-05T09:00:00+02:00", "2026-10-05T18:00:00+02:00"), "2026-10-05_2026-10-05");
        assert_eq!(expand_period(&["json:report-{period}.json".to_string()], "2026-10"), ["json:report-2026-10.json"]);
    }

    #[test]
    fn paths_written_differently_name_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let d = dir.path().display();
        let v = |xs: &[String]| xs.to_vec();
        // `D/r.json`, `D/./r.json` and `D/sub/../r.json` are one file, existing or not.
        for other in [format!("{d}/./r.json"), format!("{d}/sub/../r.json")] {
            let err =
                outputs(&v(&[format!("json:{d}/r.json"), format!("html:{other}")]), Some(Format::Table)).unwrap_err();
            assert!(err.to_string().contains("name the same file"), "{err}");
        }
        assert!(outputs(&v(&[format!("{d}/r.json"), format!("{d}/sub/r.json")]), Some(Format::Json)).is_ok());
        // An output over an input is refused, however written; another name is not.
        let input = dir.path().join("tk.csv");
        std::fs::write(&input, "ticket_id\n").unwrap();
        let plan = outputs(&v(&[format!("csv:{d}/sub/../tk.csv")]), Some(Format::Table)).unwrap();
        let err = refuse_outputs_over_inputs(&plan, std::slice::from_ref(&input), None).unwrap_err();
        assert!(err.to_string().contains("only ever read"), "{err}");
        let plan = outputs(&v(&[format!("csv:{d}/tk2.csv")]), Some(Format::Table)).unwrap();
        assert!(refuse_outputs_over_inputs(&plan, std::slice::from_ref(&input), None).is_ok());
        // An output over a symbolic link to an input would replace the link the audit reads.
        #[cfg(unix)]
        {
            let link = dir.path().join("link.csv");
            std::os::unix::fs::symlink(&input, &link).unwrap();
            let plan = outputs(&v(&[format!("csv:{d}/tk.csv")]), Some(Format::Table)).unwrap();
            assert!(refuse_outputs_over_inputs(&plan, &[link], None).is_err());
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_same_file_under_another_name_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display();
        let v = |xs: &[String]| xs.to_vec();
        let input = dir.path().join("tk.csv");
        std::fs::write(&input, "ticket_id\n").unwrap();
        // A hard link shares the input's device and inode, not its name.
        std::fs::hard_link(&input, dir.path().join("hard.csv")).unwrap();
        let plan = outputs(&v(&[format!("csv:{d}/hard.csv")]), Some(Format::Table)).unwrap();
        let err = refuse_outputs_over_inputs(&plan, std::slice::from_ref(&input), None).unwrap_err().to_string();
        assert!(err.contains(&format!("--output {d}/hard.csv names the input file {d}/tk.csv")), "{err}");
        // Standard output open on the input (`1<>tk.csv`).
        let plan = outputs(&[], Some(Format::Table)).unwrap();
        let err = refuse_outputs_over_inputs(&plan, std::slice::from_ref(&input), file_id(&input)).unwrap_err();
        assert!(err.to_string().starts_with(&format!("standard output is the input file {d}/tk.csv")), "{err}");
        // Two outputs that are one file, and an output that is standard output's file.
        let out = dir.path().join("r.json");
        std::fs::write(&out, "{}").unwrap();
        std::fs::hard_link(&out, dir.path().join("r2.json")).unwrap();
        let plan =
            outputs(&v(&[format!("json:{d}/r.json"), format!("html:{d}/r2.json")]), Some(Format::Table)).unwrap();
        let err = refuse_outputs_over_inputs(&plan, &[], None).unwrap_err().to_string();
        assert!(err.contains("name the same file"), "{err}");
        let plan = outputs(&v(&[format!("json:{d}/r.json")]), Some(Format::Table)).unwrap();
        assert!(refuse_outputs_over_inputs(&plan, &[], file_id(&out)).is_err());
        // A report not written yet, or to a device, compares with nothing.
        let plan = outputs(&v(&[format!("json:{d}/new.json"), "json:/dev/null".into()]), Some(Format::Table)).unwrap();
        assert!(refuse_outputs_over_inputs(&plan, std::slice::from_ref(&input), None).is_ok());
        assert_eq!(file_id(Path::new("/dev/null")), None);
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
    fn as_of_is_the_earlier_of_the_period_end_and_now() {
        let now = DateTime::parse_from_rfc3339("2026-12-03T10:00:00+01:00").unwrap().with_timezone(&Utc);
        let args = |p: &str| PeriodArgs { period: Some(p.into()), from: None, to: None, as_of: None };
        // December is not over on the 3rd: as-of is now, and the period says so.
        let p = period(&args("2026-12"), Paris, now).unwrap();
        assert_eq!(p.as_of, now);
        assert!(!p.complete());
        // October is: as-of is its end.
        let p = period(&args("2026-10"), Paris, now).unwrap();
        assert_eq!(p.as_of.with_timezone(&Paris).to_rfc3339(), "2026-11-01T00:00:00+01:00");
        assert!(p.complete());
        // January 2027 has not begun; an as-of after now is refused.
        assert!(period(&args("2027-01"), Paris, now).is_err());
        let later = PeriodArgs { as_of: Some("2026-12-03T10:01:00+01:00".into()), ..args("2026-12") };
        assert!(period(&later, Paris, now).is_err());
        let equal = PeriodArgs { as_of: Some("2026-12-03T10:00:00+01:00".into()), ..args("2026-12") };
        assert!(period(&equal, Paris, now).is_ok());
    }

    #[test]
    fn dir_names_close_to_an_input_are_suggested() {
        assert_eq!(dir_name_key("Response-Times.CSV"), "response_times.csv");
        assert_eq!(closest_input_name("tickest.csv").as_deref(), Some("tickets.csv"));
        assert_eq!(closest_input_name("backup.csv").as_deref(), Some("backups.csv"));
        assert_eq!(closest_input_name("tickets_2026_10.csv").as_deref(), Some("tickets.csv"));
        assert_eq!(closest_input_name("responsetimes.csv").as_deref(), Some("response_times.csv"));
        assert_eq!(closest_input_name("readme.md"), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn dir_names_with_compression_or_a_dated_suffix_name_their_input() {
        let m = |name: &str| dir_match(&dir_name_key(name));
        assert_eq!(m("tickets.csv"), Some((InputKind::Tickets, true)));
        assert_eq!(m("Tickets.csv.gz"), Some((InputKind::Tickets, true)));
        assert_eq!(m("backups.csv.zst"), Some((InputKind::Backups, true)));
        assert_eq!(m("response_times-2026-10-01.csv.gz"), Some((InputKind::ResponseTimes, false)));
        assert_eq!(m("Response-Times_2026_10_01.csv"), Some((InputKind::ResponseTimes, false)));
        assert_eq!(m("response_times.csv.1"), Some((InputKind::ResponseTimes, false)));
        assert_eq!(m("response_times.1.csv"), Some((InputKind::ResponseTimes, false)));
        // A suffix that is not a date or a number, or no separator, is no input's name.
        for other in ["downtime-log.csv", "tickets2026.csv", "ticketsx.csv", "tickets.csv.bak", "ticket.csv", "tickets"]
        {
            assert_eq!(m(other), None, "{other}");
        }
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
