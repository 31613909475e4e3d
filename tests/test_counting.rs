//! Every row with data is counted once, left out by a rule the screen
//! states with its cells, or stops the run naming it: the same bookings or
//! parties on two sheets, a past month's stray rows, time stamps in UTC,
//! and rows left out for their date. Each test starts from a sample file as
//! the team would have it and makes the one mistake a person makes.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use crate::fixtures::{C::*, sample_month, sheet, xlsx};
use crate::{Test, copy_dir, read_csv, row, samples};

/// A workbook's sheets: name, hidden, cells.
type Book = Vec<(String, bool, Vec<Vec<Data>>)>;

fn read_book(path: &Path) -> Book {
    let mut workbook = open_workbook_auto(path).expect("open sample workbook");
    let hidden: Vec<(String, bool)> = workbook
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible != calamine::SheetVisible::Visible))
        .collect();
    hidden
        .into_iter()
        .map(|(name, hidden)| {
            let range = workbook.worksheet_range(&name).expect("sheet");
            let (top, left) = range.start().unwrap_or((0, 0));
            let mut rows = vec![Vec::new(); top as usize];
            for cells in range.rows() {
                let mut row = vec![Data::Empty; left as usize];
                row.extend(cells.iter().cloned());
                rows.push(row);
            }
            (name, hidden, rows)
        })
        .collect()
}

/// Write the sheets back as a workbook: text, numbers and real dates.
/// The cells of the sample timesheet's Export sheet.
fn export_cells(book: &Book) -> Vec<Vec<Data>> {
    book.iter()
        .find(|(name, _, _)| name == "Export")
        .expect("the sample's Export sheet")
        .2
        .clone()
}

fn write_book(path: &Path, book: &Book) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (name, hidden, rows) in book {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).expect("sheet name");
        for (r, cells) in rows.iter().enumerate() {
            for (c, cell) in cells.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Data::String(text) => sheet.write_string(r, c, text).map(|_| ()),
                    Data::Float(n) => sheet.write_number(r, c, *n).map(|_| ()),
                    Data::Int(n) => sheet.write_number(r, c, *n as f64).map(|_| ()),
                    Data::Bool(b) => sheet.write_boolean(r, c, *b).map(|_| ()),
                    Data::DateTime(d) => sheet
                        .write_number_with_format(r, c, d.as_f64(), &date)
                        .map(|_| ()),
                    _ => Ok(()),
                }
                .expect("write cell");
            }
        }
        if *hidden {
            sheet.set_hidden(true);
        }
    }
    workbook.save(path).expect("save workbook");
}

/// An older copy of the timesheet export, taken part-way through the
/// month and hidden beside the real one: 841 days instead of 633 before.
#[test]
fn a_hidden_older_copy_of_the_export_overlapping_it_stops_the_run() {
    let test = Test::new();
    let dir = sample_month(&test, "2019-03");
    let path = dir.join("timesheets-2019-03.xlsx");
    let mut book = read_book(&path);
    let export = export_cells(&book);
    let mut older = export.clone();
    older.truncate(export.len() * 2 / 3);
    book.push(("Export (old)".to_string(), true, older));
    write_book(&path, &book);
    let run = test.build(&dir).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: timesheets-2019-03.xlsx › Export (old): ")
            && run
                .stderr
                .contains("are also booked on timesheets-2019-03.xlsx › Export, but neither sheet is a whole copy of the other"),
        "{}",
        run.stderr
    );
    // Both places of a shared booking are named, cell by cell.
    assert!(
        run.stderr.contains("timesheets-2019-03.xlsx › Export › D")
            && run
                .stderr
                .contains(" and timesheets-2019-03.xlsx › Export (old) › D"),
        "{}",
        run.stderr
    );
}

