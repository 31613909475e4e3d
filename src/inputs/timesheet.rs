//! Timesheets → bookings (person, day, driver, hours), in both layouts the
//! team uses: the long export (one row per person, day and driver) and the
//! weekly grid (one sheet per person-week, drivers × weekdays).

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};

use super::header::{HEADER_SEARCH_ROWS, HeaderMatch, HeaderRole, find_header, match_row};
use super::records::Booking;
use super::row::{AliasNotes, bad_date};
use super::{SheetContext, SourceSheet, excel_errors, is_totals_row};
use crate::findings::{Findings, Location};
use crate::hours::Hours;
use crate::read::cell::{DateOrder, Raw};
use crate::read::workbook::{Sheet, SheetRow};
use crate::template::schema::Role;
use crate::template::{Resolved, Template};
use crate::text::normalise;

/// More than this for one booking is a typo, not a day's work.
const MAX_HOURS_PER_DAY: f64 = 24.0;

/// Resolve a driver cell, or report it with the nearest known driver.
fn resolve_driver(
    context: &SheetContext,
    row: &SheetRow,
    col: u32,
    aliases: &mut AliasNotes,
    findings: &mut Findings,
) -> Option<(usize, String)> {
    let typed = row.get(col).text()?;
    let drivers = &context.template.driver_names;
    match drivers.resolve(&typed) {
        Some(resolved) => Some(note_alias(context, row, col, &typed, resolved, aliases)),
        None => {
            let hint = drivers
                .nearest(&typed)
                .map(|n| format!("; did you mean \"{n}\"?"))
                .unwrap_or_else(|| format!("; the drivers are: {}", drivers.names.join(", ")));
            findings.error(
                "unknown-driver",
                context.at(row, Some(col)),
                format!(
                    "{} is not a driver or an alias of one{hint}",
                    context.found(row, col)
                ),
            );
            None
        }
    }
}

/// The driver's index and the text that named it, with a note when an
/// alias named it.
fn note_alias(
    context: &SheetContext,
    row: &SheetRow,
    col: u32,
    typed: &str,
    resolved: Resolved,
    aliases: &mut AliasNotes,
) -> (usize, String) {
    if let Resolved::Alias(i) = resolved {
        let drivers = &context.template.driver_names;
        aliases.note(
            "driver",
            typed,
            &drivers.names[i],
            context.at(row, Some(col)),
        );
    }
    (resolved.index(), typed.to_string())
}

/// The driver of a row of a time tracker's export (Toggl Track, Harvest,
/// Clockify), which has no driver column: the first of the project and
/// the task columns whose value is a driver or an alias of one. The team
/// maps its projects to drivers with aliases in the template.
fn driver_from_export(
    context: &SheetContext,
    row: &SheetRow,
    cols: &[(Role, u32)],
    aliases: &mut AliasNotes,
    findings: &mut Findings,
) -> Option<(usize, String)> {
    let drivers = &context.template.driver_names;
    let mut tried = Vec::new();
    for &(label, col) in cols {
        let Some(typed) = row.get(col).text() else {
            continue;
        };
        if let Some(resolved) = drivers.resolve(&typed) {
            return Some(note_alias(context, row, col, &typed, resolved, aliases));
        }
        tried.push((label, col, typed));
    }
    let (label, col, typed) = tried.first()?;
    let named: Vec<String> = tried
        .iter()
        .map(|(label, _, typed)| format!("the {label} \"{typed}\""))
        .collect();
    let names = match named.as_slice() {
        [one] => format!("{one} names no driver or alias of one"),
        many => format!(
            "neither {} names a driver or an alias of one",
            many.join(" nor ")
        ),
    };
    let hint = drivers
        .nearest(typed)
        .map(|n| format!(" Did you mean \"{n}\"?"))
        .unwrap_or_default();
    findings.error(
        "unknown-driver",
        context.at(row, Some(*col)),
        format!(
            "this export has no driver column, and {names}.{hint} \
             Add the {label} to its driver's aliases in the template (the drivers are: {})",
            drivers.names.join(", ")
        ),
    );
    None
}

