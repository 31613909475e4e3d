//! Table 4's live chain as finance uses it: every booking's hours feed the
//! Effort detail (`SUMIFS`) and Table 4 (`ROUND`), each formula carrying its
//! value, and every spreadsheet engine recalculates them to that value —
//! March 2019's 632.5 days a tie that must round to 633 in each. An edited
//! booking moves Table 4; one the detail cannot see shows in the control.

use std::path::{Path, PathBuf};

use calamine::{Data, DataType, Reader, Xlsx, open_workbook};

use crate::fixtures::rewrite_part;
use crate::libreoffice::{convert, gnumeric_recalculate, soffice};
use crate::{Test, samples};

/// Each cell of each sheet by absolute position, and its formula if any.
type Cells = Vec<(String, Vec<((usize, usize), Data, String)>)>;

fn cells(path: &Path) -> Cells {
    let mut workbook: Xlsx<_> = open_workbook(path).expect("open workbook");
    workbook
        .sheet_names()
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).expect("sheet");
            let formulas = workbook.worksheet_formula(&name).expect("formulas");
            let start = range.start().unwrap_or((0, 0));
            let f_start = formulas.start().unwrap_or((0, 0));
            let cells = range
                .cells()
                .map(|(r, c, v)| {
                    let at = (start.0 as usize + r, start.1 as usize + c);
                    let formula = formulas
                        .get_value((at.0 as u32, at.1 as u32))
                        .filter(|_| at.0 >= f_start.0 as usize && at.1 >= f_start.1 as usize)
                        .cloned()
                        .unwrap_or_default();
                    (at, v.clone(), formula)
                })
                .collect();
            (name, cells)
        })
        .collect()
}

/// A cell's value by sheet and A1-style position.
fn value(cells: &Cells, sheet: &str, at: (usize, usize)) -> Option<Data> {
    cells
        .iter()
        .find(|(name, _)| name == sheet)
        .unwrap_or_else(|| panic!("no sheet {sheet}"))
        .1
        .iter()
        .find(|(p, _, _)| *p == at)
        .map(|(_, v, _)| v.clone())
}

/// Every number and every formula's value of `ours` as `engine` recalculated
/// it in `theirs`. Returns how many formulas were compared.
fn assert_same(ours: &Cells, theirs: &Cells, engine: &str, what: &str) -> usize {
    let mut formulas = 0;
    for (name, sheet) in ours {
        let (_, their_sheet) = theirs
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{engine} lost sheet {name}"));
        for (at, cached, formula) in sheet {
            let is_number = cached.as_f64().is_some() && !matches!(cached, Data::String(_));
            if formula.is_empty() && !is_number {
                continue;
            }
            let recalculated = their_sheet
                .iter()
                .find(|(p, _, _)| p == at)
                .map(|(_, v, _)| v.clone());
            let place = format!("{what} › {name} › {at:?} ={formula}");
            match (cached, &recalculated) {
                (Data::String(a), Some(Data::String(b))) => {
                    assert_eq!(a, b, "{place}: cached {a:?}, {engine} {b:?}")
                }
                (a, Some(b)) if a.as_f64().is_some() && b.as_f64().is_some() => {
                    let (a, b) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
                    assert!(
                        (a - b).abs() <= 1e-9 * a.abs().max(1.0),
                        "{place}: cached {a}, {engine} {b}"
                    );
                }
                _ => panic!("{place}: cached {cached:?}, {engine} {recalculated:?}"),
            }
            if !formula.is_empty() {
                formulas += 1;
            }
        }
    }
    formulas
}

/// The sample months' workbooks, each month built with the one before as
/// its history, as the team runs them.
fn sample_workbooks(test: &Test) -> Vec<PathBuf> {
    let root = samples().parent().expect("samples folder");
    let mut built: Vec<PathBuf> = Vec::new();
    for (month, folder, history) in [
        ("2019-03", "2019-03", None),
        ("2019-03", "2019-03-exports", None),
        ("2019-04", "2019-04", Some(0)),
        ("2019-05", "2019-05", Some(2)),
    ] {
        let out = test.dir.path().join(folder);
        let mut extra: Vec<&str> = Vec::new();
        let history: Option<String> =
            history.map(|i: usize| built[i].to_string_lossy().to_string());
        if let Some(history) = &history {
            extra.extend(["--history", history.as_str()]);
        }
        let run = Test::new()
            .build_to(&root.join(folder), &out)
            .args(extra)
            .run();
        assert_eq!(run.code, 0, "{folder}: {}", run.stderr);
        built.push(out.join(format!("operations-report-{month}.xlsx")));
    }
    built
}

