//! Test code only: the parent declares this module under #[cfg(test)].
use std::io::Write as _;

use chrono_tz::Europe::Paris;

use super::*;
use crate::ingest::OnInvalid;

fn read_str(content: &str) -> Result<ResponseTimes, InputError> {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(content.as_bytes()).unwrap();
    read(
        f.path(),
        &ReadOptions { delimiter: None, zone: Paris, on_invalid: OnInvalid::Stop, ..Default::default() },
        Paris,
    )
}

fn stats<'a>(rt: &'a ResponseTimes, month: &str, dc: &str) -> &'a MonthStats {
    rt.groups.get(&(Month::parse(month).unwrap(), dc.to_string())).unwrap()
}

#[test]
fn months_are_calendar_months_in_the_zone() {
    // 2026-10-31T22:30Z is 23:30 in Paris (CET, UTC+1): October.
    // 2026-10-31T23:30Z is 00:30 on 1 November in Paris: November.
    // 2026-09-30T22:30Z is 00:30 on 1 October in Paris (CEST, UTC+2): October.
    let rt = read_str(
        "timestamp,duration_ms\n2026-10-31T22:30:00Z,100\n2026-10-31T23:30:00Z,300\n2026-09-30T22:30:00Z,200\n",
    )
    .unwrap();
    let oct = stats(&rt, "2026-10", "all");
    assert_eq!(oct.count, 2);
    assert_eq!(oct.mean_ms(), Some(150.0)); // (100 + 200) / 2
    assert_eq!(stats(&rt, "2026-11", "all").count, 1);
    assert_eq!(rt.groups.len(), 2);
}

#[test]
fn the_mean_is_weighted_by_count() {
    // 100 ms × 3 and 700 ms × 1: (300 + 700) / 4 = 250 ms (a plain mean of rows would say 400).
    let rt = read_str(
        "timestamp;datacenter;duration_ms;count\n\
         2026-10-05 10:00;paris;100;3\n\
         2026-10-05T10:00:01+02:00;paris;700;\n\
         2026-10-05 10:00;amsterdam;412,5;2\n",
    )
    .unwrap();
    let paris = stats(&rt, "2026-10", "paris");
    assert_eq!(paris.count, 4);
    assert_eq!(paris.mean_ms(), Some(250.0));
    assert!(!paris.mean_exceeds(400.0));
    // Decimal comma: 412,5 ms × 2 → mean 412.5 ms, over 400.
    let ams = stats(&rt, "2026-10", "amsterdam");
    assert_eq!(ams.mean_ms(), Some(412.5));
    assert!(ams.mean_exceeds(400.0));
    // Percentiles come from the histogram, within 0.1 %: the median of {100,100,100,700} is 100.
    let p50 = paris.percentile_ms(0.5).unwrap();
    assert!((100.0..=100.1).contains(&p50), "{p50}");
    let p99 = paris.percentile_ms(0.99).unwrap();
    assert!((700.0..=700.7).contains(&p99), "{p99}");
}

#[test]
fn the_mean_at_the_target_is_exact() {
    // 399.999 × 1 + 400.001 × 1 = 800 → mean exactly 400: not over 400.
    let rt = read_str("timestamp,duration_ms\n2026-10-05T10:00:00Z,399.999\n2026-10-05T10:00:00Z,400.001\n").unwrap();
    assert!(!stats(&rt, "2026-10", "all").mean_exceeds(400.0));
    // One microsecond more over 2 requests: mean 400.0005 > 400.
    let rt = read_str("timestamp,duration_ms\n2026-10-05T10:00:00Z,399.999\n2026-10-05T10:00:00Z,400.002\n").unwrap();
    assert!(stats(&rt, "2026-10", "all").mean_exceeds(400.0));
}

