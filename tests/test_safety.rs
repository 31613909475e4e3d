//! Data safety: inputs are never changed, outputs appear whole or not at
//! all, a missing kind of workbook stops the run (or is left out with
//! `--partial`), and pathological sheets neither hang nor exhaust memory.

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::fixtures::{C::*, sheet, xlsx};
use crate::{Test, read_csv, row, samples};

/// Every file under `dir` with its SHA-256 and modification time.
fn snapshot(dir: &Path) -> BTreeMap<String, (String, std::time::SystemTime)> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("read folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read file");
                let hash = Sha256::digest(&bytes)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                let modified = entry.metadata().and_then(|m| m.modified()).expect("mtime");
                let name = path
                    .strip_prefix(dir)
                    .expect("inside")
                    .display()
                    .to_string();
                files.insert(name, (hash, modified));
            }
        }
    }
    files
}

#[test]
fn the_input_folder_is_never_modified() {
    let before = snapshot(samples());
    let test = Test::new();
    assert_eq!(test.build(samples()).run().code, 0);
    assert_eq!(snapshot(samples()), before);
}

#[test]
fn a_failure_part_way_leaves_the_previous_report_whole() {
    let test = Test::new();
    assert_eq!(test.build(samples()).run().code, 0);
    let before = snapshot(&test.out());
    for step in ["stage", "swap"] {
        let output = test
            .build(samples())
            .args(["--force", "--rounding", "largest-remainder"])
            .env("OPSREPORT_TEST_FAIL_AT", step)
            .run();
        assert_eq!(output.code, 2, "{step}: {}", output.stderr);
        assert_eq!(
            snapshot(&test.out()),
            before,
            "the previous report changed after a failure at {step}"
        );
    }
    // And without the failure, the same run replaces the report.
    assert_eq!(
        test.build(samples())
            .args(["--force", "--rounding", "largest-remainder"])
            .run()
            .code,
        0
    );
    assert_ne!(snapshot(&test.out()), before);
}

