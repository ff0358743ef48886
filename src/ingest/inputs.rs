//! The inputs, in one table: for each kind, its name (the report's `kind` and the `--dir`
//! file stem), its flag, what one row of it is, the commitments that read it and its columns.
//! The CLI's input flags (`cli::InputFiles`), the names `--dir` looks for
//! (`options::input_paths`), the man page's FILES and the report's input names are made from
//! [`INPUTS`]; tests check that the inputs table of `docs/inputs.md` and the one of the README
//! agree with it.

use serde::Serialize;

use super::ColumnSpec;

/// An input of the audit: one kind of export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    /// `--tickets`.
    Tickets,
    /// `--downtime`.
    Downtime,
    /// `--backups`.
    Backups,
    /// `--purges`.
    Purges,
    /// `--response-times`.
    ResponseTimes,
    /// `--metrics`.
    Metrics,
    /// `--alerts`.
    Alerts,
    /// `--visits`.
    Visits,
    /// `--probes`: the customer's own monitor.
    Probes,
}

/// One row of the inputs table.
#[derive(Debug)]
pub struct Input {
    /// The kind.
    pub kind: InputKind,
    /// Its name: the report's `kind`, and the `--dir` file stem (`tickets` → `tickets.csv`).
    pub name: &'static str,
    /// Its name in prose (`response times`): the docs' table and section titles.
    pub label: &'static str,
    /// Its flag, without the dashes: `response-times` is `--response-times FILE`.
    pub flag: &'static str,
    /// The flag's help (`livret audit --help`, the man page).
    pub help: &'static str,
    /// What one row of the file is.
    pub row: &'static str,
    /// The commitments that read it (Markdown, as in the docs' table).
    pub commitments: &'static str,
    /// Its columns, as the reader knows them.
    pub columns: &'static [ColumnSpec],
}

/// Every input, in the order the CLI, `--dir`, the report and the docs list them.
pub const INPUTS: &[Input] = &[
    Input {
        kind: InputKind::Tickets,
        name: "tickets",
        label: "tickets",
        flag: "tickets",
        help: "Ticket status history (one row per status change)",
        row: "one status change of a support ticket",
        commitments: "`ticket.*`",
        columns: super::tickets::COLUMNS,
    },
    Input {
        kind: InputKind::Downtime,
        name: "downtime",
        label: "downtime",
        flag: "downtime",
        help: "Downtime log (one row per interruption)",
        row: "one interruption of the service",
        commitments: "`availability`, `maintenance.*`, `recovery.rto`",
        columns: super::downtime::COLUMNS,
    },
    Input {
        kind: InputKind::Backups,
        name: "backups",
        label: "backups",
        flag: "backups",
        help: "Backup log (one row per backup copy)",
        row: "one backup copy",
        commitments: "`backup.*`, `monitor.backup-review`",
        columns: super::backups::COLUMNS,
    },
    Input {
        kind: InputKind::Purges,
        name: "purges",
        label: "purges",
        flag: "purges",
        help: "Purge log (one row per purge run)",
        row: "one purge run",
        commitments: "`purge.*`",
        columns: super::purges::COLUMNS,
    },
    Input {
        kind: InputKind::ResponseTimes,
        name: "response_times",
        label: "response times",
        flag: "response-times",
        help: "Server response-time log (per request, or pre-aggregated per month)",
        row: "one request, or one pre-aggregated group",
        commitments: "`response-time.average`",
        columns: super::response_times::COLUMNS,
    },
    Input {
        kind: InputKind::Metrics,
        name: "metrics",
        label: "metrics",
        flag: "metrics",
        help: "Monitoring samples (PreventCare)",
        row: "one monitoring sample",
        commitments: "`monitor.threshold.*`, `monitor.heartbeat` (and the server count of `visits.count`)",
        columns: super::metrics::COLUMNS,
    },
    Input {
        kind: InputKind::Alerts,
        name: "alerts",
        label: "alerts",
        flag: "alerts",
        help: "Alerts raised or received by the monitoring cell (PreventCare)",
        row: "one alert raised or received",
        commitments: "`monitor.*`",
        columns: super::alerts::COLUMNS,
    },
    Input {
        kind: InputKind::Visits,
        name: "visits",
        label: "visits",
        flag: "visits",
        help: "Preventive visits (PreventCare)",
        row: "one preventive visit",
        commitments: "`visits.count`",
        columns: super::visits::COLUMNS,
    },
    Input {
        kind: InputKind::Probes,
        name: "probes",
        label: "probes",
        flag: "probes",
        help: "The customer's own monitor: `timestamp,status[,response_ms]` (up/down, ok/fail or an HTTP code). \
               Alone, it measures availability; with --downtime, it finds what the log leaves out",
        row: "one check of the customer's own uptime monitor",
        commitments: "`availability` (in place of, or beside, the downtime log)",
        columns: super::probes::COLUMNS,
    },
];