#[test]
fn pre_aggregated_rows_count_in_the_mean_without_percentiles() {
    // Aggregates: 300 ms × 1000 and 500 ms × 1000 in October → (300000 + 500000) / 2000 = 400.
    let rt = read_str(
        "month,datacenter,avg_ms,count\n2026-10,paris,300,1000\n2026-10,paris,\"500,0\",1000\n2026-11,paris,350,10\n",
    )
    .unwrap();
    let oct = stats(&rt, "2026-10", "paris");
    assert_eq!((oct.count, oct.aggregated_count), (2000, 2000));
    assert_eq!(oct.mean_ms(), Some(400.0));
    assert!(!oct.mean_exceeds(400.0));
    assert_eq!(oct.percentile_ms(0.95), None);
    assert_eq!(oct.histogram_count(), 0);
}

#[test]
fn mixed_rows_share_the_mean_and_percentiles_use_per_request_rows() {
    // One file with both forms: 2 requests of 200 ms + an aggregate of 8 requests at 450 ms
    // → (400 + 3600) / 10 = 400 ms; the histogram holds the 2 requests only.
    let rt = read_str(
        "timestamp,duration_ms,month,avg_ms,count\n\
         2026-10-05T10:00:00Z,200,,,2\n\
         ,,2026-10,450,8\n",
    )
    .unwrap();
    let oct = stats(&rt, "2026-10", "all");
    assert_eq!((oct.count, oct.aggregated_count, oct.histogram_count()), (10, 8, 2));
    assert_eq!(oct.mean_ms(), Some(400.0));
}

#[test]
fn bad_values_name_line_column_and_value() {
    let e = read_str("timestamp,duration_ms\n2026-10-05T10:00:00Z,100\n2026-10-05T10:00:00Z,-3\n").unwrap_err();
    assert_eq!((e.line, e.column.clone(), e.value.as_deref()), (3, Some(("duration_ms".to_string(), 2)), Some("-3")));
    assert_eq!(e.reason, "invalid duration");
    let e = read_str("timestamp,duration_ms\n2026-03-29 02:30,100\n").unwrap_err();
    assert_eq!((e.line, e.reason.as_str()), (2, "nonexistent local time"));
    let e = read_str("month,avg_ms,count\n2026-13,100,1\n").unwrap_err();
    assert_eq!((e.line, e.reason.as_str()), (2, "invalid month"));
    let e = read_str("timestamp,duration_ms,count\n2026-10-05T10:00:00Z,100,1.5\n").unwrap_err();
    assert_eq!(e.reason, "invalid count");
    let e = read_str("client,page\nacme,/home\n").unwrap_err();
    assert_eq!((e.line, e.reason.as_str()), (1, "missing required column"));
}

#[test]
fn skip_invalid_counts_per_reason() {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(b"timestamp,duration_ms\n2026-10-05T10:00:00Z,100\nyesterday,100\n2026-10-05T10:00:00Z,abc\n2026-10-05T10:00:00Z,300\n")
        .unwrap();
    let rt = read(
        f.path(),
        &ReadOptions { delimiter: None, zone: Paris, on_invalid: OnInvalid::Skip, ..Default::default() },
        Paris,
    )
    .unwrap();
    assert_eq!((rt.summary.rows, rt.summary.skipped), (4, 2));
    assert_eq!(rt.summary.skipped_by_reason.get("invalid timestamp"), Some(&1));
    assert_eq!(rt.summary.skipped_by_reason.get("invalid duration"), Some(&1));
    assert_eq!(stats(&rt, "2026-10", "all").mean_ms(), Some(200.0)); // (100 + 300) / 2
}

