//! The reports for people and for scripts, through the binary: instants in the profile's
//! zone in every format; the CSV for spreadsheets read back by Python's csv module; the
//! Markdown ready to paste.

use assert_cmd::Command;

const NOW: &str = "2026-12-03T10:00:00+01:00";

/// stdout of `livret audit ARGS --format FORMAT`.
fn render(format: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::cargo_bin("livret")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LIVRET_NOW", NOW)
        .env_remove("NO_COLOR")
        .args(["audit", "--format", format])
        .args(args)
        .output()
        .unwrap();
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
