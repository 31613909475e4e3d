//! Blank workbooks from a neutral description: each input blank's sheets
//! (a header row, date and number formats, drop-downs from named lists
//! and a message on every cell saying what goes in it), an Instructions
//! sheet (what goes where, one example row, what the drop-downs mean)
//! and a hidden `Lists` sheet feeding the drop-downs; a weekly grid of
//! hours; and a workbook of tables to type from a printed paper. Every
//! sheet prints on A4 landscape, one page wide, with its header rows
//! repeated. The layer above says what each blank holds (`cmd::templates`
//! builds it from the input kinds and the template); this file only draws.

use anyhow::{Context, Result};
use chrono::{Datelike, Days, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
};

use super::OutputFile;
use crate::month::Month;
use crate::text::column_letters;

/// How many rows below the header carry the formats and drop-downs.
const ROWS: u32 = 2000;

/// A4, as rust_xlsxwriter numbers Excel's paper sizes.
const A4: u8 = 9;

/// Every blank workbook of a report month, described.
pub struct Blanks {
    /// The drop-downs' lists, in the order of the `Lists` sheet's columns;
    /// a column names one by its position here.
    pub lists: Vec<DropDown>,
    /// The input workbooks with a header row per sheet.
    pub inputs: Vec<InputBlank>,
    pub week_grid: WeekGrid,
    pub history: TypedHistory,
}

/// One list of names a drop-down offers.
pub struct DropDown {
    pub title: String,
    /// What the drop-down offers, as a sentence for the Instructions sheet.
    pub meaning: String,
    pub names: Vec<String>,
    /// Its names are long: its columns are drawn wide.
    pub wide: bool,
    /// A name not in the list is asked about once rather than refused.
    pub open: bool,
}

impl DropDown {
    /// The message of a cell that refuses another name.
    fn choose(&self) -> String {
        format!(
            "Choose one of the {} (see the Instructions sheet).",
            self.title.to_lowercase()
        )
    }
}

/// What a column holds, for its format and drop-down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Content {
    Text,
    Date,
    Month,
    /// A number with decimals: hours, days, pounds.
    Number,
    /// A whole number.
    Count,
    /// One of the names of a list (its position in `Blanks::lists`).
    Pick(usize),
    /// Names from a list, several allowed (comma-separated): the drop-down
    /// offers them but accepts any text.
    PickMany(usize),
}

impl Content {
    fn list(self) -> Option<usize> {
        match self {
            Content::Pick(list) | Content::PickMany(list) => Some(list),
            _ => None,
        }
    }
}

/// One column of a blank sheet.
pub struct BlankColumn {
    pub header: String,
    pub content: Content,
    /// What goes in it: the message of its cells and its line on the
    /// Instructions sheet.
    pub message: String,
    /// Its cell in the Instructions sheet's example row, as text.
    pub example: String,
}

/// A blank sheet: its name, what one row is, and its columns.
pub struct BlankSheet {
    pub name: String,
    pub row_is: String,
    pub columns: Vec<BlankColumn>,
}

/// An input workbook: its file, its sheets, and the words of its
/// Instructions around what the sheets' columns say.
pub struct InputBlank {
    pub file: String,
    pub instructions_title: String,
    /// The paragraphs opening the Instructions: what it feeds, whom it suits.
    pub intro: Vec<String>,
    pub sheets: Vec<BlankSheet>,
    /// Said below the drop-downs: where their names come from.
    pub lists_note: String,
    /// The rules every sheet follows, closing the Instructions.
    pub rules: Vec<String>,
}

/// A cell's message when selected: a title (Excel keeps 32 characters) and
/// what goes in it.
pub struct Message {
    pub title: String,
    pub text: String,
}

