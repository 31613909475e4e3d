//! The report's own account of its inputs. `inputs` says what each source
//! sheet gave (rows read, rows skipped while reading, a note); the report
//! never changes that. What the report then decides about a sheet — rows
//! its tables leave out for their date, an earlier report it does not use
//! as history — it keeps here, and the Sources sheet, `sources.csv` and the
//! run summary read each sheet beside its account. Which months of the
//! rolling tables came from which history file is the report's `rolling`.

use std::collections::BTreeMap;

use crate::inputs::SourceSheet;

/// What the report did with each source sheet, by the sheet's index in
/// `Inputs::sources` (as `Origin::source` counts them).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Ledger {
    sheets: Vec<SheetUse>,
}

/// The report's decisions about one sheet.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct SheetUse {
    /// Rows the reading counted that no table uses, by the Sources sheet's
    /// reason (`outside the report month`).
    left_out: BTreeMap<String, usize>,
    /// Why none of the sheet's rows is used, where none is.
    unused: Option<String>,
}

/// One sheet as the outputs show it: what was read, less what the report
/// left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetAccount<'a> {
    pub rows_used: usize,
    /// Reason → rows skipped for it, by the reading and by the report.
    pub skipped: BTreeMap<String, usize>,
    /// Why a sheet was not read, what was recognised, or why it was not used.
    pub note: &'a str,
}

impl SheetAccount<'_> {
    pub fn rows_skipped(&self) -> usize {
        self.skipped.values().sum()
    }
}

/// No decisions: every sheet as `inputs` gave it.
static EMPTY: Ledger = Ledger { sheets: Vec::new() };

impl Ledger {
    /// A ledger with no decisions, for `sheets` source sheets.
    pub fn new(sheets: usize) -> Ledger {
        Ledger {
            sheets: vec![SheetUse::default(); sheets],
        }
    }

    /// A ledger with no decisions, for a run that made no report.
    pub fn empty() -> &'static Ledger {
        &EMPTY
    }

    /// `count` rows of the sheet at `source` that the reading counted are
    /// left out of the tables, for `reason`.
    pub fn leave_out(&mut self, source: usize, reason: &str, count: usize) {
        if let Some(sheet) = self.sheets.get_mut(source) {
            *sheet.left_out.entry(reason.to_string()).or_insert(0) += count;
        }
    }

    /// None of the sheet's rows is used, for the reason `note` gives.
    pub fn mark_unused(&mut self, source: usize, note: String) {
        if let Some(sheet) = self.sheets.get_mut(source) {
            sheet.unused = Some(note);
        }
    }

    /// The sheet at `index` of the sources, with the report's decisions.
    pub fn account<'a>(&'a self, index: usize, source: &'a SourceSheet) -> SheetAccount<'a> {
        let mut skipped = source.skipped.clone();
        let Some(sheet) = self.sheets.get(index) else {
            return SheetAccount {
                rows_used: source.rows_used,
                skipped,
                note: &source.note,
            };
        };
        let mut rows_used = source.rows_used;
        for (reason, &count) in &sheet.left_out {
            rows_used = rows_used.saturating_sub(count);
            *skipped.entry(reason.clone()).or_insert(0) += count;
        }
        match &sheet.unused {
            Some(note) => SheetAccount {
                rows_used: 0,
                skipped,
                note,
            },
            None => SheetAccount {
                rows_used,
                skipped,
                note: &source.note,
            },
        }
    }

    /// Every source sheet beside its account, in order.
    pub fn accounts<'a>(
        &'a self,
        sources: &'a [SourceSheet],
    ) -> impl Iterator<Item = (&'a SourceSheet, SheetAccount<'a>)> {
        sources
            .iter()
            .enumerate()
            .map(|(i, source)| (source, self.account(i, source)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows_used: usize) -> SourceSheet {
        SourceSheet {
            file: "timesheet.xlsx".to_string(),
            rows_used,
            note: "read as a timesheet".to_string(),
            skipped: BTreeMap::from([("blank".to_string(), 2)]),
            ..Default::default()
        }
    }

    #[test]
    fn rows_left_out_move_from_used_to_skipped() {
        let sources = [sheet(10)];
        let mut ledger = Ledger::new(1);
        ledger.leave_out(0, "outside the report month", 3);
        ledger.leave_out(0, "outside the report month", 1);
        let account = ledger.account(0, &sources[0]);
        assert_eq!(account.rows_used, 6);
        assert_eq!(account.rows_skipped(), 6);
        assert_eq!(account.skipped["outside the report month"], 4);
        assert_eq!(account.note, "read as a timesheet");
        // What inputs gave is unchanged.
        assert_eq!(sources[0].rows_used, 10);
        assert_eq!(sources[0].rows_skipped(), 2);
    }

    #[test]
    fn an_unused_sheet_uses_no_rows_and_says_why() {
        let sources = [sheet(10)];
        let mut ledger = Ledger::new(1);
        ledger.mark_unused(0, "not used as history".to_string());
        let account = ledger.account(0, &sources[0]);
        assert_eq!(
            (account.rows_used, account.note),
            (0, "not used as history")
        );
        assert_eq!(sources[0].note, "read as a timesheet");
    }

    #[test]
    fn an_empty_ledger_gives_each_sheet_as_read() {
        let sources = [sheet(10)];
        let (_, account) = Ledger::empty()
            .accounts(&sources)
            .next()
            .expect("one sheet");
        assert_eq!(account.rows_used, 10);
        assert_eq!(account.rows_skipped(), 2);
    }
}
