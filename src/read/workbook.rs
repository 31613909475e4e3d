//! Opening one input file — any format calamine reads, or CSV — sheet by
//! sheet, as rows of raw cells with their absolute positions, hidden flag,
//! date system and merged ranges filled. Every input kind reads from this one
//! representation, so positions in findings mean the same everywhere.
//!
//! Rows stream: a sheet is handed over with its first rows (where headers
//! and title rows live) and an iterator over the rest, so a million-row log
//! is never held in memory as cells. calamine reads every workbook: xlsx and
//! xlsb sheets stream through its cell reader, parsed on a thread of their
//! own while the caller's thread makes rows; xls and ods sheets are read
//! whole and walked in order (an `.xls` is measured first, in `xls.rs`,
//! since calamine holds all its sheets as it opens it). A file on disk is read through a buffer, a
//! pass at a time, never held whole (`Bytes`).
//!
//! calamine's cell reader does not fill merged ranges, and they sit after
//! the cells in an xlsx sheet, so they are read first in a pass of their own
//! (`merge_cells_by_sheet_name`) and filled here, as rows stream past
//! (`MergeFill`). For ods and xlsb, which calamine gives no merged ranges
//! for, `merges.rs` finds them.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use calamine::{Data, DataRef, Ods, Reader, SheetType, SheetVisible, Sheets, Xls, Xlsb, Xlsx};

use super::cell::{Epoch, Raw};
use super::error::ReadError;
use super::limits;

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
    /// The day its serial dates count from, as the workbook says.
    pub epoch: Epoch,
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

/// Rows a sheet keeps in memory before streaming the rest: header rows are
/// looked for among these.
pub const HEAD_ROWS: u32 = 40;

/// The rows of a sheet after its head, pulled on demand.
pub type Rest<'a> = &'a mut dyn Iterator<Item = SheetRow>;

/// A file's bytes as the readers take them: in memory already, or on disk,
/// opened afresh for each pass over them, so that a large workbook is never
/// held in memory whole.
#[derive(Debug, Clone, Copy)]
pub enum Bytes<'a> {
    Memory(&'a [u8]),
    Disk(&'a Path),
}

/// A reader over `Bytes`.
pub enum ByteReader<'a> {
    Memory(Cursor<&'a [u8]>),
    Disk(BufReader<File>),
}

impl Read for ByteReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            ByteReader::Memory(r) => r.read(buf),
            ByteReader::Disk(r) => r.read(buf),
        }
    }
}

impl Seek for ByteReader<'_> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        match self {
            ByteReader::Memory(r) => r.seek(pos),
            ByteReader::Disk(r) => r.seek(pos),
        }
    }
}

impl<'a> Bytes<'a> {
    pub fn open(self) -> std::io::Result<ByteReader<'a>> {
        Ok(match self {
            Bytes::Memory(bytes) => ByteReader::Memory(Cursor::new(bytes)),
            Bytes::Disk(path) => {
                ByteReader::Disk(BufReader::with_capacity(1 << 16, File::open(path)?))
            }
        })
    }

    /// Up to the first `n` bytes.
    fn head(self, n: usize) -> std::io::Result<Vec<u8>> {
        let mut head = Vec::with_capacity(n);
        self.open()?.take(n as u64).read_to_end(&mut head)?;
        Ok(head)
    }
}

/// Read every sheet of a workbook or a CSV file whole. For small workbooks
/// (an earlier report, `inspect`); the converter itself streams with
/// `visit_sheets`.
pub fn read_sheets(name: &str, bytes: &[u8]) -> Result<Vec<Sheet>, ReadError> {
    let mut sheets = Vec::new();
    visit_sheets(name, Bytes::Memory(bytes), &mut |sheet, rest| {
        let mut whole = sheet.clone();
        whole.rows.extend(rest);
        sheets.push(whole);
    })?;
    Ok(sheets)
}