/// A workbook of weeks: a sheet per week named for its Monday, with a
/// marked name cell, the Monday, and rows of names × days of hours with a
/// Total column. Days outside `month` are shaded.
pub struct WeekGrid {
    pub file: String,
    pub month: Month,
    pub mondays: Vec<NaiveDate>,
    /// The label before the name cell ("Name:").
    pub name_label: String,
    pub name_message: Message,
    pub week_label: String,
    /// The heading of the rows' names, and of each day's column.
    pub row_heading: String,
    pub day_headings: Vec<String>,
    /// The rows' names, from a list (its position in `Blanks::lists`).
    pub rows: usize,
    pub hours_message: Message,
    pub hours_error: String,
    pub instructions_title: String,
    pub instructions: Vec<Block>,
}

/// A workbook of tables to type from a printed paper: its Instructions,
/// then a sheet per table.
pub struct TypedHistory {
    pub file: String,
    pub title: String,
    pub instructions: Vec<Block>,
    pub tables: Vec<TypedTable>,
}

/// One table to type: a row per label, a column per month.
pub struct TypedTable {
    pub sheet: String,
    pub caption: String,
    /// Under the caption: which cells to type.
    pub note: Option<String>,
    pub months: Vec<Month>,
    pub rows: Vec<String>,
    /// The months to type, the others shaded; `None`: every month.
    pub needed: Option<Vec<Month>>,
    pub figure_message: Message,
    pub figure_error: String,
    /// A Total row adding up each month.
    pub total: bool,
}

/// One block of an Instructions sheet, top to bottom.
pub enum Block {
    /// Text across the sheet's width.
    Paragraph(String),
    /// Bold text after an empty row.
    Heading(String),
    /// A name in A and what it means across the rest.
    Term(String, String),
    /// A row of cells, one per column from A.
    Cells(Vec<String>, Look),
    /// An empty row.
    Gap,
}

/// How a row of cells looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    Header,
    Example,
    Bold,
}

/// Every blank workbook, in memory, in order: the input blanks, the week
/// grid and the typed history.
pub fn render(blanks: &Blanks) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    for blank in &blanks.inputs {
        files.push(OutputFile {
            path: blank.file.clone(),
            bytes: input_blank(blank, &blanks.lists)
                .with_context(|| format!("cannot make {}", blank.file))?,
        });
    }
    let grid = &blanks.week_grid;
    files.push(OutputFile {
        path: grid.file.clone(),
        bytes: week_grid(grid, &blanks.lists)
            .with_context(|| format!("cannot make {}", grid.file))?,
    });
    let history = &blanks.history;
    files.push(OutputFile {
        path: history.file.clone(),
        bytes: typed_history(history).with_context(|| format!("cannot make {}", history.file))?,
    });
    Ok(files)
}

/// One input workbook: its sheets, its Instructions (the sheet it opens
/// on) and the hidden lists.
fn input_blank(blank: &InputBlank, lists: &[DropDown]) -> Result<Vec<u8>> {
    let mut workbook = new_workbook()?;
    for sheet in &blank.sheets {
        blank_sheet(workbook.add_worksheet(), sheet, lists)?;
    }
    let instructions = input_instructions(blank, lists);
    instructions_sheet(
        workbook.add_worksheet(),
        &blank.instructions_title,
        &instructions,
    )?;
    lists_sheet(workbook.add_worksheet(), lists)?;
    Ok(workbook.save_to_buffer()?)
}

/// `=Lists!$A$2:$A$12` for the list at `position`, or `None` for an empty
/// list (its cells then take anything).
fn list_range(position: usize, lists: &[DropDown]) -> Option<String> {
    let count = lists.get(position)?.names.len();
    let letter = column_letters(position as u32);
    (count > 0).then(|| format!("=Lists!${letter}$2:${letter}${}", count + 1))
}

fn blank_sheet(sheet: &mut Worksheet, blank: &BlankSheet, lists: &[DropDown]) -> Result<()> {
    sheet.set_name(&blank.name)?;
    let header = header_format();
    for (c, column) in (0u16..).zip(&blank.columns) {
        sheet.write_string_with_format(0, c, &column.header, &header)?;
        let (width, format) = column_look(column.content, lists);
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
            &with_message(any, &column.header, &column.message)?,
        )?;
        let validation = column_validation(column.content, lists)?;
        sheet.add_data_validation(
            1,
            c,
            ROWS,
            c,
            &with_message(validation, &column.header, &column.message)?,
        )?;
    }
    sheet.set_freeze_panes(1, 0)?;
    print_setup(sheet, Some((0, 0)))
}

