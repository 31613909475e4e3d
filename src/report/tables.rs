//! The registry of the report's parts and tables: each part with the
//! input it is made from, and each table (or figure's data) with its part,
//! CSV file, template titles (sheet name and caption), the model builder
//! and its line on the run's summary. The formats and the pipeline walk
//! these lists; adding a table is an entry in `TABLES` and its builder.

use super::table::Table;
use super::{KeyFigure, Part, Report};
use crate::inputs::Kind;
use crate::template::{TableTitle, Template};
use crate::text::thousands;

/// A part of the report: what it makes, and the input it needs.
pub struct PartUnit {
    pub part: Part,
    /// The tables and figures it makes, for "left out" messages.
    pub tables: &'static str,
    /// The workbook it needs, as a team member would know it, to follow
    /// "the folder has no".
    pub needs: &'static str,
    /// The sheet kinds that make it.
    pub kinds: &'static [Kind],
}

/// One entry a part, in `Part`'s order.
pub const PARTS: [PartUnit; 5] = [
    PartUnit {
        part: Part::Membership,
        tables: "Tables 1, 2 and 3 and Figure 1",
        needs: "membership register (a sheet with Party Name, Party Category and Accession Date columns)",
        kinds: &[Kind::Parties],
    },
    PartUnit {
        part: Part::Effort,
        tables: "Table 4",
        needs: "timesheet (Date, Name, Driver and Hours columns, or a weekly grid)",
        kinds: &[Kind::Timesheet, Kind::WeeklyTimesheet],
    },
    PartUnit {
        part: Part::Helpdesk,
        tables: "Table 5 and the enquiry counts",
        needs: "helpdesk log (Date Received and Category columns)",
        kinds: &[Kind::Helpdesk],
    },
    PartUnit {
        part: Part::Website,
        tables: "Table 6 and Figure 2",
        needs: "website analytics export or monthly website table",
        kinds: &[Kind::WebsiteDaily, Kind::WebsiteMonthly],
    },
    PartUnit {
        part: Part::Meetings,
        tables: "Table 7",
        needs: "meetings log (Meeting and Date(s) columns)",
        kinds: &[Kind::Meetings],
    },
];

/// A table's headline figure on the run's summary.
pub type Headline = fn(&Report) -> String;

/// A table of the report, or a figure's data, as one unit.
pub struct TableUnit {
    pub part: Part,
    /// `Table 3`, `Figure 1`: how notes and the summary name it.
    pub name: &'static str,
    /// The CSV bundle's file for it, if the bundle has one.
    pub csv: Option<&'static str>,
    /// Its name in the template's `[tables]`, whose `[tables.<key>]`
    /// gives its sheet name and caption.
    pub key: &'static str,
    pub build: fn(&Report, &Template) -> Table,
    /// Its line on the run's summary: a short name and its headline figure.
    pub headline: Option<(&'static str, Headline)>,
    /// The figures the paper's text quotes from it (`key_figures.csv`).
    pub key_figures: &'static [FigureUnit],
    /// How the workbook draws its sheet.
    pub sheet: Sheet,
}

/// How the workbook draws a table's sheet: the generic writer from its
/// model, or a writer of its own for what a model does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    /// Headings and rows, a note of blank months, then the notes.
    Generic,
    /// The rows, and a native chart drawn from them.
    Chart(ChartKind),
    /// Table 4: live formulas over the effort detail sheet.
    Effort,
    /// Table 7: categories merged down their meetings, and links.
    Meetings,
}

/// A figure's native chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// One slice per row (Figure 1).
    Pie,
    /// One line per row across the months (Figure 2).
    Line,
}

/// A figure the paper quotes in its text, given by the table it is from.
pub struct FigureUnit {
    /// Its place in `key_figures.csv` (the paper's order, across tables);
    /// a new figure takes the next free place.
    pub place: u8,
    /// Its name in `key_figures.csv` and in the Word draft's sentences.
    pub name: &'static str,
    pub label: &'static str,
    pub value: fn(&Report) -> i64,
}

/// The last month of a rolling series, as a key figure.
fn last(series: &[u64]) -> i64 {
    series.last().copied().unwrap_or(0) as i64
}

