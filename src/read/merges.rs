//! Merged ranges found beside calamine's reading, in the three places it
//! needs help:
//!
//! - **xlsx, while streaming.** A sheet's merged ranges sit after all its
//!   cells, and calamine's `merge_cells_by_sheet_name` parses every cell's
//!   XML to reach them, which doubled the time a large log took. Here the
//!   sheet part is only unpacked and searched byte-wise for the end of
//!   `<sheetData>`; quick-xml (the XML reader calamine itself uses) parses
//!   what follows. It runs on the other core while calamine loads the
//!   shared strings. The same pass measures the longest text in the part,
//!   so a cell calamine would build whole (an inline string of 900 MiB
//!   packs into a few MB) is refused before a cell is read.
//! - **ods.** calamine reads the cells but reports no merged ranges, so a
//!   meetings log's Category merged down over five meetings would belong to
//!   the first alone. One pass over `content.xml` finds the spans
//!   LibreOffice writes (`table:number-rows-spanned`, `…-columns-spanned`).
//! - **xlsb.** calamine's Xlsb reader reports no merged ranges either. Each
//!   sheet part's records are walked (MS-XLSB 2.1.4: a type and a size,
//!   each a few bytes of seven bits) and its `BrtMergeCell` records kept;
//!   every other record is skipped unread, its size noted (calamine takes
//!   a record's whole size before it reads it). calamine's own record
//!   reader is private to it, so this small one stands beside it.
//!
//! `MergeFill` (workbook.rs) applies them. The cells are calamine's.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Seek};

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::limits;

/// A merged range: its first and last (row, column), zero-based.
pub type Dims = ((u32, u32), (u32, u32));

/// What the pass over an ods sheet finds.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct OdsSheet {
    pub merges: Vec<Dims>,
    /// How many rows and columns the cells with a value span, from A1:
    /// calamine holds a sheet as that rectangle, a stray far cell and all.
    pub extent: (u32, u32),
}

/// Each sheet's merged ranges and extent in an ods package, by sheet name.
/// `Ok(None)` when the package or its XML cannot be read that way
/// (calamine, which reads the cells, then says what is wrong).
/// `Err(bytes)` when `content.xml` holds a text (or a tag) longer than
/// `limits::TEXT_BYTES`: calamine reads an ods whole, and would hold it.
/// The content is read through `Measured`, so this pass never holds it
/// either.
pub fn ods_sheets(package: impl Read + Seek) -> Result<Option<HashMap<String, OdsSheet>>, u64> {
    let Ok(mut archive) = zip::ZipArchive::new(package) else {
        return Ok(None);
    };
    let Ok(content) = archive.by_name("content.xml") else {
        return Ok(None);
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(Measured::new(content)));
    match ods_content(&mut xml) {
        Some(found) => Ok(Some(found)),
        None => {
            let measured = xml.into_inner().into_inner();
            if measured.too_long() {
                Err(measured.finish())
            } else {
                Ok(None)
            }
        }
    }
}

