//! Table 5, SECAS Helpdesk Emails (emails by category for the twelve months
//! ending with the report month), and the month's telephone and email
//! enquiry counts quoted in section 5.

use super::WindowCount;
use super::table::{Cell, Role, Row, Table, Value};
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
    let copies = copied_sheets(enquiries, sources, findings);
    let mut repeats = identical_repeats(enquiries, &copies, sources, findings);
    if !copies.is_empty() {
        repeats.extend(
            enquiries
                .iter()
                .enumerate()
                .filter(|(_, e)| copies.contains(&e.origin.source))
                .map(|(i, _)| i),
        );
        repeats.sort_unstable();
        repeats.dedup();
    }
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

/// What makes two enquiries the same row: date, channel, category and
/// reference.
type EnquiryRow = (chrono::NaiveDate, bool, Option<u16>, String);

fn row_of(enquiries: &Enquiries, enquiry: &Enquiry) -> EnquiryRow {
    (
        enquiry.date,
        enquiry.telephone,
        enquiry.category,
        normalise(enquiries.reference(enquiry).unwrap_or_default()),
    )
}

/// Helpdesk sheets that hold exactly another's enquiries (a hidden copy of
/// the log, the export saved twice under two names) are read once: the
/// copies' source indexes, each with a warning. Found by a fingerprint per
/// sheet (how many rows, and the sum and the xor of a hash of each), then
/// checked row by row, so that a million-row log costs two words a sheet.
fn copied_sheets(
    enquiries: &Enquiries,
    sources: &[SourceSheet],
    findings: &mut Findings,
) -> Vec<u32> {
    use std::hash::{Hash, Hasher};
    // Only a sheet with as many rows as another can be its copy; the rest
    // (a log of one sheet, always) are not hashed at all.
    let twins = sheets_sharing_a_count(enquiries);
    if twins.is_empty() {
        return Vec::new();
    }
    let mut prints: std::collections::BTreeMap<u32, (usize, u64, u64)> = Default::default();
    let mut scratch = String::new();
    for enquiry in enquiries.iter() {
        if !twins.contains(&enquiry.origin.source) {
            continue;
        }
        let mut hasher = std::hash::DefaultHasher::new();
        let reference = enquiries
            .reference(enquiry)
            .and_then(|r| normal_form_hash(r, &mut scratch));
        (enquiry.date, enquiry.telephone, enquiry.category, reference).hash(&mut hasher);
        let hash = hasher.finish();
        let print = prints.entry(enquiry.origin.source).or_default();
        print.0 += 1;
        print.1 = print.1.wrapping_add(hash);
        print.2 ^= hash;
    }
    let mut copies: Vec<u32> = Vec::new();
    let sheets: Vec<(u32, (usize, u64, u64))> = prints.into_iter().collect();
    let rows_of = |source: u32| {
        let mut rows: Vec<EnquiryRow> = enquiries
            .iter()
            .filter(|e| e.origin.source == source)
            .map(|e| row_of(enquiries, e))
            .collect();
        rows.sort_unstable();
        rows
    };
    for (at, &(copy, print)) in sheets.iter().enumerate() {
        let Some(&(original, _)) = sheets[..at].iter().find(|&&(of, other)| {
            other == print && !copies.contains(&of) && rows_of(of) == rows_of(copy)
        }) else {
            continue;
        };
        copies.push(copy);
        let original = sources
            .get(original as usize)
            .map(|s| s.location().to_string())
            .unwrap_or_default();
        if let Some(source) = sources.get(copy as usize) {
            findings.warning(
                "copied-sheet",
                source.location(),
                format!(
                    "this sheet holds exactly the enquiries of {original}: it is a whole copy, so they are counted once, as {original}'s"
                ),
            );
        }
    }
    copies
}

/// The sheets whose count of enquiries another sheet shares.
fn sheets_sharing_a_count(enquiries: &Enquiries) -> std::collections::BTreeSet<u32> {
    let mut counts: std::collections::BTreeMap<u32, usize> = Default::default();
    for enquiry in enquiries.iter() {
        *counts.entry(enquiry.origin.source).or_default() += 1;
    }
    let mut sheets_by_count: std::collections::BTreeMap<usize, Vec<u32>> = Default::default();
    for (source, count) in counts {
        sheets_by_count.entry(count).or_default().push(source);
    }
    sheets_by_count
        .into_values()
        .filter(|sheets| sheets.len() > 1)
        .flatten()
        .collect()
}

