//! Section 1 of the report from the membership register: Table 1 (applicants
//! going to the Board this month), Table 2 (UEP completions), Table 3 (the
//! thirteen months of accessions, parties in default, withdrawals and
//! expulsions, with the expulsion footnotes), the Parties and Voting Groups at
//! the month's end and Figure 1's breakdown, and the reconciliation checks.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::table::{Cell, Column, Role, Row, Table, Value};
use crate::findings::{Findings, Location};
use crate::inputs::SourceSheet;
use crate::inputs::records::{Applicant, DefaultEvent, Party, Register};
use crate::month::Month;
use crate::template::{EXPULSION, Template, UEPT};
use crate::text::{did_you_mean, normalise};

/// A numbered note under a table (`report::table`).
pub use super::table::Footnote;

/// Table 3.
#[derive(Debug, Clone)]
pub struct PartyStatistics {
    /// Thirteen months, oldest first.
    pub months: Vec<Month>,
    pub accessions: Vec<u64>,
    pub in_default: Vec<u64>,
    pub withdrawals: Vec<u64>,
    pub expulsions: Vec<u64>,
    /// Expulsion footnote markers per month.
    pub expulsion_markers: Vec<Vec<u32>>,
    pub footnotes: Vec<Footnote>,
}

/// Table 2's row as the paper prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct UepRow {
    pub party: String,
    pub category: Option<usize>,
    pub roles: Vec<usize>,
    pub date: NaiveDate,
    pub uep_type: Option<String>,
}

/// Section 1 of the report.
#[derive(Debug, Clone)]
pub struct Membership {
    pub applicants: Vec<Applicant>,
    pub uep_completions: Vec<UepRow>,
    pub statistics: PartyStatistics,
    pub parties_at_month_end: u64,
    pub voting_groups_at_month_end: u64,
    /// Figure 1: voting groups per party category, template order.
    pub voting_groups_by_category: Vec<u64>,
    pub new_events_of_default: u64,
    pub resolved_events_of_default: u64,
    pub srept_completions: u64,
    pub uept_completions: u64,
    /// The parties among the UEPT completions.
    pub uept_parties: u64,
    /// The parties expelled in the report month, in register order.
    pub expelled: Vec<String>,
}

pub fn aggregate(
    register: &Register,
    template: &Template,
    month: Month,
    sources: &[SourceSheet],
    findings: &mut Findings,
) -> Membership {
    let month_end = month.last_day();
    let by_name: HashMap<String, &Party> = register
        .parties
        .iter()
        .map(|p| (normalise(&p.name), p))
        .collect();
    check_parties(register, sources, findings);
    let defaults = known_defaults(register, &by_name, findings);
    let statistics = party_statistics(register, &defaults, &by_name, template, month);

    let members: Vec<&Party> = register
        .parties
        .iter()
        .filter(|p| p.member_at(month_end))
        .collect();
    let (voting_groups_at_month_end, voting_groups_by_category) =
        voting_groups(&members, template, findings);
    let applicants: Vec<Applicant> = register
        .applicants
        .iter()
        .filter(|a| month.contains(a.board_date))
        .cloned()
        .collect();
    let uep_completions = uep_rows(register, &by_name, month);
    let events = DefaultEvents::in_month(&defaults, month);
    check_movements(&statistics, applicants.len(), events, month, findings);
    let testing = Testing::in_month(register, month);
    Membership {
        expelled: expelled_in(register, month),
        applicants,
        uep_completions,
        parties_at_month_end: members.len() as u64,
        voting_groups_at_month_end,
        voting_groups_by_category,
        new_events_of_default: events.new,
        resolved_events_of_default: events.resolved,
        srept_completions: testing.srept_completions,
        uept_completions: testing.uept_completions,
        uept_parties: testing.uept_parties,
        statistics,
    }
}

