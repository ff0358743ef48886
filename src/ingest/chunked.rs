//! Parallel reading of one big CSV input (response-time logs, ticket histories: millions of
//! rows). Two ways: [`CsvInput::par_fold`] merges per-worker accumulators in no particular
//! order; [`CsvInput::par_fold_ordered`] hands each block's rows on in file order (a reader
//! thread, parsing workers, the caller's thread folding), for folds that need the file's order.
//! In `par_fold`, the rayon workers take turns reading the next block of the file, hashing it (SHA-256 is
//! sequential, so this part is under a lock) and cutting it at a record boundary; each then
//! parses its block (chunk) into its own accumulator, and the accumulators are merged at the
//! end. Memory is bounded by one block per worker plus the accumulators, whatever the file's
//! size.
//!
//! Exactness: a chunk always starts at a record boundary, never between the CR and the LF
//! of a CRLF. A block without a double quote is cut after its last line feed (every line
//! feed ends a record there), or after its last carriage return when it holds no line feed;
//! a block with quotes is cut where the csv parser, run from the block's start, says a record
//! starts, so a quoted field holding a line break is never split. A chunk without quotes or
//! lone carriage returns is split into lines and fields by hand (no allocation per row); any
//! other chunk is parsed by the csv crate, with the scanner ([`super::scan`]) giving each
//! record's lines and checking its quotes. Line numbers are the physical line of a record's
//! first byte (CR, LF and CRLF each end a line): each chunk counts its line ends, and errors
//! are renumbered once all chunks are in. A record longer than `--max-record-size` stops the
//! read where the search for its end crosses the limit (memory stays bounded); a quote open
//! at the end of the file is an error on its line. Pipes are read sequentially by both.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Read};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

use rayon::iter::{ParallelBridge, ParallelIterator};
use sha2::{Digest, Sha256};

use super::scan::{ScanError, Scanner};
use super::source::{self, StoredHash};
use super::{combine, widen_secs, CsvInput, InputSummary, Meta, More, OnInvalid, MAX_LISTED_PROBLEMS};
use crate::error::InputError;

/// Bytes read per block: 256 KiB stays in cache between hashing and parsing (2 MiB and 512
/// KiB were no faster; 64 KiB was twice as slow).
const BLOCK: usize = 1 << 18;
/// Files at least this big get a progress bar (on a terminal only).
const PROGRESS_MIN_BYTES: u64 = 64 << 20;

/// One data row of a chunk, its fields as trimmed `&str`.
pub struct RawRow<'a> {
    meta: &'a Meta,
    text: &'a str,
    bounds: &'a [(usize, usize)],
    /// Line feeds in the chunk before this row (the engine adds the chunk's first line).
    rel_line: u64,
    /// The span of the timestamps read in the chunk's rows.
    span: &'a Cell<Option<(i64, i64)>>,
}

impl RawRow<'_> {
    /// The trimmed value of spec column `col`; `None` when the file lacks it or it is empty.
    #[inline]
    pub fn get(&self, col: usize) -> Option<&str> {
        let idx = self.meta.columns.get(col).copied().flatten()?;
        let &(a, b) = self.bounds.get(idx)?;
        let v = self.text.get(a..b)?;
        (!v.is_empty()).then_some(v)
    }

    /// The value of a required column, or an error naming it.
    #[inline]
    pub fn required(&self, col: usize) -> Result<&str, InputError> {
        self.get(col).ok_or_else(|| self.error(col, "", "empty value", "a value"))
    }

    /// The row's line relative to its chunk (the file's line once the engine's offset is
    /// added; see [`CsvInput::par_fold_ordered`]).
    #[inline]
    pub fn line_in_chunk(&self) -> u64 {
        self.rel_line
    }

    /// Widens the span of the file's rows (Unix seconds) to take in `[a, b]`: a reader calls it
    /// with each row's instant, for the report's list of files.
    #[inline]
    pub fn saw_secs(&self, a: i64, b: i64) {
        widen_secs(self.span, a, b);
    }

    /// An error on spec column `col` of this row (its line is fixed by the engine).
    pub fn error(&self, col: usize, value: &str, reason: &str, expected: &str) -> InputError {
        self.meta.cell_error(col, self.rel_line, value, reason, expected)
    }
}

/// A block cut at a record boundary, with its place in the file.
struct Chunk {
    index: usize,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    /// Whether the chunk holds a double quote (then the csv crate parses it).
    quoted: bool,
    /// Line ends in the header (known once the first chunk is cut).
    header_line_feeds: u64,
    /// The chunk is the start of a record longer than `--max-record-size` (the last chunk).
    too_long: bool,
}

