//! The JSON report (SPEC §4.1): the report model serialised as it is.

use super::{Exporter, RenderOptions, Report};

/// `--format json`.
pub struct JsonExporter;

impl Exporter for JsonExporter {
    fn render(&self, report: &Report, _opts: &RenderOptions) -> anyhow::Result<Vec<u8>> {
        let mut out = serde_json::to_vec_pretty(report)?;
        out.push(b'\n');
        Ok(out)
    }
}
