//! Exit 0 means every figure is backed: data in the folder that is not
//! read stops the run (unless the team's template leaves it out for good),
//! worklog exports from Jira and Tempo are read as they come, and a kind
//! with a part missing stops the run unless `--partial`. Each case starts
//! from a file as the tool or a team member leaves it.

use std::path::{Path, PathBuf};

use crate::fixtures::{C::*, sample_month, sheet, xlsx};
use crate::{Test, row};

/// The team's template with its empty `[exclude]` list replaced by
/// `exclude` (a `files = […]` line as a team member writes it), written
/// beside the folder.
fn template_with(test: &Test, exclude: &str) -> PathBuf {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/operations-report.toml");
    let text = std::fs::read_to_string(base).expect("the team's template");
    let empty = "[exclude]\nfiles = []\n";
    assert!(
        text.contains(empty),
        "the template ends with an empty [exclude]"
    );
    let text = text.replace(empty, &format!("[exclude]\n{exclude}\n"));
    let path = test.month_dir("templates").join("operations-report.toml");
    std::fs::write(&path, text).expect("write template");
    path
}

/// A workbook someone keeps beside the timesheets: overtime by day and
/// person, with no driver. Its rows look like bookings but are not read.
fn overtime_workbook(dir: &Path) {
    xlsx(
        &dir.join("overtime.xlsx"),
        &[sheet(
            "Overtime",
            vec![
                vec![S("Day"), S("Staff Member"), S("Time")],
                vec![D(2019, 3, 4), S("Amy Lockwood"), N(1.5)],
                vec![D(2019, 3, 5), S("Ben Tallis"), N(2.0)],
                vec![D(2019, 3, 6), S("Amy Lockwood"), N(0.5)],
            ],
        )],
    );
}

#[test]
fn an_unread_sheet_that_looks_like_bookings_stops_the_run_with_both_ways_out() {
    let test = Test::new();
    let dir = sample_month(&test, "2019-03");
    overtime_workbook(&dir);
    let run = test.build(&dir).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains("error: overtime.xlsx › Overtime:"))
        .unwrap_or_else(|| panic!("no error names the sheet:\n{}", run.stderr));
    for part in [
        "this sheet has data but is not read",
        "The nearest is a timesheet (long layout)",
        "a column headed \"Driver\"",
        "the headers on row 1 are: Day, Staff Member, Time",
        "add its spelling to the template",
        "leave it out for good: add \"overtime.xlsx › Overtime\" to the files under [exclude] at the end of the template (files = [\"overtime.xlsx › Overtime\"])",
    ] {
        assert!(line.contains(part), "{part}\n{line}");
    }
    assert!(!test.out().exists());
}

#[test]
fn the_exclude_line_from_the_message_lets_the_month_build_and_is_stated() {
    let test = Test::new();
    let dir = sample_month(&test, "2019-03");
    overtime_workbook(&dir);
    // Last year's copy, left out whole by a pattern.
    std::fs::copy(
        dir.join("timesheets-2019-03.xlsx"),
        dir.join("old-timesheets-2018.xlsx"),
    )
    .expect("copy");
    let template = template_with(
        &test,
        "files = [\"overtime.xlsx › Overtime\", \"OLD-*.xlsx\"]",
    );
    let run = test
        .build(&dir)
        .args(["--template", template.to_str().expect("path")])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().map(str::trim_end).collect();
    assert!(
        lines.contains(
            &"  overtime.xlsx › Overtime  left out by the template's [exclude] entry \"overtime.xlsx › Overtime\""
        ),
        "{}",
        run.stderr
    );
    assert!(
        lines.contains(
            &"  old-timesheets-2018.xlsx  left out by the template's [exclude] entry \"OLD-*.xlsx\""
        ),
        "{}",
        run.stderr
    );
    // The copy of the timesheets is not counted twice: Table 4 as printed.
    let table4 = test.csv("table4_effort_by_driver.csv");
    assert_eq!(row(&table4, 1, "Grand Total")[2], "633");
    let sources = test.csv("sources.csv");
    for (file, sheet) in [
        ("overtime.xlsx", "Overtime"),
        ("old-timesheets-2018.xlsx", ""),
    ] {
        let listed = sources
            .iter()
            .find(|r| r[0] == file && r[1] == sheet)
            .unwrap_or_else(|| panic!("{file} not on the Sources sheet: {sources:?}"));
        assert!(listed[8].contains("[exclude] entry"), "{listed:?}");
    }
}