/// Check hours for one booking: not negative, not more than a day holds.
fn check_hours(
    context: &SheetContext,
    row: &SheetRow,
    col: u32,
    hours: Hours,
    findings: &mut Findings,
) -> bool {
    if hours.is_negative() {
        findings.error(
            "negative-hours",
            context.at(row, Some(col)),
            format!(
                "{} hours is negative; expected the time worked, 0 or more",
                context.found(row, col)
            ),
        );
        false
    } else if hours.as_f64() > MAX_HOURS_PER_DAY {
        findings.error(
            "too-many-hours",
            context.at(row, Some(col)),
            format!(
                "{} hours in one booking is more than a day has; expected at most {MAX_HOURS_PER_DAY}",
                context.found(row, col)
            ),
        );
        false
    } else {
        true
    }
}

fn bad_hours(context: &SheetContext, row: &SheetRow, col: u32, findings: &mut Findings) {
    findings.error(
        "bad-hours",
        context.at(row, Some(col)),
        format!(
            "{} is not a number of hours; expected hours such as 7.5 or a duration such as 7:30",
            context.found(row, col)
        ),
    );
}

/// The columns a time tracker's or worklog export names its driver in,
/// when it has no driver column: the first whose value is a driver or an
/// alias of one wins. A Tempo account is what finance books to, so it comes
/// first; then the epic and component a Jira issue sits under; then the
/// project and task (Toggl Track, Harvest, Clockify).
const EXPORT_DRIVER_COLUMNS: [Role; 5] = [
    Role::Account,
    Role::Epic,
    Role::Component,
    Role::Project,
    Role::Task,
];

/// How a long layout's time column counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TimeUnit {
    /// Hours as a number, a duration (`7:30`) or a time cell.
    Hours,
    /// Days of the template's hours per day.
    Days,
    /// Whole seconds, as Jira's and Tempo's worklogs store them.
    Seconds,
    /// Jira's own writing: `1h 30m`.
    WorklogText,
}

/// The time a row books, or why not: `Err(None)` for a cell that is not a
/// time at all, `Err(Some(message))` where the unit needs saying.
fn time_booked(
    context: &SheetContext,
    row: &SheetRow,
    col: u32,
    unit: TimeUnit,
) -> Result<Hours, Option<String>> {
    let raw = row.get(col);
    match unit {
        TimeUnit::Hours => raw.hours().ok().flatten().ok_or(None),
        TimeUnit::Days => raw
            .number()
            .ok()
            .flatten()
            .and_then(|d| Hours::from_days_f64(d, context.template.hours_per_day))
            .ok_or(None),
        TimeUnit::Seconds => {
            // A million hours of seconds at most, as every time is.
            let seconds = raw.number().ok().flatten();
            match seconds {
                Some(s) if s.fract() == 0.0 && s.abs() <= 3.6e9 => {
                    Ok(Hours::from_seconds(s as i64))
                }
                _ => Err(Some(format!(
                    "{} is not a number of seconds; expected whole seconds such as 5400 (1 hour 30 minutes)",
                    context.found(row, col)
                ))),
            }
        }
        TimeUnit::WorklogText => {
            let problem = match raw.as_text() {
                Some(text) => match Hours::parse_worklog_text(text) {
                    Ok(hours) => return Ok(hours),
                    Err(problem) => problem,
                },
                None => crate::hours::WorklogTimeProblem::Unreadable,
            };
            let found = context.found(row, col);
            if raw.number().ok().flatten().is_some() {
                return Err(Some(format!(
                    "{found} is a number with no unit, in a Time Spent column, which holds time as Jira writes it (1h 30m): it could be hours or seconds. Write it as hours and minutes (7h 30m), or head the column \"Hours\" if it holds hours, or \"Time Spent (s)\" if it holds seconds"
                )));
            }
            Err(Some(match problem {
                crate::hours::WorklogTimeProblem::DaysOrWeeks => format!(
                    "{found} counts time in days or weeks, whose length in hours is each Jira site's own setting (8 hours a day unless changed; this report counts {} hours a day), so its hours cannot be known; export the worklogs with their time spent in seconds (Time Spent (s)) or hours instead",
                    context.template.hours_per_day
                ),
                crate::hours::WorklogTimeProblem::Unreadable => format!(
                    "{found} is not a time spent as Jira writes it; expected hours and minutes such as 1h 30m or 45m (a number alone has no unit: export Time Spent (s) for seconds)"
                ),
            }))
        }
    }
}

