//! The output workbook as a user meets it: formulas that recalculate to the
//! values they carry, native charts with their data, print setup, document
//! properties — checked in the file itself and through LibreOffice.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::fixtures::part;
use crate::libreoffice::{convert, pdf_pages, soffice};
use crate::{Test, samples, tables};

/// Every table and figure caption as the paper prints it.
const CAPTIONS: [&str; 9] = [
    "Table 1: Applicants that will accede to the SEC",
    "Table 2: Parties that completed UEP since the last SEC Panel meeting",
    "Table 3: SEC Party Statistics",
    "Figure 1: Breakdown of SEC Party Voting Groups",
    "Table 4: Division of Effort by Driver (Days Worked)",
    "Table 5: SECAS Helpdesk Emails",
    "Table 6: SEC Website Statistics",
    "Figure 2: SEC Website Usage",
    "Table 7: Meetings hosted and attended by SECAS",
];

fn built() -> (Test, PathBuf) {
    let test = Test::new();
    let run = test.build(samples()).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = test.out().join("operations-report-2019-03.xlsx");
    (test, path)
}

/// A part of the xlsx package as text.
#[test]
fn sheets_come_in_report_order_with_their_captions() {
    let (_test, path) = built();
    let mut workbook: Xlsx<_> = open_workbook(&path).expect("open output");
    let names = workbook.sheet_names();
    assert_eq!(
        names,
        [
            "Summary",
            "Table 1 Applicants",
            "Table 2 UEP Completions",
            "Table 3 Party Statistics",
            "Figure 1 Voting Groups",
            "Table 4 Effort by Driver",
            "Table 5 Helpdesk Emails",
            "Table 6 Website Statistics",
            "Figure 2 Website Usage",
            "Table 7 Meetings",
            "Effort detail",
            "Effort bookings",
            "Table 4 carried forward",
            "Checks",
            "Sources",
            "Sources by month",
        ]
    );
    for (name, caption) in names[1..10].iter().zip(CAPTIONS) {
        let range = workbook.worksheet_range(name).expect("sheet");
        assert_eq!(
            range.get_value((0, 0)),
            Some(&Data::String(caption.to_string())),
            "{name}"
        );
    }
    let table3 = workbook
        .worksheet_range("Table 3 Party Statistics")
        .expect("sheet");
    assert_eq!(
        table3.get_value((2, 1)),
        Some(&Data::String("Mar 18".into()))
    );
}

/// Written in constant memory, row by row: its caption first, then every
/// booking read, counted or left out; the counted make the paper's Grand
/// Total of 633 days, each with the file, sheet and cell it came from.
#[test]
fn effort_bookings_list_every_booking_behind_table_4() {
    let (_test, path) = built();
    let mut workbook: Xlsx<_> = open_workbook(&path).expect("open output");
    let range = workbook.worksheet_range("Effort bookings").expect("sheet");
    assert_eq!(
        range.get_value((0, 0)),
        Some(&Data::String(
            "Effort bookings: every booking read for Table 4, counted or left out, and the cell it came from"
                .into()
        ))
    );
    for (col, label) in [(5, "Counted"), (8, "File"), (9, "Sheet"), (10, "Cell")] {
        assert_eq!(range.get_value((2, col)), Some(&Data::String(label.into())));
    }
    let rows: Vec<&[Data]> = range
        .rows()
        .skip(3)
        .filter(|r| !matches!(r.first(), None | Some(Data::Empty)))
        .collect();
    assert!(rows.len() > 100, "{} bookings", rows.len());
    let counted = |r: &&&[Data]| r.get(5) == Some(&Data::String("Yes".into()));
    let days: f64 = rows
        .iter()
        .filter(counted)
        .map(|r| match r.get(4) {
            Some(Data::Float(d)) => *d,
            other => panic!("days: {other:?}"),
        })
        .sum();
    assert_eq!((days + 0.5).floor(), 633.0, "{days}");
    for row in rows {
        let (Some(Data::String(file)), Some(Data::String(cell))) = (row.get(8), row.get(10)) else {
            panic!("a booking without its source cell: {row:?}");
        };
        assert!(file.ends_with(".xlsx") || file.ends_with(".csv"), "{file}");
        assert!(!cell.is_empty());
    }
    // Widths are set, not left at the default.
    let sheet = sheet_part(&path, "Effort bookings");
    assert!(sheet.contains("<cols>"), "column widths");
}