#[test]
fn a_misspelt_exclude_key_fails_at_start_with_the_valid_one() {
    let test = Test::new();
    let dir = sample_month(&test, "2019-03");
    let template = template_with(&test, "file = [\"overtime.xlsx\"]");
    let run = test
        .build(&dir)
        .args(["--template", template.to_str().expect("path")])
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("unknown field `file`, expected `files`"),
        "{}",
        run.stderr
    );
}

/// A mailbox exported from Outlook ("Export to a file", Comma Separated
/// Values) has its subject, sender, recipient and categories, but no date.
const OUTLOOK_EXPORT: &str = "\"Subject\",\"Body\",\"From: (Name)\",\"From: (Address)\",\"From: (Type)\",\"To: (Name)\",\"To: (Address)\",\"To: (Type)\",\"CC: (Name)\",\"CC: (Address)\",\"CC: (Type)\",\"BCC: (Name)\",\"BCC: (Address)\",\"BCC: (Type)\",\"Billing Information\",\"Categories\",\"Importance\",\"Mileage\",\"Sensitivity\"\r\n\
\"Accession query\",\"Hello\",\"Ann Lee\",\"ann@example.com\",\"SMTP\",\"SECAS Helpdesk\",\"helpdesk@secas.co.uk\",\"SMTP\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"Applications\",\"Normal\",\"\",\"Normal\"\r\n\
\"DP071 question\",\"Hi\",\"Bo Chen\",\"bo@example.com\",\"SMTP\",\"SECAS Modifications\",\"modifications@secas.co.uk\",\"SMTP\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"Modifications\",\"Normal\",\"\",\"Normal\"\r\n";

#[test]
fn a_mailbox_export_with_no_dates_beside_a_calls_file_stops_the_run() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    std::fs::write(
        dir.join("calls-2019-03.csv"),
        "Date Received,Channel,Category\r\n04/03/2019,Telephone,General Queries\r\n18/03/2019,Telephone,Applications\r\n",
    )
    .expect("write calls");
    std::fs::write(dir.join("helpdesk-mailbox-2019-03.csv"), OUTLOOK_EXPORT).expect("write");
    let run = test.build(&dir).args(["--partial", "--allow-gaps"]).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: helpdesk-mailbox-2019-03.csv › line 1: this sheet looks like a helpdesk log but lacks a column headed \"Date\" or \"Date Received\" or \"Received\" or \"Logged\", the day each enquiry arrived (a mailbox exported from Outlook has no such column: export the mailbox's message trace instead"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("files = [\"helpdesk-mailbox-2019-03.csv\"]"),
        "{}",
        run.stderr
    );
    assert!(!test.out().exists());
}

/// The register's first sheet as Excel's "Save As CSV" writes it: the
/// other sheets (events of default, applicants, UEP, testing) are gone.
fn register_saved_as_csv(dir: &Path) {
    use calamine::{Data, Reader, open_workbook_auto};
    let path = dir.join("membership-register.xlsx");
    let mut workbook = open_workbook_auto(&path).expect("sample register");
    let range = workbook
        .worksheet_range("Register")
        .expect("Register sheet");
    let mut text = String::new();
    for row in range.rows() {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| match cell {
                // Excel's serial days from 30 December 1899.
                Data::DateTime(d) => chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
                    .and_then(|epoch| {
                        epoch.checked_add_days(chrono::Days::new(d.as_f64().floor() as u64))
                    })
                    .map(|day| day.format("%d/%m/%Y").to_string())
                    .unwrap_or_default(),
                Data::Empty => String::new(),
                other => other.to_string(),
            })
            .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
            .collect();
        text += &(cells.join(",") + "\r\n");
    }
    drop(workbook);
    std::fs::remove_file(&path).expect("remove the workbook");
    std::fs::write(dir.join("membership-register.csv"), text).expect("write CSV");
}