/// What one chunk gave besides the accumulator: enough to number lines and count skips.
#[derive(Default)]
struct ChunkMeta {
    index: usize,
    line_feeds: u64,
    rows: u64,
    skipped: u64,
    skipped_by_reason: BTreeMap<String, u64>,
    /// Errors with lines relative to the chunk (the first only, when stopping).
    problems: Vec<InputError>,
    /// An error that ends the read even when rows are skipped (a record over the limit, a
    /// quote never closed, a line break where none may be), its line relative to the chunk.
    fatal: Option<InputError>,
    /// The span of the timestamps read in the chunk's rows.
    span: Option<(i64, i64)>,
}

impl ChunkMeta {
    /// Adds this chunk's counts and problems to `summary`, its problems' lines made absolute
    /// from `line` (the line of the chunk's first byte); returns the next chunk's first line,
    /// or the first problem when the read stops at it.
    fn add_to(self, summary: &mut InputSummary, line: u64, on_invalid: OnInvalid) -> Result<u64, InputError> {
        summary.rows += self.rows;
        summary.skipped += self.skipped;
        if let Some((a, b)) = self.span {
            summary.rows_span = Some(summary.rows_span.map_or((a, b), |(x, y)| (x.min(a), y.max(b))));
        }
        for (reason, n) in self.skipped_by_reason {
            *summary.skipped_by_reason.entry(reason).or_default() += n;
        }
        for mut p in self.problems {
            p.line += line;
            if on_invalid == OnInvalid::Stop {
                return Err(p);
            }
            if summary.problems.len() < MAX_LISTED_PROBLEMS {
                summary.problems.push(p);
            }
        }
        if let Some(mut e) = self.fatal {
            e.line += line;
            return Err(e);
        }
        Ok(line + self.line_feeds)
    }
}

/// The per-chunk row loop state.
struct ChunkCtx<'a, A, F> {
    meta: &'a Meta,
    fold: &'a F,
    acc: &'a mut A,
    out: ChunkMeta,
    stop: &'a AtomicBool,
    /// Whether record-level errors (field count, UTF-8) name the record's last line, as the
    /// sequential reader does, rather than its first.
    at_last_line: bool,
    /// The span of the timestamps read in the chunk's rows.
    span: Cell<Option<(i64, i64)>>,
}

