//! Rolling history: an earlier report fills the months this month's raw
//! files do not cover; where both cover a month and disagree, the raw data
//! wins and the restatement is reported; the chain of monthly runs, each
//! from its own month's raw files and the month before's report, gives the
//! same tables as one run from complete logs.

use std::path::{Path, PathBuf};

use crate::fixtures::rewrite_part;
use crate::{Test, read_csv, row, samples, tables};

/// Set one number cell of an xlsx by hand, as a person correcting a figure
/// would (the file is otherwise untouched).
pub fn set_number(path: &Path, sheet_name: &str, cell: &str, value: u64) {
    use calamine::{Reader, Xlsx, open_workbook};
    let workbook: Xlsx<_> = open_workbook(path).expect("open workbook");
    let index = workbook
        .sheet_names()
        .iter()
        .position(|n| n == sheet_name)
        .expect("sheet exists");
    drop(workbook);
    let part = format!("xl/worksheets/sheet{}.xml", index + 1);
    rewrite_part(path, &part, |xml| {
        let start = xml
            .find(&format!("<c r=\"{cell}\""))
            .expect("cell in sheet");
        let v_start = start + xml[start..].find("<v>").expect("value") + 3;
        let v_end = v_start + xml[v_start..].find("</v>").expect("value end");
        format!("{}{value}{}", &xml[..v_start], &xml[v_end..])
    });
}

/// Build and require success; the run's stderr.
fn build_into(input: &Path, out: &Path, extra: &[&str]) -> String {
    let run = crate::build(input, out, extra, &[]);
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
    let run = test.build(&dir, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("Table 5 has no figures for Apr 18, May 18"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--allow-gaps"), "{}", run.stderr);
    let run = test.build(&dir, &["--allow-gaps"]);
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
    let run = test.build(samples(), &["--history", timesheet.to_str().expect("path")]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "timesheets-2019-03.xlsx: the file given with --history is not an operations report"
        ),
        "{}",
        run.stderr
    );
}
