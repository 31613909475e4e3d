//! Website analytics → daily and monthly figures (visits = sessions, page
//! views). Reads the Universal Analytics CSV export (with its `#` blocks,
//! locale-dependent dates and totals row), the same export saved as xlsx,
//! GA4-style daily exports, and the hand-kept monthly table.

use chrono::NaiveDate;

use super::header::HeaderMatch;
use super::records::{DailyFigure, MonthlyFigure};
use super::row::bad_date;
use super::{SheetContext, SourceSheet, is_totals_row};
use crate::findings::Findings;
use crate::read::cell::{DateOrder, Raw, parse_date_text};
use crate::read::workbook::{Sheet, SheetRow};
use crate::template::schema::{self, Role};
use crate::text::normalise;

fn comment(row: &SheetRow) -> bool {
    matches!(row.cells.first(), Some((_, Raw::Text(t))) if t.trim_start().starts_with('#'))
}

/// The `# 20190301-20190331` date range of an analytics export, if any.
fn export_range(sheet: &Sheet, header: &HeaderMatch) -> Option<(NaiveDate, NaiveDate)> {
    sheet.rows[..header.position]
        .iter()
        .filter(|r| comment(r))
        .find_map(|row| {
            let Some((_, Raw::Text(text))) = row.cells.first() else {
                return None;
            };
            let (from, to) = text.trim_start_matches('#').trim().split_once('-')?;
            let from = parse_date_text(from.trim(), DateOrder::DayFirst)?;
            let to = parse_date_text(to.trim(), DateOrder::DayFirst)?;
            (from.format("%Y%m%d").to_string().len() == 8).then_some((from, to))
        })
}

/// UK day-first unless the export's own date range shows the account wrote
/// its dates month-first (`3/1/19` … `3/31/19` in `# 20190301-20190331`).
fn date_order(
    context: &SheetContext,
    header: &HeaderMatch,
    rows: &[SheetRow],
    date_col: u32,
) -> DateOrder {
    let sheet = context.sheet;
    let Some((from, to)) = export_range(sheet, header) else {
        return DateOrder::DayFirst;
    };
    let in_range = |order| {
        rows.iter()
            .take_while(|r| !comment(r))
            .filter_map(|r| match r.get(date_col) {
                Raw::Text(t) => Some(parse_date_text(t, order)),
                _ => None,
            })
            .filter(|d| d.is_some_and(|d| d >= from && d <= to))
            .count()
    };
    if in_range(DateOrder::MonthFirst) > in_range(DateOrder::DayFirst) {
        DateOrder::MonthFirst
    } else {
        DateOrder::DayFirst
    }
}

/// A count cell, or the finding that it is not one.
fn count(
    context: &SheetContext,
    row: &SheetRow,
    col: Option<u32>,
    findings: &mut Findings,
) -> Result<Option<u64>, ()> {
    let Some(col) = col else { return Ok(None) };
    row.get(col).count().map_err(|_| {
        findings.error(
            "bad-number",
            context.at(row, Some(col)),
            format!(
                "{} is not a whole number; expected a count such as 8,883",
                context.found(row, col)
            ),
        );
    })
}

/// The columns of one table of daily figures.
#[derive(Debug, Clone, Copy)]
struct Columns {
    date: u32,
    visits: Option<u32>,
    page_views: Option<u32>,
}

/// A row that heads a further table of daily figures in an analytics
/// export (`Day Index,Pageviews` after a `#` block), with its columns.
fn block_header(context: &SheetContext, row: &SheetRow) -> Option<Columns> {
    let is = |role: Role, text: &str| {
        let key = normalise(text);
        context
            .template
            .synonyms(&schema::WEBSITE_DAILY, role)
            .iter()
            .any(|s| normalise(s) == key)
    };
    let mut columns = Columns {
        date: u32::MAX,
        visits: None,
        page_views: None,
    };
    for (col, raw) in &row.cells {
        let Raw::Text(text) = raw else { continue };
        if columns.date == u32::MAX && is(Role::Date, text) {
            columns.date = *col;
        } else if columns.visits.is_none() && is(Role::Visits, text) {
            columns.visits = Some(*col);
        } else if columns.page_views.is_none() && is(Role::PageViews, text) {
            columns.page_views = Some(*col);
        }
    }
    (columns.date != u32::MAX && (columns.visits.is_some() || columns.page_views.is_some()))
        .then_some(columns)
}

/// A table's totals row (an empty date cell), kept until the table ends:
/// GA4 writes it above the days, Universal Analytics below them.
struct Totals {
    row: SheetRow,
    visits: Option<u64>,
    page_views: Option<u64>,
}

