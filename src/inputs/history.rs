//! An earlier report read back as history: the figures the Panel already
//! saw for Tables 3, 5 and 6, month by month, so a folder holding only this
//! month's raw files can still fill the earlier months. Two kinds of
//! workbook are earlier reports: one of this program's own outputs, and a
//! history blank (`opsreport templates`) into which the team typed the
//! tables of a printed paper. Both are recognised by their content (the
//! Summary sheet's key-figure header, the blank's title), their tables by
//! their captions and their months by their headings, so renamed sheets and
//! figures corrected by hand are read as they now stand. A figure that is
//! not a whole number, or a month typed for some rows of a table and not
//! others, is an error naming the cell.

use std::collections::BTreeMap;

use super::records::{HistoryReport, HistoryValue, RollingTable};
use crate::findings::{Findings, Location};
use crate::hours::Hours;
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

/// The first cell of a history blank's first sheet: it marks a workbook as
/// an earlier paper's tables typed by hand, whatever its file name.
pub const TYPED_HISTORY_TITLE: &str = "Figures typed from an earlier Operations Report";

/// Whether the workbook is one of this program's own outputs: its Summary
/// sheet heads the key figures' names with `KEY_FIGURE_HEADER`.
pub fn is_report_output(sheets: &[Sheet]) -> bool {
    sheets.iter().any(|sheet| {
        sheet.rows.iter().take(5).any(|row| {
            row.cells
                .iter()
                .any(|(_, raw)| raw.text().as_deref() == Some(KEY_FIGURE_HEADER))
        })
    })
}

/// Whether the workbook is a history blank: its first sheet opens with
/// `TYPED_HISTORY_TITLE`.
pub fn is_typed_history(sheets: &[Sheet]) -> bool {
    let first = sheets
        .first()
        .and_then(|sheet| sheet.rows.first())
        .and_then(|row| row.cells.first()?.1.text());
    first.is_some_and(|text| normalise(&text) == normalise(TYPED_HISTORY_TITLE))
}

/// Whether the workbook is an earlier report of either kind, read whole as
/// history rather than sheet by sheet as input.
pub fn is_earlier_report(sheets: &[Sheet]) -> bool {
    is_report_output(sheets) || is_typed_history(sheets)
}

/// The report month the workbook was made for, from its Summary sheet.
fn report_month(sheets: &[Sheet]) -> Option<Month> {
    sheets.iter().find_map(|sheet| {
        sheet.rows.iter().find_map(|row| {
            let mut cells = row.cells.iter().filter_map(|(_, raw)| raw.text());
            (cells.next()? == REPORT_MONTH_LABEL)
                .then(|| cells.next().and_then(|m| Month::parse_iso(&m)))?
        })
    })
}

