//! Readings (SPEC §5): a booklet gives another reading of an ambiguous clause as an
//! alternative on its commitment (`[[commitment.reading]]`: a code, what it is, the parameters
//! or maintenance windows it would give). The codes of SPEC §5 have explainers of their own,
//! in their families' modules, which count what the data put in question (A1, A4 availability;
//! A2 resolution; A3, A5 maintenance windows; A7 first weekend). Any other reading is
//! evaluated here generically: the commitment judged again under the reading, and a note
//! saying whether its verdict would change.

use super::{families, unfinished, Context, Finding, Inputs, Note, Verdict};
use crate::profile::{Commitment, Reading};

/// The readings whose explainer is in their family's module: (code, family).
const EXPLAINED: &[(&str, &str)] = &[
    ("A1", "availability"),
    ("A2", "resolution"),
    ("A3", "maintenance-window"),
    ("A4", "availability"),
    ("A5", "maintenance-window"),
    ("A7", "backup-frequency"),
];

/// Whether `r` of `c` has an explainer of its own.
pub fn explained(c: &Commitment, r: &Reading) -> bool {
    EXPLAINED.contains(&(r.code.as_str(), c.family))
}

/// A note for every other reading of an audited commitment: its verdict under the reading.
pub fn notes(ctx: &Context, inputs: &Inputs, findings: &[Finding]) -> Vec<Note> {
    let mut notes = Vec::new();
    for (c, f) in ctx.profile.commitments.iter().zip(findings) {
        if matches!(f.verdict, Verdict::NotAudited) {
            continue;
        }
        for r in c.readings.iter().filter(|r| !explained(c, r)) {
            let other = judge(ctx, inputs, c, r);
            let change = if other.verdict == f.verdict {
                format!("the verdict would not change ({})", f.verdict.name())
            } else {
                format!("the verdict would change ({} → {})", f.verdict.name(), other.verdict.name())
            };
            notes.push(Note::new(
                "reading",
                format!(
                    "{}: {} ({}, {}): read this way, {} ({}) instead of {} ({}); {change}",
                    r.code,
                    r.text,
                    c.id,
                    c.clause,
                    other.verdict.name(),
                    other.headline,
                    f.verdict.name(),
                    f.headline,
                ),
            ));
        }
    }
    notes
}

/// `c` judged under reading `r`: its parameters, and its maintenance windows when it has some.
pub fn judge(ctx: &Context, inputs: &Inputs, c: &Commitment, r: &Reading) -> Finding {
    let other = Commitment { rule: r.rule.clone(), readings: Vec::new(), ..c.clone() };
    match &r.windows {
        Some(windows) => {
            let mut ctx = ctx.clone();
            ctx.profile.maintenance_windows = windows.clone();
            unfinished(&ctx, families::judge(&ctx, &other, inputs))
        }
        None => unfinished(ctx, families::judge(ctx, &other, inputs)),
    }
}