#[test]
#[ignore = "needs LibreOffice (apt-get install libreoffice-calc-nogui); run with: cargo test -- --include-ignored"]
fn libreoffice_recalculates_every_sample_month_to_its_cached_values() {
    let soffice = soffice();
    let test = Test::new();
    for path in sample_workbooks(&test) {
        let dir = path.with_extension("libreoffice");
        let recalculated = convert(&soffice, &path, "xlsx", &dir);
        let what = path.file_name().expect("name").to_string_lossy();
        let compared = assert_same(&cells(&path), &cells(&recalculated), "LibreOffice", &what);
        assert!(compared > 300, "{what}: only {compared} formulas compared");
    }
}

#[test]
#[ignore = "needs Gnumeric (apt-get install gnumeric); run with: cargo test -- --include-ignored"]
fn gnumeric_recalculates_every_sample_month_to_its_cached_values() {
    let test = Test::new();
    for path in sample_workbooks(&test) {
        let recalculated = gnumeric_recalculate(&path, &path.with_extension("gnumeric"));
        let what = path.file_name().expect("name").to_string_lossy();
        let compared = assert_same(&cells(&path), &cells(&recalculated), "Gnumeric", &what);
        assert!(compared > 300, "{what}: only {compared} formulas compared");
    }
}

/// The worksheet part whose text holds `marker` (a sheet's caption).
fn part_holding(path: &Path, marker: &str) -> String {
    let file = std::fs::File::open(path).expect("open xlsx");
    let mut archive = zip::ZipArchive::new(file).expect("xlsx is a zip");
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let name = entry.name().expect("entry name").to_string();
        if !name.starts_with("xl/worksheets/sheet") {
            continue;
        }
        let mut text = String::new();
        std::io::Read::read_to_string(&mut entry, &mut text).expect("read part");
        if text.contains(marker) {
            return name;
        }
    }
    panic!("no sheet holds {marker:?}")
}

/// Type `new` over the value of `cell` (`D5`) in a worksheet part, as a
/// person editing the workbook would.
fn type_over(xml: &str, cell: &str, new: &str) -> String {
    let start = xml
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("no cell {cell}"));
    let end = start + xml[start..].find("</c>").expect("cell end") + 4;
    let style = xml[start..end]
        .split_once(" s=\"")
        .map(|(_, rest)| format!(" s=\"{}\"", &rest[..rest.find('"').unwrap_or(0)]))
        .unwrap_or_default();
    let replacement = if new.parse::<f64>().is_ok() {
        format!("<c r=\"{cell}\"{style}><v>{new}</v></c>")
    } else {
        format!("<c r=\"{cell}\"{style} t=\"inlineStr\"><is><t>{new}</t></is></c>")
    };
    format!("{}{replacement}{}", &xml[..start], &xml[end..])
}

/// The first counted booking's row (one-based) with this driver and hours.
fn booking_row(cells: &Cells, driver: &str, hours: f64) -> usize {
    let (_, sheet) = cells
        .iter()
        .find(|(n, _)| n == "Effort bookings")
        .expect("Effort bookings");
    let row = sheet
        .iter()
        .filter(|(at, v, _)| at.1 == 2 && v == &Data::String(driver.into()))
        .map(|(at, _, _)| at.0)
        .find(|&r| {
            let has = |col: usize, want: &Data| {
                sheet.iter().any(|(at, v, _)| *at == (r, col) && v == want)
            };
            has(3, &Data::Float(hours)) && has(5, &Data::String("Yes".into()))
        })
        .unwrap_or_else(|| panic!("no booking of {hours} h to {driver}"));
    row + 1
}

