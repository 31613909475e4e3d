//! Writes the whole-process benchmark's inputs (see `bench/compare.sh`): a
//! helpdesk log as an xlsx of N rows (title row above the header, real date
//! cells, strings in a shared-string table as Excel saves them), a timesheet
//! of N rows, and a folder of twelve monthly helpdesk files. Rows spread over
//! the twelve months April 2018 – March 2019, so a March 2019 report counts
//! every row. Deterministic: a fixed-seed generator, no clock.
//!
//! ```text
//! cargo run --release --example bench_inputs -- helpdesk OUT.xlsx ROWS
//! cargo run --release --example bench_inputs -- timesheet OUT.xlsx ROWS
//! cargo run --release --example bench_inputs -- monthly DIR ROWS_PER_FILE
//! ```

use anyhow::{Context, Result, bail};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

const CATEGORIES: [&str; 11] = [
    "Applications",
    "Sub-Committees",
    "Consultation Correspondence",
    "Contact Info",
    "General Queries",
    "Panel & Board Correspondence",
    "Modifications",
    "User CIO Assessments",
    "Party/RDP Signifiers",
    "Training Days/Seminars",
    "Other",
];

const DRIVERS: [&str; 11] = [
    "Panel and Board activities",
    "Security and Privacy",
    "Modifications and Release Management",
    "Party Support and Engagement",
    "Technical and Operational activities",
    "Smarter Markets",
    "Technical Effectiveness",
    "Annual Security Obligations",
    "Data Quality",
    "BAD/TAD",
    "Security Threats",
];

/// splitmix64: a small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A workbook with a fixed creation time, so reruns are byte-identical.
fn workbook() -> Result<Workbook> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2019, 4, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    Ok(workbook)
}

/// (year, month) of the `i`-th of the twelve months from April 2018.
fn month(i: u64) -> (u16, u8) {
    let m = 4 + i as u8;
    if m > 12 { (2019, m - 12) } else { (2018, m) }
}

fn helpdesk(path: &str, rows: u64, seed: u64, only_month: Option<u64>) -> Result<()> {
    let mut rng = Rng(seed);
    let mut workbook = workbook()?;
    let sheet = workbook.add_worksheet();
    sheet.set_name("Log")?;
    let date = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    sheet.write_string(0, 0, "SECAS Helpdesk log")?;
    for (c, header) in [
        "Reference",
        "Date Received",
        "Channel",
        "Mailbox",
        "Category",
        "Subject",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(1, c as u16, *header)?;
    }
    for i in 0..rows {
        let row = 2 + i as u32;
        let m = only_month.unwrap_or_else(|| rng.below(12));
        let (year, month) = month(m);
        let day = 1 + rng.below(28) as u8;
        let when = ExcelDateTime::from_ymd(year, month, day)?.and_hms(
            8 + rng.below(9) as u16,
            rng.below(60) as u8,
            0,
        )?;
        sheet.write_string(row, 0, format!("HD-{seed}-{i:07}"))?;
        sheet.write_datetime_with_format(row, 1, &when, &date)?;
        sheet.write_string(
            row,
            2,
            if rng.below(100) < 2 {
                "Telephone"
            } else {
                "Email"
            },
        )?;
        sheet.write_string(row, 3, "helpdesk@secas.co.uk")?;
        sheet.write_string(row, 4, CATEGORIES[rng.below(11) as usize])?;
        sheet.write_string(row, 5, format!("Enquiry about item {}", rng.below(5000)))?;
    }
    workbook
        .save(path)
        .with_context(|| format!("cannot write {path}"))?;
    Ok(())
}

fn timesheet(path: &str, rows: u64) -> Result<()> {
    let mut rng = Rng(7);
    let mut workbook = workbook()?;
    let sheet = workbook.add_worksheet();
    sheet.set_name("Export")?;
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet.write_string(0, 0, "SECAS time recording export")?;
    for (c, header) in ["Work Date", "Staff Member", "Budget Driver", "Hrs", "Task"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, c as u16, *header)?;
    }
    // Each row is one person-day-driver of March 2019; people are numbered so
    // that no one passes 24 hours a day.
    for i in 0..rows {
        let row = 2 + i as u32;
        let person = i / 22;
        let day = 1 + (i % 22) as u8;
        sheet.write_datetime_with_format(row, 0, &ExcelDateTime::from_ymd(2019, 3, day)?, &date)?;
        sheet.write_string(row, 1, format!("Person {person:06}"))?;
        sheet.write_string(row, 2, DRIVERS[rng.below(11) as usize])?;
        sheet.write_number(row, 3, [7.5, 3.75, 6.0, 1.5][rng.below(4) as usize])?;
        sheet.write_string(row, 4, "Work")?;
    }
    workbook
        .save(path)
        .with_context(|| format!("cannot write {path}"))?;
    Ok(())
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [what, out, rows] = args.as_slice() else {
        bail!("usage: bench_inputs helpdesk|timesheet|monthly OUT ROWS");
    };
    let rows: u64 = rows.parse().context("ROWS must be a number")?;
    match what.as_str() {
        "helpdesk" => helpdesk(out, rows, 1, None),
        "timesheet" => timesheet(out, rows),
        "monthly" => {
            std::fs::create_dir_all(out)?;
            for m in 0..12 {
                let (year, month) = month(m);
                helpdesk(
                    &format!("{out}/helpdesk-{year}-{month:02}.xlsx"),
                    rows,
                    100 + m,
                    Some(m),
                )?;
            }
            Ok(())
        }
        other => bail!("unknown input {other}: expected helpdesk, timesheet or monthly"),
    }
}