#[test]
fn durations_parse_exactly() {
    // Units of 10⁻⁹ ms: 412 ms = 412 × 10⁹; 412,5 = 412.5 × 10⁹; 0.000000001 = 1.
    assert_eq!(parse_duration("412"), Some(412_000_000_000));
    assert_eq!(parse_duration("412,5"), Some(412_500_000_000));
    assert_eq!(parse_duration("0.000000001"), Some(1));
    assert_eq!(parse_duration("1.23456"), Some(1_234_560_000));
    // French thousands groups: 1 058,119102 ms = 1,058,119,102,000 units; "86 400 000".
    assert_eq!(parse_duration("1 058,119102"), Some(1_058_119_102_000));
    assert_eq!(parse_duration("86\u{a0}400\u{202f}000"), Some(86_400_000_000_000_000));
    assert_eq!(parse_duration("1 05,5"), None);
    assert_eq!(parse_duration("1234 567"), None);
    assert_eq!(parse_duration(""), None);
    assert_eq!(parse_duration(".5"), None);
    assert_eq!(parse_duration("412."), None);
    // A 10th decimal, a sign, an exponent, more than a day: refused.
    assert_eq!(parse_duration("1.0000000001"), None);
    assert_eq!(parse_duration("-1"), None);
    assert_eq!(parse_duration("4.12e2"), None);
    assert_eq!(parse_duration("86400001"), None);
    assert_eq!(parse_duration("86400000"), Some(86_400_000_000_000_000));
    assert_eq!(parse_count("12"), Some(12));
    assert_eq!(parse_count("12,0"), Some(12));
    assert_eq!(parse_count("-2"), None);
}

#[test]
fn the_mean_is_exact_beyond_three_decimals() {
    // 134.1355 + 7.745398 + 1058.119102 = 141.880898 + 1058.119102 = 1200.000000 ms exactly;
    // / 3 = 400.000000 ms: not over 400 (a compensated f64 sum gave 1200 + 1.19e-13, a mean of
    // 400.00000000000006: fail).
    let rt = read_str(
        "timestamp,duration_ms\n2026-10-05T10:00:00Z,134.1355\n2026-10-05T10:00:01Z,\"7,745398\"\n\
         2026-10-05T10:00:02Z,1058.119102\n",
    )
    .unwrap();
    let oct = stats(&rt, "2026-10", "all");
    assert!(!oct.mean_exceeds(400.0));
    assert_eq!(oct.mean_ms(), Some(400.0));
    // Pre-aggregated: 400.000000001 × 1000 = 400000.000001 ms > 400 × 1000: over by 10⁻⁹ ms
    // a request; 399.999999999 × 1000 + 400.000000001 × 1000 = 800000 → mean exactly 400.
    let rt = read_str("month,dc,avg_ms,count\n2026-10,a,400.000000001,1000\n2026-10,b,399.999999999,1000\n2026-10,b,400.000000001,1000\n")
        .unwrap();
    assert!(stats(&rt, "2026-10", "a").mean_exceeds(400.0));
    assert!(!stats(&rt, "2026-10", "b").mean_exceeds(400.0));
    // More than 9 decimals: an input error naming the value.
    let e = read_str("timestamp,duration_ms\n2026-10-05T10:00:00Z,1.0000000001\n").unwrap_err();
    assert_eq!((e.line, e.reason.as_str(), e.value.as_deref()), (2, "invalid duration", Some("1.0000000001")));
    assert!(e.expected.contains("at most 9 decimals"), "{}", e.expected);
}

#[test]
fn the_reported_mean_is_exact() {
    // (0.001 + 0.002) / 2 = 0.0015 ms; (0.002 + 0.003) / 2 = 0.0025 ms;
    // (412.3456 + 400) / 2 = 406.1728 ms: not rounded (formats for people round it).
    let rt = read_str(
        "timestamp,dc,duration_ms\n2026-10-05T10:00:00Z,a,0.001\n2026-10-05T10:00:00Z,a,0.002\n\
         2026-10-05T10:00:00Z,b,0.002\n2026-10-05T10:00:00Z,b,0.003\n\
         2026-10-05T10:00:00Z,c,412.3456\n2026-10-05T10:00:00Z,c,400\n",
    )
    .unwrap();
    assert_eq!(stats(&rt, "2026-10", "a").mean_ms(), Some(0.0015));
    assert_eq!(stats(&rt, "2026-10", "b").mean_ms(), Some(0.0025));
    assert_eq!(stats(&rt, "2026-10", "c").mean_ms(), Some(406.1728));
}

