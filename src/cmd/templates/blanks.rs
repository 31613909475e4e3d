//! What each blank input workbook holds, from the template and the input
//! kinds, for one report month: its sheets and columns (the header spelt
//! as the template's first synonym, what a cell holds, the message it
//! shows, an example dated in the month), the drop-downs' lists, the
//! words of its Instructions, and the weekly timesheet's grid. `render`
//! draws them.

use chrono::{Datelike, Days, NaiveDate};

use crate::inputs::Kind;
use crate::inputs::kinds::INSTRUCTIONS_TITLE;
use crate::month::Month;
use crate::render::templates::{
    BlankColumn, BlankSheet, Block, Content, DropDown, InputBlank, Look, Message, WeekGrid,
};
use crate::template::Template;

/// The timesheet blank to use: each person fills in a copy of their own, a
/// sheet per week. The long-layout `timesheet.xlsx` is for one list of the
/// whole team's time, kept by one person or pasted from a time tracker.
pub const RECOMMENDED_TIMESHEET: &str = "weekly-timesheet.xlsx";

/// The long-layout timesheet blank, and whom it suits.
pub const LIST_TIMESHEET: &str = "timesheet.xlsx";

/// What the folder calls the input a blank is for, and the kinds it
/// holds: a folder that already has rows of one of them needs no blank.
pub fn blank_kinds(file: &str) -> Option<(&'static str, &'static [Kind])> {
    Some(match file {
        LIST_TIMESHEET | RECOMMENDED_TIMESHEET => {
            ("timesheets", &[Kind::Timesheet, Kind::WeeklyTimesheet])
        }
        "helpdesk-log.xlsx" => ("helpdesk log", &[Kind::Helpdesk]),
        "website-statistics.xlsx" => (
            "website figures",
            &[Kind::WebsiteMonthly, Kind::WebsiteDaily],
        ),
        "membership-register.xlsx" => (
            "membership register",
            &[
                Kind::Parties,
                Kind::EventsOfDefault,
                Kind::Applicants,
                Kind::UepCompletions,
                Kind::Testing,
            ],
        ),
        "meetings-log.xlsx" => ("meetings log", &[Kind::Meetings]),
        "paper-notes.xlsx" => ("paper notes", &[Kind::Cover, Kind::Highlights]),
        _ => return None,
    })
}

/// The drop-down lists, in the order of the `Lists` sheet's columns.
#[derive(Clone, Copy, PartialEq, Eq)]
enum List {
    Drivers,
    Categories,
    Channels,
    Mailboxes,
    PartyCategories,
    Roles,
    ExitTypes,
    Tests,
    MeetingCategories,
    HighlightSections,
}

const LISTS: [List; 10] = [
    List::Drivers,
    List::Categories,
    List::Channels,
    List::Mailboxes,
    List::PartyCategories,
    List::Roles,
    List::ExitTypes,
    List::Tests,
    List::MeetingCategories,
    List::HighlightSections,
];

