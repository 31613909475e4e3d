//! The history blank: Tables 3, 5 and 6 of the paper before the report
//! month, with its month headings, for the team to type from the printed
//! paper; the converter reads it as an earlier report for that month.
//! Given what the month's folder already holds (`HistoryNeeds`), it asks
//! only for the months those files cannot give.

use crate::inputs::history::{REPORT_MONTH_LABEL, TYPED_HISTORY_TITLE};
use crate::inputs::records::RollingTable;
use crate::month::Month;
use crate::render::templates::{Block, Look, Message, TypedHistory, TypedTable};
use crate::template::Template;

/// What the history blank asks for, once the month's folder has been
/// looked at: for each of Tables 3, 5 and 6, the months its files cannot
/// give (`None` where the folder has no input for the table yet, so every
/// month is needed). The other cells are shaded and need no typing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryNeeds {
    pub tables: Vec<(RollingTable, Option<Vec<Month>>)>,
}

impl HistoryNeeds {
    /// The months of `table` to type; `None` when every month is needed.
    fn months(&self, table: RollingTable) -> Option<&[Month]> {
        self.tables
            .iter()
            .find(|(t, _)| *t == table)
            .and_then(|(_, months)| months.as_deref())
    }

    /// One line a table: what to type from the paper, or that nothing is
    /// needed and why. Shown on screen and on the blank's Instructions.
    pub fn lines(&self, template: &Template) -> Vec<String> {
        self.tables
            .iter()
            .map(|(table, months)| {
                let caption = table_title(template, *table);
                match months {
                    None => format!(
                        "{caption}: every month (the folder has no {} yet)",
                        table_input(*table)
                    ),
                    Some(months) if months.is_empty() => format!(
                        "{caption}: nothing to type; the {} gives every month",
                        table_input(*table)
                    ),
                    Some(months) => format!(
                        "{caption}: {} ({} month{})",
                        month_ranges(months),
                        months.len(),
                        if months.len() == 1 { "" } else { "s" }
                    ),
                }
            })
            .collect()
    }
}

/// "Table 5 Helpdesk emails": the table's number and its sheet's name.
fn table_title(template: &Template, table: RollingTable) -> String {
    let tables = &template.file.tables;
    match table {
        RollingTable::PartyStatistics => tables.title("party_statistics").sheet.clone(),
        RollingTable::HelpdeskEmails => tables.title("helpdesk_emails").sheet.clone(),
        RollingTable::WebsiteStatistics => tables.title("website_statistics").sheet.clone(),
    }
}

/// The input that gives a rolling table's months.
fn table_input(table: RollingTable) -> &'static str {
    match table {
        RollingTable::PartyStatistics => "membership register",
        RollingTable::HelpdeskEmails => "helpdesk log",
        RollingTable::WebsiteStatistics => "website analytics",
    }
}