#[test]
fn totals_are_formulas_over_the_detail() {
    let (_test, path) = built();
    let mut workbook: Xlsx<_> = open_workbook(&path).expect("open output");
    let formulas = workbook
        .worksheet_formula("Table 4 Effort by Driver")
        .expect("formulas");
    let grand_total = formulas
        .rows()
        .flatten()
        .find(|f| f.contains("Effort detail") && f.contains("M"))
        .cloned()
        .unwrap_or_default();
    assert!(
        grand_total.starts_with("ROUND('Effort detail'!M"),
        "{grand_total}"
    );
    let table5 = workbook
        .worksheet_formula("Table 5 Helpdesk Emails")
        .expect("formulas");
    assert!(
        table5.rows().flatten().any(|f| f == "SUM(M4:M14)"),
        "Table 5's Total row is live"
    );
    let detail = workbook
        .worksheet_formula("Effort detail")
        .expect("formulas");
    // Every person's days by driver are the bookings' hours over the
    // hours a day.
    assert!(
        detail
            .rows()
            .flatten()
            .filter(|f| f.starts_with("SUMIFS('Effort bookings'!$D$4:$D$771,")
                && f.ends_with(",'Effort bookings'!$F$4:$F$771,\"Yes\")/7.5"))
            .count()
            > 300
    );
}

#[test]
fn print_setup_and_properties() {
    let (_test, path) = built();
    for sheet in 1..=15 {
        let xml = part(&path, &format!("xl/worksheets/sheet{sheet}.xml"));
        assert!(
            xml.contains("<pageSetUpPr fitToPage=\"1\"/>"),
            "sheet {sheet}: fit to page"
        );
        assert!(xml.contains("paperSize=\"9\""), "sheet {sheet}: A4");
        assert!(
            xml.contains("orientation=\"landscape\""),
            "sheet {sheet}: landscape"
        );
        assert!(
            xml.contains("fitToHeight=\"0\""),
            "sheet {sheet}: one page wide, any height"
        );
        // Summary to Table 7 are numbered as one document from the
        // Summary's page 1; each detail sheet from its own, named.
        let board = sheet <= 10;
        let footer = if board {
            "Operations Report – March 2019 · Page &amp;P</oddFooter>"
        } else {
            "Operations Report – March 2019 · &amp;A · Page &amp;P</oddFooter>"
        };
        assert!(xml.contains(footer), "sheet {sheet}: footer");
        assert_eq!(
            xml.contains("useFirstPageNumber=\"1\""),
            sheet == 1 || !board,
            "sheet {sheet}: where the numbering starts"
        );
    }
    let workbook = part(&path, "xl/workbook.xml");
    assert!(workbook.contains("_xlnm.Print_Titles"), "title rows repeat");
    let core = part(&path, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Operations Report – March 2019</dc:title>"),
        "{core}"
    );
    assert!(
        core.contains("<dc:subject>Report month 2019-03</dc:subject>"),
        "{core}"
    );
    let custom = part(&path, "docProps/custom.xml");
    assert!(
        custom.contains("Classification") && custom.contains(">White<"),
        "{custom}"
    );
}

/// Figure 1's slices carry their count and share; neither chart repeats
/// the caption printed above it as a title of its own.
#[test]
fn charts_are_native_and_carry_their_data() {
    let (_test, path) = built();
    let figure1 = part(&path, "xl/charts/chart1.xml");
    assert!(figure1.contains("<c:pieChart>"));
    assert!(
        figure1.contains("'Figure 1 Voting Groups'!$B$4:$B$9"),
        "fed from the sheet's cells"
    );
    assert!(
        figure1.contains("<c:v>127</c:v>"),
        "a viewer that does not recalculate still has the data"
    );
    let labels = figure1
        .split("<c:dLbls>")
        .nth(1)
        .and_then(|rest| rest.split("</c:dLbls>").next())
        .expect("Figure 1's series has data labels");
    // Where they best fit (a pie's default position), on leader lines when
    // outside their slices.
    for shown in [
        "<c:showVal val=\"1\"/>",
        "<c:showPercent val=\"1\"/>",
        "<c:showLeaderLines val=\"1\"/>",
    ] {
        assert!(labels.contains(shown), "{shown} in {labels}");
    }
    let figure2 = part(&path, "xl/charts/chart2.xml");
    assert!(figure2.contains("<c:lineChart>"));
    // Visits and page views on one value axis (no secondary axis).
    assert_eq!(figure2.matches("<c:valAx>").count(), 1, "{figure2}");
    assert!(figure2.contains("<c:v>8883</c:v>") && figure2.contains("<c:v>47841</c:v>"));
    for (chart, caption) in [
        (&figure1, "Figure 1: Breakdown of SEC Party Voting Groups"),
        (&figure2, "Figure 2: SEC Website Usage"),
    ] {
        assert!(!chart.contains(caption), "the chart repeats {caption:?}");
        // The chart's own title comes before its plot area; the axes'
        // titles are inside it.
        let head = chart.split("<c:plotArea>").next().expect("a plot area");
        assert!(
            !head.contains("<c:title>") && head.contains("<c:autoTitleDeleted val=\"1\"/>"),
            "{caption}: the chart has a title of its own"
        );
    }
}

