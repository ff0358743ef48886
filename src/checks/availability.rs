//! Availability (SPEC §3.3). Talentsoft and KMB Labs (000/001 §2.6.3, 002 §2.4.3): the six
//! calendar months ending at the period end, 24/7, against a reference of 259,200 minutes
//! (or the real minutes with `--availability-base calendar`). Sprint (004 art. 6): each
//! calendar month over the PRT calendar. Downtime is the union of production interruptions,
//! so overlapping rows never count a minute twice; excluded kinds are taken out minute by
//! minute, and `planned` is excluded only for its minutes inside the maintenance windows.

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};

use super::maintenance::Windows;
use super::resolution::ceil_minutes;
use super::{fmt_duration, round2, Context, Finding, Item, Measured, Note, Verdict};
use crate::calendar::windows::IntervalSet;
use crate::calendar::{self, resolve_local, Calendar};
use crate::ingest::downtime::{self, DowntimeKind, DowntimeLog, Interruption};
use crate::model::measured::{AvailabilityMonthlyMeasured, AvailabilitySixMonthsMeasured};
use crate::model::values::{AvailabilityMonthValues, ExcludedMinutes};
use crate::model::Instant;
use crate::profile::{AvailabilityScheme, Commitment, Rule};

/// A set of instants.
pub type Set = IntervalSet<DateTime<Utc>>;

/// The reference R of the six-month availability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum AvailabilityBase {
    /// The booklets' own figure: 60 × 24 × 30 × 6 = 259,200 minutes.
    #[default]
    Booklet,
    /// The real minutes of the six calendar months.
    Calendar,
}

/// The kind a minute covered by two excluded kinds is reported under: the first of these.
pub const EXCLUSION_ORDER: [DowntimeKind; 6] = [
    DowntimeKind::Planned,
    DowntimeKind::UrgentMaintenance,
    DowntimeKind::ForceMajeure,
    DowntimeKind::CustomerSide,
    DowntimeKind::OutOfScope,
    DowntimeKind::ThirdParty,
];

/// Downtime inside a range, split into counted time and excluded time per kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// Every interrupted instant.
    pub all: Set,
    /// The instants that count as downtime.
    pub counted: Set,
    /// Excluded instants, per kind in [`EXCLUSION_ORDER`], disjoint.
    pub excluded: Vec<(DowntimeKind, Set)>,
}

/// Splits the interruptions as seen at `as_of` inside [from, to). An instant covered by an
/// excluded interruption is excluded even when a counted one covers it too; `planned` is
/// excluded only inside `windows`.
pub fn split(
    interruptions: &[Interruption],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    as_of: DateTime<Utc>,
    windows: &Set,
    excluded: &[DowntimeKind],
) -> Split {
    let spans = |kind: Option<DowntimeKind>| {
        Set::from_spans(interruptions.iter().filter(|i| kind.is_none_or(|k| i.kind == k)).filter_map(|i| i.seen(as_of)))
            .clip(from, to)
    };
    let all = spans(None);
    let mut taken = Set::default();
    let mut parts = Vec::new();
    for kind in EXCLUSION_ORDER.into_iter().filter(|k| excluded.contains(k)) {
        let mut set = spans(Some(kind));
        if kind == DowntimeKind::Planned {
            set = set.intersection(windows);
        }
        parts.push((kind, set.difference(&taken)));
        taken = taken.union(&set);
    }
    Split { counted: all.difference(&taken), all, excluded: parts }
}

/// Availability in thousandths of a percent, rounded down: ⌊(R − D) × 100 000 / R⌋.
pub fn pct_milli(reference: i64, downtime: i64) -> i64 {
    if reference <= 0 {
        return 0;
    }
    // A percentage is never below 0 or above 100, whatever the downtime (an ongoing
    // interruption may outlast the reference).
    let downtime = downtime.clamp(0, reference);
    ((reference - downtime) * 100_000).div_euclid(reference)
}

/// Availability for the JSON report, in percent, unrounded: (R − D) / R × 100, computed as
/// the vendor's claims are judged (`checks::claims`), so that both give the same double.
/// Verdicts never use it (see [`meets`]); texts use [`pct_milli`], rounded down; formats for
/// people round it for display.
pub fn pct_exact(reference: i64, downtime: i64) -> f64 {
    if reference <= 0 {
        return 0.0;
    }
    let (r, d) = (reference as f64, downtime.clamp(0, reference) as f64);
    ((r - d) / r) * 100.0
}

fn target_milli(target_pct: f64) -> i64 {
    (target_pct * 1000.0).round() as i64
}

