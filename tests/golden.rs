//! The golden test: `samples/2019-03` must reproduce the March 2019 paper
//! (SECP_67_1204_19). Every expected figure below is copied from the paper's
//! printed text, not from any output of the converter.

use std::path::Path;

use crate::{Test, row, samples};

/// Table 4 as printed: driver, days (rounded).
pub(crate) const TABLE4: [(&str, &str, i64); 11] = [
    ("Services", "Panel and Board activities", 55),
    ("Services", "Security and Privacy", 159),
    ("Services", "Modifications and Release Management", 161),
    ("Services", "Party Support and Engagement", 87),
    ("Services", "Technical and Operational activities", 118),
    ("Projects", "Smarter Markets", 12),
    ("Projects", "Technical Effectiveness", 0),
    ("Projects", "Annual Security Obligations", 16),
    ("Projects", "Data Quality", 5),
    ("Projects", "BAD/TAD", 21),
    ("Projects", "Security Threats", 0),
];

/// Table 5 as printed, Apr 18 … Mar 19.
pub(crate) const TABLE5: [(&str, [u64; 12]); 11] = [
    (
        "Applications",
        [41, 23, 43, 6, 6, 56, 43, 19, 84, 59, 56, 50],
    ),
    (
        "Sub-Committees",
        [228, 208, 108, 242, 312, 362, 441, 167, 206, 342, 298, 331],
    ),
    (
        "Consultation Correspondence",
        [0, 0, 13, 7, 0, 2, 3, 4, 11, 9, 2, 4],
    ),
    (
        "Contact Info",
        [34, 81, 75, 46, 55, 51, 36, 26, 33, 28, 39, 38],
    ),
    (
        "General Queries",
        [59, 40, 43, 17, 54, 44, 7, 56, 49, 44, 41, 40],
    ),
    (
        "Panel & Board Correspondence",
        [48, 55, 203, 146, 106, 45, 46, 16, 51, 48, 45, 65],
    ),
    (
        "Modifications",
        [415, 369, 376, 627, 514, 528, 524, 576, 502, 534, 411, 423],
    ),
    (
        "User CIO Assessments",
        [235, 262, 276, 284, 426, 416, 346, 325, 312, 475, 500, 589],
    ),
    ("Party/RDP Signifiers", [1, 1, 6, 1, 5, 0, 1, 0, 0, 4, 3, 2]),
    (
        "Training Days/Seminars",
        [22, 73, 1, 2, 31, 43, 0, 0, 34, 17, 87, 33],
    ),
    (
        "Other",
        [128, 93, 184, 74, 81, 59, 167, 130, 61, 76, 89, 102],
    ),
];
pub(crate) const TABLE5_TOTAL: [u64; 12] = [
    1211, 1205, 1328, 1452, 1590, 1606, 1614, 1319, 1343, 1636, 1571, 1677,
];

/// Table 6 as printed.
pub(crate) const VISITS: [u64; 12] = [
    8062, 6803, 6825, 8370, 6841, 6266, 8592, 8007, 6050, 9285, 8814, 8883,
];
pub(crate) const PAGE_VIEWS: [u64; 12] = [
    24155, 19924, 20292, 24496, 20530, 18738, 24152, 22387, 17258, 25662, 25353, 47841,
];

fn build_samples(extra: &[&str]) -> Test {
    let test = Test::new();
    let run = test.build(samples()).args(extra).run();
    assert_eq!(
        run.code, 0,
        "the samples must build cleanly:\n{}",
        run.stderr
    );
    test
}

#[test]
fn table4_matches_the_paper_including_its_rounding() {
    let test = build_samples(&[]);
    let table4 = test.csv("table4_effort_by_driver.csv");
    for (i, (group, driver, days)) in TABLE4.iter().enumerate() {
        let line = &table4[1 + i];
        assert_eq!(
            (line[0].as_str(), line[1].as_str()),
            (*group, *driver),
            "row {i} order"
        );
        assert_eq!(line[2], days.to_string(), "{driver}");
    }
    assert_eq!(row(&table4, 1, "Grand Total")[2], "633");
    // The paper's drivers add to 634 against its Grand Total of 633: said in the checks.
    let checks = test.csv("checks.csv");
    let rounding = checks
        .iter()
        .find(|r| r[1] == "table4-rounding")
        .expect("rounding check");
    assert_eq!(rounding[0], "warning");
    assert!(
        rounding[5].contains("634") && rounding[5].contains("633"),
        "{rounding:?}"
    );
    let key = test.csv("key_figures.csv");
    assert_eq!(row(&key, 0, "resource_days")[1], "633");
}

