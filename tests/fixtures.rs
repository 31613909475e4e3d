//! Small workbooks written at test time, each named for the quirk it
//! exercises, so a test shows its input next to its assertion.

use std::io::{Read, Write};
use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// A cell of a fixture sheet.
#[derive(Clone)]
pub enum C {
    S(&'static str),
    N(f64),
    /// A real date cell.
    D(u16, u8, u8),
    /// A clock-time cell formatted h:mm.
    T(u8, u8),
    /// A formula whose cached value is an Excel error such as `#REF!`.
    E(&'static str),
    Blank,
}

pub struct Sheet {
    pub name: &'static str,
    pub hidden: bool,
    pub rows: Vec<Vec<C>>,
    /// Merged ranges: (first row, first col, last row, last col).
    pub merges: Vec<(u32, u16, u32, u16)>,
}

pub fn sheet(name: &'static str, rows: Vec<Vec<C>>) -> Sheet {
    Sheet {
        name,
        hidden: false,
        rows,
        merges: Vec::new(),
    }
}

/// Write an xlsx workbook of the given sheets.
pub fn xlsx(path: &Path, sheets: &[Sheet]) {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let time = Format::new().set_num_format("h:mm");
    for spec in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(spec.name).expect("sheet name");
        for &(r0, c0, r1, c1) in &spec.merges {
            let top_left = match &spec.rows[r0 as usize][c0 as usize] {
                C::S(s) => *s,
                _ => "",
            };
            sheet
                .merge_range(r0, c0, r1, c1, top_left, &Format::new())
                .expect("merge");
        }
        for (r, row) in spec.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if spec
                    .merges
                    .iter()
                    .any(|&(r0, c0, r1, c1)| (r0..=r1).contains(&r) && (c0..=c1).contains(&c))
                {
                    continue;
                }
                match cell {
                    C::S(s) => sheet.write_string(r, c, *s).map(|_| ()),
                    C::N(n) => sheet.write_number(r, c, *n).map(|_| ()),
                    C::D(y, m, d) => {
                        let value = ExcelDateTime::from_ymd(*y, *m, *d).expect("date");
                        sheet
                            .write_datetime_with_format(r, c, &value, &date)
                            .map(|_| ())
                    }
                    C::T(h, m) => {
                        let value = ExcelDateTime::from_hms(*h as u16, *m, 0).expect("time");
                        sheet
                            .write_datetime_with_format(r, c, &value, &time)
                            .map(|_| ())
                    }
                    C::E(error) => {
                        let formula = rust_xlsxwriter::Formula::new("=#REF!+1").set_result(*error);
                        sheet.write_formula(r, c, formula).map(|_| ())
                    }
                    C::Blank => Ok(()),
                }
                .expect("write cell");
            }
        }
        if spec.hidden {
            sheet.set_hidden(true);
        }
    }
    workbook.save(path).expect("save fixture");
}

/// Rewrite one part (an XML file) of an xlsx package in place.
pub fn rewrite_part(path: &Path, part: &str, edit: impl FnOnce(String) -> String) {
    let bytes = std::fs::read(path).expect("read fixture");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut edit = Some(edit);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let name = entry.name().expect("entry name").to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).expect("read entry");
        if name == part
            && let Some(edit) = edit.take()
        {
            content = edit(String::from_utf8(content).expect("xml")).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(&content).expect("write");
    }
    assert!(edit.is_none(), "{part} not found in {}", path.display());
    let bytes = out.finish().expect("finish").into_inner();
    std::fs::write(path, bytes).expect("write fixture");
}

/// Rewrite an xlsx so that it uses the 1904 date system, as old Mac
/// workbooks do (rust_xlsxwriter only writes the 1900 system).
pub fn make_1904(path: &Path) {
    rewrite_part(path, "xl/workbook.xml", |text| {
        let patched = text.replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1);
        assert_ne!(patched, text, "workbookPr not found");
        patched
    });
}
