//! Finding a header row by its content, under any title rows, and mapping
//! its cells to the columns a kind needs through the template's synonyms.

use std::collections::BTreeMap;

use crate::read::workbook::Sheet;
use crate::template::schema::Role;
use crate::text::normalise;

/// How far down a sheet a header row may sit (title rows, a logo row, a
/// "Prepared by" line, blank rows).
pub const HEADER_SEARCH_ROWS: u32 = crate::read::workbook::HEAD_ROWS;

/// A column a kind needs, and the header spellings the template lists for it.
#[derive(Debug, Clone)]
pub struct HeaderRole<'a> {
    pub role: Role,
    pub synonyms: &'a [String],
    /// The synonyms normalised once, for matching every row.
    keys: Vec<String>,
}

/// A header row and what each of its cells was taken for.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderMatch {
    /// Position in `Sheet::rows`.
    pub position: usize,
    /// Zero-based row index in the sheet.
    pub row: u32,
    pub columns: BTreeMap<Role, u32>,
    /// Header cells no role took: (column, text).
    pub ignored: Vec<(u32, String)>,
}

impl<'a> HeaderRole<'a> {
    pub fn new(role: Role, synonyms: &'a [String]) -> Self {
        HeaderRole {
            role,
            synonyms,
            keys: synonyms.iter().map(|s| normalise(s)).collect(),
        }
    }
}

impl HeaderMatch {
    pub fn col(&self, role: Role) -> Option<u32> {
        self.columns.get(&role).copied()
    }

    pub fn has(&self, role: Role) -> bool {
        self.columns.contains_key(&role)
    }
}

/// Match one row's cells to roles. Each role takes the column matching its
/// earliest-listed synonym; each column serves one role.
pub fn match_row(sheet: &Sheet, position: usize, roles: &[HeaderRole]) -> HeaderMatch {
    let row = &sheet.rows[position];
    let cells: Vec<(u32, String, String)> = row
        .cells
        .iter()
        .filter_map(|(col, raw)| {
            let text = raw.text()?;
            Some((*col, normalise(&text), text.into_owned()))
        })
        .collect();
    let mut columns = BTreeMap::new();
    let mut taken = Vec::new();
    for role in roles {
        'synonyms: for wanted in &role.keys {
            for (col, key, _) in &cells {
                if key == wanted && !taken.contains(col) {
                    columns.insert(role.role, *col);
                    taken.push(*col);
                    break 'synonyms;
                }
            }
        }
    }
    let ignored = cells
        .into_iter()
        .filter(|(col, _, _)| !taken.contains(col))
        .map(|(col, _, text)| (col, text))
        .collect();
    HeaderMatch {
        position,
        row: row.index,
        columns,
        ignored,
    }
}

/// The first row near the top of the sheet that `accept` takes as a header.
pub fn find_header(
    sheet: &Sheet,
    roles: &[HeaderRole],
    accept: impl Fn(&HeaderMatch) -> bool,
) -> Option<HeaderMatch> {
    sheet
        .rows
        .iter()
        .enumerate()
        .take_while(|(_, row)| row.index < HEADER_SEARCH_ROWS)
        .map(|(position, _)| match_row(sheet, position, roles))
        .find(|m| accept(m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::cell::Raw;
    use crate::read::workbook::SheetRow;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: "Log".into(),
            hidden: false,
            epoch: Default::default(),
            csv: false,
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, cells)| SheetRow {
                    index: i as u32,
                    line: None,
                    cells: cells
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| !t.is_empty())
                        .map(|(c, t)| (c as u32, Raw::Text(t.to_string())))
                        .collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn header_under_title_rows_with_synonyms_and_noise() {
        let date = vec!["Date".to_string(), "Date Received".to_string()];
        let category = vec!["Category".to_string(), "Enquiry Type".to_string()];
        let roles = [
            HeaderRole::new(Role::Received, &date),
            HeaderRole::new(Role::Category, &category),
        ];
        let s = sheet(&[
            &["SECAS Helpdesk log"],
            &["Prepared by: Party Support"],
            &[],
            &["Ref", "ENQUIRY  TYPE:", "Date\nReceived", "Notes"],
            &["HD-1", "Modifications", "04/03/2019", ""],
        ]);
        let m = find_header(&s, &roles, |m| {
            m.has(Role::Received) && m.has(Role::Category)
        })
        .expect("found");
        assert_eq!(m.row, 3);
        assert_eq!(m.col(Role::Received), Some(2));
        assert_eq!(m.col(Role::Category), Some(1));
        assert_eq!(
            m.ignored,
            vec![(0, "Ref".to_string()), (3, "Notes".to_string())]
        );
    }

    #[test]
    fn earliest_synonym_wins_whatever_the_column_order() {
        let date = vec!["Date".to_string(), "Day".to_string()];
        let roles = [HeaderRole::new(Role::Date, &date)];
        let s = sheet(&[&["Day", "Date"]]);
        let m = match_row(&s, 0, &roles);
        assert_eq!(m.col(Role::Date), Some(1));
    }
}
