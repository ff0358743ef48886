//! A small hand-built sample report for the tests of one formatting behaviour each: CSV
//! injection, escaping, widths, colour, charts (and the real-browser check). Its commitment
//! ids, clauses and targets are those of the booklets (`profiles/*.toml`); its tickets
//! and figures are invented. It is built from `Report`/`Finding`/`Item` values directly so
//! that these tests depend on no check. Every format of a real audit, as a whole, is
//! snapshotted through the binary in `tests/it/report_formats.rs`.
//!
//! Test code only: the parent declares this module under #[cfg(test)].

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::*;
use chrono::NaiveDate;

use crate::checks::{Item, Values, Verdict};
use crate::model::values::{DailyBackupValues, ResponseTimeValues, RetentionValues};
use crate::model::Day;

fn values(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn item(subject: &str, verdict: Verdict, v: Value, detail: &str) -> Item {
    Item { subject: subject.into(), verdict, values: Values::Map(values(v)), detail: detail.into() }
}

#[allow(clippy::too_many_arguments)]
fn finding(
    id: &str,
    clause: &str,
    target: &str,
    verdict: Verdict,
    measured: Value,
    evidence: &str,
    headline: &str,
    items: Vec<Item>,
) -> Finding {
    Finding {
        id: id.into(),
        clause: clause.into(),
        target: target.into(),
        goal: crate::model::Goal::None,
        overridden: false,
        verdict,
        measured: values(measured).into(),
        evidence: evidence.into(),
        items,
        headline: headline.into(),
        settled: false,
        missing: Vec::new(),
    }
}

/// One month and data centre's response time, typed as the check gives it.
fn response_time(dc: &str, avg: f64, count: u64, [p50, p95, p99]: [f64; 3]) -> ResponseTimeValues {
    ResponseTimeValues {
        month: "2026-10".into(),
        datacenter: dc.into(),
        avg_ms: Some(avg),
        count,
        p50_ms: Some(p50),
        p95_ms: Some(p95),
        p99_ms: Some(p99),
        aggregated_count: None,
        percentiles_count: None,
    }
}

/// A copy of the hr database taken at 02:00 Paris on `day`, kept `kept_days`.
fn retention(day: &str, kept_days: f64) -> RetentionValues {
    let taken_at = crate::model::Instant::from(format!("{day}T02:00:00+02:00").as_str());
    RetentionValues {
        taken_day: Day(day.parse().unwrap()),
        database: "hr".into(),
        location: None,
        taken_at,
        deleted_at: None,
        kept_days,
        retention_until: taken_at,
    }
}

/// A Talentsoft audit of October 2026 with one finding of every shape the checks produce.
pub(crate) fn sample() -> Report {
    let mut commitments = vec![
        // Blocking: 15 business hours = 900 min. T-1042 took 21 h 10 = 1270 min > 900 → fail
        // (+370 min = +6 h 10); T-1043 300 ≤ 900 → pass; T-1050 unresolved at 120 → open.
        finding(
            "ticket.resolution.blocking",
            "000 §2.6.2",
            "15 business hours",
            Verdict::Fail,
            json!({"items": 3, "passed": 1, "failed": 1, "open": 1, "worst_overrun_minutes": 370}),
            "1 of 3 tickets over 15 business hours; worst T-1042 (+6 h 10)",
            "1 of 3 over",
            vec![
                item(
                    "T-1042",
                    Verdict::Fail,
                    json!({"measured_minutes": 1270, "target_minutes": 900, "title": "<script>alert(1)</script>"}),
                    "21 h 10 of 15 h 00 (resolved)",
                ),
                item(
                    "T-1043",
                    Verdict::Pass,
                    json!({"measured_minutes": 300, "target_minutes": 900, "title": "=HYPERLINK(\"http://x\")"}),
                    "5 h 00 of 15 h 00 (resolved)",
                ),
                item(
                    "T-1050",
                    Verdict::Open,
                    json!({"measured_minutes": 120, "target_minutes": 900, "title": "Paie | bulletin & *absent*"}),
                    "2 h 00 of 15 h 00 (unresolved)",
                ),
            ],
        ),
        // Major: 40 business hours = 2400 min; T-2001 1500 ≤ 2400 → pass.
        finding(
            "ticket.resolution.major",
            "000 §2.6.2",
            "40 business hours",
            Verdict::Pass,
            json!({"items": 1, "passed": 1, "failed": 0, "open": 0, "worst_overrun_minutes": null}),
            "all 1 tickets within 40 business hours",
            "1 of 1 within",
            vec![item(
                "T-2001",
                Verdict::Pass,
                json!({"measured_minutes": 1500, "target_minutes": 2400}),
                "25 h 00 of 40 h 00 (resolved)",
            )],
        ),
        // Monthly items: August R = 17160, D = 30 → (17160 − 30) / 17160 = 99.825 %;
        // September D = 0 → 100 %; October D = 240 → 16920 / 17160 = 98.601 % < 99 → fail.
        finding(
            "availability",
            "001 §3.1",
            "≥ 99 % each month over the PRT",
            Verdict::Fail,
            json!({"reference_minutes": 51480, "downtime_minutes": 270,
                   "excluded_minutes": {"planned": 120, "third_party": 0}, "availability_pct": 99.476}),
            "October 2026 at 98.601 % < 99 %",
            "1 of 3 months under",
            vec![
                item(
                    "2026-08",
                    Verdict::Pass,
                    json!({"reference_minutes": 17160, "downtime_minutes": 30, "availability_pct": 99.825}),
                    "99.825 %",
                ),
                item(
                    "2026-09",
                    Verdict::Pass,
                    json!({"reference_minutes": 17160, "downtime_minutes": 0, "availability_pct": 100.0}),
                    "100 %",
                ),
                item(
                    "2026-10",
                    Verdict::Fail,
                    json!({"reference_minutes": 17160, "downtime_minutes": 240, "availability_pct": 98.601}),
                    "98.601 %",
                ),
            ],
        ),
        // October on the hr database: 31 days checked, the 6th missing. Only the missing day is
        // an item (SPEC §3.4); the calendar draws the 30 other days as present.
        finding(
            "backup.daily.frequency",
            "000 §4.2",
            "a successful backup every day",
            Verdict::Fail,
            json!({"days": 31, "databases": ["hr"], "checked": 31, "passed": 30, "missing": 1, "open": 0, "items": 1}),
            "1 of 31 days without a successful daily backup: 2026-10-06/hr",
            "1 missing of 31",
            vec![Item::new(
                "2026-10-06/hr",
                Verdict::Fail,
                DailyBackupValues {
                    day: Day(NaiveDate::from_ymd_opt(2026, 10, 6).unwrap()),
                    database: "hr".into(),
                    successes: 0,
                    unsuccessful: None,
                },
                "missing",
            )],
        ),
        // Weighted means: paris 320 ms ≤ 400 → pass; roubaix 455.5 ms > 400 → fail.
        finding(
            "response-time.average",
            "000 §3.3",
            "monthly average ≤ 400 ms per data centre",
            Verdict::Fail,
            json!({"months": 1, "failed": 1}),
            "2026-10/roubaix averaged 455.5 ms > 400 ms",
            "1 of 2 over",
            vec![
                Item::new(
                    "2026-10/paris",
                    Verdict::Pass,
                    response_time("paris", 320.0, 1000, [250.0, 700.0, 950.0]),
                    "320 ms",
                ),
                Item::new(
                    "2026-10/roubaix",
                    Verdict::Fail,
                    response_time("roubaix", 455.5, 800, [300.0, 900.0, 1500.0]),
                    "455.5 ms",
                ),
            ],
        ),
        finding(
            "purge.sftp-file",
            "000 §9.1.1",
            "files on the secure FTP kept 90 days at most",
            Verdict::Warn,
            json!({"items": 1}),
            "one purge left files 200 days old (> 90 days)",
            "1 late",
            vec![item("2026-10-03T02:00:00+02:00", Verdict::Warn, json!({"max_age_days": 200}), "200 days")],
        ),
        finding(
            "ticket.resolution.minor",
            "000 §2.6.2",
            "no commitment (best effort)",
            Verdict::NotApplicable,
            json!({"items": 0}),
            "no commitment for minor tickets",
            "—",
            vec![],
        ),
        finding(
            "visits.count",
            "003 §2",
            "2 visits a year + 1 per extra server, each ≤ 4 h",
            Verdict::NotAudited,
            json!({}),
            "not audited: no --visits input given",
            "—",
            vec![],
        ),
    ];
    // The targets as figures, as the booklet's rules give them (the charts draw these), and
    // the input the commitment not audited lacked.
    for f in &mut commitments {
        f.goal = match f.id.as_str() {
            "availability" => crate::model::Goal::Percent(99.0),
            "response-time.average" => crate::model::Goal::Milliseconds(400.0),
            "ticket.resolution.blocking" => crate::model::Goal::Minutes(900),
            "ticket.resolution.major" => crate::model::Goal::Minutes(2400),
            _ => crate::model::Goal::None,
        };
        if f.id == "visits.count" {
            f.missing = vec![crate::ingest::inputs::InputKind::Visits];
        }
    }
    Report {
        schema: SCHEMA,
        tool: Tool { name: "livret", version: "0.1.0" },
        profile: ProfileRef { id: "talentsoft".into(), name: "Cegid Talentsoft".into() },
        period: PeriodOut {
            from: "2026-10-01T00:00:00+02:00".into(),
            to: "2026-11-01T00:00:00+01:00".into(),
            as_of: "2026-11-01T00:00:00+01:00".into(),
            complete: true,
        },
        inputs: vec![crate::ingest::InputSummary {
            kind: "tickets".into(),
            path: "fixtures/talentsoft/tickets.csv".into(),
            rows: 12,
            skipped: 1,
            skipped_by_reason: BTreeMap::from([("unknown status".to_string(), 1)]),
            sha256: "0f".repeat(32),
            first: Some("2026-10-01T09:00:00+02:00".into()),
            last: Some("2026-10-30T17:00:00+01:00".into()),
            span: None,
            problems: vec![],
            notes: vec![],
            files: vec![],
            rows_span: None,
        }],
        verdict: Verdict::Fail,
        commitments,
        notes: vec![crate::checks::Note::new(
            "A1",
            "A1: the availability formula is read as (R − D) / R × 100; the verdict is the same under the other reading",
        )],
        claims: Vec::new(),
        breakdown: None,
        generated_at: Some("2026-12-03T10:00:00+01:00".into()),
        probes: None,
    }
}

fn render(format: Format, detail: bool) -> String {
    let opts = RenderOptions { detail, failed_only: false, color: false, width: Some(110) };
    String::from_utf8(format.exporter().render(&sample(), &opts).unwrap()).unwrap()
}

#[test]
fn table_colour_only_when_asked() {
    let plain = render(Format::Table, false);
    assert!(!plain.contains('\u{1b}'), "no escape codes without colour");
    let opts = RenderOptions { detail: false, failed_only: false, color: true, width: None };
    let coloured = String::from_utf8(Format::Table.exporter().render(&sample(), &opts).unwrap()).unwrap();
    assert!(coloured.contains("\u{1b}["), "verdicts coloured when asked");
}

#[test]
fn table_fits_the_width_it_is_given() {
    for width in [80u16, 120] {
        let opts = RenderOptions { detail: true, failed_only: false, color: false, width: Some(width) };
        let text = String::from_utf8(Format::Table.exporter().render(&sample(), &opts).unwrap()).unwrap();
        // Every line: the header, rows, evidence, items, notes and the verdict.
        for line in text.lines() {
            assert!(line.chars().count() <= width as usize, "{width}: {line}");
        }
    }
}

#[test]
fn csv_cells_that_look_like_formulas_are_neutralised() {
    let mut report = sample();
    let f = &mut report.commitments[0];
    f.clause = "=1+1".into();
    f.evidence = "+cmd|' /C calc'!A0".into();
    f.items[0].subject = "-2+3".into();
    f.items[1].subject = "@SUM(A1:A9)".into();
    let Values::Map(m) = &mut f.items[2].values else { panic!("the sample's items keep maps") };
    m.insert("title".into(), json!("\tTAB"));
    let bytes = CsvExporter::default().render(&report, &RenderOptions::default()).unwrap();
    let mut reader = ::csv::Reader::from_reader(bytes.as_slice());
    let header = reader.headers().unwrap().clone();
    let mut rows = 0;
    for record in reader.records() {
        let record = record.unwrap();
        for cell in &record {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "live formula cell {cell:?}");
        }
        rows += 1;
    }
    // 3 + 1 + 3 + 1 + 2 + 1 items, one row each for the two commitments without items, and one
    // for the tickets input's skipped row.
    assert_eq!(rows, 14);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut reader = ::csv::Reader::from_reader(bytes.as_slice());
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!(&first[col("clause")], "'=1+1");
    assert_eq!(&first[col("subject")], "'-2+3");
    assert_eq!(&first[col("evidence")], "'+cmd|' /C calc'!A0");
    assert_eq!(&first[col("title")], "<script>alert(1)</script>", "only formula triggers are touched");
    assert_eq!(&first[col("measured_minutes")], "1270");
}

