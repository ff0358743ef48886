//! Converts the response-time CSV of `examples/gen_response_times.rs` into the same requests as
//! an IIS W3C extended log for `scripts/bench.sh`: one entry per row, times in UTC,
//! `time-taken` in milliseconds, and the data centre in an `x-datacenter` field (a custom
//! field, so that the figures per data centre equal the CSV's; `s-ip` is the data centre's
//! server too).
//!
//! Usage: `cargo run --release --example gen_w3c -- IN.csv OUT.log`

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (input, out) = match (args.get(1), args.get(2)) {
        (Some(i), Some(o)) => (i, o),
        _ => return Err("usage: gen_w3c IN.csv OUT.log".into()),
    };
    let mut r = BufReader::with_capacity(1 << 20, File::open(input)?);
    let mut w = BufWriter::with_capacity(1 << 20, File::create(out)?);
    writeln!(w, "#Software: Microsoft Internet Information Services 10.0")?;
    writeln!(w, "#Version: 1.0")?;
    writeln!(w, "#Date: 2026-09-30 22:00:00")?;
    writeln!(w, "#Fields: date time s-ip cs-method cs-uri-stem sc-status time-taken x-datacenter")?;
    let mut line = String::new();
    r.read_line(&mut line)?; // the CSV header
    let mut cached: Option<(i64, (i64, i64, i64))> = None;
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            break;
        }
        // 2026-10-01T00:00:00+02:00,paris,client-0001,/home,123
        let mut cells = line.trim_end().split(',');
        let ts = cells.next().ok_or("no timestamp")?;
        let dc = cells.next().ok_or("no datacenter")?;
        let _client = cells.next().ok_or("no client")?;
        let page = cells.next().ok_or("no page")?;
        let ms = cells.next().ok_or("no duration")?;
        let b = ts.as_bytes();
        let num = |a: usize, z: usize| -> Result<i64, Box<dyn std::error::Error>> { Ok(ts[a..z].parse::<i64>()?) };
        if b.len() != 25 || b[19] != b'+' {
            return Err(format!("unexpected timestamp {ts}").into());
        }
        let days = days_from_civil(num(0, 4)?, num(5, 7)?, num(8, 10)?);
        let local = days * 86_400 + num(11, 13)? * 3_600 + num(14, 16)? * 60 + num(17, 19)?;
        let utc = local - (num(20, 22)? * 3_600 + num(23, 25)? * 60);
        let day = utc.div_euclid(86_400);
        let (y, m, d) = match cached {
            Some((k, ymd)) if k == day => ymd,
            _ => {
                let ymd = civil_from_days(day);
                cached = Some((day, ymd));
                ymd
            }
        };
        let s = utc.rem_euclid(86_400);
        let ip = match dc {
            "paris" => "10.1.0.10",
            "amsterdam" => "10.2.0.10",
            _ => "10.3.0.10",
        };
        writeln!(
            w,
            "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} {ip} GET {page} 200 {ms} {dc}",
            s / 3_600,
            s / 60 % 60,
            s % 60
        )?;
    }
    w.flush()?;
    Ok(())
}

/// (year, month, day) → days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days since 1970-01-01 → (year, month, day).
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
