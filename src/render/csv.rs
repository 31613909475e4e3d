//! The CSV bundle for the Panel pack: RFC 4180, UTF-8 with a byte-order mark
//! (so Excel shows `’` and `£`), CRLF line ends, a header row, plain numbers.
//! Tables keep the report's shape: a label column, then one column per month
//! (`YYYY-MM`, oldest first) or per measure.

use super::{OutputFile, RunView};
use crate::findings::Severity;
use crate::report::Part;

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

fn opt(value: Option<u64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

pub fn render(run: &RunView) -> Vec<OutputFile> {
    let has = |part| run.report.has(part);
    let mut files = Vec::new();
    if has(Part::Membership) {
        files.extend([table1(run), table2(run), table3(run), figure1(run)]);
    }
    if has(Part::Effort) {
        files.push(table4(run));
    }
    if has(Part::Helpdesk) {
        files.push(table5(run));
    }
    if has(Part::Website) {
        files.push(table6(run));
    }
    if has(Part::Meetings) {
        files.push(table7(run));
    }
    files.extend([footnotes(run), key_figures(run), checks(run), sources(run)]);
    files
}

/// `18/03/2019`.
pub fn uk_date(date: chrono::NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// `18/03/2019 – Full UEP`, as Table 2 prints a completion.
pub fn uep_completion_text(row: &crate::report::membership::UepRow) -> String {
    match &row.uep_type {
        Some(kind) => format!("{} – {kind}", uk_date(row.date)),
        None => uk_date(row.date),
    }
}

fn table1(run: &RunView) -> OutputFile {
    let mut sheet = Sheet::new(&["organisation", "party_category"]);
    for applicant in &run.report.membership.applicants {
        sheet.row([
            applicant.organisation.clone(),
            run.template.party_categories.names[applicant.category].clone(),
        ]);
    }
    sheet.finish("table1_applicants.csv")
}

fn table2(run: &RunView) -> OutputFile {
    let mut sheet = Sheet::new(&[
        "sec_party",
        "party_category",
        "dcc_user_roles",
        "date_of_uep_completion",
        "date",
        "uep_type",
    ]);
    let t = run.template;
    for row in &run.report.membership.uep_completions {
        let roles: Vec<&str> = row
            .roles
            .iter()
            .map(|r| t.dcc_user_roles.names[*r].as_str())
            .collect();
        sheet.row([
            row.party.clone(),
            row.category
                .map(|c| t.party_categories.names[c].clone())
                .unwrap_or_default(),
            roles.join(", "),
            uep_completion_text(row),
            row.date.to_string(),
            row.uep_type.clone().unwrap_or_default(),
        ]);
    }
    sheet.finish("table2_uep_completions.csv")
}

fn table3(run: &RunView) -> OutputFile {
    let statistics = &run.report.membership.statistics;
    let header = month_header("measure", &statistics.months);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut sheet = Sheet::new(&header);
    for (label, values) in party_statistics_rows(statistics) {
        sheet.row(std::iter::once(label.to_string()).chain(values.iter().map(u64::to_string)));
    }
    sheet.finish("table3_sec_party_statistics.csv")
}

/// Table 3's rows in the paper's order.
pub fn party_statistics_rows(
    statistics: &crate::report::membership::PartyStatistics,
) -> [(&'static str, &Vec<u64>); 4] {
    [
        ("Accessions", &statistics.accessions),
        ("In Default", &statistics.in_default),
        ("Withdrawals", &statistics.withdrawals),
        ("Expulsions", &statistics.expulsions),
    ]
}

fn figure1(run: &RunView) -> OutputFile {
    let mut sheet = Sheet::new(&["party_category", "voting_groups"]);
    let membership = &run.report.membership;
    for (name, count) in run
        .template
        .party_categories
        .names
        .iter()
        .zip(&membership.voting_groups_by_category)
    {
        sheet.row([name.clone(), count.to_string()]);
    }
    sheet.row([
        "Total".to_string(),
        membership.voting_groups_at_month_end.to_string(),
    ]);
    sheet.finish("figure1_voting_groups.csv")
}

fn table7(run: &RunView) -> OutputFile {
    let mut sheet = Sheet::new(&["category", "meeting", "dates", "summary"]);
    for (category, rows) in &run.report.meetings.groups {
        for row in rows {
            let dates: Vec<String> = row.dates.iter().map(|d| uk_date(*d)).collect();
            sheet.row([
                category.clone(),
                row.meeting.clone(),
                dates.join(", "),
                row.summary.clone().unwrap_or_default(),
            ]);
        }
    }
    sheet.finish("table7_meetings.csv")
}

fn footnotes(run: &RunView) -> OutputFile {
    let mut sheet = Sheet::new(&["table", "anchor", "marker", "text"]);
    let notes = [
        (
            Part::Membership,
            "Table 3",
            &run.report.membership.statistics.footnotes,
        ),
        (Part::Effort, "Table 4", &run.report.effort.footnotes),
        (Part::Meetings, "Table 7", &run.report.meetings.footnotes),
    ];
    for (_, table, footnotes) in notes
        .into_iter()
        .filter(|(part, _, _)| run.report.has(*part))
    {
        for note in footnotes {
            sheet.row([
                table.to_string(),
                note.anchor.clone(),
                note.marker.to_string(),
                note.text.clone(),
            ]);
        }
    }
    sheet.finish("footnotes.csv")
}

fn table4(run: &RunView) -> OutputFile {
    let effort = &run.report.effort;
    let mut sheet = Sheet::new(&["group", "driver", "days", "days_unrounded", "hours"]);
    for row in &effort.rows {
        let driver = &run.template.drivers[row.driver];
        sheet.row([
            driver.group.clone(),
            driver.name.clone(),
            row.days_rounded.to_string(),
            row.hours.days_text(effort.hours_per_day, 6),
            row.hours.to_string(),
        ]);
    }
    sheet.row([
        String::new(),
        "Grand Total".to_string(),
        effort.total_rounded.to_string(),
        effort.total_hours.days_text(effort.hours_per_day, 6),
        effort.total_hours.to_string(),
    ]);
    sheet.finish("table4_effort_by_driver.csv")
}

fn month_header(label: &str, months: &[crate::month::Month]) -> Vec<String> {
    std::iter::once(label.to_string())
        .chain(months.iter().map(|m| m.to_string()))
        .collect()
}

fn table5(run: &RunView) -> OutputFile {
    let helpdesk = &run.report.helpdesk;
    let header = month_header("category", &helpdesk.months);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut sheet = Sheet::new(&header);
    // A gap month (--allow-gaps) is left blank.
    let cells = |values: &[u64]| -> Vec<String> {
        values
            .iter()
            .zip(&helpdesk.gaps)
            .map(|(v, gap)| if *gap { String::new() } else { v.to_string() })
            .collect()
    };
    for (name, counts) in run.template.categories.names.iter().zip(&helpdesk.counts) {
        sheet.row(std::iter::once(name.clone()).chain(cells(counts)));
    }
    sheet.row(std::iter::once("Total".to_string()).chain(cells(&helpdesk.totals())));
    sheet.finish("table5_helpdesk_emails.csv")
}

fn table6(run: &RunView) -> OutputFile {
    let website = &run.report.website;
    let header = month_header("measure", &website.months);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut sheet = Sheet::new(&header);
    sheet.row(std::iter::once("Visits".to_string()).chain(website.visits.iter().map(|v| opt(*v))));
    sheet.row(
        std::iter::once("Page Views".to_string()).chain(website.page_views.iter().map(|v| opt(*v))),
    );
    sheet.finish("table6_website_statistics.csv")
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
