//! What a run says at the end: the findings (grouped by file, floods
//! summarised), a short table of what each table came to, the findings by
//! severity and the files written — or, with `--json`, the same as a
//! machine-readable document on stdout.

use std::collections::BTreeMap;

use anyhow::Result;
use serde::Serialize;

use crate::findings::Severity;
use crate::inputs::hex_sha256;
use crate::pipeline::{BuildPlan, Outcome};
use crate::report::tables::TABLES;
use crate::report::{DatedOut, Report};
use crate::text::thousands;

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// Each table in the report with its headline figure, by the registry
/// (`report::tables::TABLES`): `Table 1 Applicants`, `3 applicants`.
pub fn headlines(report: &Report) -> Vec<(String, String)> {
    TABLES
        .iter()
        .filter(|unit| report.has(unit.part))
        .filter_map(|unit| {
            let (short, headline) = unit.headline?;
            Some((format!("{} {short}", unit.name), headline(report)))
        })
        .collect()
}

/// Print the findings and the summary to stderr.
pub fn print(plan: &BuildPlan, outcome: &Outcome, quiet: bool) {
    let findings = &outcome.findings;
    let shown = if quiet {
        Severity::Error
    } else {
        Severity::Warning
    };
    for line in findings.terminal_lines(shown) {
        eprintln!("{line}");
    }
    let (errors, warnings, notes) = (
        findings.count(Severity::Error),
        findings.count(Severity::Warning),
        findings.count(Severity::Info),
    );
    // Every file of the folder is either read or named here with the
    // reason it was not.
    // Sheets the template's [exclude] leaves out are named the same way.
    let mut skipped: Vec<(String, String)> = outcome
        .inputs
        .skipped_files
        .iter()
        .map(|s| (s.name.clone(), s.reason.clone()))
        .collect();
    for source in &outcome.inputs.sources {
        if let (Some(entry), Some(sheet)) = (&source.excluded, &source.sheet) {
            skipped.push((
                format!("{} › {sheet}", source.file),
                format!("left out by the template's [exclude] entry \"{entry}\""),
            ));
        }
    }
    if !quiet && !skipped.is_empty() {
        eprintln!("\nNot read:");
        let width = skipped
            .iter()
            .map(|(name, _)| name.chars().count())
            .max()
            .unwrap_or(0);
        for (name, reason) in &skipped {
            eprintln!("  {name:<width$}  {reason}");
        }
    }
    if !quiet && let Some(report) = &outcome.report {
        for line in dated_out_lines(&report.dated_out) {
            eprintln!("{line}");
        }
    }
    if errors > 0 {
        eprintln!(
            "\n{}, {}: nothing was written. Fix what is named above and run again.",
            plural(errors as u64, "error", "errors"),
            plural(warnings as u64, "warning", "warnings")
        );
        return;
    }
    if quiet {
        return;
    }
    if let Some(report) = &outcome.report {
        eprintln!("\nOperations Report for {}", plan.month.long_label());
        let rows = headlines(report);
        let width = rows.iter().map(|(t, _)| t.len()).max().unwrap_or(0);
        for (table, headline) in rows {
            eprintln!("  {table:<width$}  {headline}");
        }
        for part in &report.left_out {
            eprintln!("  {} left out (--partial)", part.tables());
        }
    }
    eprintln!(
        "Findings: {}, {}, {} (all on the Checks sheet and in checks.csv)",
        plural(errors as u64, "error", "errors"),
        plural(warnings as u64, "warning", "warnings"),
        plural(notes as u64, "note", "notes")
    );
    match &plan.out {
        None => eprintln!("Checked: nothing written."),
        Some(_) => {
            eprintln!("Written:");
            for path in &outcome.written {
                eprintln!("  {}", path.display());
            }
        }
    }
}

/// The sheets, and the runs of cells of each, that one screen line names
/// before it says how many more there are; the Checks sheet lists them all.
const SCREEN_SHEETS: usize = 3;
const SCREEN_RUNS: usize = 3;

