//! Periods as they are written — `2026-10` (also `10/2026`), `2026-Q3`, `2026` — and local
//! midnights: read by the CLI (`--period`, in `options`) and by the waivers file, below both
//! `options` and `checks`.

use anyhow::{anyhow, Result};
use chrono::{DateTime, Months, NaiveDate, Utc};
use chrono_tz::Tz;

use super::parse_date;
use crate::calendar::resolve_local;

/// Parses `--period`: `2026-10` (also `10/2026` and `2026/10`), `2026-Q3` or `2026`, as
/// [from, to) in `zone`.
pub fn parse_period(s: &str, zone: Tz) -> Result<(DateTime<Utc>, DateTime<Utc>)> {
    let hint = period_hint(s.trim());
    let bad =
        || anyhow!("invalid period `{s}`;{hint} expected a month (2026-10), a quarter (2026-Q3) or a year (2026)");
    let s = s.trim();
    // A month written with a slash, either way round: `10/2026`, `2026/10`.
    let slashed = s.split_once('/').and_then(|(a, b)| match (a.len(), b.len()) {
        (4, 1..=2) => Some(format!("{a}-{b}")),
        (1..=2, 4) => Some(format!("{b}-{a}")),
        _ => None,
    });
    let s = slashed.as_deref().unwrap_or(s);
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

/// What a period that does not parse was probably meant to be: ` did you mean …?` or nothing.
fn period_hint(s: &str) -> String {
    if let Some(d) = parse_date(s) {
        return format!(" did you mean `--period {}`, or `--from {s} --to DATE` for days?", d.format("%Y-%m"));
    }
    let upper = s.to_uppercase().replace([' ', '/', '_'], "");
    // `Q3 2026`, `2026Q3`, `Q3-2026`.
    let quarter = match (upper.find('Q'), upper.len()) {
        (Some(0), 7) => Some((upper[3..].to_string(), &upper[1..2])).filter(|_| &upper[2..3] == "-"),
        (Some(0), 6) => Some((upper[2..].to_string(), &upper[1..2])),
        (Some(4), 6) => Some((upper[..4].to_string(), &upper[5..6])),
        _ => None,
    };
    match quarter {
        Some((y, q)) if y.chars().all(|c| c.is_ascii_digit()) && matches!(q, "1" | "2" | "3" | "4") => {
            format!(" did you mean `{y}-Q{q}`?")
        }
        _ => String::new(),
    }
}

/// Midnight at the start of `d` in `zone`.
pub fn local_midnight(zone: Tz, d: NaiveDate) -> DateTime<Utc> {
    resolve_local(zone, d.and_time(chrono::NaiveTime::MIN))
}
