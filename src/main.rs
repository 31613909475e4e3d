//! Parse the command line and hand it to the command it names (`cmd/`),
//! which returns the exit code: 0 done, 1 not written because of errors in
//! the input, 2 a usage or environment error.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    opsreport::cmd::run(opsreport::cli::Cli::parse())
}
