//! One file per subcommand, each with a `run` that takes what the user typed
//! (`cli.rs`) and returns the exit code: 0 done, 1 not written because of
//! errors in the input, 2 a usage or environment error.

pub mod build;
pub mod check;
pub mod docs;
pub mod dropped;
pub mod inspect;
mod progress;
mod summary;
pub mod templates;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// Run the command; a fatal error is printed as a chain and exits with 2.
pub fn run(cli: Cli) -> ExitCode {
    let result = match &cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Templates(args) => templates::run(args),
        Command::Completions(args) => docs::completions(args),
        Command::Man(args) => docs::man(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("opsreport: {error:#}");
            ExitCode::from(2)
        }
    }
}
