//! Command-line definitions (clap derive) and nothing else: turning flags into validated
//! settings is `options.rs`'s job.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::checks::availability::AvailabilityBase;
use crate::report::Format;

/// Audit a SaaS service's exports against the commitments of a Cegid service booklet.
///
/// Exit codes: 0 every audited commitment passed (and at least one passed); 1 at least one
/// failed (or warned, with --fail-on warn; or a claim was disputed, with --fail-on disputed);
/// 2 the audit could not run (usage, unreadable or invalid input, or no commitment could be
/// audited with the inputs given); 3 no verdict: no commitment passed or failed (all open,
/// n/a, waived or not-audited: a period just begun, an empty export with --allow-empty);
/// 130, 143 or 129 interrupted by SIGINT, SIGTERM or SIGHUP while writing report files.
#[derive(Debug, Parser)]
#[command(name = "livret", version, about, long_about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit inputs against a profile's commitments and print a verdict per commitment.
    Audit(AuditArgs),
    /// List the built-in profiles, or show one's commitments with clauses and targets.
    Profiles {
        /// `show ID` prints one profile.
        #[command(subcommand)]
        action: Option<ProfilesAction>,
    },
    /// Explain a figure down to the rows that produced it.
    Explain {
        /// What to explain.
        #[command(subcommand)]
        what: ExplainWhat,
    },
    /// Validate inputs only: row counts and every problem found, no verdict.
    Check(CheckArgs),
    /// Print a shell completion script (e.g. `livret completions bash > ~/.local/share/bash-completion/completions/livret`).
    Completions {
        /// The shell: bash, elvish, fish, powershell or zsh.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) generated from these definitions; `man/livret.1` is its output.
    #[command(hide = true)]
    Man,
}

/// `livret profiles …`.
#[derive(Debug, Subcommand)]
pub enum ProfilesAction {
    /// Every commitment of a profile, with its clause and target.
    Show {
        /// Profile id (talentsoft, kmb-labs, sprint-open, sprint-private, preventcare).
        #[arg(required_unless_present = "contract", conflicts_with = "contract")]
        id: Option<String>,
        /// A contract file (TOML): prints its effective commitments, marking the overridden ones.
        #[arg(long, value_name = "FILE.toml")]
        contract: Option<PathBuf>,
    },
}

/// `livret explain …`.
#[derive(Debug, Subcommand)]
pub enum ExplainWhat {
    /// A ticket's timeline: one row per interval with its status, who holds the clock, its
    /// business minutes and the running total against the target; then, for Sprint profiles,
    /// its take-charge, action-plan and correction clocks.
    Ticket(ExplainTicketArgs),
}

/// The profile and the calendar adjustments.
#[derive(Debug, Clone, Args)]
pub struct ProfileArgs {
    /// Built-in profile: talentsoft, kmb-labs, sprint-open, sprint-private, preventcare.
    #[arg(long, short = 'p', value_name = "ID", conflicts_with = "contract")]
    pub profile: Option<String>,
    /// A contract file (TOML) that extends a built-in profile and overrides its targets.
    #[arg(long, value_name = "FILE.toml")]
    pub contract: Option<PathBuf>,
    /// Support calendar replacing the profile's (paris-support, montreal-support, sprint-prt).
    #[arg(long, value_name = "NAME")]
    pub calendar: Option<String>,
    /// Public holidays: fr, fr-alsace-moselle or none.
    #[arg(long, value_name = "SET")]
    pub holidays: Option<String>,
    /// Extra holidays, one date (YYYY-MM-DD) a line.
    #[arg(long, value_name = "FILE")]
    pub holidays_file: Option<PathBuf>,
    /// Severity of tickets that have none (blocking, major, minor); otherwise an input error.
    #[arg(long, value_name = "SEVERITY")]
    pub default_severity: Option<String>,
    /// Support opening hours replacing the support calendar's (Sprint: the booklet defers
    /// them to the support portal), e.g. 09:00-18:00.
    #[arg(long, value_name = "HH:MM-HH:MM")]
    pub business_hours: Option<String>,
    /// Start of support (YYYY-MM-DD): the take-charge 12-month window starts no earlier.
    #[arg(long, value_name = "DATE")]
    pub support_start: Option<String>,
    /// Number of monitored servers (PreventCare visits); default: the hosts in the metrics.
    #[arg(long, value_name = "N")]
    pub servers: Option<u32>,
}

