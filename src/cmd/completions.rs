//! `livret completions SHELL`: the shell completion script clap makes from the flags.

use std::process::ExitCode;

use anyhow::Result;

use super::EXIT_PASS;
use crate::cli::Cli;
use crate::output::write_stdout;

pub(crate) fn run(shell: clap_complete::Shell) -> Result<ExitCode> {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "livret", &mut out);
    write_stdout(&out)?;
    Ok(ExitCode::from(EXIT_PASS))
}
