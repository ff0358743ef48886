//! Calendars and public holidays as data: the TOML schema of holiday sets (`[holidays.NAME]`)
//! and business calendars (`[calendars.NAME]`), its validation, and the built-in sets and
//! calendars (`calendars/holidays.toml`, `calendars/calendars.toml`, embedded in the binary and
//! parsed once). The schema is described for users in `docs/calendars.md`.
//!
//! ```toml
//! [holidays.acme]
//! include = ["us-federal"]
//! rule = [
//!     { name = "Day after Thanksgiving", month = 11, weekday = "fri", nth = 4 },
//!     { name = "Good Friday", easter = -2, from = 2027 },
//! ]
//!
//! [calendars.new-york-support]
//! zone = "America/New_York"
//! hours = "09:00-17:00"
//! days = ["mon", "tue", "wed", "thu", "fri"]
//! holidays = "acme"
//! ```
//!
//! Validation reports every problem at once, each with the key path of the value
//! (`holidays.acme.rule[1].easter`) and a text naming the value and what was expected;
//! unknown keys are problems and every number is bounded.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use chrono::{NaiveTime, Weekday};
use chrono_tz::Tz;
use toml::{Table, Value};

use super::holidays::{HolidaySet, Observed, Rule, When, YEARS};
use super::{Calendar, Holidays};

/// One problem of a holiday set or calendar table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Key path of the value (`holidays.us-federal.rule[3].nth`).
    pub path: String,
    /// What is wrong: the value and what was expected.
    pub text: String,
}

impl Problem {
    fn new(path: impl Into<String>, text: impl Into<String>) -> Problem {
        Problem { path: path.into(), text: text.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.text)
    }
}

/// Holiday sets by name; always holds `none` (no holiday).
#[derive(Debug, Clone, PartialEq)]
pub struct HolidaySets {
    sets: BTreeMap<String, Arc<HolidaySet>>,
}

impl Default for HolidaySets {
    fn default() -> Self {
        HolidaySets::new()
    }
}

impl HolidaySets {
    /// Only `none`.
    pub fn new() -> HolidaySets {
        let mut sets = BTreeMap::new();
        sets.insert("none".to_string(), Arc::new(HolidaySet::none()));
        HolidaySets { sets }
    }

    /// The built-in sets (`calendars/holidays.toml` and `none`).
    pub fn builtin() -> &'static HolidaySets {
        &builtin().sets
    }

    /// A set by name.
    pub fn get(&self, name: &str) -> Option<&Arc<HolidaySet>> {
        self.sets.get(name)
    }

    /// The sets' names, in alphabetical order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.sets.keys().map(String::as_str)
    }
}

/// Most holiday sets in one table, rules in one set (as written, and with its includes),
/// sets one set includes, and characters in a name.
pub const MAX_SETS: usize = 100;
/// See [`MAX_SETS`].
pub const MAX_RULES: usize = 400;
/// See [`MAX_SETS`].
pub const MAX_RULES_INCLUDED: usize = 2_000;
/// See [`MAX_SETS`].
pub const MAX_INCLUDES: usize = 20;
/// See [`MAX_SETS`].
pub const MAX_NAME_CHARS: usize = 100;

const SET_KEYS: &[&str] = &["include", "rule"];
const RULE_KEYS: &[&str] = &["name", "date", "month", "weekday", "nth", "easter", "observed", "from", "until"];
const CALENDAR_KEYS: &[&str] = &["zone", "hours", "days", "holidays"];
const WEEKDAYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

/// A day of a maintenance window's `days`: `mon` or `monday`, any case; nothing else
/// (`sunday-funday` is not a day). Calendars and holiday rules take the short names only.
pub fn parse_weekday(s: &str) -> Option<Weekday> {
    const FULL: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    let s = s.trim().to_lowercase();
    let i = WEEKDAYS.iter().position(|(n, _)| *n == s).or_else(|| FULL.iter().position(|n| *n == s))?;
    Some(WEEKDAYS[i].1)
}

/// `prefix.key`, the key quoted when it is not a bare TOML key.
fn join(prefix: &str, key: &str) -> String {
    let bare = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let key = if bare { key.to_string() } else { format!("\"{}\"", key.escape_default()) };
    if prefix.is_empty() {
        key
    } else {
        format!("{prefix}.{key}")
    }
}

