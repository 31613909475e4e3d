//! What a reader sees in each output file, as text that a golden test can
//! compare line by line: the CSV text itself; every sheet of the workbook
//! as calamine reads it (values, formulas, merged ranges, links, whether
//! it is hidden, and the styles that carry meaning: bold, italic, number
//! format) and each chart's kind and series; and the Word
//! draft's paragraphs with their style names, its tables' cells, its
//! pictures and its footnotes. Bytes that change with a writer's version
//! (zip timestamps, XML attribute order, style ids) do not show here.

use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use quick_xml::events::Event;

/// The text snapshot of one output file, chosen by its extension.
pub fn of_file(path: &Path) -> String {
    match path.extension().and_then(|e| e.to_str()) {
        Some("csv") => csv(path),
        Some("xlsx") => xlsx(path),
        Some("docx") => docx(path),
        _ => panic!("no snapshot for {}", path.display()),
    }
}

/// The CSV text with its line ends made `\n`, under a line that says
/// whether it had a byte-order mark and which line ends it used.
fn csv(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (bom, body) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => ("yes", rest),
        None => ("no", &bytes[..]),
    };
    let text = String::from_utf8(body.to_vec()).expect("CSV in UTF-8");
    let ends = if text.contains("\r\n") { "CRLF" } else { "LF" };
    format!(
        "# byte-order mark: {bom}; line ends: {ends}\n{}",
        text.replace("\r\n", "\n")
    )
}

fn xlsx(path: &Path) -> String {
    let mut book: Xlsx<_> =
        open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = String::new();
    let sheets: Vec<(String, calamine::SheetVisible)> = book
        .sheets_metadata()
        .iter()
        .map(|sheet| (sheet.name.clone(), sheet.visible))
        .collect();
    for (name, visible) in sheets {
        let values = book.worksheet_range(&name).expect("sheet values");
        let formulas = book.worksheet_formula(&name).expect("sheet formulas");
        let styles = book.worksheet_style(&name).expect("sheet styles");
        let _ = match visible {
            calamine::SheetVisible::Visible => writeln!(out, "== sheet {name:?}"),
            hidden => writeln!(out, "== sheet {name:?} ({hidden:?})"),
        };
        let mut merged: Vec<String> = book
            .merge_cells_by_sheet_name(&name)
            .expect("merged ranges")
            .iter()
            .map(|d| format!("{}:{}", cell_name(d.start), cell_name(d.end)))
            .collect();
        merged.sort();
        if !merged.is_empty() {
            let _ = writeln!(out, "merged {}", merged.join(" "));
        }
        for link in book.hyperlinks_by_sheet_name(&name).expect("links") {
            let (start, end) = (link.range.start, link.range.end);
            let mut line = format!("link {}", cell_name(start));
            if end != start {
                let _ = write!(line, ":{}", cell_name(end));
            }
            for (what, part) in [
                ("to", &link.target),
                ("at", &link.location),
                ("shown", &link.displayed_text),
                ("tip", &link.tooltip),
            ] {
                if let Some(part) = part {
                    let _ = write!(line, " {what} {part:?}");
                }
            }
            let _ = writeln!(out, "{line}");
        }
        let from = |start: Option<(u32, u32)>, r: usize, c: usize| {
            let (r0, c0) = start.unwrap_or((0, 0));
            (r0 + r as u32, c0 + c as u32)
        };
        let mut cells: Vec<(u32, u32)> = values
            .used_cells()
            .map(|(r, c, _)| from(values.start(), r, c))
            .chain(
                formulas
                    .used_cells()
                    .filter(|(_, _, f)| !f.is_empty())
                    .map(|(r, c, _)| from(formulas.start(), r, c)),
            )
            .collect();
        cells.sort();
        cells.dedup();
        for at in cells {
            let value = values.get_value(at).unwrap_or(&Data::Empty);
            let mut line = format!("{} {value:?}", cell_name(at));
            if let Some(formula) = formulas.get_value(at).filter(|f| !f.is_empty()) {
                let _ = write!(line, " ={formula}");
            }
            if let Some(style) = styles.get(at) {
                line.push_str(&style_marks(style));
            }
            let _ = writeln!(out, "{line}");
        }
    }
    out.push_str(&charts(path));
    out
}

/// Each native chart of a workbook: its kinds, its title and axis titles,
/// and the cells its series read (`ref`) with their cached labels.
fn charts(path: &Path) -> String {
    let file = std::fs::File::open(path).expect("workbook");
    let mut package = zip::ZipArchive::new(file).expect("xlsx is a zip");
    let mut names: Vec<String> = package
        .file_names()
        .map(|n| n.expect("part name").to_string())
        .filter(|n| n.starts_with("xl/charts/chart") && n.ends_with(".xml"))
        .collect();
    names.sort_by_key(|n| (n.len(), n.clone()));
    let mut out = String::new();
    for name in names {
        let mut xml = String::new();
        package
            .by_name(&name)
            .expect("chart part")
            .read_to_string(&mut xml)
            .expect("chart in UTF-8");
        let _ = writeln!(out, "== chart {name}");
        let mut reader = quick_xml::Reader::from_str(&xml);
        let mut inside = String::new();
        loop {
            match reader.read_event().expect("chart part") {
                Event::Start(e) => {
                    let local = e.local_name().as_ref().to_string();
                    if local.ends_with("Chart") && local != "plotVisOnlyChart" {
                        let _ = writeln!(out, "kind {local}");
                    }
                    inside = local;
                }
                Event::Text(t) => {
                    let text = t.xml10_content();
                    match inside.as_str() {
                        "t" => {
                            let _ = writeln!(out, "text {text:?}");
                        }
                        "f" => {
                            let _ = writeln!(out, "ref {text}");
                        }
                        _ => {}
                    }
                }
                Event::End(_) => inside.clear(),
                Event::Eof => break,
                _ => {}
            }
        }
    }
    out
}

