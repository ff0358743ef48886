//! Logs as they really come (issue 16): several files per input (repeated flags, globs,
//! `--dir` daily files), gzip and zstd files, Windows-1252 exports. "Now" is fixed with
//! `LIVRET_NOW`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::helpers::{gzip, livret, livret_at, report, root, run, s, NOW};

/// An audit's JSON report, and its exit code.
fn audit(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["audit", "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = run(&all);
    (code, report(&out, &format!("no report (exit {code}): {err}")))
}

/// The report without what depends on the input files' names and storage: the inputs, and
/// the paths that start notes.
fn without_inputs(mut r: Value) -> Value {
    r["inputs"] = Value::Null;
    if let Some(notes) = r["notes"].as_array_mut() {
        for n in notes {
            let text = n["text"].as_str().unwrap_or_default().to_string();
            if text.starts_with('/') || text.starts_with("fixtures/") {
                n["text"] = Value::String(text.split_once(": ").map_or(text.as_str(), |(_, rest)| rest).to_string());
            }
        }
    }
    r
}

fn zstd(bytes: &[u8]) -> Vec<u8> {
    zstd::encode_all(bytes, 3).unwrap()
}

/// The Talentsoft response-time fixture cut in three files of about as many rows, each with
/// the header; `bad` replaces a duration of the second file's third data row (line 4).
fn split_response_times(dir: &Path, names: [&str; 3], bad: Option<&str>) -> Vec<PathBuf> {
    let text = std::fs::read_to_string(root().join("fixtures/talentsoft/response_times.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let third = rows.len().div_ceil(3);
    let mut paths = Vec::new();
    for (i, part) in rows.chunks(third).enumerate() {
        let mut body = format!("{header}\n");
        for (j, row) in part.iter().enumerate() {
            match bad {
                Some(value) if i == 1 && j == 2 => {
                    let (start, _) = row.rsplit_once(',').unwrap();
                    body.push_str(&format!("{start},{value}\n"));
                }
                _ => body.push_str(&format!("{row}\n")),
            }
        }
        let path = dir.join(names[i]);
        let bytes = if names[i].ends_with(".gz") { gzip(body.as_bytes()) } else { body.into_bytes() };
        std::fs::write(&path, bytes).unwrap();
        paths.push(path);
    }
    paths
}

#[test]
fn a_glob_reads_every_file_as_one_input_and_names_the_file_of_a_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    let names = ["rt-2026-10-01.csv", "rt-2026-10-02.csv.gz", "rt-2026-10-03.csv"];
    let files = split_response_times(dir.path(), names, None);
    let pattern = format!("{}/rt-2026-10-*", s(dir.path()));
    let (code, whole) = audit(&[
        "-p",
        "talentsoft",
        "--period",
        "2026-10",
        "--response-times",
        "fixtures/talentsoft/response_times.csv",
    ]);
    let (code3, three) = audit(&["-p", "talentsoft", "--period", "2026-10", "--response-times", &pattern]);
    // The same figures as the one file.
    assert_eq!((code, code3), (1, 1));
    assert_eq!(without_inputs(three.clone()), without_inputs(whole));
    // One input, its files listed in name order with their rows, hash and span.
    let inputs = three["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 1);
    let input = &inputs[0];
    assert_eq!(input["path"], pattern.as_str());
    assert_eq!(input["rows"], 1402);
    let listed = input["files"].as_array().unwrap();
    assert_eq!(listed.len(), 3);
    let rows: Vec<u64> = listed.iter().map(|f| f["rows"].as_u64().unwrap()).collect();
    assert_eq!(rows, [468, 468, 466]);
    for (f, path) in listed.iter().zip(&files) {
        assert_eq!(f["path"], s(path));
        // The hash of the bytes as stored (the second file is gzip).
        let stored = std::fs::read(path).unwrap();
        assert_eq!(f["sha256"], hex(&stored));
    }
    assert_eq!(listed[0]["first"], "2026-10-01T00:00:00+02:00");
    assert!(listed[0]["last"].as_str().unwrap() < listed[1]["first"].as_str().unwrap());
    assert_eq!(input["first"], listed[0]["first"]);
    assert_eq!(input["last"], listed[2]["last"]);

    // A bad duration on line 4 of the second file (gzip): named there.
    let bad = tempfile::tempdir().unwrap();
    split_response_times(bad.path(), names, Some("fast"));
    let pattern = format!("{}/rt-2026-10-*", s(bad.path()));
    let (code, _, err) = run(&["audit", "-p", "talentsoft", "--period", "2026-10", "--response-times", &pattern]);
    assert_eq!(code, 2, "{err}");
    let second = bad.path().join(names[1]);
    assert!(
        err.contains(&format!("{}:4: invalid duration in column `duration_ms` (column 5): value \"fast\"", s(&second))),
        "{err}"
    );

    // The same files given by repeating the flag; a file given twice is refused; a pattern
    // that matches nothing is an error.
    let mut args = vec!["-p", "talentsoft", "--period", "2026-10"];
    for f in &files {
        args.extend(["--response-times", s(f)]);
    }
    let (_, repeated) = audit(&args);
    assert_eq!(repeated["inputs"][0]["files"].as_array().unwrap().len(), 3);
    assert_eq!(without_inputs(repeated), without_inputs(three));
    args.extend(["--response-times", s(&files[0])]);
    let mut all = vec!["audit"];
    all.extend(&args);
    let (code, _, err) = run(&all);
    assert_eq!(code, 2);
    assert!(err.contains("is given twice"), "{err}");
    let none = format!("{}/nothing-*.csv", s(dir.path()));
    let (code, _, err) = run(&["audit", "-p", "talentsoft", "--period", "2026-10", "--response-times", &none]);
    assert_eq!(code, 2);
    assert!(err.contains("no file matches the pattern"), "{err}");
}

fn hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn plain_gzip_and_zstd_files_give_the_same_report() {
    // Every kind of reader: tickets (ordered parallel read, with the second pass of rows out
    // of order: T-1016), backups, purges and downtime (sequential), response times (parallel).
    let cases: [(&str, &[(&str, &str)]); 2] = [
        (
            "sprint-open",
            &[
                ("--tickets", "tickets.csv"),
                ("--backups", "backups.csv"),
                ("--downtime", "downtime.csv"),
                ("--purges", "purges.csv"),
            ],
        ),
        ("talentsoft", &[("--response-times", "response_times.csv"), ("--tickets", "tickets.csv")]),
    ];
    for (profile, inputs) in cases {
        let dir = tempfile::tempdir().unwrap();
        let mut reports = Vec::new();
        for (storage, pack) in [("plain", None), ("gzip", Some(gzip as fn(&[u8]) -> Vec<u8>)), ("zstd", Some(zstd))] {
            let mut args = vec!["-p".to_string(), profile.to_string(), "--period".into(), "2026-10".into()];
            for (flag, name) in inputs {
                let original = root().join("fixtures").join(profile).join(name);
                let bytes = std::fs::read(&original).unwrap();
                // Named as plain CSV: the first bytes tell the storage, not the name.
                let path = dir.path().join(format!("{storage}-{name}"));
                std::fs::write(&path, pack.map_or(bytes.clone(), |p| p(&bytes))).unwrap();
                args.extend([flag.to_string(), s(&path).to_string()]);
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let (code, r) = audit(&args);
            for input in r["inputs"].as_array().unwrap() {
                let stored = std::fs::read(input["path"].as_str().unwrap()).unwrap();
                assert_eq!(input["sha256"], hex(&stored), "{profile} {storage}");
            }
            reports.push((code, r));
        }
        assert_eq!(reports[0].1["inputs"][0]["rows"], reports[1].1["inputs"][0]["rows"]);
        let (code, plain) = &reports[0];
        for (c, r) in &reports[1..] {
            assert_eq!(c, code, "{profile}");
            assert_eq!(without_inputs(r.clone()), without_inputs(plain.clone()), "{profile}");
        }
    }
}

#[test]
fn a_truncated_gzip_is_an_input_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let body = std::fs::read(root().join("fixtures/talentsoft/response_times.csv")).unwrap();
    let packed = gzip(&body);
    for (name, flag) in [("rt.csv.gz", "--response-times"), ("backups.csv.gz", "--backups")] {
        let source = if flag == "--backups" {
            gzip(&std::fs::read(root().join("fixtures/talentsoft/backups.csv")).unwrap())
        } else {
            packed.clone()
        };
        let path = dir.path().join(name);
        std::fs::write(&path, &source[..source.len() * 2 / 3]).unwrap();
        let (code, out, err) = run(&["audit", "-p", "talentsoft", "--period", "2026-10", flag, s(&path)]);
        assert_eq!(code, 2, "{out}{err}");
        assert!(err.contains(s(&path)), "{err}");
        assert!(err.contains("compressed file unreadable: gzip stream truncated or corrupt"), "{err}");
        assert!(err.contains("a complete gzip file"), "{err}");
    }
}

#[test]
fn windows_1252_is_read_with_encoding_and_refused_with_the_hint_without() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("fixtures/talentsoft/tickets.csv")).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let (bytes, _, lossy) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!lossy);
    let legacy = dir.path().join("tickets-1252.csv");
    std::fs::write(&legacy, &bytes).unwrap();
    let base = ["-p", "talentsoft", "--period", "2026-10", "--tickets"];
    let (code, _, err) = run(&[&["audit"][..], &base, &[s(&legacy)]].concat());
    assert_eq!(code, 2);
    // The header `Numéro;…` is the first line that is not UTF-8.
    let expected = format!(
        "{}:1: invalid UTF-8; the file looks like Windows-1252 (a French Excel export): value \"Numéro;Date;Statut;Gravité;Sujet\"",
        s(&legacy)
    );
    assert!(err.contains(&expected), "{err}");
    assert!(err.contains("give --encoding windows-1252"), "{err}");
    let (code, utf8) = audit(&[&base[..], &["fixtures/talentsoft/tickets.csv"]].concat());
    let (code_1252, read) = audit(&[&base[..], &[s(&legacy), "--encoding", "windows-1252"]].concat());
    assert_eq!(code_1252, code);
    assert_eq!(without_inputs(read.clone()), without_inputs(utf8));
    assert_eq!(read["inputs"][0]["sha256"], hex(&bytes));
    // Compressed and Windows-1252 at once.
    let packed = dir.path().join("tickets-1252.csv.zst");
    std::fs::write(&packed, zstd(&bytes)).unwrap();
    let (_, both) = audit(&[&base[..], &[s(&packed), "--encoding", "windows-1252"]].concat());
    assert_eq!(without_inputs(both), without_inputs(read));
    // A data row (not the header) in Windows-1252 in a UTF-8 file: named on its line, in the
    // parallel reader too.
    let mut mixed =
        "timestamp,datacenter,page,duration_ms\n2026-10-01T10:00:00+02:00,paris,/a,300\n".as_bytes().to_vec();
    mixed.extend_from_slice(b"2026-10-01T11:00:00+02:00,paris,/r\xe9sum\xe9,300\n");
    let path = dir.path().join("rt.csv");
    std::fs::write(&path, &mixed).unwrap();
    let (code, _, err) = run(&["audit", "-p", "talentsoft", "--period", "2026-10", "--response-times", s(&path)]);
    assert_eq!(code, 2);
    assert!(err.contains(&format!("{}:3: invalid UTF-8; the file looks like Windows-1252", s(&path))), "{err}");
    assert!(err.contains("/résumé"), "{err}");
}