/// The voting groups of the parties at the month's end: how many, and how
/// many in each party category (Figure 1). A group whose parties are in two
/// categories is counted under its first party's, with a warning.
fn voting_groups(
    members: &[&Party],
    template: &Template,
    findings: &mut Findings,
) -> (u64, Vec<u64>) {
    let mut groups: BTreeMap<String, Vec<&Party>> = BTreeMap::new();
    for party in members {
        groups
            .entry(party.voting_group_key())
            .or_default()
            .push(party);
    }
    let mut voting_groups_by_category = vec![0u64; template.party_categories.names.len()];
    for parties in groups.values() {
        let first = parties[0];
        voting_groups_by_category[first.category] += 1;
        if let Some(other) = parties.iter().find(|p| p.category != first.category) {
            findings.warning(
                "voting-group-categories",
                other.location.clone(),
                format!(
                    "the voting group \"{}\" has parties in two categories: {} is {} but {} is {}; Figure 1 counts it under {}",
                    first.voting_group.as_deref().unwrap_or(&first.name),
                    first.name,
                    template.party_categories.names[first.category],
                    other.name,
                    template.party_categories.names[other.category],
                    template.party_categories.names[first.category],
                ),
            );
        }
    }
    (groups.len() as u64, voting_groups_by_category)
}

/// Table 2: the month's UEP completions, oldest first, each with its
/// party's category (from the register where the row gives none).
fn uep_rows(register: &Register, by_name: &HashMap<String, &Party>, month: Month) -> Vec<UepRow> {
    let mut uep_completions: Vec<UepRow> = register
        .uep_completions
        .iter()
        .filter(|u| month.contains(u.date))
        .map(|u| UepRow {
            party: u.party.clone(),
            category: u
                .category
                .or_else(|| by_name.get(&normalise(&u.party)).map(|p| p.category)),
            roles: u.roles.clone(),
            date: u.date,
            uep_type: u.uep_type.clone(),
        })
        .collect();
    uep_completions.sort_by_key(|u| u.date);
    uep_completions
}

/// Events of default that began, and that were resolved, in the month.
#[derive(Debug, Clone, Copy)]
struct DefaultEvents {
    new: u64,
    resolved: u64,
}

impl DefaultEvents {
    fn in_month(defaults: &[&DefaultEvent], month: Month) -> DefaultEvents {
        DefaultEvents {
            new: defaults.iter().filter(|d| month.contains(d.start)).count() as u64,
            resolved: defaults
                .iter()
                .filter(|d| d.resolved.is_some_and(|r| month.contains(r)))
                .count() as u64,
        }
    }
}

/// Notes for the reader where Table 3's month does not follow from Table 1
/// or from last month's defaults: common, and no figure changes.
fn check_movements(
    statistics: &PartyStatistics,
    applicants: usize,
    events: DefaultEvents,
    month: Month,
    findings: &mut Findings,
) {
    let last = statistics.months.len() - 1;
    // Applicants usually accede the month after their Board meeting, so a
    // difference is common: a note for the reader, not a warning.
    if applicants as u64 != statistics.accessions[last] {
        findings.info(
            "table1-accessions",
            Location::default(),
            format!(
                "Table 1 lists {} applicant(s) for {}, but Table 3 counts {} accession(s) in the month",
                applicants,
                month.long_label(),
                statistics.accessions[last]
            ),
        );
    }
    let expected =
        statistics.in_default[last - 1] as i64 + events.new as i64 - events.resolved as i64;
    if expected != statistics.in_default[last] as i64 {
        findings.info(
            "in-default-movement",
            Location::default(),
            format!(
                "Table 3: {} parties in default at the end of {}; {} the month before, plus {} new and minus {} resolved events, would be {}. \
                 The difference is parties with more than one event of default, or parties that left the Code",
                statistics.in_default[last],
                month.short_label(),
                statistics.in_default[last - 1],
                events.new,
                events.resolved,
                expected
            ),
        );
    }
}

