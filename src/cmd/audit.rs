//! `livret audit`: the outputs prepared first, then the report built, rendered in every
//! format asked for, written all or none, and the verdict as the exit code.

use std::process::ExitCode;

use anyhow::{bail, Result};

use super::{build_report, EXIT_ERROR, EXIT_FAIL, EXIT_NO_VERDICT, EXIT_PASS};
use crate::checks::{self, Verdict};
use crate::cli::AuditArgs;
use crate::options;
use crate::output::{stdout_render_options, stream_stdout, write_stdout, Output};
use crate::report::Report;

pub(crate) fn run(args: &AuditArgs) -> Result<ExitCode> {
    // The outputs are checked and prepared first: a bad --output path, or one that names an input,
    // fails before any input is read.
    let values = match args.output.iter().any(|v| v.contains("{period}")) {
        false => args.output.clone(),
        true => {
            // Only the flags (and a contract file) are read: the period does not need the inputs.
            let zone = options::profile(&args.profile)?.zone;
            let period = options::period(&args.period, zone, options::now()?)?;
            options::expand_period(&args.output, &options::period_label(&period, zone))
        }
    };
    let plan = options::outputs(&values, args.format)?;
    if args.quiet && values.iter().any(|v| v == "-" || v.ends_with(":-")) {
        bail!(
            "--quiet prints nothing on standard output, and --output - asks for the report there; expected one of them"
        );
    }
    let stdout = if plan.stdout && !args.quiet { crate::output::stdout_file_id() } else { None };
    let mut read_paths = options::read_paths(&args.inputs, &args.profile)?;
    read_paths.extend(args.claims.iter().chain(args.waivers.iter()).cloned());
    options::refuse_outputs_over_inputs(&plan, &read_paths, stdout)?;
    let mut files = Vec::with_capacity(plan.files.len());
    for f in &plan.files {
        files.push((f.format, Output::prepare(Some(&f.path))?));
    }
    let report = build_report(args)?;
    // Everything is rendered before anything is written: no half set of reports.
    let file_opts = crate::output::file_render_options(args.detail);
    let mut rendered = Vec::with_capacity(files.len());
    for (format, out) in files {
        rendered.push((out, format.exporter_with(args.csv_dialect).render(&report, &file_opts)?));
    }
    // A format that streams (JSON: it fails only on writing) goes to stdout as it is rendered,
    // after the files; the others are rendered whole first.
    let exporter = plan.stdout_format.exporter_with(args.csv_dialect);
    let stdout_opts = stdout_render_options(args.detail, args.color);
    let on_stdout = match plan.stdout && !args.quiet {
        false => None,
        true if exporter.streams() => Some(None),
        true => Some(Some(exporter.render(&report, &stdout_opts)?)),
    };
    // Every file's temporary file is written before any is renamed: all of them or none.
    crate::output::write_all(rendered)?;
    // A reader that stops early (`livret audit … | head`) ends the writing quietly; the exit
    // code is still the verdict's (SPEC §4): a cron job piping the report learns of a failure.
    let _completed = match on_stdout {
        None => true,
        Some(Some(bytes)) => write_stdout(&bytes)?,
        Some(None) => stream_stdout(|w| exporter.render_to(&report, &stdout_opts, w))?,
    };
    // Nothing on stdout (--quiet, or --output FILE took it): a failure or a warning still
    // says one line on stderr, so that cron mails it.
    if !plan.stdout || args.quiet {
        if let Some(line) = failing_line(&report) {
            eprintln!("{line}");
        }
    }
    let code = match report.verdict {
        Verdict::Fail => EXIT_FAIL,
        _ if report.disputed() > 0 && args.fail_on.iter().any(|f| f == "disputed") => EXIT_FAIL,
        Verdict::Warn if args.fail_on.iter().any(|f| f == "warn") => EXIT_FAIL,
        Verdict::NotAudited => {
            // Nothing could be audited with these inputs: not a pass (SPEC §4).
            eprintln!(
                "livret: error: no commitment of the {} profile could be audited with the inputs given",
                report.profile.id
            );
            EXIT_ERROR
        }
        Verdict::Open | Verdict::NotApplicable | Verdict::Waived => {
            eprintln!(
                "livret: no verdict: no commitment passed or failed ({}); exit {EXIT_NO_VERDICT}",
                match report.verdict {
                    Verdict::Open => "the period is not over, or items are still open",
                    Verdict::Waived => "every breach found was waived, and nothing else was judged",
                    _ => "nothing to judge in the period",
                }
            );
            EXIT_NO_VERDICT
        }
        Verdict::Pass | Verdict::Warn => EXIT_PASS,
    };
    Ok(ExitCode::from(code))
}

/// One line naming what failed or warned, and the claims disputed: `livret: talentsoft
/// 2026-10: verdict fail — failed: a, b; warned: c`; `None` when nothing did.
pub fn failing_line(report: &Report) -> Option<String> {
    let ids = |v: Verdict| -> Vec<String> {
        report
            .commitments
            .iter()
            .filter(|f| f.verdict == v)
            .map(|f| crate::error::visible(&f.id).into_owned())
            .collect()
    };
    let mut parts = Vec::new();
    for (v, words) in [(Verdict::Fail, "failed"), (Verdict::Warn, "warned")] {
        let list = ids(v);
        if !list.is_empty() {
            parts.push(format!("{words}: {}", list.join(", ")));
        }
    }
    let disputed: Vec<String> = report
        .claims
        .iter()
        .filter(|c| c.status == checks::claims::ClaimStatus::Disputed)
        .map(|c| crate::error::visible(&format!("{} {}", c.commitment, crate::report::claim_figure(c))).into_owned())
        .collect();
    if !disputed.is_empty() {
        parts.push(format!("disputed claims: {}", disputed.join(", ")));
    }
    if parts.is_empty() {
        return None;
    }
    let period = &report.period;
    Some(format!(
        "livret: {} {}: verdict {} — {}",
        crate::error::visible(&report.profile.id),
        options::label_of_instants(&period.from, &period.to)
            .unwrap_or_else(|| format!("{} → {}", period.from, period.to)),
        report.verdict.name(),
        parts.join("; ")
    ))
}
