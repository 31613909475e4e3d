//! Opening one input file — any format calamine reads, or CSV — as a list of
//! sheets of raw cells with their absolute positions, hidden flag, date
//! system and merged ranges filled. Every input kind reads from this one
//! representation, so positions in findings mean the same everywhere.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, DataRef, Ods, Reader, SheetVisible, Sheets, Xls, Xlsb, Xlsx};

use super::cell::Raw;

/// One row of a sheet: its zero-based index, its line for CSV files, and its
/// non-empty cells in column order.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    pub index: u32,
    pub line: Option<u64>,
    pub cells: Vec<(u32, Raw)>,
}

static EMPTY: Raw = Raw::Empty;

impl SheetRow {
    pub fn get(&self, col: u32) -> &Raw {
        match self.cells.binary_search_by_key(&col, |(c, _)| *c) {
            Ok(i) => &self.cells[i].1,
            Err(_) => &EMPTY,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|(_, raw)| raw.is_empty())
    }
}

/// A sheet of an input file (a CSV file is one sheet).
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub hidden: bool,
    /// Serial dates count from 1904 (old Mac workbooks).
    pub date1904: bool,
    /// From a CSV file: positions are lines, and the sheet has no name.
    pub csv: bool,
    pub rows: Vec<SheetRow>,
}

/// What kind of file the bytes are, whatever its name says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Csv,
}

impl FileFormat {
    /// The format a file name promises, if it is one we read.
    pub fn from_extension(name: &str) -> Option<FileFormat> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "xlsx" | "xlsm" => FileFormat::Xlsx,
            "xlsb" => FileFormat::Xlsb,
            "xls" => FileFormat::Xls,
            "ods" => FileFormat::Ods,
            "csv" => FileFormat::Csv,
            _ => return None,
        })
    }
}

/// Merged ranges larger than this are not filled: a whole-sheet merge is
/// formatting, not data, and filling it would cost memory for nothing.
const MAX_MERGE_CELLS: u64 = 10_000;

/// Read every sheet of a workbook or a CSV file. The error is a plain
/// sentence for the user: what is wrong with the file.
pub fn read_sheets(name: &str, bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let claimed = FileFormat::from_extension(name);
    let zip = bytes.starts_with(b"PK\x03\x04");
    let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    if bytes.is_empty() {
        return Err("the file is empty (0 bytes)".to_string());
    }
    match claimed {
        Some(FileFormat::Csv) => Ok(vec![read_csv(bytes)]),
        Some(format) if zip || ole => guarded(|| read_workbook(format, zip, bytes)).unwrap_or_else(|| {
            Err("the file cannot be read as a workbook; it may be damaged or only partly copied".to_string())
        }),
        Some(_) => Err(describe_mismatch(bytes)),
        None => Err("not a spreadsheet file".to_string()),
    }
}

thread_local! {
    /// Set while a workbook library reads untrusted bytes.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Run a workbook library on bytes from a file, turning a panic inside it
/// into `None`: a damaged file must become a finding, never a crash. The
/// panic's own message is kept off the user's terminal.
fn guarded<T>(read: impl FnOnce() -> T) -> Option<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    GUARDED.with(|g| g.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).ok();
    GUARDED.with(|g| g.set(false));
    result
}

fn describe_mismatch(bytes: &[u8]) -> String {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_lowercase();
    let looks =
        if head.contains("<html") || head.contains("<!doctype html") || head.contains("<table") {
            "a web page (HTML) saved with a spreadsheet name"
        } else if head.contains(',') || head.contains(';') {
            "text (it looks like CSV) saved with a spreadsheet name"
        } else {
            "not a workbook Excel or LibreOffice wrote"
        };
    format!(
        "this file is {looks}; open it in Excel and save it as .xlsx, or rename a CSV file to .csv"
    )
}

