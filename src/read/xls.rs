//! How much an `.xls` workbook's sheets span, found before calamine opens
//! it. calamine reads every sheet of an `.xls` as it opens the file, each
//! into a dense rectangle from its first cell to its last, after reserving
//! room for the extent its DIMENSIONS record declares: a 5 KB file with one
//! stray cell at `IV65536` takes about a gigabyte, before the caller can
//! say no. Here the file is walked the way calamine walks it, without
//! holding a cell, so that such a file is refused first.
//!
//! Two layers, each a small reader of its own since calamine's are private
//! to it: the compound file (MS-CFB: a header, a table of sector chains, a
//! directory of streams) that holds the `Workbook` stream, and that
//! stream's BIFF records (MS-XLS 2.1.4: a type and a length, then the
//! body). The chains are followed as calamine follows them, but a chain
//! that comes back on itself is refused: calamine would follow it for
//! ever, growing what it reads.
//!
//! Why not the `cfb` crate (tried for issue 16): this walk predicts what
//! calamine's own reader will do, which reading the file correctly does not.
//! `cfb` reads the streams the directory's tree leads to, forgiving or
//! refusing a damaged table its own way; calamine follows the raw tables
//! and takes the first entry named `Workbook` in directory order. Files
//! `cfb` opens without complaint (a mini stream whose chain loops and says
//! it holds 4 GiB; a list of table sectors padded with zeros) made calamine
//! abort the run; `tests/test_hostile.rs` keeps them.

use std::io::{Read, Seek, SeekFrom};

/// One sheet's extent as calamine will hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XlsSheet {
    pub name: String,
    /// The cells calamine sets aside for it: the larger of the extent its
    /// DIMENSIONS record declares and the rectangle its cells (or its
    /// formulas) span.
    pub cells: u64,
    /// That rectangle's first and last (row, column), zero-based.
    pub first: (u32, u32),
    pub last: (u32, u32),
}

/// What makes the file unreadable before any cell: the compound file's
/// chains loop, or its tables list more sectors than the file holds.
#[derive(Debug, PartialEq, Eq)]
pub struct Damaged;

/// The sheets of an `.xls`, with their extents. Empty when the file is
/// not laid out as calamine reads it, so that calamine says what is
/// wrong; `Damaged` where calamine would read without end.
pub fn sheets(mut file: impl Read + Seek) -> Result<Vec<XlsSheet>, Damaged> {
    let Some(compound) = Compound::open(&mut file)? else {
        return Ok(Vec::new());
    };
    let stream = ["Workbook", "Book"]
        .iter()
        .find_map(|name| compound.entry(name))
        .map(|entry| compound.stream(&mut file, entry))
        .transpose()?
        .flatten();
    Ok(stream.map(|s| biff_sheets(&s)).unwrap_or_default())
}

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const RESERVED: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
/// A stream shorter than this lives in the mini stream, in 64-byte sectors.
const MINI_CUTOFF: u64 = 4096;
const MINI_SECTOR: usize = 64;

/// A directory entry: a stream's name, first sector and length.
struct Entry {
    name: String,
    start: u32,
    len: u64,
}

