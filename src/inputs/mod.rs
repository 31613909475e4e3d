//! INPUTS: takes the month's folder and the template; gives the records the
//! report needs (`records::Records`), the sources read and the findings.
//! Discovers the files, has `read` open each as sheets, recognises each
//! sheet's kind by its header content (`header`), and hands it to the
//! reader of that kind. Knows nothing of the report's tables.

pub mod header;
pub mod helpdesk;
pub mod history;
pub mod inspect;
pub mod kinds;
pub mod meetings;
pub mod paper;
pub mod records;
pub mod register;
pub mod row;
pub mod staff;
pub mod timesheet;
pub mod website;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use crate::findings::{Findings, Location};
use crate::read::cell;
use crate::read::workbook::{self, FileFormat, Sheet, SheetRow};
use crate::template::Template;
use crate::text::normalise;
use records::Records;

/// The kinds of sheet the converter reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Long layout: one row per person, day and driver.
    Timesheet,
    /// One person's week as a grid of drivers × weekdays.
    WeeklyTimesheet,
    Helpdesk,
    /// Daily visits and/or page views (analytics exports).
    WebsiteDaily,
    /// A hand-kept monthly table of visits and page views.
    WebsiteMonthly,
    /// The membership register's sheets.
    Parties,
    EventsOfDefault,
    Applicants,
    UepCompletions,
    Testing,
    Meetings,
    /// An earlier report this program wrote, read for its figures.
    History,
    /// The paper notes' cover (reference, author, date, attachments).
    Cover,
    /// The paper notes' highlights (section, level, text).
    Highlights,
    /// The optional staff list (name, contract, hours a week, day rate).
    StaffList,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Timesheet => "timesheet (long layout)",
            Kind::WeeklyTimesheet => "timesheet (weekly grid)",
            Kind::Helpdesk => "helpdesk log",
            Kind::WebsiteDaily => "website analytics (daily)",
            Kind::WebsiteMonthly => "website analytics (monthly)",
            Kind::Parties => "register: parties",
            Kind::EventsOfDefault => "register: events of default",
            Kind::Applicants => "register: applicants",
            Kind::UepCompletions => "register: UEP completions",
            Kind::Testing => "register: testing",
            Kind::Meetings => "meetings log",
            Kind::History => "earlier report (history)",
            Kind::Cover => "paper notes: cover",
            Kind::Highlights => "paper notes: highlights",
            Kind::StaffList => "staff list",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One input file as found in the folder.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub name: String,
    pub path: PathBuf,
    pub sha256: String,
    pub content: Content,
}

/// Where an input file's bytes are read from.
#[derive(Debug, Clone)]
pub enum Content {
    /// Held in memory (the tests, the fuzzer).
    Memory(Vec<u8>),
    /// On disk at the file's path, read a pass at a time and never held
    /// whole; the stamp is how it looked when it was hashed.
    Disk(Stamp),
}

/// A file's size and modification time: if they differ once the file has
/// been read, it changed in between, and its hash may not be of what was
/// read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl Stamp {
    fn of(path: &Path) -> std::io::Result<Stamp> {
        let metadata = std::fs::metadata(path)?;
        Ok(Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
        })
    }
}

impl InputFile {
    /// A file whose bytes are already in memory, called `name`.
    pub fn in_memory(name: &str, bytes: Vec<u8>) -> InputFile {
        InputFile {
            name: name.to_string(),
            path: PathBuf::from(name),
            sha256: hex_sha256(&bytes),
            content: Content::Memory(bytes),
        }
    }

    pub fn bytes(&self) -> workbook::Bytes<'_> {
        match &self.content {
            Content::Memory(bytes) => workbook::Bytes::Memory(bytes),
            Content::Disk(_) => workbook::Bytes::Disk(&self.path),
        }
    }

    /// The file's size in bytes.
    fn size(&self) -> u64 {
        match &self.content {
            Content::Memory(bytes) => bytes.len() as u64,
            Content::Disk(stamp) => stamp.len,
        }
    }

    /// Whether the file changed on disk since it was hashed.
    fn changed(&self) -> bool {
        match &self.content {
            Content::Memory(_) => false,
            Content::Disk(stamp) => Stamp::of(&self.path).ok().as_ref() != Some(stamp),
        }
    }
}

/// A file in the folder that is not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFile {
    pub name: String,
    pub reason: String,
}

/// What one sheet contributed: for the Sources sheet and `sources.csv`.
#[derive(Debug, Clone, Default)]
pub struct SourceSheet {
    pub file: String,
    /// `None` for a CSV file.
    pub sheet: Option<String>,
    pub hidden: bool,
    pub kind: Option<Kind>,
    /// Zero-based row of the header.
    pub header_row: Option<u32>,
    pub sha256: String,
    pub rows_used: usize,
    /// Reason → number of rows skipped for it.
    pub skipped: BTreeMap<String, usize>,
    /// Why a sheet was not read, or what was recognised.
    pub note: String,
    /// A sheet of data that no kind recognises: why, in a sentence. Its
    /// rows are not in the report, which the run must say (`pipeline`).
    pub unread: Option<String>,
    /// For such a sheet, the kind its header comes nearest to.
    pub nearest: Option<Kind>,
    /// For such a sheet, whether its rows look like that kind's (or are
    /// dated): leaving them out could change a figure.
    pub resembles: bool,
    /// A sheet the template's `[exclude]` leaves out: the entry, as written.
    pub excluded: Option<String>,
}