/// Input files and how to read them.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Take the inputs from DIR (tickets.csv, … — those present; compressed, tickets.csv.gz;
    /// or dated, response_times-2026-10-01.csv.gz: every file of an input is read). Each input
    /// flag may be repeated or given a quoted glob ('logs/response_times-2026-10-*.csv.gz') to
    /// read several files as one input; gzip and zstd files are read as they are.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Ticket status history (one row per status change).
    #[arg(long, value_name = "FILE")]
    pub tickets: Vec<PathBuf>,
    /// Downtime log (one row per interruption).
    #[arg(long, value_name = "FILE")]
    pub downtime: Vec<PathBuf>,
    /// Backup log (one row per backup copy).
    #[arg(long, value_name = "FILE")]
    pub backups: Vec<PathBuf>,
    /// Purge log (one row per purge run).
    #[arg(long, value_name = "FILE")]
    pub purges: Vec<PathBuf>,
    /// Server response-time log (per request, or pre-aggregated per month).
    #[arg(long, value_name = "FILE")]
    pub response_times: Vec<PathBuf>,
    /// Monitoring samples (PreventCare).
    #[arg(long, value_name = "FILE")]
    pub metrics: Vec<PathBuf>,
    /// Alerts raised or received by the monitoring cell (PreventCare).
    #[arg(long, value_name = "FILE")]
    pub alerts: Vec<PathBuf>,
    /// Preventive visits (PreventCare).
    #[arg(long, value_name = "FILE")]
    pub visits: Vec<PathBuf>,
    /// Extra status names: a CSV `from,to` mapping names to canonical statuses, or to
    /// `ignore` (alias `exclude`) to leave a ticket out of the audit (Zendesk's `deleted` is
    /// built in).
    #[arg(long, value_name = "FILE")]
    pub status_map: Option<PathBuf>,
    /// Extra severity names: a CSV `from,to` mapping priorities to blocking, major or minor
    /// (Zendesk's urgent/high/normal/low and Jira's Highest…Lowest are built in).
    #[arg(long, value_name = "FILE")]
    pub severity_map: Option<PathBuf>,
    /// Shape of the ticket export: `history` (one row per status change) or `field-history`
    /// (one row per change of one field: field_name, ticket_id, updated, value — Fivetran,
    /// Stitch, Airbyte, Jira). Default: told from the header.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub tickets_format: Option<crate::ingest::ticket_source::TicketsFormat>,
    /// A ticket table (id, created_at[, priority]): a ticket whose history starts after its
    /// creation (a cut export) is created then, in status new.
    #[arg(long, value_name = "FILE")]
    pub ticket_list: Option<PathBuf>,
    /// Zone of naive timestamps in the inputs (default: the profile's, Europe/Paris).
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,
    /// Text encoding of the inputs: utf-8 (default), windows-1252 (French Excel exports) or
    /// latin-1.
    #[arg(long, value_enum, value_name = "ENCODING", default_value = "utf-8")]
    pub encoding: crate::ingest::Encoding,
    /// Field delimiter: ',', ';' or 'tab' (default: detected from the header line).
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
    /// The customer's own monitor: `timestamp,status[,response_ms]` (up/down, ok/fail or an
    /// HTTP code). Alone, it measures availability; with --downtime, it finds what the log
    /// leaves out.
    #[arg(long, value_name = "FILE")]
    pub probes: Vec<PathBuf>,
    /// Consecutive failed probes that make an interruption (a shorter run is not one).
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub probe_failures: u32,
    /// The longest time between two probes that still counts as watched, in minutes; a longer
    /// gap is unknown time, never counted as available.
    #[arg(long, value_name = "MINUTES", default_value_t = 15, value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub probe_max_gap: u32,
    /// Skip invalid rows instead of stopping; the report counts them per file and reason.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Accept an input file with a header and no rows (otherwise an input error): its
    /// commitments then have nothing to judge and are `n/a`, never `pass`.
    #[arg(long)]
    pub allow_empty: bool,
    /// With --skip-invalid, the most rows of one file that may be skipped: a number of rows
    /// (25) or a share of the file's rows (2.5%); default 1%. A file whose every row was
    /// skipped is an error whatever the bound.
    #[arg(long, value_name = "N|N%", requires = "skip_invalid")]
    pub max_invalid: Option<String>,
    /// Longest record (row) read, in bytes, e.g. 4MiB; default 1MiB. A longer one stops the
    /// read with exit 2.
    #[arg(long, value_name = "BYTES")]
    pub max_record_size: Option<String>,
    /// A header cell that is close to a known column name (`kin$` for `kind`) is an error
    /// instead of a note in the report.
    #[arg(long)]
    pub strict_columns: bool,
}