/// Whether (R − D) / R × 100 ≥ target, in exact integer arithmetic.
pub fn meets(reference: i64, downtime: i64, target_pct: f64) -> bool {
    (reference - downtime) * 100_000 >= target_milli(target_pct) * reference
}

/// The downtime the target allows: R × (1 − target / 100), unrounded.
pub fn allowed_minutes(reference: i64, target_pct: f64) -> f64 {
    (reference * (100_000 - target_milli(target_pct))) as f64 / 100_000.0
}

fn pct(milli: i64) -> f64 {
    milli as f64 / 1000.0
}

/// The six calendar months (profile zone) ending at the period end.
pub fn six_month_window(ctx: &Context) -> (DateTime<Utc>, DateTime<Utc>) {
    let to = ctx.period.to;
    let local = to.with_timezone(&ctx.profile.zone).naive_local();
    let from = local.checked_sub_months(Months::new(6)).map_or(to, |l| resolve_local(ctx.profile.zone, l));
    (from, to)
}

/// The six-month figures.
#[derive(Debug, Clone, PartialEq)]
pub struct SixMonths {
    /// First instant of the window.
    pub from: DateTime<Utc>,
    /// End of the window (exclusive).
    pub to: DateTime<Utc>,
    /// R.
    pub reference_minutes: i64,
    /// D.
    pub downtime_minutes: i64,
    /// Excluded minutes per kind.
    pub excluded_minutes: Vec<(DowntimeKind, i64)>,
    /// Availability, thousandths of a percent, rounded down.
    pub pct_milli: i64,
    /// Whether it meets the target.
    pub pass: bool,
    /// Counted minutes per interruption, largest first: (start, minutes, kind).
    pub largest: Vec<(DateTime<Utc>, i64, DowntimeKind)>,
    /// Interruptions that touch the window.
    pub interruptions: usize,
    /// Those still going at as-of.
    pub ongoing: usize,
}

/// Measures the six-month availability with the given windows and excluded kinds.
pub fn six_months(
    ctx: &Context,
    log: &DowntimeLog,
    reference_minutes: i64,
    target_pct: f64,
    windows: &Windows,
    excluded: &[DowntimeKind],
) -> SixMonths {
    let (from, to) = six_month_window(ctx);
    let as_of = ctx.period.as_of;
    let cut = to.min(as_of);
    let s = split(&log.interruptions, from, cut, as_of, &windows.over(from, cut), excluded);
    let reference = match ctx.availability_base {
        AvailabilityBase::Booklet => reference_minutes,
        AvailabilityBase::Calendar => (to - from).num_minutes(),
    };
    let downtime = ceil_minutes(s.counted.seconds());
    let touching: Vec<&Interruption> =
        log.interruptions.iter().filter(|i| i.seen(as_of).is_some_and(|(a, b)| a < cut && b > from)).collect();
    let mut largest: Vec<(DateTime<Utc>, i64, DowntimeKind)> = touching
        .iter()
        .filter_map(|i| {
            let own = Set::from_spans(i.seen(as_of)).intersection(&s.counted);
            let m = ceil_minutes(own.seconds());
            (m > 0).then_some((i.start, m, i.kind))
        })
        .collect();
    largest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    largest.truncate(3);
    SixMonths {
        from,
        to,
        reference_minutes: reference,
        downtime_minutes: downtime,
        excluded_minutes: s.excluded.iter().map(|(k, set)| (*k, ceil_minutes(set.seconds()))).collect(),
        pct_milli: pct_milli(reference, downtime),
        pass: meets(reference, downtime, target_pct),
        largest,
        interruptions: touching.len(),
        ongoing: touching.iter().filter(|i| i.ongoing_at(as_of)).count(),
    }
}

/// One Sprint month.
#[derive(Debug, Clone, PartialEq)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    /// PRT minutes.
    pub prt_minutes: i64,
    /// TI minutes.
    pub ti_minutes: i64,
    /// Excluded minutes inside the PRT, per kind.
    pub excluded_minutes: Vec<(DowntimeKind, i64)>,
    /// TD, thousandths of a percent, rounded down.
    pub pct_milli: i64,
    /// Whether the month had begun at as-of.
    pub started: bool,
    /// Whether the month was over at as-of.
    pub over: bool,
    /// `pass`/`fail` for a month over at as-of; a month not begun is `open`; a month in
    /// progress is `fail` once its TI already exceeds what the whole month's PRT allows,
    /// `open` otherwise.
    pub verdict: Verdict,
}

