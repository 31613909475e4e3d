//! Table 5, SECAS Helpdesk Emails (emails by category for the twelve months
//! ending with the report month), and the month's telephone and email
//! enquiry counts quoted in section 5.

use chrono::NaiveDate;

use super::WindowCount;
use crate::findings::Findings;
use crate::inputs::{Origin, SourceSheet};
use crate::month::Month;
use crate::template::Template;
use crate::text::normalise;

/// One enquiry from the helpdesk log.
#[derive(Debug, Clone, PartialEq)]
pub struct Enquiry {
    pub date: NaiveDate,
    pub telephone: bool,
    /// Index into the template's categories; `None` only for a telephone
    /// enquiry logged without one.
    pub category: Option<usize>,
    pub reference: Option<String>,
    pub origin: Origin,
}

/// Table 5 and the month's counts.
#[derive(Debug, Clone)]
pub struct HelpdeskEmails {
    /// Twelve months, oldest first.
    pub months: Vec<Month>,
    /// `counts[category][month]`.
    pub counts: Vec<Vec<u64>>,
    pub telephone_in_month: u64,
    /// The input files with enquiries in each month (empty: the raw
    /// inputs do not cover the month).
    pub raw_files: Vec<Vec<String>>,
    /// Months with no figures at all (blank with `--allow-gaps`).
    pub gaps: Vec<bool>,
}

impl HelpdeskEmails {
    /// The Total row (0 in a gap month).
    pub fn totals(&self) -> Vec<u64> {
        (0..self.months.len())
            .map(|m| self.counts.iter().map(|row| row[m]).sum())
            .collect()
    }

    pub fn email_in_month(&self) -> u64 {
        self.totals().last().copied().unwrap_or(0)
    }
}

pub fn aggregate(
    enquiries: &[Enquiry],
    template: &Template,
    month: Month,
    window: &mut WindowCount,
    sources: &[SourceSheet],
    findings: &mut Findings,
) -> HelpdeskEmails {
    let months = month.window(12);
    let enquiries = resolve_duplicate_references(enquiries, sources, findings);
    let mut counts = vec![vec![0u64; months.len()]; template.categories.names.len()];
    let mut telephone_in_month = 0;
    let mut raw_sources: Vec<std::collections::BTreeSet<usize>> =
        vec![Default::default(); months.len()];
    for enquiry in &enquiries {
        let position = months.iter().position(|m| m.contains(enquiry.date));
        window.record_dated(enquiry.origin, position.is_some(), enquiry.date);
        let Some(position) = position else { continue };
        raw_sources[position].insert(enquiry.origin.source);
        if enquiry.telephone {
            if months[position] == month {
                telephone_in_month += 1;
            }
        } else if let Some(category) = enquiry.category {
            counts[category][position] += 1;
        }
    }
    HelpdeskEmails {
        gaps: vec![false; months.len()],
        months,
        counts,
        telephone_in_month,
        raw_files: raw_sources
            .into_iter()
            .map(|set| {
                let mut files: Vec<String> = set
                    .into_iter()
                    .filter_map(|i| sources.get(i))
                    .map(|s| s.file.clone())
                    .collect();
                files.dedup();
                files
            })
            .collect(),
    }
}

/// The same reference logged twice is a warning listing the rows; identical
/// rows (same date, channel and category) are counted once.
fn resolve_duplicate_references<'a>(
    enquiries: &'a [Enquiry],
    sources: &[SourceSheet],
    findings: &mut Findings,
) -> Vec<&'a Enquiry> {
    // References are unique almost always: count their hashes first (eight
    // bytes a row, not the text), then group by the text only the rows whose
    // hash repeats. A hash that repeats by chance groups nothing, since the
    // grouping compares the references themselves.
    use std::hash::BuildHasher;
    let key = |e: &Enquiry| {
        e.reference
            .as_deref()
            .map(normalise)
            .filter(|r| !r.is_empty())
    };
    let hasher = std::collections::hash_map::RandomState::new();
    let mut seen: std::collections::HashMap<u64, u32> =
        std::collections::HashMap::with_capacity(enquiries.len());
    for enquiry in enquiries {
        if let Some(reference) = key(enquiry) {
            *seen.entry(hasher.hash_one(&reference)).or_insert(0) += 1;
        }
    }
    let repeated = |r: &String| seen.get(&hasher.hash_one(r)).copied().unwrap_or(0) > 1;
    let mut by_reference: std::collections::BTreeMap<String, Vec<&Enquiry>> =
        std::collections::BTreeMap::new();
    let mut kept = Vec::with_capacity(enquiries.len());
    for enquiry in enquiries {
        match key(enquiry).filter(repeated) {
            Some(reference) => by_reference.entry(reference).or_default().push(enquiry),
            None => kept.push(enquiry),
        }
    }
    if by_reference.is_empty() {
        return kept;
    }
    for group in by_reference.into_values() {
        if group.len() > 1 {
            let places: Vec<String> = group
                .iter()
                .map(|e| e.origin.location(sources).to_string())
                .collect();
            let identical = group.iter().all(|e| {
                (e.date, e.telephone, e.category)
                    == (group[0].date, group[0].telephone, group[0].category)
            });
            let outcome = if identical {
                "the rows are identical, so the enquiry is counted once"
            } else {
                "the rows differ, so each is counted: check which is right"
            };
            findings.warning(
                "duplicate-reference",
                group[0].origin.location(sources),
                format!(
                    "the reference {} is logged {} times: {}; {outcome}",
                    group[0].reference.as_deref().unwrap_or_default(),
                    group.len(),
                    places.join("; ")
                ),
            );
            if identical {
                kept.push(group[0]);
                continue;
            }
        }
        kept.extend(group);
    }
    kept.sort_by_key(|e| e.origin);
    kept
}
