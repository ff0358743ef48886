//! The structure of a CSV byte stream, found as the bytes go by, by the csv parser's own
//! rules (RFC 4180 quotes with `""` escapes; a quote opens a quoted field only at a field's
//! start; CR, LF and CRLF end a record; blank lines are skipped), so that every record the
//! parser returns has its [`RecordInfo`] here, in the same order. Both readers (the CSV core
//! and the chunked engine) number lines with it and check, before a row reaches a reader:
//!
//! - one line counter and one rule: CR, LF and CRLF each end a line, CRLF counts once;
//! - a record is at most `max` bytes long: the read stops when the limit is crossed, before
//!   the record is held (memory stays bounded, even on `/dev/zero`);
//! - a quoted field still open at the end of the input is an error naming the line where
//!   the quote opened (it swallowed the rest of the file);
//! - a quoted field that holds line breaks is noted with its field and the quote's line, and
//!   whether a line inside it looks like a row (as many delimiters as a row has): a stray
//!   quote that swallowed the rows up to the next quote. The readers decide from that.

/// Where the scanner is in a record (the csv parser's states, default settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between records (line ends here are blank lines, skipped).
    StartRecord,
    /// At the start of a field.
    StartField,
    /// In an unquoted field (a quote here is a plain character).
    InField,
    /// In a quoted field.
    InQuoted,
    /// Just after a quote in a quoted field: `"` again is an escaped quote.
    QuoteInQuoted,
}

/// A quoted field that holds line breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineBreak {
    /// Its field (0-based) in the record.
    pub field: usize,
    /// The line where its quote opened.
    pub quote_line: u64,
    /// A line inside it holds as many delimiters as a row: the quote likely swallowed rows.
    pub rowlike: bool,
}

/// One record: where it starts and ends, and its first quoted field holding line breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RecordInfo {
    /// Line of its first byte.
    pub line: u64,
    /// Line of its last byte.
    pub end_line: u64,
    /// Fields in it.
    pub fields: usize,
    /// The first quoted field holding a line break, if any.
    pub line_break: Option<LineBreak>,
}

/// Why the scan stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanError {
    /// A record longer than the limit, starting on `line`; `quote_line`: where a quoted field
    /// still open when the limit was crossed opened.
    TooLong { line: u64, quote_line: Option<u64> },
    /// A quoted field (0-based `field` of its record) opened on `quote_line` and never closed
    /// before the end of the input.
    OpenQuote { quote_line: u64, field: usize },
}

/// The scanner's state between two slices of the stream.
#[derive(Debug, Clone)]
pub struct Scanner {
    delimiter: u8,
    max: u64,
    state: State,
    /// Current line (lines before the first byte scanned are the caller's to add).
    line: u64,
    /// The last byte was a CR (a LF right after it ends no other line).
    prev_cr: bool,
    /// Bytes of the current record so far.
    len: u64,
    record: RecordInfo,
    quote_line: u64,
    /// Delimiters on the current line inside a quoted field, after a line break in it.
    inner_delimiters: Option<usize>,
    /// Fields of a row (the header's count, once known); 0: not known yet.
    row_fields: usize,
    done: bool,
}

impl Scanner {
    /// A scanner at a record boundary, whose first line is `line`, for records of at most
    /// `max` bytes; `row_fields` is a row's field count (0 when the header is still to come:
    /// the first record's count is taken).
    pub fn new(delimiter: u8, max: u64, line: u64, row_fields: usize) -> Scanner {
        Scanner {
            delimiter,
            max,
            state: State::StartRecord,
            line,
            prev_cr: false,
            len: 0,
            record: RecordInfo::default(),
            quote_line: 0,
            inner_delimiters: None,
            row_fields,
            done: false,
        }
    }

