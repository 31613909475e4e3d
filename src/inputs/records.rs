//! What the inputs layer gives the report: the records read from the
//! month's folder, one type per thing the team records, each carrying the
//! `Origin` of the row it came from. `Records` is the whole hand-over; the
//! report's aggregation (`report/`) takes it and knows nothing of sheets.

use chrono::NaiveDate;

use super::Origin;
use crate::findings::Location;
use crate::hours::Hours;
use crate::month::Month;
use crate::text::normalise;

/// Everything read from the folder, before any window is applied.
#[derive(Debug, Default)]
pub struct Records {
    pub bookings: Vec<Booking>,
    pub enquiries: Enquiries,
    pub website_days: Vec<DailyFigure>,
    pub website_months: Vec<MonthlyFigure>,
    pub register: Register,
    pub meetings: Vec<Meeting>,
    /// Earlier reports found in the folder or given with `--history`.
    pub history: Vec<HistoryReport>,
    /// The paper notes: the Word draft's cover and highlights.
    pub cover: CoverNotes,
    pub highlights: Vec<Highlight>,
    /// The optional staff list: empty when the folder has none.
    pub staff: Vec<StaffMember>,
}

impl Records {
    /// Move every record's source index by `offset` (see `Inputs::absorb`).
    pub fn shift_sources(&mut self, offset: usize) {
        let offset = super::narrow(offset);
        let shift = |origin: &mut Origin| origin.source = origin.source.saturating_add(offset);
        self.bookings.iter_mut().for_each(|r| shift(&mut r.origin));
        self.enquiries.origins_mut().for_each(shift);
        self.website_days
            .iter_mut()
            .for_each(|r| shift(&mut r.origin));
        self.website_months
            .iter_mut()
            .for_each(|r| shift(&mut r.origin));
        self.meetings.iter_mut().for_each(|r| shift(&mut r.origin));
        self.staff.iter_mut().for_each(|r| shift(&mut r.origin));
        let register = &mut self.register;
        register
            .parties
            .iter_mut()
            .for_each(|r| shift(&mut r.origin));
        register
            .defaults
            .iter_mut()
            .for_each(|r| shift(&mut r.origin));
        register
            .applicants
            .iter_mut()
            .for_each(|r| shift(&mut r.origin));
        register
            .uep_completions
            .iter_mut()
            .for_each(|r| shift(&mut r.origin));
        register.tests.iter_mut().for_each(|r| shift(&mut r.origin));
        let cover = &mut self.cover;
        cover.reference.iter_mut().for_each(|(_, o)| shift(o));
        cover.author.iter_mut().for_each(|(_, o)| shift(o));
        cover.team.iter_mut().for_each(|(_, o)| shift(o));
        cover.date.iter_mut().for_each(|(_, o)| shift(o));
    }

    /// Add another set of records after these.
    pub fn append(&mut self, other: Records) {
        join(&mut self.bookings, other.bookings);
        self.enquiries.append(other.enquiries);
        join(&mut self.website_days, other.website_days);
        join(&mut self.website_months, other.website_months);
        join(&mut self.meetings, other.meetings);
        join(&mut self.staff, other.staff);
        join(&mut self.history, other.history);
        let (register, theirs) = (&mut self.register, other.register);
        join(&mut register.parties, theirs.parties);
        join(&mut register.defaults, theirs.defaults);
        join(&mut register.applicants, theirs.applicants);
        join(&mut register.uep_completions, theirs.uep_completions);
        join(&mut register.tests, theirs.tests);
        join(&mut self.highlights, other.highlights);
        let (cover, theirs) = (&mut self.cover, other.cover);
        join(&mut cover.reference, theirs.reference);
        join(&mut cover.author, theirs.author);
        join(&mut cover.team, theirs.team);
        join(&mut cover.date, theirs.date);
        join(&mut cover.attachments, theirs.attachments);
    }
}

/// `more` after `into`; taken over whole when `into` is empty, as it is for
/// the first file read, so a large file's records are never copied.
fn join<T>(into: &mut Vec<T>, more: Vec<T>) {
    if into.is_empty() {
        *into = more;
    } else {
        into.extend(more);
    }
}

// ----- from timesheets (Table 4)

/// Time one person booked to one driver on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct Booking {
    pub person: String,
    pub date: NaiveDate,
    /// Index into `Template::drivers`.
    pub driver: usize,
    /// The driver as the cell typed it (a name or an alias).
    pub driver_typed: String,
    pub hours: Hours,
    pub activity: Option<String>,
    pub origin: Origin,
    /// The cell the time came from.
    pub cell: Location,
}

