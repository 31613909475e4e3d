//! What makes a sheet one kind or another: each kind with a header row is
//! its schema (`template::schema`: its roles, the groups it cannot do
//! without, and the one role distinctive enough that a sheet having it but
//! missing another required column is reported rather than silently
//! ignored), with the template's spellings of each role.

use super::Kind;
use super::header::{HEADER_SEARCH_ROWS, HeaderMatch, HeaderRole, find_header, match_row};
use crate::read::workbook::Sheet;
use crate::template::Template;
use crate::template::schema::{self, Input, Role};

/// Each kind read by a header row and its schema, in order of preference
/// when two match equally well (`schema::INPUTS`' order).
const KINDS: [(Kind, &Input); 13] = [
    (Kind::Timesheet, &schema::TIMESHEET),
    (Kind::StaffList, &schema::STAFF),
    (Kind::Helpdesk, &schema::HELPDESK),
    (Kind::WebsiteDaily, &schema::WEBSITE_DAILY),
    (Kind::WebsiteMonthly, &schema::WEBSITE_MONTHLY),
    (Kind::Parties, &schema::PARTIES),
    (Kind::EventsOfDefault, &schema::EVENTS_OF_DEFAULT),
    (Kind::Applicants, &schema::APPLICANTS),
    (Kind::UepCompletions, &schema::UEP_COMPLETIONS),
    (Kind::Testing, &schema::TESTING),
    (Kind::Meetings, &schema::MEETINGS),
    (Kind::Cover, &schema::COVER),
    (Kind::Highlights, &schema::HIGHLIGHTS),
];

/// A kind's schema; `None` for the kinds not read by a header row (the
/// weekly grid, an earlier report).
pub fn schema(kind: Kind) -> Option<&'static Input> {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, input)| *input)
}

/// One kind's header: its schema, its roles with the template's spellings,
/// the required groups (each satisfied by any one of its roles) and the key
/// role for near misses.
pub struct Spec<'a> {
    pub kind: Kind,
    pub input: &'static Input,
    pub roles: Vec<HeaderRole<'a>>,
    pub required: &'static [&'static [Role]],
    /// `None`: a partial header of this kind is too common to report.
    pub key: Option<Role>,
}

impl Spec<'_> {
    fn satisfied(&self, m: &HeaderMatch) -> usize {
        self.required
            .iter()
            .filter(|group| group.iter().any(|r| m.has(*r)))
            .count()
    }

    pub fn accepts(&self, m: &HeaderMatch) -> bool {
        self.satisfied(m) == self.required.len()
    }

    pub fn detect(&self, sheet: &Sheet) -> Option<HeaderMatch> {
        find_header(sheet, &self.roles, |m| self.accepts(m))
    }

    /// A row with the key role and at least half the required columns, but
    /// not all: the header and the groups it lacks.
    pub fn near_miss(&self, sheet: &Sheet) -> Option<(HeaderMatch, Vec<&'static [Role]>)> {
        let key = self.key?;
        let m = self.best_row(sheet, |m| {
            m.has(key) && 2 * self.satisfied(m) >= self.required.len()
        })?;
        let missing = self.missing(&m);
        (!missing.is_empty()).then_some((m, missing))
    }

    /// The header row nearest to this kind (the most required groups met),
    /// and the groups it lacks; `None` when no row meets any.
    pub fn nearest(&self, sheet: &Sheet) -> Option<(HeaderMatch, usize, Vec<&'static [Role]>)> {
        let m = self.best_row(sheet, |m| self.satisfied(m) > 0)?;
        let missing = self.missing(&m);
        let met = self.required.len() - missing.len();
        Some((m, met, missing))
    }

    /// Among the rows where a header is looked for, those `keep` accepts,
    /// the one meeting the most required groups (the topmost of equals).
    fn best_row(&self, sheet: &Sheet, keep: impl Fn(&HeaderMatch) -> bool) -> Option<HeaderMatch> {
        sheet
            .rows
            .iter()
            .enumerate()
            .take_while(|(_, row)| row.index < HEADER_SEARCH_ROWS)
            .map(|(position, _)| match_row(sheet, position, &self.roles))
            .filter(|m| keep(m))
            .max_by_key(|m| (self.satisfied(m), std::cmp::Reverse(m.position)))
    }

    /// The required groups a header row does not meet.
    fn missing(&self, m: &HeaderMatch) -> Vec<&'static [Role]> {
        self.required
            .iter()
            .filter(|group| !group.iter().any(|r| m.has(*r)))
            .copied()
            .collect()
    }

    /// The template's spellings for a role, for messages.
    pub fn synonyms(&self, role: Role) -> &[String] {
        self.roles
            .iter()
            .find(|r| r.role == role)
            .map(|r| r.synonyms)
            .unwrap_or(&[])
    }
}

