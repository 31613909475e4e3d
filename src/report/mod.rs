//! AGGREGATE: takes the records `inputs` gives (`inputs::records`) and the
//! template; gives the report's tables, key figures and findings. Knows
//! nothing of xlsx or CSV; every function here can be tested with
//! hand-built records.

pub mod coverage;
pub mod effort;
pub mod helpdesk;
pub mod history;
pub mod ledger;
pub mod meetings;
pub mod membership;
pub mod paper;
pub mod staff;
pub mod table;
pub mod tables;
pub mod website;

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::findings::Findings;
use crate::inputs::records::{HistoryReport, Records, RollingTable};
use crate::inputs::{Kind, Origin, SourceSheet};
use crate::month::Month;
use crate::template::Template;
use effort::{EffortByDriver, Rounding};
use helpdesk::HelpdeskEmails;
use meetings::Meetings;
use membership::Membership;
use website::WebsiteStatistics;

/// A part of the report and the input it is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Membership,
    Effort,
    Helpdesk,
    Website,
    Meetings,
}

impl Part {
    pub const ALL: [Part; 5] = [
        Part::Membership,
        Part::Effort,
        Part::Helpdesk,
        Part::Website,
        Part::Meetings,
    ];

    /// The tables and figures this part makes (`tables::PARTS`).
    pub fn tables(self) -> &'static str {
        self.unit().tables
    }

    /// The workbook it needs, to follow "the folder has no".
    pub fn needs(self) -> &'static str {
        self.unit().needs
    }

    /// The sheet kinds that make it.
    pub fn kinds(self) -> &'static [Kind] {
        self.unit().kinds
    }
}

/// What shapes a report beyond its inputs.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub month: Month,
    pub rounding: Rounding,
    /// Leave months no input covers blank instead of failing.
    pub allow_gaps: bool,
    /// Parts whose input is missing from the folder altogether.
    pub absent: Vec<Part>,
}

/// The report's tables for one month.
#[derive(Debug)]
pub struct Report {
    pub month: Month,
    /// Parts left out with `--partial` because their input is missing.
    pub left_out: Vec<Part>,
    /// Where each month of Tables 3, 5 and 6 came from, and restatements.
    pub rolling: history::Rolling,
    pub effort: EffortByDriver,
    /// Table 4 beside last month and the year to date (the workbook's
    /// "Table 4 carried forward" sheet).
    pub effort_carried: effort::EffortCarried,
    pub helpdesk: HelpdeskEmails,
    pub website: WebsiteStatistics,
    pub membership: Membership,
    pub meetings: Meetings,
    /// Effort by person, when the folder has a staff list.
    pub staff: Option<staff::StaffEffort>,
    /// What the Word draft takes from the paper notes.
    pub paper: paper::PaperNotes,
    /// Rows left out for their date, sheet by sheet, for the screen.
    pub dated_out: Vec<DatedOut>,
    /// What the report did with each source sheet, beside what was read.
    pub ledger: ledger::Ledger,
}

/// A figure the paper quotes in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFigure {
    pub part: Part,
    pub name: &'static str,
    pub label: &'static str,
    pub value: i64,
}

impl Report {
    pub fn build(
        records: &Records,
        template: &Template,
        options: &ReportOptions,
        sources: &[SourceSheet],
        findings: &mut Findings,
    ) -> Report {
        let ReportOptions {
            month,
            rounding,
            ref absent,
            ..
        } = *options;
        coverage::check(records, month, sources, findings);
        let mut ledger = ledger::Ledger::new(sources.len());
        let mut window = WindowCount::new(month);
        let effort = effort::aggregate(
            &records.bookings,
            template,
            month,
            rounding,
            &mut window,
            findings,
        );
        window.settle(&WindowRule::bookings(month), sources, &mut ledger, findings);
        let staff = staff::aggregate(&records.staff, &effort, template, month, findings);
        let effort_carried = effort::carry_forward(&effort, &records.history, template, month);
        let mut helpdesk = helpdesk::aggregate(
            &records.enquiries,
            template,
            month,
            &mut window,
            sources,
            findings,
        );
        window.settle(&WindowRule::table5(month), sources, &mut ledger, findings);
        let mut website = website::aggregate(
            &records.website_days,
            &records.website_months,
            month,
            &mut window,
            sources,
            findings,
        );
        window.settle(&WindowRule::table6(month), sources, &mut ledger, findings);
        let membership =
            membership::aggregate(&records.register, template, month, sources, findings);
        let history = history::History::new(&records.history, month, findings);
        note_unused_history(&records.history, month, sources, &mut ledger);
        let rolled = RolledTables {
            helpdesk: &mut helpdesk,
            website: &mut website,
            membership: &membership,
        };
        let rolling = roll_history(
            rolled, records, template, options, &history, sources, findings,
        );
        let meetings = meetings::aggregate(
            &records.meetings,
            &template.file.meetings.modification_prefixes,
            month,
            findings,
        );
        let paper = paper::gather(records, template, sources, findings);
        Report {
            month,
            dated_out: std::mem::take(&mut window.left_out),
            rolling,
            paper,
            left_out: absent.to_vec(),
            effort,
            effort_carried,
            helpdesk,
            website,
            membership,
            meetings,
            staff,
            ledger,
        }
    }

