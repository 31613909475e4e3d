//! Hostile and odd files in the month's folder: nothing is opened that is
//! not a regular file inside the folder, nothing about a file outside the
//! folder reaches the output, and the CSV bundle opens in Excel without a
//! live formula. Each run is bounded in time: a hang fails the test.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::Test;

/// The longest a run may take here: a hang fails the test.
const A_MINUTE: Duration = Duration::from_secs(60);

#[test]
fn pipes_devices_and_links_out_of_the_folder_are_not_read() {
    let test = Test::new();
    let dir = crate::fixtures::sample_month(&test, "2019-03");
    let outside = test.dir.path().join("secret.csv");
    std::fs::write(
        &outside,
        "Date,Name,Driver,Hours\n04/03/2019,Eve,Data Quality,100\n",
    )
    .expect("write");
    let made = Command::new("mkfifo")
        .arg(dir.join("pipe.csv"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.csv")).expect("link");
    std::os::unix::fs::symlink(&outside, dir.join("secret.csv")).expect("link");
    std::os::unix::fs::symlink(
        dir.join("meetings-log.xlsx"),
        dir.join("meetings-link.xlsx"),
    )
    .expect("link");
    let run = test.build(&dir).timeout(A_MINUTE).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (file, reason) in [
        ("pipe.csv", "not a regular file (a pipe, socket or device)"),
        ("zero.csv", "a link to a file outside the folder"),
        ("secret.csv", "a link to a file outside the folder"),
    ] {
        assert!(
            run.stderr
                .lines()
                .any(|l| l.contains(file) && l.contains(reason)),
            "{file}: {}",
            run.stderr
        );
    }
    // Table 4 is the sample's: the file outside the folder added nothing,
    // and nothing about it is in the bundle.
    assert!(
        run.stderr.contains("633 days (Grand Total)"),
        "{}",
        run.stderr
    );
    let secret_hash = opsreport::inputs::hex_sha256(&std::fs::read(&outside).expect("read"));
    for entry in std::fs::read_dir(test.out().join("csv")).expect("bundle") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
        assert!(!text.contains(&secret_hash) && !text.contains("Eve"));
    }
    // The link inside the folder is read as the file it leads to.
    let checks = test.csv("checks.csv");
    assert!(
        checks
            .iter()
            .any(|r| r[1] == "linked-file" && r[2] == "meetings-link.xlsx"),
        "{checks:?}"
    );
}

/// Text from the inputs that would be a live formula in Excel is written to
/// the CSV bundle with a leading `'`; the workbook holds it as text.
#[test]
fn formula_payloads_reach_the_bundle_as_text() {
    use crate::fixtures::{C::*, sheet, xlsx};
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    xlsx(
        &dir.join("meetings-log.xlsx"),
        &[sheet(
            "Log",
            vec![
                vec![S("Category"), S("Meeting"), S("Date(s)"), S("Summary")],
                vec![
                    S("SEC Panel"),
                    S("\t=1+1"),
                    D(2019, 3, 15),
                    S("=HYPERLINK(\"http://x\",\"click\")"),
                ],
                vec![
                    S("@SUM(1+1)"),
                    S("+cmd|' /C calc'!A0"),
                    D(2019, 3, 20),
                    S("-2+3"),
                ],
            ],
        )],
    );
    std::fs::write(dir.join("=1+1.csv"), "notes\n").expect("write");
    let run = test.build(&dir).arg("--partial").timeout(A_MINUTE).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    for name in ["table7_meetings.csv", "sources.csv", "checks.csv"] {
        let path = test.out().join("csv").join(name);
        let text = std::fs::read_to_string(&path).expect("read");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        for record in reader.records() {
            for field in record.expect("valid CSV").iter() {
                let live = field.starts_with(['=', '+', '@', '\t', '\r'])
                    || (field.starts_with('-') && field.parse::<f64>().is_err());
                assert!(!live, "{name}: a live formula {field:?}");
            }
        }
    }
    let table7 = std::fs::read_to_string(test.out().join("csv/table7_meetings.csv")).expect("read");
    for written in ["'=HYPERLINK", "'@SUM(1+1)", "'+cmd|", "'-2+3"] {
        assert!(table7.contains(written), "{written}: {table7}");
    }
    let sources = std::fs::read_to_string(test.out().join("csv/sources.csv")).expect("read");
    assert!(sources.contains("'=1+1.csv"), "{sources}");
}

/// A helpdesk log with "N/A" as every reference makes one finding list a
/// thousand rows: it is cut with how many more there are, the workbook is
/// written, and `check` and `build` agree on the exit code.
#[test]
fn a_finding_listing_every_row_is_cut_and_check_agrees_with_build() {
    let test = Test::new();
    let dir = crate::fixtures::sample_month(&test, "2019-03");
    let bytes = std::fs::read(dir.join("helpdesk-2019-03.csv")).expect("read");
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, line)| match (i, line.split_once(';')) {
            (0, _) | (_, None) => line.to_string(),
            (_, Some((_, rest))) => format!("N/A;{rest}"),
        })
        .collect();
    let joined = lines.join("\r\n") + "\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&joined);
    std::fs::write(dir.join("helpdesk-2019-03.csv"), bytes).expect("write");
    let checked = test.arg("check").arg(&dir).timeout(A_MINUTE).run();
    let built = test.build(&dir).timeout(A_MINUTE).run();
    assert_eq!(
        checked.code, built.code,
        "{}\n{}",
        checked.stderr, built.stderr
    );
    assert_eq!(built.code, 0, "{}", built.stderr);
    let checks = test.csv("checks.csv");
    let repeated = checks
        .iter()
        .find(|r| r[1] == "duplicate-reference" && r[5].contains("N/A"))
        .expect("the repeated reference is a finding");
    assert!(repeated[5].contains("; … and "), "{}", repeated[5]);
    assert!(repeated[5].chars().count() < 4_000, "{}", repeated[5].len());
    assert!(test.out().join("operations-report-2019-03.xlsx").exists());
}

