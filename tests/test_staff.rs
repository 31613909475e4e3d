//! The optional staff list, as finance uses it: with one in the folder the
//! workbook gains an "Effort by person" sheet (booked against working days,
//! who booked nothing, the staff/contractor split per driver, cost at day
//! rates); without one, no such sheet and no word about it. The expected
//! figures are worked out here by hand from the fixture.

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::Test;
use crate::fixtures::{C, sheet, xlsx};
use C::{Blank, D, N, S};

const SHEET: &str = "Effort by person";

/// April 2019's bookings: Ann Lee (staff, 22.5 h a week, no rate) 7.5 + 7.5
/// on Data Quality and 3.75 on Smarter Markets; Bob Ray (contractor, £500 a
/// day) 7.5 + 7.5 on Data Quality; Cy Dee, not on the list, 7.5 on Data
/// Quality. Dee Noone is on the list (as "Employee", an alias of Staff) and
/// booked nothing.
fn april_folder(test: &Test, staff_list: bool) -> std::path::PathBuf {
    let dir = test.month_dir("2019-04");
    xlsx(
        &dir.join("timesheets.xlsx"),
        &[sheet(
            "Export",
            vec![
                vec![S("Date"), S("Name"), S("Driver"), S("Hours")],
                vec![D(2019, 4, 1), S("Ann Lee"), S("Data Quality"), N(7.5)],
                vec![D(2019, 4, 2), S("Ann Lee"), S("Data Quality"), N(7.5)],
                vec![D(2019, 4, 3), S("Ann Lee"), S("Smarter Markets"), N(3.75)],
                vec![D(2019, 4, 1), S("Bob Ray"), S("Data Quality"), N(7.5)],
                vec![D(2019, 4, 2), S("Bob Ray"), S("Data Quality"), N(7.5)],
                vec![D(2019, 4, 4), S("Cy Dee"), S("Data Quality"), N(7.5)],
            ],
        )],
    );
    if staff_list {
        xlsx(
            &dir.join("staff.xlsx"),
            &[sheet(
                "Staff",
                vec![
                    vec![
                        S("Name"),
                        S("Staff or Contractor"),
                        S("Hours a Week"),
                        S("Day Rate"),
                    ],
                    vec![S("ann lee"), S("Staff"), N(22.5), Blank],
                    vec![S("Bob Ray"), S("Contractor"), N(37.5), N(500.0)],
                    vec![S("Dee Noone"), S("Employee"), N(37.5), S("£400")],
                ],
            )],
        );
    }
    dir
}

fn rows(path: &Path) -> Option<Vec<Vec<Data>>> {
    let mut workbook: Xlsx<_> = open_workbook(path).expect("open workbook");
    let range = workbook.worksheet_range(SHEET).ok()?;
    Some(range.rows().map(|r| r.to_vec()).collect())
}

fn labelled<'a>(rows: &'a [Vec<Data>], label: &str) -> &'a [Data] {
    rows.iter()
        .find(|r| r.first() == Some(&Data::String(label.into())))
        .unwrap_or_else(|| panic!("no row {label}: {rows:?}"))
}

