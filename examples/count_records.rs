//! The parse floor for `scripts/bench.sh`: a minimal single-threaded program on the csv crate
//! that only counts records (no field is looked at).
//!
//! Usage: `cargo run --release --example count_records -- [--w3c] FILE`
//!
//! `--w3c` reads an IIS W3C extended log the same way: space-delimited, `#` lines (directives)
//! skipped as comments, no header; every other line is counted.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let w3c = args.first().is_some_and(|a| a == "--w3c");
    if w3c {
        args.remove(0);
    }
    let path = args.first().ok_or("usage: count_records [--w3c] FILE")?;
    let mut builder = csv::ReaderBuilder::new();
    if w3c {
        builder.delimiter(b' ').comment(Some(b'#')).has_headers(false).quoting(false);
    }
    let mut reader = builder.from_path(path)?;
    let mut record = csv::ByteRecord::new();
    let mut n: u64 = 0;
    while reader.read_byte_record(&mut record)? {
        n += 1;
    }
    println!("{n}");
    Ok(())
}
