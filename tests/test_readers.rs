//! Our own xlsx sheet reader against calamine's. Each workbook is read four
//! times — by our reader as the converter runs it (a small sheet unpacked
//! whole), by our reader streaming every sheet, by calamine's streaming cell
//! reader and by calamine's range reader — and all must give the same
//! sheets: the
//! same names, hidden flags and date systems, and every non-empty cell at the
//! same position with the same value, numbers equal to the bit. The workbooks
//! are the samples, random ones rust_xlsxwriter writes, packages written by
//! hand from XML to reach what rust_xlsxwriter never writes, and one that
//! LibreOffice saved.
//!
//! Our reader hands a package it cannot open to calamine without a word,
//! which would let a comparison pass for nothing. So each package is also
//! read with a probe sheet added that only our reader can read (its one cell
//! is `#SPILL!`, an error value calamine refuses): reading it proves that our
//! reader, not calamine, opened the package.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};

use opsreport::inputs::cell::Raw;
use opsreport::inputs::workbook::{Sheet, SheetRow, XlsxReader, read_sheets_with};
use opsreport::text::cell_ref;

use crate::fixtures::make_1904;
use crate::libreoffice::{convert, soffice};

// ------------------------------------------------------------- comparing

/// Read an xlsx workbook with our reader and with both of calamine's, and
/// panic at the first difference, naming the sheet, the cell and both
/// values. `name` decides the format, so it must end in `.xlsx`. Returns
/// our reading.
fn assert_same(name: &str, bytes: &[u8]) -> Vec<Sheet> {
    let ours = read_sheets_with(name, bytes, XlsxReader::Own)
        .unwrap_or_else(|e| panic!("{name}: our reader failed: {e}"));
    for reader in [
        XlsxReader::OwnStreamed,
        XlsxReader::CalamineStream,
        XlsxReader::CalamineRange,
    ] {
        let theirs = read_sheets_with(name, bytes, reader).unwrap_or_else(|e| {
            panic!("{name}: calamine's reader ({reader:?}) failed, where ours did not: {e}")
        });
        if let Err(difference) = compare(&ours, &theirs) {
            panic!("{name}: ours and calamine's {reader:?} differ: {difference}");
        }
    }
    ours
}

/// The first difference between our reading of a workbook and calamine's,
/// in words.
fn compare(ours: &[Sheet], theirs: &[Sheet]) -> Result<(), String> {
    let names = |sheets: &[Sheet]| sheets.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
    if names(ours) != names(theirs) {
        return Err(format!(
            "the sheets are {:?} in ours, {:?} in calamine's",
            names(ours),
            names(theirs)
        ));
    }
    for (a, b) in ours.iter().zip(theirs) {
        let flags = |s: &Sheet| (s.hidden, s.date1904, s.csv);
        if flags(a) != flags(b) {
            return Err(format!(
                "sheet {:?}: (hidden, date1904, csv) are {:?} in ours, {:?} in calamine's",
                a.name,
                flags(a),
                flags(b)
            ));
        }
        compare_rows(&a.rows, &b.rows).map_err(|e| format!("sheet {:?}: {e}", a.name))?;
    }
    Ok(())
}

/// Walk both sheets' cells in order, so that a cell only one side has is
/// named as well as one whose value differs.
fn compare_rows(ours: &[SheetRow], theirs: &[SheetRow]) -> Result<(), String> {
    let cells = |rows: &[SheetRow]| -> Vec<(u32, u32, Raw)> {
        rows.iter()
            .flat_map(|row| {
                row.cells
                    .iter()
                    .map(move |(col, raw)| (row.index, *col, raw.clone()))
            })
            .collect()
    };
    let (a, b) = (cells(ours), cells(theirs));
    let at = |(row, col): (u32, u32)| format!("{} (row {row}, column {col})", cell_ref(row, col));
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let here_a = a.get(i).map(|(r, c, _)| (*r, *c));
        let here_b = b.get(j).map(|(r, c, _)| (*r, *c));
        match (here_a, here_b) {
            (Some(pa), Some(pb)) if pa == pb => {
                if !same(&a[i].2, &b[j].2) {
                    return Err(format!(
                        "{}: ours {:?}, calamine's {:?}",
                        at(pa),
                        a[i].2,
                        b[j].2
                    ));
                }
                i += 1;
                j += 1;
            }
            (Some(pa), pb) if pb.is_none_or(|pb| pa < pb) => {
                return Err(format!("{}: ours {:?}, calamine's nothing", at(pa), a[i].2));
            }
            (_, Some(pb)) => {
                return Err(format!("{}: ours nothing, calamine's {:?}", at(pb), b[j].2));
            }
            (_, None) => unreachable!("the loop runs while a cell is left"),
        }
    }
    // The same cells, yet rows could still be split or repeated.
    let shape = |rows: &[SheetRow]| -> Vec<(u32, Option<u64>, usize)> {
        rows.iter()
            .map(|r| (r.index, r.line, r.cells.len()))
            .collect()
    };
    if shape(ours) != shape(theirs) {
        return Err(format!(
            "the rows (index, line, cells) are {:?} in ours, {:?} in calamine's",
            shape(ours),
            shape(theirs)
        ));
    }
    Ok(())
}

/// Equal values, numbers to the bit: `-0.0` is not `0.0`, and the last
/// digit counts.
fn same(a: &Raw, b: &Raw) -> bool {
    match (a, b) {
        (Raw::Number(x), Raw::Number(y)) => x.to_bits() == y.to_bits(),
        (
            Raw::DateTime {
                serial: x,
                duration: dx,
            },
            Raw::DateTime {
                serial: y,
                duration: dy,
            },
        ) => x.to_bits() == y.to_bits() && dx == dy,
        _ => a == b,
    }
}

/// A sheet's cells by A1 reference, to state what a test expects.
fn cells(sheet: &Sheet) -> Vec<(String, Raw)> {
    sheet
        .rows
        .iter()
        .flat_map(|row| {
            row.cells
                .iter()
                .map(|(col, raw)| (cell_ref(row.index, *col), raw.clone()))
        })
        .collect()
}

fn text(s: &str) -> Raw {
    Raw::Text(s.to_string())
}

fn date(serial: f64) -> Raw {
    Raw::DateTime {
        serial,
        duration: false,
    }
}

fn duration(serial: f64) -> Raw {
    Raw::DateTime {
        serial,
        duration: true,
    }
}

/// `expected` as (reference, value) pairs, to compare with `cells`.
fn expect(expected: &[(&str, Raw)]) -> Vec<(String, Raw)> {
    expected
        .iter()
        .map(|(at, raw)| (at.to_string(), raw.clone()))
        .collect()
}

// ------------------------------------------------------------- packages

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const DOC_RELS_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WORKSHEET: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
const OFFICE_DOCUMENT: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#;

/// An xlsx package as its parts, and the name of its workbook part.
struct Package {
    workbook: String,
    parts: Vec<(String, Vec<u8>)>,
}

impl Package {
    /// A package written elsewhere, laid out as Excel lays it out.
    fn from_zip(bytes: &[u8]) -> Package {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("an xlsx is a zip");
        let parts = (0..archive.len())
            .map(|i| {
                let mut entry = archive.by_index(i).expect("zip entry");
                let name = entry.name().expect("entry name").to_string();
                let mut content = Vec::new();
                entry.read_to_end(&mut content).expect("read zip entry");
                (name, content)
            })
            .collect();
        Package {
            workbook: "xl/workbook.xml".to_string(),
            parts,
        }
    }

