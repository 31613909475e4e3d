//! Typing one cell: what calamine or a CSV field holds, turned into a date, a
//! month, a number or a duration, with the reason when it cannot be. The same
//! rules serve every input kind, so a date is read the same way everywhere.

use std::borrow::Cow;

use calamine::{ExcelDateTime, ExcelDateTimeType};
use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::hours::Hours;
use crate::month::{Month, month_number};

/// A workbook's date system: the day its serial numbers count from. It is
/// read once, with the workbook, and each number cell carries it, so a
/// column of dates typed as plain serial numbers is read in the right one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Epoch {
    /// Excel's default, and how CSV and ods serials count: day 1 is
    /// 1 January 1900, and day 60 is Excel's fictitious 29 February 1900.
    #[default]
    Excel1900,
    /// Old Mac workbooks: day 0 is 1 January 1904.
    Mac1904,
}

impl Epoch {
    /// The date system of a workbook that calamine says does, or does
    /// not, count from 1904.
    pub fn of_workbook(has_1904_epoch: bool) -> Epoch {
        if has_1904_epoch {
            Epoch::Mac1904
        } else {
            Epoch::Excel1900
        }
    }

    /// The date and time an Excel serial stands for in this date system,
    /// by calamine's conversion (which knows both epochs and Excel's 1900
    /// leap-year bug). `None` when the serial names no calendar day: Excel's
    /// 29 February 1900, day 0 of the 1900 system, or a serial past
    /// 31 December 9999 or before the epoch, which calamine would clamp.
    pub fn date_time(self, serial: f64) -> Option<NaiveDateTime> {
        // The first serial of each system, and the first past its last day.
        let days = match self {
            Epoch::Excel1900 => 1.0..2_958_466.0,
            Epoch::Mac1904 => 0.0..2_957_004.0,
        };
        if !days.contains(&serial) {
            return None;
        }
        let (year, month, day, hour, minute, second, milli) =
            ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, self == Epoch::Mac1904)
                .to_ymd_hms_milli();
        NaiveDate::from_ymd_opt(year.into(), month.into(), day.into())?.and_hms_milli_opt(
            hour.into(),
            minute.into(),
            second.into(),
            milli.into(),
        )
    }
}

/// A cell as read, before typing.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Raw {
    #[default]
    Empty,
    Text(String),
    /// A number, and the date system of the workbook it came from, in
    /// which a column of dates reads it as a serial.
    Number(f64, Epoch),
    Bool(bool),
    /// A cell with a date format, as the date and time it stands for.
    Date(NaiveDateTime),
    /// A cell with a date format whose serial names no calendar day
    /// (Excel's 29 February 1900, or one past 9999): the serial as stored.
    NoSuchDate(f64),
    /// A cell with a time or duration format (`h:mm`, `[h]:mm`), or a date
    /// format on a fraction of a day: the days it holds, as stored.
    Time(f64),
    /// An Excel error value such as `#REF!`.
    Error(String),
}

/// Why a cell could not be typed: what was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    pub found: String,
}

/// The order of day and month in numeric text dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// UK: `04/03/2019` is 4 March.
    DayFirst,
    /// US locale analytics exports: `3/4/19` is 4 March.
    MonthFirst,
}

impl Raw {
    /// A cell calamine typed as a date, time or duration: `serial` as
    /// stored, `duration` for `[h]:mm` formats, in the workbook's `epoch`.
    /// A date becomes a calendar date here, once; a fraction of a day (a
    /// time of day) and a duration stay a number of days.
    pub fn date_cell(serial: f64, duration: bool, epoch: Epoch) -> Raw {
        if duration || serial < 1.0 {
            return Raw::Time(serial);
        }
        match epoch.date_time(serial) {
            Some(date) => Raw::Date(date),
            None => Raw::NoSuchDate(serial),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Raw::Empty => true,
            Raw::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a person would read it, for messages.
    pub fn display(&self) -> String {
        match self {
            Raw::Empty => String::new(),
            Raw::Text(t) => t.clone(),
            Raw::Number(n, _) => format_number(*n),
            Raw::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Raw::Time(days) => {
                let minutes = (days * 24.0 * 60.0).round() as i64;
                format!("{}:{:02}", minutes / 60, minutes % 60)
            }
            Raw::Date(date) => date.format("%d/%m/%Y").to_string(),
            Raw::NoSuchDate(serial) => format_number(*serial),
            Raw::Error(e) => e.clone(),
        }
    }

    /// Trimmed text of a text or number cell; `None` when empty.
    /// Borrowed from a text cell, so reading a text cell allocates nothing.
    pub fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            Raw::Empty => None,
            Raw::Text(t) => Some(t.trim()).filter(|t| !t.is_empty()).map(Cow::Borrowed),
            other => {
                let shown = other.display();
                let trimmed = shown.trim();
                (!trimmed.is_empty()).then(|| Cow::Owned(trimmed.to_string()))
            }
        }
    }