/// A column's width and its cells' number format.
fn column_look(content: Content, lists: &[DropDown]) -> (f64, Option<Format>) {
    match content {
        Content::Date => (12.0, Some(Format::new().set_num_format("dd/mm/yyyy"))),
        Content::Month => (12.0, Some(Format::new().set_num_format("mmm yyyy"))),
        Content::Number => (9.0, Some(Format::new().set_num_format("0.00"))),
        Content::Count => (12.0, Some(Format::new().set_num_format("#,##0"))),
        Content::Pick(list) | Content::PickMany(list) => {
            let wide = lists.get(list).is_some_and(|l| l.wide);
            (if wide { 40.0 } else { 28.0 }, None)
        }
        Content::Text => (30.0, None),
    }
}

/// The drop-down of a column's cells, or any value. A drop-down cell only
/// takes a name of the list, except where a cell may hold several, or a
/// list is open to new names (then it asks once).
fn column_validation(content: Content, lists: &[DropDown]) -> Result<DataValidation> {
    let any = DataValidation::new().allow_any_value();
    let Some(position) = content.list() else {
        return Ok(any);
    };
    let (Some(list), Some(range)) = (lists.get(position), list_range(position, lists)) else {
        return Ok(any);
    };
    let style = match content {
        Content::PickMany(_) => DataValidationErrorStyle::Information,
        _ if list.open => DataValidationErrorStyle::Warning,
        _ => DataValidationErrorStyle::Stop,
    };
    Ok(DataValidation::new()
        .allow_list_formula(Formula::new(range))
        .set_error_style(style)
        .set_error_message(list.choose())?)
}

/// The Instructions of an input workbook: its opening paragraphs, each
/// sheet with one example row and what each column holds, the drop-downs
/// its columns use, and the rules every sheet follows.
fn input_instructions(blank: &InputBlank, lists: &[DropDown]) -> Vec<Block> {
    let mut blocks: Vec<Block> = blank.intro.iter().cloned().map(Block::Paragraph).collect();
    for sheet in &blank.sheets {
        blocks.push(Block::Heading(format!(
            "Sheet \"{}\": each row is {}. An example row, as it looks on that sheet:",
            sheet.name, sheet.row_is
        )));
        let headers = sheet.columns.iter().map(|c| c.header.clone()).collect();
        blocks.push(Block::Cells(headers, Look::Header));
        let example = sheet.columns.iter().map(|c| c.example.clone()).collect();
        blocks.push(Block::Cells(example, Look::Example));
        blocks.push(Block::Gap);
        for column in &sheet.columns {
            let list = column
                .content
                .list()
                .and_then(|l| lists.get(l))
                .map(|l| format!(" Drop-down: {}.", l.title))
                .unwrap_or_default();
            blocks.push(Block::Term(
                column.header.clone(),
                format!("{}{list}", column.message),
            ));
        }
    }
    let mut used: Vec<usize> = Vec::new();
    for list in blank
        .sheets
        .iter()
        .flat_map(|s| s.columns.iter().filter_map(|c| c.content.list()))
    {
        if !used.contains(&list) {
            used.push(list);
        }
    }
    if !used.is_empty() {
        blocks.push(Block::Heading("The drop-downs".to_string()));
        for list in used.iter().filter_map(|l| lists.get(*l)) {
            blocks.push(Block::Term(
                list.title.clone(),
                format!("{}: {}.", list.meaning, list.names.join("; ")),
            ));
        }
        blocks.push(Block::Paragraph(blank.lists_note.clone()));
    }
    blocks.push(Block::Heading("Rules every sheet follows".to_string()));
    blocks.extend(blank.rules.iter().cloned().map(Block::Paragraph));
    blocks
}

