//! The stages on one screen: discover → read → validate → aggregate →
//! render → write. Each stage hands a named type to the next.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::findings::{Findings, Location};
use crate::inputs::{self, Inputs, Kind};
use crate::month::Month;
use crate::render::reference::{Fields, Reference};
use crate::render::wording::Figures;
use crate::render::{self, OutputFile, RunView};
use crate::report::effort::Rounding;
use crate::report::ledger::{Ledger, SheetAccount};
use crate::report::tables::PARTS;
use crate::report::{Part, Report, ReportOptions};
use crate::template::Template;

/// What `build` was asked to do, checked and ready.
#[derive(Debug, Clone)]
pub struct BuildPlan {
    pub input: PathBuf,
    /// `None` for a check that writes nothing.
    pub out: Option<PathBuf>,
    pub month: Month,
    pub template: Option<PathBuf>,
    pub rounding: Rounding,
    pub force: bool,
    pub strict: bool,
    /// Leave out the tables whose input is missing instead of stopping.
    pub partial: bool,
    /// Leave months no input covers blank instead of stopping.
    pub allow_gaps: bool,
    /// Earlier reports named with `--history`.
    pub history: Vec<PathBuf>,
    /// `--reference-doc`: the Word document the draft takes its look from.
    pub reference_doc: Option<PathBuf>,
}

/// What a run produced.
#[derive(Debug)]
pub struct Outcome {
    pub findings: Findings,
    pub report: Option<Report>,
    /// Paths written, empty when nothing was written.
    pub written: Vec<PathBuf>,
    pub inputs: Inputs,
}

impl Outcome {
    /// Each source sheet beside the report's account of it (as read, where
    /// no report was made).
    pub fn sheets(&self) -> impl Iterator<Item = (&inputs::SourceSheet, SheetAccount<'_>)> {
        let ledger = self
            .report
            .as_ref()
            .map_or(Ledger::empty(), |report| &report.ledger);
        ledger.accounts(&self.inputs.sources)
    }
}

/// The report month: `--month`, else the folder's name. A file given in
/// place of the folder is said to be one before anything else.
pub fn report_month(given: Option<&str>, input: &Path) -> Result<Month> {
    if input.is_file() {
        let folder = input
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| ".".to_string(), |p| p.display().to_string());
        bail!(
            "{} is a file; opsreport reads a whole month's folder of workbooks. Give the folder \
             that holds it, such as {folder}, or look inside one workbook with `opsreport inspect {}`",
            input.display(),
            input.display()
        );
    }
    if !input.exists() {
        bail!(
            "the folder {} does not exist; give the month's folder of workbooks, such as samples/2019-03",
            input.display()
        );
    }
    if let Some(text) = given {
        return Month::parse_iso(text).with_context(|| {
            format!("--month {text} is not a month; expected YYYY-MM, such as 2019-03")
        });
    }
    let name = input
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
        .unwrap_or_else(|| input.display().to_string());
    Month::find_in(&name).with_context(|| {
        format!(
            "cannot tell the report month from the folder name \"{name}\"; \
             name the folder like 2019-03 or \"March 2019\", or give --month 2019-03"
        )
    })
}

/// Run the pipeline; `progress` hears of each file (its index, the number
/// of files, its path) as it is read.
pub fn run(plan: &BuildPlan, progress: &mut dyn FnMut(usize, usize, &Path)) -> Result<Outcome> {
    let template = Template::load(plan.template.as_deref())?;
    if let Some(out) = &plan.out {
        refuse_overwrite(out, plan)?;
    }
    let given = match &plan.reference_doc {
        Some(path) => Some(Reference::read(path)?),
        None => None,
    };
    let inputs::Discovered {
        files: mut paths,
        skipped: mut skipped_files,
        links,
    } = inputs::discover(&plan.input, plan.out.as_deref())?;
    inputs::exclude_files(&mut paths, &mut skipped_files, &template);
    let mut findings = Findings::default();
    let reference = match given {
        Some(reference) => Some(reference),
        None => last_paper(plan, &template, &mut skipped_files, &mut findings)?,
    };
    note_reference_and_links(reference.as_ref(), links, &mut findings);
    inputs::warn_open_workbooks(&paths, &skipped_files, &mut findings);
    let mut inputs = inputs::read_all(&paths, &template, &mut findings, progress);
    inputs::read_history_files(&plan.history, &template, &mut inputs, &mut findings);
    inputs.skipped_files.extend(skipped_files);
    inputs.skipped_files.sort_by(|a, b| a.name.cmp(&b.name));
    if !inputs.sources.iter().any(|s| s.kind.is_some()) {
        findings.error(
            "no-input",
            Location::default(),
            nothing_recognised(&plan.input, &inputs),
        );
    }
    let left_out = check_parts(&inputs, plan.month, plan.partial, &mut findings);
    tell_unread_sheets(&inputs, &left_out, &mut findings);
    let options = ReportOptions {
        month: plan.month,
        rounding: plan.rounding,
        allow_gaps: plan.allow_gaps,
        absent: left_out,
    };
    let report = Report::build(
        &inputs.records,
        &template,
        &options,
        &inputs.sources,
        &mut findings,
    );
    // The report keeps its own copy of the bookings it uses; the inputs'
    // are not read again, and on a large timesheet they are the largest
    // thing still held while the workbook is written.
    drop(std::mem::take(&mut inputs.records.bookings));

    if plan.strict {
        findings.make_warnings_errors();
    }
    let mut written = Vec::new();
    if !findings.has_errors() {
        // `check` renders too, and drops the bytes: whatever would stop a
        // build (a [paper] sentence naming no figure) stops it as well.
        let mut files = render_all(&RunView {
            report: &report,
            template: &template,
            sources: &inputs.sources,
            skipped_files: &inputs.skipped_files,
            findings: &findings,
            input_link: plan
                .out
                .as_deref()
                .and_then(|out| input_link(&plan.input, out)),
        })?;
        if let Some(reference) = &reference {
            with_reference(&mut files, reference, &report, &template)?;
        }
        if let Some(out) = &plan.out {
            written = crate::output::write(out, &files)?;
        }
    }
    Ok(Outcome {
        findings,
        report: Some(report),
        written,
        inputs,
    })
}

