//! Blank input workbooks, one per kind, generated from the report
//! definition for one report month, and a history blank for the tables of
//! the paper before it. Each input blank has its sheets (the header row
//! spelt as the template's first synonym, date and number formats,
//! drop-downs of the report's own names and a message on every cell saying
//! what goes in it), an Instructions sheet (what goes where, one example
//! row, what the drop-downs mean) that the converter skips by its title,
//! and a hidden `Lists` sheet feeding the drop-downs. Every sheet prints
//! on A4 landscape, one page wide, with its header rows repeated.

use anyhow::{Context, Result};
use chrono::{Datelike, Days, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
};

use super::OutputFile;
use crate::inputs::Kind;
use crate::inputs::history::{REPORT_MONTH_LABEL, TYPED_HISTORY_TITLE};
use crate::inputs::kinds::INSTRUCTIONS_TITLE;
use crate::inputs::records::RollingTable;
use crate::month::Month;
use crate::template::Template;
use crate::text::column_letters;

/// How many rows below the header carry the formats and drop-downs.
const ROWS: u32 = 2000;

/// A4, as rust_xlsxwriter numbers Excel's paper sizes.
const A4: u8 = 9;

/// What a column holds, for its format and drop-down.
#[derive(Clone, Copy)]
enum Content {
    Text,
    Date,
    Month,
    Hours,
    Count,
    /// One of the names in a list of the `Lists` sheet.
    Pick(List),
    /// Names from a list, several allowed (comma-separated): the drop-down
    /// offers them but accepts any text.
    PickMany(List),
}

/// The drop-down lists.
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
                "the budget drivers of Table 4, Services first, then Projects; the \
                 template's aliases of a driver are read too"
            }
            List::Categories => "the enquiry categories of Table 5, in the paper's order",
            List::Channels => "how an enquiry came in: an empty cell means email",
            List::Mailboxes => {
                "the team's mailboxes; one that serves a single category fills an empty \
                 Category"
            }
            List::PartyCategories => "the party categories of Figure 1",
            List::Roles => {
                "the DCC User roles; a completion with several roles lists them in one \
                 cell, separated by commas (the drop-down then warns, and the cell is kept)"
            }
            List::ExitTypes => "how a Party left the Code: Table 3 counts each type",
            List::Tests => "the test completed: SREPT or UEPT",
            List::MeetingCategories => {
                "Table 7's groups; another group may be typed (the drop-down asks once), \
                 and a blank cell continues the group above"
            }
            List::HighlightSections => {
                "the paper's highlights sections; Website is a comment placed in Section 6, \
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

    fn column(self) -> u16 {
        LISTS.iter().position(|l| *l == self).unwrap_or(0) as u16
    }

    /// `=Lists!$A$2:$A$12`, or `None` for a list the template leaves empty.
    fn range(self, t: &Template) -> Option<String> {
        let count = self.names(t).len();
        let letter = column_letters(self.column() as u32);
        (count > 0).then(|| format!("=Lists!${letter}$2:${letter}${}", count + 1))
    }

    /// A drop-down cell only takes a name of the list, except where a
    /// cell may hold several (roles) or a new group (meeting categories).
    fn style(self, many: bool) -> DataValidationErrorStyle {
        match self {
            _ if many => DataValidationErrorStyle::Information,
            List::MeetingCategories => DataValidationErrorStyle::Warning,
            _ => DataValidationErrorStyle::Stop,
        }
    }
}

/// One column of a blank sheet: its header (the template's first
/// spelling), what it holds, what goes in it and an example.
struct Column {
    header: String,
    content: Content,
    what: String,
    /// Typed as text on the Instructions sheet's example row (`FIRST`: the
    /// drop-down's first name; empty: an empty cell). Every date and month
    /// in an example is in the month the blanks are for.
    example: String,
}

fn col(
    synonyms: &[String],
    content: Content,
    what: impl Into<String>,
    example: impl Into<String>,
) -> Column {
    Column {
        header: synonyms.first().cloned().unwrap_or_default(),
        content,
        what: what.into(),
        example: example.into(),
    }
}

impl Column {
    fn example(&self, t: &Template) -> String {
        match self.content {
            Content::Pick(list) | Content::PickMany(list) if self.example == FIRST => {
                list.names(t).into_iter().next().unwrap_or_default()
            }
            _ => self.example.clone(),
        }
    }

    fn list(&self) -> Option<List> {
        match self.content {
            Content::Pick(list) | Content::PickMany(list) => Some(list),
            _ => None,
        }
    }
}

/// A blank sheet: its name, what one row is, and its columns.
struct BlankSheet {
    name: &'static str,
    row_is: &'static str,
    columns: Vec<Column>,
}

