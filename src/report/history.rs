//! Rolling history for Tables 3, 5 and 6: for each month of a table, the raw
//! inputs' figure if they cover the month, else the figure a previous report
//! published; a disagreement between the two is a restatement, reported row
//! by row and month by month; a month neither covers is a gap (an error
//! unless `--allow-gaps`). Every month's source is recorded for the Sources
//! sheet.

use std::collections::BTreeMap;

use crate::findings::{Findings, Location};
use crate::inputs::records::{HistoryReport, RollingTable};
use crate::month::Month;

/// Where a month's figures came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provenance {
    /// The raw inputs: the files they were read from.
    Raw(Vec<String>),
    /// A previous report.
    History(String),
    /// Nothing: the cells are blank (`--allow-gaps`).
    Gap,
}

/// One month of one table and its source, for the Sources sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthSource {
    pub table: RollingTable,
    /// The row, where a table's rows are settled one by one (Table 6).
    pub row: Option<String>,
    pub month: Month,
    pub provenance: Provenance,
}

/// Raw and published figures disagreeing: the Checks sheet's Restatements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restatement {
    pub table: RollingTable,
    pub row: String,
    pub month: Month,
    pub history: u64,
    pub raw: u64,
    pub history_file: String,
}

/// The history available to a run: for each table, row and month, the
/// figure of the most recent earlier report that has it.
#[derive(Debug, Default)]
pub struct History {
    values: BTreeMap<FigureKey, Published>,
}

/// A table, row and month.
type FigureKey = (RollingTable, String, Month);

/// A published figure: the value, the report's file and its month.
#[derive(Debug, Clone)]
struct Published {
    value: u64,
    file: String,
    month: Option<Month>,
}

impl History {
    /// Reports for the report month itself or later are not history. Two
    /// reports for the same month must agree (`same_month`); between
    /// reports for different months, the later report's figure is used.
    pub fn new(reports: &[HistoryReport], month: Month, findings: &mut Findings) -> History {
        let mut history = History::default();
        let earlier: Vec<&HistoryReport> = reports
            .iter()
            .filter(|r| r.month.is_none_or(|m| m < month))
            .collect();
        for report in same_month(&earlier, findings) {
            for value in &report.values {
                let key = (value.table, value.row.clone(), value.month);
                match history.values.get(&key) {
                    Some(other) if other.value != value.value => {
                        let (used, unused) = if report.month > other.month {
                            ((value.value, &report.file), (other.value, &other.file))
                        } else {
                            ((other.value, &other.file), (value.value, &report.file))
                        };
                        findings.warning(
                            "history-disagrees",
                            value.location.clone(),
                            format!(
                                "{} · {} · {}: {} in {} but {} in {}; {} is used, the later \
                                 of the two reports (a later report may correct an earlier \
                                 one)",
                                value.table.name(),
                                value.row,
                                value.month.short_label(),
                                used.0,
                                used.1,
                                unused.0,
                                unused.1,
                                used.0
                            ),
                        );
                        if report.month > other.month {
                            history.values.insert(key, published(value.value, report));
                        }
                    }
                    Some(_) => {}
                    None => {
                        history.values.insert(key, published(value.value, report));
                    }
                }
            }
        }
        history
    }

    /// Whether any earlier report gives this table's figures for the month.
    pub fn covers(&self, table: RollingTable, month: Month) -> Option<&str> {
        self.values
            .iter()
            .find(|((t, _, m), _)| *t == table && *m == month)
            .map(|(_, published)| published.file.as_str())
    }

    /// Which earlier report gives this row's figure for the month.
    pub fn covers_row(&self, table: RollingTable, row: &str, month: Month) -> Option<&str> {
        self.values
            .get(&(table, row.to_string(), month))
            .map(|published| published.file.as_str())
    }

    pub fn value(&self, table: RollingTable, row: &str, month: Month) -> Option<u64> {
        self.values
            .get(&(table, row.to_string(), month))
            .map(|p| p.value)
    }
}

