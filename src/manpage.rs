//! The man page, generated from the clap definitions (clap_mangen): the top-level page, then
//! one section per visible subcommand with its synopsis, description and options (one page
//! for the whole tool rather than a `livret-audit(1)` page per subcommand). The
//! checked-in `man/livret.1` is this output; regenerate it with
//! `cargo run -- man > man/livret.1` (a test fails when it is out of date).

use clap::CommandFactory;
use clap_mangen::Man;

use crate::cli::Cli;

/// The whole man page, as roff.
pub fn render() -> std::io::Result<Vec<u8>> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut out = Vec::new();
    let top = Man::new(cmd.clone());
    top.render_title(&mut out)?;
    top.render_name_section(&mut out)?;
    top.render_synopsis_section(&mut out)?;
    top.render_description_section(&mut out)?;
    top.render_options_section(&mut out)?;
    let mut stack: Vec<clap::Command> = cmd.get_subcommands().cloned().collect();
    stack.reverse();
    while let Some(sub) = stack.pop() {
        if sub.is_hide_set() || sub.get_name() == "help" {
            continue;
        }
        let name = sub.get_bin_name().unwrap_or(sub.get_name()).to_string();
        let mut section = Vec::new();
        let man = Man::new(sub.clone());
        man.render_synopsis_section(&mut section)?;
        man.render_description_section(&mut section)?;
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            man.render_options_section(&mut section)?;
        }
        // Each subcommand is one `.SH` section of the page; its own sections become `.SS`.
        let section = String::from_utf8_lossy(&section).replace("\n.SH ", "\n.SS ");
        let section = section.strip_prefix(".SH ").map_or(section.clone(), |rest| format!(".SS {rest}"));
        out.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
        out.extend_from_slice(section.as_bytes());
        let children: Vec<clap::Command> = sub.get_subcommands().cloned().collect();
        stack.extend(children.into_iter().rev());
    }
    top.render_version_section(&mut out)?;
    Ok(out)
}