/// A blank workbook: its file, what it feeds, whom it suits where another
/// blank feeds the same table, and its sheets.
struct Blank {
    file: &'static str,
    feeds: &'static str,
    suits: Option<String>,
    sheets: Vec<BlankSheet>,
}

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

/// The blank workbooks of the long layouts, their examples in `month`.
fn blanks(t: &Template, month: Month) -> Vec<Blank> {
    let h = &t.file.headers;
    let day = |d| day_first(example_day(month, d));
    let date = date_rule(month);
    let sheet = |name, row_is, columns| BlankSheet {
        name,
        row_is,
        columns,
    };
    vec![
        Blank {
            file: LIST_TIMESHEET,
            feeds: "Table 4, Division of Effort by Driver (days worked)",
            suits: Some(format!(
                "It suits a team that keeps one list of everyone's time (one row per person, \
                 day and driver), or pastes an export from a time-recording system. For people \
                 who fill in their own time, {RECOMMENDED_TIMESHEET} is the recommended \
                 timesheet: a copy for each person, a sheet per week."
            )),
            sheets: vec![sheet(
                "Timesheet",
                "one person's time on one driver on one day",
                vec![
                    col(&h.timesheet.date, Content::Date, date.clone(), day(4)),
                    col(
                        &h.timesheet.staff,
                        Content::Text,
                        "The person, spelt the same way in every file.",
                        "Ann Lee",
                    ),
                    col(
                        &h.timesheet.driver,
                        Content::Pick(List::Drivers),
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
            )],
        },
        Blank {
            file: "helpdesk-log.xlsx",
            feeds: "Table 5, SECAS Helpdesk Emails, and the enquiry counts of section 5",
            suits: None,
            sheets: vec![sheet(
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
                        Content::Pick(List::Channels),
                        "How it came in. Empty means email.",
                        FIRST,
                    ),
                    col(
                        &h.helpdesk.mailbox,
                        Content::Pick(List::Mailboxes),
                        "Optional: the mailbox it came to. A mailbox of one category fills an \
                         empty Category.",
                        FIRST,
                    ),
                    col(
                        &h.helpdesk.category,
                        Content::Pick(List::Categories),
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
            )],
        },
        Blank {
            file: "website-statistics.xlsx",
            feeds: "Table 6, SEC Website Statistics, and Figure 2",
            suits: None,
            sheets: vec![sheet(
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
            )],
        },
        Blank {
            file: "membership-register.xlsx",
            feeds: "Tables 1, 2 and 3, Figure 1 and the figures of section 1",
            suits: None,
            sheets: vec![
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
                            Content::Pick(List::PartyCategories),
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
                            Content::Pick(List::ExitTypes),
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
                ),
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
                ),
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
                            Content::Pick(List::PartyCategories),
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
                ),
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
                            Content::Pick(List::PartyCategories),
                            "Its party category.",
                            FIRST,
                        ),
                        col(
                            &h.uep_completions.roles,
                            Content::PickMany(List::Roles),
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
                ),
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
                            Content::Pick(List::Tests),
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
                            Content::Pick(List::Roles),
                            "Optional: the DCC User role tested.",
                            FIRST,
                        ),
                    ],
                ),
            ],
        },
        Blank {
            file: "meetings-log.xlsx",
            feeds: "Table 7, Meetings hosted and attended by SECAS",
            suits: None,
            sheets: vec![sheet(
                "Meetings",
                "one meeting (or one series of meetings in the month)",
                vec![
                    col(
                        &h.meetings.category,
                        Content::Pick(List::MeetingCategories),
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
            )],
        },
        Blank {
            file: "paper-notes.xlsx",
            feeds: "the Word draft of the paper: its cover, header and highlights",
            suits: None,
            sheets: vec![
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
                ),
                sheet(
                    "Highlights",
                    "one highlight: a bullet, a bullet under it, or a paragraph",
                    vec![
                        col(
                            &t.highlights_headers.section,
                            Content::Pick(List::HighlightSections),
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
                ),
            ],
        },
    ]
}

/// What the history blank asks for, once the month's folder has been
/// looked at: for each of Tables 3, 5 and 6, the months its files cannot
/// give (`None` where the folder has no input for the table yet, so every
/// month is needed). The other cells are shaded and need no typing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryNeeds {
    pub tables: Vec<(RollingTable, Option<Vec<Month>>)>,
}

impl HistoryNeeds {
    /// The months of `table` to type; `None` when every month is needed.
    fn months(&self, table: RollingTable) -> Option<&[Month]> {
        self.tables
            .iter()
            .find(|(t, _)| *t == table)
            .and_then(|(_, months)| months.as_deref())
    }

