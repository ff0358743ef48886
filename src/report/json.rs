//! The JSON report (SPEC §4.1): the report model serialised as it is.

use std::io::{self, Write};

use super::{Exporter, RenderOptions, Report};

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
        // The report holds string keys and finite numbers only: the one possible error is the
        // writer's, kept as an io::Error so that a closed pipe can be told apart.
        // A buffer of our own: the serialiser's many small writes then go to a concrete type,
        // not through `dyn Write` one by one.
        let mut out = io::BufWriter::with_capacity(1 << 16, out);
        serde_json::to_writer_pretty(&mut out, report).map_err(io::Error::from)?;
        out.write_all(b"\n")?;
        out.flush()?;
        Ok(())
    }
}
