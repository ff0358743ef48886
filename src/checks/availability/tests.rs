//! Availability tests. Every expected figure is worked out by hand in the comment above it.
//! PRT months (sprint-prt, Mon–Fri 07:00–20:00 = 780 min a working day):
//! - October 2026: 22 weekdays, no holiday → 22 × 780 = 17,160 min.
//! - November 2026: 21 weekdays, 11 November (Wed) a holiday → 20 × 780 = 15,600 min.
//! - January 2026: 22 weekdays, 1 January (Thu) a holiday → 21 × 780 = 16,380 min.
//! - July 2026: 23 weekdays, 14 July (Tue) a holiday → 22 × 780 = 17,160 min.
//!
//! Test code only: the parent declares this module under #[cfg(test)].

use super::*;
use crate::checks::test_support::{context, summary};
use crate::checks::{evaluate, Inputs};
use crate::ingest::parse_timestamp;
use chrono_tz::Europe::Paris;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// A naive Paris time read exactly as the reader reads it (ambiguous → earlier instant).
pub(crate) fn p(s: &str) -> DateTime<Utc> {
    parse_timestamp(s, Paris).unwrap()
}

/// An audit context for `profile` over `period`, as-of its end unless given.
pub(crate) fn ctx(profile: &str, period: &str, as_of: Option<&str>) -> Context {
    let (from, to) = crate::ingest::period::parse_period(period, Paris).unwrap();
    context(profile, from, to, as_of.map_or(to, p))
}

/// An interruption from naive Paris times; `end` "" = still going.
pub(crate) fn int(kind: DowntimeKind, start: &str, end: &str) -> Interruption {
    Interruption {
        start: p(start),
        end: (!end.is_empty()).then(|| p(end)),
        kind,
        announced_at: None,
        service: None,
        description: None,
        line: 0,
    }
}

/// A log of production interruptions.
pub(crate) fn log(mut interruptions: Vec<Interruption>) -> DowntimeLog {
    interruptions.sort_by_key(|i| i.start);
    DowntimeLog { interruptions, other_environments: BTreeMap::new(), summary: summary("downtime", "downtime.csv", 0) }
}

/// The `id` finding of a full evaluation, and the notes.
pub(crate) fn run(ctx: &Context, l: DowntimeLog, id: &str) -> (Finding, Vec<crate::checks::Note>) {
    let inputs = Inputs { downtime: Some(l), ..Default::default() };
    let e = evaluate(ctx, &inputs);
    (e.findings.into_iter().find(|f| f.id == id).unwrap(), e.notes)
}

fn m(f: &Finding, key: &str) -> Value {
    f.measured.get(key).unwrap_or(Value::Null)
}

use DowntimeKind::*;

#[test]
fn interruption_across_the_autumn_dst_change() {
    // Sun 2026-10-25 01:30 → 04:00 Paris: 01:30 CEST = 23:30Z, 04:00 CET = 03:00Z. 02:00–03:00
    // happens twice, so 3 h 30 = 210 min of real time (the wall clock says 150).
    // A = (259,200 − 210) / 259,200 = 258,990 / 259,200 = 99.918981…% → 99.9190 in JSON (4
    // decimals, half away from zero; the evidence keeps 3 decimals rounded down: 99.918).
    let c = ctx("talentsoft", "2026-10", None);
    let (f, _) = run(&c, log(vec![int(Unplanned, "2026-10-25 01:30", "2026-10-25 04:00")]), "availability");
    assert_eq!(m(&f, "downtime_minutes"), json!(210));
    assert_eq!(m(&f, "reference_minutes"), json!(259_200));
    assert_eq!(m(&f, "availability_pct"), json!(99.91898148148148)); // 258,990 / 259,200, unrounded
    assert!(f.evidence.starts_with("99.918 % over"), "{}", f.evidence);
    assert_eq!(m(&f, "window_from"), json!("2026-05-01T00:00:00+02:00"));
    assert_eq!(m(&f, "window_to"), json!("2026-11-01T00:00:00+01:00"));
    assert_eq!(f.verdict, Verdict::Pass);
    // Budget: 259,200 × 0.5 % = 1,296 allowed; 1,296 − 210 = 1,086 left.
    assert_eq!(m(&f, "allowed_downtime_minutes"), json!(1296.0));
    assert_eq!(m(&f, "budget_used_minutes"), json!(210));
    assert_eq!(m(&f, "budget_left_minutes"), json!(1086.0));
    assert!(f.evidence.contains("2026-10-25 01:30 (3 h 30, unplanned)"), "{}", f.evidence);
}

