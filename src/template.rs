//! The report definition (`templates/operations-report.toml`) as closed serde
//! types, checked before any workbook is read: drivers and their groups,
//! helpdesk categories, channels, mailboxes, table titles, header synonyms.
//! A misspelt key fails at start with the valid keys (serde's
//! `deny_unknown_fields`, and for the header spellings of each input kind,
//! that kind's schema in `schema`); a driver naming an unknown group, or one
//! alias claimed by two names, fails with the reason.

pub mod schema;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::text::{did_you_mean, normalise, normalise_into};
use schema::{Input, Role};

/// The template shipped with the binary, used when `--template` is not given.
pub const BUILTIN: &str = include_str!("../templates/operations-report.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateFile {
    pub report: ReportSettings,
    pub driver_groups: Vec<String>,
    pub drivers: Vec<DriverEntry>,
    pub helpdesk_categories: Vec<CategoryEntry>,
    pub helpdesk_channels: Channels,
    pub mailboxes: Vec<Mailbox>,
    /// Optional: only a team whose helpdesk system has no category column
    /// needs routes.
    #[serde(default)]
    pub helpdesk_routes: Vec<HelpdeskRoute>,
    pub party_categories: Vec<CategoryEntry>,
    pub dcc_user_roles: Vec<CategoryEntry>,
    pub exit_types: ExitTypes,
    pub test_types: TestTypes,
    pub expulsion_footnote: ExpulsionFootnote,
    pub meetings: MeetingsSettings,
    #[serde(default)]
    pub tables: Tables,
    pub noise: Noise,
    pub headers: Headers,
    /// The Word draft's headings and sentences. Optional in a template, so
    /// that one written before the draft existed still loads (the built-in
    /// wording is used).
    #[serde(default)]
    pub paper: Option<Paper>,
    /// Optional: what the blank workbooks (`opsreport templates`) offer
    /// beyond the names the reader needs.
    #[serde(default)]
    pub blanks: Blanks,
    /// Optional: files and sheets the team leaves out of the report on
    /// purpose, month after month (`[exclude]`).
    #[serde(default)]
    pub exclude: ExcludeEntries,
    /// Optional: Table 4 as finance checks it (its rounding note).
    #[serde(default)]
    pub finance: Finance,
}

/// Table 4 as finance checks it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finance {
    /// The note under Table 4 when its rounded drivers do not add to its
    /// Grand Total, with `{drivers}` and `{total}`.
    #[serde(default = "Finance::default_rounding_note")]
    pub rounding_note: String,
    /// Bank holidays (`2019-04-19`), flagged on the Effort bookings sheet.
    #[serde(default)]
    pub bank_holidays: Vec<String>,
    /// The month the team's year starts (4: April), for Table 4's year to
    /// date.
    #[serde(default = "Finance::default_year_starts")]
    pub year_starts: u32,
    /// Days a year budgeted per driver, by the driver's name; optional.
    #[serde(default)]
    pub budget: std::collections::BTreeMap<String, f64>,
    /// The staff list's Staff or Contractor column: the spellings of each.
    #[serde(default)]
    pub contracts: Contracts,
}

/// How the staff list may spell a person's contract.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contracts {
    pub staff: Vec<String>,
    pub contractor: Vec<String>,
}

impl Default for Contracts {
    fn default() -> Contracts {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        Contracts {
            staff: names(&["Employee", "Permanent", "Perm", "Staff member"]),
            contractor: names(&["Contract", "Consultant", "Interim", "Freelance"]),
        }
    }
}

impl Finance {
    fn default_year_starts() -> u32 {
        4
    }

    /// The bank holidays as dates, or the first that is not one.
    pub fn bank_holiday_dates(&self) -> Result<std::collections::BTreeSet<chrono::NaiveDate>> {
        self.bank_holidays
            .iter()
            .map(|text| {
                chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").with_context(|| {
                    format!("finance.bank_holidays: \"{text}\" is not a date; expected YYYY-MM-DD, such as 2019-04-19")
                })
            })
            .collect()
    }

    fn default_rounding_note() -> String {
        "Figures are rounded to the nearest day, so the drivers add to {drivers} against a Grand Total of {total}.".into()
    }
}

impl Finance {
    /// Its bank holidays are dates, its year starts in a month, its budget
    /// names drivers, and its rounding note has its placeholders.
    fn check(&self, drivers: &[DriverEntry]) -> Result<()> {
        self.bank_holiday_dates()?;
        if !(1..=12).contains(&self.year_starts) {
            bail!(
                "finance.year_starts is {}; expected the number of the year's first month, 1 to 12 (4 for April)",
                self.year_starts
            );
        }
        for (driver, days) in &self.budget {
            if !drivers
                .iter()
                .any(|d| normalise(&d.name) == normalise(driver))
            {
                bail!("finance.budget names \"{driver}\", which is not a driver");
            }
            if !days.is_finite() || *days < 0.0 {
                bail!("finance.budget: \"{driver}\" has {days} days; expected 0 or more");
            }
        }
        for placeholder in ["{drivers}", "{total}"] {
            if !self.rounding_note.contains(placeholder) {
                bail!("finance.rounding_note must contain {placeholder}");
            }
        }
        Ok(())
    }
}

