//! Why a file, or one of its sheets, is not read: one variant per reason,
//! each rendered as the plain sentence a team member sees after the file's
//! name, each keeping the library's own error (calamine's, the csv
//! crate's, the disk's) as its `source()`. A variant that enforces a limit
//! names it (`limits.rs`), so the sentence and the bound move together.

use std::fmt;

use calamine::{OdsError, XlsError, XlsbError, XlsxError};

use super::limits;
use super::xls::XlsSheet;
use crate::text::{cell_ref, thousands};

/// Why a file or one of its sheets is not read.
#[derive(Debug)]
pub enum ReadError {
    /// The file cannot be read from disk: held open by another program, or
    /// not readable with the user's permissions.
    Unreadable { source: std::io::Error },
    /// The file holds no bytes.
    Empty,
    /// The file's name is not of a format read (`FileFormat`).
    NotASpreadsheet,
    /// A spreadsheet's name on bytes that are no workbook; `looks` says
    /// what they look like instead.
    Mislabelled { looks: &'static str },
    /// A workbook library gave up part-way (it panicked on the bytes).
    Damaged,
    /// `limits::PART_BYTES` and `limits::PACK_RATIO`: a part of a zip-based
    /// workbook unpacks to more than a workbook holds (a zip bomb).
    PartTooLarge {
        part: String,
        unpacked: u64,
        packed: u64,
    },
    /// `limits::TEXT_BYTES`: a part holds a text (or an xlsb record) longer
    /// than a cell holds, which calamine would hold whole.
    TextTooLong { part: String, length: u64 },
    /// `limits::CELL_CHARS`: a cell holds more characters than Excel allows
    /// in a cell.
    CellTooLong { row: u32, col: u32, chars: u64 },
    /// `limits::SHEET_CELLS`: an ods sheet spans more cells, from A1 to its
    /// farthest value at `last`, than a sheet read whole may.
    SheetTooLarge {
        sheet: String,
        cells: u64,
        last: (u32, u32),
    },
    /// `limits::XLS_BYTES`: an `.xls` larger than one is read up to.
    XlsTooLarge { size: u64 },
    /// An `.xls` whose compound file's table of contents loops, or lists
    /// more than the file holds: calamine would read it without end.
    XlsContentsBroken,
    /// `limits::XLS_CELLS`: the sheets of an `.xls` span more cells
    /// together than calamine may hold; `largest` is the largest sheet.
    XlsTooManyCells { total: u64, largest: XlsSheet },
    /// `limits::MERGED_RANGES`: a sheet has more merged ranges than a sheet
    /// is read with.
    TooManyMerges,
    /// `limits::CSV_BYTES`: a CSV file larger than one is read up to.
    CsvTooLarge { size: u64 },
    /// `limits::CSV_FIELDS`: a CSV line of more fields than a sheet has
    /// columns.
    CsvTooWide { line: u64 },
    /// `limits::CSV_RECORD_BYTES`: a CSV record running over more than a
    /// row is read up to (a quote that is never closed).
    CsvRecordTooLong { line: u64 },
    /// The csv crate, or the disk beneath it, failed after `line`.
    CsvUnreadable { line: u64, source: csv::Error },
    /// calamine found the workbook encrypted with a password (its
    /// `Password` error, of whichever format).
    PasswordProtected { source: calamine::Error },
    /// calamine cannot open the bytes as a workbook.
    NotAWorkbook { source: calamine::Error },
    /// calamine failed on a sheet's cells.
    SheetCells { source: calamine::Error },
    /// One sheet is not read, for `error`; the file as a whole is not read
    /// either, since nothing is read in part.
    Sheet {
        sheet: String,
        error: Box<ReadError>,
    },
}

impl ReadError {
    /// A calamine error on opening a workbook: a password is told apart by
    /// calamine's own `Password` variant.
    pub fn not_opened(source: calamine::Error) -> ReadError {
        let password = matches!(
            source,
            calamine::Error::Xlsx(XlsxError::Password)
                | calamine::Error::Xlsb(XlsbError::Password)
                | calamine::Error::Xls(XlsError::Password)
                | calamine::Error::Ods(OdsError::Password)
        );
        if password {
            ReadError::PasswordProtected { source }
        } else {
            ReadError::NotAWorkbook { source }
        }
    }

