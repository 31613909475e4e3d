//! `opsreport build` on small folders made for one quirk each.

use crate::fixtures::{C, C::*, make_1904, sheet, xlsx};
use crate::{Test, row};

fn hours(h: f64) -> C {
    N(h)
}

/// A long-layout timesheet: title rows, synonyms, shuffled columns, every
/// way of writing time, a totals row, rows outside the month.
fn long_timesheet() -> Vec<Vec<C>> {
    vec![
        vec![S("SECAS time recording export")],
        vec![S("Prepared by: Finance")],
        vec![],
        vec![
            S("Hrs"),
            S("Budget Driver"),
            S("Staff Member"),
            S("Task"),
            S("Work Date"),
        ],
        vec![
            hours(7.5),
            S("Panel and Board activities"),
            S("Ann Lee"),
            S("Panel prep"),
            D(2019, 3, 4),
        ],
        vec![
            S(" 3.75 "),
            S("panel & board  ACTIVITIES"),
            S("Ann Lee"),
            Blank,
            S("05/03/2019"),
        ],
        vec![
            S("3:45"),
            S("Tech Ops"),
            S("Ann Lee"),
            Blank,
            S("5 Mar 2019"),
        ],
        vec![
            T(7, 30),
            S("Data Quality"),
            S("Bo Chen"),
            Blank,
            S("20190306"),
        ],
        vec![S("Total"), Blank, Blank, Blank, Blank],
        vec![
            hours(7.5),
            S("Data Quality"),
            S("Bo Chen"),
            Blank,
            D(2019, 2, 28),
        ],
        vec![
            hours(7.5),
            S("Data Quality"),
            S("Bo Chen"),
            Blank,
            S("2019-04-01"),
        ],
    ]
}

/// A weekly grid for one person, headed Mon … Fri under a W/C label.
fn weekly_grid() -> Vec<Vec<C>> {
    vec![
        vec![S("Name:"), S("Cy Dunn")],
        vec![S("W/C"), S("25/02/2019")],
        vec![],
        vec![
            S("Driver"),
            S("Mon"),
            S("Tue"),
            S("Wed"),
            S("Thu"),
            S("Fri"),
            S("Total"),
        ],
        vec![
            S("BAD/TAD"),
            N(7.5),
            N(7.5),
            N(7.5),
            N(7.5),
            N(7.5),
            N(37.5),
        ],
        vec![
            S("Security & Privacy"),
            Blank,
            Blank,
            Blank,
            Blank,
            S("7:30"),
            N(7.5),
        ],
        vec![S("Total"), N(7.5), N(7.5), N(7.5), N(7.5), N(15.0), N(45.0)],
    ]
}

#[test]
fn both_timesheet_layouts_add_up_exactly_within_the_month() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    xlsx(
        &dir.join("timesheets.xlsx"),
        &[sheet("Export", long_timesheet())],
    );
    xlsx(
        &dir.join("cy-dunn.xlsx"),
        &[sheet("WC 25-02-19", weekly_grid())],
    );
    let run = test.build(&dir).args(["--partial-ok-for-tests"]).run();
    // The flag above does not exist: clap must refuse it with exit code 2.
    assert_eq!(run.code, 2, "{}", run.stderr);

    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let table4 = test.csv("table4_effort_by_driver.csv");
    assert_eq!(
        table4[0],
        ["group", "driver", "days", "days_unrounded", "hours"]
    );
    // Ann: 7.5 + 3.75 Panel and Board = 1.5 days; 3.75 Tech Ops = 0.5 days.
    assert_eq!(row(&table4, 1, "Panel and Board activities")[3], "1.5");
    assert_eq!(row(&table4, 1, "Panel and Board activities")[2], "2");
    assert_eq!(
        row(&table4, 1, "Technical and Operational activities")[3],
        "0.5"
    );
    // Bo: 7:30 as a clock-time cell is 7.5 hours; 28 Feb and 1 Apr are outside.
    assert_eq!(row(&table4, 1, "Data Quality")[3], "1");
    // Cy's week of 25 Feb: only Friday 1 March counts.
    assert_eq!(row(&table4, 1, "BAD/TAD")[3], "1");
    assert_eq!(row(&table4, 1, "Security and Privacy")[3], "1");
    assert_eq!(row(&table4, 1, "Smarter Markets")[2], "0");
    assert_eq!(row(&table4, 1, "Grand Total")[3], "5");
    let sources = test.csv("sources.csv");
    let export = row(&sources, 1, "Export");
    assert_eq!(export[3], "timesheet (long layout)");
    assert_eq!(export[4], "4", "header row");
    assert!(export[7].contains("totals row: 1"), "{export:?}");
    assert!(
        export[7].contains("outside the report month: 2"),
        "{export:?}"
    );
}