/// The sheets of an ods `content.xml`, as `ods_sheets` gives them.
fn ods_content(xml: &mut quick_xml::Reader<impl BufRead>) -> Option<HashMap<String, OdsSheet>> {
    xml.config_mut().check_end_names = false;
    let mut found: HashMap<String, OdsSheet> = HashMap::new();
    let mut sheet: Option<(String, OdsSheet)> = None;
    // The row being read and the column of its next cell; tables nested in
    // a cell (rare) are passed over by counting depth.
    let (mut row, mut col, mut row_repeat, mut depth) = (0u32, 0u32, 1u32, 0u32);
    let mut buffer = Vec::new();
    loop {
        buffer.clear();
        let event = xml.read_event_into(&mut buffer).ok()?;
        let (start, empty) = match &event {
            Event::Start(tag) => (Some(tag), false),
            Event::Empty(tag) => (Some(tag), true),
            _ => (None, false),
        };
        if let Some(tag) = start {
            match tag.local_name().as_ref() {
                "table" if sheet.is_none() => {
                    let name = attribute(tag, "name").unwrap_or_default();
                    sheet = Some((name, OdsSheet::default()));
                    (row, col) = (0, 0);
                }
                "table" => depth += u32::from(!empty),
                "table-row" if depth == 0 => {
                    col = 0;
                    row_repeat = number(tag, "number-rows-repeated");
                    if empty {
                        row = row.saturating_add(row_repeat);
                    }
                }
                "table-cell" | "covered-table-cell" if depth == 0 => {
                    let rows = number(tag, "number-rows-spanned");
                    let cols = number(tag, "number-columns-spanned");
                    let repeat = number(tag, "number-columns-repeated");
                    if let Some((_, found)) = &mut sheet {
                        if (rows > 1 || cols > 1) && tag.local_name().as_ref() == "table-cell" {
                            let last = (row.saturating_add(rows - 1), col.saturating_add(cols - 1));
                            found.merges.push(((row, col), last));
                        }
                        // LibreOffice types every cell that holds a value.
                        if attribute(tag, "value-type").is_some() {
                            let (r, c) = &mut found.extent;
                            *r = (*r).max(row.saturating_add(row_repeat));
                            *c = (*c).max(col.saturating_add(repeat));
                        }
                    }
                    col = col.saturating_add(repeat);
                }
                _ => {}
            }
        }
        match event {
            Event::End(tag) => match tag.local_name().as_ref() {
                "table" if depth > 0 => depth -= 1,
                "table" => {
                    if let Some((name, sheet)) = sheet.take() {
                        found.entry(name).or_insert(sheet);
                    }
                }
                "table-row" if depth == 0 => row = row.saturating_add(row_repeat),
                _ => {}
            },
            Event::Eof => return Some(found),
            _ => {}
        }
    }
}

/// What the pass over an xlsx or xlsb package's sheet parts finds.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SheetScan {
    /// Each sheet's merged ranges, by sheet name. A sheet whose part could
    /// not be searched is left out: the caller asks calamine instead.
    pub merges: HashMap<String, Vec<Dims>>,
    /// The first sheet part found holding a text (xlsx) or a record (xlsb)
    /// of more than `limits::TEXT_BYTES`, and its length in bytes. The
    /// pass stops there.
    pub too_long: Option<(String, u64)>,
    /// Whether every sheet's part was measured to its end: when not, the
    /// caller measures the parts itself before calamine reads a cell.
    pub complete: bool,
}

/// Each worksheet's merged ranges in an xlsx package, and the longest text
/// in its parts. `None` when the package is not laid out as expected.
pub fn scan_xlsx(package: impl Read + Seek) -> Option<SheetScan> {
    let mut archive = zip::ZipArchive::new(package).ok()?;
    let workbook = relationships(&mut archive, "_rels/.rels", "")?
        .into_iter()
        .find(|(_, kind, _)| kind.ends_with("/officeDocument"))
        .map_or_else(|| "xl/workbook.xml".to_string(), |(_, _, target)| target);
    let (folder, file) = workbook.rsplit_once('/').unwrap_or(("", &workbook));
    let rels = format!("{folder}/_rels/{file}.rels");
    let targets: HashMap<String, String> =
        relationships(&mut archive, rels.trim_start_matches('/'), folder)?
            .into_iter()
            .map(|(id, _, target)| (id, target))
            .collect();
    let sheets: Vec<(String, Option<String>)> = sheets(&mut archive, &workbook)?
        .into_iter()
        .map(|(name, id)| (name, targets.get(&id).cloned()))
        .collect();
    Some(scan_sheets(&mut archive, sheets, |part| {
        let mut measured = Measured::new(part);
        let merges = merged_after_cells(&mut measured);
        let longest = if measured.too_long() {
            measured.finish()
        } else {
            0
        };
        (merges, longest)
    }))
}