    /// One line a table: what to type from the paper, or that nothing is
    /// needed and why. Shown on screen and on the blank's Instructions.
    pub fn lines(&self, template: &Template) -> Vec<String> {
        self.tables
            .iter()
            .map(|(table, months)| {
                let caption = table_title(template, *table);
                match months {
                    None => format!(
                        "{caption}: every month (the folder has no {} yet)",
                        table_input(*table)
                    ),
                    Some(months) if months.is_empty() => format!(
                        "{caption}: nothing to type; the {} gives every month",
                        table_input(*table)
                    ),
                    Some(months) => format!(
                        "{caption}: {} ({} month{})",
                        month_ranges(months),
                        months.len(),
                        if months.len() == 1 { "" } else { "s" }
                    ),
                }
            })
            .collect()
    }
}

/// "Table 5 Helpdesk emails": the table's number and its sheet's name.
fn table_title(template: &Template, table: RollingTable) -> String {
    let tables = &template.file.tables;
    match table {
        RollingTable::PartyStatistics => tables.party_statistics.sheet.clone(),
        RollingTable::HelpdeskEmails => tables.helpdesk_emails.sheet.clone(),
        RollingTable::WebsiteStatistics => tables.website_statistics.sheet.clone(),
    }
}

/// The input that gives a rolling table's months.
fn table_input(table: RollingTable) -> &'static str {
    match table {
        RollingTable::PartyStatistics => "membership register",
        RollingTable::HelpdeskEmails => "helpdesk log",
        RollingTable::WebsiteStatistics => "website analytics",
    }
}

