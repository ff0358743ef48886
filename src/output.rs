//! Where a report goes: stdout, or a file written atomically (a temporary file beside it,
//! `.livret-NAME-XXXXXX`, then renamed). The temporary file is created before any input is
//! read, so a bad `--output` path fails at once, and it is removed if the run is interrupted
//! ([`crate::interrupt`]). With several files, every temporary file is written before any is
//! renamed: a failure on the way replaces none. The file gets the owner, group and permissions
//! of the file it replaces (as far as the process may set them), or `0644` when it is new (the
//! temporary file itself is created `0600`). A path that leads to
//! something other than a plain file — a device such as `/dev/null`, `/dev/stdout` on a pipe
//! or a terminal, a named pipe — is written through, as a shell redirection would: renaming
//! over it would replace the device with a file. So is any existing path under `/dev` or
//! `/proc` (`/dev/stdout` when stdout is a file, `/proc/self/fd/N`): nothing is ever renamed
//! into those. (Elsewhere a symbolic link to a plain file is replaced by the report, never
//! written through: it may lead to an input.)

use std::ffi::OsStr;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use tempfile::NamedTempFile;

use crate::cli::{ColorChoice, Detail};
use crate::interrupt::Registration;
use crate::report::RenderOptions;

/// A prepared destination.
pub enum Output {
    /// Standard output.
    Stdout,
    /// Something that is not a plain file (a device, a pipe), written through.
    Through {
        /// Where the output goes.
        path: PathBuf,
    },
    /// A file, written atomically.
    File {
        /// The temporary file beside `path`, renamed over it once written.
        tmp: NamedTempFile,
        /// Where the output goes.
        path: PathBuf,
        /// Removes the temporary file if the run is interrupted (after `tmp`: dropped last).
        registration: Registration,
    },
}

/// The longest part of a report's file name that its temporary file's name repeats, so that
/// `.livret-NAME-XXXXXX` stays within the 255 bytes a file name may have.
const TMP_NAME_CHARS: usize = 64;

/// The temporary file's prefix: `.livret-NAME-`, NAME the report's file name (its first
/// [`TMP_NAME_CHARS`] characters), so that a leftover says what it was.
fn tmp_prefix(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let name: String = name.chars().take(TMP_NAME_CHARS).collect();
    format!(".livret-{name}-")
}

