//! Generates the sample month folders: March 2019 (the published Operations Report), and April and
//! May 2019 (rolling history).
//!
//! ```text
//! cargo run --example make_samples                    # into samples/ under the crate root
//! cargo run --example make_samples -- samples/2019-03 # the same: the March folder names its parent
//! cargo run --example make_samples -- DIR             # DIR/2019-03, DIR/2019-04, …
//! ```
//!
//! It writes `2019-03/`, `2019-04/`, `2019-05/`, `2019-04-complete/`, `2019-05-complete/` (see
//! "Later months" below) and `2019-03-exports/` (March from the tools a team may use instead:
//! every booking as Toggl Track, Harvest and Clockify export it, and both daily analytics tables
//! in one Universal Analytics CSV). The generator writes (and overwrites) only its own files and
//! deletes nothing but the `2019-03-exports/` folder it rewrites whole. Output is deterministic: every random choice comes from a hand-written splitmix64 stream
//! seeded from a fixed label, the xlsx creation dates are fixed, and the clock is never read, so two
//! runs give byte-identical files. March's streams are untouched by the later months (each has its
//! own labels), so March's files do not change when April or May do.
//!
//! The folder imitates what the SECAS team really drops into a month's folder (see the team's description
//! of its workbooks): hand-kept, messy, exported from other systems. Converting it must reproduce the
//! published report's Tables 1 to 7, Table 3's footnotes, the section 1 and section 5 figures exactly
//! (Figure 1 is a chart in the paper, so its split is ours). Before writing anything the generator
//! checks its own in-memory records against those targets with exact integer arithmetic (minutes,
//! counts), so a bad change here fails loudly instead of producing a subtly wrong sample.
//!
//! # Timesheets (Table 4)
//!
//! 30 invented staff (24 in the long layout, 6 in weekly grids; no name in both) book their working
//! days, 7.5 h with some leave, half days and overtime, between the report's drivers in whole
//! quarter-hours; nobody books more than 24 h a day or the same day and driver twice. In-month totals
//! per driver equal the published days × 7.5 exactly (4,743.75 h = 632.5 days, which rounds half-up to
//! 633 while the rounded drivers add to 634: the paper's own quirk, kept on purpose).
//! Technical Effectiveness and Security Threats have no bookings in March (one Technical Effectiveness
//! booking on 28 February shows that out-of-month time is really left out).
//!
//! * `timesheets-2019-03.xlsx`, the long layout. Sheet `Export` has title and "Prepared by" rows and a
//!   blank row above the header (the header is not row 1), header synonyms (`Work Date`, `Staff Member`,
//!   `Budget Driver`, `Hrs`, `Task`) in a non-obvious column order, real date cells, hours as numbers,
//!   padded text (`" 7.5 "`), clock text (`"7:30"`) and `[h]:mm` duration cells. Bookings on 28 Feb and
//!   1 Apr are outside the month; a `Total` row sits in the middle of the data, blank rows and a
//!   `Grand Total` row too. The hidden sheet `Contractors` has `First Name` + `Last Name`, the
//!   `Service Area` and `Hours Worked` synonyms, and dates as text in every UK/ISO/compact form plus a
//!   few Excel serial numbers in number-formatted cells. Driver names are written loosely (case, extra
//!   spaces, `&` for `and`) and by the template's aliases. Sheet `Lists` feeds drop-downs and is not data.
//! * `timesheet-<first>-<last>.xlsx`, the weekly grid layout, one workbook per person, one sheet per week
//!   (`WC 25-02-19` … `WC 25-03-19`). The first week is mostly February (only Friday 1 March counts).
//!   Variations between people: a title row above `Name:`; `W/C` with the date as text; the dates
//!   themselves as column headers; `Sat`/`Sun` columns with one 2-hour Saturday booking; finished weeks
//!   hidden. Empty cells are 0, a few hours are `"7:30"` text. `Total` columns and rows are formulas with
//!   cached results computed the way Excel would (text cells are ignored by `SUM`, so a total can be
//!   short of the real hours: one more reason totals are never data).
//!
//! # Helpdesk (Table 5 and section 5)
//!
//! * `helpdesk-log.xlsx`: the running log from 1 Jan 2018 to 28 Feb 2019 (January to March 2018 are
//!   outside the twelve-month window). Title row, blank row, header; mostly datetime cells, some UK text
//!   dates; channel spellings `Email`/`E-mail`/`email`/`Telephone`/`Phone`/`Call`; categories written
//!   loosely and by alias; about 2% of rows in the `modifications@` and `applications@` mailboxes have a
//!   blank category that the converter must take from the mailbox (never in the other mailboxes); a
//!   `Total` row at the end and a `Lists` sheet.
//! * `helpdesk-2019-03.csv`: March 2019 as its own monthly file, Windows-1252, semicolon-separated, other
//!   header synonyms (`Ref;Received;Type;Inbox;Category;Subject`), text dates with and without a time,
//!   subjects with `£`, `’`, `;` and `"` (hence the encoding and the quoting).
//!
//! # Website (Table 6)
//!
//! * `analytics-sessions-2019-03.csv`: Universal Analytics CSV export (UTF-8 with BOM, `#` comment
//!   blocks, US-locale day rows `3/1/19`, quoted thousands, a totals row with an empty first cell, a
//!   trailing summary block).
//! * `analytics-pageviews-2019-03.xlsx`: the same export saved as xlsx (`Summary`, `Dataset1`,
//!   `Dataset2`), real date cells, totals row.
//! * `website-statistics.xlsx`: the hand-kept monthly table, Apr–Dec 2018 plus Mar 2019 (which overlaps
//!   the daily exports and agrees with them); months as date cells or text (`Jun 2018`, `2018-07`), a
//!   couple of numbers as text with thousands separators.
//! * `ga4-2019-01-02.csv`: GA4-style daily export for January and February 2019 (`20190101` dates).
//!
//! # Membership register (Tables 1, 2, 3, Figure 1, section 1)
//!
//! `membership-register.xlsx`, one workbook whose sheet names do not say what they hold; the converter
//! must know each sheet by its columns.
//!
//! * `Register` (the Parties): a title and an "updated" line above the header, `Date of\nAccession`
//!   with a line break, columns in a non-obvious order, an extra `Comments` column, a blank row at the
//!   turn of 2016, rows in accession order. 339 parties: the DCC (2013), invented parties acceding from
//!   November 2013, Table 3's 50 accessions (3 0 15 2 6 1 0 2 2 3 3 10 3) and its exits: one withdrawal
//!   (Aug 2018, `Withdrawn`, with a reason that must not become a footnote) and nine expulsions (1 0 0
//!   0 0 0 1 0 1 3 1 1 1); four exits before March 2018 are outside the window. The March 2018
//!   expulsion has a blank Exit Reason (no footnote); the others' reasons make footnotes 1–6 through
//!   the template's sentence, Usio, Extra Energy and One Select sharing one (Extra Energy's reason is
//!   typed `Revocation of their  Licences …`, so reasons must be matched loosely). Exit Type by alias
//!   and odd case (`Expelled`, `EXPELLED`, `Expulsion `). At the end of March 2019: 325 Parties in 255
//!   voting groups (blank Voting Group = its own group; one large supplier types its own name there;
//!   every group has one party category), split 9 / 98 / 13 / 7 / 127 / 1 for Figure 1. Party
//!   categories typed loosely (alias, case, stray spaces); dates mostly date cells, some UK text.
//! * `EoD log`: Events of Default, header in row 1, some dates as text, party names sometimes in
//!   another case or spacing (`Northolme  Utilities Ltd`, `KESTRELMOOR ENERGY LTD`). Parties in
//!   default at each month end give 0 0 1 1 1 2 3 4 4 5 4 6 5: one party has two events open at once
//!   (so events and parties differ), an event opens and closes within July 2018, one opens on 28
//!   February. March 2019 has no new events and two resolved, yet five parties stay in default.
//!   Expelled parties' events are closed on their exit date.
//! * `Applications 2018-19`: `Organisation`, `Category`, `SECCo Board Date`, `Status`; twelve earlier
//!   applicants (parties that acceded after the Board meeting), then Table 1's three on 15/03/2019.
//! * `UEP tracker`: title row, `DCC User\nRole(s)`, `Date of UEP\ncompletion`; roles by name or alias,
//!   separated by `, `, `,\n` or a bare line break; ten earlier completions, then Table 2's three.
//! * `Testing` (hidden): SREPT and UEPT by every template spelling; March has two SREPT, one UEPT.
//! * `Lists` feeds the drop-downs and is not data.
//!
//! # Meetings log (Table 7)
//!
//! `meetings-log.xlsx`, sheet `Log`: a title row, then `Category`, `Meeting`, `Meeting\nDate(s)`,
//! `Summary of Events`, `Report Month`, `Headlines link` (one address a line, each linking one of the
//! summary's last lines: March's are the paper's own). February 2019's nine meetings first (not in
//! the March report),
//! a blank row, then March's fourteen in Table 7's order. Category cells are real merged ranges over
//! their meetings, and the four transitional groups share one merged summary. Dates are date cells or
//! text, two on one line (`13/02/2019, 27/02/2019`) or on two (`13/03/2019\n27/03/2019`). The Change
//! Board met on 27/02/2019 but its Report Month says `Mar 2019`; one February row has its Report Month
//! as a date cell.
//!
//! # Noise
//!
//! `~$helpdesk-log.xlsx` (an Excel lock file) and `README-for-team.txt`, both to be skipped.
//!
//! # Later months: rolling history (April and May 2019)
//!
//! Tables 3, 5 and 6 look back twelve or thirteen months, but a month's folder usually holds only
//! that month's raw files; the converter fills the earlier months from the previous month's output.
//! `2019-04/` and `2019-05/` hold only what the team drops in that month. The figures are ours (no
//! paper to match); `LATER_MONTHS` holds them and the generator checks its records against them, in
//! exact integers, before writing, and prints what a converter should produce.
//!
//! * Timesheets: `timesheets-2019-0M.xlsx` (the long layout, same sheets and quirks as March's;
//!   the export's `Total` and blank rows move with the month) for 28 people: from April only Amy
//!   Lockwood (date headers) and Ben Tallis (`Sat`/`Sun`) keep weekly grids, the other four of
//!   March's grid people book through the time-recording system. Their two grid workbooks have one
//!   sheet per week commencing in or overlapping the month, with the days outside the month filled
//!   in. Out-of-month rows are real time, shown once: April's export has March's 29 March and May's
//!   1 May, May's has April's 30 April (with a Security Threats booking) and 3 June; April's 1 April
//!   for four people is what March's export already showed. Bank holidays (19 and 22 April, 6 and 27
//!   May) are booked by nobody. April: 4,520 h = 602.67 days (603, rounded drivers add to 602;
//!   Security and Privacy exactly 150.5 days). May: 4,731 h = 630.8 days (631 both ways; Technical
//!   and Operational activities exactly 115.5 days). Technical Effectiveness 0 and 3 days, Security
//!   Threats 1 and 0 days.
//! * `helpdesk-2019-0M.csv`: that month's enquiries only, as March's CSV (Windows-1252, semicolons),
//!   references running on from March's (`HD-2019-04929` …); blank categories in the
//!   `modifications@` and `applications@` mailboxes; no telephone calls on closed days.
//! * `analytics-sessions-2019-0M.csv` and `analytics-pageviews-2019-0M.xlsx`, as March's exports.
//! * `membership-register.xlsx` at the month's end: the previous month's register with every row
//!   kept in place and unchanged, the month's rows appended, and only the edits time makes (a blank
//!   exit or Date Resolved filled with a later day). April: March's three applicants and a third
//!   Vantbridge company (joining its voting group) accede; Tarnwick Power defaults; two applicants
//!   for the 12 April Board (a week early: the third Friday is Good Friday); two UEP completions.
//!   May: three accessions; Pennock Power's event is resolved; Kestrelmoor Energy is expelled with a
//!   reason (a footnote) and its Event of Default is left open in the log, so only its exit takes it
//!   out of In Default; two applicants for the 17 May Board; three UEP completions.
//! * `meetings-log.xlsx`, cumulative: March's log plus a block per month (the Change Sub-Committee's
//!   first meeting on 8 April; a Working Group meeting of 29 March whose Report Month puts it in
//!   April; an OPSG Report Month as a date cell).
//! * Noise: an Excel lock file for another workbook, and the team's note.
//! * April only: `staff-list.xlsx`, finance's optional staff list (the converter's "Effort by
//!   person" sheet): all 30 people, the Contractors sheet's people as contractors at day rates,
//!   those who do not work Fridays on 30 hours a week, and a new starter who booked nothing.
//!
//! `2019-04-complete/` and `2019-05-complete/` are the same months as a team that kept everything
//! would have them: the month's own files plus March's running helpdesk log, every monthly helpdesk
//! CSV and every analytics file since March's, copied byte for byte. Converting one must give the
//! same report as converting the month's folder with the previous month's output as history.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Formula, Workbook, Worksheet,
    row_col_to_cell,
};

// ---------------------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------------------

/// splitmix64, seeded from a label so each part of the sample has its own independent stream.
struct Rng(u64);

impl Rng {
    fn seeded(label: &str) -> Self {
        // FNV-1a of the label.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in label.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        Rng(hash)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (the modulo bias is irrelevant here).
    fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "Rng::below(0)");
        self.next_u64() % n
    }

    fn below_usize(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below_usize(items.len())]
    }

    fn pick_copy<T: Copy>(&mut self, items: &[T]) -> T {
        *self.pick(items)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Index chosen with probability proportional to its weight; `None` when all weights are 0.
    fn weighted(&mut self, weights: &[u64]) -> Option<usize> {
        let total: u64 = weights.iter().sum();
        if total == 0 {
            return None;
        }
        let mut r = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if r < w {
                return Some(i);
            }
            r -= w;
        }
        unreachable!("weighted pick ran past the total")
    }
}

// ---------------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------------

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("valid calendar date")
}

fn last_day_of_month(year: i32, month: u32) -> NaiveDate {
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    ymd(next_year, next_month, 1)
        .pred_opt()
        .expect("date after 0001-01-01")
}

fn days_between(first: NaiveDate, last: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    first.iter_days().take_while(move |d| *d <= last)
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn in_report_month(date: NaiveDate) -> bool {
    date.year() == REPORT_YEAR && date.month() == REPORT_MONTH
}

fn excel_date(date: NaiveDate) -> Result<ExcelDateTime> {
    Ok(ExcelDateTime::from_ymd(
        u16::try_from(date.year())?,
        u8::try_from(date.month())?,
        u8::try_from(date.day())?,
    )?)
}

fn excel_datetime(at: NaiveDateTime) -> Result<ExcelDateTime> {
    Ok(excel_date(at.date())?.and_hms(u16::try_from(at.hour())?, u8::try_from(at.minute())?, 0)?)
}

/// Excel's serial day number (1900 date system).
fn excel_serial(date: NaiveDate) -> i64 {
    (date - ymd(1899, 12, 30)).num_days()
}

/// `8883` → `8,883`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The shortest decimal form of an f64 (`37.5`, `8`), as Excel shows a cached result.
fn plain_number(value: f64) -> String {
    format!("{value}")
}

// ---------------------------------------------------------------------------------------------------
// Targets from the paper (SECP_67_1204_19, March 2019)
// ---------------------------------------------------------------------------------------------------

const REPORT_YEAR: i32 = 2019;
const REPORT_MONTH: u32 = 3;
const MINUTES_PER_DAY: u32 = 450; // 7.5 hours
const MAX_MINUTES_PER_PERSON_DAY: u32 = 24 * 60;

/// Table 4 as published: rounded days per driver, and the printed Grand Total.
const TABLE4_ROUNDED_GRAND_TOTAL: u32 = 633;

/// Table 5, email enquiries by category (report order) for Apr 2018 … Mar 2019.
const TABLE5: [[u32; 12]; 11] = [
    [41, 23, 43, 6, 6, 56, 43, 19, 84, 59, 56, 50],
    [228, 208, 108, 242, 312, 362, 441, 167, 206, 342, 298, 331],
    [0, 0, 13, 7, 0, 2, 3, 4, 11, 9, 2, 4],
    [34, 81, 75, 46, 55, 51, 36, 26, 33, 28, 39, 38],
    [59, 40, 43, 17, 54, 44, 7, 56, 49, 44, 41, 40],
    [48, 55, 203, 146, 106, 45, 46, 16, 51, 48, 45, 65],
    [415, 369, 376, 627, 514, 528, 524, 576, 502, 534, 411, 423],
    [235, 262, 276, 284, 426, 416, 346, 325, 312, 475, 500, 589],
    [1, 1, 6, 1, 5, 0, 1, 0, 0, 4, 3, 2],
    [22, 73, 1, 2, 31, 43, 0, 0, 34, 17, 87, 33],
    [128, 93, 184, 74, 81, 59, 167, 130, 61, 76, 89, 102],
];

/// Table 5's printed Total row.
const TABLE5_TOTALS: [u32; 12] = [
    1211, 1205, 1328, 1452, 1590, 1606, 1614, 1319, 1343, 1636, 1571, 1677,
];

/// Invented email counts for Jan–Mar 2018: in the running log but outside the report's window.
const EARLY_2018_EMAILS: [[u32; 3]; 11] = [
    [38, 35, 47],
    [190, 205, 221],
    [5, 0, 9],
    [40, 37, 44],
    [52, 48, 61],
    [60, 42, 51],
    [380, 402, 398],
    [210, 228, 240],
    [2, 1, 3],
    [15, 28, 19],
    [110, 97, 121],
];

/// Telephone enquiries per month, Jan 2018 … Mar 2019 (the paper gives only March 2019: 15).
const PHONES_PER_MONTH: [u32; 15] = [12, 9, 14, 11, 8, 17, 6, 10, 13, 21, 9, 7, 18, 11, 15];
const MARCH_2019_PHONES: u32 = 15;
const MARCH_2019_EMAILS: u32 = 1677;

/// Table 6, Apr 2018 … Mar 2019.
const TABLE6_VISITS: [u64; 12] = [
    8062, 6803, 6825, 8370, 6841, 6266, 8592, 8007, 6050, 9285, 8814, 8883,
];
const TABLE6_PAGE_VIEWS: [u64; 12] = [
    24155, 19924, 20292, 24496, 20530, 18738, 24152, 22387, 17258, 25662, 25353, 47841,
];

/// The twelve months of Tables 5 and 6, as (year, month).
fn window_months() -> Vec<(i32, u32)> {
    (0..12)
        .map(|i| {
            let m = 4 + i;
            if m > 12 { (2019, m - 12) } else { (2018, m) }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------------
// Drivers and staff
// ---------------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Driver {
    PanelBoard,
    SecurityPrivacy,
    ModsRelease,
    PartySupport,
    TechOps,
    SmarterMarkets,
    TechEffectiveness,
    AnnualSecurity,
    DataQuality,
    BadTad,
    SecurityThreats,
}

use Driver as D;

impl Driver {
    const ALL: [Driver; 11] = [
        D::PanelBoard,
        D::SecurityPrivacy,
        D::ModsRelease,
        D::PartySupport,
        D::TechOps,
        D::SmarterMarkets,
        D::TechEffectiveness,
        D::AnnualSecurity,
        D::DataQuality,
        D::BadTad,
        D::SecurityThreats,
    ];

    fn name(self) -> &'static str {
        match self {
            D::PanelBoard => "Panel and Board activities",
            D::SecurityPrivacy => "Security and Privacy",
            D::ModsRelease => "Modifications and Release Management",
            D::PartySupport => "Party Support and Engagement",
            D::TechOps => "Technical and Operational activities",
            D::SmarterMarkets => "Smarter Markets",
            D::TechEffectiveness => "Technical Effectiveness",
            D::AnnualSecurity => "Annual Security Obligations",
            D::DataQuality => "Data Quality",
            D::BadTad => "BAD/TAD",
            D::SecurityThreats => "Security Threats",
        }
    }

    /// Exactly the aliases the report template holds.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            D::PanelBoard => &["Panel & Board", "Panel/Board"],
            D::SecurityPrivacy => &["Security & Privacy", "Security"],
            D::ModsRelease => &["Modifications", "Release Management"],
            D::PartySupport => &["Party Support"],
            D::TechOps => &["Tech Ops", "Technical & Operational"],
            D::SmarterMarkets => &["Smarter Markets Programme"],
            D::AnnualSecurity => &["ASO"],
            D::DataQuality => &["DQ"],
            D::BadTad => &["BAD TAD", "BAD / TAD"],
            D::TechEffectiveness | D::SecurityThreats => &[],
        }
    }

    /// In-month minutes the March 2019 sample must add up to (Table 4 days × 450).
    fn march_target_minutes(self) -> u32 {
        match self {
            D::PanelBoard => 414 * 60,
            D::SecurityPrivacy => 1189 * 60 + 30,
            D::ModsRelease => 1206 * 60,
            D::PartySupport => 649 * 60 + 30,
            D::TechOps => 884 * 60 + 15,
            D::SmarterMarkets => 93 * 60,
            D::TechEffectiveness => 0,
            D::AnnualSecurity => 117 * 60,
            D::DataQuality => 36 * 60,
            D::BadTad => 154 * 60 + 30,
            D::SecurityThreats => 0,
        }
    }

    /// Table 4 as printed (rounded days), to check the half-up rounding reproduces it.
    fn published_rounded_days(self) -> u32 {
        match self {
            D::PanelBoard => 55,
            D::SecurityPrivacy => 159,
            D::ModsRelease => 161,
            D::PartySupport => 87,
            D::TechOps => 118,
            D::SmarterMarkets => 12,
            D::TechEffectiveness => 0,
            D::AnnualSecurity => 16,
            D::DataQuality => 5,
            D::BadTad => 21,
            D::SecurityThreats => 0,
        }
    }

    fn tasks(self) -> &'static [&'static str] {
        match self {
            D::PanelBoard => &["Panel papers", "Board meeting prep", "Panel minutes"],
            D::SecurityPrivacy => &[
                "SSC assessments",
                "CIO assessment review",
                "Security controls framework",
            ],
            D::ModsRelease => &[
                "SECMP0069 impact assessment",
                "June 2019 Release planning",
                "Working Group",
            ],
            D::PartySupport => &["Party onboarding", "Induction call", "SEC newsletter"],
            D::TechOps => &["TABASC support", "Technical Specification query", "OPSG"],
            D::SmarterMarkets => &["SMIP liaison"],
            D::TechEffectiveness => &["Technical effectiveness review"],
            D::AnnualSecurity => &["Annual security assessment"],
            D::DataQuality => &["Data quality checks"],
            D::BadTad => &["BAD/TAD drafting"],
            D::SecurityThreats => &["Threat assessment"],
        }
    }
}

/// Which file (and which variant of the weekly grid) a person's time lands in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    /// Long layout, sheet `Export`.
    Export,
    /// Long layout, hidden sheet `Contractors` (first and last name in separate columns).
    Contractor,
    /// A weekly-grid workbook of their own.
    Grid(GridStyle),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GridStyle {
    Plain,
    /// A title row above `Name:`.
    Titled,
    /// `W/C` with the Monday as text.
    WcAsText,
    /// The dates themselves as column headers.
    DateHeaders,
    /// `Sat`/`Sun` columns, with one Saturday booking.
    Weekend,
    /// Finished weeks hidden.
    HiddenWeeks,
}

struct Staff {
    first: &'static str,
    last: &'static str,
    layout: Layout,
    /// Preference weights: the drivers this person normally books to.
    prefs: &'static [(Driver, u64)],
    works_fridays: bool,
}

impl Staff {
    fn full_name(&self) -> String {
        format!("{} {}", self.first, self.last)
    }
}

const fn person(
    first: &'static str,
    last: &'static str,
    layout: Layout,
    prefs: &'static [(Driver, u64)],
) -> Staff {
    Staff {
        first,
        last,
        layout,
        prefs,
        works_fridays: true,
    }
}

const EXPORT: Layout = Layout::Export;
const CONTRACTOR: Layout = Layout::Contractor;

#[rustfmt::skip]
const STAFF: [Staff; 30] = [
    // Services: Panel and Board
    person("Sarah", "Whitfield", EXPORT, &[(D::PanelBoard, 12), (D::PartySupport, 4), (D::ModsRelease, 3)]),
    person("Claire", "Bishop", EXPORT, &[(D::PanelBoard, 12), (D::SecurityPrivacy, 3), (D::TechOps, 3)]),
    person("Helen", "Carmichael", Layout::Grid(GridStyle::Plain), &[(D::PanelBoard, 12), (D::ModsRelease, 4), (D::PartySupport, 3)]),
    // Security and Privacy
    person("James", "Okafor", EXPORT, &[(D::SecurityPrivacy, 12), (D::AnnualSecurity, 3), (D::TechOps, 3)]),
    person("Priya", "Chauhan", EXPORT, &[(D::SecurityPrivacy, 12), (D::AnnualSecurity, 3)]),
    person("Mark", "Fairbairn", EXPORT, &[(D::SecurityPrivacy, 12), (D::TechOps, 4)]),
    person("Ravi", "Sandhu", EXPORT, &[(D::SecurityPrivacy, 12), (D::BadTad, 3)]),
    person("Neil", "Ashworth", CONTRACTOR, &[(D::SecurityPrivacy, 12), (D::AnnualSecurity, 4)]),
    person("Adebayo", "Ogunleye", CONTRACTOR, &[(D::SecurityPrivacy, 12), (D::TechOps, 3)]),
    person("David", "Rowntree", Layout::Grid(GridStyle::WcAsText), &[(D::SecurityPrivacy, 12), (D::PanelBoard, 3)]),
    // Modifications and Release Management
    person("Emma", "Hargreaves", EXPORT, &[(D::ModsRelease, 12), (D::PanelBoard, 3)]),
    person("Tom", "Ellison", EXPORT, &[(D::ModsRelease, 12), (D::TechOps, 4)]),
    person("Hannah", "Lowther", EXPORT, &[(D::ModsRelease, 12), (D::PartySupport, 3)]),
    person("Gemma", "Atkinson", EXPORT, &[(D::ModsRelease, 12), (D::SmarterMarkets, 2)]),
    person("Simon", "Kettering", EXPORT, &[(D::ModsRelease, 12), (D::SecurityPrivacy, 3)]),
    person("Kirsty", "Fenwick", CONTRACTOR, &[(D::ModsRelease, 12), (D::DataQuality, 2)]),
    person("Amy", "Lockwood", Layout::Grid(GridStyle::DateHeaders), &[(D::ModsRelease, 12), (D::PanelBoard, 4)]),
    person("Stuart", "Pennington", Layout::Grid(GridStyle::HiddenWeeks), &[(D::ModsRelease, 12), (D::TechOps, 3)]),
    // Party Support and Engagement
    person("Rachel", "Donnelly", EXPORT, &[(D::PartySupport, 12), (D::PanelBoard, 3)]),
    person("Lucy", "Thornton", EXPORT, &[(D::PartySupport, 12), (D::ModsRelease, 3)]),
    Staff {
        works_fridays: false,
        ..person("Joanne", "Pryce", EXPORT, &[(D::PartySupport, 12), (D::DataQuality, 2)])
    },
    person("Nadia", "Hussain", Layout::Grid(GridStyle::Titled), &[(D::PartySupport, 12), (D::SecurityPrivacy, 3)]),
    // Technical and Operational
    person("Daniel", "Pritchard", EXPORT, &[(D::TechOps, 12), (D::SecurityPrivacy, 4)]),
    person("Oliver", "Brennan", EXPORT, &[(D::TechOps, 12), (D::BadTad, 3)]),
    person("Aaron", "McBride", EXPORT, &[(D::TechOps, 12), (D::ModsRelease, 3)]),
    person("Martin", "Holloway", CONTRACTOR, &[(D::TechOps, 12), (D::SecurityPrivacy, 3)]),
    person("Ben", "Tallis", Layout::Grid(GridStyle::Weekend), &[(D::TechOps, 12), (D::SmarterMarkets, 3)]),
    // Projects
    person("Gareth", "Evans", EXPORT, &[(D::SmarterMarkets, 10), (D::BadTad, 8), (D::TechOps, 3)]),
    person("Fiona", "Macleod", EXPORT, &[(D::AnnualSecurity, 10), (D::DataQuality, 8), (D::SecurityPrivacy, 3)]),
    person("Siobhan", "Gallagher", CONTRACTOR, &[(D::BadTad, 10), (D::SmarterMarkets, 6), (D::AnnualSecurity, 4)]),
];

fn staff_index(first: &str, last: &str) -> usize {
    STAFF
        .iter()
        .position(|s| s.first == first && s.last == last)
        .unwrap_or_else(|| panic!("no staff member {first} {last}"))
}

// ---------------------------------------------------------------------------------------------------
// Timesheet records
// ---------------------------------------------------------------------------------------------------

/// One person's time on one day for one driver (whole quarter-hours, held in minutes).
#[derive(Clone, Debug)]
struct Booking {
    staff: usize,
    date: NaiveDate,
    driver: Driver,
    minutes: u32,
}

/// How long one person worked on one day, before it is split between drivers.
struct PersonDay {
    staff: usize,
    date: NaiveDate,
    minutes: u32,
}

/// The Saturday that the `Sat`/`Sun` grid person works (2 hours).
fn weekend_booking_day() -> NaiveDate {
    ymd(2019, 3, 16)
}

fn march_target_total() -> u32 {
    Driver::ALL.iter().map(|d| d.march_target_minutes()).sum()
}

/// Who worked how long on which March day: 7.5 h days with some leave, half days and overtime,
/// adjusted so that the month adds up exactly to Table 4's total.
fn working_pattern(rng: &mut Rng) -> Vec<PersonDay> {
    let march = days_between(ymd(2019, 3, 1), ymd(2019, 3, 31));
    let mut days = Vec::new();
    for date in march {
        for (staff, who) in STAFF.iter().enumerate() {
            let minutes = planned_minutes(who, date, rng);
            if minutes > 0 {
                days.push(PersonDay {
                    staff,
                    date,
                    minutes,
                });
            }
        }
    }
    adjust_to_total(&mut days, march_target_total(), rng);
    days
}

fn planned_minutes(who: &Staff, date: NaiveDate, rng: &mut Rng) -> u32 {
    if is_weekend(date) {
        let weekend_worker = who.layout == Layout::Grid(GridStyle::Weekend);
        return if weekend_worker && date == weekend_booking_day() {
            120
        } else {
            0
        };
    }
    if !who.works_fridays && date.weekday() == Weekday::Fri {
        return 0;
    }
    match rng.below(100) {
        0..=1 => 0,               // annual leave
        2 => MINUTES_PER_DAY / 2, // half day
        _ => MINUTES_PER_DAY,
    }
}

/// Nudges full weekdays up or down by half-hours (then a quarter) until the total is exact.
fn adjust_to_total(days: &mut [PersonDay], target: u32, rng: &mut Rng) {
    loop {
        let total: u32 = days.iter().map(|d| d.minutes).sum();
        if total == target {
            return;
        }
        let short = total < target;
        let gap = total.abs_diff(target);
        let step = if gap >= 30 { 30 } else { 15 };
        let day = &mut days[rng.below_usize(days.len())];
        if is_weekend(day.date) || day.minutes < MINUTES_PER_DAY - 60 {
            continue;
        }
        if short && day.minutes + step <= MINUTES_PER_DAY + 150 {
            day.minutes += step;
        } else if !short && day.minutes >= MINUTES_PER_DAY - 60 + step {
            day.minutes -= step;
        }
    }
}

/// Splits a day into one to three chunks of whole half-hours (the last may end on a quarter).
fn split_day(minutes: u32, rng: &mut Rng) -> Vec<u32> {
    let pieces: u32 = match rng.below(20) {
        0..=10 => 1,
        11..=17 => 2,
        _ => 3,
    };
    let mut parts = Vec::new();
    let mut left = minutes;
    for still_to_place in (1..pieces).rev() {
        let half_hours = left / 30;
        if half_hours <= still_to_place {
            break;
        }
        let take = 30 * (1 + rng.below(u64::from(half_hours - still_to_place)) as u32);
        parts.push(take);
        left -= take;
    }
    parts.push(left);
    parts
}