    /// The trimmed text of a text cell (not of a number or a date shown as
    /// text); `None` when the cell holds no text.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Raw::Text(t) => Some(t.trim()).filter(|t| !t.is_empty()),
            _ => None,
        }
    }

    fn unreadable(&self) -> Unreadable {
        Unreadable {
            found: self.display(),
        }
    }

    /// A calendar date. Time of day, if any, is dropped.
    pub fn date(&self, order: DateOrder) -> Result<Option<NaiveDate>, Unreadable> {
        match self {
            _ if self.is_empty() => Ok(None),
            Raw::Date(date) => Ok(Some(date.date())),
            Raw::Number(n, epoch) if *n >= 1.0 && n.fract().abs() < 1.0 => {
                // An Excel serial in a cell formatted as a number, or a
                // compact 20190304 typed as a number.
                if (19_000_101.0..=99_991_231.0).contains(n) && n.fract() == 0.0 {
                    return parse_date_text(&format!("{}", *n as i64), order)
                        .map(Some)
                        .ok_or_else(|| self.unreadable());
                }
                epoch
                    .date_time(*n)
                    .map(|date| Some(date.date()))
                    .ok_or_else(|| self.unreadable())
            }
            Raw::Text(text) => parse_date_text(text, order)
                .map(Some)
                .ok_or_else(|| self.unreadable()),
            _ => Err(self.unreadable()),
        }
    }

    /// A calendar month: a date (any day of it), `Mar 2019`, `March 2019`,
    /// `2019-03`, `03/2019`, `Mar-19`.
    pub fn month(&self) -> Result<Option<Month>, Unreadable> {
        if let Raw::Text(text) = self
            && let Some(month) = parse_month_text(text)
        {
            return Ok(Some(month));
        }
        Ok(self.date(DateOrder::DayFirst)?.map(Month::of))
    }

    /// A plain number: a number cell, or text such as `"8,883"` or `" 7.5 "`.
    pub fn number(&self) -> Result<Option<f64>, Unreadable> {
        match self {
            _ if self.is_empty() => Ok(None),
            Raw::Number(n, _) => Ok(Some(*n)),
            Raw::Text(text) => parse_number_text(text)
                .map(Some)
                .ok_or_else(|| self.unreadable()),
            _ => Err(self.unreadable()),
        }
    }

    /// A whole, non-negative count (visits, page views).
    pub fn count(&self) -> Result<Option<u64>, Unreadable> {
        match self.number()? {
            None => Ok(None),
            Some(n) if n >= 0.0 && n.fract() == 0.0 && n < 1e15 => Ok(Some(n as u64)),
            Some(_) => Err(self.unreadable()),
        }
    }

    /// Time booked, in hours: a number of hours, a duration text (`7:30`,
    /// `07:30:00`, `PT7H30M`), or an Excel time or duration cell. A cell
    /// formatted `h:mm` holds a fraction of a day, so hours = value × 24.
    pub fn hours(&self) -> Result<Option<Hours>, Unreadable> {
        let hours = match self {
            _ if self.is_empty() => return Ok(None),
            Raw::Number(n, _) => Hours::from_hours_f64(*n),
            Raw::Time(days) => Hours::from_hours_f64(days * 24.0),
            Raw::Text(text) => parse_duration_text(text),
            _ => None,
        };
        hours.map(Some).ok_or_else(|| self.unreadable())
    }
}

