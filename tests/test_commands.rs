//! The everyday commands: check, inspect, templates, the JSON summary,
//! completions, the manual page and every command's --help example.

use std::path::Path;

use crate::fixtures::{C::*, rewrite_part, sheet, xlsx};
use crate::{Test, row, samples};

/// The real binary's exit code, stdout and stderr.
fn opsreport(args: &[&str]) -> (i32, String, String) {
    let run = Test::new().args(args).run();
    (run.code, run.stdout, run.stderr)
}

/// The finding lines of a run's stderr (before its summary).
fn finding_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().take_while(|l| !l.is_empty()).collect()
}

#[test]
fn check_finds_what_build_finds_and_writes_nothing() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    xlsx(
        &dir.join("t.xlsx"),
        &[sheet(
            "Export",
            vec![
                vec![S("Date"), S("Name"), S("Driver"), S("Hours")],
                vec![D(2019, 3, 4), S("Ann Lee"), S("Data Qualty"), N(7.5)],
            ],
        )],
    );
    let dir_text = dir.to_str().expect("path");
    let (check_code, _, check_err) = opsreport(&["check", dir_text, "--partial"]);
    let build = test.build(&dir).args(["--partial"]).run();
    assert_eq!(check_code, 1);
    assert_eq!(build.code, 1);
    assert_eq!(finding_lines(&check_err), finding_lines(&build.stderr));
    assert!(
        check_err.contains("did you mean \"Data Quality\""),
        "{check_err}"
    );

    let (code, _, stderr) = opsreport(&["check", samples().to_str().expect("path")]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("Checked: nothing written."), "{stderr}");
    assert!(
        stderr.contains("Table 4 Effort by driver    633 days (Grand Total)"),
        "{stderr}"
    );
}

