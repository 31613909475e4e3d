//! The membership register → parties, events of default, applicants, UEP
//! completions and test completions. One workbook with several sheets, each
//! recognised by its columns whatever the sheet is called.

use super::header::HeaderMatch;
use super::records::{
    Applicant, DefaultEvent, Exit, Party, Register, TestCompletion, UepCompletion,
};
use super::row::{AliasNotes, RowReader};
use super::timesheet::tidy_name;
use super::{Origin, SheetContext, SourceSheet, is_totals_row};
use std::collections::BTreeMap;

use crate::findings::Findings;
use crate::template::Template;
use crate::template::schema::Role;
use crate::text::normalise;

/// The register's sheet kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterSheet {
    Parties,
    EventsOfDefault,
    Applicants,
    UepCompletions,
    Testing,
}

pub fn read(
    context: &SheetContext,
    header: &HeaderMatch,
    kind: RegisterSheet,
    required: &[&[Role]],
    stats: &mut SourceSheet,
    register: &mut Register,
    findings: &mut Findings,
) {
    let template = context.template;
    let mut aliases = AliasNotes::default();
    let required: Vec<Role> = required
        .iter()
        .flat_map(|group| group.iter().copied())
        .collect();
    let label_cols: Vec<Option<u32>> = required.iter().map(|r| header.col(*r)).collect();
    for row in context.data_rows(header) {
        let row = &row;
        if is_totals_row(context, row, &label_cols) {
            stats.skip("totals row");
            continue;
        }
        let mut cells = RowReader::new(context, header, row, findings);
        if required.iter().all(|r| cells.is_empty(*r)) {
            stats.skip("no entry in the required columns");
            continue;
        }
        let origin = context.origin(row);
        let mut reading = RegisterRow {
            cells: &mut cells,
            template,
            aliases: &mut aliases,
            origin,
        };
        let added = match kind {
            RegisterSheet::Parties => reading.party(register),
            RegisterSheet::EventsOfDefault => reading.default_event(register),
            RegisterSheet::Applicants => reading.applicant(register),
            RegisterSheet::UepCompletions => reading.uep_completion(register),
            RegisterSheet::Testing => reading.test_completion(register),
        };
        if added {
            stats.rows_used += 1;
        } else {
            stats.skip("error");
        }
    }
    aliases.report(findings);
}

/// One data row of a register sheet being read: each method reads the row
/// as one sheet kind, adds the record to the register and says whether it
/// did (false when a cell was reported).
struct RegisterRow<'r, 'a, 's, 'f> {
    cells: &'r mut RowReader<'a, 's, 'f>,
    template: &'r Template,
    aliases: &'r mut AliasNotes,
    origin: Origin,
}

impl RegisterRow<'_, '_, '_, '_> {
    fn party(&mut self, register: &mut Register) -> bool {
        let template = self.template;
        let name = self.cells.required_text(Role::Party, "party name");
        let category = self.cells.required_name(
            Role::Category,
            &template.party_categories,
            "party category",
            self.aliases,
        );
        let accession = self.cells.date(Role::AccessionDate, "accession date", true);
        let exit = self.exit();
        let cells = &mut *self.cells;
        if let (Some(accession), Some(exit)) = (accession, &exit)
            && exit.date < accession
        {
            let location = cells.location(Role::ExitDate);
            cells.report(
                "exit-before-accession",
                location,
                format!(
                    "the exit date {} is before the accession date {}; a party cannot leave before it joins",
                    exit.date.format("%d/%m/%Y"),
                    accession.format("%d/%m/%Y")
                ),
            );
        }
        match (name, category, accession, cells.ok) {
            (Some(name), Some(category), Some(accession), true) => {
                register.parties.push(Party {
                    name: tidy_name(&name),
                    category,
                    voting_group: cells.text(Role::VotingGroup).map(|g| tidy_name(&g)),
                    accession,
                    exit,
                    origin: self.origin,
                    location: cells.location(Role::Party),
                });
                true
            }
            _ => false,
        }
    }