// ----- from the staff list (the Effort by person sheet)

/// Whether a person is on the payroll or contracted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Contract {
    Staff,
    Contractor,
}

impl Contract {
    pub fn label(self) -> &'static str {
        match self {
            Contract::Staff => "Staff",
            Contract::Contractor => "Contractor",
        }
    }
}

/// One row of the staff list.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffMember {
    /// As the list types it; matched to the timesheets' names normalised.
    pub name: String,
    pub contract: Contract,
    /// Contracted hours a week, exact.
    pub hours_a_week: Hours,
    /// Pounds a day in whole pence, when the list gives one.
    pub day_rate_pence: Option<i64>,
    pub origin: Origin,
    /// The row's name cell.
    pub cell: Location,
}

// ----- from the helpdesk log (Table 5)

/// One enquiry from the helpdesk log. A running log holds millions, so an
/// enquiry is kept in 36 bytes, its reference text in `Enquiries`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Enquiry {
    pub date: NaiveDate,
    pub telephone: bool,
    /// Index into the template's categories; `None` only for a telephone
    /// enquiry logged without one.
    pub category: Option<u16>,
    /// Where its reference lies in `Enquiries::references`; empty when the
    /// row has none.
    reference: (u32, u32),
    pub origin: Origin,
}

/// The enquiries read, in reading order. Their references share one
/// string: a log of a million rows makes one allocation for them, not a
/// million.
#[derive(Debug, Clone, Default)]
pub struct Enquiries {
    rows: Vec<Enquiry>,
    references: String,
}

impl Enquiries {
    /// Add an enquiry. `category` is an index into the template's helpdesk
    /// categories (the template has at most `u16::MAX` of them).
    pub fn push(
        &mut self,
        date: NaiveDate,
        telephone: bool,
        category: Option<usize>,
        reference: Option<&str>,
        origin: Origin,
    ) {
        let start = self.references.len();
        self.references.push_str(reference.unwrap_or_default());
        let span = match (u32::try_from(start), u32::try_from(self.references.len())) {
            (Ok(start), Ok(end)) => (start, end),
            // Four gigabytes of references: more than any log that can be
            // read whole; the rest are kept without their reference.
            _ => {
                self.references.truncate(start);
                (0, 0)
            }
        };
        self.rows.push(Enquiry {
            date,
            telephone,
            category: category.and_then(|c| u16::try_from(c).ok()),
            reference: span,
            origin,
        });
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Enquiry> {
        self.rows.iter()
    }

    /// The enquiries in reading order, to index into.
    pub fn as_slice(&self) -> &[Enquiry] {
        &self.rows
    }

    /// The enquiry's reference as typed (trimmed); `None` when it has none.
    pub fn reference(&self, enquiry: &Enquiry) -> Option<&str> {
        let (start, end) = enquiry.reference;
        self.references
            .get(start as usize..end as usize)
            .filter(|r| !r.is_empty())
    }

    /// Every enquiry's origin, to renumber sources.
    pub fn origins_mut(&mut self) -> impl Iterator<Item = &mut Origin> {
        self.rows.iter_mut().map(|e| &mut e.origin)
    }

    /// Add another set after these.
    pub fn append(&mut self, other: Enquiries) {
        if self.rows.is_empty() && self.references.is_empty() {
            *self = other;
            return;
        }
        let Enquiries { rows, references } = other;
        let base = self.references.len();
        self.references.push_str(&references);
        let shift = |at: u32| u32::try_from(base + at as usize).ok();
        self.rows.extend(rows.into_iter().map(|mut e| {
            e.reference = shift(e.reference.0)
                .zip(shift(e.reference.1))
                .unwrap_or((0, 0));
            e
        }));
    }
}

// ----- from analytics exports (Table 6)

/// One day of an analytics export.
#[derive(Debug, Clone, PartialEq)]
pub struct DailyFigure {
    pub date: NaiveDate,
    pub visits: Option<u64>,
    pub page_views: Option<u64>,
    pub origin: Origin,
}

/// One month of a hand-kept table.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlyFigure {
    pub month: Month,
    pub visits: Option<u64>,
    pub page_views: Option<u64>,
    pub origin: Origin,
}

// ----- from the meetings log (Table 7)

/// A row of the meetings log.
#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    pub category: Option<String>,
    pub name: String,
    pub dates: Vec<NaiveDate>,
    pub summary: Option<String>,
    /// When filled, decides which month's report the row belongs to.
    pub report_month: Option<Month>,
    /// Safe link addresses (`text::link_problem`), each linking one of the
    /// summary's last lines, in order.
    pub links: Vec<String>,
    pub origin: Origin,
}

