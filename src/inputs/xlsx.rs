//! Reading xlsx workbooks: the package, the shared strings, the number
//! formats and each worksheet's cells, streamed.
//!
//! The sheets of a large log are read here rather than by calamine because
//! calamine's parse is most of the converter's time: on a 1M-row log it
//! takes about ten times as long as unpacking the file. This reader scans
//! the XML with a small tokenizer of its own (`xml.rs`) and keeps the shared
//! strings in one string.
//!
//! It gives exactly the cells calamine's range reader gives (positions,
//! text, numbers, dates and durations by the same number-format rules,
//! booleans, errors); the tests read workbooks with both and compare cell by
//! cell. It is stricter about the package than calamine is: a workbook it
//! cannot open (`open` fails) is read by calamine instead, so the two
//! differ only in speed. It is more lenient in one place: an error value
//! calamine does not know (`#SPILL!`, `#CALC!`) is kept as an error cell
//! rather than failing the sheet.

use std::collections::HashMap;
use std::io::{Read, Seek};

use zip::ZipArchive;
use zip::read::ZipFile;

use super::cell::Raw;
use super::xml::{Tag, Token, Xml, attribute_text, local, push_cdata, push_text};

/// What a cell's number format makes of a number, by calamine's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Number,
    Date,
    Duration,
}

/// The shared strings: one string, and where each ends in it.
#[derive(Debug, Default)]
struct Strings {
    text: String,
    ends: Vec<u32>,
}

impl Strings {
    fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)? as usize;
        let start = match index {
            0 => 0,
            _ => self.ends[index - 1] as usize,
        };
        self.text.get(start..end)
    }

    fn close(&mut self) -> Result<(), String> {
        let end = u32::try_from(self.text.len())
            .map_err(|_| "the workbook's shared strings are over 4 GB".to_string())?;
        self.ends.push(end);
        Ok(())
    }
}

/// A cell at its zero-based (row, column).
pub type Cell = ((u32, u32), Raw);

/// A sheet as the workbook lists it.
#[derive(Debug, Clone)]
pub struct SheetInfo {
    pub name: String,
    pub hidden: bool,
    /// The part holding its XML.
    pub path: String,
}

/// An opened xlsx workbook, its shared strings and formats loaded.
pub struct Book<R: Read + Seek> {
    archive: ZipArchive<R>,
    /// Part names by their lower-case form with `/` separators: some
    /// writers differ from the relationships in case or slashes.
    parts: HashMap<String, String>,
    /// The folder of the workbook part, where its other parts are.
    dir: String,
    pub sheets: Vec<SheetInfo>,
    pub date1904: bool,
    formats: Vec<Format>,
    strings: Strings,
}

impl<R: Read + Seek> Book<R> {
    /// Open a workbook. The error says what was not as expected; the
    /// caller then hands the file to calamine, which reads more kinds of
    /// package (and explains its own errors).
    pub fn open(reader: R) -> Result<Self, String> {
        let mut book = Book::sheets_of(reader)?;
        let dir = book.dir.clone();
        book.read_shared_strings(&format!("{dir}sharedStrings.xml"))?;
        book.read_formats(&format!("{dir}styles.xml"))?;
        Ok(book)
    }

    /// A workbook's sheets only, its shared strings and formats not
    /// loaded: enough to find each sheet's part (the merged-range search,
    /// beside the full `open`, uses this).
    pub fn sheets_of(reader: R) -> Result<Self, String> {
        let archive = ZipArchive::new(reader).map_err(|e| e.to_string())?;
        let mut parts = HashMap::with_capacity(archive.len());
        for name in archive.file_names() {
            let name = name.map_err(|e| e.to_string())?;
            parts.insert(
                name.replace('\\', "/").to_ascii_lowercase(),
                name.into_owned(),
            );
        }
        let mut book = Book {
            archive,
            parts,
            dir: String::new(),
            sheets: Vec::new(),
            date1904: false,
            formats: Vec::new(),
            strings: Strings::default(),
        };
        let (dir, workbook) = book.workbook_part()?;
        let relationships = book.relationships(&format!("{dir}_rels/{workbook}.rels"))?;
        book.read_workbook(&dir, &format!("{dir}{workbook}"), &relationships)?;
        book.dir = dir;
        Ok(book)
    }

