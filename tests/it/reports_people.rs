//! Issue 14, "Reports a person reads and a script trusts": the terminal table that fits its
//! width (the terminal's, else `COLUMNS`, else 100) with ids never cut, failing commitments
//! first, not-audited ones folded and a last line with counts; `--detail[=failed|all]`;
//! `--color`; the cron and scripting manners (`--quiet` still names the failures on stderr,
//! `--output PATH` takes its format from the extension, `-` is stdout, `{period}`); help and
//! man page; "did you mean"; plurals. One test (at least) per observation of the issue.

use std::path::Path;

use assert_cmd::Command;

use crate::helpers::{self, on_a_terminal, snapshot, strip_ansi, NOW};
const TALENTSOFT: &str = "fixtures/talentsoft";

fn livret() -> Command {
    let mut cmd = helpers::livret_at(NOW);
    cmd.env_remove("NO_COLOR").env_remove("COLUMNS").env_remove("TERM");
    cmd
}

fn talentsoft() -> Vec<&'static str> {
    vec!["audit", "--profile", "talentsoft", "--period", "2026-10", "--dir", TALENTSOFT]
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// The talentsoft fixture audit's table, piped, with `COLUMNS` set to `columns`.
fn table_at(columns: Option<u16>, extra: &[&str]) -> String {
    let mut cmd = livret();
    cmd.args(talentsoft()).args(extra);
    if let Some(c) = columns {
        cmd.env("COLUMNS", c.to_string());
    }
    let r = run(&mut cmd);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    r.stdout
}

/// The commitment ids of the talentsoft profile (from the JSON report).
fn ids() -> Vec<String> {
    let r = run(livret().args(talentsoft()).args(["--format", "json"]));
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    json["commitments"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_string()).collect()
}

/// Every line of `text` is at most `width` columns (the fixture's text has no wide character),
/// and no id is cut across two lines (`ticket.reso` / `lution.minor`).
fn fits(text: &str, width: usize, ids: &[String]) {
    let lines: Vec<&str> = text.lines().collect();
    for line in &lines {
        assert!(line.chars().count() <= width, "wider than {width}: {line:?}\n{text}");
    }
    for pair in lines.windows(2) {
        let (a, b) = (pair[0].trim_end(), pair[1].trim_start());
        for id in ids {
            for cut in 1..id.len() {
                let (head, tail) = id.split_at(cut);
                assert!(
                    !(a.ends_with(head) && b.starts_with(tail) && !a.ends_with(id.as_str())),
                    "{id} cut after {head:?} at {width} columns:\n{a}\n{b}"
                );
            }
        }
    }
    for id in ids {
        assert!(text.contains(id.as_str()), "{id} missing at {width} columns");
    }
}

#[test]
fn the_table_fits_80_100_and_120_columns_and_never_cuts_an_id() {
    // Issue 14: at 80 columns the audit took 265 lines and ids broke mid-word
    // (`ticket.reso`/`lution.mino`/`r`); at 120 columns, 156 lines.
    let ids = ids();
    // Now 120, 102 and 93 lines, of which 25 to 35 are the notes.
    for (width, most) in [(80u16, 132), (100, 110), (120, 100)] {
        let text = table_at(Some(width), &[]);
        fits(&text, width.into(), &ids);
        assert!(text.lines().count() <= most, "{width}: {} lines", text.lines().count());
        snapshot!(format!("talentsoft_table_{width}"), text);
    }
}

#[test]
fn piped_the_table_takes_columns_else_100() {
    // Issue 14: piped or mailed by cron, lines were 553 columns wide and COLUMNS was ignored.
    let ids = ids();
    fits(&table_at(None, &[]), 100, &ids);
    fits(&table_at(Some(72), &["--detail=all"]), 72, &ids);
    // A COLUMNS that is no width is ignored, not an error.
    fits(&table_at(None, &[]), 100, &ids);
    let mut cmd = livret();
    cmd.args(talentsoft()).env("COLUMNS", "wide");
    fits(&run(&mut cmd).stdout, 100, &ids);
}