/// Compare a table's totals row with the sum of its days.
fn check_totals(
    context: &SheetContext,
    columns: Columns,
    totals: Option<Totals>,
    sums: (u64, u64),
    findings: &mut Findings,
) {
    let Some(totals) = totals else { return };
    for (col, total, sum, what) in [
        (columns.visits, totals.visits, sums.0, "visits"),
        (columns.page_views, totals.page_views, sums.1, "page views"),
    ] {
        if let (Some(col), Some(total)) = (col, total)
            && total != sum
        {
            findings.warning(
                "export-total",
                context.at(&totals.row, Some(col)),
                format!("the export's total of {what} is {total}, but its daily rows add to {sum}"),
            );
        }
    }
}

pub fn read_daily(
    context: &SheetContext,
    header: &HeaderMatch,
    stats: &mut SourceSheet,
    days: &mut Vec<DailyFigure>,
    findings: &mut Findings,
) {
    let sheet = context.sheet;
    let mut columns = Columns {
        date: header.col(Role::Date).unwrap_or(0),
        visits: header.col(Role::Visits),
        page_views: header.col(Role::PageViews),
    };
    // A daily export is at most a few years of days: held whole, since the
    // date order is decided from all its dates before any is read.
    let rows: Vec<SheetRow> = context.data_rows(header).collect();
    let order = date_order(context, header, &rows, columns.date);
    let exported = sheet.rows[..header.position].iter().any(comment);
    let mut sums = (0u64, 0u64);
    let mut totals: Option<Totals> = None;
    // Between the tables of an export: its further `#` blocks hold summary
    // tables, which are passed over, and further daily tables, which are read.
    let mut between = false;
    for row in &rows {
        if comment(row) {
            if exported {
                if !between {
                    check_totals(context, columns, totals.take(), sums, findings);
                    between = true;
                }
                continue;
            }
            stats.skip("comment line");
            continue;
        }
        if between {
            if let Some(next) = block_header(context, row) {
                columns = next;
                sums = (0, 0);
                between = false;
            } else {
                stats.skip("summary table of the export");
            }
            continue;
        }
        if is_totals_row(context, row, &[Some(columns.date)]) {
            stats.skip("totals row");
            continue;
        }
        let (Ok(visits), Ok(page_views)) = (
            count(context, row, columns.visits, findings),
            count(context, row, columns.page_views, findings),
        ) else {
            stats.skip("error");
            continue;
        };
        if row.get(columns.date).is_empty() {
            if visits.is_none() && page_views.is_none() {
                stats.skip("no entry in the required columns");
                continue;
            }
            // The analytics export's totals row has an empty first cell.
            totals = Some(Totals {
                row: row.clone(),
                visits,
                page_views,
            });
            stats.skip("totals row");
            continue;
        }
        let date = match row.get(columns.date).date(order) {
            Ok(Some(date)) => date,
            _ => {
                bad_date(context, row, columns.date, findings);
                stats.skip("error");
                continue;
            }
        };
        if visits.is_none() && page_views.is_none() {
            stats.skip("no figures");
            continue;
        }
        sums.0 += visits.unwrap_or(0);
        sums.1 += page_views.unwrap_or(0);
        days.push(DailyFigure {
            date,
            visits,
            page_views,
            origin: context.origin_at(row, Some(columns.date)),
        });
        stats.rows_used += 1;
    }
    if !between {
        check_totals(context, columns, totals, sums, findings);
    }
}

pub fn read_monthly(
    context: &SheetContext,
    header: &HeaderMatch,
    stats: &mut SourceSheet,
    months: &mut Vec<MonthlyFigure>,
    findings: &mut Findings,
) {
    let month_col = header.col(Role::Month).unwrap_or(0);
    let (visits_col, views_col) = (header.col(Role::Visits), header.col(Role::PageViews));
    for row in context.data_rows(header) {
        let row = &row;
        if is_totals_row(context, row, &[Some(month_col)]) {
            stats.skip("totals row");
            continue;
        }
        let (Ok(visits), Ok(page_views)) = (
            count(context, row, visits_col, findings),
            count(context, row, views_col, findings),
        ) else {
            stats.skip("error");
            continue;
        };
        let month = match row.get(month_col).month() {
            Ok(Some(month)) => month,
            Ok(None) if visits.is_none() && page_views.is_none() => {
                stats.skip("no entry in the required columns");
                continue;
            }
            _ => {
                findings.error(
                    "bad-month",
                    context.at(row, Some(month_col)),
                    format!(
                        "{} is not a month; expected a month such as Mar 2019, 2019-03 or a date in the month",
                        context.found(row, month_col)
                    ),
                );
                stats.skip("error");
                continue;
            }
        };
        if visits.is_none() && page_views.is_none() {
            stats.skip("no figures");
            continue;
        }
        months.push(MonthlyFigure {
            month,
            visits,
            page_views,
            origin: context.origin_at(row, Some(month_col)),
        });
        stats.rows_used += 1;
    }
}
