//! Monitoring check tests on metrics, alerts and backups built in code; expected gaps and
//! alerts are worked out by hand in the comments.
//!
//! Test code only: the parent declares this module under #[cfg(test)].

use chrono::Duration;
use serde_json::json;

use super::*;
use crate::checks::test_support::{ctx_for, paris};
use crate::ingest::backups::BackupStatus;
use crate::ingest::metrics::Sample;

fn sample(at: DateTime<Utc>, host: &str, counter: &'static str, value: Option<f64>, disk: Option<&str>) -> Sample {
    Sample { at, host: host.into(), counter, disk: disk.map(str::to_string), value, line: 2 }
}

fn alert(at: &str, host: &str, counter: &str, level: Option<AlertLevel>) -> Alert {
    Alert { at: paris(at), host: host.into(), counter: counter.into(), level, line: 2 }
}

/// Disk time of `srv1` at 97 % from 10:00 for `minutes` one-minute samples on 2026-10-14,
/// with 50 % the minute before and after.
fn disk_time(ctx: &Context, minutes: i64) -> MetricSet {
    let mut set = MetricSet::new(&ctx.profile);
    let start = paris("2026-10-14 10:00");
    set.push(&sample(start - Duration::minutes(1), "srv1", "disk_time_pct", Some(50.0), None));
    for i in 0..minutes {
        set.push(&sample(start + Duration::minutes(i), "srv1", "disk_time_pct", Some(97.0), None));
    }
    set.push(&sample(start + Duration::minutes(minutes), "srv1", "disk_time_pct", Some(50.0), None));
    set
}

#[test]
fn a_25_minute_disk_time_breach_with_and_without_alert() {
    // 25 samples 10:00–10:24 above 95 %: one episode of 25 min ≥ 20; the alert is due at
    // 10:00 + 20 + 1 = 10:21 and must come by 10:26.
    let ctx = ctx_for("preventcare", "2026-10");
    let c = ctx.profile.commitment("monitor.threshold.disk-time").unwrap().clone();
    let set = disk_time(&ctx, 25);
    let f = threshold(&ctx, &c, &set, &[alert("2026-10-14 10:23", "srv1", "disk_time_pct", None)]);
    assert_eq!(f.verdict, Verdict::Pass);
    assert_eq!(f.items.len(), 1);
    assert_eq!(f.items[0].values.to_map()["due_at"], json!("2026-10-14T10:21:00+02:00"));
    assert_eq!(f.items[0].values.to_map()["measured_minutes"], json!(25));
    // No alert: missed.
    let f = threshold(&ctx, &c, &set, &[]);
    assert_eq!(f.verdict, Verdict::Fail);
    assert_eq!(f.measured.to_map()["missed"], json!(1));
    // An alert at 10:27 is a minute late (10:21 + 5 = 10:26); one for another host does not count.
    let late = [
        alert("2026-10-14 10:27", "srv1", "disk_time_pct", None),
        alert("2026-10-14 10:22", "srv2", "disk_time_pct", None),
    ];
    assert_eq!(threshold(&ctx, &c, &set, &late).verdict, Verdict::Fail);
}

#[test]
fn short_runs_and_gaps_make_no_episode() {
    let ctx = ctx_for("preventcare", "2026-10");
    let c = ctx.profile.commitment("monitor.threshold.disk-time").unwrap().clone();
    // 19 minutes < 20: no alert due.
    let f = threshold(&ctx, &c, &disk_time(&ctx, 19), &[]);
    // No alert due: nothing to judge, n/a rather than a pass.
    assert_eq!((f.verdict, f.items.len()), (Verdict::NotApplicable, 0));
    // 10:00–10:11 and 10:13–10:24 with 10:12 at 50 %: two runs of 12 min.
    let mut set = MetricSet::new(&ctx.profile);
    let start = paris("2026-10-14 10:00");
    for i in 0..25 {
        let v = if i == 12 { 50.0 } else { 99.0 };
        set.push(&sample(start + Duration::minutes(i), "srv1", "disk_time_pct", Some(v), None));
    }
    let runs = episodes(&set.samples[&("srv1".to_string(), "disk_time_pct".to_string())], 95.0, false);
    assert_eq!(runs.iter().map(|e| e.minutes).collect::<Vec<_>>(), [12, 12]);
    assert_eq!(threshold(&ctx, &c, &set, &[]).items.len(), 0);
}

