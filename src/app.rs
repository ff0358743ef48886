//! The subcommands: each turns flags into settings, reads the inputs, evaluates, and hands
//! the result to a report format. Errors bubble up to `main`, which prints them and exits 2.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::{bail, Result};

use crate::checks::backups::BackupLog;
use crate::checks::clock::TicketSet;
use crate::checks::monitoring::MetricSet;
use crate::checks::purges::PurgeLog;
use crate::checks::{self, Inputs, Note, Verdict};
use crate::cli::{AuditArgs, CheckArgs, Cli, Command, ExplainArgs, ExplainFormat, ProfilesAction};
use crate::ingest::downtime::{self, DowntimeLog};
use crate::ingest::response_times;
use crate::ingest::ticket_source::{self, TicketList, TicketSource};
use crate::ingest::tickets::StatusMap;
use crate::ingest::{alerts, metrics, visits};
use crate::ingest::{backups, purges};
use crate::ingest::{InputSummary, OnInvalid, ReadOptions};
use crate::options;
use crate::output::{stdout_render_options, stream_stdout, terminal_width, write_stdout, Output};
use crate::profile::{self, InputKind};
use crate::report::{PeriodOut, ProfileRef, Report, Tool, SCHEMA};

/// Exit code: every audited commitment passed.
pub const EXIT_PASS: u8 = 0;
/// Exit code: a commitment failed.
pub const EXIT_FAIL: u8 = 1;
/// Exit code: the audit could not run.
pub const EXIT_ERROR: u8 = 2;
/// Exit code: no verdict — no commitment passed, warned or failed (all `open`, `n/a` or
/// `not-audited`, with at least one that is not `not-audited`). The report is written.
pub const EXIT_NO_VERDICT: u8 = 3;

/// Runs one command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Audit(args) => audit(&args),
        Command::Profiles { action: None } => list_profiles(),
        Command::Profiles { action: Some(ProfilesAction::Show { id, contract }) } => show_profile(id, contract),
        Command::Explain(args) => explain(&args),
        Command::Check(args) => check(&args),
        Command::Completions { shell } => completions(shell),
        Command::Man => {
            write_stdout(&crate::manpage::render()?)?;
            Ok(ExitCode::from(EXIT_PASS))
        }
    }
}

/// How the ticket input is read: its format, its vocabulary (`--status-map`,
/// `--severity-map`) and its ticket table (`--ticket-list`).
pub fn ticket_source(args: &crate::cli::InputArgs, opts: &ReadOptions) -> Result<TicketSource> {
    let stop = ReadOptions { on_invalid: OnInvalid::Stop, ..opts.clone() };
    let mut vocab = match &args.status_map {
        Some(p) => StatusMap::read(p, &stop)?,
        None => StatusMap::default(),
    };
    if let Some(p) = &args.severity_map {
        vocab.read_severities(p, &stop)?;
    }
    // A ticket list only completes a history: alone, it would be read and silently unused.
    if args.ticket_list.is_some() && !options::input_paths(args)?.contains_key(&InputKind::Tickets) {
        bail!("--ticket-list gives creation times to a ticket history; expected --tickets FILE (or --dir with a tickets.csv) too");
    }
    // The list's rows follow --skip-invalid like the history's.
    let list = match &args.ticket_list {
        Some(p) => Some(TicketList::read(p, opts, &vocab)?),
        None => None,
    };
    Ok(TicketSource { format: args.tickets_format, vocab, list })
}

