//! Properties of the READ stage, checked on generated inputs rather than the
//! fixtures: the cell parsers (dates, numbers, durations, months) never panic
//! and read back every form inputs.md promises; a header row is found under
//! title rows however it is spelt; a CSV file keeps every field; and any
//! bytes under any spreadsheet name become findings, never a crash.
//! `fuzz/` drives the same entry points for longer.

use std::sync::LazyLock;

use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;
use proptest::sample::select;

use opsreport::findings::{Findings, Severity};
use opsreport::hours::Hours;
use opsreport::inputs::header::{HeaderRole, find_header, match_row};
use opsreport::inputs::kinds::specs;
use opsreport::inputs::{InputFile, Inputs, read_file};
use opsreport::month::Month;
use opsreport::read::cell::{
    DateOrder, Epoch, Raw, parse_date_text, parse_duration_text, parse_month_text,
    parse_number_text,
};
use opsreport::read::workbook::{Sheet, SheetRow, decode_text, read_csv, read_sheets};
use opsreport::template::Template;
use opsreport::template::schema::Role;
use opsreport::text::thousands;
use opsreport::text::{normal_form_hash, normalise};

use DateOrder::{DayFirst, MonthFirst};

static TEMPLATE: LazyLock<Template> =
    LazyLock::new(|| Template::load(None).expect("the built-in template loads"));

/// A case count, and no regression files written beside the tests: a failing
/// case is printed, shrunk, in the test output.
fn cases(n: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(n)
    }
}

// ------------------------------------------------------------- generators

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

/// Any calendar day from 1950 to 2080.
fn date_1950_2080() -> impl Strategy<Value = NaiveDate> {
    let first = ymd(1950, 1, 1);
    let span = (ymd(2080, 12, 31) - first).num_days() as u64;
    (0..=span).prop_map(move |days| first + Days::new(days))
}

fn days_in_month(y: i32, m: u32) -> u32 {
    let next = if m == 12 {
        ymd(y + 1, 1, 1)
    } else {
        ymd(y, m + 1, 1)
    };
    (next - ymd(y, m, 1)).num_days() as u32
}

/// Excel's two-digit-year rule as the parser applies it: 00–29 are 2000s,
/// 30–99 are 1900s, so only these years can be written with two digits.
fn has_two_digit_form(year: i32) -> bool {
    (1930..=2029).contains(&year)
}

/// Every way inputs.md lets a person type `date`, day before month.
fn day_first_forms(date: NaiveDate) -> Vec<String> {
    let (y, m, d) = (date.year(), date.month(), date.day());
    let name = MONTHS[m as usize - 1];
    let mon = &name[..3];
    let mut forms = vec![
        format!("{d:02}/{m:02}/{y}"),
        format!("{d}/{m}/{y}"),
        format!("{d:02}-{m:02}-{y}"),
        format!("{d:02}.{m:02}.{y}"),
        format!("{d} {mon} {y}"),
        format!("{d} {name} {y}"),
        format!("{y}-{m:02}-{d:02}"),
        format!("{y}{m:02}{d:02}"),
    ];
    if has_two_digit_form(y) {
        let yy = y % 100;
        forms.push(format!("{d}/{m}/{yy:02}"));
        forms.push(format!("{d:02}-{mon}-{yy:02}"));
    }
    forms
}

/// The forms a US-locale export writes, month before day.
fn month_first_forms(date: NaiveDate) -> Vec<String> {
    let (y, m, d) = (date.year(), date.month(), date.day());
    let name = MONTHS[m as usize - 1];
    let mut forms = vec![
        format!("{m:02}/{d:02}/{y}"),
        format!("{m}/{d}/{y}"),
        format!("{} {d} {y}", &name[..3]),
        format!("{name} {d}, {y}"),
    ];
    if has_two_digit_form(y) {
        forms.push(format!("{m}/{d}/{:02}", y % 100));
    }
    forms
}

/// A time of day as exports append it, or nothing.
fn time_suffix() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        (0..24u32, 0..60u32).prop_map(|(h, m)| format!(" {h:02}:{m:02}")),
        (0..24u32, 0..60u32, 0..60u32).prop_map(|(h, m, s)| format!(" {h:02}:{m:02}:{s:02}")),
        (1..13u32, 0..60u32, select(vec!["AM", "PM", "am"]))
            .prop_map(|(h, m, half)| format!(" {h}:{m:02} {half}")),
    ]
}

/// Text shaped like what people type in date, number and time cells: digit
/// runs, separators, month names, clock and ISO markers, odd spaces, and any
/// character at all.
fn cell_like_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        "[0-9]{1,4}",
        "[0-9]{5,9}",
        select(vec![
            "/", "-", ".", ",", " ", "  ", ":", "T", "Z", "PT", "H", "M", "S", "AM", "pm", "Mar",
            "march", "Sept", "DEC", "\u{a0}", "\t", "+", "e", "NaN", "inf",
        ])
        .prop_map(str::to_string),
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(token, 0..10).prop_map(|tokens| tokens.concat())
}

/// Any string of any characters, control characters and all.
fn any_chars() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..40).prop_map(String::from_iter)
}

/// Either date system.
fn epoch() -> impl Strategy<Value = Epoch> {
    prop_oneof![Just(Epoch::Excel1900), Just(Epoch::Mac1904)]
}

/// A cell as calamine or a CSV field could give it.
fn raw_cell() -> impl Strategy<Value = Raw> {
    prop_oneof![
        Just(Raw::Empty),
        any_chars().prop_map(Raw::Text),
        cell_like_text().prop_map(Raw::Text),
        mangled_synonym().prop_map(Raw::Text),
        (any::<f64>(), epoch()).prop_map(|(n, epoch)| Raw::Number(n, epoch)),
        ((0.0..3e6f64), epoch()).prop_map(|(n, epoch)| Raw::Number(n, epoch)),
        any::<bool>().prop_map(Raw::Bool),
        (any::<f64>(), any::<bool>(), epoch())
            .prop_map(|(serial, duration, epoch)| Raw::date_cell(serial, duration, epoch)),
        ((0.0..3e6f64), any::<bool>(), epoch())
            .prop_map(|(serial, duration, epoch)| Raw::date_cell(serial, duration, epoch)),
        select(vec!["#REF!", "#N/A", "#VALUE!", "#DIV/0!"]).prop_map(|e| Raw::Error(e.into())),
    ]
}