impl List {
    fn title(self) -> &'static str {
        match self {
            List::Drivers => "Drivers",
            List::Categories => "Helpdesk categories",
            List::Channels => "Channels",
            List::Mailboxes => "Mailboxes",
            List::PartyCategories => "Party categories",
            List::Roles => "DCC User roles",
            List::ExitTypes => "Exit types",
            List::Tests => "Tests",
            List::MeetingCategories => "Meeting categories",
            List::HighlightSections => "Highlights sections",
        }
    }

    /// What the drop-down offers, for the Instructions sheet.
    fn meaning(self) -> &'static str {
        match self {
            List::Drivers => {
                "The budget drivers of Table 4, Services first, then Projects; the \
                 template's aliases of a driver are read too"
            }
            List::Categories => "The enquiry categories of Table 5, in the paper's order",
            List::Channels => "How an enquiry came in: an empty cell means email",
            List::Mailboxes => {
                "The team's mailboxes; one that serves a single category fills an empty \
                 Category"
            }
            List::PartyCategories => "The party categories of Figure 1",
            List::Roles => {
                "The DCC User roles; a completion with several roles lists them in one \
                 cell, separated by commas (the drop-down then warns, and the cell is kept)"
            }
            List::ExitTypes => "How a Party left the Code: Table 3 counts each type",
            List::Tests => "The test completed: SREPT or UEPT",
            List::MeetingCategories => {
                "Table 7's groups; another group may be typed (the drop-down asks once), \
                 and a blank cell continues the group above"
            }
            List::HighlightSections => {
                "The paper's highlights sections; Website is a comment placed in Section 6, \
                 above Table 6"
            }
        }
    }

    fn names(self, t: &Template) -> Vec<String> {
        match self {
            List::Drivers => t.driver_names.names.clone(),
            List::Categories => t.categories.names.clone(),
            List::Channels => t.channels.names.clone(),
            List::Mailboxes => t.file.mailboxes.iter().map(|m| m.address.clone()).collect(),
            List::PartyCategories => t.party_categories.names.clone(),
            List::Roles => t.dcc_user_roles.names.clone(),
            List::ExitTypes => t.exit_types.names.clone(),
            List::Tests => t.test_types.names.clone(),
            List::MeetingCategories => t.file.blanks.meeting_categories.clone(),
            List::HighlightSections => t.highlight_sections.names.clone(),
        }
    }

    /// Its column on the `Lists` sheet.
    fn position(self) -> usize {
        LISTS.iter().position(|l| *l == self).unwrap_or(0)
    }

    fn pick(self) -> Content {
        Content::Pick(self.position())
    }

    fn pick_many(self) -> Content {
        Content::PickMany(self.position())
    }

    fn drop_down(self, t: &Template) -> DropDown {
        DropDown {
            title: self.title().to_string(),
            meaning: self.meaning().to_string(),
            names: self.names(t),
            // Names long enough to want a wide column.
            wide: matches!(
                self,
                List::Drivers | List::Categories | List::PartyCategories
            ),
            // Another group may be typed: the drop-down asks once.
            open: self == List::MeetingCategories,
        }
    }
}

