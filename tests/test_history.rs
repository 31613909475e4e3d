//! Rolling history: an earlier report fills the months this month's raw
//! files do not cover; where both cover a month and disagree, the raw data
//! wins and the restatement is reported; the chain of monthly runs, each
//! from its own month's raw files and the month before's report, gives the
//! same tables as one run from complete logs.

use std::path::{Path, PathBuf};

use crate::fixtures::{set_number, type_into};
use crate::{Test, read_csv, row, samples, tables};

/// Build and require success; the run's stderr.
fn build_into(input: &Path, out: &Path, extra: &[&str]) -> String {
    let run = Test::new().build_to(input, out).args(extra).run();
    assert_eq!(run.code, 0, "{}:\n{}", input.display(), run.stderr);
    run.stderr
}

#[test]
fn a_figure_corrected_by_hand_in_history_is_used_and_a_disagreement_is_a_restatement() {
    let test = Test::new();
    // February's report, made from the same running logs.
    let february = test.dir.path().join("feb");
    build_into(
        samples(),
        &february,
        &["--month", "2019-02", "--allow-gaps", "--partial"],
    );
    let history = february.join("operations-report-2019-02.xlsx");
    // Someone corrects Table 5's Modifications for Feb 19 (411) to 410:
    // row 10 (Modifications), column M (the twelfth month, Feb 19).
    set_number(&history, "Table 5 Helpdesk Emails", "M10", 410);

    let march = test.dir.path().join("mar");
    let stderr = build_into(
        samples(),
        &march,
        &["--history", history.to_str().expect("path")],
    );
    assert!(
        stderr.contains("Table 5 · Modifications · Feb 19: history 410, raw 411; raw used"),
        "{stderr}"
    );
    let table5 = read_csv(&march.join("csv/table5_helpdesk_emails.csv"));
    assert_eq!(row(&table5, 0, "Modifications")[11], "411", "raw data wins");
    let checks = read_csv(&march.join("csv/checks.csv"));
    let restatements: Vec<&Vec<String>> = checks.iter().filter(|r| r[1] == "restatement").collect();
    assert_eq!(restatements.len(), 1, "{restatements:?}");
    let sources = read_csv(&march.join("csv/sources.csv"));
    let feb = sources
        .iter()
        .find(|r| r[10] == "Table 5" && r[11] == "2019-02")
        .expect("Feb 19's source is recorded");
    assert_eq!(feb[3], "raw inputs");
    assert!(feb[0].contains("helpdesk-log.xlsx"), "{feb:?}");
}

#[test]
fn a_month_no_input_covers_is_an_error_unless_gaps_are_allowed() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    for name in [
        "helpdesk-2019-03.csv",
        "membership-register.xlsx",
        "meetings-log.xlsx",
        "timesheets-2019-03.xlsx",
    ] {
        std::fs::copy(samples().join(name), dir.join(name)).expect("copy");
    }
    std::fs::copy(
        samples().join("analytics-sessions-2019-03.csv"),
        dir.join("sessions.csv"),
    )
    .expect("copy");
    let run = test.build(&dir).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("Table 5 has no figures for Apr 18, May 18"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--allow-gaps"), "{}", run.stderr);
    let run = test.build(&dir).args(["--allow-gaps"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let table5 = test.csv("table5_helpdesk_emails.csv");
    assert_eq!(row(&table5, 0, "Modifications")[1], "", "Apr 18 is blank");
    assert_eq!(row(&table5, 0, "Modifications")[12], "423");
    let sources = test.csv("sources.csv");
    let apr = sources
        .iter()
        .find(|r| r[10] == "Table 5" && r[11] == "2018-04")
        .expect("Apr 18's source");
    assert_eq!(apr[3], "no figures (gap)");
}

/// The month's folders the rolling-history samples provide.
fn month_folder(name: &str) -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/samples")).join(name)
}

#[test]
fn each_month_from_its_own_files_and_last_months_report_equals_complete_logs() {
    let test = Test::new();
    let mut previous = test.dir.path().join("2019-03");
    build_into(samples(), &previous, &[]);
    for month in ["2019-04", "2019-05"] {
        let chained = test.dir.path().join(format!("{month}-chained"));
        let history = previous.join(format!(
            "operations-report-{}.xlsx",
            previous
                .file_name()
                .and_then(|n| n.to_str())
                .expect("name")
                .trim_end_matches("-chained")
        ));
        build_into(
            &month_folder(month),
            &chained,
            &["--history", history.to_str().expect("path")],
        );
        let complete = test.dir.path().join(format!("{month}-complete"));
        build_into(
            &month_folder(&format!("{month}-complete")),
            &complete,
            &["--month", month],
        );
        for ((name, a), (_, b)) in tables(&chained).iter().zip(tables(&complete)) {
            assert_eq!(
                a, &b,
                "{month}: {name} differs between the chained run and the complete logs"
            );
        }
        // The chained run says which months came from the earlier report.
        let sources = read_csv(&chained.join("csv/sources.csv"));
        let from_history = sources
            .iter()
            .filter(|r| r[10] == "Table 5" && r[3] == "earlier report (history)")
            .count();
        assert_eq!(
            from_history, 11,
            "{month}: eleven months of Table 5 from history"
        );
        previous = chained;
    }
}

#[test]
fn a_file_given_as_history_must_be_an_earlier_report() {
    let test = Test::new();
    let timesheet = samples().join("timesheets-2019-03.xlsx");
    let run = test
        .build(samples())
        .args(["--history", timesheet.to_str().expect("path")])
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "timesheets-2019-03.xlsx: the file given with --history is not an operations report"
        ),
        "{}",
        run.stderr
    );
}

