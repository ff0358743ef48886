//! The reports for people and for scripts, through the binary: every format of the real
//! Talentsoft audit snapshotted; instants in the profile's zone in every format; the CSV for
//! spreadsheets read back by Python's csv module; the Markdown ready to paste.

use crate::helpers::{livret_at, snapshot, NOW};

/// stdout of `livret audit ARGS --format FORMAT`.
fn render(format: &str, args: &[&str]) -> Vec<u8> {
    let out = livret_at(NOW).env_remove("NO_COLOR").args(["audit", "--format", format]).args(args).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

#[test]
fn every_instant_of_every_format_is_in_the_profiles_zone() {
    // Paris is never at +00:00: a UTC instant anywhere in a report is a regression (ticket
    // items used to be written in UTC: 2026-10-05T07:00:00+00:00 for 09:00 in Paris).
    for p in ["talentsoft", "kmb-labs", "sprint-open"] {
        let folder = format!("fixtures/{p}");
        let args = ["-p", p, "--period", "2026-10", "--dir", folder.as_str(), "--detail"];
        for format in ["json", "csv", "markdown", "html"] {
            let text = String::from_utf8(render(format, &args)).unwrap();
            assert!(!text.contains("+00:00"), "{p} {format}: an instant in UTC");
            assert!(!text.contains(":00Z"), "{p} {format}: an instant in UTC");
        }
    }
    // TS-101, created Mon 5 Oct 09:00 Paris, in the JSON and the CSV.
    let args = ["-p", "talentsoft", "--period", "2026-10", "--dir", "fixtures/talentsoft"];
    let json = String::from_utf8(render("json", &args)).unwrap();
    assert!(json.contains("\"created_at\": \"2026-10-05T09:00:00+02:00\""));
    let csv = String::from_utf8(render("csv", &args)).unwrap();
    assert!(csv.contains("2026-10-05T09:00:00+02:00"));
}

/// The rows of a CSV as Python's csv module reads it, each a map from header to cell; `None`
/// when python3 is not on the machine.
fn python_rows(path: &std::path::Path, dialect: &str) -> Option<Vec<serde_json::Map<String, serde_json::Value>>> {
    const SCRIPT: &str = r#"
import csv, json, sys
path, dialect = sys.argv[1], sys.argv[2]
if dialect == "excel-fr":
    class ExcelFr(csv.excel):
        delimiter = ";"
    f = open(path, newline="", encoding="utf-8-sig")
    rows = list(csv.DictReader(f, dialect=ExcelFr))
else:
    f = open(path, newline="", encoding="utf-8")
    rows = list(csv.DictReader(f))
json.dump(rows, sys.stdout, ensure_ascii=False)
"#;
    let out = std::process::Command::new("python3").arg("-c").arg(SCRIPT).arg(path).arg(dialect).output().ok()?;
    assert!(out.status.success(), "python3: {}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    Some(rows.into_iter().map(|r| r.as_object().unwrap().clone()).collect())
}

#[test]
fn the_csv_opens_in_a_spreadsheet_with_its_dialect_and_its_figures_compare() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["-p", "talentsoft", "--period", "2026-10", "--dir", "fixtures/talentsoft"];
    let json: serde_json::Value = serde_json::from_slice(&render("json", &args)).unwrap();
    let mut rows = Vec::new();
    for dialect in ["standard", "excel-fr"] {
        let mut a = args.to_vec();
        a.extend(["--csv-dialect", dialect]);
        let bytes = render("csv", &a);
        // excel-fr: a UTF-8 byte order mark, `;`, CRLF; standard: none of them.
        assert_eq!(bytes.starts_with("\u{feff}".as_bytes()), dialect == "excel-fr", "{dialect}");
        let first_line =
            String::from_utf8_lossy(&bytes).lines().next().unwrap().trim_start_matches('\u{feff}').to_string();
        let sep = if dialect == "excel-fr" { ';' } else { ',' };
        let fixed: Vec<&str> = first_line.split(sep).take(4).collect();
        assert_eq!(
            fixed,
            ["commitment", "period", "verdict", "subject"],
            "{dialect}: the columns a reader filters on first"
        );
        assert_eq!(bytes.windows(2).any(|w| w == b"\r\n"), dialect == "excel-fr", "{dialect}: line ends");
        let path = dir.path().join(format!("{dialect}.csv"));
        std::fs::write(&path, &bytes).unwrap();
        let Some(r) = python_rows(&path, dialect) else {
            eprintln!("python3 not found: the CSV is not read back");
            return;
        };
        rows.push(r);
    }
    let (standard, fr) = (&rows[0], &rows[1]);
    assert_eq!(standard.len(), fr.len());
    let cell = |r: &serde_json::Map<String, serde_json::Value>, k: &str| r[k].as_str().unwrap().to_string();
    for (s, f) in standard.iter().zip(fr) {
        assert_eq!(s.keys().collect::<Vec<_>>(), f.keys().collect::<Vec<_>>());
        for (k, v) in s {
            let v = v.as_str().unwrap();
            // No cell holds JSON.
            assert!(!v.starts_with('[') && !v.starts_with('{'), "{k}: {v}");
            // The same cell, with a decimal comma in the figures for excel-fr.
            let w = cell(f, k);
            if v.parse::<f64>().is_ok() && v.contains('.') {
                assert_eq!(w, v.replace('.', ","), "{k}");
                assert_eq!(w.replace(',', ".").parse::<f64>().unwrap(), v.parse::<f64>().unwrap());
            } else {
                assert_eq!(w, v, "{k}");
            }
        }
        assert_eq!(cell(s, "period"), "2026-10");
    }
    // Every item of the JSON report is a row, with its verdict; the commitment rows too.
    let find = |c: &str, subject: &str| {
        fr.iter()
            .find(|r| cell(r, "commitment") == c && cell(r, "subject") == subject)
            .unwrap_or_else(|| panic!("{c} {subject}"))
    };
    for c in json["commitments"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        for item in c["items"].as_array().unwrap() {
            let row = find(id, item["subject"].as_str().unwrap());
            assert_eq!(cell(row, "verdict"), item["verdict"].as_str().unwrap());
            assert_eq!(cell(row, "commitment_verdict"), c["verdict"].as_str().unwrap());
        }
    }
    // Figures: 258,725 / 259,200 = 99.81674…% shown to 4 decimals with a decimal comma; the
    // average of paris, 229,685 / 700 = 328.12142… ms, to 3; counts as they are.
    let a = find("availability", "");
    assert_eq!(cell(a, "availability_pct"), "99,8167");
    assert_eq!(cell(a, "reference_minutes"), "259200");
    assert_eq!(
        json["commitments"].as_array().unwrap().iter().find(|c| c["id"] == "availability").unwrap()["measured"]
            ["availability_pct"],
        258_725.0 / 259_200.0 * 100.0
    );
    let paris = find("response-time.average", "2026-10/paris");
    assert_eq!(cell(paris, "avg_ms"), "328,121");
    assert_eq!(cell(paris, "count"), "700");
    // Lists are joined: the failed attempts of 12 October, in words.
    let day = find("backup.daily.frequency", "2026-10-12/talent-main");
    assert_eq!(
        cell(day, "unsuccessful"),
        "taken at 2026-10-12T01:00:00+02:00, status failed, line 116; taken at 2026-10-12T03:10:00+02:00, status failed, line 117"
    );
}

#[test]
fn the_markdown_is_ready_to_paste_and_lists_the_failing_items() {
    let args = ["-p", "talentsoft", "--period", "2026-10", "--dir", "fixtures/talentsoft"];
    let md = String::from_utf8(render("markdown", &args)).unwrap();
    // The period in words, the verdict with its counts, when and by what the report was made.
    assert!(md.contains("- Period: 1–31 October 2026 ("), "{md}");
    assert!(md.contains("- Verdict: **fail** — 12 fail, 5 pass"), "{md}");
    assert!(md.contains("- Report made on 3 December 2026 10:00 by livret "), "{md}");
    // No command-line hint, no JSON: the figures are a table, lists are joined in words.
    assert!(!md.contains("--detail") && !md.contains("lists them"), "a command-line hint");
    assert!(!md.contains("Measured: {") && !md.contains("\\\"") && !md.contains("[{"), "JSON in the Markdown");
    assert!(md.contains("| availability % | 99.8167 |"), "exact figures rounded for display");
    // Without --detail the failing and warned items are listed, the others counted.
    assert!(md.contains("2 of 6 items, failing or warned:"), "{md}");
    assert!(md.contains("| TS-102 | fail | 16 h 00 of 15 h 00 (resolved) |"), "{md}");
    assert!(md.contains("| TS-105 | fail | 17 h 30 of 15 h 00 (resolved) |"), "{md}");
    assert!(md.contains("The other items: 3 pass, 1 open."), "{md}");
    assert!(!md.contains("| TS-101 |"), "a passing ticket is counted, not listed");
    // With --detail every item is.
    let mut all = args.to_vec();
    all.push("--detail");
    let md = String::from_utf8(render("markdown", &all)).unwrap();
    assert!(md.contains("| TS-101 | pass |") && md.contains("6 items:"), "{md}");
    // Hours in sentences are rounded: 24 h 50 min is 24.83 h.
    assert!(md.contains("24.83 h without a successful backup (talent-docs)"), "{md}");
    assert!(!md.contains("24.833333"), "{md}");
}

/// `text` with the tool's version (`livret 0.1.0`) and every SHA-256 (a run of exactly 64
/// lowercase hex digits) redacted: neither is a figure of the audit.
fn redacted(text: &str) -> String {
    let text = text.replace(&format!("livret {}", env!("CARGO_PKG_VERSION")), "livret [version]");
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |out: &mut String, run: &mut String| {
        out.push_str(if run.len() == 64 { "[sha256]" } else { run.as_str() });
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() || ('a'..='f').contains(&c) {
            run.push(c);
        } else {
            flush(&mut out, &mut run);
            out.push(c);
        }
    }
    flush(&mut out, &mut run);
    out
}

/// Every format of the real Talentsoft audit of October 2026 (the README's first command),
/// with and without `--detail` where it changes the output (the JSON is snapshotted by
/// `fixture_audits`; `--detail` changes neither it, the CSV nor the JUnit), the table at 110
/// columns. Each is rendered twice and compared first.
#[test]
fn every_format_of_the_talentsoft_audit() {
    let talentsoft = ["-p", "talentsoft", "--period", "2026-10", "--dir", "fixtures/talentsoft"];
    for (format, detail) in [
        ("table", false),
        ("table", true),
        ("markdown", false),
        ("markdown", true),
        ("csv", false),
        ("html", false),
        ("html", true),
        ("junit", false),
    ] {
        let mut args = talentsoft.to_vec();
        if detail {
            args.push("--detail");
        }
        let render = || {
            let out = livret_at(NOW)
                .env_remove("NO_COLOR")
                .env("COLUMNS", "110")
                .args(["audit", "--format", format])
                .args(&args)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(1), "{format}: {}", String::from_utf8_lossy(&out.stderr));
            String::from_utf8(out.stdout).unwrap()
        };
        let text = render();
        assert_eq!(text, render(), "{format} detail={detail}: two runs differ");
        snapshot!(format!("talentsoft_{format}{}", if detail { "_detail" } else { "" }), redacted(&text));
    }
}