/// The report's tables and figures, in the paper's order.
pub const TABLES: [TableUnit; 9] = [
    TableUnit {
        part: Part::Membership,
        name: "Table 1",
        csv: Some("table1_applicants.csv"),
        key: "applicants",
        build: |r, t| r.membership.applicants_table(t),
        headline: Some(("Applicants", |r| {
            plural(
                r.membership.applicants.len() as u64,
                "applicant",
                "applicants",
            )
        })),
        key_figures: &[],
        sheet: Sheet::Generic,
    },
    TableUnit {
        part: Part::Membership,
        name: "Table 2",
        csv: Some("table2_uep_completions.csv"),
        key: "uep_completions",
        build: |r, t| r.membership.uep_table(t),
        headline: Some(("UEP completions", |r| {
            let n = r.membership.uep_completions.len() as u64;
            plural(n, "completion", "completions")
        })),
        key_figures: &[
            FigureUnit {
                place: 12,
                name: "srept_completions",
                label: "SREPT completions in the month",
                value: |r| r.membership.srept_completions as i64,
            },
            FigureUnit {
                place: 13,
                name: "uept_completions",
                label: "UEPT completions in the month",
                value: |r| r.membership.uept_completions as i64,
            },
            FigureUnit {
                place: 14,
                name: "uept_parties",
                label: "Parties completing UEPT in the month",
                value: |r| r.membership.uept_parties as i64,
            },
        ],
        sheet: Sheet::Generic,
    },
    TableUnit {
        part: Part::Membership,
        name: "Table 3",
        csv: Some("table3_sec_party_statistics.csv"),
        key: "party_statistics",
        build: |r, t| r.membership.statistics_table(t),
        headline: Some(("Party statistics", party_statistics_headline)),
        key_figures: &[
            FigureUnit {
                place: 3,
                name: "parties_in_default",
                label: "Parties in default at the month's end",
                value: |r| last(&r.membership.statistics.in_default),
            },
            FigureUnit {
                place: 4,
                name: "new_events_of_default",
                label: "New events of default in the month",
                value: |r| r.membership.new_events_of_default as i64,
            },
            FigureUnit {
                place: 5,
                name: "resolved_events_of_default",
                label: "Events of default resolved in the month",
                value: |r| r.membership.resolved_events_of_default as i64,
            },
            FigureUnit {
                place: 6,
                name: "accessions",
                label: "Accessions in the month",
                value: |r| last(&r.membership.statistics.accessions),
            },
            FigureUnit {
                place: 7,
                name: "withdrawals",
                label: "Withdrawals in the month",
                value: |r| last(&r.membership.statistics.withdrawals),
            },
            FigureUnit {
                place: 8,
                name: "expulsions",
                label: "Expulsions in the month",
                value: |r| last(&r.membership.statistics.expulsions),
            },
        ],
        sheet: Sheet::Generic,
    },
    TableUnit {
        part: Part::Membership,
        name: "Figure 1",
        csv: Some("figure1_voting_groups.csv"),
        key: "voting_groups",
        build: |r, t| r.membership.voting_groups_table(t),
        headline: Some(("Voting groups", |r| {
            let m = &r.membership;
            format!(
                "{} of {}",
                plural(
                    m.voting_groups_at_month_end,
                    "voting group",
                    "voting groups"
                ),
                plural(m.parties_at_month_end, "party", "parties")
            )
        })),
        key_figures: &[
            FigureUnit {
                place: 1,
                name: "parties_at_month_end",
                label: "Parties at the month's end",
                value: |r| r.membership.parties_at_month_end as i64,
            },
            FigureUnit {
                place: 2,
                name: "voting_groups_at_month_end",
                label: "Voting Groups at the month's end",
                value: |r| r.membership.voting_groups_at_month_end as i64,
            },
        ],
        sheet: Sheet::Chart(ChartKind::Pie),
    },
    TableUnit {
        part: Part::Effort,
        name: "Table 4",
        csv: Some("table4_effort_by_driver.csv"),
        key: "effort_by_driver",
        build: |r, t| r.effort.table(t),
        headline: Some(("Effort by driver", |r| {
            let days = thousands(r.effort.total_rounded.max(0) as u64);
            format!("{days} days (Grand Total)")
        })),
        key_figures: &[FigureUnit {
            place: 11,
            name: "resource_days",
            label: "Resource days in the month (Table 4 Grand Total)",
            value: |r| r.effort.total_rounded,
        }],
        sheet: Sheet::Effort,
    },
    TableUnit {
        part: Part::Helpdesk,
        name: "Table 5",
        csv: Some("table5_helpdesk_emails.csv"),
        key: "helpdesk_emails",
        build: |r, t| r.helpdesk.table(t),
        headline: Some(("Helpdesk emails", |r| {
            format!(
                "{} in {}, {}",
                plural(r.helpdesk.email_in_month(), "email", "emails"),
                r.month.short_label(),
                plural(r.helpdesk.telephone_in_month, "call", "calls")
            )
        })),
        key_figures: &[
            FigureUnit {
                place: 9,
                name: "telephone_enquiries",
                label: "Telephone enquiries in the month",
                value: |r| r.helpdesk.telephone_in_month as i64,
            },
            FigureUnit {
                place: 10,
                name: "email_enquiries",
                label: "Email enquiries in the month",
                value: |r| r.helpdesk.email_in_month() as i64,
            },
        ],
        sheet: Sheet::Generic,
    },
    TableUnit {
        part: Part::Website,
        name: "Table 6",
        csv: Some("table6_website_statistics.csv"),
        key: "website_statistics",
        build: |r, t| {
            r.website
                .table(&t.file.tables.title("website_statistics").caption)
        },
        headline: Some(("Website statistics", website_headline)),
        key_figures: &[],
        sheet: Sheet::Generic,
    },
    TableUnit {
        part: Part::Website,
        name: "Figure 2",
        csv: None,
        key: "website_usage",
        build: |r, t| {
            r.website
                .table(&t.file.tables.title("website_usage").caption)
        },
        headline: None,
        key_figures: &[],
        sheet: Sheet::Chart(ChartKind::Line),
    },
    TableUnit {
        part: Part::Meetings,
        name: "Table 7",
        csv: Some("table7_meetings.csv"),
        key: "meetings",
        build: |r, t| r.meetings.table(&t.file.tables.title("meetings").caption),
        headline: Some(("Meetings", |r| {
            let meetings: usize = r.meetings.groups.iter().map(|(_, rows)| rows.len()).sum();
            plural(meetings as u64, "meeting", "meetings")
        })),
        key_figures: &[],
        sheet: Sheet::Meetings,
    },
];

