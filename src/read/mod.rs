//! READ: takes a file's bytes (any workbook calamine reads, or CSV) and
//! gives its sheets as rows of typed cells (`cell::Raw`) with their absolute
//! positions. Knows nothing of the report's kinds, timesheets or tables.

pub mod cell;
pub mod error;
pub mod limits;
pub mod merges;
pub mod workbook;
pub mod xls;