// ------------------------------------------------ the template's header kinds

/// Every kind read by a header row, as the crate declares it (its
/// schema, `opsreport::template::schema`), with the built-in template's
/// spellings of each role: named by its template section.
fn header_kinds(t: &Template) -> Vec<(&'static str, Vec<HeaderRole<'_>>)> {
    specs(t)
        .into_iter()
        .map(|spec| (spec.input.section, spec.roles))
        .collect()
}

/// How many kinds `header_kinds` has, for the strategies that pick one.
static KINDS: LazyLock<usize> = LazyLock::new(|| header_kinds(&TEMPLATE).len());

/// A header as people type it: any letter's case flipped, spaces doubled
/// or turned into line breaks, padding around, perhaps a trailing colon.
fn mangle(text: &str) -> impl Strategy<Value = String> + use<> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    (
        prop::collection::vec(any::<bool>(), n),
        prop::collection::vec(select(vec![" ", "  ", "\n", "\r\n", " \n ", "\t"]), n),
        select(vec!["", " ", "\n", "  "]),
        select(vec!["", " ", ":", " :", ":\n"]),
    )
        .prop_map(move |(upper, spaces, before, after)| {
            let mut out = before.to_string();
            for (i, c) in chars.iter().enumerate() {
                match c {
                    ' ' => out.push_str(spaces[i]),
                    c if upper[i] => out.extend(c.to_uppercase()),
                    c => out.extend(c.to_lowercase()),
                }
            }
            out.push_str(after);
            out
        })
}

/// Any header spelling of any kind in the template, mangled.
fn mangled_synonym() -> impl Strategy<Value = String> {
    let all: Vec<String> = header_kinds(&TEMPLATE)
        .iter()
        .flat_map(|(_, roles)| roles.iter().flat_map(|r| r.synonyms.iter().cloned()))
        .collect();
    select(all).prop_flat_map(|s| mangle(&s))
}

/// A sheet of text cells at the given (row, column) positions, rows in
/// order.
fn sheet_of(rows: Vec<(u32, Vec<(u32, Raw)>)>) -> Sheet {
    Sheet {
        name: "Log".into(),
        hidden: false,
        epoch: Epoch::Excel1900,
        csv: false,
        rows: rows
            .into_iter()
            .map(|(index, cells)| SheetRow {
                index,
                line: None,
                cells,
            })
            .collect(),
    }
}

/// Rows of arbitrary cells, with gaps between rows and between columns as a
/// real sheet has, starting anywhere in the first 50 rows.
fn arbitrary_sheet() -> impl Strategy<Value = Sheet> {
    let row = (0..3u32, prop::collection::vec((0..3u32, raw_cell()), 0..8));
    (0..50u32, prop::collection::vec(row, 0..12)).prop_map(|(start, rows)| {
        let mut index = start;
        let rows = rows
            .into_iter()
            .map(|(gap, cells)| {
                index += gap;
                let mut col = 0;
                let cells = cells
                    .into_iter()
                    .map(|(skip, raw)| {
                        col += skip;
                        let cell = (col, raw);
                        col += 1;
                        cell
                    })
                    .collect();
                let row = (index, cells);
                index += 1;
                row
            })
            .collect();
        sheet_of(rows)
    })
}

// ----------------------------------------------------------- reading files

/// Read `bytes` as a file called `name`, as the pipeline does.
fn read_as(name: &str, bytes: Vec<u8>) -> (Inputs, Findings) {
    let file = InputFile::in_memory(name, bytes);
    let mut inputs = Inputs::default();
    let mut findings = Findings::default();
    read_file(&file, &TEMPLATE, &mut inputs, &mut findings);
    (inputs, findings)
}

/// The `unreadable-file` errors among the findings.
fn unreadable(findings: &Findings) -> usize {
    findings
        .sorted()
        .iter()
        .filter(|f| f.severity == Severity::Error && f.code == "unreadable-file")
        .count()
}

/// What reading a file must leave behind, whatever its bytes: one source
/// noting it was not read and one error finding, or one source per sheet
/// and no such error; every finding names the file.
fn check_outcome(name: &str, bytes: &[u8], inputs: &Inputs, findings: &Findings) {
    match read_sheets(name, bytes) {
        Err(reason) => {
            assert_eq!(unreadable(findings), 1, "{name}: {reason}");
            assert_eq!(inputs.sources.len(), 1, "{name}: {reason}");
            assert!(
                inputs.sources[0].note.starts_with("not read"),
                "{name}: {}",
                inputs.sources[0].note
            );
        }
        Ok(sheets) => {
            assert_eq!(unreadable(findings), 0, "{name}");
            assert_eq!(inputs.sources.len(), sheets.len(), "{name}");
        }
    }
    for finding in findings.sorted() {
        assert_eq!(finding.location.file.as_deref(), Some(name), "{finding}");
    }
}

/// A small helpdesk log as Excel would save it.
static HELPDESK_XLSX: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let rows: [[&str; 5]; 4] = [
        [
            "Reference",
            "Date Received",
            "Channel",
            "Category",
            "Subject",
        ],
        ["HD-1", "04/03/2019", "Email", "Modifications", "Voting"],
        ["HD-2", "05/03/2019", "Telephone", "Accession", "Joining"],
        ["HD-3", "06/03/2019", "Email", "Other", "Refund"],
    ];
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook
        .add_worksheet()
        .set_name("Helpdesk log")
        .expect("a valid sheet name");
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet
                .write_string(r as u32, c as u16, *text)
                .expect("write a cell");
        }
    }
    sheet.write_number(1, 5, 43528.0).expect("write a cell");
    workbook.save_to_buffer().expect("save the workbook")
});

const EXTENSIONS: [&str; 5] = ["xlsx", "xls", "xlsb", "ods", "csv"];

/// Bytes as a damaged or mislabelled file has them: anything, or anything
/// behind the zip or OLE signature so the workbook libraries get to parse it.
fn file_bytes() -> impl Strategy<Value = Vec<u8>> {
    let any = prop::collection::vec(any::<u8>(), 0..600);
    prop_oneof![
        any.clone(),
        any.clone()
            .prop_map(|rest| [b"PK\x03\x04".as_slice(), &rest].concat()),
        any.prop_map(|rest| {
            [
                [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1].as_slice(),
                &rest,
            ]
            .concat()
        }),
    ]
}

