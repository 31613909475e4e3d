//! What each blank input workbook holds, for one report month: its
//! sheets, a sheet per input kind with the kind's schema's blank columns
//! (the header spelt as the template's first spelling, what a cell holds,
//! the message it shows, an example dated in the month), the drop-downs'
//! lists, the words of its Instructions, and the weekly timesheet's grid.
//! `render` draws them.

use chrono::{Datelike, Days, NaiveDate};

use crate::inputs::Kind;
use crate::inputs::kinds::{self, INSTRUCTIONS_TITLE};
use crate::month::Month;
use crate::render::templates::{
    BlankColumn, BlankSheet, Block, Content, DropDown, InputBlank, Look, Message, WeekGrid,
};
use crate::report::Part;
use crate::report::membership::join_names;
use crate::report::tables::TABLES;
use crate::template::Template;
use crate::template::schema::{self, Example, Input, Names};

/// The timesheet blank to use: each person fills in a copy of their own, a
/// sheet per week. The long-layout `timesheet.xlsx` is for one list of the
/// whole team's time, kept by one person or pasted from a time tracker.
pub const RECOMMENDED_TIMESHEET: &str = "weekly-timesheet.xlsx";

/// The long-layout timesheet blank, and whom it suits.
pub const LIST_TIMESHEET: &str = "timesheet.xlsx";

/// One blank input workbook.
struct BlankFile {
    file: &'static str,
    /// What the folder calls the input it is for.
    input: &'static str,
    /// What it feeds in the report.
    feeds: Feeds,
    /// Its sheets: each one's name and the kind of input it holds.
    sheets: &'static [(&'static str, Kind)],
    /// The kinds it stands for: a folder that already has rows of one of
    /// them needs no blank.
    kinds: &'static [Kind],
}