#[test]
fn pending_millisecond_counts_give_the_same_histogram() {
    // Whole milliseconds under 4096 ms wait in a flat array; others go straight in. After
    // merge and flush the histogram equals one fed row by row.
    let mut direct = new_histogram();
    let mut a = MonthStats::default();
    for (us, w) in [(100_000u64, 3u64), (250_500, 1), (5_000_000, 2), (100_000, 1)] {
        a.record(us, w);
        direct.record_n(us, w).unwrap();
    }
    let mut b = MonthStats::default();
    b.record(700_000, 4);
    direct.record_n(700_000, 4).unwrap();
    a.merge(b);
    a.flush();
    let h = a.histogram.as_ref().unwrap();
    assert_eq!(h.len(), 11);
    assert_eq!(h.len(), direct.len());
    for q in [0.1, 0.5, 0.9, 0.99, 1.0] {
        assert_eq!(h.value_at_quantile(q), direct.value_at_quantile(q), "{q}");
    }
}

#[test]
fn percentiles_stay_within_the_recorded_durations() {
    // One request of 500 ms: every percentile is 500.0. The histogram alone says the upper
    // end of 500 ms's bucket: at 3 significant digits (2048 sub-buckets), 500,000 µs lies in
    // [2048 × 2^7, 2048 × 2^8) where buckets are 2^8 = 256 µs wide: 500,000 / 256 = 1953.1,
    // so the bucket is [1953 × 256, +256) = [499,968, 500,224) µs and its upper end
    // 500,223 µs = 500.223 ms (500.2 once rounded), above the only duration; clamped to
    // [500, 500] it is 500.
    let rt = read_str("timestamp,duration_ms\n2026-10-05T10:00:00Z,500\n").unwrap();
    let oct = stats(&rt, "2026-10", "all");
    let h = oct.histogram.as_ref().unwrap();
    assert_eq!(h.highest_equivalent(h.value_at_quantile(0.5)), 500_223);
    for q in [0.5, 0.95, 0.99] {
        assert_eq!(oct.percentile_ms(q), Some(500.0), "{q}");
    }
    // 100 ms × 3 and 700 ms × 1 (a weight-0 row of 900 ms is no request): p99 is clamped to
    // the largest recorded 700 ms, p50 stays within [100, 100.1].
    let rt = read_str(
        "timestamp,duration_ms,count\n2026-10-05T10:00:00Z,100,3\n2026-10-05T10:00:00Z,700,1\n\
         2026-10-05T10:00:00Z,900,0\n",
    )
    .unwrap();
    let oct = stats(&rt, "2026-10", "all");
    assert_eq!(oct.percentile_ms(0.99), Some(700.0));
    let p50 = oct.percentile_ms(0.5).unwrap();
    assert!((100.0..=100.1).contains(&p50), "{p50}");
}

#[test]
fn a_log_with_cr_only_line_ends_is_read_with_its_lines() {
    // CR-only line ends (old Mac exports) are line ends like LF and CRLF: two requests of
    // 100 and 300 ms (mean 200), and a bad duration on line 4 is named on line 4.
    let rt = read_str("timestamp,duration_ms\r2026-10-05T10:00:00Z,100\r2026-10-05T11:00:00Z,300\r").unwrap();
    assert_eq!(stats(&rt, "2026-10", "all").mean_ms(), Some(200.0));
    let e = read_str("timestamp,duration_ms\r2026-10-05T10:00:00Z,100\r\r2026-10-05T11:00:00Z,fast\r").unwrap_err();
    assert_eq!((e.line, e.reason.as_str()), (4, "invalid duration"));
}
