//! The README's walk-throughs, run as written, `opsreport` being the built
//! binary (on the PATH, as `cargo install --path .` puts it), each in a
//! temporary copy of the repository paths it needs. "Your first month":
//! every command, the typing step done as a person would; a step that fails
//! fails the test, and the report it ends with must have no blank months.
//! The new team member's walk-through: every `opsreport` command prints the
//! lines its transcript shows, with the exit status shown. Every `samples/`
//! path the README names must exist.

use std::path::Path;
use std::process::Command;

use crate::read_csv;
use crate::test_history::type_paper_figures;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md")
}

/// A PATH with the binary under test first, as `cargo install --path .`
/// would put `opsreport` on it.
fn path_with_opsreport() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_opsreport"))
        .parent()
        .expect("the binary's folder")
        .to_path_buf();
    std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH")
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
    let path = path_with_opsreport();
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

/// One `$ command` of a README block and the output shown under it.
struct Shown {
    command: String,
    output: Vec<String>,
}

/// The `$ ` commands of every fenced block in a section, in order.
fn transcript(text: &str, heading: &str) -> Vec<Shown> {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("the README has no {heading:?} section"));
    let section = &text[start + heading.len()..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let mut shown: Vec<Shown> = Vec::new();
    let mut in_block = false;
    for line in section.lines() {
        if line.starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            shown.push(Shown {
                command: command.to_string(),
                output: Vec::new(),
            });
        } else if let Some(last) = shown.last_mut() {
            last.output.push(line.to_string());
        }
    }
    shown
}

/// The new team member's walk-through, run as shown: each `opsreport`
/// command in a temporary copy of the sample folders, its exit status as
/// the transcript gives it (`$ echo $?`, or 1 where it shows errors), and
/// every line it shows printed, but for paths of the writer's machine and
/// `…`. Step 4's two bad helpdesk rows are typed in as the step says, and
/// taken out again for step 5 ("Fix the rows").
#[test]
fn the_new_team_member_walk_through_prints_what_it_shows() {
    let shown = transcript(&readme(), "## Walk-through for a new team member");
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for month in ["2019-03", "2019-04"] {
        let folder = format!("samples/{month}");
        crate::copy_dir(&root.join(&folder), &dir.path().join(&folder));
    }
    let helpdesk = dir.path().join("samples/2019-03/helpdesk-2019-03.csv");
    let clean = std::fs::read(&helpdesk).expect("helpdesk CSV");
    let mut with_bad_rows = clean.clone();
    with_bad_rows.extend_from_slice(
        b"HD-2019-99998;04/03/2019 09:00;Email;helpdesk@secas.co.uk;Modifcations;A question\r\n\
          HD-2019-99999;31/02/2019;Email;helpdesk@secas.co.uk;Modifications;Another\r\n",
    );
    let path = path_with_opsreport();
    let mut ran = 0;
    for (i, step) in shown.iter().enumerate() {
        if !step.command.starts_with("opsreport ") {
            continue;
        }
        let bad_rows = step.command.starts_with("opsreport check samples/2019-03");
        std::fs::write(&helpdesk, if bad_rows { &with_bad_rows } else { &clean })
            .expect("helpdesk CSV");
        let output = Command::new("sh")
            .args(["-c", &step.command])
            .current_dir(dir.path())
            .env("PATH", &path)
            .output()
            .expect("run sh");
        ran += 1;
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let expected = match shown.get(i + 1) {
            Some(next) if next.command == "echo $?" => {
                next.output[0].trim().parse().expect("an exit status")
            }
            _ if step
                .output
                .iter()
                .any(|l| l.trim_start().starts_with("error:")) =>
            {
                1
            }
            _ => 0,
        };
        assert_eq!(
            output.status.code(),
            Some(expected),
            "README step {:?}:\n{printed}",
            step.command
        );
        for line in &step.output {
            let line = line.trim();
            if line.is_empty() || line == "…" || line.contains("/home/you") {
                continue;
            }
            assert!(
                printed.contains(line),
                "README step {:?} shows {line:?}, but it printed:\n{printed}",
                step.command
            );
        }
    }
    assert!(ran >= 5, "{ran} opsreport commands in the walk-through");
}