/// Hand each sheet to `visit`: the sheet with its first rows (index below
/// `HEAD_ROWS`), and the rest as a stream. The error says what is wrong
/// with the file, as a plain sentence for the user.
pub fn visit_sheets(
    name: &str,
    bytes: Bytes<'_>,
    visit: &mut dyn FnMut(&Sheet, Rest<'_>),
) -> Result<(), ReadError> {
    let claimed = FileFormat::from_extension(name);
    let head = bytes.head(512)?;
    let zip = head.starts_with(b"PK\x03\x04");
    let ole = head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    if head.is_empty() {
        return Err(ReadError::Empty);
    }
    match claimed {
        Some(FileFormat::Csv) => {
            check_csv_size(bytes)?;
            visit_csv(bytes, visit)
        }
        Some(format) if zip || ole => {
            guarded(|| visit_workbook(format, zip, bytes, visit)).unwrap_or(Err(ReadError::Damaged))
        }
        Some(_) => Err(describe_mismatch(&head)),
        None => Err(ReadError::NotASpreadsheet),
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

/// What bytes under a spreadsheet's name look like instead.
fn describe_mismatch(bytes: &[u8]) -> ReadError {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_lowercase();
    let looks =
        if head.contains("<html") || head.contains("<!doctype html") || head.contains("<table") {
            "a web page (HTML) saved with a spreadsheet name"
        } else if head.contains(',') || head.contains(';') {
            "text (it looks like CSV) saved with a spreadsheet name"
        } else {
            "not a workbook Excel or LibreOffice wrote"
        };
    ReadError::Mislabelled { looks }
}

/// Refuse a zip-based workbook whose directory says a part unpacks to more
/// than the limits allow, before calamine unpacks a byte of it.
fn check_package(bytes: Bytes<'_>) -> Result<(), ReadError> {
    let Ok(mut archive) = bytes.open().map(zip::ZipArchive::new) else {
        return Ok(());
    };
    let Ok(archive) = archive.as_mut() else {
        // Not a readable package: calamine says what is wrong.
        return Ok(());
    };
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index_raw(i) else {
            continue;
        };
        let (packed, unpacked) = (part.compressed_size(), part.size());
        let read_on_open = part.name().ok().and_then(|n| read_on_open(&n));
        let bomb = unpacked > limits::PART_BYTES
            || (unpacked > limits::RATIO_FROM && unpacked / packed.max(1) > limits::PACK_RATIO);
        if bomb {
            return Err(ReadError::PartTooLarge {
                part: part.name().map(|n| n.to_string()).unwrap_or_default(),
                unpacked,
                packed,
            });
        }
        if let Some(binary) = read_on_open
            && unpacked > limits::RATIO_FROM
        {
            let name = part.name().map(|n| n.to_string()).unwrap_or_default();
            drop(part);
            let Ok(part) = archive.by_index(i) else {
                continue;
            };
            let longest = if binary {
                merges::largest_record(std::io::BufReader::new(part))
            } else {
                merges::longest_text(part)
            };
            if longest > limits::TEXT_BYTES {
                return Err(ReadError::TextTooLong {
                    part: name,
                    length: longest,
                });
            }
        }
    }
    Ok(())
}

/// Whether calamine reads a part whole as it opens the package, before any
/// sheet (the shared strings, styles, the workbook and the relationships),
/// and so would hold a text or record in it however long: `Some(true)` for
/// an xlsb part (measured by its records), `Some(false)` for XML. Such a
/// part over `limits::RATIO_FROM` is measured first; smaller ones are
/// bounded by their size. Sheets are measured beside calamine's opening
/// (merges.rs).
fn read_on_open(name: &str) -> Option<bool> {
    let name = name.to_ascii_lowercase();
    let file = name.rsplit('/').next().unwrap_or(&name);
    let opened = matches!(
        file,
        "sharedstrings.xml" | "styles.xml" | "workbook.xml" | "[content_types].xml"
    ) || matches!(file, "sharedstrings.bin" | "styles.bin" | "workbook.bin")
        || file.ends_with(".rels");
    opened.then_some(file.ends_with(".bin"))
}

/// Refuse a package a sheet part of which the pass that finds the merged
/// ranges (merges.rs) found holding a text longer than `limits::TEXT_BYTES`,
/// or, when that pass could not measure every sheet, any part that could
/// hold one (over that size: a sheet or other XML part, or an xlsb
/// worksheet), measured here. Before calamine reads a cell.
fn check_sheet_texts(bytes: Bytes<'_>, scan: Option<&merges::SheetScan>) -> Result<(), ReadError> {
    let too_long = match scan {
        Some(scan) if scan.complete || scan.too_long.is_some() => scan.too_long.clone(),
        _ => longest_in_package(bytes),
    };
    match too_long {
        Some((part, length)) => Err(ReadError::TextTooLong { part, length }),
        None => Ok(()),
    }
}

/// The first part of a package longer than `limits::TEXT_BYTES` that holds
/// a text (or, in an xlsb worksheet, a record) longer than that.
fn longest_in_package(bytes: Bytes<'_>) -> Option<(String, u64)> {
    let mut archive = zip::ZipArchive::new(bytes.open().ok()?).ok()?;
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index(i) else {
            continue;
        };
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        let lower = name.to_ascii_lowercase();
        let length = if part.size() <= limits::TEXT_BYTES {
            continue;
        } else if lower.ends_with(".xml") {
            merges::longest_text(part)
        } else if lower.ends_with(".bin") && lower.contains("worksheets/") {
            merges::largest_record(std::io::BufReader::new(part))
        } else {
            continue;
        };
        if length > limits::TEXT_BYTES {
            return Some((name, length));
        }
    }
    None
}

/// Refuse a cell longer than a cell holds, naming it.
fn check_cell(((row, col), raw): &Cell) -> Result<(), ReadError> {
    match raw {
        Raw::Text(text) => check_text((*row, *col), text),
        _ => Ok(()),
    }
}

fn check_text((row, col): (u32, u32), text: &str) -> Result<(), ReadError> {
    if text.len() > limits::CELL_CHARS {
        let chars = text.chars().count();
        if chars > limits::CELL_CHARS {
            return Err(ReadError::CellTooLong {
                row,
                col,
                chars: chars as u64,
            });
        }
    }
    Ok(())
}

/// Refuse an ods workbook a sheet of which spans more cells than a sheet
/// is read up to, naming the sheet and where its farthest value is.
fn check_ods_extent(sheets: &HashMap<String, merges::OdsSheet>) -> Result<(), ReadError> {
    let mut names: Vec<&String> = sheets.keys().collect();
    names.sort();
    for name in names {
        let (rows, cols) = sheets[name].extent;
        let cells = u64::from(rows) * u64::from(cols);
        if cells > limits::SHEET_CELLS {
            return Err(ReadError::SheetTooLarge {
                sheet: name.clone(),
                cells,
                last: (rows.saturating_sub(1), cols.saturating_sub(1)),
            });
        }
    }
    Ok(())
}

/// Refuse an `.xls` whose sheets would take calamine more memory than
/// `limits::XLS_CELLS` allow, or whose compound file loops, before calamine
/// opens it: it reads every sheet whole as it opens the file.
fn check_xls(bytes: Bytes<'_>) -> Result<(), ReadError> {
    let size = size_of(bytes)?;
    if size > limits::XLS_BYTES {
        return Err(ReadError::XlsTooLarge { size });
    }
    let Ok(file) = bytes.open() else {
        return Ok(());
    };
    let sheets = guarded(|| xls::sheets(file))
        .unwrap_or(Ok(Vec::new()))
        .map_err(|xls::Damaged| ReadError::XlsContentsBroken)?;
    let total: u64 = sheets.iter().map(|s| s.cells).sum();
    if total <= limits::XLS_CELLS {
        return Ok(());
    }
    let Some(largest) = sheets.iter().max_by_key(|s| s.cells) else {
        return Ok(());
    };
    Err(ReadError::XlsTooManyCells {
        total,
        largest: largest.clone(),
    })
}

/// Refuse a sheet with more merged ranges than a sheet is read with.
fn check_merges(merges: &[Dims]) -> Result<(), ReadError> {
    if merges.len() > limits::MERGED_RANGES {
        return Err(ReadError::TooManyMerges);
    }
    Ok(())
}

/// A file's size in bytes.
fn size_of(bytes: Bytes<'_>) -> Result<u64, ReadError> {
    Ok(match bytes {
        Bytes::Memory(bytes) => bytes.len() as u64,
        Bytes::Disk(path) => std::fs::metadata(path)?.len(),
    })
}

/// Refuse a CSV file too large to decode whole.
fn check_csv_size(bytes: Bytes<'_>) -> Result<(), ReadError> {
    let size = size_of(bytes)?;
    if size > limits::CSV_BYTES {
        return Err(ReadError::CsvTooLarge { size });
    }
    Ok(())
}

/// Read a workbook calamine reads, in steps: refuse what would take memory
/// or time without bound, open it (finding merged ranges beside), then
/// hand over each sheet in turn.
fn visit_workbook(
    claimed: FileFormat,
    zip: bool,
    bytes: Bytes<'_>,
    visit: &mut dyn FnMut(&Sheet, Rest<'_>),
) -> Result<(), ReadError> {
    let ods_sheets = check_before_opening(claimed, zip, bytes)?;
    let (opened, scanned) = open_and_scan(claimed, zip, bytes)?;
    // A scan that failed, or could not measure every sheet, is made up for
    // here (ods is read whole by calamine and bounded otherwise).
    if zip && claimed != FileFormat::Ods {
        check_sheet_texts(bytes, scanned.as_ref())?;
    }
    let mut workbook = opened?;
    // Merged ranges found beforehand: xlsx and xlsb by the scan, ods (for
    // which calamine reports none) by `check_before_opening`.
    let mut merges: HashMap<String, Vec<Dims>> =
        scanned.map(|scan| scan.merges).unwrap_or_default();
    merges.extend(
        ods_sheets
            .into_iter()
            .map(|(name, sheet)| (name, sheet.merges)),
    );
    for (name, hidden, chart) in sheet_list(&workbook) {
        let mut sheet = Sheet {
            name: name.clone(),
            hidden,
            epoch: Epoch::Excel1900,
            csv: false,
            rows: Vec::new(),
        };
        if chart {
            // A chart sheet holds no cells: it is listed as an empty sheet
            // rather than read, which calamine's cell reader would refuse.
            hand_over(&mut sheet, std::iter::empty(), visit);
            continue;
        }
        let found = merges.remove(&name);
        visit_workbook_sheet(&mut workbook, &mut sheet, found, visit)
            .map_err(|e| e.in_sheet(&name))?;
    }
    Ok(())
}

/// Refuse a workbook whose package, compound file or ods sheets would take
/// memory or time without bound, before calamine opens it. For an ods,
/// gives its sheets as measured (with their merged ranges).
fn check_before_opening(
    claimed: FileFormat,
    zip: bool,
    bytes: Bytes<'_>,
) -> Result<HashMap<String, merges::OdsSheet>, ReadError> {
    if zip {
        check_package(bytes)?;
    } else {
        // A compound file: calamine tries it as an .xls first, whatever
        // its name.
        check_xls(bytes)?;
    }
    if claimed != FileFormat::Ods || !zip {
        return Ok(HashMap::new());
    }
    // calamine holds an ods sheet whole, as the rectangle from A1 to its
    // farthest value, while it opens the file: a stray far cell is refused
    // before that memory is taken.
    // So is a text longer than a cell holds, which it would hold too.
    let sheets = match bytes.open().ok().map(merges::ods_sheets) {
        Some(Err(length)) => {
            return Err(ReadError::TextTooLong {
                part: "content.xml".to_string(),
                length,
            });
        }
        Some(Ok(sheets)) => sheets.unwrap_or_default(),
        None => HashMap::new(),
    };
    check_ods_extent(&sheets)?;
    Ok(sheets)
}

/// A workbook opened by calamine (or why not), and the scan of its sheets
/// for merged ranges and over-long texts (`None` where there is none).
type Opened<'a> = (
    Result<Sheets<ByteReader<'a>>, ReadError>,
    Option<merges::SheetScan>,
);

/// Open the workbook while, for xlsx and xlsb, its sheets' merged ranges
/// and the longest text in each part are found on the other core: calamine
/// opens the package and loads its shared strings first, and reads no sheet
/// until asked.
fn open_and_scan(
    claimed: FileFormat,
    zip: bool,
    bytes: Bytes<'_>,
) -> Result<Opened<'_>, ReadError> {
    let cursor = bytes.open()?;
    Ok(std::thread::scope(|scope| {
        let scan = zip.then_some(claimed).and_then(|format| {
            let find = match format {
                FileFormat::Xlsx => merges::scan_xlsx,
                FileFormat::Xlsb => merges::scan_xlsb,
                _ => return None,
            };
            Some(scope.spawn(move || guarded(|| bytes.open().ok().and_then(find)).flatten()))
        });
        let opened = open_workbook(claimed, zip, cursor, bytes);
        let scanned = scan.and_then(|scan| scan.join().ok().flatten());
        (opened, scanned)
    }))
}