/// Months as runs: "Nov 18 – Sep 19", or "Nov 18 – Jan 19, Mar 19".
fn month_ranges(months: &[Month]) -> String {
    let mut runs: Vec<(Month, Month)> = Vec::new();
    for &m in months {
        match runs.last_mut() {
            Some((_, last)) if last.next() == m => *last = m,
            _ => runs.push((m, m)),
        }
    }
    runs.iter()
        .map(|(a, b)| {
            if a == b {
                a.short_label()
            } else {
                format!("{} – {}", a.short_label(), b.short_label())
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every blank workbook for a report month, in memory: the long layouts,
/// the weekly timesheet and the history blank (asking only for `needs`
/// when the folder's own files are known).
pub fn render(
    template: &Template,
    month: Month,
    needs: Option<&HistoryNeeds>,
) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    for blank in blanks(template, month) {
        files.push(OutputFile {
            path: blank.file.to_string(),
            bytes: input_blank(&blank, template, month)
                .with_context(|| format!("cannot make {}", blank.file))?,
        });
    }
    files.push(OutputFile {
        path: "weekly-timesheet.xlsx".to_string(),
        bytes: weekly_grid(template, month).context("cannot make weekly-timesheet.xlsx")?,
    });
    let paper = month.prev();
    let name = history_blank_name(month);
    files.push(OutputFile {
        bytes: history_blank(template, paper, needs)
            .with_context(|| format!("cannot make {name}"))?,
        path: name,
    });
    Ok(files)
}

/// The history blank's file: named for the paper it is typed from, the
/// report month's previous one.
pub fn history_blank_name(month: Month) -> String {
    format!("history-from-paper-{}.xlsx", month.prev())
}

fn new_workbook() -> Result<Workbook> {
    let mut workbook = Workbook::new();
    // A fixed creation time keeps the files byte-identical from run to run.
    let created = ExcelDateTime::from_ymd(2019, 1, 1)?;
    workbook.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    Ok(workbook)
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color("D9E1F2")
        .set_border_bottom(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
}

fn title_format() -> Format {
    Format::new().set_bold().set_font_size(14)
}

/// A4 landscape, one page wide, with `rows` (first, last) repeated on
/// every page.
fn print_setup(sheet: &mut Worksheet, rows: Option<(u32, u32)>) -> Result<()> {
    sheet.set_landscape();
    sheet.set_paper_size(A4);
    sheet.set_print_fit_to_pages(1, 0);
    if let Some((first, last)) = rows {
        sheet.set_repeat_rows(first, last)?;
    }
    Ok(())
}

/// The message a selected cell shows: a title (Excel takes 32 characters)
/// and what goes in it.
fn with_message(validation: DataValidation, title: &str, message: &str) -> Result<DataValidation> {
    let title: String = title.chars().take(32).collect();
    Ok(validation
        .set_input_title(title)?
        .set_input_message(message)?)
}

/// One input workbook: its sheets, its Instructions (the sheet it opens
/// on) and the hidden lists.
fn input_blank(blank: &Blank, template: &Template, month: Month) -> Result<Vec<u8>> {
    let mut workbook = new_workbook()?;
    for sheet in &blank.sheets {
        blank_sheet(workbook.add_worksheet(), sheet, template)?;
    }
    instructions(workbook.add_worksheet(), blank, template, month)?;
    lists(workbook.add_worksheet(), template)?;
    Ok(workbook.save_to_buffer()?)
}

fn blank_sheet(sheet: &mut Worksheet, blank: &BlankSheet, template: &Template) -> Result<()> {
    sheet.set_name(blank.name)?;
    let header = header_format();
    for (i, column) in blank.columns.iter().enumerate() {
        let c = i as u16;
        sheet.write_string_with_format(0, c, &column.header, &header)?;
        let (width, format) = match column.content {
            Content::Date => (12.0, Some(Format::new().set_num_format("dd/mm/yyyy"))),
            Content::Month => (12.0, Some(Format::new().set_num_format("mmm yyyy"))),
            Content::Hours => (9.0, Some(Format::new().set_num_format("0.00"))),
            Content::Count => (12.0, Some(Format::new().set_num_format("#,##0"))),
            Content::Pick(List::Drivers | List::Categories | List::PartyCategories) => (40.0, None),
            Content::Pick(_) | Content::PickMany(_) => (28.0, None),
            Content::Text => (30.0, None),
        };
        sheet.set_column_width(c, width)?;
        if let Some(format) = format {
            sheet.set_column_range_format(c, c, &format)?;
        }
        // The header cell says what the column holds when selected; so
        // does every cell below, with its drop-down where it has one.
        let any = DataValidation::new().allow_any_value();
        sheet.add_data_validation(
            0,
            c,
            0,
            c,
            &with_message(any, &column.header, &column.what)?,
        )?;
        let validation = match (column.list(), column.list().and_then(|l| l.range(template))) {
            (Some(list), Some(range)) => {
                let many = matches!(column.content, Content::PickMany(_));
                DataValidation::new()
                    .allow_list_formula(Formula::new(range))
                    .set_error_style(list.style(many))
                    .set_error_message(format!(
                        "Choose one of the {} (see the Instructions sheet).",
                        list.title().to_lowercase()
                    ))?
            }
            _ => DataValidation::new().allow_any_value(),
        };
        sheet.add_data_validation(
            1,
            c,
            ROWS,
            c,
            &with_message(validation, &column.header, &column.what)?,
        )?;
    }
    sheet.set_freeze_panes(1, 0)?;
    print_setup(sheet, Some((0, 0)))
}

/// Writes the Instructions sheet's rows one after another. Its eight
/// columns are even, so a paragraph spans them and an example row fits.
struct Page<'a> {
    sheet: &'a mut Worksheet,
    row: u32,
    /// The lines the current row is tall enough for.
    lines: usize,
}

/// How many lines a text takes in `columns` of the Instructions sheet's
/// columns, wrapped (a character is about one unit of column width).
fn lines(text: &str, columns: u16) -> usize {
    let per_line = (PAGE_COLUMN_WIDTH * f64::from(columns) * 0.9) as usize;
    text.chars().count().div_ceil(per_line.max(1)).max(1)
}

const PAGE_COLUMNS: u16 = 8;
const PAGE_COLUMN_WIDTH: f64 = 19.0;

impl Page<'_> {
    fn new<'s>(sheet: &'s mut Worksheet, title: &str) -> Result<Page<'s>> {
        for c in 0..PAGE_COLUMNS {
            sheet.set_column_width(c, PAGE_COLUMN_WIDTH)?;
        }
        sheet.write_string_with_format(0, 0, title, &title_format())?;
        print_setup(sheet, None)?;
        sheet.set_active(true);
        Ok(Page {
            sheet,
            row: 2,
            lines: 1,
        })
    }

    /// A paragraph across `from..=to`; the row is made tall enough for it.
    fn text_in(&mut self, from: u16, to: u16, text: &str, bold: bool) -> Result<()> {
        let mut format = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        if bold {
            format = format.set_bold();
        }
        if from == to {
            self.sheet
                .write_string_with_format(self.row, from, text, &format)?;
        } else {
            self.sheet
                .merge_range(self.row, from, self.row, to, text, &format)?;
        }
        self.fit(lines(text, to - from + 1))
    }

    /// Rows of wrapped text do not grow by themselves in every program
    /// (nor do merged cells in any): a row of `count` lines is given the
    /// height they need, never less than it has.
    fn fit(&mut self, count: usize) -> Result<()> {
        if count > self.lines {
            self.lines = count;
            self.sheet.set_row_height(self.row, 15.0 * count as f64)?;
        }
        Ok(())
    }

    fn next(&mut self) {
        self.row += 1;
        self.lines = 1;
    }

    fn paragraph(&mut self, text: &str) -> Result<()> {
        self.text_in(0, PAGE_COLUMNS - 1, text, false)?;
        self.next();
        Ok(())
    }

    fn heading(&mut self, text: &str) -> Result<()> {
        self.next();
        self.text_in(0, PAGE_COLUMNS - 1, text, true)?;
        self.next();
        Ok(())
    }

    /// A row of cells, one per column from A.
    fn cells(&mut self, cells: &[String], format: &Format) -> Result<()> {
        for (c, text) in (0u16..).zip(cells) {
            self.sheet
                .write_string_with_format(self.row, c, text, format)?;
            self.fit(lines(text, 1))?;
        }
        self.next();
        Ok(())
    }

    /// A name and what it means: the name in A, its text across B:H.
    fn term(&mut self, name: &str, text: &str) -> Result<()> {
        self.sheet.write_string_with_format(
            self.row,
            0,
            name,
            &Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
        )?;
        self.fit(lines(name, 1))?;
        self.text_in(1, PAGE_COLUMNS - 1, text, false)?;
        self.next();
        Ok(())
    }
}

