//! Durations as booklets and contracts write them (`90 days`, `1 week`, `2 months`, `1 year`,
//! `1 minute`), bounded so that no deadline computed from one can leave the calendar.

use super::Span;

/// The longest duration a booklet or contract may state: no booklet keeps anything for a
/// century, and every deadline computed from it stays far inside the calendar (chrono ends in
/// year 262143).
pub const MAX_SPAN_YEARS: u64 = 100;
/// [`MAX_SPAN_YEARS`] in days (365.25 a year).
pub const MAX_SPAN_DAYS: u64 = 36_525;
/// [`MAX_SPAN_YEARS`] in months.
pub const MAX_SPAN_MONTHS: u64 = 12 * MAX_SPAN_YEARS;

/// Why a duration was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum SpanError {
    /// Not `N unit`.
    Invalid,
    /// Longer than [`MAX_SPAN_YEARS`].
    TooLong,
}

impl SpanError {
    /// What the problem says about `s`.
    pub fn describe(&self, s: &str) -> String {
        match self {
            SpanError::Invalid => format!(
                "invalid duration \"{s}\"; expected a duration such as \"90 days\", \"1 week\", \"2 months\" or \"1 year\""
            ),
            SpanError::TooLong => format!(
                "\"{s}\" is out of range; expected a duration of at most {MAX_SPAN_YEARS} years ({MAX_SPAN_DAYS} days, \
                 {MAX_SPAN_MONTHS} months)"
            ),
        }
    }
}

impl Span {
    /// Parses a duration at most [`MAX_SPAN_YEARS`] long.
    pub fn parse(s: &str) -> Result<Span, SpanError> {
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
}