/// The audited period.
#[derive(Debug, Clone, Args)]
pub struct PeriodArgs {
    /// A month (2026-10), a quarter (2026-Q3) or a year (2026); default: the last full month.
    #[arg(long, value_name = "PERIOD", conflicts_with_all = ["from", "to"])]
    pub period: Option<String>,
    /// First day of the period (YYYY-MM-DD), or an exact instant.
    #[arg(long, value_name = "DATE", requires = "to")]
    pub from: Option<String>,
    /// Last day of the period, included (YYYY-MM-DD), or an exact end instant (excluded).
    #[arg(long, value_name = "DATE", requires = "from")]
    pub to: Option<String>,
    /// See the data as they stood at this instant (default: the end of the period, or now
    /// when the period is not over: it is then audited as it stands).
    #[arg(long, value_name = "TIMESTAMP")]
    pub as_of: Option<String>,
}

/// The sub-periods of `--by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
}

impl By {
    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            By::Month => "month",
            By::Quarter => "quarter",
        }
    }
}

/// `livret audit`.
#[derive(Debug, Clone, Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub profile: ProfileArgs,
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Report format (on stdout, or in a plain `--output FILE`).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Also write the report as FORMAT to PATH (atomically); repeat for several files, e.g.
    /// `--output json:report.json --output html:report.html`, while --format still goes to
    /// stdout. A plain `--output FILE` writes --format there instead of stdout.
    #[arg(long, short = 'o', value_name = "[FORMAT:]FILE", action = clap::ArgAction::Append)]
    pub output: Vec<String>,
    /// Add a row per item (ticket, day, month) under each commitment.
    #[arg(long)]
    pub detail: bool,
    /// Print nothing on stdout; the exit code (and the --output files) carry the result.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Reference of the six-month availability: the booklets' 259,200 minutes, or the real
    /// minutes of the six calendar months.
    #[arg(long, value_enum, value_name = "BASE", default_value = "booklet")]
    pub availability_base: AvailabilityBase,
    /// Also exit 1 when a commitment only warned (`warn`), or when the evidence disputes a
    /// figure of `--claims` (`disputed`); repeat for both.
    #[arg(long, value_name = "LEVEL", value_parser = ["warn", "disputed"], action = clap::ArgAction::Append)]
    pub fail_on: Vec<String>,
    /// Also judge each commitment month by month (or quarter by quarter) over a longer
    /// period, each sub-period exactly as an audit of it alone: a matrix in the table,
    /// Markdown, CSV and HTML, one finding list per sub-period in JSON.
    #[arg(long, value_enum, value_name = "UNIT")]
    pub by: Option<By>,
    /// Accepted exceptions (TOML `[[waiver]]` tables: commitment, subject or period,
    /// justification, approved_by, approved_on, expires): waived items show `waived` and do
    /// not count towards the verdict.
    #[arg(long, value_name = "FILE.toml")]
    pub waivers: Option<PathBuf>,
    /// Show the verdicts without the --waivers (the file is still checked).
    #[arg(long, requires = "waivers")]
    pub no_waivers: bool,
    /// The vendor's figures for the period, to check against the evidence: a CSV
    /// `commitment,subject,figure,value` (e.g. `availability,,availability_pct,99.95`).
    #[arg(long, value_name = "FILE")]
    pub claims: Option<PathBuf>,
}

/// `livret explain ticket`.
#[derive(Debug, Clone, Args)]
pub struct ExplainTicketArgs {
    /// The ticket id.
    pub id: String,
    #[command(flatten)]
    pub profile: ProfileArgs,
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub period: PeriodArgs,
}

/// `livret check`: needs --profile or --contract, which say what the audit would require
/// (a severity on the tickets that a resolution commitment judges).
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub profile: ProfileArgs,
    #[command(flatten)]
    pub inputs: InputArgs,
}