/// An Instructions sheet: its title, then its blocks. The workbook opens
/// on it.
fn instructions_sheet(sheet: &mut Worksheet, title: &str, blocks: &[Block]) -> Result<()> {
    sheet.set_name("Instructions")?;
    let mut page = Page::new(sheet, title)?;
    for block in blocks {
        page.draw(block)?;
    }
    Ok(())
}

/// The lists the drop-downs offer, on a hidden sheet the converter skips.
fn lists_sheet(sheet: &mut Worksheet, lists: &[DropDown]) -> Result<()> {
    sheet.set_name("Lists")?;
    let header = header_format();
    for (c, list) in (0u16..).zip(lists) {
        sheet.write_string_with_format(0, c, &list.title, &header)?;
        for (row, name) in (1u32..).zip(&list.names) {
            sheet.write_string(row, c, name)?;
        }
        sheet.set_column_width(c, 30)?;
    }
    print_setup(sheet, Some((0, 0)))?;
    sheet.set_hidden(true);
    Ok(())
}

/// The week grid: a sheet per week, then its Instructions and the hidden
/// lists.
fn week_grid(grid: &WeekGrid, lists: &[DropDown]) -> Result<Vec<u8>> {
    let mut workbook = new_workbook()?;
    for monday in &grid.mondays {
        week_sheet(workbook.add_worksheet(), grid, *monday, lists)?;
    }
    instructions_sheet(
        workbook.add_worksheet(),
        &grid.instructions_title,
        &grid.instructions,
    )?;
    lists_sheet(workbook.add_worksheet(), lists)?;
    Ok(workbook.save_to_buffer()?)
}

/// One week's sheet, named for its Monday: the marked name cell, the
/// Monday, then the rows × days with a Total column.
fn week_sheet(
    sheet: &mut Worksheet,
    grid: &WeekGrid,
    monday: NaiveDate,
    lists: &[DropDown],
) -> Result<()> {
    let header = header_format();
    let bold = Format::new().set_bold();
    let name_cell = Format::new()
        .set_background_color("FFF2CC")
        .set_border(FormatBorder::Medium)
        .set_border_color(Color::RGB(0xBF8F00));
    let date = Format::new().set_num_format("dd/mm/yyyy").set_bold();
    let days = grid.day_headings.len() as u16;
    let names: &[String] = lists.get(grid.rows).map_or(&[], |l| &l.names);
    let total_col = days + 1;
    sheet.set_name(format!("w-c {}", monday.format("%-d %b")))?;
    sheet.write_string_with_format(0, 0, &grid.name_label, &bold)?;
    sheet.merge_range(0, 1, 0, 3, "", &name_cell)?;
    let name_message = with_message(
        DataValidation::new().allow_any_value(),
        &grid.name_message.title,
        &grid.name_message.text,
    )?;
    sheet.add_data_validation(0, 1, 0, 1, &name_message)?;
    sheet.write_string_with_format(1, 0, &grid.week_label, &bold)?;
    sheet.write_datetime_with_format(1, 1, monday_time(monday)?, &date)?;
    sheet.write_string_with_format(3, 0, &grid.row_heading, &header)?;
    for (c, heading) in (1u16..).zip(&grid.day_headings) {
        sheet.write_string_with_format(3, c, heading, &header)?;
    }
    sheet.write_string_with_format(3, total_col, "Total", &header)?;
    week_rows(sheet, grid, monday, names)?;
    let last_row = 3 + names.len() as u32;
    if let (Some(list), Some(range)) = (lists.get(grid.rows), list_range(grid.rows, lists)) {
        let validation = DataValidation::new()
            .allow_list_formula(Formula::new(range))
            .set_error_message(list.choose())?;
        sheet.add_data_validation(4, 0, last_row, 0, &validation)?;
    }
    let hours_message = with_message(
        DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.0, 24.0)),
        &grid.hours_message.title,
        &grid.hours_message.text,
    )?
    .set_error_message(&grid.hours_error)?;
    sheet.add_data_validation(4, 1, last_row, days, &hours_message)?;
    sheet.set_column_width(0, 40)?;
    sheet.set_column_range_width(1, total_col, 11)?;
    print_setup(sheet, Some((0, 3)))
}

