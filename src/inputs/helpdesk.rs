//! Helpdesk log → enquiries (date received, channel, category). A blank
//! channel is email; a blank category is taken from the mailbox where the
//! template maps that mailbox to one category, or from the template's
//! `helpdesk_routes` (by group, tag or mailbox), which is how the exports of
//! helpdesk systems with no category column (Zendesk, Freshdesk, an Exchange
//! message trace) are read.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::header::HeaderMatch;
use super::records::Enquiries;
use super::row::{AliasNotes, bad_date};
use super::{SheetContext, SourceSheet, excel_errors, is_totals_row};
use crate::findings::{Findings, Location};
use crate::read::cell::DateOrder;
use crate::read::workbook::SheetRow;
use crate::template::schema::{self, Role};
use crate::template::{Resolved, RouteField, TELEPHONE, Template};
use crate::text::normalise;

pub fn read(
    context: &SheetContext,
    header: &HeaderMatch,
    stats: &mut SourceSheet,
    enquiries: &mut Enquiries,
    findings: &mut Findings,
) {
    if header.col(Role::Category).is_none()
        && let Some(message) = misspelt_category(context, header)
    {
        stats.note = format!("not read: {message}");
        let at = context.at(&context.sheet.rows[header.position], None);
        findings.error("missing-column", at, message);
        return;
    }
    let cols = LogColumns::new(header);
    let mut categories = Categories::default();
    for row in context.data_rows(header) {
        let row = &row;
        if is_totals_row(
            context,
            row,
            &[Some(cols.received), cols.category, cols.reference],
        ) {
            stats.skip("totals row");
            continue;
        }
        if row.get(cols.received).is_empty() && cols.category.is_none_or(|c| row.get(c).is_empty())
        {
            stats.skip("no entry in the required columns");
            continue;
        }
        if excel_errors(
            context,
            row,
            &[
                Some(cols.received),
                cols.category,
                cols.channel,
                cols.routes.mailbox,
            ],
            findings,
        ) {
            stats.skip("error");
            continue;
        }
        let date = date_received(context, row, cols.received, findings);
        let telephone = is_telephone(context, row, cols.channel, findings);
        let category = categories.of(context, row, &cols, telephone, findings);
        let (Some(date), Some(telephone), Some(category)) = (date, telephone, category) else {
            stats.skip("error");
            continue;
        };
        let reference = cols.reference.and_then(|c| row.get(c).text());
        enquiries.push(
            date,
            telephone,
            category,
            reference.as_deref(),
            context.origin_at(row, Some(cols.received)),
        );
        stats.rows_used += 1;
    }
    categories.report(findings);
}

/// Where the log's columns are.
struct LogColumns {
    received: u32,
    /// None: a helpdesk system's export, whose categories come by route.
    category: Option<u32>,
    /// Where a finding about the category points.
    category_at: u32,
    channel: Option<u32>,
    reference: Option<u32>,
    routes: RouteColumns,
}

impl LogColumns {
    fn new(header: &HeaderMatch) -> Self {
        let received = header.col(Role::Received).unwrap_or(0);
        let category = header.col(Role::Category);
        LogColumns {
            received,
            category,
            category_at: category.unwrap_or(received),
            channel: header.col(Role::Channel),
            reference: header.col(Role::Reference),
            routes: RouteColumns {
                group: header.col(Role::Group),
                tags: header.col(Role::Tags),
                mailbox: header.col(Role::Mailbox),
            },
        }
    }
}

/// The date an enquiry was received, which every row needs.
fn date_received(
    context: &SheetContext,
    row: &SheetRow,
    col: u32,
    findings: &mut Findings,
) -> Option<NaiveDate> {
    match row.get(col).date(DateOrder::DayFirst) {
        Ok(Some(date)) => Some(date),
        Ok(None) => {
            findings.error(
                "missing-value",
                context.at(row, Some(col)),
                "the date received is empty; every enquiry needs the date it arrived",
            );
            None
        }
        Err(_) => {
            bad_date(context, row, col, findings);
            None
        }
    }
}

