//! The meetings log → meetings (category, meeting, dates, summary, report
//! month). The category is usually merged down over its meetings; a blank
//! category below a filled one continues it, as a reader of the sheet would.

use super::header::HeaderMatch;
use super::records::Meeting;
use super::row::RowReader;
use super::{SheetContext, SourceSheet, is_totals_row};
use crate::findings::Findings;
use crate::read::cell::{DateOrder, Raw, parse_date_text};
use crate::template::schema::Role;
use crate::text::{cut, link_problem};

pub fn read(
    context: &SheetContext,
    header: &HeaderMatch,
    stats: &mut SourceSheet,
    meetings: &mut Vec<Meeting>,
    findings: &mut Findings,
) {
    let dates_col = header.col(Role::Dates).unwrap_or(0);
    let mut category: Option<String> = None;
    for row in context.data_rows(header) {
        let row = &row;
        if is_totals_row(context, row, &[header.col(Role::Meeting)]) {
            stats.skip("totals row");
            continue;
        }
        let mut cells = RowReader::new(context, header, row, findings);
        if let Some(text) = cells.text(Role::Category) {
            category = Some(text);
        }
        if cells.is_empty(Role::Meeting) && cells.is_empty(Role::Dates) {
            stats.skip("no entry in the required columns");
            continue;
        }
        let name = cells.required_text(Role::Meeting, "meeting");
        let mut dates = Vec::new();
        match row.get(dates_col) {
            Raw::Text(text) => {
                for part in text
                    .split([',', '\n', ';', '&'])
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                {
                    match parse_date_text(part, DateOrder::DayFirst) {
                        Some(date) => dates.push(date),
                        None => {
                            let location = cells.location(Role::Dates);
                            cells.report(
                                "bad-date",
                                location,
                                format!("\"{part}\" is not a date; expected the meeting's dates such as 13/03/2019, several separated by commas or line breaks"),
                            );
                        }
                    }
                }
            }
            raw if raw.is_empty() => {
                cells.required_text(Role::Dates, "meeting date");
            }
            raw => match raw.date(DateOrder::DayFirst) {
                Ok(Some(date)) => dates.push(date),
                _ => {
                    cells.date(Role::Dates, "meeting date", true);
                }
            },
        }
        let report_month = cells.month(Role::ReportMonth, "report month");
        // A link that cannot be one changes no figure: it is left out, with a
        // warning naming the cell.
        let mut links = Vec::new();
        let mut bad_links = Vec::new();
        for url in cells
            .text(Role::Link)
            .iter()
            .flat_map(|t| t.split_whitespace())
        {
            match link_problem(url) {
                None => links.push(url.to_string()),
                Some(why) => bad_links.push(format!(
                    "\"{}\" is left out of Table 7: {why}",
                    cut(url.to_string(), 80)
                )),
            }
        }
        let link_location = cells.location(Role::Link);
        let (Some(name), true) = (name, cells.ok) else {
            stats.skip("error");
            continue;
        };
        meetings.push(Meeting {
            category: category.clone(),
            name,
            dates,
            summary: cells.text(Role::Summary),
            report_month,
            links,
            origin: context.origin(row),
        });
        stats.rows_used += 1;
        for message in bad_links {
            findings.warning("unsafe-link", link_location.clone(), message);
        }
    }
}