/// A small xlsx whose one sheet holds `megabytes` MiB of spaces: a zip
/// bomb in miniature (spaces pack about a thousand to one).
fn bomb_xlsx(megabytes: usize) -> Vec<u8> {
    let spaces = vec![b' '; 1 << 20];
    xlsx_with_part("xl/worksheets/sheet1.xml", |part| {
        part.write_all(b"<worksheet><sheetData>")?;
        for _ in 0..megabytes {
            part.write_all(&spaces)?;
        }
        part.write_all(b"</sheetData></worksheet>")
    })
}

/// A one-cell xlsx (the cell a shared string) with one part's content
/// written by `write`, packed.
fn xlsx_with_part(
    name: &str,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Vec<u8> {
    use std::io::{Read as _, Write as _};
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook
        .add_worksheet()
        .write_string(0, 0, "x")
        .expect("write");
    let small = workbook.save_to_buffer().expect("save");
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(small)).expect("package");
    let mut package = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    let mut write = Some(write);
    for i in 0..source.len() {
        let mut part = source.by_index(i).expect("part");
        let part_name = part.name().expect("part name").to_string();
        package.start_file(&part_name, options).expect("start");
        match write.take_if(|_| part_name == name) {
            Some(write) => write(&mut package).expect("write"),
            None => {
                let mut bytes = Vec::new();
                part.read_to_end(&mut bytes).expect("read");
                package.write_all(&bytes).expect("write");
            }
        }
    }
    assert!(write.is_none(), "{name} is not in the package");
    package.finish().expect("finish").into_inner()
}

/// A small xlsx whose sheet unpacks to 200 MiB of spaces (a zip bomb in
/// miniature: 0.2 MiB on disk) is refused by the size its package
/// declares, under a memory cap, with a finding naming it.
#[test]
fn a_workbook_that_unpacks_far_beyond_its_size_is_refused_under_a_memory_cap() {
    let test = Test::new();
    let dir = crate::fixtures::sample_month(&test, "2019-03");
    let bytes = bomb_xlsx(200);
    assert!(bytes.len() < 2 << 20, "{} bytes on disk", bytes.len());
    std::fs::write(dir.join("bomb.xlsx"), bytes).expect("write");
    let run = test.build(&dir).memory_cap().run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.lines().any(|l| l.contains("bomb.xlsx")
            && l.contains("its part xl/worksheets/sheet1.xml unpacks to 200 MiB")),
        "{}",
        run.stderr
    );
}

