//! The formatted output workbook, laid out as the paper prints each table:
//! Summary; Tables 1–3, Figure 1, Tables 4–6, Figure 2, Table 7 in report
//! order, each with its caption; the Effort detail and bookings finance
//! checks Table 4 against; Checks, Sources and Sources by month. Totals a
//! person expects to be live are formulas, each carrying its computed value
//! so a viewer that does not recalculate shows the right number; charts are
//! native and fed from value cells. Every sheet prints A4 landscape, one
//! page wide, its title rows repeated; the board tables are numbered as one
//! document, each detail sheet on its own. Detail columns are as wide as
//! their text. Only this file touches rust_xlsxwriter.

use anyhow::Result;
use chrono::Datelike;
use rust_xlsxwriter::utility::cell_autofit_width;
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartDataLabelPosition, ChartType, DocProperties, ExcelDateTime, Format,
    FormatAlign, FormatBorder, FormatUnderline, Formula, Url, Workbook, Worksheet,
};

use super::RunView;
use super::csv::{provenance_text, skipped_text, uk_date};
use crate::findings::Severity;
use crate::hours::Hours;
use crate::inputs::history::EFFORT_CARRIED_CAPTION;
use crate::inputs::records::Booking;
use crate::month::Month;
use crate::report::Part;
use crate::report::effort::{LeftOut, Rounding};
use crate::report::meetings::superscript;
use crate::report::staff::{EFFORT_BY_PERSON, pounds as in_pounds};
use crate::report::table::{
    Cell as ModelCell, Heading, Role, Row as ModelRow, Table as Model, Value,
};
use crate::report::tables::{ChartKind, Sheet, TABLES, TableUnit};
use crate::text::{cell_ref, link_problem, thousands};

/// Where each sheet's table starts: caption in row 1, header in row 3.
const CAPTION_ROW: u32 = 0;
const HEADER_ROW: u32 = 2;
const FIRST_ROW: u32 = 3;
/// Columns wider than this wrap instead.
const MAX_WIDTH: u32 = 60;
/// Excel's paper size code for A4.
const A4: u8 = 9;
/// The pixels one indent level and a filter's button take in a cell.
const INDENT_PIXELS: u32 = 12;
const FILTER_BUTTON_PIXELS: u32 = 16;
/// A SHA-256 digest prints in a monospace font of the body's size (11 pt),
/// wrapped to lines of 16 digits, so it takes a narrow column and prints
/// as large as the text beside it.
const DIGEST_POINTS: f64 = 11.0;
const DIGEST_FONT: &str = "Courier New";
const DIGEST_LINE: usize = 16;

struct Formats {
    title: Format,
    bold: Format,
    header: Format,
    header_right: Format,
    header_centre: Format,
    /// Over a column of `after_number` cells.
    header_after_number: Format,
    group: Format,
    indented: Format,
    count: Format,
    count_bold: Format,
    days: Format,
    days_bold: Format,
    hours: Format,
    hours_top: Format,
    hours_bold: Format,
    /// The control cell: ✓, or the hours by which the sheets disagree.
    control: Format,
    date: Format,
    wrap: Format,
    group_top: Format,
    top: Format,
    /// Text in the column right of a right-aligned number, indented so the
    /// two never touch (`01/03/2019Modifications` in print).
    after_number: Format,
    /// The same, wrapped and top-aligned.
    wrap_after_number: Format,
    /// A SHA-256 digest: monospace, wrapped in a narrow column.
    digest: Format,
    /// A link: the spreadsheet's link colours, wrapped at the top.
    link: Format,
}

impl Formats {
    fn new() -> Formats {
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_background_color("D9E1F2")
            .set_border_bottom(FormatBorder::Thin);
        Formats {
            title: Format::new().set_bold().set_font_size(13),
            bold: Format::new().set_bold(),
            header_right: header.clone().set_align(FormatAlign::Right),
            header_centre: header.clone().set_align(FormatAlign::Center),
            header_after_number: header.clone().set_align(FormatAlign::Left).set_indent(1),
            header,
            group: Format::new().set_bold().set_italic(),
            indented: Format::new().set_indent(1),
            count: Format::new().set_num_format("#,##0"),
            count_bold: Format::new().set_num_format("#,##0").set_bold(),
            days: Format::new().set_num_format("#,##0.00;-#,##0.00;\"–\""),
            days_bold: Format::new().set_num_format("#,##0.00").set_bold(),
            hours: Format::new().set_num_format("#,##0.00"),
            hours_top: Format::new()
                .set_num_format("#,##0.00")
                .set_align(FormatAlign::Top),
            hours_bold: Format::new().set_num_format("#,##0.00 \"h\"").set_bold(),
            control: Format::new()
                .set_num_format("+#,##0.00 \"h\";-#,##0.00 \"h\"")
                .set_bold()
                .set_align(FormatAlign::Right),
            date: Format::new()
                .set_num_format("dd/mm/yyyy")
                .set_align(FormatAlign::Center),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            top: Format::new().set_align(FormatAlign::Top),
            group_top: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            // An indent needs a horizontal alignment that takes one.
            after_number: Format::new().set_align(FormatAlign::Left).set_indent(1),
            wrap_after_number: Format::new()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_align(FormatAlign::Left)
                .set_indent(1),
            digest: Format::new()
                .set_font_name(DIGEST_FONT)
                .set_font_size(DIGEST_POINTS)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            link: Format::new()
                .set_font_color("0563C1")
                .set_underline(FormatUnderline::Single)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
        }
    }
}

/// How a sheet is finished: its caption, and the columns whose width is set
/// by hand rather than fitted to the content.
struct Page {
    caption: String,
    widths: Vec<(u16, f64)>,
    freeze_col: u16,
    /// The left and right margins (inches).
    side_margin: f64,
}

impl Page {
    fn new(caption: impl Into<String>) -> Page {
        Page {
            caption: caption.into(),
            widths: Vec::new(),
            freeze_col: 0,
            side_margin: 0.5,
        }
    }

    fn width(mut self, col: u16, width: f64) -> Page {
        self.widths.push((col, width));
        self
    }

    fn freeze_col(mut self, col: u16) -> Page {
        self.freeze_col = col;
        self
    }

    /// Quarter-inch side margins: a wide sheet prints larger.
    fn narrow_margins(mut self) -> Page {
        self.side_margin = 0.25;
        self
    }
}

