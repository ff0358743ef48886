//! Contract files (SPEC §1): a customer's "dispositions particulières" as TOML. A contract
//! `extends` a built-in profile and overrides targets, calendars, windows and retentions.
//! The file is validated as a whole: every problem (unknown key, bad time, target out of
//! range) is collected with its key path and reported at once. Overridden commitments are
//! marked, so reports and `livret profiles show --contract` can say what the contract changed.
//! The schema is documented in `docs/decisions/contracts.md`.

use std::path::Path;

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use toml::{Table, Value};

use super::{builtin, Profile, Rule, Severity, Span, PROFILE_IDS};
use crate::calendar::windows::RecurringWindow;
use crate::calendar::CALENDARS;

/// Every problem found in a contract file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractErrors {
    /// The file.
    pub file: String,
    /// One line per problem, each starting with the line of the file it is about (when the
    /// key, or the table that lacks it, is found there) and its key path.
    pub problems: Vec<String>,
}

impl std::fmt::Display for ContractErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.problems.len();
        write!(f, "{}: invalid contract file ({n} problem{})", self.file, if n == 1 { "" } else { "s" })?;
        for p in &self.problems {
            // A value quoted from the file may hold control characters: shown escaped.
            write!(f, "\n  {}", crate::error::visible(p))?;
        }
        Ok(())
    }
}

impl std::error::Error for ContractErrors {}

/// Reads and applies a contract file: the base profile with the overrides applied.
pub fn load(path: &Path) -> Result<Profile, ContractErrors> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| ContractErrors { file: file.clone(), problems: vec![format!("cannot read the file: {e}")] })?;
    validate(&text).map_err(|problems| ContractErrors {
        file,
        problems: problems.into_iter().map(|p| with_line(&text, p)).collect(),
    })
}

/// One problem: the key path it is about (empty for the whole file) and its text.
struct Problem {
    path: String,
    text: String,
}

/// `line N: TEXT` when the problem's key is found in `text` (the key itself, or the deepest
/// table or array element on the way when the key is missing).
fn with_line(text: &str, p: Problem) -> String {
    match key_offset(text, &p.path) {
        Some(offset) => format!("line {}: {}", 1 + text[..offset].matches('\n').count(), p.text),
        None => p.text,
    }
}

/// Byte offset of the key at `path` (`a.b[0].c`) in TOML `text`, or of the deepest part of
/// the path that is there.
fn key_offset(text: &str, path: &str) -> Option<usize> {
    use toml::de::{DeTable, DeValue};
    let doc = DeTable::parse(text).ok()?;
    let mut table = doc.get_ref();
    let mut found = None;
    let mut rest = path;
    while !rest.is_empty() {
        // The longest key of this table that the rest of the path starts with, whole (a key
        // may hold a dot: `"a.b" = 1` is one key).
        let whole = |k: &str| rest.starts_with(k) && matches!(rest.as_bytes().get(k.len()), None | Some(b'.' | b'['));
        let Some((k, v)) = table.iter().filter(|(k, _)| whole(k.get_ref())).max_by_key(|(k, _)| k.get_ref().len())
        else {
            break;
        };
        found = Some(k.span().start);
        rest = &rest[k.get_ref().len()..];
        let mut value = v.get_ref();
        if let Some(after) = rest.strip_prefix('[') {
            let (index, tail) = after.split_once(']')?;
            rest = tail;
            match (value, index.parse::<usize>().ok()) {
                (DeValue::Array(items), Some(i)) => match items.get(i) {
                    Some(item) => {
                        found = Some(item.span().start);
                        value = item.get_ref();
                    }
                    None => break,
                },
                _ => break,
            }
        }
        rest = rest.strip_prefix('.').unwrap_or(rest);
        match value {
            DeValue::Table(t) => table = t,
            _ => break,
        }
    }
    found
}

/// Parses contract text; `Err` lists every problem.
pub fn parse(text: &str) -> Result<Profile, Vec<String>> {
    validate(text).map_err(|problems| problems.into_iter().map(|p| p.text).collect())
}