/// Search each sheet's part (by name and path) with `search`, which gives
/// its merged ranges, if found, and its longest text or record, if over
/// `limits::TEXT_BYTES` (the scan stops there).
fn scan_sheets<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    sheets: Vec<(String, Option<String>)>,
    mut search: impl FnMut(zip::read::ZipFile<'_, R>) -> (Option<Vec<Dims>>, u64),
) -> SheetScan {
    let mut scan = SheetScan {
        complete: true,
        ..SheetScan::default()
    };
    for (name, path) in sheets {
        let Some((index, part)) = path
            .and_then(|p| part_index(archive, &p))
            .and_then(|i| Some((i, archive.by_index(i).ok()?)))
        else {
            scan.complete = false;
            continue;
        };
        let part_name = archive_name(&part, index);
        let (merges, longest) = search(part);
        if longest > limits::TEXT_BYTES {
            scan.too_long = Some((part_name, longest));
            return scan;
        }
        match merges {
            Some(merges) => {
                scan.merges.insert(name, merges);
            }
            None => scan.complete = false,
        }
    }
    scan
}

/// A part's name as its package spells it.
fn archive_name<R: Read>(part: &zip::read::ZipFile<'_, R>, index: usize) -> String {
    part.name()
        .map_or_else(|_| format!("number {}", index + 1), |n| n.to_string())
}

/// A part read through while the longest run of bytes between two `<` in
/// it is measured: no text or tag in the part is longer (a `<` in text is
/// written `&lt;`). Past `limits::TEXT_BYTES` it hands nothing more on, so
/// no reader behind it holds such a text.
struct Measured<R> {
    part: R,
    run: u64,
    longest: u64,
}

impl<R: Read> Measured<R> {
    fn new(part: R) -> Self {
        Measured {
            part,
            run: 0,
            longest: 0,
        }
    }

    fn too_long(&self) -> bool {
        self.longest.max(self.run) > limits::TEXT_BYTES
    }

    /// The longest run in the whole part, read to its end a chunk at a
    /// time. What cannot be read counts as far as it got.
    fn finish(mut self) -> u64 {
        let mut chunk = vec![0u8; 1 << 16];
        while let Ok(read) = self.part.read(&mut chunk) {
            if read == 0 {
                break;
            }
            self.count(&chunk[..read]);
        }
        self.longest.max(self.run)
    }

    /// Only the runs that reach past one read are measured, by the first
    /// and last `<` in it: a run inside one read is shorter than the read
    /// (64 KiB at most here), far below the limit, and a sheet part has a
    /// `<` every few bytes, so looking at each would cost more.
    fn count(&mut self, bytes: &[u8]) {
        let (Some(first), Some(last)) = (memchr::memchr(b'<', bytes), memchr::memrchr(b'<', bytes))
        else {
            self.run += bytes.len() as u64;
            return;
        };
        self.longest = self.longest.max(self.run + first as u64);
        self.run = (bytes.len() - last - 1) as u64;
    }
}

impl<R: Read> Read for Measured<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.too_long() {
            return Err(std::io::Error::other("a text longer than a cell holds"));
        }
        let read = self.part.read(buf)?;
        self.count(&buf[..read]);
        Ok(read)
    }
}

/// The longest run of bytes between two `<` in an XML part, when it is
/// longer than a read (64 KiB): it is then exact.
pub fn longest_text(part: impl Read) -> u64 {
    Measured::new(part).finish()
}

/// The largest record in an xlsb part, walked to its end or to the first
/// record over `limits::TEXT_BYTES`. What cannot be read counts as far as
/// it got.
pub fn largest_record(mut part: impl BufRead) -> u64 {
    let mut largest = 0;
    while let Some((_, size)) = xlsb_record(&mut part) {
        largest = largest.max(size);
        if size > limits::TEXT_BYTES || skip(&mut part, size).is_none() {
            break;
        }
    }
    largest
}

