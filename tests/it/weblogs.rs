//! Response times from web-server logs and New Relic exports (issue 16, item 3): the binary
//! on the fixtures of tests/data/weblogs, each average computed by hand.

use serde_json::Value;

use crate::helpers::{commitment, livret_at, notes, output, report_or_null, root, NOW};

const DATA: &str = "tests/data/weblogs";

/// Runs `livret audit` of October 2026 (Talentsoft) with `args`; (exit code, JSON, stderr).
fn audit(args: &[&str]) -> (i32, Value, String) {
    let (code, out, err) = output(
        livret_at(NOW).args(["audit", "--profile", "talentsoft", "--period", "2026-10", "--format", "json"]).args(args),
    );
    (code, report_or_null(&out), err)
}

/// The response-time items: (subject, avg_ms, count, verdict).
fn items(report: &Value) -> Vec<(String, f64, u64, String)> {
    commitment(report, "response-time.average")["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["subject"].as_str().unwrap().to_string(),
                i["avg_ms"].as_f64().unwrap(),
                i["count"].as_u64().unwrap(),
                i["verdict"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn path(name: &str) -> String {
    format!("{DATA}/{name}")
}

#[test]
fn a_w3c_log_with_two_fields_blocks() {
    // First block (15 fields): 250, 612, 38 ms; second block (6 fields): 1000 and 500 ms in
    // October, 700 ms at 2026-10-31 23:00 UTC = 00:00 on 1 November in Paris.
    // October: (250 + 612 + 38 + 1000 + 500) / 5 = 2400 / 5 = 480 ms > 400: fail.
    let log = path("iis/amsterdam.u_ex2610.log");
    let (code, report, stderr) = audit(&["--response-times", &log, "--datacenter", "{file}"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(items(&report), [("2026-10/amsterdam".to_string(), 480.0, 5, "fail".to_string())]);
    assert_eq!(report["inputs"][0]["rows"], 6);
    let notes = notes(&report);
    assert!(notes.iter().any(|n| n.contains("read as an IIS W3C extended log") && n.contains("detected")), "{notes:?}");
    assert!(
        notes.iter().any(|n| n.contains("1 requests of months outside the period (2026-11)")
            || n.contains("1 request of months outside the period (2026-11)")),
        "{notes:?}"
    );
}

#[test]
fn nginx_in_seconds_and_apache_in_microseconds_give_the_csv_figures() {
    // (120 + 380 + 1250 + 95 + 455) / 5 = 2300 / 5 = 460 ms in October (Paris months); the
    // 300 ms request at 00:30 on 1 November (Paris) is November's.
    let expected = [("2026-10/paris".to_string(), 460.0, 5, "fail".to_string())];
    let (code, csv, stderr) = audit(&["--response-times", &path("requests.csv")]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(items(&csv), expected);
    let nginx_log = path("nginx-access.log");
    let (code, nginx, stderr) = audit(&["--response-times", &nginx_log, "--datacenter", "paris"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(items(&nginx), expected);
    assert!(notes(&nginx).iter().any(|n| n.contains("nginx access log") && n.contains("seconds")));
    // Apache %D: a whole number, so the format (or the unit) is given.
    let apache_log = path("apache-access.log");
    for flags in [["--response-times-format", "apache"], ["--duration-unit", "us"]] {
        let mut args = vec!["--response-times", &apache_log, "--datacenter", "paris"];
        args.extend(flags);
        let (code, apache, stderr) = audit(&args);
        assert_eq!(code, 1, "{flags:?}: {stderr}");
        assert_eq!(items(&apache), expected, "{flags:?}");
        assert!(notes(&apache).iter().any(|n| n.contains("Apache access log") && n.contains("microseconds")));
    }
    // The percentiles too: the same histogram whatever the format.
    let item = |r: &Value, k: &str| r["commitments"][0]["items"][0][k].clone();
    for k in ["p50_ms", "p95_ms", "p99_ms"] {
        assert_eq!(item(&csv, k), item(&nginx, k), "{k}");
    }
    // Without either flag the unit of a whole number is not guessed.
    let (code, _, stderr) = audit(&["--response-times", &apache_log]);
    assert_eq!(code, 2);
    assert!(stderr.contains("apache-access.log:1") && stderr.contains("--duration-unit"), "{stderr}");
}

#[test]
fn a_new_relic_export() {
    // Durations in seconds. paris: 0.2505 + 0.3125 + 0.4 s = 963 ms / 3 = 321 ms (pass);
    // amsterdam: 0.5 + 0.4125 s = 912.5 ms / 2 = 456.25 ms (fail); the 9.9 s request of
    // 2 November is outside the period.
    let (code, report, stderr) = audit(&["--response-times", &path("newrelic-export.csv")]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        items(&report),
        [
            ("2026-10/amsterdam".to_string(), 456.25, 2, "fail".to_string()),
            ("2026-10/paris".to_string(), 321.0, 3, "pass".to_string()),
        ]
    );
    assert!(notes(&report).iter().any(|n| n.contains("New Relic query export")));
}

#[test]
fn an_unknown_nginx_format_is_refused_naming_the_line() {
    let log = path("nginx-main.log");
    let (code, _, stderr) = audit(&["--response-times", &log, "--response-times-format", "nginx"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(&format!("{log}:2")), "{stderr}");
    assert!(stderr.contains("line not in the access-log format understood"), "{stderr}");
    // What is understood, said in nginx's own terms.
    assert!(
        stderr.contains(
            "expected a line of nginx's combined format followed by $request_time: $remote_addr - $remote_user \
             [$time_local] \"$request\" $status"
        ),
        "{stderr}"
    );
}

#[test]
fn a_row_without_a_duration_is_an_error() {
    let log = path("iis/no-time-taken.log");
    let (code, _, stderr) = audit(&["--response-times", &log]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&format!("{log}:5: missing duration in column `time-taken` (column 6): value \"-\"")),
        "{stderr}"
    );
    let log = path("nginx-no-duration.log");
    let (code, _, stderr) = audit(&["--response-times", &log]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(&format!("{log}:2: missing duration")) && stderr.contains("never a zero"), "{stderr}");
    // Counted, not zeroed, with --skip-invalid (within --max-invalid): the mean is the other row's.
    let (code, report, stderr) =
        audit(&["--response-times", &log, "--skip-invalid", "--max-invalid", "1", "--datacenter", "paris"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(items(&report), [("2026-10/paris".to_string(), 120.0, 1, "pass".to_string())]);
    assert_eq!(report["inputs"][0]["skipped"], 1);
}

#[test]
fn the_reading_flags_need_a_response_time_input() {
    let (code, _, stderr) = audit(&["--downtime", "fixtures/talentsoft/downtime.csv", "--duration-unit", "us"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--duration-unit applies to the response-time input, and none is given"), "{stderr}");
}

#[test]
fn a_unit_the_format_fixes_is_refused() {
    let (code, _, stderr) = audit(&["--response-times", &path("iis/amsterdam.u_ex2610.log"), "--duration-unit", "s"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--duration-unit s does not apply to the w3c format"), "{stderr}");
}

mod mutated {
    //! The guard of the fuzz module (tests/it/fuzz.rs) on the web-log fixtures: whatever the bytes, no panic, an
    //! error names the file and a line, and the stopping read fails exactly when the listing
    //! read (`check`) found a problem.

    use livret::ingest::{response_times, OnInvalid, ReadOptions};
    use proptest::prelude::*;

    const FILES: &[&str] = &[
        "iis/amsterdam.u_ex2610.log",
        "nginx-access.log",
        "apache-access.log",
        "newrelic-export.csv",
        "nginx-main.log",
    ];

    fn mutate(bytes: &mut Vec<u8>, (kind, at, arg): (u8, usize, u8)) {
        if bytes.is_empty() {
            return;
        }
        let at = at % bytes.len();
        match kind % 5 {
            0 => bytes[at] ^= 1 << (arg % 8),
            1 => bytes.truncate(at),
            2 => {
                let end = (at + usize::from(arg % 40)).min(bytes.len());
                bytes.drain(at..end);
            }
            3 => bytes.insert(at, [b'"', b'-', b'\r', b'#', b' ', b'[', 0xe9][usize::from(arg % 7)]),
            _ => {
                let end = (at + usize::from(arg % 80)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(end..end, copy);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: std::env::var("LIVRET_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64), failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn mutated_web_logs_never_pass_in_silence(
            name in prop::sample::select(FILES),
            mutations in prop::collection::vec((any::<u8>(), any::<usize>(), any::<u8>()), 1..4),
        ) {
            let mut bytes = std::fs::read(crate::helpers::root().join(super::DATA).join(name)).unwrap();
            for m in mutations {
                mutate(&mut bytes, m);
            }
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(name.replace('/', "_"));
            std::fs::write(&path, &bytes).unwrap();
            let shown = path.display().to_string();
            // The readers' own error type, by value, as in the library (lib.rs says why).
            #[allow(clippy::result_large_err)]
            let read = |on_invalid| {
                let opts = ReadOptions { zone: chrono_tz::Europe::Paris, on_invalid, ..Default::default() };
                response_times::read(&path, &opts, chrono_tz::Europe::Paris)
            };
            let stopped = read(OnInvalid::Stop);
            if let Err(e) = &stopped {
                prop_assert_eq!(&e.file, &shown);
                prop_assert!(e.line > 0 || e.reason == "empty file", "no line: {}", e);
            }
            match read(OnInvalid::Collect) {
                Ok(rt) if rt.summary.skipped > 0 => prop_assert!(stopped.is_err()),
                Ok(_) => prop_assert!(stopped.is_ok(), "check found nothing, the audit read stopped: {:?}", stopped.err()),
                Err(_) => prop_assert!(stopped.is_err()),
            }
        }
    }
}

#[test]
fn rotated_compressed_w3c_logs_read_as_one_input() {
    // Issue 16's "done when": a month of rotated, compressed web-server logs in one command.
    // The same W3C log twice — once plain, once gzip-compressed — given as one quoted glob:
    // every request twice, so October is (2 × 2400) / 10 = 480 ms again, over 10 requests,
    // 12 rows, and the report lists both files.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read(root().join(path("iis/amsterdam.u_ex2610.log"))).unwrap();
    std::fs::write(dir.path().join("amsterdam.u_ex2610a.log"), &text).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, &text).unwrap();
    let gz = gz.finish().unwrap();
    std::fs::write(dir.path().join("amsterdam.u_ex2610b.log.gz"), &gz).unwrap();
    let glob = format!("{}/amsterdam.u_ex2610*", dir.path().display());
    let (code, report, stderr) = audit(&["--response-times", &glob, "--datacenter", "{file}"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(items(&report), [("2026-10/amsterdam".to_string(), 480.0, 10, "fail".to_string())]);
    assert_eq!(report["inputs"][0]["rows"], 12);
    let files = report["inputs"][0]["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    // Each file's SHA-256 is of its bytes as stored (what `sha256sum` says of the .gz).
    use sha2::Digest;
    let hex = |b: &[u8]| sha2::Sha256::digest(b).iter().map(|x| format!("{x:02x}")).collect::<String>();
    assert_eq!(files[0]["sha256"], hex(&text));
    assert_eq!(files[1]["sha256"], hex(&gz));
}