/// Render the workbook to bytes.
pub fn render(run: &RunView) -> Result<Vec<u8>> {
    let f = Formats::new();
    let mut workbook = Workbook::new();
    let month = run.report.month;
    let report = &run.template.file.report;
    let title = format!("{} – {}", report.title, month.long_label());
    let next = month.next();
    // A fixed creation time (the first day after the report month) keeps the
    // file byte-identical from run to run.
    let created = ExcelDateTime::from_ymd(next.year() as u16, next.number() as u8, 1)?;
    let properties = DocProperties::new()
        .set_title(&title)
        .set_subject(format!("Report month {month}"))
        .set_category(format!("Classification: {}", report.classification))
        .set_keywords(format!("{}, {month}", report.classification))
        .set_custom_property("Classification", report.classification.as_str())
        .set_custom_property("Report month", month.to_string().as_str())
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);
    let footer = Footer {
        classification: report.classification.replace('&', "&&"),
        title: title.replace('&', "&&"),
    };
    use Held::{Constant, Whole};
    use Print::{Board, Detail};
    let mut board_started = false;
    for (part, write, held, print) in sheets(run) {
        if part.is_some_and(|p| !run.report.has(p)) {
            continue;
        }
        // The first board sheet starts the board tables' numbering, which
        // the others carry on ("automatic"); each detail sheet starts its own.
        let first_page = match print {
            Detail => true,
            Board => !std::mem::replace(&mut board_started, true),
        };
        let sheet = match held {
            Whole => workbook.add_worksheet(),
            Constant => workbook.add_worksheet_with_constant_memory()?,
        };
        let page = match write {
            Writer::Sheet(write) => write(sheet, run, &f)?,
            Writer::Table(unit) => table_sheet(sheet, run, unit, &f)?,
        };
        finish(sheet, page, held, print, first_page, &footer, &f)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// A workbook of one sheet, `name`, drawn from a table's model as a board
/// table is (`model_sheet`): what a new table looks like before it has a
/// place in the report, and what the toy table's test reads back.
pub fn table_workbook(model: &Model, name: &str) -> Result<Vec<u8>> {
    let f = Formats::new();
    let mut workbook = Workbook::new();
    let footer = Footer {
        classification: String::new(),
        title: model.caption.replace('&', "&&"),
    };
    let sheet = workbook.add_worksheet();
    sheet.set_name(name)?;
    let page = model_sheet(sheet, model, &f)?;
    finish(sheet, page, Held::Whole, Print::Board, true, &footer, &f)?;
    Ok(workbook.save_to_buffer()?)
}

/// Each sheet with the part of the report it belongs to, in order: the
/// Summary, the board tables from the registry, the detail sheets. A part
/// left out with --partial has no sheets. The one sheet that grows with
/// the inputs (a row per booking) is written in constant memory.
fn sheets(run: &RunView) -> Vec<(Option<Part>, Writer, Held, Print)> {
    use Held::{Constant, Whole};
    use Print::{Board, Detail};
    let board = TABLES
        .iter()
        .map(|unit| (Some(unit.part), Writer::Table(unit), Whole, Board));
    let details: [(Option<Part>, SheetWriter, Held, Print); 6] = [
        (
            Some(Part::Effort),
            |s, r, f| effort_detail(s, r, f, &EffortLayout::of(r)),
            Whole,
            Detail,
        ),
        (
            Some(Part::Effort),
            |s, r, f| effort_bookings(s, r, f, &EffortLayout::of(r)),
            Constant,
            Detail,
        ),
        (
            Some(Part::Effort),
            |s, r, f| effort_carried(s, r, f, &EffortLayout::of(r)),
            Whole,
            Detail,
        ),
        (None, checks, Whole, Detail),
        (None, sources, Whole, Detail),
        (None, sources_by_month, Whole, Detail),
    ];
    let mut sheets: Vec<(Option<Part>, Writer, Held, Print)> =
        vec![(None, Writer::Sheet(summary), Whole, Board)];
    sheets.extend(board);
    sheets.extend(
        details
            .into_iter()
            .map(|(part, write, held, print)| (part, Writer::Sheet(write), held, print)),
    );
    // Effort by person only with a staff list, after the other effort sheets.
    if run.report.staff.is_some() {
        let at = sheets
            .iter()
            .rposition(|(part, ..)| *part == Some(Part::Effort))
            .map_or(sheets.len(), |i| i + 1);
        sheets.insert(
            at,
            (
                Some(Part::Effort),
                Writer::Sheet(effort_by_person),
                Whole,
                Detail,
            ),
        );
    }
    sheets
}

type SheetWriter = fn(&mut Worksheet, &RunView, &Formats) -> Result<Page>;

/// What writes a sheet: a board table's registry entry, or a writer of
/// its own.
enum Writer {
    Table(&'static TableUnit),
    Sheet(SheetWriter),
}

/// How a sheet's cells are kept until the workbook is saved.
#[derive(Clone, Copy)]
enum Held {
    /// In memory: the sheet can be written in any order and autofitted.
    Whole,
    /// Flushed row by row to a temporary file: rows go in order, so the
    /// sheet's writer puts the caption first, and sets the widths (autofit
    /// needs every row in memory).
    Constant,
}

/// How a sheet's pages are numbered when the workbook is printed.
#[derive(Clone, Copy)]
enum Print {
    /// A table or figure of the paper: Summary to Table 7 print as one
    /// document, numbered on from the Summary's page 1.
    Board,
    /// A sheet for checking (Effort detail, Checks, Sources): numbered
    /// from 1 on its own, its name in the footer.
    Detail,
}

/// What every sheet's footer says, escaped for a header/footer string.
struct Footer {
    classification: String,
    title: String,
}

impl Footer {
    /// The footer of a sheet. A page count (`&N`) would count every page of
    /// the workbook, so there is none.
    fn text(&self, print: Print) -> String {
        let Footer {
            classification,
            title,
        } = self;
        match print {
            Print::Board => format!("&LClassification: {classification}&C{title} · Page &P"),
            Print::Detail => {
                format!("&LClassification: {classification}&C{title} · &A · Page &P")
            }
        }
    }
}

/// Fit the columns and write the caption (a sheet held whole; see `Held`),
/// freeze the header and set up printing.
fn finish(
    sheet: &mut Worksheet,
    page: Page,
    held: Held,
    print: Print,
    first_page: bool,
    footer: &Footer,
    f: &Formats,
) -> Result<()> {
    // Fitted before the caption is written, so a long caption in A1 does not
    // widen column A.
    if let Held::Whole = held {
        sheet.set_autofit_max_width(MAX_WIDTH * 7).autofit();
    }
    for (col, width) in page.widths {
        sheet.set_column_width(col, width)?;
    }
    if let Held::Whole = held {
        sheet.write_string_with_format(CAPTION_ROW, 0, &page.caption, &f.title)?;
    }
    sheet.set_freeze_panes(FIRST_ROW, page.freeze_col)?;
    sheet.set_paper_size(A4);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(CAPTION_ROW, HEADER_ROW)?;
    sheet.set_footer(footer.text(print));
    if first_page {
        sheet.set_print_first_page_number(1);
    }
    let side = page.side_margin;
    sheet.set_margins(side, side, 0.6, 0.6, 0.3, 0.3);
    Ok(())
}

fn headers(sheet: &mut Worksheet, labels: &[&str], f: &Formats) -> Result<()> {
    for (col, label) in (0u16..).zip(labels) {
        sheet.write_string_with_format(HEADER_ROW, col, *label, &f.header)?;
        header_width(sheet, col, label, 0)?;
    }
    Ok(())
}

/// Make a column at least as wide as its bold header label (a tenth wider
/// than autofit measures it) and `extra` pixels (a filter's button): a
/// width set before autofit is the least it gives.
fn header_width(sheet: &mut Worksheet, col: u16, label: &str, extra: u32) -> Result<()> {
    let pixels = text_pixels(label);
    sheet.set_column_width_pixels(col, pixels + pixels.div_ceil(10) + extra)?;
    Ok(())
}

fn month_headings(sheet: &mut Worksheet, first: &str, months: &[Month], f: &Formats) -> Result<()> {
    sheet.write_string_with_format(HEADER_ROW, 0, first, &f.header)?;
    for (i, month) in months.iter().enumerate() {
        sheet.write_string_with_format(
            HEADER_ROW,
            1 + i as u16,
            month.short_label(),
            &f.header_right,
        )?;
    }
    Ok(())
}

/// How many lines a text needs in a wrapped column of `width` characters,
/// broken between words as a spreadsheet breaks it; a word wider than the
/// column takes the lines its width needs.
fn wrapped_lines(text: &str, width: f64) -> u32 {
    const PADDING: u32 = 7;
    const SPACE: u32 = 3;
    let room = column_pixels(width).saturating_sub(PADDING).max(1);
    let lines: u32 = text
        .lines()
        .map(|line| {
            let mut lines = 1;
            let mut used = 0;
            for word in line.split(' ') {
                let word = cell_autofit_width(word) - PADDING;
                if used > 0 && used + SPACE + word <= room {
                    used += SPACE + word;
                    continue;
                }
                if used > 0 {
                    lines += 1;
                }
                lines += word.saturating_sub(1) / room;
                used = word - word.saturating_sub(1) / room * room;
            }
            lines
        })
        .sum();
    lines.max(1)
}

/// Give a row the height its wrapped cells need: spreadsheet programs do not
/// all grow a row to fit wrapped text by themselves.
fn fit_row(sheet: &mut Worksheet, row: u32, cells: &[(&str, f64)]) -> Result<()> {
    let lines = cells
        .iter()
        .map(|(text, width)| wrapped_lines(text, *width))
        .max()
        .unwrap_or(1);
    if lines > 1 {
        sheet.set_row_height(row, 15.0 * lines as f64)?;
    }
    Ok(())
}

/// The pixels a text needs in one line of the default font (Calibri 11),
/// the cell's padding included, by Excel's own character widths as
/// rust_xlsxwriter's autofit measures them; for a text of several lines,
/// its longest.
fn text_pixels(text: &str) -> u32 {
    text.lines().map(cell_autofit_width).max().unwrap_or(0)
}

/// The pixels a column of `width` characters shows (Excel: 7 a character
/// of the default font, and 5 of margin).
fn column_pixels(width: f64) -> u32 {
    (width * 7.0 + 5.0) as u32
}

/// The column width (in characters) that shows `pixels`.
fn width_for(pixels: u32) -> f64 {
    (pixels.saturating_sub(5) as f64 / 7.0).ceil()
}

/// The control cell's label, and what it shows when the bookings and
/// Table 4 agree.
const CONTROL_LABEL: &str = "Control: bookings less Table 4 (hours)";
const CONTROL_AGREES: &str = "✓";

/// Days as the days formats show them: `1,234.56`.
fn days_text(days: f64) -> String {
    let cents = (days.abs() * 100.0).round() as u64;
    let sign = if days < 0.0 { "-" } else { "" };
    format!("{sign}{}.{:02}", thousands(cents / 100), cents % 100)
}

/// The width each column of a sheet needs for the text its cells show,
/// for a sheet that cannot be autofitted.
struct ColumnFit {
    pixels: Vec<u32>,
}

impl ColumnFit {
    fn new(columns: usize) -> ColumnFit {
        ColumnFit {
            pixels: vec![0; columns],
        }
    }

    /// A text shown in `col`, with `extra` pixels beside it (an indent, a
    /// filter button).
    fn fit(&mut self, col: u16, text: &str, extra: u32) {
        let needed = text_pixels(text) + extra;
        let widest = &mut self.pixels[col as usize];
        *widest = (*widest).max(needed);
    }

    /// A bold text (a tenth wider) shown in `col`.
    fn fit_bold(&mut self, col: u16, text: &str, extra: u32) {
        self.fit(col, text, extra + text_pixels(text).div_ceil(10));
    }

    /// Give every column its widest text, at most `cap` pixels.
    fn apply(&self, sheet: &mut Worksheet, cap: u32) -> Result<()> {
        for (col, pixels) in (0u16..).zip(&self.pixels) {
            if *pixels > 0 {
                sheet.set_column_width_pixels(col, (*pixels).min(cap))?;
            }
        }
        Ok(())
    }
}

/// A formula with its value cached.
fn formula(text: String, value: f64) -> Formula {
    Formula::new(text).set_result(format!("{value}"))
}

/// `=SUM(B4:B14)` over a column or a row, with its value.
fn sum(first: (u32, u16), last: (u32, u16), value: f64) -> Formula {
    formula(
        format!(
            "=SUM({}:{})",
            cell_ref(first.0, first.1 as u32),
            cell_ref(last.0, last.1 as u32)
        ),
        value,
    )
}

fn summary(sheet: &mut Worksheet, run: &RunView, f: &Formats) -> Result<Page> {
    let month = run.report.month;
    sheet.set_name("Summary")?;
    headers(
        sheet,
        &["Key figure", "Value", "Name in key_figures.csv"],
        f,
    )?;
    // Over right-aligned numbers, as the Checks block's "Count".
    sheet.write_string_with_format(HEADER_ROW, 1, "Value", &f.header_right)?;
    let mut row = FIRST_ROW;
    for figure in run.report.key_figures() {
        sheet.write_string(row, 0, figure.label)?;
        sheet.write_number_with_format(row, 1, figure.value as f64, &f.count)?;
        sheet.write_string(row, 2, figure.name)?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, "Checks", &f.header)?;
    sheet.write_string_with_format(row, 1, "Count", &f.header_right)?;
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        row += 1;
        sheet.write_string(row, 0, severity.label())?;
        sheet.write_number(row, 1, run.findings.count(severity) as f64)?;
    }
    row += 2;
    for (label, value) in [
        ("Report month", month.to_string()),
        (
            "Rounding of Table 4",
            run.report.effort.rounding.describe().to_string(),
        ),
        (
            "Sheets read",
            run.sources
                .iter()
                .filter(|s| s.kind.is_some())
                .count()
                .to_string(),
        ),
    ] {
        sheet.write_string_with_format(row, 0, label, &f.bold)?;
        sheet.write_string(row, 1, value)?;
        row += 1;
    }
    let caption = format!(
        "{} – {}: Summary",
        run.template.file.report.title,
        month.long_label()
    );
    Ok(Page::new(caption).width(1, 14.0))
}

/// A board table's sheet from its registry entry: most are drawn from
/// their model by `model_sheet`; the figures add their chart, Table 4 its
/// live formulas (the finance chain) and Table 7 its merges and links.
fn table_sheet(
    sheet: &mut Worksheet,
    run: &RunView,
    unit: &TableUnit,
    f: &Formats,
) -> Result<Page> {
    let model = (unit.build)(run.report, run.template);
    let name = &unit.titles(run.template).sheet;
    sheet.set_name(name)?;
    match unit.sheet {
        Sheet::Chart(ChartKind::Pie) => figure1(sheet, &model, name, f),
        Sheet::Chart(ChartKind::Line) => figure2(sheet, &model, name, f),
        Sheet::Effort => table4(sheet, run, &model, f, &EffortLayout::of(run)),
        Sheet::Meetings => table7(sheet, &model, f),
        Sheet::Generic => model_sheet(sheet, &model, f),
    }
}

/// Any table from its model: its headings and rows (`model_rows`), then a
/// note of the months left blank and the table's notes, a row apart.
fn model_sheet(sheet: &mut Worksheet, model: &Model, f: &Formats) -> Result<Page> {
    let rows = model_rows(sheet, model, f)?;
    let mut below = FIRST_ROW + rows + 1;
    let gaps = model.gap_months();
    gap_note(sheet, below, &gaps)?;
    if !gaps.is_empty() {
        below += 1;
    }
    for (row, note) in (below..).zip(&model.footnotes) {
        sheet.write_string(row, 0, format!("{} {}", note.marker, note.text))?;
    }
    let mut page = Page::new(&model.caption);
    if !model.month_columns().is_empty() {
        page = page.freeze_col(1);
    }
    // The notes run across the page; column A stays the label's width.
    if !model.footnotes.is_empty() {
        page = page.width(0, 14.0);
    }
    Ok(page)
}

/// A model's headings (a rolling table's months `Mar 19`, right-aligned)
/// and its printed rows; returns how many rows.
fn model_rows(sheet: &mut Worksheet, model: &Model, f: &Formats) -> Result<u32> {
    let columns = model.print_columns();
    let months = model.month_columns();
    if months.is_empty() {
        headers(sheet, &model_headings(model), f)?;
    } else {
        month_headings(sheet, "", &months, f)?;
    }
    let mut count = 0;
    for (row, model_row) in (FIRST_ROW..).zip(model.print_rows()) {
        for (col, c) in (0u16..).zip(&columns) {
            if let Some(cell) = model_row.cells.get(*c) {
                model_cell(sheet, (row, col), cell, model_row.role, f)?;
            }
        }
        count += 1;
    }
    Ok(count)
}

/// The printed columns' headings.
fn model_headings(model: &Model) -> Vec<&str> {
    model
        .print_columns()
        .iter()
        .map(|c| match &model.columns[*c].heading {
            Some(Heading::Text(text)) => text.as_str(),
            _ => "",
        })
        .collect()
}

/// One cell of a model: text as it is (bold in a total row), a count with
/// its thousands (a total a live SUM of the rows above it), a blank left
/// empty. A footnote marker is part of the number format, so the cell
/// stays a number and still shows `1¹` as the paper does.
fn model_cell(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    cell: &ModelCell,
    role: Role,
    f: &Formats,
) -> Result<()> {
    let number = match &cell.value {
        Value::Blank => return Ok(()),
        Value::Count(n) => *n as f64,
        Value::Signed(n) => *n as f64,
        value => {
            let text = printed_text(value);
            match role {
                Role::Total | Role::Group => {
                    sheet.write_string_with_format(row, col, text, &f.bold)?
                }
                Role::Body | Role::Indented => sheet.write_string(row, col, text)?,
            };
            return Ok(());
        }
    };
    if role == Role::Total {
        let total = sum((FIRST_ROW, col), (row - 1, col), number);
        sheet.write_formula_with_format(row, col, total, &f.count_bold)?;
    } else if cell.markers.is_empty() {
        sheet.write_number_with_format(row, col, number, &f.count)?;
    } else {
        let marks: Vec<String> = cell.markers.iter().map(|m| superscript(*m)).collect();
        let format = Format::new().set_num_format(format!("0\"{}\"", marks.join(",")));
        sheet.write_number_with_format(row, col, number, &format)?;
    }
    Ok(())
}

/// A value as a cell's text: dates as the paper prints them, one a line.
fn printed_text(value: &Value) -> String {
    match value {
        Value::Text(text) | Value::Marked(text) | Value::Decimal(text) => text.clone(),
        Value::Date(date) => uk_date(*date),
        Value::Dates(dates) => {
            let dates: Vec<String> = dates.iter().map(|d| uk_date(*d)).collect();
            dates.join("\n")
        }
        Value::Count(n) => n.to_string(),
        Value::Signed(n) => n.to_string(),
        Value::Blank => String::new(),
    }
}

fn figure1(sheet: &mut Worksheet, model: &Model, name: &str, f: &Formats) -> Result<Page> {
    let rows = model_rows(sheet, model, f)?;
    let last = FIRST_ROW + rows.saturating_sub(2);
    let counts: Vec<u64> = model
        .rows
        .iter()
        .filter(|r| r.role == Role::Body)
        .filter_map(|r| match r.cells.get(1).map(|c| &c.value) {
            Some(Value::Count(n)) => Some(*n),
            _ => None,
        })
        .collect();
    // A native chart fed from the value cells above (not the Total formula).
    // Each slice shows its count and share where it best fits: inside a
    // large slice, outside a small one on a leader line; of two small
    // slices side by side only the larger is labelled (`crowded_slices`).
    // The caption above the chart is its title, so the chart has none.
    let mut chart = Chart::new(ChartType::Pie);
    chart
        .add_series()
        .set_name((name, HEADER_ROW, 1))
        .set_categories((name, FIRST_ROW, 0, last, 0))
        .set_values((name, FIRST_ROW, 1, last, 1))
        .set_data_label(
            ChartDataLabel::new()
                .show_value()
                .show_percentage()
                .set_separator(' ')
                .set_position(ChartDataLabelPosition::BestFit)
                .show_leader_lines(),
        )
        .set_custom_data_labels(&crowded_slices(&counts));
    chart.title().set_hidden();
    chart.set_width(560).set_height(340);
    sheet.insert_chart(HEADER_ROW, 3, &chart)?;
    Ok(Page::new(&model.caption))
}

fn figure2(sheet: &mut Worksheet, model: &Model, name: &str, f: &Formats) -> Result<Page> {
    // The chart's own value cells, so it shows in any viewer and follows a
    // figure corrected by hand here.
    let rows = model_rows(sheet, model, f)?;
    let last_col = model.month_columns().len() as u16;
    // Visits and page views on one axis, so the larger series is drawn
    // above the smaller as the figures are.
    let mut chart = Chart::new(ChartType::Line);
    for row in FIRST_ROW..FIRST_ROW + rows {
        chart
            .add_series()
            .set_name((name, row, 0))
            .set_categories((name, HEADER_ROW, 1, HEADER_ROW, last_col))
            .set_values((name, row, 1, row, last_col));
    }
    // The caption above the chart is its title.
    chart.title().set_hidden();
    chart
        .y_axis()
        .set_name("Visits and page views")
        .set_num_format("#,##0");
    chart.set_width(860).set_height(360);
    sheet.insert_chart(FIRST_ROW + 3, 0, &chart)?;
    Ok(Page::new(&model.caption).freeze_col(1))
}

/// Table 7's columns in its model: category, meeting, dates, summary.
const T7_CATEGORY: usize = 0;
const T7_SUMMARY: usize = 3;
/// The columns' widths: the dates' fits its header on one line and leaves
/// a gap before the summaries.
const T7_WIDTHS: [f64; 4] = [22.0, 38.0, 17.0, 68.0];
/// A cell holds one link: a meeting's links (to its summary's last lines,
/// as the draft links them) go in link columns right of the table.
const LINK_COL: u16 = 4;
const LINK_WIDTH: f64 = 30.0;

fn table7(sheet: &mut Worksheet, model: &Model, f: &Formats) -> Result<Page> {
    headers(sheet, &model_headings(model), f)?;
    let rows: Vec<&ModelRow> = model.print_rows().collect();
    let link_columns = rows
        .iter()
        .map(|r| summary_links(&r.cells[T7_SUMMARY]).len())
        .max()
        .unwrap_or(0) as u16;
    for n in 0..link_columns {
        let label = if n == 0 {
            "Link".to_string()
        } else {
            format!("Link {}", n + 1)
        };
        sheet.write_string_with_format(HEADER_ROW, LINK_COL + n, label, &f.header)?;
    }
    let mut row = FIRST_ROW;
    let mut at = 0;
    while at < rows.len() {
        let category = &rows[at].cells[T7_CATEGORY].value;
        let len = rows[at..]
            .iter()
            .take_while(|r| &r.cells[T7_CATEGORY].value == category)
            .count();
        meeting_group(sheet, &rows[at..at + len], row, f)?;
        row += len as u32;
        at += len;
    }
    for (row, note) in (row + 1..).zip(&model.footnotes) {
        sheet.write_string(row, 0, format!("{} {}", note.marker, note.text))?;
    }
    // The page prints the paper's four columns at the paper's scale: the
    // links' text is the summaries' last lines, already printed.
    if link_columns > 0 {
        let last = row + model.footnotes.len() as u32;
        sheet.set_print_area(CAPTION_ROW, 0, last, LINK_COL - 1)?;
    }
    let mut page = Page::new(&model.caption);
    for (col, width) in T7_WIDTHS.into_iter().enumerate() {
        page = page.width(col as u16, width);
    }
    for col in LINK_COL..LINK_COL + link_columns {
        page = page.width(col, LINK_WIDTH);
    }
    Ok(page)
}

/// A summary's links, each with the line of text it links (its address
/// where no line is left): one a link column.
fn summary_links(summary: &ModelCell) -> Vec<(String, String)> {
    let lines: Vec<&str> = match &summary.value {
        Value::Text(text) => text.split('\n').collect(),
        _ => Vec::new(),
    };
    let texts = &lines[lines.len() - summary.links.len().min(lines.len())..];
    (0..)
        .zip(&summary.links)
        .filter(|(_, url)| link_problem(url).is_none())
        .map(|(n, url)| {
            let text = texts.get(n).map_or(url.as_str(), |t| t.trim());
            (text.to_string(), url.clone())
        })
        .collect()
}

/// One category's meetings from `first`: the category merged down them, a
/// summary shared by consecutive meetings shown once, merged; each row as
/// tall as its wrapped text.
fn meeting_group(sheet: &mut Worksheet, rows: &[&ModelRow], first: u32, f: &Formats) -> Result<()> {
    let category = printed_text(&rows[0].cells[T7_CATEGORY].value);
    for (i, (row, meeting)) in (first..).zip(rows).enumerate() {
        let [_, name, dates, summary] = &meeting.cells[..] else {
            continue;
        };
        let (name, dates) = (printed_text(&name.value), printed_text(&dates.value));
        sheet.write_string_with_format(row, 1, &name, &f.wrap)?;
        sheet.write_string_with_format(row, 2, &dates, &f.wrap)?;
        let repeated = i > 0 && rows[i - 1].cells[T7_SUMMARY].value == summary.value;
        let span = rows[i..]
            .iter()
            .take_while(|r| r.cells[T7_SUMMARY].value == summary.value)
            .count() as u32;
        let mut shown_summary = "";
        if !repeated && let Value::Text(text) = &summary.value {
            if span > 1 {
                sheet.merge_range(row, 3, row + span - 1, 3, text, &f.wrap)?;
            } else {
                sheet.write_string_with_format(row, 3, text, &f.wrap)?;
                shown_summary = text;
            }
        }
        let links = summary_links(summary);
        for (col, (text, url)) in (LINK_COL..).zip(&links) {
            let link = Url::new(url.as_str()).set_text(text);
            sheet.write_url_with_format(row, col, link, &f.link)?;
        }
        let in_group = if i == 0 { category.as_str() } else { "" };
        let mut cells = vec![
            (in_group, T7_WIDTHS[0]),
            (name.as_str(), T7_WIDTHS[1]),
            (dates.as_str(), T7_WIDTHS[2]),
            (shown_summary, T7_WIDTHS[3]),
        ];
        cells.extend(links.iter().map(|(text, _)| (text.as_str(), LINK_WIDTH)));
        fit_row(sheet, row, &cells)?;
    }
    let last = first + rows.len() as u32 - 1;
    if last > first {
        sheet.merge_range(first, 0, last, 0, &category, &f.group_top)?;
    } else {
        sheet.write_string_with_format(first, 0, &category, &f.group_top)?;
    }
    Ok(())
}

/// Figure 1's slice labels: a slice with nothing in it has none, and of two
/// small slices side by side (the last beside the first, round the pie),
/// the smaller has none, so their labels never print on top of each other;
/// its count is in the table beside the chart.
fn crowded_slices(counts: &[u64]) -> Vec<ChartDataLabel> {
    // A slice under this share of the pie is small: its label reaches past
    // the slice's edge into its neighbour's.
    const SMALL_SHARE: f64 = 0.05;
    let total: u64 = counts.iter().sum();
    let small = |i: usize| (counts[i] as f64) < SMALL_SHARE * total as f64;
    let n = counts.len();
    let mut hidden: Vec<bool> = counts.iter().map(|c| *c == 0).collect();
    for i in 0..n {
        let next = (i + 1) % n;
        if next == i || hidden[i] || hidden[next] || !small(i) || !small(next) {
            continue;
        }
        // The smaller of the two (the later on a tie) gives way.
        let smaller = if counts[next] <= counts[i] { next } else { i };
        hidden[smaller] = true;
    }
    hidden
        .into_iter()
        .map(|hide| {
            if hide {
                ChartDataLabel::new().set_hidden().to_custom()
            } else {
                ChartDataLabel::default()
            }
        })
        .collect()
}

/// Where the Effort detail keeps its totals, for Table 4's formulas, and
/// where the Effort bookings keep the hours they are made from.
struct EffortLayout {
    sheet: &'static str,
    /// The Total row (zero-based): days, each the Hours row below over the
    /// hours a day, so exact hours are summed before the one division.
    total_row: u32,
    /// Whether there is anyone in the detail (else no total formulas exist).
    has_people: bool,
    /// The Total column (zero-based).
    total_col: u16,
    /// The bookings' rows (zero-based, first and last).
    bookings: (u32, u32),
    /// The hours a day, as a formula writes it (`7.5`).
    per_day: String,
    /// Whether the bookings sheet has any row (counted or left out).
    has_bookings: bool,
}

/// The Effort bookings sheet's name and the columns the detail's formulas
/// read.
const BOOKINGS_SHEET: &str = "Effort bookings";
const BOOKING_PERSON: u16 = 0;
const BOOKING_DRIVER: u16 = 2;
const BOOKING_HOURS: u16 = 3;
const BOOKING_COUNTED: u16 = 5;
/// Excel keeps at most 65,530 hyperlinks a sheet: the cells of the first
/// 65,000 bookings are linked.
const MAX_LINKS: u32 = 65_000;

impl EffortLayout {
    fn of(run: &RunView) -> EffortLayout {
        let effort = &run.report.effort;
        let people = effort.by_person.len() as u32;
        let bookings = (effort.bookings.len() + effort.left_out.len()) as u32;
        EffortLayout {
            sheet: "Effort detail",
            total_row: FIRST_ROW + people,
            has_people: people > 0,
            total_col: run.template.drivers.len() as u16 + 1,
            bookings: (FIRST_ROW, FIRST_ROW + bookings.max(1) - 1),
            has_bookings: bookings > 0,
            per_day: general_number(effort.hours_per_day.as_f64()),
        }
    }

    fn has_bookings(&self) -> bool {
        self.has_bookings
    }

    /// `,'Effort bookings'!$F$4:$F$731,"Yes"`: the criterion that keeps a
    /// SUMIFS to the bookings counted.
    fn counted(&self) -> String {
        format!(",{},\"Yes\"", self.bookings_column(BOOKING_COUNTED))
    }

    /// The row under the Total row that holds its hours.
    fn hours_row(&self) -> u32 {
        self.total_row + 1
    }

    /// The row of the control cell.
    fn control_row(&self) -> u32 {
        self.total_row + 3
    }

    /// `'Effort detail'!B34`.
    fn total_ref(&self, col: u16) -> String {
        format!("'{}'!{}", self.sheet, cell_ref(self.total_row, col as u32))
    }

    /// A column of the bookings, absolute: `'Effort bookings'!$D$4:$D$731`.
    fn bookings_column(&self, col: u16) -> String {
        let letters = crate::text::column_letters(col as u32);
        format!(
            "'{BOOKINGS_SHEET}'!${letters}${}:${letters}${}",
            self.bookings.0 + 1,
            self.bookings.1 + 1
        )
    }
}

/// Table 4: its headings and labels from the model, its figures live
/// formulas of the Effort detail where they can be.
fn table4(
    sheet: &mut Worksheet,
    run: &RunView,
    model: &Model,
    f: &Formats,
    layout: &EffortLayout,
) -> Result<Page> {
    let effort = &run.report.effort;
    // Half-up drivers are live ROUNDs of the detail's totals; largest-remainder
    // drivers are not a spreadsheet function, so they are values.
    let live_drivers = layout.has_people && effort.rounding == Rounding::HalfUp;
    let headings = model_headings(model);
    let heading = |i: usize| headings.get(i).copied().unwrap_or_default();
    sheet.write_string_with_format(HEADER_ROW, 0, heading(0), &f.header)?;
    sheet.write_string_with_format(HEADER_ROW, 1, heading(1), &f.header_right)?;
    let grand_total = model
        .print_rows()
        .find(|r| r.role == Role::Total)
        .and_then(|r| r.cells.get(1))
        .map(|c| printed_text(&c.value))
        .unwrap_or_default();
    // The model's printed labels, in the order written here: each group's
    // heading, then its drivers.
    let label_col = model.print_columns().first().copied().unwrap_or(0);
    let mut labels = model
        .print_rows()
        .filter(|r| matches!(r.role, Role::Group | Role::Indented))
        .map(|r| r.cells.get(label_col).map(|c| printed_text(&c.value)));
    let mut row = FIRST_ROW;
    for group in &run.template.file.driver_groups {
        let label = labels.next().flatten().unwrap_or_default();
        sheet.write_string_with_format(row, 0, label, &f.group)?;
        row += 1;
        for driver_row in effort
            .rows
            .iter()
            .filter(|r| &run.template.drivers[r.driver].group == group)
        {
            let days = driver_row.days_rounded as f64;
            let label = labels.next().flatten().unwrap_or_default();
            sheet.write_string_with_format(row, 0, label, &f.indented)?;
            if live_drivers {
                let source = layout.total_ref(1 + driver_row.driver as u16);
                sheet.write_formula_with_format(
                    row,
                    1,
                    formula(format!("=ROUND({source},0)"), days),
                    &f.count,
                )?;
            } else {
                sheet.write_number_with_format(row, 1, days, &f.count)?;
            }
            row += 1;
        }
    }
    sheet.write_string_with_format(row, 0, &grand_total, &f.bold)?;
    let total = effort.total_rounded as f64;
    // The rounding note's marker is part of the number format, as Table 3's
    // are, so the Grand Total stays a number.
    let total_format = match effort.footnotes.first() {
        Some(note) => f
            .count_bold
            .clone()
            .set_num_format(format!("#,##0\"{}\"", superscript(note.marker))),
        None => f.count_bold.clone(),
    };
    if layout.has_people {
        let source = layout.total_ref(layout.total_col);
        sheet.write_formula_with_format(
            row,
            1,
            formula(format!("=ROUND({source},0)"), total),
            &total_format,
        )?;
    } else {
        sheet.write_number_with_format(row, 1, total, &total_format)?;
    }
    // Column A as wide as its longest label; a note wraps across the table.
    let label_width = run
        .template
        .drivers
        .iter()
        .map(|d| text_pixels(&d.name) + INDENT_PIXELS)
        .chain([text_pixels(&grand_total) * 11 / 10])
        .max()
        .map_or(30.0, width_for);
    let table_width = label_width + 16.0;
    for (row, note) in (row + 2..).zip(&effort.footnotes) {
        let text = format!("{} {}", note.marker, note.text);
        sheet.merge_range(row, 0, row, 1, &text, &f.wrap)?;
        fit_row(sheet, row, &[(&text, table_width)])?;
    }
    Ok(Page::new(&model.caption)
        .width(0, label_width)
        .width(1, 16.0))
}

/// A note under a table that some months are blank for want of figures.
fn gap_note(sheet: &mut Worksheet, row: u32, gaps: &[Month]) -> Result<()> {
    if !gaps.is_empty() {
        let months: Vec<String> = gaps.iter().map(|m| m.short_label()).collect();
        sheet.write_string(
            row,
            0,
            format!(
                "Blank: no figures for {} (no input or earlier report covers them).",
                months.join(", ")
            ),
        )?;
    }
    Ok(())
}

fn effort_detail(
    sheet: &mut Worksheet,
    run: &RunView,
    f: &Formats,
    layout: &EffortLayout,
) -> Result<Page> {
    let drivers = &run.template.drivers;
    let total_col = layout.total_col;
    sheet.set_name(layout.sheet)?;
    sheet.write_string_with_format(HEADER_ROW, 0, "Person", &f.header)?;
    for (i, driver) in drivers.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, 1 + i as u16, &driver.name, &f.header_right)?;
    }
    sheet.write_string_with_format(HEADER_ROW, total_col, "Total", &f.header_right)?;
    let column_hours = detail_people(sheet, run, f, layout)?;
    sheet.write_string_with_format(layout.total_row, 0, "Total", &f.bold)?;
    sheet.write_string_with_format(layout.hours_row(), 0, "Hours", &f.bold)?;
    if layout.has_people {
        detail_totals(sheet, run, f, layout, &column_hours)?;
    }
    detail_page(sheet, run, layout, &column_hours)
}