    /// Whether a part is in the report (not left out with `--partial`).
    pub fn has(&self, part: Part) -> bool {
        !self.left_out.contains(&part)
    }
}

/// An earlier report for this month or a later one is not history: say so
/// on its Sources row.
fn note_unused_history(
    reports: &[HistoryReport],
    month: Month,
    sources: &[SourceSheet],
    ledger: &mut ledger::Ledger,
) {
    for report in reports
        .iter()
        .filter(|r| r.month.is_some_and(|m| m >= month))
    {
        for (index, _) in sources
            .iter()
            .enumerate()
            .filter(|(_, s)| s.file == report.file && s.kind == Some(Kind::History))
        {
            let note = format!(
                "not used as history: it reports on {}, not a month before {}",
                report.month.map(Month::long_label).unwrap_or_default(),
                month.long_label()
            );
            ledger.mark_unused(index, note);
        }
    }
}

/// The tables whose months history may fill, as aggregated from the inputs.
struct RolledTables<'a> {
    helpdesk: &'a mut HelpdeskEmails,
    website: &'a mut WebsiteStatistics,
    membership: &'a Membership,
}

/// Tables 3, 5 and 6 month by month: from the inputs where they cover the
/// month, else from an earlier report, else a gap (an error unless
/// `--allow-gaps`). Returns where each month came from.
fn roll_history(
    tables: RolledTables,
    records: &Records,
    template: &Template,
    options: &ReportOptions,
    history: &history::History,
    sources: &[SourceSheet],
    findings: &mut Findings,
) -> history::Rolling {
    let absent = &options.absent;
    let mut rolling = history::Rolling::default();
    // A part whose input is missing altogether has no months to fill.
    if !absent.contains(&Part::Helpdesk) {
        roll_helpdesk(
            tables.helpdesk,
            template,
            history,
            &mut rolling,
            sources,
            findings,
        );
    }
    if !absent.contains(&Part::Website) {
        roll_website(tables.website, history, &mut rolling, sources, findings);
    }
    if !absent.contains(&Part::Membership) {
        roll_party_statistics(
            tables.membership,
            records,
            sources,
            history,
            &mut rolling,
            findings,
        );
    }
    rolling.report_gaps(options.allow_gaps, findings);
    rolling
}

/// Table 5: months the helpdesk inputs cover are counted; the others come
/// from an earlier report, or are gaps.
fn roll_helpdesk(
    table: &mut HelpdeskEmails,
    template: &Template,
    history: &history::History,
    rolling: &mut history::Rolling,
    sources: &[SourceSheet],
    findings: &mut Findings,
) {
    let rows = &template.categories.names;
    let report_month = table.months.last().copied();
    for (i, &m) in table.months.clone().iter().enumerate() {
        let files = &table.raw_files[i];
        // A past month's raw rows replace what history gives only when
        // they cover the month as the report month's must; a stray row or
        // two (a date mistyped) would replace the whole column.
        let stray = !files.is_empty()
            && Some(m) != report_month
            && history.covers(RollingTable::HelpdeskEmails, m).is_some()
            && !coverage::covers(table.days[i], m, coverage::Expect::MostDays);
        if stray && let Some(file) = history.covers(RollingTable::HelpdeskEmails, m) {
            let places: Vec<String> = table.first_rows[i]
                .iter()
                .map(|o| o.location(sources).to_string())
                .collect();
            refuse_strays(
                &StrayRows {
                    what: ("helpdesk enquiry", "helpdesk enquiries"),
                    table: "Table 5",
                    month: m,
                    rows: table.rows[i],
                    days: coverage::days_text(table.days[i], m),
                    history_file: file,
                    places: &places,
                },
                findings,
            );
        }
        let raw = (!files.is_empty() && !stray).then(|| {
            (
                table.counts.iter().map(|row| row[i]).collect(),
                files.clone(),
            )
        });
        let cell = history::Cell {
            table: RollingTable::HelpdeskEmails,
            label: None,
            month: m,
        };
        match rolling.settle(history, cell, rows, raw, findings) {
            Some(values) => {
                for (row, value) in table.counts.iter_mut().zip(values) {
                    row[i] = value;
                }
            }
            None => table.gaps[i] = true,
        }
    }
}

