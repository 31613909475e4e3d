//! Blank input workbooks, one per kind, generated from the report
//! definition: the header row spelt as the template's first synonym, column
//! widths, date and number formats, and drop-down lists (data validation) of
//! the report's own names, so a misspelt driver cannot be typed in the first
//! place. The lists live on a `Lists` sheet, which the converter skips.

use anyhow::Result;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Formula, Workbook, Worksheet,
};

use super::OutputFile;
use crate::template::Template;
use crate::text::column_letters;

/// How many rows below the header carry the formats and drop-downs.
const ROWS: u32 = 2000;

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
}

const LISTS: [List; 8] = [
    List::Drivers,
    List::Categories,
    List::Channels,
    List::Mailboxes,
    List::PartyCategories,
    List::Roles,
    List::ExitTypes,
    List::Tests,
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
        }
    }

    fn column(self) -> u16 {
        LISTS.iter().position(|l| *l == self).unwrap_or(0) as u16
    }

    /// `=Lists!$A$2:$A$12`.
    fn range(self, t: &Template) -> String {
        let letter = column_letters(self.column() as u32);
        format!("=Lists!${letter}$2:${letter}${}", self.names(t).len() + 1)
    }
}

/// One column of a blank sheet: its header (the template's first spelling)
/// and what it holds.
struct Column {
    header: String,
    content: Content,
}

fn col(synonyms: &[String], content: Content) -> Column {
    Column {
        header: synonyms.first().cloned().unwrap_or_default(),
        content,
    }
}