impl<A, F: Fn(&mut A, &RawRow) -> Result<(), InputError>> ChunkCtx<'_, A, F> {
    /// Handles one row's result; `false` stops the chunk.
    #[inline]
    fn outcome(&mut self, result: Result<(), InputError>) -> bool {
        let Err(e) = result else { return true };
        self.out.skipped += 1;
        match self.meta.on_invalid {
            OnInvalid::Stop => {
                self.out.problems.push(e);
                self.stop.store(true, Ordering::Relaxed);
                false
            }
            OnInvalid::Skip | OnInvalid::Collect => {
                *self.out.skipped_by_reason.entry(e.reason.clone()).or_default() += 1;
                if self.out.problems.len() < MAX_LISTED_PROBLEMS {
                    self.out.problems.push(e);
                }
                true
            }
        }
    }

    /// One row starting on line `rel_line` and ending on line `last_line` (a record-level
    /// error names the last, as the sequential reader does).
    #[inline]
    fn row(&mut self, text: &str, bounds: &[(usize, usize)], rel_line: u64, last_line: u64) -> bool {
        self.out.rows += 1;
        if bounds.len() != self.meta.headers.len() {
            let e = InputError {
                file: self.meta.path.clone(),
                line: last_line,
                column: None,
                value: Some(format!("{} fields", bounds.len())),
                reason: "wrong number of fields".to_string(),
                expected: format!("{} fields, as in the header", self.meta.headers.len()),
            };
            return self.outcome(Err(e));
        }
        let row = RawRow { meta: self.meta, text, bounds, rel_line, span: &self.span };
        let r = (self.fold)(self.acc, &row);
        self.outcome(r)
    }

    fn utf8_error(&mut self, rel_line: u64, bytes: &[u8]) -> bool {
        self.out.rows += 1;
        let e = super::utf8_error(&self.meta.path, rel_line, Some(bytes));
        self.outcome(Err(e))
    }

    /// The fast path: no quotes, every carriage return followed by a line feed. The chunk is
    /// checked for UTF-8 once (line feeds are ASCII, so every line of valid text is valid).
    fn plain(&mut self, data: &[u8]) {
        match std::str::from_utf8(data) {
            Ok(text) => self.plain_text(text),
            Err(_) => {
                // Some line is not UTF-8: check line by line to name it.
                let mut pos = 0;
                let mut rel_line = 0;
                while pos < data.len() {
                    let nl = memchr::memchr(b'\n', &data[pos..]).map_or(data.len(), |i| pos + i);
                    let line = if nl < data.len() { &data[pos..=nl] } else { &data[pos..nl] };
                    let ok = match std::str::from_utf8(line) {
                        Ok(t) => self.plain_text_at(t, rel_line),
                        Err(_) => self.utf8_error(rel_line, line),
                    };
                    if !ok {
                        return;
                    }
                    rel_line += 1;
                    pos = nl + 1;
                }
                self.out.line_feeds = memchr::memchr_iter(b'\n', data).count() as u64;
            }
        }
    }

    fn plain_text(&mut self, text: &str) {
        self.plain_text_at(text, 0);
    }

    /// Rows of `text` (whole lines, valid UTF-8) whose first line is `first_line`; `false`
    /// when a row stopped the read. Delimiters and line feeds are found in one SIMD scan.
    fn plain_text_at(&mut self, text: &str, first_line: u64) -> bool {
        let delim = self.meta.delimiter;
        let data = text.as_bytes();
        let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(self.meta.headers.len() + 1);
        let mut line_start = 0;
        let mut field_start = 0;
        let mut rel_line = first_line;
        let mut event = |this: &mut Self, pos: usize, byte: u8| -> bool {
            if byte != b'\n' {
                bounds.push(field_bounds(text, field_start, pos));
                field_start = pos + 1;
                return true;
            }
            let mut end = pos;
            if end > line_start && data[end - 1] == b'\r' {
                end -= 1;
            }
            let mut ok = true;
            if (end - line_start) as u64 > this.meta.max_record_size {
                let too_long = ScanError::TooLong { line: rel_line, quote_line: None };
                return this.fatal(super::scan_error(
                    &this.meta.path,
                    too_long,
                    this.meta.max_record_size,
                    &this.meta.headers,
                ));
            }
            if end > line_start {
                bounds.push(field_bounds(text, field_start, end));
                // Bounds are offsets into the whole chunk's text.
                ok = this.row(text, &bounds, rel_line, rel_line);
            }
            bounds.clear();
            rel_line += 1;
            line_start = pos + 1;
            field_start = pos + 1;
            ok
        };
        // The AVX2 searcher directly where the CPU has it (no dispatch per match).
        #[cfg(target_arch = "x86_64")]
        let avx2 = memchr::arch::x86_64::avx2::memchr::Two::new(delim, b'\n');
        #[cfg(not(target_arch = "x86_64"))]
        let avx2: Option<memchr::arch::all::memchr::Two> = None;
        match avx2 {
            Some(two) => {
                for pos in two.iter(data) {
                    if !event(self, pos, data[pos]) {
                        return false;
                    }
                }
            }
            None => {
                for pos in memchr::memchr2_iter(delim, b'\n', data) {
                    if !event(self, pos, data[pos]) {
                        return false;
                    }
                }
            }
        }
        // A last line without a line feed.
        let unterminated = data.last().is_some_and(|c| *c != b'\n');
        if unterminated && !event(self, data.len(), b'\n') {
            return false;
        }
        self.out.line_feeds = rel_line - first_line - u64::from(unterminated);
        true
    }

    /// The general path: the csv crate on the chunk (quotes, lone carriage returns). Lines,
    /// record lengths and quotes are the scanner's ([`super::scan`]), which sees the same
    /// records in the same order; the fields are the csv parser's.
    fn quoted(&mut self, data: &[u8]) {
        let meta = self.meta;
        let mut scanner = Scanner::new(meta.delimiter, meta.max_record_size, 0, meta.headers.len());
        let mut infos = Vec::new();
        let scanned = scanner.scan(data, &mut |r| infos.push(r)).and_then(|()| scanner.finish(&mut |r| infos.push(r)));
        let mut reader =
            csv::ReaderBuilder::new().delimiter(meta.delimiter).has_headers(false).flexible(true).from_reader(data);
        let mut record = csv::ByteRecord::new();
        let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(meta.headers.len() + 1);
        for info in &infos {
            // Where the sequential reader places record-level errors: the record's last line.
            let last_line = if self.at_last_line { info.end_line } else { info.line };
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                // Not on a slice; and the scanner saw no more records than the parser.
                Ok(false) | Err(_) => break,
            }
            if let Some(e) = meta.line_break_error(info) {
                self.fatal(e);
                return;
            }
            let Ok(text) = std::str::from_utf8(record.as_slice()) else {
                if !self.utf8_error(last_line, &super::joined(&record, meta.delimiter)) {
                    return;
                }
                continue;
            };
            bounds.clear();
            bounds.extend((0..record.len()).filter_map(|i| record.range(i)).map(|r| (r.start, r.end)));
            if !bounds.iter().all(|&(a, b)| text.is_char_boundary(a) && text.is_char_boundary(b)) {
                if !self.utf8_error(last_line, &super::joined(&record, meta.delimiter)) {
                    return;
                }
                continue;
            }
            for b in bounds.iter_mut() {
                *b = field_bounds(text, b.0, b.1);
            }
            if !self.row(text, &bounds, info.line, last_line) {
                return;
            }
        }
        if let Err(e) = scanned {
            self.fatal(super::scan_error(&meta.path, e, meta.max_record_size, &meta.headers));
            return;
        }
        self.out.line_feeds = scanner.line();
    }

    /// An error that ends the read whatever `--skip-invalid` says (its line relative to the
    /// chunk); `false`, to stop the chunk.
    fn fatal(&mut self, e: InputError) -> bool {
        self.out.fatal = Some(e);
        self.stop.store(true, Ordering::Relaxed);
        false
    }
}