#[test]
fn dir_reads_daily_and_compressed_files_of_each_input() {
    let dir = tempfile::tempdir().unwrap();
    let names =
        ["response_times-2026-10-01.csv.gz", "Response-Times-2026-10-02.csv", "response_times_2026_10_03.csv.zst"];
    let files = split_response_times(dir.path(), [names[0], names[1], "tmp.csv"], None);
    // The third as zstd, under its name.
    let third = std::fs::read(&files[2]).unwrap();
    std::fs::remove_file(&files[2]).unwrap();
    std::fs::write(dir.path().join(names[2]), zstd(&third)).unwrap();
    // A compressed input under its exact name, and a file that only looks like an input.
    let backups = std::fs::read(root().join("fixtures/talentsoft/backups.csv")).unwrap();
    std::fs::write(dir.path().join("backups.csv.gz"), gzip(&backups)).unwrap();
    std::fs::copy(root().join("fixtures/talentsoft/downtime.csv"), dir.path().join("downtime-log.csv")).unwrap();
    let (_, r) = audit(&["-p", "talentsoft", "--period", "2026-10", "--dir", s(dir.path())]);
    let inputs = r["inputs"].as_array().unwrap();
    let kinds: Vec<&str> = inputs.iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["backups", "response_times"]);
    assert_eq!(inputs[0]["rows"], 155);
    assert!(inputs[0].get("files").is_none(), "one file: no list");
    let rt = &inputs[1];
    assert_eq!(rt["rows"], 1402);
    assert_eq!(rt["path"], format!("{}*", s(&dir.path().join("response_times"))));
    let listed: Vec<&str> = rt["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    // In name order (byte order: upper case first).
    let expected: Vec<String> =
        [names[1], names[0], names[2]].iter().map(|n| s(&dir.path().join(n)).to_string()).collect();
    assert_eq!(listed, expected);
    let notes: Vec<&str> = r["notes"].as_array().unwrap().iter().map(|n| n["text"].as_str().unwrap()).collect();
    assert!(notes.iter().any(|n| n.contains("downtime-log.csv is not an input file")), "{notes:?}");
    // Two files under an input's exact name are still refused.
    std::fs::write(dir.path().join("backups.csv"), &backups).unwrap();
    let (code, _, err) = run(&["audit", "-p", "talentsoft", "--period", "2026-10", "--dir", s(dir.path())]);
    assert_eq!(code, 2);
    assert!(err.contains("both name the backups input"), "{err}");
}

