//! `livret explain COMMITMENT [SUBJECT]`: the audit with the same flags, then how one
//! commitment's figure came out of the rows, as text, JSON or Markdown.

use std::process::ExitCode;

use anyhow::Result;

use super::{audit_parts, refuse_stdout_over_inputs, ticket_source, EXIT_ERROR, EXIT_PASS};
use crate::checks::Inputs;
use crate::cli::{AuditArgs, ExplainArgs, ExplainFormat};
use crate::ingest::inputs::InputKind;
use crate::options;
use crate::output::{stdout_width, write_stdout};

pub(crate) fn run(args: &ExplainArgs) -> Result<ExitCode> {
    refuse_stdout_over_inputs(&args.inputs, &args.profile)?;
    // The same audit as `livret audit` with these flags: the verdicts and figures are its own.
    let audit_args = AuditArgs {
        profile: args.profile.clone(),
        inputs: args.inputs.clone(),
        reading: args.reading.clone(),
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
    // A commitment asks for a ticket when its family reads tickets (the booklet's ids are its
    // own: `incident.resolution.p1` as well as `ticket.resolution.blocking`).
    let asks_ticket = args.commitment == "ticket"
        || options::profile(&args.profile).ok().is_some_and(|p| {
            p.commitment(&args.commitment).is_some_and(|c| {
                crate::checks::families::inputs(c).contains(&crate::ingest::inputs::InputKind::Tickets)
            })
        });
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
    let read = options::audit_read_options(&args.inputs, &args.reading, options::zone(&args.inputs, &ctx.profile)?)?;
    let paths = options::input_paths(&args.inputs)?;
    let source = ticket_source(&args.inputs, &read)?;
    let refusal = refused.as_ref().map(|err| format!("{err:#}").lines().next().unwrap_or_default().to_string());
    // A refusal of the ticket inputs (the history, one of its files, or the list: a ticket
    // without a severity, more rows skipped than --max-invalid) may be the explained ticket's
    // doing; one of another input is not.
    let tickets = paths.get(&InputKind::Tickets);
    let on_tickets = refused.as_ref().and_then(|err| err.downcast_ref::<crate::error::InputError>()).is_some_and(|e| {
        tickets.is_some_and(|t| t.label() == e.file || t.paths.iter().any(|p| p.display().to_string() == e.file))
            || source.list.as_ref().is_some_and(|l| l.path == e.file)
    });
    let sources = crate::explain::Sources {
        tickets: paths.get(&InputKind::Tickets).map(|path| crate::explain::ticket::Source {
            path,
            opts: &read,
            source: &source,
        }),
        audit_refusal: refusal.clone().filter(|_| on_tickets),
    };
    let mut e = crate::explain::explain(&ctx, &inputs, &findings, &sources, &args.commitment, args.subject.as_deref())?;
    if let Some(refusal) = &refusal {
        // Refused with them (no severity), the ticket is among the causes: the error says how.
        let what = if e.refused.is_some() {
            "this ticket among the causes (see the error); what applies below is computed alone, with its functions"
        } else {
            "the clocks below are computed alone, with its functions"
        };
        e.lines.push(format!("note: the audit refuses these inputs ({refusal}); {what}"));
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
            crate::error::visible_lines(&crate::explain::model::text(&e, stdout_width())).into_owned()
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