/// A CSV line of more fields than a sheet has columns is refused, not
/// held: under the same cap. (A line of millions, past 4 MiB, is refused
/// as a row too long: `an_unclosed_quote_in_a_csv_is_a_finding_naming_its_line`.)
#[test]
fn a_csv_line_of_a_million_fields_is_refused_under_a_memory_cap() {
    let test = Test::new();
    let dir = crate::fixtures::sample_month(&test, "2019-03");
    let mut line = String::from("Date,Category");
    line.push_str(&",x".repeat(1_000_000));
    std::fs::write(dir.join("wide.csv"), line).expect("write");
    let run = test.build(&dir).memory_cap().run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("wide.csv")
            && run.stderr.contains("line 1 has more than 16,384 fields"),
        "{}",
        run.stderr
    );
}

/// The same bomb with its package lying about the sheet's size (its local
/// and central headers say 4 KiB): unpacking stops at the size declared, so
/// the file is a finding, never a run out of memory.
#[test]
fn a_workbook_that_lies_about_its_sizes_is_a_finding_under_a_memory_cap() {
    let test = Test::new();
    let dir = crate::fixtures::sample_month(&test, "2019-03");
    let mut bytes = bomb_xlsx(200);
    let name = b"xl/worksheets/sheet1.xml";
    let headers: Vec<(usize, usize)> = bytes
        .windows(4)
        .enumerate()
        .filter_map(|(at, w)| match w {
            b"PK\x03\x04" if bytes[at + 30..].starts_with(name) => Some((at, 22)),
            b"PK\x01\x02" if bytes[at + 46..].starts_with(name) => Some((at, 24)),
            _ => None,
        })
        .collect();
    assert_eq!(headers.len(), 2, "the sheet's local and central headers");
    for (at, size) in headers {
        bytes[at + size..at + size + 4].copy_from_slice(&4096u32.to_le_bytes());
    }
    std::fs::write(dir.join("liar.xlsx"), bytes).expect("write");
    let run = test.build(&dir).memory_cap().run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .lines()
            .any(|l| l.contains("error: liar.xlsx") && l.contains("damaged")),
        "{}",
        run.stderr
    );
}

/// An ods sheet with one stray value at its last cell (AMJ1048576) would be
/// held as a billion cells: it is refused with where the stray value is,
/// under the memory cap, and the rest of the month is still checked.
#[test]
fn an_ods_sheet_with_a_stray_far_cell_is_refused_naming_the_cell() {
    let test = Test::new();
    let dir = crate::fixtures::sample_month(&test, "2019-03");
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>
<table:table table:name="Log"><table:table-column table:number-columns-repeated="1024"/>
<table:table-row><table:table-cell office:value-type="string"><text:p>Notes</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="1023"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
    let bytes = ods_package(|part| part.write_all(content.as_bytes()));
    std::fs::write(dir.join("far.ods"), bytes).expect("write");
    let run = test.build(&dir).memory_cap().run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "far.ods: sheet \"Log\" spans 1,073,741,824 cells, from A1 to AMJ1048576 (a stray entry far below or to the right of the table?)"
        ),
        "{}",
        run.stderr
    );
}

/// A small `.xls` (as LibreOffice saves it) holding a log with one stray
/// value at the sheet's far corner, `IV65536`: calamine would hold the
/// sheet as 16.8 million cells as it opens the file.
fn far_cell_xls(dir: &Path) -> std::path::PathBuf {
    libreoffice_xls(dir, "far", |sheet| {
        sheet.write_string(0, 0, "Notes")?;
        sheet.write_string(65_535, 255, "x").map(|_| ())
    })
}

/// A `.xls` as LibreOffice saves it, of one sheet "Log" that `fill` writes.
fn libreoffice_xls(
    dir: &Path,
    name: &str,
    fill: impl FnOnce(&mut rust_xlsxwriter::Worksheet) -> Result<(), rust_xlsxwriter::XlsxError>,
) -> std::path::PathBuf {
    let soffice = crate::libreoffice::soffice();
    let scratch = dir.join("scratch");
    std::fs::create_dir_all(&scratch).expect("scratch folder");
    let source = scratch.join(format!("{name}.xlsx"));
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Log").expect("name");
    fill(sheet).expect("write");
    workbook.save(&source).expect("save");
    crate::libreoffice::convert(&soffice, &source, "xls", &scratch)
}