#[test]
fn the_record_size_bound_holds_through_decompression() {
    // A 5,000-byte cell in a gzip file, read with a 1 KiB bound: refused on its line, by the
    // sequential reader (backups) and the parallel one (response times) alike.
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(5_000);
    let cases = [
        ("--backups", format!("taken_at,type,status,location\n2026-10-01 01:00,daily,ok,{long}\n")),
        (
            "--response-times",
            format!(
                "timestamp,page,duration_ms\n2026-10-01T10:00:00+02:00,/a,300\n2026-10-01T10:00:00+02:00,/{long},300\n"
            ),
        ),
    ];
    for (flag, body) in cases {
        let path = dir.path().join("big.csv.gz");
        std::fs::write(&path, gzip(body.as_bytes())).unwrap();
        let (code, _, err) =
            run(&["audit", "-p", "talentsoft", "--period", "2026-10", "--max-record-size", "1KiB", flag, s(&path)]);
        assert_eq!(code, 2, "{flag}: {err}");
        assert!(err.contains("record longer than 1024 bytes"), "{flag}: {err}");
        assert!(err.contains(s(&path)), "{flag}: {err}");
    }
}

#[test]
fn compressed_pipes_and_check_list_the_files() {
    // A gzip stream on standard input (a pipe: read once, sequentially).
    let body = std::fs::read(root().join("fixtures/talentsoft/response_times.csv")).unwrap();
    let out = livret_at(NOW)
        .args([
            "audit",
            "-p",
            "talentsoft",
            "--period",
            "2026-10",
            "--format",
            "json",
            "--response-times",
            "/dev/stdin",
        ])
        .write_stdin(gzip(&body))
        .output()
        .unwrap();
    let piped: Value = serde_json::from_slice(&out.stdout).unwrap();
    let (_, plain) = audit(&[
        "-p",
        "talentsoft",
        "--period",
        "2026-10",
        "--response-times",
        "fixtures/talentsoft/response_times.csv",
    ]);
    assert_eq!(piped["inputs"][0]["rows"], 1402);
    assert_eq!(without_inputs(piped), without_inputs(plain));
    // `check` lists each file of an input of several.
    let dir = tempfile::tempdir().unwrap();
    let files = split_response_times(dir.path(), ["a-1.csv", "a-2.csv.gz", "a-3.csv"], None);
    let pattern = format!("{}/a-*", s(dir.path()));
    let (code, out, err) = run(&["check", "-p", "talentsoft", "--response-times", &pattern]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&format!("{pattern} (response_times): 1402 rows, 0 with problems")), "{out}");
    let second = std::fs::read(&files[1]).unwrap();
    assert!(out.contains(&format!("  {}: 468 rows, 0 with problems, sha256 {}", s(&files[1]), hex(&second))), "{out}");
}