/// A row per person: their days by driver and in all. Every figure is a
/// formula over the bookings' hours, so an edited booking moves it; days
/// are hours summed exactly (quarters are exact in binary) and divided
/// once, so every engine rounds a tie alike. The cached values come from
/// the exact hours. Returns each driver's hours.
fn detail_people(
    sheet: &mut Worksheet,
    run: &RunView,
    f: &Formats,
    layout: &EffortLayout,
) -> Result<Vec<Hours>> {
    let effort = &run.report.effort;
    let per_day = effort.hours_per_day;
    let hours_col = layout.bookings_column(BOOKING_HOURS);
    let person_col = layout.bookings_column(BOOKING_PERSON);
    let driver_col = layout.bookings_column(BOOKING_DRIVER);
    let per_day_text = &layout.per_day;
    let counted = layout.counted();
    let mut column_hours = vec![Hours::ZERO; run.template.drivers.len()];
    for (row, (person, hours)) in (FIRST_ROW..).zip(&effort.by_person) {
        sheet.write_string(row, 0, person)?;
        let person_ref = format!("$A{}", row + 1);
        for (i, h) in hours.iter().enumerate() {
            let col = 1 + i as u16;
            let driver_ref = format!(
                "{}${}",
                crate::text::column_letters(col as u32),
                HEADER_ROW + 1
            );
            let cell = formula(
                format!(
                    "=SUMIFS({hours_col},{person_col},{person_ref},{driver_col},{driver_ref}{counted})/{per_day_text}"
                ),
                h.days_f64(per_day),
            );
            sheet.write_formula_with_format(row, col, cell, &f.days)?;
            column_hours[i] += *h;
        }
        let person_total: Hours = hours.iter().copied().sum();
        let cell = formula(
            format!("=SUMIFS({hours_col},{person_col},{person_ref}{counted})/{per_day_text}"),
            person_total.days_f64(per_day),
        );
        sheet.write_formula_with_format(row, layout.total_col, cell, &f.days_bold)?;
    }
    Ok(column_hours)
}