/// The month's SREPT and UEPT completions, and the parties among the UEPT
/// ones.
struct Testing {
    srept_completions: u64,
    uept_completions: u64,
    uept_parties: u64,
}

impl Testing {
    fn in_month(register: &Register, month: Month) -> Testing {
        let tests_in_month = |test: usize| {
            register
                .tests
                .iter()
                .filter(|t| t.test == test && month.contains(t.date))
                .count() as u64
        };
        Testing {
            srept_completions: tests_in_month(0),
            uept_completions: tests_in_month(UEPT),
            uept_parties: register
                .tests
                .iter()
                .filter(|t| t.test == UEPT && month.contains(t.date))
                .map(|t| normalise(&t.party))
                .collect::<std::collections::BTreeSet<_>>()
                .len() as u64,
        }
    }
}

/// The parties expelled in the month, in register order.
fn expelled_in(register: &Register, month: Month) -> Vec<String> {
    register
        .parties
        .iter()
        .filter(|p| {
            p.exit
                .as_ref()
                .is_some_and(|e| e.kind == EXPULSION && month.contains(e.date))
        })
        .map(|p| p.name.clone())
        .collect()
}

/// The same thing listed twice in the register (a party pasted twice, a
/// hidden copy of last month's register beside this month's) is an error:
/// counted twice it changes Tables 1 to 3. A sheet that is a whole copy of
/// another is read once before this (`inputs::register`).
fn check_parties(register: &Register, sources: &[SourceSheet], findings: &mut Findings) {
    let parties = register.parties.iter().map(|p| {
        let key = normalise(&p.name);
        (key, p.name.clone(), p.origin, p.location.clone())
    });
    refuse_repeats("parties", "Tables 1 and 3 and Figure 1", parties, findings);
    let defaults = register.defaults.iter().map(|d| {
        let key = format!("{}\u{0}{}", normalise(&d.party), d.start);
        let label = format!("{} from {}", d.party, d.start.format("%d/%m/%Y"));
        (key, label, d.origin, d.location.clone())
    });
    refuse_repeats(
        "events of default",
        "Table 3's In Default",
        defaults,
        findings,
    );
    let applicants = register.applicants.iter().map(|a| {
        let key = format!("{}\u{0}{}", normalise(&a.organisation), a.board_date);
        (
            key,
            a.organisation.clone(),
            a.origin,
            a.origin.location(sources),
        )
    });
    refuse_repeats("applicants", "Table 1", applicants, findings);
    let completions = register.uep_completions.iter().map(|u| {
        let key = format!("{}\u{0}{}\u{0}{:?}", normalise(&u.party), u.date, u.roles);
        let label = format!("{} on {}", u.party, u.date.format("%d/%m/%Y"));
        (key, label, u.origin, u.origin.location(sources))
    });
    refuse_repeats("UEP completions", "Table 2", completions, findings);
    let tests = register.tests.iter().map(|t| {
        let key = format!(
            "{}\u{0}{}\u{0}{}\u{0}{:?}",
            normalise(&t.party),
            t.test,
            t.date,
            t.role
        );
        let label = format!("{} on {}", t.party, t.date.format("%d/%m/%Y"));
        (key, label, t.origin, t.origin.location(sources))
    });
    refuse_repeats(
        "test completions",
        "section 1's SREPT and UEPT counts",
        tests,
        findings,
    );
}

