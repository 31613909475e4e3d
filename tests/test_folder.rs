//! Nothing silent: every file of the month's folder is read or named on
//! screen, a sheet of data no kind recognises is a warning naming its
//! nearest kind, inputs that cover only part of the month say which days,
//! and inputs all from another month are an error naming it. Each test
//! starts from the sample month with one file changed, as a team member
//! would leave it.

use std::path::Path;

use crate::fixtures::sample_month;
use crate::{Test, samples};

/// The sample helpdesk CSV (Windows-1252, semicolons) as records.
fn helpdesk_rows(dir: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(dir.join("helpdesk-2019-03.csv")).expect("sample helpdesk CSV");
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(b';')
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("sample CSV").iter().map(str::to_string).collect())
        .collect()
}

fn write_semicolons(path: &Path, rows: &[Vec<String>]) {
    let lines: Vec<String> = rows.iter().map(|r| r.join(";")).collect();
    let text = lines.join("\r\n") + "\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    std::fs::write(path, bytes).expect("write CSV");
}

#[test]
fn files_not_read_and_a_workbook_open_in_excel_are_named_on_screen() {
    let test = Test::new();
    let run = test.build(samples()).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().map(str::trim_end).collect();
    assert!(lines.contains(&"Not read:"), "{}", run.stderr);
    assert!(
        lines.contains(&"  README-for-team.txt  not a spreadsheet or CSV file"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "warning: ~$helpdesk-log.xlsx: helpdesk-log.xlsx is open in Excel (~$helpdesk-log.xlsx is its lock file): edits not yet saved are not in this report"
        ),
        "{}",
        run.stderr
    );
    // The same run with --strict stops on that warning.
    let strict = Test::new();
    let run = strict.build(samples()).args(["--strict"]).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn a_helpdesk_csv_saved_as_unicode_text_gives_the_same_table() {
    let test = Test::new();
    let dir = sample_month(&test, "2019-03");
    let rows = helpdesk_rows(&dir);
    // Excel's "Unicode Text": UTF-16 little-endian with a byte-order mark,
    // tab-separated.
    let text: String = rows.iter().map(|r| r.join("\t") + "\r\n").collect();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::remove_file(dir.join("helpdesk-2019-03.csv")).expect("remove");
    std::fs::write(dir.join("helpdesk-2019-03.txt.csv"), bytes).expect("write");
    let run = test.build(&dir).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let reference = Test::new();
    assert_eq!(reference.build(samples()).run().code, 0);
    assert_eq!(
        test.csv("table5_helpdesk_emails.csv"),
        reference.csv("table5_helpdesk_emails.csv")
    );
    assert!(run.stderr.contains("1,677 emails in Mar 19, 15 calls"));
}

#[test]
fn a_helpdesk_log_missing_the_second_half_of_the_month_is_told() {
    let test = Test::new();
    let dir = sample_month(&test, "2019-03");
    let rows: Vec<Vec<String>> = helpdesk_rows(&dir)
        .into_iter()
        .filter(|r| {
            let day: u32 = r[1].get(..2).and_then(|d| d.parse().ok()).unwrap_or(0);
            day <= 15
        })
        .collect();
    write_semicolons(&dir.join("helpdesk-2019-03.csv"), &rows);
    let run = test.build(&dir).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: the helpdesk log covers only part of March 2019: its rows for the month run from 1 Mar to 15 Mar (helpdesk-2019-03.csv), and none fall on 16–31 Mar"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_misspelt_header_names_the_file_and_the_spelling_expected() {
    let test = Test::new();
    let dir = sample_month(&test, "2019-03");
    let mut rows = helpdesk_rows(&dir);
    rows[0][4] = "Catagory".to_string();
    write_semicolons(&dir.join("helpdesk-2019-03.csv"), &rows);
    let run = test.build(&dir).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: helpdesk-2019-03.csv › line 1: column E is headed \"Catagory\": is it meant to be \"Category\"? Without a category column none of this helpdesk log's rows is read"
        ),
        "{}",
        run.stderr
    );
    // Beside it, the running log stops before the month.
    assert!(
        run.stderr
            .contains("error: the helpdesk log has no dated rows in March 2019: its ")
            && run
                .stderr
                .contains("dated rows run from January 2018 to February 2019"),
        "{}",
        run.stderr
    );
    assert!(!test.out().exists());
}

