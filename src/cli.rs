//! Command-line definitions (clap derive) and nothing else: turning flags into validated
//! settings is `options.rs`'s job.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::PathBuf;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Arg, ArgAction, ArgMatches, Args, FromArgMatches, Parser, Subcommand, ValueHint};

use crate::checks::availability::AvailabilityBase;
use crate::ingest::inputs::{InputKind, INPUTS};
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
#[command(name = "livret", version, about, long_about, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Examples shown under `--help` (and in the man page's EXAMPLES).
pub const EXAMPLES: &str = "\
Examples:
  livret audit -p talentsoft --period 2026-10 --dir exports/
  livret audit -p talentsoft --dir exports/ --detail --format markdown > october.md
  livret audit -p talentsoft --dir exports/ --quiet -o 'reports/{period}.html' -o 'reports/{period}.json'
  livret explain ticket TS-502 -p talentsoft --period 2026-10 --tickets exports/tickets.csv
  livret check -p talentsoft --dir exports/
  livret profiles show talentsoft";

/// Examples of `livret audit --help`.
pub const AUDIT_EXAMPLES: &str = "\
Examples:
  livret audit -p talentsoft --period 2026-10 --dir exports/
  livret audit -p talentsoft --dir exports/ --detail=all --color never | less
  livret audit -p talentsoft --period 2026 --by month --dir exports/
  livret audit -p talentsoft --dir exports/ -o report.json          # JSON by the extension
  livret audit -p talentsoft --dir exports/ -o json:- | jq .verdict   # JSON on stdout
  livret audit --contract acme.toml --dir exports/ --claims vendor.csv --fail-on disputed
  # crontab: mails one line when a commitment fails, writes the month's reports
  0 7 2 * * livret audit -p talentsoft --dir /srv/exports --quiet -o '/srv/reports/{period}.html'";

/// A name checked by `options.rs` (which says "did you mean …"), offered by shell completion
/// and `--help` among the known ones.
#[derive(Debug, Clone, Copy)]
pub struct Names(pub fn() -> Vec<&'static str>);

impl TypedValueParser for Names {
    type Value = String;

    fn parse_ref(&self, cmd: &clap::Command, _arg: Option<&clap::Arg>, value: &OsStr) -> Result<String, clap::Error> {
        value
            .to_str()
            .map(str::to_string)
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidUtf8).with_cmd(cmd))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.0)().into_iter().map(PossibleValue::new)))
    }
}

/// [`Names`] read from data when first needed (the built-in calendars and holiday sets).
#[derive(Debug, Clone, Copy)]
pub struct DataNames(pub fn() -> &'static [&'static str]);

impl TypedValueParser for DataNames {
    type Value = String;

    fn parse_ref(&self, cmd: &clap::Command, arg: Option<&clap::Arg>, value: &OsStr) -> Result<String, clap::Error> {
        let _ = arg;
        value
            .to_str()
            .map(str::to_string)
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidUtf8).with_cmd(cmd))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.0)().iter().map(|n| PossibleValue::new(*n))))
    }
}

/// The built-in profiles (the aliases are accepted, not offered).
pub const PROFILES: Names = Names(crate::booklet::ids);
/// The support calendars (from the embedded data).
pub const CALENDARS: DataNames = DataNames(crate::calendar::calendar_names);
/// The holiday sets (from the embedded data; the alias `france` is accepted, not offered).
pub const HOLIDAY_SETS: DataNames = DataNames(crate::calendar::holiday_set_names);
/// The severities.
pub const SEVERITIES: Names = Names(|| vec!["blocking", "major", "minor"]);
/// The field delimiters.
pub const DELIMITERS: Names = Names(|| vec![",", ";", "tab"]);

/// `--probe-failures`'s default.
pub const PROBE_FAILURES: u32 = 2;
/// `--probe-max-gap`'s default, in minutes.
pub const PROBE_MAX_GAP: u32 = 15;