/// The field `text[a..b]` trimmed of white space (as `str::trim` does), as offsets; `a` and
/// `b` are on character boundaries.
#[inline]
fn field_bounds(text: &str, a: usize, b: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    // Most fields have no white space at either end: no need to decode them.
    let plain = |c: u8| c.is_ascii_graphic();
    if a == b || (plain(bytes[a]) && plain(bytes[b - 1])) {
        return (a, b);
    }
    let field = text.get(a..b).unwrap_or("");
    let t = field.trim();
    let start = a + (t.as_ptr() as usize - field.as_ptr() as usize);
    (start, start + t.len())
}

/// Parses one chunk's rows into `acc`; what it gave besides.
/// `at_last_line`: see [`ChunkCtx::at_last_line`].
fn parse_chunk<A, F>(
    meta: &Meta,
    fold: &F,
    acc: &mut A,
    chunk: &Chunk,
    stop: &AtomicBool,
    at_last_line: bool,
) -> ChunkMeta
where
    F: Fn(&mut A, &RawRow) -> Result<(), InputError>,
{
    let out = ChunkMeta { index: chunk.index, ..ChunkMeta::default() };
    let mut ctx = ChunkCtx { meta, fold, acc, out, stop, at_last_line, span: Cell::new(None) };
    let data = &chunk.buf[chunk.start..chunk.end];
    let lone_cr = chunk.quoted || memchr::memchr_iter(b'\r', data).any(|i| data.get(i + 1) != Some(&b'\n'));
    if chunk.too_long {
        // A record with no end within the limit: the scanner names its line (and an open
        // quote); the block is not parsed.
        let mut scanner = Scanner::new(meta.delimiter, meta.max_record_size, 0, meta.headers.len());
        let e = match scanner.scan(data, &mut |_| {}) {
            Err(e) => e,
            Ok(()) => ScanError::TooLong { line: scanner.line(), quote_line: None },
        };
        ctx.fatal(super::scan_error(&meta.path, e, meta.max_record_size, &meta.headers));
    } else if lone_cr {
        ctx.quoted(data);
    } else {
        ctx.plain(data);
    }
    ctx.out.span = ctx.span.get();
    ctx.out
}

/// `at`, or one past it when it falls between the CR and the LF of a CRLF (the csv parser's
/// position after a record may): a chunk never starts with the LF of a line end it does not
/// own, so that each CRLF is counted once.
fn after_crlf(buf: &[u8], at: usize) -> usize {
    if at > 0 && buf.get(at - 1) == Some(&b'\r') && buf.get(at) == Some(&b'\n') {
        at + 1
    } else {
        at
    }
}

/// Line ends in `bytes` by the one rule: CR, LF and CRLF each end a line, CRLF counts once.
fn line_ends(bytes: &[u8]) -> u64 {
    let lf = memchr::memchr_iter(b'\n', bytes).count();
    let lone_cr = memchr::memchr_iter(b'\r', bytes).filter(|&i| bytes.get(i + 1) != Some(&b'\n')).count();
    (lf + lone_cr) as u64
}

/// Where to cut `block` (which starts at a record boundary): the start of its last record,
/// as the csv parser sees it; `None` when the block holds no complete record.
fn quoted_boundary(block: &[u8], delimiter: u8) -> Option<usize> {
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(block);
    let mut record = csv::ByteRecord::new();
    let (mut last, mut before_last) = (0usize, None);
    while let Ok(true) = reader.read_byte_record(&mut record) {
        before_last = Some(last);
        last = reader.position().byte() as usize;
    }
    // The last record read may be cut by the block's end: split before it.
    before_last.filter(|b| *b > 0)
}

