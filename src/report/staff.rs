//! Effort by person, from the optional staff list: each person's booked
//! days against their working days in the month (weekdays less the
//! template's bank holidays, scaled by contracted hours a week ÷ a full
//! week of 5 × hours per day), the staff/contractor split of each driver's
//! days, and its cost where the list gives day rates. Every figure is kept
//! as an exact ratio of integers and divided once, for display.
//!
//! Without a staff list there is nothing here, and nothing is said. Someone
//! who booked but is not on the list changes no Table 4 figure: a warning
//! naming them and where they booked.

use std::collections::BTreeMap;

use chrono::{Datelike, Weekday};

use super::effort::EffortByDriver;
use crate::findings::Findings;
use crate::hours::Hours;
use crate::inputs::records::{Booking, Contract, StaffMember};
use crate::month::Month;
use crate::template::Template;
use crate::text::normalise;

/// The workbook sheet these figures fill.
pub const EFFORT_BY_PERSON: &str = "Effort by person";

/// One person's month.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonEffort {
    /// As the staff list gives it, or the timesheet for someone not on it.
    pub name: String,
    /// `None`: booked, but not on the staff list.
    pub contract: Option<Contract>,
    pub hours_a_week: Option<Hours>,
    pub day_rate_pence: Option<i64>,
    pub booked: Hours,
}

/// The Effort by person sheet's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffEffort {
    /// Weekdays of the month less bank holidays on a weekday.
    pub working_days: i64,
    /// The bank holidays that fell on a weekday of the month.
    pub bank_holidays: Vec<chrono::NaiveDate>,
    /// The staff list's people (its order), then those not on it by name.
    pub people: Vec<PersonEffort>,
    /// Per driver (template order): hours booked by staff, by contractors,
    /// and by people not on the list.
    pub split: Vec<[Hours; 3]>,
    /// Per driver: the cost of the days of people with a day rate, as
    /// hour ticks × pence a day (exact; see `pounds`), and the hours of
    /// those without one.
    pub cost: Vec<i128>,
    pub uncosted: Vec<Hours>,
    pub hours_per_day: Hours,
}

impl PersonEffort {
    /// Working days in the month at this person's contracted hours:
    /// `working_days × hours a week ÷ (5 × hours per day)`.
    pub fn working_days(&self, effort: &StaffEffort) -> Option<f64> {
        let week = self.hours_a_week?;
        let numerator = effort.working_days as i128 * week.ticks() as i128;
        Some(numerator as f64 / (5 * effort.hours_per_day.ticks() as i128) as f64)
    }

    /// Booked less working days, from the exact figures, divided once.
    pub fn difference(&self, effort: &StaffEffort) -> Option<f64> {
        let week = self.hours_a_week?;
        let numerator =
            5 * self.booked.ticks() as i128 - effort.working_days as i128 * week.ticks() as i128;
        Some(numerator as f64 / (5 * effort.hours_per_day.ticks() as i128) as f64)
    }

    /// Booked days × day rate, as hour ticks × pence a day (see `pounds`).
    pub fn cost(&self) -> Option<i128> {
        self.day_rate_pence
            .map(|rate| self.booked.ticks() as i128 * rate as i128)
    }
}

/// A cost kept as hour ticks × pence a day, in pounds: summed exactly as
/// integers, divided once, unrounded (a third of a day at £100 is
/// £33.333…, shown £33.33), so a column's total is the total of its costs.
pub fn pounds(cost: i128, per_day: Hours) -> f64 {
    cost as f64 / (per_day.ticks() as i128 * 100) as f64
}

/// Weekdays of the month, and the bank holidays among them.
pub fn working_days(month: Month, holidays: &[chrono::NaiveDate]) -> (i64, Vec<chrono::NaiveDate>) {
    let weekday = |d: &chrono::NaiveDate| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
    let weekdays = month
        .first_day()
        .iter_days()
        .take_while(|d| *d <= month.last_day())
        .filter(weekday)
        .count() as i64;
    let off: Vec<chrono::NaiveDate> = holidays
        .iter()
        .copied()
        .filter(|d| month.contains(*d) && weekday(d))
        .collect();
    (weekdays - off.len() as i64, off)
}

/// The sheet's figures, or `None` without a staff list.
pub fn aggregate(
    staff: &[StaffMember],
    effort: &EffortByDriver,
    template: &Template,
    month: Month,
    findings: &mut Findings,
) -> Option<StaffEffort> {
    if staff.is_empty() {
        return None;
    }
    let per_day = effort.hours_per_day;
    let holidays: Vec<chrono::NaiveDate> = template
        .file
        .finance
        .bank_holiday_dates()
        .unwrap_or_default()
        .into_iter()
        .collect();
    let (working, bank_holidays) = working_days(month, &holidays);
    let mut tally = Tally::new(staff, template.drivers.len());
    for booking in &effort.bookings {
        tally.add(booking, staff);
    }
    let Tally {
        mut people,
        unlisted,
        split,
        cost,
        uncosted,
        ..
    } = tally;
    let list_at = staff
        .first()
        .map(|m| {
            let mut at = m.cell.clone();
            (at.row, at.col, at.line) = (None, None, None);
            at.to_string()
        })
        .unwrap_or_default();
    for person in unlisted.into_values() {
        people.push(person.warn(&list_at, per_day, month, findings));
    }
    Some(StaffEffort {
        working_days: working,
        bank_holidays,
        people,
        split,
        cost,
        uncosted,
        hours_per_day: per_day,
    })
}