/// Subcommands.
// Parsed once per run: the size of the audit's flags is of no account.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit inputs against a profile's commitments and print a verdict per commitment.
    #[command(after_help = AUDIT_EXAMPLES)]
    Audit(AuditArgs),
    /// List the built-in profiles, or show one's commitments with clauses and targets.
    Profiles {
        /// `show ID` prints one profile.
        #[command(subcommand)]
        action: Option<ProfilesAction>,
    },
    /// Explain a figure down to the rows that produced it: `explain ticket ID`,
    /// `explain availability`, `explain backup.daily.frequency 2026-10-18`, …
    Explain(ExplainArgs),
    /// Validate inputs only: row counts and every problem found, no verdict.
    #[command(after_help = "Examples:\n  livret check -p talentsoft --dir exports/\n  \
                            livret check --contract acme.toml --tickets tickets.csv --delimiter ';'")]
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
    /// Every commitment of a profile, with its clause, target, family and inputs.
    Show {
        /// Profile id (`livret profiles list`).
        #[arg(required_unless_present = "contract", conflicts_with = "contract", value_parser = PROFILES, hide_possible_values = true)]
        id: Option<String>,
        /// A contract file (TOML): prints its effective commitments, marking the overridden ones.
        #[arg(long, value_name = "FILE.toml", value_hint = ValueHint::FilePath)]
        contract: Option<PathBuf>,
    },
    /// Write a built-in booklet's TOML (docs/booklets.md): the starting point for a customer's
    /// contract (`extends`) or another vendor's booklet.
    #[command(after_help = "Example:\n  livret profiles export talentsoft > acme.toml")]
    Export {
        /// Profile id (`livret profiles list`).
        #[arg(value_parser = PROFILES, hide_possible_values = true)]
        id: String,
    },
    /// The commitment families a booklet entry may name (`family = "…"`), with what each
    /// measures and the inputs it needs; their parameters are in docs/booklets.md.
    Families,
}