/// Reads the inputs and evaluates the profile: the report, before rendering. With `--by`,
/// each sub-period is also audited exactly as an audit of that sub-period alone would be —
/// by running that audit: the inputs are read once per sub-period (a year by month reads each
/// file 13 times), which keeps every figure identical to the monthly run's by construction.
/// The vendor's `--claims` are for the whole period and are judged there only.
pub fn build_report(args: &AuditArgs) -> Result<Report> {
    let mut report = build_for(args, None)?;
    if let Some(by) = args.by {
        let profile = options::profile(&args.profile)?;
        let whole = options::period(&args.period, profile.zone, options::now()?)?;
        let mut periods = Vec::new();
        for (label, sub) in options::sub_periods(&whole, by, profile.zone) {
            let sub_report = match sub {
                Some(sub) => Some(build_for(args, Some(sub))?),
                None => None,
            };
            periods.push(crate::report::SubPeriod::new(label, sub_report));
        }
        report.breakdown = Some(crate::report::Breakdown { by: by.name(), periods });
    }
    Ok(report)
}

/// The report of the period the flags give, or of `period` when given (a sub-period of
/// `--by`, with its own as-of).
fn build_for(args: &AuditArgs, period: Option<crate::checks::Period>) -> Result<Report> {
    audit_parts(args, period).map(|(report, _, _)| report)
}

