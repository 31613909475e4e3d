//! The README's walk-throughs, run as written, `opsreport` being the built
//! binary (on the PATH, as `cargo install --path .` puts it), each in a
//! temporary copy of the repository paths it needs. "Your first month":
//! every command, the typing step done as a person would; a step that fails
//! fails the test, and the report it ends with must have no blank months.
//! The new team member's walk-through: every `opsreport` command prints the
//! lines its transcript shows, with the exit status shown. Every `samples/`
//! path the README names must exist.

use std::path::Path;
use std::process::Command;

use chrono::{Datelike, Days, NaiveDate};

use crate::fixtures::rewrite_part;
use crate::fixtures::type_into;
use crate::read_csv;
use crate::test_history::type_paper_figures;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md")
}

/// A PATH with the binary under test first, as `cargo install --path .`
/// would put `opsreport` on it.
fn path_with_opsreport() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_opsreport"))
        .parent()
        .expect("the binary's folder")
        .to_path_buf();
    std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH")
}

/// The lines of the first `sh` block under the heading.
fn block(text: &str, heading: &str) -> Vec<String> {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("the README has no {heading:?} section"));
    let after = &text[start..];
    let open = after.find("```sh\n").expect("an sh block") + "```sh\n".len();
    let close = after[open..].find("```").expect("the block's end");
    after[open..open + close]
        .lines()
        .map(str::to_string)
        .filter(|l| !l.trim().is_empty())
        .collect()
}

