//! The paper notes as the Word draft uses them: one value for each cover
//! field, and the highlights by section. What is missing is a warning, so
//! that a placeholder in the draft never goes unnoticed.

use chrono::NaiveDate;

use crate::findings::{Findings, Location};
use crate::inputs::records::{Highlight, Records};
use crate::inputs::{Kind, Origin, SourceSheet};
use crate::template::{HighlightPlace, Template};

/// The cover's fields, each as the paper notes give it.
#[derive(Debug, Clone, Default)]
pub struct Cover {
    pub reference: Option<String>,
    pub author: Option<String>,
    pub team: Option<String>,
    pub date: Option<NaiveDate>,
    pub attachments: Vec<String>,
}

/// What the draft takes from the paper notes.
#[derive(Debug, Clone, Default)]
pub struct PaperNotes {
    pub cover: Cover,
    /// The highlights of each `[paper.highlights]` section, in sheet order.
    pub highlights: Vec<Vec<Highlight>>,
}

const NOTES: &str = "paper notes workbook (a Cover sheet with Paper Reference, Author, Team, \
                     Date and Attachment columns, and a Highlights sheet with Section, Level and \
                     Text columns; `opsreport templates` writes a blank)";

pub fn gather(
    records: &Records,
    template: &Template,
    sources: &[SourceSheet],
    findings: &mut Findings,
) -> PaperNotes {
    let sections = &template.paper.highlights.sections;
    let mut highlights = vec![Vec::new(); sections.len()];
    for highlight in &records.highlights {
        if let Some(list) = highlights.get_mut(highlight.section) {
            list.push(highlight.clone());
        }
    }
    let notes = &records.cover;
    let nothing = notes.reference.is_empty()
        && notes.author.is_empty()
        && notes.team.is_empty()
        && notes.date.is_empty()
        && notes.attachments.is_empty()
        && records.highlights.is_empty();
    if nothing {
        let blank = sources
            .iter()
            .find(|s| matches!(s.kind, Some(Kind::Cover | Kind::Highlights)));
        let (location, why) = match blank {
            Some(source) => (
                source.location(),
                "the paper notes workbook has nothing filled in".to_string(),
            ),
            None => (Location::default(), format!("the folder has no {NOTES}")),
        };
        findings.warning(
            "paper-notes",
            location,
            format!(
                "the Word draft has placeholders for the paper reference, author, date and \
                 highlights: {why}"
            ),
        );
        return PaperNotes {
            cover: Cover::default(),
            highlights,
        };
    }
    let cover = Cover {
        reference: one(&notes.reference, "paper reference", sources, findings),
        author: one(&notes.author, "author", sources, findings),
        team: one(&notes.team, "team", sources, findings),
        date: one(&notes.date, "paper's date", sources, findings),
        attachments: notes.attachments.clone(),
    };
    for section in sections
        .iter()
        .zip(&highlights)
        .filter(|(s, list)| s.place == HighlightPlace::Highlights && list.is_empty())
        .map(|(s, _)| s)
    {
        findings.warning(
            "paper-highlights",
            Location::default(),
            format!(
                "the paper notes have no highlights for \"{}\"; the Word draft has a placeholder \
                 under \"{}\"",
                section.name, section.heading
            ),
        );
    }
    PaperNotes { cover, highlights }
}

/// The one value of a cover field: missing is a warning (the draft has a
/// placeholder), and so is a second, different value (the first is used).
fn one<T: Clone + PartialEq + std::fmt::Display>(
    given: &[(T, Origin)],
    what: &str,
    sources: &[SourceSheet],
    findings: &mut Findings,
) -> Option<T> {
    let Some((first, _)) = given.first() else {
        findings.warning(
            "paper-cover",
            Location::default(),
            format!("the paper notes give no {what}; the Word draft has a placeholder for it"),
        );
        return None;
    };
    if let Some((other, origin)) = given.iter().find(|(value, _)| value != first) {
        findings.warning(
            "paper-cover",
            origin.location(sources),
            format!("the paper notes give a second {what}, \"{other}\", besides \"{first}\"; the first is used"),
        );
    }
    Some(first.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::records::CoverNotes;

    fn cover_with(notes: CoverNotes) -> (PaperNotes, Findings) {
        let template = Template::parse(crate::template::BUILTIN).ok();
        let Some(template) = template else {
            return (PaperNotes::default(), Findings::default());
        };
        let records = Records {
            cover: notes,
            ..Records::default()
        };
        let mut findings = Findings::default();
        let notes = gather(&records, &template, &[], &mut findings);
        (notes, findings)
    }

    #[test]
    fn no_notes_at_all_is_one_warning() {
        let (notes, findings) = cover_with(CoverNotes::default());
        assert!(notes.cover.author.is_none());
        let codes: Vec<&str> = findings.sorted().iter().map(|f| f.code).collect();
        assert_eq!(codes, ["paper-notes"]);
    }

    #[test]
    fn a_missing_field_and_a_second_value_are_warnings() {
        let origin = Origin::new(0, 1, None, None);
        let (notes, findings) = cover_with(CoverNotes {
            author: vec![("Holly Burton".into(), origin), ("H Burton".into(), origin)],
            ..CoverNotes::default()
        });
        assert_eq!(notes.cover.author.as_deref(), Some("Holly Burton"));
        let messages: Vec<&str> = findings
            .sorted()
            .iter()
            .map(|f| f.message.as_str())
            .collect();
        assert!(
            messages.iter().any(|m| m.contains("no paper reference")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("\"H Burton\"")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("no highlights for \"CACoP\"")),
            "{messages:?}"
        );
        assert!(
            !messages.iter().any(|m| m.contains("\"Website\"")),
            "{messages:?}"
        );
    }
}