#[test]
fn calendar_base_uses_the_real_minutes_of_the_window() {
    // 2026-05-01 → 2026-11-01 is 31+30+31+31+30+31 = 184 days = 264,960 min, plus the hour
    // gained when clocks went back on 25 October: 265,020 min.
    // (265,020 − 210) / 265,020 = 264,810 / 265,020 = 99.920760…% → 99.9208.
    let mut c = ctx("talentsoft", "2026-10", None);
    c.availability_base = AvailabilityBase::Calendar;
    let (f, _) = run(&c, log(vec![int(Unplanned, "2026-10-25 01:30", "2026-10-25 04:00")]), "availability");
    assert_eq!(m(&f, "reference_minutes"), json!(265_020));
    assert_eq!(m(&f, "availability_pct"), json!(99.92076069730587)); // 264,810 / 265,020, unrounded
    assert_eq!(m(&f, "reference_base"), json!("calendar"));
}

#[test]
fn nested_and_overlapping_rows_count_once() {
    // 10:00–11:00, nested 10:15–10:45, overlapping 10:50–11:30, touching 11:30–11:40: the
    // union is 10:00–11:40 = 100 min, though the rows add up to 60 + 30 + 40 + 10 = 140.
    let c = ctx("talentsoft", "2026-10", None);
    let l = log(vec![
        int(Unplanned, "2026-10-14 10:00", "2026-10-14 11:00"),
        int(Unplanned, "2026-10-14 10:15", "2026-10-14 10:45"),
        int(ThirdParty, "2026-10-14 10:50", "2026-10-14 11:30"),
        int(Unplanned, "2026-10-14 11:30", "2026-10-14 11:40"),
    ]);
    let (f, _) = run(&c, l, "availability");
    assert_eq!(m(&f, "downtime_minutes"), json!(100));
    // Talentsoft counts third-party failures: nothing is excluded.
    assert_eq!(m(&f, "excluded_minutes"), json!({"planned": 0}));
}

#[test]
fn ongoing_interruption_is_measured_to_as_of() {
    // As of Tue 2026-10-20 12:00: one outage since 09:00 with no end (180 min so far), one
    // 11:00–14:00 (seen ongoing: 11:00–12:00, inside the first), one starting at 13:00 (not
    // seen yet). Union 09:00–12:00 = 180 min; 2 still going.
    let c = ctx("talentsoft", "2026-10", Some("2026-10-20 12:00"));
    let l = log(vec![
        int(Unplanned, "2026-10-20 09:00", ""),
        int(Unplanned, "2026-10-20 11:00", "2026-10-20 14:00"),
        int(Unplanned, "2026-10-20 13:00", "2026-10-20 13:30"),
    ]);
    let (f, notes) = run(&c, l, "availability");
    assert_eq!(m(&f, "downtime_minutes"), json!(180));
    assert_eq!(m(&f, "ongoing"), json!(2));
    assert!(f.evidence.contains("2 still going at as-of"), "{}", f.evidence);
    assert!(notes.iter().any(|n| n.contains("1 interruption starting at or after as-of")), "{notes:?}");
}

#[test]
fn an_excluded_minute_stays_excluded_under_a_counted_one() {
    // KMB Labs excludes third-party failures. Third party 10:00–11:00 and an incident
    // 10:30–11:30: 10:30–11:00 is covered by both, so excluded; counted 11:00–11:30 = 30 min,
    // excluded third-party 60 min.
    let c = ctx("kmb-labs", "2026-10", None);
    let l = log(vec![
        int(ThirdParty, "2026-10-27 10:00", "2026-10-27 11:00"),
        int(Unplanned, "2026-10-27 10:30", "2026-10-27 11:30"),
    ]);
    let (f, _) = run(&c, l, "availability");
    assert_eq!(m(&f, "downtime_minutes"), json!(30));
    assert_eq!(m(&f, "excluded_minutes"), json!({"planned": 0, "third-party": 60}));
}

