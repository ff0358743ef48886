//! The vendor's own figures (`--claims FILE`): `commitment,subject,figure,value`, one row per
//! figure the vendor reported for the period (`availability,,availability_pct,99.95`;
//! `ticket.resolution.blocking,,passed,41`; `response-time.average,2026-10/paris,avg_ms,312`).
//! An empty subject names the commitment's own figure; a subject names one of its items.

use std::path::Path;

use super::{parse_number, ColumnSpec, CsvInput, InputSummary, OnInvalid, ReadOptions};
use crate::error::InputError;

/// One figure the vendor claims.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// Line in the file.
    pub line: u64,
    /// The commitment id.
    pub commitment: String,
    /// An item's subject, or `None` for the commitment's own figure.
    pub subject: Option<String>,
    /// The figure's name, as in the JSON report (`availability_pct`, `passed`, `avg_ms`).
    pub figure: String,
    /// The value claimed.
    pub value: f64,
    /// The decimals the vendor wrote (`99.95` → 2): the precision the claim is judged at.
    pub decimals: u32,
    /// The value as written.
    pub written: String,
}

/// The columns of a claims file.
pub const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec { name: "commitment", aliases: &["engagement", "id"], required: true },
    ColumnSpec { name: "subject", aliases: &["item", "objet"], required: false },
    ColumnSpec { name: "figure", aliases: &["field", "indicateur", "measure"], required: true },
    ColumnSpec { name: "value", aliases: &["valeur", "claimed"], required: true },
];

/// The decimals written in a number (`99,95` and `99.95` → 2; `41` → 0).
fn decimals(s: &str) -> u32 {
    s.trim()
        .trim_end_matches('%')
        .trim()
        .rsplit_once(['.', ','])
        .map_or(0, |(_, frac)| frac.chars().filter(char::is_ascii_digit).count() as u32)
}

/// Reads a claims file. Every row must be valid: a claim is never skipped.
pub fn read(path: &Path, opts: &ReadOptions) -> Result<(Vec<Claim>, InputSummary), InputError> {
    let opts = ReadOptions { on_invalid: OnInvalid::Stop, ..opts.clone() };
    let mut claims = Vec::new();
    let input = CsvInput::open("claims", path, COLUMNS, &opts)?;
    let summary = input.for_each_row(|row| {
        let commitment = row.required(0)?.trim().to_string();
        let subject = row.get(1).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let figure = row.required(2)?.trim().to_string();
        let written = row.required(3)?;
        let value = parse_number(written.trim().trim_end_matches('%').trim())
            .filter(|v| v.is_finite())
            .ok_or_else(|| row.error(3, written, "invalid value", "a number such as 99.95, 41 or 312,5"))?;
        claims.push(Claim {
            line: row.line,
            commitment,
            subject,
            figure,
            value,
            decimals: decimals(written),
            written: written.trim().to_string(),
        });
        Ok(())
    })?;
    Ok((claims, summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_as_written() {
        assert_eq!(decimals("99.95"), 2);
        assert_eq!(decimals("99,5 %"), 1);
        assert_eq!(decimals("41"), 0);
        assert_eq!(decimals("312.000"), 3);
    }

    #[test]
    fn rows_with_and_without_subject() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("claims.csv");
        std::fs::write(
            &path,
            "commitment,subject,figure,value\navailability,,availability_pct,\"99,95\"\n\
             response-time.average,2026-10/paris,avg_ms,312\n",
        )
        .unwrap();
        let opts = ReadOptions {
            delimiter: None,
            zone: chrono_tz::Europe::Paris,
            on_invalid: OnInvalid::Skip,
            ..Default::default()
        };
        let (claims, summary) = read(&path, &opts).unwrap();
        assert_eq!(summary.rows, 2);
        assert_eq!((claims[0].value, claims[0].decimals, claims[0].subject.as_deref()), (99.95, 2, None));
        assert_eq!(claims[1].subject.as_deref(), Some("2026-10/paris"));
        assert_eq!(claims[1].line, 3);
        std::fs::write(&path, "commitment,subject,figure,value\navailability,,availability_pct,high\n").unwrap();
        let e = read(&path, &opts).unwrap_err();
        assert_eq!((e.line, e.value.as_deref()), (2, Some("high")));
    }
}