    fn zip(&self) -> Vec<u8> {
        zip_parts(&self.parts)
    }

    /// The package with a last sheet, "probe", whose one cell is
    /// `#SPILL!`: our reader reads it, calamine fails the workbook.
    fn probed(&self) -> Vec<u8> {
        let (dir, file) = match self.workbook.rfind('/') {
            Some(i) => self.workbook.split_at(i + 1),
            None => ("", self.workbook.as_str()),
        };
        let rels = format!("{dir}_rels/{file}.rels");
        let mut parts = self.parts.clone();
        for (name, content) in &mut parts {
            if name.eq_ignore_ascii_case(&self.workbook) {
                insert_before_end(
                    content,
                    "sheets",
                    r#"sheet name="probe" sheetId="999" r:id="rIdProbe""#,
                );
            } else if name.eq_ignore_ascii_case(&rels) {
                insert_before_end(
                    content,
                    "Relationships",
                    &format!(r#"Relationship Id="rIdProbe" Type="{WORKSHEET}" Target="probe.xml""#),
                );
            }
        }
        parts.push((
            format!("{dir}probe.xml"),
            worksheet(
                r#"<sheetData><row r="1"><c r="A1" t="e"><v>#SPILL!</v></c></row></sheetData>"#,
            )
            .into_bytes(),
        ));
        zip_parts(&parts)
    }
}

/// Put `<element/>` just before the end tag of the last `local` element,
/// with that end tag's namespace prefix.
fn insert_before_end(xml: &mut Vec<u8>, local: &str, element: &str) {
    let mut text = String::from_utf8(std::mem::take(xml)).expect("XML is UTF-8");
    let name_at = text
        .rfind(&format!("{local}>"))
        .unwrap_or_else(|| panic!("no </{local}> to add the probe to"));
    let open = text[..name_at].rfind("</").expect("an end tag");
    let prefix = text[open + 2..name_at].to_string();
    text.insert_str(open, &format!("<{prefix}{element}/>"));
    *xml = text.into_bytes();
}

fn zip_parts(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in parts {
        out.start_file(name.as_str(), options)
            .expect("start a zip entry");
        out.write_all(content).expect("write a zip entry");
    }
    out.finish().expect("finish the zip").into_inner()
}

/// Panic unless our reader opens the package itself rather than handing
/// it to calamine.
fn assert_ours_opens(name: &str, package: &Package) {
    let sheets = read_sheets_with(name, &package.probed(), XlsxReader::Own).unwrap_or_else(|e| {
        panic!("{name}: our reader did not open the package but handed it to calamine ({e})")
    });
    let probe = sheets
        .last()
        .filter(|s| s.name == "probe")
        .map(cells)
        .unwrap_or_default();
    assert_eq!(
        probe,
        expect(&[("A1", Raw::Error("#SPILL!".into()))]),
        "{name}: our reader did not read the probe sheet: calamine opened the package"
    );
}

/// `assert_ours_opens`, then `assert_same`.
fn assert_same_package(name: &str, package: &Package) -> Vec<Sheet> {
    assert_ours_opens(name, package);
    assert_same(name, &package.zip())
}

/// A package laid out as Excel lays it out: `xl/workbook.xml` with its
/// relationships, each sheet at `xl/` and its path, and the shared strings
/// and styles if given.
fn package(
    workbook: &str,
    rels: &str,
    sheets: &[(&str, &str)],
    shared_strings: Option<&str>,
    styles: Option<&str>,
) -> Package {
    let root_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="xl/workbook.xml"/></Relationships>"#
    );
    let mut parts = vec![
        ("[Content_Types].xml".to_string(), CONTENT_TYPES.to_string()),
        ("_rels/.rels".to_string(), root_rels),
        ("xl/workbook.xml".to_string(), workbook.to_string()),
        ("xl/_rels/workbook.xml.rels".to_string(), rels.to_string()),
    ];
    for (path, xml) in sheets {
        parts.push((format!("xl/{path}"), xml.to_string()));
    }
    if let Some(xml) = shared_strings {
        parts.push(("xl/sharedStrings.xml".to_string(), xml.to_string()));
    }
    if let Some(xml) = styles {
        parts.push(("xl/styles.xml".to_string(), xml.to_string()));
    }
    Package {
        workbook: "xl/workbook.xml".to_string(),
        parts: parts
            .into_iter()
            .map(|(name, xml)| (name, xml.into_bytes()))
            .collect(),
    }
}

/// A workbook of the `<sheet>` elements given, the first with `r:id="rId1"`
/// and so on, and its relationships to `worksheets/sheet1.xml` and so on.
fn workbook(sheets: &[&str], workbook_pr: &str) -> (String, String) {
    let elements: String = sheets.iter().map(|s| format!("<sheet {s}/>")).collect();
    let rels: String = (1..=sheets.len())
        .map(|i| {
            format!(
                r#"<Relationship Id="rId{i}" Type="{WORKSHEET}" Target="worksheets/sheet{i}.xml"/>"#
            )
        })
        .collect();
    (
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN_NS}" xmlns:r="{DOC_RELS_NS}">{workbook_pr}<sheets>{elements}</sheets></workbook>"#
        ),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{RELS_NS}">{rels}</Relationships>"#
        ),
    )
}

/// A package of one sheet, "Data", whose worksheet XML is given whole.
fn one_sheet(sheet: &str, shared_strings: Option<&str>, styles: Option<&str>) -> Package {
    let (book, rels) = workbook(&[r#"name="Data" sheetId="1" r:id="rId1""#], "");
    package(
        &book,
        &rels,
        &[("worksheets/sheet1.xml", sheet)],
        shared_strings,
        styles,
    )
}

/// A worksheet of the content given (`<sheetData>` and what follows it).
fn worksheet(content: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{MAIN_NS}" xmlns:r="{DOC_RELS_NS}">{content}</worksheet>"#
    )
}

fn shared_strings(items: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="{MAIN_NS}">{items}</sst>"#
    )
}

// ------------------------------------------------------------- the samples

/// Every `.xlsx` under `dir`, at any depth, but Excel's `~$` lock files.
fn xlsx_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("folder entry").path();
        let name = path.file_name().map(|n| n.to_string_lossy().to_string());
        if path.is_dir() {
            xlsx_files(&path, found);
        } else if let Some(name) = name
            && name.to_ascii_lowercase().ends_with(".xlsx")
            && !name.starts_with("~$")
        {
            found.push(path);
        }
    }
}

#[test]
fn every_sample_and_fixture_workbook_reads_the_same() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    xlsx_files(&root.join("samples"), &mut files);
    xlsx_files(&root.join("tests/fixtures"), &mut files);
    files.sort();
    assert!(files.len() > 10, "samples/ has few workbooks: {files:?}");
    // Several months hold the same file (the helpdesk log, 660 KB):
    // each is read once.
    let mut seen = std::collections::HashSet::new();
    for path in files {
        let name = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let bytes = std::fs::read(&path).expect("read workbook");
        if !seen.insert(bytes.clone()) {
            continue;
        }
        if !bytes.starts_with(b"PK\x03\x04") {
            // An encrypted workbook is no zip: every reader refuses it alike.
            let errors: Vec<String> = [
                XlsxReader::Own,
                XlsxReader::CalamineStream,
                XlsxReader::CalamineRange,
            ]
            .into_iter()
            .map(|reader| {
                read_sheets_with(&name, &bytes, reader)
                    .expect_err("a workbook that is no zip cannot be read")
            })
            .collect();
            assert!(errors[0].contains("password"), "{name}: {}", errors[0]);
            assert!(errors.iter().all(|e| *e == errors[0]), "{name}: {errors:?}");
            continue;
        }
        assert_ours_opens(&name, &Package::from_zip(&bytes));
        assert_same(&name, &bytes);
    }
}

