//! The standing guard of issue 12 ("Never wrong in silence"): the bytes of the fixtures'
//! input files are mutated (bit flips, truncations, inserted quotes, CR/LF swaps, deleted
//! runs, long fields) and each mutated file is read by its reader and audited with its
//! folder by `livret::cmd::build_report`. Whatever the bytes:
//!
//! - nothing panics;
//! - an error names the file and a line (a whole-file error only for an empty file);
//! - the stopping read fails whenever the listing read (`check`) found a problem;
//! - a file every row of which is refused never passes: with `--skip-invalid` (and any
//!   `--max-invalid`) its audit is an error too.
//!
//! 64 cases by default (a few seconds); `LIVRET_FUZZ_CASES=5000 cargo test --test it fuzz::`
//! runs more.

use std::path::{Path, PathBuf};

use clap::Parser as _;
use livret::cli::{Cli, Command};
use livret::error::InputError;
use livret::ingest::ticket_source::{self, TicketSource, TicketsFormat};
use livret::ingest::tickets::StatusMap;
use livret::ingest::{
    alerts, backups, downtime, metrics, purges, response_times, tickets, visits, InputSummary, OnInvalid, ReadOptions,
};
use proptest::prelude::*;

/// Every input file of the fixtures, with the profile that audits its folder.
const FILES: &[(&str, &str, &str)] = &[
    ("talentsoft", "talentsoft", "tickets.csv"),
    ("talentsoft", "talentsoft", "downtime.csv"),
    ("talentsoft", "talentsoft", "backups.csv"),
    ("talentsoft", "talentsoft", "purges.csv"),
    ("talentsoft", "talentsoft", "response_times.csv"),
    ("kmb-labs", "kmb-labs", "tickets.csv"),
    ("kmb-labs", "kmb-labs", "downtime.csv"),
    ("kmb-labs", "kmb-labs", "backups.csv"),
    ("kmb-labs", "kmb-labs", "purges.csv"),
    ("sprint-open", "sprint-open", "tickets.csv"),
    ("sprint-open", "sprint-open", "downtime.csv"),
    ("sprint-open", "sprint-open", "backups.csv"),
    ("sprint-open", "sprint-open", "purges.csv"),
    ("preventcare", "preventcare", "metrics.csv"),
    ("preventcare", "preventcare", "alerts.csv"),
    ("preventcare", "preventcare", "visits.csv"),
];

/// One change to a file's bytes; positions are taken modulo the length.
#[derive(Debug, Clone)]
enum Mutation {
    FlipBit { at: usize, bit: u8 },
    Truncate { at: usize },
    InsertQuote { at: usize },
    SwapLineEnd { nth: usize },
    Delete { at: usize, len: usize },
    LongField { at: usize, len: usize, byte: u8 },
    Duplicate { at: usize, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::FlipBit { at, bit }),
        1 => any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        3 => any::<usize>().prop_map(|at| Mutation::InsertQuote { at }),
        3 => any::<usize>().prop_map(|nth| Mutation::SwapLineEnd { nth }),
        1 => (any::<usize>(), 1usize..200).prop_map(|(at, len)| Mutation::Delete { at, len }),
        1 => (any::<usize>(), prop_oneof![9 => 10usize..5_000, 1 => Just(1_100_000usize)],
              prop::sample::select(vec![b'x', b' ', b',', b';', b'"', 0u8, 0xff]))
            .prop_map(|(at, len, byte)| Mutation::LongField { at, len, byte }),
        1 => (any::<usize>(), 1usize..300).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let n = bytes.len().max(1);
    match *m {
        Mutation::FlipBit { at, bit } => {
            if let Some(b) = bytes.get_mut(at % n) {
                *b ^= 1 << bit;
            }
        }
        Mutation::Truncate { at } => bytes.truncate(at % n),
        Mutation::InsertQuote { at } => bytes.insert((at % n).min(bytes.len()), b'"'),
        Mutation::SwapLineEnd { nth } => {
            // The nth line end becomes another one: LF → CR, CR → LF, CRLF → LF CR.
            let ends: Vec<usize> =
                bytes.iter().enumerate().filter(|(_, c)| **c == b'\n' || **c == b'\r').map(|(i, _)| i).collect();
            if let Some(&i) = ends.get(nth % ends.len().max(1)) {
                bytes[i] = if bytes[i] == b'\n' { b'\r' } else { b'\n' };
            }
        }
        Mutation::Delete { at, len } => {
            let a = (at % n).min(bytes.len());
            let b = (a + len).min(bytes.len());
            bytes.drain(a..b);
        }
        Mutation::LongField { at, len, byte } => {
            let a = (at % n).min(bytes.len());
            bytes.splice(a..a, std::iter::repeat_n(byte, len));
        }
        Mutation::Duplicate { at, len } => {
            let a = (at % n).min(bytes.len());
            let b = (a + len).min(bytes.len());
            let copy = bytes[a..b].to_vec();
            bytes.splice(b..b, copy);
        }
    }
}

