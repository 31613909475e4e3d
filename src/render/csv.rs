//! The CSV bundle for the Panel pack: RFC 4180, UTF-8 with a byte-order mark
//! (so Excel shows `’` and `£`), CRLF line ends, a header row, plain numbers.
//! Tables keep the report's shape: a label column, then one column per month
//! (`YYYY-MM`, oldest first) or per measure.

use super::{OutputFile, RunView};
use crate::findings::Severity;
use crate::report::table::{Table, Value};
use crate::report::tables::TableUnit;

/// A CSV file in memory.
struct Sheet {
    writer: csv::Writer<Vec<u8>>,
}

impl Sheet {
    fn new(header: &[&str]) -> Sheet {
        let mut sheet = Sheet {
            writer: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(b"\xEF\xBB\xBF".to_vec()),
        };
        sheet.row(header.iter().map(|s| s.to_string()));
        sheet
    }

    fn row(&mut self, fields: impl IntoIterator<Item = String>) {
        // Writing to a Vec cannot fail.
        let fields: Vec<String> = fields.into_iter().map(defuse).collect();
        let _ = self.writer.write_record(&fields);
    }

    fn finish(self, name: &str) -> OutputFile {
        let bytes = self.writer.into_inner().unwrap_or_default();
        OutputFile {
            path: format!("csv/{name}"),
            bytes,
        }
    }
}

/// A text field as the Panel pack may carry it: one that begins with `=`,
/// `+`, `-`, `@`, a tab or a carriage return would be a live formula when
/// the CSV is opened in Excel or LibreOffice (OWASP, CSV Injection), so it
/// is written with a leading `'`, which both show as text. A number stays
/// a plain number (`-3`, `+1.5`).
pub fn defuse(field: String) -> String {
    let risky = field.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(&field) {
        format!("'{field}")
    } else {
        field
    }
}

/// `-3`, `+1.5`, `12`: digits with an optional sign and decimal point.
fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

pub fn render(run: &RunView) -> Vec<OutputFile> {
    let tables = run.report.tables(run.template);
    let mut files: Vec<OutputFile> = tables
        .iter()
        .filter_map(|(unit, table)| unit.csv.map(|name| table_file(table, name)))
        .collect();
    files.extend([
        footnotes(&tables),
        key_figures(run),
        checks(run),
        sources(run),
    ]);
    files
}

/// Any table from its model: a header row of its CSV fields, then the
/// rows the CSV carries, each value plain (see `field`).
pub fn table_file(table: &Table, name: &str) -> OutputFile {
    let columns = table.csv_columns();
    let header: Vec<&str> = columns
        .iter()
        .filter_map(|i| table.columns[*i].field.as_deref())
        .collect();
    let mut sheet = Sheet::new(&header);
    for row in table.csv_rows() {
        sheet.row(columns.iter().map(|i| {
            row.cells
                .get(*i)
                .map(|c| field(&c.value))
                .unwrap_or_default()
        }));
    }
    sheet.finish(name)
}

/// A value as the CSV carries it: numbers plain, a date ISO, the paper's
/// dates `18/03/2019` joined by commas, nothing for a blank.
fn field(value: &Value) -> String {
    match value {
        Value::Blank => String::new(),
        Value::Text(text) | Value::Marked(text) | Value::Decimal(text) => text.clone(),
        Value::Count(n) => n.to_string(),
        Value::Signed(n) => n.to_string(),
        Value::Date(date) => date.to_string(),
        Value::Dates(dates) => {
            let dates: Vec<String> = dates.iter().map(|d| uk_date(*d)).collect();
            dates.join(", ")
        }
    }
}