/// Earlier reports for the same month (two September reports, one of
/// them corrected by hand): nothing says which is the published one, so
/// where they give different figures that is an error naming both files
/// and the cells, and neither is used until one is removed. Where they
/// agree, the first by file name is used (the other only for figures it
/// alone gives) and a warning says so. Returns the reports to use, in
/// their order.
fn same_month<'a>(
    reports: &[&'a HistoryReport],
    findings: &mut Findings,
) -> Vec<&'a HistoryReport> {
    let mut by_month: BTreeMap<Option<Month>, Vec<&'a HistoryReport>> = BTreeMap::new();
    for report in reports {
        by_month.entry(report.month).or_default().push(report);
    }
    let mut used = Vec::new();
    for (month, mut group) in by_month {
        group.sort_by(|a, b| a.file.cmp(&b.file));
        let Some((first, others)) = group.split_first() else {
            continue;
        };
        let for_month = month.map_or_else(|| "the same month".to_string(), |m| m.long_label());
        let mut agreeing = vec![*first];
        let mut disagreeing = Vec::new();
        for other in others {
            let cells = differing_cells(first, other);
            if cells.is_empty() {
                agreeing.push(*other);
                continue;
            }
            disagreeing.push(other);
            let shown: Vec<&str> = cells.iter().take(10).map(String::as_str).collect();
            let more = cells.len().saturating_sub(shown.len());
            findings.error(
                "history-same-month",
                Location::file(&other.file),
                format!(
                    "two earlier reports for {for_month} are in the folder, {} and {}, and they \
                     give different figures: {}{}. Nothing says which of them the Panel was \
                     given, so nothing is written: remove the one that is not the published \
                     report from the folder (a sub-folder is not read) and run again",
                    first.file,
                    other.file,
                    shown.join("; "),
                    if more > 0 {
                        format!("; and {more} more")
                    } else {
                        String::new()
                    }
                ),
            );
        }
        if disagreeing.is_empty() {
            if let [_, rest @ ..] = agreeing.as_slice()
                && !rest.is_empty()
            {
                let rest: Vec<&str> = rest.iter().map(|r| r.file.as_str()).collect();
                findings.warning(
                    "history-same-month",
                    Location::file(&first.file),
                    format!(
                        "two earlier reports for {for_month} are in the folder, {} and {}; they \
                         give the same figure wherever both give one, so the report is the \
                         same whichever is used: {} is used (the first by name), and {} only \
                         for a figure it alone gives. Remove one to keep the folder clear",
                        first.file,
                        rest.join(", "),
                        first.file,
                        rest.join(", ")
                    ),
                );
            }
            used.extend(agreeing);
        } else {
            // The run stops on the error; the first still fills the
            // months, so no gap is reported on top of it.
            used.push(*first);
        }
    }
    used
}

/// Each figure two reports both give and give differently, as `Table 5 ·
/// Modifications · Aug 19: 411 (a.xlsx › Table 5 › I9), 410 (b.xlsx › …)`.
fn differing_cells(a: &HistoryReport, b: &HistoryReport) -> Vec<String> {
    let theirs: BTreeMap<FigureKey, &crate::inputs::records::HistoryValue> = b
        .values
        .iter()
        .map(|v| ((v.table, v.row.clone(), v.month), v))
        .collect();
    a.values
        .iter()
        .filter_map(|mine| {
            let other = theirs.get(&(mine.table, mine.row.clone(), mine.month))?;
            (other.value != mine.value).then(|| {
                format!(
                    "{} · {} · {}: {} ({}), {} ({})",
                    mine.table.name(),
                    mine.row,
                    mine.month.short_label(),
                    mine.value,
                    mine.location,
                    other.value,
                    other.location
                )
            })
        })
        .collect()
}

fn published(value: u64, report: &HistoryReport) -> Published {
    Published {
        value,
        file: report.file.clone(),
        month: report.month,
    }
}