/// What a blank feeds in the report: a part's tables, named by their
/// captions in the template (so a caption is written once), and what
/// else of the paper it gives; or only the paper's words.
enum Feeds {
    Part(Part, Option<&'static str>),
    Paper(&'static str),
}

impl Feeds {
    /// As the Instructions say it: `Table 6: SEC Website Statistics and
    /// Figure 2: SEC Website Usage`.
    fn text(&self, t: &Template) -> String {
        match *self {
            Feeds::Part(part, more) => {
                let mut named: Vec<&str> = TABLES
                    .iter()
                    .filter(|unit| unit.part == part)
                    .map(|unit| unit.titles(t).caption.as_str())
                    .collect();
                named.extend(more);
                join_names(&named)
            }
            Feeds::Paper(text) => text.to_string(),
        }
    }
}

const TIMESHEETS: &[Kind] = &[Kind::Timesheet, Kind::WeeklyTimesheet];

/// The blank input workbooks with a header row per sheet, in order.
const BLANK_FILES: [BlankFile; 6] = [
    BlankFile {
        file: LIST_TIMESHEET,
        input: "timesheets",
        feeds: Feeds::Part(Part::Effort, None),
        sheets: &[("Timesheet", Kind::Timesheet)],
        kinds: TIMESHEETS,
    },
    BlankFile {
        file: "helpdesk-log.xlsx",
        input: "helpdesk log",
        feeds: Feeds::Part(Part::Helpdesk, Some("the enquiry counts of section 5")),
        sheets: &[("Log", Kind::Helpdesk)],
        kinds: &[Kind::Helpdesk],
    },
    BlankFile {
        file: "website-statistics.xlsx",
        input: "website figures",
        feeds: Feeds::Part(Part::Website, None),
        sheets: &[("Monthly", Kind::WebsiteMonthly)],
        kinds: &[Kind::WebsiteMonthly, Kind::WebsiteDaily],
    },
    BlankFile {
        file: "membership-register.xlsx",
        input: "membership register",
        feeds: Feeds::Part(Part::Membership, Some("the figures of section 1")),
        sheets: &[
            ("Parties", Kind::Parties),
            ("Events of Default", Kind::EventsOfDefault),
            ("Applicants", Kind::Applicants),
            ("UEP completions", Kind::UepCompletions),
            ("Testing", Kind::Testing),
        ],
        kinds: &[
            Kind::Parties,
            Kind::EventsOfDefault,
            Kind::Applicants,
            Kind::UepCompletions,
            Kind::Testing,
        ],
    },
    BlankFile {
        file: "meetings-log.xlsx",
        input: "meetings log",
        feeds: Feeds::Part(Part::Meetings, None),
        sheets: &[("Meetings", Kind::Meetings)],
        kinds: &[Kind::Meetings],
    },
    BlankFile {
        file: "paper-notes.xlsx",
        input: "paper notes",
        feeds: Feeds::Paper("the Word draft of the paper: its cover, header and highlights"),
        sheets: &[("Cover", Kind::Cover), ("Highlights", Kind::Highlights)],
        kinds: &[Kind::Cover, Kind::Highlights],
    },
];

/// What the folder calls the input a blank is for, and the kinds it
/// holds: a folder that already has rows of one of them needs no blank.
pub fn blank_kinds(file: &str) -> Option<(&'static str, &'static [Kind])> {
    if file == RECOMMENDED_TIMESHEET {
        return Some(("timesheets", TIMESHEETS));
    }
    BLANK_FILES
        .iter()
        .find(|blank| blank.file == file)
        .map(|blank| (blank.input, blank.kinds))
}

/// Where another blank feeds the same table: whom this one suits.
fn suits(file: &str) -> Option<String> {
    (file == LIST_TIMESHEET).then(|| {
        format!(
            "It suits a team that keeps one list of everyone's time (one row per person, \
             day and driver), or pastes an export from a time-recording system. For people \
             who fill in their own time, {RECOMMENDED_TIMESHEET} is the recommended \
             timesheet: a copy for each person, a sheet per week."
        )
    })
}

/// The template's lists a blank's drop-downs offer, in the order of the
/// `Lists` sheet's columns. The staff list's contracts are not among them:
/// no blank has a staff list.
const LISTS: [Names; 10] = [
    Names::Drivers,
    Names::Categories,
    Names::Channels,
    Names::Mailboxes,
    Names::PartyCategories,
    Names::Roles,
    Names::ExitTypes,
    Names::Tests,
    Names::MeetingCategories,
    Names::HighlightSections,
];

/// A list's title, on the `Lists` sheet and the Instructions.
fn list_title(list: Names) -> &'static str {
    match list {
        Names::Drivers => "Drivers",
        Names::Categories => "Helpdesk categories",
        Names::Channels => "Channels",
        Names::Mailboxes => "Mailboxes",
        Names::PartyCategories => "Party categories",
        Names::Roles => "DCC User roles",
        Names::ExitTypes => "Exit types",
        Names::Tests => "Tests",
        Names::MeetingCategories => "Meeting categories",
        Names::HighlightSections => "Highlights sections",
        Names::Contracts => "Contracts",
    }
}

/// What a list's drop-down offers, for the Instructions sheet.
fn list_meaning(list: Names) -> &'static str {
    match list {
        Names::Drivers => {
            "The budget drivers of Table 4, Services first, then Projects; the \
             template's aliases of a driver are read too"
        }
        Names::Categories => "The enquiry categories of Table 5, in the paper's order",
        Names::Channels => "How an enquiry came in: an empty cell means email",
        Names::Mailboxes => {
            "The team's mailboxes; one that serves a single category fills an empty \
             Category"
        }
        Names::PartyCategories => "The party categories of Figure 1",
        Names::Roles => {
            "The DCC User roles; a completion with several roles lists them in one \
             cell, separated by commas (the drop-down then warns, and the cell is kept)"
        }
        Names::ExitTypes => "How a Party left the Code: Table 3 counts each type",
        Names::Tests => "The test completed: SREPT or UEPT",
        Names::MeetingCategories => {
            "Table 7's groups; another group may be typed (the drop-down asks once), \
             and a blank cell continues the group above"
        }
        Names::HighlightSections => {
            "The paper's highlights sections; Website is a comment placed in Section 6, \
             above Table 6"
        }
        Names::Contracts => "The staff list's contracts: Staff or Contractor",
    }
}