/// Where a long layout's columns are.
struct LongColumns {
    date: u32,
    /// The driver's columns: the driver column, or a time tracker's or
    /// worklog export's columns that name it, in the order they are tried.
    drivers: Vec<(Role, u32)>,
    /// Whether the sheet has a driver column (not an export's).
    has_driver: bool,
    /// Where a finding about the driver points.
    driver: u32,
    time: u32,
    unit: TimeUnit,
    /// The person's name: a staff column, or first and last names.
    person: Vec<u32>,
    activity: Option<u32>,
}

impl LongColumns {
    fn new(header: &HeaderMatch) -> Self {
        let col = |key| header.col(key);
        // A time tracker's export names the driver in its project or task.
        // A worklog export (Jira, Tempo) in its account, epic or component.
        let drivers: Vec<(Role, u32)> = match col(Role::Driver) {
            Some(c) => vec![(Role::Driver, c)],
            None => EXPORT_DRIVER_COLUMNS
                .into_iter()
                .filter_map(|label| Some((label, col(label)?)))
                .collect(),
        };
        let driver = drivers.first().map_or(0, |(_, c)| *c);
        let (time, unit) = [
            (Role::Hours, TimeUnit::Hours),
            (Role::Days, TimeUnit::Days),
            (Role::Seconds, TimeUnit::Seconds),
            (Role::TimeSpent, TimeUnit::WorklogText),
        ]
        .into_iter()
        .find_map(|(key, unit)| Some((col(key)?, unit)))
        .unwrap_or((0, TimeUnit::Hours));
        let person: Vec<u32> = match col(Role::Staff) {
            Some(c) => vec![c],
            None => [col(Role::FirstName), col(Role::LastName)]
                .into_iter()
                .flatten()
                .collect(),
        };
        LongColumns {
            date: col(Role::Date).unwrap_or(0),
            drivers,
            has_driver: col(Role::Driver).is_some(),
            driver,
            time,
            unit,
            person,
            activity: col(Role::Activity),
        }
    }

    /// The cells a row's booking needs, the driver's being the first of
    /// its columns that is filled.
    fn required(&self, row: &SheetRow) -> Vec<u32> {
        let driver_filled = self
            .drivers
            .iter()
            .find(|(_, c)| !row.get(*c).is_empty())
            .map_or(self.driver, |(_, c)| *c);
        [self.date, driver_filled, self.time]
            .into_iter()
            .chain(self.person.iter().copied())
            .collect()
    }
}