/// Rows of figures as typed from the paper, first at column `first` on
/// row `row` (1-based, as Excel names it).
fn figures(first: char, rows: &[(u32, &[u64])]) -> Vec<(String, String)> {
    rows.iter()
        .flat_map(|(row, values)| {
            values.iter().enumerate().map(move |(i, v)| {
                let col = (first as u8 + i as u8) as char;
                (format!("{col}{row}"), v.to_string())
            })
        })
        .collect()
}

/// The March 2019 paper's Tables 3, 5 and 6 for the months before March,
/// typed from the paper's text (not from any output of this program).
/// Table 3: Mar 18 … Feb 19, its rows Accessions, In Default, Withdrawals,
/// Expulsions (a footnoted 1¹ typed as 1).
const PAPER_TABLE3: [&[u64]; 4] = [
    &[3, 0, 15, 2, 6, 1, 0, 2, 2, 3, 3, 10],
    &[0, 0, 1, 1, 1, 2, 3, 4, 4, 5, 4, 6],
    &[0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
    &[1, 0, 0, 0, 0, 0, 1, 0, 1, 3, 1, 1],
];
/// Table 5: Apr 18 … Feb 19, the categories in the paper's order.
const PAPER_TABLE5: [&[u64]; 11] = [
    &[41, 23, 43, 6, 6, 56, 43, 19, 84, 59, 56],
    &[228, 208, 108, 242, 312, 362, 441, 167, 206, 342, 298],
    &[0, 0, 13, 7, 0, 2, 3, 4, 11, 9, 2],
    &[34, 81, 75, 46, 55, 51, 36, 26, 33, 28, 39],
    &[59, 40, 43, 17, 54, 44, 7, 56, 49, 44, 41],
    &[48, 55, 203, 146, 106, 45, 46, 16, 51, 48, 45],
    &[415, 369, 376, 627, 514, 528, 524, 576, 502, 534, 411],
    &[235, 262, 276, 284, 426, 416, 346, 325, 312, 475, 500],
    &[1, 1, 6, 1, 5, 0, 1, 0, 0, 4, 3],
    &[22, 73, 1, 2, 31, 43, 0, 0, 34, 17, 87],
    &[128, 93, 184, 74, 81, 59, 167, 130, 61, 76, 89],
];
/// Table 6: Apr 18 … Feb 19, Visits and Page Views.
const PAPER_TABLE6: [&[u64]; 2] = [
    &[
        8062, 6803, 6825, 8370, 6841, 6266, 8592, 8007, 6050, 9285, 8814,
    ],
    &[
        24155, 19924, 20292, 24496, 20530, 18738, 24152, 22387, 17258, 25662, 25353,
    ],
];

/// The history blank for March 2019 (the February paper's tables), with
/// the March paper's figures for the months before March typed in: Table 3
/// from column C (Mar 18; B is Feb 18), Tables 5 and 6 from column C
/// (Apr 18; B is Mar 18). Returns the blank's path.
fn typed_history_blank(test: &Test) -> PathBuf {
    let blanks = test.dir.path().join("blanks");
    let run = Test::new()
        .args([
            "templates".as_ref(),
            blanks.as_os_str(),
            "--month".as_ref(),
            "2019-03".as_ref(),
        ])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let blank = blanks.join("history-from-paper-2019-02.xlsx");
    assert!(blank.exists(), "{}", run.stderr);
    type_paper_figures(&blank);
    blank
}

/// Type the March 2019 paper's figures for the months before March into
/// the history blank for March (see `typed_history_blank`).
pub fn type_paper_figures(blank: &Path) {
    let table3: Vec<(u32, &[u64])> = (4..).zip(PAPER_TABLE3).collect();
    type_into(blank, 2, &figures('C', &table3));
    let table5: Vec<(u32, &[u64])> = (4..).zip(PAPER_TABLE5).collect();
    type_into(blank, 3, &figures('C', &table5));
    let table6: Vec<(u32, &[u64])> = (4..).zip(PAPER_TABLE6).collect();
    type_into(blank, 4, &figures('C', &table6));
}

/// March's own raw files, as a team adopting the tool would have them: no
/// running log from earlier months, no earlier report.
fn march_raw_files(test: &Test) -> PathBuf {
    let dir = test.month_dir("2019-03");
    for name in [
        "helpdesk-2019-03.csv",
        "membership-register.xlsx",
        "meetings-log.xlsx",
        "timesheets-2019-03.xlsx",
        "analytics-sessions-2019-03.csv",
        "analytics-pageviews-2019-03.xlsx",
    ] {
        std::fs::copy(samples().join(name), dir.join(name)).expect("copy");
    }
    dir
}

fn numbers(row: &[String]) -> Vec<u64> {
    row.iter()
        .map(|v| v.parse().unwrap_or_else(|_| panic!("{v:?} in {row:?}")))
        .collect()
}

#[test]
fn a_first_month_from_its_raw_files_and_the_typed_history_blank_is_complete() {
    let test = Test::new();
    let dir = march_raw_files(&test);
    std::fs::copy(
        typed_history_blank(&test),
        dir.join("history-from-paper-2019-02.xlsx"),
    )
    .expect("copy the typed blank");
    // No --allow-gaps: a gap would stop the run.
    let run = test.build(&dir).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("restatement"), "{}", run.stderr);

    let table3 = test.csv("table3_sec_party_statistics.csv");
    assert_eq!(table3[0][1], "2018-03");
    for (label, typed) in ["Accessions", "In Default", "Withdrawals", "Expulsions"]
        .iter()
        .zip(PAPER_TABLE3)
    {
        assert_eq!(&numbers(&row(&table3, 0, label)[1..13]), typed, "{label}");
    }
    let table5 = test.csv("table5_helpdesk_emails.csv");
    assert_eq!(table5[0][1], "2018-04");
    for (r, typed) in PAPER_TABLE5.iter().enumerate() {
        assert_eq!(
            &numbers(&table5[1 + r][1..12]),
            typed,
            "{:?}",
            table5[1 + r]
        );
    }
    // March itself comes from March's raw files: the paper's 423.
    assert_eq!(row(&table5, 0, "Modifications")[12], "423");
    let table6 = test.csv("table6_website_statistics.csv");
    for (label, typed) in ["Visits", "Page Views"].iter().zip(PAPER_TABLE6) {
        assert_eq!(&numbers(&row(&table6, 0, label)[1..12]), typed, "{label}");
    }
    assert_eq!(row(&table6, 0, "Visits")[12], "8883");

    // The Sources sheet names the typed blank for each earlier month.
    let sources = test.csv("sources.csv");
    let blank = row(&sources, 0, "history-from-paper-2019-02.xlsx");
    assert!(
        blank
            .iter()
            .any(|f| f.contains("figures typed from the paper for February 2019")),
        "{blank:?}"
    );
    let from_blank = sources
        .iter()
        .filter(|r| {
            r[0] == "history-from-paper-2019-02.xlsx"
                && ["Table 5", "Table 6 Visits", "Table 6 Page Views"].contains(&&*r[10])
        })
        .count();
    assert_eq!(
        from_blank,
        11 + 2 * 11,
        "eleven months of Table 5, and of each Table 6 row"
    );
}

