//! The neutral table model every format draws: a caption, columns (each
//! with its CSV field name and its printed heading), rows of typed cells
//! with a role the formats style (a group heading, an indented row, a
//! total), and the notes under the table. `report/<table>.rs` builds one;
//! `render/{csv,xlsx,docx}.rs` each draw any of them. Knows no format.

use chrono::NaiveDate;

use crate::month::Month;

/// A numbered note under a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footnote {
    pub marker: u32,
    /// The month (Table 3) or row label (Table 7) it belongs to.
    pub anchor: String,
    pub text: String,
}

/// One table (or a figure's data) as the report gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub caption: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// The notes under the table; a cell's `markers` point at them.
    pub footnotes: Vec<Footnote>,
    pub print: Print,
}

/// A column: the CSV bundle's field and the printed heading. A column with
/// no field is printed only (a name as the paper prints it); one with no
/// heading is in the CSV only (a figure behind a printed one).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub field: Option<String>,
    pub heading: Option<Heading>,
    pub kind: ColumnKind,
    /// Its relative width in a printed table.
    pub share: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Heading {
    Text(String),
    /// A month of a rolling table, each format heading it its own way.
    Month(Month),
}

/// What a column holds, for the formats' styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Plain,
    /// The rows' labels (Table 3's measures): bold in the draft.
    Label,
    /// A label repeated down a run of rows (Table 7's category): printed
    /// once, the run's cells merged.
    Grouping,
    /// Text a run of rows of one group may share (Table 7's summary):
    /// printed once, merged down.
    Shared,
}

/// Where a row appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Everywhere,
    /// Only in the CSV bundle (a row the print shows grouped elsewhere).
    Csv,
    /// Only in print (a group's heading row).
    Print,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Body,
    /// A group's heading row: shaded.
    Group,
    /// A row under a group heading: indented.
    Indented,
    /// A total of the rows above it: bold, and live where it can be.
    Total,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub role: Role,
    pub shown: Shown,
    /// One a column.
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub value: Value,
    /// Footnote markers after the value (the table's `footnotes`).
    pub markers: Vec<u32>,
    /// Addresses the text's last lines link to, in order.
    pub links: Vec<String>,
}

/// A cell's value, typed; each format writes it its own way.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing: a month with no figures.
    Blank,
    Text(String),
    /// Text whose superscript digits (`SECMP0069⁵`) are footnote marks.
    Marked(String),
    Count(u64),
    Signed(i64),
    /// A number already written out to its places (`12.345679`): the CSV's.
    Decimal(String),
    /// A date as data: ISO (`2019-03-18`) in the CSV.
    Date(NaiveDate),
    /// Dates as the paper prints them (`18/03/2019`), one a line; the CSV
    /// joins them with commas.
    Dates(Vec<NaiveDate>),
}

/// How a printed table is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Print {
    /// Month columns headed by a row of years over the months' names
    /// (Table 6, as the paper prints it).
    pub years_over_months: bool,
    /// Longer than a page some months: it may run on, a row never split.
    pub runs_on: bool,
    /// Narrower than the page's text, in percent of it (Table 4).
    pub width_percent: Option<usize>,
}

impl Cell {
    pub fn new(value: Value) -> Cell {
        Cell {
            value,
            markers: Vec::new(),
            links: Vec::new(),
        }
    }

    pub fn text(text: impl Into<String>) -> Cell {
        Cell::new(Value::Text(text.into()))
    }

    pub fn count(value: u64) -> Cell {
        Cell::new(Value::Count(value))
    }

    pub fn marked(mut self, markers: &[u32]) -> Cell {
        self.markers.extend_from_slice(markers);
        self
    }
}

impl Column {
    /// A column in the CSV and in print.
    pub fn both(field: &str, heading: &str, share: usize) -> Column {
        Column {
            field: Some(field.to_string()),
            heading: Some(Heading::Text(heading.to_string())),
            kind: ColumnKind::Plain,
            share,
        }
    }

    pub fn csv_only(field: &str) -> Column {
        Column {
            field: Some(field.to_string()),
            heading: None,
            kind: ColumnKind::Plain,
            share: 0,
        }
    }

    pub fn print_only(heading: &str, share: usize) -> Column {
        Column {
            field: None,
            heading: Some(Heading::Text(heading.to_string())),
            kind: ColumnKind::Plain,
            share,
        }
    }

    pub fn kind(mut self, kind: ColumnKind) -> Column {
        self.kind = kind;
        self
    }