/// Open the workbook as the format its name claims, or, where its bytes
/// say otherwise, as whatever it is.
fn open_workbook<'a>(
    claimed: FileFormat,
    zip: bool,
    cursor: ByteReader<'a>,
    bytes: Bytes<'a>,
) -> Result<Sheets<ByteReader<'a>>, ReadError> {
    match (claimed, zip) {
        (FileFormat::Xls, false) => Xls::new(cursor)
            .map(Sheets::Xls)
            .map_err(|e| ReadError::not_opened(e.into())),
        (FileFormat::Xlsx, _) => Xlsx::new(cursor)
            .map(Sheets::Xlsx)
            .map_err(|e| ReadError::not_opened(e.into())),
        (FileFormat::Xlsb, _) => Xlsb::new(cursor)
            .map(Sheets::Xlsb)
            .map_err(|e| ReadError::not_opened(e.into())),
        (FileFormat::Ods, true) => Ods::new(cursor)
            .map(Sheets::Ods)
            .map_err(|e| ReadError::not_opened(e.into())),
        // An .xls that is really a zip-based workbook (or the reverse):
        // read it for what it is.
        _ => open_any(bytes),
    }
}

/// Each sheet's name, whether it is hidden, and whether it is a chart
/// sheet, in the workbook's order.
fn sheet_list(workbook: &Sheets<ByteReader<'_>>) -> Vec<(String, bool, bool)> {
    workbook
        .sheets_metadata()
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                s.visible != SheetVisible::Visible,
                s.typ == SheetType::ChartSheet,
            )
        })
        .collect()
}

