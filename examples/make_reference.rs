//! Makes a reference document for `--reference-doc` from a Word draft opsreport wrote: the
//! draft rewritten as another hand's February 2019 paper would look (Georgia, dark red
//! headings, US Letter with wider margins, a header with a letterhead picture and February's
//! paper reference, a footer with its own page fields and another classification). The tests
//! (tests/test_reference.rs) and scripts/screenshots.sh use it; nothing is made by hand.
//!
//! ```text
//! cargo run --example make_reference -- out/operations-report-2019-03.docx reference.docx
//! ```
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [draft, to] = args.as_slice() else {
        eprintln!("usage: make_reference DRAFT.docx REFERENCE.docx");
        std::process::exit(2);
    };
    make_reference(Path::new(draft), Path::new(to));
}

/// A part of a docx, as text.
pub fn part(docx: &Path, name: &str) -> Option<String> {
    let file = std::fs::File::open(docx).expect("open docx");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut entry = zip.by_name(name).ok()?;
    let mut text = String::new();
    entry.read_to_string(&mut text).expect("UTF-8 part");
    Some(text)
}

pub fn bytes_of(docx: &Path, name: &str) -> Option<Vec<u8>> {
    let file = std::fs::File::open(docx).expect("open docx");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut entry = zip.by_name(name).ok()?;
    let mut bytes = Vec::new();
    entry.read_to_end(&mut bytes).expect("part");
    Some(bytes)
}

const LETTER_MARGINS: &str = "<w:pgSz w:w=\"12240\" w:h=\"15840\" /><w:pgMar w:top=\"1701\" w:right=\"1418\" \
     w:bottom=\"1701\" w:left=\"1418\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\" />";

/// February's paper, as another hand would have styled it: Georgia, dark
/// red headings, US Letter with wider margins, a header with a logo and
/// February's reference, a footer whose page fields are its own.
pub fn make_reference(draft: &Path, to: &Path) {
    let file = std::fs::File::open(draft).expect("open draft");
    let mut zip = zip::ZipArchive::new(file).expect("draft is a zip");
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).expect("create reference"));
    let options = zip::write::SimpleFileOptions::default();
    let logo = letterhead();
    let document = part(draft, "word/document.xml").expect("document");
    let start = document.find("<w:drawing>").expect("a drawing");
    let end = document[start..].find("</w:drawing>").expect("drawing end") + start + 12;
    let drawing = document[start..end]
        .replace("rIdFigure1", "rIdLogo")
        .replace(
            "cx=\"5486400\" cy=\"2743200\"",
            "cx=\"1440000\" cy=\"720000\"",
        );
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().expect("name").to_string();
        if entry.is_dir() {
            continue;
        }
        let mut text = Vec::new();
        entry.read_to_end(&mut text).expect("read");
        let text = String::from_utf8_lossy(&text).to_string();
        let bytes: Vec<u8> = match name.as_str() {
            "word/styles.xml" => {
                let mut styles = text.replace("Arial", "Georgia").replace("1F3864", "C00000");
                // No Hyperlink style: the draft keeps its own.
                let at = styles.find("<w:style w:type=\"character\" w:styleId=\"Hyperlink\"");
                let at = at.expect("a Hyperlink style");
                let end = styles[at..].find("</w:style>").expect("style end") + at + 10;
                styles.replace_range(at..end, "");
                styles.into_bytes()
            }
            "word/document.xml" => {
                let at = text.rfind("<w:sectPr>").expect("sectPr");
                let end = text[at..].find("</w:sectPr>").expect("end") + at;
                let sect = &text[at..end];
                let page_end = sect.find("<w:cols").expect("cols");
                format!(
                    "{}<w:sectPr>{LETTER_MARGINS}{}{}",
                    &text[..at],
                    &sect[page_end..],
                    &text[end..]
                )
                .into_bytes()
            }
            "word/header1.xml" => {
                let body = text.find("<w:p ").expect("paragraph");
                format!(
                    "{}<w:p><w:r>{drawing}</w:r></w:p><w:p><w:r><w:t xml:space=\"preserve\">\
                     SECP_66_1503_19 – Operations Report – February 2019</w:t></w:r></w:p></w:hdr>",
                    &text[..body]
                )
                .into_bytes()
            }
            "word/_rels/header1.xml.rels" => {
                let open = text.find("<Relationships").expect("relationships");
                let head = text[open..].find('>').expect("tag end") + open;
                format!(
                    "{}><Relationship Id=\"rIdLogo\" Type=\"http://schemas.openxmlformats.org/\
                     officeDocument/2006/relationships/image\" Target=\"media/logo.png\" />\
                     </Relationships>",
                    text[..head].trim_end_matches('/').trim_end()
                )
                .into_bytes()
            }
            "word/footer1.xml" => text
                .replace(">Page <", ">Sheet <")
                .replace("Classification of White", "Classification of Green")
                .into_bytes(),
            "docProps/core.xml" => text.replace("March 2019", "February 2019").into_bytes(),
            _ => text.into_bytes(),
        };
        let bytes = if name.ends_with(".png") {
            bytes_of(draft, &name).expect("png")
        } else {
            bytes
        };
        out.start_file(name, options).expect("start");
        out.write_all(&bytes).expect("write");
    }
    out.start_file("word/media/logo.png", options)
        .expect("logo");
    out.write_all(&logo).expect("logo");
    out.finish().expect("finish reference");
}

/// A letterhead banner, 600 × 100 pixels: dark red with a grey rule.
fn letterhead() -> Vec<u8> {
    let (width, height) = (600u32, 100u32);
    let mut pixels = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            let rgb = if y >= 84 {
                [0x80, 0x80, 0x80]
            } else if x < 100 {
                [0xC0, 0x00, 0x00]
            } else {
                [0xF2, 0xDC, 0xDB]
            };
            pixels.extend_from_slice(&rgb);
        }
    }
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("png header");
    writer.write_image_data(&pixels).expect("png data");
    writer.finish().expect("png end");
    png
}