/// Driver budgets still to be booked this month.
struct Budget {
    /// The month's in-month minutes per driver.
    targets: BTreeMap<Driver, u32>,
    remaining: BTreeMap<Driver, u32>,
}

impl Budget {
    fn march() -> Self {
        Budget::new(
            Driver::ALL
                .iter()
                .map(|&d| (d, d.march_target_minutes()))
                .collect(),
        )
    }

    fn new(targets: BTreeMap<Driver, u32>) -> Self {
        Budget {
            remaining: targets.clone(),
            targets,
        }
    }

    /// A driver for this person: their preferences, scaled by how much of each driver's budget is
    /// left (so budgets run down evenly over the month); anyone with budget left when theirs is spent.
    fn choose(&self, who: &Staff, rng: &mut Rng) -> Driver {
        let drivers: Vec<Driver> = Driver::ALL.to_vec();
        let fraction_left = |d: Driver| {
            // Per mille of the month's budget still unbooked (0 for drivers with no budget).
            (u64::from(self.remaining[&d]) * 1000)
                .checked_div(u64::from(self.targets[&d]))
                .unwrap_or(0)
        };
        let preferred: Vec<u64> = drivers
            .iter()
            .map(|&d| {
                let pref = who
                    .prefs
                    .iter()
                    .find(|(p, _)| *p == d)
                    .map_or(0, |(_, w)| *w);
                pref * fraction_left(d)
            })
            .collect();
        let fallback: Vec<u64> = drivers
            .iter()
            .map(|d| u64::from(self.remaining[d]))
            .collect();
        let index = rng
            .weighted(&preferred)
            .or_else(|| rng.weighted(&fallback))
            .expect("driver budgets exhausted before the working days were: totals disagree");
        drivers[index]
    }

    fn take(&mut self, driver: Driver, wanted: u32) -> u32 {
        let left = self
            .remaining
            .get_mut(&driver)
            .expect("every driver has a budget");
        let taken = wanted.min(*left);
        *left -= taken;
        taken
    }
}

/// Splits every March person-day between drivers so that each driver's budget is used exactly.
fn allocate_march(days: &[PersonDay], rng: &mut Rng) -> Vec<Booking> {
    allocate(days, Budget::march(), rng)
}

/// Splits every person-day between drivers so that each driver's budget is used exactly.
fn allocate(days: &[PersonDay], mut budget: Budget, rng: &mut Rng) -> Vec<Booking> {
    let mut bookings = Vec::new();
    for day in days {
        let who = &STAFF[day.staff];
        let mut per_driver: BTreeMap<Driver, u32> = BTreeMap::new();
        for chunk in split_day(day.minutes, rng) {
            let mut left = chunk;
            while left > 0 {
                let driver = budget.choose(who, rng);
                let taken = budget.take(driver, left);
                *per_driver.entry(driver).or_default() += taken;
                left -= taken;
            }
        }
        bookings.extend(per_driver.into_iter().map(|(driver, minutes)| Booking {
            staff: day.staff,
            date: day.date,
            driver,
            minutes,
        }));
    }
    bookings
}

/// A driver by preference alone (for days outside the month, which have no budget).
fn preferred_driver(who: &Staff, rng: &mut Rng) -> Driver {
    let weights: Vec<u64> = who.prefs.iter().map(|(_, w)| *w).collect();
    let index = rng.weighted(&weights).expect("everyone has preferences");
    who.prefs[index].0
}

fn full_day_by_preference(staff: usize, date: NaiveDate, rng: &mut Rng) -> Vec<Booking> {
    let mut per_driver: BTreeMap<Driver, u32> = BTreeMap::new();
    for chunk in split_day(MINUTES_PER_DAY, rng) {
        *per_driver
            .entry(preferred_driver(&STAFF[staff], rng))
            .or_default() += chunk;
    }
    per_driver
        .into_iter()
        .map(|(driver, minutes)| Booking {
            staff,
            date,
            driver,
            minutes,
        })
        .collect()
}

/// Bookings outside March that still appear in the files: the grid week of 25 Feb, a few long-layout
/// rows on 28 Feb and 1 Apr, and one Technical Effectiveness booking on 28 Feb.
fn out_of_month_bookings(rng: &mut Rng) -> Vec<Booking> {
    let mut bookings = Vec::new();
    for (staff, who) in STAFF.iter().enumerate() {
        if matches!(who.layout, Layout::Grid(_)) {
            for date in days_between(ymd(2019, 2, 25), ymd(2019, 2, 28)) {
                bookings.extend(full_day_by_preference(staff, date, rng));
            }
        }
    }
    let feb_28 = ymd(2019, 2, 28);
    let apr_1 = ymd(2019, 4, 1);
    for (first, last) in [
        ("Sarah", "Whitfield"),
        ("James", "Okafor"),
        ("Emma", "Hargreaves"),
        ("Daniel", "Pritchard"),
    ] {
        bookings.extend(full_day_by_preference(
            staff_index(first, last),
            feb_28,
            rng,
        ));
    }
    for (first, last) in [
        ("Priya", "Chauhan"),
        ("Tom", "Ellison"),
        ("Rachel", "Donnelly"),
        ("Neil", "Ashworth"),
    ] {
        bookings.extend(full_day_by_preference(staff_index(first, last), apr_1, rng));
    }
    let fiona = staff_index("Fiona", "Macleod");
    bookings.push(Booking {
        staff: fiona,
        date: feb_28,
        driver: D::TechEffectiveness,
        minutes: 225,
    });
    bookings.push(Booking {
        staff: fiona,
        date: feb_28,
        driver: D::AnnualSecurity,
        minutes: 225,
    });
    bookings
}

fn all_bookings() -> Vec<Booking> {
    let mut rng = Rng::seeded("timesheets");
    let days = working_pattern(&mut rng);
    let mut bookings = allocate_march(&days, &mut rng);
    bookings.extend(out_of_month_bookings(&mut rng));
    bookings.sort_by(|a, b| {
        (a.date, STAFF[a.staff].full_name(), a.driver).cmp(&(
            b.date,
            STAFF[b.staff].full_name(),
            b.driver,
        ))
    });
    bookings
}

// ---------------------------------------------------------------------------------------------------
// Timesheet checks
// ---------------------------------------------------------------------------------------------------

/// Half-up rounding of minutes to whole 7.5-hour days, in integers.
fn rounded_days(minutes: u32) -> u32 {
    (2 * minutes + MINUTES_PER_DAY) / (2 * MINUTES_PER_DAY)
}

/// In-month minutes per driver, asserted equal to Table 4; returned for the closing summary.
fn check_timesheets(bookings: &[Booking]) -> BTreeMap<Driver, u32> {
    let mut names = BTreeSet::new();
    for who in &STAFF {
        assert!(
            names.insert(who.full_name()),
            "staff name {} used twice",
            who.full_name()
        );
    }

    let mut per_driver: BTreeMap<Driver, u32> = Driver::ALL.iter().map(|&d| (d, 0)).collect();
    let mut per_person_day: BTreeMap<(usize, NaiveDate), u32> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for b in bookings {
        assert!(
            b.minutes > 0 && b.minutes % 15 == 0,
            "booking not whole quarter-hours: {b:?}"
        );
        assert!(
            seen.insert((b.staff, b.date, b.driver)),
            "same person, day and driver twice: {b:?}"
        );
        *per_person_day.entry((b.staff, b.date)).or_default() += b.minutes;
        if in_report_month(b.date) {
            *per_driver.get_mut(&b.driver).expect("known driver") += b.minutes;
        }
    }
    for ((staff, date), minutes) in &per_person_day {
        assert!(
            *minutes <= MAX_MINUTES_PER_PERSON_DAY,
            "{} books {minutes} minutes on {date}",
            STAFF[*staff].full_name()
        );
    }
    for driver in Driver::ALL {
        assert_eq!(
            per_driver[&driver],
            driver.march_target_minutes(),
            "March minutes for {} differ from Table 4",
            driver.name()
        );
        assert_eq!(
            rounded_days(per_driver[&driver]),
            driver.published_rounded_days(),
            "{}",
            driver.name()
        );
    }
    let total: u32 = per_driver.values().sum();
    assert_eq!(total, 284_625, "March total must be 4,743.75 hours");
    assert_eq!(
        rounded_days(total),
        TABLE4_ROUNDED_GRAND_TOTAL,
        "grand total rounds to 633"
    );
    let sum_of_rounded: u32 = per_driver.values().map(|&m| rounded_days(m)).sum();
    assert_eq!(
        sum_of_rounded, 634,
        "the paper's rounded drivers add to 634"
    );
    per_driver
}

// ---------------------------------------------------------------------------------------------------
// Loosely written names (drivers and helpdesk categories)
// ---------------------------------------------------------------------------------------------------

/// `and` ↔ `&`, which the converter treats as the same word.
fn swap_and_ampersand(name: &str) -> String {
    if name.contains(" and ") {
        name.replacen(" and ", " & ", 1)
    } else if name.contains(" & ") {
        name.replacen(" & ", " and ", 1)
    } else {
        name.to_owned()
    }
}

/// The way people type a name: mostly as it should be, sometimes in another case, with stray spaces,
/// with `&`/`and` swapped, or by one of the template's aliases.
fn loose_name(canonical: &str, aliases: &[&str], rng: &mut Rng) -> String {
    match rng.below(20) {
        0..=9 => canonical.to_owned(),
        10..=11 => canonical.to_lowercase(),
        12 => canonical.to_uppercase(),
        13..=14 => format!("{} ", canonical.replacen(' ', "  ", 1)),
        15..=16 => swap_and_ampersand(canonical),
        _ if aliases.is_empty() => canonical.to_lowercase(),
        _ => rng.pick_copy(aliases).to_owned(),
    }
}

fn loose_driver(driver: Driver, rng: &mut Rng) -> String {
    loose_name(driver.name(), driver.aliases(), rng)
}

// ---------------------------------------------------------------------------------------------------
// Workbook helpers
// ---------------------------------------------------------------------------------------------------

struct Formats {
    title: Format,
    header: Format,
    date: Format,
    datetime: Format,
    duration: Format,
    serial: Format,
    month: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new().set_bold(),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            datetime: Format::new().set_num_format("dd/mm/yyyy hh:mm"),
            duration: Format::new().set_num_format("[h]:mm"),
            serial: Format::new().set_num_format("0"),
            month: Format::new().set_num_format("mmm yyyy"),
        }
    }
}

fn write_header(sheet: &mut Worksheet, row: u32, headers: &[&str], fmt: &Formats) -> Result<()> {
    for (col, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(row, u16::try_from(col)?, *header, &fmt.header)?;
    }
    Ok(())
}

fn save_workbook(
    mut workbook: Workbook,
    dir: &Path,
    name: &str,
    created: NaiveDateTime,
    written: &mut Vec<String>,
) -> Result<()> {
    let properties = DocProperties::new()
        .set_author("SECAS")
        .set_creation_datetime(&excel_datetime(created)?);
    workbook.set_properties(&properties);
    let path = dir.join(name);
    workbook
        .save(&path)
        .with_context(|| format!("writing {}", path.display()))?;
    written.push(name.to_owned());
    Ok(())
}

fn save_bytes(dir: &Path, name: &str, bytes: &[u8], written: &mut Vec<String>) -> Result<()> {
    let path = dir.join(name);
    fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    written.push(name.to_owned());
    Ok(())
}

fn at(date: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    date.and_time(NaiveTime::from_hms_opt(hour, minute, 0).expect("valid time"))
}

// ---------------------------------------------------------------------------------------------------
// Timesheets: long layout
// ---------------------------------------------------------------------------------------------------

/// How an hours cell is typed.
#[derive(Clone, Copy)]
enum HoursStyle {
    Number,
    /// `" 7.5 "`
    PaddedText,
    /// `"7:30"`
    ClockText,
    /// An Excel duration (days) formatted `[h]:mm`.
    Duration,
}

impl HoursStyle {
    fn random(rng: &mut Rng) -> Self {
        match rng.below(100) {
            0..=79 => HoursStyle::Number,
            80..=86 => HoursStyle::PaddedText,
            87..=93 => HoursStyle::ClockText,
            _ => HoursStyle::Duration,
        }
    }
}

fn hours(minutes: u32) -> f64 {
    f64::from(minutes) / 60.0
}

fn clock_text(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

fn write_hours(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    minutes: u32,
    style: HoursStyle,
    fmt: &Formats,
) -> Result<()> {
    match style {
        HoursStyle::Number => sheet.write_number(row, col, hours(minutes))?,
        HoursStyle::PaddedText => sheet.write_string(row, col, format!(" {} ", hours(minutes)))?,
        HoursStyle::ClockText => sheet.write_string(row, col, clock_text(minutes))?,
        HoursStyle::Duration => {
            sheet.write_number_with_format(row, col, f64::from(minutes) / 1440.0, &fmt.duration)?
        }
    };
    Ok(())
}

/// Where the month's long-layout export has its quirks.
struct ExportShape {
    /// File name, `timesheets-YYYY-MM.xlsx`.
    name: String,
    /// When the export was taken (the "Prepared by" line and the file's creation date).
    exported: NaiveDateTime,
    /// A `Total` row (and a blank row) before the first booking on or after this day.
    subtotal_from: NaiveDate,
    /// A blank row before the first booking on or after this day.
    blank_from: NaiveDate,
    /// The first day of the next month: its rows follow a gap.
    next_month: NaiveDate,
}

impl ExportShape {
    fn march() -> Self {
        ExportShape {
            name: "timesheets-2019-03.xlsx".to_owned(),
            exported: at(ymd(2019, 4, 2), 8, 12),
            subtotal_from: ymd(2019, 3, 11),
            blank_from: ymd(2019, 3, 18),
            next_month: ymd(2019, 4, 1),
        }
    }
}

/// Sheet `Export`: columns `Staff Member`, `Task`, `Budget Driver`, `Hrs`, `Work Date`.
fn export_sheet(
    bookings: &[&Booking],
    shape: &ExportShape,
    fmt: &Formats,
    rng: &mut Rng,
) -> Result<Worksheet> {
    let mut sheet = Worksheet::new();
    sheet.set_name("Export")?;
    sheet.write_string_with_format(0, 0, "SECAS time recording export", &fmt.title)?;
    sheet.write_string(
        1,
        0,
        format!(
            "Prepared by: Finance & Resourcing, exported {}",
            shape.exported.format("%d/%m/%Y %H:%M")
        ),
    )?;
    let header_row = 3;
    write_header(
        &mut sheet,
        header_row,
        &["Staff Member", "Task", "Budget Driver", "Hrs", "Work Date"],
        fmt,
    )?;
    for (col, width) in [22.0, 30.0, 38.0, 8.0, 12.0].into_iter().enumerate() {
        sheet.set_column_width(u16::try_from(col)?, width)?;
    }

    let mut row = header_row + 1;
    let mut running_minutes = 0;
    let mut subtotal_written = false;
    let mut blank_written = false;
    let mut next_month_gap_written = false;
    for booking in bookings {
        if !subtotal_written && booking.date >= shape.subtotal_from {
            // A weekly sub-total someone typed in the middle of the export.
            sheet.write_string_with_format(row, 0, "Total", &fmt.header)?;
            sheet.write_number_with_format(row, 3, hours(running_minutes), &fmt.header)?;
            row += 2; // and a blank row after it
            subtotal_written = true;
        }
        if !blank_written && booking.date >= shape.blank_from {
            row += 1;
            blank_written = true;
        }
        if !next_month_gap_written && booking.date >= shape.next_month {
            // Next month's first rows, pasted in after a gap.
            row += 1;
            next_month_gap_written = true;
        }
        write_export_row(&mut sheet, row, booking, fmt, rng)?;
        running_minutes += booking.minutes;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, "Grand Total", &fmt.header)?;
    sheet.write_number_with_format(row, 3, hours(running_minutes), &fmt.header)?;
    Ok(sheet)
}

fn write_export_row(
    sheet: &mut Worksheet,
    row: u32,
    booking: &Booking,
    fmt: &Formats,
    rng: &mut Rng,
) -> Result<()> {
    sheet.write_string(row, 0, STAFF[booking.staff].full_name())?;
    if !rng.percent(10) {
        sheet.write_string(row, 1, rng.pick_copy(booking.driver.tasks()))?;
    }
    sheet.write_string(row, 2, loose_driver(booking.driver, rng))?;
    write_hours(
        sheet,
        (row, 3),
        booking.minutes,
        HoursStyle::random(rng),
        fmt,
    )?;
    sheet.write_datetime_with_format(row, 4, excel_date(booking.date)?, &fmt.date)?;
    Ok(())
}

/// One of the ways a date is typed on the `Contractors` sheet, chosen by row so every form occurs.
fn write_contractor_date(
    sheet: &mut Worksheet,
    row: u32,
    date: NaiveDate,
    form: usize,
    fmt: &Formats,
) -> Result<()> {
    const TEXT_FORMS: [&str; 7] = [
        "%d/%m/%Y",
        "%-d/%-m/%y",
        "%d-%m-%Y",
        "%-d %b %Y",
        "%d-%b-%y",
        "%Y-%m-%d",
        "%Y%m%d",
    ];
    match TEXT_FORMS.get(form % 8) {
        Some(pattern) => sheet.write_string(row, 0, date.format(pattern).to_string())?,
        None => sheet.write_number_with_format(row, 0, excel_serial(date) as f64, &fmt.serial)?,
    };
    Ok(())
}

/// Hidden sheet `Contractors`: `Date`, `First Name`, `Last Name`, `Service Area`, `Hours Worked`.
fn contractors_sheet(bookings: &[&Booking], fmt: &Formats, rng: &mut Rng) -> Result<Worksheet> {
    let mut sheet = Worksheet::new();
    sheet.set_name("Contractors")?;
    write_header(
        &mut sheet,
        0,
        &[
            "Date",
            "First Name",
            "Last Name",
            "Service Area",
            "Hours Worked",
        ],
        fmt,
    )?;
    for (i, booking) in bookings.iter().enumerate() {
        let row = u32::try_from(i)? + 1;
        let who = &STAFF[booking.staff];
        write_contractor_date(&mut sheet, row, booking.date, i, fmt)?;
        sheet.write_string(row, 1, who.first)?;
        sheet.write_string(row, 2, who.last)?;
        sheet.write_string(row, 3, loose_driver(booking.driver, rng))?;
        let style = if rng.percent(10) {
            HoursStyle::PaddedText
        } else {
            HoursStyle::Number
        };
        write_hours(&mut sheet, (row, 4), booking.minutes, style, fmt)?;
    }
    sheet.set_hidden(true);
    Ok(sheet)
}

/// Sheet `Lists`: feeds the drop-downs, not data.
fn driver_lists_sheet(fmt: &Formats) -> Result<Worksheet> {
    let mut sheet = Worksheet::new();
    sheet.set_name("Lists")?;
    write_header(&mut sheet, 0, &["Drivers"], fmt)?;
    for (i, driver) in Driver::ALL.iter().enumerate() {
        sheet.write_string(u32::try_from(i)? + 1, 0, driver.name())?;
    }
    Ok(sheet)
}

fn write_long_timesheets(
    bookings: &[Booking],
    dir: &Path,
    written: &mut Vec<String>,
) -> Result<()> {
    write_long_layout(
        bookings,
        |who| who.layout,
        &ExportShape::march(),
        &mut Rng::seeded("long layout"),
        dir,
        written,
    )
}

/// The long-layout workbook: `Export`, the hidden `Contractors` and `Lists`. `layout` says where each
/// person's time goes that month; `bookings` holds every row the export shows, in row order.
fn write_long_layout(
    bookings: &[Booking],
    layout: impl Fn(&Staff) -> Layout,
    shape: &ExportShape,
    rng: &mut Rng,
    dir: &Path,
    written: &mut Vec<String>,
) -> Result<()> {
    let fmt = Formats::new();
    let of_layout = |wanted: Layout| -> Vec<&Booking> {
        bookings
            .iter()
            .filter(|b| layout(&STAFF[b.staff]) == wanted)
            .collect()
    };
    let mut workbook = Workbook::new();
    workbook.push_worksheet(export_sheet(&of_layout(Layout::Export), shape, &fmt, rng)?);
    workbook.push_worksheet(contractors_sheet(
        &of_layout(Layout::Contractor),
        &fmt,
        rng,
    )?);
    workbook.push_worksheet(driver_lists_sheet(&fmt)?);
    save_workbook(workbook, dir, &shape.name, shape.exported, written)
}

// ---------------------------------------------------------------------------------------------------
// Timesheets: weekly grid layout
// ---------------------------------------------------------------------------------------------------

fn week_mondays() -> Vec<NaiveDate> {
    (0..5)
        .map(|w| ymd(2019, 2, 25) + chrono::Days::new(7 * w))
        .collect()
}

/// The grid's day columns for a person's style.
fn grid_days(style: GridStyle, monday: NaiveDate) -> Vec<NaiveDate> {
    let count = if style == GridStyle::Weekend { 7 } else { 5 };
    (0..count).map(|i| monday + chrono::Days::new(i)).collect()
}

/// A person's week: the drivers they used (report order) and their minutes per day.
struct WeekGrid {
    days: Vec<NaiveDate>,
    rows: Vec<(Driver, Vec<Option<u32>>)>,
}

impl WeekGrid {
    fn new(days: Vec<NaiveDate>, bookings: &[&Booking]) -> Self {
        let in_week: Vec<&&Booking> = bookings.iter().filter(|b| days.contains(&b.date)).collect();
        let drivers: BTreeSet<Driver> = in_week.iter().map(|b| b.driver).collect();
        let rows = drivers
            .into_iter()
            .map(|driver| {
                let cells = days
                    .iter()
                    .map(|day| {
                        in_week
                            .iter()
                            .find(|b| b.driver == driver && b.date == *day)
                            .map(|b| b.minutes)
                    })
                    .collect();
                (driver, cells)
            })
            .collect();
        WeekGrid { days, rows }
    }
}

/// Writes the label/value pairs above the grid; returns the header row of the grid.
fn write_grid_preamble(
    sheet: &mut Worksheet,
    who: &Staff,
    monday: NaiveDate,
    fmt: &Formats,
) -> Result<u32> {
    let style = grid_style(who);
    let mut row = 0;
    if style == GridStyle::Titled {
        sheet.write_string_with_format(0, 0, "SECAS Weekly Timesheet", &fmt.title)?;
        row = 2;
    }
    sheet.write_string_with_format(row, 0, "Name:", &fmt.header)?;
    sheet.write_string(row, 1, who.full_name())?;
    if style == GridStyle::WcAsText {
        sheet.write_string_with_format(row + 1, 0, "W/C", &fmt.header)?;
        sheet.write_string(row + 1, 1, monday.format("%d/%m/%Y").to_string())?;
    } else {
        sheet.write_string_with_format(row + 1, 0, "Week commencing", &fmt.header)?;
        sheet.write_datetime_with_format(row + 1, 1, excel_date(monday)?, &fmt.date)?;
    }
    Ok(row + 3)
}

fn grid_style(who: &Staff) -> GridStyle {
    match who.layout {
        Layout::Grid(style) => style,
        _ => panic!("{} is not a weekly-grid person", who.full_name()),
    }
}

fn write_grid_headers(
    sheet: &mut Worksheet,
    row: u32,
    grid: &WeekGrid,
    style: GridStyle,
    fmt: &Formats,
) -> Result<()> {
    sheet.write_string_with_format(row, 0, "Driver", &fmt.header)?;
    for (i, day) in grid.days.iter().enumerate() {
        let col = u16::try_from(i)? + 1;
        if style == GridStyle::DateHeaders {
            sheet.write_datetime_with_format(row, col, excel_date(*day)?, &fmt.date)?;
        } else {
            sheet.write_string_with_format(row, col, day.format("%a").to_string(), &fmt.header)?;
        }
    }
    let total_col = u16::try_from(grid.days.len())? + 1;
    sheet.write_string_with_format(row, total_col, "Total", &fmt.header)?;
    Ok(())
}

/// One week's sheet. `Total` cells are `SUM` formulas whose cached results are what Excel computes:
/// numbers only, text such as `"7:30"` ignored.
fn grid_sheet(
    who: &Staff,
    monday: NaiveDate,
    bookings: &[&Booking],
    fmt: &Formats,
    rng: &mut Rng,
) -> Result<Worksheet> {
    let style = grid_style(who);
    let grid = WeekGrid::new(grid_days(style, monday), bookings);
    assert!(
        !grid.rows.is_empty(),
        "{} has an empty week",
        who.full_name()
    );
    let mut sheet = Worksheet::new();
    sheet.set_name(format!("WC {}", monday.format("%d-%m-%y")))?;
    sheet.set_column_width(0, 38)?;
    let header_row = write_grid_preamble(&mut sheet, who, monday, fmt)?;
    write_grid_headers(&mut sheet, header_row, &grid, style, fmt)?;

    let day_count = u16::try_from(grid.days.len())?;
    let total_col = day_count + 1;
    let first_data = header_row + 1;
    let mut column_sums = vec![0.0; usize::from(day_count) + 1];
    for (i, (driver, cells)) in grid.rows.iter().enumerate() {
        let row = first_data + u32::try_from(i)?;
        sheet.write_string(row, 0, loose_driver(*driver, rng))?;
        let mut row_sum = 0.0;
        for (j, cell) in cells.iter().enumerate() {
            let Some(minutes) = cell else { continue };
            let col = u16::try_from(j)? + 1;
            if rng.percent(6) {
                sheet.write_string(row, col, clock_text(*minutes))?;
            } else {
                sheet.write_number(row, col, hours(*minutes))?;
                row_sum += hours(*minutes);
                column_sums[j] += hours(*minutes);
            }
        }
        let formula = format!(
            "=SUM({}:{})",
            row_col_to_cell(row, 1),
            row_col_to_cell(row, day_count)
        );
        sheet.write_formula_with_format(
            row,
            total_col,
            Formula::new(formula).set_result(plain_number(row_sum)),
            &fmt.header,
        )?;
        column_sums[usize::from(day_count)] += row_sum;
    }

    let total_row = first_data + u32::try_from(grid.rows.len())?;
    sheet.write_string_with_format(total_row, 0, "Total", &fmt.header)?;
    for (j, sum) in column_sums.iter().enumerate() {
        let col = u16::try_from(j)? + 1;
        let formula = format!(
            "=SUM({}:{})",
            row_col_to_cell(first_data, col),
            row_col_to_cell(total_row.saturating_sub(1).max(first_data), col)
        );
        sheet.write_formula_with_format(
            total_row,
            col,
            Formula::new(formula).set_result(plain_number(*sum)),
            &fmt.header,
        )?;
    }
    Ok(sheet)
}

fn write_grid_timesheets(
    bookings: &[Booking],
    dir: &Path,
    written: &mut Vec<String>,
) -> Result<()> {
    write_grid_workbooks(
        bookings,
        |who| who.layout,
        &week_mondays(),
        ("", at(ymd(2019, 2, 22), 16, 40)),
        dir,
        written,
    )
}

/// One weekly-grid workbook per person whose `layout` is a grid that month, one sheet per week.
/// `bookings` holds the person's real time on every day the weeks show, in the month or not;
/// `(label, created)` is added to the random stream's label and is the files' creation date.
fn write_grid_workbooks(
    bookings: &[Booking],
    layout: impl Fn(&Staff) -> Layout,
    mondays: &[NaiveDate],
    (label, created): (&str, NaiveDateTime),
    dir: &Path,
    written: &mut Vec<String>,
) -> Result<()> {
    let fmt = Formats::new();
    for (staff, who) in STAFF.iter().enumerate() {
        let Layout::Grid(style) = layout(who) else {
            continue;
        };
        let mut rng = Rng::seeded(&format!("grid {}{label}", who.full_name()));
        let own: Vec<&Booking> = bookings.iter().filter(|b| b.staff == staff).collect();
        let mut workbook = Workbook::new();
        for (w, monday) in mondays.iter().enumerate() {
            let mut sheet = grid_sheet(who, *monday, &own, &fmt, &mut rng)?;
            let last_week = w + 1 == mondays.len();
            if style == GridStyle::HiddenWeeks {
                if last_week {
                    sheet.set_active(true);
                } else {
                    sheet.set_hidden(true);
                }
            }
            workbook.push_worksheet(sheet);
        }
        let name = format!(
            "timesheet-{}-{}.xlsx",
            who.first.to_lowercase(),
            who.last.to_lowercase()
        );
        save_workbook(workbook, dir, &name, created, written)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// Helpdesk records
// ---------------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Category {
    Applications,
    SubCommittees,
    Consultation,
    ContactInfo,
    GeneralQueries,
    PanelBoard,
    Modifications,
    UserCio,
    Signifiers,
    Training,
    Other,
}

use Category as C;

impl Category {
    const ALL: [Category; 11] = [
        C::Applications,
        C::SubCommittees,
        C::Consultation,
        C::ContactInfo,
        C::GeneralQueries,
        C::PanelBoard,
        C::Modifications,
        C::UserCio,
        C::Signifiers,
        C::Training,
        C::Other,
    ];

    fn name(self) -> &'static str {
        match self {
            C::Applications => "Applications",
            C::SubCommittees => "Sub-Committees",
            C::Consultation => "Consultation Correspondence",
            C::ContactInfo => "Contact Info",
            C::GeneralQueries => "General Queries",
            C::PanelBoard => "Panel & Board Correspondence",
            C::Modifications => "Modifications",
            C::UserCio => "User CIO Assessments",
            C::Signifiers => "Party/RDP Signifiers",
            C::Training => "Training Days/Seminars",
            C::Other => "Other",
        }
    }

    /// Exactly the aliases the report template holds.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            C::Applications => &["Application"],
            C::SubCommittees => &["Sub Committees", "Subcommittees"],
            C::Consultation => &["Consultation"],
            C::ContactInfo => &["Contact Information"],
            C::GeneralQueries => &["General", "General Query"],
            C::PanelBoard => &["Panel Correspondence"],
            C::Modifications => &["Modification", "Mods"],
            C::UserCio => &["CIO Assessments"],
            C::Signifiers => &["Signifiers"],
            C::Training => &["Training", "Seminars"],
            C::Other => &["Misc"],
        }
    }

    /// Subject templates: `{org}`, `{mod}`, `{title}`, `{amount}` are filled in.
    fn subjects(self) -> &'static [&'static str] {
        match self {
            C::Applications => &[
                "Application to accede – {org}",
                "Accession application query",
                "Application fee of £{amount}",
                "{org} – completed application form",
            ],
            C::SubCommittees => &[
                "SSC agenda item – {org}",
                "TABASC papers",
                "SMKI PMA: request for comments",
                "SSC post-meeting actions",
            ],
            C::Consultation => &[
                "Response to {mod} consultation",
                "{org} consultation response",
                "Consultation on {mod} ‘{title}’",
            ],
            C::ContactInfo => &[
                "Change of contacts – {org}",
                "Update to authorised contacts",
                "New SEC contact for {org}",
            ],
            C::GeneralQueries => &[
                "General query",
                "Query about the SEC’s charging methodology",
                "Question re: Section H",
                "Re: Re: your enquiry",
            ],
            C::PanelBoard => &[
                "Letter to the SEC Panel",
                "Panel papers – {org} comments",
                "SECCo Board: appointment query",
            ],
            C::Modifications => &[
                "{mod} ‘{title}’ – comments",
                "Draft modification proposal from {org}",
                "Impact assessment for {mod}",
                "Working Group attendance – {mod}",
            ],
            C::UserCio => &[
                "User CIO assessment booking – {org}",
                "CIO assessment report for {org}",
                "Follow-up assessment query",
            ],
            C::Signifiers => &["Party Signifier request – {org}", "RDP ID request"],
            C::Training => &[
                "SEC training day registration",
                "Seminar places for {org}",
                "Training day – 14 May",
            ],
            C::Other => &[
                "Invoice query; £{amount} charge",
                "Out of Office: {org}",
                "Website feedback",
                "Unsubscribe",
                "Re: \"SMETS1\" enrolment",
            ],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Channel {
    Email,
    Telephone,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mailbox {
    Helpdesk,
    Modifications,
    Applications,
    Security,
    /// Telephone enquiries often have no mailbox.
    None,
}

impl Mailbox {
    fn address(self) -> &'static str {
        match self {
            Mailbox::Helpdesk => "helpdesk@secas.co.uk",
            Mailbox::Modifications => "modifications@secas.co.uk",
            Mailbox::Applications => "applications@secas.co.uk",
            Mailbox::Security => "security@secas.co.uk",
            Mailbox::None => "",
        }
    }

    /// Whether the converter can take a blank category from this mailbox.
    fn implies_category(self) -> bool {
        matches!(self, Mailbox::Modifications | Mailbox::Applications)
    }
}

struct Enquiry {
    reference: String,
    received: NaiveDateTime,
    channel: Channel,
    category: Category,
    mailbox: Mailbox,
    subject: String,
}

const ORGANISATIONS: [&str; 8] = [
    "Bright Spark Energy",
    "Northern Gas Networks",
    "Green Meadow Power",
    "Utility Partners Ltd",
    "Western Grid plc",
    "Coastal Energy",
    "Pennine Supply Co",
    "Harbour Metering Ltd",
];

const MODIFICATIONS: [(&str, &str); 4] = [
    ("SECMP0069", "EU Exit Changes"),
    (
        "SECMP0046",
        "Allow DNOs to control Electric Vehicle chargers",
    ),
    ("SECMP0062", "Northbound Application Traffic Management"),
    ("SECMP0058", "Clarification of Section G"),
];

fn subject_for(category: Category, rng: &mut Rng) -> String {
    let (modification, title) = rng.pick_copy(&MODIFICATIONS);
    let amount = thousands(250 + 50 * rng.below(96));
    let organisation = rng.pick_copy(&ORGANISATIONS);
    rng.pick_copy(category.subjects())
        .replace("{org}", organisation)
        .replace("{mod}", modification)
        .replace("{title}", title)
        .replace("{amount}", &amount)
}

fn mailbox_for(channel: Channel, category: Category, rng: &mut Rng) -> Mailbox {
    if channel == Channel::Telephone {
        return if rng.percent(50) {
            Mailbox::None
        } else {
            Mailbox::Helpdesk
        };
    }
    match category {
        C::Applications if rng.percent(75) => Mailbox::Applications,
        C::Modifications if rng.percent(80) => Mailbox::Modifications,
        C::SubCommittees | C::UserCio if rng.percent(65) => Mailbox::Security,
        _ => Mailbox::Helpdesk,
    }
}

/// A time of arrival in the month: weekdays mostly, office hours for telephone calls.
fn arrival(year: i32, month: u32, channel: Channel, rng: &mut Rng) -> NaiveDateTime {
    let days: Vec<NaiveDate> =
        days_between(ymd(year, month, 1), last_day_of_month(year, month)).collect();
    let weights: Vec<u64> = days
        .iter()
        .map(|d| if is_weekend(*d) { 2 } else { 20 })
        .collect();
    let day = days[rng.weighted(&weights).expect("a month has days")];
    let (open, hours_open) = match channel {
        Channel::Email => (7 * 60, 12 * 60),
        Channel::Telephone => (9 * 60, 8 * 60),
    };
    let minute = open + rng.below(hours_open) as u32;
    at(day, minute / 60, minute % 60)
}

/// Email and telephone counts for one month of the log.
struct MonthCounts {
    year: i32,
    month: u32,
    emails: [u32; 11],
    phones: u32,
}

fn monthly_counts() -> Vec<MonthCounts> {
    let mut months = Vec::new();
    for m in 0..3 {
        months.push(MonthCounts {
            year: 2018,
            month: m as u32 + 1,
            emails: std::array::from_fn(|c| EARLY_2018_EMAILS[c][m]),
            phones: PHONES_PER_MONTH[m],
        });
    }
    for (i, (year, month)) in window_months().into_iter().enumerate() {
        months.push(MonthCounts {
            year,
            month,
            emails: std::array::from_fn(|c| TABLE5[c][i]),
            phones: PHONES_PER_MONTH[i + 3],
        });
    }
    months
}

fn phone_category(rng: &mut Rng) -> Category {
    const MIX: [(Category, u64); 6] = [
        (C::GeneralQueries, 40),
        (C::Applications, 15),
        (C::Modifications, 15),
        (C::ContactInfo, 10),
        (C::Training, 10),
        (C::Other, 10),
    ];
    let weights: Vec<u64> = MIX.iter().map(|(_, w)| *w).collect();
    MIX[rng.weighted(&weights).expect("non-zero weights")].0
}

fn new_enquiry(
    year: i32,
    month: u32,
    channel: Channel,
    category: Category,
    rng: &mut Rng,
) -> Enquiry {
    Enquiry {
        reference: String::new(),
        received: arrival(year, month, channel, rng),
        channel,
        category,
        mailbox: mailbox_for(channel, category, rng),
        subject: subject_for(category, rng),
    }
}

/// Every enquiry from Jan 2018 to Mar 2019, in arrival order, with references `HD-<year>-<nnnnn>`.
fn all_enquiries() -> Vec<Enquiry> {
    let mut rng = Rng::seeded("helpdesk");
    let mut enquiries = Vec::new();
    for counts in monthly_counts() {
        for (category, &n) in Category::ALL.iter().zip(counts.emails.iter()) {
            for _ in 0..n {
                enquiries.push(new_enquiry(
                    counts.year,
                    counts.month,
                    Channel::Email,
                    *category,
                    &mut rng,
                ));
            }
        }
        for _ in 0..counts.phones {
            let category = phone_category(&mut rng);
            enquiries.push(new_enquiry(
                counts.year,
                counts.month,
                Channel::Telephone,
                category,
                &mut rng,
            ));
        }
    }
    enquiries.sort_by_key(|e| (e.received, e.category, e.channel == Channel::Telephone));
    let mut sequence: BTreeMap<i32, u32> = BTreeMap::new();
    for enquiry in &mut enquiries {
        let year = enquiry.received.year();
        let n = sequence.entry(year).or_default();
        *n += 1;
        enquiry.reference = format!("HD-{year}-{n:05}");
    }
    enquiries
}

fn check_helpdesk(enquiries: &[Enquiry]) {
    let months = window_months();
    let mut emails = [[0u32; 12]; 11];
    let mut march_phones = 0;
    for e in enquiries {
        let key = (e.received.year(), e.received.month());
        if let Some(m) = months.iter().position(|k| *k == key) {
            if e.channel == Channel::Email {
                emails[e.category as usize][m] += 1;
            } else if m == 11 {
                march_phones += 1;
            }
        }
        if e.mailbox == Mailbox::Security {
            assert!(
                matches!(e.category, C::SubCommittees | C::UserCio),
                "{} in security@",
                e.reference
            );
        }
    }
    assert_eq!(emails, TABLE5, "email counts differ from Table 5");
    for m in 0..12 {
        let column: u32 = (0..11).map(|c| TABLE5[c][m]).sum();
        assert_eq!(
            column, TABLE5_TOTALS[m],
            "Table 5 column {m} does not add to its Total row"
        );
    }
    assert_eq!(TABLE5_TOTALS[11], MARCH_2019_EMAILS);
    assert_eq!(
        march_phones, MARCH_2019_PHONES,
        "March 2019 telephone enquiries"
    );
    let references: BTreeSet<&str> = enquiries.iter().map(|e| e.reference.as_str()).collect();
    assert_eq!(
        references.len(),
        enquiries.len(),
        "helpdesk references are not unique"
    );
}

/// Channel spellings seen in the log, the usual one repeated to make it the common one.
const EMAIL_SPELLINGS: [&str; 6] = ["Email", "Email", "Email", "Email", "E-mail", "email"];
const TELEPHONE_SPELLINGS: [&str; 4] = ["Telephone", "Telephone", "Phone", "Call"];

fn channel_label(channel: Channel, rng: &mut Rng) -> &'static str {
    match channel {
        Channel::Email => rng.pick_copy(&EMAIL_SPELLINGS),
        Channel::Telephone => rng.pick_copy(&TELEPHONE_SPELLINGS),
    }
}

/// The category as typed, or `None` for the ~2% left blank in mailboxes that imply one.
fn category_label(enquiry: &Enquiry, rng: &mut Rng) -> Option<String> {
    if enquiry.mailbox.implies_category() && rng.percent(2) {
        return None;
    }
    Some(loose_name(
        enquiry.category.name(),
        enquiry.category.aliases(),
        rng,
    ))
}

// ---------------------------------------------------------------------------------------------------
// Helpdesk: running log workbook and March CSV
// ---------------------------------------------------------------------------------------------------

fn write_log_row(
    sheet: &mut Worksheet,
    row: u32,
    enquiry: &Enquiry,
    fmt: &Formats,
    rng: &mut Rng,
) -> Result<()> {
    sheet.write_string(row, 0, &enquiry.reference)?;
    match rng.below(100) {
        0..=91 => sheet.write_datetime_with_format(
            row,
            1,
            excel_datetime(enquiry.received)?,
            &fmt.datetime,
        )?,
        92..=95 => sheet.write_string(row, 1, enquiry.received.format("%d/%m/%Y").to_string())?,
        _ => sheet.write_string(
            row,
            1,
            enquiry.received.format("%d/%m/%Y %H:%M").to_string(),
        )?,
    };
    sheet.write_string(row, 2, channel_label(enquiry.channel, rng))?;
    if enquiry.mailbox != Mailbox::None {
        sheet.write_string(row, 3, enquiry.mailbox.address())?;
    }
    if let Some(category) = category_label(enquiry, rng) {
        sheet.write_string(row, 4, category)?;
    }
    sheet.write_string(row, 5, &enquiry.subject)?;
    Ok(())
}

fn log_sheet(enquiries: &[&Enquiry], fmt: &Formats, rng: &mut Rng) -> Result<Worksheet> {
    let mut sheet = Worksheet::new();
    sheet.set_name("Log")?;
    sheet.write_string_with_format(0, 0, "SECAS Helpdesk log", &fmt.title)?;
    let header_row = 2;
    let headers = [
        "Reference",
        "Date Received",
        "Contact Method",
        "Mailbox",
        "Enquiry Type",
        "Subject",
    ];
    write_header(&mut sheet, header_row, &headers, fmt)?;
    for (col, width) in [15.0, 17.0, 15.0, 27.0, 30.0, 55.0].into_iter().enumerate() {
        sheet.set_column_width(u16::try_from(col)?, width)?;
    }
    let mut row = header_row + 1;
    for enquiry in enquiries {
        write_log_row(&mut sheet, row, enquiry, fmt, rng)?;
        row += 1;
    }
    let last_data = row - 1;
    sheet.autofilter(header_row, 0, last_data, 5)?;
    sheet.set_freeze_panes(header_row + 1, 0)?;
    sheet.write_string_with_format(row, 0, "Total", &fmt.header)?;
    let count = format!(
        "=COUNTA({}:{})",
        row_col_to_cell(header_row + 1, 0),
        row_col_to_cell(last_data, 0)
    );
    sheet.write_formula_with_format(
        row,
        5,
        Formula::new(count).set_result(enquiries.len().to_string()),
        &fmt.header,
    )?;
    Ok(sheet)
}

fn helpdesk_lists_sheet(fmt: &Formats) -> Result<Worksheet> {
    let mut sheet = Worksheet::new();
    sheet.set_name("Lists")?;
    write_header(
        &mut sheet,
        0,
        &["Enquiry Type", "Contact Method", "Mailbox"],
        fmt,
    )?;
    for (i, category) in Category::ALL.iter().enumerate() {
        sheet.write_string(u32::try_from(i)? + 1, 0, category.name())?;
    }
    for (i, channel) in ["Email", "Telephone"].iter().enumerate() {
        sheet.write_string(u32::try_from(i)? + 1, 1, *channel)?;
    }
    let mailboxes = [
        Mailbox::Helpdesk,
        Mailbox::Modifications,
        Mailbox::Applications,
        Mailbox::Security,
    ];
    for (i, mailbox) in mailboxes.iter().enumerate() {
        sheet.write_string(u32::try_from(i)? + 1, 2, mailbox.address())?;
    }
    Ok(sheet)
}

fn write_helpdesk_log(enquiries: &[Enquiry], dir: &Path, written: &mut Vec<String>) -> Result<()> {
    let mut rng = Rng::seeded("helpdesk log");
    let fmt = Formats::new();
    let before_march: Vec<&Enquiry> = enquiries
        .iter()
        .filter(|e| e.received.date() < ymd(2019, 3, 1))
        .collect();
    let mut workbook = Workbook::new();
    workbook.push_worksheet(log_sheet(&before_march, &fmt, &mut rng)?);
    workbook.push_worksheet(helpdesk_lists_sheet(&fmt)?);
    save_workbook(
        workbook,
        dir,
        "helpdesk-log.xlsx",
        at(ymd(2018, 1, 2), 9, 5),
        written,
    )
}

fn write_helpdesk_march_csv(
    enquiries: &[Enquiry],
    dir: &Path,
    written: &mut Vec<String>,
) -> Result<()> {
    write_helpdesk_month_csv(
        enquiries,
        (REPORT_YEAR, REPORT_MONTH),
        &mut Rng::seeded("helpdesk march csv"),
        dir,
        written,
    )
}

/// `helpdesk-YYYY-MM.csv`: one month's enquiries as the monthly file the team saves.
fn write_helpdesk_month_csv(
    enquiries: &[Enquiry],
    (year, month): (i32, u32),
    rng: &mut Rng,
    dir: &Path,
    written: &mut Vec<String>,
) -> Result<()> {
    let mut csv_writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    csv_writer.write_record(["Ref", "Received", "Type", "Inbox", "Category", "Subject"])?;
    for e in enquiries
        .iter()
        .filter(|e| (e.received.year(), e.received.month()) == (year, month))
    {
        let received = if rng.percent(85) {
            e.received.format("%d/%m/%Y %H:%M").to_string()
        } else {
            e.received.format("%d/%m/%Y").to_string()
        };
        let category = category_label(e, rng).unwrap_or_default();
        let channel = channel_label(e.channel, rng);
        csv_writer.write_record([
            e.reference.as_str(),
            &received,
            channel,
            e.mailbox.address(),
            &category,
            &e.subject,
        ])?;
    }
    let text = String::from_utf8(csv_writer.into_inner()?)?;
    assert!(
        text.contains('£') && text.contains('’'),
        "the monthly CSV must exercise Windows-1252"
    );
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(
        !unmappable,
        "a subject has a character Windows-1252 cannot hold"
    );
    let name = format!("helpdesk-{year}-{month:02}.csv");
    save_bytes(dir, &name, &bytes, written)
}

// ---------------------------------------------------------------------------------------------------
// Website analytics
// ---------------------------------------------------------------------------------------------------

/// One day's analytics figures.
#[derive(Clone, Copy)]
struct DailyVisits {
    date: NaiveDate,
    sessions: u64,
    pageviews: u64,
}

fn weekday_factor(date: NaiveDate) -> f64 {
    match date.weekday() {
        Weekday::Mon | Weekday::Thu => 1.15,
        Weekday::Tue | Weekday::Wed => 1.2,
        Weekday::Fri => 1.0,
        Weekday::Sat => 0.45,
        Weekday::Sun => 0.5,
    }
}

/// Splits `total` between days in proportion to `weights` (largest remainder), summing exactly.
fn split_exact(total: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().sum();
    let shares: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut parts: Vec<u64> = shares.iter().map(|s| s.floor() as u64).collect();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| {
        let (fa, fb) = (shares[a] - shares[a].floor(), shares[b] - shares[b].floor());
        fb.total_cmp(&fa).then(a.cmp(&b))
    });
    let short = total - parts.iter().sum::<u64>();
    for &i in order
        .iter()
        .take(usize::try_from(short).expect("small remainder"))
    {
        parts[i] += 1;
    }
    parts
}