/// Raw rows in a past month that do not cover it, where history gives
/// the month's figures.
struct StrayRows<'a> {
    /// One and many.
    what: (&'static str, &'static str),
    table: &'static str,
    month: Month,
    rows: usize,
    /// The days they fall on, as text.
    days: String,
    history_file: &'a str,
    /// The first of them, file › sheet › cell.
    places: &'a [String],
}

/// Stray rows in a past month are an error naming them: their figure would
/// replace the whole month that history gives. Nothing is counted for them
/// (the error stops the run anyway).
fn refuse_strays(stray: &StrayRows, findings: &mut Findings) {
    let StrayRows {
        what,
        table,
        month,
        rows,
        ref days,
        history_file,
        places,
    } = *stray;
    let count = crate::text::thousands(rows as u64);
    let noun = if rows == 1 { what.0 } else { what.1 };
    findings.error(
        "stray-past-rows",
        crate::findings::Location::default(),
        format!(
            "{count} {noun} dated in {} ({days}) {} not cover that month, and {history_file} gives {table}'s figures for it: \
             counted, {} would replace its whole {} column. Is the date mistyped? {}. \
             Correct the date; or, if {} really needs new figures, put the whole month's rows in the folder",
            month.long_label(),
            if rows == 1 { "does" } else { "do" },
            if rows == 1 { "it" } else { "they" },
            month.short_label(),
            crate::text::places_text(places, 20),
            month.short_label()
        ),
    );
}

/// Table 6, measure by measure.
fn roll_website(
    table: &mut WebsiteStatistics,
    history: &history::History,
    rolling: &mut history::Rolling,
    sources: &[SourceSheet],
    findings: &mut Findings,
) {
    let months = table.months.clone();
    let measures = [
        ("Visits", &mut table.visits),
        ("Page Views", &mut table.page_views),
    ];
    let report_month = months.last().copied();
    for (((label, values), files), partial) in measures
        .into_iter()
        .zip(&table.raw_files)
        .zip(&table.partial)
    {
        let rows = [label.to_string()];
        for (i, &m) in months.iter().enumerate() {
            // As for Table 5: days that miss part of a past month do not
            // replace the figure history gives for it.
            let history_file = history.covers_row(RollingTable::WebsiteStatistics, label, m);
            let stray = match (&partial[i], history_file) {
                (Some(part), Some(file)) if Some(m) != report_month => {
                    let places: Vec<String> = part
                        .first_rows
                        .iter()
                        .map(|o| o.location(sources).to_string())
                        .collect();
                    refuse_strays(
                        &StrayRows {
                            what: ("analytics day", "analytics days"),
                            table: "Table 6",
                            month: m,
                            rows: part.rows,
                            days: coverage::days_text(part.days, m),
                            history_file: file,
                            places: &places,
                        },
                        findings,
                    );
                    true
                }
                _ => false,
            };
            let raw = values[i]
                .filter(|_| !stray)
                .map(|v| (vec![v], files[i].clone()));
            let cell = history::Cell {
                table: RollingTable::WebsiteStatistics,
                label: Some(label),
                month: m,
            };
            let settled = rolling.settle(history, cell, &rows, raw, findings);
            values[i] = settled.and_then(|v| v.first().copied());
        }
    }
}

/// Table 3 always comes from the register, which holds its own history;
/// an earlier report is compared with it for restatements.
fn roll_party_statistics(
    membership: &Membership,
    records: &Records,
    sources: &[SourceSheet],
    history: &history::History,
    rolling: &mut history::Rolling,
    findings: &mut Findings,
) {
    if records.register.parties.is_empty() {
        return;
    }
    let mut files: Vec<String> = sources
        .iter()
        .filter(|s| matches!(s.kind, Some(Kind::Parties | Kind::EventsOfDefault)))
        .map(|s| s.file.clone())
        .collect();
    files.dedup();
    let statistics = &membership.statistics;
    let rows: Vec<String> = RollingTable::PartyStatistics
        .rows()
        .iter()
        .map(|r| r.to_string())
        .collect();
    for (i, &m) in statistics.months.iter().enumerate() {
        let values = vec![
            statistics.accessions[i],
            statistics.in_default[i],
            statistics.withdrawals[i],
            statistics.expulsions[i],
        ];
        let cell = history::Cell {
            table: RollingTable::PartyStatistics,
            label: None,
            month: m,
        };
        rolling.settle(
            history,
            cell,
            &rows,
            Some((values, files.clone())),
            findings,
        );
    }
}