/// Which rolling table a sheet holds, by its caption.
fn table_of(sheet: &Sheet, template: &Template) -> Option<RollingTable> {
    let caption = sheet.rows.first()?.cells.first()?.1.text()?;
    let tables = &template.file.tables;
    [
        (
            RollingTable::PartyStatistics,
            &tables.title("party_statistics").caption,
        ),
        (
            RollingTable::HelpdeskEmails,
            &tables.title("helpdesk_emails").caption,
        ),
        (
            RollingTable::WebsiteStatistics,
            &tables.title("website_statistics").caption,
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

/// The rows a table has: Table 5's are the template's categories.
fn table_rows(table: RollingTable, template: &Template) -> Vec<String> {
    match table {
        RollingTable::HelpdeskEmails => template.categories.names.clone(),
        _ => table.rows().iter().map(|r| r.to_string()).collect(),
    }
}

/// The caption that starts an earlier report's Table 4 carried forward
/// sheet (`render::xlsx` writes it).
pub const EFFORT_CARRIED_CAPTION: &str = "Table 4 carried forward";

fn is_effort_carried(sheet: &Sheet) -> bool {
    sheet
        .rows
        .first()
        .and_then(|row| row.cells.first())
        .and_then(|(_, raw)| raw.text())
        .is_some_and(|caption| caption.starts_with(EFFORT_CARRIED_CAPTION))
}

/// Table 4's days per driver for each month headed on the sheet (the year
/// to date and last month), as the hours they stand for: the sheet holds
/// unrounded days, written from exact hours.
fn effort_carried(sheet: &Sheet, template: &Template) -> Vec<(Month, usize, Hours)> {
    let mut days = Vec::new();
    let Some((header_row, months)) = month_headings(sheet, 1) else {
        return days;
    };
    for row in sheet.rows.iter().filter(|r| r.index > header_row) {
        let Some((_, Raw::Text(label))) = row.cells.first() else {
            continue;
        };
        let Some(driver) = template.driver_names.resolve(label) else {
            continue;
        };
        for &(col, month) in &months {
            if let Raw::Number(value, _) = row.get(col)
                && let Some(hours) = Hours::from_days_f64(*value, template.hours_per_day)
            {
                days.push((month, driver.index(), hours));
            }
        }
    }
    days
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
        effort: Vec::new(),
    };
    for sheet in sheets {
        if is_effort_carried(sheet) {
            report.effort = effort_carried(sheet, template);
            continue;
        }
        let Some(table) = table_of(sheet, template) else {
            continue;
        };
        let Some((header_row, months)) = month_headings(sheet, 3) else {
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
        let table = HistoryTable {
            file,
            sheet,
            table,
            header_row,
            months,
        };
        let figures = table.read_figures(template, &mut report.values, findings);
        // Table 6's measures are settled one by one; Tables 3 and 5 are
        // settled a month at a time, so a month needs every row.
        if table.table != RollingTable::WebsiteStatistics {
            table.check_months_whole(&figures, template, findings);
        }
    }
    report
}

/// The row of month headings in a table's first rows, and each heading's
/// column and month; a row with fewer than `at_least` months is no heading
/// (a rolling table heads three or more, the carried-forward view one).
fn month_headings(sheet: &Sheet, at_least: usize) -> Option<(u32, Vec<(u32, Month)>)> {
    sheet.rows.iter().take(10).find_map(|row| {
        let months: Vec<(u32, Month)> = row
            .cells
            .iter()
            .filter_map(|(col, raw)| match raw {
                Raw::Text(text) => parse_month_text(text).map(|m| (*col, m)),
                _ => None,
            })
            .collect();
        (months.len() >= at_least.max(1)).then_some((row.index, months))
    })
}

/// One of Tables 3, 5 and 6 as an earlier report's sheet holds it.
struct HistoryTable<'a> {
    file: &'a str,
    sheet: &'a Sheet,
    table: RollingTable,
    header_row: u32,
    /// Each month heading's column and month.
    months: Vec<(u32, Month)>,
}

/// What a table's figures were found to hold, for the check that a month
/// is typed for every row or none.
#[derive(Default)]
struct FiguresFound {
    /// Each of the table's rows as found on the sheet, and its row.
    rows: BTreeMap<String, u32>,
    /// The rows with a figure, by month.
    typed: BTreeMap<Month, Vec<String>>,
    /// The figures reported as unreadable.
    unreadable: Vec<(String, Month)>,
}

impl HistoryTable<'_> {
    fn at(&self, row: u32, col: u32) -> Location {
        Location {
            file: Some(self.file.to_string()),
            sheet: Some(self.sheet.name.clone()),
            row: Some(row),
            col: Some(col),
            line: None,
        }
    }

    /// Adds each figure under a month heading to `values`; a row whose
    /// label is not one of the table's is left out with a warning.
    fn read_figures(
        &self,
        template: &Template,
        values: &mut Vec<HistoryValue>,
        findings: &mut Findings,
    ) -> FiguresFound {
        let table = self.table;
        let mut found = FiguresFound::default();
        for row in self.sheet.rows.iter().filter(|r| r.index > self.header_row) {
            let Some((_, Raw::Text(label))) = row.cells.first() else {
                continue;
            };
            let filled = self.months.iter().any(|&(col, _)| !row.get(col).is_empty());
            if normalise(label) == "total" {
                continue;
            }
            let Some(canonical) = row_label(table, label, template) else {
                if filled {
                    findings.warning(
                        "history-unreadable",
                        self.at(row.index, 0),
                        format!(
                            "\"{label}\" is not a row of {}; its figures are not used as history",
                            table.name()
                        ),
                    );
                }
                continue;
            };
            found.rows.insert(canonical.clone(), row.index);
            for &(col, month) in &self.months {
                let value = match row.get(col).count() {
                    Ok(Some(value)) => value,
                    Ok(None) => continue,
                    Err(bad) => {
                        findings.error(
                            "history-figure",
                            self.at(row.index, col),
                            format!(
                                "\"{}\" is not a figure for {} · {canonical} · {}; expected a whole \
                                 number of 0 or more, as the paper prints it (8,883 or 8883; a figure \
                                 with a footnote marker such as 1¹ is typed as 1)",
                                bad.found,
                                table.name(),
                                month.short_label()
                            ),
                        );
                        found.unreadable.push((canonical.clone(), month));
                        continue;
                    }
                };
                found
                    .typed
                    .entry(month)
                    .or_default()
                    .push(canonical.clone());
                values.push(HistoryValue {
                    table,
                    row: canonical.clone(),
                    month,
                    value,
                    location: self.at(row.index, col),
                });
            }
        }
        found
    }

    /// Reports each row of the table with no figure for a month that other
    /// rows have one for.
    fn check_months_whole(
        &self,
        found: &FiguresFound,
        template: &Template,
        findings: &mut Findings,
    ) {
        let table = self.table;
        for (month, rows) in &found.typed {
            let col = self
                .months
                .iter()
                .find(|(_, m)| m == month)
                .map(|(c, _)| *c);
            for expected in table_rows(table, template) {
                if rows.contains(&expected)
                    || found.unreadable.contains(&(expected.clone(), *month))
                {
                    continue;
                }
                let location = match (found.rows.get(&expected), col) {
                    (Some(&row), Some(col)) => self.at(row, col),
                    _ => Location {
                        file: Some(self.file.to_string()),
                        sheet: Some(self.sheet.name.clone()),
                        ..Default::default()
                    },
                };
                findings.error(
                    "history-figure",
                    location,
                    format!(
                        "{} · {expected} · {} has no figure, but other rows of {} are filled; \
                         type the paper's figure (0 where it shows none)",
                        table.name(),
                        month.short_label(),
                        month.short_label()
                    ),
                );
            }
        }
    }
}