#[test]
fn a_bad_cell_is_named_with_a_suggestion_and_nothing_is_written() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    let mut rows = long_timesheet();
    rows[4][1] = S("Smarter Markts");
    rows[5][4] = S("31/02/2019");
    rows[6][0] = S("seven");
    xlsx(&dir.join("timesheets.xlsx"), &[sheet("Export", rows)]);
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    for expected in [
        "timesheets.xlsx › Export › B5: \"Smarter Markts\" is not a driver or an alias of one; did you mean \"Smarter Markets\"?",
        "timesheets.xlsx › Export › E6: \"31/02/2019\" is not a date",
        "timesheets.xlsx › Export › A7: \"seven\" is not a number of hours",
        "nothing was written",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in\n{}",
            run.stderr
        );
    }
    assert!(
        !test.out().exists(),
        "the output folder must not be created"
    );
}

#[test]
fn dates_in_a_1904_workbook() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    let path = dir.join("mac-timesheet.xlsx");
    // Serial 42066 is 3 March 2015 in the 1900 system and 4 March 2019 in 1904.
    let rows = vec![
        vec![S("Date"), S("Name"), S("Driver"), S("Hours")],
        vec![D(2015, 3, 3), S("Di Evans"), S("DQ"), N(7.5)],
        vec![N(42067.0), S("Di Evans"), S("DQ"), N(7.5)],
    ];
    xlsx(&path, &[sheet("Sheet1", rows)]);
    make_1904(&path);
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let table4 = test.csv("table4_effort_by_driver.csv");
    assert_eq!(row(&table4, 1, "Data Quality")[3], "2");
}

