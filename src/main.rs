//! Parse the command line and hand it to the command it names (`cmd/`),
//! which returns the exit code: 0 done, 1 not written because of errors in
//! the input, 2 a usage or environment error. A month's folder as the only
//! argument (dropped on the program) builds it beside itself
//! (`cmd/dropped.rs`).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(folder) = opsreport::cmd::dropped::folder(&args) {
        return opsreport::cmd::dropped::run(&folder);
    }
    opsreport::cmd::run(opsreport::cli::Cli::parse())
}