/// A list's names, from the template.
fn list_names(list: Names, t: &Template) -> Vec<String> {
    match list {
        Names::Drivers => t.driver_names.names.clone(),
        Names::Categories => t.categories.names.clone(),
        Names::Channels => t.channels.names.clone(),
        Names::Mailboxes => t.file.mailboxes.iter().map(|m| m.address.clone()).collect(),
        Names::PartyCategories => t.party_categories.names.clone(),
        Names::Roles => t.dcc_user_roles.names.clone(),
        Names::ExitTypes => t.exit_types.names.clone(),
        Names::Tests => t.test_types.names.clone(),
        Names::MeetingCategories => t.file.blanks.meeting_categories.clone(),
        Names::HighlightSections => t.highlight_sections.names.clone(),
        Names::Contracts => t.contracts.names.clone(),
    }
}

/// A list's column on the `Lists` sheet; `None` for one not on it.
fn list_position(list: Names) -> Option<usize> {
    LISTS.iter().position(|l| *l == list)
}

/// Every drop-down list, in the `Lists` sheet's order.
pub fn lists(t: &Template) -> Vec<DropDown> {
    LISTS
        .iter()
        .map(|&list| DropDown {
            title: list_title(list).to_string(),
            meaning: list_meaning(list).to_string(),
            names: list_names(list, t),
            // Names long enough to want a wide column.
            wide: matches!(
                list,
                Names::Drivers | Names::Categories | Names::PartyCategories
            ),
            // Another group may be typed: the drop-down asks once.
            open: list == Names::MeetingCategories,
        })
        .collect()
}

/// A day of the report month for the examples: the first weekday on or
/// after `day` (a booking or a meeting falls on a working day).
fn example_day(month: Month, day: u32) -> NaiveDate {
    let mut date = month
        .first_day()
        .checked_add_days(Days::new(u64::from(day.saturating_sub(1))))
        .filter(|d| month.contains(*d))
        .unwrap_or_else(|| month.first_day());
    while date.weekday().number_from_monday() > 5 && month.contains(date + Days::new(1)) {
        date = date + Days::new(1);
    }
    date
}

/// An example date in the report month, as the blanks teach it.
fn example_date(month: Month, day: u32) -> String {
    day_first(example_day(month, day))
}

/// A month as a month cell shows it: Oct 2019.
fn month_cell(month: Month) -> String {
    format!("{} {}", &month.name()[..3], month.year())
}