/// The `.xls` with a stray far cell is refused before calamine takes the
/// memory, under the 1 GiB cap, naming the sheet and the cell; the rest
/// of the month is still checked.
#[test]
#[ignore = "needs LibreOffice and poppler (apt-get install libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils); run with: cargo test -- --include-ignored"]
fn an_xls_sheet_with_a_stray_far_cell_is_refused_naming_the_cell() {
    let test = Test::new();
    let xls = far_cell_xls(test.dir.path());
    let bytes = std::fs::read(&xls).expect("read");
    assert!(bytes.len() < 16 << 10, "{} bytes on disk", bytes.len());
    let dir = crate::fixtures::sample_month(&test, "2019-03");
    std::fs::write(dir.join("far.xls"), &bytes).expect("write");
    let run = test.build(&dir).memory_cap().run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "far.xls: sheet \"Log\" spans 16,777,216 cells, from A1 to IV65536 (a stray entry far below or to the right of a table?)"
        ),
        "{}",
        run.stderr
    );
    // The one error is the stray cell's: the month's own files were read.
    assert!(run.stderr.contains("\n1 error,"), "{}", run.stderr);
}

/// An `.xls` whose compound file's directory chain leads back to itself:
/// calamine would follow it for ever, growing what it has read. It is
/// refused as damaged, under the cap and within the time limit.
#[test]
#[ignore = "needs LibreOffice and poppler (apt-get install libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils); run with: cargo test -- --include-ignored"]
fn an_xls_whose_sector_chain_loops_is_refused_as_damaged() {
    let test = Test::new();
    let xls = far_cell_xls(test.dir.path());
    let mut bytes = std::fs::read(&xls).expect("read");
    let u32_at = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().expect("4"));
    assert_eq!(&bytes[30..32], &[9, 0], "512-byte sectors");
    let directory = u32_at(&bytes, 48) as usize;
    let fat = (u32_at(&bytes, 76) as usize + 1) * 512;
    assert!(directory < 128, "the first table sector holds its link");
    bytes[fat + directory * 4..fat + directory * 4 + 4]
        .copy_from_slice(&(directory as u32).to_le_bytes());
    let dir = test.month_dir("2019-03");
    std::fs::write(dir.join("loop.xls"), &bytes).expect("write");
    let run = Test::new().arg("check").arg(&dir).memory_cap().run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("loop.xls: the file cannot be read as a workbook: its table of contents does not hold together"),
        "{}",
        run.stderr
    );
}

/// The little of a compound file (MS-CFB, 512-byte sectors) the tests
/// below damage: its sector table and its directory's first entries.
struct Compound {
    bytes: Vec<u8>,
}

impl Compound {
    fn u32_at(&self, at: usize) -> u32 {
        u32::from_le_bytes(self.bytes[at..at + 4].try_into().expect("4 bytes"))
    }

    fn set_u32(&mut self, at: usize, value: u32) {
        self.bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }

    /// Where sector `id`'s entry in the sector table is (the first table
    /// sector holds it in these small files).
    fn fat_entry(&self, id: u32) -> usize {
        assert!(id < 128, "the first table sector holds sector {id}'s link");
        (self.u32_at(76) as usize + 1) * 512 + id as usize * 4
    }

    /// Where the directory entry named `name` is, among the first four.
    fn entry(&self, name: &str) -> usize {
        let directory = (self.u32_at(48) as usize + 1) * 512;
        (0..4)
            .map(|i| directory + i * 128)
            .find(|at| {
                let units: Vec<u16> = self.bytes[*at..*at + 64]
                    .chunks_exact(2)
                    .map(|b| u16::from_le_bytes([b[0], b[1]]))
                    .take_while(|u| *u != 0)
                    .collect();
                String::from_utf16_lossy(&units) == name
            })
            .unwrap_or_else(|| panic!("no {name} among the first directory entries"))
    }
}

