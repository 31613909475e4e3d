//! Table 7, meetings hosted and attended by SECAS: the log's rows for the
//! report month, grouped by category in the order they first appear, with a
//! numbered footnote for each modification a meeting names with its title.

use chrono::NaiveDate;

use super::membership::Footnote;
use super::table::{Cell, Column, ColumnKind, Row, Table, Value};
use crate::findings::{Findings, Location};
use crate::inputs::records::Meeting;
use crate::month::Month;

/// A row of Table 7 as printed: the meeting with footnote markers in place
/// of the modification titles.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingRow {
    pub meeting: String,
    pub dates: Vec<NaiveDate>,
    pub summary: Option<String>,
    /// Link addresses for the summary's last lines, in order.
    pub links: Vec<String>,
}

/// Table 7.
#[derive(Debug, Clone, Default)]
pub struct Meetings {
    pub groups: Vec<(String, Vec<MeetingRow>)>,
    pub footnotes: Vec<Footnote>,
}

const QUOTES: [(char, char); 4] = [('‘', '’'), ('\'', '\''), ('"', '"'), ('“', '”')];

/// Superscript digits for a footnote marker: 12 → `¹²`.
pub fn superscript(n: u32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .chars()
        .filter_map(|c| c.to_digit(10).map(|d| DIGITS[d as usize]))
        .collect()
}

/// Move each `PREFIX0069 ‘Title’` of a meeting's text into a footnote,
/// leaving `PREFIX0069` and its marker.
fn extract_titles(
    text: &str,
    prefixes: &[String],
    footnotes: &mut Vec<Footnote>,
    anchor: &str,
) -> String {
    let mut out = String::new();
    let mut rest = text;
    'scan: while !rest.is_empty() {
        for prefix in prefixes {
            if let Some(after) = rest.strip_prefix(prefix.as_str()) {
                let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
                if !digits.is_empty() {
                    let reference = format!("{prefix}{digits}");
                    let tail = &after[digits.len()..];
                    let trimmed = tail.trim_start_matches([' ', '\u{a0}']);
                    out.push_str(&reference);
                    if let Some((open, close)) =
                        QUOTES.iter().find(|(o, _)| trimmed.starts_with(*o))
                        && let Some(end) = trimmed[open.len_utf8()..].find(*close)
                    {
                        let title = &trimmed[open.len_utf8()..open.len_utf8() + end];
                        let text = format!("{reference} {open}{title}{close}");
                        let marker = match footnotes.iter().find(|f| f.text == text) {
                            Some(f) => f.marker,
                            None => {
                                let marker = footnotes.len() as u32 + 1;
                                footnotes.push(Footnote {
                                    marker,
                                    anchor: anchor.to_string(),
                                    text,
                                });
                                marker
                            }
                        };
                        out.push_str(&superscript(marker));
                        rest = &trimmed[open.len_utf8() + end + close.len_utf8()..];
                    } else {
                        rest = tail;
                    }
                    continue 'scan;
                }
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out
}

pub fn aggregate(
    meetings: &[Meeting],
    prefixes: &[String],
    month: Month,
    findings: &mut Findings,
) -> Meetings {
    let mut table = Meetings::default();
    for meeting in meetings {
        let belongs = match (meeting.report_month, meeting.dates.first()) {
            (Some(m), _) => m,
            (None, Some(&first)) => Month::of(first),
            (None, None) => {
                findings.warning(
                    "meeting-without-date",
                    Location::default(),
                    format!(
                        "the meeting \"{}\" has no date and no report month; it is left out",
                        meeting.name
                    ),
                );
                continue;
            }
        };
        if belongs != month {
            continue;
        }
        let category = meeting.category.clone().unwrap_or_default();
        let shown = extract_titles(
            &meeting.name,
            prefixes,
            &mut table.footnotes,
            &first_line(&meeting.name),
        );
        let row = MeetingRow {
            meeting: shown,
            dates: meeting.dates.clone(),
            summary: meeting.summary.clone(),
            links: meeting.links.clone(),
        };
        match table.groups.iter_mut().find(|(c, _)| *c == category) {
            Some((_, rows)) => rows.push(row),
            None => table.groups.push((category, vec![row])),
        }
    }
    if !meetings.is_empty() && table.groups.is_empty() {
        findings.warning(
            "empty-month",
            Location::default(),
            format!(
                "Table 7: the meetings log has no meetings in {}",
                month.long_label()
            ),
        );
    }
    table
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().trim().to_string()
}

impl Meetings {
    /// Table 7: a row a meeting under its category; a summary keeps its
    /// links for its last lines.
    pub fn table(&self, caption: &str) -> Table {
        let mut table = Table::new(
            caption,
            vec![
                Column::both("category", "Category", 4).kind(ColumnKind::Grouping),
                Column::both("meeting", "Meeting", 5),
                Column::both("dates", "Meeting Date(s)", 3),
                Column::both("summary", "Summary of Events", 9).kind(ColumnKind::Shared),
            ],
        );
        table.print.runs_on = true;
        for (category, rows) in &self.groups {
            for row in rows {
                let mut summary = Cell::new(row.summary.clone().map_or(Value::Blank, Value::Text));
                summary.links = row.links.clone();
                table.row(Row::new(vec![
                    Cell::text(category),
                    Cell::new(Value::Marked(row.meeting.clone())),
                    Cell::new(Value::Dates(row.dates.clone())),
                    summary,
                ]));
            }
        }
        table.footnotes = self.footnotes.clone();
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_move_to_numbered_footnotes() {
        let mut footnotes = Vec::new();
        let prefixes = vec!["SECMP".to_string()];
        let shown = extract_titles(
            "SEC Change Board\n• SECMP0069 ‘EU Exit Changes’\n• SECMP0070 'Alt HAN'\n• SECMP0071",
            &prefixes,
            &mut footnotes,
            "SEC Change Board",
        );
        assert_eq!(
            shown,
            "SEC Change Board\n• SECMP0069¹\n• SECMP0070²\n• SECMP0071"
        );
        assert_eq!(footnotes[0].text, "SECMP0069 ‘EU Exit Changes’");
        assert_eq!(footnotes[1].text, "SECMP0070 'Alt HAN'");
        assert_eq!(superscript(12), "¹²");
    }
}