/// Daily sessions and page views for one month. From 11 March page views jump (the Website
/// Enhancement project the paper mentions).
fn daily_month(
    year: i32,
    month: u32,
    sessions: u64,
    pageviews: u64,
    rng: &mut Rng,
) -> Vec<DailyVisits> {
    let days: Vec<NaiveDate> =
        days_between(ymd(year, month, 1), last_day_of_month(year, month)).collect();
    let session_weights: Vec<f64> = days
        .iter()
        .map(|d| weekday_factor(*d) * (0.85 + 0.3 * rng.unit()))
        .collect();
    let view_weights: Vec<f64> = days
        .iter()
        .zip(&session_weights)
        .map(|(d, w)| {
            let spike = if year == 2019 && month == 3 && d.day() >= 11 {
                2.6
            } else {
                1.0
            };
            w * spike * (0.9 + 0.2 * rng.unit())
        })
        .collect();
    let sessions = split_exact(sessions, &session_weights);
    let pageviews = split_exact(pageviews, &view_weights);
    days.into_iter()
        .zip(sessions.into_iter().zip(pageviews))
        .map(|(date, (sessions, pageviews))| DailyVisits {
            date,
            sessions,
            pageviews,
        })
        .collect()
}

struct WebStats {
    january: Vec<DailyVisits>,
    february: Vec<DailyVisits>,
    march: Vec<DailyVisits>,
}

impl WebStats {
    fn generate() -> Self {
        let mut rng = Rng::seeded("analytics");
        WebStats {
            january: daily_month(2019, 1, TABLE6_VISITS[9], TABLE6_PAGE_VIEWS[9], &mut rng),
            february: daily_month(2019, 2, TABLE6_VISITS[10], TABLE6_PAGE_VIEWS[10], &mut rng),
            march: daily_month(2019, 3, TABLE6_VISITS[11], TABLE6_PAGE_VIEWS[11], &mut rng),
        }
    }

    fn check(&self) {
        for (days, i) in [(&self.january, 9), (&self.february, 10), (&self.march, 11)] {
            let sessions: u64 = days.iter().map(|d| d.sessions).sum();
            let views: u64 = days.iter().map(|d| d.pageviews).sum();
            assert_eq!(
                sessions, TABLE6_VISITS[i],
                "daily sessions do not add to Table 6"
            );
            assert_eq!(
                views, TABLE6_PAGE_VIEWS[i],
                "daily page views do not add to Table 6"
            );
        }
    }
}

/// A number as Universal Analytics writes it in CSV: quoted with separators from 1,000.
fn ua_number(n: u64) -> String {
    if n >= 1000 {
        format!("\"{}\"", thousands(n))
    } else {
        n.to_string()
    }
}

const UA_RULE: &str = "# ----------------------------------------";

/// The export's opening comment block, with the date range of `days`.
fn ua_preamble(days: &[DailyVisits]) -> [String; 5] {
    let (first, last) = ua_range(days);
    [
        UA_RULE.to_owned(),
        "# All Web Site Data".to_owned(),
        "# Audience Overview".to_owned(),
        format!("# {}-{}", first.format("%Y%m%d"), last.format("%Y%m%d")),
        UA_RULE.to_owned(),
    ]
}

fn ua_range(days: &[DailyVisits]) -> (NaiveDate, NaiveDate) {
    match days {
        [first, .., last] => (first.date, last.date),
        _ => panic!("an analytics export covers a month"),
    }
}

/// The month's average session duration and bounce rate, as UA prints them.
struct UaOverview {
    duration: &'static str,
    bounce_rate: &'static str,
    /// When the xlsx export was saved.
    saved: NaiveDateTime,
}

impl UaOverview {
    fn march() -> Self {
        UaOverview {
            duration: "00:02:47",
            bounce_rate: "48.91%",
            saved: at(ymd(2019, 4, 1), 10, 3),
        }
    }
}

/// The Audience Overview summary table UA appends after the daily table.
fn ua_summary_rows(
    days: &[DailyVisits],
    overview: &UaOverview,
) -> ([&'static str; 8], [String; 8]) {
    let sessions: u64 = days.iter().map(|d| d.sessions).sum();
    let views: u64 = days.iter().map(|d| d.pageviews).sum();
    let users = sessions * 69 / 100;
    let headers = [
        "Users",
        "New Users",
        "Sessions",
        "Number of Sessions per User",
        "Pageviews",
        "Pages / Session",
        "Avg. Session Duration",
        "Bounce Rate",
    ];
    let values = [
        thousands(users),
        thousands(users * 87 / 100),
        thousands(sessions),
        format!("{:.2}", sessions as f64 / users as f64),
        thousands(views),
        format!("{:.2}", views as f64 / sessions as f64),
        overview.duration.to_owned(),
        overview.bounce_rate.to_owned(),
    ];
    (headers, values)
}

/// Values as a CSV line, those with a comma quoted (`"8,883"`), as UA writes them.
fn ua_csv_line(values: &[String]) -> String {
    let quoted: Vec<String> = values
        .iter()
        .map(|v| {
            if v.contains(',') {
                format!("\"{v}\"")
            } else {
                v.clone()
            }
        })
        .collect();
    quoted.join(",")
}

fn write_ua_sessions_csv(web: &WebStats, dir: &Path, written: &mut Vec<String>) -> Result<()> {
    write_ua_sessions(&web.march, &UaOverview::march(), dir, written)
}

/// `analytics-sessions-YYYY-MM.csv`: the daily sessions of one month as UA exports them.
fn write_ua_sessions(
    days: &[DailyVisits],
    overview: &UaOverview,
    dir: &Path,
    written: &mut Vec<String>,
) -> Result<()> {
    let mut lines: Vec<String> = ua_preamble(days).to_vec();
    lines.push(String::new());
    lines.push("Day Index,Sessions".to_owned());
    for day in days {
        lines.push(format!(
            "{},{}",
            day.date.format("%-m/%-d/%y"),
            ua_number(day.sessions)
        ));
    }
    let total: u64 = days.iter().map(|d| d.sessions).sum();
    lines.push(format!(",{}", ua_number(total)));
    lines.push(String::new());
    lines.push(UA_RULE.to_owned());
    lines.push("# Audience Overview summary".to_owned());
    lines.push(UA_RULE.to_owned());
    lines.push(String::new());
    let (headers, values) = ua_summary_rows(days, overview);
    lines.push(headers.join(","));
    lines.push(ua_csv_line(&values));
    let text = format!("\u{feff}{}\n", lines.join("\n"));
    let name = format!(
        "analytics-sessions-{}.csv",
        ua_range(days).0.format("%Y-%m")
    );
    save_bytes(dir, &name, text.as_bytes(), written)
}

fn write_ua_pageviews_xlsx(web: &WebStats, dir: &Path, written: &mut Vec<String>) -> Result<()> {
    write_ua_pageviews(&web.march, &UaOverview::march(), dir, written)
}

/// `analytics-pageviews-YYYY-MM.xlsx`: the daily page views of one month, the export saved as xlsx.
fn write_ua_pageviews(
    days: &[DailyVisits],
    overview: &UaOverview,
    dir: &Path,
    written: &mut Vec<String>,
) -> Result<()> {
    let fmt = Formats::new();
    let mut summary = Worksheet::new();
    summary.set_name("Summary")?;
    for (i, line) in ua_preamble(days).iter().enumerate() {
        summary.write_string(u32::try_from(i)?, 0, line)?;
    }

    let mut dataset = Worksheet::new();
    dataset.set_name("Dataset1")?;
    dataset.write_string(0, 0, "Day Index")?;
    dataset.write_string(0, 1, "Pageviews")?;
    for (i, day) in days.iter().enumerate() {
        let row = u32::try_from(i)? + 1;
        dataset.write_datetime_with_format(row, 0, excel_date(day.date)?, &fmt.date)?;
        dataset.write_number(row, 1, day.pageviews as f64)?;
    }
    let total: u64 = days.iter().map(|d| d.pageviews).sum();
    dataset.write_number(u32::try_from(days.len())? + 1, 1, total as f64)?;

    let mut summary_table = Worksheet::new();
    summary_table.set_name("Dataset2")?;
    let (headers, values) = ua_summary_rows(days, overview);
    for (col, (header, value)) in headers.iter().zip(values.iter()).enumerate() {
        let col = u16::try_from(col)?;
        summary_table.write_string(0, col, *header)?;
        match value.replace(',', "").parse::<f64>() {
            Ok(number) => summary_table.write_number(1, col, number)?,
            Err(_) => summary_table.write_string(1, col, value)?,
        };
    }

    let mut workbook = Workbook::new();
    workbook.push_worksheet(summary);
    workbook.push_worksheet(dataset);
    workbook.push_worksheet(summary_table);
    let name = format!(
        "analytics-pageviews-{}.xlsx",
        ua_range(days).0.format("%Y-%m")
    );
    save_workbook(workbook, dir, &name, overview.saved, written)
}

/// How one row of the hand-kept monthly table is typed.
enum MonthCell {
    Date,
    Text(&'static str),
}

fn write_monthly_statistics(dir: &Path, written: &mut Vec<String>) -> Result<()> {
    let fmt = Formats::new();
    let mut sheet = Worksheet::new();
    sheet.set_name("Monthly")?;
    sheet.write_string_with_format(
        0,
        0,
        "SEC Website statistics (Google Analytics)",
        &fmt.title,
    )?;
    write_header(&mut sheet, 2, &["Month", "Visits", "Page Views"], &fmt)?;
    sheet.set_column_width(0, 12)?;
    let months = window_months();
    // Apr–Dec 2018, then Mar 2019 (January and February are in the GA4 export only).
    let rows: [(usize, MonthCell); 10] = [
        (0, MonthCell::Date),
        (1, MonthCell::Date),
        (2, MonthCell::Text("Jun 2018")),
        (3, MonthCell::Text("2018-07")),
        (4, MonthCell::Date),
        (5, MonthCell::Date),
        (6, MonthCell::Text("Oct 2018")),
        (7, MonthCell::Date),
        (8, MonthCell::Date),
        (11, MonthCell::Date),
    ];
    for (i, (m, month_cell)) in rows.iter().enumerate() {
        let row = u32::try_from(i)? + 3;
        let (year, month) = months[*m];
        match month_cell {
            MonthCell::Date => sheet.write_datetime_with_format(
                row,
                0,
                excel_date(ymd(year, month, 1))?,
                &fmt.month,
            )?,
            MonthCell::Text(text) => sheet.write_string(row, 0, *text)?,
        };
        let (visits, views) = (TABLE6_VISITS[*m], TABLE6_PAGE_VIEWS[*m]);
        // Two figures were pasted in as text.
        if *m == 0 {
            sheet.write_string(row, 1, thousands(visits))?;
        } else {
            sheet.write_number(row, 1, visits as f64)?;
        }
        if *m == 4 {
            sheet.write_string(row, 2, thousands(views))?;
        } else {
            sheet.write_number(row, 2, views as f64)?;
        }
    }
    let mut workbook = Workbook::new();
    workbook.push_worksheet(sheet);
    save_workbook(
        workbook,
        dir,
        "website-statistics.xlsx",
        at(ymd(2018, 5, 3), 11, 20),
        written,
    )
}

fn write_ga4_csv(web: &WebStats, dir: &Path, written: &mut Vec<String>) -> Result<()> {
    let mut text = String::from("Date,Sessions,Views\n");
    for day in web.january.iter().chain(&web.february) {
        text.push_str(&format!(
            "{},{},{}\n",
            day.date.format("%Y%m%d"),
            day.sessions,
            day.pageviews
        ));
    }
    save_bytes(dir, "ga4-2019-01-02.csv", text.as_bytes(), written)
}

// ---------------------------------------------------------------------------------------------------
// Membership register: targets from the paper (section 1, Tables 1–3, Figure 1)
// ---------------------------------------------------------------------------------------------------

/// Table 3 as published, Mar 2018 … Mar 2019 (thirteen months).
const TABLE3_ACCESSIONS: [u32; 13] = [3, 0, 15, 2, 6, 1, 0, 2, 2, 3, 3, 10, 3];
const TABLE3_IN_DEFAULT: [u32; 13] = [0, 0, 1, 1, 1, 2, 3, 4, 4, 5, 4, 6, 5];
const TABLE3_WITHDRAWALS: [u32; 13] = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
const TABLE3_EXPULSIONS: [u32; 13] = [1, 0, 0, 0, 0, 0, 1, 0, 1, 3, 1, 1, 1];

/// "At the end of the reporting month, there were 325 Parties to the SEC representing 255 Voting
/// Groups, including the DCC."
const PARTIES_AT_END: usize = 325;
const VOTING_GROUPS_AT_END: usize = 255;

/// Figure 1 is a chart in the paper, so this split of the 255 voting groups is ours: Large Supplier,
/// Small Supplier, Electricity Network, Gas Network, Other SEC Parties, DCC (template order).
const FIGURE1_VOTING_GROUPS: [usize; 6] = [9, 98, 13, 7, 127, 1];

/// Section 1.2: five Parties in default, no new Events of Default in March (so two were resolved:
/// six parties were in default at the end of February).
const MARCH_NEW_DEFAULTS: usize = 0;
const MARCH_RESOLVED_DEFAULTS: usize = 2;

/// Section 1.5: two SREPT completions, one UEPT completion.
const MARCH_SREPT: usize = 2;
const MARCH_UEPT: usize = 1;

/// Table 3's footnotes 1–6, by month of the thirteen (0 = Mar 2018).
const TABLE3_FOOTNOTES: [(usize, &str); 6] = [
    (
        6,
        "Iresa Limited was expelled from the Code following revocation of its Electricity and Gas \
         Supply Licences.",
    ),
    (
        8,
        "Gen4U was expelled from the Code following the revocation of its Licences by Ofgem, having \
         gone into administration.",
    ),
    (
        9,
        "Usio, Extra Energy and One Select were expelled from the Code following revocation of their \
         Licences by Ofgem, having entered insolvency.",
    ),
    (
        10,
        "Economy Energy was expelled from the Code following revocation of their Licence by Ofgem, \
         having ceased trading.",
    ),
    (
        11,
        "Our Power was expelled from the Code following revocation of their Licence by Ofgem, having \
         ceased trading.",
    ),
    (
        12,
        "Brilliant Energy was expelled from the Code following revocation of their Licence by Ofgem, \
         having ceased trading.",
    ),
];

/// Table 1: Organisation, Party Category, exactly as printed.
const TABLE1: [(&str, &str); 3] = [
    ("Intelesant Limited", "Other SEC Party"),
    ("Smart Test Labs GB Ltd", "Other SEC Party"),
    ("Green Energy Supply Limited", "Small Supplier Parties"),
];

/// A calendar date written as a constant.
type Ymd = (i32, u32, u32);

/// One row of Table 2, as printed.
struct Table2Row {
    party: &'static str,
    category: &'static str,
    roles: &'static str,
    date: Ymd,
    uep_type: &'static str,
}

/// Table 2: SEC Party, Party Category, DCC User role(s), date of UEP completion, UEP type.
const TABLE2: [Table2Row; 3] = [
    Table2Row {
        party: "Smart Pear Limited",
        category: "Other SEC Parties",
        roles: "Other User",
        date: (2019, 3, 18),
        uep_type: "Full UEP",
    },
    Table2Row {
        party: "Corona Energy Retail 4",
        category: "Small Suppliers",
        roles: "Export Supplier, Import Supplier",
        date: (2019, 3, 25),
        uep_type: "Full UEP",
    },
    Table2Row {
        party: "Zebra Power Limited",
        category: "Small Suppliers",
        roles: "Import Supplier, Gas Supplier",
        date: (2019, 3, 26),
        uep_type: "Full UEP",
    },
];

/// The thirteen months of Table 3, Mar 2018 … Mar 2019, as (year, month).
fn register_months() -> Vec<(i32, u32)> {
    (0..13)
        .map(|i| {
            let m = 3 + i;
            if m > 12 { (2019, m - 12) } else { (2018, m) }
        })
        .collect()
}

fn register_month_index(date: NaiveDate) -> Option<usize> {
    register_months()
        .iter()
        .position(|&(y, m)| date.year() == y && date.month() == m)
}

fn report_month_end() -> NaiveDate {
    last_day_of_month(REPORT_YEAR, REPORT_MONTH)
}

// ---------------------------------------------------------------------------------------------------
// Membership register: vocabulary (exactly the template's names and aliases)
// ---------------------------------------------------------------------------------------------------

/// Case and runs of spaces folded away, as the converter compares names inside cells.
fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn matches_any(text: &str, spellings: &[&str]) -> bool {
    spellings.iter().any(|s| fold(s) == fold(text))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum PartyCategory {
    Large,
    Small,
    ElectricityNetwork,
    GasNetwork,
    Other,
    Dcc,
}

use PartyCategory as PC;

impl PartyCategory {
    /// Figure 1 order, as the template lists them.
    const ALL: [PartyCategory; 6] = [
        PC::Large,
        PC::Small,
        PC::ElectricityNetwork,
        PC::GasNetwork,
        PC::Other,
        PC::Dcc,
    ];

    fn name(self) -> &'static str {
        match self {
            PC::Large => "Large Supplier Parties",
            PC::Small => "Small Supplier Parties",
            PC::ElectricityNetwork => "Electricity Network Parties",
            PC::GasNetwork => "Gas Network Parties",
            PC::Other => "Other SEC Parties",
            PC::Dcc => "DCC",
        }
    }

    /// Exactly the aliases the report template holds.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            PC::Large => &["Large Supplier", "Large Suppliers", "Large Supplier Party"],
            PC::Small => &["Small Supplier", "Small Suppliers", "Small Supplier Party"],
            PC::ElectricityNetwork => &[
                "Electricity Network Party",
                "Electricity Network",
                "Electricity Networks",
            ],
            PC::GasNetwork => &["Gas Network Party", "Gas Network", "Gas Networks"],
            PC::Other => &["Other SEC Party", "Other Party", "Other Parties", "Other"],
            PC::Dcc => &["Data Communications Company", "The DCC"],
        }
    }

    fn from_text(text: &str) -> Option<Self> {
        PC::ALL
            .into_iter()
            .find(|c| fold(c.name()) == fold(text) || matches_any(text, c.aliases()))
    }

    /// The DCC User roles a party of this category takes on.
    fn roles(self) -> &'static [UserRole] {
        match self {
            PC::Large | PC::Small => &[
                UserRole::ImportSupplier,
                UserRole::ExportSupplier,
                UserRole::GasSupplier,
            ],
            PC::ElectricityNetwork => &[UserRole::ElectricityDistributor],
            PC::GasNetwork => &[UserRole::GasTransporter],
            PC::Other | PC::Dcc => &[UserRole::OtherUser, UserRole::RegisteredSupplierAgent],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum UserRole {
    ImportSupplier,
    ExportSupplier,
    GasSupplier,
    ElectricityDistributor,
    GasTransporter,
    OtherUser,
    RegisteredSupplierAgent,
}

impl UserRole {
    const ALL: [UserRole; 7] = [
        UserRole::ImportSupplier,
        UserRole::ExportSupplier,
        UserRole::GasSupplier,
        UserRole::ElectricityDistributor,
        UserRole::GasTransporter,
        UserRole::OtherUser,
        UserRole::RegisteredSupplierAgent,
    ];

    fn name(self) -> &'static str {
        match self {
            UserRole::ImportSupplier => "Import Supplier",
            UserRole::ExportSupplier => "Export Supplier",
            UserRole::GasSupplier => "Gas Supplier",
            UserRole::ElectricityDistributor => "Electricity Distributor",
            UserRole::GasTransporter => "Gas Transporter",
            UserRole::OtherUser => "Other User",
            UserRole::RegisteredSupplierAgent => "Registered Supplier Agent",
        }
    }

    /// Exactly the aliases the report template holds.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            UserRole::ImportSupplier => &["Electricity Import Supplier"],
            UserRole::ExportSupplier => &["Electricity Export Supplier"],
            UserRole::ElectricityDistributor => &["Distribution Network Operator", "DNO"],
            UserRole::RegisteredSupplierAgent => &["RSA"],
            UserRole::GasSupplier | UserRole::GasTransporter | UserRole::OtherUser => &[],
        }
    }

    fn from_text(text: &str) -> Option<Self> {
        UserRole::ALL
            .into_iter()
            .find(|r| fold(r.name()) == fold(text) || matches_any(text, r.aliases()))
    }

    /// The way the team types a role: mostly its name, now and then an alias.
    fn loosely(self, rng: &mut Rng) -> &'static str {
        match self.aliases() {
            aliases if !aliases.is_empty() && rng.percent(25) => rng.pick_copy(aliases),
            _ => self.name(),
        }
    }
}