impl SourceSheet {
    pub fn skip(&mut self, reason: &str) {
        *self.skipped.entry(reason.to_string()).or_insert(0) += 1;
    }

    pub fn rows_skipped(&self) -> usize {
        self.skipped.values().sum()
    }

    pub fn location(&self) -> Location {
        Location {
            file: Some(self.file.clone()),
            sheet: self.sheet.clone(),
            ..Default::default()
        }
    }
}

/// Where a record came from: which source sheet, which row. Every record
/// carries one, so it is kept in 16 bytes: the optional line and column
/// are stored one up, with 0 for none (and so order as `Option` does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// Index into the source sheets.
    pub source: u32,
    pub row: u32,
    line: u32,
    col: u32,
}

/// A sheet index or a CSV line number as an `Origin` keeps it. Neither
/// reaches four billion in a file that can be read; one that claimed to
/// would show as the largest number rather than wrap round.
pub fn narrow(n: impl TryInto<u32>) -> u32 {
    n.try_into().unwrap_or(u32::MAX)
}

impl Origin {
    /// `line` is a CSV file's line; `col` the column of the record's date,
    /// where it has one.
    pub fn new(source: u32, row: u32, line: Option<u32>, col: Option<u32>) -> Origin {
        let up = |n: Option<u32>| n.map_or(0, |n| n.saturating_add(1));
        Origin {
            source,
            row,
            line: up(line),
            col: up(col),
        }
    }

    pub fn source(&self) -> usize {
        self.source as usize
    }

    pub fn line(&self) -> Option<u32> {
        self.line.checked_sub(1)
    }

    pub fn col(&self) -> Option<u32> {
        self.col.checked_sub(1)
    }

    /// Where the record came from, as a finding's location.
    pub fn location(&self, sources: &[SourceSheet]) -> Location {
        let mut location = sources
            .get(self.source())
            .map(SourceSheet::location)
            .unwrap_or_default();
        location.row = Some(self.row);
        location.line = self.line().map(u64::from);
        location.col = self.col();
        location
    }
}

/// Everything the folder gave.
#[derive(Debug, Default)]
pub struct Inputs {
    pub records: Records,
    pub sources: Vec<SourceSheet>,
    pub skipped_files: Vec<SkippedFile>,
}

impl Inputs {
    /// Take in another file's inputs, read on its own: its sources come
    /// after ours, so every record's source index moves along with them.
    pub fn absorb(&mut self, other: Inputs) {
        let offset = self.sources.len();
        let mut records = other.records;
        records.shift_sources(offset);
        self.records.append(records);
        self.sources.extend(other.sources);
        self.skipped_files.extend(other.skipped_files);
    }
}

/// What a kind reader gets for one sheet.
pub struct SheetContext<'a> {
    pub template: &'a Template,
    /// The sheet with its first rows; the rest stream through `data_rows`.
    pub sheet: &'a Sheet,
    pub source: usize,
    pub file: &'a str,
    rest: std::cell::RefCell<Option<workbook::Rest<'a>>>,
}

impl<'a> SheetContext<'a> {
    pub fn new(
        template: &'a Template,
        sheet: &'a Sheet,
        source: usize,
        file: &'a str,
        rest: Option<workbook::Rest<'a>>,
    ) -> Self {
        SheetContext {
            template,
            sheet,
            source,
            file,
            rest: std::cell::RefCell::new(rest),
        }
    }

    /// The rows below the header, in order: those of the sheet's head, then
    /// the rest as they stream in. Each row is read once.
    pub fn data_rows(&self, header: &header::HeaderMatch) -> impl Iterator<Item = SheetRow> + '_ {
        let head = self.sheet.rows[header.position + 1..].iter().cloned();
        head.chain(std::iter::from_fn(|| {
            self.rest.borrow_mut().as_mut()?.next()
        }))
    }
}

impl SheetContext<'_> {
    /// The location of a cell of this sheet.
    pub fn at(&self, row: &SheetRow, col: Option<u32>) -> Location {
        Location {
            file: Some(self.file.to_string()),
            sheet: (!self.sheet.csv).then(|| self.sheet.name.clone()),
            row: Some(row.index),
            col,
            line: row.line,
        }
    }

    pub fn origin(&self, row: &SheetRow) -> Origin {
        self.origin_at(row, None)
    }

    /// The origin of a record dated by the cell in `col`.
    pub fn origin_at(&self, row: &SheetRow, col: Option<u32>) -> Origin {
        Origin::new(narrow(self.source), row.index, row.line.map(narrow), col)
    }

    /// A cell as a message shows what was found: its text in quotes, or
    /// the Excel error it holds.
    pub fn found(&self, row: &SheetRow, col: u32) -> String {
        found(row.get(col))
    }
}

