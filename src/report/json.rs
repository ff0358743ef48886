//! The JSON report (SPEC §4.1): the report model serialised as it is, pretty-printed.
//!
//! A large ticket history gives findings with hundreds of thousands of items, and writing
//! them was the one long step of an audit left on a single core. Such items are rendered on
//! all cores, a window of chunks at a time (memory stays bounded), at the indentation they
//! have in the report, and spliced in where the report without them has `"items": []`. The
//! bytes are those of `serde_json::to_writer_pretty` on the whole report (tested).

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::ser::Formatter;

use super::{Exporter, RenderOptions, Report};
use crate::checks::{Finding, Item};

/// `--format json`.
pub struct JsonExporter;

impl Exporter for JsonExporter {
    fn render(&self, report: &Report, opts: &RenderOptions) -> anyhow::Result<Vec<u8>> {
        let mut out = Vec::new();
        self.render_to(report, opts, &mut out)?;
        Ok(out)
    }

    fn streams(&self) -> bool {
        true
    }

    fn render_to(&self, report: &Report, _opts: &RenderOptions, out: &mut dyn Write) -> anyhow::Result<()> {
        // A buffer of our own: the serialiser's many small writes then go to a concrete type,
        // not through `dyn Write` one by one. The one possible error is the writer's, kept as
        // an io::Error so that a closed pipe can be told apart.
        let mut out = io::BufWriter::with_capacity(1 << 16, out);
        write_report(report, &mut out, PARALLEL_ITEMS)?;
        out.write_all(b"\n")?;
        out.flush()?;
        Ok(())
    }
}

/// Findings with at least this many items have them rendered on all cores.
const PARALLEL_ITEMS: usize = 4096;
/// Items rendered by one task.
const CHUNK: usize = 1024;
/// Chunks rendered before they are written (bounds the memory of rendered text).
const WINDOW: usize = 32;

/// Depth of a finding's items in the report: report → commitments → finding → items → item.
const ITEM_DEPTH: usize = 4;

/// Where a finding's `items` key starts a line: six spaces (depth 3).
const ITEMS_KEY: &[u8] = b"\n      \"items\": ";

/// Writes `report` as `serde_json::to_writer_pretty` does; findings with `parallel` items
/// or more have their items rendered in parallel.
fn write_report(report: &Report, out: &mut impl Write, parallel: usize) -> io::Result<()> {
    let big = |f: &Finding| f.items.len() >= parallel.max(1);
    if !report.commitments.iter().any(big) {
        return serde_json::to_writer_pretty(out, report).map_err(io::Error::from);
    }
    // The report with the big findings' items left out: small, rendered whole.
    let head = Report {
        schema: report.schema,
        tool: report.tool.clone(),
        profile: report.profile.clone(),
        period: report.period.clone(),
        inputs: report.inputs.clone(),
        verdict: report.verdict,
        commitments: report.commitments.iter().map(|f| if big(f) { without_items(f) } else { f.clone() }).collect(),
        notes: report.notes.clone(),
        claims: report.claims.clone(),
        breakdown: report.breakdown.clone(),
        probes: report.probes.clone(),
        generated_at: report.generated_at.clone(),
    };
    let text = serde_json::to_vec_pretty(&head).map_err(io::Error::from)?;
    // Every finding has one `items` key at depth 3, in order: a raw line feed is structural
    // (strings escape theirs), so the key's line cannot be mistaken.
    let mut at = 0;
    for f in &report.commitments {
        let found = memchr::memmem::find(&text[at..], ITEMS_KEY).map(|i| at + i + ITEMS_KEY.len());
        let Some(value) = found else {
            return Err(io::Error::other("JSON report: a finding's items were not found"));
        };
        if big(f) {
            if !text[value..].starts_with(b"[]") {
                return Err(io::Error::other("JSON report: a finding's items were not left out"));
            }
            out.write_all(&text[at..value])?;
            write_items(&f.items, out)?;
            at = value + 2;
        } else {
            // written with the rest of the text
            out.write_all(&text[at..value])?;
            at = value;
        }
    }
    out.write_all(&text[at..])
}

/// A finding with its figures and no items.
fn without_items(f: &Finding) -> Finding {
    Finding {
        id: f.id.clone(),
        clause: f.clause.clone(),
        target: f.target.clone(),
        goal: f.goal,
        overridden: f.overridden,
        verdict: f.verdict,
        measured: f.measured.clone(),
        evidence: f.evidence.clone(),
        items: Vec::new(),
        headline: f.headline.clone(),
        settled: f.settled,
        missing: f.missing.clone(),
    }
}