/// Each sheet's name and its cells by absolute position.
type SheetValues = Vec<(String, Vec<((usize, usize), Data)>)>;

/// Every cell of every sheet, by position.
fn values(path: &Path) -> SheetValues {
    let mut workbook: Xlsx<_> = open_workbook(path).expect("open workbook");
    workbook
        .sheet_names()
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).expect("sheet");
            let start = range.start().unwrap_or((0, 0));
            let cells = range
                .cells()
                .map(|(r, c, v)| ((start.0 as usize + r, start.1 as usize + c), v.clone()))
                .collect();
            (name, cells)
        })
        .collect()
}

#[test]
#[ignore = "needs LibreOffice and poppler (apt-get install libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils); run with: cargo test -- --include-ignored"]
fn libreoffice_recalculates_every_formula_to_the_value_it_carries() {
    let soffice = soffice();
    // First, that this LibreOffice really recalculates: a cached value that
    // is wrong on purpose must come back corrected.
    let scratch = tempfile::tempdir().expect("temporary folder");
    let wrong = scratch.path().join("wrong.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_number(0, 0, 2.0).expect("write");
    sheet
        .write_formula(
            0,
            1,
            rust_xlsxwriter::Formula::new("=A1+1").set_result("99"),
        )
        .expect("write");
    book.save(&wrong).expect("save");
    let recalculated = convert(&soffice, &wrong, "xlsx", &scratch.path().join("lo"));
    let mut check: Xlsx<_> = open_workbook(&recalculated).expect("open");
    let range = check.worksheet_range("Sheet1").expect("sheet");
    assert_eq!(
        range.get_value((0, 1)),
        Some(&Data::Float(3.0)),
        "LibreOffice must recalculate on load"
    );

    let (test, path) = built();
    let recalculated = convert(&soffice, &path, "xlsx", &test.dir.path().join("lo"));
    let mut original: Xlsx<_> = open_workbook(&path).expect("open output");
    let ours = values(&path);
    let theirs = values(&recalculated);
    let mut compared = 0;
    for (name, cells) in &ours {
        let formulas = original.worksheet_formula(name).expect("formulas");
        let start = formulas.start().unwrap_or((0, 0));
        let (_, lo_cells) = theirs
            .iter()
            .find(|(n, _)| n == name)
            .expect("sheet in LibreOffice's copy");
        for (r, c, formula) in formulas.cells() {
            if formula.is_empty() {
                continue;
            }
            let at = (start.0 as usize + r, start.1 as usize + c);
            let cached = cells.iter().find(|(p, _)| *p == at).map(|(_, v)| v.clone());
            let recalculated = lo_cells
                .iter()
                .find(|(p, _)| *p == at)
                .map(|(_, v)| v.clone());
            if let (Some(Data::String(a)), Some(Data::String(b))) = (&cached, &recalculated) {
                // The control cell: a ✓ when the sheets agree.
                assert_eq!(a, b, "{name} {at:?} ={formula}");
                compared += 1;
                continue;
            }
            let (Some(Data::Float(a)), Some(Data::Float(b))) =
                (cached.clone(), recalculated.clone())
            else {
                panic!("{name} {at:?} ={formula}: cached {cached:?}, LibreOffice {recalculated:?}");
            };
            assert!(
                (a - b).abs() <= 1e-9 * a.abs().max(1.0),
                "{name} {at:?} ={formula}: cached {a}, LibreOffice {b}"
            );
            compared += 1;
        }
    }
    assert!(compared > 40, "only {compared} formulas compared");
}

#[test]
#[ignore = "needs LibreOffice and poppler (apt-get install libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils); run with: cargo test -- --include-ignored"]
fn the_pdf_prints_every_sheet_one_page_wide_with_its_caption() {
    let soffice = soffice();
    let (test, path) = built();
    let pdf = convert(&soffice, &path, "pdf", &test.dir.path().join("pdf"));
    let pages = pdf_pages(&pdf);
    assert!(pages.len() >= 14, "{} pages", pages.len());
    let all = pages.join("\n");
    for caption in CAPTIONS {
        assert!(all.contains(caption), "the PDF lacks {caption:?}");
    }
    // Title rows repeat on every page, and a sheet wider than the page would
    // spill its right-hand columns onto pages without column A, which holds
    // the caption: so every page must start with a caption.
    for (i, page) in pages.iter().enumerate() {
        assert!(!page.trim().is_empty(), "page {} is blank", i + 1);
        let first = page
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or_default();
        let known = CAPTIONS.iter().any(|c| first.starts_with(c))
            || [
                "Operations Report – March 2019: Summary",
                "Effort detail:",
                "Effort bookings:",
                "Table 4 carried forward:",
                "Checks:",
                "Sources:",
                "Sources by month:",
            ]
            .iter()
            .any(|c| first.starts_with(c));
        assert!(
            known,
            "page {} starts with {first:?}: a sheet is wider than one page",
            i + 1
        );
    }
}

/// The board tables (Summary to Table 7) print as one document, a page
/// each, numbered 1 to 10; each detail sheet is numbered from 1 on its own
/// and named in its footer; no footer counts the whole workbook's pages.
#[test]
#[ignore = "needs LibreOffice and poppler (apt-get install libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils); run with: cargo test -- --include-ignored"]
fn the_board_tables_print_as_one_document_of_ten_pages() {
    let soffice = soffice();
    let (test, path) = built();
    let pdf = convert(&soffice, &path, "pdf", &test.dir.path().join("pdf"));
    // Every page is a page of a sheet, with its footer: none is blank.
    let pages = pdf_pages(&pdf);
    // Each page's footer: the detail sheet it names (none for a board
    // table) and its page number.
    let footers: Vec<(Option<String>, usize)> = pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let footer = page
                .lines()
                .rev()
                .find_map(|l| l.split("Operations Report – March 2019 · ").nth(1))
                .unwrap_or_else(|| panic!("page {} has no footer", i + 1))
                .trim();
            let (sheet, number) = match footer.rsplit_once(" · ") {
                Some((sheet, number)) => (Some(sheet.to_string()), number),
                None => (None, footer),
            };
            let number = number
                .strip_prefix("Page ")
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("page {}: footer {footer:?}", i + 1));
            (sheet, number)
        })
        .collect();
    let board: Vec<usize> = footers
        .iter()
        .take_while(|(sheet, _)| sheet.is_none())
        .map(|(_, n)| *n)
        .collect();
    assert_eq!(board, (1..=10).collect::<Vec<_>>(), "{footers:?}");
    let mut expected: Option<(String, usize)> = None;
    for (sheet, number) in &footers[board.len()..] {
        let sheet = sheet.clone().expect("a detail page names its sheet");
        let next = match expected {
            Some((ref previous, n)) if *previous == sheet => n + 1,
            _ => 1,
        };
        assert_eq!(*number, next, "{sheet}: {footers:?}");
        expected = Some((sheet, next));
    }
    let detail: Vec<&str> = footers
        .iter()
        .filter_map(|(s, n)| (*n == 1).then_some(s.as_deref()?))
        .collect();
    assert_eq!(
        detail,
        [
            "Effort detail",
            "Effort bookings",
            "Table 4 carried forward",
            "Checks",
            "Sources",
            "Sources by month"
        ]
    );
}