/// Where the draft's styles come from, and each link in the folder read
/// as the file it points to.
fn note_reference_and_links(
    reference: Option<&Reference>,
    links: Vec<(String, String)>,
    findings: &mut Findings,
) {
    if let Some(reference) = reference {
        findings.info(
            "reference-doc",
            Location::file(&reference.name),
            format!(
                "the Word draft's styles, page and header/footer are taken from {}",
                reference.name
            ),
        );
    }
    for (link, target) in links {
        findings.info(
            "linked-file",
            Location::file(&link),
            format!("a link to {target}, in the same folder: read as that file"),
        );
    }
}

/// Last month's paper in the folder (a `.docx` whose title is last
/// month's), taken as the draft's reference document and named in the
/// list of files not read. Two such files: neither, with a warning.
fn last_paper(
    plan: &BuildPlan,
    template: &Template,
    skipped: &mut [inputs::SkippedFile],
    findings: &mut Findings,
) -> Result<Option<Reference>> {
    let title = paper_title(template, plan.month.prev())?;
    let found: Vec<usize> = (0..skipped.len())
        .filter(|&i| {
            let path = plan.input.join(&skipped[i].name);
            skipped[i].name.to_ascii_lowercase().ends_with(".docx")
                && std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file())
                && crate::render::reference::looks_like(&path, &title)
        })
        .collect();
    match found.as_slice() {
        [] => Ok(None),
        [i] => {
            let name = skipped[*i].name.clone();
            match Reference::read(&plan.input.join(&name)) {
                Ok(mut reference) => {
                    reference.name = name;
                    skipped[*i].reason = format!(
                        "last month's paper (\"{title}\"): the Word draft's styles, page and \
                         header/footer taken from it"
                    );
                    Ok(Some(reference))
                }
                Err(error) => {
                    findings.warning(
                        "reference-doc",
                        Location::file(&name),
                        format!("{error:#}; the Word draft keeps its built-in look"),
                    );
                    Ok(None)
                }
            }
        }
        many => {
            let names: Vec<&str> = many.iter().map(|&i| skipped[i].name.as_str()).collect();
            findings.warning(
                "reference-doc",
                Location::default(),
                format!(
                    "{} all look like last month's paper (\"{title}\"), so the Word draft keeps \
                     its built-in look; give --reference-doc with the one to take its styles, \
                     page and header/footer from",
                    names.join(", ")
                ),
            );
            Ok(None)
        }
    }
}

/// The paper's title for a month, as the template words it.
fn paper_title(template: &Template, month: Month) -> Result<String> {
    let settings = &template.file.report;
    Figures::new(month, &settings.title, &settings.classification).fill(&template.paper.title)
}

/// The Word draft with the reference document's look.
fn with_reference(
    files: &mut [OutputFile],
    reference: &Reference,
    report: &Report,
    template: &Template,
) -> Result<()> {
    let fields = Fields {
        month: report.month,
        title: paper_title(template, report.month)?,
        previous_title: paper_title(template, report.month.prev())?,
        reference: report.paper.cover.reference.clone(),
        classification: template.file.report.classification.clone(),
    };
    let name = render::draft_name(report);
    for file in files.iter_mut().filter(|f| f.path == name) {
        file.bytes = reference.apply(&file.bytes, &fields).with_context(|| {
            format!(
                "the reference document {} could not be applied",
                reference.name
            )
        })?;
    }
    Ok(())
}

