//! `opsreport templates [OUT] [--month YYYY-MM]`: write the blank workbooks
//! for a report month, so the team starts from files the converter reads
//! and whose drop-downs only offer the report's own names, and a history
//! blank for the paper before it. Says where it wrote, and what month the
//! blanks are for when the month was not given; replaces nothing without
//! `--force`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::Datelike;

use crate::cli::TemplatesArgs;
use crate::month::Month;
use crate::render::templates;
use crate::template::Template;

pub fn run(args: &TemplatesArgs) -> Result<ExitCode> {
    let template = Template::load(args.template.as_deref())?;
    let (month, given) = match args.month.as_deref() {
        Some(text) => (
            Month::parse_iso(text).with_context(|| {
                format!("--month {text} is not a month; expected YYYY-MM, such as 2019-03")
            })?,
            true,
        ),
        None => (this_month()?, false),
    };
    let files = templates::render(&template, month)?;
    if args.out.is_file() {
        bail!(
            "{} is a file; give a folder to write the blank workbooks into",
            args.out.display()
        );
    }
    if !args.force {
        let existing: Vec<String> = files
            .iter()
            .filter(|f| args.out.join(&f.path).exists())
            .map(|f| f.path.clone())
            .collect();
        if !existing.is_empty() {
            bail!(
                "{} already holds {}; nothing was written. Give --force to replace them, or \
                 name another folder",
                shown(&args.out),
                existing.join(", ")
            );
        }
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    for file in &files {
        let path = args.out.join(&file.path);
        // Written aside and renamed, like every output.
        let partial = args.out.join(format!(".{}.partial", file.path));
        std::fs::write(&partial, &file.bytes)
            .with_context(|| format!("cannot write {}", partial.display()))?;
        std::fs::rename(&partial, &path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    let full = std::path::absolute(&args.out).unwrap_or_else(|_| args.out.clone());
    eprintln!(
        "{} blank workbooks for {} in {}",
        files.len(),
        month.long_label(),
        full.display()
    );
    if !given {
        eprintln!(
            "No --month given, so they are for this month, {}; give --month YYYY-MM for another \
             report month",
            month.long_label()
        );
    }
    eprintln!(
        "{}: for a first month without last month's report, type Tables 3, 5 and 6 of the \
         {} paper into it and put it in the {month} folder",
        templates::history_blank_name(month),
        month.prev().long_label()
    );
    Ok(ExitCode::SUCCESS)
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
