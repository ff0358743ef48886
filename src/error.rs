//! Input errors: every problem found in an input names the file, the line, the column, the
//! value and what was expected, so that a user can open the file and fix that cell.

use std::fmt;

/// One problem in one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file as the user named it.
    pub file: String,
    /// 1-based physical line of the row (the header is line 1); 0 when the whole file is at fault.
    pub line: u64,
    /// Column name (as in the file's header) and 1-based position, when one column is at fault.
    pub column: Option<(String, usize)>,
    /// The offending value, when there is one.
    pub value: Option<String>,
    /// Short reason, used to count skipped rows (`unknown status`, `invalid timestamp`, ...).
    pub reason: String,
    /// What was expected instead.
    pub expected: String,
}

impl InputError {
    /// An error about the whole file (no line).
    pub fn file(file: &str, reason: &str, expected: impl Into<String>) -> Self {
        InputError {
            file: file.to_string(),
            line: 0,
            column: None,
            value: None,
            reason: reason.to_string(),
            expected: expected.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        write!(f, ": {}", self.reason)?;
        match &self.column {
            Some((name, pos)) if *pos > 0 => write!(f, " in column `{name}` (column {pos})")?,
            Some((name, _)) => write!(f, " in column `{name}`")?,
            None => {}
        }
        if let Some(v) = &self.value {
            write!(f, ": value \"{v}\"")?;
        }
        write!(f, "; expected {}", self.expected)
    }
}

impl std::error::Error for InputError {}

/// An error that stops the audit: usage or input. Exit code 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}