fn read_workbook(claimed: FileFormat, zip: bool, bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let cursor = Cursor::new(bytes);
    let opened = match (claimed, zip) {
        (FileFormat::Xls, false) => Xls::new(cursor).map(Sheets::Xls).map_err(|e| e.to_string()),
        (FileFormat::Xlsx, _) => Xlsx::new(cursor)
            .map(Sheets::Xlsx)
            .map_err(|e| e.to_string()),
        (FileFormat::Xlsb, _) => Xlsb::new(cursor)
            .map(Sheets::Xlsb)
            .map_err(|e| e.to_string()),
        (FileFormat::Ods, true) => Ods::new(cursor).map(Sheets::Ods).map_err(|e| e.to_string()),
        // An .xls that is really a zip-based workbook (or the reverse): read it
        // for what it is.
        _ => calamine::open_workbook_auto_from_rs(cursor).map_err(|e| e.to_string()),
    };
    let mut workbook = opened.map_err(|e| explain_open_error(&e))?;
    let metadata: Vec<(String, bool)> = workbook
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect();
    let mut sheets = Vec::new();
    for (name, hidden) in metadata {
        let sheet = match &mut workbook {
            Sheets::Xlsx(book) => read_xlsx_sheet(book, &name),
            Sheets::Xlsb(book) => read_xlsb_sheet(book, &name),
            Sheets::Xls(book) => {
                let date1904 = book.has_1904_epoch();
                let merges = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
                book.worksheet_range(&name)
                    .map_err(|e| e.to_string())
                    .map(|range| from_range(&range, date1904, merges.iter().map(dims)))
            }
            Sheets::Ods(book) => book
                .worksheet_range(&name)
                .map_err(|e| e.to_string())
                .map(|range| from_range(&range, false, std::iter::empty())),
        };
        let (rows, date1904) =
            sheet.map_err(|e| format!("sheet \"{name}\" cannot be read: {e}"))?;
        sheets.push(Sheet {
            name,
            hidden,
            date1904,
            csv: false,
            rows,
        });
    }
    Ok(sheets)
}

fn explain_open_error(error: &str) -> String {
    let lower = error.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        "the workbook is password-protected; save an unprotected copy for the report".to_string()
    } else {
        format!(
            "the file cannot be read as a workbook, it may be damaged or only partly copied ({error})"
        )
    }
}

type Dims = ((u32, u32), (u32, u32));

fn dims(d: &calamine::Dimensions) -> Dims {
    (d.start, d.end)
}

fn read_xlsx_sheet(
    book: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
) -> Result<(Vec<SheetRow>, bool), String> {
    let date1904 = book.has_1904_epoch();
    let merges: Vec<Dims> = book
        .merge_cells_by_sheet_name(name)
        .map_err(|e| e.to_string())?
        .iter()
        .map(dims)
        .collect();
    let mut reader = book
        .worksheet_cells_reader(name)
        .map_err(|e| e.to_string())?;
    let mut grid = stream_cells(|| reader.next_cell().map_err(|e| e.to_string()))?;
    fill_merges(&mut grid, merges.into_iter());
    Ok((into_rows(grid), date1904))
}

fn read_xlsb_sheet(
    book: &mut Xlsb<Cursor<&[u8]>>,
    name: &str,
) -> Result<(Vec<SheetRow>, bool), String> {
    let date1904 = book.has_1904_epoch();
    let mut reader = book
        .worksheet_cells_reader(name)
        .map_err(|e| e.to_string())?;
    let grid = stream_cells(|| reader.next_cell().map_err(|e| e.to_string()))?;
    Ok((into_rows(grid), date1904))
}

type Grid = BTreeMap<u32, BTreeMap<u32, Raw>>;

/// Collect the non-empty cells a streaming reader (xlsx, xlsb) yields, with
/// their absolute positions; a sheet's used range is never allocated whole.
fn stream_cells<'a>(
    mut next: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, String>,
) -> Result<Grid, String> {
    let mut grid = Grid::new();
    while let Some(cell) = next()? {
        let raw = from_data_ref(cell.get_value());
        if !raw.is_empty() {
            let (row, col) = cell.get_position();
            grid.entry(row).or_default().insert(col, raw);
        }
    }
    Ok(grid)
}

fn from_range(
    range: &calamine::Range<Data>,
    date1904: bool,
    merges: impl Iterator<Item = Dims>,
) -> (Vec<SheetRow>, bool) {
    let mut grid: Grid = BTreeMap::new();
    for (row, col, value) in range.used_cells() {
        let raw = from_data(value);
        if !raw.is_empty() {
            let (r0, c0) = range.start().unwrap_or((0, 0));
            grid.entry(r0 + row as u32)
                .or_default()
                .insert(c0 + col as u32, raw);
        }
    }
    fill_merges(&mut grid, merges);
    (into_rows(grid), date1904)
}

/// A merged range shows its top-left value across the whole range; people
/// mean it to apply to every cell (a `Category` merged down over five rows).
fn fill_merges(grid: &mut Grid, merges: impl Iterator<Item = Dims>) {
    for ((r0, c0), (r1, c1)) in merges {
        let area = (r1.saturating_sub(r0) as u64 + 1) * (c1.saturating_sub(c0) as u64 + 1);
        if area > MAX_MERGE_CELLS {
            continue;
        }
        let Some(value) = grid.get(&r0).and_then(|row| row.get(&c0)).cloned() else {
            continue;
        };
        for r in r0..=r1 {
            for c in c0..=c1 {
                grid.entry(r)
                    .or_default()
                    .entry(c)
                    .or_insert_with(|| value.clone());
            }
        }
    }
}

fn into_rows(grid: Grid) -> Vec<SheetRow> {
    grid.into_iter()
        .map(|(index, cells)| SheetRow {
            index,
            line: None,
            cells: cells.into_iter().collect(),
        })
        .collect()
}