/// `18/03/2019`.
pub fn uk_date(date: chrono::NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// The notes under every table the report has, table by table.
fn footnotes(tables: &[(&TableUnit, Table)]) -> OutputFile {
    let mut sheet = Sheet::new(&["table", "anchor", "marker", "text"]);
    for (unit, table) in tables {
        for note in &table.footnotes {
            sheet.row([
                unit.name.to_string(),
                note.anchor.clone(),
                note.marker.to_string(),
                note.text.clone(),
            ]);
        }
    }
    sheet.finish("footnotes.csv")
}

fn key_figures(run: &RunView) -> OutputFile {
    let mut sheet = Sheet::new(&["figure", "value"]);
    for figure in run.report.key_figures() {
        sheet.row([figure.name.to_string(), figure.value.to_string()]);
    }
    sheet.finish("key_figures.csv")
}

fn checks(run: &RunView) -> OutputFile {
    let mut sheet = Sheet::new(&["severity", "check", "file", "sheet", "cell", "message"]);
    for finding in run.findings.sorted() {
        let l = &finding.location;
        sheet.row([
            finding.severity.label().to_string(),
            finding.code.to_string(),
            l.file.clone().unwrap_or_default(),
            l.sheet.clone().unwrap_or_default(),
            l.cell().unwrap_or_default(),
            finding.message.clone(),
        ]);
    }
    sheet.finish("checks.csv")
}

/// Skip reasons as `reason: n; reason: n`.
pub fn skipped_text(skipped: &std::collections::BTreeMap<String, usize>) -> String {
    skipped
        .iter()
        .map(|(reason, n)| format!("{reason}: {n}"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn sources(run: &RunView) -> OutputFile {
    let mut sheet = Sheet::new(&[
        "file",
        "sheet",
        "hidden",
        "kind",
        "header_row",
        "rows_used",
        "rows_skipped",
        "skipped_reasons",
        "note",
        "sha256",
        "table",
        "month",
    ]);
    for (source, account) in run.report.ledger.accounts(run.sources) {
        sheet.row([
            source.file.clone(),
            source.sheet.clone().unwrap_or_default(),
            if source.hidden { "yes" } else { "" }.to_string(),
            source
                .kind
                .map(|k| k.label().to_string())
                .unwrap_or_default(),
            source
                .header_row
                .map(|r| (r + 1).to_string())
                .unwrap_or_default(),
            account.rows_used.to_string(),
            account.rows_skipped().to_string(),
            skipped_text(&account.skipped),
            account.note.to_string(),
            source.sha256.clone(),
            String::new(),
            String::new(),
        ]);
    }
    for skipped in run.skipped_files {
        sheet.row([
            skipped.name.clone(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            "0".to_string(),
            "0".to_string(),
            String::new(),
            format!("skipped: {}", skipped.reason),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    // Where each month of the rolling tables came from.
    for source in &run.report.rolling.sources {
        let (files, kind) = provenance_text(&source.provenance);
        let table = match &source.row {
            Some(row) => format!("{} {row}", source.table.name()),
            None => source.table.name().to_string(),
        };
        let fields = [files, String::new(), String::new(), kind.to_string()];
        let blanks = std::iter::repeat_n(String::new(), 6);
        sheet.row(
            fields
                .into_iter()
                .chain(blanks)
                .chain([table, source.month.to_string()]),
        );
    }
    sheet.finish("sources.csv")
}

/// A month's source as (files, kind) for the Sources sheet and CSV.
pub fn provenance_text(provenance: &crate::report::history::Provenance) -> (String, &'static str) {
    use crate::report::history::Provenance;
    match provenance {
        Provenance::Raw(files) => (files.join("; "), "raw inputs"),
        Provenance::History(file) => (file.clone(), "earlier report (history)"),
        Provenance::Gap => (String::new(), "no figures (gap)"),
    }
}

/// Count of findings by severity, for summaries.
pub fn severity_counts(run: &RunView) -> [(Severity, usize); 3] {
    [Severity::Error, Severity::Warning, Severity::Info].map(|s| (s, run.findings.count(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_payloads_are_written_as_text_and_numbers_stay_numbers() {
        for (field, written) in [
            (
                "=HYPERLINK(\"http://x\",\"click\")",
                "'=HYPERLINK(\"http://x\",\"click\")",
            ),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("@SUM(1+1)", "'@SUM(1+1)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
            ("-2+3", "'-2+3"),
            ("-", "'-"),
            ("-3", "-3"),
            ("+1.5", "+1.5"),
            ("1677", "1677"),
            ("Modifications", "Modifications"),
            ("", ""),
        ] {
            assert_eq!(defuse(field.to_string()), written, "{field:?}");
        }
    }
}