/// Each worksheet's merged ranges in an xlsb package, as far as
/// `limits::MERGED_RANGES` and one more (the caller refuses a sheet with
/// more), and its largest record. `None` when the package is not laid out
/// as calamine reads it (calamine then says what is wrong).
pub fn scan_xlsb(package: impl Read + Seek) -> Option<SheetScan> {
    let mut archive = zip::ZipArchive::new(package).ok()?;
    // Where calamine looks: the workbook at xl/workbook.bin, its sheets'
    // targets relative to xl/.
    let targets: HashMap<String, String> =
        relationships(&mut archive, "xl/_rels/workbook.bin.rels", "xl")?
            .into_iter()
            .map(|(id, _, target)| (id, target))
            .collect();
    let workbook = part_index(&mut archive, "xl/workbook.bin")?;
    let sheets = xlsb_sheets(BufReader::new(archive.by_index(workbook).ok()?))?;
    let sheets = sheets
        .into_iter()
        .map(|(name, id)| (name, targets.get(&id).cloned()))
        .collect();
    Some(scan_sheets(&mut archive, sheets, |part| {
        let mut largest = 0;
        let merges = xlsb_merge_cells(BufReader::new(part), &mut largest);
        (merges, largest)
    }))
}

/// MS-XLSB record types read here.
mod brt {
    pub const BUNDLE_SH: u16 = 0x009C;
    pub const END_BUNDLE_SHS: u16 = 0x0090;
    pub const MERGE_CELL: u16 = 0x00B0;
    pub const END_MERGE_CELLS: u16 = 0x00B2;
}

/// The next record's type and body size (MS-XLSB 2.1.4): the type in one
/// or two bytes, the size in one to four, seven bits a byte, low bits
/// first, the top bit saying another byte follows. `None` at the end of
/// the part or in a header cut short.
fn xlsb_record(part: &mut impl BufRead) -> Option<(u16, u64)> {
    let mut byte = || {
        let mut b = [0u8];
        part.read_exact(&mut b).ok().map(|()| b[0])
    };
    let mut number = |bytes: u32| -> Option<u64> {
        let mut value = 0u64;
        for i in 0..bytes {
            let b = byte()?;
            value |= u64::from(b & 0x7F) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        Some(value)
    };
    let typ = number(2)?;
    let size = number(4)?;
    Some((typ as u16, size))
}

/// Pass over a record's body without keeping it.
fn skip(part: &mut impl BufRead, size: u64) -> Option<()> {
    let skipped = std::io::copy(&mut part.take(size), &mut std::io::sink()).ok()?;
    (skipped == size).then_some(())
}

/// A record's body, when it is no longer than `most` bytes.
fn body(part: &mut impl BufRead, size: u64, most: u64) -> Option<Vec<u8>> {
    if size > most {
        return None;
    }
    let mut body = Vec::with_capacity(size as usize);
    part.take(size).read_to_end(&mut body).ok()?;
    (body.len() as u64 == size).then_some(body)
}

/// `xl/workbook.bin`'s sheets in order: name and relationship id, from its
/// `BrtBundleSh` records (MS-XLSB 2.4.304: state and tab id, then the id
/// and the name as UTF-16 strings after their length).
fn xlsb_sheets(mut part: impl BufRead) -> Option<Vec<(String, String)>> {
    // A sheet's name is at most 31 characters; its record is small.
    const MOST: u64 = 4096;
    let mut sheets = Vec::new();
    while let Some((typ, size)) = xlsb_record(&mut part) {
        match typ {
            brt::BUNDLE_SH => {
                let record = body(&mut part, size, MOST)?;
                let (id, rest) = wide_string(record.get(8..)?)?;
                let (name, _) = wide_string(rest)?;
                if let Some(id) = id {
                    sheets.push((name?, id));
                }
            }
            brt::END_BUNDLE_SHS => break,
            _ => skip(&mut part, size)?,
        }
    }
    Some(sheets)
}

/// A length-prefixed UTF-16 string (`XLNullableWideString`: a length of
/// 0xFFFFFFFF is no string) and what follows it. Decoded as calamine
/// decodes it, so names match.
fn wide_string(bytes: &[u8]) -> Option<(Option<String>, &[u8])> {
    let length = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?);
    if length == u32::MAX {
        return Some((None, &bytes[4..]));
    }
    let end = 4usize.checked_add((length as usize).checked_mul(2)?)?;
    let text = encoding_rs::UTF_16LE.decode(bytes.get(4..end)?).0;
    Some((Some(text.into_owned()), &bytes[end..]))
}