#[test]
fn a_partial_report_replacing_a_full_one_leaves_no_stale_table() {
    let test = Test::new();
    assert_eq!(test.build(samples()).run().code, 0);
    let dir = test.month_dir("2019-03");
    xlsx(
        &dir.join("t.xlsx"),
        &[sheet(
            "Export",
            vec![
                vec![S("Date"), S("Name"), S("Driver"), S("Hours")],
                vec![D(2019, 3, 4), S("Ann Lee"), S("DQ"), N(7.5)],
            ],
        )],
    );
    let run = test.build(&dir).args(["--force"]).run();
    assert_eq!(run.code, 1, "missing kinds stop the run: {}", run.stderr);
    assert!(
        run.stderr.contains(
            "Table 5 and the enquiry counts cannot be made: the folder has no helpdesk log"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--partial"), "{}", run.stderr);
    let run = test.build(&dir).args(["--force", "--partial"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut names: Vec<String> = std::fs::read_dir(test.out().join("csv"))
        .expect("csv folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "checks.csv",
            "footnotes.csv",
            "key_figures.csv",
            "sources.csv",
            "table4_effort_by_driver.csv"
        ]
    );
    let key = test.csv("key_figures.csv");
    assert_eq!(key.len(), 2, "only Table 4's figure: {key:?}");
    assert_eq!(row(&key, 0, "resource_days")[1], "1");
    let checks = test.csv("checks.csv");
    assert!(
        checks
            .iter()
            .any(|r| r[1] == "left-out" && r[5].starts_with("Table 7 left out"))
    );
}

#[test]
fn the_output_is_never_read_back_as_input() {
    let test = Test::new();
    let input = crate::fixtures::sample_month(&test, "2019-03");
    // Output inside the input folder, and the input folder itself.
    for out in [input.join("out"), input.clone()] {
        for _ in 0..2 {
            let run = Test::new().build_to(&input, &out).args(["--force"]).run();
            assert_eq!(run.code, 0, "{}", run.stderr);
        }
        let table4 = read_csv(&out.join("csv/table4_effort_by_driver.csv"));
        assert_eq!(
            row(&table4, 1, "Grand Total")[2],
            "633",
            "nothing counted twice"
        );
        // The report for the month itself is recognised, and not used.
        let sources = read_csv(&out.join("csv/sources.csv"));
        if out == input {
            let own = row(&sources, 0, "operations-report-2019-03.xlsx");
            assert_eq!(own[3], "earlier report (history)");
            assert!(own[8].starts_with("not used as history"), "{own:?}");
        }
    }
}

#[test]
fn excel_errors_in_required_cells_are_named() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    xlsx(
        &dir.join("t.xlsx"),
        &[sheet(
            "Export",
            vec![
                vec![S("Date"), S("Name"), S("Driver"), S("Hours")],
                vec![D(2019, 3, 4), S("Ann Lee"), E("#N/A"), N(7.5)],
                vec![D(2091, 3, 4), S("Ann Lee"), S("DQ"), N(7.5)],
            ],
        )],
    );
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("t.xlsx › Export › C2: the Excel error #N/A (a broken formula or lookup) where a value is required"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("t.xlsx › Export › A3: the date 04/03/2091 is far from the report month"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_column_is_named_with_the_headers_found() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    xlsx(
        &dir.join("t.xlsx"),
        &[sheet(
            "Export",
            vec![
                vec![S("Time recording")],
                vec![S("Date"), S("Name"), S("Driver"), S("Time")],
                vec![D(2019, 3, 4), S("Ann Lee"), S("DQ"), N(7.5)],
            ],
        )],
    );
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("t.xlsx › Export › row 2: this sheet looks like a timesheet (long layout) but lacks a column headed \"Hours\""), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the headers found on row 2 are: Date, Name, Driver, Time"),
        "{}",
        run.stderr
    );
}

#[test]
fn same_file_twice_and_double_bookings() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    let booking = |hours: f64| {
        vec![
            vec![S("Date"), S("Name"), S("Driver"), S("Hours")],
            vec![D(2019, 3, 4), S("Ann Lee"), S("DQ"), N(hours)],
        ]
    };
    xlsx(&dir.join("a.xlsx"), &[sheet("Export", booking(7.5))]);
    std::fs::copy(dir.join("a.xlsx"), dir.join("a copy.xlsx")).expect("copy");
    xlsx(&dir.join("b.xlsx"), &[sheet("Mine", booking(7.5))]);
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("a.xlsx: this file has the same content as a copy.xlsx"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("counted once"), "{}", run.stderr);
    let table4 = test.csv("table4_effort_by_driver.csv");
    assert_eq!(
        row(&table4, 1, "Data Quality")[3],
        "1",
        "identical rows in two files count once"
    );

    xlsx(&dir.join("b.xlsx"), &[sheet("Mine", booking(3.75))]);
    let run = test.build(&dir).args(["--partial", "--force"]).run();
    // The same person, day and driver in two files with other hours: no
    // copy of each other, so which is right cannot be told.
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: b.xlsx › Mine: 1 of this sheet's people × days × drivers in March 2019 are also booked on a copy.xlsx › Export"
        ) && run
            .stderr
            .contains("Ann Lee, 04/03/2019, Data Quality: a copy.xlsx › Export › D2 and b.xlsx › Mine › D2"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_stray_far_cell_and_a_million_styled_rows_neither_hang_nor_exhaust_memory() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    let path = dir.join("huge.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let rows = [("Date", "Name", "Driver", "Hours")];
    for (c, header) in [rows[0].0, rows[0].1, rows[0].2, rows[0].3]
        .into_iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, header).expect("write");
    }
    sheet.write_string(1, 0, "04/03/2019").expect("write");
    sheet.write_string(1, 1, "Ann Lee").expect("write");
    sheet.write_string(1, 2, "DQ").expect("write");
    sheet.write_number(1, 3, 7.5).expect("write");
    let styled = rust_xlsxwriter::Format::new().set_bold();
    for r in 2..1_000_000 {
        sheet.set_row_format(r, &styled).expect("format");
    }
    sheet
        .write_string(1_048_575, 16_383, "stray")
        .expect("write");
    workbook.save(&path).expect("save");
    // Under the 1 GiB cap the README promises.
    let run = test.build(&dir).arg("--partial").memory_cap().run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let table4 = test.csv("table4_effort_by_driver.csv");
    assert_eq!(row(&table4, 1, "Data Quality")[3], "1");
}

#[test]
fn a_password_protected_workbook_is_named() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    let fixture = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/password-protected.xlsx"
    ));
    std::fs::copy(fixture, dir.join("locked.xlsx")).expect("copy fixture");
    std::fs::write(
        dir.join("log.xls"),
        b"<html><body><table><tr><td>Date</td></tr></table></body></html>",
    )
    .expect("write");
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("locked.xlsx: the workbook is password-protected; save an unprotected copy"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("log.xls: this file is a web page (HTML)"),
        "{}",
        run.stderr
    );
    assert!(!test.out().exists());
}