    /// The current line (one more than the line ends seen, from the first line given).
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Scans `bytes`, handing every record that ends in them to `out`.
    pub fn scan(&mut self, bytes: &[u8], out: &mut impl FnMut(RecordInfo)) -> Result<(), ScanError> {
        let mut i = 0;
        while i < bytes.len() {
            // Runs of plain bytes in an unquoted field are skipped in one search.
            if self.state == State::InField {
                let rest = &bytes[i..];
                let n = memchr::memchr3(self.delimiter, b'\n', b'\r', rest).unwrap_or(rest.len());
                if n > 0 {
                    self.len += n as u64;
                    if self.len > self.max {
                        return Err(self.too_long());
                    }
                    self.prev_cr = false;
                    i += n;
                    continue;
                }
            }
            let c = bytes[i];
            i += 1;
            let line_end = c == b'\r' || (c == b'\n' && !self.prev_cr);
            let terminator = c == b'\r' || c == b'\n';
            self.prev_cr = c == b'\r';
            if self.state == State::StartRecord {
                if terminator {
                    self.line += u64::from(line_end);
                    continue;
                }
                self.state = State::StartField;
                self.len = 0;
                self.record = RecordInfo { line: self.line, end_line: self.line, fields: 1, line_break: None };
            }
            if terminator && self.state != State::InQuoted {
                self.end_record(out);
                self.line += u64::from(line_end);
                continue;
            }
            self.len += 1;
            if self.len > self.max {
                return Err(self.too_long());
            }
            self.state = match (self.state, c) {
                (State::StartField, b'"') => {
                    self.quote_line = self.line;
                    State::InQuoted
                }
                (State::QuoteInQuoted, b'"') => State::InQuoted,
                (State::StartField | State::InField | State::QuoteInQuoted, d) if d == self.delimiter => {
                    // The closing quote of a field that held line breaks ends its last line.
                    self.end_inner_line();
                    self.record.fields += 1;
                    State::StartField
                }
                (State::QuoteInQuoted | State::StartField | State::InField, _) => {
                    self.end_inner_line();
                    State::InField
                }
                (State::InQuoted, b'"') => State::QuoteInQuoted,
                (State::InQuoted, b'\r' | b'\n') => {
                    if line_end {
                        self.end_inner_line();
                        self.line += 1;
                    }
                    if self.record.line_break.is_none() {
                        let field = self.record.fields - 1;
                        self.record.line_break = Some(LineBreak { field, quote_line: self.quote_line, rowlike: false });
                    }
                    self.inner_delimiters = Some(0);
                    State::InQuoted
                }
                (State::InQuoted, d) => {
                    if d == self.delimiter {
                        if let Some(n) = self.inner_delimiters.as_mut() {
                            *n += 1;
                        }
                    }
                    State::InQuoted
                }
                (State::StartRecord, _) => State::StartField,
            };
        }
        Ok(())
    }

    /// Ends the input: the last record (without a line end) is handed to `out`; a quoted
    /// field still open is an error.
    pub fn finish(&mut self, out: &mut impl FnMut(RecordInfo)) -> Result<(), ScanError> {
        if self.done {
            return Ok(());
        }
        self.done = true;
        match self.state {
            State::StartRecord => Ok(()),
            State::InQuoted => Err(ScanError::OpenQuote { quote_line: self.quote_line, field: self.record.fields - 1 }),
            _ => {
                self.end_record(out);
                Ok(())
            }
        }
    }

    /// A line inside a quoted field ends (a line break in it, or its closing quote): does it
    /// hold as many delimiters as a row?
    fn end_inner_line(&mut self) {
        if let (Some(n), Some(b)) = (self.inner_delimiters.take(), self.record.line_break.as_mut()) {
            if self.row_fields > 1 && n + 1 >= self.row_fields {
                b.rowlike = true;
            }
        }
    }

    fn end_record(&mut self, out: &mut impl FnMut(RecordInfo)) {
        self.end_inner_line();
        self.record.end_line = self.line;
        if self.row_fields == 0 {
            self.row_fields = self.record.fields;
        }
        self.inner_delimiters = None;
        self.state = State::StartRecord;
        out(self.record);
    }

    fn too_long(&self) -> ScanError {
        let quote_line = (self.state == State::InQuoted).then_some(self.quote_line);
        ScanError::TooLong { line: self.record.line, quote_line }
    }
}

