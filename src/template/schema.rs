//! The input kinds read from a header row, each declared once: its columns
//! (roles), which of them it cannot do without, what each holds, a line
//! saying what goes in it and an example. Header recognition, `opsreport
//! inspect`, the blank workbooks and the README's table of inputs are made
//! from these declarations; the header spellings are the template's data
//! (`[headers.<section>]`), merged in when the template is checked.
//!
//! A role is an enum variant: a misspelt one does not compile.
//!
//! ```
//! use opsreport::template::schema::Role;
//! assert_eq!(Role::Received.key(), "received");
//! ```
//!
//! ```compile_fail
//! // "Recieved": no such role, so no such column, and no build.
//! let _ = opsreport::template::schema::Role::Recieved;
//! ```

/// Declares `Role`, each role's key in the template's `[headers.*]`
/// sections written once beside its variant.
macro_rules! roles {
    ($($(#[$doc:meta])* $variant:ident = $key:literal,)*) => {
        /// A column some input kind reads, by what it holds. Roles order as
        /// their keys do (so a header's columns list alphabetically).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Role {
            $($(#[$doc])* $variant,)*
        }

        impl Role {
            /// Every role, in declaration order.
            pub const ALL: &'static [Role] = &[$(Role::$variant,)*];

            /// Its key in the template's `[headers.<section>]`, and its name
            /// in messages and `opsreport inspect` (with spaces for `_`).
            pub fn key(self) -> &'static str {
                match self {
                    $(Role::$variant => $key,)*
                }
            }
        }
    };
}

roles! {
    Date = "date",
    Staff = "staff",
    FirstName = "first_name",
    LastName = "last_name",
    Driver = "driver",
    Project = "project",
    Task = "task",
    Account = "account",
    Epic = "epic",
    Component = "component",
    Hours = "hours",
    Days = "days",
    Seconds = "seconds",
    TimeSpent = "time_spent",
    Activity = "activity",
    Received = "received",
    Channel = "channel",
    Category = "category",
    Mailbox = "mailbox",
    Group = "group",
    Tags = "tags",
    Reference = "reference",
    Subject = "subject",
    Visits = "visits",
    PageViews = "page_views",
    Month = "month",
    Party = "party",
    VotingGroup = "voting_group",
    AccessionDate = "accession_date",
    ExitDate = "exit_date",
    ExitType = "exit_type",
    ExitReason = "exit_reason",
    DefaultDate = "default_date",
    ResolvedDate = "resolved_date",
    Organisation = "organisation",
    BoardDate = "board_date",
    /// A UEP completion's DCC User roles (several in one cell).
    Roles = "roles",
    CompletionDate = "completion_date",
    UepType = "uep_type",
    Test = "test",
    /// The DCC User role a test was for.
    UserRole = "role",
    Meeting = "meeting",
    Dates = "dates",
    Summary = "summary",
    ReportMonth = "report_month",
    Link = "link",
    Author = "author",
    Team = "team",
    Attachment = "attachment",
    Section = "section",
    Level = "level",
    Text = "text",
    Name = "name",
    Contract = "contract",
    HoursAWeek = "hours_a_week",
    DayRate = "day_rate",
}

impl Ord for Role {
    fn cmp(&self, other: &Role) -> std::cmp::Ordering {
        self.key().cmp(other.key())
    }
}

impl PartialOrd for Role {
    fn partial_cmp(&self, other: &Role) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Role {
    /// `page views`: the key as a person reads it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.key().replace('_', " "))
    }
}

/// What a column holds: its format in a blank workbook, and what the
/// reader accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    Text,
    /// A date, day first.
    Date,
    /// One date or several, separated by commas, typed as text.
    Dates,
    /// A month (`Oct 2019`, `2019-10` or a date in it).
    Month,
    /// Hours: a number (`7.5`) or a duration (`7:30`).
    Hours,
    /// Days: a number.
    Days,
    /// A whole number.
    Count,
    /// Pounds: a number.
    Money,
    /// One of the names of a template list.
    Pick(Names),
    /// Names of a template list, several allowed (comma-separated).
    PickMany(Names),
}

/// The template's lists of names a column picks from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Names {
    Drivers,
    Categories,
    Channels,
    Mailboxes,
    PartyCategories,
    Roles,
    ExitTypes,
    Tests,
    MeetingCategories,
    HighlightSections,
    Contracts,
}