/// A sheet part's merged ranges, from its `BrtMergeCell` records (MS-XLSB
/// 2.4.648: an `RfX` of first row, last row, first column, last column).
/// They follow the cells, so every record before them is skipped, its
/// size kept in `largest`; the walk stops at `BrtEndMergeCells`, past the
/// most a sheet may have, or at a record over `limits::TEXT_BYTES`.
fn xlsb_merge_cells(mut part: impl BufRead, largest: &mut u64) -> Option<Vec<Dims>> {
    let mut merges = Vec::new();
    while let Some((typ, size)) = xlsb_record(&mut part) {
        *largest = (*largest).max(size);
        if size > limits::TEXT_BYTES {
            return None;
        }
        match typ {
            brt::MERGE_CELL => {
                let rfx = body(&mut part, size, 64)?;
                let at = |i: usize| -> Option<u32> {
                    Some(u32::from_le_bytes(
                        rfx.get(i * 4..i * 4 + 4)?.try_into().ok()?,
                    ))
                };
                let (r0, r1, c0, c1) = (at(0)?, at(1)?, at(2)?, at(3)?);
                if r0 <= r1 && c0 <= c1 {
                    merges.push(((r0, c0), (r1, c1)));
                }
                if merges.len() > limits::MERGED_RANGES {
                    break;
                }
            }
            brt::END_MERGE_CELLS => break,
            _ => skip(&mut part, size)?,
        }
    }
    Some(merges)
}

/// A part's index by name, in any case (as calamine finds parts).
fn part_index<R: Read + Seek>(archive: &mut zip::ZipArchive<R>, path: &str) -> Option<usize> {
    archive.index_for_name(path).or_else(|| {
        (0..archive.len()).find(|&i| {
            archive
                .name_for_index(i)
                .is_some_and(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(path)))
        })
    })
}

/// A small XML part (a workbook, its relationships), parsed by quick-xml.
fn small_part<'a, R: Read + Seek>(
    archive: &'a mut zip::ZipArchive<R>,
    path: &str,
) -> Option<quick_xml::Reader<BufReader<zip::read::ZipFile<'a, R>>>> {
    let index = part_index(archive, path)?;
    let part = archive.by_index(index).ok()?;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
    xml.config_mut().check_end_names = false;
    Some(xml)
}

/// The relationships of a part: id, type and target, the target resolved
/// against `folder`.
fn relationships<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    rels: &str,
    folder: &str,
) -> Option<Vec<(String, String, String)>> {
    let mut xml = small_part(archive, rels)?;
    let mut found = Vec::new();
    each_element(&mut xml, |tag| {
        if tag.local_name().as_ref() == "Relationship"
            && let (Some(id), Some(target)) = (attribute(tag, "Id"), attribute(tag, "Target"))
        {
            let path = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None if folder.is_empty() => target,
                None => format!("{}/{target}", folder.trim_start_matches('/')),
            };
            found.push((id, attribute(tag, "Type").unwrap_or_default(), path));
        }
    })?;
    Some(found)
}

