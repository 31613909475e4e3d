//! Table 4, Division of Effort by Driver: the report month's bookings summed
//! exactly per driver and rounded to whole days, and the per-person detail
//! finance checks it against.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::WindowCount;
use super::membership::Footnote;
use super::table::{Cell, Column, Role, Row, Shown, Table, Value};
use crate::findings::{Findings, Location};
use crate::hours::Hours;
use crate::inputs::records::Booking;
use crate::month::Month;
use crate::template::Template;
use crate::text::normalise;

/// The places one finding lists before it says how many more there are.
const MAX_PLACES: usize = 20;

/// How Table 4's figures are rounded to whole days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Rounding {
    /// Each driver, and the Grand Total from the unrounded days, half-up:
    /// as the paper does (its drivers may not add to its Grand Total).
    #[default]
    HalfUp,
    /// The Grand Total half-up; the drivers by largest remainder, so that
    /// they add to it.
    LargestRemainder,
}

impl Rounding {
    pub fn describe(self) -> &'static str {
        match self {
            Rounding::HalfUp => {
                "each driver and the Grand Total rounded half-up from unrounded days"
            }
            Rounding::LargestRemainder => {
                "Grand Total rounded half-up; drivers rounded by largest remainder to add up to it"
            }
        }
    }
}

/// Why a booking that was read is not counted in Table 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftOut {
    /// Dated outside the report month.
    OutsideMonth,
}

impl LeftOut {
    pub fn describe(self) -> &'static str {
        match self {
            LeftOut::OutsideMonth => "outside the month",
        }
    }
}

/// One row of Table 4.
#[derive(Debug, Clone, PartialEq)]
pub struct DriverDays {
    pub driver: usize,
    pub hours: Hours,
    pub days_rounded: i64,
}

/// Table 4 and its detail.
#[derive(Debug, Clone)]
pub struct EffortByDriver {
    pub rows: Vec<DriverDays>,
    pub total_hours: Hours,
    pub total_rounded: i64,
    pub rounding: Rounding,
    pub hours_per_day: Hours,
    /// Person → hours per driver (template order), people sorted by name.
    pub by_person: BTreeMap<String, Vec<Hours>>,
    /// The month's bookings, by person, date and driver.
    pub bookings: Vec<Booking>,
    /// The bookings read but not counted, and why: they stay on the Effort
    /// bookings sheet, so hours read = hours used + hours left out.
    pub left_out: Vec<(Booking, LeftOut)>,
    /// The note under Table 4 when its rounded drivers do not add to its
    /// Grand Total (anchored on the Grand Total row).
    pub footnotes: Vec<Footnote>,
}

pub fn aggregate(
    bookings: &[Booking],
    template: &Template,
    month: Month,
    rounding: Rounding,
    window: &mut WindowCount,
    findings: &mut Findings,
) -> EffortByDriver {
    let drivers = template.drivers.len();
    let per_day = template.hours_per_day;
    let mut in_month: Vec<Booking> = Vec::new();
    let mut left_out: Vec<(Booking, LeftOut)> = Vec::new();
    for booking in bookings {
        let inside = month.contains(booking.date);
        window.record_dated(booking.origin, inside, booking.date);
        if inside {
            in_month.push(booking.clone());
        } else {
            left_out.push((booking.clone(), LeftOut::OutsideMonth));
        }
    }
    let spelling = spellings(bookings);
    for booking in in_month
        .iter_mut()
        .chain(left_out.iter_mut().map(|(b, _)| b))
    {
        if let Some(name) = spelling.get(&normalise(&booking.person)) {
            booking.person.clone_from(name);
        }
    }
    in_month.sort_by(|a, b| {
        (&a.person, a.date, a.driver, &a.cell).cmp(&(&b.person, b.date, b.driver, &b.cell))
    });
    refuse_overlaps(&in_month, template, findings);
    check_person_days(&in_month, findings);
    let mut totals = vec![Hours::ZERO; drivers];
    let mut by_person: BTreeMap<String, Vec<Hours>> = BTreeMap::new();
    for booking in &in_month {
        totals[booking.driver] += booking.hours;
        by_person
            .entry(booking.person.clone())
            .or_insert_with(|| vec![Hours::ZERO; drivers])[booking.driver] += booking.hours;
    }
    let total_hours: Hours = totals.iter().copied().sum();
    let total_rounded = total_hours.days_rounded_half_up(per_day);
    let rounded = match rounding {
        Rounding::HalfUp => totals
            .iter()
            .map(|h| h.days_rounded_half_up(per_day))
            .collect(),
        Rounding::LargestRemainder => largest_remainder(&totals, per_day, total_rounded),
    };
    let rows: Vec<DriverDays> = totals
        .iter()
        .zip(rounded)
        .enumerate()
        .map(|(driver, (&hours, days_rounded))| DriverDays {
            driver,
            hours,
            days_rounded,
        })
        .collect();
    let drivers_sum: i64 = rows.iter().map(|r| r.days_rounded).sum();
    let mut footnotes = Vec::new();
    if drivers_sum != total_rounded {
        footnotes.push(Footnote {
            marker: 1,
            anchor: "Grand Total".into(),
            text: rounding_note(
                &template.file.finance.rounding_note,
                drivers_sum,
                total_rounded,
            ),
        });
        findings.warning(
            "table4-rounding",
            Location::default(),
            format!(
                "Table 4: the rounded drivers add to {drivers_sum} days, but the Grand Total is {total_rounded} \
                 (rounded from {} unrounded days); rounding in use: {}. \
                 Run with --rounding largest-remainder to make them agree",
                total_hours.days_text(per_day, 4),
                rounding.describe()
            ),
        );
    }
    EffortByDriver {
        rows,
        total_hours,
        total_rounded,
        rounding,
        hours_per_day: per_day,
        by_person,
        bookings: in_month,
        left_out,
        footnotes,
    }
}