/// The Instructions sheet of an input workbook: what it feeds, each sheet
/// with one example row and what each column holds, the drop-downs and
/// the rules every sheet follows.
fn instructions(
    sheet: &mut Worksheet,
    blank: &Blank,
    template: &Template,
    month: Month,
) -> Result<()> {
    sheet.set_name("Instructions")?;
    let mut page = Page::new(sheet, INSTRUCTIONS_TITLE)?;
    page.paragraph(&format!(
        "This workbook feeds {} of the Operations Report for {}. Put it, filled in, in the \
         month's folder with the other workbooks and run opsreport on the folder. This sheet \
         and the hidden Lists sheet are not read.",
        blank.feeds,
        month.long_label()
    ))?;
    if let Some(suits) = &blank.suits {
        page.paragraph(suits)?;
    }
    let example_format = Format::new()
        .set_italic()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    for sheet in &blank.sheets {
        page.heading(&format!(
            "Sheet \"{}\": each row is {}. An example row, as it looks on that sheet:",
            sheet.name, sheet.row_is
        ))?;
        let headers: Vec<String> = sheet.columns.iter().map(|c| c.header.clone()).collect();
        page.cells(&headers, &header_format())?;
        let example: Vec<String> = sheet.columns.iter().map(|c| c.example(template)).collect();
        page.cells(&example, &example_format)?;
        page.row += 1;
        for column in &sheet.columns {
            let list = column
                .list()
                .map(|l| format!(" Drop-down: {}.", l.title()))
                .unwrap_or_default();
            page.term(&column.header, &format!("{}{list}", column.what))?;
        }
    }
    let mut used: Vec<List> = Vec::new();
    for list in blank
        .sheets
        .iter()
        .flat_map(|s| s.columns.iter().filter_map(Column::list))
    {
        if !used.contains(&list) {
            used.push(list);
        }
    }
    if !used.is_empty() {
        page.heading("The drop-downs")?;
        for list in used {
            let names = list.names(template);
            page.term(
                list.title(),
                &format!("{}: {}.", capitalised(list.meaning()), names.join("; ")),
            )?;
        }
        page.paragraph(
            "The names come from the report's template (templates/operations-report.toml). \
             The hidden Lists sheet feeds them: right-click a sheet tab and choose Unhide to \
             see it.",
        )?;
    }
    page.heading("Rules every sheet follows")?;
    page.paragraph(
        "Keep the header row: opsreport finds each column by its header, in any order, even \
         under title rows. Other spellings of a header are listed in the template.",
    )?;
    page.paragraph("Add rows below the header. Empty rows, and rows labelled Total, are skipped.")?;
    page.paragraph(&date_rule(month))?;
    page.paragraph(UNREADABLE_RULE)?;
    Ok(())
}