/// The whole export copied onto a hidden sheet is still read once.
#[test]
fn a_hidden_whole_copy_of_the_export_is_read_once() {
    let test = Test::new();
    let dir = sample_month(&test, "2019-03");
    let path = dir.join("timesheets-2019-03.xlsx");
    let mut book = read_book(&path);
    let export = export_cells(&book);
    book.push(("Export (copy)".to_string(), true, export));
    write_book(&path, &book);
    let run = test.build(&dir).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("it is a whole copy"), "{}", run.stderr);
    let figures = test.csv("key_figures.csv");
    assert_eq!(row(&figures, 0, "resource_days")[1], "633");
}

/// The register's parties sheet: its name and header row.
fn parties_sheet(book: &Book) -> (usize, usize) {
    book.iter()
        .enumerate()
        .find_map(|(at, (_, _, rows))| {
            rows.iter()
                .position(|r| {
                    r.iter()
                        .any(|c| matches!(c, Data::String(s) if s == "Party Name"))
                })
                .map(|header| (at, header))
        })
        .expect("a sheet headed Party Name")
}

/// Two parties pasted twice at the foot of the register: accessions 3 → 4
/// and the party count up by two before, with a warning.
#[test]
fn a_party_pasted_twice_stops_the_run_naming_both_rows() {
    let test = Test::new();
    let dir = sample_month(&test, "2019-03");
    let path = dir.join("membership-register.xlsx");
    let mut book = read_book(&path);
    let (at, header) = parties_sheet(&book);
    let rows = &mut book[at].2;
    let pasted: Vec<Vec<Data>> = rows[rows.len() - 2..].to_vec();
    rows.extend(pasted);
    let name = book[at].0.clone();
    write_book(&path, &book);
    let run = test.build(&dir).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "error: membership-register.xlsx › {name}: the register lists 2 of its parties twice"
        )),
        "{}",
        run.stderr
    );
    let last = read_book(&path)[at].2.len();
    assert!(
        run.stderr.contains(&format!("› {name} › A{}", last)) && header < last,
        "the pasted row is named: {}",
        run.stderr
    );
}

/// Last month's register kept on a hidden sheet beside this month's: every
/// earlier month of Table 3 doubled before.
#[test]
fn a_hidden_copy_of_last_months_register_stops_the_run() {
    let test = Test::new();
    let dir = sample_month(&test, "2019-03");
    let path = dir.join("membership-register.xlsx");
    let mut book = read_book(&path);
    let (at, header) = parties_sheet(&book);
    let accession = book[at].2[header]
        .iter()
        .position(|c| c.to_string().contains("ccession"))
        .expect("an Accession Date column");
    // February's register: the parties that had acceded by then.
    let first_of_march = 43_525.0;
    let february: Vec<Vec<Data>> = book[at].2[..]
        .iter()
        .enumerate()
        .filter(|(r, cells)| {
            *r <= header
                || !matches!(cells.get(accession), Some(Data::DateTime(d)) if d.as_f64() >= first_of_march)
        })
        .map(|(_, cells)| cells.clone())
        .collect();
    assert!(february.len() < book[at].2.len(), "March has accessions");
    book.push(("Register Feb".to_string(), true, february));
    write_book(&path, &book);
    let run = test.build(&dir).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: membership-register.xlsx › Register Feb: the register lists")
            && run.stderr.contains("If one of the two sheets is a copy"),
        "{}",
        run.stderr
    );
}

/// One April enquiry typed with a March date, last month's report beside
/// it: Table 5's whole March column (1,677 emails) became 1 before.
#[test]
fn an_april_enquiry_typed_with_a_march_date_does_not_replace_march() {
    let test = Test::new();
    let march_out = test.dir.path().join("march-out");
    let run = Test::new().build_to(samples(), &march_out).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = test.month_dir("2019-04");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/2019-04"),
        &dir,
    );
    let csv = dir.join("helpdesk-2019-04.csv");
    let mut bytes = std::fs::read(&csv).expect("helpdesk CSV");
    // Line 11's date, 0x/04/2019, typed as 0x/03/2019.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect();
    let line = &bytes[starts[10]..starts[11]];
    let at = starts[10]
        + line
            .windows(8)
            .position(|w| w == b"/04/2019")
            .expect("an April date on line 11");
    bytes[at + 2] = b'3';
    std::fs::write(&csv, bytes).expect("write");
    let history = march_out.join("operations-report-2019-03.xlsx");
    let run = test
        .build(&dir)
        .args(["--history", history.to_str().expect("path")])
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: 1 helpdesk enquiry dated in March 2019 (")
            && run
                .stderr
                .contains("helpdesk-2019-04.csv › line 11, column B")
            && run.stderr.contains("Is the date mistyped?"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("raw used"), "{}", run.stderr);
}