    /// A part's XML, or `None` when the package has no such part.
    fn part(&mut self, path: &str) -> Result<Option<Xml<ZipFile<'_, R>>>, String> {
        match entry(&mut self.archive, &self.parts, path) {
            Ok(file) => Ok(Some(Xml::new(file))),
            Err(zip::result::ZipError::FileNotFound) => Ok(None),
            Err(e) => Err(format!("{path}: {e}")),
        }
    }

    fn required(&mut self, path: &str) -> Result<Xml<ZipFile<'_, R>>, String> {
        self.part(path)?
            .ok_or_else(|| format!("the package has no {path}"))
    }

    /// The folder and name of the workbook part, from the package's
    /// relationships.
    fn workbook_part(&mut self) -> Result<(String, String), String> {
        let mut xml = self.required("_rels/.rels")?;
        loop {
            match xml.next()? {
                Token::Start(tag) if tag.name() == b"Relationship" => {
                    let kind = tag.attribute(b"Type")?.unwrap_or_default();
                    if kind.ends_with(b"/relationships/officeDocument")
                        && let Some(target) = tag.attribute(b"Target")?
                    {
                        let target = attribute_text(target)?;
                        let (dir, name) = match target.rfind('/') {
                            Some(i) => target.split_at(i + 1),
                            None => ("", target.as_str()),
                        };
                        let dir = dir.strip_prefix('/').unwrap_or(dir);
                        return Ok((dir.to_string(), name.to_string()));
                    }
                }
                Token::Eof => return Err("the package names no workbook".to_string()),
                _ => {}
            }
        }
    }

    fn read_shared_strings(&mut self, path: &str) -> Result<(), String> {
        let mut strings = Strings::default();
        let Some(mut xml) = self.part(path)? else {
            return Ok(());
        };
        loop {
            match xml.next()? {
                Token::Start(tag) if tag.name() == b"sst" => {
                    if let Some(count) = tag.attribute(b"uniqueCount")?.and_then(digits) {
                        // Trusted only so far: a damaged count must not
                        // reserve gigabytes.
                        strings.ends.reserve(count.min(1 << 20));
                    }
                    break;
                }
                Token::Eof => return Err("the shared strings have no <sst>".to_string()),
                _ => {}
            }
        }
        let mut scratch = Scratch::default();
        let mut closing = Vec::new();
        loop {
            match xml.next()? {
                Token::Start(tag) if tag.name() == b"si" => {
                    closing.clear();
                    closing.extend_from_slice(tag.qualified_name());
                    read_string(&mut xml, &closing, &mut strings.text, &mut scratch)?;
                    strings.close()?;
                }
                Token::End(end) if local(end) == b"sst" => break,
                Token::Eof => return Err("the shared strings stop early".to_string()),
                _ => {}
            }
        }
        drop(xml);
        self.strings = strings;
        Ok(())
    }

    /// Each cell style's number format, as calamine reads them: custom
    /// formats from `<numFmts>`, built-in ones by their number.
    fn read_formats(&mut self, path: &str) -> Result<(), String> {
        let Some(mut xml) = self.part(path)? else {
            return Ok(());
        };
        let mut custom: HashMap<Vec<u8>, String> = HashMap::new();
        let mut formats = Vec::new();
        loop {
            match xml.next()? {
                Token::Start(tag) if tag.name() == b"numFmts" => loop {
                    match xml.next()? {
                        Token::Start(tag) if tag.name() == b"numFmt" => {
                            let id = tag.attribute(b"numFmtId")?;
                            let code = tag.attribute(b"formatCode")?;
                            if let (Some(id), Some(code)) = (id, code) {
                                custom.insert(id.to_vec(), attribute_text(code)?);
                            }
                        }
                        Token::End(end) if local(end) == b"numFmts" => break,
                        Token::Eof => return Err("the styles stop early".to_string()),
                        _ => {}
                    }
                },
                Token::Start(tag) if tag.name() == b"cellXfs" => loop {
                    match xml.next()? {
                        Token::Start(tag) if tag.name() == b"xf" => {
                            formats.push(match tag.attribute(b"numFmtId")? {
                                None => Format::Number,
                                Some(id) => match custom.get(id) {
                                    Some(code) => custom_format(code),
                                    None => builtin_format(id),
                                },
                            });
                        }
                        Token::End(end) if local(end) == b"cellXfs" => break,
                        Token::Eof => return Err("the styles stop early".to_string()),
                        _ => {}
                    }
                },
                Token::End(end) if local(end) == b"styleSheet" => break,
                Token::Eof => return Err("the styles stop early".to_string()),
                _ => {}
            }
        }
        drop(xml);
        self.formats = formats;
        Ok(())
    }

    /// The workbook's relationships: target and type by id.
    fn relationships(&mut self, path: &str) -> Result<HashMap<Vec<u8>, (String, String)>, String> {
        let mut xml = self.required(path)?;
        let mut found = HashMap::new();
        loop {
            match xml.next()? {
                Token::Start(tag) if tag.name() == b"Relationship" => {
                    if let Some(id) = tag.attribute(b"Id")? {
                        let text = |v: Option<&[u8]>| {
                            String::from_utf8_lossy(v.unwrap_or_default()).into_owned()
                        };
                        let target = text(tag.attribute(b"Target")?);
                        let kind = text(tag.attribute(b"Type")?);
                        found.insert(id.to_vec(), (target, kind));
                    }
                }
                Token::End(end) if local(end) == b"Relationships" => return Ok(found),
                Token::Eof => return Err("the relationships stop early".to_string()),
                _ => {}
            }
        }
    }

    fn read_workbook(
        &mut self,
        dir: &str,
        path: &str,
        relationships: &HashMap<Vec<u8>, (String, String)>,
    ) -> Result<(), String> {
        let mut sheets = Vec::new();
        let mut date1904 = false;
        let mut xml = self.required(path)?;
        loop {
            match xml.next()? {
                Token::Start(tag) if tag.name() == b"sheet" => {
                    let mut name = String::new();
                    let mut hidden = false;
                    let mut id: &[u8] = b"";
                    for attribute in tag.attributes() {
                        let (key, value) = attribute?;
                        match key {
                            b"name" => name = attribute_text(value)?,
                            b"state" => {
                                hidden = match value {
                                    b"visible" => false,
                                    b"hidden" | b"veryHidden" => true,
                                    _ => return Err("a sheet has an unknown state".to_string()),
                                }
                            }
                            _ if key.rsplit(|&b| b == b':').next() == Some(b"id") => id = value,
                            _ => {}
                        }
                    }
                    let (target, kind) = relationships
                        .get(id)
                        .ok_or_else(|| format!("sheet \"{name}\" has no part"))?;
                    let path = match target.strip_prefix('/') {
                        Some(absolute) => absolute.to_string(),
                        None => format!("{dir}{target}"),
                    };
                    // A chart or dialog sheet comes out with no cells.
                    match kind.rsplit('/').next() {
                        Some("worksheet" | "chartsheet" | "dialogsheet") => {
                            sheets.push(SheetInfo { name, hidden, path })
                        }
                        _ => return Err(format!("sheet \"{name}\" is of an unknown kind")),
                    }
                }
                Token::Start(tag) if tag.name() == b"workbookPr" => {
                    if let Some(value) = tag.attribute(b"date1904")? {
                        date1904 = value == b"1" || value == b"true";
                    }
                }
                Token::End(end) if local(end) == b"workbook" => break,
                Token::Eof => return Err("the workbook part stops early".to_string()),
                _ => {}
            }
        }
        drop(xml);
        self.sheets = sheets;
        self.date1904 = date1904;
        Ok(())
    }

    /// The cells of sheet `index` (of `sheets`), in the order they are
    /// stored.
    pub fn cells(&mut self, index: usize) -> Result<Cells<'_, ZipFile<'_, R>>, String> {
        let path = self.sheets[index].path.clone();
        let file = entry(&mut self.archive, &self.parts, &path)
            .map_err(|e| format!("its part {path} cannot be found ({e})"))?;
        Cells::new(Xml::new(file), &self.strings, &self.formats)
    }

    /// The XML of sheet `index`, unpacked whole.
    pub fn sheet_xml(&mut self, index: usize) -> Result<Vec<u8>, String> {
        let path = self.sheets[index].path.clone();
        let mut file = entry(&mut self.archive, &self.parts, &path)
            .map_err(|e| format!("its part {path} cannot be found ({e})"))?;
        // The size is the package's word: trusted for the room made, and
        // held to, so that a part that unpacks to more cannot fill memory.
        let size = file.size();
        let mut xml = Vec::with_capacity(size.min(1 << 26) as usize);
        (&mut file)
            .take(size.saturating_add(1))
            .read_to_end(&mut xml)
            .map_err(|e| format!("its data cannot be unpacked ({e})"))?;
        if xml.len() as u64 > size {
            return Err(format!(
                "its part {path} unpacks to more than the package says; the file may be damaged"
            ));
        }
        Ok(xml)
    }

    /// The cells of a sheet's XML unpacked whole, in the order they are
    /// stored.
    pub fn cells_of<'b>(&'b self, xml: &'b [u8]) -> Result<Cells<'b, &'b [u8]>, String> {
        Cells::new(Xml::new(xml), &self.strings, &self.formats)
    }

    /// The XML of sheet `index`, to search for merged ranges.
    pub fn sheet_part(&mut self, index: usize) -> Option<ZipFile<'_, R>> {
        let path = self.sheets[index].path.clone();
        entry(&mut self.archive, &self.parts, &path).ok()
    }
}