#[test]
fn planned_counts_outside_the_windows_minute_by_minute() {
    // Talentsoft, Sat 2026-10-03 06:30–08:20 planned; the Saturday window is 06:00–08:00.
    // 06:30–08:00 = 90 min excluded; 08:00–08:20 = 20 min count as downtime.
    let c = ctx("talentsoft", "2026-10", None);
    let (f, notes) = run(&c, log(vec![int(Planned, "2026-10-03 06:30", "2026-10-03 08:20")]), "availability");
    assert_eq!(m(&f, "downtime_minutes"), json!(20));
    assert_eq!(m(&f, "excluded_minutes"), json!({"planned": 90}));
    // A4: the 2022 edition excludes nothing: D = 110 → (259,200 − 110) / 259,200 = 99.957…%.
    let a4 = notes.iter().find(|n| n.starts_with("A4")).unwrap();
    assert!(a4.contains("99.957 % (110 min down)") && a4.contains("would not change (pass)"), "{a4}");
}

#[test]
fn a1_note_says_the_printed_formula_always_passes() {
    // D = 1,300 > 1,296 allowed: (259,200 − 1,300) / 259,200 = 99.498456…% → fail; JSON
    // 99.4985 (4 decimals), evidence 99.498 (rounded down). The printed
    // R / (R − D) = 259,200 / 257,900 = 100.504…% → pass: the verdict would change.
    let c = ctx("talentsoft", "2026-10", None);
    let (f, notes) = run(&c, log(vec![int(Unplanned, "2026-10-05 08:00", "2026-10-06 05:40")]), "availability");
    assert_eq!(m(&f, "downtime_minutes"), json!(1300));
    assert_eq!(m(&f, "availability_pct"), json!(99.49845679012346)); // 257,900 / 259,200, unrounded
    assert!(f.evidence.starts_with("99.498 % over"), "{}", f.evidence);
    assert_eq!(m(&f, "budget_left_minutes"), json!(-4.0));
    assert_eq!(f.verdict, Verdict::Fail);
    let a1 = notes.iter().find(|n| n.starts_with("A1")).unwrap();
    assert!(a1.contains("100.5 %") && a1.contains("would change (fail → pass)"), "{a1}");
}

#[test]
fn target_arithmetic_is_exact() {
    // 259,200 × 0.5 % = 1,296: D = 1,296 meets 99.5 % exactly; 1,297 does not.
    assert!(meets(259_200, 1296, 99.5));
    assert!(!meets(259_200, 1297, 99.5));
    assert_eq!(pct_milli(259_200, 1296), 99_500);
    // 257,903 / 259,200 = 99.4996…% is shown rounded down, never up to the target.
    assert_eq!(pct_milli(259_200, 1297), 99_499);
    // JSON figures are exact (formats for people round them): 259,199 / 259,200 =
    // 99.99961419…%, 257,903 / 259,200 = 99.49961419…% (still a fail: the verdict is `meets`);
    // 79,999 / 80,000 = 99.99875 %. D = 80,001 exceeds R (an ongoing interruption can outlast
    // the reference): a percentage is never below 0.
    assert_eq!(pct_exact(259_200, 1), 99.99961419753086);
    assert!((pct_exact(259_200, 1) - 99.999_614_197_530_86).abs() < 1e-12);
    assert_eq!(pct_exact(259_200, 1297), 99.49961419753086);
    assert_eq!(pct_exact(80_000, 1), 99.99875);
    assert_eq!(pct_exact(80_000, 80_001), 0.0);
    assert_eq!(pct_milli(80_000, 80_001), 0);
    assert_eq!(pct_exact(17_160, 0), 100.0);
    // Sprint October: 17,160 × 1 % = 171.6 min allowed; TI 171 passes, 172 fails.
    assert_eq!(allowed_minutes(17_160, 99.0), 171.6);
    assert!(meets(17_160, 171, 99.0) && !meets(17_160, 172, 99.0));
}

