//! The report model: what an audit found, typed. A [`Finding`] per commitment with its
//! [`Verdict`], its measured figures (one struct per commitment family, [`Measured`]) and its
//! [`Item`]s (one values struct per family, [`Values`]); the report's [`Note`]s. Checks fill
//! it; the formats (`report`) and `explain` read its typed fields. Serialised, it is the
//! `livret.report/1` JSON of docs/report.md: each struct writes its fields in the order and
//! under the names SPEC §4.1 gives, and every instant is written by one serialiser,
//! [`Instant`], as a local time of the profile's zone.

mod instant;
mod item;
pub mod measured;
mod note;
pub mod values;

use std::borrow::Cow;

use serde::Serialize;
use serde_json::{Map, Value};

pub use instant::{Day, Instant};
pub use item::{Item, ResolutionValues, Values};
pub use measured::Measured;
pub use note::Note;

use crate::ingest::inputs::InputKind;
use crate::profile::{Commitment, Rule};

/// A verdict on a commitment or an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Verdict {
    /// The commitment was met.
    #[serde(rename = "pass")]
    Pass,
    /// Met, but something deserves a look (e.g. data kept longer than promised).
    #[serde(rename = "warn")]
    Warn,
    /// Not met.
    #[serde(rename = "fail")]
    Fail,
    /// Not over yet (an unresolved ticket still within target).
    #[serde(rename = "open")]
    Open,
    /// No commitment applies.
    #[serde(rename = "n/a")]
    NotApplicable,
    /// The input the commitment needs was not given.
    #[serde(rename = "not-audited")]
    NotAudited,
    /// A breach accepted by both parties (`--waivers`): shown, not counted.
    #[serde(rename = "waived")]
    Waived,
}

impl Verdict {
    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Warn => "warn",
            Verdict::Fail => "fail",
            Verdict::Open => "open",
            Verdict::NotApplicable => "n/a",
            Verdict::NotAudited => "not-audited",
            Verdict::Waived => "waived",
        }
    }

    /// `fail` if any of `verdicts` failed, else `warn` if any warned, else `pass`.
    pub fn worst(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
        let (mut failed, mut warned) = (0, 0);
        for v in verdicts {
            match v {
                Verdict::Fail => failed += 1,
                Verdict::Warn => warned += 1,
                _ => {}
            }
        }
        Verdict::roll_up(failed, warned, Verdict::Warn)
    }

    /// The roll-up of counted items: `fail` if any failed, else `lesser` if any had it, else `pass`.
    pub fn roll_up(failed: usize, lesser_count: usize, lesser: Verdict) -> Verdict {
        if failed > 0 {
            Verdict::Fail
        } else if lesser_count > 0 {
            lesser
        } else {
            Verdict::Pass
        }
    }
}

/// The result of evaluating one commitment.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Finding {
    /// Commitment id.
    pub id: String,
    /// Clause it comes from.
    pub clause: String,
    /// Target in words.
    pub target: String,
    /// The target as a figure, for the formats that draw it (never read back from the words).
    #[serde(skip)]
    pub goal: Goal,
    /// Whether a contract file changed the commitment (absent from JSON when not).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub overridden: bool,
    /// Overall verdict.
    pub verdict: Verdict,
    /// Measured figures, one struct per family.
    pub measured: Measured,
    /// An auditor's sentence saying why.
    pub evidence: String,
    /// The items measured.
    pub items: Vec<Item>,
    /// The measured figures in a few words, for the table.
    #[serde(skip)]
    pub headline: String,
    /// A `pass` that nothing still to come in an unfinished period can change (the month's
    /// backup is already taken): kept as `pass` when the period is not over at as-of.
    #[serde(skip)]
    pub settled: bool,
    /// The inputs a commitment not audited lacked.
    #[serde(skip)]
    pub missing: Vec<InputKind>,
}

impl Finding {
    /// A finding for `c` with its id, clause and target filled.
    pub fn new(c: &Commitment, verdict: Verdict) -> Finding {
        Finding {
            id: c.id.clone(),
            clause: c.clause.clone(),
            target: c.target_text(),
            goal: Goal::of(&c.rule),
            overridden: c.overridden,
            verdict,
            measured: Measured::default(),
            evidence: String::new(),
            items: Vec::new(),
            headline: String::new(),
            settled: false,
            missing: Vec::new(),
        }
    }

    /// `not-audited`, naming the missing inputs.
    pub fn not_audited(c: &Commitment, missing: &[InputKind]) -> Finding {
        let mut f = Finding::new(c, Verdict::NotAudited);
        f.missing = missing.to_vec();
        f.evidence = format!("not audited: {}", missing_words(missing));
        f.headline = "—".to_string();
        f
    }

    /// Why a commitment has no verdict of its own, for the formats that group such
    /// commitments: the inputs it lacked (`no --visits input given`), else its evidence.
    pub fn not_audited_reason(&self) -> Cow<'_, str> {
        if self.missing.is_empty() {
            Cow::Borrowed(&self.evidence)
        } else {
            Cow::Owned(missing_words(&self.missing))
        }
    }
}

/// "no --downtime / --probes input given".
fn missing_words(missing: &[InputKind]) -> String {
    let names: Vec<String> = missing.iter().map(|k| format!("--{}", k.name().replace('_', "-"))).collect();
    format!("no {} input given", names.join(" / "))
}

/// A commitment's target as a figure, beside its words.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Goal {
    /// No single figure (a backup every day, planned work inside the windows, …).
    #[default]
    None,
    /// A percentage to reach: availability.
    Percent(f64),
    /// A ceiling in milliseconds: the monthly response-time average.
    Milliseconds(f64),
    /// A ceiling in business minutes: resolution, action plan, take-charge.
    Minutes(i64),
    /// A ceiling in hours: notice, RPO, RTO.
    Hours(i64),
    /// A number of days: automatic closure.
    Days(i64),
}

impl Goal {
    /// The figure of a rule's target.
    pub fn of(rule: &Rule) -> Goal {
        match rule {
            Rule::Availability { target_pct, .. } => Goal::Percent(*target_pct),
            Rule::ResponseTimeAverage { max_avg_ms } => Goal::Milliseconds(*max_avg_ms),
            Rule::Resolution { target_minutes: Some(m), .. }
            | Rule::ActionPlan { target_minutes: m }
            | Rule::TakeCharge { target_minutes: m, .. } => Goal::Minutes(*m),
            Rule::MaintenanceNotice { min_notice_hours: h }
            | Rule::BackupRpo { max_hours: h }
            | Rule::RecoveryRto { max_hours: h, .. } => Goal::Hours(*h),
            Rule::AutoClose { days } => Goal::Days(*days),
            _ => Goal::None,
        }
    }

    /// The percentage of a percentage target.
    pub fn percent(self) -> Option<f64> {
        match self {
            Goal::Percent(p) => Some(p),
            _ => None,
        }
    }

    /// The milliseconds of a response-time ceiling.
    pub fn milliseconds(self) -> Option<f64> {
        match self {
            Goal::Milliseconds(m) => Some(m),
            _ => None,
        }
    }
}

/// A typed value as the JSON object it serialises to (empty if it is not one). The model
/// holds numbers, strings, booleans, nulls, arrays and objects with string keys only, so the
/// conversion cannot fail.
pub(crate) fn object_of<T: Serialize + ?Sized>(value: &T) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// Minutes as `H h MM`, for evidence sentences.
pub fn fmt_duration(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.abs();
    if m < 60 {
        format!("{sign}{m} min")
    } else {
        format!("{sign}{} h {:02}", m / 60, m % 60)
    }
}
