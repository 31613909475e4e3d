//! The command line, as clap derive types; the `///` comments are the
//! `--help` text. What the user typed is kept here; `main` turns it into a
//! checked `BuildPlan` before any work starts.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::report::effort::Rounding;

/// opsreport: turn a month's folder of SECAS workbooks into the Operations
/// Report's tables, as a formatted workbook and a CSV bundle.
#[derive(Debug, Parser)]
#[command(name = "opsreport", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read every workbook in DIR and write the report for the month.
    ///
    /// Example: opsreport build samples/2019-03 --out out/2019-03
    Build(BuildArgs),
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The month's folder of workbooks (xlsx, xlsm, xls, xlsb, ods, csv).
    pub dir: PathBuf,

    /// Where to write operations-report-YYYY-MM.xlsx and csv/.
    #[arg(long, short)]
    pub out: PathBuf,

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

    /// Replace a report already in the output folder.
    #[arg(long)]
    pub force: bool,

    /// Treat warnings as errors: write nothing if there are any.
    #[arg(long)]
    pub strict: bool,

    /// When a kind of workbook is missing from the folder, leave out the
    /// tables it makes (and say so on the Summary sheet) instead of stopping.
    #[arg(long)]
    pub partial: bool,

    /// An earlier month's report (operations-report-YYYY-MM.xlsx) whose
    /// figures fill the months of Tables 3, 5 and 6 this folder's raw files do
    /// not cover. Repeatable. An earlier report inside DIR is found by itself.
    #[arg(long, value_name = "FILE")]
    pub history: Vec<PathBuf>,

    /// Leave months that neither the raw files nor an earlier report cover
    /// blank (marked on the sheet) instead of stopping.
    #[arg(long)]
    pub allow_gaps: bool,

    /// Print only errors.
    #[arg(long, short)]
    pub quiet: bool,
}
