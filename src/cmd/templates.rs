//! `opsreport templates [OUT] [--month YYYY-MM]`: write the blank workbooks
//! for a report month, so the team starts from files the converter reads
//! and whose drop-downs only offer the report's own names, and a history
//! blank for the paper before it. Says where it wrote, and what month the
//! blanks are for when the month was not given; replaces nothing without
//! `--force`.
//!
//! Given a folder that already holds the month's own files, it looks at
//! them first: a kind of input the folder already has rows of gets no
//! blank, and the history blank asks only for the months of Tables 3, 5
//! and 6 those files cannot give (and is not written when they give all).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::Datelike;

use crate::cli::TemplatesArgs;
use crate::inputs::Kind;
use crate::inputs::records::RollingTable;
use crate::month::Month;
use crate::pipeline::{self, BuildPlan};
use crate::render::OutputFile;
use crate::render::templates::{self, Blanks};
use crate::report::Part;
use crate::report::effort::Rounding;
use crate::report::history::Provenance;
use crate::template::Template;
use blanks::{LIST_TIMESHEET, RECOMMENDED_TIMESHEET, blank_kinds};
use history::history_blank_name;

mod blanks;
mod history;

use history::HistoryNeeds;

pub fn run(args: &TemplatesArgs) -> Result<ExitCode> {
    let template = Template::load(args.template.as_deref())?;
    let (month, given) = report_month(args)?;
    if args.out.is_file() {
        bail!(
            "{} is a file; give a folder to write the blank workbooks into",
            args.out.display()
        );
    }
    let look = look(&args.out, month, args.template.as_deref())?;
    let needs = look.as_ref().map(|l| &l.needs);
    let files = templates::render(&describe(&template, month, needs))?;
    let plan = plan(args, &files, look.as_ref(), &history_blank_name(month))?;
    write(&args.out, &plan.writes)?;
    say_what_was_written(args, &plan, month, &given);
    say_what_to_type(&template, month, look.as_ref(), &plan);
    Ok(ExitCode::SUCCESS)
}

/// Every blank workbook of the report month, described for `render`.
fn describe(template: &Template, month: Month, needs: Option<&HistoryNeeds>) -> Blanks {
    Blanks {
        lists: blanks::lists(template),
        inputs: blanks::inputs(template, month),
        week_grid: blanks::week_grid(template, month),
        history: history::typed_history(template, month, needs),
    }
}

/// The report month: typed, else the folder's name, else this month.
fn report_month(args: &TemplatesArgs) -> Result<(Month, Given)> {
    Ok(match args.month.as_deref() {
        Some(text) => (
            Month::parse_iso(text).with_context(|| {
                format!("--month {text} is not a month; expected YYYY-MM, such as 2019-03")
            })?,
            Given::Typed,
        ),
        None => match folder_month(&args.out) {
            Some(month) => (month, Given::FolderName),
            None => (this_month()?, Given::Today),
        },
    })
}

/// What to do with each blank: write it, or keep what the folder has.
struct Plan<'a> {
    writes: Vec<&'a OutputFile>,
    /// The blanks the folder needs not, each with why.
    kept: Vec<String>,
    /// The blanks already in the folder as they would be written.
    unchanged: Vec<String>,
}

impl Plan<'_> {
    /// Whether the folder now offers the blank `name`.
    fn offers(&self, name: &str) -> bool {
        self.writes.iter().any(|f| f.path == name) || self.unchanged.iter().any(|f| f == name)
    }
}

/// Sort the blanks into written, kept and unchanged; an error, with
/// nothing written, when a different file of a blank's name is there
/// and `--force` was not given.
fn plan<'a>(
    args: &TemplatesArgs,
    files: &'a [OutputFile],
    look: Option<&Look>,
    history_name: &str,
) -> Result<Plan<'a>> {
    let mut plan = Plan {
        writes: Vec::new(),
        kept: Vec::new(),
        unchanged: Vec::new(),
    };
    let mut existing = Vec::new();
    for file in files {
        let path = args.out.join(&file.path);
        if let Some(why) = look.and_then(|l| l.keeps(&file.path, history_name)) {
            plan.kept.push(format!("{}: {why}", file.path));
            continue;
        }
        if path.exists() {
            if std::fs::read(&path).is_ok_and(|bytes| bytes == file.bytes) {
                plan.unchanged.push(file.path.clone());
                continue;
            }
            // A history blank for this month with nothing typed in it is
            // made again to ask only for what the folder now lacks.
            let untyped = look.is_some_and(|l| l.untyped_history.contains(&file.path));
            if !args.force && !untyped {
                existing.push(file.path.clone());
            }
        }
        plan.writes.push(file);
    }
    if !existing.is_empty() {
        bail!(
            "{} already holds {}; nothing was written. Give --force to replace them, or \
             name another folder",
            shown(&args.out),
            existing.join(", ")
        );
    }
    Ok(plan)
}