/// A roles cell: several roles separated by commas, or now and then a line break.
fn roles_from_text(text: &str) -> Option<Vec<UserRole>> {
    text.split([',', '\n'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(UserRole::from_text)
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ExitKind {
    Withdrawal,
    Expulsion,
}

impl ExitKind {
    /// The template's `[exit_types]`.
    fn spellings(self) -> &'static [&'static str] {
        match self {
            ExitKind::Withdrawal => &["Withdrawal", "Withdrawn", "Withdrew"],
            ExitKind::Expulsion => &["Expulsion", "Expelled"],
        }
    }

    fn from_text(text: &str) -> Option<Self> {
        [ExitKind::Withdrawal, ExitKind::Expulsion]
            .into_iter()
            .find(|k| matches_any(text, k.spellings()))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TestKind {
    Srept,
    Uept,
}

impl TestKind {
    /// The template's `[test_types]`.
    fn spellings(self) -> &'static [&'static str] {
        match self {
            TestKind::Srept => &[
                "SREPT",
                "SMKI and Repository Entry Process Testing",
                "SMKI and Repository Testing",
            ],
            TestKind::Uept => &["UEPT", "User Entry Process Testing"],
        }
    }

    fn from_text(text: &str) -> Option<Self> {
        [TestKind::Srept, TestKind::Uept]
            .into_iter()
            .find(|k| matches_any(text, k.spellings()))
    }
}

/// How a date is typed in the register: a real date cell, or text in one of the UK forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DateStyle {
    Cell,
    Text(&'static str),
}

const UK_TEXT_DATES: [&str; 4] = ["%d/%m/%Y", "%-d/%-m/%y", "%-d %b %Y", "%d-%b-%y"];

impl DateStyle {
    fn random(text_percent: u64, rng: &mut Rng) -> Self {
        if rng.percent(text_percent) {
            DateStyle::Text(rng.pick_copy(&UK_TEXT_DATES))
        } else {
            DateStyle::Cell
        }
    }
}

fn write_date(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    date: NaiveDate,
    style: DateStyle,
    fmt: &Formats,
) -> Result<()> {
    match style {
        DateStyle::Cell => {
            sheet.write_datetime_with_format(row, col, excel_date(date)?, &fmt.date)?
        }
        DateStyle::Text(pattern) => {
            sheet.write_string(row, col, date.format(pattern).to_string())?
        }
    };
    Ok(())
}

/// A party category as typed: canonical, an alias, odd case, stray spaces.
fn loose_category(category: PartyCategory, rng: &mut Rng) -> String {
    loose_name(category.name(), category.aliases(), rng)
}

fn random_weekday(first: NaiveDate, last: NaiveDate, rng: &mut Rng) -> NaiveDate {
    let span = u64::try_from((last - first).num_days() + 1).expect("first <= last");
    loop {
        let day = first + chrono::Days::new(rng.below(span));
        if !is_weekend(day) {
            return day;
        }
    }
}

fn shuffle<T>(items: &mut [T], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        let j = rng.below_usize(i + 1);
        items.swap(i, j);
    }
}

/// The SECCo Board meets on the third Friday of the month (15 March 2019).
fn board_date(year: i32, month: u32) -> NaiveDate {
    let first = ymd(year, month, 1);
    let to_friday = (7 + 4 - first.weekday().num_days_from_monday()) % 7;
    first + chrono::Days::new(u64::from(to_friday) + 14)
}

/// The last Board meeting strictly before `date`: the one that admitted a party acceding on `date`.
fn board_before(date: NaiveDate) -> NaiveDate {
    let this_month = board_date(date.year(), date.month());
    if this_month < date {
        this_month
    } else {
        let previous = ymd(date.year(), date.month(), 1)
            .pred_opt()
            .expect("date after 0001-01-01");
        board_date(previous.year(), previous.month())
    }
}

// ---------------------------------------------------------------------------------------------------
// Membership register: records
// ---------------------------------------------------------------------------------------------------

#[derive(PartialEq)]
struct PartyExit {
    date: NaiveDate,
    style: DateStyle,
    kind: ExitKind,
    /// As typed in the Exit Type column.
    kind_text: &'static str,
    /// As typed; empty is a blank cell.
    reason: &'static str,
}

#[derive(PartialEq)]
struct Party {
    name: String,
    category: PartyCategory,
    category_text: String,
    /// As typed; `None` is a blank cell (the party is its own group).
    voting_group: Option<String>,
    accession: NaiveDate,
    accession_style: DateStyle,
    exit: Option<PartyExit>,
    comment: Option<String>,
}

impl Party {
    fn group_key(&self) -> String {
        fold(self.voting_group.as_deref().unwrap_or(&self.name))
    }

    fn exited_by(&self, day: NaiveDate) -> bool {
        self.exit.as_ref().is_some_and(|e| e.date <= day)
    }

    fn active_at(&self, day: NaiveDate) -> bool {
        self.accession <= day && !self.exited_by(day)
    }
}

#[derive(PartialEq)]
struct DefaultEvent {
    /// As typed (case and spacing may differ from the register).
    party: &'static str,
    start: NaiveDate,
    start_style: DateStyle,
    resolved: Option<NaiveDate>,
    resolved_style: DateStyle,
    comment: &'static str,
}

#[derive(PartialEq)]
struct Applicant {
    organisation: String,
    category: PartyCategory,
    category_text: String,
    board: NaiveDate,
    board_style: DateStyle,
    status: &'static str,
}

#[derive(PartialEq)]
struct UepCompletion {
    party: String,
    category: PartyCategory,
    category_text: String,
    roles: Vec<UserRole>,
    roles_text: String,
    date: NaiveDate,
    date_style: DateStyle,
    uep_type: &'static str,
}

#[derive(PartialEq)]
struct TestCompletion {
    party: String,
    kind: TestKind,
    kind_text: &'static str,
    date: NaiveDate,
    date_style: DateStyle,
    role: Option<UserRole>,
    role_text: Option<&'static str>,
}

struct Register {
    /// In row order: the order Party Support appends them (by accession date).
    parties: Vec<Party>,
    defaults: Vec<DefaultEvent>,
    applicants: Vec<Applicant>,
    uep: Vec<UepCompletion>,
    tests: Vec<TestCompletion>,
}

// ---------------------------------------------------------------------------------------------------
// Membership register: building the records
// ---------------------------------------------------------------------------------------------------

/// Invented place names (`Ashby`, `Kelworth` …) for the invented parties, drawn without replacement.
const PLACE_STEMS: [&str; 24] = [
    "Ash", "Brad", "Cal", "Dun", "Eld", "Fen", "Gal", "Hart", "Ing", "Kel", "Lang", "Mar", "Nor",
    "Ock", "Pem", "Ral", "Sel", "Thorn", "Ux", "Wal", "Yar", "Bel", "Crom", "Dar",
];
const PLACE_ENDINGS: [&str; 12] = [
    "by", "ford", "ham", "ley", "mere", "ton", "wick", "worth", "stead", "combe", "dale", "field",
];

struct Places(Vec<String>);

impl Places {
    fn new(rng: &mut Rng) -> Self {
        let mut all: Vec<String> = PLACE_STEMS
            .iter()
            .flat_map(|stem| PLACE_ENDINGS.iter().map(move |end| format!("{stem}{end}")))
            .collect();
        shuffle(&mut all, rng);
        Places(all)
    }

    fn next(&mut self) -> String {
        self.0.pop().expect("enough invented place names")
    }
}

/// Voting groups with more than one party, by size (active parties at the end of March 2019).
const LARGE_SUPPLIER_GROUPS: [usize; 9] = [5, 4, 3, 3, 3, 2, 2, 2, 1];
const ELECTRICITY_NETWORK_GROUPS: [usize; 13] = [4, 4, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1, 1];
const GAS_NETWORK_GROUPS: [usize; 7] = [4, 3, 2, 2, 1, 1, 1];
const SMALL_SUPPLIER_SHARED_GROUPS: [usize; 16] = [3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2];
/// Plus the Vantbridge group (two active parties and the one that withdrew in August 2018).
const OTHER_SHARED_GROUPS: [usize; 12] = [4, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2];
/// Parties that are their own voting group, fixed names included.
const SMALL_SUPPLIER_SINGLES: usize = 82;
const OTHER_SINGLES: usize = 114;

const LARGE_MEMBER_SUFFIXES: [&str; 5] = [
    "Energy Supply Ltd",
    "Electricity Ltd",
    "Gas Ltd",
    "Business Energy Ltd",
    "Home Energy Ltd",
];
const NETWORK_AREAS: [&str; 4] = ["North", "South", "East", "West"];
const SMALL_MEMBER_SUFFIXES: [&str; 3] = ["Energy Ltd", "Business Energy Ltd", "Gas Ltd"];
const OTHER_MEMBER_SUFFIXES: [&str; 4] = [
    "Metering Services Ltd",
    "Data Services Ltd",
    "Meter Assets Ltd",
    "Smart Solutions Ltd",
];
const SMALL_SINGLE_SUFFIXES: [&str; 8] = [
    "Energy Ltd",
    "Power Ltd",
    "Energy Supply Ltd",
    "Gas & Power Ltd",
    "Utilities Ltd",
    "Electric Ltd",
    "Energy Limited",
    "Power Limited",
];
const OTHER_SINGLE_SUFFIXES: [&str; 12] = [
    "Metering Services Ltd",
    "Smart Solutions Ltd",
    "Data Services Ltd",
    "Technologies Ltd",
    "Meter Assets Ltd",
    "Energy Services Ltd",
    "Consulting Ltd",
    "Systems Ltd",
    "Housing Association",
    "Analytics Ltd",
    "Installations Ltd",
    "Telecoms Ltd",
];

/// Active parties the sample needs by name: (name, category, accession date if fixed). The Events of
/// Default parties are invented; Table 2's parties accede inside Table 3's window.
const NAMED_PARTIES: [(&str, PartyCategory, Option<Ymd>); 13] = [
    ("Smart Pear Limited", PC::Other, Some((2018, 10, 8))),
    ("Zebra Power Limited", PC::Small, Some((2018, 12, 10))),
    ("Corona Energy Retail 4", PC::Small, Some((2019, 1, 21))),
    ("Tarnwick Power Ltd", PC::Small, None),
    ("Lumenbury Energy Supply Ltd", PC::Small, None),
    ("Westerleigh Gas & Power Ltd", PC::Small, None),
    ("Northolme Utilities Ltd", PC::Small, None),
    ("Amberwell Metering Services Ltd", PC::Other, None),
    ("Pennock Power Ltd", PC::Small, None),
    ("Coralby Energy Ltd", PC::Small, None),
    ("Kestrelmoor Energy Ltd", PC::Small, None),
    ("Foxhollow Energy Ltd", PC::Small, Some((2016, 3, 7))),
    ("Harbrough Power Ltd", PC::Small, Some((2017, 10, 2))),
];

/// A party that has left, with its Exit Type and Exit Reason as typed (an empty reason is a blank
/// cell).
struct ExitedParty {
    name: &'static str,
    category: PartyCategory,
    accession: Ymd,
    exit: Ymd,
    /// How the exit date is typed.
    style: DateStyle,
    kind: ExitKind,
    kind_text: &'static str,
    reason: &'static str,
}

/// Register order among the December 2018 three is Usio, Extra Energy, One Select (their accession
/// dates keep it), and Extra Energy's reason is typed differently (capital, double space).
const EXITED_PARTIES: [ExitedParty; 14] = [
    ExitedParty {
        name: "Sunmere Meter Data Ltd",
        category: PC::Other,
        accession: (2014, 6, 2),
        exit: (2016, 5, 20),
        style: DateStyle::Cell,
        kind: ExitKind::Withdrawal,
        kind_text: "Withdrawal",
        reason: "no longer requires DCC services",
    },
    ExitedParty {
        name: "Bramblewick Energy Ltd",
        category: PC::Small,
        accession: (2015, 1, 12),
        exit: (2017, 8, 18),
        style: DateStyle::Text("%d/%m/%Y"),
        kind: ExitKind::Expulsion,
        kind_text: "Expelled",
        reason: "revocation of its Electricity Supply Licence",
    },
    ExitedParty {
        name: "Tidemoor Gas Ltd",
        category: PC::Small,
        accession: (2015, 8, 3),
        exit: (2017, 11, 30),
        style: DateStyle::Cell,
        kind: ExitKind::Withdrawal,
        kind_text: "Withdrew",
        reason: "",
    },
    ExitedParty {
        name: "Oakenby Power Ltd",
        category: PC::Small,
        accession: (2016, 11, 14),
        exit: (2018, 2, 16),
        style: DateStyle::Cell,
        kind: ExitKind::Expulsion,
        kind_text: "Expulsion",
        reason: "failure to pay SEC Charges",
    },
    ExitedParty {
        name: "Kinmoor Power Supply Ltd",
        category: PC::Small,
        accession: (2016, 7, 4),
        exit: (2018, 3, 16),
        style: DateStyle::Cell,
        kind: ExitKind::Expulsion,
        kind_text: "Expulsion",
        reason: "",
    },
    ExitedParty {
        name: "Vantbridge Smart Services Ltd",
        category: PC::Other,
        accession: (2015, 4, 13),
        exit: (2018, 8, 17),
        style: DateStyle::Text("%-d %b %Y"),
        kind: ExitKind::Withdrawal,
        kind_text: "Withdrawn",
        reason: "ceased to require DCC services after a group restructure",
    },
    ExitedParty {
        name: "Iresa Limited",
        category: PC::Small,
        accession: (2016, 2, 8),
        exit: (2018, 9, 21),
        style: DateStyle::Text("%d/%m/%Y"),
        kind: ExitKind::Expulsion,
        kind_text: "Expelled",
        reason: "revocation of its Electricity and Gas Supply Licences",
    },
    ExitedParty {
        name: "Gen4U",
        category: PC::Small,
        accession: (2017, 5, 15),
        exit: (2018, 11, 16),
        style: DateStyle::Cell,
        kind: ExitKind::Expulsion,
        kind_text: "Expulsion",
        reason: "the revocation of its Licences by Ofgem, having gone into administration",
    },
    ExitedParty {
        name: "Usio",
        category: PC::Small,
        accession: (2016, 6, 13),
        exit: (2018, 12, 14),
        style: DateStyle::Cell,
        kind: ExitKind::Expulsion,
        kind_text: "Expulsion",
        reason: "revocation of their Licences by Ofgem, having entered insolvency",
    },
    ExitedParty {
        name: "Extra Energy",
        category: PC::Small,
        accession: (2016, 9, 5),
        exit: (2018, 12, 14),
        style: DateStyle::Text("%d-%b-%y"),
        kind: ExitKind::Expulsion,
        kind_text: "expelled",
        reason: "Revocation of their  Licences by Ofgem, having entered insolvency",
    },
    ExitedParty {
        name: "One Select",
        category: PC::Small,
        accession: (2017, 3, 20),
        exit: (2018, 12, 14),
        style: DateStyle::Cell,
        kind: ExitKind::Expulsion,
        kind_text: "Expulsion ",
        reason: "revocation of their Licences by Ofgem, having entered insolvency",
    },
    ExitedParty {
        name: "Economy Energy",
        category: PC::Small,
        accession: (2015, 11, 2),
        exit: (2019, 1, 28),
        style: DateStyle::Cell,
        kind: ExitKind::Expulsion,
        kind_text: "Expelled",
        reason: "revocation of their Licence by Ofgem, having ceased trading",
    },
    ExitedParty {
        name: "Our Power",
        category: PC::Small,
        accession: (2015, 10, 5),
        exit: (2019, 2, 21),
        style: DateStyle::Text("%-d/%-m/%y"),
        kind: ExitKind::Expulsion,
        kind_text: "Expulsion",
        reason: "revocation of their Licence by Ofgem, having ceased trading",
    },
    ExitedParty {
        name: "Brilliant Energy",
        category: PC::Small,
        accession: (2017, 1, 16),
        exit: (2019, 3, 15),
        style: DateStyle::Cell,
        kind: ExitKind::Expulsion,
        kind_text: "EXPELLED",
        reason: "revocation of their Licence by Ofgem, having ceased trading",
    },
];

const VANTBRIDGE_GROUP: &str = "Vantbridge Group Holdings Ltd";

/// The DCC's accession under its licence.
const DCC_ACCESSION: Ymd = (2013, 9, 23);

/// Events of Default as logged: party as typed (case and spacing vary), date of default, date resolved,
/// comment. Parties in default at each month end, Mar 2018 … Mar 2019: 0 0 1 1 1 2 3 4 4 5 4 6 5.
/// Northolme has two events from 25 February: the first is resolved on 12 March, the second is still
/// open, so March resolves two events (Northolme's first, Amberwell's) yet five parties stay in
/// default. Expelled parties' events are closed on their exit date.
const DEFAULT_EVENTS: [(&str, Ymd, Option<Ymd>, &str); 15] = [
    (
        "Foxhollow Energy Ltd",
        (2017, 6, 12),
        Some((2017, 9, 4)),
        "Charges unpaid",
    ),
    (
        "Harbrough Power Ltd",
        (2018, 2, 5),
        Some((2018, 3, 15)),
        "Charges unpaid",
    ),
    (
        "Tarnwick Power Ltd",
        (2018, 5, 14),
        Some((2018, 11, 22)),
        "Charges unpaid",
    ),
    (
        "foxhollow energy ltd",
        (2018, 7, 2),
        Some((2018, 7, 25)),
        "Credit Support not provided",
    ),
    (
        "Lumenbury Energy Supply Ltd",
        (2018, 8, 9),
        None,
        "Charges unpaid; payment plan agreed",
    ),
    (
        "Westerleigh Gas & Power Ltd",
        (2018, 9, 20),
        Some((2019, 1, 17)),
        "Credit Support not provided",
    ),
    (
        "Northolme Utilities Ltd",
        (2018, 10, 11),
        Some((2019, 3, 12)),
        "Charges unpaid",
    ),
    (
        "Amberwell Metering Services Ltd",
        (2018, 11, 6),
        Some((2019, 3, 21)),
        "Security assessment actions overdue",
    ),
    ("Pennock Power Ltd", (2018, 12, 3), None, "Charges unpaid"),
    (
        "Usio",
        (2018, 12, 3),
        Some((2018, 12, 14)),
        "Closed on expulsion",
    ),
    (
        "Economy Energy",
        (2019, 1, 7),
        Some((2019, 1, 28)),
        "Closed on expulsion",
    ),
    (
        "Coralby Energy Ltd",
        (2019, 2, 4),
        None,
        "Credit Support not provided",
    ),
    (
        "Our  Power",
        (2019, 2, 4),
        Some((2019, 2, 21)),
        "Closed on expulsion",
    ),
    (
        "Northolme  Utilities Ltd",
        (2019, 2, 25),
        None,
        "Second event: Credit Support not provided",
    ),
    (
        "KESTRELMOOR ENERGY LTD",
        (2019, 2, 28),
        None,
        "Charges unpaid",
    ),
];

fn date_of((year, month, day): Ymd) -> NaiveDate {
    ymd(year, month, day)
}

/// A party before its accession date is settled.
struct Draft {
    name: String,
    category: PartyCategory,
    voting_group: Option<String>,
    accession: Option<NaiveDate>,
    exit: Option<PartyExit>,
    comment: Option<String>,
    /// May be drawn as one of Table 3's in-window accessions.
    window_candidate: bool,
}

impl Draft {
    fn new(name: String, category: PartyCategory, voting_group: Option<&str>) -> Self {
        Draft {
            name,
            category,
            voting_group: voting_group.map(str::to_owned),
            accession: None,
            exit: None,
            comment: None,
            window_candidate: matches!(category, PC::Small | PC::Other),
        }
    }

    fn fixed(name: &str, category: PartyCategory, accession: Option<NaiveDate>) -> Self {
        Draft {
            accession,
            window_candidate: false,
            ..Draft::new(name.to_owned(), category, None)
        }
    }
}

/// Shared voting groups: each member named `{place} {suffix}`, the group `{place} {group_suffix}`.
fn shared_groups(
    sizes: &[usize],
    category: PartyCategory,
    member: impl Fn(&str, usize) -> String,
    group_suffix: &str,
    single: impl Fn(&str) -> String,
    places: &mut Places,
) -> Vec<Draft> {
    let mut drafts = Vec::new();
    for &size in sizes {
        let place = places.next();
        if size == 1 {
            drafts.push(Draft::new(single(&place), category, None));
            continue;
        }
        let group = format!("{place} {group_suffix}");
        for i in 0..size {
            drafts.push(Draft::new(member(&place, i), category, Some(&group)));
        }
    }
    drafts
}

fn active_drafts(places: &mut Places, rng: &mut Rng) -> Vec<Draft> {
    let mut drafts = vec![Draft::fixed(
        "Smart DCC Ltd",
        PC::Dcc,
        Some(date_of(DCC_ACCESSION)),
    )];
    drafts.last_mut().expect("just pushed").comment =
        Some("Smart Meter Communication Licensee".to_owned());

    let mut large = shared_groups(
        &LARGE_SUPPLIER_GROUPS,
        PC::Large,
        |place, i| format!("{place} {}", LARGE_MEMBER_SUFFIXES[i]),
        "Energy Group plc",
        |place| format!("{place} Energy plc"),
        places,
    );
    // The one-party large supplier group has its own name typed in the Voting Group column.
    for draft in &mut large {
        if draft.voting_group.is_none() {
            draft.voting_group = Some(draft.name.clone());
        }
    }
    drafts.extend(large);
    drafts.extend(shared_groups(
        &ELECTRICITY_NETWORK_GROUPS,
        PC::ElectricityNetwork,
        |place, i| {
            format!(
                "{place} Electricity Distribution ({}) plc",
                NETWORK_AREAS[i]
            )
        },
        "Networks Holdings plc",
        |place| format!("{place} Independent Networks Ltd"),
        places,
    ));
    drafts.extend(shared_groups(
        &GAS_NETWORK_GROUPS,
        PC::GasNetwork,
        |place, i| format!("{place} Gas Networks ({}) Ltd", NETWORK_AREAS[i]),
        "Gas Holdings Ltd",
        |place| format!("{place} Pipelines Ltd"),
        places,
    ));
    drafts.extend(shared_groups(
        &SMALL_SUPPLIER_SHARED_GROUPS,
        PC::Small,
        |place, i| format!("{place} {}", SMALL_MEMBER_SUFFIXES[i]),
        "Holdings Ltd",
        |place| format!("{place} Energy Ltd"),
        places,
    ));
    drafts.extend(shared_groups(
        &OTHER_SHARED_GROUPS,
        PC::Other,
        |place, i| format!("{place} {}", OTHER_MEMBER_SUFFIXES[i]),
        "Group Ltd",
        |place| format!("{place} Metering Services Ltd"),
        places,
    ));
    for suffix in ["Metering Services Ltd", "Data Services Ltd"] {
        drafts.push(Draft::new(
            format!("Vantbridge {suffix}"),
            PC::Other,
            Some(VANTBRIDGE_GROUP),
        ));
    }

    let named = |category: PartyCategory| NAMED_PARTIES.iter().filter(move |n| n.1 == category);
    for (category, singles, suffixes) in [
        (
            PC::Small,
            SMALL_SUPPLIER_SINGLES,
            &SMALL_SINGLE_SUFFIXES[..],
        ),
        (PC::Other, OTHER_SINGLES, &OTHER_SINGLE_SUFFIXES[..]),
    ] {
        let mut count = 0;
        for (name, _, accession) in named(category) {
            drafts.push(Draft::fixed(name, category, accession.map(date_of)));
            count += 1;
        }
        while count < singles {
            let name = format!("{} {}", places.next(), rng.pick_copy(suffixes));
            drafts.push(Draft::new(name, category, None));
            count += 1;
        }
    }
    drafts
}

fn exited_drafts() -> Vec<Draft> {
    EXITED_PARTIES
        .iter()
        .map(|gone| {
            let mut draft = Draft::fixed(gone.name, gone.category, Some(date_of(gone.accession)));
            if gone.name.starts_with("Vantbridge") {
                draft.voting_group = Some(VANTBRIDGE_GROUP.to_owned());
            }
            draft.exit = Some(PartyExit {
                date: date_of(gone.exit),
                style: gone.style,
                kind: gone.kind,
                kind_text: gone.kind_text,
                reason: gone.reason,
            });
            draft.comment = Some(
                match gone.kind {
                    ExitKind::Expulsion => "Expelled by the Panel",
                    ExitKind::Withdrawal => "Notice of withdrawal received",
                }
                .to_owned(),
            );
            draft
        })
        .collect()
}

/// Table 3's accessions: the fixed ones, then random candidates for the rest of each month.
fn assign_window_accessions(drafts: &mut [Draft], rng: &mut Rng) {
    let mut remaining = TABLE3_ACCESSIONS;
    for accession in drafts.iter().filter_map(|d| d.accession) {
        if let Some(m) = register_month_index(accession) {
            remaining[m] = remaining[m]
                .checked_sub(1)
                .expect("more fixed accessions in a month than Table 3 has");
        }
    }
    let mut candidates: Vec<usize> = (0..drafts.len())
        .filter(|&i| drafts[i].window_candidate && drafts[i].accession.is_none())
        .collect();
    shuffle(&mut candidates, rng);
    let mut candidates = candidates.into_iter();
    for (m, &(year, month)) in register_months().iter().enumerate() {
        for _ in 0..remaining[m] {
            let i = candidates.next().expect("enough accession candidates");
            drafts[i].accession = Some(random_weekday(
                ymd(year, month, 1),
                last_day_of_month(year, month),
                rng,
            ));
        }
    }
}

fn build_parties(rng: &mut Rng) -> Vec<Party> {
    let mut places = Places::new(rng);
    let mut drafts = active_drafts(&mut places, rng);
    drafts.extend(exited_drafts());
    assign_window_accessions(&mut drafts, rng);
    let mut parties: Vec<Party> = drafts
        .into_iter()
        .map(|draft| {
            let accession = draft.accession.unwrap_or_else(|| {
                let first = ymd(2013, 11, 4);
                let last = match draft.category {
                    PC::Small | PC::Other => ymd(2018, 2, 28),
                    _ => ymd(2014, 12, 19),
                };
                random_weekday(first, last, rng)
            });
            Party {
                category_text: loose_category(draft.category, rng),
                accession_style: DateStyle::random(6, rng),
                name: draft.name,
                category: draft.category,
                voting_group: draft.voting_group,
                accession,
                exit: draft.exit,
                comment: draft.comment,
            }
        })
        .collect();
    // The register is appended to as parties accede.
    parties.sort_by_key(|p| p.accession);
    parties
}

fn build_defaults(rng: &mut Rng) -> Vec<DefaultEvent> {
    DEFAULT_EVENTS
        .iter()
        .map(|&(party, start, resolved, comment)| DefaultEvent {
            party,
            start: date_of(start),
            start_style: DateStyle::random(15, rng),
            resolved: resolved.map(date_of),
            resolved_style: DateStyle::random(15, rng),
            comment,
        })
        .collect()
}

/// Earlier applicants are parties that acceded inside the window, admitted by the Board meeting
/// before their accession (April 2018 … February 2019); then Table 1's three.
fn build_applicants(parties: &[Party], rng: &mut Rng) -> Vec<Applicant> {
    let (first_board, last_board) = (board_date(2018, 4), board_date(2019, 2));
    let mut candidates: Vec<&Party> = parties
        .iter()
        .filter(|p| register_month_index(p.accession).is_some())
        .filter(|p| (first_board..=last_board).contains(&board_before(p.accession)))
        .collect();
    shuffle(&mut candidates, rng);
    candidates.truncate(12);
    let mut applicants: Vec<Applicant> = candidates
        .iter()
        .map(|p| Applicant {
            organisation: p.name.clone(),
            category: p.category,
            category_text: loose_category(p.category, rng),
            board: board_before(p.accession),
            board_style: DateStyle::random(10, rng),
            status: "Acceded",
        })
        .collect();
    applicants.sort_by_key(|a| a.board);
    for (organisation, category) in TABLE1 {
        applicants.push(Applicant {
            organisation: organisation.to_owned(),
            category: PC::from_text(category).expect("Table 1 category is a template spelling"),
            category_text: category.to_owned(),
            board: board_date(REPORT_YEAR, REPORT_MONTH),
            board_style: DateStyle::Cell,
            status: "Awaiting Accession Agreement",
        });
    }
    applicants
}

fn pick_roles(category: PartyCategory, rng: &mut Rng) -> Vec<UserRole> {
    let mut roles = category.roles().to_vec();
    let count = 1 + rng.below_usize(roles.len());
    shuffle(&mut roles, rng);
    roles.truncate(count);
    roles
}

/// Ten earlier completions by long-standing parties (April 2018 … February 2019), then Table 2's three.
fn build_uep(parties: &[Party], rng: &mut Rng) -> Vec<UepCompletion> {
    let mut candidates: Vec<&Party> = parties
        .iter()
        .filter(|p| p.active_at(report_month_end()) && p.category != PC::Dcc)
        .filter(|p| p.accession < ymd(2018, 1, 1))
        .filter(|p| !TABLE2.iter().any(|t| t.party == p.name))
        .collect();
    shuffle(&mut candidates, rng);
    candidates.truncate(10);
    let mut multi_role_rows = 0;
    let mut completions: Vec<UepCompletion> = candidates
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let roles = pick_roles(p.category, rng);
            // A line break after the comma, or instead of it, in two of the cells.
            let separator = if roles.len() > 1 {
                multi_role_rows += 1;
                match multi_role_rows {
                    2 => ",\n",
                    4 => "\n",
                    _ => ", ",
                }
            } else {
                ", "
            };
            let roles_text = roles
                .iter()
                .map(|r| r.loosely(rng))
                .collect::<Vec<_>>()
                .join(separator);
            UepCompletion {
                party: p.name.clone(),
                category: p.category,
                category_text: loose_category(p.category, rng),
                roles,
                roles_text,
                date: random_weekday(ymd(2018, 4, 1), ymd(2019, 2, 28), rng),
                date_style: DateStyle::random(15, rng),
                uep_type: if i % 5 == 3 {
                    "Additional User Role"
                } else {
                    "Full UEP"
                },
            }
        })
        .collect();
    completions.sort_by_key(|c| c.date);
    for (i, row) in TABLE2.iter().enumerate() {
        completions.push(UepCompletion {
            party: row.party.to_owned(),
            category: PC::from_text(row.category).expect("Table 2 category is a template spelling"),
            category_text: row.category.to_owned(),
            roles: roles_from_text(row.roles).expect("Table 2 roles are template roles"),
            roles_text: row.roles.to_owned(),
            date: date_of(row.date),
            // Zebra's date was typed as text.
            date_style: if i == 2 {
                DateStyle::Text("%d/%m/%Y")
            } else {
                DateStyle::Cell
            },
            uep_type: row.uep_type,
        });
    }
    completions
}

