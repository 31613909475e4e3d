//! What makes a sheet one kind or another: for each kind with a header row,
//! its columns (roles and their synonyms from the template), the roles it
//! cannot do without, and the one role distinctive enough that a sheet
//! having it but missing another required column is reported rather than
//! silently ignored.

use super::Kind;
use super::header::{HEADER_SEARCH_ROWS, HeaderMatch, Role, find_header, match_row};
use crate::read::workbook::Sheet;
use crate::template::Template;

/// One kind's header: its roles, the required groups (each satisfied by any
/// one of its roles) and the key role for near misses.
pub struct Spec<'a> {
    pub kind: Kind,
    pub roles: Vec<Role<'a>>,
    pub required: &'static [&'static [&'static str]],
    /// `None`: a partial header of this kind is too common to report.
    pub key: Option<&'static str>,
}

impl Spec<'_> {
    fn satisfied(&self, m: &HeaderMatch) -> usize {
        self.required
            .iter()
            .filter(|group| group.iter().any(|k| m.has(k)))
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
    pub fn near_miss(&self, sheet: &Sheet) -> Option<(HeaderMatch, Vec<&'static [&'static str]>)> {
        let key = self.key?;
        let m = self.best_row(sheet, |m| {
            m.has(key) && 2 * self.satisfied(m) >= self.required.len()
        })?;
        let missing = self.missing(&m);
        (!missing.is_empty()).then_some((m, missing))
    }

    /// The header row nearest to this kind (the most required groups met),
    /// and the groups it lacks; `None` when no row meets any.
    pub fn nearest(
        &self,
        sheet: &Sheet,
    ) -> Option<(HeaderMatch, usize, Vec<&'static [&'static str]>)> {
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
    fn missing(&self, m: &HeaderMatch) -> Vec<&'static [&'static str]> {
        self.required
            .iter()
            .filter(|group| !group.iter().any(|k| m.has(k)))
            .copied()
            .collect()
    }

    /// The template's spellings for a role, for messages.
    pub fn synonyms(&self, key: &str) -> &[String] {
        self.roles
            .iter()
            .find(|r| r.key == key)
            .map(|r| r.synonyms)
            .unwrap_or(&[])
    }
}

/// Every kind recognised by a header row, in order of preference when two
/// match equally well.
pub fn specs(template: &Template) -> Vec<Spec<'_>> {
    let h = &template.file.headers;
    let t = &h.timesheet;
    vec![
        Spec {
            kind: Kind::Timesheet,
            roles: vec![
                Role::new("date", &t.date),
                Role::new("first_name", &t.first_name),
                Role::new("last_name", &t.last_name),
                Role::new("staff", &t.staff),
                Role::new("driver", &t.driver),
                Role::new("project", &t.project),
                Role::new("task", &t.task),
                Role::new("hours", &t.hours),
                Role::new("days", &t.days),
                Role::new("activity", &t.activity),
            ],
            required: &[
                &["date"],
                &["staff", "first_name"],
                &["driver", "project", "task"],
                &["hours", "days"],
            ],
            key: Some("driver"),
        },
        Spec {
            kind: Kind::Helpdesk,
            roles: vec![
                Role::new("received", &h.helpdesk.received),
                Role::new("category", &h.helpdesk.category),
                Role::new("channel", &h.helpdesk.channel),
                Role::new("mailbox", &h.helpdesk.mailbox),
                Role::new("group", &h.helpdesk.group),
                Role::new("tags", &h.helpdesk.tags),
                Role::new("reference", &h.helpdesk.reference),
                Role::new("subject", &h.helpdesk.subject),
            ],
            // A helpdesk system's export has no category: its group, tags
            // or mailbox route to one (template `helpdesk_routes`).
            required: &[&["received"], &["category", "group", "tags", "mailbox"]],
            key: Some("category"),
        },
        Spec {
            kind: Kind::WebsiteDaily,
            roles: vec![
                Role::new("date", &h.website_daily.date),
                Role::new("visits", &h.website_daily.visits),
                Role::new("page_views", &h.website_daily.page_views),
            ],
            required: &[&["date"], &["visits", "page_views"]],
            // Analytics exports carry summary tables of the same measures
            // without dates; those are not near misses.
            key: None,
        },
        Spec {
            kind: Kind::WebsiteMonthly,
            roles: vec![
                Role::new("month", &h.website_monthly.month),
                Role::new("visits", &h.website_monthly.visits),
                Role::new("page_views", &h.website_monthly.page_views),
            ],
            required: &[&["month"], &["visits", "page_views"]],
            key: Some("month"),
        },
        Spec {
            kind: Kind::Parties,
            roles: vec![
                Role::new("party", &h.parties.party),
                Role::new("category", &h.parties.category),
                Role::new("voting_group", &h.parties.voting_group),
                Role::new("accession_date", &h.parties.accession_date),
                Role::new("exit_date", &h.parties.exit_date),
                Role::new("exit_type", &h.parties.exit_type),
                Role::new("exit_reason", &h.parties.exit_reason),
            ],
            required: &[&["party"], &["category"], &["accession_date"]],
            key: Some("accession_date"),
        },
        Spec {
            kind: Kind::EventsOfDefault,
            roles: vec![
                Role::new("party", &h.events_of_default.party),
                Role::new("default_date", &h.events_of_default.default_date),
                Role::new("resolved_date", &h.events_of_default.resolved_date),
            ],
            required: &[&["party"], &["default_date"]],
            key: Some("default_date"),
        },
        Spec {
            kind: Kind::Applicants,
            roles: vec![
                Role::new("organisation", &h.applicants.organisation),
                Role::new("category", &h.applicants.category),
                Role::new("board_date", &h.applicants.board_date),
            ],
            required: &[&["organisation"], &["category"], &["board_date"]],
            key: Some("board_date"),
        },
        Spec {
            kind: Kind::UepCompletions,
            roles: vec![
                Role::new("party", &h.uep_completions.party),
                Role::new("category", &h.uep_completions.category),
                Role::new("roles", &h.uep_completions.roles),
                Role::new("completion_date", &h.uep_completions.completion_date),
                Role::new("uep_type", &h.uep_completions.uep_type),
            ],
            required: &[&["party"], &["roles"], &["completion_date"]],
            key: Some("roles"),
        },
        Spec {
            kind: Kind::Testing,
            roles: vec![
                Role::new("party", &h.testing.party),
                Role::new("test", &h.testing.test),
                Role::new("completion_date", &h.testing.completion_date),
                Role::new("role", &h.testing.role),
            ],
            required: &[&["party"], &["test"], &["completion_date"]],
            key: Some("test"),
        },
        Spec {
            kind: Kind::Meetings,
            roles: vec![
                Role::new("category", &h.meetings.category),
                Role::new("meeting", &h.meetings.meeting),
                Role::new("dates", &h.meetings.dates),
                Role::new("summary", &h.meetings.summary),
                Role::new("report_month", &h.meetings.report_month),
                Role::new("link", &h.meetings.link),
            ],
            required: &[&["meeting"], &["dates"]],
            key: Some("meeting"),
        },
        Spec {
            kind: Kind::Cover,
            roles: vec![
                Role::new("reference", &template.cover_headers.reference),
                Role::new("author", &template.cover_headers.author),
                Role::new("team", &template.cover_headers.team),
                Role::new("date", &template.cover_headers.date),
                Role::new("attachment", &template.cover_headers.attachment),
            ],
            required: &[&["reference"], &["author"]],
            key: Some("reference"),
        },
        Spec {
            kind: Kind::Highlights,
            roles: vec![
                Role::new("section", &template.highlights_headers.section),
                Role::new("level", &template.highlights_headers.level),
                Role::new("text", &template.highlights_headers.text),
            ],
            required: &[&["section"], &["text"]],
            // "Section" and "Text" head many sheets: no near miss.
            key: None,
        },
    ]
}