/// The workbook's sheets in order: name and relationship id.
fn sheets<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    workbook: &str,
) -> Option<Vec<(String, String)>> {
    let mut xml = small_part(archive, workbook)?;
    let mut sheets = Vec::new();
    each_element(&mut xml, |tag| {
        if tag.local_name().as_ref() == "sheet"
            && let (Some(name), Some(id)) = (attribute(tag, "name"), attribute(tag, "id"))
        {
            sheets.push((name, id));
        }
    })?;
    Some(sheets)
}

/// Hand every start or empty element of a part to `visit`.
fn each_element(
    xml: &mut quick_xml::Reader<impl BufRead>,
    mut visit: impl FnMut(&BytesStart),
) -> Option<()> {
    let mut buffer = Vec::new();
    loop {
        buffer.clear();
        match xml.read_event_into(&mut buffer).ok()? {
            Event::Start(tag) | Event::Empty(tag) => visit(&tag),
            Event::Eof => return Some(()),
            _ => {}
        }
    }
}

/// The merged ranges of one sheet part. The cells are passed over with a
/// byte search for the end of `<sheetData>` (cell text cannot hide it: a
/// `<` in text is written `&lt;`), and only what follows is parsed.
fn merged_after_cells(mut part: impl Read) -> Option<Vec<Dims>> {
    const CHUNK: usize = 1 << 16;
    // Room for `</` and a namespace prefix before the name.
    const TAIL: usize = 64;
    let finder = memchr::memmem::Finder::new(b"sheetData");
    let mut window: Vec<u8> = Vec::with_capacity(CHUNK + TAIL);
    let after = loop {
        let start = window.len();
        window.resize(start + CHUNK, 0);
        let read = part.read(&mut window[start..]).ok()?;
        window.truncate(start + read);
        if let Some(end) = finder
            .find_iter(&window)
            .find_map(|at| sheet_data_closed(&window, at))
        {
            break end;
        }
        if read == 0 {
            // No cells at all, or a part cut short: parse what there is.
            break 0;
        }
        window.drain(..window.len().saturating_sub(TAIL));
    };
    let rest = std::io::Cursor::new(window.split_off(after)).chain(part);
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(rest));
    // The tail closes the worksheet that was opened before it.
    xml.config_mut().check_end_names = false;
    xml.config_mut().allow_unmatched_ends = true;
    let mut merges = Vec::new();
    each_element(&mut xml, |tag| {
        if tag.local_name().as_ref() == "mergeCell"
            && let Some(range) = attribute(tag, "ref").and_then(|r| range(&r))
        {
            merges.push(range);
        }
    })?;
    Some(merges)
}

/// Where the XML after `<sheetData>`'s end begins, if the name found at
/// `at` ends it: `</sheetData>` or an empty `<sheetData/>`, with any
/// namespace prefix. `None` when it is the start tag, or only text.
fn sheet_data_closed(window: &[u8], at: usize) -> Option<usize> {
    let mut open = &window[..at];
    if let Some(prefixed) = open.strip_suffix(b":") {
        let prefix = prefixed
            .iter()
            .rev()
            .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
            .count();
        open = &prefixed[..prefixed.len() - prefix];
    }
    let end_tag = open.ends_with(b"</");
    if !end_tag && !open.ends_with(b"<") {
        return None;
    }
    let name_end = at + b"sheetData".len();
    let close = name_end + memchr::memchr(b'>', &window[name_end..])?;
    let empty = window[name_end..close].ends_with(b"/");
    (end_tag || empty).then_some(close + 1)
}

/// `A1:B2` (or a single `C3`) → its first and last (row, column).
fn range(reference: &str) -> Option<Dims> {
    let (first, last) = reference.split_once(':').unwrap_or((reference, reference));
    Some((cell(first.trim())?, cell(last.trim())?))
}