/// The styles a reader takes meaning from, as ` [bold italic 0.0%]`.
fn style_marks(style: &calamine::Style) -> String {
    let mut marks = Vec::new();
    if let Some(font) = &style.font {
        if font.is_bold() {
            marks.push("bold".to_string());
        }
        if font.is_italic() {
            marks.push("italic".to_string());
        }
    }
    if let Some(format) = &style.number_format
        && format.format_code != "General"
        && !format.format_code.is_empty()
    {
        marks.push(format!("format {:?}", format.format_code));
    }
    if marks.is_empty() {
        String::new()
    } else {
        format!(" [{}]", marks.join(", "))
    }
}

/// `(0, 0)` as `A1`.
fn cell_name((row, col): (u32, u32)) -> String {
    let mut letters = String::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.insert(0, char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

fn docx(path: &Path) -> String {
    let part = |name: &str| crate::fixtures::try_part(path, name);
    let styles = style_names(&part("word/styles.xml").unwrap_or_default());
    let mut out = String::from("== document\n");
    out.push_str(&paragraphs(
        &part("word/document.xml").expect("word/document.xml"),
        &styles,
    ));
    for (name, title) in [
        ("word/footnotes.xml", "footnotes"),
        ("word/header1.xml", "header"),
        ("word/footer1.xml", "footer"),
    ] {
        if let Some(xml) = part(name) {
            let _ = writeln!(out, "== {title}");
            out.push_str(&paragraphs(&xml, &styles));
        }
    }
    out
}

/// A style's id → its name, from `word/styles.xml`.
fn style_names(xml: &str) -> Vec<(String, String)> {
    let mut names = Vec::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut id = None;
    loop {
        match reader.read_event().expect("styles.xml") {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "style" => id = attribute(&e, "styleId"),
                "name" => {
                    if let (Some(id), Some(name)) = (id.take(), attribute(&e, "val")) {
                        names.push((id, name));
                    }
                }
                _ => {}
            },
            Event::Eof => return names,
            _ => {}
        }
    }
}

fn attribute(e: &quick_xml::events::BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find_map(|a| (a.key.local_name().as_ref() == local).then(|| a.value.to_string()))
}

/// Each paragraph outside a table as `[Style] text` (`[]`: the default
/// style; `• `: a numbered or bulleted list item); each table row as
/// `| cell | cell |`, a cell's paragraphs joined by ` / `; a picture as
/// `{picture: its name}`; a footnote mark as `{note N}`.
fn paragraphs(xml: &str, styles: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut tables = 0usize;
    let mut text = String::new();
    let mut style = String::new();
    let mut list = false;
    let mut note = String::new();
    let mut in_text = false;
    let mut cell: Vec<String> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    loop {
        let event = reader.read_event().expect("document part");
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "tbl" => tables += 1,
                "p" => {
                    text.clear();
                    style.clear();
                    list = false;
                }
                "numPr" => list = true,
                "footnote" => note = attribute(e, "id").unwrap_or_default(),
                "footnoteRef" => {
                    let _ = write!(text, "{{note {note}}}");
                }
                "pStyle" => {
                    let id = attribute(e, "val").unwrap_or_default();
                    style = styles
                        .iter()
                        .find(|(i, _)| *i == id)
                        .map_or(id, |(_, name)| name.clone());
                }
                "t" => in_text = matches!(event, Event::Start(_)),
                "tab" => text.push('\t'),
                "br" if attribute(e, "type").as_deref() == Some("page") => {
                    text.push_str("{page break}");
                }
                "br" => text.push_str("\\n"),
                "docPr" => {
                    let name = attribute(e, "name").unwrap_or_default();
                    let _ = write!(text, "{{picture: {name}}}");
                }
                "footnoteReference" => {
                    let id = attribute(e, "id").unwrap_or_default();
                    let _ = write!(text, "{{note {id}}}");
                }
                _ => {}
            },
            Event::Text(t) if in_text => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                if let Some(c) = r.resolve_char_ref().expect("character reference") {
                    text.push(c);
                    continue;
                }
                let name = r.xml10_content();
                text.push_str(match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => other,
                });
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" if tables > 0 => cell.push(std::mem::take(&mut text)),
                "p" => {
                    let bullet = if list { "• " } else { "" };
                    let _ = writeln!(out, "[{style}] {bullet}{text}");
                }
                "tc" => row.push(std::mem::take(&mut cell).join(" / ")),
                "tr" => {
                    let _ = writeln!(out, "| {} |", std::mem::take(&mut row).join(" | "));
                }
                "tbl" => tables -= 1,
                _ => {}
            },
            Event::Eof => return out,
            _ => {}
        }
    }
}
