//! Whether the dated inputs cover the report month. A helpdesk log,
//! analytics export or set of timesheets that stops part-way through the
//! month gives figures that look right and are not, so a warning says which
//! days are covered and which are not. Inputs whose dated rows all fall
//! outside the month (June's files in July's folder) are an error that names
//! the month they are for.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::findings::{Findings, Location};
use crate::inputs::records::Records;
use crate::inputs::{Origin, SourceSheet};
use crate::month::Month;
use crate::report::website::Measure;
use crate::text::thousands;

/// Which days of the month a kind is expected to have rows on, and how
/// long a run of expected days without any may be before it is a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Timesheets: weekdays. Four or more weekdays in a row with no
    /// booking is a gap; a bank holiday or two, or Easter, is not.
    Weekdays,
    /// The helpdesk: enquiries arrive most days, weekends included. Five
    /// or more days in a row with none is a gap, longer than any long
    /// weekend.
    MostDays,
    /// Analytics: every day has its row, so any day missing is a gap.
    EveryDay,
}

impl Expect {
    fn expects(self, day: NaiveDate) -> bool {
        match self {
            Expect::Weekdays => !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
            Expect::MostDays | Expect::EveryDay => true,
        }
    }

    fn longest_allowed(self) -> usize {
        match self {
            Expect::Weekdays => 3,
            Expect::MostDays => 4,
            Expect::EveryDay => 0,
        }
    }
}

/// One kind of dated input, for the coverage check.
pub struct Dated<'a> {
    /// What the message calls it: "the timesheets", "the helpdesk log".
    pub what: &'a str,
    pub expect: Expect,
    /// The report month's figure comes from elsewhere (a hand-kept monthly
    /// table), so these rows need not cover it.
    pub covered_otherwise: bool,
}

/// Check each dated kind of the records against the report month.
pub fn check(records: &Records, month: Month, sources: &[SourceSheet], findings: &mut Findings) {
    let bookings = records.bookings.iter().map(|b| (b.date, b.origin));
    check_one(
        &Dated {
            what: "the timesheets",
            expect: Expect::Weekdays,
            covered_otherwise: false,
        },
        bookings,
        month,
        sources,
        findings,
    );
    let enquiries = records.enquiries.iter().map(|e| (e.date, e.origin));
    check_one(
        &Dated {
            what: "the helpdesk log",
            expect: Expect::MostDays,
            covered_otherwise: false,
        },
        enquiries,
        month,
        sources,
        findings,
    );
    for measure in Measure::ALL {
        // A hand-kept monthly figure for the month stands in for the days.
        let covered_otherwise = records
            .website_months
            .iter()
            .any(|m| m.month == month && measure.pick(m.visits, m.page_views).is_some());
        let days = records
            .website_days
            .iter()
            .filter(|d| measure.pick(d.visits, d.page_views).is_some())
            .map(|d| (d.date, d.origin));
        let what = format!("the analytics exports' {}", measure.label().to_lowercase());
        check_one(
            &Dated {
                what: &what,
                expect: Expect::EveryDay,
                covered_otherwise,
            },
            days,
            month,
            sources,
            findings,
        );
    }
}