/// The Hours and Total rows under the people, and the control that every
/// booking's hours are behind Table 4's unrounded total.
fn detail_totals(
    sheet: &mut Worksheet,
    run: &RunView,
    f: &Formats,
    layout: &EffortLayout,
    column_hours: &[Hours],
) -> Result<()> {
    let effort = &run.report.effort;
    let per_day = effort.hours_per_day;
    let (total_row, total_col, hours_row) =
        (layout.total_row, layout.total_col, layout.hours_row());
    let hours_col = layout.bookings_column(BOOKING_HOURS);
    let driver_col = layout.bookings_column(BOOKING_DRIVER);
    let per_day_text = &layout.per_day;
    let counted = layout.counted();
    for (i, hours) in column_hours.iter().enumerate() {
        let col = 1 + i as u16;
        let driver_ref = format!(
            "{}${}",
            crate::text::column_letters(col as u32),
            HEADER_ROW + 1
        );
        let cell = formula(
            format!("=SUMIFS({hours_col},{driver_col},{driver_ref}{counted})"),
            hours.as_f64(),
        );
        sheet.write_formula_with_format(hours_row, col, cell, &f.hours_bold)?;
        let cell = formula(
            format!("={}/{per_day_text}", cell_ref(hours_row, col as u32)),
            hours.days_f64(per_day),
        );
        sheet.write_formula_with_format(total_row, col, cell, &f.days_bold)?;
    }
    let cell = sum(
        (hours_row, 1),
        (hours_row, total_col - 1),
        effort.total_hours.as_f64(),
    );
    sheet.write_formula_with_format(hours_row, total_col, cell, &f.hours_bold)?;
    let cell = formula(
        format!("={}/{per_day_text}", cell_ref(hours_row, total_col as u32)),
        effort.total_hours.days_f64(per_day),
    );
    sheet.write_formula_with_format(total_row, total_col, cell, &f.days_bold)?;
    // The control: every booking's hours against the hours behind
    // Table 4's unrounded total. A booking moved to a driver that is
    // not a column here, or a figure typed over a formula, shows as
    // the difference.
    let control_row = layout.control_row();
    sheet.write_string(control_row, 0, CONTROL_LABEL)?;
    let total_ref = cell_ref(total_row, total_col as u32);
    let difference = format!("SUMIFS({hours_col}{counted})-{total_ref}*{per_day_text}");
    let cell = Formula::new(format!(
        "=IF(ABS({difference})<0.000001,\"{CONTROL_AGREES}\",{difference})"
    ))
    .set_result(CONTROL_AGREES);
    sheet.write_formula_with_format(control_row, total_col, cell, &f.control)?;
    Ok(())
}

