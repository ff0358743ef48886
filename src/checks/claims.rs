//! The vendor's figures against the evidence (`--claims`): each claimed figure is matched to
//! the measured figure of the same commitment, subject and field, and is `confirmed` (equal
//! within the claim's precision), `disputed` (more favourable to the vendor than the evidence),
//! `unfavourable` (the vendor under-reported itself: worth saying, never a dispute) or
//! `unverifiable` (no evidence for it, named).
//!
//! Tolerance: a count or a whole number of minutes is compared exactly; a percentage, an
//! average or an age is compared at the decimals the vendor wrote — `99.95` holds for any
//! figure in [99.945, 99.955], half a unit of its last decimal either way. Availability is
//! compared from its exact fraction (R − D) / R, not from the 4-decimal figure of the report.

use serde::Serialize;
use serde_json::{Map, Value};

use super::{Finding, Verdict};
use crate::error::InputError;
use crate::ingest::claims::Claim;
use crate::profile::Profile;

/// Which way a figure favours the vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Better {
    Higher,
    Lower,
}

/// How a figure is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Precision {
    /// Counts and whole minutes: exactly.
    Exact,
    /// Percentages, averages, ages: at the decimals written.
    Written,
}

/// The figures a claim may name, and how each is judged.
const FIGURES: &[(&str, Better, Precision)] = &[
    ("availability_pct", Better::Higher, Precision::Written),
    ("share_pct", Better::Higher, Precision::Written),
    ("passed", Better::Higher, Precision::Exact),
    ("within_target", Better::Higher, Precision::Exact),
    ("alerted", Better::Higher, Precision::Exact),
    ("failed", Better::Lower, Precision::Exact),
    ("missed", Better::Lower, Precision::Exact),
    ("missing", Better::Lower, Precision::Exact),
    ("late", Better::Lower, Precision::Exact),
    ("not_announced", Better::Lower, Precision::Exact),
    ("deleted_early", Better::Lower, Precision::Exact),
    ("closed_early", Better::Lower, Precision::Exact),
    ("downtime_minutes", Better::Lower, Precision::Exact),
    ("minutes_outside", Better::Lower, Precision::Exact),
    ("measured_minutes", Better::Lower, Precision::Exact),
    ("avg_ms", Better::Lower, Precision::Written),
    ("worst_avg_ms", Better::Lower, Precision::Written),
    ("max_age_days", Better::Lower, Precision::Written),
];

/// What a claim came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimStatus {
    /// The evidence gives the same figure, within the claim's precision.
    Confirmed,
    /// The vendor's figure is more favourable than the evidence.
    Disputed,
    /// The vendor's figure is less favourable than the evidence.
    Unfavourable,
    /// No evidence for it.
    Unverifiable,
}

impl ClaimStatus {
    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            ClaimStatus::Confirmed => "confirmed",
            ClaimStatus::Disputed => "disputed",
            ClaimStatus::Unfavourable => "unfavourable",
            ClaimStatus::Unverifiable => "unverifiable",
        }
    }
}

/// A figure with no fraction as an integer (`3`, not `3.0`: a count stays a count), any other
/// as it is.
fn whole_as_integer<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    // 2^53: every integer up to it is exact as a double.
    if x.fract() == 0.0 && x.abs() <= 9_007_199_254_740_992.0 {
        s.serialize_i64(*x as i64)
    } else {
        s.serialize_f64(*x)
    }
}

fn whole_as_integer_or_null<S: serde::Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(x) => whole_as_integer(x, s),
        None => s.serialize_none(),
    }
}