/// Two `.xls` files whose compound file the `cfb` crate opens without
/// complaint (it reads the streams the directory's tree leads to, and
/// forgives a sector list padded with zeros), but which calamine, reading
/// its own way, reads without bound: a file that asks for more than it
/// holds. Each is refused as damaged, under the cap, the sheet itself being
/// small. This is why the compound file is walked as calamine walks it
/// (src/read/xls.rs) rather than by `cfb`: with `cfb` both aborted the run
/// ("memory allocation of 1073741824 bytes failed").
#[test]
#[ignore = "needs LibreOffice and poppler (apt-get install libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils); run with: cargo test -- --include-ignored"]
fn an_xls_that_calamine_would_read_without_bound_is_refused_as_damaged() {
    let test = Test::new();
    let xls = libreoffice_xls(test.dir.path(), "log", |sheet| {
        for row in 0..300 {
            sheet.write_string(row, 0, format!("meeting note {row}"))?;
        }
        Ok(())
    });
    let sound = Compound {
        bytes: std::fs::read(&xls).expect("read"),
    };
    assert_eq!(&sound.bytes[30..32], &[9, 0], "512-byte sectors");
    let workbook = sound.entry("Workbook");
    assert!(
        sound.u32_at(workbook + 120) >= 4096,
        "the workbook stream is outside the mini stream, so only calamine reads the mini stream"
    );
    let dir = test.month_dir("2019-03");
    // The mini stream's chain comes back to its start, and the root entry
    // says it holds 4 GiB: calamine reads round it until it has them.
    let mut looped = Compound {
        bytes: sound.bytes.clone(),
    };
    let root = looped.entry("Root Entry");
    let start = looped.u32_at(root + 116);
    let mut last = start;
    while looped.u32_at(looped.fat_entry(last)) < 0xFFFF_FFFA {
        last = looped.u32_at(looped.fat_entry(last));
    }
    let link = looped.fat_entry(last);
    looped.set_u32(link, start);
    looped.set_u32(root + 120, 0xFFFF_FFC0);
    std::fs::write(dir.join("looped.xls"), &looped.bytes).expect("write");
    // The list of table sectors goes on for 16,000 more sectors of zeros:
    // calamine reads sector 0 into its table for each, 2 million times.
    let mut padded = Compound { bytes: sound.bytes };
    assert_eq!(padded.bytes.len() % 512, 0, "whole sectors");
    let first = (padded.bytes.len() / 512 - 1) as u32;
    let more = 16_000u32;
    padded.set_u32(44, 1);
    padded.set_u32(68, first);
    padded.set_u32(72, more);
    for k in 1..=more {
        padded.bytes.extend_from_slice(&[0; 127 * 4]);
        let next = if k < more { first + k } else { 0xFFFF_FFFE };
        padded.bytes.extend_from_slice(&next.to_le_bytes());
    }
    std::fs::write(dir.join("padded.xls"), &padded.bytes).expect("write");
    let run = Test::new().arg("check").arg(&dir).memory_cap().run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    for file in ["looped.xls", "padded.xls"] {
        assert!(
            run.stderr.contains(&format!(
                "{file}: the file cannot be read as a workbook: its table of contents does not hold together"
            )),
            "{file}: {}",
            run.stderr
        );
    }
}

/// A text of `megabytes` MiB written into `part`, packing about 90 to one
/// (a random block of 16 KiB over and over), so the package's sizes pass.
fn long_text(part: &mut dyn std::io::Write, megabytes: usize) -> std::io::Result<()> {
    let mut seed = 7u32;
    let block: Vec<u8> = (0..16 << 10)
        .map(|_| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            b'a' + (seed >> 16) as u8 % 26
        })
        .collect();
    for _ in 0..megabytes * 64 {
        part.write_all(&block)?;
    }
    Ok(())
}

/// One shared string of `megabytes` MiB.
fn long_string_xlsx(megabytes: usize) -> Vec<u8> {
    xlsx_with_part("xl/sharedStrings.xml", |part| {
        part.write_all(
            b"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>",
        )?;
        long_text(part, megabytes)?;
        part.write_all(b"</t></si></sst>")
    })
}

/// A shared string of 900 MiB in a 6 MB xlsx aborted the run ("memory
/// allocation of 1045037056 bytes failed"): its part passes the size and
/// packing limits, and calamine holds each string whole. It is refused,
/// by the longest text in the part, before calamine opens it; a cell
/// longer than Excel's 32,767 characters is refused naming the cell.
#[test]
fn a_cell_longer_than_a_cell_holds_is_a_finding_under_a_memory_cap() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    let bytes = long_string_xlsx(80);
    assert!(bytes.len() < 2 << 20, "{} bytes on disk", bytes.len());
    std::fs::write(dir.join("long.xlsx"), bytes).expect("write");
    crate::fixtures::xlsx(
        &dir.join("notes.xlsx"),
        &[crate::fixtures::sheet(
            "Notes",
            vec![
                vec![crate::fixtures::C::S("Note")],
                vec![crate::fixtures::C::S("LONG")],
            ],
        )],
    );
    crate::fixtures::rewrite_part(&dir.join("notes.xlsx"), "xl/sharedStrings.xml", |xml| {
        xml.replace("LONG", &"é".repeat(40_000))
    });
    let run = Test::new().arg("check").arg(&dir).memory_cap().run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    for expected in [
        "long.xlsx: its part xl/sharedStrings.xml holds a text of 80 MiB, more than a cell holds (32,767 characters); not read",
        "notes.xlsx: sheet \"Notes\" cannot be read: cell A2 holds 40,000 characters, more than the 32,767 a cell holds; not read",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
}