/// calamine's error on a sheet's cells.
fn sheet_cells(error: impl Into<calamine::Error>) -> ReadError {
    ReadError::SheetCells {
        source: error.into(),
    }
}

/// Hand over one sheet of a workbook, with its merged ranges filled:
/// `found`, where they were found beforehand, else calamine's. xlsx and
/// xlsb sheets stream; xls and ods sheets are read whole by calamine.
fn visit_workbook_sheet(
    workbook: &mut Sheets<ByteReader<'_>>,
    sheet: &mut Sheet,
    found: Option<Vec<Dims>>,
    visit: &mut dyn FnMut(&Sheet, Rest<'_>),
) -> Result<(), ReadError> {
    let name = sheet.name.clone();
    match workbook {
        Sheets::Xlsx(book) => {
            sheet.epoch = Epoch::of_workbook(book.has_1904_epoch());
            // Found beforehand (merges.rs), or else read by calamine in
            // a pass of its own, before the cells stream.
            let merges: Vec<Dims> = match found {
                Some(merges) => merges,
                None => book
                    .merge_cells_by_sheet_name(&name)
                    .map_err(sheet_cells)?
                    .iter()
                    .map(dims)
                    .collect(),
            };
            check_merges(&merges)?;
            let mut reader = book.worksheet_cells_reader(&name).map_err(sheet_cells)?;
            let epoch = sheet.epoch;
            stream(
                sheet,
                || calamine_cell(reader.next_cell(), epoch),
                merges,
                visit,
            )
        }
        Sheets::Xlsb(book) => {
            sheet.epoch = Epoch::of_workbook(book.has_1904_epoch());
            let mut reader = book.worksheet_cells_reader(&name).map_err(sheet_cells)?;
            // calamine reports no merged ranges for xlsb: found
            // beforehand (merges.rs).
            let merges = found.unwrap_or_default();
            check_merges(&merges)?;
            let epoch = sheet.epoch;
            stream(
                sheet,
                || calamine_cell(reader.next_cell(), epoch),
                merges,
                visit,
            )
        }
        Sheets::Xls(book) => {
            sheet.epoch = Epoch::of_workbook(book.has_1904_epoch());
            let merges: Vec<Dims> = book
                .merge_cells_by_sheet_name(&name)
                .unwrap_or_default()
                .iter()
                .map(dims)
                .collect();
            check_merges(&merges)?;
            let range = book.worksheet_range(&name).map_err(sheet_cells)?;
            hand_over_range(sheet, &range, merges, visit)
        }
        Sheets::Ods(book) => {
            let range = book.worksheet_range(&name).map_err(sheet_cells)?;
            let merges = found.unwrap_or_default();
            check_merges(&merges)?;
            hand_over_range(sheet, &range, merges, visit)
        }
    }
}

/// A cell from one of calamine's cell readers, typed in the workbook's
/// date system.
fn calamine_cell<E: Into<calamine::Error>>(
    next: Result<Option<calamine::Cell<DataRef<'_>>>, E>,
    epoch: Epoch,
) -> Result<Option<Cell>, ReadError> {
    next.map(|cell| {
        cell.map(|cell| {
            let value = from_data_ref(cell.get_value().clone(), epoch);
            (cell.get_position(), value)
        })
    })
    .map_err(sheet_cells)
}

/// Open a workbook whatever its format, trying each in turn, as calamine's
/// `open_workbook_auto_from_rs` does, but with a fresh reader for each try.
fn open_any(bytes: Bytes<'_>) -> Result<Sheets<ByteReader<'_>>, ReadError> {
    let reader = || bytes.open();
    if let Ok(book) = Xls::new(reader()?) {
        return Ok(Sheets::Xls(book));
    }
    if let Ok(book) = Xlsx::new(reader()?) {
        return Ok(Sheets::Xlsx(book));
    }
    if let Ok(book) = Xlsb::new(reader()?) {
        return Ok(Sheets::Xlsb(book));
    }
    Ods::new(reader()?).map(Sheets::Ods).map_err(|_| {
        // calamine's own word when no format fits (`open_workbook_auto`).
        ReadError::not_opened(calamine::Error::Msg("Cannot detect file format"))
    })
}

/// Stream a sheet from a cell reader: cells become rows, merged ranges
/// are filled, and the rows go to `visit`. The error is the reader's, if it
/// failed part-way.
///
/// The reader parses on a thread of its own, handing over a batch of
/// typed cells at a time, while this thread makes rows and counts them: on
/// two cores a large sheet takes about as long as parsing it alone. The
/// batches are few and bounded, so memory stays flat however long the
/// sheet.
fn stream(
    sheet: &mut Sheet,
    mut next_cell: impl FnMut() -> Result<Option<Cell>, ReadError> + Send,
    merges: Vec<Dims>,
    visit: &mut dyn FnMut(&Sheet, Rest<'_>),
) -> Result<(), ReadError> {
    // Each hand-over may wake the other thread, which costs more than
    // moving the cells: a batch is 8,192 cells (about 320 KB), and at most
    // four wait, so a million-row sheet needs under a thousand of them.
    const BATCH: usize = 8192;
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<_>>(4);
        let parser = scope.spawn(move || {
            guarded(|| {
                loop {
                    let mut batch = Vec::with_capacity(BATCH);
                    let mut end = None;
                    while end.is_none() && batch.len() < BATCH {
                        match next_cell() {
                            Ok(Some(cell)) => match check_cell(&cell) {
                                Ok(()) => batch.push(cell),
                                Err(e) => end = Some(Err(e)),
                            },
                            Ok(None) => end = Some(Ok(())),
                            Err(e) => end = Some(Err(e)),
                        }
                    }
                    // A closed channel: the reading side has stopped.
                    if sender.send(batch).is_err() {
                        return Ok(());
                    }
                    if let Some(end) = end {
                        return end;
                    }
                }
            })
            .unwrap_or(Err(ReadError::Damaged))
        });
        let cells = receiver.iter().flatten();
        hand_over(sheet, MergeFill::new(Rows::new(cells), merges), visit);
        drop(receiver);
        parser.join().unwrap_or(Err(ReadError::Damaged))
    })
}

/// Split a sheet's rows into the head it keeps and the rest it streams, and
/// hand both to `visit`.
fn hand_over(
    sheet: &mut Sheet,
    rows: impl Iterator<Item = SheetRow>,
    visit: &mut dyn FnMut(&Sheet, Rest<'_>),
) {
    let mut rows = rows.peekable();
    while let Some(row) = rows.next_if(|r| r.index < HEAD_ROWS) {
        sheet.rows.push(row);
    }
    visit(sheet, &mut rows);
    // Whatever the visitor did not read is still drained, so the reader's
    // errors come to light.
    rows.for_each(drop);
}

/// Hand over a sheet calamine has read whole, its merged ranges filled.
fn hand_over_range(
    sheet: &mut Sheet,
    range: &calamine::Range<Data>,
    merges: Vec<Dims>,
    visit: &mut dyn FnMut(&Sheet, Rest<'_>),
) -> Result<(), ReadError> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range
        .used_cells()
        .try_for_each(|(row, col, value)| match value {
            Data::String(text) => check_text((r0 + row as u32, c0 + col as u32), text),
            _ => Ok(()),
        })?;
    hand_over(
        sheet,
        MergeFill::new(Rows::new(range_cells(range, sheet.epoch)), merges),
        visit,
    );
    Ok(())
}

/// The non-empty cells of a calamine range, in row order.
fn range_cells(
    range: &calamine::Range<Data>,
    epoch: Epoch,
) -> impl Iterator<Item = ((u32, u32), Raw)> + '_ {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range
        .used_cells()
        .map(move |(row, col, value)| ((r0 + row as u32, c0 + col as u32), from_data(value, epoch)))
}

/// Cells in row order → rows of non-empty cells sorted by column.
struct Rows<I> {
    cells: I,
    pending: Option<((u32, u32), Raw)>,
    /// Cells in the last row: rows of a table are alike, so a new row is
    /// given room for as many, and is not grown cell by cell.
    width: usize,
}

impl<I: Iterator<Item = ((u32, u32), Raw)>> Rows<I> {
    fn new(cells: I) -> Self {
        Rows {
            cells,
            pending: None,
            width: 1,
        }
    }
}

impl<I: Iterator<Item = ((u32, u32), Raw)>> Iterator for Rows<I> {
    type Item = SheetRow;

    fn next(&mut self) -> Option<SheetRow> {
        let mut row: Option<SheetRow> = None;
        while let Some(((r, c), raw)) = self.pending.take().or_else(|| self.cells.next()) {
            if raw.is_empty() {
                continue;
            }
            match &mut row {
                None => {
                    let mut cells = Vec::with_capacity(self.width);
                    cells.push((c, raw));
                    row = Some(SheetRow {
                        index: r,
                        line: None,
                        cells,
                    })
                }
                Some(current) if current.index == r => current.cells.push((c, raw)),
                Some(_) => {
                    self.pending = Some(((r, c), raw));
                    break;
                }
            }
        }
        row.map(|mut row| {
            if !row.cells.is_sorted_by_key(|(c, _)| *c) {
                row.cells.sort_by_key(|(c, _)| *c);
            }
            row.cells.dedup_by_key(|(c, _)| *c);
            self.width = row.cells.len().clamp(1, 64);
            row
        })
    }
}

/// Fills merged ranges as rows stream past: a merged range shows its
/// top-left value across the whole range, and people mean it to apply to
/// every cell (a `Category` merged down over five rows). Rows inside a
/// merged range that hold nothing else are made up.
struct MergeFill<I: Iterator<Item = SheetRow>> {
    rows: std::iter::Peekable<I>,
    merges: Vec<Dims>,
    values: std::collections::HashMap<(u32, u32), Raw>,
    /// The next row index that may need making up.
    next_index: u32,
    last_merge_row: u32,
}

impl<I: Iterator<Item = SheetRow>> MergeFill<I> {
    fn new(rows: I, merges: Vec<Dims>) -> Self {
        let merges: Vec<Dims> = merges
            .into_iter()
            .filter(|((r0, c0), (r1, c1))| {
                (r1.saturating_sub(*r0) as u64 + 1) * (c1.saturating_sub(*c0) as u64 + 1)
                    <= MAX_MERGE_CELLS
            })
            .collect();
        let last_merge_row = merges.iter().map(|(_, (r1, _))| *r1).max().unwrap_or(0);
        MergeFill {
            rows: rows.peekable(),
            merges,
            values: std::collections::HashMap::new(),
            next_index: 0,
            last_merge_row,
        }
    }

    /// Fill row `index` (made up when `row` is `None`) from the merges
    /// covering it; `None` when nothing is there.
    fn fill(&mut self, index: u32, row: Option<SheetRow>) -> Option<SheetRow> {
        let mut row = row.unwrap_or(SheetRow {
            index,
            line: None,
            cells: Vec::new(),
        });
        let mut added = false;
        for &((r0, c0), (r1, c1)) in &self.merges {
            if index < r0 || index > r1 {
                continue;
            }
            if index == r0
                && let Some((_, raw)) = row.cells.iter().find(|(c, _)| *c == c0)
            {
                self.values.insert((r0, c0), raw.clone());
            }
            let Some(value) = self.values.get(&(r0, c0)) else {
                continue;
            };
            for c in c0..=c1 {
                if !row.cells.iter().any(|(col, _)| *col == c) {
                    row.cells.push((c, value.clone()));
                    added = true;
                }
            }
        }
        if added {
            row.cells.sort_by_key(|(c, _)| *c);
        }
        (!row.cells.is_empty()).then_some(row)
    }
}

impl<I: Iterator<Item = SheetRow>> Iterator for MergeFill<I> {
    type Item = SheetRow;

    fn next(&mut self) -> Option<SheetRow> {
        if self.merges.is_empty() {
            return self.rows.next();
        }
        loop {
            let upcoming = self.rows.peek().map(|r| r.index);
            let index = self.next_index;
            match upcoming {
                Some(next) if next == index => {
                    let row = self.rows.next();
                    self.next_index = index + 1;
                    if let Some(row) = self.fill(index, row) {
                        return Some(row);
                    }
                }
                Some(next) if next < index => {
                    // Out of order (rare in real files): pass it through.
                    let row = self.rows.next();
                    return row.and_then(|r| self.fill(r.index, Some(r)));
                }
                _ if upcoming.is_none() && index > self.last_merge_row => return None,
                _ => {
                    // A row with no cells of its own: make it up if a merged
                    // range covers it, else skip ahead.
                    self.next_index = index + 1;
                    if let Some(row) = self.fill(index, None) {
                        return Some(row);
                    }
                    if let Some(next) = upcoming
                        && !self
                            .merges
                            .iter()
                            .any(|((r0, _), (r1, _))| *r0 < next && *r1 >= index)
                    {
                        self.next_index = next;
                    }
                }
            }
        }
    }
}

use super::merges::{self, Dims};
use super::xls;

/// A cell as the readers hand it over: (row, column) and its value.
type Cell = ((u32, u32), Raw);

fn dims(d: &calamine::Dimensions) -> Dims {
    (d.start, d.end)
}

/// A calamine value as a cell. A date becomes a calendar date here, in the
/// workbook's date system, and a number keeps that system for a column
/// that reads it as a serial date.
fn from_data(value: &Data, epoch: Epoch) -> Raw {
    match value {
        Data::Int(i) => Raw::Number(*i as f64, epoch),
        Data::Float(f) => Raw::Number(*f, epoch),
        Data::String(s) => Raw::Text(s.clone()),
        Data::Bool(b) => Raw::Bool(*b),
        Data::DateTime(d) => Raw::date_cell(d.as_f64(), d.is_duration(), epoch),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Raw::Text(s.clone()),
        Data::Error(e) => Raw::Error(e.to_string()),
        Data::Empty => Raw::Empty,
    }
}

fn from_data_ref(value: DataRef<'_>, epoch: Epoch) -> Raw {
    match value {
        DataRef::Int(i) => Raw::Number(i as f64, epoch),
        DataRef::Float(f) => Raw::Number(f, epoch),
        DataRef::String(s) => Raw::Text(s),
        DataRef::SharedString(s) => Raw::Text(s.to_string()),
        DataRef::Bool(b) => Raw::Bool(b),
        DataRef::DateTime(d) => Raw::date_cell(d.as_f64(), d.is_duration(), epoch),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Raw::Text(s),
        DataRef::Error(e) => Raw::Error(e.to_string()),
        DataRef::Empty => Raw::Empty,
    }
}

/// Decode CSV bytes: UTF-16 when a byte-order mark says so (Excel's
/// "Unicode Text" and many exports), else UTF-8 (a byte-order mark is
/// dropped), else Windows-1252. The same decision and decoder a CSV file
/// streams through (`csv_encoding`, `csv_text`), whole, for text in memory.
pub fn decode_text(bytes: &[u8]) -> String {
    let mut text = Vec::with_capacity(bytes.len());
    let decoded = csv_encoding(Bytes::Memory(bytes))
        .and_then(|encoding| csv_text(Bytes::Memory(bytes), encoding))
        .and_then(|mut reader| reader.read_to_end(&mut text));
    match decoded {
        // The decoder writes UTF-8 (unpaired UTF-16 halves as U+FFFD).
        Ok(_) => String::from_utf8_lossy(&text).into_owned(),
        // Reading from memory does not fail.
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Comma, semicolon or tab: whichever occurs most often outside quotes in
/// the first lines that are not `#` comments (a tie goes to the comma).
/// Quotes are followed across line breaks, since a quoted cell may hold
/// several lines.
fn sniff_delimiter(text: &str) -> u8 {
    let (mut commas, mut semicolons, mut tabs, mut lines) = (0usize, 0usize, 0usize, 0usize);
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
            '\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if tabs > commas && tabs > semicolons {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// The encoding a CSV file is read in: UTF-16 (or UTF-8) when a
/// byte-order mark says so, else UTF-8 when every byte is valid UTF-8, else
/// Windows-1252 (as `decode_text` decides for text in memory). Found in one
/// pass a chunk at a time, so the file is never held whole.
fn csv_encoding(bytes: Bytes<'_>) -> std::io::Result<&'static encoding_rs::Encoding> {
    let mut reader = bytes.open()?;
    let mut chunk = vec![0u8; 1 << 16];
    // The bytes of a character cut by the chunk's end, kept at its front.
    let mut carry = 0;
    let mut first = true;
    loop {
        let read = reader.read(&mut chunk[carry..])?;
        let filled = carry + read;
        if std::mem::take(&mut first)
            && let Some((encoding, _)) = encoding_rs::Encoding::for_bom(&chunk[..filled])
        {
            return Ok(encoding);
        }
        if read == 0 {
            return Ok(if carry == 0 {
                encoding_rs::UTF_8
            } else {
                encoding_rs::WINDOWS_1252
            });
        }
        match std::str::from_utf8(&chunk[..filled]) {
            Ok(_) => carry = 0,
            Err(cut) if cut.error_len().is_none() => {
                chunk.copy_within(cut.valid_up_to()..filled, 0);
                carry = filled - cut.valid_up_to();
            }
            Err(_) => return Ok(encoding_rs::WINDOWS_1252),
        }
    }
}

/// A CSV file's text, decoded as it is read, without its byte-order mark.
fn csv_text<'a>(
    bytes: Bytes<'a>,
    encoding: &'static encoding_rs::Encoding,
) -> std::io::Result<impl Read + 'a> {
    // UTF-8 (already known valid) passes through with its one byte-order
    // mark taken off; naming it as the encoding would drop a second one.
    let named = (encoding != encoding_rs::UTF_8).then_some(encoding);
    Ok(encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(named)
        .utf8_passthru(true)
        .strip_bom(true)
        .build(bytes.open()?))
}

/// What a `CsvLines` reader and the loop reading records through it share.
#[derive(Default)]
struct LineState {
    /// Where each line read so far ends, past the record being read.
    ends: std::collections::VecDeque<u64>,
    /// The bytes read so far.
    read: u64,
    /// Where the record last handed over starts.
    record: u64,
}

/// A CSV file's text read through while the end of each line is noted, so
/// that each record gets its line number (the csv crate's own count is off
/// for CRLF files). Only the ends past the record being read are kept, and
/// a record running over `limits::CSV_RECORD_BYTES` (an unclosed quote) is
/// an error, so memory stays bounded whatever the file.
struct CsvLines<R> {
    text: R,
    state: std::rc::Rc<std::cell::RefCell<LineState>>,
}

impl<R: Read> Read for CsvLines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.text.read(buf)?;
        let mut state = self.state.borrow_mut();
        let at = state.read;
        state
            .ends
            .extend(memchr::memchr_iter(b'\n', &buf[..read]).map(|i| at + i as u64));
        state.read += read as u64;
        if state.read - state.record > limits::CSV_RECORD_BYTES {
            return Err(std::io::Error::other(RecordTooLong));
        }
        Ok(read)
    }
}

/// What `CsvLines` ends a record too long with, inside the I/O error the
/// csv crate hands back: told apart from the disk's own by its type.
#[derive(Debug)]
struct RecordTooLong;

impl std::fmt::Display for RecordTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a record longer than a CSV row is read up to")
    }
}