/// A week's rows from row 5: the name, a cell per day (shaded outside the
/// month) and the row's sum.
fn week_rows(
    sheet: &mut Worksheet,
    grid: &WeekGrid,
    monday: NaiveDate,
    names: &[String],
) -> Result<()> {
    let hours = Format::new().set_num_format("0.00");
    let other_month = hours.clone().set_background_color("E7E6E6");
    let days = grid.day_headings.len() as u16;
    for (r, name) in (4u32..).zip(names) {
        sheet.write_string(r, 0, name)?;
        for c in 1..=days {
            let day = monday + Days::new(u64::from(c - 1));
            let format = if grid.month.contains(day) {
                &hours
            } else {
                &other_month
            };
            sheet.set_cell_format(r, c, format)?;
        }
        let sum = format!("=SUM(B{}:{}{})", r + 1, column_letters(days as u32), r + 1);
        sheet.write_formula_with_format(r, days + 1, Formula::new(sum).set_result("0"), &hours)?;
    }
    Ok(())
}

fn monday_time(monday: NaiveDate) -> Result<ExcelDateTime> {
    Ok(ExcelDateTime::from_ymd(
        u16::try_from(monday.year())?,
        monday.month() as u8,
        monday.day() as u8,
    )?)
}

/// The typed history: its Instructions, then a sheet per table.
fn typed_history(history: &TypedHistory) -> Result<Vec<u8>> {
    let mut workbook = new_workbook()?;
    instructions_sheet(
        workbook.add_worksheet(),
        &history.title,
        &history.instructions,
    )?;
    for table in &history.tables {
        typed_table(workbook.add_worksheet(), table)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// One table to type: the caption in A1, the month headings (text, as the
/// paper heads them) on row 3, a row per label, and a Total if asked.
/// With `needed`, the other months' cells are shaded; the note on row 2
/// says which to type.
fn typed_table(sheet: &mut Worksheet, table: &TypedTable) -> Result<()> {
    const HEADINGS: u32 = 2;
    sheet.set_name(&table.sheet)?;
    sheet.write_string_with_format(0, 0, &table.caption, &title_format())?;
    if let Some(note) = &table.note {
        sheet.write_string_with_format(1, 0, note, &Format::new().set_italic())?;
    }
    let header = header_format().set_align(FormatAlign::Center);
    sheet.write_blank(HEADINGS, 0, &header)?;
    for (c, month) in (1u16..).zip(&table.months) {
        sheet.write_string_with_format(HEADINGS, c, month.short_label(), &header)?;
    }
    let count = Format::new()
        .set_num_format("#,##0")
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBFBFBF));
    let given = count.clone().set_background_color("E7E6E6");
    let last_col = table.months.len() as u16;
    for (r, label) in (HEADINGS + 1..).zip(&table.rows) {
        sheet.write_string_with_format(r, 0, label, &Format::new().set_bold())?;
        for (c, month) in (1..=last_col).zip(&table.months) {
            let format = match &table.needed {
                Some(needed) if !needed.contains(month) => &given,
                _ => &count,
            };
            sheet.write_blank(r, c, format)?;
        }
    }
    let first_row = HEADINGS + 1;
    let last_row = HEADINGS + table.rows.len() as u32;
    let figure = DataValidation::new()
        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
        .set_error_message(&table.figure_error)?;
    let figure = with_message(
        figure,
        &table.figure_message.title,
        &table.figure_message.text,
    )?;
    sheet.add_data_validation(first_row, 1, last_row, last_col, &figure)?;
    if table.total {
        total_row(sheet, first_row, last_row, last_col)?;
    }
    sheet.set_column_width(0, 30)?;
    sheet.set_column_range_width(1, last_col, 9)?;
    sheet.set_freeze_panes(HEADINGS + 1, 1)?;
    print_setup(sheet, Some((0, HEADINGS)))
}