impl InputKind {
    /// Its row of [`INPUTS`].
    pub fn input(self) -> &'static Input {
        // The kinds are declared in the table's order, one row each (`every_kind_has_one_row`).
        &INPUTS[self as usize]
    }

    /// The input's name, as in `--dir` file names without `.csv` and in the report.
    pub fn name(self) -> &'static str {
        self.input().name
    }

    /// Its flag: `--response-times`.
    pub fn flag(self) -> String {
        format!("--{}", self.input().flag)
    }

    /// The file `--dir` looks for: `response_times.csv`.
    pub fn dir_file(self) -> String {
        format!("{}.csv", self.input().name)
    }
}

/// The inputs table of `docs/inputs.md`, as Markdown.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| input | file in `--dir` | flag | one row is | commitments that read it |\n|---|---|---|---|---|\n",
    );
    for i in INPUTS {
        out.push_str(&format!(
            "| {} | `{}` | `{}` | {} | {} |\n",
            i.label,
            i.kind.dir_file(),
            i.kind.flag(),
            i.row,
            i.commitments
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCS: &str = include_str!("../../docs/inputs.md");
    const README: &str = include_str!("../../README.md");

    #[test]
    fn every_kind_has_one_row() {
        use InputKind::*;
        for kind in [Tickets, Downtime, Backups, Purges, ResponseTimes, Metrics, Alerts, Visits, Probes] {
            // A new kind fails to compile here until it is listed, then here until it has a row.
            match kind {
                Tickets | Downtime | Backups | Purges | ResponseTimes | Metrics | Alerts | Visits | Probes => {}
            }
            assert_eq!(INPUTS.iter().filter(|i| i.kind == kind).count(), 1, "{kind:?}");
        }
        assert_eq!(INPUTS.len(), 9);
        // The table is in the kinds' order (the order of the report's inputs), which
        // `InputKind::input` relies on.
        for (n, i) in INPUTS.iter().enumerate() {
            assert_eq!(i.kind as usize, n, "{}", i.name);
            assert_eq!(i.kind.input().name, i.name);
        }
        for i in INPUTS {
            assert_eq!(i.flag, i.name.replace('_', "-"), "{}", i.name);
            assert_eq!(i.label, i.name.replace('_', " "), "{}", i.name);
        }
    }

    #[test]
    fn the_docs_inputs_table_is_the_table() {
        assert!(DOCS.contains(&markdown_table()), "docs/inputs.md's inputs table should read:\n{}", markdown_table());
        // Each input has its section, titled with its flag and file.
        for i in INPUTS {
            let mut title = i.label.to_string();
            title[..1].make_ascii_uppercase();
            let heading = format!("\n## {title} — `{}`, `{}`\n", i.kind.flag(), i.kind.dir_file());
            assert!(DOCS.contains(&heading), "docs/inputs.md has no section {heading:?}");
        }
        // The report's input names.
        let names: Vec<String> = INPUTS.iter().map(|i| format!("`{}`", i.name)).collect();
        let names = names.join(", ");
        assert!(DOCS.replace('\n', " ").contains(&names), "docs/inputs.md should list the names {names}");
    }

    #[test]
    fn the_docs_list_every_column_and_alias() {
        for i in INPUTS {
            let mut title = i.label.to_string();
            title[..1].make_ascii_uppercase();
            let start = DOCS.find(&format!("\n## {title} — ")).unwrap_or_else(|| panic!("no section for {}", i.name));
            let rest = &DOCS[start + 1..];
            let section = &rest[..rest[3..].find("\n## ").map_or(rest.len(), |n| n + 3)];
            for c in i.columns {
                let row = section
                    .lines()
                    .find(|l| l.starts_with(&format!("| `{}` |", c.name)))
                    .unwrap_or_else(|| panic!("docs/inputs.md, {}: no row for the column `{}`", i.name, c.name));
                for a in c.aliases {
                    assert!(
                        row.contains(&format!("`{a}`")),
                        "docs/inputs.md, {} `{}`: alias `{a}` missing",
                        i.name,
                        c.name
                    );
                }
            }
        }
    }

    #[test]
    fn the_readme_inputs_table_names_every_file_and_flag() {
        // The README's table groups inputs (PreventCare's three in one row): its files and
        // flags, cell by cell, are the table's.
        let start = README.find("| file in `--dir` | flag |").unwrap_or_default();
        let (mut files, mut flags) = (Vec::new(), Vec::new());
        for line in README[start..].lines().skip(2).take_while(|l| l.starts_with('|')) {
            let cells: Vec<&str> = line.split(" | ").collect();
            let ticked = |cell: &str| -> Vec<String> {
                cell.split('`').skip(1).step_by(2).map(str::to_string).collect::<Vec<String>>()
            };
            files.extend(ticked(cells[0]));
            flags.extend(ticked(cells[1]));
        }
        let want_files: Vec<String> = INPUTS.iter().map(|i| i.kind.dir_file()).collect();
        let want_flags: Vec<String> = INPUTS.iter().map(|i| i.kind.flag()).collect();
        assert_eq!(files, want_files, "README's inputs table: files");
        assert_eq!(flags, want_flags, "README's inputs table: flags");
    }
}
