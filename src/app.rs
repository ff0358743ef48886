//! The subcommands: each turns flags into settings, reads the inputs, evaluates, and hands
//! the result to a report format. Errors bubble up to `main`, which prints them and exits 2.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::{bail, Result};
use chrono::Utc;

use crate::checks::backups::BackupLog;
use crate::checks::clock::TicketSet;
use crate::checks::monitoring::MetricSet;
use crate::checks::purges::PurgeLog;
use crate::checks::{self, Inputs, Verdict};
use crate::cli::{AuditArgs, CheckArgs, Cli, Command, ExplainTicketArgs, ExplainWhat, ProfilesAction};
use crate::ingest::downtime::{self, DowntimeLog};
use crate::ingest::response_times;
use crate::ingest::tickets::{self, StatusMap};
use crate::ingest::{alerts, metrics, visits};
use crate::ingest::{backups, purges};
use crate::ingest::{InputSummary, OnInvalid, ReadOptions};
use crate::options;
use crate::output::{stdout_render_options, stream_stdout, terminal_width, write_stdout, Output};
use crate::profile::{self, InputKind};
use crate::report::{PeriodOut, ProfileRef, RenderOptions, Report, Tool, SCHEMA};

/// Exit code: every audited commitment passed.
pub const EXIT_PASS: u8 = 0;
/// Exit code: a commitment failed.
pub const EXIT_FAIL: u8 = 1;
/// Exit code: the audit could not run.
pub const EXIT_ERROR: u8 = 2;

/// Runs one command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Audit(args) => audit(&args),
        Command::Profiles { action: None } => list_profiles(),
        Command::Profiles { action: Some(ProfilesAction::Show { id, contract }) } => show_profile(id, contract),
        Command::Explain { what: ExplainWhat::Ticket(args) } => explain_ticket(&args),
        Command::Check(args) => check(&args),
        Command::Completions { shell } => completions(shell),
        Command::Man => {
            write_stdout(&crate::manpage::render()?)?;
            Ok(ExitCode::from(EXIT_PASS))
        }
    }
}

fn status_map(args: &crate::cli::InputArgs, opts: &ReadOptions) -> Result<StatusMap> {
    Ok(match &args.status_map {
        Some(p) => StatusMap::read(p, opts)?,
        None => StatusMap::default(),
    })
}