#[test]
fn excluded_kinds_priority_for_a_shared_minute() {
    // Sprint, Tue 2026-10-13: urgent maintenance 10:00–11:00 and customer side 10:30–11:30.
    // 10:30–11:00 is covered by both and goes to the first of the order: urgent-maintenance
    // 60, customer-side 30 (11:00–11:30). TI 0.
    let c = ctx("sprint-open", "2026-10", None);
    let l = log(vec![
        int(CustomerSide, "2026-10-13 10:30", "2026-10-13 11:30"),
        int(UrgentMaintenance, "2026-10-13 10:00", "2026-10-13 11:00"),
    ]);
    let (f, _) = run(&c, l, "availability");
    assert_eq!(
        f.items[0].values.to_map()["excluded_minutes"],
        json!({"planned": 0, "urgent-maintenance": 60, "force-majeure": 0, "customer-side": 30, "out-of-scope": 0})
    );
    assert_eq!(f.items[0].values.to_map()["downtime_minutes"], json!(0));
}

#[test]
fn sprint_october_prt_and_evening_outage() {
    // PRT October 2026 = 17,160 min. Thu 2026-10-29 19:30–21:00: the PRT ends at 20:00 → TI
    // 30. Sat 2026-10-10 10:00–12:00: no PRT → 0. TD = 17,130 / 17,160 = 99.825174…% → 99.8252.
    let c = ctx("sprint-open", "2026-10", None);
    let l = log(vec![
        int(Unplanned, "2026-10-29 19:30", "2026-10-29 21:00"),
        int(Unplanned, "2026-10-10 10:00", "2026-10-10 12:00"),
    ]);
    let (f, _) = run(&c, l, "availability");
    assert_eq!(f.items.len(), 1);
    assert_eq!(f.items[0].subject, "2026-10");
    assert_eq!(f.items[0].values.to_map()["reference_minutes"], json!(17_160));
    assert_eq!(f.items[0].values.to_map()["downtime_minutes"], json!(30));
    assert_eq!(f.items[0].values.to_map()["availability_pct"], json!(99.82517482517483)); // 17,130 / 17,160, unrounded
    assert_eq!(f.verdict, Verdict::Pass);
}

#[test]
fn sprint_outage_on_a_french_holiday_is_outside_the_prt() {
    // Wed 2026-11-11 (Armistice) 09:00–12:00: a holiday has no PRT → TI 0; PRT November =
    // 15,600 min; TD 100 %.
    let c = ctx("sprint-open", "2026-11", None);
    let (f, _) = run(&c, log(vec![int(Unplanned, "2026-11-11 09:00", "2026-11-11 12:00")]), "availability");
    assert_eq!(f.items[0].values.to_map()["reference_minutes"], json!(15_600));
    assert_eq!(f.items[0].values.to_map()["downtime_minutes"], json!(0));
    assert_eq!(f.items[0].values.to_map()["availability_pct"], json!(100.0));
}

#[test]
fn sprint_planned_maintenance_in_winter() {
    // Tue 2026-01-13 06:30–08:30 Paris (CET, UTC+1): the 00:00–07:00 GMT window ends 08:00
    // Paris. 06:30–07:00 is before the PRT; 07:00–08:00 is in the PRT and the window →
    // excluded 60; 08:00–08:30 is in the PRT, outside the window → TI 30.
    // TD = (16,380 − 30) / 16,380 = 99.816849…% → 99.8168.
    let c = ctx("sprint-open", "2026-01", None);
    let (f, _) = run(&c, log(vec![int(Planned, "2026-01-13 06:30", "2026-01-13 08:30")]), "availability");
    let v = f.items[0].values.to_map();
    assert_eq!(v["reference_minutes"], json!(16_380));
    assert_eq!(v["downtime_minutes"], json!(30));
    assert_eq!(v["excluded_minutes"]["planned"], json!(60));
    assert_eq!(v["availability_pct"], json!(99.81684981684981)); // 16,350 / 16,380, unrounded
}

#[test]
fn sprint_planned_maintenance_in_summer() {
    // Tue 2026-07-07 06:30–08:30 Paris (CEST, UTC+2): the window ends 09:00 Paris, so the
    // whole PRT part 07:00–08:30 = 90 min is excluded; TI 0.
    let c = ctx("sprint-open", "2026-07", None);
    let (f, _) = run(&c, log(vec![int(Planned, "2026-07-07 06:30", "2026-07-07 08:30")]), "availability");
    let v = f.items[0].values.to_map();
    assert_eq!(v["reference_minutes"], json!(17_160));
    assert_eq!(v["downtime_minutes"], json!(0));
    assert_eq!(v["excluded_minutes"]["planned"], json!(90));
}