/// Read the long layout.
pub fn read_long(
    context: &SheetContext,
    header: &HeaderMatch,
    stats: &mut SourceSheet,
    bookings: &mut Vec<Booking>,
    findings: &mut Findings,
) {
    let cols = LongColumns::new(header);
    let mut aliases = AliasNotes::default();
    for row in context.data_rows(header) {
        let row = &row;
        if is_totals_row(
            context,
            row,
            &[
                Some(cols.date),
                Some(cols.driver),
                cols.person.first().copied(),
            ],
        ) {
            stats.skip("totals row");
            continue;
        }
        let needed: Vec<Option<u32>> = [cols.date, cols.time]
            .into_iter()
            .chain(cols.drivers.iter().map(|(_, c)| *c))
            .chain(cols.person.iter().copied())
            .map(Some)
            .collect();
        if excel_errors(context, row, &needed, findings) {
            stats.skip("error");
            continue;
        }
        let required = cols.required(row);
        if required.iter().all(|&c| row.get(c).is_empty()) {
            stats.skip("no entry in the required columns");
            continue;
        }
        if report_empty(context, header, row, &required, findings) {
            stats.skip("error");
            continue;
        }
        let date = match row.get(cols.date).date(DateOrder::DayFirst) {
            Ok(Some(d)) => Some(d),
            _ => {
                bad_date(context, row, cols.date, findings);
                None
            }
        };
        let driver = if cols.has_driver {
            resolve_driver(context, row, cols.driver, &mut aliases, findings)
        } else {
            driver_from_export(context, row, &cols.drivers, &mut aliases, findings)
        };
        let hours = hours_booked(context, row, cols.time, cols.unit, findings);
        let person: Vec<String> = cols
            .person
            .iter()
            .filter_map(|&c| row.get(c).text().map(Cow::into_owned))
            .collect();
        let (Some(date), Some(driver), Some(hours)) = (date, driver, hours) else {
            stats.skip("error");
            continue;
        };
        if hours == Hours::ZERO {
            stats.skip("no time booked");
            continue;
        }
        let (driver, driver_typed) = driver;
        bookings.push(Booking {
            person: tidy_name(&person.join(" ")),
            date,
            driver,
            driver_typed,
            hours,
            activity: cols
                .activity
                .and_then(|c| row.get(c).text())
                .map(Cow::into_owned),
            origin: context.origin_at(row, Some(cols.date)),
            cell: context.at(row, Some(cols.time)),
        });
        stats.rows_used += 1;
    }
    aliases.report(findings);
}

/// Reports each empty cell of those a booking needs, naming its column;
/// true when any was.
fn report_empty(
    context: &SheetContext,
    header: &HeaderMatch,
    row: &SheetRow,
    required: &[u32],
    findings: &mut Findings,
) -> bool {
    let mut any = false;
    for &c in required {
        if row.get(c).is_empty() {
            let what = header
                .columns
                .iter()
                .find(|(_, v)| **v == c)
                .map(|(role, _)| role.to_string())
                .unwrap_or_else(|| "value".to_string());
            findings.error(
                "missing-value",
                context.at(row, Some(c)),
                format!(
                    "the {} is empty; every booking needs a date, a person, a driver and its time",
                    what
                ),
            );
            any = true;
        }
    }
    any
}

/// The time a long layout's row books, checked; None when reported.
fn hours_booked(
    context: &SheetContext,
    row: &SheetRow,
    col: u32,
    unit: TimeUnit,
    findings: &mut Findings,
) -> Option<Hours> {
    match time_booked(context, row, col, unit) {
        Ok(h) if check_hours(context, row, col, h, findings) => Some(h),
        Ok(_) => None,
        Err(None) => {
            bad_hours(context, row, col, findings);
            None
        }
        Err(Some(message)) => {
            findings.error("bad-hours", context.at(row, Some(col)), message);
            None
        }
    }
}

/// Beside a driver column, a sheet's Task or Project is free text about
/// the booking, kept as its activity; only an export with no driver column
/// takes its driver from them.
pub fn settle_export_columns(header: &mut HeaderMatch) {
    if header.has(Role::Driver) && !header.has(Role::Activity) {
        let free_text = [Role::Task, Role::Project]
            .into_iter()
            .find_map(|role| header.columns.remove(&role));
        if let Some(col) = free_text {
            header.columns.insert(Role::Activity, col);
        }
    }
}

/// One sheet's bookings summed by person, day and driver.
type Totals = std::collections::BTreeMap<(String, NaiveDate, usize), Hours>;