impl std::error::Error for RecordTooLong {}

/// A CSV file as one sheet of text cells, each row keeping its line
/// number, handed to `visit` like a workbook's sheet, read and decoded as
/// it streams. A line of more fields than a sheet has columns, or a record
/// longer than `limits::CSV_RECORD_BYTES`, ends the read with the error.
fn visit_csv(bytes: Bytes<'_>, visit: &mut dyn FnMut(&Sheet, Rest<'_>)) -> Result<(), ReadError> {
    let encoding = csv_encoding(bytes)?;
    // The delimiter, from the first lines (cut at a byte count, perhaps
    // within a character).
    let mut head = Vec::new();
    csv_text(bytes, encoding)?
        .take(1 << 16)
        .read_to_end(&mut head)?;
    let delimiter = sniff_delimiter(&String::from_utf8_lossy(&head));
    let state = std::rc::Rc::new(std::cell::RefCell::new(LineState::default()));
    let text = CsvLines {
        text: csv_text(bytes, encoding)?,
        state: state.clone(),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text);
    // Bytes, each field then decoded lossily: a file whose byte-order mark
    // says UTF-8 may still hold a stray Windows-1252 byte (`£` as 0xA3),
    // which stands as U+FFFD in its one field, as `decode_text` has it,
    // rather than ending the read.
    let mut record = csv::ByteRecord::new();
    let mut index = 0u32;
    let mut line = 1u64;
    let mut failure: Option<ReadError> = None;
    let rows = std::iter::from_fn(|| {
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => return None,
                Err(error) => {
                    // The record that failed starts on the line after the
                    // last one read (when that one was a single line).
                    failure = Some(csv_failure(error, line + u64::from(index > 0)));
                    return None;
                }
            }
            let start = record.position().map_or(0, |p| p.byte());
            {
                let mut state = state.borrow_mut();
                state.record = start;
                // A CRLF record starts at the `\n` that ends the line before.
                while state.ends.front().is_some_and(|&end| end <= start) {
                    state.ends.pop_front();
                    line += 1;
                }
            }
            if record.len() > limits::CSV_FIELDS {
                failure = Some(ReadError::CsvTooWide { line });
                return None;
            }
            let cells: Vec<(u32, Raw)> = record
                .iter()
                .map(String::from_utf8_lossy)
                .enumerate()
                .filter(|(_, field)| !field.trim().is_empty())
                .map(|(col, field)| (col as u32, Raw::Text(field.into_owned())))
                .collect();
            index += 1;
            if !cells.is_empty() {
                return Some(SheetRow {
                    index: index - 1,
                    line: Some(line),
                    cells,
                });
            }
        }
    });
    let mut sheet = Sheet {
        name: String::new(),
        hidden: false,
        epoch: Epoch::Excel1900,
        csv: true,
        rows: Vec::new(),
    };
    hand_over(&mut sheet, rows, visit);
    match failure {
        Some(message) => Err(message),
        None => Ok(()),
    }
}