#[test]
fn a_70_minute_heartbeat_gap_is_a_major_alert() {
    // Heartbeats at 10:00 and 11:10: a 70-minute gap > 60 + 5; due at 11:05, by 11:10. As of
    // 13:00 the trailing gap 12:10 → 13:00 is 50 min ≤ 65: no other item.
    let mut ctx = ctx_for("preventcare", "2026-10");
    ctx.period.as_of = paris("2026-10-14 13:00");
    let c = ctx.profile.commitment("monitor.heartbeat").unwrap().clone();
    let mut set = MetricSet::new(&ctx.profile);
    for at in ["2026-10-14 09:00", "2026-10-14 10:00", "2026-10-14 11:10", "2026-10-14 12:10"] {
        set.push(&sample(paris(at), "srv1", "heartbeat", None, None));
    }
    let major = [alert("2026-10-14 11:08", "srv1", "heartbeat", Some(AlertLevel::Major))];
    let f = heartbeat(&ctx, &c, &set, &major);
    assert_eq!(f.verdict, Verdict::Pass);
    assert_eq!(f.items.len(), 1);
    assert_eq!(f.items[0].values.to_map()["measured_minutes"], json!(70));
    assert_eq!(f.items[0].values.to_map()["due_at"], json!("2026-10-14T11:05:00+02:00"));
    // A minor alert is not the major alert the booklet promises; none at all fails too.
    let minor = [alert("2026-10-14 11:08", "srv1", "heartbeat", Some(AlertLevel::Minor))];
    assert_eq!(heartbeat(&ctx, &c, &set, &minor).verdict, Verdict::Fail);
    assert_eq!(heartbeat(&ctx, &c, &set, &[]).verdict, Verdict::Fail);
}

#[test]
fn a_host_gone_silent_raises_an_expected_alert() {
    // srv1's last heartbeat is 14 Oct 10:00, nothing after (a dead host); srv2 has CPU samples
    // but never a heartbeat: not judged. The trailing gap runs to the cut.
    let mut ctx = ctx_for("preventcare", "2026-10");
    let c = ctx.profile.commitment("monitor.heartbeat").unwrap().clone();
    let mut set = MetricSet::new(&ctx.profile);
    set.push(&sample(paris("2026-10-14 10:00"), "srv1", "heartbeat", None, None));
    set.push(&sample(paris("2026-10-14 10:00"), "srv2", "cpu_pct", Some(12.0), None));
    // As of 11:30: gap 90 min > 65 → due 10:00 + 65 = 11:05, no alert by 11:10: missed.
    ctx.period.as_of = paris("2026-10-14 11:30");
    let f = heartbeat(&ctx, &c, &set, &[]);
    assert_eq!((f.verdict, f.items.len()), (Verdict::Fail, 1));
    assert_eq!(f.items[0].values.to_map()["measured_minutes"], json!(90));
    assert_eq!(f.items[0].values.to_map()["due_at"], json!("2026-10-14T11:05:00+02:00"));
    // As of 11:08: gap 68 > 65, due 11:05 but 11:10 is after as-of: open.
    ctx.period.as_of = paris("2026-10-14 11:08");
    assert_eq!(heartbeat(&ctx, &c, &set, &[]).items[0].verdict, Verdict::Open);
    // As of 11:04: gap 64 ≤ 65: nothing expected yet.
    ctx.period.as_of = paris("2026-10-14 11:04");
    assert_eq!(heartbeat(&ctx, &c, &set, &[]).items.len(), 0);
    // As of the period's end: 14 Oct 08:00 UTC → 31 Oct 23:00 UTC = 17 d 15 h = 25,380 min.
    let ctx = ctx_for("preventcare", "2026-10");
    let f = heartbeat(&ctx, &c, &set, &[]);
    assert_eq!(f.items[0].values.to_map()["measured_minutes"], json!(25_380));
    // A major alert at 11:07 meets it.
    let major = [alert("2026-10-14 11:07", "srv1", "heartbeat", Some(AlertLevel::Major))];
    assert_eq!(heartbeat(&ctx, &c, &set, &major).verdict, Verdict::Pass);
}