/// The Effort detail's caption and column widths, and its header's height.
fn detail_page(
    sheet: &mut Worksheet,
    run: &RunView,
    layout: &EffortLayout,
    column_hours: &[Hours],
) -> Result<Page> {
    let effort = &run.report.effort;
    let per_day = effort.hours_per_day;
    let caption = format!(
        "Effort detail: days by person and driver from the Effort bookings' hours, unrounded ({per_day} hours a day); Table 4 rounds the Total row"
    );
    // A driver's column is as wide as the longest word of its name (which
    // wraps between words) and its widest figure (the bold total, a tenth
    // wider), and at least 13 characters.
    let widest_figure = |hours: Hours| text_pixels(&days_text(hours.days_f64(per_day))) * 11 / 10;
    let mut page = Page::new(caption).freeze_col(1);
    let mut header_lines = 1;
    for (i, driver) in run.template.drivers.iter().enumerate() {
        // In the header's bold, a tenth wider.
        let longest_word = driver.name.split(' ').map(text_pixels).max().unwrap_or(0) * 11 / 10;
        let pixels = longest_word.max(widest_figure(column_hours[i]));
        let width = width_for(pixels).max(13.0);
        header_lines = header_lines.max(wrapped_lines(&driver.name, width));
        page = page.width(1 + i as u16, width);
    }
    let total = width_for(widest_figure(effort.total_hours)).max(13.0);
    page = page.width(layout.total_col, total);
    sheet.set_row_height(HEADER_ROW, 15.0 * header_lines as f64)?;
    Ok(page)
}

/// Every booking read for Table 4, counted or left out, with the file, sheet
/// and cell it came from (linked), under a filter and a frozen header; and
/// beside them, the hours by driver.
///
/// A row per booking, so it is written in constant memory, in row order:
/// the caption first, and column widths measured from the text each cell
/// shows rather than by autofit (which needs every row in memory).
fn effort_bookings(
    sheet: &mut Worksheet,
    run: &RunView,
    f: &Formats,
    layout: &EffortLayout,
) -> Result<Page> {
    let effort = &run.report.effort;
    let drivers = &run.template.drivers;
    let page = Page::new(
        "Effort bookings: every booking read for Table 4, counted or left out, and the cell it came from",
    );
    sheet.set_name(BOOKINGS_SHEET)?;
    sheet.write_string_with_format(CAPTION_ROW, 0, &page.caption, &f.title)?;
    let columns = booking_columns(f);
    // The hours by driver, beside the bookings after a blank column.
    let side = columns.len() as u16 + 1;
    let side_columns = [
        ("Driver", &f.header, 0),
        ("Hours counted", &f.header_right, 0),
        ("Hours left out", &f.header_right, 0),
    ];
    let mut fit = ColumnFit::new(side as usize + side_columns.len());
    for (col, (label, format, indent)) in (0u16..).zip(columns) {
        sheet.write_string_with_format(HEADER_ROW, col, label, format)?;
        // The filter's button sits over the header's right end.
        fit.fit_bold(col, label, indent + FILTER_BUTTON_PIXELS);
    }
    for (col, (label, format, _)) in (side..).zip(side_columns) {
        sheet.write_string_with_format(HEADER_ROW, col, label, format)?;
        fit.fit_bold(col, label, 0);
    }
    let rows = sorted_bookings(effort);
    let mut driver_hours = vec![(Hours::ZERO, Hours::ZERO); drivers.len()];
    for (booking, why) in &rows {
        let (counted, left_out) = &mut driver_hours[booking.driver];
        match why {
            None => *counted += booking.hours,
            Some(_) => *left_out += booking.hours,
        }
    }
    let writer = BookingRows::new(run, f, layout, side);
    let mut last_row = HEADER_ROW;
    let side_rows = drivers.len() as u32 + 1;
    let last = FIRST_ROW + (rows.len() as u32).max(side_rows);
    for row in FIRST_ROW..last {
        if let Some(&(booking, why)) = rows.get((row - FIRST_ROW) as usize) {
            writer.booking(sheet, row, booking, why, &mut fit)?;
            last_row = row;
        }
        let i = (row - FIRST_ROW) as usize;
        if i <= drivers.len() && layout.has_bookings() {
            writer.driver_hours(sheet, row, i, &driver_hours, &mut fit)?;
        }
    }
    sheet.autofilter(HEADER_ROW, 0, last_row, columns.len() as u16 - 1)?;
    fit.apply(sheet, writer.cap)?;
    Ok(page)
}

/// The Effort bookings sheet's columns: label, header format, and the
/// indent of text that follows a right-aligned number.
fn booking_columns(f: &Formats) -> [(&'static str, &Format, u32); 16] {
    [
        ("Person", &f.header, 0),
        ("Date", &f.header_centre, 0),
        ("Driver", &f.header_after_number, INDENT_PIXELS),
        ("Hours", &f.header_right, 0),
        ("Days", &f.header_right, 0),
        ("Counted", &f.header_after_number, INDENT_PIXELS),
        ("Left out because", &f.header, 0),
        ("Driver as typed", &f.header, 0),
        ("File", &f.header, 0),
        ("Sheet", &f.header, 0),
        ("Cell", &f.header, 0),
        ("Hidden sheet", &f.header, 0),
        ("Weekend", &f.header, 0),
        ("Bank holiday", &f.header, 0),
        ("Outside the month", &f.header, 0),
        ("Activity", &f.header, 0),
    ]
}

/// Every booking, counted and left out together, sorted by driver (report
/// order), person, date and cell, so a filter or a pivot reads them as
/// they come.
fn sorted_bookings(
    effort: &crate::report::effort::EffortByDriver,
) -> Vec<(&Booking, Option<LeftOut>)> {
    let mut rows: Vec<(&Booking, Option<LeftOut>)> = effort
        .bookings
        .iter()
        .map(|b| (b, None))
        .chain(effort.left_out.iter().map(|(b, why)| (b, Some(*why))))
        .collect();
    rows.sort_by(|(a, _), (b, _)| {
        (
            a.driver,
            &a.person,
            a.date,
            &a.cell.file,
            &a.cell.sheet,
            a.cell.row,
            a.cell.col,
        )
            .cmp(&(
                b.driver,
                &b.person,
                b.date,
                &b.cell.file,
                &b.cell.sheet,
                b.cell.row,
                b.cell.col,
            ))
    });
    rows
}

/// What writing the Effort bookings sheet's rows needs from the run.
struct BookingRows<'a> {
    run: &'a RunView<'a>,
    f: &'a Formats,
    layout: &'a EffortLayout,
    bank_holidays: std::collections::BTreeSet<chrono::NaiveDate>,
    /// The hidden sheets, by file and sheet.
    hidden: std::collections::HashSet<(&'a str, Option<&'a str>)>,
    /// The widest a column is fitted, in pixels.
    cap: u32,
    /// The first column of the hours by driver.
    side: u16,
}

impl<'a> BookingRows<'a> {
    fn new(run: &'a RunView, f: &'a Formats, layout: &'a EffortLayout, side: u16) -> Self {
        BookingRows {
            run,
            f,
            layout,
            bank_holidays: run
                .template
                .file
                .finance
                .bank_holiday_dates()
                .unwrap_or_default(),
            hidden: run
                .sources
                .iter()
                .filter(|s| s.hidden)
                .map(|s| (s.file.as_str(), s.sheet.as_deref()))
                .collect(),
            cap: column_pixels(MAX_WIDTH as f64),
            side,
        }
    }

    /// One booking's row: its figures, why it is left out if it is, and
    /// the cell it came from.
    fn booking(
        &self,
        sheet: &mut Worksheet,
        row: u32,
        booking: &Booking,
        why: Option<LeftOut>,
        fit: &mut ColumnFit,
    ) -> Result<()> {
        let f = self.f;
        let per_day = self.run.report.effort.hours_per_day;
        let driver = &self.run.template.drivers[booking.driver].name;
        let hours = booking.hours.as_f64();
        let days = booking.hours.days_f64(per_day);
        let weekend = booking.date.weekday().num_days_from_monday() >= 5;
        let outside = why == Some(LeftOut::OutsideMonth);
        let file = booking.cell.file.as_deref().unwrap_or_default();
        let sheet_name = booking.cell.sheet.as_deref();
        let yes = |flag: bool| if flag { "Yes" } else { "" };
        // Borrowed, not copied: a row per booking, and eleven texts a row.
        let texts: [(u16, &str); 11] = [
            (0, &booking.person),
            (2, driver),
            (5, if why.is_none() { "Yes" } else { "No" }),
            (6, why.map(LeftOut::describe).unwrap_or_default()),
            (7, &booking.driver_typed),
            (8, file),
            (9, sheet_name.unwrap_or_default()),
            (11, yes(self.hidden.contains(&(file, sheet_name)))),
            (12, yes(weekend)),
            (13, yes(self.bank_holidays.contains(&booking.date))),
            (14, yes(outside)),
        ];
        sheet.write_datetime_with_format(row, 1, booking.date, &f.date)?;
        sheet.write_number(row, BOOKING_HOURS, hours)?;
        let hours_ref = cell_ref(row, BOOKING_HOURS as u32);
        let days_cell = formula(format!("={hours_ref}/{}", self.layout.per_day), days);
        sheet.write_formula_with_format(row, 4, days_cell, &f.days)?;
        for &(col, text) in &texts {
            if text.is_empty() {
                continue;
            }
            let indent = if matches!(col, 2 | 5) {
                INDENT_PIXELS
            } else {
                0
            };
            if indent > 0 {
                sheet.write_string_with_format(row, col, text, &f.after_number)?;
            } else {
                sheet.write_string(row, col, text)?;
            }
            fit.fit(col, text, indent);
        }
        self.source_cell(sheet, row, booking, fit)?;
        fit.fit(1, &uk_date(booking.date), 0);
        fit.fit(3, &general_number(hours), 0);
        fit.fit(4, &days_text(days), 0);
        if let Some(activity) = &booking.activity {
            // An activity longer than the widest column wraps in it.
            if text_pixels(activity) > self.cap {
                sheet.write_string_with_format(row, 15, activity, &f.wrap)?;
                fit_row(sheet, row, &[(activity, MAX_WIDTH as f64)])?;
            } else {
                sheet.write_string(row, 15, activity)?;
            }
            fit.fit(15, activity, 0);
        }
        Ok(())
    }

