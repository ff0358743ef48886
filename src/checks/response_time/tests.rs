//! Test code only: the parent declares this module under #[cfg(test)].
use std::io::Write as _;

use chrono_tz::Europe::Paris;

use super::*;
use crate::calendar::{Calendar, Holidays};
use crate::checks::Period;
use crate::ingest::{response_times, OnInvalid, ReadOptions};
use crate::profile::Rule;
use serde_json::json;

fn ctx(period: &str) -> Context {
    let (from, to) = crate::ingest::period::parse_period(period, Paris).unwrap();
    Context {
        profile: crate::booklet::builtin("talentsoft").unwrap(),
        period: Period { from, to, as_of: to },
        support: Calendar::builtin("paris-support").unwrap(),
        holidays: Holidays::builtin("fr").unwrap(),
        default_severity: None,
        availability_base: Default::default(),
    }
}

fn log(content: &str) -> ResponseTimes {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(content.as_bytes()).unwrap();
    response_times::read(
        f.path(),
        &ReadOptions { delimiter: None, zone: Paris, on_invalid: OnInvalid::Stop, ..Default::default() },
        Paris,
    )
    .unwrap()
}

fn run(ctx: &Context, rt: &ResponseTimes) -> Finding {
    let c = ctx.profile.commitments.iter().find(|c| c.id == "response-time.average").unwrap();
    let Rule::ResponseTimeAverage { max_avg_ms } = c.rule else { panic!("rule") };
    check(c, max_avg_ms, ctx, rt)
}

#[test]
fn one_item_per_month_and_datacenter_and_the_worst_fails() {
    // paris: 100 ms × 3 + 700 ms → 250 ms, pass. amsterdam: 380 + 440 → 410 ms, fail.
    // A November request (00:30 Paris on 1 Nov) is outside the October period.
    let rt = log("timestamp,datacenter,duration_ms,count\n\
                  2026-10-05T10:00:00+02:00,paris,100,3\n\
                  2026-10-06T10:00:00+02:00,paris,700,1\n\
                  2026-10-07T10:00:00+02:00,amsterdam,380,1\n\
                  2026-10-31T23:30:00+01:00,amsterdam,440,1\n\
                  2026-10-31T23:30:00Z,amsterdam,9000,1\n");
    let ctx = ctx("2026-10");
    let f = run(&ctx, &rt);
    assert_eq!(f.verdict, Verdict::Fail);
    let subjects: Vec<&str> = f.items.iter().map(|i| i.subject.as_str()).collect();
    assert_eq!(subjects, ["2026-10/amsterdam", "2026-10/paris"]);
    assert_eq!(f.items[0].verdict, Verdict::Fail);
    assert_eq!(f.items[0].values.to_map()["avg_ms"], json!(410.0));
    assert_eq!(f.items[0].values.to_map()["count"], json!(2));
    assert_eq!(f.items[1].verdict, Verdict::Pass);
    assert_eq!(f.items[1].values.to_map()["avg_ms"], json!(250.0));
    assert_eq!(f.items[1].values.to_map()["count"], json!(4));
    assert!(f.evidence.contains("worst 2026-10/amsterdam at 410.0 ms"), "{}", f.evidence);
    let notes = notes(&ctx, &rt);
    assert!(notes[0].contains("1 requests of months outside the period (2026-11)"), "{notes:?}");
}

#[test]
fn a_month_without_requests_is_not_audited_and_aggregates_have_no_percentiles() {
    // Quarter Q4 2026: October and December have aggregates; November has none.
    let rt = log("month,datacenter,avg_ms,count\n2026-10,paris,390,100\n2026-12,paris,400,50\n");
    let ctx = ctx("2026-Q4");
    let f = run(&ctx, &rt);
    assert_eq!(f.verdict, Verdict::Pass);
    let got: Vec<(&str, Verdict)> = f.items.iter().map(|i| (i.subject.as_str(), i.verdict)).collect();
    assert_eq!(
        got,
        [("2026-10/paris", Verdict::Pass), ("2026-11/paris", Verdict::NotAudited), ("2026-12/paris", Verdict::Pass)]
    );
    assert_eq!(f.items[0].values.to_map()["p95_ms"], json!(null));
    assert_eq!(f.items[0].values.to_map()["aggregated_count"], json!(100));
    assert_eq!(f.items[1].values.to_map()["avg_ms"], json!(null));
    assert_eq!(f.measured.to_map()["without_data"], json!(1));
}

#[test]
fn months_of_a_period_in_the_zone() {
    let months: Vec<String> = months_in_period(&ctx("2026-Q3")).iter().map(|m| m.to_string()).collect();
    assert_eq!(months, ["2026-07", "2026-08", "2026-09"]);
}

#[test]
fn a_period_without_any_request_is_not_audited() {
    // The log holds only September requests (2026-09-10, 250 ms); the period is October:
    // no month/data-centre of the period has a request, so nothing was measured.
    let rt = log("timestamp,datacenter,duration_ms\n2026-09-10T10:00:00+02:00,paris,250\n");
    let f = run(&ctx("2026-10"), &rt);
    assert_eq!(f.verdict, Verdict::NotAudited);
    assert_eq!(f.evidence, "no request in the period");
    // A header-only log: the same.
    let f = run(&ctx("2026-10"), &log("timestamp,duration_ms\n"));
    assert_eq!(f.verdict, Verdict::NotAudited);
    assert_eq!(f.evidence, "no request in the period");
    // Rows of the period with weight 0 are no requests (0 + 0 = 0): not audited, and the
    // month/data-centre item they name is itself not-audited (count 0, avg null).
    let f = run(&ctx("2026-10"), &log("timestamp,datacenter,duration_ms,count\n2026-10-05T10:00:00Z,paris,250,0\n"));
    assert_eq!(f.verdict, Verdict::NotAudited);
    assert_eq!(f.evidence, "no request in the period");
    assert_eq!(f.items.len(), 1);
    assert_eq!((f.items[0].verdict, &f.items[0].values.to_map()["count"]), (Verdict::NotAudited, &json!(0)));
}