/// What a cell holds, for a message: `"seven"`, or `the Excel error #REF!
/// (a broken formula or lookup)`.
pub fn found(raw: &cell::Raw) -> String {
    match raw {
        cell::Raw::Error(error) => format!("the Excel error {error} (a broken formula or lookup)"),
        other => format!("\"{}\"", other.display()),
    }
}

/// List the folder: the files to read in name order, and those skipped.
///
/// Only regular files inside the folder are read: a pipe, socket or device
/// would block or never end, and a link that leads out of the folder would
/// put a file from elsewhere (and its hash) into the Panel pack. A link to
/// a file inside the folder is read, and said so (`links`).
pub fn discover(dir: &Path, exclude: Option<&Path>) -> Result<Discovered> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot open the input folder {}", dir.display()))?;
    let exclude = exclude.and_then(|p| p.canonicalize().ok());
    let inside = dir
        .canonicalize()
        .with_context(|| format!("cannot open the input folder {}", dir.display()))?;
    let mut links = Vec::new();
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for entry in entries {
        let entry =
            entry.with_context(|| format!("cannot list the input folder {}", dir.display()))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        let file_type = entry
            .file_type()
            .with_context(|| format!("cannot inspect {}", path.display()))?;
        let reason = if exclude.is_some() && path.canonicalize().ok() == exclude {
            Some("this is the output folder".to_string())
        } else if file_type.is_symlink() {
            match path.canonicalize() {
                Err(_) => Some("a link to nothing (its target is missing)".to_string()),
                Ok(target) if !target.starts_with(&inside) => Some(
                    "a link to a file outside the folder; links out of the folder are not followed"
                        .to_string(),
                ),
                Ok(target) if !target.is_file() => {
                    Some("a link to something that is not a file".to_string())
                }
                Ok(target) => {
                    let to = target
                        .strip_prefix(&inside)
                        .map(|t| t.display().to_string())
                        .unwrap_or_default();
                    links.push((name.clone(), to));
                    (FileFormat::from_extension(&name).is_none())
                        .then(|| "not a spreadsheet or CSV file".to_string())
                }
            }
        } else if !file_type.is_file() && !file_type.is_dir() {
            Some("not a regular file (a pipe, socket or device); only files are read".to_string())
        } else if file_type.is_dir() {
            Some("a folder (folders are not searched)".to_string())
        } else if name.starts_with(LOCK_PREFIX) {
            Some("a lock file Excel leaves while the workbook is open".to_string())
        } else if name.starts_with('.') {
            Some("a hidden file".to_string())
        } else if FileFormat::from_extension(&name).is_none() {
            Some("not a spreadsheet or CSV file".to_string())
        } else {
            None
        };
        match reason {
            Some(reason) => skipped.push(SkippedFile { name, reason }),
            None => files.push(path),
        }
    }
    files.sort();
    skipped.sort_by(|a, b| a.name.cmp(&b.name));
    links.retain(|(name, _)| files.iter().any(|f| f.file_name() == Some(name.as_ref())));
    links.sort();
    Ok(Discovered {
        files,
        skipped,
        links,
    })
}

/// Leave out the files the template's `[exclude]` names. Each is listed
/// with the entry that leaves it out (on screen and the Sources sheet),
/// never dropped in silence.
pub fn exclude_files(
    files: &mut Vec<PathBuf>,
    skipped: &mut Vec<SkippedFile>,
    template: &Template,
) {
    files.retain(|path| {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        match template.exclusions.file(&name) {
            Some(entry) => {
                skipped.push(SkippedFile {
                    name,
                    reason: format!("left out by the template's [exclude] entry \"{entry}\""),
                });
                false
            }
            None => true,
        }
    });
}

/// What the folder holds: the files to read in name order, those skipped
/// and why, and the links among the files read (name, and the file inside
/// the folder it leads to).
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<PathBuf>,
    pub skipped: Vec<SkippedFile>,
    pub links: Vec<(String, String)>,
}

/// The prefix of the lock file Excel keeps beside a workbook while it is
/// open (`~$helpdesk-log.xlsx`; for a long name Excel may drop its first
/// two characters).
const LOCK_PREFIX: &str = "~$";

