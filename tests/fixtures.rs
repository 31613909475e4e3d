//! The tests' inputs, built in one place: small workbooks written at test
//! time, each named for the quirk it exercises, so a test shows its input
//! next to its assertion; a copy of the sample month to change one thing
//! in; and reading or editing one part of an xlsx/docx package as a person
//! editing a cell would.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

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

/// The text of one part (an XML file) of an xlsx or docx package.
pub fn part(path: &Path, name: &str) -> String {
    try_part(path, name).unwrap_or_else(|| panic!("{name} is not in {}", path.display()))
}

/// The text of one part of a package, if it has that part.
pub fn try_part(path: &Path, name: &str) -> Option<String> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut package = zip::ZipArchive::new(file)
        .unwrap_or_else(|e| panic!("{} is not a zip package: {e}", path.display()));
    let mut entry = package.by_name(name).ok()?;
    let mut text = String::new();
    entry
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{name} in {}: {e}", path.display()));
    Some(text)
}

/// A copy of the March 2019 sample month as the month folder `name` of
/// the test's folder, for a test to change one thing in.
pub fn sample_month(test: &crate::Test, name: &str) -> std::path::PathBuf {
    let dir = test.month_dir(name);
    crate::copy_dir(crate::samples(), &dir);
    dir
}

/// Set one number cell of an xlsx by hand, as a person correcting a figure
/// would (the file is otherwise untouched).
pub fn set_number(path: &Path, sheet_name: &str, cell: &str, value: u64) {
    use calamine::{Reader, Xlsx, open_workbook};
    let workbook: Xlsx<_> = open_workbook(path).expect("open workbook");
    let index = workbook
        .sheet_names()
        .iter()
        .position(|n| n == sheet_name)
        .expect("sheet exists");
    drop(workbook);
    let part = format!("xl/worksheets/sheet{}.xml", index + 1);
    rewrite_part(path, &part, |xml| {
        let start = xml
            .find(&format!("<c r=\"{cell}\""))
            .expect("cell in sheet");
        let v_start = start + xml[start..].find("<v>").expect("value") + 3;
        let v_end = v_start + xml[v_start..].find("</v>").expect("value end");
        format!("{}{value}{}", &xml[..v_start], &xml[v_end..])
    });
}

