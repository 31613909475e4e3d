//! Parse the command line, run the pipeline, print findings and a summary,
//! and pick the exit code: 0 written, 1 not written because of errors in the
//! input, 2 a usage or environment error.

use std::process::ExitCode;

use clap::Parser;

use opsreport::cli::{BuildArgs, Cli, Command};
use opsreport::findings::Severity;
use opsreport::pipeline::{self, BuildPlan, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => match build(&args) {
            Ok(code) => code,
            Err(error) => {
                eprintln!("opsreport: {error:#}");
                ExitCode::from(2)
            }
        },
    }
}

fn build(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    let plan = BuildPlan {
        month: pipeline::report_month(args.month.as_deref(), &args.dir)?,
        input: args.dir.clone(),
        out: Some(args.out.clone()),
        template: args.template.clone(),
        rounding: args.rounding,
        force: args.force,
        strict: args.strict,
        partial: args.partial,
        allow_gaps: args.allow_gaps,
        history: args.history.clone(),
    };
    let outcome = pipeline::run(&plan)?;
    print_outcome(&plan, &outcome, args.quiet);
    Ok(if outcome.findings.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_outcome(plan: &BuildPlan, outcome: &Outcome, quiet: bool) {
    let findings = &outcome.findings;
    let shown = if quiet {
        Severity::Error
    } else {
        Severity::Warning
    };
    for line in findings.terminal_lines(shown) {
        eprintln!("{line}");
    }
    let (errors, warnings, infos) = (
        findings.count(Severity::Error),
        findings.count(Severity::Warning),
        findings.count(Severity::Info),
    );
    if errors > 0 {
        eprintln!(
            "\n{errors} error(s), {warnings} warning(s): nothing was written. Fix the cells named above and run again."
        );
        return;
    }
    if quiet {
        return;
    }
    if let Some(report) = &outcome.report {
        eprintln!("\nOperations Report for {}", plan.month.long_label());
        for figure in report.key_figures() {
            eprintln!("  {:<48} {:>8}", figure.label, figure.value);
        }
    }
    eprintln!(
        "Checks: {errors} error(s), {warnings} warning(s), {infos} note(s) (all on the Checks sheet)"
    );
    for path in &outcome.written {
        eprintln!("  wrote {}", path.display());
    }
}