#[test]
fn a_ticket_history_in_two_files_is_one_history() {
    // The Sprint fixture cut in the middle of a ticket's rows, the second half gzip: the same
    // report as the one file, the out-of-order ticket (T-1016) read again across both files.
    let text = std::fs::read_to_string(root().join("fixtures/sprint-open/tickets.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let half = rows.len() / 2;
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("tickets-1.csv");
    let second = dir.path().join("tickets-2.csv.gz");
    std::fs::write(&first, format!("{header}\n{}\n", rows[..half].join("\n"))).unwrap();
    std::fs::write(&second, gzip(format!("{header}\n{}\n", rows[half..].join("\n")).as_bytes())).unwrap();
    let base = ["-p", "sprint-open", "--period", "2026-10", "--tickets"];
    let (code, one) = audit(&[&base[..], &["fixtures/sprint-open/tickets.csv"]].concat());
    let (code2, two) = audit(&[&base[..], &[s(&first), "--tickets", s(&second)]].concat());
    assert_eq!(code2, code);
    assert_eq!(two["inputs"][0]["rows"], one["inputs"][0]["rows"]);
    assert_eq!(two["inputs"][0]["files"].as_array().unwrap().len(), 2);
    let label = format!("{} … {} (2 files)", s(&first), s(&second));
    assert_eq!(two["inputs"][0]["path"], label.as_str());
    let notes = |r: &Value| -> Vec<String> {
        r["notes"].as_array().unwrap().iter().map(|n| n["text"].as_str().unwrap().replace(&label, "FILE")).collect()
    };
    let mut two_n = two.clone();
    two_n["notes"] = notes(&two).into();
    let mut one_n = one.clone();
    one_n["notes"] =
        notes(&one).iter().map(|n| n.replace("fixtures/sprint-open/tickets.csv", "FILE")).collect::<Vec<_>>().into();
    assert_eq!(without_inputs(two_n), without_inputs(one_n));
}

#[test]
fn check_reads_windows_1252_as_audit_does() {
    // Regression: `check` had its own copy of the input flags and no `--encoding`, so a
    // French Excel export that `audit --encoding windows-1252` reads could not be checked.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("backups.csv");
    std::fs::write(&f, b"taken_at;type;status\n01/10/2026 01:00;Quotidienne;Succ\xe8s\n").unwrap();
    let out = livret()
        .args(["check", "-p", "talentsoft", "--encoding", "windows-1252", "--backups", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