/// A value as shown in a problem: strings quoted, cut at 80 characters, controls made visible.
fn shown(v: &Value) -> String {
    let text = match v {
        Value::String(s) => format!("\"{s}\""),
        Value::Table(_) => "a table".to_string(),
        Value::Array(_) => "an array".to_string(),
        other => other.to_string(),
    };
    crate::error::excerpt(&crate::error::visible(&text)).into_owned()
}

/// Whether `name` may name a set or a calendar (it is typed on the command line).
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Collects problems while reading one table.
#[derive(Default)]
struct Check {
    problems: Vec<Problem>,
}

impl Check {
    fn push(&mut self, path: impl Into<String>, text: impl Into<String>) {
        self.problems.push(Problem::new(path, text));
    }

    fn unknown_keys(&mut self, prefix: &str, t: &Table, keys: &[&str]) {
        for k in t.keys() {
            if !keys.contains(&k.as_str()) {
                self.push(join(prefix, k), format!("unknown key; expected one of {}", keys.join(", ")));
            }
        }
    }

    fn table<'a>(&mut self, path: &str, v: &'a Value) -> Option<&'a Table> {
        match v {
            Value::Table(t) => Some(t),
            other => {
                self.push(path, format!("{}; expected a table", shown(other)));
                None
            }
        }
    }

    fn string<'a>(&mut self, path: &str, v: &'a Value, expected: &str) -> Option<&'a str> {
        match v {
            Value::String(s) => Some(s),
            other => {
                self.push(path, format!("{}; expected {expected}", shown(other)));
                None
            }
        }
    }

    /// An integer in `range`.
    fn int(&mut self, path: &str, v: &Value, range: std::ops::RangeInclusive<i64>, what: &str) -> Option<i64> {
        match v {
            Value::Integer(n) if range.contains(n) => Some(*n),
            other => {
                self.push(path, format!("{}; expected {what} ({} to {})", shown(other), range.start(), range.end()));
                None
            }
        }
    }

    fn weekday(&mut self, path: &str, v: &Value) -> Option<Weekday> {
        let found = match v {
            Value::String(s) => WEEKDAYS.iter().find(|(n, _)| n == s).map(|(_, d)| *d),
            _ => None,
        };
        if found.is_none() {
            self.push(path, format!("{}; expected a weekday: mon, tue, wed, thu, fri, sat or sun", shown(v)));
        }
        found
    }
}

/// Parses `MM-DD` (a day of some year: 02-29 is one).
fn parse_month_day(s: &str) -> Option<(u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 5 || b[2] != b'-' || !b.iter().enumerate().all(|(i, c)| i == 2 || c.is_ascii_digit()) {
        return None;
    }
    let (month, day) = (s[..2].parse().ok()?, s[3..].parse().ok()?);
    // 2000 is a leap year: every day that exists in some year exists in it.
    chrono::NaiveDate::from_ymd_opt(2000, month, day).map(|_| (month, day))
}

/// Parses `HH:MM` (digits only, 00:00–23:59).
pub fn parse_hhmm(s: &str) -> Option<NaiveTime> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

/// Parses business hours `HH:MM-HH:MM`, opening before closing; `24:00` closes at the end of
/// the day (`00:00-24:00`: the whole day), held as a closing time of 00:00 ([`Calendar::close`]).
pub fn parse_hours(s: &str) -> Option<(NaiveTime, NaiveTime)> {
    let (a, b) = s.split_once('-')?;
    let open = parse_hhmm(a)?;
    if b.trim() == "24:00" {
        return Some((open, NaiveTime::MIN));
    }
    let close = parse_hhmm(b)?;
    (open < close).then_some((open, close))
}