/// Non-empty fields of a CSV text as the csv crate reads it with
/// `delimiter`: (record, column, field).
fn csv_fields(text: &str, delimiter: u8) -> Vec<(u32, u32, String)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut fields = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let Ok(record) = record else { break };
        for (col, field) in record.iter().enumerate() {
            if !field.trim().is_empty() {
                fields.push((row as u32, col as u32, field.to_string()));
            }
        }
    }
    fields
}

/// The cells of a CSV sheet as (row, column, text).
fn sheet_fields(sheet: &Sheet) -> Vec<(u32, u32, String)> {
    sheet
        .rows
        .iter()
        .flat_map(|row| {
            row.cells.iter().map(|(col, raw)| match raw {
                Raw::Text(text) => (row.index, *col, text.clone()),
                other => panic!("a CSV cell that is not text: {other:?}"),
            })
        })
        .collect()
}

/// Write `rows` as CSV with every field quoted, as Excel's "CSV UTF-8" and
/// the analytics exports do for text.
fn write_csv(rows: &[Vec<String>], delimiter: u8, crlf: bool) -> Vec<u8> {
    let terminator = if crlf {
        csv::Terminator::CRLF
    } else {
        csv::Terminator::Any(b'\n')
    };
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .quote_style(csv::QuoteStyle::Always)
        .delimiter(delimiter)
        .terminator(terminator)
        .from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).expect("write a CSV record");
    }
    writer.into_inner().expect("flush the CSV")
}

/// The fields of `rows` a reader must keep: every one that is not blank.
fn expected_fields(rows: &[Vec<String>]) -> Vec<(u32, u32, String)> {
    rows.iter()
        .enumerate()
        .flat_map(|(r, row)| {
            row.iter()
                .enumerate()
                .filter(|(_, f)| !f.trim().is_empty())
                .map(move |(c, f)| (r as u32, c as u32, f.clone()))
        })
        .collect()
}

fn csv_grid(field: BoxedStrategy<String>) -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(prop::collection::vec(field, 1..6), 0..8)
}

/// Characters of one line of a cell, with the CSV specials made common.
fn line_char() -> impl Strategy<Value = char> {
    prop_oneof![
        any::<char>().prop_filter("one line", |c| !matches!(c, '\n' | '\r')),
        select(vec![',', ';', '"', ' ', '#', '\u{a0}']),
    ]
}

// ================================================================ properties

proptest! {
    #![proptest_config(cases(512))]

    /// No text makes a parser panic, and what they accept is sane: a date in
    /// years 0–9999, a month Month::new allows, a number that is not NaN.
    /// Surrounding white space never changes the answer.
    #[test]
    fn text_parsers_never_panic(text in prop_oneof![any_chars(), cell_like_text()]) {
        let date = parse_date_text(&text, DayFirst);
        prop_assert_eq!(parse_date_text(&format!(" {text}\t"), DayFirst), date);
        if let Some(date) = date {
            prop_assert!((0..=9999).contains(&date.year()), "{text:?} → {date}");
        }
        let _ = parse_date_text(&text, MonthFirst);
        let number = parse_number_text(&text);
        prop_assert_eq!(parse_number_text(&format!(" {text} ")), number);
        if let Some(n) = number {
            prop_assert!(!n.is_nan(), "{text:?} → NaN");
        }
        if let Some(month) = parse_month_text(&text) {
            prop_assert!((1..=12).contains(&month.number()), "{text:?} → {month:?}");
            prop_assert!((1900..=9999).contains(&month.year()), "{text:?} → {month:?}");
        }
    }

    /// Durations over arbitrary characters. Digit-heavy text, where the bug
    /// is, has its own property below.
    #[test]
    fn duration_parser_never_panics_on_any_characters(text in any_chars()) {
        let hours = parse_duration_text(&text);
        prop_assert_eq!(parse_duration_text(&format!(" {text} ")), hours);
    }

    /// The `Raw` accessors the kind readers call never panic on any cell, and
    /// agree with the text parsers on text cells.
    #[test]
    fn cell_accessors_never_panic(raw in raw_cell()) {
        let _ = raw.date(DayFirst);
        let _ = raw.date(MonthFirst);
        let _ = raw.month();
        let _ = raw.hours();
        let number = raw.number();
        if let Ok(Some(count)) = raw.count() {
            prop_assert_eq!(number.clone(), Ok(Some(count as f64)));
        }
        if let Some(text) = raw.text() {
            prop_assert!(!text.is_empty() && text.trim() == text, "{text:?}");
        }
        if let Raw::Text(text) = &raw
            && !text.trim().is_empty()
        {
            prop_assert_eq!(number.ok().flatten(), parse_number_text(text));
        }
    }
}