/// Format a number as a person typed it: no `.0` on whole numbers.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Text dates in every form of inputs.md: `04/03/2019`, `4/3/19`,
/// `04-03-2019`, `4.3.2019`, `4 Mar 2019`, `04-Mar-19`, `4 March 2019`,
/// `2019-03-04`, `20190304`, each optionally followed by a time of day
/// (`04/03/2019 09:15`, `2019-03-04T09:15:00`). Impossible dates are `None`.
///
/// A time stamp with an offset or a zone (`2019-03-31T23:30:00Z`,
/// `… +01:00`, `… UTC`) is placed in UK local time (Europe/London, BST
/// included) before its date is taken: that one is 00:30 on 1 April. One
/// without an offset, or marked `BST`, is UK local time already.
pub fn parse_date_text(text: &str, order: DateOrder) -> Option<NaiveDate> {
    let whole = text.trim();
    let text = strip_time_of_day(whole);
    let date = parse_bare_date(text, order)?;
    match whole.get(text.len()..).map(str::trim) {
        Some(rest) if !rest.is_empty() => in_uk_local_time(date, rest),
        _ => Some(date),
    }
}

/// The UK local date of `date` at the time of day and zone in `rest`
/// (`T23:30:00Z`, `09:15 +0100`, `9:15 PM UTC`); the date as written when
/// `rest` names no zone, or names UK time itself.
fn in_uk_local_time(date: NaiveDate, rest: &str) -> Option<NaiveDate> {
    use chrono::{NaiveTime, TimeZone, Timelike};
    let rest = rest.strip_prefix(['T', 't']).unwrap_or(rest);
    // The offset: a trailing `Z`, a token `UTC`/`GMT`/`Z`, or `±hh:mm`,
    // `±hhmm`, `±hh` after the time.
    let (clock, offset_seconds) = split_zone(rest);
    let Some(offset_seconds) = offset_seconds else {
        return Some(date);
    };
    let mut tokens = clock.split_whitespace();
    let time_text = tokens.next()?;
    let meridiem = tokens.next().map(str::to_ascii_lowercase);
    if tokens.next().is_some() {
        return None;
    }
    let time_text = time_text.split(['.', ',']).next()?;
    let mut time = NaiveTime::parse_from_str(time_text, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(time_text, "%H:%M"))
        .ok()?;
    match meridiem.as_deref() {
        None => {}
        Some("am" | "pm") if !(1..=12).contains(&time.hour()) => return None,
        Some("am") if time.hour() == 12 => time -= chrono::TimeDelta::hours(12),
        Some("pm") if time.hour() < 12 => time += chrono::TimeDelta::hours(12),
        Some("am" | "pm") => {}
        Some(_) => return None,
    }
    let offset = chrono::FixedOffset::east_opt(offset_seconds)?;
    let instant = offset.from_local_datetime(&date.and_time(time)).single()?;
    Some(
        instant
            .with_timezone(&chrono_tz::Europe::London)
            .date_naive(),
    )
}

/// A time of day and its zone's offset from UTC in seconds (`None`: no
/// zone, or `BST`, which is UK local time).
fn split_zone(rest: &str) -> (&str, Option<i32>) {
    let trimmed = rest.trim_end();
    if let Some(clock) = trimmed.strip_suffix(['Z', 'z'])
        && clock.ends_with(|c: char| c.is_ascii_digit())
    {
        return (clock, Some(0));
    }
    if let Some((clock, last)) = trimmed.rsplit_once(' ') {
        match last.to_ascii_lowercase().as_str() {
            "utc" | "gmt" | "z" => return (clock.trim_end(), Some(0)),
            "bst" => return (clock.trim_end(), None),
            _ => {}
        }
    }
    // `±hh:mm`, `±hhmm` or `±hh` at the end, after a time of day.
    let Some(sign_at) = trimmed.rfind(['+', '-']) else {
        return (trimmed, None);
    };
    let (clock, zone) = trimmed.split_at(sign_at);
    let digits: String = zone[1..].chars().filter(|&c| c != ':').collect();
    if !clock.contains(':')
        || !matches!(digits.len(), 2 | 4)
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || zone[1..].bytes().filter(|&b| b == b':').count() > 1
    {
        return (trimmed, None);
    }
    let hours: i32 = digits[..2].parse().unwrap_or(99);
    let minutes: i32 = digits
        .get(2..)
        .map_or(Some(0), |m| m.parse().ok())
        .unwrap_or(99);
    if hours > 14 || minutes > 59 {
        return (trimmed, None);
    }
    let seconds = (hours * 60 + minutes) * 60;
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    (clock.trim_end(), Some(sign * seconds))
}