impl Month {
    /// "not started", "in progress" or "over" at as-of.
    pub fn state(&self) -> &'static str {
        match (self.started, self.over) {
            (false, _) => "not started",
            (true, false) => "in progress",
            (true, true) => "over",
        }
    }
}

/// Measures one Sprint month [from, to) over the PRT calendar, as seen at `as_of`.
#[allow(clippy::too_many_arguments)]
pub fn prt_month(
    log: &DowntimeLog,
    prt: &Calendar,
    month: String,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    as_of: DateTime<Utc>,
    windows: &Windows,
    excluded: &[DowntimeKind],
    target_pct: f64,
) -> Month {
    let cut = to.min(as_of);
    let s = split(&log.interruptions, from, cut, as_of, &windows.over(from, cut), excluded);
    let prt_minutes = prt.business_seconds(from, to) / 60;
    let ti = ceil_minutes(s.counted.business_seconds(prt));
    let (started, over) = (from < as_of, to <= as_of);
    let pass = meets(prt_minutes, ti, target_pct);
    let verdict = match (started, over, pass) {
        (true, true, true) => Verdict::Pass,
        (true, _, false) => Verdict::Fail,
        _ => Verdict::Open,
    };
    Month {
        month,
        prt_minutes,
        ti_minutes: ti,
        excluded_minutes: s.excluded.iter().map(|(k, set)| (*k, ceil_minutes(set.business_seconds(prt)))).collect(),
        pct_milli: pct_milli(prt_minutes, ti),
        started,
        over,
        verdict,
    }
}

fn excluded_words(parts: &[(DowntimeKind, i64)]) -> String {
    let total: i64 = parts.iter().map(|(_, m)| m).sum();
    if total == 0 {
        return "nothing excluded".to_string();
    }
    let each: Vec<String> = parts.iter().filter(|(_, m)| *m > 0).map(|(k, m)| format!("{} {m}", k.name())).collect();
    format!("{total} min excluded ({})", each.join(", "))
}

/// The local date of `t` in `ctx`'s zone, `YYYY-MM-DD HH:MM`.
pub fn local(ctx: &Context, t: DateTime<Utc>) -> String {
    t.with_timezone(&ctx.profile.zone).format("%Y-%m-%d %H:%M").to_string()
}

/// Evaluates `availability`.
pub fn check(
    ctx: &Context,
    c: &Commitment,
    target_pct: f64,
    scheme: &AvailabilityScheme,
    log: &DowntimeLog,
) -> Finding {
    let windows = Windows::of(&ctx.profile);
    match scheme {
        AvailabilityScheme::SixMonths { reference_minutes, excluded } => {
            let m = six_months(ctx, log, *reference_minutes, target_pct, &windows, excluded);
            six_month_finding(ctx, c, target_pct, &m)
        }
        AvailabilityScheme::MonthlyPrt { calendar, excluded } => match ctx.calendar(calendar) {
            Some(prt) => prt_finding(ctx, c, target_pct, &prt, &windows, excluded, log),
            None => {
                let mut f = Finding::new(c, Verdict::NotApplicable);
                f.evidence = format!("unknown calendar `{calendar}` in the profile: availability cannot be measured");
                f.headline = "—".to_string();
                f
            }
        },
    }
}

fn six_month_finding(ctx: &Context, c: &Commitment, target_pct: f64, m: &SixMonths) -> Finding {
    let mut f = Finding::new(c, if m.pass { Verdict::Pass } else { Verdict::Fail });
    let allowed = allowed_minutes(m.reference_minutes, target_pct);
    let zone = ctx.profile.zone;
    f.measured = Measured::AvailabilitySixMonths(AvailabilitySixMonthsMeasured {
        window_from: Instant::new(m.from, zone),
        window_to: Instant::new(m.to, zone),
        reference_base: match ctx.availability_base {
            AvailabilityBase::Booklet => "booklet",
            AvailabilityBase::Calendar => "calendar",
        },
        reference_minutes: m.reference_minutes,
        downtime_minutes: m.downtime_minutes,
        excluded_minutes: ExcludedMinutes(m.excluded_minutes.clone()),
        availability_pct: pct_exact(m.reference_minutes, m.downtime_minutes),
        target_pct,
        allowed_downtime_minutes: allowed,
        budget_used_minutes: m.downtime_minutes,
        budget_left_minutes: allowed - m.downtime_minutes as f64,
        interruptions: m.interruptions,
        ongoing: m.ongoing,
        probes: None,
    });
    let last_day = calendar::earlier(m.to, chrono::Duration::seconds(1)).with_timezone(&zone).date_naive();
    let mut ev = format!(
        "{} % over {} → {}: {} min of downtime of {} allowed ({}); {}",
        pct(m.pct_milli),
        m.from.with_timezone(&zone).date_naive(),
        last_day,
        m.downtime_minutes,
        round2(allowed),
        if m.pass {
            format!("{} left", round2(allowed - m.downtime_minutes as f64))
        } else {
            format!("{} over", round2(m.downtime_minutes as f64 - allowed))
        },
        excluded_words(&m.excluded_minutes),
    );
    if !m.largest.is_empty() {
        let l: Vec<String> = m
            .largest
            .iter()
            .map(|(s, min, k)| format!("{} ({}, {})", local(ctx, *s), fmt_duration(*min), k.name()))
            .collect();
        ev.push_str(&format!("; largest: {}", l.join(", ")));
    }
    if m.ongoing > 0 {
        ev.push_str(&format!("; {} still going at as-of, counted up to it", m.ongoing));
    }
    f.evidence = ev;
    f.headline = format!("{} % ({} min down)", pct(m.pct_milli), m.downtime_minutes);
    f
}

