//! The command line, as clap derive types; the `///` comments are the
//! `--help` text, each command's ending with an example. What the user typed
//! is kept here; `cmd/` turns it into a checked plan before any work starts.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::report::effort::Rounding;

/// opsreport: turn a month's folder of SECAS workbooks into the Operations
/// Report's tables, as a formatted workbook and a CSV bundle.
#[derive(Debug, Parser)]
#[command(
    name = "opsreport",
    version,
    about,
    long_about = None,
    after_help = "A month's folder as the only argument (as when it is dragged onto \
                  opsreport.exe) builds it into \"<folder> report\" beside it:\n  \
                  opsreport 2019-10   is   opsreport build 2019-10 --out \"2019-10 report\" --force"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read every workbook in DIR and write the report for the month.
    #[command(after_help = "Example:\n  opsreport build samples/2019-03 --out out/2019-03")]
    Build(BuildArgs),

    /// Do everything build does except write: the same findings and exit codes.
    #[command(after_help = "Example:\n  opsreport check samples/2019-03")]
    Check(CheckArgs),

    /// Show what the converter sees in one workbook: each sheet, the kind it
    /// is recognised as and why, its header row and its first rows as typed
    /// values.
    #[command(after_help = "Example:\n  opsreport inspect samples/2019-03/timesheets-2019-03.xlsx")]
    Inspect(InspectArgs),

    /// Write the blank workbooks for a report month: one input workbook for
    /// each kind (the weekly timesheet, recommended, a copy per person; the
    /// timesheet list; helpdesk log, website table, membership register,
    /// meetings log) and for the paper notes (the Word draft's cover and
    /// highlights), each with its instructions, examples dated in the month
    /// and drop-down lists of the report's names, and a history blank to
    /// type Tables 3, 5 and 6 of the previous month's paper into, for a
    /// first month without last month's report. Run on a month's folder
    /// that already holds its files, it writes no blank for a kind the
    /// folder has, and the history blank asks only for the months of Tables
    /// 3, 5 and 6 those files cannot give.
    #[command(
        after_help = "Example:\n  opsreport templates 2019-10 --month 2019-10\n\n\
                      Existing workbooks in the folder are only replaced with --force (a \
                      history blank with nothing typed in it is made again)."
    )]
    Templates(TemplatesArgs),

    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  opsreport completions bash > /etc/bash_completion.d/opsreport"
    )]
    Completions(CompletionsArgs),

    /// Write the manual page (opsreport.1).
    #[command(after_help = "Example:\n  opsreport man --out /usr/local/share/man/man1")]
    Man(ManArgs),
}

/// What shapes a report: shared by build and check.
#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// The month's folder of workbooks (xlsx, xlsm, xls, xlsb, ods, csv).
    pub dir: PathBuf,

    /// The report month as YYYY-MM; by default it is read from the folder's
    /// name (2019-03, "March 2019").
    #[arg(long)]
    pub month: Option<String>,

    /// A report definition to use instead of the built-in one (see
    /// templates/operations-report.toml).
    #[arg(long)]
    pub template: Option<PathBuf>,

    /// How Table 4 is rounded to whole days.
    #[arg(long, value_enum, default_value_t = Rounding::HalfUp)]
    pub rounding: Rounding,

    /// Treat warnings as errors: write nothing if there are any.
    #[arg(long)]
    pub strict: bool,

    /// When a kind of workbook is missing from the folder, leave out the
    /// tables it makes (and say so on the Summary sheet) instead of stopping;
    /// when a part of one is missing (a register sheet, the month's emails),
    /// build without it, with a warning.
    #[arg(long)]
    pub partial: bool,

    /// An earlier month's report (operations-report-YYYY-MM.xlsx) whose
    /// figures fill the months of Tables 3, 5 and 6 this folder's raw files do
    /// not cover. Repeatable. An earlier report inside DIR is found by itself.
    #[arg(long, value_name = "FILE")]
    pub history: Vec<PathBuf>,

    /// A Word document whose styles, fonts, page size and margins, header
    /// and footer the draft takes (pandoc's name). By default, last month's
    /// paper when the folder holds one.
    #[arg(long, value_name = "FILE")]
    pub reference_doc: Option<PathBuf>,

    /// Leave months that neither the raw files nor an earlier report cover
    /// blank (marked on the sheet) instead of stopping.
    #[arg(long)]
    pub allow_gaps: bool,

    /// Print only errors (no progress, no summary).
    #[arg(long, short)]
    pub quiet: bool,

    /// Print a machine-readable summary of the run to stdout as JSON: the
    /// inputs, every finding, and the outputs with their SHA-256.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub report: ReportArgs,

    /// Where to write operations-report-YYYY-MM.xlsx and csv/.
    #[arg(long, short)]
    pub out: PathBuf,

    /// Replace a report already in the output folder.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// The workbook or CSV file to look at.
    pub file: PathBuf,

    /// How many data rows of each sheet to show.
    #[arg(long, default_value_t = 5)]
    pub rows: usize,

    /// A report definition to use instead of the built-in one.
    #[arg(long)]
    pub template: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct TemplatesArgs {
    /// The folder to write the blank workbooks into (created if missing).
    #[arg(default_value = "blank-workbooks")]
    pub out: PathBuf,

    /// The report month the blanks are for, as YYYY-MM: their examples are
    /// dated in it, the weekly timesheet has a sheet for each of its weeks,
    /// and the history blank takes the tables of the paper for the month
    /// before. By default, the month the folder's name gives (2019-10),
    /// else this month.
    #[arg(long)]
    pub month: Option<String>,

    /// A report definition to use instead of the built-in one.
    #[arg(long)]
    pub template: Option<PathBuf>,

    /// Replace blank workbooks already in the folder.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// The folder to write opsreport.1 into; standard output if not given.
    #[arg(long)]
    pub out: Option<PathBuf>,
}