/// The same bookings standing twice in the folder (a pivot table or
/// summary sheet saved beside the data, a week's grid saved again, the
/// export saved once more under another name) are counted once. A timesheet
/// sheet whose every person, day and driver another sheet also books, with
/// the same hours, restates that sheet: it is checked against it and not
/// added. A sheet that repeats only some of another's bookings is no copy:
/// it is refused where the bookings are counted (`report::effort`), since
/// which of the two is right cannot be told.
pub fn settle_restated_bookings(inputs: &mut super::Inputs, findings: &mut Findings) {
    let mut by_sheet: std::collections::BTreeMap<u32, Totals> = Default::default();
    let mut rows: std::collections::BTreeMap<u32, usize> = Default::default();
    for booking in &inputs.records.bookings {
        let key = (normalise(&booking.person), booking.date, booking.driver);
        *by_sheet
            .entry(booking.origin.source)
            .or_default()
            .entry(key)
            .or_default() += booking.hours;
        *rows.entry(booking.origin.source).or_default() += 1;
    }
    if by_sheet.len() < 2 {
        return;
    }
    let mut restating: Vec<u32> = Vec::new();
    let sheets: Vec<u32> = by_sheet.keys().copied().collect();
    for &summary in &sheets {
        // The sheet it restates: another not itself dropped, whose keys
        // cover all of this one's with the same hours; of two that restate
        // each other, the one with fewer rows (the pivot) is the summary.
        let restated = sheets.iter().copied().find(|&data| {
            data != summary
                && !restating.contains(&data)
                && by_sheet[&summary] == by_sheet[&data]
                && (rows[&summary], std::cmp::Reverse(summary))
                    < (rows[&data], std::cmp::Reverse(data))
        });
        let place = |at: u32| {
            inputs
                .sources
                .get(at as usize)
                .map(|s| s.location().to_string())
                .unwrap_or_default()
        };
        let Some(data) = restated else {
            continue;
        };
        restating.push(summary);
        let hours: Hours = by_sheet[&summary].values().copied().sum();
        let message = format!(
            "this sheet restates the bookings of {} ({} people × days × drivers, {hours} hours in all, the same on every line): it is read as a summary, checked against them, and not added",
            place(data),
            by_sheet[&summary].len()
        );
        let data_place = place(data);
        if let Some(source) = inputs.sources.get_mut(summary as usize) {
            source.note = format!("a summary: {message}");
            // Fewer rows: a pivot, said as a note. As many rows: a
            // copied sheet (last week's grid not changed?), which a
            // person should look at.
            if rows[&summary] < rows[&data] {
                findings.info("summary-sheet", source.location(), message);
            } else {
                findings.warning(
                    "copied-sheet",
                    source.location(),
                    format!(
                        "this sheet books exactly what {data_place} books, row for row: it is a whole copy, so the bookings are counted once; if this sheet was meant to be another week or person, correct it"
                    ),
                );
            }
        }
    }
    if restating.is_empty() {
        return;
    }
    inputs
        .records
        .bookings
        .retain(|b| !restating.contains(&b.origin.source));
    for &at in &restating {
        if let Some(source) = inputs.sources.get_mut(at as usize) {
            source.rows_used = 0;
        }
    }
}

/// A person's name with spacing tidied, so `Jane  Smith ` is `Jane Smith`.
pub fn tidy_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a weekday column stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayColumn {
    /// Monday = 0 … Sunday = 6, counted from the week commencing.
    Weekday(u32),
    Date(NaiveDate),
}

/// A weekly grid as recognised.
#[derive(Debug, Clone)]
pub struct Grid {
    pub header: HeaderMatch,
    pub driver_col: u32,
    pub days: Vec<(u32, DayColumn)>,
    /// The person, and where the name was found.
    pub person: Option<(String, Location)>,
    /// The week commencing: the date, or what was found in its place.
    pub week: Option<Result<NaiveDate, (String, Location)>>,
    pub week_label: Option<Location>,
}

fn weekday_of(template: &Template, text: &str) -> Option<u32> {
    let key = normalise(text);
    template
        .file
        .headers
        .weekly_grid
        .weekdays
        .iter()
        .position(|names| names.iter().any(|n| normalise(n) == key))
        .map(|i| i as u32)
}

fn day_column(template: &Template, raw: &Raw) -> Option<DayColumn> {
    if let Raw::Text(text) = raw
        && let Some(day) = weekday_of(template, text)
    {
        return Some(DayColumn::Weekday(day));
    }
    match raw {
        Raw::Date(_) | Raw::Text(_) => raw
            .date(DateOrder::DayFirst)
            .ok()
            .flatten()
            .map(DayColumn::Date),
        _ => None,
    }
}

