//! `opsreport check DIR`: everything `build` does except write — the same
//! findings, the same exit codes — so the folder can be checked before the
//! deadline.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::CheckArgs;

pub fn run(args: &CheckArgs) -> Result<ExitCode> {
    super::build::run_report(&args.report, None, false)
}
