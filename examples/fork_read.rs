//! A prototype for issue 23, item 4: each workbook read in a child process
//! under OS limits, as Apache Tika's ForkParser reads untrusted documents,
//! against the same read in one process. What it measured, and why the
//! converter keeps reading in one process: BENCHMARKS.md, "Reading each
//! file in a child process".
//!
//! Both modes read every sheet of every file with calamine's streaming cell
//! reader, files in parallel on rayon's pool as `inputs::read_all` does, turn
//! each cell into an owned value (as the converter's `read` layer does) and
//! count emails by month and category from the `Log` sheet of the logs
//! `bench_inputs` writes, so that their outputs can be compared.
//!
//! - `inproc`: the cells are read where they are used.
//! - `fork`: the program runs itself as `child FILE` per file, under an
//!   address-space limit of 1 GiB and a CPU-time limit (Unix: `ulimit -v -t`
//!   through `sh`, as the tests' memory cap does). The child writes every
//!   cell to stdout in a compact binary form (below); the parent decodes it.
//!   On Windows the child would be placed in a Job Object with
//!   `JOB_OBJECT_LIMIT_PROCESS_MEMORY` and `JOB_OBJECT_LIMIT_PROCESS_TIME`
//!   (windows-sys, `Win32_System_JobObjects`); this prototype starts it
//!   without limits there.
//! - `hostile PATH MB`: writes an xlsx holding one shared string of MB MiB
//!   (packing about 90 to one), which calamine holds whole as it opens the
//!   file; `bomb PATH MB`, one whose sheet is MB MiB of spaces (a zip bomb);
//!   `tests/test_hostile.rs` keeps their twins.
//!
//! Each mode prints its peak resident memory (Linux `VmHWM`) to stderr: the
//! parent's own and the largest child's, since `/usr/bin/time` reports only
//! the largest single process of the tree, not parent and child together.
//!
//! ```text
//! cargo run --release --example fork_read -- inproc|fork OUT.csv FILE...
//! cargo run --release --example fork_read -- hostile|bomb PATH MB
//! ```
//!
//! Stream: per sheet `S len name`; per non-empty cell `tag:u8 row:u32 col:u16`
//! (tag 1 to 9) then the value (f64, i64, u8, or `len:u32` and UTF-8); at the end `E`
//! and the child's peak memory in KiB as a u64, or `X len message` when
//! calamine refuses the file. Little-endian throughout.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use calamine::{DataRef, Reader, Xlsx, open_workbook};
use rayon::prelude::*;

/// The child's address-space limit, in KiB as `ulimit -v` takes it.
const CHILD_MEMORY_KIB: u64 = 1 << 20;
/// The child's CPU-time limit, in seconds as `ulimit -t` takes it
/// (`FORK_READ_CPU_SECONDS` overrides it, to see the limit act).
const CHILD_CPU_SECONDS: u64 = 60;

/// A cell as the converter holds it (the counting reads only some kinds;
/// the others are built all the same, as the converter builds them).
#[allow(dead_code)]
enum Value {
    Float(f64),
    Int(i64),
    Bool(bool),
    Text(String),
    Date(f64),
    Iso(String),
    Error(u8),
}

fn value(cell: DataRef<'_>) -> Option<Value> {
    Some(match cell {
        DataRef::Empty => return None,
        DataRef::Float(f) => Value::Float(f),
        DataRef::Int(i) => Value::Int(i),
        DataRef::Bool(b) => Value::Bool(b),
        DataRef::String(s) => Value::Text(s),
        DataRef::SharedString(s) => Value::Text(s.to_string()),
        DataRef::DateTime(d) => Value::Date(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Iso(s),
        DataRef::Error(e) => Value::Error(e as u8),
    })
}

type Counts = BTreeMap<((i32, u32), String), u64>;

/// Counts emails by month and category, row by row, as `bench_floor` does.
#[derive(Default)]
struct Counter {
    log: bool,
    row: u32,
    date: f64,
    email: bool,
    counts: Counts,
}

impl Counter {
    fn sheet(&mut self, name: &str) {
        self.log = name == "Log";
        self.row = u32::MAX;
    }

    fn cell(&mut self, row: u32, col: u32, value: Value) {
        if !self.log || row < 2 {
            return;
        }
        if row != self.row {
            (self.row, self.email) = (row, false);
        }
        match (col, value) {
            (1, Value::Date(d)) => self.date = d,
            (2, Value::Text(s)) => self.email = s == "Email",
            (4, Value::Text(s)) if self.email => {
                *self.counts.entry((year_month(self.date), s)).or_insert(0) += 1;
            }
            _ => {}
        }
    }
}

/// (year, month) of an Excel serial date (1900 system).
fn year_month(serial: f64) -> (i32, u32) {
    use chrono::Datelike;
    let date = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(serial.floor() as u64)))
        .unwrap_or_default();
    (date.year(), date.month())
}