    /// A month of a rolling table: `2019-03` in the CSV.
    pub fn month(month: Month) -> Column {
        Column {
            field: Some(month.to_string()),
            heading: Some(Heading::Month(month)),
            kind: ColumnKind::Plain,
            share: 1,
        }
    }
}

impl Row {
    pub fn new(cells: Vec<Cell>) -> Row {
        Row {
            role: Role::Body,
            shown: Shown::Everywhere,
            cells,
        }
    }

    pub fn role(mut self, role: Role) -> Row {
        self.role = role;
        self
    }

    pub fn shown(mut self, shown: Shown) -> Row {
        self.shown = shown;
        self
    }
}

impl Table {
    pub fn new(caption: &str, columns: Vec<Column>) -> Table {
        Table {
            caption: caption.to_string(),
            columns,
            rows: Vec::new(),
            footnotes: Vec::new(),
            print: Print::default(),
        }
    }

    /// A rolling table: a label column (its CSV field `field`, unheaded in
    /// print, `share` wide), then one column a month.
    pub fn months(caption: &str, field: &str, share: usize, months: &[Month]) -> Table {
        let label = Column {
            field: Some(field.to_string()),
            heading: Some(Heading::Text(String::new())),
            kind: ColumnKind::Label,
            share,
        };
        let columns = std::iter::once(label)
            .chain(months.iter().map(|m| Column::month(*m)))
            .collect();
        Table::new(caption, columns)
    }

    pub fn row(&mut self, row: Row) {
        self.rows.push(row);
    }

    /// The months a rolling table's printed columns head, in order.
    pub fn month_columns(&self) -> Vec<Month> {
        self.columns
            .iter()
            .filter_map(|c| match c.heading {
                Some(Heading::Month(month)) => Some(month),
                _ => None,
            })
            .collect()
    }

    /// The indices of the columns in the CSV, in order.
    pub fn csv_columns(&self) -> Vec<usize> {
        (0..self.columns.len())
            .filter(|i| self.columns[*i].field.is_some())
            .collect()
    }

    /// The indices of the printed columns, in order.
    pub fn print_columns(&self) -> Vec<usize> {
        (0..self.columns.len())
            .filter(|i| self.columns[*i].heading.is_some())
            .collect()
    }

    /// The rows the CSV carries.
    pub fn csv_rows(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.shown != Shown::Print)
    }

    /// The rows print shows.
    pub fn print_rows(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.shown != Shown::Csv)
    }

    /// The months of a rolling table's month columns with a blank cell in
    /// some printed row: no input or earlier report gave their figures.
    pub fn gap_months(&self) -> Vec<Month> {
        self.columns
            .iter()
            .enumerate()
            .filter_map(|(i, column)| match column.heading {
                Some(Heading::Month(month)) => self
                    .print_rows()
                    .any(|r| r.cells.get(i).is_some_and(|c| c.value == Value::Blank))
                    .then_some(month),
                _ => None,
            })
            .collect()
    }
}

/// A count, or blank where there is none.
pub fn count_or_blank(value: Option<u64>) -> Cell {
    Cell::new(value.map_or(Value::Blank, Value::Count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_and_print_see_their_own_columns_and_rows() {
        let mut table = Table::new(
            "Toy",
            vec![
                Column::both("name", "Name", 1),
                Column::csv_only("hours"),
                Column::print_only("Label", 1),
            ],
        );
        table.row(Row::new(vec![
            Cell::text("a"),
            Cell::count(1),
            Cell::text("A"),
        ]));
        table.row(
            Row::new(vec![Cell::text("g"), Cell::text(""), Cell::text("G")])
                .role(Role::Group)
                .shown(Shown::Print),
        );
        assert_eq!(table.csv_columns(), [0, 1]);
        assert_eq!(table.print_columns(), [0, 2]);
        assert_eq!(table.csv_rows().count(), 1);
        assert_eq!(table.print_rows().count(), 2);
    }

    #[test]
    fn a_month_with_a_blank_printed_cell_is_a_gap() {
        let months = Month::new(2019, 3).map(|m| m.window(3)).unwrap_or_default();
        let mut table = Table::months("Toy", "measure", 2, &months);
        table.row(Row::new(vec![
            Cell::text("Visits"),
            Cell::count(1),
            count_or_blank(None),
            Cell::count(3),
        ]));
        assert_eq!(table.gap_months(), [months[1]]);
    }
}