    /// This error, as the reason sheet `sheet` is not read.
    pub fn in_sheet(self, sheet: &str) -> ReadError {
        ReadError::Sheet {
            sheet: sheet.to_string(),
            error: Box::new(self),
        }
    }
}

/// Whether a calamine error comes from bytes that do not unpack: a part
/// that fails its checksum, unpacks to more than its package declares, or
/// whose compressed stream is cut or corrupt. Those are the disk's and the
/// unpacker's I/O errors of bad data somewhere down the error's sources,
/// or a zip directory that does not hold together.
fn unpacks_badly(error: &calamine::Error) -> bool {
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = next {
        // quick-xml hands its reader's I/O error on shared (`Arc`).
        let io = error.downcast_ref::<std::io::Error>().or_else(|| {
            error
                .downcast_ref::<std::sync::Arc<std::io::Error>>()
                .map(|arc| &**arc)
        });
        if io.is_some_and(|io| {
            matches!(
                io.kind(),
                std::io::ErrorKind::InvalidData
                    | std::io::ErrorKind::InvalidInput
                    | std::io::ErrorKind::UnexpectedEof
            )
        }) {
            return true;
        }
        if let Some(zip::result::ZipError::InvalidArchive(_)) = error.downcast_ref() {
            return true;
        }
        next = error.source();
    }
    false
}

/// What calamine says, without its wrapper's "Xlsx error: " prefix: the
/// format is the file's, and the user knows it.
fn detail(error: &calamine::Error) -> String {
    use std::error::Error;
    match error {
        calamine::Error::Msg(message) => message.to_string(),
        _ => error
            .source()
            .map_or_else(|| error.to_string(), ToString::to_string),
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Unreadable { source } => write!(
                f,
                "the file cannot be read ({source}); close it in any program that has it open, \
                 or check its permissions"
            ),
            ReadError::Empty => write!(f, "the file is empty (0 bytes)"),
            ReadError::NotASpreadsheet => write!(f, "not a spreadsheet file"),
            ReadError::Mislabelled { looks } => write!(
                f,
                "this file is {looks}; open it in Excel and save it as .xlsx, or rename a CSV \
                 file to .csv"
            ),
            ReadError::Damaged => write!(
                f,
                "the file cannot be read as a workbook; it may be damaged or only partly copied"
            ),
            ReadError::PartTooLarge {
                part,
                unpacked,
                packed,
            } => part_too_large(f, part, *unpacked, *packed),
            ReadError::TextTooLong { part, length } => write!(
                f,
                "its part {part} holds a text of {} MiB, more than a cell holds ({} characters); \
                 not read",
                thousands(length >> 20),
                thousands(limits::CELL_CHARS as u64)
            ),
            ReadError::CellTooLong { row, col, chars } => write!(
                f,
                "cell {} holds {} characters, more than the {} a cell holds; not read",
                cell_ref(*row, *col),
                thousands(*chars),
                thousands(limits::CELL_CHARS as u64)
            ),
            ReadError::SheetTooLarge { sheet, cells, last } => {
                sheet_too_large(f, sheet, *cells, *last)
            }
            ReadError::XlsTooLarge { size } => write!(
                f,
                "the file is {} MiB, more than the {} MiB an Excel 97-2003 workbook is read up to \
                 (it is read whole); save it as .xlsx",
                thousands(size >> 20),
                limits::XLS_BYTES >> 20
            ),
            ReadError::XlsContentsBroken => f.write_str(CONTENTS_BROKEN),
            ReadError::XlsTooManyCells { total, largest } => xls_too_many_cells(f, *total, largest),
            ReadError::TooManyMerges => write!(
                f,
                "it has more than {} merged ranges, more than a sheet is read with; unmerge the \
                 cells of the table and save again",
                thousands(limits::MERGED_RANGES as u64)
            ),
            ReadError::CsvTooLarge { size } => write!(
                f,
                "the CSV file is {} MiB, more than the {} MiB a month's CSV is read up to; not read",
                thousands(size >> 20),
                limits::CSV_BYTES >> 20
            ),
            ReadError::CsvTooWide { line } => write!(
                f,
                "line {line} has more than {} fields, more than a sheet has columns; not read",
                thousands(limits::CSV_FIELDS as u64)
            ),
            ReadError::CsvRecordTooLong { line } => write!(
                f,
                "from line {line} on, a row runs over more than {} MiB (a quote that is never \
                 closed?); not read",
                limits::CSV_RECORD_BYTES >> 20
            ),
            ReadError::CsvUnreadable { line, source } => csv_unreadable(f, *line, source),
            ReadError::PasswordProtected { .. } => write!(
                f,
                "the workbook is password-protected; save an unprotected copy for the report"
            ),
            ReadError::NotAWorkbook { source } => write!(
                f,
                "the file cannot be read as a workbook, it may be damaged or only partly copied \
                 ({})",
                detail(source)
            ),
            ReadError::SheetCells { source } if unpacks_badly(source) => write!(
                f,
                "the file is damaged or was only partly copied ({})",
                detail(source)
            ),
            ReadError::SheetCells { source } => write!(f, "{}", detail(source)),
            ReadError::Sheet { sheet, error } => {
                write!(f, "sheet \"{sheet}\" cannot be read: {error}")
            }
        }
    }
}