/// One rule of `[[holidays.SET.rule]]`.
fn rule(c: &mut Check, path: &str, v: &Value) -> Option<Rule> {
    let t = c.table(path, v)?;
    c.unknown_keys(path, t, RULE_KEYS);
    let before = c.problems.len();
    let name = match t.get("name") {
        None => {
            c.push(join(path, "name"), "missing; expected the holiday's name");
            None
        }
        Some(v) => c.string(&join(path, "name"), v, "the holiday's name (a string)").and_then(|s| {
            if s.trim().is_empty() || s.chars().count() > MAX_NAME_CHARS || s.chars().any(char::is_control) {
                c.push(
                    join(path, "name"),
                    format!("{}; expected a name of 1 to {MAX_NAME_CHARS} characters", shown(v)),
                );
                None
            } else {
                Some(s)
            }
        }),
    };
    let date = t.get("date").and_then(|v| {
        let s = c.string(&join(path, "date"), v, "a day \"MM-DD\"")?;
        let found = parse_month_day(s);
        if found.is_none() {
            c.push(
                join(path, "date"),
                format!("invalid day {}; expected \"MM-DD\", a day that exists (02-29 in leap years only)", shown(v)),
            );
        }
        found
    });
    let month = t.get("month").and_then(|v| c.int(&join(path, "month"), v, 1..=12, "a month"));
    let weekday = t.get("weekday").and_then(|v| c.weekday(&join(path, "weekday"), v));
    let nth = t.get("nth").and_then(|v| match v {
        Value::Integer(n) if (1..=5).contains(n) || *n == -1 => Some(*n as i8),
        other => {
            c.push(join(path, "nth"), format!("{}; expected 1 to 5, or -1 for the last", shown(other)));
            None
        }
    });
    let easter = t.get("easter").and_then(|v| c.int(&join(path, "easter"), v, -100..=100, "days after Easter Sunday"));
    let observed = match t.get("observed") {
        None => Some(Observed::None),
        Some(v) => {
            let found = [Observed::None, Observed::NearestWeekday, Observed::NextMonday]
                .into_iter()
                .find(|o| matches!(v, Value::String(s) if s == o.name()));
            if found.is_none() {
                c.push(
                    join(path, "observed"),
                    format!("{}; expected \"none\", \"nearest-weekday\" or \"next-monday\"", shown(v)),
                );
            }
            found
        }
    };
    let years = format!("a year ({} to {})", YEARS.start(), YEARS.end());
    let year = |c: &mut Check, key: &str| {
        t.get(key).and_then(|v| {
            c.int(&join(path, key), v, i64::from(*YEARS.start())..=i64::from(*YEARS.end()), &years).map(|y| y as i32)
        })
    };
    let (from, until) = (year(c, "from"), year(c, "until"));
    if let (Some(f), Some(u)) = (from, until) {
        if u < f {
            c.push(join(path, "until"), format!("{u} is before from = {f}; expected a year from {f} on"));
        }
    }
    // Which day: exactly one of date, month + weekday + nth, easter (by the keys given, so a
    // bad value is not also reported as a missing day).
    let nth_keys: Vec<&str> = ["month", "weekday", "nth"].into_iter().filter(|k| t.contains_key(*k)).collect();
    let kinds: Vec<&str> = [
        t.contains_key("date").then_some("date"),
        (!nth_keys.is_empty()).then_some("month + weekday + nth"),
        t.contains_key("easter").then_some("easter"),
    ]
    .into_iter()
    .flatten()
    .collect();
    const ONE_OF: &str = "exactly one of date = \"MM-DD\", month + weekday + nth, easter = N";
    match kinds.len() {
        0 => c.push(path, format!("no day given; expected {ONE_OF}")),
        1 => {}
        _ => c.push(path, format!("{} given; expected {ONE_OF}", kinds.join(" and "))),
    }
    if !nth_keys.is_empty() && kinds.len() == 1 {
        for k in ["month", "weekday", "nth"] {
            if !nth_keys.contains(&k) {
                c.push(join(path, k), "missing; month, weekday and nth go together (the nth weekday of a month)");
            }
        }
    }
    if c.problems.len() > before {
        return None;
    }
    let when = match (date, month, weekday, nth, easter) {
        (Some((month, day)), ..) => When::Fixed { month, day },
        (_, Some(month), Some(weekday), Some(nth), _) => When::Nth { month: month as u32, weekday, nth },
        (.., Some(n)) => When::Easter(n as i32),
        _ => return None,
    };
    Some(Rule { name: Arc::from(name?), when, observed: observed?, from, until })
}

/// A set as written: what it includes (name, path of the entry), its own rules (those that
/// are sound), and whether all of it was.
struct Written {
    include: Vec<(String, String)>,
    rules: Vec<Rule>,
    sound: bool,
}