proptest! {
    #![proptest_config(cases(256))]

    /// An hour count of any length before `:mm`. Overflows `i64` in
    /// `parse_duration_text` (hours × 3600) and in `Hours::from_seconds`
    /// (seconds × 2500) from about 1.02e12 hours: a panic in debug builds,
    /// a wrapped value in release builds.
    #[test]
    fn duration_parser_never_panics_on_long_hour_counts(
        hours in "[0-9]{1,22}",
        minutes in "[0-5][0-9]",
        seconds in prop::option::of("[0-5][0-9]"),
    ) {
        let text = match seconds {
            Some(s) => format!("{hours}:{minutes}:{s}"),
            None => format!("{hours}:{minutes}"),
        };
        let parsed = parse_duration_text(&text);
        if let Some(h) = parsed {
            prop_assert!(!h.is_negative(), "{text} → {h}");
        }
    }

    /// Every accepted day-first form of any date 1950–2080, with or without a
    /// time of day, reads back as that date; its month is the date's month.
    #[test]
    fn day_first_dates_read_back(date in date_1950_2080(), time in time_suffix()) {
        for form in day_first_forms(date) {
            let text = format!("{form}{time}");
            prop_assert_eq!(parse_date_text(&text, DayFirst), Some(date), "{}", text);
            prop_assert_eq!(
                Raw::Text(text.clone()).month(),
                Ok(Some(Month::of(date))),
                "{}",
                text
            );
        }
        // ISO 8601 joins a 24-hour clock time with a `T`.
        if time.contains(':') && !time.to_ascii_uppercase().contains('M') {
            let iso = format!("{date}T{}", time.trim_start());
            prop_assert_eq!(parse_date_text(&iso, DayFirst), Some(date), "{}", iso);
        }
    }

    /// Month-first text reads back under `MonthFirst`; a named month reads
    /// the same under either order; and a numeric date read in the other
    /// order is the date with day and month swapped, or nothing.
    #[test]
    fn month_first_dates_read_back(date in date_1950_2080(), time in time_suffix()) {
        for form in month_first_forms(date) {
            let text = format!("{form}{time}");
            prop_assert_eq!(parse_date_text(&text, MonthFirst), Some(date), "{}", text);
        }
        let (y, m, d) = (date.year(), date.month(), date.day());
        let name = MONTHS[m as usize - 1];
        for named in [format!("{d} {name} {y}"), format!("{} {d} {y}", &name[..3])] {
            prop_assert_eq!(parse_date_text(&named, MonthFirst), Some(date), "{}", named);
            prop_assert_eq!(parse_date_text(&named, DayFirst), Some(date), "{}", named);
        }
        let numeric = format!("{d:02}/{m:02}/{y}");
        prop_assert_eq!(
            parse_date_text(&numeric, MonthFirst),
            NaiveDate::from_ymd_opt(y, d, m),
            "{}",
            numeric
        );
    }

    /// An Excel serial for the date, at any time of day, in either date
    /// system, reads back as the date — as a bare serial, a date cell, or a
    /// number cell; a compact `yyyymmdd` typed as a number too.
    #[test]
    fn serial_dates_read_back(date in date_1950_2080(), second in 0..86_400u32) {
        let days = (date - ymd(1899, 12, 30)).num_days() as f64;
        let serial = days + f64::from(second) / 86_400.0;
        let serial_1904 = serial - 1462.0;
        let at = date.and_hms_opt(second / 3600, second / 60 % 60, second % 60);
        prop_assert_eq!(Epoch::Excel1900.date_time(serial), at);
        prop_assert_eq!(Epoch::Mac1904.date_time(serial_1904), at);
        let cell = Raw::date_cell(serial, false, Epoch::Excel1900);
        prop_assert_eq!(cell.date(DayFirst), Ok(Some(date)));
        let cell_1904 = Raw::date_cell(serial_1904, false, Epoch::Mac1904);
        prop_assert_eq!(cell_1904.date(DayFirst), Ok(Some(date)));
        prop_assert_eq!(Raw::Number(days, Epoch::Excel1900).date(DayFirst), Ok(Some(date)));
        prop_assert_eq!(
            Raw::Number(days - 1462.0, Epoch::Mac1904).date(DayFirst),
            Ok(Some(date))
        );
        let compact = f64::from(date.year() * 10_000) + f64::from(date.month() * 100 + date.day());
        prop_assert_eq!(Raw::Number(compact, Epoch::Excel1900).date(DayFirst), Ok(Some(date)));
    }

    /// Day 29–31 past a month's end, day 0, and month 0 or 13–99 are refused
    /// in every form, whichever order is asked for where the order is fixed.
    #[test]
    fn impossible_dates_are_refused(
        (y, m, d) in prop_oneof![
            (1950..=2080i32, select(vec![2u32, 4, 6, 9, 11])).prop_flat_map(|(y, m)| {
                (Just(y), Just(m), (days_in_month(y, m) + 1)..=31)
            }),
            (1950..=2080i32, 1..=12u32, Just(0u32)),
            (1950..=2080i32, prop_oneof![Just(0u32), 13..=99u32], 1..=28u32),
        ]
    ) {
        let mut forms = vec![
            format!("{d:02}/{m:02}/{y}"),
            format!("{d:02}-{m:02}-{y}"),
            format!("{d:02}.{m:02}.{y}"),
            format!("{y}-{m:02}-{d:02}"),
            format!("{y}{m:02}{d:02}"),
        ];
        if (1..=12).contains(&m) {
            let name = MONTHS[m as usize - 1];
            forms.push(format!("{d} {name} {y}"));
            forms.push(format!("{d} {} {y}", &name[..3]));
        }
        for text in &forms {
            prop_assert_eq!(parse_date_text(text, DayFirst), None, "{}", text);
        }
        let us = format!("{m:02}/{d:02}/{y}");
        prop_assert_eq!(parse_date_text(&us, MonthFirst), None, "{}", us);
    }

    /// Every month form reads back: `Mar 2019`, `March 2019`, `2019-03`,
    /// `03/2019`, `3/2019`, and `Mar-19` where two digits can say the year.
    #[test]
    fn months_read_back(y in 1950..=2080i32, m in 1..=12u32) {
        let name = MONTHS[m as usize - 1];
        let mut forms = vec![
            format!("{} {y}", &name[..3]),
            format!("{name} {y}"),
            format!("{} {y}", name.to_uppercase()),
            format!("{y}-{m:02}"),
            format!("{m:02}/{y}"),
            format!("{m}/{y}"),
        ];
        if has_two_digit_form(y) {
            forms.push(format!("{}-{:02}", &name[..3], y % 100));
        }
        for text in &forms {
            prop_assert_eq!(parse_month_text(text), Month::new(y, m), "{}", text);
        }
    }

    /// Whole numbers up to 1e12, grouped in thousands or not, padded, signed,
    /// read back exactly.
    #[test]
    fn whole_numbers_read_back(
        n in 0..=1_000_000_000_000u64,
        pad in select(vec!["", " ", "  ", "\t", "\u{a0}"]),
        negative in any::<bool>(),
    ) {
        let (sign, factor) = if negative { ("-", -1.0) } else { ("", 1.0) };
        let expected = Some(factor * n as f64);
        for text in [
            format!("{pad}{sign}{}{pad}", thousands(n)),
            format!("{pad}{sign}{n}{pad}"),
        ] {
            prop_assert_eq!(parse_number_text(&text), expected, "{:?}", text);
        }
        let count = Raw::Text(format!(" {} ", thousands(n))).count();
        prop_assert_eq!(count, Ok(Some(n)));
    }

    /// Decimals with up to six places read back within 1e-9, relative.
    #[test]
    fn decimals_read_back(
        whole in 0..=1_000_000_000_000u64,
        (places, fraction) in (1..=6u32).prop_flat_map(|p| (Just(p), 0..10u64.pow(p))),
    ) {
        let expected = whole as f64 + fraction as f64 / 10f64.powi(places as i32);
        let digits = format!("{fraction:0width$}", width = places as usize);
        for text in [format!("{whole}.{digits}"), format!(" {}.{digits} ", thousands(whole))] {
            let read = parse_number_text(&text);
            prop_assert!(
                read.is_some_and(|v| (v - expected).abs() <= 1e-9 * expected.abs()),
                "{:?} → {:?}, expected {}",
                text,
                read,
                expected
            );
        }
    }

    /// Any finite float as Rust prints it (never with an exponent) reads
    /// back exactly.
    #[test]
    fn printed_floats_read_back(x in any::<f64>().prop_filter("finite", |x| x.is_finite())) {
        prop_assert_eq!(parse_number_text(&x.to_string()), Some(x));
    }

    /// A comma that does not group three digits (`8,88`, `1234,567`,
    /// `,123`, `1,,234`) makes the text not a number.
    #[test]
    fn badly_grouped_numbers_are_refused(
        groups in prop::collection::vec("[0-9]{0,5}", 2..5).prop_filter("bad grouping", |g| {
            !((1..=3).contains(&g[0].len()) && g[1..].iter().all(|x| x.len() == 3))
        }),
        decimals in select(vec!["", ".5", ".25"]),
    ) {
        let text = format!("{}{decimals}", groups.join(","));
        prop_assert_eq!(parse_number_text(&text), None, "{:?}", text);
    }

    /// `h:mm`, `hh:mm:ss` and `PTxHyMzS` are exact seconds; decimal hours
    /// with up to two places are the hours `from_hours_f64` makes.
    #[test]
    fn durations_read_back(h in 0..100i64, m in 0..60i64, s in 0..60i64, cents in 0..100u32) {
        let exact = Hours::from_seconds(h * 3600 + m * 60);
        prop_assert_eq!(parse_duration_text(&format!("{h}:{m:02}")), Some(exact));
        prop_assert_eq!(parse_duration_text(&format!("{h:02}:{m:02}:00")), Some(exact));
        let with_seconds = Hours::from_seconds(h * 3600 + m * 60 + s);
        prop_assert_eq!(parse_duration_text(&format!("{h:02}:{m:02}:{s:02}")), Some(with_seconds));
        prop_assert_eq!(parse_duration_text(&format!("PT{h}H{m}M{s}S")), Some(with_seconds));
        let decimal = h as f64 + f64::from(cents) / 100.0;
        prop_assert_eq!(
            parse_duration_text(&format!(" {h}.{cents:02} ")),
            Hours::from_hours_f64(decimal)
        );
        prop_assert_eq!(
            Raw::Number(decimal, Epoch::Excel1900).hours(),
            Ok(Hours::from_hours_f64(decimal))
        );
    }

    /// Quarter-hour bookings typed as `1.25` or `1:15`, and tenths typed as
    /// `0.3`, sum to exactly their count of quarters and tenths: the reason
    /// `Hours` is not an f64.
    #[test]
    fn booked_hours_sum_exactly(
        bookings in prop::collection::vec((0..=48u32, any::<bool>()), 0..300),
        tenths in prop::collection::vec(0..=120u32, 0..300),
    ) {
        let mut sum = Hours::ZERO;
        for &(q, as_clock) in &bookings {
            let text = if as_clock {
                format!("{}:{:02}", q / 4, (q % 4) * 15)
            } else {
                format!("{}.{:02}", q / 4, (q % 4) * 25)
            };
            sum += parse_duration_text(&text).expect("a quarter-hour booking reads");
        }
        let quarters: u32 = bookings.iter().map(|(q, _)| q).sum();
        prop_assert_eq!(sum, Hours::from_seconds(900 * i64::from(quarters)));
        let sum: Hours = tenths
            .iter()
            .map(|&t| parse_duration_text(&format!("{}.{}", t / 10, t % 10)).expect("reads"))
            .sum();
        let total: u32 = tenths.iter().sum();
        prop_assert_eq!(sum, Hours::from_seconds(360 * i64::from(total)));
    }

    /// The totals-row check rules cells out before normalising them, and
    /// must answer exactly as normalising would: for any ASCII text, and
    /// for every total label however it is cased, spaced or punctuated.
    #[test]
    fn a_total_label_is_recognised_exactly_as_normalising_would(
        text in prop_oneof![
            "[ -~\t\n\x0b\x0c\r]{0,30}",
            select(TEMPLATE.file.noise.total_labels.clone()).prop_flat_map(|s| mangle(&s)),
            select(TEMPLATE.file.noise.total_labels.clone())
                .prop_map(|s| format!("*{}.", s.replace(' ', " & "))),
        ]
    ) {
        let labels: Vec<String> = TEMPLATE.file.noise.total_labels.iter().map(|l| normalise(l)).collect();
        let expected = labels.contains(&normalise(text.trim()));
        prop_assert_eq!(TEMPLATE.is_total_label(&text), expected, "{:?}", text);
    }

    /// The reference hash hashes the normal form, whichever way it gets
    /// there: text that folds to the same normal form hashes the same, and
    /// so does the normal form itself; an empty normal form has no hash.
    #[test]
    fn a_reference_hash_is_the_hash_of_its_normal_form(
        text in prop_oneof![any_chars(), "[ -~\t\n\x0b\x0c\r]{0,30}", mangled_synonym()]
    ) {
        let mut scratch = String::new();
        let once = normalise(&text);
        let hash = normal_form_hash(&text, &mut scratch);
        prop_assert_eq!(hash, normal_form_hash(&once, &mut scratch), "{:?}", text);
        prop_assert_eq!(hash, normal_form_hash(&format!(" {}\n", text.to_ascii_uppercase()), &mut scratch));
        prop_assert_eq!(hash.is_none(), once.is_empty());
    }

    /// Normalising is idempotent, ignores ASCII case, and leaves no `:`,
    /// `.`, `*`, `&`, line break, doubled or outer space.
    #[test]
    fn normalise_is_a_canonical_form(text in prop_oneof![any_chars(), mangled_synonym()]) {
        let once = normalise(&text);
        prop_assert_eq!(normalise(&once), once.clone());
        if text.is_ascii() {
            prop_assert_eq!(normalise(&text.to_ascii_uppercase()), once.clone());
        }
        prop_assert!(!once.contains([':', '.', '*', '&', '\n', '\r']), "{once:?}");
        prop_assert!(!once.contains("  ") && once.trim() == once, "{once:?}");
    }
}