#[test]
fn failing_commitments_come_first_and_the_last_line_counts_verdicts() {
    let text = table_at(None, &[]);
    let rows: Vec<&str> =
        text.lines().filter(|l| ["fail ", "pass ", "warn ", "open "].iter().any(|v| l.starts_with(v))).collect();
    assert_eq!(rows.len(), 17, "one compact row per commitment: {text}");
    let last_fail = rows.iter().rposition(|r| r.starts_with("fail")).unwrap();
    let first_pass = rows.iter().position(|r| r.starts_with("pass")).unwrap();
    assert!(last_fail < first_pass, "{text}");
    // A row: verdict, id, the measured headline; the evidence and target under it.
    assert!(text.contains("fail  ticket.resolution.blocking  3 passed, 2 failed, 1 open\n"), "{text}");
    assert!(text.contains("\n      target: 15 business hours (000 §2.6.2)\n"), "{text}");
    // Issue 14: the last line was a bare `verdict: fail`.
    assert_eq!(text.lines().last(), Some("verdict: fail — 12 fail, 5 pass, 0 warn, 0 open"));
}

#[test]
fn not_audited_commitments_are_folded_into_one_paragraph() {
    let r = run(livret()
        .args(["audit", "--profile", "talentsoft", "--period", "2026-10", "--tickets"])
        .arg(Path::new(TALENTSOFT).join("tickets.csv")));
    assert_eq!(r.code, Some(1));
    assert!(!r.stdout.lines().any(|l| l.starts_with("not-audited")), "{}", r.stdout);
    assert_eq!(r.stdout.matches("not audited —").count(), 1, "{}", r.stdout);
    assert!(
        r.stdout.contains("not audited — no --downtime input given: availability, maintenance.window,"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.ends_with("verdict: fail — 4 fail, 0 pass, 0 warn, 0 open, 13 not audited\n"), "{}", r.stdout);
}

#[test]
fn bare_detail_lists_the_items_that_did_not_pass_and_all_lists_every_one() {
    let none = table_at(None, &[]);
    let failed = table_at(None, &["--detail"]);
    let failed_eq = table_at(None, &["--detail=failed"]);
    let all = table_at(None, &["--detail=all"]);
    assert_eq!(failed, failed_eq, "bare --detail means --detail=failed");
    // TS-105 failed the blocking commitment; TS-101 passed it.
    let item = |text: &str, s: &str| text.lines().any(|l| l.trim_start().starts_with(s));
    assert!(!item(&none, "fail  TS-105"));
    assert!(item(&failed, "fail  TS-105") && item(&all, "fail  TS-105"));
    assert!(!item(&failed, "pass  TS-101"), "{failed}");
    assert!(item(&all, "pass  TS-101"), "{all}");
    assert!(failed.contains("… and 3 pass not listed (--detail=all lists them)"), "{failed}");
    // A commitment met with no item to look at adds nothing under --detail.
    let block = |text: &str, head: &str| -> Vec<String> {
        let mut lines = text.lines().skip_while(|l| !l.starts_with(head));
        let first = lines.next().into_iter().map(str::to_string);
        first.chain(lines.take_while(|l| l.starts_with(' ')).map(str::to_string)).collect()
    };
    assert_eq!(block(&failed, "pass  purge.sftp-file"), block(&none, "pass  purge.sftp-file"));
    assert!(block(&all, "pass  purge.sftp-file").len() > block(&none, "pass  purge.sftp-file").len());
    assert!(all.lines().count() > failed.lines().count() && failed.lines().count() > none.lines().count());
    // A value other than failed or all is a usage error; `--detail all` (no `=`) is not the value.
    let r = run(livret().args(talentsoft()).arg("--detail=some"));
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("[possible values: failed, all]"), "{}", r.stderr);
}