fn written(c: &mut Check, path: &str, v: &Value) -> Option<Written> {
    let t = c.table(path, v)?;
    c.unknown_keys(path, t, SET_KEYS);
    let before = c.problems.len();
    let mut include = Vec::new();
    match t.get("include") {
        None => {}
        Some(Value::Array(a)) if a.len() <= MAX_INCLUDES => {
            for (i, v) in a.iter().enumerate() {
                let p = format!("{}[{i}]", join(path, "include"));
                if let Some(s) = c.string(&p, v, "the name of a holiday set") {
                    include.push((s.to_string(), p));
                }
            }
        }
        Some(other) => c.push(
            join(path, "include"),
            format!("{}; expected an array of at most {MAX_INCLUDES} holiday set names", shown(other)),
        ),
    }
    let mut rules = Vec::new();
    match t.get("rule") {
        None => {}
        Some(Value::Array(a)) if a.len() <= MAX_RULES => {
            for (i, v) in a.iter().enumerate() {
                if let Some(r) = rule(c, &format!("{}[{i}]", join(path, "rule")), v) {
                    rules.push(r);
                }
            }
        }
        Some(other) => c.push(
            join(path, "rule"),
            format!("{}; expected an array of at most {MAX_RULES} rules ([[rule]] tables)", shown(other)),
        ),
    }
    Some(Written { include, rules, sound: c.problems.len() == before })
}

/// Parses a `[holidays]` map (set name → set table) whose key path is `path_prefix`
/// (`holidays`, or `""` for the top level). A set may include the sets of `known` and the
/// other sets of the table (cycles are problems). Returns `known` with the new sets added;
/// a name already in `known` is a problem.
pub fn holiday_sets(table: &Table, path_prefix: &str, known: &HolidaySets) -> Result<HolidaySets, Vec<Problem>> {
    let mut c = Check::default();
    if table.len() > MAX_SETS {
        c.push(path_prefix, format!("{} holiday sets; expected at most {MAX_SETS}", table.len()));
        return Err(c.problems);
    }
    let mut sets: BTreeMap<&str, (String, Option<Written>)> = BTreeMap::new();
    for (name, v) in table {
        let path = join(path_prefix, name);
        if !valid_name(name) {
            c.push(&path, "invalid set name; expected 1 to 64 characters among a-z, 0-9, - and _");
        } else if known.get(name).is_some() {
            c.push(
                &path,
                format!("`{name}` is already a holiday set (built in or defined before); choose another name"),
            );
        }
        let w = written(&mut c, &path, v);
        sets.insert(name, (path, w));
    }
    // Resolve the includes, depth first: a set's rules are those of its includes, in order,
    // then its own.
    #[derive(Clone)]
    enum State {
        Open,
        Busy,
        Done(Option<Vec<Rule>>),
    }
    struct Resolver<'a> {
        sets: &'a BTreeMap<&'a str, (String, Option<Written>)>,
        known: &'a HolidaySets,
        state: BTreeMap<&'a str, State>,
        stack: Vec<&'a str>,
    }
    impl<'a> Resolver<'a> {
        fn resolve(&mut self, c: &mut Check, name: &'a str) -> Option<Vec<Rule>> {
            match self.state.get(name).cloned().unwrap_or(State::Open) {
                State::Done(r) => return r,
                State::Busy => return None,
                State::Open => {}
            }
            let (path, Some(w)) = self.sets.get(name)? else {
                self.state.insert(name, State::Done(None));
                return None;
            };
            self.state.insert(name, State::Busy);
            self.stack.push(name);
            let mut rules = Vec::new();
            let mut ok = true;
            for (inc, p) in &w.include {
                if let Some((&key, _)) = self.sets.get_key_value(inc.as_str()) {
                    if matches!(self.state.get(key), Some(State::Busy)) {
                        let at = self.stack.iter().position(|s| *s == key).unwrap_or(0);
                        let cycle: Vec<&str> = self.stack[at..].iter().copied().chain([key]).collect();
                        c.push(p, format!("include cycle: {}", cycle.join(" → ")));
                        ok = false;
                    } else if let Some(r) = self.resolve(c, key) {
                        rules.extend(r);
                    } else {
                        ok = false;
                    }
                } else if let Some(s) = self.known.get(inc) {
                    rules.extend(s.rules().iter().cloned());
                } else {
                    let names: Vec<&str> = self.known.names().chain(self.sets.keys().copied()).collect();
                    c.push(
                        p,
                        format!(
                            "unknown holiday set \"{}\"; expected one of {}",
                            crate::error::excerpt(&crate::error::visible(inc)),
                            names.join(", ")
                        ),
                    );
                    ok = false;
                }
            }
            rules.extend(w.rules.iter().cloned());
            ok &= w.sound;
            if ok && rules.len() > MAX_RULES_INCLUDED {
                c.push(path, format!("{} rules with its includes; expected at most {MAX_RULES_INCLUDED}", rules.len()));
                ok = false;
            }
            self.stack.pop();
            let result = ok.then_some(rules);
            self.state.insert(name, State::Done(result.clone()));
            result
        }
    }
    let mut r = Resolver { sets: &sets, known, state: BTreeMap::new(), stack: Vec::new() };
    let mut resolved = Vec::new();
    for name in sets.keys() {
        if let Some(rules) = r.resolve(&mut c, name) {
            resolved.push((*name, rules));
        }
    }
    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    let mut out = known.clone();
    for (name, rules) in resolved {
        let include = sets.get(name).and_then(|(_, w)| w.as_ref()).map(|w| w.include.iter().map(|(n, _)| n.clone()));
        let set = HolidaySet::new(name, include.into_iter().flatten().collect(), rules);
        out.sets.insert(name.to_string(), Arc::new(set));
    }
    Ok(out)
}