impl Output {
    /// Prepares `path` (or stdout when `None`).
    pub fn prepare(path: Option<&Path>) -> Result<Output> {
        let Some(path) = path else { return Ok(Output::Stdout) };
        if path.is_dir() {
            anyhow::bail!("{}: is a directory; expected --output to name a file", path.display());
        }
        if let Ok(meta) = std::fs::metadata(path) {
            let system = std::path::absolute(path).is_ok_and(|a| a.starts_with("/dev") || a.starts_with("/proc"));
            if !meta.file_type().is_file() || system {
                return Ok(Output::Through { path: path.to_path_buf() });
            }
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(&tmp_prefix(path))
            .rand_bytes(6)
            .tempfile_in(&dir)
            .with_context(|| format!("{}: cannot write the report there", path.display()))?;
        let registration = crate::interrupt::register(tmp.path());
        Ok(Output::File { tmp, path: path.to_path_buf(), registration })
    }

    /// Writes the bytes alone (the tests' shorthand for [`write_all`] of one output); returns
    /// false when stdout was closed early.
    #[cfg(test)]
    pub fn write(self, bytes: &[u8]) -> Result<bool> {
        match self {
            Output::Stdout => write_stdout(bytes),
            other => write_all(vec![(other, bytes)]),
        }
    }
}

/// Writes every report, all or none: each file's temporary file first, then the devices and
/// pipes written through, then every file renamed into place (interrupting signals wait for
/// the renames). A failure before the renames replaces no file and removes every temporary
/// file. Returns false when a pipe or stdout was closed early.
pub fn write_all<B: AsRef<[u8]>>(reports: Vec<(Output, B)>) -> Result<bool> {
    let mut staged = Vec::with_capacity(reports.len());
    let mut through = Vec::new();
    for (out, bytes) in reports {
        match out {
            Output::File { mut tmp, path, registration } => {
                tmp.write_all(bytes.as_ref())
                    .with_context(|| format!("{}: cannot write the report", path.display()))?;
                keep_owner_and_permissions(&tmp, &path)?;
                tmp.as_file().sync_all().ok();
                staged.push((tmp, path, registration));
            }
            other => through.push((other, bytes)),
        }
    }
    let mut completed = true;
    for (out, bytes) in through {
        completed &= match out {
            Output::Through { path } => write_through(&path, bytes.as_ref())?,
            _ => write_stdout(bytes.as_ref())?,
        };
    }
    let _commit = crate::interrupt::Commit::begin();
    let mut done: Vec<String> = Vec::new();
    for (tmp, path, registration) in staged {
        tmp.persist(&path).with_context(|| {
            let done = if done.is_empty() { String::new() } else { format!(" (already written: {})", done.join(", ")) };
            format!("{}: cannot write the report{done}", path.display())
        })?;
        drop(registration);
        done.push(path.display().to_string());
    }
    Ok(completed)
}

/// Writes through a device or pipe; `Ok(false)` when its reader went away.
fn write_through(path: &Path, bytes: &[u8]) -> Result<bool> {
    // As `> path` does: a plain file behind it (`/dev/stdout` on a file) is truncated.
    let plain = std::fs::metadata(path).is_ok_and(|m| m.file_type().is_file());
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .truncate(plain)
        .open(path)
        .with_context(|| format!("{}: cannot write the report", path.display()))?;
    match f.write_all(bytes) {
        Ok(()) => Ok(true),
        // A pipe whose reader went away ends quietly, as stdout does.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e).with_context(|| format!("{}: cannot write the report", path.display())),
    }
}

/// Gives the temporary file the owner, group and permissions of the file it will replace, or
/// `0644` (owner writes, everyone reads, as a report made by shell redirection) when there is
/// none. Owner and group are kept as far as the process may set them (root: both; another
/// user: the group when it belongs to it), silently otherwise, as `cp -p` does.
#[cfg(unix)]
fn keep_owner_and_permissions(tmp: &NamedTempFile, path: &Path) -> Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let existing = std::fs::metadata(path).ok();
    if let Some(old) = &existing {
        let f = tmp.as_file();
        let mine = f.metadata().ok().map(|m| (m.uid(), m.gid()));
        if mine != Some((old.uid(), old.gid()))
            && std::os::unix::fs::fchown(f, Some(old.uid()), Some(old.gid())).is_err()
        {
            let _not_permitted = std::os::unix::fs::fchown(f, None, Some(old.gid()));
        }
    }
    // After the change of owner, which may clear set-user-id bits.
    let permissions = match existing {
        Some(old) => old.permissions(),
        None => std::fs::Permissions::from_mode(0o644),
    };
    tmp.as_file()
        .set_permissions(permissions)
        .with_context(|| format!("{}: cannot set the report's permissions", path.display()))
}

/// Elsewhere the temporary file keeps the platform's defaults.
#[cfg(not(unix))]
fn keep_owner_and_permissions(_tmp: &NamedTempFile, _path: &Path) -> Result<()> {
    Ok(())
}

/// The plain file standard output is open on (`> r.txt`, `1<>tickets.csv`), if any.
#[cfg(unix)]
pub fn stdout_file_id() -> Option<crate::options::FileId> {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    // fstat through a duplicate of fd 1: the `File` closes the duplicate, never stdout.
    let fd = io::stdout().as_fd().try_clone_to_owned().ok()?;
    let meta = std::fs::File::from(fd).metadata().ok()?;
    meta.is_file().then(|| (meta.dev(), meta.ino()))
}

/// Elsewhere standard output is not compared with the inputs.
#[cfg(not(unix))]
pub fn stdout_file_id() -> Option<crate::options::FileId> {
    None
}

/// Writes to stdout; `Ok(false)` on a broken pipe.
pub fn write_stdout(bytes: &[u8]) -> Result<bool> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e).context("cannot write to standard output"),
    }
}

/// Streams to stdout through a buffer; `Ok(false)` on a broken pipe.
pub fn stream_stdout(render: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<bool> {
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let result = render(&mut out).and_then(|()| out.flush().map_err(anyhow::Error::from));
    match result {
        Ok(()) => Ok(true),
        Err(e) if e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe) => Ok(false),
        Err(e) => Err(e).context("cannot write to standard output"),
    }
}

