//! One integration binary: runs the real `opsreport` on folders made in a
//! temporary directory, and the golden test on `samples/2019-03`.

mod fixtures;
mod golden;
mod libreoffice;
mod test_blanks;
mod test_build;
mod test_commands;
mod test_counting;
mod test_dropped;
mod test_effort;
mod test_exports;
mod test_folder;
mod test_guard;
mod test_history;
mod test_hostile;
mod test_layers;
mod test_paper;
mod test_properties;
mod test_read;
mod test_readme;
mod test_reference;
mod test_safety;
mod test_schema;
mod test_staff;
mod test_workbook;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The sample month that reproduces the March 2019 paper.
pub fn samples() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/2019-03"))
}

/// Copy the files of a folder (not its subfolders) into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create copy");
    for entry in std::fs::read_dir(from).expect("read samples").flatten() {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
        }
    }
}

/// Run the real binary under a 1 GiB address-space cap, as `ulimit -v`
/// sets it, so that an input that would take more memory fails the test
/// instead of the machine.
pub fn capped(args: &[&std::ffi::OsStr]) -> Run {
    let mut script = String::from("ulimit -v 1048576; exec \"$0\"");
    for i in 0..args.len() {
        script.push_str(&format!(" \"${}\"", i + 1));
    }
    let mut full: Vec<&std::ffi::OsStr> = vec![
        "-c".as_ref(),
        script.as_ref(),
        env!("CARGO_BIN_EXE_opsreport").as_ref(),
    ];
    full.extend_from_slice(args);
    let output = Command::new("sh").args(&full).output().expect("run sh");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).to_string(),
        stderr: String::from_utf8_lossy(&output.stderr).to_string(),
    }
}

/// A run of the real binary in a temporary folder.
pub struct Test {
    pub dir: tempfile::TempDir,
}

/// What a run printed and returned.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run the real binary with these arguments and environment variables.
pub fn opsreport<S: AsRef<std::ffi::OsStr>>(
    args: impl IntoIterator<Item = S>,
    env: &[(&str, &str)],
) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_opsreport"))
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("run opsreport");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).to_string(),
        stderr: String::from_utf8_lossy(&output.stderr).to_string(),
    }
}

/// `opsreport build INPUT --out OUT EXTRA…` with these environment variables.
pub fn build(input: &Path, out: &Path, extra: &[&str], env: &[(&str, &str)]) -> Run {
    let mut args = vec![
        std::ffi::OsString::from("build"),
        input.into(),
        "--out".into(),
        out.into(),
    ];
    args.extend(extra.iter().map(std::ffi::OsString::from));
    opsreport(args, env)
}

impl Default for Test {
    fn default() -> Self {
        Test::new()
    }
}

impl Test {
    pub fn new() -> Test {
        Test {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    /// The input folder for a month, created empty.
    pub fn month_dir(&self, name: &str) -> PathBuf {
        let dir = self.dir.path().join(name);
        std::fs::create_dir_all(&dir).expect("create input folder");
        dir
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    pub fn build(&self, input: &Path, extra: &[&str]) -> Run {
        build(input, &self.out(), extra, &[])
    }

    /// A CSV of the bundle as rows of fields (BOM dropped).
    pub fn csv(&self, name: &str) -> Vec<Vec<String>> {
        read_csv(&self.out().join("csv").join(name))
    }
}

/// The rolling tables and the month's own tables of a run, as CSV text.
pub fn tables(out: &Path) -> Vec<(String, String)> {
    [
        "table1_applicants.csv",
        "table2_uep_completions.csv",
        "table3_sec_party_statistics.csv",
        "figure1_voting_groups.csv",
        "table4_effort_by_driver.csv",
        "table5_helpdesk_emails.csv",
        "table6_website_statistics.csv",
        "table7_meetings.csv",
        "footnotes.csv",
        "key_figures.csv",
    ]
    .iter()
    .map(|name| {
        let text = std::fs::read_to_string(out.join("csv").join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        (name.to_string(), text)
    })
    .collect()
}

pub fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "{} has no byte-order mark",
        path.display()
    );
    let text = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
    assert!(
        text.contains("\r\n"),
        "{} must use CRLF line ends",
        path.display()
    );
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_string).collect())
        .collect()
}

/// The row of a CSV whose first (or `col`-th) field is `label`.
pub fn row<'a>(rows: &'a [Vec<String>], col: usize, label: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r.get(col).map(String::as_str) == Some(label))
        .unwrap_or_else(|| panic!("no row labelled {label:?}"))
}