/// A date without its time of day.
fn parse_bare_date(text: &str, order: DateOrder) -> Option<NaiveDate> {
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        let (y, m, d) = (&text[..4], &text[4..6], &text[6..]);
        return NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    }
    let parts: Vec<&str> = text
        .split(['/', '-', '.', ' ', ','])
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let numeric = |p: &str| p.len() <= 4 && !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if a.len() == 4 && numeric(a) && numeric(b) && numeric(c) {
        return NaiveDate::from_ymd_opt(a.parse().ok()?, b.parse().ok()?, c.parse().ok()?);
    }
    if !numeric(c) || !(c.len() == 2 || c.len() == 4) {
        return None;
    }
    let year = full_year(c)?;
    if let Some(month) = month_number(b) {
        if !numeric(a) || a.len() > 2 {
            return None;
        }
        return NaiveDate::from_ymd_opt(year, month, a.parse().ok()?);
    }
    if let Some(month) = month_number(a) {
        // `Mar 4 2019`, as an American export writes it.
        if !numeric(b) || b.len() > 2 {
            return None;
        }
        return NaiveDate::from_ymd_opt(year, month, b.parse().ok()?);
    }
    if !(numeric(a) && numeric(b) && a.len() <= 2 && b.len() <= 2) {
        return None;
    }
    let (day, month) = match order {
        DateOrder::DayFirst => (a, b),
        DateOrder::MonthFirst => (b, a),
    };
    NaiveDate::from_ymd_opt(year, month.parse().ok()?, day.parse().ok()?)
}

/// `19` → 2019, `85` → 1985 (Excel's own two-digit-year rule: 00–29 are
/// 2000s); four digits as they are.
fn full_year(text: &str) -> Option<i32> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: i32 = text.parse().ok()?;
    match text.len() {
        2 if value < 30 => Some(2000 + value),
        2 => Some(1900 + value),
        4 => Some(value),
        _ => None,
    }
}

/// Drop a trailing time of day (`09:15`, `09:15:00`, `9:15 AM`, `T09:15:00Z`).
fn strip_time_of_day(text: &str) -> &str {
    if let Some((date, time)) = text.split_once('T')
        && date.len() == 10
        && time.contains(':')
    {
        return date;
    }
    let mut end = text.len();
    let tokens: Vec<&str> = text.split_whitespace().collect();
    for token in tokens.iter().rev() {
        let lower = token.to_ascii_lowercase();
        // A zone after the time, as helpdesk systems write it
        // (`2019-03-04 09:15:00 +0000`, `… UTC`): the date is as written.
        let zone = matches!(lower.as_str(), "utc" | "gmt" | "bst" | "z")
            || (token.len() >= 5
                && token.starts_with(['+', '-'])
                && token[1..].bytes().all(|b| b.is_ascii_digit() || b == b':'));
        let is_time = lower == "am"
            || lower == "pm"
            || zone
            || (token.contains(':')
                && token
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b':' || b == b'.'));
        if !is_time {
            break;
        }
        if let Some(pos) = text[..end].rfind(token) {
            end = pos;
        }
    }
    text[..end].trim_end()
}

/// `Mar 2019`, `March 2019`, `Mar-19`, `2019-03`, `03/2019`.
pub fn parse_month_text(text: &str) -> Option<Month> {
    let parts: Vec<&str> = text
        .trim()
        .split(['/', '-', '.', ' ', ','])
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b] = parts.as_slice() else {
        return None;
    };
    if let Some(month) = month_number(a) {
        return Month::new(full_year(b)?, month);
    }
    let numeric = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if !(numeric(a) && numeric(b)) {
        return None;
    }
    match (a.len(), b.len()) {
        (4, 1..=2) => Month::new(a.parse().ok()?, b.parse().ok()?),
        (1..=2, 4) => Month::new(b.parse().ok()?, a.parse().ok()?),
        _ => None,
    }
}