/// SREPT and UEPT spellings in turn, so every one of the template's spellings occurs.
const SREPT_SPELLINGS: [&str; 4] = [
    "SREPT",
    "SMKI and Repository Entry Process Testing",
    "SREPT",
    "SMKI and Repository Testing",
];
const UEPT_SPELLINGS: [&str; 3] = ["UEPT", "User Entry Process Testing", "uept"];

/// Tests before the earlier UEP completions, Corona's and Zebra's UEPT in February, and March's
/// two SREPT and one UEPT (Smart Pear, before its UEP completion on 18 March).
fn build_tests(parties: &[Party], uep: &[UepCompletion], rng: &mut Rng) -> Vec<TestCompletion> {
    let mut tests = Vec::new();
    let mut srept_spelling = SREPT_SPELLINGS.iter().cycle();
    let mut uept_spelling = UEPT_SPELLINGS.iter().cycle();
    let mut uept =
        |party: &str, role: UserRole, date: NaiveDate, rng: &mut Rng| -> TestCompletion {
            TestCompletion {
                party: party.to_owned(),
                kind: TestKind::Uept,
                kind_text: uept_spelling.next().expect("cycle"),
                date,
                date_style: DateStyle::random(15, rng),
                role: Some(role),
                role_text: Some(role.loosely(rng)),
            }
        };
    let mut srept = |party: &str, date: NaiveDate, rng: &mut Rng| -> TestCompletion {
        TestCompletion {
            party: party.to_owned(),
            kind: TestKind::Srept,
            kind_text: srept_spelling.next().expect("cycle"),
            date,
            date_style: DateStyle::random(15, rng),
            role: None,
            role_text: None,
        }
    };
    for (i, completion) in uep
        .iter()
        .filter(|c| !in_report_month(c.date))
        .take(6)
        .enumerate()
    {
        let date = random_weekday(
            completion.date - chrono::Days::new(28),
            completion.date - chrono::Days::new(3),
            rng,
        );
        tests.push(if i % 2 == 0 {
            uept(&completion.party, completion.roles[0], date, rng)
        } else {
            srept(&completion.party, date, rng)
        });
    }
    tests.push(uept(
        "Corona Energy Retail 4",
        UserRole::ImportSupplier,
        ymd(2019, 2, 12),
        rng,
    ));
    tests.push(uept(
        "Zebra Power Limited",
        UserRole::ImportSupplier,
        ymd(2019, 2, 19),
        rng,
    ));
    let mut others: Vec<&Party> = parties
        .iter()
        .filter(|p| p.category == PC::Other && p.active_at(report_month_end()))
        .filter(|p| p.accession < ymd(2018, 1, 1))
        .collect();
    shuffle(&mut others, rng);
    tests.push(srept(&others[0].name, ymd(2019, 3, 7), rng));
    tests.push(uept(
        "Smart Pear Limited",
        UserRole::OtherUser,
        ymd(2019, 3, 12),
        rng,
    ));
    tests.push(srept(&others[1].name, ymd(2019, 3, 22), rng));
    tests.sort_by_key(|t| t.date);
    tests
}

fn build_register() -> Register {
    let mut rng = Rng::seeded("membership register");
    let parties = build_parties(&mut rng);
    let defaults = build_defaults(&mut rng);
    let applicants = build_applicants(&parties, &mut rng);
    let uep = build_uep(&parties, &mut rng);
    let tests = build_tests(&parties, &uep, &mut rng);
    Register {
        parties,
        defaults,
        applicants,
        uep,
        tests,
    }
}

// ---------------------------------------------------------------------------------------------------
// Membership register: checks
// ---------------------------------------------------------------------------------------------------

/// What the converter should derive from the register, as the checks found it.
struct RegisterFigures {
    figure1: [usize; 6],
    in_default_at_end: Vec<String>,
    footnotes: Vec<(usize, String)>,
}

/// `A`, `A and B`, `A, B and C`.
fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Table 3's footnotes: expulsions with a reason, one per month and (loosely matched) reason, names
/// in register order, the reason as first typed.
fn expulsion_footnotes(parties: &[Party]) -> Vec<(usize, String)> {
    expulsion_footnotes_in(parties, register_month_index)
}

/// The footnotes of a thirteen-month window; `month_index` places a date in it.
fn expulsion_footnotes_in(
    parties: &[Party],
    month_index: impl Fn(NaiveDate) -> Option<usize>,
) -> Vec<(usize, String)> {
    let mut notes: Vec<(usize, String, &str, Vec<&str>)> = Vec::new();
    for party in parties {
        let Some(exit) = &party.exit else { continue };
        if exit.kind != ExitKind::Expulsion || exit.reason.trim().is_empty() {
            continue;
        }
        let Some(month) = month_index(exit.date) else {
            continue;
        };
        let key = fold(exit.reason);
        match notes.iter_mut().find(|n| n.0 == month && n.1 == key) {
            Some(note) => note.3.push(&party.name),
            None => notes.push((month, key, exit.reason, vec![&party.name])),
        }
    }
    notes.sort_by_key(|n| n.0);
    notes
        .into_iter()
        .map(|(month, _, reason, names)| {
            let verb = if names.len() == 1 { "was" } else { "were" };
            let parties = join_names(&names);
            (
                month,
                format!("{parties} {verb} expelled from the Code following {reason}."),
            )
        })
        .collect()
}

fn check_parties(parties: &[Party]) -> BTreeMap<String, usize> {
    let by_key = index_parties(parties);
    check_march_table3(parties);
    by_key
}

/// Every register's rules: unique names, template spellings, one category per voting group, exits
/// after accession. Returns the row of each party by folded name.
fn index_parties(parties: &[Party]) -> BTreeMap<String, usize> {
    let mut by_key = BTreeMap::new();
    for (i, party) in parties.iter().enumerate() {
        assert!(
            by_key.insert(fold(&party.name), i).is_none(),
            "{:?} appears twice in the register",
            party.name
        );
    }
    let mut group_category: BTreeMap<String, PartyCategory> = BTreeMap::new();
    for party in parties {
        assert_eq!(
            PC::from_text(&party.category_text),
            Some(party.category),
            "{}: category {:?} is not a template spelling of {}",
            party.name,
            party.category_text,
            party.category.name()
        );
        if let Some(group) = &party.voting_group {
            // A group may be named after its only party, never after another party.
            if let Some(&other) = by_key.get(&fold(group)) {
                assert_eq!(
                    parties[other].name, party.name,
                    "voting group {group:?} is another party's name"
                );
            }
        }
        let previous = group_category.insert(party.group_key(), party.category);
        assert!(
            previous.is_none_or(|c| c == party.category),
            "voting group of {} mixes party categories",
            party.name
        );
        if let Some(exit) = &party.exit {
            assert!(
                exit.date > party.accession,
                "{} exits before it accedes",
                party.name
            );
            assert_eq!(
                ExitKind::from_text(exit.kind_text),
                Some(exit.kind),
                "{}: exit type {:?}",
                party.name,
                exit.kind_text
            );
        }
    }
    by_key
}

fn check_march_table3(parties: &[Party]) {
    let mut accessions = [0u32; 13];
    let mut withdrawals = [0u32; 13];
    let mut expulsions = [0u32; 13];
    for party in parties {
        if let Some(m) = register_month_index(party.accession) {
            accessions[m] += 1;
        }
        if let Some(exit) = &party.exit
            && let Some(m) = register_month_index(exit.date)
        {
            match exit.kind {
                ExitKind::Withdrawal => withdrawals[m] += 1,
                ExitKind::Expulsion => expulsions[m] += 1,
            }
        }
    }
    assert_eq!(
        accessions, TABLE3_ACCESSIONS,
        "accessions differ from Table 3"
    );
    assert_eq!(
        withdrawals, TABLE3_WITHDRAWALS,
        "withdrawals differ from Table 3"
    );
    assert_eq!(
        expulsions, TABLE3_EXPULSIONS,
        "expulsions differ from Table 3"
    );
    let first_month_expulsion = parties
        .iter()
        .filter_map(|p| p.exit.as_ref())
        .find(|e| e.kind == ExitKind::Expulsion && register_month_index(e.date) == Some(0))
        .expect("an expulsion in March 2018");
    assert!(
        first_month_expulsion.reason.is_empty(),
        "the March 2018 expulsion has no footnote, so no reason"
    );
}

fn check_membership_at_end(parties: &[Party]) -> [usize; 6] {
    let end = report_month_end();
    let active: Vec<&Party> = parties.iter().filter(|p| p.active_at(end)).collect();
    assert_eq!(
        active.len(),
        PARTIES_AT_END,
        "Parties at the end of March 2019"
    );
    assert_eq!(
        active.iter().filter(|p| p.category == PC::Dcc).count(),
        1,
        "the DCC is one of the Parties"
    );
    let groups: BTreeMap<String, PartyCategory> =
        active.iter().map(|p| (p.group_key(), p.category)).collect();
    assert_eq!(
        groups.len(),
        VOTING_GROUPS_AT_END,
        "Voting Groups at the end of March 2019"
    );
    let mut figure1 = [0usize; 6];
    for category in groups.values() {
        figure1[*category as usize] += 1;
    }
    assert_eq!(figure1, FIGURE1_VOTING_GROUPS, "Figure 1 breakdown");
    figure1
}

/// Parties with an event open at `day`'s end: started by then, not resolved by then, not exited.
fn parties_in_default(
    events: &[(usize, &DefaultEvent)],
    parties: &[Party],
    day: NaiveDate,
) -> BTreeSet<usize> {
    events
        .iter()
        .filter(|(i, e)| {
            e.start <= day && e.resolved.is_none_or(|r| r > day) && !parties[*i].exited_by(day)
        })
        .map(|(i, _)| *i)
        .collect()
}

fn check_defaults(
    defaults: &[DefaultEvent],
    parties: &[Party],
    by_key: &BTreeMap<String, usize>,
) -> Vec<String> {
    let events: Vec<(usize, &DefaultEvent)> = defaults
        .iter()
        .map(|e| {
            let i = *by_key
                .get(&fold(e.party))
                .unwrap_or_else(|| panic!("Event of Default for unknown party {:?}", e.party));
            (i, e)
        })
        .collect();
    for (i, event) in &events {
        let party = &parties[*i];
        assert!(
            event.start >= party.accession,
            "{}: default before accession",
            party.name
        );
        assert!(
            event.resolved.is_none_or(|r| r >= event.start),
            "{}: resolved before it started",
            party.name
        );
        if let Some(exit) = &party.exit {
            assert!(
                event.resolved.is_some_and(|r| r <= exit.date),
                "{}: an Event of Default is still open when the party exits",
                party.name
            );
        }
    }
    let series: Vec<u32> = register_months()
        .iter()
        .map(|&(y, m)| {
            let open = parties_in_default(&events, parties, last_day_of_month(y, m));
            u32::try_from(open.len()).expect("small count")
        })
        .collect();
    assert_eq!(series, TABLE3_IN_DEFAULT, "In Default differs from Table 3");
    let new = defaults.iter().filter(|e| in_report_month(e.start)).count();
    let resolved = defaults
        .iter()
        .filter(|e| e.resolved.is_some_and(in_report_month))
        .count();
    assert_eq!(new, MARCH_NEW_DEFAULTS, "new Events of Default in March");
    assert_eq!(
        resolved, MARCH_RESOLVED_DEFAULTS,
        "Events of Default resolved in March"
    );
    parties_in_default(&events, parties, report_month_end())
        .into_iter()
        .map(|i| parties[i].name.clone())
        .collect()
}

fn check_applicants(applicants: &[Applicant], by_key: &BTreeMap<String, usize>) {
    let march: Vec<(&str, &str)> = applicants
        .iter()
        .filter(|a| in_report_month(a.board))
        .map(|a| (a.organisation.as_str(), a.category_text.as_str()))
        .collect();
    assert_eq!(march, TABLE1.to_vec(), "Table 1");
    let earlier = applicants
        .iter()
        .filter(|a| a.board < ymd(2019, 3, 1))
        .count();
    assert!((8..=15).contains(&earlier), "{earlier} earlier applicants");
    assert!(
        applicants.iter().all(|a| a.board <= report_month_end()),
        "no applicant for a later Board"
    );
    for a in applicants {
        assert_eq!(PC::from_text(&a.category_text), Some(a.category));
        if a.board < ymd(2019, 3, 1) {
            assert!(
                by_key.contains_key(&fold(&a.organisation)),
                "{} was admitted but never acceded",
                a.organisation
            );
        }
    }
}

fn check_uep(uep: &[UepCompletion], parties: &[Party], by_key: &BTreeMap<String, usize>) {
    let march: Vec<(&str, &str, &str, NaiveDate, &str)> = uep
        .iter()
        .filter(|c| in_report_month(c.date))
        .map(|c| {
            (
                c.party.as_str(),
                c.category_text.as_str(),
                c.roles_text.as_str(),
                c.date,
                c.uep_type,
            )
        })
        .collect();
    let expected: Vec<(&str, &str, &str, NaiveDate, &str)> = TABLE2
        .iter()
        .map(|row| {
            (
                row.party,
                row.category,
                row.roles,
                date_of(row.date),
                row.uep_type,
            )
        })
        .collect();
    assert_eq!(march, expected, "Table 2");
    for c in uep {
        let party = &parties[*by_key
            .get(&fold(&c.party))
            .unwrap_or_else(|| panic!("UEP completion by unknown party {:?}", c.party))];
        assert!(
            party.active_at(c.date),
            "{} completed UEP outside membership",
            c.party
        );
        assert_eq!(PC::from_text(&c.category_text), Some(c.category));
        assert_eq!(c.category, party.category, "{}: category", c.party);
        assert_eq!(
            roles_from_text(&c.roles_text).as_ref(),
            Some(&c.roles),
            "{}: roles {:?}",
            c.party,
            c.roles_text
        );
    }
    assert!(
        uep.iter().all(|c| c.date <= report_month_end()),
        "no completion after the report month"
    );
}

fn check_tests(tests: &[TestCompletion], parties: &[Party], by_key: &BTreeMap<String, usize>) {
    let count = |kind: TestKind| {
        tests
            .iter()
            .filter(|t| in_report_month(t.date) && TestKind::from_text(t.kind_text) == Some(kind))
            .count()
    };
    assert_eq!(
        count(TestKind::Srept),
        MARCH_SREPT,
        "SREPT completions in March"
    );
    assert_eq!(
        count(TestKind::Uept),
        MARCH_UEPT,
        "UEPT completions in March"
    );
    for t in tests {
        assert_eq!(TestKind::from_text(t.kind_text), Some(t.kind));
        assert_eq!(t.role_text.and_then(UserRole::from_text), t.role);
        let party = &parties[*by_key
            .get(&fold(&t.party))
            .unwrap_or_else(|| panic!("test by unknown party {:?}", t.party))];
        assert!(
            party.active_at(t.date),
            "{} tested outside membership",
            t.party
        );
        assert!(
            t.date <= report_month_end(),
            "no test after the report month"
        );
    }
}

fn check_register(register: &Register) -> RegisterFigures {
    let by_key = check_parties(&register.parties);
    let figure1 = check_membership_at_end(&register.parties);
    let footnotes = expulsion_footnotes(&register.parties);
    let expected: Vec<(usize, String)> = TABLE3_FOOTNOTES
        .iter()
        .map(|&(m, text)| (m, text.to_owned()))
        .collect();
    assert_eq!(footnotes, expected, "Table 3 footnotes");
    let in_default_at_end = check_defaults(&register.defaults, &register.parties, &by_key);
    check_applicants(&register.applicants, &by_key);
    check_uep(&register.uep, &register.parties, &by_key);
    check_tests(&register.tests, &register.parties, &by_key);
    RegisterFigures {
        figure1,
        in_default_at_end,
        footnotes,
    }
}

// ---------------------------------------------------------------------------------------------------
// Membership register: workbook
// ---------------------------------------------------------------------------------------------------

/// Sheet `Register`: the Parties, under a title and an "updated" line.
fn parties_sheet(parties: &[Party], updated: NaiveDate, fmt: &Formats) -> Result<Worksheet> {
    let mut sheet = Worksheet::new();
    sheet.set_name("Register")?;
    sheet.write_string_with_format(0, 0, "Smart Energy Code – Register of Parties", &fmt.title)?;
    sheet.write_string(
        1,
        0,
        format!(
            "Maintained by SECAS Party Support; last updated {}",
            updated.format("%d/%m/%Y")
        ),
    )?;
    let header_row = 3;
    write_header(
        &mut sheet,
        header_row,
        &[
            "Party Name",
            "Date of\nAccession",
            "Party Category",
            "Voting Group",
            "Exit Type",
            "Date of Exit",
            "Reason for Exit",
            "Comments",
        ],
        fmt,
    )?;
    for (col, width) in [38.0, 12.0, 28.0, 32.0, 11.0, 12.0, 60.0, 34.0]
        .into_iter()
        .enumerate()
    {
        sheet.set_column_width(u16::try_from(col)?, width)?;
    }
    let mut row = header_row + 1;
    let mut gap_written = false;
    for party in parties {
        if !gap_written && party.accession >= ymd(2016, 1, 1) {
            // Someone left a blank row at the turn of 2016.
            row += 1;
            gap_written = true;
        }
        sheet.write_string(row, 0, &party.name)?;
        write_date(
            &mut sheet,
            (row, 1),
            party.accession,
            party.accession_style,
            fmt,
        )?;
        sheet.write_string(row, 2, &party.category_text)?;
        if let Some(group) = &party.voting_group {
            sheet.write_string(row, 3, group)?;
        }
        if let Some(exit) = &party.exit {
            sheet.write_string(row, 4, exit.kind_text)?;
            write_date(&mut sheet, (row, 5), exit.date, exit.style, fmt)?;
            if !exit.reason.is_empty() {
                sheet.write_string(row, 6, exit.reason)?;
            }
        }
        if let Some(comment) = &party.comment {
            sheet.write_string(row, 7, comment)?;
        }
        row += 1;
    }
    sheet.autofilter(header_row, 0, row - 1, 7)?;
    sheet.set_freeze_panes(header_row + 1, 1)?;
    Ok(sheet)
}

/// Sheet `EoD log`: Events of Default, header in row 1.
fn defaults_sheet(defaults: &[DefaultEvent], fmt: &Formats) -> Result<Worksheet> {
    let mut sheet = Worksheet::new();
    sheet.set_name("EoD log")?;
    write_header(
        &mut sheet,
        0,
        &["Party", "Default Date", "Date Resolved", "Comments"],
        fmt,
    )?;
    for (col, width) in [36.0, 13.0, 13.0, 44.0].into_iter().enumerate() {
        sheet.set_column_width(u16::try_from(col)?, width)?;
    }
    for (i, event) in defaults.iter().enumerate() {
        let row = u32::try_from(i)? + 1;
        sheet.write_string(row, 0, event.party)?;
        write_date(&mut sheet, (row, 1), event.start, event.start_style, fmt)?;
        if let Some(resolved) = event.resolved {
            write_date(&mut sheet, (row, 2), resolved, event.resolved_style, fmt)?;
        }
        sheet.write_string(row, 3, event.comment)?;
    }
    Ok(sheet)
}

/// Sheet `Applications 2018-19`: applicants and the Board meeting that admitted them.
fn applicants_sheet(applicants: &[Applicant], fmt: &Formats) -> Result<Worksheet> {
    let mut sheet = Worksheet::new();
    sheet.set_name("Applications 2018-19")?;
    write_header(
        &mut sheet,
        0,
        &["Organisation", "Category", "SECCo Board Date", "Status"],
        fmt,
    )?;
    for (col, width) in [38.0, 28.0, 16.0, 30.0].into_iter().enumerate() {
        sheet.set_column_width(u16::try_from(col)?, width)?;
    }
    for (i, applicant) in applicants.iter().enumerate() {
        let row = u32::try_from(i)? + 1;
        sheet.write_string(row, 0, &applicant.organisation)?;
        sheet.write_string(row, 1, &applicant.category_text)?;
        write_date(
            &mut sheet,
            (row, 2),
            applicant.board,
            applicant.board_style,
            fmt,
        )?;
        sheet.write_string(row, 3, applicant.status)?;
    }
    Ok(sheet)
}

/// Sheet `UEP tracker`: title row, blank row, header with line breaks inside two cells.
fn uep_sheet(uep: &[UepCompletion], fmt: &Formats) -> Result<Worksheet> {
    let mut sheet = Worksheet::new();
    sheet.set_name("UEP tracker")?;
    sheet.write_string_with_format(0, 0, "User Entry Process completions", &fmt.title)?;
    let header_row = 2;
    write_header(
        &mut sheet,
        header_row,
        &[
            "SEC Party",
            "Party Category",
            "DCC User\nRole(s)",
            "Date of UEP\ncompletion",
            "UEP Type",
        ],
        fmt,
    )?;
    for (col, width) in [38.0, 26.0, 40.0, 14.0, 22.0].into_iter().enumerate() {
        sheet.set_column_width(u16::try_from(col)?, width)?;
    }
    let wrap = Format::new().set_text_wrap();
    for (i, completion) in uep.iter().enumerate() {
        let row = header_row + 1 + u32::try_from(i)?;
        sheet.write_string(row, 0, &completion.party)?;
        sheet.write_string(row, 1, &completion.category_text)?;
        sheet.write_string_with_format(row, 2, &completion.roles_text, &wrap)?;
        write_date(
            &mut sheet,
            (row, 3),
            completion.date,
            completion.date_style,
            fmt,
        )?;
        sheet.write_string(row, 4, completion.uep_type)?;
    }
    Ok(sheet)
}

/// Sheet `Testing`, hidden: SREPT and UEPT completions.
fn tests_sheet(tests: &[TestCompletion], fmt: &Formats) -> Result<Worksheet> {
    let mut sheet = Worksheet::new();
    sheet.set_name("Testing")?;
    write_header(
        &mut sheet,
        0,
        &["SEC Party", "Test", "Date Completed", "User Role"],
        fmt,
    )?;
    for (col, width) in [38.0, 42.0, 15.0, 28.0].into_iter().enumerate() {
        sheet.set_column_width(u16::try_from(col)?, width)?;
    }
    for (i, test) in tests.iter().enumerate() {
        let row = u32::try_from(i)? + 1;
        sheet.write_string(row, 0, &test.party)?;
        sheet.write_string(row, 1, test.kind_text)?;
        write_date(&mut sheet, (row, 2), test.date, test.date_style, fmt)?;
        if let Some(role) = test.role_text {
            sheet.write_string(row, 3, role)?;
        }
    }
    sheet.set_hidden(true);
    Ok(sheet)
}

/// Sheet `Lists`: feeds the drop-downs, not data.
fn register_lists_sheet(fmt: &Formats) -> Result<Worksheet> {
    let mut sheet = Worksheet::new();
    sheet.set_name("Lists")?;
    write_header(
        &mut sheet,
        0,
        &["Party Category", "Exit Type", "DCC User Role", "Test"],
        fmt,
    )?;
    for (i, category) in PC::ALL.iter().enumerate() {
        sheet.write_string(u32::try_from(i)? + 1, 0, category.name())?;
    }
    for (i, kind) in ["Withdrawal", "Expulsion"].iter().enumerate() {
        sheet.write_string(u32::try_from(i)? + 1, 1, *kind)?;
    }
    for (i, role) in UserRole::ALL.iter().enumerate() {
        sheet.write_string(u32::try_from(i)? + 1, 2, role.name())?;
    }
    for (i, test) in ["SREPT", "UEPT"].iter().enumerate() {
        sheet.write_string(u32::try_from(i)? + 1, 3, *test)?;
    }
    Ok(sheet)
}

fn write_membership_register(
    register: &Register,
    dir: &Path,
    written: &mut Vec<String>,
) -> Result<()> {
    write_register_as_of(register, ymd(2019, 4, 5), dir, written)
}

/// `membership-register.xlsx` as it stood when last updated on `updated`.
fn write_register_as_of(
    register: &Register,
    updated: NaiveDate,
    dir: &Path,
    written: &mut Vec<String>,
) -> Result<()> {
    let fmt = Formats::new();
    let mut workbook = Workbook::new();
    workbook.push_worksheet(parties_sheet(&register.parties, updated, &fmt)?);
    workbook.push_worksheet(defaults_sheet(&register.defaults, &fmt)?);
    workbook.push_worksheet(applicants_sheet(&register.applicants, &fmt)?);
    workbook.push_worksheet(uep_sheet(&register.uep, &fmt)?);
    workbook.push_worksheet(tests_sheet(&register.tests, &fmt)?);
    workbook.push_worksheet(register_lists_sheet(&fmt)?);
    save_workbook(
        workbook,
        dir,
        "membership-register.xlsx",
        at(ymd(2013, 11, 4), 10, 15),
        written,
    )
}

// ---------------------------------------------------------------------------------------------------
// Meetings log (Table 7)
// ---------------------------------------------------------------------------------------------------

const GOVERNANCE: &str = "SEC Governance Meetings";
const TRANSITIONAL: &str = "Transitional Governance Meetings";

const PANEL_SUMMARY: &str = "The Panel’s regular monthly meeting. Further information on the \
     proceedings of this meeting is available in the public minutes on the SEC Website.";
const SECCO_SUMMARY: &str = "The SECCo Board’s regular monthly meeting. The proceedings and \
     minutes of the SECCo Board are confidential.";
const QUESTION_HOUR_SUMMARY: &str = "Each month SECAS host a teleconference offering SEC Parties \
     the opportunity to ask questions on the modifications due to be presented at the forthcoming \
     Panel meeting.";
const TRANSITIONAL_SUMMARY: &str = "These transitional groups continue to meet on a regular monthly \
     basis. Further information on all transitional meetings is available in the Transitional \
     Governance Update paper, available as part of the monthly SEC Panel paper pack.";

