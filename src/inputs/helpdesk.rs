//! Helpdesk log → enquiries (date received, channel, category). A blank
//! channel is email; a blank category is taken from the mailbox where the
//! template maps that mailbox to one category.

use std::collections::BTreeMap;

use super::header::HeaderMatch;
use super::records::Enquiries;
use super::row::{AliasNotes, bad_date};
use super::{SheetContext, SourceSheet, excel_errors, is_totals_row};
use crate::findings::{Findings, Location};
use crate::read::cell::DateOrder;
use crate::template::{Resolved, TELEPHONE};
use crate::text::normalise;

pub fn read(
    context: &SheetContext,
    header: &HeaderMatch,
    stats: &mut SourceSheet,
    enquiries: &mut Enquiries,
    findings: &mut Findings,
) {
    let template = context.template;
    let date1904 = context.sheet.date1904;
    let received_col = header.col("received").unwrap_or(0);
    let category_col = header.col("category").unwrap_or(0);
    let channel_col = header.col("channel");
    let mailbox_col = header.col("mailbox");
    let reference_col = header.col("reference");
    let mut aliases = AliasNotes::default();
    let mut from_mailbox: BTreeMap<String, (usize, Location)> = BTreeMap::new();
    for row in context.data_rows(header) {
        let row = &row;
        if is_totals_row(
            context,
            row,
            &[Some(received_col), Some(category_col), reference_col],
        ) {
            stats.skip("totals row");
            continue;
        }
        if row.get(received_col).is_empty() && row.get(category_col).is_empty() {
            stats.skip("no entry in the required columns");
            continue;
        }
        if excel_errors(
            context,
            row,
            &[
                Some(received_col),
                Some(category_col),
                channel_col,
                mailbox_col,
            ],
            findings,
        ) {
            stats.skip("error");
            continue;
        }
        let date = match row.get(received_col).date(date1904, DateOrder::DayFirst) {
            Ok(Some(date)) => Some(date),
            Ok(None) => {
                findings.error(
                    "missing-value",
                    context.at(row, Some(received_col)),
                    "the date received is empty; every enquiry needs the date it arrived",
                );
                None
            }
            Err(_) => {
                bad_date(context, row, received_col, findings);
                None
            }
        };
        let telephone = match channel_col.and_then(|c| row.get(c).text(date1904).map(|t| (c, t))) {
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
        };
        let category = match row.get(category_col).text(date1904) {
            Some(typed) => match template.categories.resolve(&typed) {
                Some(Resolved::Exact(i)) => Some(Some(i)),
                Some(Resolved::Alias(i)) => {
                    aliases.note(
                        "helpdesk category",
                        &typed,
                        &template.categories.names[i],
                        context.at(row, Some(category_col)),
                    );
                    Some(Some(i))
                }
                None => {
                    let hint = template
                        .categories
                        .nearest(&typed)
                        .map(|n| format!("; did you mean \"{n}\"?"))
                        .unwrap_or_else(|| {
                            format!(
                                "; the categories are: {}",
                                template.categories.names.join(", ")
                            )
                        });
                    findings.error(
                        "unknown-category",
                        context.at(row, Some(category_col)),
                        format!(
                            "{} is not a helpdesk category{hint}",
                            context.found(row, category_col)
                        ),
                    );
                    None
                }
            },
            // A telephone enquiry is counted without its category.
            None if telephone == Some(true) => Some(None),
            None => {
                let mailbox = mailbox_col.and_then(|c| row.get(c).text(date1904));
                let mapped = mailbox.as_ref().and_then(|m| {
                    template
                        .mailbox_category
                        .get(&normalise(m))
                        .copied()
                        .flatten()
                });
                match (mapped, mailbox) {
                    (Some(i), Some(mailbox)) => {
                        let key = format!("{mailbox} → {}", template.categories.names[i]);
                        from_mailbox
                            .entry(key)
                            .or_insert((0, context.at(row, Some(category_col))))
                            .0 += 1;
                        Some(Some(i))
                    }
                    (_, mailbox) => {
                        let why = match mailbox {
                            Some(m) => format!("its mailbox {m} does not map to a single category"),
                            None => "it has no mailbox to take one from".to_string(),
                        };
                        findings.error(
                            "blank-category",
                            context.at(row, Some(category_col)),
                            format!("the category is blank and {why}; expected one of the helpdesk categories"),
                        );
                        None
                    }
                }
            }
        };
        let (Some(date), Some(telephone), Some(category)) = (date, telephone, category) else {
            stats.skip("error");
            continue;
        };
        let reference = reference_col.and_then(|c| row.get(c).text(date1904));
        enquiries.push(
            date,
            telephone,
            category,
            reference.as_deref(),
            context.origin_at(row, Some(received_col)),
        );
        stats.rows_used += 1;
    }
    aliases.report(findings);
    for (mapping, (count, location)) in from_mailbox {
        findings.info(
            "category-from-mailbox",
            location,
            format!("category left blank and taken from the mailbox ({mapping}) on {count} row(s), first here"),
        );
    }
}