#[test]
fn disk_free_is_judged_at_the_daily_check_only() {
    // C: at 8 % at 03:00 → due 03:01, alert 03:04: pass. D: at 5 % at 14:00 is not the check.
    let ctx = ctx_for("preventcare", "2026-10");
    let c = ctx.profile.commitment("monitor.threshold.disk-free").unwrap().clone();
    let mut set = MetricSet::new(&ctx.profile);
    set.push(&sample(paris("2026-10-14 03:00"), "srv1", "disk_free_pct", Some(8.0), Some("C:")));
    set.push(&sample(paris("2026-10-14 03:00"), "srv1", "disk_free_pct", Some(40.0), Some("D:")));
    set.push(&sample(paris("2026-10-14 14:00"), "srv1", "disk_free_pct", Some(5.0), Some("D:")));
    assert_eq!(set.off_check_samples, 1);
    let f = threshold(&ctx, &c, &set, &[alert("2026-10-14 03:04", "srv1", "disk_free_pct", None)]);
    assert_eq!((f.verdict, f.items.len()), (Verdict::Pass, 1));
    assert_eq!(f.items[0].subject, "srv1/C: 2026-10-14T03:00");
    assert_eq!(threshold(&ctx, &c, &set, &[]).verdict, Verdict::Fail);
}

#[test]
fn backup_review_needs_an_alert_per_failed_or_missing_day() {
    // October 2026 has 31 days. db1: success every day but the 5th (failed) and the 9th (no
    // row): 2 days to review; alerts on the 5th and (next day) the 10th: pass; drop one: fail.
    let ctx = ctx_for("preventcare", "2026-10");
    let c = ctx.profile.commitment("monitor.backup-review").unwrap().clone();
    let mut rows = Vec::new();
    for d in 1..=31u32 {
        let day = NaiveDate::from_ymd_opt(2026, 10, d).unwrap();
        match d {
            5 => rows.push(BackupDay { day, database: "db1".into(), outcome: BackupStatus::Failed }),
            9 => {}
            _ => rows.push(BackupDay { day, database: "db1".into(), outcome: BackupStatus::Success }),
        }
    }
    let alerts = [alert("2026-10-05 23:10", "db1", "backup", None), alert("2026-10-10 08:00", "db1", "backup", None)];
    let f = backup_review(&ctx, &c, &rows, &alerts);
    assert_eq!(f.items.len(), 2);
    assert_eq!(f.items[1].subject, "2026-10-09/db1");
    assert_eq!(f.items[1].values.to_map()["outcome"], json!("missing"));
    assert_eq!(f.verdict, Verdict::Pass);
    let f = backup_review(&ctx, &c, &rows, &alerts[..1]);
    assert_eq!(f.verdict, Verdict::Fail);
}

