//! Test code only: the parent declares this module under #[cfg(test)].
use std::io::Write as _;

use proptest::prelude::*;

use super::*;
use crate::ingest::{ColumnSpec, ReadOptions};

/// `a` and `b` are free-text columns (their values may span lines).
const SPECS: &[ColumnSpec] = &[
    ColumnSpec { name: "id", aliases: &[], required: true },
    ColumnSpec { name: "subject", aliases: &["a"], required: true },
    ColumnSpec { name: "description", aliases: &["b"], required: true },
];

type Rows = Vec<(u64, Vec<String>)>;

fn file(content: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(content.as_bytes()).unwrap();
    f
}

fn opts(on_invalid: OnInvalid) -> ReadOptions {
    ReadOptions { delimiter: None, zone: chrono_tz::Europe::Paris, on_invalid, ..Default::default() }
}

/// Rows in id order through the parallel engine with `block`-byte blocks; a row whose `a`
/// is `BAD` is an error.
fn parallel(path: &Path, block: usize, on_invalid: OnInvalid) -> Result<(Rows, InputSummary), InputError> {
    let input = CsvInput::open("test", path, SPECS, &opts(on_invalid))?;
    let (mut rows, summary) = input.par_fold_blocks(
        path,
        block,
        Vec::new,
        |acc: &mut Rows, row| {
            let id = row.required(0)?;
            let a = row.get(1).unwrap_or("");
            if a == "BAD" {
                return Err(row.error(1, a, "bad value", "a good value"));
            }
            let fields = (0..3).map(|c| row.get(c).unwrap_or("").to_string()).collect();
            acc.push((id.parse().unwrap(), fields));
            Ok(())
        },
        |mut a, b| {
            a.extend(b);
            a
        },
    )?;
    rows.sort_by_key(|r| r.0);
    Ok((rows, summary))
}

/// The same through the csv crate, sequentially; also the line of the first `BAD` row.
fn sequential(path: &Path) -> (Rows, Option<u64>) {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_path(path).unwrap();
    let mut rows = Vec::new();
    let mut bad = None;
    for r in reader.records() {
        let r = r.unwrap();
        if &r[1] == "BAD" {
            bad = bad.or(r.position().map(|p| p.line()));
            continue;
        }
        rows.push((r[0].parse().unwrap(), r.iter().map(str::to_string).collect()));
    }
    (rows, bad)
}