/// Every kind recognised by a header row, in order of preference when two
/// match equally well, with the template's spellings.
pub fn specs(template: &Template) -> Vec<Spec<'_>> {
    KINDS
        .iter()
        .map(|&(kind, input)| Spec {
            kind,
            input,
            roles: input
                .columns
                .iter()
                .map(|c| HeaderRole::new(c.role, template.synonyms(input, c.role)))
                .collect(),
            required: input.required,
            key: input.key,
        })
        .collect()
}

/// What a sheet lacks of one group of a kind's columns, for a message: the
/// spellings that would do, a did-you-mean for a header cell that looks
/// misspelt, and where the column usually comes from. The first misspelt
/// cell also gives the template line that would take its spelling.
fn lacking(
    spec: &Spec,
    group: &[Role],
    found: &[String],
    template_line: &mut Option<String>,
) -> String {
    // A misspelling is looked for among the group's main column (Driver,
    // Hours, Date Received), whose spellings the cell would join; compared
    // as header cells match, whatever their case.
    let synonyms: Vec<&str> = group
        .first()
        .map(|role| spec.synonyms(*role))
        .unwrap_or_default()
        .iter()
        .map(String::as_str)
        .collect();
    let normalised: Vec<(String, &str)> = synonyms
        .iter()
        .map(|s| (crate::text::normalise(s), *s))
        .collect();
    let near = found.iter().find_map(|cell| {
        let typed = crate::text::normalise(cell);
        let near = crate::text::did_you_mean(
            &typed,
            normalised
                .iter()
                .map(|(n, _)| n.as_str())
                .filter(|n| *n != typed),
        )?;
        let spelling = normalised.iter().find(|(n, _)| n == near)?.1;
        Some((cell, spelling))
    });
    let hint = near
        .map(|(cell, near)| format!(" (is \"{cell}\" meant to be \"{near}\"?)"))
        .unwrap_or_default();
    if template_line.is_none()
        && let Some((cell, _)) = near
        && let Some(role) = group.first()
    {
        let listed: Vec<String> = synonyms.iter().map(|s| format!("\"{s}\"")).collect();
        *template_line = Some(format!(
            "[{}] {} = [{}, \"{cell}\"]",
            header_section(spec),
            role.key(),
            listed.join(", ")
        ));
    }
    format!(
        "a column headed {}{hint}{}",
        group_names(spec, group).join(" or "),
        usually(spec.kind, group)
    )
}

/// Explain a near miss: which kind the sheet looks like, which columns it
/// lacks with the spellings that would do, and the headers it has.
pub fn explain_near_miss(
    spec: &Spec,
    header: &HeaderMatch,
    missing: &[&[Role]],
    sheet: &Sheet,
) -> String {
    let found = headers_found(sheet, header);
    let mut template_line = None;
    let lacks: Vec<String> = missing
        .iter()
        .map(|group| lacking(spec, group, &found, &mut template_line))
        .collect();
    let spelling = template_line
        .map(|line| format!(" ({line})"))
        .unwrap_or_else(|| format!(" (its [{}] section)", header_section(spec)));
    format!(
        "this sheet looks like a {} but lacks {}; the headers found on row {} are: {}. \
         Rename the header, or add its spelling to the template{spelling}",
        spec.kind.label(),
        lacks.join(" and "),
        header.row + 1,
        found.join(", ")
    )
}

/// The first cell of a blank workbook's Instructions sheet (`opsreport
/// templates`): the sheet explains the others, and its example row is not
/// data, whatever its header.
pub const INSTRUCTIONS_TITLE: &str = "How to fill in this workbook";

/// Whether a sheet is a blank workbook's instructions: it opens with
/// `INSTRUCTIONS_TITLE`.
pub fn is_instructions(sheet: &Sheet) -> bool {
    sheet
        .rows
        .first()
        .filter(|row| row.index == 0)
        .and_then(|row| row.cells.first())
        .and_then(|(_, raw)| raw.text())
        .is_some_and(|text| {
            crate::text::normalise(&text) == crate::text::normalise(INSTRUCTIONS_TITLE)
        })
}

/// Whether a sheet holds data rather than notes: at least two rows of its
/// head with two or more cells filled. A sheet of notes in one column, or a
/// title alone, is not data.
pub fn has_data(sheet: &Sheet) -> bool {
    sheet
        .rows
        .iter()
        .filter(|row| row.cells.iter().filter(|(_, raw)| !raw.is_empty()).count() >= 2)
        .nth(1)
        .is_some()
}

/// What a sheet of data that no kind recognises is told.
pub struct Unrecognised {
    /// The kind its header comes nearest to, if any.
    pub nearest: Option<Kind>,
    /// Whether its rows look like that kind's (or like any dated record):
    /// leaving them out could change a figure.
    pub resembles: bool,
    pub message: String,
}

/// The template section that holds a kind's header spellings.
fn header_section(spec: &Spec) -> String {
    format!("headers.{}", spec.input.section)
}

