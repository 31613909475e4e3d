//! A month's folder dropped on the program: its path as the only argument,
//! as Windows Explorer passes it when a folder is dragged onto
//! `opsreport.exe`. The month is built into a folder beside it, named
//! `<folder> report` (`2019-03` → `2019-03 report`), replacing the report
//! a drop wrote there before. Started that way the console is the
//! program's own and closes when it ends, so it waits for Enter first and
//! the messages can be read; run from a terminal (or anywhere but
//! Windows) it never waits.

use std::ffi::OsString;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use crate::cli::Cli;

/// The folder, when the command line is exactly one argument naming an
/// existing folder and not a command (`build`, `help`) or an option. A
/// folder named like a command is still that command, as clap reads it.
pub fn folder(args: &[OsString]) -> Option<PathBuf> {
    let [_, only] = args else {
        return None;
    };
    let text = only.to_string_lossy();
    let command = Cli::command();
    let is_command = text == "help"
        || command
            .get_subcommands()
            .any(|c| c.get_name() == text || c.get_all_aliases().any(|a| a == text));
    let path = PathBuf::from(only);
    (!is_command && !text.starts_with('-') && path.is_dir()).then_some(path)
}

/// Where a dropped folder's report goes: `<folder> report` beside it.
pub fn out_folder(dir: &Path) -> PathBuf {
    let full = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let name = full
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "month".to_string());
    full.with_file_name(format!("{name} report"))
}

/// Build the dropped folder's month beside it, as `opsreport build DIR
/// --out "DIR report" --force` would, then wait for Enter if the console
/// closes with the program.
pub fn run(dir: &Path) -> ExitCode {
    let out = out_folder(dir);
    eprintln!(
        "opsreport: building the report for the folder {} into {}",
        dir.display(),
        out.display()
    );
    let args: [OsString; 6] = [
        "opsreport".into(),
        "build".into(),
        dir.as_os_str().to_owned(),
        "--out".into(),
        out.as_os_str().to_owned(),
        "--force".into(),
    ];
    let code = match Cli::try_parse_from(args) {
        Ok(cli) => super::run(cli),
        Err(error) => {
            let _ = error.print();
            ExitCode::from(2)
        }
    };
    if console_closes_with_us() && std::io::stdin().is_terminal() {
        eprint!("Press Enter to close this window.");
        let _ = std::io::stderr().flush();
        let _ = std::io::stdin().lock().read_line(&mut String::new());
    }
    code
}

/// Whether the console window was opened for this program alone (as when
/// a folder is dropped on it in Explorer) and closes when it ends: it is
/// then the only process attached to the console.
#[cfg(windows)]
#[allow(unsafe_code)]
fn console_closes_with_us() -> bool {
    use windows_sys::Win32::System::Console::GetConsoleProcessList;
    let mut ids = [0u32; 2];
    // SAFETY: `ids` has room for the number of ids passed as its length;
    // the call writes at most that many and returns the attached count.
    let count = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) };
    count == 1
}

/// Elsewhere a terminal always outlives the program: never wait.
#[cfg(not(windows))]
fn console_closes_with_us() -> bool {
    false
}