/// The same reference logged twice on one sheet is a warning listing the
/// rows; identical rows (same date, channel and category) are counted
/// once. Logged on two sheets or in two files that are not whole copies of
/// each other (`copies`, left out here), it is an error naming both
/// places: which is right cannot be told. Returns the positions,
/// ascending, of the repeats that are not counted.
fn identical_repeats(
    enquiries: &Enquiries,
    copies: &[u32],
    sources: &[SourceSheet],
    findings: &mut Findings,
) -> Vec<usize> {
    let mut repeats = Vec::new();
    // Per pair of sheets: the references both log.
    let mut overlaps: std::collections::BTreeMap<(u32, u32), Vec<String>> = Default::default();
    for mut group in repeated_references(enquiries).into_values() {
        group.retain(|&i| !copies.contains(&enquiries.as_slice()[i].origin.source));
        if group.len() < 2 {
            continue;
        }
        group.sort_unstable();
        let rows: Vec<&Enquiry> = group.iter().map(|&i| &enquiries.as_slice()[i]).collect();
        let first = rows[0];
        if let Some(other) = rows.iter().find(|e| e.origin.source != first.origin.source) {
            overlaps
                .entry((first.origin.source, other.origin.source))
                .or_default()
                .push(format!(
                    "{}: {} and {}",
                    enquiries.reference(first).unwrap_or_default(),
                    first.origin.location(sources),
                    other.origin.location(sources)
                ));
            continue;
        }
        if warn_repeated(enquiries, &rows, sources, findings) {
            repeats.extend_from_slice(&group[1..]);
        }
    }
    refuse_overlaps(overlaps, sources, findings);
    repeats.sort_unstable();
    repeats
}

/// The positions of the enquiries whose references repeat, by the
/// reference's normal form.
fn repeated_references(enquiries: &Enquiries) -> std::collections::BTreeMap<String, Vec<usize>> {
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
    by_reference
}

/// One reference logged more than once on one sheet: a warning listing
/// the rows. Returns whether the rows are identical (same date, channel
/// and category), so counted once.
fn warn_repeated(
    enquiries: &Enquiries,
    rows: &[&Enquiry],
    sources: &[SourceSheet],
    findings: &mut Findings,
) -> bool {
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
    identical
}

/// References logged on two sheets, neither a whole copy of the other: an
/// error per pair of sheets naming the references both log.
fn refuse_overlaps(
    overlaps: std::collections::BTreeMap<(u32, u32), Vec<String>>,
    sources: &[SourceSheet],
    findings: &mut Findings,
) {
    for ((a, b), shared) in overlaps {
        let (Some(first), Some(second)) = (sources.get(a as usize), sources.get(b as usize)) else {
            continue;
        };
        findings.error(
            "overlapping-enquiries",
            second.location(),
            format!(
                "{} of this sheet's references are also logged on {}, but neither is a whole copy of the other, so counted twice they would change Table 5: {}. \
                 If one of the two is an older copy (a hidden sheet, an export saved again), delete it or take it out of the folder; \
                 otherwise delete the enquiries logged twice",
                crate::text::thousands(shared.len() as u64),
                first.location(),
                crate::text::places_text(&shared, 10)
            ),
        );
    }
}

impl HelpdeskEmails {
    /// Table 5: a row a category, then the Total; a gap month (with
    /// `--allow-gaps`) is blank.
    pub fn table(&self, template: &Template) -> Table {
        let caption = &template.file.tables.title("helpdesk_emails").caption;
        let mut table = Table::months(caption, "category", 3, &self.months);
        let cells = |label: &str, values: &[u64]| -> Vec<Cell> {
            let values = values.iter().zip(&self.gaps).map(|(v, gap)| {
                if *gap {
                    Cell::new(Value::Blank)
                } else {
                    Cell::count(*v)
                }
            });
            std::iter::once(Cell::text(label)).chain(values).collect()
        };
        for (name, counts) in template.categories.names.iter().zip(&self.counts) {
            table.row(Row::new(cells(name, counts)));
        }
        table.row(Row::new(cells("Total", &self.totals())).role(Role::Total));
        table
    }
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
    fn references_survive_append_and_one_logged_in_two_files_is_an_error() {
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
        emails(&first, &mut findings);
        let errors: Vec<String> = findings.sorted().iter().map(|f| f.to_string()).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with(
                "error: b.xlsx › Log: 1 of this sheet's references are also logged on a.xlsx › Log"
            ) && errors[0].contains("HD-1: a.xlsx › Log › B2 and b.xlsx › Log › B3"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn a_reference_twice_on_one_sheet_counts_once_and_a_whole_copy_is_read_once() {
        let mut log = Enquiries::default();
        log.push(day(4), false, Some(0), Some("HD-1"), origin(0, 1));
        log.push(day(4), false, Some(0), Some("HD-1"), origin(0, 2));
        log.push(day(5), false, Some(1), Some("HD-2"), origin(0, 3));
        let mut findings = Findings::default();
        assert_eq!(emails(&log, &mut findings), 2);
        assert!(!findings.has_errors());
        // The same sheet again, as a hidden copy in another file.
        let mut copy = Enquiries::default();
        copy.push(day(5), false, Some(1), Some("HD-2"), origin(1, 7));
        copy.push(day(4), false, Some(0), Some("HD-1"), origin(1, 8));
        copy.push(day(4), false, Some(0), Some("hd-1"), origin(1, 9));
        log.append(copy);
        let mut findings = Findings::default();
        assert_eq!(emails(&log, &mut findings), 2);
        assert!(!findings.has_errors(), "{:?}", findings.sorted());
        assert!(
            findings
                .sorted()
                .iter()
                .any(|f| f.code == "copied-sheet" && f.message.contains("whole copy")),
            "{:?}",
            findings.sorted()
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
