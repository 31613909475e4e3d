//! The paper notes workbook → what the Word draft needs that the data cannot
//! know: its Cover sheet (paper reference, author, team, date, one
//! attachment a row) and its Highlights sheet (section, level, text: one
//! bullet a row).

use super::header::HeaderMatch;
use super::records::{CoverNotes, Highlight};
use super::row::{AliasNotes, RowReader};
use super::{SheetContext, SourceSheet};
use crate::findings::Findings;
use crate::template::schema::Role;
use crate::text::{Span, cut, link_problem, spans};

pub fn read_cover(
    context: &SheetContext,
    header: &HeaderMatch,
    stats: &mut SourceSheet,
    cover: &mut CoverNotes,
    findings: &mut Findings,
) {
    for row in context.data_rows(header) {
        let mut cells = RowReader::new(context, header, &row, findings);
        let date = cells.date(Role::Date, "paper's date", false);
        if !cells.ok {
            stats.skip("error");
            continue;
        }
        let origin = context.origin(&row);
        let mut used = false;
        for (key, field) in [
            (Role::Reference, &mut cover.reference),
            (Role::Author, &mut cover.author),
            (Role::Team, &mut cover.team),
        ] {
            if let Some(text) = cells.text(key) {
                used = true;
                field.push((text, origin));
            }
        }
        if let Some(date) = date {
            used = true;
            cover.date.push((date, origin));
        }
        if let Some(text) = cells.text(Role::Attachment) {
            used = true;
            cover.attachments.push(text);
        }
        if used {
            stats.rows_used += 1;
        } else {
            stats.skip("empty row");
        }
    }
}

pub fn read_highlights(
    context: &SheetContext,
    header: &HeaderMatch,
    stats: &mut SourceSheet,
    highlights: &mut Vec<Highlight>,
    findings: &mut Findings,
) {
    let sections = &context.template.highlight_sections;
    let mut aliases = AliasNotes::default();
    for row in context.data_rows(header) {
        let mut cells = RowReader::new(context, header, &row, findings);
        if cells.is_empty(Role::Section) && cells.is_empty(Role::Text) {
            stats.skip("empty row");
            continue;
        }
        let section =
            cells.required_name(Role::Section, sections, "highlights section", &mut aliases);
        let text = cells.required_text(Role::Text, "highlight's text");
        let level = match cells.text(Role::Level) {
            None => Some(1),
            Some(typed) => match typed.trim().parse::<f64>() {
                Ok(n) if n == 0.0 || n == 1.0 || n == 2.0 => Some(n as u8),
                _ => {
                    let location = cells.location(Role::Level);
                    cells.report(
                        "bad-level",
                        location,
                        format!(
                            "\"{}\" is not a level; expected 1 (a bullet), 2 (a bullet under \
                             the one above) or 0 (a paragraph without a bullet)",
                            typed.trim()
                        ),
                    );
                    None
                }
            },
        };
        let text_location = cells.location(Role::Text);
        let (Some(section), Some(text), Some(level), true) = (section, text, level, cells.ok)
        else {
            stats.skip("error");
            continue;
        };
        // A link that cannot be one is printed as its text, with a warning.
        for span in spans(&text) {
            if let Span::Link { url, .. } = span
                && let Some(why) = link_problem(url)
            {
                findings.warning(
                    "unsafe-link",
                    text_location.clone(),
                    format!(
                        "\"{}\" is printed as text, not a link: {why}",
                        cut(url.to_string(), 80)
                    ),
                );
            }
        }
        highlights.push(Highlight {
            section,
            level,
            text,
        });
        stats.rows_used += 1;
    }
    aliases.report(findings);
}