#[test]
fn the_by_matrix_claims_waivers_and_notes_fit_the_width() {
    let ids = ids();
    let mut cmd = livret();
    cmd.args(["audit", "--profile", "talentsoft", "--period", "2026", "--by", "month", "--dir", TALENTSOFT])
        .args(["--claims", "tests/data/claims/talentsoft-october.csv"])
        .env("COLUMNS", "80");
    let r = run(&mut cmd);
    fits(&r.stdout, 80, &ids);
    assert!(r.stdout.contains("\nby month:\ncommitment "), "{}", r.stdout);
    // 13 columns (whole and 12 months) in evened blocks, each naming its columns.
    let headers: Vec<&str> = r.stdout.lines().filter(|l| l.starts_with("commitment ")).collect();
    assert!(headers.len() >= 2 && headers[0].contains("whole") && headers[0].contains("2026-01"), "{headers:?}");
    assert!(headers.last().unwrap().contains("2026-12"));

    let mut cmd = livret();
    cmd.args(talentsoft())
        .args(["--claims", "tests/data/claims/talentsoft-october.csv"])
        .args(["--waivers", "tests/data/waivers/october.toml", "--detail"])
        .env("COLUMNS", "80");
    let r = run(&mut cmd);
    fits(&r.stdout, 80, &ids);
    assert!(r.stdout.contains("vendor's claims against the evidence:"), "{}", r.stdout);
    assert!(r.stdout.lines().any(|l| l.trim_start().starts_with("waived")), "waived items listed: {}", r.stdout);
    assert!(r.stdout.contains("\nnote: "));
}

#[test]
fn color_auto_always_never_no_color_and_term_dumb() {
    let args = format!("audit --profile talentsoft --period 2026-10 --dir {TALENTSOFT}");
    assert!(on_a_terminal(100, &[], &args).contains("\u{1b}["), "auto colours a terminal");
    // Issue 14: TERM=dumb still got colour.
    assert!(!on_a_terminal(100, &[("TERM", "dumb")], &args).contains('\u{1b}'));
    assert!(!on_a_terminal(100, &[("NO_COLOR", "1")], &args).contains('\u{1b}'));
    assert!(!on_a_terminal(100, &[], &format!("{args} --color never")).contains('\u{1b}'));
    // The terminal's width wins over COLUMNS.
    let text = on_a_terminal(90, &[("COLUMNS", "200")], &format!("{args} --color never"));
    assert!(text.lines().all(|l| l.trim_end_matches('\r').chars().count() <= 90), "{text}");
    // In a pipe: never, unless --color always (which overrides NO_COLOR, as a flag should).
    let mut cmd = livret();
    assert!(!run(cmd.args(talentsoft())).stdout.contains('\u{1b}'));
    let mut cmd = livret();
    let r = run(cmd.args(talentsoft()).args(["--color", "always"]).env("NO_COLOR", "1"));
    assert!(r.stdout.contains("\u{1b}[1;31mfail\u{1b}[0m  ticket.resolution.blocking"), "{}", r.stdout);
    // Colour sequences take no width: the coloured table fits too.
    let mut cmd = livret();
    let r = run(cmd.args(talentsoft()).args(["--color", "always"]).env("COLUMNS", "80"));
    let plain = strip_ansi(&r.stdout);
    assert!(plain.lines().all(|l| l.chars().count() <= 80), "{plain}");
}

#[test]
fn quiet_still_names_the_failing_commitments_on_stderr() {
    // Issue 14: `--quiet` printed nothing on a failed audit, so cron sent no mail.
    let r = run(livret().args(talentsoft()).arg("--quiet"));
    assert_eq!(r.code, Some(1));
    assert!(r.stdout.is_empty());
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with(
            "livret: talentsoft 2026-10: verdict fail — failed: ticket.resolution.blocking, ticket.resolution.major,"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("purge.application-log\n"), "{}", r.stderr);
    // The same when --output FILE takes stdout, with the disputed claims named.
    let dir = tempfile::tempdir().unwrap();
    let r = run(livret()
        .args(talentsoft())
        .args(["--claims", "tests/data/claims/talentsoft-october.csv"])
        .arg("--output")
        .arg(dir.path().join("r.json")));
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("; disputed claims: availability availability_pct, ticket.resolution.blocking passed"),
        "{}",
        r.stderr
    );
    // A report on stdout says it there: nothing on stderr. A pass says nothing either.
    assert!(run(livret().args(talentsoft())).stderr.is_empty());
    let r = run(livret()
        .args(["audit", "-p", "kmb-labs", "--period", "2026-10", "--quiet"])
        .args(["--purges", "fixtures/kmb-labs/purges.csv"]));
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (Some(0), "", ""));
}