    /// The party's exit, when it has both a date and a kind; one without
    /// the other is reported.
    fn exit(&mut self) -> Option<Exit> {
        let cells = &mut *self.cells;
        let exit_date = cells.date(Role::ExitDate, "exit date", false);
        let exit_kind = cells.name(
            Role::ExitType,
            &self.template.exit_types,
            "exit type (Withdrawal or Expulsion)",
            self.aliases,
        );
        let reason = cells.text(Role::ExitReason);
        match (exit_date, exit_kind) {
            (Some(date), Some(kind)) => Some(Exit { date, kind, reason }),
            (None, None) => None,
            (Some(_), None) if cells.is_empty(Role::ExitType) => {
                let location = cells.location(Role::ExitType);
                cells.report(
                    "register-row",
                    location,
                    "the party has an exit date but no exit type; expected Withdrawal or Expulsion"
                        .to_string(),
                );
                None
            }
            (None, Some(_)) => {
                let location = cells.location(Role::ExitDate);
                cells.report(
                    "register-row",
                    location,
                    "the party has an exit type but no exit date".to_string(),
                );
                None
            }
            _ => None,
        }
    }

    fn default_event(&mut self, register: &mut Register) -> bool {
        let cells = &mut *self.cells;
        let party = cells.required_text(Role::Party, "party name");
        let start = cells.date(Role::DefaultDate, "date of default", true);
        let resolved = cells.date(Role::ResolvedDate, "date resolved", false);
        if let (Some(start), Some(resolved)) = (start, resolved)
            && resolved < start
        {
            let location = cells.location(Role::ResolvedDate);
            cells.report(
                "register-row",
                location,
                format!(
                    "the default is resolved on {}, before it began on {}",
                    resolved.format("%d/%m/%Y"),
                    start.format("%d/%m/%Y")
                ),
            );
        }
        match (party, start, cells.ok) {
            (Some(party), Some(start), true) => {
                register.defaults.push(DefaultEvent {
                    party: tidy_name(&party),
                    start,
                    resolved,
                    origin: self.origin,
                    location: cells.location(Role::Party),
                });
                true
            }
            _ => false,
        }
    }

    fn applicant(&mut self, register: &mut Register) -> bool {
        let cells = &mut *self.cells;
        let organisation = cells.required_text(Role::Organisation, "organisation");
        let category = cells.required_name(
            Role::Category,
            &self.template.party_categories,
            "party category",
            self.aliases,
        );
        let board_date = cells.date(Role::BoardDate, "Board date", true);
        match (organisation, category, board_date, cells.ok) {
            (Some(organisation), Some(category), Some(board_date), true) => {
                register.applicants.push(Applicant {
                    organisation: tidy_name(&organisation),
                    category,
                    board_date,
                    origin: self.origin,
                });
                true
            }
            _ => false,
        }
    }

    fn uep_completion(&mut self, register: &mut Register) -> bool {
        let party = self.cells.required_text(Role::Party, "SEC party");
        let category = self.cells.name(
            Role::Category,
            &self.template.party_categories,
            "party category",
            self.aliases,
        );
        let roles = self.dcc_user_roles();
        let cells = &mut *self.cells;
        let date = cells.date(Role::CompletionDate, "date of UEP completion", true);
        match (party, date, cells.ok) {
            (Some(party), Some(date), true) => {
                register.uep_completions.push(UepCompletion {
                    party: tidy_name(&party),
                    category,
                    roles,
                    date,
                    uep_type: cells.text(Role::UepType).map(|t| tidy_name(&t)),
                    origin: self.origin,
                });
                true
            }
            _ => false,
        }
    }