impl Contracts {
    /// Staff (`STAFF`) or Contractor (`CONTRACTOR`), with their spellings.
    fn list(&self) -> Result<NameList> {
        build_list(
            "staff or contractor",
            &[
                ("Staff".to_string(), self.staff.clone()),
                ("Contractor".to_string(), self.contractor.clone()),
            ],
        )
    }
}

impl Default for Finance {
    fn default() -> Finance {
        Finance {
            rounding_note: Finance::default_rounding_note(),
            bank_holidays: Vec::new(),
            year_starts: Finance::default_year_starts(),
            budget: Default::default(),
            contracts: Contracts::default(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blanks {
    /// The meetings log's usual categories, offered by its Category
    /// drop-down (the reader takes any category).
    #[serde(default)]
    pub meeting_categories: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSettings {
    pub title: String,
    pub classification: String,
    pub hours_per_day: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DriverEntry {
    pub name: String,
    pub group: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryEntry {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channels {
    pub email: Vec<String>,
    pub telephone: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExitTypes {
    pub withdrawal: Vec<String>,
    pub expulsion: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestTypes {
    pub srept: Vec<String>,
    pub uept: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingsSettings {
    pub modification_prefixes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpulsionFootnote {
    /// With `{parties}`, `{verb}` and `{reason}`.
    pub sentence: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mailbox {
    pub address: String,
    pub category: Option<String>,
}

/// A route to a helpdesk category for an enquiry whose category is blank
/// or whose export has no category column (Zendesk, Freshdesk, an Exchange
/// message trace): the first route whose column holds its value decides.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelpdeskRoute {
    pub field: RouteField,
    pub value: String,
    pub category: String,
}

/// Which column of a helpdesk export a route looks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RouteField {
    /// The group or team the ticket was assigned to.
    Group,
    /// Any one of the ticket's tags (separated by commas or spaces).
    Tag,
    /// The address the enquiry was sent to.
    Mailbox,
}

impl RouteField {
    pub fn label(self) -> &'static str {
        match self {
            RouteField::Group => "group",
            RouteField::Tag => "tag",
            RouteField::Mailbox => "mailbox",
        }
    }
}

/// `[tables]`: each table's sheet name and caption (`[tables.<name>]`),
/// by its name in the report's registry (`report::tables::TABLES`). The
/// built-in template names every table of the registry (a test there
/// checks it); a template's own `[tables]` names only tables the built-in
/// one does, and a table it leaves out keeps the built-in entry, as a
/// `[headers.<section>]` does.
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub struct Tables(BTreeMap<String, TableTitle>);

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableTitle {
    pub sheet: String,
    pub caption: String,
    /// How the paper prints a name in this table, by its canonical name
    /// (`"Other SEC Parties" = "Other SEC Party"`): the draft prints the
    /// label, the data and the CSV keep the canonical name.
    #[serde(default)]
    pub labels: std::collections::BTreeMap<String, String>,
}

impl TableTitle {
    /// `name` as this table prints it.
    pub fn label<'a>(&'a self, name: &'a str) -> &'a str {
        self.labels.get(name).map_or(name, String::as_str)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Noise {
    pub total_labels: Vec<String>,
    pub list_sheets: Vec<String>,
}

/// `[headers]`: the weekly grid's labels, and each input kind's header
/// spellings by role (`[headers.<section>]`), checked against the kind's
/// schema when the template is (`Spellings`).
#[derive(Debug, Deserialize)]
pub struct Headers {
    pub weekly_grid: WeeklyGridHeaders,
    #[serde(flatten)]
    pub kinds: toml::Table,
}

/// The Word draft's wording (`[paper]`): headings, and sentences with
/// placeholders for the figures (`render::wording`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paper {
    pub title: String,
    pub purpose_heading: String,
    pub purpose: String,
    pub recommendation_heading: String,
    pub recommendation: String,
    pub action: String,
    pub classification: String,
    pub footer: String,
    pub market: PaperMarket,
    pub highlights: PaperHighlights,
    pub effort: PaperSection,
    pub helpdesk: PaperHelpdesk,
    pub website: PaperWebsite,
    pub meetings: PaperSection,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaperMarket {
    pub heading: String,
    pub intro: String,
    pub intro_bullets: Vec<String>,
    pub accessions_heading: String,
    pub accessions: String,
    pub accessions_none: Option<String>,
    pub default_heading: String,
    pub default: String,
    pub default_none: Option<String>,
    pub exit_heading: String,
    pub exit: String,
    pub exit_none: Option<String>,
    /// The exit sentence when parties were expelled in the month.
    #[serde(default)]
    pub exit_expelled: Option<String>,
    pub uep_heading: String,
    pub uep: String,
    pub uep_none: Option<String>,
    pub testing_heading: String,
    pub srept_heading: String,
    pub srept: String,
    pub srept_none: Option<String>,
    pub uept_heading: String,
    pub uept: String,
    pub uept_none: Option<String>,
    pub membership_heading: String,
    pub membership: String,
    pub membership_bullets: Vec<String>,
    pub parties: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaperHighlights {
    pub heading: String,
    pub placeholder: String,
    pub sections: Vec<HighlightSection>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HighlightSection {
    pub name: String,
    pub heading: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Where its text goes: the highlights section (default) or `website`.
    #[serde(default)]
    pub place: HighlightPlace,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HighlightPlace {
    #[default]
    Highlights,
    Website,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaperSection {
    pub heading: String,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaperHelpdesk {
    pub heading: String,
    pub text: String,
    pub table: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaperWebsite {
    pub heading: String,
    pub text: String,
    pub footnotes: Vec<String>,
}

/// The built-in template's wording, for a template that has none.
#[derive(Deserialize)]
struct BuiltinPaper {
    paper: Paper,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeeklyGridHeaders {
    pub staff_label: Vec<String>,
    pub week_label: Vec<String>,
    pub driver: Vec<String>,
    pub weekdays: Vec<Vec<String>>,
}

/// A closed list of names (drivers, categories) that resolves what a person
/// typed in a cell to the name's index, by the name itself or an alias.
#[derive(Debug)]
pub struct NameList {
    pub names: Vec<String>,
    lookup: HashMap<String, (usize, bool)>,
    /// Each name and alias spelt exactly as in the template, with what it
    /// resolves to: most cells are typed that way, and need no normalising.
    verbatim: HashMap<String, (usize, bool)>,
}

/// How a typed name resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    /// The report's own name (case and spacing aside).
    Exact(usize),
    /// An alias listed in the template.
    Alias(usize),
}

impl Resolved {
    pub fn index(self) -> usize {
        match self {
            Resolved::Exact(i) | Resolved::Alias(i) => i,
        }
    }
}

impl NameList {
    /// Build from `(name, aliases)` pairs in report order.
    pub fn build(what: &str, entries: &[(&str, &[String])]) -> Result<Self> {
        let mut list = NameList {
            names: Vec::new(),
            lookup: HashMap::new(),
            verbatim: HashMap::new(),
        };
        for (index, (name, _)) in entries.iter().enumerate() {
            list.names.push(name.to_string());
            list.add(what, name, index, false)?;
        }
        for (index, (_, aliases)) in entries.iter().enumerate() {
            for alias in aliases.iter() {
                list.add(what, alias, index, true)?;
            }
        }
        for (name, aliases) in entries {
            for spelling in std::iter::once(*name).chain(aliases.iter().map(String::as_str)) {
                if let Some(&resolved) = list.lookup.get(&normalise(spelling)) {
                    list.verbatim.insert(spelling.to_string(), resolved);
                }
            }
        }
        Ok(list)
    }

    fn add(&mut self, what: &str, spelling: &str, index: usize, alias: bool) -> Result<()> {
        let key = normalise(spelling);
        if key.is_empty() {
            bail!("the template has an empty {what} name or alias");
        }
        if let Some(&(other, _)) = self.lookup.get(&key)
            && other != index
        {
            bail!(
                "the template gives \"{spelling}\" to two {what}s: \"{}\" and \"{}\"",
                self.names[other],
                self.names[index]
            );
        }
        self.lookup.entry(key).or_insert((index, alias));
        Ok(())
    }

    /// Resolve a typed name; `None` when it is neither a name nor an alias.
    pub fn resolve(&self, typed: &str) -> Option<Resolved> {
        let found = match self.verbatim.get(typed) {
            Some(found) => Some(found),
            None => self.lookup.get(&normalise(typed)),
        };
        found.map(|&(i, alias)| {
            if alias {
                Resolved::Alias(i)
            } else {
                Resolved::Exact(i)
            }
        })
    }

    /// The nearest known name, for a "did you mean" hint.
    pub fn nearest(&self, typed: &str) -> Option<&str> {
        let key = normalise(typed);
        let candidate = did_you_mean(&key, self.lookup.keys().map(String::as_str))?;
        let &(index, _) = self.lookup.get(candidate)?;
        Some(&self.names[index])
    }
}

/// A driver of Table 4 and its group.
#[derive(Debug, Clone)]
pub struct Driver {
    pub name: String,
    pub group: String,
}

/// The checked, ready-to-use report definition.
#[derive(Debug)]
pub struct Template {
    pub file: TemplateFile,
    pub drivers: Vec<Driver>,
    pub driver_names: NameList,
    pub categories: NameList,
    pub channels: NameList,
    pub party_categories: NameList,
    pub dcc_user_roles: NameList,
    /// Withdrawal (0) or Expulsion (1).
    pub exit_types: NameList,
    /// SREPT (0) or UEPT (1).
    pub test_types: NameList,
    /// Normalised mailbox address → category index, where the mailbox has one.
    pub mailbox_category: HashMap<String, Option<usize>>,
    /// `helpdesk_routes`, checked: column, normalised value, category index.
    pub routes: Vec<(RouteField, String, usize)>,
    /// Hours per day in exact hour ticks (see `report::Hours`).
    pub hours_per_day: crate::hours::Hours,
    /// `noise.total_labels`, ready to match.
    totals: TotalLabels,
    /// `[paper]`, the template's own or the built-in one.
    pub paper: Paper,
    /// Staff (`STAFF`) or Contractor (`CONTRACTOR`), for the staff list.
    pub contracts: NameList,
    /// The highlight sections' names and aliases.
    pub highlight_sections: NameList,
    /// `[exclude]`, compiled.
    pub exclusions: Exclusions,
    /// Every input kind's header spellings, by role.
    pub spellings: Spellings,
}

/// Index of the telephone channel in `Template::channels`.
pub const TELEPHONE: usize = 1;
/// Index of Expulsion in `Template::exit_types`.
pub const EXPULSION: usize = 1;
/// Index of Staff in `Template::contracts`.
pub const STAFF: usize = 0;
/// Index of Contractor in `Template::contracts`.
pub const CONTRACTOR: usize = 1;
/// Index of UEPT in `Template::test_types`.
pub const UEPT: usize = 1;

/// The labels that mark a totals row, normalised, with what rules most
/// cells out before normalising them.
#[derive(Debug)]
struct TotalLabels {
    labels: std::collections::HashSet<String>,
    /// How many characters each label has, spaces aside (a handful:
    /// searched in a line).
    sizes: Vec<usize>,
    /// The first byte of each label that starts with an ASCII character
    /// (the only ones ASCII text can match).
    starts: Vec<u8>,
    /// The longest label's length as the template spells it.
    longest: usize,
}

impl TotalLabels {
    fn new(spelt: &[String]) -> TotalLabels {
        let labels: std::collections::HashSet<String> =
            spelt.iter().map(|t| normalise(t)).collect();
        let mut sizes: Vec<usize> = labels
            .iter()
            .map(|t| t.chars().filter(|c| *c != ' ').count())
            .collect();
        sizes.sort_unstable();
        sizes.dedup();
        let mut starts: Vec<u8> = labels
            .iter()
            .filter_map(|t| t.bytes().next().filter(u8::is_ascii))
            .collect();
        starts.sort_unstable();
        starts.dedup();
        let longest = spelt.iter().map(|t| t.len()).max().unwrap_or(0);
        TotalLabels {
            labels,
            sizes,
            starts,
            longest,
        }
    }
}

impl ExpulsionFootnote {
    fn check(&self) -> Result<()> {
        for placeholder in ["{parties}", "{verb}", "{reason}"] {
            if !self.sentence.contains(placeholder) {
                bail!("expulsion_footnote.sentence must contain {placeholder}");
            }
        }
        Ok(())
    }
}

/// A table the template does not name (only for a name outside the
/// built-in template, which a registry test rules out): no sheet name, so
/// the workbook stops rather than print a table without its caption.
static UNTITLED: TableTitle = TableTitle {
    sheet: String::new(),
    caption: String::new(),
    labels: BTreeMap::new(),
};

impl Tables {
    /// The table's sheet name and caption, by its registry name.
    pub fn title(&self, name: &str) -> &TableTitle {
        self.0.get(name).unwrap_or(&UNTITLED)
    }

    /// The tables' names, in the order the template sorts them.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// The template's own `[tables]` names only the built-in template's
    /// tables; a table it leaves out takes the built-in entry.
    fn merge_builtin(&mut self) -> Result<()> {
        let builtin =
            table_sections(BUILTIN).context("the built-in template's [tables] is not valid")?;
        let known: Vec<&str> = builtin.names().collect();
        for name in self.0.keys() {
            if !known.contains(&name.as_str()) {
                let near = did_you_mean(name, known.iter().copied())
                    .map(|near| format!(" (is `{name}` meant to be `{near}`?)"))
                    .unwrap_or_default();
                let listed: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
                bail!(
                    "unknown field `{name}` in [tables]{near}, expected one of {}",
                    listed.join(", ")
                );
            }
        }
        for (name, title) in builtin.0 {
            self.0.entry(name).or_insert(title);
        }
        Ok(())
    }

    /// Every table's sheet name is one Excel takes.
    fn check_sheet_names(&self) -> Result<()> {
        for title in self.0.values() {
            check_sheet_name(&title.sheet)?;
        }
        Ok(())
    }

    /// Tables 1 and 2 relabel only party categories.
    fn check_labels(&self, party_categories: &NameList) -> Result<()> {
        for table in ["applicants", "uep_completions"] {
            let title = self.title(table);
            for name in title.labels.keys() {
                if !party_categories.names.contains(name) {
                    bail!(
                        "tables.{table}.labels names \"{name}\", which is not a party category; \
                         expected one of: {}",
                        party_categories.names.join(", ")
                    );
                }
            }
        }
        Ok(())
    }
}

impl Template {
    /// Load a template from a file, or the built-in one.
    pub fn load(path: Option<&Path>) -> Result<Self> {
        match path {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the template {}", path.display()))?;
                Self::parse(&text)
                    .with_context(|| format!("the template {} is not valid", path.display()))
            }
            None => Self::parse(BUILTIN).context("the built-in template is not valid"),
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        let mut file: TemplateFile = toml::from_str(text)?;
        file.tables.merge_builtin()?;
        let spellings = Spellings::read(&file.headers.kinds)?;
        Self::check(file, spellings)
    }

    /// The header spellings of one input kind's role, earliest preferred.
    pub fn synonyms(&self, input: &Input, role: Role) -> &[String] {
        self.spellings.get(input, role)
    }

    /// Check a template as read and make it ready to use: every name list
    /// built, every cross-reference resolved, every placeholder present.
    fn check(file: TemplateFile, spellings: Spellings) -> Result<Self> {
        let hours_per_day = hours_per_day(&file.report)?;
        let (drivers, driver_names) = drivers(&file)?;
        let categories = helpdesk_categories(&file.helpdesk_categories)?;
        let channels = NameList::build(
            "channel",
            &[
                ("Email", file.helpdesk_channels.email.as_slice()),
                ("Telephone", file.helpdesk_channels.telephone.as_slice()),
            ],
        )?;
        let party_categories = entry_list("party category", &file.party_categories)?;
        let dcc_user_roles = entry_list("DCC User role", &file.dcc_user_roles)?;
        let exit_types = build_list(
            "exit type",
            &[
                ("Withdrawal".to_string(), file.exit_types.withdrawal.clone()),
                ("Expulsion".to_string(), file.exit_types.expulsion.clone()),
            ],
        )?;
        let test_types = build_list(
            "test",
            &[
                ("SREPT".to_string(), file.test_types.srept.clone()),
                ("UEPT".to_string(), file.test_types.uept.clone()),
            ],
        )?;
        file.expulsion_footnote.check()?;
        file.finance.check(&file.drivers)?;
        let mailbox_category = mailbox_categories(&file.mailboxes, &categories)?;
        let routes = helpdesk_routes(&file.helpdesk_routes, &categories)?;
        file.tables.check_sheet_names()?;
        if file.headers.weekly_grid.weekdays.len() != 7 {
            bail!("headers.weekly_grid.weekdays must list seven days, Monday first");
        }
        let totals = TotalLabels::new(&file.noise.total_labels);
        let paper = paper(&file)?;
        let sections: Vec<(&str, &[String])> = paper
            .highlights
            .sections
            .iter()
            .map(|s| (s.name.as_str(), s.aliases.as_slice()))
            .collect();
        let highlight_sections = NameList::build("highlight section", &sections)?;
        let exclusions = Exclusions::build(&file.exclude.files)?;
        let contracts = file.finance.contracts.list()?;
        file.tables.check_labels(&party_categories)?;
        Ok(Template {
            spellings,
            exclusions,
            paper,
            contracts,
            highlight_sections,
            totals,
            drivers,
            driver_names,
            categories,
            channels,
            party_categories,
            dcc_user_roles,
            exit_types,
            test_types,
            mailbox_category,
            routes,
            hours_per_day,
            file,
        })
    }

    /// Whether a label cell marks a totals row.
    pub fn is_total_label(&self, text: &str) -> bool {
        // This runs on every row, and most cells are ruled out without
        // normalising them. For ASCII text, by what normalising would keep:
        // every character but white space and `: . *`, with `&` read as
        // "and". Its first character must start a total label, and its count
        // must be a label's (exact, since lower-casing ASCII keeps both).
        // For other text, by its length.
        let trimmed = text.trim();
        if trimmed.is_ascii() {
            let longest = self.totals.sizes.last().copied().unwrap_or(0);
            let mut kept = 0;
            for b in trimmed.bytes() {
                let (first, count) = match b {
                    b'&' => (b'a', 3),
                    b':' | b'.' | b'*' => continue,
                    b if char::from(b).is_whitespace() => continue,
                    b => (b.to_ascii_lowercase(), 1),
                };
                if kept == 0 && !self.totals.starts.contains(&first) {
                    return false;
                }
                kept += count;
                if kept > longest {
                    return false;
                }
            }
            if !self.totals.sizes.contains(&kept) {
                return false;
            }
        } else if trimmed.len() > self.totals.longest + 8 {
            return false;
        }
        // Normalised into a buffer each thread keeps, not a new string a row.
        thread_local! {
            static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        KEY.with_borrow_mut(|key| {
            normalise_into(trimmed, key);
            self.totals.labels.contains(key.as_str())
        })
    }

    /// Whether a sheet only feeds drop-downs.
    pub fn is_list_sheet(&self, sheet: &str) -> bool {
        let key = normalise(sheet);
        self.file
            .noise
            .list_sheets
            .iter()
            .any(|t| normalise(t) == key)
    }
}

/// Every input kind's header spellings by role (`[headers.<section>]` of
/// the template): the template's section, or the built-in template's where
/// it has none (an older template without the paper notes or the staff
/// list). A role its section leaves out has no spelling: that column is
/// not looked for.
#[derive(Debug, Default)]
pub struct Spellings(HashMap<(&'static str, Role), Vec<String>>);

impl Spellings {
    fn read(own: &toml::Table) -> Result<Spellings> {
        check_sections(own)?;
        let builtin =
            header_sections(BUILTIN).context("the built-in template's [headers] is not valid")?;
        let mut spellings = HashMap::new();
        for input in schema::INPUTS {
            let section = match own.get(input.section) {
                Some(section) => {
                    check_section(input, section)?;
                    Some(section)
                }
                None => builtin.get(input.section),
            };
            for column in input.columns {
                let list = match section.and_then(|s| s.get(column.role.key())) {
                    None => Vec::new(),
                    Some(value) => value.clone().try_into().with_context(|| {
                        format!(
                            "headers.{}.{} must be a list of header spellings",
                            input.section,
                            column.role.key()
                        )
                    })?,
                };
                spellings.insert((input.section, column.role), list);
            }
        }
        Ok(Spellings(spellings))
    }

    fn get(&self, input: &Input, role: Role) -> &[String] {
        self.0
            .get(&(input.section, role))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// A template's `[headers]` has the weekly grid's section and input kinds'
/// sections only.
fn check_sections(own: &toml::Table) -> Result<()> {
    let sections: Vec<&str> = schema::INPUTS.iter().map(|i| i.section).collect();
    for name in own.keys() {
        if !sections.contains(&name.as_str()) {
            let near = did_you_mean(name, sections.iter().copied())
                .map(|near| format!(" (is `{name}` meant to be `{near}`?)"))
                .unwrap_or_default();
            let listed: Vec<String> = std::iter::once("weekly_grid")
                .chain(sections.iter().copied())
                .map(|s| format!("`{s}`"))
                .collect();
            bail!(
                "unknown field `{name}` in [headers]{near}, expected one of {}",
                listed.join(", ")
            );
        }
    }
    Ok(())
}

/// A template's `[headers.<section>]` names only the kind's roles, and
/// spells each role the kind cannot do without.
fn check_section(input: &Input, section: &toml::Value) -> Result<()> {
    let keys: Vec<&str> = input.columns.iter().map(|c| c.role.key()).collect();
    let listed = |keys: &[&str]| {
        let quoted: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
        quoted.join(", ")
    };
    let Some(table) = section.as_table() else {
        bail!(
            "headers.{} must be a section of header spellings ({})",
            input.section,
            listed(&keys)
        );
    };
    for key in table.keys() {
        if !keys.contains(&key.as_str()) {
            let near = did_you_mean(key, keys.iter().copied())
                .map(|near| format!(" (is `{key}` meant to be `{near}`?)"))
                .unwrap_or_default();
            bail!(
                "unknown field `{key}` in [headers.{}]{near}, expected one of {}",
                input.section,
                listed(&keys)
            );
        }
    }
    for group in input.required {
        if let [role] = group
            && !table.contains_key(role.key())
        {
            bail!(
                "missing field `{}` in [headers.{}]: the header spellings of a column the kind \
                 cannot do without",
                role.key(),
                input.section
            );
        }
    }
    Ok(())
}

/// A template's `[headers.*]` sections as TOML tables, by section name.
/// A template's `[tables]`, to fill in what another leaves out.
fn table_sections(text: &str) -> Result<Tables> {
    #[derive(Deserialize)]
    struct Document {
        tables: Tables,
    }
    let document: Document = toml::from_str(text)?;
    Ok(document.tables)
}

fn header_sections(text: &str) -> Result<toml::Table> {
    #[derive(Deserialize)]
    struct Document {
        #[serde(default)]
        headers: toml::Table,
    }
    let document: Document = toml::from_str(text)?;
    Ok(document.headers)
}

/// The paper's wording: the template's own, else the built-in template's.
fn paper(file: &TemplateFile) -> Result<Paper> {
    Ok(match &file.paper {
        Some(paper) => paper.clone(),
        None => {
            toml::from_str::<BuiltinPaper>(BUILTIN)
                .context("the built-in template's [paper] is not valid")?
                .paper
        }
    })
}

/// `report.hours_per_day` in exact hour ticks: above 0, at most 24.
fn hours_per_day(report: &ReportSettings) -> Result<crate::hours::Hours> {
    crate::hours::Hours::from_hours_f64(report.hours_per_day)
        .filter(|h| h.is_positive() && report.hours_per_day <= 24.0)
        .with_context(|| {
            format!(
                "report.hours_per_day is {}; expected a number of hours above 0 and at most 24",
                report.hours_per_day
            )
        })
}

/// The drivers, each in one of `driver_groups`, and their names and
/// aliases.
fn drivers(file: &TemplateFile) -> Result<(Vec<Driver>, NameList)> {
    let mut drivers = Vec::new();
    for driver in &file.drivers {
        if !file.driver_groups.contains(&driver.group) {
            bail!(
                "driver \"{}\" names the group \"{}\", which is not in driver_groups ({})",
                driver.name,
                driver.group,
                file.driver_groups.join(", ")
            );
        }
        drivers.push(Driver {
            name: driver.name.clone(),
            group: driver.group.clone(),
        });
    }
    if drivers.is_empty() {
        bail!("the template lists no drivers");
    }
    let entries: Vec<(&str, &[String])> = file
        .drivers
        .iter()
        .map(|d| (d.name.as_str(), d.aliases.as_slice()))
        .collect();
    Ok((drivers, NameList::build("driver", &entries)?))
}

/// The helpdesk categories: as many as an enquiry's 16 bits can name.
fn helpdesk_categories(entries: &[CategoryEntry]) -> Result<NameList> {
    let categories = entry_list("helpdesk category", entries)?;
    if categories.names.len() > usize::from(u16::MAX) {
        bail!(
            "the template lists {} helpdesk categories; at most {} are allowed",
            categories.names.len(),
            u16::MAX
        );
    }
    Ok(categories)
}

/// Normalised mailbox address → the index of the category it serves, where
/// it serves one.
fn mailbox_categories(
    mailboxes: &[Mailbox],
    categories: &NameList,
) -> Result<HashMap<String, Option<usize>>> {
    let mut mailbox_category = HashMap::new();
    for mailbox in mailboxes {
        let category = match &mailbox.category {
            None => None,
            Some(name) => Some(
                categories
                    .resolve(name)
                    .with_context(|| {
                        format!(
                            "mailbox {} maps to \"{name}\", which is not a helpdesk category",
                            mailbox.address
                        )
                    })?
                    .index(),
            ),
        };
        mailbox_category.insert(normalise(&mailbox.address), category);
    }
    Ok(mailbox_category)
}

/// `helpdesk_routes`, each naming a helpdesk category: column, normalised
/// value, category index.
fn helpdesk_routes(
    routes: &[HelpdeskRoute],
    categories: &NameList,
) -> Result<Vec<(RouteField, String, usize)>> {
    routes
        .iter()
        .map(|route| {
            let category = categories.resolve(&route.category).with_context(|| {
                format!(
                    "the helpdesk route for {} \"{}\" names \"{}\", which is not a helpdesk category; the categories are: {}",
                    route.field.label(),
                    route.value,
                    route.category,
                    categories.names.join(", ")
                )
            })?;
            Ok((route.field, normalise(&route.value), category.index()))
        })
        .collect()
}

/// A list of named entries with their aliases.
fn entry_list(what: &str, entries: &[CategoryEntry]) -> Result<NameList> {
    let borrowed: Vec<(&str, &[String])> = entries
        .iter()
        .map(|c| (c.name.as_str(), c.aliases.as_slice()))
        .collect();
    NameList::build(what, &borrowed)
}

fn build_list(what: &str, entries: &[(String, Vec<String>)]) -> Result<NameList> {
    let borrowed: Vec<(&str, &[String])> = entries
        .iter()
        .map(|(n, a)| (n.as_str(), a.as_slice()))
        .collect();
    NameList::build(what, &borrowed)
}

/// Excel's own limits on a sheet name.
fn check_sheet_name(name: &str) -> Result<()> {
    if name.is_empty() || name.chars().count() > 31 {
        bail!("sheet name \"{name}\" must be 1 to 31 characters long");
    }
    if let Some(c) = name.chars().find(|c| "[]:*?/\\".contains(*c)) {
        bail!("sheet name \"{name}\" contains '{c}', which Excel does not allow");
    }
    Ok(())
}

/// `[exclude]` as the team writes it: each entry a file name, or a file
/// name and one of its sheets after `›` (or `>`), each part a
/// .gitignore-style pattern (`timesheets-*.xlsx › Pivot`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExcludeEntries {
    #[serde(default)]
    pub files: Vec<String>,
}

/// One `[exclude]` entry, compiled: the file pattern, and the sheet
/// pattern when it names one.
#[derive(Debug)]
struct Exclusion {
    written: String,
    file: globset::GlobMatcher,
    sheet: Option<globset::GlobMatcher>,
}

/// The files and sheets the template leaves out. Names match as Windows
/// matches file names, whatever their case; `*` and `?` stand for any
/// characters, `[abc]` for one of them, `{a,b}` for either word.
#[derive(Debug, Default)]
pub struct Exclusions(Vec<Exclusion>);

/// What separates a file's pattern from its sheet's in an `[exclude]`
/// entry: the `›` a location is written with on screen, or a plain `>`.
const SHEET_SEPARATORS: [char; 2] = ['›', '>'];

impl Exclusions {
    /// Compile the entries; a pattern that cannot be one stops the run at
    /// start, naming it.
    fn build(entries: &[String]) -> Result<Exclusions> {
        let compile = |entry: &str, part: &str| -> Result<globset::GlobMatcher> {
            if part.is_empty() {
                bail!(
                    "exclude.files has \"{entry}\", which names no file; write a file name, such as \"old-timesheets.xlsx\", or a file and a sheet, such as \"timesheets-*.xlsx › Pivot\""
                );
            }
            if part.contains(['/', '\\']) {
                bail!(
                    "exclude.files has \"{entry}\": write the file's name as it stands in the month's folder, without a folder before it"
                );
            }
            let glob = globset::GlobBuilder::new(part)
                .case_insensitive(true)
                .literal_separator(true)
                .build()
                .with_context(|| {
                    format!("exclude.files has \"{entry}\", which is not a pattern")
                })?;
            Ok(glob.compile_matcher())
        };
        let mut compiled = Vec::new();
        for entry in entries {
            let (file, sheet) = match entry.split_once(SHEET_SEPARATORS) {
                Some((file, sheet)) => (file.trim(), Some(sheet.trim())),
                None => (entry.trim(), None),
            };
            compiled.push(Exclusion {
                written: entry.clone(),
                file: compile(entry, file)?,
                sheet: sheet.map(|s| compile(entry, s)).transpose()?,
            });
        }
        Ok(Exclusions(compiled))
    }

    /// The entry that leaves out the whole file called `name`, as written.
    pub fn file(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.sheet.is_none() && e.file.is_match(name))
            .map(|e| e.written.as_str())
    }

    /// The entry that leaves out sheet `sheet` of the file called `file`.
    pub fn sheet(&self, file: &str, sheet: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.file.is_match(file) && e.sheet.as_ref().is_some_and(|s| s.is_match(sheet)))
            .map(|e| e.written.as_str())
    }
}

/// The `[exclude]` entry that leaves out exactly this file, or this sheet
/// of it, for a message to show (any pattern character in a name is
/// escaped, so the entry matches that name alone).
pub fn exclusion_entry(file: &str, sheet: Option<&str>) -> String {
    match sheet {
        Some(sheet) => format!("{} › {}", globset::escape(file), globset::escape(sheet)),
        None => globset::escape(file),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_template_loads() {
        let template = Template::load(None).expect("built-in template");
        assert_eq!(template.drivers.len(), 11);
        assert_eq!(template.categories.names.len(), 11);
        assert_eq!(template.drivers[9].name, "BAD/TAD");
    }

    #[test]
    fn unknown_key_names_the_valid_ones() {
        let text = BUILTIN.replace("hours_per_day = 7.5", "hours_per_dya = 7.5");
        let error = format!("{:#}", Template::parse(&text).expect_err("must fail"));
        assert!(error.contains("hours_per_dya"), "{error}");
        assert!(error.contains("hours_per_day"), "{error}");
    }

    #[test]
    fn a_header_section_names_only_its_kinds_roles() {
        let text = BUILTIN.replace("\nday_rate = [", "\nday_rte = [");
        let error = format!("{:#}", Template::parse(&text).expect_err("must fail"));
        assert!(
            error.contains(
                "unknown field `day_rte` in [headers.staff] (is `day_rte` meant to be `day_rate`?)"
            ),
            "{error}"
        );
        let text = BUILTIN.replace("\nhours_a_week = [", "\n# hours_a_week = [");
        let error = format!("{:#}", Template::parse(&text).expect_err("must fail"));
        assert!(
            error.contains("missing field `hours_a_week` in [headers.staff]"),
            "{error}"
        );
    }

    #[test]
    fn a_header_section_is_an_input_kinds() {
        let text = BUILTIN.replace("[headers.helpdesk]", "[headers.helpdsk]");
        let error = format!("{:#}", Template::parse(&text).expect_err("must fail"));
        assert!(
            error.contains("unknown field `helpdsk` in [headers] (is `helpdsk` meant to be `helpdesk`?), expected one of `weekly_grid`, `timesheet`"),
            "{error}"
        );
    }

    #[test]
    fn a_template_without_a_kinds_section_takes_the_builtin_spellings() {
        let at = BUILTIN
            .find("[headers.staff]")
            .expect("the staff list's section");
        let end = BUILTIN[at..].find("\n\n").expect("its end") + at;
        let text = format!("{}{}", &BUILTIN[..at], &BUILTIN[end..]);
        let template = Template::parse(&text).expect("loads");
        assert_eq!(
            template.synonyms(&schema::STAFF, Role::DayRate)[0],
            "Day Rate"
        );
        // An optional role the template's own section leaves out is not
        // looked for.
        let text = BUILTIN.replace("\nday_rate = [", "\n# day_rate = [");
        let template = Template::parse(&text).expect("loads");
        assert!(template.synonyms(&schema::STAFF, Role::DayRate).is_empty());
    }

    #[test]
    fn unknown_group_is_refused() {
        let text = BUILTIN.replacen("group = \"Projects\"", "group = \"Project\"", 1);
        let error = format!("{:#}", Template::parse(&text).expect_err("must fail"));
        assert!(error.contains("\"Project\""), "{error}");
    }

    #[test]
    fn alias_claimed_twice_is_refused() {
        let text = BUILTIN.replace("aliases = [\"DQ\"]", "aliases = [\"ASO\"]");
        let error = format!("{:#}", Template::parse(&text).expect_err("must fail"));
        assert!(error.contains("two drivers"), "{error}");
    }

    #[test]
    fn names_resolve_loosely_and_by_alias() {
        let template = Template::load(None).expect("built-in template");
        let drivers = &template.driver_names;
        assert_eq!(
            drivers.resolve("  modifications &  release management "),
            Some(Resolved::Exact(2))
        );
        assert_eq!(drivers.resolve("Tech Ops"), Some(Resolved::Alias(4)));
        assert_eq!(drivers.resolve("Smarter Things"), None);
        assert_eq!(drivers.nearest("Smarter Markts"), Some("Smarter Markets"));
        let categories = &template.categories;
        assert_eq!(
            categories.resolve("Panel and Board Correspondence"),
            Some(Resolved::Exact(5))
        );
        assert_eq!(categories.nearest("Modifcations"), Some("Modifications"));
    }

    #[test]
    fn a_spelling_resolves_as_its_normal_form_does() {
        // "EMAIL" is listed as an alias but normalises to the name itself: it
        // is the name, typed verbatim or not.
        let aliases = ["EMAIL".to_string(), "e-mail".to_string()];
        let list = NameList::build("channel", &[("Email", &aliases[..]), ("Telephone", &[])])
            .expect("list");
        for typed in ["EMAIL", "email", " Email ", "Email"] {
            assert_eq!(list.resolve(typed), Some(Resolved::Exact(0)), "{typed}");
        }
        assert_eq!(list.resolve("e-mail"), Some(Resolved::Alias(0)));
        assert_eq!(list.resolve("E-MAIL"), Some(Resolved::Alias(0)));
        let template = Template::load(None).expect("built-in template");
        for list in [
            &template.driver_names,
            &template.categories,
            &template.channels,
        ] {
            for spelling in list.verbatim.keys() {
                let loose = format!("  {}  ", spelling.to_uppercase());
                assert_eq!(list.resolve(spelling), list.resolve(&loose), "{spelling}");
            }
        }
    }
}