/// `XlsContentsBroken`'s sentence.
const CONTENTS_BROKEN: &str = "the file cannot be read as a workbook: its table of contents does \
     not hold together (it runs in a circle, or lists more than the file holds); it may be \
     damaged or only partly copied";

/// `CsvUnreadable`'s sentence: the disk's failure, or the csv crate's.
fn csv_unreadable(f: &mut fmt::Formatter<'_>, line: u64, source: &csv::Error) -> fmt::Result {
    match source.kind() {
        csv::ErrorKind::Io(io) => write!(f, "the file cannot be read after line {line} ({io})"),
        _ => write!(
            f,
            "the file cannot be read as CSV after line {line} ({source})"
        ),
    }
}

/// `PartTooLarge`'s sentence.
fn part_too_large(
    f: &mut fmt::Formatter<'_>,
    part: &str,
    unpacked: u64,
    packed: u64,
) -> fmt::Result {
    write!(
        f,
        "its part {part} unpacks to {} MiB from {} KiB packed, more than a workbook holds \
         (at most {} MiB, and at most {} times its packed size); not read",
        thousands(unpacked >> 20),
        thousands(packed >> 10),
        limits::PART_BYTES >> 20,
        limits::PACK_RATIO
    )
}

/// `SheetTooLarge`'s sentence.
fn sheet_too_large(
    f: &mut fmt::Formatter<'_>,
    sheet: &str,
    cells: u64,
    last: (u32, u32),
) -> fmt::Result {
    write!(
        f,
        "sheet \"{sheet}\" spans {} cells, from A1 to {} (a stray entry far below or to the \
         right of the table?), more than the {} million a sheet is read up to; delete the cells \
         beyond the table and save again",
        thousands(cells),
        cell_ref(last.0, last.1),
        limits::SHEET_CELLS / 1_000_000
    )
}

/// `XlsTooManyCells`' sentence: the one sheet, or all of them and the
/// largest.
fn xls_too_many_cells(f: &mut fmt::Formatter<'_>, total: u64, largest: &XlsSheet) -> fmt::Result {
    let span = format!(
        "spans {} cells, from {} to {}",
        thousands(largest.cells),
        cell_ref(largest.first.0, largest.first.1),
        cell_ref(largest.last.0, largest.last.1)
    );
    if largest.cells == total {
        write!(f, "sheet \"{}\" {span}", largest.name)?;
    } else {
        write!(
            f,
            "its sheets span {} cells together, and the largest, \"{}\", {span}",
            thousands(total),
            largest.name
        )?;
    }
    write!(
        f,
        " (a stray entry far below or to the right of a table?), more than the {} million an \
         .xls is read up to; delete the cells beyond the table and save again, or save the \
         workbook as .xlsx",
        limits::XLS_CELLS / 1_000_000
    )
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Unreadable { source } => Some(source),
            ReadError::CsvUnreadable { source, .. } => Some(source),
            ReadError::PasswordProtected { source }
            | ReadError::NotAWorkbook { source }
            | ReadError::SheetCells { source } => Some(source),
            ReadError::Sheet { error, .. } => Some(error.as_ref()),
            _ => None,
        }
    }
}

impl From<std::io::Error> for ReadError {
    fn from(source: std::io::Error) -> Self {
        ReadError::Unreadable { source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_told_by_calamine_s_variant_not_its_words() {
        for error in [
            calamine::Error::Xlsx(XlsxError::Password),
            calamine::Error::Xlsb(XlsbError::Password),
            calamine::Error::Xls(XlsError::Password),
            calamine::Error::Ods(OdsError::Password),
        ] {
            let error = ReadError::not_opened(error);
            assert!(
                matches!(error, ReadError::PasswordProtected { .. }),
                "{error:?}"
            );
            assert!(std::error::Error::source(&error).is_some());
        }
        // A message that speaks of passwords is not one.
        let error = ReadError::not_opened(calamine::Error::Msg("password"));
        assert!(matches!(error, ReadError::NotAWorkbook { .. }), "{error:?}");
    }

    #[test]
    fn bytes_that_do_not_unpack_are_damaged_whatever_their_words() {
        let checksum = std::io::Error::new(std::io::ErrorKind::InvalidData, "anything");
        let quoted = quick_xml::Error::Io(std::sync::Arc::new(checksum));
        let error = ReadError::SheetCells {
            source: XlsxError::Xml(quoted).into(),
        }
        .in_sheet("Log");
        assert!(
            error
                .to_string()
                .starts_with("sheet \"Log\" cannot be read: the file is damaged"),
            "{error}"
        );
        let other = ReadError::SheetCells {
            source: XlsxError::Unexpected("corrupt checksum").into(),
        };
        assert_eq!(other.to_string(), "corrupt checksum");
    }
}
