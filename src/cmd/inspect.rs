//! `opsreport inspect FILE`: print what the converter sees in one workbook,
//! so a team member can tell why a sheet was or was not recognised.

use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::InspectArgs;
use crate::inputs::inspect::{SheetView, inspect};
use crate::read::cell::Epoch;
use crate::template::Template;

pub fn run(args: &InspectArgs) -> Result<ExitCode> {
    let template = Template::load(args.template.as_deref())?;
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    match inspect(&name, &bytes, &template, args.rows) {
        Ok(sheets) => {
            println!("{name}");
            for sheet in &sheets {
                print_sheet(sheet);
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(reason) => {
            println!("{name}: {reason}");
            Ok(ExitCode::from(1))
        }
    }
}

fn print_sheet(sheet: &SheetView) {
    let title = if sheet.csv {
        "CSV file".to_string()
    } else if sheet.name.is_empty() {
        String::new()
    } else {
        format!(
            "sheet \"{}\"{}",
            sheet.name,
            if sheet.hidden { " (hidden)" } else { "" }
        )
    };
    if !title.is_empty() {
        println!("\n  {title}");
    }
    if let Some(note) = &sheet.note {
        println!("    {note}");
    }
    match (&sheet.recognised, &sheet.nearest) {
        (Some(r), _) => {
            println!(
                "    kind: {}, header on row {}",
                r.kind.label(),
                r.header_row
            );
            for (letter, header, role) in &r.columns {
                println!("      {letter:<3} {:<28} → {role}", format!("\"{header}\""));
            }
            for (letter, header) in &r.ignored {
                println!(
                    "      {letter:<3} {:<28}   (ignored)",
                    format!("\"{header}\"")
                );
            }
        }
        (None, Some((kind, row, lacks))) => {
            println!(
                "    not recognised; nearest kind: {} (header row {row}), which still lacks:",
                kind.label()
            );
            for spellings in lacks {
                let names: Vec<String> = spellings.iter().map(|s| format!("\"{s}\"")).collect();
                println!("      a column headed {}", names.join(" or "));
            }
        }
        (None, None) if sheet.note.is_none() => {
            println!("    not recognised: no header of any kind in its first 40 rows")
        }
        (None, None) => {}
    }
    if !sheet.csv && !sheet.name.is_empty() {
        println!(
            "    dates: {} date system",
            match sheet.epoch {
                Epoch::Excel1900 => "1900",
                Epoch::Mac1904 => "1904",
            }
        );
    }
    if !sheet.rows.is_empty() {
        println!("    first rows:");
        for (number, cells) in &sheet.rows {
            let shown: Vec<String> = cells
                .iter()
                .map(|(letter, value)| format!("{letter} {value}"))
                .collect();
            println!("      {number:>5}: {}", shown.join(" | "));
        }
    }
}