/// The month's workbooks saved by LibreOffice as ODS and as Excel 97 `.xls`
/// (both read whole by calamine, not streamed) give the same tables as the
/// `.xlsx` originals.
#[test]
#[ignore = "needs LibreOffice and poppler (apt-get install libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils); run with: cargo test -- --include-ignored"]
fn the_month_saved_as_ods_or_xls_gives_the_same_tables() {
    let soffice = soffice();
    let (reference, _) = built();
    // The meetings log's Category is merged down over its meetings.
    let converted = [
        "helpdesk-log.xlsx",
        "meetings-log.xlsx",
        "membership-register.xlsx",
        "timesheets-2019-03.xlsx",
    ];
    for format in ["ods", "xls"] {
        let test = Test::new();
        let dir = test.month_dir("2019-03");
        for entry in std::fs::read_dir(samples()).expect("samples") {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .to_string();
            if converted.contains(&name.as_str()) {
                convert(&soffice, &path, format, &dir);
            } else {
                std::fs::copy(&path, dir.join(&name)).expect("copy");
            }
        }
        let run = test.build(&dir).run();
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        for ((name, got), (_, expected)) in tables(&test.out()).iter().zip(tables(&reference.out()))
        {
            assert_eq!(got, &expected, "{format}: {name}");
        }
    }
}