#[test]
fn a_register_saved_as_csv_stops_the_run_naming_the_sheets_it_lost() {
    let test = Test::new();
    let dir = sample_month(&test, "2019-03");
    register_saved_as_csv(&dir);
    let run = test.build(&dir).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (sheet, shows) in [
        (
            "events of default",
            "Table 3's In Default row would show no parties in default",
        ),
        ("applicants", "Table 1 would list no applicants"),
        ("UEP completions", "Table 2 would list no UEP completions"),
    ] {
        let wanted = format!(
            "error: the membership register has no sheet of {sheet}, so {shows}; it usually lives on a sheet of the register workbook with "
        );
        assert!(run.stderr.contains(&wanted), "{wanted}\n{}", run.stderr);
    }
    assert!(
        run.stderr.contains(
            "membership-register.csv is the register saved as CSV, which keeps only its first sheet: put the register's workbook itself (.xlsx) in the folder"
        ),
        "{}",
        run.stderr
    );
    // The fourth, the testing sheet, is summarised on screen.
    assert!(
        run.stderr.contains("… and 1 more like this"),
        "{}",
        run.stderr
    );
    assert!(!test.out().exists());

    // --partial builds it, and still says what is missing.
    let partial = test.build(&dir).args(["--partial"]).run();
    assert_eq!(partial.code, 0, "{}", partial.stderr);
    assert!(
        partial
            .stderr
            .contains("warning: the membership register has no sheet of events of default"),
        "{}",
        partial.stderr
    );
}

/// Calls logged in one file and the emails missing: every email count of
/// the month would be 0. Leaving the mailbox export out for good does not
/// hide that.
#[test]
fn calls_without_the_months_emails_stop_the_run_even_with_the_mailbox_excluded() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    std::fs::write(
        dir.join("calls-2019-03.csv"),
        "Date Received,Channel,Category\r\n04/03/2019,Telephone,General Queries\r\n18/03/2019,Telephone,Applications\r\n",
    )
    .expect("write calls");
    std::fs::write(dir.join("helpdesk-mailbox-2019-03.csv"), OUTLOOK_EXPORT).expect("write");
    let template = template_with(&test, "files = [\"helpdesk-mailbox-2019-03.csv\"]");
    let template = template.to_str().expect("path");
    let run = test
        .build(&dir)
        .args(["--template", template, "--allow-gaps"])
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: the helpdesk log has 2 telephone calls in March 2019 but no emails, so every email count of Table 5 for the month would be 0"
        ),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("error: helpdesk-mailbox-2019-03.csv"),
        "{}",
        run.stderr
    );
}

/// The first way out, as the message gives it: the spelling added to the
/// template's line for that column makes the sheet read.
#[test]
fn a_misspelt_header_gives_the_template_line_that_makes_it_read() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    xlsx(
        &dir.join("timesheets.xlsx"),
        &[sheet(
            "Export",
            vec![
                vec![S("Date"), S("Name"), S("Driver"), S("Hour")],
                vec![D(2019, 3, 4), S("Ann Lee"), S("Data Quality"), N(7.5)],
                vec![D(2019, 3, 5), S("Ann Lee"), S("BAD/TAD"), N(7.5)],
            ],
        )],
    );
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let suggested = "hours = [\"Hours\", \"Hrs\", \"Hours Worked\", \"Duration\", \"Duration (h)\", \"Duration (decimal)\", \"Hour\"]";
    assert!(
        run.stderr.contains(&format!(
            "error: timesheets.xlsx › Export › row 1: this sheet looks like a timesheet (long layout) but lacks a column headed \"Hours\" or \"Days\" or \"Time Spent (s)\" or \"Time Spent\" (is \"Hour\" meant to be \"Hours\"?); the headers found on row 1 are: Date, Name, Driver, Hour. Rename the header, or add its spelling to the template ([headers.timesheet] {suggested}); or, if it is not part of the report, leave it out for good: add \"timesheets.xlsx › Export\" to the files under [exclude] at the end of the template (files = [\"timesheets.xlsx › Export\"])"
        )),
        "{}",
        run.stderr
    );
    // The line written into the template's [headers.timesheet].
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/operations-report.toml");
    let text = std::fs::read_to_string(base).expect("the team's template");
    let hours_line = text
        .lines()
        .find(|l| l.starts_with("hours = [\"Hours\""))
        .expect("the hours line");
    let template = test.month_dir("templates").join("operations-report.toml");
    std::fs::write(&template, text.replace(hours_line, suggested)).expect("write");
    let out = Test::new();
    let run = out
        .build(&dir)
        .args(["--partial", "--template", template.to_str().expect("path")])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let table4 = out.csv("table4_effort_by_driver.csv");
    assert_eq!(row(&table4, 1, "Grand Total")[4], "15");
}