/// Table 4's days for a driver, and the Effort detail's Total and control.
fn table4_days(cells: &Cells, driver: &str) -> f64 {
    let (_, sheet) = cells
        .iter()
        .find(|(n, _)| n == "Table 4 Effort by Driver")
        .expect("Table 4");
    let row = sheet
        .iter()
        .find(|(at, v, _)| at.1 == 0 && v == &Data::String(driver.into()))
        .map(|(at, _, _)| at.0)
        .unwrap_or_else(|| panic!("no row {driver}"));
    value(cells, "Table 4 Effort by Driver", (row, 1))
        .and_then(|v| v.as_f64())
        .unwrap_or_else(|| panic!("no days for {driver}"))
}

/// The control cell's value: the last cell of the Effort detail's last row.
fn control(cells: &Cells) -> Data {
    let (_, sheet) = cells
        .iter()
        .find(|(n, _)| n == "Effort detail")
        .expect("Effort detail");
    let last = sheet.iter().map(|(at, _, _)| at.0).max().expect("rows");
    let label = value(cells, "Effort detail", (last, 0));
    assert_eq!(
        label,
        Some(Data::String(
            "Control: bookings less Table 4 (hours)".into()
        ))
    );
    sheet
        .iter()
        .filter(|(at, _, _)| at.0 == last && at.1 > 0)
        .map(|(_, v, _)| v.clone())
        .next_back()
        .expect("control value")
}

/// In March, Security and Privacy is 1,189.5 h (158.6 days → 159) of a
/// Grand Total of 4,743.75 h (632.5 days → 633). A 7.5 h booking typed as
/// 75 adds 67.5 h (9 days): 167.6 → 168, and 641.5 → 642. A 7 h booking
/// moved to a driver that is not one leaves every driver's column: the
/// control shows the 7 h Table 4 no longer holds.
fn edit_and_recalculate(recalculate: impl Fn(&Path, &Path) -> PathBuf) {
    let (test, path) = {
        let test = Test::new();
        let run = test.build(samples()).run();
        assert_eq!(run.code, 0, "{}", run.stderr);
        let path = test.out().join("operations-report-2019-03.xlsx");
        (test, path)
    };
    let before = cells(&path);
    assert_eq!(table4_days(&before, "Security and Privacy"), 159.0);
    assert_eq!(table4_days(&before, "Grand Total"), 633.0);
    assert_eq!(control(&before), Data::String("✓".into()));
    let edited_row = booking_row(&before, "Security and Privacy", 7.5);
    let moved_row = booking_row(&before, "Technical and Operational activities", 7.0);

    // Hours typed over: Table 4 and the detail follow, the control agrees.
    let edited = test.dir.path().join("edited.xlsx");
    std::fs::copy(&path, &edited).expect("copy");
    let part = part_holding(&path, "Effort bookings: every booking");
    rewrite_part(&edited, &part, |xml| {
        type_over(&xml, &format!("D{edited_row}"), "75")
    });
    let after = cells(&recalculate(&edited, &test.dir.path().join("edited")));
    assert_eq!(table4_days(&after, "Security and Privacy"), 168.0);
    assert_eq!(table4_days(&after, "Grand Total"), 642.0);
    let detail_total = |cells: &Cells| {
        let (_, sheet) = cells
            .iter()
            .find(|(n, _)| n == "Effort detail")
            .expect("detail");
        let row = sheet
            .iter()
            .find(|(at, v, _)| at.1 == 0 && v == &Data::String("Total".into()))
            .map(|(at, _, _)| at.0)
            .expect("Total row");
        value(cells, "Effort detail", (row, 2)).and_then(|v| v.as_f64())
    };
    let total = detail_total(&after).expect("detail total");
    assert!((total - 167.6).abs() < 1e-9, "{total}");
    assert_eq!(control(&after), Data::String("✓".into()));

    // A booking moved to a name that is no driver: the control shows it.
    let strayed = test.dir.path().join("strayed.xlsx");
    std::fs::copy(&path, &strayed).expect("copy");
    rewrite_part(&strayed, &part, |xml| {
        type_over(&xml, &format!("C{moved_row}"), "Not a driver")
    });
    let after = cells(&recalculate(&strayed, &test.dir.path().join("strayed")));
    assert_eq!(control(&after).as_f64(), Some(7.0), "{:?}", control(&after));
    assert_eq!(
        table4_days(&after, "Technical and Operational activities"),
        117.0
    );
}