// ------------------------------------------------------------- random workbooks

/// A number format a generated cell may carry.
#[derive(Debug, Clone, Copy)]
enum NumFormat {
    Code(&'static str),
    Builtin(u8),
}

impl NumFormat {
    fn format(self) -> Format {
        match self {
            NumFormat::Code(code) => Format::new().set_num_format(code),
            NumFormat::Builtin(index) => Format::new().set_num_format_index(index),
        }
    }
}

const NUM_FORMATS: [NumFormat; 12] = [
    NumFormat::Code("dd/mm/yyyy"),
    NumFormat::Code("yyyy-mm-dd hh:mm"),
    NumFormat::Code("[h]:mm"),
    NumFormat::Code("h:mm"),
    NumFormat::Code("mm:ss"),
    NumFormat::Code("0.00"),
    NumFormat::Code("@"),
    NumFormat::Code("General"),
    NumFormat::Code("d-mmm"),
    NumFormat::Builtin(14),
    NumFormat::Builtin(22),
    NumFormat::Builtin(46),
];

/// What a generated cell holds, as rust_xlsxwriter is asked to write it.
#[derive(Debug, Clone)]
enum Written {
    Text(String),
    Number(f64),
    Formatted(f64, NumFormat),
    Bool(bool),
    /// A formula, its cached result (typed by rust_xlsxwriter: a number,
    /// `TRUE`/`FALSE`, an error such as `#N/A`, else text) and a format.
    Formula(&'static str, String, Option<NumFormat>),
    /// Runs of text, bold or not.
    Rich(Vec<(bool, String)>),
    Blank(NumFormat),
}

/// A merged range: first and last (row, column), and the text it shows.
#[derive(Debug, Clone)]
struct Merge {
    first: (u32, u16),
    last: (u32, u16),
    text: String,
}

impl Merge {
    fn covers(&self, (row, col): (u32, u16)) -> bool {
        (self.first.0..=self.last.0).contains(&row) && (self.first.1..=self.last.1).contains(&col)
    }

    fn overlaps(&self, other: &Merge) -> bool {
        self.first.0 <= other.last.0
            && other.first.0 <= self.last.0
            && self.first.1 <= other.last.1
            && other.first.1 <= self.last.1
    }
}

#[derive(Debug, Clone, Copy)]
enum Visibility {
    Visible,
    Hidden,
    VeryHidden,
}

#[derive(Debug, Clone)]
struct SheetSpec {
    name: &'static str,
    visibility: Visibility,
    /// Written row by row with inline strings.
    constant_memory: bool,
    cells: BTreeMap<(u32, u16), Written>,
    merges: Vec<Merge>,
}

#[derive(Debug, Clone)]
struct BookSpec {
    sheets: Vec<SheetSpec>,
    date1904: bool,
}

/// Write a workbook as rust_xlsxwriter does, into memory.
fn write_book(spec: &BookSpec) -> Vec<u8> {
    let mut workbook = Workbook::new();
    for sheet in &spec.sheets {
        let worksheet = if sheet.constant_memory {
            workbook
                .add_worksheet_with_constant_memory()
                .expect("a constant-memory sheet")
        } else {
            workbook.add_worksheet()
        };
        write_sheet(worksheet, sheet);
    }
    let bytes = workbook.save_to_buffer().expect("save the workbook");
    if spec.date1904 { in_1904(bytes) } else { bytes }
}

/// What is written at a position: a cell, or a merged range from its first
/// cell.
enum Step<'a> {
    Cell(&'a Written),
    Merge(&'a Merge),
}

fn write_sheet(worksheet: &mut Worksheet, spec: &SheetSpec) {
    worksheet.set_name(spec.name).expect("a valid sheet name");
    match spec.visibility {
        Visibility::Visible => {}
        Visibility::Hidden => {
            worksheet.set_hidden(true);
        }
        Visibility::VeryHidden => {
            worksheet.set_very_hidden(true);
        }
    }
    // In row order, merged ranges among the cells: a constant-memory sheet
    // drops whatever is written to a row it has passed.
    let mut writes: Vec<((u32, u16), Step<'_>)> = spec
        .cells
        .iter()
        .map(|(at, written)| (*at, Step::Cell(written)))
        .chain(
            spec.merges
                .iter()
                .map(|merge| (merge.first, Step::Merge(merge))),
        )
        .collect();
    writes.sort_by_key(|(at, _)| *at);
    let bold = Format::new().set_bold();
    let plain = Format::new();
    for ((row, col), write) in writes {
        let done = match write {
            Step::Merge(merge) => worksheet.merge_range(
                row,
                col,
                merge.last.0,
                merge.last.1,
                &merge.text,
                &Format::new(),
            ),
            Step::Cell(Written::Text(s)) => worksheet.write_string(row, col, s),
            Step::Cell(Written::Number(n)) => worksheet.write_number(row, col, *n),
            Step::Cell(Written::Formatted(n, format)) => {
                worksheet.write_number_with_format(row, col, *n, &format.format())
            }
            Step::Cell(Written::Bool(b)) => worksheet.write_boolean(row, col, *b),
            Step::Cell(Written::Formula(formula, result, format)) => {
                let formula = Formula::new(*formula).set_result(result);
                match format {
                    Some(format) => {
                        worksheet.write_formula_with_format(row, col, formula, &format.format())
                    }
                    None => worksheet.write_formula(row, col, formula),
                }
            }
            Step::Cell(Written::Rich(runs)) => {
                let runs: Vec<(&Format, &str)> = runs
                    .iter()
                    .map(|(is_bold, s)| (if *is_bold { &bold } else { &plain }, s.as_str()))
                    .collect();
                worksheet.write_rich_string(row, col, &runs)
            }
            Step::Cell(Written::Blank(format)) => worksheet.write_blank(row, col, &format.format()),
        };
        done.map(|_| ())
            .unwrap_or_else(|e| panic!("write {}: {e}", cell_ref(row, u32::from(col))));
    }
}

/// The workbook switched to the 1904 date system (rust_xlsxwriter writes
/// only 1900).
fn in_1904(bytes: Vec<u8>) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("book.xlsx");
    std::fs::write(&path, bytes).expect("write the workbook");
    make_1904(&path);
    std::fs::read(&path).expect("read the workbook back")
}

/// Pieces of text that XML, Excel's `_xHHHH_` escapes or trimming could
/// get wrong.
const AWKWARD: [&str; 30] = [
    "&", "<", ">", "\"", "'", "a&b<c>", "\r\n", "\n", "\r", "\t", " ", "   ", " lead", "trail ",
    "_x000D_", "_x0041_", "_x005F_", "📷", "\u{a0}", "\u{1}", "\u{1f}", "Zürich", "日本", "=1+1",
    "0042", "1e3", "TRUE", "#N/A", "]]>", "&amp;",
];

fn any_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        select(AWKWARD.to_vec()).prop_map(str::to_string),
        "[a-z0-9 ]{1,5}",
        "\\PC{1,3}",
    ];
    prop::collection::vec(piece, 1..4).prop_map(|pieces| pieces.concat())
}

fn any_number() -> impl Strategy<Value = f64> {
    prop_oneof![
        select(vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            42.0,
            -7.0,
            0.5,
            -0.25,
            1e-7,
            1e15,
            0.1 + 0.2,
            1.0 / 3.0,
            123_456_789.123,
            2.5e-300,
        ]),
        (-1_000_000i32..1_000_000).prop_map(f64::from),
        -1e6..1e6f64,
    ]
}