/// Type into a history blank's sheet as a person would: each `(cell,
/// text)` replaces what the cell holds (the blank's empty cell, or a figure
/// typed before); a number is typed as a number, and an empty text clears
/// the cell.
pub fn type_into(path: &Path, sheet: usize, cells: &[(String, String)]) {
    rewrite_part(
        path,
        &format!("xl/worksheets/sheet{sheet}.xml"),
        |mut xml| {
            for (cell, text) in cells {
                let start = xml
                    .find(&format!("<c r=\"{cell}\" "))
                    .unwrap_or_else(|| panic!("{cell} is in the blank"));
                let tag = start + xml[start..].find('>').expect("a cell tag");
                let end = if xml[..tag].ends_with('/') {
                    tag + 1
                } else {
                    tag + xml[tag..].find("</c>").expect("a cell's end") + 4
                };
                let style = xml[start..tag]
                    .split("s=\"")
                    .nth(1)
                    .and_then(|s| s.split('"').next())
                    .expect("a style")
                    .to_string();
                let typed = match text.as_str() {
                    "" => format!("<c r=\"{cell}\" s=\"{style}\"/>"),
                    t if t.parse::<f64>().is_ok() => {
                        format!("<c r=\"{cell}\" s=\"{style}\"><v>{t}</v></c>")
                    }
                    t => format!(
                        "<c r=\"{cell}\" s=\"{style}\" t=\"inlineStr\"><is><t>{t}</t></is></c>"
                    ),
                };
                xml.replace_range(start..end, &typed);
            }
            xml
        },
    );
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

/// A cell of an xlsb fixture.
pub enum XlsbCell {
    /// Kept in the shared strings, as Excel keeps text.
    Text(String),
    /// Kept in the cell's own record (`BrtCellSt`), as other writers may.
    Inline(String),
    Number(f64),
    /// A serial date, shown in the built-in format 14 (`m/d/yyyy`).
    Date(f64),
}

/// A sheet of an xlsb fixture: cells by zero-based (row, column), and
/// merged ranges as (first, last) positions.
pub struct XlsbSheet {
    pub name: String,
    pub cells: Vec<((u32, u32), XlsbCell)>,
    pub merges: Vec<((u32, u32), (u32, u32))>,
}

/// An Excel binary workbook (`.xlsb`) built from MS-XLSB, since nothing at
/// hand writes one (LibreOffice reads the format but cannot save it): the
/// package's content types and relationships, then `workbook.bin`,
/// `styles.bin` (cell formats: General, and a date), `sharedStrings.bin`
/// and a `sheetN.bin` per sheet, each a run of records. The records are
/// those Excel writes for these cells, and only those calamine needs:
/// no fonts, fills or borders.
pub fn xlsb(sheets: &[XlsbSheet]) -> Vec<u8> {
    let mut strings: Vec<&str> = Vec::new();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for (n, sheet) in sheets.iter().enumerate() {
        parts.push((
            format!("xl/worksheets/sheet{}.bin", n + 1),
            xlsb_sheet(sheet, &mut strings),
        ));
    }
    let mut workbook = Vec::new();
    brt(&mut workbook, 0x0083, &[]); // BrtBeginBook
    let mut properties = vec![0u8; 8]; // flags (1900 dates), theme version
    properties.extend(wide(""));
    brt(&mut workbook, 0x0099, &properties); // BrtWbProp
    brt(&mut workbook, 0x008F, &[]); // BrtBeginBundleShs
    for (n, sheet) in sheets.iter().enumerate() {
        let mut body = 0u32.to_le_bytes().to_vec(); // visible
        body.extend((n as u32 + 1).to_le_bytes()); // tab id
        body.extend(wide(&format!("rId{}", n + 1)));
        body.extend(wide(&sheet.name));
        brt(&mut workbook, 0x009C, &body); // BrtBundleSh
    }
    brt(&mut workbook, 0x0090, &[]); // BrtEndBundleShs
    brt(&mut workbook, 0x0084, &[]); // BrtEndBook
    let mut styles = Vec::new();
    brt(&mut styles, 0x0116, &[]); // BrtBeginStyleSheet
    brt(&mut styles, 0x0269, &2u32.to_le_bytes()); // BrtBeginCellXFs
    for format in [0u16, 14] {
        // BrtXF: parent, number format, font, fill, border, then alignment
        // and flags left at zero.
        let mut xf = vec![0u8; 16];
        xf[2..4].copy_from_slice(&format.to_le_bytes());
        brt(&mut styles, 0x002F, &xf);
    }
    brt(&mut styles, 0x026A, &[]); // BrtEndCellXFs
    brt(&mut styles, 0x0117, &[]); // BrtEndStyleSheet
    let mut shared = Vec::new();
    let count = (strings.len() as u32).to_le_bytes();
    brt(&mut shared, 0x009F, &[count, count].concat()); // BrtBeginSst
    for text in &strings {
        let mut item = vec![0u8]; // plain text, no runs
        item.extend(wide(text));
        brt(&mut shared, 0x0013, &item); // BrtSSTItem
    }
    brt(&mut shared, 0x00A0, &[]); // BrtEndSst

    const MAIN: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let relationship = |id: &str, kind: &str, target: &str| {
        format!("<Relationship Id=\"{id}\" Type=\"{MAIN}/{kind}\" Target=\"{target}\"/>")
    };
    let mut overrides = String::new();
    let mut workbook_rels = String::new();
    for n in 1..=sheets.len() {
        overrides.push_str(&format!(
            "<Override PartName=\"/xl/worksheets/sheet{n}.bin\" ContentType=\"application/vnd.ms-excel.worksheet\"/>"
        ));
        workbook_rels.push_str(&relationship(
            &format!("rId{n}"),
            "worksheet",
            &format!("worksheets/sheet{n}.bin"),
        ));
    }
    workbook_rels.push_str(&relationship("rIdStyles", "styles", "styles.bin"));
    workbook_rels.push_str(&relationship(
        "rIdStrings",
        "sharedStrings",
        "sharedStrings.bin",
    ));
    let types = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"bin\" ContentType=\"application/vnd.ms-excel.sheet.binary.macroEnabled.main\"/>\
         {overrides}\
         <Override PartName=\"/xl/styles.bin\" ContentType=\"application/vnd.ms-excel.styles\"/>\
         <Override PartName=\"/xl/sharedStrings.bin\" ContentType=\"application/vnd.ms-excel.sharedStrings\"/>\
         </Types>"
    );
    let rels = |body: &str| {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{body}</Relationships>"
        )
    };
    let mut package = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), types.into_bytes()),
        (
            "_rels/.rels".into(),
            rels(&relationship("rId1", "officeDocument", "xl/workbook.bin")).into_bytes(),
        ),
        ("xl/workbook.bin".into(), workbook),
        (
            "xl/_rels/workbook.bin.rels".into(),
            rels(&workbook_rels).into_bytes(),
        ),
        ("xl/styles.bin".into(), styles),
        ("xl/sharedStrings.bin".into(), shared),
    ];
    files.extend(parts);
    for (name, bytes) in files {
        package.start_file(name, options).expect("start part");
        package.write_all(&bytes).expect("write part");
    }
    package.finish().expect("finish package").into_inner()
}