#[test]
fn largest_remainder_rounding_makes_table4_add_up() {
    let test = build_samples(&["--rounding", "largest-remainder"]);
    let table4 = test.csv("table4_effort_by_driver.csv");
    let sum: i64 = table4[1..12]
        .iter()
        .map(|r| r[2].parse::<i64>().expect("number"))
        .sum();
    assert_eq!(sum, 633);
    assert_eq!(row(&table4, 1, "Grand Total")[2], "633");
    let checks = test.csv("checks.csv");
    assert!(!checks.iter().any(|r| r[1] == "table4-rounding"));
}

#[test]
fn table5_and_the_enquiry_counts_match_the_paper() {
    let test = build_samples(&[]);
    let table5 = test.csv("table5_helpdesk_emails.csv");
    let months: Vec<&str> = table5[0][1..].iter().map(String::as_str).collect();
    assert_eq!(months.first(), Some(&"2018-04"));
    assert_eq!(months.last(), Some(&"2019-03"));
    for (i, (category, counts)) in TABLE5.iter().enumerate() {
        let line = &table5[1 + i];
        assert_eq!(line[0], *category, "row {i} order");
        let got: Vec<u64> = line[1..]
            .iter()
            .map(|v| v.parse().expect("number"))
            .collect();
        assert_eq!(got, counts, "{category}");
    }
    let total: Vec<u64> = row(&table5, 0, "Total")[1..]
        .iter()
        .map(|v| v.parse().expect("number"))
        .collect();
    assert_eq!(total, TABLE5_TOTAL);
    let key = test.csv("key_figures.csv");
    assert_eq!(row(&key, 0, "telephone_enquiries")[1], "15");
    assert_eq!(row(&key, 0, "email_enquiries")[1], "1677");
}

/// Table 6's Visits and Page Views as the paper prints them.
fn assert_table6_is_the_papers(test: &Test) {
    let table6 = test.csv("table6_website_statistics.csv");
    let parse = |label: &str| -> Vec<u64> {
        row(&table6, 0, label)[1..]
            .iter()
            .map(|v| v.parse().expect("number"))
            .collect()
    };
    assert_eq!(parse("Visits"), VISITS);
    assert_eq!(parse("Page Views"), PAGE_VIEWS);
}

#[test]
fn table6_matches_the_paper() {
    let test = build_samples(&[]);
    assert_table6_is_the_papers(&test);
}

#[test]
fn the_workbook_shows_the_same_figures() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let test = build_samples(&[]);
    let path = test.out().join("operations-report-2019-03.xlsx");
    let mut workbook: Xlsx<_> = open_workbook(&path).expect("open output");
    let table4 = workbook
        .worksheet_range("Table 4 Effort by Driver")
        .expect("Table 4 sheet");
    let find = |label: &str| {
        table4
            .rows()
            .find(|r| r.first() == Some(&Data::String(label.to_string())))
            .and_then(|r| r.get(1).cloned())
    };
    assert_eq!(find("Security and Privacy"), Some(Data::Float(159.0)));
    assert_eq!(find("Grand Total"), Some(Data::Float(633.0)));
    assert_eq!(
        table4.get_value((0, 0)),
        Some(&Data::String(
            "Table 4: Division of Effort by Driver (Days Worked)".into()
        ))
    );
    let table5 = workbook
        .worksheet_range("Table 5 Helpdesk Emails")
        .expect("Table 5 sheet");
    assert_eq!(
        table5.get_value((2, 1)),
        Some(&Data::String("Apr 18".into()))
    );
    assert_eq!(
        table5.get_value((2, 12)),
        Some(&Data::String("Mar 19".into()))
    );
}