#[test]
fn inspect_shows_kinds_columns_and_what_a_sheet_lacks() {
    let test = Test::new();
    let path = test.dir.path().join("mixed.xlsx");
    let mut hidden = sheet(
        "Old weeks",
        vec![
            vec![S("Title")],
            vec![
                S("Work Date"),
                S("Staff"),
                S("Budget Driver"),
                S("Hrs"),
                S("Notes"),
                S("Cost centre"),
            ],
            vec![
                D(2019, 3, 4),
                S("Ann Lee"),
                S("DQ"),
                S("7:30"),
                Blank,
                N(12.0),
            ],
        ],
    );
    hidden.hidden = true;
    let lacking = sheet(
        "Log",
        vec![vec![S("Reference"), S("Category"), S("Subject")]],
    );
    // The first sheet is the active one, which Excel will not hide.
    xlsx(&path, &[lacking, hidden]);
    let (code, stdout, stderr) = opsreport(&["inspect", path.to_str().expect("path")]);
    assert_eq!(code, 0, "{stderr}");
    for expected in [
        "sheet \"Old weeks\" (hidden)",
        "kind: timesheet (long layout), header on row 2",
        "A   \"Work Date\"",
        "→ date",
        "F   \"Cost centre\"                  (ignored)",
        "3: A date 04/03/2019 | B \"Ann Lee\" | C \"DQ\" | D \"7:30\" | F 12",
        "sheet \"Log\"",
        "nearest kind: helpdesk log (header row 1), which still lacks:",
        "a column headed \"Date\" or \"Date Received\" or \"Received\"",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
}

/// Rows to append to a blank sheet: cell texts or numbers, in column order.
enum V {
    T(&'static str),
    N(f64),
}

/// Append rows under the header of the `index`-th sheet of a blank workbook,
/// as a person filling it in would.
fn fill(path: &Path, index: usize, rows: &[Vec<V>]) {
    let mut xml_rows = String::new();
    for (r, values) in rows.iter().enumerate() {
        let number = r + 2;
        xml_rows.push_str(&format!("<row r=\"{number}\">"));
        for (c, value) in values.iter().enumerate() {
            let letter = (b'A' + c as u8) as char;
            match value {
                V::T("") => {}
                V::T(text) => xml_rows.push_str(&format!(
                    "<c r=\"{letter}{number}\" t=\"inlineStr\"><is><t>{text}</t></is></c>"
                )),
                V::N(n) => xml_rows.push_str(&format!("<c r=\"{letter}{number}\"><v>{n}</v></c>")),
            }
        }
        xml_rows.push_str("</row>");
    }
    rewrite_part(
        path,
        &format!("xl/worksheets/sheet{}.xml", index + 1),
        |xml| xml.replacen("</sheetData>", &format!("{xml_rows}</sheetData>"), 1),
    );
}

#[test]
fn blank_templates_have_drop_downs_and_read_back_when_filled() {
    use V::{N, T};
    let test = Test::new();
    let out = test.dir.path().join("blank");
    let (code, _, stderr) = opsreport(&["templates", out.to_str().expect("path")]);
    assert_eq!(code, 0, "{stderr}");
    // Run again, the blanks are still as written: nothing to replace.
    let (code, _, stderr) = opsreport(&["templates", out.to_str().expect("path")]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("unchanged "), "{stderr}");
    assert!(!stderr.contains("wrote "), "{stderr}");

    // Drop-downs on the name columns, fed from the Lists sheet.
    let mut validations = String::new();
    rewrite_part(
        &out.join("timesheet.xlsx"),
        "xl/worksheets/sheet1.xml",
        |xml| {
            validations = xml.clone();
            xml
        },
    );
    assert!(
        validations.contains("<dataValidation type=\"list\""),
        "{validations}"
    );
    assert!(validations.contains("Lists!$A$2:$A$12"), "{validations}");

    let dir = test.month_dir("2019-03");
    for name in [
        "timesheet.xlsx",
        "weekly-timesheet.xlsx",
        "helpdesk-log.xlsx",
        "website-statistics.xlsx",
        "membership-register.xlsx",
        "meetings-log.xlsx",
    ] {
        std::fs::copy(out.join(name), dir.join(name)).expect("copy blank");
    }
    fill(
        &dir.join("timesheet.xlsx"),
        0,
        &[vec![
            T("04/03/2019"),
            T("Ann Lee"),
            T("Data Quality"),
            N(7.5),
            T("DQ review"),
        ]],
    );
    fill(
        &dir.join("helpdesk-log.xlsx"),
        0,
        &[vec![
            T("HD-1"),
            T("04/03/2019"),
            T("Email"),
            T("helpdesk@secas.co.uk"),
            T("Modifications"),
            T("A question"),
        ]],
    );
    let months: Vec<Vec<V>> = [
        "2018-04", "2018-05", "2018-06", "2018-07", "2018-08", "2018-09", "2018-10", "2018-11",
        "2018-12", "2019-01", "2019-02", "2019-03",
    ]
    .iter()
    .map(|m| vec![T(m), N(8000.0), N(24000.0)])
    .collect();
    fill(&dir.join("website-statistics.xlsx"), 0, &months);
    let register = dir.join("membership-register.xlsx");
    fill(
        &register,
        0,
        &[
            vec![
                T("Alpha Energy"),
                T("Small Supplier Parties"),
                T(""),
                T("04/03/2019"),
            ],
            vec![T("The DCC"), T("DCC"), T(""), T("01/09/2013")],
        ],
    );
    fill(&register, 1, &[vec![T("Alpha Energy"), T("05/03/2019")]]);
    fill(
        &register,
        2,
        &[vec![T("Beta Ltd"), T("Other SEC Parties"), T("15/03/2019")]],
    );
    fill(
        &register,
        3,
        &[vec![
            T("Alpha Energy"),
            T("Small Supplier Parties"),
            T("Import Supplier, Gas Supplier"),
            T("20/03/2019"),
            T("Full UEP"),
        ]],
    );
    fill(
        &register,
        4,
        &[vec![
            T("Alpha Energy"),
            T("SREPT"),
            T("21/03/2019"),
            T("Import Supplier"),
        ]],
    );
    fill(
        &dir.join("meetings-log.xlsx"),
        0,
        &[vec![
            T("SEC Governance Meetings"),
            T("SEC Panel"),
            T("15/03/2019"),
            T("Monthly."),
            T(""),
        ]],
    );
    let run = test.build(&dir).args(["--allow-gaps"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let key = test.csv("key_figures.csv");
    for (figure, value) in [
        ("resource_days", "1"),
        ("email_enquiries", "1"),
        ("parties_at_month_end", "2"),
        ("accessions", "1"),
        ("parties_in_default", "1"),
        ("srept_completions", "1"),
    ] {
        assert_eq!(row(&key, 0, figure)[1], value, "{figure}");
    }
    assert_eq!(
        test.csv("table1_applicants.csv")[1],
        ["Beta Ltd", "Other SEC Parties"]
    );
    assert_eq!(
        test.csv("table2_uep_completions.csv")[1][2],
        "Import Supplier, Gas Supplier"
    );
    assert_eq!(
        row(&test.csv("table6_website_statistics.csv"), 0, "Visits")[12],
        "8000"
    );
    let sources = test.csv("sources.csv");
    assert_eq!(
        row(&sources, 0, "weekly-timesheet.xlsx")[3],
        "timesheet (weekly grid)"
    );
}

#[test]
fn json_summary_lists_inputs_findings_and_outputs_with_hashes() {
    let test = Test::new();
    let run = test.build(samples()).args(["--json"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let summary: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    assert_eq!(summary["report_month"], "2019-03");
    assert_eq!(summary["exit_code"], 0);
    assert_eq!(summary["key_figures"]["resource_days"], 633);
    // Table 4's rounding, and the lock file of the workbook open in Excel.
    assert_eq!(summary["findings"]["warning"], 2);
    let checks: Vec<&str> = summary["finding_list"]
        .as_array()
        .expect("finding list")
        .iter()
        .filter(|f| f["severity"] == "warning")
        .filter_map(|f| f["check"].as_str())
        .collect();
    assert_eq!(checks, ["table4-rounding", "open-in-excel"]);
    let outputs = summary["outputs"].as_array().expect("outputs");
    assert_eq!(outputs.len(), 14);
    for output in outputs {
        let path = output["path"].as_str().expect("path");
        let bytes = std::fs::read(path).expect("written file");
        assert_eq!(
            output["sha256"],
            opsreport::inputs::hex_sha256(&bytes),
            "{path}"
        );
    }
    assert!(summary["inputs"].as_array().expect("inputs").len() > 40);
}

#[test]
fn every_command_has_an_example_and_docs_are_generated() {
    for command in [
        "build",
        "check",
        "inspect",
        "templates",
        "completions",
        "man",
    ] {
        let (code, stdout, _) = opsreport(&[command, "--help"]);
        assert_eq!(code, 0);
        assert!(
            stdout.contains("Example:\n  opsreport "),
            "{command} --help has no example:\n{stdout}"
        );
    }
    let (code, stdout, _) = opsreport(&["completions", "bash"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("opsreport") && stdout.contains("inspect"));
}

/// `opsreport man` writes one complete page: every command with each of
/// its options, the exit codes and every command's example, and no
/// reference to a page that is never written; `--out` writes the same
/// page as opsreport.1.
#[test]
fn the_manual_page_is_complete_and_stands_alone() {
    use clap::CommandFactory;
    let (code, page, stderr) = opsreport(&["man"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(page.contains(".TH opsreport 1"), "{page}");
    let roff = |text: &str| text.replace('-', "\\-");
    let mut commands = 0;
    for command in opsreport::cli::Cli::command().get_subcommands() {
        let heading = format!(".SS \"opsreport {}\"", command.get_name());
        let start = page
            .find(&heading)
            .unwrap_or_else(|| panic!("no {heading} in the page"));
        let rest = &page[start + heading.len()..];
        let end = [rest.find("\n.SS "), rest.find("\n.SH ")]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(rest.len());
        let section = &rest[..end];
        for arg in command.get_arguments() {
            let shown = match (arg.get_long(), arg.get_short()) {
                (Some(long), _) => roff(&format!("--{long}")),
                (None, Some(short)) => roff(&format!("-{short}")),
                (None, None) => arg.get_id().as_str().to_uppercase(),
            };
            assert!(
                section.contains(&shown),
                "{heading} lacks {shown}:\n{section}"
            );
        }
        let example = command
            .get_after_help()
            .map(|h| h.to_string())
            .and_then(|h| h.lines().nth(1).map(|l| l.trim().to_string()))
            .unwrap_or_else(|| panic!("{heading}: no example in --help"));
        let examples = &page[page.find(".SH EXAMPLES").expect("EXAMPLES")..];
        assert!(examples.contains(&roff(&example)), "{example}");
        commands += 1;
    }
    assert_eq!(commands, 6);
    let status = &page[page.find(".SH \"EXIT STATUS\"").expect("EXIT STATUS")..];
    for code in ["0", "1", "2"] {
        assert!(
            status.contains(&format!(".TP\n{code}\n")),
            "exit code {code}"
        );
    }
    assert!(!page.contains("(1)"), "a reference to another page");
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("man1");
    let run = Test::new()
        .args(["man".as_ref(), "--out".as_ref(), out.as_os_str()])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written: Vec<_> = std::fs::read_dir(&out)
        .expect("man1")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(written, ["opsreport.1"]);
    assert_eq!(
        std::fs::read_to_string(out.join("opsreport.1")).expect("page"),
        page
    );
}

/// A workbook given where the month's folder belongs is said to be a file,
/// with the folder to give instead; a folder that does not exist is named.
#[test]
fn a_file_or_a_missing_folder_in_place_of_the_month_folder_is_explained() {
    let file = samples().join("meetings-log.xlsx");
    let run = Test::new().args(["check".as_ref(), file.as_os_str()]).run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("meetings-log.xlsx is a file; opsreport reads a whole month's folder")
            && run
                .stderr
                .contains(&format!("such as {}", samples().display())),
        "{}",
        run.stderr
    );
    let missing = samples().with_file_name("2019-13");
    let run = Test::new()
        .args(["check".as_ref(), missing.as_os_str()])
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
}

/// groff reads the manual page without a warning.
#[test]
#[ignore = "needs groff (Debian: groff-base); run with: cargo test -- --include-ignored"]
fn the_manual_page_reads_in_groff_without_a_warning() {
    use std::io::Write;
    let (code, page, stderr) = opsreport(&["man"]);
    assert_eq!(code, 0, "{stderr}");
    let mut groff = std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("groff is not installed: install groff-base (Debian) or groff");
    groff
        .stdin
        .take()
        .expect("stdin")
        .write_all(page.as_bytes())
        .expect("write to groff");
    let output = groff.wait_with_output().expect("groff");
    assert!(
        output.status.success() && output.stderr.is_empty(),
        "groff: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}