/// A sheet whose one cell holds an inline string of 300 MiB, in a 4 MB
/// xlsx: its part passes the size and packing limits, and calamine builds
/// the string whole as it streams the cells, which aborted the run under
/// the cap. It is refused, by the longest text in the part (measured in
/// the pass that finds the merged ranges), before a cell is read; and so
/// is the same file named .xls, which that pass does not see (calamine
/// reads it for what it is): its parts are measured before it is read.
#[test]
fn an_inline_string_longer_than_a_cell_holds_is_a_finding_under_a_memory_cap() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    let bytes = xlsx_with_part("xl/worksheets/sheet1.xml", |part| {
        part.write_all(
            b"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
              <sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>",
        )?;
        long_text(part, 300)?;
        part.write_all(b"</t></is></c></row></sheetData></worksheet>")
    });
    // Two folders: a folder reads a content once.
    refused_for_its_text(&dir, "inline.xlsx", &bytes, "xl/worksheets/sheet1.xml");
    let renamed = test.month_dir("2019-04");
    refused_for_its_text(&renamed, "renamed.xls", &bytes, "xl/worksheets/sheet1.xml");
}

/// A styles part with one number format of 300 MiB, in a 4 MB xlsx:
/// calamine reads the styles whole as it opens the package. A part it
/// reads on opening (shared strings, styles, workbook, relationships) over
/// 64 MiB is measured first, and refused naming it.
#[test]
fn a_styles_part_holding_a_text_longer_than_a_cell_is_a_finding_under_a_memory_cap() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    let bytes = xlsx_with_part("xl/styles.xml", |part| {
        part.write_all(
            b"<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
              <numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"",
        )?;
        long_text(part, 300)?;
        part.write_all(b"\"/></numFmts></styleSheet>")
    });
    refused_for_its_text(&dir, "styled.xlsx", &bytes, "xl/styles.xml");
}

/// An ods package: its `mimetype`, and a `content.xml` that `write` writes.
fn ods_package(write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> Vec<u8> {
    use std::io::Write as _;
    let mut package = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    package.start_file("mimetype", stored).expect("start");
    package
        .write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .expect("write");
    package
        .start_file("content.xml", zip::write::SimpleFileOptions::default())
        .expect("start");
    write(&mut package).expect("write");
    package.finish().expect("finish").into_inner()
}

/// `bytes`, small on disk, written as `file` into `dir` and checked under
/// the memory cap, is refused for its `part`'s text of 300 MiB.
fn refused_for_its_text(dir: &Path, file: &str, bytes: &[u8], part: &str) {
    assert!(bytes.len() < 5 << 20, "{} bytes on disk", bytes.len());
    std::fs::write(dir.join(file), bytes).expect("write");
    let run = Test::new().arg("check").arg(dir).memory_cap().run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let expected = format!(
        "{file}: its part {part} holds a text of 300 MiB, more than a cell holds (32,767 \
         characters); not read"
    );
    assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
}

/// An ods cell holding a text of 300 MiB, in a 4 MB file: calamine reads
/// an ods whole and would build the text, which aborted the run under the
/// cap. The pass over `content.xml` that finds each sheet's extent and
/// merged ranges (before calamine opens the file) measures the longest
/// text too, and the file is refused naming the part.
#[test]
fn an_ods_cell_longer_than_a_cell_holds_is_a_finding_under_a_memory_cap() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    let bytes = ods_package(|part| {
        part.write_all(
            br#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>
<table:table table:name="Notes"><table:table-row><table:table-cell office:value-type="string"><text:p>"#,
        )?;
        long_text(part, 300)?;
        part.write_all(
            b"</text:p></table:table-cell></table:table-row></table:table>\
              </office:spreadsheet></office:body></office:document-content>",
        )
    });
    refused_for_its_text(&dir, "long.ods", &bytes, "content.xml");
}