/// Each part of the report needs its kind of workbook: a missing one is an
/// error naming the tables and the workbook, unless `--partial` leaves those
/// tables out. So is a kind with a part missing (a register without its
/// events of default, applicants, UEP or testing sheet, such as one saved
/// as CSV; a helpdesk log of calls without the month's emails), naming
/// where that part usually lives. Returns the parts whose input is missing.
fn check_parts(inputs: &Inputs, month: Month, partial: bool, findings: &mut Findings) -> Vec<Part> {
    let present: BTreeSet<Kind> = inputs.sources.iter().filter_map(|s| s.kind).collect();
    if present.is_empty() {
        return Vec::new();
    }
    let missing: Vec<Part> = PARTS
        .iter()
        .filter(|unit| !unit.kinds.iter().any(|k| present.contains(k)))
        .map(|unit| unit.part)
        .collect();
    for part in &missing {
        if partial {
            findings.warning(
                "left-out",
                Location::default(),
                format!(
                    "{} left out (--partial): the folder has no {}",
                    part.tables(),
                    part.needs()
                ),
            );
        } else {
            findings.error(
                "missing-input",
                Location::default(),
                format!(
                    "{} cannot be made: the folder has no {}. Add it, or run with --partial to leave {} out",
                    part.tables(),
                    part.needs(),
                    part.tables()
                ),
            );
        }
    }
    let lacking = register_sheets_missing(inputs, &present)
        .into_iter()
        .chain(helpdesk_emails_missing(inputs, &present, month));
    for what in lacking {
        if partial {
            findings.warning(
                "missing-sheet",
                Location::default(),
                format!("{what} (--partial: built without it)"),
            );
        } else {
            findings.error(
                "missing-sheet",
                Location::default(),
                format!("{what}. Add it, or run with --partial to build the report without it"),
            );
        }
    }
    missing
}

/// A register without its events of default, applicants, UEP or testing
/// sheet: what each missing sheet would leave out, and where it usually
/// lives.
fn register_sheets_missing(inputs: &Inputs, present: &BTreeSet<Kind>) -> Vec<String> {
    if !present.contains(&Kind::Parties) {
        return Vec::new();
    }
    // A register saved as CSV keeps its first sheet only.
    let as_csv: Vec<&str> = inputs
        .sources
        .iter()
        .filter(|s| s.kind == Some(Kind::Parties) && s.sheet.is_none())
        .map(|s| s.file.as_str())
        .collect();
    let saved_as_csv = match as_csv.as_slice() {
        [] => String::new(),
        files => format!(
            "; {} is the register saved as CSV, which keeps only its first sheet: put the register's workbook itself (.xlsx) in the folder",
            files.join(", ")
        ),
    };
    [
        (
            Kind::EventsOfDefault,
            "events of default",
            "Table 3's In Default row would show no parties in default",
            "Party Name, Date of Default, Date Resolved",
        ),
        (
            Kind::Applicants,
            "applicants",
            "Table 1 would list no applicants",
            "Organisation, Party Category, Board Date",
        ),
        (
            Kind::UepCompletions,
            "UEP completions",
            "Table 2 would list no UEP completions",
            "SEC Party, DCC User Role(s), Date of UEP completion",
        ),
        (
            Kind::Testing,
            "testing (SREPT and UEPT)",
            "the SREPT and UEPT counts would be 0",
            "Party, Test, Completion Date",
        ),
    ]
    .into_iter()
    .filter(|(kind, ..)| !present.contains(kind))
    .map(|(_, name, shows, columns)| {
        format!(
            "the membership register has no sheet of {name}, so {shows}; it usually lives on a sheet of the register workbook with {columns} columns{saved_as_csv}"
        )
    })
    .collect()
}

/// Emails and calls may come from different files: calls alone would
/// make every email count of the month 0.
fn helpdesk_emails_missing(
    inputs: &Inputs,
    present: &BTreeSet<Kind>,
    month: Month,
) -> Option<String> {
    if !present.contains(&Kind::Helpdesk) {
        return None;
    }
    let (calls, emails) = inputs
        .records
        .enquiries
        .iter()
        .filter(|e| month.contains(e.date))
        .fold((0usize, 0usize), |(calls, emails), e| {
            if e.telephone {
                (calls + 1, emails)
            } else {
                (calls, emails + 1)
            }
        });
    (calls > 0 && emails == 0).then(|| {
        format!(
            "the helpdesk log has {calls} telephone {} in {} but no emails, so every email count of Table 5 for the month would be 0; the emails usually come from the helpdesk log or the mailbox's export (with the date each was received)",
            if calls == 1 { "call" } else { "calls" },
            month.long_label()
        )
    })
}