impl CsvInput {
    /// Folds every row in parallel: `init` makes an accumulator per worker, `fold` takes a row
    /// (an error, made by [`RawRow::error`], stops the read, or skips and counts the row, per
    /// `on_invalid`), `merge` joins two accumulators (the order of merges is not the file's). Returns the accumulator and
    /// the file's summary, with the SHA-256 of the whole file.
    pub fn par_fold<A, I, F, M>(self, path: &Path, init: I, fold: F, merge: M) -> Result<(A, InputSummary), InputError>
    where
        A: Send,
        I: Fn() -> A + Sync + Send,
        F: Fn(&mut A, &RawRow) -> Result<(), InputError> + Sync + Send,
        M: Fn(A, A) -> A + Sync + Send,
    {
        self.par_fold_blocks(path, BLOCK, init, fold, merge)
    }

    /// [`CsvInput::par_fold`] with blocks of `block` bytes (small blocks in tests).
    pub(crate) fn par_fold_blocks<A, I, F, M>(
        self,
        path: &Path,
        block: usize,
        init: I,
        fold: F,
        merge: M,
    ) -> Result<(A, InputSummary), InputError>
    where
        A: Send,
        I: Fn() -> A + Sync + Send,
        F: Fn(&mut A, &RawRow) -> Result<(), InputError> + Sync + Send,
        M: Fn(A, A) -> A + Sync + Send,
    {
        // The files of the input one after the other, their accumulators merged.
        let mut this = self;
        let More { rest, opts, label } = this.take_more();
        let (kind, specs) = (this.meta.kind, this.meta.specs);
        let (mut acc, first) = this.par_fold_file(path, block, &init, &fold, &merge)?;
        let mut parts = vec![first];
        for next in rest {
            let input = CsvInput::open_next(kind, &next, specs, &opts)?;
            let (a, summary) = input.par_fold_file(&next, block, &init, &fold, &merge)?;
            acc = merge(acc, a);
            parts.push(summary);
        }
        Ok((acc, combine(label, parts)))
    }

    /// [`CsvInput::par_fold_blocks`] on one file.
    fn par_fold_file<A, I, F, M>(
        self,
        path: &Path,
        block: usize,
        init: &I,
        fold: &F,
        merge: &M,
    ) -> Result<(A, InputSummary), InputError>
    where
        A: Send,
        I: Fn() -> A + Sync + Send,
        F: Fn(&mut A, &RawRow) -> Result<(), InputError> + Sync + Send,
        M: Fn(A, A) -> A + Sync + Send,
    {
        // A pipe cannot be read again from the start: read it once, sequentially.
        if !std::fs::metadata(path).is_ok_and(|m| m.file_type().is_file()) {
            return self.fold_sequential(init, fold);
        }
        let meta = self.meta;
        drop(self.reader);
        let opened = source::open(path, meta.encoding)?;
        let size = if opened.stored_hash.is_none() { std::fs::metadata(path).map_or(0, |m| m.len()) } else { 0 };
        let progress = if size >= PROGRESS_MIN_BYTES && std::io::stderr().is_terminal() {
            let bar = indicatif::ProgressBar::new(size);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{msg} {bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar.set_message(meta.kind);
            bar
        } else {
            indicatif::ProgressBar::hidden()
        };
        let stop = AtomicBool::new(false);
        let (pool_tx, pool_rx) = mpsc::channel::<Vec<u8>>();
        let meta_ref = &meta;
        let stop_ref = &stop;
        // The workers take turns reading the next block (the reading and hashing are
        // sequential, under the lock), then parse it on their own.
        let blocks = Mutex::new(Blocks::new(opened, meta_ref, block.max(1), pool_rx, stop_ref, progress));
        let (acc, mut metas) = std::iter::from_fn(|| blocks.lock().ok()?.next_chunk())
            .par_bridge()
            .fold(
                || (init(), Vec::new()),
                |(mut acc, mut metas): (A, Vec<ChunkMeta>), chunk: Chunk| {
                    metas.push(parse_chunk(meta_ref, &fold, &mut acc, &chunk, stop_ref, false));
                    // The block goes back to the reader for reuse.
                    let _ = pool_tx.send(chunk.buf);
                    (acc, metas)
                },
            )
            .reduce(
                || (init(), Vec::new()),
                |(a, mut ma), (b, mb)| {
                    ma.extend(mb);
                    (merge(a, b), ma)
                },
            );
        let blocks = match blocks.into_inner() {
            Ok(b) => b,
            Err(_) => return Err(InputError::file(&meta.path, "reading failed", "a readable CSV file")),
        };
        let (sha256, header_line_feeds) = blocks.finish()?;
        metas.sort_by_key(|m| m.index);
        let mut summary = InputSummary { sha256, ..meta.empty_summary() };
        // Line of each chunk's first byte: 1 + the line feeds before it.
        let mut line = 1 + header_line_feeds;
        for m in metas {
            line = m.add_to(&mut summary, line, meta.on_invalid)?;
        }
        Ok((acc, summary))
    }
}

impl CsvInput {
    /// Parses rows in parallel and hands them on in file order: workers parse blocks into
    /// accumulators made by `init` (`fold` takes a row; an error stops the read, or skips and
    /// counts the row, per `on_invalid`), and `consume` takes each block's accumulator in file
    /// order with the line to add to [`RawRow::line_in_chunk`]; it must empty the accumulator,
    /// which is then reused. At most 16 blocks, or two per worker, are parsed ahead of `consume`.
    /// Pipes and files with CR-only line ends are read on one thread (the CSV core), with
    /// `consume` called after every row and a line offset of 0. Returns the file's summary.
    pub fn par_fold_ordered<A, I, F, C>(
        self,
        path: &Path,
        init: I,
        fold: F,
        consume: C,
    ) -> Result<InputSummary, InputError>
    where
        A: Send,
        I: Fn() -> A + Sync,
        F: Fn(&mut A, &RawRow) -> Result<(), InputError> + Sync,
        C: FnMut(&mut A, u64),
    {
        self.par_fold_ordered_blocks(path, BLOCK, init, fold, consume)
    }

