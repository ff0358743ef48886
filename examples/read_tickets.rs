//! The reading phase of a ticket audit alone, for `scripts/bench.sh`: reads and folds a ticket
//! history as `livret audit` does (`TicketSet::read`: parse, per-ticket clocks, standing,
//! creation order) and prints the number of tickets, without evaluating or writing a report.
//!
//! Usage: `cargo run --release --example read_tickets -- AUDIT-FLAGS` (the flags of `livret
//! audit`, e.g. `--profile talentsoft --period 2026-10 --tickets FILE`).

use clap::Parser;
use livret::cli::{Cli, Command};
use livret::ingest::inputs::InputKind;
use livret::ingest::OnInvalid;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = std::iter::once("livret".to_string()).chain(std::iter::once("audit".to_string()));
    let cli = Cli::parse_from(args.chain(std::env::args().skip(1)));
    let Command::Audit(args) = cli.command else { return Err("expected audit flags".into()) };
    let profile = livret::options::profile(&args.profile)?;
    let period = livret::options::period(&args.period, profile.zone, livret::options::now()?)?;
    let zone = livret::options::zone(&args.inputs, &profile)?;
    let read = livret::options::read_options(&args.inputs, zone, OnInvalid::Stop)?;
    let paths = livret::options::input_paths(&args.inputs)?;
    let path = paths.get(&InputKind::Tickets).ok_or("expected --tickets FILE")?;
    let ctx = livret::options::context(profile, &args.profile, period)?;
    let source = livret::cmd::ticket_source(&args.inputs, &read)?;
    let set = livret::checks::clock::TicketSet::read(path, &read, &source, &ctx)?;
    println!("{} tickets", set.tickets.len());
    Ok(())
}