/// Why a CSV read stopped part-way.
fn csv_failure(error: csv::Error, line: u64) -> ReadError {
    match error.kind() {
        csv::ErrorKind::Io(io) if io.get_ref().is_some_and(|e| e.is::<RecordTooLong>()) => {
            ReadError::CsvRecordTooLong { line }
        }
        _ => ReadError::CsvUnreadable {
            line,
            source: error,
        },
    }
}

/// A CSV file as one sheet, whole.
pub fn read_csv(bytes: &[u8]) -> Sheet {
    let mut whole = None;
    // A line too wide ends the sheet where it stands.
    let _ = visit_csv(Bytes::Memory(bytes), &mut |sheet, rest| {
        let mut sheet = sheet.clone();
        sheet.rows.extend(rest);
        whole = Some(sheet);
    });
    whole.unwrap_or(Sheet {
        name: String::new(),
        hidden: false,
        epoch: Epoch::Excel1900,
        csv: true,
        rows: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parts_calamine_reads_on_opening_are_known_by_name() {
        assert_eq!(read_on_open("xl/sharedStrings.xml"), Some(false));
        assert_eq!(read_on_open("xl/styles.xml"), Some(false));
        assert_eq!(read_on_open("xl/_rels/workbook.xml.rels"), Some(false));
        assert_eq!(read_on_open("[Content_Types].xml"), Some(false));
        assert_eq!(read_on_open("xl/sharedStrings.bin"), Some(true));
        assert_eq!(read_on_open("xl/worksheets/sheet1.xml"), None);
        assert_eq!(read_on_open("customXml/item1.xml"), None);
    }

    #[test]
    fn merged_ranges_are_found_for_every_sheet_by_its_name() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let format = rust_xlsxwriter::Format::new();
        for (name, merges) in [("Log & <notes>", 2u32), ("Plain", 1)] {
            let sheet = workbook.add_worksheet().set_name(name).expect("name");
            for m in 0..merges {
                sheet
                    .merge_range(m * 3, 1, m * 3 + 1, 2, "merged", &format)
                    .expect("merge");
            }
        }
        workbook.add_worksheet().set_name("None").expect("name");
        let bytes = workbook.save_to_buffer().expect("save");
        let sheets = read_sheets("merged.xlsx", &bytes).expect("readable");
        let filled = |sheet: &Sheet| -> Vec<(u32, u32)> {
            let mut cells: Vec<(u32, u32)> = sheet
                .rows
                .iter()
                .flat_map(|row| row.cells.iter().map(|(col, _)| (row.index, *col)))
                .collect();
            cells.sort();
            cells
        };
        let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Log & <notes>", "Plain", "None"]);
        // Each merged value stands in all four cells of its range.
        assert_eq!(
            filled(&sheets[0]),
            [
                (0, 1),
                (0, 2),
                (1, 1),
                (1, 2),
                (3, 1),
                (3, 2),
                (4, 1),
                (4, 2)
            ]
        );
        assert_eq!(filled(&sheets[1]), [(0, 1), (0, 2), (1, 1), (1, 2)]);
        assert!(filled(&sheets[2]).is_empty());
    }

    #[test]
    fn a_sheet_of_many_batches_streams_every_row_in_order_with_merges_filled() {
        // 5,000 rows of four cells: several batches, with a merged range
        // across the first hand-over (cell 8,192 is in row 2,048).
        const ROWS: u32 = 5_000;
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet().set_name("Log").expect("name");
        for row in 0..ROWS {
            if (2_040..2_060).contains(&row) {
                continue;
            }
            sheet
                .write_string(row, 0, format!("HD-{row}"))
                .expect("write");
            sheet.write_number(row, 1, f64::from(row)).expect("write");
            sheet.write_string(row, 2, "Email").expect("write");
            sheet.write_string(row, 3, "Other").expect("write");
        }
        let format = rust_xlsxwriter::Format::new();
        sheet
            .merge_range(2_040, 0, 2_059, 3, "merged", &format)
            .expect("merge");
        let bytes = workbook.save_to_buffer().expect("save");
        let sheets = read_sheets("log.xlsx", &bytes).expect("readable");
        let rows = &sheets[0].rows;
        assert_eq!(rows.len(), ROWS as usize);
        for (at, row) in rows.iter().enumerate() {
            let at = at as u32;
            assert_eq!(row.index, at);
            assert_eq!(row.cells.len(), 4, "row {at}");
            if (2_040..2_060).contains(&at) {
                assert!(
                    row.cells
                        .iter()
                        .all(|(_, raw)| *raw == Raw::Text("merged".into()))
                );
            } else {
                assert_eq!(row.get(0), &Raw::Text(format!("HD-{at}")));
                assert_eq!(row.get(1), &Raw::Number(f64::from(at), Epoch::Excel1900));
            }
        }
    }

    #[test]
    fn the_longest_text_is_measured_across_chunks() {
        let mut xml = b"<si><t>".to_vec();
        xml.extend(vec![b'y'; 100_000]);
        xml.extend(b"</t></si><si><t>short</t></si>");
        // From after `<` of `<t>`: the tag's `t>` and the text.
        assert_eq!(merges::longest_text(&xml[..]), 100_002);
        assert_eq!(merges::longest_text(&b"no tags at all"[..]), 14);
        assert_eq!(merges::longest_text(&b"<a><b>"[..]), 2);
    }

    #[test]
    fn csv_in_windows_1252_with_semicolons() {
        let bytes = b"Ref;Received;Subject\r\nHD-1;04/03/2019;\xA3 5 refund \x92s\r\n";
        let sheet = read_csv(bytes);
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.rows[1].get(2), &Raw::Text("£ 5 refund ’s".into()));
        assert_eq!(sheet.rows[1].line, Some(2));
    }

    #[test]
    fn csv_saved_as_unicode_text_utf16_with_tabs() {
        // Excel's "Unicode Text": UTF-16 little-endian with a byte-order
        // mark, tab-separated.
        let text = "Ref\tReceived\tCategory\r\nHD-1\t04/03/2019\tContact Info \u{2013} \u{a3}5\r\n";
        let mut little = vec![0xFF, 0xFE];
        little.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut big = vec![0xFE, 0xFF];
        big.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        for bytes in [little, big] {
            let sheet = read_csv(&bytes);
            assert_eq!(sheet.rows.len(), 2);
            assert_eq!(sheet.rows[0].get(2), &Raw::Text("Category".into()));
            assert_eq!(
                sheet.rows[1].get(2),
                &Raw::Text("Contact Info \u{2013} \u{a3}5".into())
            );
            assert_eq!(sheet.rows[1].line, Some(2));
        }
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
        .expect_err("must fail")
        .to_string();
        assert!(error.contains("HTML"), "{error}");
        let error = read_sheets("log.xlsx", b"Date,Category\n").expect_err("must fail");
        assert!(error.to_string().contains("CSV"), "{error}");
        assert!(matches!(
            read_sheets("log.xlsx", b""),
            Err(ReadError::Empty)
        ));
    }
}