/// The profile and the calendar adjustments.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Profile and calendar")]
pub struct ProfileArgs {
    /// Built-in profile (`livret profiles list`): talentsoft, kmb-labs, sprint-open, sprint-private, preventcare, …
    #[arg(long, short = 'p', value_name = "ID", conflicts_with = "contract", value_parser = PROFILES, hide_possible_values = true)]
    pub profile: Option<String>,
    /// A contract file (TOML, docs/booklets.md): a booklet that extends a built-in one and changes its commitments.
    #[arg(long, value_name = "FILE.toml", value_hint = ValueHint::FilePath)]
    pub contract: Option<PathBuf>,
    /// Support calendar replacing the profile's (montreal-support, paris-support, sprint-prt;
    /// docs/calendars.md).
    #[arg(long, value_name = "NAME", value_parser = CALENDARS, hide_possible_values = true)]
    pub calendar: Option<String>,
    /// Public holidays: fr, fr-alsace-moselle, us-federal or none (docs/calendars.md).
    #[arg(long, value_name = "SET", value_parser = HOLIDAY_SETS, hide_possible_values = true)]
    pub holidays: Option<String>,
    /// Extra holidays, one date (YYYY-MM-DD) a line.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub holidays_file: Option<PathBuf>,
    /// Severity of tickets that have none (blocking, major, minor); otherwise an input error.
    #[arg(long, value_name = "SEVERITY", value_parser = SEVERITIES, hide_possible_values = true)]
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

/// Input files and how to read them: the flags of `audit`, `check` and `explain` alike.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Input files")]
pub struct InputArgs {
    /// Take the inputs from DIR (tickets.csv, … — those present; compressed, tickets.csv.gz;
    /// or dated, response_times-2026-10-01.csv.gz: every file of an input is read). Each input
    /// flag may be repeated or given a quoted glob ('logs/response_times-2026-10-*.csv.gz') to
    /// read several files as one input; gzip and zstd files are read as they are.
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub dir: Option<PathBuf>,
    /// One flag per input (`--tickets FILE`, …), made from `ingest::inputs::INPUTS`.
    #[command(flatten)]
    pub files: InputFiles,
    /// Shape of the --response-times file: csv, w3c (IIS W3C extended log), nginx or apache
    /// (combined log followed by the response time), newrelic (NRQL query export). Default:
    /// told from the file's first line.
    #[arg(long, value_enum, value_name = "FORMAT", help_heading = "Reading the inputs")]
    pub response_times_format: Option<crate::ingest::weblogs::ResponseTimesFormat>,
    /// Unit of the response time where the format does not fix it: nginx's $request_time and
    /// New Relic's duration default to s, Apache's %D to us (s for %T, ms for %{ms}T); CSV
    /// (duration_ms) and W3C (time-taken) are always ms.
    #[arg(long, value_enum, value_name = "UNIT", help_heading = "Reading the inputs")]
    pub duration_unit: Option<crate::ingest::weblogs::DurationUnit>,
    /// Data centre of the response times whose rows name none (default `all`); `{file}` stands
    /// for the file's name up to its first dot (`paris.log` → paris).
    #[arg(long, value_name = "NAME", help_heading = "Reading the inputs")]
    pub datacenter: Option<String>,
    /// Extra status names: a CSV `from,to` mapping names to canonical statuses, or to
    /// `ignore` (alias `exclude`) to leave a ticket out of the audit (Zendesk's `deleted` is
    /// built in).
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, help_heading = "Reading the inputs")]
    pub status_map: Option<PathBuf>,
    /// Extra severity names: a CSV `from,to` mapping priorities to blocking, major or minor
    /// (Zendesk's urgent/high/normal/low and Jira's Highest…Lowest are built in).
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, help_heading = "Reading the inputs")]
    pub severity_map: Option<PathBuf>,
    /// Shape of the ticket export: `history` (one row per status change) or `field-history`
    /// (one row per change of one field: field_name, ticket_id, updated, value — Fivetran,
    /// Stitch, Airbyte, Jira). Default: told from the header.
    #[arg(long, value_enum, value_name = "FORMAT", help_heading = "Reading the inputs")]
    pub tickets_format: Option<crate::ingest::ticket_source::TicketsFormat>,
    /// A ticket table (id, created_at[, priority]): a ticket whose history starts after its
    /// creation (a cut export) is created then, in status new.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, help_heading = "Reading the inputs")]
    pub ticket_list: Option<PathBuf>,
    /// Zone of naive timestamps in the inputs (default: the profile's, Europe/Paris).
    #[arg(long, value_name = "ZONE", help_heading = "Reading the inputs")]
    pub timezone: Option<String>,
    /// Text encoding of the inputs: utf-8 (default), windows-1252 (French Excel exports) or
    /// latin-1.
    #[arg(long, value_enum, value_name = "ENCODING", default_value = "utf-8", help_heading = "Reading the inputs")]
    pub encoding: crate::ingest::Encoding,
    /// Field delimiter: ',', ';' or 'tab' (default: detected from the header line).
    #[arg(long, value_name = "CHAR", value_parser = DELIMITERS, hide_possible_values = true, help_heading = "Reading the inputs")]
    pub delimiter: Option<String>,
    /// Accept an input file with a header and no rows (otherwise an input error): its
    /// commitments then have nothing to judge and are `n/a`, never `pass`.
    #[arg(long, help_heading = "Reading the inputs")]
    pub allow_empty: bool,
    /// Longest record (row) read, in bytes, e.g. 4MiB; default 1MiB. A longer one stops the
    /// read with exit 2.
    #[arg(long, value_name = "BYTES", help_heading = "Reading the inputs")]
    pub max_record_size: Option<String>,
    /// A header cell that is close to a known column name (`kin$` for `kind`) is an error
    /// instead of a note in the report.
    #[arg(long, help_heading = "Reading the inputs")]
    pub strict_columns: bool,
}

/// The files given with each input's flag (`--tickets FILE`, repeated, or a quoted glob), by
/// kind. Its flags are made from the inputs table, `ingest::inputs::INPUTS`: one per input,
/// named, helped and ordered as the table says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputFiles(pub BTreeMap<InputKind, Vec<PathBuf>>);