/// The parts of a compound file calamine reads before the `Workbook`
/// stream.
struct Compound {
    sector: usize,
    /// Where sector 0 starts: after the header, which fills one sector.
    base: u64,
    /// The highest sector id calamine reads (the file's length in sectors).
    max_id: u32,
    fat: Vec<u32>,
    entries: Vec<Entry>,
    mini_fat: Vec<u32>,
    mini_stream: Vec<u8>,
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

impl Compound {
    /// `None` where calamine fails too (not a compound file, a sector past
    /// the end, a short table).
    fn open(file: &mut (impl Read + Seek)) -> Result<Option<Compound>, Damaged> {
        let Some(length) = file.seek(SeekFrom::End(0)).ok() else {
            return Ok(None);
        };
        let mut header = [0u8; 512];
        let read = file
            .seek(SeekFrom::Start(0))
            .and_then(|_| file.read_exact(&mut header));
        if read.is_err() || !header.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
            return Ok(None);
        }
        let sector: usize = match u16_at(&header, 30) {
            Some(9) => 512,
            Some(12) => 4096,
            _ => return Ok(None),
        };
        if u16_at(&header, 32) != Some(6) {
            return Ok(None);
        }
        let field = |at| u32_at(&header, at).unwrap_or(ENDOFCHAIN);
        let (dir_start, mini_fat_start) = (field(48), field(60));
        let (mini_fat_len, difat_start) = (field(64) as usize, field(68));
        let mut compound = Compound {
            sector,
            base: sector as u64,
            max_id: u32::try_from(length / sector as u64).unwrap_or(u32::MAX),
            fat: Vec::new(),
            entries: Vec::new(),
            mini_fat: Vec::new(),
            mini_stream: Vec::new(),
        };
        // The sector table's own sectors: 109 in the header, the rest in a
        // chain of further sectors, each ending with the next one's id.
        let mut difat: Vec<u32> = u32s(&header[76..]).collect();
        let mut next = difat_start;
        let mut steps = 0u64;
        while next < RESERVED {
            steps += 1;
            if steps > u64::from(compound.max_id) + 1 {
                return Ok(None);
            }
            let Some(sector) = compound.sector_bytes(file, next) else {
                return Ok(None);
            };
            difat.extend(u32s(&sector));
            next = difat.pop().unwrap_or(ENDOFCHAIN);
        }
        let table: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
        // More table sectors than the file has sectors: calamine would
        // read them all, the same sector over and over.
        if table.len() as u64 > u64::from(compound.max_id) + 1 {
            return Err(Damaged);
        }
        for id in table {
            let Some(sector) = compound.sector_bytes(file, id) else {
                return Ok(None);
            };
            compound.fat.extend(u32s(&sector));
        }
        let Some(directory) = compound.chain(file, dir_start, u64::MAX)? else {
            return Ok(None);
        };
        compound.entries = directory
            .chunks_exact(128)
            .map(|entry| {
                let name = encoding_rs::UTF_16LE.decode(&entry[..64]).0;
                let name = name.split('\0').next().unwrap_or_default().to_string();
                let start = u32_at(entry, 116).unwrap_or(ENDOFCHAIN);
                let len = match sector {
                    512 => u64::from(u32_at(entry, 120).unwrap_or(0)),
                    _ => u64::from_le_bytes(entry[120..128].try_into().unwrap_or_default()),
                };
                Entry { name, start, len }
            })
            .collect();
        let Some(root) = compound.entries.first() else {
            return Ok(None);
        };
        if mini_fat_len > 0 {
            let (start, len) = (root.start, root.len);
            let Some(mini_stream) = compound.chain(file, start, len)? else {
                return Ok(None);
            };
            let table_len = (mini_fat_len as u64).saturating_mul(sector as u64);
            let Some(mini_fat) = compound.chain(file, mini_fat_start, table_len)? else {
                return Ok(None);
            };
            compound.mini_stream = mini_stream;
            compound.mini_fat = u32s(&mini_fat).collect();
        }
        Ok(Some(compound))
    }

    /// A sector's bytes, fewer at the end of the file; `None` past the
    /// sectors calamine reads.
    fn sector_bytes(&self, file: &mut (impl Read + Seek), id: u32) -> Option<Vec<u8>> {
        if id > self.max_id {
            return None;
        }
        let at = self.base + u64::from(id) * self.sector as u64;
        file.seek(SeekFrom::Start(at)).ok()?;
        let mut bytes = Vec::with_capacity(self.sector);
        file.take(self.sector as u64).read_to_end(&mut bytes).ok()?;
        Some(bytes)
    }

    /// The first `len` bytes of the chain from `start`. A chain of more
    /// links than the file has sectors comes back on itself.
    fn chain(
        &self,
        file: &mut (impl Read + Seek),
        start: u32,
        len: u64,
    ) -> Result<Option<Vec<u8>>, Damaged> {
        let mut bytes = Vec::new();
        let mut id = start;
        let mut steps = 0u64;
        while id != ENDOFCHAIN && (bytes.len() as u64) < len {
            steps += 1;
            if steps > u64::from(self.max_id) + 1 {
                return Err(Damaged);
            }
            let Some(sector) = self.sector_bytes(file, id) else {
                return Ok(None);
            };
            let room = len - bytes.len() as u64;
            bytes.extend_from_slice(&sector[..sector.len().min(room as usize)]);
            let Some(&next) = self.fat.get(id as usize) else {
                return Ok(None);
            };
            id = next;
        }
        Ok(Some(bytes))
    }

