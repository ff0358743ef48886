//! `livret`: audits what a SaaS service did against the commitments of Cegid's service
//! booklets. The pipeline is read inputs (`ingest`) → typed events → checks (`checks`, using
//! `calendar` and `profile`) → report (`report`); `cmd` holds one module per command, and
//! `main` only calls [`cmd::main`].

// Input errors carry file, line, column, value and expectation by value: they are the cold
// path, and boxing them would only add noise to every reader.
#![allow(clippy::result_large_err)]

pub mod booklet;
pub mod calendar;
pub mod checks;
pub mod cli;
pub mod cmd;
pub mod error;
pub mod explain;
pub mod ingest;
pub mod interrupt;
pub mod manpage;
pub mod model;
pub mod options;
pub mod output;
pub mod profile;
pub mod report;