    /// The cell a booking came from, linked to its place in the month's
    /// folder; Excel keeps at most 65,530 links a sheet.
    fn source_cell(
        &self,
        sheet: &mut Worksheet,
        row: u32,
        booking: &Booking,
        fit: &mut ColumnFit,
    ) -> Result<()> {
        let cell = &booking.cell;
        let file = cell.file.as_deref().unwrap_or_default();
        let place = match (cell.row, cell.col, cell.line) {
            (Some(r), Some(c), _) => cell_ref(r, c),
            (_, _, Some(line)) => format!("line {line}"),
            _ => String::new(),
        };
        if place.is_empty() {
            return Ok(());
        }
        let target =
            self.run.input_link.as_deref().filter(|_| {
                row < FIRST_ROW + MAX_LINKS && !file.contains('#') && cell.line.is_none()
            });
        match (target, cell.sheet.as_deref()) {
            (Some(folder), Some(name)) => {
                let url = format!(
                    "file:///{folder}/{file}#'{}'!{place}",
                    name.replace('\'', "''")
                );
                sheet.write_url_with_text(row, 10, Url::new(url).set_text(&place), &place)?;
            }
            _ => {
                sheet.write_string(row, 10, &place)?;
            }
        }
        fit.fit(10, &place, 0);
        Ok(())
    }

    /// Row `i` of the hours by driver (the last is the total): live SUMIFS
    /// over the bookings, and a total.
    fn driver_hours(
        &self,
        sheet: &mut Worksheet,
        row: u32,
        i: usize,
        driver_hours: &[(Hours, Hours)],
        fit: &mut ColumnFit,
    ) -> Result<()> {
        let (f, side, layout) = (self.f, self.side, self.layout);
        let drivers = &self.run.template.drivers;
        let hours_col = layout.bookings_column(BOOKING_HOURS);
        let driver_col = layout.bookings_column(BOOKING_DRIVER);
        let counted_col = layout.bookings_column(BOOKING_COUNTED);
        let (label, (counted, left_out)) = match drivers.get(i) {
            Some(driver) => (driver.name.as_str(), driver_hours[i]),
            None => (
                "Total",
                driver_hours
                    .iter()
                    .fold((Hours::ZERO, Hours::ZERO), |t, h| (t.0 + h.0, t.1 + h.1)),
            ),
        };
        let label_ref = format!("${}{}", crate::text::column_letters(side as u32), row + 1);
        let (counted_formula, left_formula) = if i < drivers.len() {
            (
                format!("=SUMIFS({hours_col},{driver_col},{label_ref},{counted_col},\"Yes\")"),
                format!("=SUMIFS({hours_col},{driver_col},{label_ref},{counted_col},\"<>Yes\")"),
            )
        } else {
            let first = |col: u16| cell_ref(FIRST_ROW, col as u32);
            let above = |col: u16| cell_ref(row - 1, col as u32);
            (
                format!("=SUM({}:{})", first(side + 1), above(side + 1)),
                format!("=SUM({}:{})", first(side + 2), above(side + 2)),
            )
        };
        let format = if i < drivers.len() {
            &f.hours
        } else {
            &f.hours_bold
        };
        if i < drivers.len() {
            sheet.write_string(row, side, label)?;
        } else {
            sheet.write_string_with_format(row, side, label, &f.bold)?;
        }
        sheet.write_formula_with_format(
            row,
            side + 1,
            formula(counted_formula, counted.as_f64()),
            format,
        )?;
        sheet.write_formula_with_format(
            row,
            side + 2,
            formula(left_formula, left_out.as_f64()),
            format,
        )?;
        fit.fit(side, label, 0);
        fit.fit(side + 1, &days_text(counted.as_f64()), 0);
        fit.fit(side + 2, &days_text(left_out.as_f64()), 0);
        Ok(())
    }
}

/// Table 4 carried forward: each driver's days this month beside last month
/// and the year to date, and the yearly budget where the template gives
/// one. This month is live from the Effort detail; earlier months come from
/// the earlier report's own sheet, which is how the next month reads them.
fn effort_carried(
    sheet: &mut Worksheet,
    run: &RunView,
    f: &Formats,
    layout: &EffortLayout,
) -> Result<Page> {
    let carried = &run.report.effort_carried;
    let drivers = &run.template.drivers;
    sheet.set_name(EFFORT_CARRIED_CAPTION)?;
    let caption = format!(
        "{EFFORT_CARRIED_CAPTION}: days per driver, unrounded, this month beside last month and the year to date (the year from {})",
        carried.year_start.long_label()
    );
    let columns = CarriedColumns::of(carried);
    let ytd_label = columns.headings(sheet, carried, f)?;
    let mut totals = CarriedTotals {
        column_hours: vec![Hours::ZERO; carried.months.len()],
        budget: 0.0,
    };
    for i in 0..drivers.len() {
        columns.driver_row(sheet, run, layout, i, &mut totals, f)?;
    }
    let total_row = FIRST_ROW + drivers.len() as u32;
    columns.total_row(sheet, run, total_row, &totals, f)?;
    sheet.write_string(total_row + 2, 0, carried_note(carried, run.report.month))?;
    // The year-to-date heading on one line (bold, a tenth wider).
    let ytd_width = width_for(text_pixels(&ytd_label) * 11 / 10);
    Ok(Page::new(caption)
        .freeze_col(1)
        .width(0, 40.0)
        .width(columns.ytd, ytd_width))
}

/// The columns of the Table 4 carried forward sheet: a month each, the
/// year to date (summing the months from the year's start), and the
/// budget and what is left of it where the template gives one.
struct CarriedColumns {
    first_month: u16,
    ytd: u16,
    /// The first and last month columns of the year to date.
    year: (u16, u16),
    has_budget: bool,
}

/// The sums the Grand Total row shows.
struct CarriedTotals {
    /// Per month column.
    column_hours: Vec<Hours>,
    budget: f64,
}

impl CarriedColumns {
    fn of(carried: &crate::report::effort::EffortCarried) -> CarriedColumns {
        let first_month = 1u16;
        let ytd = first_month + carried.months.len() as u16;
        let year_cols: Vec<u16> = carried
            .months
            .iter()
            .enumerate()
            .filter(|(_, m)| **m >= carried.year_start)
            .map(|(i, _)| first_month + i as u16)
            .collect();
        CarriedColumns {
            first_month,
            ytd,
            year: (
                year_cols.first().copied().unwrap_or(ytd - 1),
                year_cols.last().copied().unwrap_or(ytd - 1),
            ),
            has_budget: carried.budget.iter().any(Option::is_some),
        }
    }

    /// The header row; returns the year-to-date heading.
    fn headings(
        &self,
        sheet: &mut Worksheet,
        carried: &crate::report::effort::EffortCarried,
        f: &Formats,
    ) -> Result<String> {
        let ytd_col = self.ytd;
        sheet.write_string_with_format(HEADER_ROW, 0, "Driver", &f.header)?;
        for (i, m) in carried.months.iter().enumerate() {
            sheet.write_string_with_format(
                HEADER_ROW,
                self.first_month + i as u16,
                m.short_label(),
                &f.header_right,
            )?;
        }
        let ytd_label = format!("Year to date (from {})", carried.year_start.short_label());
        sheet.write_string_with_format(HEADER_ROW, ytd_col, &ytd_label, &f.header_right)?;
        if self.has_budget {
            sheet.write_string_with_format(
                HEADER_ROW,
                ytd_col + 1,
                "Budget (year)",
                &f.header_right,
            )?;
            sheet.write_string_with_format(
                HEADER_ROW,
                ytd_col + 2,
                "Budget left",
                &f.header_right,
            )?;
        }
        Ok(ytd_label)
    }

    /// Driver `i`'s row: this month live from the Effort detail, earlier
    /// months as the earlier report gives them, the year to date and the
    /// budget.
    fn driver_row(
        &self,
        sheet: &mut Worksheet,
        run: &RunView,
        layout: &EffortLayout,
        i: usize,
        totals: &mut CarriedTotals,
        f: &Formats,
    ) -> Result<()> {
        let carried = &run.report.effort_carried;
        let per_day = run.report.effort.hours_per_day;
        let ytd_col = self.ytd;
        let row = FIRST_ROW + i as u32;
        sheet.write_string(row, 0, &run.template.drivers[i].name)?;
        for (j, (m, hours)) in carried.months.iter().zip(&carried.hours[i]).enumerate() {
            let col = self.first_month + j as u16;
            let Some(hours) = hours else { continue };
            totals.column_hours[j] += *hours;
            let days = hours.days_f64(per_day);
            if *m == run.report.month && layout.has_people {
                let source = layout.total_ref(1 + i as u16);
                sheet.write_formula_with_format(
                    row,
                    col,
                    formula(format!("={source}"), days),
                    &f.days,
                )?;
            } else {
                sheet.write_number_with_format(row, col, days, &f.days)?;
            }
        }
        let ytd = carried.year_to_date(i).days_f64(per_day);
        let cell = sum((row, self.year.0), (row, self.year.1), ytd);
        sheet.write_formula_with_format(row, ytd_col, cell, &f.days_bold)?;
        if let Some(budget) = carried.budget[i] {
            totals.budget += budget;
            sheet.write_number_with_format(row, ytd_col + 1, budget, &f.days)?;
            let left = formula(
                format!(
                    "={}-{}",
                    cell_ref(row, ytd_col as u32 + 1),
                    cell_ref(row, ytd_col as u32)
                ),
                budget - ytd,
            );
            sheet.write_formula_with_format(row, ytd_col + 2, left, &f.days)?;
        }
        Ok(())
    }