fn number(row: &[Data], col: usize) -> f64 {
    match row.get(col) {
        Some(Data::Float(n)) => *n,
        Some(Data::Int(n)) => *n as f64,
        other => panic!("no number in column {col}: {other:?} in {row:?}"),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn with_a_staff_list_each_person_booked_days_stand_against_their_working_days() {
    let test = Test::new();
    let dir = april_folder(&test, true);
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sheet = rows(&test.out().join("operations-report-2019-04.xlsx")).expect("the sheet");
    // April 2019: 22 weekdays less Good Friday (19th) and Easter Monday
    // (22nd) = 20 working days. Ann works 22.5 of 37.5 hours: 12 days; she
    // booked 18.75 h = 2.5 days, 9.5 under.
    let ann = labelled(&sheet, "ann lee");
    assert_eq!(ann[1], Data::String("Staff".into()));
    assert!(close(number(ann, 3), 12.0), "{ann:?}");
    assert!(close(number(ann, 4), 2.5), "{ann:?}");
    assert!(close(number(ann, 5), -9.5), "{ann:?}");
    // Bob: 20 working days, 2 booked, at £500 a day: £1,000.
    let bob = labelled(&sheet, "Bob Ray");
    assert_eq!(bob[1], Data::String("Contractor".into()));
    assert!(close(number(bob, 3), 20.0), "{bob:?}");
    assert!(close(number(bob, 4), 2.0), "{bob:?}");
    assert!(close(number(bob, 7), 1000.0), "{bob:?}");
    // Dee booked nothing: 0 booked, 20 under, named.
    let dee = labelled(&sheet, "Dee Noone");
    assert_eq!(dee[1], Data::String("Staff".into()));
    assert!(close(number(dee, 4), 0.0), "{dee:?}");
    assert!(close(number(dee, 5), -20.0), "{dee:?}");
    assert!(
        sheet.iter().any(|r| r.first()
            == Some(&Data::String(
                "Booked nothing this month: Dee Noone.".into()
            ))),
        "{sheet:?}"
    );
    // Cy booked 1 day and is not on the list: shown, and a warning names
    // him and the sheet he booked on.
    let cy = labelled(&sheet, "Cy Dee");
    assert_eq!(cy[1], Data::String("Not on the staff list".into()));
    assert!(close(number(cy, 4), 1.0), "{cy:?}");
    assert!(
        run.stderr.contains("Cy Dee") && run.stderr.contains("timesheets.xlsx › Export"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("not on the staff list"),
        "{}",
        run.stderr
    );
    // Data Quality: staff 15 h = 2 days, contractor 2 days, not on the list
    // 1 day, 5 in all; £1,000 of it costed, Ann's 2 and Cy's 1 without a
    // rate.
    let dq = labelled(&sheet, "Data Quality");
    let expected = [2.0, 2.0, 1.0, 5.0, 1000.0, 3.0];
    for (col, want) in (1..).zip(expected) {
        assert!(close(number(dq, col), want), "column {col}: {dq:?}");
    }
    // Smarter Markets: Ann's 3.75 h = 0.5 staff days.
    let sm = labelled(&sheet, "Smarter Markets");
    assert!(close(number(sm, 1), 0.5), "{sm:?}");
    assert!(close(number(sm, 2), 0.0), "{sm:?}");
    // The split adds up to Table 4's total: 5.5 days.
    let total = labelled(&sheet, "Grand Total");
    assert!(close(number(total, 4), 5.5), "{total:?}");
    assert!(close(number(total, 5), 1000.0), "{total:?}");
}

/// The same month with and without the list: the sheet and the warning
/// come with it and go with it.
#[test]
fn without_a_staff_list_there_is_no_effort_by_person_sheet_and_no_word_of_one() {
    let with = Test::new();
    let run = with
        .build(&april_folder(&with, true))
        .args(["--partial"])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(rows(&with.out().join("operations-report-2019-04.xlsx")).is_some());
    assert!(run.stderr.contains("staff list"), "{}", run.stderr);

    let test = Test::new();
    let dir = april_folder(&test, false);
    let run = test.build(&dir).args(["--partial"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(rows(&test.out().join("operations-report-2019-04.xlsx")).is_none());
    assert!(
        !run.stderr.to_lowercase().contains("staff list"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(SHEET), "{}", run.stderr);
}

#[test]
fn a_bad_staff_list_cell_is_named_with_what_was_expected() {
    let test = Test::new();
    let dir = april_folder(&test, false);
    xlsx(
        &dir.join("staff.xlsx"),
        &[sheet(
            "Staff",
            vec![
                vec![S("Name"), S("Staff or Contractor"), S("Hours a Week")],
                vec![S("Ann Lee"), S("Staff"), S("full")],
                vec![S("Bob Ray"), S("Contracter"), N(37.5)],
            ],
        )],
    );
    let run = test.build(&dir).args(["--partial"]).run();
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("staff.xlsx › Staff › C2")
            && run
                .stderr
                .contains("\"full\" is not contracted hours a week"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("staff.xlsx › Staff › B3")
            && run.stderr.contains("did you mean \"Contractor\"?"),
        "{}",
        run.stderr
    );
}

/// The April sample's staff list (examples/make_samples.rs): 20 working
/// days (22 weekdays less 19 and 22 April), 16 for Joanne Pryce on 30 of
/// 37.5 hours; Grace Upton, a new starter, booked nothing; everyone who
/// booked is on the list, and staff and contractor days add to April's
/// 4,520 hours = 602.67 days.
#[test]
fn the_april_sample_staff_list_gives_each_person_working_days_and_the_split() {
    let test = Test::new();
    let root = crate::samples().parent().expect("samples folder");
    let run = test
        .build(&root.join("2019-04"))
        .args(["--allow-gaps"])
        .run();
    assert!(run.code == 0, "{}", run.stderr);
    assert!(
        !run.stderr.contains("not on the staff list"),
        "{}",
        run.stderr
    );
    let sheet = rows(&test.out().join("operations-report-2019-04.xlsx")).expect("the sheet");
    let joanne = labelled(&sheet, "Joanne Pryce");
    assert!(close(number(joanne, 2), 30.0), "{joanne:?}");
    assert!(close(number(joanne, 3), 16.0), "{joanne:?}");
    let sarah = labelled(&sheet, "Sarah Whitfield");
    assert!(close(number(sarah, 3), 20.0), "{sarah:?}");
    let grace = labelled(&sheet, "Grace Upton");
    assert!(close(number(grace, 4), 0.0), "{grace:?}");
    assert!(close(number(grace, 5), -20.0), "{grace:?}");
    let total = labelled(&sheet, "Grand Total");
    let days = 4520.0 / 7.5;
    assert!(
        close(number(total, 1) + number(total, 2), days),
        "{total:?}"
    );
    assert!(close(number(total, 3), 0.0), "{total:?}");
    assert!(close(number(total, 4), days), "{total:?}");
}