/// The calendar months (profile zone) that overlap the period: (`YYYY-MM`, from, to).
pub fn months_of_period(ctx: &Context) -> Vec<(String, DateTime<Utc>, DateTime<Utc>)> {
    let zone = ctx.profile.zone;
    let first = ctx.period.from.with_timezone(&zone).date_naive();
    let mut d = NaiveDate::from_ymd_opt(first.year(), first.month(), 1).unwrap_or(first);
    let mut out = Vec::new();
    loop {
        let start = resolve_local(zone, d.and_time(chrono::NaiveTime::MIN));
        if start >= ctx.period.to {
            break;
        }
        let Some(next) = d.checked_add_months(Months::new(1)) else { break };
        let end = resolve_local(zone, next.and_time(chrono::NaiveTime::MIN));
        out.push((format!("{:04}-{:02}", d.year(), d.month()), start, end));
        d = next;
    }
    out
}

fn prt_finding(
    ctx: &Context,
    c: &Commitment,
    target_pct: f64,
    prt: &Calendar,
    windows: &Windows,
    excluded: &[DowntimeKind],
    log: &DowntimeLog,
) -> Finding {
    let months: Vec<Month> = months_of_period(ctx)
        .into_iter()
        .map(|(name, from, to)| prt_month(log, prt, name, from, to, ctx.period.as_of, windows, excluded, target_pct))
        .collect();
    let failed: Vec<&Month> = months.iter().filter(|m| m.verdict == Verdict::Fail).collect();
    let open = months.iter().filter(|m| m.verdict == Verdict::Open).count();
    let verdict = Verdict::roll_up(failed.len(), open, Verdict::Open);
    let mut f = Finding::new(c, verdict);
    // Pooled figures and the worst month are over the months begun at as-of.
    let begun: Vec<&Month> = months.iter().filter(|m| m.started).collect();
    let prt_total: i64 = begun.iter().map(|m| m.prt_minutes).sum();
    let ti_total: i64 = begun.iter().map(|m| m.ti_minutes).sum();
    let excl_total: Vec<(DowntimeKind, i64)> = EXCLUSION_ORDER
        .into_iter()
        .filter(|k| excluded.contains(k))
        .map(|k| (k, months.iter().flat_map(|m| &m.excluded_minutes).filter(|(x, _)| *x == k).map(|(_, v)| v).sum()))
        .collect();
    let worst = begun.iter().min_by_key(|m| m.pct_milli);
    f.measured = Measured::AvailabilityMonthly(AvailabilityMonthlyMeasured {
        months: months.len(),
        failed: failed.len(),
        open,
        reference_minutes: prt_total,
        downtime_minutes: ti_total,
        excluded_minutes: ExcludedMinutes(excl_total.clone()),
        availability_pct: pct_exact(prt_total, ti_total),
        worst_month: worst.map(|m| m.month.clone()),
        worst_availability_pct: worst.map(|m| pct_exact(m.prt_minutes, m.ti_minutes)),
        probes: None,
    });
    for m in &months {
        let values = AvailabilityMonthValues {
            reference_minutes: m.prt_minutes,
            downtime_minutes: m.ti_minutes,
            excluded_minutes: ExcludedMinutes(m.excluded_minutes.clone()),
            availability_pct: m.started.then(|| pct_exact(m.prt_minutes, m.ti_minutes)),
            allowed_downtime_minutes: allowed_minutes(m.prt_minutes, target_pct),
            state: m.state(),
        };
        f.items.push(Item::new(m.month.clone(), m.verdict, values, month_words(m)));
    }
    let words: Vec<String> = months.iter().map(|m| format!("{} {}", m.month, month_words(m))).collect();
    let open_words = if open > 0 { format!(" ({open} open: not over at as-of)") } else { String::new() };
    f.evidence = format!(
        "{} of {} months below {target_pct} %{open_words}: {}; {}",
        failed.len(),
        months.len(),
        words.join(", "),
        excluded_words(&excl_total)
    );
    f.headline = match worst {
        Some(w) if months.len() == 1 => format!("{} % (TI {} min)", pct(w.pct_milli), w.ti_minutes),
        Some(w) => format!("worst {} {} %", w.month, pct(w.pct_milli)),
        None => "no month begun".to_string(),
    };
    f
}