    /// The DCC User roles of one cell, however they are separated; each
    /// is resolved against the template's list.
    fn dcc_user_roles(&mut self) -> Vec<usize> {
        let roles_text = self
            .cells
            .required_text(Role::Roles, "DCC User role(s)")
            .unwrap_or_default();
        let mut roles = Vec::new();
        for typed in roles_text
            .split([',', ';', '\n', '/'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            if let Some(role) = self.cells.resolve(
                Role::Roles,
                typed,
                &self.template.dcc_user_roles,
                "DCC User role",
                self.aliases,
            ) {
                roles.push(role);
            }
        }
        roles
    }

    fn test_completion(&mut self, register: &mut Register) -> bool {
        let cells = &mut *self.cells;
        let party = cells.required_text(Role::Party, "party");
        let test = cells.name(
            Role::Test,
            &self.template.test_types,
            "test (SREPT or UEPT)",
            self.aliases,
        );
        if test.is_none() && cells.is_empty(Role::Test) {
            cells.required_text(Role::Test, "test (SREPT or UEPT)");
        }
        let date = cells.date(Role::CompletionDate, "completion date", true);
        match (party, test, date, cells.ok) {
            (Some(party), Some(test), Some(date), true) => {
                register.tests.push(TestCompletion {
                    party: tidy_name(&party),
                    test,
                    date,
                    role: cells.text(Role::UserRole),
                    origin: self.origin,
                });
                true
            }
            _ => false,
        }
    }
}

/// A register sheet that holds exactly the rows of another (a hidden copy
/// of the same sheet, the register saved twice under two names) is read
/// once: its rows are dropped and the Sources sheet says why. A sheet that
/// repeats only some of another's rows is no copy; the rows it repeats are
/// refused where they are counted (`report::membership`).
pub fn settle_copied_sheets(inputs: &mut super::Inputs, findings: &mut Findings) {
    let register = &inputs.records.register;
    let mut copies: Vec<(u32, u32)> = Vec::new();
    copies.extend(copied_sheets(&register.parties, |p| {
        (
            p.origin.source,
            format!(
                "{:?}",
                (
                    normalise(&p.name),
                    p.category,
                    &p.voting_group,
                    p.accession,
                    &p.exit
                )
            ),
        )
    }));
    copies.extend(copied_sheets(&register.defaults, |d| {
        (
            d.origin.source,
            format!("{:?}", (normalise(&d.party), d.start, d.resolved)),
        )
    }));
    copies.extend(copied_sheets(&register.applicants, |a| {
        (
            a.origin.source,
            format!(
                "{:?}",
                (normalise(&a.organisation), a.category, a.board_date)
            ),
        )
    }));
    copies.extend(copied_sheets(&register.uep_completions, |u| {
        (
            u.origin.source,
            format!(
                "{:?}",
                (
                    normalise(&u.party),
                    u.category,
                    &u.roles,
                    u.date,
                    &u.uep_type
                )
            ),
        )
    }));
    copies.extend(copied_sheets(&register.tests, |t| {
        (
            t.origin.source,
            format!("{:?}", (normalise(&t.party), t.test, t.date, &t.role)),
        )
    }));
    if copies.is_empty() {
        return;
    }
    let dropped: Vec<u32> = copies.iter().map(|&(copy, _)| copy).collect();
    let register = &mut inputs.records.register;
    register
        .parties
        .retain(|r| !dropped.contains(&r.origin.source));
    register
        .defaults
        .retain(|r| !dropped.contains(&r.origin.source));
    register
        .applicants
        .retain(|r| !dropped.contains(&r.origin.source));
    register
        .uep_completions
        .retain(|r| !dropped.contains(&r.origin.source));
    register
        .tests
        .retain(|r| !dropped.contains(&r.origin.source));
    for (copy, of) in copies {
        let original = inputs
            .sources
            .get(of as usize)
            .map(|s| s.location().to_string())
            .unwrap_or_default();
        if let Some(source) = inputs.sources.get_mut(copy as usize) {
            let message = format!(
                "this sheet holds exactly the rows of {original}: it is a whole copy, so its rows are counted once, as {original}'s"
            );
            source.note = format!("a whole copy: {message}");
            source.rows_used = 0;
            findings.warning("copied-sheet", source.location(), message);
        }
    }
}

/// The sheets whose rows, as `content` gives them, are exactly another
/// sheet's: (the copy, the sheet it copies), the later-read one the copy.
fn copied_sheets<T>(rows: &[T], content: impl Fn(&T) -> (u32, String)) -> Vec<(u32, u32)> {
    let mut by_sheet: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for row in rows {
        let (source, text) = content(row);
        by_sheet.entry(source).or_default().push(text);
    }
    by_sheet.values_mut().for_each(|rows| rows.sort_unstable());
    let mut copies = Vec::new();
    let sheets: Vec<&u32> = by_sheet.keys().collect();
    for (at, &copy) in sheets.iter().enumerate() {
        if let Some(&&of) = sheets[..at]
            .iter()
            .find(|&&&of| by_sheet[&of] == by_sheet[copy] && !copies.iter().any(|&(c, _)| c == of))
        {
            copies.push((*copy, of));
        }
    }
    copies
}