/// A `Driver` header with weekday (or date) columns to its right, under a
/// `Name` label and a `Week commencing` label.
pub fn detect_grid(sheet: &Sheet, template: &Template) -> Option<Grid> {
    let g = &template.file.headers.weekly_grid;
    let roles = [HeaderRole::new(Role::Driver, &g.driver)];
    let header = find_header(sheet, &roles, |m| {
        let Some(driver_col) = m.col(Role::Driver) else {
            return false;
        };
        let row = &sheet.rows[m.position];
        row.cells
            .iter()
            .filter(|(c, raw)| *c > driver_col && day_column(template, raw).is_some())
            .count()
            >= 2
    })?;
    let driver_col = header.col(Role::Driver)?;
    let header_row = &sheet.rows[header.position];
    let days: Vec<(u32, DayColumn)> = header_row
        .cells
        .iter()
        .filter(|(c, _)| *c > driver_col)
        .filter_map(|(c, raw)| day_column(template, raw).map(|d| (*c, d)))
        .collect();
    let header = match_row(sheet, header.position, &roles);
    let mut grid = Grid {
        header,
        driver_col,
        days,
        person: None,
        week: None,
        week_label: None,
    };
    let labels =
        |synonyms: &[String], text: &str| synonyms.iter().any(|s| normalise(s) == normalise(text));
    for row in sheet
        .rows
        .iter()
        .take_while(|r| r.index < HEADER_SEARCH_ROWS && r.index < grid.header.row)
    {
        for (i, (col, raw)) in row.cells.iter().enumerate() {
            let Some(text) = raw.text() else {
                continue;
            };
            let next = row.cells[i + 1..].iter().find(|(_, r)| !r.is_empty());
            let location = Location {
                sheet: Some(sheet.name.clone()),
                row: Some(row.index),
                col: Some(*col),
                line: row.line,
                file: None,
            };
            if grid.person.is_none() && labels(&g.staff_label, &text) {
                if let Some((c, value)) = next
                    && let Some(name) = value.text()
                {
                    grid.person = Some((
                        tidy_name(&name),
                        Location {
                            col: Some(*c),
                            ..location
                        },
                    ));
                }
            } else if grid.week.is_none() && labels(&g.week_label, &text) {
                grid.week_label = Some(location.clone());
                grid.week = next.map(|(c, value)| {
                    let at = Location {
                        col: Some(*c),
                        ..location.clone()
                    };
                    match value.date(DateOrder::DayFirst) {
                        Ok(Some(date)) => Ok(date),
                        _ => Err((value.display(), at)),
                    }
                });
            }
        }
    }
    Some(grid)
}

/// Read a weekly grid.
pub fn read_grid(
    context: &SheetContext,
    grid: &Grid,
    stats: &mut SourceSheet,
    bookings: &mut Vec<Booking>,
    findings: &mut Findings,
) {
    // A grid is a week: small enough to hold, and looked at twice.
    let rows: Vec<SheetRow> = context.data_rows(&grid.header).collect();
    let any_hours = rows
        .iter()
        .any(|row| grid.days.iter().any(|(c, _)| !row.get(*c).is_empty()));
    if !any_hours {
        stats.note = "an empty weekly timesheet: no hours booked".to_string();
        return;
    }
    let Some((person, week)) = person_and_week(context, grid, findings) else {
        return;
    };
    let mut aliases = AliasNotes::default();
    for row in &rows {
        if is_totals_row(context, row, &[Some(grid.driver_col)]) {
            stats.skip("totals row");
            continue;
        }
        let filled: Vec<&(u32, DayColumn)> = grid
            .days
            .iter()
            .filter(|(c, _)| !row.get(*c).is_empty())
            .collect();
        if filled.is_empty() {
            stats.skip("no hours booked");
            continue;
        }
        if excel_errors(context, row, &[Some(grid.driver_col)], findings) {
            stats.skip("error");
            continue;
        }
        if row.get(grid.driver_col).is_empty() {
            findings.error(
                "missing-value",
                context.at(row, Some(grid.driver_col)),
                "hours are booked on this row but its driver is empty; expected one of the report's drivers",
            );
            stats.skip("error");
            continue;
        }
        let Some(driver) = resolve_driver(context, row, grid.driver_col, &mut aliases, findings)
        else {
            stats.skip("error");
            continue;
        };
        let booked = GridRow {
            context,
            row,
            person,
            week,
            driver,
        };
        if booked.book(&filled, bookings, findings) {
            stats.rows_used += 1;
        } else {
            stats.skip("error");
        }
    }
    aliases.report(findings);
}

