//! Table 6, SEC Website Statistics: visits and page views for the twelve
//! months ending with the report month, from daily exports summed into months
//! and from hand-kept monthly tables. Sources that cover the same day or
//! month must agree; a disagreement is reported, never summed.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::WindowCount;
use super::table::{Cell, Row, Table, count_or_blank};
use crate::findings::{Findings, Location};
use crate::inputs::records::{DailyFigure, MonthlyFigure};
use crate::inputs::{Origin, SourceSheet};
use crate::month::Month;

/// Table 6.
#[derive(Debug, Clone)]
pub struct WebsiteStatistics {
    pub months: Vec<Month>,
    pub visits: Vec<Option<u64>>,
    pub page_views: Vec<Option<u64>>,
    /// The files each month's figure came from, per measure (Visits, Page
    /// Views); empty where the raw inputs do not cover the month.
    pub raw_files: [Vec<Vec<String>>; 2],
    /// Per measure and month, daily rows that miss some of the month's
    /// days (and no monthly figure): how many, the days (bit `d` for day
    /// `d + 1`) and the first of them, so that a past month's history is
    /// not replaced by them.
    pub partial: [Vec<Option<PartialMonth>>; 2],
}

/// Daily rows that cover only part of a month.
#[derive(Debug, Clone)]
pub struct PartialMonth {
    pub rows: usize,
    pub days: u32,
    pub first_rows: Vec<Origin>,
}

/// One of Table 6's two rows.
#[derive(Clone, Copy)]
pub enum Measure {
    Visits,
    PageViews,
}

impl Measure {
    pub const ALL: [Measure; 2] = [Measure::Visits, Measure::PageViews];

    pub fn label(self) -> &'static str {
        match self {
            Measure::Visits => "Visits",
            Measure::PageViews => "Page Views",
        }
    }

    /// This measure's figure of a day or a month, if it has one.
    pub fn pick(self, visits: Option<u64>, page_views: Option<u64>) -> Option<u64> {
        match self {
            Measure::Visits => visits,
            Measure::PageViews => page_views,
        }
    }
}

fn place(origin: Origin, sources: &[SourceSheet]) -> Location {
    Location {
        col: None,
        ..origin.location(sources)
    }
}

pub fn aggregate(
    days: &[DailyFigure],
    months: &[MonthlyFigure],
    month: Month,
    window: &mut WindowCount,
    sources: &[SourceSheet],
    findings: &mut Findings,
) -> WebsiteStatistics {
    let table_months = month.window(12);
    for day in days {
        window.record_dated(
            day.origin,
            table_months.contains(&Month::of(day.date)),
            day.date,
        );
    }
    for figure in months {
        window.record(figure.origin, table_months.contains(&figure.month));
    }
    let mut columns = [Vec::new(), Vec::new()];
    let mut raw_files: [Vec<Vec<String>>; 2] = [Vec::new(), Vec::new()];
    let mut partial: [Vec<Option<PartialMonth>>; 2] = [Vec::new(), Vec::new()];
    for (i, measure) in Measure::ALL.into_iter().enumerate() {
        let figures = MeasureFigures {
            measure,
            by_date: daily_figures(days, measure, &table_months, sources, findings),
            by_month: monthly_figures(months, measure, &table_months, sources, findings),
        };
        for &m in &table_months {
            let in_month: Vec<(&NaiveDate, &(u64, Origin))> = figures
                .by_date
                .range(m.first_day()..=m.last_day())
                .collect();
            partial[i].push(figures.partial(m, &in_month));
            let value = figures.value(m, &in_month, sources, findings);
            let files = figures.files(m, &in_month, sources);
            raw_files[i].push(if value.is_some() { files } else { Vec::new() });
            columns[i].push(value);
        }
    }
    let [visits, page_views] = columns;
    WebsiteStatistics {
        raw_files,
        partial,
        months: table_months,
        visits,
        page_views,
    }
}

/// One measure's figures inside the table's months: daily ones by date,
/// monthly ones by month, each with the row it came from.
struct MeasureFigures {
    measure: Measure,
    by_date: BTreeMap<NaiveDate, (u64, Origin)>,
    by_month: BTreeMap<Month, (u64, Origin)>,
}

/// Daily figures, one per date; two sources for a day must agree.
fn daily_figures(
    days: &[DailyFigure],
    measure: Measure,
    table_months: &[Month],
    sources: &[SourceSheet],
    findings: &mut Findings,
) -> BTreeMap<NaiveDate, (u64, Origin)> {
    let mut by_date: BTreeMap<NaiveDate, (u64, Origin)> = BTreeMap::new();
    for day in days
        .iter()
        .filter(|d| table_months.contains(&Month::of(d.date)))
    {
        let Some(value) = measure.pick(day.visits, day.page_views) else {
            continue;
        };
        match by_date.get(&day.date) {
            None => {
                by_date.insert(day.date, (value, day.origin));
            }
            Some(&(other, origin)) if other != value => findings.error(
                "sources-disagree",
                place(day.origin, sources),
                format!(
                    "{} on {}: {value} here but {other} in {}; two sources for the same day must agree",
                    measure.label(),
                    day.date.format("%d/%m/%Y"),
                    place(origin, sources)
                ),
            ),
            Some(_) => {}
        }
    }
    by_date
}