/// A Total row under `first_row..=last_row`, adding up each column.
fn total_row(sheet: &mut Worksheet, first_row: u32, last_row: u32, last_col: u16) -> Result<()> {
    let total_row = last_row + 1;
    let bold = Format::new().set_bold().set_num_format("#,##0");
    sheet.write_string_with_format(total_row, 0, "Total", &bold)?;
    for c in 1..=last_col {
        let letter = column_letters(u32::from(c));
        let sum = format!("=SUM({letter}{}:{letter}{})", first_row + 1, last_row + 1);
        sheet.write_formula_with_format(total_row, c, Formula::new(sum).set_result("0"), &bold)?;
    }
    Ok(())
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

    fn draw(&mut self, block: &Block) -> Result<()> {
        match block {
            Block::Paragraph(text) => self.paragraph(text),
            Block::Heading(text) => self.heading(text),
            Block::Term(name, text) => self.term(name, text),
            Block::Cells(cells, look) => self.cells(cells, &look.format()),
            Block::Gap => {
                self.row += 1;
                Ok(())
            }
        }
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

impl Look {
    fn format(self) -> Format {
        match self {
            Look::Header => header_format(),
            Look::Example => Format::new()
                .set_italic()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            Look::Bold => Format::new().set_bold(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(names: &[&str], wide: bool) -> DropDown {
        DropDown {
            title: "Colours".to_string(),
            meaning: "The colours".to_string(),
            names: names.iter().map(|n| n.to_string()).collect(),
            wide,
            open: false,
        }
    }

    #[test]
    fn a_column_names_its_list_by_position_and_an_empty_list_has_no_range() {
        let lists = [
            list(&["Red", "Blue"], true),
            list(&[], false),
            list(&["Green"], false),
        ];
        assert_eq!(list_range(0, &lists).as_deref(), Some("=Lists!$A$2:$A$3"));
        assert_eq!(list_range(1, &lists), None);
        assert_eq!(list_range(2, &lists).as_deref(), Some("=Lists!$C$2:$C$2"));
        assert_eq!(list_range(3, &lists), None);
        assert_eq!(column_look(Content::Pick(0), &lists).0, 40.0);
        assert_eq!(column_look(Content::Pick(2), &lists).0, 28.0);
        assert_eq!(
            lists[0].choose(),
            "Choose one of the colours (see the Instructions sheet)."
        );
    }

    #[test]
    fn input_instructions_follow_the_columns_and_name_each_list_used_once() {
        let lists = [list(&["Red", "Blue"], false)];
        let column = |header: &str, content| BlankColumn {
            header: header.to_string(),
            content,
            message: format!("The {header}."),
            example: "Red".to_string(),
        };
        let blank = InputBlank {
            file: "paint.xlsx".to_string(),
            instructions_title: "How".to_string(),
            intro: vec!["Intro.".to_string()],
            sheets: vec![BlankSheet {
                name: "Tins".to_string(),
                row_is: "one tin".to_string(),
                columns: vec![
                    column("Lid", Content::Pick(0)),
                    column("Body", Content::PickMany(0)),
                ],
            }],
            lists_note: "From the template.".to_string(),
            rules: vec!["Rule.".to_string()],
        };
        let blocks = input_instructions(&blank, &lists);
        let terms: Vec<(&str, &str)> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Term(name, text) => Some((name.as_str(), text.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(
            terms,
            [
                ("Lid", "The Lid. Drop-down: Colours."),
                ("Body", "The Body. Drop-down: Colours."),
                ("Colours", "The colours: Red; Blue."),
            ]
        );
        assert!(matches!(blocks.last(), Some(Block::Paragraph(rule)) if rule == "Rule."));
    }
}
