//! Maintenance window and notice tests; minutes worked out by hand in the comments.
//!
//! Test code only: the parent declares this module under #[cfg(test)].

use super::*;
use crate::checks::availability::tests::{ctx, int, log, p, run};
use serde_json::{json, Value};
use DowntimeKind::*;

fn announced(mut i: Interruption, at: &str) -> Interruption {
    i.announced_at = Some(p(at));
    i
}

#[test]
fn kmb_planned_maintenance_on_a_monday_night_a3() {
    // Mon 2026-10-12 03:00–05:00. Read as Tue–Fri 00:00–08:00 (A3), Monday has no night window:
    // 120 min outside → maintenance.window fails and the 120 min count as downtime.
    let c = ctx("kmb-labs", "2026-10", None);
    let l = log(vec![int(Planned, "2026-10-12 03:00", "2026-10-12 05:00")]);
    let (w, notes) = run(&c, l.clone(), "maintenance.window");
    assert_eq!(w.verdict, Verdict::Fail);
    assert_eq!(w.items.len(), 1);
    assert_eq!(w.items[0].subject, "2026-10-12T03:00:00+02:00");
    assert_eq!(w.items[0].values.to_map()["minutes_outside"], json!(120));
    let (a, _) = run(&c, l, "availability");
    assert_eq!(a.measured.to_map()["downtime_minutes"], json!(120));
    // Read as Mon–Thu 00:00–08:00, it is inside: 0 outside, D = 0 (100 %), and the
    // maintenance.window verdict would change; availability passes either way.
    let a3 = notes.iter().find(|n| n.starts_with("A3")).unwrap();
    assert!(a3.contains("maintenance.window pass (0 outside) instead of fail (1 outside)"), "{a3}");
    assert!(a3.contains("availability 100 % (0 min down) instead of 99.953 % (120 min)"), "{a3}");
    assert!(a3.contains("the verdict of maintenance.window would change"), "{a3}");
}

#[test]
fn kmb_friday_night_fails_only_under_the_other_reading() {
    // Fri 2026-10-16 02:00–04:00: inside Tue–Fri, outside Mon–Thu. Our verdict passes; the
    // note says the other reading would fail it.
    let c = ctx("kmb-labs", "2026-10", None);
    let (w, notes) = run(&c, log(vec![int(Planned, "2026-10-16 02:00", "2026-10-16 04:00")]), "maintenance.window");
    assert_eq!(w.verdict, Verdict::Pass);
    let a3 = notes.iter().find(|n| n.starts_with("A3")).unwrap();
    assert!(a3.contains("maintenance.window fail (1 outside) instead of pass (0 outside)"), "{a3}");
}

#[test]
fn kmb_saturday_window_does_not_raise_a3() {
    // Sat 2026-10-10 02:00–03:30 is inside the Saturday window under both readings.
    let c = ctx("kmb-labs", "2026-10", None);
    let (w, notes) = run(&c, log(vec![int(Planned, "2026-10-10 02:00", "2026-10-10 03:30")]), "maintenance.window");
    assert_eq!(w.verdict, Verdict::Pass);
    assert!(!notes.iter().any(|n| n.starts_with("A3")), "{notes:?}");
}

#[test]
fn sprint_window_winter_fails_summer_passes() {
    // January (CET): 06:30–08:30 Paris = 05:30–07:30 UTC; the window ends 07:00 UTC →
    // 30 min outside: fail. July (CEST): 04:30–06:30 UTC, inside: pass.
    let jan = ctx("sprint-open", "2026-01", None);
    let (w, _) = run(&jan, log(vec![int(Planned, "2026-01-13 06:30", "2026-01-13 08:30")]), "maintenance.window");
    assert_eq!(w.verdict, Verdict::Fail);
    assert_eq!(w.items[0].values.to_map()["minutes_outside"], json!(30));
    assert_eq!(w.items[0].values.to_map()["minutes"], json!(120));
    let jul = ctx("sprint-open", "2026-07", None);
    let (w, _) = run(&jul, log(vec![int(Planned, "2026-07-07 06:30", "2026-07-07 08:30")]), "maintenance.window");
    assert_eq!(w.verdict, Verdict::Pass);
    assert_eq!(w.items[0].values.to_map()["minutes_outside"], json!(0));
}

#[test]
fn only_interruptions_starting_in_the_period_are_items() {
    // Wed 2026-09-30 23:00 → Thu 2026-10-01 01:00 Paris starts in September: no item in
    // October. Ongoing since Sat 2026-10-31 06:30 at as-of 07:00, inside 06:00–08:00 so far:
    // open. Planned urgent maintenance is not planned: no item.
    let c = ctx("talentsoft", "2026-10", Some("2026-10-31 07:00"));
    let l = log(vec![
        int(Planned, "2026-09-30 23:00", "2026-10-01 01:00"),
        int(Planned, "2026-10-31 06:30", ""),
        int(UrgentMaintenance, "2026-10-14 10:00", "2026-10-14 10:30"),
    ]);
    let (w, _) = run(&c, l, "maintenance.window");
    assert_eq!(w.items.len(), 1);
    assert_eq!(w.items[0].verdict, Verdict::Open);
    // Its only item still going: nothing passed yet, so the commitment is open, not a pass.
    assert_eq!(w.verdict, Verdict::Open);
}