proptest! {
    #![proptest_config(cases(256))]

    /// Any rows of any cells: matching never panics, each column serves at
    /// most one role and only a role one of whose synonyms it spells, every
    /// other text cell is listed as ignored, and a role left without a
    /// column had no free cell that spells it.
    #[test]
    fn header_matching_never_panics(sheet in arbitrary_sheet(), kind in 0..*KINDS) {
        let kinds = header_kinds(&TEMPLATE);
        let roles = &kinds[kind].1;
        for (position, row) in sheet.rows.iter().enumerate() {
            let m = match_row(&sheet, position, roles);
            prop_assert_eq!(m.row, row.index);
            let texts: Vec<(u32, String)> = row
                .cells
                .iter()
                .filter_map(|(c, raw)| raw.text().map(|t| (*c, t.into_owned())))
                .collect();
            let mut taken: Vec<u32> = m.columns.values().copied().collect();
            taken.sort_unstable();
            taken.dedup();
            prop_assert_eq!(taken.len(), m.columns.len(), "a column serves two roles");
            for role in roles {
                let spells = |text: &str| {
                    role.synonyms.iter().any(|s| normalise(s) == normalise(text))
                };
                match m.col(role.role) {
                    Some(col) => {
                        let text = texts.iter().find(|(c, _)| *c == col).map(|(_, t)| t);
                        prop_assert!(text.is_some_and(|t| spells(t)), "{} → {col}", role.role);
                    }
                    None => prop_assert!(
                        !m.ignored.iter().any(|(_, t)| spells(t)),
                        "{} unmatched but spelt in {:?}",
                        role.role,
                        m.ignored
                    ),
                }
            }
            let mut all: Vec<u32> = m.ignored.iter().map(|(c, _)| *c).chain(taken).collect();
            all.sort_unstable();
            let cols: Vec<u32> = texts.iter().map(|(c, _)| *c).collect();
            prop_assert_eq!(all, cols);
        }
        let first = find_header(&sheet, roles, |_| true);
        let expected = sheet.rows.first().filter(|r| r.index < 40).map(|r| r.index);
        prop_assert_eq!(first.map(|m| m.row), expected);
    }

    /// A kind's header row, one synonym per role in any column order, any
    /// case, extra spaces, line breaks and trailing colons, under 0–10 title
    /// and blank rows, is found at its row with every role on its column.
    #[test]
    fn header_found_under_titles_however_spelt(
        (kind, columns) in (0..*KINDS).prop_flat_map(|kind| {
            let kinds = header_kinds(&TEMPLATE);
            let roles = &kinds[kind].1;
            let cells: Vec<BoxedStrategy<(usize, String)>> = roles
                .iter()
                .enumerate()
                .map(|(i, role)| {
                    select(role.synonyms.to_vec())
                        .prop_flat_map(move |s| mangle(&s).prop_map(move |t| (i, t)))
                        .boxed()
                })
                .collect();
            (Just(kind), cells.prop_shuffle())
        }),
        first_col in 0..4u32,
        titles in prop::collection::vec(
            ("[A-Z][a-z]{2,9}( [a-z]{2,9}){0,3} 20[0-9]{2}", any::<bool>()),
            0..=10,
        ),
    ) {
        let kinds = header_kinds(&TEMPLATE);
        let roles = &kinds[kind].1;
        let mut rows = Vec::new();
        let mut index = 0;
        for (title, blank_after) in titles {
            rows.push((index, vec![(0, Raw::Text(title))]));
            index += if blank_after { 2 } else { 1 };
        }
        let position = rows.len();
        let header_index = index;
        let header: Vec<(u32, Raw)> = columns
            .iter()
            .enumerate()
            .map(|(i, (_, text))| (first_col + i as u32, Raw::Text(text.clone())))
            .collect();
        rows.push((header_index, header));
        rows.push((header_index + 1, vec![(first_col, Raw::Text("04/03/2019".into()))]));
        let sheet = sheet_of(rows);
        let m = find_header(&sheet, roles, |m| m.columns.len() == roles.len());
        let m = m.ok_or_else(|| TestCaseError::fail(format!("no header in {columns:?}")))?;
        prop_assert_eq!(m.row, header_index);
        prop_assert_eq!(m.position, position);
        for (i, (role, _)) in columns.iter().enumerate() {
            prop_assert_eq!(m.col(roles[*role].role), Some(first_col + i as u32), "{:?}", columns);
        }
        prop_assert!(m.ignored.is_empty(), "{:?}", m.ignored);
    }

    /// Any bytes read as CSV: no panic, rows in order with their line, and
    /// every non-blank field kept where the csv crate finds it under the
    /// comma, the semicolon or the tab.
    #[test]
    fn csv_keeps_every_field_of_any_bytes(
        bytes in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..400),
            prop::collection::vec(select(b",;\t\"\n\r #a1\xA3\xEF\xBB\xBF".to_vec()), 0..200),
        ]
    ) {
        let sheet = read_csv(&bytes);
        let text = decode_text(&bytes);
        let fields = sheet_fields(&sheet);
        prop_assert!(
            [b',', b';', b'\t'].iter().any(|&d| fields == csv_fields(&text, d)),
            "{:?} read as {:?}",
            text,
            fields
        );
        let lines = text.matches('\n').count() as u64 + 1;
        for pair in sheet.rows.windows(2) {
            prop_assert!(pair[0].index < pair[1].index);
            prop_assert!(pair[0].line <= pair[1].line);
        }
        for row in &sheet.rows {
            prop_assert!(row.line.is_some_and(|l| (1..=lines).contains(&l)), "{:?}", row.line);
            prop_assert!(!row.cells.is_empty());
        }
    }

    /// A grid of one-line fields written as CSV, comma or semicolon, LF or
    /// CRLF, with or without a byte-order mark, comes back field for field.
    #[test]
    fn csv_keeps_every_field_written(
        rows in csv_grid(prop::collection::vec(line_char(), 0..12).prop_map(String::from_iter).boxed()),
        semicolon in any::<bool>(),
        crlf in any::<bool>(),
        bom in any::<bool>(),
    ) {
        let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
        bytes.extend(write_csv(&rows, if semicolon { b';' } else { b',' }, crlf));
        prop_assert_eq!(sheet_fields(&read_csv(&bytes)), expected_fields(&rows));
    }

    /// Valid UTF-8 decodes to itself, with a byte-order mark or without; any
    /// other bytes decode one character per byte (Windows-1252).
    #[test]
    fn decoding_keeps_text(text in any_chars(), bytes in prop::collection::vec(any::<u8>(), 0..100)) {
        let mut with_bom = "\u{feff}".to_string();
        with_bom.push_str(&text);
        prop_assert_eq!(decode_text(with_bom.as_bytes()), text.clone());
        if !text.starts_with('\u{feff}') {
            prop_assert_eq!(decode_text(text.as_bytes()), text.clone());
        }
        if std::str::from_utf8(&bytes).is_err() {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            prop_assert_eq!(decode_text(&bytes).chars().count(), body.len());
        }
    }
}