/// `C14` → zero-based (13, 2).
fn cell(reference: &str) -> Option<(u32, u32)> {
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let (col, row) = reference.split_at(letters);
    let col = col.bytes().try_fold(0u32, |n, b| {
        n.checked_mul(26)?
            .checked_add(u32::from(b.to_ascii_uppercase() - b'A') + 1)
    })?;
    let row: u32 = row.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// An attribute's value by its local name.
fn attribute(tag: &BytesStart, local: &str) -> Option<String> {
    tag.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
        .map(|v| v.into_owned())
}

/// A count attribute (repeats, spans): 1 when absent or unreadable.
fn number(tag: &BytesStart, local: &str) -> u32 {
    attribute(tag, local)
        .and_then(|v| v.trim().parse().ok())
        .filter(|&n| n >= 1)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::*;

    fn package(content: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
            .expect("start");
        zip.write_all(content.as_bytes()).expect("write");
        zip.finish().expect("finish").into_inner()
    }

    #[test]
    fn spans_are_found_after_repeated_rows_and_columns() {
        let content = r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>
<table:table table:name="Meetings &amp; events">
<table:table-row><table:table-cell><text:p>Category</text:p></table:table-cell><table:table-cell><text:p>Meeting</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell table:number-rows-spanned="4" table:number-columns-spanned="1"><text:p>SEC Panel</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="2"/><table:covered-table-cell/><table:table-cell table:number-columns-spanned="2"/></table:table-row>
</table:table>
<table:table table:name="Other"><table:table-row><table:table-cell/></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>"#;
        let found = ods_sheets(Cursor::new(package(content)))
            .ok()
            .flatten()
            .expect("readable");
        assert_eq!(
            found["Meetings & events"].merges,
            [((3, 2), (6, 2)), ((4, 3), (4, 4))]
        );
        assert_eq!(found["Other"], OdsSheet::default());
    }

    #[test]
    fn xlsx_merges_are_found_after_the_cells_for_every_sheet_by_name() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let format = rust_xlsxwriter::Format::new();
        for (name, count) in [("Log & <notes>", 2u32), ("Plain", 1)] {
            let sheet = workbook.add_worksheet().set_name(name).expect("name");
            for m in 0..count {
                sheet
                    .merge_range(m * 3, 1, m * 3 + 1, 2, "merged", &format)
                    .expect("merge");
            }
        }
        workbook.add_worksheet().set_name("None").expect("name");
        let bytes = workbook.save_to_buffer().expect("save");
        let scan = scan_xlsx(Cursor::new(bytes)).expect("a package laid out as Excel does");
        assert!(scan.complete && scan.too_long.is_none(), "{scan:?}");
        let found = scan.merges;
        assert_eq!(found["Log & <notes>"], [((0, 1), (1, 2)), ((3, 1), (4, 2))]);
        assert_eq!(found["Plain"], [((0, 1), (1, 2))]);
        assert_eq!(found["None"], []);
        assert_eq!(found.len(), 3);
    }

    #[test]
    fn prefixed_and_decoy_merges() {
        let merges = |xml: &str| merged_after_cells(xml.as_bytes());
        let a1_b2 = Some(vec![((0, 0), (1, 1))]);
        assert_eq!(
            merges(
                "<x:worksheet><x:sheetData/><x:mergeCells><x:mergeCell ref='A1:B2'/></x:mergeCells></x:worksheet>"
            ),
            a1_b2
        );
        // A merge written in a comment is not one.
        assert_eq!(
            merges(
                "<worksheet><sheetData><row><c><v>1</v></c></row></sheetData><mergeCells><!-- <mergeCell ref=\"E1:F1\"/> --><mergeCell ref=\"A1:B2\"/></mergeCells></worksheet>"
            ),
            a1_b2
        );
        assert_eq!(cell("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell("A0"), None);
    }

    #[test]
    fn an_ods_sheet_spans_to_its_farthest_value() {
        let content = r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>
<table:table table:name="Log">
<table:table-row><table:table-cell office:value-type="string"><text:p>Date</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="1023"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
        let found = ods_sheets(Cursor::new(package(content)))
            .ok()
            .flatten()
            .expect("readable");
        assert_eq!(found["Log"].extent, (1_048_576, 1_024));
    }

    #[test]
    fn xlsb_merge_cells_are_found_past_records_of_any_size() {
        // Type 0x00B0 takes two bytes (0xB0 0x01); a size of 300 takes two
        // (0xAC 0x02).
        let mut part = vec![0x81, 0x01, 0x00]; // BrtBeginSheet
        part.extend([0x08, 0xAC, 0x02]);
        part.extend([0xB0; 300]); // a long string cell full of decoys
        part.extend([0xB1, 0x01, 0x04, 1, 0, 0, 0]);
        part.extend([0xB0, 0x01, 0x10]);
        for n in [3u32, 6, 0, 2] {
            part.extend(n.to_le_bytes());
        }
        part.extend([0xB0, 0x01, 0x10]);
        for n in [9u32, 8, 0, 0] {
            part.extend(n.to_le_bytes()); // last row before first: not a range
        }
        part.extend([0xB2, 0x01, 0x00]);
        let mut largest = 0;
        assert_eq!(
            xlsb_merge_cells(&part[..], &mut largest),
            Some(vec![((3, 0), (6, 2))])
        );
        assert_eq!(largest, 300);
        // Cut short inside a record: not searched.
        assert_eq!(xlsb_merge_cells(&part[..100], &mut largest), None);
    }

    #[test]
    fn an_xlsb_record_longer_than_a_cell_holds_stops_the_walk() {
        // A cell record (BrtCellSt, 0x0006) declaring 2 MiB, cut short
        // after 1 KiB: its size alone is enough.
        let size = 2u32 << 20;
        let mut part = vec![0x81, 0x01, 0x00, 0x06];
        let mut n = size;
        while n >= 0x80 {
            part.push((n & 0x7F) as u8 | 0x80);
            n >>= 7;
        }
        part.push(n as u8);
        part.extend([b'x'; 1024]);
        let mut largest = 0;
        assert_eq!(xlsb_merge_cells(&part[..], &mut largest), None);
        assert_eq!(largest, u64::from(size));
        assert_eq!(largest_record(&part[..]), u64::from(size));
    }

    #[test]
    fn a_sheet_part_is_measured_as_it_is_searched_and_no_further_than_the_limit() {
        let mut xml = b"<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>".to_vec();
        xml.resize(xml.len() + (3 << 20), b'a');
        xml.extend(b"</t></is></c></row></sheetData><mergeCells><mergeCell ref=\"A1:B2\"/></mergeCells></worksheet>");
        let mut measured = Measured::new(&xml[..]);
        assert_eq!(merged_after_cells(&mut measured), None);
        assert!(measured.too_long());
        // From after `<` of `<t>`: the tag's `t>` and the text.
        assert_eq!(measured.finish(), (3 << 20) + 2);
        // A text at the limit is searched to its merges.
        let mut xml = b"<worksheet><sheetData><c><is><t>".to_vec();
        xml.resize(xml.len() + (1 << 20) - 2, b'a');
        xml.extend(b"</t></is></c></sheetData><mergeCells><mergeCell ref=\"A1:B2\"/></mergeCells></worksheet>");
        let mut measured = Measured::new(&xml[..]);
        assert_eq!(
            merged_after_cells(&mut measured),
            Some(vec![((0, 0), (1, 1))])
        );
        assert!(!measured.too_long());
    }

    #[test]
    fn not_a_package_is_none() {
        assert_eq!(ods_sheets(Cursor::new(b"not a zip".to_vec())), Ok(None));
        assert!(scan_xlsx(Cursor::new(b"not a zip".to_vec())).is_none());
        assert!(scan_xlsb(Cursor::new(b"not a zip".to_vec())).is_none());
    }
}