/// Every cell of a finding's row on the Checks sheet is aligned to the
/// top, beside its wrapped message, so a printed row does not look shifted.
#[test]
fn checks_rows_are_aligned_to_the_top() {
    let (_test, path) = built();
    let mut workbook: Xlsx<_> = open_workbook(&path).expect("open output");
    let range = workbook.worksheet_range("Checks").expect("Checks sheet");
    let styles = workbook.worksheet_style("Checks").expect("styles");
    let header = range
        .rows()
        .position(|r| r.first() == Some(&Data::String("Severity".into())))
        .expect("the header row") as u32;
    let start = range.start().expect("cells").0;
    let mut checked = 0;
    for row in (start + header + 1)..=range.end().expect("cells").0 {
        let severity = range.get_value((row, 0));
        if !matches!(severity, Some(Data::String(s)) if ["warning", "info", "error"].contains(&s.as_str()))
        {
            continue;
        }
        for col in 0..6 {
            let vertical = styles
                .get((row, col))
                .and_then(|s| s.alignment.clone())
                .map(|a| a.vertical);
            assert_eq!(
                vertical,
                Some(calamine::VerticalAlignment::Top),
                "Checks row {} column {col}",
                row + 1
            );
        }
        checked += 1;
    }
    assert!(checked > 50, "{checked} findings checked");
}

/// The sheets a finance or Panel reader checks line by line.
const DETAIL_SHEETS: [&str; 5] = [
    "Effort detail",
    "Effort bookings",
    "Checks",
    "Sources",
    "Sources by month",
];

/// Each column's width in characters, from a worksheet's `<cols>`.
fn column_widths(xml: &str) -> Vec<(u32, u32, f64)> {
    xml.split("<col ")
        .skip(1)
        .map(|col| {
            let attribute = |name: &str| {
                let start = col.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
                let end = start + col[start..].find('"').expect("attribute end");
                col[start..end].to_string()
            };
            let number = |name: &str| attribute(name).parse::<u32>().expect(name) - 1;
            let width = attribute("width").parse::<f64>().expect("width");
            (number("min"), number("max"), width)
        })
        .collect()
}

/// The part of the xlsx package that holds a sheet.
fn sheet_part(path: &Path, name: &str) -> String {
    let workbook: Xlsx<_> = open_workbook(path).expect("open output");
    let index = workbook
        .sheet_names()
        .iter()
        .position(|n| n == name)
        .unwrap_or_else(|| panic!("no sheet {name}"));
    part(path, &format!("xl/worksheets/sheet{}.xml", index + 1))
}

/// A cell's text as the sheet shows it: numbers through their format
/// (a date `dd/mm/yyyy`, days `1,234.56`, a count `1,234`, General).
fn shown(value: &Data, format: &str) -> String {
    let grouped = opsreport::text::thousands;
    match value {
        Data::String(s) => s.clone(),
        Data::Float(_) if format.contains("yy") => "00/00/0000".into(),
        Data::Float(x) if format.contains("0.00") => {
            let cents = (x.abs() * 100.0).round() as u64;
            format!("{}.{:02}", grouped(cents / 100), cents % 100)
        }
        Data::Float(x) if format.contains("#,##0") => grouped(x.abs().round() as u64),
        Data::Float(x) => format!("{x}"),
        Data::Int(i) => i.to_string(),
        other => format!("{other}"),
    }
}

/// No cell's text on a detail sheet is wider than its column, and a
/// right-aligned number is never followed by text that starts at the very
/// edge of the next column (`01/03/2019Modifications…` in print).
///
/// The rule: a text needs the pixels Excel's Calibri 11 gives its
/// characters (rust_xlsxwriter's autofit table) plus 7 of cell padding; a
/// tenth more in bold; scaled by its font size; 10 more an indent level;
/// 16 more for a filter button in the header, unless the header row is a
/// line taller than its words need, which puts the buttons below them. A
/// column of width w shows 7w + 5 pixels. A wrapping cell needs only its
/// longest word to fit, a word breaking after a hyphen as spreadsheets
/// break it; a wrapped SHA-256 digest in a monospace font (digits 0.6 of
/// its size wide) breaks anywhere, and needs 16 digits a line.
#[test]
fn detail_sheets_columns_are_as_wide_as_their_text() {
    let (_test, path) = built();
    detail_columns_fit(&path);
    // And with a restatement on the Checks sheet: an earlier report whose
    // Feb 19 Modifications someone corrected by hand.
    let test = Test::new();
    let february = test.dir.path().join("feb");
    let extra = ["--month", "2019-02", "--allow-gaps", "--partial"];
    let run = Test::new().build_to(samples(), &february).args(extra).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let history = february.join("operations-report-2019-02.xlsx");
    crate::fixtures::set_number(&history, "Table 5 Helpdesk Emails", "M10", 410);
    let march = test.dir.path().join("mar");
    let extra = ["--history", history.to_str().expect("path")];
    let run = Test::new().build_to(samples(), &march).args(extra).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = march.join("operations-report-2019-03.xlsx");
    let mut workbook: Xlsx<_> = open_workbook(&path).expect("open output");
    let checks = workbook.worksheet_range("Checks").expect("Checks");
    assert!(
        checks
            .rows()
            .any(|r| r.first() == Some(&Data::String("Restatements".into()))),
        "the Checks sheet lists the restatement"
    );
    detail_columns_fit(&path);
}