/// A serial date, time or duration.
fn any_serial() -> impl Strategy<Value = f64> {
    prop_oneof![
        select(vec![
            0.0,
            1.0,
            59.0,
            60.0,
            61.0,
            0.5,
            -1.5,
            2_958_465.999_99
        ]),
        (0u32..80_000).prop_map(f64::from),
        0.0..100_000.0f64,
    ]
}

fn any_formula_result() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "2", "-0.5", "1e-7", "43525.25", "TRUE", "FALSE", "#N/A", "#DIV/0!", "#VALUE!",
            "#REF!", "", " padded ", "a & <b>", "_x0041_", "\r\n",
        ])
        .prop_map(str::to_string),
        any_text(),
        any_number().prop_map(|n| n.to_string()),
    ]
}

fn any_written() -> impl Strategy<Value = Written> {
    let format = || select(NUM_FORMATS.to_vec());
    let formula = select(vec!["=1+1", "=A1&\"<&>\"", "=NA()", "=TODAY()"]);
    prop_oneof![
        3 => any_text().prop_map(Written::Text),
        2 => any_number().prop_map(Written::Number),
        2 => (any_serial(), format()).prop_map(|(n, f)| Written::Formatted(n, f)),
        1 => any::<bool>().prop_map(Written::Bool),
        2 => (formula, any_formula_result(), prop::option::of(format()))
            .prop_map(|(f, result, format)| Written::Formula(f, result, format)),
        1 => prop::collection::vec((any::<bool>(), any_text()), 1..4).prop_map(Written::Rich),
        1 => format().prop_map(Written::Blank),
    ]
}

/// Sheet names with what XML escapes, quotes, spaces and more than ASCII.
const SHEET_NAMES: [&str; 7] = [
    "Log & notes",
    "O'Brien's hours",
    "Zürich – März",
    "日本語",
    "📷 photos",
    "A <b> \"c\"",
    "two  spaces",
];

fn any_sheet(name: &'static str, first: bool) -> impl Strategy<Value = SheetSpec> {
    // The first sheet is the active one, which cannot be hidden.
    let visibility = if first {
        Just(Visibility::Visible).boxed()
    } else {
        prop_oneof![
            2 => Just(Visibility::Visible),
            1 => Just(Visibility::Hidden),
            1 => Just(Visibility::VeryHidden),
        ]
        .boxed()
    };
    let position = || (0u32..30, 0u16..10);
    (
        visibility,
        any::<bool>(),
        prop::collection::vec((position(), any_written()), 0..40),
        prop::collection::vec((position(), (0u32..3, 0u16..3), any_text()), 0..3),
    )
        .prop_map(move |(visibility, constant_memory, cells, merges)| {
            let mut kept: Vec<Merge> = Vec::new();
            for ((row, col), (down, across), text) in merges {
                let merge = Merge {
                    first: (row, col),
                    last: (row + down, col + across),
                    text,
                };
                // A merge is of two cells or more; a constant-memory sheet
                // cannot go back to the rows a merge spans.
                let single = down == 0 && across == 0;
                if single
                    || (constant_memory && down > 0)
                    || kept.iter().any(|m| m.overlaps(&merge))
                {
                    continue;
                }
                kept.push(merge);
            }
            let cells = cells
                .into_iter()
                .filter(|(at, _)| !kept.iter().any(|m| m.covers(*at)))
                .collect();
            SheetSpec {
                name,
                visibility,
                constant_memory,
                cells,
                merges: kept,
            }
        })
}

fn any_book() -> impl Strategy<Value = BookSpec> {
    (subsequence(SHEET_NAMES.to_vec(), 1..=4), any::<bool>())
        .prop_flat_map(|(names, date1904)| {
            let sheets: Vec<_> = names
                .iter()
                .enumerate()
                .map(|(i, name)| any_sheet(name, i == 0))
                .collect();
            (sheets, Just(date1904))
        })
        .prop_map(|(sheets, date1904)| BookSpec { sheets, date1904 })
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(64)
    })]

    #[test]
    fn any_workbook_rust_xlsxwriter_writes_reads_the_same(book in any_book()) {
        let bytes = write_book(&book);
        assert_ours_opens("random.xlsx", &Package::from_zip(&bytes));
        let sheets = assert_same("random.xlsx", &bytes);
        prop_assert_eq!(sheets.len(), book.sheets.len());
    }
}

/// A sheet larger than our tokenizer's buffer, so that tags, text and
/// escapes straddle the point where it reads more.
#[test]
fn a_sheet_larger_than_the_read_buffer_reads_the_same() {
    let mut cells = BTreeMap::new();
    for row in 0..3_000u32 {
        let awkward = AWKWARD[row as usize % AWKWARD.len()];
        cells.insert(
            (row, 0),
            Written::Text(format!("{awkward}row {row}{awkward}")),
        );
        cells.insert((row, 1), Written::Number(f64::from(row) / 7.0));
        cells.insert(
            (row, 2),
            Written::Formatted(
                43_525.0 + f64::from(row) / 3.0,
                NUM_FORMATS[row as usize % 12],
            ),
        );
        cells.insert(
            (row, 3),
            Written::Rich(vec![
                (true, format!("{row}")),
                (false, format!(" {awkward} ")),
            ]),
        );
    }
    for constant_memory in [false, true] {
        let book = BookSpec {
            sheets: vec![SheetSpec {
                name: "Log & notes",
                visibility: Visibility::Visible,
                constant_memory,
                cells: cells.clone(),
                merges: vec![Merge {
                    first: (1_500, 5),
                    last: (1_500, 8),
                    text: "merged".to_string(),
                }],
            }],
            date1904: false,
        };
        let bytes = write_book(&book);
        assert!(bytes.len() > 64 * 1024, "{} bytes", bytes.len());
        assert_ours_opens("large.xlsx", &Package::from_zip(&bytes));
        let sheets = assert_same("large.xlsx", &bytes);
        assert_eq!(sheets[0].rows.len(), 3_000);
    }
}

// ------------------------------------------------------------- hand-made packages

