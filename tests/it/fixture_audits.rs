//! The real audit of every fixture folder, as JSON snapshots (`tests/snapshots/
//! it__fixture_audits__*.snap`): the guard that a redesign keeps every figure, verdict, item
//! and note. Each audit is the one the README and the other tests run (October 2026, "now"
//! fixed at [`NOW`]), run twice and compared first, so a snapshot cannot pin an accident. The
//! tool's version and every SHA-256 are redacted: neither is a figure of the audit.

use serde_json::Value;

use crate::helpers::{report, run, snapshot};

/// What stands in for a redacted value.
const REDACTED: &str = "[redacted]";

/// `report` with `tool.version` and every SHA-256 (a `sha256` field, or any string of 64 hex
/// digits) replaced by [`REDACTED`].
fn redacted(mut report: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(m) => {
                for (k, x) in m.iter_mut() {
                    if k == "sha256" {
                        *x = Value::from(REDACTED);
                    } else {
                        walk(x);
                    }
                }
            }
            Value::Array(a) => a.iter_mut().for_each(walk),
            Value::String(s) if s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()) => {
                *v = Value::from(REDACTED);
            }
            _ => {}
        }
    }
    assert!(report["tool"]["version"].is_string(), "no tool.version in the report");
    report["tool"]["version"] = Value::from(REDACTED);
    walk(&mut report);
    report
}

/// `livret audit --format json ARGS` at [`NOW`], run twice: the exit code and the redacted
/// report, pretty-printed in the report's own key order.
fn audit(args: &[&str]) -> (i32, String) {
    let mut all = vec!["audit", "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = run(&all);
    let (again, out_again, _) = run(&all);
    assert_eq!((code, &out), (again, &out_again), "{args:?}: two runs differ");
    (code, serde_json::to_string_pretty(&redacted(report(&out, &err))).unwrap())
}

/// The audit of `fixtures/PROFILE` by its own profile, October 2026.
fn fixture(profile: &str) -> (i32, String) {
    audit(&["--profile", profile, "--period", "2026-10", "--dir", &format!("fixtures/{profile}")])
}

#[test]
fn talentsoft() {
    let (code, json) = fixture("talentsoft");
    assert_eq!(code, 1);
    snapshot!("talentsoft", json);
}

#[test]
fn harborline() {
    // The booklet that is not Cegid's (profiles/harborline.toml), on its own month: November.
    let (code, json) = audit(&["--profile", "harborline", "--period", "2026-11", "--dir", "fixtures/harborline"]);
    assert_eq!(code, 1);
    snapshot!("harborline", json);
}

#[test]
fn kmb_labs() {
    let (code, json) = fixture("kmb-labs");
    assert_eq!(code, 1);
    snapshot!("kmb_labs", json);
}

#[test]
fn sprint_open() {
    let (code, json) = fixture("sprint-open");
    assert_eq!(code, 1);
    snapshot!("sprint_open", json);
}

#[test]
fn preventcare() {
    let (code, json) = fixture("preventcare");
    assert_eq!(code, 1);
    snapshot!("preventcare", json);
}

/// The Zendesk field history with its ticket table, as tests/it/tickets_real.rs reads them
/// (Talentsoft profile, naive timestamps in UTC).
#[test]
fn zendesk() {
    let (code, json) = audit(&[
        "--profile",
        "talentsoft",
        "--period",
        "2026-10",
        "--tickets",
        "fixtures/zendesk/ticket_field_history.csv",
        "--ticket-list",
        "fixtures/zendesk/tickets.csv",
        "--timezone",
        "UTC",
    ]);
    assert_eq!(code, 0);
    snapshot!("zendesk", json);
}

/// The ACME contract (fixtures/contracts/) on the Talentsoft fixtures: October 2026, and the
/// third quarter of the README's tour.
#[test]
fn contracts_acme_talentsoft() {
    for (period, name) in [("2026-10", "contracts_acme_talentsoft"), ("2026-Q3", "contracts_acme_talentsoft_q3")] {
        let (code, json) = audit(&[
            "--contract",
            "fixtures/contracts/acme-talentsoft.toml",
            "--period",
            period,
            "--dir",
            "fixtures/talentsoft",
        ]);
        assert!(matches!(code, 0 | 1), "{period}: exit {code}");
        snapshot!(name, json);
    }
}