    /// The Grand Total row: each month's, the year to date's and the
    /// budget's sums.
    fn total_row(
        &self,
        sheet: &mut Worksheet,
        run: &RunView,
        total_row: u32,
        totals: &CarriedTotals,
        f: &Formats,
    ) -> Result<()> {
        let carried = &run.report.effort_carried;
        let per_day = run.report.effort.hours_per_day;
        let ytd_col = self.ytd;
        sheet.write_string_with_format(total_row, 0, "Grand Total", &f.bold)?;
        let last_driver = total_row - 1;
        for (j, hours) in totals.column_hours.iter().enumerate() {
            // A month no report gives stays blank, its total too.
            if carried.hours.iter().all(|row| row[j].is_none()) {
                continue;
            }
            let col = self.first_month + j as u16;
            let cell = sum(
                (FIRST_ROW, col),
                (last_driver, col),
                hours.days_f64(per_day),
            );
            sheet.write_formula_with_format(total_row, col, cell, &f.days_bold)?;
        }
        let ytd_total: Hours = (0..run.template.drivers.len())
            .map(|i| carried.year_to_date(i))
            .sum();
        let cell = sum(
            (FIRST_ROW, ytd_col),
            (last_driver, ytd_col),
            ytd_total.days_f64(per_day),
        );
        sheet.write_formula_with_format(total_row, ytd_col, cell, &f.days_bold)?;
        if self.has_budget {
            let cell = sum(
                (FIRST_ROW, ytd_col + 1),
                (last_driver, ytd_col + 1),
                totals.budget,
            );
            sheet.write_formula_with_format(total_row, ytd_col + 1, cell, &f.days_bold)?;
            let left = formula(
                format!(
                    "={}-{}",
                    cell_ref(total_row, ytd_col as u32 + 1),
                    cell_ref(total_row, ytd_col as u32)
                ),
                totals.budget - ytd_total.days_f64(per_day),
            );
            sheet.write_formula_with_format(total_row, ytd_col + 2, left, &f.days_bold)?;
        }
        Ok(())
    }
}

/// Where the earlier months came from, and any that no report gave.
fn carried_note(carried: &crate::report::effort::EffortCarried, month: Month) -> String {
    let missing: Vec<String> = carried
        .months
        .iter()
        .enumerate()
        .filter(|(j, _)| carried.hours.iter().any(|row| row[*j].is_none()))
        .map(|(_, m)| m.short_label())
        .collect();
    let mut note = format!(
        "{} is this month's Table 4 before rounding (live from the Effort detail); earlier months are the earlier report's {EFFORT_CARRIED_CAPTION} sheet.",
        month.short_label()
    );
    if !missing.is_empty() {
        note.push_str(&format!(
            " No earlier report gives {}: left blank, and the year to date counts only the months shown.",
            missing.join(", ")
        ));
    }
    note
}

/// Effort by person, from the staff list: each person's booked days against
/// their working days, then each driver's days split between staff,
/// contractors and people not on the list, with their cost at day rates.
fn effort_by_person(sheet: &mut Worksheet, run: &RunView, f: &Formats) -> Result<Page> {
    let Some(staff) = &run.report.staff else {
        return Ok(Page::new(EFFORT_BY_PERSON.to_string()));
    };
    let month = run.report.month;
    let pounds = Format::new().set_num_format("£#,##0.00");
    let money = Money {
        bold: pounds.clone().set_bold(),
        pounds,
    };
    sheet.set_name(EFFORT_BY_PERSON)?;
    let caption = format!(
        "{EFFORT_BY_PERSON}: booked days against working days in {}, from the staff list",
        month.long_label()
    );
    let labels = [
        "Person",
        "Staff or contractor",
        "Hours a week",
        "Working days",
        "Booked days",
        "Difference",
        "Day rate",
        "Cost",
    ];
    for (col, label) in labels.iter().enumerate() {
        let format = if col < 2 { &f.header } else { &f.header_right };
        sheet.write_string_with_format(HEADER_ROW, col as u16, *label, format)?;
    }
    let mut row = people_rows(sheet, staff, f, &money)?;
    row += 2;
    for note in &staff_notes(staff, month) {
        sheet.write_string(row, 0, note)?;
        row += 1;
    }
    row += 1;
    let split_labels = [
        "Driver",
        "Staff days",
        "Contractor days",
        "Not on the staff list",
        "Total days",
        "Cost at day rates",
        "Days without a day rate",
    ];
    for (col, label) in split_labels.iter().enumerate() {
        let format = if col == 0 { &f.header } else { &f.header_right };
        sheet.write_string_with_format(row, col as u16, *label, format)?;
    }
    driver_split(sheet, row + 1, run, staff, f, &money)?;
    // Each column as wide as the longer of its two headings (bold, a tenth
    // wider), so the split's headings never run together, and its figures.
    let mut page = Page::new(caption).freeze_col(1).width(0, 40.0);
    for col in 1..labels.len() {
        let widest = [labels.get(col), split_labels.get(col)]
            .into_iter()
            .flatten()
            .map(|label| text_pixels(label))
            .max()
            .unwrap_or(0);
        // At least wide enough for a cost such as £123,456.78.
        page = page.width(col as u16, width_for(widest * 11 / 10).max(13.0));
    }
    Ok(page)
}

/// The Effort by person sheet's money formats.
struct Money {
    pounds: Format,
    bold: Format,
}

/// A row per person and their total; returns the total's row.
fn people_rows(
    sheet: &mut Worksheet,
    staff: &crate::report::staff::StaffEffort,
    f: &Formats,
    money: &Money,
) -> Result<u32> {
    let per_day = staff.hours_per_day;
    let mut row = FIRST_ROW;
    let (mut working_total, mut booked_total, mut cost_total) = (0.0, Hours::ZERO, 0i128);
    for person in &staff.people {
        sheet.write_string(row, 0, &person.name)?;
        let contract = person
            .contract
            .map_or("Not on the staff list", |c| c.label());
        sheet.write_string(row, 1, contract)?;
        if let Some(week) = person.hours_a_week {
            sheet.write_number_with_format(row, 2, week.as_f64(), &f.hours)?;
        }
        if let Some(working) = person.working_days(staff) {
            working_total += working;
            sheet.write_number_with_format(row, 3, working, &f.days)?;
        }
        booked_total += person.booked;
        sheet.write_number_with_format(row, 4, person.booked.days_f64(per_day), &f.days)?;
        if let Some(difference) = person.difference(staff) {
            sheet.write_number_with_format(row, 5, difference, &f.days)?;
        }
        if let Some(rate) = person.day_rate_pence {
            sheet.write_number_with_format(row, 6, rate as f64 / 100.0, &money.pounds)?;
        }
        if let Some(cost) = person.cost() {
            cost_total += cost;
            sheet.write_number_with_format(row, 7, in_pounds(cost, per_day), &money.pounds)?;
        }
        row += 1;
    }
    let last = row - 1;
    sheet.write_string_with_format(row, 0, "Total", &f.bold)?;
    sheet.write_formula_with_format(
        row,
        3,
        sum((FIRST_ROW, 3), (last, 3), working_total),
        &f.days_bold,
    )?;
    let booked_days = booked_total.days_f64(per_day);
    sheet.write_formula_with_format(
        row,
        4,
        sum((FIRST_ROW, 4), (last, 4), booked_days),
        &f.days_bold,
    )?;
    sheet.write_formula_with_format(
        row,
        7,
        sum((FIRST_ROW, 7), (last, 7), in_pounds(cost_total, per_day)),
        &money.bold,
    )?;
    Ok(row)
}

/// The notes under the people: how working days are counted, and who
/// booked nothing.
fn staff_notes(staff: &crate::report::staff::StaffEffort, month: Month) -> [String; 2] {
    let per_day = staff.hours_per_day;
    let holidays = if staff.bank_holidays.is_empty() {
        "no bank holiday".to_string()
    } else {
        let dates: Vec<String> = staff
            .bank_holidays
            .iter()
            .map(|d| d.format("%d/%m/%Y").to_string())
            .collect();
        format!("the bank holidays {}", dates.join(", "))
    };
    let idle: Vec<&str> = staff
        .people
        .iter()
        .filter(|p| p.contract.is_some() && !p.booked.is_positive())
        .map(|p| p.name.as_str())
        .collect();
    [
        format!(
            "Working days: {} weekdays in {} less {holidays} (the template's [finance] bank_holidays), \
             scaled by contracted hours a week ÷ {} (5 days of {} hours). Difference: booked less working days.",
            staff.working_days,
            month.long_label(),
            general_number(5.0 * per_day.as_f64()),
            general_number(per_day.as_f64()),
        ),
        if idle.is_empty() {
            "Everyone on the staff list booked time this month.".to_string()
        } else {
            format!("Booked nothing this month: {}.", idle.join(", "))
        },
    ]
}

/// Each driver's days split between staff, contractors and people not on
/// the list, with their cost at day rates, from `first_driver` down, and a
/// Grand Total.
fn driver_split(
    sheet: &mut Worksheet,
    first_driver: u32,
    run: &RunView,
    staff: &crate::report::staff::StaffEffort,
    f: &Formats,
    money: &Money,
) -> Result<()> {
    let per_day = staff.hours_per_day;
    let mut row = first_driver;
    let mut column_hours = [Hours::ZERO; 3];
    let (mut uncosted_total, mut driver_cost_total) = (Hours::ZERO, 0i128);
    for (i, driver) in run.template.drivers.iter().enumerate() {
        sheet.write_string(row, 0, &driver.name)?;
        let mut driver_hours = Hours::ZERO;
        for (j, hours) in staff.split[i].iter().enumerate() {
            column_hours[j] += *hours;
            driver_hours += *hours;
            sheet.write_number_with_format(row, 1 + j as u16, hours.days_f64(per_day), &f.days)?;
        }
        let total = sum((row, 1), (row, 3), driver_hours.days_f64(per_day));
        sheet.write_formula_with_format(row, 4, total, &f.days_bold)?;
        driver_cost_total += staff.cost[i];
        let cost = in_pounds(staff.cost[i], per_day);
        sheet.write_number_with_format(row, 5, cost, &money.pounds)?;
        uncosted_total += staff.uncosted[i];
        sheet.write_number_with_format(row, 6, staff.uncosted[i].days_f64(per_day), &f.days)?;
        row += 1;
    }
    let last_driver = row - 1;
    sheet.write_string_with_format(row, 0, "Grand Total", &f.bold)?;
    let all: Hours = column_hours.iter().copied().sum();
    for (col, hours) in (1u16..).zip(column_hours.iter().chain([&all])) {
        let cell = sum(
            (first_driver, col),
            (last_driver, col),
            hours.days_f64(per_day),
        );
        sheet.write_formula_with_format(row, col, cell, &f.days_bold)?;
    }
    let cell = sum(
        (first_driver, 5),
        (last_driver, 5),
        in_pounds(driver_cost_total, per_day),
    );
    sheet.write_formula_with_format(row, 5, cell, &money.bold)?;
    let cell = sum(
        (first_driver, 6),
        (last_driver, 6),
        uncosted_total.days_f64(per_day),
    );
    sheet.write_formula_with_format(row, 6, cell, &f.days_bold)?;
    Ok(())
}

/// A number as the General format shows it: at most eleven characters.
fn general_number(value: f64) -> String {
    let text = format!("{value}");
    if text.chars().count() > 11 {
        format!("{value:.9}").chars().take(11).collect()
    } else {
        text
    }
}