#[test]
fn namespace_prefixes_everywhere_as_dotnet_writers_write_them() {
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<x:workbook xmlns:x="{MAIN_NS}" xmlns:r="{DOC_RELS_NS}"><x:workbookPr/><x:sheets><x:sheet name="Data" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>"#
    );
    let rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rel:Relationships xmlns:rel="{RELS_NS}"><rel:Relationship Id="rId1" Type="{WORKSHEET}" Target="worksheets/sheet1.xml"/></rel:Relationships>"#
    );
    let strings = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<x:sst xmlns:x="{MAIN_NS}" count="2" uniqueCount="2"><x:si><x:t>a&amp;b</x:t></x:si><x:si><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">rich </x:t></x:r><x:r><x:t>text</x:t></x:r></x:si></x:sst>"#
    );
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<x:styleSheet xmlns:x="{MAIN_NS}"><x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="dd/mm/yy"/></x:numFmts><x:cellXfs count="2"><x:xf numFmtId="0"/><x:xf numFmtId="164"/></x:cellXfs></x:styleSheet>"#
    );
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="{MAIN_NS}"><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" s="1"><x:v>43525</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>inline</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="A2"><x:f>1+1</x:f><x:v>2</x:v></x:c><x:c r="B2" t="s"><x:v>1</x:v></x:c></x:row><x:row r="3"><x:c r="A3" t="s"><x:v>0</x:v></x:c></x:row></x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A3:B4"/></x:mergeCells></x:worksheet>"#
    );
    let package = package(
        &workbook,
        &rels,
        &[("worksheets/sheet1.xml", &sheet)],
        Some(&strings),
        Some(&styles),
    );
    let sheets = assert_same_package("namespace-prefixes.xlsx", &package);
    assert_eq!(
        cells(&sheets[0]),
        expect(&[
            ("A1", text("a&b")),
            ("B1", date(43525.0)),
            ("C1", text("inline")),
            ("A2", Raw::Number(2.0)),
            ("B2", text("rich text")),
            ("A3", text("a&b")),
            ("B3", text("a&b")),
            ("A4", text("a&b")),
            ("B4", text("a&b")),
        ])
    );
}

#[test]
fn positions_left_out_are_inferred_and_empty_rows_and_cells_skipped() {
    let sheet = worksheet(
        r#"<sheetData>
<row><c><v>1</v></c><c><v>2</v></c></row>
<row r="3"><c><v>3</v></c><c r="D3"><v>4</v></c><c><v>5</v></c></row>
<row><c r="B4"/><c><v>6</v></c></row>
<row r="5"/>
<row r="7"><c r="B7"/><c r="C7"></c></row>
<row><c><v>7</v></c></row>
<row r="10"><c r="c10"><v>8</v></c></row>
</sheetData>"#,
    );
    let sheets = assert_same_package("positions.xlsx", &one_sheet(&sheet, None, None));
    let n = Raw::Number;
    assert_eq!(
        cells(&sheets[0]),
        expect(&[
            ("A1", n(1.0)),
            ("B1", n(2.0)),
            ("A3", n(3.0)),
            ("D3", n(4.0)),
            ("E3", n(5.0)),
            ("C4", n(6.0)),
            ("A8", n(7.0)),
            ("C10", n(8.0)),
        ])
    );
    let empty = worksheet("<sheetData/>");
    let sheets = assert_same_package("empty.xlsx", &one_sheet(&empty, None, None));
    assert!(sheets[0].rows.is_empty(), "{:?}", sheets[0].rows);
}