/// A part of the package, found whatever the case of its name.
fn entry<'a, R: Read + Seek>(
    archive: &'a mut ZipArchive<R>,
    parts: &HashMap<String, String>,
    path: &str,
) -> zip::result::ZipResult<ZipFile<'a, R>> {
    let name = parts
        .get(&path.to_ascii_lowercase())
        .map_or(path, String::as_str);
    archive.by_name(name)
}

/// A worksheet's cells, streamed.
pub struct Cells<'a, F: Read> {
    /// A sheet with no cells.
    done: bool,
    xml: Xml<F>,
    strings: &'a Strings,
    formats: &'a [Format],
    row: u32,
    col: u32,
    /// The name, as written, of the element open in the cell.
    element: Vec<u8>,
    scratch: Scratch,
}

/// Buffers reused from string to string.
#[derive(Default)]
struct Scratch {
    text: String,
    /// The name of a `<t>`, as written.
    t: Vec<u8>,
}

/// What a cell's `<c>` says of it.
struct CellHead {
    /// From `r`, if it has one.
    at: Option<(u32, u32)>,
    /// From `s`.
    format: Format,
    /// From `t`.
    kind: Kind,
}

/// A cell's position, if it gives one, number format and type, from its
/// `r`, `s` and `t`. As calamine does, a style it cannot find is a plain
/// number, and so is a cell with no style.
fn cell_attributes(tag: Tag<'_>, formats: &[Format]) -> Result<CellHead, String> {
    let mut at = None;
    let mut format = Format::Number;
    let mut kind = Kind::Untyped;
    // As calamine does, stop at the third of them: what follows is not
    // looked at, even if it is malformed.
    let mut found = 0;
    for attribute in tag.attributes() {
        if found == 3 {
            break;
        }
        let (key, value) = attribute?;
        if matches!(key, b"r" | b"s" | b"t") {
            found += 1;
        }
        match key {
            b"r" => at = Some(cell_position(value)?),
            b"s" => {
                let id = digits(value).unwrap_or(0);
                format = formats.get(id).copied().unwrap_or(Format::Number);
            }
            b"t" => {
                kind = match value {
                    b"n" => Kind::Number,
                    b"s" => Kind::Shared,
                    b"b" => Kind::Bool,
                    b"e" => Kind::Error,
                    b"str" => Kind::Text,
                    b"d" => Kind::Date,
                    b"inlineStr" | b"is" => Kind::Inline,
                    _ => Kind::Unknown,
                }
            }
            _ => {}
        }
    }
    Ok(CellHead { at, format, kind })
}