fn checks(sheet: &mut Worksheet, run: &RunView, f: &Formats) -> Result<Page> {
    sheet.set_name("Checks")?;
    let labels = ["Severity", "Check", "File", "Sheet", "Cell", "Message"];
    headers(sheet, &labels, f)?;
    // The least width of each column, for its bold labels: set before
    // autofit, which only widens it.
    let mut least = ColumnFit::new(labels.len());
    for (col, label) in (0u16..).zip(labels) {
        least.fit_bold(col, label, FILTER_BUTTON_PIXELS);
    }
    for (row, finding) in (FIRST_ROW..).zip(run.findings.sorted()) {
        let l = &finding.location;
        // Top-aligned beside the wrapped message, so that a row reads as
        // one line when printed.
        for (col, text) in [
            finding.severity.label().to_string(),
            finding.code.to_string(),
            l.file.clone().unwrap_or_default(),
            l.sheet.clone().unwrap_or_default(),
            l.cell().unwrap_or_default(),
        ]
        .iter()
        .enumerate()
        {
            sheet.write_string_with_format(row, col as u16, text, &f.top)?;
        }
        sheet.write_string_with_format(row, 5, &finding.message, &f.wrap)?;
        fit_row(sheet, row, &[(&finding.message, 90.0)])?;
    }
    // Filter buttons over the findings (which also widen the fitted
    // columns for them).
    let findings = run.findings.sorted().len() as u32;
    sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + findings, 5)?;
    // Figures the Panel saw that the raw inputs now tell differently.
    let restatements = &run.report.rolling.restatements;
    if !restatements.is_empty() {
        let mut row = FIRST_ROW + run.findings.sorted().len() as u32 + 2;
        sheet.write_string_with_format(row, 0, "Restatements", &f.bold)?;
        least.fit_bold(0, "Restatements", 0);
        row += 1;
        for (col, label) in [
            "Table",
            "Row",
            "Month",
            "Published",
            "Now (raw)",
            "Earlier report",
        ]
        .iter()
        .enumerate()
        {
            let format = match col {
                3 | 4 => &f.header_right,
                5 => &f.header_after_number,
                _ => &f.header,
            };
            sheet.write_string_with_format(row, col as u16, *label, format)?;
            least.fit_bold(col as u16, label, 0);
        }
        for restatement in restatements {
            row += 1;
            sheet.write_string(row, 0, restatement.table.name())?;
            sheet.write_string(row, 1, &restatement.row)?;
            sheet.write_string(row, 2, restatement.month.short_label())?;
            sheet.write_number_with_format(row, 3, restatement.history as f64, &f.count)?;
            sheet.write_number_with_format(row, 4, restatement.raw as f64, &f.count)?;
            sheet.write_string_with_format(row, 5, &restatement.history_file, &f.after_number)?;
        }
    }
    least.apply(sheet, u32::MAX)?;
    Ok(Page::new("Checks: every reconciliation finding of the run").width(5, 90.0))
}

/// Every input file and sheet and what was read from it, each cell at the
/// top of its row beside the wrapped reasons and notes.
fn sources(sheet: &mut Worksheet, run: &RunView, f: &Formats) -> Result<Page> {
    sheet.set_name("Sources")?;
    let columns = source_columns(f);
    let widths: Vec<f64> = columns.iter().map(|c| c.2.unwrap_or_default()).collect();
    let hours = hours_by_sheet(&run.report.effort);
    let mut page = Page::new("Sources: every input file and sheet, and what was read from it")
        .narrow_margins();
    let mut header_lines = 1;
    for (col, (label, format, width)) in (0u16..).zip(columns) {
        sheet.write_string_with_format(HEADER_ROW, col, label, format)?;
        let width = width.unwrap_or_default();
        page = page.width(col, width);
        // A header's words may wrap a line each in bold.
        let words = label.split(' ').count() as u32;
        header_lines = header_lines.max(wrapped_lines(label, width)).max(words);
    }
    // A line more than the longest header takes: the filter's buttons sit
    // in it, below the headers' words, so no column is widened for them.
    sheet.set_row_height(HEADER_ROW, 15.0 * (header_lines + 1) as f64)?;
    let mut row = FIRST_ROW;
    for (source, account) in run.report.ledger.accounts(run.sources) {
        let key = (source.file.as_str(), source.sheet.as_deref());
        source_row(sheet, row, source, &account, hours.get(&key), f, &widths)?;
        row += 1;
    }
    for skipped in run.skipped_files {
        let note = format!("skipped: {}", skipped.reason);
        sheet.write_string_with_format(row, 0, &skipped.name, &f.wrap)?;
        sheet.write_string_with_format(row, 8, &note, &f.wrap)?;
        fit_row(
            sheet,
            row,
            &[(&skipped.name, widths[0]), (&note, widths[8])],
        )?;
        row += 1;
    }
    sheet.autofilter(HEADER_ROW, 0, row.max(FIRST_ROW) - 1, 12)?;
    Ok(page)
}

/// The Sources sheet's columns: label, header format, and width. Every
/// column's width is set, so the sheet prints one page wide at a scale
/// that keeps its 11 pt text at 8 pt or more (see the test). Texts wrap; a
/// number's column holds its header's longest word.
fn source_columns(f: &Formats) -> [(&'static str, &Format, Option<f64>); 13] {
    let number = |label: &str| Some(word_width(label));
    [
        ("File", &f.header, Some(15.0)),
        ("Sheet", &f.header, Some(11.0)),
        ("Hidden", &f.header, number("Hidden")),
        ("Kind", &f.header, Some(12.0)),
        ("Header row", &f.header_right, number("Header row")),
        ("Rows used", &f.header_right, number("Rows used")),
        ("Rows skipped", &f.header_right, number("Rows skipped")),
        (
            "Skipped because",
            &f.header_after_number,
            Some(SKIPPED_WIDTH),
        ),
        ("Note", &f.header, Some(NOTE_WIDTH)),
        ("SHA-256", &f.header, Some(digest_width())),
        ("Hours read", &f.header_right, number("Hours read")),
        ("Hours used", &f.header_right, number("Hours used")),
        ("Hours left out", &f.header_right, number("Hours left out")),
    ]
}

/// A timesheet's hours by file and sheet: used (in Table 4) and left out
/// (dated outside the month, or another file's row counted once); read is
/// their sum.
fn hours_by_sheet(
    effort: &crate::report::effort::EffortByDriver,
) -> std::collections::HashMap<(&str, Option<&str>), (Hours, Hours)> {
    let mut hours: std::collections::HashMap<(&str, Option<&str>), (Hours, Hours)> =
        std::collections::HashMap::new();
    let bookings = effort.bookings.iter().map(|b| (b, true));
    for (booking, used) in bookings.chain(effort.left_out.iter().map(|(b, _)| (b, false))) {
        let file = booking.cell.file.as_deref().unwrap_or_default();
        let entry = hours
            .entry((file, booking.cell.sheet.as_deref()))
            .or_default();
        if used {
            entry.0 += booking.hours;
        } else {
            entry.1 += booking.hours;
        }
    }
    hours
}

/// One source sheet's row, each cell at the top of its row beside the
/// wrapped reasons and notes; `hours` are a timesheet's used and left out.
fn source_row(
    sheet: &mut Worksheet,
    row: u32,
    source: &crate::inputs::SourceSheet,
    account: &crate::report::ledger::SheetAccount,
    hours: Option<&(Hours, Hours)>,
    f: &Formats,
    width: &[f64],
) -> Result<()> {
    sheet.write_string_with_format(row, 0, &source.file, &f.wrap)?;
    let sheet_name = source.sheet.clone().unwrap_or_default();
    sheet.write_string_with_format(row, 1, &sheet_name, &f.wrap)?;
    let hidden = if source.hidden { "yes" } else { "" };
    sheet.write_string_with_format(row, 2, hidden, &f.top)?;
    let kind = source.kind.map(|k| k.label()).unwrap_or("");
    sheet.write_string_with_format(row, 3, kind, &f.wrap)?;
    if let Some(header) = source.header_row {
        sheet.write_number_with_format(row, 4, (header + 1) as f64, &f.top)?;
    }
    sheet.write_number_with_format(row, 5, account.rows_used as f64, &f.top)?;
    sheet.write_number_with_format(row, 6, account.rows_skipped() as f64, &f.top)?;
    let skipped = skipped_text(&account.skipped);
    sheet.write_string_with_format(row, 7, &skipped, &f.wrap_after_number)?;
    sheet.write_string_with_format(row, 8, account.note, &f.wrap)?;
    // The indent takes about two characters of the reason's column; the
    // digest wraps to lines of DIGEST_LINE digits.
    let digest_lines: Vec<&str> = source
        .sha256
        .as_bytes()
        .chunks(DIGEST_LINE)
        .filter_map(|line| std::str::from_utf8(line).ok())
        .collect();
    let digest_lines = digest_lines.join("\n");
    fit_row(
        sheet,
        row,
        &[
            (&source.file, width[0]),
            (&sheet_name, width[1]),
            (kind, width[3]),
            (&skipped, width[7] - 2.0),
            (account.note, width[8]),
            (&digest_lines, width[9]),
        ],
    )?;
    sheet.write_string_with_format(row, 9, &source.sha256, &f.digest)?;
    if let Some((used, left_out)) = hours {
        let read = *used + *left_out;
        for (col, h) in [(10, read), (11, *used), (12, *left_out)] {
            sheet.write_number_with_format(row, col, h.as_f64(), &f.hours_top)?;
        }
    }
    Ok(())
}

/// The Sources sheet's reasons and notes columns.
const SKIPPED_WIDTH: f64 = 14.0;
const NOTE_WIDTH: f64 = 20.0;

/// The width of a column that shows a SHA-256 digest (64 hexadecimal
/// digits) DIGEST_LINE digits a line in the digest's monospace font.
fn digest_width() -> f64 {
    // A monospace digit is 0.6 of the font's size; 7 pixels of padding.
    let pixels = DIGEST_LINE as f64 * 0.6 * DIGEST_POINTS * 96.0 / 72.0;
    width_for(pixels.ceil() as u32 + 7)
}

/// The width of a number's column whose header wraps between words: its
/// longest word in bold (a tenth wider than autofit measures it).
fn word_width(label: &str) -> f64 {
    let pixels = label.split(' ').map(text_pixels).max().unwrap_or(0);
    width_for(pixels + pixels.div_ceil(10))
}

/// Where each month of the rolling tables came from: raw files or an
/// earlier report. A sheet of its own, under its own headings.
fn sources_by_month(sheet: &mut Worksheet, run: &RunView, f: &Formats) -> Result<Page> {
    sheet.set_name("Sources by month")?;
    let labels = ["Table", "Month", "From", "Files"];
    headers(sheet, &labels, f)?;
    for (col, label) in (0u16..).zip(labels) {
        header_width(sheet, col, label, FILTER_BUTTON_PIXELS)?;
    }
    for (row, source) in (FIRST_ROW..).zip(&run.report.rolling.sources) {
        let (files, kind) = provenance_text(&source.provenance);
        let table = match &source.row {
            Some(r) => format!("{} · {r}", source.table.name()),
            None => source.table.name().to_string(),
        };
        sheet.write_string(row, 0, table)?;
        sheet.write_string(row, 1, source.month.short_label())?;
        sheet.write_string(row, 2, kind)?;
        sheet.write_string(row, 3, files)?;
    }
    let months = run.report.rolling.sources.len() as u32;
    sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + months, 3)?;
    Ok(Page::new(
        "Sources by month: where each month of Tables 3, 5 and 6 comes from",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_quote_the_sheet() {
        let layout = EffortLayout {
            sheet: "Effort detail",
            total_row: 33,
            has_people: true,
            total_col: 12,
            bookings: (3, 730),
            per_day: "7.5".into(),
            has_bookings: true,
        };
        assert_eq!(layout.total_ref(1), "'Effort detail'!B34");
        assert_eq!(
            layout.bookings_column(BOOKING_HOURS),
            "'Effort bookings'!$D$4:$D$731"
        );
        assert_eq!(crate::text::column_letters(layout.total_col as u32), "M");
    }
}
