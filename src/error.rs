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

impl InputError {
    /// The problem without what was expected: `FILE:LINE: REASON in column `C` (column N):
    /// value "V"` (a list of a ticket's skipped rows, where the expected text would repeat).
    pub fn brief(&self) -> String {
        struct Brief<'a>(&'a InputError);
        impl fmt::Display for Brief<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt_brief(f)
            }
        }
        Brief(self).to_string()
    }

    fn fmt_brief(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        // Text from the input (values, header names, ids in reasons) is shown with its control
        // characters escaped: an ESC or BEL in a bad cell must not drive the terminal.
        write!(f, ": {}", visible(&self.reason))?;
        match &self.column {
            Some((name, pos)) if *pos > 0 => write!(f, " in column `{}` (column {pos})", excerpt(&visible(name)))?,
            Some((name, _)) => write!(f, " in column `{}`", excerpt(&visible(name)))?,
            None => {}
        }
        if let Some(v) = &self.value {
            write!(f, ": value \"{}\"", excerpt(&visible(v)))?;
        }
        Ok(())
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_brief(f)?;
        write!(f, "; expected {}", self.expected)
    }
}

/// Characters of a value shown in a message; a longer one is cut there and ends in `…`.
pub const EXCERPT_CHARS: usize = 80;

/// `s`, or its first [`EXCERPT_CHARS`] characters and `…` when longer: a message never
/// repeats a whole megabyte-long cell.
pub fn excerpt(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(EXCERPT_CHARS) {
        None => std::borrow::Cow::Borrowed(s),
        Some((i, _)) => std::borrow::Cow::Owned(format!("{}…", &s[..i])),
    }
}

/// Whether `c` is a bidirectional control: the embeddings and overrides U+202A–U+202E, the
/// isolates U+2066–U+2069, the marks U+200E, U+200F and U+061C.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Whether `c` must not reach a reader as it is: a control character (Unicode `Cc`: C0, DEL,
/// C1) or a bidirectional control. Formats that allow a tab or a line feed keep those first.
pub fn is_hidden(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// `s` with its control characters (Unicode `Cc`: C0, DEL, C1) and bidirectional controls
/// (U+202E would show the rest of a line reversed) written as Rust escapes (`\u{1b}`,
/// `\u{202e}`); other text unchanged.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    escape_controls(s, false)
}

/// [`visible`] for text of several lines: line feeds stay.
pub fn visible_lines(s: &str) -> std::borrow::Cow<'_, str> {
    escape_controls(s, true)
}

fn escape_controls(s: &str, keep_line_feeds: bool) -> std::borrow::Cow<'_, str> {
    let escaped = |c: char| is_hidden(c) && !(keep_line_feeds && c == '\n');
    if !s.chars().any(escaped) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if escaped(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidirectional_controls_are_escaped_like_control_characters() {
        // U+202E in a bad cell would show the rest of the message reversed.
        assert_eq!(visible("T-1\u{202e}gnp.exe\u{1b}"), "T-1\\u{202e}gnp.exe\\u{1b}");
        assert_eq!(visible_lines("a\n\u{2067}b"), "a\n\\u{2067}b");
        assert!(matches!(visible("Paie — été"), std::borrow::Cow::Borrowed(_)));
    }
}