/// The report, with the context and the typed inputs it was made from (`explain` shows how
/// the figures came out of them).
pub fn audit_parts(
    args: &AuditArgs,
    period: Option<crate::checks::Period>,
) -> Result<(Report, checks::Context, Inputs)> {
    let sub_period = period.is_some();
    let profile = options::profile(&args.profile)?;
    let period = match period {
        Some(p) => p,
        None => options::period(&args.period, profile.zone, options::now()?)?,
    };
    let zone = options::zone(&args.inputs, &profile)?;
    let read = options::read_options(&args.inputs, zone, OnInvalid::Stop)?;
    let paths = options::input_paths(&args.inputs)?;
    if paths.is_empty() {
        bail!("no input given; expected --dir DIR or an input such as --tickets FILE");
    }
    let mut ctx = options::context(profile, &args.profile, period)?;
    ctx.availability_base = args.availability_base;
    let source = ticket_source(&args.inputs, &read)?;

    let mut inputs = Inputs::default();
    let mut summaries: Vec<InputSummary> = Vec::new();
    let mut kinds: Vec<InputKind> = Vec::new();
    let mut notes: Vec<Note> = Note::all("unread-file", options::dir_notes(&args.inputs)?).collect();
    for (kind, path) in &paths {
        let before = summaries.len();
        match kind {
            InputKind::Tickets => {
                let set = TicketSet::read(path, &read, &source, &ctx)?;
                notes.extend(set.notes.iter().map(|n| Note::new("tickets", n.clone())));
                if set.rows_after_as_of > 0 {
                    let unit = match set.format {
                        ticket_source::TicketsFormat::History if set.rows_after_as_of == 1 => "row",
                        ticket_source::TicketsFormat::History => "rows",
                        ticket_source::TicketsFormat::FieldHistory => "changes (status or priority)",
                    };
                    notes.push(Note::new(
                        "rows-after-as-of",
                        format!(
                        "{}: {} {unit} dated after as-of ({}) left out: the audit sees the tickets as they stood then",
                        set.summary.path,
                        set.rows_after_as_of,
                        ctx.period.as_of.with_timezone(&ctx.profile.zone).to_rfc3339()
                    ),
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
                    notes.push(Note::new(
                        "rows-after-as-of",
                        format!(
                            "{}: {} dated after as-of left out",
                            path.label(),
                            checks::plural(set.after_as_of as usize, "sample", "samples")
                        ),
                    ));
                }
                if set.off_check_samples > 0 {
                    notes.push(Note::new(
                        "samples-not-judged",
                        format!(
                            "{}: {} free-space samples taken at another time than the daily check were not judged",
                            path.label(),
                            set.off_check_samples
                        ),
                    ));
                }
                if set.other_disk_samples > 0 {
                    notes.push(Note::new("samples-not-judged", format!(
                        "{}: {} free-space samples of disks other than C: and D: were not judged (003 art. 3.2 names C: and D:)",
                        path.label(),
                        set.other_disk_samples
                    )));
                }
                inputs.metrics = Some(set);
            }
            InputKind::Alerts => {
                let (mut alerts, mut summary) = alerts::read(path, &read)?;
                for a in &alerts {
                    summary.saw(a.at);
                }
                let before = alerts.len();
                alerts.retain(|a| a.at <= ctx.period.as_of);
                if alerts.len() < before {
                    notes.push(Note::new(
                        "rows-after-as-of",
                        format!(
                            "{}: {} dated after as-of left out",
                            summary.path,
                            checks::plural(before - alerts.len(), "alert", "alerts")
                        ),
                    ));
                }
                summaries.push(summary);
                inputs.alerts = Some(alerts);
            }
            InputKind::Visits => {
                let (list, mut summary) = visits::read(path, &read)?;
                for v in &list {
                    summary.saw(options::local_midnight(ctx.profile.zone, v.date));
                }
                summaries.push(summary);
                inputs.visits = Some(list);
            }
            InputKind::ResponseTimes => {
                let options = crate::ingest::weblogs::ResponseTimesOptions {
                    as_of: Some(ctx.period.as_of.timestamp()),
                    ..options::response_times_options(&args.inputs)?
                };
                let rt = response_times::read_as(path, &read, ctx.profile.zone, &options)?;
                summaries.push(rt.summary.clone());
                inputs.response_times = Some(rt);
            }
            InputKind::Probes => {
                let (list, mut summary) = crate::ingest::probes::read(path, &read)?;
                for p in &list {
                    summary.saw(p.at);
                }
                let rules = checks::probes::ProbeRules {
                    min_failures: args.inputs.probe_failures as usize,
                    max_gap: chrono::Duration::minutes(i64::from(args.inputs.probe_max_gap)),
                };
                summaries.push(summary.clone());
                inputs.probes = Some(checks::probes::ProbeLog::new(list, rules, &ctx, summary));
            }
        }
        for s in &summaries[before..] {
            kinds.push(*kind);
            // A header and no rows is no evidence of anything: refused unless asked for.
            if s.rows == 0 && !args.inputs.allow_empty {
                bail!(
                    "{}: no data rows (a header only); expected at least one row of {}, or --allow-empty to \
                     audit an empty export (its commitments then have nothing to judge)",
                    s.path,
                    kind.name()
                );
            }
            // Rows of other environments only: no production evidence, like a header alone.
            let production_only = matches!(kind, InputKind::Backups | InputKind::Downtime);
            if production_only && s.rows > s.skipped && s.span.is_none() && !args.inputs.allow_empty {
                bail!(
                    "{}: no production row ({} of other environments); expected at least one production row of {} \
                     (only production counts), or --allow-empty to audit it as an empty export",
                    s.path,
                    checks::plural(s.rows as usize, "row", "rows"),
                    kind.name()
                );
            }
        }
    }
    // Where each input's evidence begins and ends, against the part of the period audited.
    let ongoing =
        inputs.downtime.as_ref().is_some_and(|log| log.interruptions.iter().any(|i| i.ongoing_at(ctx.period.as_of)));
    let unresolved = inputs
        .tickets
        .as_ref()
        .is_some_and(|set| set.tickets.iter().any(|t| t.outcome.in_period && t.outcome.resolved_at.is_none()));
    for (kind, s) in kinds.iter().zip(summaries.iter_mut()) {
        let under_way = match kind {
            InputKind::Downtime => ongoing,
            InputKind::Tickets => unresolved,
            _ => false,
        };
        notes.extend(Note::all("coverage", checks::coverage::notes(*kind, s, &ctx, under_way)));
        if let Some(skipped) = crate::report::skipped_rows(s) {
            notes.push(Note::new("skipped-rows", format!("{}: {skipped} (--skip-invalid)", s.path)));
        }
        s.show_span(ctx.profile.zone);
    }
    // What the readers noted of their files (header cells that look misspelt).
    notes.extend(summaries.iter().flat_map(|s| s.notes.iter().map(|n| Note::new("reading", n.clone()))));
    // --skip-invalid has a bound (--max-invalid), and a file of which every row was skipped
    // is never evidence of compliance.
    if read.on_invalid == OnInvalid::Skip {
        if let Some(e) = summaries.iter().find_map(|s| crate::ingest::too_many_skipped(s, read.max_invalid)) {
            return Err(e.into());
        }
    }
    if !ctx.period.complete() {
        notes.insert(
            0,
            Note::new(
                "period-incomplete",
                format!(
                    "the period is not over at as-of ({}): audited as it stands; what is still to come may change \
                     an `open` verdict",
                    ctx.period.as_of.with_timezone(&ctx.profile.zone).to_rfc3339()
                ),
            ),
        );
    }
    if args.profile.calendar.is_some() {
        notes.push(Note::new(
            "calendar",
            format!(
                "support SLAs counted in the `{}` calendar ({}) instead of the profile's `{}`",
                ctx.support.name, ctx.support.zone, ctx.profile.support_calendar
            ),
        ));
    }
    if let Some(path) = &args.profile.contract {
        let changed: Vec<&str> =
            ctx.profile.commitments.iter().filter(|c| c.overridden).map(|c| c.id.as_str()).collect();
        notes.push(Note::new(
            "contract",
            format!(
                "contract {} (\"{}\") extends `{}`; overridden commitments: {}",
                options::shown(path),
                ctx.profile.name,
                ctx.profile.id,
                if changed.is_empty() { "none".to_string() } else { changed.join(", ") }
            ),
        ));
    }
    // An input that no commitment of the profile reads is said, not silently ignored.
    for kind in paths.keys() {
        // Probes are read by the availability commitment, in place of or beside the log.
        let reads = |c: &crate::profile::Commitment| match kind {
            InputKind::Probes => matches!(c.rule, crate::profile::Rule::Availability { .. }),
            _ => c.rule.inputs().contains(kind),
        };
        if !ctx.profile.commitments.iter().any(reads) {
            notes.push(Note::new(
                "input-not-read",
                format!(
                    "--{}: the {} profile has no commitment that reads this input; it was checked, not audited",
                    kind.name().replace('_', "-"),
                    ctx.profile.id
                ),
            ));
        }
    }
    let mut evaluation = checks::evaluate(&ctx, &inputs);
    if let Some(path) = &args.waivers {
        let ids: Vec<&str> = ctx.profile.commitments.iter().map(|c| c.id.as_str()).collect();
        let waivers = crate::ingest::waivers::read(path, &ids).map_err(|problems| {
            let n = problems.len();
            anyhow::anyhow!(
                "{}: invalid waivers file ({n} problem{})\n  {}",
                path.display(),
                if n == 1 { "" } else { "s" },
                problems.iter().map(|p| crate::error::visible(p)).collect::<Vec<_>>().join("\n  ")
            )
        })?;
        if args.no_waivers {
            notes.push(Note::new(
                "waivers-off",
                format!(
                    "{}: {} not applied (--no-waivers): the verdicts are the evidence's alone",
                    path.display(),
                    checks::plural(waivers.len(), "waiver", "waivers")
                ),
            ));
        } else {
            notes.extend(Note::all("waiver", checks::waivers::apply(&ctx, &waivers, &mut evaluation.findings)));
            // A verdict changed by a waiver in a period not over is still only a verdict so far.
            let findings = std::mem::take(&mut evaluation.findings);
            evaluation.findings = findings.into_iter().map(|f| checks::unfinished(&ctx, f)).collect();
        }
    }
    // The evidence of a finding judged on an input that stops early says so.
    let stopped: Vec<(InputKind, String)> = kinds
        .iter()
        .zip(&summaries)
        .filter_map(|(k, s)| {
            checks::coverage::stopped_at(*k, s, &ctx).map(|_| (*k, checks::coverage::stop_words(s, &ctx)))
        })
        .collect();
    for (c, f) in ctx.profile.commitments.iter().zip(evaluation.findings.iter_mut()) {
        for (kind, words) in &stopped {
            if f.verdict != Verdict::NotAudited
                && c.rule.inputs().contains(kind)
                && !f.evidence.contains("may have stopped")
            {
                f.evidence.push_str(&format!("; {words}"));
            }
        }
    }
    notes.extend(evaluation.notes);
    notes.extend(Note::all("profile", ctx.profile.notes.iter().cloned()));
    let probes = inputs.probes.as_ref().map(|p| {
        let from_log = ctx
            .profile
            .commitments
            .iter()
            .zip(&evaluation.findings)
            .find(|(c, _)| matches!(c.rule, crate::profile::Rule::Availability { .. }))
            .map(|(_, f)| f.verdict);
        let out = checks::probes::compare(&ctx, p, inputs.downtime.as_ref(), from_log);
        notes.extend(Note::all("probes", checks::probes::notes(&out)));
        out
    });
    let claims = match &args.claims {
        None => Vec::new(),
        Some(_) if sub_period => Vec::new(),
        Some(path) => {
            let (list, summary) = crate::ingest::claims::read(path, &read)?;
            checks::claims::judge(&summary.path, &list, &ctx.profile, &evaluation.findings)?
        }
    };
    let report = Report {
        schema: SCHEMA,
        tool: Tool::default(),
        profile: ProfileRef { id: ctx.profile.id.clone(), name: ctx.profile.name.clone() },
        period: PeriodOut::new(ctx.period.from, ctx.period.to, ctx.period.as_of, ctx.profile.zone),
        inputs: summaries,
        verdict: checks::overall(&evaluation.findings),
        commitments: evaluation.findings,
        notes,
        claims,
        breakdown: None,
        probes,
        generated_at: options::now().ok().map(|t| t.with_timezone(&ctx.profile.zone).to_rfc3339()),
    };
    Ok((report, ctx, inputs))
}

fn audit(args: &AuditArgs) -> Result<ExitCode> {
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
    let args = crate::cli::ProfileArgs { profile: id, contract, ..Default::default() };
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

/// Refuses to print over a file the command reads (standard output open on it: `1<>tickets.csv`).
fn refuse_stdout_over_inputs(inputs: &crate::cli::InputArgs, profile: &crate::cli::ProfileArgs) -> Result<()> {
    let plan = options::OutputPlan { files: Vec::new(), stdout: true, stdout_format: crate::report::Format::Table };
    options::refuse_outputs_over_inputs(&plan, &options::read_paths(inputs, profile)?, crate::output::stdout_file_id())
}

fn explain(args: &ExplainArgs) -> Result<ExitCode> {
    refuse_stdout_over_inputs(&args.inputs, &args.profile)?;
    // The same audit as `livret audit` with these flags: the verdicts and figures are its own.
    let audit_args = AuditArgs {
        profile: args.profile.clone(),
        inputs: args.inputs.clone(),
        period: args.period.clone(),
        format: Some(crate::report::Format::Json),
        output: Vec::new(),
        detail: None,
        color: crate::cli::ColorChoice::Never,
        csv_dialect: Default::default(),
        quiet: true,
        availability_base: args.availability_base,
        fail_on: Vec::new(),
        by: None,
        waivers: args.waivers.clone(),
        no_waivers: args.no_waivers,
        claims: None,
    };
    // A ticket is still explained when the audit refuses the inputs (another ticket without a
    // severity): its clocks alone, computed with the audit's functions, and a note saying so.
    let asks_ticket = args.commitment == "ticket" || args.commitment.starts_with("ticket.");
    let (findings, ctx, inputs, refused) = match audit_parts(&audit_args, None) {
        Ok((report, ctx, inputs)) => (report.commitments, ctx, inputs, None),
        Err(err) if asks_ticket && args.subject.is_some() => {
            let profile = options::profile(&args.profile)?;
            let period = options::period(&args.period, profile.zone, options::now()?)?;
            let mut ctx = options::context(profile, &args.profile, period)?;
            ctx.availability_base = args.availability_base;
            (Vec::new(), ctx, Inputs::default(), Some(err))
        }
        Err(err) => return Err(err),
    };
    let read = options::read_options(&args.inputs, options::zone(&args.inputs, &ctx.profile)?, OnInvalid::Stop)?;
    let paths = options::input_paths(&args.inputs)?;
    let source = ticket_source(&args.inputs, &read)?;
    let sources = crate::explain::Sources {
        tickets: paths.get(&InputKind::Tickets).map(|path| crate::explain::ticket::Source {
            path,
            opts: &read,
            source: &source,
        }),
    };
    let mut e = crate::explain::explain(&ctx, &inputs, &findings, &sources, &args.commitment, args.subject.as_deref())?;
    if let Some(err) = &refused {
        e.lines.push(format!(
            "note: the audit refuses these inputs ({}); the clocks below are computed alone, with its functions",
            format!("{err:#}").lines().next().unwrap_or_default()
        ));
    }
    let out = match args.format {
        ExplainFormat::Json => {
            let mut s = serde_json::to_string_pretty(&e)?;
            s.push('\n');
            s
        }
        // Ticket ids, subjects and descriptions come from the input: control characters are
        // shown escaped.
        ExplainFormat::Text => {
            crate::error::visible_lines(&crate::explain::model::text(&e, terminal_width())).into_owned()
        }
        ExplainFormat::Markdown => crate::error::visible_lines(&crate::explain::model::markdown(&e)).into_owned(),
    };
    write_stdout(out.as_bytes())?;
    // A ticket the audit would refuse (no severity) is explained, then refused, as the audit
    // would: exit 2.
    if let Some(why) = &e.refused {
        eprintln!("livret: error: {}", crate::error::visible(why));
        return Ok(ExitCode::from(EXIT_ERROR));
    }
    Ok(ExitCode::from(EXIT_PASS))
}

fn check(check_args: &CheckArgs) -> Result<ExitCode> {
    struct Args {
        profile: crate::cli::ProfileArgs,
        inputs: crate::cli::InputArgs,
    }
    let (profile, inputs) = check_args.resolved();
    let args = Args { profile, inputs };
    refuse_stdout_over_inputs(&args.inputs, &args.profile)?;
    // What the audit requires depends on the booklet (a severity where a resolution SLA
    // judges the ticket): no silent default profile.
    if args.profile.profile.is_none() && args.profile.contract.is_none() {
        bail!(
            "check needs the profile the inputs will be audited against; expected --profile with one of {}, or \
             --contract FILE.toml",
            profile::PROFILE_IDS.join(", ")
        );
    }
    let profile = options::profile(&args.profile)?;
    let default_severity = options::default_severity(&args.profile)?;
    let resolution_checked =
        profile.commitments.iter().any(|c| matches!(c.rule, crate::profile::Rule::Resolution { .. }));
    let zone = options::zone(&args.inputs, &profile)?;
    let read = options::read_options(&args.inputs, zone, OnInvalid::Collect)?;
    let paths = options::input_paths(&args.inputs)?;
    if paths.is_empty() {
        bail!("no input given; expected --dir DIR or an input such as --tickets FILE");
    }
    let source = ticket_source(&args.inputs, &read)?;
    let mut out = String::new();
    let mut problems = 0;
    for (kind, path) in &paths {
        let mut notes_after: Vec<String> = Vec::new();
        let summary = match kind {
            InputKind::Tickets => {
                // Per ticket: whether any row gives a severity (or leaves it out of the audit:
                // status `ignore`), and its first line.
                let mut seen: std::collections::HashMap<String, (bool, u64, chrono::DateTime<chrono::Utc>)> =
                    std::collections::HashMap::new();
                // A row earlier than its ticket's previous one: audit re-reads such tickets,
                // which only regular files allow.
                let mut back_in_time: Option<u64> = None;
                let (mut summary, stats) = ticket_source::read_events(path, &read, &source, None, |ev| {
                    let e = seen.entry(ev.ticket.to_string()).or_insert((false, ev.line, ev.at));
                    e.0 |= ev.severity.is_some() || ev.status == crate::ingest::tickets::Status::Ignored;
                    if ev.at < e.2 {
                        back_in_time.get_or_insert(ev.line);
                    }
                    e.2 = e.2.max(ev.at);
                })?;
                let rereadable = path.paths.iter().all(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file()));
                if let (Some(line), false) = (back_in_time, rereadable) {
                    summary.skipped += 1;
                    summary.problems.push(crate::error::InputError {
                        line,
                        ..crate::error::InputError::file(
                            &summary.path,
                            "rows out of time order in an input that cannot be read twice",
                            "a regular file (not a pipe), or rows sorted by time within each ticket",
                        )
                    });
                }
                let seen: std::collections::HashMap<String, (bool, u64)> =
                    seen.into_iter().map(|(k, (s, l, _))| (k, (s, l))).collect();
                notes_after = stats.notes(&summary.path, source.list.as_ref());
                if resolution_checked && default_severity.is_none() {
                    let mut missing: Vec<(u64, String)> =
                        seen.into_iter().filter(|(_, (sev, _))| !sev).map(|(id, (_, line))| (line, id)).collect();
                    missing.sort();
                    for (line, id) in missing {
                        summary.skipped += 1;
                        *summary.skipped_by_reason.entry("ticket without severity".to_string()).or_default() += 1;
                        if summary.problems.len() < crate::ingest::MAX_LISTED_PROBLEMS {
                            summary.problems.push(crate::error::InputError {
                                file: summary.path.clone(),
                                line,
                                column: Some(("severity".to_string(), 0)),
                                value: Some(String::new()),
                                reason: format!("ticket {id} has no severity on any row"),
                                expected: "a severity (blocking, major, minor) on at least one row, or \
                                           --default-severity"
                                    .to_string(),
                            });
                        }
                    }
                }
                summary
            }
            InputKind::Backups => backups::read(path, &read, |_| {})?,
            InputKind::Purges => purges::read(path, &read, |_| {})?,
            InputKind::Downtime => downtime::read(path, &read, |_, _| {})?,
            InputKind::Metrics => metrics::read(path, &read, |_| {})?,
            InputKind::Alerts => alerts::read(path, &read)?.1,
            InputKind::Visits => visits::read(path, &read)?.1,
            InputKind::Probes => crate::ingest::probes::read(path, &read)?.1,
            InputKind::ResponseTimes => {
                let rt = options::response_times_options(&args.inputs)?;
                response_times::read_as(path, &read, profile.zone, &rt)?.summary
            }
        };
        problems += summary.skipped;
        if summary.rows == 0 && !args.inputs.allow_empty {
            problems += 1;
            writeln!(out, "{}: no data rows (a header only); audit refuses it without --allow-empty", summary.path)?;
        }
        writeln!(
            out,
            "{} ({}): {}, {} with problems, sha256 {}",
            summary.path,
            kind.name(),
            checks::plural(summary.rows as usize, "row", "rows"),
            summary.skipped,
            summary.sha256
        )?;
        // An input of several files: each one, as `sha256sum` would list it.
        for f in &summary.files {
            writeln!(out, "  {}: {} rows, {} with problems, sha256 {}", f.path, f.rows, f.skipped, f.sha256)?;
        }
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
        for note in &notes_after {
            writeln!(out, "  note: {note}")?;
        }
    }
    // A closed pipe ends the listing quietly (`livret check … | head`); the exit code still
    // says whether any row had a problem.
    let _completed = write_stdout(out.as_bytes())?;
    Ok(ExitCode::from(if problems > 0 { EXIT_ERROR } else { EXIT_PASS }))
}
