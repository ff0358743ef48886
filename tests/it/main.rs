//! The integration tests, in one test binary (`cargo test --test it`; one module with
//! `cargo test --test it fuzz::`). Each module runs the `livret` binary (or the library) on
//! the fixtures and on files of `tests/data/`; `helpers` holds what they share. Snapshots are
//! in `tests/snapshots/`.

mod helpers;

mod availability;
mod backups;
mod bad_input;
mod booklets;
mod claims;
mod contracts;
mod evidence;
mod explain;
mod fixture_audits;
mod fuzz;
mod logs;
mod monitoring;
mod probes;
mod regression;
mod report_formats;
mod reports;
mod reports_people;
mod resolution;
mod response_time;
mod review;
mod schema;
mod sprint_support;
mod tickets_real;
mod waivers;
mod weblogs;