/// The example a blank workbook's Instructions sheet gives for a column.
/// Every date and month is in the month the blanks are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Example {
    /// An empty cell.
    Empty,
    /// Text as typed; `{year}` stands for the report month's year.
    Text(&'static str),
    /// The first weekday of the report month on or after this day.
    Day(u32),
    /// The report month as a month cell shows it (`Oct 2019`).
    Month,
    /// The first name of the column's list.
    First,
}

/// One column of an input kind.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub role: Role,
    pub content: Content,
    /// What goes in it, in a line. In a blank workbook `{example}` stands for
    /// the example as typed, `{example_long}` for an example date in words
    /// (`4 October 2019`) and `{month}` for the report month (`2019-10`).
    pub what: &'static str,
    pub example: Example,
}

/// Which columns an input kind's blank workbook has.
#[derive(Debug, Clone, Copy)]
pub enum Blank {
    /// No blank: the kind comes from elsewhere (an export, a list).
    None,
    /// Every column, in order.
    All,
    /// These, in this order.
    Only(&'static [Role]),
}

/// An input kind recognised by its header row.
#[derive(Debug)]
pub struct Input {
    /// Its header spellings' section: `[headers.<section>]`.
    pub section: &'static str,
    /// What one row is.
    pub row: &'static str,
    /// In the order a header row's cells are claimed: each role takes the
    /// cell of its earliest-listed spelling that no earlier role took.
    pub columns: &'static [Column],
    /// The groups a header must meet, each by any one of its roles.
    pub required: &'static [&'static [Role]],
    /// The role distinctive enough that a header having it but missing a
    /// required group is reported; `None` where a partial header of this
    /// kind is too common to report.
    pub key: Option<Role>,
    pub blank: Blank,
}

/// Whether a column is needed: on its own, as one of a group, or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Required,
    /// One of the group's roles is required.
    OneOf(&'static [Role]),
    Optional,
}

impl Input {
    /// The column of a role, if this kind reads it.
    pub fn column(&self, role: Role) -> Option<&Column> {
        self.columns.iter().find(|c| c.role == role)
    }

    /// Whether a role is required, one of a required group, or optional.
    pub fn need(&self, role: Role) -> Need {
        match self.required.iter().find(|group| group.contains(&role)) {
            Some([_]) => Need::Required,
            Some(group) => Need::OneOf(group),
            None => Need::Optional,
        }
    }

    /// The blank workbook's columns, in order.
    pub fn blank_columns(&self) -> Vec<&Column> {
        match self.blank {
            Blank::None => Vec::new(),
            Blank::All => self.columns.iter().collect(),
            Blank::Only(roles) => roles.iter().filter_map(|r| self.column(*r)).collect(),
        }
    }
}

const fn col(role: Role, content: Content, what: &'static str, example: Example) -> Column {
    Column {
        role,
        content,
        what,
        example,
    }
}

use Content::{Count, Date, Dates, Days, Hours, Money, Pick, PickMany, Text};
use Example::{Day, Empty, First};

/// Every input kind with a header row, in order of preference when two
/// match a sheet equally well.
pub const INPUTS: [&Input; 13] = [
    &TIMESHEET,
    &STAFF,
    &HELPDESK,
    &WEBSITE_DAILY,
    &WEBSITE_MONTHLY,
    &PARTIES,
    &EVENTS_OF_DEFAULT,
    &APPLICANTS,
    &UEP_COMPLETIONS,
    &TESTING,
    &MEETINGS,
    &COVER,
    &HIGHLIGHTS,
];