/// Monthly figures, one per month; two sources for a month must agree.
fn monthly_figures(
    months: &[MonthlyFigure],
    measure: Measure,
    table_months: &[Month],
    sources: &[SourceSheet],
    findings: &mut Findings,
) -> BTreeMap<Month, (u64, Origin)> {
    let mut by_month: BTreeMap<Month, (u64, Origin)> = BTreeMap::new();
    for figure in months.iter().filter(|f| table_months.contains(&f.month)) {
        let Some(value) = measure.pick(figure.visits, figure.page_views) else {
            continue;
        };
        match by_month.get(&figure.month) {
            None => {
                by_month.insert(figure.month, (value, figure.origin));
            }
            Some(&(other, origin)) if other != value => findings.error(
                "sources-disagree",
                place(figure.origin, sources),
                format!(
                    "{} for {}: {value} here but {other} in {}; two sources for the same month must agree",
                    measure.label(),
                    figure.month.short_label(),
                    place(origin, sources)
                ),
            ),
            Some(_) => {}
        }
    }
    by_month
}

impl MeasureFigures {
    /// Daily rows that miss some of month `m`'s days, where no monthly
    /// figure gives it whole.
    fn partial(&self, m: Month, in_month: &[(&NaiveDate, &(u64, Origin))]) -> Option<PartialMonth> {
        (!in_month.is_empty()
            && (in_month.len() as u32) < m.days()
            && !self.by_month.contains_key(&m))
        .then(|| PartialMonth {
            rows: in_month.len(),
            days: in_month
                .iter()
                .fold(0, |days, (d, _)| days | 1 << chrono::Datelike::day0(*d)),
            first_rows: in_month.iter().take(20).map(|(_, (_, o))| *o).collect(),
        })
    }

    /// Month `m`'s figure: the monthly one (the daily ones must add up to
    /// it), else the days' sum (a warning where days are missing), else none.
    fn value(
        &self,
        m: Month,
        in_month: &[(&NaiveDate, &(u64, Origin))],
        sources: &[SourceSheet],
        findings: &mut Findings,
    ) -> Option<u64> {
        let measure = self.measure;
        let daily =
            (!in_month.is_empty()).then(|| in_month.iter().map(|(_, (v, _))| v).sum::<u64>());
        match (daily, self.by_month.get(&m)) {
            (Some(sum), Some(&(monthly, origin))) => {
                if sum != monthly {
                    findings.error(
                        "sources-disagree",
                        place(origin, sources),
                        format!(
                            "{} for {}: the monthly table says {monthly} but the daily export adds to {sum}; they must agree",
                            measure.label(),
                            m.short_label()
                        ),
                    );
                }
                Some(monthly)
            }
            (Some(sum), None) => {
                if (in_month.len() as u32) < m.days() {
                    findings.warning(
                        "partial-month",
                        Location::default(),
                        format!(
                            "Table 6: {} for {} covers only {} of its {} days",
                            measure.label(),
                            m.short_label(),
                            in_month.len(),
                            m.days()
                        ),
                    );
                }
                Some(sum)
            }
            (None, Some(&(monthly, _))) => Some(monthly),
            (None, None) => None,
        }
    }

    /// The files month `m`'s figures came from, sorted, each once.
    fn files(
        &self,
        m: Month,
        in_month: &[(&NaiveDate, &(u64, Origin))],
        sources: &[SourceSheet],
    ) -> Vec<String> {
        let mut files: Vec<String> = in_month
            .iter()
            .map(|(_, (_, origin))| *origin)
            .chain(self.by_month.get(&m).map(|(_, origin)| *origin))
            .filter_map(|origin| sources.get(origin.source()).map(|s| s.file.clone()))
            .collect();
        files.sort();
        files.dedup();
        files
    }
}

impl WebsiteStatistics {
    /// Table 6 (and Figure 2's data, under `caption`): visits and page
    /// views by month, blank where no figures are.
    pub fn table(&self, caption: &str) -> Table {
        let mut table = Table::months(caption, "measure", 2, &self.months);
        table.print.years_over_months = true;
        for (label, values) in [("Visits", &self.visits), ("Page Views", &self.page_views)] {
            let cells = values.iter().map(|v| count_or_blank(*v));
            table.row(Row::new(
                std::iter::once(Cell::text(label)).chain(cells).collect(),
            ));
        }
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(row: u32) -> Origin {
        Origin::new(0, row, None, None)
    }

    #[test]
    fn daily_and_monthly_sources_combine_and_must_agree() {
        let march = Month::new(2019, 3).expect("valid");
        let days: Vec<DailyFigure> = (1..=31)
            .map(|d| DailyFigure {
                date: NaiveDate::from_ymd_opt(2019, 3, d).expect("valid"),
                visits: Some(100),
                page_views: None,
                origin: origin(d),
            })
            .collect();
        let months = vec![
            MonthlyFigure {
                month: march,
                visits: Some(3100),
                page_views: Some(9000),
                origin: origin(40),
            },
            MonthlyFigure {
                month: march.prev(),
                visits: Some(50),
                page_views: Some(60),
                origin: origin(41),
            },
        ];
        let mut findings = Findings::default();
        let table = aggregate(
            &days,
            &months,
            march,
            &mut WindowCount::default(),
            &[],
            &mut findings,
        );
        assert_eq!(table.visits[11], Some(3100));
        assert_eq!(table.page_views[11], Some(9000));
        assert_eq!(table.visits[10], Some(50));
        assert!(!findings.has_errors());

        let mut disagreeing = months.clone();
        disagreeing[0].visits = Some(3101);
        let mut findings = Findings::default();
        aggregate(
            &days,
            &disagreeing,
            march,
            &mut WindowCount::default(),
            &[],
            &mut findings,
        );
        assert!(findings.has_errors());
    }
}
