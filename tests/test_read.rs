//! What reading a workbook gives, whatever reads it inside: hidden sheets
//! flagged, the 1904 date system, dates and durations told apart by their
//! number format, chart sheets as empty sheets, merged ranges filled, and
//! damaged packages refused with a sentence. Each workbook is written here
//! by rust_xlsxwriter, so the test shows its input beside its assertion.

use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet};

use chrono::NaiveDate;
use opsreport::read::cell::{DateOrder, Epoch, Raw};
use opsreport::read::workbook::{Sheet, read_sheets};

use crate::fixtures::{XlsbCell, XlsbSheet, make_1904, xlsb};
use crate::{Test, copy_dir, samples};

fn read(name: &str, bytes: &[u8]) -> Vec<Sheet> {
    read_sheets(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn cell(sheet: &Sheet, row: u32, col: u32) -> Raw {
    sheet
        .rows
        .iter()
        .find(|r| r.index == row)
        .map(|r| r.get(col).clone())
        .unwrap_or(Raw::Empty)
}

#[test]
fn hidden_sheets_are_read_and_flagged() {
    let mut workbook = Workbook::new();
    workbook
        .add_worksheet()
        .set_name("Shown")
        .expect("name")
        .write_string(0, 0, "visible")
        .expect("write");
    workbook
        .add_worksheet()
        .set_name("Week 1")
        .expect("name")
        .set_hidden(true)
        .write_string(0, 0, "hidden")
        .expect("write");
    let sheets = read("hidden.xlsx", &workbook.save_to_buffer().expect("save"));
    let seen: Vec<(&str, bool)> = sheets.iter().map(|s| (s.name.as_str(), s.hidden)).collect();
    assert_eq!(seen, [("Shown", false), ("Week 1", true)]);
    assert_eq!(cell(&sheets[1], 0, 0), Raw::Text("hidden".into()));
}

#[test]
fn dates_durations_and_numbers_are_told_apart_by_their_format() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Formats").expect("name");
    let n = 43525.75;
    for (col, format) in ["dd/mm/yy", "[h]:mm:ss", "0.00", "General", "d mmm yyyy"]
        .into_iter()
        .enumerate()
    {
        sheet
            .write_number_with_format(0, col as u16, n, &Format::new().set_num_format(format))
            .expect("write");
    }
    let sheets = read("formats.xlsx", &workbook.save_to_buffer().expect("save"));
    // 43525.75 is 18:00 on 1 March 2019, read as that date and time once.
    let date = Raw::Date(ymd(2019, 3, 1).and_hms_opt(18, 0, 0).expect("a time"));
    let duration = Raw::Time(n);
    let number = Raw::Number(n, Epoch::Excel1900);
    let row: Vec<Raw> = (0..5).map(|col| cell(&sheets[0], 0, col)).collect();
    assert_eq!(row, [date.clone(), duration, number.clone(), number, date]);
    assert_eq!(sheets[0].epoch, Epoch::Excel1900);
}

#[test]
fn a_1904_workbook_says_so() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("mac.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .write_number_with_format(0, 0, 1.0, &Format::new().set_num_format("dd/mm/yyyy"))
        .expect("write");
    sheet.write_number(0, 1, 1.0).expect("write");
    workbook.save(&path).expect("save");
    make_1904(&path);
    let sheets = read("mac.xlsx", &std::fs::read(&path).expect("read back"));
    assert_eq!(sheets[0].epoch, Epoch::Mac1904);
    // Day 1 of the 1904 system is 2 January 1904, as a date cell and as a
    // serial typed as a plain number in a column of dates.
    let second_of_january = ymd(1904, 1, 2);
    assert_eq!(
        cell(&sheets[0], 0, 0),
        Raw::Date(second_of_january.and_hms_opt(0, 0, 0).expect("midnight"))
    );
    let number = cell(&sheets[0], 0, 1);
    assert_eq!(number, Raw::Number(1.0, Epoch::Mac1904));
    assert_eq!(
        number.date(DateOrder::DayFirst),
        Ok(Some(second_of_january))
    );
}

#[test]
fn a_chart_sheet_is_an_empty_sheet_beside_the_data() {
    let mut workbook = Workbook::new();
    let data = workbook.add_worksheet().set_name("Data").expect("name");
    for row in 0..3u32 {
        data.write_number(row, 0, f64::from(row + 1))
            .expect("write");
    }
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values(("Data", 0, 0, 2, 0));
    let mut chartsheet = Worksheet::new_chartsheet();
    chartsheet.set_name("Chart").expect("name");
    chartsheet.insert_chart(0, 0, &chart).expect("chart");
    workbook.push_worksheet(chartsheet);
    let sheets = read("chart.xlsx", &workbook.save_to_buffer().expect("save"));
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Data", "Chart"]);
    assert_eq!(cell(&sheets[0], 2, 0), Raw::Number(3.0, Epoch::Excel1900));
    assert!(sheets[1].rows.is_empty());
}

#[test]
fn a_merged_category_applies_to_every_row_it_spans() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Meetings").expect("name");
    sheet
        .merge_range(1, 0, 4, 0, "SEC Panel", &Format::new())
        .expect("merge");
    for row in 1..=4u32 {
        sheet
            .write_string(row, 1, format!("Meeting {row}"))
            .expect("write");
    }
    let sheets = read("meetings.xlsx", &workbook.save_to_buffer().expect("save"));
    for row in 1..=4 {
        assert_eq!(
            cell(&sheets[0], row, 0),
            Raw::Text("SEC Panel".into()),
            "row {row}"
        );
    }
    assert_eq!(cell(&sheets[0], 0, 0), Raw::Empty);
}

