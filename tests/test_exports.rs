//! Time trackers' exports read as timesheets, each written here exactly as
//! the tool writes its detailed report (column names, order, date and
//! duration formats): Toggl Track, Harvest and Clockify. None has a driver
//! column; the driver is the project, else the task, through the template's
//! aliases. Each export books the same week, so each must give the same
//! Table 4.

use crate::{Test, row};

/// The week every export books: (person, day of March 2019, project, task,
/// hours as h:mm:ss, hours as a decimal).
const BOOKINGS: [(&str, u32, &str, &str, &str, &str); 5] = [
    (
        "Amy Lockwood",
        4,
        "Modifications",
        "Working group",
        "07:30:00",
        "7.50",
    ),
    (
        "Amy Lockwood",
        5,
        "Security & Privacy",
        "",
        "03:45:00",
        "3.75",
    ),
    (
        "Amy Lockwood",
        5,
        "SECAS general",
        "Panel & Board",
        "03:45:00",
        "3.75",
    ),
    ("Ben Tallis", 6, "DQ", "Data checks", "06:00:00", "6.00"),
    ("Ben Tallis", 7, "BAD/TAD", "Drafting", "01:30:00", "1.50"),
];

/// Table 4's hours by driver, as every export must give them.
fn expect_table4(test: &Test) {
    let table4 = test.csv("table4_effort_by_driver.csv");
    let hours = |driver: &str| row(&table4, 1, driver)[4].clone();
    assert_eq!(hours("Modifications and Release Management"), "7.5");
    assert_eq!(hours("Security and Privacy"), "3.75");
    assert_eq!(hours("Panel and Board activities"), "3.75");
    assert_eq!(hours("Data Quality"), "6");
    assert_eq!(hours("BAD/TAD"), "1.5");
    assert_eq!(row(&table4, 1, "Grand Total")[4], "22.5");
    assert_eq!(row(&table4, 1, "Grand Total")[2], "3");
}

fn build(file: &str, text: &str) -> Test {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    std::fs::write(dir.join(file), text).expect("write export");
    let run = test.build(&dir, &["--partial"]);
    assert_eq!(run.code, 0, "{file}: {}", run.stderr);
    test
}

#[test]
fn a_toggl_track_detailed_export() {
    let mut text = String::from(
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()\n",
    );
    for (person, day, project, task, hms, _) in BOOKINGS {
        let email = person.to_lowercase().replace(' ', ".") + "@secas.co.uk";
        text += &format!(
            "{person},{email},SECAS,{project},{task},,No,2019-03-{day:02},09:00:00,2019-03-{day:02},17:00:00,{hms},,\n"
        );
    }
    expect_table4(&build(
        "Toggl_Track_time_entries_2019-03-01_to_2019-03-31.csv",
        &text,
    ));
}

#[test]
fn a_harvest_detailed_time_export() {
    let mut text = String::from(
        "Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,Approved?,First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency,External Reference URL\n",
    );
    for (person, day, project, task, _, decimal) in BOOKINGS {
        let (first, last) = person.split_once(' ').expect("two names");
        text += &format!(
            "2019-03-{day:02},SECAS,{project},,{task},,{decimal},{decimal},No,No,Yes,{first},{last},Analyst,Yes,0,0,0,0,British Pound - GBP,\n"
        );
    }
    expect_table4(&build(
        "harvest_time_report_from2019-03-01to2019-03-31.csv",
        &text,
    ));
}

#[test]
fn a_clockify_detailed_export() {
    let mut text = String::from(
        "\"Project\",\"Client\",\"Description\",\"Task\",\"User\",\"Group\",\"Email\",\"Tags\",\"Billable\",\"Start Date\",\"Start Time\",\"End Date\",\"End Time\",\"Duration (h)\",\"Duration (decimal)\",\"Billable Rate (GBP)\",\"Billable Amount (GBP)\"\n",
    );
    for (person, day, project, task, hms, decimal) in BOOKINGS {
        text += &format!(
            "\"{project}\",\"SECAS\",\"\",\"{task}\",\"{person}\",\"\",\"\",\"\",\"No\",\"{day:02}/03/2019\",\"09:00:00\",\"{day:02}/03/2019\",\"17:00:00\",\"{hms}\",\"{decimal}\",\"0.00\",\"0.00\"\n"
        );
    }
    expect_table4(&build(
        "Clockify_Time_Report_Detailed_01_03_2019-31_03_2019.csv",
        &text,
    ));
}

/// A project that is no driver, with a task that is none either, is an
/// error naming the cell, both values and what to add to the template.
#[test]
fn an_export_row_whose_project_and_task_name_no_driver_is_named() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    std::fs::write(
        dir.join("toggl.csv"),
        "User,Project,Task,Start date,Duration\nAmy Lockwood,Internal admin,Timesheets,2019-03-04,01:00:00\n",
    )
    .expect("write");
    let run = test.build(&dir, &["--partial"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: toggl.csv › line 2, column B: this export has no driver column, and neither the project \"Internal admin\" nor the task \"Timesheets\" names a driver or an alias of one."
        ),
        "{}",
        run.stderr
    );
}

/// A timesheet whose driver column is headed "Workstream" is read, not
/// left out.
#[test]
fn a_driver_column_headed_workstream() {
    let test = build(
        "timesheet.csv",
        "Date,Name,Workstream,Hours\n04/03/2019,Amy Lockwood,Data Quality,7.5\n05/03/2019,Amy Lockwood,ASO,3\n",
    );
    let table4 = test.csv("table4_effort_by_driver.csv");
    assert_eq!(row(&table4, 1, "Data Quality")[4], "7.5");
    assert_eq!(row(&table4, 1, "Annual Security Obligations")[4], "3");
}