/// Reads the inputs and evaluates the profile: the report, before rendering.
pub fn build_report(args: &AuditArgs) -> Result<Report> {
    let profile = options::profile(&args.profile)?;
    let period = options::period(&args.period, profile.zone, Utc::now())?;
    let zone = options::zone(&args.inputs, &profile)?;
    let read = options::read_options(&args.inputs, zone, OnInvalid::Stop)?;
    let paths = options::input_paths(&args.inputs)?;
    if paths.is_empty() {
        bail!("no input given; expected --dir DIR or an input such as --tickets FILE");
    }
    let mut ctx = options::context(profile, &args.profile, period)?;
    ctx.availability_base = args.availability_base;
    let statuses = status_map(&args.inputs, &read)?;

    let mut inputs = Inputs::default();
    let mut summaries: Vec<InputSummary> = Vec::new();
    let mut notes = Vec::new();
    for (kind, path) in &paths {
        match kind {
            InputKind::Tickets => {
                let set = TicketSet::read(path, &read, &statuses, &ctx)?;
                if set.rows_after_as_of > 0 {
                    notes.push(format!(
                        "{}: {} rows dated after as-of ({}) were left out: the audit sees the tickets as they stood then",
                        set.summary.path,
                        set.rows_after_as_of,
                        ctx.period.as_of.with_timezone(&ctx.profile.zone).to_rfc3339()
                    ));
                }
                summaries.push(set.summary.clone());
                inputs.tickets = Some(set);
            }
            InputKind::Backups => {
                let log = BackupLog::read(path, &read, &ctx)?;
                summaries.push(log.summary.clone());
                inputs.backups = Some(log);
            }
            InputKind::Purges => {
                let log = PurgeLog::read(path, &read, &ctx)?;
                summaries.push(log.summary.clone());
                inputs.purges = Some(log);
            }
            InputKind::Downtime => {
                let log = DowntimeLog::read(path, &read)?;
                summaries.push(log.summary.clone());
                inputs.downtime = Some(log);
            }
            InputKind::Metrics => {
                let set = MetricSet::read(path, &read, &ctx.profile, ctx.period.as_of)?;
                summaries.extend(set.summary.clone());
                if set.after_as_of > 0 {
                    notes.push(format!(
                        "{}: {} samples dated after as-of were left out",
                        options::shown(path),
                        set.after_as_of
                    ));
                }
                if set.off_check_samples > 0 {
                    notes.push(format!(
                        "{}: {} free-space samples taken at another time than the daily check were not judged",
                        options::shown(path),
                        set.off_check_samples
                    ));
                }
                if set.other_disk_samples > 0 {
                    notes.push(format!(
                        "{}: {} free-space samples of disks other than C: and D: were not judged (003 art. 3.2 names C: and D:)",
                        options::shown(path),
                        set.other_disk_samples
                    ));
                }
                inputs.metrics = Some(set);
            }
            InputKind::Alerts => {
                let (mut alerts, summary) = alerts::read(path, &read)?;
                let before = alerts.len();
                alerts.retain(|a| a.at <= ctx.period.as_of);
                if alerts.len() < before {
                    notes.push(format!(
                        "{}: {} alerts dated after as-of were left out",
                        summary.path,
                        before - alerts.len()
                    ));
                }
                summaries.push(summary);
                inputs.alerts = Some(alerts);
            }
            InputKind::Visits => {
                let (list, summary) = visits::read(path, &read)?;
                summaries.push(summary);
                inputs.visits = Some(list);
            }
            InputKind::ResponseTimes => {
                let rt = response_times::read(path, &read, ctx.profile.zone)?;
                summaries.push(rt.summary.clone());
                inputs.response_times = Some(rt);
            }
        }
    }
    // What the readers noted of their files (header cells that look misspelt).
    notes.extend(summaries.iter().flat_map(|s| s.notes.iter().cloned()));
    // --skip-invalid has a bound (--max-invalid), and a file of which every row was skipped
    // is never evidence of compliance.
    if read.on_invalid == OnInvalid::Skip {
        if let Some(e) = summaries.iter().find_map(|s| crate::ingest::too_many_skipped(s, read.max_invalid)) {
            return Err(e.into());
        }
    }
    if args.profile.calendar.is_some() {
        notes.push(format!(
            "support SLAs counted in the `{}` calendar ({}) instead of the profile's `{}`",
            ctx.support.name, ctx.support.zone, ctx.profile.support_calendar
        ));
    }
    if let Some(path) = &args.profile.contract {
        let changed: Vec<&str> =
            ctx.profile.commitments.iter().filter(|c| c.overridden).map(|c| c.id.as_str()).collect();
        notes.push(format!(
            "contract {} (\"{}\") extends `{}`; overridden commitments: {}",
            options::shown(path),
            ctx.profile.name,
            ctx.profile.id,
            if changed.is_empty() { "none".to_string() } else { changed.join(", ") }
        ));
    }
    // An input that no commitment of the profile reads is said, not silently ignored.
    for kind in paths.keys() {
        if !ctx.profile.commitments.iter().any(|c| c.rule.inputs().contains(kind)) {
            notes.push(format!(
                "--{}: the {} profile has no commitment that reads this input; it was checked, not audited",
                kind.name().replace('_', "-"),
                ctx.profile.id
            ));
        }
    }
    let evaluation = checks::evaluate(&ctx, &inputs);
    notes.extend(evaluation.notes);
    notes.extend(ctx.profile.notes.iter().cloned());
    Ok(Report {
        schema: SCHEMA,
        tool: Tool::default(),
        profile: ProfileRef { id: ctx.profile.id.clone(), name: ctx.profile.name.clone() },
        period: PeriodOut::new(ctx.period.from, ctx.period.to, ctx.period.as_of, ctx.profile.zone),
        inputs: summaries,
        verdict: checks::overall(&evaluation.findings),
        commitments: evaluation.findings,
        notes,
    })
}