/// A cell's `t` attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// No `t` attribute: a number, or text if it is not one.
    Untyped,
    Number,
    Shared,
    Bool,
    Error,
    Text,
    Date,
    Inline,
    Unknown,
}

impl<'a, F: Read> Cells<'a, F> {
    fn new(mut xml: Xml<F>, strings: &'a Strings, formats: &'a [Format]) -> Result<Self, String> {
        // A part with elements but no `<sheetData>` (a chart sheet) has no
        // cells, as calamine's range reader has it; one with no elements at
        // all is damaged.
        let mut elements = false;
        let done = loop {
            match xml.next()? {
                Token::Start(tag) if tag.name() == b"sheetData" => break false,
                Token::Start(_) => elements = true,
                Token::Eof if elements => break true,
                Token::Eof => return Err("its part is empty; the file may be damaged".to_string()),
                _ => {}
            }
        };
        Ok(Cells {
            done,
            xml,
            strings,
            formats,
            row: 0,
            col: 0,
            element: Vec::new(),
            scratch: Scratch::default(),
        })
    }

    /// The next cell, with its zero-based (row, column); `None` after the
    /// last. A cell with nothing in it comes out as `Raw::Empty`.
    pub fn next_cell(&mut self) -> Result<Option<Cell>, String> {
        if self.done {
            return Ok(None);
        }
        loop {
            match self.xml.next()? {
                Token::End(end) if local(end) == b"row" => {
                    self.row = self.row.wrapping_add(1);
                    self.col = 0;
                }
                Token::Start(tag) => match tag.name() {
                    b"c" => {
                        let CellHead { at, format, kind } = cell_attributes(tag, self.formats)?;
                        let at = match at {
                            Some((row, col)) => {
                                self.col = col;
                                (row, col)
                            }
                            None => (self.row, self.col),
                        };
                        let value = self.value(format, kind)?;
                        self.col = self.col.wrapping_add(1);
                        return Ok(Some((at, value)));
                    }
                    b"row" => {
                        if let Some(r) = tag.attribute(b"r")? {
                            self.row = position(r)?.0;
                        }
                    }
                    _ => {}
                },
                Token::End(end) if local(end) == b"sheetData" => return Ok(None),
                Token::Eof => {
                    return Err(
                        "the sheet stops before its last row; the file may be damaged or only \
                         partly copied"
                            .to_string(),
                    );
                }
                _ => {}
            }
        }
    }