/// Rows of the register that list the same thing twice, one error per pair
/// of sheets (or per sheet, for rows pasted twice into one), each naming
/// both places.
fn refuse_repeats(
    what: &str,
    tables: &str,
    rows: impl Iterator<Item = (String, String, crate::inputs::Origin, Location)>,
    findings: &mut Findings,
) {
    let mut first: HashMap<String, (crate::inputs::Origin, Location)> = HashMap::new();
    let mut pairs: BTreeMap<(u32, u32), (Location, Vec<String>)> = BTreeMap::new();
    for (key, label, origin, location) in rows {
        match first.get(&key) {
            Some((at, there)) => {
                let sheet = Location {
                    file: location.file.clone(),
                    sheet: location.sheet.clone(),
                    ..Default::default()
                };
                pairs
                    .entry((at.source, origin.source))
                    .or_insert_with(|| (sheet, Vec::new()))
                    .1
                    .push(format!("\"{label}\" at {there} and {location}"));
            }
            None => {
                first.insert(key, (origin, location));
            }
        }
    }
    for ((a, b), (sheet, places)) in pairs {
        let count = crate::text::thousands(places.len() as u64);
        let fix = if a == b {
            "Delete the repeated row (or, if it is a different one, correct its name or date)"
        } else {
            "If one of the two sheets is a copy (a hidden sheet, last month's register), delete it; otherwise delete the repeated rows"
        };
        findings.error(
            "listed-twice",
            sheet,
            format!(
                "the register lists {} twice, and counted twice {} would change {tables}: {}. {fix}",
                if places.len() == 1 { format!("one of its {what}") } else { format!("{count} of its {what}") },
                if places.len() == 1 { "it" } else { "they" },
                crate::text::places_text(&places, 10)
            ),
        );
    }
}

/// Events of default whose party is in the register; the others are
/// reported with the nearest party name. A default left open on a party that
/// has left the Code is reported too.
fn known_defaults<'a>(
    register: &'a Register,
    by_name: &HashMap<String, &Party>,
    findings: &mut Findings,
) -> Vec<&'a DefaultEvent> {
    let mut known = Vec::new();
    for event in &register.defaults {
        let Some(party) = by_name.get(&normalise(&event.party)) else {
            let typed = normalise(&event.party);
            let hint = did_you_mean(&typed, by_name.keys().map(String::as_str))
                .and_then(|k| by_name.get(k))
                .map(|p| format!("; did you mean \"{}\"?", p.name))
                .unwrap_or_default();
            findings.warning(
                "unknown-party",
                event.location.clone(),
                format!(
                    "\"{}\" has an event of default but is not in the Parties sheet{hint}; the event is not counted",
                    event.party
                ),
            );
            continue;
        };
        if let Some(exit) = &party.exit
            && event.resolved.is_none_or(|r| r > exit.date)
        {
            findings.warning(
                "default-open-after-exit",
                event.location.clone(),
                format!(
                    "{} left the Code on {} but this event of default is still open after it; \
                     give it a Date Resolved (it is not counted after the exit)",
                    party.name,
                    exit.date.format("%d/%m/%Y")
                ),
            );
        }
        known.push(event);
    }
    known
}