fn audit(args: &AuditArgs) -> Result<ExitCode> {
    // The outputs are checked and prepared first: a bad --output path, or one that names an input,
    // fails before any input is read.
    let plan = options::outputs(&args.output, args.format)?;
    options::refuse_outputs_over_inputs(&plan, &options::read_paths(&args.inputs, &args.profile)?)?;
    let mut files = Vec::with_capacity(plan.files.len());
    for f in &plan.files {
        files.push((f.format, Output::prepare(Some(&f.path))?));
    }
    let report = build_report(args)?;
    // Everything is rendered before anything is written: no half set of reports.
    let file_opts = RenderOptions { detail: args.detail, color: false, width: None };
    let mut rendered = Vec::with_capacity(files.len());
    for (format, out) in files {
        rendered.push((out, format.exporter().render(&report, &file_opts)?));
    }
    // A format that streams (JSON: it fails only on writing) goes to stdout as it is rendered,
    // after the files; the others are rendered whole first.
    let exporter = args.format.exporter();
    let stdout_opts = stdout_render_options(args.detail);
    let on_stdout = match plan.stdout && !args.quiet {
        false => None,
        true if exporter.streams() => Some(None),
        true => Some(Some(exporter.render(&report, &stdout_opts)?)),
    };
    for (out, bytes) in rendered {
        out.write(&bytes)?;
    }
    // A reader that stops early (`livret audit … | head`) ends the writing quietly; the exit
    // code is still the verdict's (SPEC §4): a cron job piping the report learns of a failure.
    let _completed = match on_stdout {
        None => true,
        Some(Some(bytes)) => write_stdout(&bytes)?,
        Some(None) => stream_stdout(|w| exporter.render_to(&report, &stdout_opts, w))?,
    };
    let code = match report.verdict {
        Verdict::Fail => EXIT_FAIL,
        Verdict::Warn if args.fail_on.as_deref() == Some("warn") => EXIT_FAIL,
        Verdict::NotAudited => {
            // Nothing could be audited with these inputs: not a pass (SPEC §4).
            eprintln!(
                "livret: error: no commitment of the {} profile could be audited with the inputs given",
                report.profile.id
            );
            EXIT_ERROR
        }
        _ => EXIT_PASS,
    };
    Ok(ExitCode::from(code))
}

fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "livret", &mut out);
    write_stdout(&out)?;
    Ok(ExitCode::from(EXIT_PASS))
}

fn list_profiles() -> Result<ExitCode> {
    let mut out = String::new();
    for id in profile::PROFILE_IDS {
        if let Some(p) = profile::builtin(id) {
            writeln!(out, "{:<16} {} ({} commitments)", p.id, p.name, p.commitments.len())?;
        }
    }
    write_stdout(out.as_bytes())?;
    Ok(ExitCode::from(EXIT_PASS))
}

fn show_profile(id: Option<String>, contract: Option<std::path::PathBuf>) -> Result<ExitCode> {
    let from_contract = contract.is_some();
    let args = crate::cli::ProfileArgs {
        profile: id,
        contract,
        calendar: None,
        holidays: None,
        holidays_file: None,
        default_severity: None,
        business_hours: None,
        support_start: None,
        servers: None,
    };
    let p = options::profile(&args)?;
    let mut out = String::new();
    writeln!(out, "{} — {}", p.id, p.name)?;
    if from_contract {
        let n = p.commitments.iter().filter(|c| c.overridden).count();
        writeln!(out, "contract extending `{}`: {n} commitments overridden (marked)", p.id)?;
    }
    let hours =
        p.support_hours.map(|(o, c)| format!(" ({}–{})", o.format("%H:%M"), c.format("%H:%M"))).unwrap_or_default();
    writeln!(out, "zone {}; support calendar {}{hours}", p.zone, p.support_calendar)?;
    for w in &p.maintenance_windows {
        writeln!(out, "maintenance window: {}", w.label)?;
    }
    let mut table = comfy_table::Table::new();
    table
        .load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .force_no_tty();
    if let Some(width) = terminal_width() {
        table.set_width(width);
    }
    table.set_header(["commitment", "clause", "target", "what the booklet promises", "inputs"]);
    for c in &p.commitments {
        let inputs: Vec<&str> = c.rule.inputs().iter().map(|k| k.name()).collect();
        let id = if c.overridden { format!("{} (overridden)", c.id) } else { c.id.clone() };
        table.add_row(vec![id, c.clause.clone(), c.rule.target_text(), c.text.clone(), inputs.join(", ")]);
    }
    writeln!(out, "{table}")?;
    // A contract's name or labels may hold control characters: shown escaped.
    write_stdout(crate::error::visible_lines(&out).as_bytes())?;
    Ok(ExitCode::from(EXIT_PASS))
}