/// The long-layout timesheet, and the time trackers' and worklogs' exports.
pub const TIMESHEET: Input = Input {
    section: "timesheet",
    row: "one person's time on one driver on one day",
    columns: &[
        col(
            Role::Date,
            Date,
            "A date, day first: {example} is {example_long}.",
            Day(4),
        ),
        col(
            Role::FirstName,
            Text,
            "With Last Name, the person, where there is no one name column.",
            Example::Text("Ann"),
        ),
        col(
            Role::LastName,
            Text,
            "With First Name, the person.",
            Example::Text("Lee"),
        ),
        col(
            Role::Staff,
            Text,
            "The person, spelt the same way in every file.",
            Example::Text("Ann Lee"),
        ),
        col(
            Role::Driver,
            Pick(Names::Drivers),
            "The budget driver the time is booked to: pick it from the drop-down.",
            First,
        ),
        col(
            Role::Account,
            Text,
            "A worklog's account, naming the driver directly or through its aliases.",
            Empty,
        ),
        col(
            Role::Epic,
            Text,
            "A worklog's epic, naming the driver directly or through its aliases.",
            Empty,
        ),
        col(
            Role::Component,
            Text,
            "A worklog's component, naming the driver directly or through its aliases.",
            Empty,
        ),
        col(
            Role::Project,
            Text,
            "A time tracker's project, naming the driver directly or through its aliases.",
            Empty,
        ),
        col(
            Role::Task,
            Text,
            "A time tracker's task, naming the driver where the project does not.",
            Empty,
        ),
        col(
            Role::Hours,
            Hours,
            "Hours worked: a number (7.5) or a duration (7:30).",
            Example::Text("7.5"),
        ),
        col(
            Role::Days,
            Days,
            "Days worked: a number.",
            Example::Text("1"),
        ),
        col(
            Role::Seconds,
            Count,
            "A worklog's time spent in seconds.",
            Example::Text("27000"),
        ),
        col(
            Role::TimeSpent,
            Text,
            "A worklog's time spent as Jira writes it (1h 30m).",
            Example::Text("7h 30m"),
        ),
        col(
            Role::Activity,
            Text,
            "Optional: what was done. Kept in the audit detail only.",
            Example::Text("Release checks"),
        ),
    ],
    required: &[
        &[Role::Date],
        &[Role::Staff, Role::FirstName],
        &[
            Role::Driver,
            Role::Account,
            Role::Epic,
            Role::Component,
            Role::Project,
            Role::Task,
        ],
        &[Role::Hours, Role::Days, Role::Seconds, Role::TimeSpent],
    ],
    key: Some(Role::Driver),
    blank: Blank::Only(&[
        Role::Date,
        Role::Staff,
        Role::Driver,
        Role::Hours,
        Role::Activity,
    ]),
};

/// The staff list: early in `INPUTS`, so that a sheet that is fully a
/// staff list and as much another kind goes to the list; a header only near
/// several kinds (a lone "Name") is still named after the later one, as
/// before the list was read (`explain_unrecognised` keeps the last of
/// equals).
pub const STAFF: Input = Input {
    section: "staff",
    row: "one person: their contract, contracted hours a week and day rate",
    columns: &[
        col(
            Role::Name,
            Text,
            "The person, named as the timesheets name them.",
            Example::Text("Ann Lee"),
        ),
        col(
            Role::Contract,
            Pick(Names::Contracts),
            "Staff or Contractor.",
            First,
        ),
        col(
            Role::HoursAWeek,
            Hours,
            "Contracted hours a week: a number.",
            Example::Text("37.5"),
        ),
        col(
            Role::DayRate,
            Money,
            "Optional: the day rate in pounds.",
            Example::Text("450"),
        ),
    ],
    required: &[&[Role::Name], &[Role::Contract], &[Role::HoursAWeek]],
    key: Some(Role::HoursAWeek),
    blank: Blank::None,
};

