//! The formatted output workbook: Summary, one sheet per table with the
//! paper's caption, rows, order and month headings, the Effort detail finance
//! checks Table 4 against (live `SUM`s, each carrying its computed value),
//! Checks and Sources. Only this file touches rust_xlsxwriter.

use anyhow::Result;
use chrono::NaiveDate;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Formula, Workbook, Worksheet,
};

use super::{RunView, csv::skipped_text};
use crate::findings::Severity;
use crate::month::Month;
use crate::text::cell_ref;

struct Formats {
    title: Format,
    bold: Format,
    header: Format,
    header_right: Format,
    group: Format,
    indented: Format,
    count: Format,
    count_bold: Format,
    days: Format,
    days_bold: Format,
    date: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Formats {
        let header = Format::new()
            .set_bold()
            .set_background_color("D9E1F2")
            .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
        Formats {
            title: Format::new().set_bold().set_font_size(13),
            bold: Format::new().set_bold(),
            header_right: header.clone().set_align(FormatAlign::Right),
            header,
            group: Format::new().set_bold().set_italic(),
            indented: Format::new().set_indent(1),
            count: Format::new().set_num_format("#,##0"),
            count_bold: Format::new().set_num_format("#,##0").set_bold(),
            days: Format::new().set_num_format("#,##0.00"),
            days_bold: Format::new().set_num_format("#,##0.00").set_bold(),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            wrap: Format::new().set_text_wrap(),
        }
    }
}

/// Render the workbook to bytes.
pub fn render(run: &RunView) -> Result<Vec<u8>> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let month = run.report.month;
    let next = month.next();
    // A fixed creation time (the first day after the report month) keeps the
    // file byte-identical from run to run.
    let created = ExcelDateTime::from_ymd(next.year() as u16, next.number() as u8, 1)?;
    let properties = DocProperties::new()
        .set_title(format!(
            "{} – {}",
            run.template.file.report.title,
            month.long_label()
        ))
        .set_subject(month.to_string())
        .set_category(format!(
            "Classification: {}",
            run.template.file.report.classification
        ))
        .set_custom_property(
            "Classification",
            run.template.file.report.classification.as_str(),
        )
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);

    summary(workbook.add_worksheet(), run, &formats)?;
    table4(workbook.add_worksheet(), run, &formats)?;
    table5(workbook.add_worksheet(), run, &formats)?;
    table6(workbook.add_worksheet(), run, &formats)?;
    effort_detail(workbook.add_worksheet(), run, &formats)?;
    checks(workbook.add_worksheet(), run, &formats)?;
    sources(workbook.add_worksheet(), run, &formats)?;
    Ok(workbook.save_to_buffer()?)
}

fn summary(sheet: &mut Worksheet, run: &RunView, f: &Formats) -> Result<()> {
    let month = run.report.month;
    sheet.set_name("Summary")?;
    sheet.write_string_with_format(
        0,
        0,
        format!(
            "{} – {}",
            run.template.file.report.title,
            month.long_label()
        ),
        &f.title,
    )?;
    sheet.write_string(1, 0, "Report month")?;
    sheet.write_string(1, 1, month.to_string())?;
    sheet.write_string_with_format(3, 0, "Key figure", &f.header)?;
    sheet.write_string_with_format(3, 1, "Value", &f.header_right)?;
    let mut row = 4;
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
    sheet.write_string(row, 0, "Rounding of Table 4")?;
    sheet.write_string(row, 1, run.report.effort.rounding.describe())?;
    row += 1;
    let read = run.sources.iter().filter(|s| s.kind.is_some()).count();
    sheet.write_string(row, 0, "Sheets read")?;
    sheet.write_number(row, 1, read as f64)?;
    sheet.set_column_width(0, 44)?;
    sheet.set_column_width(1, 14)?;
    sheet.set_column_width(2, 28)?;
    Ok(())
}

fn table4(sheet: &mut Worksheet, run: &RunView, f: &Formats) -> Result<()> {
    let titles = &run.template.file.tables.effort_by_driver;
    let effort = &run.report.effort;
    sheet.set_name(&titles.sheet)?;
    sheet.write_string_with_format(0, 0, &titles.caption, &f.title)?;
    sheet.write_string_with_format(2, 0, "Driver", &f.header)?;
    sheet.write_string_with_format(2, 1, "Days (rounded)", &f.header_right)?;
    let mut row = 3;
    for group in &run.template.file.driver_groups {
        sheet.write_string_with_format(row, 0, group, &f.group)?;
        row += 1;
        for driver_row in effort
            .rows
            .iter()
            .filter(|r| &run.template.drivers[r.driver].group == group)
        {
            sheet.write_string_with_format(
                row,
                0,
                &run.template.drivers[driver_row.driver].name,
                &f.indented,
            )?;
            sheet.write_number_with_format(row, 1, driver_row.days_rounded as f64, &f.count)?;
            row += 1;
        }
    }
    sheet.write_string_with_format(row, 0, "Grand Total", &f.bold)?;
    sheet.write_number_with_format(row, 1, effort.total_rounded as f64, &f.count_bold)?;
    sheet.set_column_width(0, 42)?;
    sheet.set_column_width(1, 16)?;
    sheet.set_freeze_panes(3, 0)?;
    Ok(())
}