/// The month's bookings summed by person and by driver.
struct Tally {
    /// The staff list's people by normalised name: their place in it.
    listed: BTreeMap<String, usize>,
    /// The staff list's people, in its order.
    people: Vec<PersonEffort>,
    /// People not on the list, by normalised name.
    unlisted: BTreeMap<String, Unlisted>,
    /// Per driver: staff, contractors, not on the list (`StaffEffort::split`).
    split: Vec<[Hours; 3]>,
    /// Per driver: `StaffEffort::cost` and `StaffEffort::uncosted`.
    cost: Vec<i128>,
    uncosted: Vec<Hours>,
}

/// Someone who booked but is not on the staff list: their name as first
/// booked, hours, first cell and number of bookings.
struct Unlisted {
    name: String,
    hours: Hours,
    first: crate::findings::Location,
    bookings: usize,
}

impl Tally {
    fn new(staff: &[StaffMember], drivers: usize) -> Tally {
        Tally {
            listed: staff
                .iter()
                .enumerate()
                .map(|(i, m)| (normalise(&m.name), i))
                .collect(),
            people: staff
                .iter()
                .map(|m| PersonEffort {
                    name: m.name.clone(),
                    contract: Some(m.contract),
                    hours_a_week: Some(m.hours_a_week),
                    day_rate_pence: m.day_rate_pence,
                    booked: Hours::ZERO,
                })
                .collect(),
            unlisted: BTreeMap::new(),
            split: vec![[Hours::ZERO; 3]; drivers],
            cost: vec![0i128; drivers],
            uncosted: vec![Hours::ZERO; drivers],
        }
    }

    /// One booking: to its person (or the people not on the list), and to
    /// its driver's split and cost.
    fn add(&mut self, booking: &Booking, staff: &[StaffMember]) {
        let key = normalise(&booking.person);
        let driver = booking.driver;
        match self.listed.get(&key) {
            Some(&i) => {
                self.people[i].booked += booking.hours;
                let column = match staff[i].contract {
                    Contract::Staff => 0,
                    Contract::Contractor => 1,
                };
                self.split[driver][column] += booking.hours;
                match staff[i].day_rate_pence {
                    Some(rate) => self.cost[driver] += booking.hours.ticks() as i128 * rate as i128,
                    None => self.uncosted[driver] += booking.hours,
                }
            }
            None => {
                self.split[driver][2] += booking.hours;
                self.uncosted[driver] += booking.hours;
                let entry = self.unlisted.entry(key).or_insert_with(|| Unlisted {
                    name: booking.person.clone(),
                    hours: Hours::ZERO,
                    first: booking.cell.clone(),
                    bookings: 0,
                });
                entry.hours += booking.hours;
                entry.bookings += 1;
            }
        }
    }
}

impl Unlisted {
    /// A warning naming them and where they first booked (no Table 4
    /// figure changes); their row, as not on the list.
    fn warn(
        self,
        list_at: &str,
        per_day: Hours,
        month: Month,
        findings: &mut Findings,
    ) -> PersonEffort {
        let Unlisted {
            name,
            hours,
            first,
            bookings: count,
        } = self;
        let bookings = if count == 1 {
            "1 booking".to_string()
        } else {
            format!("{count} bookings")
        };
        findings.warning(
            "not-on-staff-list",
            first,
            format!(
                "{name} booked {} days in {} ({hours} hours, {}, first here) but is not on the \
                 staff list ({list_at}); Table 4 counts them, the {EFFORT_BY_PERSON} sheet shows \
                 them as not on the list. Add them to the staff list, or check the name's spelling",
                hours.days_text(per_day, 2),
                month.long_label(),
                bookings
            ),
        );
        PersonEffort {
            name,
            contract: None,
            hours_a_week: None,
            day_rate_pence: None,
            booked: hours,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn march_2019_has_21_working_days_and_april_20_after_its_two_bank_holidays() {
        let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date");
        let holidays = [date(2019, 4, 19), date(2019, 4, 22), date(2019, 5, 6)];
        let march = Month::new(2019, 3).expect("month");
        assert_eq!(working_days(march, &holidays), (21, vec![]));
        let april = Month::new(2019, 4).expect("month");
        assert_eq!(
            working_days(april, &holidays),
            (20, vec![date(2019, 4, 19), date(2019, 4, 22)])
        );
    }

    #[test]
    fn three_thirds_of_a_day_at_a_rate_cost_exactly_the_rate() {
        let per_day = Hours::from_hours_f64(7.5).expect("hours");
        let third = Hours::from_hours_f64(2.5).expect("hours");
        let cost = third.ticks() as i128 * 10_000;
        assert_eq!(pounds(3 * cost, per_day), 100.0);
        assert!((pounds(cost, per_day) - 100.0 / 3.0).abs() < 1e-12);
    }
}