#[test]
fn an_episode_belongs_to_the_period_of_its_due_time() {
    // Episode 23:40–23:59 on 31 Oct (20 samples, 20 min) → due 1 Nov 00:01: not an item of
    // October (due after its end), an item of November, missed there (no alert by 00:06).
    let ctx = ctx_for("preventcare", "2026-10");
    let c = ctx.profile.commitment("monitor.threshold.cpu").unwrap().clone();
    let mut set = MetricSet::new(&ctx.profile);
    let start = paris("2026-10-31 23:40");
    for i in 0..20 {
        set.push(&sample(start + Duration::minutes(i), "srv1", "cpu_pct", Some(99.0), None));
    }
    let f = threshold(&ctx, &c, &set, &[]);
    // No alert due in the period: nothing to judge, n/a rather than a pass.
    assert_eq!((f.verdict, f.items.len()), (Verdict::NotApplicable, 0));
    let november = ctx_for("preventcare", "2026-11");
    let f = threshold(&november, &c, &set, &[]);
    assert_eq!((f.verdict, f.items.len()), (Verdict::Fail, 1));
    assert_eq!(f.items[0].values.to_map()["due_at"], json!("2026-11-01T00:01:00+01:00"));
}

#[test]
fn an_episode_begun_in_the_previous_period_is_whole() {
    // B1 at 99 % every minute 30 Sep 23:50 → 1 Oct 00:19 (30 samples), no alert. October: one
    // episode of 30 min, due 23:50 + 20 + 1 = 1 Oct 00:11, missed (no alert by 00:16).
    let ctx = ctx_for("preventcare", "2026-10");
    let c = ctx.profile.commitment("monitor.threshold.cpu").unwrap().clone();
    let mut set = MetricSet::new(&ctx.profile);
    let start = paris("2026-09-30 23:50");
    for i in 0..30 {
        set.push(&sample(start + Duration::minutes(i), "B1", "cpu_pct", Some(99.0), None));
    }
    let f = threshold(&ctx, &c, &set, &[]);
    assert_eq!((f.verdict, f.items.len()), (Verdict::Fail, 1));
    assert_eq!(f.items[0].values.to_map()["due_at"], json!("2026-10-01T00:11:00+02:00"));
    assert_eq!(f.items[0].values.to_map()["measured_minutes"], json!(30));
    // September as of its end (1 Oct 00:00): samples 23:50–00:00 = 11 min < 20, not an
    // episode yet; seen later, it is due in October: never a September item.
    let mut september = ctx_for("preventcare", "2026-09");
    assert_eq!(threshold(&september, &c, &set, &[]).items.len(), 0);
    september.period.as_of = paris("2026-10-15 00:00");
    assert_eq!(threshold(&september, &c, &set, &[]).items.len(), 0);
}

#[test]
fn an_alert_not_yet_late_at_as_of_is_open() {
    // October as of 31 Oct 23:59, CPU at 99 % 23:35–23:59 (25 samples, 25 min) → due 23:56, to
    // come by 00:01, after as-of: open, not missed. As of 23:50 the run is 23:35–23:50 = 16 min
    // < 20: not an episode yet.
    let mut ctx = ctx_for("preventcare", "2026-10");
    ctx.period.as_of = paris("2026-10-31 23:59");
    let c = ctx.profile.commitment("monitor.threshold.cpu").unwrap().clone();
    let mut set = MetricSet::new(&ctx.profile);
    let start = paris("2026-10-31 23:35");
    for i in 0..25 {
        set.push(&sample(start + Duration::minutes(i), "srv1", "cpu_pct", Some(99.0), None));
    }
    let f = threshold(&ctx, &c, &set, &[]);
    assert_eq!((f.verdict, f.items[0].verdict), (Verdict::Pass, Verdict::Open));
    assert_eq!(f.items[0].values.to_map()["due_at"], json!("2026-10-31T23:56:00+01:00"));
    assert_eq!(f.measured.to_map()["open"], json!(1));
    ctx.period.as_of = paris("2026-10-31 23:50");
    assert_eq!(threshold(&ctx, &c, &set, &[]).items.len(), 0);
}