/// A grid's person and week commencing, from the cells above it; None
/// (reported) when the person is missing, or the week is missing where a
/// weekday column needs it or is not a date.
fn person_and_week<'g>(
    context: &SheetContext,
    grid: &'g Grid,
    findings: &mut Findings,
) -> Option<(&'g String, Option<NaiveDate>)> {
    let with_file = |mut location: Location| {
        location.file = Some(context.file.to_string());
        location
    };
    let sheet_location = with_file(Location {
        sheet: Some(context.sheet.name.clone()),
        ..Default::default()
    });
    let Some((person, _)) = &grid.person else {
        findings.error(
            "missing-person",
            sheet_location,
            "this weekly timesheet has no person: expected a cell labelled Name or Staff with the person's name to its right, above the grid",
        );
        return None;
    };
    let needs_week = grid
        .days
        .iter()
        .any(|(_, d)| matches!(d, DayColumn::Weekday(_)));
    let week = match &grid.week {
        Some(Ok(date)) => Some(*date),
        Some(Err((found, at))) => {
            findings.error(
                "bad-date",
                with_file(at.clone()),
                format!("the week commencing \"{found}\" is not a date; expected the Monday's date, such as 04/03/2019"),
            );
            return None;
        }
        None if needs_week => {
            findings.error(
                "missing-week",
                grid.week_label.clone().map(with_file).unwrap_or(sheet_location),
                "this weekly timesheet has weekday columns but no week: expected a cell labelled Week commencing or W/C with the Monday's date to its right",
            );
            return None;
        }
        None => None,
    };
    Some((person, week))
}

/// One row of a weekly grid whose driver is known: a booking per day.
struct GridRow<'a, 's> {
    context: &'a SheetContext<'s>,
    row: &'a SheetRow,
    person: &'a String,
    week: Option<NaiveDate>,
    /// The driver, and as it was typed.
    driver: (usize, String),
}

impl GridRow<'_, '_> {
    /// Books the hours of each filled day cell; true when any was booked.
    fn book(
        &self,
        filled: &[&(u32, DayColumn)],
        bookings: &mut Vec<Booking>,
        findings: &mut Findings,
    ) -> bool {
        let (context, row) = (self.context, self.row);
        let (driver, driver_typed) = &self.driver;
        let mut used = false;
        for &&(col, day) in filled {
            let hours = match row.get(col).hours() {
                Ok(Some(h)) if check_hours(context, row, col, h, findings) => h,
                Ok(Some(_)) => continue,
                _ => {
                    bad_hours(context, row, col, findings);
                    continue;
                }
            };
            if hours == Hours::ZERO {
                continue;
            }
            let date = match (day, self.week) {
                (DayColumn::Date(d), _) => d,
                (DayColumn::Weekday(w), Some(start)) => {
                    let offset = (w + 7 - start.weekday().num_days_from_monday()) % 7;
                    start + chrono::Days::new(offset as u64)
                }
                (DayColumn::Weekday(_), None) => continue,
            };
            bookings.push(Booking {
                person: self.person.clone(),
                date,
                driver: *driver,
                driver_typed: driver_typed.clone(),
                hours,
                activity: None,
                origin: context.origin_at(row, Some(col)),
                cell: context.at(row, Some(col)),
            });
            used = true;
        }
        used
    }
}
