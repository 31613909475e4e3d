//! The floor of the whole-process benchmark (`bench/compare.sh`): the least
//! a program can do with calamine and rust_xlsxwriter to produce Table 5 from
//! helpdesk logs laid out as `bench_inputs` writes them — read the cells,
//! count emails by month and category, write the counts. No header search,
//! no typing rules, no findings: what opsreport is measured against.
//!
//! `inflate` is lower still, and not a converter: it decompresses each
//! file's sheets and shared strings and counts their XML tags, the least
//! any reader of these files must do; it writes the count to OUT.
//!
//! ```text
//! cargo run --release --example bench_floor -- range|stream|inflate OUT.csv FILE...
//! ```

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Read};

use anyhow::{Context, Result, bail};
use calamine::{Data, DataRef, Reader, Xlsx, open_workbook};

/// (year, month) of an Excel serial date (1900 system).
fn year_month(serial: f64) -> (i32, u32) {
    let days = serial.floor() as i64;
    let date = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days as u64)))
        .unwrap_or_default();
    use chrono::Datelike;
    (date.year(), date.month())
}

type Counts = BTreeMap<((i32, u32), String), u64>;

fn count_range(path: &str, counts: &mut Counts) -> Result<()> {
    let mut book: Xlsx<BufReader<File>> = open_workbook(path).with_context(|| path.to_string())?;
    let range = book.worksheet_range("Log")?;
    for row in range.rows().skip(2) {
        let (Some(Data::DateTime(date)), Some(Data::String(channel)), Some(Data::String(category))) =
            (row.get(1), row.get(2), row.get(4))
        else {
            continue;
        };
        if channel == "Email" {
            *counts
                .entry((year_month(date.as_f64()), category.clone()))
                .or_insert(0) += 1;
        }
    }
    Ok(())
}

fn count_stream(path: &str, counts: &mut Counts) -> Result<()> {
    let mut book: Xlsx<BufReader<File>> = open_workbook(path).with_context(|| path.to_string())?;
    let mut reader = book.worksheet_cells_reader("Log")?;
    let (mut row, mut date, mut email) = (u32::MAX, 0f64, false);
    while let Some(cell) = reader.next_cell()? {
        let (r, c) = cell.get_position();
        if r < 2 {
            continue;
        }
        if r != row {
            row = r;
            email = false;
        }
        match (c, cell.get_value()) {
            (1, DataRef::DateTime(d)) => date = d.as_f64(),
            (2, DataRef::SharedString(s)) => email = *s == "Email",
            (2, DataRef::String(s)) => email = s == "Email",
            (4, DataRef::SharedString(s)) if email => {
                *counts.entry((year_month(date), s.to_string())).or_insert(0) += 1;
            }
            (4, DataRef::String(s)) if email => {
                *counts.entry((year_month(date), s.clone())).or_insert(0) += 1;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Decompress the sheets and shared strings of one file, counting `<`.
fn count_tags(path: &str) -> Result<u64> {
    let mut archive = zip::ZipArchive::new(BufReader::new(File::open(path)?))?;
    let mut block = vec![0u8; 1 << 16];
    let mut tags = 0;
    for index in 0..archive.len() {
        let mut part = archive.by_index(index)?;
        let name = part.name()?.to_string();
        if !(name.starts_with("xl/worksheets/") || name == "xl/sharedStrings.xml") {
            continue;
        }
        loop {
            let read = part.read(&mut block)?;
            if read == 0 {
                break;
            }
            tags += memchr::memchr_iter(b'<', &block[..read]).count() as u64;
        }
    }
    Ok(tags)
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [mode, out, files @ ..] = args.as_slice() else {
        bail!("usage: bench_floor range|stream|inflate OUT.csv FILE...");
    };
    if mode == "inflate" {
        let mut tags = 0;
        for file in files {
            tags += count_tags(file).with_context(|| file.to_string())?;
        }
        std::fs::write(out, format!("{tags}\n"))?;
        return Ok(());
    }
    let mut counts = Counts::new();
    for file in files {
        match mode.as_str() {
            "range" => count_range(file, &mut counts)?,
            "stream" => count_stream(file, &mut counts)?,
            other => bail!("unknown mode {other}"),
        }
    }
    // The counts as a workbook (the job's output) and as CSV (to compare).
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let mut csv = String::from("month,category,emails\n");
    for (i, (((year, month), category), n)) in counts.iter().enumerate() {
        sheet.write_string(i as u32, 0, format!("{year}-{month:02}"))?;
        sheet.write_string(i as u32, 1, category)?;
        sheet.write_number(i as u32, 2, *n as f64)?;
        csv.push_str(&format!("{year}-{month:02},{category},{n}\n"));
    }
    workbook.save(format!("{out}.xlsx"))?;
    std::fs::write(out, csv)?;
    Ok(())
}