/// Which source rows fell inside a table's window and which did not, so the
/// Sources sheet can say how many rows each window left out, and the screen
/// and the Checks sheet which cells.
#[derive(Debug, Default)]
pub struct WindowCount {
    /// The row being recorded (its first record's origin), and whether any
    /// of its records is inside. Records arrive in reading order, a row's
    /// records together, so one row at a time is enough.
    current: Option<(Origin, bool)>,
    /// Rows seen again after other rows (not in reading order): kept, and
    /// settled the slow way.
    stray: Vec<(Origin, bool)>,
    /// Rows with nothing inside the window, per source: how many, and the
    /// runs of consecutive rows they make (first and last), at most
    /// `MAX_RUNS` of them.
    outside: std::collections::BTreeMap<u32, (usize, Vec<(Origin, Origin)>)>,
    /// Dates so far from the report month that they must be typing errors.
    far: Vec<(Origin, NaiveDate)>,
    month: Option<Month>,
    /// The earliest and latest plausible dates for the month.
    plausible: Option<(NaiveDate, NaiveDate)>,
    /// What each window left out, settled: for the screen.
    pub left_out: Vec<DatedOut>,
}

/// The runs of rows one sheet's left-out list keeps: far more than a
/// finding shows, few enough that a hostile file cannot grow it.
const MAX_RUNS: usize = 1_000;

/// Rows of one sheet left out of a table for their date, as the screen
/// states them: `3 bookings dated outside March 2019 not counted: …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedOut {
    /// What a row is, one and many: `booking`, `bookings`.
    pub noun: (&'static str, &'static str),
    /// The rule that left it out: `dated outside March 2019`.
    pub rule: String,
    pub sheet: crate::findings::Location,
    pub rows: usize,
    /// The cells, run by run: `E310`, `E312–E319`, `lines 4–9, column B`.
    pub cells: Vec<String>,
}

/// How the rows a table's window leaves out are named: on the screen, in
/// the Checks sheet and in the Sources sheet's reasons.
struct WindowRule {
    /// What a row is, one and many (`booking`, `bookings`).
    noun: (&'static str, &'static str),
    /// Why it is left out (`dated outside March 2019`).
    rule: String,
    /// The Sources sheet's reason for skipping it.
    reason: &'static str,
}

impl WindowRule {
    /// Table 4 counts the report month's bookings.
    fn bookings(month: Month) -> WindowRule {
        WindowRule {
            noun: ("booking", "bookings"),
            rule: format!("dated outside {}", month.long_label()),
            reason: "outside the report month",
        }
    }

    /// Table 5 counts twelve months of helpdesk enquiries.
    fn table5(month: Month) -> WindowRule {
        WindowRule {
            noun: ("helpdesk enquiry", "helpdesk enquiries"),
            rule: format!(
                "dated outside Table 5's twelve months ({})",
                window_span(month)
            ),
            reason: "outside Table 5's twelve months",
        }
    }

    /// Table 6 counts twelve months of analytics rows.
    fn table6(month: Month) -> WindowRule {
        WindowRule {
            noun: ("analytics row", "analytics rows"),
            rule: format!(
                "dated outside Table 6's twelve months ({})",
                window_span(month)
            ),
            reason: "outside Table 6's twelve months",
        }
    }
}

/// A rolling table's twelve months: `Apr 18–Mar 19`.
fn window_span(month: Month) -> String {
    let months = month.window(12);
    match (months.first(), months.last()) {
        (Some(first), Some(last)) => format!("{}–{}", first.short_label(), last.short_label()),
        _ => String::new(),
    }
}

/// A run of rows as a person reads it: `E310`, `E312–E319`, `line 4,
/// column B`, `lines 4–9, column B`.
fn run_text(first: Origin, last: Origin, sources: &[SourceSheet]) -> String {
    let at = first.location(sources);
    if first == last {
        return at.cell().unwrap_or_default();
    }
    let end = last.location(sources);
    match (at.line, end.line, at.col) {
        (Some(a), Some(b), Some(col)) => {
            format!("lines {a}–{b}, column {}", crate::text::column_letters(col))
        }
        (Some(a), Some(b), None) => format!("lines {a}–{b}"),
        _ => format!(
            "{}–{}",
            at.cell().unwrap_or_default(),
            end.cell().unwrap_or_default()
        ),
    }
}