/// Whether colour is allowed given `NO_COLOR` (<https://no-color.org>: set and not empty
/// disables colour).
pub fn color_allowed(no_color: Option<&OsStr>) -> bool {
    no_color.is_none_or(|v| v.is_empty())
}

/// Whether `--color` colours stdout: `always` does (it overrides `NO_COLOR`, as no-color.org
/// asks of a command-line flag), `never` does not, `auto` only on a terminal that is not
/// `TERM=dumb`, without `NO_COLOR`.
pub fn use_color(choice: ColorChoice, terminal: bool, no_color: Option<&OsStr>, term: Option<&OsStr>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && color_allowed(no_color) && term.is_none_or(|t| t != "dumb"),
    }
}

/// The width of the terminal on stdout, when stdout is one.
pub fn terminal_width() -> Option<u16> {
    if !io::stdout().is_terminal() {
        return None;
    }
    // comfy-table asks the terminal (through crossterm) when its output is a terminal.
    comfy_table::Table::new().width().filter(|w| *w > 0)
}

/// The width to fit a table in: the terminal's, else `COLUMNS` (a positive number), else
/// `None` (the table's default, 100).
pub fn table_width(terminal: Option<u16>, columns: Option<&OsStr>) -> Option<u16> {
    terminal.or_else(|| columns?.to_str()?.trim().parse::<u16>().ok().filter(|w| *w > 0))
}

/// The width for text on stdout that is not a report (`profiles show`, `explain`): the
/// terminal's, else `COLUMNS`, else none (as wide as the text is).
pub fn stdout_width() -> Option<u16> {
    table_width(terminal_width(), std::env::var_os("COLUMNS").as_deref())
}

/// How to render for stdout: colour as `--color` says; the table fitted to the terminal's
/// width, else `COLUMNS`, else 100 columns (in a pipe and in a cron mail too).
pub fn stdout_render_options(detail: Option<Detail>, color: ColorChoice) -> RenderOptions {
    let terminal = io::stdout().is_terminal();
    let var = std::env::var_os;
    RenderOptions {
        detail: detail.is_some(),
        failed_only: detail == Some(Detail::Failed),
        color: use_color(color, terminal, var("NO_COLOR").as_deref(), var("TERM").as_deref()),
        width: table_width(terminal_width(), var("COLUMNS").as_deref()),
    }
}

