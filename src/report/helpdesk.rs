//! Table 5, SECAS Helpdesk Emails (emails by category for the twelve months
//! ending with the report month), and the month's telephone and email
//! enquiry counts quoted in section 5.

use super::WindowCount;
use crate::findings::Findings;
use crate::inputs::SourceSheet;
use crate::inputs::records::{Enquiries, Enquiry};
use crate::month::Month;
use crate::template::Template;
use crate::text::{normal_form_hash, normalise};

/// The places one finding lists before it says how many more there are.
const MAX_PLACES: usize = 20;

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
    /// Per month, the days its raw rows fall on (bit `d` for day `d + 1`),
    /// how many rows, and the first of them: whether they cover a past
    /// month, and if not, which rows to name.
    pub days: Vec<u32>,
    pub rows: Vec<usize>,
    pub first_rows: Vec<Vec<crate::inputs::Origin>>,
}

/// The rows of a month a finding names.
const MONTH_ROWS_NAMED: usize = 20;

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
    enquiries: &Enquiries,
    template: &Template,
    month: Month,
    window: &mut WindowCount,
    sources: &[SourceSheet],
    findings: &mut Findings,
) -> HelpdeskEmails {
    let months = month.window(12);
    let repeats = identical_repeats(enquiries, sources, findings);
    let mut counts = vec![vec![0u64; months.len()]; template.categories.names.len()];
    let mut telephone_in_month = 0;
    let mut raw_sources: Vec<std::collections::BTreeSet<usize>> =
        vec![Default::default(); months.len()];
    // The source last noted for each month: rows come a sheet at a time.
    let mut last_source: Vec<Option<usize>> = vec![None; months.len()];
    let mut repeats = repeats.into_iter().peekable();
    let mut days = vec![0u32; months.len()];
    let mut rows = vec![0usize; months.len()];
    let mut first_rows: Vec<Vec<crate::inputs::Origin>> = vec![Vec::new(); months.len()];
    for (index, enquiry) in enquiries.iter().enumerate() {
        if repeats.next_if_eq(&index).is_some() {
            continue;
        }
        let month_of = Month::of(enquiry.date);
        let position = months.iter().position(|m| *m == month_of);
        window.record_dated(enquiry.origin, position.is_some(), enquiry.date);
        let Some(position) = position else { continue };
        days[position] |= 1 << chrono::Datelike::day0(&enquiry.date);
        rows[position] += 1;
        if first_rows[position].len() < MONTH_ROWS_NAMED {
            first_rows[position].push(enquiry.origin);
        }
        let source = enquiry.origin.source();
        if last_source[position] != Some(source) {
            last_source[position] = Some(source);
            raw_sources[position].insert(source);
        }
        if enquiry.telephone {
            if months[position] == month {
                telephone_in_month += 1;
            }
        } else if let Some(row) = enquiry
            .category
            .and_then(|c| counts.get_mut(usize::from(c)))
        {
            row[position] += 1;
        }
    }
    HelpdeskEmails {
        gaps: vec![false; months.len()],
        days,
        rows,
        first_rows,
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
/// rows (same date, channel and category) are counted once. Returns the
/// positions, ascending, of the repeats that are not counted.
fn identical_repeats(
    enquiries: &Enquiries,
    sources: &[SourceSheet],
    findings: &mut Findings,
) -> Vec<usize> {
    // References are unique almost always: sort the hashes of their normal
    // forms, each with its row's position in one eight-byte word, then
    // group by the text only the rows whose hash repeats. A hash that
    // repeats by chance (32 bits of it: a million-row log has about a
    // hundred such pairs) groups nothing, since the grouping compares the
    // references themselves.
    let mut scratch = String::new();
    let mut keyed: Vec<u64> = Vec::new();
    for (index, enquiry) in enquiries.iter().enumerate() {
        // Past four billion rows (more than memory holds) a row is left
        // out of the check rather than mistaken for another.
        let (Some(reference), Ok(index)) = (enquiries.reference(enquiry), u32::try_from(index))
        else {
            continue;
        };
        if let Some(hash) = normal_form_hash(reference, &mut scratch) {
            keyed.push(u64::from(hash) << 32 | u64::from(index));
        }
    }
    keyed.sort_unstable();
    let mut by_reference: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for run in keyed
        .chunk_by(|a, b| a >> 32 == b >> 32)
        .filter(|run| run.len() > 1)
    {
        for &entry in run {
            let index = (entry & u64::from(u32::MAX)) as usize;
            let text = enquiries.reference(&enquiries.as_slice()[index]);
            by_reference
                .entry(normalise(text.unwrap_or_default()))
                .or_default()
                .push(index);
        }
    }
    drop(keyed);
    let mut repeats = Vec::new();
    for mut group in by_reference.into_values().filter(|g| g.len() > 1) {
        group.sort_unstable();
        let rows: Vec<&Enquiry> = group.iter().map(|&i| &enquiries.as_slice()[i]).collect();
        let first = rows[0];
        let places: Vec<String> = rows
            .iter()
            .map(|e| e.origin.location(sources).to_string())
            .collect();
        let identical = rows.iter().all(|e| {
            (e.date, e.telephone, e.category) == (first.date, first.telephone, first.category)
        });
        let outcome = if identical {
            "the rows are identical, so the enquiry is counted once"
        } else {
            "the rows differ, so each is counted: check which is right"
        };
        findings.warning(
            "duplicate-reference",
            first.origin.location(sources),
            format!(
                "the reference {} is logged {} times: {}; {outcome}",
                enquiries.reference(first).unwrap_or_default(),
                rows.len(),
                crate::text::places_text(&places, MAX_PLACES)
            ),
        );
        if identical {
            repeats.extend_from_slice(&group[1..]);
        }
    }
    repeats.sort_unstable();
    repeats
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::inputs::Origin;

    fn origin(source: u32, row: u32) -> Origin {
        Origin::new(source, row, None, Some(1))
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2019, 3, d).expect("valid test date")
    }

    fn sources() -> Vec<SourceSheet> {
        ["a.xlsx", "b.xlsx"]
            .iter()
            .map(|file| SourceSheet {
                file: file.to_string(),
                sheet: Some("Log".to_string()),
                ..Default::default()
            })
            .collect()
    }

    fn emails(enquiries: &Enquiries, findings: &mut Findings) -> u64 {
        let template = Template::load(None).expect("built-in template");
        let month = Month::new(2019, 3).expect("month");
        let mut window = WindowCount::new(month);
        aggregate(
            enquiries,
            &template,
            month,
            &mut window,
            &sources(),
            findings,
        )
        .email_in_month()
    }

    #[test]
    fn references_survive_append_and_repeats_across_files_count_once() {
        let mut first = Enquiries::default();
        first.push(day(4), false, Some(0), Some("HD-1"), origin(0, 1));
        first.push(day(4), false, Some(1), None, origin(0, 2));
        let mut second = Enquiries::default();
        second.push(day(5), false, Some(2), Some("HD-2"), origin(1, 1));
        // The same enquiry again, its reference typed another way.
        second.push(day(4), false, Some(0), Some(" hd-1 "), origin(1, 2));
        first.append(second);
        let references: Vec<Option<&str>> = first.iter().map(|e| first.reference(e)).collect();
        assert_eq!(
            references,
            [Some("HD-1"), None, Some("HD-2"), Some(" hd-1 ")]
        );
        let mut findings = Findings::default();
        assert_eq!(emails(&first, &mut findings), 3);
        let warnings: Vec<String> = findings.sorted().iter().map(|f| f.to_string()).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("the reference HD-1 is logged 2 times")
                && warnings[0].contains("a.xlsx › Log › B2; b.xlsx › Log › B3")
                && warnings[0].contains("counted once"),
            "{}",
            warnings[0]
        );
    }

    #[test]
    fn references_whose_hashes_collide_are_not_repeats() {
        // Find two references with the same 32-bit hash, as a million-row
        // log has by chance.
        let mut seen = std::collections::HashMap::new();
        let (a, b) = (0..1_000_000u32)
            .map(|n| format!("hd-{n}"))
            .find_map(|r| {
                let hash = normal_form_hash(&r, &mut String::new());
                seen.insert(hash, r.clone()).map(|earlier| (earlier, r))
            })
            .expect("a collision among a million references");
        let mut enquiries = Enquiries::default();
        enquiries.push(day(4), false, Some(0), Some(&a), origin(0, 1));
        enquiries.push(day(4), false, Some(0), Some(&b), origin(0, 2));
        let mut findings = Findings::default();
        assert_eq!(emails(&enquiries, &mut findings), 2, "{a} and {b}");
        assert!(findings.sorted().is_empty(), "{:?}", findings.sorted());
    }

    #[test]
    fn repeats_that_differ_are_all_counted() {
        let mut enquiries = Enquiries::default();
        enquiries.push(day(4), false, Some(0), Some("HD-1"), origin(0, 1));
        enquiries.push(day(4), false, Some(3), Some("HD-1"), origin(0, 2));
        enquiries.push(day(6), false, Some(3), Some("HD-1"), origin(0, 3));
        let mut findings = Findings::default();
        assert_eq!(emails(&enquiries, &mut findings), 3);
        let warnings: Vec<String> = findings.sorted().iter().map(|f| f.to_string()).collect();
        assert!(
            warnings.len() == 1
                && warnings[0].contains("logged 3 times")
                && warnings[0].contains("each is counted"),
            "{warnings:?}"
        );
    }
}