#[test]
#[ignore = "needs LibreOffice (apt-get install libreoffice-calc-nogui); run with: cargo test -- --include-ignored"]
fn in_libreoffice_an_edited_booking_moves_table_4_and_a_stray_one_shows_in_the_control() {
    let soffice = soffice();
    edit_and_recalculate(|path, dir| convert(&soffice, path, "xlsx", dir));
}

#[test]
#[ignore = "needs Gnumeric (apt-get install gnumeric); run with: cargo test -- --include-ignored"]
fn in_gnumeric_an_edited_booking_moves_table_4_and_a_stray_one_shows_in_the_control() {
    edit_and_recalculate(gnumeric_recalculate);
}

/// The paper's March drivers add to 634 against a Grand Total of 633: the
/// note says so under Table 4 in the workbook, the draft and footnotes.csv,
/// and is gone when largest-remainder rounding makes them agree.
#[test]
fn the_rounding_note_stands_under_table_4_when_the_drivers_and_grand_total_disagree() {
    const NOTE: &str = "Figures are rounded to the nearest day, so the drivers add to 634 against a Grand Total of 633.";
    let test = Test::new();
    let run = test.build(samples()).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let footnotes = test.csv("footnotes.csv");
    assert!(
        footnotes.contains(&vec![
            "Table 4".to_string(),
            "Grand Total".to_string(),
            "1".to_string(),
            NOTE.to_string()
        ]),
        "{footnotes:?}"
    );
    let workbook = cells(&test.out().join("operations-report-2019-03.xlsx"));
    let (_, table4) = workbook
        .iter()
        .find(|(n, _)| n == "Table 4 Effort by Driver")
        .expect("Table 4");
    assert!(
        table4
            .iter()
            .any(|(_, v, _)| v == &Data::String(format!("1 {NOTE}"))),
        "the note under Table 4"
    );
    let draft = std::fs::File::open(test.out().join("operations-report-2019-03.docx"))
        .expect("open the draft");
    let mut package = zip::ZipArchive::new(draft).expect("docx is a zip");
    // A real footnote: its text in the footnotes part, its mark in the body.
    let mut part = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut package.by_name(name).expect(name), &mut text)
            .expect("read part");
        text
    };
    assert!(
        part("word/footnotes.xml").contains(NOTE),
        "the note in the draft"
    );
    assert!(part("word/document.xml").contains("w:footnoteReference"));

    let agreeing = Test::new();
    let run = agreeing
        .build(samples())
        .args(["--rounding", "largest-remainder"])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        agreeing
            .csv("footnotes.csv")
            .iter()
            .all(|row| row[0] != "Table 4"),
        "no note when the drivers add to the Grand Total"
    );
}