/// [`parse`], each problem with its key path.
fn validate(text: &str) -> Result<Profile, Vec<Problem>> {
    let table: Table = text.parse().map_err(|e: toml::de::Error| {
        let at = e.span().map(|r| {
            let before = text.get(..r.start.min(text.len())).unwrap_or("");
            // Columns count characters; a byte-order mark is not one.
            let line = before.rsplit('\n').next().unwrap_or("").trim_start_matches('\u{feff}');
            format!(" at line {}, column {}", 1 + before.matches('\n').count(), line.chars().count() + 1)
        });
        vec![Problem {
            path: String::new(),
            text: format!("not valid TOML{}: {}", at.unwrap_or_default(), e.message()),
        }]
    })?;
    let mut v = Validator { problems: Vec::new() };
    v.known_keys(
        "",
        &table,
        &[
            "extends",
            "name",
            "availability",
            "resolution",
            "support",
            "maintenance",
            "response_time",
            "backup",
            "purge",
            "visits",
        ],
    );
    let base = match table.get("extends") {
        Some(Value::String(id)) => match builtin(id) {
            Some(p) => Some(p),
            None => {
                v.push("extends", format!("unknown profile `{id}`; expected one of {}", PROFILE_IDS.join(", ")));
                None
            }
        },
        Some(_) => {
            v.push("extends", "expected a profile id as a string");
            None
        }
        None => {
            v.push("extends", format!("missing; expected the built-in profile to extend ({})", PROFILE_IDS.join(", ")));
            None
        }
    };
    // Validate every section even when the base is unknown, so that all problems show at once.
    let mut p = base.clone().unwrap_or_else(empty_profile);
    if let Some(name) = v.string("name", table.get("name")) {
        p.name = name;
    }
    v.availability(&mut p, table.get("availability"));
    v.resolution(&mut p, table.get("resolution"));
    v.support(&mut p, table.get("support"));
    v.maintenance(&mut p, table.get("maintenance"));
    v.response_time(&mut p, table.get("response_time"));
    v.backup(&mut p, table.get("backup"));
    v.purge(&mut p, table.get("purge"));
    v.visits(&mut p, table.get("visits"));
    if v.problems.is_empty() && base.is_some() {
        Ok(p)
    } else {
        Err(v.problems)
    }
}

fn empty_profile() -> Profile {
    Profile {
        id: String::new(),
        name: String::new(),
        zone: chrono_tz::Europe::Paris,
        support_calendar: "paris-support".into(),
        support_hours: None,
        maintenance_windows: Vec::new(),
        commitments: Vec::new(),
        notes: Vec::new(),
    }
}

