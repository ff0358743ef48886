//! Availability: the interruptions with their counted and excluded minutes per kind, the
//! maintenance windows that excluded planned time, the reference and the budget — for the
//! six-month scheme (Talentsoft, KMB Labs) and per month over the PRT calendar (Sprint). The
//! figures are the audit's own functions' ([`availability::six_months`],
//! [`availability::prt_month`], over [`availability::split`]).

use anyhow::{bail, Result};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::local;
use super::model::{Part, Table};
use crate::calendar::Calendar;
use crate::checks::availability::{self, Set, Split};
use crate::checks::maintenance::Windows;
use crate::checks::resolution::ceil_minutes;
use crate::checks::{round2, Context, Finding};
use crate::ingest::downtime::{DowntimeKind, DowntimeLog};
use crate::profile::{AvailabilityScheme, Commitment};

/// Minutes of `set`: wall minutes, or business minutes of `cal` (PRT).
fn minutes(set: &Set, cal: Option<&Calendar>) -> i64 {
    ceil_minutes(match cal {
        Some(c) => set.business_seconds(c),
        None => set.seconds(),
    })
}

/// One row per interruption touching [from, cut): its own minutes, counted and excluded.
fn interruptions(
    ctx: &Context,
    log: &DowntimeLog,
    s: &Split,
    from: DateTime<Utc>,
    cut: DateTime<Utc>,
    cal: Option<&Calendar>,
) -> Table {
    let unit = if cal.is_some() { "PRT min" } else { "min" };
    let mut cols = vec![
        "line".to_string(),
        "start".into(),
        "end".into(),
        "kind".into(),
        format!("in range ({unit})"),
        format!("counted ({unit})"),
    ];
    for (k, _) in &s.excluded {
        cols.push(format!("excluded {} ({unit})", k.name()));
    }
    cols.push("description".into());
    let mut t = Table {
        title: "interruptions (a minute covered by two rows counts once: the totals are the union's)".into(),
        columns: cols,
        rows: Vec::new(),
    };
    let as_of = ctx.period.as_of;
    for i in &log.interruptions {
        let Some((a, b)) = i.seen(as_of) else { continue };
        if !(a < cut && b > from) {
            continue;
        }
        let own = Set::from_spans([(a, b)]).clip(from, cut);
        let mut row = vec![
            json!(i.line),
            json!(local(ctx, i.start)),
            match i.end {
                Some(e) => json!(local(ctx, e)),
                None => json!(format!("ongoing (seen to {})", local(ctx, b))),
            },
            json!(i.kind.name()),
            json!(minutes(&own, cal)),
            json!(minutes(&own.intersection(&s.counted), cal)),
        ];
        for (_, set) in &s.excluded {
            row.push(json!(minutes(&own.intersection(set), cal)));
        }
        row.push(i.description.as_deref().map_or(Value::Null, |d| json!(d)));
        t.rows.push(row);
    }
    t
}

/// The windows that excluded planned time: each occurrence with planned downtime inside.
fn windows_table(ctx: &Context, log: &DowntimeLog, windows: &Set, from: DateTime<Utc>, cut: DateTime<Utc>) -> Table {
    let planned = Set::from_spans(
        log.interruptions.iter().filter(|i| i.kind == DowntimeKind::Planned).filter_map(|i| i.seen(ctx.period.as_of)),
    )
    .clip(from, cut);
    let mut t = Table::new(
        "maintenance windows holding planned downtime (excluded inside them only)",
        &["window from", "window to", "planned min inside"],
    );
    for &(a, b) in windows.spans() {
        let inside = planned.intersection(&Set::from_spans([(a, b)]));
        if !inside.is_empty() {
            t.rows.push(vec![json!(local(ctx, a)), json!(local(ctx, b)), json!(ceil_minutes(inside.seconds()))]);
        }
    }
    t
}

fn excluded_figure(parts: &[(DowntimeKind, i64)]) -> Value {
    let mut m = serde_json::Map::new();
    for (k, v) in parts {
        m.insert(k.name().to_string(), json!(v));
    }
    Value::Object(m)
}

/// Adds the customer's probes to an availability part: every interruption they saw, every
/// span no probe covered (unknown, counted as down), and, beside the vendor's log, the
/// downtime it does not hold and its interruptions the probes saw up.
pub fn add_probes(ctx: &Context, p: &mut Part, probes: &crate::ingest::probes::ProbeLog, vendor: Option<&DowntimeLog>) {
    let out = crate::checks::probes::compare(ctx, probes, vendor, None);
    let mut t = Table::new("the customer's probes", &["source", "start", "end", "minutes", "in question"]);
    let row = |what: &str, s: &crate::checks::probes::Span| {
        vec![json!(what), json!(s.start), json!(s.end), json!(s.minutes), json!(s.minutes_in_question)]
    };
    for s in &out.interruptions {
        t.rows.push(row("probes: down", s));
    }
    for (a, b) in probes.unknown.spans() {
        let minutes = crate::checks::resolution::ceil_minutes((*b - *a).num_seconds());
        t.rows.push(vec![
            json!("probes: no probe (unknown)"),
            json!(local(ctx, *a)),
            json!(local(ctx, *b)),
            json!(minutes),
            json!(minutes),
        ]);
    }
    for s in &out.unreported {
        t.rows.push(row("not in the vendor's log", s));
    }
    for s in &out.unseen {
        t.rows.push(row("logged, probes saw up", s));
    }
    p.lines.push(format!(
        "the customer's probes ({} probes, {} consecutive failures make an interruption): {} min without any probe; \
         availability from them {} (unknown counted as down), {} (unknown counted as up){}",
        out.probes,
        out.min_failures,
        out.unknown_minutes,
        out.availability_pct.map_or("—".to_string(), |v| format!("{} %", round2(v))),
        out.availability_pct_if_unknown_up.map_or("—".to_string(), |v| format!("{} %", round2(v))),
        match out.would_change {
            Some(true) => "; they would change the log's verdict",
            Some(false) => "; they would not change the log's verdict",
            None => "",
        }
    ));
    p.figure("probe_unknown_minutes", out.unknown_minutes);
    p.tables.push(t);
}