/// Reads every sheet of `path`, handing each cell to `sheet` and `cell`.
fn read_cells(
    path: &str,
    sheet: &mut dyn FnMut(&str) -> Result<()>,
    cell: &mut dyn FnMut(u32, u32, DataRef<'_>) -> Result<()>,
) -> Result<()> {
    let mut book: Xlsx<BufReader<File>> = open_workbook(path)?;
    for name in book.sheet_names() {
        sheet(&name)?;
        let mut reader = book.worksheet_cells_reader(&name)?;
        while let Some(c) = reader.next_cell()? {
            let (row, col) = c.get_position();
            cell(row, col, c.get_value().clone())?;
        }
    }
    Ok(())
}

fn inproc(path: &str) -> Result<Counter> {
    let mut counter = Counter::default();
    let counter_cell = std::cell::RefCell::new(&mut counter);
    read_cells(
        path,
        &mut |name| {
            counter_cell.borrow_mut().sheet(name);
            Ok(())
        },
        &mut |row, col, data| {
            if let Some(v) = value(data) {
                counter_cell.borrow_mut().cell(row, col, v);
            }
            Ok(())
        },
    )
    .with_context(|| path.to_string())?;
    Ok(counter)
}

fn put_text(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    out.write_all(&(text.len() as u32).to_le_bytes())?;
    out.write_all(text.as_bytes())
}

/// The shared strings already sent, by their address in calamine's table,
/// with the number the parent knows each by (tag 8 sends one and numbers
/// it, tag 9 names one sent before). On with `FORK_READ_TABLE`: it halves the
/// bytes sent on the 1M-row log but costs more CPU and memory than it saves.
type Sent = Option<std::collections::HashMap<usize, u32>>;

fn put_cell(
    out: &mut impl Write,
    sent: &mut Sent,
    row: u32,
    col: u32,
    data: DataRef<'_>,
) -> std::io::Result<()> {
    if let (DataRef::SharedString(s), Some(sent)) = (&data, sent.as_mut()) {
        let next = sent.len() as u32;
        let id = *sent.entry(s.as_ptr() as usize).or_insert(next);
        out.write_all(&[if id == next { 8 } else { 9 }])?;
        out.write_all(&row.to_le_bytes())?;
        out.write_all(&(col as u16).to_le_bytes())?;
        return if id == next {
            put_text(out, s)
        } else {
            out.write_all(&id.to_le_bytes())
        };
    }
    let tag: u8 = match data {
        DataRef::Empty => return Ok(()),
        DataRef::Float(_) => 1,
        DataRef::Int(_) => 2,
        DataRef::Bool(_) => 3,
        DataRef::String(_) | DataRef::SharedString(_) => 4,
        DataRef::DateTime(_) => 5,
        DataRef::DateTimeIso(_) | DataRef::DurationIso(_) => 6,
        DataRef::Error(_) => 7,
    };
    out.write_all(&[tag])?;
    out.write_all(&row.to_le_bytes())?;
    out.write_all(&(col as u16).to_le_bytes())?;
    match data {
        DataRef::Empty => Ok(()),
        DataRef::Float(f) => out.write_all(&f.to_le_bytes()),
        DataRef::Int(i) => out.write_all(&i.to_le_bytes()),
        DataRef::Bool(b) => out.write_all(&[b as u8]),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => put_text(out, &s),
        DataRef::SharedString(s) => put_text(out, s),
        DataRef::DateTime(d) => out.write_all(&d.as_f64().to_le_bytes()),
        DataRef::Error(e) => out.write_all(&[e as u8]),
    }
}

/// The child: every cell of `path` to stdout.
fn child(path: &str) -> Result<()> {
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut sent: Sent = std::env::var_os("FORK_READ_TABLE")
        .is_some()
        .then(Default::default);
    let result = {
        let out = std::cell::RefCell::new(&mut out);
        read_cells(
            path,
            &mut |name| {
                let mut out = out.borrow_mut();
                out.write_all(b"S")?;
                put_text(&mut *out, name)?;
                // So that the parent can name the sheet if the child dies in it.
                Ok(out.flush()?)
            },
            &mut |row, col, data| Ok(put_cell(&mut *out.borrow_mut(), &mut sent, row, col, data)?),
        )
    };
    match result {
        Ok(()) => {
            out.write_all(b"E")?;
            out.write_all(&peak_kib().to_le_bytes())?;
        }
        Err(error) => {
            out.write_all(b"X")?;
            put_text(&mut out, &format!("{error:#}"))?;
        }
    }
    out.flush()?;
    Ok(())
}

fn take<const N: usize>(input: &mut impl Read) -> std::io::Result<[u8; N]> {
    let mut bytes = [0; N];
    input.read_exact(&mut bytes)?;
    Ok(bytes)
}

fn take_text(input: &mut impl Read) -> Result<String> {
    let len = u32::from_le_bytes(take(input)?) as usize;
    let mut bytes = vec![0; len];
    input.read_exact(&mut bytes)?;
    Ok(String::from_utf8(bytes)?)
}

/// The parent's side of one file: the child's stream decoded into values.
fn decode(input: &mut impl BufRead, counter: &mut Counter, sheet: &mut String) -> Result<u64> {
    let mut table: Vec<String> = Vec::new();
    loop {
        match input.fill_buf()?.first() {
            Some(b'S') => {
                input.consume(1);
                *sheet = take_text(input)?;
                counter.sheet(sheet);
            }
            Some(b'E') => {
                input.consume(1);
                return Ok(u64::from_le_bytes(take(input)?));
            }
            Some(b'X') => {
                input.consume(1);
                bail!("{}", take_text(input)?);
            }
            Some(&tag) => {
                input.consume(1);
                let row = u32::from_le_bytes(take(input)?);
                let col = u16::from_le_bytes(take(input)?) as u32;
                let value = match tag {
                    1 => Value::Float(f64::from_le_bytes(take(input)?)),
                    2 => Value::Int(i64::from_le_bytes(take(input)?)),
                    3 => Value::Bool(take::<1>(input)?[0] != 0),
                    4 => Value::Text(take_text(input)?),
                    5 => Value::Date(f64::from_le_bytes(take(input)?)),
                    6 => Value::Iso(take_text(input)?),
                    7 => Value::Error(take::<1>(input)?[0]),
                    8 => {
                        table.push(take_text(input)?);
                        Value::Text(table[table.len() - 1].clone())
                    }
                    9 => {
                        let id = u32::from_le_bytes(take(input)?) as usize;
                        Value::Text(table.get(id).context("an unknown shared string")?.clone())
                    }
                    tag => bail!("unknown tag {tag}"),
                };
                counter.cell(row, col, value);
            }
            None => bail!("the stream ended early"),
        }
    }
}

/// The child for `path`, under the limits where the OS allows.
fn child_command(path: &str) -> Result<Command> {
    let me = std::env::current_exe()?;
    let cpu = std::env::var("FORK_READ_CPU_SECONDS").unwrap_or(CHILD_CPU_SECONDS.to_string());
    let mut command = if cfg!(unix) {
        let mut sh = Command::new("sh");
        sh.arg("-c")
            .arg(format!(
                "ulimit -v {CHILD_MEMORY_KIB} && ulimit -t {cpu} && exec \"$0\" child \"$1\""
            ))
            .arg(me)
            .arg(path);
        sh
    } else {
        // Windows: CreateJobObjectW, SetInformationJobObject with
        // JOBOBJECT_EXTENDED_LIMIT_INFORMATION (ProcessMemoryLimit,
        // PerProcessUserTimeLimit), AssignProcessToJobObject after spawn.
        let mut direct = Command::new(me);
        direct.arg("child").arg(path);
        direct
    };
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    Ok(command)
}

static CHILD_PEAK_KIB: AtomicU64 = AtomicU64::new(0);

fn forked(path: &str) -> Result<Counter> {
    let started = Instant::now();
    let mut child = child_command(path)?
        .spawn()
        .with_context(|| path.to_string())?;
    let mut stderr = child.stderr.take().context("stderr")?;
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let mut counter = Counter::default();
    let mut sheet = String::new();
    let mut stdout = BufReader::with_capacity(1 << 16, child.stdout.take().context("stdout")?);
    let decoded = decode(&mut stdout, &mut counter, &mut sheet);
    drop(stdout);
    let status = child.wait()?;
    let errors = errors.join().unwrap_or_default();
    match decoded {
        Ok(peak) if status.success() => {
            CHILD_PEAK_KIB.fetch_max(peak, Ordering::Relaxed);
            Ok(counter)
        }
        Ok(_) | Err(_) => {
            let at = if sheet.is_empty() {
                String::new()
            } else {
                format!(" › sheet \"{sheet}\"")
            };
            let how = decoded.err().map(|e| e.to_string()).unwrap_or_default();
            bail!(
                "{path}{at}: the reader stopped after {:.2} s ({status}; {how}; {})",
                started.elapsed().as_secs_f64(),
                errors.trim()
            )
        }
    }
}

/// This process's peak resident memory in KiB (Linux), or 0.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// One shared string of `megabytes` MiB in an otherwise ordinary xlsx.
/// Or, with `spaces`, one sheet of `megabytes` MiB of spaces (a zip bomb:
/// spaces pack about a thousand to one).
fn hostile(path: &str, megabytes: usize, spaces: bool) -> Result<()> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook
        .add_worksheet()
        .set_name("Log")?
        .write_string(0, 0, "x")?;
    let small = workbook.save_to_buffer()?;
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(small))?;
    let mut package = zip::ZipWriter::new(BufWriter::new(File::create(path)?));
    let options = zip::write::SimpleFileOptions::default().large_file(megabytes >= 4096);
    let mut seed = 7u32;
    let block: Vec<u8> = (0..16 << 10)
        .map(|_| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            b'a' + (seed >> 16) as u8 % 26
        })
        .collect();
    for i in 0..source.len() {
        let mut part = source.by_index(i)?;
        let name = part.name()?.to_string();
        package.start_file(&name, options)?;
        if spaces && name == "xl/worksheets/sheet1.xml" {
            package.write_all(b"<worksheet><sheetData>")?;
            let block = vec![b' '; 1 << 20];
            for _ in 0..megabytes {
                package.write_all(&block)?;
            }
            package.write_all(b"</sheetData></worksheet>")?;
        } else if !spaces && name == "xl/sharedStrings.xml" {
            package.write_all(
                b"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>",
            )?;
            for _ in 0..megabytes * 64 {
                package.write_all(&block)?;
            }
            package.write_all(b"</t></si></sst>")?;
        } else {
            std::io::copy(&mut part, &mut package)?;
        }
    }
    package.finish()?;
    Ok(())
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [mode, path] if mode == "child" => return child(path),
        [mode, path, megabytes] if mode == "hostile" => {
            return hostile(path, megabytes.parse()?, false);
        }
        [mode, path, megabytes] if mode == "bomb" => {
            return hostile(path, megabytes.parse()?, true);
        }
        _ => {}
    }
    let [mode, out, files @ ..] = args.as_slice() else {
        bail!("usage: fork_read inproc|fork OUT.csv FILE... | hostile PATH MB");
    };
    let read = match mode.as_str() {
        "inproc" => inproc,
        "fork" => forked,
        other => bail!("unknown mode {other}"),
    };
    let mut order: Vec<&String> = files.iter().collect();
    order.sort_by_key(|f| std::cmp::Reverse(std::fs::metadata(f).map(|m| m.len()).unwrap_or(0)));
    let results: Vec<Result<Counter>> = order.par_iter().map(|f| read(f)).collect();
    let mut counts = Counts::new();
    let mut failed = Vec::new();
    for result in results {
        match result {
            Ok(counter) => counter
                .counts
                .into_iter()
                .for_each(|(k, n)| *counts.entry(k).or_insert(0) += n),
            Err(error) => failed.push(format!("{error:#}")),
        }
    }
    let mut csv = String::from("month,category,emails\n");
    for (((year, month), category), n) in &counts {
        csv.push_str(&format!("{year}-{month:02},{category},{n}\n"));
    }
    std::fs::write(out, csv)?;
    eprintln!(
        "peak KiB: parent {} largest child {}",
        peak_kib(),
        CHILD_PEAK_KIB.load(Ordering::Relaxed)
    );
    if !failed.is_empty() {
        bail!("{}", failed.join("\n"));
    }
    Ok(())
}