proptest! {
    #![proptest_config(cases(64))]

    /// A grid of fields with line breaks inside quotes (a helpdesk subject
    /// pasted from an email) written as comma CSV comes back field for field.
    /// Fails: the delimiter sniffer restarts its quote tracking on every
    /// line, so `"\n",";"` counts a `;` outside quotes and the file is read
    /// as semicolon-separated.
    #[test]
    fn csv_keeps_multiline_fields(
        rows in csv_grid(
            prop::collection::vec(prop_oneof![line_char(), Just('\n'), Just('\r')], 0..12)
                .prop_map(String::from_iter)
                .boxed()
        ),
    ) {
        let bytes = write_csv(&rows, b',', true);
        prop_assert_eq!(sheet_fields(&read_csv(&bytes)), expected_fields(&rows));
    }

    /// Any bytes as a file of any spreadsheet name, bare or behind a zip or
    /// OLE signature: never a panic, and either one `unreadable-file` error
    /// or one source per sheet.
    #[test]
    fn any_file_becomes_findings(bytes in file_bytes(), ext in select(EXTENSIONS.to_vec())) {
        let name = format!("x.{ext}");
        let (inputs, findings) = read_as(&name, bytes.clone());
        check_outcome(&name, &bytes, &inputs, &findings);
        prop_assert!(!inputs.sources.is_empty());
    }

    /// A real workbook cut short anywhere, as a half-finished copy leaves
    /// it, is an `unreadable-file` error, never a panic.
    #[test]
    fn truncated_workbook_is_an_error(cut in 0..HELPDESK_XLSX.len(), ext in select(vec!["xlsx", "xls"])) {
        let name = format!("log.{ext}");
        let bytes = HELPDESK_XLSX[..cut].to_vec();
        let (inputs, findings) = read_as(&name, bytes.clone());
        check_outcome(&name, &bytes, &inputs, &findings);
        prop_assert_eq!(unreadable(&findings), 1, "cut at {}", cut);
    }

    /// A real workbook with a few bytes overwritten: never a panic, and one
    /// of the two outcomes.
    #[test]
    fn damaged_workbook_becomes_findings(
        damage in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let mut bytes = HELPDESK_XLSX.clone();
        for (at, value) in damage {
            let at = at.index(bytes.len());
            bytes[at] = value;
        }
        let (inputs, findings) = read_as("log.xlsx", bytes.clone());
        check_outcome("log.xlsx", &bytes, &inputs, &findings);
    }

    /// A CSV file with a kind's header and rows of cell-like text, so the
    /// kind readers see every odd value: never a panic, one source, and
    /// every finding names the file. Hour counts stay below the overflow
    /// `duration_parser_never_panics_on_long_hour_counts` documents.
    #[test]
    fn kind_readers_never_panic_on_odd_cells(
        kind in 0..*KINDS,
        rows in prop::collection::vec(
            prop::collection::vec(
                prop_oneof![
                    cell_like_text(),
                    any_chars(),
                    date_1950_2080().prop_map(|d| d.format("%d/%m/%Y").to_string()),
                    "[0-9]{1,6}:[0-5][0-9]",
                    "-?[0-9]{1,3}(\\.[0-9]{1,2})?",
                    select(vec!["Email", "Telephone", "Modifications", "Other", "Total", "#REF!"])
                        .prop_map(str::to_string),
                ],
                1..9,
            ),
            0..8,
        ),
    ) {
        let kinds = header_kinds(&TEMPLATE);
        let header: Vec<String> = kinds[kind].1.iter().map(|r| r.synonyms[0].clone()).collect();
        let mut grid = vec![header];
        grid.extend(rows);
        let bytes = write_csv(&grid, b',', true);
        let name = format!("{}.csv", kinds[kind].0);
        let (inputs, findings) = read_as(&name, bytes.clone());
        check_outcome(&name, &bytes, &inputs, &findings);
        prop_assert_eq!(inputs.sources.len(), 1);
    }
}