fn opts(on_invalid: OnInvalid) -> ReadOptions {
    ReadOptions { zone: chrono_tz::Europe::Paris, on_invalid, ..Default::default() }
}

/// The file read by the reader of its kind.
// The readers' own error type, by value, as in the library (lib.rs says why).
#[allow(clippy::result_large_err)]
fn read(name: &str, path: &Path, opts: &ReadOptions) -> Result<InputSummary, InputError> {
    match name {
        "tickets.csv" => tickets::read(path, opts, &StatusMap::default(), |_| {}),
        "downtime.csv" => downtime::read(path, opts, |_, _| {}),
        "backups.csv" => backups::read(path, opts, |_| {}),
        "purges.csv" => purges::read(path, opts, |_| {}),
        "response_times.csv" => response_times::read(path, opts, chrono_tz::Europe::Paris).map(|r| r.summary),
        "metrics.csv" => metrics::read(path, opts, |_| {}),
        "alerts.csv" => alerts::read(path, opts).map(|r| r.1),
        "visits.csv" => visits::read(path, opts).map(|r| r.1),
        other => panic!("no reader for {other}"),
    }
}

/// The report of an October 2026 audit of `dir` with `profile`, or its error's message.
fn audit(profile: &str, dir: &Path, extra: &[&str]) -> Result<(), String> {
    let mut args = vec!["livret", "audit", "--profile", profile, "--period", "2026-10", "--dir"];
    let d = dir.to_str().unwrap_or_default();
    args.push(d);
    args.extend_from_slice(extra);
    let Command::Audit(a) = Cli::try_parse_from(args).map_err(|e| e.to_string())?.command else {
        return Err("not an audit".into());
    };
    livret::cmd::build_report(&a).map(|_| ()).map_err(|e| format!("{e:#}"))
}

/// A copy of the fixture folder `dir` with `name` replaced by `bytes`.
fn mutated_folder(dir: &str, name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let src = crate::helpers::root().join("fixtures").join(dir);
    for entry in std::fs::read_dir(&src).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), tmp.path().join(entry.file_name())).unwrap();
    }
    let path = tmp.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (tmp, path)
}

fn cases() -> u32 {
    std::env::var("LIVRET_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_fixtures_never_pass_in_silence(
        file in prop::sample::select(FILES),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let (profile, dir, name) = file;
        let mut bytes = std::fs::read(crate::helpers::root().join("fixtures").join(dir).join(name)).unwrap();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        let (tmp, path) = mutated_folder(dir, name, &bytes);
        let shown = path.display().to_string();

        let stopped = read(name, &path, &opts(OnInvalid::Stop));
        if let Err(e) = &stopped {
            prop_assert_eq!(&e.file, &shown);
            prop_assert!(e.line > 0 || e.reason == "empty file", "no line: {}", e);
            prop_assert!(e.to_string().len() < 2_000, "a long message: {} bytes", e.to_string().len());
        }
        let listed = read(name, &path, &opts(OnInvalid::Collect));
        match &listed {
            Ok(s) if s.skipped > 0 => prop_assert!(stopped.is_err(), "check found {} problems, the audit read none", s.skipped),
            Ok(_) => prop_assert!(stopped.is_ok(), "check found nothing, the audit read stopped: {:?}", stopped),
            Err(_) => prop_assert!(stopped.is_err()),
        }

        // The audit of the folder fails when the file cannot be read, naming it.
        let audited = audit(profile, tmp.path(), &[]);
        if let Err(e) = &stopped {
            prop_assert!(audited.is_err(), "the read failed ({}) but the audit ran", e);
        }
        if let Err(msg) = &audited {
            prop_assert!(msg.contains(&shown) || msg.contains(tmp.path().to_str().unwrap_or_default()), "{}", msg);
        }
        // Every row refused: never evidence of compliance, whatever the bound.
        if let Ok(s) = &listed {
            if s.rows > 0 && s.skipped == s.rows {
                let skipped = audit(profile, tmp.path(), &["--skip-invalid", "--max-invalid", "100%"]);
                prop_assert!(skipped.is_err(), "all {} rows refused, yet the audit ran", s.rows);
            }
        }
    }
}