    /// [`CsvInput::par_fold_ordered`] with blocks of `block` bytes (small blocks in tests).
    /// The files of an input of several are read one after the other, in order.
    pub(crate) fn par_fold_ordered_blocks<A, I, F, C>(
        self,
        path: &Path,
        block: usize,
        init: I,
        fold: F,
        mut consume: C,
    ) -> Result<InputSummary, InputError>
    where
        A: Send,
        I: Fn() -> A + Sync,
        F: Fn(&mut A, &RawRow) -> Result<(), InputError> + Sync,
        C: FnMut(&mut A, u64),
    {
        let mut this = self;
        let More { rest, opts, label } = this.take_more();
        let (kind, specs) = (this.meta.kind, this.meta.specs);
        let mut parts = vec![this.par_fold_ordered_file(path, block, &init, &fold, &mut consume)?];
        for next in rest {
            let input = CsvInput::open_next(kind, &next, specs, &opts)?;
            parts.push(input.par_fold_ordered_file(&next, block, &init, &fold, &mut consume)?);
        }
        Ok(combine(label, parts))
    }

    /// [`CsvInput::par_fold_ordered_blocks`] on one file.
    fn par_fold_ordered_file<A, I, F, C>(
        self,
        path: &Path,
        block: usize,
        init: &I,
        fold: &F,
        consume: &mut C,
    ) -> Result<InputSummary, InputError>
    where
        A: Send,
        I: Fn() -> A + Sync,
        F: Fn(&mut A, &RawRow) -> Result<(), InputError> + Sync,
        C: FnMut(&mut A, u64),
    {
        if !std::fs::metadata(path).is_ok_and(|m| m.file_type().is_file()) {
            let mut acc = init();
            let (_, summary) = self.fold_sequential(
                || (),
                |_, row| {
                    let r = fold(&mut acc, row);
                    consume(&mut acc, 0);
                    r
                },
            )?;
            return Ok(summary);
        }
        let meta = self.meta;
        drop(self.reader);
        let opened = source::open(path, meta.encoding)?;
        let threads = rayon::current_num_threads().max(1);
        // At least 16 blocks (256 KiB of text each), two a worker beyond 8 workers: with 4 on
        // 2 cores the folding thread, sharing the cores with the reader and the workers, often
        // found no block ready when it got a core back (BENCHMARKS.md: rows sorted by time
        // 1.78 -> 1.64 s); many cores need no more than two each, and memory stays bounded.
        let ahead = (2 * threads).max(16);
        let stop = AtomicBool::new(false);
        let (pool_tx, pool_rx) = mpsc::channel::<Vec<u8>>();
        let blocks = Blocks::new(opened, &meta, block.max(1), pool_rx, &stop, indicatif::ProgressBar::hidden());
        // Reading and hashing on one thread, parsing on `threads`, folding on this one. A block
        // is read only with a token; a token comes back when its block is folded: at most
        // `ahead` blocks are read and not yet folded (so the queue below never blocks).
        let (token_tx, token_rx) = mpsc::channel::<()>();
        for _ in 0..ahead {
            let _ = token_tx.send(());
        }
        let (job_tx, job_rx) = mpsc::sync_channel::<Chunk>(ahead);
        let job_rx = Mutex::new(job_rx);
        let (done_tx, done_rx) = mpsc::channel::<(Chunk, A, ChunkMeta)>();
        // Accumulators emptied by `consume`, for reuse (they may hold caches).
        let spare: Mutex<Vec<A>> = Mutex::new(Vec::new());
        let mut summary = meta.empty_summary();
        let (outcome, blocks) = std::thread::scope(|scope| {
            let reader = scope.spawn(move || {
                let mut blocks = blocks;
                while token_rx.recv().is_ok() {
                    let Some(chunk) = blocks.next_chunk() else { break };
                    if job_tx.send(chunk).is_err() {
                        break;
                    }
                }
                // Dropping the queue's sender ends the workers once it is empty.
                blocks
            });
            for _ in 0..threads {
                let (job_rx, done_tx, spare, fold, init, meta, stop) =
                    (&job_rx, done_tx.clone(), &spare, &fold, &init, &meta, &stop);
                scope.spawn(move || loop {
                    let next = job_rx.lock().ok().and_then(|rx| rx.recv().ok());
                    let Some(chunk) = next else { return };
                    let mut acc = spare.lock().ok().and_then(|mut s| s.pop()).unwrap_or_else(init);
                    let out = parse_chunk(meta, fold, &mut acc, &chunk, stop, true);
                    if done_tx.send((chunk, acc, out)).is_err() {
                        return;
                    }
                });
            }
            drop(done_tx);
            // Parsed blocks waiting for their turn, by index.
            let mut waiting: BTreeMap<usize, (A, ChunkMeta)> = BTreeMap::new();
            let mut next = 0usize;
            let mut line = 0u64;
            let mut result = Ok(());
            // Ends when the reader and then every worker are done.
            'blocks: while let Ok((chunk, acc, out)) = done_rx.recv() {
                let _ = pool_tx.send(chunk.buf);
                if out.index == 0 {
                    // Line of the first chunk's first byte: 1 + the header's line feeds.
                    line = 1 + chunk.header_line_feeds;
                }
                waiting.insert(out.index, (acc, out));
                while let Some((mut acc, m)) = waiting.remove(&next) {
                    next += 1;
                    consume(&mut acc, line);
                    if let Ok(mut s) = spare.lock() {
                        s.push(acc);
                    }
                    let _ = token_tx.send(());
                    match m.add_to(&mut summary, line, meta.on_invalid) {
                        Ok(next_line) => line = next_line,
                        Err(p) => {
                            result = Err(p);
                            break 'blocks;
                        }
                    }
                }
            }
            // Without tokens the reader stops; without a receiver the workers stop.
            drop(token_tx);
            drop(done_rx);
            (result, reader.join())
        });
        outcome?;
        let blocks = blocks.map_err(|_| InputError::file(&meta.path, "reading failed", "a readable CSV file"))?;
        let (sha256, _) = blocks.finish()?;
        summary.sha256 = sha256;
        Ok(summary)
    }