fn party_statistics(
    register: &Register,
    defaults: &[&DefaultEvent],
    by_name: &HashMap<String, &Party>,
    template: &Template,
    month: Month,
) -> PartyStatistics {
    let months = month.window(13);
    let mut statistics = PartyStatistics {
        accessions: Vec::new(),
        in_default: Vec::new(),
        withdrawals: Vec::new(),
        expulsions: Vec::new(),
        expulsion_markers: Vec::new(),
        footnotes: Vec::new(),
        months: months.clone(),
    };
    for &m in &months {
        let end = m.last_day();
        statistics.accessions.push(
            register
                .parties
                .iter()
                .filter(|p| m.contains(p.accession))
                .count() as u64,
        );
        let mut in_default: Vec<String> = defaults
            .iter()
            .filter(|d| d.open_at(end))
            .map(|d| normalise(&d.party))
            .filter(|key| by_name.get(key).is_some_and(|p| !p.exited_by(end)))
            .collect();
        in_default.sort();
        in_default.dedup();
        statistics.in_default.push(in_default.len() as u64);
        let exits = |kind: usize| {
            register.parties.iter().filter(move |p| {
                p.exit
                    .as_ref()
                    .is_some_and(|e| e.kind == kind && m.contains(e.date))
            })
        };
        statistics.withdrawals.push(exits(0).count() as u64);
        statistics.expulsions.push(exits(EXPULSION).count() as u64);
        // One footnote per reason: parties expelled in the month for the same
        // reason share a sentence, in register order.
        let mut by_reason: Vec<(String, String, Vec<&str>)> = Vec::new();
        for party in exits(EXPULSION) {
            let Some(reason) = party.exit.as_ref().and_then(|e| e.reason.as_deref()) else {
                continue;
            };
            let key = normalise(reason.trim_end_matches('.'));
            match by_reason.iter_mut().find(|(k, _, _)| *k == key) {
                Some((_, _, names)) => names.push(&party.name),
                None => by_reason.push((key, tidy_reason(reason), vec![&party.name])),
            }
        }
        let mut markers = Vec::new();
        for (_, reason, names) in by_reason {
            let marker = statistics.footnotes.len() as u32 + 1;
            let text = template
                .file
                .expulsion_footnote
                .sentence
                .replace("{parties}", &join_names(&names))
                .replace("{verb}", if names.len() == 1 { "was" } else { "were" })
                .replace("{reason}", &reason);
            statistics.footnotes.push(Footnote {
                marker,
                anchor: m.to_string(),
                text,
            });
            markers.push(marker);
        }
        statistics.expulsion_markers.push(markers);
    }
    statistics
}

/// A reason as it reads inside a sentence: spacing tidied, no final full
/// stop, and a capital first letter lowered unless the word is an acronym.
fn tidy_reason(reason: &str) -> String {
    let tidy = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    let tidy = tidy.trim_end_matches('.').to_string();
    let mut chars = tidy.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(tidy.chars().skip(1)).collect()
        }
        _ => tidy,
    }
}

/// "A", "A and B", "A, B and C".
pub fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Section 1's tables as the report prints them (`report::table`).
impl Membership {
    /// Table 1: the paper prints a category's label, the CSV its name.
    pub fn applicants_table(&self, template: &Template) -> Table {
        let titles = &template.file.tables.title("applicants");
        let mut table = Table::new(
            &titles.caption,
            vec![
                Column::both("organisation", "Organisation", 3),
                Column::csv_only("party_category"),
                Column::print_only("Party Category", 2),
            ],
        );
        for applicant in &self.applicants {
            let category = &template.party_categories.names[applicant.category];
            table.row(Row::new(vec![
                Cell::text(&applicant.organisation),
                Cell::text(category),
                Cell::text(titles.label(category)),
            ]));
        }
        table
    }

    /// Table 2, with the completion's date and type apart for the CSV.
    pub fn uep_table(&self, template: &Template) -> Table {
        let titles = &template.file.tables.title("uep_completions");
        let mut table = Table::new(
            &titles.caption,
            vec![
                Column::both("sec_party", "SEC Party", 3),
                Column::csv_only("party_category"),
                Column::print_only("Party Category", 2),
                Column::both("dcc_user_roles", "DCC User role(s)", 3),
                Column::both("date_of_uep_completion", "Date of UEP completion", 3),
                Column::csv_only("date"),
                Column::csv_only("uep_type"),
            ],
        );
        for row in &self.uep_completions {
            let roles: Vec<&str> = row
                .roles
                .iter()
                .map(|r| template.dcc_user_roles.names[*r].as_str())
                .collect();
            let category = row.category.map(|c| &template.party_categories.names[c]);
            table.row(Row::new(vec![
                Cell::text(&row.party),
                Cell::text(category.cloned().unwrap_or_default()),
                Cell::text(category.map(|c| titles.label(c)).unwrap_or_default()),
                Cell::text(roles.join(", ")),
                Cell::text(row.completion_text()),
                Cell::new(Value::Date(row.date)),
                Cell::text(row.uep_type.clone().unwrap_or_default()),
            ]));
        }
        table
    }

