//! The README's "Your first month" block, run as written: each command in
//! a temporary copy of the repository paths it needs, `opsreport` being the
//! built binary (on the PATH, as `cargo install --path .` puts it), and the
//! typing step done as a person would. A step that fails fails the test,
//! and the report it ends with must have no blank months. Every `samples/`
//! path the README names must exist.

use std::path::Path;
use std::process::Command;

use crate::read_csv;
use crate::test_history::type_paper_figures;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md")
}

/// The lines of the first `sh` block under the heading.
fn block(text: &str, heading: &str) -> Vec<String> {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("the README has no {heading:?} section"));
    let after = &text[start..];
    let open = after.find("```sh\n").expect("an sh block") + "```sh\n".len();
    let close = after[open..].find("```").expect("the block's end");
    after[open..open + close]
        .lines()
        .map(str::to_string)
        .filter(|l| !l.trim().is_empty())
        .collect()
}

#[test]
fn the_first_month_walk_through_runs_as_written() {
    let lines = block(&readme(), "## Your first month");
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::copy_dir(
        &root.join("samples/2019-03"),
        &dir.path().join("samples/2019-03"),
    );
    let bin = Path::new(env!("CARGO_BIN_EXE_opsreport"))
        .parent()
        .expect("the binary's folder")
        .to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH");
    let mut installed = false;
    let mut typed = false;
    for line in &lines {
        let command = line.split(" #").next().unwrap_or_default().trim();
        if command.starts_with("cargo install") {
            // The binary under test stands for the installed one.
            assert_eq!(command, "cargo install --path .");
            installed = true;
            continue;
        }
        if let Some(step) = command.strip_prefix("# type ") {
            let file = step
                .split_whitespace()
                .last()
                .expect("the blank typed into");
            let blank = dir.path().join(file);
            assert!(
                blank.exists(),
                "{line}: {} was not written",
                blank.display()
            );
            type_paper_figures(&blank);
            typed = true;
            continue;
        }
        assert!(installed, "the install step comes before {line:?}");
        let output = Command::new("sh")
            .args(["-c", command])
            .current_dir(dir.path())
            .env("PATH", &path)
            .output()
            .expect("run sh");
        assert!(
            output.status.success(),
            "README step {command:?} failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert!(typed, "the block has its typing step");
    let out = dir.path().join("first-month/out");
    for table in [
        "table3_sec_party_statistics.csv",
        "table5_helpdesk_emails.csv",
        "table6_website_statistics.csv",
    ] {
        let rows = read_csv(&out.join("csv").join(table));
        for row in &rows[1..] {
            assert!(
                row.iter().all(|cell| !cell.is_empty()),
                "{table}: a blank month in {row:?}"
            );
        }
    }
}

#[test]
fn every_samples_path_the_readme_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = readme();
    let mut named = 0;
    for word in text.split(|c: char| c.is_whitespace() || "`()[],".contains(c)) {
        let Some(rest) = word.strip_prefix("samples/") else {
            continue;
        };
        let path = format!("samples/{}", rest.trim_end_matches(['.', ':', ';']));
        if path.contains('*') || path.ends_with("…") {
            continue;
        }
        named += 1;
        assert!(
            root.join(&path).exists(),
            "README names {path}, which does not exist"
        );
    }
    assert!(named > 10, "{named}");
}