/// The budget sentence and the figures both schemes share: reference, downtime, excluded
/// minutes per kind, downtime allowed.
fn budget(
    p: &mut Part,
    reference: i64,
    downtime: i64,
    excluded: &[(DowntimeKind, i64)],
    allowed: f64,
    target_pct: f64,
) {
    p.lines.push(format!(
        "budget: {} min allowed at {target_pct} %; {downtime} spent; {} left",
        round2(allowed),
        round2(allowed - downtime as f64)
    ));
    p.figure("reference_minutes", reference);
    p.figure("downtime_minutes", downtime);
    p.figure("excluded_minutes", excluded_figure(excluded));
    p.figure("allowed_downtime_minutes", allowed);
}

/// The parts of `availability` (one per Sprint month asked, or the six months).
pub fn parts(
    ctx: &Context,
    c: &Commitment,
    target_pct: f64,
    scheme: &AvailabilityScheme,
    log: &DowntimeLog,
    finding: &Finding,
    subject: Option<&str>,
) -> Result<Vec<Part>> {
    let windows = Windows::of(&ctx.profile);
    match scheme {
        AvailabilityScheme::SixMonths { reference_minutes, excluded } => {
            let m = availability::six_months(ctx, log, *reference_minutes, target_pct, &windows, excluded);
            let mut p = Part::new(c, subject.map(str::to_string));
            p.verdict = Some(finding.verdict);
            let cut = m.to.min(ctx.period.as_of);
            let over = windows.over(m.from, cut);
            let s = availability::split(&log.interruptions, m.from, cut, ctx.period.as_of, &over, excluded);
            let allowed = availability::allowed_minutes(m.reference_minutes, target_pct);
            p.lines.push(format!(
                "six calendar months {} → {}, 24/7; reference {} min ({}); downtime counted up to {}",
                local(ctx, m.from),
                local(ctx, m.to),
                m.reference_minutes,
                match ctx.availability_base {
                    // The Cegid booklets' figure; another booklet or a contract states its own.
                    availability::AvailabilityBase::Booklet if m.reference_minutes == 259_200 => {
                        "the booklet's 60 × 24 × 30 × 6"
                    }
                    availability::AvailabilityBase::Booklet => "the booklet's reference_minutes",
                    availability::AvailabilityBase::Calendar => "the real minutes of the six months",
                },
                local(ctx, cut)
            ));
            budget(&mut p, m.reference_minutes, m.downtime_minutes, &m.excluded_minutes, allowed, target_pct);
            p.figure("availability_pct", availability::pct_exact(m.reference_minutes, m.downtime_minutes));
            p.figure("budget_used_minutes", m.downtime_minutes);
            p.figure("budget_left_minutes", allowed - m.downtime_minutes as f64);
            p.figure("interruptions", m.interruptions);
            p.tables.push(interruptions(ctx, log, &s, m.from, cut, None));
            p.tables.push(windows_table(ctx, log, &over, m.from, cut));
            Ok(vec![p])
        }
        AvailabilityScheme::MonthlyPrt { calendar, excluded } => {
            let Some(prt) = ctx.calendar(calendar) else {
                bail!("unknown calendar `{calendar}` in the profile: availability cannot be measured");
            };
            let months: Vec<_> = availability::months_of_period(ctx)
                .into_iter()
                .filter(|(name, _, _)| subject.is_none_or(|s| s == name))
                .collect();
            if months.is_empty() {
                bail!("no month `{}` in the period; expected YYYY-MM", subject.unwrap_or_default());
            }
            let mut out = Vec::new();
            for (name, from, to) in months {
                let m = availability::prt_month(
                    log,
                    &prt,
                    name.clone(),
                    from,
                    to,
                    ctx.period.as_of,
                    &windows,
                    excluded,
                    target_pct,
                );
                let cut = to.min(ctx.period.as_of);
                let over = windows.over(from, cut);
                let s = availability::split(&log.interruptions, from, cut, ctx.period.as_of, &over, excluded);
                let mut p = Part::new(c, Some(name.clone()));
                p.verdict = Some(m.verdict);
                let allowed = availability::allowed_minutes(m.prt_minutes, target_pct);
                p.lines.push(format!(
                    "month {name} ({}) over the {} calendar ({} on working days): PRT {} min; TI counted up to {}",
                    m.state(),
                    prt.name,
                    prt.hours_text(),
                    m.prt_minutes,
                    local(ctx, cut)
                ));
                budget(&mut p, m.prt_minutes, m.ti_minutes, &m.excluded_minutes, allowed, target_pct);
                p.figure("state", m.state());
                p.tables.push(interruptions(ctx, log, &s, from, cut, Some(&prt)));
                p.tables.push(windows_table(ctx, log, &over, from, cut));
                out.push(p);
            }
            Ok(out)
        }
    }
}