/// One month of one rolling table (and row, where rows are settled one by
/// one) to settle.
#[derive(Debug, Clone, Copy)]
pub struct Cell<'a> {
    pub table: RollingTable,
    pub label: Option<&'a str>,
    pub month: Month,
}

/// Combines raw figures and history for the rolling tables of one run.
#[derive(Debug, Default)]
pub struct Rolling {
    pub sources: Vec<MonthSource>,
    pub restatements: Vec<Restatement>,
    /// Missing months per table (and row), reported together at the end.
    gaps: BTreeMap<(RollingTable, Option<String>), Vec<Month>>,
}

impl Rolling {
    /// Settle one month of one table: `raw` holds the raw figures by row
    /// when the raw inputs cover the month (and the files they came from).
    /// Returns the figures to print by row, or `None` for a gap.
    pub fn settle(
        &mut self,
        history: &History,
        cell: Cell,
        rows: &[String],
        raw: Option<(Vec<u64>, Vec<String>)>,
        findings: &mut Findings,
    ) -> Option<Vec<u64>> {
        let Cell {
            table,
            label,
            month,
        } = cell;
        let row = label.map(str::to_string);
        // A row settled on its own (Table 6's measures) is covered by its
        // own figure: an earlier report may give one measure and not the
        // other.
        let covered = match label {
            Some(label) => history.covers_row(table, label, month),
            None => history.covers(table, month),
        };
        match raw {
            Some((values, files)) => {
                if let Some(file) = covered {
                    for (row, raw_value) in rows.iter().zip(&values) {
                        if let Some(published) = history.value(table, row, month)
                            && published != *raw_value
                        {
                            findings.warning(
                                "restatement",
                                Location::file(file),
                                format!(
                                    "{} · {} · {}: history {published}, raw {raw_value}; raw used",
                                    table.name(),
                                    row,
                                    month.short_label()
                                ),
                            );
                            self.restatements.push(Restatement {
                                table,
                                row: row.clone(),
                                month,
                                history: published,
                                raw: *raw_value,
                                history_file: file.to_string(),
                            });
                        }
                    }
                }
                self.sources.push(MonthSource {
                    table,
                    row,
                    month,
                    provenance: Provenance::Raw(files),
                });
                Some(values)
            }
            None => match covered {
                Some(file) => {
                    self.sources.push(MonthSource {
                        table,
                        row,
                        month,
                        provenance: Provenance::History(file.to_string()),
                    });
                    Some(
                        rows.iter()
                            .map(|row| history.value(table, row, month).unwrap_or(0))
                            .collect(),
                    )
                }
                None => {
                    self.sources.push(MonthSource {
                        table,
                        row: row.clone(),
                        month,
                        provenance: Provenance::Gap,
                    });
                    self.gaps.entry((table, row)).or_default().push(month);
                    None
                }
            },
        }
    }

    /// Report the gaps: an error naming the tables and months, or with
    /// `--allow-gaps` a warning that the cells are left blank.
    pub fn report_gaps(&self, allow_gaps: bool, findings: &mut Findings) {
        for ((table, row), months) in &self.gaps {
            let months: Vec<String> = months.iter().map(|m| m.short_label()).collect();
            let row = row.as_ref().map(|r| format!(" ({r})")).unwrap_or_default();
            let what = format!(
                "{}{row} has no figures for {}: neither the raw inputs nor an earlier report (last month's output \
                 workbook, in the folder or given with --history) cover {}",
                table.name(),
                months.join(", "),
                if months.len() == 1 { "it" } else { "them" }
            );
            if allow_gaps {
                findings.warning(
                    "gap",
                    Location::default(),
                    format!("{what}; the cells are left blank (--allow-gaps)"),
                );
            } else {
                findings.error(
                    "gap",
                    Location::default(),
                    format!("{what}. Add the inputs or the earlier report, or run with --allow-gaps to leave the cells blank"),
                );
            }
        }
    }
}