/// One claim, judged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimResult {
    /// Line of the claims file.
    pub line: u64,
    /// The commitment id.
    pub commitment: String,
    /// The item's subject, or `null` for the commitment's own figure.
    pub subject: Option<String>,
    /// The figure's name.
    pub figure: String,
    /// The value claimed, as a number.
    #[serde(serialize_with = "whole_as_integer")]
    pub claimed: f64,
    /// The figure the evidence gives (`null` when unverifiable).
    #[serde(serialize_with = "whole_as_integer_or_null")]
    pub measured: Option<f64>,
    /// The largest difference that still confirms the claim (0 for exact figures).
    #[serde(serialize_with = "whole_as_integer")]
    pub tolerance: f64,
    /// claimed − measured (`null` when unverifiable).
    #[serde(serialize_with = "whole_as_integer_or_null")]
    pub difference: Option<f64>,
    /// The outcome.
    pub status: ClaimStatus,
    /// In words: why, and by how much.
    pub explanation: String,
    /// The items that make the difference (failed or still open items of the commitment).
    /// Not called `items`: the JSON writer finds each finding's `items` key by its depth.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items_in_question: Vec<String>,
}

/// The claimed figure's measured value: from the item named by the subject, or from the
/// finding's own figures; availability from its exact fraction.
fn measured_value(values: &Map<String, Value>, figure: &str) -> Option<f64> {
    if figure == "availability_pct" {
        let r = values.get("reference_minutes").and_then(Value::as_f64);
        let d = values.get("downtime_minutes").and_then(Value::as_f64);
        if let (Some(r), Some(d)) = (r, d) {
            if r > 0.0 {
                return Some(((r - d.clamp(0.0, r)) / r) * 100.0);
            }
        }
    }
    values.get(figure).and_then(Value::as_f64)
}

fn bad(file: &str, c: &Claim, column: (&str, usize), value: &str, reason: String, expected: String) -> InputError {
    InputError {
        file: file.to_string(),
        line: c.line,
        column: Some((column.0.to_string(), column.1)),
        value: Some(value.to_string()),
        reason,
        expected,
    }
}

