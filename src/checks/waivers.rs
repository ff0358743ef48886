//! Accepted exceptions applied to the findings (`--waivers`). A waived item keeps its measured
//! figures, takes the verdict `waived` with its waiver (justification, approver, expiry), and
//! no longer counts towards its commitment's verdict; a waiver without a subject waives the
//! whole commitment for a period that contains the audited one. A waiver holds to the end of
//! its `expires` day in the profile's zone, judged at as-of (so a rerun of a past audit gives
//! the same answer); one that has expired, or matches nothing, is named in a note.
//!
//! An item's subject matches a waiver's when equal, or when the part before its first `/`
//! is (`2026-10-18` waives that day for every database, `2026-10` every data centre's month).

use chrono::{DateTime, Utc};

use super::{Context, Finding, Measured, Values, Verdict};
use crate::ingest::waivers::Waiver;
use crate::model::values::{WaivedValues, WaiverOut};
use crate::model::Day;
use crate::profile::Rule;

fn covers(w: &Waiver, subject: &str) -> bool {
    w.subject.as_deref().is_some_and(|s| subject == s || subject.split('/').next() == Some(s))
}

/// The end of the waiver's last day, in the profile's zone.
fn end_of(w: &Waiver, ctx: &Context) -> DateTime<Utc> {
    let next = w.expires.succ_opt().unwrap_or(w.expires);
    crate::ingest::period::local_midnight(ctx.profile.zone, next)
}

fn describe(w: &Waiver) -> String {
    let approved = match w.approved_on {
        Some(d) => format!("approved by {} on {d}", w.approved_by),
        None => format!("approved by {}", w.approved_by),
    };
    format!("{}; {approved}; expires {}", w.justification, w.expires)
}

fn waiver_out(w: &Waiver) -> WaiverOut {
    WaiverOut {
        line: w.line,
        justification: w.justification.clone(),
        approved_by: w.approved_by.clone(),
        approved_on: w.approved_on.map(Day),
        expires: Day(w.expires),
    }
}

/// Whether a finding's verdict is the roll-up of its items, so that waiving its failed items
/// may change it. A purge commitment with no run in the period fails on that alone.
fn rolls_up(f: &Finding, rule: &Rule) -> bool {
    match rule {
        Rule::Purge { .. } => matches!(&f.measured, Measured::Purge(m) if m.runs > 0),
        _ => !f.items.is_empty(),
    }
}