    /// The same fold on one thread through the CSV core (for pipes).
    fn fold_sequential<A, I, F>(self, init: I, mut fold: F) -> Result<(A, InputSummary), InputError>
    where
        I: Fn() -> A,
        F: FnMut(&mut A, &RawRow) -> Result<(), InputError>,
    {
        let mut acc = init();
        let mut bounds: Vec<(usize, usize)> = Vec::new();
        let summary = self.for_each_row(|row| {
            let text = row.record.as_slice();
            bounds.clear();
            for i in 0..row.record.len() {
                if let Some(r) = row.record.range(i) {
                    bounds.push(field_bounds(text, r.start, r.end));
                }
            }
            // Here the line is already the file's.
            fold(&mut acc, &RawRow { meta: row.input, text, bounds: &bounds, rel_line: row.line, span: row.span })
        })?;
        Ok((acc, summary))
    }
}

/// Reads the file in blocks, hashes every byte, and cuts each block at a record boundary.
struct Blocks<'a> {
    file: Box<dyn Read + Send>,
    /// The SHA-256 of the stored bytes when the text read is not them (then `hasher` is unused).
    stored: Option<StoredHash>,
    meta: &'a Meta,
    block: usize,
    pool: mpsc::Receiver<Vec<u8>>,
    stop: &'a AtomicBool,
    progress: indicatif::ProgressBar,
    hasher: Sha256,
    /// The start of a record cut by the previous block's end.
    carry: Vec<u8>,
    index: usize,
    header_line_feeds: u64,
    skip_header: usize,
    eof: bool,
    error: Option<InputError>,
}