/// Parses `HH:MM`.
pub fn parse_hhmm(s: &str) -> Option<NaiveTime> {
    let (h, m) = s.trim().split_once(':')?;
    if h.len() > 2 || m.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

/// Parses business hours `HH:MM-HH:MM` (opening before closing).
pub fn parse_business_hours(s: &str) -> Option<(NaiveTime, NaiveTime)> {
    let (a, b) = s.split_once('-')?;
    let (open, close) = (parse_hhmm(a)?, parse_hhmm(b)?);
    (open < close).then_some((open, close))
}

/// The longest duration a contract may state: no booklet keeps anything for a century, and
/// every deadline computed from it stays far inside the calendar (chrono ends in year 262143).
pub const MAX_SPAN_YEARS: u64 = 100;
/// [`MAX_SPAN_YEARS`] in days (365.25 a year) and months.
const MAX_SPAN_DAYS: u64 = 36_525;
const MAX_SPAN_MONTHS: u64 = 12 * MAX_SPAN_YEARS;

/// Parses a retention: `90 days`, `1 week`, `2 months`, `1 year`, `1 minute`, at most
/// [`MAX_SPAN_YEARS`] long.
pub fn parse_span(s: &str) -> Option<Span> {
    read_span(s).ok()
}

/// Why a duration was refused.
#[derive(Debug, PartialEq, Eq)]
enum SpanError {
    /// Not `N unit`.
    Invalid,
    /// Longer than [`MAX_SPAN_YEARS`].
    TooLong,
}

fn read_span(s: &str) -> Result<Span, SpanError> {
    let mut parts = s.split_whitespace();
    let (Some(n), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(SpanError::Invalid);
    };
    let n: u64 = match n.parse() {
        Ok(0) => return Err(SpanError::Invalid),
        Ok(n) => n,
        // All digits, too many of them: a number, too big.
        Err(_) if n.bytes().all(|b| b.is_ascii_digit()) => return Err(SpanError::TooLong),
        Err(_) => return Err(SpanError::Invalid),
    };
    let (days_each, months_each) = match unit.trim_end_matches('s') {
        "minute" => (0, 0),
        "day" => (1, 0),
        "week" => (7, 0),
        "month" => (0, 1),
        "year" => (0, 12),
        _ => return Err(SpanError::Invalid),
    };
    let within = |x: Option<u64>, max: u64| x.filter(|x| *x <= max).ok_or(SpanError::TooLong);
    // Every bound below fits an i64 and a u32 many times over: the conversions cannot fail.
    let span = if months_each > 0 {
        Span::Months(within(n.checked_mul(months_each), MAX_SPAN_MONTHS)? as u32)
    } else if days_each > 0 {
        Span::Days(within(n.checked_mul(days_each), MAX_SPAN_DAYS)? as i64)
    } else {
        Span::Minutes(within(Some(n), MAX_SPAN_DAYS * 24 * 60)? as i64)
    };
    Ok(span)
}

struct Validator {
    problems: Vec<Problem>,
}

const SPAN_EXPECTED: &str = "a duration such as \"90 days\", \"1 week\", \"2 months\" or \"1 year\"";

impl Validator {
    fn push(&mut self, path: &str, msg: impl Into<String>) {
        self.problems.push(Problem { path: path.to_string(), text: format!("{path}: {}", msg.into()) });
    }

    fn known_keys(&mut self, prefix: &str, t: &Table, keys: &[&str]) {
        for k in t.keys() {
            if !keys.contains(&k.as_str()) {
                let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                self.push(&path, format!("unknown key; expected one of {}", keys.join(", ")));
            }
        }
    }

    fn section<'a>(&mut self, path: &str, v: Option<&'a Value>, keys: &[&str]) -> Option<&'a Table> {
        match v? {
            Value::Table(t) => {
                self.known_keys(path, t, keys);
                Some(t)
            }
            _ => {
                self.push(path, "expected a table");
                None
            }
        }
    }

    fn string(&mut self, path: &str, v: Option<&Value>) -> Option<String> {
        match v? {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.push(path, "expected a string");
                None
            }
        }
    }

    fn number(&mut self, path: &str, v: Option<&Value>) -> Option<f64> {
        match v? {
            Value::Integer(i) => Some(*i as f64),
            Value::Float(f) if f.is_finite() => Some(*f),
            _ => {
                self.push(path, "expected a number");
                None
            }
        }
    }

    /// A number in (0, max].
    fn positive(&mut self, path: &str, v: Option<&Value>, max: f64, what: &str) -> Option<f64> {
        let n = self.number(path, v)?;
        if n > 0.0 && n <= max {
            Some(n)
        } else {
            self.push(path, format!("{n} is out of range; expected {what} in (0, {max}]"));
            None
        }
    }

    fn span(&mut self, path: &str, v: Option<&Value>) -> Option<Span> {
        let s = self.string(path, v)?;
        match read_span(&s) {
            Ok(span) => return Some(span),
            Err(SpanError::Invalid) => self.push(path, format!("invalid duration \"{s}\"; expected {SPAN_EXPECTED}")),
            Err(SpanError::TooLong) => self.push(
                path,
                format!(
                    "\"{s}\" is out of range; expected a duration of at most {MAX_SPAN_YEARS} years \
                     ({MAX_SPAN_DAYS} days, {MAX_SPAN_MONTHS} months)"
                ),
            ),
        }
        None
    }

    fn time(&mut self, path: &str, v: Option<&Value>) -> Option<NaiveTime> {
        let s = self.string(path, v)?;
        let t = parse_hhmm(&s);
        if t.is_none() {
            self.push(path, format!("invalid time \"{s}\"; expected HH:MM (00:00–23:59)"));
        }
        t
    }

    /// Sets the rule of commitment `id` via `f` and marks it overridden; a problem when the
    /// profile has no such commitment.
    fn set(&mut self, p: &mut Profile, path: &str, id: &str, f: impl FnOnce(&mut Rule) -> bool) {
        match p.commitments.iter_mut().find(|c| c.id == id) {
            Some(c) => {
                if f(&mut c.rule) {
                    c.overridden = true;
                }
            }
            None if p.id.is_empty() => {}
            None => self.push(path, format!("profile `{}` has no commitment `{id}` to override", p.id)),
        }
    }

    fn availability(&mut self, p: &mut Profile, v: Option<&Value>) {
        let Some(t) = self.section("availability", v, &["target_pct"]) else { return };
        if let Some(pct) = self.positive("availability.target_pct", t.get("target_pct"), 100.0, "a percentage") {
            self.set(p, "availability.target_pct", "availability", |r| match r {
                Rule::Availability { target_pct, .. } => {
                    *target_pct = pct;
                    true
                }
                _ => false,
            });
        }
    }

    fn response_time(&mut self, p: &mut Profile, v: Option<&Value>) {
        let Some(t) = self.section("response_time", v, &["max_avg_ms"]) else { return };
        let path = "response_time.max_avg_ms";
        if let Some(ms) = self.positive(path, t.get("max_avg_ms"), 600_000.0, "milliseconds") {
            self.set(p, path, "response-time.average", |r| match r {
                Rule::ResponseTimeAverage { max_avg_ms } => {
                    *max_avg_ms = ms;
                    true
                }
                _ => false,
            });
        }
    }

    fn resolution(&mut self, p: &mut Profile, v: Option<&Value>) {
        let keys = ["blocking_hours", "major_hours", "minor_hours"];
        let Some(t) = self.section("resolution", v, &keys) else { return };
        for (key, sev) in keys.iter().zip([Severity::Blocking, Severity::Major, Severity::Minor]) {
            let path = format!("resolution.{key}");
            let Some(h) = self.positive(&path, t.get(*key), 10_000.0, "business hours") else { continue };
            let id = format!("ticket.resolution.{}", sev.name());
            self.set(p, &path, &id, |r| match r {
                Rule::Resolution { target_minutes, .. } => {
                    *target_minutes = Some((h * 60.0).round() as i64);
                    true
                }
                _ => false,
            });
        }
    }

    fn support(&mut self, p: &mut Profile, v: Option<&Value>) {
        let keys = ["calendar", "business_hours", "start", "take_charge_hours", "take_charge_share_pct"];
        let Some(t) = self.section("support", v, &keys) else { return };
        let mut clock_changed = false;
        if let Some(name) = self.string("support.calendar", t.get("calendar")) {
            if CALENDARS.contains(&name.as_str()) {
                p.support_calendar = name;
                clock_changed = true;
            } else {
                self.push(
                    "support.calendar",
                    format!("unknown calendar `{name}`; expected one of {}", CALENDARS.join(", ")),
                );
            }
        }
        if let Some(s) = self.string("support.business_hours", t.get("business_hours")) {
            match parse_business_hours(&s) {
                Some(h) => {
                    p.support_hours = Some(h);
                    clock_changed = true;
                }
                None => self.push(
                    "support.business_hours",
                    format!("invalid hours \"{s}\"; expected HH:MM-HH:MM with opening before closing"),
                ),
            }
        }
        if clock_changed {
            // Every business-time commitment is measured differently now.
            for c in p.commitments.iter_mut() {
                if matches!(
                    c.rule,
                    Rule::Resolution { .. }
                        | Rule::TakeCharge { .. }
                        | Rule::ActionPlan { .. }
                        | Rule::Correction { .. }
                ) {
                    c.overridden = true;
                }
            }
        }
        let start = match t.get("start") {
            None => None,
            Some(Value::Datetime(d)) => {
                d.date.and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()))
            }
            Some(Value::String(s)) => s.parse::<NaiveDate>().ok(),
            Some(_) => None,
        };
        if t.get("start").is_some() && start.is_none() {
            self.push("support.start", "invalid date; expected YYYY-MM-DD (the start of support)");
        }
        let hours = self.positive("support.take_charge_hours", t.get("take_charge_hours"), 10_000.0, "business hours");
        let share =
            self.positive("support.take_charge_share_pct", t.get("take_charge_share_pct"), 100.0, "a percentage");
        if start.is_some() || hours.is_some() || share.is_some() {
            self.set(p, "support", "ticket.take-charge", |r| match r {
                Rule::TakeCharge { target_minutes, share_pct, support_start, .. } => {
                    if let Some(h) = hours {
                        *target_minutes = (h * 60.0).round() as i64;
                    }
                    if let Some(s) = share {
                        *share_pct = s;
                    }
                    if start.is_some() {
                        *support_start = start;
                    }
                    true
                }
                _ => false,
            });
        }
    }

    fn maintenance(&mut self, p: &mut Profile, v: Option<&Value>) {
        let Some(t) = self.section("maintenance", v, &["windows", "notice_hours"]) else { return };
        if let Some(h) = self.positive("maintenance.notice_hours", t.get("notice_hours"), 24.0 * 366.0, "hours") {
            self.set(p, "maintenance.notice_hours", "maintenance.notice", |r| match r {
                Rule::MaintenanceNotice { min_notice_hours } => {
                    *min_notice_hours = h.round() as i64;
                    true
                }
                _ => false,
            });
        }
        let Some(windows) = t.get("windows") else { return };
        let Value::Array(list) = windows else {
            self.push("maintenance.windows", "expected an array of tables ([[maintenance.windows]])");
            return;
        };
        let mut out = Vec::new();
        for (i, w) in list.iter().enumerate() {
            let path = format!("maintenance.windows[{i}]");
            let Some(w) = self.section(&path, Some(w), &["days", "start", "end", "zone", "label"]) else { continue };
            let days = self.days(&format!("{path}.days"), w.get("days"));
            let start = self.time(&format!("{path}.start"), w.get("start"));
            let end = self.time(&format!("{path}.end"), w.get("end"));
            if w.get("start").is_none() {
                self.push(&format!("{path}.start"), "missing; expected HH:MM");
            }
            if w.get("end").is_none() {
                self.push(&format!("{path}.end"), "missing; expected HH:MM");
            }
            let zone = match self.string(&format!("{path}.zone"), w.get("zone")) {
                None => Some(p.zone),
                Some(z) => {
                    let parsed = z.parse::<Tz>().ok();
                    if parsed.is_none() {
                        self.push(&format!("{path}.zone"), format!("unknown time zone `{z}`; expected an IANA zone"));
                    }
                    parsed
                }
            };
            let label = self.string(&format!("{path}.label"), w.get("label"));
            if let (Some(days), Some(start), Some(end), Some(zone)) = (days, start, end, zone) {
                if start == end {
                    self.push(&path, "start and end are equal; expected a window of some length");
                    continue;
                }
                let label =
                    label.unwrap_or_else(|| format!("{}–{} ({zone})", start.format("%H:%M"), end.format("%H:%M")));
                out.push(RecurringWindow { weekdays: days, start, end, zone, label });
            }
        }
        p.maintenance_windows = out;
        for c in p.commitments.iter_mut() {
            if matches!(c.rule, Rule::MaintenanceWindow) {
                c.overridden = true;
            }
        }
    }

    fn days(&mut self, path: &str, v: Option<&Value>) -> Option<[bool; 7]> {
        const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let Some(Value::Array(list)) = v else {
            self.push(path, "expected a list of days such as [\"mon\", \"sat\"]");
            return None;
        };
        let mut days = [false; 7];
        let mut ok = !list.is_empty();
        for d in list {
            let name = d.as_str().map(|s| s.to_lowercase());
            match name.as_deref().and_then(|n| NAMES.iter().position(|x| n.starts_with(x))) {
                Some(i) => days[i] = true,
                None => {
                    self.push(path, format!("invalid day {d}; expected one of {}", NAMES.join(", ")));
                    ok = false;
                }
            }
        }
        ok.then_some(days)
    }

    fn backup(&mut self, p: &mut Profile, v: Option<&Value>) {
        let Some(t) = self.section("backup", v, &["daily_retention", "monthly_retention"]) else { return };
        for (key, id) in
            [("daily_retention", "backup.daily.retention"), ("monthly_retention", "backup.monthly.retention")]
        {
            let path = format!("backup.{key}");
            if let Some(span) = self.span(&path, t.get(key)) {
                self.set(p, &path, id, |r| match r {
                    Rule::BackupRetention { retention, .. } => {
                        *retention = span;
                        true
                    }
                    _ => false,
                });
            }
        }
    }

    fn purge(&mut self, p: &mut Profile, v: Option<&Value>) {
        let keys = ["system-log", "application-log", "sftp-file", "candidate-data", "cv", "movement-history"];
        let Some(t) = self.section("purge", v, &keys) else { return };
        for key in keys {
            let path = format!("purge.{key}");
            if let Some(span) = self.span(&path, t.get(key)) {
                self.set(p, &path, &format!("purge.{key}"), |r| match r {
                    Rule::Purge { retention, .. } => {
                        *retention = span;
                        true
                    }
                    _ => false,
                });
            }
        }
    }

    fn visits(&mut self, p: &mut Profile, v: Option<&Value>) {
        let Some(t) = self.section("visits", v, &["servers"]) else { return };
        match t.get("servers") {
            None => {}
            Some(Value::Integer(n)) if *n >= 1 && *n <= 10_000 => {
                let n = *n as u32;
                self.set(p, "visits.servers", "visits.count", |r| match r {
                    Rule::VisitsCount { servers, .. } => {
                        *servers = Some(n);
                        true
                    }
                    _ => false,
                });
            }
            Some(other) => {
                self.push("visits.servers", format!("{other} is out of range; expected a whole number from 1 to 10000"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn problems_name_their_line() {
        // Line 1 extends, 3 [availability], 4 its target, 6–8 the first window (header on 6),
        // 10–11 the second window; a key that is missing points at its table.
        let text = "extends = \"talentsoft\"\n\n[availability]\ntarget_pct = 120\n\n[[maintenance.windows]]\n\
                    days = [\"sat\"]\nend = \"25:00\"\n\n[[maintenance.windows]]\nstart = \"x\"\n";
        let line = |p: &str| {
            let (path, _) = p.split_once(": ").unwrap_or((p, ""));
            super::with_line(text, super::Problem { path: path.to_string(), text: p.to_string() })
        };
        assert_eq!(line("availability.target_pct: out of range"), "line 4: availability.target_pct: out of range");
        assert_eq!(line("maintenance.windows[0].end: bad"), "line 8: maintenance.windows[0].end: bad");
        assert_eq!(line("maintenance.windows[0].start: missing"), "line 6: maintenance.windows[0].start: missing");
        assert_eq!(line("maintenance.windows[1].start: bad"), "line 11: maintenance.windows[1].start: bad");
        assert_eq!(line("availability.scheme: missing"), "line 3: availability.scheme: missing");
        assert_eq!(line("purge: missing"), "purge: missing");
        assert_eq!(line("no path here"), "no path here");
    }

    #[test]
    fn keys_with_dots_or_colons_are_found_whole() {
        // `"target_pct.x"` (line 4) is one key, not target_pct (line 3) then x; `"a: b"` (line 5)
        // is one key too; the problem text keeps the path as written.
        let text = "extends = \"talentsoft\"\n[availability]\ntarget_pct = 99\n\"target_pct.x\" = 1\n\"a: b\" = 2\n";
        let problems = super::validate(text).err().unwrap();
        let lines: Vec<String> = problems.into_iter().map(|p| super::with_line(text, p)).collect();
        assert!(lines.iter().any(|l| l.starts_with("line 4: availability.target_pct.x: unknown key")), "{lines:#?}");
        assert!(lines.iter().any(|l| l.starts_with("line 5: availability.a: b: unknown key")), "{lines:#?}");
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        // `extends = talentsoft` (a bare word): the value starts at column 11, BOM or not.
        for text in ["extends = talentsoft\n", "\u{feff}extends = talentsoft\n"] {
            let problems = super::parse(text).unwrap_err();
            assert!(problems[0].starts_with("not valid TOML at line 1, column 11: "), "{}", problems[0]);
        }
    }

    #[test]
    fn toml_syntax_errors_name_line_and_column() {
        // `[availability` is 13 characters: the closing bracket is missing at column 14 of line 2.
        let problems = super::parse("extends = \"talentsoft\"\n[availability\ntarget_pct = 1\n").unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("not valid TOML at line 2, column 14: "), "{}", problems[0]);
    }

    use super::*;

    #[test]
    fn lowers_the_response_time_ceiling() {
        // SPEC §1: a contract overrides any target; 000 §5.9.3's 400 ms becomes 300 ms.
        let p = parse("extends = \"talentsoft\"\n[response_time]\nmax_avg_ms = 300\n").unwrap();
        let c = p.commitment("response-time.average").unwrap();
        assert_eq!(c.rule, Rule::ResponseTimeAverage { max_avg_ms: 300.0 });
        assert!(c.overridden);
        // KMB Labs has no response-time commitment: a problem, not a silent no-op.
        let problems = parse("extends = \"kmb-labs\"\n[response_time]\nmax_avg_ms = 300\n").unwrap_err();
        assert!(problems[0].contains("has no commitment `response-time.average`"), "{problems:?}");
    }

    #[test]
    fn raises_talentsoft_availability_and_marks_it() {
        let p = parse("extends = \"talentsoft\"\nname = \"ACME\"\n[availability]\ntarget_pct = 99.9\n").unwrap();
        assert_eq!(p.name, "ACME");
        let c = p.commitment("availability").unwrap();
        assert!(c.overridden);
        assert_eq!(c.rule.target_text(), "≥ 99.9 % over 6 months");
        assert!(!p.commitment("ticket.resolution.blocking").unwrap().overridden);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let text = r#"
extends = "talentsoft"
colour = "blue"
[availability]
target_pct = 100.5
[support]
business_hours = "18:30-08:30"
[[maintenance.windows]]
days = ["sat"]
start = "25:00"
end = "08:00"
[purge]
system-log = "ninety days"
"#;
        let problems = parse(text).unwrap_err();
        assert_eq!(problems.len(), 5, "{problems:#?}");
        assert!(problems[0].starts_with("colour: unknown key"));
        assert!(problems.iter().any(|p| p.starts_with("availability.target_pct: 100.5 is out of range")));
        assert!(problems.iter().any(|p| p.starts_with("support.business_hours: invalid hours")));
        assert!(problems.iter().any(|p| p.starts_with("maintenance.windows[0].start: invalid time \"25:00\"")));
        assert!(problems.iter().any(|p| p.starts_with("purge.system-log: invalid duration")));
    }

    #[test]
    fn zero_percent_and_unknown_base_and_missing_commitment() {
        let problems = parse("extends = \"nope\"\n[availability]\ntarget_pct = 0\n").unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:#?}");
        // Sprint has no minor resolution commitment to override.
        let problems = parse("extends = \"sprint-open\"\n[resolution]\nminor_hours = 80\n").unwrap_err();
        assert_eq!(
            problems,
            vec![
                "resolution.minor_hours: profile `sprint-open` has no commitment `ticket.resolution.minor` to override"
            ]
        );
    }

    #[test]
    fn spans_and_hours() {
        assert_eq!(parse_span("90 days"), Some(Span::Days(90)));
        assert_eq!(parse_span("1 week"), Some(Span::Days(7)));
        assert_eq!(parse_span("1 year"), Some(Span::Months(12)));
        assert_eq!(parse_span("0 days"), None);
        // At most 100 years: 36525 days (100 × 365.25), 5217 weeks (36519 days), 1200 months,
        // 52,596,000 minutes (36525 × 1440); one more is too long, and so is a number that
        // does not fit 64 bits (it used to overflow `7 * n` or `12 * n`).
        assert_eq!(read_span("100 years"), Ok(Span::Months(1200)));
        assert_eq!(read_span("1200 months"), Ok(Span::Months(1200)));
        assert_eq!(read_span("36525 days"), Ok(Span::Days(36_525)));
        assert_eq!(read_span("5217 weeks"), Ok(Span::Days(36_519)));
        assert_eq!(read_span("52596000 minutes"), Ok(Span::Minutes(52_596_000)));
        for long in ["101 years", "1201 months", "36526 days", "5218 weeks", "52596001 minutes", "262143 years"] {
            assert_eq!(read_span(long), Err(SpanError::TooLong), "{long}");
        }
        for huge in ["1537228672809129302 weeks", "768614336404564651 years", "99999999999999999999 days"] {
            assert_eq!(read_span(huge), Err(SpanError::TooLong), "{huge}");
        }
        assert_eq!(read_span("-3 days"), Err(SpanError::Invalid));
        assert_eq!(read_span("3 fortnights"), Err(SpanError::Invalid));
        assert_eq!(
            parse_business_hours("09:00-18:00"),
            Some((parse_hhmm("09:00").unwrap(), parse_hhmm("18:00").unwrap()))
        );
        assert_eq!(parse_business_hours("9h-18h"), None);
    }
}