/// Parses one calendar table (`[calendars.NAME]`, key path `path_prefix`), its holidays
/// named among `sets`.
pub fn calendar(name: &str, table: &Table, path_prefix: &str, sets: &HolidaySets) -> Result<Calendar, Vec<Problem>> {
    let mut c = Check::default();
    if !valid_name(name) {
        c.push(path_prefix, "invalid calendar name; expected 1 to 64 characters among a-z, 0-9, - and _");
    }
    c.unknown_keys(path_prefix, table, CALENDAR_KEYS);
    let zone = match table.get("zone") {
        None => {
            c.push(join(path_prefix, "zone"), "missing; expected an IANA time zone name such as \"Europe/Paris\"");
            None
        }
        Some(v) => {
            c.string(&join(path_prefix, "zone"), v, "an IANA time zone name such as \"Europe/Paris\"").and_then(|s| {
                let zone = s.parse::<Tz>().ok();
                if zone.is_none() {
                    c.push(
                        join(path_prefix, "zone"),
                        format!("unknown time zone {}; expected an IANA name such as \"America/New_York\"", shown(v)),
                    );
                }
                zone
            })
        }
    };
    const HOURS: &str = "\"HH:MM-HH:MM\", opening before closing, e.g. \"09:00-17:00\"";
    let hours = match table.get("hours") {
        None => {
            c.push(join(path_prefix, "hours"), format!("missing; expected {HOURS}"));
            None
        }
        Some(v) => c.string(&join(path_prefix, "hours"), v, HOURS).and_then(|s| {
            let h = parse_hours(s);
            if h.is_none() {
                c.push(join(path_prefix, "hours"), format!("invalid hours {}; expected {HOURS}", shown(v)));
            }
            h
        }),
    };
    let mut weekdays = [true, true, true, true, true, false, false];
    match table.get("days") {
        None => {}
        Some(Value::Array(a)) if !a.is_empty() && a.len() <= 7 => {
            weekdays = [false; 7];
            for (i, v) in a.iter().enumerate() {
                let p = format!("{}[{i}]", join(path_prefix, "days"));
                if let Some(d) = c.weekday(&p, v) {
                    let k = d.num_days_from_monday() as usize;
                    if weekdays[k] {
                        c.push(&p, format!("{} given twice; expected each working day once", shown(v)));
                    }
                    weekdays[k] = true;
                }
            }
        }
        Some(other) => c.push(
            join(path_prefix, "days"),
            format!(
                "{}; expected an array of 1 to 7 weekdays, e.g. [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]",
                shown(other)
            ),
        ),
    }
    let holidays = match table.get("holidays") {
        None => sets.get("none").cloned().or_else(|| Some(Arc::new(HolidaySet::none()))),
        Some(v) => c.string(&join(path_prefix, "holidays"), v, "the name of a holiday set").and_then(|s| {
            let set = sets.get(s).cloned();
            if set.is_none() {
                let names: Vec<&str> = sets.names().collect();
                c.push(
                    join(path_prefix, "holidays"),
                    format!("unknown holiday set {}; expected one of {}", shown(v), names.join(", ")),
                );
            }
            set
        }),
    };
    match (zone, hours, holidays) {
        (Some(zone), Some((open, close)), Some(set)) if c.problems.is_empty() => {
            Ok(Calendar { name: name.to_string(), zone, open, close, weekdays, holidays: Holidays::new(set) })
        }
        _ => Err(c.problems),
    }
}