/// Write the blanks into `out`, each aside and renamed, like every output.
fn write(out: &Path, files: &[&OutputFile]) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    for file in files {
        let path = out.join(&file.path);
        let partial = out.join(format!(".{}.partial", file.path));
        std::fs::write(&partial, &file.bytes)
            .with_context(|| format!("cannot write {}", partial.display()))?;
        std::fs::rename(&partial, &path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

/// What was written, what was kept and why, for which month, and which
/// timesheet blank to use.
fn say_what_was_written(args: &TemplatesArgs, plan: &Plan, month: Month, given: &Given) {
    for file in &plan.unchanged {
        eprintln!("unchanged {}", args.out.join(file).display());
    }
    for line in &plan.kept {
        eprintln!("not written: {line}");
    }
    let full = std::path::absolute(&args.out).unwrap_or_else(|_| args.out.clone());
    let written = plan.writes.len();
    eprintln!(
        "{written} blank workbook{} for {} in {}",
        if written == 1 { "" } else { "s" },
        month.long_label(),
        full.display()
    );
    match given {
        Given::Typed => {}
        Given::FolderName => eprintln!(
            "No --month given: the folder's name says {}",
            month.long_label()
        ),
        Given::Today => eprintln!(
            "No --month given, so they are for this month, {}; give --month YYYY-MM for another \
             report month",
            month.long_label()
        ),
    }
    if plan.offers(RECOMMENDED_TIMESHEET) {
        eprintln!(
            "Timesheets: use {RECOMMENDED_TIMESHEET}, a copy for each person named for them \
             ({}), each filling in their own weeks; {LIST_TIMESHEET} is for one list of \
             everyone's time, or an export pasted from a time tracker",
            RECOMMENDED_TIMESHEET.replace(".xlsx", "-ann-lee.xlsx")
        );
    }
}

/// What the history blank asks for, or why it is not needed.
fn say_what_to_type(template: &Template, month: Month, look: Option<&Look>, plan: &Plan) {
    let history_name = history_blank_name(month);
    let paper = month.prev().long_label();
    match look {
        None => {
            eprintln!(
                "{history_name}: for a first month without last month's report, type Tables 3, \
                 5 and 6 of the {paper} paper into it and put it in the {month} folder"
            );
            eprintln!(
                "Once the month's own files are in the folder, run this again on it: it says \
                 which of those tables and months the files cannot give, so only those need typing"
            );
        }
        Some(look) if plan.offers(&history_name) => {
            eprintln!(
                "{history_name}: type from the {paper} paper only what this folder's files \
                 cannot give (its white cells):"
            );
            for line in look.needs.lines(template) {
                eprintln!("  {line}");
            }
        }
        Some(look) if !look.earlier.is_empty() => {
            let lines: Vec<String> = look
                .needs
                .lines(template)
                .into_iter()
                .filter(|line| !line.contains("nothing to type"))
                .collect();
            if !lines.is_empty() {
                eprintln!("Still not given by the folder's files or its earlier report:");
                for line in lines {
                    eprintln!("  {line}");
                }
            }
        }
        Some(_) => eprintln!(
            "{history_name} is not needed: this folder's files give every month of Tables 3, 5 \
             and 6"
        ),
    }
}

/// Where the report month came from.
enum Given {
    Typed,
    FolderName,
    Today,
}

/// What the folder already holds, read as `check` reads it.
struct Look {
    /// The files with rows of each kind of input.
    has: BTreeMap<Kind, BTreeSet<String>>,
    /// Earlier reports (or typed history blanks) with figures in them.
    earlier: Vec<String>,
    /// History blanks for this month with nothing typed in them yet.
    untyped_history: Vec<String>,
    needs: HistoryNeeds,
}

impl Look {
    /// Why the folder keeps what it has instead of this blank, if it does.
    fn keeps(&self, blank: &str, history_name: &str) -> Option<String> {
        if blank == history_name {
            if !self.earlier.is_empty() {
                return Some(format!(
                    "the folder already has {} for the earlier months",
                    self.earlier.join(", ")
                ));
            }
            let all_given = self
                .needs
                .tables
                .iter()
                .all(|(_, months)| months.as_ref().is_some_and(Vec::is_empty));
            return all_given.then(|| "not needed".to_string());
        }
        let (what, kinds) = blank_kinds(blank)?;
        let files: BTreeSet<&String> = kinds
            .iter()
            .filter_map(|kind| self.has.get(kind))
            .flatten()
            .collect();
        (!files.is_empty()).then(|| {
            let files: Vec<&str> = files.into_iter().map(String::as_str).collect();
            format!("the folder already has its {what} ({})", files.join(", "))
        })
    }
}

/// Read the folder as `check` would, leaving gaps and missing kinds
/// allowed, to learn what it already holds. `None` when it holds no rows
/// of the month's own inputs (a new or empty folder).
fn look(dir: &Path, month: Month, template: Option<&Path>) -> Result<Option<Look>> {
    let holds_files = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if !dir.is_dir() || !holds_files {
        return Ok(None);
    }
    let plan = BuildPlan {
        input: dir.to_path_buf(),
        out: None,
        month,
        template: template.map(PathBuf::from),
        rounding: Rounding::HalfUp,
        force: false,
        strict: false,
        partial: true,
        allow_gaps: true,
        history: Vec::new(),
        reference_doc: None,
    };
    let outcome = pipeline::run(&plan, &mut |_, _, _| {})?;
    let mut has: BTreeMap<Kind, BTreeSet<String>> = BTreeMap::new();
    for source in &outcome.inputs.sources {
        if let Some(kind) = source.kind
            && kind != Kind::History
            && source.rows_used > 0
        {
            has.entry(kind).or_default().insert(source.file.clone());
        }
    }
    if has.is_empty() {
        return Ok(None);
    }
    let before = |m: Option<Month>| m.is_none_or(|m| m < month);
    let reports = &outcome.inputs.records.history;
    let earlier = reports
        .iter()
        .filter(|r| before(r.month) && !r.values.is_empty())
        .map(|r| r.file.clone())
        .collect();
    let untyped_history = reports
        .iter()
        .filter(|r| r.month == Some(month.prev()) && r.values.is_empty())
        .map(|r| r.file.clone())
        .collect();
    let rolling = outcome.report.as_ref().map(|r| &r.rolling.sources);
    let tables = [
        (RollingTable::PartyStatistics, Part::Membership),
        (RollingTable::HelpdeskEmails, Part::Helpdesk),
        (RollingTable::WebsiteStatistics, Part::Website),
    ]
    .into_iter()
    .map(|(table, part)| {
        let fed = part.kinds().iter().any(|kind| has.contains_key(kind));
        let gaps = fed.then(|| {
            let months: BTreeSet<Month> = rolling
                .into_iter()
                .flatten()
                .filter(|s| s.table == table && s.provenance == Provenance::Gap)
                .map(|s| s.month)
                .filter(|m| *m < month)
                .collect();
            months.into_iter().collect()
        });
        (table, gaps)
    })
    .collect();
    Ok(Some(Look {
        has,
        earlier,
        untyped_history,
        needs: HistoryNeeds { tables },
    }))
}

/// The month a folder's name gives (`2019-10`, `October 2019`), if any.
fn folder_month(dir: &Path) -> Option<Month> {
    let name = std::path::absolute(dir)
        .ok()?
        .file_name()?
        .to_string_lossy()
        .to_string();
    Month::find_in(&name)
}

/// The folder as typed, with `./` for a relative one so it reads as a path.
fn shown(path: &Path) -> String {
    if path.is_relative() && !path.starts_with(".") {
        format!("./{}", path.display())
    } else {
        path.display().to_string()
    }
}

/// The month of today's date on this machine.
fn this_month() -> Result<Month> {
    let today = chrono::Local::now().date_naive();
    Month::new(today.year(), today.month()).context("today's date has no month")
}
