//! A contract's shorthand sections (SPEC §1, docs/decisions/contracts.md): `[availability]`,
//! `[resolution]`, `[support]`, `[maintenance]`, `[response_time]`, `[backup]`, `[purge]` and
//! `[visits]` override the parameters of the commitments they name, as a `[[commitment]]` entry
//! would; their values are checked here with the messages those keys have always had, then
//! written into the commitment's parameters, which its family validates again.

use chrono::{Datelike, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use toml::{Table, Value};

use super::{Problem, Validator};
use crate::calendar::windows::RecurringWindow;
use crate::calendar::CALENDARS;
use crate::profile::{Profile, Rule, Severity, Span};

/// Parses business hours `HH:MM-HH:MM` (opening before closing; `24:00` closes at midnight).
pub fn parse_business_hours(s: &str) -> Option<(NaiveTime, NaiveTime)> {
    crate::calendar::data::parse_hours(s)
}

/// Marks every business-time commitment overridden: a new support calendar or new hours
/// measure them differently.
pub(super) fn mark_business_time(p: &mut Profile) {
    for c in p.commitments.iter_mut() {
        if matches!(
            c.rule,
            Rule::Resolution { .. } | Rule::TakeCharge { .. } | Rule::ActionPlan { .. } | Rule::Correction { .. }
        ) {
            c.overridden = true;
        }
    }
}

impl Validator {
    pub(super) fn push(&mut self, path: &str, msg: impl Into<String>) {
        self.problems.push(Problem { path: path.to_string(), text: format!("{path}: {}", msg.into()) });
    }

    pub(super) fn known_keys(&mut self, prefix: &str, t: &Table, keys: &[&str]) {
        for k in t.keys() {
            if !keys.contains(&k.as_str()) {
                let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                self.push(&path, format!("unknown key; expected one of {}", keys.join(", ")));
            }
        }
    }

    pub(super) fn section<'a>(&mut self, path: &str, v: Option<&'a Value>, keys: &[&str]) -> Option<&'a Table> {
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

    pub(super) fn string(&mut self, path: &str, v: Option<&Value>) -> Option<String> {
        match v? {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.push(path, "expected a string");
                None
            }
        }
    }

    pub(super) fn number(&mut self, path: &str, v: Option<&Value>) -> Option<f64> {
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
    pub(super) fn positive(&mut self, path: &str, v: Option<&Value>, max: f64, what: &str) -> Option<f64> {
        let n = self.number(path, v)?;
        crate::checks::families::positive(path, n, max, what, &mut self.problems)
    }

    pub(super) fn span(&mut self, path: &str, v: Option<&Value>) -> Option<Span> {
        let s = self.string(path, v)?;
        match Span::parse(&s) {
            Ok(span) => Some(span),
            Err(e) => {
                self.push(path, e.describe(&s));
                None
            }
        }
    }

    pub(super) fn time(&mut self, path: &str, v: Option<&Value>) -> Option<NaiveTime> {
        let s = self.string(path, v)?;
        crate::checks::families::time(path, &s, &mut self.problems)
    }

    /// Sets parameter `key` of commitment `id` to `value` and marks it overridden (its family
    /// validates the parameters again); a problem when the profile has no such commitment.
    fn set(&mut self, p: &mut Profile, path: &str, id: &str, key: &str, value: Value) {
        match p.commitments.iter_mut().find(|c| c.id == id) {
            Some(c) => {
                c.raw.insert(key.to_string(), value);
                // The booklet's own words for the target no longer hold.
                c.target = None;
                c.overridden = true;
                self.touched.push(c.id.clone());
            }
            None if p.id.is_empty() => {}
            None => self.push(path, format!("profile `{}` has no commitment `{id}` to override", p.id)),
        }
    }

    pub(super) fn availability(&mut self, p: &mut Profile, v: Option<&Value>) {
        let Some(t) = self.section("availability", v, &["target_pct"]) else { return };
        if let Some(pct) = self.positive("availability.target_pct", t.get("target_pct"), 100.0, "a percentage") {
            self.set(p, "availability.target_pct", "availability", "target_pct", Value::Float(pct));
        }
    }

    pub(super) fn response_time(&mut self, p: &mut Profile, v: Option<&Value>) {
        let Some(t) = self.section("response_time", v, &["max_avg_ms"]) else { return };
        let path = "response_time.max_avg_ms";
        if let Some(ms) = self.positive(path, t.get("max_avg_ms"), 600_000.0, "milliseconds") {
            self.set(p, path, "response-time.average", "max_avg_ms", Value::Float(ms));
        }
    }

    pub(super) fn resolution(&mut self, p: &mut Profile, v: Option<&Value>) {
        let keys = ["blocking_hours", "major_hours", "minor_hours"];
        let Some(t) = self.section("resolution", v, &keys) else { return };
        for (key, sev) in keys.iter().zip([Severity::Blocking, Severity::Major, Severity::Minor]) {
            let path = format!("resolution.{key}");
            let Some(h) = self.positive(&path, t.get(*key), 10_000.0, "business hours") else { continue };
            let id = format!("ticket.resolution.{}", sev.name());
            self.set(p, &path, &id, "target_hours", Value::Float(h));
        }
    }

    pub(super) fn support(&mut self, p: &mut Profile, v: Option<&Value>) {
        let keys = ["calendar", "business_hours", "start", "take_charge_hours", "take_charge_share_pct"];
        let Some(t) = self.section("support", v, &keys) else { return };
        let mut clock_changed = false;
        if let Some(name) = self.string("support.calendar", t.get("calendar")) {
            // A built-in calendar, or one the booklet (or the contract) defines.
            if CALENDARS.contains(&name.as_str()) || p.calendars.iter().any(|c| c.name == name) {
                p.support_calendar = name;
                clock_changed = true;
            } else {
                let mut names: Vec<&str> = CALENDARS.to_vec();
                names.extend(p.calendars.iter().map(|c| c.name.as_str()));
                self.push(
                    "support.calendar",
                    format!("unknown calendar `{name}`; expected one of {}", names.join(", ")),
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
            mark_business_time(p);
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
        let id = "ticket.take-charge";
        if let (Some(d), Some(Value::Datetime(_) | Value::String(_))) = (start, t.get("start")) {
            let date = toml::value::Date { year: d.year() as u16, month: d.month() as u8, day: d.day() as u8 };
            let value = toml::value::Datetime { date: Some(date), time: None, offset: None };
            self.set(p, "support", id, "support_start", Value::Datetime(value));
        }
        if let Some(h) = hours {
            self.set(p, "support", id, "target_hours", Value::Float(h));
        }
        if let Some(s) = share {
            self.set(p, "support", id, "share_pct", Value::Float(s));
        }
    }

    pub(super) fn maintenance(&mut self, p: &mut Profile, v: Option<&Value>) {
        let Some(t) = self.section("maintenance", v, &["windows", "notice_hours"]) else { return };
        if let Some(h) = self.positive("maintenance.notice_hours", t.get("notice_hours"), 24.0 * 366.0, "hours") {
            let h = Value::Integer(h.round() as i64);
            self.set(p, "maintenance.notice_hours", "maintenance.notice", "notice_hours", h);
        }
        let Some(windows) = t.get("windows") else { return };
        let Some(out) = self.windows("maintenance.windows", windows, p.zone) else { return };
        super::windows_replaced(p, out, true);
    }

    /// A list of recurring windows (`[[maintenance_window]]`, `[[maintenance.windows]]`):
    /// `None` when any is invalid (each problem pushed).
    pub(super) fn windows(&mut self, at: &str, windows: &Value, default_zone: Tz) -> Option<Vec<RecurringWindow>> {
        let Value::Array(list) = windows else {
            self.push(at, format!("expected an array of tables ([[{at}]])"));
            return None;
        };
        let before = self.problems.len();
        let mut out = Vec::new();
        for (i, w) in list.iter().enumerate() {
            let path = format!("{at}[{i}]");
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
                None => Some(default_zone),
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
        (self.problems.len() == before).then_some(out)
    }

    pub(super) fn days(&mut self, path: &str, v: Option<&Value>) -> Option<[bool; 7]> {
        const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let Some(Value::Array(list)) = v else {
            self.push(path, "expected a list of days such as [\"mon\", \"sat\"]");
            return None;
        };
        let mut days = [false; 7];
        let mut ok = !list.is_empty();
        if !ok {
            self.push(path, "an empty list; expected at least one day such as [\"sun\"]");
        }
        for d in list {
            let at =
                d.as_str().and_then(crate::calendar::data::parse_weekday).map(|w| w.num_days_from_monday() as usize);
            match at {
                Some(i) if days[i] => {
                    self.push(path, format!("{d} appears twice"));
                    ok = false;
                }
                Some(i) => days[i] = true,
                None => {
                    self.push(path, format!("invalid day {d}; expected one of {}", NAMES.join(", ")));
                    ok = false;
                }
            }
        }
        ok.then_some(days)
    }

    pub(super) fn backup(&mut self, p: &mut Profile, v: Option<&Value>) {
        let Some(t) = self.section("backup", v, &["daily_retention", "monthly_retention"]) else { return };
        for (key, id) in
            [("daily_retention", "backup.daily.retention"), ("monthly_retention", "backup.monthly.retention")]
        {
            let path = format!("backup.{key}");
            if let (Some(_), Some(v)) = (self.span(&path, t.get(key)), t.get(key)) {
                self.set(p, &path, id, "retention", v.clone());
            }
        }
    }

    pub(super) fn purge(&mut self, p: &mut Profile, v: Option<&Value>) {
        let keys = ["system-log", "application-log", "sftp-file", "candidate-data", "cv", "movement-history"];
        let Some(t) = self.section("purge", v, &keys) else { return };
        for key in keys {
            let path = format!("purge.{key}");
            if let (Some(_), Some(v)) = (self.span(&path, t.get(key)), t.get(key)) {
                self.set(p, &path, &format!("purge.{key}"), "retention", v.clone());
            }
        }
    }

    pub(super) fn visits(&mut self, p: &mut Profile, v: Option<&Value>) {
        let Some(t) = self.section("visits", v, &["servers"]) else { return };
        match t.get("servers") {
            None => {}
            Some(Value::Integer(n)) if *n >= 1 && *n <= 10_000 => {
                self.set(p, "visits.servers", "visits.count", "servers", Value::Integer(*n));
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
            crate::booklet::with_line(text, crate::profile::Problem { path: path.to_string(), text: p.to_string() })
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
        let problems =
            crate::booklet::validate(text, crate::booklet::Origin::Contract, &crate::booklet::builtin).err().unwrap();
        let lines: Vec<String> = problems.into_iter().map(|p| crate::booklet::with_line(text, p)).collect();
        assert!(lines.iter().any(|l| l.starts_with("line 4: availability.target_pct.x: unknown key")), "{lines:#?}");
        assert!(lines.iter().any(|l| l.starts_with("line 5: availability.a: b: unknown key")), "{lines:#?}");
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        // `extends = talentsoft` (a bare word): the value starts at column 11, BOM or not.
        for text in ["extends = talentsoft\n", "\u{feff}extends = talentsoft\n"] {
            let problems = crate::booklet::parse(text).unwrap_err();
            assert!(problems[0].starts_with("not valid TOML at line 1, column 11: "), "{}", problems[0]);
        }
    }

    #[test]
    fn toml_syntax_errors_name_line_and_column() {
        // `[availability` is 13 characters: the closing bracket is missing at column 14 of line 2.
        let problems = crate::booklet::parse("extends = \"talentsoft\"\n[availability\ntarget_pct = 1\n").unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("not valid TOML at line 2, column 14: "), "{}", problems[0]);
    }

    use super::*;
    use crate::booklet::parse;
    use crate::profile::SpanError;

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
        assert_eq!(Span::parse("90 days"), Ok(Span::Days(90)));
        assert_eq!(Span::parse("1 week"), Ok(Span::Days(7)));
        assert_eq!(Span::parse("1 year"), Ok(Span::Months(12)));
        assert_eq!(Span::parse("0 days"), Err(SpanError::Invalid));
        // At most 100 years: 36525 days (100 × 365.25), 5217 weeks (36519 days), 1200 months,
        // 52,596,000 minutes (36525 × 1440); one more is too long, and so is a number that
        // does not fit 64 bits (it used to overflow `7 * n` or `12 * n`).
        assert_eq!(Span::parse("100 years"), Ok(Span::Months(1200)));
        assert_eq!(Span::parse("1200 months"), Ok(Span::Months(1200)));
        assert_eq!(Span::parse("36525 days"), Ok(Span::Days(36_525)));
        assert_eq!(Span::parse("5217 weeks"), Ok(Span::Days(36_519)));
        assert_eq!(Span::parse("52596000 minutes"), Ok(Span::Minutes(52_596_000)));
        for long in ["101 years", "1201 months", "36526 days", "5218 weeks", "52596001 minutes", "262143 years"] {
            assert_eq!(Span::parse(long), Err(SpanError::TooLong), "{long}");
        }
        for huge in ["1537228672809129302 weeks", "768614336404564651 years", "99999999999999999999 days"] {
            assert_eq!(Span::parse(huge), Err(SpanError::TooLong), "{huge}");
        }
        assert_eq!(Span::parse("-3 days"), Err(SpanError::Invalid));
        assert_eq!(Span::parse("3 fortnights"), Err(SpanError::Invalid));
        assert_eq!(
            parse_business_hours("09:00-18:00"),
            Some((
                crate::calendar::data::parse_hhmm("09:00").unwrap(),
                crate::calendar::data::parse_hhmm("18:00").unwrap()
            ))
        );
        assert_eq!(parse_business_hours("9h-18h"), None);
    }
}
