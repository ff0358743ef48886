//! The man page, generated from the clap definitions (clap_mangen): the top-level page, then
//! one section per visible subcommand with its synopsis, description and options (one page
//! for the whole tool rather than a `livret-audit(1)` page per subcommand). The
//! checked-in `man/livret.1` is this output; regenerate it with
//! `cargo run -- man > man/livret.1` (a test fails when it is out of date). After the
//! subcommands come the sections clap does not make: EXIT STATUS, ENVIRONMENT, FILES (the
//! input files and their columns) and EXAMPLES.

use std::fmt::Write as _;

use clap::CommandFactory;
use clap_mangen::Man;

use crate::cli::Cli;
use crate::ingest::inputs::INPUTS;

/// Text as roff shows it: backslashes and hyphens escaped, no line taken for a request.
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    escaped
        .lines()
        .map(|l| if l.starts_with(['.', '\'']) { format!("\\&{l}") } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A `.TP` entry: a bold tag and its paragraph.
fn entry(out: &mut String, tag: &str, text: &str) {
    let _ = write!(out, ".TP\n\\fB{}\\fR\n{}\n", roff(tag), roff(text));
}

/// The exit codes (`src/cmd/mod.rs`, `src/interrupt.rs`).
const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Every audited commitment passed or warned (and at least one passed); check found no problem; other commands succeeded."),
    ("1", "At least one commitment failed (or warned, with --fail-on warn; or a claim was disputed, with --fail-on disputed). The report is written."),
    ("2", "The command could not run: a usage error, an unreadable or invalid input, an output that names an input, no commitment that could be audited with the inputs given; check found a problem."),
    ("3", "No verdict: no commitment passed or failed (all open, n/a, waived or not-audited), e.g. a period just begun or an empty export with --allow-empty. The report is written."),
    ("130, 143, 129", "Interrupted by SIGINT, SIGTERM or SIGHUP (128 + the signal) while writing report files; their temporary files are removed and no report is half replaced."),
];

/// The environment variables read.
const ENVIRONMENT: &[(&str, &str)] = &[
    ("LIVRET_NOW", "An RFC 3339 instant used as now (e.g. 2026-12-03T10:00:00+01:00): the default period and the as-of of a period not over. For reproducible runs and tests."),
    ("NO_COLOR", "Set and not empty: no colour with --color auto (https://no-color.org). --color always overrides it."),
    ("TERM", "dumb: no colour with --color auto."),
    ("COLUMNS", "The table's width when standard output is not a terminal (piped, in a cron mail) and for a table written with --output; 100 columns when unset. A terminal's own width comes first."),
    ("CI", "The test suite only: true makes the headless-Chromium check of the HTML report mandatory."),
    ("LIVRET_SKIP_BROWSER", "The test suite only: 1 skips the headless-Chromium check of the HTML report (not under CI=true)."),
    ("LIVRET_CHROMIUM", "The test suite only: the Chromium binary to render the HTML report with."),
];

/// EXIT STATUS, ENVIRONMENT, FILES and EXAMPLES.
fn extra_sections() -> String {
    let mut out = String::from(".SH \"EXIT STATUS\"\n");
    for (code, text) in EXIT_STATUS {
        entry(&mut out, code, text);
    }
    out.push_str(".SH ENVIRONMENT\n");
    for (name, text) in ENVIRONMENT {
        entry(&mut out, name, text);
    }
    out.push_str(".SH FILES\n");
    out.push_str(&roff(
        "CSV exports with a header row; the delimiter (, ; or tab) and a UTF-8 byte order mark are detected. \
         With --dir DIR, the files below are read (names compared without regard to case, - read as _); \
         columns marked * are required, the others optional. docs/inputs.md has every accepted spelling.",
    ));
    out.push('\n');
    for input in INPUTS {
        let cols: Vec<String> = input
            .columns
            .iter()
            .map(|c| if c.required { format!("{}*", c.name) } else { c.name.to_string() })
            .collect();
        entry(
            &mut out,
            &format!("DIR/{}", input.kind.dir_file()),
            &format!("{}: {}", input.kind.flag(), cols.join(", ")),
        );
    }
    entry(&mut out, "FILE.toml", "--contract: a contract extending a built-in profile (docs/decisions/contracts.md); --waivers: [[waiver]] tables.");
    entry(
        &mut out,
        ".livret-NAME-XXXXXX",
        "The temporary file an --output report is written to before it is renamed into place; removed when the run fails or is interrupted.",
    );
    out.push_str(".SH EXAMPLES\n.nf\n");
    let examples = [crate::cli::EXAMPLES, crate::cli::AUDIT_EXAMPLES];
    for (i, block) in examples.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for line in block.lines().skip(1) {
            out.push_str(&roff(line.trim_start()));
            out.push('\n');
        }
    }
    out.push_str(".fi\n");
    out
}

/// The whole man page, as roff.
pub fn render() -> std::io::Result<Vec<u8>> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut out = Vec::new();
    let top = Man::new(cmd.clone());
    top.render_title(&mut out)?;
    top.render_name_section(&mut out)?;
    top.render_synopsis_section(&mut out)?;
    top.render_description_section(&mut out)?;
    top.render_options_section(&mut out)?;
    let mut stack: Vec<clap::Command> = cmd.get_subcommands().cloned().collect();
    stack.reverse();
    while let Some(sub) = stack.pop() {
        if sub.is_hide_set() || sub.get_name() == "help" {
            continue;
        }
        let name = sub.get_bin_name().unwrap_or(sub.get_name()).to_string();
        let mut section = Vec::new();
        let man = Man::new(sub.clone());
        man.render_synopsis_section(&mut section)?;
        man.render_description_section(&mut section)?;
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            man.render_options_section(&mut section)?;
        }
        // Each subcommand is one `.SH` section of the page; its own sections become `.SS`.
        let section = String::from_utf8_lossy(&section).replace("\n.SH ", "\n.SS ");
        let section = section.strip_prefix(".SH ").map_or(section.clone(), |rest| format!(".SS {rest}"));
        out.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
        out.extend_from_slice(section.as_bytes());
        let children: Vec<clap::Command> = sub.get_subcommands().cloned().collect();
        stack.extend(children.into_iter().rev());
    }
    out.extend_from_slice(extra_sections().as_bytes());
    top.render_version_section(&mut out)?;
    Ok(out)
}
