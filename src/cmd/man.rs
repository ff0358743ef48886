//! `livret man` (hidden): the man page, whose output is `man/livret.1`.

use std::process::ExitCode;

use anyhow::Result;

use super::EXIT_PASS;
use crate::output::write_stdout;

/// Prints the man page (roff).
pub(crate) fn run() -> Result<ExitCode> {
    write_stdout(&crate::manpage::render()?)?;
    Ok(ExitCode::from(EXIT_PASS))
}
