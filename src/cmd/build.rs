//! Reading the inputs and evaluating the profile: the report before it is rendered, and the
//! context and typed inputs it was made from (`explain` shows how figures came out of them).

use anyhow::{bail, Result};

use super::ticket_source;
use crate::checks::clock::TicketSet;
use crate::checks::{self, Inputs, Note, Verdict};
use crate::cli::AuditArgs;
use crate::ingest::alerts::{self, AlertLog};
use crate::ingest::backups::BackupLog;
use crate::ingest::cut::{self, AsOfCut};
use crate::ingest::downtime::DowntimeLog;
use crate::ingest::inputs::InputKind;
use crate::ingest::metrics::{self, MetricSet};
use crate::ingest::probes::ProbeLog;
use crate::ingest::purges::PurgeLog;
use crate::ingest::response_times;
use crate::ingest::ticket_source;
use crate::ingest::visits::VisitLog;
use crate::ingest::{InputSummary, OnInvalid};
use crate::options;
use crate::report::{PeriodOut, ProfileRef, Report, Tool, SCHEMA};

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
    let read = options::audit_read_options(&args.inputs, &args.reading, zone)?;
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
                let words = match set.format {
                    ticket_source::TicketsFormat::History => &cut::TICKET_ROWS,
                    ticket_source::TicketsFormat::FieldHistory => &cut::TICKET_CHANGES,
                };
                let after = AsOfCut { as_of: ctx.period.as_of, after: set.rows_after_as_of };
                notes.extend(Note::rows_after_as_of(&set.summary.path, &after, words, ctx.profile.zone));
                summaries.push(set.summary.clone());
                inputs.tickets = Some(set);
            }
            InputKind::Backups => {
                let log = BackupLog::read(path, &read, ctx.period.as_of)?;
                summaries.push(log.summary.clone());
                inputs.backups = Some(log);
            }
            InputKind::Purges => {
                let log = PurgeLog::read(path, &read, ctx.period.as_of)?;
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
                let label = path.label();
                notes.extend(Note::rows_after_as_of(&label, &set.cut, &metrics::CUT, ctx.profile.zone));
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
                let log = AlertLog::read(path, &read, ctx.period.as_of)?;
                notes.extend(Note::rows_after_as_of(&log.summary.path, &log.cut, &alerts::CUT, ctx.profile.zone));
                summaries.push(log.summary);
                inputs.alerts = Some(log.alerts);
            }
            InputKind::Visits => {
                let log = VisitLog::read(path, &read, ctx.profile.zone, ctx.period.as_of)?;
                summaries.push(log.summary.clone());
                inputs.visits = Some(log);
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
                let rules = crate::ingest::probes::ProbeRules {
                    min_failures: args.reading.probe_failures as usize,
                    max_gap: chrono::Duration::minutes(i64::from(args.reading.probe_max_gap)),
                };
                summaries.push(summary.clone());
                let window = checks::probes::window(&ctx);
                inputs.probes = Some(ProbeLog::new(list, rules, ctx.period.as_of, window, summary));
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
            // A field history of other fields only: no status change, like a header alone (a
            // listed ticket audited from its listed creation is one).
            let no_ticket = inputs.tickets.as_ref().is_some_and(|t| t.tickets.is_empty());
            if *kind == InputKind::Tickets
                && s.rows > s.skipped
                && s.span.is_none()
                && no_ticket
                && !args.inputs.allow_empty
            {
                bail!(
                    "{}: no status change in {} (a field history without status rows: other fields, or \
                     priorities only; `livret check` names the fields); expected status rows (field `status`, \
                     `state` or `statut`), or --allow-empty to audit it as an empty export",
                    s.path,
                    checks::plural(s.rows as usize, "row", "rows"),
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
        // A contract with an `id` of its own still extends its base; one without `extends` is
        // a booklet of its own.
        let base = match &ctx.profile.extends {
            Some(base) => format!("extends `{base}`"),
            None => format!("is a booklet of its own (`{}`)", ctx.profile.id),
        };
        notes.push(Note::new(
            "contract",
            format!(
                "contract {} (\"{}\") {base}; overridden commitments: {}",
                options::shown(path),
                ctx.profile.name,
                if changed.is_empty() { "none".to_string() } else { changed.join(", ") }
            ),
        ));
    }
    // An input that no commitment of the profile reads is said, not silently ignored.
    for kind in paths.keys() {
        // Probes are read by the availability commitment, in place of or beside the log.
        let reads = |c: &crate::profile::Commitment| match kind {
            InputKind::Probes => matches!(c.rule, crate::profile::Rule::Availability { .. }),
            _ => crate::checks::families::inputs(c).contains(kind),
        };
        if !ctx.profile.commitments.iter().any(reads) {
            notes.push(Note::new(
                "input-not-read",
                format!(
                    "{}: the {} profile has no commitment that reads this input; it was checked, not audited",
                    kind.flag(),
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
                && crate::checks::families::inputs(c).contains(kind)
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
    // The ticket list is evidence too (creations, priorities): listed after the inputs, with
    // its SHA-256, so that a rerun can tell which list gave the figures.
    if let Some((list, set)) = source.list.as_ref().zip(inputs.tickets.as_ref()) {
        let mut s = list.summary.clone();
        s.kind = "ticket_list".to_string();
        // Its tickets without a row nor a priority, left out (--skip-invalid): its rows skipped.
        let left_out = set.listed_without_severity;
        if left_out > 0 {
            s.skipped += left_out;
            *s.skipped_by_reason.entry("ticket without a row nor a priority".to_string()).or_default() += left_out;
            if let Some(e) = crate::ingest::too_many_skipped(&s, read.max_invalid) {
                return Err(e.into());
            }
        }
        s.show_span(ctx.profile.zone);
        summaries.push(s);
    }
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