    /// Read a cell's content up to its end tag. As calamine does, each
    /// element inside sets the value: `<f>` empties it, and `<v>` or
    /// `<is>` after it fills it.
    fn value(&mut self, format: Format, kind: Kind) -> Result<Raw, String> {
        let mut value = Raw::Empty;
        loop {
            match self.xml.next()? {
                Token::Start(tag) => {
                    // Its end is matched as written, prefix and all, as
                    // quick-xml matches it for calamine.
                    self.element.clear();
                    self.element.extend_from_slice(tag.qualified_name());
                    let element = self.element.as_slice();
                    match tag.name() {
                        b"is" => {
                            let mut text = String::new();
                            read_string(&mut self.xml, element, &mut text, &mut self.scratch)?;
                            value = Raw::Text(text);
                        }
                        b"v" if kind == Kind::Inline => {
                            self.xml.skip_to_end(element)?;
                            value = Raw::Empty;
                        }
                        b"v" if matches!(
                            kind,
                            Kind::Untyped | Kind::Number | Kind::Shared | Kind::Bool | Kind::Error
                        ) =>
                        {
                            if let Some(raw) = self.xml.plain_text(element) {
                                let text = std::str::from_utf8(raw).map_err(|_| not_utf8())?;
                                value = typed(text, format, kind, self.strings)?;
                                continue;
                            }
                            value = match self.xml.next()? {
                                Token::Text(raw) => {
                                    // As calamine reads it: the text up to the
                                    // first reference, not decoded.
                                    let raw =
                                        &raw[..memchr::memchr(b'&', raw).unwrap_or(raw.len())];
                                    let text = std::str::from_utf8(raw).map_err(|_| not_utf8())?;
                                    let value = typed(text, format, kind, self.strings)?;
                                    self.xml.skip_to_end(element)?;
                                    value
                                }
                                Token::End(end) if end == element => Raw::Empty,
                                Token::Eof => return Err(stopped()),
                                _ => {
                                    self.xml.skip_to_end(element)?;
                                    Raw::Empty
                                }
                            };
                        }
                        b"v" => {
                            let text = &mut self.scratch.text;
                            text.clear();
                            loop {
                                match self.xml.next()? {
                                    Token::Text(raw) => push_text(raw, text)?,
                                    Token::End(end) if end == element => break,
                                    Token::Eof => return Err(stopped()),
                                    _ => {}
                                }
                            }
                            value = match kind {
                                Kind::Text => Raw::Text(unescape_excel(text)),
                                Kind::Date => Raw::Text(text.clone()),
                                _ => {
                                    return Err("a cell has a type (t=\"…\") Excel does not write"
                                        .to_string());
                                }
                            };
                        }
                        b"f" => {
                            self.xml.skip_to_end(element)?;
                            value = Raw::Empty;
                        }
                        _ => {
                            return Err(format!(
                                "a cell holds an unexpected <{}>",
                                String::from_utf8_lossy(element)
                            ));
                        }
                    }
                }
                Token::End(end) if local(end) == b"c" => return Ok(value),
                Token::Eof => return Err(stopped()),
                _ => {}
            }
        }
    }
}