#[test]
fn shared_strings_rich_phonetic_trimmed_escaped_and_empty() {
    let strings = shared_strings(concat!(
        r#"<si><r><rPr><b/></rPr><t>ab</t></r><r><t xml:space="preserve"> c </t></r></si>"#,
        r#"<si><t>base</t><rPh sb="0" eb="1"><t>ignored</t></rPh><phoneticPr fontId="1"/></si>"#,
        r#"<si><t>  trimmed  </t></si>"#,
        "<si><t>line_x000D_\nbreak</t></si>",
        r#"<si><t>&amp;&lt;&#x41;&#66;&gt;&quot;&apos;</t></si>"#,
        r#"<si><t><![CDATA[<cdata> & stuff]]></t></si>"#,
        "<si><t xml:space=\"preserve\">crlf&#13;\r\nend\rlone</t></si>",
        r#"<si/>"#,
        r#"<si><t/></si>"#,
        r#"<si><t>_x005F_x0041_ _xD83D__xDCF7_ _x00e9_ _xD83D_ _x0041 __x0042_</t></si>"#,
        r#"<si><t xml:space="preserve">   </t></si>"#,
        "<si><t>\u{a0}nbsp\u{a0}</t></si>",
    ));
    let row: String = (0..12)
        .map(|i| format!(r#"<c r="{}" t="s"><v>{i}</v></c>"#, cell_ref(0, i)))
        .collect();
    let sheet = worksheet(&format!(
        r#"<sheetData><row r="1">{row}</row><row r="2"><c r="A2" t="s"><v> 3 </v></c><c r="B2" t="s"><v></v></c></row></sheetData>"#
    ));
    let sheets = assert_same_package(
        "shared-strings.xlsx",
        &one_sheet(&sheet, Some(&strings), None),
    );
    assert_eq!(
        cells(&sheets[0]),
        expect(&[
            ("A1", text("ab c ")),
            ("B1", text("base")),
            ("C1", text("trimmed")),
            ("D1", text("line\r\nbreak")),
            ("E1", text("&<AB>\"'")),
            ("F1", text("<cdata> & stuff")),
            ("G1", text("crlf\r\nend\nlone")),
            ("J1", text("_x0041_ 📷 é \u{fffd} _x0041 _B")),
            ("L1", text("\u{a0}nbsp\u{a0}")),
            // ` 3 ` is no index, and is read as 0, as calamine reads it.
            ("A2", text("ab c ")),
        ])
    );
}

#[test]
fn every_cell_type() {
    let strings = shared_strings("<si><t>shared</t></si>");
    let sheet = worksheet(concat!(
        r#"<sheetData><row r="1">"#,
        r#"<c r="A1" t="str"><v>_x0041_ &amp; b</v></c>"#,
        r#"<c r="B1" t="inlineStr"><is><t>x</t></is></c>"#,
        r#"<c r="C1" t="d"><v>2019-03-04T10:30:00</v></c>"#,
        r#"<c r="D1" t="b"><v>1</v></c>"#,
        r#"<c r="E1" t="b"><v>0</v></c>"#,
        r#"<c r="F1" t="b"><v>true</v></c>"#,
        r#"<c r="G1" t="e"><v>#DIV/0!</v></c>"#,
        r#"<c r="H1" t="n"><v>1.5E3</v></c>"#,
        r#"<c r="I1"><v>-0.25</v></c>"#,
        r#"<c r="J1"><f>SUM(H1:I1)</f><v>1499.75</v></c>"#,
        r#"<c r="K1"><f>NOW()</f></c>"#,
        r#"<c r="L1" t="s"><v> 0 </v></c>"#,
        r#"<c r="M1"><v>text?</v></c>"#,
        r#"<c r="N1"><v>1&amp;2</v></c>"#,
        r#"<c r="O1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>"#,
        r#"<c r="P1" t="e"><f>NA()</f><v>#N/A</v></c>"#,
        r#"<c r="Q1" t="n"><v>-0</v></c>"#,
        r#"<c r="R1"><v>1e-7</v></c>"#,
        r#"<c r="S1" t="inlineStr"><v>left out</v><is><t>kept</t></is></c>"#,
        r#"<c r="T1" t="str"><v>  spaced  </v></c>"#,
        "<c r=\"U1\" t=\"str\"><v>a\r\nb</v></c>",
        r#"<c r="V1" t="s"><v>0</v></c>"#,
        r#"<c r="W1" t="inlineStr"><is><r><t>in</t></r><r><t xml:space="preserve"> rich</t></r></is></c>"#,
        r#"<c r="X1" t="b"><v> </v></c>"#,
        r#"</row></sheetData>"#,
    ));
    let sheets = assert_same_package("cell-types.xlsx", &one_sheet(&sheet, Some(&strings), None));
    assert_eq!(
        cells(&sheets[0]),
        expect(&[
            ("A1", text("A & b")),
            ("B1", text("x")),
            ("C1", text("2019-03-04T10:30:00")),
            ("D1", Raw::Bool(true)),
            ("E1", Raw::Bool(false)),
            ("F1", Raw::Bool(true)),
            ("G1", Raw::Error("#DIV/0!".into())),
            ("H1", Raw::Number(1500.0)),
            ("I1", Raw::Number(-0.25)),
            ("J1", Raw::Number(1499.75)),
            ("L1", text("shared")),
            ("M1", text("text?")),
            // calamine reads an untyped value up to its first reference.
            ("N1", Raw::Number(1.0)),
            ("O1", text("ab")),
            ("P1", Raw::Error("#N/A".into())),
            ("Q1", Raw::Number(-0.0)),
            ("R1", Raw::Number(1e-7)),
            ("S1", text("kept")),
            ("T1", text("  spaced  ")),
            ("U1", text("a\nb")),
            ("V1", text("shared")),
            ("W1", text("in rich")),
        ])
    );
}

/// A value with no type is a number when it parses as one, else text: the
/// two readers parse numbers with different code (`str::parse` and
/// fast-float), so the forms at the edges are compared.
#[test]
fn values_without_a_type_are_numbers_exactly_when_calamine_parses_them() {
    let values = [
        "1.",
        ".5",
        "+1",
        "1e5",
        "1E+05",
        "-1e-5",
        "+.5e-3",
        "007",
        "-0",
        "inf",
        "-Infinity",
        "NaN",
        "-nan",
        "1e400",
        "-1e400",
        "4.9e-325",
        "2.2250738585072011e-308",
        "0.1000000000000000055511151231257827",
        "123456789012345678901234567890",
        "9007199254740993",
        " 1",
        "1 ",
        "0x1A",
        "1,5",
        "1_0",
        "١",
        "e5",
        "5e",
        "--1",
        "1.2.3",
        "∞",
        "infinit",
    ];
    let untyped: String = values
        .iter()
        .enumerate()
        .map(|(col, v)| format!(r#"<c r="{}"><v>{v}</v></c>"#, cell_ref(0, col as u32)))
        .collect();
    let sheet = worksheet(&format!(
        r#"<sheetData><row r="1">{untyped}</row></sheetData>"#
    ));
    let sheets = assert_same_package("untyped-values.xlsx", &one_sheet(&sheet, None, None));
    let read = cells(&sheets[0]);
    assert_eq!(read[0], ("A1".to_string(), Raw::Number(1.0)));
    assert_eq!(read[20], ("U1".to_string(), text(" 1")));
    assert_eq!(read[22], ("W1".to_string(), text("0x1A")));
}

#[test]
fn number_formats_custom_and_builtin_decide_dates_and_durations() {
    let styles = r##"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="6">
<numFmt numFmtId="164" formatCode="dd/mm/yy"/>
<numFmt numFmtId="165" formatCode="[h]:mm:ss"/>
<numFmt numFmtId="166" formatCode="0.00;[Red]0.00"/>
<numFmt numFmtId="167" formatCode="&quot;Year &quot;0"/>
<numFmt numFmtId="168" formatCode="[$-409]mmm d, yyyy;@"/>
<numFmt numFmtId="169" formatCode="#,##0.00\ &quot;€&quot;"/>
</numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="13">
<xf numFmtId="0"/>
<xf numFmtId="164" applyNumberFormat="1"/>
<xf numFmtId="165"/>
<xf numFmtId="166"/>
<xf numFmtId="167"/>
<xf numFmtId="14"/>
<xf numFmtId="22"/>
<xf numFmtId="46"/>
<xf numFmtId="0"/>
<xf numFmtId="49"/>
<xf numFmtId="168"/>
<xf numFmtId="169"/>
<xf/>
</cellXfs>
</styleSheet>"##;
    let row: String = (0..13)
        .chain([99])
        .enumerate()
        .map(|(col, s)| {
            format!(
                r#"<c r="{}" s="{s}"><v>43525.75</v></c>"#,
                cell_ref(0, col as u32)
            )
        })
        .collect();
    let sheet = worksheet(&format!(
        r#"<sheetData><row r="1">{row}</row><row r="2"><c r="A2" s="1" t="n"><v>1.5</v></c><c r="B2" s="1" t="inlineStr"><is><t>not a date</t></is></c></row></sheetData>"#
    ));
    let sheets = assert_same_package("formats.xlsx", &one_sheet(&sheet, None, Some(styles)));
    let n = 43525.75;
    assert_eq!(
        cells(&sheets[0]),
        expect(&[
            ("A1", Raw::Number(n)),
            ("B1", date(n)),
            ("C1", duration(n)),
            ("D1", Raw::Number(n)),
            ("E1", Raw::Number(n)),
            ("F1", date(n)),
            ("G1", date(n)),
            ("H1", duration(n)),
            ("I1", Raw::Number(n)),
            ("J1", Raw::Number(n)),
            ("K1", date(n)),
            ("L1", Raw::Number(n)),
            ("M1", Raw::Number(n)),
            // A style past the end of the list is no style.
            ("N1", Raw::Number(n)),
            ("A2", date(1.5)),
            ("B2", text("not a date")),
        ])
    );
}

#[test]
fn date_system_hidden_sheets_and_escaped_names() {
    for (value, date1904) in [("1", true), ("true", true), ("0", false), ("false", false)] {
        let (book, rels) = workbook(
            &[
                r#"name="A &amp; B" sheetId="1" r:id="rId1""#,
                r#"name="Hidden" sheetId="2" state="hidden" r:id="rId2""#,
                r#"name="Very" sheetId="3" state="veryHidden" r:id="rId3""#,
                r#"name="&#x41;&lt;1&gt; &quot;q&quot;" sheetId="4" state="visible" r:id="rId4""#,
            ],
            &format!(r#"<workbookPr date1904="{value}"/>"#),
        );
        let styles = format!(
            r#"<styleSheet xmlns="{MAIN_NS}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"#
        );
        let sheet =
            worksheet(r#"<sheetData><row r="1"><c r="A1" s="1"><v>1</v></c></row></sheetData>"#);
        let sheet_parts: Vec<(String, &str)> = (1..=4)
            .map(|i| (format!("worksheets/sheet{i}.xml"), sheet.as_str()))
            .collect();
        let sheet_parts: Vec<(&str, &str)> = sheet_parts
            .iter()
            .map(|(path, xml)| (path.as_str(), *xml))
            .collect();
        let package = package(&book, &rels, &sheet_parts, None, Some(&styles));
        let sheets = assert_same_package("options.xlsx", &package);
        let seen: Vec<(&str, bool, bool)> = sheets
            .iter()
            .map(|s| (s.name.as_str(), s.hidden, s.date1904))
            .collect();
        assert_eq!(
            seen,
            [
                ("A & B", false, date1904),
                ("Hidden", true, date1904),
                ("Very", true, date1904),
                ("A<1> \"q\"", false, date1904),
            ],
            "date1904=\"{value}\""
        );
        assert_eq!(cells(&sheets[0]), expect(&[("A1", date(1.0))]));
    }
}

/// The workbook part at `xl/book.xml`, its sheet target absolute, and a
/// merged range, which must be found without the usual layout.
#[test]
fn a_workbook_part_at_another_path_with_an_absolute_sheet_target() {
    let root_rels = format!(
        r#"<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="/xl/book.xml"/></Relationships>"#
    );
    let (book, _) = workbook(&[r#"name="Moved" sheetId="1" r:id="rId1""#], "");
    let rels = format!(
        r#"<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" Type="{WORKSHEET}" Target="/xl/worksheets/sheet1.xml"/></Relationships>"#
    );
    let sheet = worksheet(
        r#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1"><v>3</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>"#,
    );
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", root_rels),
        ("xl/book.xml", book),
        ("xl/_rels/book.xml.rels", rels),
        ("xl/worksheets/sheet1.xml", sheet),
        (
            "xl/sharedStrings.xml",
            shared_strings("<si><t>moved</t></si>"),
        ),
    ];
    let package = Package {
        workbook: "xl/book.xml".to_string(),
        parts: parts
            .into_iter()
            .map(|(name, xml)| (name.to_string(), xml.into_bytes()))
            .collect(),
    };
    let sheets = assert_same_package("moved.xlsx", &package);
    assert_eq!(sheets[0].name, "Moved");
    assert_eq!(
        cells(&sheets[0]),
        expect(&[
            ("A1", text("moved")),
            ("B1", text("moved")),
            ("C1", Raw::Number(3.0)),
            ("A2", text("moved")),
            ("B2", text("moved")),
        ])
    );
}

/// Zip entries named in another case than the relationships name them.
#[test]
fn part_names_in_another_case_than_their_targets() {
    let (book, rels) = workbook(&[r#"name="Data" sheetId="1" r:id="rId1""#], "");
    let sheet = worksheet(
        r#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>"#,
    );
    let mut package = package(
        &book,
        &rels,
        &[("worksheets/Sheet1.xml", &sheet)],
        Some(&shared_strings("<si><t>cased</t></si>")),
        None,
    );
    for (name, _) in &mut package.parts {
        if name == "xl/sharedStrings.xml" {
            *name = "xl/SharedStrings.xml".to_string();
        }
    }
    let sheets = assert_same_package("cased.xlsx", &package);
    assert_eq!(
        cells(&sheets[0]),
        expect(&[("A1", text("cased")), ("B1", text("cased"))])
    );
}

/// Parts that start with a UTF-8 byte-order mark, as .NET writes them by
/// default.
#[test]
fn parts_that_start_with_a_byte_order_mark() {
    let bom = |xml: String| format!("\u{feff}{xml}");
    let (book, rels) = workbook(&[r#"name="Data" sheetId="1" r:id="rId1""#], "");
    let sheet = worksheet(
        r#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>2</v></c></row></sheetData>"#,
    );
    let styles = format!(
        r#"<styleSheet xmlns="{MAIN_NS}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"#
    );
    let package = package(
        &bom(book),
        &bom(rels),
        &[("worksheets/sheet1.xml", &bom(sheet))],
        Some(&bom(shared_strings("<si><t>marked</t></si>"))),
        Some(&bom(styles)),
    );
    let sheets = assert_same_package("byte-order-mark.xlsx", &package);
    assert_eq!(
        cells(&sheets[0]),
        expect(&[("A1", text("marked")), ("B1", date(2.0))])
    );
}

#[test]
fn comments_processing_instructions_and_single_quoted_attributes() {
    let strings = shared_strings("<si><t>one</t></si>");
    let sheet = worksheet(
        "<!-- before <sheetData><row><c><v>9</v></c></row></sheetData> -->
<sheetData>
<!-- before a row -->
<?some-pi data?>
<row r = '1' spans='1:3' >
<c r = 'A1' t = 's' ><v>0</v></c>
<!-- <c r=\"B1\"><v>2</v></c> -->
<c r='C1'
   t=\"str\"><?pi inside?><v>three</v><!-- after --></c>
</row >
<?pi?>
<row r='3'><c r='A3'><v>4</v></c></row>
</sheetData>
<mergeCells count='1'><mergeCell ref = 'A3:B3' /></mergeCells>",
    );
    let sheets = assert_same_package(
        "comments-and-quotes.xlsx",
        &one_sheet(&sheet, Some(&strings), None),
    );
    assert_eq!(
        cells(&sheets[0]),
        expect(&[
            ("A1", text("one")),
            ("C1", text("three")),
            ("A3", Raw::Number(4.0)),
            ("B3", Raw::Number(4.0)),
        ])
    );
}

/// A merged range in a comment, or in the text of a cell, is no merged
/// range.
#[test]
fn merge_cells_in_a_comment_or_in_cdata_are_not_merges() {
    let sheet = worksheet(
        r#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<mergeCell ref="A1:C1"/>]]></t></is></c></row><row r="2"><c r="A2"><v>2</v></c></row></sheetData><mergeCells count="0"><!-- <mergeCell ref="A2:B2"/> --></mergeCells>"#,
    );
    let sheets = assert_same_package("merge-comments.xlsx", &one_sheet(&sheet, None, None));
    assert_eq!(
        cells(&sheets[0]),
        expect(&[
            ("A1", text(r#"<mergeCell ref="A1:C1"/>"#)),
            ("A2", Raw::Number(2.0)),
        ])
    );
}

// ------------------------------------------------------------- LibreOffice

/// A workbook LibreOffice saved (from one rust_xlsxwriter wrote) reads the
/// same: LibreOffice writes its own styles, shared strings and merges.
#[test]
fn a_workbook_libreoffice_saved_reads_the_same() {
    let Some(soffice) = soffice() else {
        return;
    };
    let row = |r: u32, cells: Vec<(u16, Written)>| {
        cells.into_iter().map(move |(c, written)| ((r, c), written))
    };
    let cells: BTreeMap<(u32, u16), Written> = [
        row(
            0,
            vec![
                (0, Written::Text("Date".into())),
                (1, Written::Text("Hours & minutes".into())),
                (2, Written::Text("Note".into())),
                (3, Written::Text("Done?".into())),
            ],
        ),
        row(
            1,
            vec![
                (
                    0,
                    Written::Formatted(43_525.0, NumFormat::Code("dd/mm/yyyy")),
                ),
                (1, Written::Formatted(1.75, NumFormat::Code("[h]:mm"))),
                (2, Written::Text("a < b & \"c\" 'd' 📷\u{a0}_x0041_".into())),
                (3, Written::Bool(true)),
            ],
        ),
        row(
            2,
            vec![
                (0, Written::Formatted(43_526.5, NumFormat::Builtin(22))),
                (1, Written::Formatted(0.25, NumFormat::Code("h:mm"))),
                (2, Written::Text("two\r\nlines\tand tab".into())),
                (3, Written::Bool(false)),
            ],
        ),
        row(
            3,
            vec![
                (
                    0,
                    Written::Rich(vec![(true, "bold ".into()), (false, "plain".into())]),
                ),
                (
                    1,
                    Written::Formula("=B2+B3", "2".into(), Some(NumFormat::Builtin(46))),
                ),
                (2, Written::Formula("=C2&\"!\"", "x".into(), None)),
                (3, Written::Formula("=1/0", "#DIV/0!".into(), None)),
            ],
        ),
        row(
            4,
            vec![
                (0, Written::Number(-0.5)),
                (1, Written::Number(1e15)),
                (2, Written::Text("  padded  ".into())),
                (3, Written::Formula("=2>1", "TRUE".into(), None)),
            ],
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    let book = BookSpec {
        sheets: vec![
            SheetSpec {
                name: "Log & notes",
                visibility: Visibility::Visible,
                constant_memory: false,
                cells,
                merges: vec![
                    Merge {
                        first: (6, 0),
                        last: (8, 1),
                        text: "merged down & across".into(),
                    },
                    Merge {
                        first: (6, 2),
                        last: (6, 3),
                        text: "across".into(),
                    },
                ],
            },
            SheetSpec {
                name: "O'Brien's hours",
                visibility: Visibility::Hidden,
                constant_memory: true,
                cells: [((0, 0), Written::Text("hidden".into()))].into(),
                merges: Vec::new(),
            },
        ],
        date1904: false,
    };
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("varied.xlsx");
    std::fs::write(&path, write_book(&book)).expect("write the workbook");
    let converted = convert(&soffice, &path, "xlsx", &dir.path().join("converted"));
    let bytes = std::fs::read(&converted).expect("read LibreOffice's workbook");
    assert_ours_opens("libreoffice.xlsx", &Package::from_zip(&bytes));
    let sheets = assert_same("libreoffice.xlsx", &bytes);
    assert_eq!(sheets.len(), 2);
    assert!(sheets[1].hidden);
}

/// A chart sheet holds no cells. calamine's range reader gives it as an
/// empty sheet and so does ours, where calamine's streaming reader, which
/// the converter used before, refuses the whole workbook.
#[test]
fn a_chart_sheet_is_an_empty_sheet() {
    let (book, _) = workbook(
        &[
            r#"name="Data" sheetId="1" r:id="rId1""#,
            r#"name="Chart" sheetId="2" r:id="rId2""#,
        ],
        "",
    );
    let rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" Type="{WORKSHEET}" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>"#
    );
    let data = worksheet(r#"<sheetData><row r="1"><c r="A1"><v>7</v></c></row></sheetData>"#);
    let chart = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<chartsheet xmlns="{MAIN_NS}" xmlns:r="{DOC_RELS_NS}"><sheetViews><sheetView workbookViewId="0"/></sheetViews><drawing r:id="rId1"/></chartsheet>"#
    );
    let package = package(
        &book,
        &rels,
        &[
            ("worksheets/sheet1.xml", &data),
            ("chartsheets/sheet1.xml", &chart),
        ],
        None,
        None,
    );
    assert_ours_opens("chart.xlsx", &package);
    let bytes = package.zip();
    let ours = read_sheets_with("chart.xlsx", &bytes, XlsxReader::Own).expect("ours reads it");
    let theirs = read_sheets_with("chart.xlsx", &bytes, XlsxReader::CalamineRange)
        .expect("calamine's range reader reads it");
    if let Err(difference) = compare(&ours, &theirs) {
        panic!("ours and calamine's range reader differ: {difference}");
    }
    assert_eq!(ours.len(), 2);
    assert_eq!(cells(&ours[0]), expect(&[("A1", Raw::Number(7.0))]));
    assert!(ours[1].rows.is_empty());
}

/// calamine looks at a cell's attributes only until it has its `r`, `s`
/// and `t`: anything malformed after them is never seen, so it must not
/// stop our reader either. (Found by the `xlsx_reader` fuzz target.)
#[test]
fn what_follows_a_cells_r_s_and_t_is_not_looked_at() {
    let sheet = worksheet(
        r#"<sheetData><row r="1"><c r="A1" s="0" t="n"(><v>5</v></c><c r="B1" t="str" s="0" junk><v>x</v></c></row></sheetData>"#,
    );
    let sheets = assert_same_package("trailing.xlsx", &one_sheet(&sheet, None, None));
    assert_eq!(
        cells(&sheets[0]),
        expect(&[("A1", Raw::Number(5.0)), ("B1", text("x"))])
    );
}

/// An end tag closes an element only if it is written as the start tag
/// was, prefix and all, as quick-xml (calamine's parser) matches them: a
/// `<t>` inside `<x:t>` does not end it.
#[test]
fn an_end_tag_must_be_written_as_its_start_tag_was() {
    let strings = shared_strings("<si><x:t>a<t>c</t>b</x:t></si>");
    let sheet = worksheet(
        r#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><x:v>1<v>2</v>3</x:v></c></row></sheetData>"#,
    );
    let sheets = assert_same_package("prefixes.xlsx", &one_sheet(&sheet, Some(&strings), None));
    assert_eq!(
        cells(&sheets[0]),
        expect(&[("A1", text("acb")), ("B1", Raw::Number(1.0))])
    );
}

/// An attribute with no name (`="inlineStr"`) is damaged but harmless:
/// calamine passes over it, and so must we. (Found by the fuzz target.)
#[test]
fn an_attribute_with_no_name_is_passed_over() {
    let sheet =
        worksheet(r#"<sheetData><row r="1"><c r="A1" ="inlineStr"><v>3</v></c></row></sheetData>"#);
    let sheets = assert_same_package("nameless.xlsx", &one_sheet(&sheet, None, None));
    assert_eq!(cells(&sheets[0]), expect(&[("A1", Raw::Number(3.0))]));
}

/// A package's directory gives each part's unpacked size, and a small
/// package's sheets are unpacked whole into that much room. A part that
/// holds more than its directory says must not be read on and on: a
/// damaged or hostile file cannot fill memory this way.
#[test]
fn a_part_larger_than_its_directory_says_is_refused() {
    let sheet = worksheet(r#"<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>"#);
    let mut bytes = one_sheet(&sheet, None, None).zip();
    // Shrink the sheet's unpacked size in the central directory entry.
    let name = b"xl/worksheets/sheet1.xml";
    let at = bytes
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"PK\x01\x02")
        .map(|(i, _)| i)
        .find(|&i| bytes[i + 46..].starts_with(name))
        .expect("the sheet's central directory entry");
    bytes[at + 24..at + 28].copy_from_slice(&10u32.to_le_bytes());
    match read_sheets_with("lying.xlsx", &bytes, XlsxReader::Own) {
        Ok(sheets) => panic!("a part larger than it says was read: {sheets:?}"),
        // Our own check, or the zip library's before it.
        Err(e) => assert!(
            e.contains("more than the package says") || e.contains("cannot be unpacked"),
            "{e}"
        ),
    }
}

/// A sheet cut off part-way (a file only partly copied) is refused with a
/// message that names the sheet and says what to suspect, and no row of
/// it is kept: nothing half-read reaches the report.
#[test]
fn a_sheet_cut_off_part_way_is_refused_by_name() {
    let sheet = worksheet(
        r#"<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c>"#,
    );
    let sheet = sheet.trim_end_matches("</worksheet>");
    let bytes = one_sheet(sheet, None, None).zip();
    for reader in [XlsxReader::Own, XlsxReader::OwnStreamed] {
        let error = read_sheets_with("cut.xlsx", &bytes, reader)
            .expect_err("a sheet cut off part-way cannot be read");
        assert!(
            error.contains("sheet \"Data\"") && error.contains("damaged"),
            "{reader:?}: {error}"
        );
    }
}