/// Finance pivots the bookings: each has its file, sheet and cell, the cell
/// linked relative to the output folder; the driver as typed; flags for a
/// hidden sheet, a weekend, a bank holiday and a date outside the month.
/// March's 40 cells outside the month (247.5 h) stay on the sheet, not
/// counted, and the Sources sheet's hours read are used + left out.
#[test]
fn effort_bookings_can_be_pivoted_and_traced_to_their_cells() {
    let test = Test::new();
    let input = test.dir.path().join("2019-03");
    crate::copy_dir(samples(), &input);
    let run = Test::new()
        .build_to(&input, &test.dir.path().join("reports/out"))
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = test
        .dir
        .path()
        .join("reports/out/operations-report-2019-03.xlsx");
    let workbook = cells(&path);
    let (_, sheet) = workbook
        .iter()
        .find(|(n, _)| n == "Effort bookings")
        .expect("Effort bookings");
    let at =
        |r: usize, c: usize| value(&workbook, "Effort bookings", (r, c)).unwrap_or(Data::Empty);
    let text = |r: usize, c: usize| at(r, c).to_string();
    let rows: Vec<usize> = sheet
        .iter()
        .filter(|(p, v, _)| p.0 >= 3 && p.1 == 0 && *v != Data::Empty)
        .map(|(p, _, _)| p.0)
        .collect();
    let hours = |want: &dyn Fn(usize) -> bool| -> f64 {
        rows.iter()
            .filter(|&&r| want(r))
            .map(|&r| at(r, 3).as_f64().unwrap_or(0.0))
            .sum()
    };
    assert_eq!(hours(&|r| text(r, 5) == "Yes"), 4743.75);
    assert_eq!(hours(&|r| text(r, 5) == "No"), 247.5);
    let outside = rows.iter().filter(|&&r| text(r, 14) == "Yes").count();
    assert_eq!(outside, 40, "cells dated outside March");
    assert!(
        rows.iter()
            .all(|&r| (text(r, 14) == "Yes") == (text(r, 6) == "outside the month"))
    );
    // Saturday 2 March, 9 and so on: every weekend date is flagged, and only those.
    for &r in &rows {
        let serial = match at(r, 1) {
            Data::DateTime(d) => d.as_f64() as i64,
            other => panic!("row {r}: a date, not {other:?}"),
        };
        let weekday = (serial - 2).rem_euclid(7); // 1900 system: serial 2 is a Monday
        assert_eq!(text(r, 12) == "Yes", weekday >= 5, "row {r}");
    }
    assert!(
        rows.iter().any(|&r| text(r, 12) == "Yes"),
        "March's Saturday booking"
    );
    assert!(
        rows.iter().any(|&r| text(r, 11) == "Yes"),
        "bookings on a hidden sheet"
    );
    assert!(
        rows.iter().any(|&r| text(r, 7) != text(r, 2)),
        "a driver typed through an alias"
    );
    // Sorted by driver in report order.
    let order: Vec<String> = rows.iter().map(|&r| text(r, 2)).collect();
    let mut firsts = order.clone();
    firsts.dedup();
    assert_eq!(
        firsts.len(),
        {
            let mut unique = firsts.clone();
            unique.sort();
            unique.dedup();
            unique.len()
        },
        "each driver's bookings together"
    );
    assert_eq!(firsts[0], "Panel and Board activities");
    // The hours by driver beside them, counted and left out.
    let total_row = sheet
        .iter()
        .find(|(p, v, _)| p.1 == 17 && *v == Data::String("Total".into()))
        .map(|(p, _, _)| p.0)
        .expect("the Total by driver");
    assert_eq!(at(total_row, 18).as_f64(), Some(4743.75));
    assert_eq!(at(total_row, 19).as_f64(), Some(247.5));

    // Each cell links to its place in the input folder, relative to the output.
    let part = part_holding(&path, "Effort bookings: every booking");
    let rels = {
        let name = part.replace("worksheets/", "worksheets/_rels/") + ".rels";
        let file = std::fs::File::open(&path).expect("open");
        let mut archive = zip::ZipArchive::new(file).expect("zip");
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(&name).expect("rels"), &mut text)
            .expect("read");
        text
    };
    assert!(
        rels.contains(
            r#"Target="../../2019-03/timesheet-amy-lockwood.xlsx" TargetMode="External""#
        ),
        "{}",
        &rels[..rels.len().min(600)]
    );
    let file = std::fs::File::open(&path).expect("open");
    let mut archive = zip::ZipArchive::new(file).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(&part).expect("sheet"), &mut xml)
        .expect("read");
    assert!(
        xml.contains(r#"location="'WC 25-02-19'!B5""#),
        "a link to the source cell"
    );

    // Sources: a file's hours read are its hours used and left out.
    let (_, sources) = workbook
        .iter()
        .find(|(n, _)| n == "Sources")
        .expect("Sources");
    let header = |label: &str| {
        sources
            .iter()
            .find(|(p, v, _)| p.0 == 2 && *v == Data::String(label.into()))
            .map(|(p, _, _)| p.1)
            .unwrap_or_else(|| panic!("no column {label}"))
    };
    let (read, used, left) = (
        header("Hours read"),
        header("Hours used"),
        header("Hours left out"),
    );
    let number = |r: usize, c: usize| value(&workbook, "Sources", (r, c)).and_then(|v| v.as_f64());
    let mut totals = (0.0, 0.0, 0.0);
    for r in sources
        .iter()
        .filter(|(p, _, _)| p.1 == read && p.0 > 2)
        .map(|(p, _, _)| p.0)
    {
        let (a, b, c) = (
            number(r, read).unwrap_or(0.0),
            number(r, used).unwrap_or(0.0),
            number(r, left).unwrap_or(0.0),
        );
        assert_eq!(a, b + c, "Sources row {r}");
        totals = (totals.0 + a, totals.1 + b, totals.2 + c);
    }
    assert_eq!(totals, (4991.25, 4743.75, 247.5));
}