#[test]
fn disk_free_is_judged_on_c_and_d_only() {
    // 003 art. 3.2: "disques système (C:\) et de donnée (D:\)", alert at 10 %. At 03:00: `c:\` at 8 % and
    // `D` at 9 % are judged (2 items, due 03:01); E: at 5 % is another disk: counted, not judged.
    let ctx = ctx_for("preventcare", "2026-10");
    let c = ctx.profile.commitment("monitor.threshold.disk-free").unwrap().clone();
    let mut set = MetricSet::new(&ctx.profile);
    let at = paris("2026-10-14 03:00");
    set.push(&sample(at, "srv1", "disk_free_pct", Some(8.0), Some("c:\\")));
    set.push(&sample(at, "srv2", "disk_free_pct", Some(9.0), Some("D")));
    set.push(&sample(at, "srv3", "disk_free_pct", Some(5.0), Some("E:")));
    assert_eq!(set.other_disk_samples, 1);
    let f = threshold(&ctx, &c, &set, &[]);
    let hosts: Vec<String> = f.items.iter().map(|i| i.values.to_map()["host"].as_str().unwrap().to_string()).collect();
    assert_eq!(hosts, ["srv1", "srv2"]);
}

#[test]
fn a_sample_at_or_below_the_threshold_ends_the_run() {
    // CPU every 30 s from 10:00:00 to 10:24:30 (50 samples) at 99 %, except 50 % at 10:10:00.
    // Runs: 10:00:00–10:09:30 → 9.5 + 1 = 10.5 min; 10:10:30–10:24:30 → 14 + 1 = 15 min;
    // both < 20: no episode (ignoring the low sample would make one of 24.5 + 1 = 25.5 min).
    let ctx = ctx_for("preventcare", "2026-10");
    let c = ctx.profile.commitment("monitor.threshold.cpu").unwrap().clone();
    let mut set = MetricSet::new(&ctx.profile);
    let start = paris("2026-10-14 10:00");
    for i in 0..50 {
        let v = if i == 20 { 50.0 } else { 99.0 };
        set.push(&sample(start + Duration::seconds(30 * i), "B1", "cpu_pct", Some(v), None));
    }
    let runs = episodes(&set.samples[&("B1".to_string(), "cpu_pct".to_string())], 95.0, false);
    assert_eq!(runs.iter().map(|e| e.minutes).collect::<Vec<_>>(), [10, 15]);
    assert_eq!(threshold(&ctx, &c, &set, &[]).items.len(), 0);
}

#[test]
fn sampling_jitter_does_not_break_a_run_but_missing_data_does() {
    // CPU every 62 s, 25 samples at 99 % from 10:00:00: last at 10:24:48; (24 × 62 s = 24.8 min)
    // + 1 = 25.8 ≥ 20: one episode, reported as 25 whole minutes; due 10:00 + 21 = 10:21.
    let ctx = ctx_for("preventcare", "2026-10");
    let c = ctx.profile.commitment("monitor.threshold.cpu").unwrap().clone();
    let mut set = MetricSet::new(&ctx.profile);
    let start = paris("2026-10-14 10:00");
    for i in 0..25 {
        set.push(&sample(start + Duration::seconds(62 * i), "B1", "cpu_pct", Some(99.0), None));
    }
    let f = threshold(&ctx, &c, &set, &[]);
    assert_eq!(f.items.len(), 1);
    assert_eq!(f.items[0].values.to_map()["measured_minutes"], json!(25));
    assert_eq!(f.items[0].values.to_map()["due_at"], json!("2026-10-14T10:21:00+02:00"));
    // 10:00–10:11 and 10:18–10:29 at 99 %, nothing in between: the 7-minute gap (> 5) is
    // missing data and ends the run: two runs of 12 min, no episode.
    let mut set = MetricSet::new(&ctx.profile);
    for i in (0..12).chain(18..30) {
        set.push(&sample(start + Duration::minutes(i), "B1", "cpu_pct", Some(99.0), None));
    }
    let runs = episodes(&set.samples[&("B1".to_string(), "cpu_pct".to_string())], 95.0, false);
    assert_eq!(runs.iter().map(|e| e.minutes).collect::<Vec<_>>(), [12, 12]);
    assert_eq!(threshold(&ctx, &c, &set, &[]).items.len(), 0);
}