/// A helpdesk system's time stamps in UTC: 23:30 on 31 March 2019 is 00:30
/// BST on 1 April, and is April's enquiry.
#[test]
fn a_utc_time_stamp_across_midnight_bst_counts_in_april() {
    let test = Test::new();
    let dir = test.month_dir("2019-04");
    let mut log = String::from("Ref,Received,Channel,Category\r\n");
    log.push_str("HD-0,2019-03-31T23:30:00Z,Email,Modifications\r\n");
    for day in 1..=30 {
        log.push_str(&format!(
            "HD-{day},2019-04-{day:02}T10:00:00Z,Email,General Queries\r\n"
        ));
    }
    std::fs::write(dir.join("helpdesk-export.csv"), log).expect("write");
    let run = test.build(&dir).args(["--partial", "--allow-gaps"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let table5 = test.csv("table5_helpdesk_emails.csv");
    assert_eq!(row(&table5, 0, "Modifications")[12], "1", "{table5:?}");
    assert_eq!(row(&table5, 0, "Modifications")[11], "", "{table5:?}");
    let figures = test.csv("key_figures.csv");
    assert_eq!(row(&figures, 0, "email_enquiries")[1], "31");
}

/// A booking typed with next month's date is left out, and the screen
/// says so with its cell: before, a note in checks.csv only.
#[test]
fn a_booking_typed_with_next_months_date_is_stated_on_screen_with_its_cell() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    xlsx(
        &dir.join("timesheets.xlsx"),
        &[sheet(
            "Export",
            vec![
                vec![S("Date"), S("Name"), S("Driver"), S("Hours")],
                vec![D(2019, 3, 4), S("Ann Lee"), S("Data Quality"), N(7.5)],
                vec![D(2019, 3, 5), S("Ann Lee"), S("Data Quality"), N(7.5)],
                vec![D(2019, 4, 6), S("Ann Lee"), S("Data Quality"), N(7.5)],
            ],
        )],
    );
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "1 booking dated outside March 2019 not counted: timesheets.xlsx › Export › A4"
        ),
        "{}",
        run.stderr
    );
    let checks = read_csv(&test.out().join("csv/checks.csv"));
    assert!(
        checks
            .iter()
            .any(|r| r[1] == "outside-window" && r[5].ends_with("not counted: A4")),
        "{checks:?}"
    );
}

/// The helpdesk export saved again part-way through the month, under
/// another name, beside the month's own: its enquiries would count twice.
#[test]
fn an_older_copy_of_the_helpdesk_export_beside_it_stops_the_run() {
    let test = Test::new();
    let dir = sample_month(&test, "2019-03");
    let log = std::fs::read(dir.join("helpdesk-2019-03.csv")).expect("helpdesk CSV");
    let half: Vec<&[u8]> = log.split(|&b| b == b'\n').collect();
    let older = half[..half.len() / 2].join(&b'\n');
    let shared = half[1..half.len() / 2]
        .iter()
        .filter(|line| line.starts_with(b"HD-"))
        .count();
    std::fs::write(dir.join("helpdesk-2019-03 (15 Mar).csv"), older).expect("write");
    let run = test.build(&dir).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "error: helpdesk-2019-03.csv: {shared} of this sheet's references are also logged on helpdesk-2019-03 (15 Mar).csv"
        )) && run
            .stderr
            .contains("HD-2019-03237: helpdesk-2019-03 (15 Mar).csv › line 2, column B and helpdesk-2019-03.csv › line 2, column B"),
        "{}",
        run.stderr
    );
}