/// Precondition of `header_found_under_titles_however_spelt`: within a
/// kind, no two roles share a spelling, or a header could not say which it
/// means.
#[test]
fn header_synonyms_are_unambiguous_within_each_kind() {
    for (kind, roles) in header_kinds(&TEMPLATE) {
        let mut seen: Vec<(String, Role)> = Vec::new();
        for role in &roles {
            assert!(
                !role.synonyms.is_empty(),
                "{kind}.{} has no synonym",
                role.role
            );
            for synonym in role.synonyms {
                let key = normalise(synonym);
                if let Some((_, other)) = seen.iter().find(|(k, r)| *k == key && *r != role.role) {
                    panic!("{kind}: {synonym:?} names both {other} and {}", role.role);
                }
                seen.push((key, role.role));
            }
        }
    }
}

/// The workbook the truncation properties cut is itself readable, so a cut
/// is what makes them fail.
#[test]
fn the_uncut_workbook_reads() {
    let (inputs, findings) = read_as("log.xlsx", HELPDESK_XLSX.clone());
    assert_eq!(unreadable(&findings), 0);
    assert_eq!(inputs.sources.len(), 1);
    assert_eq!(inputs.sources[0].sheet.as_deref(), Some("Helpdesk log"));
}

// ------------------------------------------------- every row ends somewhere