#[test]
fn two_runs_give_byte_identical_files() {
    let first = build_samples(&[]);
    let second = build_samples(&[]);
    let files = |test: &Test| {
        let mut names: Vec<_> = walk(&test.out());
        names.sort();
        names
    };
    let (a, b) = (files(&first), files(&second));
    assert_eq!(a.len(), 14, "{a:?}");
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(
            x.strip_prefix(first.out()).ok(),
            y.strip_prefix(second.out()).ok()
        );
        assert!(
            std::fs::read(x).ok() == std::fs::read(y).ok(),
            "{} differs",
            x.display()
        );
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read output").flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// Table 1 as printed. The paper writes the category "Other SEC Party" here;
/// the converter prints the template's canonical "Other SEC Parties".
pub(crate) const TABLE1: [(&str, &str); 3] = [
    ("Intelesant Limited", "Other SEC Parties"),
    ("Smart Test Labs GB Ltd", "Other SEC Parties"),
    ("Green Energy Supply Limited", "Small Supplier Parties"),
];

/// Table 2 as printed ("Small Suppliers" in the paper is the canonical
/// "Small Supplier Parties").
pub(crate) const TABLE2: [(&str, &str, &str, &str); 3] = [
    (
        "Smart Pear Limited",
        "Other SEC Parties",
        "Other User",
        "18/03/2019 – Full UEP",
    ),
    (
        "Corona Energy Retail 4",
        "Small Supplier Parties",
        "Export Supplier, Import Supplier",
        "25/03/2019 – Full UEP",
    ),
    (
        "Zebra Power Limited",
        "Small Supplier Parties",
        "Import Supplier, Gas Supplier",
        "26/03/2019 – Full UEP",
    ),
];

/// Table 3 as printed, Mar 18 … Mar 19 (the paper's "11", "12", "33" … in
/// the Expulsions row are a figure followed by its footnote marker).
pub(crate) const TABLE3: [(&str, [u64; 13]); 4] = [
    ("Accessions", [3, 0, 15, 2, 6, 1, 0, 2, 2, 3, 3, 10, 3]),
    ("In Default", [0, 0, 1, 1, 1, 2, 3, 4, 4, 5, 4, 6, 5]),
    ("Withdrawals", [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]),
    ("Expulsions", [1, 0, 0, 0, 0, 0, 1, 0, 1, 3, 1, 1, 1]),
];

/// Table 3's footnotes 1-6 as printed, with the month each marks.
pub(crate) const TABLE3_FOOTNOTES: [(&str, &str); 6] = [
    (
        "2018-09",
        "Iresa Limited was expelled from the Code following revocation of its Electricity and Gas Supply Licences.",
    ),
    (
        "2018-11",
        "Gen4U was expelled from the Code following the revocation of its Licences by Ofgem, having gone into administration.",
    ),
    (
        "2018-12",
        "Usio, Extra Energy and One Select were expelled from the Code following revocation of their Licences by Ofgem, having entered insolvency.",
    ),
    (
        "2019-01",
        "Economy Energy was expelled from the Code following revocation of their Licence by Ofgem, having ceased trading.",
    ),
    (
        "2019-02",
        "Our Power was expelled from the Code following revocation of their Licence by Ofgem, having ceased trading.",
    ),
    (
        "2019-03",
        "Brilliant Energy was expelled from the Code following revocation of their Licence by Ofgem, having ceased trading.",
    ),
];

/// Section 1's figures as the paper's text gives them.
const SECTION1: [(&str, &str); 10] = [
    ("parties_at_month_end", "325"),
    ("voting_groups_at_month_end", "255"),
    ("parties_in_default", "5"),
    ("new_events_of_default", "0"),
    ("resolved_events_of_default", "2"),
    ("accessions", "3"),
    ("withdrawals", "0"),
    ("expulsions", "1"),
    ("srept_completions", "2"),
    ("uept_completions", "1"),
];

/// Table 7's meetings as printed: first line of the meeting, its dates.
pub(crate) const TABLE7: [(&str, &str); 14] = [
    ("SEC Panel", "15/03/2019"),
    ("SECCo Board", "15/03/2019"),
    ("TABASC", "21/03/2019"),
    ("SEC Change Board", "27/02/2019"),
    ("Working Group", "20/03/2019"),
    ("Security Sub-Committee (SSC)", "13/03/2019, 27/03/2019"),
    ("SMKI PMA", "19/03/2019"),
    ("Operations Group (OPSG)", "05/03/2019"),
    ("Testing Advisory Group (TAG)", "27/03/2019"),
    ("Modifications Question Hour", "11/03/2019"),
    ("BEIS Implementation Managers Forum", "28/03/2019"),
    ("Smart Metering Delivery Group", "14/03/2019"),
    ("Technical and Business Design Group", "20/03/2019"),
    ("DCC Test Design and Execution Group (TDEG)", "12/03/2019"),
];

/// Table 7's footnotes 5-7 as printed (the paper numbers them on from its
/// other notes; the converter numbers Table 7's own from 1).
pub(crate) const TABLE7_FOOTNOTES: [&str; 3] = [
    "SECMP0069 ‘EU Exit Changes’",
    "SECMP0070 ‘Permission to give Alt HAN Forum vires for enduring management and maintenance of the Exempt Premises List (EPL)’",
    "SECMP0046 ‘Allow DNOs to control Electric Vehicle charges connected to Smart Meter Infrastructure’",
];

#[test]
fn section1_tables_and_figures_match_the_paper() {
    let test = build_samples(&[]);
    let table1 = test.csv("table1_applicants.csv");
    assert_eq!(table1.len(), 1 + TABLE1.len(), "{table1:?}");
    for (line, (organisation, category)) in table1[1..].iter().zip(TABLE1) {
        assert_eq!(
            (line[0].as_str(), line[1].as_str()),
            (organisation, category)
        );
    }
    let table2 = test.csv("table2_uep_completions.csv");
    assert_eq!(table2.len(), 1 + TABLE2.len(), "{table2:?}");
    for (line, (party, category, roles, completion)) in table2[1..].iter().zip(TABLE2) {
        assert_eq!(
            (
                line[0].as_str(),
                line[1].as_str(),
                line[2].as_str(),
                line[3].as_str()
            ),
            (party, category, roles, completion)
        );
    }
    let table3 = test.csv("table3_sec_party_statistics.csv");
    assert_eq!(table3[0][1], "2018-03");
    assert_eq!(table3[0][13], "2019-03");
    for (i, (measure, values)) in TABLE3.iter().enumerate() {
        let line = &table3[1 + i];
        assert_eq!(line[0], *measure);
        let got: Vec<u64> = line[1..]
            .iter()
            .map(|v| v.parse().expect("number"))
            .collect();
        assert_eq!(got, values, "{measure}");
    }
    let footnotes = test.csv("footnotes.csv");
    let table3_notes: Vec<(&str, &str, &str)> = footnotes
        .iter()
        .filter(|r| r[0] == "Table 3")
        .map(|r| (r[1].as_str(), r[2].as_str(), r[3].as_str()))
        .collect();
    assert_eq!(table3_notes.len(), 6, "{table3_notes:?}");
    for (i, ((month, marker, text), (want_month, want_text))) in
        table3_notes.iter().zip(TABLE3_FOOTNOTES).enumerate()
    {
        assert_eq!(
            (*month, *marker, *text),
            (want_month, (i + 1).to_string().as_str(), want_text)
        );
    }
    let key = test.csv("key_figures.csv");
    for (figure, value) in SECTION1 {
        assert_eq!(row(&key, 0, figure)[1], value, "{figure}");
    }
    let figure1 = test.csv("figure1_voting_groups.csv");
    assert_eq!(row(&figure1, 0, "Total")[1], "255");
    assert_eq!(row(&figure1, 0, "DCC")[1], "1");
}

#[test]
fn table7_matches_the_paper() {
    let test = build_samples(&[]);
    let table7 = test.csv("table7_meetings.csv");
    assert_eq!(table7.len(), 1 + TABLE7.len(), "{table7:?}");
    for (line, (meeting, dates)) in table7[1..].iter().zip(TABLE7) {
        assert_eq!(line[1].lines().next(), Some(meeting));
        assert_eq!(line[2], dates, "{meeting}");
    }
    for line in &table7[1..=10] {
        assert_eq!(line[0], "SEC Governance Meetings", "{line:?}");
    }
    let footnotes = test.csv("footnotes.csv");
    let texts: Vec<&str> = footnotes
        .iter()
        .filter(|r| r[0] == "Table 7")
        .map(|r| r[3].as_str())
        .collect();
    assert_eq!(texts, TABLE7_FOOTNOTES);
    let change_board = &table7[4][1];
    assert!(
        change_board.contains("SECMP0069¹") && change_board.contains("SECMP0070²"),
        "{change_board}"
    );
}

/// The recorded snapshots: for each output file of the sample months, what
/// a reader sees in it (`crate::snapshot`), as `<month>/<path>.txt`.
fn recorded_snapshots() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden")
}

