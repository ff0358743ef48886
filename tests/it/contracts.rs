//! Contract files (SPEC §1): overrides, marking, and whole-file validation.

use serde_json::Value;

use crate::helpers;

/// Runs `livret ARGS`: (stdout, stderr, exit code).
fn livret(args: &[&str]) -> (String, String, i32) {
    let (code, out, err) = helpers::run_untimed(args);
    (out, err, code)
}

#[test]
fn profiles_show_marks_the_raised_availability() {
    let (out, _, code) = livret(&["profiles", "show", "--contract", "fixtures/contracts/acme-talentsoft.toml"]);
    assert_eq!(code, 0);
    assert!(out.contains("ACME — Talentsoft contract 2025-114"));
    let line = out.lines().find(|l| l.contains("availability")).unwrap();
    assert!(line.contains("availability (overridden)") && line.contains("≥ 99.9 % over 6 months"), "{line}");
    // Nothing else is marked.
    assert_eq!(out.matches("(overridden)").count(), 1);
    let (plain, _, _) = livret(&["profiles", "show", "talentsoft"]);
    assert!(plain.contains("≥ 99.5 % over 6 months") && !plain.contains("(overridden)"));
}

#[test]
fn the_audit_reports_the_contract_target() {
    let tickets = "tests/data/contracts/tickets.csv";
    let (out, err, _) = livret(&[
        "audit",
        "--contract",
        "fixtures/contracts/acme-talentsoft.toml",
        "--tickets",
        tickets,
        "--period",
        "2026-10",
        "--format",
        "json",
    ]);
    let r: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    assert_eq!(r["profile"]["id"], "talentsoft");
    assert_eq!(r["profile"]["name"], "ACME — Talentsoft contract 2025-114");
    let a = r["commitments"].as_array().unwrap().iter().find(|c| c["id"] == "availability").unwrap();
    assert_eq!(a["target"], "≥ 99.9 % over 6 months");
    assert_eq!(a["overridden"], true);
    let b = r["commitments"].as_array().unwrap().iter().find(|c| c["id"] == "ticket.resolution.blocking").unwrap();
    assert!(b.get("overridden").is_none());
    assert!(r["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["text"].as_str().unwrap().contains("overridden commitments: availability")));
}

#[test]
fn every_problem_is_reported_at_once_with_exit_2() {
    let (_, err, code) = livret(&["profiles", "show", "--contract", "tests/data/contracts/invalid.toml"]);
    assert_eq!(code, 2);
    assert!(err.contains("(5 problems)"), "{err}");
    for expected in [
        "line 3: colour: unknown key",
        "line 6: availability.target_pct: 120 is out of range",
        "line 9: support.business_hours: invalid hours \"18:30-08:30\"",
        "line 14: maintenance.windows[0].end: invalid time \"25:00\"",
        "line 17: backup.daily_retention: invalid duration \"thirty days\"",
    ] {
        assert!(err.contains(expected), "missing `{expected}` in {err}");
    }
    // The audit refuses it the same way, before reading any input.
    let (_, err, code) =
        livret(&["audit", "--contract", "tests/data/contracts/invalid.toml", "--dir", "fixtures/sprint-open"]);
    assert_eq!(code, 2);
    assert!(err.contains("(5 problems)"));
}

#[test]
fn profile_and_contract_are_exclusive_and_one_is_required() {
    let (_, _, code) = livret(&[
        "audit",
        "--profile",
        "talentsoft",
        "--contract",
        "fixtures/contracts/acme-talentsoft.toml",
        "--dir",
        "fixtures/sprint-open",
    ]);
    assert_eq!(code, 2);
    let (_, err, code) = livret(&["audit", "--dir", "fixtures/sprint-open"]);
    assert_eq!(code, 2);
    assert!(err.contains("--contract"), "{err}");
}

#[test]
fn a_sprint_contract_changes_hours_start_and_share() {
    // tests/data/contracts/full.toml: Private (4 h), 80 %, support from 2026-06-01, 09:00–18:00.
    // Window 2026-06-01 → 2026-11-01. With 09:00–18:00 and 240 min: T-1018 (Mon 19 Oct
    // 09:00–18:00 = 540 + Tue 09:00–16:00 = 420 → 960) and T-1019 (Thu 11:00–18:00 = 420 +
    // Fri 540 = 960) missed; T-1020 (Fri 17:00–18:00 = 60) left out; the 8 others within:
    // 8 / 10 = 80 % ≥ 80 %: pass.
    let (out, err, _) = livret(&[
        "audit",
        "--contract",
        "tests/data/contracts/full.toml",
        "--dir",
        "fixtures/sprint-open",
        "--period",
        "2026-10",
        "--format",
        "json",
    ]);
    let r: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let c = r["commitments"].as_array().unwrap().iter().find(|c| c["id"] == "ticket.take-charge").unwrap();
    assert_eq!(c["target"], "≥ 80 % within 4 business hours");
    assert_eq!(c["measured"]["share_pct"], 80.0);
    assert_eq!(c["verdict"], "pass");
    assert_eq!(c["overridden"], true);
}

#[test]
fn a_contract_lowers_the_response_time_ceiling() {
    // fixtures/talentsoft/response_times.csv, October 2026: paris Σ 229,685 ms over 700
    // requests = 328.121 ms, amsterdam Σ 309,206 ms / 700 = 441.723 ms. With the booklet's
    // 400 ms only amsterdam fails; with a contract's 300 ms both do.
    let dir = tempfile::tempdir().unwrap();
    let contract = dir.path().join("c.toml");
    std::fs::write(&contract, "extends = \"talentsoft\"\n[response_time]\nmax_avg_ms = 300\n").unwrap();
    for (flag, value, target, failed) in
        [("--profile", "talentsoft".to_string(), 400.0, 1), ("--contract", contract.display().to_string(), 300.0, 2)]
    {
        let out = helpers::livret()
            .args(["audit", flag, &value, "--period", "2026-10", "--format", "json"])
            .args(["--response-times", "fixtures/talentsoft/response_times.csv"])
            .output()
            .unwrap();
        let r: Value = serde_json::from_slice(&out.stdout).unwrap();
        let c = r["commitments"].as_array().unwrap().iter().find(|c| c["id"] == "response-time.average").unwrap();
        assert_eq!(c["measured"]["target_ms"], target, "{flag}");
        assert_eq!(c["measured"]["failed"], failed, "{flag}");
        assert_eq!(c["measured"]["worst_avg_ms"], 309_206.0 / 700.0, "{flag}");
    }
}