/// The field history of `fixtures/zendesk` read as the audit reads it (format told, UTC).
// The readers' own error type, by value, as in the library (lib.rs says why).
#[allow(clippy::result_large_err)]
fn read_field_history(path: &Path, on_invalid: OnInvalid) -> Result<InputSummary, InputError> {
    let opts = ReadOptions { zone: chrono_tz::UTC, on_invalid, ..Default::default() };
    let source = TicketSource { format: Some(TicketsFormat::FieldHistory), ..TicketSource::default() };
    ticket_source::read_event_batches_numbered(path, &opts, &source, None, |_, _| {}).map(|(s, _)| s)
}

/// The October 2026 Talentsoft audit of the field history at `path` (and the fixture's ticket
/// list): whether a commitment passed, or the error's message.
fn audit_field_history(path: &Path, list: &Path, extra: &[&str]) -> Result<bool, String> {
    let extra = [&["--tickets-format", "field-history"][..], extra].concat();
    let json = audit_tickets(path, list, &extra)?;
    let findings = json["commitments"].as_array().cloned().unwrap_or_default();
    Ok(findings.iter().any(|c| c["verdict"] == "pass"))
}

/// The October 2026 Talentsoft audit of the ticket history at `history` with the ticket list at
/// `list` (naive stamps read as UTC): its report as JSON, or the error's message.
fn audit_tickets(history: &Path, list: &Path, extra: &[&str]) -> Result<serde_json::Value, String> {
    let (h, l) = (history.to_str().unwrap_or_default(), list.to_str().unwrap_or_default());
    let mut args = vec!["livret", "audit", "--profile", "talentsoft", "--period", "2026-10", "--tickets", h];
    args.extend_from_slice(&["--ticket-list", l, "--timezone", "UTC"]);
    args.extend_from_slice(extra);
    let Command::Audit(a) = Cli::try_parse_from(args).map_err(|e| e.to_string())?.command else {
        return Err("not an audit".into());
    };
    let report = livret::cmd::build_report(&a).map_err(|e| format!("{e:#}"))?;
    serde_json::to_value(&report).map_err(|e| e.to_string())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    /// The same properties for a long-format field history (its rows pivoted: merged, carried
    /// over, duplicates dropped), whose reader the fixtures above do not reach.
    #[test]
    fn mutated_field_histories_never_pass_in_silence(mutations in prop::collection::vec(mutation(), 1..4)) {
        let fixtures = crate::helpers::root().join("fixtures/zendesk");
        let mut bytes = std::fs::read(fixtures.join("ticket_field_history.csv")).unwrap();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("ticket_field_history.csv");
        std::fs::write(&path, &bytes).unwrap();
        let list = fixtures.join("tickets.csv");
        let shown = path.display().to_string();

        let stopped = read_field_history(&path, OnInvalid::Stop);
        if let Err(e) = &stopped {
            prop_assert_eq!(&e.file, &shown);
            prop_assert!(e.line > 0 || e.reason == "empty file", "no line: {}", e);
            prop_assert!(e.to_string().len() < 2_000, "a long message: {} bytes", e.to_string().len());
        }
        let listed = read_field_history(&path, OnInvalid::Collect);
        match &listed {
            Ok(s) if s.skipped > 0 => prop_assert!(stopped.is_err(), "check found {} problems, the audit read none", s.skipped),
            Ok(_) => prop_assert!(stopped.is_ok(), "check found nothing, the audit read stopped: {:?}", stopped),
            Err(_) => prop_assert!(stopped.is_err()),
        }
        let audited = audit_field_history(&path, &list, &[]);
        if let Err(e) = &stopped {
            prop_assert!(audited.is_err(), "the read failed ({}) but the audit ran", e);
        }
        if let Err(msg) = &audited {
            prop_assert!(msg.contains(&shown) || msg.contains(list.to_str().unwrap_or_default()), "{}", msg);
        }
        // Every row with a problem: never a pass, whatever the bound. (A priority row whose
        // only problem is its value keeps its place with the value blanked, so the audit may
        // run; it has no status change to judge.)
        if let Ok(s) = &listed {
            if s.rows > 0 && s.skipped == s.rows {
                let skipped = audit_field_history(&path, &list, &["--skip-invalid", "--max-invalid", "100%"]);
                prop_assert!(skipped.is_err() || skipped == Ok(false), "all {} rows refused, yet a pass", s.rows);
            }
        }
    }
}