/// A sheet of data that comes nearest to a kind the report lacks
/// altogether is an error on the sheet itself.
#[test]
fn a_sheet_nearest_to_a_missing_kind_is_an_error_naming_what_it_lacks() {
    let test = Test::new();
    let dir = sample_month(&test, "2019-03");
    // The meetings log with its Meeting column headed "Mtg".
    std::fs::remove_file(dir.join("meetings-log.xlsx")).expect("remove");
    crate::fixtures::xlsx(
        &dir.join("meetings.xlsx"),
        &[crate::fixtures::sheet(
            "Log",
            vec![
                vec![
                    crate::fixtures::C::S("Category"),
                    crate::fixtures::C::S("Mtg"),
                    crate::fixtures::C::S("Date(s)"),
                    crate::fixtures::C::S("Summary"),
                ],
                vec![
                    crate::fixtures::C::S("SEC Panel"),
                    crate::fixtures::C::S("SEC Panel meeting"),
                    crate::fixtures::C::D(2019, 3, 15),
                    crate::fixtures::C::S("Monthly meeting"),
                ],
            ],
        )],
    );
    let run = test.build(&dir).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: meetings.xlsx › Log: Table 7 cannot be made without it: this sheet has data but is not read: no header row of a kind the report reads. The nearest is a meetings log"),
        "{}",
        run.stderr
    );
}

#[test]
fn last_months_files_in_this_months_folder_are_an_error_naming_their_month() {
    let test = Test::new();
    let dir = test.month_dir("2019-04");
    for name in ["helpdesk-2019-03.csv", "analytics-sessions-2019-03.csv"] {
        std::fs::copy(samples().join(name), dir.join(name)).expect("copy");
    }
    let run = test.build(&dir).args(["--partial", "--allow-gaps"]).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    for what in [
        "the helpdesk log has no dated rows in April 2019: all 1,692 of its dated rows are in March 2019. Are these March 2019's files?",
        "the analytics exports' visits have no dated rows in April 2019: all 31 of their dated rows are in March 2019",
    ] {
        assert!(run.stderr.contains(what), "{what}\n{}", run.stderr);
    }
}

/// A sheet of data that no kind recognises is a warning naming the sheet;
/// the Summary and Dataset sheets of an analytics export beside its daily
/// table are not.
#[test]
fn an_unrecognised_sheet_of_data_is_a_warning_and_export_parts_are_not() {
    let test = Test::new();
    let dir = sample_month(&test, "2019-03");
    crate::fixtures::xlsx(
        &dir.join("budget.xlsx"),
        &[crate::fixtures::sheet(
            "Forecast",
            vec![
                vec![
                    crate::fixtures::C::S("Cost centre"),
                    crate::fixtures::C::S("Amount"),
                ],
                vec![
                    crate::fixtures::C::S("SECAS"),
                    crate::fixtures::C::N(1200.0),
                ],
            ],
        )],
    );
    let run = test.build(&dir).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: budget.xlsx › Forecast: this sheet has data but no header row of any kind the report reads"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("Dataset2"), "{}", run.stderr);
    let sources = test.csv("sources.csv");
    let dataset2 = sources
        .iter()
        .find(|r| r[1] == "Dataset2")
        .expect("Dataset2 listed");
    assert!(
        dataset2[8].contains("part of an analytics export"),
        "{dataset2:?}"
    );
}