/// The rows of the "Table 4 carried forward" sheet: its header, then each
/// driver's label and figures.
fn carried(path: &Path) -> Vec<Vec<Data>> {
    let mut workbook: Xlsx<_> = open_workbook(path).expect("open workbook");
    let range = workbook
        .worksheet_range("Table 4 carried forward")
        .expect("the carried-forward sheet");
    range.rows().skip(2).map(|r| r.to_vec()).collect()
}

fn driver_row<'a>(rows: &'a [Vec<Data>], label: &str) -> &'a [Data] {
    rows.iter()
        .find(|r| r.first() == Some(&Data::String(label.into())))
        .unwrap_or_else(|| panic!("no row {label}"))
}

fn days(row: &[Data], col: usize) -> f64 {
    row.get(col)
        .and_then(|v| v.as_f64())
        .unwrap_or_else(|| panic!("no days in column {col}: {row:?}"))
}

/// April's report, with March's as its history, shows March's and April's
/// days per driver side by side and the year to date from April (the
/// template's year_starts); May's adds May, its year to date April + May.
/// A budget in the template adds the budget and what is left of it.
#[test]
fn table_4_is_carried_forward_beside_last_month_and_the_year_to_date() {
    let test = Test::new();
    let root = samples().parent().expect("samples folder");
    let mut previous: Option<PathBuf> = None;
    let mut built = Vec::new();
    for month in ["2019-03", "2019-04", "2019-05"] {
        let out = test.dir.path().join(month);
        let history = previous.as_ref().map(|p| p.to_string_lossy().to_string());
        let mut extra: Vec<&str> = Vec::new();
        if let Some(history) = &history {
            extra.extend(["--history", history.as_str()]);
        }
        let run = Test::new()
            .build_to(&root.join(month), &out)
            .args(extra)
            .run();
        assert_eq!(run.code, 0, "{month}: {}", run.stderr);
        let path = out.join(format!("operations-report-{month}.xlsx"));
        built.push(path.clone());
        previous = Some(path);
    }
    // Each month's own column is its Effort detail's unrounded total.
    let detail_total = |path: &Path, driver_col: usize| -> f64 {
        let workbook = cells(path);
        let (_, sheet) = workbook
            .iter()
            .find(|(n, _)| n == "Effort detail")
            .expect("detail");
        let row = sheet
            .iter()
            .find(|(at, v, _)| at.1 == 0 && v == &Data::String("Total".into()))
            .map(|(at, _, _)| at.0)
            .expect("Total row");
        value(&workbook, "Effort detail", (row, driver_col))
            .and_then(|v| v.as_f64())
            .expect("total")
    };
    let april = carried(&built[1]);
    let heading: Vec<String> = april[0].iter().map(|d| d.to_string()).collect();
    assert_eq!(
        heading,
        ["Driver", "Mar 19", "Apr 19", "Year to date (from Apr 19)"]
    );
    let security = driver_row(&april, "Security and Privacy");
    assert_eq!(
        days(security, 1),
        158.6,
        "March's days, from March's report"
    );
    assert_eq!(days(security, 2), detail_total(&built[1], 2));
    assert_eq!(
        days(security, 3),
        days(security, 2),
        "the year began in April"
    );
    assert_eq!(days(driver_row(&april, "Grand Total"), 1), 632.5);

    let may = carried(&built[2]);
    let heading: Vec<String> = may[0].iter().map(|d| d.to_string()).collect();
    assert_eq!(
        heading,
        ["Driver", "Apr 19", "May 19", "Year to date (from Apr 19)"]
    );
    for driver in ["Security and Privacy", "Grand Total"] {
        let (a, m) = (driver_row(&april, driver), driver_row(&may, driver));
        assert!(
            (days(m, 1) - days(a, 2)).abs() < 1e-9,
            "{driver}: April carried into May"
        );
        assert!(
            (days(m, 3) - (days(m, 1) + days(m, 2))).abs() < 1e-9,
            "{driver}: April + May"
        );
    }

    // With a budget in the template: the budget and what is left of it.
    let template = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/operations-report.toml"
    ))
    .expect("template")
    .replace(
        "# \"Panel and Board activities\" = 650",
        "\"Panel and Board activities\" = 650\n\"Security and Privacy\" = 1900",
    );
    let template_path = test.dir.path().join("template.toml");
    std::fs::write(&template_path, template).expect("write template");
    let out = test.dir.path().join("budget");
    let history = built[0].to_string_lossy().to_string();
    let run = Test::new()
        .build_to(&root.join("2019-04"), &out)
        .args([
            "--history",
            &history,
            "--template",
            template_path.to_str().expect("path"),
        ])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = carried(&out.join("operations-report-2019-04.xlsx"));
    let heading: Vec<String> = rows[0].iter().map(|d| d.to_string()).collect();
    assert_eq!(&heading[4..], ["Budget (year)", "Budget left"]);
    let security = driver_row(&rows, "Security and Privacy");
    assert_eq!(days(security, 4), 1900.0);
    assert!((days(security, 5) - (1900.0 - days(security, 3))).abs() < 1e-9);
    assert!(
        driver_row(&rows, "Data Quality")
            .get(4)
            .is_none_or(|v| v == &Data::Empty)
    );
}