/// Whether the enquiry came by telephone; a blank channel (or no channel
/// column) is email. None when the channel is not one the template knows.
fn is_telephone(
    context: &SheetContext,
    row: &SheetRow,
    channel: Option<u32>,
    findings: &mut Findings,
) -> Option<bool> {
    let template = context.template;
    match channel.and_then(|c| row.get(c).text().map(|t| (c, t))) {
        None => Some(false),
        Some((c, typed)) => match template.channels.resolve(&typed) {
            Some(resolved) => Some(resolved.index() == TELEPHONE),
            None => {
                let hint = template
                    .channels
                    .nearest(&typed)
                    .map(|n| format!("; did you mean \"{n}\"?"))
                    .unwrap_or_else(|| "; expected Email or Telephone".to_string());
                findings.error(
                    "unknown-channel",
                    context.at(row, Some(c)),
                    format!("{} is not a contact channel{hint}", context.found(row, c)),
                );
                None
            }
        },
    }
}

/// The categories of a log's rows, with what the log's run notes about
/// them: the aliases typed, and the blank categories taken from a mailbox
/// or a route.
#[derive(Default)]
struct Categories {
    aliases: AliasNotes,
    from_mailbox: BTreeMap<String, (usize, Location)>,
}

impl Categories {
    /// A row's category: `Some(None)` for a telephone enquiry counted
    /// without one, `None` when the row is reported.
    fn of(
        &mut self,
        context: &SheetContext,
        row: &SheetRow,
        cols: &LogColumns,
        telephone: Option<bool>,
        findings: &mut Findings,
    ) -> Option<Option<usize>> {
        match cols.category.and_then(|c| row.get(c).text()) {
            Some(typed) => self.typed(context, row, cols.category_at, &typed, findings),
            // A telephone enquiry is counted without its category.
            None if telephone == Some(true) => Some(None),
            None => self.blank(context, row, cols, findings),
        }
    }

    /// A typed category, resolved against the template's list.
    fn typed(
        &mut self,
        context: &SheetContext,
        row: &SheetRow,
        category_at: u32,
        typed: &str,
        findings: &mut Findings,
    ) -> Option<Option<usize>> {
        let template = context.template;
        match template.categories.resolve(typed) {
            Some(Resolved::Exact(i)) => Some(Some(i)),
            Some(Resolved::Alias(i)) => {
                self.aliases.note(
                    "helpdesk category",
                    typed,
                    &template.categories.names[i],
                    context.at(row, Some(category_at)),
                );
                Some(Some(i))
            }
            None => {
                let hint = template
                    .categories
                    .nearest(typed)
                    .map(|n| format!("; did you mean \"{n}\"?"))
                    .unwrap_or_else(|| {
                        format!(
                            "; the categories are: {}",
                            template.categories.names.join(", ")
                        )
                    });
                findings.error(
                    "unknown-category",
                    context.at(row, Some(category_at)),
                    format!(
                        "{} is not a helpdesk category{hint}",
                        context.found(row, category_at)
                    ),
                );
                None
            }
        }
    }

    /// A blank category, taken from the mailbox the template maps to one
    /// category, or else from the first route that matches the row.
    fn blank(
        &mut self,
        context: &SheetContext,
        row: &SheetRow,
        cols: &LogColumns,
        findings: &mut Findings,
    ) -> Option<Option<usize>> {
        let template = context.template;
        let mailbox = cols.routes.mailbox.and_then(|c| row.get(c).text());
        let mapped = mailbox.as_ref().and_then(|m| {
            template
                .mailbox_category
                .get(&normalise(m))
                .copied()
                .flatten()
        });
        let mapped = match (mapped, &mailbox) {
            (Some(i), Some(mailbox)) => Some((i, format!("the mailbox ({mailbox}"))),
            _ => route(template, row, cols.routes),
        };
        match mapped {
            Some((i, from)) => {
                let key = format!("{from} → {})", template.categories.names[i]);
                self.from_mailbox
                    .entry(key)
                    .or_insert((0, context.at(row, Some(cols.category_at))))
                    .0 += 1;
                Some(Some(i))
            }
            None => {
                let message = unrouted(
                    row,
                    cols.category.is_some(),
                    cols.routes,
                    mailbox.as_deref(),
                );
                findings.error(
                    "blank-category",
                    context.at(row, Some(cols.category_at)),
                    message,
                );
                None
            }
        }
    }

