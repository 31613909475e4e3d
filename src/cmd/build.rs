//! `opsreport build DIR --out OUT`: the month's folder → the report. Also the
//! shared body of `check`, which is a build that writes nothing.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::progress::FileProgress;
use super::summary;
use crate::cli::{BuildArgs, ReportArgs};
use crate::pipeline::{self, BuildPlan};

pub fn run(args: &BuildArgs) -> Result<ExitCode> {
    run_report(&args.report, Some(args.out.clone()), args.force)
}

/// Plan the run from what was typed, run it, report it, pick the exit code.
pub fn run_report(args: &ReportArgs, out: Option<PathBuf>, force: bool) -> Result<ExitCode> {
    let plan = BuildPlan {
        month: pipeline::report_month(args.month.as_deref(), &args.dir)?,
        input: args.dir.clone(),
        out,
        template: args.template.clone(),
        rounding: args.rounding,
        force,
        strict: args.strict,
        partial: args.partial,
        allow_gaps: args.allow_gaps,
        history: args.history.clone(),
        reference_doc: args.reference_doc.clone(),
    };
    let mut progress = FileProgress::new(!args.quiet);
    let outcome = pipeline::run(&plan, &mut |index, total, path| {
        progress.file(index, total, path)
    })?;
    progress.finish();
    let code = if outcome.findings.has_errors() { 1 } else { 0 };
    if args.json {
        println!("{}", summary::json(&plan, &outcome, code)?);
    }
    summary::print(&plan, &outcome, args.quiet);
    Ok(ExitCode::from(code))
}