/// Rows left out for their date, one line per rule, short enough to read:
/// `3 bookings dated outside March 2019 not counted: timesheets.xlsx ›
/// Export › E310, E311; …`.
pub fn dated_out_lines(dated_out: &[DatedOut]) -> Vec<String> {
    let mut by_rule: BTreeMap<(&str, &str), Vec<&DatedOut>> = BTreeMap::new();
    let mut order: Vec<(&str, &str)> = Vec::new();
    for sheet in dated_out {
        let key = (sheet.noun.1, sheet.rule.as_str());
        if !by_rule.contains_key(&key) {
            order.push(key);
        }
        by_rule.entry(key).or_default().push(sheet);
    }
    if order.is_empty() {
        return Vec::new();
    }
    let mut lines =
        vec!["\nLeft out for their date (every cell is on the Checks sheet):".to_string()];
    for key in order {
        let mut sheets = by_rule[&key].clone();
        // The sheets with most rows left out first: the likeliest mistake.
        sheets.sort_by_key(|s| std::cmp::Reverse(s.rows));
        let rows: usize = sheets.iter().map(|s| s.rows).sum();
        let noun = if rows == 1 {
            sheets[0].noun.0
        } else {
            sheets[0].noun.1
        };
        let mut places: Vec<String> = sheets
            .iter()
            .take(SCREEN_SHEETS)
            .map(|s| {
                let mut cells = s.cells[..s.cells.len().min(SCREEN_RUNS)].join(", ");
                if s.cells.len() > SCREEN_RUNS {
                    cells.push_str(", …");
                }
                format!("{} › {cells}", s.sheet)
            })
            .collect();
        if sheets.len() > SCREEN_SHEETS {
            let more = sheets.len() - SCREEN_SHEETS;
            places.push(format!(
                "… and {more} more {}",
                if more == 1 { "sheet" } else { "sheets" }
            ));
        }
        lines.push(format!(
            "  {} {noun} {} not counted: {}",
            thousands(rows as u64),
            key.1,
            places.join("; ")
        ));
    }
    lines
}

#[derive(Serialize)]
struct RunSummary {
    report_month: String,
    exit_code: u8,
    written: bool,
    inputs: Vec<InputSummary>,
    skipped_files: Vec<SkippedSummary>,
    findings: FindingCounts,
    finding_list: Vec<FindingSummary>,
    key_figures: BTreeMap<String, i64>,
    tables: BTreeMap<String, String>,
    outputs: Vec<OutputSummary>,
}

#[derive(Serialize)]
struct InputSummary {
    file: String,
    sheet: Option<String>,
    kind: Option<String>,
    rows_used: usize,
    rows_skipped: usize,
    sha256: String,
}

#[derive(Serialize)]
struct SkippedSummary {
    file: String,
    reason: String,
}

#[derive(Serialize)]
struct FindingCounts {
    error: usize,
    warning: usize,
    info: usize,
}

#[derive(Serialize)]
struct FindingSummary {
    severity: &'static str,
    check: &'static str,
    file: Option<String>,
    sheet: Option<String>,
    cell: Option<String>,
    message: String,
}

#[derive(Serialize)]
struct OutputSummary {
    path: String,
    sha256: String,
}

/// The run as JSON, for automation.
pub fn json(plan: &BuildPlan, outcome: &Outcome, exit_code: u8) -> Result<String> {
    let findings = &outcome.findings;
    let summary = RunSummary {
        report_month: plan.month.to_string(),
        exit_code,
        written: !outcome.written.is_empty(),
        inputs: outcome
            .sheets()
            .map(|(s, account)| InputSummary {
                file: s.file.clone(),
                sheet: s.sheet.clone(),
                kind: s.kind.map(|k| k.label().to_string()),
                rows_used: account.rows_used,
                rows_skipped: account.rows_skipped(),
                sha256: s.sha256.clone(),
            })
            .collect(),
        skipped_files: outcome
            .inputs
            .skipped_files
            .iter()
            .map(|s| SkippedSummary {
                file: s.name.clone(),
                reason: s.reason.clone(),
            })
            .collect(),
        findings: FindingCounts {
            error: findings.count(Severity::Error),
            warning: findings.count(Severity::Warning),
            info: findings.count(Severity::Info),
        },
        finding_list: findings
            .sorted()
            .into_iter()
            .map(|f| FindingSummary {
                severity: f.severity.label(),
                check: f.code,
                file: f.location.file.clone(),
                sheet: f.location.sheet.clone(),
                cell: f.location.cell(),
                message: f.message.clone(),
            })
            .collect(),
        key_figures: outcome
            .report
            .iter()
            .flat_map(|r| r.key_figures())
            .map(|k| (k.name.to_string(), k.value))
            .collect(),
        tables: outcome.report.iter().flat_map(headlines).collect(),
        outputs: outcome
            .written
            .iter()
            .map(|path| OutputSummary {
                path: path.display().to_string(),
                sha256: std::fs::read(path)
                    .map(|b| hex_sha256(&b))
                    .unwrap_or_default(),
            })
            .collect(),
    };
    Ok(serde_json::to_string_pretty(&summary)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "call", "calls"), "1 call");
        assert_eq!(plural(15, "call", "calls"), "15 calls");
    }
}
