//! The commands: each turns flags into settings, reads the inputs, evaluates, and hands the
//! result to a report format. One module per command; `build` reads the inputs and evaluates
//! the profile for `audit` and `explain`. Errors bubble up to [`main`], which prints them once
//! and exits 2.

use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Parser;

use crate::cli::{Cli, Command, InputArgs, ProfileArgs, ProfilesAction};
use crate::ingest::inputs::InputKind;
use crate::ingest::ticket_source::{TicketList, TicketSource};
use crate::ingest::tickets::StatusMap;
use crate::ingest::{OnInvalid, ReadOptions};
use crate::options;

mod audit;
mod build;
mod check;
mod completions;
mod explain;
mod man;
mod profiles;

pub use build::{audit_parts, build_report};

/// Exit code: every audited commitment passed.
pub const EXIT_PASS: u8 = 0;
/// Exit code: a commitment failed.
pub const EXIT_FAIL: u8 = 1;
/// Exit code: the audit could not run.
pub const EXIT_ERROR: u8 = 2;
/// Exit code: no verdict — no commitment passed, warned or failed (all `open`, `n/a` or
/// `not-audited`, with at least one that is not `not-audited`). The report is written.
pub const EXIT_NO_VERDICT: u8 = 3;

/// `livret`'s `main`: parses the command line, runs, prints any error once with its chain.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("livret: error: {e:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// Runs one command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Audit(args) => audit::run(&args),
        Command::Profiles { action: None } => profiles::list(),
        Command::Profiles { action: Some(ProfilesAction::Show { id, contract }) } => profiles::show(id, contract),
        Command::Profiles { action: Some(ProfilesAction::Export { id }) } => profiles::export(&id),
        Command::Profiles { action: Some(ProfilesAction::Families) } => profiles::families(),
        Command::Explain(args) => explain::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Completions { shell } => completions::run(shell),
        Command::Man => man::run(),
    }
}

/// How the ticket input is read: its format, its vocabulary (`--status-map`,
/// `--severity-map`) and its ticket table (`--ticket-list`).
pub fn ticket_source(args: &InputArgs, opts: &ReadOptions) -> Result<TicketSource> {
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
    // The list's rows follow --skip-invalid like the history's, with the same bounds: a header
    // alone, or more rows skipped than --max-invalid (all of them, whatever the bound), is
    // refused as for any input (`check` lists them instead).
    let list = match &args.ticket_list {
        Some(p) => Some(TicketList::read(p, opts, &vocab)?),
        None => None,
    };
    if let Some(l) = list.as_ref().filter(|_| opts.on_invalid != OnInvalid::Collect) {
        if l.summary.rows == 0 && !args.allow_empty {
            bail!(
                "{}: no data rows (a header only); expected at least one ticket of the ticket list, or --allow-empty",
                l.path
            );
        }
        if let Some(e) = crate::ingest::too_many_skipped(&l.summary, opts.max_invalid) {
            return Err(e.into());
        }
    }
    Ok(TicketSource { format: args.tickets_format, vocab, list })
}

/// Refuses to print over a file the command reads (standard output open on it: `1<>tickets.csv`).
fn refuse_stdout_over_inputs(inputs: &InputArgs, profile: &ProfileArgs) -> Result<()> {
    let plan = options::OutputPlan { files: Vec::new(), stdout: true, stdout_format: crate::report::Format::Table };
    options::refuse_outputs_over_inputs(&plan, &options::read_paths(inputs, profile)?, crate::output::stdout_file_id())
}
