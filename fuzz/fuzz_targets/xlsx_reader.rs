//! Fuzz target: our own xlsx reader against calamine's streaming cell
//! reader. The input is one part of an otherwise fixed workbook: the first
//! byte picks which (the sheet's XML, the shared strings, or the styles),
//! the rest are its bytes. Our reader must never panic: every input is read
//! with it, without the guard that would turn a panic into a finding, both
//! with each sheet unpacked whole and streamed, which must agree. And
//! when the part is well-formed XML (quick-xml decides, with end names,
//! unclosed elements and attributes checked) and calamine reads the
//! workbook, ours must read it too and give
//! the same sheets, cell for cell. On damaged XML calamine's parse follows
//! the shape of its code (a missing `</borders>` hides the cell styles that
//! follow, for one), and ours need not copy that.
//!
//! calamine's streaming reader is the one to compare with: its cells go
//! through the same rows and merged-range filling as ours. Its range
//! reader puts rows stored out of order back in order, and keeps the last
//! of two cells at one position where a stream keeps the first; Excel
//! writes neither, and the tests compare with the range reader on real
//! workbooks.

#![no_main]

use std::io::Write;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use opsreport::inputs::workbook::{
    OWN_READINGS_DIFFER, XlsxReader, own_xlsx_cells, read_sheets_with,
};

const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Log" sheetId="1" r:id="rId1"/></sheets></workbook>"#;

const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const SHEET: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>43525.5</v></c><c r="C1" s="2"><v>1.25</v></c><c r="D1" t="str"><v>a_x0041_</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="b"><v>1</v></c><c r="C2" t="e"><v>#N/A</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="E1:E2"/></mergeCells></worksheet>"#;

/// Two strings worth reading, and plain ones after them, so that a sheet
/// taken from a real workbook finds the strings it refers to.
fn strings() -> &'static [u8] {
    static STRINGS: OnceLock<String> = OnceLock::new();
    STRINGS.get_or_init(|| {
        let plain: String = (2..2000).map(|i| format!("<si><t>s{i}</t></si>")).collect();
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Reference &amp; date</t></si><si><r><t xml:space="preserve"> rich </t></r><r><t>text</t></r><rPh><t>x</t></rPh></si>{plain}</sst>"#
        )
    }).as_bytes()
}

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="[h]:mm"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>"#;

fn package(sheet: &[u8], strings: &[u8], styles: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let parts: [(&str, &[u8]); 6] = [
        ("_rels/.rels", PACKAGE_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", strings),
        ("xl/styles.xml", styles),
    ];
    for (name, bytes) in parts {
        zip.start_file(name, options).ok()?;
        zip.write_all(bytes).ok()?;
    }
    Some(zip.finish().ok()?.into_inner())
}

/// Whether quick-xml reads `xml` to its end without an error: end tags
/// matching their start tags, every element closed, every attribute
/// well-formed.
fn well_formed(xml: &[u8]) -> bool {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut depth = 0usize;
    loop {
        let attributes_ok = |e: &quick_xml::events::BytesStart<'_>| {
            e.attributes().with_checks(true).all(|a| a.is_ok())
        };
        match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) => return depth == 0,
            Ok(Event::Start(e)) => {
                if !attributes_ok(&e) {
                    return false;
                }
                depth += 1;
            }
            Ok(Event::Empty(e)) => {
                if !attributes_ok(&e) {
                    return false;
                }
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(_) => {}
            Err(_) => return false,
        }
        buf.clear();
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, part)) = data.split_first() else {
        return;
    };
    let (sheet, strings, styles) = match pick % 3 {
        0 => (part, strings(), STYLES.as_bytes()),
        1 => (SHEET.as_bytes(), part, STYLES.as_bytes()),
        _ => (SHEET.as_bytes(), strings(), part),
    };
    let Some(bytes) = package(sheet, strings, styles) else {
        return;
    };
    // Unguarded: a panic in our reader fails the run here. Each sheet is
    // read unpacked whole and streamed, and the two must agree.
    if let Err(e) = own_xlsx_cells(&bytes) {
        assert_ne!(e, OWN_READINGS_DIFFER);
    }
    if !well_formed(part) {
        return;
    }
    let Ok(theirs) = read_sheets_with("fuzz.xlsx", &bytes, XlsxReader::CalamineStream) else {
        return;
    };
    let own = read_sheets_with("fuzz.xlsx", &bytes, XlsxReader::Own)
        .unwrap_or_else(|e| panic!("calamine read it, ours did not: {e}"));
    assert_eq!(own.len(), theirs.len());
    for (own, theirs) in own.iter().zip(&theirs) {
        assert_eq!(own.name, theirs.name);
        assert_eq!(own.hidden, theirs.hidden);
        assert_eq!(own.date1904, theirs.date1904);
        assert_eq!(format!("{:?}", own.rows), format!("{:?}", theirs.rows));
    }
});