/// The rounding note, worded by the template: `{drivers}` and `{total}`
/// as the paper prints figures (`1,034`).
fn rounding_note(wording: &str, drivers: i64, total: i64) -> String {
    let figure = |n: i64| {
        let text = crate::text::thousands(n.unsigned_abs());
        if n < 0 { format!("-{text}") } else { text }
    };
    wording
        .replace("{drivers}", &figure(drivers))
        .replace("{total}", &figure(total))
}

/// Table 4 carried forward: this month beside last month and the year to
/// date, from the earlier reports' own carried-forward sheets.
#[derive(Debug, Clone)]
pub struct EffortCarried {
    /// The first month of the year this month belongs to.
    pub year_start: Month,
    /// The months shown, oldest first: last month (when it is of the year
    /// before), then the year's months to this one.
    pub months: Vec<Month>,
    /// Per driver, per month: its hours, or `None` where neither this
    /// month's bookings nor an earlier report give them.
    pub hours: Vec<Vec<Option<Hours>>>,
    /// Per driver: days a year budgeted, when the template gives them.
    pub budget: Vec<Option<f64>>,
}

impl EffortCarried {
    /// Whether every month of the year to date is known.
    pub fn year_complete(&self) -> bool {
        self.hours.iter().all(|row| {
            row.iter()
                .zip(&self.months)
                .all(|(h, m)| h.is_some() || *m < self.year_start)
        })
    }

    /// A driver's hours in the year to date (the known months).
    pub fn year_to_date(&self, driver: usize) -> Hours {
        self.hours[driver]
            .iter()
            .zip(&self.months)
            .filter(|(_, m)| **m >= self.year_start)
            .filter_map(|(h, _)| *h)
            .sum()
    }
}

/// Table 4 carried forward for `month`: its own hours from the bookings,
/// earlier months from the latest earlier report that gives them.
pub fn carry_forward(
    effort: &EffortByDriver,
    history: &[crate::inputs::records::HistoryReport],
    template: &Template,
    month: Month,
) -> EffortCarried {
    let finance = &template.file.finance;
    let mut year_start = Month::new(month.year(), finance.year_starts).unwrap_or(month);
    if year_start > month {
        year_start = Month::new(month.year() - 1, finance.year_starts).unwrap_or(month);
    }
    let mut months = Vec::new();
    let mut m = month;
    while m >= year_start {
        months.push(m);
        m = m.prev();
    }
    if months.len() == 1 {
        months.push(month.prev());
    }
    months.reverse();
    // The latest report first, so its figure for a month wins.
    let mut reports: Vec<&crate::inputs::records::HistoryReport> = history.iter().collect();
    reports.sort_by_key(|r| std::cmp::Reverse(r.month));
    let drivers = template.drivers.len();
    let hours = (0..drivers)
        .map(|driver| {
            months
                .iter()
                .map(|&m| {
                    if m == month {
                        return Some(effort.rows[driver].hours);
                    }
                    reports.iter().find_map(|r| {
                        r.effort.iter().any(|(month, _, _)| *month == m).then(|| {
                            r.effort
                                .iter()
                                .filter(|(month, d, _)| *month == m && *d == driver)
                                .map(|(_, _, h)| *h)
                                .sum()
                        })
                    })
                })
                .collect()
        })
        .collect();
    let budget = template
        .drivers
        .iter()
        .map(|d| {
            finance
                .budget
                .iter()
                .find(|(name, _)| normalise(name) == normalise(&d.name))
                .map(|(_, days)| *days)
        })
        .collect();
    EffortCarried {
        year_start,
        months,
        hours,
        budget,
    }
}

