//! `opsreport templates`: the blank workbooks teach (an Instructions sheet,
//! a message on every cell, drop-downs for every closed list, the lists
//! hidden, landscape printing one page wide), the weekly timesheet has a
//! sheet per week of the month, a filled blank builds with its
//! instructions never counted, and the command says where it wrote and
//! replaces nothing without --force.

use std::path::{Path, PathBuf};

use crate::fixtures::{part, type_into};
use crate::{Test, libreoffice, row};

const INPUT_BLANKS: [&str; 7] = [
    "timesheet.xlsx",
    "helpdesk-log.xlsx",
    "website-statistics.xlsx",
    "membership-register.xlsx",
    "meetings-log.xlsx",
    "paper-notes.xlsx",
    "weekly-timesheet.xlsx",
];

/// Write the blanks for March 2019 into `dir`.
fn blanks(dir: &Path) {
    let run = Test::new()
        .args([
            "templates".as_ref(),
            dir.as_os_str(),
            "--month".as_ref(),
            "2019-03".as_ref(),
        ])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// One part of an xlsx package, as text.
/// The sheets of a workbook in order: (name, hidden).
fn sheets(path: &Path) -> Vec<(String, bool)> {
    let workbook = part(path, "xl/workbook.xml");
    workbook
        .split("<sheet ")
        .skip(1)
        .map(|tag| {
            let tag = &tag[..tag.find("/>").expect("sheet tag")];
            let name = tag
                .split("name=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .expect("sheet name")
                .to_string();
            (name, tag.contains("state=\"hidden\""))
        })
        .collect()
}

#[test]
fn every_blank_has_instructions_drop_downs_hidden_lists_and_prints_landscape_one_page_wide() {
    let test = Test::new();
    let dir = test.dir.path().join("blank");
    blanks(&dir);
    for name in INPUT_BLANKS {
        let path = dir.join(name);
        let sheets = sheets(&path);
        assert_eq!(
            sheets.last(),
            Some(&("Lists".to_string(), true)),
            "{name}: the Lists sheet is last and hidden"
        );
        assert!(
            sheets
                .iter()
                .any(|(s, hidden)| s == "Instructions" && !hidden),
            "{name}: {sheets:?}"
        );
        // The workbook opens on its instructions.
        let instructions = 1 + sheets
            .iter()
            .position(|(s, _)| s == "Instructions")
            .expect("instructions");
        let workbook = part(&path, "xl/workbook.xml");
        assert!(
            workbook.contains(&format!("activeTab=\"{}\"", instructions - 1)),
            "{name}: {workbook}"
        );
        let text = part(&path, &format!("xl/worksheets/sheet{instructions}.xml"));
        assert!(text.contains("<pageSetup"), "{name}");
        for (i, (sheet, hidden)) in sheets.iter().enumerate() {
            if *hidden {
                continue;
            }
            let xml = part(&path, &format!("xl/worksheets/sheet{}.xml", i + 1));
            assert!(
                xml.contains("orientation=\"landscape\"")
                    // One page wide is the default width of a fit, so unwritten.
                    && xml.contains("<pageSetUpPr fitToPage=\"1\"/>")
                    && !xml.contains("fitToWidth=")
                    && xml.contains("fitToHeight=\"0\"")
                    && xml.contains("paperSize=\"9\""),
                "{name} › {sheet}: A4 landscape, one page wide"
            );
            if sheet == "Instructions" {
                continue;
            }
            // Every data cell says what goes in it.
            assert!(xml.contains("showInputMessage=\"1\""), "{name} › {sheet}");
        }
        assert!(
            workbook.contains("_xlnm.Print_Titles"),
            "{name}: header rows repeated on every page"
        );
    }
    // Every closed list has its drop-down, the meetings Category too.
    for (name, sheet, list) in [
        ("timesheet.xlsx", 1, "Lists!$A$2:$A$12"),
        ("helpdesk-log.xlsx", 1, "Lists!$B$2:$B$12"),
        ("helpdesk-log.xlsx", 1, "Lists!$C$2:$C$3"),
        ("helpdesk-log.xlsx", 1, "Lists!$D$2:$D$5"),
        ("membership-register.xlsx", 1, "Lists!$E$2:$E$7"),
        ("membership-register.xlsx", 1, "Lists!$G$2:$G$3"),
        ("membership-register.xlsx", 4, "Lists!$F$2:$F$8"),
        ("membership-register.xlsx", 5, "Lists!$H$2:$H$3"),
        ("meetings-log.xlsx", 1, "Lists!$I$2:$I$3"),
        ("paper-notes.xlsx", 2, "Lists!$J$2:$J$7"),
        ("weekly-timesheet.xlsx", 1, "Lists!$A$2:$A$12"),
    ] {
        let xml = part(&dir.join(name), &format!("xl/worksheets/sheet{sheet}.xml"));
        assert!(
            xml.contains(&format!("<formula1>{list}</formula1>")) && xml.contains("type=\"list\""),
            "{name} › sheet {sheet} has no drop-down from {list}"
        );
    }
    // The lists hold the template's names, the meetings categories among them.
    let lists = part(&dir.join("meetings-log.xlsx"), "xl/sharedStrings.xml");
    for name in [
        "Meeting categories",
        "SEC Governance Meetings",
        "Transitional Governance Meetings",
    ] {
        assert!(lists.contains(name), "{name}");
    }
}

#[test]
fn the_weekly_timesheet_has_a_sheet_per_week_with_its_monday_and_a_marked_name_cell() {
    let test = Test::new();
    let dir = test.dir.path().join("blank");
    blanks(&dir);
    let path = dir.join("weekly-timesheet.xlsx");
    let names: Vec<String> = sheets(&path).into_iter().map(|(n, _)| n).collect();
    // March 2019 starts on a Friday: the week of 25 February holds 1 March.
    assert_eq!(
        names,
        [
            "w-c 25 Feb",
            "w-c 4 Mar",
            "w-c 11 Mar",
            "w-c 18 Mar",
            "w-c 25 Mar",
            "Instructions",
            "Lists"
        ]
    );
    let week = part(&path, "xl/worksheets/sheet2.xml");
    // 4 March 2019 is Excel day 43528.
    assert!(
        week.contains("<c r=\"B2\"") && week.contains("<v>43528</v>"),
        "{week}"
    );
    assert!(week.contains("<mergeCell ref=\"B1:D1\"/>"), "the name cell");
    let styles = part(&path, "xl/styles.xml");
    assert!(
        styles.contains("FFFFF2CC"),
        "the name cell is filled yellow"
    );
}

#[test]
fn a_filled_blank_builds_and_its_instructions_are_never_data() {
    let test = Test::new();
    let blank = test.dir.path().join("blank");
    blanks(&blank);
    // March's folder without its timesheets, with every blank beside it
    // (renamed, as the sample has workbooks of the same names).
    let dir = crate::fixtures::sample_month(&test, "2019-03");
    for entry in std::fs::read_dir(&dir).expect("folder").flatten() {
        if entry.file_name().to_string_lossy().starts_with("timesheet") {
            std::fs::remove_file(entry.path()).expect("remove timesheet");
        }
    }
    for name in INPUT_BLANKS {
        std::fs::copy(blank.join(name), dir.join(format!("blank-{name}"))).expect("copy");
    }
    // Ann Lee's week of 4 March: 7.5 hours of the first driver on Monday
    // and on Tuesday.
    let weekly = dir.join("blank-weekly-timesheet.xlsx");
    let typed = |cells: &[(&str, &str)]| -> Vec<(String, String)> {
        cells
            .iter()
            .map(|(c, t)| (c.to_string(), t.to_string()))
            .collect()
    };
    type_into(
        &weekly,
        2,
        &typed(&[("B1", "Ann Lee"), ("B5", "7.5"), ("C5", "7.5")]),
    );
    let run = test.build(&dir).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("Instructions"), "{}", run.stderr);
    // Two days: the instructions' example rows (7.5 hours on the timesheet,
    // 11 hours on the weekly one) are not counted.
    let key = test.csv("key_figures.csv");
    assert_eq!(row(&key, 0, "resource_days")[1], "2");
    let effort = test.csv("table4_effort_by_driver.csv");
    let grand = effort
        .iter()
        .find(|r| r.contains(&"Grand Total".to_string()))
        .expect("total");
    assert!(
        grand.contains(&"15".to_string()) || grand.contains(&"15.00".to_string()),
        "{grand:?}"
    );
    let sources = test.csv("sources.csv");
    let instructions: Vec<&Vec<String>> =
        sources.iter().filter(|r| r[1] == "Instructions").collect();
    assert_eq!(instructions.len(), INPUT_BLANKS.len(), "{sources:?}");
    assert!(
        instructions.iter().all(|r| r
            .iter()
            .any(|f| f == "ignored: the instructions of a blank workbook")),
        "{instructions:?}"
    );
}

#[test]
fn templates_says_where_it_wrote_and_replaces_nothing_without_force() {
    let test = Test::new();
    let run = |args: &[&str]| {
        let run = test.args(args).current_dir(test.dir.path()).run();
        (run.code, run.stderr)
    };
    // No folder, no month: ./blank-workbooks, for this month, said so.
    let (code, stderr) = run(&["templates"]);
    assert_eq!(code, 0, "{stderr}");
    let folder: PathBuf = test.dir.path().join("blank-workbooks");
    assert!(
        stderr.contains("wrote blank-workbooks/timesheet.xlsx"),
        "{stderr}"
    );
    assert!(stderr.contains("8 blank workbooks for "), "{stderr}");
    assert!(stderr.contains(&folder.display().to_string()), "{stderr}");
    assert!(
        stderr.contains("No --month given, so they are for this month"),
        "{stderr}"
    );
    let before = std::fs::read(folder.join("timesheet.xlsx")).expect("written");
    // Again: refused, naming what is there, nothing touched.
    let (code, stderr) = run(&["templates", "--month", "2019-03"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("./blank-workbooks already holds timesheet.xlsx")
            && stderr.contains("Give --force to replace them"),
        "{stderr}"
    );
    assert!(
        !folder.join("history-from-paper-2019-02.xlsx").exists(),
        "nothing was written"
    );
    assert_eq!(
        std::fs::read(folder.join("timesheet.xlsx")).expect("kept"),
        before
    );
    let (code, stderr) = run(&["templates", "--month", "2019-03", "--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("for March 2019"), "{stderr}");
    assert!(!stderr.contains("No --month given"), "{stderr}");
    assert!(folder.join("history-from-paper-2019-02.xlsx").exists());
}

/// LibreOffice opens every blank and prints each visible sheet on A4
/// landscape, one page wide: a data sheet's first and last headers are on
/// the same page.
#[test]
#[ignore = "needs LibreOffice and poppler (apt-get install libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils); run with: cargo test -- --include-ignored"]
fn libreoffice_prints_every_blank_landscape_one_page_wide() {
    let soffice = libreoffice::soffice();
    let test = Test::new();
    let dir = test.dir.path().join("blank");
    blanks(&dir);
    for name in INPUT_BLANKS
        .iter()
        .copied()
        .chain(["history-from-paper-2019-02.xlsx"])
    {
        let pdf = libreoffice::convert(
            &soffice,
            &dir.join(name),
            "pdf",
            &test.dir.path().join("pdf"),
        );
        let info = std::process::Command::new("pdfinfo")
            .arg(&pdf)
            .output()
            .expect("pdfinfo");
        let info = String::from_utf8_lossy(&info.stdout).to_string();
        let size = info
            .lines()
            .find(|l| l.starts_with("Page size:"))
            .unwrap_or_else(|| panic!("{name}: {info}"));
        assert!(
            size.contains("841.89 x 595.3"),
            "{name}: not A4 landscape: {size}"
        );
        let pages = libreoffice::pdf_pages(&pdf);
        assert!(!pages.is_empty(), "{name}");
        // The Lists sheet is hidden: its title is printed nowhere.
        assert!(
            !pages
                .iter()
                .any(|p| p.contains("Party categories") && p.contains("Meeting categories")),
            "{name}"
        );
        for (first, last) in match name {
            "timesheet.xlsx" => vec![("Date", "Activity")],
            "helpdesk-log.xlsx" => vec![("Reference", "Subject")],
            "membership-register.xlsx" => vec![("Party Name", "Exit Reason")],
            "meetings-log.xlsx" => vec![("Category", "Report Month")],
            "paper-notes.xlsx" => vec![("Paper Reference", "Attachment"), ("Section", "Text")],
            "weekly-timesheet.xlsx" => vec![("Driver", "Total")],
            "history-from-paper-2019-02.xlsx" => vec![("Feb 18", "Feb 19"), ("Mar 18", "Feb 19")],
            _ => vec![],
        } {
            assert!(
                pages.iter().any(|p| p.contains(first) && p.contains(last)),
                "{name}: no page holds both {first:?} and {last:?}: the sheet is split across pages"
            );
        }
    }
}

#[test]
fn the_paper_notes_blank_is_read_as_paper_notes_and_its_sections_are_the_templates() {
    let test = Test::new();
    let dir = test.dir.path().join("blank");
    blanks(&dir);
    let lists = part(&dir.join("paper-notes.xlsx"), "xl/sharedStrings.xml");
    for section in [
        "Change Management",
        "Technical Support",
        "Security and Privacy",
        "Party Support",
        "CACoP",
        "Website",
    ] {
        assert!(lists.contains(section), "{section}");
    }
    // Put in a month's folder unfilled, it is recognised (its Cover and
    // Highlights sheets), and the draft's placeholders say it is empty.
    let folder = crate::fixtures::sample_month(&test, "2019-03");
    std::fs::remove_file(folder.join("paper-notes-2019-03.xlsx")).expect("remove notes");
    std::fs::copy(
        dir.join("paper-notes.xlsx"),
        folder.join("paper-notes.xlsx"),
    )
    .expect("copy");
    let run = test.build(&folder).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the paper notes workbook has nothing filled in"),
        "{}",
        run.stderr
    );
    let sources = test.csv("sources.csv");
    for kind in ["paper notes: cover", "paper notes: highlights"] {
        assert!(
            sources
                .iter()
                .any(|r| r[0] == "paper-notes.xlsx" && r[3] == kind),
            "{kind}: {sources:?}"
        );
    }
}

/// The month words the blanks could teach with.
const MONTH_WORDS: [&str; 24] = [
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
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
];

/// Every date, month and year a text mentions, as found: `04/10/2019`
/// (day first), `2019-10`, a month's name or its three letters, a year
/// from 1900 to 2099 (as in `HD-2019-0001`). Each is `(what, year,
/// month)`, the year or month `None` where the mention has none.
fn dated_mentions(text: &str) -> Vec<(String, Option<u32>, Option<u32>)> {
    let mut found = Vec::new();
    for token in text.split(|c: char| c.is_whitespace() || "(),;:\"".contains(c)) {
        let token = token.trim_end_matches(['.', '\'']);
        let parts: Vec<&str> = token.split(['/', '-']).collect();
        let numbers: Vec<Option<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
        match numbers.as_slice() {
            // Day first, a two- or four-digit year.
            [Some(_), Some(month), Some(year)] if token.contains('/') || parts[0].len() <= 2 => {
                let year = if *year < 100 { 2000 + year } else { *year };
                found.push((token.to_string(), Some(year), Some(*month)));
            }
            [Some(year), Some(month), ..] if parts[0].len() == 4 => {
                found.push((token.to_string(), Some(*year), Some(*month)));
            }
            _ => {
                for (part, number) in parts.iter().zip(&numbers) {
                    if let Some(year) =
                        number.filter(|y| part.len() == 4 && (1900..2100).contains(y))
                    {
                        found.push((token.to_string(), Some(year), None));
                    }
                }
            }
        }
    }
    for word in text.split(|c: char| !c.is_alphabetic()) {
        if let Some(i) = MONTH_WORDS.iter().position(|m| *m == word) {
            found.push((word.to_string(), None, Some(i as u32 % 12 + 1)));
        }
    }
    found
}

/// Every text and date cell of a sheet, with its place.
fn sheet_cells(path: &Path, sheet: &str) -> Vec<(String, String)> {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut workbook: Xlsx<_> = open_workbook(path).expect("open blank");
    let range = workbook.worksheet_range(sheet).expect("the sheet");
    let mut cells = Vec::new();
    for (row, col, value) in range.used_cells() {
        let place = format!("{} › {sheet} › R{}C{}", path.display(), row + 1, col + 1);
        match value {
            Data::String(text) => cells.push((place, text.clone())),
            Data::DateTime(date) => {
                // Excel's serial days, counted from 30 December 1899.
                let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("epoch");
                let day = epoch + chrono::Days::new(date.as_f64() as u64);
                cells.push((place, day.format("%d/%m/%Y").to_string()));
            }
            _ => {}
        }
    }
    cells
}

#[test]
fn blanks_made_for_october_2019_teach_only_october_2019_dates() {
    let test = Test::new();
    let dir = test.dir.path().join("2019-10");
    let run = Test::new()
        .args([
            "templates".as_ref(),
            dir.as_os_str(),
            "--month".as_ref(),
            "2019-10".as_ref(),
        ])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut mentions = 0;
    for blank in INPUT_BLANKS {
        // Its Instructions (examples, rules) and every data sheet's header
        // row; the weekly grid's Mondays are its weeks, not examples.
        let path = dir.join(blank);
        let mut cells = sheet_cells(&path, "Instructions");
        if blank != "weekly-timesheet.xlsx" {
            for (name, hidden) in sheets(&path) {
                if !hidden && name != "Instructions" {
                    cells.extend(sheet_cells(&path, &name));
                }
            }
        }
        for (place, text) in cells {
            for (what, year, month) in dated_mentions(&text) {
                mentions += 1;
                assert!(
                    year.is_none_or(|y| y == 2019) && month.is_none_or(|m| m == 10),
                    "{place}: {what:?} is not in October 2019, in {text:?}"
                );
            }
        }
    }
    // Dates in examples, the date rule and the month examples at least.
    assert!(mentions >= 20, "{mentions} dated mentions found");

    // The history blank is for September's paper: its instructions name
    // that paper and the October report, and its tables head the paper's
    // months, Sep 18 (Table 3) or Oct 18 (Tables 5, 6) to Sep 19.
    let history = dir.join("history-from-paper-2019-09.xlsx");
    for (place, text) in sheet_cells(&history, "Instructions") {
        for (what, year, month) in dated_mentions(&text) {
            assert!(
                year.is_none_or(|y| y == 2019) && month.is_none_or(|m| m == 9 || m == 10),
                "{place}: {what:?} in {text:?}"
            );
        }
    }
    let table5 = sheet_cells(&history, "Table 5 Helpdesk Emails");
    let headings: Vec<&str> = table5
        .iter()
        .filter(|(_, t)| t.len() == 6 && t.as_bytes()[3] == b' ')
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(headings.first(), Some(&"Oct 18"), "{headings:?}");
    assert_eq!(headings.last(), Some(&"Sep 19"), "{headings:?}");
}

#[test]
fn the_dated_mentions_check_sees_the_forms_the_blanks_use() {
    let found = |text: &str| dated_mentions(text);
    assert_eq!(
        found("A date, day first: 04/03/2019 is 4 March 2019."),
        vec![
            ("04/03/2019".to_string(), Some(2019), Some(3)),
            ("2019".to_string(), Some(2019), None),
            ("March".to_string(), None, Some(3)),
        ]
    );
    assert_eq!(
        found("Mar 2019 | 2019-03 | HD-2018-0001 | 4/3/19"),
        vec![
            ("2019".to_string(), Some(2019), None),
            ("2019-03".to_string(), Some(2019), Some(3)),
            ("HD-2018-0001".to_string(), Some(2018), None),
            ("4/3/19".to_string(), Some(2019), Some(3)),
            ("Mar".to_string(), None, Some(3)),
        ]
    );
    assert!(found("the oldest month may stay empty; 7.5 or 7:30").is_empty());
}

#[test]
fn the_recommended_timesheet_says_so_and_the_other_says_whom_it_suits() {
    let test = Test::new();
    let dir = test.dir.path().join("blanks");
    blanks(&dir);
    let weekly: String = sheet_cells(&dir.join("weekly-timesheet.xlsx"), "Instructions")
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        weekly.contains("This is the recommended timesheet: each person fills in a copy"),
        "{weekly}"
    );
    let list: String = sheet_cells(&dir.join("timesheet.xlsx"), "Instructions")
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        list.contains("It suits a team that keeps one list of everyone's time")
            && list.contains("weekly-timesheet.xlsx is the recommended timesheet"),
        "{list}"
    );
}