/// A generated timesheet row: day offset from 25 Feb 2019 (so some fall in
/// February and April), person, driver (the last is no driver), hours.
type GeneratedRow = (u64, usize, usize, u32);

const PEOPLE: [&str; 2] = ["Ann Lee", "Bo Chen"];
const DRIVERS: [&str; 3] = ["Data Quality", "BAD/TAD", "Data Qualty Typo"];

fn generated_files() -> impl Strategy<Value = Vec<Vec<GeneratedRow>>> {
    // Few days and people, so that files often share a booking: late
    // February, five days of March, early April.
    let row = (
        select(vec![1u64, 4, 5, 8, 11, 12, 36, 38]),
        0usize..2,
        select(vec![0usize, 0, 1, 1, 2]),
        1u32..9,
    );
    let file = prop::collection::vec(row, 1..6);
    prop_oneof![
        prop::collection::vec(file.clone(), 1..3),
        // The second file a whole copy of the first, its rows reordered.
        file.prop_map(|rows| {
            let mut copy = rows.clone();
            copy.reverse();
            vec![rows, copy]
        }),
    ]
}

fn day(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 2, 25)
        .and_then(|d| d.checked_add_days(Days::new(offset)))
        .expect("a day in 2019")
}

/// Whether a cell run as the screen gives it (`line 5, column A`, `lines
/// 4–9, column A`) takes in this line.
fn run_has_line(run: &str, line: u64) -> bool {
    let numbers = run
        .trim_start_matches("lines ")
        .trim_start_matches("line ")
        .split(',')
        .next()
        .unwrap_or_default();
    let mut ends = numbers
        .split('–')
        .filter_map(|n| n.trim().parse::<u64>().ok());
    match (ends.next(), ends.next()) {
        (Some(a), Some(b)) => (a..=b).contains(&line),
        (Some(a), None) => a == line,
        _ => false,
    }
}

proptest! {
    #![proptest_config(cases(64))]

    /// Every row with data in a generated folder of timesheets is counted,
    /// stated as left out for its date with its cell (or as part of a whole
    /// copy, read once), or named by an error;
    /// and a run without errors has no person, day and driver of March
    /// booked in two files (it would be counted twice).
    #[test]
    fn every_row_is_counted_left_out_with_its_cell_or_named_by_an_error(files in generated_files()) {
        use opsreport::report::{Part, Report, ReportOptions};
        let dir = tempfile::tempdir().expect("temporary folder");
        let mut paths = Vec::new();
        for (i, rows) in files.iter().enumerate() {
            let mut text = String::from("Date,Name,Driver,Hours\n");
            for &(offset, person, driver, hours) in rows {
                text.push_str(&format!(
                    "{},{},{},{hours}\n",
                    day(offset).format("%d/%m/%Y"),
                    PEOPLE[person],
                    DRIVERS[driver]
                ));
            }
            let path = dir.path().join(format!("t{i}.csv"));
            std::fs::write(&path, text).expect("write");
            paths.push(path);
        }
        let mut findings = Findings::default();
        let inputs = opsreport::inputs::read_all(&paths, &TEMPLATE, &mut findings, &mut |_, _, _| {});
        let march = Month::new(2019, 3).expect("month");
        let options = ReportOptions {
            month: march,
            rounding: Default::default(),
            allow_gaps: true,
            absent: Part::ALL.iter().copied().filter(|&p| p != Part::Effort).collect(),
        };
        let report = Report::build(&inputs.records, &TEMPLATE, &options, &inputs.sources, &mut findings);
        let sorted = findings.sorted();
        let errors: Vec<_> = sorted.iter().filter(|f| f.severity == Severity::Error).collect();
        for (i, rows) in files.iter().enumerate() {
            let file = format!("t{i}.csv");
            for line in 2..rows.len() as u64 + 2 {
                let counted = report.effort.bookings.iter().any(|b| {
                    b.cell.file.as_deref() == Some(file.as_str()) && b.cell.line == Some(line)
                });
                let left_out = report.dated_out.iter().any(|d| {
                    d.sheet.file.as_deref() == Some(file.as_str())
                        && d.cells.iter().any(|run| run_has_line(run, line))
                });
                let cell = format!("{file} › line {line},");
                let named = errors.iter().any(|f| {
                    (f.location.file.as_deref() == Some(file.as_str()) && f.location.line == Some(line))
                        || f.message.contains(&cell)
                });
                // A whole copy is read once, and the screen says so.
                let copy = inputs.skipped_files.iter().any(|f| f.name == file)
                    || sorted.iter().any(|f| {
                        matches!(f.code, "copied-sheet" | "summary-sheet")
                            && f.location.file.as_deref() == Some(file.as_str())
                    });
                prop_assert!(
                    counted || left_out || named || copy,
                    "{file} line {line} ends nowhere: {files:?}\n{sorted:#?}"
                );
                prop_assert!(!(counted && left_out), "{file} line {line} is counted and left out");
            }
        }
        if errors.is_empty() {
            // No booking of the month shares a person, day and driver with
            // one in another file, unless the files are whole copies.
            let key = |&(offset, person, driver, _): &GeneratedRow| (offset, person, driver);
            for (a, rows_a) in files.iter().enumerate() {
                for rows_b in &files[a + 1..] {
                    // A whole copy: the same hours by person, day and
                    // driver, however the rows split them.
                    let totals = |rows: &[GeneratedRow]| {
                        let mut by_key = std::collections::BTreeMap::new();
                        for row in rows {
                            *by_key.entry(key(row)).or_insert(0) += row.3;
                        }
                        by_key
                    };
                    let copies = totals(rows_a) == totals(rows_b);
                    let shared = rows_a.iter().any(|r| {
                        march.contains(day(r.0)) && rows_b.iter().any(|s| key(s) == key(r))
                    });
                    prop_assert!(copies || !shared, "counted twice without an error: {files:?}");
                }
            }
        }
    }
}