#[test]
fn helpdesk_csv_in_windows_1252_with_mailbox_categories_and_merged_cells() {
    let test = Test::new();
    let dir = test.month_dir("March 2019");
    let csv = b"Ref;Received;Type;Inbox;Category;Subject\r\n\
HD-1;04/03/2019 09:15;E-mail;modifications@secas.co.uk;;Fee of \xA35\r\n\
HD-2;05/03/2019;Phone;;;Call back\r\n\
HD-3;06/03/2019;email;helpdesk@secas.co.uk;Mods;Query\r\n\
HD-4;01/03/2018;email;helpdesk@secas.co.uk;Other;Too old\r\n";
    std::fs::write(dir.join("helpdesk-2019-03.csv"), csv).expect("write csv");
    // A category merged down over two rows belongs to both.
    let mut log = sheet(
        "Log",
        vec![
            vec![S("Date Received"), S("Enquiry Type"), S("Mailbox")],
            vec![
                D(2019, 2, 4),
                S("Contact Information"),
                S("helpdesk@secas.co.uk"),
            ],
            vec![D(2019, 2, 5), Blank, S("helpdesk@secas.co.uk")],
        ],
    );
    log.merges.push((1, 1, 2, 1));
    xlsx(&dir.join("helpdesk-log.xlsx"), &[log]);
    let run = test.build(&dir).args(["--partial", "--allow-gaps"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let table5 = test.csv("table5_helpdesk_emails.csv");
    assert_eq!(table5[0].len(), 13);
    assert_eq!(table5[0][1], "2018-04");
    assert_eq!(table5[0][12], "2019-03");
    assert_eq!(row(&table5, 0, "Modifications")[12], "2");
    assert_eq!(row(&table5, 0, "Contact Info")[11], "2");
    assert_eq!(row(&table5, 0, "Total")[12], "2");
    let key = test.csv("key_figures.csv");
    assert_eq!(row(&key, 0, "telephone_enquiries")[1], "1");
    assert_eq!(row(&key, 0, "email_enquiries")[1], "2");
    let checks = test.csv("checks.csv");
    assert!(
        checks.iter().any(|r| r[1] == "category-from-mailbox"),
        "the mailbox mapping must be noted: {checks:?}"
    );
}

#[test]
fn analytics_export_with_month_first_dates_and_a_monthly_table() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    let mut csv = String::from(
        "\u{feff}# ----------------------------------------\n# All Web Site Data\n# Audience Overview\n# 20190301-20190331\n# ----------------------------------------\n\nDay Index,Sessions\n",
    );
    for day in 1..=31 {
        csv.push_str(&format!("3/{day}/19,\"1,000\"\n"));
    }
    csv.push_str(",\"31,000\"\n\n# ----------------------------------------\nSessions,Users\n\"31,000\",\"20,000\"\n");
    std::fs::write(dir.join("analytics.csv"), csv).expect("write csv");
    xlsx(
        &dir.join("website.xlsx"),
        &[sheet(
            "Monthly",
            vec![
                vec![S("Website statistics")],
                vec![S("Month"), S("Visits"), S("Page Views")],
                vec![S("Feb 2019"), S("8,814"), N(25353.0)],
                vec![D(2019, 3, 1), N(31000.0), N(47841.0)],
            ],
        )],
    );
    let run = test.build(&dir).args(["--partial", "--allow-gaps"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let table6 = test.csv("table6_website_statistics.csv");
    assert_eq!(row(&table6, 0, "Visits")[12], "31000");
    assert_eq!(row(&table6, 0, "Visits")[11], "8814");
    assert_eq!(row(&table6, 0, "Page Views")[12], "47841");
    assert_eq!(
        row(&table6, 0, "Visits")[1],
        "",
        "no figure for Apr 18: blank"
    );

    // A monthly figure that disagrees with the daily export is an error.
    xlsx(
        &dir.join("website.xlsx"),
        &[sheet(
            "Monthly",
            vec![
                vec![S("Month"), S("Visits")],
                vec![S("2019-03"), N(30999.0)],
            ],
        )],
    );
    let run = test
        .build(&dir)
        .args(["--force", "--partial", "--allow-gaps"])
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("must agree"), "{}", run.stderr);
}

#[test]
fn the_month_comes_from_the_flag_or_the_folder_name() {
    let test = Test::new();
    let dir = test.month_dir("inputs");
    xlsx(&dir.join("t.xlsx"), &[sheet("Export", long_timesheet())]);
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--month 2019-03"), "{}", run.stderr);
    let run = test
        .build(&dir)
        .args(["--month", "2019-03", "--partial"])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(test.out().join("operations-report-2019-03.xlsx").exists());
}

#[test]
fn an_existing_report_is_replaced_only_with_force() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    xlsx(&dir.join("t.xlsx"), &[sheet("Export", long_timesheet())]);
    assert_eq!(test.build(&dir).args(["--partial"]).run().code, 0);
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(
        test.build(&dir).args(["--force", "--partial"]).run().code,
        0
    );
}

#[test]
fn a_folder_with_nothing_recognisable_lists_every_file() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    std::fs::write(dir.join("notes.docx"), b"PK\x03\x04").expect("write");
    std::fs::write(dir.join("~$book.xlsx"), b"lock").expect("write");
    xlsx(
        &dir.join("other.xlsx"),
        &[sheet("Sheet1", vec![vec![S("Colour"), S("Size")]])],
    );
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    for expected in [
        "notes.docx",
        "~$book.xlsx",
        "other.xlsx › Sheet1",
        "lock file",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in\n{}",
            run.stderr
        );
    }
}

