//! Generates a synthetic ticket history for `scripts/bench.sh`: about 10 status changes per
//! ticket, rows grouped by ticket (as a ticketing tool exports them), naive local times in
//! Europe/Paris over September–October 2026, French status names.
//!
//! Usage: `cargo run --release --example gen_tickets -- EVENTS OUT.csv [VARIANT] [--per-ticket N]`
//!
//! VARIANT changes one thing and keeps the rest (same instants, statuses, severities):
//! `shuffled-ids` numbers the tickets in a random order (ids no longer ascend through the
//! file), `long-subjects` gives every ticket a 61-byte subject instead of a 24-byte one,
//! `time-sorted` lists the rows by time (tickets interleaved) and numbers the tickets in
//! the order they are created. `field-history` writes the same status changes as a
//! long-format field history sorted by time, as Fivetran's Zendesk connector exports
//! `ticket_field_history` (`field_name,ticket_id,updated,_fivetran_synced,user_id,value`: a
//! `status` row per change, and a `priority` row at the instant of each ticket's first one,
//! which the reader merges into it); `field-history-grouped` the same rows grouped by ticket.
//! Tickets are numbered as in `time-sorted` in both.
//!
//! `--per-ticket N` (1 to 10, default 10): status changes per ticket, the first N steps of
//! the life below (N = 5 ends at `Provisoire`, waiting on the customer).

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

/// A ticket's life: the vendor works, waits on the customer, works again, resolves, closes.
const LIFE: &[&str] = &[
    "Nouveau",
    "Pris en charge",
    "Qualifié",
    "En attente",
    "Provisoire",
    "Ouvert",
    "Plan d'action",
    "A approuver",
    "Validé",
    "Clôturé",
];
const SEVERITIES: &[&str] = &["Bloquante", "Majeure", "Majeure", "Mineure", "Mineure", "Mineure"];

/// One row before it is written.
struct Row {
    month: u8,
    day: u8,
    /// Seconds since local midnight.
    secs: u32,
    /// Ticket number (index into the ids).
    ticket: u32,
    /// Step of the ticket's life.
    step: u8,
    severity: u8,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().collect();
    let usage = "usage: gen_tickets EVENTS OUT.csv \
                 [shuffled-ids|long-subjects|time-sorted|field-history|field-history-grouped] [--per-ticket N]";
    let mut per_ticket = LIFE.len();
    if let Some(i) = args.iter().position(|a| a == "--per-ticket") {
        per_ticket = args.get(i + 1).ok_or(usage)?.parse()?;
        if !(1..=LIFE.len()).contains(&per_ticket) {
            return Err(format!("--per-ticket takes 1 to {}; {usage}", LIFE.len()).into());
        }
        args.drain(i..i + 2);
    }
    let events: u64 = args.get(1).map_or(Ok(1_000_000), |s| s.parse())?;
    let out = args.get(2).ok_or(usage)?;
    let variant = args.get(3).map_or("", String::as_str);
    if !matches!(
        variant,
        "" | "shuffled-ids" | "long-subjects" | "time-sorted" | "field-history" | "field-history-grouped"
    ) {
        return Err(format!("unknown variant `{variant}`; {usage}").into());
    }
    let long = variant.starts_with("field-history");
    let subject = match variant {
        "long-subjects" => "Export de paie en erreur sur le lot mensuel de la filiale Lyon",
        _ => "Export de paie en erreur",
    };
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    let tickets = events.div_ceil(per_ticket as u64);
    let mut rows = Vec::with_capacity(usize::try_from(events)?);
    // Minutes since 2026-09-01 00:00 local; tickets open over ~55 days.
    for t in 0..tickets {
        let mut minute = (t * 55 * 24 * 60) / tickets.max(1);
        let severity = (rng.next() % SEVERITIES.len() as u64) as u8;
        for step in 0..per_ticket {
            if rows.len() as u64 == events {
                break;
            }
            let (day, rest) = (minute / 1440, minute % 1440);
            let (month, day) = if day < 30 { (9, day + 1) } else { (10, (day - 30).min(30) + 1) };
            let secs = (rest * 60 + rng.next() % 60) as u32;
            rows.push(Row { month, day: day as u8, secs, ticket: t as u32, step: step as u8, severity });
            minute += 5 + rng.next() % 600;
        }
    }
    // Ticket numbers: 1, 2, 3... in the order the tickets come, or a permutation of them
    // (Fisher-Yates with its own generator).
    let mut ids: Vec<u64> = (1..=tickets).collect();
    if variant == "shuffled-ids" {
        let mut shuffle = Rng(0x0fed_cba9_8765_4321);
        for i in (1..ids.len()).rev() {
            ids.swap(i, (shuffle.next() % (i as u64 + 1)) as usize);
        }
    }
    if matches!(variant, "time-sorted" | "field-history" | "field-history-grouped") {
        // Rows by local time (then ticket and step); tickets numbered as they first appear,
        // as a ticketing tool numbers them at creation.
        rows.sort_by_key(|r| (r.month, r.day, r.secs, r.ticket, r.step));
        let mut seen = vec![0u64; ids.len()];
        let mut next = 0;
        for r in &rows {
            let id = &mut seen[r.ticket as usize];
            if *id == 0 {
                next += 1;
                *id = next;
            }
        }
        ids = seen;
        if variant == "field-history-grouped" {
            rows.sort_by_key(|r| (ids[r.ticket as usize], r.step));
        }
    }
    let mut w = BufWriter::with_capacity(1 << 20, File::create(out)?);
    if long {
        writeln!(w, "field_name,ticket_id,updated,_fivetran_synced,user_id,value")?;
        for r in &rows {
            let id = ids[r.ticket as usize];
            let stamp = format!(
                "2026-{:02}-{:02} {:02}:{:02}:{:02}",
                r.month,
                r.day,
                r.secs / 3600,
                r.secs / 60 % 60,
                r.secs % 60
            );
            let synced = "2026-11-02 03:04:05.123000";
            let user = 360_000_000 + id % 977;
            writeln!(w, "status,T-{id:07},{stamp},{synced},{user},{}", LIFE[r.step as usize])?;
            if r.step == 0 {
                writeln!(w, "priority,T-{id:07},{stamp},{synced},{user},{}", SEVERITIES[r.severity as usize])?;
            }
        }
        w.flush()?;
        return Ok(());
    }
    writeln!(w, "ticket_id,timestamp,status,severity,subject")?;
    for r in &rows {
        let first = r.step == 0;
        let (sev, subject) = if first { (SEVERITIES[r.severity as usize], subject) } else { ("", "") };
        writeln!(
            w,
            "T-{:07},2026-{:02}-{:02} {:02}:{:02}:{:02},{},{sev},{subject}",
            ids[r.ticket as usize],
            r.month,
            r.day,
            r.secs / 3600,
            r.secs / 60 % 60,
            r.secs % 60,
            LIFE[r.step as usize],
        )?;
    }
    w.flush()?;
    Ok(())
}