/// The optional Report Month cell.
#[derive(Clone, Copy)]
enum ReportMonth {
    Blank,
    Text(&'static str),
    /// A date cell formatted `mmm yyyy`.
    Month(i32, u32),
}

struct MeetingRow {
    category: &'static str,
    meeting: &'static str,
    /// As typed: one date, or several separated by a comma or a line break.
    dates: &'static str,
    /// A single date typed as a real date cell rather than text.
    date_cell: bool,
    summary: &'static str,
    report_month: ReportMonth,
}

const fn meeting(
    category: &'static str,
    meeting: &'static str,
    dates: &'static str,
    date_cell: bool,
    summary: &'static str,
) -> MeetingRow {
    MeetingRow {
        category,
        meeting,
        dates,
        date_cell,
        summary,
        report_month: ReportMonth::Blank,
    }
}

/// February 2019's meetings: in the cumulative log, not in the March report.
const FEBRUARY_MEETINGS: [MeetingRow; 9] = [
    MeetingRow {
        report_month: ReportMonth::Month(2019, 2),
        ..meeting(GOVERNANCE, "SEC Panel", "15/02/2019", true, PANEL_SUMMARY)
    },
    meeting(GOVERNANCE, "SECCo Board", "15/02/2019", true, SECCO_SUMMARY),
    meeting(
        GOVERNANCE,
        "TABASC",
        "21/02/2019",
        false,
        "The TABASC’s regular monthly meeting. The meeting headlines are now available via the \
         link below.\nTABASC_39_2102_Meeting Headlines",
    ),
    meeting(
        GOVERNANCE,
        "Security Sub-Committee (SSC)",
        "13/02/2019, 27/02/2019",
        false,
        "Two SSC meetings took place in February 2019. The non-confidential meeting headlines can \
         be found below.\nSSC_71_1302 Meeting Headlines\nSSC_72_2702 Meeting Headlines",
    ),
    meeting(
        GOVERNANCE,
        "SMKI PMA",
        "19/02/2019",
        true,
        "The SMKI PMA held one meeting in February 2019. The non-confidential meeting headlines \
         can be found below.\nSECPMA_54_1902_Meeting Headlines",
    ),
    meeting(
        GOVERNANCE,
        "Operations Group (OPSG)",
        "05/02/2019",
        true,
        "The OPSG continue to meet monthly. The meeting headlines are available via the link \
         below.\nOPSG_17_0502_Meeting Documentation",
    ),
    meeting(
        GOVERNANCE,
        "Modifications Question Hour",
        "11/02/2019",
        true,
        QUESTION_HOUR_SUMMARY,
    ),
    meeting(
        TRANSITIONAL,
        "BEIS Implementation Managers Forum",
        "28/02/2019",
        true,
        TRANSITIONAL_SUMMARY,
    ),
    meeting(
        TRANSITIONAL,
        "Smart Metering Delivery Group",
        "14/02/2019",
        false,
        TRANSITIONAL_SUMMARY,
    ),
];

/// March 2019's rows, in Table 7's order. The Change Board met on 27 February but belongs to March's
/// report: its Report Month says so.
const MARCH_MEETINGS: [MeetingRow; 14] = [
    meeting(GOVERNANCE, "SEC Panel", "15/03/2019", true, PANEL_SUMMARY),
    meeting(GOVERNANCE, "SECCo Board", "15/03/2019", true, SECCO_SUMMARY),
    meeting(
        GOVERNANCE,
        "TABASC",
        "21/03/2019",
        false,
        "The TABASC’s regular monthly meeting. The meeting headlines are now available via the \
         link below.\nTABASC_40_2103_Meeting Headlines",
    ),
    MeetingRow {
        report_month: ReportMonth::Text("Mar 2019"),
        ..meeting(
            GOVERNANCE,
            "SEC Change Board\n• SECMP0069 ‘EU Exit Changes’\n• SECMP0070 ‘Permission to give Alt \
             HAN Forum vires for enduring management and maintenance of the Exempt Premises List \
             (EPL)’",
            "27/02/2019",
            true,
            "The Change Board met once, where it approved SECMP0069 and SECMP0070.",
        )
    },
    meeting(
        GOVERNANCE,
        "Working Group\n• SECMP0046 ‘Allow DNOs to control Electric Vehicle charges connected to \
         Smart Meter Infrastructure’",
        "20/03/2019",
        false,
        "One Working Group meeting took place in March 2019 to discuss the progression of \
         SECMP0046.",
    ),
    meeting(
        GOVERNANCE,
        "Security Sub-Committee (SSC)",
        "13/03/2019\n27/03/2019",
        false,
        "Two SSC meetings took place in March 2019. The non-confidential meeting headlines can be \
         found below.\nSSC_73_1303 Meeting Headlines\nSSC_74_2703 Meeting Headlines",
    ),
    meeting(
        GOVERNANCE,
        "SMKI PMA",
        "19/03/2019",
        true,
        "The SMKI PMA held one meeting in March 2019. The non-confidential meeting headlines can \
         be found below.\nSECPMA_55_1903_Meeting Headlines",
    ),
    meeting(
        GOVERNANCE,
        "Operations Group (OPSG)",
        "05/03/2019",
        true,
        "The OPSG continue to meet monthly. The meeting headlines are available via the link \
         below.\nOSPG_18_0503_Meeting Documentation",
    ),
    meeting(
        GOVERNANCE,
        "Testing Advisory Group (TAG)",
        "27/03/2019",
        true,
        "The TAG met once in March 2019. The minutes will be available in April 2019.",
    ),
    meeting(
        GOVERNANCE,
        "Modifications Question Hour",
        "11/03/2019",
        false,
        QUESTION_HOUR_SUMMARY,
    ),
    meeting(
        TRANSITIONAL,
        "BEIS Implementation Managers Forum",
        "28/03/2019",
        true,
        TRANSITIONAL_SUMMARY,
    ),
    meeting(
        TRANSITIONAL,
        "Smart Metering Delivery Group",
        "14/03/2019",
        true,
        TRANSITIONAL_SUMMARY,
    ),
    meeting(
        TRANSITIONAL,
        "Technical and Business Design Group",
        "20/03/2019",
        false,
        TRANSITIONAL_SUMMARY,
    ),
    meeting(
        TRANSITIONAL,
        "DCC Test Design and Execution Group (TDEG)",
        "12/03/2019",
        true,
        TRANSITIONAL_SUMMARY,
    ),
];

/// Table 7 as printed: meeting (first line), dates.
const TABLE7: [(&str, &[Ymd]); 14] = [
    ("SEC Panel", &[(2019, 3, 15)]),
    ("SECCo Board", &[(2019, 3, 15)]),
    ("TABASC", &[(2019, 3, 21)]),
    ("SEC Change Board", &[(2019, 2, 27)]),
    ("Working Group", &[(2019, 3, 20)]),
    (
        "Security Sub-Committee (SSC)",
        &[(2019, 3, 13), (2019, 3, 27)],
    ),
    ("SMKI PMA", &[(2019, 3, 19)]),
    ("Operations Group (OPSG)", &[(2019, 3, 5)]),
    ("Testing Advisory Group (TAG)", &[(2019, 3, 27)]),
    ("Modifications Question Hour", &[(2019, 3, 11)]),
    ("BEIS Implementation Managers Forum", &[(2019, 3, 28)]),
    ("Smart Metering Delivery Group", &[(2019, 3, 14)]),
    ("Technical and Business Design Group", &[(2019, 3, 20)]),
    (
        "DCC Test Design and Execution Group (TDEG)",
        &[(2019, 3, 12)],
    ),
];

impl MeetingRow {
    fn parsed_dates(&self) -> Vec<NaiveDate> {
        self.dates
            .split([',', '\n'])
            .map(|d| {
                NaiveDate::parse_from_str(d.trim(), "%d/%m/%Y")
                    .unwrap_or_else(|_| panic!("meeting date {d:?}"))
            })
            .collect()
    }