#[test]
fn a_bad_figure_or_a_half_typed_month_in_the_history_blank_is_named_to_the_cell() {
    let test = Test::new();
    let dir = march_raw_files(&test);
    let blank = dir.join("history-from-paper-2019-02.xlsx");
    std::fs::copy(typed_history_blank(&test), &blank).expect("copy the typed blank");
    // Table 5: Applications, Jun 18 (E4) typed as a word; Sub-Committees,
    // Jul 18 (F5) typed with a footnote marker; Contact Info, Aug 18 (G7)
    // typed over with nothing. Table 3: Accessions Feb 19 typed as 11 where
    // the register says 10.
    let retyped = |cells: &[(&str, &str)]| -> Vec<(String, String)> {
        cells
            .iter()
            .map(|(c, t)| (c.to_string(), t.to_string()))
            .collect()
    };
    type_into(
        &blank,
        3,
        &retyped(&[("E4", "forty"), ("F5", "242¹"), ("G7", "")]),
    );
    type_into(&blank, 2, &retyped(&[("N4", "11")]));
    let run = test.build(&dir).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    for expected in [
        "history-from-paper-2019-02.xlsx › Table 5 Helpdesk Emails › E4: \"forty\" is not a figure for Table 5 · Applications · Jun 18",
        "› F5: \"242¹\" is not a figure for Table 5 · Sub-Committees · Jul 18",
        "› G7: Table 5 · Contact Info · Aug 18 has no figure, but other rows of Aug 18 are filled",
        "Table 3 · Accessions · Feb 19: history 11, raw 10; raw used",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in\n{}",
            run.stderr
        );
    }
}