impl InputFiles {
    /// The files given for `kind` (none when its flag was not given).
    pub fn get(&self, kind: InputKind) -> &[PathBuf] {
        self.0.get(&kind).map_or(&[], Vec::as_slice)
    }
}

impl FromArgMatches for InputFiles {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut files = BTreeMap::new();
        for input in INPUTS {
            let given: Vec<PathBuf> = matches.get_many::<PathBuf>(input.name).into_iter().flatten().cloned().collect();
            if !given.is_empty() {
                files.insert(input.kind, given);
            }
        }
        Ok(InputFiles(files))
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = InputFiles::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Args for InputFiles {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        INPUTS.iter().fold(cmd, |cmd, input| {
            cmd.arg(
                Arg::new(input.name)
                    .long(input.flag)
                    .value_name("FILE")
                    .value_hint(ValueHint::FilePath)
                    .value_parser(clap::value_parser!(PathBuf))
                    .action(ArgAction::Append)
                    .help(input.help),
            )
        })
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        InputFiles::augment_args(cmd)
    }
}

/// How bad rows are skipped and the customer's probes judged: `audit` and `explain` only
/// (`check` lists every problem of every row and judges nothing, so it refuses them).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Reading the inputs")]
pub struct AuditReadArgs {
    /// Consecutive failed probes that make an interruption (a shorter run is not one).
    #[arg(long, value_name = "N", default_value_t = PROBE_FAILURES, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub probe_failures: u32,
    /// The longest time between two probes that still counts as watched, in minutes; a longer
    /// gap is unknown time, never counted as available.
    #[arg(long, value_name = "MINUTES", default_value_t = PROBE_MAX_GAP, value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub probe_max_gap: u32,
    /// Skip invalid rows instead of stopping; the report counts them per file and reason.
    #[arg(long)]
    pub skip_invalid: bool,
    /// With --skip-invalid, the most rows of one file that may be skipped: a number of rows
    /// (25) or a share of the file's rows (2.5%); default 1%. A file whose every row was
    /// skipped is an error whatever the bound.
    #[arg(long, value_name = "N|N%", requires = "skip_invalid")]
    pub max_invalid: Option<String>,
}

/// The audited period.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Period")]
pub struct PeriodArgs {
    /// A month (2026-10, also 10/2026), a quarter (2026-Q3) or a year (2026); default: the
    /// last full month.
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

/// Which items `--detail` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Detail {
    /// The items that did not pass: fail, warn, open and waived.
    Failed,
    /// Every item.
    All,
}

/// When to colour (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set (not empty) or `TERM` is `dumb`.
    Auto,
    /// Always, even in a pipe (not in `--output` files).
    Always,
    /// Never.
    Never,
}