/// Check one kind's dated rows against the month. Memory stays flat
/// however many rows: a flag per day of the month, a count per other month
/// and the set of files the month's rows came from.
pub fn check_one(
    dated: &Dated,
    rows: impl Iterator<Item = (NaiveDate, Origin)>,
    month: Month,
    sources: &[SourceSheet],
    findings: &mut Findings,
) {
    if dated.covered_otherwise {
        return;
    }
    let mut covered = [false; 31];
    let mut elsewhere: BTreeMap<Month, usize> = BTreeMap::new();
    let mut files: BTreeSet<u32> = BTreeSet::new();
    let mut any = false;
    for (date, origin) in rows {
        any = true;
        if month.contains(date) {
            covered[date.day0() as usize] = true;
            files.insert(origin.source);
        } else {
            *elsewhere.entry(Month::of(date)).or_default() += 1;
        }
    }
    if !any {
        return;
    }
    let what = dated.what;
    let month_name = month.long_label();
    let (have, their) = have(what);
    if !covered.iter().any(|&c| c) {
        let total = thousands(elsewhere.values().sum::<usize>() as u64);
        let message = match (elsewhere.keys().next(), elsewhere.keys().next_back()) {
            (Some(only), Some(last)) if only == last => format!(
                "{what} {have} in {month_name}: {} {}. \
                 Are these {}'s files? Put them in a folder named for their month, or give --month",
                if total == "1" {
                    format!("{their} only dated row is")
                } else {
                    format!("all {total} of {their} dated rows are")
                },
                format_args!("in {}", only.long_label()),
                only.long_label()
            ),
            (Some(first), Some(last)) => format!(
                "{what} {have} in {month_name}: {their} {total} dated rows run from {} to {}. \
                 Add the file that holds {month_name}'s rows",
                first.long_label(),
                last.long_label()
            ),
            _ => return,
        };
        findings.error("wrong-month", Location::default(), message);
        return;
    }
    let gaps = gaps(&covered, month, dated.expect);
    if gaps.is_empty() {
        return;
    }
    let days: Vec<NaiveDate> = month_days(month)
        .filter(|d| covered[d.day0() as usize])
        .collect();
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return;
    };
    let names: Vec<&str> = files
        .iter()
        .filter_map(|&at| sources.get(at as usize).map(|s| s.file.as_str()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let gap_text: Vec<String> = gaps.iter().map(|&(a, b)| span(a, b)).collect();
    findings.warning(
        "partial-month",
        Location::default(),
        format!(
            "{what} {} only part of {month_name}: {their} rows for the month run from {} to {} ({}), \
             and none fall on {}. Check that every file of the month is in the folder",
            if what.ends_with('s') { "cover" } else { "covers" },
            first.format("%-d %b"),
            last.format("%-d %b"),
            names.join(", "),
            join_and(&gap_text)
        ),
    );
}

/// Whether rows on these days of a month (bit `d` for day `d + 1`) cover
/// it by the rule the report month is held to: no run of expected days
/// without a row longer than the kind allows. A past month's raw figure
/// replaces the one history gives only when its rows cover it so.
pub fn covers(days: u32, month: Month, expect: Expect) -> bool {
    let mut covered = [false; 31];
    for (day, flag) in covered.iter_mut().enumerate() {
        *flag = days & (1 << day) != 0;
    }
    days != 0 && gaps(&covered, month, expect).is_empty()
}

/// The days of a month that rows fall on, as `covers` takes them, as text:
/// `3 Feb`, `3 and 5 Feb`, `3–9 Feb`.
pub fn days_text(days: u32, month: Month) -> String {
    let mut runs: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for day in month_days(month).filter(|d| days & (1 << d.day0()) != 0) {
        match runs.last_mut() {
            Some((_, last)) if last.succ_opt() == Some(day) => *last = day,
            _ => runs.push((day, day)),
        }
    }
    let texts: Vec<String> = runs.iter().map(|&(a, b)| span(a, b)).collect();
    join_and(&texts)
}

/// "have no dated rows" and "their" for the timesheets; "has" and "its"
/// for the helpdesk log.
fn have(what: &str) -> (&'static str, &'static str) {
    if what.ends_with('s') {
        ("have no dated rows", "their")
    } else {
        ("has no dated rows", "its")
    }
}

fn month_days(month: Month) -> impl Iterator<Item = NaiveDate> {
    let first = month.first_day();
    (0..month.days()).filter_map(move |d| first.checked_add_days(Days::new(u64::from(d))))
}

/// The runs of expected days with no rows that are longer than `expect`
/// allows, as first and last day.
fn gaps(covered: &[bool; 31], month: Month, expect: Expect) -> Vec<(NaiveDate, NaiveDate)> {
    let mut found = Vec::new();
    let mut run: Option<(NaiveDate, NaiveDate, usize)> = None;
    let mut close = |run: &mut Option<(NaiveDate, NaiveDate, usize)>| {
        if let Some((a, b, n)) = run.take()
            && n > expect.longest_allowed()
        {
            found.push((a, b));
        }
    };
    for day in month_days(month) {
        if covered[day.day0() as usize] {
            close(&mut run);
        } else if expect.expects(day) {
            run = Some(match run {
                Some((a, _, n)) => (a, day, n + 1),
                None => (day, day, 1),
            });
        }
    }
    close(&mut run);
    found
}

/// `18 Mar` or `18–29 Mar`.
fn span(a: NaiveDate, b: NaiveDate) -> String {
    if a == b {
        a.format("%-d %b").to_string()
    } else {
        format!("{}–{}", a.format("%-d"), b.format("%-d %b"))
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Severity;

    fn march() -> Month {
        Month::new(2019, 3).expect("month")
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2019, 3, d).expect("date")
    }

    fn run(expect: Expect, days: &[NaiveDate]) -> Findings {
        let mut findings = Findings::default();
        let sources = vec![SourceSheet {
            file: "log.csv".into(),
            ..Default::default()
        }];
        check_one(
            &Dated {
                what: "the helpdesk log",
                expect,
                covered_otherwise: false,
            },
            days.iter().map(|&d| (d, Origin::new(0, 1, None, None))),
            march(),
            &sources,
            &mut findings,
        );
        findings
    }

    fn messages(findings: &Findings, severity: Severity) -> Vec<String> {
        findings
            .sorted()
            .into_iter()
            .filter(|f| f.severity == severity)
            .map(|f| f.message.clone())
            .collect()
    }

    #[test]
    fn the_first_half_of_the_month_is_told_with_the_days_missing() {
        let days: Vec<NaiveDate> = (1..=15).map(day).collect();
        let findings = run(Expect::MostDays, &days);
        let warnings = messages(&findings, Severity::Warning);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("run from 1 Mar to 15 Mar (log.csv)")
                && warnings[0].contains("none fall on 16–31 Mar"),
            "{}",
            warnings[0]
        );
    }

    #[test]
    fn weekends_and_a_long_weekend_are_not_gaps_for_timesheets() {
        // Every weekday of March 2019 but Friday 15 and Monday 18.
        let days: Vec<NaiveDate> = (1..=31)
            .map(day)
            .filter(|d| Expect::Weekdays.expects(*d) && ![15, 18].contains(&d.day()))
            .collect();
        assert!(run(Expect::Weekdays, &days).is_empty());
        // A whole week off the end is a gap.
        let short: Vec<NaiveDate> = days.iter().copied().filter(|d| d.day() < 25).collect();
        let warnings = messages(&run(Expect::Weekdays, &short), Severity::Warning);
        assert!(warnings[0].contains("25–29 Mar"), "{warnings:?}");
    }

    #[test]
    fn a_day_missing_from_an_analytics_export_is_told() {
        let days: Vec<NaiveDate> = (1..=31).filter(|&d| d != 10).map(day).collect();
        let warnings = messages(&run(Expect::EveryDay, &days), Severity::Warning);
        assert!(warnings[0].contains("none fall on 10 Mar"), "{warnings:?}");
        let all: Vec<NaiveDate> = (1..=31).map(day).collect();
        assert!(run(Expect::EveryDay, &all).is_empty());
    }

    #[test]
    fn rows_all_in_another_month_are_an_error_naming_it() {
        let june: Vec<NaiveDate> = (1..=30)
            .filter_map(|d| NaiveDate::from_ymd_opt(2019, 6, d))
            .collect();
        let errors = messages(&run(Expect::MostDays, &june), Severity::Error);
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].contains("all 30 of its dated rows are in June 2019"),
            "{}",
            errors[0]
        );
        // A running log that stops before the month names its span.
        let earlier: Vec<NaiveDate> = [(2019, 1, 4), (2019, 2, 27)]
            .iter()
            .filter_map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
            .collect();
        let errors = messages(&run(Expect::MostDays, &earlier), Severity::Error);
        assert!(
            errors[0].contains("run from January 2019 to February 2019"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn no_rows_at_all_is_left_to_the_missing_input_check() {
        assert!(run(Expect::MostDays, &[]).is_empty());
    }
}
