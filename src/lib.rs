//! `livret`: audits what a SaaS service did against the commitments of Cegid's service
//! booklets. The pipeline is read inputs (`ingest`) → typed events → checks (`checks`, using
//! `calendar` and `profile`) → report (`report`); `cmd` holds one module per command, and
//! `main` only calls [`cmd::main`].

// Input errors carry file, line, column, value and expectation by value: they are the cold
// path, and boxing them would only add noise to every reader.
#![allow(clippy::result_large_err)]

pub(crate) mod booklet;
pub(crate) mod calendar;
pub mod checks;
pub mod cli;
pub mod cmd;
pub mod error;
pub mod explain;
pub mod ingest;
pub(crate) mod interrupt;
pub mod manpage;
pub(crate) mod model;
pub mod options;
pub(crate) mod output;
pub(crate) mod profile;
pub(crate) mod report;