/// Every drop-down list, in the `Lists` sheet's order.
pub fn lists(t: &Template) -> Vec<DropDown> {
    LISTS.iter().map(|list| list.drop_down(t)).collect()
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

/// An example that is the drop-down's first name.
const FIRST: &str = "(first)";

/// One column: its header (the template's first spelling), what it
/// holds, what goes in it and an example (`FIRST`: the drop-down's first
/// name; empty: an empty cell). Every date and month in an example is in
/// the month the blanks are for.
fn col(
    synonyms: &[String],
    content: Content,
    message: impl Into<String>,
    example: impl Into<String>,
) -> BlankColumn {
    BlankColumn {
        header: synonyms.first().cloned().unwrap_or_default(),
        content,
        message: message.into(),
        example: example.into(),
    }
}

fn sheet(name: &str, row_is: &str, columns: Vec<BlankColumn>) -> BlankSheet {
    BlankSheet {
        name: name.to_string(),
        row_is: row_is.to_string(),
        columns,
    }
}

/// A blank workbook: its file, what it feeds, whom it suits where another
/// blank feeds the same table, and its sheets.
struct Blank {
    file: &'static str,
    feeds: &'static str,
    suits: Option<String>,
    sheets: Vec<BlankSheet>,
}

/// The blank workbooks of the long layouts, their examples in `month`.
pub fn inputs(t: &Template, month: Month) -> Vec<InputBlank> {
    let lists = lists(t);
    let blank = |file, feeds, sheets| Blank {
        file,
        feeds,
        suits: None,
        sheets,
    };
    let timesheet = Blank {
        suits: Some(format!(
            "It suits a team that keeps one list of everyone's time (one row per person, \
             day and driver), or pastes an export from a time-recording system. For people \
             who fill in their own time, {RECOMMENDED_TIMESHEET} is the recommended \
             timesheet: a copy for each person, a sheet per week."
        )),
        ..blank(
            LIST_TIMESHEET,
            "Table 4, Division of Effort by Driver (days worked)",
            vec![timesheet_sheet(t, month)],
        )
    };
    let membership = [
        parties_sheet,
        events_of_default_sheet,
        applicants_sheet,
        uep_completions_sheet,
        testing_sheet,
    ];
    let blanks = [
        timesheet,
        blank(
            "helpdesk-log.xlsx",
            "Table 5, SECAS Helpdesk Emails, and the enquiry counts of section 5",
            vec![helpdesk_sheet(t, month)],
        ),
        blank(
            "website-statistics.xlsx",
            "Table 6, SEC Website Statistics, and Figure 2",
            vec![website_monthly_sheet(t, month)],
        ),
        blank(
            "membership-register.xlsx",
            "Tables 1, 2 and 3, Figure 1 and the figures of section 1",
            membership.iter().map(|sheet| sheet(t, month)).collect(),
        ),
        blank(
            "meetings-log.xlsx",
            "Table 7, Meetings hosted and attended by SECAS",
            vec![meetings_sheet(t, month)],
        ),
        blank(
            "paper-notes.xlsx",
            "the Word draft of the paper: its cover, header and highlights",
            vec![cover_sheet(t, month), highlights_sheet(t, month)],
        ),
    ];
    blanks
        .into_iter()
        .map(|blank| input_blank(blank, month, &lists))
        .collect()
}

/// A blank with the words of its Instructions, each `FIRST` example
/// replaced by its drop-down's first name.
fn input_blank(blank: Blank, month: Month, lists: &[DropDown]) -> InputBlank {
    let mut sheets = blank.sheets;
    for column in sheets.iter_mut().flat_map(|s| s.columns.iter_mut()) {
        if let (Content::Pick(list) | Content::PickMany(list), FIRST) =
            (column.content, column.example.as_str())
        {
            column.example = lists
                .get(list)
                .and_then(|l| l.names.first())
                .cloned()
                .unwrap_or_default();
        }
    }
    let mut intro = vec![format!(
        "This workbook feeds {} of the Operations Report for {}. Put it, filled in, in the \
         month's folder with the other workbooks and run opsreport on the folder. This sheet \
         and the hidden Lists sheet are not read.",
        blank.feeds,
        month.long_label()
    )];
    intro.extend(blank.suits);
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

fn timesheet_sheet(t: &Template, month: Month) -> BlankSheet {
    let h = &t.file.headers;
    let day = |d| example_date(month, d);
    sheet(
        "Timesheet",
        "one person's time on one driver on one day",
        vec![
            col(&h.timesheet.date, Content::Date, date_rule(month), day(4)),
            col(
                &h.timesheet.staff,
                Content::Text,
                "The person, spelt the same way in every file.",
                "Ann Lee",
            ),
            col(
                &h.timesheet.driver,
                List::Drivers.pick(),
                "The budget driver the time is booked to: pick it from the drop-down.",
                FIRST,
            ),
            col(
                &h.timesheet.hours,
                Content::Hours,
                "Hours worked: a number (7.5) or a duration (7:30).",
                "7.5",
            ),
            col(
                &h.timesheet.activity,
                Content::Text,
                "Optional: what was done. Kept in the audit detail only.",
                "Release checks",
            ),
        ],
    )
}

fn helpdesk_sheet(t: &Template, month: Month) -> BlankSheet {
    let h = &t.file.headers;
    let day = |d| example_date(month, d);
    sheet(
        "Log",
        "one enquiry",
        vec![
            col(
                &h.helpdesk.reference,
                Content::Text,
                "Optional: the enquiry's reference.",
                format!("HD-{}-0001", month.year()),
            ),
            col(
                &h.helpdesk.received,
                Content::Date,
                format!("The date it arrived, day first ({}).", day(4)),
                day(4),
            ),
            col(
                &h.helpdesk.channel,
                List::Channels.pick(),
                "How it came in. Empty means email.",
                FIRST,
            ),
            col(
                &h.helpdesk.mailbox,
                List::Mailboxes.pick(),
                "Optional: the mailbox it came to. A mailbox of one category fills an \
             empty Category.",
                FIRST,
            ),
            col(
                &h.helpdesk.category,
                List::Categories.pick(),
                "The enquiry's category, as Table 5 lists them.",
                "Modifications",
            ),
            col(
                &h.helpdesk.subject,
                Content::Text,
                "Optional: the subject. Kept for the audit only.",
                "Change of contacts",
            ),
        ],
    )
}

fn website_monthly_sheet(t: &Template, month: Month) -> BlankSheet {
    let h = &t.file.headers;
    sheet(
        "Monthly",
        "one month's figures from the analytics tool",
        vec![
            col(
                &h.website_monthly.month,
                Content::Month,
                format!(
                    "The month: {} or {month}. One row per month.",
                    month_cell(month)
                ),
                month_cell(month),
            ),
            col(
                &h.website_monthly.visits,
                Content::Count,
                "Visits (sessions) in the month, a whole number.",
                "8883",
            ),
            col(
                &h.website_monthly.page_views,
                Content::Count,
                "Page views in the month, a whole number.",
                "47841",
            ),
        ],
    )
}

fn parties_sheet(t: &Template, month: Month) -> BlankSheet {
    let h = &t.file.headers;
    let day = |d| example_date(month, d);
    sheet(
        "Parties",
        "one Party to the Code, kept after it leaves",
        vec![
            col(
                &h.parties.party,
                Content::Text,
                "The Party's name.",
                "Alpha Energy Ltd",
            ),
            col(
                &h.parties.category,
                List::PartyCategories.pick(),
                "Its party category.",
                FIRST,
            ),
            col(
                &h.parties.voting_group,
                Content::Text,
                "Empty when the Party is its own Voting Group; else the group's name.",
                "",
            ),
            col(
                &h.parties.accession_date,
                Content::Date,
                "The date it acceded to the Code, day first.",
                day(4),
            ),
            col(
                &h.parties.exit_date,
                Content::Date,
                "Empty while it is a Party; else the date it left.",
                "",
            ),
            col(
                &h.parties.exit_type,
                List::ExitTypes.pick(),
                "How it left (with the Exit Date).",
                "",
            ),
            col(
                &h.parties.exit_reason,
                Content::Text,
                "For an expulsion: the reason, as Table 3's footnote should word it.",
                "",
            ),
        ],
    )
}

fn events_of_default_sheet(t: &Template, month: Month) -> BlankSheet {
    let h = &t.file.headers;
    let day = |d| example_date(month, d);
    sheet(
        "Events of Default",
        "one event of default",
        vec![
            col(
                &h.events_of_default.party,
                Content::Text,
                "The Party in default, named as on the Parties sheet.",
                "Alpha Energy Ltd",
            ),
            col(
                &h.events_of_default.default_date,
                Content::Date,
                "The date of the default, day first.",
                day(5),
            ),
            col(
                &h.events_of_default.resolved_date,
                Content::Date,
                "Empty while it is open; else the date it was resolved.",
                "",
            ),
        ],
    )
}

fn applicants_sheet(t: &Template, month: Month) -> BlankSheet {
    let h = &t.file.headers;
    let day = |d| example_date(month, d);
    sheet(
        "Applicants",
        "one applicant going to the SECCo Board (Table 1)",
        vec![
            col(
                &h.applicants.organisation,
                Content::Text,
                "The applicant's name.",
                "Beta Ltd",
            ),
            col(
                &h.applicants.category,
                List::PartyCategories.pick(),
                "The party category it applies for.",
                FIRST,
            ),
            col(
                &h.applicants.board_date,
                Content::Date,
                "The SECCo Board meeting that admits it, day first.",
                day(15),
            ),
        ],
    )
}

fn uep_completions_sheet(t: &Template, month: Month) -> BlankSheet {
    let h = &t.file.headers;
    let day = |d| example_date(month, d);
    sheet(
        "UEP completions",
        "one completion of User Entry Processes (Table 2)",
        vec![
            col(
                &h.uep_completions.party,
                Content::Text,
                "The Party that completed UEP.",
                "Alpha Energy Ltd",
            ),
            col(
                &h.uep_completions.category,
                List::PartyCategories.pick(),
                "Its party category.",
                FIRST,
            ),
            col(
                &h.uep_completions.roles,
                List::Roles.pick_many(),
                "Its DCC User role, or several separated by commas.",
                FIRST,
            ),
            col(
                &h.uep_completions.completion_date,
                Content::Date,
                "The date UEP was completed, day first.",
                day(20),
            ),
            col(
                &h.uep_completions.uep_type,
                Content::Text,
                "Optional: the kind of UEP.",
                "Full UEP",
            ),
        ],
    )
}

fn testing_sheet(t: &Template, month: Month) -> BlankSheet {
    let h = &t.file.headers;
    let day = |d| example_date(month, d);
    sheet(
        "Testing",
        "one SREPT or UEPT completion (section 1's counts)",
        vec![
            col(
                &h.testing.party,
                Content::Text,
                "The Party tested.",
                "Alpha Energy Ltd",
            ),
            col(
                &h.testing.test,
                List::Tests.pick(),
                "The test completed.",
                FIRST,
            ),
            col(
                &h.testing.completion_date,
                Content::Date,
                "The date it was completed, day first.",
                day(21),
            ),
            col(
                &h.testing.role,
                List::Roles.pick(),
                "Optional: the DCC User role tested.",
                FIRST,
            ),
        ],
    )
}

fn meetings_sheet(t: &Template, month: Month) -> BlankSheet {
    let h = &t.file.headers;
    let day = |d| example_date(month, d);
    sheet(
        "Meetings",
        "one meeting (or one series of meetings in the month)",
        vec![
            col(
                &h.meetings.category,
                List::MeetingCategories.pick(),
                "Table 7's group. Fill it on a group's first meeting; an empty cell \
             below continues it.",
                FIRST,
            ),
            col(
                &h.meetings.meeting,
                Content::Text,
                "The meeting, as Table 7 names it.",
                "SEC Panel",
            ),
            col(
                &h.meetings.dates,
                Content::Text,
                "Its date, or several separated by commas, day first.",
                day(15),
            ),
            col(
                &h.meetings.summary,
                Content::Text,
                "What Table 7 should say of it.",
                "The Panel's regular monthly meeting.",
            ),
            col(
                &h.meetings.report_month,
                Content::Month,
                "Optional: the report it belongs to, when not the month of its first date.",
                "",
            ),
            col(
                &h.meetings.link,
                Content::Text,
                "Optional: the address of each meeting headlines line the summary ends \
             with, one a line (https://…); each links one of those lines in the paper.",
                "",
            ),
        ],
    )
}

fn cover_sheet(t: &Template, _month: Month) -> BlankSheet {
    sheet(
        "Cover",
        "the paper's details on the first row; one attachment a row",
        vec![
            col(
                &t.cover_headers.reference,
                Content::Text,
                "The paper's reference as the Panel numbers it, on the first row: \
             its meeting's number and date in place of NN_DDMM_YY.",
                "SECP_NN_DDMM_YY",
            ),
            col(
                &t.cover_headers.author,
                Content::Text,
                "Who writes the paper, on the first row.",
                "Holly Burton",
            ),
            col(
                &t.cover_headers.team,
                Content::Text,
                "Optional: the author's team.",
                "SECAS Team",
            ),
            col(
                &t.cover_headers.date,
                Content::Date,
                "Optional: the paper's date, day first (the day it is sent, \
             usually early in the month after the report's).",
                "",
            ),
            col(
                &t.cover_headers.attachment,
                Content::Text,
                "One attachment a row, as the cover lists it.",
                "Appendix A – Testing Update SREPT (AMBER)",
            ),
        ],
    )
}

fn highlights_sheet(t: &Template, _month: Month) -> BlankSheet {
    sheet(
        "Highlights",
        "one highlight: a bullet, a bullet under it, or a paragraph",
        vec![
            col(
                &t.highlights_headers.section,
                List::HighlightSections.pick(),
                "The section it goes under: pick it from the drop-down.",
                FIRST,
            ),
            col(
                &t.highlights_headers.level,
                Content::Count,
                "1 a bullet (the default), 2 a bullet under the one above, 0 a \
             paragraph without a bullet.",
                "1",
            ),
            col(
                &t.highlights_headers.text,
                Content::Text,
                "The highlight, as the paper should say it.",
                "Six new versions of the Central Products List were published.",
            ),
        ],
    )
}

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
        rows: List::Drivers.position(),
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
             sheets, each named for its Monday). It feeds Table 4, Division of Effort by Driver. \
             This is the recommended timesheet: each person fills in a copy of their own, named \
             for them ({}). Put the copies, filled in, in the month's folder and run opsreport on \
             the folder. This sheet and the hidden Lists sheet are not read.",
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
            List::Drivers.title(),
            &format!("{}.", List::Drivers.meaning()),
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
    fn a_first_example_is_the_first_name_of_its_drop_down() {
        let t = Template::load(None).expect("the built-in template");
        let blanks = inputs(&t, month("2019-03"));
        let examples: Vec<&str> = blanks
            .iter()
            .flat_map(|b| &b.sheets)
            .flat_map(|s| &s.columns)
            .map(|c| c.example.as_str())
            .collect();
        assert!(!examples.contains(&FIRST), "{examples:?}");
        let log = blanks
            .iter()
            .find(|b| b.file == "helpdesk-log.xlsx")
            .expect("the helpdesk blank");
        let channel = &log.sheets[0].columns[2];
        assert_eq!(channel.content, List::Channels.pick());
        assert_eq!(Some(&channel.example), t.channels.names.first());
    }

    #[test]
    fn every_blank_names_the_kinds_it_stands_for() {
        let t = Template::load(None).expect("the built-in template");
        for blank in inputs(&t, month("2019-03")) {
            assert!(blank_kinds(&blank.file).is_some(), "{}", blank.file);
        }
        assert!(blank_kinds(RECOMMENDED_TIMESHEET).is_some());
    }
}
