//! Findings: data problems and reconciliation notes, collected across the
//! whole run and shown together — in the terminal, the Checks sheet and
//! `checks.csv`. A fatal problem (cannot open the folder) is an `anyhow`
//! error instead; a finding never stops the reading of the other rows.

use std::fmt;

use crate::text::{cell_ref, column_letters, cut};

/// The most characters a finding's message keeps; the rest is cut, with a
/// note of how much. Far above any message worded here, far below what a
/// workbook cell holds.
pub const MAX_MESSAGE_CHARS: usize = 8_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The report would be wrong: nothing is written.
    Error,
    /// The report is written, but a person must look.
    Warning,
    /// For the record.
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Where a finding points: a file, and within it a sheet and a cell, or a
/// line for a CSV file.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: Option<String>,
    pub sheet: Option<String>,
    /// Zero-based row and column in the sheet.
    pub row: Option<u32>,
    pub col: Option<u32>,
    /// One-based line, for CSV files.
    pub line: Option<u64>,
}

impl Location {
    pub fn file(name: &str) -> Self {
        Location {
            file: Some(name.to_string()),
            ..Default::default()
        }
    }

    /// The cell as people write it: `C214`, or `line 214, column C` in a CSV file.
    pub fn cell(&self) -> Option<String> {
        match (self.line, self.row, self.col) {
            (Some(line), _, Some(col)) => {
                Some(format!("line {line}, column {}", column_letters(col)))
            }
            (Some(line), _, None) => Some(format!("line {line}")),
            (None, Some(row), Some(col)) => Some(cell_ref(row, col)),
            (None, Some(row), None) => Some(format!("row {}", row as u64 + 1)),
            (None, None, Some(col)) => Some(format!("column {}", column_letters(col))),
            (None, None, None) => None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = [self.file.clone(), self.sheet.clone(), self.cell()]
            .into_iter()
            .flatten()
            .collect();
        f.write_str(&parts.join(" › "))
    }
}

/// One problem or note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// A stable short name for the kind of finding (`unknown-driver`), used to
    /// summarise floods of the same defect.
    pub code: &'static str,
    pub location: Location,
    /// A plain sentence: what was found, what was expected, a did-you-mean.
    pub message: String,
}

impl Finding {
    pub fn new(
        severity: Severity,
        code: &'static str,
        location: Location,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            severity,
            code,
            location,
            // Every output can hold it: a workbook cell holds 32,767.
            message: cut(message.into(), MAX_MESSAGE_CHARS),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let location = self.location.to_string();
        if location.is_empty() {
            write!(f, "{}: {}", self.severity.label(), self.message)
        } else {
            write!(f, "{}: {location}: {}", self.severity.label(), self.message)
        }
    }
}

/// The findings of a run.
#[derive(Debug, Default)]
pub struct Findings {
    items: Vec<Finding>,
}

impl Findings {
    pub fn push(&mut self, finding: Finding) {
        self.items.push(finding);
    }

    pub fn error(&mut self, code: &'static str, location: Location, message: impl Into<String>) {
        self.push(Finding::new(Severity::Error, code, location, message));
    }

    pub fn warning(&mut self, code: &'static str, location: Location, message: impl Into<String>) {
        self.push(Finding::new(Severity::Warning, code, location, message));
    }

    pub fn info(&mut self, code: &'static str, location: Location, message: impl Into<String>) {
        self.push(Finding::new(Severity::Info, code, location, message));
    }

    pub fn extend(&mut self, other: Findings) {
        self.items.extend(other.items);
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|f| f.severity == severity).count()
    }

    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// All findings in a stable order: by file, sheet, position, then as
    /// they were found.
    pub fn sorted(&self) -> Vec<&Finding> {
        let mut items: Vec<&Finding> = self.items.iter().collect();
        items.sort_by(|a, b| {
            (
                &a.location.file,
                &a.location.sheet,
                a.location.line,
                a.location.row,
                a.location.col,
            )
                .cmp(&(
                    &b.location.file,
                    &b.location.sheet,
                    b.location.line,
                    b.location.row,
                    b.location.col,
                ))
        });
        items
    }

    /// Turn warnings into errors (`--strict`).
    pub fn make_warnings_errors(&mut self) {
        for f in &mut self.items {
            if f.severity == Severity::Warning {
                f.severity = Severity::Error;
            }
        }
    }

    /// Lines for the terminal: grouped by file, and a flood of the same
    /// defect in one column summarised after the first three.
    pub fn terminal_lines(&self, min: Severity) -> Vec<String> {
        const SHOWN: usize = 3;
        let flood_key = |f: &Finding| {
            (
                f.location.file.clone(),
                f.location.sheet.clone(),
                f.code,
                f.location.col,
                f.severity,
            )
        };
        // Each shown finding, with how many more like it were held back.
        let mut shown: Vec<(&Finding, usize)> = Vec::new();
        let mut counts = std::collections::HashMap::new();
        for finding in self.sorted().into_iter().filter(|f| f.severity <= min) {
            let key = flood_key(finding);
            let count = counts.entry(key.clone()).or_insert(0usize);
            *count += 1;
            if *count <= SHOWN {
                shown.push((finding, 0));
            } else if let Some(last) = shown.iter_mut().rev().find(|(f, _)| flood_key(f) == key) {
                last.1 += 1;
            }
        }
        let mut lines = Vec::new();
        let mut current_file: Option<&Option<String>> = None;
        for (finding, more) in shown {
            if current_file != Some(&finding.location.file) {
                current_file = Some(&finding.location.file);
                lines.push(
                    finding
                        .location
                        .file
                        .clone()
                        .unwrap_or_else(|| "The report as a whole".to_string()),
                );
            }
            lines.push(format!("  {finding}"));
            if more > 0 {
                let column = finding
                    .location
                    .col
                    .map(|c| format!(" in column {}", column_letters(c)))
                    .unwrap_or_default();
                lines.push(format!("  … and {more} more like this{column}"));
            }
        }
        lines
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(row: u32, col: u32) -> Location {
        Location {
            file: Some("helpdesk-2019.xlsx".into()),
            sheet: Some("Log".into()),
            row: Some(row),
            col: Some(col),
            line: None,
        }
    }

    #[test]
    fn a_finding_names_file_sheet_and_cell() {
        let finding = Finding::new(
            Severity::Error,
            "unknown-category",
            at(213, 2),
            "\"Modifcations\" is not a helpdesk category; did you mean \"Modifications\"?",
        );
        assert_eq!(
            finding.to_string(),
            "error: helpdesk-2019.xlsx › Log › C214: \"Modifcations\" is not a helpdesk category; did you mean \"Modifications\"?"
        );
        let csv = Location {
            file: Some("log.csv".into()),
            line: Some(12),
            col: Some(4),
            ..Default::default()
        };
        assert_eq!(csv.to_string(), "log.csv › line 12, column E");
    }

    #[test]
    fn floods_are_summarised_per_column() {
        let mut findings = Findings::default();
        for row in 1..=215 {
            findings.error("bad-date", at(row, 2), "bad");
        }
        findings.warning("other", at(5, 3), "other");
        let lines = findings.terminal_lines(Severity::Info);
        assert_eq!(lines[0], "helpdesk-2019.xlsx");
        assert!(
            lines.contains(&"  … and 212 more like this in column C".to_string()),
            "{lines:?}"
        );
        assert_eq!(lines.len(), 1 + 3 + 1 + 1);
    }
}