/// `livret audit`.
#[derive(Debug, Clone, Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub profile: ProfileArgs,
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub reading: AuditReadArgs,
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Report format, on stdout or in a plain `--output FILE` [default: table, or the format
    /// the FILE's extension names].
    #[arg(long, value_enum, help_heading = "Report")]
    pub format: Option<Format>,
    /// Also write the report as FORMAT to FILE (atomically); repeat for several files, e.g.
    /// `--output json:report.json --output html:report.html`, while --format still goes to
    /// stdout. A plain `--output FILE` writes there instead of stdout, in --format or else by
    /// its extension (.json .csv .md .html .xml=junit .txt=table). `-` is stdout (`json:-`);
    /// `{period}` in FILE becomes the period's label (`report-{period}.json` →
    /// `report-2026-10.json`).
    #[arg(long, short = 'o', value_name = "[FORMAT:]FILE", action = clap::ArgAction::Append, value_hint = ValueHint::FilePath, help_heading = "Report")]
    pub output: Vec<String>,
    /// List the items (tickets, days, months) under each commitment: bare or `failed`, those
    /// that did not pass (fail, warn, open, waived); `all`, every item.
    #[arg(long, value_enum, value_name = "WHICH", num_args = 0..=1, require_equals = true, default_missing_value = "failed", help_heading = "Report")]
    pub detail: Option<Detail>,
    /// Colour the table's verdicts: `auto` on a terminal unless `NO_COLOR` is set or
    /// `TERM=dumb`; `always` even in a pipe; `never`.
    #[arg(long, value_enum, value_name = "WHEN", default_value = "auto", help_heading = "Report")]
    pub color: ColorChoice,
    /// How the CSV report is written: `standard` (RFC 4180: `,`, decimal points) or
    /// `excel-fr` (`;`, decimal commas, a UTF-8 byte order mark: opens in French Excel).
    #[arg(long, value_enum, value_name = "DIALECT", default_value = "standard", help_heading = "Report")]
    pub csv_dialect: crate::report::CsvDialect,
    /// Print no report on stdout; the exit code and the --output files carry the result, and
    /// a failed or warned audit still names its failing commitments in one line on stderr.
    #[arg(long, short = 'q', help_heading = "Report")]
    pub quiet: bool,
    /// Reference of the six-month availability: the booklets' 259,200 minutes, or the real
    /// minutes of the six calendar months.
    #[arg(long, value_enum, value_name = "BASE", default_value = "booklet", help_heading = "Judging")]
    pub availability_base: AvailabilityBase,
    /// Also exit 1 when a commitment only warned (`warn`), or when the evidence disputes a
    /// figure of `--claims` (`disputed`); repeat for both.
    #[arg(long, value_name = "LEVEL", value_parser = ["warn", "disputed"], action = clap::ArgAction::Append, help_heading = "Judging")]
    pub fail_on: Vec<String>,
    /// Also judge each commitment month by month (or quarter by quarter) over a longer
    /// period, each sub-period exactly as an audit of it alone: a matrix in the table,
    /// Markdown, CSV and HTML, one finding list per sub-period in JSON.
    #[arg(long, value_enum, value_name = "UNIT", help_heading = "Judging")]
    pub by: Option<By>,
    /// Accepted exceptions (TOML `[[waiver]]` tables: commitment, subject or period,
    /// justification, approved_by, approved_on, expires): waived items show `waived` and do
    /// not count towards the verdict.
    #[arg(long, value_name = "FILE.toml", value_hint = ValueHint::FilePath, help_heading = "Judging")]
    pub waivers: Option<PathBuf>,
    /// Show the verdicts without the --waivers (the file is still checked).
    #[arg(long, requires = "waivers", help_heading = "Judging")]
    pub no_waivers: bool,
    /// The vendor's figures for the period, to check against the evidence: a CSV
    /// `commitment,subject,figure,value` (e.g. `availability,,availability_pct,99.95`).
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, help_heading = "Judging")]
    pub claims: Option<PathBuf>,
}

/// The formats of `livret explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainFormat {
    /// Sentences and tables for a terminal.
    Text,
    /// The explanation as data (`livret.explain/1`).
    Json,
    /// Headings, sentences and tables to paste into an issue or an email.
    #[value(alias = "md")]
    Markdown,
}

/// `livret explain COMMITMENT [SUBJECT]`.
///
/// Runs the audit, then shows how one commitment's figure was made, down to the rows:
/// `ticket ID` (the ticket against every ticket commitment of the profile, day by day),
/// `ticket.resolution.blocking TS-105`, `availability` (or a Sprint month, `availability
/// 2026-10`), `backup.daily.frequency 2026-10-18[/DATABASE]`, `backup.monthly.frequency
/// 2026-10`, `purge.system-log "2026-10-31 04:00"`, `backup.rpo`, `recovery.rto`; any other
/// commitment with the audit's items, or one of them.
#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    /// A commitment id of the profile (`livret profiles show ID` lists them), or `ticket`.
    pub commitment: String,
    /// What to explain in it: a ticket id, a day, a month, a run's instant, an item's subject.
    pub subject: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ExplainFormat,
    /// Reference of the six-month availability, as for `audit`.
    #[arg(long, value_enum, value_name = "BASE", default_value = "booklet")]
    pub availability_base: AvailabilityBase,
    /// Accepted exceptions, as for `audit` (the verdicts shown are then the audit's with them).
    #[arg(long, value_name = "FILE.toml", value_hint = ValueHint::FilePath)]
    pub waivers: Option<PathBuf>,
    /// Show the verdicts without the --waivers.
    #[arg(long, requires = "waivers")]
    pub no_waivers: bool,
    #[command(flatten)]
    pub profile: ProfileArgs,
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub reading: AuditReadArgs,
    #[command(flatten)]
    pub period: PeriodArgs,
}

