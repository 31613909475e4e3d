//! A toy table added the way README › Layout › "How to add a table" says:
//! a model built as a report module builds one, drawn by the same generic
//! writers the registry's tables go through (the CSV bundle's
//! `table_file`, the workbook's `model_sheet` via `table_workbook`), and
//! its registry entry: titled by its `[tables.<name>]`, with a key figure
//! and the generic sheet writer.

use calamine::{Data, Reader, Xlsx};
use opsreport::month::Month;
use opsreport::render::{csv, xlsx};
use opsreport::report::Part;
use opsreport::report::table::{Cell, Footnote, Role, Row, Shown, Table, Value};
use opsreport::report::tables::{FigureUnit, Sheet, TABLES, TableUnit};
use opsreport::template::{BUILTIN, Template};

/// The toy's entry, as it would stand in `TABLES` (its builder ignores the
/// report: the toy has no input).
const TEA: TableUnit = TableUnit {
    part: Part::Effort,
    name: "Table 8",
    key: "tea",
    csv: Some("table8_tea.csv"),
    build: |_, _| toy(),
    headline: None,
    key_figures: &[FigureUnit {
        place: 15,
        name: "cups_of_tea",
        label: "Cups of tea in the month",
        value: |_| 7,
    }],
    sheet: Sheet::Generic,
};

/// The toy's titles, as its `[tables.tea]` in the template.
const TEA_TITLES: &str =
    "\n[tables.tea]\nsheet = \"Table 8 Tea\"\ncaption = \"Table 8: Tea drunk\"\n";

/// Tea drunk by the team: a rolling table of two months, one left blank,
/// a total, a row only the CSV carries, and a note.
fn toy() -> Table {
    let months = Month::new(2019, 3).expect("a month").window(2);
    let mut table = Table::months("Table 8: Tea drunk", "drink", 2, &months);
    table.row(Row::new(vec![
        Cell::text("Tea"),
        Cell::count(1_200),
        Cell::count(7).marked(&[1]),
    ]));
    table.row(Row::new(vec![
        Cell::text("Coffee"),
        Cell::new(Value::Blank),
        Cell::count(3),
    ]));
    table
        .row(Row::new(vec![Cell::text("Water"), Cell::count(2), Cell::count(2)]).shown(Shown::Csv));
    table.row(
        Row::new(vec![
            Cell::text("Total"),
            Cell::new(Value::Blank),
            Cell::count(10),
        ])
        .role(Role::Total),
    );
    table.footnotes.push(Footnote {
        marker: 1,
        anchor: "2019-03".into(),
        text: "The kettle broke.".into(),
    });
    table
}

#[test]
fn a_toy_table_is_in_the_csv_as_its_model_says() {
    let file = csv::table_file(&toy(), "table8_tea.csv");
    assert_eq!(file.path, "csv/table8_tea.csv");
    let text = String::from_utf8(file.bytes).expect("UTF-8");
    assert_eq!(
        text,
        "\u{feff}drink,2019-02,2019-03\r\nTea,1200,7\r\nCoffee,,3\r\nWater,2,2\r\nTotal,,10\r\n"
    );
}

#[test]
fn a_toy_table_is_in_the_workbook_as_its_model_says() {
    let bytes = xlsx::table_workbook(&toy(), "Table 8").expect("a workbook");
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).expect("an xlsx");
    let range = book.worksheet_range("Table 8").expect("the sheet");
    let cell = |row: u32, col: u32| range.get_value((row, col)).cloned();
    assert_eq!(cell(0, 0), Some(Data::String("Table 8: Tea drunk".into())));
    assert_eq!(cell(2, 1), Some(Data::String("Feb 19".into())));
    assert_eq!(cell(2, 2), Some(Data::String("Mar 19".into())));
    assert_eq!(cell(3, 0), Some(Data::String("Tea".into())));
    assert_eq!(cell(3, 1), Some(Data::Float(1_200.0)));
    // Blank stays empty; the CSV-only row is not printed; the total is a
    // SUM of the rows above that carries its value.
    assert!(matches!(cell(4, 1), None | Some(Data::Empty)));
    assert_eq!(cell(5, 0), Some(Data::String("Total".into())));
    assert_eq!(cell(5, 2), Some(Data::Float(10.0)));
    let formulas = book.worksheet_formula("Table 8").expect("formulas");
    let formula = formulas.get_value((5, 2)).cloned().unwrap_or_default();
    assert_eq!(formula, "SUM(C4:C5)");
    // Then the note of the blank month, then the table's note.
    let note = |row| match cell(row, 0) {
        Some(Data::String(text)) => text,
        other => panic!("row {row}: {other:?}"),
    };
    assert!(note(7).contains("Feb 19"), "{}", note(7));
    assert_eq!(note(8), "1 The kettle broke.");
}

#[test]
fn a_toy_tables_entry_takes_a_free_place_and_needs_the_built_in_templates_titles() {
    // Its key figure takes a place no table's figure has.
    let mut taken = TABLES.iter().flat_map(|u| u.key_figures).map(|f| f.place);
    assert!(!taken.any(|place| place == TEA.key_figures[0].place));
    assert_eq!(TEA.sheet, Sheet::Generic);
    // Its [tables.tea] goes in templates/operations-report.toml: a team's
    // template naming a table the built-in one lacks is refused.
    let own = format!("{BUILTIN}{TEA_TITLES}");
    let error = format!("{:#}", Template::parse(&own).expect_err("tea unknown"));
    assert!(error.contains("unknown field `tea` in [tables]"), "{error}");
    // Without it, the entry has no sheet name, and the workbook stops.
    let builtin = Template::load(None).expect("the built-in template");
    assert_eq!(TEA.titles(&builtin).sheet, "");
}