/// How to render a report file: never coloured; a table fitted to `COLUMNS`, else 100.
pub fn file_render_options(detail: Option<Detail>) -> RenderOptions {
    RenderOptions {
        detail: detail.is_some(),
        failed_only: detail == Some(Detail::Failed),
        color: false,
        width: table_width(None, std::env::var_os("COLUMNS").as_deref()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_set_and_not_empty_disables_colour() {
        assert!(color_allowed(None));
        assert!(color_allowed(Some(OsStr::new(""))));
        assert!(!color_allowed(Some(OsStr::new("1"))));
        assert!(!color_allowed(Some(OsStr::new("false"))));
    }

    #[test]
    fn colour_follows_the_flag_then_the_terminal_no_color_and_term() {
        let s = |v: &str| Some(OsStr::new(v)).map(|o| o.to_owned());
        let (one, dumb, xterm) = (s("1"), s("dumb"), s("xterm-256color"));
        assert!(use_color(ColorChoice::Auto, true, None, xterm.as_deref()));
        assert!(use_color(ColorChoice::Auto, true, None, None));
        assert!(!use_color(ColorChoice::Auto, false, None, xterm.as_deref()), "not in a pipe");
        assert!(!use_color(ColorChoice::Auto, true, one.as_deref(), xterm.as_deref()), "NO_COLOR");
        assert!(!use_color(ColorChoice::Auto, true, None, dumb.as_deref()), "TERM=dumb");
        assert!(use_color(ColorChoice::Always, false, one.as_deref(), dumb.as_deref()), "the flag wins");
        assert!(!use_color(ColorChoice::Never, true, None, xterm.as_deref()));
    }

    #[test]
    fn the_width_is_the_terminals_else_columns_else_none() {
        let c = |v: &str| Some(OsStr::new(v).to_owned());
        assert_eq!(table_width(Some(132), c("80").as_deref()), Some(132));
        assert_eq!(table_width(None, c("80").as_deref()), Some(80));
        assert_eq!(table_width(None, c(" 72 ").as_deref()), Some(72));
        for bad in ["", "0", "-5", "wide", "70000"] {
            assert_eq!(table_width(None, c(bad).as_deref()), None, "{bad:?}");
        }
        assert_eq!(table_width(None, None), None);
    }

    #[test]
    fn a_file_is_written_whole_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.json");
        let out = Output::prepare(Some(&path)).unwrap();
        // Prepared but not written: nothing at the destination yet.
        assert!(!path.exists());
        assert!(out.write(b"{}").unwrap());
        assert_eq!(std::fs::read(&path).unwrap(), b"{}");
        // A folder that does not exist fails at once.
        assert!(Output::prepare(Some(&dir.path().join("missing/r.json"))).is_err());
        assert!(Output::prepare(Some(dir.path())).is_err());
    }

    #[test]
    fn temporary_files_say_which_report_they_are() {
        let dir = tempfile::tempdir().unwrap();
        // `.livret-r.json-` + 6 random characters, beside the report.
        let out = Output::prepare(Some(&dir.path().join("r.json"))).unwrap();
        let Output::File { tmp, .. } = &out else { panic!("a plain file is written atomically") };
        let name = tmp.path().file_name().unwrap().to_str().unwrap().to_string();
        assert!(name.starts_with(".livret-r.json-") && name.len() == ".livret-r.json-".len() + 6, "{name}");
        assert_eq!(tmp.path().parent(), Some(dir.path()));
        drop(out);
        // A 250-byte name (255 is the most a file name may have) is cut to its first 64
        // characters in the temporary file's name, which then has 8 + 64 + 1 + 6 = 79 bytes.
        let long = "é".repeat(100) + &"x".repeat(50);
        let out = Output::prepare(Some(&dir.path().join(&long))).unwrap();
        let Output::File { tmp, .. } = &out else { panic!("a plain file is written atomically") };
        let name = tmp.path().file_name().unwrap().to_str().unwrap().to_string();
        assert!(name.starts_with(&format!(".livret-{}-", "é".repeat(64))), "{name}");
        assert!(out.write(b"{}").unwrap());
        assert_eq!(std::fs::read(dir.path().join(&long)).unwrap(), b"{}");
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_written_through_links_to_files_replaced() {
        use std::os::unix::fs::FileTypeExt;
        // /dev/null stays a character device (a rename over it would make it a plain file).
        Output::prepare(Some(Path::new("/dev/null"))).unwrap().write(b"{}").unwrap();
        assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
        // Nothing is renamed into /dev: /dev/stdout is written through whatever it leads to.
        assert!(matches!(Output::prepare(Some(Path::new("/dev/stdout"))), Ok(Output::Through { .. })));
        // A link to a plain file is replaced by the report; the file it led to is untouched.
        let dir = tempfile::tempdir().unwrap();
        let (target, link) = (dir.path().join("real.json"), dir.path().join("link.json"));
        std::fs::write(&target, b"old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        Output::prepare(Some(&link)).unwrap().write(b"{}").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_file());
        assert_eq!(std::fs::read(&link).unwrap(), b"{}");
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
    }

    #[cfg(unix)]
    #[test]
    fn a_report_keeps_the_permissions_of_the_file_it_replaces_or_gets_0644() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // A new report: readable by all (the temporary file alone would be 0600).
        let new = dir.path().join("new.json");
        Output::prepare(Some(&new)).unwrap().write(b"{}").unwrap();
        assert_eq!(mode(&new), 0o644);
        // Replacing a 0640 report keeps 0640 (not 0600, nor 0644).
        let old = dir.path().join("old.json");
        std::fs::write(&old, b"old").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o640)).unwrap();
        Output::prepare(Some(&old)).unwrap().write(b"{}").unwrap();
        assert_eq!(mode(&old), 0o640);
        assert_eq!(std::fs::read(&old).unwrap(), b"{}");
        // And a 0644 one stays 0644.
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
        Output::prepare(Some(&old)).unwrap().write(b"[]").unwrap();
        assert_eq!(mode(&old), 0o644);
    }
}