/// `livret check`: needs --profile or --contract, which say what the audit would require
/// (a severity on the tickets that a resolution commitment judges). Only the flags that
/// change what is checked: the inputs as `audit` reads them, and no calendar, period, report
/// or judging flag (nor `--skip-invalid`: it lists every problem).
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub profile: CheckProfileArgs,
    #[command(flatten)]
    pub inputs: InputArgs,
}

/// The profile flags of `livret check`.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Profile")]
pub struct CheckProfileArgs {
    /// Built-in profile (`livret profiles list`): talentsoft, kmb-labs, sprint-open, sprint-private, preventcare, …
    #[arg(long, short = 'p', value_name = "ID", conflicts_with = "contract", value_parser = PROFILES, hide_possible_values = true)]
    pub profile: Option<String>,
    /// A contract file (TOML, docs/booklets.md): a booklet that extends a built-in one and changes its commitments.
    #[arg(long, value_name = "FILE.toml", value_hint = ValueHint::FilePath)]
    pub contract: Option<PathBuf>,
    /// Severity of tickets that have none (blocking, major, minor); otherwise a problem.
    #[arg(long, value_name = "SEVERITY", value_parser = SEVERITIES, hide_possible_values = true)]
    pub default_severity: Option<String>,
}

impl CheckProfileArgs {
    /// The flags as the shared settings read them (those `check` has not, unset).
    pub fn resolved(&self) -> ProfileArgs {
        ProfileArgs {
            profile: self.profile.clone(),
            contract: self.contract.clone(),
            default_severity: self.default_severity.clone(),
            ..ProfileArgs::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_input_flags_are_the_inputs_table() {
        // audit, check and explain take `--dir` and then one flag per input, in the table's
        // order, with its help; no other flag is among the input files.
        let cli = Cli::command();
        for name in ["audit", "check", "explain"] {
            let cmd = cli.find_subcommand(name).unwrap_or_else(|| panic!("no {name}"));
            let files: Vec<&clap::Arg> =
                cmd.get_arguments().filter(|a| a.get_help_heading() == Some("Input files")).collect();
            let longs: Vec<&str> = files.iter().filter_map(|a| a.get_long()).collect();
            let mut want = vec!["dir"];
            want.extend(INPUTS.iter().map(|i| i.flag));
            assert_eq!(longs, want, "{name}");
            for (arg, input) in files[1..].iter().zip(INPUTS) {
                assert_eq!(
                    arg.get_help().map(ToString::to_string).as_deref(),
                    Some(input.help),
                    "{name} --{}",
                    input.flag
                );
            }
        }
        // What the flags give is what `--dir` would: files by kind.
        let cli = Cli::try_parse_from([
            "livret",
            "check",
            "--response-times",
            "a.csv",
            "--tickets",
            "t.csv",
            "--response-times",
            "b.csv",
        ]);
        let Ok(Cli { command: Command::Check(args) }) = cli else { panic!("{cli:?}") };
        assert_eq!(args.inputs.files.get(InputKind::Tickets), [PathBuf::from("t.csv")]);
        assert_eq!(args.inputs.files.get(InputKind::ResponseTimes), [PathBuf::from("a.csv"), PathBuf::from("b.csv")]);
        assert!(args.inputs.files.get(InputKind::Probes).is_empty());
    }
}