/// A person whose name is typed two ways (`Zed Quill`, `zed quill  `) is one
/// row of the Effort detail, under one spelling on the bookings too: its
/// `SUMIFS` match names whatever their case, so two rows would each sum
/// both spellings' hours once the workbook is recalculated.
#[test]
fn a_name_typed_two_ways_is_one_person_of_the_effort_detail() {
    use crate::fixtures::{C::*, sheet, xlsx};
    let test = Test::new();
    let folder = crate::fixtures::sample_month(&test, "2019-03");
    let header = vec![S("Date"), S("Name"), S("Driver"), S("Hours")];
    xlsx(
        &folder.join("extra-bookings.xlsx"),
        &[sheet(
            "Bookings",
            vec![
                header,
                vec![D(2019, 3, 4), S("zed quill  "), S("Data Quality"), N(7.5)],
                vec![D(2019, 3, 5), S("Zed Quill"), S("Data Quality"), N(3.75)],
            ],
        )],
    );
    let run = test.build(&folder).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let workbook = cells(&test.out().join("operations-report-2019-03.xlsx"));
    let (_, detail) = workbook
        .iter()
        .find(|(n, _)| n == "Effort detail")
        .expect("Effort detail");
    let rows: Vec<(usize, &Data)> = detail
        .iter()
        .filter(|(at, v, _)| {
            at.1 == 0
                && v.as_string()
                    .is_some_and(|s| s.to_lowercase().contains("zed"))
        })
        .map(|(at, v, _)| (at.0, v))
        .collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].1, &Data::String("Zed Quill".into()));
    // 11.25 hours at 7.5 hours a day, in the row's Total (its last cell).
    let total = detail
        .iter()
        .filter(|(at, _, _)| at.0 == rows[0].0)
        .map(|(_, v, _)| v.clone())
        .next_back();
    assert_eq!(total.and_then(|v| v.as_f64()), Some(1.5));
    let (_, bookings) = workbook
        .iter()
        .find(|(n, _)| n == "Effort bookings")
        .expect("Effort bookings");
    let spelled: Vec<&Data> = bookings
        .iter()
        .filter(|(_, v, _)| {
            v.as_string()
                .is_some_and(|s| s.to_lowercase().contains("zed"))
        })
        .map(|(_, v, _)| v)
        .collect();
    assert_eq!(spelled.len(), 2, "{spelled:?}");
    assert!(
        spelled
            .iter()
            .all(|v| **v == Data::String("Zed Quill".into()))
    );
}
