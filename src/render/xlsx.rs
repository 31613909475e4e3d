//! The formatted output workbook: Summary, one sheet per table with the
//! paper's caption, rows, order and month headings, the Effort detail finance
//! checks Table 4 against (live `SUM`s, each carrying its computed value),
//! Checks and Sources. Only this file touches rust_xlsxwriter.

use anyhow::Result;
use chrono::NaiveDate;
use rust_xlsxwriter::{
    Chart, ChartType, DocProperties, ExcelDateTime, Format, FormatAlign, Formula, Workbook,
    Worksheet,
};

use super::RunView;
use super::csv::{party_statistics_rows, skipped_text, uep_completion_text, uk_date};
use crate::findings::Severity;
use crate::month::Month;
use crate::report::meetings::superscript;
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
    wrap_top: Format,
    group_top: Format,
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
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            wrap_top: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            group_top: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
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
    table1(workbook.add_worksheet(), run, &formats)?;
    table2(workbook.add_worksheet(), run, &formats)?;
    table3(workbook.add_worksheet(), run, &formats)?;
    figure1(workbook.add_worksheet(), run, &formats)?;
    table4(workbook.add_worksheet(), run, &formats)?;
    table5(workbook.add_worksheet(), run, &formats)?;
    table6(workbook.add_worksheet(), run, &formats)?;
    table7(workbook.add_worksheet(), run, &formats)?;
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

fn headers(sheet: &mut Worksheet, row: u32, labels: &[&str], f: &Formats) -> Result<()> {
    for (col, label) in labels.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *label, &f.header)?;
    }
    Ok(())
}

fn table1(sheet: &mut Worksheet, run: &RunView, f: &Formats) -> Result<()> {
    let titles = &run.template.file.tables.applicants;
    sheet.set_name(&titles.sheet)?;
    sheet.write_string_with_format(0, 0, &titles.caption, &f.title)?;
    headers(sheet, 2, &["Organisation", "Party Category"], f)?;
    for (i, applicant) in run.report.membership.applicants.iter().enumerate() {
        let row = 3 + i as u32;
        sheet.write_string(row, 0, &applicant.organisation)?;
        sheet.write_string(
            row,
            1,
            &run.template.party_categories.names[applicant.category],
        )?;
    }
    sheet.set_column_width(0, 40)?;
    sheet.set_column_width(1, 28)?;
    Ok(())
}

fn table2(sheet: &mut Worksheet, run: &RunView, f: &Formats) -> Result<()> {
    let titles = &run.template.file.tables.uep_completions;
    let t = run.template;
    sheet.set_name(&titles.sheet)?;
    sheet.write_string_with_format(0, 0, &titles.caption, &f.title)?;
    headers(
        sheet,
        2,
        &[
            "SEC Party",
            "Party Category",
            "DCC User role(s)",
            "Date of UEP completion",
        ],
        f,
    )?;
    for (i, completion) in run.report.membership.uep_completions.iter().enumerate() {
        let row = 3 + i as u32;
        let roles: Vec<&str> = completion
            .roles
            .iter()
            .map(|r| t.dcc_user_roles.names[*r].as_str())
            .collect();
        sheet.write_string(row, 0, &completion.party)?;
        let category = completion
            .category
            .map(|c| t.party_categories.names[c].as_str())
            .unwrap_or("");
        sheet.write_string(row, 1, category)?;
        sheet.write_string(row, 2, roles.join(", "))?;
        sheet.write_string(row, 3, uep_completion_text(completion))?;
    }
    for (col, width) in [30, 26, 34, 26].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    Ok(())
}

fn table3(sheet: &mut Worksheet, run: &RunView, f: &Formats) -> Result<()> {
    let titles = &run.template.file.tables.party_statistics;
    let statistics = &run.report.membership.statistics;
    sheet.set_name(&titles.sheet)?;
    sheet.write_string_with_format(0, 0, &titles.caption, &f.title)?;
    month_headings(sheet, 2, &statistics.months, f)?;
    let rows = party_statistics_rows(statistics);
    for (r, (label, values)) in rows.iter().enumerate() {
        let row = 3 + r as u32;
        sheet.write_string(row, 0, *label)?;
        for (i, value) in values.iter().enumerate() {
            let markers = if *label == "Expulsions" {
                &statistics.expulsion_markers[i]
            } else {
                &Vec::new()
            };
            // The footnote marker is part of the number format, so the cell
            // stays a number that adds up and still shows `1¹`.
            let format = if markers.is_empty() {
                f.count.clone()
            } else {
                let marks: String = markers
                    .iter()
                    .map(|m| superscript(*m))
                    .collect::<Vec<_>>()
                    .join(",");
                Format::new().set_num_format(format!("0\"{marks}\""))
            };
            sheet.write_number_with_format(row, 1 + i as u16, *value as f64, &format)?;
        }
    }
    let first_note = 3 + rows.len() as u32 + 1;
    for (row, note) in (first_note..).zip(&statistics.footnotes) {
        sheet.write_string(row, 0, format!("{} {}", note.marker, note.text))?;
    }
    sheet.set_column_width(0, 14)?;
    sheet.set_freeze_panes(3, 1)?;
    Ok(())
}

