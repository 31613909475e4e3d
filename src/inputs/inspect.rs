//! What the converter sees in one workbook, for `opsreport inspect`: each
//! sheet, the kind it is recognised as and why (which header matched which
//! column, which columns are ignored), the header row, the date system, and
//! the first data rows as typed values; for a sheet it does not recognise,
//! the nearest kind and the columns that kind still lacks.

use std::borrow::Cow;

use super::kinds::{Spec, specs};
use super::{Detected, Kind, recognise};
use crate::read::cell::{Epoch, Raw};
use crate::read::workbook::{Sheet, read_sheets};
use crate::template::Template;
use crate::text::column_letters;

/// One sheet as the converter sees it.
#[derive(Debug)]
pub struct SheetView {
    pub name: String,
    pub hidden: bool,
    pub csv: bool,
    /// The day the workbook's serial dates count from.
    pub epoch: Epoch,
    pub recognised: Option<Recognised>,
    /// For a sheet not recognised: the nearest kind, the row its header
    /// would be on, and the columns it lacks (each a list of spellings).
    pub nearest: Option<(Kind, u32, Vec<Vec<String>>)>,
    /// The first data rows: (row number, [(column letter, typed value)]).
    pub rows: Vec<(u64, Vec<(String, String)>)>,
    pub note: Option<String>,
}

/// Why a sheet is the kind it is.
#[derive(Debug)]
pub struct Recognised {
    pub kind: Kind,
    /// One-based header row.
    pub header_row: u32,
    /// (column letter, header text, role).
    pub columns: Vec<(String, String, String)>,
    /// (column letter, header text) that no role took.
    pub ignored: Vec<(String, String)>,
}

/// A cell as a typed value: `"text"`, `7.5`, `date 04/03/2019`, `time 7:30`.
pub fn typed(raw: &Raw) -> String {
    match raw {
        Raw::Empty => String::new(),
        Raw::Text(text) => {
            let short: String = text.chars().take(40).collect();
            let more = if text.chars().count() > 40 { "…" } else { "" };
            format!("\"{}{more}\"", short.replace('\n', "⏎"))
        }
        Raw::Number(n, _) => crate::read::cell::format_number(*n),
        Raw::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Raw::Time(_) => format!("time {}", raw.display()),
        Raw::Date(date) => format!("date {}", date.format("%d/%m/%Y")),
        Raw::NoSuchDate(serial) => format!("date? {serial}"),
        Raw::Error(error) => format!("error {error}"),
    }
}

/// Inspect a file's bytes; the error says why the file cannot be read.
pub fn inspect(
    name: &str,
    bytes: &[u8],
    template: &Template,
    rows: usize,
) -> Result<Vec<SheetView>, String> {
    let sheets = read_sheets(name, bytes).map_err(|error| error.to_string())?;
    if super::history::is_report_output(&sheets) {
        return Ok(vec![SheetView {
            name: String::new(),
            hidden: false,
            csv: false,
            epoch: Epoch::Excel1900,
            recognised: None,
            nearest: None,
            rows: Vec::new(),
            note: Some(
                "an operations report this program wrote: read as history for Tables 3, 5 and 6"
                    .to_string(),
            ),
        }]);
    }
    let specs = specs(template);
    Ok(sheets
        .iter()
        .map(|sheet| view(sheet, template, &specs, rows))
        .collect())
}

fn view(sheet: &Sheet, template: &Template, specs: &[Spec], rows: usize) -> SheetView {
    let mut view = SheetView {
        name: sheet.name.clone(),
        hidden: sheet.hidden,
        csv: sheet.csv,
        epoch: sheet.epoch,
        recognised: None,
        nearest: None,
        rows: Vec::new(),
        note: None,
    };
    if !sheet.csv && template.is_list_sheet(&sheet.name) {
        view.note = Some("a list that feeds drop-downs: not data".to_string());
        return view;
    }
    let first_data = match recognise(sheet, template, specs) {
        Some((kind, detected)) => {
            if let Detected::Grid(grid) = &detected
                && let Some((person, _)) = &grid.person
            {
                view.note = Some(format!("weekly grid for {person}"));
            }
            let recognised = recognised(sheet, kind, &detected);
            let header = match &detected {
                Detected::Header(h) => h,
                Detected::Grid(grid) => &grid.header,
            };
            view.recognised = Some(recognised);
            header.position + 1
        }
        None => {
            view.nearest = nearest(sheet, specs);
            0
        }
    };
    view.rows = first_rows(sheet, first_data, rows);
    view
}

/// Which header matched which column, and the columns no role took.
fn recognised(sheet: &Sheet, kind: Kind, detected: &Detected) -> Recognised {
    let header = match detected {
        Detected::Header(h) => h,
        Detected::Grid(grid) => &grid.header,
    };
    let header_row = &sheet.rows[header.position];
    let text_at = |col: u32| {
        header_row
            .get(col)
            .text()
            .map(Cow::into_owned)
            .unwrap_or_default()
    };
    let mut columns: Vec<(String, String, String)> = header
        .columns
        .iter()
        .map(|(role, col)| (column_letters(*col), text_at(*col), role.to_string()))
        .collect();
    if let Detected::Grid(grid) = detected {
        for (col, day) in &grid.days {
            columns.push((
                column_letters(*col),
                text_at(*col),
                format!("{day:?}").to_lowercase(),
            ));
        }
    }
    columns.sort_by_key(|(letter, _, _)| (letter.len(), letter.clone()));
    let ignored = match detected {
        Detected::Header(h) => h
            .ignored
            .iter()
            .map(|(c, t)| (column_letters(*c), t.clone()))
            .collect(),
        Detected::Grid(_) => Vec::new(),
    };
    Recognised {
        kind,
        header_row: header.row + 1,
        columns,
        ignored,
    }
}

/// For a sheet no kind recognises: the kind whose header it comes nearest
/// to, the row that header would be on, and the columns it lacks.
fn nearest(sheet: &Sheet, specs: &[Spec]) -> Option<(Kind, u32, Vec<Vec<String>>)> {
    specs
        .iter()
        .filter_map(|spec| {
            spec.nearest(sheet)
                .map(|(m, met, missing)| (spec, m, met, missing))
        })
        .max_by_key(|(spec, _, met, _)| (*met * 100 / spec.required.len().max(1), *met))
        .map(|(spec, m, _, missing)| {
            let lacks = missing
                .iter()
                .map(|group| {
                    group
                        .iter()
                        .flat_map(|k| spec.synonyms(*k).iter().take(3).cloned())
                        .collect()
                })
                .collect();
            (spec.kind, m.row + 1, lacks)
        })
}

/// Up to `rows` rows from the row at `first_data`, each cell typed.
fn first_rows(sheet: &Sheet, first_data: usize, rows: usize) -> Vec<(u64, Vec<(String, String)>)> {
    sheet.rows[first_data.min(sheet.rows.len())..]
        .iter()
        .take(rows)
        .map(|row| {
            let number = row.line.unwrap_or(row.index as u64 + 1);
            let cells = row
                .cells
                .iter()
                .filter(|(_, raw)| !raw.is_empty())
                .map(|(col, raw)| (column_letters(*col), typed(raw)))
                .collect();
            (number, cells)
        })
        .collect()
}