/// An xlsb cell whose own record holds a text of 2 MiB (calamine takes a
/// record's whole size before reading it, up to 256 MiB) is refused by the
/// record's size, found in the walk for merged ranges, before a cell is
/// read; the same text of 20,000 characters is read.
#[test]
fn an_xlsb_cell_record_longer_than_a_cell_holds_is_a_finding() {
    use crate::fixtures::{XlsbCell, XlsbSheet, xlsb};
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    let notes = |text: String| {
        xlsb(&[XlsbSheet {
            name: "Notes".into(),
            cells: vec![
                ((0, 0), XlsbCell::Text("Note".into())),
                ((1, 0), XlsbCell::Inline(text)),
            ],
            merges: vec![],
        }])
    };
    std::fs::write(dir.join("long.xlsb"), notes("x".repeat(1 << 20))).expect("write");
    std::fs::write(dir.join("short.xlsb"), notes("y".repeat(20_000))).expect("write");
    let run = Test::new().arg("check").arg(&dir).memory_cap().run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let expected = "long.xlsb: its part xl/worksheets/sheet1.bin holds a text of 2 MiB, more \
                    than a cell holds (32,767 characters); not read";
    assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    // Read: its one sheet is looked at, and passed over for its headers.
    assert!(
        !run.stderr.contains("short.xlsb:") && run.stderr.contains("short.xlsb › Notes: ignored"),
        "{}",
        run.stderr
    );
}

/// An `.xls` over 128 MiB is refused by its size before calamine, which
/// reads its workbook stream whole, opens it (a sparse file: nothing is
/// written but the compound file's signature).
#[test]
fn an_xls_larger_than_a_workbook_is_refused_by_its_size() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    let path = dir.join("huge.xls");
    std::fs::write(&path, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").expect("write");
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .and_then(|file| file.set_len(129 << 20))
        .expect("grow");
    let run = Test::new().arg("check").arg(&dir).memory_cap().run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let expected = "huge.xls: the file is 129 MiB, more than the 128 MiB an Excel 97-2003 \
                    workbook is read up to";
    assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
}

/// A 300 MB helpdesk CSV in Windows-1252 whose every row holds 20,000 `€`
/// (three bytes each in UTF-8): decoded whole, it took 1.2 GB and aborted
/// the run under the cap. It is now decoded as it streams, so it is read
/// in a few MiB.
#[test]
fn a_large_windows_1252_csv_is_read_as_it_streams_under_a_memory_cap() {
    use std::io::Write as _;
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    let mut file =
        std::io::BufWriter::new(std::fs::File::create(dir.join("helpdesk.csv")).expect("create"));
    file.write_all(b"Date Received;Category;Subject\r\n")
        .expect("write");
    let mut row = b"04/03/2019;Modifications;".to_vec();
    row.extend([0x80u8; 20_000]);
    row.extend(b"\r\n");
    for _ in 0..(300 << 20) / row.len() {
        file.write_all(&row).expect("write");
    }
    file.flush().expect("flush");
    drop(file);
    let run = Test::new()
        .arg("check")
        .arg(&dir)
        .args(["--partial", "--allow-gaps"])
        .memory_cap()
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("Table 5 Helpdesk emails"),
        "{}",
        run.stderr
    );
}

/// A quote that is never closed makes the rest of a CSV file one field,
/// which the csv reader would hold whole: past 4 MiB it is a finding
/// naming the line it starts on.
#[test]
fn an_unclosed_quote_in_a_csv_is_a_finding_naming_its_line() {
    let test = Test::new();
    let dir = test.month_dir("2019-03");
    let mut bytes =
        b"Date Received,Category,Subject\n04/03/2019,Modifications,\"A question".to_vec();
    bytes.extend(std::iter::repeat_n(b'a', 10 << 20));
    std::fs::write(dir.join("helpdesk.csv"), bytes).expect("write");
    let run = Test::new()
        .arg("check")
        .arg(&dir)
        .arg("--partial")
        .memory_cap()
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let expected = "helpdesk.csv: from line 2 on, a row runs over more than 4 MiB (a quote that is \
                    never closed?); not read";
    assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
}