    /// The aliases typed, and one note per mailbox or route a blank
    /// category was taken from.
    fn report(self, findings: &mut Findings) {
        self.aliases.report(findings);
        for (mapping, (count, location)) in self.from_mailbox {
            findings.info(
                "category-from-mailbox",
                location,
                format!(
                    "category left blank and taken from {mapping} on {count} row(s), first here"
                ),
            );
        }
    }
}

/// A log with no category column may be a helpdesk system's export (its
/// rows routed by group, tag or mailbox) or a log whose Category header is
/// misspelt: a header cell that nearly spells a category heading says it
/// is the second, and no row of it is read.
fn misspelt_category(context: &SheetContext, header: &HeaderMatch) -> Option<String> {
    let synonyms: Vec<(String, &str)> = context
        .template
        .synonyms(&schema::HELPDESK, Role::Category)
        .iter()
        .map(|s| (normalise(s), s.as_str()))
        .collect();
    header.ignored.iter().find_map(|(col, text)| {
        let typed = normalise(text);
        let key = crate::text::did_you_mean(&typed, synonyms.iter().map(|(k, _)| k.as_str()))?;
        let near = synonyms.iter().find(|(k, _)| k == key).map(|(_, s)| *s)?;
        Some(format!(
            "column {} is headed \"{text}\": is it meant to be \"{near}\"? Without a category \
             column none of this helpdesk log's rows is read; rename the header, or add its \
             spelling to the template's [headers.{}] {}",
            crate::text::column_letters(*col),
            schema::HELPDESK.section,
            Role::Category.key(),
        ))
    })
}

/// The columns a helpdesk route may look in.
#[derive(Debug, Clone, Copy)]
struct RouteColumns {
    group: Option<u32>,
    tags: Option<u32>,
    mailbox: Option<u32>,
}

/// The category the first matching route gives a row, and what matched.
fn route(template: &Template, row: &SheetRow, cols: RouteColumns) -> Option<(usize, String)> {
    template.routes.iter().find_map(|(field, value, category)| {
        let col = match field {
            RouteField::Group => cols.group,
            RouteField::Tag => cols.tags,
            RouteField::Mailbox => cols.mailbox,
        }?;
        let text = row.get(col).text()?;
        let hit = match field {
            RouteField::Tag => text
                .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
                .any(|tag| !tag.is_empty() && normalise(tag) == *value),
            _ => normalise(&text) == *value,
        };
        hit.then(|| {
            (
                *category,
                format!("a route ({} {}", field.label(), text.trim()),
            )
        })
    })
}

/// Why a row has no category, and what to add to the template.
fn unrouted(
    row: &SheetRow,
    has_category_column: bool,
    cols: RouteColumns,
    mailbox: Option<&str>,
) -> String {
    let mut held: Vec<(&str, String)> = Vec::new();
    for (field, col) in [
        ("group", cols.group),
        ("tag", cols.tags),
        ("mailbox", cols.mailbox),
    ] {
        if let Some(text) = col.and_then(|c| row.get(c).text()) {
            held.push((field, text.trim().to_string()));
        }
    }
    let what: Vec<String> = held
        .iter()
        .map(|(field, text)| format!("{field} \"{text}\""))
        .collect();
    let example = held.first().map_or_else(String::new, |(field, text)| {
        let value = match *field {
            "tag" => text.split([',', ';', ' ']).next().unwrap_or(text),
            _ => text,
        };
        format!(
            " such as `[[helpdesk_routes]] field = \"{field}\", value = \"{value}\", category = \"…\"`"
        )
    });
    let start = if has_category_column {
        match mailbox {
            Some(m) => format!(
                "the category is blank and its mailbox {m} does not map to a single category"
            ),
            None => "the category is blank".to_string(),
        }
    } else {
        "this helpdesk export has no category column".to_string()
    };
    let holds = if what.is_empty() {
        "it has no group, tag or mailbox to route by".to_string()
    } else {
        format!("no route in the template matches its {}", what.join(", "))
    };
    format!(
        "{start}, and {holds}; expected one of the helpdesk categories, or a route in the template{example}"
    )
}