const UNREADABLE_RULE: &str = "A cell opsreport cannot read is named with its file, sheet and \
     cell, and nothing is written until it is put right.";

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The lists the drop-downs offer, on a hidden sheet the converter skips.
fn lists(sheet: &mut Worksheet, template: &Template) -> Result<()> {
    sheet.set_name("Lists")?;
    let header = header_format();
    for list in LISTS {
        let c = list.column();
        sheet.write_string_with_format(0, c, list.title(), &header)?;
        for (row, name) in (1u32..).zip(list.names(template)) {
            sheet.write_string(row, c, name)?;
        }
        sheet.set_column_width(c, 30)?;
    }
    print_setup(sheet, Some((0, 0)))?;
    sheet.set_hidden(true);
    Ok(())
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

/// One person's month, a sheet per week: a marked Name cell, the week's
/// Monday, then the drivers × weekdays with a Total column. Days outside
/// the month are shaded: they count in the neighbouring month's report.
fn weekly_grid(template: &Template, month: Month) -> Result<Vec<u8>> {
    let g = &template.file.headers.weekly_grid;
    let first = |names: &[String]| names.first().cloned().unwrap_or_default();
    let staff = first(&g.staff_label);
    let week_label = first(&g.week_label);
    let mut workbook = new_workbook()?;
    let header = header_format();
    let bold = Format::new().set_bold();
    let hours = Format::new().set_num_format("0.00");
    let other_month = hours.clone().set_background_color("E7E6E6");
    let name_cell = Format::new()
        .set_background_color("FFF2CC")
        .set_border(FormatBorder::Medium)
        .set_border_color(Color::RGB(0xBF8F00));
    let date = Format::new().set_num_format("dd/mm/yyyy").set_bold();
    let days = g.weekdays.len() as u16;
    let drivers = &template.driver_names.names;
    let driver_rows = drivers.len() as u32;
    let total_col = days + 1;
    let mondays = weeks(month, days as usize);
    for monday in &mondays {
        let sheet = workbook.add_worksheet();
        sheet.set_name(format!("w-c {}", monday.format("%-d %b")))?;
        sheet.write_string_with_format(0, 0, format!("{staff}:"), &bold)?;
        sheet.merge_range(0, 1, 0, 3, "", &name_cell)?;
        let name_message = with_message(
            DataValidation::new().allow_any_value(),
            &format!("Your {}", staff.to_lowercase()),
            "Type your name here, spelt as on every other week and file.",
        )?;
        sheet.add_data_validation(0, 1, 0, 1, &name_message)?;
        sheet.write_string_with_format(1, 0, &week_label, &bold)?;
        sheet.write_datetime_with_format(1, 1, monday_time(*monday)?, &date)?;
        sheet.write_string_with_format(3, 0, first(&g.driver), &header)?;
        for (i, names) in g.weekdays.iter().enumerate() {
            sheet.write_string_with_format(3, 1 + i as u16, first(names), &header)?;
        }
        sheet.write_string_with_format(3, total_col, "Total", &header)?;
        for (r, driver) in (4u32..).zip(drivers) {
            sheet.write_string(r, 0, driver)?;
            for c in 1..=days {
                let day = *monday + Days::new(u64::from(c - 1));
                let format = if month.contains(day) {
                    &hours
                } else {
                    &other_month
                };
                sheet.set_cell_format(r, c, format)?;
            }
            let sum = format!("=SUM(B{}:{}{})", r + 1, column_letters(days as u32), r + 1);
            sheet.write_formula_with_format(
                r,
                total_col,
                Formula::new(sum).set_result("0"),
                &hours,
            )?;
        }
        if let Some(range) = List::Drivers.range(template) {
            let validation = DataValidation::new()
                .allow_list_formula(Formula::new(range))
                .set_error_message("Choose one of the drivers (see the Instructions sheet).")?;
            sheet.add_data_validation(4, 0, 3 + driver_rows, 0, &validation)?;
        }
        let hours_message = with_message(
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.0, 24.0)),
            "Hours",
            "Hours on this driver this day: 7.5, or leave it empty. A shaded day belongs to \
             the month before or after.",
        )?
        .set_error_message("Type the hours as a number from 0 to 24, such as 7.5.")?;
        sheet.add_data_validation(4, 1, 3 + driver_rows, days, &hours_message)?;
        sheet.set_column_width(0, 40)?;
        sheet.set_column_range_width(1, total_col, 11)?;
        print_setup(sheet, Some((0, 3)))?;
    }
    weekly_instructions(workbook.add_worksheet(), template, month, &mondays)?;
    lists(workbook.add_worksheet(), template)?;
    Ok(workbook.save_to_buffer()?)
}

fn monday_time(monday: NaiveDate) -> Result<ExcelDateTime> {
    Ok(ExcelDateTime::from_ymd(
        u16::try_from(monday.year())?,
        monday.month() as u8,
        monday.day() as u8,
    )?)
}