/// The header spellings a message offers for a group of columns, quoted:
/// each column's first spelling (a Driver, or an Account, Epic or Project
/// naming one), then further spellings up to four.
fn group_names(spec: &Spec, group: &[Role]) -> Vec<String> {
    let mut names: Vec<&str> = group
        .iter()
        .filter_map(|r| spec.synonyms(*r).first())
        .map(String::as_str)
        .collect();
    for synonym in group.iter().flat_map(|r| spec.synonyms(*r)) {
        if names.len() >= 4 {
            break;
        }
        if !names.contains(&synonym.as_str()) {
            names.push(synonym);
        }
    }
    names.iter().map(|s| format!("\"{s}\"")).collect()
}

/// Where a column a kind lacks usually comes from, when a common export
/// leaves it out.
fn usually(kind: Kind, group: &[Role]) -> &'static str {
    match (kind, group.first()) {
        (Kind::Helpdesk, Some(Role::Received)) => {
            ", the day each enquiry arrived (a mailbox exported from Outlook has no such \
             column: export the mailbox's message trace instead, whose Received column the \
             report reads)"
        }
        _ => "",
    }
}

/// Whether at least two rows of a sheet's head hold a date (a date cell,
/// or text that reads as one): the records every figure of the report is
/// made from are dated.
fn has_dated_rows(sheet: &Sheet) -> bool {
    use crate::read::cell::{DateOrder, Raw, parse_date_text};
    sheet
        .rows
        .iter()
        .filter(|row| {
            row.cells.iter().any(|(_, raw)| match raw {
                Raw::Date(_) | Raw::NoSuchDate(_) => true,
                Raw::Text(text) => {
                    text.len() <= 40 && parse_date_text(text, DateOrder::DayFirst).is_some()
                }
                _ => false,
            })
        })
        .nth(1)
        .is_some()
}

/// Explain a sheet of data that no kind recognises: the kind its header
/// comes nearest to, what that kind still lacks, and for a header that
/// looks misspelt, the spelling expected and the template line that would
/// take it. A sheet resembles its nearest kind when its header meets at
/// least half of that kind's required columns or has two of its columns,
/// or when its rows are dated.
pub fn explain_unrecognised(specs: &[Spec], sheet: &Sheet) -> Unrecognised {
    let dated = has_dated_rows(sheet);
    let nearest = specs
        .iter()
        .filter_map(|spec| {
            spec.nearest(sheet)
                .map(|(m, met, missing)| (spec, m, met, missing))
        })
        // Most required groups met, then most columns recognised (a
        // meetings log's Category and Summary outweigh a helpdesk log's
        // Category alone), then the topmost row.
        .max_by_key(|(_, m, met, _)| (*met, m.columns.len(), std::cmp::Reverse(m.position)));
    let Some((spec, header, met, missing)) = nearest else {
        let dates = if dated {
            "; its rows are dated, like the records the report counts"
        } else {
            ""
        };
        let message = format!(
            "this sheet has data but no header row of any kind the report reads in its \
             first 40 rows, so none of its rows are used{dates}. If it belongs in the report, \
             give it the header its kind needs (see `opsreport inspect` and the README's \
             table of inputs)"
        );
        return Unrecognised {
            nearest: None,
            resembles: dated,
            message,
        };
    };
    let resembles = dated || 2 * met >= spec.required.len() || header.columns.len() >= 2;
    let found = headers_found(sheet, &header);
    let mut template_line = None;
    let lacks: Vec<String> = missing
        .iter()
        .map(|group| lacking(spec, group, &found, &mut template_line))
        .collect();
    let spelling = template_line
        .map(|line| format!(" ({line})"))
        .unwrap_or_else(|| format!(" (its [{}] section)", header_section(spec)));
    let message = format!(
        "this sheet has data but is not read: no header row of a kind the report reads. \
         The nearest is a {}, whose header would need {}; the headers on row {} are: {}. \
         Rename the header, or add its spelling to the template{spelling}",
        spec.kind.label(),
        lacks.join(" and "),
        header.row + 1,
        found.join(", ")
    );
    Unrecognised {
        nearest: Some(spec.kind),
        resembles,
        message,
    }
}

/// The text of a header row's cells, line breaks as spaces, for a message.
fn headers_found(sheet: &Sheet, header: &HeaderMatch) -> Vec<String> {
    sheet.rows[header.position]
        .cells
        .iter()
        .filter_map(|(_, raw)| raw.text())
        .map(|t| t.replace('\n', " "))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_is_a_kind_in_the_schemas_order() {
        let sections: Vec<&str> = KINDS.iter().map(|(_, input)| input.section).collect();
        let schemas: Vec<&str> = schema::INPUTS.iter().map(|input| input.section).collect();
        assert_eq!(sections, schemas);
    }
}