#[test]
fn register_sheets_are_known_by_their_columns_and_bad_rows_named() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    let parties = sheet(
        "Sheet A",
        vec![
            vec![S("Membership register")],
            vec![
                S("Party Name"),
                S("Party Category"),
                S("Voting Group"),
                S("Accession Date"),
                S("Exit Date"),
                S("Exit Type"),
                S("Exit Reason"),
            ],
            vec![
                S("Alpha Energy"),
                S("small suppliers"),
                Blank,
                D(2019, 3, 4),
            ],
            vec![
                S("Beta Power"),
                S("Large Supplier"),
                S("Beta Group"),
                S("01/01/2016"),
            ],
            vec![
                S("Gamma Gas"),
                S("Other SEC Party"),
                Blank,
                D(2017, 5, 1),
                D(2019, 3, 20),
                S("Expelled"),
                S("revocation of its Licence"),
            ],
        ],
    );
    let applicants = sheet(
        "Sheet B",
        vec![
            vec![S("Organisation"), S("Category"), S("Board Date")],
            vec![S("Delta Ltd"), S("Other"), D(2019, 3, 15)],
        ],
    );
    let mut meetings = sheet(
        "Log",
        vec![
            vec![
                S("Category"),
                S("Meeting"),
                S("Date(s)"),
                S("Summary"),
                S("Report Month"),
            ],
            vec![
                S("SEC Governance Meetings"),
                S("SEC Panel"),
                S("15/03/2019"),
                S("Monthly."),
            ],
            vec![
                Blank,
                S("Change Board\n• SECMP0069 ‘EU Exit Changes’"),
                D(2019, 2, 27),
                S("Met once."),
                S("Mar 2019"),
            ],
            vec![Blank, S("TABASC"), S("21/02/2019"), S("February's.")],
        ],
    );
    meetings.merges.push((1, 0, 3, 0));
    xlsx(&dir.join("register.xlsx"), &[parties, applicants]);
    xlsx(&dir.join("meetings.xlsx"), &[meetings]);
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let key = test.csv("key_figures.csv");
    assert_eq!(row(&key, 0, "parties_at_month_end")[1], "2");
    assert_eq!(row(&key, 0, "accessions")[1], "1");
    assert_eq!(row(&key, 0, "expulsions")[1], "1");
    let table1 = test.csv("table1_applicants.csv");
    assert_eq!(table1[1], ["Delta Ltd", "Other SEC Parties"]);
    let footnotes = test.csv("footnotes.csv");
    assert!(footnotes.iter().any(|r| r[0] == "Table 3"
        && r[3] == "Gamma Gas was expelled from the Code following revocation of its Licence."));
    let table7 = test.csv("table7_meetings.csv");
    assert_eq!(
        table7.len(),
        3,
        "February's TABASC is not in March: {table7:?}"
    );
    assert_eq!(
        table7[2][0], "SEC Governance Meetings",
        "the merged category applies to every row"
    );
    assert_eq!(table7[2][1], "Change Board\n• SECMP0069¹");

    // An exit before the accession is an error naming the cell.
    let bad = sheet(
        "Parties",
        vec![
            vec![
                S("Party"),
                S("Party Category"),
                S("Accession Date"),
                S("Exit Date"),
                S("Exit Type"),
            ],
            vec![
                S("Alpha Energy"),
                S("DCC"),
                D(2019, 3, 4),
                D(2019, 2, 1),
                S("Withdrawal"),
            ],
        ],
    );
    xlsx(&dir.join("register.xlsx"), &[bad]);
    let run = test.build(&dir).args(["--force", "--partial"]).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("register.xlsx › Parties › D2: the exit date 01/02/2019 is before the accession date 04/03/2019"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_empty_folder_says_so_and_writes_nothing() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    let run = test.build(&dir).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("no input the report can use was found"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("(the folder is empty)"),
        "{}",
        run.stderr
    );
    assert!(!test.out().exists());
}

#[test]
fn a_kind_whose_rows_are_all_in_another_month_is_an_error_naming_it() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    let mut rows = long_timesheet();
    rows.truncate(4);
    rows.push(vec![
        N(7.5),
        S("Data Quality"),
        S("Bo Chen"),
        Blank,
        D(2019, 2, 28),
    ]);
    xlsx(&dir.join("timesheets.xlsx"), &[sheet("Export", rows)]);
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: the timesheets have no dated rows in March 2019: their only dated row is in February 2019. Are these February 2019's files?"
        ),
        "{}",
        run.stderr
    );
    assert!(!test.out().exists());
}