fn explain_ticket(args: &ExplainTicketArgs) -> Result<ExitCode> {
    let profile = options::profile(&args.profile)?;
    let period = options::period(&args.period, profile.zone, Utc::now())?;
    let zone = options::zone(&args.inputs, &profile)?;
    let read = options::read_options(&args.inputs, zone, OnInvalid::Stop)?;
    let paths = options::input_paths(&args.inputs)?;
    let Some(path) = paths.get(&InputKind::Tickets) else {
        bail!("no ticket history given; expected --tickets FILE (or --dir with a tickets.csv)");
    };
    let ctx = options::context(profile, &args.profile, period)?;
    let statuses = status_map(&args.inputs, &read)?;
    let text = crate::explain::ticket(&args.id, path, &read, &statuses, &ctx)?;
    // Ticket ids and subjects come from the input: their control characters are shown escaped.
    write_stdout(crate::error::visible_lines(&text).as_bytes())?;
    Ok(ExitCode::from(EXIT_PASS))
}

fn check(args: &CheckArgs) -> Result<ExitCode> {
    let profile = match (&args.profile.profile, &args.profile.contract) {
        (Some(_), _) | (_, Some(_)) => options::profile(&args.profile)?,
        (None, None) => profile::builtin("talentsoft").ok_or_else(|| anyhow::anyhow!("built-in profile missing"))?,
    };
    let zone = options::zone(&args.inputs, &profile)?;
    let read = options::read_options(&args.inputs, zone, OnInvalid::Collect)?;
    let paths = options::input_paths(&args.inputs)?;
    if paths.is_empty() {
        bail!("no input given; expected --dir DIR or an input such as --tickets FILE");
    }
    let statuses = status_map(&args.inputs, &ReadOptions { on_invalid: OnInvalid::Stop, ..read.clone() })?;
    let mut out = String::new();
    let mut problems = 0;
    for (kind, path) in &paths {
        let summary = match kind {
            InputKind::Tickets => tickets::read(path, &read, &statuses, |_| {})?,
            InputKind::Backups => backups::read(path, &read, |_| {})?,
            InputKind::Purges => purges::read(path, &read, |_| {})?,
            InputKind::Downtime => downtime::read(path, &read, |_, _| {})?,
            InputKind::Metrics => metrics::read(path, &read, |_| {})?,
            InputKind::Alerts => alerts::read(path, &read)?.1,
            InputKind::Visits => visits::read(path, &read)?.1,
            InputKind::ResponseTimes => response_times::read(path, &read, profile.zone)?.summary,
        };
        problems += summary.skipped;
        writeln!(
            out,
            "{} ({}): {} rows, {} with problems, sha256 {}",
            summary.path,
            kind.name(),
            summary.rows,
            summary.skipped,
            summary.sha256
        )?;
        for note in &summary.notes {
            writeln!(out, "  note: {note}")?;
        }
        for (reason, n) in &summary.skipped_by_reason {
            writeln!(out, "  {n} × {reason}")?;
        }
        for p in &summary.problems {
            writeln!(out, "  {p}")?;
        }
        if summary.skipped as usize > summary.problems.len() {
            writeln!(out, "  … and {} more", summary.skipped as usize - summary.problems.len())?;
        }
    }
    // A closed pipe ends the listing quietly (`livret check … | head`); the exit code still
    // says whether any row had a problem.
    let _completed = write_stdout(out.as_bytes())?;
    Ok(ExitCode::from(if problems > 0 { EXIT_ERROR } else { EXIT_PASS }))
}