/// calamine reports no merged ranges for an `.xlsb`: they are read from
/// the sheet's `BrtMergeCell` records, and the merged Category and date
/// apply to every row they span, beside the cells calamine reads.
#[test]
fn a_merged_category_and_date_apply_to_every_row_they_span_in_an_xlsb() {
    let mut cells = vec![
        ((0, 0), XlsbCell::Text("Category".into())),
        ((0, 1), XlsbCell::Text("Meeting".into())),
        ((0, 2), XlsbCell::Text("Date(s)".into())),
        ((1, 0), XlsbCell::Text("SEC Panel".into())),
        ((1, 2), XlsbCell::Date(43539.0)),
        ((5, 0), XlsbCell::Text("Change Board".into())),
    ];
    for row in 1..=5u32 {
        cells.push(((row, 1), XlsbCell::Text(format!("Meeting {row}"))));
    }
    let bytes = xlsb(&[
        XlsbSheet {
            name: "Notes".into(),
            cells: vec![((0, 0), XlsbCell::Number(7.0))],
            merges: vec![((3, 3), (4, 4))],
        },
        XlsbSheet {
            name: "Meetings & events".into(),
            cells,
            // Category over four meetings, the date over the first two.
            merges: vec![((1, 0), (4, 0)), ((1, 2), (2, 2))],
        },
    ]);
    let sheets = read("meetings.xlsb", &bytes);
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Notes", "Meetings & events"]);
    assert_eq!(cell(&sheets[0], 0, 0), Raw::Number(7.0, Epoch::Excel1900));
    // A merged range with no value at its top left fills nothing.
    assert_eq!(sheets[0].rows.len(), 1);
    let meetings = &sheets[1];
    assert_eq!(cell(meetings, 0, 2), Raw::Text("Date(s)".into()));
    for row in 1..=4 {
        assert_eq!(
            cell(meetings, row, 0),
            Raw::Text("SEC Panel".into()),
            "row {row}"
        );
        assert_eq!(cell(meetings, row, 1), Raw::Text(format!("Meeting {row}")));
    }
    let date = Raw::Date(ymd(2019, 3, 15).and_hms_opt(0, 0, 0).expect("midnight"));
    assert_eq!(cell(meetings, 1, 2), date);
    assert_eq!(cell(meetings, 2, 2), date);
    assert_eq!(cell(meetings, 3, 2), Raw::Empty);
    assert_eq!(cell(meetings, 5, 0), Raw::Text("Change Board".into()));
}

/// A sheet of more merged ranges than a sheet is read with is refused
/// with a sentence, not filled row by row against each of them.
#[test]
fn a_sheet_of_too_many_merged_ranges_is_refused() {
    let merges = (0..10_001u32).map(|r| ((r, 0), (r, 1))).collect();
    let bytes = xlsb(&[XlsbSheet {
        name: "Log".into(),
        cells: vec![((0, 0), XlsbCell::Text("Ref".into()))],
        merges,
    }]);
    let error = read_sheets("log.xlsb", &bytes)
        .expect_err("refused")
        .to_string();
    assert!(
        error.contains("sheet \"Log\" cannot be read: it has more than 10,000 merged ranges"),
        "{error}"
    );
}