/// The helpdesk log, and helpdesk systems' and mail traces' exports.
pub const HELPDESK: Input = Input {
    section: "helpdesk",
    row: "one enquiry",
    columns: &[
        col(
            Role::Received,
            Date,
            "The date it arrived, day first ({example}).",
            Day(4),
        ),
        col(
            Role::Category,
            Pick(Names::Categories),
            "The enquiry's category, as Table 5 lists them.",
            Example::Text("Modifications"),
        ),
        col(
            Role::Channel,
            Pick(Names::Channels),
            "How it came in. Empty means email.",
            First,
        ),
        col(
            Role::Mailbox,
            Pick(Names::Mailboxes),
            "Optional: the mailbox it came to. A mailbox of one category fills an empty \
             Category.",
            First,
        ),
        col(
            Role::Group,
            Text,
            "A helpdesk system's ticket group, routed to a category by the template's \
             helpdesk_routes.",
            Empty,
        ),
        col(
            Role::Tags,
            Text,
            "A helpdesk system's ticket tags, routed to a category by the template's \
             helpdesk_routes.",
            Empty,
        ),
        col(
            Role::Reference,
            Text,
            "Optional: the enquiry's reference.",
            Example::Text("HD-{year}-0001"),
        ),
        col(
            Role::Subject,
            Text,
            "Optional: the subject. Kept for the audit only.",
            Example::Text("Change of contacts"),
        ),
    ],
    // A helpdesk system's export has no category: its group, tags or
    // mailbox route to one (template `helpdesk_routes`).
    required: &[
        &[Role::Received],
        &[Role::Category, Role::Group, Role::Tags, Role::Mailbox],
    ],
    key: Some(Role::Category),
    blank: Blank::Only(&[
        Role::Reference,
        Role::Received,
        Role::Channel,
        Role::Mailbox,
        Role::Category,
        Role::Subject,
    ]),
};

/// Daily figures from an analytics export.
pub const WEBSITE_DAILY: Input = Input {
    section: "website_daily",
    row: "one day's figures from the analytics tool",
    columns: &[
        col(Role::Date, Date, "The day.", Day(4)),
        col(
            Role::Visits,
            Count,
            "Visits (sessions) that day, a whole number.",
            Example::Text("296"),
        ),
        col(
            Role::PageViews,
            Count,
            "Page views that day, a whole number.",
            Example::Text("1595"),
        ),
    ],
    required: &[&[Role::Date], &[Role::Visits, Role::PageViews]],
    // Analytics exports carry summary tables of the same measures without
    // dates; those are not near misses.
    key: None,
    blank: Blank::None,
};

/// A hand-kept monthly table of website figures.
pub const WEBSITE_MONTHLY: Input = Input {
    section: "website_monthly",
    row: "one month's figures from the analytics tool",
    columns: &[
        col(
            Role::Month,
            Content::Month,
            "The month: {example} or {month}. One row per month.",
            Example::Month,
        ),
        col(
            Role::Visits,
            Count,
            "Visits (sessions) in the month, a whole number.",
            Example::Text("8883"),
        ),
        col(
            Role::PageViews,
            Count,
            "Page views in the month, a whole number.",
            Example::Text("47841"),
        ),
    ],
    required: &[&[Role::Month], &[Role::Visits, Role::PageViews]],
    key: Some(Role::Month),
    blank: Blank::All,
};

/// The membership register's Parties.
pub const PARTIES: Input = Input {
    section: "parties",
    row: "one Party to the Code, kept after it leaves",
    columns: &[
        col(
            Role::Party,
            Text,
            "The Party's name.",
            Example::Text("Alpha Energy Ltd"),
        ),
        col(
            Role::Category,
            Pick(Names::PartyCategories),
            "Its party category.",
            First,
        ),
        col(
            Role::VotingGroup,
            Text,
            "Empty when the Party is its own Voting Group; else the group's name.",
            Empty,
        ),
        col(
            Role::AccessionDate,
            Date,
            "The date it acceded to the Code, day first.",
            Day(4),
        ),
        col(
            Role::ExitDate,
            Date,
            "Empty while it is a Party; else the date it left.",
            Empty,
        ),
        col(
            Role::ExitType,
            Pick(Names::ExitTypes),
            "How it left (with the Exit Date).",
            Empty,
        ),
        col(
            Role::ExitReason,
            Text,
            "For an expulsion: the reason, as Table 3's footnote should word it.",
            Empty,
        ),
    ],
    required: &[&[Role::Party], &[Role::Category], &[Role::AccessionDate]],
    key: Some(Role::AccessionDate),
    blank: Blank::All,
};

