//! `livret`: parse the command line, run, print any error once with its chain, and exit
//! 0 (every audited commitment passed), 1 (a commitment failed) or 2 (could not audit).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = livret::cli::Cli::parse();
    match livret::app::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("livret: error: {e:#}");
            ExitCode::from(livret::app::EXIT_ERROR)
        }
    }
}
