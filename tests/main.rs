//! One integration binary: runs the real `opsreport` on folders made in a
//! temporary directory, and the golden test on `samples/2019-03`.

mod fixtures;
mod golden;
mod libreoffice;
mod snapshot;
mod test;
mod test_blanks;
mod test_build;
mod test_commands;
mod test_counting;
mod test_dropped;
mod test_effort;
mod test_exports;
mod test_folder;
mod test_function_length;
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
mod test_template_tables;
mod test_toy_table;
mod test_workbook;

use std::path::Path;

pub use test::{Run, Test};

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