fn stopped() -> String {
    "the sheet stops in the middle of a cell; the file may be damaged".to_string()
}

fn not_utf8() -> String {
    "the sheet's XML is not valid UTF-8; the file may be damaged".to_string()
}

/// A `<v>` of a number, shared-string, boolean or error cell.
fn typed(v: &str, format: Format, kind: Kind, strings: &Strings) -> Result<Raw, String> {
    // An empty `<v/>`, or one that opens with a reference, is an empty
    // cell to calamine.
    if v.is_empty() {
        return Ok(Raw::Empty);
    }
    Ok(match kind {
        Kind::Shared => {
            let index = digits(v.as_bytes()).unwrap_or(0);
            let text = strings.get(index).ok_or_else(|| {
                format!("a cell refers to shared string {v}, which the workbook does not have")
            })?;
            Raw::Text(text.to_string())
        }
        Kind::Bool => {
            let v = v.trim();
            if v.is_empty() {
                Raw::Empty
            } else if v == "0" || v.eq_ignore_ascii_case("false") {
                Raw::Bool(false)
            } else if v == "1" || v.eq_ignore_ascii_case("true") {
                Raw::Bool(true)
            } else {
                return Err(format!("a true/false cell holds \"{v}\""));
            }
        }
        Kind::Error => Raw::Error(v.to_string()),
        _ => match v.parse::<f64>() {
            Ok(serial) => match format {
                Format::Number => Raw::Number(serial),
                Format::Date => Raw::DateTime {
                    serial,
                    duration: false,
                },
                Format::Duration => Raw::DateTime {
                    serial,
                    duration: true,
                },
            },
            // With no type given, text that is not a number is text.
            Err(_) if kind == Kind::Untyped => Raw::Text(v.to_string()),
            Err(_) => return Err(format!("a number cell holds \"{v}\"")),
        },
    })
}

/// Read a rich or plain string up to the end tag `closing` into `out`: the
/// text of every `<t>` that is not a phonetic guide, trimmed of ASCII white
/// space unless `xml:space="preserve"`, with Excel's `_xHHHH_` escapes
/// replaced. (calamine's rules, to the letter.)
fn read_string<F: Read>(
    xml: &mut Xml<F>,
    closing: &[u8],
    out: &mut String,
    scratch: &mut Scratch,
) -> Result<(), String> {
    let mut phonetic = false;
    loop {
        match xml.next()? {
            Token::Start(tag) if tag.name() == b"rPh" => phonetic = true,
            Token::End(end) if end == closing => return Ok(()),
            Token::End(end) if local(end) == b"rPh" => phonetic = false,
            Token::Start(tag) if tag.name() == b"t" && !phonetic => {
                let preserve = tag.attribute(b"xml:space")? == Some(b"preserve");
                scratch.t.clear();
                scratch.t.extend_from_slice(tag.qualified_name());
                let text = &mut scratch.text;
                text.clear();
                if let Some(raw) = xml.plain_text(&scratch.t) {
                    push_text(raw, text)?;
                } else {
                    loop {
                        match xml.next()? {
                            Token::Text(raw) => push_text(raw, text)?,
                            Token::CData(raw) => push_cdata(raw, text)?,
                            Token::End(end) if end == scratch.t.as_slice() => break,
                            Token::Eof => return Err(stopped()),
                            _ => {}
                        }
                    }
                }
                let space = |b: Option<&u8>| matches!(b, Some(b' ' | b'\t' | b'\r' | b'\n'));
                let bytes = text.as_bytes();
                let text = if preserve || !(space(bytes.first()) || space(bytes.last())) {
                    text.as_str()
                } else {
                    text.trim_matches([' ', '\t', '\r', '\n'])
                };
                push_unescaped(text, out);
            }
            Token::Eof => return Err(stopped()),
            _ => {}
        }
    }
}