#[test]
fn talentsoft_notice_seven_days() {
    // Starts Mon 2026-10-19 18:30. Announced Mon 10-12 18:30 = 168 h before: pass. Another
    // Mon 10-26 18:30 announced Mon 10-19 19:30 CEST: 7 × 24 h + 1 h (clocks went back on the
    // 25th) − 1 h = 168 h: pass. A restart Wed 10-07 07:00 announced 10-01 07:00 = 144 h:
    // fail. A restart Thu 10-08 07:00 with no announcement: warn.
    let c = ctx("talentsoft", "2026-10", None);
    let l = log(vec![
        announced(int(Planned, "2026-10-19 18:30", "2026-10-19 19:00"), "2026-10-12 18:30"),
        announced(int(Planned, "2026-10-26 18:30", "2026-10-26 19:00"), "2026-10-19 19:30"),
        announced(int(Planned, "2026-10-07 07:00", "2026-10-07 07:05"), "2026-10-01 07:00"),
        int(Planned, "2026-10-08 07:00", "2026-10-08 07:05"),
    ]);
    let (n, _) = run(&c, l, "maintenance.notice");
    let by: Vec<(&str, Verdict, Value)> =
        n.items.iter().map(|i| (i.subject.as_str(), i.verdict, i.values.to_map()["notice_hours"].clone())).collect();
    assert_eq!(
        by,
        [
            ("2026-10-07T07:00:00+02:00", Verdict::Fail, json!(144.0)),
            ("2026-10-08T07:00:00+02:00", Verdict::Warn, Value::Null),
            ("2026-10-19T18:30:00+02:00", Verdict::Pass, json!(168.0)),
            ("2026-10-26T18:30:00+01:00", Verdict::Pass, json!(168.0)),
        ]
    );
    assert_eq!(n.verdict, Verdict::Fail);
    assert_eq!(n.measured.to_map()["late"], json!(1));
    assert_eq!(n.measured.to_map()["not_announced"], json!(1));
}

#[test]
fn sprint_notice_48_hours_and_warn_without_announcement() {
    // Tue 2026-10-27 06:30 announced Mon 10-26 09:00 → 21.5 h < 48: fail. Alone, a row with no
    // announcement makes the commitment warn.
    let c = ctx("sprint-open", "2026-10", None);
    let late = announced(int(Planned, "2026-10-27 06:30", "2026-10-27 08:30"), "2026-10-26 09:00");
    let (n, _) = run(&c, log(vec![late]), "maintenance.notice");
    assert_eq!(n.verdict, Verdict::Fail);
    assert_eq!(n.items[0].values.to_map()["notice_hours"], json!(21.5));
    let (n, _) = run(&c, log(vec![int(Planned, "2026-10-06 06:30", "2026-10-06 08:30")]), "maintenance.notice");
    assert_eq!(n.verdict, Verdict::Warn);
}

#[test]
fn talentsoft_restart_overrun_a5() {
    // Fri 2026-10-30 07:00–07:40: the restart window is read as 07:00–07:15 → 25 min outside,
    // fail. Were the restart allowed to last as long as it takes, it would pass, and D would
    // drop from 25 to 0: the maintenance.window verdict would change.
    let c = ctx("talentsoft", "2026-10", None);
    let (w, notes) = run(&c, log(vec![int(Planned, "2026-10-30 07:00", "2026-10-30 07:40")]), "maintenance.window");
    assert_eq!(w.verdict, Verdict::Fail);
    assert_eq!(w.items[0].values.to_map()["minutes_outside"], json!(25));
    let a5 = notes.iter().find(|n| n.starts_with("A5")).unwrap();
    assert!(a5.contains("2026-10-30 07:00 (25 min outside)"), "{a5}");
    assert!(a5.contains("maintenance.window pass (0 outside) instead of fail (1 outside)"), "{a5}");
    assert!(a5.contains("availability 100 % (0 min down) instead of 99.99 % (25 min)"), "{a5}");
}

#[test]
fn a3_other_reading_moves_only_the_nights() {
    let kmb = crate::booklet::builtin("kmb-labs").unwrap();
    let (i, other) = a3_other_reading(&kmb).unwrap();
    assert_eq!(i, 0);
    assert_eq!(other[0].weekdays, [true, true, true, true, false, false, false]);
    assert_eq!(other[1], kmb.maintenance_windows[1]);
    let ts = crate::booklet::builtin("talentsoft").unwrap();
    assert!(a3_other_reading(&ts).is_none());
}