// ----- from the membership register (Tables 1-3, Figure 1)

/// A party as the register lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    pub name: String,
    /// Index into the template's party categories.
    pub category: usize,
    /// `None`: the party is its own voting group.
    pub voting_group: Option<String>,
    pub accession: NaiveDate,
    pub exit: Option<Exit>,
    pub origin: Origin,
    pub location: Location,
}

impl Party {
    pub fn exited_by(&self, day: NaiveDate) -> bool {
        self.exit.as_ref().is_some_and(|e| e.date <= day)
    }

    pub fn member_at(&self, day: NaiveDate) -> bool {
        self.accession <= day && !self.exited_by(day)
    }

    pub fn voting_group_key(&self) -> String {
        normalise(self.voting_group.as_deref().unwrap_or(&self.name))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Exit {
    pub date: NaiveDate,
    /// Withdrawal (0) or Expulsion (`template::EXPULSION`).
    pub kind: usize,
    pub reason: Option<String>,
}

/// An event of default.
#[derive(Debug, Clone, PartialEq)]
pub struct DefaultEvent {
    pub party: String,
    pub start: NaiveDate,
    pub resolved: Option<NaiveDate>,
    pub origin: Origin,
    pub location: Location,
}

impl DefaultEvent {
    pub fn open_at(&self, day: NaiveDate) -> bool {
        self.start <= day && self.resolved.is_none_or(|r| r > day)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Applicant {
    pub organisation: String,
    pub category: usize,
    pub board_date: NaiveDate,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UepCompletion {
    pub party: String,
    pub category: Option<usize>,
    /// Indexes into the template's DCC User roles, in the order written.
    pub roles: Vec<usize>,
    pub date: NaiveDate,
    pub uep_type: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TestCompletion {
    pub party: String,
    /// SREPT (0) or UEPT (`template::UEPT`).
    pub test: usize,
    pub date: NaiveDate,
    pub role: Option<String>,
    pub origin: Origin,
}

/// Everything read from the membership register.
#[derive(Debug, Default)]
pub struct Register {
    pub parties: Vec<Party>,
    pub defaults: Vec<DefaultEvent>,
    pub applicants: Vec<Applicant>,
    pub uep_completions: Vec<UepCompletion>,
    pub tests: Vec<TestCompletion>,
}

// ----- from earlier reports (history for Tables 3, 5 and 6)

/// The tables that look back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RollingTable {
    PartyStatistics,
    HelpdeskEmails,
    WebsiteStatistics,
}

impl RollingTable {
    pub fn name(self) -> &'static str {
        match self {
            RollingTable::PartyStatistics => "Table 3",
            RollingTable::HelpdeskEmails => "Table 5",
            RollingTable::WebsiteStatistics => "Table 6",
        }
    }

    /// The fixed rows of Tables 3 and 6 (Table 5's are the categories).
    pub fn rows(self) -> &'static [&'static str] {
        match self {
            RollingTable::PartyStatistics => {
                &["Accessions", "In Default", "Withdrawals", "Expulsions"]
            }
            RollingTable::WebsiteStatistics => &["Visits", "Page Views"],
            RollingTable::HelpdeskEmails => &[],
        }
    }
}

/// One figure of a previous report.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryValue {
    pub table: RollingTable,
    pub row: String,
    pub month: Month,
    pub value: u64,
    pub location: Location,
}

/// A previous report's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryReport {
    pub file: String,
    /// The month it reported on, if its Summary says.
    pub month: Option<Month>,
    pub values: Vec<HistoryValue>,
    /// Table 4's earlier months, from its "carried forward" sheet: month,
    /// driver (index into `Template::drivers`) and the hours it stood for.
    pub effort: Vec<(Month, usize, Hours)>,
}

/// The paper notes' Cover sheet: each field as every row gave it (one is
/// expected; `report::paper` says when there are more), and the
/// attachments in order.
#[derive(Debug, Default)]
pub struct CoverNotes {
    pub reference: Vec<(String, Origin)>,
    pub author: Vec<(String, Origin)>,
    pub team: Vec<(String, Origin)>,
    pub date: Vec<(NaiveDate, Origin)>,
    pub attachments: Vec<String>,
}

/// One highlight: a bullet (level 1), a bullet under it (2) or a paragraph
/// (0), under a section of the template's `[paper.highlights]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    pub section: usize,
    pub level: u8,
    pub text: String,
}