/// Months as runs: "Nov 18 – Sep 19", or "Nov 18 – Jan 19, Mar 19".
fn month_ranges(months: &[Month]) -> String {
    let mut runs: Vec<(Month, Month)> = Vec::new();
    for &m in months {
        match runs.last_mut() {
            Some((_, last)) if last.next() == m => *last = m,
            _ => runs.push((m, m)),
        }
    }
    runs.iter()
        .map(|(a, b)| {
            if a == b {
                a.short_label()
            } else {
                format!("{} – {}", a.short_label(), b.short_label())
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The history blank's file: named for the paper it is typed from, the
/// report month's previous one.
pub fn history_blank_name(month: Month) -> String {
    format!("history-from-paper-{}.xlsx", month.prev())
}

/// How many months a rolling table shows (outputs.md): Table 3 thirteen,
/// Tables 5 and 6 twelve, ending with the paper's month.
fn table_months(table: RollingTable) -> usize {
    match table {
        RollingTable::PartyStatistics => 13,
        RollingTable::HelpdeskEmails | RollingTable::WebsiteStatistics => 12,
    }
}

/// The months before `month` that its report shows of a rolling table.
fn shown_before(table: RollingTable, month: Month) -> Vec<Month> {
    let mut months = month.window(table_months(table));
    months.retain(|m| *m < month);
    months
}

/// The history blank for the report for `month`: Tables 3, 5 and 6 of
/// the paper before it, asking only for `needs` when the folder's own
/// files are known.
pub fn typed_history(
    template: &Template,
    month: Month,
    needs: Option<&HistoryNeeds>,
) -> TypedHistory {
    let tables = &template.file.tables;
    let rolling = [
        (
            RollingTable::PartyStatistics,
            &tables.title("party_statistics"),
        ),
        (
            RollingTable::HelpdeskEmails,
            &tables.title("helpdesk_emails"),
        ),
        (
            RollingTable::WebsiteStatistics,
            &tables.title("website_statistics"),
        ),
    ];
    let paper = month.prev();
    let tables = rolling
        .into_iter()
        .map(|(table, title)| {
            let rows: Vec<String> = match table {
                RollingTable::HelpdeskEmails => template.categories.names.clone(),
                _ => table.rows().iter().map(|r| r.to_string()).collect(),
            };
            let needed = needs.map(|n| {
                n.months(table)
                    .map(<[Month]>::to_vec)
                    .unwrap_or_else(|| shown_before(table, month))
            });
            TypedTable {
                sheet: title.sheet.clone(),
                caption: title.caption.clone(),
                note: needed.as_deref().map(typing_note),
                months: paper.window(table_months(table)),
                rows,
                needed,
                figure_message: Message {
                    title: table.name().to_string(),
                    text: "The paper's figure for this row and month, as a whole number (1¹ \
                           is typed 1)."
                        .to_string(),
                },
                figure_error: "Type the figure as a whole number, as the paper prints it."
                    .to_string(),
                total: table == RollingTable::HelpdeskEmails,
            }
        })
        .collect();
    TypedHistory {
        file: history_blank_name(month),
        title: TYPED_HISTORY_TITLE.to_string(),
        instructions: history_instructions(template, month, needs),
        tables,
    }
}

/// Under a table's caption: which cells to type.
fn typing_note(needed: &[Month]) -> String {
    if needed.is_empty() {
        "Nothing to type here: the month's own files give every month.".to_string()
    } else {
        format!(
            "Type only the white cells ({}); the shaded months come from the month's own \
             files.",
            month_ranges(needed)
        )
    }
}

/// The history blank's Instructions: the paper's month (read by the
/// converter), what to type where, and how.
fn history_instructions(
    template: &Template,
    month: Month,
    needs: Option<&HistoryNeeds>,
) -> Vec<Block> {
    let tables = &template.file.tables;
    let paper = month.prev();
    let mut blocks = vec![
        Block::Cells(
            vec![REPORT_MONTH_LABEL.to_string(), paper.to_string()],
            Look::Bold,
        ),
        Block::Gap,
        Block::Paragraph(format!(
            "Tables 3, 5 and 6 look back twelve or thirteen months. For the report for {}, type \
             the figures of those tables from the printed Operations Report for {} into the \
             sheets \"{}\", \"{}\" and \"{}\", exactly as the paper prints them. Then put this \
             workbook in the {} folder (or name it with --history): opsreport reads it as the \
             earlier report.",
            month.long_label(),
            paper.long_label(),
            tables.title("party_statistics").sheet,
            tables.title("helpdesk_emails").sheet,
            tables.title("website_statistics").sheet,
            month,
        )),
    ];
    if let Some(needs) = needs {
        blocks.push(Block::Heading(format!(
            "What to type: only what the {month} folder's own files cannot give (the white \
             cells; the shaded ones need nothing)"
        )));
        blocks.extend(needs.lines(template).into_iter().map(Block::Paragraph));
    }
    blocks.push(Block::Heading("How to type the figures".to_string()));
    blocks.extend(
        [
            "One figure a cell, as a whole number: 8,883 or 8883. Type 0 where the paper shows 0.",
            "A figure with a footnote marker (1¹ in Table 3) is typed as the number alone (1).",
            "Type every row of a month, or none: a month typed for some rows and not others is \
             an error naming the empty cells. The oldest month may stay empty: the new report \
             does not show it.",
            "Table 5's Total row adds up as you type: check it against the paper's Total.",
            "Where this month's raw files also cover a month, their figure is used; a figure \
             that differs is listed as a restatement on the Checks sheet. The Sources sheet \
             says, month by month, where each figure came from.",
            "Keep the captions and the month headings as they are: opsreport finds the tables \
             by them.",
        ]
        .map(|rule| Block::Paragraph(rule.to_string())),
    );
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(text: &str) -> Month {
        Month::parse_iso(text).expect("a month")
    }

    #[test]
    fn months_are_shown_as_runs() {
        let months: Vec<Month> = ["2018-11", "2018-12", "2019-01", "2019-03"]
            .into_iter()
            .map(month)
            .collect();
        assert_eq!(month_ranges(&months), "Nov 18 – Jan 19, Mar 19");
        assert_eq!(month_ranges(&months[..1]), "Nov 18");
    }

    #[test]
    fn a_table_the_folder_cannot_feed_asks_for_every_month_it_shows_before_the_report() {
        let t = Template::load(None).expect("the built-in template");
        let needs = HistoryNeeds {
            tables: vec![(RollingTable::HelpdeskEmails, Some(vec![month("2019-01")]))],
        };
        let history = typed_history(&t, month("2019-03"), Some(&needs));
        let helpdesk = &history.tables[1];
        assert_eq!(helpdesk.needed.as_deref(), Some(&[month("2019-01")][..]));
        assert!(helpdesk.total);
        let party = &history.tables[0];
        assert_eq!(party.months.len(), 13);
        assert_eq!(party.months.last(), Some(&month("2019-02")));
        // Not in `needs`: every month shown before March, the paper's too.
        assert_eq!(party.needed.as_ref().map(Vec::len), Some(12));
        assert_eq!(history.file, "history-from-paper-2019-02.xlsx");
    }
}