/// The membership register's Events of Default.
pub const EVENTS_OF_DEFAULT: Input = Input {
    section: "events_of_default",
    row: "one event of default",
    columns: &[
        col(
            Role::Party,
            Text,
            "The Party in default, named as on the Parties sheet.",
            Example::Text("Alpha Energy Ltd"),
        ),
        col(
            Role::DefaultDate,
            Date,
            "The date of the default, day first.",
            Day(5),
        ),
        col(
            Role::ResolvedDate,
            Date,
            "Empty while it is open; else the date it was resolved.",
            Empty,
        ),
    ],
    required: &[&[Role::Party], &[Role::DefaultDate]],
    key: Some(Role::DefaultDate),
    blank: Blank::All,
};

/// The membership register's applicants (Table 1).
pub const APPLICANTS: Input = Input {
    section: "applicants",
    row: "one applicant going to the SECCo Board (Table 1)",
    columns: &[
        col(
            Role::Organisation,
            Text,
            "The applicant's name.",
            Example::Text("Beta Ltd"),
        ),
        col(
            Role::Category,
            Pick(Names::PartyCategories),
            "The party category it applies for.",
            First,
        ),
        col(
            Role::BoardDate,
            Date,
            "The SECCo Board meeting that admits it, day first.",
            Day(15),
        ),
    ],
    required: &[&[Role::Organisation], &[Role::Category], &[Role::BoardDate]],
    key: Some(Role::BoardDate),
    blank: Blank::All,
};

/// The membership register's UEP completions (Table 2).
pub const UEP_COMPLETIONS: Input = Input {
    section: "uep_completions",
    row: "one completion of User Entry Processes (Table 2)",
    columns: &[
        col(
            Role::Party,
            Text,
            "The Party that completed UEP.",
            Example::Text("Alpha Energy Ltd"),
        ),
        col(
            Role::Category,
            Pick(Names::PartyCategories),
            "Its party category.",
            First,
        ),
        col(
            Role::Roles,
            PickMany(Names::Roles),
            "Its DCC User role, or several separated by commas.",
            First,
        ),
        col(
            Role::CompletionDate,
            Date,
            "The date UEP was completed, day first.",
            Day(20),
        ),
        col(
            Role::UepType,
            Text,
            "Optional: the kind of UEP.",
            Example::Text("Full UEP"),
        ),
    ],
    required: &[&[Role::Party], &[Role::Roles], &[Role::CompletionDate]],
    key: Some(Role::Roles),
    blank: Blank::All,
};

/// The membership register's SREPT and UEPT completions.
pub const TESTING: Input = Input {
    section: "testing",
    row: "one SREPT or UEPT completion (section 1's counts)",
    columns: &[
        col(
            Role::Party,
            Text,
            "The Party tested.",
            Example::Text("Alpha Energy Ltd"),
        ),
        col(Role::Test, Pick(Names::Tests), "The test completed.", First),
        col(
            Role::CompletionDate,
            Date,
            "The date it was completed, day first.",
            Day(21),
        ),
        col(
            Role::UserRole,
            Pick(Names::Roles),
            "Optional: the DCC User role tested.",
            First,
        ),
    ],
    required: &[&[Role::Party], &[Role::Test], &[Role::CompletionDate]],
    key: Some(Role::Test),
    blank: Blank::All,
};