    /// The Report Month when filled, otherwise the first date's month.
    fn report_month(&self) -> (i32, u32) {
        match self.report_month {
            ReportMonth::Blank => {
                let first = self.parsed_dates()[0];
                (first.year(), first.month())
            }
            ReportMonth::Text(text) => {
                let first = NaiveDate::parse_from_str(&format!("1 {text}"), "%d %b %Y")
                    .unwrap_or_else(|_| panic!("report month {text:?}"));
                (first.year(), first.month())
            }
            ReportMonth::Month(year, month) => (year, month),
        }
    }
}

/// The addresses of a summary's meeting headlines lines (`TABASC_40_2103_Meeting Headlines`), as
/// the SEC website names its meeting pages: one a line, for the log's link column.
fn headline_links(summary: &str) -> Vec<String> {
    const PAGES: [(&str, &str); 4] = [
        ("TABASC_", "tabasc-meeting"),
        ("SSC_", "ssc-meeting"),
        ("SECPMA_", "smki-pma"),
        ("OSPG_", "operations-group"),
    ];
    summary
        .lines()
        .filter_map(|line| {
            let (prefix, page) = PAGES.iter().find(|(p, _)| line.starts_with(p))?;
            let number: String = line[prefix.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            (!number.is_empty())
                .then(|| format!("https://smartenergycodecompany.co.uk/meeting/{page}-{number}/"))
        })
        .collect()
}

fn check_meetings() {
    // March's headline links are the ones the paper links.
    let march: Vec<String> = MARCH_MEETINGS
        .iter()
        .flat_map(|m| headline_links(m.summary))
        .collect();
    assert_eq!(
        march,
        [
            "https://smartenergycodecompany.co.uk/meeting/tabasc-meeting-40/",
            "https://smartenergycodecompany.co.uk/meeting/ssc-meeting-73/",
            "https://smartenergycodecompany.co.uk/meeting/ssc-meeting-74/",
            "https://smartenergycodecompany.co.uk/meeting/smki-pma-55/",
            "https://smartenergycodecompany.co.uk/meeting/operations-group-18/",
        ],
        "the paper's links"
    );
    assert!(
        (6..=10).contains(&FEBRUARY_MEETINGS.len()),
        "six to ten February meetings"
    );
    let in_march: Vec<(&str, Vec<NaiveDate>)> = FEBRUARY_MEETINGS
        .iter()
        .chain(&MARCH_MEETINGS)
        .filter(|m| m.report_month() == (REPORT_YEAR, REPORT_MONTH))
        .map(|m| {
            let first_line = m.meeting.lines().next().expect("a meeting name");
            (first_line, m.parsed_dates())
        })
        .collect();
    let expected: Vec<(&str, Vec<NaiveDate>)> = TABLE7
        .iter()
        .map(|(name, dates)| (*name, dates.iter().copied().map(date_of).collect()))
        .collect();
    assert_eq!(in_march, expected, "Table 7");
    for m in FEBRUARY_MEETINGS.iter().chain(&MARCH_MEETINGS) {
        assert!(
            !m.date_cell || m.parsed_dates().len() == 1,
            "only a single date can be a date cell"
        );
    }
    let transitional: BTreeSet<&str> = MARCH_MEETINGS
        .iter()
        .filter(|m| m.category == TRANSITIONAL)
        .map(|m| m.summary)
        .collect();
    assert_eq!(
        transitional.len(),
        1,
        "one summary for the transitional groups"
    );
}

/// Runs of equal values as (first, last) indices.
fn runs<T: PartialEq>(values: &[T]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=values.len() {
        if i == values.len() || values[i] != values[start] {
            runs.push((start, i - 1));
            start = i;
        }
    }
    runs
}

/// A category or summary cell, merged down over its run of rows when the run is longer than one.
fn write_merged_column(
    sheet: &mut Worksheet,
    first_row: u32,
    col: u16,
    values: &[&str],
    format: &Format,
) -> Result<()> {
    for (start, end) in runs(values) {
        let (top, bottom) = (
            first_row + u32::try_from(start)?,
            first_row + u32::try_from(end)?,
        );
        if bottom > top {
            sheet.merge_range(top, col, bottom, col, values[start], format)?;
        } else {
            sheet.write_string_with_format(top, col, values[start], format)?;
        }
    }
    Ok(())
}

fn write_meeting_block(
    sheet: &mut Worksheet,
    first_row: u32,
    rows: &[MeetingRow],
    fmt: &Formats,
) -> Result<u32> {
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let merged = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let categories: Vec<&str> = rows.iter().map(|m| m.category).collect();
    let summaries: Vec<&str> = rows.iter().map(|m| m.summary).collect();
    write_merged_column(sheet, first_row, 0, &categories, &merged)?;
    write_merged_column(sheet, first_row, 3, &summaries, &merged)?;
    for (i, m) in rows.iter().enumerate() {
        let row = first_row + u32::try_from(i)?;
        sheet.write_string_with_format(row, 1, m.meeting, &wrap)?;
        if m.date_cell {
            let date = m.parsed_dates()[0];
            sheet.write_datetime_with_format(row, 2, excel_date(date)?, &fmt.date)?;
        } else {
            sheet.write_string_with_format(row, 2, m.dates, &wrap)?;
        }
        match m.report_month {
            ReportMonth::Blank => {}
            ReportMonth::Text(text) => {
                sheet.write_string(row, 4, text)?;
            }
            ReportMonth::Month(year, month) => {
                sheet.write_datetime_with_format(
                    row,
                    4,
                    excel_date(ymd(year, month, 1))?,
                    &fmt.month,
                )?;
            }
        }
        let links = headline_links(m.summary);
        if !links.is_empty() {
            sheet.write_string_with_format(row, 5, links.join("\n"), &wrap)?;
        }
    }
    Ok(first_row + u32::try_from(rows.len())?)
}

/// `meetings-log.xlsx`: the cumulative log, February then March, a blank row between them.
fn write_meetings_log(dir: &Path, written: &mut Vec<String>) -> Result<()> {
    write_meetings_blocks(&[&FEBRUARY_MEETINGS, &MARCH_MEETINGS], dir, written)
}

/// The cumulative meetings log: one block of rows per month, oldest first, a blank row between.
fn write_meetings_blocks(
    blocks: &[&[MeetingRow]],
    dir: &Path,
    written: &mut Vec<String>,
) -> Result<()> {
    let fmt = Formats::new();
    let mut sheet = Worksheet::new();
    sheet.set_name("Log")?;
    sheet.write_string_with_format(
        0,
        0,
        "SEC meetings hosted and attended by SECAS",
        &fmt.title,
    )?;
    let header_row = 2;
    write_header(
        &mut sheet,
        header_row,
        &[
            "Category",
            "Meeting",
            "Meeting\nDate(s)",
            "Summary of Events",
            "Report Month",
            "Headlines link",
        ],
        &fmt,
    )?;
    for (col, width) in [22.0, 48.0, 13.0, 60.0, 13.0, 60.0].into_iter().enumerate() {
        sheet.set_column_width(u16::try_from(col)?, width)?;
    }
    let mut next = header_row + 1;
    for (i, block) in blocks.iter().enumerate() {
        let first = if i == 0 { next } else { next + 1 };
        next = write_meeting_block(&mut sheet, first, block, &fmt)?;
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    let mut workbook = Workbook::new();
    workbook.push_worksheet(sheet);
    save_workbook(
        workbook,
        dir,
        "meetings-log.xlsx",
        at(ymd(2018, 4, 3), 9, 40),
        written,
    )
}

fn print_register_summary(register: &Register, figures: &RegisterFigures) {
    let months = register_months();
    let labels: Vec<String> = months
        .iter()
        .map(|&(y, m)| ymd(y, m, 1).format("%b %y").to_string())
        .collect();
    println!("Table 3 (membership register, as checked):");
    println!("  {:<12} {}", "", labels.join(" "));
    for (label, row) in [
        ("Accessions", TABLE3_ACCESSIONS),
        ("In Default", TABLE3_IN_DEFAULT),
        ("Withdrawals", TABLE3_WITHDRAWALS),
        ("Expulsions", TABLE3_EXPULSIONS),
    ] {
        let cells: Vec<String> = row.iter().map(|n| format!("{n:>6}")).collect();
        println!("  {label:<12}{}", cells.join(" "));
    }
    let active = register
        .parties
        .iter()
        .filter(|p| p.active_at(report_month_end()))
        .count();
    println!(
        "  {active} Parties, {} Voting Groups at the end of March 2019 ({} rows in the register)",
        figures.figure1.iter().sum::<usize>(),
        register.parties.len()
    );
    println!("Figure 1, voting groups by category:");
    for (category, groups) in PC::ALL.iter().zip(figures.figure1) {
        println!("  {:<40} {groups:>3}", category.name());
    }
    println!(
        "In default at the end of March 2019: {}",
        figures.in_default_at_end.join("; ")
    );
    println!("Table 3 footnotes:");
    for (month, text) in &figures.footnotes {
        println!("  {}: {text}", labels[*month]);
    }
}

// ---------------------------------------------------------------------------------------------------
// Later months (April and May 2019): the plans
// ---------------------------------------------------------------------------------------------------

/// A person-day booked as planned rather than drawn: first and last name, day, and the day's
/// minutes per driver.
type FixedDay = (&'static str, &'static str, Ymd, &'static [(Driver, u32)]);

/// A person by first and last name.
type Name = (&'static str, &'static str);

/// A month after March: what its own folder holds, and the figures a converter must make of it.
/// The figures are ours (no paper to match); the generator checks its records against them.
struct LaterMonth {
    year: i32,
    month: u32,
    /// `April 2019`.
    name: &'static str,
    /// UK bank holidays in the month: nobody books them and the telephone is not answered.
    bank_holidays: &'static [Ymd],
    /// The Saturday the `Sat`/`Sun` grid person works two hours.
    saturday: Ymd,
    /// Table 4: intended in-month minutes per driver, report order.
    driver_minutes: [u32; 11],
    /// Small project drivers booked on planned days.
    fixed_days: &'static [FixedDay],
    /// Long-layout people whose bookings on a day of the previous (next) month are in the export.
    day_before: (Ymd, [Name; 4]),
    day_after: (Ymd, [Name; 4]),
    /// When the time-recording export was taken: day, hour, minute.
    exported: (Ymd, u32, u32),
    /// The export's `Total` row sits before this day's first booking, a blank row before the other.
    subtotal_from: Ymd,
    blank_from: Ymd,
    /// The grid weeks: the first Monday and the number of weeks.
    grid_weeks: (Ymd, u64),
    /// When the weekly-grid workbooks were created.
    grids_created: Ymd,
    /// Table 5's new column (emails by category, report order) and the month's telephone count.
    emails: [u32; 11],
    phones: u32,
    /// Table 6's new month, and the UA export's average session duration, bounce rate and save day.
    visits: u64,
    page_views: u64,
    ua: (&'static str, &'static str, Ymd),
    /// Table 3's new column: accessions, in default, withdrawals, expulsions.
    table3: [u32; 4],
    parties_at_end: usize,
    voting_groups_at_end: usize,
    figure1: [usize; 6],
    new_defaults: usize,
    resolved_defaults: usize,
    srept: usize,
    uept: usize,
    table1_rows: usize,
    table2_rows: usize,
    /// Table 3's footnote for this month, if there is an expulsion with a reason.
    footnote: Option<&'static str>,
    /// The month's edits to the register as it stood at the end of the previous month.
    register_changes: fn(&mut Register, &mut Rng),
    register_updated: Ymd,
    /// This month's block of the meetings log, and Table 7 as the log must give it.
    meetings: &'static [MeetingRow],
    table7: &'static [(&'static str, &'static [Ymd])],
    /// Noise: the workbook someone had open when the folder was copied, and who.
    lock: (&'static str, &'static str),
}

const fn hm(hours: u32, minutes: u32) -> u32 {
    hours * 60 + minutes
}

#[rustfmt::skip]
static LATER_MONTHS: [LaterMonth; 2] = [
    LaterMonth {
        year: 2019,
        month: 4,
        name: "April 2019",
        // Good Friday and Easter Monday.
        bank_holidays: &[(2019, 4, 19), (2019, 4, 22)],
        saturday: (2019, 4, 13),
        // 602.67 days: rounds to 603, while the rounded drivers add to 602; Security and Privacy is
        // exactly 150.5 days (half-up: 151).
        driver_minutes: [
            hm(391, 15), hm(1128, 45), hm(1170, 0), hm(616, 30), hm(842, 15),
            hm(106, 30), 0, hm(99, 45), hm(45, 0), hm(112, 30), hm(7, 30),
        ],
        fixed_days: &[
            ("Fiona", "Macleod", (2019, 4, 24), &[(D::SecurityThreats, 225), (D::AnnualSecurity, 225)]),
            ("James", "Okafor", (2019, 4, 30), &[(D::SecurityThreats, 225), (D::SecurityPrivacy, 225)]),
        ],
        day_before: ((2019, 3, 29), [
            ("Sarah", "Whitfield"), ("Mark", "Fairbairn"), ("Hannah", "Lowther"), ("Kirsty", "Fenwick"),
        ]),
        day_after: ((2019, 5, 1), [
            ("Fiona", "Macleod"), ("Claire", "Bishop"), ("Daniel", "Pritchard"), ("Adebayo", "Ogunleye"),
        ]),
        exported: ((2019, 5, 2), 8, 10),
        subtotal_from: (2019, 4, 8),
        blank_from: (2019, 4, 23),
        grid_weeks: ((2019, 4, 1), 5),
        grids_created: (2019, 3, 29),
        emails: [47, 312, 6, 35, 52, 58, 468, 541, 3, 24, 94],
        phones: 13,
        visits: 8412,
        page_views: 26318,
        ua: ("00:02:39", "50.12%", (2019, 5, 1)),
        table3: [4, 6, 0, 0],
        parties_at_end: 329,
        voting_groups_at_end: 258,
        figure1: [9, 99, 13, 7, 129, 1],
        new_defaults: 1,
        resolved_defaults: 0,
        srept: 1,
        uept: 1,
        table1_rows: 2,
        table2_rows: 2,
        footnote: None,
        register_changes: april_register_changes,
        register_updated: (2019, 5, 3),
        meetings: &APRIL_MEETINGS,
        table7: &[
            ("SEC Panel", &[(2019, 4, 12)]),
            ("SECCo Board", &[(2019, 4, 12)]),
            ("TABASC", &[(2019, 4, 18)]),
            ("Change Sub-Committee (CSC)", &[(2019, 4, 8)]),
            ("SEC Change Board", &[(2019, 4, 24)]),
            ("Working Group", &[(2019, 3, 29), (2019, 4, 17)]),
            ("Security Sub-Committee (SSC)", &[(2019, 4, 10), (2019, 4, 24)]),
            ("SMKI PMA", &[(2019, 4, 16)]),
            ("Operations Group (OPSG)", &[(2019, 4, 2)]),
            ("Testing Advisory Group (TAG)", &[(2019, 4, 24)]),
            ("Modifications Question Hour", &[(2019, 4, 8)]),
            ("BEIS Implementation Managers Forum", &[(2019, 4, 25)]),
            ("Smart Metering Delivery Group", &[(2019, 4, 11)]),
            ("Technical and Business Design Group", &[(2019, 4, 17)]),
            ("DCC Test Design and Execution Group (TDEG)", &[(2019, 4, 9)]),
        ],
        lock: ("membership-register.xlsx", "rdonnelly"),
    },
    LaterMonth {
        year: 2019,
        month: 5,
        name: "May 2019",
        // Early May and Spring bank holidays.
        bank_holidays: &[(2019, 5, 6), (2019, 5, 27)],
        saturday: (2019, 5, 18),
        // 630.8 days: rounds to 631, and so do the rounded drivers; Technical and Operational
        // activities is exactly 115.5 days (half-up: 116).
        driver_minutes: [
            hm(420, 0), hm(1175, 15), hm(1231, 30), hm(640, 30), hm(866, 15),
            hm(88, 30), hm(22, 30), hm(120, 0), hm(39, 0), hm(127, 30), 0,
        ],
        fixed_days: &[
            ("Fiona", "Macleod", (2019, 5, 1), &[(D::TechEffectiveness, 225), (D::AnnualSecurity, 225)]),
            ("Fiona", "Macleod", (2019, 5, 2), &[(D::TechEffectiveness, 450)]),
            ("Gareth", "Evans", (2019, 5, 15), &[(D::TechEffectiveness, 450)]),
            ("Fiona", "Macleod", (2019, 5, 22), &[(D::TechEffectiveness, 225), (D::DataQuality, 225)]),
        ],
        day_before: ((2019, 4, 30), [
            ("James", "Okafor"), ("Emma", "Hargreaves"), ("Lucy", "Thornton"), ("Martin", "Holloway"),
        ]),
        day_after: ((2019, 6, 3), [
            ("Priya", "Chauhan"), ("Oliver", "Brennan"), ("Gemma", "Atkinson"), ("Siobhan", "Gallagher"),
        ]),
        exported: ((2019, 6, 4), 8, 15),
        subtotal_from: (2019, 5, 13),
        blank_from: (2019, 5, 20),
        grid_weeks: ((2019, 4, 29), 5),
        grids_created: (2019, 4, 26),
        emails: [61, 287, 11, 42, 38, 71, 512, 566, 5, 58, 87],
        phones: 19,
        visits: 9107,
        page_views: 28764,
        ua: ("00:02:52", "47.66%", (2019, 6, 3)),
        table3: [3, 4, 0, 1],
        parties_at_end: 331,
        voting_groups_at_end: 260,
        figure1: [9, 100, 13, 7, 130, 1],
        new_defaults: 0,
        resolved_defaults: 1,
        srept: 1,
        uept: 2,
        table1_rows: 2,
        table2_rows: 3,
        footnote: Some(
            "Kestrelmoor Energy Ltd was expelled from the Code following revocation of its \
             Electricity Supply Licence by Ofgem, having ceased trading.",
        ),
        register_changes: may_register_changes,
        register_updated: (2019, 6, 5),
        meetings: &MAY_MEETINGS,
        table7: &[
            ("SEC Panel", &[(2019, 5, 17)]),
            ("SECCo Board", &[(2019, 5, 17)]),
            ("TABASC", &[(2019, 5, 16)]),
            ("Change Sub-Committee (CSC)", &[(2019, 5, 13)]),
            ("SEC Change Board", &[(2019, 5, 22)]),
            ("Working Group", &[(2019, 5, 15)]),
            ("Security Sub-Committee (SSC)", &[(2019, 5, 8), (2019, 5, 22)]),
            ("SMKI PMA", &[(2019, 5, 21)]),
            ("Operations Group (OPSG)", &[(2019, 5, 7)]),
            ("Testing Advisory Group (TAG)", &[(2019, 5, 29)]),
            ("Modifications Question Hour", &[(2019, 5, 13)]),
            ("BEIS Implementation Managers Forum", &[(2019, 5, 30)]),
            ("Smart Metering Delivery Group", &[(2019, 5, 9)]),
            ("Technical and Business Design Group", &[(2019, 5, 15)]),
            ("DCC Test Design and Execution Group (TDEG)", &[(2019, 5, 14)]),
        ],
        lock: ("meetings-log.xlsx", "ehargreaves"),
    },
];

impl LaterMonth {
    /// `2019-04`: the folder's name.
    fn label(&self) -> String {
        format!("{}-{:02}", self.year, self.month)
    }

    fn first_day(&self) -> NaiveDate {
        ymd(self.year, self.month, 1)
    }

    fn last_day(&self) -> NaiveDate {
        last_day_of_month(self.year, self.month)
    }

    fn contains(&self, date: NaiveDate) -> bool {
        (date.year(), date.month()) == (self.year, self.month)
    }

    fn is_bank_holiday(&self, date: NaiveDate) -> bool {
        self.bank_holidays.iter().any(|&h| date_of(h) == date)
    }

    fn targets(&self) -> BTreeMap<Driver, u32> {
        Driver::ALL.into_iter().zip(self.driver_minutes).collect()
    }

    fn mondays(&self) -> Vec<NaiveDate> {
        let (first, count) = self.grid_weeks;
        (0..count)
            .map(|w| date_of(first) + chrono::Days::new(7 * w))
            .collect()
    }

    fn export_shape(&self) -> ExportShape {
        let (day, hour, minute) = self.exported;
        ExportShape {
            name: format!("timesheets-{}.xlsx", self.label()),
            exported: at(date_of(day), hour, minute),
            subtotal_from: date_of(self.subtotal_from),
            blank_from: date_of(self.blank_from),
            next_month: self.last_day() + chrono::Days::new(1),
        }
    }

    fn ua_overview(&self) -> UaOverview {
        let (duration, bounce_rate, saved) = self.ua;
        UaOverview {
            duration,
            bounce_rate,
            saved: at(date_of(saved), 10, 3),
        }
    }
}

/// `Apr 19`, as the report heads its month columns.
fn month_label((year, month): (i32, u32)) -> String {
    ymd(year, month, 1).format("%b %y").to_string()
}

/// The `count` months ending with `(year, month)`, oldest first.
fn months_ending(year: i32, month: u32, count: u32) -> Vec<(i32, u32)> {
    let last = year * 12 + month as i32 - 1;
    (0..count as i32)
        .rev()
        .map(|back| {
            let m = last - back;
            (m.div_euclid(12), m.rem_euclid(12) as u32 + 1)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------------
// Later months: meetings (Table 7)
// ---------------------------------------------------------------------------------------------------

/// The Working Group row's meeting cell, the same each month.
const WORKING_GROUP_SECMP0046: &str = "Working Group\n• SECMP0046 ‘Allow DNOs to control \
     Electric Vehicle charges connected to Smart Meter Infrastructure’";

/// April 2019's rows, in Table 7's order. The Change Sub-Committee meets for the first time. The
/// Working Group also met on 29 March, after March's report was compiled: its Report Month puts
/// both meetings in April's report. The OPSG row has its Report Month as a date cell.
const APRIL_MEETINGS: [MeetingRow; 15] = [
    meeting(GOVERNANCE, "SEC Panel", "12/04/2019", true, PANEL_SUMMARY),
    meeting(GOVERNANCE, "SECCo Board", "12/04/2019", true, SECCO_SUMMARY),
    meeting(
        GOVERNANCE,
        "TABASC",
        "18/04/2019",
        false,
        "The TABASC’s regular monthly meeting. The meeting headlines are now available via the \
         link below.\nTABASC_41_1804_Meeting Headlines",
    ),
    meeting(
        GOVERNANCE,
        "Change Sub-Committee (CSC)",
        "08/04/2019",
        true,
        "The Change Sub-Committee held its first meeting. Further information is available in the \
         public minutes on the SEC Website.",
    ),
    meeting(
        GOVERNANCE,
        "SEC Change Board\n• SECMP0058 ‘Clarification of Section G’",
        "24/04/2019",
        true,
        "The Change Board met once, where it approved SECMP0058.",
    ),
    MeetingRow {
        report_month: ReportMonth::Text("Apr 2019"),
        ..meeting(
            GOVERNANCE,
            WORKING_GROUP_SECMP0046,
            "29/03/2019\n17/04/2019",
            false,
            "Two Working Group meetings took place to discuss the progression of SECMP0046, the \
             first after the March report was compiled.",
        )
    },
    meeting(
        GOVERNANCE,
        "Security Sub-Committee (SSC)",
        "10/04/2019, 24/04/2019",
        false,
        "Two SSC meetings took place in April 2019. The non-confidential meeting headlines can be \
         found below.\nSSC_75_1004 Meeting Headlines\nSSC_76_2404 Meeting Headlines",
    ),
    meeting(
        GOVERNANCE,
        "SMKI PMA",
        "16/04/2019",
        true,
        "The SMKI PMA held one meeting in April 2019. The non-confidential meeting headlines can \
         be found below.\nSECPMA_56_1604_Meeting Headlines",
    ),
    MeetingRow {
        report_month: ReportMonth::Month(2019, 4),
        ..meeting(
            GOVERNANCE,
            "Operations Group (OPSG)",
            "02/04/2019",
            true,
            "The OPSG continue to meet monthly. The meeting headlines are available via the link \
             below.\nOPSG_19_0204_Meeting Documentation",
        )
    },
    meeting(
        GOVERNANCE,
        "Testing Advisory Group (TAG)",
        "24/04/2019",
        false,
        "The TAG met once in April 2019. The minutes will be available in May 2019.",
    ),
    meeting(
        GOVERNANCE,
        "Modifications Question Hour",
        "08/04/2019",
        true,
        QUESTION_HOUR_SUMMARY,
    ),
    meeting(
        TRANSITIONAL,
        "BEIS Implementation Managers Forum",
        "25/04/2019",
        true,
        TRANSITIONAL_SUMMARY,
    ),
    meeting(
        TRANSITIONAL,
        "Smart Metering Delivery Group",
        "11/04/2019",
        false,
        TRANSITIONAL_SUMMARY,
    ),
    meeting(
        TRANSITIONAL,
        "Technical and Business Design Group",
        "17/04/2019",
        true,
        TRANSITIONAL_SUMMARY,
    ),
    meeting(
        TRANSITIONAL,
        "DCC Test Design and Execution Group (TDEG)",
        "09/04/2019",
        false,
        TRANSITIONAL_SUMMARY,
    ),
];

/// May 2019's rows, in Table 7's order.
const MAY_MEETINGS: [MeetingRow; 15] = [
    meeting(GOVERNANCE, "SEC Panel", "17/05/2019", true, PANEL_SUMMARY),
    meeting(GOVERNANCE, "SECCo Board", "17/05/2019", true, SECCO_SUMMARY),
    meeting(
        GOVERNANCE,
        "TABASC",
        "16/05/2019",
        false,
        "The TABASC’s regular monthly meeting. The meeting headlines are now available via the \
         link below.\nTABASC_42_1605_Meeting Headlines",
    ),
    meeting(
        GOVERNANCE,
        "Change Sub-Committee (CSC)",
        "13/05/2019",
        false,
        "The Change Sub-Committee’s regular monthly meeting. Further information is available in \
         the public minutes on the SEC Website.",
    ),
    meeting(
        GOVERNANCE,
        "SEC Change Board\n• SECMP0062 ‘Northbound Application Traffic Management’",
        "22/05/2019",
        true,
        "The Change Board met once, where it approved SECMP0062.",
    ),
    meeting(
        GOVERNANCE,
        WORKING_GROUP_SECMP0046,
        "15/05/2019",
        false,
        "One Working Group meeting took place in May 2019 to discuss the progression of SECMP0046.",
    ),
    meeting(
        GOVERNANCE,
        "Security Sub-Committee (SSC)",
        "08/05/2019\n22/05/2019",
        false,
        "Two SSC meetings took place in May 2019. The non-confidential meeting headlines can be \
         found below.\nSSC_77_0805 Meeting Headlines\nSSC_78_2205 Meeting Headlines",
    ),
    meeting(
        GOVERNANCE,
        "SMKI PMA",
        "21/05/2019",
        true,
        "The SMKI PMA held one meeting in May 2019. The non-confidential meeting headlines can be \
         found below.\nSECPMA_57_2105_Meeting Headlines",
    ),
    meeting(
        GOVERNANCE,
        "Operations Group (OPSG)",
        "07/05/2019",
        true,
        "The OPSG continue to meet monthly. The meeting headlines are available via the link \
         below.\nOPSG_20_0705_Meeting Documentation",
    ),
    meeting(
        GOVERNANCE,
        "Testing Advisory Group (TAG)",
        "29/05/2019",
        false,
        "The TAG met once in May 2019. The minutes will be available in June 2019.",
    ),
    meeting(
        GOVERNANCE,
        "Modifications Question Hour",
        "13/05/2019",
        false,
        QUESTION_HOUR_SUMMARY,
    ),
    meeting(
        TRANSITIONAL,
        "BEIS Implementation Managers Forum",
        "30/05/2019",
        true,
        TRANSITIONAL_SUMMARY,
    ),
    meeting(
        TRANSITIONAL,
        "Smart Metering Delivery Group",
        "09/05/2019",
        true,
        TRANSITIONAL_SUMMARY,
    ),
    meeting(
        TRANSITIONAL,
        "Technical and Business Design Group",
        "15/05/2019",
        false,
        TRANSITIONAL_SUMMARY,
    ),
    meeting(
        TRANSITIONAL,
        "DCC Test Design and Execution Group (TDEG)",
        "14/05/2019",
        true,
        TRANSITIONAL_SUMMARY,
    ),
];

/// The cumulative log as it stands at the end of `LATER_MONTHS[k]`, in blocks, oldest first.
fn meeting_blocks(k: usize) -> Vec<&'static [MeetingRow]> {
    let mut blocks: Vec<&'static [MeetingRow]> = vec![&FEBRUARY_MEETINGS, &MARCH_MEETINGS];
    blocks.extend(LATER_MONTHS[..=k].iter().map(|plan| plan.meetings));
    blocks
}

/// Table 7 of every month in the log as it stands at the end of `LATER_MONTHS[k]`: earlier months
/// keep the rows they had.
fn check_later_meetings(k: usize) -> Vec<(String, Vec<NaiveDate>)> {
    let log: Vec<&MeetingRow> = meeting_blocks(k).into_iter().flatten().collect();
    let table7_of = |month: (i32, u32)| -> Vec<(String, Vec<NaiveDate>)> {
        log.iter()
            .filter(|m| m.report_month() == month)
            .map(|m| {
                let first_line = m.meeting.lines().next().expect("a meeting name");
                (first_line.to_owned(), m.parsed_dates())
            })
            .collect()
    };
    let expected = |table: &[(&str, &[Ymd])]| -> Vec<(String, Vec<NaiveDate>)> {
        table
            .iter()
            .map(|(name, dates)| {
                (
                    (*name).to_owned(),
                    dates.iter().copied().map(date_of).collect(),
                )
            })
            .collect()
    };
    assert_eq!(
        table7_of((REPORT_YEAR, REPORT_MONTH)),
        expected(&TABLE7),
        "March's Table 7 from a later log"
    );
    for plan in &LATER_MONTHS[..=k] {
        assert_eq!(
            table7_of((plan.year, plan.month)),
            expected(plan.table7),
            "Table 7 for {}",
            plan.name
        );
    }
    for m in &log {
        assert!(
            !m.date_cell || m.parsed_dates().len() == 1,
            "only a single date can be a date cell"
        );
    }
    let plan = &LATER_MONTHS[k];
    table7_of((plan.year, plan.month))
}

// ---------------------------------------------------------------------------------------------------
// Later months: timesheets (Table 4)
// ---------------------------------------------------------------------------------------------------

/// From April two of March's six grid people keep their weekly grids; the other four book through
/// the time-recording system like everyone else, so the export has 28 people.
const GRIDS_FROM_APRIL: [Name; 2] = [("Amy", "Lockwood"), ("Ben", "Tallis")];

fn layout_from_april(who: &Staff) -> Layout {
    match who.layout {
        Layout::Grid(_) if !GRIDS_FROM_APRIL.contains(&(who.first, who.last)) => Layout::Export,
        layout => layout,
    }
}

/// The order of the export: by day, then person, then driver.
fn sort_bookings(bookings: &mut [Booking]) {
    bookings.sort_by(|a, b| {
        (a.date, STAFF[a.staff].full_name(), a.driver).cmp(&(
            b.date,
            STAFF[b.staff].full_name(),
            b.driver,
        ))
    });
}

/// Like `planned_minutes`, with the month's bank holidays and a little more leave.
fn later_planned_minutes(who: &Staff, date: NaiveDate, plan: &LaterMonth, rng: &mut Rng) -> u32 {
    if is_weekend(date) {
        let weekend_worker = who.layout == Layout::Grid(GridStyle::Weekend);
        return if weekend_worker && date == date_of(plan.saturday) {
            120
        } else {
            0
        };
    }
    if plan.is_bank_holiday(date) || (!who.works_fridays && date.weekday() == Weekday::Fri) {
        return 0;
    }
    match rng.below(100) {
        0..=2 => 0,               // annual leave
        3 => MINUTES_PER_DAY / 2, // half day
        _ => MINUTES_PER_DAY,
    }
}

/// The lowest and highest totals `adjust_to_total` can reach from these days (it moves full
/// weekdays between 6.5 and 10 hours and leaves the rest alone).
fn reachable_minutes(days: &[PersonDay]) -> (u32, u32) {
    days.iter().fold((0, 0), |(low, high), d| {
        if is_weekend(d.date) || d.minutes < MINUTES_PER_DAY - 60 {
            (low + d.minutes, high + d.minutes)
        } else {
            (low + MINUTES_PER_DAY - 60, high + MINUTES_PER_DAY + 150)
        }
    })
}

/// The month's real time: planned days, days an earlier month's files already showed (`shown`:
/// March's export has four people's 1 April), and every other working day drawn and split between
/// drivers so that each driver's month adds up exactly to the plan.
fn later_bookings(plan: &LaterMonth, shown: &[Booking], rng: &mut Rng) -> Vec<Booking> {
    let mut fixed: Vec<Booking> = shown
        .iter()
        .filter(|b| plan.contains(b.date))
        .cloned()
        .collect();
    for &(first, last, day, split) in plan.fixed_days {
        let staff = staff_index(first, last);
        fixed.extend(split.iter().map(|&(driver, minutes)| Booking {
            staff,
            date: date_of(day),
            driver,
            minutes,
        }));
    }
    let fixed_days: BTreeSet<(usize, NaiveDate)> =
        fixed.iter().map(|b| (b.staff, b.date)).collect();
    let mut budgets = plan.targets();
    for b in &fixed {
        let left = budgets
            .get_mut(&b.driver)
            .expect("every driver has a target");
        *left = left.checked_sub(b.minutes).unwrap_or_else(|| {
            panic!(
                "{}: planned {} time exceeds the month's target",
                plan.name,
                b.driver.name()
            )
        });
    }
    let mut days = Vec::new();
    for date in days_between(plan.first_day(), plan.last_day()) {
        for (staff, who) in STAFF.iter().enumerate() {
            if fixed_days.contains(&(staff, date)) {
                continue;
            }
            let minutes = later_planned_minutes(who, date, plan, rng);
            if minutes > 0 {
                days.push(PersonDay {
                    staff,
                    date,
                    minutes,
                });
            }
        }
    }
    let target: u32 = budgets.values().sum();
    let (low, high) = reachable_minutes(&days);
    assert!(
        (low..=high).contains(&target),
        "{}: {target} minutes cannot be reached from the working days ({low}..={high})",
        plan.name
    );
    adjust_to_total(&mut days, target, rng);
    let mut bookings = allocate(&days, Budget::new(budgets), rng);
    bookings.extend(fixed);
    sort_bookings(&mut bookings);
    bookings
}

/// Whether a grid person's sheets show `date` (the weeks overlap the month's ends).
fn in_grid_weeks(who: &Staff, date: NaiveDate, mondays: &[NaiveDate]) -> bool {
    match layout_from_april(who) {
        Layout::Grid(style) => mondays
            .iter()
            .any(|&monday| grid_days(style, monday).contains(&date)),
        _ => false,
    }
}

/// For each later month, every booking its timesheet files show, in export order: the month's own
/// time, the long-layout rows of one day either side, and the grid days outside the month. Each
/// booking exists once: May's files show April's real 30 April, April's show May's real 1 May and
/// March's real 29 March; the 3 June rows in May's export are drawn by preference.
fn later_timesheets(march: &[Booking]) -> Vec<Vec<Booking>> {
    let mut truth: Vec<Booking> = march
        .iter()
        .filter(|b| in_report_month(b.date))
        .cloned()
        .collect();
    for plan in &LATER_MONTHS {
        let mut rng = Rng::seeded(&format!("timesheets {}", plan.label()));
        truth.extend(later_bookings(plan, march, &mut rng));
    }
    let known =
        |date: NaiveDate| in_report_month(date) || LATER_MONTHS.iter().any(|p| p.contains(date));
    let mut rng = Rng::seeded("timesheets beyond May 2019");
    for plan in &LATER_MONTHS {
        for (day, people) in [plan.day_before, plan.day_after] {
            let date = date_of(day);
            if known(date) {
                continue;
            }
            for (first, last) in people {
                truth.extend(full_day_by_preference(
                    staff_index(first, last),
                    date,
                    &mut rng,
                ));
            }
        }
    }
    LATER_MONTHS
        .iter()
        .map(|plan| {
            let mondays = plan.mondays();
            let pasted = |b: &Booking| {
                let who = &STAFF[b.staff];
                [plan.day_before, plan.day_after]
                    .iter()
                    .any(|(day, people)| {
                        b.date == date_of(*day) && people.contains(&(who.first, who.last))
                    })
            };
            let mut shown: Vec<Booking> = truth
                .iter()
                .filter(|b| {
                    plan.contains(b.date)
                        || pasted(b)
                        || in_grid_weeks(&STAFF[b.staff], b.date, &mondays)
                })
                .cloned()
                .collect();
            sort_bookings(&mut shown);
            shown
        })
        .collect()
}

/// The month's files against the plan: exact minutes per driver, nobody over 24 hours a day or
/// booking a day and driver twice, nobody on a bank holiday or at a weekend (but the grid person's
/// planned Saturdays), the out-of-month rows really there. Returns in-month minutes per driver.
fn check_later_timesheets(plan: &LaterMonth, shown: &[Booking]) -> BTreeMap<Driver, u32> {
    let mut per_driver: BTreeMap<Driver, u32> = Driver::ALL.iter().map(|&d| (d, 0)).collect();
    let mut per_person_day: BTreeMap<(usize, NaiveDate), u32> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    let saturdays: Vec<NaiveDate> = LATER_MONTHS.iter().map(|p| date_of(p.saturday)).collect();
    for b in shown {
        let who = &STAFF[b.staff];
        assert!(
            b.minutes > 0 && b.minutes % 15 == 0,
            "booking not whole quarter-hours: {b:?}"
        );
        assert!(
            seen.insert((b.staff, b.date, b.driver)),
            "same person, day and driver twice: {b:?}"
        );
        assert!(
            !LATER_MONTHS.iter().any(|p| p.is_bank_holiday(b.date)),
            "{} books a bank holiday: {b:?}",
            who.full_name()
        );
        assert!(
            !is_weekend(b.date)
                || (who.layout == Layout::Grid(GridStyle::Weekend) && saturdays.contains(&b.date)),
            "unplanned weekend booking: {b:?}"
        );
        *per_person_day.entry((b.staff, b.date)).or_default() += b.minutes;
        if plan.contains(b.date) {
            *per_driver.get_mut(&b.driver).expect("known driver") += b.minutes;
        }
    }
    for ((staff, date), minutes) in &per_person_day {
        assert!(
            *minutes <= MAX_MINUTES_PER_PERSON_DAY,
            "{} books {minutes} minutes on {date}",
            STAFF[*staff].full_name()
        );
    }
    assert_eq!(
        per_driver,
        plan.targets(),
        "{}: minutes per driver",
        plan.name
    );
    for (staff, who) in STAFF.iter().enumerate() {
        assert!(
            shown
                .iter()
                .any(|b| b.staff == staff && plan.contains(b.date)),
            "{} books nothing in {}",
            who.full_name(),
            plan.name
        );
        let outside = shown
            .iter()
            .filter(|b| b.staff == staff && !plan.contains(b.date))
            .count();
        if matches!(layout_from_april(who), Layout::Grid(_)) {
            assert!(
                outside > 0,
                "{}'s grids show no day outside the month",
                who.full_name()
            );
        }
    }
    for (day, people) in [plan.day_before, plan.day_after] {
        for (first, last) in people {
            let staff = staff_index(first, last);
            assert!(
                !matches!(layout_from_april(&STAFF[staff]), Layout::Grid(_)),
                "{first} {last} is not in the long layout"
            );
            assert!(
                shown
                    .iter()
                    .any(|b| b.staff == staff && b.date == date_of(day)),
                "{first} {last} has no booking on {day:?} to paste into the export"
            );
        }
    }
    per_driver
}

// ---------------------------------------------------------------------------------------------------
// Later months: helpdesk (Table 5) and website (Table 6)
// ---------------------------------------------------------------------------------------------------

/// Emails arrive on any day, fewer at weekends and on bank holidays; the telephone is answered on
/// working days only.
fn later_arrival(plan: &LaterMonth, channel: Channel, rng: &mut Rng) -> NaiveDateTime {
    let days: Vec<NaiveDate> = days_between(plan.first_day(), plan.last_day()).collect();
    let weights: Vec<u64> = days
        .iter()
        .map(|d| {
            let closed = is_weekend(*d) || plan.is_bank_holiday(*d);
            match (closed, channel) {
                (false, _) => 20,
                (true, Channel::Email) => 2,
                (true, Channel::Telephone) => 0,
            }
        })
        .collect();
    let day = days[rng.weighted(&weights).expect("a month has working days")];
    let (open, hours_open) = match channel {
        Channel::Email => (7 * 60, 12 * 60),
        Channel::Telephone => (9 * 60, 8 * 60),
    };
    let minute = open + rng.below(hours_open) as u32;
    at(day, minute / 60, minute % 60)
}

/// The month's enquiries in arrival order, numbered on from `last_number` (the year's sequence).
fn later_enquiries(plan: &LaterMonth, last_number: u32) -> Vec<Enquiry> {
    let mut rng = Rng::seeded(&format!("helpdesk {}", plan.label()));
    let enquiry = |channel: Channel, category: Category, rng: &mut Rng| Enquiry {
        reference: String::new(),
        received: later_arrival(plan, channel, rng),
        channel,
        category,
        mailbox: mailbox_for(channel, category, rng),
        subject: subject_for(category, rng),
    };
    let mut enquiries = Vec::new();
    for (category, &n) in Category::ALL.iter().zip(plan.emails.iter()) {
        for _ in 0..n {
            enquiries.push(enquiry(Channel::Email, *category, &mut rng));
        }
    }
    for _ in 0..plan.phones {
        let category = phone_category(&mut rng);
        enquiries.push(enquiry(Channel::Telephone, category, &mut rng));
    }
    enquiries.sort_by_key(|e| (e.received, e.category, e.channel == Channel::Telephone));
    for (n, e) in (last_number + 1..).zip(enquiries.iter_mut()) {
        e.reference = format!("HD-{}-{n:05}", plan.year);
    }
    enquiries
}

/// The last number of the year's reference sequence among `enquiries`.
fn last_reference_number(enquiries: &[Enquiry], year: i32) -> u32 {
    let prefix = format!("HD-{year}-");
    enquiries
        .iter()
        .filter_map(|e| e.reference.strip_prefix(&prefix))
        .map(|n| n.parse::<u32>().expect("numeric reference"))
        .max()
        .unwrap_or(0)
}

/// The month's enquiries against the plan; returns the email counts by category.
fn check_later_helpdesk(plan: &LaterMonth, enquiries: &[Enquiry], last_number: u32) -> [u32; 11] {
    let mut emails = [0u32; 11];
    let mut phones = 0;
    for (n, e) in (last_number + 1..).zip(enquiries) {
        assert!(
            plan.contains(e.received.date()),
            "{} outside the month",
            e.reference
        );
        assert_eq!(
            e.reference,
            format!("HD-{}-{n:05}", plan.year),
            "references continue March's sequence"
        );
        match e.channel {
            Channel::Email => emails[e.category as usize] += 1,
            Channel::Telephone => {
                phones += 1;
                let day = e.received.date();
                assert!(
                    !is_weekend(day) && !plan.is_bank_holiday(day),
                    "{}: a call on a closed day",
                    e.reference
                );
            }
        }
        if e.mailbox == Mailbox::Security {
            assert!(
                matches!(e.category, C::SubCommittees | C::UserCio),
                "{} in security@",
                e.reference
            );
        }
    }
    assert_eq!(emails, plan.emails, "{}: emails by category", plan.name);
    assert_eq!(phones, plan.phones, "{}: telephone enquiries", plan.name);
    let total: u32 = emails.iter().sum();
    assert!(
        (1500..=1800).contains(&total),
        "{}: {total} emails",
        plan.name
    );
    emails
}

fn later_web(plan: &LaterMonth) -> Vec<DailyVisits> {
    let mut rng = Rng::seeded(&format!("analytics {}", plan.label()));
    let days = daily_month(
        plan.year,
        plan.month,
        plan.visits,
        plan.page_views,
        &mut rng,
    );
    let sessions: u64 = days.iter().map(|d| d.sessions).sum();
    let views: u64 = days.iter().map(|d| d.pageviews).sum();
    assert_eq!(sessions, plan.visits, "{}: daily sessions", plan.name);
    assert_eq!(views, plan.page_views, "{}: daily page views", plan.name);
    assert_eq!(
        days.len(),
        plan.last_day().day() as usize,
        "{}: one row a day",
        plan.name
    );
    assert!(
        days.iter()
            .all(|d| d.sessions > 0 && d.pageviews >= d.sessions)
    );
    days
}

// ---------------------------------------------------------------------------------------------------
// Later months: membership register (Tables 1, 2, 3, Figure 1, section 1)
// ---------------------------------------------------------------------------------------------------

/// A party joining the register: name, category, voting group (blank: its own), accession date.
type Joiner = (&'static str, PartyCategory, Option<&'static str>, Ymd);

/// Appends parties to the Register sheet, as Party Support does when they accede.
fn accede(register: &mut Register, joiners: &[Joiner], rng: &mut Rng) {
    for &(name, category, group, date) in joiners {
        let accession = date_of(date);
        assert!(
            register.parties.iter().all(|p| p.accession <= accession),
            "the register is appended in accession order"
        );
        register.parties.push(Party {
            name: name.to_owned(),
            category,
            category_text: loose_category(category, rng),
            voting_group: group.map(str::to_owned),
            accession,
            accession_style: DateStyle::random(6, rng),
            exit: None,
            comment: None,
        });
    }
}

/// The month's SECCo Board admits applicants: organisation and category as typed.
fn admit(register: &mut Register, applicants: &[(&str, &str)], board: Ymd) {
    for &(organisation, category_text) in applicants {
        register.applicants.push(Applicant {
            organisation: organisation.to_owned(),
            category: PC::from_text(category_text).expect("a template spelling"),
            category_text: category_text.to_owned(),
            board: date_of(board),
            board_style: DateStyle::Cell,
            status: "Awaiting Accession Agreement",
        });
    }
}

/// UEP completions, one per `(date, UEP type)`, by long-standing parties with none before, drawn at
/// random. Returns each party's name and first role (for a UEPT before it).
fn complete_uep(
    register: &mut Register,
    completions: &[(Ymd, &'static str)],
    rng: &mut Rng,
) -> Vec<(String, UserRole)> {
    let done: BTreeSet<String> = register.uep.iter().map(|c| fold(&c.party)).collect();
    let mut candidates: Vec<(String, PartyCategory)> = register
        .parties
        .iter()
        .filter(|p| p.exit.is_none() && p.category != PC::Dcc)
        .filter(|p| p.accession < ymd(2018, 1, 1) && !done.contains(&fold(&p.name)))
        .map(|p| (p.name.clone(), p.category))
        .collect();
    shuffle(&mut candidates, rng);
    let mut picked = Vec::new();
    for (&(date, uep_type), (party, category)) in completions.iter().zip(candidates) {
        let roles = pick_roles(category, rng);
        let roles_text = roles
            .iter()
            .map(|r| r.loosely(rng))
            .collect::<Vec<_>>()
            .join(", ");
        picked.push((party.clone(), roles[0]));
        register.uep.push(UepCompletion {
            party,
            category,
            category_text: loose_category(category, rng),
            roles,
            roles_text,
            date: date_of(date),
            date_style: DateStyle::random(15, rng),
            uep_type,
        });
    }
    assert_eq!(picked.len(), completions.len(), "enough UEP candidates");
    picked
}

/// A long-standing Other SEC Party, drawn at random (for an SREPT).
fn long_standing_other(register: &Register, rng: &mut Rng) -> String {
    let others: Vec<&Party> = register
        .parties
        .iter()
        .filter(|p| p.category == PC::Other && p.exit.is_none())
        .filter(|p| p.accession < ymd(2018, 1, 1))
        .collect();
    rng.pick(&others).name.clone()
}

fn push_test(
    register: &mut Register,
    party: &str,
    (kind, role): (TestKind, Option<UserRole>),
    date: Ymd,
    rng: &mut Rng,
) {
    let kind_text = match kind {
        TestKind::Srept => rng.pick_copy(&SREPT_SPELLINGS),
        TestKind::Uept => rng.pick_copy(&UEPT_SPELLINGS),
    };
    register.tests.push(TestCompletion {
        party: party.to_owned(),
        kind,
        kind_text,
        date: date_of(date),
        date_style: DateStyle::random(15, rng),
        role,
        role_text: role.map(|r| r.loosely(rng)),
    });
}

/// April: the three applicants March's Board admitted accede (Table 1 of March), and a third
/// Vantbridge company joins its voting group; Tarnwick Power defaults again; the Board, meeting a
/// week early because of Easter, admits two applicants; two UEP completions, a UEPT and an SREPT.
fn april_register_changes(register: &mut Register, rng: &mut Rng) {
    accede(
        register,
        &[
            (
                "Vantbridge Energy Services Ltd",
                PC::Other,
                Some(VANTBRIDGE_GROUP),
                (2019, 4, 1),
            ),
            ("Intelesant Limited", PC::Other, None, (2019, 4, 8)),
            ("Smart Test Labs GB Ltd", PC::Other, None, (2019, 4, 15)),
            (
                "Green Energy Supply Limited",
                PC::Small,
                None,
                (2019, 4, 23),
            ),
        ],
        rng,
    );
    register.defaults.push(DefaultEvent {
        party: "Tarnwick  Power Ltd",
        start: ymd(2019, 4, 8),
        start_style: DateStyle::Text("%d/%m/%Y"),
        resolved: None,
        resolved_style: DateStyle::Cell,
        comment: "Charges unpaid",
    });
    admit(
        register,
        &[
            ("Calderbrook Energy Ltd", "Small Supplier"),
            ("Meterwise Analytics Ltd", "Other SEC Party"),
        ],
        (2019, 4, 12),
    );
    let uep = complete_uep(
        register,
        &[((2019, 4, 10), "Full UEP"), ((2019, 4, 25), "Full UEP")],
        rng,
    );
    let (party, role) = &uep[0];
    push_test(
        register,
        party,
        (TestKind::Uept, Some(*role)),
        (2019, 4, 3),
        rng,
    );
    let other = long_standing_other(register, rng);
    push_test(
        register,
        &other,
        (TestKind::Srept, None),
        (2019, 4, 17),
        rng,
    );
}

/// May: April's two applicants and one more party accede; Pennock Power's Event of Default is
/// resolved; the Panel expels Kestrelmoor Energy, whose Event of Default nobody closes in the log
/// (its exit alone takes it out of the In Default count); the Board admits two applicants; three UEP
/// completions, two UEPT and an SREPT.
fn may_register_changes(register: &mut Register, rng: &mut Rng) {
    accede(
        register,
        &[
            ("Calderbrook Energy Ltd", PC::Small, None, (2019, 5, 7)),
            ("Meterwise Analytics Ltd", PC::Other, None, (2019, 5, 20)),
            ("Heronsgate Power Ltd", PC::Small, None, (2019, 5, 28)),
        ],
        rng,
    );
    let pennock = register
        .defaults
        .iter_mut()
        .find(|e| fold(e.party) == fold("Pennock Power Ltd") && e.resolved.is_none())
        .expect("Pennock Power's open Event of Default");
    pennock.resolved = Some(ymd(2019, 5, 14));
    let kestrelmoor = register
        .parties
        .iter_mut()
        .find(|p| p.name == "Kestrelmoor Energy Ltd")
        .expect("Kestrelmoor Energy in the register");
    kestrelmoor.exit = Some(PartyExit {
        date: ymd(2019, 5, 17),
        style: DateStyle::Cell,
        kind: ExitKind::Expulsion,
        kind_text: "Expelled",
        reason: "revocation of its Electricity Supply Licence by Ofgem, having ceased trading",
    });
    admit(
        register,
        &[
            ("Oxbow Smart Homes Ltd", "Other Parties"),
            ("Redcliffe Gas Supply Ltd", "Small Suppliers"),
        ],
        (2019, 5, 17),
    );
    let uep = complete_uep(
        register,
        &[
            ((2019, 5, 2), "Full UEP"),
            ((2019, 5, 16), "Full UEP"),
            ((2019, 5, 29), "Additional User Role"),
        ],
        rng,
    );
    for ((party, role), day) in uep[1..].iter().zip([(2019, 5, 9), (2019, 5, 21)]) {
        push_test(register, party, (TestKind::Uept, Some(*role)), day, rng);
    }
    let other = long_standing_other(register, rng);
    push_test(
        register,
        &other,
        (TestKind::Srept, None),
        (2019, 5, 24),
        rng,
    );
}

/// The register as it stands at the end of `LATER_MONTHS[k]`: March's, then each month's edits.
fn register_as_of(k: usize) -> Register {
    let mut register = build_register();
    for plan in &LATER_MONTHS[..=k] {
        let mut rng = Rng::seeded(&format!("membership register {}", plan.label()));
        (plan.register_changes)(&mut register, &mut rng);
    }
    register
}

/// The later register keeps every row of the earlier one, in place, with the same cells. The only
/// edits are those time makes: a blank exit or Date Resolved filled with a day after `earlier_end`.
fn check_superset(earlier: &Register, later: &Register, earlier_end: NaiveDate) {
    fn kept<T: PartialEq>(old: &[T], new: &[T], what: &str) {
        assert!(new.len() >= old.len(), "{what}: rows removed");
        for (i, (a, b)) in old.iter().zip(new).enumerate() {
            assert!(a == b, "{what}: row {} changed", i + 1);
        }
    }
    assert!(
        later.parties.len() >= earlier.parties.len(),
        "parties removed"
    );
    for (old, new) in earlier.parties.iter().zip(&later.parties) {
        let same = old.name == new.name
            && old.category == new.category
            && old.category_text == new.category_text
            && old.voting_group == new.voting_group
            && old.accession == new.accession
            && old.accession_style == new.accession_style
            && old.comment == new.comment;
        assert!(same, "register row of {} changed", old.name);
        match (&old.exit, &new.exit) {
            (None, Some(exit)) => assert!(exit.date > earlier_end, "{}: exit backdated", old.name),
            (old_exit, new_exit) => assert!(old_exit == new_exit, "{}: exit changed", old.name),
        }
    }
    assert!(
        later.defaults.len() >= earlier.defaults.len(),
        "events removed"
    );
    for (old, new) in earlier.defaults.iter().zip(&later.defaults) {
        let same = old.party == new.party
            && old.start == new.start
            && old.start_style == new.start_style
            && old.resolved_style == new.resolved_style
            && old.comment == new.comment;
        assert!(same, "Event of Default of {} changed", old.party);
        match (old.resolved, new.resolved) {
            (None, Some(day)) => assert!(day > earlier_end, "{}: resolution backdated", old.party),
            (a, b) => assert_eq!(a, b, "{}: Date Resolved changed", old.party),
        }
    }
    kept(&earlier.applicants, &later.applicants, "applicants");
    kept(&earlier.uep, &later.uep, "UEP completions");
    kept(&earlier.tests, &later.tests, "tests");
}

/// Table 3's column for a month: from the paper up to March 2019, then from the plans.
fn intended_table3(month: (i32, u32)) -> [u32; 4] {
    if let Some(i) = register_months().iter().position(|&m| m == month) {
        return [
            TABLE3_ACCESSIONS[i],
            TABLE3_IN_DEFAULT[i],
            TABLE3_WITHDRAWALS[i],
            TABLE3_EXPULSIONS[i],
        ];
    }
    LATER_MONTHS
        .iter()
        .find(|p| (p.year, p.month) == month)
        .map(|p| p.table3)
        .expect("a month of the samples")
}

/// What a converter should derive from a later month's register, as the checks found it.
struct LaterRegisterFigures {
    table3: [u32; 4],
    parties: usize,
    figure1: [usize; 6],
    in_default: Vec<String>,
    table1: Vec<String>,
    table2: Vec<String>,
    footnotes: Vec<String>,
}

fn count_u32(n: usize) -> u32 {
    u32::try_from(n).expect("small count")
}

/// The register at a later month's end against the plan: Table 3 over the thirteen months ending
/// with it (earlier months unchanged from the paper), parties, voting groups, Events of Default,
/// Tables 1 and 2, tests and footnotes.
fn check_later_register(register: &Register, plan: &LaterMonth) -> LaterRegisterFigures {
    let parties = &register.parties;
    let by_key = index_parties(parties);
    let party_of = |name: &str| -> &Party {
        &parties[*by_key
            .get(&fold(name))
            .unwrap_or_else(|| panic!("unknown party {name:?}"))]
    };
    let (first, end) = (plan.first_day(), plan.last_day());
    let events: Vec<(usize, &DefaultEvent)> = register
        .defaults
        .iter()
        .map(|e| {
            let i = *by_key
                .get(&fold(e.party))
                .unwrap_or_else(|| panic!("Event of Default for unknown party {:?}", e.party));
            (i, e)
        })
        .collect();
    for (i, event) in &events {
        assert!(
            event.start >= parties[*i].accession,
            "{}: default before accession",
            event.party
        );
        assert!(
            event.resolved.is_none_or(|r| r >= event.start),
            "{}: resolved before it started",
            event.party
        );
    }
    let window = months_ending(plan.year, plan.month, 13);
    let mut table3 = [0; 4];
    for &(year, month) in &window {
        let within = |d: NaiveDate| (d.year(), d.month()) == (year, month);
        let exits = |kind: ExitKind| {
            parties
                .iter()
                .filter(|p| {
                    p.exit
                        .as_ref()
                        .is_some_and(|e| e.kind == kind && within(e.date))
                })
                .count()
        };
        let column = [
            count_u32(parties.iter().filter(|p| within(p.accession)).count()),
            count_u32(parties_in_default(&events, parties, last_day_of_month(year, month)).len()),
            count_u32(exits(ExitKind::Withdrawal)),
            count_u32(exits(ExitKind::Expulsion)),
        ];
        assert_eq!(
            column,
            intended_table3((year, month)),
            "Table 3, {} in the register of {}",
            month_label((year, month)),
            plan.name
        );
        table3 = column;
    }
    let active: Vec<&Party> = parties.iter().filter(|p| p.active_at(end)).collect();
    let groups: BTreeMap<String, PartyCategory> =
        active.iter().map(|p| (p.group_key(), p.category)).collect();
    let mut figure1 = [0usize; 6];
    for category in groups.values() {
        figure1[*category as usize] += 1;
    }
    assert_eq!(
        active.len(),
        plan.parties_at_end,
        "Parties at the end of {}",
        plan.name
    );
    assert_eq!(
        groups.len(),
        plan.voting_groups_at_end,
        "Voting Groups at the end of {}",
        plan.name
    );
    assert_eq!(figure1, plan.figure1, "Figure 1 for {}", plan.name);
    let in_default: Vec<String> = parties_in_default(&events, parties, end)
        .into_iter()
        .map(|i| parties[i].name.clone())
        .collect();
    let new = register
        .defaults
        .iter()
        .filter(|e| plan.contains(e.start))
        .count();
    let resolved = register
        .defaults
        .iter()
        .filter(|e| e.resolved.is_some_and(|r| plan.contains(r)))
        .count();
    assert_eq!(
        new, plan.new_defaults,
        "new Events of Default in {}",
        plan.name
    );
    assert_eq!(
        resolved, plan.resolved_defaults,
        "Events of Default resolved in {}",
        plan.name
    );

    for a in &register.applicants {
        assert_eq!(PC::from_text(&a.category_text), Some(a.category));
        assert!(
            a.board <= end,
            "{}: an applicant for a later Board",
            a.organisation
        );
        if a.board < first {
            assert!(
                party_of(&a.organisation).accession > a.board,
                "{} acceded before its Board",
                a.organisation
            );
        }
    }
    let table1: Vec<String> = register
        .applicants
        .iter()
        .filter(|a| plan.contains(a.board))
        .map(|a| {
            format!(
                "{} | {} | Board {}",
                a.organisation,
                a.category_text,
                a.board.format("%d/%m/%Y")
            )
        })
        .collect();
    assert_eq!(table1.len(), plan.table1_rows, "Table 1 for {}", plan.name);

    for c in &register.uep {
        let party = party_of(&c.party);
        assert!(
            party.active_at(c.date),
            "{} completed UEP outside membership",
            c.party
        );
        assert_eq!(PC::from_text(&c.category_text), Some(c.category));
        assert_eq!(c.category, party.category, "{}: category", c.party);
        assert_eq!(
            roles_from_text(&c.roles_text).as_ref(),
            Some(&c.roles),
            "{}: roles",
            c.party
        );
        assert!(c.date <= end, "a completion after the month");
    }
    let table2: Vec<String> = register
        .uep
        .iter()
        .filter(|c| plan.contains(c.date))
        .map(|c| {
            format!(
                "{} | {} | {} | {} | {}",
                c.party,
                c.category_text,
                c.roles_text.replace('\n', " "),
                c.date.format("%d/%m/%Y"),
                c.uep_type
            )
        })
        .collect();
    assert_eq!(table2.len(), plan.table2_rows, "Table 2 for {}", plan.name);

    for t in &register.tests {
        assert_eq!(TestKind::from_text(t.kind_text), Some(t.kind));
        assert_eq!(t.role_text.and_then(UserRole::from_text), t.role);
        assert!(
            party_of(&t.party).active_at(t.date),
            "{} tested outside membership",
            t.party
        );
        assert!(t.date <= end, "a test after the month");
    }
    let tests_of = |kind: TestKind| {
        register
            .tests
            .iter()
            .filter(|t| plan.contains(t.date) && TestKind::from_text(t.kind_text) == Some(kind))
            .count()
    };
    assert_eq!(
        tests_of(TestKind::Srept),
        plan.srept,
        "SREPT in {}",
        plan.name
    );
    assert_eq!(tests_of(TestKind::Uept), plan.uept, "UEPT in {}", plan.name);

    let index = |d: NaiveDate| window.iter().position(|&m| m == (d.year(), d.month()));
    let footnotes: Vec<((i32, u32), String)> = expulsion_footnotes_in(parties, index)
        .into_iter()
        .map(|(i, text)| (window[i], text))
        .collect();
    let mut expected: Vec<((i32, u32), String)> = TABLE3_FOOTNOTES
        .iter()
        .map(|&(m, text)| (register_months()[m], text.to_owned()))
        .chain(
            LATER_MONTHS
                .iter()
                .filter_map(|p| p.footnote.map(|text| ((p.year, p.month), text.to_owned()))),
        )
        .filter(|(m, _)| window.contains(m))
        .collect();
    expected.sort_by_key(|(m, _)| *m);
    assert_eq!(footnotes, expected, "Table 3 footnotes for {}", plan.name);

    LaterRegisterFigures {
        table3,
        parties: active.len(),
        figure1,
        in_default,
        table1,
        table2,
        footnotes: footnotes
            .into_iter()
            .map(|(m, text)| format!("{}: {text}", month_label(m)))
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------------------
// Later months: the folders
// ---------------------------------------------------------------------------------------------------

/// One later month, built and checked in memory.
struct LaterSample {
    /// Its place in `LATER_MONTHS`.
    index: usize,
    plan: &'static LaterMonth,
    /// Every booking its timesheet files show, in export order.
    shown: Vec<Booking>,
    per_driver: BTreeMap<Driver, u32>,
    enquiries: Vec<Enquiry>,
    emails: [u32; 11],
    web: Vec<DailyVisits>,
    register: Register,
    register_figures: LaterRegisterFigures,
    table7: Vec<(String, Vec<NaiveDate>)>,
}

/// April and May from March's records, each checked against its plan and against the month before.
fn build_later_samples(
    march_bookings: &[Booking],
    march_enquiries: &[Enquiry],
) -> Vec<LaterSample> {
    let march_register = build_register();
    let mut last_number = last_reference_number(march_enquiries, REPORT_YEAR);
    let mut samples: Vec<LaterSample> = Vec::new();
    for (index, shown) in later_timesheets(march_bookings).into_iter().enumerate() {
        let plan = &LATER_MONTHS[index];
        let per_driver = check_later_timesheets(plan, &shown);
        let enquiries = later_enquiries(plan, last_number);
        let emails = check_later_helpdesk(plan, &enquiries, last_number);
        last_number = last_reference_number(&enquiries, plan.year);
        let register = register_as_of(index);
        let (previous, previous_end) = match samples.last() {
            Some(sample) => (&sample.register, sample.plan.last_day()),
            None => (&march_register, report_month_end()),
        };
        check_superset(previous, &register, previous_end);
        let register_figures = check_later_register(&register, plan);
        samples.push(LaterSample {
            index,
            plan,
            shown,
            per_driver,
            enquiries,
            emails,
            web: later_web(plan),
            register,
            register_figures,
            table7: check_later_meetings(index),
        });
    }
    samples
}

/// `samples/2019-04/`: only what the team drops in that month.
fn write_later_folder(sample: &LaterSample, root: &Path) -> Result<Vec<String>> {
    let plan = sample.plan;
    let label = plan.label();
    let dir = root.join(&label);
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut written = Vec::new();
    write_long_layout(
        &sample.shown,
        layout_from_april,
        &plan.export_shape(),
        &mut Rng::seeded(&format!("long layout {label}")),
        &dir,
        &mut written,
    )?;
    write_grid_workbooks(
        &sample.shown,
        layout_from_april,
        &plan.mondays(),
        (
            &format!(" {label}"),
            at(date_of(plan.grids_created), 16, 40),
        ),
        &dir,
        &mut written,
    )?;
    write_helpdesk_month_csv(
        &sample.enquiries,
        (plan.year, plan.month),
        &mut Rng::seeded(&format!("helpdesk {label} csv")),
        &dir,
        &mut written,
    )?;
    let overview = plan.ua_overview();
    write_ua_sessions(&sample.web, &overview, &dir, &mut written)?;
    write_ua_pageviews(&sample.web, &overview, &dir, &mut written)?;
    write_register_as_of(
        &sample.register,
        date_of(plan.register_updated),
        &dir,
        &mut written,
    )?;
    write_meetings_blocks(&meeting_blocks(sample.index), &dir, &mut written)?;
    if plan.month == 4 {
        write_staff_list(&dir, &mut written)?;
    }
    write_noise_for(plan.lock, plan.name, &dir, &mut written)?;
    Ok(written)
}

/// April's staff list: everyone of `STAFF` (the Contractors sheet's people as contractors, on
/// day rates of £450 to £650; those who do not work Fridays on 30 hours a week), and a new
/// starter who booked nothing yet. Staff have no day rate but two, to cost part of a driver.
fn write_staff_list(dir: &Path, written: &mut Vec<String>) -> Result<()> {
    let fmt = Formats::new();
    let mut sheet = Worksheet::new();
    sheet.set_name("Staff")?;
    write_header(
        &mut sheet,
        0,
        &["Name", "Staff or Contractor", "Hours a Week", "Day Rate"],
        &fmt,
    )?;
    let mut row = 1u32;
    for (i, who) in STAFF.iter().enumerate() {
        let contractor = matches!(who.layout, Layout::Contractor);
        sheet.write_string(row, 0, who.full_name())?;
        sheet.write_string(row, 1, if contractor { "Contractor" } else { "Staff" })?;
        sheet.write_number(row, 2, if who.works_fridays { 37.5 } else { 30.0 })?;
        if contractor {
            sheet.write_number(row, 3, 450.0 + 100.0 * (i % 3) as f64)?;
        } else if i < 2 {
            sheet.write_number(row, 3, 380.0)?;
        }
        row += 1;
    }
    sheet.write_string(row, 0, "Grace Upton")?;
    sheet.write_string(row, 1, "Employee")?;
    sheet.write_number(row, 2, 37.5)?;
    for (col, width) in [24.0, 20.0, 14.0, 10.0].into_iter().enumerate() {
        sheet.set_column_width(u16::try_from(col)?, width)?;
    }
    let mut workbook = Workbook::new();
    workbook.push_worksheet(sheet);
    save_workbook(
        workbook,
        dir,
        "staff-list.xlsx",
        at(ymd(2019, 4, 1), 9, 0),
        written,
    )
}

/// `samples/2019-04-complete/`: the month's folder as a team that kept everything would have it.
/// Besides the month's own files, the running helpdesk log and every monthly helpdesk file since,
/// and every analytics file since March's, copied byte for byte from the folders just written.
fn write_complete_folder(sample: &LaterSample, own: &[String], root: &Path) -> Result<Vec<String>> {
    let label = sample.plan.label();
    let dir = root.join(format!("{label}-complete"));
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let march = format!("{REPORT_YEAR}-{REPORT_MONTH:02}");
    let mut sources: Vec<(String, String)> = [
        "helpdesk-log.xlsx",
        "helpdesk-2019-03.csv",
        "analytics-sessions-2019-03.csv",
        "analytics-pageviews-2019-03.xlsx",
        "website-statistics.xlsx",
        "ga4-2019-01-02.csv",
    ]
    .iter()
    .map(|name| (march.clone(), (*name).to_owned()))
    .collect();
    for earlier in &LATER_MONTHS[..sample.index] {
        let folder = earlier.label();
        for name in [
            format!("helpdesk-{folder}.csv"),
            format!("analytics-sessions-{folder}.csv"),
            format!("analytics-pageviews-{folder}.xlsx"),
        ] {
            sources.push((folder.clone(), name));
        }
    }
    sources.extend(own.iter().map(|name| (label.clone(), name.clone())));
    let mut written = Vec::new();
    for (folder, name) in sources {
        let from = root.join(&folder).join(&name);
        let bytes = fs::read(&from).with_context(|| format!("reading {}", from.display()))?;
        save_bytes(&dir, &name, &bytes, &mut written)?;
    }
    Ok(written)
}

fn print_later_sample(sample: &LaterSample, root: &Path, written: &[String], complete: &[String]) {
    let plan = sample.plan;
    let label = month_label((plan.year, plan.month));
    println!();
    println!(
        "{} (folder {}): the figures a converter should produce",
        plan.name,
        plan.label()
    );
    let long_layout: BTreeSet<usize> = sample
        .shown
        .iter()
        .filter(|b| !matches!(layout_from_april(&STAFF[b.staff]), Layout::Grid(_)))
        .map(|b| b.staff)
        .collect();
    let outside = sample
        .shown
        .iter()
        .filter(|b| !plan.contains(b.date))
        .count();
    println!(
        "Timesheets: {} people in the long layout, {} in weekly grids; {outside} bookings shown outside the month",
        long_layout.len(),
        GRIDS_FROM_APRIL.len()
    );
    println!("Table 4, in-month time per driver (days unrounded -> half-up):");
    for (driver, minutes) in &sample.per_driver {
        println!(
            "  {:<40} {:>5}:{:02} h = {:>9.4} days -> {:>3}",
            driver.name(),
            minutes / 60,
            minutes % 60,
            f64::from(*minutes) / f64::from(MINUTES_PER_DAY),
            rounded_days(*minutes)
        );
    }
    let total: u32 = sample.per_driver.values().sum();
    let sum_of_rounded: u32 = sample.per_driver.values().map(|&m| rounded_days(m)).sum();
    println!(
        "  {:<40} {:>5}:{:02} h = {:>9.4} days -> {:>3} (the rounded drivers add to {sum_of_rounded})",
        "Grand Total",
        total / 60,
        total % 60,
        f64::from(total) / f64::from(MINUTES_PER_DAY),
        rounded_days(total)
    );
    println!("Table 5, {label} column (emails by category):");
    for (category, n) in Category::ALL.iter().zip(sample.emails) {
        println!("  {:<40} {n:>5}", category.name());
    }
    println!("  {:<40} {:>5}", "Total", sample.emails.iter().sum::<u32>());
    println!("  Telephone enquiries in {}: {}", plan.name, plan.phones);
    if let [first, .., last] = sample.enquiries.as_slice() {
        println!(
            "  {} rows in the monthly file, {} … {}",
            sample.enquiries.len(),
            first.reference,
            last.reference
        );
    }
    println!(
        "Table 6, {label}: visits {}, page views {}",
        thousands(plan.visits),
        thousands(plan.page_views)
    );
    let figures = &sample.register_figures;
    let [accessions, in_default, withdrawals, expulsions] = figures.table3;
    println!(
        "Table 3, {label} column: accessions {accessions}, in default {in_default}, withdrawals \
         {withdrawals}, expulsions {expulsions}"
    );
    println!(
        "  {} Parties, {} Voting Groups at the end of {}",
        figures.parties,
        figures.figure1.iter().sum::<usize>(),
        plan.name
    );
    let figure1: Vec<String> = PC::ALL
        .iter()
        .zip(figures.figure1)
        .map(|(category, n)| format!("{} {n}", category.name()))
        .collect();
    println!("  Figure 1: {}", figure1.join(", "));
    println!(
        "  In default at the month's end: {}",
        figures.in_default.join("; ")
    );
    println!(
        "  Events of Default: {} new, {} resolved; SREPT {}, UEPT {}",
        plan.new_defaults, plan.resolved_defaults, plan.srept, plan.uept
    );
    println!("  Table 3 footnotes in the window:");
    for note in &figures.footnotes {
        println!("    {note}");
    }
    println!("Table 1 (applicants, Organisation | Category | Board):");
    for row in &figures.table1 {
        println!("  {row}");
    }
    println!("Table 2 (UEP completions, Party | Category | Roles | Date | Type):");
    for row in &figures.table2 {
        println!("  {row}");
    }
    println!("Table 7 ({} meetings):", sample.table7.len());
    for (meeting, dates) in &sample.table7 {
        let dates: Vec<String> = dates
            .iter()
            .map(|d| d.format("%d/%m/%Y").to_string())
            .collect();
        println!("  {meeting}: {}", dates.join(", "));
    }
    for (folder, names) in [
        (plan.label(), written),
        (format!("{}-complete", plan.label()), complete),
    ] {
        println!(
            "Wrote {} files to {}:",
            names.len(),
            root.join(folder).display()
        );
        for name in names {
            println!("  {name}");
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Noise files
// ---------------------------------------------------------------------------------------------------

/// What Excel leaves while a workbook is open: the user name, padded, then again in UTF-16.
fn excel_lock_file_bytes(user: &str) -> Vec<u8> {
    let mut bytes = vec![u8::try_from(user.len()).expect("short user name")];
    bytes.extend(user.bytes());
    bytes.resize(54, b' ');
    bytes.extend([u8::try_from(user.len()).expect("short user name"), 0]);
    for unit in user.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    while bytes.len() < 165 {
        bytes.extend([b' ', 0]);
    }
    bytes.truncate(165);
    bytes
}

fn write_noise(dir: &Path, written: &mut Vec<String>) -> Result<()> {
    write_noise_for(("helpdesk-log.xlsx", "jpryce"), "March 2019", dir, written)
}

/// An Excel lock file for `workbook` held open by `user`, and the team's note.
fn write_noise_for(
    (workbook, user): (&str, &str),
    month_name: &str,
    dir: &Path,
    written: &mut Vec<String>,
) -> Result<()> {
    save_bytes(
        dir,
        &format!("~${workbook}"),
        &excel_lock_file_bytes(user),
        written,
    )?;
    let readme = format!(
        "{month_name} source workbooks for the SECAS Operations Report - drop this month's files here.\r\n"
    );
    save_bytes(dir, "README-for-team.txt", readme.as_bytes(), written)
}

// ---------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------

/// The samples folder: the argument, or `samples/` under the crate root. An argument naming the
/// March folder itself (`samples/2019-03`, as the README has it) means the folder around it.
fn samples_root() -> PathBuf {
    match std::env::args_os().nth(1).map(PathBuf::from) {
        Some(dir) if dir.file_name().is_some_and(|name| name == "2019-03") => {
            dir.parent().map(Path::to_path_buf).unwrap_or_default()
        }
        Some(dir) => dir,
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"),
    }
}

fn print_summary(per_driver: &BTreeMap<Driver, u32>, written: &[String], dir: &Path) {
    println!("In-month (March 2019) time per driver, as checked:");
    for (driver, minutes) in per_driver {
        println!(
            "  {:<40} {:>5}:{:02} h = {:>6.1} days -> {:>3}",
            driver.name(),
            minutes / 60,
            minutes % 60,
            f64::from(*minutes) / f64::from(MINUTES_PER_DAY),
            rounded_days(*minutes)
        );
    }
    let total: u32 = per_driver.values().sum();
    println!(
        "  {:<40} {:>5}:{:02} h = {:>6.1} days -> {:>3}",
        "Total",
        total / 60,
        total % 60,
        f64::from(total) / f64::from(MINUTES_PER_DAY),
        rounded_days(total)
    );
    println!("Wrote {} files to {}:", written.len(), dir.display());
    for name in written {
        println!("  {name}");
    }
}

// ---------------------------------------------------------------------------------------------------
// March 2019 from the exports of the tools a team may use instead of its own workbooks
// ---------------------------------------------------------------------------------------------------

/// `h:mm:ss` with the hours as many as there are, as time trackers write a duration.
fn duration_text(minutes: u32) -> String {
    format!("{:02}:{:02}:00", minutes / 60, minutes % 60)
}

/// A project a time tracker may name a driver by: the driver's own name, or an alias the
/// template lists for it.
fn tracker_project(driver: Driver) -> &'static str {
    match driver {
        D::ModsRelease => "Modifications",
        D::DataQuality => "DQ",
        D::AnnualSecurity => "ASO",
        D::TechOps => "Tech Ops",
        other => other.name(),
    }
}

/// Every booking of the month's bookings, a third each as Toggl Track, Harvest and Clockify
/// export them: Toggl and Clockify name the driver in the Project, Harvest in the Task under
/// one project for all.
fn write_time_tracker_exports(
    bookings: &[Booking],
    dir: &Path,
    written: &mut Vec<String>,
) -> Result<()> {
    let mut toggl = vec![
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()".to_owned(),
    ];
    let mut harvest = vec![
        "Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,Approved?,First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency,External Reference URL".to_owned(),
    ];
    let mut clockify = vec![
        "\"Project\",\"Client\",\"Description\",\"Task\",\"User\",\"Group\",\"Email\",\"Tags\",\"Billable\",\"Start Date\",\"Start Time\",\"End Date\",\"End Time\",\"Duration (h)\",\"Duration (decimal)\",\"Billable Rate (GBP)\",\"Billable Amount (GBP)\"".to_owned(),
    ];
    for booking in bookings {
        let who = &STAFF[booking.staff];
        let email = format!(
            "{}.{}@secas.co.uk",
            who.first.to_lowercase(),
            who.last.to_lowercase()
        );
        let start = at(booking.date, 9, 0);
        let end = start + chrono::Duration::minutes(i64::from(booking.minutes));
        let decimal = format!("{:.2}", f64::from(booking.minutes) / 60.0);
        match booking.staff % 3 {
            0 => toggl.push(format!(
                "{},{email},SECAS,{},,,No,{},{},{},{},{},,",
                who.full_name(),
                tracker_project(booking.driver),
                start.format("%Y-%m-%d"),
                start.format("%H:%M:%S"),
                end.format("%Y-%m-%d"),
                end.format("%H:%M:%S"),
                duration_text(booking.minutes)
            )),
            1 => harvest.push(format!(
                "{},SECCo,SECAS Services,SECAS,{},,{decimal},{decimal},No,No,Yes,{},{},Analyst,Yes,0,0,0,0,British Pound - GBP,",
                booking.date.format("%Y-%m-%d"),
                booking.driver.name(),
                who.first,
                who.last
            )),
            _ => clockify.push(format!(
                "\"{}\",\"SECAS\",\"\",\"\",\"{}\",\"\",\"{email}\",\"\",\"No\",\"{}\",\"{}\",\"{}\",\"{}\",\"{}\",\"{decimal}\",\"0.00\",\"0.00\"",
                tracker_project(booking.driver),
                who.full_name(),
                start.format("%d/%m/%Y"),
                start.format("%H:%M:%S"),
                end.format("%d/%m/%Y"),
                end.format("%H:%M:%S"),
                duration_text(booking.minutes)
            )),
        }
    }
    for (name, lines) in [
        (
            "Toggl_Track_time_entries_2019-03-01_to_2019-03-31.csv",
            toggl,
        ),
        (
            "harvest_time_report_from2019-03-01to2019-03-31.csv",
            harvest,
        ),
        (
            "Clockify_Time_Report_Detailed_01_03_2019-31_03_2019.csv",
            clockify,
        ),
    ] {
        let text = lines.join("\n") + "\n";
        save_bytes(dir, name, text.as_bytes(), written)?;
    }
    Ok(())
}

/// A UA daily table, day-first dates, with its totals row below.
fn ua_daily_table(
    lines: &mut Vec<String>,
    days: &[DailyVisits],
    measure: &str,
    value: fn(&DailyVisits) -> u64,
) {
    lines.push(format!("Day Index,{measure}"));
    for day in days {
        lines.push(format!(
            "{},{}",
            day.date.format("%d/%m/%Y"),
            ua_number(value(day))
        ));
    }
    lines.push(format!(",{}", ua_number(days.iter().map(value).sum())));
}

/// One Universal Analytics CSV with both daily tables, each in its own `#` block with its
/// totals row, and the overview's summary table between them.
fn write_ua_two_blocks(days: &[DailyVisits], dir: &Path, written: &mut Vec<String>) -> Result<()> {
    let mut lines: Vec<String> = ua_preamble(days).to_vec();
    lines.push(String::new());
    ua_daily_table(&mut lines, days, "Sessions", |d| d.sessions);
    lines.push(String::new());
    lines.extend(ua_preamble(days));
    lines.push(String::new());
    let (headers, values) = ua_summary_rows(days, &UaOverview::march());
    lines.push(headers.join(","));
    lines.push(ua_csv_line(&values));
    lines.push(String::new());
    lines.extend(ua_preamble(days));
    lines.push(String::new());
    ua_daily_table(&mut lines, days, "Pageviews", |d| d.pageviews);
    let text = format!("\u{feff}{}\n", lines.join("\n"));
    save_bytes(
        dir,
        "Analytics All Web Site Data Audience Overview 20190301-20190331.csv",
        text.as_bytes(),
        written,
    )
}

/// `samples/2019-03-exports/`: March 2019 as a team whose timesheets come from time trackers
/// and whose analytics are one UA CSV of two daily tables; the helpdesk, register, meetings
/// and the earlier months' statistics are March's own files. Same bookings, same days, so
/// the paper's tables.
fn write_exports_folder(
    bookings: &[Booking],
    web: &WebStats,
    march: &Path,
    root: &Path,
) -> Result<Vec<String>> {
    let dir = root.join("2019-03-exports");
    if dir.exists() {
        fs::remove_dir_all(&dir).with_context(|| format!("clearing {}", dir.display()))?;
    }
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut written = Vec::new();
    for name in [
        "helpdesk-log.xlsx",
        "helpdesk-2019-03.csv",
        "membership-register.xlsx",
        "meetings-log.xlsx",
        "website-statistics.xlsx",
        "ga4-2019-01-02.csv",
    ] {
        fs::copy(march.join(name), dir.join(name)).with_context(|| format!("copying {name}"))?;
        written.push(name.to_owned());
    }
    write_time_tracker_exports(bookings, &dir, &mut written)?;
    write_ua_two_blocks(&web.march, &dir, &mut written)?;
    Ok(written)
}

// ----------------------------------------------------------------- paper notes

/// The March 2019 paper's highlights (Section 3 and the website comment of
/// Section 6), as the author types them: section, level, text.
const MARCH_HIGHLIGHTS: &[(&str, u32, &str)] = &[
    (
        "Change Management",
        1,
        "The new Development Stage is live, and we are now working on the first set of draft problem statements submitted by industry participants, with the first new Draft Proposal, [DP071 ‘Second-Comer Charging’](https://smartenergycodecompany.co.uk/modifications/second-comer-charging/) being raised on 29 March 2019. The Change Sub-Committee has been formed, with the first meeting scheduled for 8 April.",
    ),
    (
        "Change Management",
        1,
        "We have rolled out a significant number of changes to the modifications process, including:",
    ),
    (
        "Change Management",
        2,
        "The mechanism for raising changes is now much simpler, with participants only needing to email us the issue or defect they want to raise with the industry.",
    ),
    (
        "Change Management",
        2,
        "Our first Modcast was released on 15 March. We have also completed our series of guidance articles on the Development Stage, which has received positive feedback from readers.",
    ),
    (
        "Change Management",
        2,
        "We had scheduled our first monthly Working Group meeting for 3 April. Unfortunately, due to delays with the receipt of Preliminary Assessments for the modifications we planned to discuss, we had to cancel the meeting. The next monthly meeting is 1 May, and we have already received interest from industry participants to attend.",
    ),
    (
        "Change Management",
        2,
        "We have now adopted the new ‘agile’ approach to timetables, which has been reflected in the Modification Register. We have also been updating our webpages to provide more information on the current status of open modifications.",
    ),
    (
        "Change Management",
        0,
        "We are presenting a further update to the Panel this month on longer-term changes we intend to develop in response to the feedback we received from Parties.",
    ),
    (
        "Change Management",
        1,
        "We are continuing to work with DCC to progress the November 2019 SEC Systems Release. The next steps are to develop the Testing Approach Document and present this to the Testing Advisory Group (TAG) for comment. We are also reviewing the testing timescales in light of the need for mandatory User testing. The Release Implementation Document is due to be re-presented to the Panel in May to baseline modifications that do not impact DCC Systems.",
    ),
    (
        "Change Management",
        1,
        "Following an Authority send-back, the Change Board voted on [SECMP0025 ‘Electricity Network Party Access to Load Switching Information’](https://smartenergycodecompany.co.uk/modifications/electricity-network-party-access-to-load-switching-information) by correspondence, and continued to recommend rejection. This modification is with the Authority for determination.",
    ),
    (
        "Technical Support",
        1,
        "Six new versions of the [Central Products List (CPL)](https://smartenergycodecompany.co.uk/central-products-list/) were updated and published on the SEC Website in March 2019.",
    ),
    (
        "Technical Support",
        1,
        "The CPL Database proposals and business case have been amended following the impact assessment received from a third-party supplier. The final proposal for the development of a CPL Database is expected to be brought to the April 2019 TABASC meeting for decision.",
    ),
    (
        "Technical Support",
        1,
        "We facilitated a thorough review of the TABASC Risk Register, involving several amendments to existing risks and adding several new risks for the TABASC to monitor and mitigate.",
    ),
    (
        "Security & Privacy",
        1,
        "SECAS welcomed a new Client Delivery Manager, Fiona Bond, to the team this month.",
    ),
    (
        "Security & Privacy",
        1,
        "SECAS hosted one SMKI PMA and two Security Sub-Committee (SSC) meetings this month.",
    ),
    (
        "Security & Privacy",
        1,
        "It was another busy month for User Assessments:",
    ),
    ("Security & Privacy", 2, "6 Fieldwork Assessments completed"),
    (
        "Security & Privacy",
        2,
        "57 Parties currently being assessed.",
    ),
    (
        "Party Support",
        1,
        "The first Introduction to the SEC of the year took place on 7 March, and was attended by a mixture of Party Categories, receiving positive feedback. This was the first paper-free event which was well supported by attendees.",
    ),
    (
        "Party Support",
        1,
        "The team continued to deal with queries about accessions, with three new Parties being presented to the Board for Accession this month.",
    ),
    (
        "CACoP",
        1,
        "Ofgem have indicated that they would like Code Administrators to work together to make it easier for industry participants to navigate the many different Code obligations and change processes. SECAS attended two CACoP meetings in March.",
    ),
    (
        "CACoP",
        1,
        "All Codes agreed that each monthly meeting will produce a list of five bullet points as a summary which will be published on each Code Administrator’s website.",
    ),
    (
        "Website",
        0,
        "There was a spike in website activity during March which, in part, can be attributed to SECAS working on the Website Enhancement project.",
    ),
];

/// `paper-notes-2019-03.xlsx`: what the Word draft needs that the data
/// cannot know. A Cover sheet (one row of reference, author, team and date,
/// one attachment a row) and a Highlights sheet, in the layout
/// `opsreport templates` writes.
fn write_paper_notes(dir: &Path, written: &mut Vec<String>) -> Result<()> {
    let fmt = Formats::new();
    let mut cover = Worksheet::new();
    cover.set_name("Cover")?;
    write_header(
        &mut cover,
        0,
        &["Paper Reference", "Author", "Team", "Date", "Attachment"],
        &fmt,
    )?;
    cover.write_string(1, 0, "SECP_67_1204_19")?;
    cover.write_string(1, 1, "Holly Burton")?;
    cover.write_string(1, 2, "SECAS Team")?;
    cover.write_datetime_with_format(1, 3, excel_date(ymd(2019, 4, 5))?, &fmt.date)?;
    for (row, attachment) in (1u32..).zip([
        "Appendix A – Testing Update SREPT (AMBER)",
        "Appendix B – Testing Update UEPT (AMBER)",
        "Appendix C – Events of Default update (RED)",
    ]) {
        cover.write_string(row, 4, attachment)?;
    }
    for (col, width) in [18.0, 16.0, 14.0, 12.0, 48.0].into_iter().enumerate() {
        cover.set_column_width(u16::try_from(col)?, width)?;
    }
    let mut highlights = Worksheet::new();
    highlights.set_name("Highlights")?;
    write_header(&mut highlights, 0, &["Section", "Level", "Text"], &fmt)?;
    for (row, (section, level, text)) in (1u32..).zip(MARCH_HIGHLIGHTS) {
        highlights.write_string(row, 0, *section)?;
        highlights.write_number(row, 1, f64::from(*level))?;
        highlights.write_string(row, 2, *text)?;
    }
    highlights.set_column_width(0, 20.0)?;
    highlights.set_column_width(2, 100.0)?;
    let mut workbook = Workbook::new();
    workbook.push_worksheet(cover);
    workbook.push_worksheet(highlights);
    save_workbook(
        workbook,
        dir,
        "paper-notes-2019-03.xlsx",
        at(ymd(2019, 4, 5), 9, 15),
        written,
    )
}

fn main() -> Result<()> {
    let root = samples_root();
    let dir = root.join(format!("{REPORT_YEAR}-{REPORT_MONTH:02}"));

    // Build everything in memory and check it against the paper before writing a byte.
    let bookings = all_bookings();
    let per_driver = check_timesheets(&bookings);
    let enquiries = all_enquiries();
    check_helpdesk(&enquiries);
    let web = WebStats::generate();
    web.check();
    let register = build_register();
    let register_figures = check_register(&register);
    check_meetings();
    let later = build_later_samples(&bookings, &enquiries);

    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut written = Vec::new();
    write_long_timesheets(&bookings, &dir, &mut written)?;
    write_grid_timesheets(&bookings, &dir, &mut written)?;
    write_helpdesk_log(&enquiries, &dir, &mut written)?;
    write_helpdesk_march_csv(&enquiries, &dir, &mut written)?;
    write_ua_sessions_csv(&web, &dir, &mut written)?;
    write_ua_pageviews_xlsx(&web, &dir, &mut written)?;
    write_monthly_statistics(&dir, &mut written)?;
    write_ga4_csv(&web, &dir, &mut written)?;
    write_membership_register(&register, &dir, &mut written)?;
    write_meetings_log(&dir, &mut written)?;
    write_paper_notes(&dir, &mut written)?;
    write_noise(&dir, &mut written)?;

    print_register_summary(&register, &register_figures);
    print_summary(&per_driver, &written, &dir);
    let exports = write_exports_folder(&bookings, &web, &dir, &root)?;
    println!(
        "Wrote {} files to {}/2019-03-exports",
        exports.len(),
        root.display()
    );

    for sample in &later {
        let written = write_later_folder(sample, &root)?;
        let complete = write_complete_folder(sample, &written, &root)?;
        print_later_sample(sample, &root, &written, &complete);
    }
    Ok(())
}