/// How far from the report month a date may lie before it is taken for a
/// typing error (a running log goes back years; nothing is dated next year).
const YEARS_BACK: i32 = 15;
/// The runs of cells a Checks finding lists; the screen lists fewer.
const MAX_CELLS_CHECKS: usize = 200;
const DAYS_AHEAD: u64 = 366;

impl WindowCount {
    pub fn new(month: Month) -> Self {
        let earliest = NaiveDate::from_ymd_opt(month.year() - YEARS_BACK, 1, 1);
        let latest = month
            .last_day()
            .checked_add_days(chrono::Days::new(DAYS_AHEAD));
        WindowCount {
            month: Some(month),
            plausible: earliest.zip(latest),
            ..Default::default()
        }
    }

    pub fn record(&mut self, origin: Origin, inside: bool) {
        let key = |o: &Origin| (o.source, o.row);
        match &mut self.current {
            Some((current, any_inside)) if key(current) == key(&origin) => *any_inside |= inside,
            Some((current, _)) if key(current) > key(&origin) => self.stray.push((origin, inside)),
            _ => {
                self.finish_row();
                self.current = Some((origin, inside));
            }
        }
    }

    fn finish_row(&mut self) {
        if let Some((origin, false)) = self.current.take() {
            self.note_outside(origin);
        }
    }

    /// A row with nothing inside the window: counted, and joined to the
    /// run of rows just before it where it follows on.
    fn note_outside(&mut self, origin: Origin) {
        let (count, runs) = self.outside.entry(origin.source).or_default();
        *count += 1;
        let full = runs.len() >= MAX_RUNS;
        match runs.last_mut() {
            Some((_, last)) if last.row.checked_add(1) == Some(origin.row) => *last = origin,
            _ if !full => runs.push((origin, origin)),
            _ => {}
        }
    }

    /// Record a dated row, checking that its date is plausible.
    pub fn record_dated(&mut self, origin: Origin, inside: bool, date: NaiveDate) {
        self.record(origin, inside);
        if let Some((earliest, latest)) = self.plausible
            && (date < earliest || date > latest)
        {
            self.far.push((origin, date));
        }
    }

    /// Move rows with nothing inside the window from "used" to "skipped"
    /// in the ledger, and note each sheet's count once.
    fn settle(
        &mut self,
        window: &WindowRule,
        sources: &[SourceSheet],
        ledger: &mut ledger::Ledger,
        findings: &mut Findings,
    ) {
        for (origin, date) in std::mem::take(&mut self.far) {
            let location = origin.location(sources);
            let month = self.month.map(Month::long_label).unwrap_or_default();
            findings.error(
                "date-far-outside",
                location,
                format!(
                    "the date {} is far from the report month ({month}); expected a date within the last {YEARS_BACK} years — is the year mistyped?",
                    date.format("%d/%m/%Y")
                ),
            );
        }
        self.finish_row();
        if !self.stray.is_empty() {
            // Out of order: a stray record may belong to a row already
            // counted outside. Rare, so recount those rows exactly.
            let key = |o: &Origin| (o.source, o.row);
            let inside: BTreeSet<(u32, u32)> = self
                .stray
                .iter()
                .filter(|(_, i)| *i)
                .map(|(o, _)| key(o))
                .collect();
            let mut strays: Vec<Origin> = self
                .stray
                .iter()
                .filter(|(o, _)| !inside.contains(&key(o)))
                .map(|(o, _)| *o)
                .collect();
            strays.sort_by_key(key);
            strays.dedup_by_key(|o| key(o));
            for origin in strays {
                self.note_outside(origin);
            }
        }
        let WindowRule { noun, rule, reason } = window;
        let per_source = std::mem::take(&mut self.outside);
        for (source, (count, runs)) in per_source {
            let cells: Vec<String> = runs
                .iter()
                .map(|&(first, last)| run_text(first, last, sources))
                .collect();
            if let Some(stats) = sources.get(source as usize) {
                ledger.leave_out(source as usize, reason, count);
                let shown = crate::text::places_text(&cells, MAX_CELLS_CHECKS);
                findings.info(
                    "outside-window",
                    stats.location(),
                    format!(
                        "{} {} {rule}, not counted: {shown}",
                        crate::text::thousands(count as u64),
                        if count == 1 { noun.0 } else { noun.1 }
                    ),
                );
                self.left_out.push(DatedOut {
                    noun: *noun,
                    rule: rule.clone(),
                    sheet: stats.location(),
                    rows: count,
                    cells,
                });
            }
        }
        let left_out = std::mem::take(&mut self.left_out);
        *self = WindowCount {
            month: self.month,
            plausible: self.plausible,
            left_out,
            ..Default::default()
        };
    }
}