/// A lock file in the folder means a workbook is open in Excel: what is on
/// disk may lack the edits on screen, so the report may be out of date.
pub fn warn_open_workbooks(paths: &[PathBuf], skipped: &[SkippedFile], findings: &mut Findings) {
    let names: Vec<String> = paths
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
        .collect();
    for lock in skipped.iter().filter(|s| s.name.starts_with(LOCK_PREFIX)) {
        let rest = &lock.name[LOCK_PREFIX.len()..];
        let workbook = names.iter().find(|n| *n == rest).or_else(|| {
            names
                .iter()
                .find(|n| n.len() > 2 && n.get(2..) == Some(rest))
        });
        let message = match workbook {
            Some(workbook) => format!(
                "{workbook} is open in Excel ({} is its lock file): edits not yet saved are not in this report; save and close it, then run again",
                lock.name
            ),
            None => format!(
                "{} is the lock file of a workbook open in Excel (or of one Excel did not close cleanly); if that workbook belongs in this folder, save and close it, then run again",
                lock.name
            ),
        };
        findings.warning("open-in-excel", Location::file(&lock.name), message);
    }
}

/// Read the files: recognise every sheet and read its records. A file that
/// cannot be read is a finding, so every problem of the folder is reported
/// in one run; a file whose content repeats another's is read once.
/// `progress` hears of each file as it is begun: how many were begun before
/// it, out of how many will be read.
pub fn read_all(
    paths: &[PathBuf],
    template: &Template,
    findings: &mut Findings,
    progress: &mut dyn FnMut(usize, usize, &Path),
) -> Inputs {
    let mut inputs = Inputs::default();
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut files: Vec<(usize, InputFile)> = Vec::new();
    for (index, path) in paths.iter().enumerate() {
        let Some(file) = open(path, findings) else {
            continue;
        };
        if let Some((first, _)) = seen.iter().find(|(_, hash)| *hash == file.sha256) {
            findings.warning(
                "duplicate-file",
                Location::file(&file.name),
                format!("this file has the same content as {first}; it is read once, as {first}"),
            );
            inputs.skipped_files.push(SkippedFile {
                name: file.name.clone(),
                reason: format!("the same content as {first}"),
            });
            continue;
        }
        seen.push((file.name.clone(), file.sha256.clone()));
        files.push((index, file));
    }
    // Each file is read into a fragment of its own on rayon's pool (a
    // thread per core, each stealing work when it runs out), largest first
    // so that a long one does not start last. The fragments come back in
    // that order and are joined in name order, so the output never depends
    // on which thread finished first.
    let mut queue: Vec<usize> = (0..files.len()).collect();
    queue.sort_by_key(|&at| std::cmp::Reverse(files[at].1.size()));
    let (started, starts) = std::sync::mpsc::channel::<usize>();
    let mut fragments: Vec<Option<(Inputs, Findings)>> = files.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let files = &files;
        let queue = &queue;
        let reading = scope.spawn(move || {
            use rayon::prelude::*;
            queue
                .par_iter()
                .with_max_len(1)
                .map(|&at| {
                    let _ = started.send(at);
                    (at, read_alone(&files[at].1, template))
                })
                .collect::<Vec<_>>()
        });
        // The bar counts files begun, whatever order the pool takes them in;
        // it ends when the last file is read and the sender is dropped.
        for (begun, at) in starts.into_iter().enumerate() {
            if let Some((index, _)) = files.get(at) {
                progress(begun, files.len(), &paths[*index]);
            }
        }
        // A file's own panic is caught in `read_alone`.
        for (at, fragment) in reading.join().unwrap_or_default() {
            fragments[at] = Some(fragment);
        }
    });
    for (fragment, (_, file)) in fragments.into_iter().zip(&files) {
        let (fragment, own) = fragment.unwrap_or_else(|| could_not_read(file));
        findings.extend(own);
        inputs.absorb(fragment);
    }
    // A sheet that repeats another whole, in this file or another, is read
    // once; one that repeats only part of another is refused in `report`.
    timesheet::settle_restated_bookings(&mut inputs, findings);
    register::settle_copied_sheets(&mut inputs, findings);
    inputs
}

/// Read one file into a fragment and findings of its own. A panic of this
/// program's own while reading it is the file's finding, not a crash.
fn read_alone(file: &InputFile, template: &Template) -> (Inputs, Findings) {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut fragment = Inputs::default();
        let mut own = Findings::default();
        read_file(file, template, &mut fragment, &mut own);
        (fragment, own)
    }))
    .unwrap_or_else(|_| could_not_read(file))
}

fn could_not_read(file: &InputFile) -> (Inputs, Findings) {
    let mut own = Findings::default();
    own.error(
        "unreadable-file",
        Location::file(&file.name),
        "the file could not be read",
    );
    (Inputs::default(), own)
}