/// Whole days to each driver so that they add to `total`: floors first, then
/// one more day to the largest remainders (report order breaks ties).
fn largest_remainder(hours: &[Hours], per_day: Hours, total: i64) -> Vec<i64> {
    let parts: Vec<(i64, i64)> = hours.iter().map(|h| h.days_floor(per_day)).collect();
    let mut rounded: Vec<i64> = parts.iter().map(|p| p.0).collect();
    let short = total - rounded.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..hours.len()).collect();
    order.sort_by(|&a, &b| parts[b].1.cmp(&parts[a].1).then(a.cmp(&b)));
    for &i in order.iter().take(short.max(0) as usize) {
        rounded[i] += 1;
    }
    rounded
}

/// One spelling for each person, the first in sort order among the ways
/// their name is written (`Ann Lee`, `ann lee`, `Ann  Lee.`), so the Effort
/// detail has one row per person and its `SUMIFS`, which match names without
/// regard to case, sum each person's bookings once in every engine.
fn spellings(bookings: &[Booking]) -> BTreeMap<String, String> {
    let mut spelling: BTreeMap<String, String> = BTreeMap::new();
    for booking in bookings {
        let name = spelling
            .entry(normalise(&booking.person))
            .or_insert_with(|| booking.person.clone());
        if booking.person < *name {
            name.clone_from(&booking.person);
        }
    }
    spelling
}

/// The same person, day and driver booked on two sheets (of one workbook
/// or of two files) is an error: counted twice it changes Table 4, and
/// which of the two is right cannot be told. A sheet that is a whole copy
/// of another is read once before this (`inputs::timesheet`), so what is
/// left here overlaps only in part, as an older copy of the export kept
/// on a hidden sheet does. Two rows of one sheet for the same person, day
/// and driver are two bookings (two tasks), and both are counted.
fn refuse_overlaps(bookings: &[Booking], template: &Template, findings: &mut Findings) {
    // Grouped through a sorted index, not a map of vectors: a year's
    // timesheet export has a group per booking, almost every one alone.
    let keys: Vec<(String, NaiveDate, usize)> = bookings
        .iter()
        .map(|b| (normalise(&b.person), b.date, b.driver))
        .collect();
    let mut order: Vec<usize> = (0..bookings.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]).then(a.cmp(&b)));
    // Per pair of sheets: each person, day and driver they share.
    let mut pairs: BTreeMap<(u32, u32), Vec<String>> = BTreeMap::new();
    for run in order.chunk_by(|&a, &b| keys[a] == keys[b]) {
        let first = &bookings[run[0]];
        let mut seen = vec![first.origin.source];
        for &other in &run[1..] {
            let other = &bookings[other];
            if seen.contains(&other.origin.source) {
                continue;
            }
            seen.push(other.origin.source);
            let pair = (first.origin.source, other.origin.source);
            pairs.entry(pair).or_default().push(format!(
                "{}, {}, {}: {} and {}",
                first.person,
                first.date.format("%d/%m/%Y"),
                template.drivers[first.driver].name,
                first.cell,
                other.cell
            ));
        }
    }
    for ((a, b), shared) in pairs {
        let Some(at_a) = bookings.iter().find(|x| x.origin.source == a) else {
            continue;
        };
        let Some(at_b) = bookings.iter().find(|x| x.origin.source == b) else {
            continue;
        };
        let sheet = |l: &Location| Location {
            file: l.file.clone(),
            sheet: l.sheet.clone(),
            ..Default::default()
        };
        findings.error(
            "overlapping-bookings",
            sheet(&at_b.cell),
            format!(
                "{} of this sheet's people × days × drivers in {} are also booked on {}, but neither sheet is a whole copy of the other, so counted twice they would change Table 4: {}. \
                 If one of the two is an older copy (a hidden sheet, a file saved again), delete it or take it out of the folder; \
                 if both hold real time, put each person's bookings for a day and driver on one sheet, where two rows count as two bookings",
                crate::text::thousands(shared.len() as u64),
                Month::of(at_b.date).long_label(),
                sheet(&at_a.cell),
                crate::text::places_text(&shared, 10)
            ),
        );
    }
}

