//! Calendar months: the report month, the rolling windows of Tables 5 and 6,
//! and the labels the paper prints (`Mar 18`) and the CSV bundle uses
//! (`2018-03`).

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// One calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

const NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((1..=12).contains(&month) && (1900..=9999).contains(&year))
            .then_some(Month { year, month })
    }

    pub fn of(date: NaiveDate) -> Self {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn number(self) -> u32 {
        self.month
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    pub fn days(self) -> u32 {
        self.last_day().day()
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn prev(self) -> Self {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// The `count` months ending with this one, oldest first.
    pub fn window(self, count: usize) -> Vec<Month> {
        let mut months = vec![self];
        while months.len() < count {
            let first = months[0].prev();
            months.insert(0, first);
        }
        months
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        Month::of(date) == self
    }

    /// `Mar 18`, as the paper heads its month columns.
    pub fn short_label(self) -> String {
        format!(
            "{} {:02}",
            &NAMES[self.month as usize - 1][..3],
            self.year % 100
        )
    }

    /// `March`.
    pub fn name(self) -> &'static str {
        NAMES[self.month as usize - 1]
    }

    /// `March 2019`.
    pub fn long_label(self) -> String {
        format!("{} {}", NAMES[self.month as usize - 1], self.year)
    }

    /// `YYYY-MM`, read from `2019-03`, `2019_03`, `201903`, `March 2019`,
    /// `Mar 2019`, `Mar-19` or `03/2019` anywhere in a piece of text such as
    /// a folder name.
    pub fn find_in(text: &str) -> Option<Month> {
        let lower = text.to_lowercase();
        let tokens: Vec<&str> = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|t| !t.is_empty())
            .collect();
        for pair in tokens.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if let (Some(m), Some(y)) = (month_number(a), year_number(b)) {
                return Month::new(y, m);
            }
            if a.len() == 4
                && let (Ok(y), Ok(m)) = (a.parse::<i32>(), b.parse::<u32>())
                && b.len() <= 2
            {
                return Month::new(y, m);
            }
            if b.len() == 4
                && a.len() <= 2
                && let (Ok(m), Ok(y)) = (a.parse::<u32>(), b.parse::<i32>())
            {
                return Month::new(y, m);
            }
        }
        tokens.iter().find_map(|t| {
            if t.len() == 6 && t.chars().all(|c| c.is_ascii_digit()) {
                Month::new(t[..4].parse().ok()?, t[4..].parse().ok()?)
            } else {
                None
            }
        })
    }

    /// Parse `--month`: `YYYY-MM`.
    pub fn parse_iso(text: &str) -> Option<Month> {
        let (y, m) = text.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        Month::new(y.parse().ok()?, m.parse().ok()?)
    }
}

impl fmt::Display for Month {
    /// `YYYY-MM`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// `mar`, `march` → 3.
pub fn month_number(word: &str) -> Option<u32> {
    let word = word.to_lowercase();
    if word.len() < 3 {
        return None;
    }
    NAMES
        .iter()
        .position(|name| {
            let name = name.to_lowercase();
            name == word || (word.len() <= name.len() && name.starts_with(&word) && word.len() >= 3)
        })
        .map(|i| i as u32 + 1)
        .or_else(|| (word == "sept").then_some(9))
}

fn year_number(word: &str) -> Option<i32> {
    match word.len() {
        4 => word.parse().ok(),
        2 => word.parse::<i32>().ok().map(|y| 2000 + y),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_give_the_month() {
        let march = Month::new(2019, 3);
        assert_eq!(Month::find_in("2019-03"), march);
        assert_eq!(Month::find_in("March 2019"), march);
        assert_eq!(Month::find_in("ops report mar 2019"), march);
        assert_eq!(Month::find_in("2019_03 inputs"), march);
        assert_eq!(Month::find_in("201903"), march);
        assert_eq!(Month::find_in("03-2019"), march);
        assert_eq!(Month::find_in("samples"), None);
        assert_eq!(Month::find_in("2019-13"), None);
    }

    #[test]
    fn windows_and_labels() {
        let march = Month::parse_iso("2019-03").expect("valid");
        let window = march.window(12);
        assert_eq!(window.len(), 12);
        assert_eq!(window[0].to_string(), "2018-04");
        assert_eq!(window[11].short_label(), "Mar 19");
        assert_eq!(march.window(13)[0].short_label(), "Mar 18");
        assert_eq!(march.days(), 31);
        assert_eq!(Month::new(2019, 2).map(Month::days), Some(28));
        assert_eq!(Month::new(2020, 2).map(Month::days), Some(29));
        assert_eq!(march.long_label(), "March 2019");
        assert_eq!(Month::parse_iso("2019-3"), None);
    }
}