/// A date as the blanks teach it: day first.
fn day_first(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// "A date, day first: 04/10/2019 is 4 October 2019."
fn date_rule(month: Month) -> String {
    let day = example_day(month, 4);
    format!(
        "A date, day first: {} is {}.",
        day_first(day),
        day.format("%-d %B %Y")
    )
}

/// How a blank draws what a column of the schema holds. Dates typed as a
/// list are text; a list not on the `Lists` sheet has no drop-down.
fn content(holds: schema::Content) -> Content {
    use schema::Content as Holds;
    let on_sheet = |list: Names| list_position(list);
    match holds {
        Holds::Text | Holds::Dates => Content::Text,
        Holds::Date => Content::Date,
        Holds::Month => Content::Month,
        Holds::Hours | Holds::Days | Holds::Money => Content::Number,
        Holds::Count => Content::Count,
        Holds::Pick(list) => on_sheet(list).map_or(Content::Text, Content::Pick),
        Holds::PickMany(list) => on_sheet(list).map_or(Content::Text, Content::PickMany),
    }
}

/// The list a column picks from, if any.
fn picks(holds: schema::Content) -> Option<Names> {
    match holds {
        schema::Content::Pick(list) | schema::Content::PickMany(list) => Some(list),
        _ => None,
    }
}

/// A column's example as typed on the Instructions sheet, in `month`.
fn example(column: &schema::Column, month: Month, t: &Template) -> String {
    match column.example {
        Example::Empty => String::new(),
        Example::Text(text) => text.replace("{year}", &month.year().to_string()),
        Example::Day(day) => example_date(month, day),
        Example::Month => month_cell(month),
        Example::First => picks(column.content)
            .and_then(|list| list_names(list, t).into_iter().next())
            .unwrap_or_default(),
    }
}

/// A column's message: its line of the schema with the example, the
/// example date in words and the report month in place.
fn message(column: &schema::Column, example: &str, month: Month) -> String {
    let long = match column.example {
        Example::Day(day) => example_day(month, day).format("%-d %B %Y").to_string(),
        _ => String::new(),
    };
    column
        .what
        .replace("{example_long}", &long)
        .replace("{example}", example)
        .replace("{month}", &month.to_string())
}

/// A blank sheet of one input kind: its schema's blank columns, each
/// headed by the template's first spelling.
fn blank_sheet(name: &str, input: &Input, t: &Template, month: Month) -> BlankSheet {
    let columns = input
        .blank_columns()
        .into_iter()
        .map(|column| {
            let example = example(column, month, t);
            BlankColumn {
                header: t
                    .synonyms(input, column.role)
                    .first()
                    .cloned()
                    .unwrap_or_default(),
                content: content(column.content),
                message: message(column, &example, month),
                example,
            }
        })
        .collect();
    BlankSheet {
        name: name.to_string(),
        row_is: input.row.to_string(),
        columns,
    }
}

/// The blank workbooks of the long layouts, their examples in `month`.
pub fn inputs(t: &Template, month: Month) -> Vec<InputBlank> {
    BLANK_FILES
        .iter()
        .map(|blank| {
            let sheets = blank
                .sheets
                .iter()
                .filter_map(|(name, kind)| Some(blank_sheet(name, kinds::schema(*kind)?, t, month)))
                .collect();
            input_blank(blank, sheets, t, month)
        })
        .collect()
}

/// A blank with the words of its Instructions.
fn input_blank(
    blank: &BlankFile,
    sheets: Vec<BlankSheet>,
    t: &Template,
    month: Month,
) -> InputBlank {
    let mut intro = vec![format!(
        "This workbook is for the Operations Report for {}. It feeds {}. Put it, filled in, in \
         the month's folder with the other workbooks and run opsreport on the folder. This \
         sheet and the hidden Lists sheet are not read.",
        month.long_label(),
        blank.feeds.text(t)
    )];
    intro.extend(suits(blank.file));
    InputBlank {
        file: blank.file.to_string(),
        instructions_title: INSTRUCTIONS_TITLE.to_string(),
        intro,
        sheets,
        lists_note:
            "The names come from the report's template (templates/operations-report.toml). \
             The hidden Lists sheet feeds them: right-click a sheet tab and choose Unhide to \
             see it."
                .to_string(),
        rules: vec![
            "Keep the header row: opsreport finds each column by its header, in any order, even \
             under title rows. Other spellings of a header are listed in the template."
                .to_string(),
            "Add rows below the header. Empty rows, and rows labelled Total, are skipped."
                .to_string(),
            date_rule(month),
            UNREADABLE_RULE.to_string(),
        ],
    }
}

const UNREADABLE_RULE: &str = "A cell opsreport cannot read is named with its file, sheet and \
     cell, and nothing is written until it is put right.";

/// The Mondays of the weeks that have a day of the month among the grid's
/// weekdays: the weekly timesheet's sheets.
fn weeks(month: Month, weekdays: usize) -> Vec<NaiveDate> {
    let first = month.first_day();
    let mut monday = first - Days::new(u64::from(first.weekday().num_days_from_monday()));
    let mut mondays = Vec::new();
    while monday <= month.last_day() {
        let touches = (0..weekdays as u64).any(|d| month.contains(monday + Days::new(d)));
        if touches {
            mondays.push(monday);
        }
        monday = monday + Days::new(7);
    }
    mondays
}

fn first(names: &[String]) -> String {
    names.first().cloned().unwrap_or_default()
}

/// One person's month, a sheet per week: a marked Name cell, the week's
/// Monday, then the drivers × weekdays with a Total column. Days outside
/// the month are shaded: they count in the neighbouring month's report.
pub fn week_grid(t: &Template, month: Month) -> WeekGrid {
    let g = &t.file.headers.weekly_grid;
    let staff = first(&g.staff_label);
    let mondays = weeks(month, g.weekdays.len());
    WeekGrid {
        file: RECOMMENDED_TIMESHEET.to_string(),
        month,
        name_label: format!("{staff}:"),
        name_message: Message {
            title: format!("Your {}", staff.to_lowercase()),
            text: "Type your name here, spelt as on every other week and file.".to_string(),
        },
        week_label: first(&g.week_label),
        row_heading: first(&g.driver),
        day_headings: g.weekdays.iter().map(|names| first(names)).collect(),
        // Drivers is on the Lists sheet, first.
        rows: list_position(Names::Drivers).unwrap_or_default(),
        hours_message: Message {
            title: "Hours".to_string(),
            text: "Hours on this driver this day: 7.5, or leave it empty. A shaded day belongs \
                   to the month before or after."
                .to_string(),
        },
        hours_error: "Type the hours as a number from 0 to 24, such as 7.5.".to_string(),
        instructions_title: INSTRUCTIONS_TITLE.to_string(),
        instructions: week_instructions(t, month, mondays.len()),
        mondays,
    }
}

/// The weekly timesheet's Instructions: whose it is, what each part of a
/// week's sheet is, an example row and the drivers' drop-down.
fn week_instructions(t: &Template, month: Month, weeks: usize) -> Vec<Block> {
    let g = &t.file.headers.weekly_grid;
    let paragraph = |text: &str| Block::Paragraph(text.to_string());
    let heading = |text: &str| Block::Heading(text.to_string());
    let term = |name: &str, text: &str| Block::Term(name.to_string(), text.to_string());
    let mut headers = vec![first(&g.driver)];
    headers.extend(g.weekdays.iter().map(|names| first(names)));
    let mut example = vec![
        first(&t.driver_names.names),
        "7.5".to_string(),
        "3:30".to_string(),
    ];
    example.truncate(headers.len());
    vec![
        Block::Paragraph(format!(
            "One person's timesheet for {m}, one sheet per week that has a weekday in {m} ({weeks} \
             sheets, each named for its Monday). It feeds {}. This is the recommended timesheet: \
             each person fills in a copy of their own, named for them ({}). Put the copies, \
             filled in, in the month's folder and run opsreport on the folder. This sheet and the \
             hidden Lists sheet are not read.",
            Feeds::Part(Part::Effort, None).text(t),
            RECOMMENDED_TIMESHEET.replace(".xlsx", "-ann-lee.xlsx"),
            m = month.long_label(),
        )),
        Block::Paragraph(format!(
            "For one list of the whole team's time (one row per person, day and driver), or an \
             export pasted from a time-recording system, use {LIST_TIMESHEET} instead."
        )),
        heading("On each week's sheet"),
        term(
            &format!("{}:", first(&g.staff_label)),
            "The yellow cell: type your name, the same on every sheet and in every file.",
        ),
        term(
            &first(&g.week_label),
            "The Monday of the week, filled in already.",
        ),
        term(
            &first(&g.driver),
            "The report's drivers, one a row. Type the hours each day under the weekday: 7.5 \
             or 7:30. An empty cell is no time.",
        ),
        term(
            "Shaded days",
            "Days of the week outside the month: they count in that month's report, so book \
             them there (or here: opsreport files each day under its own month).",
        ),
        term(
            "Total",
            "Adds up the row. It is not read: opsreport adds the hours itself.",
        ),
        heading("An example row, as it looks on a week's sheet:"),
        Block::Cells(headers, Look::Header),
        Block::Cells(example, Look::Example),
        heading("The drop-downs"),
        term(
            list_title(Names::Drivers),
            &format!("{}.", list_meaning(Names::Drivers)),
        ),
        heading("Rules"),
        paragraph(
            "Keep the labels and the header row as they are; a missing week can be added by \
             copying a sheet and changing its Monday.",
        ),
        paragraph(UNREADABLE_RULE),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blank_file(file: &str) -> &'static BlankFile {
        BLANK_FILES
            .iter()
            .find(|b| b.file == file)
            .expect("a blank file")
    }

    fn month(text: &str) -> Month {
        Month::parse_iso(text).expect("a month")
    }

    #[test]
    fn an_example_day_is_a_weekday_of_the_month() {
        // 4 October 2019 is a Friday; 4 May 2019 a Saturday, so Monday 6th.
        assert_eq!(day_first(example_day(month("2019-10"), 4)), "04/10/2019");
        assert_eq!(day_first(example_day(month("2019-05"), 4)), "06/05/2019");
        // 30 and 31 in February fall back inside the month.
        let february = month("2019-02");
        assert!(february.contains(example_day(february, 31)));
        assert_eq!(
            date_rule(month("2019-10")),
            "A date, day first: 04/10/2019 is 4 October 2019."
        );
        assert_eq!(month_cell(month("2019-10")), "Oct 2019");
    }

    #[test]
    fn a_blank_column_is_its_schema_column_with_the_templates_first_spelling() {
        let t = Template::load(None).expect("the built-in template");
        let blanks = inputs(&t, month("2019-10"));
        let log = &blanks[1];
        assert_eq!(log.file, "helpdesk-log.xlsx");
        let input = kinds::schema(Kind::Helpdesk).expect("the helpdesk schema");
        let headers: Vec<&str> = log.sheets[0]
            .columns
            .iter()
            .map(|c| c.header.as_str())
            .collect();
        let first: Vec<&str> = input
            .blank_columns()
            .iter()
            .map(|c| t.synonyms(input, c.role)[0].as_str())
            .collect();
        assert_eq!(headers, first);
        let received = &log.sheets[0].columns[1];
        assert_eq!(received.content, Content::Date);
        assert_eq!(received.example, "04/10/2019");
        assert_eq!(
            received.message,
            "The date it arrived, day first (04/10/2019)."
        );
        let channel = &log.sheets[0].columns[2];
        assert_eq!(channel.content, Content::Pick(2));
        assert_eq!(Some(&channel.example), t.channels.names.first());
        assert_eq!(log.sheets[0].columns[0].example, "HD-2019-0001");
    }

    #[test]
    fn every_blank_column_is_drawn_as_its_schema_says_with_no_placeholder_left() {
        let t = Template::load(None).expect("the built-in template");
        for blank in inputs(&t, month("2019-03")) {
            let declared = blank_file(&blank.file).sheets;
            assert_eq!(blank.sheets.len(), declared.len(), "{}", blank.file);
            for (sheet, (_, kind)) in blank.sheets.iter().zip(declared) {
                let input = kinds::schema(*kind).expect("a schema");
                assert_eq!(sheet.columns.len(), input.blank_columns().len());
                for (column, declared) in sheet.columns.iter().zip(input.blank_columns()) {
                    let at = format!("{} › {} › {}", blank.file, sheet.name, column.header);
                    assert!(!column.header.is_empty(), "{at}: no spelling");
                    assert!(!column.message.contains('{'), "{at}: {}", column.message);
                    assert!(!column.example.contains('{'), "{at}: {}", column.example);
                    // A list a blank picks from is on the Lists sheet.
                    if let Some(list) = picks(declared.content) {
                        assert!(list_position(list).is_some(), "{at}: {list:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn every_blank_names_the_kinds_it_stands_for() {
        let t = Template::load(None).expect("the built-in template");
        for blank in inputs(&t, month("2019-03")) {
            let (_, kinds) = blank_kinds(&blank.file).expect("a blank's kinds");
            let sheets = blank_file(&blank.file).sheets;
            assert!(
                sheets.iter().all(|(_, kind)| kinds.contains(kind)),
                "{}",
                blank.file
            );
        }
        assert!(blank_kinds(RECOMMENDED_TIMESHEET).is_some());
    }
}

#[cfg(test)]
mod feeds_tests {
    use super::*;
    use crate::template::BUILTIN;

    /// The intro of the blank written to `file`.
    fn intro(t: &Template, file: &str) -> String {
        let month = Month::new(2019, 10).expect("a month");
        let blank = inputs(t, month).into_iter().find(|b| b.file == file);
        blank.expect("the blank").intro.join(" ")
    }

    #[test]
    fn a_blank_names_its_tables_by_the_templates_captions() {
        let edited = BUILTIN.replace(
            "caption = \"Table 5: SECAS Helpdesk Emails\"",
            "caption = \"Table 5: Helpdesk mail\"",
        );
        let t = Template::parse(&edited).expect("the edited template");
        let text = intro(&t, "helpdesk-log.xlsx");
        assert!(
            text.contains("It feeds Table 5: Helpdesk mail and the enquiry counts of section 5."),
            "{text}"
        );
        let builtin = Template::load(None).expect("the built-in template");
        let text = intro(&builtin, "website-statistics.xlsx");
        assert!(
            text.contains(
                "It feeds Table 6: SEC Website Statistics and Figure 2: SEC Website Usage."
            ),
            "{text}"
        );
    }
}