#[test]
fn a_plain_output_takes_its_format_from_the_extension() {
    // Issue 14: `--output x.json` wrote the text table into x.json.
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    let mut cmd = livret();
    cmd.args(talentsoft());
    for name in ["r.json", "r.csv", "r.md", "r.html", "r.xml", "r.txt"] {
        cmd.arg("--output").arg(p(name));
    }
    let r = run(&mut cmd);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let read = |n: &str| std::fs::read_to_string(p(n)).unwrap();
    assert_eq!(serde_json::from_str::<serde_json::Value>(&read("r.json")).unwrap()["verdict"], "fail");
    assert!(read("r.csv").lines().next().unwrap().contains("commitment"));
    assert!(read("r.md").starts_with("# livret audit"));
    assert!(read("r.html").starts_with("<!DOCTYPE html>"));
    assert!(read("r.xml").starts_with("<?xml"));
    let txt = read("r.txt");
    assert!(txt.starts_with("livret audit — ") && txt.ends_with("verdict: fail — 12 fail, 5 pass, 0 warn, 0 open\n"));
    assert!(txt.lines().all(|l| l.chars().count() <= 100) && !txt.contains('\u{1b}'), "files: no colour, 100 columns");
    // --format still decides when given.
    let r = run(livret().args(talentsoft()).args(["--format", "csv", "--output"]).arg(p("forced.json")));
    assert_eq!(r.code, Some(1));
    assert!(read("forced.json").lines().next().unwrap().contains("commitment"));
}

#[test]
fn a_dash_is_stdout_and_period_is_replaced_in_output_paths() {
    // Issue 14: `--output json:-` created a file named `-`.
    let dir = tempfile::tempdir().unwrap();
    let r = run(livret().current_dir(dir.path()).args(["audit", "-p", "talentsoft", "--period", "2026-10"]).args([
        "--dir",
        &std::fs::canonicalize(TALENTSOFT).unwrap().display().to_string(),
        "--output",
        "json:-",
        "--output",
        "md:report-{period}.md",
    ]));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["schema"], "livret.report/1");
    assert!(!dir.path().join("-").exists());
    assert!(
        dir.path().join("report-2026-10.md").is_file(),
        "{:?}",
        std::fs::read_dir(dir.path()).unwrap().collect::<Vec<_>>()
    );
    // A quarter and an explicit range.
    for (period, name) in [
        (&["--period", "2026-Q3"][..], "r-2026-Q3.json"),
        (&["--from", "2026-10-05", "--to", "2026-10-20"], "r-2026-10-05_2026-10-20.json"),
    ] {
        let r = run(livret()
            .args(["audit", "-p", "talentsoft", "--tickets"])
            .arg(std::fs::canonicalize("fixtures/talentsoft/tickets.csv").unwrap())
            .args(period)
            .arg("--output")
            .arg(dir.path().join("r-{period}.json")));
        assert!(r.code.is_some_and(|c| c != 2), "{}", r.stderr);
        assert!(dir.path().join(name).is_file(), "{name}");
    }
    // Stdout twice, or quiet and stdout, are usage errors.
    let r = run(livret().args(talentsoft()).args(["-o", "json:-", "-o", "csv:-"]));
    assert_eq!(r.code, Some(2));
    let r = run(livret().args(talentsoft()).args(["-o", "json:-", "--quiet"]));
    assert_eq!(r.code, Some(2));
}