/// Lines of `text` by the one rule (CR, LF and CRLF each end a line), with their 1-based
/// numbers, without their line ends.
pub fn lines(text: &str) -> impl Iterator<Item = (u64, &str)> {
    let mut rest = Some(text);
    let mut n = 0;
    std::iter::from_fn(move || {
        let t = rest?;
        n += 1;
        match t.find(['\r', '\n']) {
            None => {
                rest = None;
                (!t.is_empty()).then_some((n, t))
            }
            Some(i) => {
                let skip = if t[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&t[i + skip..]);
                Some((n, &t[..i]))
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record of `text` scanned in pieces of `step` bytes, or the error.
    fn scan(text: &str, step: usize, max: u64) -> Result<Vec<RecordInfo>, ScanError> {
        let mut s = Scanner::new(b',', max, 1, 0);
        let mut got = Vec::new();
        for piece in text.as_bytes().chunks(step.max(1)) {
            s.scan(piece, &mut |r| got.push(r))?;
        }
        s.finish(&mut |r| got.push(r))?;
        Ok(got)
    }

    fn lines_of(text: &str) -> Vec<(u64, u64)> {
        scan(text, 1, 1000).unwrap().iter().map(|r| (r.line, r.end_line)).collect()
    }

    #[test]
    fn cr_lf_and_crlf_each_end_one_line() {
        // Header on line 1, then rows on lines 2, 4 (3 blank) and 5, with each line end.
        for eol in ["\n", "\r\n", "\r"] {
            let text = ["a,b", "x,1", "", "y,2", "z,3"].join(eol);
            assert_eq!(lines_of(&text), [(1, 1), (2, 2), (4, 4), (5, 5)], "{eol:?}");
        }
        // Mixed: CR, then CRLF, then LF.
        assert_eq!(lines_of("a,b\rx,1\r\ny,2\nz,3\n"), [(1, 1), (2, 2), (3, 3), (4, 4)]);
        // A CRLF cut between two slices counts once.
        let r = scan("a,b\r\nx,1\r\ny,2", 4, 100).unwrap();
        assert_eq!(r.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn quoted_fields_and_their_line_breaks() {
        // Line 2 holds a quoted field with a line break (lines 2-3), escaped quotes and a
        // delimiter (one: fewer than a row's two); the next record is on line 4.
        let r = scan("a,b,c\n\"x\n\"\"y\"\",z\",1,2\nw,2,3\n", 1, 100).unwrap();
        assert_eq!(r.len(), 3);
        assert_eq!((r[1].line, r[1].end_line, r[1].fields), (2, 3, 3));
        assert_eq!(r[1].line_break, Some(LineBreak { field: 0, quote_line: 2, rowlike: false }));
        assert_eq!((r[2].line, r[2].line_break), (4, None));
        // A quote in the middle of an unquoted field is a plain character.
        assert_eq!(scan("a,b\nx\"y,1\nz,2\n", 1, 100).unwrap().len(), 3);
    }

    #[test]
    fn a_quote_that_swallows_rows() {
        // Line 3 ends in `,"`: the quote runs over line 4 (a row: one delimiter, as the header
        // has) and closes at the quote of line 5.
        let r = scan("a,b\nx,1\ny,\"\nz,2\nw,\"3\"\n", 2, 100).unwrap();
        assert_eq!(r[2].line_break, Some(LineBreak { field: 1, quote_line: 3, rowlike: true }));
        // Never closed: an error naming line 3.
        assert_eq!(scan("a,b\nx,1\ny,\"\nz,2\nw,3\n", 3, 100), Err(ScanError::OpenQuote { quote_line: 3, field: 1 }));
    }

    #[test]
    fn records_longer_than_the_limit_stop_the_scan() {
        // Row 2 is 10 bytes long: within 10, over 9.
        assert!(scan("a,b\n0123456789\n", 3, 10).is_ok());
        assert_eq!(scan("a,b\n0123456789\n", 3, 9), Err(ScanError::TooLong { line: 2, quote_line: None }));
        assert_eq!(scan("a,b\r\rx,\"01234567", 5, 9), Err(ScanError::TooLong { line: 3, quote_line: Some(3) }));
    }

    #[test]
    fn lines_by_the_same_rule() {
        let got: Vec<(u64, &str)> = lines("a\rb\r\nc\n\nd").collect();
        assert_eq!(got, [(1, "a"), (2, "b"), (3, "c"), (4, ""), (5, "d")]);
        assert_eq!(lines("a\n").collect::<Vec<_>>(), [(1, "a")]);
    }
}
