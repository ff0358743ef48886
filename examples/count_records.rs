//! The parse floor for `scripts/bench.sh`: a minimal single-threaded program on the csv crate
//! that only counts records (no field is looked at).
//!
//! Usage: `cargo run --release --example count_records -- FILE.csv`

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: count_records FILE.csv")?;
    let mut reader = csv::Reader::from_path(path)?;
    let mut record = csv::ByteRecord::new();
    let mut n: u64 = 0;
    while reader.read_byte_record(&mut record)? {
        n += 1;
    }
    println!("{n}");
    Ok(())
}
