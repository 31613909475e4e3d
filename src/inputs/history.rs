//! A previous report read back as history: the figures the Panel already
//! saw for Tables 3, 5 and 6, month by month, so a folder holding only this
//! month's raw files can still fill the earlier months. The workbook is
//! recognised by its content (the Summary sheet's key-figure header), its
//! tables by their captions, and its months by their headings, so renamed
//! sheets and figures corrected by hand are read as they now stand.

use super::records::{HistoryReport, HistoryValue, RollingTable};
use crate::findings::{Findings, Location};
use crate::month::Month;
use crate::read::cell::{Raw, parse_month_text};
use crate::read::workbook::Sheet;
use crate::template::Template;
use crate::text::normalise;

/// The Summary sheet's header over the key figures' names: it marks a
/// workbook as one of this program's own outputs, whatever its file name.
pub const KEY_FIGURE_HEADER: &str = "Name in key_figures.csv";

/// The Summary sheet's label for the report month.
pub const REPORT_MONTH_LABEL: &str = "Report month";

/// Whether the workbook is one of this program's own outputs: its Summary
/// sheet heads the key figures' names with `KEY_FIGURE_HEADER`.
pub fn is_report_output(sheets: &[Sheet]) -> bool {
    sheets.iter().any(|sheet| {
        sheet.rows.iter().take(5).any(|row| {
            row.cells
                .iter()
                .any(|(_, raw)| raw.text(sheet.date1904).as_deref() == Some(KEY_FIGURE_HEADER))
        })
    })
}

/// The report month the workbook was made for, from its Summary sheet.
fn report_month(sheets: &[Sheet]) -> Option<Month> {
    sheets.iter().find_map(|sheet| {
        sheet.rows.iter().find_map(|row| {
            let mut cells = row
                .cells
                .iter()
                .filter_map(|(_, raw)| raw.text(sheet.date1904));
            (cells.next()? == REPORT_MONTH_LABEL)
                .then(|| cells.next().and_then(|m| Month::parse_iso(&m)))?
        })
    })
}

/// Which rolling table a sheet holds, by its caption.
fn table_of(sheet: &Sheet, template: &Template) -> Option<RollingTable> {
    let caption = sheet.rows.first()?.cells.first()?.1.text(sheet.date1904)?;
    let tables = &template.file.tables;
    [
        (
            RollingTable::PartyStatistics,
            &tables.party_statistics.caption,
        ),
        (
            RollingTable::HelpdeskEmails,
            &tables.helpdesk_emails.caption,
        ),
        (
            RollingTable::WebsiteStatistics,
            &tables.website_statistics.caption,
        ),
    ]
    .into_iter()
    .find(|(_, c)| normalise(c) == normalise(&caption))
    .map(|(table, _)| table)
}

/// A row label as the report names it, or `None` (with a warning) when the
/// table has no such row.
fn row_label(table: RollingTable, label: &str, template: &Template) -> Option<String> {
    match table {
        RollingTable::HelpdeskEmails => template
            .categories
            .resolve(label)
            .map(|r| template.categories.names[r.index()].clone()),
        _ => table
            .rows()
            .iter()
            .find(|r| normalise(r) == normalise(label))
            .map(|r| r.to_string()),
    }
}

/// Read the figures of a previous report.
pub fn read(
    file: &str,
    sheets: &[Sheet],
    template: &Template,
    findings: &mut Findings,
) -> HistoryReport {
    let mut report = HistoryReport {
        file: file.to_string(),
        month: report_month(sheets),
        values: Vec::new(),
    };
    for sheet in sheets {
        let Some(table) = table_of(sheet, template) else {
            continue;
        };
        let header = sheet.rows.iter().take(10).find_map(|row| {
            let months: Vec<(u32, Month)> = row
                .cells
                .iter()
                .filter_map(|(col, raw)| match raw {
                    Raw::Text(text) => parse_month_text(text).map(|m| (*col, m)),
                    _ => None,
                })
                .collect();
            (months.len() >= 3).then_some((row.index, months))
        });
        let Some((header_row, months)) = header else {
            findings.warning(
                "history-unreadable",
                Location {
                    file: Some(file.to_string()),
                    sheet: Some(sheet.name.clone()),
                    ..Default::default()
                },
                format!(
                    "{} in this earlier report has no month headings; it is not used as history",
                    table.name()
                ),
            );
            continue;
        };
        for row in sheet.rows.iter().filter(|r| r.index > header_row) {
            let Some((_, Raw::Text(label))) = row.cells.first() else {
                continue;
            };
            let figures: Vec<(u32, Month, u64)> = months
                .iter()
                .filter_map(|&(col, month)| {
                    row.get(col)
                        .count(sheet.date1904)
                        .ok()
                        .flatten()
                        .map(|v| (col, month, v))
                })
                .collect();
            if figures.is_empty() || normalise(label) == "total" {
                continue;
            }
            let Some(canonical) = row_label(table, label, template) else {
                findings.warning(
                    "history-unreadable",
                    Location {
                        file: Some(file.to_string()),
                        sheet: Some(sheet.name.clone()),
                        row: Some(row.index),
                        col: Some(0),
                        line: None,
                    },
                    format!(
                        "\"{label}\" is not a row of {}; its figures are not used as history",
                        table.name()
                    ),
                );
                continue;
            };
            for (col, month, value) in figures {
                report.values.push(HistoryValue {
                    table,
                    row: canonical.clone(),
                    month,
                    value,
                    location: Location {
                        file: Some(file.to_string()),
                        sheet: Some(sheet.name.clone()),
                        row: Some(row.index),
                        col: Some(col),
                        line: None,
                    },
                });
            }
        }
    }
    report
}