/// Explain a near miss: which kind the sheet looks like, which columns it
/// lacks with the spellings that would do, and the headers it has.
pub fn explain_near_miss(
    spec: &Spec,
    header: &HeaderMatch,
    missing: &[&[&str]],
    sheet: &Sheet,
) -> String {
    let lacks: Vec<String> = missing
        .iter()
        .map(|group| {
            let names: Vec<String> = group
                .iter()
                .flat_map(|k| spec.synonyms(k).iter().take(4))
                .map(|s| format!("\"{s}\""))
                .collect();
            format!("a column headed {}", names.join(" or "))
        })
        .collect();
    let found = headers_found(sheet, header);
    format!(
        "this sheet looks like a {} but lacks {}; the headers found on row {} are: {}. \
         Rename the header, or add its spelling to the template",
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
        .and_then(|(_, raw)| raw.text(sheet.date1904))
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

/// What a sheet of data that no kind recognises is told: the kind its
/// header comes nearest to, what that kind still lacks, and for a header
/// that looks misspelt, the spelling expected. `None` when no header row
/// meets any kind's columns at all.
pub fn explain_unrecognised(specs: &[Spec], sheet: &Sheet) -> (Option<Kind>, String) {
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
    let Some((spec, header, _, missing)) = nearest else {
        let message = "this sheet has data but no header row of any kind the report reads in its \
                       first 40 rows, so none of its rows are used; if it belongs in the report, \
                       give it the header its kind needs (see `opsreport inspect` and the README's \
                       table of inputs)";
        return (None, message.to_string());
    };
    let found = headers_found(sheet, &header);
    let lacks: Vec<String> = missing
        .iter()
        .map(|group| {
            let synonyms: Vec<&str> = group
                .iter()
                .flat_map(|k| spec.synonyms(k).iter())
                .map(String::as_str)
                .collect();
            let named: Vec<String> = synonyms
                .iter()
                .take(4)
                .map(|s| format!("\"{s}\""))
                .collect();
            let hint = found
                .iter()
                .find_map(|cell| {
                    let typed = crate::text::normalise(cell);
                    let near = crate::text::did_you_mean(
                        &typed,
                        synonyms
                            .iter()
                            .copied()
                            .filter(|s| crate::text::normalise(s) != typed),
                    )?;
                    Some(format!(" (is \"{cell}\" meant to be \"{near}\"?)"))
                })
                .unwrap_or_default();
            format!("a column headed {}{hint}", named.join(" or "))
        })
        .collect();
    let message = format!(
        "this sheet has data but is not read: no header row of a kind the report reads. \
         The nearest is a {}, whose header would need {}; the headers on row {} are: {}. \
         Rename the header, or add its spelling to the template",
        spec.kind.label(),
        lacks.join(" and "),
        header.row + 1,
        found.join(", ")
    );
    (Some(spec.kind), message)
}

/// The text of a header row's cells, line breaks as spaces, for a message.
fn headers_found(sheet: &Sheet, header: &HeaderMatch) -> Vec<String> {
    sheet.rows[header.position]
        .cells
        .iter()
        .filter_map(|(_, raw)| raw.text(sheet.date1904))
        .map(|t| t.replace('\n', " "))
        .collect()
}