/// The sample meetings log written as an `.xlsb` (its cells and merged
/// ranges as calamine reads them from the `.xlsx`) gives the same Table 7:
/// the merged categories and summaries apply to every meeting.
#[test]
fn the_sample_meetings_log_as_xlsb_gives_the_same_table_7() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let original = samples().join("meetings-log.xlsx");
    let mut workbook: Xlsx<_> = open_workbook(&original).expect("open the sample");
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).expect("sheet");
        let cells = range
            .cells()
            .filter_map(|(row, col, value)| {
                let at = (row as u32, col as u32);
                Some(match value {
                    Data::String(text) => (at, XlsbCell::Text(text.clone())),
                    Data::Float(n) => (at, XlsbCell::Number(*n)),
                    Data::Int(n) => (at, XlsbCell::Number(*n as f64)),
                    Data::DateTime(date) => (at, XlsbCell::Date(date.as_f64())),
                    _ => return None,
                })
            })
            .map(|((row, col), value)| {
                let start = range.start().unwrap_or((0, 0));
                ((row + start.0, col + start.1), value)
            })
            .collect();
        let merges: Vec<_> = workbook
            .merge_cells_by_sheet_name(&name)
            .expect("merged ranges")
            .iter()
            .map(|d| (d.start, d.end))
            .collect();
        assert!(merges.len() >= 3, "{name}: {merges:?}");
        sheets.push(XlsbSheet {
            name,
            cells,
            merges,
        });
    }
    let reference = Test::new();
    let dir = reference.month_dir("2019-03");
    copy_dir(samples(), &dir);
    assert_eq!(reference.build(&dir, &[]).code, 0);
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    copy_dir(samples(), &dir);
    std::fs::remove_file(dir.join("meetings-log.xlsx")).expect("remove");
    std::fs::write(dir.join("meetings-log.xlsb"), xlsb(&sheets)).expect("write");
    let run = test.build(&dir, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let table7 = test.csv("table7_meetings.csv");
    assert_eq!(table7, reference.csv("table7_meetings.csv"));
    // The Summary merged down over the four transitional meetings stands
    // beside each of them.
    let transitional: Vec<&Vec<String>> = table7
        .iter()
        .filter(|r| r[0] == "Transitional Governance Meetings")
        .collect();
    assert_eq!(transitional.len(), 4, "{table7:?}");
    assert!(
        transitional
            .iter()
            .all(|r| r[3].starts_with("These transitional groups")),
        "{transitional:?}"
    );
}

/// A package whose sheet fails its checksum (bytes damaged in copying) is
/// refused with a sentence that says what to suspect, never read in part.
#[test]
fn a_damaged_sheet_is_refused_with_a_sentence() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Log").expect("name");
    for row in 0..2_000u32 {
        sheet
            .write_string(row, 0, format!("HD-{row:05} enquiry text"))
            .expect("write");
    }
    let mut bytes = workbook.save_to_buffer().expect("save");
    // Flip bytes inside the compressed sheet part, after its local header.
    let name = b"xl/worksheets/sheet1.xml";
    let at = bytes
        .windows(name.len())
        .position(|w| w == name)
        .expect("the sheet's local header");
    for b in &mut bytes[at + name.len() + 200..at + name.len() + 260] {
        *b ^= 0x5A;
    }
    let error = read_sheets("damaged.xlsx", &bytes)
        .expect_err("a damaged sheet is not read")
        .to_string();
    assert!(error.contains("damaged"), "{error}");
}

#[test]
fn a_utf8_csv_with_a_stray_windows_1252_byte_keeps_its_row() {
    // A byte-order mark says UTF-8, then `£` saved as Windows-1252 (0xA3):
    // the row is read, the stray byte standing as U+FFFD in its one field.
    let sheets = read("stray.csv", b"\xEF\xBB\xBFDate,Note\n04/03/2019,\xA3 5\n");
    assert_eq!(sheets.len(), 1);
    assert_eq!(cell(&sheets[0], 1, 0), Raw::Text("04/03/2019".into()));
    assert_eq!(cell(&sheets[0], 1, 1), Raw::Text("\u{FFFD} 5".into()));
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a real date")
}