/// The README opens with two commands: the install and the sample
/// month's report on one line, the tests on the next. The report half is
/// run as written, twice (`--force` lets a second run replace the first).
#[test]
fn the_readme_opens_with_the_sample_report_and_the_tests() {
    let text = readme();
    let lines = block(&text, "# opsreport");
    let commands: Vec<&str> = lines
        .iter()
        .map(|l| l.split(" #").next().unwrap_or_default().trim())
        .collect();
    assert_eq!(commands.len(), 2, "{commands:?}");
    let report = commands[0]
        .strip_prefix("cargo install --locked --path . && ")
        .unwrap_or_else(|| panic!("the first line installs once: {:?}", commands[0]));
    assert!(report.starts_with("opsreport build samples/"), "{report}");
    assert_eq!(commands[1], "cargo test");
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::copy_dir(
        &root.join("samples/2019-03"),
        &dir.path().join("samples/2019-03"),
    );
    for _ in 0..2 {
        let output = Command::new("sh")
            .args(["-c", report])
            .current_dir(dir.path())
            .env("PATH", path_with_opsreport())
            .output()
            .expect("run sh");
        assert!(
            output.status.success(),
            "{report}:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert!(
        dir.path()
            .join("out/2019-03/operations-report-2019-03.xlsx")
            .is_file()
    );
}

#[test]
fn the_first_month_walk_through_runs_as_written() {
    let lines = block(&readme(), "## Your first month");
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::copy_dir(
        &root.join("samples/2019-03"),
        &dir.path().join("samples/2019-03"),
    );
    let path = path_with_opsreport();
    let mut installed = false;
    let mut typed = false;
    for line in &lines {
        let command = line.split(" #").next().unwrap_or_default().trim();
        if command.starts_with("cargo install") {
            // The binary under test stands for the installed one.
            assert_eq!(command, "cargo install --locked --path .");
            installed = true;
            continue;
        }
        if let Some(step) = command.strip_prefix("# type ") {
            let file = step
                .split_whitespace()
                .last()
                .expect("the blank typed into");
            let blank = dir.path().join(file);
            assert!(
                blank.exists(),
                "{line}: {} was not written",
                blank.display()
            );
            type_paper_figures(&blank);
            typed = true;
            continue;
        }
        assert!(installed, "the install step comes before {line:?}");
        let output = Command::new("sh")
            .args(["-c", command])
            .current_dir(dir.path())
            .env("PATH", &path)
            .output()
            .expect("run sh");
        assert!(
            output.status.success(),
            "README step {command:?} failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert!(typed, "the block has its typing step");
    let out = dir.path().join("first-month/out");
    for table in [
        "table3_sec_party_statistics.csv",
        "table5_helpdesk_emails.csv",
        "table6_website_statistics.csv",
    ] {
        let rows = read_csv(&out.join("csv").join(table));
        for row in &rows[1..] {
            assert!(
                row.iter().all(|cell| !cell.is_empty()),
                "{table}: a blank month in {row:?}"
            );
        }
    }
}

#[test]
fn every_samples_path_the_readme_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = readme();
    let mut named = 0;
    for word in text.split(|c: char| c.is_whitespace() || "`()[],".contains(c)) {
        let Some(rest) = word.strip_prefix("samples/") else {
            continue;
        };
        let path = format!("samples/{}", rest.trim_end_matches(['.', ':', ';']));
        if path.contains('*') || path.ends_with("…") {
            continue;
        }
        named += 1;
        assert!(
            root.join(&path).exists(),
            "README names {path}, which does not exist"
        );
    }
    assert!(named > 10, "{named}");
}

/// One `$ command` of a README block and the output shown under it.
struct Shown {
    command: String,
    output: Vec<String>,
}

/// The `$ ` commands of every fenced block in a section, in order.
fn transcript(text: &str, heading: &str) -> Vec<Shown> {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("the README has no {heading:?} section"));
    let section = &text[start + heading.len()..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let mut shown: Vec<Shown> = Vec::new();
    let mut in_block = false;
    for line in section.lines() {
        if line.starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            shown.push(Shown {
                command: command.to_string(),
                output: Vec::new(),
            });
        } else if let Some(last) = shown.last_mut() {
            last.output.push(line.to_string());
        }
    }
    shown
}

/// The new team member's walk-through, run as shown: each `opsreport`
/// command in a temporary copy of the sample folders, its exit status as
/// the transcript gives it (`$ echo $?`, or 1 where it shows errors), and
/// every line it shows printed, but for paths of the writer's machine and
/// `…`. Step 4's two bad helpdesk rows are typed in as the step says, and
/// taken out again for step 5 ("Fix the rows").
#[test]
fn the_new_team_member_walk_through_prints_what_it_shows() {
    let shown = transcript(&readme(), "## Walk-through for a new team member");
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for month in ["2019-03", "2019-04"] {
        let folder = format!("samples/{month}");
        crate::copy_dir(&root.join(&folder), &dir.path().join(&folder));
    }
    let helpdesk = dir.path().join("samples/2019-03/helpdesk-2019-03.csv");
    let clean = std::fs::read(&helpdesk).expect("helpdesk CSV");
    let mut with_bad_rows = clean.clone();
    with_bad_rows.extend_from_slice(
        b"HD-2019-99998;04/03/2019 09:00;Email;helpdesk@secas.co.uk;Modifcations;A question\r\n\
          HD-2019-99999;31/02/2019;Email;helpdesk@secas.co.uk;Modifications;Another\r\n",
    );
    let path = path_with_opsreport();
    let mut ran = 0;
    for (i, step) in shown.iter().enumerate() {
        if !step.command.starts_with("opsreport ") {
            continue;
        }
        let bad_rows = step.command.starts_with("opsreport check samples/2019-03");
        std::fs::write(&helpdesk, if bad_rows { &with_bad_rows } else { &clean })
            .expect("helpdesk CSV");
        let output = Command::new("sh")
            .args(["-c", &step.command])
            .current_dir(dir.path())
            .env("PATH", &path)
            .output()
            .expect("run sh");
        ran += 1;
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let expected = match shown.get(i + 1) {
            Some(next) if next.command == "echo $?" => {
                next.output[0].trim().parse().expect("an exit status")
            }
            _ if step
                .output
                .iter()
                .any(|l| l.trim_start().starts_with("error:")) =>
            {
                1
            }
            _ => 0,
        };
        assert_eq!(
            output.status.code(),
            Some(expected),
            "README step {:?}:\n{printed}",
            step.command
        );
        for line in &step.output {
            let line = line.trim();
            if line.is_empty() || line == "…" || line.contains("/home/you") {
                continue;
            }
            assert!(
                printed.contains(line),
                "README step {:?} shows {line:?}, but it printed:\n{printed}",
                step.command
            );
        }
    }
    assert!(ran >= 5, "{ran} opsreport commands in the walk-through");
}

/// Rows typed under the header of the `index`-th sheet of a blank, as a
/// person fills it in: a cell that reads as a number is a number, any
/// other (names, dates typed day first) is text.
fn append_rows(path: &Path, index: usize, rows: &[Vec<String>]) {
    let mut xml_rows = String::new();
    for (r, values) in rows.iter().enumerate() {
        let number = r + 2;
        xml_rows.push_str(&format!("<row r=\"{number}\">"));
        for (c, value) in values.iter().enumerate() {
            let cell = format!("{}{number}", (b'A' + c as u8) as char);
            if value.is_empty() {
                continue;
            }
            if value.parse::<f64>().is_ok() {
                xml_rows.push_str(&format!("<c r=\"{cell}\"><v>{value}</v></c>"));
            } else {
                xml_rows.push_str(&format!(
                    "<c r=\"{cell}\" t=\"inlineStr\"><is><t>{value}</t></is></c>"
                ));
            }
        }
        xml_rows.push_str("</row>");
    }
    rewrite_part(
        path,
        &format!("xl/worksheets/sheet{}.xml", index + 1),
        |xml| xml.replacen("</sheetData>", &format!("{xml_rows}</sheetData>"), 1),
    );
}

fn texts(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// The people of the October month, each with a copy of the weekly
/// timesheet, booking 7.5 hours on each weekday of October to the driver
/// of their row (the first four).
const PEOPLE: [(&str, &str); 4] = [
    ("Ann Lee", "ann-lee"),
    ("Raj Patel", "raj-patel"),
    ("Jo Evans", "jo-evans"),
    ("Sam Okafor", "sam-okafor"),
];

/// Fill in October 2019's blanks as the README's step says: a copy of
/// the weekly timesheet for each person, and the other blanks in turn.
fn fill_october(folder: &Path) {
    let october = |day: u32| NaiveDate::from_ymd_opt(2019, 10, day).expect("a day of October");
    // The weekly timesheet: a sheet per week, from the week of 1 October
    // (Tuesday) whose Monday is 30 September; Mon…Fri are columns B…F.
    let first_monday = october(1) - Days::new(1);
    for (p, (name, slug)) in PEOPLE.iter().enumerate() {
        let copy = folder.join(format!("weekly-timesheet-{slug}.xlsx"));
        std::fs::copy(folder.join("weekly-timesheet.xlsx"), &copy).expect("copy the blank");
        for week in 0..5u64 {
            let monday = first_monday + Days::new(7 * week);
            let mut cells = vec![("B1".to_string(), name.to_string())];
            for d in 0..5u64 {
                let day = monday + Days::new(d);
                if day.month() == 10 {
                    let column = (b'B' + d as u8) as char;
                    cells.push((format!("{column}{}", 5 + p), "7.5".to_string()));
                }
            }
            type_into(&copy, week as usize + 1, &cells);
        }
    }
    // The helpdesk log: an enquiry every day of the month.
    let categories = ["Modifications", "General Queries", "Applications"];
    let enquiries: Vec<Vec<String>> = (1..=31)
        .map(|day| {
            vec![
                format!("HD-2019-{day:04}"),
                october(day).format("%d/%m/%Y").to_string(),
                "Email".to_string(),
                "helpdesk@secas.co.uk".to_string(),
                categories[day as usize % 3].to_string(),
                "A question".to_string(),
            ]
        })
        .collect();
    append_rows(&folder.join("helpdesk-log.xlsx"), 0, &enquiries);
    append_rows(
        &folder.join("website-statistics.xlsx"),
        0,
        &[texts(&["Oct 2019", "9100", "41000"])],
    );
    let register = folder.join("membership-register.xlsx");
    append_rows(
        &register,
        0,
        &[
            texts(&["Smart DCC Ltd", "DCC", "", "23/09/2013"]),
            texts(&[
                "Alpha Energy Ltd",
                "Large Supplier Parties",
                "",
                "03/02/2014",
            ]),
            texts(&[
                "Beta Supply Ltd",
                "Small Supplier Parties",
                "",
                "15/06/2018",
            ]),
            texts(&[
                "Gamma Networks plc",
                "Electricity Network Parties",
                "",
                "03/12/2018",
            ]),
            texts(&["Delta Gas Ltd", "Gas Network Parties", "", "14/10/2019"]),
        ],
    );
    append_rows(
        &register,
        2,
        &[texts(&[
            "Zeta Energy Ltd",
            "Small Supplier Parties",
            "17/10/2019",
        ])],
    );
    append_rows(
        &folder.join("meetings-log.xlsx"),
        0,
        &[texts(&[
            "SEC Governance Meetings",
            "SEC Panel",
            "11/10/2019",
            "The Panel's regular monthly meeting.",
        ])],
    );
    let notes = folder.join("paper-notes.xlsx");
    append_rows(
        &notes,
        0,
        &[texts(&["SECP_74_1411_19", "Holly Burton", "SECAS Team"])],
    );
    append_rows(
        &notes,
        1,
        &[texts(&[
            "Change Management",
            "1",
            "Two modifications were approved.",
        ])],
    );
}

/// What the second `templates` run must ask for: Table 3 nothing (the
/// register gives it), Tables 5 and 6 the eleven months before October
/// that the new report shows.
const ASKED: [&str; 3] = [
    "  Table 3 Party Statistics: nothing to type; the membership register gives every month",
    "  Table 5 Helpdesk Emails: Nov 18 – Sep 19 (11 months)",
    "  Table 6 Website Statistics: Nov 18 – Sep 19 (11 months)",
];

/// Table 5's figure typed for category `row`, the `i`-th month from Nov 18.
fn typed_table5(row: usize, i: usize) -> u64 {
    10 * (row as u64 + 1) + i as u64
}

/// Type into the history blank only the months it asks for: columns C…M
/// (Nov 18 … Sep 19 of the blank's Oct 18 … Sep 19) of Tables 5 and 6.
fn type_asked_months(blank: &Path) {
    let columns: Vec<char> = ('C'..='M').collect();
    let mut table5 = Vec::new();
    for row in 0..11 {
        for (i, column) in columns.iter().enumerate() {
            table5.push((
                format!("{column}{}", 4 + row),
                typed_table5(row, i).to_string(),
            ));
        }
    }
    type_into(blank, 3, &table5);
    let mut table6 = Vec::new();
    for (i, column) in columns.iter().enumerate() {
        table6.push((format!("{column}4"), (5000 + i).to_string()));
        table6.push((format!("{column}5"), (20000 + i).to_string()));
    }
    type_into(blank, 4, &table6);
}

/// "Your own month", run as written: the commands in a new folder, the
/// filling-in and typing done as the steps say, the second `templates`
/// asking for exactly what the folder lacks, and a report with no blank
/// months whose figures are the ones filled in and typed.
#[test]
fn your_own_month_runs_as_written() {
    let lines = block(&readme(), "## Your own month");
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = path_with_opsreport();
    let (mut installed, mut filled, mut typed) = (false, false, false);
    let mut printed: Vec<String> = Vec::new();
    for line in &lines {
        let command = line.split(" #").next().unwrap_or_default().trim();
        if command.starts_with("cargo install") {
            assert_eq!(command, "cargo install --locked --path .");
            installed = true;
            continue;
        }
        if let Some(step) = command.strip_prefix("# fill in the blanks in ") {
            let folder = dir.path().join(step.split(':').next().expect("the folder"));
            for blank in step.split([' ', ',']).filter(|w| w.ends_with(".xlsx")) {
                assert!(folder.join(blank).exists(), "{line}: no {blank}");
            }
            fill_october(&folder);
            filled = true;
            continue;
        }
        if let Some(step) = command.strip_prefix("# type ") {
            let last = printed.last().expect("a templates run before the typing");
            for asked in ASKED {
                assert!(last.lines().any(|l| l == asked), "{asked:?} in:\n{last}");
            }
            let blank = dir
                .path()
                .join(step.split_whitespace().last().expect("the blank"));
            type_asked_months(&blank);
            typed = true;
            continue;
        }
        assert!(installed, "the install step comes before {line:?}");
        let output = Command::new("sh")
            .args(["-c", command])
            .current_dir(dir.path())
            .env("PATH", &path)
            .output()
            .expect("run sh");
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        assert!(
            output.status.success(),
            "README step {command:?} failed:\n{}{stderr}",
            String::from_utf8_lossy(&output.stdout),
        );
        printed.push(stderr);
    }
    assert!(
        filled && typed,
        "the block fills the blanks and types the history"
    );
    // The first templates run wrote every blank, recommending one timesheet.
    assert!(
        printed[0].contains("Timesheets: use weekly-timesheet.xlsx"),
        "{}",
        printed[0]
    );
    // The second wrote no blank for a kind the folder now has.
    assert!(
        printed[1]
            .contains("not written: helpdesk-log.xlsx: the folder already has its helpdesk log"),
        "{}",
        printed[1]
    );
    let out = dir.path().join("2019-10 report");
    let csv = |name: &str| read_csv(&out.join("csv").join(name));
    for table in [
        "table3_sec_party_statistics.csv",
        "table5_helpdesk_emails.csv",
        "table6_website_statistics.csv",
    ] {
        for row in &csv(table)[1..] {
            assert!(
                row.iter().all(|cell| !cell.is_empty()),
                "{table}: a blank month in {row:?}"
            );
        }
    }
    // Table 5: the typed months, then October's own log.
    let table5 = csv("table5_helpdesk_emails.csv");
    assert_eq!(table5[0][1], "2018-11");
    assert_eq!(table5[0][12], "2019-10");
    for (r, row) in table5[1..12].iter().enumerate() {
        for i in 0..11 {
            assert_eq!(row[1 + i], typed_table5(r, i).to_string(), "{row:?}");
        }
    }
    let modifications = crate::row(&table5, 0, "Modifications");
    assert_eq!(
        modifications[12], "10",
        "October's enquiries on days 3, 6 … 30"
    );
    // Table 6: the typed months and October's figures.
    let table6 = csv("table6_website_statistics.csv");
    assert_eq!(crate::row(&table6, 0, "Visits")[1], "5000");
    assert_eq!(crate::row(&table6, 0, "Visits")[12], "9100");
    assert_eq!(crate::row(&table6, 0, "Page Views")[12], "41000");
    // Table 3 from the register: Delta Gas acceded in October.
    let table3 = csv("table3_sec_party_statistics.csv");
    assert_eq!(table3[0][13], "2019-10");
    assert_eq!(crate::row(&table3, 0, "Accessions")[13], "1");
    assert_eq!(
        crate::row(&table3, 0, "Accessions")[3],
        "1",
        "Gamma in Dec 18"
    );
    // Table 4: four people, 23 weekdays of 7.5 hours: 92 days.
    let table4 = csv("table4_effort_by_driver.csv");
    assert!(
        table4.iter().any(|r| r[1] == "Grand Total" && r[2] == "92"),
        "{table4:?}"
    );
}
