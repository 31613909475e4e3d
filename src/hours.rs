//! Exact time arithmetic for Table 4. Bookings are whole minutes or decimal
//! hours; summing them as binary floating point can turn 138.5 days into
//! 138.49999999999994 and print 138. So time is counted in integer ticks of
//! 1/9,000,000 hour: a second is 2,500 ticks and 0.000001 hour is 9 ticks,
//! so whole seconds and decimal hours to six places are both exact.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign};

/// Ticks in one hour: the least common multiple of 3,600 (seconds) and
/// 1,000,000 (six decimal places of an hour).
const TICKS_PER_HOUR: i64 = 9_000_000;
const TICKS_PER_SECOND: i64 = TICKS_PER_HOUR / 3600;

/// A length of time booked, exact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hours(i64);

impl Hours {
    pub const ZERO: Hours = Hours(0);

    /// From a number of hours as typed or stored; rounds to the nearest tick
    /// so that a stored 7.299999999999 is the 7.3 a person typed. `None` for
    /// values that are not finite or beyond a million hours.
    pub fn from_hours_f64(hours: f64) -> Option<Hours> {
        if !hours.is_finite() || hours.abs() > 1e6 {
            return None;
        }
        Some(Hours((hours * TICKS_PER_HOUR as f64).round() as i64))
    }

    pub fn from_seconds(seconds: i64) -> Hours {
        Hours(seconds * TICKS_PER_SECOND)
    }

    /// `days` days of `per_day` hours each.
    pub fn from_days_f64(days: f64, per_day: Hours) -> Option<Hours> {
        if !days.is_finite() || days.abs() > 1e5 {
            return None;
        }
        // Days are typed with few decimals: round to a tick of the result.
        Some(Hours((days * per_day.0 as f64).round() as i64))
    }

    /// The exact count of ticks (1/9,000,000 hour), for exact ratios such
    /// as a person's working time or a cost at a day rate.
    pub fn ticks(self) -> i64 {
        self.0
    }

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn as_f64(self) -> f64 {
        self.0 as f64 / TICKS_PER_HOUR as f64
    }

    /// Days of `per_day` hours, unrounded, as the nearest float (for display
    /// and for the Effort detail cells; never summed for a published figure).
    pub fn days_f64(self, per_day: Hours) -> f64 {
        self.0 as f64 / per_day.0 as f64
    }

    /// Days rounded half-up (half away from zero), exactly.
    pub fn days_rounded_half_up(self, per_day: Hours) -> i64 {
        let (n, d) = (self.0 as i128, per_day.0 as i128);
        let rounded = if n >= 0 {
            (2 * n + d) / (2 * d)
        } else {
            -((2 * -n + d) / (2 * d))
        };
        rounded as i64
    }

    /// Whole days and the remainder in ticks (for largest-remainder rounding).
    pub fn days_floor(self, per_day: Hours) -> (i64, i64) {
        (self.0.div_euclid(per_day.0), self.0.rem_euclid(per_day.0))
    }

    /// Days as exact decimal text with up to `places` places, trailing zeros
    /// dropped: 55.2, 138.5, 0.
    pub fn days_text(self, per_day: Hours, places: u32) -> String {
        let scale = 10i128.pow(places);
        let (n, d) = (self.0 as i128, per_day.0 as i128);
        let scaled = if n >= 0 {
            (2 * n * scale + d) / (2 * d)
        } else {
            -((2 * -n * scale + d) / (2 * d))
        };
        let whole = scaled / scale;
        let frac = (scaled % scale).abs();
        let mut text = if scaled < 0 && whole == 0 {
            "-0".to_string()
        } else {
            whole.to_string()
        };
        if frac != 0 {
            let digits = format!("{:0width$}", frac, width = places as usize);
            text.push('.');
            text.push_str(digits.trim_end_matches('0'));
        }
        text
    }
}

impl Add for Hours {
    type Output = Hours;
    fn add(self, rhs: Hours) -> Hours {
        Hours(self.0 + rhs.0)
    }
}

impl AddAssign for Hours {
    fn add_assign(&mut self, rhs: Hours) {
        self.0 += rhs.0;
    }
}

impl Sum for Hours {
    fn sum<I: Iterator<Item = Hours>>(iter: I) -> Hours {
        iter.fold(Hours::ZERO, Add::add)
    }
}

impl fmt::Display for Hours {
    /// Hours as exact decimal text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Hours::days_text(*self, Hours(TICKS_PER_HOUR), 6))
    }
}