fn month_headings(sheet: &mut Worksheet, row: u32, months: &[Month], f: &Formats) -> Result<()> {
    sheet.write_string_with_format(row, 0, "", &f.header)?;
    for (i, month) in months.iter().enumerate() {
        sheet.write_string_with_format(row, 1 + i as u16, month.short_label(), &f.header_right)?;
        sheet.set_column_width(1 + i as u16, 9)?;
    }
    Ok(())
}

fn table5(sheet: &mut Worksheet, run: &RunView, f: &Formats) -> Result<()> {
    let titles = &run.template.file.tables.helpdesk_emails;
    let helpdesk = &run.report.helpdesk;
    sheet.set_name(&titles.sheet)?;
    sheet.write_string_with_format(0, 0, &titles.caption, &f.title)?;
    month_headings(sheet, 2, &helpdesk.months, f)?;
    let mut row = 3;
    for (name, counts) in run.template.categories.names.iter().zip(&helpdesk.counts) {
        sheet.write_string(row, 0, name)?;
        for (i, count) in counts.iter().enumerate() {
            sheet.write_number_with_format(row, 1 + i as u16, *count as f64, &f.count)?;
        }
        row += 1;
    }
    sheet.write_string_with_format(row, 0, "Total", &f.bold)?;
    for (i, total) in helpdesk.totals().iter().enumerate() {
        sheet.write_number_with_format(row, 1 + i as u16, *total as f64, &f.count_bold)?;
    }
    sheet.set_column_width(0, 32)?;
    sheet.set_freeze_panes(3, 1)?;
    Ok(())
}

fn table6(sheet: &mut Worksheet, run: &RunView, f: &Formats) -> Result<()> {
    let titles = &run.template.file.tables.website_statistics;
    let website = &run.report.website;
    sheet.set_name(&titles.sheet)?;
    sheet.write_string_with_format(0, 0, &titles.caption, &f.title)?;
    month_headings(sheet, 2, &website.months, f)?;
    for (row, (label, values)) in [
        ("Visits", &website.visits),
        ("Page Views", &website.page_views),
    ]
    .into_iter()
    .enumerate()
    {
        let row = 3 + row as u32;
        sheet.write_string(row, 0, label)?;
        for (i, value) in values.iter().enumerate() {
            if let Some(value) = value {
                sheet.write_number_with_format(row, 1 + i as u16, *value as f64, &f.count)?;
            }
        }
    }
    sheet.set_column_width(0, 14)?;
    sheet.set_freeze_panes(3, 1)?;
    Ok(())
}

/// Days since Excel's 1900 epoch, for writing a date cell.
fn excel_serial(date: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or(NaiveDate::MIN);
    (date - epoch).num_days() as f64
}

/// A `SUM` formula with its value cached, so a viewer that does not
/// recalculate still shows the right number.
fn sum_formula(first: (u32, u16), last: (u32, u16), value: f64) -> Formula {
    Formula::new(format!(
        "=SUM({}:{})",
        cell_ref(first.0, first.1 as u32),
        cell_ref(last.0, last.1 as u32)
    ))
    .set_result(format!("{value}"))
}