impl<'a> Blocks<'a> {
    fn new(
        opened: source::Opened,
        meta: &'a Meta,
        block: usize,
        pool: mpsc::Receiver<Vec<u8>>,
        stop: &'a AtomicBool,
        progress: indicatif::ProgressBar,
    ) -> Self {
        Blocks {
            file: opened.reader,
            stored: opened.stored_hash,
            meta,
            block,
            pool,
            stop,
            progress,
            hasher: Sha256::new(),
            carry: Vec::new(),
            index: 0,
            header_line_feeds: 0,
            skip_header: meta.data_start as usize,
            eof: false,
            error: None,
        }
    }

    fn io_error(&self, e: std::io::Error) -> InputError {
        source::io_error(&self.meta.path, 0, &e)
    }

    /// The next chunk; `None` at the end, after an error, or once a row stopped the read.
    fn next_chunk(&mut self) -> Option<Chunk> {
        if self.eof || self.error.is_some() || self.stop.load(Ordering::Relaxed) {
            return None;
        }
        let mut buf = self.pool.try_recv().unwrap_or_else(|_| Vec::with_capacity(self.block + (self.block >> 3)));
        buf.clear();
        buf.extend_from_slice(&self.carry);
        let mut more = self.block;
        let mut too_long = false;
        let end = loop {
            // Read up to `more` bytes (into spare capacity: no zeroing).
            let len = buf.len();
            let mut want = more;
            while want > 0 {
                let before = buf.len();
                match (&mut self.file).take(want as u64).read_to_end(&mut buf) {
                    Ok(_) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        self.error = Some(self.io_error(e));
                        return None;
                    }
                }
                let n = buf.len() - before;
                if n == 0 {
                    self.eof = true;
                    break;
                }
                want -= n;
            }
            if self.stored.is_none() {
                self.hasher.update(&buf[len..]);
            }
            self.progress.inc((buf.len() - len) as u64);
            let start = after_crlf(&buf, self.skip_header.min(buf.len()));
            let data = &buf[start..];
            let end = if self.eof {
                Some(buf.len())
            } else if memchr::memchr(b'"', data).is_none() {
                // Without quotes a lone CR ends a record too (rows of a file whose lines end
                // in CR only): memory stays one block per worker. Not a CR that is the last
                // byte read: its LF may come next, and a CRLF is never cut.
                let before_last = &data[..data.len().saturating_sub(1)];
                memchr::memrchr(b'\n', data).or_else(|| memchr::memrchr(b'\r', before_last)).map(|i| start + i + 1)
            } else {
                quoted_boundary(data, self.meta.delimiter).map(|i| after_crlf(&buf, start + i))
            };
            if let Some(end) = end {
                break end;
            }
            // (A record of exactly the limit may be followed by its line end: one byte more.)
            if (buf.len() - start) as u64 > self.meta.max_record_size + 1 {
                // A record with no end within the limit: the chunk holds its start (at most
                // the limit and a block), the read stops there.
                too_long = true;
                self.eof = true;
                self.stop.store(true, Ordering::Relaxed);
                break buf.len();
            }
            // No record boundary yet (a record longer than a block, or a quote left open):
            // read as much again, so that the block is searched O(log n) times, not O(n).
            more = buf.len().max(self.block);
        };
        let start = after_crlf(&buf, self.skip_header.min(end)).min(end);
        if self.skip_header > 0 {
            self.header_line_feeds = line_ends(&buf[..start]);
            self.skip_header = 0;
        }
        self.carry.clear();
        self.carry.extend_from_slice(&buf[end..]);
        let quoted = memchr::memchr(b'"', &buf[start..end]).is_some();
        let index = self.index;
        self.index += 1;
        Some(Chunk { index, buf, start, end, quoted, header_line_feeds: self.header_line_feeds, too_long })
    }

    /// The file's SHA-256 (hashing what was not read yet) and the header's line feeds.
    fn finish(mut self) -> Result<(String, u64), InputError> {
        self.progress.finish_and_clear();
        if let Some(e) = self.error {
            return Err(e);
        }
        if let Some(stored) = self.stored.take().filter(|_| !self.stop.load(Ordering::Relaxed)) {
            let sha = stored.finish(&mut self.file).map_err(|e| self.io_error(e))?;
            return Ok((sha, self.header_line_feeds));
        }
        if !self.stop.load(Ordering::Relaxed) {
            // After a stop the run ends in an error: the rest is not hashed.
            if let Err(e) = std::io::copy(&mut self.file, &mut HashWriter(&mut self.hasher)) {
                return Err(self.io_error(e));
            }
        }
        Ok((source::hex(&self.hasher.finalize()), self.header_line_feeds))
    }
}

/// Hashes what is written to it.
struct HashWriter<'a>(&'a mut Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests;