fn weekly_instructions(
    sheet: &mut Worksheet,
    template: &Template,
    month: Month,
    mondays: &[NaiveDate],
) -> Result<()> {
    let g = &template.file.headers.weekly_grid;
    let first = |names: &[String]| names.first().cloned().unwrap_or_default();
    sheet.set_name("Instructions")?;
    let mut page = Page::new(sheet, INSTRUCTIONS_TITLE)?;
    page.paragraph(&format!(
        "One person's timesheet for {m}, one sheet per week that has a weekday in {m} ({} \
         sheets, each named for its Monday). It feeds Table 4, Division of Effort by Driver. \
         This is the recommended timesheet: each person fills in a copy of their own, named \
         for them ({}). Put the copies, filled in, in the month's folder and run opsreport on \
         the folder. This sheet and the hidden Lists sheet are not read.",
        mondays.len(),
        RECOMMENDED_TIMESHEET.replace(".xlsx", "-ann-lee.xlsx"),
        m = month.long_label(),
    ))?;
    page.paragraph(&format!(
        "For one list of the whole team's time (one row per person, day and driver), or an \
         export pasted from a time-recording system, use {LIST_TIMESHEET} instead."
    ))?;
    page.heading("On each week's sheet")?;
    page.term(
        &format!("{}:", first(&g.staff_label)),
        "The yellow cell: type your name, the same on every sheet and in every file.",
    )?;
    page.term(
        &first(&g.week_label),
        "The Monday of the week, filled in already.",
    )?;
    page.term(
        &first(&g.driver),
        "The report's drivers, one a row. Type the hours each day under the weekday: 7.5 \
         or 7:30. An empty cell is no time.",
    )?;
    page.term(
        "Shaded days",
        "Days of the week outside the month: they count in that month's report, so book \
         them there (or here: opsreport files each day under its own month).",
    )?;
    page.term(
        "Total",
        "Adds up the row. It is not read: opsreport adds the hours itself.",
    )?;
    page.heading("An example row, as it looks on a week's sheet:")?;
    let mut headers = vec![first(&g.driver)];
    headers.extend(g.weekdays.iter().map(|names| first(names)));
    page.cells(&headers, &header_format())?;
    let mut example = vec![
        template
            .driver_names
            .names
            .first()
            .cloned()
            .unwrap_or_default(),
        "7.5".to_string(),
        "3:30".to_string(),
    ];
    example.truncate(headers.len());
    page.cells(
        &example,
        &Format::new()
            .set_italic()
            .set_text_wrap()
            .set_align(FormatAlign::Top),
    )?;
    page.heading("The drop-downs")?;
    page.term(
        List::Drivers.title(),
        &format!("{}.", capitalised(List::Drivers.meaning())),
    )?;
    page.heading("Rules")?;
    page.paragraph(
        "Keep the labels and the header row as they are; a missing week can be added by \
         copying a sheet and changing its Monday.",
    )?;
    page.paragraph(UNREADABLE_RULE)?;
    Ok(())
}

/// How many months a rolling table shows (outputs.md): Table 3 thirteen,
/// Tables 5 and 6 twelve, ending with the paper's month.
fn table_months(table: RollingTable) -> usize {
    match table {
        RollingTable::PartyStatistics => 13,
        RollingTable::HelpdeskEmails | RollingTable::WebsiteStatistics => 12,
    }
}

