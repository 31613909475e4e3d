//! Typed access to one data row of a recognised sheet: each accessor types
//! one cell through `cell.rs` and reports a bad or missing cell as a finding
//! naming it, so every kind reader reports problems the same way.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::SheetContext;
use super::header::HeaderMatch;
use crate::findings::{Findings, Location};
use crate::month::Month;
use crate::read::cell::DateOrder;
use crate::read::workbook::SheetRow;
use crate::template::schema::Role;
use crate::template::{NameList, Resolved};

pub struct RowReader<'a, 's, 'f> {
    context: &'a SheetContext<'s>,
    header: &'a HeaderMatch,
    pub row: &'a SheetRow,
    findings: &'f mut Findings,
    /// False once any cell of the row was reported.
    pub ok: bool,
}

impl<'a, 's, 'f> RowReader<'a, 's, 'f> {
    pub fn new(
        context: &'a SheetContext<'s>,
        header: &'a HeaderMatch,
        row: &'a SheetRow,
        findings: &'f mut Findings,
    ) -> Self {
        RowReader {
            context,
            header,
            row,
            findings,
            ok: true,
        }
    }

    pub fn location(&self, role: Role) -> Location {
        self.context.at(self.row, self.header.col(role))
    }

    fn error(&mut self, code: &'static str, role: Role, message: String) {
        let location = self.location(role);
        self.findings.error(code, location, message);
        self.ok = false;
    }

    /// Whether the cell for `role` is empty (or the column absent).
    pub fn is_empty(&self, role: Role) -> bool {
        self.header
            .col(role)
            .is_none_or(|c| self.row.get(c).is_empty())
    }

    /// The cell's text, trimmed; `None` when empty or the column is absent.
    pub fn text(&self, role: Role) -> Option<String> {
        let col = self.header.col(role)?;
        self.row.get(col).text().map(Cow::into_owned)
    }

    /// Text that must be there.
    pub fn required_text(&mut self, role: Role, what: &str) -> Option<String> {
        if let Some(col) = self.header.col(role)
            && let crate::read::cell::Raw::Error(_) = self.row.get(col)
        {
            let found = self.found(role);
            self.error(
                "excel-error",
                role,
                format!("{found} where the {what} is required; fix the formula or type the value"),
            );
            return None;
        }
        let text = self.text(role);
        if text.is_none() {
            self.error(
                "missing-value",
                role,
                format!("the {what} is empty; expected a value here"),
            );
        }
        text
    }

    fn found(&self, role: Role) -> String {
        self.header
            .col(role)
            .map(|c| self.context.found(self.row, c))
            .unwrap_or_default()
    }

    /// A date; `required` reports an empty cell.
    pub fn date(&mut self, role: Role, what: &str, required: bool) -> Option<NaiveDate> {
        let col = self.header.col(role)?;
        match self.row.get(col).date(DateOrder::DayFirst) {
            Ok(Some(date)) => Some(date),
            Ok(None) => {
                if required {
                    self.error(
                        "missing-value",
                        role,
                        format!("the {what} is empty; expected a date such as 04/03/2019"),
                    );
                }
                None
            }
            Err(_) => {
                let found = self.found(role);
                self.error(
                    "bad-date",
                    role,
                    format!("{found} is not a date; expected the {what} as a date such as 04/03/2019 (day first) or 2019-03-04"),
                );
                None
            }
        }
    }

    /// A month: a date in it, `Mar 2019`, `2019-03`.
    pub fn month(&mut self, role: Role, what: &str) -> Option<Month> {
        let col = self.header.col(role)?;
        match self.row.get(col).month() {
            Ok(month) => month,
            Err(_) => {
                let found = self.found(role);
                self.error(
                    "bad-month",
                    role,
                    format!(
                        "{found} is not a month; expected the {what} such as Mar 2019 or 2019-03"
                    ),
                );
                None
            }
        }
    }

    /// One name of a closed list (a category, a role), by name or alias.
    pub fn name(
        &mut self,
        role: Role,
        list: &NameList,
        what: &str,
        aliases: &mut AliasNotes,
    ) -> Option<usize> {
        let typed = self.text(role)?;
        self.resolve(role, &typed, list, what, aliases)
    }

    /// One name of a closed list that must be there.
    pub fn required_name(
        &mut self,
        role: Role,
        list: &NameList,
        what: &str,
        aliases: &mut AliasNotes,
    ) -> Option<usize> {
        let typed = self.required_text(role, what)?;
        self.resolve(role, &typed, list, what, aliases)
    }

    /// Resolve one typed name against a list, reporting it with the nearest
    /// known name when it is neither a name nor an alias.
    pub fn resolve(
        &mut self,
        role: Role,
        typed: &str,
        list: &NameList,
        what: &str,
        aliases: &mut AliasNotes,
    ) -> Option<usize> {
        match list.resolve(typed) {
            Some(Resolved::Exact(i)) => Some(i),
            Some(Resolved::Alias(i)) => {
                aliases.note(what, typed, &list.names[i], self.location(role));
                Some(i)
            }
            None => {
                let hint = list
                    .nearest(typed)
                    .map(|n| format!("did you mean \"{n}\"?"))
                    .unwrap_or_else(|| format!("expected one of: {}", list.names.join(", ")));
                let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                self.error(
                    "unknown-name",
                    role,
                    format!("\"{}\" is not {article} {what}; {hint}", typed.trim()),
                );
                None
            }
        }
    }
}

impl RowReader<'_, '_, '_> {
    /// Report a problem with the row that is not about one cell's type.
    pub fn report(&mut self, code: &'static str, location: Location, message: String) {
        self.findings.error(code, location, message);
        self.ok = false;
    }
}

/// Collects "typed X, read as Y" notes for one sheet, reported once each.
#[derive(Default)]
pub struct AliasNotes {
    seen: BTreeMap<(String, String, String), (usize, Location)>,
}

impl AliasNotes {
    /// `typed` was read as the `what` (driver, helpdesk category) `name`.
    pub fn note(&mut self, what: &str, typed: &str, name: &str, location: Location) {
        self.seen
            .entry((what.to_string(), typed.trim().to_string(), name.to_string()))
            .or_insert((0, location))
            .0 += 1;
    }

    pub fn report(self, findings: &mut Findings) {
        for ((what, typed, name), (count, location)) in self.seen {
            let rows = if count == 1 {
                "1 row".to_string()
            } else {
                format!("{count} rows")
            };
            findings.info(
                "alias",
                location,
                format!("\"{typed}\" read as {what} \"{name}\" through a template alias ({rows}, first here)"),
            );
        }
    }
}

/// Report a date cell that cannot be read.
pub fn bad_date(context: &SheetContext, row: &SheetRow, col: u32, findings: &mut Findings) {
    findings.error(
        "bad-date",
        context.at(row, Some(col)),
        format!(
            "{} is not a date; expected a date such as 04/03/2019 (day first) or 2019-03-04",
            context.found(row, col)
        ),
    );
}