/// The October 2026 Talentsoft audit of the fixture's field history with the ticket list at
/// `list`: its report as JSON, or the error's message.
fn audit_with_list(list: &Path, extra: &[&str]) -> Result<serde_json::Value, String> {
    audit_tickets(&crate::helpers::root().join("fixtures/zendesk/ticket_field_history.csv"), list, extra)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    /// The ticket list (creations and priorities) under the same mutations: a list the audit
    /// refuses names its file and line; a list `check` finds fault with stops the audit; and
    /// with --skip-invalid, what was done of its faulty rows is said in a note (skipped, or a
    /// priority cell blanked) and the list is an input of the report with its skipped rows —
    /// never figures changed in silence.
    #[test]
    fn mutated_ticket_lists_never_change_figures_in_silence(mutations in prop::collection::vec(mutation(), 1..4)) {
        let fixtures = crate::helpers::root().join("fixtures/zendesk");
        let mut bytes = std::fs::read(fixtures.join("tickets.csv")).unwrap();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("tickets.csv");
        std::fs::write(&path, &bytes).unwrap();
        let shown = path.display().to_string();
        // The readers' own error type, by value, as in the library (lib.rs says why).
        #[allow(clippy::result_large_err)]
        let read = |on_invalid| {
            let opts = ReadOptions { zone: chrono_tz::UTC, on_invalid, ..Default::default() };
            ticket_source::TicketList::read(&path, &opts, &StatusMap::default())
        };
        let stopped = read(OnInvalid::Stop);
        if let Err(e) = &stopped {
            prop_assert_eq!(&e.file, &shown);
            prop_assert!(e.line > 0 || e.reason == "empty file", "no line: {}", e);
        }
        let listed = read(OnInvalid::Collect);
        if let Ok(l) = &listed {
            prop_assert_eq!(l.summary.skipped > 0, stopped.is_err(), "check and audit disagree on {}", shown);
        }
        let audited = audit_with_list(&path, &[]);
        if let Err(e) = &stopped {
            prop_assert!(audited.is_err(), "the list was refused ({}) but the audit ran", e);
        }
        let skipping = audit_with_list(&path, &["--skip-invalid", "--max-invalid", "100%"]);
        if let (Ok(l), Ok(r)) = (&listed, &skipping) {
            if l.summary.skipped > 0 {
                let input = r["inputs"].as_array().and_then(|i| i.iter().find(|i| i["kind"] == "ticket_list").cloned());
                // (A row whose only fault is its priority is kept, that cell blanked; the counts
                // of the two modes may then differ: a repeat of a blanked row is a duplicate.)
                let skipped = input.and_then(|i| i["skipped"].as_u64()).unwrap_or(0);
                let said = |what: &str| r["notes"].as_array().is_some_and(|n| {
                    n.iter().any(|n| n["text"].as_str().is_some_and(|t| t.starts_with(&format!("{shown}: ")) && t.contains(what)))
                });
                prop_assert!(skipped == 0 || said("skipped"), "{} list rows skipped in silence", skipped);
                prop_assert!(skipped > 0 || said("blanked"), "{} faulty list rows, none said", l.summary.skipped);
            }
        }
    }
}