#[test]
fn sprint_one_item_per_month_and_any_failing_month_fails() {
    // Q3 2026: July, August, September. A 3-hour outage Tue 2026-09-15 09:00–12:00 → TI 180 >
    // 1 % of September's PRT (22 weekdays × 780 = 17,160 → 171.6 allowed): September fails.
    let c = ctx("sprint-private", "2026-Q3", None);
    let (f, _) = run(&c, log(vec![int(Unplanned, "2026-09-15 09:00", "2026-09-15 12:00")]), "availability");
    let subjects: Vec<&str> = f.items.iter().map(|i| i.subject.as_str()).collect();
    assert_eq!(subjects, ["2026-07", "2026-08", "2026-09"]);
    assert_eq!(f.items[2].verdict, Verdict::Fail);
    assert_eq!(f.items[0].verdict, Verdict::Pass);
    assert_eq!(f.verdict, Verdict::Fail);
    assert_eq!(m(&f, "worst_month"), json!("2026-09"));
}

#[test]
fn non_production_rows_are_noted() {
    let c = ctx("kmb-labs", "2026-10", None);
    let mut l = log(vec![]);
    l.other_environments.insert("recette".into(), 2);
    let (_, notes) = run(&c, l, "availability");
    assert!(notes.iter().any(|n| n.contains("2 rows of environments other than production (2 recette)")));
}

#[test]
fn sprint_months_not_over_at_as_of_are_open_unless_already_failing() {
    // --period 2026-Q4 --as-of 2026-10-15 00:00 Paris. October is in progress: PRT of the whole
    // month 17,160 min, allowed 1 % = 171.6 min. Mon 2026-10-05 09:00–10:00 (inside the PRT)
    // → TI 60 ≤ 171.6: not yet failing → `open`. November (PRT 15,600) and December (23
    // weekdays − 25 December = 22 × 780 = 17,160) have not started → `open`, no figure. The
    // finding is `open` (old code: pass, with November and December at 100 %). Pooled over the
    // months begun: 17,100 / 17,160 = 99.650349…% → 99.6503.
    let c = ctx("sprint-open", "2026-Q4", Some("2026-10-15 00:00"));
    let (f, _) = run(&c, log(vec![int(Unplanned, "2026-10-05 09:00", "2026-10-05 10:00")]), "availability");
    let verdicts: Vec<(String, Verdict)> = f.items.iter().map(|i| (i.subject.clone(), i.verdict)).collect();
    assert_eq!(
        verdicts,
        [
            ("2026-10".to_string(), Verdict::Open),
            ("2026-11".to_string(), Verdict::Open),
            ("2026-12".to_string(), Verdict::Open)
        ]
    );
    assert_eq!(f.verdict, Verdict::Open, "{}", f.evidence);
    assert_eq!(f.items[0].values.to_map()["state"], json!("in progress"));
    assert_eq!(f.items[0].values.to_map()["downtime_minutes"], json!(60));
    assert_eq!(f.items[1].values.to_map()["state"], json!("not started"));
    assert_eq!(f.items[1].values.to_map()["availability_pct"], Value::Null);
    assert_eq!(f.items[2].values.to_map()["reference_minutes"], json!(17_160));
    assert_eq!(m(&f, "open"), json!(3));
    assert_eq!(m(&f, "reference_minutes"), json!(17_160));
    assert_eq!(m(&f, "availability_pct"), json!(99.65034965034964)); // 17,100 / 17,160, unrounded
    assert!(f.evidence.contains("2026-11 not started at as-of (PRT 15600 min)"), "{}", f.evidence);
    // Same day 09:00–12:00 → TI 180 > 171.6: October already fails whatever the rest of the
    // month brings → `fail`, and so does the finding.
    let (f, _) = run(&c, log(vec![int(Unplanned, "2026-10-05 09:00", "2026-10-05 12:00")]), "availability");
    assert_eq!(f.items[0].verdict, Verdict::Fail);
    assert_eq!(f.items[1].verdict, Verdict::Open);
    assert_eq!(f.verdict, Verdict::Fail);
}