/// The meetings log (Table 7).
pub const MEETINGS: Input = Input {
    section: "meetings",
    row: "one meeting (or one series of meetings in the month)",
    columns: &[
        col(
            Role::Category,
            Pick(Names::MeetingCategories),
            "Table 7's group. Fill it on a group's first meeting; an empty cell below \
             continues it.",
            First,
        ),
        col(
            Role::Meeting,
            Text,
            "The meeting, as Table 7 names it.",
            Example::Text("SEC Panel"),
        ),
        col(
            Role::Dates,
            Dates,
            "Its date, or several separated by commas, day first.",
            Day(15),
        ),
        col(
            Role::Summary,
            Text,
            "What Table 7 should say of it.",
            Example::Text("The Panel's regular monthly meeting."),
        ),
        col(
            Role::ReportMonth,
            Content::Month,
            "Optional: the report it belongs to, when not the month of its first date.",
            Empty,
        ),
        col(
            Role::Link,
            Text,
            "Optional: the address of each meeting headlines line the summary ends with, one \
             a line (https://…); each links one of those lines in the paper.",
            Empty,
        ),
    ],
    required: &[&[Role::Meeting], &[Role::Dates]],
    key: Some(Role::Meeting),
    blank: Blank::All,
};

/// The paper notes' Cover sheet.
pub const COVER: Input = Input {
    section: "cover",
    row: "the paper's details on the first row; one attachment a row",
    columns: &[
        col(
            Role::Reference,
            Text,
            "The paper's reference as the Panel numbers it, on the first row: its meeting's \
             number and date in place of NN_DDMM_YY.",
            Example::Text("SECP_NN_DDMM_YY"),
        ),
        col(
            Role::Author,
            Text,
            "Who writes the paper, on the first row.",
            Example::Text("Holly Burton"),
        ),
        col(
            Role::Team,
            Text,
            "Optional: the author's team.",
            Example::Text("SECAS Team"),
        ),
        col(
            Role::Date,
            Date,
            "Optional: the paper's date, day first (the day it is sent, usually early in the \
             month after the report's).",
            Empty,
        ),
        col(
            Role::Attachment,
            Text,
            "One attachment a row, as the cover lists it.",
            Example::Text("Appendix A – Testing Update SREPT (AMBER)"),
        ),
    ],
    required: &[&[Role::Reference], &[Role::Author]],
    key: Some(Role::Reference),
    blank: Blank::All,
};

/// The paper notes' Highlights sheet.
pub const HIGHLIGHTS: Input = Input {
    section: "highlights",
    row: "one highlight: a bullet, a bullet under it, or a paragraph",
    columns: &[
        col(
            Role::Section,
            Pick(Names::HighlightSections),
            "The section it goes under: pick it from the drop-down.",
            First,
        ),
        col(
            Role::Level,
            Count,
            "1 a bullet (the default), 2 a bullet under the one above, 0 a paragraph without \
             a bullet.",
            Example::Text("1"),
        ),
        col(
            Role::Text,
            Text,
            "The highlight, as the paper should say it.",
            Example::Text("Six new versions of the Central Products List were published."),
        ),
    ],
    required: &[&[Role::Section], &[Role::Text]],
    // "Section" and "Text" head many sheets: no near miss.
    key: None,
    blank: Blank::All,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_names_a_role_once_and_requires_only_its_own() {
        for input in INPUTS {
            for (i, column) in input.columns.iter().enumerate() {
                assert!(
                    !input.columns[..i].iter().any(|c| c.role == column.role),
                    "{}: {} twice",
                    input.section,
                    column.role
                );
            }
            let named = |role: &Role| input.column(*role).is_some();
            assert!(
                input.required.iter().flat_map(|g| g.iter()).all(named),
                "{}",
                input.section
            );
            assert!(input.key.iter().all(named), "{}", input.section);
            if let Blank::Only(roles) = input.blank {
                assert!(roles.iter().all(named), "{}", input.section);
            }
        }
    }

    #[test]
    fn role_keys_are_distinct() {
        for (i, role) in Role::ALL.iter().enumerate() {
            assert!(
                !Role::ALL[..i].iter().any(|r| r.key() == role.key()),
                "{role}"
            );
        }
    }
}