/// Read a file whole, or report that it cannot be opened.
fn open(path: &Path, findings: &mut Findings) -> Option<InputFile> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| path.display().to_string());
    let hashed = Stamp::of(path).and_then(|stamp| {
        // Checked again as it is opened: a pipe or device would never end.
        if !std::fs::metadata(path)?.is_file() {
            return Err(std::io::Error::other(
                "it is not a regular file (a pipe, socket, device or folder)",
            ));
        }
        let sha256 = hex_sha256_of(std::fs::File::open(path)?)?;
        Ok((stamp, sha256))
    });
    match hashed {
        Ok((stamp, sha256)) => Some(InputFile {
            sha256,
            name,
            path: path.to_path_buf(),
            content: Content::Disk(stamp),
        }),
        Err(error) => {
            findings.error(
                "unreadable-file",
                Location::file(&name),
                format!(
                    "the file cannot be opened ({error}); close it in any program that has it open, or check its permissions"
                ),
            );
            None
        }
    }
}

pub fn hex_sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The SHA-256 of everything `reader` gives, read a block at a time.
pub fn hex_sha256_of(mut reader: impl std::io::Read) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    let mut block = vec![0u8; 1 << 16];
    loop {
        match reader.read(&mut block) {
            Ok(0) => return Ok(hex(&hasher.finalize())),
            Ok(n) => hasher.update(&block[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Read the earlier reports named with `--history`: each must be a report
/// this program wrote.
pub fn read_history_files(
    paths: &[PathBuf],
    template: &Template,
    inputs: &mut Inputs,
    findings: &mut Findings,
) {
    for path in paths {
        let Some(file) = open(path, findings) else {
            continue;
        };
        let name = file.name.clone();
        let mut own = Findings::default();
        let mut read = Inputs::default();
        read_file(&file, template, &mut read, &mut own);
        if read.records.history.is_empty() {
            // Not one of ours: nothing it held is taken as input.
            findings.error(
                "not-history",
                Location::file(&name),
                "the file given with --history is not an operations report this program wrote \
                 (it has no Summary sheet of key figures) nor a history blank typed from a paper \
                 (`opsreport templates --month YYYY-MM` writes one)",
            );
        } else {
            findings.extend(own);
            inputs.absorb(read);
        }
    }
}

/// Read one file's bytes into `inputs`: every problem becomes a finding,
/// whatever the bytes are.
pub fn read_file(
    file: &InputFile,
    template: &Template,
    into: &mut Inputs,
    findings: &mut Findings,
) {
    // Read into a fragment of its own, kept only if the whole file reads: a
    // file that fails part-way contributes nothing but its finding.
    let mut fragment = Inputs::default();
    let inputs = &mut fragment;
    // The first sheet tells whether this is an earlier report (read whole, as
    // history) or an input (each sheet streamed through its kind's reader).
    let mut report_sheets: Option<Vec<Sheet>> = None;
    let mut first = true;
    let mut any_cell = false;
    let visited = workbook::visit_sheets(&file.name, file.bytes(), &mut |sheet, rest| {
        if first {
            first = false;
            if history::is_earlier_report(std::slice::from_ref(sheet)) {
                report_sheets = Some(Vec::new());
            }
        }
        if let Some(sheets) = &mut report_sheets {
            let mut whole = sheet.clone();
            whole.rows.extend(rest);
            sheets.push(whole);
            return;
        }
        any_cell |= !sheet.rows.is_empty();
        read_input_sheet(file, sheet, rest, template, inputs, findings);
    });
    // A file saved while it was being read may have given half of one
    // version and half of another.
    let visited = visited.map_err(|error| error.to_string()).and_then(|()| {
        if file.changed() {
            Err("the file changed while it was being read (was it being saved?); run again once it is closed".to_string())
        } else {
            Ok(())
        }
    });
    if let Err(reason) = visited {
        findings.error(
            "unreadable-file",
            Location::file(&file.name),
            reason.clone(),
        );
        into.sources.push(SourceSheet {
            file: file.name.clone(),
            sha256: file.sha256.clone(),
            note: format!("not read: {reason}"),
            ..Default::default()
        });
        return;
    }
    if let Some(sheets) = report_sheets {
        read_earlier_report(file, &sheets, template, inputs, findings);
    } else if !any_cell {
        findings.warning(
            "empty-workbook",
            Location::file(&file.name),
            "the workbook is empty: none of its sheets has any cell filled",
        );
    }
    settle_unrecognised(&mut fragment.sources);
    into.absorb(fragment);
}

/// One sheet of an input file, unless the template's `[exclude]` leaves it
/// out: recognised, read into `inputs.records`, and listed as a source.
fn read_input_sheet(
    file: &InputFile,
    sheet: &Sheet,
    rest: workbook::Rest<'_>,
    template: &Template,
    inputs: &mut Inputs,
    findings: &mut Findings,
) {
    let source = inputs.sources.len();
    let mut stats = SourceSheet {
        file: file.name.clone(),
        sheet: (!sheet.csv).then(|| sheet.name.clone()),
        hidden: sheet.hidden,
        sha256: file.sha256.clone(),
        ..Default::default()
    };
    let excluded = (!sheet.csv)
        .then(|| template.exclusions.sheet(&file.name, &sheet.name))
        .flatten();
    if let Some(entry) = excluded {
        stats.note = format!("not read: left out by the template's [exclude] entry \"{entry}\"");
        stats.excluded = Some(entry.to_string());
    } else {
        let context = SheetContext::new(template, sheet, source, &file.name, Some(rest));
        read_sheet(&context, &mut stats, &mut inputs.records, findings);
    }
    inputs.sources.push(stats);
}

/// An earlier report's sheets, read whole as history and listed as one
/// source.
fn read_earlier_report(
    file: &InputFile,
    sheets: &[Sheet],
    template: &Template,
    inputs: &mut Inputs,
    findings: &mut Findings,
) {
    let report = history::read(&file.name, sheets, template, findings);
    let what = if history::is_typed_history(sheets) {
        "figures typed from the paper"
    } else {
        "an earlier report"
    };
    inputs.sources.push(SourceSheet {
        file: file.name.clone(),
        kind: Some(Kind::History),
        sha256: file.sha256.clone(),
        rows_used: report.values.len(),
        note: format!(
            "{what}{}: its figures fill the months of Tables 3, 5 and 6 that the raw inputs do not cover",
            report.month.map(|m| format!(" for {}", m.long_label())).unwrap_or_default()
        ),
        ..Default::default()
    });
    inputs.records.history.push(report);
}

/// Recognise one sheet and read it. A sheet of data that no kind
/// recognises is marked `unread`: whether that is worth a warning depends
/// on the file's other sheets (`settle_unrecognised`).
fn read_sheet(
    context: &SheetContext,
    stats: &mut SourceSheet,
    records: &mut Records,
    findings: &mut Findings,
) {
    let sheet = context.sheet;
    if !sheet.csv && context.template.is_list_sheet(&sheet.name) {
        stats.note = "ignored: a list that feeds drop-downs".to_string();
        return;
    }
    if kinds::is_instructions(sheet) {
        stats.note = "ignored: the instructions of a blank workbook".to_string();
        return;
    }
    if sheet.rows.is_empty() {
        stats.note = "ignored: the sheet is empty".to_string();
        return;
    }
    let template = context.template;
    let specs = kinds::specs(template);
    let Some((kind, mut detected)) = recognise(sheet, template, &specs) else {
        note_unrecognised(context, &specs, stats, findings);
        return;
    };
    if let (Kind::Timesheet, Detected::Header(header)) = (kind, &mut detected) {
        timesheet::settle_export_columns(header);
    }
    stats.kind = Some(kind);
    let header = match &detected {
        Detected::Header(header) => header,
        Detected::Grid(grid) => &grid.header,
    };
    stats.header_row = Some(header.row);
    stats.note = columns_note(&detected);
    read_records(context, kind, &detected, &specs, stats, records, findings);
}

/// Notes why a sheet no kind recognises is not read; a sheet with most of
/// its nearest kind's header is reported as an error.
fn note_unrecognised(
    context: &SheetContext,
    specs: &[kinds::Spec],
    stats: &mut SourceSheet,
    findings: &mut Findings,
) {
    let sheet = context.sheet;
    stats.note = "ignored: no header row of a known kind in its first 40 rows".to_string();
    let kinds::Unrecognised {
        nearest,
        resembles,
        message,
    } = kinds::explain_unrecognised(specs, sheet);
    if kinds::has_data(sheet) {
        stats.note = format!("not read: {message}");
        stats.nearest = nearest;
        stats.resembles = resembles;
        stats.unread = Some(message);
    }
    // A sheet that has most of its nearest kind's header is a mistake
    // to report, not a sheet to ignore: its rows would silently be
    // left out.
    if let Some((spec, header, missing)) = specs
        .iter()
        .filter(|spec| Some(spec.kind) == nearest)
        .find_map(|spec| spec.near_miss(sheet).map(|(h, missing)| (spec, h, missing)))
    {
        let message = format!(
            "{}; {}",
            kinds::explain_near_miss(spec, &header, &missing, sheet),
            exclude_advice(context.file, (!sheet.csv).then_some(sheet.name.as_str()))
        );
        stats.note = format!("not read: {message}");
        // Said already, as an error on its header row.
        stats.unread = None;
        findings.error(
            "missing-column",
            context.at(&sheet.rows[header.position], None),
            message,
        );
    }
}

/// How the sheet was recognised, for the Sources sheet: its weekday grid,
/// or the column of each role.
fn columns_note(detected: &Detected) -> String {
    match detected {
        Detected::Grid(_) => "recognised by its Driver and weekday columns".to_string(),
        Detected::Header(header) => {
            let columns: Vec<String> = header
                .columns
                .iter()
                .map(|(role, col)| format!("{}={}", role.key(), crate::text::column_letters(*col)))
                .collect();
            format!("columns {}", columns.join(", "))
        }
    }
}

/// Reads a recognised sheet's rows through its kind's reader.
fn read_records(
    context: &SheetContext,
    kind: Kind,
    detected: &Detected,
    specs: &[kinds::Spec],
    stats: &mut SourceSheet,
    records: &mut Records,
    findings: &mut Findings,
) {
    let r = records;
    match (kind, detected) {
        (_, Detected::Grid(grid)) => {
            timesheet::read_grid(context, grid, stats, &mut r.bookings, findings)
        }
        (Kind::Timesheet, Detected::Header(h)) => {
            timesheet::read_long(context, h, stats, &mut r.bookings, findings)
        }
        (Kind::Helpdesk, Detected::Header(h)) => {
            helpdesk::read(context, h, stats, &mut r.enquiries, findings)
        }
        (Kind::WebsiteDaily, Detected::Header(h)) => {
            website::read_daily(context, h, stats, &mut r.website_days, findings)
        }
        (Kind::WebsiteMonthly, Detected::Header(h)) => {
            website::read_monthly(context, h, stats, &mut r.website_months, findings)
        }
        (Kind::Meetings, Detected::Header(h)) => {
            meetings::read(context, h, stats, &mut r.meetings, findings)
        }
        (Kind::Cover, Detected::Header(h)) => {
            paper::read_cover(context, h, stats, &mut r.cover, findings)
        }
        (Kind::Highlights, Detected::Header(h)) => {
            paper::read_highlights(context, h, stats, &mut r.highlights, findings)
        }
        (Kind::StaffList, Detected::Header(h)) => {
            staff::read(context, h, stats, &mut r.staff, findings)
        }
        (register_kind, Detected::Header(h)) => {
            let required = specs
                .iter()
                .find(|s| s.kind == register_kind)
                .map(|s| s.required)
                .unwrap_or(&[]);
            if let Some(sheet_kind) = register_sheet(register_kind) {
                register::read(
                    context,
                    h,
                    sheet_kind,
                    required,
                    stats,
                    &mut r.register,
                    findings,
                );
            }
        }
    }
}

/// Mark the sheets of data that no kind recognises, for `pipeline` to
/// name on screen. One exception is obviously harmless: the Summary and
/// DatasetN sheets of an analytics export saved as xlsx, beside the daily
/// table that is read from it.
fn settle_unrecognised(sources: &mut [SourceSheet]) {
    let analytics = sources.iter().any(|s| s.kind == Some(Kind::WebsiteDaily));
    for source in sources.iter_mut().filter(|s| s.unread.is_some()) {
        let name = source.sheet.as_deref().map(normalise).unwrap_or_default();
        let export_part = name == "summary"
            || name
                .strip_prefix("dataset")
                .is_some_and(|n| n.trim().chars().all(|c| c.is_ascii_digit()));
        if analytics && export_part {
            source.note = "ignored: part of an analytics export whose daily table is read (its \
                           summary figures)"
                .to_string();
            source.nearest = None;
            source.resembles = false;
            source.unread = None;
        }
    }
}

/// The second way out for a file or sheet the report does not read: the
/// exact line that leaves it out for good, in the template's `[exclude]`.
pub fn exclude_advice(file: &str, sheet: Option<&str>) -> String {
    format!(
        "or, if it is not part of the report, leave it out for good: add \"{entry}\" to the files under [exclude] at the end of the template (files = [\"{entry}\"])",
        entry = crate::template::exclusion_entry(file, sheet)
    )
}

/// What recognised a sheet: a header row, or a weekly grid.
pub(crate) enum Detected {
    Header(header::HeaderMatch),
    Grid(Box<timesheet::Grid>),
}

fn register_sheet(kind: Kind) -> Option<register::RegisterSheet> {
    use register::RegisterSheet as R;
    Some(match kind {
        Kind::Parties => R::Parties,
        Kind::EventsOfDefault => R::EventsOfDefault,
        Kind::Applicants => R::Applicants,
        Kind::UepCompletions => R::UepCompletions,
        Kind::Testing => R::Testing,
        _ => return None,
    })
}

/// Every kind whose header the sheet has; the one whose header row matched
/// the most columns wins (a meetings log's `Date` and `Category` must not
/// make it a helpdesk log), ties going to the earlier kind below.
fn recognise(
    sheet: &Sheet,
    template: &Template,
    specs: &[kinds::Spec],
) -> Option<(Kind, Detected)> {
    let mut candidates: Vec<(Kind, Detected)> = specs
        .iter()
        .filter_map(|spec| spec.detect(sheet).map(|h| (spec.kind, Detected::Header(h))))
        .collect();
    if candidates.is_empty()
        && let Some(grid) = timesheet::detect_grid(sheet, template)
    {
        candidates.push((Kind::WeeklyTimesheet, Detected::Grid(Box::new(grid))));
    }
    let score = |d: &Detected| match d {
        Detected::Header(h) => h.columns.len(),
        Detected::Grid(_) => 0,
    };
    let mut best: Option<(Kind, Detected)> = None;
    for candidate in candidates {
        if best
            .as_ref()
            .is_none_or(|(_, b)| score(&candidate.1) > score(b))
        {
            best = Some(candidate);
        }
    }
    best
}

/// Whether a row is a totals row: one of its label cells says `Total`, or
/// its first cell is a pivot table's subtotal (`Ann Lee Total`) on a row
/// whose other label columns are all empty (a row of data with one cell
/// missing stays an error to report, not a row to skip).
pub fn is_totals_row(context: &SheetContext, row: &SheetRow, label_cols: &[Option<u32>]) -> bool {
    let first = row
        .cells
        .iter()
        .find(|(_, raw)| !raw.is_empty())
        .map(|(c, _)| *c);
    let subtotal = first.is_some_and(|at| {
        row.get(at).as_text().is_some_and(is_subtotal_label)
            && label_cols
                .iter()
                .flatten()
                .filter(|&&c| c != at)
                .all(|&c| row.get(c).is_empty())
    });
    subtotal
        || label_cols
            .iter()
            .flatten()
            .copied()
            .chain(first)
            // A total label is typed text, never a number or a date.
            .any(|col| {
                row.get(col)
                    .as_text()
                    .is_some_and(|t| context.template.is_total_label(t))
            })
}

/// `Ann Lee Total`, as a pivot table labels a subtotal.
fn is_subtotal_label(text: &str) -> bool {
    const SUFFIX: &str = " total";
    let text = text.trim_end();
    text.len() > SUFFIX.len()
        && text
            .get(text.len() - SUFFIX.len()..)
            .is_some_and(|end| end.eq_ignore_ascii_case(SUFFIX))
}

/// Report each Excel error value (`#REF!`, `#N/A`) in the columns a row
/// needs; true when there was one, and the row is then not read.
pub fn excel_errors(
    context: &SheetContext,
    row: &SheetRow,
    cols: &[Option<u32>],
    findings: &mut Findings,
) -> bool {
    let mut any = false;
    for &col in cols.iter().flatten() {
        if let cell::Raw::Error(_) = row.get(col) {
            findings.error(
                "excel-error",
                context.at(row, Some(col)),
                format!(
                    "{} where a value is required; fix the formula or type the value",
                    context.found(row, col)
                ),
            );
            any = true;
        }
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_keeps_its_line_and_column_in_16_bytes() {
        assert_eq!(std::mem::size_of::<Origin>(), 16);
        // An enquiry is kept per row of a running log: its size is the
        // memory a million-row log costs.
        assert_eq!(std::mem::size_of::<records::Enquiry>(), 36);
        let none = Origin::new(3, 7, None, None);
        assert_eq!((none.line(), none.col()), (None, None));
        let zero = Origin::new(3, 7, Some(0), Some(0));
        assert_eq!((zero.line(), zero.col()), (Some(0), Some(0)));
        let far = Origin::new(3, 7, Some(u32::MAX - 1), Some(16_383));
        assert_eq!((far.line(), far.col()), (Some(u32::MAX - 1), Some(16_383)));
        // Ordered as the options are: none first.
        assert!(none < zero && zero < far);
        let location = zero.location(&[]);
        assert_eq!((location.line, location.col), (Some(0), Some(0)));
    }

    #[test]
    fn a_file_that_changes_while_it_is_read_adds_nothing() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("helpdesk.csv");
        std::fs::write(&path, "Date Received,Category\n04/03/2019,Modifications\n").expect("write");
        let template = Template::load(None).expect("built-in template");
        let mut findings = Findings::default();
        let file = open(&path, &mut findings).expect("opens");
        assert_eq!(
            file.sha256,
            hex_sha256(&std::fs::read(&path).expect("read"))
        );

        let mut unchanged = Inputs::default();
        read_file(&file, &template, &mut unchanged, &mut findings);
        assert_eq!(unchanged.records.enquiries.len(), 1);

        // Saved again between hashing and reading: another size.
        std::fs::write(
            &path,
            "Date Received,Category\n04/03/2019,Modifications\n05/03/2019,Accession\n",
        )
        .expect("write");
        let mut changed = Inputs::default();
        let mut findings = Findings::default();
        read_file(&file, &template, &mut changed, &mut findings);
        assert!(changed.records.enquiries.is_empty());
        assert!(
            changed.sources[0]
                .note
                .contains("changed while it was being read")
        );
        let messages: Vec<String> = findings.sorted().iter().map(|f| f.to_string()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("helpdesk.csv") && m.contains("run again")),
            "{messages:?}"
        );

        // Removed before it could be read: a finding, not a crash.
        std::fs::remove_file(&path).expect("remove");
        let mut gone = Inputs::default();
        let mut findings = Findings::default();
        read_file(&file, &template, &mut gone, &mut findings);
        assert!(gone.records.enquiries.is_empty());
        assert!(
            gone.sources[0].note.contains("cannot be read"),
            "{}",
            gone.sources[0].note
        );
        assert_eq!(findings.sorted().len(), 1);
    }
}