/// A timesheet export and, beside it in the same workbook, a pivot table
/// saved in tabular form (its value field "Hours " with Excel's trailing
/// space, a total per person, a Grand Total).
fn export_and_pivot(pivot_hours_for_bo: f64) -> Vec<crate::fixtures::Sheet> {
    use crate::fixtures::{C::*, sheet};
    let export = sheet(
        "Export",
        vec![
            vec![S("Date"), S("Name"), S("Driver"), S("Hours")],
            vec![D(2019, 3, 4), S("Ann Lee"), S("Data Quality"), N(4.0)],
            vec![D(2019, 3, 4), S("Ann Lee"), S("Data Quality"), N(3.5)],
            vec![D(2019, 3, 5), S("Ann Lee"), S("BAD/TAD"), N(7.5)],
            vec![
                D(2019, 3, 4),
                S("Bo Chen"),
                S("Security and Privacy"),
                N(6.0),
            ],
        ],
    );
    let pivot = sheet(
        "Pivot",
        vec![
            vec![S("Name"), S("Date"), S("Driver"), S("Hours ")],
            vec![S("Ann Lee"), D(2019, 3, 4), S("Data Quality"), N(7.5)],
            vec![S("Ann Lee"), D(2019, 3, 5), S("BAD/TAD"), N(7.5)],
            vec![S("Ann Lee Total"), Blank, Blank, N(15.0)],
            vec![
                S("Bo Chen"),
                D(2019, 3, 4),
                S("Security and Privacy"),
                N(pivot_hours_for_bo),
            ],
            vec![S("Bo Chen Total"), Blank, Blank, N(pivot_hours_for_bo)],
            vec![S("Grand Total"), Blank, Blank, N(15.0 + pivot_hours_for_bo)],
        ],
    );
    vec![export, pivot]
}

/// The same bookings standing twice in one workbook are counted once: the
/// pivot is checked against the export and not added.
#[test]
fn a_pivot_beside_the_bookings_is_read_as_a_summary_not_added() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    crate::fixtures::xlsx(&dir.join("timesheets.xlsx"), &export_and_pivot(6.0));
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let table4 = test.csv("table4_effort_by_driver.csv");
    assert_eq!(crate::row(&table4, 1, "Grand Total")[4], "21");
    assert_eq!(crate::row(&table4, 1, "Data Quality")[4], "7.5");
    let checks = test.csv("checks.csv");
    assert!(
        checks.iter().any(|r| r[1] == "summary-sheet"
            && r[3] == "Pivot"
            && r[5].contains("restates the bookings of timesheets.xlsx › Export")),
        "{checks:?}"
    );
}

/// A pivot that disagrees with the bookings is not taken for a summary:
/// the two overlap without one being a copy of the other, which stops the
/// run naming both places.
#[test]
fn a_pivot_that_disagrees_with_the_bookings_stops_the_run() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    crate::fixtures::xlsx(&dir.join("timesheets.xlsx"), &export_and_pivot(5.0));
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: timesheets.xlsx › Pivot: 3 of this sheet's people × days × drivers in March 2019 are also booked on timesheets.xlsx › Export"
        ),
        "{}",
        run.stderr
    );
}

/// A random extra sheet's header: words from the headings the report
/// reads, near-misses of them, and words it does not read.
const HEADINGS: [&str; 24] = [
    "Date",
    "Name",
    "Driver",
    "Hours",
    "Category",
    "Received",
    "Mailbox",
    "Sessions",
    "Pageviews",
    "Month",
    "Visits",
    "Meeting",
    "Date(s)",
    "Summary",
    "Party Name",
    "Catagory",
    "Drivr",
    "Amount",
    "Cost centre",
    "Notes",
    "Project",
    "Task",
    "User",
    "Start date",
];

mod extra_sheet {
    use proptest::prelude::*;
    use proptest::sample::{select, subsequence};
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

    use super::HEADINGS;
    use crate::{Test, samples, tables};

    #[derive(Debug, Clone)]
    enum Value {
        Text(String),
        Number(f64),
        Date(u32),
    }

    fn any_value() -> impl Strategy<Value = Value> {
        prop_oneof![
            select(vec![
                "Data Quality",
                "Modifications",
                "Ann Lee",
                "Email",
                "SEC Panel",
                "Other",
                "x",
            ])
            .prop_map(|s| Value::Text(s.to_string())),
            (0u32..2000).prop_map(|n| Value::Number(f64::from(n) / 4.0)),
            (1u32..=31).prop_map(Value::Date),
        ]
    }

    fn any_sheet() -> impl Strategy<Value = (Vec<&'static str>, Vec<Vec<Value>>)> {
        subsequence(HEADINGS.to_vec(), 2..6)
            .prop_shuffle()
            .prop_flat_map(|header| {
                let width = header.len();
                (
                    Just(header),
                    prop::collection::vec(prop::collection::vec(any_value(), width), 2..6),
                )
            })
    }