    fn entry(&self, name: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// A stream's bytes, from the mini stream when it is short.
    fn stream(
        &self,
        file: &mut (impl Read + Seek),
        entry: &Entry,
    ) -> Result<Option<Vec<u8>>, Damaged> {
        if entry.len >= MINI_CUTOFF {
            return self.chain(file, entry.start, entry.len);
        }
        let mut bytes = Vec::new();
        let mut id = entry.start;
        let mut steps = 0usize;
        while id != ENDOFCHAIN && (bytes.len() as u64) < entry.len {
            steps += 1;
            let at = id as usize * MINI_SECTOR;
            // A loop, or a sector past the mini stream (calamine then reads
            // whatever the file holds next).
            if steps > self.mini_stream.len() / MINI_SECTOR + 1 || at >= self.mini_stream.len() {
                return Err(Damaged);
            }
            let sector = &self.mini_stream[at..(at + MINI_SECTOR).min(self.mini_stream.len())];
            let room = entry.len as usize - bytes.len();
            bytes.extend_from_slice(&sector[..sector.len().min(room)]);
            let Some(&next) = self.mini_fat.get(id as usize) else {
                return Ok(None);
            };
            id = next;
        }
        Ok(Some(bytes))
    }
}

/// BIFF records in order: type and body. A record cut short ends them.
fn records(mut stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let typ = u16_at(stream, 0)?;
        let len = usize::from(u16_at(stream, 2)?);
        let body = stream.get(4..4 + len)?;
        stream = &stream[4 + len..];
        Some((typ, body))
    })
}

/// The sheets a Workbook stream lists (BoundSheet8), each measured in its
/// own substream.
fn biff_sheets(stream: &[u8]) -> Vec<XlsSheet> {
    const BOUND_SHEET: u16 = 0x0085;
    const EOF: u16 = 0x000A;
    let mut sheets = Vec::new();
    for (typ, body) in records(stream) {
        match typ {
            BOUND_SHEET => {
                let Some(at) = u32_at(body, 0) else { continue };
                let Some(substream) = stream.get(at as usize..) else {
                    continue;
                };
                sheets.push(measure(sheet_name(body), substream));
            }
            EOF => break,
            _ => {}
        }
    }
    sheets
}

/// A BoundSheet8's name (BIFF8: a length, a flag for two-byte characters,
/// the characters). Only for messages.
fn sheet_name(body: &[u8]) -> String {
    let count = body.get(6).copied().unwrap_or(0) as usize;
    let wide = body.get(7).is_some_and(|f| f & 1 == 1);
    let chars = body.get(8..).unwrap_or_default();
    let name = if wide {
        let end = (count * 2).min(chars.len());
        encoding_rs::UTF_16LE.decode(&chars[..end]).0.into_owned()
    } else {
        let end = count.min(chars.len());
        encoding_rs::WINDOWS_1252
            .decode(&chars[..end])
            .0
            .into_owned()
    };
    name.replace('\0', "")
}

/// A rectangle of cells: its first and last (row, column).
type Rect = ((u32, u32), (u32, u32));

/// A rectangle of cells growing to take in each position.
#[derive(Default)]
struct Span(Option<Rect>);

impl Span {
    fn take(&mut self, (row, col): (u32, u32)) {
        let ((r0, c0), (r1, c1)) = self.0.unwrap_or(((row, col), (row, col)));
        self.0 = Some(((r0.min(row), c0.min(col)), (r1.max(row), c1.max(col))));
    }

    fn cells(&self) -> u64 {
        self.0.map_or(0, |((r0, c0), (r1, c1))| {
            u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1)
        })
    }
}

/// One sheet's substream, walked as calamine walks it: cell records give
/// positions, a DIMENSIONS record the room calamine reserves, and embedded
/// substreams (a chart's) are passed over.
fn measure(name: String, substream: &[u8]) -> XlsSheet {
    let (mut cells, mut formulas) = (Span::default(), Span::default());
    let mut reserved: Option<(u64, Rect)> = None;
    let mut depth = 0usize;
    let mut seen_bof = false;
    for (typ, body) in records(substream) {
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let at = || Some((u32::from(u16_at(body, 0)?), u32::from(u16_at(body, 2)?)));
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            0x0200 => {
                let this = declared(body);
                if this.0 > reserved.map_or(0, |r| r.0) {
                    reserved = Some(this);
                }
            }
            // Number, Label, RString, BoolErr, RK, LabelSst.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                if let Some(at) = at() {
                    cells.take(at);
                }
            }
            // MulRk: a row, a first column, then six bytes a cell.
            0x00BD => {
                if let (Some((row, col)), Some(count)) = (at(), body.len().checked_sub(6)) {
                    cells.take((row, col));
                    let count = (count / 6) as u32;
                    cells.take((row, col + count.saturating_sub(1)));
                }
            }
            // Formula: its value and its text.
            0x0006 if body.len() >= 20 => {
                if let Some(at) = at() {
                    cells.take(at);
                    formulas.take(at);
                }
            }
            _ => {}
        }
    }
    // calamine fills a rectangle for the cells and another for the
    // formulas; the larger is the one named.
    let larger = if formulas.cells() > cells.cells() {
        formulas
    } else {
        cells
    };
    let (first, last) = larger.0.unwrap_or_default();
    let sheet = XlsSheet {
        name,
        cells: larger.cells(),
        first,
        last,
    };
    match reserved {
        Some((cells, (first, last))) if cells > sheet.cells => XlsSheet {
            cells,
            first,
            last,
            ..sheet
        },
        _ => sheet,
    }
}