fn detail_columns_fit(path: &Path) {
    let path = path.to_path_buf();
    let mut workbook: Xlsx<_> = open_workbook(&path).expect("open output");
    for name in DETAIL_SHEETS {
        let xml = sheet_part(&path, name);
        let widths = column_widths(&xml);
        let filtered = xml.contains("<autoFilter ");
        let header_height: f64 = xml
            .split("<row r=\"3\"")
            .nth(1)
            .and_then(|row| row.split('>').next())
            .and_then(|row| row.split("ht=\"").nth(1))
            .and_then(|ht| ht.split('"').next())
            .and_then(|ht| ht.parse().ok())
            .unwrap_or(15.0);
        let range = workbook.worksheet_range(name).expect("sheet");
        let styles = workbook.worksheet_style(name).expect("styles");
        let mut checked = 0;
        for (r, c, value) in range.used_cells() {
            let (row, col) = (r as u32, c as u32);
            if row < 2 || matches!(value, Data::Empty) {
                continue; // the caption runs across the page
            }
            let style = styles.get((row, col)).cloned().unwrap_or_default();
            let alignment = style.alignment.clone().unwrap_or_default();
            let format = style
                .number_format
                .as_ref()
                .map(|n| n.format_code.clone())
                .unwrap_or_default();
            let font = style.font.clone().unwrap_or_default();
            let scale = font.size.unwrap_or(11.0) / 11.0
                * if font.weight == calamine::FontWeight::Bold {
                    1.1
                } else {
                    1.0
                };
            let text = shown(value, &format);
            let width = widths
                .iter()
                .find(|(min, max, _)| (*min..=*max).contains(&col))
                .map(|w| w.2)
                .unwrap_or(8.43);
            let room = (width * 7.0 + 5.0) as u32;
            // A line a word at most, and one for the button.
            let button_below = header_height >= 15.0 * (text.split_whitespace().count() + 1) as f64;
            let extra = 10 * alignment.indent.unwrap_or(0) as u32
                + if row == 2 && filtered && !button_below {
                    16
                } else {
                    0
                };
            let pieces: Vec<&str> = if alignment.wrap_text {
                text.split_whitespace()
                    .flat_map(|word| word.split_inclusive('-'))
                    .collect()
            } else {
                text.lines().collect()
            };
            let monospace = font.name.as_deref() == Some("Courier New");
            let digest = alignment.wrap_text
                && monospace
                && text.len() == 64
                && text.chars().all(|c| c.is_ascii_hexdigit());
            let needed = if digest {
                let digit = 0.6 * font.size.unwrap_or(11.0) * 96.0 / 72.0;
                (16.0 * digit).ceil() as u32 + 7
            } else {
                pieces
                    .iter()
                    .map(|p| {
                        (rust_xlsxwriter::utility::cell_autofit_width(p) as f64 * scale).ceil()
                            as u32
                    })
                    .max()
                    .unwrap_or(0)
            } + extra;
            assert!(
                needed <= room,
                "{name} {}: {text:?} needs {needed} pixels, its column shows {room}",
                opsreport::text::cell_ref(row, col)
            );
            // A right-aligned figure beside left-aligned text must leave a gap.
            let right_aligned = match alignment.horizontal {
                calamine::HorizontalAlignment::Right => true,
                calamine::HorizontalAlignment::General => matches!(value, Data::Float(_)),
                _ => false,
            };
            if right_aligned {
                let next = range.get_value((row, col + 1));
                if let Some(Data::String(_)) = next {
                    let next_style = styles.get((row, col + 1)).cloned().unwrap_or_default();
                    let next_alignment = next_style.alignment.unwrap_or_default();
                    let starts_at_edge = matches!(
                        next_alignment.horizontal,
                        calamine::HorizontalAlignment::General
                            | calamine::HorizontalAlignment::Left
                    ) && next_alignment.indent.unwrap_or(0) == 0;
                    assert!(
                        !starts_at_edge,
                        "{name} {}: {text:?} touches the text to its right",
                        opsreport::text::cell_ref(row, col)
                    );
                }
            }
            checked += 1;
        }
        assert!(checked > 10, "{name}: only {checked} cells checked");
    }
}