    /// The sample month's tables, built once for every case.
    static REFERENCE: std::sync::LazyLock<Vec<(String, String)>> = std::sync::LazyLock::new(|| {
        let reference = Test::new();
        assert_eq!(reference.build(samples()).run().code, 0);
        tables(&reference.out())
    });

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 24,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// The sample month with a workbook of one random sheet of data
        /// added: the sheet is either read (the Sources list it with rows
        /// used), or named on screen by a warning or an error, and when
        /// neither, the tables are exactly as before. No sheet of data is
        /// dropped without a word.
        #[test]
        fn an_extra_sheet_of_data_is_read_or_named((header, rows) in any_sheet()) {
            let test = Test::new();
            let dir = crate::fixtures::sample_month(&test, "2019-03");
            let mut workbook = Workbook::new();
            let sheet = workbook.add_worksheet().set_name("Extra").expect("name");
            let date = Format::new().set_num_format("dd/mm/yyyy");
            for (c, text) in header.iter().enumerate() {
                sheet.write_string(0, c as u16, *text).expect("write");
            }
            for (r, row) in rows.iter().enumerate() {
                for (c, value) in row.iter().enumerate() {
                    let (r, c) = (r as u32 + 1, c as u16);
                    match value {
                        Value::Text(t) => sheet.write_string(r, c, t).map(|_| ()),
                        Value::Number(n) => sheet.write_number(r, c, *n).map(|_| ()),
                        Value::Date(d) => {
                            let day = ExcelDateTime::from_ymd(2019, 3, *d as u8).expect("date");
                            sheet.write_datetime_with_format(r, c, &day, &date).map(|_| ())
                        }
                    }
                    .expect("write");
                }
            }
            workbook.save(dir.join("extra.xlsx")).expect("save");
            let run = test.build(&dir).run();
            let named = run.stderr.lines().any(|l| {
                (l.contains("warning:") || l.contains("error:")) && l.contains("extra.xlsx")
            });
            if run.code != 0 {
                prop_assert!(named, "the run failed without naming the file:\n{}", run.stderr);
                return Ok(());
            }
            let used = test
                .csv("sources.csv")
                .iter()
                .any(|r| r[0] == "extra.xlsx" && !r[3].is_empty() && r[5] != "0");
            let same = tables(&test.out()) == *REFERENCE;
            prop_assert!(
                used || named || same,
                "the sheet was neither read nor named, yet the tables changed:\n{}",
                run.stderr
            );
            prop_assert!(
                used || named,
                "the sheet of data was dropped without a word (header {:?}):\n{}",
                header,
                run.stderr
            );
        }
    }
}

/// A sheet copied whole (last week's grid not changed) books the same
/// bookings row for row: counted once, and a warning says so.
#[test]
fn a_sheet_copied_whole_is_counted_once_with_a_warning() {
    use crate::fixtures::{C::*, sheet};
    let rows = || {
        vec![
            vec![S("Date"), S("Name"), S("Driver"), S("Hours")],
            vec![D(2019, 3, 4), S("Ann Lee"), S("Data Quality"), N(7.5)],
            vec![D(2019, 3, 5), S("Ann Lee"), S("BAD/TAD"), N(7.5)],
        ]
    };
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    crate::fixtures::xlsx(
        &dir.join("timesheets.xlsx"),
        &[sheet("Week 1", rows()), sheet("Week 2", rows())],
    );
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: timesheets.xlsx › Week 2: this sheet books exactly what timesheets.xlsx › Week 1 books, row for row"
        ),
        "{}",
        run.stderr
    );
    let table4 = test.csv("table4_effort_by_driver.csv");
    assert_eq!(crate::row(&table4, 1, "Grand Total")[4], "15");
}

/// A booking whose first cell happens to end in "total" and whose driver
/// is missing is still an error, not a pivot subtotal skipped in silence.
#[test]
fn a_booking_ending_in_total_with_a_cell_missing_is_named() {
    use crate::fixtures::{C::*, sheet};
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    crate::fixtures::xlsx(
        &dir.join("timesheets.xlsx"),
        &[sheet(
            "Export",
            vec![
                vec![S("Name"), S("Date"), S("Driver"), S("Hours")],
                vec![S("Ann Lee"), D(2019, 3, 4), S("Data Quality"), N(7.5)],
                vec![S("Ann Total"), D(2019, 3, 5), Blank, N(7.5)],
            ],
        )],
    );
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("timesheets.xlsx › Export › C3: the driver is empty"),
        "{}",
        run.stderr
    );
}