fn sha256_hex(s: &str) -> String {
    Sha256::digest(s.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn quoted_line_breaks_do_not_break_the_split() {
    let content = "id,a,b\n1,\"two\nlines\",x\n2,\"say \"\"hi\"\",\nthere\",y\n3,plain,z\n4,\"a,b\",w\n";
    let f = file(content);
    let (want, _) = sequential(f.path());
    assert_eq!(want.len(), 4);
    for block in [1, 3, 7, 16, 40, 1 << 20] {
        let (rows, summary) = parallel(f.path(), block, OnInvalid::Stop).unwrap();
        assert_eq!(rows, want, "block {block}");
        assert_eq!(rows[0].1[1], "two\nlines");
        assert_eq!(summary.rows, 4);
        assert_eq!(summary.sha256, sha256_hex(content));
    }
}

#[test]
fn an_error_in_the_second_chunk_names_its_line() {
    // Line 1 header; 20 rows on lines 2–21 of 8 bytes each; row 15 (line 16) is bad.
    let mut content = String::from("id,a,b\n");
    for i in 1..=20 {
        let a = if i == 15 { "BAD" } else { "ok " };
        content.push_str(&format!("{i:02},{a},x\n"));
    }
    let f = file(&content);
    for block in [32, 64, 100] {
        let err = parallel(f.path(), block, OnInvalid::Stop).unwrap_err();
        assert_eq!(err.line, 16, "block {block}");
        assert_eq!(err.column, Some(("a".to_string(), 2)));
    }
    // CRLF line ends and an empty line: still the physical line of the row.
    let crlf = content.replace('\n', "\r\n").replacen("05,ok ,x\r\n", "05,ok ,x\r\n\r\n", 1);
    let f = file(&crlf);
    let err = parallel(f.path(), 40, OnInvalid::Stop).unwrap_err();
    assert_eq!(err.line, 17);
    // Skipping counts per reason and keeps the rest.
    let f = file(&content);
    let (rows, summary) = parallel(f.path(), 32, OnInvalid::Skip).unwrap();
    assert_eq!((rows.len(), summary.rows, summary.skipped), (19, 20, 1));
    assert_eq!(summary.skipped_by_reason.get("bad value"), Some(&1));
}

#[test]
fn wrong_field_counts_and_invalid_utf8_are_errors_on_their_line() {
    let f = file("id,a,b\n1,x,y\n2,x\n");
    let err = parallel(f.path(), 8, OnInvalid::Stop).unwrap_err();
    assert_eq!((err.line, err.reason.as_str()), (3, "wrong number of fields"));
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(b"id,a,b\n1,x,y\n2,\xff,y\n3,x,y\n").unwrap();
    let (rows, summary) = parallel(f.path(), 1 << 20, OnInvalid::Collect).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(summary.problems.len(), 1);
    assert_eq!((summary.problems[0].line, summary.problems[0].reason.as_str()), (3, "invalid UTF-8"));
}

/// One field of a random file, written as CSV.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{0,6}",
        " [a-z]{1,4} ",
        "\u{a0}[a-zé]{1,3}\t",
        "[a-z]{1,3}".prop_map(|s| format!("\" {s}\u{a0}\"")),
        "[a-z]{1,3}".prop_map(|s| format!("\"{s}\"")),
        "[a-z]{1,3}".prop_map(|s| format!("\"{s},{s}\"")),
        "[a-z]{1,3}".prop_map(|s| format!("\"{s}\n{s}\"")),
        "[a-z]{1,3}".prop_map(|s| format!("\"{s}\"\"{s}\"")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Chunked parallel reading gives what sequential reading gives, whatever the block size
    /// (so the number of chunks) and the quoting; an error names the same line.
    #[test]
    fn chunked_reading_equals_sequential_reading(
        rows in proptest::collection::vec((field(), field()), 0..40),
        bad in proptest::option::of(0usize..40),
        block in 1usize..200,
        crlf in any::<bool>(),
    ) {
        let mut content = String::from("id,a,b\n");
        for (i, (a, b)) in rows.iter().enumerate() {
            let a = if Some(i) == bad { "BAD" } else { a.as_str() };
            content.push_str(&format!("{i},{a},{b}\n"));
        }
        let f = file(&content);
        let (want, bad_line) = sequential(f.path());
        match parallel(f.path(), block, OnInvalid::Stop) {
            Ok((got, summary)) => {
                prop_assert!(bad_line.is_none());
                prop_assert_eq!(got, want.clone());
                prop_assert_eq!(summary.rows, rows.len() as u64);
                prop_assert_eq!(summary.sha256, sha256_hex(&content));
            }
            Err(e) => prop_assert_eq!(Some(e.line), bad_line),
        }
        if crlf {
            // Same records with CRLF line ends (csv's own line numbers are off there).
            let content = content.replace('\n', "\r\n");
            let f = file(&content);
            let (got, _) = parallel(f.path(), block, OnInvalid::Skip).unwrap();
            let want: Rows = want.into_iter()
                .map(|(i, v)| (i, v.into_iter().map(|s| s.replace('\n', "\r\n")).collect()))
                .collect();
            prop_assert_eq!(got, want);
        }
    }
}

#[test]
fn a_quote_left_open_is_an_error_on_its_line_in_linear_time() {
    // Row 2 (line 3) opens a quote that never closes: the rest of the file would be one field
    // (for the csv crate, silently). It is an error on line 3, even when skipping, with any
    // block size: the search for the record's end doubles the block, it is not quadratic.
    let mut content = String::from("id,a,b\n1,x,y\n2,\"open\n");
    for i in 3..20_000 {
        content.push_str(&format!("{i},x,y\n"));
    }
    let f = file(&content);
    for on_invalid in [OnInvalid::Stop, OnInvalid::Skip] {
        let err = parallel(f.path(), 64, on_invalid).unwrap_err();
        assert_eq!((err.line, err.reason.as_str()), (3, "quoted field never closed"));
    }
}

#[test]
fn a_file_whose_lines_end_in_cr_only_is_read_with_its_lines() {
    // Old Mac export: "id,a,b\r1,x,y\r2,BAD,q\r3,p,q\r" has no line feed at all. A CR ends a
    // line as a LF does: row 2 is on line 3, in blocks of any size.
    let f = file("id,a,b\r1,x,y\r2,BAD,q\r3,p,q\r");
    for block in [4, 9, 1 << 20] {
        let e = parallel(f.path(), block, OnInvalid::Stop).unwrap_err();
        assert_eq!((e.line, e.reason.as_str()), (3, "bad value"), "block {block}");
        let (rows, summary) = parallel(f.path(), block, OnInvalid::Skip).unwrap();
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [1, 3]);
        assert_eq!(summary.skipped, 1);
    }
    // Mixed line ends (CR, CRLF, LF; a blank CRLF line): row 2 is on line 4.
    let f = file("id,a,b\r1,x,y\r\n\r\n2,BAD,q\n3,p,q\r");
    for block in [1, 5, 1 << 20] {
        let e = parallel(f.path(), block, OnInvalid::Stop).unwrap_err();
        assert_eq!(e.line, 4, "block {block}");
    }
}

#[test]
fn rows_ending_in_cr_only_after_an_lf_header_are_cut_into_bounded_blocks() {
    // An LF header, then 2000 rows ending in a lone CR ("0,x,y\r" … "1999,x,y\r": 6 to 9
    // bytes: 10 × 6 + 90 × 7 + 900 × 8 + 1000 × 9 = 16,890 bytes). Blocks of 64 bytes are cut
    // after their last CR, so a chunk is at most the 64 bytes read plus the ≤ 8-byte remainder
    // of a row carried from the block before: ≤ 72 bytes, and at least 16,890 / 72 ≈ 235
    // chunks. (Before: no LF after the header, so the block doubled until the end of the
    // file: one chunk of 16,890 bytes.)
    let mut content = String::from("id,a,b\n");
    for i in 0..2000 {
        content.push_str(&format!("{i},x,y\r"));
    }
    let f = file(&content);
    let input = CsvInput::open("test", f.path(), SPECS, &opts(OnInvalid::Stop)).unwrap();
    let meta = input.meta;
    let (_tx, rx) = mpsc::channel();
    let stop = AtomicBool::new(false);
    let file = crate::ingest::source::open(f.path(), Default::default()).unwrap();
    let mut blocks = Blocks::new(file, &meta, 64, rx, &stop, indicatif::ProgressBar::hidden());
    let mut sizes = Vec::new();
    while let Some(c) = blocks.next_chunk() {
        sizes.push(c.end - c.start);
    }
    assert_eq!(sizes.iter().sum::<usize>(), content.len() - "id,a,b\n".len());
    assert!(sizes.len() >= 235, "{} chunks", sizes.len());
    assert!(sizes.iter().all(|s| *s <= 72), "{sizes:?}");
    // And the rows are those the csv crate reads.
    let (want, _) = sequential(f.path());
    assert_eq!(want.len(), 2000);
    let (got, summary) = parallel(f.path(), 64, OnInvalid::Stop).unwrap();
    assert_eq!((got, summary.rows), (want, 2000));
}

#[test]
fn a_record_over_the_limit_stops_the_read_with_bounded_blocks() {
    // 2,000 short rows (past what opening the file reads), then on line 2,002 a 100,000-byte
    // row with no line end before the end of the file; a limit of 1,000 bytes and blocks of
    // 64. The search for the row's end doubles the block until the row passes the limit: no
    // block ever holds more than the limit, one more byte and the last read (at most as much
    // again): 2 × 1,001 + 64 bytes.
    let mut content = String::from("id,a,b\n");
    for i in 1..=2000 {
        content.push_str(&format!("{i},x,y\n"));
    }
    content.push_str(&format!("2001,{},y", "z".repeat(100_000)));
    let f = file(&content);
    let opts = ReadOptions { max_record_size: 1_000, ..opts(OnInvalid::Skip) };
    let input = CsvInput::open("test", f.path(), SPECS, &opts).unwrap();
    let meta = input.meta;
    let (_tx, rx) = mpsc::channel();
    let stop = AtomicBool::new(false);
    let mut blocks = Blocks::new(
        crate::ingest::source::open(f.path(), Default::default()).unwrap(),
        &meta,
        64,
        rx,
        &stop,
        indicatif::ProgressBar::hidden(),
    );
    let mut chunks = Vec::new();
    while let Some(c) = blocks.next_chunk() {
        chunks.push((c.buf.len(), c.too_long));
    }
    assert!(chunks.iter().all(|(len, _)| *len <= 2 * 1_001 + 64), "{chunks:?}");
    assert_eq!(chunks.last().map(|c| c.1), Some(true));
    // The read fails on line 2,002, skipping or not, in the parallel and the sequential reader.
    for on_invalid in [OnInvalid::Stop, OnInvalid::Skip] {
        let input = CsvInput::open("test", f.path(), SPECS, &ReadOptions { on_invalid, ..opts.clone() }).unwrap();
        let err = input.par_fold_blocks(f.path(), 64, || (), |_, _| Ok(()), |a, _| a).unwrap_err();
        assert_eq!((err.line, err.reason.as_str()), (2002, "record longer than 1000 bytes"));
        let input = CsvInput::open("test", f.path(), SPECS, &ReadOptions { on_invalid, ..opts.clone() }).unwrap();
        let err = input.for_each_row(|_| Ok(())).unwrap_err();
        assert_eq!((err.line, err.reason.as_str()), (2002, "record longer than 1000 bytes"));
    }
}