/// One month in words: "TD 99.038 % (TI 165 min of PRT 17160 min)", with "so far" for a
/// month in progress and "not started at as-of" for one not begun.
fn month_words(m: &Month) -> String {
    if !m.started {
        return format!("not started at as-of (PRT {} min)", m.prt_minutes);
    }
    let so_far = if m.over { "" } else { " so far" };
    format!("TD {} %{so_far} (TI {} min of PRT {} min)", pct(m.pct_milli), m.ti_minutes, m.prt_minutes)
}

/// Notes on the downtime input and on ambiguities A1 and A4 when the data touch them.
pub fn notes(ctx: &Context, log: &DowntimeLog) -> Vec<Note> {
    let mut notes = Vec::new();
    let path = &log.summary.path;
    notes.extend(Note::other_environments(path, &log.other_environments, &downtime::OTHER_ENVIRONMENTS));
    notes.extend(Note::rows_after_as_of(path, &log.cut(ctx.period.as_of), &downtime::CUT, ctx.profile.zone));
    // A1 and A4 are readings of the six-month availability that the booklet gives.
    let Some((c, target_pct, reference_minutes, excluded)) =
        ctx.profile.commitments.iter().find_map(|c| match &c.rule {
            Rule::Availability {
                target_pct,
                scheme: AvailabilityScheme::SixMonths { reference_minutes, excluded },
            } => Some((c, *target_pct, *reference_minutes, excluded)),
            _ => None,
        })
    else {
        return notes;
    };
    if c.reading("A1").is_none() && c.reading("A4").is_none() {
        return notes;
    }
    let windows = Windows::of(&ctx.profile);
    let m = six_months(ctx, log, reference_minutes, target_pct, &windows, excluded);
    let (r, d) = (m.reference_minutes, m.downtime_minutes);
    let printed =
        if r - d > 0 { format!("{} %", round2(r as f64 / (r - d) as f64 * 100.0)) } else { "undefined".into() };
    if c.reading("A1").is_some() {
        notes.push(Note::new(
            "A1",
            format!(
        "A1: the booklet prints availability as R / (R − D) × 100, which is ≥ 100 % whenever there is any reference \
         time (here {printed}); livret reads (R − D) / R × 100 = {} %. Under the printed formula the verdict would \
         always be pass; here it {}",
        pct(m.pct_milli),
        if m.pass { "would not change (pass either way)" } else { "would change (fail → pass)" }
    ),
        ));
    }
    let planned = m.excluded_minutes.iter().find(|(k, _)| *k == DowntimeKind::Planned).map_or(0, |(_, v)| *v);
    let a4 = c.reading("A4").and_then(|r| match &r.rule {
        Rule::Availability { scheme: AvailabilityScheme::SixMonths { excluded, .. }, .. } => Some(excluded),
        _ => None,
    });
    if let (Some(other_excluded), true) = (a4, planned > 0) {
        let other = six_months(ctx, log, reference_minutes, target_pct, &windows, other_excluded);
        notes.push(Note::new(
            "A4",
            format!(
                "A4: planned maintenance inside the windows ({planned} min) is excluded, per the later edition (001 \
             §2.6.3, \"outside the planned maintenance period\"); the 2022 edition (000) excludes nothing: {} % \
             ({} min down) instead of {} % ({} min); the verdict {}",
                pct(other.pct_milli),
                other.downtime_minutes,
                pct(m.pct_milli),
                m.downtime_minutes,
                verdict_change(m.pass, other.pass)
            ),
        ));
    }
    notes
}

/// "would not change (pass)" / "would change (pass → fail)".
pub fn verdict_change(ours: bool, other: bool) -> String {
    let name = |p: bool| if p { "pass" } else { "fail" };
    if ours == other {
        format!("would not change ({})", name(ours))
    } else {
        format!("would change ({} → {})", name(ours), name(other))
    }
}

#[cfg(test)]
pub(crate) mod tests;
