//! The customer's own monitor (`--probes`): one row per probe, `timestamp,status[,response_ms]
//! [,kind]`. The status is up or down in words (`up`/`down`, `ok`/`fail`, `success`/`error`,
//! `1`/`0`, `true`/`false`) or an HTTP status code: 200–399 is up, anything else (4xx, 5xx, 0
//! for no answer) is down.
//!
//! The fold, [`ProbeLog`], turns probes into interruptions: a run of at least `min_failures`
//! consecutive failed probes is an interruption from its first failed probe to the next
//! successful one (a shorter run, a lone failure between successes, is counted but makes no
//! interruption: monitors retry before they alert). Time with no probe — before the first, after the last, and between two
//! probes farther apart than `max_gap` — is *unknown*: it is never counted as available.

use chrono::{DateTime, Duration, Utc};

use super::cut::{AsOfCut, CutWords};
use super::downtime::{DowntimeKind, DowntimeLog, Interruption};
use super::{fold, ColumnSpec, CsvInput, InputSummary, ReadOptions};
use crate::calendar::windows::IntervalSet;
use crate::error::InputError;

/// How the probes' note names the probes after as-of (its label is `probes PATH`, its code
/// `probes`).
pub const CUT: CutWords =
    CutWords { one: "probe", many: "probes", when: "dated", dated: false, sees: "the probes as they stood then" };

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

/// Spans of time (interruptions, time without a probe).
pub type Set = IntervalSet<DateTime<Utc>>;

/// How probes are read into interruptions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProbeRules {
    /// Consecutive failed probes that make an interruption (`--probe-failures`, default 2).
    pub min_failures: usize,
    /// The longest time between two probes that is still known (`--probe-max-gap`, minutes).
    pub max_gap: Duration,
}

impl Default for ProbeRules {
    fn default() -> Self {
        ProbeRules { min_failures: 2, max_gap: Duration::minutes(15) }
    }
}

/// The probes, folded.
#[derive(Debug, Clone)]
pub struct ProbeLog {
    /// Interruptions the probes saw (runs of failures), in time order.
    pub interruptions: Vec<Interruption>,
    /// Time without a probe, over the window the availability looks at.
    pub unknown: Set,
    /// Failed probes that made no interruption.
    pub lone_failures: usize,
    /// Probes read (at or before as-of).
    pub probes: usize,
    /// Probes dated after as-of, left out.
    pub cut: AsOfCut,
    /// The rules used.
    pub rules: ProbeRules,
    /// What the file held.
    pub summary: InputSummary,
}

impl ProbeLog {
    /// Folds `probes` (any order) as seen at `as_of`, over `window` (from its first instant to
    /// the cut: the time the availability looks at).
    pub fn new(
        mut probes: Vec<Probe>,
        rules: ProbeRules,
        as_of: DateTime<Utc>,
        window: (DateTime<Utc>, DateTime<Utc>),
        summary: InputSummary,
    ) -> ProbeLog {
        let mut after = AsOfCut::new(as_of);
        probes.retain(|p| after.keep(p.at));
        probes.sort_by(|a, b| a.at.cmp(&b.at).then(a.line.cmp(&b.line)));
        let (from, cut) = window;
        let mut unknown = Vec::new();
        match (probes.first(), probes.last()) {
            (Some(first), Some(last)) => {
                unknown.push((from, first.at.min(cut)));
                if cut - last.at > rules.max_gap {
                    unknown.push((last.at.max(from), cut));
                }
            }
            _ => unknown.push((from, cut)),
        }
        for w in probes.windows(2) {
            if w[1].at - w[0].at > rules.max_gap {
                unknown.push((w[0].at.max(from), w[1].at.min(cut)));
            }
        }
        let mut interruptions = Vec::new();
        let mut lone_failures = 0;
        let mut i = 0;
        while i < probes.len() {
            if probes[i].up {
                i += 1;
                continue;
            }
            let start = i;
            while i < probes.len() && !probes[i].up {
                i += 1;
            }
            let run = &probes[start..i];
            if run.len() < rules.min_failures {
                lone_failures += run.len();
                continue;
            }
            // Ends at the next successful probe; still going when none came.
            let end = probes.get(i).map(|p| p.at);
            interruptions.push(Interruption {
                start: run[0].at,
                end,
                kind: run[0].kind.unwrap_or(DowntimeKind::Unplanned),
                announced_at: None,
                service: None,
                description: Some(format!("{} failed probes", run.len())),
                line: run[0].line,
            });
        }
        ProbeLog {
            interruptions,
            unknown: Set::from_spans(unknown),
            lone_failures,
            probes: probes.len(),
            cut: after,
            rules,
            summary,
        }
    }

    /// The probes as a downtime log, as of `as_of`: their interruptions, plus (`pessimistic`)
    /// the unknown time as unplanned downtime; otherwise (the most the probes could show) their
    /// interruptions less the unknown time — a run of failures with no probe after it, or one
    /// across a gap, is down only where a probe said so.
    pub fn as_downtime(&self, pessimistic: bool, as_of: DateTime<Utc>) -> DowntimeLog {
        let mut interruptions = Vec::new();
        if !pessimistic {
            for i in &self.interruptions {
                let known = Set::from_spans(i.seen(as_of)).difference(&self.unknown);
                interruptions.extend(known.spans().iter().map(|(a, b)| Interruption {
                    start: *a,
                    end: Some(*b),
                    ..i.clone()
                }));
            }
        } else {
            interruptions = self.interruptions.clone();
            interruptions.extend(self.unknown.spans().iter().map(|(a, b)| Interruption {
                start: *a,
                end: Some(*b),
                kind: DowntimeKind::Unplanned,
                announced_at: None,
                service: None,
                description: Some("no probe: unknown".into()),
                line: 0,
            }));
            interruptions.sort_by(|a, b| a.start.cmp(&b.start).then(a.line.cmp(&b.line)));
        }
        DowntimeLog { interruptions, other_environments: Default::default(), summary: self.summary.clone() }
    }

    /// The time the probes saw the service down, as of `as_of`.
    pub fn down(&self, as_of: DateTime<Utc>) -> Set {
        Set::from_spans(self.interruptions.iter().filter_map(|i| i.seen(as_of)))
    }
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