    /// Table 3: the measures in the paper's order, the expulsions marked
    /// with their notes.
    pub fn statistics_table(&self, template: &Template) -> Table {
        let s = &self.statistics;
        let caption = &template.file.tables.title("party_statistics").caption;
        let mut table = Table::months(caption, "measure", 3, &s.months);
        let measures = [
            ("Accessions", &s.accessions),
            ("In Default", &s.in_default),
            ("Withdrawals", &s.withdrawals),
            ("Expulsions", &s.expulsions),
        ];
        for (label, values) in measures {
            let marked = label == "Expulsions";
            let cells = values.iter().enumerate().map(|(i, value)| {
                let markers = s.expulsion_markers.get(i).filter(|_| marked);
                Cell::count(*value).marked(markers.map(Vec::as_slice).unwrap_or(&[]))
            });
            table.row(Row::new(
                std::iter::once(Cell::text(label)).chain(cells).collect(),
            ));
        }
        table.footnotes = s.footnotes.clone();
        table
    }

    /// Figure 1's data: voting groups by party category, and their total.
    pub fn voting_groups_table(&self, template: &Template) -> Table {
        let caption = &template.file.tables.title("voting_groups").caption;
        let mut table = Table::new(
            caption,
            vec![
                Column::both("party_category", "Party Category", 1),
                Column::both("voting_groups", "Voting Groups", 1),
            ],
        );
        let names = &template.party_categories.names;
        for (name, count) in names.iter().zip(&self.voting_groups_by_category) {
            table.row(Row::new(vec![Cell::text(name), Cell::count(*count)]));
        }
        table.row(
            Row::new(vec![
                Cell::text("Total"),
                Cell::count(self.voting_groups_at_month_end),
            ])
            .role(Role::Total),
        );
        table
    }
}