/// The bookings list can be filtered by any column, and its header stays
/// in view while scrolling.
#[test]
fn effort_bookings_have_a_filter_and_a_frozen_header() {
    let (_test, path) = built();
    let mut workbook: Xlsx<_> = open_workbook(&path).expect("open output");
    let range = workbook.worksheet_range("Effort bookings").expect("sheet");
    let last_row = range.end().expect("cells").0 + 1;
    let xml = sheet_part(&path, "Effort bookings");
    assert!(
        xml.contains(&format!("<autoFilter ref=\"A3:P{last_row}\"/>")),
        "a filter over the header and every booking"
    );
    assert!(
        xml.contains(
            r#"<pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/>"#
        ),
        "the rows down to the header are frozen"
    );
    let names = part(&path, "xl/workbook.xml");
    assert!(
        names.contains(&format!(
            "'Effort bookings'!$A$3:$P${last_row}</definedName>"
        )),
        "the filter's defined name"
    );
}

/// Tables 1 and 2 print each party's category as the paper's table prints
/// it ("Other SEC Party", "Small Suppliers"); the CSV bundle keeps the
/// canonical category.
#[test]
fn tables_1_and_2_print_the_paper_s_labels() {
    let (test, path) = built();
    let mut workbook: Xlsx<_> = open_workbook(&path).expect("open output");
    let cell = |workbook: &mut Xlsx<_>, sheet: &str, at: (u32, u32)| {
        let range = workbook.worksheet_range(sheet).expect("sheet");
        range.get_value(at).cloned()
    };
    // The March 2019 paper, Table 1 and Table 2.
    let expected = [
        ("Table 1 Applicants", (3, 0), "Intelesant Limited"),
        ("Table 1 Applicants", (3, 1), "Other SEC Party"),
        ("Table 1 Applicants", (5, 1), "Small Supplier Parties"),
        ("Table 2 UEP Completions", (3, 1), "Other SEC Parties"),
        ("Table 2 UEP Completions", (4, 0), "Corona Energy Retail 4"),
        ("Table 2 UEP Completions", (4, 1), "Small Suppliers"),
        ("Table 2 UEP Completions", (5, 1), "Small Suppliers"),
    ];
    for (sheet, at, text) in expected {
        assert_eq!(
            cell(&mut workbook, sheet, at),
            Some(Data::String(text.into())),
            "{sheet} {at:?}"
        );
    }
    let applicants = test.csv("table1_applicants.csv");
    assert_eq!(applicants[1][1], "Other SEC Parties");
    let completions = test.csv("table2_uep_completions.csv");
    assert_eq!(completions[2][1], "Small Supplier Parties");
}