/// A blank sheet: its name and columns.
type BlankSheet = (&'static str, Vec<Column>);

/// The blank sheets of each workbook: (file, sheets).
fn workbooks(t: &Template) -> Vec<(&'static str, Vec<BlankSheet>)> {
    let h = &t.file.headers;
    vec![
        (
            "timesheet.xlsx",
            vec![(
                "Timesheet",
                vec![
                    col(&h.timesheet.date, Content::Date),
                    col(&h.timesheet.staff, Content::Text),
                    col(&h.timesheet.driver, Content::Pick(List::Drivers)),
                    col(&h.timesheet.hours, Content::Hours),
                    col(&h.timesheet.activity, Content::Text),
                ],
            )],
        ),
        (
            "helpdesk-log.xlsx",
            vec![(
                "Log",
                vec![
                    col(&h.helpdesk.reference, Content::Text),
                    col(&h.helpdesk.received, Content::Date),
                    col(&h.helpdesk.channel, Content::Pick(List::Channels)),
                    col(&h.helpdesk.mailbox, Content::Pick(List::Mailboxes)),
                    col(&h.helpdesk.category, Content::Pick(List::Categories)),
                    col(&h.helpdesk.subject, Content::Text),
                ],
            )],
        ),
        (
            "website-statistics.xlsx",
            vec![(
                "Monthly",
                vec![
                    col(&h.website_monthly.month, Content::Month),
                    col(&h.website_monthly.visits, Content::Count),
                    col(&h.website_monthly.page_views, Content::Count),
                ],
            )],
        ),
        (
            "membership-register.xlsx",
            vec![
                (
                    "Parties",
                    vec![
                        col(&h.parties.party, Content::Text),
                        col(&h.parties.category, Content::Pick(List::PartyCategories)),
                        col(&h.parties.voting_group, Content::Text),
                        col(&h.parties.accession_date, Content::Date),
                        col(&h.parties.exit_date, Content::Date),
                        col(&h.parties.exit_type, Content::Pick(List::ExitTypes)),
                        col(&h.parties.exit_reason, Content::Text),
                    ],
                ),
                (
                    "Events of Default",
                    vec![
                        col(&h.events_of_default.party, Content::Text),
                        col(&h.events_of_default.default_date, Content::Date),
                        col(&h.events_of_default.resolved_date, Content::Date),
                    ],
                ),
                (
                    "Applicants",
                    vec![
                        col(&h.applicants.organisation, Content::Text),
                        col(&h.applicants.category, Content::Pick(List::PartyCategories)),
                        col(&h.applicants.board_date, Content::Date),
                    ],
                ),
                (
                    "UEP completions",
                    vec![
                        col(&h.uep_completions.party, Content::Text),
                        col(
                            &h.uep_completions.category,
                            Content::Pick(List::PartyCategories),
                        ),
                        col(&h.uep_completions.roles, Content::PickMany(List::Roles)),
                        col(&h.uep_completions.completion_date, Content::Date),
                        col(&h.uep_completions.uep_type, Content::Text),
                    ],
                ),
                (
                    "Testing",
                    vec![
                        col(&h.testing.party, Content::Text),
                        col(&h.testing.test, Content::Pick(List::Tests)),
                        col(&h.testing.completion_date, Content::Date),
                        col(&h.testing.role, Content::Pick(List::Roles)),
                    ],
                ),
            ],
        ),
        (
            "meetings-log.xlsx",
            vec![(
                "Meetings",
                vec![
                    col(&h.meetings.category, Content::Text),
                    col(&h.meetings.meeting, Content::Text),
                    col(&h.meetings.dates, Content::Text),
                    col(&h.meetings.summary, Content::Text),
                    col(&h.meetings.report_month, Content::Month),
                ],
            )],
        ),
    ]
}

/// Every blank workbook, in memory. The weekly grid is its own shape.
pub fn render(template: &Template) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    for (name, sheets) in workbooks(template) {
        let mut workbook = new_workbook()?;
        for (sheet_name, columns) in &sheets {
            let sheet = workbook.add_worksheet();
            sheet.set_name(*sheet_name)?;
            blank_sheet(sheet, columns, template)?;
        }
        lists(workbook.add_worksheet(), template)?;
        files.push(OutputFile {
            path: name.to_string(),
            bytes: workbook.save_to_buffer()?,
        });
    }
    files.push(OutputFile {
        path: "weekly-timesheet.xlsx".to_string(),
        bytes: weekly_grid(template)?,
    });
    Ok(files)
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

fn blank_sheet(sheet: &mut Worksheet, columns: &[Column], template: &Template) -> Result<()> {
    let header = header_format();
    for (i, column) in columns.iter().enumerate() {
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
        let list = match column.content {
            Content::Pick(list) => Some((list, DataValidationErrorStyle::Stop)),
            // Several roles go in one cell, so the list guides but allows any text.
            Content::PickMany(list) => Some((list, DataValidationErrorStyle::Information)),
            _ => None,
        };
        if let Some((list, style)) = list {
            let validation = DataValidation::new()
                .allow_list_formula(Formula::new(list.range(template)))
                .set_error_style(style)
                .set_error_message(format!(
                    "Choose one of the {} (see the Lists sheet).",
                    list.title().to_lowercase()
                ))?;
            sheet.add_data_validation(1, c, ROWS, c, &validation)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

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
    Ok(())
}

/// One person's week: a Name and a Week commencing label, then drivers ×
/// weekdays with a Total column and row.
fn weekly_grid(template: &Template) -> Result<Vec<u8>> {
    let g = &template.file.headers.weekly_grid;
    let mut workbook = new_workbook()?;
    let sheet = workbook.add_worksheet();
    sheet.set_name("Week 1")?;
    let header = header_format();
    let bold = Format::new().set_bold();
    let hours = Format::new().set_num_format("0.00");
    let first = |names: &[String]| names.first().cloned().unwrap_or_default();
    sheet.write_string_with_format(0, 0, format!("{}:", first(&g.staff_label)), &bold)?;
    sheet.write_string_with_format(1, 0, first(&g.week_label), &bold)?;
    sheet.set_cell_format(1, 1, &Format::new().set_num_format("dd/mm/yyyy"))?;
    sheet.write_string_with_format(3, 0, first(&g.driver), &header)?;
    let days = g.weekdays.len() as u16;
    for (i, names) in g.weekdays.iter().enumerate() {
        sheet.write_string_with_format(3, 1 + i as u16, first(names), &header)?;
    }
    let total_col = days + 1;
    sheet.write_string_with_format(3, total_col, "Total", &header)?;
    let driver_rows = template.drivers.len() as u32;
    for r in 0..driver_rows {
        let row = 4 + r;
        for c in 1..=days {
            sheet.set_cell_format(row, c, &hours)?;
        }
        let sum = format!(
            "=SUM(B{}:{}{})",
            row + 1,
            column_letters(days as u32),
            row + 1
        );
        sheet.write_formula_with_format(
            row,
            total_col,
            Formula::new(sum).set_result("0"),
            &hours,
        )?;
    }
    let validation = DataValidation::new()
        .allow_list_formula(Formula::new(List::Drivers.range(template)))
        .set_error_message("Choose one of the drivers (see the Lists sheet).")?;
    sheet.add_data_validation(4, 0, 3 + driver_rows, 0, &validation)?;
    sheet.set_column_width(0, 40)?;
    lists(workbook.add_worksheet(), template)?;
    Ok(workbook.save_to_buffer()?)
}