fn figure1(sheet: &mut Worksheet, run: &RunView, f: &Formats) -> Result<()> {
    let titles = &run.template.file.tables.voting_groups;
    let membership = &run.report.membership;
    sheet.set_name(&titles.sheet)?;
    sheet.write_string_with_format(0, 0, &titles.caption, &f.title)?;
    headers(sheet, 2, &["Party Category", "Voting Groups"], f)?;
    let names = &run.template.party_categories.names;
    for (i, (name, count)) in names
        .iter()
        .zip(&membership.voting_groups_by_category)
        .enumerate()
    {
        sheet.write_string(3 + i as u32, 0, name)?;
        sheet.write_number_with_format(3 + i as u32, 1, *count as f64, &f.count)?;
    }
    let total_row = 3 + names.len() as u32;
    sheet.write_string_with_format(total_row, 0, "Total", &f.bold)?;
    sheet.write_number_with_format(
        total_row,
        1,
        membership.voting_groups_at_month_end as f64,
        &f.count_bold,
    )?;
    sheet.set_column_width(0, 30)?;
    sheet.set_column_width(1, 14)?;
    // A native chart fed from the value cells above.
    let mut chart = Chart::new(ChartType::Doughnut);
    let last = total_row - 1;
    chart
        .add_series()
        .set_name(titles.caption.as_str())
        .set_categories((titles.sheet.as_str(), 3, 0, last, 0))
        .set_values((titles.sheet.as_str(), 3, 1, last, 1));
    chart.title().set_name(titles.caption.as_str());
    sheet.insert_chart(2, 3, &chart)?;
    Ok(())
}

fn table7(sheet: &mut Worksheet, run: &RunView, f: &Formats) -> Result<()> {
    let titles = &run.template.file.tables.meetings;
    let meetings = &run.report.meetings;
    sheet.set_name(&titles.sheet)?;
    sheet.write_string_with_format(0, 0, &titles.caption, &f.title)?;
    headers(
        sheet,
        2,
        &[
            "Category",
            "Meeting",
            "Meeting Date(s)",
            "Summary of Events",
        ],
        f,
    )?;
    let mut row = 3;
    for (category, rows) in &meetings.groups {
        let first = row;
        for (i, meeting) in rows.iter().enumerate() {
            let dates: Vec<String> = meeting.dates.iter().map(|d| uk_date(*d)).collect();
            sheet.write_string_with_format(row, 1, &meeting.meeting, &f.wrap)?;
            sheet.write_string_with_format(row, 2, dates.join("\n"), &f.wrap)?;
            // A summary shared by consecutive meetings is shown once.
            let repeated = i > 0 && rows[i - 1].summary == meeting.summary;
            if !repeated && let Some(summary) = &meeting.summary {
                let span = rows[i..]
                    .iter()
                    .take_while(|r| r.summary == meeting.summary)
                    .count() as u32;
                if span > 1 {
                    sheet.merge_range(row, 3, row + span - 1, 3, summary, &f.wrap_top)?;
                } else {
                    sheet.write_string_with_format(row, 3, summary, &f.wrap)?;
                }
            }
            row += 1;
        }
        if row - first > 1 {
            sheet.merge_range(first, 0, row - 1, 0, category, &f.group_top)?;
        } else {
            sheet.write_string_with_format(first, 0, category, &f.group_top)?;
        }
    }
    row += 1;
    for note in &meetings.footnotes {
        sheet.write_string(row, 0, format!("{} {}", note.marker, note.text))?;
        row += 1;
    }
    for (col, width) in [24, 34, 16, 60].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    sheet.set_freeze_panes(3, 0)?;
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
