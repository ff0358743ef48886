//! Where a report goes: stdout, or a file written atomically (a temporary file beside it,
//! then renamed). The temporary file is created before any input is read, so a bad
//! `--output` path fails at once.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use tempfile::NamedTempFile;

/// A prepared destination.
pub enum Output {
    /// Standard output.
    Stdout,
    /// A file, written atomically.
    File { tmp: NamedTempFile, path: PathBuf },
}

impl Output {
    /// Prepares `path` (or stdout when `None`).
    pub fn prepare(path: Option<&Path>) -> Result<Output> {
        let Some(path) = path else { return Ok(Output::Stdout) };
        if path.is_dir() {
            anyhow::bail!("{}: is a directory; expected --output to name a file", path.display());
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let tmp = NamedTempFile::new_in(&dir)
            .with_context(|| format!("{}: cannot write the report there", path.display()))?;
        Ok(Output::File { tmp, path: path.to_path_buf() })
    }

    /// Writes the bytes; returns false when stdout was closed early (a broken pipe is not an
    /// error: `livret … | head` ends quietly).
    pub fn write(self, bytes: &[u8]) -> Result<bool> {
        match self {
            Output::Stdout => write_stdout(bytes),
            Output::File { mut tmp, path } => {
                tmp.write_all(bytes).with_context(|| format!("{}: cannot write the report", path.display()))?;
                tmp.as_file().sync_all().ok();
                tmp.persist(&path).with_context(|| format!("{}: cannot write the report", path.display()))?;
                Ok(true)
            }
        }
    }
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
