//! The limits that keep memory and time bounded whatever a file holds,
//! each far above any real month (a million-row helpdesk log unpacks to
//! about 200 MiB). A file over one is a finding naming it, never read.
//!
//! In a file of their own, so that the readers (workbook.rs, merges.rs)
//! and the sentences that name them (error.rs) take them from one place
//! and none leans on another for them.

/// The most a part of a zip-based workbook (a sheet, the shared
/// strings) may unpack to, by the size its package declares.
pub const PART_BYTES: u64 = 1 << 30;
/// The most a part may unpack to per byte it takes packed: real sheets
/// pack 5 to 30 times; a part of nothing but repeated bytes, a
/// thousand times and more. Only parts over `RATIO_FROM` are judged.
pub const PACK_RATIO: u64 = 500;
pub const RATIO_FROM: u64 = 64 << 20;
/// The most cells a sheet read whole (ods) may span, from A1 to its
/// farthest value: 20 million cells take about 640 MiB.
pub const SHEET_CELLS: u64 = 20_000_000;
/// The largest CSV file read (it is decoded whole).
pub const CSV_BYTES: u64 = 512 << 20;
/// The most fields one CSV line may have: Excel's column count.
pub const CSV_FIELDS: usize = 16_384;
/// The longest CSV record (one row, or one that runs on over a quote
/// that is never closed), in bytes: the csv crate holds a record whole.
/// A real row is a few KiB; the fields a sheet may have, each as long
/// as a cell holds, would not fit, but no export writes such a row.
pub const CSV_RECORD_BYTES: u64 = 4 << 20;
/// The most cells the sheets of an `.xls` may span together. calamine
/// holds every sheet of an `.xls` at once, each as the rectangle from
/// its first cell to its last (32 bytes a cell), after reserving 40
/// bytes a cell for the extent the sheet declares: 6 million cells take
/// at most about 430 MiB. An `.xls` sheet has at most 16.8 million.
pub const XLS_CELLS: u64 = 6_000_000;
/// The largest `.xls` (a compound file) read: calamine reads its
/// workbook stream whole before a cell, then its shared strings from
/// it; with the cells `XLS_CELLS` allows (at most about 430 MiB), a
/// file this size stays under 1 GiB. An Excel 97-2003 sheet holds at
/// most 65,536 rows of 256 columns; a real month's is a few MiB.
pub const XLS_BYTES: u64 = 128 << 20;
/// The most characters a cell may hold: Excel's own limit.
pub const CELL_CHARS: usize = 32_767;
/// The longest run of text, in bytes, in a shared strings part over
/// `RATIO_FROM`: calamine holds each string whole, two or three times
/// over while it reads it, so a string of 900 MiB that packs a hundred
/// to one aborted the run. Smaller parts are bounded by their size.
pub const TEXT_BYTES: u64 = 1 << 20;
/// The most merged ranges a sheet may have: each row is checked
/// against each of them as it streams.
pub const MERGED_RANGES: usize = 10_000;
