//! RENDER: takes the report's tables, the findings and the sources; gives
//! the output files as bytes (the workbook, the CSV bundle, blank input
//! workbooks), so each is tested without touching the disk; `pipeline`
//! writes them. Knows nothing of timesheets or helpdesk logs.

pub mod csv;
pub mod docx;
pub mod figures;
pub mod reference;
pub mod templates;
pub mod wording;
pub mod xlsx;

use crate::findings::Findings;
use crate::inputs::{SkippedFile, SourceSheet};
use crate::report::Report;
use crate::template::Template;

/// Everything a renderer needs about one run.
pub struct RunView<'a> {
    pub report: &'a Report,
    pub template: &'a Template,
    pub sources: &'a [SourceSheet],
    pub skipped_files: &'a [SkippedFile],
    pub findings: &'a Findings,
    /// The input folder as a link from the output folder (`../2019-03`),
    /// for the Effort bookings' links to their source cells; `None` when
    /// nothing is written or the two share no root.
    pub input_link: Option<String>,
}

/// One output file: its path inside the output folder, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The Word draft's name for a report month.
pub fn draft_name(report: &Report) -> String {
    format!("operations-report-{}.docx", report.month)
}

/// The workbook's name for a report month.
pub fn workbook_name(report: &Report) -> String {
    format!("operations-report-{}.xlsx", report.month)
}