impl Part {
    /// Its entry in `PARTS`, which lists the parts in `Part`'s order.
    pub fn unit(self) -> &'static PartUnit {
        &PARTS[self as usize]
    }
}

impl TableUnit {
    /// Its sheet name and caption in the template.
    pub fn titles<'a>(&self, template: &'a Template) -> &'a TableTitle {
        template.file.tables.title(self.key)
    }
}

impl Report {
    /// The tables of the parts the report has, each with its model.
    pub fn tables(&self, template: &Template) -> Vec<(&'static TableUnit, Table)> {
        TABLES
            .iter()
            .filter(|unit| self.has(unit.part))
            .map(|unit| (unit, (unit.build)(self, template)))
            .collect()
    }

    /// The figures the paper's text quotes, in their places, from the
    /// tables of the parts the report has.
    pub fn key_figures(&self) -> Vec<KeyFigure> {
        let mut figures: Vec<(u8, KeyFigure)> = TABLES
            .iter()
            .filter(|unit| self.has(unit.part))
            .flat_map(|unit| unit.key_figures.iter().map(move |f| (unit.part, f)))
            .map(|(part, f)| {
                let figure = KeyFigure {
                    part,
                    name: f.name,
                    label: f.label,
                    value: (f.value)(self),
                };
                (f.place, figure)
            })
            .collect();
        figures.sort_by_key(|(place, _)| *place);
        figures.into_iter().map(|(_, figure)| figure).collect()
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

fn party_statistics_headline(report: &Report) -> String {
    let s = &report.membership.statistics;
    let last = |v: &[u64]| v.last().copied().unwrap_or(0);
    format!(
        "{}, {} in default, {}, {} in {}",
        plural(last(&s.accessions), "accession", "accessions"),
        thousands(last(&s.in_default)),
        plural(last(&s.withdrawals), "withdrawal", "withdrawals"),
        plural(last(&s.expulsions), "expulsion", "expulsions"),
        report.month.short_label()
    )
}

fn website_headline(report: &Report) -> String {
    let w = &report.website;
    let shown = |v: Option<&Option<u64>>| {
        v.copied()
            .flatten()
            .map(thousands)
            .unwrap_or_else(|| "–".into())
    };
    format!(
        "{} visits, {} page views in {}",
        shown(w.visits.last()),
        shown(w.page_views.last()),
        report.month.short_label()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_has_one_entry_and_every_table_a_part() {
        for part in Part::ALL {
            assert_eq!(PARTS.iter().filter(|u| u.part == part).count(), 1);
            assert_eq!(part.unit().part, part);
        }
        let mut names: Vec<&str> = TABLES.iter().map(|u| u.name).collect();
        names.dedup();
        assert_eq!(names.len(), TABLES.len(), "a table's name is once");
        // The built-in template titles exactly the registry's tables (a
        // template's own [tables] is checked against the built-in one's).
        let template = Template::load(None).expect("the built-in template");
        let mut keys: Vec<&str> = TABLES.iter().map(|u| u.key).collect();
        keys.sort_unstable();
        let titled: Vec<&str> = template.file.tables.names().collect();
        assert_eq!(keys, titled, "[tables] of the built-in template");
        let figures = || TABLES.iter().flat_map(|u| u.key_figures);
        let mut places: Vec<u8> = figures().map(|f| f.place).collect();
        places.sort_unstable();
        let expected: Vec<u8> = (1..).take(places.len()).collect();
        assert_eq!(places, expected, "each key figure has its own place");
        let mut names: Vec<&str> = figures().map(|f| f.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), places.len(), "a key figure's name is once");
    }
}