/// Every sheet of data that no kind recognises is named, so that no rows
/// leave the report without a word. One whose rows look like a kind the
/// report reads (its header comes near that kind's, or its rows are dated)
/// is an error: leaving it out could change a figure. So is one nearest to
/// a kind the report lacks altogether (its tables are missing, and this
/// sheet is most likely why). Either way the message gives both ways out:
/// the header spelling for the template, or the `[exclude]` line that
/// leaves the sheet out for good. A sheet of data like nothing the report
/// reads (a budget of cost centres and amounts) is a warning.
fn tell_unread_sheets(inputs: &Inputs, missing: &[Part], findings: &mut Findings) {
    for source in &inputs.sources {
        let Some(message) = &source.unread else {
            continue;
        };
        let advice = inputs::exclude_advice(&source.file, source.sheet.as_deref());
        let lacking = source
            .nearest
            .and_then(|kind| missing.iter().find(|part| part.kinds().contains(&kind)));
        match lacking {
            Some(part) => findings.error(
                "unread-sheet",
                source.location(),
                format!(
                    "{} cannot be made without it: {message}; {advice}",
                    part.tables()
                ),
            ),
            None if source.resembles => findings.error(
                "unread-sheet",
                source.location(),
                format!("{message}; {advice}"),
            ),
            None => findings.warning(
                "unrecognised-sheet",
                source.location(),
                format!("{message}; {advice}"),
            ),
        }
    }
}

fn nothing_recognised(dir: &Path, inputs: &Inputs) -> String {
    let mut lines = vec![format!(
        "no input the report can use was found in {}:",
        dir.display()
    )];
    for source in &inputs.sources {
        let sheet = source
            .sheet
            .as_ref()
            .map(|s| format!(" › {s}"))
            .unwrap_or_default();
        lines.push(format!("  {}{sheet}: {}", source.file, source.note));
    }
    for skipped in &inputs.skipped_files {
        lines.push(format!("  {}: skipped, {}", skipped.name, skipped.reason));
    }
    if inputs.sources.is_empty() && inputs.skipped_files.is_empty() {
        lines.push("  (the folder is empty)".to_string());
    }
    lines.join("\n")
}

/// Every output file, in memory.
/// The input folder as a relative link from the output folder, in forward
/// slashes (which Excel on Windows reads too): `../2019-03` for inputs in
/// `2019-03` and output in `out`. `None` where they share no root (two
/// drives), so no link is written rather than one that breaks.
fn input_link(input: &Path, out: &Path) -> Option<String> {
    let input = input.canonicalize().ok()?;
    // The output folder may not exist yet: its nearest existing ancestor,
    // canonical, and the rest as given.
    let mut existing = std::path::absolute(out).ok()?;
    let mut rest = Vec::new();
    while !existing.exists() {
        rest.push(existing.file_name()?.to_os_string());
        existing = existing.parent()?.to_path_buf();
    }
    let mut out = existing.canonicalize().ok()?;
    out.extend(rest.iter().rev());
    let from: Vec<_> = out.components().collect();
    let to: Vec<_> = input.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let parts: Vec<String> = std::iter::repeat_n("..".to_string(), from.len() - common)
        .chain(
            to[common..]
                .iter()
                .map(|c| c.as_os_str().to_string_lossy().to_string()),
        )
        .collect();
    Some(if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    })
}

pub fn render_all(run: &RunView) -> Result<Vec<OutputFile>> {
    let mut files = vec![OutputFile {
        path: render::workbook_name(run.report),
        bytes: render::xlsx::render(run)?,
    }];
    files.push(OutputFile {
        path: render::draft_name(run.report),
        bytes: render::docx::render(run)?,
    });
    files.extend(render::csv::render(run));
    Ok(files)
}

fn refuse_overwrite(out: &Path, plan: &BuildPlan) -> Result<()> {
    let workbook = out.join(format!("operations-report-{}.xlsx", plan.month));
    let draft = out.join(format!("operations-report-{}.docx", plan.month));
    let csv = out.join("csv");
    let held = [&workbook, &draft, &csv]
        .into_iter()
        .find(|path| path.exists());
    if !plan.force
        && let Some(held) = held
    {
        bail!(
            "{} already holds a report ({}); give --force to replace it, or choose another --out folder",
            out.display(),
            held.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_input_folder_is_linked_relative_to_the_output_folder() {
        let root = tempfile::tempdir().expect("temporary folder");
        let input = root.path().join("2019-03");
        std::fs::create_dir_all(&input).expect("input");
        let out = root.path().join("reports").join("out");
        assert_eq!(input_link(&input, &out).as_deref(), Some("../../2019-03"));
        assert_eq!(
            input_link(&input, &input.join("out")).as_deref(),
            Some("..")
        );
        assert_eq!(input_link(&input, &input).as_deref(), Some("."));
    }
}