/// One person cannot work more than a day has: report each person-day over
/// 24 hours, with the cells that make it up.
fn check_person_days(bookings: &[Booking], findings: &mut Findings) {
    let mut days: BTreeMap<(String, NaiveDate), Vec<&Booking>> = BTreeMap::new();
    for booking in bookings {
        days.entry((normalise(&booking.person), booking.date))
            .or_default()
            .push(booking);
    }
    let limit = Hours::from_seconds(24 * 3600);
    for ((_, date), group) in days {
        let total: Hours = group.iter().map(|b| b.hours).sum();
        if total > limit {
            let cells: Vec<String> = group
                .iter()
                .map(|b| format!("{} ({} h)", b.cell, b.hours))
                .collect();
            findings.error(
                "too-many-hours",
                group[0].cell.clone(),
                format!(
                    "{} has {} hours booked on {}, more than a day has; expected at most 24 hours: {}",
                    group[0].person,
                    total,
                    date.format("%d/%m/%Y"),
                    crate::text::places_text(&cells, MAX_PLACES)
                ),
            );
        }
    }
}

impl EffortByDriver {
    /// Table 4: in print, each group's heading over its drivers, indented;
    /// in the CSV, a row a driver in the template's order with its group,
    /// unrounded days and hours. The rounding note marks the Grand Total.
    pub fn table(&self, template: &Template) -> Table {
        let caption = &template.file.tables.title("effort_by_driver").caption;
        let mut table = Table::new(
            caption,
            vec![
                Column::csv_only("group"),
                Column::both("driver", "Driver", 4),
                Column::both("days", "Days (rounded)", 1),
                Column::csv_only("days_unrounded"),
                Column::csv_only("hours"),
            ],
        );
        let per_day = self.hours_per_day;
        let cells = |group: &str, label: &str, days: i64, hours: Hours| {
            vec![
                Cell::text(group),
                Cell::text(label),
                Cell::new(Value::Signed(days)),
                Cell::new(Value::Decimal(hours.days_text(per_day, 6))),
                Cell::new(Value::Decimal(hours.to_string())),
            ]
        };
        for row in &self.rows {
            let driver = &template.drivers[row.driver];
            let row_cells = cells(&driver.group, &driver.name, row.days_rounded, row.hours);
            table.row(Row::new(row_cells).shown(Shown::Csv));
        }
        for group in &template.file.driver_groups {
            let mut heading = cells(group, group, 0, Hours::default());
            heading[2] = Cell::new(Value::Blank);
            table.row(Row::new(heading).role(Role::Group).shown(Shown::Print));
            for row in self
                .rows
                .iter()
                .filter(|r| &template.drivers[r.driver].group == group)
            {
                let driver = &template.drivers[row.driver];
                let row_cells = cells(group, &driver.name, row.days_rounded, row.hours);
                table.row(Row::new(row_cells).role(Role::Indented).shown(Shown::Print));
            }
        }
        let markers: Vec<u32> = self.footnotes.iter().map(|n| n.marker).collect();
        let mut total = cells("", "Grand Total", self.total_rounded, self.total_hours);
        total[2] = Cell::new(Value::Signed(self.total_rounded)).marked(&markers);
        table.row(Row::new(total).role(Role::Total));
        table.footnotes = self.footnotes.clone();
        table.print.width_percent = Some(75);
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(x: f64) -> Hours {
        Hours::from_hours_f64(x).expect("finite")
    }

    #[test]
    fn the_rounding_note_quotes_both_figures_as_the_paper_prints_them() {
        let template = Template::load(None).expect("built-in template");
        let wording = &template.file.finance.rounding_note;
        assert_eq!(
            rounding_note(wording, 1034, 1033),
            "Figures are rounded to the nearest day, so the drivers add to 1,034 against a Grand Total of 1,033."
        );
    }

    #[test]
    fn largest_remainder_adds_up_and_breaks_ties_in_order() {
        let per_day = h(7.5);
        // 55.2, 158.6, 160.8 days: half-up gives 55+159+161 = 375 against 374.6 → 375.
        let hours = [h(414.0), h(1189.5), h(1206.0)];
        assert_eq!(largest_remainder(&hours, per_day, 375), vec![55, 159, 161]);
        // Three thirds of a day: total 1; the first in report order gets it.
        let thirds = [h(2.5), h(2.5), h(2.5)];
        assert_eq!(largest_remainder(&thirds, per_day, 1), vec![1, 0, 0]);
    }
}