/// Table 7's meetings carry the meetings log's links as real hyperlinks,
/// one a cell right of the table, each showing the summary line it links
/// (as the draft links it).
#[test]
fn table_7_carries_the_meetings_links() {
    let (_test, path) = built();
    let xml = sheet_part(&path, "Table 7 Meetings");
    let workbook: Xlsx<_> = open_workbook(&path).expect("open output");
    let index = workbook
        .sheet_names()
        .iter()
        .position(|n| n == "Table 7 Meetings")
        .expect("Table 7");
    let rels = part(
        &path,
        &format!("xl/worksheets/_rels/sheet{}.xml.rels", index + 1),
    );
    // Each hyperlink's cell and its address.
    let links: Vec<(String, String)> = xml
        .split("<hyperlink ")
        .skip(1)
        .map(|h| {
            let attribute = |text: &str, name: &str| {
                text.split(&format!("{name}=\""))
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .unwrap_or_default()
                    .to_string()
            };
            let id = attribute(h, "r:id");
            let target = rels
                .split("<Relationship ")
                .find(|r| r.contains(&format!("Id=\"{id}\"")))
                .map(|r| attribute(r, "Target"))
                .unwrap_or_default();
            (attribute(h, "ref"), target)
        })
        .collect();
    // The sample meetings log's Headlines links (the paper's addresses).
    let site = "https://smartenergycodecompany.co.uk/meeting";
    let expected = [
        ("E6", "tabasc-meeting-40"),
        ("E9", "ssc-meeting-73"),
        ("F9", "ssc-meeting-74"),
        ("E10", "smki-pma-55"),
        ("E11", "operations-group-18"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(cell, page)| (cell.to_string(), format!("{site}/{page}/")))
        .collect();
    assert_eq!(links, expected);
    let mut workbook: Xlsx<_> = open_workbook(&path).expect("open output");
    let range = workbook.worksheet_range("Table 7 Meetings").expect("sheet");
    assert_eq!(range.get_value((2, 4)), Some(&Data::String("Link".into())));
    assert_eq!(
        range.get_value((5, 4)),
        Some(&Data::String("TABASC_40_2103_Meeting Headlines".into()))
    );
}

/// Figure 1's count-and-share labels never print on top of each other:
/// of two small slices side by side (the last beside the first), one has
/// its label deleted, and every other slice keeps its label.
#[test]
fn figure_1_labels_no_two_small_slices_side_by_side() {
    let (_test, path) = built();
    let mut workbook: Xlsx<_> = open_workbook(&path).expect("open output");
    let range = workbook
        .worksheet_range("Figure 1 Voting Groups")
        .expect("sheet");
    let counts: Vec<f64> = (3..)
        .map_while(|row| match range.get_value((row, 0)) {
            Some(Data::String(s)) if s != "Total" => range.get_value((row, 1)),
            _ => None,
        })
        .map(|v| match v {
            Data::Float(x) => *x,
            other => panic!("a count: {other:?}"),
        })
        .collect();
    assert_eq!(counts, [9.0, 98.0, 13.0, 7.0, 127.0, 1.0]);
    let chart = part(&path, "xl/charts/chart1.xml");
    let deleted: Vec<usize> = chart
        .split("<c:dLbl>")
        .skip(1)
        .filter(|label| label.contains("<c:delete val=\"1\"/>"))
        .map(|label| {
            label
                .split("<c:idx val=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .and_then(|n| n.parse().ok())
                .expect("a label's index")
        })
        .collect();
    // DCC (1, 0%) beside Large Supplier Parties (9, 4%) round the top.
    assert_eq!(deleted, [5]);
    let total: f64 = counts.iter().sum();
    let small = |i: usize| counts[i] < 0.05 * total;
    for i in 0..counts.len() {
        let next = (i + 1) % counts.len();
        let labelled = |i: usize| !deleted.contains(&i);
        assert!(
            !(small(i) && small(next) && labelled(i) && labelled(next)),
            "slices {i} and {next} are small and both labelled"
        );
    }
}

/// The printed workbook as LibreOffice prints it: every page has text, and
/// the Sources sheet prints at 8 pt or more. A page's sizes are measured on
/// its words' boxes: a digest's monospace digits are 0.6 of the font's size
/// wide; any other word is as tall, for its size, as the footer's
/// "Classification:" on a page printed at 100% (the Summary's).
#[test]
#[ignore = "needs LibreOffice and poppler (apt-get install libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils); run with: cargo test -- --include-ignored"]
fn every_printed_page_has_text_and_sources_print_at_8_pt() {
    let soffice = soffice();
    let (test, path) = built();
    let pdf = convert(&soffice, &path, "pdf", &test.dir.path().join("pdf"));
    let pages = pdf_pages(&pdf);
    for (i, page) in pages.iter().enumerate() {
        assert!(!page.trim().is_empty(), "page {} is blank", i + 1);
    }
    // Each page's words: text, width, height.
    let words: Vec<Vec<(String, f64, f64)>> = crate::libreoffice::word_boxes(&pdf)
        .into_iter()
        .map(|page| {
            page.into_iter()
                .map(|w| (w.text, w.width, w.height))
                .collect()
        })
        .collect();
    assert_eq!(words.len(), pages.len());
    let ruler = words[0]
        .iter()
        .find(|(text, _, _)| text == "Classification:")
        .map(|w| w.2)
        .expect("the Summary's footer");
    let sources: Vec<usize> = (0..pages.len())
        .filter(|i| pages[*i].contains("· Sources · Page"))
        .collect();
    assert!(!sources.is_empty(), "no Sources page");
    let mut digests = 0;
    for i in sources {
        for (text, width, height) in &words[i] {
            let digits = text.chars().count() as f64;
            let digest = digits >= 8.0 && text.chars().all(|c| c.is_ascii_hexdigit());
            let points = if digest {
                digests += 1;
                width / (0.6 * digits)
            } else {
                11.0 * height / ruler
            };
            assert!(
                points >= 8.0,
                "Sources page {}: {text:?} prints at {points:.1} pt",
                i + 1
            );
        }
    }
    assert!(digests > 20, "only {digests} digest lines measured");
}