/// Why a worklog's time spent, written as Jira and Tempo write it
/// (`1h 30m`), cannot be taken as hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorklogTimeProblem {
    /// Not such a time at all (a bare number has no unit: seconds? hours?).
    Unreadable,
    /// Counted in days (`2d`) or weeks (`1w`), whose length in hours is
    /// each Jira site's own setting (8 hours a day and 5 days a week unless
    /// changed), so the hours cannot be known from the export.
    DaysOrWeeks,
}

impl Hours {
    /// Time spent as Jira writes it: numbers each followed by `h`, `m` or
    /// `s` (`1h 30m`, `45m`, `1.5h`, `2h 15m 30s`).
    pub fn parse_worklog_text(text: &str) -> Result<Hours, WorklogTimeProblem> {
        let mut seconds = 0f64;
        let mut number = String::new();
        let mut parts = 0;
        for c in text.trim().chars() {
            match c.to_ascii_lowercase() {
                '0'..='9' | '.' => number.push(c),
                ' ' | ',' if number.is_empty() => {}
                unit @ ('h' | 'm' | 's' | 'd' | 'w') => {
                    let value: f64 = number.parse().map_err(|_| WorklogTimeProblem::Unreadable)?;
                    number.clear();
                    seconds += value
                        * match unit {
                            'h' => 3600.0,
                            'm' => 60.0,
                            's' => 1.0,
                            _ => return Err(WorklogTimeProblem::DaysOrWeeks),
                        };
                    parts += 1;
                }
                _ => return Err(WorklogTimeProblem::Unreadable),
            }
        }
        if parts == 0 || !number.is_empty() {
            return Err(WorklogTimeProblem::Unreadable);
        }
        Hours::from_hours_f64(seconds / 3600.0).ok_or(WorklogTimeProblem::Unreadable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(x: f64) -> Hours {
        Hours::from_hours_f64(x).expect("finite")
    }

    #[test]
    fn sums_are_exact_where_floats_drift() {
        // 1,038.75 hours is exactly 138.5 days and must round to 139.
        let per_day = h(7.5);
        let quarter_bookings: Hours = std::iter::repeat_n(h(0.25), 4155).sum();
        assert_eq!(quarter_bookings, h(1038.75));
        assert_eq!(quarter_bookings.days_rounded_half_up(per_day), 139);
        assert_eq!(quarter_bookings.days_text(per_day, 4), "138.5");
        // Decimal hours that are inexact in binary still add exactly.
        let tenths: Hours = std::iter::repeat_n(h(0.1), 75).sum();
        assert_eq!(tenths.days_rounded_half_up(per_day), 1);
        assert_eq!(tenths.days_text(per_day, 4), "1");
    }

    #[test]
    fn half_up_and_floor() {
        let per_day = h(7.5);
        assert_eq!(h(7.5 * 632.5).days_rounded_half_up(per_day), 633);
        assert_eq!(h(7.5 * 632.49).days_rounded_half_up(per_day), 632);
        assert_eq!(h(11.25).days_floor(per_day), (1, h(3.75).0));
        assert_eq!(h(414.0).days_text(per_day, 4), "55.2");
        assert_eq!(Hours::from_seconds(27000), h(7.5));
        assert_eq!(h(7.5).to_string(), "7.5");
    }

    #[test]
    fn worklog_time_as_jira_writes_it() {
        let h = |text: &str| Hours::parse_worklog_text(text);
        assert_eq!(h("1h 30m"), Ok(Hours::from_seconds(5400)));
        assert_eq!(h("45m"), Ok(Hours::from_seconds(2700)));
        assert_eq!(h(" 2h "), Ok(Hours::from_seconds(7200)));
        assert_eq!(h("1.5h"), Ok(Hours::from_seconds(5400)));
        assert_eq!(h("2h 15m 30s"), Ok(Hours::from_seconds(8130)));
        assert_eq!(h("1H30M"), Ok(Hours::from_seconds(5400)));
        for days in ["2d 4h", "1w", "1d"] {
            assert_eq!(h(days), Err(WorklogTimeProblem::DaysOrWeeks), "{days}");
        }
        for bad in ["", "90", "1h 30", "h", "1x", "1..5h", "one hour"] {
            assert_eq!(h(bad), Err(WorklogTimeProblem::Unreadable), "{bad}");
        }
    }
}