#[test]
fn help_groups_the_flags_under_headings_with_examples() {
    // Issue 14: 31 flags in one flat list with no headings or examples.
    let r = run(livret().args(["audit", "--help"]));
    assert_eq!(r.code, Some(0));
    let mut at = 0;
    for heading in
        ["Profile and calendar:", "Input files:", "Reading the inputs:", "Period:", "Report:", "Judging:", "Examples:"]
    {
        let found = r.stdout.find(&format!("\n{heading}\n")).unwrap_or_else(|| panic!("{heading}: {}", r.stdout));
        assert!(found > at, "{heading} out of order");
        at = found;
    }
    assert!(r.stdout.contains("livret audit -p talentsoft --dir exports/ -o json:- | jq .verdict"));
    let short = run(livret().args(["audit", "-h"]));
    assert!(short.stdout.contains("Report:") && short.stdout.contains("Examples:"));
    let top = run(livret().arg("--help"));
    assert!(top.stdout.contains("Examples:\n  livret audit -p talentsoft"), "{}", top.stdout);
}

#[test]
fn check_and_explain_refuse_the_flags_they_would_ignore() {
    // Issue 14: `check` and `explain` accepted flags they ignore.
    let tickets = "fixtures/talentsoft/tickets.csv";
    for extra in [
        &["--calendar", "paris-support"][..],
        &["--holidays", "none"],
        &["--period", "2026-10"],
        &["--skip-invalid"],
        &["--probe-failures", "3"],
        &["--servers", "3"],
        &["--format", "json"],
    ] {
        let r = run(livret().args(["check", "-p", "talentsoft", "--tickets", tickets]).args(extra));
        assert_eq!(r.code, Some(2), "check {extra:?}");
        assert!(r.stderr.contains("unexpected argument"), "check {extra:?}: {}", r.stderr);
    }
    // `explain` runs the audit of any commitment: it takes every input and profile flag, and
    // refuses the report flags it would ignore.
    for extra in [&["--detail"][..], &["--output", "x.json"], &["--quiet"], &["--by", "month"]] {
        let r = run(livret()
            .args(["explain", "ticket", "TS-502", "-p", "talentsoft", "--period", "2026-10", "--tickets", tickets])
            .args(extra));
        assert_eq!(r.code, Some(2), "explain {extra:?}");
        assert!(r.stderr.contains("unexpected argument"), "explain {extra:?}: {}", r.stderr);
    }
    // Their own flags still work.
    let r = run(livret().args(["check", "-p", "talentsoft", "--tickets", tickets, "--delimiter", ";"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let r = run(livret()
        .args(["explain", "ticket", "TS-105", "-p", "talentsoft", "--period", "2026-10", "--dir", TALENTSOFT])
        .args(["--calendar", "paris-support", "--holidays", "fr", "--skip-invalid"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
}

#[test]
fn completions_offer_profiles_calendars_holiday_sets_and_formats() {
    // Issue 14: bash completion offered file names for --profile.
    let bash = run(livret().args(["completions", "bash"])).stdout;
    for words in [
        "harborline kmb-labs preventcare sprint-open sprint-private talentsoft",
        // The calendars and holiday sets of calendars/*.toml, in name order (`france` is
        // accepted as `fr`, not offered).
        "montreal-support paris-support sprint-prt",
        "fr fr-alsace-moselle none us-federal",
        "table json csv markdown junit html",
        "blocking major minor",
        "failed all",
        "auto always never",
    ] {
        assert!(bash.contains(&format!("-W \"{words}\"")), "{words}");
    }
    let zsh = run(livret().args(["completions", "zsh"])).stdout;
    assert!(zsh.contains(":ID:(harborline kmb-labs preventcare sprint-open sprint-private talentsoft)"));
    assert!(zsh.contains("--dir=[") && zsh.contains(":DIR:_files -/"), "--dir completes folders");
}

#[test]
fn the_man_page_has_exit_status_environment_files_and_examples() {
    // Issue 14: the man page had no EXIT STATUS, EXAMPLES, ENVIRONMENT or FILES.
    let man = run(livret().arg("man")).stdout;
    let mut at = 0;
    for section in [".SH \"EXIT STATUS\"", ".SH ENVIRONMENT", ".SH FILES", ".SH EXAMPLES"] {
        let found = man.find(section).unwrap_or_else(|| panic!("{section}"));
        assert!(found > at, "{section} out of order");
        at = found;
    }
    for needle in [
        "\\fB130, 143, 129\\fR",
        "\\fB3\\fR\nNo verdict",
        "\\fBLIVRET_NOW\\fR",
        "\\fBNO_COLOR\\fR",
        "\\fBCOLUMNS\\fR",
        "\\fBCI\\fR",
        "\\fBLIVRET_SKIP_BROWSER\\fR",
        "\\fBDIR/tickets.csv\\fR\n\\-\\-tickets: ticket_id*, timestamp*, status*",
        "livret audit \\-p talentsoft \\-\\-period 2026\\-10 \\-\\-dir exports/",
    ] {
        assert!(man.contains(needle), "{needle}");
    }
}

#[test]
fn unknown_names_get_a_did_you_mean() {
    // Issue 14: no "did you mean" for `--profile Talentsoft` or `--period 10/2026`.
    let tickets = "fixtures/talentsoft/tickets.csv";
    let audit = |extra: &[&str]| run(livret().args(["audit", "--period", "2026-10", "--tickets", tickets]).args(extra));
    for (extra, said) in [
        (&["--profile", "Talentsoft"][..], "unknown profile `Talentsoft`; did you mean `talentsoft`?"),
        (&["--profile", "talentsfot"], "unknown profile `talentsfot`; did you mean `talentsoft`?"),
        (&["-p", "talentsoft", "--calendar", "paris-suport"], "did you mean `paris-support`?"),
        (&["-p", "talentsoft", "--holidays", "FR"], "unknown holiday set `FR`; did you mean `fr`?"),
    ] {
        let r = audit(extra);
        assert_eq!(r.code, Some(2), "{extra:?}");
        assert!(r.stderr.contains(said), "{extra:?}: {}", r.stderr);
    }
    let r = run(livret().args(["audit", "-p", "talentsoft", "--tickets", tickets, "--period", "2026-10-01"]));
    assert!(r.stderr.contains("did you mean `--period 2026-10`, or `--from 2026-10-01 --to DATE`"), "{}", r.stderr);
    // A month with a slash, either way round, is the month.
    let json = |period: &str| {
        let r = run(livret().args([
            "audit",
            "-p",
            "talentsoft",
            "--tickets",
            tickets,
            "--format",
            "json",
            "--period",
            period,
        ]));
        assert_eq!(r.code, Some(1), "{period}: {}", r.stderr);
        serde_json::from_str::<serde_json::Value>(&r.stdout).unwrap()
    };
    let october = json("2026-10");
    assert_eq!(json("10/2026"), october);
    assert_eq!(json("2026/10"), october);
}

#[test]
fn counts_are_singular_or_plural_as_they_should_be() {
    // Issue 14: "1 rows", "row(s)", "over 1 requests".
    let text = table_at(None, &[]);
    assert!(text.contains("1 row of environments other than production (1 staging)"), "{text}");
    assert!(!text.contains("(s)") && !text.contains(" 1 rows") && !text.contains("(1 rows"), "{text}");
    assert!(text.contains("(1,402 rows,"), "grouped: {text}");
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("rt.csv");
    std::fs::write(&one, "timestamp,duration_ms,datacenter\n2026-10-05T10:00:00+02:00,120,paris\n").unwrap();
    let r = run(livret()
        .args(["audit", "-p", "talentsoft", "--period", "2026-10", "--detail=all", "--response-times"])
        .arg(&one));
    assert!(r.stdout.contains("average 120.0 ms over 1 request"), "{}", r.stdout);
    assert!(r.stdout.contains("(1 row, "), "{}", r.stdout);
    let r = run(livret().args(["check", "-p", "talentsoft", "--response-times"]).arg(&one));
    assert!(r.stdout.contains("(response_times): 1 row, 0 with problems"), "{}", r.stdout);
}
