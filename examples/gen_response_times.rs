//! Generates a synthetic response-time log for `scripts/bench.sh`:
//! `timestamp,datacenter,client,page,duration_ms`, time-ordered over October 2026 in
//! Europe/Paris (RFC 3339 offsets +02:00 before the 25 October DST change, +01:00 after).
//!
//! Usage: `cargo run --release --example gen_response_times -- ROWS OUT.csv`

use std::fs::File;
use std::io::{BufWriter, Write};

/// A small deterministic generator (xorshift64*): no dependency, same file every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

const DATACENTERS: &[&str] = &["paris", "amsterdam", "montreal"];
const PAGES: &[&str] =
    &["/home", "/api/v1/employees", "/api/v1/reviews", "/talent/search", "/reports/monthly", "/login"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let rows: u64 = args.get(1).map_or(Ok(1_000_000), |s| s.parse())?;
    let out = args.get(2).ok_or("usage: gen_response_times ROWS OUT.csv")?;
    let mut w = BufWriter::with_capacity(1 << 20, File::create(out)?);
    writeln!(w, "timestamp,datacenter,client,page,duration_ms")?;
    // 2026-10-01T00:00:00+02:00 = 2026-09-30T22:00:00Z; 31 days + 1 h (the October change
    // gives back an hour); DST ends at 2026-10-25T01:00:00Z.
    let start: i64 = 1_790_805_600;
    let span: i64 = 31 * 86_400 + 3_600;
    let dst_end: i64 = 1_792_890_000;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for i in 0..rows {
        let t = start + (i as i64 * span) / rows as i64;
        let offset = if t < dst_end { 2 } else { 1 };
        let local = t + offset * 3_600;
        let (y, m, d) = civil_from_days(local.div_euclid(86_400));
        let s = local.rem_euclid(86_400);
        let r = rng.next();
        let dc = DATACENTERS[(r % 3) as usize];
        let page = PAGES[((r >> 8) % PAGES.len() as u64) as usize];
        let client = (r >> 16) % 400;
        // A skewed distribution: mostly 80–400 ms, a tail up to a few seconds.
        let base = 80 + (r >> 32) % 320;
        let tail = if (r >> 24) % 50 == 0 { (r >> 40) % 4_000 } else { 0 };
        let slow_dc = if dc == "montreal" { 40 } else { 0 };
        writeln!(
            w,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+0{offset}:00,{dc},client-{client:04},{page},{}",
            s / 3_600,
            s / 60 % 60,
            s % 60,
            base + tail + slow_dc
        )?;
    }
    w.flush()?;
    Ok(())
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}