#[test]
fn csv_flattens_nested_measured_fields() {
    // Six-month availability has no monthly items: its row carries `measured`.
    let mut report = sample();
    report.commitments[2].items.clear();
    let bytes = CsvExporter::default().render(&report, &RenderOptions::default()).unwrap();
    let mut reader = ::csv::Reader::from_reader(bytes.as_slice());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = reader.records().map(|r| r.unwrap()).find(|r| &r[col("commitment")] == "availability").unwrap();
    assert_eq!(&row[col("excluded_minutes.planned")], "120");
    assert_eq!(&row[col("availability_pct")], "99.476");
    assert_eq!(&row[col("subject")], "");
}

#[test]
fn escape_html_escapes_the_five_characters() {
    assert_eq!(
        escape_html(r#"<a href="x" onclick='y'>&amp;</a>"#),
        "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;"
    );
    assert_eq!(escape_html("Ça va — 99,5 %"), "Ça va — 99,5 %");
    assert_eq!(escape_html(""), "");
}

#[test]
fn html_escapes_everything_from_the_inputs() {
    let mut report = sample();
    report.commitments[0].items[0].subject = "<script>alert(1)</script>".into();
    report.notes.push("<img src=x onerror=alert(2)>".into());
    report.inputs[0].path = "\"><script>alert(3)</script>.csv".into();
    let opts = RenderOptions { detail: true, failed_only: false, color: false, width: None };
    let html = String::from_utf8(HtmlExporter.render(&report, &opts).unwrap()).unwrap();
    assert!(!html.contains("<script"), "a raw <script> tag reached the page");
    assert!(!html.contains("<img"), "a raw <img> tag reached the page");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(html.contains("&quot;&gt;&lt;script&gt;alert(3)"));
    // Self-contained: no external reference of any kind (checked on the plain sample, whose
    // inputs hold no such text).
    let plain = String::from_utf8(HtmlExporter.render(&sample(), &opts).unwrap()).unwrap();
    for needle in ["href=\"http", "src=", "url(", "<link", "@import", "<script"] {
        assert!(!plain.contains(needle), "external asset: {needle}");
    }
}

#[test]
fn html_draws_a_chart_only_when_its_data_is_there() {
    let opts = RenderOptions::default();
    let html = |r: &Report| String::from_utf8(HtmlExporter.render(r, &opts).unwrap()).unwrap();
    let full = html(&sample());
    for id in [
        "chart-availability",
        "chart-resolution-blocking",
        "chart-resolution-major",
        "chart-backup-daily-frequency-hr",
        "chart-response-time",
    ] {
        assert!(full.contains(&format!("id=\"{id}\"")), "{id} missing");
    }
    let mut bare = sample();
    bare.commitments.retain(|f| f.id.starts_with("visits"));
    let page = html(&bare);
    assert!(!page.contains("<svg"), "no data, no chart");
    assert!(!page.contains("id=\"charts\""));
    // Availability without monthly items: one bar from `measured`, labelled with the month.
    let mut six_months = sample();
    six_months.commitments[2].items.clear();
    let page = html(&six_months);
    assert!(page.contains("<title>2026-10: 99.48 % (fail)</title>"), "bar from measured.availability_pct");
}

#[test]
fn backup_calendar_draws_days_without_an_item_as_present() {
    // The sample's daily frequency (October, database hr) has one item, the 6th (missing).
    // Audited, so every other day of the period up to as-of (1 Nov 00:00: all 31) is present:
    // Mon 5 and Wed 7 Oct present, Tue 6 missing.
    let svg =
        |r: &Report| super::charts::charts(r).into_iter().find(|c| c.id == "backup-daily-frequency-hr").map(|c| c.svg);
    let full = svg(&sample()).unwrap();
    assert!(full.contains("<title>2026-10-05 Mon: backup taken</title>"), "{full}");
    assert!(full.contains("<title>2026-10-06 Tue: no successful backup</title>"));
    assert!(full.contains("<title>2026-10-07 Wed: backup taken</title>"));
    assert!(full.contains("<title>2026-10-31 Sat: backup taken</title>"));
    // As of Thu 15 Oct 12:00, the 15th has begun (no item: its backup was there), the 16th has
    // not: 15 present, 16 not measured.
    let mut early = sample();
    early.period.as_of = "2026-10-15T12:00:00+02:00".into();
    let page = svg(&early).unwrap();
    assert!(page.contains("<title>2026-10-15 Thu: backup taken</title>"));
    assert!(page.contains("<title>2026-10-16 Fri: not measured</title>"));
    // A frequency finding with no item at all still gets its calendar, all present.
    let mut clean = sample();
    clean.commitments[3].items.clear();
    clean.commitments[3].verdict = Verdict::Pass;
    let page = svg(&clean).unwrap();
    assert_eq!(page.matches(": backup taken</title>").count(), 31);
    // Not audited: nothing is drawn as present.
    clean.commitments[3].verdict = Verdict::NotAudited;
    assert!(svg(&clean).is_none());
}

#[test]
fn junit_counts_and_escapes() {
    let xml = render(Format::Junit, false);
    // 8 commitments; fail: blocking, availability, backup, response time = 4; skipped: n/a + not-audited = 2.
    assert!(xml.contains(r#"<testsuite name="talentsoft" tests="8" failures="4" errors="0" skipped="2">"#), "{xml}");
    assert!(xml.contains("T-1042: 21 h 10 of 15 h 00 (resolved)"), "failure carries the failing items");
    assert!(!xml.contains("<script"));
}

#[test]
fn markdown_escapes_table_breakers() {
    let mut report = sample();
    report.commitments[0].evidence = "a | b <b>c</b>\nd".into();
    let md = String::from_utf8(MarkdownExporter.render(&report, &RenderOptions::default()).unwrap()).unwrap();
    assert!(md.contains(r"a \| b \<b\>c\</b\> d"), "{md}");
}

#[test]
fn periods_are_labelled_as_a_spreadsheet_filters_them() {
    use super::{period_days, period_label, PeriodOut};
    let p = |from: &str, to: &str| PeriodOut { from: from.into(), to: to.into(), as_of: to.into(), complete: true };
    // A month across the autumn change of time; a quarter; a year; a span of days.
    assert_eq!(period_label(&p("2026-10-01T00:00:00+02:00", "2026-11-01T00:00:00+01:00")), "2026-10");
    assert_eq!(period_label(&p("2026-10-01T00:00:00+02:00", "2027-01-01T00:00:00+01:00")), "2026-Q4");
    assert_eq!(period_label(&p("2026-01-01T00:00:00+01:00", "2027-01-01T00:00:00+01:00")), "2026");
    assert_eq!(period_label(&p("2026-10-01T00:00:00+02:00", "2026-10-15T00:00:00+02:00")), "2026-10-01..2026-10-14");
    // Two months from the 1st are neither a month nor a quarter.
    assert_eq!(period_label(&p("2026-11-01T00:00:00+01:00", "2027-01-01T00:00:00+01:00")), "2026-11-01..2026-12-31");
    let days = period_days(&p("2026-10-01T00:00:00+02:00", "2026-11-01T00:00:00+01:00")).unwrap();
    assert_eq!(days.0.to_string(), "2026-10-01");
    assert_eq!(days.1.to_string(), "2026-10-31");
}

#[test]
fn retention_and_copy_calendars_say_what_they_show() {
    // A daily retention finding: the copy of 11 September deleted early (fail), that of the
    // 21st kept past its retention (warn). Neither is a "missing" backup.
    let mut r = sample();
    r.commitments.push(finding(
        "backup.daily.retention",
        "000 §4.2",
        "kept 30 days",
        Verdict::Fail,
        json!({"items": 2}),
        "1 daily copy deleted before the end of the 30 days retention",
        "1 early, 1 late of 2",
        vec![
            Item::new("2026-09-11/hr", Verdict::Fail, retention("2026-09-11", 29.0), "deleted early"),
            Item::new("2026-09-21/hr", Verdict::Warn, retention("2026-09-21", 41.0), "kept too long"),
        ],
    ));
    let chart = super::charts::charts(&r).into_iter().find(|c| c.id == "backup-daily-retention-hr").unwrap();
    assert!(!chart.svg.contains("missing") && !chart.caption.contains("missing"), "{}", chart.svg);
    assert!(chart.svg.contains("<title>2026-09-11 Fri: a copy deleted before its retention</title>"));
    assert!(chart.svg.contains("<title>2026-09-21 Mon: a copy kept past its retention</title>"));
    assert!(chart.title.contains("copies kept for their retention"), "{}", chart.title);
    assert!(chart.caption.contains("deleted before it (1 day)"), "{}", chart.caption);
}

#[test]
fn monthly_checks_are_drawn_per_month() {
    // A monthly retention judged in October 2026 on copies taken from October 2025: one cell
    // per month (two rows: 2025 and 2026), not 13 rows of 31 days.
    let mut r = sample();
    r.commitments.push(finding(
        "backup.monthly.retention",
        "000 §4.2",
        "kept 1 year",
        Verdict::Pass,
        json!({"items": 2}),
        "2 monthly copies deleted in the period, none before 1 year",
        "0 early, 0 late of 2",
        vec![
            Item::new("2025-10-01/hr", Verdict::Pass, retention("2025-10-01", 365.0), "kept a year"),
            Item::new("2025-10-01/hr", Verdict::Pass, retention("2025-10-01", 365.0), "kept a year"),
        ],
    ));
    let chart = super::charts::charts(&r).into_iter().find(|c| c.id == "backup-monthly-retention-hr").unwrap();
    // 2 years × 12 months.
    assert_eq!(chart.svg.matches("<rect class=\"day ").count() - 4, 24, "{}", chart.svg);
    assert!(chart.svg.contains("<title>2025-10 October: copies kept their retention</title>"), "{}", chart.svg);
    assert!(chart.svg.contains("<title>2026-10 October: no copy judged</title>"), "{}", chart.svg);
    assert!(chart.svg.contains("<title>2026-11 November: outside the period</title>"));
    assert!(!chart.svg.contains("2025-10-02"), "no day cells");
}

#[test]
fn a_chart_of_hundreds_of_tickets_stays_readable() {
    // 19 tickets: their ids do not fit side by side in 680 px (35.8 px each, 7 characters
    // ≈ 45 px): they are turned. 300 tickets: the 60 furthest over their target are drawn,
    // worst first, and the caption says so.
    let with = |n: usize| {
        let mut r = sample();
        r.commitments[0].items = (0..n)
            .map(|i| {
                let minutes = 100 + (i * 37) % 1500;
                let v = if minutes > 900 { Verdict::Fail } else { Verdict::Pass };
                item(&format!("T-{:04}", 1000 + i), v, json!({"measured_minutes": minutes, "target_minutes": 900}), "")
            })
            .collect();
        super::charts::charts(&r).into_iter().find(|c| c.id == "resolution-blocking").unwrap()
    };
    let c = with(19);
    assert_eq!(c.svg.matches("transform=\"rotate(-60").count(), 19, "every id, turned");
    assert_eq!(c.svg.matches("<rect class=\"bar v-").count(), 19 + 3, "19 bars and the legend's 3");
    let c = with(300);
    assert_eq!(c.svg.matches("<rect class=\"bar v-").count(), 60 + 3);
    assert!(c.caption.contains("the 60 tickets furthest over, or nearest to, their target"), "{}", c.caption);
    assert!(c.caption.contains("of 300"));
    // Worst first: the first bar is the longest, T-1081 (100 + 81 × 37 mod 1,500 = 1,597
    // minutes = 26.62 h).
    let first = c.svg.find("<rect class=\"bar v-").unwrap();
    assert!(c.svg[first..].starts_with("<rect class=\"bar v-fail"), "{}", &c.svg[first..first + 200]);
    assert!(c.svg[first..].contains("T-1081 : 26.62 h of 15 h (fail)"), "{}", &c.svg[first..first + 300]);
}

#[test]
fn html_lists_failing_items_and_says_when_and_what_without_detail() {
    let html = String::from_utf8(HtmlExporter.render(&sample(), &RenderOptions::default()).unwrap()).unwrap();
    // The period in words; when and by which livret.
    assert!(html.contains("Period: <strong>1–31 October 2026</strong>"), "{html}");
    assert!(html.contains("<title>livret audit — Cegid Talentsoft — 1–31 October 2026</title>"));
    assert!(html.contains(r#"id="generated">Report made on 3 December 2026 10:00 by livret "#));
    // T-1042 fails: listed without --detail; the passing T-1043 is counted, not listed.
    assert!(html.contains("1 of 3 items, failing or warned"), "{html}");
    assert!(html.contains("<tr><td>T-1042</td>"));
    assert!(!html.contains("<tr><td>T-1043</td>"));
    assert!(html.contains("The other items: 1 pass, 1 open."));
    assert!(!html.contains("--detail"), "no command-line hint");
    // The hash wraps instead of overflowing.
    assert!(html.contains("<code class=\"sha\">"));
}