/// Applies `waivers` to `findings` (in catalogue order, one per commitment of `ctx.profile`);
/// returns the notes: waivers expired or matching nothing, and what was waived.
pub fn apply(ctx: &Context, waivers: &[Waiver], findings: &mut [Finding]) -> Vec<String> {
    let mut notes = Vec::new();
    let as_of = ctx.period.as_of;
    for w in waivers {
        let what = match &w.subject {
            Some(s) => format!("{} {s}", w.commitment),
            None => w.commitment.clone(),
        };
        if as_of >= end_of(w, ctx) {
            notes.push(format!(
                "waiver (line {}) for {what} expired on {} (at the end of that day, {}): not applied",
                w.line, w.expires, ctx.profile.zone
            ));
            continue;
        }
        let Some((c, f)) = ctx.profile.commitments.iter().zip(findings.iter_mut()).find(|(c, _)| c.id == w.commitment)
        else {
            notes.push(format!("waiver (line {}) for {what}: the profile has no such commitment", w.line));
            continue;
        };
        match &w.subject {
            Some(_) => {
                let mut waived = Vec::new();
                for item in f.items.iter_mut().filter(|i| covers(w, &i.subject)) {
                    if !matches!(item.verdict, Verdict::Fail | Verdict::Warn) {
                        continue;
                    }
                    item.detail =
                        format!("waived ({}), was {}: {}", w.justification, item.verdict.name(), item.detail());
                    item.values = Values::Waived(Box::new(WaivedValues {
                        values: item.values.clone(),
                        waived_from: item.verdict,
                        waiver: waiver_out(w),
                    }));
                    item.verdict = Verdict::Waived;
                    waived.push(item.subject.clone());
                }
                if waived.is_empty() {
                    notes.push(format!(
                        "waiver (line {}) for {what} matches nothing: no failed or warned item {} in {}",
                        w.line,
                        w.subject.as_deref().unwrap_or_default(),
                        w.commitment
                    ));
                    continue;
                }
                let was = f.verdict;
                if matches!(was, Verdict::Fail | Verdict::Warn) && rolls_up(f, &c.rule) {
                    let left = Verdict::worst(f.items.iter().map(|i| i.verdict).filter(|v| *v != Verdict::Waived));
                    f.verdict =
                        if f.items.iter().all(|i| i.verdict == Verdict::Waived) { Verdict::Waived } else { left };
                }
                f.evidence.push_str(&format!("; waived: {} ({})", waived.join(", "), describe(w)));
                notes.push(format!(
                    "waiver (line {}) applied to {} of {}: {}{}",
                    w.line,
                    waived.join(", "),
                    w.commitment,
                    describe(w),
                    if f.verdict == was {
                        String::new()
                    } else {
                        format!(" — verdict {} → {}", was.name(), f.verdict.name())
                    }
                ));
            }
            None => {
                let within = match &w.period {
                    None => true,
                    Some(p) => crate::ingest::period::parse_period(p, ctx.profile.zone)
                        .is_ok_and(|(from, to)| from <= ctx.period.from && ctx.period.to <= to),
                };
                if !within || !matches!(f.verdict, Verdict::Fail | Verdict::Warn | Verdict::Open) {
                    notes.push(format!(
                        "waiver (line {}) for {what}{} matches nothing: {}",
                        w.line,
                        w.period.as_deref().map(|p| format!(" over {p}")).unwrap_or_default(),
                        if within {
                            format!("the commitment is {}", f.verdict.name())
                        } else {
                            "it does not cover the audited period".into()
                        }
                    ));
                    continue;
                }
                let was = f.verdict;
                f.verdict = Verdict::Waived;
                f.evidence = format!("waived ({}), was {}: {}", describe(w), was.name(), f.evidence);
                notes.push(format!(
                    "waiver (line {}) applied to {}: {} — verdict {} → waived",
                    w.line,
                    w.commitment,
                    describe(w),
                    was.name()
                ));
            }
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{context, utc};
    use crate::checks::Item;
    use chrono::NaiveDate;

    fn waiver(subject: Option<&str>, expires: &str) -> Waiver {
        Waiver {
            line: 2,
            commitment: "ticket.resolution.blocking".into(),
            subject: subject.map(Into::into),
            period: None,
            justification: "agreed".into(),
            approved_by: "AM".into(),
            approved_on: None,
            expires: NaiveDate::parse_from_str(expires, "%Y-%m-%d").unwrap(),
        }
    }

    fn findings(ctx: &Context) -> Vec<Finding> {
        ctx.profile
            .commitments
            .iter()
            .map(|c| {
                let mut f = Finding::new(c, Verdict::NotAudited);
                if c.id == "ticket.resolution.blocking" {
                    f.verdict = Verdict::Fail;
                    f.items = ["TS-101:pass", "TS-105:fail"]
                        .iter()
                        .map(|s| {
                            let (id, v) = s.split_once(':').unwrap();
                            Item {
                                subject: id.into(),
                                verdict: if v == "fail" { Verdict::Fail } else { Verdict::Pass },
                                values: Values::Map(Default::default()),
                                detail: String::new(),
                            }
                        })
                        .collect();
                }
                f
            })
            .collect()
    }

    #[test]
    fn a_waived_ticket_turns_the_fail_into_a_pass_until_its_expiry() {
        // October 2026 audited at its end, 1 November 00:00 Paris (23:00 UTC on 31 October).
        let ctx = context(
            "talentsoft",
            utc("2026-09-30T22:00:00Z"),
            utc("2026-10-31T23:00:00Z"),
            utc("2026-10-31T23:00:00Z"),
        );
        let mut fs = findings(&ctx);
        let notes = apply(&ctx, &[waiver(Some("TS-105"), "2026-11-30")], &mut fs);
        let f = fs.iter().find(|f| f.id == "ticket.resolution.blocking").unwrap();
        assert_eq!(f.verdict, Verdict::Pass, "{notes:?}");
        assert_eq!(f.items[1].verdict, Verdict::Waived);
        assert_eq!(f.items[1].values.to_map()["waived_from"], "fail");
        assert!(notes[0].contains("verdict fail → pass"), "{notes:?}");
        // Expiring on 31 October holds until 1 November 00:00 Paris, which is as-of: expired.
        let mut fs = findings(&ctx);
        let notes = apply(&ctx, &[waiver(Some("TS-105"), "2026-10-31")], &mut fs);
        assert_eq!(fs.iter().find(|f| f.id == "ticket.resolution.blocking").unwrap().verdict, Verdict::Fail);
        assert!(notes[0].contains("expired on 2026-10-31"), "{notes:?}");
        // A minute earlier, it still held.
        let ctx2 = context("talentsoft", ctx.period.from, ctx.period.to, utc("2026-10-31T22:59:00Z"));
        let mut fs = findings(&ctx2);
        apply(&ctx2, &[waiver(Some("TS-105"), "2026-10-31")], &mut fs);
        assert_eq!(fs.iter().find(|f| f.id == "ticket.resolution.blocking").unwrap().verdict, Verdict::Pass);
    }

    #[test]
    fn a_waiver_that_matches_nothing_is_named() {
        let ctx = context(
            "talentsoft",
            utc("2026-09-30T22:00:00Z"),
            utc("2026-10-31T23:00:00Z"),
            utc("2026-10-31T23:00:00Z"),
        );
        let mut fs = findings(&ctx);
        // TS-101 passed: nothing to waive; TS-999 is not in the evidence.
        let notes = apply(&ctx, &[waiver(Some("TS-101"), "2027-01-01"), waiver(Some("TS-999"), "2027-01-01")], &mut fs);
        assert!(notes.iter().all(|n| n.contains("matches nothing")), "{notes:?}");
        assert_eq!(fs.iter().find(|f| f.id == "ticket.resolution.blocking").unwrap().verdict, Verdict::Fail);
        // The whole commitment, for a quarter holding October: waived.
        let whole = Waiver { period: Some("2026-Q4".into()), ..waiver(None, "2027-01-01") };
        let notes = apply(&ctx, std::slice::from_ref(&whole), &mut fs);
        assert_eq!(
            fs.iter().find(|f| f.id == "ticket.resolution.blocking").unwrap().verdict,
            Verdict::Waived,
            "{notes:?}"
        );
        // For September only: it does not cover October.
        let mut fs = findings(&ctx);
        let notes = apply(&ctx, &[Waiver { period: Some("2026-09".into()), ..whole }], &mut fs);
        assert!(notes[0].contains("does not cover the audited period"), "{notes:?}");
    }
}
