//! The optional staff list → one `StaffMember` a row: the person's name as
//! the timesheets give it, Staff or Contractor (or a template spelling of
//! either), contracted hours a week and, optionally, a day rate in pounds.
//! A name listed twice is reported: which row's hours would count is a
//! guess.

use super::header::HeaderMatch;
use super::records::{Contract, StaffMember};
use super::row::{AliasNotes, RowReader};
use super::{SheetContext, SourceSheet, is_totals_row};
use crate::findings::Findings;
use crate::hours::Hours;
use crate::read::cell::parse_number_text;
use crate::template::CONTRACTOR;
use crate::template::schema::Role;
use crate::text::normalise;

/// More hours than a week has is a typing slip.
const HOURS_IN_A_WEEK: f64 = 168.0;

pub fn read(
    context: &SheetContext,
    header: &HeaderMatch,
    stats: &mut SourceSheet,
    staff: &mut Vec<StaffMember>,
    findings: &mut Findings,
) {
    let mut aliases = AliasNotes::default();
    for row in context.data_rows(header) {
        let row = &row;
        if is_totals_row(context, row, &[header.col(Role::Name)]) {
            stats.skip("totals row");
            continue;
        }
        let mut cells = RowReader::new(context, header, row, findings);
        if cells.is_empty(Role::Name)
            && cells.is_empty(Role::Contract)
            && cells.is_empty(Role::HoursAWeek)
        {
            stats.skip("empty row");
            continue;
        }
        let name = cells.required_text(Role::Name, "person's name");
        let contract = cells
            .required_name(
                Role::Contract,
                &context.template.contracts,
                "staff or contractor",
                &mut aliases,
            )
            .map(|i| {
                if i == CONTRACTOR {
                    Contract::Contractor
                } else {
                    Contract::Staff
                }
            });
        let hours_a_week = hours_a_week(header, &mut cells);
        let day_rate_pence = day_rate_pence(header, &mut cells);
        let cell = cells.location(Role::Name);
        let (Some(name), Some(contract), Some(hours_a_week), true) =
            (name, contract, hours_a_week, cells.ok)
        else {
            stats.skip("error");
            continue;
        };
        if let Some(first) = staff
            .iter()
            .find(|m| normalise(&m.name) == normalise(&name))
        {
            findings.error(
                "listed-twice",
                cell,
                format!(
                    "{name} is on the staff list twice (first at {}); keep one row per person",
                    first.cell
                ),
            );
            stats.skip("error");
            continue;
        }
        staff.push(StaffMember {
            name,
            contract,
            hours_a_week,
            day_rate_pence,
            origin: context.origin(row),
            cell,
        });
        stats.rows_used += 1;
    }
    aliases.report(findings);
}

/// The contracted hours a week, which every row needs: above 0 and at most
/// a week's hours.
fn hours_a_week(header: &HeaderMatch, cells: &mut RowReader) -> Option<Hours> {
    let row = cells.row;
    match header.col(Role::HoursAWeek).map(|c| row.get(c)) {
        Some(raw) if !raw.is_empty() => {
            let number = raw.number().ok().flatten();
            match number.filter(|n| *n > 0.0 && *n <= HOURS_IN_A_WEEK) {
                Some(n) => Hours::from_hours_f64(n),
                None => {
                    let location = cells.location(Role::HoursAWeek);
                    let found = super::found(raw);
                    cells.report(
                        "bad-number",
                        location,
                        format!(
                            "{found} is not contracted hours a week; expected a number of \
                             hours above 0 and at most 168, such as 37.5 (full time) or 22.5"
                        ),
                    );
                    None
                }
            }
        }
        _ => {
            cells.required_text(Role::HoursAWeek, "contracted hours a week");
            None
        }
    }
}

/// The day rate in pence, when one is typed: pounds, with or without the
/// pound sign.
fn day_rate_pence(header: &HeaderMatch, cells: &mut RowReader) -> Option<i64> {
    let row = cells.row;
    match header.col(Role::DayRate).map(|c| row.get(c)) {
        Some(raw) if !raw.is_empty() => {
            let number = match raw.as_text() {
                Some(text) => parse_number_text(text.trim().trim_start_matches('£')),
                None => raw.number().ok().flatten(),
            };
            match number.filter(|n| *n >= 0.0 && *n < 1e7) {
                Some(pounds) => Some((pounds * 100.0).round() as i64),
                None => {
                    let location = cells.location(Role::DayRate);
                    let found = super::found(raw);
                    cells.report(
                        "bad-number",
                        location,
                        format!(
                            "{found} is not a day rate; expected pounds a day such as 450 \
                             or £450.00, or leave the cell empty"
                        ),
                    );
                    None
                }
            }
        }
        _ => None,
    }
}
