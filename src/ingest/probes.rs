//! The customer's own monitor (`--probes`): one row per probe, `timestamp,status[,response_ms]
//! [,kind]`. The status is up or down in words (`up`/`down`, `ok`/`fail`, `success`/`error`,
//! `1`/`0`, `true`/`false`) or an HTTP status code: 200–399 is up, anything else (4xx, 5xx, 0
//! for no answer) is down.

use chrono::{DateTime, Utc};

use super::downtime::DowntimeKind;
use super::{fold, ColumnSpec, CsvInput, InputSummary, ReadOptions};
use crate::error::InputError;

/// How the probes' note names the probes after as-of (its label is `probes PATH`, its code
/// `probes`).
pub const CUT: super::cut::CutWords = super::cut::CutWords {
    one: "probe",
    many: "probes",
    when: "dated",
    dated: false,
    sees: "the probes as they stood then",
};

/// One probe.
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    /// When it was taken.
    pub at: DateTime<Utc>,
    /// Whether the service answered as expected.
    pub up: bool,
    /// The kind of an interruption this probe saw, when the row says (else unplanned).
    pub kind: Option<DowntimeKind>,
    /// Line in the file.
    pub line: u64,
}

const TIMESTAMP: usize = 0;
const STATUS: usize = 1;
const KIND: usize = 3;

/// The columns of a probes file.
pub const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        name: "timestamp",
        aliases: &["time", "date", "datetime", "checked_at", "horodatage"],
        required: true,
    },
    ColumnSpec { name: "status", aliases: &["result", "state", "up", "http_status", "code", "statut"], required: true },
    ColumnSpec {
        name: "response_ms",
        aliases: &["response_time", "duration_ms", "latency_ms", "ping"],
        required: false,
    },
    ColumnSpec { name: "kind", aliases: &["type"], required: false },
];

/// Whether a status cell says up (`Some(true)`), down (`Some(false)`), or neither.
pub fn parse_status(s: &str) -> Option<bool> {
    let t = s.trim();
    if !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit()) {
        let code: u16 = t.parse().ok()?;
        return match code {
            1 if t.len() == 1 => Some(true),
            0 if t.len() == 1 => Some(false),
            200..=399 => Some(true),
            0 | 100..=199 | 400..=599 => Some(false),
            _ => None,
        };
    }
    match fold(t).as_str() {
        "up" | "ok" | "success" | "successful" | "true" | "online" | "available" | "disponible" => Some(true),
        "down" | "fail" | "failed" | "failure" | "error" | "false" | "offline" | "timeout" | "indisponible" => {
            Some(false)
        }
        _ => None,
    }
}

/// Reads a probes file, in file order.
pub fn read(path: impl Into<super::Files>, opts: &ReadOptions) -> Result<(Vec<Probe>, InputSummary), InputError> {
    let mut probes = Vec::new();
    let input = CsvInput::open("probes", path, COLUMNS, opts)?;
    let summary = input.for_each_row(|row| {
        let at = row.timestamp(TIMESTAMP, opts.zone)?;
        let raw = row.required(STATUS)?;
        let up = parse_status(raw).ok_or_else(|| {
            row.error(
                STATUS,
                raw,
                "unknown probe status",
                "up or down (ok/fail, success/error, 1/0, true/false) or an HTTP status code (200–399 up, else down)",
            )
        })?;
        let kind = match row.get(KIND) {
            None => None,
            Some(k) => Some(DowntimeKind::parse(k).ok_or_else(|| {
                row.error(KIND, k, "unknown kind", "a downtime kind such as unplanned, planned or third-party")
            })?),
        };
        probes.push(Probe { at, up, kind, line: row.line });
        Ok(())
    })?;
    Ok((probes, summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_in_words_and_http_codes() {
        for up in ["up", "OK", "Success", "1", "true", "200", "204", "301", "399"] {
            assert_eq!(parse_status(up), Some(true), "{up}");
        }
        for down in ["down", "FAIL", "error", "0", "false", "timeout", "404", "500", "503", "000"] {
            assert_eq!(parse_status(down), Some(false), "{down}");
        }
        for neither in ["", "maybe", "600", "2", "-1", "1000"] {
            assert_eq!(parse_status(neither), None, "{neither}");
        }
    }
}