/// One worksheet part: its extent, rows of cells (text as indexes into
/// `strings`, which it extends), then its merged ranges.
fn xlsb_sheet<'a>(sheet: &'a XlsbSheet, strings: &mut Vec<&'a str>) -> Vec<u8> {
    let mut cells: Vec<&((u32, u32), XlsbCell)> = sheet.cells.iter().collect();
    cells.sort_by_key(|(at, _)| *at);
    let mut part = Vec::new();
    brt(&mut part, 0x0081, &[]); // BrtBeginSheet
    let (mut first, mut last) = ((u32::MAX, u32::MAX), (0, 0));
    for ((row, col), _) in &cells {
        first = (first.0.min(*row), first.1.min(*col));
        last = (last.0.max(*row), last.1.max(*col));
    }
    if cells.is_empty() {
        first = (0, 0);
    }
    let dimension = [first.0, last.0, first.1, last.1];
    brt(&mut part, 0x0094, &dimension.map(u32::to_le_bytes).concat()); // BrtWsDim
    brt(&mut part, 0x0091, &[]); // BrtBeginSheetData
    let mut row = None;
    for ((r, c), cell) in cells {
        if row != Some(*r) {
            // BrtRowHdr: row, style, height (15 pt), flags, no column spans.
            let mut header = r.to_le_bytes().to_vec();
            header.extend(0u32.to_le_bytes());
            header.extend(300u16.to_le_bytes());
            header.extend([0u8; 3]);
            header.extend(0u32.to_le_bytes());
            brt(&mut part, 0x0000, &header);
            row = Some(*r);
        }
        // Cell: column, then the XF index in three bytes and a flags byte.
        let mut body = c.to_le_bytes().to_vec();
        let style: u32 = matches!(cell, XlsbCell::Date(_)).into();
        body.extend(style.to_le_bytes());
        match cell {
            XlsbCell::Text(text) => {
                let index = strings.iter().position(|s| s == text).unwrap_or_else(|| {
                    strings.push(text);
                    strings.len() - 1
                });
                body.extend((index as u32).to_le_bytes());
                brt(&mut part, 0x0007, &body); // BrtCellIsst
            }
            XlsbCell::Inline(text) => {
                body.extend(wide(text));
                brt(&mut part, 0x0006, &body); // BrtCellSt
            }
            XlsbCell::Number(value) | XlsbCell::Date(value) => {
                body.extend(value.to_le_bytes());
                brt(&mut part, 0x0005, &body); // BrtCellReal
            }
        }
    }
    brt(&mut part, 0x0092, &[]); // BrtEndSheetData
    if !sheet.merges.is_empty() {
        let count = sheet.merges.len() as u32;
        brt(&mut part, 0x00B1, &count.to_le_bytes()); // BrtBeginMergeCells
        for ((r0, c0), (r1, c1)) in &sheet.merges {
            let rfx = [*r0, *r1, *c0, *c1].map(u32::to_le_bytes).concat();
            brt(&mut part, 0x00B0, &rfx); // BrtMergeCell
        }
        brt(&mut part, 0x00B2, &[]); // BrtEndMergeCells
    }
    brt(&mut part, 0x0082, &[]); // BrtEndSheet
    part
}

/// One record (MS-XLSB 2.1.4): its type and its body's size, each seven
/// bits a byte, low bits first, the top bit saying another byte follows;
/// then the body.
fn brt(part: &mut Vec<u8>, typ: u16, body: &[u8]) {
    for mut n in [u32::from(typ), body.len() as u32] {
        loop {
            let low = (n & 0x7F) as u8;
            n >>= 7;
            if n == 0 {
                part.push(low);
                break;
            }
            part.push(low | 0x80);
        }
    }
    part.extend_from_slice(body);
}

/// An `XLWideString`: its length in UTF-16 units, then the units.
fn wide(text: &str) -> Vec<u8> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut bytes = (units.len() as u32).to_le_bytes().to_vec();
    bytes.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    bytes
}

/// The crate's `src/` folder.
pub fn source_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every Rust file in `dir` and the folders below it, in path order.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read src").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(dir, &mut found);
    found.sort();
    found
}