fn effort_detail(sheet: &mut Worksheet, run: &RunView, f: &Formats) -> Result<()> {
    let effort = &run.report.effort;
    let per_day = effort.hours_per_day;
    let drivers = &run.template.drivers;
    sheet.set_name("Effort detail")?;
    sheet.write_string_with_format(
        0,
        0,
        format!(
            "Effort detail: days by person and driver, unrounded ({} hours a day)",
            per_day
        ),
        &f.title,
    )?;
    let header_row = 2;
    let last_col = drivers.len() as u16 + 1;
    sheet.write_string_with_format(header_row, 0, "Person", &f.header)?;
    for (i, driver) in drivers.iter().enumerate() {
        sheet.write_string_with_format(header_row, 1 + i as u16, &driver.name, &f.header_right)?;
        sheet.set_column_width(1 + i as u16, 14)?;
    }
    sheet.write_string_with_format(header_row, last_col, "Total", &f.header_right)?;
    sheet.set_row_height(header_row, 45)?;
    sheet.set_row_format(header_row, &f.wrap)?;
    let first_row = header_row + 1;
    let mut row = first_row;
    let mut column_sums = vec![0f64; drivers.len()];
    for (person, hours) in &effort.by_person {
        sheet.write_string(row, 0, person)?;
        let mut row_sum = 0f64;
        for (i, h) in hours.iter().enumerate() {
            let days = h.days_f64(per_day);
            sheet.write_number_with_format(row, 1 + i as u16, days, &f.days)?;
            row_sum += days;
            column_sums[i] += days;
        }
        sheet.write_formula_with_format(
            row,
            last_col,
            sum_formula((row, 1), (row, last_col - 1), row_sum),
            &f.days_bold,
        )?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, "Total", &f.bold)?;
    if row > first_row {
        for (i, sum) in column_sums.iter().enumerate() {
            let col = 1 + i as u16;
            sheet.write_formula_with_format(
                row,
                col,
                sum_formula((first_row, col), (row - 1, col), *sum),
                &f.days_bold,
            )?;
        }
        let grand: f64 = column_sums.iter().sum();
        sheet.write_formula_with_format(
            row,
            last_col,
            sum_formula((first_row, last_col), (row - 1, last_col), grand),
            &f.days_bold,
        )?;
    }
    sheet.set_column_width(0, 26)?;
    sheet.set_column_width(last_col, 12)?;
    sheet.set_freeze_panes(first_row, 1)?;

    // Every booking behind the figures, with the cell it came from.
    row += 3;
    sheet.write_string_with_format(row, 0, "Bookings in the month", &f.title)?;
    row += 1;
    for (col, label) in [
        "Person", "Date", "Driver", "Hours", "Days", "Source", "Activity",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(row, col as u16, *label, &f.header)?;
    }
    for booking in &effort.bookings {
        row += 1;
        sheet.write_string(row, 0, &booking.person)?;
        sheet.write_number_with_format(row, 1, excel_serial(booking.date), &f.date)?;
        sheet.write_string(row, 2, &drivers[booking.driver].name)?;
        sheet.write_number(row, 3, booking.hours.as_f64())?;
        sheet.write_number_with_format(row, 4, booking.hours.days_f64(per_day), &f.days)?;
        sheet.write_string(row, 5, booking.cell.to_string())?;
        if let Some(activity) = &booking.activity {
            sheet.write_string(row, 6, activity)?;
        }
    }
    Ok(())
}

fn checks(sheet: &mut Worksheet, run: &RunView, f: &Formats) -> Result<()> {
    sheet.set_name("Checks")?;
    sheet.write_string_with_format(0, 0, "Checks: reconciliation findings", &f.title)?;
    let headers = ["Severity", "Check", "File", "Sheet", "Cell", "Message"];
    for (col, label) in headers.iter().enumerate() {
        sheet.write_string_with_format(2, col as u16, *label, &f.header)?;
    }
    for (i, finding) in run.findings.sorted().iter().enumerate() {
        let row = 3 + i as u32;
        let l = &finding.location;
        sheet.write_string(row, 0, finding.severity.label())?;
        sheet.write_string(row, 1, finding.code)?;
        sheet.write_string(row, 2, l.file.clone().unwrap_or_default())?;
        sheet.write_string(row, 3, l.sheet.clone().unwrap_or_default())?;
        sheet.write_string(row, 4, l.cell().unwrap_or_default())?;
        sheet.write_string_with_format(row, 5, &finding.message, &f.wrap)?;
    }
    for (col, width) in [10, 20, 30, 18, 18, 90].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    sheet.set_freeze_panes(3, 0)?;
    Ok(())
}

fn sources(sheet: &mut Worksheet, run: &RunView, f: &Formats) -> Result<()> {
    sheet.set_name("Sources")?;
    sheet.write_string_with_format(0, 0, "Sources: every input file and sheet", &f.title)?;
    let headers = [
        "File",
        "Sheet",
        "Hidden",
        "Kind",
        "Header row",
        "Rows used",
        "Rows skipped",
        "Skipped because",
        "Note",
        "SHA-256",
    ];
    for (col, label) in headers.iter().enumerate() {
        sheet.write_string_with_format(2, col as u16, *label, &f.header)?;
    }
    let mut row = 3;
    for source in run.sources {
        sheet.write_string(row, 0, &source.file)?;
        sheet.write_string(row, 1, source.sheet.clone().unwrap_or_default())?;
        sheet.write_string(row, 2, if source.hidden { "yes" } else { "" })?;
        sheet.write_string(row, 3, source.kind.map(|k| k.label()).unwrap_or(""))?;
        if let Some(header) = source.header_row {
            sheet.write_number(row, 4, (header + 1) as f64)?;
        }
        sheet.write_number(row, 5, source.rows_used as f64)?;
        sheet.write_number(row, 6, source.rows_skipped() as f64)?;
        sheet.write_string(row, 7, skipped_text(source))?;
        sheet.write_string(row, 8, &source.note)?;
        sheet.write_string(row, 9, &source.sha256)?;
        row += 1;
    }
    for skipped in run.skipped_files {
        sheet.write_string(row, 0, &skipped.name)?;
        sheet.write_string(row, 8, format!("skipped: {}", skipped.reason))?;
        row += 1;
    }
    for (col, width) in [34, 22, 8, 26, 11, 10, 12, 40, 50, 66]
        .into_iter()
        .enumerate()
    {
        sheet.set_column_width(col as u16, width)?;
    }
    sheet.set_freeze_panes(3, 0)?;
    Ok(())
}