fn first_names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    let shown: Vec<&str> = names.iter().take(8).copied().collect();
    let more = names.len().saturating_sub(shown.len());
    if more > 0 {
        format!("{} (and {more} more)", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// Judges every claim against the findings of `profile`. A claim naming a commitment the
/// profile does not have, a figure that cannot be compared, or an item the evidence does not
/// hold is an input error naming its line.
pub fn judge(
    file: &str,
    claims: &[Claim],
    profile: &Profile,
    findings: &[Finding],
) -> Result<Vec<ClaimResult>, InputError> {
    let mut out = Vec::with_capacity(claims.len());
    for c in claims {
        let Some(finding) = findings.iter().find(|f| f.id == c.commitment) else {
            return Err(bad(
                file,
                c,
                ("commitment", 1),
                &c.commitment,
                format!("unknown commitment for profile {}", profile.id),
                format!("a commitment id of the profile: {}", first_names(findings.iter().map(|f| f.id.as_str()))),
            ));
        };
        let Some(&(_, better, precision)) = FIGURES.iter().find(|(n, _, _)| *n == c.figure) else {
            return Err(bad(
                file,
                c,
                ("figure", 3),
                &c.figure,
                "a figure that cannot be compared".to_string(),
                format!("one of {}", first_names(FIGURES.iter().map(|(n, _, _)| *n))),
            ));
        };
        let tolerance = match precision {
            Precision::Exact => 0.0,
            Precision::Written => 0.5 * 10f64.powi(-(c.decimals.min(9) as i32)),
        };
        let result =
            |measured: Option<f64>, status: ClaimStatus, explanation: String, items: Vec<String>| ClaimResult {
                line: c.line,
                commitment: c.commitment.clone(),
                subject: c.subject.clone(),
                figure: c.figure.clone(),
                claimed: c.value,
                measured,
                tolerance,
                difference: measured.map(|m| c.value - m),
                status,
                explanation,
                items_in_question: items,
            };
        if finding.verdict == Verdict::NotAudited {
            out.push(result(
                None,
                ClaimStatus::Unverifiable,
                format!("unverifiable: {}", finding.evidence),
                Vec::new(),
            ));
            continue;
        }
        // The figures: the item's, or the finding's own.
        let (values, items_in_play) = match &c.subject {
            None => {
                let items: Vec<String> = finding
                    .items
                    .iter()
                    .filter(|i| matches!(i.verdict, Verdict::Fail | Verdict::Open))
                    .map(|i| i.subject.clone())
                    .collect();
                (finding.measured.to_map(), items)
            }
            Some(subject) => match finding.items.iter().find(|i| &i.subject == subject) {
                Some(item) => (item.values.to_map(), vec![item.subject.clone()]),
                None => {
                    return Err(bad(
                        file,
                        c,
                        ("subject", 2),
                        subject,
                        format!("no item `{subject}` in the evidence of {}", c.commitment),
                        format!(
                            "an item subject of {} ({}), or an empty subject for the commitment's own figure",
                            c.commitment,
                            first_names(finding.items.iter().map(|i| i.subject.as_str()))
                        ),
                    ));
                }
            },
        };
        if !values.contains_key(&c.figure) {
            let known: Vec<&str> = FIGURES.iter().map(|(n, _, _)| *n).filter(|n| values.contains_key(*n)).collect();
            return Err(bad(
                file,
                c,
                ("figure", 3),
                &c.figure,
                format!("{} has no figure `{}`", c.commitment, c.figure),
                format!(
                    "one of {}",
                    if known.is_empty() { "none: it has no comparable figure".into() } else { known.join(", ") }
                ),
            ));
        }
        let Some(measured) = measured_value(&values, &c.figure) else {
            out.push(result(
                None,
                ClaimStatus::Unverifiable,
                format!("unverifiable: the evidence gives no {} for {} ({})", c.figure, c.commitment, finding.evidence),
                Vec::new(),
            ));
            continue;
        };
        let diff = c.value - measured;
        // Within half a unit of the claim's last decimal, or exactly equal (with a hair of
        // floating-point slack far below any decimal a report shows).
        let slack = tolerance + 1e-9 * measured.abs().max(1.0);
        let favourable = match better {
            Better::Higher => diff > 0.0,
            Better::Lower => diff < 0.0,
        };
        let shown = |v: f64| {
            let d = (c.decimals as usize).max(match precision {
                Precision::Exact => 0,
                Precision::Written => 3,
            });
            let s = format!("{v:.d$}");
            if s.contains('.') {
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                s
            }
        };
        // Availability measured from the customer's probes with time no probe covered: a figure
        // the unknown time decides cannot dispute the vendor's (the probes' own figure counts
        // it as down, never available).
        let unknown = values.get("unknown_minutes").and_then(serde_json::Value::as_i64).unwrap_or(0);
        let from_probes = values.get("source").and_then(serde_json::Value::as_str) == Some("probes");
        let (status, explanation, items) = if diff.abs() > slack && favourable && from_probes && unknown > 0 {
            (
                ClaimStatus::Unverifiable,
                format!(
                    "unverifiable: the customer's probes give {} with {unknown} min without any probe counted as \
                     down; those minutes decide between it and the vendor's {}",
                    shown(measured),
                    c.written
                ),
                Vec::new(),
            )
        } else if diff.abs() <= slack {
            (
                ClaimStatus::Confirmed,
                format!("confirmed: the evidence gives {} for {}", shown(measured), c.written),
                Vec::new(),
            )
        } else if favourable {
            (
                ClaimStatus::Disputed,
                format!(
                    "disputed: the vendor reports {}, the evidence gives {} ({} in the vendor's favour){}",
                    c.written,
                    shown(measured),
                    shown(diff.abs()),
                    if items_in_play.is_empty() {
                        String::new()
                    } else {
                        format!("; items in question: {}", first_names(items_in_play.iter().map(String::as_str)))
                    }
                ),
                items_in_play,
            )
        } else {
            (
                ClaimStatus::Unfavourable,
                format!(
                    "unfavourable to the vendor: it reports {}, the evidence gives {} ({} better than reported)",
                    c.written,
                    shown(measured),
                    shown(diff.abs())
                ),
                Vec::new(),
            )
        };
        out.push(result(Some(measured), status, explanation, items));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booklet::builtin;
    use crate::checks::{Item, Values};
    use serde_json::json;

    fn claim(commitment: &str, subject: Option<&str>, figure: &str, written: &str) -> Claim {
        let value = written.replace(',', ".").parse().unwrap();
        let decimals = written.split_once(['.', ',']).map_or(0, |(_, f)| f.len() as u32);
        Claim {
            line: 2,
            commitment: commitment.into(),
            subject: subject.map(Into::into),
            figure: figure.into(),
            value,
            decimals,
            written: written.into(),
        }
    }

    fn finding(id: &str, verdict: Verdict, measured: Value, items: Vec<Item>) -> Finding {
        let profile = builtin("talentsoft").unwrap();
        let c = profile.commitments.iter().find(|c| c.id == id).unwrap();
        let mut f = Finding::new(c, verdict);
        f.measured = measured.as_object().unwrap().clone().into();
        f.items = items;
        f
    }

    fn item(subject: &str, verdict: Verdict, values: Value) -> Item {
        Item {
            subject: subject.into(),
            verdict,
            values: Values::Map(values.as_object().unwrap().clone()),
            detail: String::new(),
        }
    }

    fn status(claims: &[Claim], findings: &[Finding]) -> Vec<ClaimStatus> {
        let p = builtin("talentsoft").unwrap();
        judge("claims.csv", claims, &p, findings).unwrap().iter().map(|r| r.status).collect()
    }

    #[test]
    fn availability_is_judged_at_the_decimals_the_vendor_wrote() {
        // R = 259,200, D = 1,000: (258,200 / 259,200) × 100 = 99.614197…%.
        let f = finding(
            "availability",
            Verdict::Pass,
            json!({"reference_minutes": 259_200, "downtime_minutes": 1000, "availability_pct": 99.6142}),
            vec![],
        );
        let fs = [f];
        // "99.61" holds within ±0.005: 99.614197 is inside [99.605, 99.615] → confirmed.
        // "99.62" is 0.005803 above → disputed (higher favours the vendor).
        // "99.6" holds within ±0.05 → confirmed; "99.5" is 0.114 below → unfavourable.
        let claims = [
            claim("availability", None, "availability_pct", "99.61"),
            claim("availability", None, "availability_pct", "99.62"),
            claim("availability", None, "availability_pct", "99.6"),
            claim("availability", None, "availability_pct", "99.5"),
        ];
        assert_eq!(
            status(&claims, &fs),
            [ClaimStatus::Confirmed, ClaimStatus::Disputed, ClaimStatus::Confirmed, ClaimStatus::Unfavourable]
        );
        let p = builtin("talentsoft").unwrap();
        let r = judge("claims.csv", &claims[1..2], &p, &fs).unwrap();
        // 99.62 − 99.614197… = 0.005803 in the vendor's favour.
        assert!((r[0].difference.unwrap() - 0.005803).abs() < 1e-6);
        assert_eq!(r[0].tolerance, 0.005);
    }

    #[test]
    fn counts_are_exact_and_name_the_items_in_question() {
        // 38 passed, 3 failed (TS-1, TS-2, TS-3): a claim of 41 passed is disputed by 3 and
        // names them; 38 is confirmed; 37 is unfavourable. Failed 1 claimed for 3: disputed.
        let items = vec![
            item("TS-1", Verdict::Fail, json!({"measured_minutes": 1000})),
            item("TS-2", Verdict::Fail, json!({"measured_minutes": 990})),
            item("TS-3", Verdict::Fail, json!({"measured_minutes": 950})),
        ];
        let f = finding(
            "ticket.resolution.blocking",
            Verdict::Fail,
            json!({"items": 41, "passed": 38, "failed": 3, "open": 0}),
            items,
        );
        let p = builtin("talentsoft").unwrap();
        let claims = [
            claim("ticket.resolution.blocking", None, "passed", "41"),
            claim("ticket.resolution.blocking", None, "passed", "38"),
            claim("ticket.resolution.blocking", None, "passed", "37"),
            claim("ticket.resolution.blocking", None, "failed", "1"),
            claim("ticket.resolution.blocking", Some("TS-2"), "measured_minutes", "900"),
        ];
        let r = judge("claims.csv", &claims, &p, std::slice::from_ref(&f)).unwrap();
        let got: Vec<ClaimStatus> = r.iter().map(|r| r.status).collect();
        assert_eq!(
            got,
            [
                ClaimStatus::Disputed,
                ClaimStatus::Confirmed,
                ClaimStatus::Unfavourable,
                ClaimStatus::Disputed,
                ClaimStatus::Disputed
            ]
        );
        assert_eq!(r[0].items_in_question, ["TS-1", "TS-2", "TS-3"]);
        assert_eq!(r[0].difference, Some(3.0));
        // TS-2: 900 claimed for 990 measured: 90 minutes in the vendor's favour.
        assert_eq!(r[4].difference, Some(-90.0));
    }

    #[test]
    fn averages_and_unverifiable_and_bad_claims() {
        let items = vec![item("2026-10/paris", Verdict::Pass, json!({"avg_ms": 312.4, "count": 10}))];
        let f = finding("response-time.average", Verdict::Pass, json!({"items": 1, "passed": 1, "failed": 0}), items);
        let p = builtin("talentsoft").unwrap();
        let fs = [f, finding("availability", Verdict::NotAudited, json!({}), vec![])];
        // 312 holds within ±0.5 of 312.4; 311 is 1.4 below: lower favours the vendor → disputed.
        let claims = [
            claim("response-time.average", Some("2026-10/paris"), "avg_ms", "312"),
            claim("response-time.average", Some("2026-10/paris"), "avg_ms", "311"),
            claim("availability", None, "availability_pct", "99.9"),
        ];
        let got: Vec<ClaimStatus> = judge("claims.csv", &claims, &p, &fs).unwrap().iter().map(|r| r.status).collect();
        assert_eq!(got, [ClaimStatus::Confirmed, ClaimStatus::Disputed, ClaimStatus::Unverifiable]);
        // Unknown commitment, figure and subject: errors naming the column.
        for (c, col) in [
            (claim("uptime", None, "availability_pct", "99.9"), "commitment"),
            (claim("response-time.average", None, "speed", "1"), "figure"),
            (claim("response-time.average", Some("2026-09/paris"), "avg_ms", "1"), "subject"),
            (claim("response-time.average", Some("2026-10/paris"), "availability_pct", "1"), "figure"),
        ] {
            let e = judge("claims.csv", &[c], &p, &fs).unwrap_err();
            assert_eq!(e.column.as_ref().map(|c| c.0.as_str()), Some(col), "{e}");
            assert_eq!(e.line, 2);
        }
    }

    #[test]
    fn unknown_time_of_the_probes_never_disputes_a_claim() {
        // Regression: availability measured from probes with 30 min no probe covered (counted
        // as down: 44,610 / 44,640 = 99.9328 %) disputed the vendor's 100.00 although no probe
        // ever failed. The unknown minutes decide it: unverifiable, naming them.
        let f = finding(
            "availability",
            Verdict::Pass,
            json!({"reference_minutes": 44_640, "downtime_minutes": 30, "availability_pct": 99.9328,
                   "source": "probes", "unknown_minutes": 30}),
            vec![],
        );
        let p = builtin("talentsoft").unwrap();
        let r = judge("claims.csv", &[claim("availability", None, "availability_pct", "100.00")], &p, &[f]).unwrap();
        assert_eq!(r[0].status, ClaimStatus::Unverifiable);
        assert!(r[0].explanation.contains("30 min without any probe"), "{}", r[0].explanation);
    }
}