fn unescape_excel(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_unescaped(text, &mut out);
    out
}

/// Excel writes a character XML cannot hold as `_xHHHH_`, four hex digits
/// of UTF-16 (a pair of them for a character beyond), and a literal
/// `_x…_` as `_x005F_x…_`.
fn push_unescaped(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(at) = memchr::memchr(b'_', rest.as_bytes()) {
        let Some(unit) = escape_at(rest, at) else {
            out.push_str(&rest[..at + 1]);
            rest = &rest[at + 1..];
            continue;
        };
        out.push_str(&rest[..at]);
        let mut next = at + 7;
        let c = match unit {
            0xD800..=0xDBFF => match escape_at(rest, next) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    next += 7;
                    let code =
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    char::from_u32(code)
                }
                _ => None,
            },
            0xDC00..=0xDFFF => None,
            _ => char::from_u32(u32::from(unit)),
        };
        out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
        rest = &rest[next..];
    }
    out.push_str(rest);
}

/// The UTF-16 unit of an `_xHHHH_` escape at byte `at`, if there is one.
fn escape_at(text: &str, at: usize) -> Option<u16> {
    let bytes = text.as_bytes().get(at..at + 7)?;
    if bytes[0] != b'_' || bytes[1] != b'x' || bytes[6] != b'_' {
        return None;
    }
    let hex = std::str::from_utf8(&bytes[2..6]).ok()?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(hex, 16).ok()
}

/// A cell's `r`, or one end of a merged range's: a column is required.
pub fn cell_position(reference: &[u8]) -> Result<(u32, u32), String> {
    if !reference.first().is_some_and(u8::is_ascii_alphabetic) {
        return Err(format!(
            "a cell position \"{}\" is not a cell reference like C14",
            String::from_utf8_lossy(reference)
        ));
    }
    position(reference)
}

/// A non-negative whole number written in digits only.
fn digits(bytes: &[u8]) -> Option<usize> {
    if bytes.is_empty() {
        return None;
    }
    bytes.iter().try_fold(0usize, |n, &b| {
        if !b.is_ascii_digit() {
            return None;
        }
        n.checked_mul(10)?.checked_add(usize::from(b - b'0'))
    })
}

/// `C14` → zero-based (13, 2); a row alone (`14`) has column 0.
fn position(reference: &[u8]) -> Result<(u32, u32), String> {
    let bad = || {
        format!(
            "a cell position \"{}\" is not a cell reference like C14",
            String::from_utf8_lossy(reference)
        )
    };
    let letters = reference
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let (col, row) = reference.split_at(letters);
    let col = col.iter().try_fold(0u32, |n, &b| {
        n.checked_mul(26)?
            .checked_add(u32::from(b.to_ascii_uppercase() - b'A') + 1)
    });
    let row = digits(row).and_then(|r| u32::try_from(r).ok());
    match (col, row) {
        (Some(col), Some(row)) if row > 0 => Ok((row - 1, col.saturating_sub(1))),
        _ => Err(bad()),
    }
}

/// Whether a custom number format shows dates or durations: calamine's
/// `detect_custom_number_format`, followed to the letter so that a cell is
/// a date here exactly when it is one there. The first section only;
/// quoted, escaped and bracketed text is skipped, except that `[h]`, `[m]`
/// or `[s]` make a duration.
fn custom_format(code: &str) -> Format {
    let mut escaped = false;
    let mut quoted = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for c in code.chars() {
        match (c, escaped, quoted, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => quoted = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => quoted = true,
            (';', ..) => return Format::Number,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return Format::Duration,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return Format::Date,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return Format::Date;
            }
            _ => {
                if !(hms && c.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(c, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = c;
    }
    Format::Number
}

/// The built-in number formats that show dates, times or durations.
fn builtin_format(id: &[u8]) -> Format {
    match digits(id) {
        // An id with a sign, a space or leading zeros is no built-in one.
        Some(_) if id.len() > 1 && id[0] == b'0' => Format::Number,
        Some(14..=22 | 27..=36 | 45 | 47 | 50..=58) => Format::Date,
        Some(46) => Format::Duration,
        _ => Format::Number,
    }
}