/// `"8,883"`, `" 7.5 "`, `-3`, `1,234.50`. Commas are thousands separators
/// only where they group three digits.
pub fn parse_number_text(text: &str) -> Option<f64> {
    let trimmed = text.trim().trim_matches('\u{a0}');
    if trimmed.is_empty() {
        return None;
    }
    let (sign, digits) = match trimmed.strip_prefix('-') {
        Some(rest) => (-1.0, rest.trim_start()),
        None => (1.0, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    if whole.contains(',') {
        let groups: Vec<&str> = whole.split(',').collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
    }
    let whole: String = whole.chars().filter(|&c| c != ',').collect();
    if whole.is_empty() && fraction.is_none_or(str::is_empty) {
        return None;
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = fraction
        && (!f.bytes().all(|b| b.is_ascii_digit()) || (f.is_empty() && whole.is_empty()))
    {
        return None;
    }
    let plain = format!(
        "{}.{}",
        if whole.is_empty() { "0" } else { &whole },
        fraction.unwrap_or("0")
    );
    plain.parse::<f64>().ok().map(|v| sign * v)
}

/// Hours as text: a number (`7.5`), `h:mm` or `h:mm:ss` (`7:30`,
/// `07:30:00`), or an ISO 8601 duration (`PT7H30M0S`).
pub fn parse_duration_text(text: &str) -> Option<Hours> {
    let text = text.trim();
    if let Some(n) = parse_number_text(text) {
        return Hours::from_hours_f64(n);
    }
    if let Some(iso) = text.strip_prefix("PT") {
        return parse_iso_duration(iso);
    }
    let parts: Vec<&str> = text.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    // More hours than this is not a booking; it also keeps the arithmetic
    // below far from overflow, whatever digits a cell holds.
    const MAX_HOURS: i64 = 1_000_000;
    let hours: i64 = parts[0].parse().ok().filter(|h| *h <= MAX_HOURS)?;
    let minutes: i64 = parts[1].parse().ok()?;
    let seconds: i64 = match parts.get(2) {
        Some(s) => s.parse().ok()?,
        None => 0,
    };
    if minutes >= 60 || seconds >= 60 || parts[1].len() != 2 {
        return None;
    }
    Some(Hours::from_seconds(hours * 3600 + minutes * 60 + seconds))
}

fn parse_iso_duration(text: &str) -> Option<Hours> {
    let mut seconds = 0f64;
    let mut number = String::new();
    for c in text.chars() {
        match c {
            '0'..='9' | '.' => number.push(c),
            'H' | 'M' | 'S' => {
                let value: f64 = number.parse().ok()?;
                number.clear();
                seconds += value
                    * match c {
                        'H' => 3600.0,
                        'M' => 60.0,
                        _ => 1.0,
                    };
            }
            _ => return None,
        }
    }
    if !number.is_empty() {
        return None;
    }
    Hours::from_hours_f64(seconds / 3600.0)
}

/// Whether a date lies in a plausible range for this report (not year 1900
/// from an empty serial, not a typo'd 2091).
pub fn plausible(date: NaiveDate, around: Month) -> bool {
    (date.year() - around.year()).abs() <= 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_with_its_zone_after_the_date_is_read() {
        let day = NaiveDate::from_ymd_opt(2019, 3, 4);
        for text in [
            "2019-03-04 09:15:00 +0000",
            "2019-03-04 09:15 UTC",
            "04/03/2019 09:15:23 +01:00",
            "2019-03-04T09:15:23.1234567Z",
        ] {
            assert_eq!(parse_date_text(text, DateOrder::DayFirst), day, "{text}");
        }
    }

    #[test]
    fn a_time_stamp_with_an_offset_is_placed_in_uk_local_time() {
        let cases = [
            // 23:30 UTC on 31 March 2019 is 00:30 BST on 1 April.
            ("2019-03-31T23:30:00Z", DateOrder::DayFirst, (2019, 4, 1)),
            (
                "2019-03-31T23:30:00.000Z",
                DateOrder::DayFirst,
                (2019, 4, 1),
            ),
            (
                "2019-03-31 23:30:00 +0000",
                DateOrder::DayFirst,
                (2019, 4, 1),
            ),
            ("31/03/2019 23:30 UTC", DateOrder::DayFirst, (2019, 4, 1)),
            (
                "3/31/2019 11:30 PM UTC",
                DateOrder::MonthFirst,
                (2019, 4, 1),
            ),
            // In winter UK time is UTC.
            ("2019-02-28T23:30:00Z", DateOrder::DayFirst, (2019, 2, 28)),
            // Already in UK summer time, or in no zone: as written.
            (
                "2019-03-31T23:30:00+01:00",
                DateOrder::DayFirst,
                (2019, 3, 31),
            ),
            ("2019-03-31 23:30 BST", DateOrder::DayFirst, (2019, 3, 31)),
            ("31/03/2019 23:30", DateOrder::DayFirst, (2019, 3, 31)),
            // From New York, an evening there is the next morning here.
            (
                "2019-04-30T22:00:00-04:00",
                DateOrder::DayFirst,
                (2019, 5, 1),
            ),
            // BST ends at 01:00 UTC on 27 October 2019.
            ("2019-10-26T23:30:00Z", DateOrder::DayFirst, (2019, 10, 27)),
            ("2019-10-31T23:30:00Z", DateOrder::DayFirst, (2019, 10, 31)),
        ];
        for (text, order, (y, m, d)) in cases {
            assert_eq!(
                parse_date_text(text, order),
                NaiveDate::from_ymd_opt(y, m, d),
                "{text}"
            );
        }
        // A zone after a time that cannot be read is not guessed at.
        assert_eq!(
            parse_date_text("2019-03-31 25:30 UTC", DateOrder::DayFirst),
            None
        );
    }

    use DateOrder::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn every_text_date_form_of_the_spec() {
        let march4 = Some(ymd(2019, 3, 4));
        for text in [
            "04/03/2019",
            "4/3/19",
            "04-03-2019",
            "4 Mar 2019",
            "04-Mar-19",
            "4 March 2019",
            "2019-03-04",
            "20190304",
            " 04/03/2019 09:15 ",
            "2019-03-04T09:15:00",
            "04.03.2019",
            "04/03/2019 9:15 AM",
        ] {
            assert_eq!(parse_date_text(text, DayFirst), march4, "{text}");
        }
        assert_eq!(parse_date_text("3/4/19", MonthFirst), march4);
        assert_eq!(parse_date_text("Mar 4 2019", DayFirst), march4);
    }

    #[test]
    fn impossible_and_unreadable_dates_are_refused() {
        for text in [
            "31/02/2019",
            "next Tuesday",
            "2019-13-01",
            "32/01/2019",
            "20190231",
            "4/3",
            "",
            "4 Foo 2019",
        ] {
            assert_eq!(parse_date_text(text, DayFirst), None, "{text}");
        }
    }

    #[test]
    fn serial_dates_in_both_systems() {
        use Epoch::{Excel1900, Mac1904};
        let day = |serial: f64, epoch: Epoch| epoch.date_time(serial).map(|d| d.date());
        assert_eq!(day(43528.0, Excel1900), Some(ymd(2019, 3, 4)));
        assert_eq!(day(43528.0 - 1462.0, Mac1904), Some(ymd(2019, 3, 4)));
        assert_eq!(day(61.0, Excel1900), Some(ymd(1900, 3, 1)));
        assert_eq!(day(59.0, Excel1900), Some(ymd(1900, 2, 28)));
        assert_eq!(day(1.0, Excel1900), Some(ymd(1900, 1, 1)));
        assert_eq!(day(0.0, Mac1904), Some(ymd(1904, 1, 1)));
        // Excel's fictitious 29 February 1900, its "0 January 1900", and
        // serials outside either system are no day.
        assert_eq!(day(60.0, Excel1900), None);
        assert_eq!(day(60.5, Excel1900), None);
        assert_eq!(day(0.0, Excel1900), None);
        assert_eq!(day(-1.0, Excel1900), None);
        assert_eq!(day(-1.0, Mac1904), None);
        assert_eq!(day(2_958_465.0, Excel1900), Some(ymd(9999, 12, 31)));
        assert_eq!(day(2_958_466.0, Excel1900), None);
        assert_eq!(day(2_957_003.0, Mac1904), Some(ymd(9999, 12, 31)));
        assert_eq!(day(2_957_004.0, Mac1904), None);
        assert_eq!(day(f64::NAN, Excel1900), None);
        // The time of day is kept with the date, and dropped by `date`.
        let at_nine = Epoch::Excel1900.date_time(43528.375);
        assert_eq!(at_nine, ymd(2019, 3, 4).and_hms_opt(9, 0, 0));
        let cell = Raw::date_cell(43528.375, false, Excel1900);
        assert_eq!(cell, Raw::Date(at_nine.expect("9:00")));
        assert_eq!(cell.date(DayFirst), Ok(Some(ymd(2019, 3, 4))));
        assert_eq!(
            Raw::date_cell(43528.0 - 1462.0, false, Mac1904).date(DayFirst),
            Ok(Some(ymd(2019, 3, 4)))
        );
        let leap_day = Raw::date_cell(60.0, false, Excel1900);
        assert_eq!(leap_day, Raw::NoSuchDate(60.0));
        assert!(leap_day.date(DayFirst).is_err());
        assert_eq!(leap_day.display(), "60");
        assert_eq!(
            Raw::Number(43528.0, Excel1900).date(DayFirst),
            Ok(Some(ymd(2019, 3, 4)))
        );
        assert_eq!(
            Raw::Number(43528.0 - 1462.0, Mac1904).date(DayFirst),
            Ok(Some(ymd(2019, 3, 4)))
        );
        assert!(Raw::Number(60.0, Excel1900).date(DayFirst).is_err());
        assert_eq!(
            Raw::Number(20190304.0, Mac1904).date(DayFirst),
            Ok(Some(ymd(2019, 3, 4)))
        );
        assert!(Raw::Bool(true).date(DayFirst).is_err());
        assert!(Raw::Text("next Tuesday".into()).date(DayFirst).is_err());
    }

    #[test]
    fn numbers_as_text() {
        assert_eq!(
            parse_number_text("\"8,883\"".trim_matches('"')),
            Some(8883.0)
        );
        assert_eq!(parse_number_text(" 7.5 "), Some(7.5));
        assert_eq!(parse_number_text("1,234,567.25"), Some(1_234_567.25));
        assert_eq!(parse_number_text("-2"), Some(-2.0));
        assert_eq!(parse_number_text(".5"), Some(0.5));
        for bad in [
            "seven", "8,88", "1,2345", "7.5.1", "", "-", "1e5", "NaN", "inf",
        ] {
            assert_eq!(parse_number_text(bad), None, "{bad}");
        }
    }

    #[test]
    fn durations_and_time_cells() {
        let h = |x: f64| Hours::from_hours_f64(x);
        assert_eq!(parse_duration_text("7:30"), h(7.5));
        assert_eq!(parse_duration_text("07:30:00"), h(7.5));
        assert_eq!(parse_duration_text("7.5"), h(7.5));
        assert_eq!(parse_duration_text("PT7H30M0S"), h(7.5));
        assert_eq!(parse_duration_text("7:3"), None);
        assert_eq!(parse_duration_text("7:75"), None);
        assert_eq!(parse_duration_text("seven"), None);
        assert_eq!(parse_duration_text("1025000000000:00"), None, "no overflow");
        let clock = Raw::date_cell(0.3125, false, Epoch::Excel1900);
        assert_eq!(clock, Raw::Time(0.3125));
        assert_eq!(clock.display(), "7:30");
        assert_eq!(clock.hours(), Ok(h(7.5)));
        let long = Raw::date_cell(1.25, true, Epoch::Mac1904);
        assert_eq!(long, Raw::Time(1.25));
        assert_eq!(long.hours(), Ok(h(30.0)));
        let a_date = Raw::date_cell(43528.0, false, Epoch::Excel1900);
        assert!(a_date.hours().is_err());
        assert_eq!(Raw::Text(" 7.5 ".into()).hours(), Ok(h(7.5)));
    }

    #[test]
    fn months() {
        let march = Month::new(2019, 3);
        for text in [
            "Mar 2019",
            "March 2019",
            "2019-03",
            "03/2019",
            "Mar-19",
            "mar 19",
        ] {
            assert_eq!(parse_month_text(text), march, "{text}");
        }
        assert_eq!(Raw::Text("01/03/2019".into()).month(), Ok(march));
        assert_eq!(parse_month_text("Foo 2019"), None);
        assert_eq!(parse_month_text("Mar +1"), None);
    }
}