/// The history blank: Tables 3, 5 and 6 of the paper for `paper`, with
/// its month headings, for the team to type from the printed paper. The
/// converter reads it as an earlier report for that month.
fn history_blank(
    template: &Template,
    paper: Month,
    needs: Option<&HistoryNeeds>,
) -> Result<Vec<u8>> {
    let mut workbook = new_workbook()?;
    let tables = &template.file.tables;
    let sheet = workbook.add_worksheet();
    sheet.set_name("Instructions")?;
    let mut page = Page::new(sheet, TYPED_HISTORY_TITLE)?;
    page.row = 2;
    page.cells(
        &[REPORT_MONTH_LABEL.to_string(), paper.to_string()],
        &Format::new().set_bold(),
    )?;
    page.row += 1;
    let month = paper.next();
    page.paragraph(&format!(
        "Tables 3, 5 and 6 look back twelve or thirteen months. For the report for {}, type \
         the figures of those tables from the printed Operations Report for {} into the \
         sheets \"{}\", \"{}\" and \"{}\", exactly as the paper prints them. Then put this \
         workbook in the {} folder (or name it with --history): opsreport reads it as the \
         earlier report.",
        month.long_label(),
        paper.long_label(),
        tables.party_statistics.sheet,
        tables.helpdesk_emails.sheet,
        tables.website_statistics.sheet,
        month,
    ))?;
    if let Some(needs) = needs {
        page.heading(&format!(
            "What to type: only what the {month} folder's own files cannot give (the white \
             cells; the shaded ones need nothing)"
        ))?;
        for line in needs.lines(template) {
            page.paragraph(&line)?;
        }
    }
    page.heading("How to type the figures")?;
    for rule in [
        "One figure a cell, as a whole number: 8,883 or 8883. Type 0 where the paper shows 0.",
        "A figure with a footnote marker (1¹ in Table 3) is typed as the number alone (1).",
        "Type every row of a month, or none: a month typed for some rows and not others is an \
         error naming the empty cells. The oldest month may stay empty: the new report does \
         not show it.",
        "Table 5's Total row adds up as you type: check it against the paper's Total.",
        "Where this month's raw files also cover a month, their figure is used; a figure that \
         differs is listed as a restatement on the Checks sheet. The Sources sheet says, \
         month by month, where each figure came from.",
        "Keep the captions and the month headings as they are: opsreport finds the tables by \
         them.",
    ] {
        page.paragraph(rule)?;
    }
    let rolling = [
        (RollingTable::PartyStatistics, &tables.party_statistics),
        (RollingTable::HelpdeskEmails, &tables.helpdesk_emails),
        (RollingTable::WebsiteStatistics, &tables.website_statistics),
    ];
    for (table, title) in rolling {
        let rows: Vec<String> = match table {
            RollingTable::HelpdeskEmails => template.categories.names.clone(),
            _ => table.rows().iter().map(|r| r.to_string()).collect(),
        };
        let months = paper.window(table_months(table));
        let sheet = workbook.add_worksheet();
        sheet.set_name(&title.sheet)?;
        let needed = needs.map(|n| {
            n.months(table)
                .map(<[Month]>::to_vec)
                .unwrap_or_else(|| shown_before(table, month))
        });
        typed_table(
            sheet,
            &title.caption,
            &months,
            &rows,
            table,
            needed.as_deref(),
        )?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// The months before `month` that its report shows of a rolling table.
fn shown_before(table: RollingTable, month: Month) -> Vec<Month> {
    let mut months = month.window(table_months(table));
    months.retain(|m| *m < month);
    months
}

/// One table to type: the caption in A1, the month headings (text, as the
/// paper heads them) on row 3, a row per label, and for Table 5 a Total.
/// With `needed`, the other months' cells are shaded and row 2 says which
/// to type.
fn typed_table(
    sheet: &mut Worksheet,
    caption: &str,
    months: &[Month],
    rows: &[String],
    table: RollingTable,
    needed: Option<&[Month]>,
) -> Result<()> {
    const HEADINGS: u32 = 2;
    sheet.write_string_with_format(0, 0, caption, &title_format())?;
    if let Some(needed) = needed {
        let note = if needed.is_empty() {
            "Nothing to type here: the month's own files give every month.".to_string()
        } else {
            format!(
                "Type only the white cells ({}); the shaded months come from the month's own \
                 files.",
                month_ranges(needed)
            )
        };
        sheet.write_string_with_format(1, 0, note, &Format::new().set_italic())?;
    }
    let header = header_format().set_align(FormatAlign::Center);
    sheet.write_blank(HEADINGS, 0, &header)?;
    for (c, month) in (1u16..).zip(months) {
        sheet.write_string_with_format(HEADINGS, c, month.short_label(), &header)?;
    }
    let count = Format::new()
        .set_num_format("#,##0")
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBFBFBF));
    let given = count.clone().set_background_color("E7E6E6");
    let last_col = months.len() as u16;
    for (r, label) in (HEADINGS + 1..).zip(rows) {
        sheet.write_string_with_format(r, 0, label, &Format::new().set_bold())?;
        for (c, month) in (1..=last_col).zip(months) {
            let format = match needed {
                Some(needed) if !needed.contains(month) => &given,
                _ => &count,
            };
            sheet.write_blank(r, c, format)?;
        }
    }
    let first_row = HEADINGS + 1;
    let last_row = HEADINGS + rows.len() as u32;
    let figure = DataValidation::new()
        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
        .set_error_message("Type the figure as a whole number, as the paper prints it.")?;
    let figure = with_message(
        figure,
        table.name(),
        "The paper's figure for this row and month, as a whole number (1¹ is typed 1).",
    )?;
    sheet.add_data_validation(first_row, 1, last_row, last_col, &figure)?;
    if table == RollingTable::HelpdeskEmails {
        let total_row = last_row + 1;
        let bold = Format::new().set_bold().set_num_format("#,##0");
        sheet.write_string_with_format(total_row, 0, "Total", &bold)?;
        for c in 1..=last_col {
            let letter = column_letters(u32::from(c));
            let sum = format!("=SUM({letter}{}:{letter}{})", first_row + 1, last_row + 1);
            sheet.write_formula_with_format(
                total_row,
                c,
                Formula::new(sum).set_result("0"),
                &bold,
            )?;
        }
    }
    sheet.set_column_width(0, 30)?;
    sheet.set_column_range_width(1, last_col, 9)?;
    sheet.set_freeze_panes(HEADINGS + 1, 1)?;
    print_setup(sheet, Some((0, HEADINGS)))
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
    fn months_are_shown_as_runs() {
        let months: Vec<Month> = ["2018-11", "2018-12", "2019-01", "2019-03"]
            .into_iter()
            .map(month)
            .collect();
        assert_eq!(month_ranges(&months), "Nov 18 – Jan 19, Mar 19");
        assert_eq!(month_ranges(&months[..1]), "Nov 18");
    }
}