/// April's own files, with March's report put in the folder twice: once as
/// written, once as `… corrected.xlsx` with Table 5's Modifications for
/// Feb 19 (row 10, column L: the eleventh month of Apr 18 … Mar 19) set to
/// `corrected`.
fn april_with_two_march_reports(test: &Test, corrected: Option<u64>) -> PathBuf {
    let march = test.dir.path().join("march-out");
    build_into(&month_folder("2019-03"), &march, &[]);
    let dir = test.dir.path().join("2019-04");
    crate::copy_dir(&month_folder("2019-04"), &dir);
    let report = march.join("operations-report-2019-03.xlsx");
    std::fs::copy(&report, dir.join("operations-report-2019-03.xlsx")).expect("copy");
    let second = dir.join("operations-report-2019-03 corrected.xlsx");
    std::fs::copy(&report, &second).expect("copy");
    let table5 = read_csv(&march.join("csv/table5_helpdesk_emails.csv"));
    assert_eq!(table5[0][11], "2019-02");
    let published: u64 = row(&table5, 0, "Modifications")[11]
        .parse()
        .expect("a figure");
    // Saved again by hand: other bytes, so not the same file twice.
    set_number(
        &second,
        "Table 5 Helpdesk Emails",
        "L10",
        corrected.unwrap_or(published),
    );
    assert_ne!(
        std::fs::read(&report).expect("read"),
        std::fs::read(&second).expect("read")
    );
    dir
}

#[test]
fn two_earlier_reports_for_one_month_that_disagree_stop_the_run_naming_both_and_the_cells() {
    let test = Test::new();
    let dir = april_with_two_march_reports(&test, Some(7));
    let run = test.build(&dir).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    for shown in [
        "error: operations-report-2019-03.xlsx: two earlier reports for March 2019 are in the \
         folder, \
         operations-report-2019-03 corrected.xlsx and operations-report-2019-03.xlsx, and they \
         give different figures: Table 5 · Modifications · Feb 19: 7 \
         (operations-report-2019-03 corrected.xlsx › Table 5 Helpdesk Emails › L10), 411 \
         (operations-report-2019-03.xlsx › Table 5 Helpdesk Emails › L10)",
        "remove the one that is not the published report from the folder",
    ] {
        assert!(run.stderr.contains(shown), "{shown:?} in\n{}", run.stderr);
    }
    assert!(!test.out().join("csv").exists(), "nothing is written");
}

#[test]
fn two_earlier_reports_for_one_month_that_agree_give_the_report_and_say_which_was_used() {
    let test = Test::new();
    let dir = april_with_two_march_reports(&test, None);
    let run = test.build(&dir).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: operations-report-2019-03 corrected.xlsx: two earlier reports for March \
             2019 are in the folder, \
             operations-report-2019-03 corrected.xlsx and operations-report-2019-03.xlsx; they \
             give the same figure wherever both give one, so the report is the same whichever \
             is used: operations-report-2019-03 corrected.xlsx is used (the first by name)"
        ),
        "{}",
        run.stderr
    );
    let table5 = test.csv("table5_helpdesk_emails.csv");
    assert_eq!(table5[0][10], "2019-02");
    assert_eq!(
        row(&table5, 0, "Modifications")[10],
        "411",
        "the paper's Feb 19"
    );
}