fn from_data(value: &Data) -> Raw {
    match value {
        Data::Int(i) => Raw::Number(*i as f64),
        Data::Float(f) => Raw::Number(*f),
        Data::String(s) => Raw::Text(s.clone()),
        Data::Bool(b) => Raw::Bool(*b),
        Data::DateTime(d) => Raw::DateTime {
            serial: d.as_f64(),
            duration: d.is_duration(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => Raw::Text(s.clone()),
        Data::Error(e) => Raw::Error(e.to_string()),
        Data::Empty => Raw::Empty,
    }
}

fn from_data_ref(value: &DataRef<'_>) -> Raw {
    match value {
        DataRef::Int(i) => Raw::Number(*i as f64),
        DataRef::Float(f) => Raw::Number(*f),
        DataRef::String(s) => Raw::Text(s.clone()),
        DataRef::SharedString(s) => Raw::Text(s.to_string()),
        DataRef::Bool(b) => Raw::Bool(*b),
        DataRef::DateTime(d) => Raw::DateTime {
            serial: d.as_f64(),
            duration: d.is_duration(),
        },
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Raw::Text(s.clone()),
        DataRef::Error(e) => Raw::Error(e.to_string()),
        DataRef::Empty => Raw::Empty,
    }
}

/// Decode CSV bytes: UTF-8 (a byte-order mark is dropped), else Windows-1252.
pub fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Comma or semicolon: whichever occurs more often outside quotes in the
/// first lines that are not `#` comments. Quotes are followed across line
/// breaks, since a quoted cell may hold several lines.
fn sniff_delimiter(text: &str) -> u8 {
    let (mut commas, mut semicolons, mut lines) = (0usize, 0usize, 0usize);
    let mut quoted = false;
    let mut line_start = true;
    let mut comment = false;
    for c in text.chars() {
        if line_start && !quoted {
            comment = c == '#';
            lines += 1;
            if lines > 50 {
                break;
            }
        }
        line_start = c == '\n';
        if comment {
            continue;
        }
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

/// A CSV file as one sheet of text cells; each row keeps its line number.
pub fn read_csv(bytes: &[u8]) -> Sheet {
    let text = decode_text(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(&text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut index = 0u32;
    // Line numbers from byte offsets: the csv crate's own line count is off
    // for CRLF files.
    let newlines: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
        .collect();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {
                let line = record
                    .position()
                    .map(|p| 1 + newlines.partition_point(|&at| at <= p.byte() as usize) as u64);
                let cells: Vec<(u32, Raw)> = record
                    .iter()
                    .enumerate()
                    .filter(|(_, field)| !field.trim().is_empty())
                    .map(|(col, field)| (col as u32, Raw::Text(field.to_string())))
                    .collect();
                if !cells.is_empty() {
                    rows.push(SheetRow { index, line, cells });
                }
                index += 1;
            }
            Ok(false) => break,
            // Only invalid UTF-8 fails here, and the text was decoded first.
            Err(_) => break,
        }
    }
    Sheet {
        name: String::new(),
        hidden: false,
        date1904: false,
        csv: true,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_windows_1252_with_semicolons() {
        let bytes = b"Ref;Received;Subject\r\nHD-1;04/03/2019;\xA3 5 refund \x92s\r\n";
        let sheet = read_csv(bytes);
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.rows[1].get(2), &Raw::Text("£ 5 refund ’s".into()));
        assert_eq!(sheet.rows[1].line, Some(2));
    }

    #[test]
    fn csv_with_bom_comments_and_quoted_thousands() {
        let bytes =
            "\u{feff}# All Web Site Data\n\nDay Index,Sessions\n3/1/19,\"1,203\"\n,\"8,883\"\n"
                .as_bytes();
        let sheet = read_csv(bytes);
        assert_eq!(
            sheet.rows[0].get(0),
            &Raw::Text("# All Web Site Data".into())
        );
        assert_eq!(sheet.rows[2].get(1), &Raw::Text("1,203".into()));
        assert_eq!(sheet.rows[3].get(0), &Raw::Empty);
        assert_eq!(sheet.rows[3].line, Some(5));
    }

    #[test]
    fn a_text_file_named_xls_is_explained() {
        let error = read_sheets(
            "log.xls",
            b"<html><table><tr><td>1</td></tr></table></html>",
        )
        .expect_err("must fail");
        assert!(error.contains("HTML"), "{error}");
        let error = read_sheets("log.xlsx", b"Date,Category\n").expect_err("must fail");
        assert!(error.contains("CSV"), "{error}");
        assert!(
            read_sheets("log.xlsx", b"")
                .expect_err("must fail")
                .contains("empty")
        );
    }
}
