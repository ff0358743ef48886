//! `livret profiles [show ID | export ID]`: the built-in booklets, one booklet's effective
//! commitments, or its TOML.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;

use super::EXIT_PASS;
use crate::options;
use crate::output::{stdout_width, write_stdout};

/// `livret profiles`: one line per built-in booklet.
pub(crate) fn list() -> Result<ExitCode> {
    let mut out = String::new();
    for id in crate::booklet::ids() {
        if let Some(p) = crate::booklet::builtin(id) {
            writeln!(out, "{:<16} {} ({} commitments)", p.id, p.name, p.commitments.len())?;
        }
    }
    write_stdout(out.as_bytes())?;
    Ok(ExitCode::from(EXIT_PASS))
}

/// `livret profiles show ID` (or `--contract FILE`): the effective commitments.
pub(crate) fn show(id: Option<String>, contract: Option<std::path::PathBuf>) -> Result<ExitCode> {
    let from_contract = contract.is_some();
    let args = crate::cli::ProfileArgs { profile: id, contract, ..Default::default() };
    let p = options::profile(&args)?;
    let mut out = String::new();
    writeln!(out, "{} — {}", p.id, p.name)?;
    if from_contract {
        let n = p.commitments.iter().filter(|c| c.overridden).count();
        match &p.extends {
            Some(base) => writeln!(out, "contract extending `{base}`: {n} commitments overridden (marked)")?,
            None => writeln!(out, "a booklet of its own: {n} commitments (marked)")?,
        }
    }
    let hours =
        p.support_hours.map(|(o, c)| format!(" ({}–{})", o.format("%H:%M"), c.format("%H:%M"))).unwrap_or_default();
    writeln!(out, "zone {}; support calendar {}{hours}", p.zone, p.support_calendar)?;
    for w in &p.maintenance_windows {
        writeln!(out, "maintenance window: {}", w.label)?;
    }
    let mut table = comfy_table::Table::new();
    table
        .load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .force_no_tty();
    if let Some(width) = stdout_width() {
        table.set_width(width);
    }
    table.set_header(["commitment", "clause", "target", "what the booklet promises", "family", "inputs"]);
    for c in &p.commitments {
        let inputs: Vec<&str> = crate::checks::families::inputs(c).iter().map(|k| k.name()).collect();
        let id = if c.overridden { format!("{} (overridden)", c.id) } else { c.id.clone() };
        let mut text = c.text.clone();
        for r in &c.readings {
            text.push_str(&format!(" [reading {}: {}]", r.code, r.text));
        }
        table.add_row(vec![id, c.clause.clone(), c.target_text(), text, c.family.to_string(), inputs.join(", ")]);
    }
    writeln!(out, "{table}")?;
    // A contract's name or labels may hold control characters: shown escaped.
    write_stdout(crate::error::visible_lines(&out).as_bytes())?;
    Ok(ExitCode::from(EXIT_PASS))
}

/// `livret profiles export ID`: the booklet's TOML.
pub(crate) fn families() -> Result<ExitCode> {
    let mut out = String::new();
    for f in crate::checks::families::FAMILIES {
        let inputs: Vec<&str> = f.inputs.iter().map(|k| k.name()).collect();
        writeln!(out, "{:<22} {} (inputs: {})", f.name, f.doc, inputs.join(", "))?;
    }
    write_stdout(out.as_bytes())?;
    Ok(ExitCode::from(EXIT_PASS))
}

pub(crate) fn export(id: &str) -> Result<ExitCode> {
    let text = crate::booklet::source(id).ok_or_else(|| anyhow::anyhow!("unknown profile `{id}`"))?;
    write_stdout(text.as_bytes())?;
    Ok(ExitCode::from(EXIT_PASS))
}