/// The cells calamine reserves for a DIMENSIONS record (MS-XLS 2.4.90:
/// first row, last row + 1, first column, last column + 1), computed as it
/// computes them, wrapping where its arithmetic wraps; and the first and
/// last cells declared.
fn declared(body: &[u8]) -> (u64, Rect) {
    let (rf, rl, cf, cl) = match body.len() {
        10 => (
            u32::from(u16_at(body, 0).unwrap_or(0)),
            u32::from(u16_at(body, 2).unwrap_or(0)),
            u32::from(u16_at(body, 4).unwrap_or(0)),
            u32::from(u16_at(body, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(body, 0).unwrap_or(0),
            u32_at(body, 4).unwrap_or(0),
            u32::from(u16_at(body, 8).unwrap_or(0)),
            u32::from(u16_at(body, 10).unwrap_or(0)),
        ),
        _ => return (0, ((0, 0), (0, 0))),
    };
    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
    let (start, end) = if rl >= 1 && cl >= 1 {
        ((rf, cf), (rl - 1, cl - 1))
    } else {
        ((rf, cf), (rf, cf))
    };
    let rows = u64::from(end.0.wrapping_sub(start.0).wrapping_add(1));
    let cols = u64::from(end.1.wrapping_sub(start.1).wrapping_add(1));
    (rows.saturating_mul(cols), (start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, body: &[u8]) -> Vec<u8> {
        let mut bytes = typ.to_le_bytes().to_vec();
        bytes.extend((body.len() as u16).to_le_bytes());
        bytes.extend_from_slice(body);
        bytes
    }

    fn cell(row: u16, col: u16) -> Vec<u8> {
        [row.to_le_bytes(), col.to_le_bytes(), [0, 0]].concat()
    }

    #[test]
    fn a_sheet_spans_its_cells_and_what_it_declares_but_not_an_embedded_chart() {
        let mut sheet = record(0x0809, &[0; 16]);
        sheet.extend(record(0x0203, &[cell(2, 1), vec![0; 8]].concat()));
        sheet.extend(record(0x00FD, &[cell(9, 3), vec![0; 4]].concat()));
        // A chart's substream, its own far cell passed over.
        sheet.extend(record(0x0809, &[0; 16]));
        sheet.extend(record(0x0203, &[cell(60_000, 200), vec![0; 8]].concat()));
        sheet.extend(record(0x000A, &[]));
        sheet.extend(record(0x000A, &[]));
        sheet.extend(record(0x0203, &[cell(65_535, 255), vec![0; 8]].concat()));
        let measured = measure("Log".into(), &sheet);
        assert_eq!(
            (measured.cells, measured.first, measured.last),
            (8 * 3, (2, 1), (9, 3))
        );
        // DIMENSIONS declaring A1:IV65536 (BIFF8: rows as u32, last + 1).
        let dimensions = [
            &0u32.to_le_bytes()[..],
            &65_536u32.to_le_bytes(),
            &[0, 0, 0, 1, 0, 0],
        ]
        .concat();
        let mut declared_far = record(0x0809, &[0; 16]);
        declared_far.extend(record(0x0200, &dimensions));
        let measured = measure("Log".into(), &declared_far);
        assert_eq!((measured.cells, measured.last), (16_777_216, (65_535, 255)));
    }

    #[test]
    fn dimensions_wrap_as_calamine_computes_them() {
        // Last row before the first: calamine's u32 arithmetic wraps to
        // about four billion rows.
        let body = [10u32.to_le_bytes(), 5u32.to_le_bytes(), [0, 0, 1, 0]].concat();
        assert_eq!(declared(&[body, vec![0, 0]].concat()).0, 4_294_967_291);
        assert_eq!(declared(&[0; 3]).0, 0);
    }

    #[test]
    fn not_a_compound_file_has_no_sheets() {
        let sheets = sheets(std::io::Cursor::new(b"PK\x03\x04 not one".to_vec()));
        assert_eq!(sheets, Ok(Vec::new()));
    }
}