/// Parses a `[calendars]` map (calendar name → calendar table) whose key path is
/// `path_prefix`; the calendars in name order.
pub fn calendars(table: &Table, path_prefix: &str, sets: &HolidaySets) -> Result<Vec<Calendar>, Vec<Problem>> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (name, v) in table {
        let path = join(path_prefix, name);
        match v {
            Value::Table(t) => match calendar(name, t, &path, sets) {
                Ok(cal) => out.push(cal),
                Err(p) => problems.extend(p),
            },
            other => problems.push(Problem::new(path, format!("{}; expected a table", shown(other)))),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The embedded holiday sets.
pub const HOLIDAYS_TOML: &str = include_str!("../../calendars/holidays.toml");
/// The embedded calendars.
pub const CALENDARS_TOML: &str = include_str!("../../calendars/calendars.toml");

/// The built-in data, parsed once.
struct Builtin {
    sets: HolidaySets,
    calendars: Vec<Calendar>,
    /// Problems of the embedded files (none: a test asserts it); what parsed is kept.
    problems: Vec<Problem>,
}

/// Reads an embedded file holding one top-level table `key`.
fn file(text: &str, file: &str, key: &str, problems: &mut Vec<Problem>) -> Table {
    let mut top = match text.parse::<Table>() {
        Ok(t) => t,
        Err(e) => {
            problems.push(Problem::new(file, format!("invalid TOML: {}", e.to_string().trim())));
            return Table::new();
        }
    };
    for k in top.keys().filter(|k| *k != key) {
        problems.push(Problem::new(format!("{file}: {}", join("", k)), format!("unknown key; expected {key}")));
    }
    match top.remove(key) {
        Some(Value::Table(t)) => t,
        _ => {
            problems.push(Problem::new(format!("{file}: {key}"), "missing; expected a table"));
            Table::new()
        }
    }
}

fn builtin() -> &'static Builtin {
    static BUILTIN: OnceLock<Builtin> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        let mut problems = Vec::new();
        let holidays = file(HOLIDAYS_TOML, "calendars/holidays.toml", "holidays", &mut problems);
        let sets = holiday_sets(&holidays, "holidays", &HolidaySets::new()).unwrap_or_else(|p| {
            problems.extend(p);
            HolidaySets::new()
        });
        let cals = file(CALENDARS_TOML, "calendars/calendars.toml", "calendars", &mut problems);
        // Calendar by calendar, so that one bad calendar leaves the others.
        let mut calendars = Vec::new();
        for (name, v) in &cals {
            let path = join("calendars", name);
            match v {
                Value::Table(t) => match calendar(name, t, &path, &sets) {
                    Ok(cal) => calendars.push(cal),
                    Err(p) => problems.extend(p),
                },
                other => problems.push(Problem::new(path, format!("{}; expected a table", shown(other)))),
            }
        }
        Builtin { sets, calendars, problems }
    })
}

/// The built-in calendars (`calendars/calendars.toml`), in name order.
pub fn builtin_calendars() -> &'static [Calendar] {
    &builtin().calendars
}

/// The built-in calendars' names, in name order.
pub fn calendar_names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| builtin_calendars().iter().map(|c| c.name.as_str()).collect())
}

/// The built-in holiday sets' names (`none` among them), in name order.
pub fn holiday_set_names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| HolidaySets::builtin().names().collect())
}

/// Problems of the embedded data files: none in a released binary (a test asserts it); when
/// there are some, what parsed is still served and the commands that need calendars refuse
/// to run with [`builtin_error`].
pub fn builtin_problems() -> &'static [Problem] {
    &builtin().problems
}

/// An error naming the problems of the embedded data, if it has any.
pub fn builtin_error() -> Option<String> {
    let p = builtin_problems();
    (!p.is_empty()).then(|| {
        let lines: Vec<String> = p.iter().map(|p| format!("  {p}")).collect();
        format!("the built-in calendar data are invalid (a defect of this build):\n{}", lines.join("\n"))
    })
}

/// The names a holiday set is known by on the command line besides its own (`france`).
pub const HOLIDAY_ALIASES: &[(&str, &str)] = &[("france", "fr")];

#[cfg(test)]
mod tests;