/// Build each sample month as the README shows (the months that hold only
/// their own raw files take the previous month's report as history), into
/// `out/<month>` of the test's folder.
fn build_sample_months() -> Test {
    let test = Test::new();
    let months = [
        ("2019-03", None),
        ("2019-04", Some("2019-03")),
        ("2019-04-complete", None),
        ("2019-05", Some("2019-04")),
        ("2019-05-complete", None),
    ];
    // Inputs and outputs side by side: the workbook links each booking to
    // its cell relative to the output folder (../../in/2019-03/…), the same
    // on every machine.
    let outs = test.out();
    for (month, history) in months {
        let input = test.dir.path().join("in").join(month);
        crate::copy_dir(&samples().with_file_name(month), &input);
        let mut run = test.build_to(&input, &outs.join(month));
        if let Some(previous) = history {
            let earlier = outs
                .join(previous)
                .join(format!("operations-report-{previous}.xlsx"));
            run = run.arg("--history").arg(earlier);
        }
        let run = run.run();
        assert_eq!(run.code, 0, "{month}: {}", run.stderr);
    }
    test
}

/// Every output file of the sample months must read as its recorded
/// snapshot: the CSV text, the workbook's cells, formulas and meaningful
/// styles, the Word draft's paragraphs, tables and notes. A change that
/// moves code without meaning to change the report leaves them all alone;
/// a writer upgrade that only re-encodes the same content passes. When a
/// change means to alter the output, check the differences this test
/// prints, then re-record with `scripts/record-golden.sh`
/// (`UPDATE_GOLDEN=1 cargo test --test main golden::sample_outputs`).
#[test]
fn sample_outputs_read_as_the_recorded_snapshots() {
    let test = build_sample_months();
    let outs = test.out();
    let recorded = recorded_snapshots();
    let mut outputs = walk(&outs);
    outputs.sort();
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    if update && recorded.exists() {
        std::fs::remove_dir_all(&recorded).expect("clear the old snapshots");
    }
    let mut problems = Vec::new();
    for path in &outputs {
        let relative = path.strip_prefix(&outs).expect("inside");
        let name = relative.to_string_lossy().replace('\\', "/");
        let file = recorded.join(format!("{name}.txt"));
        let now = crate::snapshot::of_file(path);
        if update {
            std::fs::create_dir_all(file.parent().expect("folder")).expect("snapshot folder");
            std::fs::write(&file, &now).expect("write snapshot");
            continue;
        }
        match std::fs::read_to_string(&file) {
            Err(_) => problems.push(format!("{name}: new output, no recorded snapshot")),
            Ok(before) => {
                if let Some(difference) = first_difference(&before.replace("\r\n", "\n"), &now) {
                    problems.push(format!("{name}: {difference}"));
                }
            }
        }
    }
    let mut snapshots = walk(&recorded);
    snapshots.sort();
    for file in snapshots {
        let relative = file.strip_prefix(&recorded).expect("inside");
        let output = outs.join(relative.with_extension(""));
        if !outputs.contains(&output) {
            problems.push(format!(
                "{}: recorded, no longer written",
                relative.display()
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} of the sample outputs read differently from their recorded snapshots \
         (tests/fixtures/golden); if that is meant, check the differences and \
         re-record with scripts/record-golden.sh:\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
    assert!(outputs.len() >= 5 * 14, "{outputs:?}");
}

/// The first line where two snapshots part, with the lines before it.
fn first_difference(recorded: &str, now: &str) -> Option<String> {
    let (before, after): (Vec<&str>, Vec<&str>) =
        (recorded.lines().collect(), now.lines().collect());
    let at = (0..before.len().max(after.len())).find(|&i| before.get(i) != after.get(i))?;
    let mut shown = format!("first difference at snapshot line {}:\n", at + 1);
    for line in &before[at.saturating_sub(2)..at] {
        shown.push_str(&format!("    {line}\n"));
    }
    let line = |text: Option<&&str>| text.map_or("(end of file)".to_string(), |t| t.to_string());
    shown.push_str(&format!("  - recorded: {}\n", line(before.get(at))));
    shown.push_str(&format!("  + now:      {}", line(after.get(at))));
    Some(shown)
}

/// `samples/2019-03-exports`: March 2019 with its timesheets as Toggl Track,
/// Harvest and Clockify export them and its analytics as one Universal
/// Analytics CSV of two daily tables. Tables 4 and 6 must still be the
/// paper's, figure for figure.
#[test]
fn the_month_from_time_trackers_and_analytics_exports_matches_the_paper() {
    let test = Test::new();
    let run = test
        .build(&samples().with_file_name("2019-03-exports"))
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let table4 = test.csv("table4_effort_by_driver.csv");
    for (i, (group, driver, days)) in TABLE4.iter().enumerate() {
        let line = &table4[1 + i];
        assert_eq!((line[0].as_str(), line[1].as_str()), (*group, *driver));
        assert_eq!(line[2], days.to_string(), "{driver}");
    }
    assert_eq!(row(&table4, 1, "Grand Total")[2], "633");
    assert_table6_is_the_papers(&test);
    let sources = test.csv("sources.csv");
    let kinds: Vec<(&str, &str)> = sources
        .iter()
        .filter(|r| r[0].ends_with(".csv") && r[3].starts_with("timesheet"))
        .map(|r| (r[0].as_str(), r[3].as_str()))
        .collect();
    assert_eq!(kinds.len(), 3, "{sources:?}");
}