impl UepRow {
    /// `18/03/2019 – Full UEP`, as Table 2 prints a completion.
    pub fn completion_text(&self) -> String {
        let date = self.date.format("%d/%m/%Y");
        match &self.uep_type {
            Some(kind) => format!("{date} – {kind}"),
            None => date.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::Origin;
    use crate::inputs::records::Exit;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn origin() -> Origin {
        Origin::new(0, 0, None, None)
    }

    fn party(
        name: &str,
        category: usize,
        group: Option<&str>,
        accession: NaiveDate,
        exit: Option<Exit>,
    ) -> Party {
        Party {
            name: name.to_string(),
            category,
            voting_group: group.map(str::to_string),
            accession,
            exit,
            origin: origin(),
            location: Location::default(),
        }
    }

    fn expelled(date: NaiveDate, reason: &str) -> Option<Exit> {
        Some(Exit {
            date,
            kind: EXPULSION,
            reason: Some(reason.to_string()),
        })
    }

    fn default_event(party: &str, start: NaiveDate, resolved: Option<NaiveDate>) -> DefaultEvent {
        DefaultEvent {
            party: party.to_string(),
            start,
            resolved,
            origin: origin(),
            location: Location::default(),
        }
    }

    #[test]
    fn table3_counts_parties_in_default_and_groups_footnotes() {
        let template = Template::load(None).expect("built-in template");
        let march = Month::new(2019, 3).expect("valid");
        let register = Register {
            parties: vec![
                party("Alpha Energy", 1, None, day(2018, 1, 1), None),
                party("Beta Power", 4, Some("Beta Group"), day(2019, 3, 5), None),
                party("Beta Gas", 4, Some("beta  group"), day(2018, 6, 1), None),
                party(
                    "Usio",
                    1,
                    None,
                    day(2017, 1, 1),
                    expelled(day(2019, 3, 12), "revocation of their Licences"),
                ),
                party(
                    "One Select",
                    1,
                    None,
                    day(2017, 1, 1),
                    expelled(day(2019, 3, 20), "Revocation of their  Licences."),
                ),
                party(
                    "Gen4U",
                    1,
                    None,
                    day(2017, 1, 1),
                    expelled(day(2019, 3, 20), "administration"),
                ),
            ],
            defaults: vec![
                default_event("Alpha Energy", day(2019, 2, 1), Some(day(2019, 3, 10))),
                default_event("alpha energy", day(2019, 2, 15), None),
                default_event("Usio", day(2019, 1, 1), Some(day(2019, 3, 12))),
            ],
            ..Default::default()
        };
        let mut findings = Findings::default();
        let m = aggregate(&register, &template, march, &[], &mut findings);
        let s = &m.statistics;
        assert_eq!(s.months.len(), 13);
        assert_eq!(s.accessions[12], 1);
        assert_eq!(s.accessions[3], 1, "Jun 18");
        // End of Feb: Alpha (two events) and Usio; end of March: Alpha only.
        assert_eq!(s.in_default[11], 2);
        assert_eq!(s.in_default[12], 1);
        assert_eq!(m.resolved_events_of_default, 2);
        assert_eq!(m.new_events_of_default, 0);
        assert_eq!(s.expulsions[12], 3);
        assert_eq!(s.expulsion_markers[12], vec![1, 2]);
        assert_eq!(
            s.footnotes[0].text,
            "Usio and One Select were expelled from the Code following revocation of their Licences."
        );
        assert_eq!(
            s.footnotes[1].text,
            "Gen4U was expelled from the Code following administration."
        );
        assert_eq!(m.parties_at_month_end, 3);
        assert_eq!(m.voting_groups_at_month_end, 2);
        assert_eq!(m.voting_groups_by_category[4], 1);
        assert!(!findings.has_errors());
    }

    #[test]
    fn a_group_across_categories_and_a_default_open_after_exit_are_reported() {
        let template = Template::load(None).expect("built-in template");
        let march = Month::new(2019, 3).expect("valid");
        let register = Register {
            parties: vec![
                party("Beta Power", 4, Some("Beta Group"), day(2018, 1, 1), None),
                party("Beta Gas", 1, Some("Beta Group"), day(2018, 1, 1), None),
                party(
                    "Usio",
                    1,
                    None,
                    day(2017, 1, 1),
                    expelled(day(2019, 3, 12), "insolvency"),
                ),
            ],
            defaults: vec![
                default_event("Usio", day(2019, 1, 1), None),
                default_event("Usoi", day(2019, 1, 1), None),
            ],
            ..Default::default()
        };
        let mut findings = Findings::default();
        let m = aggregate(&register, &template, march, &[], &mut findings);
        let codes: Vec<&str> = findings.sorted().iter().map(|f| f.code).collect();
        assert!(codes.contains(&"voting-group-categories"), "{codes:?}");
        assert!(codes.contains(&"default-open-after-exit"), "{codes:?}");
        assert!(codes.contains(&"unknown-party"), "{codes:?}");
        assert!(
            findings
                .sorted()
                .iter()
                .any(|f| f.message.contains("did you mean \"Usio\""))
        );
        // Usio is not in default after it left the Code.
        assert_eq!(m.statistics.in_default[12], 0);
        assert_eq!(m.statistics.in_default[11], 1);
    }

    #[test]
    fn names_and_reasons_read_as_a_sentence() {
        assert_eq!(join_names(&["Usio"]), "Usio");
        assert_eq!(
            join_names(&["Usio", "Extra Energy"]),
            "Usio and Extra Energy"
        );
        assert_eq!(
            join_names(&["Usio", "Extra Energy", "One Select"]),
            "Usio, Extra Energy and One Select"
        );
        assert_eq!(
            tidy_reason("Revocation of their  Licences by Ofgem."),
            "revocation of their Licences by Ofgem"
        );
        assert_eq!(tidy_reason("BEIS direction"), "BEIS direction");
    }
}