/// A non-empty item list as the pretty printer writes it at [`ITEM_DEPTH`].
fn write_items(items: &[Item], out: &mut impl Write) -> io::Result<()> {
    out.write_all(b"[")?;
    let chunks: Vec<&[Item]> = items.chunks(CHUNK).collect();
    let mut first = true;
    for window in chunks.chunks(WINDOW) {
        let rendered: Vec<io::Result<Vec<u8>>> = window
            .par_iter()
            .map(|chunk| {
                let mut buf = Vec::with_capacity(chunk.len() * 320);
                for item in *chunk {
                    buf.push(b'\n');
                    indent(&mut buf, ITEM_DEPTH)?;
                    let mut ser = serde_json::Serializer::with_formatter(&mut buf, Pretty::at(ITEM_DEPTH));
                    item.serialize(&mut ser).map_err(io::Error::from)?;
                    buf.push(b',');
                }
                Ok(buf)
            })
            .collect();
        for buf in rendered {
            let buf = buf?;
            // Each item is followed by a comma; the previous chunk's last one stays.
            if !first {
                out.write_all(b",")?;
            }
            first = false;
            out.write_all(&buf[..buf.len() - 1])?;
        }
    }
    out.write_all(b"\n")?;
    indent(out, ITEM_DEPTH - 1)?;
    out.write_all(b"]")
}

fn indent(out: &mut (impl Write + ?Sized), depth: usize) -> io::Result<()> {
    for _ in 0..depth {
        out.write_all(b"  ")?;
    }
    Ok(())
}

/// serde_json's `PrettyFormatter` (two spaces), starting at a given depth: a value rendered
/// alone comes out as it would inside the report.
struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    fn at(depth: usize) -> Pretty {
        Pretty { depth, has_value: false }
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            indent(w, self.depth)?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        indent(w, self.depth)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            indent(w, self.depth)?;
        }
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        indent(w, self.depth)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};
    use serde_json::json;

    use super::*;
    use crate::checks::{ResolutionValues, Values, Verdict};

    /// A finding per shape: many typed items, many map items (nested values, empty ones,
    /// strings to escape), a few items, none.
    fn report(sizes: &[usize]) -> Report {
        let mut report = crate::report::tests::sample();
        let template = report.commitments[0].clone();
        report.commitments = sizes
            .iter()
            .enumerate()
            .map(|(k, &n)| {
                let mut f = template.clone();
                f.id = format!("c{k}");
                f.overridden = k % 2 == 1;
                f.evidence = format!("line\nfeed \"items\": [] {k}");
                f.items = (0..n)
                    .map(|i| {
                        let values = if (i + k) % 3 == 0 {
                            let created =
                                Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap() + Duration::minutes(i as i64);
                            Values::Resolution(ResolutionValues {
                                measured_minutes: i as i64,
                                target_minutes: (i % 2 == 0).then_some(900),
                                created_at: created,
                                resolved_at: (i % 4 == 0).then_some(created + Duration::hours(3)),
                                title: (i % 5 != 0).then(|| format!("Paie \"{i}\"\n\t€").into()),
                                zone: chrono_tz::Europe::Paris,
                            })
                        } else {
                            let mut m = serde_json::Map::new();
                            m.insert("n".into(), json!(i));
                            m.insert("nested".into(), json!({"a": [1, {"b": []}], "c": {}, "d": [i, "x"]}));
                            Values::Map(m)
                        };
                        Item { subject: format!("T-{i}"), verdict: Verdict::Fail, values, detail: String::new() }
                    })
                    .collect();
                f
            })
            .collect();
        report
    }

    #[test]
    fn parallel_items_give_the_bytes_of_the_plain_serialiser() {
        // Chunks of 1,024 in windows of 32: 70,000 items cross several windows; findings of
        // 0, 1 and 5 items are left in the text; every finding big at a threshold of 1.
        for (sizes, parallel) in
            [(vec![70_000, 0, 5, 1_025, 1], 4096), (vec![3, 0, 1, 2_049], 1), (vec![0, 0], 1), (vec![5_000], 4096)]
        {
            let report = report(&sizes);
            let want = serde_json::to_vec_pretty(&report).unwrap();
            let mut got = Vec::new();
            write_report(&report, &mut got, parallel).unwrap();
            assert!(got == want, "sizes {sizes:?}: {} vs {} bytes", got.len(), want.len());
        }
    }
}
